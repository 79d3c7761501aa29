//! The control endpoints of the mock object store that Distributed Maps read and write:
//!
//! - `PUT /_passo/objects/{bucket}/{key}`: store the request body as the object;
//! - `GET /_passo/objects/{bucket}/{key}`: the object's bytes (404 when absent);
//! - `DELETE /_passo/objects/{bucket}/{key}`;
//! - `GET /_passo/objects/{bucket}`: the bucket's objects as a ListObjectsV2-like JSON list;
//! - `POST /_passo/objects`: many at once, `{"Objects": [{"Bucket", "Key", "Body"}]}` where a
//!   string `Body` is stored as is and any other JSON value as its JSON text.
//!
//! Owns only the HTTP shape; the objects live in the engine's store.

use bytes::Bytes;
use serde_json::{json, Value};

use super::wire::Reply;
use super::Service;
use crate::integrations::objects::listing_entry;

/// The path prefix of these endpoints.
pub const PREFIX: &str = "/_passo/objects";

fn json_reply(status: u16, body: Value) -> Reply {
    Reply {
        status,
        content_type: "application/json",
        body: Bytes::from(body.to_string()),
        operation: None,
    }
}

/// `%2F` and friends in a key.
fn decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        match (
            b[i],
            b.get(i + 1).copied().and_then(hex),
            b.get(i + 2).copied().and_then(hex),
        ) {
            (b'%', Some(h), Some(l)) => {
                out.push((h * 16 + l) as u8);
                i += 3;
            }
            (c, _, _) => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Answers a request under [`PREFIX`] (`rest` is the path after it).
pub fn handle(svc: &Service, method: &str, rest: &str, body: &[u8]) -> Reply {
    let engine = svc.engine();
    let store = &engine.distributed().objects;
    let path = rest.trim_start_matches('/');
    if path.is_empty() {
        if method != "POST" {
            return json_reply(405, json!({"message": "use POST /_passo/objects"}));
        }
        let Ok(v) = serde_json::from_slice::<Value>(body) else {
            return json_reply(400, json!({"message": "the body must be JSON"}));
        };
        return match store.put_document(&v, engine.now()) {
            Ok(n) => json_reply(200, json!({"stored": n})),
            Err(message) => json_reply(400, json!({ "message": message })),
        };
    }
    let (bucket, key) = match path.split_once('/') {
        Some((b, k)) if !k.is_empty() => (decode(b), Some(decode(k))),
        Some((b, _)) => (decode(b), None),
        None => (decode(path), None),
    };
    match (method, key) {
        ("GET", None) => {
            let contents: Vec<Value> = store
                .list(&bucket, "")
                .iter()
                .map(|(k, o)| listing_entry(k, o))
                .collect();
            json_reply(200, json!({"Bucket": bucket, "Contents": contents}))
        }
        ("PUT", Some(k)) => {
            store.put(&bucket, &k, body.to_vec(), engine.now());
            json_reply(200, json!({"Bucket": bucket, "Key": k, "Size": body.len()}))
        }
        ("GET", Some(k)) => match store.get(&bucket, &k) {
            Some(o) => Reply {
                status: 200,
                content_type: "application/octet-stream",
                body: Bytes::from(o.body.to_vec()),
                operation: None,
            },
            None => json_reply(404, json!({"message": format!("no object {bucket}/{k}")})),
        },
        ("DELETE", Some(k)) => match store.delete(&bucket, &k) {
            Some(_) => json_reply(200, json!({"deleted": k})),
            None => json_reply(404, json!({"message": format!("no object {bucket}/{k}")})),
        },
        _ => json_reply(
            405,
            json!({"message": format!("{method} is not allowed here")}),
        ),
    }
}
