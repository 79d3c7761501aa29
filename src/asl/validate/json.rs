//! Definition text to JSON, with AWS's answers for text that is not a JSON object.
//!
//! Owns only the text phase; it must not look inside the parsed definition.
//!
//! AWS parses with Jackson; its `INVALID_JSON_DESCRIPTION` diagnostics carry Jackson's message and
//! a `[Source: (String)"..."; line: L, column: C]` location. We reproduce the common
//! "Unrecognized token" form exactly and fall back to serde_json's wording for the rest.

use serde_json::Value;

use crate::asl::error::{codes, Diagnostic};

/// Jackson quotes at most this many characters of the source in a location.
const MAX_SOURCE_CHARS: usize = 500;

/// Parses the definition text; the error is the one diagnostic AWS reports for it.
///
/// - `" "` (blank): `SCHEMA_VALIDATION_FAILED: Definition must be a valid JSON object`, no
///   location;
/// - `"[1]"` (JSON but not an object): the same;
/// - `"not a definition"`: `INVALID_JSON_DESCRIPTION: Unrecognized token 'not': was expecting
///   (JSON String, Number, Array, Object or token 'null', 'true' or 'false')` + location.
pub fn parse(text: &str) -> Result<Value, Diagnostic> {
    if text.trim().is_empty() {
        return Err(not_an_object());
    }
    match serde_json::from_str::<Value>(text) {
        Ok(v @ Value::Object(_)) => Ok(v),
        Ok(_) => Err(not_an_object()),
        Err(e) => Err(syntax_error(text, &e)),
    }
}

fn not_an_object() -> Diagnostic {
    Diagnostic::error(
        codes::SCHEMA_VALIDATION_FAILED,
        "Definition must be a valid JSON object",
        None,
    )
}

fn syntax_error(text: &str, e: &serde_json::Error) -> Diagnostic {
    let (line, column) = (e.line(), e.column());
    let line_text = text.lines().nth(line.saturating_sub(1)).unwrap_or("");
    // serde stops inside a bad word (`not` fails at `o`, hoping for `null`): back up to its start.
    let chars: Vec<char> = line_text.chars().collect();
    let is_word = |c: &char| c.is_alphanumeric() || *c == '_' || *c == '$';
    let mut start = column.saturating_sub(1).min(chars.len());
    while start > 0 && chars.get(start - 1).is_some_and(is_word) {
        start -= 1;
    }
    let token: String = chars
        .get(start..)
        .unwrap_or_default()
        .iter()
        .take_while(|c| is_word(c))
        .take(256)
        .collect();
    let starts_like_literal = ["true", "false", "null"]
        .iter()
        .any(|lit| !token.is_empty() && lit.starts_with(token.as_str()) && lit.len() > token.len());
    let (message, column) = if !token.is_empty()
        && !starts_like_literal
        && token.chars().next().is_some_and(char::is_alphabetic)
    {
        // Jackson reports the column just after the bad token.
        (
            format!(
                "Unrecognized token '{token}': was expecting (JSON String, Number, Array, \
                 Object or token 'null', 'true' or 'false')"
            ),
            start + token.chars().count() + 1,
        )
    } else {
        (capitalise(&strip_position(&e.to_string())), column)
    };
    let location = format!(
        "[Source: (String){}; line: {line}, column: {column}]",
        quoted_source(text)
    );
    Diagnostic::error(
        codes::INVALID_JSON_DESCRIPTION,
        format!("{message}\n at {location}"),
        Some(location),
    )
}

/// `"text"`, or its first 500 characters and `"[truncated N chars]` as Jackson prints it.
fn quoted_source(text: &str) -> String {
    let total = text.encode_utf16().count();
    if total <= MAX_SOURCE_CHARS {
        return format!("\"{text}\"");
    }
    let head: String = text.chars().take(MAX_SOURCE_CHARS).collect();
    let shown = head.encode_utf16().count();
    format!("\"{head}\"[truncated {} chars]", total - shown)
}

/// serde_json appends ` at line L column C`; the location carries that instead.
fn strip_position(msg: &str) -> String {
    match msg.rfind(" at line ") {
        Some(i) => msg.get(..i).unwrap_or(msg).to_owned(),
        None => msg.to_owned(),
    }
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unrecognized_token_like_jackson() {
        let d = parse("not a definition").unwrap_err();
        assert_eq!(d.code, "INVALID_JSON_DESCRIPTION");
        assert_eq!(
            d.location.as_deref(),
            Some("[Source: (String)\"not a definition\"; line: 1, column: 4]")
        );
        assert!(d
            .message
            .starts_with("Unrecognized token 'not': was expecting"));
    }

    #[test]
    fn blank_and_non_objects() {
        for t in [" ", "", "[]", "1", "null"] {
            let d = parse(t).unwrap_err();
            assert_eq!(d.message, "Definition must be a valid JSON object");
            assert_eq!(d.location, None);
        }
    }
}
