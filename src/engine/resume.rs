//! Rebuilding an execution from its journal (resume after a restart, redrive), and redrive
//! itself. A child of `execution` so that it can set up threads directly; it never runs states.
//!
//! # Why a journal and replay, not a snapshot
//!
//! An execution is a deterministic function of its start (definition, input, seed, start time)
//! and of what reached it from outside: each Task handler's answer, each external outcome, each
//! timer firing with the instant the driver fired it up to, each clock move (real time), a stop,
//! a redrive. The journal records exactly those, each with the number of interpreter micro-steps
//! taken before it ([`Hooks::steps`]); replay runs the same interpreter, steps to the same
//! points and applies the same inputs, so it rebuilds the same threads, timers, task tokens
//! (drawn from the execution's seeded source) and history. A snapshot would instead need every
//! piece of runtime state (threads, phases, children, parked outcomes, compiled plans) to be
//! serialisable and kept in step with the interpreter as it grows; the journal only needs the
//! few entry points above, and replaying is what the deterministic engine is built for.
//!
//! Tasks still waiting after replay are asked of the integrations again (lazily, when the
//! driver first polls them): an activity is queued again and a callback token registered again
//! under the same token. Tasks whose answer is journaled are never called twice.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::{
    after_seconds, Action, ChildKind, Children, Execution, ExecutionInfo, ParentLink, Phase,
    ThreadId, TimerKind,
};
use crate::engine::task::{PendingTask, TaskHandler, TaskOutcome, TaskRequest};
use crate::store::{EventDetails, ExecutionStatus};

/// Everything fixed at an execution's start that replay needs besides its plan.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StartHeader {
    pub arn: String,
    pub name: String,
    pub state_machine_arn: String,
    pub state_machine_name: String,
    pub role_arn: String,
    pub region: String,
    pub input_text: String,
    pub start: DateTime<Utc>,
    pub express: bool,
    pub seed: u64,
    /// The execution's time mode (`virtual`, `real`, `manual`, `scaled=N`).
    pub time: String,
}

impl StartHeader {
    pub fn info(&self) -> ExecutionInfo {
        ExecutionInfo {
            arn: self.arn.clone(),
            name: self.name.clone(),
            state_machine_arn: self.state_machine_arn.clone(),
            state_machine_name: self.state_machine_name.clone(),
            role_arn: self.role_arn.clone(),
            region: self.region.clone(),
            input_text: self.input_text.clone(),
            start: self.start,
            redrive_count: 0,
            express: self.express,
        }
    }
}

/// A Task outcome as the journal keeps it. `Pending` stands for an answer that was still to
/// come from outside when it was recorded.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "o")]
pub enum Recorded {
    Succeeded {
        v: Value,
    },
    Failed {
        error: String,
        cause: Option<String>,
    },
    TimedOut,
    After {
        ms: i64,
        inner: Box<Recorded>,
    },
    Submitted {
        v: Value,
        inner: Box<Recorded>,
    },
    /// An activity worker took the task, then `inner` follows.
    Started {
        worker_name: Option<String>,
        inner: Box<Recorded>,
    },
    /// A heartbeat moved the task's deadline, then `inner` follows.
    Heartbeat {
        inner: Box<Recorded>,
    },
    Pending,
}

impl Recorded {
    pub fn of(o: &TaskOutcome) -> Recorded {
        match o {
            TaskOutcome::Succeeded(v) => Recorded::Succeeded { v: v.clone() },
            TaskOutcome::Failed { error, cause } => Recorded::Failed {
                error: error.clone(),
                cause: cause.clone(),
            },
            TaskOutcome::TimedOut => Recorded::TimedOut,
            TaskOutcome::After(d, inner) => Recorded::After {
                ms: d.num_milliseconds(),
                inner: Box::new(Recorded::of(inner)),
            },
            TaskOutcome::Submitted(v, inner) => Recorded::Submitted {
                v: v.clone(),
                inner: Box::new(Recorded::of(inner)),
            },
            TaskOutcome::Started { worker_name, next } => Recorded::Started {
                worker_name: worker_name.clone(),
                inner: Box::new(Recorded::of(next)),
            },
            TaskOutcome::Heartbeat(next) => Recorded::Heartbeat {
                inner: Box::new(Recorded::of(next)),
            },
            TaskOutcome::Pending(_) => Recorded::Pending,
        }
    }

    /// The outcome again; a `Pending` part becomes `pending` (built only when needed).
    pub fn outcome(self, pending: &mut dyn FnMut() -> PendingTask) -> TaskOutcome {
        match self {
            Recorded::Succeeded { v } => TaskOutcome::Succeeded(v),
            Recorded::Failed { error, cause } => TaskOutcome::Failed { error, cause },
            Recorded::TimedOut => TaskOutcome::TimedOut,
            Recorded::After { ms, inner } => TaskOutcome::After(
                chrono::Duration::milliseconds(ms),
                Box::new(inner.outcome(pending)),
            ),
            Recorded::Submitted { v, inner } => {
                TaskOutcome::Submitted(v, Box::new(inner.outcome(pending)))
            }
            Recorded::Started { worker_name, inner } => TaskOutcome::Started {
                worker_name,
                next: Box::new(inner.outcome(pending)),
            },
            Recorded::Heartbeat { inner } => {
                TaskOutcome::Heartbeat(Box::new(inner.outcome(pending)))
            }
            Recorded::Pending => TaskOutcome::Pending(pending()),
        }
    }
}

/// One journal entry. `s` is [`Hooks::steps`] when it was recorded.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "k")]
pub enum Entry {
    Start(StartHeader),
    /// The handler's immediate answer to the next Task call (in call order).
    Invoke {
        o: Recorded,
    },
    Fire {
        s: u64,
        until: DateTime<Utc>,
    },
    Advance {
        s: u64,
        to: DateTime<Utc>,
    },
    Outcome {
        s: u64,
        thread: usize,
        gen: u64,
        o: Recorded,
    },
    Stop {
        s: u64,
        error: Option<String>,
        cause: Option<String>,
    },
    Redrive {
        s: u64,
        at: DateTime<Utc>,
    },
}

/// Entries not yet handed to the store, shared by the execution and its journaling handler.
#[derive(Default)]
pub struct Journal(Mutex<Vec<Entry>>);

impl Journal {
    pub fn push(&self, e: Entry) {
        self.0.lock().unwrap_or_else(|p| p.into_inner()).push(e);
    }

    pub fn take(&self) -> Vec<Entry> {
        std::mem::take(&mut *self.0.lock().unwrap_or_else(|p| p.into_inner()))
    }
}

/// The execution's side of journaling and replay.
#[derive(Default)]
pub struct Hooks {
    /// Where inputs are recorded; `None` while replaying (and for executions without one).
    pub journal: Option<Arc<Journal>>,
    /// Interpreter micro-steps taken so far.
    pub steps: u64,
    /// While replaying: the children of Parallel and Map states that were cut short by a
    /// failure, kept for a redrive (succeeded branches and iterations keep their results).
    /// Keyed by thread, with the container's `*StateEntered` id (a mark from an earlier,
    /// caught failure of another state on that thread does not apply).
    marks: Option<HashMap<ThreadId, (u64, Children)>>,
    /// Events up to this id are already stored (replay regenerates them).
    pub stored_upto: u64,
}

impl Hooks {
    fn record(&self, e: impl FnOnce(u64) -> Entry) {
        if let Some(j) = &self.journal {
            j.push(e(self.steps));
        }
    }

    pub fn fire(&self, until: DateTime<Utc>) {
        self.record(|s| Entry::Fire { s, until });
    }

    pub fn advance(&self, to: DateTime<Utc>) {
        self.record(|s| Entry::Advance { s, to });
    }

    pub fn outcome(&self, thread: usize, gen: u64, o: &TaskOutcome) {
        self.record(|s| Entry::Outcome {
            s,
            thread,
            gen,
            o: Recorded::of(o),
        });
    }

    pub fn stop(&self, error: &Option<String>, cause: &Option<String>) {
        self.record(|s| Entry::Stop {
            s,
            error: error.clone(),
            cause: cause.clone(),
        });
    }

    /// Keeps the children a failure cut short, while replaying.
    pub(super) fn keep(&mut self, tid: ThreadId, entered: u64, ch: Children) {
        if let Some(m) = self.marks.as_mut() {
            m.insert(tid, (entered, ch));
        }
    }
}

/// The handler for live executions: asks `inner` and journals its immediate answer.
pub struct JournalingHandler {
    pub inner: Arc<dyn TaskHandler>,
    pub journal: Arc<Journal>,
}

impl TaskHandler for JournalingHandler {
    fn invoke(&self, req: &TaskRequest) -> TaskOutcome {
        let outcome = self.inner.invoke(req);
        self.journal.push(Entry::Invoke {
            o: Recorded::of(&outcome),
        });
        outcome
    }

    fn missing_resource(&self, execution_arn: &str, state: &str, resource: &str) -> Option<String> {
        self.inner.missing_resource(execution_arn, state, resource)
    }
}

/// The handler of a rebuilt execution: answers Task calls from the journal while it lasts,
/// then journals live answers.
struct ReplayHandler {
    recorded: Mutex<VecDeque<Recorded>>,
    live: JournalingHandler,
}

impl TaskHandler for ReplayHandler {
    // Asked live, not journaled: an activity deleted between the first run and a resume makes
    // the rebuilt run differ (a small, accepted gap).
    fn missing_resource(&self, execution_arn: &str, state: &str, resource: &str) -> Option<String> {
        self.live.missing_resource(execution_arn, state, resource)
    }

    fn invoke(&self, req: &TaskRequest) -> TaskOutcome {
        let next = self
            .recorded
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .pop_front();
        let Some(rec) = next else {
            return self.live.invoke(req);
        };
        // An answer still to come is asked for again, but only if the driver ever polls it
        // (replay drops the futures of tasks whose outcome is journaled).
        let inner = self.live.inner.clone();
        let req = req.clone();
        rec.outcome(&mut || {
            let inner = inner.clone();
            let req = req.clone();
            Box::pin(async move {
                let mut o = inner.invoke(&req);
                // The journaled answer already wrote TaskSubmitted.
                while let TaskOutcome::Submitted(_, next) = o {
                    o = *next;
                }
                match o {
                    TaskOutcome::Pending(f) => f.await,
                    other => other,
                }
            })
        })
    }
}

/// Why an execution cannot be rebuilt.
#[derive(Debug, thiserror::Error)]
pub enum ReplayError {
    #[error("the journal does not start with the execution's start")]
    NoStart,
    #[error("a journal entry is unreadable: {0}")]
    Entry(String),
}

/// Parses stored journal entries.
pub fn parse(values: Vec<Value>) -> Result<Vec<Entry>, ReplayError> {
    values
        .into_iter()
        .map(|v| serde_json::from_value(v).map_err(|e| ReplayError::Entry(e.to_string())))
        .collect()
}

/// Rebuilds an execution from its journal: the same threads, timers and history (the history is
/// regenerated and then dropped: `stored` events are already in the store). Journals later
/// inputs into `journal`. Actions for tasks still waiting are left for the driver.
/// `for_redrive` keeps what [`redrive`] needs (the children a failure cut short).
pub fn replay(
    entries: Vec<Entry>,
    plan: Arc<crate::asl::Plan>,
    handler: Arc<dyn TaskHandler>,
    journal: Arc<Journal>,
    stored: u64,
    for_redrive: bool,
    distributed: Option<Arc<crate::engine::map_run::Distributed>>,
) -> Result<Execution, ReplayError> {
    let mut entries = entries.into_iter();
    let Some(Entry::Start(header)) = entries.next() else {
        return Err(ReplayError::NoStart);
    };
    let rest: Vec<Entry> = entries.collect();
    let recorded: VecDeque<Recorded> = rest
        .iter()
        .filter_map(|e| match e {
            Entry::Invoke { o } => Some(o.clone()),
            _ => None,
        })
        .collect();
    let replayer = Arc::new(ReplayHandler {
        recorded: Mutex::new(recorded),
        live: JournalingHandler {
            inner: handler,
            journal: journal.clone(),
        },
    });
    let input: Value = serde_json::from_str(&header.input_text)
        .map_err(|e| ReplayError::Entry(format!("execution input: {e}")))?;
    let rng = crate::engine::rng::for_execution(header.seed, &header.arn);
    let mut ex = Execution::new(header.info(), plan, input, rng, replayer);
    if let Some(d) = distributed {
        ex.set_distributed(d);
    }
    ex.durable.marks = Some(HashMap::new());
    for e in rest {
        let at = match &e {
            Entry::Start(_) | Entry::Invoke { .. } => continue,
            Entry::Fire { s, .. }
            | Entry::Advance { s, .. }
            | Entry::Outcome { s, .. }
            | Entry::Stop { s, .. }
            | Entry::Redrive { s, .. } => *s,
        };
        while ex.durable.steps < at && ex.has_work() && !ex.is_terminal() {
            ex.run_some(1);
        }
        match e {
            Entry::Fire { until, .. } => {
                ex.fire_timers(until);
            }
            Entry::Advance { to, .. } => ex.advance_clock(to),
            Entry::Outcome { thread, gen, o, .. } => {
                let outcome = o.outcome(&mut || Box::pin(std::future::pending()));
                ex.task_outcome(thread, gen, outcome);
            }
            Entry::Stop { error, cause, .. } => ex.stop(error, cause),
            Entry::Redrive { at, .. } => redrive(&mut ex, at),
            Entry::Start(_) | Entry::Invoke { .. } => {}
        }
    }
    if for_redrive {
        // A finished execution: whatever followed its last input ran at once.
        ex.run();
    } else {
        ex.durable.marks = None;
    }
    ex.durable.stored_upto = stored;
    // Tasks answered in the journal are done; only those still waited for stay.
    let mut waiting: Vec<Action> = ex.take_actions();
    waiting.retain(
        |a| !matches!(a, Action::Await { thread, gen, .. } if !ex.is_awaiting(*thread, *gen)),
    );
    if !for_redrive {
        waiting = waiting.into_iter().map(ask_again).collect();
    }
    ex.external = waiting.len();
    ex.pending_actions = waiting;
    ex.durable.journal = Some(journal);
    Ok(ex)
}

/// Polls a waiting task's future once, so that its task is asked of the integrations again
/// now (its token registered, its activity queued) rather than when the driver first runs:
/// a worker holding the token may call back as soon as the server listens.
fn ask_again(action: Action) -> Action {
    match action {
        Action::Await {
            thread,
            gen,
            mut future,
        } => {
            let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
            let future: PendingTask = match future.as_mut().poll(&mut cx) {
                std::task::Poll::Ready(outcome) => Box::pin(std::future::ready(outcome)),
                std::task::Poll::Pending => future,
            };
            Action::Await {
                thread,
                gen,
                future,
            }
        }
    }
}

/// Redrives a failed, aborted or timed-out execution at `at`: `ExecutionRedriven`, then every
/// unsuccessful state runs again with the input it had; Parallel branches and Map iterations
/// that succeeded keep their results and only the others run again.
pub fn redrive(ex: &mut Execution, at: DateTime<Utc>) {
    if !ex.is_terminal() || ex.threads.is_empty() {
        return;
    }
    if at > ex.now {
        ex.now = at;
    }
    ex.info.redrive_count += 1;
    ex.status = ExecutionStatus::Running;
    ex.output = None;
    ex.error = None;
    ex.cause = None;
    ex.stop_date = None;
    ex.external = 0;
    ex.pending_actions.clear();
    ex.silent = false;
    let prev = ex.flushed;
    let id = ex.emit(
        "ExecutionRedriven",
        prev,
        Some(EventDetails::json(
            "executionRedrivenEventDetails",
            json!({"redriveCount": ex.info.redrive_count}),
        )),
    );
    redrive_thread(ex, 0, id);
    ex.durable.marks = None;
    if let Some(t) = ex.threads[0].plan.timeout_seconds {
        let due = after_seconds(ex.now, t);
        let gen = ex.threads[0].gen;
        ex.add_timer(due, 0, gen, TimerKind::ExecutionTimeout);
    }
}

/// Runs a redriven distributed map's unsuccessful child again: its history goes on with
/// `ExecutionRedriven` and its unsuccessful states run again.
pub(super) fn redrive_child(ex: &mut Execution, tid: ThreadId, slot: usize) {
    let Some(child) = child_for(ex, tid, slot) else {
        return;
    };
    let p = ex.map_child_redriven(tid, slot).unwrap_or(0);
    redrive_thread(ex, child, p);
    ex.ctx(tid);
    if let Some(ch) = ex.threads[tid].children.as_mut() {
        ch.running.push(child);
    }
}

/// The newest thread started for `slot` of `parent`'s children.
fn child_for(ex: &Execution, parent: ThreadId, slot: usize) -> Option<ThreadId> {
    (0..ex.threads.len()).rev().find(|&t| {
        matches!(ex.threads[t].parent,
            Some(ParentLink::Parallel { thread, branch }) if thread == parent && branch == slot)
            || matches!(ex.threads[t].parent,
            Some(ParentLink::Map { thread, index }) if thread == parent && index == slot)
    })
}

fn redrive_thread(ex: &mut Execution, tid: ThreadId, prev: u64) {
    let entered = ex.threads[tid].entered_id;
    let kept = ex
        .durable
        .marks
        .as_mut()
        .and_then(|m| m.remove(&tid))
        .filter(|(id, _)| *id == entered)
        .map(|(_, ch)| ch);
    let Some(mut ch) = kept else {
        // A simple state (or a container that failed on its own): enter it again.
        let th = &mut ex.threads[tid];
        th.phase = Phase::Enter(th.raw.clone(), None);
        th.last = prev;
        th.gen += 1;
        ex.runq.push_back(tid);
        return;
    };
    let is_map = matches!(ch.kind, ChildKind::Map { .. });
    let started_upto = match &ch.kind {
        ChildKind::Map { next_index, .. } => *next_index,
        ChildKind::Parallel => ch.results.len(),
    };
    if let ChildKind::Map { failures, .. } = &mut ch.kind {
        *failures = 0;
    }
    let name = ex.state_def(tid).name.clone();
    let mut running = Vec::new();
    let mut last = prev;
    // Events written here belong to this thread's history (a map run's child may hold it).
    ex.ctx(tid);
    if ch.distributed {
        // The same map run goes on: `MapRunRedriven`, which its end event then follows. Every
        // unsuccessful child runs again, a failure the run tolerated included.
        for slot in ex.map_run_unsuccessful(tid) {
            if let Some(r) = ch.results.get_mut(slot) {
                *r = None;
            }
        }
        if let Some(id) = ex.map_run_redriven(tid, prev) {
            ch.run_started = id;
        }
    }
    for slot in 0..started_upto {
        if ch.results.get(slot).is_some_and(Option::is_some) {
            continue;
        }
        let Some(child) = child_for(ex, tid, slot) else {
            continue;
        };
        ex.ctx(tid);
        if ch.distributed {
            // A child execution waits for a place under MaxConcurrency (PENDING_REDRIVE).
            ex.map_child_pending_redrive(tid, slot);
            ch.redrive.push_back(slot);
            continue;
        }
        let mut p = prev;
        if is_map {
            p = ex.emit(
                "MapIterationStarted",
                last,
                super::h::map_iteration("Started", slot, &name),
            );
            last = p;
        }
        redrive_thread(ex, child, p);
        running.push(child);
    }
    ch.done = ch.results.iter().filter(|r| r.is_some()).count();
    ch.running = running;
    ch.last_child_event = last;
    ch.next_start_prev = last;
    let all_done = ch.done >= ch.results.len();
    let th = &mut ex.threads[tid];
    th.children = Some(ch);
    th.phase = Phase::Blocked;
    th.gen += 1;
    th.last = prev;
    ex.ctx(tid);
    if all_done {
        ex.children_done(tid);
    } else if is_map {
        ex.start_iterations(tid);
    }
}
