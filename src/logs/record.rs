//! One history event as Step Functions writes it to CloudWatch Logs: a JSON object with `id`,
//! `type`, `details`, `previous_event_id`, `event_timestamp`, `execution_arn` and
//! `redrive_count`, numbers as strings (the key order and string numbers are the recordings').
//! Must not decide which events are logged (see [`super::LogLevel`]).

use serde_json::{Map, Value};

use crate::store::HistoryEvent;

/// Detail fields that carry execution data: left out when `includeExecutionData` is false.
const EXECUTION_DATA: &[&str] = &[
    "input",
    "inputDetails",
    "output",
    "outputDetails",
    "parameters",
    "assignedVariables",
    "assignedVariablesDetails",
];

/// The `details` object of a record: the history event's details with keys in alphabetical
/// order (as every recorded log record has them), without execution data unless included.
pub fn details(event: &HistoryEvent, include_execution_data: bool) -> Value {
    let mut fields: Vec<(String, Value)> = match event.details.clone().map(|d| d.into_parts().1) {
        Some(Value::Object(map)) => map.into_iter().collect(),
        _ => Vec::new(),
    };
    fields.sort_by(|a, b| a.0.cmp(&b.0));
    let out: Map<String, Value> = fields
        .into_iter()
        .filter(|(k, _)| include_execution_data || !EXECUTION_DATA.contains(&k.as_str()))
        .collect();
    Value::Object(out)
}

/// The record of one event as a JSON value.
pub fn record(
    event: &HistoryEvent,
    execution_arn: &str,
    redrive_count: u32,
    include_execution_data: bool,
) -> Value {
    let mut out = Map::new();
    out.insert("id".to_owned(), event.id.to_string().into());
    out.insert("type".to_owned(), event.event_type.clone().into());
    out.insert("details".to_owned(), details(event, include_execution_data));
    out.insert(
        "previous_event_id".to_owned(),
        event.previous_event_id.to_string().into(),
    );
    out.insert(
        "event_timestamp".to_owned(),
        event.timestamp.timestamp_millis().to_string().into(),
    );
    out.insert("execution_arn".to_owned(), execution_arn.into());
    out.insert("redrive_count".to_owned(), redrive_count.to_string().into());
    Value::Object(out)
}

/// The record's JSON text (the CloudWatch event's `message`).
pub fn message(
    event: &HistoryEvent,
    execution_arn: &str,
    redrive_count: u32,
    include_execution_data: bool,
) -> String {
    record(event, execution_arn, redrive_count, include_execution_data).to_string()
}

/// The log stream of an execution: `states/<state machine>/<execution name>` (passo's naming;
/// AWS's stream names are not in the recordings).
pub fn stream_name(execution_arn: &str) -> String {
    // arn:aws:states:REGION:ACCOUNT:(execution|express):SM:NAME[:UUID]
    let parts: Vec<&str> = execution_arn.split(':').collect();
    match parts.get(6..8) {
        Some([sm, name]) => format!("states/{sm}/{name}"),
        _ => format!("states/{execution_arn}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use serde_json::json;

    fn started() -> HistoryEvent {
        HistoryEvent {
            id: 1,
            previous_event_id: 0,
            timestamp: chrono::Utc.timestamp_millis_opt(1_592_418_466_848).unwrap(),
            event_type: "ExecutionStarted".to_owned(),
            details: Some(crate::store::EventDetails::json(
                "executionStartedEventDetails",
                json!({"input": "{}", "inputDetails": {"truncated": false}, "roleArn": "r"}),
            )),
        }
    }

    #[test]
    fn record_keys_and_string_numbers() {
        let r = record(&started(), "arn:x", 0, true);
        let keys: Vec<&String> = r.as_object().unwrap().keys().collect();
        assert_eq!(
            keys,
            [
                "id",
                "type",
                "details",
                "previous_event_id",
                "event_timestamp",
                "execution_arn",
                "redrive_count"
            ]
        );
        assert_eq!(r["event_timestamp"], "1592418466848");
        assert_eq!(r["id"], "1");
        assert_eq!(r["redrive_count"], "0");
    }

    #[test]
    fn without_execution_data_only_the_role_is_left() {
        let r = record(&started(), "arn:x", 0, false);
        assert_eq!(r["details"], json!({"roleArn": "r"}));
    }

    #[test]
    fn streams_are_named_after_the_machine_and_execution() {
        assert_eq!(
            stream_name("arn:aws:states:us-east-1:1:express:sm:n:u"),
            "states/sm/n"
        );
        assert_eq!(
            stream_name("arn:aws:states:us-east-1:1:execution:sm:n"),
            "states/sm/n"
        );
    }
}
