//! The control plane's own records (state machines, versions, aliases, activities and what an
//! execution remembers of its state machine), kept in the store as JSON documents in named
//! collections. These are passo's storage types, not AWS shapes: responses are built from them
//! in `ops/`.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::api::ApiError;
use crate::store::Store;

pub const STATE_MACHINES: &str = "state_machine";
pub const VERSIONS: &str = "state_machine_version";
pub const ALIASES: &str = "state_machine_alias";
pub const ACTIVITIES: &str = "activity";
pub const EXECUTION_META: &str = "execution_meta";

/// One state machine (its latest revision).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct StateMachineDoc {
    pub arn: String,
    pub name: String,
    /// The definition text exactly as sent.
    pub definition: String,
    pub role_arn: String,
    /// `STANDARD` or `EXPRESS`.
    pub sm_type: String,
    pub logging: Value,
    pub tracing: Value,
    pub creation_ms: i64,
    pub update_ms: i64,
    /// Absent until the first UpdateStateMachine (as AWS reports it).
    pub revision_id: Option<String>,
    /// `ACTIVE` or `DELETING`.
    pub status: String,
    pub tags: Vec<(String, String)>,
    /// The last version number handed out (numbers are never reused).
    pub last_version: u64,
    /// Which version (ARN) publishes each revision (`revision_id` or "" for the first).
    pub version_of_revision: BTreeMap<String, String>,
    /// Creation order, to list aliases as AWS does.
    pub seq: u64,
}

/// One published version: a frozen copy of a revision.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct VersionDoc {
    pub arn: String,
    pub state_machine_arn: String,
    pub number: u64,
    pub name: String,
    pub definition: String,
    pub role_arn: String,
    pub sm_type: String,
    pub logging: Value,
    pub tracing: Value,
    pub revision_id: Option<String>,
    pub description: Option<String>,
    pub creation_ms: i64,
}

/// One routing entry of an alias.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct Route {
    pub state_machine_version_arn: String,
    pub weight: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct AliasDoc {
    pub arn: String,
    pub state_machine_arn: String,
    pub name: String,
    pub description: Option<String>,
    pub routing: Vec<Route>,
    pub creation_ms: i64,
    pub update_ms: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ActivityDoc {
    pub arn: String,
    pub name: String,
    pub creation_ms: i64,
    pub tags: Vec<(String, String)>,
}

/// What an execution keeps of the state machine it ran (DescribeStateMachineForExecution).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ExecutionMetaDoc {
    pub state_machine_arn: String,
    pub name: String,
    pub definition: String,
    pub role_arn: String,
    pub logging: Value,
    pub tracing: Value,
    pub update_ms: i64,
    pub revision_id: Option<String>,
    pub express: bool,
}

/// Reads a record; a document that no longer parses is a bug, reported as an internal error.
pub fn get<T: DeserializeOwned>(
    store: &dyn Store,
    collection: &str,
    key: &str,
) -> Result<Option<T>, ApiError> {
    store
        .get_doc(collection, key)
        .map(|doc| serde_json::from_value(doc).map_err(|e| corrupt(collection, key, &e)))
        .transpose()
}

/// Writes a record.
pub fn put<T: Serialize>(
    store: &dyn Store,
    collection: &str,
    key: &str,
    record: &T,
) -> Result<(), ApiError> {
    let doc = serde_json::to_value(record).map_err(|e| corrupt(collection, key, &e))?;
    store.put_doc(collection, key, doc);
    Ok(())
}

/// Every record of a collection, in insertion order.
pub fn list<T: DeserializeOwned>(store: &dyn Store, collection: &str) -> Result<Vec<T>, ApiError> {
    store
        .list_docs(collection)
        .into_iter()
        .map(|(key, doc)| serde_json::from_value(doc).map_err(|e| corrupt(collection, &key, &e)))
        .collect()
}

fn corrupt(collection: &str, key: &str, e: &serde_json::Error) -> ApiError {
    ApiError::internal(format!(
        "stored {collection} record '{key}' is unreadable: {e}"
    ))
}

/// Milliseconds since the epoch, as records keep dates.
pub fn millis(t: DateTime<Utc>) -> i64 {
    t.timestamp_millis()
}

/// A date as AWS JSON 1.0 puts it on the wire: epoch seconds with milliseconds.
pub fn wire_ms(ms: i64) -> Value {
    Value::from(ms as f64 / 1000.0)
}

/// A date as AWS JSON 1.0 puts it on the wire.
pub fn wire_date(t: DateTime<Utc>) -> Value {
    wire_ms(t.timestamp_millis())
}
