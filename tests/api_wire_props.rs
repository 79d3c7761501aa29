//! Property: no request reaches a panic or a Rust message. Any target, any JSON body (built from
//! the members the operations read, with hostile values) answers 200 or an AWS-shaped error,
//! and only the engine may answer 500.

use passo::api::model::Operation;
use passo::api::wire::{self, CONTENT_TYPE};
use passo::engine::EngineConfig;
use passo::Emulator;
use proptest::prelude::*;
use serde_json::{Map, Value};

const MEMBERS: &[&str] = &[
    "stateMachineArn",
    "executionArn",
    "activityArn",
    "resourceArn",
    "stateMachineAliasArn",
    "stateMachineVersionArn",
    "name",
    "definition",
    "roleArn",
    "type",
    "input",
    "maxResults",
    "nextToken",
    "reverseOrder",
    "includeExecutionData",
    "statusFilter",
    "publish",
    "versionDescription",
    "revisionId",
    "description",
    "tags",
    "tagKeys",
    "routingConfiguration",
    "loggingConfiguration",
    "tracingConfiguration",
    "error",
    "cause",
];

fn arnish() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("arn:aws:states:us-east-1:123456789012:stateMachine:sm".to_owned()),
        Just("arn:aws:states:us-east-1:123456789012:stateMachine:sm:1".to_owned()),
        Just("arn:aws:states:us-east-1:123456789012:stateMachine:sm:alias".to_owned()),
        Just("arn:aws:states:us-east-1:123456789012:execution:sm:e".to_owned()),
        Just("arn:aws:states:us-east-1:123456789012:express:sm:e:u".to_owned()),
        Just("arn:aws:states:us-east-1:123456789012:activity:a".to_owned()),
        Just("arn:aws:states::::".to_owned()),
        Just("arn:".to_owned()),
        Just(r#"{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}"#.to_owned()),
        "[a-zA-Z0-9:_./#-]{0,40}",
        any::<String>(),
    ]
}

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        (-2i64..1200).prop_map(Value::from),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        arnish().prop_map(Value::from),
    ]
}

fn value() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec((prop::sample::select(MEMBERS), inner), 0..4).prop_map(|kv| {
                Value::Object(kv.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())
            }),
            prop::collection::vec(
                ("key|value|stateMachineVersionArn|weight|level", leaf()),
                0..3
            )
            .prop_map(|kv| Value::Object(kv.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

fn body() -> impl Strategy<Value = Value> {
    prop::collection::vec((prop::sample::select(MEMBERS), value()), 0..6)
        .prop_map(|kv| Value::Object(kv.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn every_request_gets_an_aws_answer(op in prop::sample::select(Operation::ALL.to_vec()), body in body(), raw in any::<bool>()) {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        let emu = Emulator::new(EngineConfig::default());
        // Something to find, so lookups go past "does not exist" now and then.
        rt.block_on(emu.call("CreateStateMachine", serde_json::json!({
            "name": "sm",
            "definition": r#"{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}"#,
            "roleArn": "arn:aws:iam::123456789012:role/r",
            "publish": true,
        }))).ok();
        let text = if raw { format!("{body}x") } else { body.to_string() };
        let target = format!("AWSStepFunctions.{}", op.name());
        let reply = rt.block_on(wire::handle(
            emu.service(),
            &http::Method::POST,
            Some(CONTENT_TYPE),
            Some(&target),
            None,
            text.as_bytes(),
        ));
        let parsed: Value = serde_json::from_slice(&reply.body).expect("a JSON body");
        if reply.status != 200 {
            let kind = parsed["__type"].as_str().unwrap_or_default();
            prop_assert!(kind.contains('#'), "no __type in {parsed}");
            if reply.status == 500 {
                // Only the engine may fail internally (the skeleton engine does, on purpose).
                prop_assert!(matches!(op, Operation::StartExecution | Operation::StartSyncExecution),
                    "500 from {op:?}: {parsed}");
            } else {
                prop_assert_eq!(reply.status, 400);
            }
        }
    }
}
