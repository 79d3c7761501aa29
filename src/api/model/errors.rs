//! Generated from ../shared/aws-model/stepfunctions-service-2.json (sha256 bfb8c218406d881b3f5287ff6c98d51b048dfae2622b45a7f7ba0a14729b36af). Do not edit.
//!
//! The error codes the model declares (`__type` of an error answer), checked by name.
//! Regenerate with `PASSO_CODEGEN_WRITE=1 cargo test --test codegen`.

use std::fmt;

/// An error code declared in the model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorCode {
    ActivityAlreadyExists,
    ActivityDoesNotExist,
    ActivityLimitExceeded,
    ActivityWorkerLimitExceeded,
    ConflictException,
    ExecutionAlreadyExists,
    ExecutionDoesNotExist,
    ExecutionLimitExceeded,
    ExecutionNotRedrivable,
    InvalidArn,
    InvalidDefinition,
    InvalidEncryptionConfiguration,
    InvalidExecutionInput,
    InvalidLoggingConfiguration,
    InvalidName,
    InvalidOutput,
    InvalidToken,
    InvalidTracingConfiguration,
    KmsAccessDeniedException,
    KmsInvalidStateException,
    KmsThrottlingException,
    MissingRequiredParameter,
    ResourceNotFound,
    ServiceQuotaExceededException,
    StateMachineAlreadyExists,
    StateMachineDeleting,
    StateMachineDoesNotExist,
    StateMachineLimitExceeded,
    StateMachineTypeNotSupported,
    TaskDoesNotExist,
    TaskTimedOut,
    TooManyTags,
    ValidationException,
}

impl ErrorCode {
    pub const ALL: [ErrorCode; 33] = [
        ErrorCode::ActivityAlreadyExists,
        ErrorCode::ActivityDoesNotExist,
        ErrorCode::ActivityLimitExceeded,
        ErrorCode::ActivityWorkerLimitExceeded,
        ErrorCode::ConflictException,
        ErrorCode::ExecutionAlreadyExists,
        ErrorCode::ExecutionDoesNotExist,
        ErrorCode::ExecutionLimitExceeded,
        ErrorCode::ExecutionNotRedrivable,
        ErrorCode::InvalidArn,
        ErrorCode::InvalidDefinition,
        ErrorCode::InvalidEncryptionConfiguration,
        ErrorCode::InvalidExecutionInput,
        ErrorCode::InvalidLoggingConfiguration,
        ErrorCode::InvalidName,
        ErrorCode::InvalidOutput,
        ErrorCode::InvalidToken,
        ErrorCode::InvalidTracingConfiguration,
        ErrorCode::KmsAccessDeniedException,
        ErrorCode::KmsInvalidStateException,
        ErrorCode::KmsThrottlingException,
        ErrorCode::MissingRequiredParameter,
        ErrorCode::ResourceNotFound,
        ErrorCode::ServiceQuotaExceededException,
        ErrorCode::StateMachineAlreadyExists,
        ErrorCode::StateMachineDeleting,
        ErrorCode::StateMachineDoesNotExist,
        ErrorCode::StateMachineLimitExceeded,
        ErrorCode::StateMachineTypeNotSupported,
        ErrorCode::TaskDoesNotExist,
        ErrorCode::TaskTimedOut,
        ErrorCode::TooManyTags,
        ErrorCode::ValidationException,
    ];

    /// The code as it appears on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::ActivityAlreadyExists => "ActivityAlreadyExists",
            ErrorCode::ActivityDoesNotExist => "ActivityDoesNotExist",
            ErrorCode::ActivityLimitExceeded => "ActivityLimitExceeded",
            ErrorCode::ActivityWorkerLimitExceeded => "ActivityWorkerLimitExceeded",
            ErrorCode::ConflictException => "ConflictException",
            ErrorCode::ExecutionAlreadyExists => "ExecutionAlreadyExists",
            ErrorCode::ExecutionDoesNotExist => "ExecutionDoesNotExist",
            ErrorCode::ExecutionLimitExceeded => "ExecutionLimitExceeded",
            ErrorCode::ExecutionNotRedrivable => "ExecutionNotRedrivable",
            ErrorCode::InvalidArn => "InvalidArn",
            ErrorCode::InvalidDefinition => "InvalidDefinition",
            ErrorCode::InvalidEncryptionConfiguration => "InvalidEncryptionConfiguration",
            ErrorCode::InvalidExecutionInput => "InvalidExecutionInput",
            ErrorCode::InvalidLoggingConfiguration => "InvalidLoggingConfiguration",
            ErrorCode::InvalidName => "InvalidName",
            ErrorCode::InvalidOutput => "InvalidOutput",
            ErrorCode::InvalidToken => "InvalidToken",
            ErrorCode::InvalidTracingConfiguration => "InvalidTracingConfiguration",
            ErrorCode::KmsAccessDeniedException => "KmsAccessDeniedException",
            ErrorCode::KmsInvalidStateException => "KmsInvalidStateException",
            ErrorCode::KmsThrottlingException => "KmsThrottlingException",
            ErrorCode::MissingRequiredParameter => "MissingRequiredParameter",
            ErrorCode::ResourceNotFound => "ResourceNotFound",
            ErrorCode::ServiceQuotaExceededException => "ServiceQuotaExceededException",
            ErrorCode::StateMachineAlreadyExists => "StateMachineAlreadyExists",
            ErrorCode::StateMachineDeleting => "StateMachineDeleting",
            ErrorCode::StateMachineDoesNotExist => "StateMachineDoesNotExist",
            ErrorCode::StateMachineLimitExceeded => "StateMachineLimitExceeded",
            ErrorCode::StateMachineTypeNotSupported => "StateMachineTypeNotSupported",
            ErrorCode::TaskDoesNotExist => "TaskDoesNotExist",
            ErrorCode::TaskTimedOut => "TaskTimedOut",
            ErrorCode::TooManyTags => "TooManyTags",
            ErrorCode::ValidationException => "ValidationException",
        }
    }

    /// The code named `name`, if the model declares it.
    pub fn from_name(name: &str) -> Option<ErrorCode> {
        match name {
            "ActivityAlreadyExists" => Some(ErrorCode::ActivityAlreadyExists),
            "ActivityDoesNotExist" => Some(ErrorCode::ActivityDoesNotExist),
            "ActivityLimitExceeded" => Some(ErrorCode::ActivityLimitExceeded),
            "ActivityWorkerLimitExceeded" => Some(ErrorCode::ActivityWorkerLimitExceeded),
            "ConflictException" => Some(ErrorCode::ConflictException),
            "ExecutionAlreadyExists" => Some(ErrorCode::ExecutionAlreadyExists),
            "ExecutionDoesNotExist" => Some(ErrorCode::ExecutionDoesNotExist),
            "ExecutionLimitExceeded" => Some(ErrorCode::ExecutionLimitExceeded),
            "ExecutionNotRedrivable" => Some(ErrorCode::ExecutionNotRedrivable),
            "InvalidArn" => Some(ErrorCode::InvalidArn),
            "InvalidDefinition" => Some(ErrorCode::InvalidDefinition),
            "InvalidEncryptionConfiguration" => Some(ErrorCode::InvalidEncryptionConfiguration),
            "InvalidExecutionInput" => Some(ErrorCode::InvalidExecutionInput),
            "InvalidLoggingConfiguration" => Some(ErrorCode::InvalidLoggingConfiguration),
            "InvalidName" => Some(ErrorCode::InvalidName),
            "InvalidOutput" => Some(ErrorCode::InvalidOutput),
            "InvalidToken" => Some(ErrorCode::InvalidToken),
            "InvalidTracingConfiguration" => Some(ErrorCode::InvalidTracingConfiguration),
            "KmsAccessDeniedException" => Some(ErrorCode::KmsAccessDeniedException),
            "KmsInvalidStateException" => Some(ErrorCode::KmsInvalidStateException),
            "KmsThrottlingException" => Some(ErrorCode::KmsThrottlingException),
            "MissingRequiredParameter" => Some(ErrorCode::MissingRequiredParameter),
            "ResourceNotFound" => Some(ErrorCode::ResourceNotFound),
            "ServiceQuotaExceededException" => Some(ErrorCode::ServiceQuotaExceededException),
            "StateMachineAlreadyExists" => Some(ErrorCode::StateMachineAlreadyExists),
            "StateMachineDeleting" => Some(ErrorCode::StateMachineDeleting),
            "StateMachineDoesNotExist" => Some(ErrorCode::StateMachineDoesNotExist),
            "StateMachineLimitExceeded" => Some(ErrorCode::StateMachineLimitExceeded),
            "StateMachineTypeNotSupported" => Some(ErrorCode::StateMachineTypeNotSupported),
            "TaskDoesNotExist" => Some(ErrorCode::TaskDoesNotExist),
            "TaskTimedOut" => Some(ErrorCode::TaskTimedOut),
            "TooManyTags" => Some(ErrorCode::TooManyTags),
            "ValidationException" => Some(ErrorCode::ValidationException),
            _ => None,
        }
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
