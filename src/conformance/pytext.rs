//! Python-compatible text: `json.dumps` (default separators, `ensure_ascii`), `repr(float)`,
//! `str.replace`, the `re.sub` replacement template, and the datetime values boto3 would hand
//! the recording harness. The normaliser runs its text replacements on this exact text, so it
//! must match byte for byte what Python printed. Knows nothing about cases or the emulator.

use std::fmt::Write as _;

use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::{Number, Value};

/// Marks a string value that stands for a boto3 `datetime` (the API's epoch-second timestamps).
/// A NUL byte never appears in API JSON text, so no real value can collide with it.
const DATETIME_TAG: &str = "\u{0}passo-datetime:";

/// A boto3-style datetime value for epoch `seconds` (the wire's number).
pub fn datetime_value(seconds: f64) -> Value {
    let micros = (seconds * 1_000_000.0).round() as i64;
    Value::String(format!("{DATETIME_TAG}{micros}"))
}

/// The instant a datetime value stands for, if `v` is one.
pub fn as_datetime(v: &Value) -> Option<DateTime<Utc>> {
    let micros: i64 = v.as_str()?.strip_prefix(DATETIME_TAG)?.parse().ok()?;
    DateTime::<Utc>::from_timestamp_micros(micros)
}

/// How `json.dumps` renders a datetime: `default=str` or `default=isoformat`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateStyle {
    /// `str(dt)`: `2024-01-01 00:00:00+00:00`.
    Str,
    /// `dt.isoformat()`: `2024-01-01T00:00:00+00:00`.
    Iso,
}

/// Python's `str(datetime)` / `isoformat()` of a UTC datetime (microseconds only when non-zero).
pub fn python_datetime(dt: &DateTime<Utc>, style: DateStyle) -> String {
    let sep = if style == DateStyle::Str { " " } else { "T" };
    let base = dt.format(&format!("%Y-%m-%d{sep}%H:%M:%S")).to_string();
    let micros = dt.timestamp_subsec_micros();
    if micros == 0 {
        format!("{base}+00:00")
    } else {
        format!("{base}.{micros:06}+00:00")
    }
}

/// Python's `str(v)` of a decoded JSON value, as far as the normaliser needs it (strings are
/// themselves; other values only need to be "not an ISO-8601 string").
pub fn python_str(v: &Value) -> String {
    if let Some(dt) = as_datetime(v) {
        return python_datetime(&dt, DateStyle::Str);
    }
    match v {
        Value::String(s) => s.clone(),
        Value::Null => "None".to_owned(),
        Value::Bool(true) => "True".to_owned(),
        Value::Bool(false) => "False".to_owned(),
        Value::Number(n) => number_text(n),
        other => dumps(other, DateStyle::Str),
    }
}

/// `json.dumps(v)` with Python's defaults: `", "` and `": "` separators, `ensure_ascii=True`.
pub fn dumps(v: &Value, style: DateStyle) -> String {
    let mut out = String::new();
    write_value(&mut out, v, style);
    out
}

fn write_value(out: &mut String, v: &Value, style: DateStyle) {
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&number_text(n)),
        Value::String(s) => match as_datetime(v) {
            Some(dt) => write_string(out, &python_datetime(&dt, style)),
            None => write_string(out, s),
        },
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_value(out, item, style);
            }
            out.push(']');
        }
        Value::Object(map) => {
            out.push('{');
            for (i, (k, item)) in map.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_string(out, k);
                out.push_str(": ");
                write_value(out, item, style);
            }
            out.push('}');
        }
    }
}

fn write_string(out: &mut String, s: &str) {
    out.push('"');
    for ch in s.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            ' '..='~' => out.push(ch),
            _ => {
                let mut buf = [0u16; 2];
                for unit in ch.encode_utf16(&mut buf) {
                    let _ = write!(out, "\\u{unit:04x}");
                }
            }
        }
    }
    out.push('"');
}

/// A JSON number as Python prints it: integers plainly, floats as `repr(float)`.
pub fn number_text(n: &Number) -> String {
    if n.is_f64() {
        n.as_f64().map(float_repr).unwrap_or_else(|| n.to_string())
    } else {
        n.to_string()
    }
}

/// Python's `repr(float)`: shortest round-trip digits, fixed notation for exponents in
/// `-4..=15`, otherwise `1e-05` / `1.5e+16` style.
pub fn float_repr(x: f64) -> String {
    if x.is_nan() {
        return "NaN".to_owned();
    }
    if x.is_infinite() {
        return if x > 0.0 { "Infinity" } else { "-Infinity" }.to_owned();
    }
    let sci = format!("{:e}", x.abs());
    let (mantissa, exp) = sci.split_once('e').unwrap_or((sci.as_str(), "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let digits: String = mantissa.chars().filter(|c| c.is_ascii_digit()).collect();
    let sign = if x.is_sign_negative() { "-" } else { "" };
    if (-4..=15).contains(&exp) {
        let body = if exp >= 0 {
            let int_len = (exp + 1) as usize;
            if digits.len() <= int_len {
                format!("{digits:0<int_len$}.0")
            } else {
                format!("{}.{}", &digits[..int_len], &digits[int_len..])
            }
        } else {
            format!("0.{}{}", "0".repeat((-exp - 1) as usize), digits)
        };
        format!("{sign}{body}")
    } else {
        let (first, rest) = digits.split_at(1.min(digits.len()));
        let frac = if rest.is_empty() {
            String::new()
        } else {
            format!(".{rest}")
        };
        let esign = if exp < 0 { '-' } else { '+' };
        format!("{sign}{first}{frac}e{esign}{:02}", exp.abs())
    }
}

/// Python's `str.replace(old, new)`, including the empty-`old` case (insert everywhere).
pub fn str_replace(s: &str, old: &str, new: &str) -> String {
    if !old.is_empty() {
        return s.replace(old, new);
    }
    let mut out = String::with_capacity(s.len() + new.len() * (s.len() + 1));
    out.push_str(new);
    for ch in s.chars() {
        out.push(ch);
        out.push_str(new);
    }
    out
}

/// One piece of a parsed `re.sub` replacement template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TemplatePart {
    Text(String),
    Group(usize),
    Named(String),
}

/// Parses a Python `re.sub` replacement: `\1`, `\g<1>`, `\g<name>`, the usual character
/// escapes; unknown escapes of non-letters are kept as written; an unknown letter escape is an
/// error in Python, and here.
pub fn parse_template(t: &str) -> Result<Vec<TemplatePart>, String> {
    let mut parts = Vec::new();
    let mut text = String::new();
    let mut chars = t.chars().peekable();
    while let Some(ch) = chars.next() {
        if ch != '\\' {
            text.push(ch);
            continue;
        }
        let Some(next) = chars.next() else {
            return Err("bad escape (end of pattern)".to_owned());
        };
        let simple = match next {
            'n' => Some('\n'),
            't' => Some('\t'),
            'r' => Some('\r'),
            'f' => Some('\u{c}'),
            'v' => Some('\u{b}'),
            'a' => Some('\u{7}'),
            'b' => Some('\u{8}'),
            '\\' => Some('\\'),
            _ => None,
        };
        if let Some(c) = simple {
            text.push(c);
            continue;
        }
        if next.is_ascii_digit() {
            let mut num = next.to_string();
            if let Some(d) = chars.peek().copied().filter(char::is_ascii_digit) {
                num.push(d);
                chars.next();
            }
            flush(&mut parts, &mut text);
            parts.push(TemplatePart::Group(num.parse().unwrap_or(0)));
        } else if next == 'g' {
            if chars.next() != Some('<') {
                return Err("missing < after \\g".to_owned());
            }
            let name: String = chars.by_ref().take_while(|c| *c != '>').collect();
            flush(&mut parts, &mut text);
            parts.push(match name.parse::<usize>() {
                Ok(n) => TemplatePart::Group(n),
                Err(_) => TemplatePart::Named(name),
            });
        } else if next.is_ascii_alphabetic() {
            return Err(format!("bad escape \\{next}"));
        } else {
            text.push('\\');
            text.push(next);
        }
    }
    flush(&mut parts, &mut text);
    Ok(parts)
}

fn flush(parts: &mut Vec<TemplatePart>, text: &mut String) {
    if !text.is_empty() {
        parts.push(TemplatePart::Text(std::mem::take(text)));
    }
}

/// `re.sub(rx, template, s)`: every non-overlapping match replaced by the expanded template
/// (an unmatched group expands to nothing, as in Python 3.5+).
pub fn regex_sub(rx: &regex::Regex, template: &[TemplatePart], s: &str) -> String {
    rx.replace_all(s, |caps: &regex::Captures<'_>| {
        let mut out = String::new();
        for part in template {
            match part {
                TemplatePart::Text(t) => out.push_str(t),
                TemplatePart::Group(i) => {
                    out.push_str(caps.get(*i).map(|m| m.as_str()).unwrap_or(""))
                }
                TemplatePart::Named(n) => {
                    out.push_str(caps.name(n).map(|m| m.as_str()).unwrap_or(""))
                }
            }
        }
        out
    })
    .into_owned()
}

/// An ISO-8601 text of a datetime as the API prints it elsewhere (for reports).
pub fn iso(dt: &DateTime<Utc>) -> String {
    dt.to_rfc3339_opts(SecondsFormat::Millis, true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn dumps_like_python() {
        let v =
            json!({"a": [1, 2.5, "é\n\"", null, true], "b": {"c": 1e16, "d": 0.0001, "e": 1e-5}});
        assert_eq!(
            dumps(&v, DateStyle::Str),
            r#"{"a": [1, 2.5, "\u00e9\n\"", null, true], "b": {"c": 1e+16, "d": 0.0001, "e": 1e-05}}"#
        );
        assert_eq!(dumps(&json!("😀"), DateStyle::Str), r#""\ud83d\ude00""#);
    }

    #[test]
    fn float_repr_like_python() {
        assert_eq!(float_repr(100.0), "100.0");
        assert_eq!(float_repr(-0.0), "-0.0");
        assert_eq!(float_repr(123456789012345.6), "123456789012345.6");
        assert_eq!(float_repr(1.5e300), "1.5e+300");
        assert_eq!(float_repr(0.1), "0.1");
    }

    #[test]
    fn datetimes_round_trip() {
        let v = datetime_value(1_704_067_200.5);
        let dt = as_datetime(&v);
        assert!(dt.is_some());
        if let Some(dt) = dt {
            assert_eq!(
                python_datetime(&dt, DateStyle::Str),
                "2024-01-01 00:00:00.500000+00:00"
            );
            assert_eq!(
                python_datetime(&dt, DateStyle::Iso),
                "2024-01-01T00:00:00.500000+00:00"
            );
        }
    }

    #[test]
    fn templates_like_python() {
        let rx = regex::Regex::new(r#"\\"requestId\\":\\"([a-f0-9\-]+)\\""#);
        assert!(rx.is_ok());
        if let Ok(rx) = rx {
            let t = parse_template(r#"\"requestId\":<request-id>\""#).unwrap_or_default();
            assert_eq!(
                regex_sub(&rx, &t, r#"x \"requestId\":\"ab-12\" y"#),
                r#"x \"requestId\":<request-id>\" y"#
            );
        }
        assert!(parse_template(r"\q").is_err());
        assert_eq!(str_replace("ab", "", "-"), "-a-b-");
    }
}
