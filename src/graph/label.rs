//! Readable labels for edges: a Choice rule as a condition (`$.n > 5 and $.s == "a"`), a
//! catcher's error names, a retrier's errors and attempts. Pure text; no layout.

use serde_json::Value;

use crate::asl::plan::Retrier;

/// The comparison operators of a Choice rule and how they read, longest names first so that
/// `StringEqualsPath` is not taken for `StringEquals`.
const OPERATORS: &[(&str, &str)] = &[
    ("StringEquals", "=="),
    ("StringLessThanEquals", "<="),
    ("StringLessThan", "<"),
    ("StringGreaterThanEquals", ">="),
    ("StringGreaterThan", ">"),
    ("StringMatches", "matches"),
    ("NumericEquals", "=="),
    ("NumericLessThanEquals", "<="),
    ("NumericLessThan", "<"),
    ("NumericGreaterThanEquals", ">="),
    ("NumericGreaterThan", ">"),
    ("BooleanEquals", "=="),
    ("TimestampEquals", "=="),
    ("TimestampLessThanEquals", "<="),
    ("TimestampLessThan", "<"),
    ("TimestampGreaterThanEquals", ">="),
    ("TimestampGreaterThan", ">"),
];

/// The type tests (`IsNull: true`) and how they read.
const TESTS: &[(&str, &str)] = &[
    ("IsNull", "null"),
    ("IsPresent", "present"),
    ("IsNumeric", "numeric"),
    ("IsString", "a string"),
    ("IsBoolean", "a boolean"),
    ("IsTimestamp", "a timestamp"),
];

/// A Choice rule (one element of `Choices`, or a nested rule) as a condition.
pub fn condition(rule: &Value) -> String {
    if let Some(c) = rule.get("Condition") {
        // JSONata: the expression itself, without its `{% %}` fence.
        return match c {
            Value::String(s) => s
                .trim()
                .trim_start_matches("{%")
                .trim_end_matches("%}")
                .trim()
                .to_owned(),
            other => other.to_string(),
        };
    }
    if let Some(Value::Array(rules)) = rule.get("And") {
        return joined(rules, " and ");
    }
    if let Some(Value::Array(rules)) = rule.get("Or") {
        return joined(rules, " or ");
    }
    if let Some(inner) = rule.get("Not") {
        return format!("not ({})", condition(inner));
    }
    let variable = rule.get("Variable").and_then(Value::as_str).unwrap_or("?");
    for (op, text) in OPERATORS {
        if let Some(v) = rule.get(*op) {
            return format!("{variable} {text} {}", literal(v));
        }
        if let Some(Value::String(path)) = rule.get(format!("{op}Path")) {
            return format!("{variable} {text} {path}");
        }
    }
    for (test, text) in TESTS {
        if let Some(v) = rule.get(*test) {
            let negated = v == &Value::Bool(false);
            return format!("{variable} is {}{text}", if negated { "not " } else { "" });
        }
        if let Some(Value::String(path)) = rule.get(format!("{test}Path")) {
            return format!("{variable} is {text} == {path}");
        }
    }
    "rule".to_owned()
}

fn joined(rules: &[Value], sep: &str) -> String {
    let parts: Vec<String> = rules
        .iter()
        .map(|r| {
            let c = condition(r);
            if r.get("And").is_some() || r.get("Or").is_some() {
                format!("({c})")
            } else {
                c
            }
        })
        .collect();
    parts.join(sep)
}

fn literal(v: &Value) -> String {
    v.to_string()
}

/// A catcher's label: `catch States.ALL` or `catch A, B`.
pub fn catch(errors: &[String]) -> String {
    format!("catch {}", errors.join(", "))
}

/// A retrier's label: its errors and its attempts (`retry States.Timeout ×3`).
pub fn retry(r: &Retrier) -> String {
    format!("retry {} ×{}", r.errors.join(", "), r.max_attempts)
}

/// `text` cut to `max` characters with an ellipsis, for drawing; the model keeps the full text.
pub fn short(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_owned()
    } else {
        let mut s: String = text.chars().take(max.saturating_sub(1)).collect();
        s.push('…');
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn comparisons_read_as_operators() {
        let r = json!({"Variable": "$.n", "NumericGreaterThan": 5, "Next": "X"});
        assert_eq!(condition(&r), "$.n > 5");
        let r = json!({"Variable": "$.s", "StringEqualsPath": "$.t", "Next": "X"});
        assert_eq!(condition(&r), "$.s == $.t");
        let r = json!({"Variable": "$.s", "StringEquals": "a", "Next": "X"});
        assert_eq!(condition(&r), "$.s == \"a\"");
    }

    #[test]
    fn combinators_and_tests_nest() {
        let r = json!({"And": [
            {"Variable": "$.a", "IsPresent": true},
            {"Not": {"Variable": "$.b", "BooleanEquals": true}},
            {"Or": [{"Variable": "$.c", "IsNull": false}, {"Variable": "$.c", "NumericLessThanEquals": 1}]}
        ], "Next": "X"});
        assert_eq!(
            condition(&r),
            "$.a is present and not ($.b == true) and ($.c is not null or $.c <= 1)"
        );
    }

    #[test]
    fn jsonata_conditions_lose_their_fence() {
        let r = json!({"Condition": "{% $states.input.n > 1 %}", "Next": "X"});
        assert_eq!(condition(&r), "$states.input.n > 1");
    }

    #[test]
    fn short_cuts_with_an_ellipsis() {
        assert_eq!(short("abcdef", 4), "abc…");
        assert_eq!(short("abc", 4), "abc");
    }
}
