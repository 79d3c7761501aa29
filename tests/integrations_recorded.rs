//! Replays the recorded executions whose only Tasks are activities and `.waitForTaskToken`
//! callbacks, playing the worker's (or the callback's) part from the recorded
//! `service_responses`, and compares the outcome and the sequence of event types with AWS's.
//! Prints the pass counts; asserts the outcome of every replayed case.

mod common;

use std::time::Duration;

use common::recordings;
use passo::engine::EngineConfig;
use passo::Emulator;
use serde_json::{json, Value};

/// The recordings' account: activity ARNs in their definitions name it.
const ACCOUNT: &str = "111111111111";

fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

async fn history_types(emu: &Emulator, exec: &str) -> Vec<String> {
    let h = emu
        .call(
            "GetExecutionHistory",
            json!({"executionArn": exec, "maxResults": 1000}),
        )
        .await
        .unwrap();
    h["events"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|e| e["type"].as_str().unwrap_or_default().to_owned())
                .collect()
        })
        .unwrap_or_default()
}

/// Plays one service response; `false` when the case needs something this replay cannot do.
async fn play(emu: &Emulator, exec: &str, resp: &Value) -> bool {
    let token = if resp["kind"] == "activity" {
        let arn = resp["activity_arn"].as_str().unwrap_or_default();
        let mut input = json!({ "activityArn": arn });
        if let Some(w) = resp["workerName"].as_str() {
            input["workerName"] = json!(w);
        }
        match emu.call("GetActivityTask", input).await {
            Ok(t) => t["taskToken"].as_str().map(str::to_owned),
            Err(_) => None,
        }
    } else {
        let mut token = None;
        for _ in 0..200 {
            token = emu.integrations().waiting_tokens(exec).into_iter().next();
            if token.is_some() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        token
    };
    let Some(token) = token else {
        return false;
    };
    let sent = match resp["outcome"].as_str() {
        Some("timed_out") => {
            // A worker that took the task (ActivityStarted) and never answers: once the engine
            // wrote ActivityStarted, move the execution's clock past any Task deadline.
            if resp["kind"] == "activity" {
                for _ in 0..200 {
                    let types = history_types(emu, exec).await;
                    if types.iter().any(|t| t == "ActivityStarted") {
                        break;
                    }
                    tokio::time::sleep(Duration::from_millis(5)).await;
                }
            }
            emu.service()
                .engine()
                .advance(Some(exec), chrono::Duration::days(2));
            return true;
        }
        Some("succeeded") => {
            emu.call(
                "SendTaskSuccess",
                json!({"taskToken": token, "output": resp["output"].to_string()}),
            )
            .await
        }
        Some("failed") => {
            let mut input = json!({ "taskToken": token });
            if !resp["error"].is_null() {
                input["error"] = json!(text(&resp["error"]));
            }
            if !resp["cause"].is_null() {
                input["cause"] = json!(text(&resp["cause"]));
            }
            emu.call("SendTaskFailure", input).await
        }
        _ => return false,
    };
    sent.is_ok()
}

#[tokio::test]
async fn recorded_activities_and_callbacks_replay() {
    let Some(dir) = recordings() else {
        println!("skipped: no shared/conformance/aws-recordings/cases folder found");
        return;
    };
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    let (mut ran, mut outcome_ok, mut events_ok) = (0, 0, 0);
    let mut report = Vec::new();
    for path in paths {
        let raw = std::fs::read_to_string(&path).unwrap();
        let case: Value = serde_json::from_str(&raw).unwrap();
        if case["kind"] != "execution"
            || case[concat!("verified_against", "_aws")] != true
            || case["start_api"] != "StartExecution"
            || case["state_machine_type"] != "STANDARD"
        {
            continue;
        }
        let Some(responses) = case["service_responses"].as_array() else {
            continue;
        };
        let callback = |r: &Value| {
            r["kind"] == "activity"
                || r["resource"]
                    .as_str()
                    .is_some_and(|s| s.ends_with(".waitForTaskToken"))
        };
        let playable = |r: &Value| {
            callback(r)
                && matches!(
                    r["outcome"].as_str(),
                    Some("succeeded") | Some("failed") | Some("timed_out")
                )
        };
        if responses.is_empty() || !responses.iter().all(playable) {
            continue;
        }
        let Some(definition) = case["definition"].as_object() else {
            continue;
        };
        let definition = Value::Object(definition.clone()).to_string();
        let emu = Emulator::new(EngineConfig {
            seed: 7,
            account: ACCOUNT.to_owned(),
            ..EngineConfig::default()
        });
        // Activities the definition names must exist for GetActivityTask.
        let mut activity_arns = Vec::new();
        for piece in definition.split('"') {
            if piece.contains(":activity:") && !activity_arns.contains(&piece.to_owned()) {
                activity_arns.push(piece.to_owned());
            }
        }
        for arn in &activity_arns {
            let name = arn.rsplit(':').next().unwrap_or_default();
            let _ = emu.call("CreateActivity", json!({"name": name})).await;
        }
        let sm = emu
            .call(
                "CreateStateMachine",
                json!({"name": "replay", "definition": definition,
                       "roleArn": format!("arn:aws:iam::{ACCOUNT}:role/replay")}),
            )
            .await;
        let Ok(sm) = sm else {
            continue;
        };
        let input = case["input_raw"].as_str().unwrap_or("{}");
        let exec = emu
            .call(
                "StartExecution",
                json!({"stateMachineArn": sm["stateMachineArn"], "input": input}),
            )
            .await
            .unwrap();
        let exec = exec["executionArn"].as_str().unwrap_or_default().to_owned();
        let mut played = true;
        for resp in responses {
            let mut resp = resp.clone();
            // The recordings name the activity by placeholder; their machines use one activity.
            if resp["kind"] == "activity" {
                resp["activity_arn"] = json!(activity_arns.first());
            }
            if !play(&emu, &exec, &resp).await {
                played = false;
                break;
            }
        }
        let name = path
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        if !played {
            report.push(format!("  not replayable here: {name}"));
            continue;
        }
        let done = emu.service().engine().wait(&exec).await.unwrap();
        ran += 1;
        let want = case["expected"]["status"].as_str().unwrap_or_default();
        let got = format!("{:?}", done.status).to_uppercase();
        let want_types: Vec<String> = case["expected"]["history"]
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|e| e["type"].as_str().unwrap_or_default().to_owned())
                    .collect()
            })
            .unwrap_or_default();
        let got_types = history_types(&emu, &exec).await;
        if got == want {
            outcome_ok += 1;
        } else {
            report.push(format!("  outcome {got} (want {want}): {name}"));
        }
        if got_types == want_types {
            events_ok += 1;
        } else {
            report.push(format!(
                "  events differ: {name}\n    got  {got_types:?}\n    want {want_types:?}"
            ));
        }
    }
    println!(
        "activities/callbacks replayed: outcome {outcome_ok}/{ran}, event types {events_ok}/{ran}"
    );
    for r in &report {
        println!("{r}");
    }
    assert!(
        ran > 0,
        "the recordings carry activity and callback executions"
    );
    assert_eq!(outcome_ok, ran, "outcomes differ");
}

/// The recorded executions with service calls, replayed on a MockConfigFile generated from
/// their `service_responses`: prints how many end as AWS's did (status and output) and how
/// many have AWS's sequence of event types.
#[tokio::test]
async fn recorded_service_calls_replay_on_generated_mocks() {
    let Some(dir) = recordings() else {
        println!("skipped: no shared/conformance/aws-recordings/cases folder found");
        return;
    };
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    let (mut ran, mut status_ok, mut outcome_ok, mut events_ok, mut unmockable) = (0, 0, 0, 0, 0);
    let mut report = Vec::new();
    for path in paths {
        let raw = std::fs::read_to_string(&path).unwrap();
        let case: Value = serde_json::from_str(&raw).unwrap();
        if case["kind"] != "execution"
            || case[concat!("verified_against", "_aws")] != true
            || case["start_api"] != "StartExecution"
            || case["state_machine_type"] != "STANDARD"
        {
            continue;
        }
        let Some(responses) = case["service_responses"].as_array() else {
            continue;
        };
        let Some(definition) = case["definition"].as_object() else {
            continue;
        };
        if responses.is_empty() {
            continue;
        }
        let Ok(config) = passo::conformance::mocks::mock_config_from(responses, "replay") else {
            unmockable += 1;
            continue;
        };
        let emu = Emulator::new(EngineConfig {
            seed: 7,
            account: ACCOUNT.to_owned(),
            ..EngineConfig::default()
        });
        let Ok(config) = passo::integrations::MockConfig::from_value(&config) else {
            unmockable += 1;
            continue;
        };
        emu.integrations().set_mock_config(config);
        let sm = emu
            .call(
                "CreateStateMachine",
                json!({"name": "replay", "definition": Value::Object(definition.clone()).to_string(),
                       "roleArn": format!("arn:aws:iam::{ACCOUNT}:role/replay")}),
            )
            .await;
        let Ok(sm) = sm else {
            continue;
        };
        let target = format!(
            "{}#{}",
            sm["stateMachineArn"].as_str().unwrap_or_default(),
            passo::conformance::mocks::TEST_CASE
        );
        let input = case["input_raw"].as_str().unwrap_or("{}");
        let Ok(exec) = emu
            .call(
                "StartExecution",
                json!({"stateMachineArn": target, "input": input}),
            )
            .await
        else {
            continue;
        };
        let exec = exec["executionArn"].as_str().unwrap_or_default().to_owned();
        let done = tokio::time::timeout(Duration::from_secs(5), emu.service().engine().wait(&exec))
            .await
            .ok()
            .flatten();
        let name = path
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        ran += 1;
        let Some(done) = done else {
            report.push(format!("  did not end: {name}"));
            continue;
        };
        let want = &case["expected"];
        let got_status = format!("{:?}", done.status).to_uppercase();
        let same_output = match (&want["output"], done.output.as_deref()) {
            (Value::Null, _) => true,
            (w, Some(g)) => serde_json::from_str::<Value>(g).ok().as_ref() == Some(w),
            (_, None) => false,
        };
        let same_status = want["status"].as_str() == Some(got_status.as_str());
        if same_status {
            status_ok += 1;
        }
        // Outputs are compared raw: recorded outputs carry the normaliser's placeholders
        // (`<lambda_function_name>`, `<uuid:1>`), so some differ only by those.
        if same_status && same_output {
            outcome_ok += 1;
        } else {
            report.push(format!(
                "  outcome {got_status} {:?} {:?} (want {}): {name}",
                done.error, done.cause, want["status"]
            ));
        }
        let want_types: Vec<String> = want["history"]
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|e| e["type"].as_str().unwrap_or_default().to_owned())
                    .collect()
            })
            .unwrap_or_default();
        if history_types(&emu, &exec).await == want_types {
            events_ok += 1;
        } else {
            report.push(format!("  event types differ: {name}"));
        }
    }
    println!(
        "service calls on generated mocks: status {status_ok}/{ran}, status and raw output {outcome_ok}/{ran}, event types {events_ok}/{ran} ({unmockable} cases have answers a MockConfigFile cannot express)"
    );
    for r in &report {
        println!("{r}");
    }
    assert!(
        ran > 0,
        "the recordings carry executions with service calls"
    );
    assert_eq!(status_ok, ran, "statuses differ");
}
