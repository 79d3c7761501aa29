//! JSONata-mode states in the engine: `Arguments`, `Output`, `Assign`, `Items`/`ItemSelector`,
//! Choice `Condition`s, Catch `Output`/`Assign` with `$states.errorOutput`, and the scalar fields
//! given as expressions; every evaluation failure recorded as AWS records it (an
//! `EvaluationFailed` event, then the state fails with `States.QueryEvaluationError`).
//!
//! A child module of `execution` (it reads the execution's private state). Owns only the JSONata
//! path through a state; scheduling, Retry/Catch matching, history ids and the JSONPath pipeline
//! stay in `execution.rs`, which calls in here at a few hook points (`run_state`, the Wait timer,
//! task results, Map/Parallel results, `catch`, Map iteration inputs, `exit_state_with` applying
//! `pending_assign`).
//!
//! Pointers (from the recordings): `EvaluationFailed` points to what the state's `*StateEntered`
//! pointed to when the state's own fields fail before its work (Pass `Output`, Task `Arguments`,
//! Map `Items`), to the `*StateEntered` itself for Wait, and to the latest event after the work
//! (a task result, the last Map iteration); the failure that follows points to it.

use chrono::{DateTime, Utc};
use serde_json::{json, Map, Value};

use crate::asl::jsonata::{Env, JsonataTemplate, QueryError, States, QUERY_EVALUATION_ERROR};
use crate::asl::plan::{Setting, StateDef, StateId, StateKind, WaitSpec};
use crate::asl::plan_jsonata::JsonataState;
use crate::asl::Failure;
use crate::store::EventDetails;

use super::{
    after_seconds, Execution, MapSetup, Phase, TaskCall, ThreadId, TimerKind, NO_CHOICE_MATCHED,
    NO_CHOICE_MATCHED_CAUSE,
};

/// AWS's limits on workflow variables: one variable, and all the variables of one `Assign`, at
/// most 256 KiB of JSON text; all the variables an execution holds at most 10 MiB.
pub const MAX_VARIABLE_BYTES: usize = 256 * 1024;
pub const MAX_ASSIGN_BYTES: usize = 256 * 1024;
pub const MAX_VARIABLES_BYTES: usize = 10 * 1024 * 1024;

/// `States.DataLimitExceeded` when an `Assign` breaks AWS's variable size limits (the cause
/// texts are passo's: the recordings have none).
pub(super) fn variable_limits(
    current: &Map<String, Value>,
    assigned: &Map<String, Value>,
) -> Result<(), Failure> {
    let size = |v: &Value| serde_json::to_string(v).map(|t| t.len()).unwrap_or(0);
    let mut total_assign = 0;
    for (k, v) in assigned {
        let n = size(v);
        if n > MAX_VARIABLE_BYTES {
            return Err(Failure::new(
                "States.DataLimitExceeded",
                format!(
                    "The variable '{k}' exceeds the maximum size of {MAX_VARIABLE_BYTES} bytes."
                ),
            ));
        }
        total_assign += k.len() + n;
    }
    if total_assign > MAX_ASSIGN_BYTES {
        return Err(Failure::new(
            "States.DataLimitExceeded",
            format!(
                "The variables of one Assign exceed the maximum size of {MAX_ASSIGN_BYTES} bytes."
            ),
        ));
    }
    let kept: usize = current
        .iter()
        .filter(|(k, _)| !assigned.contains_key(*k))
        .map(|(k, v)| k.len() + size(v))
        .sum();
    if kept + total_assign > MAX_VARIABLES_BYTES {
        return Err(Failure::new(
            "States.DataLimitExceeded",
            format!("The variables of the execution exceed the maximum size of {MAX_VARIABLES_BYTES} bytes."),
        ));
    }
    Ok(())
}

/// The longest `TimeoutSeconds`/`HeartbeatSeconds`/Wait `Seconds` a JSONata field may give.
const MAX_SECONDS: i64 = 99_999_999;

/// What a state's evaluation reads besides its raw input.
#[derive(Clone, Copy, Default)]
struct Extra<'a> {
    result: Option<&'a Value>,
    error_output: Option<&'a Value>,
    /// A context object other than the state's own (a Map item's, a Task's with its token).
    context: Option<&'a Value>,
}

impl Execution {
    /// Runs `f` with a JSONata environment for the thread's current state.
    fn with_env<T>(
        &mut self,
        tid: ThreadId,
        input: &Value,
        extra: Extra<'_>,
        f: impl FnOnce(&mut Env<'_>) -> Result<T, QueryError>,
    ) -> Result<T, QueryError> {
        let own;
        let ctx = match extra.context {
            Some(c) => c,
            None => {
                own = self.context(tid, None);
                &own
            }
        };
        let vars = self.threads[tid].vars.clone();
        let mut states = States::new(input, ctx);
        if let Some(r) = extra.result {
            states = states.with_result(r);
        }
        if let Some(e) = extra.error_output {
            states = states.with_error_output(e);
        }
        let mut env = Env::new(states, &vars, self.now, &mut self.rng);
        f(&mut env)
    }

    /// Writes `EvaluationFailed` (pointing to `prev`) and returns the state's failure and the
    /// event's id.
    fn evaluation_failed(&mut self, tid: ThreadId, e: QueryError, prev: u64) -> (Failure, u64) {
        let name = self.state_def(tid).name.clone();
        let entered = i64::try_from(self.threads[tid].entered_id).unwrap_or(i64::MAX);
        let cause = e.cause_in_state(&name, entered);
        let mut d = Map::new();
        d.insert("error".into(), json!(QUERY_EVALUATION_ERROR));
        d.insert("cause".into(), json!(cause));
        if let Some(loc) = &e.location {
            d.insert("location".into(), json!(loc));
        }
        d.insert("state".into(), json!(name));
        let id = self.emit(
            "EvaluationFailed",
            prev,
            Some(EventDetails::json(
                "evaluationFailedEventDetails",
                Value::Object(d),
            )),
        );
        (e.into_failure(&name, entered), id)
    }

    /// Fails the state after an evaluation failure of its own fields.
    fn fail_evaluation(&mut self, tid: ThreadId, e: QueryError, prev: u64, map: bool) {
        let (f, id) = self.evaluation_failed(tid, e, prev);
        let deferred = map.then_some("MapStateFailed");
        self.fail_state_with(tid, f, id, id, deferred);
    }

    /// `Assign` then `Output` (default `default`), both over the variables from before the
    /// state; the assignments wait in `pending_assign` until the state exits.
    fn outputs(
        &mut self,
        tid: ThreadId,
        output: Option<&JsonataTemplate>,
        assign: Option<&JsonataTemplate>,
        extra: Extra<'_>,
        default: Value,
    ) -> Result<Value, QueryError> {
        if output.is_none() && assign.is_none() {
            return Ok(default);
        }
        let raw = self.threads[tid].raw.clone();
        let (assigned, out) = self.with_env(tid, &raw, extra, |env| {
            let assigned = assign.map(|t| t.eval_object("Assign", env)).transpose()?;
            let out = match output {
                Some(t) => t.eval("Output", env)?,
                None => default,
            };
            Ok((assigned, out))
        })?;
        self.threads[tid].pending_assign = assigned;
        Ok(out)
    }

    /// The state's work is over (`result` for Task, Map and Parallel; none for Pass, Succeed and
    /// Wait): evaluates `Assign` and `Output`, then exits. `prev` is what a failure points to.
    pub(super) fn finish_jsonata(
        &mut self,
        tid: ThreadId,
        result: Option<Value>,
        prev: Option<u64>,
    ) {
        let state = self.state_def(tid);
        let Some(js) = state.jsonata.as_deref() else {
            return;
        };
        let default = match (&result, &state.kind) {
            (Some(r), _) => r.clone(),
            (None, StateKind::Pass { result: Some(r) }) => r.clone(),
            (None, _) => self.threads[tid].raw.clone(),
        };
        // A Pass state's literal `Result` is its `$states.result`.
        let pass_result = match &state.kind {
            StateKind::Pass { result: Some(r) } if result.is_none() => Some(r),
            _ => None,
        };
        let extra = Extra {
            result: result.as_ref().or(pass_result),
            ..Extra::default()
        };
        match self.outputs(tid, js.output.as_ref(), js.assign.as_ref(), extra, default) {
            Ok(out) => self.complete_state(tid, Ok(out), prev),
            Err(e) => {
                let at = prev.unwrap_or(self.threads[tid].last);
                let (f, id) = self.evaluation_failed(tid, e, at);
                self.complete_state(tid, Err(f), Some(id));
            }
        }
    }

    /// A catcher of a JSONata state caught `error`: its `Assign` and `Output` read
    /// `$states.errorOutput` (the output defaults to it).
    pub(super) fn catch_jsonata(
        &mut self,
        tid: ThreadId,
        index: usize,
        next: StateId,
        error: Value,
        fail_id: u64,
    ) {
        let state = self.state_def(tid);
        let (output, assign) = state
            .jsonata
            .as_deref()
            .and_then(|js| js.catch.get(index))
            .map(|c| (c.output.clone(), c.assign.clone()))
            .unwrap_or_default();
        let extra = Extra {
            error_output: Some(&error),
            ..Extra::default()
        };
        match self.outputs(tid, output.as_ref(), assign.as_ref(), extra, error.clone()) {
            Ok(out) => self.exit_state_with(tid, out, fail_id, Some(next), Some(index)),
            Err(e) => {
                // A failing catcher does not catch its own failure.
                let (f, id) = self.evaluation_failed(tid, e, fail_id);
                self.threads[tid].phase = Phase::Done;
                self.thread_failed(tid, f, id);
            }
        }
    }

    /// A Map iteration's input: `ItemSelector` over the Map's input with the item in
    /// `$states.context.Map.Item`, or the item itself. On failure the Map has failed and `Err`
    /// tells the caller to stop starting iterations.
    pub(super) fn item_input_jsonata(
        &mut self,
        tid: ThreadId,
        js: &JsonataState,
        item: Value,
        ctx: &Value,
    ) -> Result<Value, ()> {
        let Some(t) = js.item_selector.as_ref() else {
            return Ok(item);
        };
        let raw = self.threads[tid].raw.clone();
        let extra = Extra {
            context: Some(ctx),
            ..Extra::default()
        };
        match self.with_env(tid, &raw, extra, |env| t.eval("ItemSelector", env)) {
            Ok(v) => Ok(v),
            Err(e) => {
                let prev = self.threads[tid].last;
                let (f, id) = self.evaluation_failed(tid, e, prev);
                self.abort_children(tid, id);
                self.fail_state_with(tid, f, id, id, Some("MapStateFailed"));
                Err(())
            }
        }
    }

    /// Runs an entered JSONata state.
    pub(super) fn run_state_jsonata(&mut self, tid: ThreadId, state: &StateDef) {
        let Some(js) = state.jsonata.as_deref() else {
            return;
        };
        let raw = self.threads[tid].raw.clone();
        let entered = self.threads[tid].entered_id;
        let before = self.threads[tid].entered_prev;
        match &state.kind {
            StateKind::Pass { .. } | StateKind::Succeed => {
                self.finish_jsonata(tid, None, Some(before))
            }
            StateKind::Fail(spec) => {
                let picked = self.with_env(tid, &raw, Extra::default(), |env| {
                    let error = match &js.error {
                        Some(t) => Some(t.eval_string("Error", env)?),
                        None => spec.error.clone(),
                    };
                    let cause = match &js.cause {
                        Some(t) => Some(t.eval_string("Cause", env)?),
                        None => spec.cause.clone(),
                    };
                    Ok((error, cause))
                });
                match picked {
                    Ok((error, cause)) => {
                        let f = Failure::new(error.unwrap_or_default(), cause.unwrap_or_default());
                        self.fail_state(tid, f, entered, entered);
                    }
                    Err(e) => self.fail_evaluation(tid, e, before, false),
                }
            }
            StateKind::Wait(spec) => {
                let now = self.now;
                let due = self.with_env(tid, &raw, Extra::default(), |env| {
                    if let Some(t) = &js.seconds {
                        let n = t.eval_integer("Seconds", env, 0, MAX_SECONDS)?;
                        return Ok(after_seconds(now, u64::try_from(n).unwrap_or(0)));
                    }
                    if let Some(t) = &js.timestamp {
                        return Ok(t.eval_timestamp("Timestamp", env)?.with_timezone(&Utc));
                    }
                    Ok(match spec {
                        WaitSpec::Seconds(n) => after_seconds(now, u64::try_from(*n).unwrap_or(0)),
                        _ => now,
                    })
                });
                match due {
                    Ok(due) if due <= self.now => self.finish_jsonata(tid, None, None),
                    Ok(due) => self.wait_until(tid, due),
                    Err(e) => self.fail_evaluation(tid, e, entered, false),
                }
            }
            StateKind::Choice { choices, default } => {
                self.choice_jsonata(tid, js, choices, *default)
            }
            StateKind::Parallel { branches } => {
                let args = match &js.arguments {
                    Some(t) => {
                        self.with_env(tid, &raw, Extra::default(), |env| t.eval("Arguments", env))
                    }
                    None => Ok(raw.clone()),
                };
                match args {
                    Ok(eff) => self.launch_parallel(tid, branches, eff),
                    Err(e) => self.fail_evaluation(tid, e, before, false),
                }
            }
            StateKind::Map(spec) => {
                let setup = self.with_env(tid, &raw, Extra::default(), |env| {
                    map_setup(js, spec, &raw, env)
                });
                match setup {
                    Ok(setup) => self.launch_map(tid, state, spec, setup),
                    Err(e) => self.fail_evaluation(tid, e, before, true),
                }
            }
            StateKind::Task(spec) => {
                let ctx = self.context(tid, None);
                let (task_token, ctx) = self.task_token(&ctx, &spec.resource);
                let extra = Extra {
                    context: Some(&ctx),
                    ..Extra::default()
                };
                let prepared = self.with_env(tid, &raw, extra, |env| {
                    let params = match &js.arguments {
                        Some(t) => t.eval("Arguments", env)?,
                        None => raw.clone(),
                    };
                    let seconds = |t: &Option<JsonataTemplate>,
                                   lit: &Option<Setting<u64>>,
                                   field: &str,
                                   env: &mut Env<'_>|
                     -> Result<Option<u64>, QueryError> {
                        match (t, lit) {
                            (Some(t), _) => Ok(Some(
                                u64::try_from(t.eval_integer(field, env, 1, MAX_SECONDS)?)
                                    .unwrap_or(0),
                            )),
                            (None, Some(Setting::Value(n))) => Ok(Some(*n)),
                            _ => Ok(None),
                        }
                    };
                    let timeout =
                        seconds(&js.timeout_seconds, &spec.timeout, "TimeoutSeconds", env)?;
                    let heartbeat = seconds(
                        &js.heartbeat_seconds,
                        &spec.heartbeat,
                        "HeartbeatSeconds",
                        env,
                    )?;
                    let credentials = match &js.credentials {
                        Some(t) => Some(t.eval("Credentials", env)?),
                        None => None,
                    };
                    Ok((params, timeout, heartbeat, credentials))
                });
                match prepared {
                    Ok((params, timeout, heartbeat, credentials)) => self.schedule_task(
                        tid,
                        state,
                        TaskCall {
                            params,
                            timeout,
                            heartbeat,
                            task_token,
                            ctx,
                            credentials,
                        },
                    ),
                    Err(e) => self.fail_evaluation(tid, e, before, false),
                }
            }
        }
    }

    fn wait_until(&mut self, tid: ThreadId, due: DateTime<Utc>) {
        let gen = self.threads[tid].gen;
        self.add_timer(due, tid, gen, TimerKind::WaitDone);
        self.threads[tid].phase = Phase::Blocked;
    }

    /// Choice: the first rule whose `Condition` is true wins and its own `Output`/`Assign`
    /// apply; the `Default` uses the state's.
    fn choice_jsonata(
        &mut self,
        tid: ThreadId,
        js: &JsonataState,
        choices: &[(crate::asl::choice::Rule, StateId)],
        default: Option<StateId>,
    ) {
        let raw = self.threads[tid].raw.clone();
        let before = self.threads[tid].entered_prev;
        let picked = self.with_env(tid, &raw, Extra::default(), |env| {
            for (i, (_, target)) in choices.iter().enumerate() {
                let Some(rule) = js.choices.get(i) else {
                    continue;
                };
                if rule.condition.eval_bool("Condition", env)? {
                    return Ok(Some((i, *target)));
                }
            }
            Ok(None)
        });
        let picked = match picked {
            Ok(p) => p,
            Err(e) => return self.fail_evaluation(tid, e, before, false),
        };
        let (next, output, assign) = match picked {
            Some((i, target)) => {
                let rule = js.choices.get(i);
                (
                    target,
                    rule.and_then(|r| r.output.clone()),
                    rule.and_then(|r| r.assign.clone()),
                )
            }
            None => match default {
                Some(d) => (d, js.output.clone(), js.assign.clone()),
                None => {
                    let entered = self.threads[tid].entered_id;
                    let name = self.state_def(tid).name.clone();
                    let f = super::with_prefix(
                        Failure::new(NO_CHOICE_MATCHED, NO_CHOICE_MATCHED_CAUSE),
                        &name,
                        entered,
                    );
                    return self.fail_state(tid, f, entered, entered);
                }
            },
        };
        match self.outputs(tid, output.as_ref(), assign.as_ref(), Extra::default(), raw) {
            Ok(out) => {
                let prev = self.threads[tid].last;
                self.exit_state(tid, out, prev, Some(next));
            }
            Err(e) => self.fail_evaluation(tid, e, before, false),
        }
    }
}

/// A JSONata Map's items and settings: `Items` (default: the input, which must be an array),
/// `MaxConcurrency`, `ToleratedFailureCount`/`Percentage` (expressions or literals).
fn map_setup(
    js: &JsonataState,
    spec: &crate::asl::plan::MapSpec,
    raw: &Value,
    env: &mut Env<'_>,
) -> Result<MapSetup, QueryError> {
    let items = match &js.items {
        Some(t) => t.eval_array("Items", env)?,
        None => match raw {
            Value::Array(a) => a.clone(),
            // With an ItemReader the items come from the object store.
            _ if spec
                .dist_io
                .as_ref()
                .is_some_and(|d| d.item_reader.is_some()) =>
            {
                Vec::new()
            }
            other => return Err(QueryError::map_input_not_array(other)),
        },
    };
    let max_concurrency = match (&js.max_concurrency, &spec.max_concurrency) {
        (Some(t), _) => t.eval_integer("MaxConcurrency", env, 0, i64::MAX)?,
        (None, Setting::Value(n)) => i64::try_from(*n).unwrap_or(i64::MAX),
        (None, Setting::Path(_)) => 0,
    };
    let tolerated_count = match (&js.tolerated_failure_count, &spec.tolerated_failure_count) {
        (Some(t), _) => Some(t.eval_integer("ToleratedFailureCount", env, 0, i64::MAX)?),
        (None, Some(Setting::Value(n))) => Some(*n),
        _ => None,
    };
    let tolerated_pct = match (
        &js.tolerated_failure_percentage,
        &spec.tolerated_failure_percentage,
    ) {
        (Some(t), _) => Some(t.eval_number("ToleratedFailurePercentage", env)?),
        (None, Some(Setting::Value(n))) => Some(*n),
        _ => None,
    };
    Ok((
        items,
        raw.clone(),
        usize::try_from(max_concurrency).unwrap_or(usize::MAX),
        tolerated_count,
        tolerated_pct,
    ))
}

#[cfg(test)]
mod tests {
    use crate::asl::plan::{Plan, StateKind};
    use serde_json::json;

    #[test]
    fn jsonata_states_carry_their_fields() {
        let plan = Plan::compile(&json!({
            "QueryLanguage": "JSONata",
            "StartAt": "C",
            "States": {
                "C": {"Type": "Choice", "Choices": [
                    {"Condition": "{% $states.input.a %}", "Next": "P", "Output": {"x": 1}}
                ], "Default": "P"},
                "P": {"Type": "Pass", "Output": "{% $states.input %}", "End": true}
            }
        }))
        .unwrap();
        let c = &plan.states[0];
        assert!(matches!(c.kind, StateKind::Choice { .. }));
        let js = c.jsonata.as_deref().unwrap();
        assert_eq!(js.choices.len(), 1);
        assert!(js.choices[0].output.is_some());
        assert!(plan.states[1].jsonata.as_deref().unwrap().output.is_some());
    }
}
