//! Interpreter benchmarks, in-process (no HTTP): a 100-state Pass chain, a 1,000-item inline Map,
//! a Choice loop of 1,000 iterations, and simple executions per second; the Pass chain and the
//! Map also in a JSONata variant of the same shape (issue 6).
//!
//! Targets (issue 4): each of the first three under 5 ms; at least 10,000 simple executions a
//! second. Run with `cargo bench --bench interpreter`.

use std::sync::Arc;

use passo::asl;
use passo::engine::{Engine, EngineConfig, StartRequest};
use passo::store::{ExecutionStatus, MemoryStore};
use serde_json::{json, Value};

fn main() {
    divan::main();
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime for the benchmark")
}

fn engine() -> Engine {
    Engine::new(EngineConfig::default(), Arc::new(MemoryStore::new()))
}

/// Runs one execution of `plan` to its end and checks it succeeded.
async fn run_once(engine: &Engine, plan: &Arc<asl::Plan>, n: usize, input: &str) {
    let name = format!("bench-{n}");
    let arn = format!("arn:aws:states:us-east-1:123456789012:execution:bench:{name}");
    let req = StartRequest {
        execution_arn: arn.clone(),
        state_machine_arn: "arn:aws:states:us-east-1:123456789012:stateMachine:bench".to_owned(),
        state_machine_name: "bench".to_owned(),
        state_machine_version_arn: None,
        state_machine_alias_arn: None,
        name,
        plan: plan.clone(),
        input: input.to_owned(),
        role_arn: "arn:aws:iam::123456789012:role/bench".to_owned(),
        trace_header: None,
        express: false,
    };
    engine.start(req).expect("start");
    let record = engine.wait(&arn).await.expect("record");
    assert_eq!(record.status, ExecutionStatus::Succeeded, "{record:?}");
}

fn pass_chain(states: usize) -> Value {
    let mut map = serde_json::Map::new();
    for i in 0..states {
        let mut state = json!({"Type": "Pass", "Result": {"i": i}, "ResultPath": "$.last"});
        if i + 1 == states {
            state["End"] = json!(true);
        } else {
            state["Next"] = json!(format!("S{}", i + 1));
        }
        map.insert(format!("S{i}"), state);
    }
    json!({"StartAt": "S0", "States": map})
}

fn inline_map() -> Value {
    json!({
        "StartAt": "M",
        "States": {"M": {
            "Type": "Map", "ItemsPath": "$.items", "End": true,
            "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}
        }}
    })
}

fn choice_loop() -> Value {
    json!({
        "StartAt": "Check",
        "States": {
            "Check": {"Type": "Choice",
                "Choices": [{"Variable": "$.n", "NumericGreaterThanEquals": 1000, "Next": "Done"}],
                "Default": "Inc"},
            "Inc": {"Type": "Pass", "Parameters": {"n.$": "States.MathAdd($.n, 1)"}, "Next": "Check"},
            "Done": {"Type": "Succeed"}
        }
    })
}

/// [`pass_chain`] in JSONata: each state merges `{"last": {"i": i}}` into its input.
fn pass_chain_jsonata(states: usize) -> Value {
    let mut map = serde_json::Map::new();
    for i in 0..states {
        let mut state = json!({
            "Type": "Pass",
            "Output": format!("{{% $merge([$states.input, {{'last': {{'i': {i}}}}}]) %}}")
        });
        if i + 1 == states {
            state["End"] = json!(true);
        } else {
            state["Next"] = json!(format!("S{}", i + 1));
        }
        map.insert(format!("S{i}"), state);
    }
    json!({"QueryLanguage": "JSONata", "StartAt": "S0", "States": map})
}

/// [`inline_map`] in JSONata: `Items` instead of `ItemsPath`.
fn inline_map_jsonata() -> Value {
    json!({
        "QueryLanguage": "JSONata",
        "StartAt": "M",
        "States": {"M": {
            "Type": "Map", "Items": "{% $states.input.items %}", "End": true,
            "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}
        }}
    })
}

fn compile(def: &Value) -> Arc<asl::Plan> {
    asl::compile(&def.to_string()).expect("benchmark definition compiles")
}

#[divan::bench(sample_count = 30)]
fn pass_chain_100(bencher: divan::Bencher) {
    let rt = runtime();
    let engine = engine();
    let plan = compile(&pass_chain(100));
    let mut n = 0;
    bencher.bench_local(|| {
        n += 1;
        rt.block_on(run_once(&engine, &plan, n, "{}"));
    });
}

#[divan::bench(sample_count = 30)]
fn inline_map_1000(bencher: divan::Bencher) {
    let rt = runtime();
    let engine = engine();
    let plan = compile(&inline_map());
    let items: Vec<u32> = (0..1000).collect();
    let input = json!({ "items": items }).to_string();
    let mut n = 0;
    bencher.bench_local(|| {
        n += 1;
        rt.block_on(run_once(&engine, &plan, n, &input));
    });
}

#[divan::bench(sample_count = 30)]
fn pass_chain_100_jsonata(bencher: divan::Bencher) {
    let rt = runtime();
    let engine = engine();
    let plan = compile(&pass_chain_jsonata(100));
    let mut n = 0;
    bencher.bench_local(|| {
        n += 1;
        rt.block_on(run_once(&engine, &plan, n, "{}"));
    });
}

#[divan::bench(sample_count = 30)]
fn inline_map_1000_jsonata(bencher: divan::Bencher) {
    let rt = runtime();
    let engine = engine();
    let plan = compile(&inline_map_jsonata());
    let items: Vec<u32> = (0..1000).collect();
    let input = json!({ "items": items }).to_string();
    let mut n = 0;
    bencher.bench_local(|| {
        n += 1;
        rt.block_on(run_once(&engine, &plan, n, &input));
    });
}

#[divan::bench(sample_count = 30)]
fn choice_loop_1000(bencher: divan::Bencher) {
    let rt = runtime();
    let engine = engine();
    let plan = compile(&choice_loop());
    let mut n = 0;
    bencher.bench_local(|| {
        n += 1;
        rt.block_on(run_once(&engine, &plan, n, r#"{"n": 0}"#));
    });
}

/// 1,000 one-state executions per iteration: executions per second = 1,000 / time.
#[divan::bench(sample_count = 10)]
fn simple_executions_x1000(bencher: divan::Bencher) {
    let rt = runtime();
    let engine = engine();
    let plan = compile(&json!({"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}));
    let mut n = 0;
    bencher.bench_local(|| {
        rt.block_on(async {
            for _ in 0..1000 {
                n += 1;
                run_once(&engine, &plan, n, "{}").await;
            }
        });
    });
}
