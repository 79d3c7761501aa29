//! The conformance runner: replays recorded case files through the emulator in-process,
//! normalises the answers as the recordings were normalised, and reports pass rates per kind and
//! category at two levels (outcome, history). Never special-cases a case.
//!
//! # Layout
//! - `case`: finding and loading case files.
//! - `pytext`: Python-compatible JSON text, float repr and `re.sub` templates.
//! - `normalize`: the normalisation pipeline (a port of the recorded semantics).
//! - `boto`: our answers in the shape boto3 hands a test.
//! - `runner`: replaying each kind through an in-process [`crate::Emulator`].
//! - `diff`: the first differing JSON path.
//! - `report`: counts, the table, the JSON report and the baseline.
//! - `selfcheck`: the normaliser must leave every recorded `expected` unchanged.
//! - `mocks`, `worker`: recorded service answers as a MockConfigFile, activity workers.
//!
//! `Args` and `run_cli` are the contract with `cli.rs`.

pub mod boto;
pub mod case;
pub mod diff;
pub mod log_groups;
pub mod mocks;
pub mod normalize;
pub mod objects;
pub mod pytext;
pub mod report;
pub mod runner;
pub mod selfcheck;
pub mod setup;
pub mod worker;

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Context as _;

pub use case::{Case, Malformed};
pub use report::{Baseline, CaseResult, Level, Summary};
pub use runner::Options;

/// `passo conformance [--json REPORT] [--only SUBSTR] [DIR_OR_FILE...]`
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// Case files, or folders of them. Default: the recordings in
    /// `../shared/conformance/aws-recordings/cases` (found by walking up from the current
    /// directory) and our own `conformance/cases`.
    pub paths: Vec<PathBuf>,
    /// Write the full report (summary and per-case results) as JSON to this file.
    #[arg(long)]
    pub json: Option<PathBuf>,
    /// Only cases whose id contains this text.
    #[arg(long)]
    pub only: Option<String>,
    /// Comma-separated kinds to replay (execution, definition_error, validate_definition,
    /// test_state; `own` selects only our own documentation cases).
    #[arg(
        long,
        default_value = "execution,definition_error,validate_definition,test_state"
    )]
    pub kinds: String,
    /// Print every failure with its case id and first differing JSON path.
    #[arg(long)]
    pub list_failures: bool,
    /// Cases replayed concurrently.
    #[arg(long, default_value_t = 4)]
    pub jobs: usize,
    /// Per-case timeout in seconds.
    #[arg(long, default_value_t = 20.0)]
    pub timeout: f64,
    /// Keep our normalised responses in the JSON report and print them for failing cases.
    #[arg(long)]
    pub dump: bool,
    /// Apply the normaliser to every case's `expected` instead, and report what it changes.
    #[arg(long)]
    pub selfcheck: bool,
    /// Write this run's pass counts as the new baseline file.
    #[arg(long)]
    pub write_baseline: Option<PathBuf>,
    /// Fail (non-zero exit) when any pass count falls below this baseline file.
    #[arg(long)]
    pub check_baseline: Option<PathBuf>,
}

/// Runs the `conformance` subcommand.
pub fn run_cli(args: Args) -> anyhow::Result<()> {
    let kinds: Vec<String> = args
        .kinds
        .split(',')
        .map(str::trim)
        .filter(|k| !k.is_empty())
        .map(str::to_owned)
        .collect();
    if let Some(bad) = kinds
        .iter()
        .find(|k| !case::ALL_KINDS.contains(&k.as_str()) && k.as_str() != "own")
    {
        anyhow::bail!("unknown kind {bad:?}");
    }
    let paths = if args.paths.is_empty() {
        default_paths(&std::env::current_dir()?)
    } else {
        args.paths.clone()
    };
    anyhow::ensure!(
        !paths.is_empty(),
        "no case folders given and none found (../shared/conformance/aws-recordings/cases, conformance/cases)"
    );
    let (cases, malformed) = case::load(&paths, &kinds, args.only.as_deref());
    let malformed: Vec<String> = malformed
        .iter()
        .map(|m| format!("{}: {}", m.path.display(), m.error))
        .collect();

    if args.selfcheck {
        return print_selfcheck(&cases, &malformed, &kinds, args.json.as_deref());
    }

    let opts = Options {
        jobs: args.jobs.max(1),
        timeout: Duration::from_secs_f64(args.timeout.clamp(0.1, 3600.0)),
        dump: args.dump,
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let n = cases.len();
    let results = runtime.block_on(runner::run_all(cases, &opts));
    let summary = report::summarise(&results, &malformed);
    println!("{n} cases");
    print!("{}", report::table(&summary));
    if args.list_failures {
        println!("\nfailures:");
        print!("{}", report::failures(&results));
    }
    if args.dump {
        for r in results
            .iter()
            .filter(|r| r.outcome == Level::Fail || r.history == Level::Fail)
        {
            if let Some(n) = &r.normalised {
                println!(
                    "\n{} (ours, normalised):\n{}",
                    r.id,
                    serde_json::to_string_pretty(n)?
                );
            }
        }
    }
    if let Some(path) = &args.json {
        let doc = serde_json::json!({
            "kinds": kinds,
            "only": args.only,
            "jobs": opts.jobs,
            "timeout_s": args.timeout,
            "summary": summary,
            "cases": results,
        });
        std::fs::write(path, serde_json::to_string_pretty(&doc)? + "\n")
            .with_context(|| format!("writing {}", path.display()))?;
    }
    if let Some(path) = &args.write_baseline {
        let base = Baseline::from_summary(&summary);
        std::fs::write(path, serde_json::to_string_pretty(&base)? + "\n")
            .with_context(|| format!("writing {}", path.display()))?;
        println!("baseline written to {}", path.display());
    }
    if let Some(path) = &args.check_baseline {
        let base = read_baseline(path)?;
        let regressions = base.regressions(&summary, |_| true);
        if !regressions.is_empty() {
            anyhow::bail!("below the baseline:\n  {}", regressions.join("\n  "));
        }
        println!("at or above the baseline {}", path.display());
    }
    Ok(())
}

/// The recordings (when `../shared` is reachable) and our own cases.
pub fn default_paths(start: &Path) -> Vec<PathBuf> {
    case::find_recordings(start)
        .into_iter()
        .chain(case::find_own_cases(start))
        .collect()
}

/// Reads a baseline file.
pub fn read_baseline(path: &Path) -> anyhow::Result<Baseline> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    serde_json::from_str(&text).with_context(|| format!("parsing {}", path.display()))
}

/// Self-checks every case: the per-case checks plus the counts.
pub fn selfcheck_all(cases: &[Case]) -> Vec<selfcheck::Check> {
    cases.iter().filter_map(selfcheck::check_case).collect()
}

fn print_selfcheck(
    cases: &[Case],
    malformed: &[String],
    kinds: &[String],
    json: Option<&Path>,
) -> anyhow::Result<()> {
    let rows = selfcheck_all(cases);
    let ok = rows.iter().filter(|r| r.idempotent).count();
    println!(
        "selfcheck: {ok}/{} cases unchanged by the normaliser",
        rows.len()
    );
    for k in kinds {
        let of_kind: Vec<_> = rows.iter().filter(|r| &r.kind == k).collect();
        let good = of_kind.iter().filter(|r| r.idempotent).count();
        println!("  {k:<22} {good}/{}", of_kind.len());
    }
    let rep: Vec<_> = rows.iter().filter(|r| r.replayable).collect();
    println!(
        "  replayable cases only: {}/{}",
        rep.iter().filter(|r| r.idempotent).count(),
        rep.len()
    );
    for r in rows.iter().filter(|r| !r.idempotent) {
        println!(
            "  NOT IDEMPOTENT {}: {}",
            r.id,
            r.reason.as_deref().unwrap_or("")
        );
    }
    for m in malformed {
        println!("  MALFORMED {m}");
    }
    if let Some(path) = json {
        let doc = serde_json::json!({
            "selfcheck": {"unchanged": ok, "total": rows.len()},
            "cases": rows,
        });
        std::fs::write(path, serde_json::to_string_pretty(&doc)? + "\n")
            .with_context(|| format!("writing {}", path.display()))?;
    }
    Ok(())
}
