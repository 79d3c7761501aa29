//! The self-check: the normaliser applied to each case's recorded `expected` (turned back into
//! API-shaped data, with the recorded names as "ours") must leave it unchanged. A change means
//! our normaliser would make a correct emulator fail that case.

use serde::Serialize;
use serde_json::{json, Value};

use super::case::Case;
use super::diff::first_diff;
use super::normalize::{self, normalise, reraw, Dynamic, NormaliseError};
use super::runner::replayable;

/// One case's self-check.
#[derive(Debug, Clone, Serialize)]
pub struct Check {
    pub id: String,
    pub kind: String,
    pub idempotent: bool,
    pub replayable: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// Checks one case; `None` when the case has nothing to check.
pub fn check_case(case: &Case) -> Option<Check> {
    // The runner skips a case whose transformer the normaliser cannot reproduce, so such a case
    // is not replayed.
    let mut unsupported = false;
    let diff = match diff_case(case) {
        Ok(None) => return None,
        Ok(Some(d)) => d,
        Err(NormaliseError::Unsupported(e)) => {
            unsupported = true;
            format!("unsupported transformer: {e}")
        }
        Err(e) => format!("normaliser error: {e}"),
    };
    Some(Check {
        id: case.id.clone(),
        kind: case.kind.clone(),
        idempotent: diff.is_empty(),
        replayable: !unsupported && replayable(case).is_ok() && (case.verified() || case.is_own()),
        reason: (!diff.is_empty()).then_some(diff),
    })
}

/// `Ok(None)`: nothing to check; `Ok(Some(""))`: unchanged; `Ok(Some(diff))`: changed.
fn diff_case(case: &Case) -> Result<Option<String>, NormaliseError> {
    let Some(exp) = case.expected() else {
        return Ok(None);
    };
    let fake_sm: Vec<(Option<String>, String)> = case
        .transformers()
        .iter()
        .filter(|t| t.get("t").and_then(Value::as_str) == Some("sfn_sm_create_arn"))
        .filter_map(|t| t.get("value").and_then(Value::as_str))
        .map(|v| (Some(v.to_owned()), v.to_owned()))
        .collect();
    let mut observed: Vec<(String, Value)> = Vec::new();
    let dynamic = match case.kind.as_str() {
        "execution" => {
            if let Some(d) = exp.get("describe_execution") {
                observed.push(("describe_execution".to_owned(), d.clone()));
            }
            if let Some(key) = exp.get("history_snapshot_key").and_then(Value::as_str) {
                let events = exp.get("history").cloned().unwrap_or(Value::Null);
                observed.push((key.to_owned(), json!({ "events": events })));
            }
            if let Some(r) = exp.get("start_sync_execution_response") {
                observed.push(("start_execution_sync_response".to_owned(), r.clone()));
            }
            if exp.contains_key("cases_index") {
                let input = exp.get("recorded_input").cloned().unwrap_or(Value::Null);
                let output = exp.get("output").cloned().unwrap_or(Value::Null);
                observed.push((
                    "cases".to_owned(),
                    json!([{"input": input, "output": output}]),
                ));
            }
            if observed.is_empty() {
                return Ok(None);
            }
            let mut map_runs: Vec<String> = Vec::new();
            let events = exp.get("history").and_then(Value::as_array);
            for ev in events.into_iter().flatten() {
                for v in ev.as_object().into_iter().flat_map(|m| m.values()) {
                    if let Some(arn) = v.get("mapRunArn").and_then(Value::as_str) {
                        if !map_runs.iter().any(|a| a == arn) {
                            map_runs.push(arn.to_owned());
                        }
                    }
                }
            }
            Dynamic {
                no_request_id_rule: normalize::predates_request_id_rule(
                    case.str_field("snapshot_recorded_date"),
                ),
                account: Some("111111111111".to_owned()),
                sm_names: fake_sm,
                map_run_arns: map_runs,
                ..Dynamic::default()
            }
        }
        "definition_error" | "validate_definition" | "test_state" => {
            let Some(resp) = exp.get("response").filter(|r| r.is_object()) else {
                return Ok(None);
            };
            let key = exp
                .get("snapshot_key")
                .and_then(Value::as_str)
                .unwrap_or("response");
            observed.push((key.to_owned(), resp.clone()));
            Dynamic {
                no_request_id_rule: normalize::predates_request_id_rule(
                    case.str_field("snapshot_recorded_date"),
                ),
                account: Some("111111111111".to_owned()),
                sm_names: fake_sm,
                ..Dynamic::default()
            }
        }
        _ => return Ok(None),
    };
    let mut api_shaped: Vec<(String, Value)> = observed.clone();
    for (_, v) in api_shaped.iter_mut() {
        reraw(v);
    }
    let norm = normalise(&api_shaped, &case.transformers(), &dynamic)?;
    for (key, val) in &observed {
        let got = norm.get(key).cloned().unwrap_or(Value::Null);
        if let Some(d) = first_diff(val, &got, &format!("$.{key}")) {
            return Ok(Some(d));
        }
    }
    Ok(Some(String::new()))
}
