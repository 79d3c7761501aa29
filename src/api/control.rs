//! passo's own control endpoints under `/_passo/`, outside the AWS API: health (for container
//! health checks), reset, and the clock (read it, list pending timers, advance it).
//!
//! Everything here is JSON in and out; errors are `{"message": ...}` with HTTP 400 or 404. It
//! reads and moves the engine's clock only through the engine's public methods.

use bytes::Bytes;
use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::{json, Value};

use super::wire::Reply;
use super::Service;
use crate::store::{ExecutionFilter, ExecutionStatus};

/// The path prefix of the control endpoints.
pub const PREFIX: &str = "/_passo/";

/// Answers one control request.
pub fn handle(svc: &Service, method: &http::Method, path: &str, body: &[u8]) -> Reply {
    if let Some(rest) = path.strip_prefix(super::objects::PREFIX) {
        return super::objects::handle(svc, method.as_str(), rest, body);
    }
    let (status, body) = match (method.as_str(), path.trim_end_matches('/')) {
        ("GET", "/_passo/health") => (200, json!({"status": "ok"})),
        ("POST", "/_passo/reset") => {
            svc.reset();
            (200, json!({"status": "reset"}))
        }
        ("GET", "/_passo/clock") => (200, clock_view(svc, None)),
        ("POST", "/_passo/executions/settings") => match execution_settings(svc, body) {
            Ok(view) => (200, view),
            Err(message) => (400, json!({ "message": message })),
        },
        ("POST", "/_passo/clock/advance") => match advance(svc, body) {
            Ok(view) => (200, view),
            Err(message) => (400, json!({ "message": message })),
        },
        _ => (
            404,
            json!({"message": format!("no control endpoint {method} {path}")}),
        ),
    };
    Reply {
        status,
        content_type: "application/json",
        body: Bytes::from(body.to_string()),
        operation: None,
    }
}

fn iso(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// The engine clock and, for every running execution (or just `only`), its own clock and its
/// pending timers, earliest first.
fn clock_view(svc: &Service, only: Option<&str>) -> Value {
    let engine = svc.engine();
    let running = svc.store().list_executions(&ExecutionFilter {
        status: Some(ExecutionStatus::Running),
        ..ExecutionFilter::default()
    });
    let executions: Vec<Value> = running
        .iter()
        .filter(|r| only.is_none_or(|a| a == r.execution_arn))
        .map(|r| {
            let timers: Vec<Value> = engine
                .pending_timers(Some(&r.execution_arn))
                .into_iter()
                .map(|(_, t)| json!({"due": iso(t.due), "state": t.state_name, "kind": t.kind}))
                .collect();
            json!({
                "executionArn": r.execution_arn,
                "now": engine.execution_clock(&r.execution_arn).map(iso),
                "pendingTimers": timers,
            })
        })
        .collect();
    json!({
        "mode": engine.config().time.to_string(),
        "now": iso(engine.now()),
        "executions": executions,
    })
}

/// `POST /_passo/executions/settings` with `{"name": "...", "time": "manual", "epoch":
/// "2030-01-01T00:00:00Z", "seed": 7}` (each of the three optional): the clock mode, start and
/// seed of executions started later under that name, whatever `--time`, `--epoch` and `--seed`
/// say. Parallel tests can each pin their own executions this way.
fn execution_settings(svc: &Service, body: &[u8]) -> Result<Value, String> {
    let req: Value =
        serde_json::from_slice(body).map_err(|e| format!("the body is not JSON: {e}"))?;
    let name = req
        .get("name")
        .and_then(Value::as_str)
        .filter(|n| !n.is_empty())
        .ok_or("name (the execution name) is required")?;
    let time = match req.get("time") {
        None | Some(Value::Null) => None,
        Some(Value::String(t)) => Some(t.parse::<crate::engine::TimeMode>()?),
        Some(_) => return Err("time must be a string".to_owned()),
    };
    let epoch = match req.get("epoch") {
        None | Some(Value::Null) => None,
        Some(Value::String(e)) => Some(
            DateTime::parse_from_rfc3339(e)
                .map_err(|err| format!("epoch must be an RFC 3339 timestamp: {err}"))?
                .with_timezone(&Utc),
        ),
        Some(_) => return Err("epoch must be a string".to_owned()),
    };
    let seed = match req.get("seed") {
        None | Some(Value::Null) => None,
        Some(v) => Some(v.as_u64().ok_or("seed must be a whole number >= 0")?),
    };
    let settings = crate::engine::ExecutionSettings { time, epoch, seed };
    svc.engine().set_execution_settings(name, settings);
    Ok(json!({
        "name": name,
        "time": time.map(|t| t.to_string()),
        "epoch": epoch.map(iso),
        "seed": seed,
    }))
}

/// `POST /_passo/clock/advance` with `{"seconds": N}` or `{"to": "next"}`, optionally limited
/// to one `executionArn`. `next` moves each targeted execution to its own earliest timer.
fn advance(svc: &Service, body: &[u8]) -> Result<Value, String> {
    let req: Value = if body.is_empty() {
        json!({})
    } else {
        serde_json::from_slice(body).map_err(|e| format!("the body is not JSON: {e}"))?
    };
    let arn = match req.get("executionArn") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s.as_str()),
        Some(_) => return Err("executionArn must be a string".to_owned()),
    };
    let engine = svc.engine();
    if let Some(a) = arn {
        if engine.execution_clock(a).is_none() {
            return Err(format!("no running execution '{a}'"));
        }
    }
    match (req.get("seconds"), req.get("to").and_then(Value::as_str)) {
        (Some(secs), None) => {
            let secs = secs
                .as_f64()
                .filter(|s| s.is_finite() && *s >= 0.0)
                .ok_or("seconds must be a number >= 0")?;
            let by = chrono::Duration::milliseconds((secs * 1000.0).round() as i64);
            engine.advance(arn, by);
        }
        (None, Some("next")) => {
            // Each execution has its own clock: move each to its own next timer.
            let mut moved = 0;
            let targets: Vec<String> = match arn {
                Some(a) => vec![a.to_owned()],
                None => engine
                    .pending_timers(None)
                    .into_iter()
                    .map(|(a, _)| a)
                    .collect(),
            };
            let mut seen = std::collections::HashSet::new();
            for a in targets.iter().filter(|a| seen.insert(a.as_str())) {
                let next = engine
                    .pending_timers(Some(a))
                    .into_iter()
                    .map(|(_, t)| t.due)
                    .min();
                if let (Some(due), Some(now)) = (next, engine.execution_clock(a)) {
                    engine.advance(Some(a), (due - now).max(chrono::Duration::zero()));
                    moved += 1;
                }
            }
            if moved == 0 {
                return Err("no pending timer to advance to".to_owned());
            }
        }
        _ => return Err("give either {\"seconds\": N} or {\"to\": \"next\"}".to_owned()),
    }
    Ok(clock_view(svc, arn))
}
