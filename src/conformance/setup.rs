//! The setup a `definition_error` case needs from earlier in the same recorded test: a
//! `CreateStateMachine` that AWS rejected because the test had already created a state machine
//! under that name. The failing call's case does not carry that first call; the test's
//! `api_sequence` recording (`<test>#api`, next to it) does, so the runner replays it first.
//!
//! Owns finding those earlier calls. Must not call the emulator or special-case a case id: any
//! case whose test recording shows earlier creates under the same name gets them replayed.

use std::path::PathBuf;

use serde_json::{Map, Value};

use super::case::Case;

/// The test's `api_sequence` recording (`<test>#api`), when it sits next to `case`.
fn sibling_api_case(case: &Case) -> Option<Case> {
    let test = case.id.split('#').next()?;
    let file = format!("{test}_api.json");
    let path: PathBuf = case.path.parent()?.join(file);
    let text = std::fs::read_to_string(&path).ok()?;
    let sibling = Case::parse(&path, &text).ok()?;
    (sibling.id == format!("{test}#api") && sibling.kind == "api_sequence").then_some(sibling)
}

/// What the test recording says about a rejected `CreateStateMachine`.
#[derive(Debug, Default, PartialEq)]
pub struct Setup {
    /// The parameters of the creates the same test made under that name before (and did not
    /// delete since), in order.
    pub creates: Vec<Map<String, Value>>,
    /// The rejected call's definition exactly as sent (the case keeps it parsed, which loses
    /// its formatting; AWS compares definition texts byte for byte), when it is the same JSON.
    pub definition_text: Option<String>,
}

/// The setup of a rejected create: empty when the case is not one, or its test recording is
/// absent or shows no earlier create under that name.
pub fn for_case(case: &Case) -> Setup {
    let creates = earlier_creates(case);
    if creates.is_empty() {
        return Setup::default();
    }
    Setup {
        creates,
        definition_text: rejected_definition_text(case),
    }
}

/// The exact definition text of the rejected create in the test recording, if it parses to
/// the case's definition.
fn rejected_definition_text(case: &Case) -> Option<String> {
    let name = case.get("request")?.get("name")?.as_str()?;
    let sibling = sibling_api_case(case)?;
    let step = sibling.get("steps")?.as_array()?.iter().find(|s| {
        s.get("op").and_then(Value::as_str) == Some("create_state_machine")
            && s.get("expect_error").and_then(Value::as_bool) == Some(true)
            && s.get("params")
                .and_then(|p| p.get("name"))
                .and_then(Value::as_str)
                == Some(name)
    })?;
    let text = step.get("params")?.get("definition")?.as_str()?;
    let parsed: Value = serde_json::from_str(text).ok()?;
    (Some(&parsed) == case.get("definition")).then(|| text.to_owned())
}

/// The parameters of the `create_state_machine` calls the same test made, under the name the
/// failing call uses, before AWS rejected a create under that name (and not deleted since).
/// Empty when the case is not a rejected create or the test recording is absent.
fn earlier_creates(case: &Case) -> Vec<Map<String, Value>> {
    if case.str_field("api") != Some("create_state_machine") {
        return Vec::new();
    }
    let Some(name) = case
        .get("request")
        .and_then(|r| r.get("name"))
        .and_then(Value::as_str)
    else {
        return Vec::new();
    };
    let Some(sibling) = sibling_api_case(case) else {
        return Vec::new();
    };
    let steps = sibling
        .get("steps")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let mut creates = Vec::new();
    for step in &steps {
        if step.get("service").and_then(Value::as_str) != Some("stepfunctions") {
            continue;
        }
        let params = step.get("params").and_then(Value::as_object);
        let named = |key: &str| {
            params
                .and_then(|p| p.get(key))
                .and_then(Value::as_str)
                .is_some_and(|v| v == name || v.ends_with(&format!(":stateMachine:{name}")))
        };
        let failed = step.get("expect_error").and_then(Value::as_bool) == Some(true);
        match step.get("op").and_then(Value::as_str) {
            Some("create_state_machine") if named("name") => {
                if failed {
                    // The rejected create this case records: what came before is the setup.
                    return creates;
                }
                if let Some(p) = params {
                    creates.push(p.clone());
                }
            }
            Some("delete_state_machine") if named("stateMachineArn") => creates.clear(),
            _ => {}
        }
    }
    // No rejected create under that name in the test recording: nothing to replay.
    Vec::new()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn write(dir: &std::path::Path, file: &str, v: &Value) -> PathBuf {
        let p = dir.join(file);
        std::fs::write(&p, v.to_string()).expect("write case");
        p
    }

    #[test]
    fn replays_the_creates_before_the_rejected_one() {
        let dir = tempfile::tempdir().expect("temp dir");
        let create = |def: &str, fail: bool| {
            json!({"service": "stepfunctions", "op": "create_state_machine",
                   "params": {"name": "sm", "definition": def, "roleArn": "r"},
                   "expect_error": fail})
        };
        write(
            dir.path(),
            "t.T.test_x_api.json",
            &json!({"id": "t.T.test_x#api", "kind": "api_sequence", "steps": [
                create("A", false),
                {"service": "stepfunctions", "op": "describe_state_machine", "params": {}},
                create("{\n  \"B\": 1\n}", true),
            ]}),
        );
        let case_v = json!({"id": "t.T.test_x#definition_error:already_exists_1",
            "kind": "definition_error", "api": "create_state_machine",
            "request": {"name": "sm", "roleArn": "r"}, "definition": {"B": 1}});
        let path = write(dir.path(), "t.T.test_x_definition_error.json", &case_v);
        let case = Case::parse(&path, &case_v.to_string()).expect("case");
        let setup = for_case(&case);
        assert_eq!(setup.creates.len(), 1);
        assert_eq!(setup.creates[0]["definition"], "A");
        assert_eq!(setup.definition_text.as_deref(), Some("{\n  \"B\": 1\n}"));
    }

    #[test]
    fn nothing_without_the_test_recording() {
        let dir = tempfile::tempdir().expect("temp dir");
        let case_v = json!({"id": "t.T.test_y#definition_error:e", "kind": "definition_error",
            "api": "create_state_machine", "request": {"name": "sm"}});
        let path = write(dir.path(), "c.json", &case_v);
        let case = Case::parse(&path, &case_v.to_string()).expect("case");
        assert_eq!(for_case(&case), Setup::default());
    }
}
