//! Nested executions: `arn:aws:states:::states:startExecution` (request-response, `.sync`,
//! `.sync:2`, `.waitForTaskToken`) starts the child as a real execution of this emulator, through
//! the same `StartExecution` operation a client calls, and shapes the answers as AWS does:
//!
//! - request-response (and `TaskSubmitted` of the other patterns): `ExecutionArn`,
//!   `SdkHttpMetadata`, `SdkResponseMetadata`, `StartDate` (epoch milliseconds);
//! - `.sync`: the child's description with `Input`/`Output` as JSON text; `.sync:2`: as JSON;
//! - a child that does not succeed fails the task with `States.TaskFailed` and the description
//!   (with the child's `Error`/`Cause`) as its cause;
//! - a refused `StartExecution` fails with `StepFunctions.<Code>Exception` and the Java SDK's
//!   message shape.
//!
//! Time: the child starts at the parent's current (virtual) instant; the parent's outcome comes
//! as long after that as the child ran, so virtual time agrees across both. Stopping the parent
//! (or dropping the waiting task) stops a `.sync` child still running.
//!
//! Owns the call and its answers only; it reaches executions through the API service.

use std::sync::{Arc, Weak};

use chrono::{DateTime, Utc};
use serde_json::{json, Map, Value};

use super::arn::Pattern;
use crate::api::Service;
use crate::engine::{TaskOutcome, TaskRequest};
use crate::store::{ExecutionRecord, ExecutionStatus};

/// What the child is started with, read from the task's parameters.
struct ChildStart {
    state_machine_arn: Value,
    name: Option<String>,
    input: String,
    trace_header: Option<Value>,
}

fn child_start(params: &Value) -> ChildStart {
    let input = match params.get("Input") {
        None | Some(Value::Null) => "{}".to_owned(),
        Some(Value::String(s)) => s.clone(),
        Some(v) => crate::asl::io::to_text(v),
    };
    ChildStart {
        state_machine_arn: params
            .get("StateMachineArn")
            .cloned()
            .unwrap_or(Value::Null),
        name: params
            .get("Name")
            .and_then(Value::as_str)
            .map(str::to_owned),
        input,
        trace_header: params.get("TraceHeader").cloned(),
    }
}

/// Stops a `.sync` child that is still running when the parent stops waiting for it.
struct StopChild {
    svc: Weak<Service>,
    arn: Option<String>,
}

impl Drop for StopChild {
    fn drop(&mut self) {
        let (Some(svc), Some(arn)) = (self.svc.upgrade(), self.arn.take()) else {
            return;
        };
        let running = svc
            .store()
            .get_execution(&arn)
            .is_some_and(|r| r.status == ExecutionStatus::Running);
        if running {
            let _ = svc.engine().stop(&arn, None, None);
        }
    }
}

/// Runs `startExecution` for one Task attempt. `token` is the parent's task token wait, for
/// `.waitForTaskToken` (required) and `.sync` (a child may answer the token before it ends).
pub(super) fn start(
    svc: Weak<Service>,
    req: &TaskRequest,
    pattern: Pattern,
    token: Option<super::TokenWait>,
) -> TaskOutcome {
    let start = child_start(&req.parameters);
    let parent = req.execution_arn.clone();
    TaskOutcome::Pending(Box::pin(async move {
        let Some(service) = svc.upgrade() else {
            return failed("States.TaskFailed", "passo: the emulator is shutting down");
        };
        let parent_arn = parent.clone();
        let (submitted, record) = match call_start(&service, &parent, start).await {
            Ok(ok) => ok,
            Err(outcome) => return outcome,
        };
        let token_wait = async move {
            match token {
                Some(rx) => super::next_signal(rx).await,
                None => std::future::pending().await,
            }
        };
        match pattern {
            Pattern::RequestResponse => TaskOutcome::Succeeded(submitted),
            Pattern::WaitForTaskToken => TaskOutcome::Submitted(
                submitted,
                Box::new(TaskOutcome::Pending(Box::pin(token_wait))),
            ),
            Pattern::Sync | Pattern::Sync2 => {
                let mut guard = StopChild {
                    svc: Arc::downgrade(&service),
                    arn: Some(record.execution_arn.clone()),
                };
                let engine = service.engine().clone();
                drop(service);
                let arn = record.execution_arn.clone();
                let outcome = tokio::select! {
                    done = engine.wait(&arn) => match done {
                        Some(child) => {
                            guard.arn = None;
                            // The parent resumes at the child's end on its own clock: in
                            // virtual time it held still while the child ran, in real time it
                            // has already caught up.
                            let end = child.stop_date.unwrap_or(child.start_date);
                            let now = engine.execution_clock(&parent_arn).unwrap_or(end);
                            let outcome = finished(&child, pattern == Pattern::Sync2);
                            TaskOutcome::After((end - now).max(chrono::Duration::zero()), Box::new(outcome))
                        }
                        None => failed("States.TaskFailed", "passo: the child execution vanished"),
                    },
                    by_token = token_wait => by_token,
                };
                TaskOutcome::Submitted(submitted, Box::new(outcome))
            }
        }
    }))
}

fn failed(error: &str, cause: &str) -> TaskOutcome {
    TaskOutcome::Failed {
        error: error.to_owned(),
        cause: Some(cause.to_owned()),
    }
}

/// Starts the child at the parent's current instant; answers the `StartExecution` result as the
/// task sees it and the child's first record.
async fn call_start(
    svc: &Arc<Service>,
    parent: &str,
    start: ChildStart,
) -> Result<(Value, ExecutionRecord), TaskOutcome> {
    let engine = svc.engine();
    let name = start
        .name
        .clone()
        .unwrap_or_else(|| engine.new_uuid().to_string());
    // The child starts on the parent's instant and, unless its name has a time mode of its
    // own, keeps time as the parent does (a parent on manual time must not have a child that
    // runs off in virtual time): settings for that name, for this start only (what the name
    // had before comes back afterwards).
    let before = engine.execution_settings(&name);
    if let Some(now) = engine.execution_clock(parent) {
        let mut settings = before.unwrap_or_default();
        settings.epoch = Some(now);
        settings.time = settings.time.or(engine.execution_time_mode(parent));
        engine.set_execution_settings(&name, settings);
    }
    let mut input = Map::new();
    input.insert("stateMachineArn".into(), start.state_machine_arn);
    input.insert("name".into(), Value::String(name.clone()));
    input.insert("input".into(), Value::String(start.input));
    if let Some(t) = start.trace_header {
        input.insert("traceHeader".into(), t);
    }
    let request_id = svc.request_id();
    let answer = svc.call("StartExecution", Value::Object(input)).await;
    engine.set_execution_settings(&name, before.unwrap_or_default());
    let answer = answer.map_err(|e| {
        let error = if e.code.ends_with("Exception") {
            format!("StepFunctions.{}", e.code)
        } else {
            format!("StepFunctions.{}Exception", e.code)
        };
        TaskOutcome::Failed {
            error,
            cause: Some(format!(
                "{} (Service: AWSStepFunctions; Status Code: {}; Error Code: {}; Request ID: \
                     {request_id}; Proxy: null)",
                e.message, e.status, e.code
            )),
        }
    })?;
    let arn = answer
        .get("executionArn")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    let record = svc
        .store()
        .get_execution(&arn)
        .ok_or_else(|| failed("States.TaskFailed", "passo: the child execution vanished"))?;
    let body_len = answer.to_string().len();
    Ok((submitted(&record, &request_id, body_len), record))
}

fn millis(t: DateTime<Utc>) -> Value {
    json!(t.timestamp_millis())
}

/// The `StartExecution` answer as the Java SDK hands it to the task.
fn submitted(child: &ExecutionRecord, request_id: &str, body_len: usize) -> Value {
    submitted_answer(&child.execution_arn, child.start_date, request_id, body_len)
}

/// The `StartExecution` answer for a child `execution_arn` started at `start`, whose HTTP body
/// was `body_len` bytes (mocked `.sync` starts answer it too).
pub(super) fn submitted_answer(
    execution_arn: &str,
    start: DateTime<Utc>,
    request_id: &str,
    body_len: usize,
) -> Value {
    let date = start.format("%a, %d %b %Y %H:%M:%S GMT").to_string();
    let len = body_len.to_string();
    json!({
        "ExecutionArn": execution_arn,
        "SdkHttpMetadata": {
            "AllHttpHeaders": {
                "x-amzn-RequestId": [request_id],
                "connection": ["keep-alive"],
                "Content-Length": [len],
                "Date": [date],
                "Content-Type": ["application/x-amz-json-1.0"],
            },
            "HttpHeaders": {
                "connection": "keep-alive",
                "Content-Length": len,
                "Content-Type": "application/x-amz-json-1.0",
                "Date": date,
                "x-amzn-RequestId": request_id,
            },
            "HttpStatusCode": 200,
        },
        "SdkResponseMetadata": {"RequestId": request_id},
        "StartDate": millis(start),
    })
}

/// The task's outcome once the child ended: its description on success, `States.TaskFailed`
/// with the description as the cause otherwise. `json`: `.sync:2` (input and output as JSON).
fn finished(child: &ExecutionRecord, json: bool) -> TaskOutcome {
    let text_or_json = |t: &str| -> Value {
        if json {
            serde_json::from_str(t).unwrap_or_else(|_| Value::String(t.to_owned()))
        } else {
            Value::String(t.to_owned())
        }
    };
    let mut d = Map::new();
    if child.status != ExecutionStatus::Succeeded {
        if let Some(c) = &child.cause {
            d.insert("Cause".into(), Value::String(c.clone()));
        }
        if let Some(e) = &child.error {
            d.insert("Error".into(), Value::String(e.clone()));
        }
    }
    d.insert("ExecutionArn".into(), json!(child.execution_arn));
    d.insert("Input".into(), text_or_json(&child.input));
    d.insert("InputDetails".into(), json!({"Included": true}));
    d.insert("Name".into(), json!(child.name));
    if child.status == ExecutionStatus::Succeeded {
        if let Some(o) = &child.output {
            d.insert("Output".into(), text_or_json(o));
            d.insert("OutputDetails".into(), json!({"Included": true}));
        }
        if !json {
            d.insert("RedriveCount".into(), json!(child.redrive_count));
            d.insert("RedriveStatus".into(), json!("NOT_REDRIVABLE"));
            d.insert(
                "RedriveStatusReason".into(),
                json!("Execution is SUCCEEDED and cannot be redriven"),
            );
        }
    }
    d.insert("StartDate".into(), millis(child.start_date));
    d.insert("StateMachineArn".into(), json!(child.state_machine_arn));
    d.insert("Status".into(), json!(child.status.as_str()));
    if let Some(stop) = child.stop_date {
        d.insert("StopDate".into(), millis(stop));
    }
    let description = Value::Object(d);
    if child.status == ExecutionStatus::Succeeded {
        TaskOutcome::Succeeded(description)
    } else {
        TaskOutcome::Failed {
            error: "States.TaskFailed".to_owned(),
            cause: Some(crate::asl::io::to_text(&description)),
        }
    }
}
