//! passo's own control endpoints under `/_passo/`, outside the AWS API: health (for container
//! health checks), reset, the clock (read it, list pending timers, advance it), the execution
//! logs (`GET /_passo/logs`, see [`crate::logs::query`]), the graph of a state machine or an
//! execution (for the web console), and passo mock sets (`/_passo/mocks`: register, list,
//! remove; scoped per execution name or test case).
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
/// `GET /_passo/graph?stateMachineArn=...` or `?executionArn=...`.
pub const GRAPH: &str = "/_passo/graph";

/// Answers one control request.
pub fn handle(svc: &Service, method: &http::Method, path: &str, body: &[u8]) -> Reply {
    let (path, query) = path.split_once('?').unwrap_or((path, ""));
    if let Some(rest) = path.strip_prefix(super::objects::PREFIX) {
        return super::objects::handle(svc, method.as_str(), rest, body);
    }
    let (status, body) = match (method.as_str(), path.trim_end_matches('/')) {
        ("GET", "/_passo/health") => (200, json!({"status": "ok"})),
        ("POST", "/_passo/reset") => {
            svc.reset();
            svc.integrations().clear_registered_mocks();
            (200, json!({"status": "reset"}))
        }
        ("GET", "/_passo/clock") => (200, clock_view(svc, None)),
        ("GET", "/_passo/logs") => (200, crate::logs::query::answer(svc.engine().logs(), query)),
        (m @ ("POST" | "DELETE"), "/_passo/logs/groups") => {
            crate::logs::groups::change(svc.engine().logs(), m, query)
        }
        ("POST", "/_passo/executions/settings") => match execution_settings(svc, body) {
            Ok(view) => (200, view),
            Err(message) => (400, json!({ "message": message })),
        },
        ("GET", "/_passo/mocks") => (200, json!({ "MockSets": svc.integrations().list_mocks() })),
        ("POST", "/_passo/mocks") => match register_mocks(svc, body) {
            Ok(view) => (200, view),
            Err(message) => (400, json!({ "message": message })),
        },
        ("DELETE", "/_passo/mocks") => (
            200,
            json!({ "Removed": svc.integrations().remove_mocks(None) }),
        ),
        ("DELETE", p) if p.starts_with("/_passo/mocks/") => {
            match p["/_passo/mocks/".len()..].parse::<u64>() {
                Ok(id) => match svc.integrations().remove_mocks(Some(id)) {
                    0 => (404, json!({"message": format!("no mock set {id}")})),
                    n => (200, json!({ "Removed": n })),
                },
                Err(_) => (400, json!({"message": "the mock set id must be a number"})),
            }
        }
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

/// `GET /_passo/graph?stateMachineArn=ARN` (a state machine or version) or
/// `?executionArn=ARN`, with `format=json` (default: the SVG, its layout, each state's pointer
/// and definition, and for an execution what happened in each state), `svg`, `mermaid` or
/// `dot`. Reads only through the public operations; AWS errors come back as AWS errors.
pub async fn graph(svc: &Service, query: &str) -> Reply {
    match graph_view(svc, query).await {
        Ok((content_type, body)) => Reply {
            status: 200,
            content_type,
            body: Bytes::from(body),
            operation: None,
        },
        Err(e) => Reply {
            status: e.status,
            content_type: super::wire::CONTENT_TYPE,
            body: Bytes::from(e.body().to_string()),
            operation: None,
        },
    }
}

async fn graph_view(svc: &Service, query: &str) -> Result<(&'static str, String), super::ApiError> {
    use crate::graph::{layout, overlay, svg, Format, Graph};
    let param = |key: &str| {
        query.split('&').find_map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (k == key).then(|| percent_decode(v))
        })
    };
    let (definition, history) = if let Some(arn) = param("executionArn") {
        let described = svc
            .call(
                "DescribeStateMachineForExecution",
                json!({ "executionArn": arn }),
            )
            .await?;
        let mut events = Vec::new();
        let mut token: Option<String> = None;
        loop {
            let mut req = json!({"executionArn": arn, "maxResults": 1000});
            if let Some(t) = &token {
                req["nextToken"] = Value::String(t.clone());
            }
            let page = svc.call("GetExecutionHistory", req).await?;
            if let Some(list) = page.get("events").and_then(Value::as_array) {
                events.extend(list.iter().cloned());
            }
            token = page
                .get("nextToken")
                .and_then(Value::as_str)
                .map(str::to_owned);
            if token.is_none() {
                break;
            }
        }
        (described["definition"].clone(), Some(Value::Array(events)))
    } else if let Some(arn) = param("stateMachineArn") {
        let described = svc
            .call("DescribeStateMachine", json!({ "stateMachineArn": arn }))
            .await?;
        (described["definition"].clone(), None)
    } else {
        return Err(super::ApiError::new(
            "ValidationException",
            "give stateMachineArn or executionArn",
        ));
    };
    let text = definition.as_str().unwrap_or_default();
    let graph = Graph::from_definition(text).map_err(super::ApiError::from)?;
    let overlay = history.as_ref().map(overlay::from_history);
    let format = match param("format").as_deref() {
        None | Some("json") => None,
        Some("svg") => Some(Format::Svg),
        Some("mermaid") => Some(Format::Mermaid),
        Some("dot") => Some(Format::Dot),
        Some(other) => {
            return Err(super::ApiError::new(
                "ValidationException",
                format!("unknown format '{other}' (json, svg, mermaid or dot)"),
            ))
        }
    };
    if let Some(f) = format {
        let content_type = match f {
            Format::Svg => "image/svg+xml",
            _ => "text/plain; charset=utf-8",
        };
        return Ok((
            content_type,
            crate::graph::render(&graph, f, overlay.as_ref()),
        ));
    }
    let placed = layout::layout(&graph);
    let nodes: Vec<Value> = graph
        .nodes()
        .into_iter()
        .filter(|n| !n.is_marker())
        .map(|n| {
            json!({
                "id": n.id,
                "name": n.name,
                "type": n.type_name(),
                "pointer": n.pointer,
                "definition": n.definition,
            })
        })
        .collect();
    let execution = overlay.as_ref().map(|o| {
        json!({
            "status": o.execution_status,
            "transitions": o.transitions,
            "estimatedCostUsd": o.standard_cost_usd(),
            "states": o.states,
        })
    });
    let body = json!({
        "svg": svg::render(&graph, &placed, overlay.as_ref()),
        "layout": placed,
        "states": nodes,
        "execution": execution,
    });
    Ok(("application/json", body.to_string()))
}

/// Decodes `%XX` escapes and `+` (query strings from browsers and `curl`).
fn percent_decode(s: &str) -> String {
    fn hex(b: u8) -> Option<u8> {
        (b as char).to_digit(16).map(|d| d as u8)
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let escaped = (b == b'%')
            .then(|| Some(hex(*bytes.get(i + 1)?)? * 16 + hex(*bytes.get(i + 2)?)?))
            .flatten();
        match (escaped, b) {
            (Some(v), _) => {
                out.push(v);
                i += 3;
                continue;
            }
            (None, b'+') => out.push(b' '),
            (None, b) => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `POST /_passo/mocks` with `{"Scope": {"ExecutionName": "n"} | {"TestCase": "c"} | {},
/// "Mocks": [...]}` (the format of `mocks/README.md`): registers the set, newest first.
fn register_mocks(svc: &Service, body: &[u8]) -> Result<Value, String> {
    use crate::integrations::MockScope;
    let req: Value =
        serde_json::from_slice(body).map_err(|e| format!("the body is not JSON: {e}"))?;
    let scope = match req.get("Scope") {
        None | Some(Value::Null) => MockScope::All,
        Some(Value::Object(o)) => match (o.get("ExecutionName"), o.get("TestCase")) {
            (None, None) => MockScope::All,
            (Some(Value::String(n)), None) if !n.is_empty() => MockScope::ExecutionName(n.clone()),
            (None, Some(Value::String(c))) if !c.is_empty() => MockScope::TestCase(c.clone()),
            _ => {
                return Err(
                    "Scope takes one of ExecutionName or TestCase (a non-empty string)".to_owned(),
                )
            }
        },
        Some(_) => return Err("Scope must be an object".to_owned()),
    };
    let id = svc
        .integrations()
        .register_mocks(scope, &req)
        .map_err(|e| e.to_string())?;
    Ok(json!({ "Id": id }))
}
