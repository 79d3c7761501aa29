//! Express workflows through `aws-sdk-sfn` over HTTP: asynchronous executions (no history API,
//! AWS's errors for `express` ARNs), StartSyncExecution's response and billing fields, the
//! five-minute limit in virtual time, and StartSyncExecution refused on a STANDARD machine.

mod common;

use aws_sdk_sfn::types::{StateMachineType, SyncExecutionStatus};
use common::{aws_error, client, start, ROLE};

const EXPRESS_ARN_ERROR: &str = "Invalid Arn: 'Resource type not valid in this context: express'";
const TYPE_ERROR: &str = "This operation is not supported by this type of state machine";

async fn create_express(sfn: &aws_sdk_sfn::Client, name: &str, definition: &str) -> String {
    sfn.create_state_machine()
        .name(name)
        .definition(definition)
        .role_arn(ROLE)
        .r#type(StateMachineType::Express)
        .send()
        .await
        .expect("create an express machine")
        .state_machine_arn
}

fn millis(d: &aws_sdk_sfn::primitives::DateTime) -> i64 {
    d.to_millis().expect("a date in range")
}

#[tokio::test(flavor = "multi_thread")]
async fn async_express_has_no_history_api() {
    let server = start().await;
    let sfn = client(&server);
    let sm = create_express(&sfn, "exp", common::PASS).await;
    let started = sfn
        .start_execution()
        .state_machine_arn(&sm)
        .name("first")
        .send()
        .await
        .expect("start");
    let arn = started.execution_arn;
    // arn:aws:states:REGION:ACCOUNT:express:SM:NAME:UUID
    let parts: Vec<&str> = arn.split(':').collect();
    assert_eq!(parts[5], "express", "{arn}");
    assert_eq!((parts[6], parts[7]), ("exp", "first"));
    assert_eq!(parts[8].len(), 36, "a UUID tail: {arn}");
    // Express names need not be unique: the same name starts a second execution.
    let again = sfn
        .start_execution()
        .state_machine_arn(&sm)
        .name("first")
        .send()
        .await
        .expect("start again");
    assert_ne!(again.execution_arn, arn);

    let (code, msg) = aws_error(sfn.describe_execution().execution_arn(&arn).send().await);
    assert_eq!(
        (code.as_str(), msg.as_str()),
        ("InvalidArn", EXPRESS_ARN_ERROR)
    );
    let (code, msg) = aws_error(sfn.stop_execution().execution_arn(&arn).send().await);
    assert_eq!(
        (code.as_str(), msg.as_str()),
        ("InvalidArn", EXPRESS_ARN_ERROR)
    );
    let (code, msg) = aws_error(sfn.get_execution_history().execution_arn(&arn).send().await);
    assert_eq!(
        (code.as_str(), msg.as_str()),
        ("InvalidArn", EXPRESS_ARN_ERROR)
    );
    let (code, msg) = aws_error(
        sfn.describe_state_machine_for_execution()
            .execution_arn(&arn)
            .send()
            .await,
    );
    assert_eq!(
        (code.as_str(), msg.as_str()),
        ("InvalidArn", EXPRESS_ARN_ERROR)
    );
    let (code, msg) = aws_error(sfn.list_executions().state_machine_arn(&sm).send().await);
    assert_eq!(
        (code.as_str(), msg.as_str()),
        ("StateMachineTypeNotSupported", TYPE_ERROR)
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn sync_execution_answers_the_whole_run_and_its_billing() {
    let server = start().await;
    let sfn = client(&server);
    // About 2.15 s of virtual time (the start is a millisecond past the epoch): billed 2,200 ms.
    let def = r#"{"StartAt":"W","States":{
        "W":{"Type":"Wait","Seconds":2,"Next":"W2"},
        "W2":{"Type":"Wait","TimestampPath":"$.until","Next":"P"},
        "P":{"Type":"Pass","Result":{"done":true},"End":true}}}"#;
    let sm = create_express(&sfn, "sync", def).await;
    let input = r#"{"until":"2024-01-01T00:00:02.150Z"}"#;
    let out = sfn
        .start_sync_execution()
        .state_machine_arn(&sm)
        .name("s1")
        .input(input)
        .send()
        .await
        .expect("start sync");
    assert_eq!(out.status, SyncExecutionStatus::Succeeded);
    assert_eq!(out.state_machine_arn.as_deref(), Some(sm.as_str()));
    assert_eq!(out.name.as_deref(), Some("s1"));
    assert!(out.execution_arn.contains(":express:sync:s1:"));
    assert_eq!(out.input.as_deref(), Some(input));
    assert_eq!(out.output.as_deref(), Some(r#"{"done":true}"#));
    assert!(out.input_details.expect("inputDetails").included);
    assert!(out.output_details.expect("outputDetails").included);
    assert_eq!(out.error, None);
    let elapsed = millis(&out.stop_date) - millis(&out.start_date);
    assert!((2_101..=2_150).contains(&elapsed), "{elapsed} ms");
    let billing = out.billing_details.expect("billingDetails");
    assert_eq!(billing.billed_duration_in_milliseconds, 2_200);
    assert_eq!(billing.billed_memory_used_in_mb, 64);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_quick_sync_run_bills_100_ms_and_failures_answer_200() {
    let server = start().await;
    let sfn = client(&server);
    let sm = create_express(&sfn, "fails", common::FAIL).await;
    let out = sfn
        .start_sync_execution()
        .state_machine_arn(&sm)
        .send()
        .await
        .expect("a failed run is still a 200");
    assert_eq!(out.status, SyncExecutionStatus::Failed);
    assert_eq!(out.error.as_deref(), Some("Boom"));
    assert_eq!(out.cause.as_deref(), Some("it broke"));
    assert_eq!(out.output, None);
    assert_eq!(out.output_details, None);
    let billing = out.billing_details.expect("billingDetails");
    assert_eq!(billing.billed_duration_in_milliseconds, 100);
}

#[tokio::test(flavor = "multi_thread")]
async fn express_runs_stop_at_five_minutes_of_virtual_time() {
    let server = start().await;
    let sfn = client(&server);
    // TimeoutSeconds above the limit does not lift it.
    let def = r#"{"TimeoutSeconds":7200,"StartAt":"W","States":{
        "W":{"Type":"Wait","Seconds":400,"End":true}}}"#;
    let sm = create_express(&sfn, "long", def).await;
    let out = sfn
        .start_sync_execution()
        .state_machine_arn(&sm)
        .send()
        .await
        .expect("start sync");
    assert_eq!(out.status, SyncExecutionStatus::TimedOut);
    assert_eq!(out.error.as_deref(), Some("States.Timeout"));
    assert_eq!(millis(&out.stop_date) - millis(&out.start_date), 300_000);
    let billing = out.billing_details.expect("billingDetails");
    assert_eq!(billing.billed_duration_in_milliseconds, 300_000);

    // A run that fits finishes normally, and a smaller TimeoutSeconds still applies.
    let fits = create_express(
        &sfn,
        "fits",
        r#"{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":299,"End":true}}}"#,
    )
    .await;
    let out = sfn
        .start_sync_execution()
        .state_machine_arn(&fits)
        .send()
        .await
        .expect("start sync");
    assert_eq!(out.status, SyncExecutionStatus::Succeeded);
    let short = create_express(
        &sfn,
        "short",
        r#"{"TimeoutSeconds":10,"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":60,"End":true}}}"#,
    )
    .await;
    let out = sfn
        .start_sync_execution()
        .state_machine_arn(&short)
        .send()
        .await
        .expect("start sync");
    assert_eq!(out.status, SyncExecutionStatus::TimedOut);
    assert_eq!(millis(&out.stop_date) - millis(&out.start_date), 10_000);
}

#[tokio::test(flavor = "multi_thread")]
async fn standard_machines_refuse_sync_executions() {
    let server = start().await;
    let sfn = client(&server);
    let sm = common::create(&sfn, "std", common::PASS).await;
    let (code, msg) = aws_error(
        sfn.start_sync_execution()
            .state_machine_arn(&sm)
            .send()
            .await,
    );
    assert_eq!(
        (code.as_str(), msg.as_str()),
        ("StateMachineTypeNotSupported", TYPE_ERROR)
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn sync_context_has_no_redrive_count() {
    let server = start().await;
    let sfn = client(&server);
    let def = r#"{"StartAt":"P","States":{"P":{"Type":"Pass","Parameters":{"e.$":"$$.Execution"},"End":true}}}"#;
    let sm = create_express(&sfn, "ctx", def).await;
    let out = sfn
        .start_sync_execution()
        .state_machine_arn(&sm)
        .send()
        .await
        .expect("start sync");
    let output: serde_json::Value =
        serde_json::from_str(out.output.as_deref().expect("output")).expect("JSON");
    let keys: Vec<&String> = output["e"].as_object().expect("object").keys().collect();
    assert_eq!(keys, ["Id", "Input", "Name", "RoleArn", "StartTime"]);
}
