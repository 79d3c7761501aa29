//! Step Functions Local's MockConfigFile through the real Rust SDK: the example in `mocks/`
//! (happy path, Retry over a Throw then a Return, a failure path), an execution started
//! without a test case, and every SFN-Local-style mock config found in the recordings.

mod common;

use common::wait_done;

use aws_sdk_sfn::types::{ExecutionStatus, HistoryEventType};
use common::{client, create, recordings, start};
use passo::integrations::MockConfig;
use serde_json::Value;

fn repo_file(rel: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(rel);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A server with the example mock file loaded and the example machine created.
async fn example() -> (common::Server, aws_sdk_sfn::Client, String) {
    let server = start().await;
    let config = MockConfig::parse(&repo_file("mocks/MockConfigFile.json")).unwrap();
    server.emulator.integrations().set_mock_config(config);
    let sfn = client(&server);
    let arn = create(
        &sfn,
        "LambdaSQSIntegration",
        &repo_file("mocks/LambdaSQSIntegration.asl.json"),
    )
    .await;
    (server, sfn, arn)
}

async fn run_case(
    sfn: &aws_sdk_sfn::Client,
    arn: &str,
    case: &str,
) -> (
    aws_sdk_sfn::operation::describe_execution::DescribeExecutionOutput,
    Vec<HistoryEventType>,
) {
    let target = if case.is_empty() {
        arn.to_owned()
    } else {
        format!("{arn}#{case}")
    };
    let started = sfn
        .start_execution()
        .state_machine_arn(target)
        .input(r#"{"name":"passo"}"#)
        .send()
        .await
        .unwrap();
    let done = wait_done(sfn, &started.execution_arn).await;
    let history = sfn
        .get_execution_history()
        .execution_arn(&started.execution_arn)
        .send()
        .await
        .unwrap();
    let types = history.events.iter().map(|e| e.r#type.clone()).collect();
    (done, types)
}

fn count(types: &[HistoryEventType], t: HistoryEventType) -> usize {
    types.iter().filter(|x| **x == t).count()
}

#[tokio::test]
async fn happy_path_returns_the_mocked_answers() {
    let (_server, sfn, arn) = example().await;
    let (done, types) = run_case(&sfn, &arn, "HappyPath").await;
    assert_eq!(done.status, ExecutionStatus::Succeeded);
    let output: Value = serde_json::from_str(done.output.as_deref().unwrap()).unwrap();
    assert_eq!(output["body"], "Hello from Lambda!");
    assert_eq!(
        output["sqs"]["MessageId"],
        "3bcb6e8e-8b51-4375-b0bc-1a59812c6e51"
    );
    assert_eq!(count(&types, HistoryEventType::TaskSucceeded), 2);
    assert_eq!(count(&types, HistoryEventType::TaskFailed), 0);
}

#[tokio::test]
async fn retry_path_throws_then_returns() {
    let (_server, sfn, arn) = example().await;
    let (done, types) = run_case(&sfn, &arn, "RetryPath").await;
    assert_eq!(done.status, ExecutionStatus::Succeeded);
    let output: Value = serde_json::from_str(done.output.as_deref().unwrap()).unwrap();
    assert_eq!(output["body"], "Hello on the second try!");
    // Invocation "0" threw, the Retry's invocation "1" returned.
    assert_eq!(count(&types, HistoryEventType::TaskFailed), 1);
    assert_eq!(count(&types, HistoryEventType::TaskSucceeded), 2);
}

#[tokio::test]
async fn failure_path_fails_with_the_thrown_error() {
    let (_server, sfn, arn) = example().await;
    let (done, _) = run_case(&sfn, &arn, "FailurePath").await;
    assert_eq!(done.status, ExecutionStatus::Failed);
    assert_eq!(done.error.as_deref(), Some("Lambda.ServiceException"));
    assert_eq!(done.cause.as_deref(), Some("The Lambda service is down."));
}

#[tokio::test]
async fn without_a_test_case_tasks_fail_clearly() {
    let (_server, sfn, arn) = example().await;
    let (done, _) = run_case(&sfn, &arn, "").await;
    assert_eq!(done.status, ExecutionStatus::Failed);
    assert_eq!(done.error.as_deref(), Some("States.TaskFailed"));
    let cause = done.cause.unwrap_or_default();
    assert!(cause.contains("'LambdaState'"), "{cause}");
    assert!(cause.contains("arn:aws:states:::lambda:invoke"), "{cause}");
}

#[tokio::test]
async fn an_unknown_test_case_mocks_nothing() {
    let (_server, sfn, arn) = example().await;
    let (done, _) = run_case(&sfn, &arn, "NoSuchCase").await;
    assert_eq!(done.status, ExecutionStatus::Failed);
    assert_eq!(done.error.as_deref(), Some("States.TaskFailed"));
    assert!(done.cause.unwrap_or_default().contains("'LambdaState'"));
}

#[tokio::test]
async fn a_state_its_case_does_not_mock_fails_clearly() {
    // HybridPath mocks LambdaState only: Step Functions Local would call the real SQS; passo
    // has no endpoint for it, so SQSState fails naming itself.
    let (_server, sfn, arn) = example().await;
    let (done, types) = run_case(&sfn, &arn, "HybridPath").await;
    assert_eq!(done.status, ExecutionStatus::Failed);
    assert_eq!(done.error.as_deref(), Some("States.TaskFailed"));
    let cause = done.cause.unwrap_or_default();
    assert!(cause.contains("'SQSState'"), "{cause}");
    assert_eq!(count(&types, HistoryEventType::TaskSucceeded), 1);
}

/// JSON values built from the words a mock config uses, to reach deep into the parser.
fn mockish() -> impl proptest::strategy::Strategy<Value = Value> {
    use proptest::prelude::*;
    let word = prop::sample::select(vec![
        "StateMachines",
        "TestCases",
        "MockedResponses",
        "M",
        "C",
        "S",
        "R",
        "0",
        "1-2",
        "2-1",
        "x",
        "Return",
        "Throw",
        "Error",
        "Cause",
    ]);
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        word.clone().prop_map(Value::from),
    ];
    leaf.prop_recursive(5, 64, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec((word.clone(), inner), 0..5).prop_map(|kv| Value::Object(
                kv.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()
            )),
        ]
    })
}

proptest::proptest! {
    /// Any JSON document is either a mock config or a typed error, never a panic; and lookups
    /// on what parses never panic either.
    #[test]
    fn mock_configs_never_panic(v in mockish(), n in 0u32..10) {
        let _ = MockConfig::parse(&v.to_string());
        let shaped = serde_json::json!({
            "StateMachines": {"M": {"TestCases": {"C": {"S": "R"}}}},
            "MockedResponses": {"R": v},
        });
        if let Ok(c) = MockConfig::from_value(&shaped) {
            let _ = c.response_for("M", "C", "S").and_then(|r| r.at(n));
        }
    }
}

/// Every `localstack_mock_configs` entry in the recordings parses, and names the test case its
/// mocked variant starts with.
#[test]
fn recorded_mock_configs_parse() {
    let Some(dir) = recordings() else {
        println!("skipped: no shared/conformance/aws-recordings/cases folder found");
        return;
    };
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        if !text.contains("localstack_mock_configs") {
            continue;
        }
        let case: Value = serde_json::from_str(&text).unwrap();
        let Some(configs) = case["localstack_mock_configs"].as_array() else {
            continue;
        };
        let variant = &case["localstack_mocked_variant"];
        for config in configs {
            let parsed = MockConfig::from_value(config)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            seen += 1;
            if let (Some(machine), Some(test_case)) = (
                variant["state_machine_name"].as_str(),
                variant["mock_test_case"].as_str(),
            ) {
                assert!(
                    parsed.has_case(machine, test_case),
                    "{}: no case {test_case} for {machine}",
                    path.display()
                );
            }
        }
    }
    println!("{seen} recorded mock configs parsed");
    assert!(seen > 0, "the recordings carry mock configs");
}

/// The recordings' mocked variants (a definition, an input and a Step Functions Local test case)
/// run on their own mock configs, started as `arn#TestCase`, end as the recorded execution did.
#[tokio::test]
async fn recorded_mocked_variants_end_as_recorded() {
    let Some(dir) = recordings() else {
        println!("skipped: no shared/conformance/aws-recordings/cases folder found");
        return;
    };
    let server = start().await;
    let sfn = client(&server);
    let (mut ran, mut matched) = (0, 0);
    let mut misses = Vec::new();
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    for path in paths {
        let text = std::fs::read_to_string(&path).unwrap();
        if !text.contains("localstack_mocked_variant") {
            continue;
        }
        let case: Value = serde_json::from_str(&text).unwrap();
        let variant = &case["localstack_mocked_variant"];
        let (Some(machine), Some(test_case), Some(config), Some(want)) = (
            variant["state_machine_name"].as_str(),
            variant["mock_test_case"].as_str(),
            case["localstack_mock_configs"].get(0),
            case["expected"]["status"].as_str(),
        ) else {
            continue;
        };
        if variant["start_api"].as_str() != Some("StartExecution") {
            continue;
        }
        // One server for all: each variant gets its own machine name.
        let name = format!("{machine}-{ran}");
        let mut config = config.clone();
        if let Some(sms) = config["StateMachines"].as_object_mut() {
            if let Some(spec) = sms.remove(machine) {
                sms.insert(name.clone(), spec);
            }
        }
        server
            .emulator
            .integrations()
            .set_mock_config(MockConfig::from_value(&config).unwrap());
        let arn = create(&sfn, &name, &variant["definition"].to_string()).await;
        let started = sfn
            .start_execution()
            .state_machine_arn(format!("{arn}#{test_case}"))
            .input(variant["input"].to_string())
            .send()
            .await
            .unwrap();
        let done = wait_done(&sfn, &started.execution_arn).await;
        ran += 1;
        if done.status.as_str() == want {
            matched += 1;
        } else {
            misses.push(format!(
                "{}: {} (want {want}) {:?} {:?}",
                path.file_name().unwrap_or_default().to_string_lossy(),
                done.status.as_str(),
                done.error,
                done.cause
            ));
        }
    }
    println!("mocked variants: {matched}/{ran} end as recorded");
    for m in &misses {
        println!("  {m}");
    }
    assert!(ran > 0, "the recordings carry mocked variants");
    assert!(misses.is_empty(), "{misses:#?}");
}
