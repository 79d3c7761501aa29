//! The history events of activities and task-token callbacks as AWS writes them (the
//! `test_activities`, `test_callback` and `test_heartbeats` recordings), through the real Rust
//! SDK: ActivityStarted only when a worker takes the task (with its `workerName`, if it gave
//! one), ActivityScheduled's timeouts, heartbeats that move the heartbeat deadline, timeouts
//! ending in `States.Timeout`, and SendTaskFailure without error or cause.

mod common;

use std::time::Duration;

use aws_sdk_sfn::types::{ExecutionStatus, HistoryEvent, HistoryEventType};
use common::{client, create, start, Server};
use serde_json::Value;

async fn events(sfn: &aws_sdk_sfn::Client, arn: &str) -> Vec<HistoryEvent> {
    sfn.get_execution_history()
        .execution_arn(arn)
        .send()
        .await
        .unwrap()
        .events
}

async fn wait_for(sfn: &aws_sdk_sfn::Client, arn: &str, t: HistoryEventType) -> Vec<HistoryEvent> {
    for _ in 0..500 {
        let ev = events(sfn, arn).await;
        if ev.iter().any(|e| e.r#type == t) {
            return ev;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("no {t:?} in the history of {arn}");
}

async fn wait_done(sfn: &aws_sdk_sfn::Client, arn: &str) -> Vec<HistoryEvent> {
    for _ in 0..500 {
        let d = sfn
            .describe_execution()
            .execution_arn(arn)
            .send()
            .await
            .unwrap();
        if d.status != ExecutionStatus::Running {
            return events(sfn, arn).await;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("execution {arn} did not end");
}

fn types(ev: &[HistoryEvent]) -> Vec<HistoryEventType> {
    ev.iter().map(|e| e.r#type.clone()).collect()
}

/// Moves the execution's (virtual) clock by `secs` and waits until its driver took the step,
/// so that what the test sends next arrives at the new instant.
async fn advance(server: &Server, exec: &str, secs: i64) {
    let engine = server.emulator.service().engine();
    let before = engine.execution_clock(exec).expect("a running execution");
    engine.advance(Some(exec), chrono::Duration::seconds(secs));
    let target = before + chrono::Duration::seconds(secs);
    for _ in 0..500 {
        match engine.execution_clock(exec) {
            Some(now) if now < target => tokio::time::sleep(Duration::from_millis(5)).await,
            _ => return,
        }
    }
    panic!("the clock of {exec} did not move");
}

/// An activity, a machine whose one Task runs it with `extra` fields, and a started execution.
async fn activity_run(sfn: &aws_sdk_sfn::Client, name: &str, extra: &str) -> (String, String) {
    let activity = sfn
        .create_activity()
        .name(name)
        .send()
        .await
        .unwrap()
        .activity_arn;
    let definition = format!(
        r#"{{"StartAt":"ActivityTask","States":{{"ActivityTask":{{"Type":"Task",
            "Resource":"{activity}"{extra},"End":true}}}}}}"#
    );
    let sm = create(sfn, &format!("{name}-sm"), &definition).await;
    let exec = sfn
        .start_execution()
        .state_machine_arn(sm)
        .input(r#"{"Value1":"HelloWorld"}"#)
        .send()
        .await
        .unwrap()
        .execution_arn;
    (activity, exec)
}

async fn take(sfn: &aws_sdk_sfn::Client, activity: &str, worker: Option<&str>) -> String {
    sfn.get_activity_task()
        .activity_arn(activity)
        .set_worker_name(worker.map(str::to_owned))
        .send()
        .await
        .unwrap()
        .task_token
        .expect("a task token")
}

#[tokio::test]
async fn activity_started_is_written_when_the_worker_takes_the_task() {
    let server = start().await;
    let sfn = client(&server);
    let (activity, exec) = activity_run(
        &sfn,
        "named",
        r#","TimeoutSeconds":60,"HeartbeatSeconds":10"#,
    )
    .await;
    let before = wait_for(&sfn, &exec, HistoryEventType::ActivityScheduled).await;
    assert!(!types(&before).contains(&HistoryEventType::ActivityStarted));
    let scheduled = before
        .iter()
        .find_map(|e| e.activity_scheduled_event_details.as_ref())
        .expect("ActivityScheduled details");
    assert_eq!(scheduled.resource, activity);
    assert_eq!(scheduled.timeout_in_seconds, Some(60));
    assert_eq!(scheduled.heartbeat_in_seconds, Some(10));
    let input: Value = serde_json::from_str(scheduled.input.as_deref().unwrap_or("")).unwrap();
    assert_eq!(input["Value1"], "HelloWorld");

    let token = take(&sfn, &activity, Some("BASE_ID_ACTIVITY_CONSUMER")).await;
    sfn.send_task_success()
        .task_token(&token)
        .output(r#"{"Value1":"HelloWorld"}"#)
        .send()
        .await
        .unwrap();
    let ev = wait_done(&sfn, &exec).await;
    assert_eq!(
        types(&ev),
        vec![
            HistoryEventType::ExecutionStarted,
            HistoryEventType::TaskStateEntered,
            HistoryEventType::ActivityScheduled,
            HistoryEventType::ActivityStarted,
            HistoryEventType::ActivitySucceeded,
            HistoryEventType::TaskStateExited,
            HistoryEventType::ExecutionSucceeded,
        ]
    );
    let started = &ev[3];
    assert_eq!(started.previous_event_id, 3);
    let details = started
        .activity_started_event_details
        .as_ref()
        .expect("ActivityStarted details");
    assert_eq!(
        details.worker_name.as_deref(),
        Some("BASE_ID_ACTIVITY_CONSUMER")
    );
    assert_eq!(ev[4].previous_event_id, 4);
}

#[tokio::test]
async fn a_worker_without_a_name_leaves_the_details_empty() {
    let server = start().await;
    let sfn = client(&server);
    let (activity, exec) = activity_run(&sfn, "anonymous", "").await;
    let token = take(&sfn, &activity, None).await;
    sfn.send_task_success()
        .task_token(&token)
        .output("{}")
        .send()
        .await
        .unwrap();
    let ev = wait_done(&sfn, &exec).await;
    let started = ev
        .iter()
        .find(|e| e.r#type == HistoryEventType::ActivityStarted)
        .expect("ActivityStarted");
    let details = started
        .activity_started_event_details
        .as_ref()
        .expect("an (empty) details object, as AWS writes it");
    assert_eq!(details.worker_name, None);
    let scheduled = ev
        .iter()
        .find_map(|e| e.activity_scheduled_event_details.as_ref())
        .expect("ActivityScheduled details");
    assert_eq!(scheduled.timeout_in_seconds, None);
    assert_eq!(scheduled.heartbeat_in_seconds, None);
}

#[tokio::test]
async fn a_heartbeat_moves_the_heartbeat_deadline() {
    let server = start().await;
    let sfn = client(&server);
    let (activity, exec) = activity_run(
        &sfn,
        "beating",
        r#","TimeoutSeconds":100,"HeartbeatSeconds":10"#,
    )
    .await;
    let token = take(&sfn, &activity, Some("w")).await;
    wait_for(&sfn, &exec, HistoryEventType::ActivityStarted).await;
    advance(&server, &exec, 8).await;
    sfn.send_task_heartbeat()
        .task_token(&token)
        .send()
        .await
        .unwrap();
    // 16 s after the start, 8 s after the heartbeat: still running.
    advance(&server, &exec, 8).await;
    let d = sfn
        .describe_execution()
        .execution_arn(&exec)
        .send()
        .await
        .unwrap();
    assert_eq!(d.status, ExecutionStatus::Running);
    sfn.send_task_heartbeat()
        .task_token(&token)
        .send()
        .await
        .unwrap();
    sfn.send_task_success()
        .task_token(&token)
        .output(r#"{"beat":true}"#)
        .send()
        .await
        .unwrap();
    let ev = wait_done(&sfn, &exec).await;
    assert!(types(&ev).contains(&HistoryEventType::ActivitySucceeded));
}

#[tokio::test]
async fn no_heartbeat_times_the_activity_out() {
    let server = start().await;
    let sfn = client(&server);
    let (activity, exec) = activity_run(
        &sfn,
        "silent",
        r#","TimeoutSeconds":100,"HeartbeatSeconds":10"#,
    )
    .await;
    let token = take(&sfn, &activity, Some("w")).await;
    wait_for(&sfn, &exec, HistoryEventType::ActivityStarted).await;
    advance(&server, &exec, 11).await;
    let ev = wait_done(&sfn, &exec).await;
    let timed_out = ev
        .iter()
        .find(|e| e.r#type == HistoryEventType::ActivityTimedOut)
        .expect("ActivityTimedOut");
    let details = timed_out.activity_timed_out_event_details.as_ref().unwrap();
    assert_eq!(details.error.as_deref(), Some("States.Timeout"));
    assert_eq!(details.cause, None);
    let last = ev.last().unwrap();
    assert_eq!(last.r#type, HistoryEventType::ExecutionFailed);
    let failed = last.execution_failed_event_details.as_ref().unwrap();
    assert_eq!(failed.error.as_deref(), Some("States.Timeout"));
    assert_eq!(failed.cause, None);
    // The token is spent.
    let (code, _) = common::aws_error(sfn.send_task_heartbeat().task_token(&token).send().await);
    assert_eq!(code, "TaskTimedOut");
}

#[tokio::test]
async fn an_untaken_activity_times_out_after_its_timeout_seconds() {
    let server = start().await;
    let sfn = client(&server);
    let (_, exec) = activity_run(&sfn, "untaken", r#","TimeoutSeconds":5"#).await;
    wait_for(&sfn, &exec, HistoryEventType::ActivityScheduled).await;
    advance(&server, &exec, 6).await;
    let ev = wait_done(&sfn, &exec).await;
    assert_eq!(
        types(&ev),
        vec![
            HistoryEventType::ExecutionStarted,
            HistoryEventType::TaskStateEntered,
            HistoryEventType::ActivityScheduled,
            HistoryEventType::ActivityTimedOut,
            HistoryEventType::ExecutionFailed,
        ]
    );
    assert_eq!(ev[3].previous_event_id, 3);
}

/// The callback Task of the `test_heartbeats` recordings, on a queue nobody reads.
fn callback_definition(extra: &str, catch: bool) -> String {
    let catch = if catch {
        r#","Catch":[{"ErrorEquals":["States.ALL"],"ResultPath":"$.states_all_error","Next":"Caught"}]"#
    } else {
        ""
    };
    let caught = if catch.is_empty() {
        ""
    } else {
        r#","Caught":{"Type":"Pass","End":true}"#
    };
    format!(
        r#"{{"StartAt":"SendMessageWithWait","States":{{"SendMessageWithWait":{{"Type":"Task",
            "Resource":"arn:aws:states:::sqs:sendMessage.waitForTaskToken"{extra},
            "Parameters":{{"QueueUrl":"https://sqs.us-east-1.amazonaws.com/123456789012/q",
                          "MessageBody":{{"TaskToken.$":"$$.Task.Token"}}}}{catch},"End":true}}
            {caught}}}}}"#
    )
}

async fn callback_run(sfn: &aws_sdk_sfn::Client, name: &str, definition: &str) -> (String, String) {
    let sm = create(sfn, name, definition).await;
    let exec = sfn
        .start_execution()
        .state_machine_arn(sm)
        .input(r#"{"Message":"m"}"#)
        .send()
        .await
        .unwrap()
        .execution_arn;
    let ev = wait_for(sfn, &exec, HistoryEventType::TaskSubmitted).await;
    let params = ev
        .iter()
        .find_map(|e| e.task_scheduled_event_details.as_ref())
        .map(|d| d.parameters.clone())
        .expect("TaskScheduled parameters");
    let params: Value = serde_json::from_str(&params).unwrap();
    let token = params["MessageBody"]["TaskToken"]
        .as_str()
        .expect("the token in the parameters")
        .to_owned();
    (exec, token)
}

#[tokio::test]
async fn a_callback_without_heartbeats_times_out_with_states_timeout() {
    let server = start().await;
    let sfn = client(&server);
    let definition = callback_definition(r#","TimeoutSeconds":600,"HeartbeatSeconds":5"#, false);
    let (exec, token) = callback_run(&sfn, "hb-timeout", &definition).await;
    advance(&server, &exec, 3).await;
    sfn.send_task_heartbeat()
        .task_token(&token)
        .send()
        .await
        .unwrap();
    // 6 s after the start, 3 s after the heartbeat: still waiting.
    advance(&server, &exec, 3).await;
    assert!(!types(&events(&sfn, &exec).await).contains(&HistoryEventType::TaskTimedOut));
    advance(&server, &exec, 3).await;
    let ev = wait_done(&sfn, &exec).await;
    assert_eq!(
        types(&ev)[3..],
        [
            HistoryEventType::TaskStarted,
            HistoryEventType::TaskSubmitted,
            HistoryEventType::TaskTimedOut,
            HistoryEventType::ExecutionFailed,
        ]
    );
    let details = ev[5].task_timed_out_event_details.as_ref().unwrap();
    assert_eq!(details.error.as_deref(), Some("States.Timeout"));
    assert_eq!(details.cause, None);
    assert_eq!(details.resource, "sendMessage.waitForTaskToken");
    assert_eq!(ev[5].previous_event_id, 5);
}

#[tokio::test]
async fn send_task_failure_without_error_or_cause_gives_nulls() {
    let server = start().await;
    let sfn = client(&server);
    let definition = callback_definition("", true);
    let (exec, token) = callback_run(&sfn, "no-error", &definition).await;
    sfn.send_task_failure()
        .task_token(&token)
        .send()
        .await
        .unwrap();
    let ev = wait_done(&sfn, &exec).await;
    let failed = ev
        .iter()
        .find(|e| e.r#type == HistoryEventType::TaskFailed)
        .expect("TaskFailed");
    let details = failed.task_failed_event_details.as_ref().unwrap();
    assert_eq!(details.error, None);
    assert_eq!(details.cause, None);
    let out = sfn
        .describe_execution()
        .execution_arn(&exec)
        .send()
        .await
        .unwrap()
        .output
        .unwrap_or_default();
    let out: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        out["states_all_error"],
        serde_json::json!({"Error": null, "Cause": null})
    );
}

#[tokio::test]
async fn a_long_poll_started_before_the_task_receives_it() {
    let server = start().await;
    let sfn = client(&server);
    let activity = sfn
        .create_activity()
        .name("early")
        .send()
        .await
        .unwrap()
        .activity_arn;
    let poller = {
        let sfn = sfn.clone();
        let activity = activity.clone();
        tokio::spawn(async move { take(&sfn, &activity, Some("early-bird")).await })
    };
    tokio::time::sleep(Duration::from_millis(50)).await;
    let definition = format!(
        r#"{{"StartAt":"A","States":{{"A":{{"Type":"Task","Resource":"{activity}","End":true}}}}}}"#
    );
    let sm = create(&sfn, "early-sm", &definition).await;
    let exec = sfn
        .start_execution()
        .state_machine_arn(sm)
        .send()
        .await
        .unwrap()
        .execution_arn;
    let token = poller.await.unwrap();
    sfn.send_task_success()
        .task_token(&token)
        .output("{}")
        .send()
        .await
        .unwrap();
    let ev = wait_done(&sfn, &exec).await;
    let started = ev
        .iter()
        .find_map(|e| e.activity_started_event_details.as_ref())
        .expect("ActivityStarted");
    assert_eq!(started.worker_name.as_deref(), Some("early-bird"));
}

/// AWS writes a heartbeat timeout as `States.Timeout` (the `test_heartbeats` recordings), and
/// a Catch on `States.HeartbeatTimeout` tells it from a plain timeout.
#[tokio::test]
async fn states_heartbeat_timeout_catches_only_heartbeat_timeouts() {
    let server = start().await;
    let sfn = client(&server);
    let machine = |limits: &str| {
        format!(
            r#"{{"StartAt":"Wait","States":{{"Wait":{{"Type":"Task",
                "Resource":"arn:aws:states:::sqs:sendMessage.waitForTaskToken"{limits},
                "Parameters":{{"QueueUrl":"https://sqs.us-east-1.amazonaws.com/123456789012/q",
                              "MessageBody":{{"TaskToken.$":"$$.Task.Token"}}}},
                "Catch":[{{"ErrorEquals":["States.HeartbeatTimeout"],"Next":"Heartbeat"}},
                         {{"ErrorEquals":["States.Timeout"],"Next":"Timeout"}}],"End":true}},
                "Heartbeat":{{"Type":"Pass","Result":"heartbeat","End":true}},
                "Timeout":{{"Type":"Pass","Result":"timeout","End":true}}}}}}"#
        )
    };
    for (name, limits, want) in [
        (
            "by-heartbeat",
            r#","TimeoutSeconds":100,"HeartbeatSeconds":5"#,
            "\"heartbeat\"",
        ),
        ("by-timeout", r#","TimeoutSeconds":5"#, "\"timeout\""),
    ] {
        let (exec, _) = callback_run(&sfn, name, &machine(limits)).await;
        advance(&server, &exec, 6).await;
        wait_done(&sfn, &exec).await;
        let d = sfn
            .describe_execution()
            .execution_arn(&exec)
            .send()
            .await
            .unwrap();
        assert_eq!(d.output.as_deref(), Some(want), "{name}");
        let ev = events(&sfn, &exec).await;
        let timed_out = ev
            .iter()
            .find_map(|e| e.task_timed_out_event_details.as_ref())
            .expect("TaskTimedOut");
        assert_eq!(timed_out.error.as_deref(), Some("States.Timeout"), "{name}");
    }
}

/// The `test_activity_task_on_deleted` recording: a Task on a deleted activity fails the
/// execution with States.Runtime before any ActivityScheduled.
#[tokio::test]
async fn a_task_on_a_deleted_activity_fails_with_states_runtime() {
    let server = start().await;
    let sfn = client(&server);
    let activity = sfn
        .create_activity()
        .name("gone")
        .send()
        .await
        .unwrap()
        .activity_arn;
    sfn.delete_activity()
        .activity_arn(&activity)
        .send()
        .await
        .unwrap();
    let definition = format!(
        r#"{{"StartAt":"ActivityTask","States":{{"ActivityTask":{{"Type":"Task","Resource":"{activity}","End":true}}}}}}"#
    );
    let sm = create(&sfn, "gone-sm", &definition).await;
    let exec = sfn
        .start_execution()
        .state_machine_arn(sm)
        .send()
        .await
        .unwrap()
        .execution_arn;
    let ev = wait_done(&sfn, &exec).await;
    assert_eq!(
        types(&ev),
        vec![
            HistoryEventType::ExecutionStarted,
            HistoryEventType::TaskStateEntered,
            HistoryEventType::ExecutionFailed,
        ]
    );
    assert_eq!(ev[2].previous_event_id, 2);
    let failed = ev[2].execution_failed_event_details.as_ref().unwrap();
    assert_eq!(failed.error.as_deref(), Some("States.Runtime"));
    assert_eq!(
        failed.cause.as_deref(),
        Some(
            format!(
                "An error occurred while executing the state 'ActivityTask' (entered at the event id #2). The activity {activity} does not exist."
            )
            .as_str()
        )
    );
}
