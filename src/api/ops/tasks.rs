//! GetActivityTask, SendTaskSuccess, SendTaskFailure and SendTaskHeartbeat: the API side of
//! activities and task tokens. Checks inputs as AWS does and hands them to
//! [`crate::integrations::Integrations`]; holds no waiting state itself.

use serde_json::{json, Value};

use super::{activities, Input, Out};
use crate::api::model;
use crate::api::{ApiError, Service};
use crate::api_error;
use crate::integrations::TokenError;

impl From<TokenError> for ApiError {
    fn from(e: TokenError) -> ApiError {
        match &e {
            TokenError::InvalidToken(_) => api_error!(InvalidToken, "{e}"),
            TokenError::TaskTimedOut => api_error!(TaskTimedOut, "{e}"),
        }
    }
}

/// Long-polls (in real time, as AWS does) for a task of the activity; answers `{}` with no
/// `taskToken` when none arrives in time.
pub(super) async fn get_activity_task(svc: &Service, input: Input<'_>) -> Result<Value, ApiError> {
    let req: model::GetActivityTaskInput = input.typed()?;
    activities::require(svc, &req.activity_arn)?;
    let integrations = svc.integrations();
    let wait = integrations.activity_poll();
    let expired = |token: &str| not_timed_out(svc, token).is_err();
    let now_of = |execution: &str| svc.engine().execution_clock(execution);
    match integrations
        .poll_activity(
            &req.activity_arn,
            req.worker_name.as_deref(),
            wait,
            &expired,
            &now_of,
        )
        .await
    {
        Some((token, task_input)) => Ok(Out::new()
            .set("taskToken", token)
            .set("input", task_input)
            .build()),
        None => Ok(json!({})),
    }
}

/// A token whose task the engine has already timed out is spent, as on AWS, even though the
/// engine may still hold the task's future (its execution goes on, through a Catch).
fn not_timed_out(svc: &Service, token: &str) -> Result<(), ApiError> {
    let Some((execution, Some(deadline))) = svc.integrations().token_deadline(token) else {
        return Ok(());
    };
    match svc.engine().execution_clock(&execution) {
        Some(now) if now >= deadline => Err(TokenError::TaskTimedOut.into()),
        _ => Ok(()),
    }
}

pub(super) fn send_success(svc: &Service, input: Input<'_>) -> Result<Value, ApiError> {
    let req: model::SendTaskSuccessInput = input.typed()?;
    not_timed_out(svc, &req.task_token)?;
    let output: Value = serde_json::from_str(&req.output)
        .map_err(|e| api_error!(InvalidOutput, "Invalid Output: '{e}'"))?;
    svc.integrations().send_success(&req.task_token, output)?;
    Ok(json!({}))
}

pub(super) fn send_failure(svc: &Service, input: Input<'_>) -> Result<Value, ApiError> {
    let req: model::SendTaskFailureInput = input.typed()?;
    not_timed_out(svc, &req.task_token)?;
    svc.integrations()
        .send_failure(&req.task_token, req.error, req.cause)?;
    Ok(json!({}))
}

pub(super) fn send_heartbeat(svc: &Service, input: Input<'_>) -> Result<Value, ApiError> {
    let req: model::SendTaskHeartbeatInput = input.typed()?;
    not_timed_out(svc, &req.task_token)?;
    let now = svc
        .integrations()
        .token_deadline(&req.task_token)
        .and_then(|(execution, _)| svc.engine().execution_clock(&execution));
    svc.integrations().send_heartbeat(&req.task_token, now)?;
    Ok(json!({}))
}
