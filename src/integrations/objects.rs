//! The mock object store: S3-shaped buckets of objects that a Distributed Map's `ItemReader`
//! reads and its `ResultWriter` writes. Objects come from the control API
//! (`PUT /_passo/objects/{bucket}/{key}`), from mock files, or from a conformance case's
//! recorded `s3.put_object` set-up calls.
//!
//! Owns the objects only. It knows nothing of ASL or executions, never touches the network and
//! never reads the wall clock: callers pass the modification time. On a durable store
//! (`passo serve --data`) every object is also kept there, so a restarted server still has
//! what a running Distributed Map reads.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, OnceLock};

use base64::Engine as _;

use chrono::{DateTime, SecondsFormat, Utc};
use md5::{Digest, Md5};
use serde_json::{json, Value};

use crate::store::Store;

/// The store collection that keeps objects, keyed `<bucket>/<key>`.
const OBJECTS: &str = "objects";

/// One stored object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Object {
    pub body: Arc<Vec<u8>>,
    /// `"<md5 hex>"`, quotes included, as S3 reports a single-part upload's ETag.
    pub etag: String,
    pub last_modified: DateTime<Utc>,
}

/// Buckets of objects, keyed `(bucket, key)` in key order (ListObjectsV2 order).
#[derive(Default)]
pub struct ObjectStore {
    objects: Mutex<BTreeMap<(String, String), Object>>,
    keeper: OnceLock<Arc<dyn Store>>,
}

impl std::fmt::Debug for ObjectStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ObjectStore")
            .field("objects", &lock(&self.objects).len())
            .finish()
    }
}

fn object_doc(bucket: &str, key: &str, obj: &Object) -> Value {
    json!({
        "bucket": bucket,
        "key": key,
        "body": base64::engine::general_purpose::STANDARD.encode(obj.body.as_slice()),
        "lastModified": obj.last_modified.to_rfc3339_opts(SecondsFormat::Millis, true),
    })
}

/// `(bucket, key, body, last modified)` of a kept object.
fn from_doc(doc: &Value) -> Option<(String, String, Vec<u8>, DateTime<Utc>)> {
    let text = |k: &str| doc.get(k).and_then(Value::as_str);
    let body = base64::engine::general_purpose::STANDARD
        .decode(text("body")?)
        .ok()?;
    let at = DateTime::parse_from_rfc3339(text("lastModified")?).ok()?;
    Some((
        text("bucket")?.to_owned(),
        text("key")?.to_owned(),
        body,
        at.with_timezone(&Utc),
    ))
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl ObjectStore {
    pub fn new() -> ObjectStore {
        ObjectStore::default()
    }

    /// Keeps objects in `store` from now on, when it is durable, and reads back those it has.
    pub fn attach(&self, store: Arc<dyn Store>) {
        if !store.is_durable() {
            return;
        }
        for (_, doc) in store.list_docs(OBJECTS) {
            if let Some((bucket, key, body, at)) = from_doc(&doc) {
                self.put(&bucket, &key, body, at);
            }
        }
        let _ = self.keeper.set(store);
    }

    /// Stores (or replaces) an object.
    pub fn put(&self, bucket: &str, key: &str, body: Vec<u8>, at: DateTime<Utc>) {
        let etag = format!("\"{:x}\"", Md5::digest(&body));
        let obj = Object {
            body: Arc::new(body),
            etag,
            last_modified: at,
        };
        if let Some(store) = self.keeper.get() {
            store.put_doc(
                OBJECTS,
                &format!("{bucket}/{key}"),
                object_doc(bucket, key, &obj),
            );
        }
        lock(&self.objects).insert((bucket.to_owned(), key.to_owned()), obj);
    }

    pub fn get(&self, bucket: &str, key: &str) -> Option<Object> {
        lock(&self.objects)
            .get(&(bucket.to_owned(), key.to_owned()))
            .cloned()
    }

    pub fn delete(&self, bucket: &str, key: &str) -> Option<Object> {
        if let Some(store) = self.keeper.get() {
            store.delete_doc(OBJECTS, &format!("{bucket}/{key}"));
        }
        lock(&self.objects).remove(&(bucket.to_owned(), key.to_owned()))
    }

    /// Whether any object lives in `bucket` (a bucket exists while it holds objects).
    pub fn has_bucket(&self, bucket: &str) -> bool {
        lock(&self.objects)
            .range((bucket.to_owned(), String::new())..)
            .next()
            .is_some_and(|((b, _), _)| b == bucket)
    }

    /// The keys of `bucket` starting with `prefix`, in key order, with their objects.
    pub fn list(&self, bucket: &str, prefix: &str) -> Vec<(String, Object)> {
        lock(&self.objects)
            .range((bucket.to_owned(), prefix.to_owned())..)
            .take_while(|((b, k), _)| b == bucket && k.starts_with(prefix))
            .map(|((_, k), o)| (k.clone(), o.clone()))
            .collect()
    }

    /// Stores every object of an objects document, `{"Objects": [{"Bucket", "Key", "Body"}]}`
    /// (the body of `POST /_passo/objects`, or a file of them): a string `Body` is stored as is,
    /// any other JSON value as its JSON text. Returns how many were stored.
    pub fn put_document(&self, doc: &Value, at: DateTime<Utc>) -> Result<usize, String> {
        let list = doc
            .get("Objects")
            .and_then(Value::as_array)
            .ok_or("an objects document needs an \"Objects\" array")?;
        let mut parsed = Vec::new();
        for o in list {
            let text = |k: &str| o.get(k).and_then(Value::as_str);
            let (Some(b), Some(k)) = (text("Bucket"), text("Key")) else {
                return Err("each object needs a Bucket and a Key".to_owned());
            };
            let bytes = match o.get("Body") {
                Some(Value::String(s)) => s.clone().into_bytes(),
                Some(other) => other.to_string().into_bytes(),
                None => Vec::new(),
            };
            parsed.push((b.to_owned(), k.to_owned(), bytes));
        }
        let n = parsed.len();
        for (b, k, bytes) in parsed {
            self.put(&b, &k, bytes, at);
        }
        Ok(n)
    }

    /// Forgets every object.
    pub fn clear(&self) {
        lock(&self.objects).clear();
    }
}

/// One entry of a ListObjectsV2 `Contents` list, as a Distributed Map item shows it.
pub fn listing_entry(key: &str, obj: &Object) -> Value {
    json!({
        "Etag": obj.etag,
        "LastModified": obj.last_modified.to_rfc3339_opts(SecondsFormat::Secs, true),
        "Key": key,
        "Size": obj.body.len(),
        "StorageClass": "STANDARD",
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_example_objects_file_loads() {
        let s = ObjectStore::new();
        let doc: Value =
            serde_json::from_str(include_str!("../../mocks/DistributedMapObjects.json"))
                .unwrap_or_default();
        assert_eq!(s.put_document(&doc, DateTime::<Utc>::UNIX_EPOCH), Ok(3));
        let json = s.get("orders", "2024/orders.json").map(|o| o.body.to_vec());
        assert_eq!(json, Some(br#"[{"id":1},{"id":2},{"id":3}]"#.to_vec()));
        assert!(s
            .put_document(
                &serde_json::json!({"Objects": [{"Key": "k"}]}),
                DateTime::<Utc>::UNIX_EPOCH
            )
            .is_err());
    }

    #[test]
    fn lists_by_bucket_and_prefix_in_key_order() {
        let s = ObjectStore::new();
        let t = DateTime::<Utc>::UNIX_EPOCH;
        s.put("b", "x/2", b"two".to_vec(), t);
        s.put("b", "x/1", b"one".to_vec(), t);
        s.put("b", "y", b"y".to_vec(), t);
        s.put("c", "x/0", b"other bucket".to_vec(), t);
        let keys: Vec<String> = s.list("b", "x/").into_iter().map(|(k, _)| k).collect();
        assert_eq!(keys, ["x/1", "x/2"]);
        assert!(s.has_bucket("c"));
        assert!(!s.has_bucket("a"));
        // S3's ETag of a single-part object is the quoted MD5 of its body.
        assert_eq!(
            s.get("b", "x/1").map(|o| o.etag),
            Some("\"f97c5d29941bfb1b2fdab0874906ab82\"".to_owned())
        );
    }
}
