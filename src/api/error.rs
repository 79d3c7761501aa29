//! The AWS error shape: HTTP 400 with `{"__type": "com.amazonaws.swf.service.v2.model#Code",
//! "message": "..."}` (500 for internal errors).

use std::fmt;

/// An error as the API answers it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// AWS's error code, e.g. `ExecutionDoesNotExist`.
    pub code: String,
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

    pub fn unknown_operation(operation: &str) -> ApiError {
        ApiError::new(
            "UnknownOperationException",
            format!("Unknown operation {operation}"),
        )
    }

    pub fn internal(message: impl Into<String>) -> ApiError {
        ApiError {
            code: "InternalFailure".to_owned(),
            message: message.into(),
            status: 500,
        }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

impl std::error::Error for ApiError {}

/// Builds an [`ApiError`] with AWS's code and a formatted message:
/// `api_error!(ExecutionDoesNotExist, "Execution Does Not Exist: '{arn}'")`.
#[macro_export]
macro_rules! api_error {
    ($code:ident, $($fmt:tt)+) => {
        $crate::api::ApiError::new(stringify!($code), format!($($fmt)+))
    };
}
