//! PublishStateMachineVersion, ListStateMachineVersions and DeleteStateMachineVersion, and
//! publishing on CreateStateMachine / UpdateStateMachine (`publish: true`).

use serde_json::{json, Value};

use super::{listing_key, state_machines, Input, Out};
use crate::api::arn::{self, StateMachineRef};
use crate::api::model;
use crate::api::records::{
    self, wire_ms, AliasDoc, StateMachineDoc, VersionDoc, ALIASES, STATE_MACHINES, VERSIONS,
};
use crate::api::{ApiError, Service};
use crate::api_error;

/// Publishes the machine's current revision, or answers the version that already publishes it
/// (publishing is idempotent per revision). Saves the machine record.
pub(crate) fn publish_current(
    svc: &Service,
    doc: &mut StateMachineDoc,
    description: Option<&str>,
) -> Result<VersionDoc, ApiError> {
    let store = svc.store().as_ref();
    let revision = doc.revision_id.clone().unwrap_or_default();
    if let Some(existing) = doc.version_of_revision.get(&revision) {
        if let Some(v) = records::get::<VersionDoc>(store, VERSIONS, existing)? {
            return Ok(v);
        }
    }
    let number = doc.last_version + 1;
    let arn = format!("{}:{number}", doc.arn);
    let version = VersionDoc {
        arn: arn.clone(),
        state_machine_arn: doc.arn.clone(),
        number,
        name: doc.name.clone(),
        definition: doc.definition.clone(),
        role_arn: doc.role_arn.clone(),
        sm_type: doc.sm_type.clone(),
        logging: doc.logging.clone(),
        tracing: doc.tracing.clone(),
        revision_id: doc.revision_id.clone(),
        description: description.map(str::to_owned),
        creation_ms: records::millis(svc.engine().now()),
    };
    records::put(store, VERSIONS, &arn, &version)?;
    doc.last_version = number;
    doc.version_of_revision.insert(revision, arn);
    records::put(store, STATE_MACHINES, &doc.arn, doc)?;
    Ok(version)
}

fn base_arn(arn: &str) -> Result<String, ApiError> {
    match arn::state_machine(arn)? {
        StateMachineRef::Base { arn } => Ok(arn),
        other => Err(state_machines::does_not_exist(other.arn())),
    }
}

pub(super) fn publish(svc: &Service, input: Input<'_>) -> Result<Value, ApiError> {
    let req: model::PublishStateMachineVersionInput = input.typed()?;
    let arn = base_arn(&req.state_machine_arn)?;
    let mut doc = state_machines::require_active(svc, &arn)?;
    if let Some(wanted) = req.revision_id.as_deref() {
        let current = doc.revision_id.clone().unwrap_or_default();
        if wanted != current {
            return Err(api_error!(
                ConflictException,
                "Failed to publish the State Machine version for revision {wanted}. The current State Machine revision is {current}."
            ));
        }
    }
    let version = publish_current(svc, &mut doc, req.description.as_deref())?;
    Ok(Out::new()
        .set("creationDate", wire_ms(version.creation_ms))
        .set("stateMachineVersionArn", version.arn)
        .build())
}

pub(super) fn list(svc: &Service, input: Input<'_>) -> Result<Value, ApiError> {
    let req: model::ListStateMachineVersionsInput = input.typed()?;
    let arn = base_arn(&req.state_machine_arn)?;
    let max_results = req.max_results.map(i64::from);
    let next_token = req.next_token.as_deref();
    state_machines::require(svc, &arn)?;
    let mut versions: Vec<VersionDoc> = records::list(svc.store().as_ref(), VERSIONS)?
        .into_iter()
        .filter(|v: &VersionDoc| v.state_machine_arn == arn)
        .collect();
    // Newest first, as AWS lists them.
    versions.sort_by_key(|v| std::cmp::Reverse(v.number));
    let (page, next) = svc.paginator().page(
        &listing_key("ListStateMachineVersions", &[Some(&arn)]),
        versions,
        max_results,
        next_token,
    )?;
    let items: Vec<Value> = page
        .into_iter()
        .map(|v| {
            Out::new()
                .set("stateMachineVersionArn", v.arn)
                .set("creationDate", wire_ms(v.creation_ms))
                .build()
        })
        .collect();
    Ok(Out::new()
        .set("stateMachineVersions", items)
        .opt("nextToken", next)
        .build())
}

/// Deletes one version unless an alias routes to it; an unknown version is not an error.
pub(crate) fn delete_version(svc: &Service, arn: &str) -> Result<Value, ApiError> {
    let store = svc.store().as_ref();
    let Some(version) = records::get::<VersionDoc>(store, VERSIONS, arn)? else {
        return Ok(json!({}));
    };
    let referencing: Vec<String> = records::list::<AliasDoc>(store, ALIASES)?
        .into_iter()
        .filter(|a| a.routing.iter().any(|r| r.state_machine_version_arn == arn))
        .map(|a| a.name)
        .collect();
    if !referencing.is_empty() {
        return Err(api_error!(
            ConflictException,
            "Version to be deleted must not be referenced by an alias. Current list of aliases referencing this version: [{}]",
            referencing.join(", ")
        ));
    }
    store.delete_doc(VERSIONS, arn);
    svc.forget_plan(arn);
    if let Some(mut doc) =
        records::get::<StateMachineDoc>(store, STATE_MACHINES, &version.state_machine_arn)?
    {
        doc.version_of_revision.retain(|_, v| v != arn);
        records::put(store, STATE_MACHINES, &doc.arn, &doc)?;
    }
    Ok(json!({}))
}

pub(super) fn delete(svc: &Service, input: Input<'_>) -> Result<Value, ApiError> {
    let req: model::DeleteStateMachineVersionInput = input.typed()?;
    match arn::state_machine(&req.state_machine_version_arn)? {
        StateMachineRef::Version { arn, .. } => delete_version(svc, &arn),
        other => Err(api_error!(
            ValidationException,
            "Invalid Arn: '{}' is not a state machine version ARN",
            other.arn()
        )),
    }
}
