//! Activities and task tokens through the real Rust SDK: a worker loop (GetActivityTask then
//! SendTaskSuccess), a failure, heartbeats, unknown and used tokens, an empty poll, and a
//! `.waitForTaskToken` callback completed from outside.

mod common;

use common::wait_done;

use std::time::Duration;

use aws_sdk_sfn::types::{ExecutionStatus, HistoryEventType};
use common::{aws_error, client, create, start};
use serde_json::Value;

async fn history_types(sfn: &aws_sdk_sfn::Client, arn: &str) -> Vec<HistoryEventType> {
    sfn.get_execution_history()
        .execution_arn(arn)
        .send()
        .await
        .unwrap()
        .events
        .iter()
        .map(|e| e.r#type.clone())
        .collect()
}

/// Creates an activity and a machine whose one Task runs it; starts an execution.
async fn activity_execution(sfn: &aws_sdk_sfn::Client, name: &str) -> (String, String) {
    let activity = sfn
        .create_activity()
        .name(name)
        .send()
        .await
        .unwrap()
        .activity_arn;
    let definition = format!(
        r#"{{"StartAt":"Work","States":{{"Work":{{"Type":"Task","Resource":"{activity}","TimeoutSeconds":300,"HeartbeatSeconds":60,"End":true}}}}}}"#
    );
    let sm = create(sfn, &format!("{name}-machine"), &definition).await;
    let exec = sfn
        .start_execution()
        .state_machine_arn(sm)
        .input(r#"{"job":42}"#)
        .send()
        .await
        .unwrap()
        .execution_arn;
    (activity, exec)
}

#[tokio::test]
async fn a_worker_takes_the_task_and_succeeds() {
    let server = start().await;
    let sfn = client(&server);
    let (activity, exec) = activity_execution(&sfn, "worker-ok").await;
    let task = sfn
        .get_activity_task()
        .activity_arn(&activity)
        .worker_name("worker-1")
        .send()
        .await
        .unwrap();
    let token = task.task_token.expect("a task token");
    let input: Value = serde_json::from_str(task.input.as_deref().unwrap()).unwrap();
    assert_eq!(input["job"], 42);
    sfn.send_task_heartbeat()
        .task_token(&token)
        .send()
        .await
        .unwrap();
    sfn.send_task_success()
        .task_token(&token)
        .output(r#"{"done":true}"#)
        .send()
        .await
        .unwrap();
    let done = wait_done(&sfn, &exec).await;
    assert_eq!(done.status, ExecutionStatus::Succeeded);
    assert_eq!(done.output.as_deref(), Some(r#"{"done":true}"#));
    let types = history_types(&sfn, &exec).await;
    for t in [
        HistoryEventType::ActivityScheduled,
        HistoryEventType::ActivityStarted,
        HistoryEventType::ActivitySucceeded,
    ] {
        assert!(types.contains(&t), "{t:?} missing from {types:?}");
    }
    // The token is spent: AWS answers TaskTimedOut for a finished task.
    let (code, message) = aws_error(
        sfn.send_task_success()
            .task_token(&token)
            .output("{}")
            .send()
            .await,
    );
    assert_eq!(code, "TaskTimedOut");
    assert_eq!(
        message,
        "Task Timed Out: 'Provided task does not exist anymore'"
    );
    let (code, _) = aws_error(sfn.send_task_heartbeat().task_token(&token).send().await);
    assert_eq!(code, "TaskTimedOut");
}

#[tokio::test]
async fn a_worker_failure_fails_the_state() {
    let server = start().await;
    let sfn = client(&server);
    let (activity, exec) = activity_execution(&sfn, "worker-fail").await;
    let task = sfn
        .get_activity_task()
        .activity_arn(&activity)
        .send()
        .await
        .unwrap();
    let token = task.task_token.expect("a task token");
    sfn.send_task_failure()
        .task_token(&token)
        .error("Oops")
        .cause("the worker broke")
        .send()
        .await
        .unwrap();
    let done = wait_done(&sfn, &exec).await;
    assert_eq!(done.status, ExecutionStatus::Failed);
    assert_eq!(done.error.as_deref(), Some("Oops"));
    assert_eq!(done.cause.as_deref(), Some("the worker broke"));
    assert!(history_types(&sfn, &exec)
        .await
        .contains(&HistoryEventType::ActivityFailed));
}

#[tokio::test]
async fn bad_tokens_outputs_and_activities_get_aws_errors() {
    let server = start().await;
    let sfn = client(&server);
    let (code, _) = aws_error(
        sfn.send_task_success()
            .task_token("not-a-token")
            .output("{}")
            .send()
            .await,
    );
    assert_eq!(code, "InvalidToken");
    let (code, _) = aws_error(
        sfn.send_task_failure()
            .task_token("not-a-token")
            .send()
            .await,
    );
    assert_eq!(code, "InvalidToken");
    let (code, _) = aws_error(
        sfn.send_task_heartbeat()
            .task_token("not-a-token")
            .send()
            .await,
    );
    assert_eq!(code, "InvalidToken");
    let (code, _) = aws_error(
        sfn.send_task_success()
            .task_token("not-a-token")
            .output("not json")
            .send()
            .await,
    );
    assert_eq!(code, "InvalidOutput");
    let (code, _) = aws_error(
        sfn.get_activity_task()
            .activity_arn("arn:aws:states:us-east-1:123456789012:activity:nobody")
            .send()
            .await,
    );
    assert_eq!(code, "ActivityDoesNotExist");
}

#[tokio::test]
async fn an_empty_poll_answers_no_token() {
    let server = start().await;
    server
        .emulator
        .integrations()
        .set_activity_poll(Duration::from_millis(50));
    let sfn = client(&server);
    let activity = sfn
        .create_activity()
        .name("idle")
        .send()
        .await
        .unwrap()
        .activity_arn;
    let task = sfn
        .get_activity_task()
        .activity_arn(&activity)
        .send()
        .await
        .unwrap();
    assert_eq!(task.task_token, None);
    assert_eq!(task.input, None);
}

#[tokio::test]
async fn wait_for_task_token_completes_from_outside() {
    let server = start().await;
    let sfn = client(&server);
    let definition = r#"{"StartAt":"Ask","States":{"Ask":{"Type":"Task",
        "Resource":"arn:aws:states:::sqs:sendMessage.waitForTaskToken",
        "Parameters":{"QueueUrl":"https://sqs.us-east-1.amazonaws.com/123456789012/q",
                      "MessageBody":{"token.$":"$$.Task.Token"}},
        "End":true}}}"#;
    let sm = create(&sfn, "callback", definition).await;
    let exec = sfn
        .start_execution()
        .state_machine_arn(sm)
        .send()
        .await
        .unwrap()
        .execution_arn;
    // The token is in the TaskScheduled parameters, as a queue consumer would see it.
    let mut token = None;
    for _ in 0..500 {
        let events = sfn
            .get_execution_history()
            .execution_arn(&exec)
            .send()
            .await
            .unwrap()
            .events;
        let submitted = events
            .iter()
            .any(|e| e.r#type == HistoryEventType::TaskSubmitted);
        let params = events
            .iter()
            .find_map(|e| e.task_scheduled_event_details.as_ref())
            .map(|d| d.parameters.clone());
        if let (true, Some(p)) = (submitted, params) {
            let p: Value = serde_json::from_str(&p).unwrap();
            token = p["MessageBody"]["token"].as_str().map(str::to_owned);
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let token = token.expect("the task token in TaskScheduled");
    sfn.send_task_success()
        .task_token(&token)
        .output(r#"{"approved":true}"#)
        .send()
        .await
        .unwrap();
    let done = wait_done(&sfn, &exec).await;
    assert_eq!(done.status, ExecutionStatus::Succeeded);
    assert_eq!(done.output.as_deref(), Some(r#"{"approved":true}"#));
}

#[tokio::test]
async fn a_timed_out_task_spends_its_token_while_the_execution_goes_on() {
    let server = start().await;
    let sfn = client(&server);
    let activity = sfn
        .create_activity()
        .name("slow")
        .send()
        .await
        .unwrap()
        .activity_arn;
    // The first Task times out and is caught; the second one keeps the execution running.
    let definition = format!(
        r#"{{"StartAt":"First","States":{{
            "First":{{"Type":"Task","Resource":"{activity}","TimeoutSeconds":30,
                      "Catch":[{{"ErrorEquals":["States.Timeout"],"Next":"Second"}}],"End":true}},
            "Second":{{"Type":"Task","Resource":"{activity}","End":true}}}}}}"#
    );
    let sm = create(&sfn, "slow-machine", &definition).await;
    let exec = sfn
        .start_execution()
        .state_machine_arn(sm)
        .send()
        .await
        .unwrap()
        .execution_arn;
    let first = sfn
        .get_activity_task()
        .activity_arn(&activity)
        .send()
        .await
        .unwrap()
        .task_token
        .expect("the first task");
    // The clock holds while a worker is awaited; move it past the deadline.
    server
        .emulator
        .service()
        .engine()
        .advance(Some(&exec), chrono::Duration::seconds(31));
    let second = sfn
        .get_activity_task()
        .activity_arn(&activity)
        .send()
        .await
        .unwrap()
        .task_token
        .expect("the second task after the timeout");
    let (code, _) = aws_error(
        sfn.send_task_success()
            .task_token(&first)
            .output("{}")
            .send()
            .await,
    );
    assert_eq!(code, "TaskTimedOut");
    sfn.send_task_success()
        .task_token(&second)
        .output(r#"{"second":true}"#)
        .send()
        .await
        .unwrap();
    let done = wait_done(&sfn, &exec).await;
    assert_eq!(done.status, ExecutionStatus::Succeeded);
    assert!(history_types(&sfn, &exec)
        .await
        .contains(&HistoryEventType::ActivityTimedOut));
}

#[tokio::test]
async fn a_task_that_timed_out_before_any_poll_is_not_handed_out() {
    let server = start().await;
    server
        .emulator
        .integrations()
        .set_activity_poll(Duration::from_millis(200));
    let sfn = client(&server);
    let activity = sfn
        .create_activity()
        .name("unpolled")
        .send()
        .await
        .unwrap()
        .activity_arn;
    let definition = format!(
        r#"{{"StartAt":"First","States":{{
            "First":{{"Type":"Task","Resource":"{activity}","TimeoutSeconds":30,
                      "Catch":[{{"ErrorEquals":["States.Timeout"],"Next":"Second"}}],"End":true}},
            "Second":{{"Type":"Task","Resource":"{activity}","Parameters":{{"second":true}},"End":true}}}}}}"#
    );
    let sm = create(&sfn, "unpolled-machine", &definition).await;
    let exec = sfn
        .start_execution()
        .state_machine_arn(sm)
        .send()
        .await
        .unwrap()
        .execution_arn;
    // Let the first Task be scheduled, then move its execution past the deadline.
    for _ in 0..500 {
        if history_types(&sfn, &exec)
            .await
            .contains(&HistoryEventType::ActivityScheduled)
        {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    server
        .emulator
        .service()
        .engine()
        .advance(Some(&exec), chrono::Duration::seconds(31));
    let task = sfn
        .get_activity_task()
        .activity_arn(&activity)
        .send()
        .await
        .unwrap();
    let input: Value = serde_json::from_str(task.input.as_deref().unwrap_or("null")).unwrap();
    assert_eq!(
        input["second"], true,
        "the timed-out first task was handed out"
    );
}
