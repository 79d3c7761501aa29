//! The Step Functions Local `MockConfigFile` format, accepted verbatim:
//!
//! ```json
//! {"StateMachines": {"<machine name>": {"TestCases": {"<case>": {"<state>": "<response>"}}}},
//!  "MockedResponses": {"<response>": {"0": {"Return": {}}, "1-2": {"Throw": {"Error": "E", "Cause": "C"}}}}}
//! ```
//!
//! Owns parsing and lookup only; which execution runs which test case is the dispatcher's
//! business ([`super::Integrations`]). Every malformed file is a typed [`MockConfigError`].

use std::collections::HashMap;

use serde_json::{Map, Value};

/// What a mocked Task answers on one invocation.
#[derive(Debug, Clone, PartialEq)]
pub enum MockResponse {
    /// The task's result (for `.waitForTaskToken`, the callback's output).
    Return(Value),
    /// The task fails with this error and cause.
    Throw {
        error: String,
        cause: Option<String>,
    },
}

/// One mocked response: its answers by invocation range, in file order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MockedResponse {
    /// `(first, last, answer)`, both bounds inclusive: `"0"` is `(0, 0)`, `"1-2"` is `(1, 2)`.
    pub ranges: Vec<(u32, u32, MockResponse)>,
}

impl MockedResponse {
    /// The answer for the `n`-th invocation (0-based) of the state, if the file covers it.
    pub fn at(&self, n: u32) -> Option<&MockResponse> {
        self.ranges
            .iter()
            .find(|(a, b, _)| *a <= n && n <= *b)
            .map(|(_, _, r)| r)
    }
}

/// A parsed MockConfigFile.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MockConfig {
    /// machine name → test case → state name → response name.
    pub state_machines: HashMap<String, HashMap<String, HashMap<String, String>>>,
    pub responses: HashMap<String, MockedResponse>,
}

/// Why a mock file was refused.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum MockConfigError {
    /// `{`
    #[error("the mock config is not JSON: {0}")]
    NotJson(String),
    /// `[]`, or `{"StateMachines": 1}`
    #[error("the mock config's {0} must be an object")]
    NotObject(String),
    /// `{"StateMachines": {"M": {"TestCases": {"C": {"S": 1}}}}}`
    #[error("in the mock config, {0} must name a mocked response (a string)")]
    NotAName(String),
    /// `{"StateMachines": {"M": {"TestCases": {"C": {"S": "missing"}}}}}`
    #[error("in the mock config, {0} names the mocked response '{1}', which MockedResponses does not define")]
    UnknownResponse(String, String),
    /// `{"MockedResponses": {"R": {"x": {"Return": 1}}}}`, or `"2-1"`
    #[error("in the mock config, '{1}' in the mocked response '{0}' is not an invocation index like \"0\" or \"1-2\"")]
    BadRange(String, String),
    /// `{"MockedResponses": {"R": {"0": {}}}}`
    #[error("in the mock config, the mocked response '{0}' at '{1}' needs exactly one of Return or Throw")]
    BadAnswer(String, String),
    /// `{"MockedResponses": {"R": {"0": {"Throw": {"Cause": "c"}}}}}`
    #[error("in the mock config, the Throw of the mocked response '{0}' at '{1}' needs an Error string (and an optional Cause string)")]
    BadThrow(String, String),
}

impl MockConfig {
    /// Parses the text of a MockConfigFile.
    pub fn parse(text: &str) -> Result<MockConfig, MockConfigError> {
        let value: Value =
            serde_json::from_str(text).map_err(|e| MockConfigError::NotJson(e.to_string()))?;
        MockConfig::from_value(&value)
    }

    /// Reads a MockConfigFile from a JSON value.
    pub fn from_value(value: &Value) -> Result<MockConfig, MockConfigError> {
        let root = object(value, "top level")?;
        let mut responses = HashMap::new();
        if let Some(r) = root.get("MockedResponses") {
            for (name, ranges) in object(r, "MockedResponses")? {
                responses.insert(name.clone(), mocked_response(name, ranges)?);
            }
        }
        let mut state_machines = HashMap::new();
        if let Some(sms) = root.get("StateMachines") {
            for (machine, spec) in object(sms, "StateMachines")? {
                let spec = object(spec, &format!("state machine '{machine}'"))?;
                let mut cases = HashMap::new();
                if let Some(tc) = spec.get("TestCases") {
                    for (case, states) in object(tc, &format!("TestCases of '{machine}'"))? {
                        let where_ = format!("test case '{case}' of '{machine}'");
                        let mut mapping = HashMap::new();
                        for (state, response) in object(states, &where_)? {
                            let at = format!("state '{state}' in {where_}");
                            let Some(response) = response.as_str() else {
                                return Err(MockConfigError::NotAName(at));
                            };
                            if !responses.contains_key(response) {
                                return Err(MockConfigError::UnknownResponse(
                                    at,
                                    response.to_owned(),
                                ));
                            }
                            mapping.insert(state.clone(), response.to_owned());
                        }
                        cases.insert(case.clone(), mapping);
                    }
                }
                state_machines.insert(machine.clone(), cases);
            }
        }
        Ok(MockConfig {
            state_machines,
            responses,
        })
    }

    /// The mocked response of `state` in test case `case` of the machine `machine`, if any.
    pub fn response_for(&self, machine: &str, case: &str, state: &str) -> Option<&MockedResponse> {
        let name = self.state_machines.get(machine)?.get(case)?.get(state)?;
        self.responses.get(name)
    }

    /// Whether the machine defines this test case.
    pub fn has_case(&self, machine: &str, case: &str) -> bool {
        self.state_machines
            .get(machine)
            .is_some_and(|c| c.contains_key(case))
    }
}

fn object<'a>(v: &'a Value, what: &str) -> Result<&'a Map<String, Value>, MockConfigError> {
    v.as_object()
        .ok_or_else(|| MockConfigError::NotObject(what.to_owned()))
}

fn mocked_response(name: &str, v: &Value) -> Result<MockedResponse, MockConfigError> {
    let mut out = MockedResponse::default();
    for (key, answer) in object(v, &format!("mocked response '{name}'"))? {
        let bad_range = || MockConfigError::BadRange(name.to_owned(), key.clone());
        let (a, b) = match key.split_once('-') {
            Some((a, b)) => (a, b),
            None => (key.as_str(), key.as_str()),
        };
        let a: u32 = a.trim().parse().map_err(|_| bad_range())?;
        let b: u32 = b.trim().parse().map_err(|_| bad_range())?;
        if b < a {
            return Err(bad_range());
        }
        let bad_answer = || MockConfigError::BadAnswer(name.to_owned(), key.clone());
        let answer = answer.as_object().ok_or_else(bad_answer)?;
        let response = match (answer.get("Return"), answer.get("Throw")) {
            (Some(r), None) => MockResponse::Return(r.clone()),
            (None, Some(t)) => {
                let bad_throw = || MockConfigError::BadThrow(name.to_owned(), key.clone());
                let t = t.as_object().ok_or_else(bad_throw)?;
                let error = t
                    .get("Error")
                    .and_then(Value::as_str)
                    .ok_or_else(bad_throw)?;
                let cause = match t.get("Cause") {
                    None | Some(Value::Null) => None,
                    Some(Value::String(c)) => Some(c.clone()),
                    Some(_) => return Err(bad_throw()),
                };
                MockResponse::Throw {
                    error: error.to_owned(),
                    cause,
                }
            }
            _ => return Err(bad_answer()),
        };
        out.ranges.push((a, b, response));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn ranges_pick_the_invocation() {
        let c = MockConfig::from_value(&json!({
            "StateMachines": {"M": {"TestCases": {"C": {"S": "R"}}}},
            "MockedResponses": {"R": {
                "0": {"Throw": {"Error": "E", "Cause": "c"}},
                "1-2": {"Return": {"ok": 1}}
            }}
        }))
        .unwrap();
        let r = c.response_for("M", "C", "S").unwrap();
        assert!(matches!(r.at(0), Some(MockResponse::Throw { error, .. }) if error == "E"));
        assert_eq!(r.at(2), Some(&MockResponse::Return(json!({"ok": 1}))));
        assert_eq!(r.at(3), None);
        assert!(c.response_for("M", "C", "Other").is_none());
    }

    #[test]
    fn malformed_files_are_typed_errors() {
        let cases = [
            ("{", "NotJson"),
            ("[]", "NotObject"),
            (
                r#"{"StateMachines": {"M": {"TestCases": {"C": {"S": 1}}}}}"#,
                "NotAName",
            ),
            (
                r#"{"StateMachines": {"M": {"TestCases": {"C": {"S": "x"}}}}}"#,
                "UnknownResponse",
            ),
            (
                r#"{"MockedResponses": {"R": {"x": {"Return": 1}}}}"#,
                "BadRange",
            ),
            (
                r#"{"MockedResponses": {"R": {"2-1": {"Return": 1}}}}"#,
                "BadRange",
            ),
            (r#"{"MockedResponses": {"R": {"0": {}}}}"#, "BadAnswer"),
            (
                r#"{"MockedResponses": {"R": {"0": {"Throw": {"Cause": "c"}}}}}"#,
                "BadThrow",
            ),
        ];
        for (text, want) in cases {
            let err = MockConfig::parse(text).unwrap_err();
            assert!(format!("{err:?}").starts_with(want), "{text}: {err:?}");
        }
    }
}
