//! `passo health` against the real binary: exit status 0 and `ok` when a server answers on the
//! port, non-zero with the reason when nothing listens there.

mod common;

use std::process::Command;

fn health(port: &str) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_passo"))
        .args(["health", "--port", port])
        .env_remove("PASSO_PORT")
        .env_remove("PASSO_HEALTH_HOST")
        .env("RUST_BACKTRACE", "0")
        .output()
        .expect("run passo health")
}

#[test]
fn health_says_ok_for_a_running_server_and_fails_without_one() {
    let (mut child, endpoint) = common::spawn_passo(["serve", "--port", "0"]);
    let port = endpoint
        .rsplit(':')
        .next()
        .expect("the endpoint has a port")
        .to_owned();
    let up = health(&port);
    assert!(up.status.success(), "{up:?}");
    assert_eq!(String::from_utf8_lossy(&up.stdout).trim(), "ok");

    child.kill().expect("stop the server");
    child.wait().expect("reap the server");
    let down = health(&port);
    assert!(!down.status.success());
    let err = String::from_utf8_lossy(&down.stderr);
    assert!(err.contains("connecting to 127.0.0.1"), "{err}");
}
