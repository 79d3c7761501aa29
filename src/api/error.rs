//! The AWS error shape: HTTP 400 with `{"__type": "com.amazonaws.swf.service.v2.model#Code",
//! "message": "..."}` (500 for internal errors), and the one place where internal errors of
//! other modules become AWS codes.

use std::fmt;

use crate::asl::DefinitionError;
use crate::engine::EngineError;

/// An error as the API answers it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// AWS's error code, e.g. `ExecutionDoesNotExist`.
    pub code: String,
    /// The message; empty for the framework errors AWS sends without one
    /// (`SerializationException`, `UnknownOperationException` on an unknown target).
    pub message: String,
    /// HTTP status (400 for client errors, 500 for internal ones).
    pub status: u16,
}

impl ApiError {
    pub fn new(code: impl Into<String>, message: impl Into<String>) -> ApiError {
        ApiError {
            code: code.into(),
            message: message.into(),
            status: 400,
        }
    }

    /// An unknown `X-Amz-Target`: AWS's framework answers it without a message.
    pub fn unknown_operation(operation: &str) -> ApiError {
        let _ = operation;
        ApiError::new("UnknownOperationException", "")
    }

    /// An operation of the model that passo does not implement yet. The replay tool and SDK
    /// users read it as "unsupported", never as a success.
    pub fn not_implemented(operation: &str) -> ApiError {
        ApiError::new(
            "UnknownOperationException",
            format!("{operation} is not implemented yet in passo"),
        )
    }

    /// A body that is not a JSON object (AWS sends no message).
    pub fn serialization() -> ApiError {
        ApiError::new("SerializationException", "")
    }

    /// `1 validation error detected: <violation>` (AWS's model-constraint failure).
    pub fn validation(violation: impl fmt::Display) -> ApiError {
        ApiError::new(
            "ValidationException",
            format!("1 validation error detected: {violation}"),
        )
    }

    pub fn internal(message: impl Into<String>) -> ApiError {
        ApiError {
            code: "InternalFailure".to_owned(),
            message: message.into(),
            status: 500,
        }
    }

    /// The `__type` namespace AWS uses for this code: model-constraint failures come from the
    /// validation framework, wire-level failures from the service framework, the rest from
    /// Step Functions itself.
    pub fn namespace(&self) -> &'static str {
        match self.code.as_str() {
            "ValidationException" => "com.amazon.coral.validate",
            "UnknownOperationException" | "SerializationException" | "InternalFailure" => {
                "com.amazon.coral.service"
            }
            _ => "com.amazonaws.swf.service.v2.model",
        }
    }

    /// The JSON body AWS sends for this error.
    pub fn body(&self) -> serde_json::Value {
        let mut body = serde_json::Map::new();
        body.insert(
            "__type".to_owned(),
            format!("{}#{}", self.namespace(), self.code).into(),
        );
        if !self.message.is_empty() {
            body.insert("message".to_owned(), self.message.clone().into());
        }
        serde_json::Value::Object(body)
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

impl std::error::Error for ApiError {}

impl From<DefinitionError> for ApiError {
    fn from(e: DefinitionError) -> ApiError {
        ApiError::new("InvalidDefinition", e.to_string())
    }
}

impl From<EngineError> for ApiError {
    fn from(e: EngineError) -> ApiError {
        match e {
            EngineError::ExecutionDoesNotExist(_) => {
                ApiError::new("ExecutionDoesNotExist", e.to_string())
            }
            EngineError::ExecutionAlreadyExists(_) => {
                ApiError::new("ExecutionAlreadyExists", e.to_string())
            }
            EngineError::Internal(m) => ApiError::internal(m),
        }
    }
}

/// Builds an [`ApiError`] with AWS's code and a formatted message:
/// `api_error!(ExecutionDoesNotExist, "Execution Does Not Exist: '{arn}'")`.
#[macro_export]
macro_rules! api_error {
    ($code:ident, $($fmt:tt)+) => {
        $crate::api::ApiError::new(stringify!($code), format!($($fmt)+))
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_carry_aws_namespaces() {
        let e = crate::api_error!(
            StateMachineDoesNotExist,
            "State Machine Does Not Exist: 'x'"
        );
        assert_eq!(
            e.body(),
            serde_json::json!({"__type": "com.amazonaws.swf.service.v2.model#StateMachineDoesNotExist",
                "message": "State Machine Does Not Exist: 'x'"})
        );
        assert_eq!(
            ApiError::serialization().body(),
            serde_json::json!({"__type": "com.amazon.coral.service#SerializationException"})
        );
        assert_eq!(
            ApiError::validation("v").body()["__type"],
            "com.amazon.coral.validate#ValidationException"
        );
    }
}
