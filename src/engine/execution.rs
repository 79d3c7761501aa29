//! One execution as explicit state: an arena of threads (the main flow, Parallel branches, Map
//! iterations), a run queue, a timer queue keyed `(due, seq)` and the history it has written.
//!
//! The driver ([`super::driver`]) calls [`Execution::run`] to make all possible progress, then
//! decides how time passes (fire the next timer at once in virtual mode, sleep in real mode,
//! await an external task). Nothing here sleeps, reads the wall clock or touches the store.
//!
//! Scheduling is deterministic: threads take turns in FIFO order, one micro-step each (enter a
//! state, then run it), which interleaves Parallel branches the way AWS usually shows them
//! (all branch `*StateEntered`, then all `*StateExited`). Timers due at the same instant fire
//! together before anything reacts.
//!
//! `previousEventId` rules (from the AWS recordings; each thread keeps `last`, the id its next
//! event points to):
//! - the first state's `*StateEntered` points to 0, later ones to the previous `*StateExited`;
//! - a failure (`ExecutionFailed`, a Catch's `*StateExited`) points to the failing event:
//!   `TaskFailed`, `FailStateEntered`, the state's `*StateEntered` when its paths fail,
//!   `MapStateFailed`; a retry's first event points to the failed attempt's last event;
//! - Map: the first `MapIterationStarted` points to `MapStateStarted`, the next to the previous
//!   iteration's last event; `MapStateSucceeded` and `MapStateExited` point to the last
//!   `MapIterationSucceeded` (Parallel alike with `ParallelStateSucceeded`);
//! - `ExecutionAborted` and `ExecutionTimedOut` point to 0.

use std::cmp::{Ordering, Reverse};
use std::collections::{BinaryHeap, VecDeque};
use std::sync::Arc;

use chrono::{DateTime, Duration, SecondsFormat, Utc};
use rand_chacha::ChaCha8Rng;
use rand_core::RngCore;
use serde_json::{json, Map, Value};

use crate::asl::io;
use crate::asl::path::Scope;
use crate::asl::plan::{
    Catcher, MapSpec, PathOrCall, Plan, Retrier, Setting, StateDef, StateId, StateKind, WaitSpec,
};
use crate::asl::Failure;
use crate::store::{EventDetails, ExecutionStatus, HistoryEvent};

use super::history as h;
use super::map_run::MapExitLink;

#[path = "jsonata_mode.rs"]
mod jsonata_mode;
#[path = "map_exec.rs"]
mod map_exec;
#[path = "resume.rs"]
pub mod resume;
use super::task::{
    classify_resource, PendingTask, ResourceKind, TaskHandler, TaskOutcome, TaskRequest,
};

/// The error when no Choice rule matches and there is no Default (the choice module defines the
/// same constant; this one keeps the engine independent of its placeholder).
pub const NO_CHOICE_MATCHED: &str = "States.NoChoiceMatched";
/// Its cause (not in the recordings), prefixed with the state like other state failures.
const NO_CHOICE_MATCHED_CAUSE: &str = "No Choice Rule matched the input and there is no Default";

/// AWS's limit on events in one execution history.
pub const MAX_HISTORY_EVENTS: usize = 25_000;
/// passo's error when an execution reaches [`MAX_HISTORY_EVENTS`] (AWS's exact text is not in
/// the recordings).
pub const HISTORY_LIMIT_ERROR: &str = "States.Runtime";
const HISTORY_LIMIT_CAUSE: &str =
    "The execution reached the maximum number of history events (25000).";
/// The longest Wait AWS accepts (one year), in seconds.
const MAX_WAIT_SECONDS: i64 = 31_536_000;

/// Everything fixed about an execution when it starts.
#[derive(Debug, Clone)]
pub struct ExecutionInfo {
    pub arn: String,
    pub name: String,
    pub state_machine_arn: String,
    pub state_machine_name: String,
    pub role_arn: String,
    pub region: String,
    pub input_text: String,
    pub start: DateTime<Utc>,
    pub redrive_count: u32,
    pub express: bool,
}

type ThreadId = usize;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TimerKind {
    /// A Wait state's delay is over.
    WaitDone,
    /// A Retry back-off is over: run the state again.
    Retry,
    /// A Task's TimeoutSeconds elapsed.
    TaskTimeout,
    /// A Task's HeartbeatSeconds elapsed with no heartbeat (stale unless `due` is still the
    /// task's heartbeat deadline: heartbeats move it without a new generation).
    HeartbeatTimeout,
    /// A delayed task outcome arrives (the outcome is parked on the thread).
    TaskOutcome,
    /// The execution's TimeoutSeconds elapsed.
    ExecutionTimeout,
}

/// A pending timer. Ordered by `(due, seq)`: equal instants fire in creation order.
#[derive(Debug, Clone)]
pub struct Timer {
    pub due: DateTime<Utc>,
    seq: u64,
    thread: ThreadId,
    /// The thread generation the timer belongs to; stale timers are ignored.
    gen: u64,
    kind: TimerKind,
}

impl PartialEq for Timer {
    fn eq(&self, other: &Self) -> bool {
        (self.due, self.seq) == (other.due, other.seq)
    }
}
impl Eq for Timer {}
impl PartialOrd for Timer {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Timer {
    fn cmp(&self, other: &Self) -> Ordering {
        (self.due, self.seq).cmp(&(other.due, other.seq))
    }
}

/// A Task call ready to be scheduled: its parameters, timeouts, token and context object.
struct TaskCall {
    params: Value,
    timeout: Option<u64>,
    heartbeat: Option<u64>,
    task_token: Option<String>,
    ctx: Value,
    /// The evaluated `Credentials` object (`RoleArn`), when the Task has one.
    credentials: Option<Value>,
}

/// A Task's parameters, TimeoutSeconds, HeartbeatSeconds and evaluated `Credentials`.
type PreparedTask = (Value, Option<u64>, Option<u64>, Option<Value>);

/// A Map's items, effective input, MaxConcurrency and tolerated failure count / percentage.
type MapSetup = (Vec<Value>, Value, usize, Option<i64>, Option<f64>);

/// What a simple state's work came to.
enum Work {
    /// Output ready: exit to `Next`.
    Done(Value),
    /// Output ready: exit to this state (Choice).
    Goto(Value, StateId),
    /// Wait until then.
    WaitUntil(DateTime<Utc>),
    /// Parallel, Map and Task run elsewhere.
    Other,
}

/// A timer as the control API lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct TimerView {
    pub due: DateTime<Utc>,
    pub state_name: String,
    pub kind: String,
}

/// What the driver must carry out after [`Execution::run`].
pub enum Action {
    /// Await an external task; report with [`Execution::task_outcome`].
    Await {
        thread: usize,
        gen: u64,
        future: PendingTask,
    },
}

#[derive(Debug, Clone, Copy)]
enum ParentLink {
    Parallel { thread: ThreadId, branch: usize },
    Map { thread: ThreadId, index: usize },
}

#[derive(Debug)]
enum Phase {
    /// About to enter the state with this raw input (`text` is the verbatim execution input for
    /// the very first state, the previous state's output text after a transition).
    Enter(Value, Option<String>),
    /// Entered: run the state's work.
    Run,
    /// A Task is scheduled: write TaskStarted and call the handler.
    Invoke,
    /// The thread failed; its parent learns in the thread's next turn.
    Failing(Failure, u64),
    /// Waiting on a timer, children or a task.
    Blocked,
    Done,
}

/// A Task attempt in flight.
#[derive(Debug, Clone)]
struct TaskRun {
    kind: ResourceKind,
    /// Event detail names (resource, resourceType) or the function ARN.
    resource: String,
    resource_type: String,
    /// The id outcomes point back to (TaskStarted / LambdaFunctionStarted).
    started_id: u64,
    /// HeartbeatSeconds, and the current heartbeat deadline once the heartbeat clock runs.
    heartbeat: Option<u64>,
    heartbeat_due: Option<DateTime<Utc>>,
    /// The attempt ended by its heartbeat timer (Retry/Catch `States.HeartbeatTimeout`).
    heartbeat_timed_out: bool,
}

#[derive(Debug, Clone)]
enum ParkedOutcome {
    Succeeded(Value),
    Failed(String, Option<String>),
    TimedOut,
}

#[derive(Debug)]
struct Children {
    kind: ChildKind,
    results: Vec<Option<Value>>,
    running: Vec<ThreadId>,
    /// The last event of the most recently finished child (what the parent's next event
    /// points to).
    last_child_event: u64,
    /// The id the next MapIterationStarted points to.
    next_start_prev: u64,
    done: usize,
    /// A distributed map: children are silent, `run_started` is the MapRunStarted id.
    distributed: bool,
    run_started: u64,
    /// A redriven distributed map's unsuccessful children, in item order, waiting for a place
    /// under MaxConcurrency (they go before items never started).
    redrive: VecDeque<usize>,
}

#[derive(Debug)]
enum ChildKind {
    Parallel,
    Map {
        items: Vec<Value>,
        next_index: usize,
        max_concurrency: usize,
        failures: usize,
        tolerated_count: Option<i64>,
        tolerated_pct: Option<f64>,
        effective: Value,
    },
}

#[derive(Debug)]
struct Thread {
    plan: Arc<Plan>,
    state: StateId,
    phase: Phase,
    /// The previousEventId of this thread's next event.
    last: u64,
    parent: Option<ParentLink>,
    gen: u64,
    raw: Value,
    entered_id: u64,
    entered_at: DateTime<Utc>,
    attempts: Vec<u32>,
    retry_count: u32,
    task: Option<TaskRun>,
    children: Option<Children>,
    /// Runs inside a distributed map's child execution: its events stay out of this history.
    silent: bool,
    /// The child execution whose own history a silent thread's events go to.
    history: Option<Arc<str>>,
    /// A task outcome waiting for its delay to elapse ([`TaskOutcome::After`]).
    parked: Option<TaskOutcome>,
    /// A scheduled Task's request, until it is invoked.
    request: Option<Box<TaskRequest>>,
    /// The workflow variables this thread sees (a Map iteration or Parallel branch starts with
    /// a copy of its parent's; its assignments stay inside).
    vars: Arc<Map<String, Value>>,
    /// What the state's `Assign` reads as `$` (the state's result), set before it exits.
    assign_src: Option<Value>,
    /// The id the state's `*StateEntered` pointed to (where AWS points `EvaluationFailed`).
    entered_prev: u64,
    /// A JSONata state's evaluated `Assign`, applied when it exits.
    pending_assign: Option<Map<String, Value>>,
}

/// One execution's whole runtime state.
pub struct Execution {
    pub info: ExecutionInfo,
    /// Started by StartSyncExecution: its context object has no `RedriveCount` (an asynchronous
    /// Express execution's has one, last; both recorded).
    pub sync: bool,
    input: Value,
    /// The execution's own clock.
    pub now: DateTime<Utc>,
    /// Events not yet handed to the store.
    events: Vec<HistoryEvent>,
    /// Events written so far (the last id).
    flushed: u64,
    threads: Vec<Thread>,
    runq: VecDeque<ThreadId>,
    timers: BinaryHeap<Reverse<Timer>>,
    seq: u64,
    rng: ChaCha8Rng,
    handler: Arc<dyn TaskHandler>,
    pending_actions: Vec<Action>,
    /// In-flight external tasks (they hold the clock).
    pub external: usize,
    pub status: ExecutionStatus,
    pub output: Option<String>,
    pub error: Option<String>,
    pub cause: Option<String>,
    pub stop_date: Option<DateTime<Utc>>,
    /// State transitions (the Standard pricing unit).
    pub transitions: u64,
    /// Whether the thread being processed is silent (see `Thread::silent`).
    silent: bool,
    /// Where a silent thread's events go (see `Thread::history`).
    sink: Option<Arc<str>>,
    /// Journaling and replay ([`resume`]).
    pub durable: resume::Hooks,
    /// Distributed Map runs: the object store, the registry, child execution records.
    dist: map_exec::DistState,
}

/// AWS's timestamp text in the context object (`2024-01-01T00:00:00.000Z`).
pub fn context_time(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

fn with_prefix(f: Failure, state: &str, entered_id: u64) -> Failure {
    if f.error == "States.Runtime" || f.error == NO_CHOICE_MATCHED {
        Failure::new(
            f.error,
            format!(
                "An error occurred while executing the state '{state}' (entered at the event id #{entered_id}). {}",
                f.cause
            ),
        )
    } else {
        f
    }
}

/// The `{"Error", "Cause"}` object a Catch passes on. A missing error or cause is `null`,
/// except that timeouts carry an empty cause (both as AWS records).
fn error_output(f: &Failure) -> Value {
    let text = |s: &str| {
        if s.is_empty() {
            Value::Null
        } else {
            Value::String(s.to_owned())
        }
    };
    let cause = if f.cause.is_empty() && f.error == "States.Timeout" {
        Value::String(String::new())
    } else {
        text(&f.cause)
    };
    let mut m = Map::new();
    m.insert("Error".to_owned(), text(&f.error));
    m.insert("Cause".to_owned(), cause);
    Value::Object(m)
}

/// Whether a Retry/Catch `ErrorEquals` matches. `heartbeat`: the failure is a Task's heartbeat
/// timeout, written as `States.Timeout` but also matched by `States.HeartbeatTimeout`.
fn matches(errors: &[String], f: &Failure, is_task: bool, heartbeat: bool) -> bool {
    errors.iter().any(|e| {
        e == &f.error
            || e == "States.ALL"
            || (e == "States.TaskFailed" && is_task && f.error != "States.Timeout")
            || (e == "States.HeartbeatTimeout" && heartbeat)
    })
}

impl Execution {
    /// A new execution: `ExecutionStarted` written, the first state queued.
    pub fn new(
        info: ExecutionInfo,
        plan: Arc<Plan>,
        input: Value,
        rng: ChaCha8Rng,
        handler: Arc<dyn TaskHandler>,
    ) -> Execution {
        let now = info.start;
        let mut ex = Execution {
            input: input.clone(),
            now,
            events: Vec::new(),
            flushed: 0,
            threads: Vec::new(),
            runq: VecDeque::new(),
            timers: BinaryHeap::new(),
            seq: 0,
            rng,
            handler,
            pending_actions: Vec::new(),
            external: 0,
            status: ExecutionStatus::Running,
            output: None,
            error: None,
            cause: None,
            stop_date: None,
            transitions: 0,
            silent: false,
            sink: None,
            sync: false,
            durable: resume::Hooks::default(),
            dist: map_exec::DistState::default(),
            info,
        };
        ex.emit(
            "ExecutionStarted",
            0,
            h::execution_started(&ex.info.input_text, &ex.info.role_arn),
        );
        let text = ex.info.input_text.clone();
        let root = ex.spawn(plan.clone(), plan.start, input, Some(text), 0, None);
        ex.runq.push_back(root);
        if let Some(t) = super::express::time_limit(ex.info.express, plan.timeout_seconds) {
            let due = after_seconds(now, t);
            ex.add_timer(due, root, 0, TimerKind::ExecutionTimeout);
        }
        ex
    }

    pub fn is_terminal(&self) -> bool {
        self.status.is_terminal()
    }

    /// Events written since the last call (for batch appends).
    pub fn take_new_events(&mut self) -> Vec<HistoryEvent> {
        // Flushed events live in the store only; the counter keeps ids going. The next batch
        // starts at this one's capacity rather than growing from empty again.
        let capacity = if self.is_terminal() {
            0
        } else {
            self.events.capacity()
        };
        std::mem::replace(&mut self.events, Vec::with_capacity(capacity))
    }

    /// Frees the runtime state of a terminal execution (its record and history are stored).
    pub fn release(&mut self) {
        if self.is_terminal() {
            self.threads = Vec::new();
            self.runq.clear();
            self.timers.clear();
        }
    }

    pub fn take_actions(&mut self) -> Vec<Action> {
        std::mem::take(&mut self.pending_actions)
    }

    /// The earliest pending timer's due time.
    pub fn next_timer(&self) -> Option<DateTime<Utc>> {
        self.timers.peek().map(|Reverse(t)| t.due)
    }

    /// Pending timers, earliest first (control API).
    pub fn timers(&self) -> Vec<TimerView> {
        let mut all: Vec<&Timer> = self.timers.iter().map(|Reverse(t)| t).collect();
        all.sort();
        all.into_iter()
            .map(|t| TimerView {
                due: t.due,
                state_name: self
                    .threads
                    .get(t.thread)
                    .and_then(|th| th.plan.state(th.state))
                    .map(|s| s.name.clone())
                    .unwrap_or_default(),
                kind: format!("{:?}", t.kind),
            })
            .collect()
    }

    /// Whether the task attempt `(thread, gen)` handed out in an [`Action::Await`] is still
    /// waited for (a timeout, a stop or a sibling's failure may have moved the thread on).
    pub fn is_awaiting(&self, thread: usize, gen: u64) -> bool {
        self.threads
            .get(thread)
            .is_some_and(|th| th.gen == gen && !matches!(th.phase, Phase::Done))
    }

    /// Whether a thread can make progress without time passing.
    pub fn has_work(&self) -> bool {
        !self.runq.is_empty()
    }

    fn add_timer(&mut self, due: DateTime<Utc>, thread: ThreadId, gen: u64, kind: TimerKind) {
        self.seq += 1;
        self.timers.push(Reverse(Timer {
            due,
            seq: self.seq,
            thread,
            gen,
            kind,
        }));
    }

    fn emit(&mut self, event_type: &str, prev: u64, details: h::Details) -> u64 {
        if self.silent {
            let Some(child) = self.sink.take() else {
                return self.flushed;
            };
            let id = self.emit_child(&child, event_type, prev, details);
            self.sink = Some(child);
            return id;
        }
        self.flushed += 1;
        let id = self.flushed;
        self.events.push(HistoryEvent {
            id,
            previous_event_id: prev,
            timestamp: self.now,
            event_type: event_type.to_owned(),
            details,
        });
        id
    }

    fn spawn(
        &mut self,
        plan: Arc<Plan>,
        state: StateId,
        input: Value,
        text: Option<String>,
        last: u64,
        parent: Option<ParentLink>,
    ) -> ThreadId {
        self.threads.push(Thread {
            plan,
            state,
            phase: Phase::Enter(input, text),
            last,
            parent,
            gen: 0,
            raw: Value::Null,
            entered_id: 0,
            entered_at: self.now,
            attempts: Vec::new(),
            retry_count: 0,
            task: None,
            children: None,
            silent: false,
            history: None,
            parked: None,
            request: None,
            vars: Arc::new(Map::new()),
            assign_src: None,
            entered_prev: 0,
            pending_assign: None,
        });
        self.threads.len() - 1
    }

    /// Makes progress at the current instant: at most `budget` micro-steps, so the driver can
    /// yield to other executions between batches. [`Execution::has_work`] says whether more
    /// remains.
    pub fn run_some(&mut self, budget: usize) {
        let mut left = budget;
        while left > 0 {
            let Some(tid) = self.runq.pop_front() else {
                return;
            };
            if self.is_terminal() {
                self.runq.clear();
                return;
            }
            if self.flushed >= MAX_HISTORY_EVENTS as u64 {
                self.history_limit_exceeded();
                return;
            }
            self.step(tid);
            self.durable.steps += 1;
            left -= 1;
        }
    }

    /// Makes all progress possible at the current instant.
    pub fn run(&mut self) {
        while self.has_work() && !self.is_terminal() {
            self.run_some(usize::MAX);
        }
    }

    /// AWS caps a history at 25,000 events; an endless loop of instant states ends there.
    fn history_limit_exceeded(&mut self) {
        let last = self.flushed;
        self.abort_all();
        self.finish_execution(
            ExecutionStatus::Failed,
            "ExecutionFailed",
            last,
            h::execution_failed(Some(HISTORY_LIMIT_ERROR), Some(HISTORY_LIMIT_CAUSE)),
            None,
            Some(HISTORY_LIMIT_ERROR.to_owned()),
            Some(HISTORY_LIMIT_CAUSE.to_owned()),
        );
    }

    /// Fires every timer due at or before `until` in order, moving the clock to each.
    /// Returns whether any fired. Virtual mode passes the next timer's due time.
    pub fn fire_timers(&mut self, until: DateTime<Utc>) -> bool {
        if !self.is_terminal() && self.next_timer().is_some_and(|due| due <= until) {
            self.durable.fire(until);
        }
        let mut fired = false;
        while let Some(Reverse(t)) = self.timers.peek() {
            if t.due > until || self.is_terminal() {
                break;
            }
            let Some(Reverse(t)) = self.timers.pop() else {
                break;
            };
            let live = self
                .threads
                .get(t.thread)
                .is_some_and(|th| th.gen == t.gen && !matches!(th.phase, Phase::Done));
            if !live && t.kind != TimerKind::ExecutionTimeout {
                continue;
            }
            if t.due > self.now {
                self.now = t.due;
            }
            fired = true;
            let due = t.due;
            self.on_timer(t);
            // Timers due at the same instant all fire before anything reacts (AWS records
            // simultaneous timeouts of Map iterations before the Map fails).
            if self.timers.peek().is_none_or(|Reverse(n)| n.due != due) {
                self.run();
            }
        }
        self.run();
        fired
    }

    /// Moves the clock forward (never backward).
    pub fn advance_clock(&mut self, to: DateTime<Utc>) {
        if to > self.now {
            self.durable.advance(to);
            self.now = to;
        }
    }

    fn on_timer(&mut self, t: Timer) {
        self.ctx(t.thread);
        if t.kind == TimerKind::ExecutionTimeout {
            self.silent = false;
        }
        match t.kind {
            TimerKind::WaitDone => {
                if let Some(th) = self.threads.get_mut(t.thread) {
                    th.gen += 1;
                }
                let raw = self.threads[t.thread].raw.clone();
                let state = self.state_def(t.thread);
                if state.jsonata.is_some() {
                    return self.finish_jsonata(t.thread, None, None);
                }
                let ctx = self.context(t.thread, None);
                let vars = self.threads[t.thread].vars.clone();
                let env = io::Env {
                    context: &ctx,
                    vars: Some(&vars),
                };
                let result = io::input_path(&state.io, &raw, env)
                    .and_then(|eff| io::output_path(&state.io, eff, env));
                self.complete_state(t.thread, result, None);
            }
            TimerKind::Retry => {
                if let Some(th) = self.threads.get_mut(t.thread) {
                    th.gen += 1;
                    th.phase = Phase::Run;
                }
                self.runq.push_back(t.thread);
            }
            TimerKind::TaskTimeout => {
                self.task_result(t.thread, ParkedOutcome::TimedOut);
            }
            TimerKind::HeartbeatTimeout => {
                let task = self.threads[t.thread].task.as_mut();
                if let Some(tr) = task.filter(|tr| tr.heartbeat_due == Some(t.due)) {
                    tr.heartbeat_timed_out = true;
                    self.task_result(t.thread, ParkedOutcome::TimedOut);
                }
            }
            TimerKind::TaskOutcome => {
                let parked = self
                    .threads
                    .get_mut(t.thread)
                    .and_then(|th| th.parked.take());
                if let Some(p) = parked {
                    self.apply_outcome(t.thread, t.gen, p);
                }
            }
            TimerKind::ExecutionTimeout => {
                if !self.is_terminal() {
                    self.abort_all();
                    self.finish_execution(
                        ExecutionStatus::TimedOut,
                        "ExecutionTimedOut",
                        0,
                        h::execution_timed_out(Some("States.Timeout"), None),
                        None,
                        Some("States.Timeout".to_owned()),
                        None,
                    );
                }
            }
        }
    }

    fn state_def(&self, tid: ThreadId) -> Arc<StateDef> {
        let th = &self.threads[tid];
        th.plan
            .states
            .get(th.state.0 as usize)
            .cloned()
            .unwrap_or_else(|| {
                Arc::new(StateDef {
                    name: String::new(),
                    kind: StateKind::Succeed,
                    io: Default::default(),
                    next: None,
                    retry: Vec::new(),
                    catch: Vec::new(),
                    assign: None,
                    uses_context: false,
                    jsonata: None,
                })
            })
    }

    /// The context object (`$$`) for the thread's current state.
    fn context(&self, tid: ThreadId, map_item: Option<(usize, &Value)>) -> Value {
        let th = &self.threads[tid];
        let state = th.plan.state(th.state);
        if !state.is_some_and(|s| s.uses_context) {
            // Nothing in this state can read `$$`: skip copying the execution input.
            return Value::Null;
        }
        let mut exec = Map::new();
        exec.insert("Id".into(), json!(self.info.arn));
        exec.insert("Input".into(), self.input.clone());
        if self.info.express {
            // Express executions list these keys in this order; only asynchronous ones have a
            // RedriveCount.
            exec.insert("Name".into(), json!(self.info.name));
            exec.insert("RoleArn".into(), json!(self.info.role_arn));
            exec.insert("StartTime".into(), json!(context_time(self.info.start)));
            if !self.sync {
                exec.insert("RedriveCount".into(), json!(self.info.redrive_count));
            }
        } else {
            exec.insert("StartTime".into(), json!(context_time(self.info.start)));
            exec.insert("Name".into(), json!(self.info.name));
            exec.insert("RoleArn".into(), json!(self.info.role_arn));
            exec.insert("RedriveCount".into(), json!(self.info.redrive_count));
        }
        // A map run's child is an execution of its own (its ARN, input, start, redrives) of
        // the map run's state machine.
        let mut machine =
            json!({"Id": self.info.state_machine_arn, "Name": self.info.state_machine_name});
        if let Some((arn, c)) = self.child_context(tid) {
            exec.insert("Id".into(), json!(arn));
            exec.insert("Input".into(), c.input.clone());
            exec.insert("StartTime".into(), json!(context_time(c.start)));
            exec.insert("Name".into(), json!(arn.rsplit(':').next().unwrap_or(arn)));
            if exec.contains_key("RedriveCount") {
                exec.insert("RedriveCount".into(), json!(c.redrive_count));
            }
            let name = c
                .state_machine_arn
                .split_once(":stateMachine:")
                .map(|t| t.1);
            machine = json!({"Id": c.state_machine_arn, "Name": name.unwrap_or_default()});
        }
        let mut st = Map::new();
        st.insert(
            "Name".into(),
            json!(state.map(|s| s.name.as_str()).unwrap_or_default()),
        );
        st.insert("EnteredTime".into(), json!(context_time(th.entered_at)));
        if matches!(state.map(|s| &s.kind), Some(StateKind::Task(_))) {
            st.insert("RetryCount".into(), json!(th.retry_count));
        }
        let mut ctx = Map::new();
        ctx.insert("Execution".into(), Value::Object(exec));
        ctx.insert("StateMachine".into(), machine);
        ctx.insert("State".into(), Value::Object(st));
        if let Some((index, value)) = map_item {
            ctx.insert(
                "Map".into(),
                json!({"Item": {"Index": index, "Value": value}}),
            );
        }
        Value::Object(ctx)
    }

    /// Events from now on belong to `tid`'s history (the main one, or its child execution's
    /// when silent).
    fn ctx(&mut self, tid: ThreadId) {
        let t = self.threads.get(tid);
        self.silent = t.is_some_and(|t| t.silent);
        self.sink = t.and_then(|t| t.history.clone());
    }

    fn step(&mut self, tid: ThreadId) {
        self.ctx(tid);
        let phase = std::mem::replace(&mut self.threads[tid].phase, Phase::Blocked);
        match phase {
            Phase::Enter(input, text) => self.enter(tid, input, text),
            Phase::Run => self.run_state(tid),
            Phase::Invoke => self.invoke_task(tid),
            Phase::Failing(f, fail_id) => {
                // Done before the parent reacts, but still "in" its state: the parent writes
                // its TaskStateAborted.
                self.threads[tid].phase = Phase::Done;
                self.notify_failure(tid, f, fail_id);
            }
            other => self.threads[tid].phase = other,
        }
    }

    fn enter(&mut self, tid: ThreadId, input: Value, text: Option<String>) {
        let state = self.state_def(tid);
        let text = text.unwrap_or_else(|| io::to_text(&input));
        let prev = self.threads[tid].last;
        let id = self.emit(
            &h::state_event_type(state.type_name(), true),
            prev,
            h::state_entered(&state.name, text),
        );
        self.transitions += 1;
        let now = self.now;
        let th = &mut self.threads[tid];
        th.raw = input;
        th.entered_id = id;
        th.entered_at = now;
        th.last = id;
        th.attempts = vec![0; state.retry.len()];
        th.retry_count = 0;
        th.task = None;
        th.children = None;
        th.assign_src = None;
        th.entered_prev = prev;
        th.pending_assign = None;
        th.phase = Phase::Run;
        if matches!(state.kind, StateKind::Task(_)) {
            // AWS writes TaskScheduled right after TaskStateEntered.
            self.step(tid);
        } else {
            self.runq.push_back(tid);
        }
    }

    fn run_state(&mut self, tid: ThreadId) {
        let state = self.state_def(tid);
        if state.jsonata.is_some() {
            return self.run_state_jsonata(tid, &state);
        }
        // Parallel, Map and Task read the input after this; simple states only inside the
        // closure below, so they borrow it from the thread instead of copying it.
        let spawns = matches!(
            state.kind,
            StateKind::Parallel { .. } | StateKind::Map(_) | StateKind::Task(_)
        );
        let mut raw = if spawns {
            self.threads[tid].raw.clone()
        } else {
            std::mem::take(&mut self.threads[tid].raw)
        };
        let ctx = self.context(tid, None);
        let vars = self.threads[tid].vars.clone();
        let env = io::Env {
            context: &ctx,
            vars: Some(&vars),
        };
        let outcome: Result<Work, Failure> = (|| match &state.kind {
            StateKind::Pass { result } => {
                let res = match result {
                    // A fixed Result with no Parameters and no InputPath to check: the
                    // effective input would be built only to be dropped.
                    Some(r)
                        if state.io.parameters.is_none()
                            && !matches!(
                                state.io.input_path,
                                crate::asl::plan::PathField::Path(_)
                            ) =>
                    {
                        r.clone()
                    }
                    _ => {
                        let eff = io::input_path(&state.io, &raw, env)?;
                        let eff = io::apply_template(
                            state.io.parameters.as_ref(),
                            eff,
                            env,
                            &mut self.rng,
                        )?;
                        result.clone().unwrap_or(eff)
                    }
                };
                if state.assign.is_some() {
                    // Only `Assign` reads it; skip the copy otherwise.
                    self.threads[tid].assign_src = Some(res.clone());
                }
                let out = io::finish(&state.io, &raw, res, env, &mut self.rng)?;
                Ok(Work::Done(out))
            }
            StateKind::Succeed => {
                let eff = io::input_path(&state.io, &raw, env)?;
                Ok(Work::Done(io::output_path(&state.io, eff, env)?))
            }
            StateKind::Fail(spec) => {
                let scope = Scope {
                    input: &raw,
                    context: &ctx,
                    variables: Some(&vars),
                };
                let mut texts = [String::new(), String::new()];
                for (slot, (lit, dynamic, field)) in texts.iter_mut().zip([
                    (&spec.error, &spec.error_path, "ErrorPath"),
                    (&spec.cause, &spec.cause_path, "CausePath"),
                ]) {
                    let v = match dynamic {
                        None => {
                            *slot = lit.clone().unwrap_or_default();
                            continue;
                        }
                        Some(PathOrCall::Path(p)) => p.select(&scope).map_err(|_| {
                            Failure::runtime(format!(
                                "The JSONPath '{}' specified for the field '{field}' could not be found in the input '{}'",
                                p.text(),
                                io::to_text(&raw)
                            ))
                        })?,
                        Some(PathOrCall::Call(c)) => c.eval(&scope, &mut self.rng)?,
                    };
                    *slot = match v {
                        Value::String(s) => s,
                        other => io::to_text(&other),
                    };
                }
                let [error, cause] = texts;
                Err(Failure::new(error, cause))
            }
            StateKind::Wait(spec) => {
                let eff = io::input_path(&state.io, &raw, env)?;
                let due = self.wait_due(spec, &eff, env)?;
                if due <= self.now {
                    Ok(Work::Done(io::output_path(&state.io, eff, env)?))
                } else {
                    Ok(Work::WaitUntil(due))
                }
            }
            StateKind::Choice { choices, default } => {
                let eff = io::input_path(&state.io, &raw, env)?;
                let scope = Scope {
                    input: &eff,
                    context: &ctx,
                    variables: Some(&vars),
                };
                let mut next = None;
                for (rule, target) in choices {
                    if rule.eval(&scope)? {
                        next = Some(*target);
                        break;
                    }
                }
                let Some(next) = next.or(*default) else {
                    return Err(Failure::new(NO_CHOICE_MATCHED, NO_CHOICE_MATCHED_CAUSE));
                };
                if state.assign.is_some() {
                    self.threads[tid].assign_src = Some(eff.clone());
                }
                let out = io::output_path(&state.io, eff, env)?;
                Ok(Work::Goto(out, next))
            }
            _ => Ok(Work::Other),
        })();
        if !spawns {
            self.threads[tid].raw = std::mem::take(&mut raw);
        }
        match (&state.kind, outcome) {
            (_, Err(f)) => {
                let prev = self.threads[tid].entered_id;
                let f = with_prefix(f, &state.name, prev);
                self.fail_state(tid, f, prev, prev);
            }
            (_, Ok(Work::Goto(out, next))) => {
                let prev = self.threads[tid].last;
                self.exit_state(tid, out, prev, Some(next));
            }
            (_, Ok(Work::Done(out))) => self.complete_state(tid, Ok(out), None),
            (_, Ok(Work::WaitUntil(due))) => {
                let gen = self.threads[tid].gen;
                self.add_timer(due, tid, gen, TimerKind::WaitDone);
                self.threads[tid].phase = Phase::Blocked;
            }
            (StateKind::Parallel { branches }, _) => {
                self.start_parallel(tid, &state, branches, &raw, &ctx)
            }
            (StateKind::Map(spec), _) => self.start_map(tid, &state, spec, &raw, &ctx),
            (StateKind::Task(_), _) => self.start_task(tid, &state, &raw, &ctx),
            (_, Ok(Work::Other)) => {
                let prev = self.threads[tid].entered_id;
                self.fail_state(
                    tid,
                    Failure::runtime("internal: state produced no output"),
                    prev,
                    prev,
                );
            }
        }
    }

    fn wait_due(
        &self,
        spec: &WaitSpec,
        eff: &Value,
        env: io::Env<'_>,
    ) -> Result<DateTime<Utc>, Failure> {
        let entered = self.now;
        let secs = |n: i64| -> Result<DateTime<Utc>, Failure> {
            if n > MAX_WAIT_SECONDS {
                return Err(Failure::runtime("Wait state delay is too long."));
            }
            Ok(after_seconds(entered, u64::try_from(n).unwrap_or(0)))
        };
        match spec {
            WaitSpec::Seconds(n) => secs(*n),
            WaitSpec::Timestamp(t) => parse_timestamp(t).ok_or_else(|| {
                Failure::runtime(format!(
                    "The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time format string: {t}"
                ))
            }),
            WaitSpec::SecondsPath(p) => {
                let v = p
                    .select(&env.scope(eff))
                    .map_err(|_| {
                        Failure::runtime(format!(
                            "The SecondsPath parameter does not reference an input value: {}",
                            p.text()
                        ))
                    })?;
                let n = match &v {
                    Value::Number(n) => n.as_i64().or_else(|| {
                        n.as_f64()
                            .filter(|f| f.fract() == 0.0 && f.abs() < 9.0e15)
                            .map(|f| f as i64)
                    }),
                    _ => None,
                };
                match n {
                    Some(n) if n < 0 => Err(Failure::runtime(format!(
                        "The SecondsPath parameter references a negative value: {} == {}",
                        p.text(),
                        io::to_text(&v)
                    ))),
                    Some(n) => secs(n),
                    None => Err(Failure::runtime(format!(
                        "The SecondsPath parameter cannot be parsed as a long value: {} == {}",
                        p.text(),
                        match &v {
                            Value::String(s) => s.clone(),
                            other => io::to_text(other),
                        }
                    ))),
                }
            }
            WaitSpec::TimestampPath(p) => {
                let v = p
                    .select(&env.scope(eff))
                    .map_err(|e| io::invalid_path(p, &e))?;
                let text = match &v {
                    Value::String(s) => s.clone(),
                    other => io::to_text(other),
                };
                v.as_str().and_then(parse_timestamp).ok_or_else(|| {
                    Failure::runtime(format!(
                        "The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: {} == {text}",
                        p.text()
                    ))
                })
            }
        }
    }

    /// The state's work is done with `result` (an output already through the I/O pipeline, or
    /// a failure); `fail_prev` is the event a failure points to (default: the Entered event).
    fn complete_state(
        &mut self,
        tid: ThreadId,
        result: Result<Value, Failure>,
        fail_prev: Option<u64>,
    ) {
        let state = self.state_def(tid);
        let result = result.and_then(|out| io::check_size(&state.name, &out).map(|()| out));
        match result {
            Ok(out) => {
                let prev = self.threads[tid].last;
                self.exit_state(tid, out, prev, state.next);
            }
            Err(f) => {
                let entered = self.threads[tid].entered_id;
                let f = with_prefix(f, &state.name, entered);
                let prev = fail_prev.unwrap_or(self.threads[tid].last);
                self.fail_state(tid, f, prev, prev);
            }
        }
    }

    /// Writes `*StateExited` (pointing to `prev`) and moves on to `next` or ends the thread.
    fn exit_state(&mut self, tid: ThreadId, out: Value, prev: u64, next: Option<StateId>) {
        self.exit_state_with(tid, out, prev, next, None)
    }

    /// Exits the state, first evaluating its `Assign` (or catcher `catcher`'s) over the state's
    /// result with the variables as they were, then applying the assignments.
    fn exit_state_with(
        &mut self,
        tid: ThreadId,
        out: Value,
        prev: u64,
        next: Option<StateId>,
        catcher: Option<usize>,
    ) {
        let state = self.state_def(tid);
        let terminal = matches!(state.kind, StateKind::Succeed) || next.is_none();
        let template = match catcher {
            Some(i) => state.catch.get(i).and_then(|c| c.assign.as_ref()),
            None => state.assign.as_ref(),
        };
        let src = self.threads[tid].assign_src.take();
        let mut assigned = self.threads[tid].pending_assign.take();
        let template = if state.jsonata.is_some() {
            None
        } else {
            template
        };
        if let Some(t) = template {
            let src = src.unwrap_or_else(|| self.threads[tid].raw.clone());
            let ctx = self.context(tid, None);
            let vars = self.threads[tid].vars.clone();
            let env = io::Env {
                context: &ctx,
                vars: Some(&vars),
            };
            match t.eval(&env.scope(&src), &mut self.rng) {
                Ok(Value::Object(m)) => assigned = Some(m),
                Ok(_) => {}
                Err(f) => {
                    let entered = self.threads[tid].entered_id;
                    let f = with_prefix(f, &state.name, entered);
                    if catcher.is_some() {
                        // A failing catcher must not catch its own failure.
                        self.threads[tid].phase = Phase::Done;
                        return self.thread_failed(tid, f, prev);
                    }
                    return self.fail_state(tid, f, prev, prev);
                }
            }
        }
        // AWS lists no assignedVariables for an empty `Assign: {}`.
        let assigned = assigned.filter(|m| !m.is_empty());
        if let Some(m) = &assigned {
            if let Err(f) = jsonata_mode::variable_limits(&self.threads[tid].vars, m) {
                if catcher.is_some() {
                    self.threads[tid].phase = Phase::Done;
                    return self.thread_failed(tid, f, prev);
                }
                return self.fail_state(tid, f, prev, prev);
            }
        }
        // The output's text is also the next state's input text: serialise it once.
        let out_text = io::to_text(&out);
        let details = match &assigned {
            Some(m) => h::state_exited_assigned(&state.name, &out_text, m),
            None => h::state_exited(&state.name, &out_text),
        };
        if let Some(m) = assigned {
            let vars = Arc::make_mut(&mut self.threads[tid].vars);
            for (k, v) in m {
                vars.insert(k, v);
            }
        }
        let id = self.emit(
            &h::state_event_type(state.type_name(), false),
            prev,
            details,
        );
        let th = &mut self.threads[tid];
        th.last = id;
        th.gen += 1;
        match next {
            Some(n) if !terminal => {
                th.state = n;
                th.phase = Phase::Enter(out, Some(out_text));
                self.runq.push_back(tid);
            }
            _ => {
                th.phase = Phase::Done;
                self.thread_succeeded(tid, out);
            }
        }
    }

    fn thread_succeeded(&mut self, tid: ThreadId, out: Value) {
        let last = self.threads[tid].last;
        match self.threads[tid].parent {
            None => {
                let text = io::to_text(&out);
                self.finish_execution(
                    ExecutionStatus::Succeeded,
                    "ExecutionSucceeded",
                    last,
                    h::execution_succeeded(&text),
                    Some(text),
                    None,
                    None,
                );
            }
            Some(ParentLink::Parallel { thread, branch }) => {
                self.child_succeeded(thread, tid, branch, out, last)
            }
            Some(ParentLink::Map { thread, index }) => {
                self.child_succeeded(thread, tid, index, out, last)
            }
        }
    }

    #[allow(
        clippy::too_many_arguments,
        reason = "one call per terminal event kind"
    )]
    fn finish_execution(
        &mut self,
        status: ExecutionStatus,
        event: &str,
        prev: u64,
        details: h::Details,
        output: Option<String>,
        error: Option<String>,
        cause: Option<String>,
    ) {
        if self.is_terminal() {
            return;
        }
        self.emit(event, prev, details);
        self.status = status;
        self.output = output;
        self.error = error;
        self.cause = cause;
        self.stop_date = Some(self.now);
        self.runq.clear();
        self.timers.clear();
    }

    /// A state failed with `f`; the failure event is `fail_id` (what Catch's Exited and
    /// ExecutionFailed point to) and a retry's first event points to `retry_prev`.
    fn fail_state(&mut self, tid: ThreadId, f: Failure, fail_id: u64, retry_prev: u64) {
        self.fail_state_with(tid, f, fail_id, retry_prev, None)
    }

    /// Like [`Self::fail_state`]; `deferred` names an event (`MapStateFailed`) written, pointing
    /// to `fail_id`, only when the state is not retried: AWS writes no MapStateFailed before a
    /// Map retry.
    fn fail_state_with(
        &mut self,
        tid: ThreadId,
        f: Failure,
        fail_id: u64,
        retry_prev: u64,
        deferred: Option<&str>,
    ) {
        let state = self.state_def(tid);
        let th = &mut self.threads[tid];
        th.gen += 1;
        th.last = fail_id;
        let is_task = matches!(state.kind, StateKind::Task(_));
        let heartbeat = is_task
            && f.error == "States.Timeout"
            && th.task.as_ref().is_some_and(|t| t.heartbeat_timed_out);
        // States.Runtime is not recoverable: neither Retry nor Catch sees it.
        if f.error != "States.Runtime" {
            if let Some((i, r)) = state
                .retry
                .iter()
                .enumerate()
                .find(|(_, r)| matches(&r.errors, &f, is_task, heartbeat))
            {
                let attempt = th.attempts.get(i).copied().unwrap_or(0);
                if attempt < r.max_attempts {
                    if let Some(a) = th.attempts.get_mut(i) {
                        *a += 1;
                    }
                    th.retry_count += 1;
                    th.last = retry_prev;
                    th.phase = Phase::Blocked;
                    let delay = retry_delay(r, attempt, &mut self.rng);
                    let gen = th.gen;
                    let due = after(self.now, delay);
                    self.add_timer(due, tid, gen, TimerKind::Retry);
                    return;
                }
            }
        }
        let fail_id = match deferred {
            Some(ev) => self.emit(ev, fail_id, None),
            None => fail_id,
        };
        self.threads[tid].last = fail_id;
        if f.error != "States.Runtime" {
            if let Some((i, c)) = state
                .catch
                .iter()
                .enumerate()
                .find(|(_, c)| matches(&c.errors, &f, is_task, heartbeat))
            {
                let c = c.clone();
                self.catch(tid, i, &c, &f, fail_id);
                return;
            }
        }
        self.threads[tid].phase = Phase::Done;
        self.thread_failed(tid, f, fail_id);
    }

    fn catch(&mut self, tid: ThreadId, index: usize, c: &Catcher, f: &Failure, fail_id: u64) {
        let error = error_output(f);
        if self.state_def(tid).jsonata.is_some() {
            return self.catch_jsonata(tid, index, c.next, error, fail_id);
        }
        let raw = self.threads[tid].raw.clone();
        self.threads[tid].assign_src = Some(error.clone());
        match io::result_path(&c.result_path, &raw, error) {
            Ok(out) => self.exit_state_with(tid, out, fail_id, Some(c.next), Some(index)),
            Err(e) => {
                let name = self.state_def(tid).name.clone();
                let entered = self.threads[tid].entered_id;
                self.threads[tid].phase = Phase::Done;
                self.thread_failed(tid, with_prefix(e, &name, entered), fail_id);
            }
        }
    }

    fn thread_failed(&mut self, tid: ThreadId, f: Failure, fail_id: u64) {
        match self.threads[tid].parent {
            None => {
                let error = (!f.error.is_empty()).then(|| f.error.clone());
                let cause = (!f.cause.is_empty()).then(|| f.cause.clone());
                self.finish_execution(
                    ExecutionStatus::Failed,
                    "ExecutionFailed",
                    fail_id,
                    h::execution_failed(error.as_deref(), cause.as_deref()),
                    None,
                    error,
                    cause,
                );
            }
            Some(_) => {
                // The parent reacts in the thread's next turn, after whatever else happens at
                // this instant.
                self.threads[tid].phase = Phase::Failing(f, fail_id);
                self.runq.push_back(tid);
            }
        }
    }

    /// A failed child thread tells its parent.
    fn notify_failure(&mut self, tid: ThreadId, f: Failure, fail_id: u64) {
        match self.threads[tid].parent {
            Some(ParentLink::Parallel { thread, branch }) => {
                self.child_failed(thread, tid, branch, f, fail_id)
            }
            Some(ParentLink::Map { thread, index }) => {
                self.child_failed(thread, tid, index, f, fail_id)
            }
            None => {}
        }
    }

    // ----- Parallel and Map -----

    fn start_parallel(
        &mut self,
        tid: ThreadId,
        state: &StateDef,
        branches: &[Arc<Plan>],
        raw: &Value,
        ctx: &Value,
    ) {
        let vars = self.threads[tid].vars.clone();
        let env = io::Env {
            context: ctx,
            vars: Some(&vars),
        };
        let eff = io::input_path(&state.io, raw, env).and_then(|eff| {
            io::apply_template(state.io.parameters.as_ref(), eff, env, &mut self.rng)
        });
        let eff = match eff {
            Ok(v) => v,
            Err(f) => {
                let prev = self.threads[tid].entered_id;
                let f = with_prefix(f, &state.name, prev);
                return self.fail_state(tid, f, prev, prev);
            }
        };
        self.launch_parallel(tid, branches, eff);
    }

    /// Writes ParallelStateStarted and starts one thread per branch with input `eff`.
    fn launch_parallel(&mut self, tid: ThreadId, branches: &[Arc<Plan>], eff: Value) {
        let prev = self.threads[tid].last;
        let started = self.emit("ParallelStateStarted", prev, None);
        self.threads[tid].last = started;
        let mut running = Vec::new();
        for (i, b) in branches.iter().enumerate() {
            let child = self.spawn(
                b.clone(),
                b.start,
                eff.clone(),
                None,
                started,
                Some(ParentLink::Parallel {
                    thread: tid,
                    branch: i,
                }),
            );
            self.threads[child].silent = self.threads[tid].silent;
            self.threads[child].history = self.threads[tid].history.clone();
            self.threads[child].vars = self.threads[tid].vars.clone();
            running.push(child);
            self.runq.push_back(child);
        }
        self.threads[tid].children = Some(Children {
            kind: ChildKind::Parallel,
            results: vec![None; branches.len()],
            running,
            last_child_event: started,
            next_start_prev: started,
            done: 0,
            distributed: false,
            run_started: 0,
            redrive: VecDeque::new(),
        });
        self.threads[tid].phase = Phase::Blocked;
        if branches.is_empty() {
            self.children_done(tid);
        }
    }

    fn start_map(
        &mut self,
        tid: ThreadId,
        state: &StateDef,
        spec: &MapSpec,
        raw: &Value,
        ctx: &Value,
    ) {
        let vars = self.threads[tid].vars.clone();
        let env = io::Env {
            context: ctx,
            vars: Some(&vars),
        };
        let entered = self.threads[tid].entered_id;
        let prepared = (|| -> Result<MapSetup, Failure> {
            let eff = io::input_path(&state.io, raw, env)?;
            let items_v = match &spec.items_path {
                // With an ItemReader the items come from the object store.
                _ if spec
                    .dist_io
                    .as_ref()
                    .is_some_and(|d| d.item_reader.is_some()) =>
                {
                    Value::Array(Vec::new())
                }
                crate::asl::plan::PathField::Path(p) => io::select(p, &eff, env)?,
                _ => eff.clone(),
            };
            let items = match items_v {
                Value::Array(a) => a,
                other => {
                    return Err(Failure::runtime(format!(
                        "Map state input must be an array but was: {}",
                        io::to_text(&other)
                    )))
                }
            };
            let max_concurrency = match &spec.max_concurrency {
                Setting::Value(n) => *n,
                Setting::Path(p) => {
                    let v = io::select(p, &eff, env)?;
                    as_i64_lenient(&v)
                        .and_then(|n| u64::try_from(n).ok())
                        .ok_or_else(|| {
                            Failure::runtime(format!(
                                "The MaxConcurrencyPath field refers to value \"{}\" which is not a valid integer: {}",
                                plain_text(&v), p.text()
                            ))
                        })?
                }
            };
            let (tolerated_count, tolerated_pct) = if spec.distributed {
                // A distributed map reads these when it creates its map run, after
                // MapStateStarted (see below).
                (None, None)
            } else {
                tolerance(spec, &eff, env)?
            };
            Ok((
                items,
                eff,
                max_concurrency as usize,
                tolerated_count,
                tolerated_pct,
            ))
        })();
        let setup = match prepared {
            Ok(p) => p,
            Err(f) => {
                let f = with_prefix(f, &state.name, entered);
                return self.fail_state(tid, f, entered, entered);
            }
        };
        self.launch_map(tid, state, spec, setup);
    }

    /// Writes MapStateStarted (and MapRunStarted) and starts the first iterations.
    fn launch_map(&mut self, tid: ThreadId, state: &StateDef, spec: &MapSpec, setup: MapSetup) {
        let (items, eff, max_concurrency, tolerated_count, tolerated_pct) = setup;
        let prev = self.threads[tid].last;
        let mut started = self.emit("MapStateStarted", prev, h::map_state_started(items.len()));
        let mut run_started = 0;
        let (mut tolerated_count, mut tolerated_pct) = (tolerated_count, tolerated_pct);
        // A JSONata state's settings are already evaluated (its tolerance is in `setup`).
        if spec.distributed && state.jsonata.is_none() {
            let entered = self.threads[tid].entered_id;
            let ctx = self.context(tid, None);
            let vars = self.threads[tid].vars.clone();
            let env = io::Env {
                context: &ctx,
                vars: Some(&vars),
            };
            match tolerance(spec, &eff, env) {
                Ok((c, p)) => (tolerated_count, tolerated_pct) = (c, p),
                Err(f) => {
                    let f = with_prefix(f, &state.name, entered);
                    return self.fail_state(tid, f, started, started);
                }
            }
        }
        let mut run_arn = String::new();
        if spec.distributed {
            let arn = self.map_run_arn(spec.label.as_deref());
            run_started = self.emit(
                "MapRunStarted",
                started,
                Some(EventDetails::json(
                    "mapRunStartedEventDetails",
                    json!({"mapRunArn": arn}),
                )),
            );
            run_arn = arn;
            started = run_started;
        }
        let mut items = items;
        if let Some(dist) = spec.dist_io.as_deref().filter(|_| spec.distributed) {
            let tolerated = (tolerated_count, tolerated_pct);
            match self.map_run_open(
                tid,
                state,
                dist,
                &run_arn,
                items,
                &eff,
                max_concurrency,
                tolerated,
            ) {
                Ok(read) => items = read,
                Err(f) => {
                    let _ = self.map_run_close(tid, crate::engine::map_run::RunStatus::Failed);
                    let id = self.emit("MapRunFailed", run_started, map_exec::run_failed(&f));
                    return self.fail_state_with(tid, f, id, id, Some("MapStateFailed"));
                }
            }
        }
        self.threads[tid].last = started;
        let n = items.len();
        self.threads[tid].children = Some(Children {
            kind: ChildKind::Map {
                items,
                next_index: 0,
                max_concurrency,
                failures: 0,
                tolerated_count,
                tolerated_pct,
                effective: eff,
            },
            results: vec![None; n],
            running: Vec::new(),
            last_child_event: started,
            next_start_prev: started,
            done: 0,
            distributed: spec.distributed,
            run_started,
            redrive: VecDeque::new(),
        });
        self.threads[tid].phase = Phase::Blocked;
        if n == 0 {
            self.children_done(tid);
        } else {
            self.start_iterations(tid);
        }
    }

    /// Starts Map iterations up to MaxConcurrency.
    fn start_iterations(&mut self, tid: ThreadId) {
        loop {
            let state = self.state_def(tid);
            let StateKind::Map(spec) = &state.kind else {
                return;
            };
            let Some(ch) = self.threads[tid].children.as_mut() else {
                return;
            };
            let running = ch.running.len();
            if !ch.redrive.is_empty() {
                let limit = match &ch.kind {
                    ChildKind::Map {
                        max_concurrency, ..
                    } => *max_concurrency,
                    ChildKind::Parallel => 0,
                };
                if limit > 0 && running >= limit {
                    return;
                }
                if let Some(slot) = ch.redrive.pop_front() {
                    resume::redrive_child(self, tid, slot);
                }
                continue;
            }
            let prev = ch.next_start_prev;
            let ChildKind::Map {
                items,
                next_index,
                max_concurrency,
                effective,
                ..
            } = &mut ch.kind
            else {
                return;
            };
            if *next_index >= items.len() || (*max_concurrency > 0 && running >= *max_concurrency) {
                return;
            }
            let index = *next_index;
            *next_index += 1;
            // Each item goes to one iteration only (a retried Map reads its items again).
            let item = items
                .get_mut(index)
                .map(std::mem::take)
                .unwrap_or(Value::Null);
            // Only an ItemSelector reads the Map's input; don't copy it per item otherwise.
            let effective = if spec.item_selector.is_some() {
                effective.clone()
            } else {
                Value::Null
            };
            let ctx = self.context(tid, Some((index, &item)));
            let vars = self.threads[tid].vars.clone();
            let input = match (&state.jsonata, &spec.item_selector) {
                (Some(js), _) => match self.item_input_jsonata(tid, js, item, &ctx) {
                    Ok(v) => Ok(v),
                    Err(()) => return,
                },
                (None, Some(t)) => t.eval(
                    &Scope {
                        input: &effective,
                        context: &ctx,
                        variables: Some(&vars),
                    },
                    &mut self.rng,
                ),
                (None, None) => Ok(item),
            };
            let input = match input {
                Ok(v) => v,
                Err(f) => {
                    let entered = self.threads[tid].entered_id;
                    let f = with_prefix(f, &state.name, entered);
                    let prev = self.threads[tid].last;
                    self.abort_children(tid, prev);
                    return self.fail_state_with(tid, f, prev, prev, Some("MapStateFailed"));
                }
            };
            // A child execution's first state points to 0, as an execution's does.
            let mut history = self.threads[tid].history.clone();
            let started = if spec.distributed {
                history = self.map_child_started(tid, index, &input);
                0
            } else {
                self.emit(
                    "MapIterationStarted",
                    prev,
                    h::map_iteration("Started", index, &state.name),
                )
            };
            let silent = spec.distributed || self.threads[tid].silent;
            let child = self.spawn(
                spec.processor.clone(),
                spec.processor.start,
                input,
                None,
                started,
                Some(ParentLink::Map { thread: tid, index }),
            );
            self.threads[child].silent = silent;
            self.threads[child].history = history;
            self.threads[child].vars = self.threads[tid].vars.clone();
            if let Some(ch) = self.threads[tid].children.as_mut() {
                ch.running.push(child);
            }
            self.runq.push_back(child);
        }
    }

    fn child_succeeded(
        &mut self,
        parent: ThreadId,
        child: ThreadId,
        slot: usize,
        out: Value,
        last: u64,
    ) {
        if !matches!(
            self.threads.get(parent).map(|t| &t.phase),
            Some(Phase::Blocked)
        ) {
            return;
        }
        self.ctx(parent);
        let distributed = self.threads[parent]
            .children
            .as_ref()
            .is_some_and(|c| c.distributed);
        let name = self.state_def(parent).name.clone();
        let is_map = matches!(
            self.threads[parent].children.as_ref().map(|c| &c.kind),
            Some(ChildKind::Map { .. })
        );
        let mut pointer = last;
        if is_map && !distributed {
            pointer = self.emit(
                "MapIterationSucceeded",
                last,
                h::map_iteration("Succeeded", slot, &name),
            );
        }
        if distributed {
            let updated = self.map_child_ended(parent, slot, Ok(&out), last);
            self.apply_map_run_update(parent, updated);
        }
        let Some(ch) = self.threads[parent].children.as_mut() else {
            return;
        };
        // Children usually finish in the order they started: find from the front.
        if let Some(pos) = ch.running.iter().position(|c| *c == child) {
            ch.running.remove(pos);
        }
        if let Some(r) = ch.results.get_mut(slot) {
            *r = Some(out);
        }
        ch.done += 1;
        ch.last_child_event = pointer;
        ch.next_start_prev = last;
        let all_done = ch.done >= ch.results.len();
        if all_done {
            self.children_done(parent);
        } else if is_map {
            self.start_iterations(parent);
        }
    }

    fn children_done(&mut self, tid: ThreadId) {
        let state = self.state_def(tid);
        let Some(ch) = self.threads[tid].children.take() else {
            return;
        };
        let mut prev = ch.last_child_event;
        let event = if matches!(ch.kind, ChildKind::Map { .. }) {
            "MapStateSucceeded"
        } else {
            "ParallelStateSucceeded"
        };
        let mut written = None;
        if ch.distributed {
            match self.map_run_close(tid, crate::engine::map_run::RunStatus::Succeeded) {
                Ok(w) => written = w,
                Err(f) => {
                    let id = self.emit("MapRunFailed", ch.run_started, map_exec::run_failed(&f));
                    return self.fail_state_with(tid, f, id, id, Some("MapStateFailed"));
                }
            }
            let run_ok = self.emit("MapRunSucceeded", ch.run_started, None);
            self.emit(event, run_ok, None);
            let link = self.dist.env.as_ref().map(|d| d.exit_link);
            prev = match link.unwrap_or_default() {
                MapExitLink::RunStarted => ch.run_started,
                MapExitLink::RunSucceeded => run_ok,
            };
        } else {
            self.emit(event, prev, None);
        }
        let result = written.unwrap_or_else(|| {
            Value::Array(
                ch.results
                    .into_iter()
                    .map(|r| r.unwrap_or(Value::Null))
                    .collect(),
            )
        });
        self.threads[tid].last = prev;
        if state.jsonata.is_some() {
            return self.finish_jsonata(tid, Some(result), Some(prev));
        }
        let raw = self.threads[tid].raw.clone();
        let ctx = self.context(tid, None);
        let vars = self.threads[tid].vars.clone();
        let env = io::Env {
            context: &ctx,
            vars: Some(&vars),
        };
        if state.assign.is_some() {
            self.threads[tid].assign_src = Some(result.clone());
        }
        let out = io::finish(&state.io, &raw, result, env, &mut self.rng);
        self.complete_state(tid, out, Some(prev));
    }

    fn child_failed(
        &mut self,
        parent: ThreadId,
        child: ThreadId,
        slot: usize,
        f: Failure,
        fail_id: u64,
    ) {
        if !matches!(
            self.threads.get(parent).map(|t| &t.phase),
            Some(Phase::Blocked)
        ) {
            return;
        }
        self.ctx(parent);
        let run_started = self.threads[parent]
            .children
            .as_ref()
            .filter(|c| c.distributed)
            .map(|c| c.run_started);
        let name = self.state_def(parent).name.clone();
        let is_map = matches!(
            self.threads[parent].children.as_ref().map(|c| &c.kind),
            Some(ChildKind::Map { .. })
        );
        if is_map {
            if run_started.is_none() {
                self.emit(
                    "MapIterationFailed",
                    fail_id,
                    h::map_iteration("Failed", slot, &name),
                );
            } else {
                let updated = self.map_child_ended(parent, slot, Err(&f), fail_id);
                self.apply_map_run_update(parent, updated);
            }
            let tolerated = {
                let Some(ch) = self.threads[parent].children.as_mut() else {
                    return;
                };
                ch.running.retain(|c| *c != child);
                let total = ch.results.len();
                if let ChildKind::Map {
                    failures,
                    tolerated_count,
                    tolerated_pct,
                    ..
                } = &mut ch.kind
                {
                    *failures += 1;
                    let by_count = tolerated_count.is_some_and(|n| (*failures as i64) <= n);
                    let by_pct = tolerated_pct
                        .is_some_and(|p| (*failures as f64) * 100.0 / (total.max(1) as f64) <= p);
                    by_count || by_pct
                } else {
                    false
                }
            };
            if tolerated {
                let Some(ch) = self.threads[parent].children.as_mut() else {
                    return;
                };
                if let Some(r) = ch.results.get_mut(slot) {
                    *r = Some(error_output(&f));
                }
                ch.done += 1;
                ch.last_child_event = fail_id;
                ch.next_start_prev = fail_id;
                if ch.done >= ch.results.len() {
                    self.children_done(parent);
                } else {
                    self.start_iterations(parent);
                }
                return;
            }
            let configured = matches!(
                self.threads[parent].children.as_ref().map(|c| &c.kind),
                Some(ChildKind::Map {
                    tolerated_count: Some(_),
                    ..
                }) | Some(ChildKind::Map {
                    tolerated_pct: Some(_),
                    ..
                })
            );
            let f = if configured || run_started.is_some() {
                Failure::new(
                    "States.ExceedToleratedFailureThreshold",
                    "The specified tolerated failure threshold was exceeded",
                )
            } else {
                f
            };
            // Aborted siblings are written first, but MapStateFailed points to the failure
            // itself (or to MapRunFailed), as AWS records.
            if run_started.is_some() {
                let _ = self.map_run_close(parent, crate::engine::map_run::RunStatus::Failed);
            }
            self.abort_children(parent, fail_id);
            self.abort_failed_task(child, fail_id);
            let mut failed_prev = fail_id;
            if let Some(started) = run_started {
                failed_prev = self.emit(
                    "MapRunFailed",
                    started,
                    Some(EventDetails::json(
                        "mapRunFailedEventDetails",
                        json!({"error": f.error, "cause": f.cause}),
                    )),
                );
            }
            self.fail_state_with(parent, f, failed_prev, fail_id, Some("MapStateFailed"));
        } else {
            if let Some(ch) = self.threads[parent].children.as_mut() {
                ch.running.retain(|c| *c != child);
            }
            self.abort_children(parent, fail_id);
            self.abort_failed_task(child, fail_id);
            self.fail_state_with(parent, f, fail_id, fail_id, Some("ParallelStateFailed"));
        }
    }

    /// Aborts every running child of `tid`, writing the aborted events AWS writes; returns the
    /// id of the last event written (or `prev`).
    fn abort_children(&mut self, tid: ThreadId, prev: u64) -> u64 {
        let Some(ch) = self.threads[tid].children.take() else {
            return prev;
        };
        let mut last = prev;
        if self.has_map_run(tid) {
            let _ = self.map_run_close(tid, crate::engine::map_run::RunStatus::Aborted);
            last = self.emit("MapRunAborted", prev, None);
        }
        let is_map = matches!(ch.kind, ChildKind::Map { .. });
        let name = self.state_def(tid).name.clone();
        let mut running = ch.running.clone();
        running.sort_unstable();
        for c in running {
            let index = match self.threads[c].parent {
                Some(ParentLink::Map { index, .. }) => index,
                _ => 0,
            };
            // A child execution's aborted states follow its own last event.
            let from = if ch.distributed {
                self.threads[c].last
            } else {
                prev
            };
            if let Some(id) = self.abort_thread(c, from) {
                last = id;
            }
            if ch.distributed {
                self.map_child_aborted(c);
            }
            // A distributed map's children are other executions: nothing in this history.
            if is_map && !ch.distributed {
                last = self.emit(
                    "MapIterationAborted",
                    prev,
                    h::map_iteration("Aborted", index, &name),
                );
            }
        }
        self.durable.keep(tid, self.threads[tid].entered_id, ch);
        last
    }

    /// A child that failed in a Task state: AWS still writes TaskStateAborted for it when the
    /// failure ends its Map iteration or Parallel branch.
    fn abort_failed_task(&mut self, child: ThreadId, prev: u64) {
        let is_task = matches!(self.state_def(child).kind, StateKind::Task(_));
        if is_task && !self.threads[child].silent && !self.silent {
            self.emit("TaskStateAborted", prev, None);
        }
    }

    /// Stops a thread where it is, writing `<Type>StateAborted` for a state in progress.
    fn abort_thread(&mut self, tid: ThreadId, prev: u64) -> Option<u64> {
        let outer = (self.silent, self.sink.take());
        self.ctx(tid);
        let id = self.abort_thread_here(tid, prev);
        (self.silent, self.sink) = outer;
        id.filter(|_| !self.threads[tid].silent)
    }

    fn abort_thread_here(&mut self, tid: ThreadId, prev: u64) -> Option<u64> {
        let phase = std::mem::replace(&mut self.threads[tid].phase, Phase::Done);
        self.threads[tid].gen += 1;
        match phase {
            Phase::Blocked | Phase::Run | Phase::Invoke | Phase::Failing(..) => {
                let state = self.state_def(tid);
                let mut p = prev;
                if self.threads[tid].children.is_some() {
                    p = self.abort_children(tid, prev);
                }
                let ty = state.type_name();
                if matches!(ty, "Task" | "Wait" | "Map" | "Parallel") {
                    Some(self.emit(&format!("{ty}StateAborted"), p, None))
                } else {
                    None
                }
            }
            _ => None,
        }
    }

    fn abort_all(&mut self) -> u64 {
        if self.threads.is_empty() {
            return 0;
        }
        let root_last = self.threads.first().map(|t| t.last).unwrap_or(0);
        self.abort_thread(0, root_last).unwrap_or(root_last)
    }

    /// `arn:aws:states:<region>:<account>:mapRun:<state machine>/<label or uuid>:<uuid>`.
    fn map_run_arn(&mut self, label: Option<&str>) -> String {
        let account = self
            .info
            .state_machine_arn
            .split(':')
            .nth(4)
            .unwrap_or_default()
            .to_owned();
        let mut uuid = || {
            let mut b = [0u8; 16];
            self.rng.fill_bytes(&mut b);
            uuid::Builder::from_random_bytes(b).into_uuid().to_string()
        };
        let first = label.map(str::to_owned).unwrap_or_else(&mut uuid);
        let second = uuid();
        format!(
            "arn:aws:states:{}:{account}:mapRun:{}/{first}:{second}",
            self.info.region, self.info.state_machine_name
        )
    }

    /// StopExecution: aborts what runs and writes `ExecutionAborted`.
    pub fn stop(&mut self, error: Option<String>, cause: Option<String>) {
        if self.is_terminal() {
            return;
        }
        self.durable.stop(&error, &cause);
        self.abort_all();
        // The last thread that ran may have been a silent one (a distributed map's child):
        // the execution's own end event belongs to its history.
        self.silent = false;
        self.finish_execution(
            ExecutionStatus::Aborted,
            "ExecutionAborted",
            0,
            h::execution_aborted(error.as_deref(), cause.as_deref()),
            None,
            error,
            cause,
        );
    }

    // ----- Task -----

    fn start_task(&mut self, tid: ThreadId, state: &StateDef, raw: &Value, ctx: &Value) {
        let StateKind::Task(spec) = &state.kind else {
            return;
        };
        let entered = self.threads[tid].entered_id;
        let (task_token, with_token) = self.task_token(ctx, &spec.resource);
        let ctx = &with_token;
        let vars = self.threads[tid].vars.clone();
        let env = io::Env {
            context: ctx,
            vars: Some(&vars),
        };
        let prepared = (|| -> Result<PreparedTask, Failure> {
            let eff = io::input_path(&state.io, raw, env)?;
            let params = io::apply_template(
                state.io.parameters.as_ref(),
                eff.clone(),
                env,
                &mut self.rng,
            )?;
            let setting = |s: &Option<Setting<u64>>| -> Result<Option<u64>, Failure> {
                match s {
                    None => Ok(None),
                    Some(Setting::Value(n)) => Ok(Some(*n)),
                    Some(Setting::Path(p)) => {
                        let v = io::select(p, &eff, env)?;
                        Ok(v.as_u64())
                    }
                }
            };
            let credentials = spec
                .credentials
                .as_ref()
                .map(|t| io::apply_template(Some(t), eff.clone(), env, &mut self.rng))
                .transpose()?;
            Ok((
                params,
                setting(&spec.timeout)?,
                setting(&spec.heartbeat)?,
                credentials,
            ))
        })();
        let (params, timeout, heartbeat, credentials) = match prepared {
            Ok(p) => p,
            Err(f) => {
                let f = with_prefix(f, &state.name, entered);
                return self.fail_state(tid, f, entered, entered);
            }
        };
        self.schedule_task(
            tid,
            state,
            TaskCall {
                params,
                timeout,
                heartbeat,
                task_token,
                ctx: with_token,
                credentials,
            },
        );
    }

    /// Every Task attempt gets a fresh token; the context object holds it as `$$.Task.Token`
    /// only for the `.sync` and `.waitForTaskToken` patterns (AWS: "Context object contains
    /// 'Task' when state is not a Task state with a '.sync' or '.waitForTaskToken' service
    /// integration pattern"; a `lambda:invoke` Task's `$$` has no `Task`). Activities keep the
    /// token for their worker. Returns the token and the context object.
    pub(crate) fn task_token(&mut self, ctx: &Value, resource: &str) -> (Option<String>, Value) {
        let token = {
            let mut b = [0u8; 48];
            self.rng.fill_bytes(&mut b);
            base64::Engine::encode(&base64::engine::general_purpose::STANDARD, b)
        };
        let mut c = ctx.clone();
        if super::task::exposes_token(resource) {
            if let Value::Object(m) = &mut c {
                m.insert("Task".into(), json!({ "Token": token }));
            }
        }
        (Some(token), c)
    }

    /// Writes TaskScheduled (or its Lambda/Activity form) for a prepared call; the call itself
    /// happens in the thread's next turn.
    fn schedule_task(&mut self, tid: ThreadId, state: &StateDef, call: TaskCall) {
        let StateKind::Task(spec) = &state.kind else {
            return;
        };
        let TaskCall {
            params,
            timeout,
            heartbeat,
            task_token,
            ctx,
            credentials,
        } = call;
        let kind = classify_resource(&spec.resource);
        let prev = self.threads[tid].last;
        let missing = self
            .handler
            .missing_resource(&self.info.arn, &state.name, &spec.resource);
        let refused = missing.or_else(|| super::task::invalid_parameters(&spec.resource, &params));
        if let Some(why) = refused {
            let entered = self.threads[tid].entered_id;
            let f = with_prefix(Failure::new("States.Runtime", why), &state.name, entered);
            return self.fail_state(tid, f, prev, prev);
        }
        let params_text = io::to_text(&params);
        let (resource, resource_type, scheduled) = match &kind {
            ResourceKind::Service {
                resource,
                resource_type,
            } => {
                let details = h::task_scheduled(
                    resource,
                    resource_type,
                    &self.info.region.clone(),
                    &params_text,
                    timeout,
                    heartbeat,
                );
                let role = credentials.as_ref().and_then(|c| c.get("RoleArn"));
                let details = h::with_task_credentials(details, role);
                let s = self.emit("TaskScheduled", prev, details);
                (resource.clone(), resource_type.clone(), s)
            }
            ResourceKind::LambdaFunction | ResourceKind::Activity => {
                let sched = if kind == ResourceKind::Activity {
                    "ActivityScheduled"
                } else {
                    "LambdaFunctionScheduled"
                };
                let mut details = h::lambda_scheduled(&spec.resource, &params_text, timeout);
                if kind == ResourceKind::Activity {
                    details =
                        h::activity_scheduled(&spec.resource, &params_text, timeout, heartbeat);
                } else {
                    let role = credentials.as_ref().and_then(|c| c.get("RoleArn"));
                    details = h::with_task_credentials(details, role);
                }
                let s = self.emit(sched, prev, details);
                (spec.resource.clone(), String::new(), s)
            }
        };
        let th = &mut self.threads[tid];
        th.last = scheduled;
        th.gen += 1;
        th.task = Some(TaskRun {
            kind,
            resource,
            resource_type,
            started_id: scheduled,
            heartbeat,
            heartbeat_due: None,
            heartbeat_timed_out: false,
        });
        th.request = Some(Box::new(TaskRequest {
            execution_arn: self.info.arn.clone(),
            state_machine_arn: self.info.state_machine_arn.clone(),
            state_name: state.name.clone(),
            resource: spec.resource.clone(),
            parameters: params,
            timeout_seconds: timeout,
            heartbeat_seconds: heartbeat,
            attempt: th.retry_count,
            task_token,
            context: ctx,
            region: self.info.region.clone(),
        }));
        // Started and the call come in the thread's next turn: concurrent iterations show
        // Entered+Scheduled pairs, then the Started events, as AWS does.
        th.phase = Phase::Invoke;
        self.runq.push_back(tid);
    }

    /// Writes TaskStarted (or its Lambda/Activity form) and calls the handler.
    fn invoke_task(&mut self, tid: ThreadId) {
        let Some(req) = self.threads[tid].request.take() else {
            return;
        };
        let Some(tr) = self.threads[tid].task.clone() else {
            return;
        };
        let started = match &tr.kind {
            ResourceKind::Service { .. } => self.emit(
                "TaskStarted",
                tr.started_id,
                h::task_started(&tr.resource, &tr.resource_type),
            ),
            ResourceKind::LambdaFunction => self.emit("LambdaFunctionStarted", tr.started_id, None),
            // ActivityStarted waits for a worker to take the task (TaskOutcome::Started).
            ResourceKind::Activity => tr.started_id,
        };
        let th = &mut self.threads[tid];
        th.last = started;
        th.phase = Phase::Blocked;
        th.gen += 1;
        let gen = th.gen;
        if let Some(t) = th.task.as_mut() {
            t.started_id = started;
        }
        // TimeoutSeconds counts from here; HeartbeatSeconds too, except for an activity, whose
        // heartbeat clock starts when a worker takes it. Both end in States.Timeout, as AWS
        // records (a heartbeat timeout of a `.waitForTaskToken` task included).
        if let Some(t) = req.timeout_seconds {
            let due = after_seconds(self.now, t);
            self.add_timer(due, tid, gen, TimerKind::TaskTimeout);
        }
        if tr.kind != ResourceKind::Activity {
            self.restart_heartbeat(tid, gen);
        }
        let outcome = self.handler.invoke(&req);
        self.apply_outcome(tid, gen, outcome);
    }

    fn apply_outcome(&mut self, tid: ThreadId, gen: u64, outcome: TaskOutcome) {
        match outcome {
            TaskOutcome::Succeeded(v) => self.task_result(tid, ParkedOutcome::Succeeded(v)),
            TaskOutcome::Failed { error, cause } => {
                self.task_result(tid, ParkedOutcome::Failed(error, cause))
            }
            TaskOutcome::TimedOut => self.task_result(tid, ParkedOutcome::TimedOut),
            TaskOutcome::After(delay, inner) => {
                self.threads[tid].parked = Some(*inner);
                let due = after(self.now, delay.max(Duration::zero()));
                self.add_timer(due, tid, gen, TimerKind::TaskOutcome);
            }
            TaskOutcome::Submitted(output, inner) => {
                let Some(tr) = self.threads[tid].task.clone() else {
                    return;
                };
                if matches!(tr.kind, ResourceKind::Service { .. }) {
                    let id = self.emit(
                        "TaskSubmitted",
                        tr.started_id,
                        h::task_submitted(&tr.resource, &tr.resource_type, &io::to_text(&output)),
                    );
                    if let Some(t) = self.threads[tid].task.as_mut() {
                        t.started_id = id;
                    }
                }
                self.apply_outcome(tid, gen, *inner);
            }
            TaskOutcome::Started { worker_name, next } => {
                let Some(tr) = self.threads[tid].task.clone() else {
                    return;
                };
                if tr.kind == ResourceKind::Activity {
                    let id = self.emit(
                        "ActivityStarted",
                        tr.started_id,
                        h::activity_started(worker_name.as_deref()),
                    );
                    self.threads[tid].last = id;
                    if let Some(t) = self.threads[tid].task.as_mut() {
                        t.started_id = id;
                    }
                    self.restart_heartbeat(tid, gen);
                }
                self.apply_outcome(tid, gen, *next);
            }
            TaskOutcome::Heartbeat(next) => {
                // Only a running heartbeat clock moves (an activity's starts with its worker).
                let running = self.threads[tid]
                    .task
                    .as_ref()
                    .is_some_and(|t| t.heartbeat_due.is_some());
                if running {
                    self.restart_heartbeat(tid, gen);
                }
                self.apply_outcome(tid, gen, *next);
            }
            TaskOutcome::Pending(future) => {
                self.external += 1;
                self.pending_actions.push(Action::Await {
                    thread: tid,
                    gen,
                    future,
                });
            }
        }
    }

    /// Starts (or moves) the running Task's heartbeat deadline to now plus HeartbeatSeconds.
    fn restart_heartbeat(&mut self, tid: ThreadId, gen: u64) {
        let now = self.now;
        let Some(tr) = self.threads[tid].task.as_mut() else {
            return;
        };
        let Some(hb) = tr.heartbeat else {
            return;
        };
        let due = after_seconds(now, hb);
        tr.heartbeat_due = Some(due);
        self.add_timer(due, tid, gen, TimerKind::HeartbeatTimeout);
    }

    /// An awaited external task finished (from the driver).
    pub fn task_outcome(&mut self, thread: usize, gen: u64, outcome: TaskOutcome) {
        self.durable.outcome(thread, gen, &outcome);
        self.external = self.external.saturating_sub(1);
        let live = self
            .threads
            .get(thread)
            .is_some_and(|t| t.gen == gen && matches!(t.phase, Phase::Blocked));
        if live && !self.is_terminal() {
            self.ctx(thread);
            self.apply_outcome(thread, gen, outcome);
            self.run();
        }
    }

    fn task_result(&mut self, tid: ThreadId, outcome: ParkedOutcome) {
        let Some(tr) = self.threads.get(tid).and_then(|t| t.task.clone()) else {
            return;
        };
        if !matches!(self.threads[tid].phase, Phase::Blocked) {
            return;
        }
        self.threads[tid].gen += 1;
        let state = self.state_def(tid);
        let lambda = !matches!(tr.kind, ResourceKind::Service { .. });
        match outcome {
            ParkedOutcome::Succeeded(v) => {
                let text = io::to_text(&v);
                if text.len() > io::MAX_PAYLOAD_BYTES {
                    let who = if lambda {
                        tr.resource.clone()
                    } else {
                        tr.resource_type.clone()
                    };
                    let f = io::data_limit(&who);
                    return self.task_failed_event(tid, &tr, f);
                }
                let id = if lambda {
                    let ev = if tr.kind == ResourceKind::Activity {
                        ("ActivitySucceeded", "activitySucceededEventDetails")
                    } else {
                        (
                            "LambdaFunctionSucceeded",
                            "lambdaFunctionSucceededEventDetails",
                        )
                    };
                    let d = h::lambda_succeeded(&text)
                        .map(|d| EventDetails::json(ev.1, d.into_parts().1));
                    self.emit(ev.0, tr.started_id, d)
                } else {
                    self.emit(
                        "TaskSucceeded",
                        tr.started_id,
                        h::task_succeeded(&tr.resource, &tr.resource_type, &text),
                    )
                };
                self.threads[tid].last = id;
                if state.jsonata.is_some() {
                    return self.finish_jsonata(tid, Some(v), Some(id));
                }
                let raw = self.threads[tid].raw.clone();
                let ctx = self.context(tid, None);
                let vars = self.threads[tid].vars.clone();
                let env = io::Env {
                    context: &ctx,
                    vars: Some(&vars),
                };
                self.threads[tid].assign_src = Some(v.clone());
                let out = io::finish(&state.io, &raw, v, env, &mut self.rng);
                self.complete_state(tid, out, Some(id));
            }
            ParkedOutcome::Failed(error, cause) => {
                self.task_failed_event(tid, &tr, Failure::new(error, cause.unwrap_or_default()))
            }
            ParkedOutcome::TimedOut => {
                let f = Failure::new("States.Timeout", "");
                let id = if lambda {
                    let ev = if tr.kind == ResourceKind::Activity {
                        ("ActivityTimedOut", "activityTimedOutEventDetails")
                    } else {
                        (
                            "LambdaFunctionTimedOut",
                            "lambdaFunctionTimedOutEventDetails",
                        )
                    };
                    let d = h::lambda_timed_out(&f.error, None)
                        .map(|d| EventDetails::json(ev.1, d.into_parts().1));
                    self.emit(ev.0, tr.started_id, d)
                } else {
                    self.emit(
                        "TaskTimedOut",
                        tr.started_id,
                        h::task_timed_out(&tr.resource, &tr.resource_type, &f.error, None),
                    )
                };
                self.fail_state(tid, f, id, id);
            }
        }
    }

    fn task_failed_event(&mut self, tid: ThreadId, tr: &TaskRun, f: Failure) {
        let cause = (!f.cause.is_empty()).then_some(f.cause.as_str());
        let id = match tr.kind {
            ResourceKind::Service { .. } => self.emit(
                "TaskFailed",
                tr.started_id,
                h::task_failed(&tr.resource, &tr.resource_type, &f.error, cause),
            ),
            ResourceKind::LambdaFunction => self.emit(
                "LambdaFunctionFailed",
                tr.started_id,
                h::lambda_failed(&f.error, cause),
            ),
            ResourceKind::Activity => {
                let d = h::lambda_failed(&f.error, cause)
                    .map(|d| EventDetails::json("activityFailedEventDetails", d.into_parts().1));
                self.emit("ActivityFailed", tr.started_id, d)
            }
        };
        self.fail_state(tid, f, id, id);
    }
}

/// The back-off before retry number `attempt` (0-based): `IntervalSeconds * BackoffRate^attempt`,
/// capped by `MaxDelaySeconds`, with FULL jitter drawn from the execution's seeded source.
pub fn retry_delay(r: &Retrier, attempt: u32, rng: &mut dyn RngCore) -> Duration {
    let mut secs = r.interval_seconds * r.backoff_rate.powi(attempt.min(1000) as i32);
    if let Some(max) = r.max_delay_seconds {
        secs = secs.min(max);
    }
    if !secs.is_finite() || secs < 0.0 {
        secs = 0.0;
    }
    secs = secs.min(MAX_WAIT_SECONDS as f64);
    let mut ms = (secs * 1000.0).round() as i64;
    if r.full_jitter && ms > 0 {
        ms = (rng.next_u64() % (ms as u64 + 1)) as i64;
    }
    Duration::milliseconds(ms)
}

/// A Map's ToleratedFailureCount / ToleratedFailurePercentage (literal or through a path),
/// checked as AWS checks them.
fn tolerance(
    spec: &MapSpec,
    eff: &Value,
    env: io::Env<'_>,
) -> Result<(Option<i64>, Option<f64>), Failure> {
    let tolerated_count = match &spec.tolerated_failure_count {
        None => None,
        Some(Setting::Value(n)) => Some(*n),
        Some(Setting::Path(p)) => {
            let v = io::select(p, eff, env)?;
            Some(as_i64_lenient(&v).ok_or_else(|| {
                Failure::runtime(format!(
                    "The ToleratedFailureCountPath field refers to value \"{}\" which is not a valid integer: {}",
                    plain_text(&v), p.text()
                ))
            })?)
        }
    };
    if tolerated_count.is_some_and(|n| n < 0) {
        return Err(Failure::runtime(
            "ToleratedFailureCount cannot be negative.",
        ));
    }
    let tolerated_pct = match &spec.tolerated_failure_percentage {
        None => None,
        Some(Setting::Value(n)) => Some(*n),
        Some(Setting::Path(p)) => {
            let v = io::select(p, eff, env)?;
            Some(as_f64_lenient(&v).ok_or_else(|| {
                Failure::runtime(format!(
                    "The ToleratedFailurePercentagePath field refers to value \"{}\" which is not a valid float: {}",
                    plain_text(&v), p.text()
                ))
            })?)
        }
    };
    if tolerated_pct.is_some_and(|p| !(0.0..=100.0).contains(&p)) {
        return Err(Failure::runtime(
            "ToleratedFailurePercentage must be between 0 and 100.",
        ));
    }
    Ok((tolerated_count, tolerated_pct))
}

/// A string as itself, anything else as compact JSON (how AWS quotes values in messages).
fn plain_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => io::to_text(other),
    }
}

/// An integer from a JSON integer or a numeric string (AWS accepts `"1"` for the `*Path`
/// settings of a Map).
fn as_i64_lenient(v: &Value) -> Option<i64> {
    match v {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn as_f64_lenient(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok().filter(|f: &f64| f.is_finite()),
        _ => None,
    }
}

/// `t + d`, saturating at the latest representable instant (user-given durations can be huge).
fn after(t: DateTime<Utc>, d: Duration) -> DateTime<Utc> {
    t.checked_add_signed(d).unwrap_or(DateTime::<Utc>::MAX_UTC)
}

/// `t` plus whole seconds, saturating.
fn after_seconds(t: DateTime<Utc>, secs: u64) -> DateTime<Utc> {
    match i64::try_from(secs).ok().and_then(Duration::try_seconds) {
        Some(d) => after(t, d),
        None => DateTime::<Utc>::MAX_UTC,
    }
}

/// An ISO-8601 extended offset date-time (`2016-03-14T01:59:00Z`, `...+01:00`).
fn parse_timestamp(s: &str) -> Option<DateTime<Utc>> {
    if !s.contains('T') {
        return None;
    }
    DateTime::parse_from_rfc3339(s)
        .ok()
        .map(|d| d.with_timezone(&Utc))
}
