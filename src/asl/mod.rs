//! The Amazon States Language as pure data: parsing and static validation of definitions, the
//! Jayway-compatible JSONPath engine, intrinsic functions, payload templates, Choice rules and
//! the compiled plan the engine runs.
//!
//! Nothing here sees HTTP, tokio, the store, the clock or randomness: time and random sources come
//! in as arguments.

pub mod choice;
pub mod error;
pub mod intrinsics;
pub mod io;
pub mod jsonata;
pub mod path;
pub mod plan;
pub mod plan_jsonata;
pub mod template;
pub mod validate;

pub use error::{DefinitionError, Failure};
pub use plan::Plan;

use std::sync::Arc;

/// Parses, validates and compiles a definition text, as CreateStateMachine does.
///
/// Every error AWS reports at creation time comes back as a [`DefinitionError`] whose `Display`
/// is AWS's `InvalidDefinition` message.
pub fn compile(definition: &str) -> Result<Arc<Plan>, DefinitionError> {
    compile_for_type(definition, false)
}

/// [`compile`] for a STANDARD (`express == false`) or EXPRESS machine: Express machines also
/// reject activities, `.sync` and `.waitForTaskToken`.
pub fn compile_for_type(definition: &str, express: bool) -> Result<Arc<Plan>, DefinitionError> {
    let value = validate::check_for_type(definition, express)?;
    Ok(Arc::new(Plan::compile(&value)?))
}
