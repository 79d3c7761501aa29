//! Distributed Map benchmark (issue 10): one execution whose distributed Map reads a
//! 100,000-row CSV from the mock object store and runs every row as a child execution (a Wait
//! of one hour and a Pass), in virtual time. Target: under 5 s.
//! Run with `cargo bench --bench distributed_map`.

use std::sync::Arc;

use passo::asl;
use passo::engine::{Engine, EngineConfig, StartRequest};
use passo::store::{ExecutionStatus, MemoryStore};

fn main() {
    divan::main();
}

const ROWS: usize = 100_000;

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a tokio runtime for the benchmark")
}

fn csv() -> Vec<u8> {
    let mut s = String::from("id,name,amount\n");
    for i in 0..ROWS {
        s.push_str(&format!("{i},item-{i},{}\n", i % 997));
    }
    s.into_bytes()
}

const DEFINITION: &str = r#"{"StartAt":"M","States":{"M":{"Type":"Map",
  "MaxConcurrency":1000,"ToleratedFailurePercentage":5,
  "ItemReader":{"Resource":"arn:aws:states:::s3:getObject",
    "ReaderConfig":{"InputType":"CSV","CSVHeaderLocation":"FIRST_ROW"},
    "Parameters":{"Bucket":"bench","Key":"rows.csv"}},
  "ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},
    "StartAt":"W","States":{
      "W":{"Type":"Wait","Seconds":3600,"Next":"P"},
      "P":{"Type":"Pass","Parameters":{"id.$":"$.id"},"End":true}}},
  "ResultSelector":{"count.$":"States.ArrayLength($)"},
  "End":true}}}"#;

#[divan::bench(sample_count = 3)]
fn csv_100k_items(bencher: divan::Bencher) {
    let rt = runtime();
    let plan = asl::compile(DEFINITION).expect("benchmark definition compiles");
    let body = csv();
    // A fresh engine per sample (100,000 child records each time), made and dropped outside
    // the timing: the sample is the execution alone, from StartExecution to its end.
    bencher
        .with_inputs(|| {
            let engine = Engine::new(EngineConfig::default(), Arc::new(MemoryStore::new()));
            let now = engine.now();
            engine
                .distributed()
                .objects
                .put("bench", "rows.csv", body.clone(), now);
            engine
        })
        .bench_local_values(|engine| {
            let arn = "arn:aws:states:us-east-1:123456789012:execution:dm:bench".to_owned();
            let req = StartRequest {
                execution_arn: arn.clone(),
                state_machine_arn: "arn:aws:states:us-east-1:123456789012:stateMachine:dm"
                    .to_owned(),
                state_machine_name: "dm".to_owned(),
                state_machine_version_arn: None,
                state_machine_alias_arn: None,
                name: "bench".to_owned(),
                plan: plan.clone(),
                input: "{}".to_owned(),
                role_arn: "arn:aws:iam::123456789012:role/bench".to_owned(),
                trace_header: None,
                express: false,
            };
            rt.block_on(async {
                engine.start(req).expect("start");
                let rec = engine.wait(&arn).await.expect("record");
                assert_eq!(rec.status, ExecutionStatus::Succeeded);
                assert_eq!(rec.output.as_deref(), Some(r#"{"count":100000}"#));
            });
            // Returned, so divan drops it after the timing.
            engine
        });
}
