//! TestState through the real Rust SDK against a started server: every status (SUCCEEDED,
//! FAILED, RETRIABLE, CAUGHT_ERROR), every inspection level, and AWS's validation errors; plus a
//! replay of the recorded JSONPath inspection cases (read from the shared recordings, skipped
//! when they are absent).

mod common;

use aws_sdk_sfn::types::{
    InspectionLevel, MockErrorOutput, MockInput, TestExecutionStatus, TestStateConfiguration,
};
use serde_json::{json, Value};

const PASS_IO: &str = r#"{"Type":"Pass","InputPath":"$.in","Parameters":{"v.$":"$.x"},"ResultPath":"$.out","Next":"After"}"#;
const TASK: &str = r#"{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Parameters":{"FunctionName":"f","Payload.$":"$"},"Retry":[{"ErrorEquals":["Flaky"],"IntervalSeconds":2,"MaxAttempts":2,"BackoffRate":3}],"Catch":[{"ErrorEquals":["States.ALL"],"ResultPath":"$.err","Next":"Handle"}],"End":true}"#;

fn parse(text: Option<&str>) -> Value {
    text.and_then(|t| serde_json::from_str(t).ok())
        .unwrap_or(Value::Null)
}

#[tokio::test]
async fn pass_state_at_every_inspection_level() {
    let server = common::start().await;
    let client = common::client(&server);
    for level in [
        InspectionLevel::Info,
        InspectionLevel::Debug,
        InspectionLevel::Trace,
    ] {
        let out = client
            .test_state()
            .definition(PASS_IO)
            .input(r#"{"in":{"x":1}}"#)
            .inspection_level(level.clone())
            .send()
            .await
            .expect("test state");
        assert_eq!(out.status(), Some(&TestExecutionStatus::Succeeded));
        assert_eq!(out.next_state(), Some("After"));
        assert_eq!(
            parse(out.output()),
            json!({"in": {"x": 1}, "out": {"v": 1}})
        );
        match level {
            InspectionLevel::Info => assert!(out.inspection_data().is_none()),
            _ => {
                let data = out.inspection_data().expect("inspection data");
                assert_eq!(parse(data.after_input_path()), json!({"x": 1}));
                assert_eq!(parse(data.after_parameters()), json!({"v": 1}));
                assert_eq!(
                    parse(data.after_result_path()),
                    json!({"in": {"x": 1}, "out": {"v": 1}})
                );
            }
        }
    }
}

#[tokio::test]
async fn fail_and_choice_states() {
    let server = common::start().await;
    let client = common::client(&server);
    let out = client
        .test_state()
        .definition(r#"{"Type":"Fail","Error":"Boom","Cause":"it broke"}"#)
        .send()
        .await
        .expect("test state");
    assert_eq!(out.status(), Some(&TestExecutionStatus::Failed));
    assert_eq!(out.error(), Some("Boom"));
    assert_eq!(out.cause(), Some("it broke"));
    let out = client
        .test_state()
        .definition(r#"{"Type":"Choice","Choices":[{"Variable":"$.n","NumericGreaterThan":1,"Next":"Big"}],"Default":"Small"}"#)
        .input(r#"{"n":5}"#)
        .send()
        .await
        .expect("test state");
    assert_eq!(out.status(), Some(&TestExecutionStatus::Succeeded));
    assert_eq!(out.next_state(), Some("Big"));
}

#[tokio::test]
async fn mocked_task_succeeds_retries_and_catches() {
    let server = common::start().await;
    let client = common::client(&server);
    let ok = client
        .test_state()
        .definition(TASK)
        .input(r#"{"a":1}"#)
        .inspection_level(InspectionLevel::Debug)
        .mock(MockInput::builder().result(r#"{"r":2}"#).build())
        .send()
        .await
        .expect("test state");
    assert_eq!(ok.status(), Some(&TestExecutionStatus::Succeeded));
    assert_eq!(parse(ok.output()), json!({"r": 2}));
    let data = ok.inspection_data().expect("inspection data");
    assert_eq!(
        parse(data.after_parameters()),
        json!({"FunctionName": "f", "Payload": {"a": 1}})
    );
    assert_eq!(parse(data.result()), json!({"r": 2}));

    let flaky = || {
        MockInput::builder()
            .error_output(MockErrorOutput::builder().error("Flaky").cause("c").build())
            .build()
    };
    let retry = client
        .test_state()
        .definition(TASK)
        .input(r#"{"a":1}"#)
        .inspection_level(InspectionLevel::Trace)
        .mock(flaky())
        .state_configuration(
            TestStateConfiguration::builder()
                .retrier_retry_count(1)
                .build(),
        )
        .send()
        .await
        .expect("test state");
    assert_eq!(retry.status(), Some(&TestExecutionStatus::Retriable));
    let details = retry
        .inspection_data()
        .and_then(|d| d.error_details())
        .expect("error details");
    assert_eq!(details.retry_index(), Some(0));
    // IntervalSeconds 2, BackoffRate 3, one retry done: 2 * 3^1.
    assert_eq!(details.retry_backoff_interval_seconds(), Some(6));

    let caught = client
        .test_state()
        .definition(TASK)
        .input(r#"{"a":1}"#)
        .mock(flaky())
        .state_configuration(
            TestStateConfiguration::builder()
                .retrier_retry_count(2)
                .build(),
        )
        .send()
        .await
        .expect("test state");
    assert_eq!(caught.status(), Some(&TestExecutionStatus::CaughtError));
    assert_eq!(caught.next_state(), Some("Handle"));
    assert_eq!(
        parse(caught.output()),
        json!({"a": 1, "err": {"Error": "Flaky", "Cause": "c"}})
    );
}

#[tokio::test]
async fn state_name_selects_a_state_of_a_whole_machine() {
    let server = common::start().await;
    let client = common::client(&server);
    let machine = r#"{"StartAt":"A","States":{"A":{"Type":"Pass","Next":"B"},"B":{"Type":"Pass","Result":7,"End":true}}}"#;
    let out = client
        .test_state()
        .definition(machine)
        .state_name("B")
        .send()
        .await
        .expect("test state");
    assert_eq!(parse(out.output()), json!(7));
    let err = client
        .test_state()
        .definition(machine)
        .state_name("Nope")
        .send()
        .await;
    assert_eq!(
        common::aws_error(err),
        (
            "ValidationException".to_owned(),
            "State not found in definition".to_owned()
        )
    );
}

#[tokio::test]
async fn aws_validation_errors() {
    let server = common::start().await;
    let client = common::client(&server);
    let parallel = r#"{"Type":"Parallel","Branches":[{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}],"End":true}"#;
    let (code, message) = common::aws_error(client.test_state().definition(parallel).send().await);
    assert_eq!(code, "InvalidDefinition");
    assert!(
        message.contains("does not support Map or Parallel"),
        "{message}"
    );
    let (code, message) = common::aws_error(
        client
            .test_state()
            .definition(r#"{"Type":"Pass","End":true}"#)
            .mock(MockInput::builder().result("{}").build())
            .send()
            .await,
    );
    assert_eq!(code, "ValidationException");
    assert_eq!(
        message,
        "State type 'Pass' is not supported when a mock is specified"
    );
    let (code, message) = common::aws_error(
        client
            .test_state()
            .definition(TASK)
            .mock(MockInput::builder().result("not json").build())
            .send()
            .await,
    );
    assert_eq!(code, "ValidationException");
    assert_eq!(message, "Mocked result must be valid JSON");
    let (code, _) = common::aws_error(
        client
            .test_state()
            .definition(r#"{"Type":"Nope"}"#)
            .send()
            .await,
    );
    assert_eq!(code, "InvalidDefinition");
}

/// The recorded JSONPath inspection cases (`test_base_inspection_level_*`): same status, next
/// state, output and inspection members as AWS answered.
#[tokio::test]
async fn recorded_inspection_cases_replay() {
    let Some(dir) = common::recordings() else {
        println!("skipped: shared/conformance/aws-recordings not found");
        return;
    };
    let server = common::start().await;
    let client = common::client(&server);
    let mut checked = 0;
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .expect("read recordings")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.contains("test_base_inspection_level_"))
        })
        .collect();
    entries.sort();
    for path in entries {
        let case: Value = serde_json::from_str(&std::fs::read_to_string(&path).expect("read case"))
            .expect("json");
        if case["kind"] != "test_state" {
            continue;
        }
        let expected = &case["expected"]["response"];
        let level = case["request"]["inspectionLevel"]
            .as_str()
            .unwrap_or("INFO");
        let out = client
            .test_state()
            .definition(case["definition"].to_string())
            .input(case["input"].to_string())
            .role_arn(common::ROLE)
            .inspection_level(InspectionLevel::from(level))
            .send()
            .await
            .expect("test state");
        let name = path.display();
        assert_eq!(
            out.status().map(|s| s.as_str()),
            expected["status"].as_str(),
            "{name}"
        );
        assert_eq!(out.next_state(), expected["nextState"].as_str(), "{name}");
        assert_eq!(out.error(), expected["error"].as_str(), "{name}");
        if let Some(o) = out.output() {
            assert_eq!(parse(Some(o)), expected["output"], "{name}");
        }
        let want: Vec<String> = expected["inspectionData"]
            .as_object()
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default();
        let got: Vec<String> = match out.inspection_data() {
            None => Vec::new(),
            Some(d) => {
                let pairs = [
                    ("afterInputPath", d.after_input_path()),
                    ("afterParameters", d.after_parameters()),
                    ("afterResultPath", d.after_result_path()),
                    ("afterResultSelector", d.after_result_selector()),
                    ("input", d.input()),
                    ("result", d.result()),
                ];
                pairs
                    .iter()
                    .filter(|(_, v)| v.is_some())
                    .map(|(k, _)| (*k).to_owned())
                    .collect()
            }
        };
        assert_eq!(got, want, "{name}");
        checked += 1;
    }
    assert!(
        checked > 0,
        "no recorded inspection case found in {}",
        dir.display()
    );
}

#[tokio::test]
async fn jsonata_task_with_output_and_catch() {
    let server = common::start().await;
    let client = common::client(&server);
    let task = r#"{"Type":"Task","QueryLanguage":"JSONata","Resource":"arn:aws:states:::lambda:invoke","Arguments":{"FunctionName":"f","Payload":"{% $states.input.a %}"},"Output":{"got":"{% $states.result.r + $bonus %}"},"Catch":[{"ErrorEquals":["States.ALL"],"Output":"{% $states.errorOutput.Error %}","Next":"Handle"}],"Next":"After"}"#;
    let ok = client
        .test_state()
        .definition(task)
        .input(r#"{"a":1}"#)
        .variables(r#"{"bonus":10}"#)
        .inspection_level(InspectionLevel::Debug)
        .mock(MockInput::builder().result(r#"{"r":2}"#).build())
        .send()
        .await
        .expect("test state");
    assert_eq!(ok.status(), Some(&TestExecutionStatus::Succeeded));
    assert_eq!(ok.next_state(), Some("After"));
    assert_eq!(parse(ok.output()), json!({"got": 12}));
    let data = ok.inspection_data().expect("inspection data");
    assert_eq!(
        parse(data.after_arguments()),
        json!({"FunctionName": "f", "Payload": 1})
    );
    assert_eq!(parse(data.variables()), json!({"bonus": 10}));
    let caught = client
        .test_state()
        .definition(task)
        .input(r#"{"a":1}"#)
        .variables(r#"{"bonus":10}"#)
        .mock(
            MockInput::builder()
                .error_output(MockErrorOutput::builder().error("Boom").cause("c").build())
                .build(),
        )
        .send()
        .await
        .expect("test state");
    assert_eq!(caught.status(), Some(&TestExecutionStatus::CaughtError));
    assert_eq!(caught.next_state(), Some("Handle"));
    assert_eq!(caught.output(), Some("\"Boom\""));
}

#[tokio::test]
async fn assign_shows_in_the_variables_after_the_state() {
    let server = common::start().await;
    let client = common::client(&server);
    let out = client
        .test_state()
        .definition(r#"{"Type":"Pass","Result":{"r":5},"Assign":{"fromResult.$":"$.r","kept":"k"},"End":true}"#)
        .variables(r#"{"old":1}"#)
        .inspection_level(InspectionLevel::Debug)
        .send()
        .await
        .expect("test state");
    assert_eq!(out.status(), Some(&TestExecutionStatus::Succeeded));
    let data = out.inspection_data().expect("inspection data");
    assert_eq!(
        parse(data.variables()),
        json!({"old": 1, "fromResult": 5, "kept": "k"})
    );
}
