//! Snapshots in insta's file format, so `cargo insta review` (and `cargo insta accept`) work on
//! them: `<spec dir>/snapshots/<spec stem>__<test>.snap`, a `---` metadata header (`source`,
//! `description`, `expression`) and the snapshot body; a changed or new snapshot is written next
//! to it as `.snap.new` and fails the test until accepted (`--accept` or insta's review).
//!
//! The body is the execution's status, output, error and cause and its history, normalised:
//! ARNs, UUIDs, task tokens and timestamps redacted, embedded JSON texts parsed, and each
//! event's time given as seconds since the execution started (virtual time, so stable).

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde_json::{json, Map, Value};

use super::run::Outcome;
use super::spec::TestCase;

use crate::store::EventDetails;

/// What comparing a snapshot found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    Matched,
    /// Written (new or changed) because `--accept` was given.
    Accepted(PathBuf),
    /// No `.snap` yet: written as `.snap.new`.
    New(PathBuf),
    /// The `.snap` differs: the new one written as `.snap.new`; holds the diff.
    Changed(PathBuf, String),
}

impl Status {
    /// The failure message, if this status fails the test.
    pub fn failure(&self) -> Option<String> {
        match self {
            Status::Matched | Status::Accepted(_) => None,
            Status::New(p) => Some(format!(
                "snapshot: new snapshot {} (review with `cargo insta review`, or rerun with --accept)",
                p.display()
            )),
            Status::Changed(p, diff) => Some(format!(
                "snapshot: {} changed (- stored, + new); review with `cargo insta review` or rerun with --accept:\n{diff}",
                p.display()
            )),
        }
    }
}

/// Counts of snapshot statuses for the summary line.
#[derive(Debug, Default)]
pub struct Summary {
    pub matched: usize,
    pub accepted: usize,
    pub new: usize,
    pub changed: usize,
}

impl Summary {
    pub fn count(&mut self, s: &Status) {
        match s {
            Status::Matched => self.matched += 1,
            Status::Accepted(_) => self.accepted += 1,
            Status::New(_) => self.new += 1,
            Status::Changed(..) => self.changed += 1,
        }
    }

    pub fn any(&self) -> bool {
        self.matched + self.accepted + self.new + self.changed > 0
    }

    pub fn line(&self, _accept: bool) -> String {
        format!(
            "snapshots: {} matched, {} accepted, {} new, {} changed",
            self.matched, self.accepted, self.new, self.changed
        )
    }
}

/// The snapshot file of a case.
pub fn snap_path(case: &TestCase) -> PathBuf {
    let dir = case.spec_path.parent().unwrap_or(Path::new("."));
    let file = case
        .spec_path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("spec");
    let stem = super::spec::SPEC_SUFFIXES
        .iter()
        .find_map(|s| file.strip_suffix(s))
        .unwrap_or(file);
    dir.join("snapshots")
        .join(format!("{}__{}.snap", sanitize(stem), sanitize(&case.name)))
}

fn sanitize(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// Compares (or writes, with `accept`) the case's snapshot.
pub fn check(case: &TestCase, outcome: &Outcome, accept: bool) -> std::io::Result<Status> {
    let path = snap_path(case);
    let pending = PathBuf::from(format!("{}.new", path.display()));
    let body = body(outcome);
    let stored = std::fs::read_to_string(&path)
        .ok()
        .map(|t| contents(&t).to_owned());
    if stored.as_deref() == Some(body.trim_end()) {
        let _ = std::fs::remove_file(&pending);
        return Ok(Status::Matched);
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let file = render(case, &body);
    if accept {
        std::fs::write(&path, file)?;
        let _ = std::fs::remove_file(&pending);
        return Ok(Status::Accepted(path));
    }
    std::fs::write(&pending, file)?;
    Ok(match stored {
        None => Status::New(pending),
        Some(old) => Status::Changed(path, super::expect::text_diff(&old, body.trim_end())),
    })
}

/// The snapshot body of an outcome: pretty JSON, as insta's JSON snapshots are.
pub fn body(outcome: &Outcome) -> String {
    let start = outcome.history.first().map(|e| e.timestamp);
    let history: Vec<Value> = outcome
        .history
        .iter()
        .map(|e| {
            let mut ev = Map::new();
            ev.insert("id".into(), json!(e.id));
            ev.insert("previousEventId".into(), json!(e.previous_event_id));
            let secs = start
                .map(|s| (e.timestamp - s).num_milliseconds() as f64 / 1000.0)
                .unwrap_or(0.0);
            ev.insert("elapsed".into(), json!(format!("+{secs:.3}s")));
            ev.insert("type".into(), json!(e.event_type));
            if let Some((key, details)) = e.details.clone().map(EventDetails::into_parts) {
                ev.insert(key, redact(details));
            }
            Value::Object(ev)
        })
        .collect();
    let doc = json!({
        "status": outcome.status,
        "output": outcome.output.clone().map(redact),
        "error": outcome.error,
        "cause": outcome.cause.clone().map(|c| redact(Value::String(c))),
        "history": history,
    });
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    text.push('\n');
    text
}

/// A whole `.snap` file: insta's header, then the body.
fn render(case: &TestCase, body: &str) -> String {
    let source = case.spec_path.display().to_string().replace('\\', "/");
    format!(
        "---\nsource: {}\ndescription: {}\nexpression: {}\n---\n{}",
        yaml_str(&source),
        yaml_str(&format!("passo test: {}", case.machine.name)),
        yaml_str(&case.name),
        body
    )
}

/// A YAML scalar for the header: JSON strings are valid YAML.
fn yaml_str(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

/// The body of a `.snap` file (after the second `---` line), without trailing whitespace.
pub fn contents(file: &str) -> &str {
    let mut rest = file;
    if let Some(after) = rest.strip_prefix("---\n") {
        if let Some(end) = after.find("\n---\n") {
            rest = &after[end + 5..];
        }
    }
    rest.trim_end()
}

fn patterns() -> &'static [(regex::Regex, &'static str); 4] {
    static P: OnceLock<[(regex::Regex, &'static str); 4]> = OnceLock::new();
    P.get_or_init(|| {
        let re = |s: &str| regex::Regex::new(s).unwrap_or_else(|_| unreachable!("a fixed pattern"));
        [
            (re(r"arn:aws[a-zA-Z-]*:[^\s\x22,}\]]+"), "[arn]"),
            (
                re(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"),
                "[uuid]",
            ),
            (
                re(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})"),
                "[timestamp]",
            ),
            (
                re(r"https://sqs\.[a-z0-9-]+\.amazonaws\.com/\d{12}/"),
                "https://sqs.[region].amazonaws.com/[account]/",
            ),
        ]
    })
}

/// Redacts run-specific values inside a JSON value; strings holding JSON objects or arrays
/// (history details carry inputs and outputs as text) are parsed first so they read as JSON.
pub fn redact(v: Value) -> Value {
    match v {
        Value::String(s) => {
            let t = s.trim_start();
            if t.starts_with('{') || t.starts_with('[') {
                if let Ok(parsed) = serde_json::from_str::<Value>(&s) {
                    if parsed.is_object() || parsed.is_array() {
                        return redact(parsed);
                    }
                }
            }
            Value::String(redact_text(&s))
        }
        Value::Array(a) => Value::Array(a.into_iter().map(redact).collect()),
        Value::Object(m) => Value::Object(
            m.into_iter()
                .map(|(k, v)| {
                    let token = k.eq_ignore_ascii_case("taskToken") || k == "TaskToken";
                    let v = if token && v.is_string() {
                        json!("[token]")
                    } else {
                        redact(v)
                    };
                    (k, v)
                })
                .collect(),
        ),
        other => other,
    }
}

fn redact_text(s: &str) -> String {
    let mut out = s.to_owned();
    for (re, with) in patterns() {
        if re.is_match(&out) {
            out = re.replace_all(&out, *with).into_owned();
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redaction_covers_arns_uuids_timestamps_tokens_and_embedded_json() {
        let v = redact(json!({
            "input": "{\"at\":\"2024-01-01T00:00:00.000Z\",\"id\":\"0f8fad5b-d9cb-469f-a165-70867728950e\"}",
            "resource": "arn:aws:states:us-east-1:123456789012:execution:M:x",
            "taskToken": "AAAA",
            "n": 3
        }));
        assert_eq!(
            v,
            json!({"input": {"at": "[timestamp]", "id": "[uuid]"}, "resource": "[arn]", "taskToken": "[token]", "n": 3})
        );
    }

    #[test]
    fn contents_skips_the_insta_header() {
        let file = "---\nsource: a.yaml\nexpression: \"x\"\n---\n{\n  \"a\": 1\n}\n";
        assert_eq!(contents(file), "{\n  \"a\": 1\n}");
        assert_eq!(sanitize("happy path/1"), "happy_path_1");
    }
}
