//! Task tokens: the Tasks that wait for someone outside the engine (an activity worker, a
//! `.waitForTaskToken` callback), keyed by their token, and the activity queues that hand them
//! to `GetActivityTask`.
//!
//! Owns the waiting table only. It never writes history: completing a token sends a
//! [`TaskOutcome`] to the engine's pending future, and the engine writes the events.

use std::collections::{HashMap, VecDeque};

use chrono::{DateTime, Utc};
use serde_json::Value;
use tokio::sync::mpsc;

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

/// What the engine's pending future of a waiting Task hears, in order: an activity worker
/// took it, heartbeats, then its outcome.
pub(crate) enum Signal {
    Started(Option<String>),
    Heartbeat,
    Done(TaskOutcome),
}

/// One Task waiting on a token.
pub(crate) struct Waiting {
    pub execution_arn: String,
    /// The task's input as sent to the worker (JSON text).
    pub input: String,
    /// Where the signals go; `None` once the outcome is sent.
    pub tx: Option<mpsc::UnboundedSender<Signal>>,
    /// When the engine times the task out (on the execution's clock): its start plus
    /// TimeoutSeconds, or the last heartbeat (or the start of the heartbeat clock) plus
    /// HeartbeatSeconds, whichever comes first. After it the token is spent even though the
    /// engine may still hold the task's future.
    pub timeout_at: Option<DateTime<Utc>>,
    pub heartbeat_seconds: Option<u64>,
    pub heartbeat_at: Option<DateTime<Utc>>,
    /// Whether a worker has taken it (activities), and its name if it gave one.
    pub taken: bool,
    pub worker_name: Option<String>,
}

impl Waiting {
    /// The instant the engine times this task out, if any.
    pub fn deadline(&self) -> Option<DateTime<Utc>> {
        match (self.timeout_at, self.heartbeat_at) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    fn sender(&self) -> Option<&mpsc::UnboundedSender<Signal>> {
        self.tx.as_ref().filter(|tx| !tx.is_closed())
    }
}

/// When a waiting Task times out, as the engine counts it.
pub(crate) struct Deadlines {
    /// Start plus TimeoutSeconds.
    pub timeout_at: Option<DateTime<Utc>>,
    pub heartbeat_seconds: Option<u64>,
    /// Start plus HeartbeatSeconds when the heartbeat clock runs from the start (callbacks);
    /// `None` for an activity until a worker takes it.
    pub heartbeat_at: Option<DateTime<Utc>>,
}

fn plus_seconds(t: DateTime<Utc>, secs: Option<u64>) -> Option<DateTime<Utc>> {
    let secs = i64::try_from(secs?).ok()?;
    t.checked_add_signed(chrono::Duration::try_seconds(secs)?)
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
        deadlines: Deadlines,
    ) -> mpsc::UnboundedReceiver<Signal> {
        let (tx, rx) = mpsc::unbounded_channel();
        self.waiting.insert(
            token.to_owned(),
            Waiting {
                execution_arn: execution_arn.to_owned(),
                input: serde_json::to_string(input).unwrap_or_else(|_| "{}".to_owned()),
                tx: Some(tx),
                timeout_at: deadlines.timeout_at,
                heartbeat_seconds: deadlines.heartbeat_seconds,
                heartbeat_at: deadlines.heartbeat_at,
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

    /// The oldest live task of `activity` not taken yet, without taking it: `(token, input)`.
    pub fn peek(&mut self, activity: &str) -> Option<(String, String)> {
        let queue = self.queues.get_mut(activity)?;
        while let Some(token) = queue.front() {
            match self.waiting.get(token) {
                Some(w) if w.sender().is_some() => return Some((token.clone(), w.input.clone())),
                _ => {
                    queue.pop_front();
                }
            }
        }
        None
    }

    /// Hands the task `token` of `activity` (found by [`Self::peek`]) to a worker at `now` (the
    /// execution's clock): the engine writes ActivityStarted and starts the heartbeat clock.
    /// `false` when another worker took it first.
    pub fn take(
        &mut self,
        activity: &str,
        token: &str,
        worker_name: Option<&str>,
        now: Option<DateTime<Utc>>,
    ) -> bool {
        if !self.unqueue(activity, token) {
            return false;
        }
        let Some(w) = self.waiting.get_mut(token) else {
            return false;
        };
        let Some(tx) = w.sender() else {
            return false;
        };
        let _ = tx.send(Signal::Started(worker_name.map(str::to_owned)));
        w.taken = true;
        w.worker_name = worker_name.map(str::to_owned);
        if let Some(now) = now {
            w.heartbeat_at = plus_seconds(now, w.heartbeat_seconds);
        }
        true
    }

    /// Removes `token` from the queue of `activity`; `false` if it was not there.
    pub fn unqueue(&mut self, activity: &str, token: &str) -> bool {
        let Some(queue) = self.queues.get_mut(activity) else {
            return false;
        };
        let before = queue.len();
        queue.retain(|t| t != token);
        queue.len() < before
    }

    /// Sends the outcome of a token's task.
    pub fn complete(&mut self, token: &str, outcome: TaskOutcome) -> Result<(), TokenError> {
        let w = self.live(token)?;
        let tx = w.tx.take().ok_or(TokenError::TaskTimedOut)?;
        tx.send(Signal::Done(outcome))
            .map_err(|_| TokenError::TaskTimedOut)
    }

    /// SendTaskHeartbeat at `now` (the execution's clock): moves the heartbeat deadline and
    /// tells the engine.
    pub fn heartbeat(&mut self, token: &str, now: Option<DateTime<Utc>>) -> Result<(), TokenError> {
        let w = self.live(token)?;
        if let Some(now) = now {
            if w.heartbeat_seconds.is_some() && (w.taken || w.heartbeat_at.is_some()) {
                w.heartbeat_at = plus_seconds(now, w.heartbeat_seconds);
            }
        }
        if let Some(tx) = w.sender() {
            let _ = tx.send(Signal::Heartbeat);
        }
        Ok(())
    }

    /// Checks a token names a live task (SendTaskHeartbeat).
    pub fn live(&mut self, token: &str) -> Result<&mut Waiting, TokenError> {
        let w = self
            .waiting
            .get_mut(token)
            .ok_or_else(|| TokenError::InvalidToken(token.to_owned()))?;
        // A closed channel means the engine dropped the task (its execution ended).
        if w.sender().is_none() {
            return Err(TokenError::TaskTimedOut);
        }
        Ok(w)
    }
}
