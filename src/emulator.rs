//! The library facade: an emulator in one value, usable in-process (`call`) or over HTTP (`serve`).

use std::sync::Arc;

use serde_json::Value;

use crate::api::{ApiError, Service};
use crate::engine::{Engine, EngineConfig};
use crate::integrations::Integrations;
use crate::store::{MemoryStore, Store};

/// A Step Functions emulator. Cheap to clone.
#[derive(Clone)]
pub struct Emulator {
    service: Arc<Service>,
}

impl Emulator {
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
}
