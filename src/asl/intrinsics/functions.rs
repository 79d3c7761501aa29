//! The 18 intrinsic functions over evaluated arguments.
//!
//! Owns: each function's argument checks and result. Must not evaluate paths.
//!
//! Quirks from recordings: `States.MathAdd` rounds each operand with Java's `Math.round`;
//! `States.StringSplit` splits on each delimiter character and drops empty parts;
//! `States.StringToJson` of a blank string is `null`; `States.Format` prints objects as `{k=v}`;
//! `States.JsonMerge` returns its keys in Java `HashMap` order.
//!
//! The failure causes below are not in the recordings (none exercises a failing intrinsic);
//! they follow one pattern, `Invalid arguments in States.X: <why>`, under
//! `States.IntrinsicFailure`. Deliberate guess, to be replaced when a recording shows AWS's text.

use base64::Engine as _;
use md5::Md5;
use rand_core::RngCore;
use serde_json::Value;
use sha1::Sha1;
use sha2::{Digest, Sha256, Sha384, Sha512};

use super::java;
use super::{Arg, Call, Func};
use crate::asl::Failure;

/// Most elements `States.ArrayRange` may produce, and the longest input string the string
/// functions take (AWS's documented limits).
const MAX_RANGE: usize = 1000;
const MAX_STRING: usize = 10_000;

fn fail(func: Func, why: impl std::fmt::Display) -> Failure {
    Failure::intrinsic(format!("Invalid arguments in {}: {why}", func.name()))
}

/// A piece of a `States.Format` template.
#[derive(Debug, PartialEq)]
pub(super) enum Piece {
    Text(String),
    Hole,
}

/// Splits a `States.Format` template into text and `{}` holes. `escaped`: the template is the
/// raw text of a literal, where `\{`, `\}`, `\'` and `\\` stand for the character itself.
pub(super) fn format_pieces(template: &str, escaped: bool) -> (Vec<Piece>, usize) {
    let mut pieces = Vec::new();
    let mut text = String::new();
    let mut holes = 0;
    let mut it = template.chars().peekable();
    while let Some(c) = it.next() {
        match c {
            '\\' if escaped => {
                if let Some(e) = it.next() {
                    text.push(e);
                }
            }
            '{' if it.peek() == Some(&'}') => {
                it.next();
                pieces.push(Piece::Text(std::mem::take(&mut text)));
                pieces.push(Piece::Hole);
                holes += 1;
            }
            other => text.push(other),
        }
    }
    pieces.push(Piece::Text(text));
    (pieces, holes)
}

fn string_arg(func: Func, v: &Value, what: &str) -> Result<String, Failure> {
    match v {
        Value::String(s) => Ok(s.clone()),
        _ => Err(fail(func, format!("the {what} must be a string"))),
    }
}

fn array_arg(func: Func, v: Value) -> Result<Vec<Value>, Failure> {
    match v {
        Value::Array(a) => Ok(a),
        _ => Err(fail(func, "the first argument must be an array")),
    }
}

/// An integer argument; a float with no fraction counts.
fn int_arg(func: Func, v: &Value, what: &str) -> Result<i64, Failure> {
    let n = match v {
        Value::Number(n) => n,
        _ => return Err(fail(func, format!("the {what} must be an integer"))),
    };
    if let Some(i) = n.as_i64() {
        return Ok(i);
    }
    match n.as_f64() {
        Some(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => Ok(f as i64),
        _ => Err(fail(func, format!("the {what} must be an integer"))),
    }
}

fn number_arg(func: Func, v: &Value, what: &str) -> Result<f64, Failure> {
    v.as_f64()
        .ok_or_else(|| fail(func, format!("the {what} must be a number")))
}

pub(super) fn apply(
    call: &Call,
    vals: Vec<Value>,
    rng: &mut dyn RngCore,
) -> Result<Value, Failure> {
    let func = call.func;
    let mut args = std::collections::VecDeque::from(vals);
    let mut next = || args.pop_front().unwrap_or(Value::Null);
    match func {
        Func::Array => Ok(Value::Array(
            std::iter::from_fn(|| args.pop_front()).collect(),
        )),
        Func::Format => format(call, args.make_contiguous()),
        Func::StringToJson => {
            let s = string_arg(func, &next(), "argument")?;
            if s.trim().is_empty() {
                return Ok(Value::Null);
            }
            serde_json::from_str(&integer_negative_zero(&s))
                .map_err(|_| fail(func, "the argument is not valid JSON"))
        }
        Func::JsonToString => Ok(Value::String(next().to_string())),
        Func::ArrayPartition => {
            let arr = array_arg(func, next())?;
            let size = int_arg(func, &next(), "chunk size")?;
            let size = usize::try_from(size)
                .ok()
                .filter(|&s| s > 0)
                .ok_or_else(|| fail(func, "the chunk size must be greater than 0"))?;
            Ok(Value::Array(
                arr.chunks(size).map(|c| Value::Array(c.to_vec())).collect(),
            ))
        }
        Func::ArrayContains => {
            let arr = array_arg(func, next())?;
            let needle = next();
            Ok(Value::Bool(arr.contains(&needle)))
        }
        Func::ArrayRange => {
            let start = int_arg(func, &next(), "start")?;
            let end = int_arg(func, &next(), "end")?;
            let step = int_arg(func, &next(), "step")?;
            if step == 0 {
                return Err(fail(func, "the step must not be 0"));
            }
            let mut out = Vec::new();
            let mut i = start;
            while (step > 0 && i <= end) || (step < 0 && i >= end) {
                if out.len() >= MAX_RANGE {
                    return Err(fail(
                        func,
                        format!("the range must not exceed {MAX_RANGE} elements"),
                    ));
                }
                out.push(Value::from(i));
                match i.checked_add(step) {
                    Some(n) => i = n,
                    None => break,
                }
            }
            Ok(Value::Array(out))
        }
        Func::ArrayGetItem => {
            let arr = array_arg(func, next())?;
            let idx = int_arg(func, &next(), "index")?;
            usize::try_from(idx)
                .ok()
                .and_then(|i| arr.get(i).cloned())
                .ok_or_else(|| fail(func, "the index is out of bounds"))
        }
        Func::ArrayLength => Ok(Value::from(array_arg(func, next())?.len())),
        Func::ArrayUnique => {
            let arr = array_arg(func, next())?;
            let mut out: Vec<Value> = Vec::with_capacity(arr.len());
            for v in arr {
                if !out.contains(&v) {
                    out.push(v);
                }
            }
            Ok(Value::Array(out))
        }
        Func::Base64Encode => {
            let s = string_arg(func, &next(), "argument")?;
            if s.chars().count() > MAX_STRING {
                return Err(fail(
                    func,
                    format!("the input exceeds {MAX_STRING} characters"),
                ));
            }
            Ok(Value::String(
                base64::engine::general_purpose::STANDARD.encode(s.as_bytes()),
            ))
        }
        Func::Base64Decode => {
            let s = string_arg(func, &next(), "argument")?;
            if s.chars().count() > MAX_STRING {
                return Err(fail(
                    func,
                    format!("the input exceeds {MAX_STRING} characters"),
                ));
            }
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(s.as_bytes())
                .map_err(|_| fail(func, "the argument is not valid Base64"))?;
            Ok(Value::String(String::from_utf8_lossy(&bytes).into_owned()))
        }
        Func::Hash => {
            let data = match next() {
                Value::String(s) => s,
                other => other.to_string(),
            };
            if data.chars().count() > MAX_STRING {
                return Err(fail(
                    func,
                    format!("the input exceeds {MAX_STRING} characters"),
                ));
            }
            let algo = string_arg(func, &next(), "algorithm")?;
            let d = data.as_bytes();
            let digest: Vec<u8> = match algo.as_str() {
                "MD5" => Md5::digest(d).to_vec(),
                "SHA-1" => Sha1::digest(d).to_vec(),
                "SHA-256" => Sha256::digest(d).to_vec(),
                "SHA-384" => Sha384::digest(d).to_vec(),
                "SHA-512" => Sha512::digest(d).to_vec(),
                other => {
                    return Err(fail(
                        func,
                        format!("the hashing algorithm '{other}' is not supported"),
                    ))
                }
            };
            Ok(Value::String(
                digest.iter().map(|b| format!("{b:02x}")).collect(),
            ))
        }
        Func::JsonMerge => {
            let (a, b, deep) = (next(), next(), next());
            let (Value::Object(a), Value::Object(b)) = (a, b) else {
                return Err(fail(func, "the first two arguments must be JSON objects"));
            };
            if deep != Value::Bool(false) {
                return Err(fail(func, "the deep merge flag must be false"));
            }
            let entries: Vec<(String, Value)> = a.into_iter().chain(b).collect();
            Ok(Value::Object(java::hashmap_object(entries)))
        }
        Func::MathRandom => {
            let start = number_arg(func, &next(), "start")?.trunc();
            let end = number_arg(func, &next(), "end")?.trunc();
            let seed = if call.args.len() > 2 {
                Some(int_arg(func, &next(), "seed")?)
            } else {
                None
            };
            let int_range = f64::from(i32::MIN)..=f64::from(i32::MAX);
            if !int_range.contains(&start) || !int_range.contains(&end) {
                return Err(fail(func, "the start and end must be integers"));
            }
            if start.partial_cmp(&end) != Some(std::cmp::Ordering::Less)
                || (end - start) > f64::from(i32::MAX)
            {
                return Err(fail(func, "the start must be less than the end"));
            }
            let bound = (end - start) as i32;
            let r = match seed {
                Some(s) => JavaRandom::new(s).next_int(bound),
                None => (rng.next_u64() % u64::from(bound.unsigned_abs())) as i32,
            };
            Ok(Value::from(start as i64 + i64::from(r)))
        }
        Func::MathAdd => {
            let a = number_arg(func, &next(), "first argument")?;
            let b = number_arg(func, &next(), "second argument")?;
            let sum = java::round(a) + java::round(b);
            if sum.abs() > 9.0e15 {
                return Err(fail(func, "the result is out of range"));
            }
            Ok(Value::from(sum as i64))
        }
        Func::StringSplit => {
            let s = string_arg(func, &next(), "first argument")?;
            let delims = string_arg(func, &next(), "delimiter")?;
            let parts = s
                .split(|c: char| delims.contains(c))
                .filter(|p| !p.is_empty())
                .map(|p| Value::String(p.to_owned()))
                .collect();
            Ok(Value::Array(parts))
        }
        Func::Uuid => {
            let mut bytes = [0u8; 16];
            rng.fill_bytes(&mut bytes);
            Ok(Value::String(
                uuid::Builder::from_random_bytes(bytes)
                    .into_uuid()
                    .to_string(),
            ))
        }
    }
}

/// `States.Format`: a literal template keeps its escapes (`\{}` is not a hole); a template read
/// from a path has none. Values print as Java's `toString` does.
fn format(call: &Call, vals: &[Value]) -> Result<Value, Failure> {
    let func = Func::Format;
    let (pieces, holes) = match (call.args.first(), vals.first()) {
        (Some(Arg::Str { raw, .. }), _) => format_pieces(raw, true),
        (_, Some(Value::String(s))) => format_pieces(s, false),
        _ => return Err(fail(func, "the format string must be a string")),
    };
    let rest = vals.get(1..).unwrap_or_default();
    if holes != rest.len() {
        return Err(fail(
            func,
            "the number of arguments does not match the number of '{}' in the format string",
        ));
    }
    let mut out = String::new();
    let mut rest = rest.iter();
    for p in pieces {
        match p {
            Piece::Text(t) => out.push_str(&t),
            Piece::Hole => {
                if let Some(v) = rest.next() {
                    out.push_str(&java::to_java_string(v));
                }
            }
        }
    }
    Ok(Value::String(out))
}

/// Rewrites the integer token `-0` to `0` outside strings: Jackson reads it as the integer 0
/// (recorded: `States.StringToJson('-0')` is `0`) where serde_json would make a float `-0.0`.
fn integer_negative_zero(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains("-0") {
        return std::borrow::Cow::Borrowed(text);
    }
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let (mut in_string, mut escaped) = (false, false);
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        if in_string {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
        } else if c == '"' {
            in_string = true;
        } else if c == '-'
            && chars.get(i + 1) == Some(&'0')
            && !chars
                .get(i + 2)
                .is_some_and(|n| n.is_ascii_digit() || matches!(n, '.' | 'e' | 'E'))
        {
            i += 1; // drop the sign; the '0' is copied next
            continue;
        }
        out.push(c);
        i += 1;
    }
    std::borrow::Cow::Owned(out)
}

/// `java.util.Random`, so a seeded `States.MathRandom` draws what a Java runtime would.
struct JavaRandom {
    seed: u64,
}

impl JavaRandom {
    const MULT: u64 = 0x5_DEEC_E66D;
    const MASK: u64 = (1 << 48) - 1;

    fn new(seed: i64) -> JavaRandom {
        JavaRandom {
            seed: (seed as u64 ^ Self::MULT) & Self::MASK,
        }
    }

    fn next(&mut self, bits: u32) -> i32 {
        self.seed = (self.seed.wrapping_mul(Self::MULT).wrapping_add(0xB)) & Self::MASK;
        (self.seed >> (48 - bits)) as i64 as i32
    }

    /// `nextInt(bound)` for `bound > 0`.
    fn next_int(&mut self, bound: i32) -> i32 {
        let m = bound - 1;
        let mut r = self.next(31);
        if bound & m == 0 {
            return ((i64::from(bound) * i64::from(r)) >> 31) as i32;
        }
        let mut u = r;
        loop {
            r = u % bound;
            if u.wrapping_sub(r).wrapping_add(m) >= 0 {
                return r;
            }
            u = self.next(31);
        }
    }
}
