//! Execution logs through real clients: state machines created with `aws-sdk-sfn` over HTTP,
//! records read back through the control API (`GET /_passo/logs`), the `passo logs` command
//! and the JSON-lines sink; the `loggingConfiguration` checks of Create/UpdateStateMachine.

mod common;

use std::io::Write;
use std::sync::{Arc, Mutex};

use aws_sdk_sfn::types::{
    CloudWatchLogsLogGroup, LogDestination, LogLevel, LoggingConfiguration, StateMachineType,
};
use common::{aws_error, client, start, Server, ROLE};
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const GROUP: &str = "/aws/vendedlogs/states/passo-test";
const GROUP_ARN: &str =
    "arn:aws:logs:us-east-1:123456789012:log-group:/aws/vendedlogs/states/passo-test:*";

fn logging(level: LogLevel, data: bool, arn: &str) -> LoggingConfiguration {
    LoggingConfiguration::builder()
        .level(level)
        .include_execution_data(data)
        .destinations(
            LogDestination::builder()
                .cloud_watch_logs_log_group(
                    CloudWatchLogsLogGroup::builder().log_group_arn(arn).build(),
                )
                .build(),
        )
        .build()
}

async fn create_logged(
    sfn: &aws_sdk_sfn::Client,
    name: &str,
    definition: &str,
    sm_type: StateMachineType,
    config: LoggingConfiguration,
) -> String {
    sfn.create_state_machine()
        .name(name)
        .definition(definition)
        .role_arn(ROLE)
        .r#type(sm_type)
        .logging_configuration(config)
        .send()
        .await
        .expect("create a logged machine")
        .state_machine_arn
}

async fn run(server: &Server, sfn: &aws_sdk_sfn::Client, sm: &str) -> String {
    let arn = sfn
        .start_execution()
        .state_machine_arn(sm)
        .input(r#"{"x":1}"#)
        .send()
        .await
        .expect("start")
        .execution_arn;
    server.emulator.service().engine().wait(&arn).await;
    arn
}

/// `GET path` on the server: (status, JSON body).
async fn get(server: &Server, path: &str) -> (u16, Value) {
    call(server, "GET", path).await
}

/// `METHOD path` (no body) on the server: (status, JSON body).
async fn call(server: &Server, method: &str, path: &str) -> (u16, Value) {
    let addr = server.endpoint.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
    let req = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    );
    stream.write_all(req.as_bytes()).await.expect("write");
    let mut raw = String::new();
    stream.read_to_string(&mut raw).await.expect("read");
    let status = raw[9..12].parse().expect("a status");
    let body = raw.split("\r\n\r\n").nth(1).expect("a body");
    (status, serde_json::from_str(body).expect("JSON body"))
}

fn encoded(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// The records of one execution, read through the control API.
async fn records(server: &Server, execution_arn: &str) -> Vec<Value> {
    let path = format!(
        "/_passo/logs?logGroup={}&executionArn={}",
        encoded(GROUP),
        encoded(execution_arn)
    );
    let (status, body) = get(server, &path).await;
    assert_eq!(status, 200, "{body}");
    body["events"]
        .as_array()
        .expect("events")
        .iter()
        .map(|e| {
            assert_eq!(e["logGroupName"], GROUP);
            serde_json::from_str(e["message"].as_str().expect("message")).expect("JSON record")
        })
        .collect()
}

fn types(records: &[Value]) -> Vec<&str> {
    records
        .iter()
        .map(|r| r["type"].as_str().unwrap_or_default())
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn all_with_data_mirrors_the_history() {
    let server = start().await;
    let sfn = client(&server);
    let sm = create_logged(
        &sfn,
        "logged",
        common::PASS,
        StateMachineType::Standard,
        logging(LogLevel::All, true, GROUP_ARN),
    )
    .await;
    let arn = run(&server, &sfn, &sm).await;
    let recs = records(&server, &arn).await;
    assert_eq!(
        types(&recs),
        [
            "ExecutionStarted",
            "PassStateEntered",
            "PassStateExited",
            "ExecutionSucceeded"
        ]
    );
    let history = sfn
        .get_execution_history()
        .execution_arn(&arn)
        .send()
        .await
        .expect("history")
        .events;
    assert_eq!(history.len(), recs.len());
    for (h, r) in history.iter().zip(&recs) {
        assert_eq!(r["id"], h.id.to_string());
        assert_eq!(r["previous_event_id"], h.previous_event_id.to_string());
        assert_eq!(
            r["event_timestamp"],
            h.timestamp.to_millis().unwrap().to_string()
        );
        assert_eq!(r["execution_arn"], arn.as_str());
        assert_eq!(r["redrive_count"], "0");
        let keys: Vec<&String> = r.as_object().unwrap().keys().collect();
        assert_eq!(
            keys,
            [
                "id",
                "type",
                "details",
                "previous_event_id",
                "event_timestamp",
                "execution_arn",
                "redrive_count"
            ]
        );
    }
    assert_eq!(recs[0]["details"]["input"], r#"{"x":1}"#);
    assert_eq!(recs[0]["details"]["roleArn"], ROLE);
    assert_eq!(recs[3]["details"]["output"], r#"{"ok":true}"#);
    assert_eq!(recs[3]["details"]["outputDetails"]["truncated"], false);
}

#[tokio::test(flavor = "multi_thread")]
async fn levels_and_execution_data() {
    let server = start().await;
    let sfn = client(&server);
    let quiet = create_logged(
        &sfn,
        "nodata",
        common::PASS,
        StateMachineType::Standard,
        logging(LogLevel::All, false, GROUP_ARN),
    )
    .await;
    let recs = records(&server, &run(&server, &sfn, &quiet).await).await;
    assert_eq!(recs[0]["details"], serde_json::json!({"roleArn": ROLE}));
    assert_eq!(recs[1]["details"], serde_json::json!({"name": "P"}));
    assert_eq!(recs[3]["details"], serde_json::json!({}));

    let error = create_logged(
        &sfn,
        "errors",
        common::FAIL,
        StateMachineType::Standard,
        logging(LogLevel::Error, false, GROUP_ARN),
    )
    .await;
    let recs = records(&server, &run(&server, &sfn, &error).await).await;
    assert_eq!(types(&recs), ["FailStateEntered", "ExecutionFailed"]);
    assert_eq!(
        recs[1]["details"],
        serde_json::json!({"cause": "it broke", "error": "Boom"})
    );

    let fatal = create_logged(
        &sfn,
        "fatal",
        common::FAIL,
        StateMachineType::Standard,
        logging(LogLevel::Fatal, true, GROUP_ARN),
    )
    .await;
    let recs = records(&server, &run(&server, &sfn, &fatal).await).await;
    assert_eq!(types(&recs), ["ExecutionFailed"]);
    // FATAL logs nothing for a run that succeeds.
    let ok = create_logged(
        &sfn,
        "fatal-ok",
        common::PASS,
        StateMachineType::Standard,
        logging(LogLevel::Fatal, true, GROUP_ARN),
    )
    .await;
    assert!(records(&server, &run(&server, &sfn, &ok).await)
        .await
        .is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn async_express_results_are_in_the_logs() {
    let server = start().await;
    let sfn = client(&server);
    let def = r#"{"StartAt":"P","States":{"P":{"Type":"Pass","Parameters":{"e.$":"$$.Execution"},"End":true}}}"#;
    let sm = create_logged(
        &sfn,
        "exp",
        def,
        StateMachineType::Express,
        logging(LogLevel::All, true, GROUP_ARN),
    )
    .await;
    let arn = run(&server, &sfn, &sm).await;
    assert!(arn.contains(":express:"));
    let recs = records(&server, &arn).await;
    let last = recs.last().expect("records");
    assert_eq!(last["type"], "ExecutionSucceeded");
    let output: Value =
        serde_json::from_str(last["details"]["output"].as_str().unwrap()).expect("output JSON");
    // An asynchronous Express execution's context ends with RedriveCount (recorded).
    let keys: Vec<&String> = output["e"].as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        [
            "Id",
            "Input",
            "Name",
            "RoleArn",
            "StartTime",
            "RedriveCount"
        ]
    );

    // Every group is listed, and a reset forgets them.
    let (_, all) = get(&server, "/_passo/logs").await;
    assert_eq!(all["logGroups"], serde_json::json!([GROUP]));
    server.emulator.service().reset();
    let (_, after) = get(&server, "/_passo/logs").await;
    assert_eq!(after["events"], serde_json::json!([]));
}

#[tokio::test(flavor = "multi_thread")]
async fn logging_configuration_is_checked_as_aws_does() {
    let server = start().await;
    let sfn = client(&server);
    let create = |config: LoggingConfiguration, name: &'static str| {
        sfn.create_state_machine()
            .name(name)
            .definition(common::PASS)
            .role_arn(ROLE)
            .logging_configuration(config)
            .send()
    };
    // Recorded: a level without a destination, and two destinations.
    let no_destination = LoggingConfiguration::builder().level(LogLevel::All).build();
    let (code, msg) = aws_error(create(no_destination, "a").await);
    assert_eq!(code, "InvalidLoggingConfiguration");
    assert_eq!(
        msg,
        "Invalid Logging Configuration: Must specify exactly one Log Destination."
    );
    let dest = || {
        LogDestination::builder()
            .cloud_watch_logs_log_group(
                CloudWatchLogsLogGroup::builder()
                    .log_group_arn(GROUP_ARN)
                    .build(),
            )
            .build()
    };
    let two = LoggingConfiguration::builder()
        .level(LogLevel::Error)
        .destinations(dest())
        .destinations(dest())
        .build();
    let (code, _) = aws_error(create(two, "b").await);
    assert_eq!(code, "InvalidLoggingConfiguration");
    // A log group ARN without its ':*' qualifier.
    let unqualified = logging(LogLevel::All, false, GROUP_ARN.trim_end_matches(":*"));
    let (code, msg) = aws_error(create(unqualified, "c").await);
    assert_eq!(code, "InvalidLoggingConfiguration");
    assert_eq!(
        msg,
        "Invalid Logging Configuration: Log Group ARN must be provided with '*' qualifier."
    );
    let (code, msg) = aws_error(create(logging(LogLevel::All, false, "not-an-arn"), "d").await);
    assert_eq!(code, "InvalidLoggingConfiguration");
    assert_eq!(
        msg,
        "Invalid Logging Configuration: Log Destination not found."
    );

    // UpdateStateMachine checks the same, and DescribeStateMachine shows what was kept.
    let sm = common::create(&sfn, "upd", common::PASS).await;
    let (code, _) = aws_error(
        sfn.update_state_machine()
            .state_machine_arn(&sm)
            .logging_configuration(
                LoggingConfiguration::builder()
                    .level(LogLevel::Fatal)
                    .build(),
            )
            .send()
            .await,
    );
    assert_eq!(code, "InvalidLoggingConfiguration");
    sfn.update_state_machine()
        .state_machine_arn(&sm)
        .logging_configuration(logging(LogLevel::Error, true, GROUP_ARN))
        .send()
        .await
        .expect("a valid update");
    let d = sfn
        .describe_state_machine()
        .state_machine_arn(&sm)
        .send()
        .await
        .expect("describe");
    let kept = d.logging_configuration.expect("loggingConfiguration");
    assert_eq!(kept.level, Some(LogLevel::Error));
    assert!(kept.include_execution_data);
}

/// Recorded (test_sfn_api_logs test_deleted_log_group): a log group deleted before the create
/// is "not found". passo has no CloudWatch, so every other group counts as existing; the control
/// API deletes and creates groups.
#[tokio::test(flavor = "multi_thread")]
async fn a_deleted_log_group_is_not_a_destination() {
    let server = start().await;
    let sfn = client(&server);
    let group = format!("/_passo/logs/groups?logGroupName={}", encoded(GROUP));
    let (status, body) = call(&server, "DELETE", &group).await;
    assert_eq!((status, &body["changed"]), (200, &Value::Bool(true)));
    let create = |name: &'static str| {
        sfn.create_state_machine()
            .name(name)
            .definition(common::PASS)
            .role_arn(ROLE)
            .logging_configuration(logging(LogLevel::All, false, GROUP_ARN))
            .send()
    };
    let (code, msg) = aws_error(create("gone").await);
    assert_eq!(code, "InvalidLoggingConfiguration");
    assert_eq!(
        msg,
        "Invalid Logging Configuration: Log Destination not found."
    );
    let plain = sfn
        .create_state_machine()
        .name("plain")
        .definition(common::PASS)
        .role_arn(ROLE)
        .send()
        .await
        .expect("create without logging")
        .state_machine_arn;
    let update = sfn
        .update_state_machine()
        .state_machine_arn(&plain)
        .logging_configuration(logging(LogLevel::All, false, GROUP_ARN))
        .send()
        .await;
    assert_eq!(aws_error(update).0, "InvalidLoggingConfiguration");

    let (status, body) = call(&server, "POST", &group).await;
    assert_eq!((status, &body["changed"]), (200, &Value::Bool(true)));
    let sm = create("back").await.expect("the group exists again");
    let arn = run(&server, &sfn, &sm.state_machine_arn).await;
    assert_eq!(
        types(&records(&server, &arn).await).first(),
        Some(&"ExecutionStarted")
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn passo_logs_prints_the_records() {
    let server = start().await;
    let sfn = client(&server);
    let sm = create_logged(
        &sfn,
        "cli",
        common::PASS,
        StateMachineType::Standard,
        logging(LogLevel::All, false, GROUP_ARN),
    )
    .await;
    let arn = run(&server, &sfn, &sm).await;
    let port = server.endpoint.rsplit(':').next().unwrap().to_owned();
    let out = tokio::task::spawn_blocking(move || {
        std::process::Command::new(env!("CARGO_BIN_EXE_passo"))
            .args(["logs", "--port", &port, "--log-group", GROUP_ARN])
            .output()
    })
    .await
    .expect("join")
    .expect("run passo logs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines: Vec<Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON record per line"))
        .collect();
    assert_eq!(types(&lines), types(&records(&server, &arn).await));
    assert_eq!(lines.len(), 4);
}

/// A `Write` whose bytes the test can read back.
#[derive(Clone, Default)]
struct Shared(Arc<Mutex<Vec<u8>>>);

impl Write for Shared {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_sink_gets_one_json_line_per_record() {
    let server = start().await;
    let sink = Shared::default();
    server
        .emulator
        .service()
        .engine()
        .logs()
        .set_sink(Box::new(sink.clone()));
    let sfn = client(&server);
    let sm = create_logged(
        &sfn,
        "sink",
        common::FAIL,
        StateMachineType::Standard,
        logging(LogLevel::Error, false, GROUP_ARN),
    )
    .await;
    let arn = run(&server, &sfn, &sm).await;
    let text = String::from_utf8(sink.0.lock().unwrap().clone()).unwrap();
    let lines: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    assert_eq!(lines, records(&server, &arn).await);
    assert_eq!(types(&lines), ["FailStateEntered", "ExecutionFailed"]);
}

/// Kills the server it holds when dropped (a failed assertion must not leave it running).
struct Child(std::process::Child);

impl Drop for Child {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn serve_log_events_writes_json_lines_to_a_file() {
    use std::io::BufRead;
    let dir = tempfile::tempdir().expect("a temporary folder");
    let file = dir.path().join("events.jsonl");
    let mut child = Child(
        std::process::Command::new(env!("CARGO_BIN_EXE_passo"))
            .args(["serve", "--port", "0", "--log-events"])
            .arg(&file)
            .env("PASSO_LOG", "info")
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("start passo serve"),
    );
    let stderr = child.0.stderr.take().expect("stderr");
    let endpoint = tokio::task::spawn_blocking(move || {
        for line in std::io::BufReader::new(stderr).lines() {
            let line = line.ok()?;
            if let Some(at) = line.find("listening on http://") {
                let rest = &line[at + "listening on ".len()..];
                return rest.split_whitespace().next().map(str::to_owned);
            }
        }
        None
    })
    .await
    .expect("join")
    .expect("the server's address");
    let config = aws_sdk_sfn::Config::builder()
        .behavior_version(aws_sdk_sfn::config::BehaviorVersion::latest())
        .region(aws_sdk_sfn::config::Region::new("us-east-1"))
        .credentials_provider(aws_sdk_sfn::config::Credentials::new(
            "AKIDPASSO",
            "secret",
            None,
            None,
            "test",
        ))
        .endpoint_url(&endpoint)
        .http_client(aws_smithy_http_client::Builder::new().build_http())
        .interceptor(common::NoHostPrefix)
        .build();
    let sfn = aws_sdk_sfn::Client::from_conf(config);
    let sm = create_logged(
        &sfn,
        "to-file",
        common::PASS,
        StateMachineType::Express,
        logging(LogLevel::All, true, GROUP_ARN),
    )
    .await;
    let out = sfn
        .start_sync_execution()
        .state_machine_arn(&sm)
        .send()
        .await
        .expect("start sync");
    let text = std::fs::read_to_string(&file).expect("the events file");
    let lines: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    assert_eq!(
        types(&lines),
        [
            "ExecutionStarted",
            "PassStateEntered",
            "PassStateExited",
            "ExecutionSucceeded"
        ]
    );
    assert!(lines
        .iter()
        .all(|l| l["execution_arn"] == out.execution_arn.as_str()));
}

#[tokio::test(flavor = "multi_thread")]
async fn an_express_run_past_five_minutes_logs_its_time_out() {
    let server = start().await;
    let sfn = client(&server);
    let def = r#"{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":3600,"End":true}}}"#;
    let sm = create_logged(
        &sfn,
        "too-long",
        def,
        StateMachineType::Express,
        logging(LogLevel::Fatal, false, GROUP_ARN),
    )
    .await;
    let arn = run(&server, &sfn, &sm).await;
    let recs = records(&server, &arn).await;
    assert_eq!(types(&recs), ["ExecutionTimedOut"]);
    assert_eq!(recs[0]["details"]["error"], "States.Timeout");
}
