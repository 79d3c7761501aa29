//! Payload templates: every recorded Pass state with `Parameters` (in any verified pure-ASL
//! execution, nested Map/Parallel states included) replayed from its recorded input to its
//! recorded output, byte for byte (key order included); plus one-line checks.

mod asl_support;

use asl_support::{context, input, normalise, pure_executions, rng, scope};
use passo::asl::path::{Path, Root};
use passo::asl::template::Template;
use serde_json::{json, Value};

/// Recorded Pass-state evaluations that match byte for byte; the test fails below it.
const RECORDED_FLOOR: usize = 131;

/// Every state of a definition, nested ones included.
fn states(def: &Value, out: &mut Vec<(String, Value)>) {
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
fn text_of(v: &Value) -> String {
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

#[test]
fn recorded_pass_parameters() {
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
        for (state_name, st) in &all {
            if st["Type"] != "Pass" || !st["Parameters"].is_object() {
                continue;
            }
            if st.get("QueryLanguage").is_some_and(|q| q == "JSONata")
                || case["definition"]["QueryLanguage"] == "JSONata"
            {
                continue;
            }
            let Ok(tmpl) = Template::compile(&st["Parameters"]) else {
                fail += 1;
                eprintln!("FAIL {name}/{state_name}: does not compile");
                continue;
            };
            let special = tmpl.paths().iter().any(|p| {
                matches!(p.root(), Root::Variable(_))
                    || (matches!(p.root(), Root::Context)
                        && !p.text().starts_with("$$.Execution.Input"))
            });
            for (i, ev) in history.iter().enumerate() {
                let d = &ev["stateEnteredEventDetails"];
                if ev["type"] != "PassStateEntered" || d["name"] != state_name.as_str() {
                    continue;
                }
                if special {
                    *skipped
                        .entry("reads variables or volatile context")
                        .or_default() += 1;
                    continue;
                }
                let Some(state_input) = parse_recorded(&d["input"]) else {
                    continue;
                };
                let got = run(st, &tmpl, &state_input, &ctx);
                // The outcome: the matching Exited event, or the execution's failure.
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
                            normalise(&case, &serde_json::to_string(v).unwrap_or_default()) == want
                        }
                        Err(_) => false,
                    }
                };
                if ok {
                    pass += 1;
                } else if text_of(outcome).contains("RandomNumberGenerated") {
                    *skipped.entry("random output masked").or_default() += 1;
                } else {
                    fail += 1;
                    eprintln!(
                        "FAIL {name}/{state_name}\n  outcome {}\n  got     {got:?}",
                        text_of(outcome)
                    );
                }
            }
        }
    }
    eprintln!("Pass Parameters: {pass} pass, {fail} fail, skipped {skipped:?}");
    assert!(
        pass >= RECORDED_FLOOR || pass + fail == 0,
        "{pass} recorded evaluations match, below the floor {RECORDED_FLOOR}"
    );
}

/// InputPath, Parameters, ResultPath, OutputPath of a Pass state; errors as (error, cause).
fn run(st: &Value, tmpl: &Template, input: &Value, ctx: &Value) -> Result<Value, (String, String)> {
    let rt = |c: String| ("States.Runtime".to_owned(), c);
    let select = |p: &str, doc: &Value| -> Result<Value, (String, String)> {
        let path = Path::parse(p).map_err(|e| rt(e.to_string()))?;
        path.select(&scope(doc, ctx))
            .map_err(|e| rt(path.invalid_path_cause(&e)))
    };
    let effective = match &st["InputPath"] {
        Value::String(p) => select(p, input)?,
        _ if st.get("InputPath").is_some() => json!({}),
        _ => input.clone(),
    };
    let result = tmpl
        .eval(&scope(&effective, ctx), &mut rng())
        .map_err(|f| (f.error, f.cause))?;
    let with_result = match st["ResultPath"].as_str() {
        Some(p) => Path::parse(p)
            .map_err(|e| rt(e.to_string()))?
            .write(input.clone(), result)
            .map_err(|e| ("States.ResultPathMatchFailure".to_owned(), e.to_string()))?,
        None if st.get("ResultPath").is_some_and(Value::is_null) => input.clone(),
        None => result,
    };
    match &st["OutputPath"] {
        Value::String(p) => select(p, &with_result),
        _ if st.get("OutputPath").is_some() => Ok(json!({})),
        _ => Ok(with_result),
    }
}

// ---- one-line checks -------------------------------------------------------------------

fn eval(input: Value, template: Value) -> Result<Value, String> {
    let t = Template::compile(&template).map_err(|e| e.to_string())?;
    t.eval(
        &scope(&input, &json!({"Execution": {"Id": "x"}})),
        &mut rng(),
    )
    .map_err(|f| format!("{}: {}", f.error, f.cause))
}

/// Compares compact texts, so key order counts.
#[track_caller]
fn template_gives(input: Value, template: Value, want: Value) {
    let got = eval(input, template).map(|v| v.to_string());
    assert_eq!(got, Ok(want.to_string()));
}

#[track_caller]
fn template_fails(input: Value, template: Value, message: &str) {
    assert_eq!(eval(input, template), Err(message.to_owned()));
}

#[test]
fn compile_errors() {
    let e = Template::compile(&json!({"parsed.$": "States.StringToJson('\\\"')"}))
        .map_err(|e| e.message);
    assert_eq!(e, Err("The value for the field 'parsed.$' must be a valid JSONPath or a valid intrinsic function call".to_owned()));
    assert!(Template::compile(&json!({"a": {"b.$": "$.a["}})).is_err());
    assert!(Template::compile(&json!({"a.$": 1})).is_err());
    assert!(Template::compile(&json!({"a.$": "nope"})).is_err());
}

#[test]
fn key_order() {
    // Literal keys first (definition order), then `.$` keys in Java HashMap order.
    template_gives(
        json!({"x": 1}),
        json!({"z.$": "$.x", "b": 2, "a.$": "$.x", "a1": 3}),
        json!({"b": 2, "a1": 3, "a": 1, "z": 1}),
    );
    template_gives(
        json!({"x": 1}),
        json!({"n": [{"q.$": "$.x", "p": 0}]}),
        json!({"n": [{"p": 0, "q": 1}]}),
    );
}

#[test]
fn literals_and_paths() {
    template_gives(
        json!({"a": [1, 2, 3]}),
        json!({"all.$": "$.a[*]", "last.$": "$.a[-1]", "none.$": "$.a[?(@ > 5)]"}),
        json!({"all": [1, 2, 3], "last": 3, "none": []}),
    );
    template_gives(
        json!({}),
        json!({"ctx.$": "$$.Execution.Id", "lit": {"k": [null, true]}}),
        json!({"lit": {"k": [null, true]}, "ctx": "x"}),
    );
    template_gives(
        json!({}),
        json!({"u.$": "States.Array(1)"}),
        json!({"u": [1]}),
    );
}

#[test]
fn missing_path() {
    template_fails(json!({"a": 1}), json!({"value.$": "$.no"}), "States.Runtime: The JSONPath '$.no' specified for the field 'value.$' could not be found in the input '{\"a\":1}'");
    template_fails(json!({"a": 1}), json!({"v.$": "States.Array($.no)"}), "States.Runtime: The JSONPath '$.no' specified for the field 'v.$' could not be found in the input '{\"a\":1}'");
}
