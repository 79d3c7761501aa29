//! Task tokens: the Tasks that wait for someone outside the engine (an activity worker, a
//! `.waitForTaskToken` callback), keyed by their token, and the activity queues that hand them
//! to `GetActivityTask`.
//!
//! Owns the waiting table only. It never writes history: completing a token sends a
//! [`TaskOutcome`] to the engine's pending future, and the engine writes the events.

use std::collections::{HashMap, VecDeque};

use chrono::{DateTime, Utc};
use serde_json::Value;
use tokio::sync::oneshot;

use crate::engine::TaskOutcome;

/// Why a token cannot be completed (AWS's error codes).
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum TokenError {
    /// A token passo never handed out.
    #[error("Invalid Token: '{0}'")]
    InvalidToken(String),
    /// A token whose task already finished (completed, timed out, or its execution ended).
    #[error("Task Timed Out: 'Provided task does not exist anymore'")]
    TaskTimedOut,
}

/// One Task waiting on a token.
pub(crate) struct Waiting {
    pub execution_arn: String,
    /// The task's input as sent to the worker (JSON text).
    pub input: String,
    /// Where the outcome goes; `None` once used.
    pub tx: Option<oneshot::Sender<TaskOutcome>>,
    /// When the engine times the task out (its start plus the shorter of TimeoutSeconds and
    /// HeartbeatSeconds, on the execution's clock): after it, the token is spent even though
    /// the engine may still hold the task's future.
    pub deadline: Option<DateTime<Utc>>,
    /// Whether a worker has taken it (activities), and its name if it gave one.
    pub taken: bool,
    pub worker_name: Option<String>,
}

/// All waiting tokens and the activity queues.
#[derive(Default)]
pub(crate) struct Table {
    pub waiting: HashMap<String, Waiting>,
    /// Per activity ARN, the tokens not yet handed to a worker, oldest first.
    pub queues: HashMap<String, VecDeque<String>>,
}

impl Table {
    /// Registers a token and answers the receiver the engine's pending future awaits.
    pub fn register(
        &mut self,
        token: &str,
        execution_arn: &str,
        activity: Option<&str>,
        input: &Value,
        deadline: Option<DateTime<Utc>>,
    ) -> oneshot::Receiver<TaskOutcome> {
        let (tx, rx) = oneshot::channel();
        self.waiting.insert(
            token.to_owned(),
            Waiting {
                execution_arn: execution_arn.to_owned(),
                input: serde_json::to_string(input).unwrap_or_else(|_| "{}".to_owned()),
                tx: Some(tx),
                deadline,
                taken: false,
                worker_name: None,
            },
        );
        if let Some(a) = activity {
            self.queues
                .entry(a.to_owned())
                .or_default()
                .push_back(token.to_owned());
        }
        rx
    }

    /// Hands the oldest live task of `activity` to a worker: `(token, input)`.
    pub fn take(&mut self, activity: &str, worker_name: Option<&str>) -> Option<(String, String)> {
        let queue = self.queues.get_mut(activity)?;
        while let Some(token) = queue.pop_front() {
            if let Some(w) = self.waiting.get_mut(&token) {
                if w.tx.as_ref().is_some_and(|tx| !tx.is_closed()) {
                    w.taken = true;
                    w.worker_name = worker_name.map(str::to_owned);
                    return Some((token, w.input.clone()));
                }
            }
        }
        None
    }

    /// Sends the outcome of a token's task.
    pub fn complete(&mut self, token: &str, outcome: TaskOutcome) -> Result<(), TokenError> {
        let w = self.live(token)?;
        let tx = w.tx.take().ok_or(TokenError::TaskTimedOut)?;
        tx.send(outcome).map_err(|_| TokenError::TaskTimedOut)
    }

    /// Checks a token names a live task (SendTaskHeartbeat).
    pub fn live(&mut self, token: &str) -> Result<&mut Waiting, TokenError> {
        let w = self
            .waiting
            .get_mut(token)
            .ok_or_else(|| TokenError::InvalidToken(token.to_owned()))?;
        // A closed channel means the engine dropped the task (its execution ended).
        if w.tx.as_ref().is_none_or(|tx| tx.is_closed()) {
            return Err(TokenError::TaskTimedOut);
        }
        Ok(w)
    }
}
