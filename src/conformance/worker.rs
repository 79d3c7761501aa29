//! Plays the activity worker of a recorded execution: the recorded `service_responses` of kind
//! `activity` say, in order, whether a worker took the task (and under which name), and what it
//! answered (success, failure) or that it never answered (a timeout). Owns only that
//! translation, through the public API (GetActivityTask, SendTaskSuccess/Failure) and the
//! engine's clock control; it never touches the engine's state.

use serde_json::{json, Value};

use super::pytext::{self, DateStyle};
use crate::Emulator;

/// How long one GetActivityTask waits here (the task is normally already scheduled).
pub const POLL: std::time::Duration = std::time::Duration::from_secs(5);

/// The recorded activity answers of a case, in order.
pub fn activity_responses(responses: &[Value]) -> Vec<&Value> {
    responses
        .iter()
        .filter(|r| r.get("kind").and_then(Value::as_str) == Some("activity"))
        .collect()
}

/// The activity ARNs a definition names (as Task resources), in order of first appearance.
pub fn activity_arns(definition: &Value) -> Vec<String> {
    fn walk(v: &Value, out: &mut Vec<String>) {
        match v {
            Value::Object(m) => {
                if let Some(r) = m.get("Resource").and_then(Value::as_str) {
                    if r.contains(":activity:") && !out.iter().any(|a| a == r) {
                        out.push(r.to_owned());
                    }
                }
                m.values().for_each(|x| walk(x, out));
            }
            Value::Array(a) => a.iter().for_each(|x| walk(x, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(definition, &mut out);
    out
}

/// The JSON text a worker sent: recorded outputs that were JSON objects were parsed by the
/// normalisation, other values are still their text.
fn sent_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => pytext::dumps(other, DateStyle::Iso),
    }
}

/// Waits (a bounded while) until the execution's history holds an event of type `t`.
async fn wait_for_event(emu: &Emulator, exec: &str, t: &str) {
    for _ in 0..400 {
        let h = emu
            .call(
                "GetExecutionHistory",
                json!({"executionArn": exec, "maxResults": 1000}),
            )
            .await;
        let seen = h.ok().is_some_and(|h| {
            h.get("events")
                .and_then(Value::as_array)
                .is_some_and(|evs| evs.iter().any(|e| e.get("type") == Some(&json!(t))))
        });
        if seen {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
}

/// Plays every recorded activity answer of execution `exec` against `activity` (the one
/// activity the recordings' machines use). `Err` names what went wrong.
pub async fn play(
    emu: &Emulator,
    exec: &str,
    activity: &str,
    answers: &[&Value],
) -> Result<(), String> {
    for r in answers {
        let events: Vec<&str> = r
            .get("events")
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let token = if events.contains(&"ActivityStarted") {
            let mut poll = json!({ "activityArn": activity });
            if let Some(w) = r.get("workerName").and_then(Value::as_str) {
                poll["workerName"] = json!(w);
            }
            let task = emu
                .call("GetActivityTask", poll)
                .await
                .map_err(|e| format!("GetActivityTask: {}", e.code))?;
            let token = task
                .get("taskToken")
                .and_then(Value::as_str)
                .ok_or("GetActivityTask handed out no task")?
                .to_owned();
            Some(token)
        } else {
            None
        };
        let outcome = r.get("outcome").and_then(Value::as_str);
        let sent = match (outcome, &token) {
            (Some("succeeded"), Some(t)) => {
                let output = sent_text(r.get("output").unwrap_or(&Value::Null));
                emu.call("SendTaskSuccess", json!({"taskToken": t, "output": output}))
                    .await
            }
            (Some("failed"), Some(t)) => {
                let mut req = json!({ "taskToken": t });
                for (field, key) in [("error", "error"), ("cause", "cause")] {
                    if let Some(v) = r.get(field).filter(|v| !v.is_null()) {
                        req[key] = json!(sent_text(v));
                    }
                }
                emu.call("SendTaskFailure", req).await
            }
            (Some("timed_out"), _) => {
                // The worker (if any) never answers: once its take is in the history, move the
                // execution's clock past any Task deadline.
                if token.is_some() {
                    wait_for_event(emu, exec, "ActivityStarted").await;
                }
                emu.service()
                    .engine()
                    .advance(Some(exec), chrono::Duration::days(2));
                Ok(json!({}))
            }
            (other, _) => return Err(format!("activity outcome {other:?} not playable")),
        };
        sent.map_err(|e| format!("worker answer: {}: {}", e.code, e.message))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_activity_resources() {
        let d = json!({"States": {"A": {"Type": "Task",
            "Resource": "arn:aws:states:us-east-1:1:activity:x"},
            "B": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke"}}});
        assert_eq!(
            activity_arns(&d),
            vec!["arn:aws:states:us-east-1:1:activity:x"]
        );
        let rs = vec![json!({"kind": "activity"}), json!({"kind": "task"})];
        assert_eq!(activity_responses(&rs).len(), 1);
        assert_eq!(sent_text(&json!({"a": 1})), r#"{"a": 1}"#);
        assert_eq!(sent_text(&json!("\"x\"")), "\"x\"");
    }
}
