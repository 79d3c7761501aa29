//! JSONPath, Jayway-compatible (the dialect AWS Step Functions runs): parsing, selection, the
//! normal form used in AWS's error texts (`$['a'][0]`) and ResultPath's write.
//!
//! Owns: `path/` only (syntax in `parse.rs`, selection in `eval.rs`, filter expressions in
//! `filter.rs`). Must not know about states, templates or the engine: callers wrap our errors
//! into their own causes (`Invalid path '$.x' : ...`, `The JSONPath ... could not be found`).
//!
//! Jayway behaviours kept on purpose (AWS shows them):
//! - a *definite* path (no wildcard, slice, index list, filter or deep scan) yields the node or an
//!   error; an indefinite one yields an array of matches, possibly `[]`;
//! - a missing leaf property gives `No results for path: $['a']['b']` (the whole path, normalised),
//!   a missing property before the leaf gives `Missing property in path $['a']` (the path so far);
//! - `['a','b']` as the *last* step merges the named properties into one object and is definite;
//! - slices follow Jayway's `[from:to]` rules (a third `:step` part is ignored, `[::2]` is an
//!   error), and a negative `from` in `[from:to]` walks negative indexes, as Jayway does.

mod eval;
mod filter;
pub(crate) mod parse;

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

/// One step of a path, in Jayway's token terms.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Step {
    /// `.a`, `['a']`; several names: `['a','b']`.
    Props(Vec<String>),
    /// `[0]`, `[-1]`, `[0,2]`.
    Indexes(Vec<i64>),
    /// `[1:3]`, `[:2]`, `[-2:]`.
    Slice(Option<i64>, Option<i64>),
    /// `.*`, `[*]`.
    Wildcard,
    /// `..` (applies the next step at every depth).
    Scan,
    /// `[?(@.a > 1)]`.
    Filter(filter::Expr),
    /// `.length()` and Jayway's other path functions (last step only).
    Function(String),
}

impl Step {
    /// Jayway's `isTokenDefinite`; `leaf` tells whether this is the last step.
    fn is_definite(&self, leaf: bool) -> bool {
        match self {
            Step::Props(p) => p.len() == 1 || leaf,
            Step::Indexes(i) => i.len() == 1,
            Step::Function(_) => true,
            Step::Slice(..) | Step::Wildcard | Step::Scan | Step::Filter(_) => false,
        }
    }
}

/// Why a path could not be parsed, evaluated or written.
///
/// The `Display` of every evaluation variant is Jayway's message (what AWS prints after
/// `Invalid path '<text>' : `; see [`Path::invalid_path_cause`]).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PathError {
    /// `$.a[` : the text is not a JSONPath.
    #[error("Invalid path '{0}'")]
    Syntax(String),
    /// `$.missing` on `{}`: a definite path that matches nothing. Holds the normalised path.
    #[error("No results for path: {0}")]
    NoResults(String),
    /// `$.no.such` on `{}`: a definite path misses a property before its last step. Holds the
    /// normalised path up to the missing property.
    #[error("Missing property in path {0}")]
    MissingProperty(String),
    /// `$.a.b` on `{"a": 1}`: a property step on something that is not an object.
    ///
    /// The Java class names mimic Jayway over Jackson; AWS's exact names are not recorded.
    #[error("Expected to find an object with property {fragment} in path {path} but found '{found}'. This is not a json object according to the JsonProvider: 'com.jayway.jsonpath.spi.json.JacksonJsonNodeJsonProvider'.")]
    NotAnObject {
        fragment: String,
        path: String,
        found: String,
    },
    /// `$.a[0]` on `{"a": 1}`: an index or slice on something that is not an array.
    #[error("Filter: {fragment} can only be applied to arrays. Current context is: {context}")]
    NotAnArray { fragment: String, context: String },
    /// `$.a[?(@.b)]` on `{"a": 1}`: a filter on a primitive.
    #[error("Filter: {fragment} can not be applied to primitives. Current context is: {context}")]
    FilterOnPrimitive { fragment: String, context: String },
    /// `$.a.length()` on `{"a": 1}`: a path function on a value it does not take.
    #[error("{0}")]
    Function(String),
    /// `$.a[0]` on `{"a": null}`: an index or slice on `null`. Holds the normalised path so far.
    #[error("The path {0} is null")]
    NullValue(String),
    /// `$x` when no variable `x` is in scope.
    #[error("No results for path: {0}")]
    UnknownVariable(String),
    /// ResultPath `$.a.b` on input `{"a": 1}`: the path cannot be applied to the input
    /// (`States.ResultPathMatchFailure`). The text is AWS's cause.
    #[error("Unable to apply ReferencePath {path} to input {input}")]
    ResultPathMatch { path: String, input: String },
}

impl PathError {
    /// Whether this is a "no match" error (as opposed to a type error or a bad path).
    pub fn is_no_match(&self) -> bool {
        matches!(
            self,
            PathError::NoResults(_) | PathError::MissingProperty(_) | PathError::UnknownVariable(_)
        )
    }
}

impl Path {
    /// Parses a path. Accepts `$`, `$$`, `$name` roots.
    pub fn parse(text: &str) -> Result<Path, PathError> {
        let (root, steps) = parse::parse(text).ok_or_else(|| PathError::Syntax(text.to_owned()))?;
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

    /// Whether the path names at most one node (Jayway's "definite path": no wildcard, slice,
    /// index list, filter or deep scan): a "reference path" in ASL terms.
    pub fn is_definite(&self) -> bool {
        let n = self.steps.len();
        self.steps
            .iter()
            .enumerate()
            .all(|(i, s)| s.is_definite(i + 1 == n))
    }

    /// Whether the path is only `.name` / `['name']` / `[n]` steps: what ResultPath accepts.
    pub fn is_reference(&self) -> bool {
        self.steps.iter().all(|s| match s {
            Step::Props(p) => p.len() == 1,
            Step::Indexes(i) => i.len() == 1,
            _ => false,
        })
    }

    /// The path in Jayway's normal form, as AWS prints it in messages: `$['a']['b'][0]`.
    pub fn normalized(&self) -> String {
        let mut out = String::from("$");
        for s in &self.steps {
            parse::push_fragment(&mut out, s);
        }
        out
    }

    /// AWS's cause for a failed InputPath / OutputPath / ItemsPath read:
    /// `Invalid path '$.x' : No results for path: $['x']`.
    pub fn invalid_path_cause(&self, err: &PathError) -> String {
        format!("Invalid path '{}' : {}", self.text, err)
    }

    /// The runtime failure AWS raises for `err` met while reading or writing this path:
    /// `States.ResultPathMatchFailure` for a ResultPath write, otherwise `States.Runtime` with
    /// [`Path::invalid_path_cause`]. (The engine prefixes the state's `An error occurred ...`.)
    pub fn failure(&self, err: &PathError) -> crate::asl::Failure {
        match err {
            PathError::ResultPathMatch { .. } => {
                crate::asl::Failure::new("States.ResultPathMatchFailure", err.to_string())
            }
            _ => crate::asl::Failure::runtime(self.invalid_path_cause(err)),
        }
    }

    /// AWS's cause when a path given for a field matches nothing (payload templates' `a.$`,
    /// a Fail state's `ErrorPath` / `CausePath`): `The JSONPath '$.x' specified for the field
    /// 'a.$' could not be found in the input '{"b":1}'` (the input printed compactly).
    pub fn not_found_cause(&self, field: &str, input: &Value) -> String {
        not_found_cause(&self.text, field, input)
    }

    /// Evaluates the path. A definite path yields the node itself (or `NoResults`); an indefinite
    /// one yields an array of the matches (possibly empty).
    pub fn select(&self, scope: &Scope<'_>) -> Result<Value, PathError> {
        let root = match &self.root {
            Root::Input => scope.input,
            Root::Context => scope.context,
            Root::Variable(name) => scope
                .variables
                .and_then(|v| v.get(name))
                .ok_or_else(|| PathError::UnknownVariable(format!("${name}")))?,
        };
        self.select_in(root)
    }

    /// Evaluates the path's steps against `doc`, whatever the root names.
    pub fn select_in(&self, doc: &Value) -> Result<Value, PathError> {
        eval::select(&self.steps, doc, self.is_definite(), &|| self.normalized())
    }

    /// Writes `value` at this (definite, `$`-rooted) path inside `target`, creating objects on
    /// the way, as ResultPath does. `$` replaces the whole target.
    ///
    /// Fails with [`PathError::ResultPathMatch`] (AWS's `States.ResultPathMatchFailure`) when a
    /// step meets something that is not an object (or an array, for an index step), an index is
    /// out of bounds, or the path is not a `$`-rooted reference path. The cause text,
    /// `Unable to apply ReferencePath $.a.b to input {"a":1}`, is not in the recordings (none
    /// exercises this failure); it is AWS's wording as Step Functions users report it.
    pub fn write(&self, target: Value, value: Value) -> Result<Value, PathError> {
        let fail = |target: &Value| PathError::ResultPathMatch {
            path: self.text.clone(),
            input: serde_json::to_string(target).unwrap_or_default(),
        };
        if !self.is_reference() || self.root != Root::Input {
            return Err(fail(&target));
        }
        let mut target = target;
        match eval::write_at(&self.steps, &mut target, value) {
            Ok(()) => Ok(target),
            Err(()) => Err(fail(&target)),
        }
    }
}

/// [`Path::not_found_cause`] for a path known only by its text.
pub fn not_found_cause(path: &str, field: &str, input: &Value) -> String {
    format!(
        "The JSONPath '{path}' specified for the field '{field}' could not be found in the input '{}'",
        serde_json::to_string(input).unwrap_or_default()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn sel(doc: Value, p: &str) -> Result<Value, PathError> {
        Path::parse(p)?.select_in(&doc)
    }

    #[test]
    fn normal_form() {
        let p = Path::parse("$.a['b c'][0][1:2].*..d").map(|p| p.normalized());
        assert_eq!(p, Ok("$['a']['b c'][0][1:2][*]..['d']".to_owned()));
    }

    #[test]
    fn missing_leaf_and_missing_property() {
        let e = sel(json!({}), "$.a").map_err(|e| e.to_string());
        assert_eq!(e, Err("No results for path: $['a']".to_owned()));
        let e = sel(json!({}), "$.no.such").map_err(|e| e.to_string());
        assert_eq!(e, Err("Missing property in path $['no']".to_owned()));
    }
}
