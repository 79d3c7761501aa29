//! Results and reports: the per-case result, counts per kind and per category at the outcome and
//! history levels, the printed table, the JSON report, and the baseline (pass counts CI must not
//! fall below). Knows nothing about how a case is replayed.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::{Deserialize, Serialize};

use super::diff::reason_class;

/// A result at one level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    Pass,
    #[default]
    Fail,
    Skip,
    Unsupported,
    /// The level does not apply (no recorded history).
    #[serde(rename = "n/a")]
    NotApplicable,
    /// Not counted: `verified_against_aws: false` recordings.
    Excluded,
}

/// One case's result.
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
pub struct CaseResult {
    pub id: String,
    /// The report kind: the case's kind, or `own` for our documentation cases.
    pub kind: String,
    pub categories: Vec<String>,
    pub outcome: Level,
    pub history: Level,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub skip_reason: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub reason: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub outcome_reason: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub history_reason: Option<String>,
    /// `definition_error`: the whole message matched too.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub message_match: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub full_response_match: Option<bool>,
    /// Our normalised responses by snapshot key (only with `--dump`).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub normalised: Option<serde_json::Value>,
}

impl CaseResult {
    /// The reason for a failure at `level`.
    pub fn reason_at(&self, history: bool) -> &str {
        let specific = if history {
            &self.history_reason
        } else {
            &self.outcome_reason
        };
        specific.as_deref().or(self.reason.as_deref()).unwrap_or("")
    }
}

/// pass / fail / skip / unsupported counts at one level.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Counts {
    pub pass: usize,
    pub fail: usize,
    pub skip: usize,
    pub unsupported: usize,
}

impl Counts {
    fn add(&mut self, l: Level) {
        match l {
            Level::Pass => self.pass += 1,
            Level::Fail => self.fail += 1,
            Level::Skip => self.skip += 1,
            Level::Unsupported => self.unsupported += 1,
            Level::NotApplicable | Level::Excluded => {}
        }
    }

    fn total(&self) -> usize {
        self.pass + self.fail + self.skip + self.unsupported
    }

    fn cell(&self) -> String {
        if self.total() == 0 {
            return "-".to_owned();
        }
        format!(
            "{}/{}/{}/{} ({})",
            self.pass,
            self.fail,
            self.skip,
            self.unsupported,
            self.total()
        )
    }
}

/// Counts at both levels.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Both {
    pub outcome: Counts,
    pub history: Counts,
}

impl Both {
    fn add(&mut self, r: &CaseResult) {
        self.outcome.add(r.outcome);
        self.history.add(r.history);
    }
}

/// The whole run in numbers.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Summary {
    pub by_kind: BTreeMap<String, Both>,
    pub by_category: BTreeMap<String, Both>,
    /// Pure-ASL executions that were replayed (not skipped).
    pub pure_asl_executions: Both,
    pub overall: Both,
    pub definition_error_message_exact: usize,
    pub definition_error_replayed: usize,
    pub excluded: Vec<String>,
    pub malformed: Vec<String>,
    pub skip_reasons: BTreeMap<String, usize>,
    pub top_failure_reasons: Vec<(String, usize)>,
}

/// Counts the results (excluded ones are listed, not counted).
pub fn summarise(results: &[CaseResult], malformed: &[String]) -> Summary {
    let mut s = Summary {
        malformed: malformed.to_vec(),
        ..Summary::default()
    };
    let mut fails: BTreeMap<String, usize> = BTreeMap::new();
    for r in results {
        if r.outcome == Level::Excluded {
            s.excluded.push(r.id.clone());
            continue;
        }
        s.by_kind.entry(r.kind.clone()).or_default().add(r);
        for c in &r.categories {
            s.by_category.entry(c.clone()).or_default().add(r);
        }
        if r.kind == "execution" && r.outcome != Level::Skip {
            s.pure_asl_executions.add(r);
        }
        s.overall.add(r);
        if r.kind == "definition_error" && matches!(r.outcome, Level::Pass | Level::Fail) {
            s.definition_error_replayed += 1;
            if r.message_match == Some(true) {
                s.definition_error_message_exact += 1;
            }
        }
        for (history, level) in [(false, r.outcome), (true, r.history)] {
            if level == Level::Fail {
                let lvl = if history { "history" } else { "outcome" };
                let key = format!("[{}/{lvl}] {}", r.kind, reason_class(r.reason_at(history)));
                *fails.entry(key).or_default() += 1;
            }
        }
        if r.outcome == Level::Skip {
            let key = format!("[{}] {}", r.kind, r.skip_reason.as_deref().unwrap_or(""));
            *s.skip_reasons.entry(key).or_default() += 1;
        }
    }
    let mut top: Vec<(String, usize)> = fails.into_iter().collect();
    top.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    top.truncate(25);
    s.top_failure_reasons = top;
    s
}

/// The printed table (cells: pass/fail/skip/unsupported (total)).
pub fn table(s: &Summary) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "cells: pass/fail/skip/unsupported (total)");
    let _ = writeln!(out, "{:<44} {:<26} {:<26}", "kind", "outcome", "history");
    let row = |out: &mut String, name: &str, b: &Both| {
        let _ = writeln!(
            out,
            "{name:<44} {:<26} {:<26}",
            b.outcome.cell(),
            b.history.cell()
        );
    };
    for (k, b) in &s.by_kind {
        row(&mut out, k, b);
    }
    row(
        &mut out,
        "execution (replayed, pure ASL or mocked)",
        &s.pure_asl_executions,
    );
    row(&mut out, "OVERALL", &s.overall);
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "{:<44} {:<26} {:<26}",
        "category", "outcome", "history"
    );
    for (k, b) in &s.by_category {
        row(&mut out, k, b);
    }
    let _ = writeln!(
        out,
        "\ndefinition_error: exact message match {}/{} replayed",
        s.definition_error_message_exact, s.definition_error_replayed
    );
    let _ = writeln!(
        out,
        "excluded (verified_against_aws: false): {}",
        s.excluded.len()
    );
    if !s.malformed.is_empty() {
        let _ = writeln!(out, "\nmalformed case files:");
        for m in &s.malformed {
            let _ = writeln!(out, "  {m}");
        }
    }
    let _ = writeln!(out, "\nskip reasons:");
    for (k, n) in &s.skip_reasons {
        let _ = writeln!(out, "  {n:5}  {k}");
    }
    let _ = writeln!(out, "\ntop failure reasons:");
    for (k, n) in s.top_failure_reasons.iter().take(15) {
        let _ = writeln!(out, "  {n:5}  {k}");
    }
    out
}

/// Every failure with its case id and first differing path.
pub fn failures(results: &[CaseResult]) -> String {
    let mut out = String::new();
    for r in results {
        for (history, level) in [(false, r.outcome), (true, r.history)] {
            if level == Level::Fail {
                let lvl = if history { "history" } else { "outcome" };
                let _ = writeln!(out, "  {lvl:<8} {}: {}", r.id, r.reason_at(history));
            }
        }
    }
    out
}

/// Pass counts per kind and per category: what CI must not fall below.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Baseline {
    #[serde(default)]
    pub note: String,
    pub by_kind: BTreeMap<String, PassCounts>,
    pub by_category: BTreeMap<String, PassCounts>,
}

/// Passes at both levels.
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct PassCounts {
    pub outcome: usize,
    pub history: usize,
}

impl From<&Both> for PassCounts {
    fn from(b: &Both) -> Self {
        PassCounts {
            outcome: b.outcome.pass,
            history: b.history.pass,
        }
    }
}

impl Baseline {
    /// The pass counts of a run.
    pub fn from_summary(s: &Summary) -> Baseline {
        Baseline {
            note: "Pass counts CI must not fall below (tests/conformance.rs). Raise after a \
                   better run with `passo conformance --write-baseline`; never lower to get green."
                .to_owned(),
            by_kind: s
                .by_kind
                .iter()
                .map(|(k, b)| (k.clone(), b.into()))
                .collect(),
            by_category: s
                .by_category
                .iter()
                .map(|(k, b)| (k.clone(), b.into()))
                .collect(),
        }
    }

    /// Every entry (kind or category) whose pass count fell below the baseline, restricted to
    /// the entries `keep` selects (e.g. only our own cases when the recordings are absent).
    pub fn regressions(&self, s: &Summary, keep: impl Fn(&str) -> bool) -> Vec<String> {
        let mut out = Vec::new();
        let groups = [
            ("kind", &self.by_kind, &s.by_kind),
            ("category", &self.by_category, &s.by_category),
        ];
        for (label, base, now) in groups {
            for (name, want) in base.iter().filter(|(n, _)| keep(n)) {
                let got: PassCounts = now.get(name).map(PassCounts::from).unwrap_or_default();
                if got.outcome < want.outcome {
                    out.push(format!(
                        "{label} {name}: outcome passes {} < baseline {}",
                        got.outcome, want.outcome
                    ));
                }
                if got.history < want.history {
                    out.push(format!(
                        "{label} {name}: history passes {} < baseline {}",
                        got.history, want.history
                    ));
                }
            }
        }
        out
    }
}

/// Whether a kind or category name belongs to our own cases.
pub fn is_own_entry(name: &str) -> bool {
    name == "own" || name.starts_with("own/")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn result(kind: &str, outcome: Level, history: Level) -> CaseResult {
        CaseResult {
            id: format!("{kind}-{outcome:?}"),
            kind: kind.to_owned(),
            categories: vec!["c".to_owned()],
            outcome,
            history,
            ..CaseResult::default()
        }
    }

    #[test]
    fn counts_and_regressions() {
        let rs = vec![
            result("execution", Level::Pass, Level::Fail),
            result("execution", Level::Excluded, Level::Excluded),
            result("own", Level::Pass, Level::Pass),
        ];
        let s = summarise(&rs, &[]);
        assert_eq!(s.excluded.len(), 1);
        assert_eq!(s.by_category.get("c").map(|b| b.outcome.pass), Some(2));
        let base = Baseline::from_summary(&s);
        assert!(base.regressions(&s, |_| true).is_empty());
        let worse = summarise(&rs[..1], &[]);
        let reg = base.regressions(&worse, is_own_entry);
        assert_eq!(
            reg,
            vec![
                "kind own: outcome passes 0 < baseline 1".to_owned(),
                "kind own: history passes 0 < baseline 1".to_owned()
            ]
        );
    }
}
