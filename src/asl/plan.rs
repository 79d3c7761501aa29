//! The compiled plan of a definition: states in a vector, transitions resolved to indices, paths,
//! templates and Choice rules pre-parsed. Built once at CreateStateMachine; executions never
//! re-parse definition text.
//!
//! SKELETON: the engine work replaces this with the full plan.

use serde_json::Value;

use crate::asl::DefinitionError;

/// A compiled state machine definition.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// The definition as parsed JSON (kept for DescribeStateMachine-independent uses, such as
    /// graphs and TestState).
    pub definition: Value,
}

impl Plan {
    /// Builds the plan from a definition that [`crate::asl::validate::check`] accepted.
    pub fn compile(definition: &Value) -> Result<Plan, DefinitionError> {
        Ok(Plan {
            definition: definition.clone(),
        })
    }
}
