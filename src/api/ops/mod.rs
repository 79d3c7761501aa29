//! The dispatch table over the 37 operations of the Step Functions model ([`Operation`]), one file per area,
//! and the small accessors operations use to read their (already model-checked) input.
//!
//! An unknown name answers `UnknownOperationException`; an operation that later work fills in
//! answers AWS's error shape with a message naming what is missing, never a fake success.

mod activities;
mod aliases;
mod executions;
mod map_runs;
pub mod redrive;
mod state_machines;
mod tags;
mod tasks;
mod test_state;
mod versions;

use serde_json::{Map, Value};

use crate::api::arn::Arns;
use crate::api::model::Operation;
use crate::api::{ApiError, Service};

/// Runs one operation.
///
/// `region` is the region the request was signed for, if known: ARNs of new resources carry it,
/// as AWS's would; otherwise the configured region.
pub async fn dispatch(
    svc: &Service,
    region: Option<&str>,
    op: Operation,
    input: &Value,
) -> Result<Value, ApiError> {
    let Some(map) = input.as_object() else {
        return Err(ApiError::serialization());
    };
    let arns = match region {
        Some(r) => Arns {
            region: r.to_owned(),
            account: svc.arns().account.clone(),
        },
        None => svc.arns().clone(),
    };
    let input = Input(map, &arns);
    let result = match op.name() {
        "CreateStateMachine" => state_machines::create(svc, input),
        "DescribeStateMachine" => state_machines::describe(svc, input),
        "UpdateStateMachine" => state_machines::update(svc, input),
        "DeleteStateMachine" => state_machines::delete(svc, input),
        "ListStateMachines" => state_machines::list(svc, input),
        "ValidateStateMachineDefinition" => state_machines::validate(input),
        "StartExecution" => executions::start(svc, input),
        "StartSyncExecution" => executions::start_sync(svc, input).await,
        "StopExecution" => executions::stop(svc, input),
        "DescribeExecution" => executions::describe(svc, input),
        "ListExecutions" => executions::list(svc, input),
        "DescribeStateMachineForExecution" => executions::describe_state_machine(svc, input),
        "GetExecutionHistory" => executions::history(svc, input),
        "CreateActivity" => activities::create(svc, input),
        "DescribeActivity" => activities::describe(svc, input),
        "DeleteActivity" => activities::delete(svc, input),
        "ListActivities" => activities::list(svc, input),
        "GetActivityTask" => tasks::get_activity_task(svc, input).await,
        "SendTaskSuccess" => tasks::send_success(svc, input),
        "SendTaskFailure" => tasks::send_failure(svc, input),
        "SendTaskHeartbeat" => tasks::send_heartbeat(svc, input),
        "TagResource" => tags::tag(svc, input),
        "UntagResource" => tags::untag(svc, input),
        "ListTagsForResource" => tags::list(svc, input),
        "PublishStateMachineVersion" => versions::publish(svc, input),
        "ListStateMachineVersions" => versions::list(svc, input),
        "DeleteStateMachineVersion" => versions::delete(svc, input),
        "CreateStateMachineAlias" => aliases::create(svc, input),
        "DescribeStateMachineAlias" => aliases::describe(svc, input),
        "UpdateStateMachineAlias" => aliases::update(svc, input),
        "DeleteStateMachineAlias" => aliases::delete(svc, input),
        "ListStateMachineAliases" => aliases::list(svc, input),
        "TestState" => test_state::test_state(svc, input),
        "RedriveExecution" => redrive::redrive(svc, input),
        "DescribeMapRun" => map_runs::describe(svc, input),
        "ListMapRuns" => map_runs::list(svc, input),
        "UpdateMapRun" => map_runs::update(svc, input),
        name => Err(ApiError::not_implemented(name)),
    };
    // A durable store writes behind: answer once this call's writes are on disk.
    if let Some(point) = svc.store().sync_point() {
        point.wait().await;
    }
    result
}

/// An operation's input object (already checked against the model) and the ARN builder of the
/// request.
#[derive(Clone, Copy)]
pub(crate) struct Input<'a>(&'a Map<String, Value>, &'a Arns);

impl<'a> Input<'a> {
    /// The input as its generated model shape (`StartExecutionInput`, ...): parsed once, after
    /// [`crate::api::model::validate_input`] accepted it.
    pub fn typed<T: serde::de::DeserializeOwned>(&self) -> Result<T, ApiError> {
        serde_json::from_value(Value::Object(self.0.clone())).map_err(|e| {
            // The model check ran first, so this is a disagreement between check and shapes.
            ApiError::internal(format!("input does not fit its model shape: {e}"))
        })
    }

    /// The ARN builder for this request's account and region.
    pub fn arns(&self) -> &'a Arns {
        self.1
    }
}

/// Builds a response object, skipping `None` members (AWS omits absent members).
pub(crate) struct Out(Map<String, Value>);

impl Out {
    pub fn new() -> Out {
        Out(Map::new())
    }

    pub fn set(mut self, key: &str, value: impl Into<Value>) -> Out {
        self.0.insert(key.to_owned(), value.into());
        self
    }

    pub fn opt(self, key: &str, value: Option<impl Into<Value>>) -> Out {
        match value {
            Some(v) => self.set(key, v),
            None => self,
        }
    }

    pub fn build(self) -> Value {
        Value::Object(self.0)
    }
}

/// A stable description of a listing request, for binding pagination tokens to it.
pub(crate) fn listing_key(op: &str, parts: &[Option<&str>]) -> String {
    let mut key = op.to_owned();
    for p in parts {
        key.push('\u{1f}');
        key.push_str(p.unwrap_or(""));
    }
    key
}
