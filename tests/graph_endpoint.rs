//! `GET /_passo/graph` and `passo graph --execution --endpoint` against a started server, with
//! the state machine and execution made through `aws-sdk-sfn`.

mod common;

use std::io::{Read, Write};

use serde_json::Value;

/// A GET over plain HTTP/1.1; the status and the body.
fn get(endpoint: &str, path: &str) -> (u16, String) {
    let authority = endpoint.trim_start_matches("http://");
    let mut s = std::net::TcpStream::connect(authority).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {authority}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut reply = String::new();
    s.read_to_string(&mut reply).unwrap();
    let (head, body) = reply.split_once("\r\n\r\n").unwrap();
    let status = head.split_whitespace().nth(1).unwrap().parse().unwrap();
    (status, body.to_owned())
}

fn enc(s: &str) -> String {
    s.replace(':', "%3A").replace('#', "%23")
}

const RETRY_CATCH: &str = r#"{"StartAt":"Pick","States":{
  "Pick":{"Type":"Choice","Choices":[{"Variable":"$.n","NumericGreaterThan":1,"Next":"Boom"}],"Default":"Done"},
  "Boom":{"Type":"Fail","Error":"Nope"},
  "Done":{"Type":"Pass","End":true}}}"#;

#[tokio::test(flavor = "multi_thread")]
async fn the_graph_endpoint_draws_a_machine_and_an_execution() {
    let server = common::start().await;
    let client = common::client(&server);
    let arn = common::create(&client, "pick", RETRY_CATCH).await;
    let run = client
        .start_execution()
        .state_machine_arn(&arn)
        .name("big")
        .input(r#"{"n": 5}"#)
        .send()
        .await
        .unwrap();
    let exec = run.execution_arn().to_owned();
    let endpoint = server.endpoint.clone();

    let (machine, execution, svg, missing, cli) = tokio::task::spawn_blocking(move || {
        let machine = get(
            &endpoint,
            &format!("/_passo/graph?stateMachineArn={}", enc(&arn)),
        );
        let execution = get(
            &endpoint,
            &format!("/_passo/graph?executionArn={}", enc(&exec)),
        );
        let svg = get(
            &endpoint,
            &format!("/_passo/graph?stateMachineArn={}&format=svg", enc(&arn)),
        );
        let missing = get(
            &endpoint,
            &format!("/_passo/graph?stateMachineArn={}", enc(&format!("{arn}x"))),
        );
        let cli = std::process::Command::new(env!("CARGO_BIN_EXE_passo"))
            .args(["graph", "--execution", &exec, "--endpoint", &endpoint])
            .output()
            .unwrap();
        (machine, execution, svg, missing, cli)
    })
    .await
    .unwrap();

    assert_eq!(machine.0, 200);
    let m: Value = serde_json::from_str(&machine.1).unwrap();
    assert_eq!(m["states"].as_array().unwrap().len(), 3);
    assert!(m["svg"].as_str().unwrap().starts_with("<svg"));
    assert!(m["execution"].is_null());
    let edges = m["layout"]["edges"].as_array().unwrap();
    assert!(edges.iter().any(|e| e["label"] == "$.n > 1"));

    assert_eq!(execution.0, 200);
    let x: Value = serde_json::from_str(&execution.1).unwrap();
    assert_eq!(x["execution"]["status"], "FAILED");
    assert_eq!(x["execution"]["states"]["Pick"]["status"], "succeeded");
    assert_eq!(x["execution"]["states"]["Boom"]["status"], "failed");
    assert!(x["execution"]["states"].get("Done").is_none());
    assert_eq!(x["execution"]["transitions"], 2);
    assert!(x["svg"].as_str().unwrap().contains("○ not reached"));

    assert_eq!(svg.0, 200);
    assert!(svg.1.starts_with("<svg"));
    // An unknown machine is AWS's error, as DescribeStateMachine answers it.
    assert_eq!(missing.0, 400);
    assert!(missing.1.contains("StateMachineDoesNotExist"));

    assert!(
        cli.status.success(),
        "{}",
        String::from_utf8_lossy(&cli.stderr)
    );
    let mermaid = String::from_utf8_lossy(&cli.stdout);
    assert!(mermaid.starts_with("stateDiagram-v2"));
    assert!(mermaid.contains("class"));
    assert!(String::from_utf8_lossy(&cli.stderr).contains("2 state transitions"));
}
