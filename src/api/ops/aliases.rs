//! CreateStateMachineAlias, DescribeStateMachineAlias, UpdateStateMachineAlias,
//! DeleteStateMachineAlias and ListStateMachineAliases, and picking an alias's version when an
//! execution starts through it.

use serde_json::{json, Value};

use super::{listing_key, state_machines, Input, Out};
use crate::api::arn::{self, StateMachineRef};
use crate::api::model;
use crate::api::records::{self, wire_ms, AliasDoc, Route, VersionDoc, ALIASES, VERSIONS};
use crate::api::{ApiError, Service};
use crate::api_error;

fn not_found() -> ApiError {
    api_error!(
        ResourceNotFound,
        "Request references a resource that does not exist."
    )
}

/// The alias name rule of the model (`CharacterRestrictedName`): at most 80 characters, letters,
/// digits, `_`, `-`, `.`, and not only digits.
fn check_name(name: &str) -> Result<(), ApiError> {
    if name.chars().count() > 80 {
        return Err(ApiError::validation(format!(
            "Value '{name}' at 'name' failed to satisfy constraint: Member must have length less than or equal to 80"
        )));
    }
    let allowed = name
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "_-.".contains(c));
    let not_numeric = name
        .chars()
        .any(|c| c.is_ascii_alphabetic() || "_-.".contains(c));
    if name.is_empty() || !allowed || !not_numeric {
        return Err(ApiError::validation(format!(
            "Value '{name}' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: ^(?=.*[a-zA-Z_\\-\\.])[a-zA-Z0-9_\\-\\.]+$"
        )));
    }
    Ok(())
}

/// Checks a routing configuration; answers it and the state machine it routes to.
fn routing(
    svc: &Service,
    items: &[model::RoutingConfigurationListItem],
) -> Result<(Vec<Route>, String), ApiError> {
    let routes: Vec<Route> = items
        .iter()
        .map(|i| Route {
            state_machine_version_arn: i.state_machine_version_arn.clone(),
            weight: i64::from(i.weight),
        })
        .collect();
    let arns: Vec<&str> = routes
        .iter()
        .map(|r| r.state_machine_version_arn.as_str())
        .collect();
    let listed = format!("[{}]", arns.join(", "));
    if routes.is_empty() || routes.len() > 2 {
        return Err(ApiError::validation(format!(
            "Value '{listed}' at 'routingConfiguration' failed to satisfy constraint: Member must have length less than or equal to 2"
        )));
    }
    if routes.len() == 2 && arns[0] == arns[1] {
        return Err(api_error!(
            ValidationException,
            "Routing configuration must contain distinct state machine version ARNs. Received: {listed}"
        ));
    }
    for (i, r) in routes.iter().enumerate() {
        let bound = if r.weight > 100 {
            "less than or equal to 100"
        } else if r.weight < 0 {
            "greater than or equal to 0"
        } else {
            continue;
        };
        return Err(ApiError::validation(format!(
            "Value '{}' at 'routingConfiguration.{}.member.weight' failed to satisfy constraint: Member must have value {bound}",
            r.weight,
            i + 1
        )));
    }
    let mut base: Option<String> = None;
    for r in &routes {
        let version_base = match arn::state_machine(&r.state_machine_version_arn) {
            Ok(StateMachineRef::Version { base, arn }) => {
                if records::get::<VersionDoc>(svc.store().as_ref(), VERSIONS, &arn)?.is_none() {
                    return Err(api_error!(ResourceNotFound, "Resource not found: '{arn}'"));
                }
                base
            }
            _ => {
                return Err(api_error!(
                ValidationException,
                "Routing configuration must contain state machine version ARNs. Received: {listed}"
            ))
            }
        };
        match &base {
            Some(b) if *b != version_base => {
                return Err(api_error!(
                    ValidationException,
                    "Routing configuration must reference versions of the same state machine. Received: {listed}"
                ))
            }
            _ => base = Some(version_base),
        }
    }
    let sum: i64 = routes.iter().map(|r| r.weight).sum();
    if sum != 100 {
        let weights: Vec<String> = routes.iter().map(|r| r.weight.to_string()).collect();
        return Err(api_error!(
            ValidationException,
            "Sum of routing configuration weights must equal 100. Received: [{}]",
            weights.join(", ")
        ));
    }
    let base = base.ok_or_else(|| ApiError::internal("routing configuration without a version"))?;
    Ok((routes, base))
}

fn alias_arn(arn: &str) -> Result<String, ApiError> {
    match arn::state_machine(arn)? {
        StateMachineRef::Alias { arn, .. } => Ok(arn),
        other => Err(arn::wrong_kind(
            if matches!(other, StateMachineRef::Version { .. }) {
                "version"
            } else {
                "stateMachine"
            },
        )),
    }
}

pub(super) fn create(svc: &Service, input: Input<'_>) -> Result<Value, ApiError> {
    let req: model::CreateStateMachineAliasInput = input.typed()?;
    let name = req.name.as_str();
    check_name(name)?;
    let (routes, base) = routing(svc, &req.routing_configuration)?;
    state_machines::require_active(svc, &base)?;
    let description = req.description;
    let arn = format!("{base}:{name}");
    let store = svc.store().as_ref();
    if let Some(existing) = records::get::<AliasDoc>(store, ALIASES, &arn)? {
        if existing.routing == routes && existing.description == description {
            return Ok(Out::new()
                .set("stateMachineAliasArn", existing.arn)
                .set("creationDate", wire_ms(existing.creation_ms))
                .build());
        }
        return Err(api_error!(
            ConflictException,
            "Failed to create alias because an alias with the same name and a different routing configuration already exists."
        ));
    }
    let now = records::millis(svc.engine().now());
    let doc = AliasDoc {
        arn: arn.clone(),
        state_machine_arn: base,
        name: name.to_owned(),
        description,
        routing: routes,
        creation_ms: now,
        update_ms: now,
    };
    records::put(store, ALIASES, &arn, &doc)?;
    Ok(Out::new()
        .set("stateMachineAliasArn", arn)
        .set("creationDate", wire_ms(now))
        .build())
}

fn routes_json(routes: &[Route]) -> Value {
    Value::Array(
        routes
            .iter()
            .map(|r| json!({"stateMachineVersionArn": r.state_machine_version_arn, "weight": r.weight}))
            .collect(),
    )
}

pub(super) fn describe(svc: &Service, input: Input<'_>) -> Result<Value, ApiError> {
    let req: model::DescribeStateMachineAliasInput = input.typed()?;
    let arn = alias_arn(&req.state_machine_alias_arn)?;
    let doc =
        records::get::<AliasDoc>(svc.store().as_ref(), ALIASES, &arn)?.ok_or_else(not_found)?;
    Ok(Out::new()
        .set("stateMachineAliasArn", doc.arn)
        .set("name", doc.name)
        .opt("description", doc.description)
        .set("routingConfiguration", routes_json(&doc.routing))
        .set("creationDate", wire_ms(doc.creation_ms))
        .set("updateDate", wire_ms(doc.update_ms))
        .build())
}

pub(super) fn update(svc: &Service, input: Input<'_>) -> Result<Value, ApiError> {
    let req: model::UpdateStateMachineAliasInput = input.typed()?;
    let arn = alias_arn(&req.state_machine_alias_arn)?;
    let description = req.description.as_deref();
    let routing_in = req.routing_configuration.as_deref();
    if description.is_none() && routing_in.is_none() {
        return Err(api_error!(
            MissingRequiredParameter,
            "Either the description or the RoutingConfiguration must be specified"
        ));
    }
    let store = svc.store().as_ref();
    let mut doc = records::get::<AliasDoc>(store, ALIASES, &arn)?.ok_or_else(not_found)?;
    if let Some(routing_in) = routing_in {
        let (routes, base) = routing(svc, routing_in)?;
        if base != doc.state_machine_arn {
            return Err(api_error!(
                ValidationException,
                "Routing configuration must reference versions of the same state machine. Received: [{}]",
                routes.iter().map(|r| r.state_machine_version_arn.as_str()).collect::<Vec<_>>().join(", ")
            ));
        }
        doc.routing = routes;
    }
    if let Some(d) = description {
        doc.description = Some(d.to_owned());
    }
    let now = records::millis(svc.engine().now());
    doc.update_ms = now;
    records::put(store, ALIASES, &arn, &doc)?;
    Ok(Out::new().set("updateDate", wire_ms(now)).build())
}

pub(super) fn delete(svc: &Service, input: Input<'_>) -> Result<Value, ApiError> {
    let req: model::DeleteStateMachineAliasInput = input.typed()?;
    let arn = alias_arn(&req.state_machine_alias_arn)?;
    svc.store().delete_doc(ALIASES, &arn);
    Ok(json!({}))
}

pub(super) fn list(svc: &Service, input: Input<'_>) -> Result<Value, ApiError> {
    let req: model::ListStateMachineAliasesInput = input.typed()?;
    let arn = match arn::state_machine(&req.state_machine_arn)? {
        StateMachineRef::Base { arn } => arn,
        other => return Err(state_machines::does_not_exist(other.arn())),
    };
    let max_results = req.max_results.map(i64::from);
    let next_token = req.next_token.as_deref();
    state_machines::require(svc, &arn)?;
    // Oldest first, as AWS lists them.
    let aliases: Vec<AliasDoc> = records::list::<AliasDoc>(svc.store().as_ref(), ALIASES)?
        .into_iter()
        .filter(|a| a.state_machine_arn == arn)
        .collect();
    let (page, next) = svc.paginator().page(
        &listing_key("ListStateMachineAliases", &[Some(&arn)]),
        aliases,
        max_results,
        next_token,
    )?;
    let items: Vec<Value> = page
        .into_iter()
        .map(|a| {
            Out::new()
                .set("stateMachineAliasArn", a.arn)
                .set("creationDate", wire_ms(a.creation_ms))
                .build()
        })
        .collect();
    Ok(Out::new()
        .set("stateMachineAliases", items)
        .opt("nextToken", next)
        .build())
}

/// The alias at `arn` and the version an execution started through it runs: drawn by weight
/// from the engine's seeded source, so the same seed routes the same way.
pub(crate) fn pick_version(svc: &Service, arn: &str) -> Result<(AliasDoc, String), ApiError> {
    let doc = records::get::<AliasDoc>(svc.store().as_ref(), ALIASES, arn)?
        .ok_or_else(|| state_machines::does_not_exist(arn))?;
    let draw = (svc.engine().new_uuid().as_u128() % 100) as i64;
    let mut acc = 0;
    let mut chosen = None;
    for r in &doc.routing {
        acc += r.weight;
        if draw < acc {
            chosen = Some(r.state_machine_version_arn.clone());
            break;
        }
    }
    let chosen = chosen
        .or_else(|| {
            doc.routing
                .last()
                .map(|r| r.state_machine_version_arn.clone())
        })
        .ok_or_else(|| ApiError::internal(format!("alias '{arn}' routes nowhere")))?;
    Ok((doc, chosen))
}
