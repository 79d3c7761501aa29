//! Path syntax, after Jayway's `PathCompiler`: roots (`$`, `$$`, `$name`, and `@` inside
//! filters), dot and bracket steps, and the normal form (`$['a'][0]`) used in messages.
//!
//! Owns: text -> steps. Must not evaluate.

use super::{filter, Root, Step};

/// Jayway's path functions we accept as a last step.
const FUNCTIONS: &[&str] = &[
    "length", "size", "min", "max", "avg", "stddev", "sum", "keys", "first", "last",
];

/// Parses a whole path with its root. `None` when the text is not a path.
pub(super) fn parse(text: &str) -> Option<(Root, Vec<Step>)> {
    let text = text.trim();
    if too_deep(text) {
        return None;
    }
    let (root, rest) = if let Some(r) = text.strip_prefix("$$") {
        (Root::Context, r)
    } else if let Some(r) = text.strip_prefix('$') {
        let end = r.find(['.', '[']).unwrap_or(r.len());
        let name = r.get(..end)?;
        if name.is_empty() {
            (Root::Input, r)
        } else if name.chars().all(|c| c.is_alphanumeric() || c == '_') {
            (Root::Variable(name.to_owned()), r.get(end..)?)
        } else {
            return None;
        }
    } else {
        return None;
    };
    Some((root, steps(rest)?))
}

/// Deepest bracket nesting a path or call may have: the parsers recurse on nesting, and a
/// definition must not be able to exhaust the stack.
pub const MAX_NESTING: usize = 64;

/// Whether `text` nests `(`, `[` or `{` deeper than [`MAX_NESTING`] (quotes not minded: a
/// conservative count).
pub fn too_deep(text: &str) -> bool {
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '(' | '[' | '{' => {
                depth += 1;
                if depth > MAX_NESTING {
                    return true;
                }
            }
            ')' | ']' | '}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    false
}

/// Parses the steps after a root (`.a[0]`, or empty).
pub(super) fn steps(rest: &str) -> Option<Vec<Step>> {
    let chars: Vec<char> = rest.chars().collect();
    let mut p = Parser { c: &chars, i: 0 };
    let mut out = Vec::new();
    while p.i < chars.len() {
        if let Some(Step::Function(_)) = out.last() {
            return None; // a function must be the last step
        }
        match p.peek()? {
            '[' => out.push(p.bracket()?),
            '.' => {
                if p.at(1) == Some('.') {
                    out.push(Step::Scan);
                    p.i += 2;
                } else {
                    p.i += 1;
                }
                match p.peek() {
                    None | Some('.') => return None,
                    Some('[') => {}
                    Some('*') => {
                        p.i += 1;
                        out.push(Step::Wildcard);
                    }
                    Some(_) => out.push(p.property_or_function()?),
                }
            }
            _ => return None,
        }
    }
    if let Some(Step::Scan) = out.last() {
        return None;
    }
    Some(out)
}

struct Parser<'a> {
    c: &'a [char],
    i: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<char> {
        self.c.get(self.i).copied()
    }

    fn at(&self, off: usize) -> Option<char> {
        self.c.get(self.i + off).copied()
    }

    fn skip_ws(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.i += 1;
        }
    }

    fn property_or_function(&mut self) -> Option<Step> {
        let start = self.i;
        while let Some(c) = self.peek() {
            if matches!(c, ' ' | '.' | '[' | '(') {
                break;
            }
            self.i += 1;
        }
        let name: String = self.c.get(start..self.i)?.iter().collect();
        if name.is_empty() || self.peek() == Some(' ') {
            return None;
        }
        if self.peek() == Some('(') {
            // Only argument-less functions: `.length()`.
            if self.at(1) != Some(')') || !FUNCTIONS.contains(&name.as_str()) {
                return None;
            }
            self.i += 2;
            return Some(Step::Function(name));
        }
        Some(Step::Props(vec![name]))
    }

    fn bracket(&mut self) -> Option<Step> {
        self.i += 1; // '['
        self.skip_ws();
        match self.peek()? {
            '\'' | '"' => self.bracket_props(),
            '*' => {
                self.i += 1;
                self.skip_ws();
                self.expect(']')?;
                Some(Step::Wildcard)
            }
            '?' => {
                self.i += 1;
                self.skip_ws();
                self.expect('(')?;
                let start = self.i;
                let end = matching_close(self.c, start)?;
                let inner: String = self.c.get(start..end)?.iter().collect();
                self.i = end + 1;
                self.skip_ws();
                self.expect(']')?;
                Some(Step::Filter(filter::parse(&inner)?))
            }
            c if c.is_ascii_digit() || c == '-' || c == ':' => {
                let start = self.i;
                while self.peek()? != ']' {
                    self.i += 1;
                }
                let inner: String = self.c.get(start..self.i)?.iter().collect();
                self.i += 1;
                array_op(&inner)
            }
            _ => None,
        }
    }

    fn expect(&mut self, c: char) -> Option<()> {
        (self.peek()? == c).then(|| self.i += 1)
    }

    /// `['a']`, `["a b"]`, `['a','b']`. A backslash keeps the next character from closing the
    /// name but stays in it: AWS matches `$['Test\""Name"']` against the key `Test\""Name"`.
    fn bracket_props(&mut self) -> Option<Step> {
        let mut names = Vec::new();
        loop {
            self.skip_ws();
            let quote = self.peek()?;
            if quote != '\'' && quote != '"' {
                return None;
            }
            self.i += 1;
            let start = self.i;
            let mut escaped = false;
            loop {
                let c = self.peek()?;
                if escaped {
                    escaped = false;
                } else if c == '\\' {
                    escaped = true;
                } else if c == quote {
                    break;
                }
                self.i += 1;
            }
            names.push(self.c.get(start..self.i)?.iter().collect());
            self.i += 1;
            self.skip_ws();
            match self.peek()? {
                ',' => self.i += 1,
                ']' => {
                    self.i += 1;
                    return Some(Step::Props(names));
                }
                _ => return None,
            }
        }
    }
}

/// The index of the `)` closing the `(` just before `start`, minding quotes and nesting.
fn matching_close(c: &[char], start: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    let mut i = start;
    while let Some(&ch) = c.get(i) {
        match quote {
            Some(q) => {
                if ch == '\\' {
                    i += 1;
                } else if ch == q {
                    quote = None;
                }
            }
            None => match ch {
                '\'' | '"' => quote = Some(ch),
                '(' | '[' | '{' => depth += 1,
                ')' if depth == 0 => return Some(i),
                ')' | ']' | '}' => depth = depth.checked_sub(1)?,
                _ => {}
            },
        }
        i += 1;
    }
    None
}

/// `[0]`, `[0, -1]`, `[1:3]`, `[:2]`, `[-2:]` (Jayway's `ArrayIndexOperation` and
/// `ArraySliceOperation`; a slice's third part is ignored and `[::2]` is an error, as in Jayway).
fn array_op(inner: &str) -> Option<Step> {
    let compact: String = inner.chars().filter(|c| !c.is_whitespace()).collect();
    if compact.contains(':') {
        if !compact
            .chars()
            .all(|c| c.is_ascii_digit() || c == '-' || c == ':')
        {
            return None;
        }
        // Java's String.split drops trailing empty parts.
        let mut parts: Vec<&str> = compact.split(':').collect();
        while parts.last().is_some_and(|p| p.is_empty()) {
            parts.pop();
        }
        let read = |i: usize| -> Option<Option<i64>> {
            match parts.get(i) {
                Some(p) if !p.is_empty() => p.parse::<i32>().ok().map(|n| Some(i64::from(n))),
                _ => Some(None),
            }
        };
        let (from, to) = (read(0)?, read(1)?);
        if from.is_none() && to.is_none() {
            return None;
        }
        return Some(Step::Slice(from, to));
    }
    let idxs = compact
        .split(',')
        .map(|p| p.parse::<i32>().ok().map(i64::from))
        .collect::<Option<Vec<_>>>()?;
    Some(Step::Indexes(idxs))
}

/// Appends a step in Jayway's normal form.
pub(super) fn push_fragment(out: &mut String, step: &Step) {
    match step {
        Step::Props(names) => {
            out.push('[');
            for (i, n) in names.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push('\'');
                out.push_str(n);
                out.push('\'');
            }
            out.push(']');
        }
        Step::Indexes(idxs) => {
            out.push('[');
            for (i, n) in idxs.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&n.to_string());
            }
            out.push(']');
        }
        Step::Slice(from, to) => {
            out.push('[');
            if let Some(f) = from {
                out.push_str(&f.to_string());
            }
            out.push(':');
            if let Some(t) = to {
                out.push_str(&t.to_string());
            }
            out.push(']');
        }
        Step::Wildcard => out.push_str("[*]"),
        Step::Scan => out.push_str(".."),
        Step::Filter(_) => out.push_str("[?]"),
        Step::Function(f) => {
            out.push('.');
            out.push_str(f);
            out.push_str("()");
        }
    }
}
