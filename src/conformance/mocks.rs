//! Builds Step Functions Local MockConfigFiles from a recorded case's `service_responses`, so
//! recorded executions that call services can be replayed on mocks (by the conformance runner
//! and by `tests/integrations_recorded.rs`). Owns only the translation recording -> mock file;
//! it must not run executions nor touch the integrations module's state.

use serde_json::{json, Map, Value};
use std::collections::HashMap;

use super::pytext::{self, DateStyle};

/// The test case name the generated MockConfigFiles define.
pub const TEST_CASE: &str = "Replay";

/// An error or cause as the mock file wants it: strings stay, anything else is its JSON text.
/// `python` selects Python's `json.dumps` spacing: a legacy Lambda ARN Task hands on the
/// function's error payload verbatim, which the (Python) functions of the recordings wrote
/// that way, while `lambda:invoke` re-serialises it compactly (as every recording shows).
fn text(v: &Value, python: bool) -> String {
    match v {
        Value::String(s) => s.clone(),
        other if python => pytext::dumps(other, DateStyle::Iso),
        other => other.to_string(),
    }
}

/// A recorded success output as the mock's `Return`: scalar answers (Lambda returning `0`,
/// `true`, `"Hello"`, `[]`) were recorded as their JSON text, so text that parses is the value.
fn returned(v: Option<&Value>) -> Value {
    match v {
        Some(Value::String(s)) => serde_json::from_str(s).unwrap_or_else(|_| json!(s)),
        Some(other) => other.clone(),
        None => Value::Null,
    }
}

/// A MockConfigFile whose machine `machine` has one test case, [`TEST_CASE`], answering every
/// recorded Task of the case in order (per state, as Step Functions Local counts invocations).
/// `Err` names why a recorded answer has no MockConfigFile form (an activity, a callback, a
/// timeout): such cases need a worker or the clock, not a mock file.
pub fn mock_config_from(responses: &[Value], machine: &str) -> Result<Value, String> {
    if responses.is_empty() {
        return Err("needs service mocks (no service_responses recorded)".to_owned());
    }
    let mut states = Map::new();
    let mut mocked = Map::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for r in responses {
        if r.get("kind").and_then(Value::as_str) == Some("activity") {
            return Err(
                "needs an activity worker (a mock file cannot answer activities)".to_owned(),
            );
        }
        let resource = r.get("resource").and_then(Value::as_str).unwrap_or("");
        if resource.contains(".waitForTaskToken") {
            return Err("needs a callback (.waitForTaskToken) answer, not a mock file".to_owned());
        }
        let legacy_lambda = r.get("kind").and_then(Value::as_str) == Some("lambda_legacy");
        let Some(state) = r.get("state").and_then(Value::as_str) else {
            return Err("service response names no state".to_owned());
        };
        let answer = match r.get("outcome").and_then(Value::as_str) {
            Some("succeeded") => {
                json!({ "Return": returned(r.get("output")) })
            }
            Some("failed") => {
                let error = r.get("error").unwrap_or(&Value::Null);
                let mut t = json!({ "Error": text(error, legacy_lambda) });
                if let Some(c) = r.get("cause").filter(|c| !c.is_null()) {
                    t["Cause"] = json!(text(c, legacy_lambda));
                }
                json!({ "Throw": t })
            }
            Some("timed_out") => {
                return Err("needs a Task timeout (a mock file cannot express one)".to_owned())
            }
            other => return Err(format!("service response outcome {other:?} not mockable")),
        };
        let name = format!("R_{state}");
        states.insert(state.to_owned(), json!(name));
        let n = seen.entry(state.to_owned()).or_insert(0);
        let entry = mocked.entry(name).or_insert_with(|| json!({}));
        entry[n.to_string()] = answer;
        *n += 1;
    }
    let mut machines = Map::new();
    machines.insert(
        machine.to_owned(),
        json!({"TestCases": { TEST_CASE: Value::Object(states) }}),
    );
    Ok(json!({
        "StateMachines": Value::Object(machines),
        "MockedResponses": Value::Object(mocked),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_invocations_per_state() {
        let rs = vec![
            json!({"state": "A", "outcome": "failed", "error": "E", "cause": "c"}),
            json!({"state": "A", "outcome": "succeeded", "output": {"x": 1}}),
        ];
        let m = mock_config_from(&rs, "sm").unwrap_or_default();
        assert_eq!(m["StateMachines"]["sm"]["TestCases"][TEST_CASE]["A"], "R_A");
        assert_eq!(m["MockedResponses"]["R_A"]["0"]["Throw"]["Error"], "E");
        assert_eq!(m["MockedResponses"]["R_A"]["1"]["Return"]["x"], 1);
    }

    #[test]
    fn legacy_lambda_causes_keep_the_functions_spacing() {
        let cause = json!({"errorMessage": "m", "errorType": "E"});
        let legacy = json!({"kind": "lambda_legacy", "state": "A", "outcome": "failed",
                            "error": "E", "cause": cause});
        let m = mock_config_from(&[legacy], "sm").unwrap_or_default();
        let got = &m["MockedResponses"]["R_A"]["0"]["Throw"]["Cause"];
        assert_eq!(got, r#"{"errorMessage": "m", "errorType": "E"}"#);
        let invoke = json!({"kind": "task", "state": "A", "outcome": "failed",
                            "error": "E", "cause": cause});
        let m = mock_config_from(&[invoke], "sm").unwrap_or_default();
        let got = &m["MockedResponses"]["R_A"]["0"]["Throw"]["Cause"];
        assert_eq!(got, r#"{"errorMessage":"m","errorType":"E"}"#);
    }

    #[test]
    fn callbacks_and_timeouts_are_not_mockable() {
        let cb = json!({"state": "A", "resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken", "outcome": "succeeded"});
        assert!(mock_config_from(&[cb], "sm").is_err());
        let to = json!({"state": "A", "outcome": "timed_out"});
        assert!(mock_config_from(&[to], "sm").is_err());
        assert!(mock_config_from(&[], "sm").is_err());
    }
}
