//! Checks an [`Outcome`] against a spec's [`Expect`] and explains every mismatch readably: a
//! unified diff of pretty-printed JSON for whole outputs, the JSONPath of each differing node
//! for partial outputs.
//!
//! JSONPath assertions use passo's own engine ([`crate::asl::path`]), so a path means here what
//! it means in a definition.

use serde_json::Value;

use super::run::{entered_name, Outcome};
use super::spec::Expect;
use crate::asl::path::Path;

/// Every mismatch between `outcome` and `expect`, as readable paragraphs; empty when it passes.
/// `top_level` is the set of the definition's top-level state names (for `path`).
pub fn check(expect: &Expect, outcome: &Outcome, top_level: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(status) = &expect.status {
        if !status.eq_ignore_ascii_case(&outcome.status) {
            let mut msg = format!("status: expected {status}, got {}", outcome.status);
            if let Some(e) = &outcome.error {
                msg.push_str(&format!(
                    " (error {e}: {})",
                    outcome.cause.as_deref().unwrap_or("")
                ));
            }
            out.push(msg);
        }
    }
    for (what, want, got) in [
        ("error", &expect.error, &outcome.error),
        ("cause", &expect.cause, &outcome.cause),
    ] {
        if let Some(want) = want {
            if Some(want) != got.as_ref() {
                out.push(format!(
                    "{what}: expected {:?}, got {}",
                    want,
                    got.as_ref()
                        .map(|g| format!("{g:?}"))
                        .unwrap_or_else(|| "none".into())
                ));
            }
        }
    }
    let null = Value::Null;
    let output = outcome.output.as_ref().unwrap_or(&null);
    if let Some(want) = &expect.output {
        if want != output {
            out.push(format!(
                "output differs (- expected, + actual):\n{}",
                diff(want, output)
            ));
        }
    }
    if let Some(want) = &expect.output_includes {
        let mut problems = Vec::new();
        includes(want, output, "$", &mut problems);
        if !problems.is_empty() {
            out.push(format!(
                "output does not include what was expected:\n{}",
                problems
                    .iter()
                    .map(|p| format!("  {p}"))
                    .collect::<Vec<_>>()
                    .join("\n")
            ));
        }
    }
    for (path, want) in &expect.output_paths {
        match Path::parse(path) {
            Err(e) => out.push(format!("outputPaths: {e}")),
            Ok(p) => match p.select_in(output) {
                Ok(got) if &got == want => {}
                Ok(got) => out.push(format!(
                    "output at {path}: expected {}, got {}",
                    compact(want),
                    compact(&got)
                )),
                Err(e) => out.push(format!(
                    "output at {path}: expected {}, but the path does not match: {e}",
                    compact(want)
                )),
            },
        }
    }
    let entered: Vec<&str> = outcome
        .history
        .iter()
        .filter(|e| e.event_type.ends_with("StateEntered"))
        .filter_map(entered_name)
        .collect();
    if let Some(want) = &expect.path {
        let got: Vec<&str> = entered
            .iter()
            .copied()
            .filter(|n| top_level.iter().any(|t| t == n))
            .collect();
        if got != want.iter().map(String::as_str).collect::<Vec<_>>() {
            out.push(format!(
                "path: expected\n  {}\ngot\n  {}",
                want.join(" -> "),
                got.join(" -> ")
            ));
        }
    }
    if let Some(want) = &expect.path_includes {
        let mut it = entered.iter();
        if let Some(missing) = want.iter().find(|w| !it.any(|n| n == w)) {
            out.push(format!(
                "pathIncludes: '{missing}' was not entered after the states before it in\n  {}\nstates entered:\n  {}",
                want.join(" -> "),
                entered.join(" -> ")
            ));
        }
    }
    if let Some(want) = expect.transitions {
        if want != outcome.transitions {
            out.push(format!(
                "transitions: expected {want}, got {}",
                outcome.transitions
            ));
        }
    }
    out
}

fn compact(v: &Value) -> String {
    serde_json::to_string(v).unwrap_or_default()
}

/// A unified line diff of two values printed as pretty JSON.
pub fn diff(want: &Value, got: &Value) -> String {
    let a = serde_json::to_string_pretty(want).unwrap_or_default();
    let b = serde_json::to_string_pretty(got).unwrap_or_default();
    text_diff(&a, &b)
}

/// A unified line diff of two texts (`-` old, `+` new).
pub fn text_diff(old: &str, new: &str) -> String {
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .to_string()
        .lines()
        .filter(|l| !l.starts_with("@@"))
        .map(|l| format!("    {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Collects where `got` fails to include `want`: objects may hold more keys; arrays and
/// scalars must match (arrays element by element, same length).
fn includes(want: &Value, got: &Value, at: &str, out: &mut Vec<String>) {
    match (want, got) {
        (Value::Object(w), Value::Object(g)) => {
            for (k, wv) in w {
                let here = format!("{at}.{k}");
                match g.get(k) {
                    Some(gv) => includes(wv, gv, &here, out),
                    None => out.push(format!("{here}: missing (expected {})", compact(wv))),
                }
            }
        }
        (Value::Array(w), Value::Array(g)) if w.len() == g.len() => {
            for (i, (wv, gv)) in w.iter().zip(g).enumerate() {
                includes(wv, gv, &format!("{at}[{i}]"), out);
            }
        }
        _ if want == got => {}
        _ => out.push(format!(
            "{at}: expected {}, got {}",
            compact(want),
            compact(got)
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn outcome(output: Value) -> Outcome {
        Outcome {
            execution_arn: "arn".into(),
            status: "SUCCEEDED".into(),
            output: Some(output),
            error: None,
            cause: None,
            history: vec![],
            transitions: 3,
            duration_ms: 0,
            express: false,
        }
    }

    #[test]
    fn partial_output_names_the_differing_paths() {
        let expect = Expect {
            output_includes: Some(json!({"a": {"b": 1, "c": 2}, "d": [1]})),
            ..Expect::default()
        };
        let problems = check(
            &expect,
            &outcome(json!({"a": {"b": 1, "c": 3}, "e": 0})),
            &[],
        );
        assert_eq!(problems.len(), 1);
        assert!(
            problems[0].contains("$.a.c: expected 2, got 3"),
            "{}",
            problems[0]
        );
        assert!(problems[0].contains("$.d: missing"), "{}", problems[0]);
    }

    #[test]
    fn json_path_assertions_use_the_asl_engine() {
        let mut paths = serde_json::Map::new();
        paths.insert("$.items[?(@.n > 1)].n".into(), json!([2, 3]));
        paths.insert("$.items.length()".into(), json!(3));
        paths.insert("$.nope".into(), json!(1));
        let expect = Expect {
            output_paths: paths,
            transitions: Some(4),
            ..Expect::default()
        };
        let problems = check(
            &expect,
            &outcome(json!({"items": [{"n": 1}, {"n": 2}, {"n": 3}]})),
            &[],
        );
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems[0].contains("$.nope") && problems[0].contains("does not match"));
        assert_eq!(problems[1], "transitions: expected 4, got 3");
    }

    #[test]
    fn exact_output_shows_a_diff() {
        let expect = Expect {
            output: Some(json!({"a": 1, "b": 2})),
            status: Some("FAILED".into()),
            ..Expect::default()
        };
        let problems = check(&expect, &outcome(json!({"a": 1, "b": 3})), &[]);
        assert_eq!(problems[0], "status: expected FAILED, got SUCCEEDED");
        assert!(
            problems[1].contains("-  \"b\": 2") && problems[1].contains("+  \"b\": 3"),
            "{}",
            problems[1]
        );
    }
}
