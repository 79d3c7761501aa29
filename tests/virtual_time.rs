//! Virtual time through the real Rust SDK against a real server: a 365-day Wait, Retry back-off
//! over 10 attempts, an execution timeout, a Task timeout and a heartbeat timeout with a silent
//! external worker (which hold the clock until the control API advances it), manual mode, real
//! mode, and byte-identical histories from the same seed, epoch and name.
//!
//! "Finished quickly" is checked as "finished within a generous wall-clock budget" (a 365-day
//! Wait that really slept would never finish); speed figures live in `benches/`.

mod common;

use std::sync::Arc;
use std::time::Duration;

use aws_sdk_sfn::types::{ExecutionStatus, HistoryEvent, HistoryEventType};
use common::{client, create, start, start_with};
use passo::engine::task::{TaskHandler, TaskOutcome, TaskRequest};
use passo::engine::TimeMode;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const DAY: i64 = 86_400;

/// Waits for the end of an execution, giving up after `budget` of wall time.
async fn finish(
    sfn: &aws_sdk_sfn::Client,
    arn: &str,
    budget: Duration,
) -> aws_sdk_sfn::operation::describe_execution::DescribeExecutionOutput {
    let poll = async {
        loop {
            let d = sfn
                .describe_execution()
                .execution_arn(arn)
                .send()
                .await
                .expect("describe");
            if d.status != ExecutionStatus::Running {
                return d;
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    };
    tokio::time::timeout(budget, poll)
        .await
        .unwrap_or_else(|_| panic!("{arn} still running after {budget:?} of wall time"))
}

async fn history(sfn: &aws_sdk_sfn::Client, arn: &str) -> Vec<HistoryEvent> {
    sfn.get_execution_history()
        .execution_arn(arn)
        .max_results(1000)
        .send()
        .await
        .expect("history")
        .events
}

fn millis(e: &HistoryEvent) -> i64 {
    e.timestamp.to_millis().expect("timestamp in range")
}

fn types(events: &[HistoryEvent]) -> Vec<HistoryEventType> {
    events.iter().map(|e| e.r#type.clone()).collect()
}

async fn start_exec(sfn: &aws_sdk_sfn::Client, sm: &str, name: &str, input: &str) -> String {
    sfn.start_execution()
        .state_machine_arn(sm)
        .name(name)
        .input(input)
        .send()
        .await
        .expect("start execution")
        .execution_arn
}

/// A POST to passo's control API, answering the JSON body.
async fn control_post(endpoint: &str, path: &str, body: &str) -> serde_json::Value {
    let addr = endpoint.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
    let req = format!(
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(req.as_bytes()).await.expect("write");
    let mut raw = String::new();
    stream.read_to_string(&mut raw).await.expect("read");
    assert!(
        raw.starts_with("HTTP/1.1 200"),
        "control call failed: {raw}"
    );
    let json = raw.split("\r\n\r\n").nth(1).expect("a body");
    serde_json::from_str(json).expect("JSON body")
}

#[tokio::test]
async fn a_365_day_wait_takes_no_wall_time() {
    let server = start().await;
    let sfn = client(&server);
    let def = r#"{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":31536000,"Next":"P"},"P":{"Type":"Pass","End":true}}}"#;
    let sm = create(&sfn, "year", def).await;
    let arn = start_exec(&sfn, &sm, "y1", r#"{"a":1}"#).await;
    let d = finish(&sfn, &arn, Duration::from_secs(30)).await;
    assert_eq!(d.status, ExecutionStatus::Succeeded);
    let start = d.start_date.to_millis().unwrap();
    let stop = d.stop_date.expect("stop date").to_millis().unwrap();
    assert_eq!(
        stop - start,
        365 * DAY * 1000,
        "stop date is a virtual year later"
    );

    let events = history(&sfn, &arn).await;
    assert_eq!(
        types(&events),
        vec![
            HistoryEventType::ExecutionStarted,
            HistoryEventType::WaitStateEntered,
            HistoryEventType::WaitStateExited,
            HistoryEventType::PassStateEntered,
            HistoryEventType::PassStateExited,
            HistoryEventType::ExecutionSucceeded,
        ]
    );
    assert_eq!(millis(&events[2]) - millis(&events[1]), 365 * DAY * 1000);
    assert!(
        events.windows(2).all(|w| millis(&w[0]) <= millis(&w[1])),
        "time never goes back"
    );
}

#[tokio::test]
async fn retry_back_off_over_ten_attempts_is_virtual() {
    let server = start().await;
    let sfn = client(&server);
    // No integration is configured, so every attempt fails with States.TaskFailed.
    let def = r#"{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
        "Parameters":{"FunctionName":"f"},
        "Retry":[{"ErrorEquals":["States.ALL"],"IntervalSeconds":1,"BackoffRate":2,"MaxAttempts":10}],
        "End":true}}}"#;
    let sm = create(&sfn, "retry", def).await;
    let arn = start_exec(&sfn, &sm, "r1", "{}").await;
    let d = finish(&sfn, &arn, Duration::from_secs(30)).await;
    assert_eq!(d.status, ExecutionStatus::Failed);
    assert_eq!(d.error.as_deref(), Some("States.TaskFailed"));

    let events = history(&sfn, &arn).await;
    let scheduled: Vec<i64> = events
        .iter()
        .filter(|e| e.r#type == HistoryEventType::TaskScheduled)
        .map(millis)
        .collect();
    assert_eq!(scheduled.len(), 11, "one attempt and ten retries");
    let gaps: Vec<i64> = scheduled.windows(2).map(|w| (w[1] - w[0]) / 1000).collect();
    assert_eq!(gaps, vec![1, 2, 4, 8, 16, 32, 64, 128, 256, 512]);
}

#[tokio::test]
async fn execution_timeout_fires_in_virtual_time() {
    let server = start().await;
    let sfn = client(&server);
    let def = r#"{"TimeoutSeconds":60,"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":3600,"End":true}}}"#;
    let sm = create(&sfn, "timeout", def).await;
    let arn = start_exec(&sfn, &sm, "t1", "{}").await;
    let d = finish(&sfn, &arn, Duration::from_secs(30)).await;
    assert_eq!(d.status, ExecutionStatus::TimedOut);
    let start = d.start_date.to_millis().unwrap();
    let stop = d.stop_date.expect("stop date").to_millis().unwrap();
    assert_eq!(stop - start, 60_000);
    let events = history(&sfn, &arn).await;
    assert_eq!(
        events.last().map(|e| e.r#type.clone()),
        Some(HistoryEventType::ExecutionTimedOut)
    );
}

/// A worker that never answers: the external side is silent.
struct Silent;

impl TaskHandler for Silent {
    fn invoke(&self, _req: &TaskRequest) -> TaskOutcome {
        TaskOutcome::Pending(Box::pin(std::future::pending()))
    }
}

/// A silent external worker holds the clock: the Task timeout fires only when the control API
/// advances the execution to its next timer.
#[tokio::test]
async fn task_and_heartbeat_timeouts_wait_for_the_control_api() {
    for (field, seconds, error) in [
        ("TimeoutSeconds", 300, "States.Timeout"),
        // AWS records States.Timeout for a missed heartbeat too (the test_heartbeat_timeout
        // recording), although its documentation names States.HeartbeatTimeout.
        ("HeartbeatSeconds", 10, "States.Timeout"),
    ] {
        let server = start().await;
        server
            .emulator
            .service()
            .engine()
            .set_task_handler(Arc::new(Silent));
        let sfn = client(&server);
        let def = format!(
            r#"{{"StartAt":"T","States":{{"T":{{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Parameters":{{"FunctionName":"f"}},"{field}":{seconds},"End":true}}}}}}"#
        );
        let sm = create(&sfn, "silent", &def).await;
        let arn = start_exec(&sfn, &sm, "s1", "{}").await;

        // Still running: the clock holds while the worker is silent.
        tokio::time::sleep(Duration::from_millis(100)).await;
        let d = sfn
            .describe_execution()
            .execution_arn(&arn)
            .send()
            .await
            .unwrap();
        assert_eq!(d.status, ExecutionStatus::Running, "{field}");
        let view = control_post(
            &server.endpoint,
            "/_passo/clock/advance",
            &format!(r#"{{"executionArn":"{arn}","to":"next"}}"#),
        )
        .await;
        assert_eq!(
            view["executions"].as_array().map(Vec::len),
            Some(1),
            "{view}"
        );

        let d = finish(&sfn, &arn, Duration::from_secs(30)).await;
        assert_eq!(d.status, ExecutionStatus::Failed, "{field}");
        assert_eq!(d.error.as_deref(), Some(error), "{field}");
        let events = history(&sfn, &arn).await;
        let timed_out = events
            .iter()
            .find(|e| e.r#type == HistoryEventType::TaskTimedOut)
            .unwrap_or_else(|| panic!("{field}: no TaskTimedOut in {:?}", types(&events)));
        let scheduled = events
            .iter()
            .find(|e| e.r#type == HistoryEventType::TaskScheduled)
            .expect("TaskScheduled");
        assert_eq!(
            millis(timed_out) - millis(scheduled),
            seconds * 1000,
            "{field}"
        );
    }
}

#[tokio::test]
async fn manual_mode_holds_until_advanced() {
    let server = start_with(TimeMode::Manual).await;
    let sfn = client(&server);
    let def = r#"{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":3600,"End":true}}}"#;
    let sm = create(&sfn, "manual", def).await;
    let arn = start_exec(&sfn, &sm, "m1", "{}").await;
    tokio::time::sleep(Duration::from_millis(100)).await;
    let d = sfn
        .describe_execution()
        .execution_arn(&arn)
        .send()
        .await
        .unwrap();
    assert_eq!(d.status, ExecutionStatus::Running);

    // Half way: still waiting.
    control_post(
        &server.endpoint,
        "/_passo/clock/advance",
        r#"{"seconds":1800}"#,
    )
    .await;
    tokio::time::sleep(Duration::from_millis(100)).await;
    let d = sfn
        .describe_execution()
        .execution_arn(&arn)
        .send()
        .await
        .unwrap();
    assert_eq!(d.status, ExecutionStatus::Running);

    control_post(
        &server.endpoint,
        "/_passo/clock/advance",
        r#"{"seconds":1800}"#,
    )
    .await;
    let d = finish(&sfn, &arn, Duration::from_secs(30)).await;
    assert_eq!(d.status, ExecutionStatus::Succeeded);
    let events = history(&sfn, &arn).await;
    assert_eq!(millis(&events[2]) - millis(&events[1]), 3_600_000);
}

#[tokio::test]
async fn real_mode_really_waits() {
    let server = start_with(TimeMode::Real).await;
    let sfn = client(&server);
    let def = r#"{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":1,"End":true}}}"#;
    let sm = create(&sfn, "real", def).await;
    let arn = start_exec(&sfn, &sm, "r1", "{}").await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let d = sfn
        .describe_execution()
        .execution_arn(&arn)
        .send()
        .await
        .unwrap();
    assert_eq!(
        d.status,
        ExecutionStatus::Running,
        "a real 1 s Wait is still waiting at 0.3 s"
    );
    let d = finish(&sfn, &arn, Duration::from_secs(10)).await;
    assert_eq!(d.status, ExecutionStatus::Succeeded);
    let events = history(&sfn, &arn).await;
    assert!(millis(&events[2]) - millis(&events[1]) >= 1000);
}

/// Same seed, epoch and execution name: byte-identical history, randomness and jitter included.
#[tokio::test]
async fn same_seed_same_history() {
    let def = r#"{"StartAt":"R","States":{
        "R":{"Type":"Pass","Parameters":{"id.$":"States.UUID()","n.$":"States.MathRandom(1, 1000)"},"Next":"W"},
        "W":{"Type":"Wait","Seconds":90,"Next":"T"},
        "T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Parameters":{"FunctionName":"f"},
             "Retry":[{"ErrorEquals":["States.ALL"],"IntervalSeconds":3,"MaxAttempts":4,"JitterStrategy":"FULL"}],
             "Catch":[{"ErrorEquals":["States.ALL"],"Next":"Done"}],"End":true},
        "Done":{"Type":"Succeed"}}}"#;
    let mut runs = Vec::new();
    for _ in 0..2 {
        let server = start().await;
        let sfn = client(&server);
        let sm = create(&sfn, "det", def).await;
        let arn = start_exec(&sfn, &sm, "same-name", r#"{"k":"v"}"#).await;
        finish(&sfn, &arn, Duration::from_secs(30)).await;
        let events = history(&sfn, &arn).await;
        runs.push(format!("{events:?}"));
    }
    assert_eq!(runs[0], runs[1]);
    assert!(
        runs[0].contains("TaskScheduled"),
        "the run reached the Task"
    );
}

/// The control API pins one execution's clock (mode, epoch, seed) whatever the server's flags:
/// on a virtual-time server, this one waits in manual mode from its own epoch.
#[tokio::test]
async fn per_execution_clock_settings() {
    let server = start().await;
    let sfn = client(&server);
    let def = r#"{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":60,"End":true}}}"#;
    let sm = create(&sfn, "pinned", def).await;
    let answer = control_post(
        &server.endpoint,
        "/_passo/executions/settings",
        r#"{"name":"held","time":"manual","epoch":"2030-01-01T00:00:00Z","seed":9}"#,
    )
    .await;
    assert_eq!(answer["time"], "manual", "{answer}");

    let held = start_exec(&sfn, &sm, "held", "{}").await;
    let free = start_exec(&sfn, &sm, "free", "{}").await;
    let d = finish(&sfn, &free, Duration::from_secs(30)).await;
    assert_eq!(
        d.status,
        ExecutionStatus::Succeeded,
        "others keep virtual time"
    );

    tokio::time::sleep(Duration::from_millis(100)).await;
    let d = sfn
        .describe_execution()
        .execution_arn(&held)
        .send()
        .await
        .unwrap();
    assert_eq!(
        d.status,
        ExecutionStatus::Running,
        "the pinned one waits for the control API"
    );
    assert_eq!(
        d.start_date.to_millis().unwrap(),
        1_893_456_000_000,
        "its own epoch"
    );

    control_post(
        &server.endpoint,
        "/_passo/clock/advance",
        &format!(r#"{{"executionArn":"{held}","seconds":60}}"#),
    )
    .await;
    let d = finish(&sfn, &held, Duration::from_secs(30)).await;
    assert_eq!(d.status, ExecutionStatus::Succeeded);
    assert_eq!(
        d.stop_date.expect("stop date").to_millis().unwrap(),
        1_893_456_060_000
    );
}

/// A silent activity (no worker ever polls) holds the clock too; its timeout fires when the
/// control API moves the execution to its next timer. No worker took the task, so its
/// heartbeat clock never started: TimeoutSeconds is what ends it.
#[tokio::test]
async fn silent_activity_times_out_on_advance() {
    let server = start().await;
    let sfn = client(&server);
    let activity = sfn
        .create_activity()
        .name("nobody-polls")
        .send()
        .await
        .expect("create activity")
        .activity_arn;
    let def = format!(
        r#"{{"StartAt":"A","States":{{"A":{{"Type":"Task","Resource":"{activity}","HeartbeatSeconds":30,"TimeoutSeconds":900,"End":true}}}}}}"#
    );
    let sm = create(&sfn, "silent-activity", &def).await;
    let arn = start_exec(&sfn, &sm, "a1", "{}").await;
    tokio::time::sleep(Duration::from_millis(100)).await;
    let d = sfn
        .describe_execution()
        .execution_arn(&arn)
        .send()
        .await
        .unwrap();
    assert_eq!(
        d.status,
        ExecutionStatus::Running,
        "no worker: the clock holds"
    );

    control_post(
        &server.endpoint,
        "/_passo/clock/advance",
        r#"{"to":"next"}"#,
    )
    .await;
    let d = finish(&sfn, &arn, Duration::from_secs(30)).await;
    assert_eq!(d.status, ExecutionStatus::Failed);
    assert_eq!(d.error.as_deref(), Some("States.Timeout"));
    let events = history(&sfn, &arn).await;
    let scheduled = events
        .iter()
        .find(|e| e.r#type == HistoryEventType::ActivityScheduled)
        .expect("ActivityScheduled");
    let timed_out = events
        .iter()
        .find(|e| e.r#type == HistoryEventType::ActivityTimedOut)
        .unwrap_or_else(|| panic!("no ActivityTimedOut in {:?}", types(&events)));
    assert_eq!(
        millis(timed_out) - millis(scheduled),
        900_000,
        "TimeoutSeconds, not HeartbeatSeconds, ends an untaken activity"
    );
}
