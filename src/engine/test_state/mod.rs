//! TestState: one state evaluated on its own, with the inspection data AWS returns (the value
//! after each step of the input/output pipeline), mocked Task/Map/Parallel results and the
//! Retry/Catch decision (`RETRIABLE`, `CAUGHT_ERROR`) instead of waiting or moving on.
//!
//! Owns the semantics of TestState and its state-level validation messages: JSONPath mode here,
//! JSONata mode in `jsonata`, the mocked-result shape check in [`mock_schema`]. Must not parse
//! HTTP requests or serialise responses (`api/ops/test_state.rs` does), and must not run
//! executions: nothing here touches the scheduler or the store, and "now" comes in the
//! [`ContextSeed`].
//!
//! Facts from the AWS recordings that shape this module:
//! - a Pass state with `Result` reports `result` but neither `afterInputPath` nor
//!   `afterParameters`; without `Result` it reports no `result`;
//! - Choice, Succeed and Fail report only `input` and `afterInputPath`;
//! - a mocked Parallel reports `input`, `afterResultSelector` and `afterResultPath`; a mocked Map
//!   adds `afterInputPath`, `afterItemsPath` and its settings (`maxConcurrency`, ...);
//! - a failure matched by a retrier that still has attempts left is `RETRIABLE` (with the retry
//!   index and back-off); otherwise a matching catcher makes it `CAUGHT_ERROR` with `nextState`;
//! - a Map without a tolerance setting is not failed by `mapIterationFailureCount`;
//! - the generated context object names the state `StateName` (also with `stateName`) and only
//!   Task, Map and Parallel states get `State.RetryCount`;
//! - values print with a space after `,` and `:` (see `api/ops/test_state.rs`).

mod jsonata;
pub mod mock_schema;

use std::sync::Arc;

use rand_core::RngCore;
use serde_json::{json, Map, Value};

use crate::asl::choice::no_choice_matched;
use crate::asl::io;
use crate::asl::path::{Path, Scope};
use crate::asl::plan::{
    Catcher, PathField, PathOrCall, Plan, Retrier, Setting, StateDef, StateKind,
};
use crate::asl::{DefinitionError, Failure};

pub use mock_schema::FieldValidation;

/// `InvalidDefinition` text for a Map or Parallel state tested without a mock.
pub const MAP_PARALLEL_UNSUPPORTED: &str = "TestState API does not support Map or Parallel states. Supported state types include: [Task, Wait, Pass, Succeed, Fail, Choice]";

/// The error of a Map whose failed iterations exceed its tolerance.
pub(super) const EXCEED_TOLERATED: &str = "States.ExceedToleratedFailureThreshold";

/// Why a TestState request is refused before anything is evaluated.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TestStateError {
    /// AWS's `InvalidDefinition` (schema problems, Map/Parallel without a mock).
    #[error("{0}")]
    InvalidDefinition(String),
    /// AWS's `ValidationException` with this message (`State not found in definition`, ...).
    #[error("{0}")]
    Validation(String),
    /// A JSONata-mode state the JSONPath plan compiler cannot read (a passo limit, not AWS's).
    #[error("{0}")]
    Unsupported(String),
}

impl From<DefinitionError> for TestStateError {
    fn from(e: DefinitionError) -> Self {
        TestStateError::InvalidDefinition(e.to_string())
    }
}

fn validation(msg: impl Into<String>) -> TestStateError {
    TestStateError::Validation(msg.into())
}

/// `inspectionLevel`: how much of the pipeline the answer shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Level {
    #[default]
    Info,
    Debug,
    Trace,
}

/// The `mock` member: what the state's work returns instead of calling anything.
#[derive(Debug, Clone, PartialEq)]
pub enum Mock {
    /// `result`: JSON text (checked here: `Mocked result must be valid JSON`).
    Result(String),
    /// `errorOutput`: the work fails with this error and cause.
    Error(Failure),
}

/// `stateConfiguration`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct StateConfig {
    /// `retrierRetryCount`: how many retries already happened (default 0).
    pub retrier_retry_count: u32,
    /// `mapIterationFailureCount`: how many Map iterations failed.
    pub map_iteration_failure_count: Option<u32>,
    /// `errorCausedByState`: the state inside a Map/Parallel that raised the mocked error.
    pub error_caused_by_state: Option<String>,
    /// `mapItemReaderData`: the items an ItemReader would have read (JSON text).
    pub map_item_reader_data: Option<String>,
}

/// What to test: the state, its input and the knobs of the request.
#[derive(Debug, Clone)]
pub struct TestStateRequest {
    /// The `definition` text: one state, or a whole machine when `state_name` is set.
    pub definition: String,
    /// `stateName`: the state to test inside a whole machine.
    pub state_name: Option<String>,
    pub input: Value,
    pub level: Level,
    pub mock: Option<Mock>,
    /// `mock.fieldValidationMode`: how a mocked Task result is checked against the API's shape.
    pub field_validation: FieldValidation,
    pub reveal_secrets: bool,
    /// Whether the request carried a `roleArn` (a Task without a mock needs one).
    pub has_role: bool,
    /// The `variables` member, parsed.
    pub variables: Map<String, Value>,
    /// The `context` member, parsed, when given (it replaces the generated context object).
    pub context: Option<Value>,
    pub config: StateConfig,
}

/// `status` of the answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Succeeded,
    Failed,
    Retriable,
    CaughtError,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Succeeded => "SUCCEEDED",
            Status::Failed => "FAILED",
            Status::Retriable => "RETRIABLE",
            Status::CaughtError => "CAUGHT_ERROR",
        }
    }
}

/// `inspectionData.errorDetails`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ErrorDetails {
    pub retry_index: Option<u32>,
    pub retry_backoff_interval_seconds: Option<i64>,
    pub catch_index: Option<u32>,
}

/// `inspectionData`: the value after each step, in AWS's member names (values, not text).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Inspection {
    pub input: Option<Value>,
    pub after_input_path: Option<Value>,
    /// JSONata states: the evaluated `Arguments`.
    pub after_arguments: Option<Value>,
    pub after_parameters: Option<Value>,
    pub result: Option<Value>,
    pub after_result_selector: Option<Value>,
    pub after_result_path: Option<Value>,
    pub after_items_path: Option<Value>,
    pub after_item_selector: Option<Value>,
    pub max_concurrency: Option<i64>,
    pub tolerated_failure_count: Option<i64>,
    pub tolerated_failure_percentage: Option<f64>,
    pub variables: Option<Value>,
    pub error_details: Option<ErrorDetails>,
}

/// The answer: what AWS puts in `TestStateOutput`.
#[derive(Debug, Clone, PartialEq)]
pub struct TestStateOutcome {
    pub status: Status,
    pub output: Option<Value>,
    pub error: Option<String>,
    pub cause: Option<String>,
    pub next_state: Option<String>,
    /// `None` at `INFO`.
    pub inspection: Option<Inspection>,
}

/// Where a generated context object comes from (the request has no `context`).
#[derive(Debug, Clone)]
pub struct ContextSeed {
    pub region: String,
    pub account: String,
    /// `roleArn` of the request; AWS shows `null` without one.
    pub role_arn: Option<String>,
    /// A name for the pretend machine and execution (AWS uses UUIDs).
    pub state_machine_name: String,
    pub execution_name: String,
    /// ISO text of "now".
    pub now: String,
    /// "now" for JSONata's `$now()`/`$millis()`.
    pub now_time: chrono::DateTime<chrono::Utc>,
}

/// The context object AWS builds for a TestState run without a `context` member.
///
/// `$$.State.Name` is always `StateName` (also with `stateName`), and only states that can retry
/// (Task, Map, Parallel) carry `RetryCount`, as the recordings show.
pub fn default_context(seed: &ContextSeed, input: &Value, retries: bool) -> Value {
    let mut ctx = json!({
        "Execution": {
            "Id": format!("arn:aws:states:{}:{}:express:{}:{}", seed.region, seed.account, seed.state_machine_name, seed.execution_name),
            "Input": input,
            "Name": seed.execution_name,
            "RoleArn": seed.role_arn,
            "StartTime": seed.now,
        },
        "StateMachine": {
            "Id": format!("arn:aws:states:{}:{}:stateMachine:{}", seed.region, seed.account, seed.state_machine_name),
            "Name": seed.state_machine_name,
        },
        "State": {
            "Name": crate::asl::validate::TEST_STATE_NAME,
            "EnteredTime": seed.now,
        },
    });
    if retries {
        if let Some(state) = ctx.get_mut("State").and_then(Value::as_object_mut) {
            state.insert("RetryCount".to_owned(), json!(0));
        }
    }
    ctx
}

/// The state under test, compiled, with the plan that resolves its transitions to names.
struct Target {
    plan: Arc<Plan>,
    index: usize,
    /// The state's own JSON (for members the plan does not keep, such as `ResultWriter`).
    raw: Value,
    /// The state's name as `$$.State.Name` shows it.
    name: String,
    /// A JSONata-mode state (evaluated by the `jsonata` submodule).
    jsonata: bool,
}

impl Target {
    fn state(&self) -> Option<&StateDef> {
        self.plan.states.get(self.index).map(|s| &**s)
    }

    fn name_of(&self, id: crate::asl::plan::StateId) -> Option<String> {
        self.plan.state(id).map(|s| s.name.clone())
    }
}

/// Finds `name` in a plan or any nested plan (Parallel branches, Map item processors).
fn find(plan: &Arc<Plan>, name: &str) -> Option<(Arc<Plan>, usize)> {
    if let Some(i) = plan.states.iter().position(|s| s.name == name) {
        return Some((Arc::clone(plan), i));
    }
    plan.states.iter().find_map(|s| match &s.kind {
        StateKind::Parallel { branches } => branches.iter().find_map(|b| find(b, name)),
        StateKind::Map(spec) => find(&spec.processor, name),
        _ => None,
    })
}

/// The raw JSON of state `name` anywhere in a machine definition.
fn find_raw(def: &Value, name: &str) -> Option<Value> {
    let states = def.get("States")?.as_object()?;
    if let Some(s) = states.get(name) {
        return Some(s.clone());
    }
    states.values().find_map(|s| {
        let nested = s
            .get("ItemProcessor")
            .or_else(|| s.get("Iterator"))
            .and_then(|p| find_raw(p, name));
        nested.or_else(|| {
            s.get("Branches")?
                .as_array()?
                .iter()
                .find_map(|b| find_raw(b, name))
        })
    })
}

/// Every transition target a lone state names (`Next`, `Default`, rule and catcher `Next`).
fn targets(state: &Value) -> Vec<String> {
    let mut out = Vec::new();
    let mut push = |v: Option<&Value>| {
        if let Some(s) = v.and_then(Value::as_str) {
            out.push(s.to_owned());
        }
    };
    push(state.get("Next"));
    push(state.get("Default"));
    for key in ["Choices", "Catch"] {
        if let Some(list) = state.get(key).and_then(Value::as_array) {
            for item in list {
                push(item.get("Next"));
            }
        }
    }
    out
}

fn is_jsonata(state: &Value, machine: Option<&Value>) -> bool {
    let ql = |v: &Value| {
        v.get("QueryLanguage")
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    match ql(state) {
        Some(q) => q == "JSONata",
        None => machine.and_then(ql).as_deref() == Some("JSONata"),
    }
}

pub(super) fn jsonata_unsupported() -> TestStateError {
    TestStateError::Unsupported(
        "passo's TestState does not evaluate JSONata states yet (QueryLanguage: JSONata)"
            .to_owned(),
    )
}

/// The JSONPath plan compiler reads the integer fields as numbers; in JSONata mode they may be
/// expressions, which [`jsonata`] evaluates from the raw state. The plan gets a stand-in `0`.
fn for_plan(mut v: Value, jsonata: bool) -> Value {
    fn walk(v: &mut Value) {
        match v {
            Value::Object(m) => {
                for (k, item) in m.iter_mut() {
                    let scalar = matches!(
                        k.as_str(),
                        "MaxConcurrency"
                            | "ToleratedFailureCount"
                            | "ToleratedFailurePercentage"
                            | "TimeoutSeconds"
                            | "HeartbeatSeconds"
                            | "Seconds"
                    );
                    if scalar && item.as_str().is_some_and(|s| s.contains("{%")) {
                        *item = json!(0);
                    } else {
                        walk(item);
                    }
                }
            }
            Value::Array(a) => a.iter_mut().for_each(walk),
            _ => {}
        }
    }
    if jsonata {
        walk(&mut v);
    }
    v
}

/// The plan compiler knows JSONPath fields only: a JSONata state it cannot compile (say, an
/// expression in `MaxConcurrency`) is out of reach rather than invalid.
fn compile_error(e: DefinitionError, jsonata: bool) -> TestStateError {
    if jsonata {
        jsonata_unsupported()
    } else {
        e.into()
    }
}

/// Validates the definition and compiles the state under test.
fn target(req: &TestStateRequest) -> Result<Target, TestStateError> {
    match &req.state_name {
        None => {
            let state = crate::asl::validate::check_state(&req.definition)?;
            let name = crate::asl::validate::TEST_STATE_NAME;
            // A lone state's transitions point outside it: stand-in states make them resolvable.
            let mut states = Map::new();
            states.insert(name.to_owned(), state.clone());
            for t in targets(&state) {
                if !states.contains_key(&t) {
                    states.insert(t, json!({"Type": "Succeed"}));
                }
            }
            let machine = json!({"StartAt": name, "States": states});
            let jsonata = is_jsonata(&state, None);
            let plan = Arc::new(
                Plan::compile(&for_plan(machine, jsonata))
                    .map_err(|e| compile_error(e, jsonata))?,
            );
            Ok(Target {
                plan,
                index: 0,
                jsonata,
                raw: state,
                name: name.to_owned(),
            })
        }
        Some(name) => {
            let value: Value = serde_json::from_str(&req.definition).map_err(|_| {
                // The schema phase reports unparsable text with AWS's wording.
                match crate::asl::validate::check(&req.definition) {
                    Err(e) => TestStateError::from(e),
                    Ok(_) => validation("Definition must be a valid JSON object"),
                }
            })?;
            let diags = crate::asl::validate::schema_diagnostics(&value, false);
            if diags
                .iter()
                .any(|d| d.severity == crate::asl::error::Severity::Error)
            {
                return Err(DefinitionError { diagnostics: diags }.into());
            }
            let raw = find_raw(&value, name)
                .ok_or_else(|| validation("State not found in definition"))?;
            let jsonata = is_jsonata(&raw, Some(&value));
            let plan = Arc::new(
                Plan::compile(&for_plan(value.clone(), jsonata))
                    .map_err(|e| compile_error(e, jsonata))?,
            );
            let (plan, index) =
                find(&plan, name).ok_or_else(|| validation("State not found in definition"))?;
            Ok(Target {
                plan,
                index,
                jsonata,
                raw,
                name: name.clone(),
            })
        }
    }
}

/// The checks AWS makes on the request before evaluating anything.
fn check_request(
    req: &TestStateRequest,
    state: &StateDef,
    raw: &Value,
) -> Result<Option<Value>, TestStateError> {
    if req.reveal_secrets && req.mock.is_some() {
        return Err(validation(
            "TestState does not support RevealSecrets when a mock is specified.",
        ));
    }
    let is_task = matches!(state.kind, StateKind::Task(_));
    match (&state.kind, &req.mock) {
        (StateKind::Map(_) | StateKind::Parallel { .. }, None) => {
            return Err(TestStateError::InvalidDefinition(
                MAP_PARALLEL_UNSUPPORTED.to_owned(),
            ))
        }
        (StateKind::Task(_) | StateKind::Map(_) | StateKind::Parallel { .. }, _) | (_, None) => {}
        (_, Some(_)) => {
            return Err(validation(format!(
                "State type '{}' is not supported when a mock is specified",
                state.type_name()
            )))
        }
    }
    if is_task && req.mock.is_none() && !req.has_role {
        return Err(validation(
            "RoleArn must be specified when testing a Task state",
        ));
    }
    if let Some(ctx) = &req.context {
        check_context(ctx, state)?;
    }
    let Some(Mock::Result(text)) = &req.mock else {
        return Ok(None);
    };
    let result: Value =
        serde_json::from_str(text).map_err(|_| validation("Mocked result must be valid JSON"))?;
    match &state.kind {
        StateKind::Task(task) => {
            mock_schema::check(&task.resource, &result, req.field_validation).map_err(validation)?
        }
        StateKind::Parallel { branches } => match &result {
            Value::Array(items) if items.len() == branches.len() => {}
            Value::Array(_) => {
                return Err(validation(
                    "Mocked result must contain the same number of items as number of Parallel branches.",
                ))
            }
            _ => return Err(validation("Mocked result must be an array.")),
        },
        StateKind::Map(_) => {
            if raw.get("ResultWriter").is_some() {
                if !result.is_object() {
                    return Err(validation("Mocked result must be a JSON object."));
                }
            } else {
                let Value::Array(items) = &result else {
                    return Err(validation("Mocked result must be an array."));
                };
                if req
                    .config
                    .map_iteration_failure_count
                    .is_some_and(|n| n as usize > items.len())
                {
                    return Err(validation(
                        "Map iteration failure count must be less than or equal to the number of Map iterations",
                    ));
                }
            }
        }
        _ => {}
    }
    Ok(Some(result))
}

const CONTEXT_PREFIX: &str = "Invalid Context object provided: ";

/// The fields AWS accepts in a mocked context object, per section.
const EXECUTION_FIELDS: &[&str] = &[
    "Id",
    "Input",
    "Name",
    "RoleArn",
    "StartTime",
    "RedriveCount",
    "RedriveTime",
];
const STATE_FIELDS: &[&str] = &["EnteredTime", "Name", "RetryCount"];
const STATE_MACHINE_FIELDS: &[&str] = &["Id", "Name"];
const TASK_FIELDS: &[&str] = &["Token"];

fn check_context(ctx: &Value, state: &StateDef) -> Result<(), TestStateError> {
    let bad = |m: String| validation(format!("{CONTEXT_PREFIX}{m}"));
    let Some(obj) = ctx.as_object() else {
        return Err(bad("Context object must be a JSON object".to_owned()));
    };
    for (key, section) in obj {
        let fields = match key.as_str() {
            "Execution" => EXECUTION_FIELDS,
            "State" => STATE_FIELDS,
            "StateMachine" => STATE_MACHINE_FIELDS,
            "Task" => {
                let callback = match &state.kind {
                    StateKind::Task(t) => {
                        t.resource.ends_with(".waitForTaskToken")
                            || t.resource.ends_with(".sync")
                            || t.resource.ends_with(".sync:2")
                    }
                    _ => false,
                };
                if !callback {
                    return Err(bad("Context object contains 'Task' when state is not a Task state with a '.sync' or '.waitForTaskToken' service integration pattern".to_owned()));
                }
                TASK_FIELDS
            }
            "Map" => {
                return Err(bad(
                    "'Map' field is not supported when mocking a Context object".to_owned(),
                ))
            }
            other => return Err(bad(format!("Field '{other}' is not allowed"))),
        };
        if let Some(section) = section.as_object() {
            for (field, v) in section {
                if !fields.contains(&field.as_str()) {
                    return Err(bad(format!("Field '{field}' is not allowed")));
                }
                let must_be_string = matches!(
                    field.as_str(),
                    "Id" | "Name" | "RoleArn" | "StartTime" | "EnteredTime" | "Token"
                );
                if must_be_string && !v.is_string() {
                    return Err(bad(format!("{key}.{field} must be a string")));
                }
            }
        }
    }
    Ok(())
}

/// Runs the TestState request. `seed` builds the context object when the request has none.
pub fn run(
    req: &TestStateRequest,
    seed: &ContextSeed,
    rng: &mut dyn RngCore,
) -> Result<TestStateOutcome, TestStateError> {
    let target = target(req)?;
    let Some(state) = target.state() else {
        return Err(validation("State not found in definition"));
    };
    let mock_result = check_request(req, state, &target.raw)?;
    let context = match &req.context {
        Some(c) => c.clone(),
        None => default_context(
            seed,
            &req.input,
            matches!(
                state.kind,
                StateKind::Task(_) | StateKind::Map(_) | StateKind::Parallel { .. }
            ),
        ),
    };
    let mut run = Run {
        req,
        target: &target,
        state,
        ctx: context,
        insp: Inspection {
            input: Some(req.input.clone()),
            ..Inspection::default()
        },
        assign_src: None,
        catch_index: None,
        now: seed.now_time,
        rng,
    };
    let out = if target.jsonata {
        run.evaluate_jsonata(mock_result)
    } else {
        run.evaluate(mock_result)
    };
    // `variables` shows the workflow variables after the state, its `Assign` included.
    let (out, variables) = match out.status {
        Status::Succeeded | Status::CaughtError => match run.assigned() {
            Ok(vars) => (out, vars),
            Err(f) => (failed(f), req.variables.clone()),
        },
        _ => (out, req.variables.clone()),
    };
    let mut insp = run.insp;
    if !variables.is_empty() {
        insp.variables = Some(Value::Object(variables));
    }
    Ok(TestStateOutcome {
        inspection: (req.level != Level::Info).then_some(insp),
        ..out
    })
}

/// One evaluation in progress: the inspection data grows as the pipeline advances, so a
/// failure half-way keeps what was reached (as AWS shows it).
struct Run<'a> {
    req: &'a TestStateRequest,
    target: &'a Target,
    state: &'a StateDef,
    ctx: Value,
    insp: Inspection,
    /// What `Assign` reads as `$` (the result, a Choice's effective input, a catcher's error
    /// output); `None` reads the raw input.
    assign_src: Option<Value>,
    /// The catcher taken, whose `Assign` replaces the state's.
    catch_index: Option<usize>,
    now: chrono::DateTime<chrono::Utc>,
    rng: &'a mut dyn RngCore,
}

pub(super) fn done(status: Status) -> TestStateOutcome {
    TestStateOutcome {
        status,
        output: None,
        error: None,
        cause: None,
        next_state: None,
        inspection: None,
    }
}

pub(super) fn failed(f: Failure) -> TestStateOutcome {
    TestStateOutcome {
        error: Some(f.error),
        cause: Some(f.cause),
        ..done(Status::Failed)
    }
}

impl Run<'_> {
    /// The variables after the state's (or the taken catcher's) `Assign`.
    fn assigned(&mut self) -> Result<Map<String, Value>, Failure> {
        let mut vars = self.req.variables.clone();
        let src = self
            .assign_src
            .clone()
            .unwrap_or_else(|| self.req.input.clone());
        let assigned = if self.target.jsonata {
            self.jsonata_assign(&src)?
        } else {
            let template = match self.catch_index {
                Some(i) => self.state.catch.get(i).and_then(|c| c.assign.as_ref()),
                None => self.state.assign.as_ref(),
            };
            match template {
                None => None,
                Some(t) => {
                    let env = io::Env {
                        context: &self.ctx,
                        vars: Some(&self.req.variables),
                    };
                    match t.eval(&env.scope(&src), self.rng)? {
                        Value::Object(m) => Some(m),
                        _ => None,
                    }
                }
            }
        };
        vars.extend(assigned.unwrap_or_default());
        Ok(vars)
    }

    pub(super) fn next_name(&self) -> Option<String> {
        self.state.next.and_then(|id| self.target.name_of(id))
    }

    pub(super) fn succeeded(&self, output: Value, next: Option<String>) -> TestStateOutcome {
        TestStateOutcome {
            output: Some(output),
            next_state: next,
            ..done(Status::Succeeded)
        }
    }

    fn evaluate(&mut self, mock: Option<Value>) -> TestStateOutcome {
        let raw = self.req.input.clone();
        let result = match &self.state.kind {
            StateKind::Pass { result } => self.pass(&raw, result.as_ref()),
            StateKind::Succeed => self.simple(&raw).map(|out| self.succeeded(out, None)),
            StateKind::Wait(_) => self
                .simple(&raw)
                .map(|out| self.succeeded(out, self.next_name())),
            StateKind::Fail(_) => self.fail(&raw),
            StateKind::Choice { choices, default } => self.choice(&raw, choices, *default),
            StateKind::Task(_) => self.task(&raw, mock),
            StateKind::Parallel { .. } => self.parallel(&raw, mock),
            StateKind::Map(_) => self.map(&raw, mock),
        };
        result.unwrap_or_else(failed)
    }

    fn after_input_path(&mut self, raw: &Value) -> Result<Value, Failure> {
        let eff = io::input_path(
            &self.state.io,
            raw,
            io::Env {
                context: &self.ctx,
                vars: Some(&self.req.variables),
            },
        )?;
        self.insp.after_input_path = Some(eff.clone());
        Ok(eff)
    }

    /// Succeed and Wait: InputPath, then OutputPath.
    fn simple(&mut self, raw: &Value) -> Result<Value, Failure> {
        let eff = self.after_input_path(raw)?;
        io::output_path(
            &self.state.io,
            eff,
            io::Env {
                context: &self.ctx,
                vars: Some(&self.req.variables),
            },
        )
    }

    /// ResultSelector, ResultPath and OutputPath, recording each step.
    fn finish(&mut self, raw: &Value, result: Value) -> Result<Value, Failure> {
        let selected = io::result_selector(
            &self.state.io,
            result,
            io::Env {
                context: &self.ctx,
                vars: Some(&self.req.variables),
            },
            self.rng,
        )?;
        self.insp.after_result_selector = Some(selected.clone());
        let merged = io::result_path(&self.state.io.result_path, raw, selected)?;
        self.insp.after_result_path = Some(merged.clone());
        io::output_path(
            &self.state.io,
            merged,
            io::Env {
                context: &self.ctx,
                vars: Some(&self.req.variables),
            },
        )
    }

    fn pass(&mut self, raw: &Value, result: Option<&Value>) -> Result<TestStateOutcome, Failure> {
        let result = match result {
            Some(r) => {
                self.insp.result = Some(r.clone());
                r.clone()
            }
            None => {
                let eff = self.after_input_path(raw)?;
                let params = io::apply_template(
                    self.state.io.parameters.as_ref(),
                    eff,
                    io::Env {
                        context: &self.ctx,
                        vars: Some(&self.req.variables),
                    },
                    self.rng,
                )?;
                self.insp.after_parameters = Some(params.clone());
                params
            }
        };
        self.assign_src = Some(result.clone());
        let out = self.finish(raw, result)?;
        Ok(self.succeeded(out, self.next_name()))
    }

    fn fail(&mut self, raw: &Value) -> Result<TestStateOutcome, Failure> {
        self.after_input_path(raw)?;
        let StateKind::Fail(spec) = &self.state.kind else {
            return Err(Failure::runtime("not a Fail state"));
        };
        let scope = Scope {
            input: raw,
            context: &self.ctx,
            variables: Some(&self.req.variables),
        };
        let mut texts = [None, None];
        for (slot, (lit, dynamic, field)) in texts.iter_mut().zip([
            (&spec.error, &spec.error_path, "ErrorPath"),
            (&spec.cause, &spec.cause_path, "CausePath"),
        ]) {
            let v = match dynamic {
                None => {
                    *slot = lit.clone();
                    continue;
                }
                Some(PathOrCall::Path(p)) => p.select(&scope).map_err(|_| {
                    Failure::runtime(format!(
                        "The JSONPath '{}' specified for the field '{field}' could not be found in the input '{}'",
                        p.text(),
                        io::to_text(raw)
                    ))
                })?,
                Some(PathOrCall::Call(c)) => c.eval(&scope, self.rng)?,
            };
            *slot = Some(match v {
                Value::String(s) => s,
                other => io::to_text(&other),
            });
        }
        let [error, cause] = texts;
        let mut out = done(Status::Failed);
        out.error = error;
        out.cause = cause;
        Ok(out)
    }

    fn choice(
        &mut self,
        raw: &Value,
        choices: &[(crate::asl::choice::Rule, crate::asl::plan::StateId)],
        default: Option<crate::asl::plan::StateId>,
    ) -> Result<TestStateOutcome, Failure> {
        let eff = self.after_input_path(raw)?;
        let mut next = None;
        {
            let scope = Scope {
                input: &eff,
                context: &self.ctx,
                variables: Some(&self.req.variables),
            };
            for (rule, target) in choices {
                if rule.eval(&scope)? {
                    next = Some(*target);
                    break;
                }
            }
        }
        let Some(next) = next.or(default) else {
            return Err(no_choice_matched());
        };
        let eff_for_assign = eff.clone();
        let out = io::output_path(
            &self.state.io,
            eff,
            io::Env {
                context: &self.ctx,
                vars: Some(&self.req.variables),
            },
        )?;
        self.assign_src = Some(eff_for_assign);
        Ok(self.succeeded(out, self.target.name_of(next)))
    }

    fn task(&mut self, raw: &Value, mock: Option<Value>) -> Result<TestStateOutcome, Failure> {
        let eff = self.after_input_path(raw)?;
        let params = io::apply_template(
            self.state.io.parameters.as_ref(),
            eff,
            io::Env {
                context: &self.ctx,
                vars: Some(&self.req.variables),
            },
            self.rng,
        )?;
        self.insp.after_parameters = Some(params);
        let result = match (&self.req.mock, mock) {
            (_, Some(result)) => result,
            (Some(Mock::Error(f)), None) => return Ok(self.handle(raw, f.clone(), true)),
            (_, None) => {
                let resource = match &self.state.kind {
                    StateKind::Task(t) => t.resource.as_str(),
                    _ => "",
                };
                return Err(Failure::new(
                    "States.TaskFailed",
                    format!(
                        "passo cannot call '{resource}' for the Task state '{}': give TestState a mock (result or errorOutput)",
                        self.target.name
                    ),
                ));
            }
        };
        self.insp.result = Some(result.clone());
        self.assign_src = Some(result.clone());
        let out = self.finish(raw, result)?;
        Ok(self.succeeded(out, self.next_name()))
    }

    fn parallel(&mut self, raw: &Value, mock: Option<Value>) -> Result<TestStateOutcome, Failure> {
        let result = match (&self.req.mock, mock) {
            (_, Some(result)) => result,
            (Some(Mock::Error(f)), None) => return Ok(self.handle(raw, f.clone(), false)),
            (_, None) => return Err(Failure::runtime(MAP_PARALLEL_UNSUPPORTED)),
        };
        self.assign_src = Some(result.clone());
        let out = self.finish(raw, result)?;
        Ok(self.succeeded(out, self.next_name()))
    }

    fn map(&mut self, raw: &Value, mock: Option<Value>) -> Result<TestStateOutcome, Failure> {
        let StateKind::Map(spec) = &self.state.kind else {
            return Err(Failure::runtime("not a Map state"));
        };
        let eff = self.after_input_path(raw)?;
        let has_reader = self.target.raw.get("ItemReader").is_some();
        let items = if has_reader {
            // The ItemReader's data comes from `mapItemReaderData` (no S3 is read).
            let text = self
                .req
                .config
                .map_item_reader_data
                .as_deref()
                .unwrap_or("[]");
            serde_json::from_str(text).unwrap_or(Value::Array(Vec::new()))
        } else {
            match &spec.items_path {
                PathField::Path(p) => {
                    let v = io::select(
                        p,
                        &eff,
                        io::Env {
                            context: &self.ctx,
                            vars: Some(&self.req.variables),
                        },
                    )?;
                    if !v.is_array() {
                        return Err(not_an_array(p));
                    }
                    self.insp.after_items_path = Some(v.clone());
                    v
                }
                _ => {
                    if !eff.is_array() && !has_reader {
                        return Err(Failure::runtime(
                            "Reference path \"$\" must point to array.",
                        ));
                    }
                    self.insp.after_items_path = Some(eff.clone());
                    eff.clone()
                }
            }
        };
        if let Some(selector) = &spec.item_selector {
            // Each item goes through the selector with `$$.Map.Item` set, as iterations do.
            let mut selected = Vec::new();
            for (i, item) in items.as_array().into_iter().flatten().enumerate() {
                let mut ctx = self.ctx.clone();
                if let Some(obj) = ctx.as_object_mut() {
                    obj.insert(
                        "Map".to_owned(),
                        json!({"Item": {"Index": i, "Value": item}}),
                    );
                }
                selected.push(io::apply_template(
                    Some(selector),
                    eff.clone(),
                    io::Env {
                        context: &ctx,
                        vars: Some(&self.req.variables),
                    },
                    self.rng,
                )?);
            }
            self.insp.after_item_selector = Some(Value::Array(selected));
        }
        self.insp.max_concurrency = match &spec.max_concurrency {
            Setting::Value(n) => i64::try_from(*n).ok(),
            Setting::Path(p) => io::select(
                p,
                &eff,
                io::Env {
                    context: &self.ctx,
                    vars: Some(&self.req.variables),
                },
            )
            .ok()
            .and_then(|v| v.as_i64()),
        };
        let count = match &spec.tolerated_failure_count {
            Some(Setting::Value(n)) => Some(*n),
            Some(Setting::Path(p)) => io::select(
                p,
                &eff,
                io::Env {
                    context: &self.ctx,
                    vars: Some(&self.req.variables),
                },
            )?
            .as_i64(),
            None => None,
        };
        let pct = match &spec.tolerated_failure_percentage {
            Some(Setting::Value(n)) => Some(*n),
            Some(Setting::Path(p)) => io::select(
                p,
                &eff,
                io::Env {
                    context: &self.ctx,
                    vars: Some(&self.req.variables),
                },
            )?
            .as_f64(),
            None => None,
        };
        self.insp.tolerated_failure_count = count;
        self.insp.tolerated_failure_percentage = pct;
        let result = match (&self.req.mock, mock) {
            (_, Some(result)) => result,
            (Some(Mock::Error(f)), None) => return Ok(self.handle(raw, f.clone(), false)),
            (_, None) => return Err(Failure::runtime(MAP_PARALLEL_UNSUPPORTED)),
        };
        if let Some(failures) = self.req.config.map_iteration_failure_count {
            let total = result.as_array().map_or(0, Vec::len);
            if exceeds(failures, total, count, pct) {
                let f = Failure::new(
                    EXCEED_TOLERATED,
                    "The specified tolerated failure threshold was exceeded",
                );
                return Ok(self.handle(raw, f, false));
            }
        }
        self.assign_src = Some(result.clone());
        let out = self.finish(raw, result)?;
        Ok(self.succeeded(out, self.next_name()))
    }

    /// Retry, then Catch, for an error of the state's work.
    pub(super) fn handle(&mut self, raw: &Value, f: Failure, is_task: bool) -> TestStateOutcome {
        let mut details = ErrorDetails::default();
        if let Some((i, r)) = find_handler(&self.state.retry, |r: &Retrier| &r.errors, &f, is_task)
        {
            details.retry_index = Some(i as u32);
            let attempts = self.req.config.retrier_retry_count;
            if attempts < r.max_attempts {
                details.retry_backoff_interval_seconds = Some(backoff(r, attempts));
                self.insp.error_details = Some(details);
                return TestStateOutcome {
                    error: Some(f.error),
                    cause: Some(f.cause),
                    ..done(Status::Retriable)
                };
            }
        }
        if let Some((i, c)) = find_handler(&self.state.catch, |c: &Catcher| &c.errors, &f, is_task)
        {
            details.catch_index = Some(i as u32);
            self.catch_index = Some(i);
            self.insp.error_details = Some(details);
            let mut err = Map::new();
            err.insert("Error".to_owned(), Value::String(f.error.clone()));
            err.insert("Cause".to_owned(), Value::String(f.cause.clone()));
            self.assign_src = Some(Value::Object(err.clone()));
            let caught = if self.target.jsonata {
                self.jsonata_catch_output(i, Value::Object(err))
            } else {
                io::result_path(&c.result_path, raw, Value::Object(err))
            };
            return match caught {
                Ok(out) => TestStateOutcome {
                    output: Some(out),
                    error: Some(f.error),
                    cause: Some(f.cause),
                    next_state: self.target.name_of(c.next),
                    ..done(Status::CaughtError)
                },
                Err(e) => failed(e),
            };
        }
        if details != ErrorDetails::default() {
            self.insp.error_details = Some(details);
        }
        failed(f)
    }
}

/// `Reference path "$.x" must point to array.`: the context root `$$` prints as `$`.
fn not_an_array(p: &Path) -> Failure {
    let text = p.text();
    let shown = text
        .strip_prefix('$')
        .filter(|t| t.starts_with('$'))
        .unwrap_or(text);
    Failure::runtime(format!("Reference path \"{shown}\" must point to array."))
}

/// Whether `failures` of `total` iterations break the Map's tolerance.
pub(super) fn exceeds(failures: u32, total: usize, count: Option<i64>, pct: Option<f64>) -> bool {
    if failures == 0 {
        return false;
    }
    let by_count = count.is_none_or(|c| i64::from(failures) > c);
    let by_pct = pct.is_none_or(|p| total == 0 || f64::from(failures) * 100.0 / total as f64 > p);
    match (count, pct) {
        // The recordings: without a tolerance setting TestState does not judge failures.
        (None, None) => false,
        (Some(_), None) => by_count,
        (None, Some(_)) => by_pct,
        (Some(_), Some(_)) => by_count && by_pct,
    }
}

fn find_handler<'a, T>(
    list: &'a [T],
    errors: impl Fn(&T) -> &Vec<String>,
    f: &Failure,
    is_task: bool,
) -> Option<(usize, &'a T)> {
    list.iter().enumerate().find(|(_, h)| {
        errors(h).iter().any(|e| {
            e == &f.error
                || e == "States.ALL"
                || (e == "States.TaskFailed" && is_task && f.error != "States.Timeout")
        })
    })
}

/// The back-off before the next retry, in whole seconds as AWS reports it.
fn backoff(r: &Retrier, attempts: u32) -> i64 {
    let mut secs = r.interval_seconds * r.backoff_rate.powi(attempts.min(1000) as i32);
    if let Some(max) = r.max_delay_seconds {
        secs = secs.min(max);
    }
    if !secs.is_finite() || secs < 0.0 {
        return 0;
    }
    secs.min(i64::MAX as f64) as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seed() -> ContextSeed {
        ContextSeed {
            region: "us-east-1".into(),
            account: "123456789012".into(),
            role_arn: Some("arn:aws:iam::123456789012:role/r".into()),
            state_machine_name: "sm".into(),
            execution_name: "ex".into(),
            now: "2024-01-01T00:00:00.000Z".into(),
            now_time: chrono::DateTime::UNIX_EPOCH,
        }
    }

    fn req(def: &str, input: Value) -> TestStateRequest {
        TestStateRequest {
            definition: def.to_owned(),
            state_name: None,
            input,
            level: Level::Debug,
            mock: None,
            field_validation: FieldValidation::Strict,
            reveal_secrets: false,
            has_role: true,
            variables: Map::new(),
            context: None,
            config: StateConfig::default(),
        }
    }

    fn go(r: &TestStateRequest) -> Result<TestStateOutcome, TestStateError> {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(1);
        run(r, &seed(), &mut rng)
    }

    use rand_core::SeedableRng;

    #[test]
    fn choice_names_the_next_state() {
        let r = req(
            r#"{"Type":"Choice","Choices":[{"Variable":"$.a","NumericEquals":1,"Next":"One"}],"Default":"Other"}"#,
            json!({"a": 1}),
        );
        let out = go(&r).unwrap();
        assert_eq!(out.status, Status::Succeeded);
        assert_eq!(out.next_state.as_deref(), Some("One"));
    }

    #[test]
    fn retry_with_attempts_left_is_retriable() {
        let mut r = req(
            r#"{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Retry":[{"ErrorEquals":["E"],"MaxAttempts":2}],"Catch":[{"ErrorEquals":["States.ALL"],"Next":"H"}],"End":true}"#,
            json!({}),
        );
        r.mock = Some(Mock::Error(Failure::new("E", "c")));
        let out = go(&r).unwrap();
        assert_eq!(out.status, Status::Retriable);
        r.config.retrier_retry_count = 2;
        let out = go(&r).unwrap();
        assert_eq!(out.status, Status::CaughtError);
        assert_eq!(out.next_state.as_deref(), Some("H"));
        assert_eq!(out.output, Some(json!({"Error": "E", "Cause": "c"})));
    }

    #[test]
    fn map_without_mock_is_invalid() {
        let r = req(
            r#"{"Type":"Map","ItemProcessor":{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},"End":true}"#,
            json!([]),
        );
        assert!(matches!(go(&r), Err(TestStateError::InvalidDefinition(_))));
    }

    fn arb_state() -> impl proptest::strategy::Strategy<Value = Value> {
        use proptest::prelude::*;
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            (-3i64..5).prop_map(|n| json!(n)),
            prop::sample::select(vec![
                "Pass",
                "Task",
                "Map",
                "Parallel",
                "Wait",
                "Choice",
                "Fail",
                "Succeed",
                "A",
                "$",
                "$.a",
                "$$",
                "$$.Execution",
                "States.ALL",
                "JSONata",
                "{% 1 %}",
                "arn:aws:states:::lambda:invoke",
                "arn:aws:states:::states:startExecution",
            ])
            .prop_map(|s| json!(s)),
        ];
        leaf.prop_recursive(4, 40, 6, |inner| {
            let keys = prop::sample::select(vec![
                "Type",
                "Next",
                "End",
                "Result",
                "ResultPath",
                "InputPath",
                "OutputPath",
                "Parameters",
                "ResultSelector",
                "Resource",
                "Retry",
                "Catch",
                "ErrorEquals",
                "MaxAttempts",
                "Choices",
                "Default",
                "Variable",
                "NumericEquals",
                "Seconds",
                "ItemsPath",
                "ItemProcessor",
                "Branches",
                "StartAt",
                "States",
                "QueryLanguage",
                "Error",
                "Cause",
                "ErrorPath",
                "MaxConcurrency",
                "ToleratedFailureCount",
                "ResultWriter",
                "a",
                "a.$",
            ]);
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                prop::collection::vec((keys, inner), 0..6).prop_map(|kv| {
                    Value::Object(kv.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())
                }),
            ]
        })
    }

    proptest::proptest! {
        /// No state, input, mock or configuration makes TestState panic.
        #[test]
        fn never_panics(
            state in arb_state(),
            input in arb_state(),
            mock in proptest::option::of(arb_state()),
            fail_mock in proptest::bool::ANY,
            retries in 0u32..4,
            failures in proptest::option::of(0u32..4),
        ) {
            let mut r = req(&state.to_string(), input);
            r.mock = mock.map(|m| if fail_mock {
                Mock::Error(Failure::new("E", m.to_string()))
            } else {
                Mock::Result(m.to_string())
            });
            r.config.retrier_retry_count = retries;
            r.config.map_iteration_failure_count = failures;
            let _ = go(&r);
            r.state_name = Some("A".to_owned());
            r.definition = json!({"StartAt": "A", "States": {"A": state}}).to_string();
            let _ = go(&r);
        }
    }

    #[test]
    fn garbage_never_panics() {
        for def in ["", "[]", "{", "{\"Type\":1}", "{\"Type\":\"Task\"}", "null"] {
            let _ = go(&req(def, json!(null)));
        }
    }
}
