//! StartExecution, StartSyncExecution, StopExecution, DescribeExecution, ListExecutions,
//! DescribeStateMachineForExecution and GetExecutionHistory. Resolves what to run (state
//! machine, version or alias) and hands it to the engine; never runs anything itself.

use serde_json::{json, Map, Value};

use super::{aliases, listing_key, state_machines, Input, Out};
use crate::api::arn::{self, Arns, StateMachineRef};
use crate::api::model;
use crate::api::records::{
    self, wire_date, wire_ms, ExecutionMetaDoc, VersionDoc, EXECUTION_META, VERSIONS,
};
use crate::api::{ApiError, Service};
use crate::api_error;
use crate::engine::{express, StartRequest};
use crate::store::{EventDetails, ExecutionFilter, ExecutionRecord, ExecutionStatus, HistoryEvent};

fn does_not_exist(arn: &str) -> ApiError {
    api_error!(ExecutionDoesNotExist, "Execution Does Not Exist: '{arn}'")
}

fn type_not_supported() -> ApiError {
    api_error!(
        StateMachineTypeNotSupported,
        "This operation is not supported by this type of state machine"
    )
}

/// What an execution will run, resolved from the ARN the caller gave.
struct Target {
    state_machine_arn: String,
    name: String,
    definition: String,
    role_arn: String,
    sm_type: String,
    logging: Value,
    tracing: Value,
    update_ms: i64,
    revision_id: Option<String>,
    version_arn: Option<String>,
    alias_arn: Option<String>,
    /// The key of the compiled plan (the state machine or version ARN).
    plan_key: String,
}

fn resolve(svc: &Service, given: &str) -> Result<Target, ApiError> {
    let sm_ref = arn::state_machine(given)?;
    let doc = state_machines::require_active(svc, sm_ref.base())?;
    let (version_arn, alias_arn) = match sm_ref {
        StateMachineRef::Base { .. } => (None, None),
        StateMachineRef::Version { arn, .. } => (Some(arn), None),
        StateMachineRef::Alias { arn, .. } => {
            let (alias, version) = aliases::pick_version(svc, &arn)?;
            (Some(version), Some(alias.arn))
        }
    };
    match version_arn {
        None => Ok(Target {
            plan_key: doc.arn.clone(),
            state_machine_arn: doc.arn,
            name: doc.name,
            definition: doc.definition,
            role_arn: doc.role_arn,
            sm_type: doc.sm_type,
            logging: doc.logging,
            tracing: doc.tracing,
            update_ms: doc.update_ms,
            revision_id: doc.revision_id,
            version_arn: None,
            alias_arn,
        }),
        Some(varn) => {
            let v = records::get::<VersionDoc>(svc.store().as_ref(), VERSIONS, &varn)?
                .ok_or_else(|| state_machines::does_not_exist(&varn))?;
            Ok(Target {
                plan_key: v.arn.clone(),
                state_machine_arn: doc.arn,
                name: doc.name,
                definition: v.definition,
                role_arn: v.role_arn,
                sm_type: v.sm_type,
                logging: v.logging,
                tracing: v.tracing,
                update_ms: v.creation_ms,
                revision_id: v.revision_id,
                version_arn: Some(v.arn),
                alias_arn,
            })
        }
    }
}

/// The name and input of a start request, checked as AWS checks them.
fn name_and_input(
    svc: &Service,
    name: Option<String>,
    input: Option<String>,
) -> Result<(String, String), ApiError> {
    let name = match name {
        Some(n) if !arn::valid_name(&n) => {
            return Err(api_error!(InvalidName, "Invalid Name: '{n}'"))
        }
        Some(n) => n,
        None => svc.engine().new_uuid().to_string(),
    };
    let text = input.unwrap_or_else(|| "{}".to_owned());
    if let Err(e) = serde_json::from_str::<serde::de::IgnoredAny>(&text) {
        return Err(api_error!(
            InvalidExecutionInput,
            "Invalid State Machine Execution Input: '{e}'"
        ));
    }
    Ok((name, text))
}

fn request(
    svc: &Service,
    t: &Target,
    execution_arn: String,
    name: String,
    input: String,
    trace: Option<&str>,
    express: bool,
) -> Result<StartRequest, ApiError> {
    Ok(StartRequest {
        execution_arn,
        state_machine_arn: t.state_machine_arn.clone(),
        state_machine_name: t.name.clone(),
        state_machine_version_arn: t.version_arn.clone(),
        state_machine_alias_arn: t.alias_arn.clone(),
        name,
        plan: svc.plan(&t.plan_key, &t.definition)?,
        input,
        role_arn: t.role_arn.clone(),
        trace_header: trace.map(str::to_owned),
        express,
    })
}

fn remember(svc: &Service, t: &Target, execution_arn: &str, express: bool) -> Result<(), ApiError> {
    let meta = ExecutionMetaDoc {
        state_machine_arn: t.state_machine_arn.clone(),
        name: t.name.clone(),
        definition: t.definition.clone(),
        role_arn: t.role_arn.clone(),
        logging: t.logging.clone(),
        tracing: t.tracing.clone(),
        update_ms: t.update_ms,
        revision_id: t.revision_id.clone(),
        express,
    };
    records::put(svc.store().as_ref(), EXECUTION_META, execution_arn, &meta)
}

/// Sends the execution's events to its machine's log group, if its logging configuration says
/// so (before it starts, so that `ExecutionStarted` is logged too).
fn log_to(svc: &Service, t: &Target, execution_arn: &str) {
    let target = crate::logs::config::target(&t.logging);
    svc.engine().logs().register(execution_arn, target);
}

/// Step Functions Local selects a MockConfigFile test case with `stateMachineArn#TestCase`
/// ([`arn::state_machine`] already ignores the suffix when resolving).
fn bind_test_case(svc: &Service, given: &str, target: &Target, execution_arn: &str) {
    if let Some((_, case)) = given.split_once('#') {
        svc.integrations()
            .bind_test_case(execution_arn, &target.name, case);
    }
}

pub(super) fn start(svc: &Service, input: Input<'_>) -> Result<Value, ApiError> {
    let req: model::StartExecutionInput = input.typed()?;
    let req_arn = req.state_machine_arn.clone();
    let target = resolve(svc, &req.state_machine_arn)?;
    let (name, text) = name_and_input(svc, req.name, req.input)?;
    let express = target.sm_type == "EXPRESS";
    let execution_arn = if express {
        let id = svc.engine().new_uuid().to_string();
        Arns::express_execution(&target.state_machine_arn, &target.name, &name, &id)
    } else {
        Arns::execution(&target.state_machine_arn, &target.name, &name)
    };
    if let Some(existing) = svc.store().get_execution(&execution_arn) {
        // Idempotent for Standard: the same name and input as a *running* execution answer it.
        if existing.status == ExecutionStatus::Running && existing.input == text {
            return Ok(Out::new()
                .set("executionArn", existing.execution_arn)
                .set("startDate", wire_date(existing.start_date))
                .build());
        }
        return Err(api_error!(
            ExecutionAlreadyExists,
            "Execution Already Exists: '{execution_arn}'"
        ));
    }
    let req = request(
        svc,
        &target,
        execution_arn.clone(),
        name,
        text,
        req.trace_header.as_deref(),
        express,
    )?;
    remember(svc, &target, &execution_arn, express)?;
    log_to(svc, &target, &execution_arn);
    bind_test_case(svc, &req_arn, &target, &execution_arn);
    let record = svc.engine().start(req)?;
    Ok(Out::new()
        .set("executionArn", record.execution_arn)
        .set("startDate", wire_date(record.start_date))
        .build())
}

pub(super) async fn start_sync(svc: &Service, input: Input<'_>) -> Result<Value, ApiError> {
    let req: model::StartSyncExecutionInput = input.typed()?;
    let req_arn = req.state_machine_arn.clone();
    let target = resolve(svc, &req.state_machine_arn)?;
    if target.sm_type != "EXPRESS" {
        return Err(type_not_supported());
    }
    let (name, text) = name_and_input(svc, req.name, req.input)?;
    let id = svc.engine().new_uuid().to_string();
    let execution_arn =
        Arns::express_execution(&target.state_machine_arn, &target.name, &name, &id);
    let req = request(
        svc,
        &target,
        execution_arn.clone(),
        name,
        text,
        req.trace_header.as_deref(),
        true,
    )?;
    remember(svc, &target, &execution_arn, true)?;
    log_to(svc, &target, &execution_arn);
    bind_test_case(svc, &req_arn, &target, &execution_arn);
    let r = svc.engine().run_sync(req).await?;
    let stop = r.stop_date.unwrap_or(r.start_date);
    let payload = r.input.len() + r.output.as_ref().map_or(0, String::len);
    let bill = express::billing(r.start_date, stop, target.definition.len(), payload);
    let output_included = r.output.is_some();
    Ok(Out::new()
        .set("executionArn", r.execution_arn)
        .set("stateMachineArn", r.state_machine_arn)
        .set("name", r.name)
        .set("startDate", wire_date(r.start_date))
        .set("stopDate", wire_date(stop))
        .set("status", r.status.as_str())
        .opt("error", r.error)
        .opt("cause", r.cause)
        .set("input", r.input)
        .set("inputDetails", json!({"included": true}))
        .opt("output", r.output)
        .opt(
            "outputDetails",
            output_included.then(|| json!({"included": true})),
        )
        .opt("traceHeader", r.trace_header)
        .set(
            "billingDetails",
            json!({
                "billedMemoryUsedInMB": bill.billed_memory_mb,
                "billedDurationInMilliseconds": bill.billed_duration_ms
            }),
        )
        .build())
}

/// The record of a standard execution, or AWS's errors for a bad or unknown ARN.
fn require(svc: &Service, arn: &str) -> Result<ExecutionRecord, ApiError> {
    arn::execution(arn)?;
    svc.store()
        .get_execution(arn)
        .ok_or_else(|| does_not_exist(arn))
}

pub(super) fn stop(svc: &Service, input: Input<'_>) -> Result<Value, ApiError> {
    let req: model::StopExecutionInput = input.typed()?;
    let record = require(svc, &req.execution_arn)?;
    let stopped = svc
        .engine()
        .stop(&record.execution_arn, req.error, req.cause)?;
    let date = stopped.stop_date.unwrap_or_else(|| svc.engine().now());
    Ok(Out::new().set("stopDate", wire_date(date)).build())
}

pub(super) fn describe(svc: &Service, input: Input<'_>) -> Result<Value, ApiError> {
    let req: model::DescribeExecutionInput = input.typed()?;
    let r = require(svc, &req.execution_arn)?;
    let (redrive, reason) = super::redrive::status(svc, &r);
    let redrive_date = super::redrive::redrive_date(svc, &r.execution_arn);
    let output_details = r.output.is_some().then(|| json!({"included": true}));
    Ok(Out::new()
        .set("executionArn", r.execution_arn)
        .set("stateMachineArn", r.state_machine_arn)
        .set("name", r.name)
        .set("status", r.status.as_str())
        .set("startDate", wire_date(r.start_date))
        .opt("stopDate", r.stop_date.map(wire_date))
        .set("input", r.input)
        .set("inputDetails", json!({"included": true}))
        .opt("output", r.output)
        .opt("outputDetails", output_details)
        .opt("traceHeader", r.trace_header)
        .opt("mapRunArn", r.map_run_arn)
        .opt("error", r.error)
        .opt("cause", r.cause)
        .opt("stateMachineVersionArn", r.state_machine_version_arn)
        .opt("stateMachineAliasArn", r.state_machine_alias_arn)
        .set("redriveCount", r.redrive_count)
        .opt("redriveDate", redrive_date)
        .set("redriveStatus", redrive)
        .opt("redriveStatusReason", reason)
        .build())
}

const STATUSES: [ExecutionStatus; 6] = [
    ExecutionStatus::Running,
    ExecutionStatus::Succeeded,
    ExecutionStatus::Failed,
    ExecutionStatus::TimedOut,
    ExecutionStatus::Aborted,
    ExecutionStatus::PendingRedrive,
];

pub(super) fn list(svc: &Service, input: Input<'_>) -> Result<Value, ApiError> {
    let req: model::ListExecutionsInput = input.typed()?;
    let sm_arn = req.state_machine_arn.as_deref();
    let map_run_arn = req.map_run_arn.as_deref();
    let status_in = req.status_filter.map(|s| s.as_str());
    let redrive_filter = req.redrive_filter.map(|r| r.as_str());
    let max_results = req.max_results.map(i64::from);
    let next_token = req.next_token.as_deref();
    // The model checked the enum; map it onto the store's statuses.
    let status = status_in.and_then(|s| STATUSES.into_iter().find(|x| x.as_str() == s));
    let mut filter = ExecutionFilter {
        state_machine_arn: None,
        map_run_arn: map_run_arn.map(str::to_owned),
        status,
    };
    let mut qualifier: Option<StateMachineRef> = None;
    match (sm_arn, map_run_arn) {
        (Some(a), _) => {
            let sm_ref = arn::state_machine(a)?;
            let doc = state_machines::require(svc, sm_ref.base())?;
            if doc.sm_type == "EXPRESS" {
                return Err(type_not_supported());
            }
            filter.state_machine_arn = Some(doc.arn);
            qualifier = Some(sm_ref);
        }
        (None, Some(m)) => {
            let parsed = arn::parse(m)?;
            if parsed.kind != "mapRun" {
                return Err(arn::wrong_kind(parsed.kind));
            }
        }
        (None, None) => {
            return Err(api_error!(
                ValidationException,
                "Must provide a StateMachine ARN or MapRun ARN"
            ))
        }
    }
    let records: Vec<ExecutionRecord> = svc
        .store()
        .list_executions(&filter)
        .into_iter()
        .filter(|r| match &qualifier {
            Some(StateMachineRef::Version { arn, .. }) => {
                r.state_machine_version_arn.as_deref() == Some(arn)
            }
            Some(StateMachineRef::Alias { arn, .. }) => {
                r.state_machine_alias_arn.as_deref() == Some(arn)
            }
            _ => true,
        })
        .filter(|r| match redrive_filter {
            Some("REDRIVEN") => r.redrive_count > 0,
            Some("NOT_REDRIVEN") => r.redrive_count == 0,
            _ => true,
        })
        .filter(|r| !r.execution_arn.contains(":express:"))
        .collect();
    let (page, next) = svc.paginator().page(
        &listing_key(
            "ListExecutions",
            &[sm_arn, map_run_arn, status_in, redrive_filter],
        ),
        records,
        max_results,
        next_token,
    )?;
    let items: Vec<Value> = page
        .into_iter()
        .map(|r| {
            let redrive_date = super::redrive::redrive_date(svc, &r.execution_arn);
            Out::new()
                .set("executionArn", r.execution_arn)
                .set("stateMachineArn", r.state_machine_arn)
                .set("name", r.name)
                .set("status", r.status.as_str())
                .set("startDate", wire_date(r.start_date))
                .opt("stopDate", r.stop_date.map(wire_date))
                .opt("mapRunArn", r.map_run_arn)
                .opt("stateMachineVersionArn", r.state_machine_version_arn)
                .opt("stateMachineAliasArn", r.state_machine_alias_arn)
                .set("redriveCount", r.redrive_count)
                .opt("redriveDate", redrive_date)
                .build()
        })
        .collect();
    Ok(Out::new()
        .set("executions", items)
        .opt("nextToken", next)
        .build())
}

pub(super) fn describe_state_machine(svc: &Service, input: Input<'_>) -> Result<Value, ApiError> {
    let req: model::DescribeStateMachineForExecutionInput = input.typed()?;
    let r = require(svc, &req.execution_arn)?;
    let (meta, label) = machine_of(svc, &r, 0)?.ok_or_else(|| does_not_exist(&r.execution_arn))?;
    Ok(Out::new()
        .set("stateMachineArn", meta.state_machine_arn)
        .set("name", meta.name)
        .set("definition", meta.definition)
        .set("roleArn", meta.role_arn)
        .set("updateDate", wire_ms(meta.update_ms))
        .set("loggingConfiguration", meta.logging)
        .set("tracingConfiguration", meta.tracing)
        .opt("mapRunArn", r.map_run_arn)
        .opt("label", label)
        .opt("revisionId", meta.revision_id)
        .set("encryptionConfiguration", json!({"type": "AWS_OWNED_KEY"}))
        .build())
}

/// What an execution ran, and the map run's label for a child of a Distributed Map.
///
/// A child has no record of its own: AWS answers with "the state machine associated with the
/// Map Run", so it is the parent's (found the same way, the parent may be a child too) with the
/// map run's labelled ARN and the Map state's `ItemProcessor` (or `Iterator`) as definition.
fn machine_of(
    svc: &Service,
    r: &ExecutionRecord,
    depth: usize,
) -> Result<Option<(ExecutionMetaDoc, Option<String>)>, ApiError> {
    let store = svc.store();
    if let Some(meta) =
        records::get::<ExecutionMetaDoc>(store.as_ref(), EXECUTION_META, &r.execution_arn)?
    {
        return Ok(Some((meta, None)));
    }
    let Some(run_arn) = r.map_run_arn.as_deref().filter(|_| depth < 32) else {
        return Ok(None);
    };
    let Some(run) = svc.engine().distributed().runs.get(run_arn) else {
        return Ok(None);
    };
    let Some(parent) = store.get_execution(&run.execution_arn) else {
        return Ok(None);
    };
    let Some((mut meta, _)) = machine_of(svc, &parent, depth + 1)? else {
        return Ok(None);
    };
    let Some(processor) = processor_of(&meta.definition, &run.state_name) else {
        return Ok(None);
    };
    // `stateMachine:<name>/<label or id>`: the label is the part after the slash.
    let label = run.label.clone().or_else(|| {
        run.state_machine_arn
            .rsplit_once('/')
            .map(|(_, l)| l.to_owned())
    });
    meta.state_machine_arn = run.state_machine_arn;
    meta.definition = processor;
    Ok(Some((meta, label)))
}

/// The `ItemProcessor` (or legacy `Iterator`) of the state named `state` anywhere in a
/// definition, as JSON text.
fn processor_of(definition: &str, state: &str) -> Option<String> {
    fn find<'a>(states: &'a Value, state: &str) -> Option<&'a Value> {
        let states = states.as_object()?;
        if let Some(s) = states.get(state) {
            return s.get("ItemProcessor").or_else(|| s.get("Iterator"));
        }
        states.values().find_map(|s| {
            let nested = ["ItemProcessor", "Iterator"]
                .iter()
                .filter_map(|k| s.get(*k))
                .chain(
                    s.get("Branches")
                        .and_then(Value::as_array)
                        .into_iter()
                        .flatten(),
                );
            nested
                .into_iter()
                .find_map(|p| find(p.get("States")?, state))
        })
    }
    let parsed: Value = serde_json::from_str(definition).ok()?;
    find(parsed.get("States")?, state).map(Value::to_string)
}

/// One history event as the API shows it; without execution data, inputs and outputs go.
fn event_json(e: HistoryEvent, include_data: bool) -> Value {
    let mut out = Map::new();
    out.insert("timestamp".to_owned(), wire_date(e.timestamp));
    out.insert("type".to_owned(), e.event_type.into());
    out.insert("id".to_owned(), e.id.into());
    out.insert("previousEventId".to_owned(), e.previous_event_id.into());
    if let Some((key, mut details)) = e.details.map(EventDetails::into_parts) {
        if !include_data {
            if let Some(map) = details.as_object_mut() {
                for k in ["input", "output", "inputDetails", "outputDetails"] {
                    map.remove(k);
                }
            }
        }
        out.insert(key, details);
    }
    Value::Object(out)
}

pub(super) fn history(svc: &Service, input: Input<'_>) -> Result<Value, ApiError> {
    let req: model::GetExecutionHistoryInput = input.typed()?;
    let r = require(svc, &req.execution_arn)?;
    let max_results = req.max_results.map(i64::from);
    let next_token = req.next_token.as_deref();
    let reverse = req.reverse_order.unwrap_or(false);
    let include_data = req.include_execution_data.unwrap_or(true);
    let mut events = svc
        .store()
        .history(&r.execution_arn)
        .map_err(|_| does_not_exist(&r.execution_arn))?;
    if reverse {
        events.reverse();
    }
    let (page, next) = svc.paginator().page(
        &listing_key(
            "GetExecutionHistory",
            &[
                Some(&r.execution_arn),
                Some(if reverse { "r" } else { "f" }),
                Some(if include_data { "d" } else { "n" }),
            ],
        ),
        events,
        max_results,
        next_token,
    )?;
    let events: Vec<Value> = page
        .into_iter()
        .map(|e| event_json(e, include_data))
        .collect();
    Ok(Out::new()
        .set("events", events)
        .opt("nextToken", next)
        .build())
}
