//! The intrinsic functions (`States.Format(...)`, `States.Array(...)`, ...).
//!
//! SKELETON: the contract only; the full parser and the 18 functions replace this.

use rand_core::RngCore;
use serde_json::Value;

use crate::asl::path::Scope;
use crate::asl::Failure;

/// A parsed intrinsic function call.
#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    text: String,
}

/// Why a call text does not parse (a definition error at creation time).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid intrinsic function call '{0}'")]
pub struct ParseError(pub String);

impl Call {
    /// Whether `text` looks like an intrinsic call (`States.` prefix) rather than a path.
    pub fn looks_like_call(text: &str) -> bool {
        text.trim_start().starts_with("States.")
    }

    pub fn parse(text: &str) -> Result<Call, ParseError> {
        Err(ParseError(text.to_owned()))
    }

    /// Evaluates the call. Random functions (`States.UUID`, `States.MathRandom`) draw from `rng`.
    pub fn eval(&self, _scope: &Scope<'_>, _rng: &mut dyn RngCore) -> Result<Value, Failure> {
        Err(Failure::intrinsic(format!(
            "not implemented: {}",
            self.text
        )))
    }
}
