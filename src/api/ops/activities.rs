//! CreateActivity, DescribeActivity, DeleteActivity and ListActivities (GetActivityTask lives
//! with the task-token operations in `tasks.rs`).

use serde_json::{json, Value};

use super::{listing_key, state_machines, Input, Out};
use crate::api::arn;
use crate::api::model;
use crate::api::records::{self, wire_ms, ActivityDoc, ACTIVITIES};
use crate::api::{ApiError, Service};
use crate::api_error;

pub(crate) fn does_not_exist(arn: &str) -> ApiError {
    api_error!(ActivityDoesNotExist, "Activity Does Not Exist: '{arn}'")
}

pub(super) fn create(svc: &Service, input: Input<'_>) -> Result<Value, ApiError> {
    let req: model::CreateActivityInput = input.typed()?;
    let name = req.name.as_str();
    if !arn::valid_name(name) {
        return Err(api_error!(InvalidName, "Invalid Name: '{name}'"));
    }
    let arn = input.arns().activity(name);
    let store = svc.store().as_ref();
    // CreateActivity is idempotent: the same name answers the existing activity.
    if let Some(existing) = records::get::<ActivityDoc>(store, ACTIVITIES, &arn)? {
        return Ok(Out::new()
            .set("activityArn", existing.arn)
            .set("creationDate", wire_ms(existing.creation_ms))
            .build());
    }
    let mut tags = Vec::new();
    state_machines::merge_tags(&mut tags, req.tags.as_deref().unwrap_or_default());
    if tags.len() > state_machines::MAX_TAGS {
        return Err(state_machines::too_many_tags(&arn));
    }
    let now = records::millis(svc.engine().now());
    let doc = ActivityDoc {
        arn: arn.clone(),
        name: name.to_owned(),
        creation_ms: now,
        tags,
    };
    records::put(store, ACTIVITIES, &arn, &doc)?;
    Ok(Out::new()
        .set("activityArn", arn)
        .set("creationDate", wire_ms(now))
        .build())
}

pub(super) fn require(svc: &Service, arn: &str) -> Result<ActivityDoc, ApiError> {
    arn::activity(arn)?;
    records::get::<ActivityDoc>(svc.store().as_ref(), ACTIVITIES, arn)?
        .ok_or_else(|| does_not_exist(arn))
}

pub(super) fn describe(svc: &Service, input: Input<'_>) -> Result<Value, ApiError> {
    let req: model::DescribeActivityInput = input.typed()?;
    let doc = require(svc, &req.activity_arn)?;
    Ok(Out::new()
        .set("activityArn", doc.arn)
        .set("name", doc.name)
        .set("creationDate", wire_ms(doc.creation_ms))
        .build())
}

pub(super) fn delete(svc: &Service, input: Input<'_>) -> Result<Value, ApiError> {
    let req: model::DeleteActivityInput = input.typed()?;
    arn::activity(&req.activity_arn)?;
    svc.store().delete_doc(ACTIVITIES, &req.activity_arn);
    Ok(json!({}))
}

pub(super) fn list(svc: &Service, input: Input<'_>) -> Result<Value, ApiError> {
    let req: model::ListActivitiesInput = input.typed()?;
    let max_results = req.max_results.map(i64::from);
    let next_token = req.next_token.as_deref();
    let docs: Vec<ActivityDoc> = records::list(svc.store().as_ref(), ACTIVITIES)?;
    let (page, next) = svc.paginator().page(
        &listing_key("ListActivities", &[]),
        docs,
        max_results,
        next_token,
    )?;
    let items: Vec<Value> = page
        .into_iter()
        .map(|a| {
            Out::new()
                .set("activityArn", a.arn)
                .set("name", a.name)
                .set("creationDate", wire_ms(a.creation_ms))
                .build()
        })
        .collect();
    Ok(Out::new()
        .set("activities", items)
        .opt("nextToken", next)
        .build())
}
