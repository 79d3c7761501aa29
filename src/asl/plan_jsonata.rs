//! The JSONata half of a compiled state: every field a JSONata-mode state evaluates (`Arguments`,
//! `Output`, `Assign`, `Items`, `ItemSelector`, Choice `Condition`s with their `Output`/`Assign`,
//! Catch `Output`/`Assign`, and the scalar fields that accept `{% %}`), pre-parsed once.
//!
//! Owns which fields a JSONata state has and the rewrite that lets the JSONPath compiler in
//! [`crate::asl::plan`] build the rest of the state (transitions, Retry, Catch targets, the Map
//! processor) without tripping on expression-valued scalars. Must not evaluate anything: the
//! engine (`engine/execution/jsonata_mode`) runs these templates.

use serde_json::{Map, Value};

use crate::asl::jsonata::{template_text, JsonataTemplate};
use crate::asl::DefinitionError;

/// A Choice rule's JSONata parts (same order as the state's `Choices`).
#[derive(Debug, Clone, PartialEq)]
pub struct JsonataRule {
    pub condition: JsonataTemplate,
    pub output: Option<JsonataTemplate>,
    pub assign: Option<JsonataTemplate>,
}

/// A catcher's JSONata parts (same order as the state's `Catch`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct JsonataCatch {
    pub output: Option<JsonataTemplate>,
    pub assign: Option<JsonataTemplate>,
}

/// Everything a JSONata-mode state evaluates. Present on a [`crate::asl::plan::StateDef`]
/// exactly when the state runs in JSONata mode.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct JsonataState {
    pub arguments: Option<JsonataTemplate>,
    pub output: Option<JsonataTemplate>,
    pub assign: Option<JsonataTemplate>,
    pub items: Option<JsonataTemplate>,
    pub item_selector: Option<JsonataTemplate>,
    pub timeout_seconds: Option<JsonataTemplate>,
    pub heartbeat_seconds: Option<JsonataTemplate>,
    /// A Task's `Credentials` (its `RoleArn` may hold expressions).
    pub credentials: Option<JsonataTemplate>,
    pub seconds: Option<JsonataTemplate>,
    pub timestamp: Option<JsonataTemplate>,
    pub error: Option<JsonataTemplate>,
    pub cause: Option<JsonataTemplate>,
    pub max_concurrency: Option<JsonataTemplate>,
    pub tolerated_failure_count: Option<JsonataTemplate>,
    pub tolerated_failure_percentage: Option<JsonataTemplate>,
    pub choices: Vec<JsonataRule>,
    pub catch: Vec<JsonataCatch>,
}

/// The placeholder the JSONPath compiler sees for a scalar field that holds an expression.
fn placeholder(field: &str) -> Option<Value> {
    match field {
        "TimeoutSeconds"
        | "HeartbeatSeconds"
        | "Seconds"
        | "MaxConcurrency"
        | "ToleratedFailureCount"
        | "ToleratedFailurePercentage" => Some(Value::from(0)),
        "Timestamp" | "Error" | "Cause" => Some(Value::String(String::new())),
        _ => None,
    }
}

fn err(loc: &str, message: impl Into<String>) -> DefinitionError {
    DefinitionError::single("SCHEMA_VALIDATION_FAILED", message, Some(loc.to_owned()))
}

fn field(
    obj: &Map<String, Value>,
    key: &str,
    loc: &str,
) -> Result<Option<JsonataTemplate>, DefinitionError> {
    obj.get(key)
        .map(|v| JsonataTemplate::compile(v).map_err(|e| err(&format!("{loc}/{key}"), e.message)))
        .transpose()
}

/// Whether a state runs in JSONata mode: its own `QueryLanguage`, else the inherited one.
pub fn is_jsonata(obj: &Map<String, Value>, inherited: bool) -> bool {
    match obj.get("QueryLanguage").and_then(Value::as_str) {
        Some("JSONata") => true,
        Some(_) => false,
        None => inherited,
    }
}

/// Compiles a JSONata state's fields and returns the state as the JSONPath compiler should see
/// it: expression-valued scalars replaced by placeholders, Choice conditions by strings, and the
/// JSONata-only fields left for this module.
pub fn compile(
    obj: &Map<String, Value>,
    loc: &str,
) -> Result<(JsonataState, Map<String, Value>), DefinitionError> {
    let mut js = JsonataState {
        arguments: field(obj, "Arguments", loc)?,
        output: field(obj, "Output", loc)?,
        assign: field(obj, "Assign", loc)?,
        items: field(obj, "Items", loc)?,
        item_selector: field(obj, "ItemSelector", loc)?,
        timeout_seconds: field(obj, "TimeoutSeconds", loc)?,
        heartbeat_seconds: field(obj, "HeartbeatSeconds", loc)?,
        credentials: field(obj, "Credentials", loc)?,
        seconds: field(obj, "Seconds", loc)?,
        timestamp: field(obj, "Timestamp", loc)?,
        error: field(obj, "Error", loc)?,
        cause: field(obj, "Cause", loc)?,
        max_concurrency: field(obj, "MaxConcurrency", loc)?,
        tolerated_failure_count: field(obj, "ToleratedFailureCount", loc)?,
        tolerated_failure_percentage: field(obj, "ToleratedFailurePercentage", loc)?,
        choices: Vec::new(),
        catch: Vec::new(),
    };
    let mut rest = obj.clone();
    for (k, v) in rest.iter_mut() {
        let is_expr = v.as_str().is_some_and(|s| template_text(s).is_some());
        if is_expr {
            if let Some(p) = placeholder(k) {
                *v = p;
            }
        }
    }
    // The JSONPath compiler must not read these as JSONPath-mode fields.
    for k in ["Assign", "ItemSelector", "Parameters"] {
        rest.remove(k);
    }
    if let Some(Value::Array(rules)) = rest.get_mut("Choices") {
        for (i, r) in rules.iter_mut().enumerate() {
            let rloc = format!("{loc}/Choices/{i}");
            let Some(m) = r.as_object_mut() else {
                continue;
            };
            let cond = m.get("Condition").cloned().unwrap_or(Value::Bool(false));
            js.choices.push(JsonataRule {
                condition: JsonataTemplate::compile(&cond)
                    .map_err(|e| err(&format!("{rloc}/Condition"), e.message))?,
                output: field(m, "Output", &rloc)?,
                assign: field(m, "Assign", &rloc)?,
            });
            m.insert("Condition".into(), Value::String(String::new()));
            m.remove("Assign");
            m.remove("Output");
        }
    }
    if let Some(Value::Array(catchers)) = rest.get_mut("Catch") {
        for (i, c) in catchers.iter_mut().enumerate() {
            let cloc = format!("{loc}/Catch/{i}");
            let Some(m) = c.as_object_mut() else {
                continue;
            };
            js.catch.push(JsonataCatch {
                output: field(m, "Output", &cloc)?,
                assign: field(m, "Assign", &cloc)?,
            });
            m.remove("Assign");
            m.remove("Output");
        }
    }
    Ok((js, rest))
}

/// Whether a JSONata state can read `$states.context` (or `$states` as a whole): only then do
/// executions build the context object for it.
pub fn reads_context(raw: &Value) -> bool {
    let text = raw.to_string();
    let mut rest = text.as_str();
    while let Some(i) = rest.find("$states") {
        let after = &rest[i + "$states".len()..];
        let member = ["input", "result", "errorOutput"]
            .iter()
            .any(|m| after.strip_prefix('.').is_some_and(|a| a.starts_with(m)));
        if !member {
            return true;
        }
        rest = after;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn expression_scalars_become_placeholders() {
        let raw = json!({"Type": "Wait", "Seconds": "{% $x %}", "End": true,
                         "Assign": {"a": "{% 1 %}"}});
        let (js, rest) = compile(raw.as_object().unwrap(), "/States/W").unwrap();
        assert!(js.seconds.is_some() && js.assign.is_some());
        assert_eq!(rest.get("Seconds"), Some(&json!(0)));
        assert!(rest.get("Assign").is_none());
    }

    #[test]
    fn context_reads_are_detected() {
        assert!(!reads_context(&json!({"Output": "{% $states.input.a %}"})));
        assert!(reads_context(
            &json!({"Output": "{% $states.context.Execution.Id %}"})
        ));
        assert!(reads_context(&json!({"Output": "{% $states %}"})));
    }
}
