//! Choice rules (JSONPath mode): comparison operators and their `Path` variants, type tests,
//! `And`/`Or`/`Not`.
//!
//! SKELETON: the contract only (always false); the full evaluator replaces this.

use serde_json::Value;

use crate::asl::path::Scope;
use crate::asl::Failure;

/// A compiled Choice rule (one element of `Choices`, or a nested rule).
#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    raw: Value,
}

/// Why a rule is malformed (a definition error at creation time).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct RuleError(pub String);

impl Rule {
    pub fn compile(raw: &Value) -> Result<Rule, RuleError> {
        Ok(Rule { raw: raw.clone() })
    }

    /// Whether the rule matches. Errors are runtime failures (`States.Runtime`, ...).
    pub fn eval(&self, _scope: &Scope<'_>) -> Result<bool, Failure> {
        Ok(false)
    }
}
