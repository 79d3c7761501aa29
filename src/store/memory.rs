//! The default in-memory store: maps behind one mutex each. Fast and gone at exit.

use std::collections::HashMap;
use std::sync::Mutex;

use indexmap::IndexMap;
use serde_json::Value;

use super::{ExecutionFilter, ExecutionRecord, HistoryEvent, Store, StoreError};

/// Everything in process memory. Executions keep their start order so that listing newest first
/// is a reverse walk.
#[derive(Default)]
pub struct MemoryStore {
    executions: Mutex<IndexMap<String, ExecutionRecord>>,
    histories: Mutex<HashMap<String, Vec<HistoryEvent>>>,
    docs: Mutex<HashMap<String, IndexMap<String, Value>>>,
    journals: Mutex<HashMap<String, Vec<Value>>>,
}

impl MemoryStore {
    pub fn new() -> MemoryStore {
        MemoryStore::default()
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    // A panic while holding the lock leaves plain data behind; keep serving it.
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl Store for MemoryStore {
    fn insert_execution(&self, record: ExecutionRecord) -> Result<(), StoreError> {
        let mut execs = lock(&self.executions);
        if execs.contains_key(&record.execution_arn) {
            return Err(StoreError::AlreadyExists(record.execution_arn));
        }
        lock(&self.histories).insert(record.execution_arn.clone(), Vec::new());
        execs.insert(record.execution_arn.clone(), record);
        Ok(())
    }

    fn update_execution(&self, record: ExecutionRecord) -> Result<(), StoreError> {
        let mut execs = lock(&self.executions);
        match execs.get_mut(&record.execution_arn) {
            Some(slot) => {
                *slot = record;
                Ok(())
            }
            None => Err(StoreError::NotFound(record.execution_arn)),
        }
    }

    fn get_execution(&self, execution_arn: &str) -> Option<ExecutionRecord> {
        lock(&self.executions).get(execution_arn).cloned()
    }

    fn list_executions(&self, filter: &ExecutionFilter) -> Vec<ExecutionRecord> {
        lock(&self.executions)
            .values()
            .rev()
            .filter(|r| {
                filter
                    .state_machine_arn
                    .as_ref()
                    .is_none_or(|a| *a == r.state_machine_arn)
                    && filter
                        .map_run_arn
                        .as_ref()
                        .is_none_or(|m| r.map_run_arn.as_ref() == Some(m))
                    && filter.status.is_none_or(|s| s == r.status)
            })
            .cloned()
            .collect()
    }

    fn append_events(
        &self,
        execution_arn: &str,
        events: &[HistoryEvent],
    ) -> Result<(), StoreError> {
        match lock(&self.histories).get_mut(execution_arn) {
            Some(h) => {
                h.extend_from_slice(events);
                Ok(())
            }
            None => Err(StoreError::NotFound(execution_arn.to_owned())),
        }
    }

    fn append_events_owned(
        &self,
        execution_arn: &str,
        mut events: Vec<HistoryEvent>,
    ) -> Result<(), StoreError> {
        match lock(&self.histories).get_mut(execution_arn) {
            Some(h) => {
                h.append(&mut events);
                Ok(())
            }
            None => Err(StoreError::NotFound(execution_arn.to_owned())),
        }
    }

    fn history(&self, execution_arn: &str) -> Result<Vec<HistoryEvent>, StoreError> {
        lock(&self.histories)
            .get(execution_arn)
            .cloned()
            .ok_or_else(|| StoreError::NotFound(execution_arn.to_owned()))
    }

    fn history_len(&self, execution_arn: &str) -> usize {
        lock(&self.histories).get(execution_arn).map_or(0, Vec::len)
    }

    fn put_doc(&self, collection: &str, key: &str, doc: Value) {
        lock(&self.docs)
            .entry(collection.to_owned())
            .or_default()
            .insert(key.to_owned(), doc);
    }

    fn get_doc(&self, collection: &str, key: &str) -> Option<Value> {
        lock(&self.docs).get(collection)?.get(key).cloned()
    }

    fn delete_doc(&self, collection: &str, key: &str) -> Option<Value> {
        lock(&self.docs).get_mut(collection)?.shift_remove(key)
    }

    fn list_docs(&self, collection: &str) -> Vec<(String, Value)> {
        lock(&self.docs)
            .get(collection)
            .map(|c| c.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
            .unwrap_or_default()
    }

    fn clear(&self) {
        lock(&self.executions).clear();
        lock(&self.histories).clear();
        lock(&self.docs).clear();
        lock(&self.journals).clear();
    }

    fn append_journal(&self, execution_arn: &str, entries: &[Value]) {
        lock(&self.journals)
            .entry(execution_arn.to_owned())
            .or_default()
            .extend_from_slice(entries);
    }

    fn journal(&self, execution_arn: &str) -> Vec<Value> {
        lock(&self.journals)
            .get(execution_arn)
            .cloned()
            .unwrap_or_default()
    }
}

impl MemoryStore {
    /// How many journal entries an execution has (the redb store keys entries by position).
    pub(super) fn journal_len(&self, execution_arn: &str) -> usize {
        lock(&self.journals).get(execution_arn).map_or(0, Vec::len)
    }
}
