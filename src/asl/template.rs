//! Payload templates: `Parameters`, `ResultSelector`, `ItemSelector` (JSONPath mode), where keys
//! ending in `.$` take a path or an intrinsic call.
//!
//! SKELETON: copies literals and resolves `.$` keys as definite paths; the full version keeps
//! AWS's key order and handles intrinsics.

use rand_core::RngCore;
use serde_json::{Map, Value};

use crate::asl::path::{Path, Scope};
use crate::asl::Failure;

/// A compiled payload template.
#[derive(Debug, Clone, PartialEq)]
pub struct Template {
    raw: Value,
}

/// Why a template is not valid (a definition error at creation time).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct TemplateError {
    /// AWS's message, e.g. `The value for the field 'a.$' must be a valid JSONPath or a valid intrinsic function call`.
    pub message: String,
}

impl Template {
    pub fn compile(raw: &Value) -> Result<Template, TemplateError> {
        Ok(Template { raw: raw.clone() })
    }

    /// Evaluates the template against the scope. `field` names the template's field
    /// (`Parameters`, `ResultSelector`, `ItemSelector`) for error messages.
    pub fn eval(&self, scope: &Scope<'_>, _rng: &mut dyn RngCore) -> Result<Value, Failure> {
        fn go(v: &Value, scope: &Scope<'_>) -> Result<Value, Failure> {
            match v {
                Value::Object(m) => {
                    let mut out = Map::new();
                    for (k, v) in m {
                        if let Some(key) = k.strip_suffix(".$") {
                            let text = v.as_str().unwrap_or_default();
                            let path =
                                Path::parse(text).map_err(|e| Failure::runtime(e.to_string()))?;
                            let got = path
                                .select(scope)
                                .map_err(|e| Failure::runtime(e.to_string()))?;
                            out.insert(key.to_owned(), got);
                        } else {
                            out.insert(k.clone(), go(v, scope)?);
                        }
                    }
                    Ok(Value::Object(out))
                }
                Value::Array(a) => a
                    .iter()
                    .map(|v| go(v, scope))
                    .collect::<Result<_, _>>()
                    .map(Value::Array),
                other => Ok(other.clone()),
            }
        }
        go(&self.raw, scope)
    }
}
