//! The seam between the engine and integrations: what a Task state asks for
//! ([`TaskRequest`]) and what comes back ([`TaskOutcome`]). Integrations (mocks, Lambda over
//! HTTP, activities) implement [`TaskHandler`]; the engine never calls the network itself.
//!
//! Owns the request/outcome shapes, the resource-ARN split used in `Task*` events and the
//! default handler. Must not write history: the engine turns outcomes into events.

use std::future::Future;
use std::pin::Pin;

use serde_json::Value;

/// One Task invocation (one attempt).
#[derive(Debug, Clone)]
pub struct TaskRequest {
    pub execution_arn: String,
    pub state_machine_arn: String,
    pub state_name: String,
    /// The `Resource` ARN as written in the definition.
    pub resource: String,
    /// The effective parameters (after InputPath and Parameters).
    pub parameters: Value,
    pub timeout_seconds: Option<u64>,
    pub heartbeat_seconds: Option<u64>,
    /// 0 for the first attempt, then 1, 2, ... for retries.
    pub attempt: u32,
    /// The task token of a `.waitForTaskToken` task (also in `context` as `$$.Task.Token`):
    /// integrations complete the task when SendTaskSuccess/Failure names it.
    pub task_token: Option<String>,
    /// The context object (`$$`) of this attempt.
    pub context: Value,
    pub region: String,
}

/// A future that completes an external Task (a real Lambda call, a callback).
pub type PendingTask = Pin<Box<dyn Future<Output = TaskOutcome> + Send>>;

/// What a Task attempt produced.
pub enum TaskOutcome {
    /// The service's answer (the state's result before ResultSelector).
    Succeeded(Value),
    /// The service failed: Retry/Catch match on `error`.
    Failed {
        error: String,
        cause: Option<String>,
    },
    /// The task exceeded its own deadline (`States.Timeout`).
    TimedOut,
    /// The outcome, after a delay in the execution's (virtual) time: mock delays cost no wall
    /// time in virtual mode.
    After(chrono::Duration, Box<TaskOutcome>),
    /// The service accepted the request (`TaskSubmitted` with this output, for `.sync` and
    /// `.waitForTaskToken`), then the inner outcome follows.
    Submitted(Value, Box<TaskOutcome>),
    /// Outside the engine (a callback, an activity worker, a real call): the execution's clock
    /// holds until the future completes.
    Pending(PendingTask),
    /// An activity worker took the task through GetActivityTask (`ActivityStarted`, with its
    /// name if it gave one; the heartbeat clock starts), then `next` follows.
    Started {
        worker_name: Option<String>,
        next: Box<TaskOutcome>,
    },
    /// SendTaskHeartbeat named the task's token: its heartbeat deadline moves to now plus
    /// HeartbeatSeconds, then `next` follows.
    Heartbeat(Box<TaskOutcome>),
}

impl std::fmt::Debug for TaskOutcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TaskOutcome::Succeeded(v) => f.debug_tuple("Succeeded").field(v).finish(),
            TaskOutcome::Failed { error, cause } => f
                .debug_struct("Failed")
                .field("error", error)
                .field("cause", cause)
                .finish(),
            TaskOutcome::TimedOut => f.write_str("TimedOut"),
            TaskOutcome::After(d, o) => f.debug_tuple("After").field(d).field(o).finish(),
            TaskOutcome::Submitted(v, o) => f.debug_tuple("Submitted").field(v).field(o).finish(),
            TaskOutcome::Pending(_) => f.write_str("Pending(..)"),
            TaskOutcome::Started { worker_name, next } => f
                .debug_struct("Started")
                .field("worker_name", worker_name)
                .field("next", next)
                .finish(),
            TaskOutcome::Heartbeat(o) => f.debug_tuple("Heartbeat").field(o).finish(),
        }
    }
}

/// Runs Task states. Called with the engine's execution lock held: answer at once, with
/// [`TaskOutcome::After`] for simulated latency or [`TaskOutcome::Pending`] for real I/O.
pub trait TaskHandler: Send + Sync {
    fn invoke(&self, req: &TaskRequest) -> TaskOutcome;

    /// Why a Task cannot even be scheduled on this resource (an activity that does not
    /// exist, unless mocked): the engine fails the state with `States.Runtime` and this
    /// cause, before any `*Scheduled` event, as AWS does.
    fn missing_resource(
        &self,
        _execution_arn: &str,
        _state_name: &str,
        _resource: &str,
    ) -> Option<String> {
        None
    }
}

/// The error of a Task that no integration handles.
pub const NO_INTEGRATION_ERROR: &str = "States.TaskFailed";

/// The default handler: no integrations. Every Task fails with `States.TaskFailed` and a cause
/// naming the state and the resource, so a Task without a mock fails clearly (and Catch
/// `States.TaskFailed`/`States.ALL` still works in tests).
#[derive(Debug, Default, Clone, Copy)]
pub struct NoIntegrations;

impl TaskHandler for NoIntegrations {
    fn invoke(&self, req: &TaskRequest) -> TaskOutcome {
        TaskOutcome::Failed {
            error: NO_INTEGRATION_ERROR.to_owned(),
            cause: Some(format!(
                "passo: no mock or integration is configured for the Task state '{}' (resource '{}')",
                req.state_name, req.resource
            )),
        }
    }
}

/// How a Task's resource shows in history events.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResourceKind {
    /// `arn:aws:states:::lambda:invoke` -> `TaskScheduled` with resource `invoke`, resourceType
    /// `lambda`.
    Service {
        resource: String,
        resource_type: String,
    },
    /// A Lambda function ARN used directly -> `LambdaFunction*` events.
    LambdaFunction,
    /// An activity ARN -> `Activity*` events.
    Activity,
}

/// Splits a Task resource ARN the way AWS reports it in events.
pub fn classify_resource(arn: &str) -> ResourceKind {
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    let service = parts.get(2).copied().unwrap_or_default();
    if service == "lambda" {
        return ResourceKind::LambdaFunction;
    }
    if service == "states" && parts.get(5).is_some_and(|r| r.starts_with("activity:")) {
        return ResourceKind::Activity;
    }
    let rest = parts.get(5).copied().unwrap_or_default();
    if let Some(sdk) = rest.strip_prefix("aws-sdk:") {
        let (svc, action) = sdk.split_once(':').unwrap_or((sdk, ""));
        return ResourceKind::Service {
            resource: action.to_owned(),
            resource_type: format!("aws-sdk:{svc}"),
        };
    }
    let (ty, res) = rest.split_once(':').unwrap_or((rest, ""));
    ResourceKind::Service {
        resource: res.to_owned(),
        resource_type: ty.to_owned(),
    }
}

/// Why AWS refuses to start a service integration with these parameters (before it is
/// scheduled: the state fails with `States.Runtime`), or `None`. Only the checks the
/// recordings show are made: API Gateway's `Headers` and `QueryParameters` map each name to a
/// list of strings.
pub fn invalid_parameters(arn: &str, params: &Value) -> Option<String> {
    let ResourceKind::Service {
        resource,
        resource_type,
    } = classify_resource(arn)
    else {
        return None;
    };
    if resource_type != "apigateway" || !resource.starts_with("invoke") {
        return None;
    }
    let lists_of_strings = |v: &Value| {
        v.as_object().is_some_and(|m| {
            m.values().all(|l| {
                l.as_array()
                    .is_some_and(|items| items.iter().all(Value::is_string))
            })
        })
    };
    let bad = ["Headers", "QueryParameters"]
        .into_iter()
        .find(|f| params.get(f).is_some_and(|v| !lists_of_strings(v)))?;
    Some(format!(
        "The Parameters '{params}' could not be used to start the Task: [The value of the field '{bad}' has an invalid format]"
    ))
}

/// Whether a Task with this resource sees `$$.Task.Token`: the `.sync`, `.sync:2` and
/// `.waitForTaskToken` patterns of service integrations.
pub fn exposes_token(arn: &str) -> bool {
    match classify_resource(arn) {
        ResourceKind::Service { resource, .. } => {
            resource.ends_with(".waitForTaskToken")
                || resource.ends_with(".sync")
                || resource.ends_with(".sync:2")
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn service(r: &str, t: &str) -> ResourceKind {
        ResourceKind::Service {
            resource: r.to_owned(),
            resource_type: t.to_owned(),
        }
    }

    #[test]
    fn api_gateway_header_values_must_be_lists_of_strings() {
        let arn = "arn:aws:states:::apigateway:invoke";
        let ok = serde_json::json!({"Headers": {"h": ["a", "b"]}, "QueryParameters": {"q": ["1"]}});
        assert_eq!(invalid_parameters(arn, &ok), None);
        let single = serde_json::json!({"Headers": {"h": "a"}});
        let why = invalid_parameters(arn, &single).unwrap_or_default();
        assert!(why.ends_with("[The value of the field 'Headers' has an invalid format]"));
        assert!(
            why.starts_with(r#"The Parameters '{"Headers":{"h":"a"}}'"#),
            "{why}"
        );
        let query = serde_json::json!({"QueryParameters": {"q": 1}});
        assert!(invalid_parameters(arn, &query).is_some());
        // Other services are not checked here.
        assert_eq!(
            invalid_parameters("arn:aws:states:::lambda:invoke", &single),
            None
        );
    }

    #[test]
    fn only_sync_and_callback_patterns_expose_the_token() {
        assert!(exposes_token(
            "arn:aws:states:::sqs:sendMessage.waitForTaskToken"
        ));
        assert!(exposes_token("arn:aws:states:::states:startExecution.sync"));
        assert!(exposes_token(
            "arn:aws:states:::states:startExecution.sync:2"
        ));
        assert!(!exposes_token("arn:aws:states:::lambda:invoke"));
        assert!(!exposes_token("arn:aws:lambda:us-east-1:1:function:f"));
        assert!(!exposes_token("arn:aws:states:us-east-1:1:activity:a"));
    }

    #[test]
    fn splits_service_arns() {
        assert_eq!(
            classify_resource("arn:aws:states:::lambda:invoke"),
            service("invoke", "lambda")
        );
        assert_eq!(
            classify_resource("arn:aws:states:::sqs:sendMessage.waitForTaskToken"),
            service("sendMessage.waitForTaskToken", "sqs")
        );
        assert_eq!(
            classify_resource("arn:aws:states:::states:startExecution.sync:2"),
            service("startExecution.sync:2", "states")
        );
        assert_eq!(
            classify_resource("arn:aws:states:::aws-sdk:s3:getObject"),
            service("getObject", "aws-sdk:s3")
        );
        assert_eq!(
            classify_resource("arn:aws:lambda:us-east-1:1:function:f"),
            ResourceKind::LambdaFunction
        );
        assert_eq!(
            classify_resource("arn:aws:states:us-east-1:1:activity:a"),
            ResourceKind::Activity
        );
    }
}
