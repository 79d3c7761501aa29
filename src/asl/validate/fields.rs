//! Checks of single field values shared by every state type: paths, payload templates,
//! integers, enums. Each pushes `SCHEMA_VALIDATION_FAILED` diagnostics and never stops early.
//!
//! Owns value shapes only; it must not know which fields a state type allows.
//!
//! Location convention (from the recordings): a problem with a field's *value* as a whole
//! (`String does not match RFC3339 timestamp`, `Value must be a valid JSONPath.`) points at the
//! field; a problem phrased as
//! `The value for the field 'F' ...` points at the object holding `F` (AWS reports
//! `'parsed.$' ... at /States/IntrinsicEscape/Parameters`).

use serde_json::{Map, Value};

use crate::asl::error::{codes, Diagnostic, Severity};
use crate::asl::intrinsics::Call;
use crate::asl::path::Path;

/// Which roots and shapes a path field accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathKind {
    /// InputPath, OutputPath, ItemsPath: any JSONPath (`$`, `$$`, `$var`).
    Any,
    /// SecondsPath, TimeoutSecondsPath, ...: a reference path (definite).
    Reference,
    /// ResultPath: a definite path into the state input (`$` root only).
    Result,
    /// ErrorPath, CausePath: a reference path or an intrinsic function call.
    PathOrIntrinsic,
}

pub struct Out<'a> {
    pub diags: &'a mut Vec<Diagnostic>,
}

impl Out<'_> {
    pub fn push(&mut self, message: impl Into<String>, location: impl Into<String>) {
        self.diags.push(Diagnostic::schema(message, location));
    }

    /// `The value for the field 'F' must be WHAT` at the holder's location.
    pub fn value(&mut self, field: &str, what: &str, holder: &str) {
        self.push(
            format!("The value for the field '{field}' must be {what}"),
            holder,
        );
    }

    /// `{"StartAt": "A"}` at `/`: `These fields are required: [States]`.
    pub fn required(&mut self, obj: &Map<String, Value>, fields: &[&str], holder: &str) {
        let missing: Vec<&str> = fields
            .iter()
            .copied()
            .filter(|f| !obj.contains_key(*f))
            .collect();
        if !missing.is_empty() {
            self.push(
                format!("These fields are required: [{}]", missing.join(", ")),
                holder,
            );
        }
    }

    /// `{"Type": "Pass", "Foo": 1, ...}`: `Field 'Foo' is not supported` at the holder.
    pub fn unknown(&mut self, obj: &Map<String, Value>, allowed: &[&str], holder: &str) {
        for key in obj.keys() {
            if !allowed.contains(&key.as_str()) {
                self.push(format!("Field '{key}' is not supported"), holder);
            }
        }
    }

    pub fn string(&mut self, obj: &Map<String, Value>, field: &str, holder: &str) {
        if let Some(v) = obj.get(field) {
            if !v.is_string() {
                self.value(field, "a string", holder);
            }
        }
    }

    /// An integer field within `[min, max]`.
    pub fn integer(&mut self, obj: &Map<String, Value>, field: &str, min: i64, holder: &str) {
        let Some(v) = obj.get(field) else { return };
        let ok = match v {
            Value::Number(n) => match (n.as_i64(), n.as_u64()) {
                (Some(i), _) => i >= min && i <= 99_999_999,
                (None, Some(_)) => false,
                _ => false,
            },
            _ => false,
        };
        if !ok {
            let what = match min {
                0 => "a non-negative integer".to_owned(),
                1 => "a positive integer".to_owned(),
                m => format!("an integer greater than or equal to {m}"),
            };
            self.value(field, &what, holder);
        }
    }

    /// `"Mode": "FAST"`: `The field 'Mode' should have one of these values: [INLINE, DISTRIBUTED]`.
    pub fn one_of(&mut self, obj: &Map<String, Value>, field: &str, values: &[&str], holder: &str) {
        let Some(v) = obj.get(field) else { return };
        if !v.as_str().is_some_and(|s| values.contains(&s)) {
            self.push(
                format!(
                    "The field '{field}' should have one of these values: [{}]",
                    values.join(", ")
                ),
                format!("{holder}/{field}"),
            );
        }
    }

    /// A path field (`InputPath`, `ResultPath`, ...). `null` is allowed where ASL gives it a
    /// meaning (InputPath/OutputPath/ResultPath).
    pub fn path(&mut self, obj: &Map<String, Value>, field: &str, kind: PathKind, holder: &str) {
        let Some(v) = obj.get(field) else { return };
        let nullable = matches!(field, "InputPath" | "OutputPath" | "ResultPath");
        let problem = match v {
            Value::Null if nullable => None,
            Value::String(text) => path_problem(text, kind),
            _ => Some(match kind {
                PathKind::Reference | PathKind::Result => {
                    format!("{NOT_A_REFERENCE_PATH}Reference path didn't start with '$'")
                }
                _ => INVALID_JSONPATH.to_owned(),
            }),
        };
        if let Some(message) = problem {
            self.push(message, format!("{holder}/{field}"));
        }
    }

    /// A payload template (`Parameters`, `ResultSelector`, `ItemSelector`, JSONPath `Assign`):
    /// every key ending in `.$` must hold a valid path or intrinsic call.
    ///
    /// `{"parsed.$": "States.StringToJson('{\"a\\\"\"}')"}`: `The value for the field 'parsed.$'
    /// must be a valid JSONPath or a valid intrinsic function call` at the template's location.
    pub fn template(&mut self, value: &Value, loc: &str) {
        match value {
            Value::Object(map) => {
                for (k, v) in map {
                    let child = format!("{loc}/{k}");
                    if k.ends_with(".$") {
                        let ok = v.as_str().is_some_and(dynamic_value_ok);
                        if !ok {
                            self.value(
                                k,
                                "a valid JSONPath or a valid intrinsic function call",
                                loc,
                            );
                        }
                    } else {
                        if v.as_str().is_some_and(looks_dynamic) {
                            self.warn(
                                codes::NO_DOLLAR,
                                format!(
                                    "The value of the field '{k}' looks like a JSONPath or an \
                                     intrinsic function call, but the field name does not end \
                                     with '.$'"
                                ),
                                loc,
                            );
                        }
                        self.template(v, &child);
                    }
                }
            }
            Value::Array(items) => {
                for (i, v) in items.iter().enumerate() {
                    self.template(v, &format!("{loc}/{i}"));
                }
            }
            _ => {}
        }
    }

    /// A `WARNING` diagnostic (never fails creation).
    pub fn warn(&mut self, code: &str, message: impl Into<String>, location: impl Into<String>) {
        self.diags.push(Diagnostic {
            severity: Severity::Warning,
            code: code.to_owned(),
            message: message.into(),
            location: Some(location.into()),
        });
    }
}

/// Text that would be evaluated if its key ended in `.$`: `$.a`, `$$.Execution.Id`,
/// `States.Format(...)`.
pub fn looks_dynamic(text: &str) -> bool {
    (text.starts_with("$.") || text.starts_with("$$.") || text.starts_with("$["))
        && Path::parse(text).is_ok()
        || Call::looks_like_call(text) && Call::parse(text).is_ok()
}

/// Any key ending in `.$` anywhere inside `value`.
pub fn has_dollar_key(value: &Value) -> bool {
    match value {
        Value::Object(m) => m
            .iter()
            .any(|(k, v)| k.ends_with(".$") || has_dollar_key(v)),
        Value::Array(a) => a.iter().any(has_dollar_key),
        _ => false,
    }
}

/// A `.$` value: an intrinsic call when it looks like one, a JSONPath otherwise.
pub fn dynamic_value_ok(text: &str) -> bool {
    if Call::looks_like_call(text) {
        Call::parse(text).is_ok()
    } else {
        Path::parse(text).is_ok()
    }
}

/// AWS (2025): `Value must be a valid JSONPath. at /States/Pass/OutputPath`.
pub const INVALID_JSONPATH: &str = "Value must be a valid JSONPath.";

/// AWS (2025): `Value is not a Reference Path: Reference path didn't start with '$'` for a Choice
/// `Variable` of `Test`; the text after the colon says why.
pub const NOT_A_REFERENCE_PATH: &str = "Value is not a Reference Path: ";

/// What is wrong with `text` as a path of this kind (AWS's message), if anything.
///
/// - `Test` (a reference path): `Value is not a Reference Path: Reference path didn't start
///   with '$'`;
/// - `$.a[*]` (a reference path): `Value is not a Reference Path: Reference path must be
///   definite (no wildcard, slice, filter or deep scan)`;
/// - `$$.Execution` as a ResultPath: `Value is not a Reference Path: ResultPath must refer to the
///   state input ('$')`;
/// - `Test` (InputPath/OutputPath/ItemsPath): `Value must be a valid JSONPath.`.
pub fn path_problem(text: &str, kind: PathKind) -> Option<String> {
    let reference = |why: &str| Some(format!("{NOT_A_REFERENCE_PATH}{why}"));
    match kind {
        PathKind::PathOrIntrinsic => (!dynamic_value_ok(text)).then(|| {
            "Value must be a valid JSONPath or a valid intrinsic function call.".to_owned()
        }),
        PathKind::Any => Path::parse(text)
            .is_err()
            .then(|| INVALID_JSONPATH.to_owned()),
        PathKind::Reference | PathKind::Result => {
            if !text.starts_with('$') {
                return reference("Reference path didn't start with '$'");
            }
            let Ok(path) = Path::parse(text) else {
                return Some(INVALID_JSONPATH.to_owned());
            };
            if !path.is_definite() {
                return reference(
                    "Reference path must be definite (no wildcard, slice, filter or deep scan)",
                );
            }
            if kind == PathKind::Result && *path.root() != crate::asl::path::Root::Input {
                return reference("ResultPath must refer to the state input ('$')");
            }
            None
        }
    }
}

/// `{% ... %}`: a JSONata expression in a JSONata state.
pub fn is_jsonata_expr(v: &Value) -> bool {
    v.as_str()
        .is_some_and(|s| s.trim_start().starts_with("{%") && s.trim_end().ends_with("%}"))
}
