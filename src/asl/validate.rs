//! Static validation of definitions, as AWS does it at CreateStateMachine, UpdateStateMachine and
//! ValidateStateMachineDefinition, with AWS's codes and messages.
//!
//! SKELETON: JSON parsing only; the full validator replaces this.

use serde_json::Value;

use crate::asl::error::{DefinitionError, Diagnostic};

/// Parses the definition text and validates it; returns the parsed JSON when AWS would accept it.
pub fn check(definition: &str) -> Result<Value, DefinitionError> {
    let value: Value = serde_json::from_str(definition)
        .map_err(|e| DefinitionError::single("INVALID_JSON_DESCRIPTION", e.to_string(), None))?;
    let diags = diagnostics(&value);
    if diags.is_empty() {
        Ok(value)
    } else {
        Err(DefinitionError { diagnostics: diags })
    }
}

/// Every problem (errors and warnings) in a parsed definition.
pub fn diagnostics(_definition: &Value) -> Vec<Diagnostic> {
    Vec::new()
}
