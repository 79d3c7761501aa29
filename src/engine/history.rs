//! History event details, shaped exactly as AWS writes them (README section 5 of the recordings):
//! one `<camelCaseType>EventDetails` object per event, all `*StateEntered`/`*StateExited` sharing
//! `stateEnteredEventDetails`/`stateExitedEventDetails`.
//!
//! Owns the detail objects' keys and key order. Must not decide ids or previousEventIds: the
//! execution does.

use serde_json::{json, Map, Value};

use crate::store::EventDetails;

/// Details of an event: the member name and its object.
pub type Details = Option<EventDetails>;

/// Details from a member name and its object.
fn det((key, value): (String, Value)) -> Details {
    Some(EventDetails::json(key, value))
}

/// An object with these members in this order. Built directly (not through `json!`, which
/// goes through `Serialize` for every member): every state writes two of these.
fn obj<const N: usize>(members: [(&str, Value); N]) -> Value {
    let mut m = Map::with_capacity(N);
    for (k, v) in members {
        m.insert(k.to_owned(), v);
    }
    Value::Object(m)
}

/// A prebuilt object whose first members are filled per event: cloning it copies the key
/// table instead of hashing every key again (the per-state events are the hot path).
struct Shape(std::sync::LazyLock<Value>);

impl Shape {
    /// The shape with its first `N` members set to `values` (the rest keep the shape's).
    fn fill<const N: usize>(&self, values: [Value; N]) -> Value {
        let mut v = Value::clone(&self.0);
        if let Value::Object(m) = &mut v {
            for (slot, value) in m.values_mut().zip(values) {
                *slot = value;
            }
        }
        v
    }
}

static MAP_ITERATION: Shape = Shape(std::sync::LazyLock::new(|| {
    obj([("index", Value::Null), ("name", Value::Null)])
}));

fn text(s: &str) -> Value {
    Value::String(s.to_owned())
}

fn truncated() -> Value {
    obj([("truncated", Value::Bool(false))])
}

pub fn execution_started(input_text: &str, role_arn: &str) -> Details {
    det((
        "executionStartedEventDetails".to_owned(),
        obj([
            ("input", text(input_text)),
            ("inputDetails", truncated()),
            ("roleArn", text(role_arn)),
        ]),
    ))
}

pub fn execution_succeeded(output: &str) -> Details {
    det((
        "executionSucceededEventDetails".to_owned(),
        obj([("output", text(output)), ("outputDetails", truncated())]),
    ))
}

/// `error`/`cause` pairs omit empty members, as AWS does.
fn error_cause(error: Option<&str>, cause: Option<&str>) -> Value {
    let mut m = Map::new();
    if let Some(e) = error.filter(|e| !e.is_empty()) {
        m.insert("error".to_owned(), Value::String(e.to_owned()));
    }
    if let Some(c) = cause.filter(|c| !c.is_empty()) {
        m.insert("cause".to_owned(), Value::String(c.to_owned()));
    }
    Value::Object(m)
}

pub fn execution_failed(error: Option<&str>, cause: Option<&str>) -> Details {
    det((
        "executionFailedEventDetails".to_owned(),
        error_cause(error, cause),
    ))
}

pub fn execution_aborted(error: Option<&str>, cause: Option<&str>) -> Details {
    det((
        "executionAbortedEventDetails".to_owned(),
        error_cause(error, cause),
    ))
}

pub fn execution_timed_out(error: Option<&str>, cause: Option<&str>) -> Details {
    det((
        "executionTimedOutEventDetails".to_owned(),
        error_cause(error, cause),
    ))
}

/// `<Type>StateEntered` / `<Type>StateExited` for a state type name (`Pass`, `Map`, ...),
/// without formatting a new string per state.
pub fn state_event_type(type_name: &str, entered: bool) -> std::borrow::Cow<'static, str> {
    let known = match (type_name, entered) {
        ("Pass", true) => "PassStateEntered",
        ("Pass", false) => "PassStateExited",
        ("Succeed", true) => "SucceedStateEntered",
        ("Succeed", false) => "SucceedStateExited",
        ("Fail", true) => "FailStateEntered",
        ("Fail", false) => "FailStateExited",
        ("Wait", true) => "WaitStateEntered",
        ("Wait", false) => "WaitStateExited",
        ("Choice", true) => "ChoiceStateEntered",
        ("Choice", false) => "ChoiceStateExited",
        ("Parallel", true) => "ParallelStateEntered",
        ("Parallel", false) => "ParallelStateExited",
        ("Map", true) => "MapStateEntered",
        ("Map", false) => "MapStateExited",
        ("Task", true) => "TaskStateEntered",
        ("Task", false) => "TaskStateExited",
        (other, entered) => {
            let suffix = if entered { "Entered" } else { "Exited" };
            return format!("{other}State{suffix}").into();
        }
    };
    known.into()
}

/// `*StateEntered`; takes the input text by value (it is built for this event alone).
pub fn state_entered(name: &str, input_text: String) -> Details {
    Some(EventDetails::StateEntered {
        name: name.to_owned(),
        input: input_text,
    })
}

pub fn state_exited(name: &str, output_text: &str) -> Details {
    Some(EventDetails::StateExited {
        name: name.to_owned(),
        output: output_text.to_owned(),
    })
}

/// `*StateExited` for a state with `Assign`: each variable's value as compact JSON text.
pub fn state_exited_assigned(
    name: &str,
    output_text: &str,
    assigned: &Map<String, Value>,
) -> Details {
    let vars: Map<String, Value> = assigned
        .iter()
        .map(|(k, v)| {
            (
                k.clone(),
                Value::String(serde_json::to_string(v).unwrap_or_default()),
            )
        })
        .collect();
    det((
        "stateExitedEventDetails".to_owned(),
        obj([
            ("name", text(name)),
            ("output", text(output_text)),
            ("outputDetails", truncated()),
            ("assignedVariables", Value::Object(vars)),
            ("assignedVariablesDetails", truncated()),
        ]),
    ))
}

pub fn map_state_started(length: usize) -> Details {
    det((
        "mapStateStartedEventDetails".to_owned(),
        obj([("length", Value::from(length))]),
    ))
}

/// `MapIterationStarted` / `Succeeded` / `Failed` / `Aborted`.
pub fn map_iteration(kind: &str, index: usize, map_name: &str) -> Details {
    let key = match kind {
        "Started" => "mapIterationStartedEventDetails".to_owned(),
        "Succeeded" => "mapIterationSucceededEventDetails".to_owned(),
        "Failed" => "mapIterationFailedEventDetails".to_owned(),
        "Aborted" => "mapIterationAbortedEventDetails".to_owned(),
        other => format!("mapIteration{other}EventDetails"),
    };
    det((
        key,
        MAP_ITERATION.fill([Value::from(index), text(map_name)]),
    ))
}

/// `TaskScheduled`: timeout/heartbeat only when set.
pub fn task_scheduled(
    resource: &str,
    resource_type: &str,
    region: &str,
    parameters_text: &str,
    timeout: Option<u64>,
    heartbeat: Option<u64>,
) -> Details {
    let mut m = Map::new();
    m.insert("resourceType".to_owned(), Value::from(resource_type));
    m.insert("resource".to_owned(), Value::from(resource));
    m.insert("region".to_owned(), Value::from(region));
    m.insert("parameters".to_owned(), Value::from(parameters_text));
    if let Some(t) = timeout {
        m.insert("timeoutInSeconds".to_owned(), Value::from(t));
    }
    if let Some(h) = heartbeat {
        m.insert("heartbeatInSeconds".to_owned(), Value::from(h));
    }
    det(("taskScheduledEventDetails".to_owned(), Value::Object(m)))
}

/// `TaskScheduled` of a Task with `Credentials`: `taskCredentials` names the role assumed.
pub fn with_task_credentials(details: Details, role_arn: Option<&Value>) -> Details {
    let (key, mut v) = details?.into_parts();
    if let (Some(role), Value::Object(m)) = (role_arn, &mut v) {
        m.insert("taskCredentials".to_owned(), json!({ "roleArn": role }));
    }
    det((key, v))
}

pub fn task_started(resource: &str, resource_type: &str) -> Details {
    det((
        "taskStartedEventDetails".to_owned(),
        obj([
            ("resourceType", text(resource_type)),
            ("resource", text(resource)),
        ]),
    ))
}

pub fn task_succeeded(resource: &str, resource_type: &str, output_text: &str) -> Details {
    det((
        "taskSucceededEventDetails".to_owned(),
        obj([
            ("resourceType", text(resource_type)),
            ("resource", text(resource)),
            ("output", text(output_text)),
            ("outputDetails", truncated()),
        ]),
    ))
}

pub fn task_submitted(resource: &str, resource_type: &str, output_text: &str) -> Details {
    det((
        "taskSubmittedEventDetails".to_owned(),
        obj([
            ("resourceType", text(resource_type)),
            ("resource", text(resource)),
            ("output", text(output_text)),
            ("outputDetails", truncated()),
        ]),
    ))
}

pub fn task_failed(
    resource: &str,
    resource_type: &str,
    error: &str,
    cause: Option<&str>,
) -> Details {
    let mut m = Map::new();
    m.insert("resourceType".to_owned(), Value::from(resource_type));
    m.insert("resource".to_owned(), Value::from(resource));
    if let Value::Object(ec) = error_cause(Some(error), cause) {
        m.extend(ec);
    }
    det(("taskFailedEventDetails".to_owned(), Value::Object(m)))
}

pub fn task_timed_out(
    resource: &str,
    resource_type: &str,
    error: &str,
    cause: Option<&str>,
) -> Details {
    let mut m = Map::new();
    m.insert("resourceType".to_owned(), Value::from(resource_type));
    m.insert("resource".to_owned(), Value::from(resource));
    if let Value::Object(ec) = error_cause(Some(error), cause) {
        m.extend(ec);
    }
    det(("taskTimedOutEventDetails".to_owned(), Value::Object(m)))
}

pub fn lambda_scheduled(resource: &str, input_text: &str, timeout: Option<u64>) -> Details {
    let mut m = Map::new();
    m.insert("resource".to_owned(), Value::from(resource));
    m.insert("input".to_owned(), Value::from(input_text));
    m.insert("inputDetails".to_owned(), truncated());
    if let Some(t) = timeout {
        m.insert("timeoutInSeconds".to_owned(), Value::from(t));
    }
    det((
        "lambdaFunctionScheduledEventDetails".to_owned(),
        Value::Object(m),
    ))
}

/// `ActivityStarted`: the worker's name, or an empty details object when it gave none.
pub fn activity_started(worker_name: Option<&str>) -> Details {
    let mut m = Map::new();
    if let Some(w) = worker_name {
        m.insert("workerName".to_owned(), json!(w));
    }
    det(("activityStartedEventDetails".to_owned(), Value::Object(m)))
}

/// `ActivityScheduled`: like `LambdaFunctionScheduled`, plus `heartbeatInSeconds` when set.
pub fn activity_scheduled(
    resource: &str,
    input_text: &str,
    timeout: Option<u64>,
    heartbeat: Option<u64>,
) -> Details {
    let (_, mut v) = lambda_scheduled(resource, input_text, timeout)?.into_parts();
    if let (Some(hb), Value::Object(m)) = (heartbeat, &mut v) {
        m.insert("heartbeatInSeconds".to_owned(), json!(hb));
    }
    det(("activityScheduledEventDetails".to_owned(), v))
}

pub fn lambda_succeeded(output_text: &str) -> Details {
    det((
        "lambdaFunctionSucceededEventDetails".to_owned(),
        obj([
            ("output", text(output_text)),
            ("outputDetails", truncated()),
        ]),
    ))
}

pub fn lambda_failed(error: &str, cause: Option<&str>) -> Details {
    det((
        "lambdaFunctionFailedEventDetails".to_owned(),
        error_cause(Some(error), cause),
    ))
}

pub fn lambda_timed_out(error: &str, cause: Option<&str>) -> Details {
    det((
        "lambdaFunctionTimedOutEventDetails".to_owned(),
        error_cause(Some(error), cause),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn state_event_types_match_the_formatted_names() {
        for t in [
            "Pass", "Succeed", "Fail", "Wait", "Choice", "Parallel", "Map", "Task", "Other",
        ] {
            assert_eq!(state_event_type(t, true), format!("{t}StateEntered"));
            assert_eq!(state_event_type(t, false), format!("{t}StateExited"));
        }
    }

    #[test]
    fn details_keep_aws_member_order() {
        let (key, v) = state_entered("S", "{}".to_owned())
            .expect("details")
            .into_parts();
        assert_eq!(key, "stateEnteredEventDetails");
        let keys: Vec<&str> = v
            .as_object()
            .expect("object")
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(keys, ["name", "input", "inputDetails"]);
        assert_eq!(v["inputDetails"], serde_json::json!({"truncated": false}));
        assert_eq!(v["input"], "{}");
        let (_, v) = state_exited("S", "[1]").expect("details").into_parts();
        assert_eq!(
            v,
            serde_json::json!({"name": "S", "output": "[1]", "outputDetails": {"truncated": false}})
        );
        for kind in ["Started", "Succeeded", "Failed", "Aborted"] {
            let (key, v) = map_iteration(kind, 3, "M").expect("details").into_parts();
            assert_eq!(key, format!("mapIteration{kind}EventDetails"));
            assert_eq!(v, serde_json::json!({"index": 3, "name": "M"}));
        }
    }
}
