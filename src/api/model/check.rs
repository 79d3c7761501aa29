//! Model-driven input validation, as AWS's JSON 1.0 front end does it: first the JSON types are
//! read (a wrong type is a `SerializationException`), then every constraint of the model is
//! checked and all violations are reported in one `ValidationException`. Hand-written; the
//! constraint table it interprets is generated into `validate.rs`. Knows nothing of operations'
//! behaviour (ARN formats, existence): that belongs to `api/ops`.
//!
//! Wording, from AWS responses: `1 validation error detected: Value '1001' at 'maxResults' failed
//! to satisfy constraint: Member must have value less than or equal to 1000`; several errors are
//! joined with `; ` after `N validation errors detected: `. Decisions where AWS was not observed:
//! violations are listed in model member order, depth first, length before pattern; list elements
//! are named `tags.1.member` (1-based, as AWS's other JSON services do); a sensitive member's value
//! is left out (`Value at 'definition' ...`), as AWS does for sensitive members.

use std::fmt;
use std::sync::OnceLock;

use serde_json::{Map, Number, Value};

use super::operations::Operation;
use super::validate::{input_shape, SHAPES};

/// Index of a shape in the generated [`SHAPES`] table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ShapeId(pub u16);

/// One shape of the model with the constraints AWS enforces on input.
#[derive(Debug)]
pub struct ShapeDef {
    pub name: &'static str,
    /// A sensitive shape's value never appears in a message.
    pub sensitive: bool,
    pub kind: ShapeKind,
}

/// The type of a shape and its constraints (`min`/`max` are lengths for strings, lists and maps,
/// values for numbers).
#[derive(Debug)]
pub enum ShapeKind {
    Structure {
        members: &'static [MemberDef],
    },
    List {
        member: ShapeId,
        min: Option<i64>,
        max: Option<i64>,
    },
    Map {
        key: ShapeId,
        value: ShapeId,
        min: Option<i64>,
        max: Option<i64>,
    },
    String {
        min: Option<i64>,
        max: Option<i64>,
        pattern: Option<&'static str>,
        enum_values: Option<&'static [&'static str]>,
    },
    Integer {
        min: Option<i64>,
        max: Option<i64>,
    },
    Long {
        min: Option<i64>,
        max: Option<i64>,
    },
    Float {
        min: Option<i64>,
        max: Option<i64>,
    },
    Boolean,
    Timestamp,
    Blob {
        min: Option<i64>,
        max: Option<i64>,
    },
}

/// A member of a structure, in model order.
#[derive(Debug)]
pub struct MemberDef {
    /// The JSON key (`stateMachineArn`).
    pub name: &'static str,
    pub shape: ShapeId,
    pub required: bool,
}

/// The shape with this id. The generated table holds every id it hands out.
pub fn shape(id: ShapeId) -> Option<&'static ShapeDef> {
    SHAPES.get(usize::from(id.0))
}

/// An input the model rejects, as AWS answers it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidationError {
    /// `ValidationException` or `SerializationException`.
    pub code: String,
    /// AWS's message. Empty for the `SerializationException`s AWS answers without a message
    /// (a non-object body, a number that does not fit): leave the `message` field out then.
    pub message: String,
}

impl ValidationError {
    pub const VALIDATION: &'static str = "ValidationException";
    pub const SERIALIZATION: &'static str = "SerializationException";

    fn serialization(message: &str) -> ValidationError {
        ValidationError {
            code: ValidationError::SERIALIZATION.to_owned(),
            message: message.to_owned(),
        }
    }

    fn validation(violations: &[String]) -> ValidationError {
        let message = match violations {
            [one] => format!("1 validation error detected: {one}"),
            many => format!(
                "{} validation errors detected: {}",
                many.len(),
                many.join("; ")
            ),
        };
        ValidationError {
            code: ValidationError::VALIDATION.to_owned(),
            message,
        }
    }

    pub fn is_serialization(&self) -> bool {
        self.code == ValidationError::SERIALIZATION
    }
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

impl std::error::Error for ValidationError {}

/// Checks `input` (the request body, already parsed as JSON) against `op`'s input shape.
/// Unknown members are ignored and `null` counts as absent, as AWS does.
pub fn validate_input(op: Operation, input: &Value) -> Result<(), ValidationError> {
    let object = match input {
        Value::Object(object) => object,
        Value::Array(_) => {
            return Err(ValidationError::serialization(
                "Start of list found where not expected",
            ))
        }
        _ => return Err(ValidationError::serialization("")),
    };
    let id = input_shape(op);
    read_structure(id, object)?;
    let mut violations = Vec::new();
    check_structure(id, object, "", &mut violations);
    if violations.is_empty() {
        Ok(())
    } else {
        Err(ValidationError::validation(&violations))
    }
}

// ---- phase 1: JSON types, in document order, first error wins (AWS stops reading there) ----

fn read_structure(id: ShapeId, object: &Map<String, Value>) -> Result<(), ValidationError> {
    let Some(ShapeDef {
        kind: ShapeKind::Structure { members },
        ..
    }) = shape(id)
    else {
        return Ok(());
    };
    for (key, value) in object {
        if let Some(member) = members.iter().find(|m| m.name == key) {
            read_value(member.shape, value)?;
        }
    }
    Ok(())
}

fn read_value(id: ShapeId, value: &Value) -> Result<(), ValidationError> {
    let Some(def) = shape(id) else { return Ok(()) };
    if value.is_null() {
        return Ok(());
    }
    match &def.kind {
        ShapeKind::Structure { .. } => match value {
            Value::Object(object) => read_structure(id, object),
            other => Err(expected_container(other, "Expected null")),
        },
        ShapeKind::Map { value: inner, .. } => match value {
            Value::Object(object) => object.values().try_for_each(|v| read_value(*inner, v)),
            other => Err(expected_container(other, "Expected null")),
        },
        ShapeKind::List { member, .. } => match value {
            Value::Array(items) => items.iter().try_for_each(|v| read_value(*member, v)),
            Value::Object(_) => Err(ValidationError::serialization(START_OF_MAP)),
            _ => Err(ValidationError::serialization("Expected list or null")),
        },
        ShapeKind::String { .. } => read_scalar(value, "a String", |v| v.is_string()),
        ShapeKind::Blob { .. } => read_scalar(value, "a ByteBuffer", |v| v.is_string()),
        ShapeKind::Boolean => match value {
            Value::Bool(_) => Ok(()),
            // AWS's own wording, article included.
            Value::String(_) => Err(ValidationError::serialization(
                "STRING_VALUE can not be converted to an Boolean",
            )),
            other => read_scalar(other, "a Boolean", |_| false),
        },
        ShapeKind::Integer { .. } => read_number(value, "an Integer", |n| {
            n.as_i64().is_some_and(|i| i32::try_from(i).is_ok())
        }),
        ShapeKind::Long { .. } => read_number(value, "a Long", |n| n.as_i64().is_some()),
        ShapeKind::Float { .. } => read_number(value, "a Float", |_| true),
        ShapeKind::Timestamp => read_number(value, "a Date", |_| true),
    }
}

const START_OF_LIST: &str = "Start of list found where not expected";
const START_OF_MAP: &str = "Start of structure or map found where not expected.";

fn expected_container(value: &Value, scalar_message: &str) -> ValidationError {
    match value {
        Value::Array(_) => ValidationError::serialization(START_OF_LIST),
        _ => ValidationError::serialization(scalar_message),
    }
}

/// A scalar of another JSON type than the one expected, named as AWS's JSON reader names tokens.
fn read_scalar(
    value: &Value,
    target: &str,
    accepts: impl Fn(&Value) -> bool,
) -> Result<(), ValidationError> {
    if accepts(value) {
        return Ok(());
    }
    let token = match value {
        Value::Array(_) => return Err(ValidationError::serialization(START_OF_LIST)),
        Value::Object(_) => return Err(ValidationError::serialization(START_OF_MAP)),
        Value::Null => return Ok(()),
        Value::String(_) => "STRING_VALUE",
        Value::Number(_) => "NUMBER_VALUE",
        Value::Bool(true) => "TRUE_VALUE",
        Value::Bool(false) => "FALSE_VALUE",
    };
    Err(ValidationError::serialization(&format!(
        "{token} can not be converted to {target}"
    )))
}

/// A number member: a number that does not fit is answered without a message.
fn read_number(
    value: &Value,
    target: &str,
    fits: impl Fn(&Number) -> bool,
) -> Result<(), ValidationError> {
    match value {
        Value::Number(n) if fits(n) => Ok(()),
        Value::Number(_) => Err(ValidationError::serialization("")),
        other => read_scalar(other, target, |_| false),
    }
}

// ---- phase 2: constraints, in model order, all violations collected ----

fn check_structure(id: ShapeId, object: &Map<String, Value>, prefix: &str, out: &mut Vec<String>) {
    let Some(ShapeDef {
        kind: ShapeKind::Structure { members },
        ..
    }) = shape(id)
    else {
        return;
    };
    for member in members.iter() {
        let path = format!("{prefix}{}", member.name);
        match object.get(member.name).filter(|v| !v.is_null()) {
            Some(value) => check_value(member.shape, value, &path, out),
            None if member.required => out.push(violation(
                member.shape,
                &Value::Null,
                &path,
                "Member must not be null",
            )),
            None => {}
        }
    }
}

fn check_value(id: ShapeId, value: &Value, path: &str, out: &mut Vec<String>) {
    let Some(def) = shape(id) else { return };
    match (&def.kind, value) {
        (ShapeKind::Structure { .. }, Value::Object(object)) => {
            check_structure(id, object, &format!("{path}."), out)
        }
        (ShapeKind::List { member, min, max }, Value::Array(items)) => {
            check_length(id, value, items.len(), *min, *max, path, out);
            for (index, item) in items.iter().enumerate() {
                let item_path = format!("{path}.{}.member", index + 1);
                if item.is_null() {
                    out.push(violation(
                        *member,
                        item,
                        &item_path,
                        "Member must not be null",
                    ));
                } else {
                    check_value(*member, item, &item_path, out);
                }
            }
        }
        (
            ShapeKind::Map {
                value: inner,
                min,
                max,
                ..
            },
            Value::Object(entries),
        ) => {
            check_length(id, value, entries.len(), *min, *max, path, out);
            for (key, item) in entries {
                if !item.is_null() {
                    check_value(*inner, item, &format!("{path}.{key}.member"), out);
                }
            }
        }
        (
            ShapeKind::String {
                min,
                max,
                pattern,
                enum_values,
            },
            Value::String(text),
        ) => {
            check_length(id, value, text.chars().count(), *min, *max, path, out);
            if let Some(pattern) = pattern {
                if compiled(pattern).is_some_and(|p| !p.matches(text)) {
                    out.push(violation(
                        id,
                        value,
                        path,
                        &format!("Member must satisfy regular expression pattern: {pattern}"),
                    ));
                }
            }
            if let Some(values) = enum_values {
                if !values.contains(&text.as_str()) {
                    out.push(violation(
                        id,
                        value,
                        path,
                        &format!(
                            "Member must satisfy enum value set: [{}]",
                            values.join(", ")
                        ),
                    ));
                }
            }
        }
        (ShapeKind::Blob { min, max }, Value::String(text)) => {
            check_length(id, value, text.len(), *min, *max, path, out);
        }
        (
            ShapeKind::Integer { min, max }
            | ShapeKind::Long { min, max }
            | ShapeKind::Float { min, max },
            Value::Number(n),
        ) => {
            let Some(x) = n.as_f64() else { return };
            if let Some(min) = min {
                if x < *min as f64 {
                    out.push(violation(
                        id,
                        value,
                        path,
                        &format!("Member must have value greater than or equal to {min}"),
                    ));
                }
            }
            if let Some(max) = max {
                if x > *max as f64 {
                    out.push(violation(
                        id,
                        value,
                        path,
                        &format!("Member must have value less than or equal to {max}"),
                    ));
                }
            }
        }
        // Types were checked in phase 1; booleans and timestamps carry no constraints.
        _ => {}
    }
}

fn check_length(
    id: ShapeId,
    value: &Value,
    len: usize,
    min: Option<i64>,
    max: Option<i64>,
    path: &str,
    out: &mut Vec<String>,
) {
    let len = i64::try_from(len).unwrap_or(i64::MAX);
    if let Some(min) = min.filter(|min| len < *min) {
        out.push(violation(
            id,
            value,
            path,
            &format!("Member must have length greater than or equal to {min}"),
        ));
    }
    if let Some(max) = max.filter(|max| len > *max) {
        out.push(violation(
            id,
            value,
            path,
            &format!("Member must have length less than or equal to {max}"),
        ));
    }
}

/// `Value 'abc' at 'name' failed to satisfy constraint: ...` (`Value null at`, `Value at` for
/// sensitive shapes).
fn violation(id: ShapeId, value: &Value, path: &str, constraint: &str) -> String {
    let sensitive = shape(id).is_some_and(|def| def.sensitive);
    let shown = if sensitive {
        String::new()
    } else if value.is_null() {
        "null ".to_owned()
    } else {
        format!("'{}' ", render(value, shape(id)))
    };
    format!("Value {shown}at '{path}' failed to satisfy constraint: {constraint}")
}

/// A value as AWS's Java front end prints it (`toString` of the deserialised object).
fn render(value: &Value, def: Option<&ShapeDef>) -> String {
    match value {
        Value::Null => "null".to_owned(),
        Value::String(s) => s.clone(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => match def.map(|d| &d.kind) {
            Some(ShapeKind::Float { .. }) => n.as_f64().map(java_float).unwrap_or_default(),
            _ => n.to_string(),
        },
        Value::Array(items) => {
            let member = match def.map(|d| &d.kind) {
                Some(ShapeKind::List { member, .. }) => shape(*member),
                _ => None,
            };
            let parts: Vec<String> = items.iter().map(|v| render(v, member)).collect();
            format!("[{}]", parts.join(", "))
        }
        // Structures and maps only ever appear inside a rendered list; AWS's rendering of them was
        // not observed, so print them as Java maps do.
        Value::Object(entries) => {
            let parts: Vec<String> = entries
                .iter()
                .map(|(k, v)| format!("{k}={}", render(v, None)))
                .collect();
            format!("{{{}}}", parts.join(", "))
        }
    }
}

/// Java's `Float.toString` for the common range: `100.0`, `12.5`; scientific outside it.
fn java_float(x: f64) -> String {
    let x = x as f32;
    if x.is_finite() && x.fract() == 0.0 && x.abs() < 1.0e7 {
        format!("{x:.1}")
    } else if x.is_finite() && (x == 0.0 || (x.abs() >= 1.0e-3 && x.abs() < 1.0e7)) {
        format!("{x}")
    } else {
        format!("{x:E}")
    }
}

// ---- patterns: the model's are Java regexes ----

/// A Java pattern translated for `regex_lite`, matched against the whole value (Java's
/// `Matcher.matches`). A leading lookahead `^(?=X)Y`, which `regex_lite` lacks, becomes two
/// checks: the value starts with a match of `X`, and `Y` matches the whole value.
#[derive(Debug)]
pub struct JavaPattern {
    lookaheads: Vec<regex_lite::Regex>,
    whole: regex_lite::Regex,
}

impl JavaPattern {
    /// Translates a Java pattern; `Err` names the construct that is not supported.
    pub fn compile(java: &str) -> Result<JavaPattern, String> {
        let mut rest = java.strip_prefix('^').unwrap_or(java);
        let mut lookaheads = Vec::new();
        while let Some(body) = rest.strip_prefix("(?=") {
            let end = group_end(body).ok_or_else(|| format!("unbalanced lookahead in {java}"))?;
            let (inner, after) = body.split_at(end);
            lookaheads.push(regex(&format!("^(?:{})", translate(inner)))?);
            rest = after.get(1..).unwrap_or("");
        }
        let rest = rest.strip_suffix('$').unwrap_or(rest);
        if rest.contains("(?=") || rest.contains("(?!") || rest.contains("(?<") {
            return Err(format!("lookaround inside the pattern: {java}"));
        }
        let whole = regex(&format!("^(?:{})$", translate(rest)))?;
        Ok(JavaPattern { lookaheads, whole })
    }

    pub fn matches(&self, text: &str) -> bool {
        self.lookaheads.iter().all(|r| r.is_match(text)) && self.whole.is_match(text)
    }
}

fn regex(pattern: &str) -> Result<regex_lite::Regex, String> {
    regex_lite::Regex::new(pattern).map_err(|e| e.to_string())
}

/// Java classes `regex_lite` does not know, spelled out.
fn translate(java: &str) -> String {
    java.replace(r"\p{ASCII}", r"[\x00-\x7F]")
}

/// Index of the `)` closing a group whose `(` came just before `body`.
fn group_end(body: &str) -> Option<usize> {
    let mut depth = 0usize;
    let mut in_class = false;
    let mut escaped = false;
    for (i, c) in body.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '[' => in_class = true,
            ']' => in_class = false,
            '(' if !in_class => depth += 1,
            ')' if !in_class => {
                if depth == 0 {
                    return Some(i);
                }
                depth -= 1;
            }
            _ => {}
        }
    }
    None
}

/// The compiled form of a pattern from the table; `None` when it cannot be translated (then it
/// is not enforced; the tests list every model pattern and require them all to compile).
fn compiled(pattern: &'static str) -> Option<&'static JavaPattern> {
    static PATTERNS: OnceLock<Vec<(&'static str, Option<JavaPattern>)>> = OnceLock::new();
    PATTERNS
        .get_or_init(|| {
            model_patterns()
                .into_iter()
                .map(|p| (p, JavaPattern::compile(p).ok()))
                .collect()
        })
        .iter()
        .find(|(p, _)| *p == pattern)
        .and_then(|(_, compiled)| compiled.as_ref())
}

/// Every pattern in the generated table, once each.
pub fn model_patterns() -> Vec<&'static str> {
    let mut patterns: Vec<&'static str> = Vec::new();
    for def in SHAPES.iter() {
        if let ShapeKind::String {
            pattern: Some(p), ..
        } = def.kind
        {
            if !patterns.contains(&p) {
                patterns.push(p);
            }
        }
    }
    patterns
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leading_lookahead_is_split() {
        let p = JavaPattern::compile(r"^(?=.*[a-zA-Z_\-\.])[a-zA-Z0-9_\-\.]+$");
        let p = p.as_ref().map_err(String::as_str);
        assert!(p.is_ok_and(|p| p.matches("alias-1") && !p.matches("123") && !p.matches("a b")));
    }

    #[test]
    fn java_ascii_class() {
        let p = JavaPattern::compile(r"\p{ASCII}*");
        assert!(p.is_ok_and(|p| p.matches("Root=1-abc") && !p.matches("é")));
    }

    #[test]
    fn java_float_rendering() {
        assert_eq!(java_float(101.0), "101.0");
        assert_eq!(java_float(100.5), "100.5");
    }
}
