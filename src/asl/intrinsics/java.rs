//! What AWS's Java runtime leaks into outputs: `java.util.HashMap` iteration order (payload
//! templates' `.$` keys, `States.JsonMerge`), `toString` forms (`States.Format` prints `{k=v}`
//! and `[a, b]`), `Double.toString` and `Math.round`.
//!
//! Owns: these pure imitations. Must not know ASL.

use serde_json::{Map, Value};

/// Java's `String.hashCode` (over UTF-16 code units, wrapping).
pub fn string_hash(s: &str) -> i32 {
    s.encode_utf16()
        .fold(0i32, |h, cu| h.wrapping_mul(31).wrapping_add(i32::from(cu)))
}

/// The bucket index of `key` in a `HashMap` of `capacity` buckets (`h ^ (h >>> 16)`).
fn bucket(key: &str, capacity: usize) -> usize {
    let h = string_hash(key) as u32;
    let spread = h ^ (h >> 16);
    (spread as usize) & (capacity - 1)
}

/// The order in which a `java.util.HashMap<String, _>` iterates `keys` inserted in the given
/// order: buckets by index, insertion order within a bucket. The table starts at 16 buckets and
/// doubles as [`final_capacity`] says; a resize keeps the relative order inside each bucket, so
/// the final capacity alone decides. (Tree bins, 9+ colliding keys in a table of 64 or more,
/// are not modelled.) Checked against 170 recorded templates with several `.$` keys.
pub fn hashmap_order<T>(entries: Vec<(String, T)>) -> Vec<(String, T)> {
    let capacity = final_capacity(entries.iter().map(|(k, _)| k.as_str()));
    let mut keyed: Vec<(usize, (String, T))> = entries
        .into_iter()
        .map(|(k, v)| (bucket(&k, capacity), (k, v)))
        .collect();
    keyed.sort_by_key(|(b, _)| *b); // stable: insertion order within a bucket
    keyed.into_iter().map(|(_, e)| e).collect()
}

/// The table size after inserting `keys` (distinct) into a fresh `HashMap`: it doubles when the
/// size passes 3/4 of it, and also when a bucket's chain reaches 9 entries while the table is
/// smaller than 64 (`treeifyBin` resizes instead of building a tree).
fn final_capacity<'a>(keys: impl Iterator<Item = &'a str>) -> usize {
    let mut capacity = 16usize;
    let mut placed: Vec<&str> = Vec::new();
    let mut chains: std::collections::HashMap<usize, usize> = Default::default();
    for key in keys {
        let chain = chains.entry(bucket(key, capacity)).or_default();
        *chain += 1;
        let mut grow = *chain >= 9 && capacity < 64;
        placed.push(key);
        grow |= placed.len() * 4 > capacity * 3;
        if grow {
            capacity *= 2;
            if placed.len() * 4 > capacity * 3 {
                capacity *= 2; // both rules fired on the same insertion
            }
            chains.clear();
            for k in &placed {
                *chains.entry(bucket(k, capacity)).or_default() += 1;
            }
        }
    }
    capacity
}

/// An object whose keys are in `HashMap` order (later duplicates replace earlier values).
pub fn hashmap_object(entries: Vec<(String, Value)>) -> Map<String, Value> {
    let mut dedup: Vec<(String, Value)> = Vec::with_capacity(entries.len());
    for (k, v) in entries {
        match dedup.iter_mut().find(|(k2, _)| *k2 == k) {
            Some(slot) => slot.1 = v,
            None => dedup.push((k, v)),
        }
    }
    hashmap_order(dedup).into_iter().collect()
}

/// Java's `toString` of a JSON value as a `Map`/`List` tree: strings bare, objects `{k=v, k2=v2}`,
/// arrays `[a, b]`, numbers as Java prints them.
pub fn to_java_string(v: &Value) -> String {
    let mut out = String::new();
    push_java(&mut out, v);
    out
}

fn push_java(out: &mut String, v: &Value) {
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::String(s) => out.push_str(s),
        Value::Number(n) => out.push_str(&number_string(n)),
        Value::Array(a) => {
            out.push('[');
            for (i, e) in a.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                push_java(out, e);
            }
            out.push(']');
        }
        Value::Object(m) => {
            out.push('{');
            for (i, (k, e)) in m.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                out.push_str(k);
                out.push('=');
                push_java(out, e);
            }
            out.push('}');
        }
    }
}

/// A JSON number as Java prints it: integers plainly, doubles with `Double.toString`.
pub fn number_string(n: &serde_json::Number) -> String {
    if n.is_f64() {
        n.as_f64().map_or_else(|| n.to_string(), double_string)
    } else {
        n.to_string()
    }
}

/// Java's `Double.toString`: `1.0`, `0.001`, `1.0E7`, `1.0E-4`.
pub fn double_string(d: f64) -> String {
    if d.is_nan() {
        return "NaN".to_owned();
    }
    if d.is_infinite() {
        return if d > 0.0 { "Infinity" } else { "-Infinity" }.to_owned();
    }
    if d == 0.0 {
        return if d.is_sign_negative() { "-0.0" } else { "0.0" }.to_owned();
    }
    let a = d.abs();
    if (1e-3..1e7).contains(&a) {
        let s = format!("{d}");
        if s.contains('.') {
            s
        } else {
            format!("{s}.0")
        }
    } else {
        // Rust's `{:e}` gives the shortest digits too: `1e7`, `1.5e-5`.
        let s = format!("{d:e}");
        let (mant, exp) = s.split_once('e').unwrap_or((s.as_str(), "0"));
        let mant = if mant.contains('.') {
            mant.to_owned()
        } else {
            format!("{mant}.0")
        };
        format!("{mant}E{exp}")
    }
}

/// Java's `Math.round(double)`: half up (towards positive infinity), `floor(x + 0.5)`.
pub fn round(d: f64) -> f64 {
    (d + 0.5).floor()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashmap_resizes_for_a_long_chain() {
        // Nine keys in bucket 0 of 16 make Java resize to 32 (treeifyBin on a small table):
        // they move to bucket 16, after "a" (bucket 1 in both sizes).
        let colliders = [
            "k17", "k28", "k39", "k150", "k161", "k172", "k183", "k194", "k260",
        ];
        let keys: Vec<(String, ())> = std::iter::once("a")
            .chain(colliders)
            .map(|k| (k.to_owned(), ()))
            .collect();
        let order: Vec<String> = hashmap_order(keys).into_iter().map(|(k, _)| k).collect();
        assert_eq!(order.first().map(String::as_str), Some("a"));
        // With eight colliders the table stays at 16 and bucket 0 comes first.
        let keys: Vec<(String, ())> = std::iter::once("a")
            .chain(colliders.into_iter().take(8))
            .map(|k| (k.to_owned(), ()))
            .collect();
        let order: Vec<String> = hashmap_order(keys).into_iter().map(|(k, _)| k).collect();
        assert_eq!(order.last().map(String::as_str), Some("a"));
    }

    #[test]
    fn java_forms() {
        assert_eq!(string_hash("a"), 97);
        assert_eq!(double_string(1.1), "1.1");
        assert_eq!(double_string(100.0), "100.0");
        assert_eq!(double_string(1e7), "1.0E7");
        assert_eq!(double_string(1.5e-5), "1.5E-5");
        assert_eq!(round(-1.5), -1.0);
        assert_eq!(round(2.5), 3.0);
    }
}
