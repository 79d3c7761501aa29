//! The test harness's speed (issue 8): 1,000 specs of the order-pipeline example (its 9 tests
//! repeated) run by `passo test`'s engine, in-process on virtual time, with the default 16
//! executions at once. Target: under 10 s. Run with `cargo bench --bench harness`.

use std::path::PathBuf;
use std::time::Duration;

use passo::harness::{load_suite, run_suite, RunOptions, TestCase};

fn main() {
    divan::main();
}

fn thousand_specs() -> Vec<TestCase> {
    let example = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/order-pipeline");
    let base = load_suite(&[example]).expect("the example loads");
    (0..1000)
        .map(|i| {
            let mut case = base[i % base.len()].clone();
            case.id = format!("{}#{i}", case.id);
            case
        })
        .collect()
}

#[divan::bench(sample_count = 3, sample_size = 1)]
fn run_1000_example_specs(bencher: divan::Bencher) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a tokio runtime for the benchmark");
    let opts = RunOptions {
        jobs: 16,
        timeout: Duration::from_secs(30),
        progress: false,
    };
    bencher
        .with_inputs(thousand_specs)
        .bench_local_values(|cases| {
            let results = runtime.block_on(run_suite(cases, &opts));
            assert!(results.iter().all(|r| r.passed()), "every spec passes");
            results.len()
        });
}
