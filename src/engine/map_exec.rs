//! Distributed Map runs inside an execution: opening a map run (ItemReader, ItemBatcher, the
//! registry record), one child execution record per iteration or batch (ARN, status, a short
//! history, counted in the run's `itemCounts`/`executionCounts`), and closing the run
//! (ResultWriter, final status). Iterations still run as silent threads of the parent, so the
//! parent's history is exactly what it was; only the records around it are new.
//!
//! A child module of `execution` (it reads the execution's private state), called from a few
//! hook points in `execution.rs` (`launch_map`, `start_iterations`, `child_succeeded`,
//! `child_failed`, `children_done`, `abort_children`). The pure parts (reading, batching,
//! writing) live in [`crate::engine::map_run`].

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use indexmap::IndexMap;
use md5::{Digest, Md5};
use serde_json::{json, Map, Value};

use crate::asl::jsonata::{Env as JsEnv, JsonataTemplate, States};
use crate::asl::path::Scope;
use crate::asl::plan::{DistributedIo, StateDef};
use crate::asl::template::Template;
use crate::asl::Failure;
use crate::engine::map_run::{
    batch_items, inline_results, read_items, write_results, Batching, ChildOutcome, ChildRecord,
    ChildResult, Distributed, MapRunRecord, ReaderRequest, RunStatus, WriterRequest,
    ITEM_READER_FAILED, RESULT_WRITER_FAILED,
};
use crate::store::{EventDetails, ExecutionRecord, ExecutionStatus, HistoryEvent};

use super::{Execution, ThreadId};

/// The execution's share of distributed-map bookkeeping.
#[derive(Default)]
pub(super) struct DistState {
    /// The engine's object store and map-run registry (absent in bare unit tests).
    pub env: Option<Arc<Distributed>>,
    /// Open map runs, by the Map state's thread.
    runs: HashMap<ThreadId, LocalRun>,
    /// Map runs that ended unsuccessfully, kept for a redrive of the parent.
    closed: HashMap<ThreadId, LocalRun>,
    /// Child execution records and events not yet handed to the store, by ARN.
    pending: IndexMap<String, ChildRecord>,
    /// The last event id of each running child execution's own history.
    last_ids: HashMap<Arc<str>, u64>,
    /// What a child's context object says of its execution, for children whose states read
    /// `$$` (kept only for those).
    contexts: HashMap<Arc<str>, ChildContext>,
}

/// A child execution's own `$$.Execution` and `$$.StateMachine` values.
pub(super) struct ChildContext {
    pub input: Value,
    pub start: DateTime<Utc>,
    pub redrive_count: u32,
    /// `arn:...:stateMachine:<name>/<label or id>`.
    pub state_machine_arn: String,
}

/// A map run's items, the items per child, and its evaluated ResultWriter.
type Prepared = (Vec<Value>, Vec<u64>, Option<WriterRequest>);

/// One open map run.
struct LocalRun {
    arn: String,
    /// `arn:...:stateMachine:<name>/<label or id>`.
    child_sm_arn: String,
    /// `arn:...:execution:<name>/<label or id>:` (or `express:`), before the child's name.
    child_prefix: String,
    /// Items per child (1 unless batched).
    sizes: Vec<u64>,
    children: Vec<Option<ChildResult>>,
    /// How many times each child was redriven.
    redrives: Vec<u32>,
    writer: Option<WriterRequest>,
    /// The registry revision whose settings the Map already applied.
    revision: u64,
    /// Whether a child's states read the context object.
    uses_context: bool,
}

/// A child's name: a UUID derived from the map run and the index (no draw from the seeded
/// source, so adding records does not change anything else an execution generates).
fn child_name(run_arn: &str, index: usize) -> String {
    let mut h = Md5::new();
    h.update(run_arn.as_bytes());
    h.update(index.to_le_bytes());
    let b: [u8; 16] = h.finalize().into();
    uuid::Builder::from_random_bytes(b).into_uuid().to_string()
}

/// The next event id of a child's own history: `(its last id, the new one)`, counted.
fn next_id(last_ids: &mut HashMap<Arc<str>, u64>, child: &str) -> Option<(u64, u64)> {
    let last = last_ids.get_mut(child)?;
    *last += 1;
    Some((*last - 1, *last))
}

fn event(id: u64, prev: u64, at: DateTime<Utc>, ty: &str, details: Value) -> HistoryEvent {
    let mut key = String::with_capacity(ty.len() + 12);
    key.extend(ty.chars().take(1).flat_map(char::to_lowercase));
    key.push_str(ty.get(1..).unwrap_or_default());
    key.push_str("EventDetails");
    HistoryEvent {
        id,
        previous_event_id: prev,
        timestamp: at,
        event_type: ty.to_owned(),
        details: Some(EventDetails::json(key, details)),
    }
}

impl Execution {
    /// Wires the engine's object store and map-run registry in.
    pub fn set_distributed(&mut self, env: Arc<Distributed>) {
        self.dist.env = Some(env);
    }

    /// Child execution records (and their events) written since the last call.
    pub fn take_child_records(&mut self) -> Vec<ChildRecord> {
        std::mem::take(&mut self.dist.pending)
            .into_values()
            .collect()
    }

    /// Evaluates a piece of ItemReader/ItemBatcher/ResultWriter: a payload template (`.$`
    /// keys) in a JSONPath state, `{% %}` expressions in a JSONata one.
    fn dist_eval(
        &mut self,
        tid: ThreadId,
        state: &StateDef,
        raw: &Value,
        input: &Value,
        field: &str,
    ) -> Result<Value, Failure> {
        let ctx = self.context(tid, None);
        let vars = self.threads[tid].vars.clone();
        if state.jsonata.is_some() {
            let t = JsonataTemplate::compile(raw)
                .map_err(|e| Failure::new("States.QueryEvaluationError", format!("{e:?}")))?;
            let mut env = JsEnv::new(States::new(input, &ctx), &vars, self.now, &mut self.rng);
            return t.eval(field, &mut env).map_err(|e| e.to_failure());
        }
        let t = Template::compile(raw).map_err(|e| Failure::runtime(format!("{e:?}")))?;
        t.eval(
            &Scope {
                input,
                context: &ctx,
                variables: Some(&vars),
            },
            &mut self.rng,
        )
    }

    /// A number field given literally, as a JSONata expression, or through `<field>Path`.
    fn dist_number(
        &mut self,
        tid: ThreadId,
        state: &StateDef,
        obj: &Map<String, Value>,
        field: &str,
        input: &Value,
    ) -> Result<Option<Value>, Failure> {
        if let Some(v) = obj.get(field) {
            return self.dist_eval(tid, state, v, input, field).map(Some);
        }
        if let Some(p) = obj.get(&format!("{field}Path")) {
            let t = json!({ "v.$": p });
            let v = self.dist_eval(tid, state, &t, input, field)?;
            // A path may point to a number written as text (`"2"`, as variables often hold).
            return Ok(v.get("v").map(|v| match v {
                Value::String(s) => s
                    .trim()
                    .parse::<i64>()
                    .map(Value::from)
                    .unwrap_or_else(|_| v.clone()),
                other => other.clone(),
            }));
        }
        Ok(None)
    }

    /// Reads and batches a map run's items and evaluates its ResultWriter: (items, items per
    /// child, writer).
    fn map_run_prepare(
        &mut self,
        tid: ThreadId,
        state: &StateDef,
        io: &DistributedIo,
        items: Vec<Value>,
        eff: &Value,
    ) -> Result<Prepared, Failure> {
        let env = self.dist.env.clone();
        let mut items = items;
        let mut sizes = Vec::new();
        if let Some(reader) = io.item_reader.as_ref().and_then(Value::as_object) {
            let resource = reader
                .get("Resource")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned();
            let params = match reader.get("Parameters").or_else(|| reader.get("Arguments")) {
                Some(p) => {
                    let field = if state.jsonata.is_some() {
                        "Arguments"
                    } else {
                        "Parameters"
                    };
                    self.dist_eval(tid, state, p, eff, field)?
                }
                None => json!({}),
            };
            let config = reader
                .get("ReaderConfig")
                .and_then(Value::as_object)
                .cloned()
                .unwrap_or_default();
            let max = self.dist_number(tid, state, &config, "MaxItems", eff)?;
            let max_items = match max {
                None => None,
                Some(v) => match v.as_i64() {
                    Some(n) if n >= 0 => Some(n as u64),
                    _ => {
                        return Err(Failure::new(
                            ITEM_READER_FAILED,
                            "field MaxItems must be positive",
                        ))
                    }
                },
            };
            let req = ReaderRequest {
                resource,
                params,
                config,
                max_items,
            };
            let objects = env.as_ref().map(|e| e.objects.clone()).unwrap_or_default();
            items = read_items(&objects, &req)?;
        }
        if let Some(batcher) = io.item_batcher.as_ref().and_then(Value::as_object) {
            let num = |field: &str, this: &mut Execution| -> Result<u64, Failure> {
                let v = this.dist_number(tid, state, batcher, field, eff)?;
                match v {
                    None => Ok(0),
                    Some(v) => v.as_u64().ok_or_else(|| {
                        Failure::runtime(format!("The field {field} must be a positive integer"))
                    }),
                }
            };
            let max_items = num("MaxItemsPerBatch", self)?;
            let max_bytes = num("MaxInputBytesPerBatch", self)?;
            let batch_input = match batcher.get("BatchInput") {
                Some(b) => Some(self.dist_eval(tid, state, b, eff, "BatchInput")?),
                None => None,
            };
            let b = Batching {
                max_items,
                max_bytes,
                batch_input,
            };
            items = batch_items(items, &b);
            sizes = items
                .iter()
                .map(|b| b.get("Items").and_then(Value::as_array).map_or(1, Vec::len) as u64)
                .collect();
        }
        let writer = match io.result_writer.as_ref().and_then(Value::as_object) {
            Some(w) => {
                let params = match w.get("Parameters").or_else(|| w.get("Arguments")) {
                    Some(p) => self.dist_eval(tid, state, p, eff, "Arguments")?,
                    None => json!({}),
                };
                let cfg = w.get("WriterConfig").cloned().unwrap_or(Value::Null);
                let text =
                    |v: Option<&Value>, d: &str| v.and_then(Value::as_str).unwrap_or(d).to_owned();
                Some(WriterRequest {
                    bucket: text(params.get("Bucket"), ""),
                    prefix: text(params.get("Prefix"), ""),
                    output_type: text(cfg.get("OutputType"), "JSON"),
                    transformation: text(cfg.get("Transformation"), "NONE"),
                })
            }
            None => None,
        };
        Ok((items, sizes, writer))
    }

    /// Opens the map run written as `MapRunStarted` (`arn`): reads and batches the items when
    /// the Map has an ItemReader/ItemBatcher and records the run. `Err` is the run's failure
    /// (`MapRunFailed`); the run is recorded then too.
    #[allow(clippy::too_many_arguments)] // reason: the Map's evaluated settings, one hook call
    pub(super) fn map_run_open(
        &mut self,
        tid: ThreadId,
        state: &StateDef,
        io: &DistributedIo,
        arn: &str,
        items: Vec<Value>,
        eff: &Value,
        max_concurrency: usize,
        tolerated: (Option<i64>, Option<f64>),
    ) -> Result<Vec<Value>, Failure> {
        let env = self.dist.env.clone();
        let (prepared, failure) = match self.map_run_prepare(tid, state, io, items, eff) {
            Ok(p) => (p, None),
            Err(f) => ((Vec::new(), Vec::new(), None), Some(f)),
        };
        let (items, mut sizes, writer) = prepared;
        // arn:aws:states:<region>:<account>:mapRun:<sm>/<label or id>:<run id>
        let parts: Vec<&str> = arn.splitn(7, ':').collect();
        let sm_part = parts.get(6).and_then(|t| t.rsplit_once(':')).map(|t| t.0);
        let sm_part = sm_part.unwrap_or_default();
        let head = parts.get(..5).map(|p| p.join(":")).unwrap_or_default();
        let kind = if io.express_children {
            "express"
        } else {
            "execution"
        };
        let n = items.len() as u64;
        if sizes.is_empty() {
            sizes = vec![1; items.len()];
        }
        let item_total: u64 = sizes.iter().sum();
        let spec = match &state.kind {
            crate::asl::plan::StateKind::Map(spec) => Some(spec),
            _ => None,
        };
        let run = LocalRun {
            arn: arn.to_owned(),
            child_sm_arn: format!("{head}:stateMachine:{sm_part}"),
            child_prefix: format!("{head}:{kind}:{sm_part}:"),
            sizes,
            children: vec![None; items.len()],
            redrives: vec![0; items.len()],
            writer,
            revision: 0,
            uses_context: spec.is_some_and(|s| s.processor.states.iter().any(|s| s.uses_context)),
        };
        if let Some(env) = &env {
            let mut counts = crate::engine::map_run::Counts {
                pending: n,
                total: n,
                ..Default::default()
            };
            let executions = counts;
            counts.pending = item_total;
            counts.total = item_total;
            let label = spec.and_then(|s| s.label.clone());
            env.runs.insert(MapRunRecord {
                map_run_arn: arn.to_owned(),
                execution_arn: self.info.arn.clone(),
                state_name: state.name.clone(),
                label,
                state_machine_arn: run.child_sm_arn.clone(),
                status: RunStatus::Running,
                start_date: self.now,
                stop_date: None,
                max_concurrency: max_concurrency as u64,
                tolerated_failure_count: tolerated.0.unwrap_or(0),
                tolerated_failure_percentage: tolerated.1.unwrap_or(0.0),
                items: counts,
                executions,
                revision: 0,
                redrive_count: 0,
                redrive_date: None,
            });
        }
        self.dist.runs.insert(tid, run);
        match failure {
            Some(f) => Err(f),
            None => Ok(items),
        }
    }

    /// A child execution starts with `input`; returns its ARN, where its states' events go.
    pub(super) fn map_child_started(
        &mut self,
        tid: ThreadId,
        index: usize,
        input: &Value,
    ) -> Option<Arc<str>> {
        let now = self.now;
        let run = self.dist.runs.get_mut(&tid)?;
        let name = child_name(&run.arn, index);
        let arn = format!("{}{name}", run.child_prefix);
        let input_text = input.to_string();
        // Only a ResultWriter reads a child's input and output back.
        let keep = run.writer.is_some();
        let rec = ExecutionRecord {
            execution_arn: arn.clone(),
            state_machine_arn: run.child_sm_arn.clone(),
            state_machine_version_arn: None,
            state_machine_alias_arn: None,
            name: name.clone(),
            status: ExecutionStatus::Running,
            start_date: now,
            stop_date: None,
            input: input_text.clone(),
            output: None,
            error: None,
            cause: None,
            trace_header: None,
            map_run_arn: Some(run.arn.clone()),
            redrive_count: 0,
        };
        let started = event(
            1,
            0,
            now,
            "ExecutionStarted",
            json!({"input": input_text, "inputDetails": {"truncated": false},
                   "roleArn": self.info.role_arn}),
        );
        if let Some(slot) = run.children.get_mut(index) {
            *slot = Some(ChildResult {
                execution_arn: arn.clone(),
                name: String::new(),
                input: if keep { input.clone() } else { Value::Null },
                output: None,
                error: None,
                cause: None,
                status: "RUNNING",
                start: now,
                stop: now,
                state_machine_arn: String::new(),
            });
        }
        let size = run.sizes.get(index).copied().unwrap_or(1);
        let run_arn = run.arn.clone();
        let child: Arc<str> = Arc::from(arn.as_str());
        self.dist.last_ids.insert(child.clone(), 1);
        if run.uses_context {
            let context = ChildContext {
                input: input.clone(),
                start: now,
                redrive_count: 0,
                state_machine_arn: run.child_sm_arn.clone(),
            };
            self.dist.contexts.insert(child.clone(), context);
        }
        self.dist.pending.insert(
            arn,
            ChildRecord {
                record: rec,
                events: {
                    let mut v = Vec::with_capacity(2);
                    v.push(started);
                    v
                },
                new: true,
            },
        );
        if let Some(env) = &self.dist.env {
            env.runs.children_started(&run_arn, size);
        }
        Some(child)
    }

    /// An event of a running child execution's own history; returns its id.
    pub(super) fn emit_child(
        &mut self,
        child: &Arc<str>,
        event_type: &str,
        prev: u64,
        details: crate::engine::history::Details,
    ) -> u64 {
        let Some((_, id)) = next_id(&mut self.dist.last_ids, child) else {
            return 0;
        };
        let ev = HistoryEvent {
            id,
            previous_event_id: prev,
            timestamp: self.now,
            event_type: event_type.to_owned(),
            details,
        };
        self.child_entry(child).events.push(ev);
        id
    }

    /// The pending record of a child (a placeholder once its record went to the store).
    fn child_entry(&mut self, arn: &str) -> &mut ChildRecord {
        if !self.dist.pending.contains_key(arn) {
            self.dist.pending.insert(arn.to_owned(), placeholder(arn));
        }
        let i = self.dist.pending.get_index_of(arn).unwrap_or_default();
        &mut self.dist.pending[i]
    }

    /// A running child was aborted with its map run: `ExecutionAborted` ends its history
    /// (pointing to 0, as an execution's does).
    pub(super) fn map_child_aborted(&mut self, thread: ThreadId) {
        let Some(child) = self.threads.get(thread).and_then(|t| t.history.clone()) else {
            return;
        };
        let Some((_, id)) = next_id(&mut self.dist.last_ids, &child) else {
            return;
        };
        let ev = event(id, 0, self.now, "ExecutionAborted", json!({}));
        self.child_entry(&child).events.push(ev);
    }

    /// A child execution ended (`Ok(output)` or its failure). Returns the map's settings when
    /// UpdateMapRun changed them since the last look: (MaxConcurrency, tolerated count,
    /// tolerated percentage).
    pub(super) fn map_child_ended(
        &mut self,
        tid: ThreadId,
        index: usize,
        outcome: Result<&Value, &Failure>,
        last_event: u64,
    ) -> Option<(usize, Option<i64>, Option<f64>)> {
        let now = self.now;
        let store_env = self.dist.env.clone();
        let run = self.dist.runs.get_mut(&tid)?;
        let keep = run.writer.is_some();
        let child = run.children.get_mut(index)?.as_mut()?;
        child.stop = now;
        // The child's last id stays known: a redrive goes on with it.
        let end_id = next_id(&mut self.dist.last_ids, &child.execution_arn).map_or(2, |(_, id)| id);
        let out_text = outcome.ok().map(Value::to_string);
        let (status, ev) = match outcome {
            Ok(out) => {
                child.status = "SUCCEEDED";
                if keep {
                    child.output = Some(out.clone());
                }
                (
                    ExecutionStatus::Succeeded,
                    event(
                        end_id,
                        last_event,
                        now,
                        "ExecutionSucceeded",
                        json!({"output": out_text.clone(), "outputDetails": {"truncated": false}}),
                    ),
                )
            }
            Err(f) => {
                child.status = "FAILED";
                child.error = Some(f.error.clone());
                child.cause = Some(f.cause.clone());
                (
                    ExecutionStatus::Failed,
                    event(
                        end_id,
                        last_event,
                        now,
                        "ExecutionFailed",
                        json!({"error": f.error, "cause": f.cause}),
                    ),
                )
            }
        };
        let arn = child.execution_arn.clone();
        let size = run.sizes.get(index).copied().unwrap_or(1);
        let run_arn = run.arn.clone();
        let entry = self
            .dist
            .pending
            .entry(arn)
            .or_insert_with_key(|arn| placeholder(arn));
        entry.record.status = status;
        entry.record.stop_date = Some(now);
        if outcome.is_ok() {
            entry.record.output = out_text;
        } else if let Err(f) = outcome {
            entry.record.error = Some(f.error.clone());
            entry.record.cause = Some(f.cause.clone());
        }
        entry.events.push(ev);
        let env = store_env?;
        let oc = if outcome.is_ok() {
            ChildOutcome::Succeeded
        } else {
            ChildOutcome::Failed
        };
        let revision = env.runs.child_finished(&run_arn, size, oc)?;
        let run = self.dist.runs.get_mut(&tid)?;
        if revision == run.revision {
            return None;
        }
        let rec = env.runs.get(&run_arn)?;
        run.revision = rec.revision;
        Some((
            rec.max_concurrency as usize,
            Some(rec.tolerated_failure_count),
            Some(rec.tolerated_failure_percentage),
        ))
    }

    /// Closes the map run. On success with a ResultWriter, writes the results and returns the
    /// state's new result; `Err` is `States.ResultWriterFailed`.
    pub(super) fn map_run_close(
        &mut self,
        tid: ThreadId,
        status: RunStatus,
    ) -> Result<Option<Value>, Failure> {
        let Some(run) = self.dist.runs.remove(&tid) else {
            return Ok(None);
        };
        let env = self.dist.env.clone();
        let now = self.now;
        let mut out = Ok(None);
        if let (RunStatus::Succeeded, Some(w)) = (status, &run.writer) {
            let results: Vec<ChildResult> = run
                .children
                .iter()
                .flatten()
                .map(|c| ChildResult {
                    name: c
                        .execution_arn
                        .rsplit(':')
                        .next()
                        .unwrap_or_default()
                        .to_owned(),
                    state_machine_arn: run.child_sm_arn.clone(),
                    ..c.clone()
                })
                .collect();
            if w.bucket.is_empty() {
                // No bucket: the transformed results stay the state's output.
                if w.transformation != "NONE" {
                    out = Ok(Some(inline_results(&results, &w.transformation)));
                }
            } else if let Some(env) = &env {
                out = write_results(&env.objects, w, &run.arn, &results, now)
                    .map(Some)
                    .map_err(|f| Failure::new(RESULT_WRITER_FAILED, f.cause));
            }
        }
        let status = if out.is_err() {
            RunStatus::Failed
        } else {
            status
        };
        if let Some(env) = &env {
            env.runs.close(&run.arn, status, now);
        }
        // Children still running when the run ends are aborted.
        for c in run.children.iter().flatten() {
            if c.status == "RUNNING" {
                let entry = self
                    .dist
                    .pending
                    .entry(c.execution_arn.clone())
                    .or_insert_with_key(|arn| placeholder(arn));
                // Its `ExecutionAborted` follows the events of its aborted states.
                entry.record.status = ExecutionStatus::Aborted;
                entry.record.stop_date = Some(now);
            }
        }
        if status != RunStatus::Succeeded {
            let mut run = run;
            for c in run.children.iter_mut().flatten() {
                if c.status == "RUNNING" {
                    c.status = "ABORTED";
                }
            }
            self.dist.closed.insert(tid, run);
        }
        out
    }

    /// A redriven parent redrives the Map's unsuccessful map run: the same run opens again and
    /// `MapRunRedriven` (pointing to `prev`) is written. Returns its id; `None` when the Map
    /// has no unsuccessful run (it then starts a new one, as AWS does).
    pub(super) fn map_run_redriven(&mut self, tid: ThreadId, prev: u64) -> Option<u64> {
        let run = self.dist.closed.remove(&tid)?;
        let arn = run.arn.clone();
        let count = match &self.dist.env {
            Some(env) => env.runs.redrive(&arn, self.now).unwrap_or(1),
            None => 1,
        };
        self.dist.runs.insert(tid, run);
        Some(self.emit(
            "MapRunRedriven",
            prev,
            Some(EventDetails::json(
                "mapRunRedrivenEventDetails",
                json!({"mapRunArn": arn, "redriveCount": count}),
            )),
        ))
    }

    /// The children of the Map's unsuccessful map run that did not succeed (failed, also
    /// within the tolerated count, or aborted), in item order.
    pub(super) fn map_run_unsuccessful(&self, tid: ThreadId) -> Vec<usize> {
        let Some(run) = self.dist.closed.get(&tid) else {
            return Vec::new();
        };
        run.children
            .iter()
            .enumerate()
            .filter(|(_, c)| c.as_ref().is_some_and(|c| c.status != "SUCCEEDED"))
            .map(|(i, _)| i)
            .collect()
    }

    /// An unsuccessful child of a redriven map run waits to be redriven: `PENDING_REDRIVE`,
    /// its last stop, error and cause kept.
    pub(super) fn map_child_pending_redrive(&mut self, tid: ThreadId, index: usize) {
        let Some(Some(c)) = self.dist.runs.get(&tid).and_then(|r| r.children.get(index)) else {
            return;
        };
        let (arn, stop, error, cause) = (
            c.execution_arn.clone(),
            c.stop,
            c.error.clone(),
            c.cause.clone(),
        );
        let entry = self.child_entry(&arn);
        entry.record.status = ExecutionStatus::PendingRedrive;
        entry.record.stop_date = Some(stop);
        entry.record.error = error;
        entry.record.cause = cause;
    }

    /// An unsuccessful child of a redriven map run is redriven: it runs again under its ARN,
    /// its history going on with `ExecutionRedriven`. Returns that event's id (what the child's
    /// redriven states follow).
    pub(super) fn map_child_redriven(&mut self, tid: ThreadId, index: usize) -> Option<u64> {
        let now = self.now;
        let run = self.dist.runs.get_mut(&tid)?;
        let child = run.children.get_mut(index)?.as_mut()?;
        child.status = "RUNNING";
        child.output = None;
        child.error = None;
        child.cause = None;
        let arn = child.execution_arn.clone();
        let count = run.redrives.get_mut(index).map_or(1, |n| {
            *n += 1;
            *n
        });
        let size = run.sizes.get(index).copied().unwrap_or(1);
        let run_arn = run.arn.clone();
        let (last, id) = next_id(&mut self.dist.last_ids, &arn).unwrap_or_else(|| {
            self.dist.last_ids.insert(Arc::from(arn.as_str()), 2);
            (1, 2)
        });
        if let Some(c) = self.dist.contexts.get_mut(arn.as_str()) {
            c.redrive_count = count;
        }
        let entry = self.child_entry(&arn);
        entry.record.status = ExecutionStatus::Running;
        entry.record.stop_date = None;
        entry.record.output = None;
        entry.record.error = None;
        entry.record.cause = None;
        entry.record.redrive_count = count;
        entry.events.push(event(
            id,
            last,
            now,
            "ExecutionRedriven",
            json!({ "redriveCount": count }),
        ));
        if let Some(env) = &self.dist.env {
            env.runs.children_started(&run_arn, size);
        }
        Some(id)
    }

    /// The context values of the child execution `thread` runs in, if it is one.
    pub(super) fn child_context(&self, thread: ThreadId) -> Option<(&str, &ChildContext)> {
        let child = self.threads.get(thread)?.history.as_ref()?;
        self.dist.contexts.get(child).map(|c| (&**child, c))
    }

    /// Whether `tid` has an open map run.
    pub(super) fn has_map_run(&self, tid: ThreadId) -> bool {
        self.dist.runs.contains_key(&tid)
    }
}

/// A change to a child record already in the store (only its changed fields are used).
fn placeholder(arn: &str) -> ChildRecord {
    let record = ExecutionRecord {
        execution_arn: arn.to_owned(),
        state_machine_arn: String::new(),
        state_machine_version_arn: None,
        state_machine_alias_arn: None,
        name: String::new(),
        status: ExecutionStatus::Running,
        start_date: DateTime::<Utc>::UNIX_EPOCH,
        stop_date: None,
        input: String::new(),
        output: None,
        error: None,
        cause: None,
        trace_header: None,
        map_run_arn: None,
        redrive_count: 0,
    };
    ChildRecord {
        record,
        events: Vec::new(),
        new: false,
    }
}

/// `mapRunFailedEventDetails`.
pub(super) fn run_failed(f: &Failure) -> crate::engine::history::Details {
    Some(EventDetails::json(
        "mapRunFailedEventDetails",
        json!({"error": f.error, "cause": f.cause}),
    ))
}

impl Execution {
    /// Applies settings UpdateMapRun changed to the running Map (`tid`).
    pub(super) fn apply_map_run_update(
        &mut self,
        tid: ThreadId,
        updated: Option<(usize, Option<i64>, Option<f64>)>,
    ) {
        let Some((max, count, pct)) = updated else {
            return;
        };
        if let Some(super::ChildKind::Map {
            max_concurrency,
            tolerated_count,
            tolerated_pct,
            ..
        }) = self.threads[tid].children.as_mut().map(|c| &mut c.kind)
        {
            *max_concurrency = max;
            *tolerated_count = count;
            *tolerated_pct = pct;
        }
    }
}
