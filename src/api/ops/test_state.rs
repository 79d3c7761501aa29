//! TestState: reads the request as the generated `TestStateInput`, hands it to
//! [`crate::engine::test_state`] and writes the `TestStateOutput` back, with every JSON value as
//! text the way TestState prints it.
//!
//! Owns the request/response edge of TestState only; the evaluation and AWS's state-level
//! messages live in the engine module.

use serde_json::{Map, Value};

use super::Input;
use crate::api::model::shapes::{
    InspectionData, InspectionErrorDetails, InspectionLevel, MockResponseValidationMode,
    TestExecutionStatus, TestStateInput, TestStateOutput,
};
use crate::api::{ApiError, Service};
use crate::asl::Failure;
use crate::engine::rng::SeededRng;
use crate::engine::test_state::{
    self, ContextSeed, FieldValidation, Inspection, Level, Mock, StateConfig, Status,
    TestStateError, TestStateOutcome, TestStateRequest,
};

/// Salt of the random stream TestState draws its pretend names (and `States.UUID`, ...) from.
const TEST_STATE_SALT: u64 = 0x7061_7373_6f5f_7473;

/// FNV-1a over the definition and input texts (a stable, dependency-free request digest).
fn fnv1a(definition: &str, input: Option<&str>) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in definition
        .bytes()
        .chain([0u8])
        .chain(input.unwrap_or("").bytes())
    {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

fn validation(msg: impl Into<String>) -> ApiError {
    ApiError::new("ValidationException", msg)
}

pub(super) fn test_state(svc: &Service, input: Input<'_>) -> Result<Value, ApiError> {
    let shape: TestStateInput = serde_json::from_value(Value::Object(input.0.clone()))
        .map_err(|_| ApiError::serialization())?;
    let req = request(&shape)?;
    let engine = svc.engine();
    // Drawn from the seed and the request alone: the same request gets the same pretend names,
    // and the engine's own random sequence (execution names, ...) is left untouched.
    let names = SeededRng::new(
        engine.config().seed ^ TEST_STATE_SALT ^ fnv1a(&shape.definition, shape.input.as_deref()),
    );
    let seed = ContextSeed {
        region: svc.arns().region.clone(),
        account: svc.arns().account.clone(),
        role_arn: shape.role_arn.clone(),
        state_machine_name: names.uuid().to_string(),
        execution_name: names.uuid().to_string(),
        now: engine.now().format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string(),
        now_time: engine.now(),
    };
    let mut rng = names.fork();
    let outcome = test_state::run(&req, &seed, &mut rng).map_err(|e| match e {
        TestStateError::InvalidDefinition(m) => ApiError::new("InvalidDefinition", m),
        TestStateError::Validation(m) => validation(m),
        TestStateError::Unsupported(m) => validation(m),
    })?;
    serde_json::to_value(response(outcome)).map_err(|e| ApiError::internal(e.to_string()))
}

/// Parses the members that carry JSON text and maps the shape onto the engine's request.
fn request(shape: &TestStateInput) -> Result<TestStateRequest, ApiError> {
    let input = match shape.input.as_deref() {
        None => Value::Object(Map::new()),
        Some(text) => serde_json::from_str(text)
            .map_err(|_| validation("Invalid State Input: the input must be valid JSON"))?,
    };
    let variables = match shape.variables.as_deref() {
        None => Map::new(),
        Some(text) => match serde_json::from_str(text) {
            Ok(Value::Object(m)) => m,
            _ => return Err(validation("Variables must be a valid JSON object")),
        },
    };
    let context = match shape.context.as_deref() {
        None => None,
        Some(text) => Some(serde_json::from_str(text).map_err(|_| {
            validation("Invalid Context object provided: Context object must be valid JSON")
        })?),
    };
    let mock = match &shape.mock {
        None => None,
        Some(m) => match (&m.result, &m.error_output) {
            (Some(_), Some(_)) => return Err(validation(
                "A test mock should have only one of the following fields: [result, errorOutput].",
            )),
            (Some(r), None) => Some(Mock::Result(r.clone())),
            (None, Some(e)) => Some(Mock::Error(Failure::new(
                e.error.clone().unwrap_or_default(),
                e.cause.clone().unwrap_or_default(),
            ))),
            (None, None) => None,
        },
    };
    let config = shape
        .state_configuration
        .as_ref()
        .map(|c| StateConfig {
            retrier_retry_count: c
                .retrier_retry_count
                .and_then(|n| u32::try_from(n).ok())
                .unwrap_or(0),
            map_iteration_failure_count: c
                .map_iteration_failure_count
                .and_then(|n| u32::try_from(n).ok()),
            error_caused_by_state: c.error_caused_by_state.clone(),
            map_item_reader_data: c.map_item_reader_data.clone(),
        })
        .unwrap_or_default();
    Ok(TestStateRequest {
        definition: shape.definition.clone(),
        state_name: shape.state_name.clone(),
        input,
        level: match shape.inspection_level {
            None | Some(InspectionLevel::Info) => Level::Info,
            Some(InspectionLevel::Debug) => Level::Debug,
            Some(InspectionLevel::Trace) => Level::Trace,
        },
        mock,
        field_validation: match shape.mock.as_ref().and_then(|m| m.field_validation_mode) {
            None | Some(MockResponseValidationMode::Strict) => FieldValidation::Strict,
            Some(MockResponseValidationMode::Present) => FieldValidation::Present,
            Some(MockResponseValidationMode::None) => FieldValidation::None,
        },
        reveal_secrets: shape.reveal_secrets.unwrap_or(false),
        has_role: shape.role_arn.as_deref().is_some_and(|r| !r.is_empty()),
        variables,
        context,
        config,
    })
}

fn response(o: TestStateOutcome) -> TestStateOutput {
    TestStateOutput {
        output: o.output.as_ref().map(text),
        error: o.error,
        cause: o.cause,
        inspection_data: o.inspection.map(inspection),
        next_state: o.next_state,
        status: Some(match o.status {
            Status::Succeeded => TestExecutionStatus::Succeeded,
            Status::Failed => TestExecutionStatus::Failed,
            Status::Retriable => TestExecutionStatus::Retriable,
            Status::CaughtError => TestExecutionStatus::CaughtError,
        }),
    }
}

fn inspection(i: Inspection) -> InspectionData {
    let t = |v: &Option<Value>| v.as_ref().map(text);
    InspectionData {
        input: t(&i.input),
        after_input_path: t(&i.after_input_path),
        after_arguments: t(&i.after_arguments),
        after_parameters: t(&i.after_parameters),
        result: t(&i.result),
        after_result_selector: t(&i.after_result_selector),
        after_result_path: t(&i.after_result_path),
        after_items_path: t(&i.after_items_path),
        after_item_selector: t(&i.after_item_selector),
        variables: t(&i.variables),
        max_concurrency: i.max_concurrency.and_then(|n| i32::try_from(n).ok()),
        tolerated_failure_count: i
            .tolerated_failure_count
            .and_then(|n| i32::try_from(n).ok()),
        tolerated_failure_percentage: i.tolerated_failure_percentage,
        error_details: i.error_details.map(|d| InspectionErrorDetails {
            catch_index: d.catch_index.and_then(|n| i32::try_from(n).ok()),
            retry_index: d.retry_index.and_then(|n| i32::try_from(n).ok()),
            retry_backoff_interval_seconds: d
                .retry_backoff_interval_seconds
                .and_then(|n| i32::try_from(n).ok()),
        }),
        ..InspectionData::default()
    }
}

/// TestState prints JSON with a space after `,` and `:` (`[1, 2]`, `{"a": 1}`), unlike the
/// compact text of execution histories.
pub(crate) fn text(v: &Value) -> String {
    let mut out = Vec::new();
    let mut ser = serde_json::Serializer::with_formatter(&mut out, Spaced);
    if serde::Serialize::serialize(v, &mut ser).is_err() {
        return "null".to_owned();
    }
    String::from_utf8(out).unwrap_or_else(|_| "null".to_owned())
}

struct Spaced;

impl serde_json::ser::Formatter for Spaced {
    fn begin_array_value<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        if first {
            Ok(())
        } else {
            w.write_all(b", ")
        }
    }

    fn begin_object_key<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        if first {
            Ok(())
        } else {
            w.write_all(b", ")
        }
    }

    fn begin_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        w.write_all(b": ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn text_is_spaced() {
        assert_eq!(
            text(&json!([1, {"a": "b", "c": []}])),
            r#"[1, {"a": "b", "c": []}]"#
        );
        assert_eq!(text(&json!("x")), r#""x""#);
    }
}
