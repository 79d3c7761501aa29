//! Activities, tags and the wire itself (content types, targets, malformed JSON, the control
//! endpoints) against a real server.

mod common;

use aws_sdk_sfn::types::Tag;
use common::{aws_error, client, create, recordings, start, PASS};
use serde_json::Value;

fn tag(k: &str, v: &str) -> Tag {
    Tag::builder().key(k).value(v).build()
}

#[tokio::test]
async fn activities_lifecycle() {
    let server = start().await;
    let sfn = client(&server);
    let a = sfn.create_activity().name("worker").send().await.unwrap();
    assert_eq!(
        a.activity_arn,
        "arn:aws:states:us-east-1:123456789012:activity:worker"
    );
    // Idempotent.
    let again = sfn.create_activity().name("worker").send().await.unwrap();
    assert_eq!(again.creation_date, a.creation_date);
    sfn.create_activity().name("second").send().await.unwrap();

    let d = sfn
        .describe_activity()
        .activity_arn(&a.activity_arn)
        .send()
        .await
        .unwrap();
    assert_eq!(d.name, "worker");
    let listed = sfn.list_activities().send().await.unwrap();
    let names: Vec<_> = listed.activities.iter().map(|a| a.name.clone()).collect();
    assert_eq!(names, ["worker", "second"]);

    sfn.delete_activity()
        .activity_arn(&a.activity_arn)
        .send()
        .await
        .unwrap();
    let (code, msg) = aws_error(
        sfn.describe_activity()
            .activity_arn(&a.activity_arn)
            .send()
            .await,
    );
    assert_eq!(code, "ActivityDoesNotExist");
    assert_eq!(
        msg,
        format!("Activity Does Not Exist: '{}'", a.activity_arn)
    );
    let (code, _) = aws_error(
        sfn.get_activity_task()
            .activity_arn(&a.activity_arn)
            .send()
            .await,
    );
    assert_eq!(code, "ActivityDoesNotExist");

    let (code, msg) = aws_error(
        sfn.describe_activity()
            .activity_arn("no_an_activity_arn")
            .send()
            .await,
    );
    assert_eq!(code, "InvalidArn");
    assert_eq!(msg, "Invalid Arn: 'Invalid ARN prefix: no_an_activity_arn'");
}

/// Every recorded AWS answer to CreateActivity with an invalid name, byte for byte.
#[tokio::test]
async fn invalid_activity_names_match_the_recordings() {
    let Some(dir) = recordings() else {
        println!("skipped: shared/conformance/aws-recordings not found");
        return;
    };
    let server = start().await;
    let sfn = client(&server);
    let mut checked = 0;
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !name.contains("test_create_activity_invalid_name") {
            continue;
        }
        let case: Value = serde_json::from_slice(&std::fs::read(entry.path()).unwrap()).unwrap();
        for step in case["steps"].as_array().into_iter().flatten() {
            let Some(expected) = step["expected"]["invalid_name"]["Error"].as_object() else {
                continue;
            };
            let activity = step["params"]["name"].as_str().unwrap();
            let (code, msg) = aws_error(sfn.create_activity().name(activity).send().await);
            assert_eq!(Some(code.as_str()), expected["Code"].as_str(), "{name}");
            assert_eq!(Some(msg.as_str()), expected["Message"].as_str(), "{name}");
            checked += 1;
        }
    }
    assert!(checked >= 20, "only {checked} recorded names checked");
}

#[tokio::test]
async fn tags_on_state_machines_and_activities() {
    let server = start().await;
    let sfn = client(&server);
    let arn = sfn
        .create_state_machine()
        .name("tagged")
        .definition(PASS)
        .role_arn(common::ROLE)
        .tags(tag("key1", "value1"))
        .send()
        .await
        .unwrap()
        .state_machine_arn;
    sfn.tag_resource()
        .resource_arn(&arn)
        .tags(tag("key2", "value2"))
        .tags(tag("key1", "new"))
        .send()
        .await
        .unwrap();
    let tags = sfn
        .list_tags_for_resource()
        .resource_arn(&arn)
        .send()
        .await
        .unwrap()
        .tags
        .unwrap_or_default();
    let pairs: Vec<_> = tags
        .iter()
        .map(|t| (t.key.clone().unwrap(), t.value.clone().unwrap()))
        .collect();
    assert_eq!(
        pairs,
        [
            ("key1".to_owned(), "new".to_owned()),
            ("key2".to_owned(), "value2".to_owned())
        ]
    );
    sfn.untag_resource()
        .resource_arn(&arn)
        .tag_keys("key1")
        .tag_keys("absent")
        .send()
        .await
        .unwrap();
    let tags = sfn
        .list_tags_for_resource()
        .resource_arn(&arn)
        .send()
        .await
        .unwrap()
        .tags
        .unwrap_or_default();
    assert_eq!(tags.len(), 1);

    let activity = sfn
        .create_activity()
        .name("act")
        .send()
        .await
        .unwrap()
        .activity_arn;
    sfn.tag_resource()
        .resource_arn(&activity)
        .tags(tag("k", "v"))
        .send()
        .await
        .unwrap();
    let tags = sfn
        .list_tags_for_resource()
        .resource_arn(&activity)
        .send()
        .await
        .unwrap()
        .tags
        .unwrap_or_default();
    assert_eq!(tags.len(), 1);

    let version = sfn
        .publish_state_machine_version()
        .state_machine_arn(&arn)
        .send()
        .await
        .unwrap();
    let (code, msg) = aws_error(
        sfn.tag_resource()
            .resource_arn(&version.state_machine_version_arn)
            .tags(tag("k", "v"))
            .send()
            .await,
    );
    assert_eq!(code, "ResourceNotFound");
    assert_eq!(
        msg,
        format!(
            "Resource not found: '{}'",
            version.state_machine_version_arn
        )
    );

    let mut request = sfn.tag_resource().resource_arn(&arn);
    for i in 0..60 {
        request = request.tags(tag(&format!("k{i}"), "v"));
    }
    let (code, _) = aws_error(request.send().await);
    assert_eq!(code, "TooManyTags");
}

/// Raw HTTP, for what SDKs never send.
async fn raw(
    server: &common::Server,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> (u16, String) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let addr = server.endpoint.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let mut req = format!("{method} {path} HTTP/1.1\r\nHost: sync-anything.example\r\nConnection: close\r\nContent-Length: {}\r\n", body.len());
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str("\r\n");
    req.push_str(body);
    stream.write_all(req.as_bytes()).await.unwrap();
    let mut out = String::new();
    stream.read_to_string(&mut out).await.unwrap();
    let status = out
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = out.split("\r\n\r\n").nth(1).unwrap_or_default().to_owned();
    (status, body)
}

const JSON10: (&str, &str) = ("Content-Type", "application/x-amz-json-1.0");

#[tokio::test]
async fn wire_errors_are_aws_shaped() {
    let server = start().await;
    let (status, body) = raw(
        &server,
        "POST",
        "/",
        &[JSON10, ("X-Amz-Target", "AWSStepFunctions.ListActivities")],
        "{",
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(
        body,
        r#"{"__type":"com.amazon.coral.service#SerializationException"}"#
    );

    let (status, body) = raw(
        &server,
        "POST",
        "/",
        &[JSON10, ("X-Amz-Target", "AWSStepFunctions.Frobnicate")],
        "{}",
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(
        body,
        r#"{"__type":"com.amazon.coral.service#UnknownOperationException"}"#
    );

    let (status, body) = raw(&server, "POST", "/", &[JSON10], "{}").await;
    assert_eq!(status, 400);
    assert!(body.contains("UnknownOperationException"));

    let (status, _) = raw(
        &server,
        "POST",
        "/",
        &[
            ("Content-Type", "text/plain"),
            ("X-Amz-Target", "AWSStepFunctions.ListActivities"),
        ],
        "{}",
    )
    .await;
    assert_eq!(status, 404);

    let (status, body) = raw(
        &server,
        "POST",
        "/",
        &[
            JSON10,
            ("X-Amz-Target", "AWSStepFunctions.DescribeActivity"),
        ],
        "{}",
    )
    .await;
    assert_eq!(status, 400);
    let v: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["__type"], "com.amazon.coral.validate#ValidationException");

    // Any Host header is served (the request above said `sync-anything.example`).
    let (status, body) = raw(
        &server,
        "POST",
        "/",
        &[JSON10, ("X-Amz-Target", "AWSStepFunctions.ListActivities")],
        "{}",
    )
    .await;
    assert_eq!((status, body.as_str()), (200, r#"{"activities":[]}"#));
}

#[tokio::test]
async fn control_endpoints() {
    let server = start().await;
    let sfn = client(&server);
    let (status, body) = raw(&server, "GET", "/_passo/health", &[], "").await;
    assert_eq!((status, body.as_str()), (200, r#"{"status":"ok"}"#));
    create(&sfn, "gone", PASS).await;
    let (status, _) = raw(&server, "POST", "/_passo/reset", &[], "").await;
    assert_eq!(status, 200);
    let listed = sfn.list_state_machines().send().await.unwrap();
    assert!(listed.state_machines.is_empty());
    let (status, _) = raw(&server, "GET", "/_passo/nope", &[], "").await;
    assert_eq!(status, 404);
}
