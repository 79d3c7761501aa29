//! The control API's view of the log groups: `GET /_passo/logs?logGroup=NAME|ARN&executionArn=A`
//! answers `{"logGroups": [...], "events": [{"logGroupName", "logStreamName", "timestamp",
//! "message"}]}` (CloudWatch FilterLogEvents' event fields; `message` is the record's JSON text).
//! Both parameters are optional. Must not change anything.

use serde_json::{json, Value};

use super::{config, Logs};

/// A log group given by name or by ARN (with or without the `:*` qualifier).
pub(super) fn group_name(given: &str) -> String {
    if given.starts_with("arn:") {
        let with_qualifier = if given.ends_with(":*") {
            given.to_owned()
        } else {
            format!("{given}:*")
        };
        if let Ok(name) = config::log_group_name(&with_qualifier) {
            return name;
        }
    }
    given.to_owned()
}

/// Answers one query string (without the `?`).
pub fn answer(logs: &Logs, query: &str) -> Value {
    let mut group = None;
    let mut execution = None;
    for (k, v) in form_urlencoded::parse(query.as_bytes()) {
        match k.as_ref() {
            "logGroup" | "logGroupName" => group = Some(group_name(&v)),
            "executionArn" => execution = Some(v.into_owned()),
            _ => {}
        }
    }
    let events: Vec<Value> = logs
        .events(group.as_deref(), execution.as_deref())
        .into_iter()
        .map(|e| {
            json!({
                "logGroupName": e.log_group,
                "logStreamName": e.log_stream,
                "timestamp": e.timestamp,
                "message": e.message,
            })
        })
        .collect();
    json!({"logGroups": logs.groups(), "events": events})
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_by_name_or_arn() {
        assert_eq!(group_name("/aws/x"), "/aws/x");
        assert_eq!(
            group_name("arn:aws:logs:us-east-1:1:log-group:/aws/x:*"),
            "/aws/x"
        );
        assert_eq!(
            group_name("arn:aws:logs:us-east-1:1:log-group:/aws/x"),
            "/aws/x"
        );
    }

    #[test]
    fn empty_store_answers_no_events() {
        let v = answer(&Logs::new(), "logGroup=%2Faws%2Fx");
        assert_eq!(v, json!({"logGroups": [], "events": []}));
    }
}
