//! The library facade: an emulator in one value, usable in-process (`call`) or over HTTP
//! (`serve`, or [`Emulator::builder`]`...start()` for a server on a free port in the current tokio
//! runtime), with helpers for tests: await an execution's end, read its history.

use std::sync::Arc;

use serde_json::Value;

use crate::api::{ApiError, Service};
use crate::engine::{Engine, EngineConfig, TimeMode};
use crate::integrations::{Integrations, MockConfig};
use crate::store::{ExecutionRecord, HistoryEvent, MemoryStore, Store};

/// A Step Functions emulator. Cheap to clone.
#[derive(Clone)]
pub struct Emulator {
    service: Arc<Service>,
}

impl Emulator {
    /// A builder: settings, mocks, then [`EmulatorBuilder::build`] (in-process only) or
    /// [`EmulatorBuilder::start`] (also serving HTTP for SDK clients).
    ///
    /// ```
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// let running = passo::Emulator::builder().seed(7).start().await.unwrap();
    /// assert!(running.endpoint().starts_with("http://127.0.0.1:"));
    /// running.stop().await;
    /// # });
    /// ```
    pub fn builder() -> EmulatorBuilder {
        EmulatorBuilder::default()
    }

    /// An emulator on the in-memory store.
    pub fn new(config: EngineConfig) -> Emulator {
        Emulator::with_store(config, Arc::new(MemoryStore::new()))
    }

    pub fn with_store(config: EngineConfig, store: Arc<dyn Store>) -> Emulator {
        let engine = Engine::new(config, store);
        // Tasks go through the integrations dispatcher (mocks, activities, task tokens); the
        // API shares it to hand out activity tasks and take tokens back.
        let integrations = Arc::new(Integrations::new());
        let activities = Arc::clone(engine.store());
        integrations.set_activity_lookup(Arc::new(move |arn: &str| {
            activities
                .get_doc(crate::api::records::ACTIVITIES, arn)
                .is_some()
        }));
        engine.set_task_handler(integrations.clone());
        let service = Arc::new(Service::with_integrations(engine, integrations.clone()));
        // Nested executions (`states:startExecution`) start children through the service.
        integrations.attach(Arc::downgrade(&service));
        Emulator { service }
    }

    /// The integrations dispatcher: load a MockConfigFile with
    /// [`Integrations::set_mock_config`].
    pub fn integrations(&self) -> &Arc<Integrations> {
        self.service.integrations()
    }

    pub fn service(&self) -> &Arc<Service> {
        &self.service
    }

    /// Serves the API over HTTP on `listener` until `shutdown` completes.
    pub async fn serve(
        &self,
        listener: tokio::net::TcpListener,
        shutdown: impl std::future::Future,
    ) {
        crate::api::server::run(listener, Arc::clone(&self.service), shutdown).await;
    }

    /// Runs one API operation in-process, with the same JSON the wire carries.
    pub async fn call(&self, operation: &str, input: Value) -> Result<Value, ApiError> {
        self.service.call(operation, input).await
    }

    /// Waits until the execution has ended and returns its final record; `None` if unknown.
    pub async fn wait_for_execution(&self, execution_arn: &str) -> Option<ExecutionRecord> {
        self.service.engine().wait(execution_arn).await
    }

    /// The execution's history so far (empty if unknown).
    pub fn history(&self, execution_arn: &str) -> Vec<HistoryEvent> {
        self.service
            .store()
            .history(execution_arn)
            .unwrap_or_default()
    }
}

/// Settings of an [`Emulator`] to build; see [`Emulator::builder`].
#[derive(Debug, Clone)]
pub struct EmulatorBuilder {
    config: EngineConfig,
    mocks: Option<MockConfig>,
    host: String,
    port: u16,
}

impl Default for EmulatorBuilder {
    fn default() -> Self {
        EmulatorBuilder {
            config: EngineConfig::default(),
            mocks: None,
            host: "127.0.0.1".to_owned(),
            port: 0,
        }
    }
}

impl EmulatorBuilder {
    /// Seed of the random source (names, IDs, jitter).
    pub fn seed(mut self, seed: u64) -> Self {
        self.config.seed = seed;
        self
    }

    /// Start of virtual time.
    pub fn epoch(mut self, epoch: chrono::DateTime<chrono::Utc>) -> Self {
        self.config.epoch = Some(epoch);
        self
    }

    /// How time passes (virtual by default).
    pub fn time(mut self, time: TimeMode) -> Self {
        self.config.time = time;
        self
    }

    pub fn region(mut self, region: &str) -> Self {
        self.config.region = region.to_owned();
        self
    }

    pub fn account(mut self, account: &str) -> Self {
        self.config.account = account.to_owned();
        self
    }

    /// Answers Tasks of executions started as `stateMachineArn#TestCase` from this
    /// MockConfigFile.
    pub fn mock_config(mut self, mocks: MockConfig) -> Self {
        self.mocks = Some(mocks);
        self
    }

    /// The address [`EmulatorBuilder::start`] listens on (`127.0.0.1`).
    pub fn host(mut self, host: &str) -> Self {
        self.host = host.to_owned();
        self
    }

    /// The port [`EmulatorBuilder::start`] listens on; 0 (the default) picks a free one.
    pub fn port(mut self, port: u16) -> Self {
        self.port = port;
        self
    }

    /// The emulator, for in-process use ([`Emulator::call`]) without HTTP.
    pub fn build(self) -> Emulator {
        let emulator = Emulator::new(self.config);
        if let Some(m) = self.mocks {
            emulator.integrations().set_mock_config(m);
        }
        emulator
    }

    /// Builds the emulator and serves its API over HTTP on a task of the current tokio runtime.
    /// Must be called inside a runtime.
    pub async fn start(self) -> std::io::Result<RunningEmulator> {
        let addr = format!("{}:{}", self.host, self.port);
        let listener = tokio::net::TcpListener::bind(&addr).await?;
        let local = listener.local_addr()?;
        let emulator = self.build();
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let service = Arc::clone(emulator.service());
        let task = tokio::spawn(crate::api::server::run(listener, service, async move {
            let _ = rx.await;
        }));
        Ok(RunningEmulator {
            endpoint: format!("http://{local}"),
            emulator,
            shutdown: Some(tx),
            task: Some(task),
        })
    }
}

/// An emulator serving HTTP; the server stops when this is dropped or [`RunningEmulator::stop`]
/// is awaited. Dereferences to the [`Emulator`] for direct calls.
pub struct RunningEmulator {
    endpoint: String,
    emulator: Emulator,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<()>>,
}

impl RunningEmulator {
    /// The URL to give an SDK client as its endpoint (`http://127.0.0.1:PORT`).
    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    pub fn emulator(&self) -> &Emulator {
        &self.emulator
    }

    /// Stops the server and waits until it has.
    pub async fn stop(mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl std::ops::Deref for RunningEmulator {
    type Target = Emulator;

    fn deref(&self) -> &Emulator {
        &self.emulator
    }
}

impl Drop for RunningEmulator {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}
