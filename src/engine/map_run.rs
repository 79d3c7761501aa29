//! Distributed Map runs: the engine-wide registry of map runs that DescribeMapRun, ListMapRuns
//! and UpdateMapRun read ([`MapRuns`]), and the pure parts of a map run: reading items from the
//! mock object store (`ItemReader`: JSON, JSON Lines, CSV, S3 inventory manifests,
//! ListObjectsV2), batching them (`ItemBatcher`) and laying out results (`ResultWriter`).
//!
//! Owns no execution state and writes no history: the execution glue (`map_exec.rs`) evaluates
//! the definition's paths and expressions, then calls in here. Errors are the `States.*`
//! failures AWS reports (`States.ItemReaderFailed`, `States.ResultWriterFailed`).

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};
use indexmap::IndexMap;
use serde_json::{json, Map, Value};

use crate::asl::Failure;
use crate::integrations::objects::{listing_entry, ObjectStore};
use crate::store::{ExecutionRecord, ExecutionStatus, HistoryEvent, Store, StoreError};

pub const ITEM_READER_FAILED: &str = "States.ItemReaderFailed";
pub const RESULT_WRITER_FAILED: &str = "States.ResultWriterFailed";

/// A map run's status as DescribeMapRun reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum RunStatus {
    Running,
    Succeeded,
    Failed,
    Aborted,
}

impl RunStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            RunStatus::Running => "RUNNING",
            RunStatus::Succeeded => "SUCCEEDED",
            RunStatus::Failed => "FAILED",
            RunStatus::Aborted => "ABORTED",
        }
    }
}

/// `itemCounts` / `executionCounts` of DescribeMapRun.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Counts {
    pub pending: u64,
    pub running: u64,
    pub succeeded: u64,
    pub failed: u64,
    pub timed_out: u64,
    pub aborted: u64,
    pub total: u64,
    pub results_written: u64,
}

impl Counts {
    pub fn to_json(self) -> Value {
        json!({
            "pending": self.pending,
            "running": self.running,
            "succeeded": self.succeeded,
            "failed": self.failed,
            "timedOut": self.timed_out,
            "aborted": self.aborted,
            "total": self.total,
            "resultsWritten": self.results_written,
        })
    }

    /// Moves `n` from running to the outcome's bucket.
    fn finish(&mut self, outcome: ChildOutcome, n: u64) {
        self.running = self.running.saturating_sub(n);
        // A finished child's result counts as written (AWS counts them so even without a
        // ResultWriter).
        match outcome {
            ChildOutcome::Succeeded => {
                self.succeeded += n;
                self.results_written += n;
            }
            ChildOutcome::Failed => {
                self.failed += n;
                self.results_written += n;
            }
            ChildOutcome::Aborted => self.aborted += n,
        }
    }
}

/// How one child execution ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChildOutcome {
    Succeeded,
    Failed,
    Aborted,
}

/// One map run as DescribeMapRun shows it (and as the store keeps it).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct MapRunRecord {
    pub map_run_arn: String,
    /// The parent execution.
    pub execution_arn: String,
    /// The Distributed Map state that started the run (state names are unique in a machine).
    #[serde(default)]
    pub state_name: String,
    /// The state's `Label`, if it has one.
    #[serde(default)]
    pub label: Option<String>,
    /// `arn:...:stateMachine:<name>/<label or id>`: what child executions run.
    pub state_machine_arn: String,
    pub status: RunStatus,
    pub start_date: DateTime<Utc>,
    pub stop_date: Option<DateTime<Utc>>,
    pub max_concurrency: u64,
    pub tolerated_failure_count: i64,
    pub tolerated_failure_percentage: f64,
    pub items: Counts,
    pub executions: Counts,
    /// Bumped by UpdateMapRun so a running map picks its new settings up.
    pub revision: u64,
    /// How many times a redriven parent redrove the run, and when it last did.
    #[serde(default)]
    pub redrive_count: u32,
    #[serde(default)]
    pub redrive_date: Option<DateTime<Utc>>,
}

/// The store collection that keeps map runs, keyed by map run ARN.
pub const MAP_RUNS: &str = "mapRuns";

/// The engine-wide map runs, in creation order. With a store attached, a run is written to it
/// when it starts, when its settings change and when it ends (not on every child: the counts
/// of a run cut off by a restart are those of its last write, and its execution, resumed,
/// starts it again).
#[derive(Default)]
pub struct MapRuns {
    runs: Mutex<IndexMap<String, MapRunRecord>>,
    store: std::sync::OnceLock<Arc<dyn Store>>,
}

impl std::fmt::Debug for MapRuns {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MapRuns").field("runs", &self.runs).finish()
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl MapRuns {
    /// Keeps runs in `store` from now on, and reads back those it has (oldest first).
    pub fn attach(&self, store: Arc<dyn Store>) {
        if !store.is_durable() {
            return;
        }
        let mut kept: Vec<MapRunRecord> = store
            .list_docs(MAP_RUNS)
            .into_iter()
            .filter_map(|(_, doc)| serde_json::from_value(doc).ok())
            .collect();
        kept.sort_by_key(|r| r.start_date);
        let mut runs = lock(&self.runs);
        for r in kept {
            runs.insert(r.map_run_arn.clone(), r);
        }
        drop(runs);
        let _ = self.store.set(store);
    }

    fn persist(&self, rec: &MapRunRecord) {
        if let (Some(store), Ok(doc)) = (self.store.get(), serde_json::to_value(rec)) {
            store.put_doc(MAP_RUNS, &rec.map_run_arn, doc);
        }
    }

    pub fn insert(&self, rec: MapRunRecord) {
        self.persist(&rec);
        lock(&self.runs).insert(rec.map_run_arn.clone(), rec);
    }

    /// UpdateMapRun: applies `f` to a run's settings, bumps its revision so that the running
    /// map picks them up, and keeps the result; `false` when the run is unknown.
    pub fn update_settings(&self, arn: &str, f: impl FnOnce(&mut MapRunRecord)) -> bool {
        let updated = self.update(arn, |r| {
            f(r);
            r.revision += 1;
            r.clone()
        });
        updated.inspect(|r| self.persist(r)).is_some()
    }

    pub fn get(&self, arn: &str) -> Option<MapRunRecord> {
        lock(&self.runs).get(arn).cloned()
    }

    /// The map runs an execution started, oldest first.
    pub fn of_execution(&self, execution_arn: &str) -> Vec<MapRunRecord> {
        lock(&self.runs)
            .values()
            .filter(|r| r.execution_arn == execution_arn)
            .cloned()
            .collect()
    }

    /// Applies `f` to a map run; `None` when it is unknown.
    pub fn update<T>(&self, arn: &str, f: impl FnOnce(&mut MapRunRecord) -> T) -> Option<T> {
        lock(&self.runs).get_mut(arn).map(f)
    }

    /// Children (of `items` items) started.
    pub fn children_started(&self, arn: &str, items: u64) {
        self.update(arn, |r| {
            r.executions.pending = r.executions.pending.saturating_sub(1);
            r.executions.running += 1;
            r.items.pending = r.items.pending.saturating_sub(items);
            r.items.running += items;
        });
    }

    /// A child (of `items` items) ended; returns the run's settings revision.
    pub fn child_finished(&self, arn: &str, items: u64, outcome: ChildOutcome) -> Option<u64> {
        self.update(arn, |r| {
            r.executions.finish(outcome, 1);
            r.items.finish(outcome, items);
            r.revision
        })
    }

    /// A redriven parent redrives the run: it runs again, its unsuccessful children (failed,
    /// aborted, timed out) wait to be redriven. Returns the run's redrive count.
    pub fn redrive(&self, arn: &str, at: DateTime<Utc>) -> Option<u32> {
        let redriven = self.update(arn, |r| {
            for c in [&mut r.items, &mut r.executions] {
                let unsuccessful = c.failed + c.aborted + c.timed_out;
                c.results_written = c.results_written.saturating_sub(c.failed + c.timed_out);
                c.pending += unsuccessful;
                (c.failed, c.aborted, c.timed_out) = (0, 0, 0);
            }
            r.status = RunStatus::Running;
            r.stop_date = None;
            r.redrive_count += 1;
            r.redrive_date = Some(at);
            r.clone()
        })?;
        self.persist(&redriven);
        Some(redriven.redrive_count)
    }

    /// The run ended: whatever still runs or waits is aborted.
    pub fn close(&self, arn: &str, status: RunStatus, at: DateTime<Utc>) {
        let closed = self.update(arn, |r| {
            for c in [&mut r.items, &mut r.executions] {
                c.aborted += c.running + c.pending;
                c.running = 0;
                c.pending = 0;
            }
            r.status = status;
            r.stop_date = Some(at);
            r.clone()
        });
        if let Some(r) = closed {
            self.persist(&r);
        }
    }

    pub fn clear(&self) {
        lock(&self.runs).clear();
    }
}

/// What the engine shares with distributed maps: the object store and the map-run registry.
#[derive(Debug, Default)]
pub struct Distributed {
    pub objects: Arc<ObjectStore>,
    pub runs: MapRuns,
    /// Which event a distributed Map's `MapStateExited` points back to.
    pub exit_link: MapExitLink,
}

/// The event a distributed Map's `MapStateExited` names as its previous event. AWS changed
/// this in late 2024: every recording validated up to 2024-06 points to `MapRunSucceeded` (30 of
/// the 42 verified histories with a distributed Map), every one from 2024-11 on to
/// `MapRunStarted` (12). Nothing else separates the two groups (near-identical definitions
/// fall on both sides), so it is a setting (`passo serve --map-exited-points-to`), defaulting
/// to what most recordings show.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum MapExitLink {
    /// `MapStateExited` follows `MapRunSucceeded` (AWS up to 2024).
    #[default]
    RunSucceeded,
    /// `MapStateExited` points to `MapRunStarted` (AWS since late 2024).
    RunStarted,
}

/// A child execution's record and events not yet in the store.
#[derive(Debug, Clone)]
pub struct ChildRecord {
    /// The whole record when `new`, else only its changed fields (status, stop date, output,
    /// error, cause).
    pub record: ExecutionRecord,
    pub events: Vec<HistoryEvent>,
    /// Not in the store yet.
    pub new: bool,
}

/// Writes child execution records (new ones, or the changed fields of known ones) and their
/// events to the store. `replayed`: the parent is being rebuilt after a restart, so records
/// and events may be in the store already; those are not written twice.
pub fn store_child_records(
    store: &dyn Store,
    records: Vec<ChildRecord>,
    replayed: bool,
) -> Result<(), StoreError> {
    for ChildRecord {
        record: rec,
        mut events,
        new,
    } in records
    {
        let arn = rec.execution_arn.clone();
        if replayed {
            let stored = store.history_len(&arn) as u64;
            events.retain(|e| e.id > stored);
        }
        if new && !replayed {
            store.insert_execution(rec)?;
            store.append_events_owned(&arn, events)?;
            continue;
        }
        if new {
            // Rebuilt after a restart or for a redrive: the record may be there already.
            match store.insert_execution(rec.clone()) {
                Ok(()) => {
                    store.append_events_owned(&arn, events)?;
                    continue;
                }
                Err(StoreError::AlreadyExists(_)) => {}
                Err(e) => return Err(e),
            }
        }
        match store.get_execution(&arn) {
            None => continue,
            Some(mut old) => {
                // A replay must not take a stored child back to RUNNING; a redrive does.
                let regress = new
                    && rec.status == ExecutionStatus::Running
                    && rec.redrive_count <= old.redrive_count;
                if !regress {
                    old.redrive_count = old.redrive_count.max(rec.redrive_count);
                    old.status = rec.status;
                    old.stop_date = rec.stop_date;
                    old.output = rec.output;
                    old.error = rec.error;
                    old.cause = rec.cause;
                    store.update_execution(old)?;
                }
            }
        }
        store.append_events_owned(&arn, events)?;
    }
    Ok(())
}

/// An `ItemReader` after its paths and expressions were evaluated.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReaderRequest {
    /// The resource ARN (`arn:aws:states:::s3:getObject`, `...:s3:listObjectsV2`).
    pub resource: String,
    /// The evaluated `Parameters` / `Arguments` (`Bucket`, `Key`, `Prefix`, ...).
    pub params: Value,
    /// `ReaderConfig` (with `MaxItems` already resolved into `max_items`).
    pub config: Map<String, Value>,
    /// `None` or 0: no limit.
    pub max_items: Option<u64>,
}

fn reader_failed(cause: impl Into<String>) -> Failure {
    Failure::new(ITEM_READER_FAILED, cause.into())
}

fn text_param<'a>(params: &'a Value, key: &str) -> Option<&'a str> {
    params.get(key).and_then(Value::as_str)
}

/// Reads a map run's items from the object store.
pub fn read_items(objects: &ObjectStore, req: &ReaderRequest) -> Result<Vec<Value>, Failure> {
    let bucket = text_param(&req.params, "Bucket")
        .ok_or_else(|| reader_failed("The field 'Bucket' is required."))?;
    let action = req.resource.rsplit(':').next().unwrap_or_default();
    let limit = req.max_items.filter(|n| *n > 0).map(|n| n as usize);
    let mut items = if action == "listObjectsV2" {
        let prefix = text_param(&req.params, "Prefix").unwrap_or("");
        objects
            .list(bucket, prefix)
            .into_iter()
            .take(limit.unwrap_or(usize::MAX))
            .map(|(k, o)| listing_entry(&k, &o))
            .collect()
    } else if action == "getObject" {
        let key = text_param(&req.params, "Key")
            .ok_or_else(|| reader_failed("The field 'Key' is required."))?;
        let input_type = req
            .config
            .get("InputType")
            .and_then(Value::as_str)
            .unwrap_or("JSON");
        let manifest = req.config.get("ManifestType").and_then(Value::as_str);
        match (input_type, manifest) {
            (_, Some("ATHENA_DATA")) => athena_items(objects, bucket, key, req, limit)?,
            ("MANIFEST", _) => manifest_items(objects, &object_text(objects, bucket, key)?, limit)?,
            _ => file_items(objects, bucket, key, input_type, req, limit)?,
        }
    } else {
        return Err(reader_failed(format!(
            "passo: ItemReader resource '{}' is not supported (use s3:getObject or s3:listObjectsV2)",
            req.resource
        )));
    };
    if let Some(n) = limit {
        items.truncate(n);
    }
    Ok(items)
}

/// The items of one data file of `input_type` (JSON, JSONL, CSV or PARQUET).
fn file_items(
    objects: &ObjectStore,
    bucket: &str,
    key: &str,
    input_type: &str,
    req: &ReaderRequest,
    limit: Option<usize>,
) -> Result<Vec<Value>, Failure> {
    match input_type {
        "JSON" => json_items(
            &object_text(objects, bucket, key)?,
            req.config.get("ItemsPointer").and_then(Value::as_str),
        ),
        "JSONL" => jsonl_items(&object_text(objects, bucket, key)?, limit),
        "CSV" => csv_items(&object_text(objects, bucket, key)?, &req.config, limit),
        "PARQUET" => super::parquet_items::read(&object_bytes(objects, bucket, key)?, key, limit),
        other => Err(reader_failed(format!(
            "passo: ItemReader InputType '{other}' is not supported"
        ))),
    }
}

/// An Athena data manifest (what `UNLOAD` writes): one `s3://bucket/key` per line, each a data
/// file of the reader's `InputType` (CSV, JSONL or PARQUET); their items in order.
fn athena_items(
    objects: &ObjectStore,
    bucket: &str,
    key: &str,
    req: &ReaderRequest,
    limit: Option<usize>,
) -> Result<Vec<Value>, Failure> {
    let input_type = req
        .config
        .get("InputType")
        .and_then(Value::as_str)
        .unwrap_or("CSV");
    if !matches!(input_type, "CSV" | "JSONL" | "PARQUET") {
        return Err(reader_failed(format!(
            "An Athena data manifest lists CSV, JSONL or PARQUET files, not '{input_type}'."
        )));
    }
    let manifest = object_text(objects, bucket, key)?;
    let mut out = Vec::new();
    for line in manifest.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let (data_bucket, data_key) = line
            .strip_prefix("s3://")
            .and_then(|rest| rest.split_once('/'))
            .ok_or_else(|| {
                reader_failed(format!(
                    "The Athena manifest '{key}' lists '{line}', which is not an s3:// URI."
                ))
            })?;
        let left = limit.map(|n| n.saturating_sub(out.len()));
        if left == Some(0) {
            break;
        }
        out.extend(file_items(
            objects,
            data_bucket,
            data_key,
            input_type,
            req,
            left,
        )?);
    }
    Ok(out)
}

/// An object's bytes as stored (S3's NoSuchKey answer when there is none).
fn object_bytes(objects: &ObjectStore, bucket: &str, key: &str) -> Result<Arc<Vec<u8>>, Failure> {
    let obj = objects.get(bucket, key).ok_or_else(|| {
        reader_failed(format!(
            "The specified key does not exist. (Service: S3, Status Code: 404, Error Code: NoSuchKey, Bucket: {bucket}, Key: {key})"
        ))
    })?;
    Ok(obj.body)
}

fn object_text(objects: &ObjectStore, bucket: &str, key: &str) -> Result<String, Failure> {
    let body = object_bytes(objects, bucket, key)?;
    let bytes = if body.starts_with(&GZIP_MAGIC) {
        // S3 inventory lists are published gzip-compressed (`data/*.csv.gz`).
        let mut out = Vec::new();
        std::io::Read::read_to_end(&mut flate2::read::MultiGzDecoder::new(&body[..]), &mut out)
            .map_err(|e| reader_failed(format!("The object '{key}' is not valid gzip: {e}")))?;
        out
    } else {
        body.to_vec()
    };
    String::from_utf8(bytes)
        .map_err(|_| reader_failed(format!("The object '{key}' is not UTF-8 text.")))
}

/// The first bytes of a gzip stream.
const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

/// A JSON file's items: the file itself is the array, or `ItemsPointer` (a JSON Pointer,
/// RFC 6901) names the array inside it.
fn json_items(body: &str, pointer: Option<&str>) -> Result<Vec<Value>, Failure> {
    let mut doc = serde_json::from_str::<Value>(body)
        .map_err(|e| reader_failed(format!("The object is not valid JSON: {e}")))?;
    let node = match pointer {
        None => doc,
        Some(p) => doc.pointer_mut(p).map(Value::take).ok_or_else(|| {
            reader_failed(format!(
                "The ItemsPointer '{p}' does not point to a node in the JSON object."
            ))
        })?,
    };
    match node {
        Value::Array(a) => Ok(a),
        _ => Err(reader_failed("Attempting to map over non-iterable node.")),
    }
}

fn jsonl_items(body: &str, limit: Option<usize>) -> Result<Vec<Value>, Failure> {
    let mut out = Vec::new();
    for line in body.lines().filter(|l| !l.trim().is_empty()) {
        if limit.is_some_and(|n| out.len() >= n) {
            break;
        }
        out.push(
            serde_json::from_str(line)
                .map_err(|e| reader_failed(format!("A line is not valid JSON: {e}")))?,
        );
    }
    Ok(out)
}

/// The delimiter `CSVDelimiter` names (COMMA by default).
fn delimiter(config: &Map<String, Value>) -> char {
    match config.get("CSVDelimiter").and_then(Value::as_str) {
        Some("PIPE") => '|',
        Some("SEMICOLON") => ';',
        Some("SPACE") => ' ',
        Some("TAB") => '\t',
        _ => ',',
    }
}

/// Splits CSV text into rows of fields (RFC 4180 quoting; a blank last line is no row).
pub fn csv_rows(body: &str, delim: char) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = body.chars().peekable();
    let mut any = false;
    while let Some(c) = chars.next() {
        any = true;
        if quoted {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    chars.next();
                    field.push('"');
                } else {
                    quoted = false;
                }
            } else {
                field.push(c);
            }
        } else if c == '"' && field.is_empty() {
            quoted = true;
        } else if c == delim {
            row.push(std::mem::take(&mut field));
        } else if c == '\n' || c == '\r' {
            if c == '\r' && chars.peek() == Some(&'\n') {
                chars.next();
            }
            row.push(std::mem::take(&mut field));
            rows.push(std::mem::take(&mut row));
            any = false;
        } else {
            field.push(c);
        }
    }
    if any {
        row.push(field);
        rows.push(row);
    }
    rows
}

fn csv_items(
    body: &str,
    config: &Map<String, Value>,
    limit: Option<usize>,
) -> Result<Vec<Value>, Failure> {
    let mut rows = csv_rows(body, delimiter(config)).into_iter();
    let headers: Vec<String> = match config.get("CSVHeaderLocation").and_then(Value::as_str) {
        Some("GIVEN") => config
            .get("CSVHeaders")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .map(|v| v.as_str().unwrap_or_default().to_owned())
                    .collect()
            })
            .unwrap_or_default(),
        _ => rows.next().unwrap_or_default(),
    };
    let mut seen = std::collections::HashSet::new();
    if !headers.iter().all(|h| seen.insert(h.as_str())) {
        return Err(reader_failed("CSV headers cannot contain duplicates."));
    }
    let mut out = Vec::new();
    for row in rows {
        if limit.is_some_and(|n| out.len() >= n) {
            break;
        }
        // AWS lists a CSV item's fields in key order; a short row's missing fields are empty,
        // a long row's extra fields are dropped.
        let mut item = BTreeMap::new();
        for (i, h) in headers.iter().enumerate() {
            item.insert(
                h.clone(),
                Value::String(row.get(i).cloned().unwrap_or_default()),
            );
        }
        out.push(Value::Object(item.into_iter().collect()));
    }
    Ok(out)
}

/// An S3 inventory `manifest.json`: each listed (uncompressed CSV) file's rows become items
/// named by the manifest's `fileSchema`.
fn manifest_items(
    objects: &ObjectStore,
    body: &str,
    limit: Option<usize>,
) -> Result<Vec<Value>, Failure> {
    let manifest: Value = serde_json::from_str(body)
        .map_err(|e| reader_failed(format!("The manifest is not valid JSON: {e}")))?;
    if manifest.get("fileFormat").and_then(Value::as_str) != Some("CSV") {
        return Err(reader_failed(
            "passo: only CSV S3 inventory manifests are supported",
        ));
    }
    let schema: Vec<String> = manifest
        .get("fileSchema")
        .and_then(Value::as_str)
        .unwrap_or("Bucket, Key")
        .split(',')
        .map(|s| s.trim().to_owned())
        .collect();
    let bucket = manifest
        .get("destinationBucket")
        .and_then(Value::as_str)
        .map(|b| b.rsplit(':').next().unwrap_or(b).to_owned())
        .unwrap_or_default();
    let mut out = Vec::new();
    for f in manifest
        .get("files")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let key = f.get("key").and_then(Value::as_str).unwrap_or_default();
        let text = object_text(objects, &bucket, key)?;
        for row in csv_rows(&text, ',') {
            if limit.is_some_and(|n| out.len() >= n) {
                return Ok(out);
            }
            let mut item = Map::new();
            for (h, v) in schema.iter().zip(row) {
                item.insert(h.clone(), Value::String(v));
            }
            out.push(Value::Object(item));
        }
    }
    Ok(out)
}

/// An `ItemBatcher` after its paths and expressions were evaluated.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Batching {
    /// 0: no limit.
    pub max_items: u64,
    /// 0: no limit (AWS caps a batch at 256 KiB).
    pub max_bytes: u64,
    pub batch_input: Option<Value>,
}

/// AWS's cap on a batch's size in bytes.
pub const MAX_BATCH_BYTES: u64 = 262_144;

/// Groups items into `{"BatchInput": ..., "Items": [...]}` objects.
pub fn batch_items(items: Vec<Value>, b: &Batching) -> Vec<Value> {
    let max_bytes = if b.max_bytes == 0 {
        MAX_BATCH_BYTES
    } else {
        b.max_bytes.min(MAX_BATCH_BYTES)
    } as usize;
    let base = b
        .batch_input
        .as_ref()
        .map(|v| v.to_string().len() + 30)
        .unwrap_or(12);
    let mut out = Vec::new();
    let mut cur: Vec<Value> = Vec::new();
    let mut size = base;
    let flush = |cur: &mut Vec<Value>, out: &mut Vec<Value>| {
        let mut m = Map::new();
        if let Some(bi) = &b.batch_input {
            m.insert("BatchInput".to_owned(), bi.clone());
        }
        m.insert("Items".to_owned(), Value::Array(std::mem::take(cur)));
        out.push(Value::Object(m));
    };
    for item in items {
        let len = item.to_string().len() + 1;
        let full_count = b.max_items > 0 && cur.len() as u64 >= b.max_items;
        if !cur.is_empty() && (full_count || size + len > max_bytes) {
            flush(&mut cur, &mut out);
            size = base;
        }
        size += len;
        cur.push(item);
    }
    if !cur.is_empty() {
        flush(&mut cur, &mut out);
    }
    out
}

/// A `ResultWriter` after its paths and expressions were evaluated.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct WriterRequest {
    pub bucket: String,
    pub prefix: String,
    /// `WriterConfig.OutputType`: JSON (default) or JSONL.
    pub output_type: String,
    /// `WriterConfig.Transformation`: NONE (default), COMPACT or FLATTEN.
    pub transformation: String,
}

/// One child execution's result as the ResultWriter files list it.
#[derive(Debug, Clone, PartialEq)]
pub struct ChildResult {
    pub execution_arn: String,
    pub name: String,
    pub input: Value,
    pub output: Option<Value>,
    pub error: Option<String>,
    pub cause: Option<String>,
    pub status: &'static str,
    pub start: DateTime<Utc>,
    pub stop: DateTime<Utc>,
    pub state_machine_arn: String,
}

/// The outputs of a ResultWriter without a bucket (its `WriterConfig` alone): each child's
/// output (COMPACT), array outputs spread into one list (FLATTEN).
pub fn inline_results(results: &[ChildResult], transformation: &str) -> Value {
    let mut out = Vec::new();
    for r in results {
        match (r.output.clone().unwrap_or(Value::Null), transformation) {
            (Value::Array(a), "FLATTEN") => out.extend(a),
            (v, _) => out.push(v),
        }
    }
    Value::Array(out)
}

/// Writes `manifest.json` and the `SUCCEEDED_n.json`/`FAILED_n.json`/`PENDING_n.json` files
/// under `<prefix>/<map run id>/`, as AWS lays them out. Returns the state's result:
/// `{"MapRunArn", "ResultWriterDetails": {"Bucket", "Key"}}`.
pub fn write_results(
    objects: &ObjectStore,
    req: &WriterRequest,
    map_run_arn: &str,
    results: &[ChildResult],
    at: DateTime<Utc>,
) -> Result<Value, Failure> {
    let run_id = map_run_arn.rsplit(':').next().unwrap_or_default();
    let dir = if req.prefix.is_empty() {
        run_id.to_owned()
    } else {
        format!("{}/{run_id}", req.prefix.trim_end_matches('/'))
    };
    let jsonl = req.output_type == "JSONL";
    let ext = if jsonl { "jsonl" } else { "json" };
    let mut groups: HashMap<&str, Vec<Value>> = HashMap::new();
    for r in results {
        let entry = match req.transformation.as_str() {
            "COMPACT" | "FLATTEN" => match (&r.output, r.status) {
                (Some(o), "SUCCEEDED") => o.clone(),
                _ => json!({"Error": r.error, "Cause": r.cause}),
            },
            _ => {
                let mut m = Map::new();
                m.insert("ExecutionArn".into(), json!(r.execution_arn));
                m.insert("Input".into(), json!(r.input.to_string()));
                m.insert("InputDetails".into(), json!({"Included": true}));
                m.insert("Name".into(), json!(r.name));
                if let Some(o) = &r.output {
                    m.insert("Output".into(), json!(o.to_string()));
                    m.insert("OutputDetails".into(), json!({"Included": true}));
                }
                if let Some(e) = &r.error {
                    m.insert("Error".into(), json!(e));
                }
                if let Some(c) = &r.cause {
                    m.insert("Cause".into(), json!(c));
                }
                m.insert("RedriveCount".into(), json!(0));
                m.insert("RedriveStatus".into(), json!("NOT_REDRIVABLE"));
                m.insert(
                    "StartDate".into(),
                    json!(super::execution::context_time(r.start)),
                );
                m.insert("StateMachineArn".into(), json!(r.state_machine_arn));
                m.insert("Status".into(), json!(r.status));
                m.insert(
                    "StopDate".into(),
                    json!(super::execution::context_time(r.stop)),
                );
                Value::Object(m)
            }
        };
        let group = groups.entry(r.status).or_default();
        match entry {
            // FLATTEN spreads array outputs into the file's one list.
            Value::Array(a) if req.transformation == "FLATTEN" => group.extend(a),
            other => group.push(other),
        }
    }
    let mut files = Map::new();
    for (status, file_key) in [
        ("SUCCEEDED", "succeeded"),
        ("FAILED", "failed"),
        ("PENDING", "pending"),
    ] {
        let mut listed = Vec::new();
        if let Some(entries) = groups.get(status) {
            let key = format!("{dir}/{status}_0.{ext}");
            let body = if jsonl {
                entries
                    .iter()
                    .map(Value::to_string)
                    .collect::<Vec<_>>()
                    .join("\n")
            } else {
                Value::Array(entries.clone()).to_string()
            };
            let size = body.len();
            objects.put(&req.bucket, &key, body.into_bytes(), at);
            listed.push(json!({"Key": key, "Size": size}));
        }
        files.insert(file_key.to_owned(), Value::Array(listed));
    }
    let manifest = json!({
        "DestinationBucket": req.bucket,
        "MapRunArn": map_run_arn,
        "ResultFiles": {
            "FAILED": files.get("failed"),
            "PENDING": files.get("pending"),
            "SUCCEEDED": files.get("succeeded"),
        },
    });
    let manifest_key = format!("{dir}/manifest.json");
    objects.put(
        &req.bucket,
        &manifest_key,
        manifest.to_string().into_bytes(),
        at,
    );
    Ok(json!({
        "MapRunArn": map_run_arn,
        "ResultWriterDetails": {"Bucket": req.bucket, "Key": manifest_key},
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store_with(key: &str, body: &str) -> ObjectStore {
        let s = ObjectStore::new();
        s.put(
            "b",
            key,
            body.as_bytes().to_vec(),
            DateTime::<Utc>::UNIX_EPOCH,
        );
        s
    }

    fn get(key: &str, config: Value, max: Option<u64>) -> ReaderRequest {
        ReaderRequest {
            resource: "arn:aws:states:::s3:getObject".to_owned(),
            params: json!({"Bucket": "b", "Key": key}),
            config: config.as_object().cloned().unwrap_or_default(),
            max_items: max,
        }
    }

    #[test]
    fn csv_given_headers_pad_and_drop_fields() {
        let s = store_with("f.csv", "a,b\n,,,\nx\n");
        let cfg =
            json!({"InputType": "CSV", "CSVHeaderLocation": "GIVEN", "CSVHeaders": ["H1", "H2"]});
        let items = read_items(&s, &get("f.csv", cfg, None)).unwrap_or_default();
        assert_eq!(
            items,
            vec![
                json!({"H1": "a", "H2": "b"}),
                json!({"H1": "", "H2": ""}),
                json!({"H1": "x", "H2": ""})
            ]
        );
    }

    #[test]
    fn csv_quotes_delimiters_and_limits() {
        let s = store_with("f.csv", "k|v\n\"a|b\"|\"say \"\"hi\"\"\"\nc|d\n");
        let cfg =
            json!({"InputType": "CSV", "CSVHeaderLocation": "FIRST_ROW", "CSVDelimiter": "PIPE"});
        let items = read_items(&s, &get("f.csv", cfg, Some(1))).unwrap_or_default();
        assert_eq!(items, vec![json!({"k": "a|b", "v": "say \"hi\""})]);
    }

    #[test]
    fn reader_errors_are_item_reader_failed() {
        let s = store_with("f.json", "{\"a\": 1}");
        let e = read_items(&s, &get("f.json", json!({"InputType": "JSON"}), None));
        assert_eq!(
            e.err().map(|f| f.error),
            Some(ITEM_READER_FAILED.to_owned())
        );
        let e = read_items(&s, &get("missing", json!({}), None));
        assert_eq!(
            e.err().map(|f| f.error),
            Some(ITEM_READER_FAILED.to_owned())
        );
        let dup =
            json!({"InputType": "CSV", "CSVHeaderLocation": "GIVEN", "CSVHeaders": ["a", "a"]});
        let e = read_items(&s, &get("f.json", dup, None));
        assert_eq!(
            e.err().map(|f| f.cause),
            Some("CSV headers cannot contain duplicates.".to_owned())
        );
    }

    #[test]
    fn jsonl_and_listing() {
        let s = store_with("p/1.jsonl", "{\"a\":1}\n\n{\"a\":2}\n");
        let items = read_items(&s, &get("p/1.jsonl", json!({"InputType": "JSONL"}), None));
        assert_eq!(
            items.unwrap_or_default(),
            vec![json!({"a": 1}), json!({"a": 2})]
        );
        let list = ReaderRequest {
            resource: "arn:aws:states:::s3:listObjectsV2".to_owned(),
            params: json!({"Bucket": "b", "Prefix": "p/"}),
            ..ReaderRequest::default()
        };
        let items = read_items(&s, &list).unwrap_or_default();
        assert_eq!(items[0]["Key"], "p/1.jsonl");
        assert_eq!(items[0]["Size"], 17);
    }

    #[test]
    fn inventory_manifests_list_their_csv_files() {
        let s = store_with(
            "inv/manifest.json",
            r#"{"destinationBucket": "arn:aws:s3:::b", "fileFormat": "CSV",
                "fileSchema": "Bucket, Key, Size", "files": [{"key": "inv/data/1.csv"}]}"#,
        );
        s.put(
            "b",
            "inv/data/1.csv",
            b"src,a.txt,3\nsrc,b.txt,4\n".to_vec(),
            DateTime::<Utc>::UNIX_EPOCH,
        );
        let items = read_items(
            &s,
            &get("inv/manifest.json", json!({"InputType": "MANIFEST"}), None),
        );
        assert_eq!(
            items.unwrap_or_default(),
            vec![
                json!({"Bucket": "src", "Key": "a.txt", "Size": "3"}),
                json!({"Bucket": "src", "Key": "b.txt", "Size": "4"})
            ]
        );
    }

    #[test]
    fn gzip_inventory_files_are_read_uncompressed() {
        use std::io::Write;
        let s = store_with(
            "inv/manifest.json",
            r#"{"destinationBucket": "arn:aws:s3:::b", "fileFormat": "CSV",
                "fileSchema": "Bucket, Key", "files": [{"key": "inv/data/1.csv.gz"}]}"#,
        );
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(b"src,a.txt\nsrc,b.txt\n").unwrap_or_default();
        let body = gz.finish().unwrap_or_default();
        s.put("b", "inv/data/1.csv.gz", body, DateTime::<Utc>::UNIX_EPOCH);
        let items = read_items(
            &s,
            &get(
                "inv/manifest.json",
                json!({"InputType": "MANIFEST"}),
                Some(1),
            ),
        );
        assert_eq!(
            items.unwrap_or_default(),
            vec![json!({"Bucket": "src", "Key": "a.txt"})]
        );
        // Not gzip after all: a clear reader failure, no panic.
        s.put(
            "b",
            "inv/data/1.csv.gz",
            vec![0x1f, 0x8b, 0, 1],
            DateTime::<Utc>::UNIX_EPOCH,
        );
        let e = read_items(
            &s,
            &get("inv/manifest.json", json!({"InputType": "MANIFEST"}), None),
        );
        assert!(e.is_err_and(|f| f.error == ITEM_READER_FAILED && f.cause.contains("gzip")));
    }

    #[test]
    fn items_pointer_picks_the_array_inside_a_json_object() {
        let s = store_with("o.json", r#"{"data": {"rows": [{"id": 1}, {"id": 2}]}}"#);
        let read = |ptr: &str| {
            read_items(
                &s,
                &get(
                    "o.json",
                    json!({"InputType": "JSON", "ItemsPointer": ptr}),
                    None,
                ),
            )
        };
        assert_eq!(
            read("/data/rows").unwrap_or_default(),
            vec![json!({"id": 1}), json!({"id": 2})]
        );
        assert!(read("/data/missing").is_err_and(|f| f.error == ITEM_READER_FAILED));
        assert!(read("/data").is_err_and(|f| f.cause.contains("non-iterable")));
    }

    #[test]
    fn flatten_spreads_array_outputs() {
        let t = DateTime::<Utc>::UNIX_EPOCH;
        let r = |o: Value| ChildResult {
            execution_arn: "arn:x".to_owned(),
            name: "n".to_owned(),
            input: Value::Null,
            output: Some(o),
            error: None,
            cause: None,
            status: "SUCCEEDED",
            start: t,
            stop: t,
            state_machine_arn: "arn:sm".to_owned(),
        };
        let rs = [r(json!([1, 2])), r(json!(3))];
        assert_eq!(inline_results(&rs, "FLATTEN"), json!([1, 2, 3]));
        assert_eq!(inline_results(&rs, "COMPACT"), json!([[1, 2], 3]));
    }

    #[test]
    fn batches_by_count_and_bytes() {
        let items: Vec<Value> = (0..5).map(|i| json!(i)).collect();
        let b = Batching {
            max_items: 2,
            ..Batching::default()
        };
        let out = batch_items(items.clone(), &b);
        assert_eq!(out.len(), 3);
        assert_eq!(out[2], json!({"Items": [4]}));
        let b = Batching {
            max_bytes: 16,
            batch_input: Some(json!({"k": 1})),
            ..Batching::default()
        };
        // Every batch holds at least one item, even over the byte limit.
        let out = batch_items(items, &b);
        assert_eq!(out.len(), 5);
        assert_eq!(out[0], json!({"BatchInput": {"k": 1}, "Items": [0]}));
    }

    #[test]
    fn writes_manifest_and_result_files() {
        let s = ObjectStore::new();
        let t = DateTime::<Utc>::UNIX_EPOCH;
        let r = ChildResult {
            execution_arn: "arn:x".to_owned(),
            name: "n".to_owned(),
            input: json!(1),
            output: Some(json!(2)),
            error: None,
            cause: None,
            status: "SUCCEEDED",
            start: t,
            stop: t,
            state_machine_arn: "arn:sm".to_owned(),
        };
        let req = WriterRequest {
            bucket: "out".to_owned(),
            prefix: "res".to_owned(),
            output_type: "JSON".to_owned(),
            transformation: "NONE".to_owned(),
        };
        let v = write_results(&s, &req, "arn:aws:states:r:1:mapRun:sm/l:RUN", &[r], t);
        let v = v.unwrap_or_default();
        assert_eq!(v["ResultWriterDetails"]["Key"], "res/RUN/manifest.json");
        let keys: Vec<String> = s
            .list("out", "res/RUN/")
            .into_iter()
            .map(|(k, _)| k)
            .collect();
        assert_eq!(keys, ["res/RUN/SUCCEEDED_0.json", "res/RUN/manifest.json"]);
    }
}
