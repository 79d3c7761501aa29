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
pub mod objects;
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
}

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
            deadline(req),
        );
        if activity.is_some() {
            self.scheduled.notify_waiters();
        }
        Some(TaskOutcome::Pending(Box::pin(async move {
            match rx.await {
                Ok(outcome) => outcome,
                // The table was dropped: nobody can complete the task any more; it stays
                // pending until its timeout or the execution's end.
                Err(_) => std::future::pending().await,
            }
        })))
    }

    /// `GetActivityTask`: the oldest task of `activity` not yet taken and not `expired`,
    /// waiting up to `wait` (real time) for one; `None` at the end of the wait.
    pub async fn poll_activity(
        &self,
        activity: &str,
        worker_name: Option<&str>,
        wait: Duration,
        expired: &(dyn Fn(&str) -> bool + Sync),
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
                let task = lock(&self.state).tokens.take(activity, worker_name);
                match task {
                    Some((token, _)) if expired(&token) => continue,
                    Some(task) => return Some(task),
                    None => break,
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

    /// `SendTaskHeartbeat`: checks the token names a live task.
    pub fn send_heartbeat(&self, token: &str) -> Result<(), TokenError> {
        lock(&self.state).tokens.live(token).map(|_| ())
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
            .map(|w| (w.execution_arn.clone(), w.deadline))
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

/// When the engine will time this attempt out: it starts a timer for the shorter of
/// TimeoutSeconds and HeartbeatSeconds when the Task starts (`$$.State.EnteredTime` is the same
/// instant of the execution's clock, since no time passes between entering and starting).
fn deadline(req: &TaskRequest) -> Option<DateTime<Utc>> {
    let limit = match (req.timeout_seconds, req.heartbeat_seconds) {
        (Some(t), Some(h)) => t.min(h),
        (t, h) => t.or(h)?,
    };
    let entered = req.context.pointer("/State/EnteredTime")?.as_str()?;
    let entered = DateTime::parse_from_rfc3339(entered)
        .ok()?
        .with_timezone(&Utc);
    let secs = i64::try_from(limit).ok()?;
    entered.checked_add_signed(chrono::Duration::try_seconds(secs)?)
}

impl TaskHandler for Integrations {
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
