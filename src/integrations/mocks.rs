//! passo's own mock format, for what the Step Functions Local MockConfigFile cannot say:
//!
//! ```json
//! {"Mocks": [
//!   {"State": "Send", "Resource": "sqs:sendMessage", "StateMachine": "Orders",
//!    "When": {"Path": "$.MessageBody.id", "Equals": 7},
//!    "Responses": [
//!      {"Throw": {"Error": "SQS.ThrottlingException", "Cause": "slow down"}},
//!      {"Default": true, "DelaySeconds": 2}
//!    ]},
//!   {"Resource": "sqs:sendMessage.waitForTaskToken",
//!    "Response": {"Callback": {"AfterSeconds": 30, "Success": {"approved": true}}}}
//! ]}
//! ```
//!
//! - selectors, all optional, all must hold: `State` (state name), `Resource` (the whole ARN, its
//!   tail such as `sqs:sendMessage` or a function name), `StateMachine` (machine name), `When`
//!   (on the task's effective parameters: `{"Equals": v}`, `{"Path": "$.x", "Equals": v}`,
//!   `{"Path": "$.x", "Exists": true}`);
//! - `Responses` is a sequence over the matching invocations of an execution, its last answer
//!   repeating (`Response` is a sequence of one);
//! - an answer is one of `Return` (the result), `Throw` (`Error`, `Cause`), `Default` (the
//!   service-shaped answer of [`default_answer`]), `Callback` (`AfterSeconds`, then `Success`
//!   with the output or `Failure` with `Error`/`Cause`, as a token sent back after that much
//!   virtual time); `DelaySeconds` delays any answer in virtual time.
//!
//! Owns parsing, matching and the default answers; which mocks apply to which execution is the
//! dispatcher's business. Every malformed file is a typed [`MocksError`].

use chrono::Duration;
use md5::Digest;
use serde_json::{json, Map, Value};

use super::arn::{Integration, Pattern};
use crate::asl::path::Path;
use crate::engine::{TaskOutcome, TaskRequest};

/// Why a mock file was refused.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum MocksError {
    #[error("the mock file is not JSON: {0}")]
    NotJson(String),
    #[error("the mock file needs a \"Mocks\" array")]
    NoMocks,
    #[error("mock {0}: {1}")]
    Bad(usize, String),
}

/// A condition on the task's effective parameters.
#[derive(Debug, Clone)]
pub enum Condition {
    Equals(Option<Path>, Value),
    Exists(Path, bool),
}

/// One answer of a mock.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    Return(Value),
    Throw {
        error: String,
        cause: Option<String>,
    },
    Default,
    /// The token comes back after `after` (virtual time) with this outcome.
    Callback {
        after: Duration,
        outcome: Box<Answer>,
    },
}

/// One mock: selectors and its answers.
#[derive(Debug, Clone)]
pub struct Mock {
    pub state: Option<String>,
    pub resource: Option<String>,
    pub state_machine: Option<String>,
    pub when: Option<Condition>,
    /// `(answer, delay)`, in sequence; the last repeats.
    pub responses: Vec<(Answer, Duration)>,
}

/// A parsed mock file (or a set registered through the control API).
#[derive(Debug, Clone, Default)]
pub struct MockSet {
    pub mocks: Vec<Mock>,
}

fn seconds(v: &Value, what: &str) -> Result<Duration, String> {
    let s = v
        .as_f64()
        .filter(|s| s.is_finite() && *s >= 0.0 && *s <= 3.2e9)
        .ok_or_else(|| format!("{what} must be a number of seconds >= 0"))?;
    Ok(Duration::milliseconds((s * 1000.0).round() as i64))
}

fn throw(v: &Value) -> Result<Answer, String> {
    let error = v
        .get("Error")
        .and_then(Value::as_str)
        .ok_or("a Throw or Failure needs an Error string")?;
    let cause = match v.get("Cause") {
        None | Some(Value::Null) => None,
        Some(Value::String(c)) => Some(c.clone()),
        Some(_) => return Err("Cause must be a string".to_owned()),
    };
    Ok(Answer::Throw {
        error: error.to_owned(),
        cause,
    })
}

fn answer(v: &Value) -> Result<(Answer, Duration), String> {
    let o = v.as_object().ok_or("each response must be an object")?;
    let delay = match o.get("DelaySeconds") {
        Some(d) => seconds(d, "DelaySeconds")?,
        None => Duration::zero(),
    };
    let kinds: Vec<&str> = ["Return", "Throw", "Default", "Callback"]
        .into_iter()
        .filter(|k| o.contains_key(*k))
        .collect();
    if kinds.len() != 1 {
        return Err(
            "each response needs exactly one of Return, Throw, Default, Callback".to_owned(),
        );
    }
    let a = match kinds[0] {
        "Return" => Answer::Return(o["Return"].clone()),
        "Throw" => throw(&o["Throw"])?,
        "Default" => Answer::Default,
        _ => {
            let c = &o["Callback"];
            let after = match c.get("AfterSeconds") {
                Some(d) => seconds(d, "AfterSeconds")?,
                None => Duration::zero(),
            };
            let outcome = match (c.get("Success"), c.get("Failure")) {
                (Some(s), None) => Answer::Return(s.clone()),
                (None, Some(f)) => throw(f)?,
                _ => return Err("a Callback needs exactly one of Success, Failure".to_owned()),
            };
            Answer::Callback {
                after,
                outcome: Box::new(outcome),
            }
        }
    };
    Ok((a, delay))
}

fn condition(v: &Value) -> Result<Condition, String> {
    let o = v.as_object().ok_or("When must be an object")?;
    let path = match o.get("Path") {
        None => None,
        Some(Value::String(p)) => {
            Some(Path::parse(p).map_err(|e| format!("When.Path '{p}' is not a JSONPath: {e:?}"))?)
        }
        Some(_) => return Err("When.Path must be a string".to_owned()),
    };
    match (o.get("Equals"), o.get("Exists"), path) {
        (Some(v), None, path) => Ok(Condition::Equals(path, v.clone())),
        (None, Some(Value::Bool(b)), Some(path)) => Ok(Condition::Exists(path, *b)),
        _ => Err(
            "When needs Equals (with an optional Path), or Path with Exists: true|false".to_owned(),
        ),
    }
}

fn opt_string(o: &Map<String, Value>, key: &str) -> Result<Option<String>, String> {
    match o.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(format!("{key} must be a string")),
    }
}

impl MockSet {
    pub fn parse(text: &str) -> Result<MockSet, MocksError> {
        let v: Value =
            serde_json::from_str(text).map_err(|e| MocksError::NotJson(e.to_string()))?;
        MockSet::from_value(&v)
    }

    pub fn from_value(v: &Value) -> Result<MockSet, MocksError> {
        let list = v
            .get("Mocks")
            .and_then(Value::as_array)
            .ok_or(MocksError::NoMocks)?;
        let mut mocks = Vec::new();
        for (i, m) in list.iter().enumerate() {
            let bad = |e: String| MocksError::Bad(i, e);
            let o = m
                .as_object()
                .ok_or_else(|| bad("must be an object".to_owned()))?;
            let responses = match (o.get("Responses"), o.get("Response")) {
                (Some(Value::Array(rs)), None) if !rs.is_empty() => rs
                    .iter()
                    .map(answer)
                    .collect::<Result<Vec<_>, _>>()
                    .map_err(bad)?,
                (None, Some(r)) => vec![answer(r).map_err(bad)?],
                _ => {
                    return Err(bad(
                        "needs Responses (a non-empty array) or Response (one answer)".to_owned(),
                    ))
                }
            };
            mocks.push(Mock {
                state: opt_string(o, "State").map_err(bad)?,
                resource: opt_string(o, "Resource").map_err(bad)?,
                state_machine: opt_string(o, "StateMachine").map_err(bad)?,
                when: o.get("When").map(condition).transpose().map_err(bad)?,
                responses,
            });
        }
        Ok(MockSet { mocks })
    }

    /// The index of the first mock that matches this Task.
    pub fn find(&self, req: &TaskRequest, machine: &str) -> Option<usize> {
        self.mocks.iter().position(|m| m.matches(req, machine))
    }
}

impl Mock {
    fn matches(&self, req: &TaskRequest, machine: &str) -> bool {
        if self.state.as_deref().is_some_and(|s| s != req.state_name)
            || self.state_machine.as_deref().is_some_and(|s| s != machine)
        {
            return false;
        }
        if let Some(r) = &self.resource {
            let tail = format!(":{r}");
            let action = super::arn::parse(&req.resource)
                .ok()
                .and_then(|i| i.service_action());
            if req.resource != *r && !req.resource.ends_with(&tail) && action.as_ref() != Some(r) {
                return false;
            }
        }
        match &self.when {
            None => true,
            Some(Condition::Equals(None, v)) => req.parameters == *v,
            Some(Condition::Equals(Some(p), v)) => {
                p.select_in(&req.parameters).is_ok_and(|got| got == *v)
            }
            Some(Condition::Exists(p, want)) => p.select_in(&req.parameters).is_ok() == *want,
        }
    }

    /// The task's outcome on its `n`-th matching invocation (0-based).
    pub fn outcome(&self, req: &TaskRequest, n: u32) -> TaskOutcome {
        let i = (n as usize).min(self.responses.len().saturating_sub(1));
        let Some((a, delay)) = self.responses.get(i) else {
            return TaskOutcome::Failed {
                error: crate::engine::task::NO_INTEGRATION_ERROR.to_owned(),
                cause: Some("passo: the mock has no response".to_owned()),
            };
        };
        let integration = super::arn::parse(&req.resource).ok();
        let pattern = integration
            .as_ref()
            .map(Integration::pattern)
            .unwrap_or(Pattern::RequestResponse);
        let submitted = || default_answer(integration.as_ref(), req, n);
        let plain = |a: &Answer| match a {
            Answer::Return(v) => TaskOutcome::Succeeded(v.clone()),
            Answer::Throw { error, cause } => TaskOutcome::Failed {
                error: error.clone(),
                cause: cause.clone(),
            },
            _ => TaskOutcome::Succeeded(submitted()),
        };
        let outcome = match a {
            Answer::Callback { after, outcome } => {
                let later = TaskOutcome::After(*after, Box::new(plain(outcome)));
                if pattern.submits() {
                    TaskOutcome::Submitted(submitted(), Box::new(later))
                } else {
                    later
                }
            }
            // The answer stands for the whole call (a `.sync` job, a callback): AWS writes
            // TaskSubmitted first, with the service's answer to the request.
            other if pattern.submits() => {
                TaskOutcome::Submitted(submitted(), Box::new(plain(other)))
            }
            other => plain(other),
        };
        if *delay > Duration::zero() {
            TaskOutcome::After(*delay, Box::new(outcome))
        } else {
            outcome
        }
    }
}

/// A deterministic UUID for a mocked answer (the same task and invocation, the same id).
fn uuid_for(req: &TaskRequest, n: u32, salt: &str) -> String {
    let mut h = sha2::Sha256::new();
    sha2::Digest::update(&mut h, req.execution_arn.as_bytes());
    sha2::Digest::update(&mut h, req.state_name.as_bytes());
    sha2::Digest::update(&mut h, n.to_le_bytes());
    sha2::Digest::update(&mut h, req.attempt.to_le_bytes());
    sha2::Digest::update(&mut h, salt.as_bytes());
    let digest = sha2::Digest::finalize(h);
    let mut b = [0u8; 16];
    b.copy_from_slice(&digest[..16]);
    uuid::Builder::from_random_bytes(b).into_uuid().to_string()
}

/// The SDK metadata optimised integrations add to a service's answer.
fn with_metadata(mut answer: Map<String, Value>, request_id: &str) -> Value {
    let len = Value::Object(answer.clone()).to_string().len().to_string();
    answer.insert(
        "SdkHttpMetadata".into(),
        json!({
            "AllHttpHeaders": {
                "x-amzn-RequestId": [request_id],
                "Content-Length": [len],
                "Content-Type": ["application/x-amz-json-1.0"],
            },
            "HttpHeaders": {
                "Content-Length": len,
                "Content-Type": "application/x-amz-json-1.0",
                "x-amzn-RequestId": request_id,
            },
            "HttpStatusCode": 200,
        }),
    );
    answer.insert(
        "SdkResponseMetadata".into(),
        json!({ "RequestId": request_id }),
    );
    // AWS's answers list their fields alphabetically.
    answer.sort_keys();
    Value::Object(answer)
}

/// What a service answers a well-formed request, shaped as Step Functions hands it to the task:
/// SQS sendMessage (`MD5OfMessageBody`, `MessageId`), SNS publish (`MessageId`), DynamoDB
/// getItem (`Item`: the key's attributes), putItem/deleteItem/updateItem (`{}`), EventBridge
/// putEvents (one `EventId` per entry), Lambda invoke (the `Payload` envelope with `StatusCode`
/// 200, echoing the request's `Payload`), a Lambda function ARN (its input); `{}` otherwise.
pub fn default_answer(integration: Option<&Integration>, req: &TaskRequest, n: u32) -> Value {
    let p = &req.parameters;
    let request_id = uuid_for(req, n, "request");
    let Some(integration) = integration else {
        return json!({});
    };
    match integration {
        Integration::LambdaFunction { .. } => p.clone(),
        Integration::Activity { .. } | Integration::AwsSdk { .. } => json!({}),
        Integration::Optimised {
            service, action, ..
        } => {
            let mut m = Map::new();
            match (service.as_str(), action.as_str()) {
                ("sqs", "sendMessage") => {
                    let body = match p.get("MessageBody") {
                        Some(Value::String(s)) => s.clone(),
                        Some(v) => crate::asl::io::to_text(v),
                        None => String::new(),
                    };
                    let md5 = md5::Md5::digest(body.as_bytes());
                    let hex: String = md5.iter().map(|b| format!("{b:02x}")).collect();
                    m.insert("MD5OfMessageBody".into(), json!(hex));
                    m.insert("MessageId".into(), json!(uuid_for(req, n, "message")));
                }
                ("sns", "publish") => {
                    m.insert("MessageId".into(), json!(uuid_for(req, n, "message")));
                }
                ("dynamodb", "getItem") => {
                    m.insert(
                        "Item".into(),
                        p.get("Key").cloned().unwrap_or_else(|| json!({})),
                    );
                }
                ("events", "putEvents") => {
                    let count = p
                        .get("Entries")
                        .and_then(Value::as_array)
                        .map_or(1, Vec::len);
                    let entries: Vec<Value> = (0..count)
                        .map(|i| json!({"EventId": uuid_for(req, n, &format!("event{i}"))}))
                        .collect();
                    m.insert("Entries".into(), json!(entries));
                    m.insert("FailedEntryCount".into(), json!(0));
                    return Value::Object(m);
                }
                ("lambda", "invoke") => {
                    m.insert("ExecutedVersion".into(), json!("$LATEST"));
                    m.insert(
                        "Payload".into(),
                        p.get("Payload").cloned().unwrap_or(Value::Null),
                    );
                    m.insert("StatusCode".into(), json!(200));
                }
                ("states", "startExecution") => return started_execution(req, n, &request_id),
                ("dynamodb", _) => {}
                _ => return json!({}),
            }
            with_metadata(m, &request_id)
        }
    }
}

/// What a mocked `states:startExecution` (any pattern) answered when it started the child:
/// its ARN (under the `Name` given, or a UUID) and the state's entered time as its start.
fn started_execution(req: &TaskRequest, n: u32, request_id: &str) -> Value {
    let p = &req.parameters;
    let machine = p
        .get("StateMachineArn")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let name = p
        .get("Name")
        .and_then(Value::as_str)
        .map_or_else(|| uuid_for(req, n, "execution"), str::to_owned);
    // arn:<partition>:states:<region>:<account>:stateMachine:<machine>[:<version or alias>]
    let parts: Vec<&str> = machine.split(':').collect();
    let execution_arn = match parts.get(..7) {
        Some([a, partition, service, region, account, _, sm]) => {
            format!("{a}:{partition}:{service}:{region}:{account}:execution:{sm}:{name}")
        }
        _ => format!("{machine}:{name}"),
    };
    let start = req
        .context
        .pointer("/State/EnteredTime")
        .and_then(Value::as_str)
        .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
        .map(|t| t.with_timezone(&chrono::Utc))
        .unwrap_or_default();
    let body = json!({
        "executionArn": execution_arn,
        "startDate": start.timestamp_millis() as f64 / 1000.0,
    });
    super::nested::submitted_answer(&execution_arn, start, request_id, body.to_string().len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(resource: &str, params: Value) -> TaskRequest {
        TaskRequest {
            execution_arn: "arn:aws:states:us-east-1:1:execution:M:e".into(),
            state_machine_arn: "arn:aws:states:us-east-1:1:stateMachine:M".into(),
            state_name: "S".into(),
            resource: resource.into(),
            parameters: params,
            timeout_seconds: None,
            heartbeat_seconds: None,
            attempt: 0,
            task_token: None,
            context: json!({}),
            region: "us-east-1".into(),
        }
    }

    #[test]
    fn matching_and_sequences() {
        let set = MockSet::from_value(&json!({"Mocks": [
            {"Resource": "sqs:sendMessage", "When": {"Path": "$.MessageBody.id", "Equals": 7},
             "Responses": [{"Throw": {"Error": "E"}}, {"Return": 1}]},
            {"State": "S", "Response": {"Default": true}}
        ]}))
        .unwrap();
        let hit = req(
            "arn:aws:states:::sqs:sendMessage",
            json!({"MessageBody": {"id": 7}}),
        );
        let miss = req(
            "arn:aws:states:::sqs:sendMessage",
            json!({"MessageBody": {"id": 8}}),
        );
        assert_eq!(set.find(&hit, "M"), Some(0));
        assert_eq!(set.find(&miss, "M"), Some(1));
        let m = &set.mocks[0];
        assert!(matches!(m.outcome(&hit, 0), TaskOutcome::Failed { error, .. } if error == "E"));
        assert!(matches!(m.outcome(&hit, 5), TaskOutcome::Succeeded(v) if v == json!(1)));
    }

    #[test]
    fn sqs_default_has_the_body_md5() {
        let r = req(
            "arn:aws:states:::sqs:sendMessage",
            json!({"QueueUrl": "q", "MessageBody": "hello"}),
        );
        let a = default_answer(parse(&r).as_ref(), &r, 0);
        assert_eq!(a["MD5OfMessageBody"], "5d41402abc4b2a76b9719d911017c592");
        assert_eq!(a["MessageId"].as_str().map(str::len), Some(36));
        assert_eq!(a, default_answer(parse(&r).as_ref(), &r, 0));
    }

    fn parse(r: &TaskRequest) -> Option<Integration> {
        super::super::arn::parse(&r.resource).ok()
    }

    #[test]
    fn malformed_files_are_typed_errors() {
        for (text, want) in [
            ("{", "NotJson"),
            ("{}", "NoMocks"),
            (r#"{"Mocks": [{}]}"#, "Bad"),
            (
                r#"{"Mocks": [{"Response": {"Return": 1, "Throw": {"Error": "E"}}}]}"#,
                "Bad",
            ),
            (
                r#"{"Mocks": [{"Response": {"Callback": {"AfterSeconds": -1, "Success": 1}}}]}"#,
                "Bad",
            ),
            (
                r#"{"Mocks": [{"When": {"Path": "$[", "Equals": 1}, "Response": {"Default": true}}]}"#,
                "Bad",
            ),
        ] {
            let err = MockSet::parse(text).unwrap_err();
            assert!(format!("{err:?}").starts_with(want), "{text}: {err:?}");
        }
    }
}
