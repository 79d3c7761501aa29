//! API benchmarks (divan): process start to first successful API call and idle memory of the
//! built binary, then the HTTP latency of DescribeStateMachine and of StartExecution +
//! DescribeExecution on a one-state machine against an in-process server.
//!
//! `cargo bench --bench api`. The process figures need `target/release/passo`
//! (`cargo build --release`) and are skipped with a message otherwise.
#![allow(
    clippy::disallowed_methods,
    reason = "a benchmark measures wall time; the emulator's own time is not involved"
)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

use passo::engine::EngineConfig;
use passo::Emulator;

const ROLE: &str = "arn:aws:iam::123456789012:role/bench";
const PASS: &str = r#"{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}"#;

/// A minimal keep-alive HTTP/1.1 client, so the figures are the server's and not a client
/// library's.
struct Conn {
    reader: BufReader<TcpStream>,
    writer: TcpStream,
}

impl Conn {
    fn connect(addr: &str) -> std::io::Result<Conn> {
        let stream = TcpStream::connect(addr)?;
        stream.set_nodelay(true)?;
        stream.set_read_timeout(Some(Duration::from_secs(5)))?;
        Ok(Conn {
            reader: BufReader::new(stream.try_clone()?),
            writer: stream,
        })
    }

    /// One AWS JSON 1.0 call; answers the status and body.
    fn call(&mut self, op: &str, body: &str) -> std::io::Result<(u16, String)> {
        write!(
            self.writer,
            "POST / HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-amz-json-1.0\r\nX-Amz-Target: AWSStepFunctions.{op}\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        )?;
        let mut line = String::new();
        self.reader.read_line(&mut line)?;
        let status = line
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let mut length = 0usize;
        loop {
            line.clear();
            self.reader.read_line(&mut line)?;
            let l = line.trim_end();
            if l.is_empty() {
                break;
            }
            if let Some((k, v)) = l.split_once(':') {
                if k.eq_ignore_ascii_case("content-length") {
                    length = v.trim().parse().unwrap_or(0);
                }
            }
        }
        let mut buf = vec![0; length];
        self.reader.read_exact(&mut buf)?;
        Ok((status, String::from_utf8_lossy(&buf).into_owned()))
    }
}

/// The in-process server the latency benches talk to, with a one-state machine created.
struct Bench {
    conn: Mutex<Conn>,
    sm_arn: String,
    /// Whether StartExecution works here (it needs the engine).
    executions: bool,
}

fn bench_server() -> &'static Bench {
    static SERVER: OnceLock<Bench> = OnceLock::new();
    SERVER.get_or_init(|| {
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .expect("runtime");
            rt.block_on(async move {
                let emulator = Emulator::new(EngineConfig::default());
                let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
                    .await
                    .expect("bind");
                let _ = tx.send(listener.local_addr().expect("address").to_string());
                passo::api::server::run(
                    listener,
                    emulator.service().clone(),
                    std::future::pending::<()>(),
                )
                .await;
            });
        });
        let addr = rx.recv().expect("server address");
        let mut conn = Conn::connect(&addr).expect("connect");
        let create = serde_json::json!({"name": "bench", "definition": PASS, "roleArn": ROLE});
        let (_, body) = conn
            .call("CreateStateMachine", &create.to_string())
            .expect("create");
        let sm_arn = serde_json::from_str::<serde_json::Value>(&body)
            .ok()
            .and_then(|v| v["stateMachineArn"].as_str().map(str::to_owned))
            .expect("state machine arn");
        let probe = serde_json::json!({"stateMachineArn": sm_arn}).to_string();
        let executions = conn
            .call("StartExecution", &probe)
            .map(|(s, _)| s == 200)
            .unwrap_or(false);
        if !executions {
            println!("StartExecution+DescribeExecution: skipped (the engine is not available in this build)");
        }
        Bench {
            conn: Mutex::new(conn),
            sm_arn,
            executions,
        }
    })
}

#[divan::bench]
fn describe_state_machine(bencher: divan::Bencher) {
    let b = bench_server();
    let body = serde_json::json!({"stateMachineArn": b.sm_arn}).to_string();
    bencher.bench(|| {
        let mut conn = b.conn.lock().unwrap_or_else(|p| p.into_inner());
        let (status, _) = conn.call("DescribeStateMachine", &body).expect("call");
        assert_eq!(status, 200);
    });
}

#[divan::bench]
fn start_and_describe_execution(bencher: divan::Bencher) {
    let b = bench_server();
    let start = serde_json::json!({"stateMachineArn": b.sm_arn}).to_string();
    bencher.bench(|| {
        if !b.executions {
            return;
        }
        let mut conn = b.conn.lock().unwrap_or_else(|p| p.into_inner());
        let (status, body) = conn.call("StartExecution", &start).expect("start");
        assert_eq!(status, 200);
        let arn = serde_json::from_str::<serde_json::Value>(&body)
            .ok()
            .and_then(|v| v["executionArn"].as_str().map(str::to_owned))
            .unwrap_or_default();
        let describe = serde_json::json!({ "executionArn": arn }).to_string();
        let (status, _) = conn.call("DescribeExecution", &describe).expect("describe");
        assert_eq!(status, 200);
    });
}

/// The release binary, if built.
fn release_binary() -> Option<PathBuf> {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target"));
    let bin = target.join("release").join("passo");
    bin.exists().then_some(bin)
}

fn free_port() -> Option<u16> {
    let l = std::net::TcpListener::bind("127.0.0.1:0").ok()?;
    l.local_addr().ok().map(|a| a.port())
}

fn rss_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find(|l| l.starts_with("VmRSS:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|n| n.parse().ok())
}

/// Process start to the first successful API call, and idle memory after it.
fn process_figures() {
    let Some(bin) = release_binary() else {
        println!("process start / idle memory: skipped (build target/release/passo with `cargo build --release`)");
        return;
    };
    let mut starts = Vec::new();
    let mut rss = None;
    for _ in 0..10 {
        let Some(port) = free_port() else { return };
        let t0 = Instant::now();
        let Ok(mut child) = Command::new(&bin)
            .args(["serve", "--port", &port.to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
        else {
            println!("process start: could not spawn {}", bin.display());
            return;
        };
        let addr = format!("127.0.0.1:{port}");
        let mut ready = None;
        while t0.elapsed() < Duration::from_secs(5) {
            if let Ok(mut c) = Conn::connect(&addr) {
                if let Ok((200, _)) = c.call("ListStateMachines", "{}") {
                    ready = Some(t0.elapsed());
                    break;
                }
            }
            std::thread::sleep(Duration::from_micros(200));
        }
        if let Some(d) = ready {
            starts.push(d);
            std::thread::sleep(Duration::from_millis(100));
            rss = rss_kib(child.id()).or(rss);
        }
        let _ = child.kill();
        let _ = child.wait();
    }
    starts.sort();
    if let Some(median) = starts.get(starts.len() / 2) {
        println!(
            "process start to first successful API call: median {:.1} ms over {} runs (min {:.1} ms)",
            median.as_secs_f64() * 1000.0,
            starts.len(),
            starts[0].as_secs_f64() * 1000.0
        );
    }
    if let Some(kib) = rss {
        println!(
            "idle RSS after the first call: {:.1} MiB",
            kib as f64 / 1024.0
        );
    }
}

fn main() {
    // Spawning the binary only makes sense for a real bench run, not `cargo test --benches`.
    if std::env::args().any(|a| a == "--bench") {
        process_figures();
    }
    divan::main();
}
