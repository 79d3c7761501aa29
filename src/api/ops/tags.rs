//! TagResource, UntagResource and ListTagsForResource on state machines and activities.

use serde_json::{json, Value};

use super::{state_machines, Input, Out};
use crate::api::arn;
use crate::api::model;
use crate::api::records::{self, ActivityDoc, StateMachineDoc, ACTIVITIES, STATE_MACHINES};
use crate::api::{ApiError, Service};
use crate::api_error;

fn not_found(arn: &str) -> ApiError {
    api_error!(ResourceNotFound, "Resource not found: '{arn}'")
}

/// The tags of a taggable resource, and a way to save them back.
enum Tagged {
    StateMachine(Box<StateMachineDoc>),
    Activity(ActivityDoc),
}

impl Tagged {
    fn tags(&mut self) -> &mut Vec<(String, String)> {
        match self {
            Tagged::StateMachine(d) => &mut d.tags,
            Tagged::Activity(d) => &mut d.tags,
        }
    }

    fn save(&self, svc: &Service) -> Result<(), ApiError> {
        let store = svc.store().as_ref();
        match self {
            Tagged::StateMachine(d) => records::put(store, STATE_MACHINES, &d.arn, d.as_ref()),
            Tagged::Activity(d) => records::put(store, ACTIVITIES, &d.arn, d),
        }
    }
}

fn load(svc: &Service, resource_arn: &str) -> Result<Tagged, ApiError> {
    let parsed = arn::parse(resource_arn)?;
    let found = match (parsed.kind, parsed.parts.len()) {
        ("stateMachine", 1) => {
            state_machines::load(svc, resource_arn)?.map(|d| Tagged::StateMachine(Box::new(d)))
        }
        ("activity", 1) => {
            records::get::<ActivityDoc>(svc.store().as_ref(), ACTIVITIES, resource_arn)?
                .map(Tagged::Activity)
        }
        _ => None,
    };
    found.ok_or_else(|| not_found(resource_arn))
}

pub(super) fn tag(svc: &Service, input: Input<'_>) -> Result<Value, ApiError> {
    let req: model::TagResourceInput = input.typed()?;
    let mut res = load(svc, &req.resource_arn)?;
    let mut tags = res.tags().clone();
    state_machines::merge_tags(&mut tags, &req.tags);
    if tags.len() > state_machines::MAX_TAGS {
        return Err(state_machines::too_many_tags(&req.resource_arn));
    }
    *res.tags() = tags;
    res.save(svc)?;
    Ok(json!({}))
}

pub(super) fn untag(svc: &Service, input: Input<'_>) -> Result<Value, ApiError> {
    let req: model::UntagResourceInput = input.typed()?;
    let mut res = load(svc, &req.resource_arn)?;
    res.tags().retain(|(k, _)| !req.tag_keys.contains(k));
    res.save(svc)?;
    Ok(json!({}))
}

pub(super) fn list(svc: &Service, input: Input<'_>) -> Result<Value, ApiError> {
    let req: model::ListTagsForResourceInput = input.typed()?;
    let mut res = load(svc, &req.resource_arn)?;
    let tags: Vec<Value> = res
        .tags()
        .iter()
        .map(|(k, v)| json!({"key": k, "value": v}))
        .collect();
    Ok(Out::new().set("tags", tags).build())
}
