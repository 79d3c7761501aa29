//! Lambda forwarding (`--lambda-endpoint`): Invoke calls go to a fake Lambda Invoke API
//! (wiremock) and come back as Step Functions shapes them, through the real Rust SDK: success
//! (direct function ARN and `lambda:invoke`), handled and unhandled function errors, an error
//! status from the endpoint, a timeout, no endpoint listening; mocks answer before forwarding.

mod common;

use std::time::Duration;

use aws_sdk_sfn::types::ExecutionStatus;
use common::{client, create, start};
use serde_json::{json, Value};
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const FUNCTION: &str = "arn:aws:lambda:us-east-1:123456789012:function:greet";

fn invoke_machine() -> String {
    json!({"StartAt": "Call", "States": {"Call": {
        "Type": "Task",
        "Resource": "arn:aws:states:::lambda:invoke",
        "Parameters": {"FunctionName": FUNCTION, "Payload.$": "$"},
        "TimeoutSeconds": 2,
        "End": true
    }}})
    .to_string()
}

fn direct_machine() -> String {
    json!({"StartAt": "Call", "States": {"Call": {"Type": "Task", "Resource": FUNCTION, "End": true}}})
        .to_string()
}

async fn run(
    sfn: &aws_sdk_sfn::Client,
    machine: &str,
    input: Value,
) -> aws_sdk_sfn::operation::describe_execution::DescribeExecutionOutput {
    let started = sfn
        .start_execution()
        .state_machine_arn(machine)
        .input(input.to_string())
        .send()
        .await
        .unwrap();
    for _ in 0..1000 {
        let d = sfn
            .describe_execution()
            .execution_arn(&started.execution_arn)
            .send()
            .await
            .unwrap();
        if d.status != ExecutionStatus::Running {
            return d;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("execution did not end");
}

async fn setup(
    lambda: &MockServer,
    definition: &str,
) -> (common::Server, aws_sdk_sfn::Client, String) {
    let server = start().await;
    server
        .emulator
        .integrations()
        .set_lambda_endpoint(Some(lambda.uri()));
    let sfn = client(&server);
    let machine = create(&sfn, "Caller", definition).await;
    (server, sfn, machine)
}

const INVOCATIONS: &str = "/2015-03-31/functions/greet/invocations";

#[tokio::test]
async fn lambda_invoke_answers_the_payload_envelope() {
    let lambda = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(INVOCATIONS))
        .and(body_json(json!({"who": "passo"})))
        .and(header("x-amz-invocation-type", "RequestResponse"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("X-Amz-Executed-Version", "$LATEST")
                .insert_header("x-amzn-RequestId", "req-1")
                .set_body_json(json!({"hello": "passo"})),
        )
        .expect(1)
        .mount(&lambda)
        .await;
    let (_server, sfn, machine) = setup(&lambda, &invoke_machine()).await;
    let d = run(&sfn, &machine, json!({"who": "passo"})).await;
    assert_eq!(d.status, ExecutionStatus::Succeeded, "{:?}", d.cause);
    let out: Value = serde_json::from_str(d.output.as_deref().unwrap()).unwrap();
    assert_eq!(out["Payload"], json!({"hello": "passo"}));
    assert_eq!(out["StatusCode"], 200);
    assert_eq!(out["ExecutedVersion"], "$LATEST");
    assert_eq!(out["SdkResponseMetadata"]["RequestId"], "req-1");
}

#[tokio::test]
async fn a_function_arn_answers_the_bare_payload() {
    let lambda = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(INVOCATIONS))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([1, 2])))
        .expect(1)
        .mount(&lambda)
        .await;
    let (_server, sfn, machine) = setup(&lambda, &direct_machine()).await;
    let d = run(&sfn, &machine, json!({})).await;
    assert_eq!(d.status, ExecutionStatus::Succeeded, "{:?}", d.cause);
    assert_eq!(d.output.as_deref(), Some("[1,2]"));
}

#[tokio::test]
async fn function_errors_become_the_error_type_and_the_body() {
    for kind in ["Handled", "Unhandled"] {
        let lambda = MockServer::start().await;
        let body = json!({"errorMessage": "no name", "errorType": "ValueError", "stackTrace": []});
        Mock::given(method("POST"))
            .and(path(INVOCATIONS))
            .respond_with(
                ResponseTemplate::new(200)
                    .insert_header("X-Amz-Function-Error", kind)
                    .set_body_json(body.clone()),
            )
            .mount(&lambda)
            .await;
        let (_server, sfn, machine) = setup(&lambda, &invoke_machine()).await;
        let d = run(&sfn, &machine, json!({})).await;
        assert_eq!(d.status, ExecutionStatus::Failed);
        assert_eq!(d.error.as_deref(), Some("ValueError"), "{kind}");
        let cause: Value = serde_json::from_str(d.cause.as_deref().unwrap()).unwrap();
        assert_eq!(cause, body);
    }
}

#[tokio::test]
async fn an_error_status_is_a_lambda_service_error() {
    let lambda = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(INVOCATIONS))
        .respond_with(
            ResponseTemplate::new(404)
                .insert_header("x-amzn-ErrorType", "ResourceNotFoundException")
                .set_body_json(json!({"Type": "User", "message": "Function not found: greet"})),
        )
        .mount(&lambda)
        .await;
    let (_server, sfn, machine) = setup(&lambda, &direct_machine()).await;
    let d = run(&sfn, &machine, json!({})).await;
    assert_eq!(d.error.as_deref(), Some("Lambda.ResourceNotFoundException"));
    let cause = d.cause.unwrap();
    assert!(
        cause.starts_with(
            "Function not found: greet (Service: AWSLambda; Status Code: 404; Error Code: \
             ResourceNotFoundException;"
        ),
        "{cause}"
    );
}

#[tokio::test]
async fn a_slow_function_times_the_task_out() {
    let lambda = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(INVOCATIONS))
        .respond_with(
            ResponseTemplate::new(200)
                .set_delay(Duration::from_secs(5))
                .set_body_json(json!({})),
        )
        .mount(&lambda)
        .await;
    let (_server, sfn, machine) = setup(&lambda, &invoke_machine()).await;
    let d = run(&sfn, &machine, json!({})).await;
    assert_eq!(d.status, ExecutionStatus::Failed);
    assert_eq!(d.error.as_deref(), Some("States.Timeout"));
}

#[tokio::test]
async fn no_endpoint_listening_is_a_clear_service_exception() {
    // Bind a port, then free it: nothing listens there.
    let addr = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let server = start().await;
    server
        .emulator
        .integrations()
        .set_lambda_endpoint(Some(format!("http://{addr}")));
    let sfn = client(&server);
    let machine = create(&sfn, "Caller", &direct_machine()).await;
    let d = run(&sfn, &machine, json!({})).await;
    assert_eq!(d.error.as_deref(), Some("Lambda.ServiceException"));
    let cause = d.cause.unwrap();
    assert!(
        cause.contains("greet") && cause.contains(&addr.to_string()),
        "{cause}"
    );
}

#[tokio::test]
async fn mocks_answer_before_the_endpoint() {
    let lambda = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!("real")))
        .expect(0)
        .mount(&lambda)
        .await;
    let (server, sfn, machine) = setup(&lambda, &direct_machine()).await;
    server
        .emulator
        .integrations()
        .register_mocks(
            passo::integrations::MockScope::All,
            &json!({"Mocks": [{"State": "Call", "Response": {"Return": "mocked"}}]}),
        )
        .unwrap();
    let d = run(&sfn, &machine, json!({})).await;
    assert_eq!(d.output.as_deref(), Some("\"mocked\""));
}

#[tokio::test]
async fn lambda_invoke_wait_for_task_token_is_submitted_then_waits_for_the_token() {
    let lambda = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(INVOCATIONS))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!(null)))
        .expect(1)
        .mount(&lambda)
        .await;
    let def = json!({"StartAt": "Call", "States": {"Call": {
        "Type": "Task",
        "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
        "Parameters": {"FunctionName": "greet", "Payload": {"token.$": "$$.Task.Token"}},
        "End": true
    }}});
    let (server, sfn, machine) = setup(&lambda, &def.to_string()).await;
    let started = sfn
        .start_execution()
        .state_machine_arn(&machine)
        .send()
        .await
        .unwrap();
    let mut tokens = Vec::new();
    for _ in 0..500 {
        tokens = server
            .emulator
            .integrations()
            .waiting_tokens(&started.execution_arn);
        let submitted = sfn
            .get_execution_history()
            .execution_arn(&started.execution_arn)
            .send()
            .await
            .unwrap()
            .events
            .iter()
            .any(|e| e.task_submitted_event_details.is_some());
        if submitted && !tokens.is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert_eq!(tokens.len(), 1);
    // The function received the same token in its payload.
    let requests = lambda.received_requests().await.unwrap();
    let sent: Value = serde_json::from_slice(&requests[0].body).unwrap();
    assert_eq!(sent["token"], tokens[0]);
    sfn.send_task_success()
        .task_token(&tokens[0])
        .output(r#"{"done":1}"#)
        .send()
        .await
        .unwrap();
    for _ in 0..500 {
        let d = sfn
            .describe_execution()
            .execution_arn(&started.execution_arn)
            .send()
            .await
            .unwrap();
        if d.status != ExecutionStatus::Running {
            assert_eq!(d.output.as_deref(), Some(r#"{"done":1}"#));
            return;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("execution did not end");
}

#[tokio::test]
async fn an_event_invocation_is_sent_as_such_and_answers_202() {
    let lambda = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(INVOCATIONS))
        .and(header("x-amz-invocation-type", "Event"))
        .respond_with(ResponseTemplate::new(202))
        .expect(1)
        .mount(&lambda)
        .await;
    let def = json!({"StartAt": "Call", "States": {"Call": {
        "Type": "Task",
        "Resource": "arn:aws:states:::lambda:invoke",
        "Parameters": {"FunctionName": "greet", "InvocationType": "Event", "Payload": {}},
        "End": true
    }}});
    let (_server, sfn, machine) = setup(&lambda, &def.to_string()).await;
    let d = run(&sfn, &machine, json!({})).await;
    assert_eq!(d.status, ExecutionStatus::Succeeded, "{:?}", d.cause);
    let out: Value = serde_json::from_str(d.output.as_deref().unwrap()).unwrap();
    assert_eq!(
        (out["StatusCode"].clone(), out["Payload"].clone()),
        (json!(202), json!(""))
    );
}
