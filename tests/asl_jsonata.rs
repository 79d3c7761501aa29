//! The JSONata layer against AWS's recordings: every top-level JSONata state of every verified
//! pure-ASL execution in the `jsonata` category is re-evaluated on the input AWS recorded for it,
//! with the variables AWS recorded as assigned before it, and compared with what AWS recorded
//! (state output, assigned variables, the next state a Choice took, Map lengths, and the exact
//! `EvaluationFailed` / `ExecutionFailed` causes). Plus property tests: no panic for any
//! expression text, and templates without `{% %}` pass through unchanged.

use std::collections::BTreeMap;
use std::path::PathBuf;

use chrono::{DateTime, TimeZone, Utc};
use passo::asl::jsonata::{Env, Expr, JsonataTemplate, QueryError, States};
use proptest::prelude::*;
use rand_chacha::ChaCha20Rng;
use rand_core::SeedableRng;
use serde_json::{json, Map, Value};

/// `../shared/conformance/aws-recordings/cases`, found by walking up from the crate root (the
/// crate may live in a worktree one level deeper than the shared folder's sibling).
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

/// Recorded values are JSON texts, parsed by the snapshot when they looked like objects.
fn recorded(v: &Value) -> Value {
    match v {
        Value::String(s) => serde_json::from_str(s).unwrap_or_else(|_| v.clone()),
        other => other.clone(),
    }
}

/// Whether a recorded value was masked by the recorder (timestamps, ids, ARNs).
fn masked(v: &Value) -> bool {
    let text = v.to_string();
    text.contains("\"date\"") || text.contains('<') || text.contains("date")
}

#[derive(Default)]
struct Tally {
    checked: usize,
    passed: usize,
    skipped: BTreeMap<&'static str, usize>,
    failures: Vec<String>,
    per_type: BTreeMap<String, (usize, usize)>,
}

impl Tally {
    fn skip(&mut self, reason: &'static str) {
        *self.skipped.entry(reason).or_default() += 1;
    }

    fn record(&mut self, case: &str, state: &str, kind: &str, result: Result<(), String>) {
        self.checked += 1;
        let entry = self.per_type.entry(kind.to_owned()).or_default();
        entry.0 += 1;
        match result {
            Ok(()) => {
                self.passed += 1;
                entry.1 += 1;
            }
            Err(why) => self.failures.push(format!("{case} / {state}: {why}")),
        }
    }
}

fn is_jsonata(definition: &Value, state: &Value) -> bool {
    let lang = state
        .get("QueryLanguage")
        .or_else(|| definition.get("QueryLanguage"))
        .and_then(Value::as_str);
    lang == Some("JSONata")
}

/// The field texts of a state that use `$states.context` cannot match masked recordings.
fn uses_context(state: &Value) -> bool {
    state.to_string().contains("$states.context")
}

fn context_object(state_name: &str) -> Value {
    json!({
        "Execution": {"Id": "arn:aws:states:us-east-1:111111111111:execution:sm:exec", "Name": "exec",
                      "RoleArn": "arn:aws:iam::111111111111:role/role", "StartTime": "2024-01-01T00:00:00.000Z"},
        "StateMachine": {"Id": "arn:aws:states:us-east-1:111111111111:stateMachine:sm", "Name": "sm"},
        "State": {"Name": state_name, "EnteredTime": "2024-01-01T00:00:00.000Z"}
    })
}

struct Run<'a> {
    input: &'a Value,
    context: Value,
    vars: &'a Map<String, Value>,
    /// `$states.result`, for a Task's `Output`/`Assign`.
    result: Option<Value>,
}

impl Run<'_> {
    fn env<'b>(&'b self, rng: &'b mut ChaCha20Rng) -> Env<'b> {
        let now: DateTime<Utc> = Utc
            .with_ymd_and_hms(2024, 1, 1, 0, 0, 0)
            .single()
            .unwrap_or_default();
        let mut states = States::new(self.input, &self.context);
        if let Some(r) = &self.result {
            states = states.with_result(r);
        }
        Env::new(states, self.vars, now, rng)
    }
}

fn template(raw: &Value) -> Result<JsonataTemplate, String> {
    JsonataTemplate::compile(raw).map_err(|e| format!("does not parse: {e}"))
}

/// What our evaluation of one state says happened.
enum Outcome {
    /// Output and assigned variables; for a Choice, the next state.
    Done {
        output: Option<Value>,
        assigned: Option<Map<String, Value>>,
        next: Option<String>,
        length: Option<usize>,
    },
    Failed(QueryError),
    /// Fail state: error and cause.
    Fail(Option<String>, Option<String>),
}

fn eval_assign_output(
    state: &Value,
    prefix: &str,
    run: &Run<'_>,
    default_output: &Value,
) -> Result<(Value, Option<Map<String, Value>>), QueryError> {
    let mut rng = ChaCha20Rng::seed_from_u64(0);
    let join = |f: &str| {
        if prefix.is_empty() {
            f.to_owned()
        } else {
            format!("{prefix}/{f}")
        }
    };
    let assigned = match state.get("Assign") {
        Some(raw) => {
            let t = JsonataTemplate::compile(raw).map_err(|e| QueryError {
                location: None,
                cause: e.message,
            })?;
            match t.eval(&join("Assign"), &mut run.env(&mut rng))? {
                Value::Object(m) => Some(m),
                _ => None,
            }
        }
        None => None,
    };
    let output = match state.get("Output") {
        Some(raw) => {
            let t = JsonataTemplate::compile(raw).map_err(|e| QueryError {
                location: None,
                cause: e.message,
            })?;
            t.eval(&join("Output"), &mut run.env(&mut rng))?
        }
        None => default_output.clone(),
    };
    Ok((output, assigned))
}

fn evaluate_state(state: &Value, run: &Run<'_>) -> Result<Outcome, String> {
    let mut rng = ChaCha20Rng::seed_from_u64(0);
    let kind = state.get("Type").and_then(Value::as_str).unwrap_or("");
    let done = |output, assigned| Outcome::Done {
        output,
        assigned,
        next: None,
        length: None,
    };
    Ok(match kind {
        "Pass" | "Succeed" => match eval_assign_output(state, "", run, run.input) {
            Ok((o, a)) => done(Some(o), a),
            Err(e) => Outcome::Failed(e),
        },
        "Choice" => {
            let rules = state
                .get("Choices")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            for (i, rule) in rules.iter().enumerate() {
                let Some(cond) = rule.get("Condition") else {
                    return Err("rule without Condition".into());
                };
                let field = format!("Choices[{i}]/Condition");
                match template(cond)?.eval_bool(&field, &mut run.env(&mut rng)) {
                    Ok(true) => {
                        let next = rule.get("Next").and_then(Value::as_str).map(str::to_owned);
                        return Ok(
                            match eval_assign_output(rule, &format!("Choices[{i}]"), run, run.input)
                            {
                                Ok((o, a)) => Outcome::Done {
                                    output: Some(o),
                                    assigned: a,
                                    next,
                                    length: None,
                                },
                                Err(e) => Outcome::Failed(e),
                            },
                        );
                    }
                    Ok(false) => {}
                    Err(e) => return Ok(Outcome::Failed(e)),
                }
            }
            let next = state
                .get("Default")
                .and_then(Value::as_str)
                .map(str::to_owned);
            match eval_assign_output(state, "", run, run.input) {
                Ok((o, a)) => Outcome::Done {
                    output: Some(o),
                    assigned: a,
                    next,
                    length: None,
                },
                Err(e) => Outcome::Failed(e),
            }
        }
        "Wait" => {
            let res = if let Some(raw) = state.get("Seconds") {
                template(raw)?
                    .eval_integer("Seconds", &mut run.env(&mut rng), 0, 99_999_999)
                    .map(|_| ())
            } else if let Some(raw) = state.get("Timestamp") {
                template(raw)?
                    .eval_timestamp("Timestamp", &mut run.env(&mut rng))
                    .map(|_| ())
            } else {
                Ok(())
            };
            match res.and_then(|()| eval_assign_output(state, "", run, run.input)) {
                Ok((o, a)) => done(Some(o), a),
                Err(e) => Outcome::Failed(e),
            }
        }
        "Fail" => {
            let mut get = |f: &str| -> Result<Option<String>, QueryError> {
                match state.get(f) {
                    Some(raw) => JsonataTemplate::compile(raw)
                        .map_err(|e| QueryError {
                            location: None,
                            cause: e.message,
                        })?
                        .eval_string(f, &mut run.env(&mut rng))
                        .map(Some),
                    None => Ok(None),
                }
            };
            match (get("Error"), get("Cause")) {
                (Ok(e), Ok(c)) => Outcome::Fail(e, c),
                (Err(e), _) | (_, Err(e)) => Outcome::Failed(e),
            }
        }
        "Map" => {
            let items = match state.get("Items") {
                Some(raw) => template(raw)?.eval_array("Items", &mut run.env(&mut rng)),
                None => match run.input {
                    Value::Array(a) => Ok(a.clone()),
                    other => Err(QueryError::map_input_not_array(other)),
                },
            };
            let mut checks = items.map(|a| a.len());
            for (field, min) in [("MaxConcurrency", 0), ("ToleratedFailureCount", 0)] {
                if let (Ok(_), Some(raw)) = (&checks, state.get(field)) {
                    if let Err(e) =
                        template(raw)?.eval_integer(field, &mut run.env(&mut rng), min, i64::MAX)
                    {
                        checks = Err(e);
                    }
                }
            }
            if let (Ok(_), Some(raw)) = (&checks, state.get("ToleratedFailurePercentage")) {
                if let Err(e) =
                    template(raw)?.eval_number("ToleratedFailurePercentage", &mut run.env(&mut rng))
                {
                    checks = Err(e);
                }
            }
            match checks {
                Ok(n) => Outcome::Done {
                    output: None,
                    assigned: None,
                    next: None,
                    length: Some(n),
                },
                Err(e) => Outcome::Failed(e),
            }
        }
        _ => return Err(format!("state type {kind} not checked")),
    })
}

/// A Task: `Arguments` against the parameters AWS scheduled, then `Output`/`Assign` with
/// `$states.result` set to the result AWS recorded.
fn evaluate_task(
    state: &Value,
    run: &mut Run<'_>,
    history: &[Value],
    at: usize,
    norm: &dyn Fn(Value) -> Value,
) -> Result<Outcome, String> {
    let mut rng = ChaCha20Rng::seed_from_u64(0);
    let after = &history[at + 1..];
    let end = after
        .iter()
        .position(|e| {
            e["type"]
                .as_str()
                .is_some_and(|t| t.ends_with("StateExited"))
        })
        .unwrap_or(after.len());
    let within = &after[..end];
    if let Some(raw) = state.get("Arguments") {
        let args = match template(raw)?.eval("Arguments", &mut run.env(&mut rng)) {
            Ok(v) => v,
            Err(e) => return Ok(Outcome::Failed(e)),
        };
        let scheduled = within.iter().find_map(|e| {
            e.get("taskScheduledEventDetails")
                .map(|d| recorded(&d["parameters"]))
                .or_else(|| {
                    e.get("lambdaFunctionScheduledEventDetails")
                        .map(|d| recorded(&d["input"]))
                })
        });
        let Some(theirs) = scheduled else {
            return Err("no scheduled task".into());
        };
        if norm(args.clone()) != theirs {
            if masked(&theirs) {
                return Err(format!("masked: {args} vs {theirs}"));
            }
            return Err(format!("Arguments: ours {args} vs AWS {theirs}"));
        }
    }
    let result = within.iter().rev().find_map(|e| {
        e.get("taskSucceededEventDetails")
            .or_else(|| e.get("lambdaFunctionSucceededEventDetails"))
            .map(|d| recorded(&d["output"]))
    });
    let Some(result) = result.filter(|_| end < after.len()) else {
        return evaluate_catch(state, run, within);
    };
    run.result = Some(result.clone());
    let out = eval_assign_output(state, "", run, &result);
    Ok(match out {
        Ok((o, a)) => Outcome::Done {
            output: Some(o),
            assigned: a,
            next: None,
            length: None,
        },
        Err(e) => Outcome::Failed(e),
    })
}

/// A failed Task whose error a `Catch` took: the catcher's `Output`/`Assign` with
/// `$states.errorOutput` set.
fn evaluate_catch(state: &Value, run: &mut Run<'_>, within: &[Value]) -> Result<Outcome, String> {
    let failed = within.iter().rev().find_map(|e| {
        e.get("taskFailedEventDetails")
            .or_else(|| e.get("lambdaFunctionFailedEventDetails"))
    });
    let Some(failed) = failed else {
        return Err("no result and no failure".into());
    };
    let error = failed["error"].as_str().unwrap_or("").to_owned();
    let cause = match &failed["cause"] {
        Value::String(c) => c.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    };
    let catchers = state["Catch"].as_array().cloned().unwrap_or_default();
    let found = catchers.iter().enumerate().find(|(_, c)| {
        c["ErrorEquals"].as_array().is_some_and(|errs| {
            errs.iter().any(|e| {
                e == "States.ALL"
                    || e.as_str() == Some(error.as_str())
                    || (e == "States.TaskFailed" && !error.starts_with("States."))
            })
        })
    });
    let Some((i, catcher)) = found else {
        return Err("task failed, no catcher".into());
    };
    let error_output = json!({"Error": error, "Cause": cause});
    let mut rng = ChaCha20Rng::seed_from_u64(0);
    let prefix = format!("Catch[{i}]");
    let mut assigned = None;
    if let Some(raw) = catcher.get("Assign") {
        let t = template(raw)?;
        let mut env = run.env(&mut rng);
        env.states = env.states.with_error_output(&error_output);
        match t.eval(&format!("{prefix}/Assign"), &mut env) {
            Ok(Value::Object(m)) => assigned = Some(m),
            Ok(_) => {}
            Err(e) => return Ok(Outcome::Failed(e)),
        }
    }
    let output = match catcher.get("Output") {
        Some(raw) => {
            let t = template(raw)?;
            let mut env = run.env(&mut rng);
            env.states = env.states.with_error_output(&error_output);
            match t.eval(&format!("{prefix}/Output"), &mut env) {
                Ok(v) => v,
                Err(e) => return Ok(Outcome::Failed(e)),
            }
        }
        None => error_output.clone(),
    };
    Ok(Outcome::Done {
        output: Some(output),
        assigned,
        next: None,
        length: None,
    })
}

fn expect_eq(what: &str, ours: &Value, theirs: &Value) -> Result<(), String> {
    if ours == theirs {
        Ok(())
    } else {
        Err(format!("{what}: ours {ours} vs AWS {theirs}"))
    }
}

/// Compares our outcome for the state entered at `history[at]` with what AWS recorded after it.
fn compare(
    outcome: Outcome,
    state_name: &str,
    history: &[Value],
    at: usize,
    norm: &dyn Fn(Value) -> Value,
) -> Result<(), String> {
    let entered_id = history[at].get("id").and_then(Value::as_i64).unwrap_or(0);
    let after = &history[at + 1..];
    match outcome {
        Outcome::Failed(e) => {
            let Some(ev) = after.iter().find(|e| e["type"] == "EvaluationFailed") else {
                return Err(format!("we failed ({}) but AWS did not", e.cause));
            };
            let d = &ev["evaluationFailedEventDetails"];
            expect_eq("error", &json!("States.QueryEvaluationError"), &d["error"])?;
            let cause = e.cause_in_state(state_name, entered_id);
            expect_eq("cause", &json!(cause), &d["cause"])?;
            let loc = e.location.map_or(Value::Null, Value::String);
            expect_eq("location", &loc, d.get("location").unwrap_or(&Value::Null))
        }
        Outcome::Fail(error, cause) => {
            let Some(ev) = after.iter().find(|e| e["type"] == "ExecutionFailed") else {
                return Err("no ExecutionFailed".into());
            };
            let d = &ev["executionFailedEventDetails"];
            let opt = |s: Option<String>| s.map_or(Value::Null, Value::String);
            expect_eq("error", &opt(error), d.get("error").unwrap_or(&Value::Null))?;
            expect_eq("cause", &opt(cause), d.get("cause").unwrap_or(&Value::Null))
        }
        Outcome::Done {
            output,
            assigned,
            next,
            length,
        } => {
            if after.first().map(|e| &e["type"]) == Some(&json!("EvaluationFailed")) {
                return Err(format!(
                    "AWS failed: {}",
                    after[0]["evaluationFailedEventDetails"]["cause"]
                ));
            }
            if let Some(n) = length {
                let Some(ev) = after.iter().find(|e| e["type"] == "MapStateStarted") else {
                    return Err("no MapStateStarted".into());
                };
                expect_eq(
                    "length",
                    &json!(n),
                    &ev["mapStateStartedEventDetails"]["length"],
                )?;
                return Ok(());
            }
            let Some(exit) = after.iter().find(|e| {
                e["type"]
                    .as_str()
                    .is_some_and(|t| t.ends_with("StateExited"))
                    && e["stateExitedEventDetails"]["name"] == state_name
            }) else {
                return Err(format!(
                    "no exit event after: {}",
                    after
                        .first()
                        .map(|e| e["type"].to_string())
                        .unwrap_or_default()
                ));
            };
            let d = &exit["stateExitedEventDetails"];
            if let Some(out) = output.map(norm) {
                let theirs = recorded(&d["output"]);
                if out != theirs && masked(&theirs) {
                    return Err("masked".into());
                }
                expect_eq("output", &out, &theirs)?;
            }
            let ours = norm(Value::Object(assigned.unwrap_or_default()));
            let theirs = d
                .get("assignedVariables")
                .and_then(Value::as_object)
                .map(|m| {
                    m.iter()
                        .map(|(k, v)| (k.clone(), recorded(v)))
                        .collect::<Map<_, _>>()
                })
                .unwrap_or_default();
            let theirs = Value::Object(theirs);
            if ours != theirs && masked(&theirs) {
                return Err("masked".into());
            }
            expect_eq("assignedVariables", &ours, &theirs)?;
            if let Some(next) = next {
                let entered = history[at + 2..].iter().find(|e| {
                    e["type"]
                        .as_str()
                        .is_some_and(|t| t.ends_with("StateEntered"))
                });
                let name = entered.map(|e| e["stateEnteredEventDetails"]["name"].clone());
                expect_eq("next", &json!(next), &name.unwrap_or(Value::Null))?;
            }
            Ok(())
        }
    }
}

fn check_case(file: &str, case: &Value, tally: &mut Tally) {
    let Some(definition) = case.get("definition").filter(|d| d.is_object()) else {
        tally.skip("no definition");
        return;
    };
    let Some(history) = case["expected"].get("history").and_then(Value::as_array) else {
        tally.skip("no history");
        return;
    };
    let states = &definition["States"];
    // The recorder replaced the fake resource names the test used with placeholders.
    let bindings: Vec<(String, String)> = case["bindings"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|b| {
                    Some((
                        b["value"].as_str()?.to_owned(),
                        b["placeholder"].as_str()?.to_owned(),
                    ))
                })
                .collect()
        })
        .unwrap_or_default();
    let norm = move |v: Value| -> Value {
        let mut text = v.to_string();
        for (value, placeholder) in &bindings {
            text = text.replace(value.as_str(), placeholder);
        }
        // The recorder's global masks (conformance README, section 2).
        text = text
            .replace("arn:aws:", "arn:<partition>:")
            .replace("us-east-1", "<region>");
        serde_json::from_str(&text).unwrap_or(v)
    };
    let mut vars = Map::new();
    let mut depth = 0usize;
    // The recorder masked timestamps in history inputs; the first state's input is the
    // execution input, which the case keeps verbatim.
    let mut first_input = case["input_raw"]
        .as_str()
        .and_then(|s| serde_json::from_str::<Value>(s).ok());
    for (at, ev) in history.iter().enumerate() {
        let kind = ev["type"].as_str().unwrap_or("");
        let container = kind.starts_with("MapState") || kind.starts_with("ParallelState");
        if kind.ends_with("StateEntered") {
            if depth == 0 {
                let raw_input = first_input.take();
                let name = ev["stateEnteredEventDetails"]["name"]
                    .as_str()
                    .unwrap_or("");
                let state = &states[name];
                if !state.is_object() {
                    tally.skip("state not at top level");
                } else if !is_jsonata(definition, state) {
                    tally.skip("JSONPath state");
                } else if uses_context(state) {
                    tally.skip("reads $states.context (masked in recordings)");
                } else if state["Type"] == "Parallel" {
                    tally.skip("Parallel (its branches are the engine's)");
                } else if state.get("ItemReader").is_some() {
                    tally.skip("Map with an ItemReader (items come from S3)");
                } else {
                    let input = raw_input
                        .unwrap_or_else(|| recorded(&ev["stateEnteredEventDetails"]["input"]));
                    let mut run = Run {
                        input: &input,
                        context: context_object(name),
                        vars: &vars,
                        result: None,
                    };
                    let stype = state["Type"].as_str().unwrap_or("?").to_owned();
                    let outcome = if stype == "Task" {
                        evaluate_task(state, &mut run, history, at, &norm)
                    } else {
                        evaluate_state(state, &run)
                    };
                    match outcome {
                        Ok(outcome) => {
                            let res = compare(outcome, name, history, at, &norm);
                            if res.as_ref().is_err_and(|e| e == "masked") {
                                tally.skip("expected value masked by the recorder");
                            } else if res.as_ref().is_err_and(|e| e.contains("no catcher")) {
                                tally.skip("task failed uncaught (nothing JSONata to check)");
                            } else {
                                tally.record(file, name, &stype, res);
                            }
                        }
                        Err(why) if why.contains("no catcher") => {
                            tally.skip("task failed uncaught (nothing JSONata to check)");
                        }
                        Err(why) => tally.record(file, name, &stype, Err(why)),
                    }
                }
            }
            if kind == "MapStateEntered" || kind == "ParallelStateEntered" {
                depth += 1;
            }
        }
        if container && (kind.ends_with("StateExited") || kind.ends_with("StateFailed")) {
            depth = depth.saturating_sub(1);
        }
        if depth == 0 && kind.ends_with("StateExited") {
            if let Some(m) = ev["stateExitedEventDetails"]
                .get("assignedVariables")
                .and_then(Value::as_object)
            {
                for (k, v) in m {
                    vars.insert(k.clone(), recorded(v));
                }
            }
        }
    }
}

/// Floors measured when this test was written: the counts may only go up.
const MIN_CHECKED: usize = 167;
const MIN_PASSED: usize = 167;

#[test]
fn recorded_jsonata_states_evaluate_as_on_aws() {
    let Some(dir) = cases_dir() else {
        println!("SKIP: shared/conformance/aws-recordings not found above the crate");
        return;
    };
    let mut tally = Tally::default();
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .map(|rd| rd.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    entries.sort();
    let mut cases = 0;
    for path in entries {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let Ok(case) = serde_json::from_str::<Value>(&text) else {
            continue;
        };
        let cats = case["categories"].as_array().cloned().unwrap_or_default();
        if case["kind"] != "execution"
            || case[concat!("verified_against", "_aws")] != true
            || !(cats.contains(&json!("jsonata")) || cats.contains(&json!("variables_assign")))
        {
            continue;
        }
        cases += 1;
        let file = path
            .file_name()
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_default();
        check_case(&file, &case, &mut tally);
    }
    println!(
        "jsonata cases: {cases}; top-level JSONata states checked: {}, passed: {}",
        tally.checked, tally.passed
    );
    for (kind, (n, ok)) in &tally.per_type {
        println!("  {kind}: {ok}/{n}");
    }
    for (reason, n) in &tally.skipped {
        println!("  skipped {n}: {reason}");
    }
    for f in &tally.failures {
        println!("  FAIL {f}");
    }
    assert!(
        tally.checked >= MIN_CHECKED,
        "checked {} < {MIN_CHECKED}",
        tally.checked
    );
    assert!(
        tally.passed >= MIN_PASSED,
        "passed {} < {MIN_PASSED}",
        tally.passed
    );
}

/// The brief's yardstick proper: verified pure-ASL executions whose whole definition is one
/// JSONata Pass state, evaluated on the execution input and compared with the execution's
/// recorded outcome (output, or error and cause).
#[test]
fn single_pass_state_executions_match_aws() {
    let Some(dir) = cases_dir() else {
        println!("SKIP: shared/conformance/aws-recordings not found above the crate");
        return;
    };
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .map(|rd| rd.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    entries.sort();
    let (mut checked, mut passed, mut masked_skips) = (0usize, 0usize, 0usize);
    for path in entries {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let Ok(case) = serde_json::from_str::<Value>(&text) else {
            continue;
        };
        if case["kind"] != "execution"
            || case[concat!("verified_against", "_aws")] != true
            || case["pure_asl"] != true
        {
            continue;
        }
        let definition = &case["definition"];
        let Some(states) = definition["States"].as_object() else {
            continue;
        };
        let Some((name, state)) = states.iter().next().filter(|_| states.len() == 1) else {
            continue;
        };
        if state["Type"] != "Pass" || !is_jsonata(definition, state) {
            continue;
        }
        let input = case["input_raw"]
            .as_str()
            .and_then(|t| serde_json::from_str::<Value>(t).ok())
            .unwrap_or_else(|| case["input"].clone());
        let expected = &case["expected"];
        let vars = Map::new();
        let run = Run {
            input: &input,
            context: context_object(name),
            vars: &vars,
            result: None,
        };
        let ours = match eval_assign_output(state, "", &run, &input) {
            Ok((out, _)) => json!({"status": "SUCCEEDED", "output": out}),
            Err(e) => {
                json!({"status": "FAILED", "error": "States.QueryEvaluationError", "cause": e.cause_in_state(name, 2)})
            }
        };
        let theirs = match expected["status"].as_str() {
            Some("SUCCEEDED") => {
                json!({"status": "SUCCEEDED", "output": recorded(&expected["output"])})
            }
            _ => {
                json!({"status": expected["status"], "error": expected["error"], "cause": expected["cause"]})
            }
        };
        if ours != theirs && masked(&theirs) {
            masked_skips += 1;
            continue;
        }
        checked += 1;
        if ours == theirs {
            passed += 1;
        } else {
            println!("  FAIL {}: ours {ours} vs AWS {theirs}", path.display());
        }
    }
    println!("single-Pass JSONata executions: checked {checked}, passed {passed}, skipped (masked) {masked_skips}");
    assert!(
        checked >= MIN_SINGLE_PASS,
        "checked {checked} < {MIN_SINGLE_PASS}"
    );
    assert_eq!(passed, checked);
}

/// Floor for the single-Pass yardstick above.
const MIN_SINGLE_PASS: usize = 44;

/// Every `{% %}` string in a definition AWS accepted (it ran) passes our creation-time checks.
#[test]
fn accepted_definitions_pass_static_checks() {
    let Some(dir) = cases_dir() else {
        println!("SKIP: shared/conformance/aws-recordings not found above the crate");
        return;
    };
    fn strings<'a>(v: &'a Value, out: &mut Vec<&'a Value>) {
        match v {
            Value::String(s) if passo::asl::jsonata::template_text(s).is_some() => out.push(v),
            Value::Array(a) => a.iter().for_each(|x| strings(x, out)),
            Value::Object(m) => m.values().for_each(|x| strings(x, out)),
            _ => {}
        }
    }
    let (mut checked, mut refused) = (0usize, Vec::new());
    let entries = std::fs::read_dir(&dir)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .map(|e| e.path())
                .collect::<Vec<_>>()
        })
        .unwrap_or_default();
    for path in entries {
        let Ok(case) = std::fs::read_to_string(&path)
            .map(|t| serde_json::from_str::<Value>(&t).unwrap_or_default())
        else {
            continue;
        };
        if case["kind"] != "execution" || case[concat!("verified_against", "_aws")] != true {
            continue;
        }
        let mut found = Vec::new();
        strings(&case["definition"], &mut found);
        for t in found {
            checked += 1;
            let issues = passo::asl::jsonata::check_template(t);
            if !issues.is_empty() {
                refused.push(format!("{t}: {}", issues[0]));
            }
        }
    }
    println!(
        "templates in accepted definitions: {checked}, refused: {}",
        refused.len()
    );
    for r in &refused {
        println!("  REFUSED {r}");
    }
    assert!(
        checked >= MIN_TEMPLATES,
        "checked {checked} < {MIN_TEMPLATES}"
    );
    assert!(refused.is_empty());
}

/// Floor for the static-check sweep above.
const MIN_TEMPLATES: usize = 229;

fn eval_text(text: &str) -> Result<Value, QueryError> {
    let input = json!({"a": [1, 2, 3], "s": "x"});
    let vars = Map::new();
    let run = Run {
        input: &input,
        context: context_object("S"),
        vars: &vars,
        result: None,
    };
    let mut rng = ChaCha20Rng::seed_from_u64(3);
    match Expr::parse(text) {
        Ok(e) => e.eval("Output", &mut run.env(&mut rng)),
        Err(e) => Err(QueryError {
            location: None,
            cause: e.message,
        }),
    }
}

/// JSON values whose strings are never whole `{% %}` templates.
fn plain_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        "[^{]{0,12}".prop_map(Value::String),
        "\\{%[a-z $.]{0,8}".prop_map(Value::String),
        " \\{% [a-z]{0,3} %\\}".prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec(("[a-z%{}]{0,4}", inner), 0..4)
                .prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn any_expression_text_never_panics(text in "\\PC{0,40}") {
        let _ = eval_text(&text);
    }

    #[test]
    fn jsonata_like_text_never_panics(
        parts in prop::collection::vec(prop_oneof![
            Just("$states.input"), Just("$states.input.a"), Just("."), Just("["), Just("]"),
            Just("("), Just(")"), Just("{"), Just("}"), Just(":"), Just(","), Just(";"),
            Just("+"), Just("-"), Just("*"), Just("/"), Just("&"), Just("="), Just("?"),
            Just("1"), Just("0"), Just("'a'"), Just("$x"), Just(":="), Just("function($x){$x}"),
            Just("$partition"), Just("$range"), Just("$hash"), Just("$parse"), Just("$random"),
            Just("$uuid"), Just("$now"), Just("$eval"), Just("$string"), Just("$count"),
            Just("~>"), Just(".."), Just("**"), Just("%"), Just("#$i"), Just("@$v"), Just("^(a)"),
            Just("'MD5'"), Just("null"), Just("true"), Just("-1.5"), Just("1e308"),
        ], 0..14)
    ) {
        let _ = eval_text(&parts.concat());
    }

    #[test]
    fn templates_without_markers_pass_through(v in plain_json()) {
        let t = JsonataTemplate::compile(&v);
        prop_assert!(t.is_ok());
        let vars = Map::new();
        let run = Run { input: &v, context: context_object("S"), vars: &vars, result: None };
        let mut rng = ChaCha20Rng::seed_from_u64(0);
        let out = t.map(|t| t.eval("Output", &mut run.env(&mut rng)));
        prop_assert_eq!(out, Ok(Ok(v.clone())));
    }
}
