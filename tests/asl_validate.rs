//! Static validation against the AWS recordings (read from `../shared`, never copied):
//! 1. every AWS-verified `definition_error` case answered with `InvalidDefinition` gets AWS's
//!    exact message from `check_for_type`;
//! 2. every `validate_definition` case gets AWS's response shape and content;
//! 3. no false rejections: every definition AWS ran in a verified `execution` case passes.
//!
//! The JSONPath and intrinsic parsers are written by other helpers; while they are still
//! placeholders (detected below), rejections caused only by path/intrinsic checks are reported
//! and not counted as failures.

use std::fs;
use std::path::PathBuf;

use passo::asl::error::Severity;
use passo::asl::intrinsics::Call;
use passo::asl::path::Path;
use passo::asl::validate;
use serde_json::Value;

/// The `cases` folder of the AWS recordings, found by walking up from the crate root.
fn cases_dir() -> Option<PathBuf> {
    let mut dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    loop {
        let candidate = dir.join("shared/conformance/aws-recordings/cases");
        if candidate.is_dir() {
            return Some(candidate);
        }
        if !dir.pop() {
            return None;
        }
    }
}

fn load_cases() -> Option<Vec<Value>> {
    let Some(dir) = cases_dir() else {
        println!("recordings not found (shared/conformance/aws-recordings); skipping");
        return None;
    };
    let mut paths: Vec<PathBuf> = fs::read_dir(&dir)
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    paths.sort();
    Some(
        paths
            .iter()
            .filter_map(|p| fs::read_to_string(p).ok())
            .filter_map(|t| serde_json::from_str(&t).ok())
            .collect(),
    )
}

fn verified(case: &Value) -> bool {
    case[concat!("verified_against", "_aws")] == Value::Bool(true)
}

/// The definition text the test sent: `definition_raw` when recorded, else the JSON.
fn definition_text(case: &Value) -> Option<String> {
    if let Some(raw) = case["definition_raw"].as_str() {
        return Some(raw.to_owned());
    }
    match &case["definition"] {
        Value::Null => None,
        v => serde_json::to_string(v).ok(),
    }
}

fn is_express(case: &Value) -> bool {
    case["request"]["type"] == "EXPRESS" || case["state_machine_type"] == "EXPRESS"
}

/// Whether the path and intrinsic parsers are still the skeleton's placeholders.
fn parsers_are_placeholders() -> bool {
    Call::parse("States.Array(1)").is_err() || Path::parse("$..a").is_err()
}

fn depends_on_parsers(message: &str) -> bool {
    message.contains("valid JSONPath")
        || message.contains("intrinsic function")
        || message.contains("reference path")
}

#[test]
fn definition_errors_match_aws() {
    let Some(cases) = load_cases() else { return };
    let (mut mine, mut matched, mut other_codes, mut pending) = (0, 0, 0, 0);
    for case in cases
        .iter()
        .filter(|c| c["kind"] == "definition_error" && verified(c))
    {
        let resp = &case["expected"]["response"];
        let (code, message) = if resp["Error"].is_object() {
            (
                resp["Error"]["Code"].as_str().unwrap_or(""),
                resp["Error"]["Message"].as_str().unwrap_or("").to_owned(),
            )
        } else {
            let value = resp["exception_value"].as_str().unwrap_or("");
            let message = value
                .split_once("operation: ")
                .map_or(value, |(_, m)| m)
                .to_owned();
            (resp["exception_typename"].as_str().unwrap_or(""), message)
        };
        if code != "InvalidDefinition" {
            other_codes += 1;
            continue;
        }
        mine += 1;
        let Some(text) = definition_text(case) else {
            continue;
        };
        match validate::check_for_type(&text, is_express(case)) {
            Err(e) if e.to_string() == message => matched += 1,
            Ok(_) if parsers_are_placeholders() && depends_on_parsers(&message) => pending += 1,
            Err(e) if parsers_are_placeholders() && depends_on_parsers(&message) => {
                if e.to_string().contains("valid JSONPath") {
                    pending += 1;
                } else {
                    println!("MISMATCH {}\n  want {message}\n  got  {e}", case["id"]);
                }
            }
            Err(e) => println!("MISMATCH {}\n  want {message}\n  got  {e}", case["id"]),
            Ok(_) => println!("ACCEPTED {}\n  want {message}", case["id"]),
        }
    }
    println!(
        "definition_error (InvalidDefinition, verified): {matched}/{mine} exact, {pending} \
         pending the path/intrinsic parsers; {other_codes} cases with other codes not ours"
    );
    assert!(
        matched >= 10,
        "exact InvalidDefinition messages fell to {matched}"
    );

    // Hints only: the unverified cases were recorded against an emulator, so their messages are
    // not AWS's; we only count how many definitions we reject too.
    let (mut hints, mut rejected) = (0, 0);
    for case in cases
        .iter()
        .filter(|c| c["kind"] == "definition_error" && !verified(c))
    {
        let Some(text) = definition_text(case) else {
            continue;
        };
        hints += 1;
        match validate::check_for_type(&text, is_express(case)) {
            Err(_) => rejected += 1,
            Ok(_) => println!("UNVERIFIED ACCEPTED {}", case["id"]),
        }
    }
    println!("unverified definition_error hints: {rejected}/{hints} rejected too");
    assert!(
        rejected >= 89,
        "rejected unverified hints fell to {rejected}"
    );
}

#[test]
fn validate_definition_responses_match_aws() {
    let Some(cases) = load_cases() else { return };
    let (mut total, mut matched) = (0, 0);
    for case in cases.iter().filter(|c| c["kind"] == "validate_definition") {
        total += 1;
        let text = definition_text(case).unwrap_or_default();
        let got = validate::validate_definition(&text, is_express(case), Severity::Error, 100);
        let mut want = case["expected"]["response"].clone();
        if let Some(o) = want.as_object_mut() {
            o.remove("ResponseMetadata");
        }
        if got.to_json() == want {
            matched += 1;
        } else {
            println!(
                "MISMATCH {}\n  want {want}\n  got  {}",
                case["id"],
                got.to_json()
            );
        }
    }
    println!("validate_definition: {matched}/{total} responses match");
    assert!(
        matched >= 12,
        "validate_definition matches fell to {matched}"
    );
}

#[test]
fn no_false_rejections_of_executed_definitions() {
    let Some(cases) = load_cases() else { return };
    let placeholders = parsers_are_placeholders();
    let (mut total, mut accepted, mut pending) = (0, 0, 0);
    for case in cases
        .iter()
        .filter(|c| c["kind"] == "execution" && verified(c))
    {
        let Some(text) = definition_text(case) else {
            continue;
        };
        total += 1;
        match validate::check_for_type(&text, is_express(case)) {
            Ok(_) => accepted += 1,
            Err(e)
                if placeholders && e.diagnostics.iter().all(|d| depends_on_parsers(&d.message)) =>
            {
                pending += 1;
                if std::env::var_os("PASSO_SHOW_PENDING").is_some() {
                    println!("PENDING {}\n  {e}", case["id"]);
                }
            }
            Err(e) => println!("REJECTED {}\n  {e}", case["id"]),
        }
    }
    println!(
        "executed definitions: {accepted}/{total} accepted, {pending} rejected only by \
         placeholder path/intrinsic parsers (pending the merge)"
    );
    assert_eq!(
        accepted + pending,
        total,
        "definitions AWS ran were rejected"
    );
    // 798 with the skeleton's placeholder parsers; all 917 once the real ones are merged
    // (measured with a trial merge of the jsonpath branch).
    let floor = if placeholders { 798 } else { 917 };
    assert!(
        accepted >= floor,
        "accepted executed definitions fell to {accepted}"
    );
}

/// Definitions AWS accepted in API sequences (CreateStateMachine / UpdateStateMachine steps
/// that did not answer with an error) pass too.
#[test]
fn no_false_rejections_in_api_sequences() {
    let Some(cases) = load_cases() else { return };
    let placeholders = parsers_are_placeholders();
    let (mut total, mut accepted, mut pending) = (0, 0, 0);
    for case in cases
        .iter()
        .filter(|c| c["kind"] == "api_sequence" && verified(c))
    {
        for step in case["steps"].as_array().into_iter().flatten() {
            let op = step["op"].as_str().unwrap_or("");
            if !matches!(op, "create_state_machine" | "update_state_machine") {
                continue;
            }
            let Some(text) = step["params"]["definition"].as_str() else {
                continue;
            };
            // A step without a recorded answer (null) tells us nothing.
            let expected = step["expected"].to_string();
            if step["expected"].is_null()
                || expected.contains("\"Error\"")
                || expected.contains("exception")
            {
                continue;
            }
            total += 1;
            let express = step["params"]["type"] == "EXPRESS";
            match validate::check_for_type(text, express) {
                Ok(_) => accepted += 1,
                Err(e)
                    if placeholders
                        && e.diagnostics.iter().all(|d| depends_on_parsers(&d.message)) =>
                {
                    pending += 1
                }
                Err(e) => println!("REJECTED {} ({op})\n  {e}", case["id"]),
            }
        }
    }
    println!("api_sequence definitions: {accepted}/{total} accepted, {pending} pending parsers");
    assert_eq!(
        accepted + pending,
        total,
        "definitions AWS accepted were rejected"
    );
    assert!(
        accepted >= 68,
        "accepted api_sequence definitions fell to {accepted}"
    );
}

/// TestState: lone states (`/States/StateName`) and whole machines are schema-checked; AWS's
/// `InvalidDefinition` answers match and the definitions it ran pass.
#[test]
fn test_state_definitions() {
    let Some(cases) = load_cases() else { return };
    let placeholders = parsers_are_placeholders();
    let (mut total, mut accepted, mut pending, mut errors, mut matched) = (0, 0, 0, 0, 0);
    for case in cases
        .iter()
        .filter(|c| c["kind"] == "test_state" && verified(c))
    {
        let Some(text) = definition_text(case) else {
            continue;
        };
        let whole = case["definition"]["States"].is_object();
        let got = if whole {
            let value: Value = serde_json::from_str(&text).unwrap_or_default();
            let diagnostics: Vec<_> = validate::schema_diagnostics(&value, false)
                .into_iter()
                .filter(|d| d.severity == Severity::Error)
                .collect();
            if diagnostics.is_empty() {
                Ok(())
            } else {
                Err(passo::asl::DefinitionError { diagnostics })
            }
        } else {
            validate::check_state(&text).map(|_| ())
        };
        let resp = &case["expected"]["response"];
        let want = resp["Error"]["Message"].as_str().unwrap_or("");
        if want.starts_with("Invalid State Machine Definition") {
            errors += 1;
            match got {
                Err(e) if e.to_string() == want => matched += 1,
                other => println!("MISMATCH {}\n  want {want}\n  got  {other:?}", case["id"]),
            }
            continue;
        }
        total += 1;
        match got {
            Ok(()) => accepted += 1,
            Err(e)
                if placeholders && e.diagnostics.iter().all(|d| depends_on_parsers(&d.message)) =>
            {
                pending += 1
            }
            Err(e) => println!("REJECTED {}\n  {e}", case["id"]),
        }
    }
    println!(
        "test_state: {matched}/{errors} InvalidDefinition messages exact; {accepted}/{total} \
         other definitions accepted, {pending} pending parsers"
    );
    assert_eq!(
        accepted + pending,
        total,
        "definitions AWS tested were rejected"
    );
    assert!(
        matched >= 2,
        "test_state InvalidDefinition matches fell to {matched}"
    );
}

/// One line per rule: a definition and what the validator must say about it. The messages AWS
/// is recorded giving are checked against the recordings above; here each documented problem is
/// triggered once, by code, location and (for our own wording) message.
mod rules {
    use passo::asl::error::Severity;
    use passo::asl::validate;
    use serde_json::{json, Value};

    /// A one-state machine around `state`.
    fn one(state: Value) -> String {
        json!({"StartAt": "S", "States": {"S": state}}).to_string()
    }

    /// `(code, location)` of every diagnostic, in order.
    fn found(def: &str, express: bool) -> Vec<(String, Option<String>, String)> {
        match validate::check_for_type(def, express) {
            Ok(_) => Vec::new(),
            Err(e) => e
                .diagnostics
                .into_iter()
                .map(|d| (d.code, d.location, d.message))
                .collect(),
        }
    }

    fn rejects(def: &str, code: &str, location: &str, message_part: &str) {
        let got = found(def, false);
        assert!(
            got.iter().any(|(c, l, m)| c == code
                && l.as_deref().unwrap_or("") == location
                && m.contains(message_part)),
            "{def}\n  expected {code} at {location} containing {message_part:?}\n  got {got:?}"
        );
    }

    /// A Choice machine whose one rule has `field: value` with `StringEquals`.
    fn choice_on(field: &str, value: Value) -> String {
        json!({"StartAt": "C", "States": {
            "C": {"Type": "Choice",
                  "Choices": [{field: value, "StringEquals": "x", "Next": "D"}]},
            "D": {"Type": "Succeed"}}})
        .to_string()
    }

    fn accepts(def: &str) {
        assert_eq!(found(def, false), Vec::new(), "{def}");
    }

    #[test]
    fn accepts_minimal_and_commented_definitions() {
        accepts(&one(json!({"Type": "Pass", "End": true, "Comment": "c"})));
        accepts(&one(json!({"Type": "Succeed"})));
        accepts(&one(json!({"Type": "Fail", "Error": "E", "Cause": "C"})));
        accepts(&one(
            json!({"Type": "Wait", "Timestamp": "2016-03-14T01:59:00Z", "End": true}),
        ));
        accepts(
            &json!({"QueryLanguage": "JSONata", "StartAt": "S", "States": {"S": {
                "Type": "Pass", "Output": "{% $states.input %}", "End": true}}})
            .to_string(),
        );
    }

    #[test]
    fn schema_problems() {
        rejects(
            &one(json!({"End": true})),
            "SCHEMA_VALIDATION_FAILED",
            "/States/S",
            "[Type]",
        );
        rejects(
            &one(json!({"Type": "Foo"})),
            "SCHEMA_VALIDATION_FAILED",
            "/States/S/Type",
            "Task, Wait",
        );
        rejects(
            &one(json!({"Type": "Pass", "End": true, "Foo": 1})),
            "SCHEMA_VALIDATION_FAILED",
            "/States/S",
            "Field 'Foo' is not supported",
        );
        rejects(
            &one(json!({"Type": "Pass"})),
            "SCHEMA_VALIDATION_FAILED",
            "/States/S",
            "[Next, End]",
        );
        rejects(
            &one(json!({"Type": "Pass", "End": true, "Next": "S"})),
            "SCHEMA_VALIDATION_FAILED",
            "/States/S",
            "[Next, End]",
        );
        rejects(
            &one(json!({"Type": "Wait", "End": true})),
            "SCHEMA_VALIDATION_FAILED",
            "/States/S",
            "Seconds",
        );
        rejects(
            &one(json!({"Type": "Wait", "Seconds": 1, "SecondsPath": "$.s", "End": true})),
            "SCHEMA_VALIDATION_FAILED",
            "/States/S",
            "Seconds",
        );
        rejects(
            &one(json!({"Type": "Wait", "Timestamp": "2016-12-05T21:29:29", "End": true})),
            "SCHEMA_VALIDATION_FAILED",
            "/States/S/Timestamp",
            "RFC3339",
        );
        rejects(
            &one(json!({"Type": "Fail", "Error": "E", "ErrorPath": "$.e"})),
            "SCHEMA_VALIDATION_FAILED",
            "/States/S",
            "[Error, ErrorPath]",
        );
        rejects(
            &one(json!({"Type": "Task", "End": true})),
            "SCHEMA_VALIDATION_FAILED",
            "/States/S",
            "[Resource]",
        );
        rejects(
            &one(
                json!({"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                "TimeoutSeconds": 0, "End": true}),
            ),
            "SCHEMA_VALIDATION_FAILED",
            "/States/S",
            "'TimeoutSeconds' must be a positive integer",
        );
        rejects(
            &one(
                json!({"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                "TimeoutSeconds": 5, "HeartbeatSeconds": 5, "End": true}),
            ),
            "SCHEMA_VALIDATION_FAILED",
            "/States/S",
            "HeartbeatSeconds",
        );
        rejects(
            &one(json!({"Type": "Task", "Resource": "lambda", "End": true})),
            "SCHEMA_VALIDATION_FAILED",
            "/States/S/Resource",
            "is not recognized",
        );
        rejects(
            &one(json!({"Type": "Parallel", "Branches": [], "End": true})),
            "SCHEMA_VALIDATION_FAILED",
            "/States/S/Branches",
            "Value cannot be empty",
        );
        rejects(
            &one(json!({"Type": "Map", "End": true})),
            "SCHEMA_VALIDATION_FAILED",
            "/States/S",
            "[ItemProcessor]",
        );
        rejects(
            &one(json!({"Type": "Map", "End": true, "ItemProcessor": {
                "ProcessorConfig": {"Mode": "FAST"}, "StartAt": "I",
                "States": {"I": {"Type": "Succeed"}}}})),
            "SCHEMA_VALIDATION_FAILED",
            "/States/S/ItemProcessor/ProcessorConfig/Mode",
            "INLINE, DISTRIBUTED",
        );
        rejects(
            &one(
                json!({"Type": "Map", "End": true, "Label": "a b", "ItemProcessor": {
                "StartAt": "I", "States": {"I": {"Type": "Succeed"}}}}),
            ),
            "INVALID_LABEL_NAME",
            "/States/S/Label",
            "'Label'",
        );
        rejects(
            &one(json!({"Type": "Pass", "End": true, "ResultPath": "a.b"})),
            "SCHEMA_VALIDATION_FAILED",
            "/States/S/ResultPath",
            "Value is not a Reference Path: Reference path didn't start with '$'",
        );
        // Indefinite: "not a Reference Path" with the real JSONPath parser, "not a valid
        // JSONPath" with the skeleton's.
        rejects(
            &one(json!({"Type": "Pass", "End": true, "ResultPath": "$.a[*]"})),
            "SCHEMA_VALIDATION_FAILED",
            "/States/S/ResultPath",
            "Value ",
        );
        rejects(
            &one(json!({"Type": "Pass", "End": true, "InputPath": "a.b"})),
            "SCHEMA_VALIDATION_FAILED",
            "/States/S/InputPath",
            "Value must be a valid JSONPath.",
        );
        rejects(
            &one(json!({"Type": "Pass", "End": true, "Parameters": {"a": {"b.$": 1}}})),
            "SCHEMA_VALIDATION_FAILED",
            "/States/S/Parameters/a",
            "'b.$'",
        );
        rejects(
            &json!({"StartAt": "S", "States": {"S".repeat(81): {"Type": "Succeed"}}})
                .to_string()
                .replace(
                    "\"StartAt\":\"S\"",
                    &format!("\"StartAt\":\"{}\"", "S".repeat(81)),
                ),
            "SCHEMA_VALIDATION_FAILED",
            &format!("/States/{}", "S".repeat(81)),
            "80 characters",
        );
        rejects(
            &json!({"StartAt": "S", "States": {}}).to_string(),
            "SCHEMA_VALIDATION_FAILED",
            "/States",
            "Value cannot be empty",
        );
        rejects(
            &json!({"StartAt": "S", "Foo": 1, "States": {"S": {"Type": "Succeed"}}}).to_string(),
            "SCHEMA_VALIDATION_FAILED",
            "/",
            "Field 'Foo' is not supported",
        );
    }

    #[test]
    fn retry_and_catch_problems() {
        let task = |extra: Value| {
            let mut s = json!({"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                "End": true});
            if let (Some(s), Some(e)) = (s.as_object_mut(), extra.as_object()) {
                s.extend(e.clone());
            }
            one(s)
        };
        rejects(
            &task(json!({"Retry": [{"ErrorEquals": ["States.ALL", "E"]}]})),
            "SCHEMA_VALIDATION_FAILED",
            "/States/S/Retry/0/ErrorEquals",
            "alone",
        );
        rejects(
            &task(json!({"Retry": [{"ErrorEquals": ["States.ALL"]}, {"ErrorEquals": ["E"]}]})),
            "SCHEMA_VALIDATION_FAILED",
            "/States/S/Retry/0",
            "last",
        );
        rejects(
            &task(json!({"Retry": [{"ErrorEquals": []}]})),
            "SCHEMA_VALIDATION_FAILED",
            "/States/S/Retry/0/ErrorEquals",
            "Value cannot be empty",
        );
        rejects(
            &task(json!({"Retry": [{"ErrorEquals": ["E"], "BackoffRate": 0.5}]})),
            "SCHEMA_VALIDATION_FAILED",
            "/States/S/Retry/0",
            "BackoffRate",
        );
        rejects(
            &task(json!({"Catch": [{"ErrorEquals": ["E"]}]})),
            "SCHEMA_VALIDATION_FAILED",
            "/States/S/Catch/0",
            "[Next]",
        );
    }

    #[test]
    fn choice_rule_problems() {
        let choice = |rule: Value| {
            json!({"StartAt": "C", "States": {
                "C": {"Type": "Choice", "Choices": [rule], "Default": "D"},
                "D": {"Type": "Succeed"}}})
            .to_string()
        };
        rejects(
            &choice(json!({"Variable": "$.a", "StringEquals": "x"})),
            "SCHEMA_VALIDATION_FAILED",
            "/States/C/Choices/0",
            "[Next]",
        );
        rejects(
            &choice(json!({"Variable": "$.a", "Next": "D"})),
            "SCHEMA_VALIDATION_FAILED",
            "/States/C/Choices/0",
            "exactly one comparison operator",
        );
        rejects(
            &choice(json!({"StringEquals": "x", "Next": "D"})),
            "SCHEMA_VALIDATION_FAILED",
            "/States/C/Choices/0",
            "[Variable]",
        );
        rejects(
            &choice(json!({"Variable": "$.a", "NumericEquals": "1", "Next": "D"})),
            "SCHEMA_VALIDATION_FAILED",
            "/States/C/Choices/0",
            "'NumericEquals' must be a number",
        );
        rejects(
            &choice(json!({"And": [], "Next": "D"})),
            "SCHEMA_VALIDATION_FAILED",
            "/States/C/Choices/0/And",
            "Value cannot be empty",
        );
        rejects(
            &choice(json!({"Not": {"Variable": "$.a", "IsNull": true, "Next": "D"}, "Next": "D"})),
            "SCHEMA_VALIDATION_FAILED",
            "/States/C/Choices/0/Not",
            "Field 'Next' is not supported",
        );
        rejects(
            &choice(json!({"Variable": "$.a", "TimestampEquals": "yesterday", "Next": "D"})),
            "SCHEMA_VALIDATION_FAILED",
            "/States/C/Choices/0/TimestampEquals",
            "RFC3339",
        );
    }

    #[test]
    fn graph_problems() {
        let def = json!({"StartAt": "A", "States": {
            "A": {"Type": "Pass", "Next": "Nowhere"},
            "B": {"Type": "Succeed"}}})
        .to_string();
        let got = found(&def, false);
        let codes: Vec<(&str, Option<&str>)> = got
            .iter()
            .map(|(c, l, _)| (c.as_str(), l.as_deref()))
            .collect();
        assert_eq!(
            codes,
            vec![
                ("MISSING_TRANSITION_TARGET", Some("/States/A/Next")),
                ("MISSING_TRANSITION_TARGET", Some("/States/B")),
            ]
        );
        rejects(
            &json!({"StartAt": "X", "States": {"A": {"Type": "Succeed"}}}).to_string(),
            "MISSING_TRANSITION_TARGET",
            "/StartAt",
            "X",
        );
        // Unreachable means named by nothing: with StartAt pointing nowhere, the state that A
        // leads to is not reported.
        let def = json!({"StartAt": "X", "States": {
            "A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Succeed"}}})
        .to_string();
        let locations: Vec<Option<String>> =
            found(&def, false).into_iter().map(|(_, l, _)| l).collect();
        assert_eq!(
            locations,
            [Some("/StartAt".to_owned()), Some("/States/A".to_owned())]
        );
        rejects(
            &choice_on("Variable", json!("Test")),
            "SCHEMA_VALIDATION_FAILED",
            "/States/C/Choices/0/Variable",
            "Value is not a Reference Path: Reference path didn't start with '$'",
        );
        rejects(
            &json!({"StartAt": "A", "States": {
                "A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Pass", "Next": "A"}}})
            .to_string(),
            "MISSING_END_STATE",
            "",
            "terminal",
        );
        let branch = json!({"StartAt": "X", "States": {"X": {"Type": "Succeed"}}});
        rejects(
            &one(json!({"Type": "Parallel", "Branches": [branch, branch], "End": true})),
            "DUPLICATE_STATE_NAME",
            "/States/S/Branches/1/States/X",
            "X",
        );
    }

    #[test]
    fn express_limits() {
        let task = |resource: &str| one(json!({"Type": "Task", "Resource": resource, "End": true}));
        for resource in [
            "arn:aws:states:us-east-1:111111111111:activity:a",
            "arn:aws:states:::states:startExecution.sync:2",
            "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
        ] {
            let got = found(&task(resource), true);
            assert!(
                got.iter().any(|(c, l, m)| c == "SCHEMA_VALIDATION_FAILED"
                    && l.as_deref() == Some("/States/S/Resource")
                    && m.starts_with("Express state machine does not support")),
                "{resource}: {got:?}"
            );
            assert_eq!(found(&task(resource), false), Vec::new(), "{resource}");
        }
    }

    #[test]
    fn warnings_do_not_fail() {
        let def = json!({"StartAt": "P", "States": {
            "P": {"Type": "Pass", "Result": {"a.$": "$.x"}, "Parameters": {"b": "$.y"},
                  "Next": "F"},
            "F": {"Type": "Fail", "Error": "$.e"}}})
        .to_string();
        assert!(validate::check(&def).is_ok());
        let all = validate::validate_definition(&def, false, Severity::Warning, 100);
        let codes: Vec<&str> = all.diagnostics.iter().map(|d| d.code.as_str()).collect();
        assert_eq!(codes, ["NO_DOLLAR", "PASS_RESULT_IS_STATIC", "NO_PATH"]);
        // Errors come before warnings.
        let bad = def.replace("\"Next\":\"F\"", "\"Next\":\"Nowhere\"");
        let mixed = validate::validate_definition(&bad, false, Severity::Warning, 100);
        assert_eq!(mixed.result(), "FAIL");
        assert_eq!(
            mixed.diagnostics.first().map(|d| d.severity),
            Some(Severity::Error)
        );
        assert_eq!(all.result(), "OK");
        let errors = validate::validate_definition(&def, false, Severity::Error, 100);
        assert!(errors.diagnostics.is_empty());
        let one = validate::validate_definition(&def, false, Severity::Warning, 1);
        assert!(one.truncated);
    }

    #[test]
    fn several_problems_are_all_listed_in_one_message() {
        let def = json!({"StartAt": "A", "States": {
            "A": {"Type": "Pass", "Foo": 1},
            "B": {"Type": "Bar"}}})
        .to_string();
        let err = validate::check(&def).expect_err("invalid");
        assert_eq!(err.diagnostics.len(), 3);
        let text = err.to_string();
        assert!(text.starts_with("Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: "));
        assert_eq!(
            text.matches(", SCHEMA_VALIDATION_FAILED: ").count(),
            2,
            "{text}"
        );
    }
}

mod properties {
    use passo::asl::validate;
    use proptest::prelude::*;
    use serde_json::{json, Map, Value};

    fn arb_json() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(|n| json!(n)),
            any::<f64>()
                .prop_filter("finite", |f| f.is_finite())
                .prop_map(|f| json!(f)),
            // Words ASL gives meaning to, so the walker goes deep.
            prop::sample::select(vec![
                "Type",
                "Pass",
                "Task",
                "Choice",
                "Map",
                "Parallel",
                "Wait",
                "Fail",
                "Succeed",
                "$",
                "$.a",
                "$$.Execution",
                "States.ALL",
                "A",
                "B",
                "Next",
                "End",
                "JSONata",
                "{% 1 %}",
                "2016-03-14T01:59:00Z",
                "arn:aws:states:::lambda:invoke",
            ])
            .prop_map(|s| json!(s)),
            ".*".prop_map(Value::String),
        ];
        leaf.prop_recursive(5, 64, 8, |inner| {
            let keys = prop::sample::select(vec![
                "Type",
                "Next",
                "End",
                "StartAt",
                "States",
                "Choices",
                "Variable",
                "StringEquals",
                "And",
                "Not",
                "Default",
                "Branches",
                "ItemProcessor",
                "Iterator",
                "Retry",
                "Catch",
                "ErrorEquals",
                "Parameters",
                "a.$",
                "Seconds",
                "Timestamp",
                "ResultPath",
                "Resource",
                "QueryLanguage",
                "A",
                "B",
            ]);
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                prop::collection::vec((keys, inner), 0..6).prop_map(|kv| {
                    let m: Map<String, Value> =
                        kv.into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
                    Value::Object(m)
                }),
            ]
        })
    }

    /// Whether `check` reported a JSON syntax error.
    fn syntax_error(text: &str) -> bool {
        validate::check(text).is_err_and(|e| {
            e.diagnostics
                .iter()
                .any(|d| d.code == "INVALID_JSON_DESCRIPTION")
        })
    }

    proptest! {
        /// Our Jackson-like scanner and serde agree on what is JSON: text serde reads as a
        /// JSON value is never a syntax error, and a cut or an inserted character is caught
        /// whenever serde (reading the first value only, as Jackson does) rejects it.
        #[test]
        fn scanner_agrees_with_serde(v in arb_json(), cut in any::<prop::sample::Index>(),
                                     ch in prop::sample::select(vec!['{', '}', '[', ']', ',', ':', '"', 'x', '1', ' ', '\\'])) {
            let text = json!({"StartAt": "A", "v": v}).to_string();
            prop_assert!(!syntax_error(&text), "{}", text);
            let at = cut.index(text.len() + 1);
            if text.is_char_boundary(at) {
                let mut mutated = text.clone();
                mutated.insert(at, ch);
                let first = serde_json::Deserializer::from_str(&mutated)
                    .into_iter::<Value>()
                    .next();
                let serde_ok = matches!(first, Some(Ok(_)));
                prop_assert_eq!(!syntax_error(&mutated), serde_ok, "{}", mutated);
                let truncated = text.get(..at).unwrap_or_default();
                let first = serde_json::Deserializer::from_str(truncated)
                    .into_iter::<Value>()
                    .next();
                if truncated.trim().is_empty() {
                    prop_assert!(!syntax_error(truncated));
                } else {
                    prop_assert_eq!(!syntax_error(truncated), matches!(first, Some(Ok(_))), "{}", truncated);
                }
            }
        }

        #[test]
        fn check_never_panics_on_text(text in ".*") {
            let _ = validate::check(&text);
            let _ = validate::check_state(&text);
            let _ = validate::validate_definition(&text, true, passo::asl::error::Severity::Warning, 3);
        }

        #[test]
        fn check_never_panics_on_json(v in arb_json()) {
            let _ = validate::diagnostics(&v);
            let _ = validate::check_for_type(&v.to_string(), true);
            let machine = json!({"StartAt": "A", "States": {"A": v.clone(), "B": v}});
            let _ = validate::diagnostics(&machine);
        }
    }
}
