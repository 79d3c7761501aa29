//! Cost estimates from what a test's execution did: Standard workflows cost per state
//! transition; Express workflows per request plus duration in GB-seconds, the duration rounded
//! up to the next 100 ms and the memory up to the next 64 MB step. Prices come from a table the
//! user can replace per region (the built-in one is `src/harness/prices.yaml`).
//!
//! Retries are billed as transitions, as AWS bills them; `transitions` counts the engine's
//! transitions plus the retries read from the history.
//!
//! Durations are virtual: a 24-hour Wait costs an Express workflow 24 hours, as on AWS.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::Path;

use anyhow::Context;
use serde::Deserialize;

use super::{CaseResult, TestCase};

/// Prices of one region, in USD.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Prices {
    pub standard_per_thousand_transitions: f64,
    pub express_per_million_requests: f64,
    pub express_per_gb_second: f64,
}

/// A price table: prices by region and the region used when none is asked for.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PriceTable {
    pub default: String,
    pub regions: BTreeMap<String, Prices>,
}

/// The built-in table's text.
pub const BUILTIN: &str = include_str!("prices.yaml");

impl PriceTable {
    pub fn builtin() -> PriceTable {
        PriceTable::parse(Path::new("prices.yaml"), BUILTIN)
            .unwrap_or_else(|_| unreachable!("the built-in price table parses (tested)"))
    }

    pub fn parse(path: &Path, text: &str) -> anyhow::Result<PriceTable> {
        let value = super::spec::parse_text(path, text).map_err(anyhow::Error::msg)?;
        let table: PriceTable = serde_json::from_value(value)?;
        if !table.regions.contains_key(&table.default) {
            anyhow::bail!("the default region '{}' has no prices", table.default);
        }
        Ok(table)
    }

    pub fn load(path: &Path) -> anyhow::Result<PriceTable> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("reading the price table {}", path.display()))?;
        PriceTable::parse(path, &text)
            .with_context(|| format!("the price table {}", path.display()))
    }

    /// The prices of `region` (the default region when `None`).
    pub fn region(&self, region: Option<&str>) -> anyhow::Result<(String, Prices)> {
        let name = region.unwrap_or(&self.default);
        self.regions
            .get(name)
            .map(|p| (name.to_owned(), *p))
            .with_context(|| {
                format!(
                    "the price table has no region '{name}' (it has: {})",
                    self.regions.keys().cloned().collect::<Vec<_>>().join(", ")
                )
            })
    }
}

/// The cost of one execution.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cost {
    pub usd: f64,
    /// Billed duration in ms (Express; 0 for Standard).
    pub billed_ms: u64,
    /// Billed memory in MB (Express; 0 for Standard).
    pub billed_mb: u64,
}

/// A Standard execution with `transitions` state transitions.
pub fn standard(p: &Prices, transitions: u64) -> Cost {
    Cost {
        usd: transitions as f64 * p.standard_per_thousand_transitions / 1000.0,
        billed_ms: 0,
        billed_mb: 0,
    }
}

/// An Express execution that ran `duration_ms` with `memory_mb` of memory.
pub fn express(p: &Prices, duration_ms: i64, memory_mb: u64) -> Cost {
    let ms = u64::try_from(duration_ms).unwrap_or(0);
    let billed_ms = ms.div_ceil(100).max(1) * 100;
    let billed_mb = memory_mb.max(1).div_ceil(64) * 64;
    let gb_seconds = (billed_mb as f64 / 1024.0) * (billed_ms as f64 / 1000.0);
    Cost {
        usd: p.express_per_million_requests / 1_000_000.0 + gb_seconds * p.express_per_gb_second,
        billed_ms,
        billed_mb,
    }
}

/// The cost of a case's execution, if it ran.
pub fn of(r: &CaseResult, p: &Prices, memory_mb: u64) -> Option<Cost> {
    let o = r.outcome.as_ref().ok()?;
    Some(if o.express {
        express(p, o.duration_ms, memory_mb)
    } else {
        standard(p, o.transitions + super::run::retries(&o.history))
    })
}

/// The text report: one line per test, then the suite's total.
pub fn report(
    results: &[CaseResult],
    (region, p): &(String, Prices),
    memory: impl Fn(&TestCase) -> u64,
) -> String {
    let mut out = format!("cost estimate ({region}, USD per execution):\n");
    let mut total = 0.0;
    for r in results {
        let Some(c) = of(r, p, memory(&r.case)) else {
            let _ = writeln!(out, "  {:>12}  {} (did not run)", "-", r.case.id);
            continue;
        };
        total += c.usd;
        let how = match &r.outcome {
            Ok(o) if o.express => {
                format!("express, {} ms billed at {} MB", c.billed_ms, c.billed_mb)
            }
            Ok(o) => format!(
                "standard, {} transitions + {} retries",
                o.transitions,
                super::run::retries(&o.history)
            ),
            Err(_) => String::new(),
        };
        let _ = writeln!(out, "  {:>12.8}  {} ({how})", c.usd, r.case.id);
    }
    let _ = write!(
        out,
        "  {total:>12.8}  suite total ({} executions); {:.2} per million runs of this suite",
        results.len(),
        total * 1_000_000.0
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn standard_is_per_transition() {
        let (_, p) = PriceTable::builtin().region(None).unwrap();
        assert!((standard(&p, 1000).usd - 0.025).abs() < 1e-12);
        assert!((standard(&p, 4).usd - 0.0001).abs() < 1e-12);
    }

    #[test]
    fn express_rounds_duration_to_100ms_and_memory_to_64mb() {
        let p = Prices {
            standard_per_thousand_transitions: 0.025,
            express_per_million_requests: 1.0,
            express_per_gb_second: 0.00001667,
        };
        let c = express(&p, 101, 65);
        assert_eq!((c.billed_ms, c.billed_mb), (200, 128));
        let want = 1e-6 + (128.0 / 1024.0) * 0.2 * 0.00001667;
        assert!((c.usd - want).abs() < 1e-15);
        assert_eq!(express(&p, 0, 64).billed_ms, 100);
    }

    #[test]
    fn tables_name_unknown_regions() {
        let t = PriceTable::builtin();
        let e = t.region(Some("mars-1")).unwrap_err().to_string();
        assert!(e.contains("mars-1") && e.contains("us-east-1"), "{e}");
        let bad = PriceTable::parse(Path::new("p.yaml"), "default: x\nregions: {}\n");
        assert!(bad.is_err());
    }
}
