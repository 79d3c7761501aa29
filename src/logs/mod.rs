//! Execution logs as Step Functions writes them to CloudWatch Logs: which events a
//! `loggingConfiguration` level lets through, the JSON record of each event, and an in-memory
//! CloudWatch stand-in that keeps them per log group (plus an optional JSON-lines sink, a file or
//! stdout). Read through the control API (`GET /_passo/logs`) and `passo logs`.
//!
//! Owns no execution logic: the engine hands it each batch of history events after appending
//! them to the store, and the API registers the logging target of each execution it starts.
//! Never touches the store or the network.
//!
//! # Layout
//! - [`config`]: log group ARNs and `loggingConfiguration` checks (AWS's messages).
//! - [`record`]: one history event as a log record (`id`, `type`, `details`, ...).
//! - [`query`]: the control API's view (`?logGroup=...&executionArn=...`).
//! - [`cli`]: `passo logs` and the `--log-events` sink.

pub mod cli;
pub mod config;
pub mod groups;
pub mod query;
pub mod record;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

use serde_json::Value;

use crate::store::HistoryEvent;

/// `loggingConfiguration.level`: which event types reach the log group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogLevel {
    All,
    Error,
    Fatal,
    Off,
}

impl LogLevel {
    /// The level named as the API names it (`ALL`, `ERROR`, `FATAL`, `OFF`).
    pub fn parse(s: &str) -> Option<LogLevel> {
        match s {
            "ALL" => Some(LogLevel::All),
            "ERROR" => Some(LogLevel::Error),
            "FATAL" => Some(LogLevel::Fatal),
            "OFF" => Some(LogLevel::Off),
            _ => None,
        }
    }

    /// Whether an event of this type is logged at this level. FATAL keeps the events that end
    /// an execution unsuccessfully; ERROR adds every failure, time-out and abort event and
    /// `FailStateEntered` (the recordings show `FailStateEntered` at ERROR, not at FATAL).
    pub fn logs(self, event_type: &str) -> bool {
        let fatal = matches!(
            event_type,
            "ExecutionFailed" | "ExecutionAborted" | "ExecutionTimedOut"
        );
        match self {
            LogLevel::All => true,
            LogLevel::Off => false,
            LogLevel::Fatal => fatal,
            LogLevel::Error => {
                fatal
                    || event_type == "FailStateEntered"
                    || event_type.ends_with("Failed")
                    || event_type.ends_with("TimedOut")
                    || event_type.ends_with("Aborted")
            }
        }
    }
}

/// Where and what one execution logs, fixed when it starts (as on AWS, an update of the state
/// machine's logging configuration applies to executions started afterwards).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogTarget {
    pub level: LogLevel,
    pub include_execution_data: bool,
    /// The log group's name (from its ARN).
    pub log_group: String,
}

/// One log event as CloudWatch Logs keeps it.
#[derive(Debug, Clone, PartialEq)]
pub struct LogEvent {
    pub log_group: String,
    pub log_stream: String,
    /// Milliseconds since the epoch (the history event's time).
    pub timestamp: i64,
    pub execution_arn: String,
    /// The record's JSON text, as Step Functions writes it.
    pub message: String,
}

/// The in-memory log groups, the logging target of each execution, and the optional sink.
#[derive(Default)]
pub struct Logs {
    /// Whether any execution was ever registered: until then [`Logs::record`] takes no lock
    /// (the engine calls it on every batch of every execution).
    any: AtomicBool,
    targets: Mutex<HashMap<String, LogTarget>>,
    groups: Mutex<BTreeMap<String, Vec<LogEvent>>>,
    /// Log groups deleted through the control API (or a recorded test's set-up) and not
    /// created again. Every other name counts as an existing group: passo has no CloudWatch
    /// where users would create them first.
    deleted: Mutex<BTreeSet<String>>,
    sink: Mutex<Option<Box<dyn Write + Send>>>,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    // Plain data behind each lock: a panic elsewhere cannot leave it half-written.
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl Logs {
    pub fn new() -> Logs {
        Logs::default()
    }

    /// Also writes every record as one JSON line to `sink` (`passo serve --log-events`).
    pub fn set_sink(&self, sink: Box<dyn Write + Send>) {
        *lock(&self.sink) = Some(sink);
    }

    /// Sets where an execution logs; `None` or level OFF logs nothing. Call before the
    /// execution starts so that `ExecutionStarted` is logged.
    pub fn register(&self, execution_arn: &str, target: Option<LogTarget>) {
        let mut targets = lock(&self.targets);
        match target.filter(|t| t.level != LogLevel::Off) {
            Some(t) => {
                self.any.store(true, Ordering::Release);
                targets.insert(execution_arn.to_owned(), t)
            }
            None => targets.remove(execution_arn),
        };
    }

    /// The logging target of an execution, if it logs.
    pub fn target(&self, execution_arn: &str) -> Option<LogTarget> {
        lock(&self.targets).get(execution_arn).cloned()
    }

    /// Logs the events an execution just appended to its history (those its level lets
    /// through).
    pub fn record(&self, execution_arn: &str, redrive_count: u32, events: &[HistoryEvent]) {
        if !self.any.load(Ordering::Acquire) {
            return;
        }
        let Some(target) = self.target(execution_arn) else {
            return;
        };
        if lock(&self.deleted).contains(&target.log_group) {
            // CloudWatch drops what is sent to a log group that no longer exists.
            return;
        }
        let stream = record::stream_name(execution_arn);
        let new: Vec<LogEvent> = events
            .iter()
            .filter(|e| target.level.logs(&e.event_type))
            .map(|e| LogEvent {
                log_group: target.log_group.clone(),
                log_stream: stream.clone(),
                timestamp: e.timestamp.timestamp_millis(),
                execution_arn: execution_arn.to_owned(),
                message: record::message(
                    e,
                    execution_arn,
                    redrive_count,
                    target.include_execution_data,
                ),
            })
            .collect();
        if new.is_empty() {
            return;
        }
        if let Some(sink) = lock(&self.sink).as_mut() {
            for e in &new {
                // A broken sink (closed pipe, full disk) must not stop executions.
                let _ = writeln!(sink, "{}", e.message);
            }
            let _ = sink.flush();
        }
        lock(&self.groups)
            .entry(target.log_group.clone())
            .or_default()
            .extend(new);
    }

    /// The names of the log groups written so far.
    pub fn groups(&self) -> Vec<String> {
        lock(&self.groups).keys().cloned().collect()
    }

    /// Events of one log group (every group when `None`), optionally of one execution, in the
    /// order they were written.
    pub fn events(&self, log_group: Option<&str>, execution_arn: Option<&str>) -> Vec<LogEvent> {
        let groups = lock(&self.groups);
        groups
            .iter()
            .filter(|(g, _)| log_group.is_none_or(|want| want == g.as_str()))
            .flat_map(|(_, events)| events.iter())
            .filter(|e| execution_arn.is_none_or(|a| a == e.execution_arn))
            .cloned()
            .collect()
    }

    /// The records of one log group as JSON values (tests and the harness).
    pub fn records(&self, log_group: &str, execution_arn: Option<&str>) -> Vec<Value> {
        self.events(Some(log_group), execution_arn)
            .iter()
            .filter_map(|e| serde_json::from_str(&e.message).ok())
            .collect()
    }

    /// Creates a log group, or creates again one that was deleted; `false` when it was there
    /// already.
    pub fn create_group(&self, name: &str) -> bool {
        let revived = lock(&self.deleted).remove(name);
        let mut groups = lock(&self.groups);
        let fresh = !groups.contains_key(name);
        groups.entry(name.to_owned()).or_default();
        revived || fresh
    }

    /// Deletes a log group and its events: Create/UpdateStateMachine then refuse it as a
    /// destination, as AWS does. `false` when it was deleted already.
    pub fn delete_group(&self, name: &str) -> bool {
        lock(&self.groups).remove(name);
        lock(&self.deleted).insert(name.to_owned())
    }

    /// Whether a log group can be a logging destination: every group but a deleted one.
    pub fn group_exists(&self, name: &str) -> bool {
        !lock(&self.deleted).contains(name)
    }

    /// Forgets every log group and target (control API reset).
    pub fn clear(&self) {
        lock(&self.targets).clear();
        lock(&self.groups).clear();
        lock(&self.deleted).clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_follow_the_recordings() {
        // test_logs partial_log_levels: ERROR keeps FailStateEntered, FATAL does not.
        assert!(LogLevel::Error.logs("FailStateEntered"));
        assert!(!LogLevel::Fatal.logs("FailStateEntered"));
        assert!(LogLevel::Fatal.logs("ExecutionFailed"));
        assert!(!LogLevel::Error.logs("WaitStateEntered"));
        assert!(!LogLevel::Error.logs("ExecutionStarted"));
        assert!(LogLevel::Error.logs("TaskTimedOut"));
        assert!(LogLevel::Error.logs("TaskStateAborted"));
        assert!(LogLevel::All.logs("PassStateExited"));
        assert!(!LogLevel::Off.logs("ExecutionFailed"));
    }
}
