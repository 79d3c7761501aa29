//! The HTTP edge: the server, routing by `X-Amz-Target`, request decoding and validation against
//! the AWS model, the AWS error shape, and the operations. Holds no execution logic: operations
//! call the engine.
//!
//! `Service::call` is the one entry point for both HTTP ([`server`]) and in-process use
//! ([`crate::Emulator::call`]).

pub mod arn;
pub mod control;
pub mod error;
pub mod model;
pub mod objects;
pub mod ops;
pub mod pagination;
pub mod records;
pub mod server;
pub mod wire;

pub use error::ApiError;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use serde_json::Value;

use crate::asl::Plan;
use crate::engine::rng::SeededRng;
use crate::engine::Engine;
use crate::store::Store;

/// Salts that derive the API's own random streams from the engine seed, so that request IDs
/// and token keys never shift the engine's sequence of execution names.
const TOKEN_KEY_SALT: u64 = 0x7061_7373_6f5f_746b;
const REQUEST_ID_SALT: u64 = 0x7061_7373_6f5f_7269;

/// The Step Functions service: all 37 operations over one engine and store.
pub struct Service {
    engine: Engine,
    arns: arn::Arns,
    paginator: pagination::Paginator,
    request_ids: SeededRng,
    /// Compiled plans by state machine or version ARN (definitions compile once).
    plans: Mutex<HashMap<String, Arc<Plan>>>,
    /// Task tokens, activity polls and MockConfigFile test cases (shared with the engine, whose
    /// Task handler it is).
    integrations: Arc<crate::integrations::Integrations>,
}

impl Service {
    /// A service whose engine runs Tasks through a fresh [`crate::integrations::Integrations`]
    /// (installed here as the engine's Task handler).
    pub fn new(engine: Engine) -> Service {
        let integrations = Arc::new(crate::integrations::Integrations::new());
        engine.set_task_handler(integrations.clone());
        Service::with_integrations(engine, integrations)
    }

    /// A service over `engine` that answers task tokens and activity polls from
    /// `integrations`; the caller installs it as the engine's Task handler.
    pub fn with_integrations(
        engine: Engine,
        integrations: Arc<crate::integrations::Integrations>,
    ) -> Service {
        let seed = engine.config().seed;
        let mut key = [0u8; 32];
        SeededRng::new(seed ^ TOKEN_KEY_SALT).fill(&mut key);
        let arns = arn::Arns {
            region: engine.config().region.clone(),
            account: engine.config().account.clone(),
        };
        Service {
            arns,
            paginator: pagination::Paginator::new(key),
            request_ids: SeededRng::new(seed ^ REQUEST_ID_SALT),
            plans: Mutex::new(HashMap::new()),
            engine,
            integrations,
        }
    }

    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    pub fn integrations(&self) -> &Arc<crate::integrations::Integrations> {
        &self.integrations
    }

    pub fn store(&self) -> &Arc<dyn Store> {
        self.engine.store()
    }

    /// Runs one operation (`CreateStateMachine`, ...) on a JSON input, as the wire would.
    ///
    /// The input is checked against the AWS model first (`ValidationException`,
    /// `SerializationException` with AWS's texts); an unknown name answers
    /// `UnknownOperationException`.
    pub async fn call(&self, operation: &str, input: Value) -> Result<Value, ApiError> {
        self.call_in(None, operation, input).await
    }

    /// [`Service::call`] for a request signed for `region` (from its SigV4 credential scope):
    /// new state machines and activities get ARNs in that region, as on AWS.
    pub async fn call_in(
        &self,
        region: Option<&str>,
        operation: &str,
        input: Value,
    ) -> Result<Value, ApiError> {
        let op = model::Operation::from_name(operation)
            .ok_or_else(|| ApiError::unknown_operation(operation))?;
        model::validate_input(op, &input).map_err(|e| ApiError::new(e.code, e.message))?;
        ops::dispatch(self, region, op, &input).await
    }

    /// Forgets every resource (the `/_passo/reset` control endpoint).
    pub fn reset(&self) {
        self.store().clear();
        self.plans_lock().clear();
        self.engine().logs().clear();
        self.engine.distributed().objects.clear();
        self.engine.distributed().runs.clear();
    }

    /// A fresh `x-amzn-RequestId`.
    pub fn request_id(&self) -> String {
        self.request_ids.uuid().to_string()
    }

    pub(crate) fn arns(&self) -> &arn::Arns {
        &self.arns
    }

    pub(crate) fn paginator(&self) -> &pagination::Paginator {
        &self.paginator
    }

    fn plans_lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Arc<Plan>>> {
        // The map holds plain data; a panic elsewhere cannot leave it half-written.
        self.plans.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The compiled plan for a state machine or version, compiling `definition` on first use.
    pub(crate) fn plan(&self, key: &str, definition: &str) -> Result<Arc<Plan>, ApiError> {
        if let Some(plan) = self.plans_lock().get(key) {
            return Ok(plan.clone());
        }
        let plan = crate::asl::compile(definition).map_err(ApiError::from)?;
        self.plans_lock().insert(key.to_owned(), plan.clone());
        Ok(plan)
    }

    /// Remembers a freshly compiled plan.
    pub(crate) fn cache_plan(&self, key: &str, plan: Arc<Plan>) {
        self.plans_lock().insert(key.to_owned(), plan);
    }

    /// Drops the plan of a state machine or version that changed or went away.
    pub(crate) fn forget_plan(&self, key: &str) {
        self.plans_lock().remove(key);
    }
}
