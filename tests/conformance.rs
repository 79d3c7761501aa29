//! CI conformance gate: replays the recorded AWS cases (read from `../shared`, found by walking
//! up from the crate; when absent, says so and runs only our own cases) and our own
//! `conformance/cases`, prints the table, and fails when any kind's or category's pass count
//! (outcome or history) falls below `conformance/baseline.json`. Also checks that the
//! normaliser leaves every recorded `expected` unchanged, except the explained quirk below.

use std::path::{Path, PathBuf};
use std::time::Duration;

use passo::conformance::{self, case, report, runner, Options};

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn own_cases() -> PathBuf {
    manifest_dir().join("conformance").join("cases")
}

fn recordings() -> Option<PathBuf> {
    let found = case::find_recordings(&manifest_dir());
    if found.is_none() {
        println!(
            "../shared/conformance/aws-recordings not found above {}: running only our own cases",
            manifest_dir().display()
        );
    }
    found
}

fn all_kinds() -> Vec<String> {
    case::ALL_KINDS.iter().map(|k| (*k).to_owned()).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pass_counts_do_not_fall_below_the_baseline() -> anyhow::Result<()> {
    let rec = recordings();
    let paths: Vec<PathBuf> = rec.iter().cloned().chain([own_cases()]).collect();
    let (cases, malformed) = case::load(&paths, &all_kinds(), None);
    let malformed: Vec<String> = malformed
        .iter()
        .map(|m| format!("{}: {}", m.path.display(), m.error))
        .collect();
    anyhow::ensure!(malformed.is_empty(), "malformed case files: {malformed:?}");
    anyhow::ensure!(
        cases.iter().any(|c| c.is_own()),
        "no own cases found in {}",
        own_cases().display()
    );
    let opts = Options {
        jobs: 4,
        timeout: Duration::from_secs(20),
        dump: false,
    };
    let results = runner::run_all(cases, &opts).await;
    let summary = report::summarise(&results, &malformed);
    println!("{}", report::table(&summary));

    let baseline = conformance::read_baseline(&manifest_dir().join("conformance/baseline.json"))?;
    let regressions = if rec.is_some() {
        baseline.regressions(&summary, |_| true)
    } else {
        baseline.regressions(&summary, report::is_own_entry)
    };
    anyhow::ensure!(
        regressions.is_empty(),
        "pass counts fell below conformance/baseline.json:\n  {}\nfailures:\n{}",
        regressions.join("\n  "),
        report::failures(&results)
    );
    Ok(())
}

/// The one change the normaliser makes to a replayable recorded `expected`, by design of the
/// recorded pipeline (the reference tool shows the same): an ISO-8601 text under a key matching
/// /timestamp/i (e.g. `TimestampValue` in a Wait test's input) was recorded as `date` (the text
/// regex runs after the key rule saw an ISO string); fed `date` again, the key rule turns it
/// into `timestamp`. A real replay starts from the ISO text and gets `date`, as recorded.
const TIMESTAMP_KEY_QUIRK: &str = r#"expected "date" got "timestamp""#;

fn selfcheck_of(dir: &Path) -> Vec<conformance::selfcheck::Check> {
    let (cases, malformed) = case::load(&[dir.to_owned()], &all_kinds(), None);
    assert!(malformed.is_empty(), "malformed case files: {malformed:?}");
    conformance::selfcheck_all(&cases)
}

#[test]
fn normaliser_leaves_recorded_expectations_unchanged() {
    let Some(rec) = recordings() else {
        return;
    };
    let rows = selfcheck_of(&rec);
    assert!(!rows.is_empty(), "no cases checked in {}", rec.display());
    let unexplained: Vec<String> = rows
        .iter()
        .filter(|r| !r.idempotent && r.replayable)
        .filter(|r| {
            !r.reason
                .as_deref()
                .is_some_and(|x| x.contains(TIMESTAMP_KEY_QUIRK))
        })
        .map(|r| format!("{}: {}", r.id, r.reason.as_deref().unwrap_or("")))
        .collect();
    let changed = rows.iter().filter(|r| !r.idempotent).count();
    println!(
        "selfcheck: {}/{} unchanged ({changed} changed; replayable ones all explained)",
        rows.len() - changed,
        rows.len()
    );
    assert!(
        unexplained.is_empty(),
        "the normaliser changes replayable expectations:\n{}",
        unexplained.join("\n")
    );
}

#[test]
fn normaliser_leaves_our_own_cases_unchanged() {
    let rows = selfcheck_of(&own_cases());
    assert!(!rows.is_empty());
    let changed: Vec<_> = rows.iter().filter(|r| !r.idempotent).collect();
    assert!(changed.is_empty(), "{changed:?}");
}

/// Our own cases say where their facts come from and are never mistaken for recordings.
#[test]
fn own_cases_name_their_aws_documentation_source() {
    let (cases, malformed) = case::load(&[own_cases()], &all_kinds(), None);
    assert!(malformed.is_empty(), "malformed case files: {malformed:?}");
    assert!(
        cases.len() >= 3,
        "expected our own cases in {}",
        own_cases().display()
    );
    for c in &cases {
        assert!(c.is_own(), "{}: origin must be passo-docs", c.id);
        assert!(!c.verified(), "{}: must not claim AWS verification", c.id);
        let doc = c
            .get("source")
            .and_then(|s| s.get("doc"))
            .and_then(|d| d.as_str())
            .unwrap_or("");
        assert!(
            doc.starts_with("https://docs.aws.amazon.com/"),
            "{}: source.doc must name the AWS documentation page",
            c.id
        );
    }
}
