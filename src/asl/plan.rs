//! The compiled plan of a definition: states in a vector, transitions resolved to indices, paths,
//! templates and Choice rules pre-parsed. Built once at CreateStateMachine; executions never
//! re-parse definition text.
//!
//! Owns the shape of a compiled definition. A JSONata-mode state (its own `QueryLanguage`, else
//! the machine's, inherited by Parallel branches and Map processors) also carries its compiled
//! JSONata fields ([`crate::asl::plan_jsonata`]). Must not evaluate anything: the
//! engine and [`crate::asl::io`] run the plan. Static validation (AWS's messages) lives in
//! [`crate::asl::validate`]; the errors here are a safety net for definitions that slipped past it.

use std::collections::HashMap;
use std::sync::Arc;

use serde_json::{Map, Value};

use crate::asl::choice::Rule;
use crate::asl::path::Path;
use crate::asl::plan_jsonata::{self, JsonataState};
use crate::asl::template::Template;
use crate::asl::DefinitionError;

/// Index of a state inside one [`Plan`] (a branch or item processor has its own plan).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct StateId(pub u32);

/// A compiled state machine definition (or one Parallel branch / Map item processor).
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// The definition as parsed JSON (kept for graphs and TestState).
    pub definition: Value,
    /// Shared so executions can hold a state without copying it.
    pub states: Vec<Arc<StateDef>>,
    pub start: StateId,
    /// Execution-level `TimeoutSeconds` (top-level plans only).
    pub timeout_seconds: Option<u64>,
}

/// One state, compiled.
#[derive(Debug, Clone, PartialEq)]
pub struct StateDef {
    pub name: String,
    pub kind: StateKind,
    pub io: IoSpec,
    /// `Next` resolved; `None` means `End` (or a terminal state type).
    pub next: Option<StateId>,
    pub retry: Vec<Retrier>,
    pub catch: Vec<Catcher>,
    /// `Assign` (JSONPath mode): evaluated over the state's result, applied after OutputPath.
    pub assign: Option<Template>,
    /// Whether the state's definition mentions `$$` at all: executions build the context
    /// object (a copy of the execution input) only for states that can read it.
    pub uses_context: bool,
    /// The state's JSONata fields, exactly when it runs in JSONata mode.
    pub jsonata: Option<Box<JsonataState>>,
}

impl StateDef {
    /// The type name as events spell it (`Pass`, `Task`, ...).
    pub fn type_name(&self) -> &'static str {
        match self.kind {
            StateKind::Pass { .. } => "Pass",
            StateKind::Succeed => "Succeed",
            StateKind::Fail(_) => "Fail",
            StateKind::Wait(_) => "Wait",
            StateKind::Choice { .. } => "Choice",
            StateKind::Parallel { .. } => "Parallel",
            StateKind::Map(_) => "Map",
            StateKind::Task(_) => "Task",
        }
    }
}

/// A path field that may be absent (default `$`), `null`, or a path.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum PathField {
    #[default]
    Default,
    Null,
    Path(Path),
}

/// The input/output pipeline fields of a state (JSONPath mode).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct IoSpec {
    pub input_path: PathField,
    pub parameters: Option<Template>,
    pub result_selector: Option<Template>,
    pub result_path: PathField,
    pub output_path: PathField,
}

#[derive(Debug, Clone, PartialEq)]
pub enum StateKind {
    Pass {
        result: Option<Value>,
    },
    Succeed,
    Fail(FailSpec),
    Wait(WaitSpec),
    Choice {
        choices: Vec<(Rule, StateId)>,
        default: Option<StateId>,
    },
    Parallel {
        branches: Vec<Arc<Plan>>,
    },
    Map(Box<MapSpec>),
    Task(TaskSpec),
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct FailSpec {
    pub error: Option<String>,
    pub cause: Option<String>,
    pub error_path: Option<PathOrCall>,
    pub cause_path: Option<PathOrCall>,
}

/// A field that takes a reference path or an intrinsic function call (Fail's `ErrorPath` and
/// `CausePath`).
#[derive(Debug, Clone, PartialEq)]
pub enum PathOrCall {
    Path(Path),
    Call(crate::asl::intrinsics::Call),
}

fn path_or_call(v: &Value, loc: &str) -> Result<PathOrCall, DefinitionError> {
    let text = v
        .as_str()
        .ok_or_else(|| err(loc, "The value must be a JSONPath string"))?;
    if crate::asl::intrinsics::Call::looks_like_call(text) {
        crate::asl::intrinsics::Call::parse(text)
            .map(PathOrCall::Call)
            .map_err(|e| err(loc, e.to_string()))
    } else {
        path_of(v, loc).map(PathOrCall::Path)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum WaitSpec {
    Seconds(i64),
    Timestamp(String),
    SecondsPath(Path),
    TimestampPath(Path),
}

/// An integer setting given literally or through a path (`MaxConcurrency(Path)`, ...).
#[derive(Debug, Clone, PartialEq)]
pub enum Setting<T> {
    Value(T),
    Path(Path),
}

#[derive(Debug, Clone, PartialEq)]
pub struct MapSpec {
    pub items_path: PathField,
    /// `ItemSelector`, or the legacy `Parameters`.
    pub item_selector: Option<Template>,
    /// `ItemProcessor`, or the legacy `Iterator`.
    pub processor: Arc<Plan>,
    /// 0 means unlimited.
    pub max_concurrency: Setting<u64>,
    pub tolerated_failure_count: Option<Setting<i64>>,
    pub tolerated_failure_percentage: Option<Setting<f64>>,
    /// `ProcessorConfig.Mode: DISTRIBUTED`: iterations run as child executions whose events
    /// stay out of this history (`MapRunStarted`/`MapRunSucceeded` instead).
    pub distributed: bool,
    /// `Label` (distributed maps name their map run with it).
    pub label: Option<String>,
    /// A distributed map's `ItemReader`, `ItemBatcher`, `ResultWriter` and child type.
    pub dist_io: Option<Arc<DistributedIo>>,
}

/// A Distributed Map's `ItemReader`, `ItemBatcher` and `ResultWriter` as written; the engine's
/// map-run module evaluates them (their paths and expressions) when the map run starts.
#[derive(Debug, Clone, PartialEq)]
pub struct DistributedIo {
    pub item_reader: Option<Value>,
    pub item_batcher: Option<Value>,
    pub result_writer: Option<Value>,
    /// `ProcessorConfig.ExecutionType: EXPRESS` (children are Express executions).
    pub express_children: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TaskSpec {
    pub resource: String,
    pub timeout: Option<Setting<u64>>,
    pub heartbeat: Option<Setting<u64>>,
    /// `Credentials` (JSONPath mode): a payload template giving `RoleArn`.
    pub credentials: Option<Template>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Retrier {
    pub errors: Vec<String>,
    pub interval_seconds: f64,
    pub max_attempts: u32,
    pub backoff_rate: f64,
    pub max_delay_seconds: Option<f64>,
    /// `JitterStrategy: FULL`.
    pub full_jitter: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Catcher {
    pub errors: Vec<String>,
    pub result_path: PathField,
    pub next: StateId,
    /// `Assign` of the catcher: evaluated over the error output.
    pub assign: Option<Template>,
}

impl Plan {
    /// Builds the plan from a definition that [`crate::asl::validate::check`] accepted.
    pub fn compile(definition: &Value) -> Result<Plan, DefinitionError> {
        compile_graph(definition, "", false)
    }

    /// The state with this id. Ids come from this plan, so a miss is an engine bug.
    pub fn state(&self, id: StateId) -> Option<&StateDef> {
        self.states.get(id.0 as usize).map(|s| &**s)
    }
}

fn err(location: &str, message: impl Into<String>) -> DefinitionError {
    DefinitionError::single(
        "SCHEMA_VALIDATION_FAILED",
        message,
        Some(if location.is_empty() {
            "/".to_owned()
        } else {
            location.to_owned()
        }),
    )
}

fn compile_graph(def: &Value, loc: &str, jsonata: bool) -> Result<Plan, DefinitionError> {
    let obj = def
        .as_object()
        .ok_or_else(|| err(loc, "The definition must be an object"))?;
    let states = obj
        .get("States")
        .and_then(Value::as_object)
        .ok_or_else(|| err(loc, "Missing required field 'States'"))?;
    let start_name = obj
        .get("StartAt")
        .and_then(Value::as_str)
        .ok_or_else(|| err(loc, "Missing required field 'StartAt'"))?;
    let jsonata = plan_jsonata::is_jsonata(obj, jsonata);
    let mut ids = HashMap::new();
    for (i, name) in states.keys().enumerate() {
        ids.insert(name.as_str(), StateId(i as u32));
    }
    let start = *ids
        .get(start_name)
        .ok_or_else(|| err(&format!("{loc}/StartAt"), "Missing 'Next' target"))?;
    let mut compiled = Vec::with_capacity(states.len());
    for (name, raw) in states {
        compiled.push(Arc::new(compile_state(
            name,
            raw,
            &ids,
            &format!("{loc}/States/{name}"),
            jsonata,
        )?));
    }
    let timeout_seconds = obj.get("TimeoutSeconds").and_then(Value::as_u64);
    Ok(Plan {
        definition: def.clone(),
        states: compiled,
        start,
        timeout_seconds,
    })
}

fn path_of(v: &Value, loc: &str) -> Result<Path, DefinitionError> {
    let text = v
        .as_str()
        .ok_or_else(|| err(loc, "The value must be a JSONPath string"))?;
    Path::parse(text).map_err(|e| err(loc, e.to_string()))
}

fn path_field(
    obj: &Map<String, Value>,
    key: &str,
    loc: &str,
) -> Result<PathField, DefinitionError> {
    match obj.get(key) {
        None => Ok(PathField::Default),
        Some(Value::Null) => Ok(PathField::Null),
        Some(v) => Ok(PathField::Path(path_of(v, &format!("{loc}/{key}"))?)),
    }
}

fn template(
    obj: &Map<String, Value>,
    key: &str,
    loc: &str,
) -> Result<Option<Template>, DefinitionError> {
    obj.get(key)
        .map(|v| Template::compile(v).map_err(|e| err(&format!("{loc}/{key}"), e.message)))
        .transpose()
}

fn target(
    v: Option<&Value>,
    ids: &HashMap<&str, StateId>,
    loc: &str,
) -> Result<StateId, DefinitionError> {
    v.and_then(Value::as_str)
        .and_then(|n| ids.get(n).copied())
        .ok_or_else(|| err(loc, "Missing 'Next' target"))
}

fn setting_u64(
    obj: &Map<String, Value>,
    key: &str,
    loc: &str,
) -> Result<Option<Setting<u64>>, DefinitionError> {
    if let Some(v) = obj.get(key) {
        let n = v
            .as_u64()
            .ok_or_else(|| err(&format!("{loc}/{key}"), "Expected a non-negative integer"))?;
        return Ok(Some(Setting::Value(n)));
    }
    let pkey = format!("{key}Path");
    obj.get(&pkey)
        .map(|v| path_of(v, &format!("{loc}/{pkey}")).map(Setting::Path))
        .transpose()
}

fn strings(v: Option<&Value>) -> Vec<String> {
    v.and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|s| s.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

fn compile_state(
    name: &str,
    raw: &Value,
    ids: &HashMap<&str, StateId>,
    loc: &str,
    inherited_jsonata: bool,
) -> Result<StateDef, DefinitionError> {
    let obj = raw
        .as_object()
        .ok_or_else(|| err(loc, "A state must be an object"))?;
    // A JSONata state: its expressions are compiled aside and the JSONPath compiler below sees
    // the state without them (placeholders for expression-valued scalars).
    let is_jsonata = plan_jsonata::is_jsonata(obj, inherited_jsonata);
    let (jsonata, rewritten) = if is_jsonata {
        let (js, rest) = plan_jsonata::compile(obj, loc)?;
        (Some(Box::new(js)), Some(rest))
    } else {
        (None, None)
    };
    let obj = rewritten.as_ref().unwrap_or(obj);
    let ty = obj
        .get("Type")
        .and_then(Value::as_str)
        .ok_or_else(|| err(loc, "Missing required field 'Type'"))?;
    let next = match obj.get("Next") {
        Some(v) => Some(target(Some(v), ids, &format!("{loc}/Next"))?),
        None => None,
    };
    let mut io = IoSpec {
        input_path: path_field(obj, "InputPath", loc)?,
        parameters: None,
        result_selector: template(obj, "ResultSelector", loc)?,
        result_path: path_field(obj, "ResultPath", loc)?,
        output_path: path_field(obj, "OutputPath", loc)?,
    };
    let kind = match ty {
        "Pass" => {
            io.parameters = template(obj, "Parameters", loc)?;
            StateKind::Pass {
                result: obj.get("Result").cloned(),
            }
        }
        "Succeed" => StateKind::Succeed,
        "Fail" => StateKind::Fail(FailSpec {
            error: obj.get("Error").and_then(Value::as_str).map(str::to_owned),
            cause: obj.get("Cause").and_then(Value::as_str).map(str::to_owned),
            error_path: obj
                .get("ErrorPath")
                .map(|v| path_or_call(v, &format!("{loc}/ErrorPath")))
                .transpose()?,
            cause_path: obj
                .get("CausePath")
                .map(|v| path_or_call(v, &format!("{loc}/CausePath")))
                .transpose()?,
        }),
        "Wait" => StateKind::Wait(if let Some(v) = obj.get("Seconds") {
            StateKind::wait_seconds(v, loc)?
        } else if let Some(v) = obj.get("Timestamp") {
            WaitSpec::Timestamp(v.as_str().unwrap_or_default().to_owned())
        } else if let Some(v) = obj.get("SecondsPath") {
            WaitSpec::SecondsPath(path_of(v, &format!("{loc}/SecondsPath"))?)
        } else if let Some(v) = obj.get("TimestampPath") {
            WaitSpec::TimestampPath(path_of(v, &format!("{loc}/TimestampPath"))?)
        } else {
            return Err(err(loc, "A Wait state needs Seconds, Timestamp or a path"));
        }),
        "Choice" => {
            let mut choices = Vec::new();
            if let Some(arr) = obj.get("Choices").and_then(Value::as_array) {
                for (i, c) in arr.iter().enumerate() {
                    let cloc = format!("{loc}/Choices/{i}");
                    let rule = Rule::compile(c).map_err(|e| err(&cloc, e.0))?;
                    let next = target(c.get("Next"), ids, &format!("{cloc}/Next"))?;
                    choices.push((rule, next));
                }
            }
            let default = match obj.get("Default") {
                Some(v) => Some(target(Some(v), ids, &format!("{loc}/Default"))?),
                None => None,
            };
            StateKind::Choice { choices, default }
        }
        "Parallel" => {
            io.parameters = template(obj, "Parameters", loc)?;
            let mut branches = Vec::new();
            if let Some(arr) = obj.get("Branches").and_then(Value::as_array) {
                for (i, b) in arr.iter().enumerate() {
                    branches.push(Arc::new(compile_graph(
                        b,
                        &format!("{loc}/Branches/{i}"),
                        is_jsonata,
                    )?));
                }
            }
            StateKind::Parallel { branches }
        }
        "Map" => {
            let (pkey, proc_def) = match obj.get("ItemProcessor") {
                Some(p) => ("ItemProcessor", p),
                None => (
                    "Iterator",
                    obj.get("Iterator")
                        .ok_or_else(|| err(loc, "Missing required field 'ItemProcessor'"))?,
                ),
            };
            let processor = Arc::new(compile_graph(
                proc_def,
                &format!("{loc}/{pkey}"),
                is_jsonata,
            )?);
            let item_selector = match template(obj, "ItemSelector", loc)? {
                Some(t) => Some(t),
                None => template(obj, "Parameters", loc)?,
            };
            let max_concurrency =
                setting_u64(obj, "MaxConcurrency", loc)?.unwrap_or(Setting::Value(0));
            let tolerated_failure_count = if let Some(v) = obj.get("ToleratedFailureCount") {
                Some(Setting::Value(v.as_i64().ok_or_else(|| {
                    err(
                        &format!("{loc}/ToleratedFailureCount"),
                        "Expected an integer",
                    )
                })?))
            } else {
                obj.get("ToleratedFailureCountPath")
                    .map(|v| path_of(v, &format!("{loc}/ToleratedFailureCountPath")))
                    .transpose()?
                    .map(Setting::Path)
            };
            let tolerated_failure_percentage =
                if let Some(v) = obj.get("ToleratedFailurePercentage") {
                    Some(Setting::Value(v.as_f64().ok_or_else(|| {
                        err(
                            &format!("{loc}/ToleratedFailurePercentage"),
                            "Expected a number",
                        )
                    })?))
                } else {
                    obj.get("ToleratedFailurePercentagePath")
                        .map(|v| path_of(v, &format!("{loc}/ToleratedFailurePercentagePath")))
                        .transpose()?
                        .map(Setting::Path)
                };
            StateKind::Map(Box::new(MapSpec {
                items_path: path_field(obj, "ItemsPath", loc)?,
                item_selector,
                processor,
                max_concurrency,
                tolerated_failure_count,
                tolerated_failure_percentage,
                distributed: proc_def
                    .pointer("/ProcessorConfig/Mode")
                    .and_then(Value::as_str)
                    == Some("DISTRIBUTED"),
                label: obj.get("Label").and_then(Value::as_str).map(str::to_owned),
                dist_io: {
                    let field = |k: &str| obj.get(k).cloned();
                    let io = DistributedIo {
                        item_reader: field("ItemReader"),
                        item_batcher: field("ItemBatcher"),
                        result_writer: field("ResultWriter"),
                        express_children: proc_def
                            .pointer("/ProcessorConfig/ExecutionType")
                            .and_then(Value::as_str)
                            == Some("EXPRESS"),
                    };
                    let distributed = proc_def
                        .pointer("/ProcessorConfig/Mode")
                        .and_then(Value::as_str)
                        == Some("DISTRIBUTED");
                    distributed.then(|| Arc::new(io))
                },
            }))
        }
        "Task" => {
            io.parameters = template(obj, "Parameters", loc)?;
            StateKind::Task(TaskSpec {
                resource: obj
                    .get("Resource")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_owned(),
                timeout: setting_u64(obj, "TimeoutSeconds", loc)?,
                heartbeat: setting_u64(obj, "HeartbeatSeconds", loc)?,
                credentials: template(obj, "Credentials", loc)?,
            })
        }
        other => return Err(err(loc, format!("Unknown state type '{other}'"))),
    };
    let mut retry = Vec::new();
    if let Some(arr) = obj.get("Retry").and_then(Value::as_array) {
        for r in arr {
            retry.push(Retrier {
                errors: strings(r.get("ErrorEquals")),
                interval_seconds: r
                    .get("IntervalSeconds")
                    .and_then(Value::as_f64)
                    .unwrap_or(1.0),
                max_attempts: r
                    .get("MaxAttempts")
                    .and_then(Value::as_u64)
                    .map(|n| n.min(u64::from(u32::MAX)) as u32)
                    .unwrap_or(3),
                backoff_rate: r.get("BackoffRate").and_then(Value::as_f64).unwrap_or(2.0),
                max_delay_seconds: r.get("MaxDelaySeconds").and_then(Value::as_f64),
                full_jitter: r.get("JitterStrategy").and_then(Value::as_str) == Some("FULL"),
            });
        }
    }
    let mut catch = Vec::new();
    if let Some(arr) = obj.get("Catch").and_then(Value::as_array) {
        for (i, c) in arr.iter().enumerate() {
            let cloc = format!("{loc}/Catch/{i}");
            let c_obj = c
                .as_object()
                .ok_or_else(|| err(&cloc, "A catcher must be an object"))?;
            catch.push(Catcher {
                errors: strings(c.get("ErrorEquals")),
                result_path: path_field(c_obj, "ResultPath", &cloc)?,
                next: target(c.get("Next"), ids, &format!("{cloc}/Next"))?,
                assign: template(c_obj, "Assign", &cloc)?,
            });
        }
    }
    Ok(StateDef {
        name: name.to_owned(),
        kind,
        io,
        next,
        retry,
        catch,
        assign: template(obj, "Assign", loc)?,
        uses_context: ty == "Task"
            || if is_jsonata {
                plan_jsonata::reads_context(raw)
            } else {
                raw.to_string().contains("$$")
            },
        jsonata,
    })
}

impl StateKind {
    fn wait_seconds(v: &Value, loc: &str) -> Result<WaitSpec, DefinitionError> {
        v.as_i64()
            .map(WaitSpec::Seconds)
            .ok_or_else(|| err(&format!("{loc}/Seconds"), "Expected an integer"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn resolves_next_and_nested_plans() {
        let plan = Plan::compile(&json!({
            "StartAt": "B",
            "States": {
                "A": {"Type": "Succeed"},
                "B": {"Type": "Parallel", "Next": "A", "Branches": [
                    {"StartAt": "X", "States": {"X": {"Type": "Pass", "End": true}}}
                ]}
            }
        }))
        .unwrap();
        assert_eq!(plan.start, StateId(1));
        assert_eq!(plan.states[1].next, Some(StateId(0)));
        match &plan.states[1].kind {
            StateKind::Parallel { branches } => assert_eq!(branches[0].states[0].name, "X"),
            other => panic!("unexpected {other:?}"),
        }
    }

    fn arb_json() -> impl proptest::strategy::Strategy<Value = Value> {
        use proptest::prelude::*;
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(|n| json!(n)),
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
                "B",
                "$",
                "$.a",
                "$$",
                "States.ALL",
                "DISTRIBUTED",
                "x[",
            ])
            .prop_map(|s| json!(s)),
        ];
        leaf.prop_recursive(4, 48, 6, |inner| {
            let keys = prop::sample::select(vec![
                "StartAt",
                "States",
                "A",
                "B",
                "Type",
                "Next",
                "End",
                "Branches",
                "ItemProcessor",
                "Iterator",
                "Retry",
                "Catch",
                "ErrorEquals",
                "ResultPath",
                "InputPath",
                "Parameters",
                "Seconds",
                "SecondsPath",
                "MaxConcurrency",
                "Choices",
                "Default",
                "ProcessorConfig",
                "Mode",
                "TimeoutSeconds",
                "ItemsPath",
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
        /// No definition, however malformed, makes the compiler panic.
        #[test]
        fn compile_never_panics(def in arb_json()) {
            let _ = Plan::compile(&def);
        }
    }

    #[test]
    fn unknown_next_is_a_definition_error() {
        let e =
            Plan::compile(&json!({"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "Z"}}}));
        assert!(e.is_err());
        assert!(Plan::compile(&json!([])).is_err());
    }
}
