//! Static validation of definitions, as AWS does it at CreateStateMachine, UpdateStateMachine and
//! ValidateStateMachineDefinition, with AWS's codes and messages.
//!
//! Owns the rules of a well-formed definition; it must not compile plans or evaluate anything.
//!
//! Three phases, each collecting every problem (AWS lists them all):
//! 1. `json`: text to a JSON object (`INVALID_JSON_DESCRIPTION`, or `SCHEMA_VALIDATION_FAILED:
//!    Definition must be a valid JSON object`);
//! 2. `states` (with `nested` for Parallel/Map and `handlers` for Retry/Catch, `fields` for
//!    shared value checks, [`crate::asl::choice`] for rules): the schema of every state
//!    (`SCHEMA_VALIDATION_FAILED`), including what EXPRESS machines cannot run;
//! 3. `graph` (only when the schema is sound, as AWS does: a machine without `States` reports
//!    nothing about its `StartAt`): names, transitions, reachability.
//!
//! Entry points: [`check`] (CreateStateMachine for STANDARD; [`crate::asl::compile`] uses it),
//! [`check_for_type`] (EXPRESS too), [`validate_definition`] (the
//! ValidateStateMachineDefinition answer), [`check_state`] / [`schema_diagnostics`] (TestState).

pub(crate) mod fields;
mod graph;
mod handlers;
mod json;
mod jsonata;
mod nested;
mod states;

use serde_json::{json, Value};

use crate::asl::error::{DefinitionError, Diagnostic, Severity};

pub use states::MAX_STATE_NAME;

/// Parses the definition text and validates it for a STANDARD machine; returns the parsed JSON
/// when AWS would accept it.
pub fn check(definition: &str) -> Result<Value, DefinitionError> {
    check_for_type(definition, false)
}

/// [`check`] for a machine of the given type: EXPRESS machines also reject activities, `.sync`
/// and `.waitForTaskToken` resources.
pub fn check_for_type(definition: &str, express: bool) -> Result<Value, DefinitionError> {
    let value = json::parse(definition).map_err(|d| DefinitionError {
        diagnostics: vec![d],
    })?;
    let diagnostics = diagnostics_for_type(&value, express);
    if diagnostics.iter().any(|d| d.severity == Severity::Error) {
        Err(DefinitionError { diagnostics })
    } else {
        Ok(value)
    }
}

/// Every problem (errors and warnings) in a parsed STANDARD definition.
pub fn diagnostics(definition: &Value) -> Vec<Diagnostic> {
    diagnostics_for_type(definition, false)
}

/// Every problem in a parsed definition for a machine of the given type.
pub fn diagnostics_for_type(definition: &Value, express: bool) -> Vec<Diagnostic> {
    let Some(def) = definition.as_object() else {
        return vec![Diagnostic::error(
            crate::asl::error::codes::SCHEMA_VALIDATION_FAILED,
            "Definition must be a valid JSON object",
            None,
        )];
    };
    let mut out = Vec::new();
    let blocks = {
        let mut walker = states::Walker::new(fields::Out { diags: &mut out }, express);
        walker.machine(def);
        walker.blocks
    };
    // Warnings do not stop the graph phase; schema errors do.
    if !out.iter().any(|d| d.severity == Severity::Error) {
        graph::check(&blocks, &mut out);
    }
    out
}

/// The schema phase alone (no transition checks) on a parsed machine: what TestState checks
/// when given a whole machine and a state name.
pub fn schema_diagnostics(definition: &Value, express: bool) -> Vec<Diagnostic> {
    let Some(def) = definition.as_object() else {
        return vec![Diagnostic::error(
            crate::asl::error::codes::SCHEMA_VALIDATION_FAILED,
            "Definition must be a valid JSON object",
            None,
        )];
    };
    let mut out = Vec::new();
    let mut walker = states::Walker::new(fields::Out { diags: &mut out }, express);
    walker.machine(def);
    out
}

/// The name AWS gives a lone state under test (`/States/StateName/Branches`).
pub const TEST_STATE_NAME: &str = "StateName";

/// Validates a single state's definition text, as TestState does when given one state: the
/// state is checked as `/States/StateName` of a one-state machine, without transition checks
/// (its `Next` may name a state that is not there). Returns the parsed state.
///
/// `{"Type": "Parallel", "Branches": [], "End": true}` fails with `SCHEMA_VALIDATION_FAILED:
/// Value cannot be empty at /States/StateName/Branches`.
pub fn check_state(state: &str) -> Result<Value, DefinitionError> {
    let value = json::parse(state).map_err(|d| DefinitionError {
        diagnostics: vec![d],
    })?;
    let machine = json!({"StartAt": TEST_STATE_NAME, "States": {TEST_STATE_NAME: value}});
    let diagnostics = schema_diagnostics(&machine, false);
    if diagnostics.iter().any(|d| d.severity == Severity::Error) {
        return Err(DefinitionError { diagnostics });
    }
    let Value::Object(mut m) = machine else {
        return Ok(Value::Null);
    };
    Ok(m.remove("States")
        .and_then(|mut s| s.as_object_mut().and_then(|s| s.remove(TEST_STATE_NAME)))
        .unwrap_or(Value::Null))
}

/// ValidateStateMachineDefinition's answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Validation {
    /// `OK` when the definition could be created (warnings allowed), `FAIL` otherwise.
    pub ok: bool,
    /// The diagnostics at or above the requested severity, at most `max_results` of them.
    pub diagnostics: Vec<Diagnostic>,
    /// Whether diagnostics were left out because of `max_results`.
    pub truncated: bool,
}

impl Validation {
    /// `"OK"` or `"FAIL"`.
    pub fn result(&self) -> &'static str {
        if self.ok {
            "OK"
        } else {
            "FAIL"
        }
    }

    /// The response body: `{"result", "diagnostics": [{"severity","code","message","location"?}],
    /// "truncated"}` (`location` left out when there is none, as AWS does).
    pub fn to_json(&self) -> Value {
        let diagnostics: Vec<Value> = self
            .diagnostics
            .iter()
            .map(|d| {
                let mut o = serde_json::Map::new();
                o.insert("severity".into(), json!(d.severity.as_str()));
                o.insert("code".into(), json!(d.code));
                o.insert("message".into(), json!(d.message));
                if let Some(loc) = &d.location {
                    o.insert("location".into(), json!(loc));
                }
                Value::Object(o)
            })
            .collect();
        json!({
            "result": self.result(),
            "diagnostics": diagnostics,
            "truncated": self.truncated,
        })
    }
}

/// ValidateStateMachineDefinition: `severity` is the lowest severity to list (AWS's default is
/// `ERROR`), `max_results` the most diagnostics to list (AWS's default and maximum is 100; 0
/// means the default).
pub fn validate_definition(
    definition: &str,
    express: bool,
    severity: Severity,
    max_results: usize,
) -> Validation {
    let all = match json::parse(definition) {
        Ok(v) => diagnostics_for_type(&v, express),
        Err(d) => vec![d],
    };
    let ok = !all.iter().any(|d| d.severity == Severity::Error);
    let limit = if max_results == 0 { 100 } else { max_results };
    let mut listed: Vec<Diagnostic> = all
        .into_iter()
        .filter(|d| severity == Severity::Warning || d.severity == Severity::Error)
        .collect();
    // Errors first (they decide the result, and survive truncation), each group in walk order.
    listed.sort_by_key(|d| d.severity != Severity::Error);
    let truncated = listed.len() > limit;
    listed.truncate(limit);
    Validation {
        ok,
        diagnostics: listed,
        truncated,
    }
}
