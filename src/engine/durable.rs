//! Journals at the engine's level: starting an execution with one, handing its entries to the
//! store ahead of the events they cause, resuming running executions after a restart and
//! redriving finished ones. The replay itself (and why replay rather than snapshots) is in
//! [`super::execution::resume`].

use std::sync::Arc;

use chrono::{DateTime, Utc};

use super::execution::resume::{self, Entry, Journal, JournalingHandler, StartHeader};
use super::execution::{Execution, ExecutionInfo};
use super::{driver, lock, Engine, EngineError, TaskHandler, TimeMode};
use crate::asl::Plan;
use crate::store::{ExecutionFilter, ExecutionRecord, ExecutionStatus, HistoryEvent, Store};

/// A new execution's handler and journal, the journal opened with the start header.
pub(super) fn journaled(
    handler: Arc<dyn TaskHandler>,
    info: &ExecutionInfo,
    seed: u64,
    mode: TimeMode,
) -> (Arc<dyn TaskHandler>, Arc<Journal>) {
    let journal = Arc::new(Journal::default());
    journal.push(Entry::Start(StartHeader {
        arn: info.arn.clone(),
        name: info.name.clone(),
        state_machine_arn: info.state_machine_arn.clone(),
        state_machine_name: info.state_machine_name.clone(),
        role_arn: info.role_arn.clone(),
        region: info.region.clone(),
        input_text: info.input_text.clone(),
        start: info.start,
        express: info.express,
        seed,
        time: mode.to_string(),
    }));
    let handler = Arc::new(JournalingHandler {
        inner: handler,
        journal: journal.clone(),
    });
    (handler, journal)
}

/// Appends the execution's new journal entries (before the events they lead to, so a store
/// that keeps a prefix of its writes never has events without their cause).
pub(super) fn flush_journal(store: &Arc<dyn Store>, exec: &Execution) {
    let values = take_journal(exec);
    if !values.is_empty() {
        store.append_journal(&exec.info.arn, &values);
    }
}

/// The execution's journal entries not yet handed to the store, as stored.
pub(super) fn take_journal(exec: &Execution) -> Vec<serde_json::Value> {
    let Some(journal) = &exec.durable.journal else {
        return Vec::new();
    };
    journal
        .take()
        .iter()
        .filter_map(|e| serde_json::to_value(e).ok())
        .collect()
}

/// Drops events a rebuilt execution regenerated that the store already holds.
pub(super) fn skip_stored(exec: &Execution, events: &mut Vec<HistoryEvent>) {
    let upto = exec.durable.stored_upto;
    if upto > 0 {
        events.retain(|e| e.id > upto);
    }
}

/// What [`Engine::resume_all`] did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ResumeReport {
    /// Running executions rebuilt and driven again.
    pub resumed: usize,
    /// Running executions that could not be rebuilt, recorded as failed (`States.Runtime`).
    pub failed: Vec<String>,
}

impl Engine {
    /// After a restart on a durable store: rebuilds every execution the store holds as
    /// RUNNING from its journal and drives it again (timers re-armed on its own clock, tasks
    /// still waiting asked for again under the same tokens). `plan_for` compiles the definition
    /// the execution started with. Must be called inside a tokio runtime.
    pub fn resume_all(
        &self,
        plan_for: &dyn Fn(&ExecutionRecord) -> Option<Arc<Plan>>,
    ) -> ResumeReport {
        let mut report = ResumeReport::default();
        let (children, running): (Vec<ExecutionRecord>, Vec<ExecutionRecord>) = self
            .inner
            .store
            .list_executions(&ExecutionFilter::default())
            .into_iter()
            .filter(|r| r.status == ExecutionStatus::Running)
            .rev()
            .partition(|r| r.map_run_arn.is_some());
        for rec in running {
            match self.resume_one(&rec, plan_for) {
                Ok(()) => report.resumed += 1,
                Err(why) => {
                    tracing::error!(execution = %rec.execution_arn, error = %why, "cannot resume");
                    self.give_up(rec.clone(), &why);
                    report.failed.push(rec.execution_arn);
                }
            }
        }
        // A map run's children run inside their parent, which rebuilt them; those of a parent
        // that could not be resumed have nothing left to run them.
        for rec in children {
            let parent = rec
                .map_run_arn
                .as_deref()
                .and_then(|run| self.inner.distributed.runs.get(run))
                .map(|run| run.execution_arn);
            if parent.is_none_or(|p| report.failed.contains(&p)) {
                self.give_up(rec, "the parent of this map run's child was not resumed");
            }
        }
        report
    }

    fn resume_one(
        &self,
        rec: &ExecutionRecord,
        plan_for: &dyn Fn(&ExecutionRecord) -> Option<Arc<Plan>>,
    ) -> Result<(), String> {
        let arn = &rec.execution_arn;
        let entries = resume::parse(self.inner.store.journal(arn)).map_err(|e| e.to_string())?;
        let mode = header_mode(&entries)?;
        let plan = plan_for(rec).ok_or("its definition is not in the store")?;
        let stored = self.inner.store.history_len(arn) as u64;
        let journal = Arc::new(Journal::default());
        let mut exec = resume::replay(
            entries,
            plan,
            self.handler(),
            journal,
            stored,
            false,
            Some(self.inner.distributed.clone()),
        )
        .map_err(|e| e.to_string())?;
        exec.info.redrive_count = rec.redrive_count;
        self.flush(&mut exec).map_err(|e| e.to_string())?;
        let anchor = exec.now;
        let express = exec.info.express;
        self.launch(exec, express, anchor, mode);
        Ok(())
    }

    /// Records an execution that cannot be rebuilt as failed, so that nothing waits for it.
    fn give_up(&self, mut rec: ExecutionRecord, why: &str) {
        let store = &self.inner.store;
        let history = store.history(&rec.execution_arn).unwrap_or_default();
        let last = history.last();
        let now = last.map_or(rec.start_date, |e| e.timestamp);
        let cause = format!("passo could not resume this execution after a restart: {why}");
        let event = HistoryEvent {
            id: last.map_or(1, |e| e.id + 1),
            previous_event_id: last.map_or(0, |e| e.id),
            timestamp: now,
            event_type: "ExecutionFailed".to_owned(),
            details: super::history::execution_failed(Some("States.Runtime"), Some(&cause)),
        };
        let _ = store.append_events(&rec.execution_arn, &[event]);
        rec.status = ExecutionStatus::Failed;
        rec.stop_date = Some(now);
        rec.error = Some("States.Runtime".to_owned());
        rec.cause = Some(cause);
        let _ = store.update_execution(rec);
    }

    /// Redrives a failed, aborted or timed-out execution (the caller has checked that it may):
    /// rebuilds it from its journal, writes `ExecutionRedriven` and runs its unsuccessful
    /// states again. Returns the redrive date. Must be called inside a tokio runtime.
    pub fn redrive(
        &self,
        execution_arn: &str,
        plan: Arc<Plan>,
    ) -> Result<DateTime<Utc>, EngineError> {
        let store = &self.inner.store;
        let internal = |e: String| EngineError::Internal(e);
        let mut rec = store
            .get_execution(execution_arn)
            .ok_or_else(|| EngineError::ExecutionDoesNotExist(execution_arn.to_owned()))?;
        let entries =
            resume::parse(store.journal(execution_arn)).map_err(|e| internal(e.to_string()))?;
        let mode = header_mode(&entries).map_err(internal)?;
        let stored = store.history_len(execution_arn) as u64;
        let journal = Arc::new(Journal::default());
        let mut exec = resume::replay(
            entries,
            plan,
            self.handler(),
            journal.clone(),
            stored,
            true,
            Some(self.inner.distributed.clone()),
        )
        .map_err(|e| internal(e.to_string()))?;
        if !exec.is_terminal() {
            return Err(internal(format!(
                "the journal of '{execution_arn}' does not reach its end"
            )));
        }
        let at = std::cmp::max(self.now(), exec.now);
        let steps = exec.durable.steps;
        resume::redrive(&mut exec, at);
        journal.push(Entry::Redrive { s: steps, at });
        rec.status = ExecutionStatus::Running;
        rec.redrive_count = exec.info.redrive_count;
        rec.stop_date = None;
        rec.output = None;
        rec.error = None;
        rec.cause = None;
        store
            .update_execution(rec)
            .map_err(|e| internal(e.to_string()))?;
        self.flush(&mut exec)?;
        let express = exec.info.express;
        self.launch(exec, express, at, mode);
        Ok(at)
    }

    /// Drives a rebuilt execution, as `start` does a new one.
    fn launch(&self, exec: Execution, express: bool, anchor: DateTime<Utc>, mode: TimeMode) {
        let Ok(rt) = tokio::runtime::Handle::try_current() else {
            tracing::error!("the engine needs a tokio runtime to drive executions");
            return;
        };
        let arn = exec.info.arn.clone();
        let running = Arc::new(driver::Running::new(exec, express, anchor, mode));
        lock(&self.inner.executions).insert(arn, running.clone());
        let driver = rt.spawn(driver::drive(self.clone(), running.clone()));
        let engine = self.clone();
        rt.spawn(async move {
            if driver.await.is_err() {
                engine.driver_died(&running);
            }
        });
    }
}

fn header_mode(entries: &[Entry]) -> Result<TimeMode, String> {
    match entries.first() {
        Some(Entry::Start(h)) => h.time.parse(),
        _ => Err("its journal has no start".to_owned()),
    }
}

#[cfg(test)]
mod tests {
    //! Replay is exact: a finished execution rebuilt from its journal writes, byte for byte,
    //! the history it wrote the first time.

    use super::*;
    use crate::engine::{EngineConfig, StartRequest, TaskOutcome, TaskRequest};
    use crate::store::MemoryStore;

    /// Answers after a delay; fails the first attempt of each state.
    struct Flaky;

    impl TaskHandler for Flaky {
        fn invoke(&self, req: &TaskRequest) -> TaskOutcome {
            let answer = if req.attempt == 0 {
                TaskOutcome::Failed {
                    error: "Flaky".to_owned(),
                    cause: Some(req.state_name.clone()),
                }
            } else {
                TaskOutcome::Succeeded(serde_json::json!({"state": req.state_name}))
            };
            TaskOutcome::After(chrono::Duration::seconds(3), Box::new(answer))
        }
    }

    const DEFINITIONS: [&str; 3] = [
        r#"{"StartAt":"P","States":{"P":{"Type":"Parallel","Next":"W","Branches":[
            {"StartAt":"T1","States":{"T1":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
              "Retry":[{"ErrorEquals":["Flaky"],"IntervalSeconds":2,"BackoffRate":2,"JitterStrategy":"FULL"}],"End":true}}},
            {"StartAt":"W2","States":{"W2":{"Type":"Wait","Seconds":7,"End":true}}}]},
          "W":{"Type":"Wait","Seconds":100,"Next":"Done"},"Done":{"Type":"Succeed"}}}"#,
        r#"{"StartAt":"M","States":{"M":{"Type":"Map","MaxConcurrency":2,"End":true,
            "ItemProcessor":{"ProcessorConfig":{"Mode":"INLINE"},"StartAt":"T","States":{
              "T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
                "Catch":[{"ErrorEquals":["States.ALL"],"Next":"Caught"}],"End":true},
              "Caught":{"Type":"Pass","Parameters":{"uuid.$":"States.UUID()"},"End":true}}}}}}"#,
        r#"{"TimeoutSeconds":20,"StartAt":"T","States":{"T":{"Type":"Task",
            "Resource":"arn:aws:states:::lambda:invoke","Retry":[{"ErrorEquals":["States.ALL"],
            "IntervalSeconds":30}],"End":true}}}"#,
    ];

    #[tokio::test]
    async fn replaying_a_journal_rewrites_the_same_history() {
        let store: Arc<dyn Store> = Arc::new(MemoryStore::new());
        let engine = Engine::new(
            EngineConfig {
                seed: 9,
                epoch: DateTime::parse_from_rfc3339("2024-05-01T00:00:00Z")
                    .ok()
                    .map(|t| t.with_timezone(&Utc)),
                ..EngineConfig::default()
            },
            store.clone(),
        );
        engine.set_task_handler(Arc::new(Flaky));
        for (i, def) in DEFINITIONS.iter().enumerate() {
            let plan = crate::asl::compile(def).expect("a valid definition");
            let arn = format!("arn:aws:states:us-east-1:123456789012:execution:sm:run{i}");
            engine
                .start(StartRequest {
                    execution_arn: arn.clone(),
                    state_machine_arn: "arn:aws:states:us-east-1:123456789012:stateMachine:sm"
                        .to_owned(),
                    state_machine_name: "sm".to_owned(),
                    state_machine_version_arn: None,
                    state_machine_alias_arn: None,
                    name: format!("run{i}"),
                    plan: plan.clone(),
                    input: "[1,2,3]".to_owned(),
                    role_arn: "arn:aws:iam::123456789012:role/r".to_owned(),
                    trace_header: None,
                    express: false,
                })
                .expect("started");
            let record = engine.wait(&arn).await.expect("finished");
            assert!(record.status.is_terminal());
            let stored = store.history(&arn).unwrap();
            let entries = resume::parse(store.journal(&arn)).unwrap();
            assert!(entries.len() > 1, "run{i} journaled its inputs");
            let journal = Arc::new(Journal::default());
            let mut rebuilt =
                resume::replay(entries, plan, Arc::new(Flaky), journal, 0, true, None).unwrap();
            assert_eq!(rebuilt.status, record.status, "run{i}");
            assert_eq!(rebuilt.take_new_events(), stored, "run{i}");
        }
    }
}
