//! Selection and ResultPath writes over parsed steps, following Jayway's token evaluation
//! (`PropertyPathToken`, `ArrayIndexToken`, `ArraySliceToken`, `WildcardPathToken`,
//! `ScanPathToken`, `PredicatePathToken`, `FunctionPathToken`).
//!
//! Owns: how steps walk a document and which errors a definite path raises. Must not parse.

use serde_json::{Map, Number, Value};

use super::{filter, parse, PathError, Step};

/// Evaluation state: the document `$` (and `$` inside filters) refers to, and the matches.
struct Cx<'a> {
    root: &'a Value,
    out: Vec<Value>,
}

/// The normalised path walked so far (`$['a'][0]`), kept as links on the stack and rendered
/// only for an error message: definite walks are the hot path and rarely fail.
#[derive(Clone, Copy)]
enum Trail<'a> {
    Root(&'static str),
    Prop(&'a Trail<'a>, &'a str),
    Index(&'a Trail<'a>, i64),
}

impl Trail<'_> {
    fn render(&self) -> String {
        let mut out = String::new();
        self.render_into(&mut out);
        out
    }

    fn render_into(&self, out: &mut String) {
        match self {
            Trail::Root(r) => out.push_str(r),
            Trail::Prop(parent, name) => {
                parent.render_into(out);
                out.push_str("['");
                out.push_str(name);
                out.push_str("']");
            }
            Trail::Index(parent, i) => {
                parent.render_into(out);
                out.push('[');
                out.push_str(&i.to_string());
                out.push(']');
            }
        }
    }
}

/// Where a walk that can no longer raise errors starts (its path is never rendered).
const NO_TRAIL: Trail<'static> = Trail::Root("");

/// Selects `steps` in `doc`. `definite` is the whole path's definiteness; `normalized` renders
/// the whole path for `No results for path:`.
pub(super) fn select(
    steps: &[Step],
    doc: &Value,
    definite: bool,
    normalized: &dyn Fn() -> String,
) -> Result<Value, PathError> {
    let (body, func) = match steps.split_last() {
        Some((Step::Function(f), body)) => (body, Some(f)),
        _ => (steps, None),
    };
    let mut cx = Cx {
        root: doc,
        out: Vec::new(),
    };
    if let Err(e) = walk(body, doc, &Trail::Root("$"), true, &mut cx) {
        // AWS answers `[]` when an indefinite path fails before its first indefinite step
        // (recorded: `$.items[*]` on `{}`); only definite paths report Jayway's error.
        if definite {
            return Err(e);
        }
        cx.out.clear();
    }
    let body_definite = {
        let n = body.len();
        body.iter()
            .enumerate()
            .all(|(i, s)| s.is_definite(i + 1 == n))
    };
    let mut out = cx.out;
    if let Some(f) = func {
        let input = if body_definite {
            if out.is_empty() {
                return Err(PathError::NoResults(normalized()));
            }
            out.swap_remove(0)
        } else {
            Value::Array(out)
        };
        return apply_function(f, &input);
    }
    if definite {
        if out.is_empty() {
            Err(PathError::NoResults(normalized()))
        } else {
            Ok(out.swap_remove(0))
        }
    } else {
        Ok(Value::Array(out))
    }
}

/// Selection used inside filters: `Ok(None)` when nothing matches (Jayway's "undefined").
pub(super) fn select_relative(steps: &[Step], item: &Value, root: &Value) -> Option<Value> {
    let (body, func) = match steps.split_last() {
        Some((Step::Function(f), body)) => (body, Some(f)),
        _ => (steps, None),
    };
    let definite = {
        let n = body.len();
        body.iter()
            .enumerate()
            .all(|(i, s)| s.is_definite(i + 1 == n))
    };
    let mut cx = Cx {
        root,
        out: Vec::new(),
    };
    walk(body, item, &Trail::Root("@"), true, &mut cx).ok()?;
    let mut out = cx.out;
    let v = if definite {
        if out.is_empty() {
            return None;
        }
        out.swap_remove(0)
    } else {
        Value::Array(out)
    };
    match func {
        Some(f) => apply_function(f, &v).ok(),
        None => Some(v),
    }
}

/// The Java class Jayway (over Jackson) names in its "Expected to find an object" message.
fn java_class(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "java.lang.Boolean",
        Value::String(_) => "java.lang.String",
        Value::Number(n) if n.is_f64() => "java.lang.Double",
        Value::Number(n) => match n.as_i64() {
            Some(i) if i32::try_from(i).is_ok() => "java.lang.Integer",
            Some(_) => "java.lang.Long",
            None => "java.math.BigInteger",
        },
        Value::Array(_) => "com.fasterxml.jackson.databind.node.ArrayNode",
        Value::Object(_) => "com.fasterxml.jackson.databind.node.ObjectNode",
    }
}

/// How Java's `toString` prints a node in Jayway's messages (strings unquoted).
fn java_string(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn walk(
    steps: &[Step],
    node: &Value,
    path: &Trail<'_>,
    up: bool,
    cx: &mut Cx<'_>,
) -> Result<(), PathError> {
    let Some((step, rest)) = steps.split_first() else {
        cx.out.push(node.clone());
        return Ok(());
    };
    let leaf = rest.is_empty();
    let next_up = up && step.is_definite(leaf);
    match step {
        Step::Props(names) => {
            let Value::Object(map) = node else {
                if up {
                    let mut fragment = String::new();
                    parse::push_fragment(&mut fragment, step);
                    return Err(PathError::NotAnObject {
                        fragment,
                        path: path.render(),
                        found: java_class(node).to_owned(),
                    });
                }
                return Ok(());
            };
            if names.len() > 1 && leaf {
                // Jayway's "multi property merge": one object with the properties present.
                let mut merged = Map::new();
                for n in names {
                    if let Some(v) = map.get(n) {
                        merged.insert(n.clone(), v.clone());
                    }
                }
                cx.out.push(Value::Object(merged));
                return Ok(());
            }
            for name in names {
                let eval_path = Trail::Prop(path, name);
                match map.get(name) {
                    Some(v) => walk(rest, v, &eval_path, next_up, cx)?,
                    None if !leaf && up && names.len() == 1 => {
                        return Err(PathError::MissingProperty(eval_path.render()));
                    }
                    None => {}
                }
            }
            Ok(())
        }
        Step::Indexes(idxs) => {
            let arr = array_model(step, node, path, up)?;
            for &i in idxs {
                index(arr, i, path, rest, next_up, cx)?;
            }
            Ok(())
        }
        Step::Slice(from, to) => {
            let arr = array_model(step, node, path, up)?;
            let len = i64::try_from(arr.len()).unwrap_or(i64::MAX);
            let (start, end) = match (*from, *to) {
                (Some(f), None) => {
                    let f = if f < 0 { (len + f).max(0) } else { f };
                    (f, len)
                }
                (None, Some(t)) => {
                    let t = if t < 0 { len + t } else { t };
                    (0, t.min(len))
                }
                (Some(f), Some(t)) => (f, t.min(len)),
                (None, None) => (0, 0),
            };
            if len == 0 || start >= end {
                return Ok(());
            }
            for i in start..end {
                index(arr, i, path, rest, false, cx)?;
            }
            Ok(())
        }
        Step::Wildcard => {
            match node {
                Value::Object(map) => {
                    for v in map.values() {
                        walk(rest, v, &NO_TRAIL, false, cx)?;
                    }
                }
                Value::Array(arr) => {
                    for v in arr {
                        walk(rest, v, &NO_TRAIL, false, cx)?;
                    }
                }
                _ => {}
            }
            Ok(())
        }
        Step::Scan => match rest.first() {
            Some(_) => scan(rest, node, path, cx),
            None => Ok(()),
        },
        Step::Filter(expr) => match node {
            Value::Object(_) => {
                if filter::accept(expr, node, cx.root) {
                    walk(rest, node, path, false, cx)?;
                }
                Ok(())
            }
            Value::Array(arr) => {
                for v in arr {
                    if filter::accept(expr, v, cx.root) {
                        walk(rest, v, &NO_TRAIL, false, cx)?;
                    }
                }
                Ok(())
            }
            other => {
                if up {
                    return Err(PathError::FilterOnPrimitive {
                        fragment: "[?]".to_owned(),
                        context: java_string(other),
                    });
                }
                Ok(())
            }
        },
        Step::Function(f) => {
            // A function before the last step is rejected by the parser; apply it anyway.
            let v = apply_function(f, node)?;
            walk(rest, &v, path, next_up, cx)
        }
    }
}

/// Jayway's `checkArrayModel`: the node an index or slice applies to.
fn array_model<'v>(
    step: &Step,
    node: &'v Value,
    path: &Trail<'_>,
    up: bool,
) -> Result<&'v [Value], PathError> {
    match node {
        Value::Array(a) => Ok(a),
        Value::Null if up => Err(PathError::NullValue(path.render())),
        other if up => {
            let mut fragment = String::new();
            parse::push_fragment(&mut fragment, step);
            Err(PathError::NotAnArray {
                fragment,
                context: java_string(other),
            })
        }
        _ => Ok(&[]),
    }
}

/// Jayway's `handleArrayIndex`: negative indexes count from the end; out of range is no match.
fn index(
    arr: &[Value],
    i: i64,
    path: &Trail<'_>,
    rest: &[Step],
    up: bool,
    cx: &mut Cx<'_>,
) -> Result<(), PathError> {
    let len = i64::try_from(arr.len()).unwrap_or(i64::MAX);
    let eff = if i < 0 { len + i } else { i };
    let hit = usize::try_from(eff).ok().and_then(|e| arr.get(e));
    if let Some(v) = hit {
        // The path text only feeds error messages, which only a definite walk raises.
        walk(rest, v, &Trail::Index(path, i), up, cx)?;
    }
    Ok(())
}

/// `..`: applies `rest` at every node (objects and arrays, pre-order) its first step fits.
fn scan(rest: &[Step], node: &Value, path: &Trail<'_>, cx: &mut Cx<'_>) -> Result<(), PathError> {
    let fits = match rest.first() {
        Some(Step::Props(names)) => match node {
            Value::Object(m) => names.iter().all(|n| m.contains_key(n)),
            _ => false,
        },
        Some(Step::Indexes(_) | Step::Slice(..)) => node.is_array(),
        Some(Step::Wildcard) => true,
        Some(Step::Filter(expr)) => filter::accept(expr, node, cx.root),
        _ => false,
    };
    match node {
        // Jayway's `walkArray` quirk: when the step after `..` fits an array and is not the
        // last, the steps after it run on every element (so `$..[0].a` reads `a` of each).
        Value::Array(a) if fits && rest.len() > 1 => {
            let after = rest.get(1..).unwrap_or_default();
            for v in a {
                walk(after, v, &NO_TRAIL, false, cx)?;
            }
        }
        Value::Array(_) | Value::Object(_) if fits => walk(rest, node, path, false, cx)?,
        _ => {}
    }
    match node {
        Value::Object(m) => {
            for v in m.values() {
                scan(rest, v, &NO_TRAIL, cx)?;
            }
        }
        Value::Array(a) => {
            for v in a {
                scan(rest, v, &NO_TRAIL, cx)?;
            }
        }
        _ => {}
    }
    Ok(())
}

/// Jayway's path functions (`length()`, `min()`, ...), applied to a node.
fn apply_function(name: &str, v: &Value) -> Result<Value, PathError> {
    let numbers = || -> Vec<f64> {
        match v {
            Value::Array(a) => a.iter().filter_map(Value::as_f64).collect(),
            _ => Vec::new(),
        }
    };
    let agg = |f: fn(&[f64]) -> f64| -> Result<Value, PathError> {
        let ns = numbers();
        if ns.is_empty() {
            return Err(PathError::Function(
                "Aggregation function attempted to calculate value using empty array".to_owned(),
            ));
        }
        Ok(Number::from_f64(f(&ns)).map_or(Value::Null, Value::Number))
    };
    match name {
        "length" | "size" => Ok(match v {
            Value::Array(a) => Value::from(a.len()),
            Value::Object(m) => Value::from(m.len()),
            _ => Value::Null,
        }),
        "min" => agg(|n| n.iter().copied().fold(f64::INFINITY, f64::min)),
        "max" => agg(|n| n.iter().copied().fold(f64::NEG_INFINITY, f64::max)),
        "sum" => agg(|n| n.iter().sum()),
        "avg" => agg(|n| n.iter().sum::<f64>() / n.len() as f64),
        "stddev" => agg(|n| {
            let len = n.len() as f64;
            let mean = n.iter().sum::<f64>() / len;
            (n.iter().map(|x| x * x).sum::<f64>() / len - mean * mean).sqrt()
        }),
        "keys" => match v {
            Value::Object(m) => Ok(Value::Array(
                m.keys().map(|k| Value::String(k.clone())).collect(),
            )),
            _ => Ok(Value::Null),
        },
        "first" => match v {
            Value::Array(a) => Ok(a.first().cloned().unwrap_or(Value::Null)),
            _ => Ok(Value::Null),
        },
        "last" => match v {
            Value::Array(a) => Ok(a.last().cloned().unwrap_or(Value::Null)),
            _ => Ok(Value::Null),
        },
        other => Err(PathError::Function(format!(
            "Function with name: {other} does not exist."
        ))),
    }
}

/// Whether `write_at` can succeed, without touching `target`.
fn writable(steps: &[Step], target: &Value) -> bool {
    let Some((step, rest)) = steps.split_first() else {
        return true;
    };
    match (step, target) {
        (Step::Props(names), Value::Object(m)) => match names.as_slice() {
            [name] => match m.get(name) {
                Some(child) => rest.is_empty() || writable(rest, child),
                None => rest.iter().all(|s| matches!(s, Step::Props(_))),
            },
            _ => false,
        },
        (Step::Indexes(idxs), Value::Array(a)) => match idxs.as_slice() {
            [i] => resolve_index(a.len(), *i)
                .and_then(|e| a.get(e))
                .is_some_and(|child| rest.is_empty() || writable(rest, child)),
            _ => false,
        },
        _ => false,
    }
}

fn resolve_index(len: usize, i: i64) -> Option<usize> {
    let len_i = i64::try_from(len).ok()?;
    let eff = if i < 0 { len_i + i } else { i };
    usize::try_from(eff).ok().filter(|&e| e < len)
}

/// ResultPath's write: sets `value` at `steps` in `target`, creating objects for missing
/// properties. `Err(())` when the path cannot be applied (the caller builds AWS's message).
pub(super) fn write_at(steps: &[Step], target: &mut Value, value: Value) -> Result<(), ()> {
    if !writable(steps, target) {
        return Err(());
    }
    let mut slot = target;
    for step in steps {
        slot = match (step, slot) {
            (Step::Props(names), Value::Object(m)) => match names.as_slice() {
                [name] => m
                    .entry(name.clone())
                    .or_insert_with(|| Value::Object(Map::new())),
                _ => return Err(()),
            },
            (Step::Indexes(idxs), Value::Array(a)) => {
                let len = a.len();
                match idxs.as_slice() {
                    [i] => resolve_index(len, *i)
                        .and_then(|e| a.get_mut(e))
                        .ok_or(())?,
                    _ => return Err(()),
                }
            }
            _ => return Err(()),
        };
    }
    *slot = value;
    Ok(())
}
