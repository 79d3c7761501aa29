//! Intrinsic call syntax: `States.Name(arg, ...)` where an argument is a string literal in
//! single quotes, a number, `true`/`false`/`null`, a path (`$.a`, `$$.Execution.Id`, `$var`) or
//! a nested call.
//!
//! Owns: text -> [`Call`]. Must not evaluate. String literals accept exactly the escapes AWS
//! documents (`\'`, `\{`, `\}`, `\\`); any other backslash sequence (e.g. `\"`) makes the call
//! invalid, as AWS rejects it at creation.

use serde_json::{Number, Value};

use super::{Arg, Call, Func, ParseError};
use crate::asl::path::Path;

pub(super) fn parse(text: &str) -> Result<Call, ParseError> {
    if crate::asl::path::parse::too_deep(text) {
        return Err(ParseError(text.to_owned()));
    }
    let chars: Vec<char> = text.chars().collect();
    let mut p = P { c: &chars, i: 0 };
    p.ws();
    let call = p.call().ok_or_else(|| ParseError(text.to_owned()))?;
    p.ws();
    if p.i != chars.len() {
        return Err(ParseError(text.to_owned()));
    }
    Ok(Call {
        text: text.to_owned(),
        ..call
    })
}

struct P<'a> {
    c: &'a [char],
    i: usize,
}

impl P<'_> {
    fn peek(&self) -> Option<char> {
        self.c.get(self.i).copied()
    }

    fn ws(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.i += 1;
        }
    }

    fn text(&self, from: usize) -> Option<String> {
        Some(self.c.get(from..self.i)?.iter().collect())
    }

    fn call(&mut self) -> Option<Call> {
        let start = self.i;
        while self
            .peek()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == '.')
        {
            self.i += 1;
        }
        let name = self.text(start)?;
        let func = Func::from_name(&name)?;
        self.ws();
        if self.peek()? != '(' {
            return None;
        }
        self.i += 1;
        let mut args = Vec::new();
        self.ws();
        if self.peek()? == ')' {
            self.i += 1;
        } else {
            loop {
                self.ws();
                args.push(self.arg()?);
                self.ws();
                match self.peek()? {
                    ',' => self.i += 1,
                    ')' => {
                        self.i += 1;
                        break;
                    }
                    _ => return None,
                }
            }
        }
        let text = self.text(start)?;
        let call = Call { text, func, args };
        super::check_arity(&call).then_some(call)
    }

    fn arg(&mut self) -> Option<Arg> {
        match self.peek()? {
            '\'' => self.string(),
            '$' => self.path(),
            'S' => Some(Arg::Call(Box::new(self.call()?))),
            c if c == '-' || c.is_ascii_digit() => self.number(),
            _ => {
                let start = self.i;
                while self.peek().is_some_and(|c| c.is_ascii_alphabetic()) {
                    self.i += 1;
                }
                match self.text(start)?.as_str() {
                    "true" => Some(Arg::Literal(Value::Bool(true))),
                    "false" => Some(Arg::Literal(Value::Bool(false))),
                    "null" => Some(Arg::Literal(Value::Null)),
                    _ => None,
                }
            }
        }
    }

    /// `'...'`; keeps the raw text too, so `States.Format` can tell `\{}` from `{}`.
    fn string(&mut self) -> Option<Arg> {
        self.i += 1;
        let start = self.i;
        let mut value = String::new();
        loop {
            let c = self.peek()?;
            match c {
                '\'' => break,
                '\\' => {
                    self.i += 1;
                    let e = self.peek()?;
                    if !matches!(e, '\'' | '{' | '}' | '\\') {
                        return None;
                    }
                    value.push(e);
                }
                other => value.push(other),
            }
            self.i += 1;
        }
        let raw = self.text(start)?;
        self.i += 1;
        Some(Arg::Str { value, raw })
    }

    fn number(&mut self) -> Option<Arg> {
        let start = self.i;
        if self.peek() == Some('-') {
            self.i += 1;
        }
        while self
            .peek()
            .is_some_and(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '+' | '-'))
        {
            self.i += 1;
        }
        let text = self.text(start)?;
        let n: Number = serde_json::from_str(&text).ok()?;
        Some(Arg::Literal(Value::Number(n)))
    }

    /// A path runs to the next `,` or `)` outside brackets, parentheses and quotes.
    fn path(&mut self) -> Option<Arg> {
        let start = self.i;
        let mut depth = 0usize;
        let mut quote: Option<char> = None;
        while let Some(c) = self.peek() {
            if let Some(q) = quote {
                if c == '\\' {
                    self.i += 1;
                } else if c == q {
                    quote = None;
                }
            } else {
                match c {
                    '\'' | '"' => quote = Some(c),
                    '[' | '(' => depth += 1,
                    ']' => depth = depth.checked_sub(1)?,
                    ')' if depth == 0 => break,
                    ')' => depth -= 1,
                    ',' if depth == 0 => break,
                    _ => {}
                }
            }
            self.i += 1;
        }
        let text = self.text(start)?;
        Path::parse(text.trim()).ok().map(Arg::Path)
    }
}
