//! Property (issue 5): for random state machines made of Pass, Wait, Choice, Parallel and Map,
//! two runs with the same seed, epoch and execution name give identical histories, and event
//! timestamps never go backwards.

use std::sync::Arc;

use passo::asl;
use passo::engine::{Engine, EngineConfig, StartRequest};
use passo::store::{HistoryEvent, MemoryStore};
use proptest::prelude::*;
use serde_json::{json, Map, Value};

/// One step of a generated machine.
#[derive(Debug, Clone)]
enum Step {
    Pass(u32),
    Wait(u32),
    Choice(i64),
    Parallel(Vec<Vec<Step>>),
    Map(u32, Vec<Step>),
}

fn leaf() -> impl Strategy<Value = Step> {
    prop_oneof![
        (0u32..100).prop_map(Step::Pass),
        (0u32..200_000).prop_map(Step::Wait),
        (-5i64..5).prop_map(Step::Choice),
    ]
}

fn step() -> impl Strategy<Value = Step> {
    leaf().prop_recursive(2, 16, 3, |inner| {
        prop_oneof![
            prop::collection::vec(prop::collection::vec(inner.clone(), 1..3), 1..3)
                .prop_map(Step::Parallel),
            (0u32..3, prop::collection::vec(inner, 1..3)).prop_map(|(c, s)| Step::Map(c, s)),
        ]
    })
}

/// Builds `{"StartAt", "States"}` for a chain of steps; names are unique per chain.
fn chain(steps: &[Step], prefix: &str) -> Value {
    let mut states = Map::new();
    let name = |i: usize| format!("{prefix}S{i}");
    for (i, s) in steps.iter().enumerate() {
        let last = i + 1 == steps.len();
        let mut state = match s {
            Step::Pass(n) => json!({"Type": "Pass", "Result": n, "ResultPath": "$.last"}),
            Step::Wait(secs) => json!({"Type": "Wait", "Seconds": secs}),
            Step::Choice(k) => {
                // Both outcomes continue the chain, through a Pass on the default side.
                let target = if last {
                    format!("{prefix}End")
                } else {
                    name(i + 1)
                };
                states.insert(
                    format!("{prefix}D{i}"),
                    json!({"Type": "Pass", "Next": target}),
                );
                json!({"Type": "Choice",
                       "Choices": [{"Variable": "$.x", "NumericGreaterThan": k, "Next": target}],
                       "Default": format!("{prefix}D{i}")})
            }
            Step::Parallel(branches) => {
                let bs: Vec<Value> = branches
                    .iter()
                    .enumerate()
                    .map(|(b, steps)| chain(steps, &format!("{prefix}P{i}b{b}")))
                    .collect();
                json!({"Type": "Parallel", "Branches": bs, "ResultPath": null})
            }
            Step::Map(conc, steps) => json!({
                "Type": "Map", "ItemsPath": "$.items", "MaxConcurrency": conc, "ResultPath": null,
                // Iterations see an object like the outer input, so inner steps stay valid.
                "ItemSelector": {"x.$": "$.x", "items.$": "$.items", "item.$": "$$.Map.Item.Value"},
                "ItemProcessor": chain(steps, &format!("{prefix}M{i}")),
            }),
        };
        if !matches!(s, Step::Choice(_)) {
            if last {
                state["Next"] = json!(format!("{prefix}End"));
            } else {
                state["Next"] = json!(name(i + 1));
            }
        }
        states.insert(name(i), state);
    }
    states.insert(format!("{prefix}End"), json!({"Type": "Pass", "End": true}));
    json!({"StartAt": name(0), "States": states})
}

fn run(def: &Value, input: &Value) -> Vec<HistoryEvent> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let config = EngineConfig {
        seed: 7,
        epoch: chrono::DateTime::from_timestamp(1_700_000_000, 0),
        ..EngineConfig::default()
    };
    let store = Arc::new(MemoryStore::new());
    let engine = Engine::new(config, store.clone());
    let plan = asl::compile(&def.to_string()).expect("generated machines are valid");
    let arn = "arn:aws:states:us-east-1:123456789012:execution:prop:run".to_owned();
    rt.block_on(async {
        engine
            .start(StartRequest {
                execution_arn: arn.clone(),
                state_machine_arn: "arn:aws:states:us-east-1:123456789012:stateMachine:prop"
                    .to_owned(),
                state_machine_name: "prop".to_owned(),
                state_machine_version_arn: None,
                state_machine_alias_arn: None,
                name: "run".to_owned(),
                plan,
                input: input.to_string(),
                role_arn: "arn:aws:iam::123456789012:role/r".to_owned(),
                trace_header: None,
                express: false,
            })
            .expect("start");
        engine.wait(&arn).await.expect("record");
    });
    passo::store::Store::history(&*store, &arn).expect("history")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn same_seed_same_history(steps in prop::collection::vec(step(), 1..5), x in -5i64..5, n in 0usize..4) {
        let def = chain(&steps, "");
        let input = json!({"x": x, "items": (0..n).collect::<Vec<_>>()});
        let first = run(&def, &input);
        let second = run(&def, &input);
        prop_assert_eq!(&first, &second);
        prop_assert!(first.len() >= 3, "a run has at least start, one state and an end");
        prop_assert!(first.windows(2).all(|w| w[0].timestamp <= w[1].timestamp),
            "timestamps never go backwards");
        let last = first.last().map(|e| e.event_type.as_str());
        prop_assert_eq!(last, Some("ExecutionSucceeded"));
    }
}
