//! The static shape of a Choice rule (JSONPath mode), reported as `SCHEMA_VALIDATION_FAILED`
//! diagnostics with locations, so that the validator lists every problem at once.
//!
//! Owns rule-shape knowledge only; transitions (`Next` targets) are checked by the validator.

use serde_json::Value;

use super::{operator, timestamp, OpSpec};
use crate::asl::error::Diagnostic;
use crate::asl::validate::fields::{path_problem, PathKind, NOT_A_REFERENCE_PATH};

/// Checks one rule at `loc` (`/States/C/Choices/0`); `top` is true for elements of `Choices`
/// (which need `Next`), false for rules nested in `And`/`Or`/`Not` (which must not have it).
///
/// Each problem, with an input that triggers it:
/// - `[1]`: `Choice rule must be an object`;
/// - `{"Variable": "$.a", "StringEquals": "x"}` at top level: `These fields are required: [Next]`;
/// - `{"Variable": "$.a", "Next": "B"}`: `The choice rule must have exactly one comparison
///   operator`;
/// - `{"StringEquals": "x", "Next": "B"}`: `These fields are required: [Variable]`;
/// - `{"Variable": "$.a", "StringEquals": 1, ...}`: `The value for the field 'StringEquals' must
///   be a string`;
/// - `{"Variable": "a.b", ...}`: `Value is not a Reference Path: Reference path didn't start
///   with '$'` at `.../Variable` (AWS's words);
/// - `{"And": [], ...}`: `Value cannot be empty` at `.../And`;
/// - `{"Foo": 1, ...}`: `Field 'Foo' is not supported`.
pub fn check_rule(raw: &Value, loc: &str, top: bool, out: &mut Vec<Diagnostic>) {
    let Some(obj) = raw.as_object() else {
        out.push(Diagnostic::schema("Choice rule must be an object", loc));
        return;
    };
    let at = |field: &str| format!("{loc}/{field}");
    let mut ops: Vec<&str> = Vec::new();
    let mut combinators: Vec<&str> = Vec::new();
    for (key, value) in obj {
        match key.as_str() {
            "Comment" => expect_string(value, key, &at(key), out),
            "Next" if top => expect_string(value, key, &at(key), out),
            // Variables may be assigned on the transition a top-level rule takes.
            "Assign" if top => {}
            "Variable" => {
                if let Some(message) = reference_problem(value) {
                    out.push(Diagnostic::schema(message, at(key)));
                }
            }
            "And" | "Or" => {
                combinators.push(key);
                match value.as_array() {
                    Some(list) if list.is_empty() => {
                        out.push(Diagnostic::schema("Value cannot be empty", at(key)))
                    }
                    Some(list) => {
                        for (i, r) in list.iter().enumerate() {
                            check_rule(r, &format!("{loc}/{key}/{i}"), false, out);
                        }
                    }
                    None => out.push(Diagnostic::schema(
                        format!("The value for the field '{key}' must be an array"),
                        loc,
                    )),
                }
            }
            "Not" => {
                combinators.push(key);
                check_rule(value, &at(key), false, out);
            }
            name => match operator(name) {
                Some(spec) => {
                    ops.push(name);
                    check_operand(name, spec, value, loc, out);
                }
                None => out.push(Diagnostic::schema(
                    format!("Field '{name}' is not supported"),
                    loc,
                )),
            },
        }
    }
    if top && !obj.contains_key("Next") {
        out.push(Diagnostic::schema("These fields are required: [Next]", loc));
    }
    let exactly_one = ops.len() + combinators.len() == 1;
    if !exactly_one {
        out.push(Diagnostic::schema(
            "The choice rule must have exactly one comparison operator",
            loc,
        ));
    } else if !ops.is_empty() && !obj.contains_key("Variable") {
        out.push(Diagnostic::schema(
            "These fields are required: [Variable]",
            loc,
        ));
    } else if !combinators.is_empty() && obj.contains_key("Variable") {
        out.push(Diagnostic::schema("Field 'Variable' is not supported", loc));
    }
}

/// A `Variable` or `...Path` operand must be a reference path.
fn reference_problem(value: &Value) -> Option<String> {
    match value.as_str() {
        Some(text) => path_problem(text, PathKind::Reference),
        None => Some(format!(
            "{NOT_A_REFERENCE_PATH}Reference path didn't start with '$'"
        )),
    }
}

fn expect_string(value: &Value, key: &str, loc: &str, out: &mut Vec<Diagnostic>) {
    if !value.is_string() {
        out.push(Diagnostic::schema(
            format!("The value for the field '{key}' must be a string"),
            loc,
        ));
    }
}

fn check_operand(name: &str, spec: OpSpec, value: &Value, loc: &str, out: &mut Vec<Diagnostic>) {
    use super::Kind;
    let field_loc = format!("{loc}/{name}");
    let bad = |what: &str| {
        Diagnostic::schema(
            format!("The value for the field '{name}' must be {what}"),
            loc,
        )
    };
    match spec {
        OpSpec::Compare { path: true, .. } => {
            if let Some(message) = reference_problem(value) {
                out.push(Diagnostic::schema(message, field_loc));
            }
        }
        OpSpec::Compare { kind, .. } => match kind {
            Kind::String if !value.is_string() => out.push(bad("a string")),
            Kind::Numeric if !value.is_number() => out.push(bad("a number")),
            Kind::Boolean if !value.is_boolean() => out.push(bad("a boolean")),
            Kind::Timestamp => match value.as_str() {
                Some(text) if timestamp::parse(text).is_some() => {}
                Some(_) => out.push(Diagnostic::schema(
                    "String does not match RFC3339 timestamp",
                    field_loc,
                )),
                None => out.push(bad("a string")),
            },
            _ => {}
        },
        OpSpec::Matches if !value.is_string() => out.push(bad("a string")),
        OpSpec::Matches => {}
        OpSpec::Is(_) if !value.is_boolean() => out.push(bad("a boolean")),
        OpSpec::Is(_) => {}
    }
}
