//! Runs one [`TestCase`] in-process: a fresh [`Emulator`] on virtual time with the case's epoch,
//! seed and mocks, the API called directly (no HTTP), the execution awaited, and its record,
//! history and transition count collected into an [`Outcome`].
//!
//! Owns no engine behaviour: it goes through the same operations an SDK would
//! (`CreateStateMachine`, `StartExecution` with `stateMachineArn#TestCase`, `SendTaskSuccess`).

use std::time::Duration;

use serde_json::{json, Value};

use super::spec::TestCase;
use crate::engine::{EngineConfig, TimeMode};
use crate::store::HistoryEvent;
use crate::Emulator;

/// The role every test machine gets (passo does not check roles).
pub const ROLE: &str = "arn:aws:iam::123456789012:role/passo-test";

/// How often a run looks for callbacks to play and tokens nobody answers.
const TICK: Duration = Duration::from_millis(2);
/// Ticks an unanswered task token may stay open before the test fails (about 0.2 s).
const BLOCKED_TICKS: u32 = 100;

/// What an execution did.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub execution_arn: String,
    pub status: String,
    /// The output, parsed (`None` unless SUCCEEDED).
    pub output: Option<Value>,
    pub error: Option<String>,
    pub cause: Option<String>,
    pub history: Vec<HistoryEvent>,
    pub transitions: u64,
    /// Virtual time from start to stop, in milliseconds.
    pub duration_ms: i64,
    pub express: bool,
}

/// Why a case could not produce an outcome (the spec, not the workflow, is at fault, or the
/// execution never ended).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RunError {
    /// The definition is refused, as CreateStateMachine would refuse it.
    #[error("CreateStateMachine failed: {0}")]
    Create(String),
    #[error("StartExecution failed: {0}")]
    Start(String),
    /// A task waits on something nothing will send (an unmocked callback, an activity).
    #[error("the execution was still running after {secs} s of wall time; waiting on: {waiting}")]
    Stuck { secs: u64, waiting: String },
    /// A `.waitForTaskToken` Task whose token no mock and no callback of the spec answers.
    #[error("the execution waits on {0}, which nothing answers")]
    Unanswered(String),
    #[error("internal error: {0}")]
    Internal(String),
}

/// Runs `case` to its end, giving up after `timeout` of wall time.
pub async fn run(case: &TestCase, timeout: Duration) -> Result<Outcome, RunError> {
    let emulator = Emulator::new(EngineConfig {
        seed: case.seed,
        epoch: Some(case.epoch),
        time: TimeMode::Virtual,
        ..EngineConfig::default()
    });
    if let Some(mocks) = &case.mocks {
        emulator.integrations().set_mock_config((**mocks).clone());
    }
    let machine = &case.machine;
    let created = emulator
        .call(
            "CreateStateMachine",
            json!({
                "name": machine.name,
                "definition": machine.definition,
                "roleArn": ROLE,
                "type": if machine.express { "EXPRESS" } else { "STANDARD" },
            }),
        )
        .await
        .map_err(|e| RunError::Create(format!("{}: {}", e.code, e.message)))?;
    let sm_arn = created["stateMachineArn"].as_str().unwrap_or_default();
    let target = match &case.test_case {
        Some(tc) => format!("{sm_arn}#{tc}"),
        None => sm_arn.to_owned(),
    };
    let started = emulator
        .call(
            "StartExecution",
            json!({"stateMachineArn": target, "input": case.input.to_string()}),
        )
        .await
        .map_err(|e| RunError::Start(format!("{}: {}", e.code, e.message)))?;
    let arn = started["executionArn"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let engine = emulator.service().engine().clone();
    let finished = tokio::time::timeout(timeout, async {
        let mut answered = std::collections::HashSet::new();
        let mut blocked_ticks = 0u32;
        let wait = engine.wait(&arn);
        tokio::pin!(wait);
        loop {
            tokio::select! {
                rec = &mut wait => return Ok(rec),
                _ = tokio::time::sleep(TICK) => {
                    if !case.callbacks.is_empty() {
                        answer_callbacks(&emulator, case, &arn, &mut answered).await;
                    }
                    // On virtual time a task token nobody answers holds the clock for good
                    // (its TimeoutSeconds never comes): say so now rather than at the timeout.
                    let open = emulator
                        .integrations()
                        .waiting_tokens(&arn)
                        .iter()
                        .any(|t| !answered.contains(t));
                    blocked_ticks = if open { blocked_ticks + 1 } else { 0 };
                    if blocked_ticks >= BLOCKED_TICKS {
                        return Err(());
                    }
                }
            }
        }
    })
    .await;
    let record = match finished {
        Ok(Ok(Some(rec))) => rec,
        Ok(Ok(None)) => return Err(RunError::Internal(format!("execution '{arn}' vanished"))),
        Ok(Err(())) => {
            let waiting = describe_waiting(&emulator, &arn);
            let _ = engine.stop(&arn, None, None);
            return Err(RunError::Unanswered(waiting));
        }
        Err(_) => {
            let waiting = describe_waiting(&emulator, &arn);
            let _ = engine.stop(&arn, None, None);
            return Err(RunError::Stuck {
                secs: timeout.as_secs(),
                waiting,
            });
        }
    };
    let history = emulator
        .service()
        .store()
        .history(&arn)
        .map_err(|e| RunError::Internal(e.to_string()))?;
    let output = record
        .output
        .as_deref()
        .map(|o| serde_json::from_str(o).unwrap_or(Value::String(o.to_owned())));
    let duration_ms = record
        .stop_date
        .map(|s| (s - record.start_date).num_milliseconds())
        .unwrap_or(0);
    Ok(Outcome {
        execution_arn: arn.clone(),
        status: record.status.as_str().to_owned(),
        output,
        error: record.error,
        cause: record.cause,
        history,
        transitions: engine.transitions(&arn).unwrap_or(0),
        duration_ms,
        express: machine.express,
    })
}

/// The state a task token was handed to: the Task whose scheduled parameters carry it.
fn token_state(history: &[HistoryEvent], token: &str) -> Option<String> {
    let scheduled = history.iter().rev().find(|e| {
        e.details
            .as_ref()
            .is_some_and(|d| d.to_value().to_string().contains(token))
    })?;
    state_of(history, scheduled.id)
}

/// The state an event belongs to: the nearest `*StateEntered` up its `previousEventId` chain.
pub fn state_of(history: &[HistoryEvent], mut id: u64) -> Option<String> {
    for _ in 0..history.len() {
        let e = history.get(usize::try_from(id).ok()?.checked_sub(1)?)?;
        if e.event_type.ends_with("StateEntered") {
            return entered_name(e).map(str::to_owned);
        }
        id = e.previous_event_id;
    }
    None
}

/// Retries in a history: `*Scheduled` events that follow a failure directly.
pub fn retries(history: &[HistoryEvent]) -> u64 {
    history
        .iter()
        .filter(|e| e.event_type.ends_with("Scheduled"))
        .filter(|e| {
            usize::try_from(e.previous_event_id)
                .ok()
                .and_then(|i| i.checked_sub(1))
                .and_then(|i| history.get(i))
                .is_some_and(|p| {
                    p.event_type.ends_with("Failed") || p.event_type.ends_with("TimedOut")
                })
        })
        .count() as u64
}

/// The state name of a `*StateEntered` / `*StateExited` event.
pub fn entered_name(e: &HistoryEvent) -> Option<&str> {
    e.details.as_ref()?.str_field("name")
}

async fn answer_callbacks(
    emulator: &Emulator,
    case: &TestCase,
    arn: &str,
    answered: &mut std::collections::HashSet<String>,
) {
    let tokens = emulator.integrations().waiting_tokens(arn);
    if tokens.iter().all(|t| answered.contains(t)) {
        return;
    }
    let history = emulator.service().store().history(arn).unwrap_or_default();
    for token in tokens {
        if answered.contains(&token) {
            continue;
        }
        let Some(state) = token_state(&history, &token) else {
            continue;
        };
        let Some(cb) = case.callbacks.iter().find(|c| c.state == state) else {
            continue;
        };
        let (op, body) = match &cb.error {
            Some(error) => (
                "SendTaskFailure",
                json!({"taskToken": token, "error": error, "cause": cb.cause.clone().unwrap_or_default()}),
            ),
            None => (
                "SendTaskSuccess",
                json!({"taskToken": token, "output": cb.output.clone().unwrap_or(json!({})).to_string()}),
            ),
        };
        // A token the execution already dropped answers TaskTimedOut; nothing to do then.
        let _ = emulator.call(op, body).await;
        answered.insert(token);
    }
}

fn describe_waiting(emulator: &Emulator, arn: &str) -> String {
    let history = emulator.service().store().history(arn).unwrap_or_default();
    let tokens = emulator.integrations().waiting_tokens(arn);
    let mut states: Vec<String> = tokens
        .iter()
        .filter_map(|t| token_state(&history, t))
        .map(|s| format!("a task token of '{s}' (add a callback or a mock for it)"))
        .collect();
    if states.is_empty() {
        // The last state entered is the best hint left (an activity, a manual clock).
        if let Some(last) = history
            .iter()
            .rev()
            .find(|e| e.event_type.ends_with("StateEntered"))
            .and_then(entered_name)
        {
            states.push(format!("the state '{last}'"));
        } else {
            states.push("nothing known".to_owned());
        }
    }
    states.join(", ")
}
