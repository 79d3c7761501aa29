//! Helpers for engine tests: build an engine on a memory store, run a definition, and render
//! histories compactly for assertions.
#![allow(dead_code, reason = "each test file uses a subset")]

use std::sync::Arc;

use chrono::{DateTime, TimeZone, Utc};
use passo::engine::{Engine, EngineConfig, StartRequest, TimeMode};
use passo::store::{ExecutionRecord, HistoryEvent, MemoryStore};
use serde_json::Value;

pub const SM_ARN: &str = "arn:aws:states:us-east-1:123456789012:stateMachine:sm";

pub fn epoch() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0)
        .single()
        .expect("valid date")
}

pub fn engine_with(time: TimeMode) -> Engine {
    let config = EngineConfig {
        seed: 7,
        epoch: Some(epoch()),
        time,
        ..EngineConfig::default()
    };
    Engine::new(config, Arc::new(MemoryStore::new()))
}

pub fn engine() -> Engine {
    engine_with(TimeMode::Virtual)
}

pub fn request(definition: &str, input: &str, name: &str) -> StartRequest {
    let plan = passo::asl::compile(definition).expect("definition compiles");
    StartRequest {
        execution_arn: format!("arn:aws:states:us-east-1:123456789012:execution:sm:{name}"),
        state_machine_arn: SM_ARN.to_owned(),
        state_machine_name: "sm".to_owned(),
        state_machine_version_arn: None,
        state_machine_alias_arn: None,
        name: name.to_owned(),
        plan,
        input: input.to_owned(),
        role_arn: "arn:aws:iam::123456789012:role/r".to_owned(),
        trace_header: None,
        express: false,
    }
}

/// Starts, waits, and returns the final record and history.
pub async fn run_on(
    engine: &Engine,
    definition: &str,
    input: &str,
) -> (ExecutionRecord, Vec<HistoryEvent>) {
    let req = request(definition, input, "exec");
    let arn = req.execution_arn.clone();
    engine.start(req).expect("starts");
    let rec = engine.wait(&arn).await.expect("known execution");
    let hist = engine.store().history(&arn).expect("history");
    (rec, hist)
}

pub async fn run(definition: &str, input: &str) -> (ExecutionRecord, Vec<HistoryEvent>) {
    run_on(&engine(), definition, input).await
}

/// `id:prev:Type` per event, for compact assertions on shape and links.
pub fn shape(hist: &[HistoryEvent]) -> Vec<String> {
    hist.iter()
        .map(|e| format!("{}:{}:{}", e.id, e.previous_event_id, e.event_type))
        .collect()
}

pub fn detail(e: &HistoryEvent, key: &str) -> Option<Value> {
    e.details
        .as_ref()?
        .get(key)
        .map(std::borrow::Cow::into_owned)
}

/// Walks up from the crate root to find `shared/conformance/aws-recordings`.
pub fn recordings_dir() -> Option<std::path::PathBuf> {
    let mut dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    loop {
        let candidate = dir.join("shared/conformance/aws-recordings");
        if candidate.is_dir() {
            return Some(candidate);
        }
        if !dir.pop() {
            return None;
        }
    }
}
