//! Errors of the language: runtime failures that Retry and Catch match (data, not bugs), and
//! definition errors reported at creation time.

use std::fmt;

/// A runtime error as ASL sees it: an error name (`States.Runtime`, `States.TaskFailed`, a
/// user's `Fail` error, ...) and a cause text. Retry and Catch match on `error`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub error: String,
    pub cause: String,
}

impl Failure {
    pub fn new(error: impl Into<String>, cause: impl Into<String>) -> Failure {
        Failure {
            error: error.into(),
            cause: cause.into(),
        }
    }

    /// `States.Runtime` with the given cause: paths that match nothing, bad types, ...
    pub fn runtime(cause: impl Into<String>) -> Failure {
        Failure::new("States.Runtime", cause)
    }

    /// `States.IntrinsicFailure` with the given cause.
    pub fn intrinsic(cause: impl Into<String>) -> Failure {
        Failure::new("States.IntrinsicFailure", cause)
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.error, self.cause)
    }
}

impl std::error::Error for Failure {}

/// A definition AWS would reject at CreateStateMachine / UpdateStateMachine.
///
/// `diagnostics` holds every problem found (AWS lists them all, joined by `\n` in one message).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DefinitionError {
    pub diagnostics: Vec<Diagnostic>,
}

/// One problem in a definition, as ValidateStateMachineDefinition reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// `ERROR` or `WARNING`.
    pub severity: Severity,
    /// AWS's code: `SCHEMA_VALIDATION_FAILED`, `MISSING_TRANSITION_TARGET`, `INVALID_JSON_DESCRIPTION`, ...
    pub code: String,
    /// AWS's message text for this problem (without the code prefix).
    pub message: String,
    /// JSON pointer of the culprit (`/States/A/Next`), when there is one.
    pub location: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "ERROR",
            Severity::Warning => "WARNING",
        }
    }

    /// `"ERROR"` or `"WARNING"` (ValidateStateMachineDefinition's `severity` input).
    pub fn parse(text: &str) -> Option<Severity> {
        match text {
            "ERROR" => Some(Severity::Error),
            "WARNING" => Some(Severity::Warning),
            _ => None,
        }
    }
}

impl Diagnostic {
    /// An `ERROR` diagnostic.
    pub fn error(code: &str, message: impl Into<String>, location: Option<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            code: code.to_owned(),
            message: message.into(),
            location,
        }
    }

    /// A `SCHEMA_VALIDATION_FAILED` error at a JSON-pointer-like location (`/States/A/Next`).
    pub fn schema(message: impl Into<String>, location: impl Into<String>) -> Diagnostic {
        Diagnostic::error(
            codes::SCHEMA_VALIDATION_FAILED,
            message,
            Some(location.into()),
        )
    }
}

/// The diagnostic codes AWS uses (ValidateStateMachineDefinitionDiagnostic).
pub mod codes {
    /// `{"StartAt": 1` : the text is not JSON.
    pub const INVALID_JSON_DESCRIPTION: &str = "INVALID_JSON_DESCRIPTION";
    /// `{"StartAt": "A"}` : a field is missing, unknown or of the wrong shape.
    pub const SCHEMA_VALIDATION_FAILED: &str = "SCHEMA_VALIDATION_FAILED";
    /// `"Next": "Nowhere"` or a state nothing leads to.
    pub const MISSING_TRANSITION_TARGET: &str = "MISSING_TRANSITION_TARGET";
    /// States `A -> B -> A` with no `End`, `Succeed` or `Fail`.
    pub const MISSING_END_STATE: &str = "MISSING_END_STATE";
    /// The same state name in two Parallel branches.
    pub const DUPLICATE_STATE_NAME: &str = "DUPLICATE_STATE_NAME";
    /// A state name longer than 80 characters.
    pub const INVALID_STATE_NAME: &str = "INVALID_STATE_NAME";
    /// A Map `Label` with a forbidden character or longer than 40 characters.
    pub const INVALID_LABEL_NAME: &str = "INVALID_LABEL_NAME";
    /// Warning: `"Parameters": {"a": "$.x"}`, a path in a field whose name lacks `.$`.
    pub const NO_DOLLAR: &str = "NO_DOLLAR";
    /// Warning: `"Error": "$.error"` in a Fail state, a path in a field whose name lacks `Path`.
    pub const NO_PATH: &str = "NO_PATH";
    /// Warning: `"Result": {"a.$": "$.x"}` in a Pass state, where `Result` is never evaluated.
    pub const PASS_RESULT_IS_STATIC: &str = "PASS_RESULT_IS_STATIC";
    /// The same Map `Label` on two Map states.
    pub const DUPLICATE_LABEL_NAME: &str = "DUPLICATE_LABEL_NAME";
}

impl DefinitionError {
    pub fn single(
        code: impl Into<String>,
        message: impl Into<String>,
        location: Option<String>,
    ) -> Self {
        DefinitionError {
            diagnostics: vec![Diagnostic {
                severity: Severity::Error,
                code: code.into(),
                message: message.into(),
                location,
            }],
        }
    }
}

impl fmt::Display for DefinitionError {
    /// The text AWS puts after `InvalidDefinition`:
    /// `Invalid State Machine Definition: 'CODE: message at /path'`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // AWS joins several problems with ", " inside one quoted string, each as
        // `CODE: message at location` (e.g. `MISSING_TRANSITION_TARGET: Missing 'Next' target: B at
        // /States/A/Next, MISSING_TRANSITION_TARGET: State "C" is not reachable. at /States/C`).
        f.write_str("Invalid State Machine Definition: '")?;
        for (i, d) in self
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .enumerate()
        {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{}: {}", d.code, d.message)?;
            // AWS prints a missing location as `null` (`MISSING_END_STATE: Workflow has no
            // terminal state at null`).
            write!(f, " at {}", d.location.as_deref().unwrap_or("null"))?;
        }
        f.write_str("'")
    }
}

impl std::error::Error for DefinitionError {}
