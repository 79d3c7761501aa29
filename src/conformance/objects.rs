//! The S3 objects a recorded case sets up (its `setup_calls` of `s3.put_object`, which a
//! Distributed Map's ItemReader reads), fed into the emulator's mock object store before the
//! replay. Owns only that translation; it never runs executions.

use serde_json::{json, Value};

use super::case::Case;
use crate::Emulator;

/// `(bucket, key, body)` of every recorded `s3.put_object` set-up call, in order.
pub fn s3_objects(case: &Case) -> Vec<(String, String, Vec<u8>)> {
    let calls = case.get("setup_calls").and_then(Value::as_array);
    calls
        .into_iter()
        .flatten()
        .filter(|c| {
            c.get("service").and_then(Value::as_str) == Some("s3")
                && c.get("op").and_then(Value::as_str) == Some("put_object")
        })
        .filter_map(|c| {
            let p = c.get("params")?;
            let text = |k: &str| p.get(k).and_then(Value::as_str).map(str::to_owned);
            let body = match p.get("Body") {
                Some(Value::String(s)) => s.clone().into_bytes(),
                Some(other) => other.to_string().into_bytes(),
                None => Vec::new(),
            };
            Some((text("Bucket")?, text("Key")?, body))
        })
        .collect()
}

/// A case that calls no service itself but reads S3 objects it set up: it replays on a mock
/// file with no mocked states.
pub fn object_only_mock_config(case: &Case, machine: &str) -> Option<Value> {
    let no_responses = case
        .get("service_responses")
        .and_then(Value::as_array)
        .is_none_or(Vec::is_empty);
    (no_responses && !s3_objects(case).is_empty()).then(|| {
        json!({
            "StateMachines": { machine: {"TestCases": { super::mocks::TEST_CASE: {} }} },
            "MockedResponses": {},
        })
    })
}

/// Puts the case's S3 objects into the emulator's object store.
pub fn seed(emu: &Emulator, case: &Case) {
    let engine = emu.service().engine();
    let now = engine.now();
    for (bucket, key, body) in s3_objects(case) {
        engine.distributed().objects.put(&bucket, &key, body, now);
    }
}
