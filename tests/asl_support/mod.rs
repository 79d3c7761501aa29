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
                && c["verified_against_aws"] == true
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

/// A scope over `input` and `context`, without variables.
pub fn scope<'a>(input: &'a Value, context: &'a Value) -> Scope<'a> {
    Scope {
        input,
        context,
        variables: None,
    }
}

/// A deterministic random source for tests.
pub fn rng() -> rand_chacha::ChaCha8Rng {
    use rand_core::SeedableRng;
    rand_chacha::ChaCha8Rng::seed_from_u64(7)
}
