//! The comparison: a type-strict structural diff (object key order ignored, list order kept,
//! `1` differs from `1.0` as in Python) that names the first differing JSON path.

use serde_json::Value;

use super::pytext::{self, DateStyle};

/// Python's type of a decoded JSON value, for the type-strict comparison.
#[derive(Debug, PartialEq, Eq)]
enum PyType {
    None,
    Bool,
    Int,
    Float,
    Str,
    List,
    Dict,
}

fn py_type(v: &Value) -> PyType {
    match v {
        Value::Null => PyType::None,
        Value::Bool(_) => PyType::Bool,
        Value::Number(n) if n.is_f64() => PyType::Float,
        Value::Number(_) => PyType::Int,
        Value::String(_) => PyType::Str,
        Value::Array(_) => PyType::List,
        Value::Object(_) => PyType::Dict,
    }
}

/// A value's JSON text, cut at 160 characters.
pub fn short(v: &Value) -> String {
    let s = pytext::dumps(v, DateStyle::Str);
    if s.chars().count() <= 160 {
        s
    } else {
        let cut: String = s.chars().take(160).collect();
        format!("{cut}...")
    }
}

/// `None` when `got` equals `expected`, else a short text naming the first differing path.
pub fn first_diff(expected: &Value, got: &Value, path: &str) -> Option<String> {
    if py_type(expected) != py_type(got) {
        return Some(format!(
            "{path}: expected {} got {}",
            short(expected),
            short(got)
        ));
    }
    match (expected, got) {
        (Value::Object(e), Value::Object(g)) => {
            if let Some((k, v)) = e.iter().find(|(k, _)| !g.contains_key(*k)) {
                return Some(format!("{path}.{k}: missing (expected {})", short(v)));
            }
            if let Some((k, v)) = g.iter().find(|(k, _)| !e.contains_key(*k)) {
                return Some(format!("{path}.{k}: unexpected {}", short(v)));
            }
            e.iter().find_map(|(k, ev)| {
                g.get(k)
                    .and_then(|gv| first_diff(ev, gv, &format!("{path}.{k}")))
            })
        }
        (Value::Array(e), Value::Array(g)) => e
            .iter()
            .zip(g)
            .enumerate()
            .find_map(|(i, (a, b))| first_diff(a, b, &format!("{path}[{i}]")))
            .or_else(|| {
                (e.len() != g.len())
                    .then(|| format!("{path}: length expected {} got {}", e.len(), g.len()))
            }),
        (Value::Number(a), Value::Number(b)) => {
            let same = match (a.as_i64(), b.as_i64(), a.as_u64(), b.as_u64()) {
                (Some(x), Some(y), _, _) => x == y,
                (_, _, Some(x), Some(y)) => x == y,
                _ => a.as_f64() == b.as_f64(),
            };
            (!same).then(|| format!("{path}: expected {} got {}", short(expected), short(got)))
        }
        _ => (expected != got)
            .then(|| format!("{path}: expected {} got {}", short(expected), short(got))),
    }
}

/// A coarse key for grouping failure reasons: the path without indices and the kind of
/// difference.
pub fn reason_class(reason: &str) -> String {
    let mut r = String::with_capacity(reason.len());
    let mut chars = reason.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '[' {
            let mut inner = String::new();
            while let Some(d) = chars.peek().copied().filter(char::is_ascii_digit) {
                inner.push(d);
                chars.next();
            }
            if !inner.is_empty() && chars.peek() == Some(&']') {
                chars.next();
                r.push_str("[]");
            } else {
                r.push('[');
                r.push_str(&inner);
            }
        } else {
            r.push(c);
        }
    }
    if let Some((path, rest)) = r.split_once(": ") {
        if !path.contains(' ') {
            for kind in ["expected", "missing", "unexpected", "length"] {
                if rest.trim_start().starts_with(kind) {
                    return format!("{path}: {kind}");
                }
            }
        }
    }
    r.chars().take(100).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn names_the_first_difference() {
        let e = json!({"a": [1, {"b": "x"}], "c": 1});
        assert_eq!(first_diff(&e, &e.clone(), "$"), None);
        assert_eq!(
            first_diff(&e, &json!({"c": 1, "a": [1, {"b": "y"}]}), "$").as_deref(),
            Some(r#"$.a[1].b: expected "x" got "y""#)
        );
        assert_eq!(
            first_diff(&json!(1), &json!(1.0), "$").as_deref(),
            Some("$: expected 1 got 1.0")
        );
        assert_eq!(
            first_diff(&json!([1]), &json!([1, 2]), "$").as_deref(),
            Some("$: length expected 1 got 2")
        );
        assert_eq!(
            first_diff(&json!({"a": 1}), &json!({}), "$").as_deref(),
            Some("$.a: missing (expected 1)")
        );
    }

    #[test]
    fn classes_group_reasons() {
        assert_eq!(
            reason_class(r#"$.events[3].type: expected "a" got "b""#),
            "$.events[].type: expected"
        );
    }
}
