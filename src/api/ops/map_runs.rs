//! DescribeMapRun, ListMapRuns and UpdateMapRun: the map runs Distributed Map states start,
//! read from (and, for UpdateMapRun, written to) the engine's map-run registry. ListExecutions
//! by `mapRunArn` lives with the other execution listings.

use serde_json::{json, Value};

use super::{listing_key, Input, Out};
use crate::api::arn;
use crate::api::model;
use crate::api::records::wire_date;
use crate::api::{ApiError, Service};
use crate::api_error;
use crate::engine::map_run::MapRunRecord;

fn map_run_arn_checked(a: &str) -> Result<(), ApiError> {
    let parsed = arn::parse(a)?;
    if parsed.kind != "mapRun" {
        return Err(arn::wrong_kind(parsed.kind));
    }
    Ok(())
}

fn not_found(a: &str) -> ApiError {
    api_error!(ResourceNotFound, "Resource not found: '{a}'")
}

fn require(svc: &Service, a: &str) -> Result<MapRunRecord, ApiError> {
    map_run_arn_checked(a)?;
    svc.engine()
        .distributed()
        .runs
        .get(a)
        .ok_or_else(|| not_found(a))
}

pub(super) fn describe(svc: &Service, input: Input<'_>) -> Result<Value, ApiError> {
    let req: model::DescribeMapRunInput = input.typed()?;
    let r = require(svc, &req.map_run_arn)?;
    Ok(Out::new()
        .set("mapRunArn", r.map_run_arn)
        .set("executionArn", r.execution_arn)
        .set("status", r.status.as_str())
        .set("startDate", wire_date(r.start_date))
        .opt("stopDate", r.stop_date.map(wire_date))
        .set("maxConcurrency", r.max_concurrency)
        .set("toleratedFailurePercentage", r.tolerated_failure_percentage)
        .set("toleratedFailureCount", r.tolerated_failure_count)
        .set("itemCounts", r.items.to_json())
        .set("executionCounts", r.executions.to_json())
        .opt(
            "redriveCount",
            (r.redrive_count > 0).then_some(r.redrive_count),
        )
        .opt("redriveDate", r.redrive_date.map(wire_date))
        .build())
}

pub(super) fn list(svc: &Service, input: Input<'_>) -> Result<Value, ApiError> {
    let req: model::ListMapRunsInput = input.typed()?;
    let exec = req.execution_arn.as_str();
    arn::execution(exec)?;
    if svc.store().get_execution(exec).is_none() {
        return Err(api_error!(
            ExecutionDoesNotExist,
            "Execution Does Not Exist: '{exec}'"
        ));
    }
    let runs = svc.engine().distributed().runs.of_execution(exec);
    let (page, next) = svc.paginator().page(
        &listing_key("ListMapRuns", &[Some(exec)]),
        runs,
        req.max_results.map(i64::from),
        req.next_token.as_deref(),
    )?;
    let items: Vec<Value> = page
        .into_iter()
        .map(|r| {
            Out::new()
                .set("executionArn", r.execution_arn)
                .set("mapRunArn", r.map_run_arn)
                .set("stateMachineArn", r.state_machine_arn)
                .set("startDate", wire_date(r.start_date))
                .opt("stopDate", r.stop_date.map(wire_date))
                .build()
        })
        .collect();
    Ok(Out::new()
        .set("mapRuns", items)
        .opt("nextToken", next)
        .build())
}

pub(super) fn update(svc: &Service, input: Input<'_>) -> Result<Value, ApiError> {
    let req: model::UpdateMapRunInput = input.typed()?;
    let a = req.map_run_arn.as_str();
    map_run_arn_checked(a)?;
    if req.max_concurrency.is_none()
        && req.tolerated_failure_count.is_none()
        && req.tolerated_failure_percentage.is_none()
    {
        return Err(api_error!(
            ValidationException,
            "at least one of the parameters maxConcurrency, toleratedFailurePercentage or toleratedFailureCount must be specified"
        ));
    }
    if req
        .tolerated_failure_percentage
        .is_some_and(|p| !(0.0..=100.0).contains(&p))
    {
        return Err(api_error!(
            ValidationException,
            "toleratedFailurePercentage must be between 0 and 100"
        ));
    }
    let runs = &svc.engine().distributed().runs;
    let updated = runs.update_settings(a, |r| {
        if let Some(n) = req.max_concurrency {
            r.max_concurrency = u64::try_from(n).unwrap_or(0);
        }
        if let Some(n) = req.tolerated_failure_count {
            r.tolerated_failure_count = n;
        }
        if let Some(p) = req.tolerated_failure_percentage {
            r.tolerated_failure_percentage = p;
        }
    });
    if updated {
        Ok(json!({}))
    } else {
        Err(not_found(a))
    }
}
