//! JSONPath, Jayway-compatible (the dialect AWS Step Functions runs).
//!
//! SKELETON: a minimal placeholder implementation (definite `$.a.b[0]` paths only) so that other
//! modules compile; the full engine replaces it. The public API below is the contract.

use serde_json::Value;

/// Where a path starts: `$` (the input), `$$` (the context object) or `$name` (a variable).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Root {
    Input,
    Context,
    Variable(String),
}

/// What a path is evaluated against.
#[derive(Debug, Clone, Copy)]
pub struct Scope<'a> {
    /// The state's effective input (`$`).
    pub input: &'a Value,
    /// The context object (`$$`).
    pub context: &'a Value,
    /// Workflow variables (`$name`), when the state can see any.
    pub variables: Option<&'a serde_json::Map<String, Value>>,
}

/// A parsed JSONPath.
#[derive(Debug, Clone, PartialEq)]
pub struct Path {
    text: String,
    root: Root,
    steps: Vec<Step>,
}

#[derive(Debug, Clone, PartialEq)]
enum Step {
    Field(String),
    Index(i64),
}

/// Why a path could not be parsed or evaluated.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PathError {
    /// `$.a[` : the text is not a JSONPath.
    #[error("Invalid path '{0}'")]
    Syntax(String),
    /// `$.missing` on `{}`: a definite path that matches nothing.
    #[error("No results for path: {0}")]
    NoResults(String),
}

impl Path {
    /// Parses a path. Accepts `$`, `$$`, `$name` roots.
    pub fn parse(text: &str) -> Result<Path, PathError> {
        let err = || PathError::Syntax(text.to_owned());
        let (root, mut rest) = if let Some(r) = text.strip_prefix("$$") {
            (Root::Context, r)
        } else if let Some(r) = text.strip_prefix('$') {
            let end = r.find(['.', '[']).unwrap_or(r.len());
            if end > 0 {
                (Root::Variable(r[..end].to_owned()), &r[end..])
            } else {
                (Root::Input, r)
            }
        } else {
            return Err(err());
        };
        let mut steps = Vec::new();
        while !rest.is_empty() {
            if let Some(r) = rest.strip_prefix('.') {
                let end = r.find(['.', '[']).unwrap_or(r.len());
                if end == 0 {
                    return Err(err());
                }
                steps.push(Step::Field(r[..end].to_owned()));
                rest = &r[end..];
            } else if let Some(r) = rest.strip_prefix('[') {
                let end = r.find(']').ok_or_else(err)?;
                let inner = &r[..end];
                if let Ok(i) = inner.parse::<i64>() {
                    steps.push(Step::Index(i));
                } else if inner.len() >= 2 && inner.starts_with('\'') && inner.ends_with('\'') {
                    steps.push(Step::Field(inner[1..inner.len() - 1].to_owned()));
                } else {
                    return Err(err());
                }
                rest = &r[end + 1..];
            } else {
                return Err(err());
            }
        }
        Ok(Path {
            text: text.to_owned(),
            root,
            steps,
        })
    }

    /// The text the path was parsed from.
    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn root(&self) -> &Root {
        &self.root
    }

    /// Whether the path names at most one node (no wildcard, slice, union, filter or deep scan):
    /// a "reference path" in ASL terms.
    pub fn is_definite(&self) -> bool {
        true
    }

    /// Evaluates the path. A definite path yields the node itself (or `NoResults`); an indefinite
    /// one yields an array of the matches (possibly empty).
    pub fn select(&self, scope: &Scope<'_>) -> Result<Value, PathError> {
        let mut cur = match &self.root {
            Root::Input => scope.input,
            Root::Context => scope.context,
            Root::Variable(name) => scope
                .variables
                .and_then(|v| v.get(name))
                .ok_or_else(|| PathError::NoResults(self.text.clone()))?,
        };
        for step in &self.steps {
            let next = match (step, cur) {
                (Step::Field(f), Value::Object(m)) => m.get(f),
                (Step::Index(i), Value::Array(a)) => {
                    usize::try_from(*i).ok().and_then(|i| a.get(i))
                }
                _ => None,
            };
            cur = next.ok_or_else(|| PathError::NoResults(self.text.clone()))?;
        }
        Ok(cur.clone())
    }

    /// Writes `value` at this (definite, `$`-rooted) path inside `target`, creating objects on
    /// the way, as ResultPath does. `$` replaces the whole target.
    pub fn write(&self, target: Value, value: Value) -> Result<Value, PathError> {
        let mut target = target;
        let mut slot = &mut target;
        for step in &self.steps {
            slot = match step {
                Step::Field(f) => {
                    if !slot.is_object() {
                        *slot = Value::Object(Default::default());
                    }
                    match slot {
                        Value::Object(m) => m.entry(f.clone()).or_insert(Value::Null),
                        _ => return Err(PathError::NoResults(self.text.clone())),
                    }
                }
                Step::Index(i) => match (slot, usize::try_from(*i)) {
                    (Value::Array(a), Ok(i)) if i < a.len() => &mut a[i],
                    _ => return Err(PathError::NoResults(self.text.clone())),
                },
            };
        }
        *slot = value;
        Ok(target)
    }
}
