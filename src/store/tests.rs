//! One suite, both stores: what the memory store answers, the redb store answers too, and the
//! redb store still answers it after the file is closed and opened again.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde_json::json;

use super::*;

fn record(arn: &str, sm: &str) -> ExecutionRecord {
    ExecutionRecord {
        execution_arn: arn.to_owned(),
        state_machine_arn: sm.to_owned(),
        state_machine_version_arn: None,
        state_machine_alias_arn: None,
        name: arn.rsplit(':').next().unwrap_or_default().to_owned(),
        status: ExecutionStatus::Running,
        start_date: DateTime::<Utc>::UNIX_EPOCH,
        stop_date: None,
        input: "{}".to_owned(),
        output: None,
        error: None,
        cause: None,
        trace_header: None,
        map_run_arn: None,
        redrive_count: 0,
    }
}

fn event(id: u64) -> HistoryEvent {
    HistoryEvent {
        id,
        previous_event_id: id - 1,
        timestamp: DateTime::<Utc>::UNIX_EPOCH,
        event_type: "PassStateEntered".to_owned(),
        details: Some(EventDetails::json(
            "stateEnteredEventDetails",
            json!({"name": "P"}),
        )),
    }
}

/// Writes a small world through `store`.
fn fill(store: &dyn Store) {
    store.insert_execution(record("e:1", "sm:a")).unwrap();
    store.insert_execution(record("e:2", "sm:b")).unwrap();
    store.insert_execution(record("e:3", "sm:a")).unwrap();
    assert_eq!(
        store.insert_execution(record("e:1", "sm:a")),
        Err(StoreError::AlreadyExists("e:1".to_owned()))
    );
    let mut done = record("e:3", "sm:a");
    done.status = ExecutionStatus::Succeeded;
    store.update_execution(done).unwrap();
    store.append_events("e:1", &[event(1), event(2)]).unwrap();
    store.append_events("e:1", &[event(3)]).unwrap();
    store.put_doc("state_machine", "sm:b", json!({"n": 2}));
    store.put_doc("state_machine", "sm:a", json!({"n": 1}));
    store.put_doc("state_machine", "sm:b", json!({"n": 3}));
    store.put_doc("activity", "x", json!(1));
    store.delete_doc("activity", "x");
    store.append_journal("e:1", &[json!({"k": "Start"})]);
    store.append_journal("e:1", &[json!({"k": "Fire"}), json!({"k": "Stop"})]);
}

/// What `fill` must leave behind.
fn check(store: &dyn Store) {
    let all = store.list_executions(&ExecutionFilter::default());
    let arns: Vec<&str> = all.iter().map(|r| r.execution_arn.as_str()).collect();
    assert_eq!(arns, ["e:3", "e:2", "e:1"], "newest first");
    let a = store.list_executions(&ExecutionFilter {
        state_machine_arn: Some("sm:a".to_owned()),
        ..ExecutionFilter::default()
    });
    assert_eq!(a.len(), 2);
    assert_eq!(
        store.get_execution("e:3").map(|r| r.status),
        Some(ExecutionStatus::Succeeded)
    );
    let ids: Vec<u64> = store.history("e:1").unwrap().iter().map(|e| e.id).collect();
    assert_eq!(ids, [1, 2, 3]);
    assert_eq!(store.history("e:1").unwrap()[0], event(1));
    assert_eq!(
        store.history("nope"),
        Err(StoreError::NotFound("nope".to_owned()))
    );
    let docs = store.list_docs("state_machine");
    assert_eq!(
        docs,
        [
            ("sm:b".to_owned(), json!({"n": 3})),
            ("sm:a".to_owned(), json!({"n": 1}))
        ],
        "insertion order, replaced in place"
    );
    assert_eq!(store.get_doc("activity", "x"), None);
    assert_eq!(
        store.journal("e:1"),
        [
            json!({"k": "Start"}),
            json!({"k": "Fire"}),
            json!({"k": "Stop"})
        ]
    );
    assert!(store.journal("e:2").is_empty());
}

#[test]
fn memory_store_keeps_records() {
    let store = MemoryStore::new();
    fill(&store);
    check(&store);
    store.clear();
    assert!(store
        .list_executions(&ExecutionFilter::default())
        .is_empty());
    assert!(store.journal("e:1").is_empty());
}

#[test]
fn redb_store_keeps_records_across_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("passo.redb");
    {
        let store = RedbStore::open(&path).unwrap();
        assert_eq!(store.boots(), 1);
        fill(&store);
        check(&store);
    }
    let store = Arc::new(RedbStore::open(&path).unwrap());
    assert_eq!(store.boots(), 2);
    check(store.as_ref());
    // Writes after a reopen keep the orders going.
    store.insert_execution(record("e:4", "sm:a")).unwrap();
    store.append_journal("e:1", &[json!({"k": "Redrive"})]);
    store.sync_blocking();
    drop(store);
    let store = RedbStore::open(&path).unwrap();
    let arns: Vec<String> = store
        .list_executions(&ExecutionFilter::default())
        .into_iter()
        .map(|r| r.execution_arn)
        .collect();
    assert_eq!(arns, ["e:4", "e:3", "e:2", "e:1"]);
    assert_eq!(store.journal("e:1").len(), 4);
    store.clear();
    drop(store);
    let store = RedbStore::open(&path).unwrap();
    assert!(store
        .list_executions(&ExecutionFilter::default())
        .is_empty());
    assert!(store.list_docs("state_machine").is_empty());
    assert_eq!(store.write_errors(), 0);
}

#[tokio::test]
async fn redb_sync_point_completes_after_commit() {
    let dir = tempfile::tempdir().unwrap();
    let store = RedbStore::open(&dir.path().join("s.redb")).unwrap();
    store.put_doc("c", "k", json!(1));
    let point = store.sync_point().expect("a write-behind store");
    assert_eq!(point.target, 1);
    point.wait().await;
    assert!(MemoryStore::new().sync_point().is_none());
}
