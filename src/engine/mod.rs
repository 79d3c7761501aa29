//! Executions: the interpreter, the scheduler, the clock, the seeded random source, retries,
//! Map and Parallel children, history events and transition counting. Reaches persistence only
//! through [`crate::store::Store`] and does no network I/O itself.
//!
//! # Layout
//! - [`execution`]: one execution as explicit state (threads, run queue, timers, history).
//! - `driver`: the small tokio task per execution that carries out its actions and moves time.
//! - [`task`]: the seam to integrations ([`task::TaskHandler`]).
//! - [`express`]: the Express five-minute limit and StartSyncExecution billing.
//! - [`history`]: AWS's event detail shapes.
//! - [`clock`], [`rng`]: the only time and randomness sources.
//!
//! # Glossary
//! - *execution*: one run of a state machine; *thread*: one flow of control inside it (the main
//!   flow, a Parallel branch, a Map iteration); *event*: one history entry; *action*: something
//!   the driver must do outside the execution's state (await an external task).
pub mod clock;
mod driver;
pub mod durable;
pub mod execution;
pub mod express;
pub mod history;
pub mod map_run;
mod parquet_items;
pub mod rng;
pub mod task;
pub mod test_state;

use std::collections::HashMap;
use std::sync::{Arc, Mutex, RwLock};

use chrono::{DateTime, Utc};

use crate::asl::Plan;
use crate::store::{ExecutionRecord, ExecutionStatus, Store, StoreError};

pub use clock::TimeMode;
pub use execution::TimerView;
pub use task::{NoIntegrations, TaskHandler, TaskOutcome, TaskRequest};

/// Engine-wide settings, fixed at start-up.
#[derive(Debug, Clone)]
pub struct EngineConfig {
    /// Seed of the random source (IDs, names, jitter, `States.UUID`, ...).
    pub seed: u64,
    /// The virtual clock's start; `None` takes the wall clock once at start-up.
    pub epoch: Option<DateTime<Utc>>,
    pub time: TimeMode,
    pub region: String,
    pub account: String,
    /// Which event a distributed Map's `MapStateExited` points back to.
    pub map_exit: map_run::MapExitLink,
}

impl Default for EngineConfig {
    fn default() -> Self {
        EngineConfig {
            seed: 0,
            epoch: None,
            time: TimeMode::Virtual,
            region: "us-east-1".to_owned(),
            account: "123456789012".to_owned(),
            map_exit: map_run::MapExitLink::default(),
        }
    }
}

/// Everything the engine needs to start one execution. The control plane has already checked
/// the state machine, computed the ARNs and the name.
#[derive(Debug, Clone)]
pub struct StartRequest {
    pub execution_arn: String,
    pub state_machine_arn: String,
    pub state_machine_name: String,
    pub state_machine_version_arn: Option<String>,
    pub state_machine_alias_arn: Option<String>,
    pub name: String,
    pub plan: Arc<Plan>,
    /// The input exactly as sent (`"{}"` when the caller sent none).
    pub input: String,
    pub role_arn: String,
    pub trace_header: Option<String>,
    /// Express executions keep no history through the API.
    pub express: bool,
}

/// Why the engine refused a request.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum EngineError {
    #[error("Execution Does Not Exist: '{0}'")]
    ExecutionDoesNotExist(String),
    #[error("Execution Already Exists: '{0}'")]
    ExecutionAlreadyExists(String),
    /// A broken engine invariant: a bug, reported as AWS's internal error.
    #[error("internal error: {0}")]
    Internal(String),
}

/// The execution engine. Cheap to clone; all clones share the same executions.
#[derive(Clone)]
pub struct Engine {
    inner: Arc<Inner>,
}

struct Inner {
    config: EngineConfig,
    store: Arc<dyn Store>,
    clock: clock::Clock,
    rng: rng::SeededRng,
    handler: RwLock<Arc<dyn TaskHandler>>,
    /// Executions started by this engine (running or finished), by ARN.
    executions: Mutex<HashMap<String, Arc<driver::Running>>>,
    /// Per-execution clock settings set through the control API, by execution name.
    overrides: Mutex<HashMap<String, ExecutionSettings>>,
    /// Execution logs (CloudWatch Logs as Step Functions writes them).
    logs: Arc<crate::logs::Logs>,
    /// Distributed Map: the mock object store and the map-run registry.
    distributed: Arc<map_run::Distributed>,
}

/// Clock settings for one execution, overriding `--time`, `--epoch` and `--seed` for it alone
/// (control API `POST /_passo/executions/settings`). Applies to executions started later under
/// that name.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct ExecutionSettings {
    pub time: Option<TimeMode>,
    pub epoch: Option<DateTime<Utc>>,
    pub seed: Option<u64>,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl Engine {
    pub fn new(config: EngineConfig, store: Arc<dyn Store>) -> Engine {
        let clock = clock::Clock::new(config.epoch, config.time);
        let rng = rng::SeededRng::new(config.seed);
        let distributed = Arc::new(map_run::Distributed {
            exit_link: config.map_exit,
            ..Default::default()
        });
        distributed.runs.attach(store.clone());
        distributed.objects.attach(store.clone());
        Engine {
            inner: Arc::new(Inner {
                config,
                store,
                clock,
                rng,
                handler: RwLock::new(Arc::new(NoIntegrations)),
                executions: Mutex::new(HashMap::new()),
                overrides: Mutex::new(HashMap::new()),
                logs: Arc::new(crate::logs::Logs::new()),
                distributed,
            }),
        }
    }

    /// Sets the clock settings of executions to be started under `name`.
    pub fn set_execution_settings(&self, name: &str, settings: ExecutionSettings) {
        lock(&self.inner.overrides).insert(name.to_owned(), settings);
    }

    /// The clock settings registered for `name`, if any.
    pub fn execution_settings(&self, name: &str) -> Option<ExecutionSettings> {
        lock(&self.inner.overrides).get(name).copied()
    }

    pub fn config(&self) -> &EngineConfig {
        &self.inner.config
    }

    pub fn store(&self) -> &Arc<dyn Store> {
        &self.inner.store
    }

    /// The execution logs: register an execution's target before starting it.
    pub fn logs(&self) -> &Arc<crate::logs::Logs> {
        &self.inner.logs
    }

    /// The mock object store and the map-run registry of Distributed Maps.
    pub fn distributed(&self) -> &Arc<map_run::Distributed> {
        &self.inner.distributed
    }

    /// The engine-wide "now", for control-plane timestamps (creation dates, start dates).
    pub fn now(&self) -> DateTime<Utc> {
        self.inner.clock.now()
    }

    /// A fresh UUID from the seeded source (execution names, revision ids, ...).
    pub fn new_uuid(&self) -> uuid::Uuid {
        self.inner.rng.uuid()
    }

    /// Replaces the Task handler (integrations, mocks). Executions started afterwards use it.
    pub fn set_task_handler(&self, handler: Arc<dyn TaskHandler>) {
        *self
            .inner
            .handler
            .write()
            .unwrap_or_else(|p| p.into_inner()) = handler;
    }

    fn handler(&self) -> Arc<dyn TaskHandler> {
        self.inner
            .handler
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    fn running(&self, arn: &str) -> Option<Arc<driver::Running>> {
        lock(&self.inner.executions).get(arn).cloned()
    }

    /// Records the execution as RUNNING with its `ExecutionStarted` event and runs it in the
    /// background. Returns the record as first stored. Must be called inside a tokio runtime.
    pub fn start(&self, req: StartRequest) -> Result<ExecutionRecord, EngineError> {
        self.start_as(req, false)
    }

    /// [`Engine::start`] for StartExecution (`sync` false) or StartSyncExecution.
    fn start_as(&self, req: StartRequest, sync: bool) -> Result<ExecutionRecord, EngineError> {
        let rt = tokio::runtime::Handle::try_current()
            .map_err(|_| EngineError::Internal("the engine needs a tokio runtime".to_owned()))?;
        let input: serde_json::Value = serde_json::from_str(&req.input)
            .map_err(|e| EngineError::Internal(format!("execution input is not JSON: {e}")))?;
        let settings = lock(&self.inner.overrides)
            .get(&req.name)
            .cloned()
            .unwrap_or_default();
        let start = settings.epoch.unwrap_or_else(|| self.now());
        let info = execution::ExecutionInfo {
            arn: req.execution_arn.clone(),
            name: req.name.clone(),
            state_machine_arn: req.state_machine_arn.clone(),
            state_machine_name: req.state_machine_name.clone(),
            role_arn: req.role_arn.clone(),
            region: self.inner.config.region.clone(),
            input_text: req.input.clone(),
            start,
            redrive_count: 0,
            express: req.express,
        };
        let seed = settings.seed.unwrap_or(self.inner.config.seed);
        let rng = rng::for_execution(seed, &req.execution_arn);
        let mode = settings.time.unwrap_or(self.inner.config.time);
        let (handler, journal) = durable::journaled(self.handler(), &info, seed, mode);
        let mut exec = execution::Execution::new(info, req.plan.clone(), input, rng, handler);
        exec.durable.journal = Some(journal);
        exec.sync = sync;
        exec.set_distributed(self.inner.distributed.clone());
        let record = ExecutionRecord {
            execution_arn: req.execution_arn.clone(),
            state_machine_arn: req.state_machine_arn.clone(),
            state_machine_version_arn: req.state_machine_version_arn.clone(),
            state_machine_alias_arn: req.state_machine_alias_arn.clone(),
            name: req.name.clone(),
            status: ExecutionStatus::Running,
            start_date: start,
            stop_date: None,
            input: req.input.clone(),
            output: None,
            error: None,
            cause: None,
            trace_header: req.trace_header.clone(),
            map_run_arn: None,
            redrive_count: 0,
        };
        // The record and its journal's start go in together: a restart never finds one
        // without the other.
        self.inner
            .store
            .insert_execution_journaled(record.clone(), &durable::take_journal(&exec))
            .map_err(|e| match e {
                StoreError::AlreadyExists(_) => {
                    EngineError::ExecutionAlreadyExists(req.execution_arn.clone())
                }
                other => EngineError::Internal(other.to_string()),
            })?;
        let events = exec.take_new_events();
        self.inner
            .store
            .append_events(&req.execution_arn, &events)
            .map_err(|e| EngineError::Internal(e.to_string()))?;
        self.inner.logs.record(&req.execution_arn, 0, &events);
        let running = Arc::new(driver::Running::new(exec, req.express, start, mode));
        lock(&self.inner.executions).insert(req.execution_arn.clone(), running.clone());
        let driver = rt.spawn(driver::drive(self.clone(), running.clone()));
        // A driver that dies (an engine bug) must not leave waiters hanging: record the
        // execution as failed and release them.
        let engine = self.clone();
        rt.spawn(async move {
            if driver.await.is_err() {
                engine.driver_died(&running);
            }
        });
        Ok(record)
    }

    /// Runs an execution to its end and returns the final record (StartSyncExecution).
    pub async fn run_sync(&self, req: StartRequest) -> Result<ExecutionRecord, EngineError> {
        let arn = req.execution_arn.clone();
        self.start_as(req, true)?;
        self.wait(&arn)
            .await
            .ok_or_else(|| EngineError::Internal(format!("execution '{arn}' vanished")))
    }

    /// Stops a running execution (StopExecution): `ExecutionAborted`, status ABORTED.
    pub fn stop(
        &self,
        execution_arn: &str,
        error: Option<String>,
        cause: Option<String>,
    ) -> Result<ExecutionRecord, EngineError> {
        if let Some(run) = self.running(execution_arn) {
            {
                let mut exec = lock(&run.exec);
                exec.stop(error, cause);
                self.flush(&mut exec)?;
                exec.release();
            }
            run.finish();
        }
        self.inner
            .store
            .get_execution(execution_arn)
            .ok_or_else(|| EngineError::ExecutionDoesNotExist(execution_arn.to_owned()))
    }

    /// Waits until the execution is terminal and returns its record; `None` if it is unknown.
    pub async fn wait(&self, execution_arn: &str) -> Option<ExecutionRecord> {
        if let Some(run) = self.running(execution_arn) {
            let mut rx = run.done.subscribe();
            // The sender lives in `run`, so this only ends once the execution is terminal.
            let _ = rx.wait_for(|done| *done).await;
        }
        self.inner.store.get_execution(execution_arn)
    }

    /// Moves time forward by `by` for one execution, or for all of them and the engine clock
    /// (`None`). In manual mode this is the only way timers fire; in other modes it brings
    /// timers forward.
    pub fn advance(&self, execution_arn: Option<&str>, by: chrono::Duration) {
        let targets: Vec<Arc<driver::Running>> = match execution_arn {
            Some(arn) => self.running(arn).into_iter().collect(),
            None => {
                self.inner.clock.advance(by);
                lock(&self.inner.executions).values().cloned().collect()
            }
        };
        for run in targets {
            run.advance(by);
        }
    }

    /// Pending timers of one execution or of all, as `(execution ARN, timer)`, earliest first
    /// within each execution.
    pub fn pending_timers(&self, execution_arn: Option<&str>) -> Vec<(String, TimerView)> {
        let runs: Vec<(String, Arc<driver::Running>)> = lock(&self.inner.executions)
            .iter()
            .filter(|(k, _)| execution_arn.is_none_or(|a| a == k.as_str()))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        let mut out = Vec::new();
        for (arn, run) in runs {
            let exec = lock(&run.exec);
            if exec.is_terminal() {
                continue;
            }
            out.extend(exec.timers().into_iter().map(|t| (arn.clone(), t)));
        }
        out.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.due.cmp(&b.1.due)));
        out
    }

    /// State transitions of an execution so far (the Standard pricing unit).
    pub fn transitions(&self, execution_arn: &str) -> Option<u64> {
        self.running(execution_arn)
            .map(|run| lock(&run.exec).transitions)
    }

    /// The execution's own clock: its present instant (in real and scaled modes, the clock
    /// runs on while the execution waits, e.g. for a worker).
    pub fn execution_clock(&self, execution_arn: &str) -> Option<DateTime<Utc>> {
        self.running(execution_arn).map(|run| {
            let now = lock(&run.exec).now;
            match run.clock.mode() {
                TimeMode::Real | TimeMode::Scaled(_) => now.max(run.clock.now()),
                TimeMode::Virtual | TimeMode::Manual => now,
            }
        })
    }

    /// How time passes for a running execution (`--time`, or its own setting).
    pub fn execution_time_mode(&self, execution_arn: &str) -> Option<TimeMode> {
        self.running(execution_arn).map(|run| run.clock.mode())
    }

    /// Whether an execution was started as Express.
    pub fn is_express(&self, execution_arn: &str) -> Option<bool> {
        self.running(execution_arn).map(|run| run.express)
    }

    fn driver_died(&self, run: &driver::Running) {
        let arn = lock(&run.exec).info.arn.clone();
        tracing::error!(execution = %arn, "execution driver stopped unexpectedly");
        if let Some(mut rec) = self.inner.store.get_execution(&arn) {
            if !rec.status.is_terminal() {
                rec.status = ExecutionStatus::Failed;
                rec.stop_date = Some(lock(&run.exec).now);
                rec.error = Some("States.Runtime".to_owned());
                rec.cause = Some("Internal error in the passo engine".to_owned());
                let _ = self.inner.store.update_execution(rec);
            }
        }
        run.finish();
    }

    /// Appends new events and, once terminal, writes the final record.
    fn flush(&self, exec: &mut execution::Execution) -> Result<(), EngineError> {
        let store = &self.inner.store;
        durable::flush_journal(store, exec);
        let mut events = exec.take_new_events();
        durable::skip_stored(exec, &mut events);
        if !events.is_empty() {
            // Logs read the events first so the store can take them without a copy.
            self.inner
                .logs
                .record(&exec.info.arn, exec.info.redrive_count, &events);
            store
                .append_events_owned(&exec.info.arn, events)
                .map_err(|e| EngineError::Internal(e.to_string()))?;
        }
        let replayed = exec.durable.stored_upto > 0;
        map_run::store_child_records(store.as_ref(), exec.take_child_records(), replayed)
            .map_err(|e| EngineError::Internal(e.to_string()))?;
        if exec.is_terminal() {
            if let Some(mut rec) = store.get_execution(&exec.info.arn) {
                if !rec.status.is_terminal() {
                    rec.status = exec.status;
                    rec.stop_date = exec.stop_date;
                    rec.output = exec.output.clone();
                    rec.error = exec.error.clone();
                    rec.cause = exec.cause.clone();
                    store
                        .update_execution(rec)
                        .map_err(|e| EngineError::Internal(e.to_string()))?;
                }
            }
        }
        Ok(())
    }
}
