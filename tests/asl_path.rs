//! JSONPath (Jayway dialect): every recorded Pass state replayed through InputPath, Result /
//! Parameters, ResultPath and OutputPath; one-line checks sorted by feature; property tests.

mod asl_support;

use asl_support::replay_pass_states;
use passo::asl::path::{Path, PathError, Scope};
use proptest::prelude::*;
use serde_json::{json, Value};

/// Recorded Pass-state evaluations that match byte for byte; the test fails below it.
const RECORDED_FLOOR: usize = 315;

#[test]
fn recorded_pass_states() {
    let (pass, fail) = replay_pass_states(|_| true);
    eprintln!("all Pass states: {pass} pass, {fail} fail");
    assert!(
        pass >= RECORDED_FLOOR || pass + fail == 0,
        "{pass} recorded evaluations match, below the floor {RECORDED_FLOOR}"
    );
}

// ---- one-line helpers ------------------------------------------------------------------

fn select(doc: &Value, path: &str) -> Result<Value, PathError> {
    Path::parse(path)?.select_in(doc)
}

#[track_caller]
fn path_gives(doc: Value, path: &str, want: Value) {
    assert_eq!(select(&doc, path), Ok(want), "{path}");
}

/// The error's Display (Jayway's message).
#[track_caller]
fn path_fails(doc: Value, path: &str, message: &str) {
    assert_eq!(
        select(&doc, path).map_err(|e| e.to_string()),
        Err(message.to_owned()),
        "{path}"
    );
}

#[track_caller]
fn path_rejected(path: &str) {
    assert!(Path::parse(path).is_err(), "{path} should not parse");
}

#[track_caller]
fn definite(path: &str, want: bool) {
    assert_eq!(
        Path::parse(path).map(|p| p.is_definite()),
        Ok(want),
        "{path}"
    );
}

#[track_caller]
fn write_gives(doc: Value, path: &str, value: Value, want: Value) {
    let got = Path::parse(path).and_then(|p| p.write(doc, value));
    assert_eq!(got, Ok(want), "{path}");
}

#[track_caller]
fn write_fails(doc: Value, path: &str, message: &str) {
    let got = Path::parse(path).and_then(|p| p.write(doc, json!(1)));
    assert_eq!(
        got.map_err(|e| e.to_string()),
        Err(message.to_owned()),
        "{path}"
    );
}

// ---- checks, by feature ----------------------------------------------------------------

#[test]
fn brackets_and_dots() {
    path_gives(json!({"a": {"b": 1}}), "$.a.b", json!(1));
    path_gives(json!({"a b": 1}), "$['a b']", json!(1));
    path_gives(json!({"a b": 1}), "$[\"a b\"]", json!(1));
    path_gives(json!({"a": {"b": 1}}), "$.a['b']", json!(1));
    path_gives(json!({"a": 1}), "$", json!({"a": 1}));
    // Recorded: a backslash inside a bracketed name is kept, not unescaped.
    path_gives(json!({"x\\\"y": 2}), "$['x\\\"y']", json!(2)); // key x\"y
    path_gives(json!({"x\\'y": 3}), "$['x\\'y']", json!(3)); // key x\'y: the quote does not close
                                                             // Jayway merges several names in a last bracket into one object (a definite path).
    path_gives(
        json!({"a": 1, "b": 2, "c": 3}),
        "$['a','c','x']",
        json!({"a": 1, "c": 3}),
    );
}

#[test]
fn context_and_variables() {
    let input = json!({});
    let ctx = json!({"Execution": {"Id": "arn"}});
    let vars = json!({"x": {"a": [5]}});
    let scope = Scope {
        input: &input,
        context: &ctx,
        variables: vars.as_object(),
    };
    let sel = |p: &str| Path::parse(p).and_then(|p| p.select(&scope));
    assert_eq!(sel("$$.Execution.Id"), Ok(json!("arn")));
    assert_eq!(sel("$x.a[0]"), Ok(json!(5)));
    assert_eq!(sel("$x"), Ok(json!({"a": [5]})));
    assert!(sel("$y").is_err());
}

#[test]
fn deep_scan() {
    let doc = json!({"a": {"p": 1, "b": [{"p": 2}, {"q": {"p": 3}}]}});
    path_gives(doc.clone(), "$..p", json!([1, 2, 3]));
    path_gives(doc.clone(), "$..b[0].p", json!([2]));
    path_gives(
        json!({"a": [1, {"b": 2}]}),
        "$..*",
        json!([[1, {"b": 2}], 1, {"b": 2}, 2]),
    );
    path_gives(doc, "$..[?(@.p > 1)].p", json!([2, 3]));
    // Jayway quirk kept: `..[0].x` reads `x` of every element of each array it meets.
    path_gives(
        json!({"a": [{"x": 1}, {"x": 2}]}),
        "$..[0].x",
        json!([1, 2]),
    );
    path_gives(
        json!({"a": [{"x": 1}, {"x": 2}]}),
        "$..[0]",
        json!([{"x": 1}]),
    );
}

#[test]
fn definiteness() {
    definite("$.a[0]['b']", true);
    definite("$['a','b']", true); // Jayway: a merge of several names at the end is definite
    definite("$.a.length()", true);
    definite("$.a[*]", false);
    definite("$.a[0,1]", false);
    definite("$.a[1:]", false);
    definite("$..a", false);
    definite("$.a[?(@.b)]", false);
    definite("$['a','b'].c", false);
}

#[test]
fn errors() {
    path_fails(json!({}), "$.x", "No results for path: $['x']");
    path_fails(
        json!({"a": {}}),
        "$.a.b",
        "No results for path: $['a']['b']",
    );
    path_fails(
        json!({}),
        "$.no.such.path",
        "Missing property in path $['no']",
    );
    path_fails(
        json!({"a": [1]}),
        "$.a[3]",
        "No results for path: $['a'][3]",
    );
    path_fails(
        json!({"a": 1}),
        "$.a[0]",
        "Filter: [0] can only be applied to arrays. Current context is: 1",
    );
    path_fails(json!({"a": null}), "$.a[0]", "The path $['a'] is null");
    // Class names mimic Jayway over Jackson; AWS's exact text is not recorded.
    path_fails(json!({"a": "s"}), "$.a.b", "Expected to find an object with property ['b'] in path $['a'] but found 'java.lang.String'. This is not a json object according to the JsonProvider: 'com.jayway.jsonpath.spi.json.JacksonJsonNodeJsonProvider'.");
    let p = Path::parse("$.x");
    let cause = p.map(|p| p.invalid_path_cause(&PathError::NoResults(p.normalized())));
    assert_eq!(
        cause,
        Ok("Invalid path '$.x' : No results for path: $['x']".to_owned())
    );
}

#[test]
fn filters() {
    let doc = json!({"u": [
        {"n": "a", "p": 5, "t": ["x"], "s": "abc"},
        {"n": "b", "p": 15, "t": ["x", "y"], "s": "ABD", "z": null},
        {"n": "c", "p": "15"}
    ]});
    let names = |f: &str| format!("$.u[?({f})].n");
    path_gives(doc.clone(), &names("@.p > 10"), json!(["b"]));
    path_gives(doc.clone(), &names("@.p >= 5 && @.p < 15"), json!(["a"]));
    path_gives(doc.clone(), &names("@.p == 15"), json!(["b", "c"])); // Jayway: "15" == 15
    path_gives(doc.clone(), &names("@.p != 5"), json!(["b", "c"]));
    path_gives(
        doc.clone(),
        &names("@.n == 'a' || @.n == \"c\""),
        json!(["a", "c"]),
    );
    path_gives(doc.clone(), &names("!(@.n == 'a')"), json!(["b", "c"]));
    path_gives(doc.clone(), &names("@.s =~ /ab.*/i"), json!(["a", "b"]));
    path_gives(doc.clone(), &names("@.n in ['a', 'c']"), json!(["a", "c"]));
    path_gives(doc.clone(), &names("@.n nin ['a', 'c']"), json!(["b"]));
    path_gives(doc.clone(), &names("@.t subsetof ['x']"), json!(["a"]));
    path_gives(doc.clone(), &names("@.t anyof ['y']"), json!(["b"]));
    path_gives(doc.clone(), &names("@.t noneof ['y']"), json!(["a"]));
    path_gives(doc.clone(), &names("@.t size 2"), json!(["b"]));
    path_gives(doc.clone(), &names("@.t empty false"), json!(["a", "b"]));
    path_gives(doc.clone(), &names("@.t contains 'y'"), json!(["b"]));
    path_gives(doc.clone(), &names("@.z"), json!(["b"])); // exists, even when null
    path_gives(doc.clone(), &names("!@.t"), json!(["c"]));
    path_gives(doc.clone(), &names("@.p > $.u[0].p"), json!(["b"]));
    path_gives(doc, &names("@.t.length() == 2"), json!(["b"]));
    path_gives(
        json!({"o": {"a": 1}}),
        "$.o[?(@.a == 1)]",
        json!([{"a": 1}]),
    ); // filter on an object tests it
    path_gives(
        json!({"users": [{"status": 0}, {"status": 1}]}),
        "$.users[?(@.status == 0)]",
        json!([{"status": 0}]),
    );
}

#[test]
fn functions() {
    path_gives(json!({"a": [1, 2, 3]}), "$.a.length()", json!(3));
    path_gives(json!({"a": [1, 2, 3]}), "$.a.sum()", json!(6.0));
    path_gives(json!({"a": [1, 2, 3]}), "$.a.max()", json!(3.0));
    path_gives(
        json!({"a": {"x": 1, "y": 2}}),
        "$.a.keys()",
        json!(["x", "y"]),
    );
    path_rejected("$.a.length().b");
    path_rejected("$.a.nope()");
}

#[test]
fn indexes_and_slices() {
    let doc = json!({"a": [0, 1, 2, 3, 4]});
    path_gives(doc.clone(), "$.a[0]", json!(0));
    path_gives(doc.clone(), "$.a[-1]", json!(4));
    path_gives(doc.clone(), "$.a[0,2]", json!([0, 2]));
    path_gives(doc.clone(), "$.a[1:3]", json!([1, 2]));
    path_gives(doc.clone(), "$.a[:2]", json!([0, 1]));
    path_gives(doc.clone(), "$.a[-2:]", json!([3, 4]));
    path_gives(doc.clone(), "$.a[:-1]", json!([0, 1, 2, 3]));
    path_gives(doc.clone(), "$.a[3:10]", json!([3, 4]));
    path_gives(doc.clone(), "$.a[1:-1]", json!([])); // Jayway: a negative end in [from:to] selects nothing
    path_gives(doc.clone(), "$.a[1::2]", json!([1, 2, 3, 4])); // Jayway ignores a step
    path_gives(doc, "$.a[9:]", json!([]));
    path_rejected("$.a[::2]"); // Jayway: neither bound
}

#[test]
fn indefinite_answers_empty() {
    // Recorded: an indefinite path that fails on the way answers [].
    path_gives(json!({}), "$.items[*].v", json!([]));
    path_gives(json!({}), "$.item.items[1:5]", json!([]));
    path_gives(json!({"a": 1}), "$.a[*]", json!([]));
}

#[test]
fn normal_form() {
    let n = |p: &str| Path::parse(p).map(|p| p.normalized());
    assert_eq!(n("$.a.b[0]"), Ok("$['a']['b'][0]".to_owned()));
    assert_eq!(
        n("$['a','b'][1:][*]..c"),
        Ok("$['a','b'][1:][*]..['c']".to_owned())
    );
    assert_eq!(n("$.a[?(@.x)]"), Ok("$['a'][?]".to_owned()));
}

#[test]
fn deep_nesting_is_rejected_not_a_crash() {
    path_rejected(&format!("$.a{}", "[?(@.b".repeat(5000)));
    path_rejected(&format!(
        "$.a[?({}@.b{})]",
        "(".repeat(5000),
        ")".repeat(5000)
    ));
}

#[test]
fn syntax() {
    path_rejected("");
    path_rejected("a");
    path_rejected("$.");
    path_rejected("$..");
    path_rejected("$.a[");
    path_rejected("$.a[x]");
    path_rejected("$.a b");
    path_rejected("$['a'");
    path_rejected("$.a[?(@.b ~~ 1)]");
    path_rejected("$a-b");
}

#[test]
fn wildcards() {
    path_gives(json!({"a": {"x": 1, "y": [2]}}), "$.a.*", json!([1, [2]]));
    path_gives(
        json!({"a": [{"b": 1}, {"c": 2}, {"b": 3}]}),
        "$.a[*].b",
        json!([1, 3]),
    );
    path_gives(json!({"a": 1}), "$.*", json!([1]));
}

#[test]
fn write() {
    write_gives(json!({"a": 1}), "$", json!(2), json!(2));
    write_gives(
        json!({"a": 1}),
        "$.b.c",
        json!(2),
        json!({"a": 1, "b": {"c": 2}}),
    );
    write_gives(
        json!({"a": 1, "z": 0}),
        "$.a",
        json!(2),
        json!({"a": 2, "z": 0}),
    ); // in place
    write_gives(
        json!({"a": [1, {"b": 0}]}),
        "$.a[1].b",
        json!(2),
        json!({"a": [1, {"b": 2}]}),
    );
    write_fails(
        json!({"a": 1}),
        "$.a.b",
        "Unable to apply ReferencePath $.a.b to input {\"a\":1}",
    );
    write_fails(
        json!("s"),
        "$.a",
        "Unable to apply ReferencePath $.a to input \"s\"",
    );
    write_fails(
        json!({"a": []}),
        "$.a[0]",
        "Unable to apply ReferencePath $.a[0] to input {\"a\":[]}",
    );
    write_fails(
        json!({}),
        "$.a[*]",
        "Unable to apply ReferencePath $.a[*] to input {}",
    );
}

// ---- properties ------------------------------------------------------------------------

proptest! {
    #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn parse_never_panics(s in "\\PC*") {
        let _ = Path::parse(&s);
    }

    #[test]
    fn pathlike_never_panics(s in "\\$[$a-c.\\[\\]'\"*?()@=<>!&|0-9:, -]{0,30}", doc in arb_json()) {
        if let Ok(p) = Path::parse(&s) {
            let _ = p.select_in(&doc);
            let _ = p.normalized();
            let _ = p.write(doc.clone(), json!(1));
        }
    }

    #[test]
    fn definite_path_round_trips_a_write(keys in prop::collection::vec("[a-z]{1,5}", 1..4), v in arb_json()) {
        let text = format!("$.{}", keys.join("."));
        let p = Path::parse(&text).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let written = p.write(json!({}), v.clone()).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(p.select_in(&written), Ok(v));
    }
}

fn arb_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        (-5i64..5).prop_map(Value::from),
        "[a-c]{0,2}".prop_map(Value::from),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec(("[a-c]", inner), 0..4)
                .prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
}

/// Every path and intrinsic call in definitions AWS accepted (verified executions) must parse.
#[test]
fn recorded_definitions_parse() {
    use passo::asl::intrinsics::Call;
    /// `in_template`: inside Parameters / ResultSelector / ItemSelector, where `.$` keys count.
    fn walk(v: &Value, key: &str, in_template: bool, out: &mut Vec<String>) {
        match v {
            Value::Object(m) => {
                if m.get("QueryLanguage").is_some_and(|q| q == "JSONata") {
                    return;
                }
                for (k, x) in m {
                    if matches!(k.as_str(), "Result" | "Assign" | "Output" | "Arguments") {
                        continue;
                    }
                    let t = in_template
                        || matches!(k.as_str(), "Parameters" | "ResultSelector" | "ItemSelector");
                    walk(x, k, t, out);
                }
            }
            Value::Array(a) => a.iter().for_each(|x| walk(x, key, in_template, out)),
            Value::String(s) => {
                let field = (in_template && key.ends_with(".$"))
                    || (!in_template
                        && (matches!(key, "InputPath" | "OutputPath" | "ItemsPath" | "Variable")
                            || (key == "ResultPath")
                            || (key.ends_with("Path") && s.starts_with('$'))));
                if field {
                    out.push(s.clone());
                }
            }
            _ => {}
        }
    }
    let mut texts = Vec::new();
    for (_, case) in asl_support::cases() {
        let jsonata = case["definition"]["QueryLanguage"] == "JSONata";
        if case["kind"] == "execution"
            && case[concat!("verified_against", "_aws")] == true
            && !jsonata
        {
            walk(&case["definition"], "", false, &mut texts);
        }
    }
    let bad: Vec<&String> = texts
        .iter()
        .filter(|t| {
            if Call::looks_like_call(t) {
                Call::parse(t).is_err()
            } else {
                Path::parse(t).is_err()
            }
        })
        .collect();
    eprintln!(
        "{} recorded paths/calls, {} rejected: {bad:?}",
        texts.len(),
        bad.len()
    );
    assert!(bad.is_empty());
}
