//! Conversions between `serde_json::Value` (what the engine carries) and the JSONata library's
//! value type, following the JavaScript number model AWS's JSONata runs on.
//!
//! Owns only value conversion; it knows nothing of templates, fields or error texts.

use jsonata_core::value::JValue;
use serde_json::{Map, Number, Value};

/// What a JSONata result can be once it leaves the library.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Converted {
    /// A JSON value.
    Value(Value),
    /// Nothing: JSONata's `undefined`.
    Undefined,
    /// A function or a regex, which JSON cannot carry.
    Unsupported,
}

/// A JSON value as JSONata sees it. Numbers become doubles, as in JavaScript.
pub(crate) fn to_jvalue(v: &Value) -> JValue {
    match v {
        Value::Null => JValue::Null,
        Value::Bool(b) => JValue::Bool(*b),
        Value::Number(n) => JValue::Number(n.as_f64().unwrap_or(0.0)),
        Value::String(s) => JValue::string(s.as_str()),
        Value::Array(a) => JValue::array(a.iter().map(to_jvalue).collect()),
        Value::Object(m) => JValue::object(
            m.iter()
                .map(|(k, v)| (k.clone(), to_jvalue(v)))
                .collect::<indexmap::IndexMap<_, _>>(),
        ),
    }
}

/// A number as JSON, written the way JavaScript's `JSON.stringify` would keep it: whole numbers
/// without a fraction, non-finite numbers as the strings JavaScript names them by (AWS writes
/// `1/0` as `"Infinity"`).
pub(crate) fn number_to_json(n: f64) -> Value {
    if n.is_nan() {
        return Value::String("NaN".to_owned());
    }
    if n.is_infinite() {
        let text = if n > 0.0 { "Infinity" } else { "-Infinity" };
        return Value::String(text.to_owned());
    }
    if n.fract() == 0.0 && n.abs() < 1e21 {
        // Exactly representable in i64 up to 2^63; beyond that keep the double.
        if n.abs() < 9.2e18 {
            // `n` is whole and well inside i64: the cast is exact.
            #[allow(clippy::cast_possible_truncation)]
            let i = n as i64;
            return Value::Number(Number::from(i));
        }
        if n > 0.0 && n < 1.8e19 {
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            let u = n as u64;
            return Value::Number(Number::from(u));
        }
    }
    // -0.0 is whole and took the branch above (as 0), as JSON.stringify(-0) is "0".
    Number::from_f64(n).map_or(Value::Null, Value::Number)
}

/// A JSONata result as JSON. `undefined` members of objects and arrays disappear, as they do in
/// JSONata's own output; a function anywhere makes the whole result unsupported.
pub(crate) fn from_jvalue(v: &JValue) -> Converted {
    match v {
        JValue::Undefined => Converted::Undefined,
        other => match to_json(other) {
            Some(v) => Converted::Value(v),
            None => Converted::Unsupported,
        },
    }
}

fn to_json(v: &JValue) -> Option<Value> {
    Some(match v {
        JValue::Null => Value::Null,
        JValue::Bool(b) => Value::Bool(*b),
        JValue::Number(n) => number_to_json(*n),
        JValue::String(s) => Value::String(s.to_string()),
        JValue::Array(items) => {
            let mut out = Vec::with_capacity(items.len());
            for item in items.iter() {
                if item.is_undefined() {
                    continue;
                }
                out.push(to_json(item)?);
            }
            Value::Array(out)
        }
        JValue::Object(map) => {
            let mut out = Map::new();
            for (k, item) in map.iter() {
                if item.is_undefined() {
                    continue;
                }
                out.insert(k.clone(), to_json(item)?);
            }
            Value::Object(out)
        }
        JValue::Undefined => Value::Null,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn numbers_follow_javascript() {
        assert_eq!(number_to_json(3.0), json!(3));
        assert_eq!(number_to_json(-0.0), json!(0));
        assert_eq!(number_to_json(0.1), json!(0.1));
        assert_eq!(number_to_json(f64::INFINITY), json!("Infinity"));
        assert_eq!(number_to_json(f64::NAN), json!("NaN"));
    }

    #[test]
    fn round_trip_keeps_order() {
        let v = json!({"b": 1, "a": [true, null, "x", {"z": 1.5}]});
        assert_eq!(from_jvalue(&to_jvalue(&v)), Converted::Value(v));
    }
}
