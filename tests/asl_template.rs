//! Payload templates: every recorded Pass state with `Parameters` (in any verified pure-ASL
//! execution, nested Map/Parallel states included) replayed from its recorded input to its
//! recorded output, byte for byte (key order included); plus one-line checks.

mod asl_support;

use asl_support::{replay_pass_states, rng, scope};
use passo::asl::template::Template;
use serde_json::{json, Value};

/// Recorded Pass-state evaluations that match byte for byte; the test fails below it.
const RECORDED_FLOOR: usize = 131;

#[test]
fn recorded_pass_parameters() {
    let (pass, fail) = replay_pass_states(|st| st["Parameters"].is_object());
    eprintln!("Pass states with Parameters: {pass} pass, {fail} fail");
    assert!(
        pass >= RECORDED_FLOOR || pass + fail == 0,
        "{pass} recorded evaluations match, below the floor {RECORDED_FLOOR}"
    );
}

// ---- one-line checks -------------------------------------------------------------------

fn eval(input: Value, template: Value) -> Result<Value, String> {
    let t = Template::compile(&template).map_err(|e| e.to_string())?;
    t.eval(
        &scope(&input, &json!({"Execution": {"Id": "x"}})),
        &mut rng(),
    )
    .map_err(|f| format!("{}: {}", f.error, f.cause))
}

/// Compares compact texts, so key order counts.
#[track_caller]
fn template_gives(input: Value, template: Value, want: Value) {
    let got = eval(input, template).map(|v| v.to_string());
    assert_eq!(got, Ok(want.to_string()));
}

#[track_caller]
fn template_fails(input: Value, template: Value, message: &str) {
    assert_eq!(eval(input, template), Err(message.to_owned()));
}

#[test]
fn compile_errors() {
    let e = Template::compile(&json!({"parsed.$": "States.StringToJson('\\\"')"}))
        .map_err(|e| e.message);
    assert_eq!(e, Err("The value for the field 'parsed.$' must be a valid JSONPath or a valid intrinsic function call".to_owned()));
    assert!(Template::compile(&json!({"a": {"b.$": "$.a["}})).is_err());
    assert!(Template::compile(&json!({"a.$": 1})).is_err());
    assert!(Template::compile(&json!({"a.$": "nope"})).is_err());
}

#[test]
fn key_order() {
    // Literal keys first (definition order), then `.$` keys in Java HashMap order.
    template_gives(
        json!({"x": 1}),
        json!({"z.$": "$.x", "b": 2, "a.$": "$.x", "a1": 3}),
        json!({"b": 2, "a1": 3, "a": 1, "z": 1}),
    );
    template_gives(
        json!({"x": 1}),
        json!({"n": [{"q.$": "$.x", "p": 0}]}),
        json!({"n": [{"p": 0, "q": 1}]}),
    );
}

#[test]
fn literals_and_paths() {
    template_gives(
        json!({"a": [1, 2, 3]}),
        json!({"all.$": "$.a[*]", "last.$": "$.a[-1]", "none.$": "$.a[?(@ > 5)]"}),
        json!({"all": [1, 2, 3], "last": 3, "none": []}),
    );
    template_gives(
        json!({}),
        json!({"ctx.$": "$$.Execution.Id", "lit": {"k": [null, true]}}),
        json!({"lit": {"k": [null, true]}, "ctx": "x"}),
    );
    template_gives(
        json!({}),
        json!({"u.$": "States.Array(1)"}),
        json!({"u": [1]}),
    );
}

#[test]
fn missing_path() {
    template_fails(json!({"a": 1}), json!({"value.$": "$.no"}), "States.Runtime: The JSONPath '$.no' specified for the field 'value.$' could not be found in the input '{\"a\":1}'");
    template_fails(json!({"a": 1}), json!({"v.$": "States.Array($.no)"}), "States.Runtime: The JSONPath '$.no' specified for the field 'v.$' could not be found in the input '{\"a\":1}'");
}
