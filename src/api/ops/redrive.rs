//! RedriveExecution, the redrive fields of DescribeExecution and ListExecutions, and resuming
//! executions after a restart on a durable store. Decides whether an execution may be redriven
//! (AWS's rules and reasons) and hands the work to the engine ([`crate::engine::Engine::redrive`]).

use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use serde_json::{json, Value};

use super::{Input, Out};
use crate::api::arn;
use crate::api::model;
use crate::api::records::{self, wire_date, ExecutionMetaDoc, EXECUTION_META};
use crate::api::{ApiError, Service};
use crate::api_error;
use crate::asl::Plan;
use crate::engine::durable::ResumeReport;
use crate::engine::execution::HISTORY_LIMIT_ERROR;
use crate::store::{ExecutionRecord, ExecutionStatus};

/// Redrive dates and client tokens, by execution ARN.
pub const EXECUTION_REDRIVE: &str = "execution_redrive";
/// How long after its end an execution may be redriven.
pub const REDRIVE_WINDOW_DAYS: i64 = 14;
/// The longest an execution may stay open, redrives included.
const MAX_OPEN_DAYS: i64 = 365;
/// The cause passo writes when an execution reaches the history limit (see the engine).
const HISTORY_LIMIT_CAUSE_PREFIX: &str = "The execution reached the maximum number of history";

/// DescribeExecution's `redriveStatus` and, when not redrivable, `redriveStatusReason`.
pub(crate) fn status(svc: &Service, r: &ExecutionRecord) -> (&'static str, Option<String>) {
    match not_redrivable(svc, r) {
        Some(reason) => ("NOT_REDRIVABLE", Some(reason)),
        None if r.map_run_arn.is_some() => ("REDRIVABLE_BY_MAP_RUN", None),
        None => ("REDRIVABLE", None),
    }
}

/// Why `r` cannot be redriven now (AWS's reasons), or `None`.
fn not_redrivable(svc: &Service, r: &ExecutionRecord) -> Option<String> {
    match r.status {
        ExecutionStatus::Failed | ExecutionStatus::TimedOut | ExecutionStatus::Aborted => {}
        other => {
            return Some(format!(
                "Execution is {} and cannot be redriven",
                other.as_str()
            ))
        }
    }
    if super::state_machines::require_active(svc, &r.state_machine_arn).is_err() {
        return Some("State machine is in DELETING status".to_owned());
    }
    if r.error.as_deref() == Some(HISTORY_LIMIT_ERROR)
        && r.cause
            .as_deref()
            .is_some_and(|c| c.starts_with(HISTORY_LIMIT_CAUSE_PREFIX))
    {
        return Some("Execution history event limit exceeded".to_owned());
    }
    let now = svc.engine().now();
    if now - r.start_date > Duration::days(MAX_OPEN_DAYS) {
        return Some("Execution has exceeded the max execution time".to_owned());
    }
    let stop = r.stop_date.unwrap_or(r.start_date);
    if now - stop > Duration::days(REDRIVE_WINDOW_DAYS) {
        return Some("Execution redrivable period exceeded".to_owned());
    }
    None
}

/// The last redrive's date, if the execution was redriven.
pub(crate) fn redrive_date(svc: &Service, execution_arn: &str) -> Option<Value> {
    let doc = svc.store().get_doc(EXECUTION_REDRIVE, execution_arn)?;
    doc.get("redriveDate").cloned()
}

/// The definition an execution started with, compiled.
fn plan_for(svc: &Service, execution_arn: &str) -> Result<Arc<Plan>, ApiError> {
    let meta =
        records::get::<ExecutionMetaDoc>(svc.store().as_ref(), EXECUTION_META, execution_arn)?
            .ok_or_else(|| {
                ApiError::internal(format!("no definition recorded for '{execution_arn}'"))
            })?;
    crate::asl::compile_for_type(&meta.definition, meta.express).map_err(ApiError::from)
}

pub(super) fn redrive(svc: &Service, input: Input<'_>) -> Result<Value, ApiError> {
    let req: model::RedriveExecutionInput = input.typed()?;
    let execution_arn = req.execution_arn;
    arn::execution(&execution_arn)?;
    let record = svc.store().get_execution(&execution_arn).ok_or_else(|| {
        api_error!(
            ExecutionDoesNotExist,
            "Execution Does Not Exist: '{execution_arn}'"
        )
    })?;
    if execution_arn.contains(":express:") {
        return Err(api_error!(
            StateMachineTypeNotSupported,
            "This operation is not supported by this type of state machine"
        ));
    }
    // A retried call with the same client token answers the redrive it already made.
    if let (Some(token), Some(doc)) = (
        req.client_token.as_deref(),
        svc.store().get_doc(EXECUTION_REDRIVE, &execution_arn),
    ) {
        if doc.get("clientToken").and_then(Value::as_str) == Some(token)
            && doc.get("redriveCount").and_then(Value::as_u64)
                == Some(u64::from(record.redrive_count))
        {
            if let Some(date) = doc.get("redriveDate") {
                return Ok(Out::new().set("redriveDate", date.clone()).build());
            }
        }
    }
    if let Some(reason) = not_redrivable(svc, &record) {
        return Err(ApiError::new("ExecutionNotRedrivable", reason));
    }
    if record.map_run_arn.is_some() {
        return Err(ApiError::new(
            "ExecutionNotRedrivable",
            "Execution is a Map Run child and can only be redriven by its Map Run",
        ));
    }
    let plan = plan_for(svc, &execution_arn)?;
    let at: DateTime<Utc> = svc.engine().redrive(&execution_arn, plan)?;
    let date = wire_date(at);
    svc.store().put_doc(
        EXECUTION_REDRIVE,
        &execution_arn,
        json!({
            "redriveDate": date,
            "clientToken": req.client_token,
            "redriveCount": record.redrive_count + 1,
        }),
    );
    Ok(Out::new().set("redriveDate", date).build())
}

/// After a restart on a durable store: resumes every execution left running.
pub fn resume_executions(svc: &Service) -> ResumeReport {
    svc.engine()
        .resume_all(&|rec| plan_for(svc, &rec.execution_arn).ok())
}
