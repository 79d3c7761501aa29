//! Shared test support: a real passo server on an ephemeral port (in-process, with a shutdown
//! channel, as mini-redis's tests do) and an `aws-sdk-sfn` client pointed at it.
#![allow(
    dead_code,
    reason = "each test binary uses a different part of this module"
)]

use std::sync::Arc;

use aws_sdk_sfn::config::interceptors::BeforeTransmitInterceptorContextMut;
use aws_sdk_sfn::config::{
    BehaviorVersion, ConfigBag, Credentials, Intercept, Region, RuntimeComponents,
};
use passo::engine::EngineConfig;
use passo::Emulator;
use tokio::sync::oneshot;

pub const ACCOUNT: &str = "123456789012";
pub const REGION: &str = "us-east-1";
pub const ROLE: &str = "arn:aws:iam::123456789012:role/passo-test";

/// A one-state machine that succeeds.
pub const PASS: &str =
    r#"{"StartAt":"P","States":{"P":{"Type":"Pass","Result":{"ok":true},"End":true}}}"#;
/// A one-state machine that fails with `Boom`.
pub const FAIL: &str =
    r#"{"StartAt":"F","States":{"F":{"Type":"Fail","Error":"Boom","Cause":"it broke"}}}"#;

/// A running server; stops when dropped.
pub struct Server {
    pub endpoint: String,
    pub emulator: Emulator,
    shutdown: Option<oneshot::Sender<()>>,
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

/// Starts passo on `127.0.0.1:0` with a fixed seed and epoch, on virtual time.
pub async fn start() -> Server {
    start_with(passo::engine::TimeMode::Virtual).await
}

/// Starts passo on `127.0.0.1:0` with a fixed seed and epoch and the given time mode (manual
/// time keeps a `Wait` waiting, to have executions that stay running).
pub async fn start_with(time: passo::engine::TimeMode) -> Server {
    let config = EngineConfig {
        seed: 42,
        epoch: chrono::DateTime::parse_from_rfc3339("2024-01-01T00:00:00Z")
            .ok()
            .map(|t| t.with_timezone(&chrono::Utc)),
        time,
        ..EngineConfig::default()
    };
    let emulator = Emulator::new(config);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind an ephemeral port");
    let addr = listener.local_addr().expect("local address");
    let (tx, rx) = oneshot::channel::<()>();
    let service = Arc::clone(emulator.service());
    tokio::spawn(passo::api::server::run(listener, service, async move {
        let _ = rx.await;
    }));
    Server {
        endpoint: format!("http://{addr}"),
        emulator,
        shutdown: Some(tx),
    }
}

/// The Rust SDK has no switch for the `sync-` host prefix of StartSyncExecution and TestState;
/// this interceptor takes it off again (the README shows the same for users).
#[derive(Debug)]
pub struct NoHostPrefix;

impl Intercept for NoHostPrefix {
    fn name(&self) -> &'static str {
        "NoHostPrefix"
    }

    fn modify_before_transmit(
        &self,
        context: &mut BeforeTransmitInterceptorContextMut<'_>,
        _runtime_components: &RuntimeComponents,
        _cfg: &mut ConfigBag,
    ) -> Result<(), aws_sdk_sfn::error::BoxError> {
        let uri = context.request().uri().replacen("://sync-", "://", 1);
        context.request_mut().set_uri(uri)?;
        Ok(())
    }
}

/// An `aws-sdk-sfn` client for the server: plain HTTP, static credentials, no retries.
pub fn client(server: &Server) -> aws_sdk_sfn::Client {
    client_in(server, REGION)
}

/// A client whose requests are signed for `region`.
pub fn client_in(server: &Server, region: &'static str) -> aws_sdk_sfn::Client {
    client_at(&server.endpoint, region)
}

/// A client for any endpoint (a `passo` binary started by [`spawn_passo`], say).
pub fn client_at(endpoint: &str, region: &'static str) -> aws_sdk_sfn::Client {
    let config = aws_sdk_sfn::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new(region))
        .credentials_provider(Credentials::new("AKIDPASSO", "secret", None, None, "test"))
        .endpoint_url(endpoint)
        .http_client(aws_smithy_http_client::Builder::new().build_http())
        .retry_config(aws_sdk_sfn::config::retry::RetryConfig::disabled())
        .interceptor(NoHostPrefix)
        .build();
    aws_sdk_sfn::Client::from_conf(config)
}

/// The AWS error code and message of a failed SDK call.
pub fn aws_error<E, R>(result: Result<R, aws_sdk_sfn::error::SdkError<E>>) -> (String, String)
where
    E: aws_sdk_sfn::error::ProvideErrorMetadata + std::fmt::Debug,
    R: std::fmt::Debug,
{
    match result {
        Ok(r) => panic!("expected an AWS error, got {r:?}"),
        Err(e) => {
            let meta = aws_sdk_sfn::error::ProvideErrorMetadata::meta(&e);
            (
                meta.code().unwrap_or("<no code>").to_owned(),
                meta.message().unwrap_or("").to_owned(),
            )
        }
    }
}

/// The ARN passo gives a state machine called `name`.
pub fn sm_arn(name: &str) -> String {
    format!("arn:aws:states:{REGION}:{ACCOUNT}:stateMachine:{name}")
}

/// Creates a state machine and answers its ARN.
pub async fn create(client: &aws_sdk_sfn::Client, name: &str, definition: &str) -> String {
    client
        .create_state_machine()
        .name(name)
        .definition(definition)
        .role_arn(ROLE)
        .send()
        .await
        .expect("create state machine")
        .state_machine_arn
}

/// The repository's `shared/conformance/aws-recordings/cases` folder, found by walking up from
/// the crate (worktrees sit at different depths); `None` when absent.
pub fn recordings() -> Option<std::path::PathBuf> {
    let mut dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    loop {
        let candidate = dir.join("shared/conformance/aws-recordings/cases");
        if candidate.is_dir() {
            return Some(candidate);
        }
        if !dir.pop() {
            return None;
        }
    }
}

/// Starts the `passo` binary with these arguments (`serve --port 0 ...`) and answers the child
/// and the endpoint it prints once it listens.
pub fn spawn_passo<I, S>(args: I) -> (std::process::Child, String)
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    use std::io::{BufRead, BufReader};
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_passo"))
        .args(args)
        .env("NO_COLOR", "1")
        .env_remove("PASSO_TIME")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start passo");
    let stderr = child.stderr.take().expect("stderr");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut tx = Some(tx);
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if let Some(at) = line.find("listening on http://") {
                let url: String = line[at + "listening on ".len()..]
                    .chars()
                    .take_while(|c| !c.is_whitespace() && *c != '\u{1b}')
                    .collect();
                if let Some(tx) = tx.take() {
                    let _ = tx.send(url);
                }
            }
        }
    });
    let endpoint = rx
        .recv_timeout(std::time::Duration::from_secs(30))
        .expect("passo prints its address");
    (child, endpoint)
}

/// Polls DescribeExecution until the execution has ended (virtual time makes this quick).
pub async fn wait_done(
    sfn: &aws_sdk_sfn::Client,
    arn: &str,
) -> aws_sdk_sfn::operation::describe_execution::DescribeExecutionOutput {
    for _ in 0..500 {
        let d = sfn
            .describe_execution()
            .execution_arn(arn)
            .send()
            .await
            .unwrap();
        if d.status != aws_sdk_sfn::types::ExecutionStatus::Running {
            return d;
        }
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    panic!("execution {arn} did not end");
}
