//! The input/output pipeline of a state (JSONPath mode):
//! `InputPath -> Parameters -> [work] -> ResultSelector -> ResultPath -> OutputPath`.
//!
//! Owns the order of the steps and AWS's failure texts for them. Must not know about events,
//! time or the store: the engine calls these functions and wraps failures with the state's name.

use rand_core::RngCore;
use serde_json::{Map, Value};

use crate::asl::path::{Path, PathError, Scope};
use crate::asl::plan::{IoSpec, PathField};
use crate::asl::template::Template;
use crate::asl::Failure;

/// The largest payload (input, output, result) AWS accepts, in bytes of its JSON text.
pub const MAX_PAYLOAD_BYTES: usize = 256 * 1024;

/// What paths and templates read besides `$`: the context object and the variables in scope.
#[derive(Debug, Clone, Copy)]
pub struct Env<'a> {
    pub context: &'a Value,
    pub vars: Option<&'a Map<String, Value>>,
}

impl<'a> Env<'a> {
    /// The scope for `$`/`$$`/`$var` lookups with `input` as `$`.
    pub fn scope(&self, input: &'a Value) -> Scope<'a> {
        Scope {
            input,
            context: self.context,
            variables: self.vars,
        }
    }
}

/// `Invalid path '$.x' : No results for path: $['x']`: the text AWS (Jayway) gives for a
/// reference path that selects nothing.
pub fn invalid_path(path: &Path, e: &PathError) -> Failure {
    Failure::runtime(format!("Invalid path '{}' : {}", path.text(), e))
}

/// A ResultPath that cannot be applied to the input is AWS's catchable
/// `States.ResultPathMatchFailure` (the path module words it `Unable to apply ReferencePath ...`);
/// any other write error is `States.Runtime`.
fn write_failure(path: &Path, e: &PathError) -> Failure {
    let text = e.to_string();
    if text.starts_with("Unable to apply ReferencePath") {
        Failure::new("States.ResultPathMatchFailure", text)
    } else {
        invalid_path(path, e)
    }
}

/// Selects a reference path, failing with AWS's `Invalid path` text.
pub fn select(path: &Path, input: &Value, env: Env<'_>) -> Result<Value, Failure> {
    path.select(&env.scope(input))
        .map_err(|e| invalid_path(path, &e))
}

/// `InputPath`: absent keeps the raw input, `null` gives `{}`.
pub fn input_path(spec: &IoSpec, raw: &Value, env: Env<'_>) -> Result<Value, Failure> {
    match &spec.input_path {
        PathField::Default => Ok(raw.clone()),
        PathField::Null => Ok(Value::Object(Map::new())),
        PathField::Path(p) => select(p, raw, env),
    }
}

/// `Parameters` (or `ItemSelector`): a payload template over the effective input and `$$`.
pub fn apply_template(
    template: Option<&Template>,
    input: Value,
    env: Env<'_>,
    rng: &mut dyn RngCore,
) -> Result<Value, Failure> {
    match template {
        None => Ok(input),
        Some(t) => t.eval(&env.scope(&input), rng),
    }
}

/// `ResultSelector`: a payload template over the state's result.
pub fn result_selector(
    spec: &IoSpec,
    result: Value,
    env: Env<'_>,
    rng: &mut dyn RngCore,
) -> Result<Value, Failure> {
    apply_template(spec.result_selector.as_ref(), result, env, rng)
}

/// `ResultPath`: merges the result into the raw input; absent replaces it, `null` discards the
/// result.
pub fn result_path(field: &PathField, raw: &Value, result: Value) -> Result<Value, Failure> {
    match field {
        PathField::Default => Ok(result),
        PathField::Null => Ok(raw.clone()),
        PathField::Path(p) => p
            .write(raw.clone(), result)
            .map_err(|e| write_failure(p, &e)),
    }
}

/// `OutputPath`: absent keeps the value, `null` gives `{}`.
pub fn output_path(spec: &IoSpec, value: Value, env: Env<'_>) -> Result<Value, Failure> {
    match &spec.output_path {
        PathField::Default => Ok(value),
        PathField::Null => Ok(Value::Object(Map::new())),
        PathField::Path(p) => select(p, &value, env),
    }
}

/// ResultSelector, ResultPath and OutputPath in order: everything after the state's work.
pub fn finish(
    spec: &IoSpec,
    raw: &Value,
    result: Value,
    env: Env<'_>,
    rng: &mut dyn RngCore,
) -> Result<Value, Failure> {
    let selected = result_selector(spec, result, env, rng)?;
    let merged = result_path(&spec.result_path, raw, selected)?;
    output_path(spec, merged, env)
}

/// Compact JSON text in insertion order, as AWS re-serialises every value it produces.
pub fn to_text(v: &Value) -> String {
    serde_json::to_string(v).unwrap_or_else(|_| "null".to_owned())
}

/// `States.DataLimitExceeded` when a state's output is too large.
pub fn check_size(state_name: &str, v: &Value) -> Result<(), Failure> {
    if text_exceeds(v, MAX_PAYLOAD_BYTES) {
        Err(data_limit(state_name))
    } else {
        Ok(())
    }
}

/// Whether `v`'s compact JSON text ([`to_text`]) is longer than `limit` bytes, found without
/// building the text (and stopping as soon as it is): every state's output is checked.
pub fn text_exceeds(v: &Value, limit: usize) -> bool {
    /// Counts bytes; fails once past the limit so serialisation stops early.
    struct Counter {
        len: usize,
        limit: usize,
    }
    impl std::io::Write for Counter {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.len += buf.len();
            if self.len > self.limit {
                return Err(std::io::Error::other("over the limit"));
            }
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut counter = Counter { len: 0, limit };
    serde_json::to_writer(&mut counter, v).is_err() || counter.len > limit
}

/// AWS's text for an oversized result of `state_name` (a state or task name).
pub fn data_limit(state_name: &str) -> Failure {
    Failure::new(
        "States.DataLimitExceeded",
        format!(
            "The state/task '{state_name}' returned a result with a size exceeding the maximum number of bytes service limit."
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn p(s: &str) -> PathField {
        PathField::Path(Path::parse(s).unwrap())
    }

    #[test]
    fn result_path_merges_into_raw_input() {
        let raw = json!({"a": 1});
        assert_eq!(
            result_path(&p("$.r"), &raw, json!(2)).unwrap(),
            json!({"a": 1, "r": 2})
        );
        assert_eq!(result_path(&PathField::Null, &raw, json!(2)).unwrap(), raw);
        assert_eq!(
            result_path(&PathField::Default, &raw, json!(2)).unwrap(),
            json!(2)
        );
    }

    #[test]
    fn null_input_and_output_paths_give_empty_objects() {
        let spec = IoSpec {
            input_path: PathField::Null,
            output_path: PathField::Null,
            ..IoSpec::default()
        };
        let ctx = json!({});
        let env = Env {
            context: &ctx,
            vars: None,
        };
        assert_eq!(input_path(&spec, &json!([1]), env).unwrap(), json!({}));
        assert_eq!(output_path(&spec, json!([1]), env).unwrap(), json!({}));
    }

    #[test]
    fn missing_input_path_is_states_runtime() {
        let spec = IoSpec {
            input_path: p("$.nope"),
            ..IoSpec::default()
        };
        let ctx = json!({});
        let env = Env {
            context: &ctx,
            vars: None,
        };
        let f = input_path(&spec, &json!({}), env).unwrap_err();
        assert_eq!(f.error, "States.Runtime");
        assert!(
            f.cause.starts_with("Invalid path '$.nope' : "),
            "{}",
            f.cause
        );
    }

    #[test]
    fn oversized_output_is_data_limit_exceeded() {
        let big = Value::String("a".repeat(MAX_PAYLOAD_BYTES + 1));
        assert_eq!(
            check_size("S", &big).unwrap_err().error,
            "States.DataLimitExceeded"
        );
        assert!(check_size("S", &json!({"a": 1})).is_ok());
    }

    #[test]
    fn text_exceeds_agrees_with_the_text_length() {
        let v = json!({"a": [1, "x\u{e9}\"", null], "b": {"c": 1.5}});
        let len = to_text(&v).len();
        assert!(!text_exceeds(&v, len));
        assert!(text_exceeds(&v, len - 1));
    }
}
