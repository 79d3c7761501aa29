//! Replays the recorded real-AWS API sequences (`kind: api_sequence`, verified against AWS)
//! in-process, step by step, and checks every recorded AWS error byte for byte (code and
//! message, after the recordings' own normalisation) and that every step AWS answered without
//! an error succeeds here too. Client-side (botocore) parameter errors are not sent.
//!
//! Reads the recordings from `shared/conformance/aws-recordings`; skips when absent.

mod common;

use passo::engine::EngineConfig;
use passo::Emulator;
use serde_json::Value;

/// Operations that run without the engine.
const CONTROL_PLANE: &[&str] = &[
    "create_state_machine",
    "describe_state_machine",
    "update_state_machine",
    "delete_state_machine",
    "list_state_machines",
    "create_activity",
    "describe_activity",
    "delete_activity",
    "list_activities",
    "get_activity_task",
    "tag_resource",
    "untag_resource",
    "list_tags_for_resource",
    "publish_state_machine_version",
    "list_state_machine_versions",
    "delete_state_machine_version",
    "create_state_machine_alias",
    "describe_state_machine_alias",
    "update_state_machine_alias",
    "delete_state_machine_alias",
    "list_state_machine_aliases",
    "describe_execution",
    "get_execution_history",
    "list_executions",
];

/// Operations that need the engine.
const EXECUTIONS: &[&str] = &[
    "start_execution",
    "stop_execution",
    "describe_state_machine_for_execution",
];

fn pascal(op: &str) -> String {
    op.split('_')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                .unwrap_or_default()
        })
        .collect()
}

/// The recorded AWS error of a step: `(code, message)`, `None` for a success, or `Err(())` for
/// a client-side error that never reached AWS.
fn expected_error(step: &Value) -> Result<Option<(String, String)>, ()> {
    let Some(expected) = step["expected"].as_object() else {
        return Ok(None);
    };
    for v in expected.values() {
        if let Some(e) = v.get("Error") {
            let code = e["Code"].as_str().unwrap_or_default().to_owned();
            let msg = e["Message"].as_str().unwrap_or_default().to_owned();
            return Ok(Some((code, msg)));
        }
        let text = v
            .get("exception_value")
            .and_then(Value::as_str)
            .or_else(|| v.as_str());
        if let Some(text) = text {
            if text.starts_with("Parameter validation failed") {
                return Err(());
            }
            if let Some(rest) = text.strip_prefix("An error occurred (") {
                let (code, tail) = rest.split_once(')').unwrap_or((rest, ""));
                let msg = tail.split_once("operation: ").map(|x| x.1).unwrap_or("");
                return Ok(Some((code.to_owned(), msg.to_owned())));
            }
        }
    }
    Ok(None)
}

/// Our message, normalised as the recording's was: the case's literal bindings and regex
/// transformers, then the global region and partition rules.
fn normalise(case: &Value, msg: &str) -> String {
    let mut out = msg.to_owned();
    let mut literals: Vec<(String, String)> = Vec::new();
    for b in case["bindings"].as_array().into_iter().flatten() {
        if let (Some(v), Some(p)) = (b["value"].as_str(), b["placeholder"].as_str()) {
            literals.push((v.to_owned(), p.to_owned()));
        }
    }
    for t in case["transformers"].as_array().into_iter().flatten() {
        if let (Some(v), Some(r)) = (t["value"].as_str(), t["replacement"].as_str()) {
            literals.push((v.to_owned(), r.to_owned()));
        }
    }
    literals.sort_by_key(|(v, _)| std::cmp::Reverse(v.len()));
    for (v, p) in &literals {
        out = out.replace(v.as_str(), p);
    }
    for t in case["transformers"].as_array().into_iter().flatten() {
        if t["t"] == "regex" {
            if let (Some(re), Some(r)) = (t["regex"].as_str(), t["replacement"].as_str()) {
                if let Ok(re) = regex_lite::Regex::new(re) {
                    out = re.replace_all(&out, regex_lite::NoExpand(r)).into_owned();
                }
            }
        }
    }
    out.replace("arn:aws:", "arn:<partition>:")
        .replace(":us-east-1:", ":<region>:")
}

/// UUIDs are numbered by discovery order across the whole recorded snapshot (`<uuid:2>`),
/// which a per-step comparison cannot reproduce: compare them as `<uuid>` on both sides.
fn without_uuid_numbers(text: &str) -> String {
    let numbered = regex_lite::Regex::new(r"<uuid:\d+>").expect("pattern");
    let raw = regex_lite::Regex::new(
        r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}",
    )
    .expect("pattern");
    let once = numbered.replace_all(text, "<uuid>");
    raw.replace_all(&once, "<uuid>").into_owned()
}

/// Whether an ARN ends with a harness-made UUID such as `00000003-0000-4000-8000-000000000003`
/// (first and last groups carry the same number; a deliberately wrong ARN does not).
fn harness_uuid(arn: &str) -> bool {
    let Some(tail) = arn.rsplit(':').next() else {
        return false;
    };
    let groups: Vec<&str> = tail.split('-').collect();
    match groups.as_slice() {
        [first, "0000", "4000", "8000", last] if first.len() == 8 && last.len() == 12 => {
            first.trim_start_matches('0') == last.trim_start_matches('0')
        }
        _ => false,
    }
}

struct Outcome {
    cases: usize,
    errors_checked: usize,
    failures: Vec<String>,
}

async fn replay(allowed: &[&str], must_use: Option<&[&str]>) -> Option<Outcome> {
    let dir = common::recordings()?;
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .ok()?
        .flatten()
        .map(|e| e.path())
        .collect();
    paths.sort();
    let mut outcome = Outcome {
        cases: 0,
        errors_checked: 0,
        failures: Vec::new(),
    };
    for path in paths {
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        let Ok(case) = serde_json::from_slice::<Value>(&bytes) else {
            continue;
        };
        if case["kind"] != "api_sequence" || case[concat!("verified_against", "_aws")] != true {
            continue;
        }
        let steps = case["steps"].as_array().cloned().unwrap_or_default();
        let ops: Vec<&str> = steps.iter().filter_map(|s| s["op"].as_str()).collect();
        if !ops.iter().all(|op| allowed.contains(op)) {
            continue;
        }
        // Machines deployed by CloudFormation fixtures have no ARN to replay.
        if steps
            .iter()
            .any(|s| s["params"].to_string().contains("fixture:"))
        {
            continue;
        }
        if let Some(required) = must_use {
            if !ops.iter().any(|op| required.contains(op)) {
                continue;
            }
        }
        outcome.cases += 1;
        let id = case["id"].as_str().unwrap_or("?").to_owned();
        let emulator = Emulator::new(EngineConfig {
            account: "111111111111".to_owned(),
            ..EngineConfig::default()
        });
        let mut last_token: Option<Value> = None;
        let mut started: Vec<String> = Vec::new();
        let mut fake_executions: Vec<String> = Vec::new();
        for (i, step) in steps.iter().enumerate() {
            let Ok(expected) = expected_error(step) else {
                continue;
            };
            let op = pascal(step["op"].as_str().unwrap_or_default());
            let mut params = step["params"].clone();
            // The harness sent the token of the previous page; the recording keeps a stand-in.
            let fake_token = params["nextToken"]
                .as_str()
                .is_some_and(|t| t.starts_with("fake-"));
            if let (true, Some(token)) = (fake_token, &last_token) {
                params["nextToken"] = token.clone();
            }
            // The harness named executions by UUIDs of its own (`00000003-...-000000000003`):
            // map the n-th such ARN to the n-th execution started here.
            if let Some(arn) = params["executionArn"].as_str().map(str::to_owned) {
                if harness_uuid(&arn) {
                    if !fake_executions.contains(&arn) {
                        fake_executions.push(arn.clone());
                    }
                    let n = fake_executions.iter().position(|a| *a == arn).unwrap_or(0);
                    if let Some(ours) = started.get(n) {
                        params["executionArn"] = Value::from(ours.clone());
                    }
                }
            }
            let got = emulator.call(&op, params).await;
            if let Ok(out) = &got {
                last_token = out.get("nextToken").cloned();
                if let Some(arn) = out.get("executionArn").and_then(Value::as_str) {
                    if op == "StartExecution" && !started.iter().any(|a| a == arn) {
                        started.push(arn.to_owned());
                    }
                }
            }
            match (expected, got) {
                (Some((code, msg)), Err(e)) => {
                    outcome.errors_checked += 1;
                    let mut ours = normalise(&case, &e.message);
                    let mut msg = msg;
                    if msg.contains("<uuid:") {
                        ours = without_uuid_numbers(&ours);
                        msg = without_uuid_numbers(&msg);
                    }
                    if e.code != code || ours != msg {
                        outcome.failures.push(format!(
                            "{id} step {i} {op}: expected {code}: {msg}\n      got {}: {ours}",
                            e.code
                        ));
                    }
                }
                (Some((code, _)), Ok(_)) => outcome.failures.push(format!(
                    "{id} step {i} {op}: expected {code}, got a success"
                )),
                (None, Err(e)) if step["expect_error"] != true => outcome
                    .failures
                    .push(format!("{id} step {i} {op}: AWS succeeded, got {e}")),
                _ => {}
            }
        }
    }
    Some(outcome)
}

fn report(outcome: &Outcome) {
    println!(
        "{} recorded sequences replayed, {} recorded AWS errors checked, {} mismatches",
        outcome.cases,
        outcome.errors_checked,
        outcome.failures.len()
    );
    for f in &outcome.failures {
        println!("  {f}");
    }
}

#[tokio::test]
async fn recorded_control_plane_sequences() {
    let Some(outcome) = replay(CONTROL_PLANE, None).await else {
        println!("skipped: shared/conformance/aws-recordings not found");
        return;
    };
    report(&outcome);
    assert!(
        outcome.cases >= 80,
        "only {} sequences found",
        outcome.cases
    );
    assert!(
        outcome.failures.is_empty(),
        "{} mismatches",
        outcome.failures.len()
    );
}

#[tokio::test]
async fn recorded_sequences_with_executions() {
    let all: Vec<&str> = CONTROL_PLANE.iter().chain(EXECUTIONS).copied().collect();
    let Some(outcome) = replay(&all, Some(EXECUTIONS)).await else {
        println!("skipped: shared/conformance/aws-recordings not found");
        return;
    };
    report(&outcome);
    assert!(
        outcome.failures.is_empty(),
        "{} mismatches",
        outcome.failures.len()
    );
}
