//! Nested executions (`arn:aws:states:::states:startExecution` in its four patterns) run the
//! child inside passo, through the real Rust SDK: answers shaped as the recordings show, failures
//! as `States.TaskFailed` with the child's description, virtual time shared by parent and child,
//! stop propagation; and Task resources AWS does not recognise refused at creation.

mod common;

use common::wait_done;

use std::time::Duration;

use aws_sdk_sfn::types::ExecutionStatus;
use common::{aws_error, client, create, sm_arn, start};
use serde_json::{json, Value};

fn parent(resource: &str) -> String {
    json!({
        "StartAt": "Start",
        "States": {"Start": {
            "Type": "Task",
            "Resource": resource,
            "Parameters": {
                "StateMachineArn.$": "$.arn",
                "Input": {"n.$": "$.n", "AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID.$": "$$.Execution.Id"},
                "Name": "child-1"
            },
            "End": true
        }}
    })
    .to_string()
}

/// A child that waits an hour of virtual time and answers `{"doubled": n * 2}`.
const CHILD: &str = r#"{"StartAt":"W","States":{
  "W":{"Type":"Wait","Seconds":3600,"Next":"D"},
  "D":{"Type":"Pass","Parameters":{"doubled.$":"States.MathAdd($.n, $.n)"},"End":true}}}"#;

async fn run(
    sfn: &aws_sdk_sfn::Client,
    machine: &str,
    input: Value,
) -> aws_sdk_sfn::operation::describe_execution::DescribeExecutionOutput {
    let started = sfn
        .start_execution()
        .state_machine_arn(machine)
        .input(input.to_string())
        .send()
        .await
        .unwrap();
    wait_done(sfn, &started.execution_arn).await
}

fn output(d: &aws_sdk_sfn::operation::describe_execution::DescribeExecutionOutput) -> Value {
    serde_json::from_str(d.output.as_deref().expect("an output")).unwrap()
}

#[tokio::test]
async fn sync_runs_the_child_and_answers_its_description_on_shared_virtual_time() {
    let server = start().await;
    let sfn = client(&server);
    let child = create(&sfn, "Child", CHILD).await;
    let machine = create(
        &sfn,
        "Parent",
        &parent("arn:aws:states:::states:startExecution.sync"),
    )
    .await;
    let d = run(&sfn, &machine, json!({"arn": child, "n": 21})).await;
    assert_eq!(d.status, ExecutionStatus::Succeeded, "{:?}", d.cause);
    let out = output(&d);
    let child_arn = "arn:aws:states:us-east-1:123456789012:execution:Child:child-1".to_owned();
    assert_eq!(out["ExecutionArn"], child_arn);
    assert_eq!(out["Status"], "SUCCEEDED");
    assert_eq!(out["Name"], "child-1");
    assert_eq!(out["StateMachineArn"], child);
    // `.sync` answers input and output as JSON text.
    assert_eq!(out["Output"], r#"{"doubled":42}"#);
    let input: Value = serde_json::from_str(out["Input"].as_str().unwrap()).unwrap();
    assert_eq!(
        input["AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID"],
        d.execution_arn
    );
    assert_eq!(out["RedriveStatus"], "NOT_REDRIVABLE");
    let keys: Vec<&str> = out
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "ExecutionArn",
            "Input",
            "InputDetails",
            "Name",
            "Output",
            "OutputDetails",
            "RedriveCount",
            "RedriveStatus",
            "RedriveStatusReason",
            "StartDate",
            "StateMachineArn",
            "Status",
            "StopDate"
        ]
    );
    // The child starts when the parent calls it and runs one virtual hour; the parent's task
    // ends when the child does.
    let c = sfn
        .describe_execution()
        .execution_arn(&child_arn)
        .send()
        .await
        .unwrap();
    assert_eq!(c.start_date, d.start_date);
    let hour = aws_sdk_sfn::primitives::DateTime::from_secs(d.start_date.secs() + 3600);
    assert_eq!(c.stop_date, Some(hour));
    assert_eq!(d.stop_date, Some(hour));
    assert_eq!(
        out["StopDate"].as_i64(),
        Some((d.start_date.secs() + 3600) * 1000)
    );
    // TaskSubmitted carries the StartExecution answer, then TaskSucceeded the description.
    let history = sfn
        .get_execution_history()
        .execution_arn(&d.execution_arn)
        .send()
        .await
        .unwrap();
    let submitted = history
        .events
        .iter()
        .find_map(|e| e.task_submitted_event_details.as_ref())
        .expect("TaskSubmitted");
    let sub: Value = serde_json::from_str(submitted.output.as_deref().unwrap()).unwrap();
    assert_eq!(sub["ExecutionArn"], child_arn);
    assert_eq!(sub["SdkHttpMetadata"]["HttpStatusCode"], 200);
    assert_eq!(sub["StartDate"].as_i64(), Some(d.start_date.secs() * 1000));
}

#[tokio::test]
async fn sync2_answers_input_and_output_as_json() {
    let server = start().await;
    let sfn = client(&server);
    let child = create(&sfn, "Child", CHILD).await;
    let machine = create(
        &sfn,
        "Parent",
        &parent("arn:aws:states:::states:startExecution.sync:2"),
    )
    .await;
    let d = run(&sfn, &machine, json!({"arn": child, "n": 2})).await;
    assert_eq!(d.status, ExecutionStatus::Succeeded, "{:?}", d.cause);
    let out = output(&d);
    assert_eq!(out["Output"], json!({"doubled": 4}));
    assert_eq!(out["Input"]["n"], 2);
    assert!(out.get("RedriveStatus").is_none());
}

#[tokio::test]
async fn request_response_answers_at_once_and_the_child_runs_on() {
    let server = start().await;
    let sfn = client(&server);
    let child = create(&sfn, "Child", CHILD).await;
    let machine = create(
        &sfn,
        "Parent",
        &parent("arn:aws:states:::states:startExecution"),
    )
    .await;
    let d = run(&sfn, &machine, json!({"arn": child, "n": 1})).await;
    assert_eq!(d.status, ExecutionStatus::Succeeded, "{:?}", d.cause);
    let out = output(&d);
    let keys: Vec<&str> = out
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "ExecutionArn",
            "SdkHttpMetadata",
            "SdkResponseMetadata",
            "StartDate"
        ]
    );
    // The parent did not wait for the child's hour.
    assert_eq!(d.stop_date, Some(d.start_date));
    let c = wait_done(&sfn, out["ExecutionArn"].as_str().unwrap()).await;
    assert_eq!(c.status, ExecutionStatus::Succeeded);
}

#[tokio::test]
async fn a_failing_child_fails_the_task_with_its_description() {
    let server = start().await;
    let sfn = client(&server);
    let child = create(&sfn, "Child", common::FAIL).await;
    let machine = create(
        &sfn,
        "Parent",
        &parent("arn:aws:states:::states:startExecution.sync"),
    )
    .await;
    let d = run(&sfn, &machine, json!({"arn": child, "n": 1})).await;
    assert_eq!(d.status, ExecutionStatus::Failed);
    assert_eq!(d.error.as_deref(), Some("States.TaskFailed"));
    let cause: Value = serde_json::from_str(d.cause.as_deref().unwrap()).unwrap();
    assert_eq!(cause["Error"], "Boom");
    assert_eq!(cause["Cause"], "it broke");
    assert_eq!(cause["Status"], "FAILED");
    let keys: Vec<&str> = cause
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "Cause",
            "Error",
            "ExecutionArn",
            "Input",
            "InputDetails",
            "Name",
            "StartDate",
            "StateMachineArn",
            "Status",
            "StopDate"
        ]
    );
}

#[tokio::test]
async fn an_unknown_child_machine_fails_as_aws_does() {
    let server = start().await;
    let sfn = client(&server);
    let machine = create(
        &sfn,
        "Parent",
        &parent("arn:aws:states:::states:startExecution"),
    )
    .await;
    let missing = sm_arn("Nope");
    let d = run(&sfn, &machine, json!({"arn": missing, "n": 1})).await;
    assert_eq!(
        d.error.as_deref(),
        Some("StepFunctions.StateMachineDoesNotExistException")
    );
    let cause = d.cause.unwrap();
    assert!(
        cause.starts_with(&format!(
            "State Machine Does Not Exist: '{missing}' (Service: AWSStepFunctions; Status Code: \
             400; Error Code: StateMachineDoesNotExist; Request ID: "
        )),
        "{cause}"
    );
}

#[tokio::test]
async fn stopping_the_parent_stops_a_sync_child() {
    let server = start().await;
    let sfn = client(&server);
    // The child waits for an activity worker that never comes.
    let activity = sfn
        .create_activity()
        .name("never")
        .send()
        .await
        .unwrap()
        .activity_arn;
    let child_def = json!({"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": activity, "End": true}}});
    let child = create(&sfn, "Child", &child_def.to_string()).await;
    let machine = create(
        &sfn,
        "Parent",
        &parent("arn:aws:states:::states:startExecution.sync"),
    )
    .await;
    let started = sfn
        .start_execution()
        .state_machine_arn(&machine)
        .input(json!({"arn": child, "n": 1}).to_string())
        .send()
        .await
        .unwrap();
    let child_arn = "arn:aws:states:us-east-1:123456789012:execution:Child:child-1";
    for _ in 0..500 {
        let c = sfn
            .describe_execution()
            .execution_arn(child_arn)
            .send()
            .await;
        if c.is_ok() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    sfn.stop_execution()
        .execution_arn(&started.execution_arn)
        .send()
        .await
        .unwrap();
    let c = wait_done(&sfn, child_arn).await;
    assert_eq!(c.status, ExecutionStatus::Aborted);
}

#[tokio::test]
async fn wait_for_task_token_waits_for_the_token_the_child_received() {
    let server = start().await;
    let sfn = client(&server);
    let child = create(&sfn, "Child", common::PASS).await;
    let def = json!({
        "StartAt": "Start",
        "States": {"Start": {
            "Type": "Task",
            "Resource": "arn:aws:states:::states:startExecution.waitForTaskToken",
            "Parameters": {"StateMachineArn": child, "Input": {"token.$": "$$.Task.Token"}},
            "End": true
        }}
    });
    let machine = create(&sfn, "Parent", &def.to_string()).await;
    let started = sfn
        .start_execution()
        .state_machine_arn(&machine)
        .send()
        .await
        .unwrap();
    // The child's input carries the parent's token: answer it as the child's worker would.
    let mut token = None;
    for _ in 0..500 {
        let list = sfn
            .list_executions()
            .state_machine_arn(&child)
            .send()
            .await
            .unwrap();
        if let Some(e) = list.executions.first() {
            let d = sfn
                .describe_execution()
                .execution_arn(&e.execution_arn)
                .send()
                .await
                .unwrap();
            let input: Value = serde_json::from_str(d.input.as_deref().unwrap()).unwrap();
            token = input["token"].as_str().map(str::to_owned);
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let token = token.expect("the child started with the token");
    sfn.send_task_success()
        .task_token(token)
        .output(r#"{"answered":true}"#)
        .send()
        .await
        .unwrap();
    let d = wait_done(&sfn, &started.execution_arn).await;
    assert_eq!(d.status, ExecutionStatus::Succeeded);
    assert_eq!(output(&d), json!({"answered": true}));
}

#[tokio::test]
async fn unrecognised_task_resources_are_refused_at_creation() {
    let server = start().await;
    let sfn = client(&server);
    for resource in [
        "arn:aws:states:::nosuch:doIt",
        "arn:aws:states:::sqs:sendMessage.sync",
        "arn:aws:states:::dynamodb:getItem.waitForTaskToken",
    ] {
        let def = json!({"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": resource, "End": true}}});
        let (code, message) = aws_error(
            sfn.create_state_machine()
                .name("Bad")
                .definition(def.to_string())
                .role_arn(common::ROLE)
                .send()
                .await,
        );
        assert_eq!(code, "InvalidDefinition");
        assert_eq!(
            message,
            format!(
                "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: The resource \
                 provided {resource} is not recognized. The value is not a valid resource ARN, or \
                 the resource is not available in this region. at /States/T/Resource'"
            )
        );
        let v = sfn
            .validate_state_machine_definition()
            .definition(def.to_string())
            .send()
            .await
            .unwrap();
        assert_eq!(v.result.as_str(), "FAIL");
    }
}

/// A parent pinned to manual time gives its `.sync` child the same clock: the child waits for
/// the clock to move instead of running off in the server's virtual time.
#[tokio::test]
async fn a_child_keeps_time_as_its_parent_does() {
    use passo::engine::{ExecutionSettings, TimeMode};
    let server = start().await;
    let sfn = client(&server);
    let child = create(&sfn, "Child", CHILD).await;
    let machine = create(
        &sfn,
        "Parent",
        &parent("arn:aws:states:::states:startExecution.sync"),
    )
    .await;
    let engine = server.emulator.service().engine().clone();
    engine.set_execution_settings(
        "pinned",
        ExecutionSettings {
            time: Some(TimeMode::Manual),
            ..ExecutionSettings::default()
        },
    );
    let started = sfn
        .start_execution()
        .state_machine_arn(&machine)
        .name("pinned")
        .input(json!({"arn": child, "n": 2}).to_string())
        .send()
        .await
        .unwrap();
    let child_arn = "arn:aws:states:us-east-1:123456789012:execution:Child:child-1";
    // The child exists and sits in its hour-long Wait.
    let mut status = None;
    for _ in 0..200 {
        if let Ok(d) = sfn
            .describe_execution()
            .execution_arn(child_arn)
            .send()
            .await
        {
            status = Some(d.status);
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert_eq!(status, Some(ExecutionStatus::Running));
    tokio::time::sleep(Duration::from_millis(100)).await;
    let d = sfn
        .describe_execution()
        .execution_arn(child_arn)
        .send()
        .await
        .unwrap();
    assert_eq!(
        d.status,
        ExecutionStatus::Running,
        "the child waits on manual time"
    );
    // Moving every clock on an hour ends the child, and the parent resumes at that instant.
    engine.advance(None, chrono::Duration::hours(1));
    let d = wait_done(&sfn, &started.execution_arn).await;
    assert_eq!(d.status, ExecutionStatus::Succeeded, "{:?}", d.cause);
    assert_eq!(output(&d)["Output"], r#"{"doubled":4}"#);
}
