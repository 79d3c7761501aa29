//! The `passo` command line: clap types and the dispatch to each subcommand (`serve`,
//! `health`, `conformance`, `logs`). Every `serve` flag can also come from a `PASSO_*` variable.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream, ToSocketAddrs};
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use chrono::{DateTime, Utc};
use clap::{Args, Parser, Subcommand};

use crate::engine::{EngineConfig, TimeMode};

#[derive(Debug, Parser)]
#[command(
    name = "passo",
    version,
    about = "A local AWS Step Functions emulator and test harness"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the Step Functions API over HTTP.
    Serve(ServeArgs),
    /// Ask a running server whether it is healthy (exit status 0 if so); for container health
    /// checks in images without curl.
    Health(HealthArgs),
    /// Replay conformance case files and report pass rates.
    Conformance(crate::conformance::Args),
    /// Print the execution log records a running server kept (JSON lines).
    Logs(crate::logs::cli::LogsArgs),
    /// Draw a definition as Mermaid, DOT or SVG, optionally with an execution's path.
    Graph(crate::graph::cli::GraphArgs),
    /// Run test specs (YAML or JSON) against state machines in-process on virtual time.
    Test(crate::harness::TestArgs),
    /// Check definitions for AWS's static errors and common mistakes.
    Validate(crate::harness::lint::ValidateArgs),
}

/// `passo serve`.
#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "PASSO_HOST", default_value = "127.0.0.1")]
    pub host: String,
    /// Port to listen on (Step Functions Local's port by default); 0 picks a free one.
    #[arg(long, env = "PASSO_PORT", default_value_t = 8083)]
    pub port: u16,
    /// Account id in the ARNs passo hands out.
    #[arg(long, env = "PASSO_ACCOUNT", default_value = "123456789012")]
    pub account: String,
    /// Region in the ARNs passo hands out.
    #[arg(long, env = "PASSO_REGION", default_value = "us-east-1")]
    pub region: String,
    /// Seed of the random source (execution names, IDs, alias routing, ...).
    #[arg(long, env = "PASSO_SEED", default_value_t = 0)]
    pub seed: u64,
    /// Start of virtual time (RFC 3339); the wall clock at start-up when absent.
    #[arg(long, env = "PASSO_EPOCH", value_parser = parse_epoch)]
    pub epoch: Option<DateTime<Utc>>,
    /// How time passes: virtual, real, manual or scaled=N.
    #[arg(long, env = "PASSO_TIME", default_value = "virtual")]
    pub time: TimeMode,
    /// Which event a distributed Map's `MapStateExited` points back to: `run-succeeded` (AWS up
    /// to 2024, most recordings) or `run-started` (AWS since late 2024).
    #[arg(long, env = "PASSO_MAP_EXITED_POINTS_TO", value_enum, default_value_t)]
    pub map_exited_points_to: crate::engine::map_run::MapExitLink,
    /// A Step Functions Local MockConfigFile (JSON); executions started as
    /// `stateMachineArn#TestCase` answer their Tasks from it. Same variable as Step Functions
    /// Local.
    #[arg(long, env = "SFN_MOCK_CONFIG", value_name = "FILE")]
    pub mock_config: Option<std::path::PathBuf>,
    /// Also write every execution log record as a JSON line to FILE (appended), or to stdout
    /// with `-`.
    #[arg(long, env = "PASSO_LOG_EVENTS", value_name = "FILE|-")]
    pub log_events: Option<std::path::PathBuf>,
    /// Keep everything in this single-file store (redb) across restarts; running executions
    /// resume where they were. In memory only when absent.
    #[arg(long, env = "PASSO_DATA", value_name = "FILE")]
    pub data: Option<std::path::PathBuf>,
    /// passo's own mock file (input matching, sequences, delays, callbacks, service-shaped
    /// defaults; see `mocks/README.md`), used for every execution.
    #[arg(long, env = "PASSO_MOCKS", value_name = "FILE")]
    pub mocks: Option<std::path::PathBuf>,
    /// Sends Lambda Invoke calls that no mock answers to this endpoint of the Lambda Invoke API
    /// (e.g. `http://127.0.0.1:3001` for `sam local start-lambda`).
    #[arg(long, env = "PASSO_LAMBDA_ENDPOINT", value_name = "URL")]
    pub lambda_endpoint: Option<String>,
}

impl ServeArgs {
    /// Reads and parses `--mock-config`, if given.
    pub fn load_mock_config(&self) -> anyhow::Result<Option<crate::integrations::MockConfig>> {
        let Some(path) = &self.mock_config else {
            return Ok(None);
        };
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("reading the mock config {}", path.display()))?;
        let config = crate::integrations::MockConfig::parse(&text)
            .with_context(|| format!("loading the mock config {}", path.display()))?;
        Ok(Some(config))
    }
}

impl ServeArgs {
    /// Reads and parses `--mocks` (passo's own format), if given.
    pub fn load_mocks(&self) -> anyhow::Result<Option<crate::integrations::mocks::MockSet>> {
        let Some(path) = &self.mocks else {
            return Ok(None);
        };
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("reading the mock file {}", path.display()))?;
        let set = crate::integrations::mocks::MockSet::parse(&text)
            .with_context(|| format!("loading the mock file {}", path.display()))?;
        Ok(Some(set))
    }

    /// The engine settings these flags describe.
    #[allow(
        clippy::needless_update,
        reason = "fields the engine adds later keep their defaults"
    )]
    pub fn engine_config(&self) -> EngineConfig {
        EngineConfig {
            seed: self.seed,
            epoch: self.epoch,
            time: self.time,
            region: self.region.clone(),
            account: self.account.clone(),
            map_exit: self.map_exited_points_to,
            // Settings the engine adds later keep their defaults.
            ..EngineConfig::default()
        }
    }
}

/// `passo health`.
#[derive(Debug, Clone, Args)]
pub struct HealthArgs {
    #[arg(long, env = "PASSO_HEALTH_HOST", default_value = "127.0.0.1")]
    pub host: String,
    #[arg(long, env = "PASSO_PORT", default_value_t = 8083)]
    pub port: u16,
}

fn parse_epoch(s: &str) -> Result<DateTime<Utc>, String> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| format!("invalid RFC 3339 time '{s}': {e}"))
}

/// Runs the parsed command line.
pub fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Serve(args) => serve(args),
        Command::Health(args) => health(&args),
        Command::Conformance(args) => crate::conformance::run_cli(args),
        Command::Logs(args) => crate::logs::cli::run(&args),
        Command::Graph(args) => crate::graph::cli::run(args),
        Command::Test(args) => crate::harness::run_cli(args),
        Command::Validate(args) => crate::harness::lint::run_cli(args),
    }
}

fn serve(args: ServeArgs) -> anyhow::Result<()> {
    // A broken mock file stops start-up: tests would otherwise fail far from the cause.
    let mocks = args.load_mock_config()?;
    let own_mocks = args.load_mocks()?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    runtime.block_on(async move {
        let addr = format!("{}:{}", args.host, args.port);
        let listener = tokio::net::TcpListener::bind(&addr)
            .await
            .with_context(|| format!("listening on {addr}"))?;
        let local = listener.local_addr().context("reading the bound address")?;
        let (emulator, store) = open_emulator(&args)?;
        if let Some(mocks) = mocks {
            emulator.integrations().set_mock_config(mocks);
        }
        if let Some(target) = &args.log_events {
            let sink = crate::logs::cli::open_sink(target)?;
            emulator.service().engine().logs().set_sink(sink);
        }
        if store.is_some() {
            let report = crate::api::ops::redrive::resume_executions(emulator.service());
            tracing::info!(
                "resumed {} running executions ({} could not be)",
                report.resumed,
                report.failed.len()
            );
        }
        if let Some(own) = own_mocks {
            emulator.integrations().set_mocks(own);
        }
        emulator
            .integrations()
            .set_lambda_endpoint(args.lambda_endpoint.clone());
        tracing::info!(
            "passo listening on http://{local} (account {}, region {}, seed {}, time {:?})",
            args.account,
            args.region,
            args.seed,
            args.time
        );
        crate::api::server::run(listener, Arc::clone(emulator.service()), shutdown_signal()).await;
        if let Some(store) = store {
            store.sync_blocking();
        }
        tracing::info!("passo stopped");
        Ok(())
    })
}

/// The emulator on the in-memory store, or on `--data FILE`. After a restart on the same file
/// the seed is mixed with the restart count, so that generated names do not repeat earlier ones.
fn open_emulator(
    args: &ServeArgs,
) -> anyhow::Result<(crate::Emulator, Option<Arc<crate::store::RedbStore>>)> {
    let mut config = args.engine_config();
    let Some(path) = &args.data else {
        return Ok((crate::Emulator::new(config), None));
    };
    let store = Arc::new(
        crate::store::RedbStore::open(path)
            .with_context(|| format!("opening the data file {}", path.display()))?,
    );
    if store.boots() > 1 {
        config.seed ^= (store.boots() - 1).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
    let emulator = crate::Emulator::with_store(config, store.clone());
    Ok((emulator, Some(store)))
}

/// Completes on Ctrl-C or SIGTERM (what `docker stop` sends).
async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

fn health(args: &HealthArgs) -> anyhow::Result<()> {
    let (status_line, _) = http_get(
        &args.host,
        args.port,
        "/_passo/health",
        Duration::from_secs(3),
    )?;
    if status_line.split_whitespace().nth(1) == Some("200") {
        println!("ok");
        Ok(())
    } else {
        anyhow::bail!("unhealthy: {status_line}")
    }
}

/// A plain HTTP/1.1 GET to a running server (`passo health`, `passo logs`): the status line and
/// the body. No HTTP client crate: the commands must work in images without curl.
pub(crate) fn http_get(
    host: &str,
    port: u16,
    path: &str,
    timeout: Duration,
) -> anyhow::Result<(String, String)> {
    let addr: SocketAddr = (host, port)
        .to_socket_addrs()
        .context("resolving the server address")?
        .next()
        .context("no address to reach")?;
    let mut stream = TcpStream::connect_timeout(&addr, timeout)
        .with_context(|| format!("connecting to {addr}"))?;
    stream.set_read_timeout(Some(timeout))?;
    stream.set_write_timeout(Some(timeout))?;
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )?;
    let mut reply = Vec::new();
    stream.read_to_end(&mut reply)?;
    let reply = String::from_utf8_lossy(&reply);
    let (head, body) = reply.split_once("\r\n\r\n").unwrap_or((&reply, ""));
    let status_line = head.lines().next().unwrap_or_default().to_owned();
    Ok((status_line, body.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serve_defaults_match_step_functions_local() {
        let cli = Cli::try_parse_from(["passo", "serve"]).unwrap();
        let Command::Serve(args) = cli.command else {
            panic!("not serve")
        };
        assert_eq!((args.host.as_str(), args.port), ("127.0.0.1", 8083));
        assert_eq!(args.engine_config().account, "123456789012");
        assert_eq!(args.engine_config().region, "us-east-1");
        assert_eq!(args.time, TimeMode::Virtual);
    }

    #[test]
    fn serve_flags_parse() {
        let cli = Cli::try_parse_from([
            "passo",
            "serve",
            "--host",
            "0.0.0.0",
            "--port",
            "9000",
            "--seed",
            "7",
            "--epoch",
            "2024-01-02T03:04:05Z",
            "--time",
            "scaled=10",
            "--region",
            "eu-west-1",
        ])
        .unwrap();
        let Command::Serve(args) = cli.command else {
            panic!("not serve")
        };
        assert_eq!(args.port, 9000);
        assert_eq!(args.seed, 7);
        assert_eq!(args.time, TimeMode::Scaled(10.0));
        assert_eq!(args.epoch.map(|e| e.timestamp()), Some(1_704_164_645));
    }

    #[test]
    fn mock_config_flag_loads_the_example() {
        let example = concat!(env!("CARGO_MANIFEST_DIR"), "/mocks/MockConfigFile.json");
        let cli = Cli::try_parse_from(["passo", "serve", "--mock-config", example]).unwrap();
        let Command::Serve(args) = cli.command else {
            panic!("not serve")
        };
        let config = args.load_mock_config().unwrap().expect("a mock config");
        assert!(config.has_case("LambdaSQSIntegration", "HappyPath"));
        let missing =
            Cli::try_parse_from(["passo", "serve", "--mock-config", "/nonexistent.json"]).unwrap();
        let Command::Serve(args) = missing.command else {
            panic!("not serve")
        };
        assert!(args.load_mock_config().is_err());
    }

    #[test]
    fn mocks_and_lambda_endpoint_flags() {
        let example = concat!(env!("CARGO_MANIFEST_DIR"), "/mocks/passo-mocks.json");
        let cli = Cli::try_parse_from([
            "passo",
            "serve",
            "--mocks",
            example,
            "--lambda-endpoint",
            "http://127.0.0.1:3001",
        ])
        .unwrap();
        let Command::Serve(args) = cli.command else {
            panic!("not serve")
        };
        assert_eq!(
            args.lambda_endpoint.as_deref(),
            Some("http://127.0.0.1:3001")
        );
        let set = args.load_mocks().unwrap().expect("a mock set");
        assert_eq!(set.mocks.len(), 3);
    }

    #[test]
    fn bad_values_are_refused() {
        assert!(Cli::try_parse_from(["passo", "serve", "--time", "fast"]).is_err());
        assert!(Cli::try_parse_from(["passo", "serve", "--epoch", "yesterday"]).is_err());
    }

    #[test]
    fn data_flag_names_the_store_file() {
        let cli = Cli::try_parse_from(["passo", "serve", "--data", "state.redb"]).unwrap();
        let Command::Serve(args) = cli.command else {
            panic!("not serve")
        };
        assert_eq!(args.data, Some(std::path::PathBuf::from("state.redb")));
    }
}
