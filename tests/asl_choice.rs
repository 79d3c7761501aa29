//! Choice rules against the AWS recordings (read from `../shared`, never copied): every verified
//! `choice_operators` execution is a Choice with one rule and a `Default`, leading to two Pass
//! states whose `Result` names the branch. We compile the first rule, evaluate it on the case's
//! input and check that the branch it picks is the one whose output AWS recorded (or that it
//! fails as the execution did).

use std::fs;
use std::path::PathBuf;

use passo::asl::choice::Rule;
use passo::asl::path::Scope;
use serde_json::{json, Value};

fn cases_dir() -> Option<PathBuf> {
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

/// The Pass state a transition leads to, and its `Result`.
fn result_of(def: &Value, state: &str) -> Value {
    def["States"][state]["Result"].clone()
}

#[test]
fn choice_operators_pick_the_recorded_branch() {
    let Some(dir) = cases_dir() else {
        println!("recordings not found (shared/conformance/aws-recordings); skipping");
        return;
    };
    let mut paths: Vec<PathBuf> = fs::read_dir(&dir)
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    paths.sort();
    let (mut total, mut matched) = (0, 0);
    for path in paths {
        let Ok(text) = fs::read_to_string(&path) else {
            continue;
        };
        let Ok(case) = serde_json::from_str::<Value>(&text) else {
            continue;
        };
        let in_category = case["categories"]
            .as_array()
            .is_some_and(|c| c.iter().any(|c| c == "choice_operators"));
        if case["kind"] != "execution"
            || case[concat!("verified_against", "_aws")] != true
            || !in_category
        {
            continue;
        }
        total += 1;
        let def = &case["definition"];
        let start = def["StartAt"].as_str().unwrap_or_default();
        let choice = &def["States"][start];
        let rule_raw = &choice["Choices"][0];
        let rule = match Rule::compile(rule_raw) {
            Ok(r) => r,
            Err(e) => {
                println!("COMPILE {}: {e}", case["id"]);
                continue;
            }
        };
        let context = json!({});
        let scope = Scope {
            input: &case["input"],
            context: &context,
            variables: None,
        };
        let expected = &case["expected"];
        let outcome = rule.eval(&scope);
        let ok = match (&outcome, expected["status"].as_str()) {
            (Ok(hit), Some("SUCCEEDED")) => {
                let next = if *hit {
                    rule.next().unwrap_or_default()
                } else {
                    choice["Default"].as_str().unwrap_or_default()
                };
                result_of(def, next) == expected["output"]
            }
            (Err(f), Some("FAILED")) => {
                expected["error"] == f.error.as_str()
                    && expected["cause"]
                        .as_str()
                        .is_some_and(|c| c.ends_with(f.cause.as_str()))
            }
            _ => false,
        };
        if ok {
            matched += 1;
        } else {
            println!(
                "MISMATCH {}: rule {rule_raw} input {} -> {outcome:?}, expected {}",
                case["id"], case["input"], expected["output"]
            );
        }
    }
    println!("choice_operators: {matched}/{total} branches as AWS");
    assert!(matched >= 357, "choice_operators matches fell to {matched}");
}

mod properties {
    use passo::asl::choice::Rule;
    use passo::asl::path::Scope;
    use proptest::prelude::*;
    use serde_json::{json, Value};

    fn arb_value() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(|n| json!(n)),
            any::<f64>()
                .prop_filter("finite", |f| f.is_finite())
                .prop_map(|f| json!(f)),
            "[a-z*\\\\]{0,6}".prop_map(Value::String),
            Just(json!("2012-10-09T19:00:55Z")),
        ];
        leaf.prop_recursive(3, 16, 4, |inner| {
            prop::collection::vec(inner, 0..3).prop_map(Value::Array)
        })
    }

    fn arb_rule() -> impl Strategy<Value = Value> {
        let ops = prop::sample::select(
            passo::asl::choice::operator_names().collect::<Vec<&'static str>>(),
        );
        let leaf = (
            ops,
            arb_value(),
            prop::sample::select(vec!["$.v", "$.w", "$.v[0]", "$"]),
        )
            .prop_map(|(op, operand, var)| {
                let operand = if op.ends_with("Path") {
                    json!("$.w")
                } else {
                    operand
                };
                json!({"Variable": var, op: operand})
            });
        leaf.prop_recursive(3, 12, 3, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 1..3).prop_map(|v| json!({"And": v})),
                prop::collection::vec(inner.clone(), 1..3).prop_map(|v| json!({"Or": v})),
                inner.prop_map(|r| json!({"Not": r})),
            ]
        })
    }

    proptest! {
        #[test]
        fn eval_never_panics(rule in arb_rule(), v in arb_value(), w in arb_value()) {
            let mut top = rule;
            if let Some(o) = top.as_object_mut() {
                o.insert("Next".into(), json!("X"));
            }
            let input = json!({"v": v, "w": w});
            let ctx = json!({});
            let scope = Scope { input: &input, context: &ctx, variables: None };
            if let Ok(rule) = Rule::compile(&top) {
                let _ = rule.eval(&scope);
            }
        }

        #[test]
        fn compile_never_panics(raw in arb_value()) {
            let _ = Rule::compile(&raw);
        }
    }
}
