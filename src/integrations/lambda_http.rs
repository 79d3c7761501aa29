//! Lambda over HTTP: `--lambda-endpoint URL` sends Lambda Invoke calls (Lambda function ARNs
//! used directly, and `arn:aws:states:::lambda:invoke`) to a real endpoint speaking the Lambda
//! Invoke API (`POST /2015-03-31/functions/{name}/invocations`), such as `sam local start-lambda`.
//!
//! Answers as Step Functions does:
//! - success: the payload (direct ARN), or the `lambda:invoke` envelope (`ExecutedVersion`,
//!   `Payload`, `SdkHttpMetadata`, `SdkResponseMetadata`, `StatusCode`);
//! - `X-Amz-Function-Error` (handled or unhandled): error = the body's `errorType`
//!   (`Lambda.Unknown` without one), cause = the body;
//! - an error status from the endpoint: `Lambda.<errorType>` with the Java SDK's message shape;
//! - no answer within the Task's `TimeoutSeconds` (real time: the call is real): `States.Timeout`;
//! - no connection: `Lambda.ServiceException` naming the endpoint.
//!
//! The call is external: the execution's clock holds while it is in flight. Owns the HTTP call
//! and the answer shapes only.

use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use serde_json::{json, Value};

use crate::engine::{TaskOutcome, TaskRequest};

/// One Invoke call: which function, with what payload, and whether the `lambda:invoke` envelope
/// wraps the answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Invoke {
    /// The function name (the `NAME` of an ARN), as endpoints like SAM local expect it.
    pub function: String,
    pub qualifier: Option<String>,
    /// The request body (JSON text).
    pub payload: String,
    /// `lambda:invoke` (envelope) rather than a function ARN (bare payload).
    pub envelope: bool,
    /// `RequestResponse` (the default), `Event` or `DryRun` (`InvocationType` of `lambda:invoke`).
    pub invocation_type: String,
}

/// `NAME` and the qualifier from `NAME`, `NAME:QUALIFIER`, or a (partial) function ARN.
fn split_function(name: &str) -> (String, Option<String>) {
    let rest = match name.find("function:") {
        Some(i) => &name[i + "function:".len()..],
        None => name,
    };
    match rest.split_once(':') {
        Some((n, q)) => (n.to_owned(), Some(q.to_owned())),
        None => (rest.to_owned(), None),
    }
}

impl Invoke {
    /// The call a Task makes: `Resource` a function ARN (the effective input is the payload) or
    /// `lambda:invoke` (`FunctionName`, `Payload`, `Qualifier` from the parameters).
    pub fn from_task(req: &TaskRequest, envelope: bool) -> Result<Invoke, String> {
        if !envelope {
            let (function, qualifier) = split_function(&req.resource);
            return Ok(Invoke {
                function,
                qualifier,
                payload: crate::asl::io::to_text(&req.parameters),
                envelope,
                invocation_type: "RequestResponse".to_owned(),
            });
        }
        let name = req
            .parameters
            .get("FunctionName")
            .and_then(Value::as_str)
            .ok_or("the parameters have no FunctionName string")?;
        let (function, mut qualifier) = split_function(name);
        if let Some(q) = req.parameters.get("Qualifier").and_then(Value::as_str) {
            qualifier = Some(q.to_owned());
        }
        let payload = match req.parameters.get("Payload") {
            None => String::new(),
            Some(v) => crate::asl::io::to_text(v),
        };
        let invocation_type = req
            .parameters
            .get("InvocationType")
            .and_then(Value::as_str)
            .unwrap_or("RequestResponse")
            .to_owned();
        Ok(Invoke {
            function,
            qualifier,
            payload,
            envelope,
            invocation_type,
        })
    }

    fn url(&self, endpoint: &str) -> String {
        let mut url = format!(
            "{}/2015-03-31/functions/{}/invocations",
            endpoint.trim_end_matches('/'),
            self.function
        );
        if let Some(q) = &self.qualifier {
            url.push_str("?Qualifier=");
            url.push_str(q);
        }
        url
    }
}

/// What came back over HTTP.
struct Answer {
    status: u16,
    function_error: Option<String>,
    error_type: Option<String>,
    request_id: Option<String>,
    version: Option<String>,
    body: Bytes,
}

async fn post(endpoint: &str, call: &Invoke) -> Result<Answer, String> {
    let client: Client<_, Full<Bytes>> =
        Client::builder(TokioExecutor::new()).build_http::<Full<Bytes>>();
    let request = http::Request::post(call.url(endpoint))
        .header("content-type", "application/json")
        .header("x-amz-invocation-type", call.invocation_type.as_str())
        .body(Full::new(Bytes::from(call.payload.clone())))
        .map_err(|e| e.to_string())?;
    let response = client.request(request).await.map_err(|e| {
        use std::error::Error;
        match e.source() {
            Some(s) => format!("{e}: {s}"),
            None => e.to_string(),
        }
    })?;
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let status = response.status().as_u16();
    let function_error = header("x-amz-function-error");
    let error_type = header("x-amzn-errortype");
    let request_id = header("x-amzn-requestid");
    let version = header("x-amz-executed-version");
    let body = response
        .into_body()
        .collect()
        .await
        .map_err(|e| e.to_string())?
        .to_bytes();
    Ok(Answer {
        status,
        function_error,
        error_type,
        request_id,
        version,
        body,
    })
}

/// The task's outcome for an Invoke through `endpoint`, waiting at most `timeout` (real time).
pub async fn invoke(endpoint: String, call: Invoke, timeout: Option<Duration>) -> TaskOutcome {
    let answer = match timeout {
        Some(t) => match tokio::time::timeout(t, post(&endpoint, &call)).await {
            Ok(a) => a,
            Err(_) => return TaskOutcome::TimedOut,
        },
        None => post(&endpoint, &call).await,
    };
    match answer {
        Ok(a) => outcome(&call, a),
        Err(e) => TaskOutcome::Failed {
            error: "Lambda.ServiceException".to_owned(),
            cause: Some(format!(
                "passo: could not invoke the function '{}' at the Lambda endpoint {endpoint}: {e}",
                call.function
            )),
        },
    }
}

fn outcome(call: &Invoke, a: Answer) -> TaskOutcome {
    let text = String::from_utf8_lossy(&a.body).into_owned();
    // An `Event` invocation answers 202 with no body: Step Functions shows `Payload: ""`.
    let payload: Value = if text.trim().is_empty() {
        if a.status == 202 {
            Value::String(String::new())
        } else {
            Value::Null
        }
    } else {
        serde_json::from_str(&text).unwrap_or_else(|_| Value::String(text.clone()))
    };
    let request_id = a.request_id.clone().unwrap_or_default();
    if !(200..300).contains(&a.status) {
        // The Invoke API refused the call (unknown function, throttling, ...).
        let code = a
            .error_type
            .as_deref()
            .map(|t| t.split(':').next().unwrap_or(t).to_owned())
            .or_else(|| {
                payload
                    .get("Type")
                    .or_else(|| payload.get("__type"))
                    .and_then(Value::as_str)
                    .map(|t| t.rsplit('#').next().unwrap_or(t).to_owned())
            })
            .unwrap_or_else(|| "ServiceException".to_owned());
        let message = payload
            .get("message")
            .or_else(|| payload.get("Message"))
            .and_then(Value::as_str)
            .map(str::to_owned)
            .unwrap_or(text);
        return TaskOutcome::Failed {
            error: format!("Lambda.{code}"),
            cause: Some(format!(
                "{message} (Service: AWSLambda; Status Code: {}; Error Code: {code}; Request ID: \
                 {request_id}; Proxy: null)",
                a.status
            )),
        };
    }
    if a.function_error.is_some() {
        let error = payload
            .get("errorType")
            .and_then(Value::as_str)
            .unwrap_or("Lambda.Unknown")
            .to_owned();
        return TaskOutcome::Failed {
            error,
            cause: Some(text),
        };
    }
    if !call.envelope {
        return TaskOutcome::Succeeded(payload);
    }
    let version = a.version.unwrap_or_else(|| "$LATEST".to_owned());
    let len = a.body.len().to_string();
    TaskOutcome::Succeeded(json!({
        "ExecutedVersion": version,
        "Payload": payload,
        "SdkHttpMetadata": {
            "AllHttpHeaders": {
                "X-Amz-Executed-Version": [version],
                "x-amzn-Remapped-Content-Length": ["0"],
                "Connection": ["keep-alive"],
                "x-amzn-RequestId": [request_id],
                "Content-Length": [len],
                "Content-Type": ["application/json"],
            },
            "HttpHeaders": {
                "Connection": "keep-alive",
                "Content-Length": len,
                "Content-Type": "application/json",
                "X-Amz-Executed-Version": version,
                "x-amzn-Remapped-Content-Length": "0",
                "x-amzn-RequestId": request_id,
            },
            "HttpStatusCode": a.status,
        },
        "SdkResponseMetadata": {"RequestId": request_id},
        "StatusCode": a.status,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn function_names_come_from_arns_and_qualifiers() {
        assert_eq!(
            split_function("arn:aws:lambda:us-east-1:1:function:f:live"),
            ("f".to_owned(), Some("live".to_owned()))
        );
        assert_eq!(split_function("f"), ("f".to_owned(), None));
        let call = Invoke {
            function: "f".into(),
            qualifier: Some("2".into()),
            payload: "{}".into(),
            envelope: true,
            invocation_type: "RequestResponse".into(),
        };
        assert_eq!(
            call.url("http://127.0.0.1:3001/"),
            "http://127.0.0.1:3001/2015-03-31/functions/f/invocations?Qualifier=2"
        );
    }
}
