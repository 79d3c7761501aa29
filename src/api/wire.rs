//! The AWS JSON 1.0 protocol: `POST /` with `X-Amz-Target: AWSStepFunctions.<Op>` and a JSON
//! body in, a JSON body or an AWS error out. Decodes once, answers once; knows nothing of
//! hyper (see [`super::server`]) and nothing of what operations do (see [`super::ops`]).
//!
//! The checks run in the order AWS's front end runs them: method and content type, then the
//! body's JSON, then the target, then the body's shape.

use bytes::Bytes;
use serde_json::Value;

use super::model::Operation;
use super::{ApiError, Service};

/// The one content type AWS JSON 1.0 speaks.
pub const CONTENT_TYPE: &str = "application/x-amz-json-1.0";
const TARGET_PREFIX: &str = "AWSStepFunctions.";

/// A response before it becomes HTTP.
#[derive(Debug, Clone, PartialEq)]
pub struct Reply {
    pub status: u16,
    pub content_type: &'static str,
    pub body: Bytes,
    /// The operation answered, for the request log.
    pub operation: Option<String>,
}

impl Reply {
    fn json(status: u16, body: &Value, operation: Option<String>) -> Reply {
        Reply {
            status,
            content_type: CONTENT_TYPE,
            body: Bytes::from(body.to_string()),
            operation,
        }
    }

    fn error(e: &ApiError, operation: Option<String>) -> Reply {
        Reply::json(e.status, &e.body(), operation)
    }
}

/// The front end's answer to a request it cannot route at all (wrong method or content type).
fn unroutable() -> Reply {
    Reply {
        status: 404,
        content_type: "application/xml",
        body: Bytes::from_static(b"<UnknownOperationException/>\n"),
        operation: None,
    }
}

/// Whether a `Content-Type` is one AWS JSON 1.0 accepts. `application/json` is accepted too
/// (hand-written clients send it); parameters such as `charset` are ignored.
fn accepted_content_type(value: &str) -> bool {
    let mime = value.split(';').next().unwrap_or("").trim();
    mime.eq_ignore_ascii_case(CONTENT_TYPE) || mime.eq_ignore_ascii_case("application/json")
}

/// The region of a SigV4 `Authorization` header
/// (`AWS4-HMAC-SHA256 Credential=AKID/20240101/eu-west-1/states/aws4_request, ...`), when it
/// looks like a region.
pub fn signed_region(authorization: &str) -> Option<&str> {
    let scope = authorization.split("Credential=").nth(1)?;
    let scope = scope.split([',', ' ']).next()?;
    let region = scope.split('/').nth(2)?;
    let plausible = !region.is_empty()
        && region.len() <= 32
        && region
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    plausible.then_some(region)
}

/// Answers one AWS API request.
///
/// `authorization` is the `Authorization` header: the region of its SigV4 credential scope
/// becomes the region of new resources' ARNs.
pub async fn handle(
    svc: &Service,
    method: &http::Method,
    content_type: Option<&str>,
    target: Option<&str>,
    authorization: Option<&str>,
    body: &[u8],
) -> Reply {
    if method != http::Method::POST {
        return unroutable();
    }
    match content_type {
        Some(ct) if accepted_content_type(ct) => {}
        None if body.is_empty() => {}
        _ => return unroutable(),
    }
    let parsed: Option<Value> = if body.is_empty() {
        None
    } else {
        match serde_json::from_slice(body) {
            Ok(v) => Some(v),
            Err(_) => return Reply::error(&ApiError::serialization(), None),
        }
    };
    let op = match target.and_then(|t| t.strip_prefix(TARGET_PREFIX)) {
        Some(op) if Operation::from_name(op).is_some() => op.to_owned(),
        _ => return Reply::error(&ApiError::unknown_operation(target.unwrap_or("")), None),
    };
    // An empty body is not JSON; any other value goes to the model check, which answers
    // AWS's SerializationException texts for non-objects.
    let Some(input) = parsed else {
        return Reply::error(&ApiError::serialization(), Some(op));
    };
    let region = authorization.and_then(signed_region);
    match svc.call_in(region, &op, input).await {
        Ok(out) => Reply::json(200, &out, Some(op)),
        Err(e) => Reply::error(&e, Some(op)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::EngineConfig;
    use crate::Emulator;

    async fn send(ct: Option<&str>, target: Option<&str>, body: &str) -> Reply {
        let emu = Emulator::new(EngineConfig::default());
        handle(
            emu.service(),
            &http::Method::POST,
            ct,
            target,
            None,
            body.as_bytes(),
        )
        .await
    }

    fn body(r: &Reply) -> Value {
        serde_json::from_slice(&r.body).unwrap_or(Value::Null)
    }

    #[test]
    fn reads_the_signed_region() {
        let auth = "AWS4-HMAC-SHA256 Credential=AKID/20240101/eu-west-1/states/aws4_request, SignedHeaders=host, Signature=x";
        assert_eq!(signed_region(auth), Some("eu-west-1"));
        assert_eq!(signed_region("Bearer x"), None);
        assert_eq!(
            signed_region("AWS4-HMAC-SHA256 Credential=A/B/Eu:1/s/t"),
            None
        );
    }

    #[tokio::test]
    async fn malformed_json_is_a_serialization_exception() {
        let r = send(
            Some(CONTENT_TYPE),
            Some("AWSStepFunctions.ListActivities"),
            "{",
        )
        .await;
        assert_eq!(r.status, 400);
        assert_eq!(
            body(&r),
            serde_json::json!({"__type": "com.amazon.coral.service#SerializationException"})
        );
    }

    #[tokio::test]
    async fn unknown_and_missing_targets() {
        for target in [
            None,
            Some("AWSStepFunctions.Nope"),
            Some("Other.ListActivities"),
        ] {
            let r = send(Some(CONTENT_TYPE), target, "{}").await;
            assert_eq!(r.status, 400);
            assert_eq!(
                body(&r)["__type"],
                "com.amazon.coral.service#UnknownOperationException"
            );
        }
    }

    #[tokio::test]
    async fn wrong_content_type_is_unroutable() {
        let r = send(
            Some("text/plain"),
            Some("AWSStepFunctions.ListActivities"),
            "{}",
        )
        .await;
        assert_eq!(r.status, 404);
    }

    #[tokio::test]
    async fn answers_a_listing() {
        let r = send(
            Some("application/x-amz-json-1.0; charset=utf-8"),
            Some("AWSStepFunctions.ListActivities"),
            "{}",
        )
        .await;
        assert_eq!(
            (r.status, body(&r)),
            (200, serde_json::json!({"activities": []}))
        );
    }

    #[tokio::test]
    async fn every_model_operation_is_served() {
        // Each of the 37 operations reaches its handler: an empty input gets that operation's
        // own answer (a listing, or a validation error), never UnknownOperationException.
        for op in crate::api::model::operations::Operation::ALL {
            let target = format!("AWSStepFunctions.{}", op.name());
            let r = send(Some(CONTENT_TYPE), Some(&target), "{}").await;
            assert_ne!(
                body(&r)["__type"],
                "com.amazon.coral.service#UnknownOperationException",
                "{target}"
            );
        }
    }
}
