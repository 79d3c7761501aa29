//! RedriveExecution through `aws-sdk-sfn` over HTTP: only unsuccessful states run again (a
//! failed Task, the failed branch of a Parallel, the failed iteration of an inline Map),
//! succeeded ones keep their results; redriveCount, redriveDate, redriveStatus and its reason,
//! the ExecutionRedriven event, the redrive filter and AWS's errors.

mod common;

use std::time::Duration;

use aws_sdk_sfn::types::{ExecutionRedriveFilter, ExecutionRedriveStatus, ExecutionStatus};
use serde_json::{json, Value};

use common::{aws_error, client, create};

async fn activity(sfn: &aws_sdk_sfn::Client, name: &str) -> String {
    sfn.create_activity()
        .name(name)
        .send()
        .await
        .expect("create activity")
        .activity_arn
}

/// Takes the next task of `activity`: (token, input).
async fn take(sfn: &aws_sdk_sfn::Client, activity: &str) -> (String, Value) {
    for _ in 0..200 {
        let t = sfn
            .get_activity_task()
            .activity_arn(activity)
            .worker_name("w")
            .send()
            .await
            .expect("get activity task");
        if let Some(token) = t.task_token {
            let input = serde_json::from_str(t.input.as_deref().unwrap_or("null")).unwrap();
            return (token, input);
        }
    }
    panic!("no activity task for {activity}");
}

async fn wait_done(
    sfn: &aws_sdk_sfn::Client,
    arn: &str,
) -> aws_sdk_sfn::operation::describe_execution::DescribeExecutionOutput {
    for _ in 0..2000 {
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
    panic!("{arn} did not finish");
}

async fn start(sfn: &aws_sdk_sfn::Client, sm: &str, name: &str, input: &str) -> String {
    sfn.start_execution()
        .state_machine_arn(sm)
        .name(name)
        .input(input)
        .send()
        .await
        .expect("start")
        .execution_arn
}

/// (type, name of the state it enters, if any) of every event.
async fn events(sfn: &aws_sdk_sfn::Client, arn: &str) -> Vec<aws_sdk_sfn::types::HistoryEvent> {
    sfn.get_execution_history()
        .execution_arn(arn)
        .max_results(1000)
        .send()
        .await
        .expect("history")
        .events
}

fn entered(events: &[aws_sdk_sfn::types::HistoryEvent], state: &str) -> usize {
    events
        .iter()
        .filter(|e| {
            e.state_entered_event_details
                .as_ref()
                .is_some_and(|d| d.name == state)
        })
        .count()
}

#[tokio::test(flavor = "multi_thread")]
async fn redrive_reruns_the_failed_task_only() {
    let server = common::start().await;
    let sfn = client(&server);
    let act = activity(&sfn, "redrive-work").await;
    let def = format!(
        r#"{{"StartAt":"Before","States":{{
            "Before":{{"Type":"Pass","Result":{{"step":1}},"ResultPath":"$.before","Next":"Work"}},
            "Work":{{"Type":"Task","Resource":"{act}","ResultPath":"$.work","Next":"After"}},
            "After":{{"Type":"Pass","End":true}}}}}}"#
    );
    let sm = create(&sfn, "redrive-task", &def).await;
    let exec = start(&sfn, &sm, "r1", r#"{"x":1}"#).await;
    let (token, input) = take(&sfn, &act).await;
    assert_eq!(input, json!({"x": 1, "before": {"step": 1}}));
    sfn.send_task_failure()
        .task_token(token)
        .error("Flaky")
        .cause("first try")
        .send()
        .await
        .unwrap();
    let failed = wait_done(&sfn, &exec).await;
    assert_eq!(failed.status, ExecutionStatus::Failed);
    assert_eq!(failed.redrive_count, Some(0));
    assert_eq!(
        failed.redrive_status,
        Some(ExecutionRedriveStatus::Redrivable)
    );
    assert_eq!(failed.redrive_status_reason, None);
    assert_eq!(failed.redrive_date, None);
    let before = events(&sfn, &exec).await;

    let redriven = sfn
        .redrive_execution()
        .execution_arn(&exec)
        .send()
        .await
        .expect("redrive");
    let running = sfn
        .describe_execution()
        .execution_arn(&exec)
        .send()
        .await
        .unwrap();
    assert_eq!(running.status, ExecutionStatus::Running);
    assert_eq!(running.redrive_count, Some(1));
    assert_eq!(running.redrive_date, Some(redriven.redrive_date));
    assert_eq!(
        running.redrive_status,
        Some(ExecutionRedriveStatus::NotRedrivable)
    );
    assert_eq!(
        running.redrive_status_reason.as_deref(),
        Some("Execution is RUNNING and cannot be redriven")
    );
    let (token, input) = take(&sfn, &act).await;
    assert_eq!(
        input,
        json!({"x": 1, "before": {"step": 1}}),
        "the same input again"
    );
    sfn.send_task_success()
        .task_token(token)
        .output(r#"{"ok":true}"#)
        .send()
        .await
        .unwrap();
    let done = wait_done(&sfn, &exec).await;
    assert_eq!(done.status, ExecutionStatus::Succeeded);
    assert_eq!(
        serde_json::from_str::<Value>(done.output.as_deref().unwrap()).unwrap(),
        json!({"x": 1, "before": {"step": 1}, "work": {"ok": true}})
    );
    assert_eq!(done.redrive_count, Some(1));
    assert_eq!(
        done.redrive_status_reason.as_deref(),
        Some("Execution is SUCCEEDED and cannot be redriven")
    );

    let after = events(&sfn, &exec).await;
    // The first attempt's history stays as it was; the redrive continues it.
    assert_eq!(&after[..before.len()], &before[..]);
    let next = &after[before.len()];
    assert_eq!(before.last().unwrap().r#type.as_str(), "ExecutionFailed");
    assert_eq!(next.r#type.as_str(), "ExecutionRedriven");
    assert_eq!(next.id, before.len() as i64 + 1);
    assert_eq!(
        next.execution_redriven_event_details
            .as_ref()
            .and_then(|d| d.redrive_count),
        Some(1)
    );
    assert_eq!(
        entered(&after, "Before"),
        1,
        "a succeeded state does not run again"
    );
    assert_eq!(entered(&after, "Work"), 2);
    assert_eq!(entered(&after, "After"), 1);
    for (i, e) in after.iter().enumerate() {
        assert_eq!(e.id, i as i64 + 1);
        assert!(e.previous_event_id < e.id);
    }

    // Listing by redrive filter.
    let other = start(&sfn, &sm, "untouched", "{}").await;
    let redriven_only = sfn
        .list_executions()
        .state_machine_arn(&sm)
        .redrive_filter(ExecutionRedriveFilter::Redriven)
        .send()
        .await
        .unwrap()
        .executions;
    assert_eq!(redriven_only.len(), 1);
    assert_eq!(redriven_only[0].execution_arn, exec);
    assert_eq!(redriven_only[0].redrive_count, Some(1));
    assert_eq!(redriven_only[0].redrive_date, Some(redriven.redrive_date));
    let not_redriven = sfn
        .list_executions()
        .state_machine_arn(&sm)
        .redrive_filter(ExecutionRedriveFilter::NotRedriven)
        .send()
        .await
        .unwrap()
        .executions;
    assert_eq!(not_redriven.len(), 1);
    assert_eq!(not_redriven[0].execution_arn, other);
}

#[tokio::test(flavor = "multi_thread")]
async fn redrive_reruns_only_the_failed_parallel_branch() {
    let server = common::start().await;
    let sfn = client(&server);
    let act = activity(&sfn, "branch-work").await;
    let def = format!(
        r#"{{"StartAt":"Both","States":{{"Both":{{"Type":"Parallel","End":true,"Branches":[
            {{"StartAt":"One","States":{{"One":{{"Type":"Pass","Result":"one","End":true}}}}}},
            {{"StartAt":"Two","States":{{"Two":{{"Type":"Task","Resource":"{act}","End":true}}}}}}
        ]}}}}}}"#
    );
    let sm = create(&sfn, "redrive-parallel", &def).await;
    let exec = start(&sfn, &sm, "p1", "{}").await;
    let (token, _) = take(&sfn, &act).await;
    sfn.send_task_failure()
        .task_token(token)
        .error("Nope")
        .send()
        .await
        .unwrap();
    assert_eq!(wait_done(&sfn, &exec).await.status, ExecutionStatus::Failed);
    sfn.redrive_execution()
        .execution_arn(&exec)
        .send()
        .await
        .unwrap();
    let (token, _) = take(&sfn, &act).await;
    sfn.send_task_success()
        .task_token(token)
        .output(r#""two""#)
        .send()
        .await
        .unwrap();
    let done = wait_done(&sfn, &exec).await;
    assert_eq!(done.status, ExecutionStatus::Succeeded);
    assert_eq!(done.output.as_deref(), Some(r#"["one","two"]"#));
    let h = events(&sfn, &exec).await;
    assert_eq!(
        entered(&h, "One"),
        1,
        "the succeeded branch keeps its result"
    );
    assert_eq!(entered(&h, "Two"), 2);
    assert_eq!(entered(&h, "Both"), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn redrive_reruns_only_the_failed_map_iterations() {
    let server = common::start().await;
    let sfn = client(&server);
    let act = activity(&sfn, "item-work").await;
    let def = format!(
        r#"{{"StartAt":"Each","States":{{"Each":{{"Type":"Map","End":true,
            "ItemProcessor":{{"ProcessorConfig":{{"Mode":"INLINE"}},"StartAt":"Item",
              "States":{{"Item":{{"Type":"Task","Resource":"{act}","End":true}}}}}}}}}}}}"#
    );
    let sm = create(&sfn, "redrive-map", &def).await;
    let exec = start(&sfn, &sm, "m1", "[1,2,3]").await;
    let mut tokens = Vec::new();
    for _ in 0..3 {
        tokens.push(take(&sfn, &act).await);
    }
    tokens.sort_by_key(|(_, input)| input.as_i64());
    // Items 1 and 2 succeed; item 3 fails and fails the Map.
    for (token, input) in &tokens[..2] {
        let out = json!({"done": input});
        sfn.send_task_success()
            .task_token(token)
            .output(out.to_string())
            .send()
            .await
            .unwrap();
    }
    // Let the two successes land before the failure.
    for _ in 0..400 {
        let h = events(&sfn, &exec).await;
        if h.iter()
            .filter(|e| e.r#type.as_str() == "MapIterationSucceeded")
            .count()
            == 2
        {
            break;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    sfn.send_task_failure()
        .task_token(&tokens[2].0)
        .error("Bad")
        .send()
        .await
        .unwrap();
    assert_eq!(wait_done(&sfn, &exec).await.status, ExecutionStatus::Failed);

    sfn.redrive_execution()
        .execution_arn(&exec)
        .send()
        .await
        .unwrap();
    let (token, input) = take(&sfn, &act).await;
    assert_eq!(input, json!(3), "only the failed iteration runs again");
    sfn.send_task_success()
        .task_token(token)
        .output(r#"{"done":3}"#)
        .send()
        .await
        .unwrap();
    let done = wait_done(&sfn, &exec).await;
    assert_eq!(done.status, ExecutionStatus::Succeeded);
    assert_eq!(
        serde_json::from_str::<Value>(done.output.as_deref().unwrap()).unwrap(),
        json!([{"done": 1}, {"done": 2}, {"done": 3}])
    );
    let h = events(&sfn, &exec).await;
    assert_eq!(entered(&h, "Item"), 4);
}

#[tokio::test(flavor = "multi_thread")]
async fn redrive_errors_are_aws_errors() {
    let server = common::start().await;
    let sfn = client(&server);
    let ok = create(&sfn, "redrive-ok", common::PASS).await;
    let fail = create(&sfn, "redrive-fail", common::FAIL).await;
    let succeeded = start(&sfn, &ok, "s", "{}").await;
    wait_done(&sfn, &succeeded).await;
    let (code, message) = aws_error(
        sfn.redrive_execution()
            .execution_arn(&succeeded)
            .send()
            .await,
    );
    assert_eq!(code, "ExecutionNotRedrivable");
    assert_eq!(message, "Execution is SUCCEEDED and cannot be redriven");

    let missing = format!("{}:nope", succeeded.rsplit_once(':').unwrap().0);
    let (code, message) = aws_error(sfn.redrive_execution().execution_arn(&missing).send().await);
    assert_eq!(code, "ExecutionDoesNotExist");
    assert_eq!(message, format!("Execution Does Not Exist: '{missing}'"));
    let (code, _) = aws_error(
        sfn.redrive_execution()
            .execution_arn("not-an-arn")
            .send()
            .await,
    );
    assert_eq!(code, "InvalidArn");

    // A Fail state fails again on redrive: the count goes up each time.
    let failed = start(&sfn, &fail, "f", "{}").await;
    wait_done(&sfn, &failed).await;
    for n in 1..=2 {
        sfn.redrive_execution()
            .execution_arn(&failed)
            .send()
            .await
            .unwrap();
        let d = wait_done(&sfn, &failed).await;
        assert_eq!(d.status, ExecutionStatus::Failed);
        assert_eq!(d.redrive_count, Some(n));
        assert_eq!(d.error.as_deref(), Some("Boom"));
    }
    // Same client token: the same redrive, not another one.
    let first = sfn
        .redrive_execution()
        .execution_arn(&failed)
        .client_token("once")
        .send()
        .await
        .unwrap();
    wait_done(&sfn, &failed).await;
    let again = sfn
        .redrive_execution()
        .execution_arn(&failed)
        .client_token("once")
        .send()
        .await
        .unwrap();
    assert_eq!(first.redrive_date, again.redrive_date);
    let d = wait_done(&sfn, &failed).await;
    assert_eq!(d.redrive_count, Some(3));

    // Fourteen days after it stopped (virtual time), it can no longer be redriven.
    let http = reqwest_like_post(
        &server.endpoint,
        "/_passo/clock/advance",
        r#"{"seconds": 1296000}"#,
    )
    .await;
    assert!(http.contains("200"), "advance: {http}");
    let d = sfn
        .describe_execution()
        .execution_arn(&failed)
        .send()
        .await
        .unwrap();
    assert_eq!(
        d.redrive_status,
        Some(ExecutionRedriveStatus::NotRedrivable)
    );
    assert_eq!(
        d.redrive_status_reason.as_deref(),
        Some("Execution redrivable period exceeded")
    );
    let (code, message) = aws_error(sfn.redrive_execution().execution_arn(&failed).send().await);
    assert_eq!(code, "ExecutionNotRedrivable");
    assert_eq!(message, "Execution redrivable period exceeded");
}

/// A bare HTTP POST (the control API is outside the AWS API): answers the status line and body.
async fn reqwest_like_post(endpoint: &str, path: &str, body: &str) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let addr = endpoint.trim_start_matches("http://").to_owned();
    let mut stream = tokio::net::TcpStream::connect(&addr).await.unwrap();
    let req = format!(
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(req.as_bytes()).await.unwrap();
    let mut out = String::new();
    stream.read_to_string(&mut out).await.unwrap();
    out
}

#[tokio::test(flavor = "multi_thread")]
async fn aborted_and_timed_out_executions_are_redriven() {
    let server = common::start().await;
    let sfn = client(&server);
    let act = activity(&sfn, "slow-work").await;
    let def = format!(
        r#"{{"StartAt":"Work","States":{{"Work":{{"Type":"Task","Resource":"{act}","End":true}}}}}}"#
    );
    let sm = create(&sfn, "redrive-abort", &def).await;
    let exec = start(&sfn, &sm, "a1", r#"{"v":1}"#).await;
    let _ = take(&sfn, &act).await;
    sfn.stop_execution()
        .execution_arn(&exec)
        .error("Halt")
        .send()
        .await
        .unwrap();
    let d = wait_done(&sfn, &exec).await;
    assert_eq!(d.status, ExecutionStatus::Aborted);
    assert_eq!(d.redrive_status, Some(ExecutionRedriveStatus::Redrivable));
    sfn.redrive_execution()
        .execution_arn(&exec)
        .send()
        .await
        .unwrap();
    let (token, input) = take(&sfn, &act).await;
    assert_eq!(input, json!({"v": 1}));
    sfn.send_task_success()
        .task_token(token)
        .output("7")
        .send()
        .await
        .unwrap();
    let d = wait_done(&sfn, &exec).await;
    assert_eq!(d.status, ExecutionStatus::Succeeded);
    assert_eq!(d.output.as_deref(), Some("7"));

    // An execution TimeoutSeconds in virtual time: the Wait outlasts it; redriven, it times
    // out again (the timeout counts from the redrive).
    let def = r#"{"TimeoutSeconds":10,"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":60,"End":true}}}"#;
    let sm = create(&sfn, "redrive-timeout", def).await;
    let exec = start(&sfn, &sm, "t1", "{}").await;
    assert_eq!(
        wait_done(&sfn, &exec).await.status,
        ExecutionStatus::TimedOut
    );
    sfn.redrive_execution()
        .execution_arn(&exec)
        .send()
        .await
        .unwrap();
    let d = wait_done(&sfn, &exec).await;
    assert_eq!(d.status, ExecutionStatus::TimedOut);
    assert_eq!(d.redrive_count, Some(1));
    let h = events(&sfn, &exec).await;
    let types: Vec<&str> = h.iter().map(|e| e.r#type.as_str()).collect();
    assert_eq!(
        types,
        [
            "ExecutionStarted",
            "WaitStateEntered",
            "WaitStateAborted",
            "ExecutionTimedOut",
            "ExecutionRedriven",
            "WaitStateEntered",
            "WaitStateAborted",
            "ExecutionTimedOut"
        ]
    );
}
