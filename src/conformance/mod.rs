//! The conformance runner: replays recorded case files through the emulator in-process,
//! normalises the answers as the recordings were normalised, and reports pass rates per kind and
//! category. Never special-cases a case.
//!
//! SKELETON: the runner replaces this; `Args` and `run_cli` are the contract with `cli.rs`.

use std::path::PathBuf;

/// `passo conformance [--json REPORT] [--only SUBSTR] DIR_OR_FILE...`
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// Case files, or folders of them.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Write the full report as JSON to this file.
    #[arg(long)]
    pub json: Option<PathBuf>,
    /// Only cases whose id contains this text.
    #[arg(long)]
    pub only: Option<String>,
}

/// Runs the `conformance` subcommand.
pub fn run_cli(args: Args) -> anyhow::Result<()> {
    let _ = args;
    anyhow::bail!("the conformance runner is not built yet")
}
