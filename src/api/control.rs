//! passo's own control endpoints under `/_passo/`, outside the AWS API: health (for container
//! health checks) and reset. The clock and mocks endpoints come with later work.

use bytes::Bytes;
use serde_json::json;

use super::wire::Reply;
use super::Service;

/// The path prefix of the control endpoints.
pub const PREFIX: &str = "/_passo/";

/// Answers one control request.
pub fn handle(svc: &Service, method: &http::Method, path: &str) -> Reply {
    let (status, body) = match (method.as_str(), path.trim_end_matches('/')) {
        ("GET", "/_passo/health") => (200, json!({"status": "ok"})),
        ("POST", "/_passo/reset") => {
            svc.reset();
            (200, json!({"status": "reset"}))
        }
        _ => (
            404,
            json!({"message": format!("no control endpoint {method} {path}")}),
        ),
    };
    Reply {
        status,
        content_type: "application/json",
        body: Bytes::from(body.to_string()),
        operation: None,
    }
}
