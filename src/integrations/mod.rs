//! Integrations: what a Task state's resource does. [`Integrations`] is the engine's
//! [`TaskHandler`]; per Task it answers, in this order:
//!
//! 1. a mocked response from the Step Functions Local MockConfigFile ([`mock_config`]) when the
//!    execution was started as `stateMachineArn#TestCase` and the case mocks this state;
//! 2. passo's own mocks ([`mocks`]): sets registered through the control API (scoped to an
//!    execution name or a test case, newest first), then the `--mocks` file;
//! 3. Lambda calls forwarded to `--lambda-endpoint` ([`lambda_http`]);
//! 4. `states:startExecution`: a nested execution of this emulator ([`nested`]);
//! 5. an activity ARN: the task waits (the execution's clock held) for a worker's
//!    `GetActivityTask`, then for its `SendTaskSuccess`/`SendTaskFailure`;
//! 6. a `.waitForTaskToken` resource: the service call is taken as submitted with an empty
//!    answer (`TaskSubmitted` output `{}`), then the task waits for `SendTaskSuccess`/`Failure`
//!    naming `$$.Task.Token`;
//! 7. otherwise `States.TaskFailed` with a cause naming the state and the resource.
//!
//! Resources are parsed by [`arn`] (also used by static validation).
//!
//! Never writes history or the store: outcomes go back to the engine, which writes events.

pub mod arn;
pub mod lambda_http;
pub mod mock_config;
pub mod mocks;
pub mod nested;
pub mod objects;
pub mod tokens;

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock, RwLock, Weak};
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde_json::{json, Value};
use tokio::sync::Notify;

use crate::engine::task::{classify_resource, NoIntegrations, ResourceKind};
use crate::engine::{TaskHandler, TaskOutcome, TaskRequest};

pub use mock_config::{MockConfig, MockConfigError, MockResponse};
pub use mocks::{MockSet, MocksError};
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
    /// The API service, for nested executions (`states:startExecution`); set once the
    /// service exists ([`Integrations::attach`]).
    service: OnceLock<Weak<crate::api::Service>>,
    /// `--lambda-endpoint`: where Lambda Invoke calls go when no mock answers them.
    lambda_endpoint: RwLock<Option<String>>,
    /// passo's own mock sets (`--mocks` and the control API), in registration order.
    own: RwLock<Vec<Registered>>,
}

/// Which executions a set of passo mocks applies to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MockScope {
    /// Every execution.
    All,
    /// Executions started under this name (parallel tests each pick their own).
    ExecutionName(String),
    /// Executions started as `stateMachineArn#TestCase` with this case.
    TestCase(String),
}

impl MockScope {
    fn to_json(&self) -> Value {
        match self {
            MockScope::All => json!({}),
            MockScope::ExecutionName(n) => json!({"ExecutionName": n}),
            MockScope::TestCase(c) => json!({"TestCase": c}),
        }
    }
}

/// One registered set of passo mocks.
struct Registered {
    id: u64,
    scope: MockScope,
    set: Arc<mocks::MockSet>,
    /// The set as given, for listing.
    source: Value,
}

/// What a Task waiting on its token receives: a worker's take, heartbeats, then the outcome.
pub(super) type TokenWait = tokio::sync::mpsc::UnboundedReceiver<tokens::Signal>;

/// Tells whether an activity exists.
pub type ActivityLookup = Arc<dyn Fn(&str) -> bool + Send + Sync>;

#[derive(Default)]
struct State {
    /// Execution ARN → (state machine name, test case name), from `arn#Case` at start.
    cases: HashMap<String, (String, String)>,
    /// (execution ARN, mock set id, mock index) → matching invocations so far (passo mocks).
    own_invocations: HashMap<(String, u64, usize), u32>,
    /// The id of the next registered mock set (0 is `--mocks`).
    next_mock_id: u64,
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
            service: OnceLock::new(),
            lambda_endpoint: RwLock::default(),
            own: RwLock::default(),
        }
    }
}

impl Integrations {
    pub fn new() -> Integrations {
        Integrations::default()
    }

    /// Lets Tasks start executions of this emulator (`states:startExecution` runs the child
    /// inside passo). Without it, those Tasks fail naming the state and the resource.
    pub fn attach(&self, service: Weak<crate::api::Service>) {
        let _ = self.service.set(service);
    }

    /// Sends Lambda Invoke calls (function ARNs and `lambda:invoke`) that no mock answers to
    /// this endpoint (`--lambda-endpoint`), e.g. `http://127.0.0.1:3001` for SAM local.
    pub fn set_lambda_endpoint(&self, endpoint: Option<String>) {
        *self
            .lambda_endpoint
            .write()
            .unwrap_or_else(|p| p.into_inner()) = endpoint;
    }

    /// The Lambda endpoint in use, if any.
    pub fn lambda_endpoint(&self) -> Option<String> {
        self.lambda_endpoint
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// A Lambda call forwarded to `--lambda-endpoint`, if one is set and the resource is Lambda.
    fn forwarded(&self, req: &TaskRequest, integration: &arn::Integration) -> Option<TaskOutcome> {
        let endpoint = self.lambda_endpoint()?;
        let (envelope, token) = match integration {
            arn::Integration::LambdaFunction { .. } => (false, None),
            arn::Integration::Optimised {
                service, pattern, ..
            } if service == "lambda" => match pattern {
                arn::Pattern::WaitForTaskToken => (true, Some(self.register_token(req, None)?)),
                _ => (true, None),
            },
            _ => return None,
        };
        let call = match lambda_http::Invoke::from_task(req, envelope) {
            Ok(call) => call,
            Err(why) => {
                return Some(TaskOutcome::Failed {
                    error: crate::engine::task::NO_INTEGRATION_ERROR.to_owned(),
                    cause: Some(format!(
                        "passo: the Task state '{}' cannot call Lambda: {why}",
                        req.state_name
                    )),
                })
            }
        };
        let timeout = req.timeout_seconds.map(Duration::from_secs);
        Some(TaskOutcome::Pending(Box::pin(async move {
            let outcome = lambda_http::invoke(endpoint, call, timeout).await;
            match (outcome, token) {
                // `.waitForTaskToken`: the call was the submission; the token ends the task.
                (TaskOutcome::Succeeded(answer), Some(rx)) => {
                    TaskOutcome::Submitted(answer, Box::new(TaskOutcome::Pending(next_signal(rx))))
                }
                (outcome, _) => outcome,
            }
        })))
    }

    /// Uses this passo mock file (`--mocks`) for every execution, after any mocks registered
    /// through the control API.
    pub fn set_mocks(&self, set: mocks::MockSet) {
        let mut own = self.own.write().unwrap_or_else(|p| p.into_inner());
        own.retain(|r| r.id != 0);
        own.push(Registered {
            id: 0,
            scope: MockScope::All,
            set: Arc::new(set),
            source: json!({"File": true}),
        });
    }

    /// Registers a set of passo mocks (`{"Mocks": [...]}`) for `scope`; answers its id.
    pub fn register_mocks(
        &self,
        scope: MockScope,
        source: &Value,
    ) -> Result<u64, mocks::MocksError> {
        let set = mocks::MockSet::from_value(source)?;
        let id = {
            let mut st = lock(&self.state);
            st.next_mock_id += 1;
            st.next_mock_id
        };
        let mut own = self.own.write().unwrap_or_else(|p| p.into_inner());
        // Newer sets come first; the `--mocks` file stays last.
        own.insert(
            0,
            Registered {
                id,
                scope,
                set: Arc::new(set),
                source: source.clone(),
            },
        );
        Ok(id)
    }

    /// The registered passo mock sets: `{"Id", "Scope", "Mocks"}` each, newest first.
    pub fn list_mocks(&self) -> Vec<Value> {
        self.own
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .iter()
            .map(|r| {
                json!({
                    "Id": r.id,
                    "Scope": r.scope.to_json(),
                    "Mocks": r.source.get("Mocks").cloned().unwrap_or(Value::Null),
                })
            })
            .collect()
    }

    /// Forgets registered mock sets (all of them with `None`); answers how many went.
    pub fn remove_mocks(&self, id: Option<u64>) -> usize {
        let mut own = self.own.write().unwrap_or_else(|p| p.into_inner());
        let before = own.len();
        own.retain(|r| id.is_some_and(|id| r.id != id));
        before - own.len()
    }

    /// Forgets the mock sets registered through the control API, keeping the `--mocks` file
    /// (`/_passo/reset`).
    pub fn clear_registered_mocks(&self) {
        self.own
            .write()
            .unwrap_or_else(|p| p.into_inner())
            .retain(|r| r.id == 0);
    }

    /// The answer of the first passo mock that applies to this Task, if any.
    fn own_mocked(&self, req: &TaskRequest) -> Option<TaskOutcome> {
        let sets: Vec<(u64, MockScope, Arc<mocks::MockSet>)> = {
            let own = self.own.read().unwrap_or_else(|p| p.into_inner());
            if own.is_empty() {
                return None;
            }
            own.iter()
                .map(|r| (r.id, r.scope.clone(), r.set.clone()))
                .collect()
        };
        let name = req
            .context
            .pointer("/Execution/Name")
            .and_then(Value::as_str);
        let machine = req
            .context
            .pointer("/StateMachine/Name")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let mut st = lock(&self.state);
        let case = st.cases.get(&req.execution_arn).map(|(_, c)| c.clone());
        for (id, scope, set) in sets {
            let applies = match &scope {
                MockScope::All => true,
                MockScope::ExecutionName(n) => name == Some(n.as_str()),
                MockScope::TestCase(c) => case.as_deref() == Some(c.as_str()),
            };
            if !applies {
                continue;
            }
            if let Some(index) = set.find(req, machine) {
                let n = st
                    .own_invocations
                    .entry((req.execution_arn.clone(), id, index))
                    .or_insert(0);
                let at = *n;
                *n = n.saturating_add(1);
                return Some(set.mocks[index].outcome(req, at));
            }
        }
        None
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
        // for success and failure alike), with the service's answer to the request, which a
        // mock lacks: the service-shaped answer passo's own mocks give (a started execution's
        // ARN and date for `states:startExecution`, `{}` where none is known).
        Some(if submits(&req.resource) {
            let integration = arn::parse(&req.resource).ok();
            let submitted = mocks::default_answer(integration.as_ref(), req, index);
            TaskOutcome::Submitted(submitted, Box::new(answer))
        } else {
            answer
        })
    }

    /// Registers a Task that waits on its token; the receiver gets the outcome.
    fn register_token(&self, req: &TaskRequest, activity: Option<&str>) -> Option<TokenWait> {
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
        Some(rx)
    }

    /// Registers a Task that waits on its token and answers the future the engine awaits.
    fn wait_for_token(&self, req: &TaskRequest, activity: Option<&str>) -> Option<TaskOutcome> {
        let rx = self.register_token(req, activity)?;
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
pub(super) fn next_signal(
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
        if let Some(outcome) = self.own_mocked(req) {
            return outcome;
        }
        let integration = arn::parse(&req.resource);
        if let Some(outcome) = integration
            .as_ref()
            .ok()
            .and_then(|i| self.forwarded(req, i))
        {
            return outcome;
        }
        if let Ok(arn::Integration::Optimised {
            service,
            action,
            pattern,
        }) = integration
        {
            if service == "states" && action == "startExecution" {
                if let Some(svc) = self.service.get() {
                    let token = match pattern {
                        arn::Pattern::WaitForTaskToken
                        | arn::Pattern::Sync
                        | arn::Pattern::Sync2 => self.register_token(req, None),
                        _ => None,
                    };
                    return nested::start(svc.clone(), req, pattern, token);
                }
            }
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
