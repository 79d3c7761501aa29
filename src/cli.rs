//! The `passo` command line: clap types and the dispatch to each subcommand.
//!
//! SKELETON: the server work fills in `serve`; the conformance work fills in `conformance`.

use clap::{Parser, Subcommand};

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
    Serve,
    /// Replay conformance case files and report pass rates.
    Conformance(crate::conformance::Args),
}

/// Runs the parsed command line.
pub fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Serve => anyhow::bail!("not built yet"),
        Command::Conformance(args) => crate::conformance::run_cli(args),
    }
}
