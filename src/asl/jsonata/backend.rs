//! The JSONata library behind our own trait: parsing an expression once and evaluating it with
//! `$states`, the workflow variables and AWS's functions bound. Only this file names
//! `jsonata_core`'s parser and evaluator, so swapping the library touches nothing else.
//!
//! Owns the library calls; it must not format AWS's error texts (see `error.rs`).

use std::fmt;

use jsonata_core::ast::{AstNode, Stage};
use jsonata_core::evaluator::{Context, Evaluator, EvaluatorOptions};
use jsonata_core::value::JValue;

use super::convert::{from_jvalue, to_jvalue, Converted};
use super::functions;
use super::Env;

/// What evaluating an expression can end in, before AWS's wording is applied.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// A JSON value.
    Value(serde_json::Value),
    /// JSONata's `undefined`.
    Undefined,
    /// A function or regex, which JSON cannot carry.
    Unsupported,
}

/// An error the library raised while evaluating; `message` carries the JSONata code first
/// (`T1006: Attempted to invoke a non-function`) when there is one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Thrown {
    pub message: String,
}

/// A parsed expression, ready to evaluate many times. Implementations are thread-safe so a
/// compiled plan can be shared across executions.
pub trait Compiled: fmt::Debug + Send + Sync {
    fn evaluate(&self, env: &mut Env<'_>) -> Result<Outcome, Thrown>;
}

/// Parses `text` (the inside of `{% %}`) with the library. The error is the parser's message.
pub fn parse(text: &str) -> Result<Box<dyn Compiled>, String> {
    let parsed = guarded(|| jsonata_core::parser::parse(text).map_err(|e| e.to_string()))?;
    let ast = parsed?;
    let draws = text.contains("$random") || text.contains("$uuid");
    Ok(Box::new(CoreExpr {
        ast,
        draws,
        names: dollar_names(text),
    }))
}

/// Runs a library call, turning a panic inside the library into an error: no input may take the
/// engine down. (The panic hook still prints it; that is a library bug worth seeing.)
fn guarded<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f))
        .map_err(|_| "Internal error in the JSONata library".to_owned())
}

/// Every `$name` the text mentions: the only variables an evaluation can read (JSONata has no
/// dynamic variable lookup, and `$eval` is disabled), so only these are bound. Names inside
/// string literals are included, which is harmless.
fn dollar_names(text: &str) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find('$') {
        rest = &rest[i + 1..];
        let end = rest
            .char_indices()
            .find(|(_, c)| !(c.is_alphanumeric() || *c == '_'))
            .map_or(rest.len(), |(j, _)| j);
        let name = &rest[..end];
        if !name.is_empty() && !names.iter().any(|n| n == name) {
            names.push(name.to_owned());
        }
        rest = &rest[end..];
    }
    names
}

/// Levels of nesting an evaluation may reach (a guard against runaway recursion).
const MAX_DEPTH: usize = 1_000;
/// Wall-clock bound on one evaluation; only a non-terminating expression reaches it.
const TIMEOUT_MS: u64 = 5_000;

struct CoreExpr {
    ast: AstNode,
    /// The `$names` the text mentions (see [`dollar_names`]).
    names: Vec<String>,
    /// Whether the text can call a function that draws randomness; only then is the engine's
    /// source consumed, so expressions without them leave the seeded stream untouched.
    draws: bool,
}

impl fmt::Debug for CoreExpr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CoreExpr").finish_non_exhaustive()
    }
}

impl Compiled for CoreExpr {
    fn evaluate(&self, env: &mut Env<'_>) -> Result<Outcome, Thrown> {
        let mut ctx = Context::new();
        for name in &self.names {
            if name == "states" {
                ctx.bind("states".to_owned(), cached_states(env));
            } else if let Some(value) = cached_variable(env, name) {
                ctx.bind(name.clone(), value);
            }
        }
        let options = EvaluatorOptions {
            timeout_ms: Some(TIMEOUT_MS),
            max_stack_depth: Some(MAX_DEPTH),
            ..EvaluatorOptions::default()
        };
        let mut ev = Evaluator::with_options(ctx, options);
        let mut seed = [0u8; 32];
        if self.draws {
            env.rng.fill_bytes(&mut seed);
        }
        let rng = functions::shared(seed);
        functions::install(&mut ev, env.now, rng).map_err(|e| Thrown {
            message: e.message().to_owned(),
        })?;
        let result = guarded(|| ev.evaluate(&self.ast, &JValue::Undefined))
            .map_err(|message| Thrown { message })?
            .map_err(|e| Thrown {
                message: e.message().to_owned(),
            })?;
        Ok(match from_jvalue(&result) {
            Converted::Value(v) => Outcome::Value(v),
            Converted::Undefined => Outcome::Undefined,
            Converted::Unsupported => Outcome::Unsupported,
        })
    }
}

/// Library values already converted for one [`Env`], so a template with many expressions
/// converts the input and each variable once. Entries are keyed by the address of the borrowed
/// JSON they came from: `Env` borrows it immutably, so the same address is the same value, and
/// replacing a field of the `Env` (a new `States`) simply misses the cache.
#[derive(Default)]
pub struct Cache {
    states: Option<([usize; 4], JValue)>,
    variables_at: usize,
    variables: Vec<(String, JValue)>,
}

impl fmt::Debug for Cache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Cache").finish_non_exhaustive()
    }
}

fn addr<T>(v: Option<&T>) -> usize {
    v.map_or(0, |r| std::ptr::from_ref(r) as usize)
}

fn cached_states(env: &mut Env<'_>) -> JValue {
    let key = [
        addr(Some(env.states.input)),
        addr(Some(env.states.context)),
        addr(env.states.result),
        addr(env.states.error_output),
    ];
    if let Some((k, v)) = &env.cache.states {
        if *k == key {
            return v.clone();
        }
    }
    let v = states_value(env);
    env.cache.states = Some((key, v.clone()));
    v
}

fn cached_variable(env: &mut Env<'_>, name: &str) -> Option<JValue> {
    let at = addr(Some(env.variables));
    if env.cache.variables_at != at {
        env.cache.variables_at = at;
        env.cache.variables.clear();
    }
    if let Some((_, v)) = env.cache.variables.iter().find(|(n, _)| n == name) {
        return Some(v.clone());
    }
    let v = to_jvalue(env.variables.get(name)?);
    env.cache.variables.push((name.to_owned(), v.clone()));
    Some(v)
}

/// `$states`: `input`, `context`, then `result` and `errorOutput` when the state has them.
fn states_value(env: &Env<'_>) -> JValue {
    let mut m = indexmap::IndexMap::new();
    m.insert("input".to_owned(), to_jvalue(env.states.input));
    m.insert("context".to_owned(), to_jvalue(env.states.context));
    if let Some(r) = env.states.result {
        m.insert("result".to_owned(), to_jvalue(r));
    }
    if let Some(e) = env.states.error_output {
        m.insert("errorOutput".to_owned(), to_jvalue(e));
    }
    JValue::object(m)
}

/// References AWS refuses at creation time, as its messages: a path that starts from the
/// (absent) context item, such as `phone` or `$`, and any `$$`. Only the first step of a path is
/// read against the top-level context; predicates, later steps, sort terms and group-by patterns
/// have their own context. A lambda body keeps its definer's context.
pub fn unsupported_references(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    if let Ok(ast) = jsonata_core::parser::parse(text) {
        walk(&ast, true, &mut out, 0);
    }
    out
}

/// Deeper than any tree the parser builds; a guard for the recursion below.
const MAX_WALK_DEPTH: usize = 2_000;

fn walk(node: &AstNode, top: bool, out: &mut Vec<String>, depth: usize) {
    if depth > MAX_WALK_DEPTH {
        return;
    }
    let d = depth + 1;
    let go = |n: &AstNode, top: bool, out: &mut Vec<String>| walk(n, top, out, d);
    match node {
        AstNode::Name(n) if top => {
            out.push(format!(
                "Reference to '{n}' at the top level is not supported."
            ));
        }
        AstNode::Variable(v) if top && v.is_empty() => {
            out.push("Reference to '$' at the top level is not supported.".to_owned());
        }
        AstNode::ParentVariable(_) => out.push("Reference to '$$' is not supported.".to_owned()),
        AstNode::Path { steps } => {
            for (i, step) in steps.iter().enumerate() {
                go(&step.node, top && i == 0, out);
                for stage in &step.stages {
                    if let Stage::Filter(f) = stage {
                        go(f, false, out);
                    }
                }
            }
        }
        AstNode::Binary { lhs, rhs, .. } => {
            go(lhs, top, out);
            go(rhs, top, out);
        }
        AstNode::Unary { operand, .. } => go(operand, top, out),
        AstNode::Function { args, .. } => args.iter().for_each(|a| go(a, top, out)),
        AstNode::Call { procedure, args } => {
            go(procedure, top, out);
            args.iter().for_each(|a| go(a, top, out));
        }
        AstNode::Lambda { body, .. } => go(body, top, out),
        AstNode::Array(items) | AstNode::Block(items) | AstNode::ArrayGroup(items) => {
            items.iter().for_each(|a| go(a, top, out));
        }
        AstNode::Object(pairs) => {
            for (k, v) in pairs {
                go(k, top, out);
                go(v, top, out);
            }
        }
        AstNode::ObjectTransform { input, pattern } => {
            go(input, top, out);
            for (k, v) in pattern {
                go(k, false, out);
                go(v, false, out);
            }
        }
        AstNode::Conditional {
            condition,
            then_branch,
            else_branch,
        } => {
            go(condition, top, out);
            go(then_branch, top, out);
            if let Some(e) = else_branch {
                go(e, top, out);
            }
        }
        AstNode::Sort { input, terms } => {
            go(input, top, out);
            terms.iter().for_each(|(t, _)| go(t, false, out));
        }
        AstNode::FunctionApplication(body) => go(body, false, out),
        AstNode::Transform {
            location,
            update,
            delete,
        } => {
            go(location, false, out);
            go(update, false, out);
            if let Some(d) = delete {
                go(d, false, out);
            }
        }
        _ => {}
    }
}
