//! AWS's wording for JSONata failures: every runtime failure is `States.QueryEvaluationError`
//! with a cause naming the expression and the field (`Output/a/b[0]`, `Assign/x`, `Items`, ...).
//!
//! Owns only message texts; it must not evaluate anything.

use std::fmt;

use serde_json::Value;

use crate::asl::Failure;

/// The error name of every JSONata evaluation failure.
pub const QUERY_EVALUATION_ERROR: &str = "States.QueryEvaluationError";

/// A JSONata evaluation failure, before the engine adds the state prefix.
///
/// The engine records it as an `EvaluationFailed` event (`error`, `cause`, `location`, `state`)
/// and fails the state with [`QueryError::into_failure`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryError {
    /// The field, relative to the state: `Output`, `Output/a[0]`, `Assign/x`, `Items`, ...
    /// `None` for failures AWS reports without a location.
    pub location: Option<String>,
    /// The cause without the `An error occurred while executing the state ...` prefix.
    pub cause: String,
}

impl QueryError {
    fn new(field: &str, cause: String) -> QueryError {
        QueryError {
            location: Some(field.to_owned()),
            cause,
        }
    }

    /// `{% $nothing %}`: the expression produced `undefined` where a value is needed.
    pub fn undefined(expr: &str, field: &str) -> QueryError {
        QueryError::new(
            field,
            format!(
                "The JSONata expression '{expr}' specified for the field '{field}' returned nothing (undefined)."
            ),
        )
    }

    /// `{% function($x){$x} %}`: a function or regex, which JSON cannot carry.
    pub fn unsupported(expr: &str, field: &str) -> QueryError {
        QueryError::new(
            field,
            format!(
                "The JSONata expression '{expr}' specified for the field '{field}' returned an unsupported result type."
            ),
        )
    }

    /// `{% $undefinedFn() %}`: the library raised an error (`message` starts with its code, e.g.
    /// `T1006: Attempted to invoke a non-function`).
    pub fn thrown(expr: &str, field: &str, message: &str) -> QueryError {
        let message = js_message(message);
        let message = message.as_str();
        QueryError::new(
            field,
            format!(
                "The JSONata expression '{expr}' specified for the field '{field}' threw an error during evaluation. {message}"
            ),
        )
    }

    /// `"Items": "{% true %}"`: a value of the wrong JSON type. `expected` is AWS's type name
    /// (`array`, `boolean`, `string`, `number`, `integer`, `object`).
    pub fn unexpected_type(expr: &str, field: &str, expected: &str, value: &Value) -> QueryError {
        QueryError::new(
            field,
            format!(
                "The JSONata expression '{expr}' specified for the field '{field}' returned an unexpected result type. Expected '{expected}', but was '{}' for value: {}",
                type_name(value),
                compact(value)
            ),
        )
    }

    /// `"Timestamp": "{% '2016-13-05T21:29:29Z' %}"`: a string that is not an ISO-8601 date-time
    /// with an offset.
    pub fn bad_timestamp(field: &str, text: &str) -> QueryError {
        QueryError::new(
            field,
            format!(
                "The {field} field cannot be parsed as an ISO-8601 extended offset date-time format string: {text}"
            ),
        )
    }

    /// `"TimeoutSeconds": "{% 1.5 %}"`: a number field that needs a whole number.
    pub fn not_an_integer(field: &str, value: &Value) -> QueryError {
        QueryError::new(
            field,
            format!(
                "The {field} field cannot be parsed as an integer: {}",
                compact(value)
            ),
        )
    }

    /// `"TimeoutSeconds": "{% -1 %}"`: a number outside the field's bounds.
    pub fn out_of_range(field: &str, min: i64, max: i64, value: &Value) -> QueryError {
        QueryError::new(
            field,
            format!(
                "{field} must be between {min} and {max} but was: {}",
                compact(value)
            ),
        )
    }

    /// A Map state whose input (no `Items`) is not an array; AWS gives no location.
    pub fn map_input_not_array(value: &Value) -> QueryError {
        QueryError {
            location: None,
            cause: format!(
                "Map state input must be an array but was: {}",
                compact(value)
            ),
        }
    }

    /// The cause as the execution reports it, with AWS's state prefix.
    pub fn cause_in_state(&self, state: &str, entered_event_id: i64) -> String {
        format!("{}{}", state_prefix(state, entered_event_id), self.cause)
    }

    /// The failure the state fails with (`States.QueryEvaluationError`, prefixed cause).
    pub fn into_failure(self, state: &str, entered_event_id: i64) -> Failure {
        Failure::new(
            QUERY_EVALUATION_ERROR,
            self.cause_in_state(state, entered_event_id),
        )
    }

    /// The failure without the state prefix (TestState-style callers that add their own).
    pub fn to_failure(&self) -> Failure {
        Failure::new(QUERY_EVALUATION_ERROR, self.cause.clone())
    }
}

impl fmt::Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{QUERY_EVALUATION_ERROR}: {}", self.cause)
    }
}

impl std::error::Error for QueryError {}

/// `An error occurred while executing the state 'S' (entered at the event id #2). `
pub fn state_prefix(state: &str, entered_event_id: i64) -> String {
    format!(
        "An error occurred while executing the state '{state}' (entered at the event id #{entered_event_id}). "
    )
}

/// AWS's (JSONata's) name for a JSON value's type.
pub fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// The library's message as jsonata-js (the version AWS runs) words it, where the two differ
/// and the library's text carries what jsonata-js prints. jsonata-js fills `{{token}}` and
/// `{{value}}` with their JSON text, so function names and operators appear quoted.
fn js_message(message: &str) -> String {
    let Some((code, rest)) = message.split_once(": ") else {
        return message.to_owned();
    };
    let quoted = |s: &str| serde_json::to_string(s).unwrap_or_default();
    let text = match code {
        // jsonata-js names no function in T1006.
        "T1006" => "Attempted to invoke a non-function".to_owned(),
        "T0410" | "T0411" | "T0412" => match function_argument_message(rest) {
            Some(t) => t,
            None => rest.to_owned(),
        },
        "T2001" | "T2002" => {
            let side = if code == "T2001" { "left" } else { "right" };
            match rest
                .strip_prefix(&format!("The {side} side of the "))
                .and_then(|r| r.strip_suffix(" operator must evaluate to a number"))
            {
                Some(op) => format!(
                    "The {side} side of the {} operator must evaluate to a number",
                    quoted(op.trim_matches('"'))
                ),
                None => rest.to_owned(),
            }
        }
        "T2003" => {
            "The left side of the range operator (..) must evaluate to an integer".to_owned()
        }
        "T2004" => {
            "The right side of the range operator (..) must evaluate to an integer".to_owned()
        }
        "D3001" => "Attempting to invoke string function on Infinity or NaN".to_owned(),
        "D3030" => match rest
            .strip_prefix("Cannot convert '")
            .and_then(|r| r.strip_suffix("' to number"))
        {
            Some(v) => format!("Unable to cast value to a number: {}", quoted(v)),
            None => rest.to_owned(),
        },
        _ => rest.to_owned(),
    };
    format!("{code}: {text}")
}

/// `Argument 1 of function substring does not match function signature` with the function name
/// quoted, as jsonata-js writes it.
fn function_argument_message(rest: &str) -> Option<String> {
    let after = rest.strip_prefix("Argument ")?;
    let (index, after) = after.split_once(" of function ")?;
    let (name, tail) = after.split_once(' ')?;
    let name = name.trim_matches('"').trim_start_matches('$');
    Some(format!(
        "Argument {index} of function {} {tail}",
        serde_json::to_string(name).unwrap_or_default()
    ))
}

fn compact(v: &Value) -> String {
    serde_json::to_string(v).unwrap_or_default()
}
