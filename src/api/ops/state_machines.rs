//! CreateStateMachine, DescribeStateMachine, UpdateStateMachine, DeleteStateMachine,
//! ListStateMachines and ValidateStateMachineDefinition, plus the lookups other areas share
//! (a state machine by ARN, the deferred deletion of a machine with running executions).

use serde_json::{json, Value};

use super::{listing_key, versions, Input, Out};
use crate::api::arn::{self, StateMachineRef};
use crate::api::model;
use crate::api::records::{
    self, wire_ms, AliasDoc, StateMachineDoc, VersionDoc, ALIASES, STATE_MACHINES, VERSIONS,
};
use crate::api::{ApiError, Service};
use crate::api_error;
use crate::asl::error::Severity;
use crate::store::{ExecutionFilter, ExecutionStatus};

pub(crate) fn does_not_exist(arn: &str) -> ApiError {
    api_error!(
        StateMachineDoesNotExist,
        "State Machine Does Not Exist: '{arn}'"
    )
}

pub(crate) fn deleting(arn: &str) -> ApiError {
    api_error!(
        StateMachineDeleting,
        "State Machine is being deleted: '{arn}'"
    )
}

/// AWS's defaults for an absent `loggingConfiguration`, and its rules (see
/// [`crate::logs::config::check`]). Stored as the JSON DescribeStateMachine answers.
/// A destination naming a log group deleted through the control API is not found, as AWS
/// answers for a log group that does not exist.
fn logging(
    given: Option<&model::LoggingConfiguration>,
    logs: &crate::logs::Logs,
) -> Result<Value, ApiError> {
    let level = given.and_then(|l| l.level).map_or("OFF", |l| l.as_str());
    let include = given
        .and_then(|l| l.include_execution_data)
        .unwrap_or(false);
    let destinations = given.and_then(|l| l.destinations.as_ref());
    let arns: Vec<Option<&str>> = destinations
        .into_iter()
        .flatten()
        .map(|d| {
            d.cloud_watch_logs_log_group
                .as_ref()
                .and_then(|g| g.log_group_arn.as_deref())
        })
        .collect();
    if let Err(message) = crate::logs::config::check(level, &arns) {
        return Err(ApiError::new("InvalidLoggingConfiguration", message));
    }
    let gone = arns
        .iter()
        .flatten()
        .filter_map(|a| crate::logs::config::log_group_name(a).ok())
        .any(|name| !logs.group_exists(&name));
    if gone {
        return Err(ApiError::new(
            "InvalidLoggingConfiguration",
            crate::logs::config::NOT_FOUND,
        ));
    }
    let mut out = json!({"level": level, "includeExecutionData": include});
    if let (Some(d), Some(map)) = (destinations, out.as_object_mut()) {
        let d = serde_json::to_value(d)
            .map_err(|e| ApiError::internal(format!("log destinations: {e}")))?;
        map.insert("destinations".to_owned(), d);
    }
    Ok(out)
}

fn tracing(given: Option<&model::TracingConfiguration>) -> Value {
    let enabled = given.and_then(|t| t.enabled).unwrap_or(false);
    json!({ "enabled": enabled })
}

/// Tags from a request, later duplicates replacing earlier ones (as AWS keeps them).
pub(crate) fn merge_tags(current: &mut Vec<(String, String)>, tags: &[model::Tag]) {
    for t in tags {
        let (Some(k), Some(v)) = (t.key.as_deref(), t.value.as_deref()) else {
            continue;
        };
        match current.iter_mut().find(|(ck, _)| ck == k) {
            Some(slot) => slot.1 = v.to_owned(),
            None => current.push((k.to_owned(), v.to_owned())),
        }
    }
}

/// AWS's per-resource tag limit.
pub(crate) const MAX_TAGS: usize = 50;

pub(crate) fn too_many_tags(arn: &str) -> ApiError {
    api_error!(TooManyTags, "Too many tags for resource: '{arn}'")
}

/// The state machine at `arn` (unqualified), if any. A machine deleted while executions were
/// running disappears here once the last one has ended.
pub(crate) fn load(svc: &Service, arn: &str) -> Result<Option<StateMachineDoc>, ApiError> {
    let Some(doc) = records::get::<StateMachineDoc>(svc.store().as_ref(), STATE_MACHINES, arn)?
    else {
        return Ok(None);
    };
    if doc.status == "DELETING" && running_executions(svc, arn) == 0 {
        remove(svc, &doc)?;
        return Ok(None);
    }
    Ok(Some(doc))
}

/// The state machine at `arn`, or StateMachineDoesNotExist.
pub(crate) fn require(svc: &Service, arn: &str) -> Result<StateMachineDoc, ApiError> {
    load(svc, arn)?.ok_or_else(|| does_not_exist(arn))
}

/// Like [`require`], refusing a machine that is being deleted.
pub(crate) fn require_active(svc: &Service, arn: &str) -> Result<StateMachineDoc, ApiError> {
    let doc = require(svc, arn)?;
    if doc.status == "DELETING" {
        return Err(deleting(arn));
    }
    Ok(doc)
}

fn running_executions(svc: &Service, arn: &str) -> usize {
    svc.store()
        .list_executions(&ExecutionFilter {
            state_machine_arn: Some(arn.to_owned()),
            map_run_arn: None,
            status: Some(ExecutionStatus::Running),
        })
        .len()
}

/// Deletes a state machine with its versions and aliases.
fn remove(svc: &Service, doc: &StateMachineDoc) -> Result<(), ApiError> {
    let store = svc.store().as_ref();
    for v in records::list::<VersionDoc>(store, VERSIONS)? {
        if v.state_machine_arn == doc.arn {
            store.delete_doc(VERSIONS, &v.arn);
            svc.forget_plan(&v.arn);
        }
    }
    for a in records::list::<AliasDoc>(store, ALIASES)? {
        if a.state_machine_arn == doc.arn {
            store.delete_doc(ALIASES, &a.arn);
        }
    }
    store.delete_doc(STATE_MACHINES, &doc.arn);
    svc.forget_plan(&doc.arn);
    Ok(())
}

pub(super) fn create(svc: &Service, input: Input<'_>) -> Result<Value, ApiError> {
    let req: model::CreateStateMachineInput = input.typed()?;
    let name = req.name.as_str();
    let definition = req.definition.as_str();
    let role_arn = req.role_arn.as_str();
    let sm_type = req.r#type.unwrap_or_default().as_str();
    let publish = req.publish.unwrap_or(false);
    let version_description = req.version_description.as_deref();
    if !publish && version_description.is_some() {
        return Err(api_error!(
            ValidationException,
            "Version description can only be set when publish is true"
        ));
    }
    if !arn::valid_name(name) {
        return Err(api_error!(InvalidName, "Invalid Name: '{name}'"));
    }
    let logging = logging(req.logging_configuration.as_ref(), svc.engine().logs())?;
    let tracing = tracing(req.tracing_configuration.as_ref());
    let arn = input.arns().state_machine(name);

    if let Some(existing) = load(svc, &arn)? {
        if existing.status == "DELETING" {
            return Err(deleting(&arn));
        }
        // Idempotent: the same name, definition text, type and configurations answer the
        // existing machine (role and tags are not compared, as AWS does).
        if existing.definition == definition
            && existing.sm_type == sm_type
            && existing.logging == logging
            && existing.tracing == tracing
        {
            let version = existing
                .version_of_revision
                .get(existing.revision_id.as_deref().unwrap_or(""))
                .filter(|_| publish)
                .cloned();
            return Ok(Out::new()
                .set("stateMachineArn", existing.arn)
                .set("creationDate", wire_ms(existing.creation_ms))
                .opt("stateMachineVersionArn", version)
                .build());
        }
        return Err(api_error!(
            StateMachineAlreadyExists,
            "State Machine Already Exists: '{arn}'"
        ));
    }

    let plan = crate::asl::compile_for_type(definition, sm_type == "EXPRESS")?;
    let mut tags = Vec::new();
    merge_tags(&mut tags, req.tags.as_deref().unwrap_or_default());
    if tags.len() > MAX_TAGS {
        return Err(too_many_tags(&arn));
    }
    let now = records::millis(svc.engine().now());
    let seq = svc.store().list_docs(STATE_MACHINES).len() as u64;
    let mut doc = StateMachineDoc {
        arn: arn.clone(),
        name: name.to_owned(),
        definition: definition.to_owned(),
        role_arn: role_arn.to_owned(),
        sm_type: sm_type.to_owned(),
        logging,
        tracing,
        creation_ms: now,
        update_ms: now,
        revision_id: None,
        status: "ACTIVE".to_owned(),
        tags,
        last_version: 0,
        version_of_revision: Default::default(),
        seq,
    };
    records::put(svc.store().as_ref(), STATE_MACHINES, &arn, &doc)?;
    svc.cache_plan(&arn, plan);
    let version = if publish {
        Some(versions::publish_current(svc, &mut doc, version_description)?.arn)
    } else {
        None
    };
    Ok(Out::new()
        .set("stateMachineArn", arn)
        .set("creationDate", wire_ms(now))
        .opt("stateMachineVersionArn", version)
        .build())
}

fn encryption() -> Value {
    json!({"type": "AWS_OWNED_KEY"})
}

pub(super) fn describe(svc: &Service, input: Input<'_>) -> Result<Value, ApiError> {
    let req: model::DescribeStateMachineInput = input.typed()?;
    match arn::state_machine(&req.state_machine_arn)? {
        StateMachineRef::Base { arn } => {
            let doc = require(svc, &arn)?;
            Ok(Out::new()
                .set("stateMachineArn", doc.arn)
                .set("name", doc.name)
                .set("status", doc.status)
                .set("definition", doc.definition)
                .set("roleArn", doc.role_arn)
                .set("type", doc.sm_type)
                .set("creationDate", wire_ms(doc.creation_ms))
                .set("loggingConfiguration", doc.logging)
                .set("tracingConfiguration", doc.tracing)
                .opt("revisionId", doc.revision_id)
                .set("encryptionConfiguration", encryption())
                .build())
        }
        StateMachineRef::Version { base, arn } => {
            require(svc, &base)?;
            let v = records::get::<VersionDoc>(svc.store().as_ref(), VERSIONS, &arn)?
                .ok_or_else(|| does_not_exist(&arn))?;
            Ok(Out::new()
                .set("stateMachineArn", v.arn)
                .set("name", v.name)
                .set("status", "ACTIVE")
                .set("definition", v.definition)
                .set("roleArn", v.role_arn)
                .set("type", v.sm_type)
                .set("creationDate", wire_ms(v.creation_ms))
                .set("loggingConfiguration", v.logging)
                .set("tracingConfiguration", v.tracing)
                .opt("revisionId", v.revision_id)
                .opt("description", v.description)
                .set("encryptionConfiguration", encryption())
                .build())
        }
        StateMachineRef::Alias { arn, .. } => Err(does_not_exist(&arn)),
    }
}

pub(super) fn update(svc: &Service, input: Input<'_>) -> Result<Value, ApiError> {
    let req: model::UpdateStateMachineInput = input.typed()?;
    let base = match arn::state_machine(&req.state_machine_arn)? {
        StateMachineRef::Base { arn } => arn,
        other => return Err(does_not_exist(other.arn())),
    };
    let mut doc = require_active(svc, &base)?;
    let definition = req.definition.as_deref();
    let role_arn = req.role_arn.as_deref();
    let logging_in = req.logging_configuration.as_ref();
    let tracing_in = req.tracing_configuration.as_ref();
    if definition.is_none() && role_arn.is_none() && logging_in.is_none() && tracing_in.is_none() {
        return Err(api_error!(
            MissingRequiredParameter,
            "Either the definition, the role ARN, the LoggingConfiguration, or the TracingConfiguration must be specified"
        ));
    }
    let publish = req.publish.unwrap_or(false);
    let version_description = req.version_description.as_deref();
    if !publish && version_description.is_some() {
        return Err(api_error!(
            ValidationException,
            "Version description can only be set when publish is true"
        ));
    }
    let express = doc.sm_type == "EXPRESS";
    let plan = definition
        .map(|d| crate::asl::compile_for_type(d, express))
        .transpose()?;
    let logging = logging_in
        .map(|l| logging(Some(l), svc.engine().logs()))
        .transpose()?;
    let tracing = tracing_in.map(|t| tracing(Some(t)));

    let mut changed = false;
    if let Some(d) = definition.filter(|d| *d != doc.definition) {
        doc.definition = d.to_owned();
        changed = true;
    }
    if let Some(r) = role_arn.filter(|r| *r != doc.role_arn) {
        doc.role_arn = r.to_owned();
        changed = true;
    }
    if let Some(l) = logging.filter(|l| *l != doc.logging) {
        doc.logging = l;
        changed = true;
    }
    if let Some(t) = tracing.filter(|t| *t != doc.tracing) {
        doc.tracing = t;
        changed = true;
    }
    let now = records::millis(svc.engine().now());
    if changed {
        doc.revision_id = Some(svc.engine().new_uuid().to_string());
        doc.update_ms = now;
        match plan {
            Some(plan) => svc.cache_plan(&doc.arn, plan),
            None => svc.forget_plan(&doc.arn),
        }
    }
    records::put(svc.store().as_ref(), STATE_MACHINES, &doc.arn, &doc)?;
    let version = if publish {
        Some(versions::publish_current(svc, &mut doc, version_description)?.arn)
    } else {
        None
    };
    Ok(Out::new()
        .set("updateDate", wire_ms(now))
        .opt("revisionId", doc.revision_id)
        .opt("stateMachineVersionArn", version)
        .build())
}

pub(super) fn delete(svc: &Service, input: Input<'_>) -> Result<Value, ApiError> {
    let req: model::DeleteStateMachineInput = input.typed()?;
    let base = match arn::state_machine(&req.state_machine_arn)? {
        StateMachineRef::Base { arn } => arn,
        StateMachineRef::Version { arn, .. } => return versions::delete_version(svc, &arn),
        StateMachineRef::Alias { arn, .. } => {
            svc.store().delete_doc(ALIASES, &arn);
            return Ok(json!({}));
        }
    };
    let Some(mut doc) = load(svc, &base)? else {
        return Ok(json!({}));
    };
    if running_executions(svc, &base) > 0 {
        // AWS keeps the machine, DELETING, until its running executions end.
        doc.status = "DELETING".to_owned();
        records::put(svc.store().as_ref(), STATE_MACHINES, &base, &doc)?;
    } else {
        remove(svc, &doc)?;
    }
    Ok(json!({}))
}

pub(super) fn list(svc: &Service, input: Input<'_>) -> Result<Value, ApiError> {
    let req: model::ListStateMachinesInput = input.typed()?;
    let max_results = req.max_results.map(i64::from);
    let next_token = req.next_token.as_deref();
    let mut docs = Vec::new();
    for doc in records::list::<StateMachineDoc>(svc.store().as_ref(), STATE_MACHINES)? {
        if let Some(doc) = load(svc, &doc.arn)? {
            docs.push(doc);
        }
    }
    docs.sort_by(|a, b| a.name.cmp(&b.name));
    let (page, next) = svc.paginator().page(
        &listing_key("ListStateMachines", &[]),
        docs,
        max_results,
        next_token,
    )?;
    let items: Vec<Value> = page
        .into_iter()
        .map(|d| {
            Out::new()
                .set("stateMachineArn", d.arn)
                .set("name", d.name)
                .set("type", d.sm_type)
                .set("creationDate", wire_ms(d.creation_ms))
                .build()
        })
        .collect();
    Ok(Out::new()
        .set("stateMachines", items)
        .opt("nextToken", next)
        .build())
}

pub(super) fn validate(input: Input<'_>) -> Result<Value, ApiError> {
    let req: model::ValidateStateMachineDefinitionInput = input.typed()?;
    // AWS lists only errors unless WARNING is asked for; 0 or no maxResults means 100.
    let severity = match req.severity {
        Some(model::ValidateStateMachineDefinitionSeverity::Warning) => Severity::Warning,
        _ => Severity::Error,
    };
    let max = req
        .max_results
        .and_then(|n| usize::try_from(n).ok())
        .unwrap_or(0);
    let express = req.r#type.unwrap_or_default().as_str() == "EXPRESS";
    Ok(
        crate::asl::validate::validate_definition(&req.definition, express, severity, max)
            .to_json(),
    )
}
