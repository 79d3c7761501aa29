//! The second client: `tests/boto3_smoke.py` drives a real server through boto3. Runs when the
//! Python venv that `.ci/run` creates (`.venv` with boto3) exists, and says so when skipped.

mod common;

use std::path::PathBuf;
use std::process::Command;

fn python() -> Option<PathBuf> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let candidates = [
        root.join(".venv/bin/python"),
        root.join(".venv/Scripts/python.exe"),
    ];
    candidates.into_iter().find(|p| p.exists())
}

async fn run_script(extra: &[&str]) {
    let Some(python) = python() else {
        println!("skipped: no .venv with boto3 (run .ci/run, or python3 -m venv .venv && .venv/bin/pip install boto3)");
        return;
    };
    let server = common::start().await;
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/boto3_smoke.py");
    let mut args = vec![script.display().to_string(), server.endpoint.clone()];
    args.extend(extra.iter().map(|s| s.to_string()));
    let output = tokio::task::spawn_blocking(move || Command::new(python).args(args).output())
        .await
        .expect("join the python run")
        .expect("start python");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    println!("{stdout}");
    assert!(
        output.status.success(),
        "boto3 checks failed:\n{stdout}\n{stderr}"
    );
    assert!(stdout.contains("all checks passed"));
}

#[tokio::test(flavor = "multi_thread")]
async fn boto3_control_plane() {
    run_script(&[]).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn boto3_executions() {
    run_script(&["--executions"]).await;
}
