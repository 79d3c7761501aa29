//! Integrations through the second client: `tests/integrations_boto3.py` drives a real server
//! through boto3 (nested `.sync:2`, a control-API mock scoped to one execution name, a refused
//! resource). Runs when the Python venv that `.ci/run` creates (`.venv` with boto3) exists, and
//! says so when skipped.

mod common;

use std::path::PathBuf;
use std::process::Command;

#[tokio::test(flavor = "multi_thread")]
async fn boto3_integrations() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let Some(python) = [
        root.join(".venv/bin/python"),
        root.join(".venv/Scripts/python.exe"),
    ]
    .into_iter()
    .find(|p| p.exists()) else {
        println!("skipped: no .venv with boto3 (run .ci/run, or python3 -m venv .venv && .venv/bin/pip install boto3)");
        return;
    };
    let server = common::start().await;
    let script = root.join("tests/integrations_boto3.py");
    let args = vec![script.display().to_string(), server.endpoint.clone()];
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
