//! Executions through the real Rust SDK against a real server: start (plain, named, through a
//! version or an alias, express), idempotent start, stop, describe, list with filters and
//! pagination, history with paging, reverse order and without execution data, and the
//! state machine of an execution.
//!
//! These need the engine; they are ignored until the engine branch is merged.

mod common;

use common::wait_done;

use aws_sdk_sfn::types::{ExecutionStatus, RoutingConfigurationListItem, StateMachineType};
use common::{aws_error, client, create, start, FAIL, PASS, ROLE};

/// A machine that waits; on manual time it stays running.
const WAIT: &str = r#"{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":86400,"End":true}}}"#;

#[tokio::test]
async fn start_describe_history() {
    let server = start().await;
    let sfn = client(&server);
    let arn = create(&sfn, "run", PASS).await;
    let started = sfn
        .start_execution()
        .state_machine_arn(&arn)
        .name("first")
        .input(r#"{"a": 1}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(
        started.execution_arn,
        "arn:aws:states:us-east-1:123456789012:execution:run:first"
    );
    let d = wait_done(&sfn, &started.execution_arn).await;
    assert_eq!(d.status, ExecutionStatus::Succeeded);
    assert_eq!(
        d.input.as_deref(),
        Some(r#"{"a": 1}"#),
        "input echoed verbatim"
    );
    assert_eq!(d.output.as_deref(), Some(r#"{"ok":true}"#));
    assert_eq!(d.input_details.map(|i| i.included), Some(true));
    assert_eq!(
        d.redrive_status.map(|r| r.as_str().to_owned()),
        Some("NOT_REDRIVABLE".into())
    );
    assert_eq!(
        d.redrive_status_reason.as_deref(),
        Some("Execution is SUCCEEDED and cannot be redriven")
    );

    let h = sfn
        .get_execution_history()
        .execution_arn(&started.execution_arn)
        .send()
        .await
        .unwrap();
    let types: Vec<_> = h
        .events
        .iter()
        .map(|e| e.r#type.as_str().to_owned())
        .collect();
    assert_eq!(
        types,
        [
            "ExecutionStarted",
            "PassStateEntered",
            "PassStateExited",
            "ExecutionSucceeded"
        ]
    );
    let reversed = sfn
        .get_execution_history()
        .execution_arn(&started.execution_arn)
        .reverse_order(true)
        .send()
        .await
        .unwrap();
    assert_eq!(reversed.events.first().map(|e| e.id), Some(4));

    let page = sfn
        .get_execution_history()
        .execution_arn(&started.execution_arn)
        .max_results(3)
        .send()
        .await
        .unwrap();
    assert_eq!(page.events.len(), 3);
    let rest = sfn
        .get_execution_history()
        .execution_arn(&started.execution_arn)
        .max_results(3)
        .next_token(page.next_token.expect("a next token"))
        .send()
        .await
        .unwrap();
    assert_eq!(rest.events.len(), 1);
    assert_eq!(rest.next_token, None);

    let bare = sfn
        .get_execution_history()
        .execution_arn(&started.execution_arn)
        .include_execution_data(false)
        .send()
        .await
        .unwrap();
    let first = bare
        .events
        .first()
        .and_then(|e| e.execution_started_event_details.clone());
    assert_eq!(
        first.and_then(|d| d.input),
        None,
        "no input without execution data"
    );

    let sm = sfn
        .describe_state_machine_for_execution()
        .execution_arn(&started.execution_arn)
        .send()
        .await
        .unwrap();
    assert_eq!((sm.name.as_str(), sm.definition.as_str()), ("run", PASS));
}

#[tokio::test]
async fn failures_and_missing_executions() {
    let server = start().await;
    let sfn = client(&server);
    let arn = create(&sfn, "fails", FAIL).await;
    let started = sfn
        .start_execution()
        .state_machine_arn(&arn)
        .send()
        .await
        .unwrap();
    let d = wait_done(&sfn, &started.execution_arn).await;
    assert_eq!(d.status, ExecutionStatus::Failed);
    assert_eq!(
        (d.error.as_deref(), d.cause.as_deref()),
        (Some("Boom"), Some("it broke"))
    );
    assert_eq!(
        d.redrive_status.map(|r| r.as_str().to_owned()),
        Some("REDRIVABLE".into())
    );

    let missing = format!("{}x", started.execution_arn);
    let (code, msg) = aws_error(
        sfn.describe_execution()
            .execution_arn(&missing)
            .send()
            .await,
    );
    assert_eq!(code, "ExecutionDoesNotExist");
    assert_eq!(msg, format!("Execution Does Not Exist: '{missing}'"));
    let (code, _) = aws_error(
        sfn.get_execution_history()
            .execution_arn(&missing)
            .send()
            .await,
    );
    assert_eq!(code, "ExecutionDoesNotExist");

    let (code, msg) = aws_error(
        sfn.start_execution()
            .state_machine_arn(format!("{arn}-missing"))
            .send()
            .await,
    );
    assert_eq!(code, "StateMachineDoesNotExist");
    assert_eq!(
        msg,
        format!("State Machine Does Not Exist: '{arn}-missing'")
    );
    let (code, _) = aws_error(
        sfn.start_execution()
            .state_machine_arn(&arn)
            .input("{not json")
            .send()
            .await,
    );
    assert_eq!(code, "InvalidExecutionInput");
    let (code, _) = aws_error(
        sfn.start_execution()
            .state_machine_arn(&arn)
            .name("bad:name")
            .send()
            .await,
    );
    assert_eq!(code, "InvalidName");
}

#[tokio::test]
async fn idempotent_start_stop_and_deleting() {
    let server = common::start_with(passo::engine::TimeMode::Manual).await;
    let sfn = client(&server);
    let arn = create(&sfn, "waits", WAIT).await;
    let first = sfn
        .start_execution()
        .state_machine_arn(&arn)
        .name("once")
        .input("{}")
        .send()
        .await
        .unwrap();
    // Same name and input as a running execution: the same execution.
    let again = sfn
        .start_execution()
        .state_machine_arn(&arn)
        .name("once")
        .input("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(first.execution_arn, again.execution_arn);
    assert_eq!(first.start_date, again.start_date);
    let (code, msg) = aws_error(
        sfn.start_execution()
            .state_machine_arn(&arn)
            .name("once")
            .input(r#"{"other": 1}"#)
            .send()
            .await,
    );
    assert_eq!(code, "ExecutionAlreadyExists");
    assert_eq!(
        msg,
        format!("Execution Already Exists: '{}'", first.execution_arn)
    );

    let running = sfn
        .list_executions()
        .state_machine_arn(&arn)
        .status_filter(ExecutionStatus::Running)
        .send()
        .await
        .unwrap();
    assert_eq!(running.executions.len(), 1);

    // Deleting with a running execution: DELETING, and no new executions.
    sfn.delete_state_machine()
        .state_machine_arn(&arn)
        .send()
        .await
        .unwrap();
    let d = sfn
        .describe_state_machine()
        .state_machine_arn(&arn)
        .send()
        .await
        .unwrap();
    assert_eq!(
        d.status.map(|s| s.as_str().to_owned()),
        Some("DELETING".into())
    );
    let (code, _) = aws_error(sfn.start_execution().state_machine_arn(&arn).send().await);
    assert_eq!(code, "StateMachineDeleting");

    sfn.stop_execution()
        .execution_arn(&first.execution_arn)
        .error("Stopped")
        .cause("by the test")
        .send()
        .await
        .unwrap();
    let d = sfn
        .describe_execution()
        .execution_arn(&first.execution_arn)
        .send()
        .await
        .unwrap();
    assert_eq!(d.status, ExecutionStatus::Aborted);
    // The last execution ended: the machine is gone.
    let (code, _) = aws_error(
        sfn.describe_state_machine()
            .state_machine_arn(&arn)
            .send()
            .await,
    );
    assert_eq!(code, "StateMachineDoesNotExist");
}

#[tokio::test]
async fn list_executions_newest_first_with_pages() {
    let server = start().await;
    let sfn = client(&server);
    let arn = create(&sfn, "many", PASS).await;
    let mut arns = Vec::new();
    for i in 0..5 {
        let s = sfn
            .start_execution()
            .state_machine_arn(&arn)
            .name(format!("e{i}"))
            .send()
            .await
            .unwrap();
        wait_done(&sfn, &s.execution_arn).await;
        arns.push(s.execution_arn);
    }
    let page = sfn
        .list_executions()
        .state_machine_arn(&arn)
        .max_results(2)
        .send()
        .await
        .unwrap();
    let names: Vec<_> = page.executions.iter().map(|e| e.name.clone()).collect();
    assert_eq!(names, ["e4", "e3"]);
    let rest = sfn
        .list_executions()
        .state_machine_arn(&arn)
        .max_results(10)
        .next_token(page.next_token.unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(rest.executions.len(), 3);
    let failed = sfn
        .list_executions()
        .state_machine_arn(&arn)
        .status_filter(ExecutionStatus::Failed)
        .send()
        .await
        .unwrap();
    assert!(failed.executions.is_empty());
    let (code, msg) = aws_error(
        sfn.list_executions()
            .state_machine_arn(format!("{arn}-missing"))
            .send()
            .await,
    );
    assert_eq!(code, "StateMachineDoesNotExist");
    assert_eq!(
        msg,
        format!("State Machine Does Not Exist: '{arn}-missing'")
    );
}

#[tokio::test]
async fn versions_aliases_and_express() {
    let server = start().await;
    let sfn = client(&server);
    let arn = sfn
        .create_state_machine()
        .name("vx")
        .definition(PASS)
        .role_arn(ROLE)
        .publish(true)
        .send()
        .await
        .unwrap()
        .state_machine_arn;
    let v1 = format!("{arn}:1");
    let alias = sfn
        .create_state_machine_alias()
        .name("live")
        .routing_configuration(
            RoutingConfigurationListItem::builder()
                .state_machine_version_arn(&v1)
                .weight(100)
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap()
        .state_machine_alias_arn;

    let by_version = sfn
        .start_execution()
        .state_machine_arn(&v1)
        .send()
        .await
        .unwrap();
    let d = wait_done(&sfn, &by_version.execution_arn).await;
    assert_eq!(d.state_machine_arn, arn);
    assert_eq!(d.state_machine_version_arn.as_deref(), Some(v1.as_str()));
    assert_eq!(d.state_machine_alias_arn, None);

    let by_alias = sfn
        .start_execution()
        .state_machine_arn(&alias)
        .send()
        .await
        .unwrap();
    let d = wait_done(&sfn, &by_alias.execution_arn).await;
    assert_eq!(d.state_machine_version_arn.as_deref(), Some(v1.as_str()));
    assert_eq!(d.state_machine_alias_arn.as_deref(), Some(alias.as_str()));

    let of_version = sfn
        .list_executions()
        .state_machine_arn(&v1)
        .send()
        .await
        .unwrap();
    assert_eq!(of_version.executions.len(), 2);

    // Express: an express ARN, no DescribeExecution or history, StartSyncExecution works.
    let express = sfn
        .create_state_machine()
        .name("fast")
        .definition(PASS)
        .role_arn(ROLE)
        .r#type(StateMachineType::Express)
        .send()
        .await
        .unwrap()
        .state_machine_arn;
    let started = sfn
        .start_execution()
        .state_machine_arn(&express)
        .send()
        .await
        .unwrap();
    assert!(
        started.execution_arn.contains(":express:fast:"),
        "{}",
        started.execution_arn
    );
    let (code, msg) = aws_error(
        sfn.describe_execution()
            .execution_arn(&started.execution_arn)
            .send()
            .await,
    );
    assert_eq!(code, "InvalidArn");
    assert_eq!(
        msg,
        "Invalid Arn: 'Resource type not valid in this context: express'"
    );
    let (code, _) = aws_error(
        sfn.list_executions()
            .state_machine_arn(&express)
            .send()
            .await,
    );
    assert_eq!(code, "StateMachineTypeNotSupported");

    let sync = sfn
        .start_sync_execution()
        .state_machine_arn(&express)
        .input("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(sync.status.as_str(), "SUCCEEDED");
    assert_eq!(sync.output.as_deref(), Some(r#"{"ok":true}"#));
    assert!(sync.billing_details.is_some());
    let (code, _) = aws_error(
        sfn.start_sync_execution()
            .state_machine_arn(&arn)
            .send()
            .await,
    );
    assert_eq!(code, "StateMachineTypeNotSupported");
}

/// The errors that come before the engine is involved.
#[tokio::test]
async fn execution_errors_before_the_engine() {
    let server = start().await;
    let sfn = client(&server);
    let arn = create(&sfn, "errs", PASS).await;
    let missing = "arn:aws:states:us-east-1:123456789012:execution:errs:nope";
    let want = format!("Execution Does Not Exist: '{missing}'");
    let (code, msg) = aws_error(sfn.describe_execution().execution_arn(missing).send().await);
    assert_eq!(
        (code.as_str(), msg.as_str()),
        ("ExecutionDoesNotExist", want.as_str())
    );
    let (code, msg) = aws_error(sfn.stop_execution().execution_arn(missing).send().await);
    assert_eq!(
        (code.as_str(), msg.as_str()),
        ("ExecutionDoesNotExist", want.as_str())
    );
    let (code, _) = aws_error(
        sfn.get_execution_history()
            .execution_arn(missing)
            .send()
            .await,
    );
    assert_eq!(code, "ExecutionDoesNotExist");
    let (code, _) = aws_error(
        sfn.describe_state_machine_for_execution()
            .execution_arn(missing)
            .send()
            .await,
    );
    assert_eq!(code, "ExecutionDoesNotExist");
    let (code, msg) = aws_error(
        sfn.get_execution_history()
            .execution_arn("invalid_state_machine_arn")
            .send()
            .await,
    );
    assert_eq!(code, "InvalidArn");
    assert_eq!(
        msg,
        "Invalid Arn: 'Invalid ARN prefix: invalid_state_machine_arn'"
    );
    let (code, msg) = aws_error(
        sfn.list_executions()
            .state_machine_arn("invalid_state_machine_arn")
            .send()
            .await,
    );
    assert_eq!(code, "InvalidArn");
    assert_eq!(
        msg,
        "Invalid Arn: 'Invalid ARN prefix: invalid_state_machine_arn'"
    );
    let (code, _) = aws_error(
        sfn.list_executions()
            .state_machine_arn(format!("{arn}-missing"))
            .send()
            .await,
    );
    assert_eq!(code, "StateMachineDoesNotExist");
    let (code, msg) = aws_error(
        sfn.start_sync_execution()
            .state_machine_arn(&arn)
            .send()
            .await,
    );
    assert_eq!(code, "StateMachineTypeNotSupported");
    assert_eq!(
        msg,
        "This operation is not supported by this type of state machine"
    );
    let (code, _) = aws_error(
        sfn.start_execution()
            .state_machine_arn(format!("{arn}-missing"))
            .send()
            .await,
    );
    assert_eq!(code, "StateMachineDoesNotExist");
    let (code, msg) = aws_error(
        sfn.start_execution()
            .state_machine_arn(&arn)
            .name("bad name")
            .send()
            .await,
    );
    assert_eq!(
        (code.as_str(), msg.as_str()),
        ("InvalidName", "Invalid Name: 'bad name'")
    );
    let (code, msg) = aws_error(
        sfn.start_execution()
            .state_machine_arn(&arn)
            .input("{")
            .send()
            .await,
    );
    assert_eq!(code, "InvalidExecutionInput");
    assert!(
        msg.starts_with("Invalid State Machine Execution Input: '"),
        "{msg}"
    );
    let express = sfn
        .create_state_machine()
        .name("errs-express")
        .definition(PASS)
        .role_arn(ROLE)
        .r#type(StateMachineType::Express)
        .send()
        .await
        .unwrap()
        .state_machine_arn;
    let (code, _) = aws_error(
        sfn.list_executions()
            .state_machine_arn(&express)
            .send()
            .await,
    );
    assert_eq!(code, "StateMachineTypeNotSupported");
    let (code, msg) = aws_error(sfn.list_executions().send().await);
    assert_eq!(code, "ValidationException");
    assert_eq!(msg, "Must provide a StateMachine ARN or MapRun ARN");
}
