//! Executions: the interpreter, the scheduler, the clock, the seeded random source, retries,
//! Map and Parallel children, history events and transition counting. Reaches persistence only
//! through [`crate::store::Store`] and does no network I/O itself.
//!
//! SKELETON: the contract the API module calls. The interpreter replaces the body.

pub mod clock;
pub mod rng;

use std::sync::Arc;

use chrono::{DateTime, Utc};

use crate::asl::Plan;
use crate::store::{ExecutionRecord, Store};

pub use clock::TimeMode;

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
}

impl Default for EngineConfig {
    fn default() -> Self {
        EngineConfig {
            seed: 0,
            epoch: None,
            time: TimeMode::Virtual,
            region: "us-east-1".to_owned(),
            account: "123456789012".to_owned(),
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
}

impl Engine {
    pub fn new(config: EngineConfig, store: Arc<dyn Store>) -> Engine {
        let clock = clock::Clock::new(config.epoch, config.time);
        let rng = rng::SeededRng::new(config.seed);
        Engine {
            inner: Arc::new(Inner {
                config,
                store,
                clock,
                rng,
            }),
        }
    }

    pub fn config(&self) -> &EngineConfig {
        &self.inner.config
    }

    pub fn store(&self) -> &Arc<dyn Store> {
        &self.inner.store
    }

    /// The engine-wide "now", for control-plane timestamps (creation dates, start dates).
    pub fn now(&self) -> DateTime<Utc> {
        self.inner.clock.now()
    }

    /// A fresh UUID from the seeded source (execution names, revision ids, ...).
    pub fn new_uuid(&self) -> uuid::Uuid {
        self.inner.rng.uuid()
    }

    /// Records the execution as RUNNING with its `ExecutionStarted` event and runs it in the
    /// background. Returns the record as first stored.
    pub fn start(&self, req: StartRequest) -> Result<ExecutionRecord, EngineError> {
        let _ = req;
        Err(EngineError::Internal(
            "the interpreter is not built yet".to_owned(),
        ))
    }

    /// Runs an execution to its end and returns the final record (StartSyncExecution).
    pub async fn run_sync(&self, req: StartRequest) -> Result<ExecutionRecord, EngineError> {
        self.start(req)
    }

    /// Stops a running execution (StopExecution): `ExecutionAborted`, status ABORTED.
    pub fn stop(
        &self,
        execution_arn: &str,
        error: Option<String>,
        cause: Option<String>,
    ) -> Result<ExecutionRecord, EngineError> {
        let _ = (error, cause);
        Err(EngineError::ExecutionDoesNotExist(execution_arn.to_owned()))
    }

    /// Waits until the execution is terminal and returns its record; `None` if it is unknown.
    pub async fn wait(&self, execution_arn: &str) -> Option<ExecutionRecord> {
        self.inner.store.get_execution(execution_arn)
    }
}
