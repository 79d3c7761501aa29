//! Filter expressions (`[?(@.price > 10 && @.tag in ['a','b'])]`), after Jayway's
//! `FilterCompiler` and its evaluators.
//!
//! Owns: filter syntax and truth. Must not walk paths itself (it calls `eval`).
//!
//! Jayway semantics kept: a path operand that matches nothing is "undefined" and makes every
//! comparison false (so `!=` is true); `==` compares a number with a numeric string by value;
//! `<`/`>` compare numbers with numbers and strings with strings only; `=~` matches the whole
//! string; `[?(@.a)]` tests existence (a `null` value exists).

use std::cmp::Ordering;

use serde_json::Value;

use super::{eval, parse, Step};

/// A parsed filter expression.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Expr {
    Or(Vec<Expr>),
    And(Vec<Expr>),
    Not(Box<Expr>),
    /// `@.a` alone: the path matches something.
    Exists(Operand),
    Compare(Operand, Op, Operand),
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Operand {
    /// `@.a` (relative to the item) or `$.a` (relative to the document).
    Path {
        relative: bool,
        steps: Vec<Step>,
    },
    Literal(Value),
    /// `/ab+c/i`: source and flags.
    Regex(String, String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Op {
    Eq,
    Ne,
    TypedEq,
    TypedNe,
    Lt,
    Le,
    Gt,
    Ge,
    Regex,
    In,
    Nin,
    SubsetOf,
    AnyOf,
    NoneOf,
    Size,
    Empty,
    Contains,
}

/// Parses the text inside `[?( ... )]`.
pub(super) fn parse(text: &str) -> Option<Expr> {
    let chars: Vec<char> = text.chars().collect();
    let mut p = P { c: &chars, i: 0 };
    let e = p.or()?;
    p.ws();
    (p.i == chars.len()).then_some(e)
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
    fn eat(&mut self, s: &str) -> bool {
        self.ws();
        let n = s.chars().count();
        let matches = self
            .c
            .get(self.i..self.i + n)
            .is_some_and(|w| w.iter().copied().eq(s.chars()));
        if matches {
            self.i += n;
        }
        matches
    }

    fn or(&mut self) -> Option<Expr> {
        let mut v = vec![self.and()?];
        while self.eat("||") {
            v.push(self.and()?);
        }
        Some(if v.len() == 1 { v.pop()? } else { Expr::Or(v) })
    }

    fn and(&mut self) -> Option<Expr> {
        let mut v = vec![self.unary()?];
        while self.eat("&&") {
            v.push(self.unary()?);
        }
        Some(if v.len() == 1 { v.pop()? } else { Expr::And(v) })
    }

    fn unary(&mut self) -> Option<Expr> {
        self.ws();
        if self.peek() == Some('!') && self.c.get(self.i + 1) != Some(&'=') {
            self.i += 1;
            return Some(Expr::Not(Box::new(self.unary()?)));
        }
        if self.peek() == Some('(') {
            self.i += 1;
            let e = self.or()?;
            return self.eat(")").then_some(e);
        }
        self.relation()
    }

    fn relation(&mut self) -> Option<Expr> {
        let left = self.operand()?;
        self.ws();
        let op = match self.peek() {
            None | Some(')') => None,
            Some('&') | Some('|') => None,
            Some(_) => Some(self.op()?),
        };
        match op {
            None => match left {
                Operand::Path { .. } => Some(Expr::Exists(left)),
                Operand::Literal(Value::Bool(b)) => {
                    Some(Expr::Exists(Operand::Literal(Value::Bool(b))))
                }
                _ => None,
            },
            Some(op) => {
                let right = self.operand()?;
                Some(Expr::Compare(left, op, right))
            }
        }
    }

    fn op(&mut self) -> Option<Op> {
        self.ws();
        let start = self.i;
        let symbolic = |c: char| matches!(c, '<' | '>' | '=' | '!' | '~');
        if self.peek().is_some_and(symbolic) {
            while self.peek().is_some_and(symbolic) {
                self.i += 1;
            }
        } else {
            while self.peek().is_some_and(|c| c.is_ascii_alphabetic()) {
                self.i += 1;
            }
        }
        let word: String = self.c.get(start..self.i)?.iter().collect();
        Some(match word.to_ascii_lowercase().as_str() {
            "==" => Op::Eq,
            "!=" => Op::Ne,
            "===" => Op::TypedEq,
            "!==" => Op::TypedNe,
            "<" => Op::Lt,
            "<=" => Op::Le,
            ">" => Op::Gt,
            ">=" => Op::Ge,
            "=~" => Op::Regex,
            "in" => Op::In,
            "nin" => Op::Nin,
            "subsetof" => Op::SubsetOf,
            "anyof" => Op::AnyOf,
            "noneof" => Op::NoneOf,
            "size" => Op::Size,
            "empty" => Op::Empty,
            "contains" => Op::Contains,
            _ => return None,
        })
    }

    fn operand(&mut self) -> Option<Operand> {
        self.ws();
        let c = self.peek()?;
        match c {
            '@' | '$' => {
                let relative = c == '@';
                self.i += 1;
                let start = self.i;
                let mut depth = 0usize;
                let mut quote: Option<char> = None;
                while let Some(ch) = self.peek() {
                    if let Some(q) = quote {
                        if ch == '\\' {
                            self.i += 1;
                        } else if ch == q {
                            quote = None;
                        }
                    } else {
                        match ch {
                            '\'' | '"' => quote = Some(ch),
                            '[' | '(' => depth += 1,
                            ']' => depth = depth.saturating_sub(1),
                            ')' if depth == 0 => break,
                            ')' => depth -= 1,
                            ' ' | '<' | '>' | '=' | '~' | '!' | '&' | '|' if depth == 0 => break,
                            _ => {}
                        }
                    }
                    self.i += 1;
                }
                let text: String = self.c.get(start..self.i)?.iter().collect();
                Some(Operand::Path {
                    relative,
                    steps: parse::steps(&text)?,
                })
            }
            '\'' | '"' => Some(Operand::Literal(Value::String(self.string(c)?))),
            '/' => {
                self.i += 1;
                let start = self.i;
                while self.peek()? != '/' {
                    if self.peek()? == '\\' {
                        self.i += 1;
                    }
                    self.i += 1;
                }
                let src: String = self.c.get(start..self.i)?.iter().collect();
                self.i += 1;
                let fstart = self.i;
                while self.peek().is_some_and(|c| c.is_ascii_alphabetic()) {
                    self.i += 1;
                }
                let flags: String = self.c.get(fstart..self.i)?.iter().collect();
                Some(Operand::Regex(src, flags))
            }
            '[' | '{' => {
                let v = self.json_value()?;
                Some(Operand::Literal(v))
            }
            _ => {
                let start = self.i;
                while self
                    .peek()
                    .is_some_and(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '+' | '.'))
                {
                    self.i += 1;
                }
                let word: String = self.c.get(start..self.i)?.iter().collect();
                match word.as_str() {
                    "true" => Some(Operand::Literal(Value::Bool(true))),
                    "false" => Some(Operand::Literal(Value::Bool(false))),
                    "null" => Some(Operand::Literal(Value::Null)),
                    w => serde_json::from_str::<serde_json::Number>(w)
                        .ok()
                        .map(|n| Operand::Literal(Value::Number(n))),
                }
            }
        }
    }

    /// A quoted string; backslash escapes the next character (`\n`, `\t` as in Java).
    fn string(&mut self, quote: char) -> Option<String> {
        self.i += 1;
        let mut s = String::new();
        loop {
            let c = self.peek()?;
            self.i += 1;
            if c == quote {
                return Some(s);
            }
            if c == '\\' {
                let e = self.peek()?;
                self.i += 1;
                s.push(match e {
                    'n' => '\n',
                    't' => '\t',
                    'r' => '\r',
                    other => other,
                });
            } else {
                s.push(c);
            }
        }
    }

    /// A JSON array or object literal; single-quoted strings are accepted, as Jayway's
    /// default JSON parser does.
    fn json_value(&mut self) -> Option<Value> {
        let mut text = String::new();
        let mut depth = 0usize;
        loop {
            let c = self.peek()?;
            match c {
                '\'' | '"' => {
                    let s = self.string(c)?;
                    text.push_str(&serde_json::to_string(&s).ok()?);
                    continue;
                }
                '[' | '{' => depth += 1,
                ']' | '}' => depth = depth.checked_sub(1)?,
                _ => {}
            }
            text.push(c);
            self.i += 1;
            if depth == 0 {
                break;
            }
        }
        serde_json::from_str(&text).ok()
    }
}

/// Whether `item` passes the filter (`root` is what `$` means inside it).
pub(super) fn accept(expr: &Expr, item: &Value, root: &Value) -> bool {
    match expr {
        Expr::Or(v) => v.iter().any(|e| accept(e, item, root)),
        Expr::And(v) => v.iter().all(|e| accept(e, item, root)),
        Expr::Not(e) => !accept(e, item, root),
        Expr::Exists(Operand::Literal(Value::Bool(b))) => *b,
        Expr::Exists(o) => resolve(o, item, root).is_some(),
        Expr::Compare(l, op, r) => compare(l, *op, r, item, root),
    }
}

fn resolve(o: &Operand, item: &Value, root: &Value) -> Option<Value> {
    match o {
        Operand::Path { relative, steps } => {
            let base = if *relative { item } else { root };
            eval::select_relative(steps, base, root)
        }
        Operand::Literal(v) => Some(v.clone()),
        Operand::Regex(..) => None,
    }
}

fn compare(l: &Operand, op: Op, r: &Operand, item: &Value, root: &Value) -> bool {
    if op == Op::Regex {
        let (pattern, input) = match (l, r) {
            (Operand::Regex(src, flags), other) | (other, Operand::Regex(src, flags)) => {
                ((src, flags), resolve(other, item, root))
            }
            _ => return false,
        };
        let Some(input) = input else { return false };
        let text = match input {
            Value::String(s) => s,
            Value::Array(_) | Value::Object(_) => return false,
            other => other.to_string(),
        };
        return regex_full_match(pattern.0, pattern.1, &text);
    }
    let (Some(a), Some(b)) = (resolve(l, item, root), resolve(r, item, root)) else {
        // An undefined side: every relation is false, `!=`/`nin` are their negation.
        return matches!(op, Op::Ne | Op::TypedNe | Op::Nin);
    };
    match op {
        Op::Eq => loose_eq(&a, &b),
        Op::Ne => !loose_eq(&a, &b),
        Op::TypedEq => a == b || typed_num_eq(&a, &b),
        Op::TypedNe => !(a == b || typed_num_eq(&a, &b)),
        Op::Lt => order(&a, &b) == Some(Ordering::Less),
        Op::Le => matches!(order(&a, &b), Some(Ordering::Less | Ordering::Equal)),
        Op::Gt => order(&a, &b) == Some(Ordering::Greater),
        Op::Ge => matches!(order(&a, &b), Some(Ordering::Greater | Ordering::Equal)),
        Op::In => in_list(&a, &b),
        Op::Nin => !in_list(&a, &b),
        Op::SubsetOf => match (&a, &b) {
            (Value::Array(x), Value::Array(_)) => x.iter().all(|e| in_list(e, &b)),
            _ => false,
        },
        Op::AnyOf => match (&a, &b) {
            (Value::Array(x), Value::Array(_)) => x.iter().any(|e| in_list(e, &b)),
            _ => false,
        },
        Op::NoneOf => match (&a, &b) {
            (Value::Array(x), Value::Array(_)) => !x.iter().any(|e| in_list(e, &b)),
            _ => false,
        },
        Op::Size => {
            let Some(n) = b.as_f64() else { return false };
            let len = match &a {
                Value::String(s) => s.encode_utf16().count(),
                Value::Array(x) => x.len(),
                Value::Object(m) => m.len(),
                _ => return false,
            };
            (len as f64 - n.trunc()).abs() < f64::EPSILON
        }
        Op::Empty => {
            let Value::Bool(want) = b else { return false };
            match &a {
                Value::String(s) => s.is_empty() == want,
                Value::Array(x) => x.is_empty() == want,
                Value::Object(m) => m.is_empty() == want,
                _ => false,
            }
        }
        Op::Contains => match (&a, &b) {
            (Value::String(s), Value::String(t)) => s.contains(t.as_str()),
            (Value::Array(x), _) => x.iter().any(|e| loose_eq(e, &b)),
            _ => false,
        },
        Op::Regex => false,
    }
}

fn num_cmp(a: &serde_json::Number, b: &serde_json::Number) -> Option<Ordering> {
    match (a.as_i64(), b.as_i64()) {
        (Some(x), Some(y)) => Some(x.cmp(&y)),
        _ => match (a.as_u64(), b.as_u64()) {
            (Some(x), Some(y)) => Some(x.cmp(&y)),
            _ => a.as_f64()?.partial_cmp(&b.as_f64()?),
        },
    }
}

fn typed_num_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => num_cmp(x, y) == Some(Ordering::Equal),
        _ => false,
    }
}

/// Jayway's `==`: numbers by value, a number and a numeric string by value, JSON by structure.
fn loose_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => num_cmp(x, y) == Some(Ordering::Equal),
        (Value::Number(x), Value::String(s)) | (Value::String(s), Value::Number(x)) => s
            .trim()
            .parse::<f64>()
            .ok()
            .zip(x.as_f64())
            .is_some_and(|(p, q)| p == q),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| loose_eq(p, q))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| loose_eq(v, w)))
        }
        _ => a == b,
    }
}

fn order(a: &Value, b: &Value) -> Option<Ordering> {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => num_cmp(x, y),
        (Value::String(x), Value::String(y)) => Some(x.encode_utf16().cmp(y.encode_utf16())),
        _ => None,
    }
}

fn in_list(a: &Value, list: &Value) -> bool {
    match list {
        Value::Array(x) => x.iter().any(|e| loose_eq(e, a)),
        _ => false,
    }
}

/// Java's `Pattern.matcher(s).matches()`: the whole input must match.
fn regex_full_match(src: &str, flags: &str, text: &str) -> bool {
    let mut prefix = String::new();
    for f in flags.chars() {
        match f {
            'i' => prefix.push_str("(?i)"),
            'm' => prefix.push_str("(?m)"),
            's' => prefix.push_str("(?s)"),
            'x' => prefix.push_str("(?x)"),
            _ => {}
        }
    }
    regex_lite::Regex::new(&format!("{prefix}^(?:{src})$")).is_ok_and(|re| re.is_match(text))
}
