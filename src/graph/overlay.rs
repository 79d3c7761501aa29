//! An execution's path over its graph, read from its history (GetExecutionHistory events as
//! JSON): what happened in each state (running, succeeded, failed, caught, cancelled, not
//! reached), with its last input and output, error, retries and timing; which transitions were
//! taken; how many state transitions were billed.
//!
//! Works on the API's JSON so that `passo graph --history FILE` and the console read the same
//! thing a user downloads. Must not know the engine or the store.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::Serialize;
use serde_json::Value;

/// What happened in one state, over all its visits (a state inside a Map runs once per item).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RunStatus {
    NotReached,
    Running,
    Succeeded,
    Failed,
    Caught,
    Cancelled,
}

impl RunStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            RunStatus::NotReached => "not reached",
            RunStatus::Running => "running",
            RunStatus::Succeeded => "succeeded",
            RunStatus::Failed => "failed",
            RunStatus::Caught => "caught",
            RunStatus::Cancelled => "cancelled",
        }
    }

    /// The CSS class / Mermaid class name.
    pub fn class(self) -> &'static str {
        match self {
            RunStatus::NotReached => "not-reached",
            other => other.as_str(),
        }
    }

    /// A glyph shown next to the status text, so status never rests on colour alone.
    pub fn glyph(self) -> &'static str {
        match self {
            RunStatus::NotReached => "○",
            RunStatus::Running => "▶",
            RunStatus::Succeeded => "✓",
            RunStatus::Failed => "✗",
            RunStatus::Caught => "⚠",
            RunStatus::Cancelled => "■",
        }
    }
}

/// One state's record in an execution.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StateRun {
    pub status: RunStatus,
    /// Times the state was entered (once per Map item for states in a Map).
    pub entered: u32,
    pub succeeded: u32,
    pub failed: u32,
    pub caught: u32,
    pub cancelled: u32,
    pub running: u32,
    /// Retries: attempts scheduled again after a failure.
    pub retries: u32,
    /// Input of the last visit (JSON text).
    pub input: Option<String>,
    /// Output of the last visit that exited (JSON text).
    pub output: Option<String>,
    pub error: Option<String>,
    pub cause: Option<String>,
    /// First entry and last exit, as the history's timestamps.
    pub entered_at: Option<Value>,
    pub exited_at: Option<Value>,
    /// The ids of the events that belong to this state's visits.
    pub event_ids: Vec<u64>,
}

/// An execution's path.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Overlay {
    /// By state name; states never entered are absent (not reached).
    pub states: BTreeMap<String, StateRun>,
    /// `(from, to)` state names of the transitions taken.
    #[serde(skip)]
    pub taken: HashSet<(String, String)>,
    /// States entered first in their scope (the start marker's edge was taken).
    #[serde(skip)]
    pub started: HashSet<String>,
    /// States whose exit ended their scope (the end marker's edge was taken).
    #[serde(skip)]
    pub ended: HashSet<String>,
    /// `RUNNING`, `SUCCEEDED`, `FAILED`, `TIMED_OUT` or `ABORTED`, from the history's last event.
    pub execution_status: String,
    /// Billed state transitions (Standard): one per state entered, one per retry, as AWS
    /// counts them; an estimate, AWS does not report the number.
    pub transitions: u64,
}

impl Overlay {
    /// The status of a state by name (`NotReached` when it never ran).
    pub fn status(&self, name: &str) -> RunStatus {
        self.states
            .get(name)
            .map_or(RunStatus::NotReached, |r| r.status)
    }

    /// Estimated cost of a Standard execution: $0.025 per 1,000 state transitions.
    pub fn standard_cost_usd(&self) -> f64 {
        self.transitions as f64 * 0.025 / 1000.0
    }
}

/// The event-type prefix that owns an event which is not a state's Entered/Exited: a Task's
/// `TaskScheduled`, a Map's `MapStateFailed`, a Lambda's `LambdaFunctionFailed`.
fn class_of(event_type: &str) -> Option<&'static str> {
    const PREFIXES: &[(&str, &str)] = &[
        ("TaskState", "Task"),
        ("Task", "Task"),
        ("LambdaFunction", "Task"),
        ("Activity", "Task"),
        ("MapState", "Map"),
        ("MapRun", "Map"),
        ("ParallelState", "Parallel"),
        ("WaitState", "Wait"),
    ];
    PREFIXES
        .iter()
        .find(|(p, _)| event_type.starts_with(p))
        .map(|(_, c)| *c)
}

fn is_failure(t: &str) -> bool {
    (t.ends_with("Failed") || t.ends_with("TimedOut") || t == "TaskStateAborted")
        && !t.starts_with("Execution")
        && !t.starts_with("MapIteration")
}

fn is_attempt(t: &str) -> bool {
    matches!(
        t,
        "TaskScheduled"
            | "LambdaFunctionScheduled"
            | "ActivityScheduled"
            | "MapStateStarted"
            | "ParallelStateStarted"
    )
}

fn is_success(t: &str) -> bool {
    matches!(
        t,
        "TaskSucceeded"
            | "LambdaFunctionSucceeded"
            | "ActivitySucceeded"
            | "MapStateSucceeded"
            | "ParallelStateSucceeded"
    )
}

struct Ev<'a> {
    id: u64,
    prev: u64,
    kind: &'a str,
    raw: &'a Value,
}

impl Ev<'_> {
    fn details(&self) -> Option<&Value> {
        self.raw
            .as_object()?
            .iter()
            .find(|(k, _)| k.ends_with("EventDetails"))
            .map(|(_, v)| v)
    }

    fn detail(&self, key: &str) -> Option<String> {
        match self.details()?.get(key)? {
            Value::String(s) => Some(s.clone()),
            Value::Null => None,
            // The recordings' normalisation turned JSON strings into objects; take them back.
            other => Some(other.to_string()),
        }
    }

    fn state_type(&self) -> Option<&str> {
        self.kind
            .strip_suffix("StateEntered")
            .or_else(|| self.kind.strip_suffix("StateExited"))
    }
}

/// One visit of a state: from its Entered event.
#[derive(Default)]
struct Visit {
    name: String,
    exited: bool,
    failure_pending: bool,
    caught: bool,
    is_fail_state: bool,
    attempts: u32,
}

/// Reads an execution's path from its history events (GetExecutionHistory's `events`, in any
/// order; or the whole response).
pub fn from_history(history: &Value) -> Overlay {
    let list = match history {
        Value::Array(a) => a.as_slice(),
        other => other
            .get("events")
            .and_then(Value::as_array)
            .map_or(&[][..], Vec::as_slice),
    };
    let mut events: Vec<Ev> = list
        .iter()
        .filter_map(|raw| {
            Some(Ev {
                id: raw.get("id")?.as_u64()?,
                prev: raw
                    .get("previousEventId")
                    .and_then(Value::as_u64)
                    .unwrap_or(0),
                kind: raw.get("type")?.as_str()?,
                raw,
            })
        })
        .collect();
    events.sort_by_key(|e| e.id);
    let index: HashMap<u64, usize> = events.iter().enumerate().map(|(i, e)| (e.id, i)).collect();

    let mut out = Overlay {
        execution_status: "RUNNING".to_owned(),
        ..Overlay::default()
    };
    let mut visits: BTreeMap<u64, Visit> = BTreeMap::new();
    // Which visit (Entered event id) each event belongs to.
    let mut owner: HashMap<u64, u64> = HashMap::new();
    let mut followed: HashSet<u64> = HashSet::new();
    let mut entry_prevs: HashSet<u64> = HashSet::new();

    for ev in &events {
        followed.insert(ev.prev);
        if ev.kind.ends_with("StateEntered") {
            entry_prevs.insert(ev.prev);
        }
        match ev.kind {
            "ExecutionSucceeded" => out.execution_status = "SUCCEEDED".to_owned(),
            "ExecutionFailed" => out.execution_status = "FAILED".to_owned(),
            "ExecutionAborted" => out.execution_status = "ABORTED".to_owned(),
            "ExecutionTimedOut" => out.execution_status = "TIMED_OUT".to_owned(),
            _ => {}
        }
        if ev.kind.ends_with("StateEntered") {
            let name = ev.detail("name").unwrap_or_default();
            let run = out.states.entry(name.clone()).or_insert_with(new_run);
            run.entered += 1;
            run.input = ev.detail("input");
            run.entered_at.get_or_insert_with(|| timestamp(ev.raw));
            run.event_ids.push(ev.id);
            out.transitions += 1;
            match index.get(&ev.prev).map(|&i| &events[i]) {
                Some(p) if p.kind.ends_with("StateExited") => {
                    if let Some(from) = p.detail("name") {
                        out.taken.insert((from, name.clone()));
                    }
                }
                _ => {
                    out.started.insert(name.clone());
                }
            }
            visits.insert(
                ev.id,
                Visit {
                    name,
                    is_fail_state: ev.kind == "FailStateEntered",
                    ..Visit::default()
                },
            );
            owner.insert(ev.id, ev.id);
            continue;
        }
        // Find the visit this event belongs to by walking back the previousEventId chain.
        let visit_id = if ev.kind.ends_with("StateExited") {
            let name = ev.detail("name").unwrap_or_default();
            find_visit(&events, &index, ev.prev, |e| {
                e.detail("name").as_deref() == Some(name.as_str())
            })
        } else if let Some(class) = class_of(ev.kind) {
            find_visit(&events, &index, ev.prev, |e| e.state_type() == Some(class))
        } else if let (true, Some(state)) = (
            ev.kind == "EvaluationFailed",
            ev.details()
                .and_then(|d| d.get("state"))
                .and_then(Value::as_str),
        ) {
            find_visit(&events, &index, ev.prev, |e| {
                e.detail("name").as_deref() == Some(state)
            })
        } else {
            None
        };
        let Some(visit_id) = visit_id else { continue };
        owner.insert(ev.id, visit_id);
        let Some(visit) = visits.get_mut(&visit_id) else {
            continue;
        };
        let run = out.states.entry(visit.name.clone()).or_insert_with(new_run);
        run.event_ids.push(ev.id);
        if ev.kind.ends_with("StateExited") {
            visit.exited = true;
            if visit.failure_pending {
                visit.caught = true;
            }
            run.output = ev.detail("output");
            run.exited_at = Some(timestamp(ev.raw));
        } else if is_failure(ev.kind) {
            visit.failure_pending = true;
            run.error = ev.detail("error");
            run.cause = ev.detail("cause");
        } else if is_attempt(ev.kind) {
            // A second attempt in one visit is a retry (a Map's retry shows only as another
            // MapStateStarted, after its iterations failed).
            visit.attempts += 1;
            visit.failure_pending = false;
            if visit.attempts > 1 {
                run.retries += 1;
                out.transitions += 1;
            }
        } else if is_success(ev.kind) {
            visit.failure_pending = false;
        }
    }
    // Exits not followed by another state's entry ended their scope.
    for ev in &events {
        if ev.kind.ends_with("StateExited")
            && !entry_prevs.contains(&ev.id)
            && followed.contains(&ev.id)
        {
            if let Some(name) = ev.detail("name") {
                out.ended.insert(name);
            }
        }
    }
    let running = out.execution_status == "RUNNING";
    for visit in visits.values() {
        let Some(run) = out.states.get_mut(&visit.name) else {
            continue;
        };
        if visit.is_fail_state {
            run.failed += 1;
        } else if visit.exited {
            if visit.caught {
                run.caught += 1;
            } else {
                run.succeeded += 1;
            }
        } else if running && !visit.failure_pending {
            run.running += 1;
        } else if visit.failure_pending {
            run.failed += 1;
        } else if running {
            run.running += 1;
        } else {
            run.cancelled += 1;
        }
    }
    for run in out.states.values_mut() {
        run.status = if run.running > 0 {
            RunStatus::Running
        } else if run.failed > 0 {
            RunStatus::Failed
        } else if run.caught > 0 {
            RunStatus::Caught
        } else if run.cancelled > 0 {
            RunStatus::Cancelled
        } else {
            RunStatus::Succeeded
        };
    }
    out
}

fn new_run() -> StateRun {
    StateRun {
        status: RunStatus::NotReached,
        entered: 0,
        succeeded: 0,
        failed: 0,
        caught: 0,
        cancelled: 0,
        running: 0,
        retries: 0,
        input: None,
        output: None,
        error: None,
        cause: None,
        entered_at: None,
        exited_at: None,
        event_ids: Vec::new(),
    }
}

fn timestamp(raw: &Value) -> Value {
    raw.get("timestamp").cloned().unwrap_or(Value::Null)
}

/// Walks back from `start` to the nearest `*StateEntered` event that `is_owner` accepts,
/// skipping complete visits of the same kind on the way (a nested Parallel's own Entered and
/// Exited pair).
fn find_visit(
    events: &[Ev],
    index: &HashMap<u64, usize>,
    start: u64,
    is_owner: impl Fn(&Ev) -> bool,
) -> Option<u64> {
    let mut depth = 0usize;
    let mut at = start;
    // A malformed history could loop; a chain never revisits an id, so bound by its length.
    for _ in 0..=events.len() {
        let e = &events[*index.get(&at)?];
        if e.kind.ends_with("StateExited") && is_owner(e) {
            depth += 1;
        } else if e.kind.ends_with("StateEntered") && is_owner(e) {
            if depth == 0 {
                return Some(e.id);
            }
            depth -= 1;
        }
        if e.prev == 0 || e.prev == at {
            return None;
        }
        at = e.prev;
    }
    None
}
