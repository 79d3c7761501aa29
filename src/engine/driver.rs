//! The small tokio task that drives one execution: it lets the execution make progress, carries
//! out its actions (awaiting external tasks), appends new events to the store in batches, and
//! decides how time passes:
//!
//! - virtual: when nothing can run and no external task is in flight, jump the execution's
//!   clock to its earliest timer at once;
//! - real / scaled: sleep until the timer is due on the engine clock;
//! - manual: fire only timers the control API has advanced past.
//!
//! An external task in flight holds the clock in every mode. Owns no execution logic.

use std::sync::Mutex;

use chrono::{DateTime, Utc};
use tokio::sync::{watch, Notify};
use tokio::task::JoinSet;

use super::execution::{Action, Execution};
use super::task::TaskOutcome;
use super::{lock, Engine, TimeMode};

/// The shared handle of one execution.
pub(crate) struct Running {
    pub exec: Mutex<Execution>,
    /// Wakes the driver (stop, advance).
    pub wake: Notify,
    /// `true` once the execution is terminal.
    pub done: watch::Sender<bool>,
    /// Manual mode: timers due at or before this instant may fire.
    pub manual_until: Mutex<DateTime<Utc>>,
    pub express: bool,
    /// This execution's own clock: its time mode (the engine's unless overridden through the
    /// control API) anchored at its start, so real and scaled modes count from there.
    pub clock: super::clock::Clock,
}

impl Running {
    pub fn new(exec: Execution, express: bool, start: DateTime<Utc>, mode: TimeMode) -> Running {
        Running {
            exec: Mutex::new(exec),
            wake: Notify::new(),
            done: watch::channel(false).0,
            manual_until: Mutex::new(start),
            express,
            clock: super::clock::Clock::new(Some(start), mode),
        }
    }

    pub fn finish(&self) {
        self.done.send_replace(true);
        self.wake.notify_one();
    }

    pub fn advance(&self, by: chrono::Duration) {
        {
            let mut until = lock(&self.manual_until);
            let exec_now = lock(&self.exec).now;
            let base = if *until > exec_now { *until } else { exec_now };
            *until = base
                .checked_add_signed(by)
                .unwrap_or(DateTime::<Utc>::MAX_UTC);
        }
        self.wake.notify_one();
    }
}

type Completed = (usize, u64, TaskOutcome);

/// Micro-steps per batch before the driver yields to other executions.
const STEP_BUDGET: usize = 512;
/// Micro-steps between two appends of new events to the store, within a batch. The store takes
/// the events without copying them (`append_events_owned`), so the cost per append is the lock
/// and bookkeeping: 32 measured 3% faster than 4 on the 1,000-turn Choice loop and 6% on the
/// 1,000-item Map. The file store only queues events for its writer thread, so its disk cost
/// does not depend on this interval.
const FLUSH_EVERY: usize = 32;

pub(crate) async fn drive(engine: Engine, run: std::sync::Arc<Running>) {
    let mode = run.clock.mode();
    let mut pending: JoinSet<Completed> = JoinSet::new();
    // Task attempts handed to integrations, as (thread, gen): stale ones (timed out, aborted)
    // no longer hold the clock even though their futures may never complete.
    let mut awaiting: Vec<(usize, u64)> = Vec::new();
    loop {
        let (terminal, next_timer, more, external) = {
            let mut exec = lock(&run.exec);
            if matches!(mode, TimeMode::Real | TimeMode::Scaled(_)) {
                exec.advance_clock(run.clock.now());
            }
            let mut budget = STEP_BUDGET;
            while budget > 0 {
                let steps = budget.min(FLUSH_EVERY);
                exec.run_some(steps);
                budget -= steps;
                if !exec.has_work() || exec.is_terminal() {
                    break;
                }
                if let Err(e) = engine.flush(&mut exec) {
                    tracing::error!(execution = %exec.info.arn, error = %e, "cannot persist events");
                }
            }
            for action in exec.take_actions() {
                match action {
                    Action::Await {
                        thread,
                        gen,
                        future,
                    } => {
                        awaiting.push((thread, gen));
                        pending.spawn(async move { (thread, gen, future.await) });
                    }
                }
            }
            if let Err(e) = engine.flush(&mut exec) {
                tracing::error!(execution = %exec.info.arn, error = %e, "cannot persist events");
            }
            exec.release();
            awaiting.retain(|&(thread, gen)| exec.is_awaiting(thread, gen));
            (
                exec.is_terminal(),
                exec.next_timer(),
                exec.has_work(),
                !awaiting.is_empty(),
            )
        };
        if terminal {
            run.finish();
            pending.abort_all();
            return;
        }
        if more {
            // Give other executions a turn between batches.
            tokio::task::yield_now().await;
            continue;
        }
        if external {
            // An external task holds the clock. In virtual and manual modes only the control API
            // moves it (`advance`, which raises `manual_until`); in real and scaled modes its
            // timeout and heartbeat timers fire when the wall clock reaches them.
            let wall_sleep = match (mode, next_timer) {
                (TimeMode::Real | TimeMode::Scaled(_), Some(due)) => {
                    let factor = if let TimeMode::Scaled(f) = mode {
                        f
                    } else {
                        1.0
                    };
                    let ms = (due - run.clock.now()).num_milliseconds().max(0) as f64 / factor;
                    Some(std::time::Duration::from_micros(
                        (ms * 1000.0).min(1.0e15) as u64
                    ))
                }
                _ => None,
            };
            tokio::select! {
                // An outcome (or an activity worker's take) that is ready goes before a clock
                // move that arrived at the same time.
                biased;
                done = pending.join_next() => {
                    if let Some(Ok((thread, gen, outcome))) = done {
                        // Its future is done: an outcome that comes later in the execution's
                        // own time (a nested execution's duration) must not hold the clock.
                        if let Some(i) = awaiting.iter().position(|&a| a == (thread, gen)) {
                            awaiting.swap_remove(i);
                        }
                        let mut exec = lock(&run.exec);
                        // The outcome (or a heartbeat) arrives at the present instant, after
                        // any timeout due by then.
                        if matches!(mode, TimeMode::Real | TimeMode::Scaled(_)) {
                            let now = run.clock.now();
                            exec.fire_timers(now);
                            exec.advance_clock(now);
                        }
                        exec.task_outcome(thread, gen, outcome);
                    }
                }
                _ = run.wake.notified() => {}
                _ = tokio::time::sleep(wall_sleep.unwrap_or_default()), if wall_sleep.is_some() => {
                    let now = run.clock.now();
                    lock(&run.exec).fire_timers(now);
                }
            }
            if matches!(mode, TimeMode::Virtual | TimeMode::Manual) {
                let until = *lock(&run.manual_until);
                let mut exec = lock(&run.exec);
                if next_timer.is_some_and(|due| due <= until) {
                    exec.fire_timers(until);
                }
                if until > exec.now {
                    exec.advance_clock(until);
                }
            }
            continue;
        }
        let Some(due) = next_timer else {
            // Nothing can happen until someone stops the execution.
            run.wake.notified().await;
            continue;
        };
        match mode {
            TimeMode::Virtual => {
                lock(&run.exec).fire_timers(due);
            }
            TimeMode::Real | TimeMode::Scaled(_) => {
                let factor = match mode {
                    TimeMode::Scaled(f) => f,
                    _ => 1.0,
                };
                let now = run.clock.now();
                if due > now {
                    let ms = (due - now).num_milliseconds().max(0) as f64 / factor;
                    let sleep = tokio::time::sleep(std::time::Duration::from_micros(
                        (ms * 1000.0).min(1.0e15) as u64,
                    ));
                    tokio::select! {
                        _ = sleep => {}
                        _ = run.wake.notified() => { continue; }
                    }
                }
                let now = run.clock.now();
                let until = if now > due { now } else { due };
                lock(&run.exec).fire_timers(until);
            }
            TimeMode::Manual => {
                let until = *lock(&run.manual_until);
                if due <= until {
                    let mut exec = lock(&run.exec);
                    exec.fire_timers(until);
                    exec.advance_clock(until);
                } else {
                    run.wake.notified().await;
                }
            }
        }
    }
}
