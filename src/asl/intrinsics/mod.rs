//! The intrinsic functions (`States.Format(...)`, `States.Array(...)`, ... all 18) of the
//! JSONPath query language: parsing a call once at creation, evaluating it per state.
//!
//! Owns: `intrinsics/` (syntax in `parse.rs`, the functions in `functions.rs`, Java imitations
//! in `java.rs`). Must not know about templates or states: a failing path argument comes back
//! as [`CallError::Path`] so the caller can word AWS's cause for its own field.
//!
//! Randomness (`States.UUID`, `States.MathRandom` without a seed) comes from the caller's `rng`.

mod functions;
pub mod java;
mod parse;

use rand_core::RngCore;
use serde_json::Value;

use crate::asl::path::{Path, PathError, Scope};
use crate::asl::Failure;

/// A parsed intrinsic function call.
#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    text: String,
    func: Func,
    args: Vec<Arg>,
}

/// The 18 functions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Func {
    Format,
    StringToJson,
    JsonToString,
    Array,
    ArrayPartition,
    ArrayContains,
    ArrayRange,
    ArrayGetItem,
    ArrayLength,
    ArrayUnique,
    Base64Encode,
    Base64Decode,
    Hash,
    JsonMerge,
    MathRandom,
    MathAdd,
    StringSplit,
    Uuid,
}

const FUNCS: &[(&str, Func, usize, Option<usize>)] = &[
    // name, function, min args, max args (None: any)
    ("States.Format", Func::Format, 1, None),
    ("States.StringToJson", Func::StringToJson, 1, Some(1)),
    ("States.JsonToString", Func::JsonToString, 1, Some(1)),
    ("States.Array", Func::Array, 0, None),
    ("States.ArrayPartition", Func::ArrayPartition, 2, Some(2)),
    ("States.ArrayContains", Func::ArrayContains, 2, Some(2)),
    ("States.ArrayRange", Func::ArrayRange, 3, Some(3)),
    ("States.ArrayGetItem", Func::ArrayGetItem, 2, Some(2)),
    ("States.ArrayLength", Func::ArrayLength, 1, Some(1)),
    ("States.ArrayUnique", Func::ArrayUnique, 1, Some(1)),
    ("States.Base64Encode", Func::Base64Encode, 1, Some(1)),
    ("States.Base64Decode", Func::Base64Decode, 1, Some(1)),
    ("States.Hash", Func::Hash, 2, Some(2)),
    ("States.JsonMerge", Func::JsonMerge, 3, Some(3)),
    ("States.MathRandom", Func::MathRandom, 2, Some(3)),
    ("States.MathAdd", Func::MathAdd, 2, Some(2)),
    ("States.StringSplit", Func::StringSplit, 2, Some(2)),
    ("States.UUID", Func::Uuid, 0, Some(0)),
];

impl Func {
    fn from_name(name: &str) -> Option<Func> {
        FUNCS.iter().find(|f| f.0 == name).map(|f| f.1)
    }

    /// `States.Format`, ...
    pub fn name(self) -> &'static str {
        FUNCS
            .iter()
            .find(|f| f.1 == self)
            .map_or("States.Unknown", |f| f.0)
    }
}

/// One argument of a call.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Arg {
    /// `'text'`: the value and the raw text between the quotes (escapes kept).
    Str {
        value: String,
        raw: String,
    },
    /// A number, `true`, `false` or `null`.
    Literal(Value),
    Path(Path),
    Call(Box<Call>),
}

/// Checked at parse time: argument counts (and `States.Format`'s placeholders when its
/// template is a literal), so a wrong call is a creation-time error as in AWS.
fn check_arity(call: &Call) -> bool {
    let Some(&(_, _, min, max)) = FUNCS.iter().find(|f| f.1 == call.func) else {
        return false;
    };
    let n = call.args.len();
    if n < min || max.is_some_and(|m| n > m) {
        return false;
    }
    if call.func == Func::Format {
        if let Some(Arg::Str { raw, .. }) = call.args.first() {
            return functions::format_pieces(raw, true).1 == n - 1;
        }
    }
    true
}

/// Why a call text does not parse (a definition error at creation time). Holds the text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid intrinsic function call '{0}'")]
pub struct ParseError(pub String);

/// Why a call failed at runtime.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CallError {
    /// A path argument matched nothing (or met the wrong type); the caller words the cause
    /// (`The JSONPath '$.x' specified for the field 'a.$' could not be found in the input ...`).
    #[error("{source}")]
    Path { path: String, source: PathError },
    /// The function itself failed (`States.IntrinsicFailure` / `States.Runtime`).
    #[error("{0}")]
    Failure(Failure),
}

impl From<CallError> for Failure {
    fn from(e: CallError) -> Failure {
        match e {
            CallError::Path { path, source } => Failure::runtime(format!(
                "The JSONPath '{path}' could not be found in the input: {source}"
            )),
            CallError::Failure(f) => f,
        }
    }
}

impl Call {
    /// Whether `text` looks like an intrinsic call (`States.` prefix) rather than a path.
    pub fn looks_like_call(text: &str) -> bool {
        text.trim_start().starts_with("States.")
    }

    pub fn parse(text: &str) -> Result<Call, ParseError> {
        parse::parse(text)
    }

    /// The text the call was parsed from.
    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn func(&self) -> Func {
        self.func
    }

    /// Every path the call reads (nested calls included), e.g. to check variable references.
    pub fn paths(&self) -> Vec<&Path> {
        let mut out = Vec::new();
        for a in &self.args {
            match a {
                Arg::Path(p) => out.push(p),
                Arg::Call(c) => out.extend(c.paths()),
                Arg::Str { .. } | Arg::Literal(_) => {}
            }
        }
        out
    }

    /// Evaluates the call. Random functions (`States.UUID`, `States.MathRandom`) draw from `rng`.
    pub fn eval(&self, scope: &Scope<'_>, rng: &mut dyn RngCore) -> Result<Value, Failure> {
        self.eval_detailed(scope, rng).map_err(Failure::from)
    }

    /// As [`Call::eval`], telling a failing path argument apart from a failing function.
    pub fn eval_detailed(
        &self,
        scope: &Scope<'_>,
        rng: &mut dyn RngCore,
    ) -> Result<Value, CallError> {
        let mut vals = Vec::with_capacity(self.args.len());
        for a in &self.args {
            vals.push(match a {
                Arg::Str { value, .. } => Value::String(value.clone()),
                Arg::Literal(v) => v.clone(),
                Arg::Path(p) => p.select(scope).map_err(|source| CallError::Path {
                    path: p.text().to_owned(),
                    source,
                })?,
                Arg::Call(c) => c.eval_detailed(scope, rng)?,
            });
        }
        functions::apply(self, vals, rng).map_err(CallError::Failure)
    }
}
