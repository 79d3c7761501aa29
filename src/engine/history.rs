//! History event details, shaped exactly as AWS writes them (README section 5 of the recordings):
//! one `<camelCaseType>EventDetails` object per event, all `*StateEntered`/`*StateExited` sharing
//! `stateEnteredEventDetails`/`stateExitedEventDetails`.
//!
//! Owns the detail objects' keys and key order. Must not decide ids or previousEventIds: the
//! execution does.

use serde_json::{json, Map, Value};

/// Details of an event: the member name and its object.
pub type Details = Option<(String, Value)>;

fn truncated() -> Value {
    json!({"truncated": false})
}

pub fn execution_started(input_text: &str, role_arn: &str) -> Details {
    Some((
        "executionStartedEventDetails".to_owned(),
        json!({"input": input_text, "inputDetails": truncated(), "roleArn": role_arn}),
    ))
}

pub fn execution_succeeded(output: &str) -> Details {
    Some((
        "executionSucceededEventDetails".to_owned(),
        json!({"output": output, "outputDetails": truncated()}),
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
    Some((
        "executionFailedEventDetails".to_owned(),
        error_cause(error, cause),
    ))
}

pub fn execution_aborted(error: Option<&str>, cause: Option<&str>) -> Details {
    Some((
        "executionAbortedEventDetails".to_owned(),
        error_cause(error, cause),
    ))
}

pub fn execution_timed_out(error: Option<&str>, cause: Option<&str>) -> Details {
    Some((
        "executionTimedOutEventDetails".to_owned(),
        error_cause(error, cause),
    ))
}

pub fn state_entered(name: &str, input_text: &str) -> Details {
    Some((
        "stateEnteredEventDetails".to_owned(),
        json!({"name": name, "input": input_text, "inputDetails": truncated()}),
    ))
}

pub fn state_exited(name: &str, output_text: &str) -> Details {
    Some((
        "stateExitedEventDetails".to_owned(),
        json!({"name": name, "output": output_text, "outputDetails": truncated()}),
    ))
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
    Some((
        "stateExitedEventDetails".to_owned(),
        json!({"name": name, "output": output_text, "outputDetails": truncated(),
               "assignedVariables": vars, "assignedVariablesDetails": truncated()}),
    ))
}

pub fn map_state_started(length: usize) -> Details {
    Some((
        "mapStateStartedEventDetails".to_owned(),
        json!({"length": length}),
    ))
}

/// `MapIterationStarted` / `Succeeded` / `Failed` / `Aborted`.
pub fn map_iteration(kind: &str, index: usize, map_name: &str) -> Details {
    Some((
        format!("mapIteration{kind}EventDetails"),
        json!({"index": index, "name": map_name}),
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
    m.insert("resourceType".to_owned(), json!(resource_type));
    m.insert("resource".to_owned(), json!(resource));
    m.insert("region".to_owned(), json!(region));
    m.insert("parameters".to_owned(), json!(parameters_text));
    if let Some(t) = timeout {
        m.insert("timeoutInSeconds".to_owned(), json!(t));
    }
    if let Some(h) = heartbeat {
        m.insert("heartbeatInSeconds".to_owned(), json!(h));
    }
    Some(("taskScheduledEventDetails".to_owned(), Value::Object(m)))
}

/// `TaskScheduled` of a Task with `Credentials`: `taskCredentials` names the role assumed.
pub fn with_task_credentials(details: Details, role_arn: Option<&Value>) -> Details {
    let (key, mut v) = details?;
    if let (Some(role), Value::Object(m)) = (role_arn, &mut v) {
        m.insert("taskCredentials".to_owned(), json!({ "roleArn": role }));
    }
    Some((key, v))
}

pub fn task_started(resource: &str, resource_type: &str) -> Details {
    Some((
        "taskStartedEventDetails".to_owned(),
        json!({"resourceType": resource_type, "resource": resource}),
    ))
}

pub fn task_succeeded(resource: &str, resource_type: &str, output_text: &str) -> Details {
    Some((
        "taskSucceededEventDetails".to_owned(),
        json!({"resourceType": resource_type, "resource": resource, "output": output_text, "outputDetails": truncated()}),
    ))
}

pub fn task_submitted(resource: &str, resource_type: &str, output_text: &str) -> Details {
    Some((
        "taskSubmittedEventDetails".to_owned(),
        json!({"resourceType": resource_type, "resource": resource, "output": output_text, "outputDetails": truncated()}),
    ))
}

pub fn task_failed(
    resource: &str,
    resource_type: &str,
    error: &str,
    cause: Option<&str>,
) -> Details {
    let mut m = Map::new();
    m.insert("resourceType".to_owned(), json!(resource_type));
    m.insert("resource".to_owned(), json!(resource));
    if let Value::Object(ec) = error_cause(Some(error), cause) {
        m.extend(ec);
    }
    Some(("taskFailedEventDetails".to_owned(), Value::Object(m)))
}

pub fn task_timed_out(
    resource: &str,
    resource_type: &str,
    error: &str,
    cause: Option<&str>,
) -> Details {
    let mut m = Map::new();
    m.insert("resourceType".to_owned(), json!(resource_type));
    m.insert("resource".to_owned(), json!(resource));
    if let Value::Object(ec) = error_cause(Some(error), cause) {
        m.extend(ec);
    }
    Some(("taskTimedOutEventDetails".to_owned(), Value::Object(m)))
}

pub fn lambda_scheduled(resource: &str, input_text: &str, timeout: Option<u64>) -> Details {
    let mut m = Map::new();
    m.insert("resource".to_owned(), json!(resource));
    m.insert("input".to_owned(), json!(input_text));
    m.insert("inputDetails".to_owned(), truncated());
    if let Some(t) = timeout {
        m.insert("timeoutInSeconds".to_owned(), json!(t));
    }
    Some((
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
    Some(("activityStartedEventDetails".to_owned(), Value::Object(m)))
}

/// `ActivityScheduled`: like `LambdaFunctionScheduled`, plus `heartbeatInSeconds` when set.
pub fn activity_scheduled(
    resource: &str,
    input_text: &str,
    timeout: Option<u64>,
    heartbeat: Option<u64>,
) -> Details {
    let (_, mut v) = lambda_scheduled(resource, input_text, timeout)?;
    if let (Some(hb), Value::Object(m)) = (heartbeat, &mut v) {
        m.insert("heartbeatInSeconds".to_owned(), json!(hb));
    }
    Some(("activityScheduledEventDetails".to_owned(), v))
}

pub fn lambda_succeeded(output_text: &str) -> Details {
    Some((
        "lambdaFunctionSucceededEventDetails".to_owned(),
        json!({"output": output_text, "outputDetails": truncated()}),
    ))
}

pub fn lambda_failed(error: &str, cause: Option<&str>) -> Details {
    Some((
        "lambdaFunctionFailedEventDetails".to_owned(),
        error_cause(Some(error), cause),
    ))
}

pub fn lambda_timed_out(error: &str, cause: Option<&str>) -> Details {
    Some((
        "lambdaFunctionTimedOutEventDetails".to_owned(),
        error_cause(Some(error), cause),
    ))
}
