//! Shared helpers for the JSONPath / intrinsics / template tests: locating the recorded AWS
//! cases (`shared/conformance/aws-recordings`, found by walking up from the crate), a context
//! object for a case, and the literal part of the recordings' normalisation.
//!
//! Tests read the recordings; they never copy expected outputs into the repo.

#![allow(dead_code, reason = "each test binary uses a different subset")]

use std::path::PathBuf;

use passo::asl::path::Scope;
use serde_json::{json, Value};

/// The recordings' `cases/` folder, or `None` (the caller prints why and skips).
pub fn cases_dir() -> Option<PathBuf> {
    let mut dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    loop {
        let candidate = dir.join("shared/conformance/aws-recordings/cases");
        if candidate.is_dir() {
            return Some(candidate);
        }
        if !dir.pop() {
            return None;
        }
    }
}

/// Every case file as `(file stem, parsed case)`, sorted by name. Empty when absent.
pub fn cases() -> Vec<(String, Value)> {
    let Some(dir) = cases_dir() else {
        eprintln!("recordings not found above CARGO_MANIFEST_DIR: skipping");
        return Vec::new();
    };
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return out;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.extension().and_then(|x| x.to_str()) != Some("json") {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(&p) else {
            continue;
        };
        if let Ok(v) = serde_json::from_str::<Value>(&text) {
            let name = p
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or_default()
                .to_owned();
            out.push((name, v));
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// Verified, pure-ASL execution cases with a definition.
pub fn pure_executions() -> Vec<(String, Value)> {
    cases()
        .into_iter()
        .filter(|(_, c)| {
            c["kind"] == "execution"
                && c[concat!("verified_against", "_aws")] == true
                && c["pure_asl"] == true
                && c["definition"].is_object()
        })
        .collect()
}

/// The case's input exactly as sent (key order kept).
pub fn input(case: &Value) -> Value {
    case["input_raw"]
        .as_str()
        .and_then(|s| serde_json::from_str(s).ok())
        .unwrap_or_else(|| case["input"].clone())
}

/// A context object close to AWS's, built from the case's real names (the normalisation then
/// maps them to the recorded placeholders).
pub fn context(case: &Value, input: &Value) -> Value {
    let mut sm_name = "StateMachine".to_owned();
    let mut exec_name = "Execution".to_owned();
    for t in case["transformers"].as_array().into_iter().flatten() {
        match t["t"].as_str() {
            Some("sfn_sm_create_arn") => {
                sm_name = t["value"].as_str().unwrap_or_default().to_owned();
            }
            Some("sfn_sm_exec_arn") => {
                exec_name = t["value"].as_str().unwrap_or_default().to_owned();
            }
            _ => {}
        }
    }
    json!({
        "Execution": {
            "Id": format!("arn:aws:states:us-east-1:111111111111:execution:{sm_name}:{exec_name}"),
            "Input": input,
            "Name": exec_name,
            "RoleArn": "arn:aws:iam::111111111111:role/role",
            "StartTime": "2024-01-01T00:00:00.000Z",
        },
        "State": {"EnteredTime": "2024-01-01T00:00:00.000Z", "Name": "State"},
        "StateMachine": {
            "Id": format!("arn:aws:states:us-east-1:111111111111:stateMachine:{sm_name}"),
            "Name": sm_name,
        },
    })
}

/// The literal substitutions of the case's transformers (names the test chose -> placeholders),
/// applied to a compact JSON text.
pub fn normalise(case: &Value, text: &str) -> String {
    let mut out = text.to_owned();
    for t in case["transformers"].as_array().into_iter().flatten() {
        let (from, to) = match t["t"].as_str() {
            Some("sfn_sm_create_arn" | "sfn_sm_exec_arn") => (&t["value"], &t["replacement"]),
            Some("regex") => (&t["regex"], &t["replacement"]),
            _ => continue,
        };
        if let (Some(from), Some(to)) = (from.as_str(), to.as_str()) {
            if !from.is_empty() {
                out = out.replace(from, to);
            }
        }
    }
    out
}

/// The recordings' reference replacement for UUIDs: each distinct UUID becomes `<uuid:N>`,
/// numbered in order of first appearance.
pub fn mask_uuids(text: &str) -> String {
    let Ok(re) =
        regex_lite::Regex::new("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
    else {
        return text.to_owned();
    };
    let mut seen: Vec<String> = Vec::new();
    re.replace_all(text, |c: &regex_lite::Captures<'_>| {
        let u = c.get(0).map_or("", |m| m.as_str()).to_owned();
        let n = match seen.iter().position(|s| *s == u) {
            Some(i) => i + 1,
            None => {
                seen.push(u);
                seen.len()
            }
        };
        format!("<uuid:{n}>")
    })
    .into_owned()
}

/// A scope over `input` and `context`, without variables.
pub fn scope<'a>(input: &'a Value, context: &'a Value) -> Scope<'a> {
    Scope {
        input,
        context,
        variables: None,
    }
}

/// A scope with workflow variables.
pub fn scope_with<'a>(
    input: &'a Value,
    context: &'a Value,
    variables: &'a serde_json::Map<String, Value>,
) -> Scope<'a> {
    Scope {
        input,
        context,
        variables: Some(variables),
    }
}

/// The variables assigned by the `StateExited` events before `upto` (one flat scope: enough for
/// the recorded cases, which do not shadow names across Map or Parallel scopes).
pub fn variables_before(history: &[Value], upto: usize) -> serde_json::Map<String, Value> {
    let mut vars = serde_json::Map::new();
    for ev in history.iter().take(upto) {
        let assigned = &ev["stateExitedEventDetails"]["assignedVariables"];
        for (k, v) in assigned.as_object().into_iter().flatten() {
            let value = match v {
                Value::String(s) => serde_json::from_str(s).unwrap_or_else(|_| v.clone()),
                other => other.clone(),
            };
            vars.insert(k.clone(), value);
        }
    }
    vars
}

/// A deterministic random source for tests.
pub fn rng() -> rand_chacha::ChaCha8Rng {
    use rand_core::SeedableRng;
    rand_chacha::ChaCha8Rng::seed_from_u64(7)
}

/// Every state of a definition, nested ones included.
pub fn states(def: &Value, out: &mut Vec<(String, Value)>) {
    for (name, s) in def["States"].as_object().into_iter().flatten() {
        out.push((name.clone(), s.clone()));
        for b in s["Branches"].as_array().into_iter().flatten() {
            states(b, out);
        }
        for k in ["Iterator", "ItemProcessor"] {
            if s[k].is_object() {
                states(&s[k], out);
            }
        }
    }
}

/// A recorded `input`/`output` field as compact JSON text.
pub fn text_of(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => serde_json::to_string(other).unwrap_or_default(),
    }
}

fn parse_recorded(v: &Value) -> Option<Value> {
    match v {
        Value::String(s) => serde_json::from_str(s).ok(),
        other => Some(other.clone()),
    }
}

/// A Pass state's JSONPath pipeline (InputPath, Parameters or Result, ResultPath, OutputPath),
/// as the engine runs it; errors as (error, cause without the state prefix).
pub fn run_pass(
    st: &Value,
    input: &Value,
    ctx: &Value,
    vars: &serde_json::Map<String, Value>,
) -> Result<Value, (String, String)> {
    use passo::asl::path::Path;
    use passo::asl::template::Template;
    let rt = |c: String| ("States.Runtime".to_owned(), c);
    let select = |p: &str, doc: &Value| -> Result<Value, (String, String)> {
        let path = Path::parse(p).map_err(|e| rt(e.to_string()))?;
        path.select(&scope_with(doc, ctx, vars))
            .map_err(|e| rt(path.invalid_path_cause(&e)))
    };
    let effective = match &st["InputPath"] {
        Value::String(p) => select(p, input)?,
        _ if st.get("InputPath").is_some() => json!({}),
        _ => input.clone(),
    };
    let result = if st["Parameters"].is_object() {
        let tmpl = Template::compile(&st["Parameters"]).map_err(|e| rt(e.to_string()))?;
        tmpl.eval(&scope_with(&effective, ctx, vars), &mut rng())
            .map_err(|f| (f.error, f.cause))?
    } else if let Some(r) = st.get("Result") {
        r.clone()
    } else {
        effective
    };
    let with_result = match &st["ResultPath"] {
        Value::String(p) => Path::parse(p)
            .map_err(|e| rt(e.to_string()))?
            .write(input.clone(), result)
            .map_err(|e| ("States.ResultPathMatchFailure".to_owned(), e.to_string()))?,
        _ if st.get("ResultPath").is_some() => input.clone(),
        _ => result,
    };
    match &st["OutputPath"] {
        Value::String(p) => select(p, &with_result),
        _ if st.get("OutputPath").is_some() => Ok(json!({})),
        _ => Ok(with_result),
    }
}

/// Replays every recorded evaluation of a JSONPath-mode Pass state chosen by `pick` (verified
/// pure-ASL executions, nested states included) from its recorded input, and compares with the
/// recorded output or failure, byte for byte. Prints each mismatch; returns (pass, fail).
pub fn replay_pass_states(pick: impl Fn(&Value) -> bool) -> (usize, usize) {
    use passo::asl::path::{Path, Root};
    let (mut pass, mut fail) = (0, 0);
    let mut skipped: std::collections::BTreeMap<&str, usize> = Default::default();
    for (name, case) in pure_executions() {
        let mut all = Vec::new();
        states(&case["definition"], &mut all);
        let history = case["expected"]["history"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        let exec_input = input(&case);
        let ctx = context(&case, &exec_input);
        let jsonata = case["definition"]["QueryLanguage"] == "JSONata";
        for (state_name, st) in &all {
            if st["Type"] != "Pass" || !pick(st) || jsonata || st["QueryLanguage"] == "JSONata" {
                continue;
            }
            // Paths this state reads, to skip what this harness cannot reproduce.
            let mut texts: Vec<String> = ["InputPath", "OutputPath"]
                .iter()
                .filter_map(|k| st[*k].as_str().map(str::to_owned))
                .collect();
            if let Ok(t) = passo::asl::template::Template::compile(&st["Parameters"]) {
                texts.extend(t.paths().iter().map(|p| p.text().to_owned()));
            }
            let special = texts.iter().any(|t| {
                Path::parse(t).is_ok_and(|p| {
                    (matches!(p.root(), Root::Context)
                        && !p.text().starts_with("$$.Execution.Input"))
                })
            });
            for (i, ev) in history.iter().enumerate() {
                let d = &ev["stateEnteredEventDetails"];
                if ev["type"] != "PassStateEntered" || d["name"] != state_name.as_str() {
                    continue;
                }
                if special {
                    *skipped.entry("reads volatile context").or_default() += 1;
                    continue;
                }
                let Some(state_input) = parse_recorded(&d["input"]) else {
                    continue;
                };
                let vars = variables_before(&history, i);
                let got = run_pass(st, &state_input, &ctx, &vars);
                let outcome = history.iter().skip(i + 1).find(|e| {
                    (e["type"] == "PassStateExited"
                        && e["stateExitedEventDetails"]["name"] == state_name.as_str())
                        || e["type"] == "ExecutionFailed"
                });
                let Some(outcome) = outcome else { continue };
                let ok = if outcome["type"] == "ExecutionFailed" {
                    let f = &outcome["executionFailedEventDetails"];
                    match &got {
                        Err((error, cause)) => {
                            let cause = cause.replace(&text_of(&state_input), "<json-input:1>");
                            f["error"] == error.as_str()
                                && f["cause"].as_str().is_some_and(|c| c.ends_with(&cause))
                        }
                        Ok(_) => false,
                    }
                } else {
                    let want = text_of(&outcome["stateExitedEventDetails"]["output"]);
                    match &got {
                        Ok(v) => {
                            let text =
                                normalise(&case, &serde_json::to_string(v).unwrap_or_default());
                            text == want || (want.contains("<uuid:") && mask_uuids(&text) == want)
                        }
                        Err(_) => false,
                    }
                };
                if ok {
                    pass += 1;
                } else if text_of(outcome).contains("RandomNumberGenerated") {
                    *skipped.entry("random output masked").or_default() += 1;
                } else if text_of(outcome).contains("States.DataLimitExceeded") {
                    *skipped.entry("payload size limit (engine)").or_default() += 1;
                } else {
                    fail += 1;
                    let got: String = format!("{got:?}").chars().take(400).collect();
                    eprintln!(
                        "FAIL {name}/{state_name}\n  outcome {}\n  got     {got}",
                        text_of(outcome)
                    );
                }
            }
        }
    }
    eprintln!("skipped {skipped:?}");
    (pass, fail)
}
