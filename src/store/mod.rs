//! Persistence behind one trait. Owns records of executions and their histories (written by the
//! engine), and of state machines, versions, aliases, activities and tags (written by the control
//! plane). Knows nothing of ASL or HTTP: definitions are opaque text here.
//!
//! The in-memory store ([`MemoryStore`]) is the default and the fastest; the durable single-file
//! store ([`RedbStore`], `passo serve --data FILE`) keeps the same records in a redb file.
//!
//! Besides records, a store keeps each execution's *journal*: the engine's record of what came
//! from outside the execution (task outcomes, timer firings, stops, redrives), from which
//! `engine::durable` rebuilds a running execution after a restart and a failed one for a redrive.
//! Journal entries are opaque JSON here.

mod details;
mod memory;
mod redb;
#[cfg(test)]
mod tests;

pub use self::redb::RedbStore;
pub use details::EventDetails;
pub use memory::MemoryStore;

use chrono::{DateTime, Utc};
use serde_json::Value;

/// Terminal and non-terminal statuses of an execution, as the API spells them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ExecutionStatus {
    Running,
    Succeeded,
    Failed,
    TimedOut,
    Aborted,
    PendingRedrive,
}

impl ExecutionStatus {
    /// The wire spelling (`RUNNING`, `SUCCEEDED`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            ExecutionStatus::Running => "RUNNING",
            ExecutionStatus::Succeeded => "SUCCEEDED",
            ExecutionStatus::Failed => "FAILED",
            ExecutionStatus::TimedOut => "TIMED_OUT",
            ExecutionStatus::Aborted => "ABORTED",
            ExecutionStatus::PendingRedrive => "PENDING_REDRIVE",
        }
    }

    /// Whether no further event can happen (redrive aside).
    pub fn is_terminal(self) -> bool {
        !matches!(self, ExecutionStatus::Running)
    }
}

/// What DescribeExecution shows of one execution. Written by the engine, read by the API.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ExecutionRecord {
    pub execution_arn: String,
    /// The state machine ARN as AWS reports it: unqualified, even when started through a version
    /// or alias (those go in `state_machine_version_arn` / `state_machine_alias_arn`).
    pub state_machine_arn: String,
    pub state_machine_version_arn: Option<String>,
    pub state_machine_alias_arn: Option<String>,
    pub name: String,
    pub status: ExecutionStatus,
    pub start_date: DateTime<Utc>,
    pub stop_date: Option<DateTime<Utc>>,
    /// The input exactly as the caller sent it (AWS echoes it verbatim).
    pub input: String,
    pub output: Option<String>,
    pub error: Option<String>,
    pub cause: Option<String>,
    pub trace_header: Option<String>,
    /// Set for child executions of a distributed Map run.
    pub map_run_arn: Option<String>,
    pub redrive_count: u32,
}

/// One entry of GetExecutionHistory.
///
/// `details` is the `<camelCaseType>EventDetails` member (for example
/// `stateEnteredEventDetails`), or `None` for events without details.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct HistoryEvent {
    pub id: u64,
    pub previous_event_id: u64,
    pub timestamp: DateTime<Utc>,
    pub event_type: String,
    pub details: Option<EventDetails>,
}

/// Errors a store can report. Callers map them to AWS error codes.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum StoreError {
    #[error("no record for '{0}'")]
    NotFound(String),
    #[error("a record for '{0}' exists already")]
    AlreadyExists(String),
}

/// The persistence interface. Synchronous: the in-memory and file stores both answer at once.
///
/// Control-plane records (state machines, versions, aliases, activities, tags) are added by the
/// API module as generic JSON documents keyed by ARN in a named collection; executions and their
/// histories are typed because the engine writes them on the hot path.
pub trait Store: Send + Sync + 'static {
    /// Records a new execution. Fails with `AlreadyExists` when the ARN is taken.
    fn insert_execution(&self, record: ExecutionRecord) -> Result<(), StoreError>;
    /// Records a new execution together with the first entries of its journal, as one write:
    /// a store that persists never holds the record without them (a restart would find a
    /// running execution it cannot rebuild). Fails with `AlreadyExists` like
    /// [`Store::insert_execution`], writing nothing.
    fn insert_execution_journaled(
        &self,
        record: ExecutionRecord,
        journal: &[Value],
    ) -> Result<(), StoreError> {
        let arn = record.execution_arn.clone();
        self.insert_execution(record)?;
        self.append_journal(&arn, journal);
        Ok(())
    }
    /// Replaces an existing execution record (status changes, output, stop date).
    fn update_execution(&self, record: ExecutionRecord) -> Result<(), StoreError>;
    fn get_execution(&self, execution_arn: &str) -> Option<ExecutionRecord>;
    /// Executions of one state machine (unqualified ARN) or of one map run, newest first.
    fn list_executions(&self, filter: &ExecutionFilter) -> Vec<ExecutionRecord>;
    /// Appends events to an execution's history, in order.
    fn append_events(&self, execution_arn: &str, events: &[HistoryEvent])
        -> Result<(), StoreError>;
    /// Appends events the caller gives up, in order. Stores that keep events in memory override
    /// this to move them in instead of cloning each one.
    fn append_events_owned(
        &self,
        execution_arn: &str,
        events: Vec<HistoryEvent>,
    ) -> Result<(), StoreError> {
        self.append_events(execution_arn, &events)
    }
    /// The whole history of an execution, oldest first.
    fn history(&self, execution_arn: &str) -> Result<Vec<HistoryEvent>, StoreError>;
    /// How many events an execution's history has (0 when unknown), without copying them.
    fn history_len(&self, execution_arn: &str) -> usize {
        self.history(execution_arn).map_or(0, |h| h.len())
    }

    /// Puts a control-plane document (`collection` such as "state_machine", "activity").
    fn put_doc(&self, collection: &str, key: &str, doc: Value);
    fn get_doc(&self, collection: &str, key: &str) -> Option<Value>;
    fn delete_doc(&self, collection: &str, key: &str) -> Option<Value>;
    /// Documents of a collection in insertion order.
    fn list_docs(&self, collection: &str) -> Vec<(String, Value)>;
    /// Forgets everything (control API reset).
    fn clear(&self);

    /// Appends entries to an execution's journal (see the module doc), in order.
    fn append_journal(&self, execution_arn: &str, entries: &[Value]);
    /// The whole journal of an execution, oldest first (empty when unknown).
    fn journal(&self, execution_arn: &str) -> Vec<Value>;

    /// For a store that writes behind (the redb file): a point that completes once every write
    /// made so far is on disk. The API awaits it before answering, so an acknowledged call
    /// survives a crash. `None` when writes are durable at once or never (memory).
    fn sync_point(&self) -> Option<SyncPoint> {
        None
    }

    /// Whether what is written survives the process (the redb file): registries the engine
    /// keeps in memory anyway (map runs, mock objects) write to such a store only.
    fn is_durable(&self) -> bool {
        false
    }
}

/// Completes once the store's writes up to `target` are committed.
pub struct SyncPoint {
    pub target: u64,
    pub committed: tokio::sync::watch::Receiver<u64>,
}

impl SyncPoint {
    /// Waits for the commit (returns at once if it already happened or the writer stopped).
    pub async fn wait(mut self) {
        let target = self.target;
        let _ = self.committed.wait_for(|c| *c >= target).await;
    }
}

/// Which executions `list_executions` returns.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExecutionFilter {
    pub state_machine_arn: Option<String>,
    pub map_run_arn: Option<String>,
    pub status: Option<ExecutionStatus>,
}
