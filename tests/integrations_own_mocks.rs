//! passo's own mocks through the control API (`/_passo/mocks`) and the real Rust SDK: matching
//! on the task input, sequences across retries, delays and callbacks in virtual time,
//! service-shaped defaults, scoping per execution name so parallel tests do not collide, the
//! example file in `mocks/`, and the clear failure of an unmocked Task.

mod common;

use std::time::Duration;

use aws_sdk_sfn::types::{ExecutionStatus, HistoryEventType};
use common::{client, create, start};
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

async fn control(endpoint: &str, method: &str, path: &str, body: &str) -> (u16, Value) {
    let addr = endpoint.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
    let req = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(req.as_bytes()).await.expect("write");
    let mut raw = String::new();
    stream.read_to_string(&mut raw).await.expect("read");
    let status: u16 = raw[9..12].parse().expect("a status");
    let json = raw.split("\r\n\r\n").nth(1).expect("a body");
    (status, serde_json::from_str(json).expect("JSON body"))
}

async fn run_named(
    sfn: &aws_sdk_sfn::Client,
    machine: &str,
    name: &str,
    input: Value,
) -> aws_sdk_sfn::operation::describe_execution::DescribeExecutionOutput {
    let started = sfn
        .start_execution()
        .state_machine_arn(machine)
        .name(name)
        .input(input.to_string())
        .send()
        .await
        .unwrap();
    for _ in 0..500 {
        let d = sfn
            .describe_execution()
            .execution_arn(&started.execution_arn)
            .send()
            .await
            .unwrap();
        if d.status != ExecutionStatus::Running {
            return d;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("execution did not end");
}

fn output(d: &aws_sdk_sfn::operation::describe_execution::DescribeExecutionOutput) -> Value {
    serde_json::from_str(d.output.as_deref().expect("an output")).unwrap()
}

const SEND: &str = r#"{"StartAt":"Send","States":{"Send":{"Type":"Task",
  "Resource":"arn:aws:states:::sqs:sendMessage",
  "Parameters":{"QueueUrl":"https://sqs.us-east-1.amazonaws.com/123456789012/q","MessageBody.$":"$"},
  "Retry":[{"ErrorEquals":["SQS.ThrottlingException"],"IntervalSeconds":10,"MaxAttempts":3}],
  "End":true}}}"#;

#[tokio::test]
async fn input_matching_sequences_and_defaults_scoped_per_execution() {
    let server = start().await;
    let sfn = client(&server);
    let machine = create(&sfn, "Sender", SEND).await;
    // Execution "a": the first call is throttled, the retry gets the SQS-shaped default answer.
    let (status, reg) = control(
        &server.endpoint,
        "POST",
        "/_passo/mocks",
        &json!({"Scope": {"ExecutionName": "a"}, "Mocks": [
            {"Resource": "sqs:sendMessage", "Responses": [
                {"Throw": {"Error": "SQS.ThrottlingException", "Cause": "slow down"}},
                {"Default": true}
            ]}
        ]})
        .to_string(),
    )
    .await;
    assert_eq!(status, 200, "{reg}");
    // Execution "b": answers depend on the message body.
    let (status, _) = control(
        &server.endpoint,
        "POST",
        "/_passo/mocks",
        &json!({"Scope": {"ExecutionName": "b"}, "Mocks": [
            {"State": "Send", "When": {"Path": "$.MessageBody.vip", "Equals": true},
             "Response": {"Return": {"MessageId": "vip"}}},
            {"State": "Send", "Response": {"Return": {"MessageId": "normal"}}}
        ]})
        .to_string(),
    )
    .await;
    assert_eq!(status, 200);
    let (a, b) = tokio::join!(
        run_named(&sfn, &machine, "a", json!({"text": "hello"})),
        run_named(&sfn, &machine, "b", json!({"vip": true})),
    );
    assert_eq!(a.status, ExecutionStatus::Succeeded, "{:?}", a.cause);
    let out = output(&a);
    // MD5 of the body the task sent: {"text":"hello"}.
    let md5 = format!("{:x}", md5_of(r#"{"text":"hello"}"#));
    assert_eq!(out["MD5OfMessageBody"], md5);
    assert_eq!(out["MessageId"].as_str().map(str::len), Some(36));
    assert_eq!(out["SdkHttpMetadata"]["HttpStatusCode"], 200);
    // The retry waited its 10 s of virtual time.
    assert_eq!(a.stop_date.unwrap().secs() - a.start_date.secs(), 10);
    assert_eq!(output(&b), json!({"MessageId": "vip"}));
    // The list shows both sets, newest first.
    let (_, listed) = control(&server.endpoint, "GET", "/_passo/mocks", "").await;
    let sets = listed["MockSets"].as_array().unwrap();
    assert_eq!(sets.len(), 2);
    assert_eq!(sets[0]["Scope"], json!({"ExecutionName": "b"}));
    // Another execution matches neither scope: it fails naming the state and the resource.
    let c = run_named(&sfn, &machine, "c", json!({})).await;
    assert_eq!(c.error.as_deref(), Some("States.TaskFailed"));
    let cause = c.cause.unwrap();
    assert!(
        cause.contains("'Send'") && cause.contains("arn:aws:states:::sqs:sendMessage"),
        "{cause}"
    );
    let (status, removed) = control(&server.endpoint, "DELETE", "/_passo/mocks", "").await;
    assert_eq!((status, removed["Removed"].as_u64()), (200, Some(2)));
}

fn md5_of(text: &str) -> u128 {
    use md5::Digest;
    u128::from_be_bytes(md5::Md5::digest(text.as_bytes()).into())
}

#[tokio::test]
async fn callbacks_and_delays_take_virtual_time() {
    let server = start().await;
    let sfn = client(&server);
    let def = r#"{"StartAt":"Ask","States":{
      "Ask":{"Type":"Task","Resource":"arn:aws:states:::sqs:sendMessage.waitForTaskToken",
        "Parameters":{"QueueUrl":"q","MessageBody":{"token.$":"$$.Task.Token"}},"Next":"Slow"},
      "Slow":{"Type":"Task","Resource":"arn:aws:states:::dynamodb:getItem",
        "Parameters":{"TableName":"t","Key":{"id":{"S":"1"}}},"End":true}}}"#;
    let machine = create(&sfn, "Approval", def).await;
    let (status, _) = control(
        &server.endpoint,
        "POST",
        "/_passo/mocks",
        &json!({"Scope": {"ExecutionName": "one"}, "Mocks": [
            {"State": "Ask", "Response": {"Callback": {"AfterSeconds": 3600, "Success": {"approved": true}}}},
            {"State": "Slow", "Response": {"Default": true, "DelaySeconds": 5}}
        ]})
        .to_string(),
    )
    .await;
    assert_eq!(status, 200);
    let d = run_named(&sfn, &machine, "one", json!({})).await;
    assert_eq!(d.status, ExecutionStatus::Succeeded, "{:?}", d.cause);
    assert_eq!(d.stop_date.unwrap().secs() - d.start_date.secs(), 3605);
    assert_eq!(output(&d)["Item"], json!({"id": {"S": "1"}}));
    let history = sfn
        .get_execution_history()
        .execution_arn(&d.execution_arn)
        .send()
        .await
        .unwrap();
    let types: Vec<&HistoryEventType> = history.events.iter().map(|e| &e.r#type).collect();
    assert!(types.contains(&&HistoryEventType::TaskSubmitted));
    let submitted = history
        .events
        .iter()
        .find_map(|e| e.task_submitted_event_details.as_ref())
        .unwrap();
    let sub: Value = serde_json::from_str(submitted.output.as_deref().unwrap()).unwrap();
    assert!(sub["MessageId"].is_string() && sub["MD5OfMessageBody"].is_string());
}

#[tokio::test]
async fn the_example_mock_file_drives_the_example_machine() {
    let server = start().await;
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join("mocks/passo-mocks.json")).unwrap();
    let set = passo::integrations::MockSet::parse(&text).unwrap();
    server.emulator.integrations().set_mocks(set);
    let sfn = client(&server);
    let def = std::fs::read_to_string(root.join("mocks/LambdaSQSIntegration.asl.json")).unwrap();
    let machine = create(&sfn, "LambdaSQSIntegration", &def).await;
    let d = run_named(&sfn, &machine, "example", json!({"name": "passo"})).await;
    assert_eq!(d.status, ExecutionStatus::Succeeded, "{:?}", d.cause);
    let (status, bad) = control(
        &server.endpoint,
        "POST",
        "/_passo/mocks",
        r#"{"Mocks": [{"Response": {"Return": 1, "Default": true}}]}"#,
    )
    .await;
    assert_eq!(status, 400);
    assert!(bad["message"].as_str().unwrap().contains("exactly one of"));
    // A reset forgets registered sets but keeps the `--mocks` file.
    let (status, _) = control(
        &server.endpoint,
        "POST",
        "/_passo/mocks",
        r#"{"Scope": {"TestCase": "T"}, "Mocks": [{"Response": {"Default": true}}]}"#,
    )
    .await;
    assert_eq!(status, 200);
    let (_, listed) = control(&server.endpoint, "GET", "/_passo/mocks", "").await;
    assert_eq!(listed["MockSets"].as_array().map(Vec::len), Some(2));
    control(&server.endpoint, "POST", "/_passo/reset", "").await;
    let (_, listed) = control(&server.endpoint, "GET", "/_passo/mocks", "").await;
    let sets = listed["MockSets"].as_array().unwrap();
    assert_eq!(sets.len(), 1);
    assert_eq!(sets[0]["Id"], 0);
}
