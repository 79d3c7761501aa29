//! Definition text to JSON, with AWS's answers for text that is not a JSON object.
//!
//! Owns only the text phase; it must not look inside the parsed definition.
//!
//! AWS parses with Jackson (`ObjectMapper.readTree`): its `INVALID_JSON_DESCRIPTION` diagnostics
//! carry Jackson's message and a `[Source: (String)"..."; line: L, column: C]` location, and
//! text after the first JSON value is ignored. A small scanner finds the first syntax error the
//! way Jackson's reader meets it, so the message and position match; serde_json then builds the
//! value.

use serde_json::Value;

use crate::asl::error::{codes, Diagnostic};

/// Jackson quotes at most this many characters of the source in a location.
const MAX_SOURCE_CHARS: usize = 500;

/// What Jackson says when a value was expected and a word was found.
const VALID_TOKENS: &str =
    "(JSON String, Number, Array, Object or token 'null', 'true' or 'false')";

/// Parses the definition text; the error is the one diagnostic AWS reports for it.
///
/// - `" "` (blank): `SCHEMA_VALIDATION_FAILED: Definition must be a valid JSON object`, no
///   location;
/// - `"[1]"` (JSON but not an object): the same;
/// - `"not a definition"`: `INVALID_JSON_DESCRIPTION: Unrecognized token 'not': was expecting
///   (JSON String, Number, Array, Object or token 'null', 'true' or 'false')` + location;
/// - `{"a":1,}`: `Unexpected character ('}' (code 125)): was expecting double-quote to start
///   field name`;
/// - `{"a" 1}`: `... was expecting a colon to separate field name and value`;
/// - `{"a":1 "b":2}`: `... was expecting comma to separate Object entries`;
/// - `{"a":[1,]}`: `Unexpected character (']' (code 93)): expected a value`;
/// - `{"a":1`: `Unexpected end-of-input: expected close marker for Object (start marker at
///   [Source: ...; line: 1, column: 1])`.
pub fn parse(text: &str) -> Result<Value, Diagnostic> {
    if text.trim().is_empty() {
        return Err(not_an_object());
    }
    let mut scanner = Scanner::new(text);
    if let Err(e) = scanner.document() {
        return Err(e.into_diagnostic(text));
    }
    // The scanner accepted the first value; serde builds it and ignores what follows, as
    // Jackson's readTree does.
    let mut values = serde_json::Deserializer::from_str(text).into_iter::<Value>();
    match values.next() {
        Some(Ok(v @ Value::Object(_))) => Ok(v),
        Some(Ok(_)) => Err(not_an_object()),
        // Only reachable if the scanner and serde disagree; report serde's view.
        Some(Err(e)) => Err(Syntax {
            message: capitalise(&strip_position(&e.to_string())),
            line: e.line(),
            column: e.column() + 1,
        }
        .into_diagnostic(text)),
        None => Err(not_an_object()),
    }
}

fn not_an_object() -> Diagnostic {
    Diagnostic::error(
        codes::SCHEMA_VALIDATION_FAILED,
        "Definition must be a valid JSON object",
        None,
    )
}

/// A syntax error at a Jackson position (1-based line; column in UTF-16 units, 1-based, just
/// after the character Jackson had consumed).
#[derive(Debug)]
struct Syntax {
    message: String,
    line: usize,
    column: usize,
}

impl Syntax {
    fn into_diagnostic(self, text: &str) -> Diagnostic {
        let location = source_location(text, self.line, self.column);
        Diagnostic::error(
            codes::INVALID_JSON_DESCRIPTION,
            format!("{}\n at {location}", self.message),
            Some(location),
        )
    }
}

fn source_location(text: &str, line: usize, column: usize) -> String {
    format!(
        "[Source: (String){}; line: {line}, column: {column}]",
        quoted_source(text)
    )
}

/// `"text"`, or its first 500 characters and `"[truncated N chars]` as Jackson prints it.
fn quoted_source(text: &str) -> String {
    let total = text.encode_utf16().count();
    if total <= MAX_SOURCE_CHARS {
        return format!("\"{text}\"");
    }
    let mut head = String::new();
    let mut units = 0;
    for c in text.chars() {
        if units + c.len_utf16() > MAX_SOURCE_CHARS {
            break;
        }
        units += c.len_utf16();
        head.push(c);
    }
    format!("\"{head}\"[truncated {} chars]", total - units)
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

/// Jackson's `_getCharDesc`.
fn char_desc(c: char) -> String {
    let code = u32::from(c);
    if c.is_control() && code < 0x100 {
        format!("(CTRL-CHAR, code {code})")
    } else if code > 255 {
        format!("'{c}' (code {code} / 0x{code:x})")
    } else {
        format!("'{c}' (code {code})")
    }
}

/// Nesting deeper than this is reported rather than recursed into (no stack overflow).
const MAX_DEPTH: usize = 1000;

struct Scanner<'a> {
    text: &'a str,
    chars: Vec<char>,
    i: usize,
    line: usize,
    /// UTF-16 offset of the current row's start, and of the cursor.
    row_start: usize,
    units: usize,
}

impl<'a> Scanner<'a> {
    fn new(text: &'a str) -> Scanner<'a> {
        Scanner {
            text,
            chars: text.chars().collect(),
            i: 0,
            line: 1,
            row_start: 0,
            units: 0,
        }
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.i).copied()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.i += 1;
        self.units += c.len_utf16();
        Some(c)
    }

    /// The column Jackson reports: just after what was consumed.
    fn column(&self) -> usize {
        self.units - self.row_start + 1
    }

    fn err(&self, message: impl Into<String>) -> Syntax {
        Syntax {
            message: message.into(),
            line: self.line,
            column: self.column(),
        }
    }

    fn skip_ws(&mut self) {
        while let Some(c) = self.peek() {
            match c {
                ' ' | '\t' => {
                    self.bump();
                }
                '\n' => {
                    self.bump();
                    self.new_row();
                }
                '\r' => {
                    self.bump();
                    if self.peek() == Some('\n') {
                        self.bump();
                    }
                    self.new_row();
                }
                _ => return,
            }
        }
    }

    fn new_row(&mut self) {
        self.line += 1;
        self.row_start = self.units;
    }

    fn document(&mut self) -> Result<(), Syntax> {
        self.skip_ws();
        self.value(0)
    }

    fn value(&mut self, depth: usize) -> Result<(), Syntax> {
        let Some(c) = self.peek() else {
            return Err(self.err("No content to map due to end-of-input"));
        };
        match c {
            '{' => self.object(depth),
            '[' => self.array(depth),
            '"' => {
                self.bump();
                self.string()
            }
            '-' | '0'..='9' => self.number(),
            c if c.is_alphanumeric() || c == '_' || c == '$' => self.word(),
            _ => {
                self.bump();
                Err(self.err(format!(
                    "Unexpected character ({}): expected a value",
                    char_desc(c)
                )))
            }
        }
    }

    /// `true`, `false`, `null`, or Jackson's "Unrecognized token".
    fn word(&mut self) -> Result<(), Syntax> {
        let mut token = String::new();
        while let Some(c) = self.peek() {
            if !(c.is_alphanumeric() || c == '_' || c == '$') || token.len() >= 256 {
                break;
            }
            token.push(c);
            self.bump();
        }
        if matches!(token.as_str(), "true" | "false" | "null") {
            Ok(())
        } else {
            Err(self.err(format!(
                "Unrecognized token '{token}': was expecting {VALID_TOKENS}"
            )))
        }
    }

    fn number(&mut self) -> Result<(), Syntax> {
        if self.peek() == Some('-') {
            self.bump();
        }
        let digits = |s: &mut Scanner| {
            let mut n = 0;
            while matches!(s.peek(), Some('0'..='9')) {
                s.bump();
                n += 1;
            }
            n
        };
        let first = self.peek();
        let int_digits = digits(self);
        if int_digits == 0 {
            return Err(
                self.err("Unexpected character: expected digit after minus sign for a number")
            );
        }
        if first == Some('0') && int_digits > 1 {
            return Err(self.err("Invalid numeric value: Leading zeroes not allowed"));
        }
        if self.peek() == Some('.') {
            self.bump();
            if digits(self) == 0 {
                return Err(self.err("Unexpected character: Decimal point not followed by a digit"));
            }
        }
        if matches!(self.peek(), Some('e' | 'E')) {
            self.bump();
            if matches!(self.peek(), Some('+' | '-')) {
                self.bump();
            }
            if digits(self) == 0 {
                return Err(
                    self.err("Unexpected character: Exponent indicator not followed by a digit")
                );
            }
        }
        Ok(())
    }

    /// After the opening quote.
    fn string(&mut self) -> Result<(), Syntax> {
        loop {
            let Some(c) = self.bump() else {
                return Err(self.err(
                    "Unexpected end-of-input: was expecting closing quote for a string value",
                ));
            };
            match c {
                '"' => return Ok(()),
                '\\' => {
                    let Some(e) = self.bump() else {
                        return Err(
                            self.err("Unexpected end-of-input in character escape sequence")
                        );
                    };
                    match e {
                        '"' | '\\' | '/' | 'b' | 'f' | 'n' | 'r' | 't' => {}
                        'u' => {
                            for _ in 0..4 {
                                match self.bump() {
                                    Some(h) if h.is_ascii_hexdigit() => {}
                                    Some(h) => {
                                        return Err(self.err(format!(
                                            "Unexpected character ({}): expected a hex-digit for \
                                             character escape sequence",
                                            char_desc(h)
                                        )))
                                    }
                                    None => {
                                        return Err(self.err(
                                            "Unexpected end-of-input in character escape sequence",
                                        ))
                                    }
                                }
                            }
                        }
                        other => {
                            return Err(self.err(format!(
                                "Unrecognized character escape {}",
                                char_desc(other)
                            )))
                        }
                    }
                }
                c if u32::from(c) < 0x20 => {
                    return Err(self.err(format!(
                        "Illegal unquoted character ({}): has to be escaped using backslash to \
                         be included in string value",
                        char_desc(c)
                    )))
                }
                _ => {}
            }
        }
    }

    /// Where a `{` or `[` about to be consumed sits.
    fn start_marker(&self) -> (usize, usize) {
        (self.line, self.column())
    }

    fn eof_in(&self, what: &str, marker: (usize, usize)) -> Syntax {
        self.err(format!(
            "Unexpected end-of-input: expected close marker for {what} (start marker at {})",
            source_location(self.text, marker.0, marker.1)
        ))
    }

    fn object(&mut self, depth: usize) -> Result<(), Syntax> {
        let marker = self.start_marker();
        self.bump();
        if depth >= MAX_DEPTH {
            return Err(self.err("Document nesting depth exceeds the maximum allowed"));
        }
        self.skip_ws();
        match self.peek() {
            Some('}') => {
                self.bump();
                return Ok(());
            }
            None => return Err(self.eof_in("Object", marker)),
            _ => {}
        }
        loop {
            self.skip_ws();
            match self.bump() {
                Some('"') => self.string()?,
                Some(c) => {
                    return Err(self.err(format!(
                        "Unexpected character ({}): was expecting double-quote to start field \
                         name",
                        char_desc(c)
                    )))
                }
                None => return Err(self.eof_in("Object", marker)),
            }
            self.skip_ws();
            match self.bump() {
                Some(':') => {}
                Some(c) => {
                    return Err(self.err(format!(
                        "Unexpected character ({}): was expecting a colon to separate field \
                         name and value",
                        char_desc(c)
                    )))
                }
                None => return Err(self.eof_in("Object", marker)),
            }
            self.skip_ws();
            if self.peek().is_none() {
                return Err(self.eof_in("Object", marker));
            }
            self.value(depth + 1)?;
            self.skip_ws();
            match self.bump() {
                Some(',') => {}
                Some('}') => return Ok(()),
                Some(c) => {
                    return Err(self.err(format!(
                        "Unexpected character ({}): was expecting comma to separate Object \
                         entries",
                        char_desc(c)
                    )))
                }
                None => return Err(self.eof_in("Object", marker)),
            }
        }
    }

    fn array(&mut self, depth: usize) -> Result<(), Syntax> {
        let marker = self.start_marker();
        self.bump();
        if depth >= MAX_DEPTH {
            return Err(self.err("Document nesting depth exceeds the maximum allowed"));
        }
        self.skip_ws();
        match self.peek() {
            Some(']') => {
                self.bump();
                return Ok(());
            }
            None => return Err(self.eof_in("Array", marker)),
            _ => {}
        }
        loop {
            self.skip_ws();
            if self.peek().is_none() {
                return Err(self.eof_in("Array", marker));
            }
            self.value(depth + 1)?;
            self.skip_ws();
            match self.bump() {
                Some(',') => {}
                Some(']') => return Ok(()),
                Some(c) => {
                    return Err(self.err(format!(
                        "Unexpected character ({}): was expecting comma to separate Array \
                         entries",
                        char_desc(c)
                    )))
                }
                None => return Err(self.eof_in("Array", marker)),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(text: &str) -> String {
        let d = parse(text).unwrap_err();
        d.message
    }

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

    #[test]
    fn structural_errors_name_the_character_and_column() {
        assert!(message("{\"a\":1,}").starts_with(
            "Unexpected character ('}' (code 125)): was expecting double-quote to start field \
             name\n at [Source: (String)\"{\"a\":1,}\""
        ));
        assert!(message("{\"a\":1,}").ends_with("line: 1, column: 9]"));
        assert!(message("{\"a\" 1}").contains("was expecting a colon"));
        assert!(message("{\"a\":1 \"b\":2}").contains("comma to separate Object entries"));
        assert!(message("{\"a\":[1,]}").contains("(']' (code 93)): expected a value"));
        let eof = message("{\"a\":1");
        assert!(
            eof.starts_with(
                "Unexpected end-of-input: expected close marker for Object (start marker at \
                 [Source: (String)\"{\"a\":1\"; line: 1, column: 1])"
            ),
            "{eof}"
        );
        assert!(message("{\n\"a\": tru}").ends_with("line: 2, column: 9]"));
    }

    #[test]
    fn text_after_the_object_is_ignored() {
        assert!(parse("{\"a\": 1} trailing").is_ok());
    }

    #[test]
    fn long_sources_are_truncated() {
        let text = format!("{{\"a\": x{}}}", " ".repeat(600));
        let d = parse(&text).unwrap_err();
        assert!(d.location.unwrap_or_default().contains("\"[truncated "));
    }
}
