//! Integrations: what a Task state's resource does. [`Integrations`] is the engine's
//! [`TaskHandler`]; per Task it answers, in this order:
//!
//! 1. a mocked response from the Step Functions Local MockConfigFile ([`mock_config`]) when the
//!    execution was started as `stateMachineArn#TestCase` and the case mocks this state;
//! 2. an activity ARN: the task waits (the execution's clock held) for a worker's
//!    `GetActivityTask`, then for its `SendTaskSuccess`/`SendTaskFailure`;
//! 3. a `.waitForTaskToken` resource: the service call is taken as submitted with an empty
//!    answer (`TaskSubmitted` output `{}`), then the task waits for `SendTaskSuccess`/`Failure`
//!    naming `$$.Task.Token`;
//! 4. otherwise `States.TaskFailed` with a cause naming the state and the resource.
//!
//! Never writes history or the store: outcomes go back to the engine, which writes events.

pub mod mock_config;
pub mod tokens;

use std::collections::HashMap;
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde_json::{json, Value};
use tokio::sync::Notify;

use crate::engine::task::{classify_resource, NoIntegrations, ResourceKind};
use crate::engine::{TaskHandler, TaskOutcome, TaskRequest};

pub use mock_config::{MockConfig, MockConfigError, MockResponse};
pub use tokens::TokenError;

/// How long `GetActivityTask` waits for a task, in real time, as AWS does.
pub const ACTIVITY_POLL: Duration = Duration::from_secs(60);

/// The integrations dispatcher. Shared by the engine (as its Task handler) and the API (task
/// tokens, activity polls, test-case selection).
pub struct Integrations {
    mocks: RwLock<Option<Arc<MockConfig>>>,
    /// How long `GetActivityTask` waits ([`ACTIVITY_POLL`] unless a test shortens it).
    poll: RwLock<Duration>,
    state: Mutex<State>,
    /// Wakes `GetActivityTask` pollers when a task is scheduled.
    scheduled: Notify,
    /// Whether an activity ARN names an existing activity (set by the emulator from its store).
    activity_exists: RwLock<Option<ActivityLookup>>,
}

/// Tells whether an activity exists.
pub type ActivityLookup = Arc<dyn Fn(&str) -> bool + Send + Sync>;

#[derive(Default)]
struct State {
    /// Execution ARN → (state machine name, test case name), from `arn#Case` at start.
    cases: HashMap<String, (String, String)>,
    /// (execution ARN, state name) → invocations so far: the index into a mocked response
    /// (Step Functions Local counts every invocation of the state, retries and loops alike).
    invocations: HashMap<(String, String), u32>,
    tokens: tokens::Table,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl Default for Integrations {
    fn default() -> Self {
        Integrations {
            mocks: RwLock::default(),
            poll: RwLock::new(ACTIVITY_POLL),
            state: Mutex::default(),
            scheduled: Notify::new(),
            activity_exists: RwLock::default(),
        }
    }
}

impl Integrations {
    pub fn new() -> Integrations {
        Integrations::default()
    }

    /// How long `GetActivityTask` waits for a task.
    pub fn activity_poll(&self) -> Duration {
        *self.poll.read().unwrap_or_else(|p| p.into_inner())
    }

    /// Changes how long `GetActivityTask` waits (tests shorten AWS's 60 s).
    pub fn set_activity_poll(&self, wait: Duration) {
        *self.poll.write().unwrap_or_else(|p| p.into_inner()) = wait;
    }

    /// How to tell whether an activity exists (a Task on a deleted activity fails at once).
    pub fn set_activity_lookup(&self, lookup: ActivityLookup) {
        *self
            .activity_exists
            .write()
            .unwrap_or_else(|p| p.into_inner()) = Some(lookup);
    }

    /// Uses this MockConfigFile for executions started as `arn#TestCase`.
    pub fn set_mock_config(&self, config: MockConfig) {
        *self.mocks.write().unwrap_or_else(|p| p.into_inner()) = Some(Arc::new(config));
    }

    /// The MockConfigFile in use, if any.
    pub fn mock_config(&self) -> Option<Arc<MockConfig>> {
        self.mocks.read().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// Records that `execution_arn` runs test case `case` of machine `machine_name` (StartExecution
    /// on `stateMachineArn#case`).
    pub fn bind_test_case(&self, execution_arn: &str, machine_name: &str, case: &str) {
        lock(&self.state).cases.insert(
            execution_arn.to_owned(),
            (machine_name.to_owned(), case.to_owned()),
        );
    }

    /// The mocked answer for this Task, if its execution's test case mocks the state.
    fn mocked(&self, req: &TaskRequest) -> Option<TaskOutcome> {
        let config = self.mock_config()?;
        let mut st = lock(&self.state);
        let (machine, case) = st.cases.get(&req.execution_arn)?.clone();
        let response = config.response_for(&machine, &case, &req.state_name)?;
        let n = st
            .invocations
            .entry((req.execution_arn.clone(), req.state_name.clone()))
            .or_insert(0);
        let index = *n;
        *n = n.saturating_add(1);
        let answer = match response.at(index) {
            Some(MockResponse::Return(v)) => TaskOutcome::Succeeded(v.clone()),
            Some(MockResponse::Throw { error, cause }) => TaskOutcome::Failed {
                error: error.clone(),
                cause: cause.clone(),
            },
            None => {
                return Some(TaskOutcome::Failed {
                error: crate::engine::task::NO_INTEGRATION_ERROR.to_owned(),
                cause: Some(format!(
                    "passo: the mocked response for the Task state '{}' in test case '{case}' has no answer for invocation {index}",
                        req.state_name
                    )),
                })
            }
        };
        // The mocked answer stands for the whole call, callback or nested run included; AWS
        // writes TaskSubmitted for these patterns before the outcome (the recordings show it
        // for success and failure alike), with the service's answer, which a mock lacks: `{}`.
        Some(if submits(&req.resource) {
            TaskOutcome::Submitted(json!({}), Box::new(answer))
        } else {
            answer
        })
    }

    /// Registers a Task that waits on its token and answers the future the engine awaits.
    fn wait_for_token(&self, req: &TaskRequest, activity: Option<&str>) -> Option<TaskOutcome> {
        let token = req.task_token.as_deref()?;
        let rx = lock(&self.state).tokens.register(
            token,
            &req.execution_arn,
            activity,
            &req.parameters,
            deadlines(req, activity.is_none()),
        );
        if activity.is_some() {
            self.scheduled.notify_waiters();
        }
        Some(TaskOutcome::Pending(next_signal(rx)))
    }

    /// `GetActivityTask`: the oldest task of `activity` not yet taken and not `expired`,
    /// waiting up to `wait` (real time) for one; `None` at the end of the wait.
    pub async fn poll_activity(
        &self,
        activity: &str,
        worker_name: Option<&str>,
        wait: Duration,
        expired: &(dyn Fn(&str) -> bool + Sync),
        now_of: &(dyn Fn(&str) -> Option<DateTime<Utc>> + Sync),
    ) -> Option<(String, String)> {
        let deadline = crate::engine::clock::real_deadline(wait);
        loop {
            let notified = self.scheduled.notified();
            tokio::pin!(notified);
            // Register interest before looking, so a task scheduled in between wakes us.
            notified.as_mut().enable();
            // A task whose deadline passed before any worker took it is skipped (the engine
            // has timed it out), as AWS never hands out a timed-out task.
            loop {
                let task = lock(&self.state).tokens.peek(activity);
                let Some((token, input)) = task else {
                    break;
                };
                if expired(&token) {
                    lock(&self.state).tokens.unqueue(activity, &token);
                    continue;
                }
                // The worker takes it at the execution's present instant (the heartbeat clock
                // starts there); another poller may have taken it meanwhile.
                let execution = lock(&self.state)
                    .tokens
                    .waiting
                    .get(&token)
                    .map(|w| w.execution_arn.clone());
                let now = execution.as_deref().and_then(now_of);
                if lock(&self.state)
                    .tokens
                    .take(activity, &token, worker_name, now)
                {
                    return Some((token, input));
                }
            }
            if tokio::time::timeout_at(deadline, notified).await.is_err() {
                return None;
            }
        }
    }

    /// `SendTaskSuccess`: `output` is the task's result (already checked to be JSON).
    pub fn send_success(&self, token: &str, output: Value) -> Result<(), TokenError> {
        lock(&self.state)
            .tokens
            .complete(token, TaskOutcome::Succeeded(output))
    }

    /// `SendTaskFailure`.
    pub fn send_failure(
        &self,
        token: &str,
        error: Option<String>,
        cause: Option<String>,
    ) -> Result<(), TokenError> {
        lock(&self.state).tokens.complete(
            token,
            TaskOutcome::Failed {
                error: error.unwrap_or_default(),
                cause,
            },
        )
    }

    /// `SendTaskHeartbeat` at `now` (the token's execution clock): the task's heartbeat
    /// deadline moves to `now` plus HeartbeatSeconds.
    pub fn send_heartbeat(
        &self,
        token: &str,
        now: Option<DateTime<Utc>>,
    ) -> Result<(), TokenError> {
        lock(&self.state).tokens.heartbeat(token, now)
    }

    /// Tokens of an execution's Tasks still waiting for SendTaskSuccess/Failure, in no
    /// particular order (for tests and control endpoints that play the callback's part).
    pub fn waiting_tokens(&self, execution_arn: &str) -> Vec<String> {
        let st = lock(&self.state);
        let mut out: Vec<String> = st
            .tokens
            .waiting
            .iter()
            .filter(|(_, w)| {
                w.execution_arn == execution_arn && w.tx.as_ref().is_some_and(|tx| !tx.is_closed())
            })
            .map(|(t, _)| t.clone())
            .collect();
        out.sort();
        out
    }

    /// The execution a token belongs to and the instant its task times out, if passo handed
    /// the token out.
    pub fn token_deadline(&self, token: &str) -> Option<(String, Option<DateTime<Utc>>)> {
        lock(&self.state)
            .tokens
            .waiting
            .get(token)
            .map(|w| (w.execution_arn.clone(), w.deadline()))
    }
}

/// Whether AWS writes `TaskSubmitted` for this resource: the `.sync`, `.sync:2` and
/// `.waitForTaskToken` patterns of optimised integrations.
fn submits(resource: &str) -> bool {
    match classify_resource(resource) {
        ResourceKind::Service { resource, .. } => {
            resource.ends_with(".waitForTaskToken")
                || resource.ends_with(".sync")
                || resource.ends_with(".sync:2")
        }
        _ => false,
    }
}

/// When the engine will time this attempt out: TimeoutSeconds from the Task's start
/// (`$$.State.EnteredTime` is the same instant of the execution's clock, since no time passes
/// between entering and starting), HeartbeatSeconds from the start too when `heartbeat_now`
/// (callbacks), else from the moment a worker takes the task.
fn deadlines(req: &TaskRequest, heartbeat_now: bool) -> tokens::Deadlines {
    let entered = req
        .context
        .pointer("/State/EnteredTime")
        .and_then(Value::as_str)
        .and_then(|t| DateTime::parse_from_rfc3339(t).ok())
        .map(|t| t.with_timezone(&Utc));
    let plus = |secs: Option<u64>| {
        let secs = i64::try_from(secs?).ok()?;
        entered?.checked_add_signed(chrono::Duration::try_seconds(secs)?)
    };
    tokens::Deadlines {
        timeout_at: plus(req.timeout_seconds),
        heartbeat_seconds: req.heartbeat_seconds,
        heartbeat_at: if heartbeat_now {
            plus(req.heartbeat_seconds)
        } else {
            None
        },
    }
}

/// The engine's pending future for a waiting Task: the next signal of its token (a worker took
/// it, a heartbeat, the outcome), each intermediate one carrying the future of the next.
fn next_signal(
    mut rx: tokio::sync::mpsc::UnboundedReceiver<tokens::Signal>,
) -> crate::engine::task::PendingTask {
    Box::pin(async move {
        match rx.recv().await {
            Some(tokens::Signal::Done(outcome)) => outcome,
            Some(tokens::Signal::Started(worker_name)) => TaskOutcome::Started {
                worker_name,
                next: Box::new(TaskOutcome::Pending(next_signal(rx))),
            },
            Some(tokens::Signal::Heartbeat) => {
                TaskOutcome::Heartbeat(Box::new(TaskOutcome::Pending(next_signal(rx))))
            }
            // The table was dropped: nobody can complete the task any more; it stays pending
            // until its timeout or the execution's end.
            None => std::future::pending().await,
        }
    })
}

impl TaskHandler for Integrations {
    fn missing_resource(&self, execution_arn: &str, state: &str, resource: &str) -> Option<String> {
        if classify_resource(resource) != ResourceKind::Activity {
            return None;
        }
        // A mocked state needs no activity.
        if let Some(config) = self.mock_config() {
            let case = lock(&self.state).cases.get(execution_arn).cloned();
            if let Some((machine, case)) = case {
                if config.response_for(&machine, &case, state).is_some() {
                    return None;
                }
            }
        }
        let lookup = self
            .activity_exists
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()?;
        (!lookup(resource)).then(|| format!("The activity {resource} does not exist."))
    }

    fn invoke(&self, req: &TaskRequest) -> TaskOutcome {
        if let Some(outcome) = self.mocked(req) {
            return outcome;
        }
        match classify_resource(&req.resource) {
            ResourceKind::Activity => {
                if let Some(pending) = self.wait_for_token(req, Some(&req.resource)) {
                    return pending;
                }
            }
            ResourceKind::Service { resource, .. } if resource.ends_with(".waitForTaskToken") => {
                if let Some(pending) = self.wait_for_token(req, None) {
                    return TaskOutcome::Submitted(json!({}), Box::new(pending));
                }
            }
            _ => {}
        }
        NoIntegrations.invoke(req)
    }
}
