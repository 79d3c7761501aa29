//! What boto3 would have handed the recording harness, built from our in-process answers:
//! timestamps (epoch-second numbers on the wire) become datetimes, a `ResponseMetadata` is
//! added, and errors take boto3's `ClientError` shapes (`e.response` and `str(e)`).

use serde_json::{json, Map, Value};

use crate::api::ApiError;

use super::pytext;

/// The members the service model types as `Timestamp` (boto3 turns them into datetimes).
const TIMESTAMP_MEMBERS: &[&str] = &[
    "creationDate",
    "redriveDate",
    "startDate",
    "stopDate",
    "timestamp",
    "updateDate",
];

/// Error codes an endpoint answers for an operation it does not implement.
const UNSUPPORTED_CODES: &[&str] = &[
    "UnknownOperationException",
    "UnknownOperation",
    "InvalidAction",
    "NotImplemented",
    "NotImplementedError",
    "InternalFailure",
    "UnrecognizedClientException",
    "InvalidRequestException_NotImplemented",
];

/// A successful response as boto3 returns it.
pub fn response(mut v: Value) -> Value {
    datetimes(&mut v);
    if let Value::Object(map) = &mut v {
        map.insert("ResponseMetadata".to_owned(), metadata(200));
    }
    v
}

fn metadata(status: u16) -> Value {
    json!({
        "RequestId": "00000000-0000-4000-8000-000000000000",
        "HTTPStatusCode": status,
        "HTTPHeaders": {"content-type": "application/x-amz-json-1.0"},
        "RetryAttempts": 0
    })
}

/// Timestamp members (numbers) become datetimes, at any depth of the API's own structure
/// (payloads are JSON text on the wire, so user data is never touched).
fn datetimes(v: &mut Value) {
    match v {
        Value::Object(map) => {
            for (k, item) in map.iter_mut() {
                match item {
                    Value::Number(n) if TIMESTAMP_MEMBERS.contains(&k.as_str()) => {
                        if let Some(secs) = n.as_f64() {
                            *item = pytext::datetime_value(secs);
                        }
                    }
                    _ => datetimes(item),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(datetimes),
        _ => {}
    }
}

/// `e.response` of a boto3 `ClientError`.
pub fn error_response(e: &ApiError) -> Value {
    let mut map = Map::new();
    map.insert(
        "Error".to_owned(),
        json!({"Message": e.message, "Code": e.code}),
    );
    map.insert("ResponseMetadata".to_owned(), metadata(e.status));
    map.insert("message".to_owned(), Value::String(e.message.clone()));
    Value::Object(map)
}

/// `{"exception_typename", "exception_value"}`: the modelled exception's class name (its code)
/// and `str(e)`.
pub fn exception_view(e: &ApiError, operation: &str) -> Value {
    json!({
        "exception_typename": e.code,
        "exception_value": exception_text(e, operation),
    })
}

/// `str(e)` of a boto3 `ClientError`.
pub fn exception_text(e: &ApiError, operation: &str) -> String {
    format!(
        "An error occurred ({}) when calling the {operation} operation: {}",
        e.code, e.message
    )
}

/// Whether an error means "this endpoint does not implement the operation" (not a failure of
/// the behaviour under test).
pub fn is_unsupported(e: &ApiError) -> bool {
    let code = e.code.as_str();
    let msg = e.message.to_lowercase();
    if msg.contains("has not been implemented") || code == "501" {
        return true;
    }
    if UNSUPPORTED_CODES.contains(&code)
        && ((msg.contains("not")
            && (msg.contains("implement") || msg.contains("support") || msg.contains("found")))
            || matches!(
                code,
                "UnknownOperationException" | "InvalidAction" | "NotImplemented"
            ))
    {
        return true;
    }
    if matches!(e.status, 404 | 501) && matches!(code, "" | "404" | "501" | "NotFound") {
        return true;
    }
    msg.contains("not yet implemented")
        || msg.contains("is not implemented")
        || (msg.contains("not supported") && msg.contains("operation"))
}

/// The 12-digit account of an ARN at the start of `text`.
pub fn account_of(arn: &str) -> Option<String> {
    let mut parts = arn.splitn(6, ':');
    let (Some("arn"), Some(_), Some(_), Some(_), Some(acct), Some(_)) = (
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
    ) else {
        return None;
    };
    (acct.len() == 12 && acct.bytes().all(|b| b.is_ascii_digit())).then(|| acct.to_owned())
}

/// The first `arn:aws:...:<12 digits>:` account anywhere in `text`.
pub fn guess_account(text: &str) -> Option<String> {
    text.match_indices("arn:aws:")
        .find_map(|(i, _)| text.get(i..).and_then(account_of))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_become_datetimes() {
        let v = response(json!({"startDate": 1.5, "events": [{"timestamp": 2}], "output": "{}"}));
        assert!(pytext::as_datetime(&v["startDate"]).is_some());
        assert!(pytext::as_datetime(&v["events"][0]["timestamp"]).is_some());
        assert_eq!(v["output"], json!("{}"));
        assert_eq!(v["ResponseMetadata"]["HTTPStatusCode"], json!(200));
    }

    #[test]
    fn error_shapes() {
        let e = ApiError::new("InvalidDefinition", "bad");
        assert_eq!(
            exception_text(&e, "CreateStateMachine"),
            "An error occurred (InvalidDefinition) when calling the CreateStateMachine operation: bad"
        );
        assert_eq!(
            error_response(&e)["Error"]["Code"],
            json!("InvalidDefinition")
        );
        assert!(is_unsupported(&ApiError::unknown_operation("X")));
        assert!(!is_unsupported(&e));
        assert_eq!(
            account_of("arn:aws:states:us-east-1:123456789012:stateMachine:x").as_deref(),
            Some("123456789012")
        );
        assert_eq!(
            guess_account("in 'arn:aws:states:r:123456789012:x'").as_deref(),
            Some("123456789012")
        );
    }
}
