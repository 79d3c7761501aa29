//! Distributed Map through the real client: objects put through the control API
//! (`/_passo/objects`), map runs read back with DescribeMapRun, ListMapRuns, UpdateMapRun and
//! ListExecutions by mapRunArn, results written to the object store.

mod common;

use std::time::Duration;

use aws_sdk_sfn::types::{ExecutionStatus, MapRunStatus};
use common::{aws_error, client, create, start};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// One HTTP request to passo's control API: (status, body).
async fn control(endpoint: &str, method: &str, path: &str, body: &str) -> (u16, String) {
    let addr = endpoint.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
    let req = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(req.as_bytes()).await.expect("write");
    let mut raw = String::new();
    stream.read_to_string(&mut raw).await.expect("read");
    let status = raw
        .get(9..12)
        .and_then(|s| s.parse().ok())
        .expect("a status line");
    let body = raw.split("\r\n\r\n").nth(1).unwrap_or_default().to_owned();
    (status, body)
}

async fn run(sfn: &aws_sdk_sfn::Client, sm: &str, input: &str) -> (String, ExecutionStatus) {
    let arn = sfn
        .start_execution()
        .state_machine_arn(sm)
        .input(input)
        .send()
        .await
        .expect("start")
        .execution_arn;
    let status = finished(sfn, &arn).await;
    (arn, status)
}

/// The status an execution ends with (waiting up to 10 s).
async fn finished(sfn: &aws_sdk_sfn::Client, arn: &str) -> ExecutionStatus {
    for _ in 0..2000 {
        let d = sfn
            .describe_execution()
            .execution_arn(arn)
            .send()
            .await
            .expect("describe");
        if d.status != ExecutionStatus::Running {
            return d.status;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    panic!("execution {arn} did not finish");
}

/// An execution's whole history.
async fn history(
    sfn: &aws_sdk_sfn::Client,
    arn: &str,
) -> aws_sdk_sfn::operation::get_execution_history::GetExecutionHistoryOutput {
    sfn.get_execution_history()
        .execution_arn(arn)
        .send()
        .await
        .expect("history")
}

/// A history as `(type, id, previousEventId)`.
fn shape(
    h: &aws_sdk_sfn::operation::get_execution_history::GetExecutionHistoryOutput,
) -> Vec<(&str, i64, i64)> {
    h.events()
        .iter()
        .map(|e| (e.r#type().as_str(), e.id, e.previous_event_id))
        .collect()
}

/// The ARN of the first map run an execution started.
async fn first_map_run(sfn: &aws_sdk_sfn::Client, arn: &str) -> String {
    sfn.list_map_runs()
        .execution_arn(arn)
        .send()
        .await
        .expect("list map runs")
        .map_runs()[0]
        .map_run_arn()
        .to_owned()
}

/// `passo serve --data FILE` on a free port, with `extra` flags.
fn serve_data(data: &std::path::Path, extra: &[&str]) -> (std::process::Child, String) {
    let mut args: Vec<std::ffi::OsString> = ["serve", "--port", "0"]
        .iter()
        .chain(extra)
        .map(Into::into)
        .collect();
    args.push("--data".into());
    args.push(data.into());
    common::spawn_passo(args)
}

/// A map over `data/rows.csv` whose children each wait a minute.
fn waiting_map(max_concurrency: u32) -> String {
    format!(
        r#"{{"StartAt":"M","States":{{"M":{{"Type":"Map","MaxConcurrency":{max_concurrency},
        "ItemReader":{{"Resource":"arn:aws:states:::s3:getObject",
          "ReaderConfig":{{"InputType":"CSV","CSVHeaderLocation":"FIRST_ROW"}},
          "Parameters":{{"Bucket":"data","Key":"rows.csv"}}}},
        "ItemProcessor":{{"ProcessorConfig":{{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"}},
          "StartAt":"W","States":{{"W":{{"Type":"Wait","Seconds":60,"End":true}}}}}},
        "End":true}}}}}}"#
    )
}

/// Starts an execution without waiting for it.
async fn start_only(sfn: &aws_sdk_sfn::Client, sm: &str) -> String {
    sfn.start_execution()
        .state_machine_arn(sm)
        .send()
        .await
        .expect("start")
        .execution_arn
}

fn csv_map(extra: &str) -> String {
    format!(
        r#"{{"StartAt":"M","States":{{"M":{{"Type":"Map","Label":"Rows","MaxConcurrency":2,{extra}
        "ItemReader":{{"Resource":"arn:aws:states:::s3:getObject",
          "ReaderConfig":{{"InputType":"CSV","CSVHeaderLocation":"FIRST_ROW"}},
          "Parameters":{{"Bucket.$":"$.bucket","Key.$":"$.key"}}}},
        "ItemProcessor":{{"ProcessorConfig":{{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"}},
          "StartAt":"C","States":{{
            "C":{{"Type":"Choice","Choices":[{{"Variable":"$.name","StringEquals":"bad","Next":"F"}}],"Default":"P"}},
            "F":{{"Type":"Fail","Error":"Bad","Cause":"bad row"}},
            "P":{{"Type":"Pass","Parameters":{{"who.$":"$.name"}},"End":true}}}}}},
        "End":true}}}}}}"#
    )
}

#[tokio::test]
async fn a_csv_map_run_has_child_executions_and_counts() {
    let server = start().await;
    let sfn = client(&server);
    let (status, _) = control(
        &server.endpoint,
        "PUT",
        "/_passo/objects/data/rows.csv",
        "name,age\nann,30\nbob,41\ncid,52\n",
    )
    .await;
    assert_eq!(status, 200);
    let sm = create(&sfn, "dm", &csv_map("")).await;
    let (arn, status) = run(&sfn, &sm, r#"{"bucket":"data","key":"rows.csv"}"#).await;
    assert_eq!(status, ExecutionStatus::Succeeded);
    let d = sfn
        .describe_execution()
        .execution_arn(&arn)
        .send()
        .await
        .expect("describe");
    let out: serde_json::Value = serde_json::from_str(d.output().unwrap_or("null")).expect("json");
    assert_eq!(
        out,
        serde_json::json!([{"who": "ann"}, {"who": "bob"}, {"who": "cid"}])
    );

    let runs = sfn
        .list_map_runs()
        .execution_arn(&arn)
        .send()
        .await
        .expect("list map runs");
    assert_eq!(runs.map_runs().len(), 1);
    let run = &runs.map_runs()[0];
    let prefix = format!(
        "arn:aws:states:us-east-1:{}:mapRun:dm/Rows:",
        common::ACCOUNT
    );
    assert!(
        run.map_run_arn().starts_with(&prefix),
        "{}",
        run.map_run_arn()
    );
    assert_eq!(
        run.state_machine_arn(),
        format!(
            "arn:aws:states:us-east-1:{}:stateMachine:dm/Rows",
            common::ACCOUNT
        )
    );

    let mr = sfn
        .describe_map_run()
        .map_run_arn(run.map_run_arn())
        .send()
        .await
        .expect("describe map run");
    assert_eq!(mr.status(), &MapRunStatus::Succeeded);
    assert_eq!(mr.max_concurrency(), 2);
    let items = mr.item_counts().expect("item counts");
    assert_eq!(
        (items.total(), items.succeeded(), items.failed()),
        (3, 3, 0)
    );
    let execs = mr.execution_counts().expect("execution counts");
    assert_eq!((execs.total(), execs.running(), execs.pending()), (3, 0, 0));

    let children = sfn
        .list_executions()
        .map_run_arn(run.map_run_arn())
        .send()
        .await
        .expect("list children");
    assert_eq!(children.executions().len(), 3);
    for c in children.executions() {
        assert_eq!(c.status(), &ExecutionStatus::Succeeded);
        assert!(c.execution_arn().contains(":execution:dm/Rows:"));
        assert_eq!(c.map_run_arn(), Some(run.map_run_arn()));
    }
    let child = children.executions()[0].execution_arn();
    // The machine of a child is the map run's: its labelled ARN, the ItemProcessor as the
    // definition, the label and the map run.
    let sd = sfn
        .describe_state_machine_for_execution()
        .execution_arn(child)
        .send()
        .await
        .expect("describe the child's state machine");
    assert_eq!(sd.state_machine_arn(), run.state_machine_arn());
    assert_eq!(sd.label(), Some("Rows"));
    assert_eq!(sd.map_run_arn(), Some(run.map_run_arn()));
    let processor: serde_json::Value = serde_json::from_str(sd.definition()).expect("json");
    let written: serde_json::Value = serde_json::from_str(&csv_map("")).expect("json");
    assert_eq!(processor, written["States"]["M"]["ItemProcessor"]);
    assert_eq!(sd.role_arn(), common::ROLE);
    let cd = sfn
        .describe_execution()
        .execution_arn(child)
        .send()
        .await
        .expect("describe child");
    assert_eq!(cd.map_run_arn(), Some(run.map_run_arn()));
    let h = sfn
        .get_execution_history()
        .execution_arn(child)
        .send()
        .await
        .expect("child history");
    let types: Vec<String> = h
        .events()
        .iter()
        .map(|e| e.r#type().as_str().to_owned())
        .collect();
    // A child's own history is an execution's: its states' events, the first state pointing to
    // 0 and the end event to the last state's exit.
    assert_eq!(
        types,
        [
            "ExecutionStarted",
            "ChoiceStateEntered",
            "ChoiceStateExited",
            "PassStateEntered",
            "PassStateExited",
            "ExecutionSucceeded"
        ]
    );
    let links: Vec<(i64, i64)> = h
        .events()
        .iter()
        .map(|e| (e.id, e.previous_event_id))
        .collect();
    assert_eq!(links, [(1, 0), (2, 0), (3, 2), (4, 3), (5, 4), (6, 5)]);
    let exited = h.events()[4]
        .state_exited_event_details()
        .expect("PassStateExited details");
    assert_eq!(exited.name(), "P");
    // ListExecutions lists the newest child first: the last row.
    assert_eq!(exited.output(), Some(r#"{"who":"cid"}"#));
}

#[tokio::test]
async fn failures_beyond_the_tolerance_fail_the_run() {
    let server = start().await;
    let sfn = client(&server);
    control(
        &server.endpoint,
        "PUT",
        "/_passo/objects/data/rows.csv",
        "name\nann\nbad\nbad\ncid\n",
    )
    .await;
    let sm = create(&sfn, "strict", &csv_map(r#""ToleratedFailureCount":1,"#)).await;
    let (arn, status) = run(&sfn, &sm, r#"{"bucket":"data","key":"rows.csv"}"#).await;
    assert_eq!(status, ExecutionStatus::Failed);
    let d = sfn
        .describe_execution()
        .execution_arn(&arn)
        .send()
        .await
        .expect("describe");
    assert_eq!(d.error(), Some("States.ExceedToleratedFailureThreshold"));
    let runs = sfn
        .list_map_runs()
        .execution_arn(&arn)
        .send()
        .await
        .expect("runs");
    let mr = sfn
        .describe_map_run()
        .map_run_arn(runs.map_runs()[0].map_run_arn())
        .send()
        .await
        .expect("describe map run");
    assert_eq!(mr.status(), &MapRunStatus::Failed);
    assert_eq!(mr.tolerated_failure_count(), 1);
    assert_eq!(mr.item_counts().map(|c| c.failed()), Some(2));

    // One failure within the tolerance: the run succeeds, the failure is the item's result.
    let sm = create(&sfn, "lenient", &csv_map(r#""ToleratedFailureCount":2,"#)).await;
    let (arn, status) = run(&sfn, &sm, r#"{"bucket":"data","key":"rows.csv"}"#).await;
    assert_eq!(status, ExecutionStatus::Succeeded);
    let runs = sfn
        .list_map_runs()
        .execution_arn(&arn)
        .send()
        .await
        .expect("runs");
    let children = sfn
        .list_executions()
        .map_run_arn(runs.map_runs()[0].map_run_arn())
        .status_filter(ExecutionStatus::Failed)
        .send()
        .await
        .expect("failed children");
    assert_eq!(children.executions().len(), 2);
    // A failed child's history ends with ExecutionFailed after its Fail state.
    let ch = history(&sfn, children.executions()[0].execution_arn()).await;
    assert_eq!(
        shape(&ch),
        [
            ("ExecutionStarted", 1, 0),
            ("ChoiceStateEntered", 2, 0),
            ("ChoiceStateExited", 3, 2),
            ("FailStateEntered", 4, 3),
            ("ExecutionFailed", 5, 4)
        ]
    );
    let failed = ch.events()[4]
        .execution_failed_event_details()
        .expect("ExecutionFailed details");
    assert_eq!(
        (failed.error(), failed.cause()),
        (Some("Bad"), Some("bad row"))
    );
}

#[tokio::test]
async fn batches_and_results_go_to_the_object_store() {
    let server = start().await;
    let sfn = client(&server);
    let items: Vec<serde_json::Value> = (0..5).map(|i| serde_json::json!({"n": i})).collect();
    let body = serde_json::json!({"Objects": [
        {"Bucket": "in", "Key": "items.json", "Body": items}
    ]});
    let (status, _) = control(
        &server.endpoint,
        "POST",
        "/_passo/objects",
        &body.to_string(),
    )
    .await;
    assert_eq!(status, 200);
    let def = r#"{"StartAt":"M","States":{"M":{"Type":"Map",
        "ItemReader":{"Resource":"arn:aws:states:::s3:getObject","ReaderConfig":{"InputType":"JSON"},
          "Parameters":{"Bucket":"in","Key":"items.json"}},
        "ItemBatcher":{"MaxItemsPerBatch":2,"BatchInput":{"tag":"b"}},
        "ResultWriter":{"Resource":"arn:aws:states:::s3:putObject","Parameters":{"Bucket":"out","Prefix":"res"}},
        "ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"EXPRESS"},
          "StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},
        "End":true}}}"#;
    let sm = create(&sfn, "batched", def).await;
    let (arn, status) = run(&sfn, &sm, "{}").await;
    assert_eq!(status, ExecutionStatus::Succeeded);
    let d = sfn
        .describe_execution()
        .execution_arn(&arn)
        .send()
        .await
        .expect("describe");
    let out: serde_json::Value = serde_json::from_str(d.output().unwrap_or("null")).expect("json");
    let key = out["ResultWriterDetails"]["Key"]
        .as_str()
        .expect("a manifest key");
    assert_eq!(out["ResultWriterDetails"]["Bucket"], "out");
    assert!(
        key.starts_with("res/") && key.ends_with("/manifest.json"),
        "{key}"
    );
    let (status, manifest) = control(
        &server.endpoint,
        "GET",
        &format!("/_passo/objects/out/{key}"),
        "",
    )
    .await;
    assert_eq!(status, 200);
    let manifest: serde_json::Value = serde_json::from_str(&manifest).expect("manifest JSON");
    let succeeded = manifest["ResultFiles"]["SUCCEEDED"][0]["Key"]
        .as_str()
        .expect("a SUCCEEDED file")
        .to_owned();
    assert!(succeeded.ends_with("/SUCCEEDED_0.json"));
    let (_, results) = control(
        &server.endpoint,
        "GET",
        &format!("/_passo/objects/out/{succeeded}"),
        "",
    )
    .await;
    let results: serde_json::Value = serde_json::from_str(&results).expect("results JSON");
    // 5 items in batches of 2: three child executions, each echoing its batch.
    assert_eq!(results.as_array().map(Vec::len), Some(3));
    let first: serde_json::Value =
        serde_json::from_str(results[0]["Output"].as_str().expect("output text")).expect("json");
    assert_eq!(
        first,
        serde_json::json!({"BatchInput": {"tag": "b"}, "Items": [{"n": 0}, {"n": 1}]})
    );
    let runs = sfn
        .list_map_runs()
        .execution_arn(&arn)
        .send()
        .await
        .expect("runs");
    let mr = sfn
        .describe_map_run()
        .map_run_arn(runs.map_runs()[0].map_run_arn())
        .send()
        .await
        .expect("describe map run");
    assert_eq!(mr.item_counts().map(|c| c.total()), Some(5));
    assert_eq!(mr.execution_counts().map(|c| c.total()), Some(3));
}

#[tokio::test]
async fn reader_errors_and_map_run_api_errors() {
    let server = start().await;
    let sfn = client(&server);
    let sm = create(&sfn, "missing", &csv_map("")).await;
    let (arn, status) = run(&sfn, &sm, r#"{"bucket":"none","key":"nothing.csv"}"#).await;
    assert_eq!(status, ExecutionStatus::Failed);
    let d = sfn
        .describe_execution()
        .execution_arn(&arn)
        .send()
        .await
        .expect("describe");
    assert_eq!(d.error(), Some("States.ItemReaderFailed"));

    let runs = sfn
        .list_map_runs()
        .execution_arn(&arn)
        .send()
        .await
        .expect("runs");
    let run_arn = runs.map_runs()[0].map_run_arn().to_owned();
    sfn.update_map_run()
        .map_run_arn(&run_arn)
        .max_concurrency(7)
        .tolerated_failure_percentage(12.5)
        .send()
        .await
        .expect("update map run");
    let mr = sfn
        .describe_map_run()
        .map_run_arn(&run_arn)
        .send()
        .await
        .expect("describe map run");
    assert_eq!(mr.max_concurrency(), 7);
    assert_eq!(mr.tolerated_failure_percentage(), 12.5);
    assert_eq!(mr.status(), &MapRunStatus::Failed);

    let unknown = run_arn.replace(":mapRun:missing/", ":mapRun:other/");
    let (code, _) = aws_error(sfn.describe_map_run().map_run_arn(&unknown).send().await);
    assert_eq!(code, "ResourceNotFound");
    let (code, _) = aws_error(
        sfn.describe_map_run()
            .map_run_arn("arn:aws:states:us-east-1:123456789012:execution:a:b")
            .send()
            .await,
    );
    assert_eq!(code, "InvalidArn");
    let (code, _) = aws_error(sfn.update_map_run().map_run_arn(&run_arn).send().await);
    assert_eq!(code, "ValidationException");
}

/// The execution's first map run, once `running` of its children run (or after 10 s).
async fn running_map_run(sfn: &aws_sdk_sfn::Client, arn: &str, running: i64) -> String {
    let mut run = String::new();
    for _ in 0..2000 {
        let runs = sfn.list_map_runs().execution_arn(arn).send().await;
        if let Some(r) = runs.expect("runs").map_runs().first() {
            run = r.map_run_arn().to_owned();
            if counts(sfn, &run).await.1 == running {
                break;
            }
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    run
}

async fn counts(sfn: &aws_sdk_sfn::Client, run: &str) -> (MapRunStatus, i64, i64, i64) {
    let mr = sfn
        .describe_map_run()
        .map_run_arn(run)
        .send()
        .await
        .expect("describe map run");
    let c = mr.execution_counts().expect("execution counts");
    (mr.status().clone(), c.running(), c.pending(), c.aborted())
}

#[tokio::test]
async fn update_map_run_reaches_a_running_map_and_stop_aborts_the_run() {
    let server = common::start_with(passo::engine::TimeMode::Manual).await;
    let sfn = client(&server);
    control(
        &server.endpoint,
        "PUT",
        "/_passo/objects/data/rows.csv",
        "name\na\nb\nc\nd\n",
    )
    .await;
    let sm = create(&sfn, "slow", &waiting_map(1)).await;
    let arn = start_only(&sfn, &sm).await;
    let run = running_map_run(&sfn, &arn, 1).await;
    assert_eq!(
        counts(&sfn, &run).await,
        (MapRunStatus::Running, 1, 3, 0),
        "one child at a time"
    );
    sfn.update_map_run()
        .map_run_arn(&run)
        .max_concurrency(4)
        .send()
        .await
        .expect("update map run");
    // The first child's Wait ends; the Map then starts the other three at once.
    let body = format!(r#"{{"executionArn":"{arn}","to":"next"}}"#);
    let (status, _) = control(&server.endpoint, "POST", "/_passo/clock/advance", &body).await;
    assert_eq!(status, 200);
    let mut seen = (MapRunStatus::Running, 0, 0, 0);
    for _ in 0..2000 {
        seen = counts(&sfn, &run).await;
        if seen.1 == 3 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    assert_eq!(seen, (MapRunStatus::Running, 3, 0, 0));

    sfn.stop_execution()
        .execution_arn(&arn)
        .send()
        .await
        .expect("stop");
    assert_eq!(counts(&sfn, &run).await, (MapRunStatus::Aborted, 0, 0, 3));
    let aborted = sfn
        .list_executions()
        .map_run_arn(&run)
        .status_filter(ExecutionStatus::Aborted)
        .send()
        .await
        .expect("aborted children");
    assert_eq!(aborted.executions().len(), 3);
    // An aborted child's history: its Wait aborted, then ExecutionAborted (pointing to 0).
    let ch = history(&sfn, aborted.executions()[0].execution_arn()).await;
    assert_eq!(
        shape(&ch),
        [
            ("ExecutionStarted", 1, 0),
            ("WaitStateEntered", 2, 0),
            ("WaitStateAborted", 3, 2),
            ("ExecutionAborted", 4, 0)
        ]
    );
    let h = sfn
        .get_execution_history()
        .execution_arn(&arn)
        .send()
        .await
        .expect("history");
    let types: Vec<&str> = h.events().iter().map(|e| e.r#type().as_str()).collect();
    assert!(types.contains(&"MapRunAborted"), "{types:?}");
    assert!(!types.contains(&"MapIterationAborted"), "{types:?}");
    assert_eq!(types.last(), Some(&"ExecutionAborted"), "{types:?}");
}

/// The recorded real-AWS sequence `test_list_map_runs_and_describe_map_run_api`: its S3 object,
/// machine and input, then ListMapRuns and DescribeMapRun compared with what AWS answered.
#[tokio::test]
async fn recorded_list_and_describe_map_run() {
    let Some(dir) = common::recordings() else {
        println!("skipped: no recordings");
        return;
    };
    let path = dir.join(
        "test_sfn_api_map_run.TestSnfApiMapRun.test_list_map_runs_and_describe_map_run_api.json",
    );
    let Ok(text) = std::fs::read_to_string(&path) else {
        println!("skipped: recording not found");
        return;
    };
    let case: serde_json::Value = serde_json::from_str(&text).expect("case JSON");
    let steps = case["steps"].as_array().expect("steps");
    let step = |op: &str| {
        steps
            .iter()
            .find(|s| s["op"] == op)
            .unwrap_or_else(|| panic!("a {op} step"))
    };
    let server = start().await;
    let sfn = client(&server);
    let put = &step("put_object")["params"];
    let (status, _) = control(
        &server.endpoint,
        "PUT",
        &format!(
            "/_passo/objects/{}/{}",
            put["Bucket"].as_str().expect("bucket"),
            put["Key"].as_str().expect("key")
        ),
        put["Body"].as_str().expect("body"),
    )
    .await;
    assert_eq!(status, 200);
    let create_params = &step("create_state_machine")["params"];
    let sm = create(
        &sfn,
        "recorded",
        create_params["definition"].as_str().expect("definition"),
    )
    .await;
    let input = step("start_execution")["params"]["input"]
        .as_str()
        .expect("input");
    let (arn, status) = run(&sfn, &sm, input).await;
    assert_eq!(status, ExecutionStatus::Succeeded);

    let listed = &step("list_map_runs")["expected"]["list_map_runs"]["mapRuns"];
    let runs = sfn
        .list_map_runs()
        .execution_arn(&arn)
        .send()
        .await
        .expect("runs");
    assert_eq!(Some(runs.map_runs().len()), listed.as_array().map(Vec::len));
    let run = &runs.map_runs()[0];
    assert_eq!(run.execution_arn(), arn);
    assert!(run.stop_date().is_some() == listed[0].get("stopDate").is_some());
    // stateMachineArn is `<machine ARN>/<MapRunArnPart0>`, the map run ARN's label part.
    let part0 = run
        .map_run_arn()
        .rsplit_once(':')
        .and_then(|(head, _)| head.rsplit_once('/'))
        .map(|(_, p)| p)
        .expect("a label part");
    assert_eq!(run.state_machine_arn(), format!("{sm}/{part0}"));

    let exp = &step("describe_map_run")["expected"]["describe_map_run"];
    let mr = sfn
        .describe_map_run()
        .map_run_arn(run.map_run_arn())
        .send()
        .await
        .expect("describe map run");
    assert_eq!(mr.status().as_str(), exp["status"]);
    assert_eq!(i64::from(mr.max_concurrency()), exp["maxConcurrency"]);
    assert_eq!(mr.tolerated_failure_count(), exp["toleratedFailureCount"]);
    assert_eq!(
        mr.tolerated_failure_percentage() as f64,
        exp["toleratedFailurePercentage"]
    );
    let i = mr.item_counts().expect("item counts");
    let items = serde_json::json!({
        "aborted": i.aborted(), "failed": i.failed(), "pending": i.pending(),
        "resultsWritten": i.results_written(), "running": i.running(),
        "succeeded": i.succeeded(), "timedOut": i.timed_out(), "total": i.total(),
    });
    assert_eq!(items, exp["itemCounts"]);
    let e = mr.execution_counts().expect("execution counts");
    let executions = serde_json::json!({
        "aborted": e.aborted(), "failed": e.failed(), "pending": e.pending(),
        "resultsWritten": e.results_written(), "running": e.running(),
        "succeeded": e.succeeded(), "timedOut": e.timed_out(), "total": e.total(),
    });
    assert_eq!(executions, exp["executionCounts"]);
}

/// `passo serve --data FILE` keeps map runs: after a SIGKILL and a restart, ListMapRuns,
/// DescribeMapRun and DescribeStateMachineForExecution of a child answer as before.
#[tokio::test(flavor = "multi_thread")]
async fn map_runs_survive_a_restart() {
    let dir = tempfile::tempdir().expect("temp dir");
    let data = dir.path().join("runs.redb");
    let serve = || serve_data(&data, &[]);
    let (mut child, endpoint) = serve();
    let sfn = common::client_at(&endpoint, common::REGION);
    let (status, _) = control(
        &endpoint,
        "PUT",
        "/_passo/objects/data/rows.csv",
        "name,age\nann,30\nbad,41\n",
    )
    .await;
    assert_eq!(status, 200);
    let sm = create(&sfn, "kept", &csv_map(r#""ToleratedFailureCount":1,"#)).await;
    let (arn, status) = run(&sfn, &sm, r#"{"bucket":"data","key":"rows.csv"}"#).await;
    assert_eq!(status, ExecutionStatus::Succeeded);
    let before = sfn
        .list_map_runs()
        .execution_arn(&arn)
        .send()
        .await
        .expect("list map runs");
    let run_arn = before.map_runs()[0].map_run_arn().to_owned();
    let described = |sfn: aws_sdk_sfn::Client, run_arn: String| async move {
        let mr = sfn
            .describe_map_run()
            .map_run_arn(&run_arn)
            .send()
            .await
            .expect("describe map run");
        let items = mr.item_counts().expect("item counts");
        (
            mr.status().clone(),
            items.total(),
            items.succeeded(),
            items.failed(),
            mr.tolerated_failure_count(),
        )
    };
    let counts = described(sfn.clone(), run_arn.clone()).await;
    assert_eq!(counts, (MapRunStatus::Succeeded, 2, 1, 1, 1));

    child.kill().expect("SIGKILL passo");
    let _ = child.wait();
    let (mut child, endpoint) = serve();
    let sfn = common::client_at(&endpoint, common::REGION);
    assert_eq!(described(sfn.clone(), run_arn.clone()).await, counts);
    let after = sfn
        .list_map_runs()
        .execution_arn(&arn)
        .send()
        .await
        .expect("list map runs after the restart");
    assert_eq!(after.map_runs(), before.map_runs());
    let children = sfn
        .list_executions()
        .map_run_arn(&run_arn)
        .send()
        .await
        .expect("list children");
    assert_eq!(children.executions().len(), 2);
    let sd = sfn
        .describe_state_machine_for_execution()
        .execution_arn(children.executions()[0].execution_arn())
        .send()
        .await
        .expect("a child's state machine after the restart");
    assert_eq!(sd.map_run_arn(), Some(run_arn.as_str()));
    let _ = child.kill();
    let _ = child.wait();
}

/// Redriving a parent whose distributed Map failed redrives the same map run: the parent's
/// history goes on with `MapRunRedriven`, only the failed child runs again (its own history
/// going on with `ExecutionRedriven`), and DescribeMapRun counts the redrive.
#[tokio::test]
async fn a_redriven_parent_redrives_its_map_run() {
    let server = start().await;
    let sfn = client(&server);
    control(
        &server.endpoint,
        "PUT",
        "/_passo/objects/data/rows.csv",
        "name\nann\nbad\ncid\n",
    )
    .await;
    // "bad" fails in its Pass state until the execution is redriven: item -1 of a list is an
    // error, item 0 is not.
    let def = r#"{"StartAt":"M","States":{"M":{"Type":"Map","Label":"Rows",
        "ItemReader":{"Resource":"arn:aws:states:::s3:getObject",
          "ReaderConfig":{"InputType":"CSV","CSVHeaderLocation":"FIRST_ROW"},
          "Parameters":{"Bucket":"data","Key":"rows.csv"}},
        "ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},
          "StartAt":"C","States":{
            "C":{"Type":"Choice","Choices":[
              {"Variable":"$.name","StringEquals":"bad","Next":"B"}],"Default":"P"},
            "B":{"Type":"Pass","Parameters":{"v.$":"States.ArrayGetItem(States.Array('ok'), States.MathAdd($$.Execution.RedriveCount, -1))"},"End":true},
            "P":{"Type":"Pass","End":true}}},
        "End":true}}}"#;
    let sm = create(&sfn, "redriven", def).await;
    let (arn, status) = run(&sfn, &sm, "{}").await;
    assert_eq!(status, ExecutionStatus::Failed);
    let run_arn = first_map_run(&sfn, &arn).await;
    assert_eq!(counts(&sfn, &run_arn).await.0, MapRunStatus::Failed);

    sfn.redrive_execution()
        .execution_arn(&arn)
        .send()
        .await
        .expect("redrive");
    assert_eq!(finished(&sfn, &arn).await, ExecutionStatus::Succeeded);

    let h = sfn
        .get_execution_history()
        .execution_arn(&arn)
        .send()
        .await
        .expect("history");
    let types: Vec<&str> = h.events().iter().map(|e| e.r#type().as_str()).collect();
    let at = types
        .iter()
        .position(|t| *t == "ExecutionRedriven")
        .expect("ExecutionRedriven");
    assert_eq!(
        &types[at..at + 3],
        ["ExecutionRedriven", "MapRunRedriven", "MapRunSucceeded"],
        "{types:?}"
    );
    let redriven = h.events()[at + 1]
        .map_run_redriven_event_details()
        .expect("MapRunRedriven details");
    assert_eq!(
        (redriven.map_run_arn(), redriven.redrive_count()),
        (Some(run_arn.as_str()), Some(1))
    );
    assert_eq!(h.events()[at + 1].previous_event_id, h.events()[at].id);
    assert_eq!(h.events()[at + 2].previous_event_id, h.events()[at + 1].id);

    let runs = sfn
        .list_map_runs()
        .execution_arn(&arn)
        .send()
        .await
        .expect("runs");
    assert_eq!(runs.map_runs().len(), 1, "the same run, not a new one");
    let mr = sfn
        .describe_map_run()
        .map_run_arn(&run_arn)
        .send()
        .await
        .expect("describe map run");
    assert_eq!(mr.status(), &MapRunStatus::Succeeded);
    assert_eq!(mr.redrive_count(), Some(1));
    assert!(mr.redrive_date().is_some());
    let items = mr.item_counts().expect("item counts");
    assert_eq!(
        (
            items.total(),
            items.succeeded(),
            items.failed(),
            items.aborted()
        ),
        (3, 3, 0, 0)
    );

    let children = sfn
        .list_executions()
        .map_run_arn(&run_arn)
        .send()
        .await
        .expect("children");
    assert!(children
        .executions()
        .iter()
        .all(|c| c.status() == &ExecutionStatus::Succeeded));
    let bad = children
        .executions()
        .iter()
        .find(|c| c.redrive_count() == Some(1))
        .unwrap_or_else(|| panic!("the redriven child: {:?}", children.executions()));
    let ch = history(&sfn, bad.execution_arn()).await;
    assert_eq!(
        shape(&ch),
        [
            ("ExecutionStarted", 1, 0),
            ("ChoiceStateEntered", 2, 0),
            ("ChoiceStateExited", 3, 2),
            ("PassStateEntered", 4, 3),
            ("ExecutionFailed", 5, 4),
            ("ExecutionRedriven", 6, 5),
            ("PassStateEntered", 7, 6),
            ("PassStateExited", 8, 7),
            ("ExecutionSucceeded", 9, 8),
        ]
    );
}

/// A distributed Map cut off by a SIGKILL goes on after the restart: its objects are still
/// there to read, the run keeps its ARN and counts, and no child's history has an event twice.
#[tokio::test(flavor = "multi_thread")]
async fn a_running_map_run_resumes_after_a_restart() {
    let dir = tempfile::tempdir().expect("temp dir");
    let data = dir.path().join("resume.redb");
    let serve = || serve_data(&data, &["--time", "manual"]);
    let (mut child, endpoint) = serve();
    let sfn = common::client_at(&endpoint, common::REGION);
    control(
        &endpoint,
        "PUT",
        "/_passo/objects/data/rows.csv",
        "name\na\nb\nc\nd\n",
    )
    .await;
    let sm = create(&sfn, "resumed", &waiting_map(2)).await;
    let arn = start_only(&sfn, &sm).await;
    // Two children wait; one minute later they end and the other two start.
    let run = running_map_run(&sfn, &arn, 2).await;
    let advance = r#"{"seconds": 60}"#;
    assert_eq!(
        control(&endpoint, "POST", "/_passo/clock/advance", advance)
            .await
            .0,
        200
    );
    for _ in 0..2000 {
        let mr = sfn.describe_map_run().map_run_arn(&run).send().await;
        let items = mr.expect("describe map run").item_counts().cloned();
        if items.is_some_and(|c| c.succeeded() == 2 && c.running() == 2) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }

    child.kill().expect("SIGKILL passo");
    let _ = child.wait();
    let (mut child, endpoint) = serve();
    let sfn = common::client_at(&endpoint, common::REGION);
    for _ in 0..2000 {
        let (status, _) = control(&endpoint, "POST", "/_passo/clock/advance", advance).await;
        assert_eq!(status, 200);
        let d = sfn.describe_execution().execution_arn(&arn).send().await;
        if d.expect("describe").status != ExecutionStatus::Running {
            break;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let d = sfn
        .describe_execution()
        .execution_arn(&arn)
        .send()
        .await
        .expect("describe");
    assert_eq!(d.status, ExecutionStatus::Succeeded, "{d:?}");
    assert_eq!(
        counts(&sfn, &run).await,
        (MapRunStatus::Succeeded, 0, 0, 0),
        "the same run, ended"
    );
    let children = sfn
        .list_executions()
        .map_run_arn(&run)
        .send()
        .await
        .expect("children");
    assert_eq!(children.executions().len(), 4);
    for c in children.executions() {
        assert_eq!(c.status(), &ExecutionStatus::Succeeded);
        let h = sfn
            .get_execution_history()
            .execution_arn(c.execution_arn())
            .send()
            .await
            .expect("a child's history");
        let types: Vec<&str> = h.events().iter().map(|e| e.r#type().as_str()).collect();
        assert_eq!(
            types,
            [
                "ExecutionStarted",
                "WaitStateEntered",
                "WaitStateExited",
                "ExecutionSucceeded"
            ],
            "{}",
            c.execution_arn()
        );
    }
    let _ = child.kill();
    let _ = child.wait();
}

/// A Parquet file of `(name, qty, at)` rows, written with the `parquet` crate.
fn parquet_file(rows: &[(&str, i64, i64)]) -> Vec<u8> {
    use parquet::data_type::{ByteArray, ByteArrayType, Int64Type};
    use parquet::file::writer::SerializedFileWriter;
    use parquet::schema::parser::parse_message_type;
    let schema = parse_message_type(
        "message row { required binary name (UTF8); required int64 qty; \
         required int64 at (TIMESTAMP(MILLIS,true)); }",
    )
    .expect("schema");
    let mut buf = Vec::new();
    let mut writer =
        SerializedFileWriter::new(&mut buf, std::sync::Arc::new(schema), Default::default())
            .expect("writer");
    let mut group = writer.next_row_group().expect("row group");
    let names: Vec<ByteArray> = rows.iter().map(|r| ByteArray::from(r.0)).collect();
    let mut col = group.next_column().expect("column").expect("name");
    col.typed::<ByteArrayType>()
        .write_batch(&names, None, None)
        .expect("names");
    col.close().expect("close");
    for pick in [|r: &(&str, i64, i64)| r.1, |r: &(&str, i64, i64)| r.2] {
        let values: Vec<i64> = rows.iter().map(pick).collect();
        let mut col = group.next_column().expect("column").expect("int64");
        col.typed::<Int64Type>()
            .write_batch(&values, None, None)
            .expect("values");
        col.close().expect("close");
    }
    group.close().expect("close row group");
    writer.close().expect("close file");
    buf
}

/// `InputType: PARQUET` reads one item per row (timestamps as epoch milliseconds), and an
/// Athena data manifest (`ManifestType: ATHENA_DATA`) reads every Parquet file it lists.
#[tokio::test]
async fn parquet_files_and_athena_manifests_are_read() {
    let server = start().await;
    let sfn = client(&server);
    let objects = &server.emulator.service().engine().distributed().objects;
    let now = server.emulator.service().engine().now();
    objects.put(
        "data",
        "one.parquet",
        parquet_file(&[("ann", 3, 1_700_000_000_000), ("bob", 5, 1_700_000_001_000)]),
        now,
    );
    objects.put("data", "two.parquet", parquet_file(&[("cid", 7, 0)]), now);
    objects.put(
        "data",
        "unload/manifest.csv",
        b"s3://data/one.parquet\ns3://data/two.parquet\n".to_vec(),
        now,
    );
    let map = |config: &str, key: &str| {
        format!(
            r#"{{"StartAt":"M","States":{{"M":{{"Type":"Map",
            "ItemReader":{{"Resource":"arn:aws:states:::s3:getObject","ReaderConfig":{config},
              "Parameters":{{"Bucket":"data","Key":"{key}"}}}},
            "ItemProcessor":{{"ProcessorConfig":{{"Mode":"DISTRIBUTED","ExecutionType":"EXPRESS"}},
              "StartAt":"P","States":{{"P":{{"Type":"Pass","End":true}}}}}},
            "End":true}}}}}}"#
        )
    };
    let output = |arn: String| {
        let sfn = sfn.clone();
        async move {
            let d = sfn.describe_execution().execution_arn(&arn).send().await;
            let d = d.expect("describe");
            serde_json::from_str::<serde_json::Value>(d.output().unwrap_or("null")).expect("json")
        }
    };

    let sm = create(
        &sfn,
        "pq",
        &map(r#"{"InputType":"PARQUET"}"#, "one.parquet"),
    )
    .await;
    let (arn, status) = run(&sfn, &sm, "{}").await;
    assert_eq!(status, ExecutionStatus::Succeeded);
    assert_eq!(
        output(arn).await,
        serde_json::json!([
            {"name": "ann", "qty": 3, "at": 1_700_000_000_000_i64},
            {"name": "bob", "qty": 5, "at": 1_700_000_001_000_i64}
        ])
    );

    let athena = r#"{"InputType":"PARQUET","ManifestType":"ATHENA_DATA","MaxItems":3}"#;
    let sm = create(&sfn, "athena", &map(athena, "unload/manifest.csv")).await;
    let (arn, status) = run(&sfn, &sm, "{}").await;
    assert_eq!(status, ExecutionStatus::Succeeded);
    let names: Vec<serde_json::Value> = output(arn)
        .await
        .as_array()
        .expect("an array")
        .iter()
        .map(|i| i["name"].clone())
        .collect();
    assert_eq!(names, ["ann", "bob", "cid"]);

    // Not Parquet: the run fails with States.ItemReaderFailed.
    let sm = create(
        &sfn,
        "bad",
        &map(r#"{"InputType":"PARQUET"}"#, "unload/manifest.csv"),
    )
    .await;
    let (arn, status) = run(&sfn, &sm, "{}").await;
    assert_eq!(status, ExecutionStatus::Failed);
    let d = sfn.describe_execution().execution_arn(&arn).send().await;
    assert_eq!(
        d.expect("describe").error(),
        Some("States.ItemReaderFailed")
    );
}

/// Inside a map run's child, `$$.Execution` and `$$.StateMachine` are the child's own: its
/// ARN, name, input and the map run's labelled state machine.
#[tokio::test]
async fn a_childs_context_object_is_its_own() {
    let server = start().await;
    let sfn = client(&server);
    let def = r#"{"StartAt":"M","States":{"M":{"Type":"Map","Label":"Ctx","ItemsPath":"$.items",
        "ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},
          "StartAt":"P","States":{"P":{"Type":"Pass","End":true,"Parameters":{
            "id.$":"$$.Execution.Id","name.$":"$$.Execution.Name",
            "input.$":"$$.Execution.Input","machine.$":"$$.StateMachine.Id"}}}},
        "End":true}}}"#;
    let sm = create(&sfn, "ctx", def).await;
    let (arn, status) = run(&sfn, &sm, r#"{"items":[{"k":1},{"k":2}]}"#).await;
    assert_eq!(status, ExecutionStatus::Succeeded);
    let d = sfn
        .describe_execution()
        .execution_arn(&arn)
        .send()
        .await
        .expect("describe");
    let out: serde_json::Value = serde_json::from_str(d.output().unwrap_or("null")).expect("json");
    let run_arn = first_map_run(&sfn, &arn).await;
    let mut children: Vec<(String, String)> = sfn
        .list_executions()
        .map_run_arn(&run_arn)
        .send()
        .await
        .expect("children")
        .executions()
        .iter()
        .map(|c| (c.execution_arn().to_owned(), c.name().to_owned()))
        .collect();
    children.reverse(); // oldest first: item order
    for (i, (child_arn, child_name)) in children.iter().enumerate() {
        let o = &out[i];
        assert_eq!(o["id"], serde_json::json!(child_arn));
        assert_eq!(o["name"], serde_json::json!(child_name));
        assert_eq!(o["input"], serde_json::json!({"k": i + 1}));
        assert_eq!(
            o["machine"],
            serde_json::json!(format!(
                "arn:aws:states:us-east-1:{}:stateMachine:ctx/Ctx",
                common::ACCOUNT
            ))
        );
    }
}

/// A redrive reruns every unsuccessful child, failures the run tolerated included, and only
/// MaxConcurrency of them at a time: with one at a time and a one-minute Wait in each, the
/// second waits as PENDING_REDRIVE until the first ends, and starts a minute after it.
#[tokio::test]
async fn redriven_children_wait_for_a_place_under_max_concurrency() {
    let server = common::start_with(passo::engine::TimeMode::Manual).await;
    let sfn = client(&server);
    // Each "bad" item fails in B on its first attempt; "ok" passes.
    let def = r#"{"StartAt":"M","States":{"M":{"Type":"Map","ItemsPath":"$.items",
        "MaxConcurrency":1,"ToleratedFailureCount":1,
        "ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},
          "StartAt":"C","States":{
            "C":{"Type":"Choice","Choices":[
              {"Variable":"$.name","StringEquals":"bad","Next":"B"}],"Default":"P"},
            "B":{"Type":"Pass","Next":"W","Parameters":{"name.$":"$.name","v.$":"States.ArrayGetItem(States.Array('ok'), States.MathAdd($$.Execution.RedriveCount, -1))"}},
            "W":{"Type":"Wait","Seconds":60,"End":true},
            "P":{"Type":"Pass","End":true}}},
        "End":true}}}"#;
    let sm = create(&sfn, "queued", def).await;
    let input = r#"{"items":[{"name":"bad"},{"name":"bad"},{"name":"ok"}]}"#;
    let (arn, status) = run(&sfn, &sm, input).await;
    assert_eq!(
        status,
        ExecutionStatus::Failed,
        "the second failure is one too many"
    );
    let run_arn = first_map_run(&sfn, &arn).await;
    sfn.redrive_execution()
        .execution_arn(&arn)
        .send()
        .await
        .expect("redrive");
    let with_status = |status: ExecutionStatus| {
        let sfn = sfn.clone();
        let run_arn = run_arn.clone();
        async move {
            let l = sfn
                .list_executions()
                .map_run_arn(&run_arn)
                .status_filter(status)
                .send()
                .await
                .expect("list children");
            l.executions().len()
        }
    };
    // The first redriven child waits in W; the other waits for its place.
    assert_eq!(with_status(ExecutionStatus::Running).await, 1);
    assert_eq!(with_status(ExecutionStatus::PendingRedrive).await, 1);

    let body = format!(r#"{{"executionArn":"{arn}","to":"next"}}"#);
    let mut status = ExecutionStatus::Running;
    for _ in 0..2000 {
        control(&server.endpoint, "POST", "/_passo/clock/advance", &body).await;
        let d = sfn.describe_execution().execution_arn(&arn).send().await;
        status = d.expect("describe").status;
        if status != ExecutionStatus::Running {
            break;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    assert_eq!(status, ExecutionStatus::Succeeded);
    let mr = sfn
        .describe_map_run()
        .map_run_arn(&run_arn)
        .send()
        .await
        .expect("describe map run");
    let items = mr.item_counts().expect("item counts");
    assert_eq!((items.succeeded(), items.failed()), (3, 0));

    // Both failed children were redriven, the tolerated one too, one minute apart.
    let children = sfn
        .list_executions()
        .map_run_arn(&run_arn)
        .send()
        .await
        .expect("children");
    let mut redriven = Vec::new();
    for c in children.executions() {
        let h = history(&sfn, c.execution_arn()).await;
        let at = h
            .events()
            .iter()
            .find(|e| e.r#type().as_str() == "ExecutionRedriven");
        if let Some(e) = at {
            redriven.push(e.timestamp.secs());
        }
    }
    redriven.sort_unstable();
    assert_eq!(redriven.len(), 2, "{children:?}");
    assert_eq!(redriven[1] - redriven[0], 60);
}
