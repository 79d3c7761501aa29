//! Payload templates: `Parameters`, `ResultSelector`, `ItemSelector` (JSONPath mode), where keys
//! ending in `.$` take a path or an intrinsic call and every other value is a literal.
//!
//! Owns: compiling a template once and evaluating it. Must not know which state uses it.
//!
//! Key order (AWS's, checked against 170 recorded templates): in every object, the literal keys
//! come first in definition order, then the `.$` keys in Java `HashMap` iteration order of their
//! output names (see [`crate::asl::intrinsics::java::hashmap_order`]).

use rand_core::RngCore;
use serde_json::{Map, Value};

use crate::asl::intrinsics::{java, Call, CallError};
use crate::asl::path::{self, Path, Scope};
use crate::asl::Failure;

/// A compiled payload template.
#[derive(Debug, Clone, PartialEq)]
pub struct Template {
    raw: Value,
    root: Node,
}

#[derive(Debug, Clone, PartialEq)]
enum Node {
    /// A literal with no `.$` key inside.
    Literal(Value),
    Array(Vec<Node>),
    /// Literal keys (definition order), then `.$` keys (already in HashMap order).
    Object {
        fixed: Vec<(String, Node)>,
        dynamic: Vec<(String, Dynamic)>,
    },
}

#[derive(Debug, Clone, PartialEq)]
enum Dynamic {
    Path(Path),
    Call(Call),
}

/// Why a template is not valid (a definition error at creation time).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct TemplateError {
    /// AWS's message, e.g. `The value for the field 'a.$' must be a valid JSONPath or a valid intrinsic function call`.
    pub message: String,
}

impl Template {
    pub fn compile(raw: &Value) -> Result<Template, TemplateError> {
        Ok(Template {
            raw: raw.clone(),
            root: compile_node(raw)?,
        })
    }

    /// The template as written.
    pub fn raw(&self) -> &Value {
        &self.raw
    }

    /// Every path the template reads (in `.$` values and inside intrinsic calls).
    pub fn paths(&self) -> Vec<&Path> {
        fn go<'a>(n: &'a Node, out: &mut Vec<&'a Path>) {
            match n {
                Node::Literal(_) => {}
                Node::Array(a) => a.iter().for_each(|n| go(n, out)),
                Node::Object { fixed, dynamic } => {
                    fixed.iter().for_each(|(_, n)| go(n, out));
                    for (_, d) in dynamic {
                        match d {
                            Dynamic::Path(p) => out.push(p),
                            Dynamic::Call(c) => out.extend(c.paths()),
                        }
                    }
                }
            }
        }
        let mut out = Vec::new();
        go(&self.root, &mut out);
        out
    }

    /// Evaluates the template against the scope. A path that matches nothing fails with
    /// `States.Runtime`: `The JSONPath '$.x' specified for the field 'a.$' could not be found
    /// in the input '{...}'` (the state input, compact). The caller prefixes the state's
    /// `An error occurred while executing the state ...`.
    pub fn eval(&self, scope: &Scope<'_>, rng: &mut dyn RngCore) -> Result<Value, Failure> {
        eval_node(&self.root, scope, rng)
    }
}

fn compile_node(v: &Value) -> Result<Node, TemplateError> {
    match v {
        Value::Object(m) => {
            let mut fixed = Vec::new();
            let mut dynamic = Vec::new();
            let mut any_dynamic = false;
            for (k, v) in m {
                if let Some(name) = k.strip_suffix(".$") {
                    any_dynamic = true;
                    dynamic.push((name.to_owned(), compile_dynamic(k, v)?));
                } else {
                    let n = compile_node(v)?;
                    any_dynamic |= !matches!(n, Node::Literal(_));
                    fixed.push((k.clone(), n));
                }
            }
            if !any_dynamic {
                return Ok(Node::Literal(v.clone()));
            }
            Ok(Node::Object {
                fixed,
                dynamic: java::hashmap_order(dynamic),
            })
        }
        Value::Array(a) => {
            let nodes = a.iter().map(compile_node).collect::<Result<Vec<_>, _>>()?;
            if nodes.iter().all(|n| matches!(n, Node::Literal(_))) {
                Ok(Node::Literal(v.clone()))
            } else {
                Ok(Node::Array(nodes))
            }
        }
        other => Ok(Node::Literal(other.clone())),
    }
}

fn compile_dynamic(key: &str, v: &Value) -> Result<Dynamic, TemplateError> {
    let err = || {
        TemplateError {
        message: format!(
            "The value for the field '{key}' must be a valid JSONPath or a valid intrinsic function call"
        ),
    }
    };
    let text = v.as_str().ok_or_else(err)?;
    if Call::looks_like_call(text) {
        Call::parse(text).map(Dynamic::Call).map_err(|_| err())
    } else {
        Path::parse(text).map(Dynamic::Path).map_err(|_| err())
    }
}

fn not_found(path: &str, name: &str, scope: &Scope<'_>) -> Failure {
    Failure::runtime(path::not_found_cause(
        path,
        &format!("{name}.$"),
        scope.input,
    ))
}

fn eval_node(n: &Node, scope: &Scope<'_>, rng: &mut dyn RngCore) -> Result<Value, Failure> {
    match n {
        Node::Literal(v) => Ok(v.clone()),
        Node::Array(a) => a
            .iter()
            .map(|n| eval_node(n, scope, rng))
            .collect::<Result<_, _>>()
            .map(Value::Array),
        Node::Object { fixed, dynamic } => {
            let mut out = Map::new();
            for (k, n) in fixed {
                out.insert(k.clone(), eval_node(n, scope, rng)?);
            }
            for (name, d) in dynamic {
                let v = match d {
                    Dynamic::Path(p) => p
                        .select(scope)
                        .map_err(|_| not_found(p.text(), name, scope))?,
                    Dynamic::Call(c) => c.eval_detailed(scope, rng).map_err(|e| match e {
                        CallError::Path { path, .. } => not_found(&path, name, scope),
                        CallError::Failure(f) => f,
                    })?,
                };
                out.insert(name.clone(), v);
            }
            Ok(Value::Object(out))
        }
    }
}
