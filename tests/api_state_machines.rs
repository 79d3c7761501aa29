//! State machines, versions and aliases through the real Rust SDK against a real server:
//! every operation's happy path and its AWS errors.

mod common;

use aws_sdk_sfn::types::{RoutingConfigurationListItem, StateMachineType};
use common::{aws_error, client, create, sm_arn, start, PASS, ROLE};

fn route(arn: &str, weight: i32) -> RoutingConfigurationListItem {
    RoutingConfigurationListItem::builder()
        .state_machine_version_arn(arn)
        .weight(weight)
        .build()
        .expect("route")
}

#[tokio::test]
async fn create_describe_update_delete() {
    let server = start().await;
    let sfn = client(&server);
    let arn = create(&sfn, "sm", PASS).await;
    assert_eq!(arn, sm_arn("sm"));

    let d = sfn
        .describe_state_machine()
        .state_machine_arn(&arn)
        .send()
        .await
        .unwrap();
    assert_eq!(d.name, "sm");
    assert_eq!(d.definition, PASS);
    assert_eq!(d.role_arn, ROLE);
    assert_eq!(d.r#type, StateMachineType::Standard);
    assert_eq!(
        d.status.map(|s| s.as_str().to_owned()),
        Some("ACTIVE".into())
    );
    assert_eq!(
        d.revision_id, None,
        "no revision id before the first update"
    );
    let logging = d.logging_configuration.expect("logging");
    assert_eq!(
        logging.level.map(|l| l.as_str().to_owned()),
        Some("OFF".into())
    );
    assert!(!logging.include_execution_data);
    assert_eq!(d.tracing_configuration.map(|t| t.enabled), Some(false));

    let u = sfn
        .update_state_machine()
        .state_machine_arn(&arn)
        .role_arn("arn:aws:iam::123456789012:role/other")
        .send()
        .await
        .unwrap();
    let revision = u.revision_id.expect("a revision id after an update");
    // The same parameters again: no new revision.
    let again = sfn
        .update_state_machine()
        .state_machine_arn(&arn)
        .role_arn("arn:aws:iam::123456789012:role/other")
        .send()
        .await
        .unwrap();
    assert_eq!(again.revision_id.as_deref(), Some(revision.as_str()));

    let (code, msg) = aws_error(
        sfn.update_state_machine()
            .state_machine_arn(&arn)
            .send()
            .await,
    );
    assert_eq!(code, "MissingRequiredParameter");
    assert!(
        msg.starts_with("Either the definition, the role ARN"),
        "{msg}"
    );

    sfn.delete_state_machine()
        .state_machine_arn(&arn)
        .send()
        .await
        .unwrap();
    let (code, msg) = aws_error(
        sfn.describe_state_machine()
            .state_machine_arn(&arn)
            .send()
            .await,
    );
    assert_eq!(code, "StateMachineDoesNotExist");
    assert_eq!(msg, format!("State Machine Does Not Exist: '{arn}'"));
    // Deleting what does not exist succeeds, as AWS does.
    sfn.delete_state_machine()
        .state_machine_arn(&arn)
        .send()
        .await
        .unwrap();
}

#[tokio::test]
async fn create_is_idempotent_and_names_are_checked() {
    let server = start().await;
    let sfn = client(&server);
    let first = sfn
        .create_state_machine()
        .name("dup")
        .definition(PASS)
        .role_arn(ROLE)
        .send()
        .await
        .unwrap();
    let second = sfn
        .create_state_machine()
        .name("dup")
        .definition(PASS)
        .role_arn(ROLE)
        .send()
        .await
        .unwrap();
    assert_eq!(first.state_machine_arn, second.state_machine_arn);
    assert_eq!(first.creation_date, second.creation_date);

    let other = PASS.replace(r#""ok":true"#, r#""ok":false"#);
    let (code, msg) = aws_error(
        sfn.create_state_machine()
            .name("dup")
            .definition(other)
            .role_arn(ROLE)
            .send()
            .await,
    );
    assert_eq!(code, "StateMachineAlreadyExists");
    assert_eq!(
        msg,
        format!("State Machine Already Exists: '{}'", sm_arn("dup"))
    );

    let (code, msg) = aws_error(
        sfn.create_state_machine()
            .name("bad name")
            .definition(PASS)
            .role_arn(ROLE)
            .send()
            .await,
    );
    assert_eq!(
        (code.as_str(), msg.as_str()),
        ("InvalidName", "Invalid Name: 'bad name'")
    );

    let (code, _) = aws_error(
        sfn.create_state_machine()
            .name("broken")
            .definition("not json")
            .role_arn(ROLE)
            .send()
            .await,
    );
    assert_eq!(code, "InvalidDefinition");
}

#[tokio::test]
async fn invalid_arns_answer_aws_messages() {
    let server = start().await;
    let sfn = client(&server);
    let (code, msg) = aws_error(
        sfn.describe_state_machine()
            .state_machine_arn("not_a_valid_arn")
            .send()
            .await,
    );
    assert_eq!(code, "InvalidArn");
    assert_eq!(msg, "Invalid Arn: 'Invalid ARN prefix: not_a_valid_arn'");
    let (code, msg) = aws_error(
        sfn.describe_execution()
            .execution_arn("arn:aws:states:us-east-1:123456789012:express:sm:a:b")
            .send()
            .await,
    );
    assert_eq!(code, "InvalidArn");
    assert_eq!(
        msg,
        "Invalid Arn: 'Resource type not valid in this context: express'"
    );
}

#[tokio::test]
async fn list_state_machines_pages_with_opaque_tokens() {
    let server = start().await;
    let sfn = client(&server);
    for i in 0..5 {
        create(&sfn, &format!("sm-{i}"), PASS).await;
    }
    let page = sfn
        .list_state_machines()
        .max_results(2)
        .send()
        .await
        .unwrap();
    let names: Vec<_> = page.state_machines.iter().map(|s| s.name.clone()).collect();
    assert_eq!(names, ["sm-0", "sm-1"]);
    let token = page.next_token.expect("a next token");
    let page2 = sfn
        .list_state_machines()
        .max_results(10)
        .next_token(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(page2.state_machines.len(), 3);
    assert_eq!(page2.next_token, None);

    let mut tampered = token.clone();
    tampered.replace_range(0..1, if token.starts_with('A') { "B" } else { "A" });
    let (code, msg) = aws_error(sfn.list_state_machines().next_token(tampered).send().await);
    assert_eq!(
        (code.as_str(), msg.as_str()),
        ("InvalidToken", "Invalid Token: 'Invalid token'")
    );

    let (code, msg) = aws_error(sfn.list_state_machines().max_results(1001).send().await);
    assert_eq!(code, "ValidationException");
    assert_eq!(
        msg,
        "1 validation error detected: Value '1001' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 1000"
    );
}

#[tokio::test]
async fn versions_publish_list_delete() {
    let server = start().await;
    let sfn = client(&server);
    let created = sfn
        .create_state_machine()
        .name("v")
        .definition(PASS)
        .role_arn(ROLE)
        .publish(true)
        .version_description("first")
        .send()
        .await
        .unwrap();
    let arn = created.state_machine_arn;
    assert_eq!(created.state_machine_version_arn, Some(format!("{arn}:1")));

    // Publishing an unchanged revision answers the same version.
    let again = sfn
        .publish_state_machine_version()
        .state_machine_arn(&arn)
        .send()
        .await
        .unwrap();
    assert_eq!(again.state_machine_version_arn, format!("{arn}:1"));

    let u = sfn
        .update_state_machine()
        .state_machine_arn(&arn)
        .definition(PASS.replace(r#""ok":true"#, r#""ok":false"#))
        .publish(true)
        .send()
        .await
        .unwrap();
    assert_eq!(u.state_machine_version_arn, Some(format!("{arn}:2")));

    let listed = sfn
        .list_state_machine_versions()
        .state_machine_arn(&arn)
        .send()
        .await
        .unwrap();
    let arns: Vec<_> = listed
        .state_machine_versions
        .iter()
        .map(|v| v.state_machine_version_arn.clone())
        .collect();
    assert_eq!(
        arns,
        [format!("{arn}:2"), format!("{arn}:1")],
        "newest first"
    );

    let v1 = sfn
        .describe_state_machine()
        .state_machine_arn(format!("{arn}:1"))
        .send()
        .await
        .unwrap();
    assert_eq!(v1.definition, PASS);
    assert_eq!(v1.description.as_deref(), Some("first"));

    let (code, msg) = aws_error(
        sfn.publish_state_machine_version()
            .state_machine_arn(&arn)
            .revision_id("stale")
            .send()
            .await,
    );
    assert_eq!(code, "ConflictException");
    assert!(msg.starts_with("Failed to publish the State Machine version for revision stale."));

    let (code, msg) = aws_error(
        sfn.create_state_machine()
            .name("nv")
            .definition(PASS)
            .role_arn(ROLE)
            .version_description("no publish")
            .send()
            .await,
    );
    assert_eq!(code, "ValidationException");
    assert_eq!(
        msg,
        "Version description can only be set when publish is true"
    );

    sfn.delete_state_machine_version()
        .state_machine_version_arn(format!("{arn}:1"))
        .send()
        .await
        .unwrap();
    // Numbers are never reused.
    let u = sfn
        .update_state_machine()
        .state_machine_arn(&arn)
        .definition(PASS.replace("\"P\"", "\"Q\""))
        .publish(true)
        .send()
        .await
        .unwrap();
    assert_eq!(u.state_machine_version_arn, Some(format!("{arn}:3")));
}

#[tokio::test]
async fn aliases_route_to_versions() {
    let server = start().await;
    let sfn = client(&server);
    let arn = sfn
        .create_state_machine()
        .name("a")
        .definition(PASS)
        .role_arn(ROLE)
        .publish(true)
        .send()
        .await
        .unwrap()
        .state_machine_arn;
    let v1 = format!("{arn}:1");
    sfn.update_state_machine()
        .state_machine_arn(&arn)
        .definition(PASS.replace(r#""ok":true"#, r#""ok":false"#))
        .publish(true)
        .send()
        .await
        .unwrap();
    let v2 = format!("{arn}:2");

    let created = sfn
        .create_state_machine_alias()
        .name("prod")
        .description("d")
        .routing_configuration(route(&v1, 100))
        .send()
        .await
        .unwrap();
    let alias = created.state_machine_alias_arn;
    assert_eq!(alias, format!("{arn}:prod"));
    // Idempotent with the same configuration, a conflict with another.
    sfn.create_state_machine_alias()
        .name("prod")
        .description("d")
        .routing_configuration(route(&v1, 100))
        .send()
        .await
        .unwrap();
    let (code, _) = aws_error(
        sfn.create_state_machine_alias()
            .name("prod")
            .description("other")
            .routing_configuration(route(&v1, 100))
            .send()
            .await,
    );
    assert_eq!(code, "ConflictException");

    let (code, msg) = aws_error(
        sfn.create_state_machine_alias()
            .name("123")
            .routing_configuration(route(&v1, 100))
            .send()
            .await,
    );
    assert_eq!(code, "ValidationException");
    assert!(
        msg.contains("Member must satisfy regular expression pattern"),
        "{msg}"
    );

    let (code, msg) = aws_error(
        sfn.create_state_machine_alias()
            .name("split")
            .routing_configuration(route(&v1, 50))
            .routing_configuration(route(&v2, 40))
            .send()
            .await,
    );
    assert_eq!(code, "ValidationException");
    assert_eq!(
        msg,
        "Sum of routing configuration weights must equal 100. Received: [50, 40]"
    );

    let (code, msg) = aws_error(
        sfn.create_state_machine_alias()
            .name("base")
            .routing_configuration(route(&arn, 100))
            .send()
            .await,
    );
    assert_eq!(code, "ValidationException");
    assert_eq!(
        msg,
        format!("Routing configuration must contain state machine version ARNs. Received: [{arn}]")
    );

    sfn.update_state_machine_alias()
        .state_machine_alias_arn(&alias)
        .routing_configuration(route(&v1, 50))
        .routing_configuration(route(&v2, 50))
        .send()
        .await
        .unwrap();
    let d = sfn
        .describe_state_machine_alias()
        .state_machine_alias_arn(&alias)
        .send()
        .await
        .unwrap();
    assert_eq!(d.name.as_deref(), Some("prod"));
    assert_eq!(d.routing_configuration.map(|r| r.len()), Some(2));

    let (code, msg) = aws_error(
        sfn.delete_state_machine_version()
            .state_machine_version_arn(&v1)
            .send()
            .await,
    );
    assert_eq!(code, "ConflictException");
    assert_eq!(
        msg,
        "Version to be deleted must not be referenced by an alias. Current list of aliases referencing this version: [prod]"
    );

    let listed = sfn
        .list_state_machine_aliases()
        .state_machine_arn(&arn)
        .send()
        .await
        .unwrap();
    assert_eq!(listed.state_machine_aliases.len(), 1);

    sfn.delete_state_machine_alias()
        .state_machine_alias_arn(&alias)
        .send()
        .await
        .unwrap();
    let (code, msg) = aws_error(
        sfn.describe_state_machine_alias()
            .state_machine_alias_arn(&alias)
            .send()
            .await,
    );
    assert_eq!(code, "ResourceNotFound");
    assert_eq!(msg, "Request references a resource that does not exist.");
    let (code, _) = aws_error(
        sfn.update_state_machine_alias()
            .state_machine_alias_arn(&alias)
            .description("x")
            .send()
            .await,
    );
    assert_eq!(code, "ResourceNotFound");
}

#[tokio::test]
async fn validate_definition_reports_diagnostics() {
    let server = start().await;
    let sfn = client(&server);
    let ok = sfn
        .validate_state_machine_definition()
        .definition(PASS)
        .send()
        .await
        .unwrap();
    assert_eq!(ok.result.as_str(), "OK");
    assert!(ok.diagnostics.is_empty());
    let bad = sfn
        .validate_state_machine_definition()
        .definition("not a definition")
        .send()
        .await
        .unwrap();
    assert_eq!(bad.result.as_str(), "FAIL");
    assert!(!bad.diagnostics.is_empty());
}

#[tokio::test]
async fn arns_follow_the_signed_region() {
    let server = start().await;
    let sfn = common::client_in(&server, "eu-west-1");
    let arn = create(&sfn, "eu", PASS).await;
    assert_eq!(arn, "arn:aws:states:eu-west-1:123456789012:stateMachine:eu");
    let d = sfn
        .describe_state_machine()
        .state_machine_arn(&arn)
        .send()
        .await
        .unwrap();
    assert_eq!(d.name, "eu");
    let activity = sfn
        .create_activity()
        .name("eu-worker")
        .send()
        .await
        .unwrap();
    assert_eq!(
        activity.activity_arn,
        "arn:aws:states:eu-west-1:123456789012:activity:eu-worker"
    );
}
