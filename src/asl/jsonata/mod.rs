//! JSONata for ASL, as AWS runs it: `{% ... %}` templates, the `$states` reserved variable,
//! workflow variables bound as `$name`, AWS's extra functions, deterministic `$now`/`$millis`/
//! `$random`/`$uuid`, and every failure worded as AWS words its `States.QueryEvaluationError`.
//!
//! The engine calls this module; it owns no engine state. It must not read the wall clock or
//! global randomness (time and a random source come in through [`Env`]), and it must not know
//! about history events: it hands back a [`QueryError`] (location + cause) for the engine to
//! record as `EvaluationFailed` and turn into a [`Failure`](crate::asl::Failure).
//!
//! # Engine contract
//!
//! - Compile every JSONata-mode field once, at plan time, with [`JsonataTemplate::compile`]
//!   (`Arguments`, `Output`, `Assign`, `Items`, `ItemSelector`, `Condition`, and the scalar fields;
//!   a literal compiles to a template with no expression). Creation-time checks:
//!   [`check_template`] / [`validate_template`].
//! - Evaluate with an [`Env`]: `$states` from [`States`] (`with_result` once a result exists,
//!   `with_error_output` inside a `Catch`), the variables in scope, the execution clock's now and
//!   the execution's seeded RNG. Field names follow AWS: `Output`, `Assign`, `Arguments`, `Items`,
//!   `Choices[i]/Condition`, `Choices[i]/Output`, `Catch[i]/Assign`, ...
//! - Typed fields: [`JsonataTemplate::eval_integer`] (`TimeoutSeconds`/`HeartbeatSeconds`/Wait
//!   `Seconds` in `0..=99999999`, `MaxConcurrency`/`ToleratedFailureCount` from 0),
//!   [`JsonataTemplate::eval_number`] (`ToleratedFailurePercentage`),
//!   [`JsonataTemplate::eval_timestamp`], [`JsonataTemplate::eval_string`] (Fail `Error`/`Cause`),
//!   [`JsonataTemplate::eval_bool`] (`Condition`), [`JsonataTemplate::eval_array`] (`Items`),
//!   [`JsonataTemplate::eval_object`] (`Assign`).
//! - On a [`QueryError`], record `EvaluationFailed` with `error` = [`QUERY_EVALUATION_ERROR`],
//!   `cause` = [`QueryError::cause_in_state`], `location` = [`QueryError::location`] (omitted when
//!   `None`), `state`; then fail the state with [`QueryError::into_failure`].
//!
//! # Use
//!
//! ```
//! use passo::asl::jsonata::{Env, JsonataTemplate, States};
//! use serde_json::{json, Map};
//!
//! let template = JsonataTemplate::compile(&json!({"sum": "{% $states.input.a + $x %}"})).unwrap();
//! let input = json!({"a": 1});
//! let context = json!({});
//! let mut vars = Map::new();
//! vars.insert("x".into(), json!(2));
//! let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(7);
//! # use rand_core::SeedableRng;
//! let mut env = Env::new(States::new(&input, &context), &vars, chrono::DateTime::UNIX_EPOCH, &mut rng);
//! assert_eq!(template.eval("Output", &mut env).unwrap(), json!({"sum": 3}));
//! ```

mod backend;
mod convert;
mod error;
mod fields;
mod functions;
mod validate;

use std::fmt;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use rand_core::RngCore;
use serde_json::{Map, Value};

pub use backend::{Outcome, Thrown};
pub use error::{state_prefix, type_name, QueryError, QUERY_EVALUATION_ERROR};
pub use fields::parse_timestamp;
pub use validate::{check_template, validate_template, TemplateIssue};

/// `$states`: what a state's expressions can read about the state.
#[derive(Debug, Clone, Copy)]
pub struct States<'a> {
    /// `$states.input`: the state's raw input.
    pub input: &'a Value,
    /// `$states.context`: the context object.
    pub context: &'a Value,
    /// `$states.result`: the task/Map/Parallel result, once there is one (`Output`, `Assign`).
    pub result: Option<&'a Value>,
    /// `$states.errorOutput`: the error output, only in a `Catch`'s `Output`/`Assign`.
    pub error_output: Option<&'a Value>,
}

impl<'a> States<'a> {
    pub fn new(input: &'a Value, context: &'a Value) -> States<'a> {
        States {
            input,
            context,
            result: None,
            error_output: None,
        }
    }

    pub fn with_result(mut self, result: &'a Value) -> States<'a> {
        self.result = Some(result);
        self
    }

    pub fn with_error_output(mut self, error_output: &'a Value) -> States<'a> {
        self.error_output = Some(error_output);
        self
    }
}

/// Everything an evaluation reads: `$states`, the workflow variables in scope (each bound as
/// `$name`), the engine clock's "now" for `$now()`/`$millis()`, and the execution's seeded random
/// source for `$random()`/`$uuid()` (consumed only by expressions that can call them).
///
/// Build it with [`Env::new`]; one `Env` can serve every field of a state (it caches the
/// library's copy of `$states` and of the variables it has converted).
pub struct Env<'a> {
    pub states: States<'a>,
    pub variables: &'a Map<String, Value>,
    pub now: DateTime<Utc>,
    pub rng: &'a mut dyn RngCore,
    cache: backend::Cache,
}

impl<'a> Env<'a> {
    pub fn new(
        states: States<'a>,
        variables: &'a Map<String, Value>,
        now: DateTime<Utc>,
        rng: &'a mut dyn RngCore,
    ) -> Env<'a> {
        Env {
            states,
            variables,
            now,
            rng,
            cache: backend::Cache::default(),
        }
    }
}

/// An expression that does not parse (a definition error at creation time).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct JsonataError {
    /// The expression text (inside `{% %}`).
    pub expr: String,
    /// The parser's message, e.g. `S0202: Expected ], got )`.
    pub message: String,
}

/// One parsed JSONata expression: the text between `{%` and `%}`, trimmed.
#[derive(Clone)]
pub struct Expr {
    text: String,
    compiled: Arc<dyn backend::Compiled>,
}

impl fmt::Debug for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Expr({:?})", self.text)
    }
}

impl PartialEq for Expr {
    fn eq(&self, other: &Expr) -> bool {
        self.text == other.text
    }
}

impl Expr {
    /// Parses the inside of a `{% ... %}` (surrounding whitespace is ignored, as AWS does).
    pub fn parse(text: &str) -> Result<Expr, JsonataError> {
        let text = text.trim();
        let compiled = backend::parse(text).map_err(|message| JsonataError {
            expr: text.to_owned(),
            message,
        })?;
        Ok(Expr {
            text: text.to_owned(),
            compiled: Arc::from(compiled),
        })
    }

    /// The expression text as AWS quotes it in causes.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Evaluates without judging the outcome: `undefined` and functions are reported as such.
    pub fn evaluate(&self, env: &mut Env<'_>) -> Result<Outcome, Thrown> {
        self.compiled.evaluate(env)
    }

    /// Evaluates where a JSON value is required; `field` names the field for AWS's causes
    /// (`Output`, `Assign/x`, `Items`, ...).
    pub fn eval(&self, field: &str, env: &mut Env<'_>) -> Result<Value, QueryError> {
        match self.evaluate(env) {
            Ok(Outcome::Value(v)) => Ok(v),
            Ok(Outcome::Undefined) => Err(QueryError::undefined(&self.text, field)),
            Ok(Outcome::Unsupported) => Err(QueryError::unsupported(&self.text, field)),
            Err(t) => Err(QueryError::thrown(&self.text, field, &t.message)),
        }
    }
}

/// The expression inside a string that is wholly a JSONata template: it starts with `{%` and
/// ends with `%}` with nothing around them. Any other string (`" {% x %} "`, `"a {% x %}"`) is a
/// literal, as AWS treats it.
pub fn template_text(s: &str) -> Option<&str> {
    s.strip_prefix("{%")?.strip_suffix("%}")
}

/// A JSON value whose whole-template strings are pre-parsed: `Output`, `Arguments`, `Assign`,
/// `Items`, `ItemSelector`, and the scalar fields that accept `{% %}`.
#[derive(Debug, Clone, PartialEq)]
pub struct JsonataTemplate {
    node: Node,
}

#[derive(Debug, Clone, PartialEq)]
enum Node {
    /// A subtree without any template: copied as is.
    Literal(Value),
    Expr(Expr),
    Object(Vec<(String, Node)>),
    Array(Vec<Node>),
}

impl JsonataTemplate {
    /// Parses every `{% %}` string in `raw` (at any depth). The error names the first expression
    /// that does not parse.
    pub fn compile(raw: &Value) -> Result<JsonataTemplate, JsonataError> {
        Ok(JsonataTemplate {
            node: compile_node(raw)?,
        })
    }

    /// A template that is a single expression (`"{% ... %}"`).
    pub fn expr(&self) -> Option<&Expr> {
        match &self.node {
            Node::Expr(e) => Some(e),
            _ => None,
        }
    }

    /// Whether evaluation can differ from the raw value (it holds at least one expression).
    pub fn has_expressions(&self) -> bool {
        !matches!(self.node, Node::Literal(_))
    }

    /// The literal value when the template holds no expression.
    pub fn literal(&self) -> Option<&Value> {
        match &self.node {
            Node::Literal(v) => Some(v),
            _ => None,
        }
    }

    /// Evaluates the template for the field `field` (`Output`, `Arguments`, `Assign`, ...).
    /// Nested expressions are reported at `field/key/key[i]`.
    pub fn eval(&self, field: &str, env: &mut Env<'_>) -> Result<Value, QueryError> {
        eval_node(&self.node, field, env)
    }
}

fn compile_node(raw: &Value) -> Result<Node, JsonataError> {
    Ok(match raw {
        Value::String(s) => match template_text(s) {
            Some(text) => Node::Expr(Expr::parse(text)?),
            None => Node::Literal(raw.clone()),
        },
        Value::Array(items) => {
            let nodes = items
                .iter()
                .map(compile_node)
                .collect::<Result<Vec<_>, _>>()?;
            if nodes.iter().all(|n| matches!(n, Node::Literal(_))) {
                Node::Literal(raw.clone())
            } else {
                Node::Array(nodes)
            }
        }
        Value::Object(m) => {
            let nodes = m
                .iter()
                .map(|(k, v)| Ok((k.clone(), compile_node(v)?)))
                .collect::<Result<Vec<_>, JsonataError>>()?;
            if nodes.iter().all(|(_, n)| matches!(n, Node::Literal(_))) {
                Node::Literal(raw.clone())
            } else {
                Node::Object(nodes)
            }
        }
        other => Node::Literal(other.clone()),
    })
}

fn eval_node(node: &Node, field: &str, env: &mut Env<'_>) -> Result<Value, QueryError> {
    match node {
        Node::Literal(v) => Ok(v.clone()),
        Node::Expr(e) => e.eval(field, env),
        Node::Object(entries) => {
            let mut out = Map::new();
            for (k, n) in entries {
                let v = eval_node(n, &format!("{field}/{k}"), env)?;
                out.insert(k.clone(), v);
            }
            Ok(Value::Object(out))
        }
        Node::Array(items) => {
            let mut out = Vec::with_capacity(items.len());
            for (i, n) in items.iter().enumerate() {
                out.push(eval_node(n, &format!("{field}[{i}]"), env)?);
            }
            Ok(Value::Array(out))
        }
    }
}

#[cfg(test)]
mod tests;
