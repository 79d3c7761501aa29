//! The test harness: `passo test` (specs, snapshots, JUnit, coverage, cost, partitions) and
//! `passo validate` (AWS's static errors plus lints). It drives the emulator through the library
//! facade and never forks engine behaviour.
//!
//! # Layout
//! - [`spec`]: the spec format (YAML or JSON), discovery and loading; [`template`]:
//!   CloudFormation/SAM state machines.
//! - [`run`]: one case in-process on virtual time; [`expect`]: checking its outcome.
//! - [`snapshot`]: insta-format `.snap` files of outputs and normalised histories.
//! - [`junit`], [`coverage`], [`cost`]: the reports.
//! - [`lint`]: `passo validate`.
//! - [`history`]: helpers for Rust tests that assert on a history.

pub mod cost;
pub mod coverage;
pub mod expect;
pub mod history;
pub mod junit;
pub mod lint;
pub mod run;
pub mod snapshot;
pub mod spec;
pub mod template;

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;

pub use run::{Outcome, RunError};
pub use spec::TestCase;

/// `passo test`.
#[derive(Debug, Clone, clap::Args)]
pub struct TestArgs {
    /// Spec files, or directories searched for `*.test.yaml`, `*.test.yml` and `*.test.json`.
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    /// Snapshot every test's output and normalised history (tests with `snapshot: true` always
    /// are).
    #[arg(long)]
    pub snapshot: bool,
    /// Accept new and changed snapshots (write `.snap` files instead of failing).
    #[arg(long)]
    pub accept: bool,
    /// Write a JUnit XML report.
    #[arg(long, value_name = "FILE")]
    pub junit: Option<PathBuf>,
    /// Print the coverage of states, Choice branches, Catch and Retry paths.
    #[arg(long)]
    pub coverage: bool,
    /// Write the coverage report as JSON.
    #[arg(long, value_name = "FILE")]
    pub coverage_json: Option<PathBuf>,
    /// Print a cost estimate per test and for the suite.
    #[arg(long)]
    pub cost: bool,
    /// A price table (YAML or JSON) replacing the built-in one.
    #[arg(long, value_name = "FILE")]
    pub prices: Option<PathBuf>,
    /// The region whose prices apply (the table's default when absent).
    #[arg(long)]
    pub region: Option<String>,
    /// Memory of Express machines in MB for the cost estimate (overrides specs' `memoryMb`).
    #[arg(long, value_name = "MB")]
    pub express_memory: Option<u64>,
    /// Run only part `i` of `n` of the suite (1-based): `--partition 2/4`.
    #[arg(long, value_parser = parse_partition)]
    pub partition: Option<(usize, usize)>,
    /// Run only tests whose id (`spec-file::test name`) contains this text.
    #[arg(long)]
    pub filter: Option<String>,
    /// Executions run at once.
    #[arg(long, default_value_t = 16)]
    pub jobs: usize,
    /// Wall-clock seconds after which a test whose execution has not ended fails.
    #[arg(long, default_value_t = 10)]
    pub timeout: u64,
    /// No progress line.
    #[arg(long, short)]
    pub quiet: bool,
}

fn parse_partition(s: &str) -> Result<(usize, usize), String> {
    let err = || format!("invalid partition '{s}': expected i/n with 1 <= i <= n");
    let (i, n) = s.split_once('/').ok_or_else(err)?;
    let (i, n): (usize, usize) = (
        i.trim().parse().map_err(|_| err())?,
        n.trim().parse().map_err(|_| err())?,
    );
    if i == 0 || n == 0 || i > n {
        return Err(err());
    }
    Ok((i, n))
}

/// The cases of partition `i` of `n`: sorted by id, every `n`-th from the `i`-th, so the split
/// is the same on every runner and partitions are balanced to within one test.
pub fn partition(mut cases: Vec<TestCase>, (i, n): (usize, usize)) -> Vec<TestCase> {
    cases.sort_by(|a, b| a.id.cmp(&b.id));
    cases
        .into_iter()
        .enumerate()
        .filter(|(k, _)| k % n == i - 1)
        .map(|(_, c)| c)
        .collect()
}

/// The result of one case.
#[derive(Debug, Clone)]
pub struct CaseResult {
    pub case: Arc<TestCase>,
    pub outcome: Result<Outcome, RunError>,
    /// Mismatches with the expectations (and snapshot failures, once checked).
    pub failures: Vec<String>,
}

impl CaseResult {
    pub fn passed(&self) -> bool {
        self.outcome.is_ok() && self.failures.is_empty()
    }
}

/// Loads every spec under `paths`, in a stable order.
pub fn load_suite(paths: &[PathBuf]) -> anyhow::Result<Vec<TestCase>> {
    let mut cases = Vec::new();
    for file in spec::discover(paths)? {
        cases.extend(spec::load(&file)?);
    }
    Ok(cases)
}

/// Options of [`run_suite`].
#[derive(Debug, Clone)]
pub struct RunOptions {
    pub jobs: usize,
    pub timeout: Duration,
    /// Print progress to stderr: one redrawn line on a terminal, a line per tenth otherwise.
    pub progress: bool,
}

/// Runs cases in parallel on the current tokio runtime and checks their expectations. Results
/// come back in the order of `cases`.
pub async fn run_suite(cases: Vec<TestCase>, opts: &RunOptions) -> Vec<CaseResult> {
    let total = cases.len();
    let sem = Arc::new(tokio::sync::Semaphore::new(opts.jobs.max(1)));
    let mut set = tokio::task::JoinSet::new();
    for (index, case) in cases.into_iter().enumerate() {
        let case = Arc::new(case);
        let sem = sem.clone();
        let timeout = opts.timeout;
        set.spawn(async move {
            let _permit = sem.acquire_owned().await;
            let outcome = run::run(&case, timeout).await;
            let failures = match &outcome {
                Ok(o) => {
                    expect::check(&case.expect, o, &top_level_states(&case.machine.definition))
                }
                Err(_) => Vec::new(),
            };
            (
                index,
                CaseResult {
                    case,
                    outcome,
                    failures,
                },
            )
        });
    }
    let mut results: Vec<Option<CaseResult>> = (0..total).map(|_| None).collect();
    let (mut done, mut failed) = (0usize, 0usize);
    let mut stderr = std::io::stderr();
    let tty = stderr.is_terminal();
    let step = total.div_ceil(10).max(1);
    while let Some(joined) = set.join_next().await {
        let Ok((index, result)) = joined else {
            continue;
        };
        done += 1;
        if !result.passed() {
            failed += 1;
        }
        if opts.progress && tty {
            let _ = write!(
                stderr,
                "\r\x1b[2K[{done}/{total}] {} passed, {failed} failed  {}",
                done - failed,
                truncate(&result.case.id, 60)
            );
            let _ = stderr.flush();
        } else if opts.progress && (done % step == 0 || done == total) {
            // Logs (CI) get a line per tenth of the suite instead of a redrawn one.
            let _ = writeln!(
                stderr,
                "[{done}/{total}] {} passed, {failed} failed",
                done - failed
            );
        }
        results[index] = Some(result);
    }
    if opts.progress && tty {
        let _ = write!(stderr, "\r\x1b[2K");
        let _ = stderr.flush();
    }
    results.into_iter().flatten().collect()
}

fn truncate(s: &str, n: usize) -> String {
    let count = s.chars().count();
    if count <= n {
        s.to_owned()
    } else {
        format!("…{}", s.chars().skip(count - n + 1).collect::<String>())
    }
}

/// The names of a definition's top-level states.
pub fn top_level_states(definition: &str) -> Vec<String> {
    serde_json::from_str::<serde_json::Value>(definition)
        .ok()
        .and_then(|d| {
            d.get("States")
                .and_then(|s| s.as_object())
                .map(|s| s.keys().cloned().collect())
        })
        .unwrap_or_default()
}

/// `passo test`: runs the suite, prints failures and reports; fails when any test failed.
pub fn run_cli(args: TestArgs) -> anyhow::Result<()> {
    let mut cases = load_suite(&args.paths)?;
    if let Some(f) = &args.filter {
        cases.retain(|c| c.id.contains(f.as_str()));
    }
    if let Some(p) = args.partition {
        cases = partition(cases, p);
    }
    if cases.is_empty() {
        anyhow::bail!(
            "no tests found under {} (spec files end in .test.yaml, .test.yml or .test.json)",
            args.paths
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    let prices = match &args.prices {
        Some(p) => cost::PriceTable::load(p)?,
        None => cost::PriceTable::builtin(),
    };
    let region_prices = prices.region(args.region.as_deref())?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    let opts = RunOptions {
        jobs: args.jobs,
        timeout: Duration::from_secs(args.timeout),
        progress: !args.quiet,
    };
    let mut results = runtime.block_on(run_suite(cases, &opts));
    let mut snaps = snapshot::Summary::default();
    for r in &mut results {
        if let Ok(outcome) = &r.outcome {
            if args.snapshot || r.case.snapshot {
                match snapshot::check(&r.case, outcome, args.accept) {
                    Ok(status) => {
                        snaps.count(&status);
                        if let Some(msg) = status.failure() {
                            r.failures.push(msg);
                        }
                    }
                    Err(e) => r.failures.push(format!("snapshot: {e}")),
                }
            }
        }
    }
    let mut out = std::io::stdout().lock();
    for r in &results {
        let verdict = if r.passed() { "ok" } else { "FAILED" };
        writeln!(out, "test {} ... {verdict}", r.case.id)?;
    }
    let failed: Vec<&CaseResult> = results.iter().filter(|r| !r.passed()).collect();
    for r in &failed {
        writeln!(out, "\n---- {} ----", r.case.id)?;
        if let Err(e) = &r.outcome {
            writeln!(out, "{e}")?;
        }
        for f in &r.failures {
            writeln!(out, "{f}")?;
        }
    }
    if args.cost {
        let memory = |c: &TestCase| args.express_memory.unwrap_or(c.memory_mb);
        writeln!(out, "\n{}", cost::report(&results, &region_prices, memory))?;
    }
    if args.coverage || args.coverage_json.is_some() {
        let cov = coverage::Coverage::of(&results);
        if args.coverage {
            writeln!(out, "\n{}", cov.text())?;
        }
        if let Some(path) = &args.coverage_json {
            std::fs::write(path, serde_json::to_string_pretty(&cov.json())?)
                .with_context(|| format!("writing {}", path.display()))?;
        }
    }
    if let Some(path) = &args.junit {
        std::fs::write(path, junit::render(&results))
            .with_context(|| format!("writing {}", path.display()))?;
    }
    if snaps.any() {
        writeln!(out, "\n{}", snaps.line(args.accept))?;
    }
    writeln!(
        out,
        "\ntest result: {}. {} passed, {} failed",
        if failed.is_empty() { "ok" } else { "FAILED" },
        results.len() - failed.len(),
        failed.len()
    )?;
    out.flush()?;
    if !failed.is_empty() {
        anyhow::bail!("{} of {} tests failed", failed.len(), results.len());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partitions_are_disjoint_complete_and_stable() {
        let machine = Arc::new(spec::Machine {
            name: "M".into(),
            definition: "{}".into(),
            express: false,
        });
        let case = |id: &str| TestCase {
            id: id.into(),
            name: id.into(),
            spec_path: PathBuf::new(),
            machine: machine.clone(),
            input: serde_json::json!({}),
            mocks: None,
            test_case: None,
            epoch: spec::default_epoch(),
            seed: 0,
            callbacks: vec![],
            snapshot: false,
            memory_mb: 64,
            expect: spec::Expect::default(),
        };
        let ids = ["e", "a", "d", "b", "c"];
        let mut all = Vec::new();
        for i in 1..=2 {
            let part = partition(ids.iter().map(|i| case(i)).collect(), (i, 2));
            let reversed = partition(ids.iter().rev().map(|i| case(i)).collect(), (i, 2));
            let names: Vec<String> = part.iter().map(|c| c.id.clone()).collect();
            assert_eq!(
                names,
                reversed.iter().map(|c| c.id.clone()).collect::<Vec<_>>()
            );
            all.extend(names);
        }
        all.sort();
        assert_eq!(all, ["a", "b", "c", "d", "e"]);
        assert_eq!(parse_partition("2/4"), Ok((2, 4)));
        assert!(parse_partition("0/4").is_err() && parse_partition("5/4").is_err());
    }
}
