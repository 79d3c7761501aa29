//! Unit tests of the JSONata layer: one line per behaviour, AWS's differences noted inline.

use chrono::TimeZone;
use rand_chacha::ChaCha20Rng;
use rand_core::SeedableRng;
use serde_json::{json, Map, Value};

use super::*;

fn run(expr: &str, input: Value) -> Result<Value, QueryError> {
    run_vars(expr, input, Map::new())
}

fn run_vars(expr: &str, input: Value, vars: Map<String, Value>) -> Result<Value, QueryError> {
    let context = json!({"Execution": {"Id": "arn"}});
    let mut rng = ChaCha20Rng::seed_from_u64(1);
    let now = Utc
        .with_ymd_and_hms(2024, 5, 6, 7, 8, 9)
        .single()
        .unwrap_or_default();
    let mut env = Env::new(States::new(&input, &context), &vars, now, &mut rng);
    let t = JsonataTemplate::compile(&json!(format!("{{%{expr}%}}"))).map_err(|e| QueryError {
        location: None,
        cause: e.message,
    })?;
    t.eval("Output", &mut env)
}

fn gives(expr: &str, input: Value, out: Value) {
    assert_eq!(run(expr, input).map_err(|e| e.cause), Ok(out), "{expr}");
}

fn fails(expr: &str, cause: &str) {
    assert_eq!(
        run(expr, json!({})).map_err(|e| e.cause),
        Err(cause.to_owned()),
        "{expr}"
    );
}

#[test]
fn states_input_and_context() {
    gives(" $states.input.a ", json!({"a": [1, 2]}), json!([1, 2]));
    gives("$states.context.Execution.Id", json!({}), json!("arn"));
    gives("$states.input.a + 0.5", json!({"a": 1}), json!(1.5));
    gives("$count($states.input)", json!([1, 2, 3]), json!(3));
}

#[test]
fn variables_bind_as_dollar_names() {
    let mut vars = Map::new();
    vars.insert("x".into(), json!({"y": 5}));
    assert_eq!(run_vars("$x.y * 2", json!({}), vars), Ok(json!(10)));
}

#[test]
fn aws_functions() {
    gives("$partition([1,2,3], 2)", json!({}), json!([[1, 2], [3]]));
    gives("$partition([1], 1)", json!({}), json!([[1]]));
    gives("$range(0, 10, 3)", json!({}), json!([0, 3, 6, 9]));
    gives("$range(1, 9, 9)", json!({}), json!(1)); // AWS: a one-element range is bare
    gives(
        "$hash('a', 'MD5')",
        json!({}),
        json!("0cc175b9c0f1b6a831c399e269772661"),
    );
    gives(
        "$hash('a', 'SHA-1')",
        json!({}),
        json!("86f7e437faa5a7fce15d1ddcb9eaeaea377667b8"),
    );
    gives("$parse('{\"a\": [1]}')", json!({}), json!({"a": [1]}));
    gives("$now()", json!({}), json!("2024-05-06T07:08:09.000Z"));
    gives("$millis()", json!({}), json!(1_714_979_289_000_i64));
    gives("$now('[Y0001]-[M01]')", json!({}), json!("2024-05"));
    gives("$now('[H01]', '+0100')", json!({}), json!("08"));
    gives(
        "$fromMillis($millis())",
        json!({}),
        json!("2024-05-06T07:08:09.000Z"),
    );
    // Two draws in one evaluation differ.
    gives("$random() = $random()", json!({}), json!(false));
    gives("$random(42)", json!({}), json!(0.727_563_680_032_868_1));
    let r = run("$random()", json!({})).unwrap_or_default();
    assert!(r.as_f64().is_some_and(|f| (0.0..1.0).contains(&f)));
    let u = run("$uuid()", json!({})).unwrap_or_default();
    assert_eq!(u.as_str().map(str::len), Some(36));
    // Deterministic: the same seed gives the same uuid.
    assert_eq!(run("$uuid()", json!({})).unwrap_or_default(), u);
}

#[test]
fn undefined_and_errors_use_aws_wording() {
    fails(
        "$doesNotExist",
        "The JSONata expression '$doesNotExist' specified for the field 'Output' returned nothing (undefined).",
    );
    fails(
        "$randomSeeded(1)",
        "The JSONata expression '$randomSeeded(1)' specified for the field 'Output' threw an error during evaluation. T1006: Attempted to invoke a non-function",
    );
    fails(
        "$fn := function($x){$x}",
        "The JSONata expression '$fn := function($x){$x}' specified for the field 'Output' returned an unsupported result type.",
    );
}

#[test]
fn nested_fields_are_located() {
    let input = json!({});
    let context = json!({});
    let vars = Map::new();
    let mut rng = ChaCha20Rng::seed_from_u64(1);
    let mut env = Env::new(
        States::new(&input, &context),
        &vars,
        DateTime::UNIX_EPOCH,
        &mut rng,
    );
    let t = JsonataTemplate::compile(&json!({"a": [1, {"b": "{% $nope %}"}]}));
    let err = t.and_then(|t| {
        t.eval("Output", &mut env).map_err(|e| JsonataError {
            expr: String::new(),
            message: e.location.unwrap_or_default(),
        })
    });
    assert_eq!(err.map_err(|e| e.message), Err("Output/a[1]/b".to_owned()));
}

#[test]
fn only_whole_strings_are_templates() {
    assert_eq!(template_text("{% x %}"), Some(" x "));
    assert_eq!(template_text(" {% x %} "), None);
    assert_eq!(template_text("a {% x %}"), None);
    let raw = json!({"k": " {% states.input %} ", "l": ["$.x", 1, null]});
    let t = JsonataTemplate::compile(&raw);
    assert_eq!(t.map(|t| t.literal().cloned()), Ok(Some(raw)));
}

#[test]
fn invalid_expressions_are_reported() {
    let issues = check_template(&json!({"a": "{% a[1,2) %}", "b": "{% 1 %}"}));
    assert_eq!(issues.len(), 1);
    assert_eq!(issues[0].code, "INVALID_JSONATA_EXPRESSION");
    assert_eq!(issues[0].pointer, "/a");
    assert!(validate_template(&json!("{% $states.input %}")).is_ok());
}

#[test]
fn deep_nesting_does_not_overflow() {
    for open in ["(", "[", "{'a':", "-", "$f("] {
        let text = open.repeat(20_000);
        let _ = run(&text, json!({}));
    }
    let text = format!("{}1{}", "(".repeat(5_000), ")".repeat(5_000));
    let _ = run(&text, json!({}));
    let text = format!("{}1{}", "[".repeat(5_000), "]".repeat(5_000));
    let _ = run(&text, json!({}));
}

#[test]
fn top_level_references_are_refused() {
    let msgs = |t: &str| -> Vec<String> {
        check_template(&json!(format!("{{% {t} %}}")))
            .into_iter()
            .map(|i| i.to_string())
            .collect()
    };
    assert_eq!(
        msgs("phone"),
        vec!["UNSUPPORTED_JSONATA_EXPRESSION: Reference to 'phone' at the top level is not supported."]
    );
    assert_eq!(
        msgs("$$.a"),
        vec!["UNSUPPORTED_JSONATA_EXPRESSION: Reference to '$$' is not supported."]
    );
    assert!(msgs("$states.input.items[value > 3].name").is_empty());
    assert!(msgs("$states.input.a^(b).c").is_empty());
    assert!(msgs("$map($states.input.a, function($v){ $v.b })").is_empty());
    assert_eq!(msgs("$map($states.input.a, function($x){ b })").len(), 1);
    assert!(msgs("($x := 1; $x + $states.input.y)").is_empty());
}

/// Library errors are worded as jsonata-js 2.0.6 words them (quoted tokens), where the library
/// says enough to do so.
#[test]
fn library_errors_use_jsonata_js_wording() {
    let thrown = |t: &str, msg: &str| {
        fails(
            t,
            &format!("The JSONata expression '{t}' specified for the field 'Output' threw an error during evaluation. {msg}"),
        );
    };
    thrown(
        "1 + 'a'",
        "T2002: The right side of the \"+\" operator must evaluate to a number",
    );
    thrown(
        "'a' * 1",
        "T2001: The left side of the \"*\" operator must evaluate to a number",
    );
    thrown(
        "[1..'a']",
        "T2004: The right side of the range operator (..) must evaluate to an integer",
    );
    thrown(
        "$number('x')",
        "D3030: Unable to cast value to a number: \"x\"",
    );
    thrown("$error('boom')", "D3137: boom");
    thrown("$eval('1')", "T1006: Attempted to invoke a non-function"); // AWS disables $eval
    thrown(
        "$partition(1, 1)",
        "T0410: Argument 1 of function \"partition\" does not match function signature",
    );
}

/// Places where the library differed from jsonata-js and we follow jsonata-js.
#[test]
fn jsonata_js_behaviour() {
    gives("$encodeUrl('a b?x=é')", json!({}), json!("a%20b?x=%C3%A9"));
    gives("$count(null)", json!({}), json!(1));
    gives("$string(1e21)", json!({}), json!("1e+21"));
    gives("$string(1e20)", json!({}), json!("100000000000000000000"));
    gives("1/0", json!({}), json!("Infinity")); // AWS writes non-finite numbers as strings
    gives(
        "$states.input.a.b",
        json!({"a": [{"b": 1}, {"b": 2}]}),
        json!([1, 2]),
    );
}

#[test]
fn typed_fields_check_their_types() {
    let input = json!({"s": "x", "n": 1.5, "neg": -1, "arr": [1], "t": "2016-12-05T21:29:29Z"});
    let context = json!({});
    let vars = Map::new();
    let mut rng = ChaCha20Rng::seed_from_u64(1);
    let mut env = Env::new(
        States::new(&input, &context),
        &vars,
        DateTime::UNIX_EPOCH,
        &mut rng,
    );
    let t = |e: &str| JsonataTemplate::compile(&json!(format!("{{% {e} %}}")));
    let r = t("$states.input.s").map(|t| t.eval_integer("TimeoutSeconds", &mut env, 0, 99_999_999));
    assert_eq!(
        r.map(|r| r.map_err(|e| e.cause)),
        Ok(Err("The JSONata expression '$states.input.s' specified for the field 'TimeoutSeconds' returned an unexpected result type. Expected 'number', but was 'string' for value: \"x\"".to_owned()))
    );
    let r = t("$states.input.n").map(|t| t.eval_integer("Seconds", &mut env, 0, 99_999_999));
    assert_eq!(
        r.map(|r| r.map_err(|e| e.cause)),
        Ok(Err(
            "The Seconds field cannot be parsed as an integer: 1.5".to_owned()
        ))
    );
    let r = t("$states.input.neg").map(|t| t.eval_integer("Seconds", &mut env, 0, 99_999_999));
    assert_eq!(
        r.map(|r| r.map_err(|e| e.cause)),
        Ok(Err(
            "Seconds must be between 0 and 99999999 but was: -1".to_owned()
        ))
    );
    let r = t("$states.input.arr").map(|t| t.eval_array("Items", &mut env));
    assert_eq!(r.map(|r| r.map_err(|e| e.cause)), Ok(Ok(vec![json!(1)])));
    let r = t("$states.input.t").map(|t| t.eval_timestamp("Timestamp", &mut env).is_ok());
    assert_eq!(r, Ok(true));
    let r = t("$states.input.s = 'x'").map(|t| t.eval_bool("Condition", &mut env).is_ok_and(|b| b));
    assert_eq!(r, Ok(true));
}
