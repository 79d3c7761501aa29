//! Crash safety of `passo serve --data FILE`: the real binary, 1,000 executions started through
//! `aws-sdk-sfn` (some held at a Wait on manual time, some waiting in real time, the rest
//! running through Waits and a Map in virtual time), a SIGKILL in the middle, a restart on the
//! same file. Every acknowledged call is reflected, every history is whole, and every execution
//! finishes.

mod common;

use std::collections::{HashMap, HashSet};
use std::process::Child;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use aws_sdk_sfn::types::ExecutionStatus;

const TOTAL: usize = 1000;
const KILL_AFTER: usize = 500;

/// The server binary on `--port 0`; answers the child and its endpoint.
fn serve(data: &std::path::Path) -> (Child, String) {
    let mut args: Vec<std::ffi::OsString> = [
        "serve",
        "--port",
        "0",
        "--epoch",
        "2024-01-01T00:00:00Z",
        "--data",
    ]
    .iter()
    .map(Into::into)
    .collect();
    args.push(data.into());
    common::spawn_passo(args)
}

fn client(endpoint: &str) -> aws_sdk_sfn::Client {
    common::client_at(endpoint, common::REGION)
}

/// A POST to the control API; answers whether it was accepted.
async fn control(endpoint: &str, path: &str, body: &str) -> bool {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let addr = endpoint.trim_start_matches("http://").to_owned();
    let Ok(mut stream) = tokio::net::TcpStream::connect(&addr).await else {
        return false;
    };
    let req = format!(
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    if stream.write_all(req.as_bytes()).await.is_err() {
        return false;
    }
    let mut out = String::new();
    let _ = stream.read_to_string(&mut out).await;
    out.starts_with("HTTP/1.1 200")
}

/// What kind of execution number `i` is.
fn kind(i: usize) -> (&'static str, Option<&'static str>) {
    match i % 10 {
        0 => ("held", Some("manual")),
        1 => ("realwait", Some("real")),
        2 | 3 => ("fanout", None),
        _ => ("quick", None),
    }
}

const QUICK: &str = r#"{"StartAt":"A","States":{
  "A":{"Type":"Pass","Result":1,"ResultPath":"$.a","Next":"W"},
  "W":{"Type":"Wait","Seconds":30,"Next":"B"},
  "B":{"Type":"Pass","End":true}}}"#;
const HELD: &str = r#"{"StartAt":"W","States":{
  "W":{"Type":"Wait","Seconds":3600,"Next":"Done"},
  "Done":{"Type":"Pass","Result":"held","End":true}}}"#;
const REALWAIT: &str = r#"{"StartAt":"W","States":{
  "W":{"Type":"Wait","Seconds":2,"Next":"Done"},
  "Done":{"Type":"Pass","Result":"real","End":true}}}"#;
const FANOUT: &str = r#"{"StartAt":"M","States":{"M":{"Type":"Map","End":true,
  "ItemProcessor":{"ProcessorConfig":{"Mode":"INLINE"},"StartAt":"I","States":{
    "I":{"Type":"Wait","Seconds":5,"Next":"J"},"J":{"Type":"Pass","End":true}}}}}}"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sigkill_mid_run_loses_nothing_acknowledged() {
    let dir = tempfile::tempdir().expect("temp dir");
    let data = dir.path().join("passo.redb");
    let (mut child, endpoint) = serve(&data);
    let sfn = client(&endpoint);
    let mut machines = HashMap::new();
    for (name, def) in [
        ("quick", QUICK),
        ("held", HELD),
        ("realwait", REALWAIT),
        ("fanout", FANOUT),
    ] {
        machines.insert(name, common::create(&sfn, name, def).await);
    }

    // Start executions from 16 workers; SIGKILL once KILL_AFTER starts are acknowledged.
    let acked: Arc<Mutex<Vec<(usize, String)>>> = Arc::default();
    let stopped: Arc<Mutex<HashSet<String>>> = Arc::default();
    let next = Arc::new(AtomicUsize::new(0));
    let (kill_tx, kill_rx) = tokio::sync::oneshot::channel::<()>();
    let kill_tx = Arc::new(Mutex::new(Some(kill_tx)));
    let mut workers = Vec::new();
    for _ in 0..16 {
        let (sfn, endpoint, machines) = (sfn.clone(), endpoint.clone(), machines.clone());
        let (acked, stopped, next, kill_tx) = (
            acked.clone(),
            stopped.clone(),
            next.clone(),
            kill_tx.clone(),
        );
        workers.push(tokio::spawn(async move {
            loop {
                let i = next.fetch_add(1, Ordering::SeqCst);
                if i >= TOTAL {
                    return;
                }
                let (machine, time) = kind(i);
                let name = format!("e{i}");
                if let Some(mode) = time {
                    let body = format!(r#"{{"name":"{name}","time":"{mode}"}}"#);
                    if !control(&endpoint, "/_passo/executions/settings", &body).await {
                        return;
                    }
                }
                let started = sfn
                    .start_execution()
                    .state_machine_arn(&machines[machine])
                    .name(&name)
                    .input(if machine == "fanout" { "[1,2,3]" } else { "{}" })
                    .send()
                    .await;
                let Ok(started) = started else {
                    return; // the server is gone
                };
                let count = {
                    let mut a = acked.lock().unwrap();
                    a.push((i, started.execution_arn.clone()));
                    a.len()
                };
                // Stop some held executions: an acknowledged stop must survive too.
                if i % 50 == 0 {
                    let stop = sfn
                        .stop_execution()
                        .execution_arn(&started.execution_arn)
                        .error("Halt")
                        .send()
                        .await;
                    if stop.is_ok() {
                        stopped.lock().unwrap().insert(started.execution_arn);
                    }
                }
                if count >= KILL_AFTER {
                    if let Some(tx) = kill_tx.lock().unwrap().take() {
                        let _ = tx.send(());
                    }
                }
            }
        }));
    }
    let _ = kill_rx.await;
    child.kill().expect("SIGKILL passo");
    let _ = child.wait();
    for w in workers {
        let _ = w.await;
    }
    let acked = acked.lock().unwrap().clone();
    let stopped = stopped.lock().unwrap().clone();
    assert!(
        acked.len() >= KILL_AFTER,
        "{} starts acknowledged",
        acked.len()
    );
    assert!(acked.len() < TOTAL, "the kill came mid-way");

    // Restart on the same file.
    let (mut child, endpoint) = serve(&data);
    let sfn = client(&endpoint);
    let listed = sfn
        .list_state_machines()
        .send()
        .await
        .unwrap()
        .state_machines;
    assert_eq!(listed.len(), 4, "every created state machine is back");

    for (_, arn) in &acked {
        let d = sfn
            .describe_execution()
            .execution_arn(arn)
            .send()
            .await
            .unwrap_or_else(|e| panic!("{arn} is gone after the restart: {e:?}"));
        if stopped.contains(arn) {
            assert_eq!(
                d.status,
                ExecutionStatus::Aborted,
                "{arn}: the stop was acknowledged"
            );
            assert_eq!(d.error.as_deref(), Some("Halt"));
        }
    }
    // Held executions were mid-Wait at the kill and are still there, waiting.
    let mut held_running = 0;
    for (i, arn) in &acked {
        if kind(*i).0 == "held" && !stopped.contains(arn) {
            let d = sfn
                .describe_execution()
                .execution_arn(arn)
                .send()
                .await
                .unwrap();
            assert_eq!(d.status, ExecutionStatus::Running, "{arn}");
            held_running += 1;
        }
    }
    assert!(held_running > 0, "some executions were running at the kill");
    // Manual-time executions wait for the clock: move every execution's clock on.
    assert!(control(&endpoint, "/_passo/clock/advance", r#"{"seconds": 7200}"#).await);

    // Every execution the store knows (acknowledged or not) finishes.
    let mut all = Vec::new();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    loop {
        all.clear();
        for sm in machines.values() {
            let mut token = None;
            loop {
                let page = sfn
                    .list_executions()
                    .state_machine_arn(sm)
                    .max_results(1000)
                    .set_next_token(token)
                    .send()
                    .await
                    .unwrap();
                all.extend(page.executions);
                token = page.next_token;
                if token.is_none() {
                    break;
                }
            }
        }
        let running = all
            .iter()
            .filter(|e| e.status == ExecutionStatus::Running)
            .count();
        if running == 0 {
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "{running} executions still running after the restart"
        );
        // Manual ones resumed after the advance above may still be catching up.
        let _ = control(&endpoint, "/_passo/clock/advance", r#"{"seconds": 7200}"#).await;
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let known: HashSet<&str> = all.iter().map(|e| e.execution_arn.as_str()).collect();
    for (_, arn) in &acked {
        assert!(known.contains(arn.as_str()), "{arn} listed");
    }
    for e in &all {
        let arn = &e.execution_arn;
        if stopped.contains(arn) {
            continue;
        }
        if e.status != ExecutionStatus::Succeeded {
            let d = sfn.describe_execution().execution_arn(arn).send().await;
            let why = d.map(|d| (d.error, d.cause));
            panic!("{arn} ended {:?}: {why:?}", e.status);
        }
        // Nothing corrupt: ids run 1..n, each event points back, one start and one end.
        let events = sfn
            .get_execution_history()
            .execution_arn(arn)
            .max_results(1000)
            .send()
            .await
            .unwrap()
            .events;
        assert_eq!(events[0].r#type.as_str(), "ExecutionStarted", "{arn}");
        assert_eq!(
            events.last().unwrap().r#type.as_str(),
            "ExecutionSucceeded",
            "{arn}"
        );
        for (i, ev) in events.iter().enumerate() {
            assert_eq!(ev.id, i as i64 + 1, "{arn}: event ids are consecutive");
            assert!(ev.previous_event_id < ev.id, "{arn}");
        }
        if e.state_machine_arn.ends_with(":held") {
            // The Wait kept its own virtual clock across the restart: exactly one hour.
            let at = |t: &str| {
                events
                    .iter()
                    .find(|e| e.r#type.as_str() == t)
                    .map(|e| e.timestamp.secs())
                    .unwrap_or_default()
            };
            assert_eq!(
                at("WaitStateExited") - at("WaitStateEntered"),
                3600,
                "{arn}"
            );
        }
        let ends = events
            .iter()
            .filter(|e| e.r#type.as_str().starts_with("Execution"))
            .count();
        assert_eq!(ends, 2, "{arn}: one start, one end");
        let out = sfn
            .describe_execution()
            .execution_arn(arn)
            .send()
            .await
            .unwrap()
            .output;
        let expected = match e.state_machine_arn.rsplit(':').next() {
            Some("held") => r#""held""#,
            Some("realwait") => r#""real""#,
            Some("fanout") => "[1,2,3]",
            _ => r#"{"a":1}"#,
        };
        assert_eq!(out.as_deref(), Some(expected), "{arn}");
    }
    let _ = child.kill();
    let _ = child.wait();
}
