//! The durable store behind `passo serve --data FILE`: one redb file holding executions, their
//! histories and journals, and every control-plane document (state machines, versions, aliases,
//! activities, tags).
//!
//! Shape: reads are served from an in-memory copy ([`MemoryStore`], loaded from the file at
//! open), and every write is applied to that copy and queued, in one total order, to a writer
//! thread. The writer drains whatever is queued into one redb write transaction and commits it
//! (group commit: one fsync for many writes). Because each transaction holds a prefix of the
//! queue, the file always holds a prefix of the writes in their original order: after a crash
//! nothing is torn, and a journal entry is never on disk without everything written before it.
//!
//! An API call is acknowledged only once its writes are committed: the dispatcher awaits
//! [`Store::sync_point`]. Engine progress (events of executions moving on their own) is not
//! waited for; what a crash loses of it the engine replays from the journal.
//!
//! Knows nothing of ASL or HTTP.

use std::collections::HashMap;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{mpsc, Mutex};

use ::redb::{Database, ReadableTable, TableDefinition};
use serde_json::Value;

use super::{
    ExecutionFilter, ExecutionRecord, HistoryEvent, MemoryStore, Store, StoreError, SyncPoint,
};

/// Execution ARN -> `[order, record]` (order: start order, for newest-first listings).
const EXECUTIONS: TableDefinition<&str, &[u8]> = TableDefinition::new("executions");
/// (execution ARN, event id) -> event.
const EVENTS: TableDefinition<(&str, u64), &[u8]> = TableDefinition::new("events");
/// (execution ARN, position) -> journal entry.
const JOURNALS: TableDefinition<(&str, u64), &[u8]> = TableDefinition::new("journals");
/// (collection, key) -> `[order, document]`.
const DOCS: TableDefinition<(&str, &str), &[u8]> = TableDefinition::new("docs");
/// Small counters ("boots": how many times the file was opened).
const META: TableDefinition<&str, u64> = TableDefinition::new("meta");

/// Why the file could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error("cannot open the data file: {0}")]
    Redb(String),
    #[error("the data file holds a record passo cannot read: {0}")]
    Corrupt(String),
    #[error("cannot start the store's writer thread: {0}")]
    Thread(#[from] std::io::Error),
}

/// One queued write.
enum Op {
    Execution(u64, ExecutionRecord),
    /// Writes that must reach the file in the same transaction (one queue item is never split
    /// across batches).
    Together(Vec<Op>),
    Events(String, Vec<HistoryEvent>),
    Journal(String, u64, Vec<Value>),
    PutDoc(String, String, u64, Value),
    DeleteDoc(String, String),
    Clear,
}

/// The order of writes: the in-memory copy and the queue change together under this lock, so
/// the file replays them in the order readers saw them.
struct Order {
    /// Sequence number of the last queued write.
    written: u64,
    tx: Option<mpsc::Sender<(u64, Op)>>,
    /// Start order of executions and insertion order of documents, as persisted.
    exec_order: HashMap<String, u64>,
    doc_order: HashMap<(String, String), u64>,
    next_order: u64,
}

/// The redb-backed store. See the module doc.
pub struct RedbStore {
    mem: MemoryStore,
    order: Mutex<Order>,
    committed: tokio::sync::watch::Sender<u64>,
    boots: u64,
    writer: Mutex<Option<std::thread::JoinHandle<()>>>,
    /// Writes the writer failed to commit (logged; reported by [`RedbStore::write_errors`]).
    errors: std::sync::Arc<AtomicU64>,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

fn to_bytes<T: serde::Serialize>(v: &T) -> Vec<u8> {
    // Records are plain data (strings, numbers, JSON values): serialising cannot fail.
    serde_json::to_vec(v).unwrap_or_default()
}

fn db_err(e: impl Into<::redb::Error>) -> OpenError {
    OpenError::Redb(e.into().to_string())
}

fn corrupt(what: &str, e: impl std::fmt::Display) -> OpenError {
    OpenError::Corrupt(format!("{what}: {e}"))
}

impl RedbStore {
    /// Opens (or creates) the file and loads everything into memory.
    pub fn open(path: &Path) -> Result<RedbStore, OpenError> {
        let db = Database::create(path).map_err(db_err)?;
        let boots = {
            let w = db.begin_write().map_err(db_err)?;
            let boots = {
                w.open_table(EXECUTIONS).map_err(db_err)?;
                w.open_table(EVENTS).map_err(db_err)?;
                w.open_table(JOURNALS).map_err(db_err)?;
                w.open_table(DOCS).map_err(db_err)?;
                let mut meta = w.open_table(META).map_err(db_err)?;
                let boots = meta
                    .get("boots")
                    .map_err(db_err)?
                    .map(|v| v.value())
                    .unwrap_or(0)
                    + 1;
                meta.insert("boots", boots).map_err(db_err)?;
                boots
            };
            w.commit().map_err(db_err)?;
            boots
        };
        let mem = MemoryStore::new();
        let mut order = Order {
            written: 0,
            tx: None,
            exec_order: HashMap::new(),
            doc_order: HashMap::new(),
            next_order: 0,
        };
        load(&db, &mem, &mut order)?;
        let (tx, rx) = mpsc::channel::<(u64, Op)>();
        order.tx = Some(tx);
        let (committed, _) = tokio::sync::watch::channel(0u64);
        let errors = std::sync::Arc::new(AtomicU64::new(0));
        let writer = {
            let committed = committed.clone();
            let errors = errors.clone();
            std::thread::Builder::new()
                .name("passo-store".to_owned())
                .spawn(move || write_loop(db, rx, committed, errors))?
        };
        Ok(RedbStore {
            mem,
            order: Mutex::new(order),
            committed,
            boots,
            writer: Mutex::new(Some(writer)),
            errors,
        })
    }

    /// How many times the file has been opened, this time included (1 for a new file).
    pub fn boots(&self) -> u64 {
        self.boots
    }

    /// Write transactions that failed (each one is logged).
    pub fn write_errors(&self) -> u64 {
        self.errors.load(Ordering::Relaxed)
    }

    /// Waits (blocking) until every queued write is committed.
    pub fn sync_blocking(&self) {
        let target = lock(&self.order).written;
        let mut rx = self.committed.subscribe();
        while *rx.borrow_and_update() < target {
            if self.writer_gone() {
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
    }

    fn writer_gone(&self) -> bool {
        lock(&self.writer).as_ref().is_none_or(|h| h.is_finished())
    }

    /// Queues one write; the caller holds the order lock and has applied it to memory.
    fn queue(order: &mut Order, op: Op) {
        order.written += 1;
        if let Some(tx) = &order.tx {
            if tx.send((order.written, op)).is_err() {
                tracing::error!("the store's writer thread is gone; this write is not persisted");
            }
        }
    }
}

impl Drop for RedbStore {
    fn drop(&mut self) {
        // Closing the queue lets the writer commit what is left and stop.
        lock(&self.order).tx = None;
        if let Some(h) = lock(&self.writer).take() {
            let _ = h.join();
        }
    }
}

/// Reads the whole file into `mem`, in the original orders.
fn load(db: &Database, mem: &MemoryStore, order: &mut Order) -> Result<(), OpenError> {
    let r = db.begin_read().map_err(db_err)?;
    let execs = r.open_table(EXECUTIONS).map_err(db_err)?;
    let mut records: Vec<(u64, ExecutionRecord)> = Vec::new();
    for item in execs.iter().map_err(db_err)? {
        let (_, v) = item.map_err(db_err)?;
        let rec: (u64, ExecutionRecord) =
            serde_json::from_slice(v.value()).map_err(|e| corrupt("execution", e))?;
        records.push(rec);
    }
    records.sort_by_key(|(o, _)| *o);
    for (o, rec) in records {
        order.exec_order.insert(rec.execution_arn.clone(), o);
        order.next_order = order.next_order.max(o + 1);
        // Histories are appended below; insert_execution starts them empty.
        let _ = mem.insert_execution(rec);
    }
    let events = r.open_table(EVENTS).map_err(db_err)?;
    let mut batch: Vec<HistoryEvent> = Vec::new();
    let mut current = String::new();
    for item in events.iter().map_err(db_err)? {
        let (k, v) = item.map_err(db_err)?;
        let (arn, _) = k.value();
        if arn != current {
            if !batch.is_empty() {
                let _ = mem.append_events(&current, &batch);
            }
            batch.clear();
            current = arn.to_owned();
        }
        batch.push(serde_json::from_slice(v.value()).map_err(|e| corrupt("event", e))?);
    }
    if !batch.is_empty() {
        let _ = mem.append_events(&current, &batch);
    }
    let journals = r.open_table(JOURNALS).map_err(db_err)?;
    let mut entries: Vec<Value> = Vec::new();
    current.clear();
    for item in journals.iter().map_err(db_err)? {
        let (k, v) = item.map_err(db_err)?;
        let (arn, _) = k.value();
        if arn != current {
            if !entries.is_empty() {
                mem.append_journal(&current, &entries);
            }
            entries.clear();
            current = arn.to_owned();
        }
        entries.push(serde_json::from_slice(v.value()).map_err(|e| corrupt("journal", e))?);
    }
    if !entries.is_empty() {
        mem.append_journal(&current, &entries);
    }
    let docs = r.open_table(DOCS).map_err(db_err)?;
    let mut all: Vec<(u64, String, String, Value)> = Vec::new();
    for item in docs.iter().map_err(db_err)? {
        let (k, v) = item.map_err(db_err)?;
        let (collection, key) = k.value();
        let (o, doc): (u64, Value) =
            serde_json::from_slice(v.value()).map_err(|e| corrupt("document", e))?;
        all.push((o, collection.to_owned(), key.to_owned(), doc));
    }
    all.sort_by_key(|d| d.0);
    for (o, collection, key, doc) in all {
        order.next_order = order.next_order.max(o + 1);
        mem.put_doc(&collection, &key, doc);
        order.doc_order.insert((collection, key), o);
    }
    Ok(())
}

/// The writer thread: one transaction per drained batch, then `committed` moves on.
fn write_loop(
    db: Database,
    rx: mpsc::Receiver<(u64, Op)>,
    committed: tokio::sync::watch::Sender<u64>,
    errors: std::sync::Arc<AtomicU64>,
) {
    while let Ok(first) = rx.recv() {
        let mut batch = vec![first];
        while batch.len() < 50_000 {
            match rx.try_recv() {
                Ok(op) => batch.push(op),
                Err(_) => break,
            }
        }
        let last = batch.last().map_or(0, |(seq, _)| *seq);
        if let Err(e) = commit(&db, batch) {
            errors.fetch_add(1, Ordering::Relaxed);
            tracing::error!(error = %e, "cannot write to the data file");
        }
        // Move on even after an error (it is logged): waiters must not hang forever.
        committed.send_replace(last);
    }
}

/// The tables one write transaction writes to.
struct Tables<'t> {
    execs: ::redb::Table<'t, &'static str, &'static [u8]>,
    events: ::redb::Table<'t, (&'static str, u64), &'static [u8]>,
    journals: ::redb::Table<'t, (&'static str, u64), &'static [u8]>,
    docs: ::redb::Table<'t, (&'static str, &'static str), &'static [u8]>,
}

#[allow(
    clippy::result_large_err,
    reason = "once per committed batch, and redb's own error type"
)]
fn commit(db: &Database, batch: Vec<(u64, Op)>) -> Result<(), ::redb::Error> {
    let w = db.begin_write()?;
    {
        let mut t = Tables {
            execs: w.open_table(EXECUTIONS)?,
            events: w.open_table(EVENTS)?,
            journals: w.open_table(JOURNALS)?,
            docs: w.open_table(DOCS)?,
        };
        for (_, op) in batch {
            apply(&mut t, op)?;
        }
    }
    w.commit()?;
    Ok(())
}

#[allow(
    clippy::result_large_err,
    reason = "once per queued write, and redb's own error type"
)]
fn apply(t: &mut Tables<'_>, op: Op) -> Result<(), ::redb::Error> {
    match op {
        Op::Execution(o, rec) => {
            t.execs
                .insert(rec.execution_arn.as_str(), to_bytes(&(o, &rec)).as_slice())?;
        }
        Op::Together(ops) => {
            for op in ops {
                apply(t, op)?;
            }
        }
        Op::Events(arn, evs) => {
            for e in evs {
                t.events
                    .insert((arn.as_str(), e.id), to_bytes(&e).as_slice())?;
            }
        }
        Op::Journal(arn, start, entries) => {
            for (i, e) in entries.iter().enumerate() {
                t.journals
                    .insert((arn.as_str(), start + i as u64), to_bytes(e).as_slice())?;
            }
        }
        Op::PutDoc(collection, key, o, doc) => {
            t.docs.insert(
                (collection.as_str(), key.as_str()),
                to_bytes(&(o, &doc)).as_slice(),
            )?;
        }
        Op::DeleteDoc(collection, key) => {
            t.docs.remove((collection.as_str(), key.as_str()))?;
        }
        Op::Clear => {
            t.execs.retain(|_, _| false)?;
            t.events.retain(|_, _| false)?;
            t.journals.retain(|_, _| false)?;
            t.docs.retain(|_, _| false)?;
        }
    }
    Ok(())
}

impl Store for RedbStore {
    fn insert_execution(&self, record: ExecutionRecord) -> Result<(), StoreError> {
        self.insert_execution_journaled(record, &[])
    }

    fn insert_execution_journaled(
        &self,
        record: ExecutionRecord,
        journal: &[Value],
    ) -> Result<(), StoreError> {
        let mut order = lock(&self.order);
        self.mem.insert_execution(record.clone())?;
        let arn = record.execution_arn.clone();
        let o = order.next_order;
        order.next_order += 1;
        order.exec_order.insert(arn.clone(), o);
        let op = if journal.is_empty() {
            Op::Execution(o, record)
        } else {
            let start = self.mem.journal_len(&arn) as u64;
            self.mem.append_journal(&arn, journal);
            Op::Together(vec![
                Op::Execution(o, record),
                Op::Journal(arn, start, journal.to_vec()),
            ])
        };
        Self::queue(&mut order, op);
        Ok(())
    }

    fn update_execution(&self, record: ExecutionRecord) -> Result<(), StoreError> {
        let mut order = lock(&self.order);
        self.mem.update_execution(record.clone())?;
        let o = order
            .exec_order
            .get(&record.execution_arn)
            .copied()
            .unwrap_or_default();
        Self::queue(&mut order, Op::Execution(o, record));
        Ok(())
    }

    fn get_execution(&self, execution_arn: &str) -> Option<ExecutionRecord> {
        self.mem.get_execution(execution_arn)
    }

    fn list_executions(&self, filter: &ExecutionFilter) -> Vec<ExecutionRecord> {
        self.mem.list_executions(filter)
    }

    fn append_events(
        &self,
        execution_arn: &str,
        events: &[HistoryEvent],
    ) -> Result<(), StoreError> {
        let mut order = lock(&self.order);
        self.mem.append_events(execution_arn, events)?;
        Self::queue(
            &mut order,
            Op::Events(execution_arn.to_owned(), events.to_vec()),
        );
        Ok(())
    }

    fn append_events_owned(
        &self,
        execution_arn: &str,
        events: Vec<HistoryEvent>,
    ) -> Result<(), StoreError> {
        let mut order = lock(&self.order);
        let queued = events.clone();
        self.mem.append_events_owned(execution_arn, events)?;
        Self::queue(&mut order, Op::Events(execution_arn.to_owned(), queued));
        Ok(())
    }

    fn history_len(&self, execution_arn: &str) -> usize {
        self.mem.history_len(execution_arn)
    }

    fn history(&self, execution_arn: &str) -> Result<Vec<HistoryEvent>, StoreError> {
        self.mem.history(execution_arn)
    }

    fn put_doc(&self, collection: &str, key: &str, doc: Value) {
        let mut order = lock(&self.order);
        self.mem.put_doc(collection, key, doc.clone());
        let id = (collection.to_owned(), key.to_owned());
        let o = match order.doc_order.get(&id) {
            Some(o) => *o,
            None => {
                let o = order.next_order;
                order.next_order += 1;
                order.doc_order.insert(id, o);
                o
            }
        };
        Self::queue(
            &mut order,
            Op::PutDoc(collection.to_owned(), key.to_owned(), o, doc),
        );
    }

    fn get_doc(&self, collection: &str, key: &str) -> Option<Value> {
        self.mem.get_doc(collection, key)
    }

    fn delete_doc(&self, collection: &str, key: &str) -> Option<Value> {
        let mut order = lock(&self.order);
        let gone = self.mem.delete_doc(collection, key);
        if gone.is_some() {
            order
                .doc_order
                .remove(&(collection.to_owned(), key.to_owned()));
            Self::queue(
                &mut order,
                Op::DeleteDoc(collection.to_owned(), key.to_owned()),
            );
        }
        gone
    }

    fn list_docs(&self, collection: &str) -> Vec<(String, Value)> {
        self.mem.list_docs(collection)
    }

    fn clear(&self) {
        let mut order = lock(&self.order);
        self.mem.clear();
        order.exec_order.clear();
        order.doc_order.clear();
        Self::queue(&mut order, Op::Clear);
    }

    fn append_journal(&self, execution_arn: &str, entries: &[Value]) {
        if entries.is_empty() {
            return;
        }
        let mut order = lock(&self.order);
        let start = self.mem.journal_len(execution_arn) as u64;
        self.mem.append_journal(execution_arn, entries);
        Self::queue(
            &mut order,
            Op::Journal(execution_arn.to_owned(), start, entries.to_vec()),
        );
    }

    fn journal(&self, execution_arn: &str) -> Vec<Value> {
        self.mem.journal(execution_arn)
    }

    fn is_durable(&self) -> bool {
        true
    }

    fn sync_point(&self) -> Option<SyncPoint> {
        let target = lock(&self.order).written;
        Some(SyncPoint {
            target,
            committed: self.committed.subscribe(),
        })
    }
}
