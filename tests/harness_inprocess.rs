//! The in-process Rust API: `Emulator::builder()...start()` gives an endpoint an `aws-sdk-sfn`
//! client uses; `build()` gives the direct API; helpers await an execution and assert on its
//! history.

use aws_sdk_sfn::config::{BehaviorVersion, Credentials, Region};
use passo::harness::history;
use passo::integrations::MockConfig;
use passo::Emulator;
use serde_json::json;

const ROLE: &str = "arn:aws:iam::123456789012:role/passo-test";

fn client(endpoint: &str) -> aws_sdk_sfn::Client {
    let config = aws_sdk_sfn::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("eu-west-1"))
        .credentials_provider(Credentials::new("AKIDPASSO", "secret", None, None, "test"))
        .endpoint_url(endpoint)
        .http_client(aws_smithy_http_client::Builder::new().build_http())
        .build();
    aws_sdk_sfn::Client::from_conf(config)
}

fn epoch() -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::parse_from_rfc3339("2024-05-01T00:00:00Z")
        .unwrap()
        .with_timezone(&chrono::Utc)
}

#[tokio::test]
async fn an_sdk_client_runs_a_workflow_on_the_started_endpoint() {
    let running = Emulator::builder()
        .seed(3)
        .epoch(epoch())
        .region("eu-west-1")
        .start()
        .await
        .unwrap();
    assert!(running.endpoint().starts_with("http://127.0.0.1:"));
    let sfn = client(running.endpoint());
    let definition = json!({
        "StartAt": "Wait",
        "States": {
            "Wait": {"Type": "Wait", "Seconds": 3600, "Next": "Done"},
            "Done": {"Type": "Pass", "Result": {"ok": true}, "End": true}
        }
    });
    let sm = sfn
        .create_state_machine()
        .name("hourly")
        .definition(definition.to_string())
        .role_arn(ROLE)
        .send()
        .await
        .unwrap();
    assert_eq!(
        sm.state_machine_arn,
        "arn:aws:states:eu-west-1:123456789012:stateMachine:hourly"
    );
    let exec = sfn
        .start_execution()
        .state_machine_arn(&sm.state_machine_arn)
        .input("{}")
        .send()
        .await
        .unwrap();
    // The direct API and the HTTP API share one emulator.
    let record = running
        .wait_for_execution(&exec.execution_arn)
        .await
        .unwrap();
    assert_eq!(record.status.as_str(), "SUCCEEDED");
    assert_eq!(record.output.as_deref(), Some(r#"{"ok":true}"#));
    // An hour of virtual time, no wall time.
    assert_eq!(
        record.stop_date.unwrap() - record.start_date,
        chrono::Duration::hours(1)
    );
    let described = sfn
        .describe_execution()
        .execution_arn(&exec.execution_arn)
        .send()
        .await
        .unwrap();
    assert_eq!(described.status.as_str(), "SUCCEEDED");

    let events = running.history(&exec.execution_arn);
    history::assert_entered_in_order(&events, &["Wait", "Done"]);
    history::assert_has_event(&events, "WaitStateExited");
    assert_eq!(
        history::event_types(&events).last().map(String::as_str),
        Some("ExecutionSucceeded")
    );
    running.stop().await;
}

#[tokio::test]
async fn the_built_emulator_answers_tasks_from_its_mock_config() {
    let mocks = MockConfig::from_value(&json!({
        "StateMachines": {"charge": {"TestCases": {"Declined": {"Charge": "No"}}}},
        "MockedResponses": {"No": {"0": {"Throw": {"Error": "Declined", "Cause": "no funds"}}}}
    }))
    .unwrap();
    let emulator = Emulator::builder().seed(1).mock_config(mocks).build();
    let created = emulator
        .call(
            "CreateStateMachine",
            json!({
                "name": "charge",
                "roleArn": ROLE,
                "definition": json!({"StartAt": "Charge", "States": {"Charge": {
                    "Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                    "Parameters": {"FunctionName": "f"}, "End": true}}}).to_string(),
            }),
        )
        .await
        .unwrap();
    let arn = created["stateMachineArn"].as_str().unwrap();
    let started = emulator
        .call(
            "StartExecution",
            json!({"stateMachineArn": format!("{arn}#Declined")}),
        )
        .await
        .unwrap();
    let exec = started["executionArn"].as_str().unwrap();
    let record = emulator.wait_for_execution(exec).await.unwrap();
    assert_eq!(record.status.as_str(), "FAILED");
    assert_eq!(record.error.as_deref(), Some("Declined"));
    assert_eq!(record.cause.as_deref(), Some("no funds"));
    let events = emulator.history(exec);
    assert_eq!(history::states_entered(&events), ["Charge"]);
    history::assert_has_event(&events, "TaskFailed");
    assert!(emulator
        .wait_for_execution("arn:aws:states:nope")
        .await
        .is_none());
}

#[test]
#[should_panic(expected = "state 'Missing' was not entered")]
fn history_assertions_say_what_was_entered() {
    history::assert_entered_in_order(&[], &["Missing"]);
}
