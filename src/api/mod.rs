//! The HTTP edge: the server, routing by `X-Amz-Target`, request decoding and validation against
//! the AWS model, the AWS error shape, and the operations. Holds no execution logic: operations
//! call the engine.
//!
//! SKELETON: the contract. `Service::call` is the one entry point for both HTTP and in-process use.

pub mod error;
pub mod model;

pub use error::ApiError;

use std::sync::Arc;

use serde_json::Value;

use crate::engine::Engine;
use crate::store::Store;

/// The Step Functions service: all 37 operations over one engine and store.
pub struct Service {
    engine: Engine,
}

impl Service {
    pub fn new(engine: Engine) -> Service {
        Service { engine }
    }

    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    pub fn store(&self) -> &Arc<dyn Store> {
        self.engine.store()
    }

    /// Runs one operation (`CreateStateMachine`, ...) on a JSON input, as the wire would.
    pub async fn call(&self, operation: &str, input: Value) -> Result<Value, ApiError> {
        let _ = input;
        Err(ApiError::unknown_operation(operation))
    }
}
