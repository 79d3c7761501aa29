//! The store's cost (divan): one execution (Pass, a 10-second Wait in virtual time, Pass)
//! started through the in-process API and run to its end, on the in-memory store (the default)
//! and on the redb file (`--data`), where the start is acknowledged only once committed.
//!
//! `cargo bench --bench durable_store`.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use passo::engine::EngineConfig;
use passo::store::{MemoryStore, RedbStore, Store};
use passo::Emulator;
use serde_json::json;

const DEF: &str = r#"{"StartAt":"A","States":{"A":{"Type":"Pass","Next":"W"},
  "W":{"Type":"Wait","Seconds":10,"Next":"B"},"B":{"Type":"Pass","End":true}}}"#;

fn main() {
    divan::main();
}

struct World {
    rt: tokio::runtime::Runtime,
    emulator: Emulator,
    sm: String,
    next: AtomicU64,
    _dir: Option<tempfile::TempDir>,
}

fn world(durable: bool) -> World {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let (store, dir): (Arc<dyn Store>, _) = if durable {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = RedbStore::open(&dir.path().join("bench.redb")).expect("open");
        (Arc::new(store), Some(dir))
    } else {
        (Arc::new(MemoryStore::new()), None)
    };
    let emulator = rt.block_on(async { Emulator::with_store(EngineConfig::default(), store) });
    let sm = rt
        .block_on(emulator.call(
            "CreateStateMachine",
            json!({"name": "bench", "definition": DEF,
                   "roleArn": "arn:aws:iam::123456789012:role/bench"}),
        ))
        .expect("create")["stateMachineArn"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    World {
        rt,
        emulator,
        sm,
        next: AtomicU64::new(0),
        _dir: dir,
    }
}

fn run_one(w: &World) {
    let n = w.next.fetch_add(1, Ordering::Relaxed);
    w.rt.block_on(async {
        let started = w
            .emulator
            .call(
                "StartExecution",
                json!({"stateMachineArn": w.sm, "name": format!("e{n}")}),
            )
            .await
            .expect("start");
        let arn = started["executionArn"].as_str().unwrap_or_default();
        w.emulator.service().engine().wait(arn).await;
    });
}

#[divan::bench(args = [false, true])]
fn start_and_finish(bencher: divan::Bencher, durable: bool) {
    let w = world(durable);
    bencher.bench_local(|| run_one(&w));
}
