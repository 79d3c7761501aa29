//! Virtual-time benchmarks (issue 5): the wall time of one execution waiting 365 days, and of
//! 1,000 concurrent executions each waiting one hour. Targets: under 1 ms and under 200 ms.
//! Run with `cargo bench --bench virtual_time`.

use std::sync::Arc;

use passo::asl;
use passo::engine::{Engine, EngineConfig, StartRequest};
use passo::store::{ExecutionStatus, MemoryStore};

fn main() {
    divan::main();
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a tokio runtime for the benchmark")
}

fn request(plan: &Arc<asl::Plan>, n: usize) -> StartRequest {
    let name = format!("wait-{n}");
    StartRequest {
        execution_arn: format!("arn:aws:states:us-east-1:123456789012:execution:wait:{name}"),
        state_machine_arn: "arn:aws:states:us-east-1:123456789012:stateMachine:wait".to_owned(),
        state_machine_name: "wait".to_owned(),
        state_machine_version_arn: None,
        state_machine_alias_arn: None,
        name,
        plan: plan.clone(),
        input: "{}".to_owned(),
        role_arn: "arn:aws:iam::123456789012:role/bench".to_owned(),
        trace_header: None,
        express: false,
    }
}

fn wait_plan(seconds: u64) -> Arc<asl::Plan> {
    let def = format!(
        r#"{{"StartAt":"W","States":{{"W":{{"Type":"Wait","Seconds":{seconds},"End":true}}}}}}"#
    );
    asl::compile(&def).expect("benchmark definition compiles")
}

#[divan::bench(sample_count = 50)]
fn wait_365_days(bencher: divan::Bencher) {
    let rt = runtime();
    let engine = Engine::new(EngineConfig::default(), Arc::new(MemoryStore::new()));
    let plan = wait_plan(365 * 86_400);
    let mut n = 0;
    bencher.bench_local(|| {
        n += 1;
        let req = request(&plan, n);
        let arn = req.execution_arn.clone();
        rt.block_on(async {
            engine.start(req).expect("start");
            let rec = engine.wait(&arn).await.expect("record");
            assert_eq!(rec.status, ExecutionStatus::Succeeded);
        });
    });
}

#[divan::bench(sample_count = 10)]
fn thousand_concurrent_one_hour_waits(bencher: divan::Bencher) {
    let rt = runtime();
    let engine = Engine::new(EngineConfig::default(), Arc::new(MemoryStore::new()));
    let plan = wait_plan(3600);
    let mut n = 0;
    bencher.bench_local(|| {
        let reqs: Vec<StartRequest> = (0..1000)
            .map(|_| {
                n += 1;
                request(&plan, n)
            })
            .collect();
        rt.block_on(async {
            let arns: Vec<String> = reqs.iter().map(|r| r.execution_arn.clone()).collect();
            for req in reqs {
                engine.start(req).expect("start");
            }
            for arn in &arns {
                let rec = engine.wait(arn).await.expect("record");
                assert_eq!(rec.status, ExecutionStatus::Succeeded);
            }
        });
    });
}
