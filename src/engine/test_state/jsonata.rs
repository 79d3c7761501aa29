//! TestState for JSONata-mode states: `Arguments`, `Output`, `Items`, the typed scalar fields
//! and Choice `Condition`s evaluated through [`crate::asl::jsonata`], with the inspection data
//! AWS shows for them (`input`, `afterArguments` and `result` for a Task; `input` and the Map
//! settings for a Map; `input` alone otherwise).
//!
//! Owns only the JSONata flavour of [`super::Run`]; Retry/Catch and the statuses are shared with
//! the JSONPath flavour. Must not touch the JSONata engine's internals.

use serde_json::Value;

use super::{done, exceeds, failed, Mock, Run, Status, TestStateOutcome, EXCEED_TOLERATED};
use crate::asl::jsonata::{Env, JsonataTemplate, States, QUERY_EVALUATION_ERROR};
use crate::asl::plan::StateKind;
use crate::asl::Failure;

/// The largest value AWS accepts in the integer fields (`MaxConcurrency`, ...).
const MAX_INT_FIELD: i64 = 99_999_999;

impl Run<'_> {
    /// A state failure for a JSONata problem, worded as the engine words it.
    fn query_failure(&self, e: crate::asl::jsonata::QueryError) -> Failure {
        e.into_failure(&self.target.name, 0)
    }

    fn template(&self, raw: Option<&Value>) -> Result<Option<JsonataTemplate>, Failure> {
        raw.map(|v| {
            JsonataTemplate::compile(v)
                .map_err(|e| Failure::new(QUERY_EVALUATION_ERROR, e.to_string()))
        })
        .transpose()
    }

    /// Evaluates the state's field `key` (absent: `None`) with `$states` built by `states`.
    fn field(
        &mut self,
        key: &str,
        raw: Option<&Value>,
        states: States<'_>,
    ) -> Result<Option<Value>, Failure> {
        let Some(t) = self.template(raw)? else {
            return Ok(None);
        };
        let vars = &self.req.variables;
        let mut env = Env::new(states, vars, self.now, &mut *self.rng);
        let v = t.eval(key, &mut env);
        v.map(Some).map_err(|e| self.query_failure(e))
    }

    /// `Output` over `$states` (with the result when there is one); absent gives `fallback`.
    fn output(&mut self, result: Option<&Value>, fallback: Value) -> Result<Value, Failure> {
        let raw_state = self.target.raw.clone();
        let input = self.req.input.clone();
        let ctx = self.ctx.clone();
        let mut states = States::new(&input, &ctx);
        if let Some(r) = result {
            states = states.with_result(r);
        }
        Ok(self
            .field("Output", raw_state.get("Output"), states)?
            .unwrap_or(fallback))
    }

    /// An integer field (`MaxConcurrency`, `ToleratedFailureCount`): a literal or an expression.
    fn integer(&mut self, key: &str) -> Result<Option<i64>, Failure> {
        let raw_state = self.target.raw.clone();
        let Some(raw) = raw_state.get(key) else {
            return Ok(None);
        };
        if let Some(n) = raw.as_i64() {
            return Ok(Some(n));
        }
        let Some(t) = self.template(Some(raw))? else {
            return Ok(None);
        };
        let input = self.req.input.clone();
        let ctx = self.ctx.clone();
        let vars = &self.req.variables;
        let mut env = Env::new(States::new(&input, &ctx), vars, self.now, &mut *self.rng);
        let v = t.eval_integer(key, &mut env, 0, MAX_INT_FIELD);
        v.map(Some).map_err(|e| self.query_failure(e))
    }

    fn number(&mut self, key: &str) -> Result<Option<f64>, Failure> {
        let raw_state = self.target.raw.clone();
        let Some(raw) = raw_state.get(key) else {
            return Ok(None);
        };
        if let Some(n) = raw.as_f64() {
            return Ok(Some(n));
        }
        let Some(t) = self.template(Some(raw))? else {
            return Ok(None);
        };
        let input = self.req.input.clone();
        let ctx = self.ctx.clone();
        let vars = &self.req.variables;
        let mut env = Env::new(States::new(&input, &ctx), vars, self.now, &mut *self.rng);
        let v = t.eval_number(key, &mut env);
        v.map(Some).map_err(|e| self.query_failure(e))
    }

    /// The output of a `Catch` (its `Output` over `$states.errorOutput`, else the error output).
    pub(super) fn jsonata_catch_output(
        &mut self,
        index: usize,
        error_output: Value,
    ) -> Result<Value, Failure> {
        let raw = self
            .target
            .raw
            .get("Catch")
            .and_then(|c| c.get(index))
            .and_then(|c| c.get("Output"))
            .cloned();
        let input = self.req.input.clone();
        let ctx = self.ctx.clone();
        let states = States::new(&input, &ctx).with_error_output(&error_output);
        let key = format!("Catch[{index}]/Output");
        Ok(self
            .field(&key, raw.as_ref(), states)?
            .unwrap_or(error_output))
    }

    /// The state's (or the taken catcher's) `Assign` over `$states` (with the result or the
    /// error output), as an object of new variable values.
    pub(super) fn jsonata_assign(
        &mut self,
        src: &Value,
    ) -> Result<Option<serde_json::Map<String, Value>>, Failure> {
        let (raw, key) = match self.catch_index {
            Some(i) => (
                self.target
                    .raw
                    .get("Catch")
                    .and_then(|c| c.get(i))
                    .and_then(|c| c.get("Assign"))
                    .cloned(),
                format!("Catch[{i}]/Assign"),
            ),
            None => (self.target.raw.get("Assign").cloned(), "Assign".to_owned()),
        };
        let Some(t) = self.template(raw.as_ref())? else {
            return Ok(None);
        };
        let input = self.req.input.clone();
        let ctx = self.ctx.clone();
        let mut states = States::new(&input, &ctx);
        if self.catch_index.is_some() {
            states = states.with_error_output(src);
        } else if self.assign_src.is_some() {
            states = states.with_result(src);
        }
        let vars = &self.req.variables;
        let mut env = Env::new(states, vars, self.now, &mut *self.rng);
        let v = t.eval_object(&key, &mut env);
        v.map(Some).map_err(|e| self.query_failure(e))
    }

    /// Runs a JSONata-mode state.
    pub(super) fn evaluate_jsonata(&mut self, mock: Option<Value>) -> TestStateOutcome {
        self.jsonata_state(mock).unwrap_or_else(failed)
    }

    fn jsonata_state(&mut self, mock: Option<Value>) -> Result<TestStateOutcome, Failure> {
        let input = self.req.input.clone();
        let ctx = self.ctx.clone();
        let raw_state = self.target.raw.clone();
        match &self.state.kind {
            StateKind::Pass { .. } | StateKind::Wait(_) => {
                let out = self.output(None, input)?;
                Ok(self.succeeded(out, self.next_name()))
            }
            StateKind::Succeed => {
                let out = self.output(None, input)?;
                Ok(self.succeeded(out, None))
            }
            StateKind::Fail(_) => {
                let text = |key: &str, this: &mut Self| -> Result<Option<String>, Failure> {
                    let v = this.field(key, raw_state.get(key), States::new(&input, &ctx))?;
                    Ok(v.map(|v| match v {
                        Value::String(s) => s,
                        other => crate::asl::io::to_text(&other),
                    }))
                };
                let error = text("Error", self)?;
                let cause = text("Cause", self)?;
                Ok(TestStateOutcome {
                    error,
                    cause,
                    ..done(Status::Failed)
                })
            }
            StateKind::Choice { .. } => self.jsonata_choice(&raw_state, &input, &ctx),
            StateKind::Task(_) => {
                let args = self
                    .field(
                        "Arguments",
                        raw_state.get("Arguments"),
                        States::new(&input, &ctx),
                    )?
                    .unwrap_or_else(|| input.clone());
                self.insp.after_arguments = Some(args);
                let result = match (&self.req.mock, mock) {
                    (_, Some(r)) => r,
                    (Some(Mock::Error(f)), None) => {
                        return Ok(self.handle(&input, f.clone(), true));
                    }
                    (_, None) => return Err(no_mock(&self.target.name)),
                };
                self.insp.result = Some(result.clone());
                self.assign_src = Some(result.clone());
                let out = self.output(Some(&result), result.clone())?;
                Ok(self.succeeded(out, self.next_name()))
            }
            StateKind::Parallel { .. } => {
                self.field(
                    "Arguments",
                    raw_state.get("Arguments"),
                    States::new(&input, &ctx),
                )?;
                let result = match (&self.req.mock, mock) {
                    (_, Some(r)) => r,
                    (Some(Mock::Error(f)), None) => {
                        return Ok(self.handle(&input, f.clone(), false))
                    }
                    (_, None) => return Err(no_mock(&self.target.name)),
                };
                self.assign_src = Some(result.clone());
                let out = self.output(Some(&result), result.clone())?;
                Ok(self.succeeded(out, self.next_name()))
            }
            StateKind::Map(_) => {
                if raw_state.get("ItemReader").is_none() {
                    if let Some(items) = raw_state.get("Items") {
                        self.field("Items", Some(items), States::new(&input, &ctx))?;
                    }
                }
                self.insp.max_concurrency = Some(self.integer("MaxConcurrency")?.unwrap_or(0));
                let count = self.integer("ToleratedFailureCount")?;
                let pct = self.number("ToleratedFailurePercentage")?;
                self.insp.tolerated_failure_count = count;
                self.insp.tolerated_failure_percentage = pct;
                let result = match (&self.req.mock, mock) {
                    (_, Some(r)) => r,
                    (Some(Mock::Error(f)), None) => {
                        return Ok(self.handle(&input, f.clone(), false))
                    }
                    (_, None) => return Err(no_mock(&self.target.name)),
                };
                if let Some(failures) = self.req.config.map_iteration_failure_count {
                    let total = result.as_array().map_or(0, Vec::len);
                    if exceeds(failures, total, count, pct) {
                        let f = Failure::new(
                            EXCEED_TOLERATED,
                            "The specified tolerated failure threshold was exceeded",
                        );
                        return Ok(self.handle(&input, f, false));
                    }
                }
                self.assign_src = Some(result.clone());
                let out = self.output(Some(&result), result.clone())?;
                Ok(self.succeeded(out, self.next_name()))
            }
        }
    }

    fn jsonata_choice(
        &mut self,
        raw_state: &Value,
        input: &Value,
        ctx: &Value,
    ) -> Result<TestStateOutcome, Failure> {
        let rules = raw_state
            .get("Choices")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        for (i, rule) in rules.iter().enumerate() {
            let key = format!("Choices[{i}]/Condition");
            let matched = match rule.get("Condition") {
                Some(Value::Bool(b)) => *b,
                Some(cond) => {
                    let Some(t) = self.template(Some(cond))? else {
                        continue;
                    };
                    let vars = &self.req.variables;
                    let mut env = Env::new(States::new(input, ctx), vars, self.now, &mut *self.rng);
                    let v = t.eval_bool(&key, &mut env);
                    v.map_err(|e| self.query_failure(e))?
                }
                None => false,
            };
            if matched {
                let out = match rule.get("Output") {
                    Some(o) => {
                        let k = format!("Choices[{i}]/Output");
                        self.field(&k, Some(o), States::new(input, ctx))?
                            .unwrap_or_else(|| input.clone())
                    }
                    None => self.output(None, input.clone())?,
                };
                let next = rule.get("Next").and_then(Value::as_str).map(str::to_owned);
                return Ok(self.succeeded(out, next));
            }
        }
        match raw_state.get("Default").and_then(Value::as_str) {
            Some(default) => {
                let out = self.output(None, input.clone())?;
                Ok(self.succeeded(out, Some(default.to_owned())))
            }
            None => Err(crate::asl::choice::no_choice_matched()),
        }
    }
}

fn no_mock(state: &str) -> Failure {
    Failure::new(
        "States.TaskFailed",
        format!("passo cannot call the service of the state '{state}': give TestState a mock (result or errorOutput)"),
    )
}
