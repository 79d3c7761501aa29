//! `loggingConfiguration` as Create/UpdateStateMachine check it, and the logging target an
//! execution takes from the stored configuration. Messages are AWS's (the recorded ones, and
//! the `'*' qualifier` one AWS answers for a log group ARN without `:*`).
//! Must not know about HTTP: callers wrap the message in `InvalidLoggingConfiguration`.

use serde_json::Value;

use super::{LogLevel, LogTarget};

/// A level other than OFF without exactly one destination, or several destinations (recorded).
pub const ONE_DESTINATION: &str =
    "Invalid Logging Configuration: Must specify exactly one Log Destination.";
/// A destination that is not a CloudWatch Logs log group (recorded for a deleted log group).
pub const NOT_FOUND: &str = "Invalid Logging Configuration: Log Destination not found.";
/// A log group ARN without its `:*` qualifier.
pub const QUALIFIER: &str =
    "Invalid Logging Configuration: Log Group ARN must be provided with '*' qualifier.";

/// The log group name in `arn:<partition>:logs:<region>:<account>:log-group:<name>:*`.
///
/// ```
/// use passo::logs::config::{log_group_name, QUALIFIER};
/// let arn = "arn:aws:logs:us-east-1:123456789012:log-group:/aws/vendedlogs/states/x:*";
/// assert_eq!(log_group_name(arn), Ok("/aws/vendedlogs/states/x".to_owned()));
/// assert_eq!(
///     log_group_name("arn:aws:logs:us-east-1:123456789012:log-group:x"),
///     Err(QUALIFIER)
/// );
/// ```
pub fn log_group_name(arn: &str) -> Result<String, &'static str> {
    let parts: Vec<&str> = arn.split(':').collect();
    let is_log_group = parts.len() >= 7
        && parts[0] == "arn"
        && !parts[1].is_empty()
        && parts[2] == "logs"
        && parts[5] == "log-group"
        && !parts[6].is_empty();
    if !is_log_group {
        return Err(NOT_FOUND);
    }
    match parts.get(7..) {
        Some(["*"]) => Ok(parts[6].to_owned()),
        _ => Err(QUALIFIER),
    }
}

/// Checks a configuration: `level` as sent (OFF when absent) and the log group ARN of each
/// destination (`None` for a destination without one).
pub fn check(level: &str, destinations: &[Option<&str>]) -> Result<(), &'static str> {
    if destinations.len() > 1 || (level != "OFF" && destinations.len() != 1) {
        return Err(ONE_DESTINATION);
    }
    for d in destinations {
        log_group_name(d.unwrap_or_default())?;
    }
    Ok(())
}

/// Where an execution of a machine with this stored configuration (DescribeStateMachine's
/// `loggingConfiguration`) logs; `None` when it logs nothing.
pub fn target(logging: &Value) -> Option<LogTarget> {
    let level = LogLevel::parse(logging.get("level")?.as_str()?)?;
    if level == LogLevel::Off {
        return None;
    }
    let arn = logging
        .get("destinations")?
        .get(0)?
        .get("cloudWatchLogsLogGroup")?
        .get("logGroupArn")?
        .as_str()?;
    Some(LogTarget {
        level,
        include_execution_data: logging
            .get("includeExecutionData")
            .and_then(Value::as_bool)
            .unwrap_or(false),
        log_group: log_group_name(arn).ok()?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const ARN: &str = "arn:aws:logs:us-east-1:111111111111:log-group:/aws/vendedlogs/states/g:*";

    #[test]
    fn recorded_rules() {
        // test_sfn_api_logs: a level without a destination, and two destinations.
        assert_eq!(check("ALL", &[]), Err(ONE_DESTINATION));
        assert_eq!(check("FATAL", &[]), Err(ONE_DESTINATION));
        assert_eq!(check("ALL", &[Some(ARN), Some(ARN)]), Err(ONE_DESTINATION));
        assert_eq!(check("OFF", &[]), Ok(()));
        assert_eq!(check("ERROR", &[Some(ARN)]), Ok(()));
    }

    #[test]
    fn bad_arns() {
        assert_eq!(check("ALL", &[None]), Err(NOT_FOUND));
        assert_eq!(
            check("ALL", &[Some("/aws/vendedlogs/states/g")]),
            Err(NOT_FOUND)
        );
        assert_eq!(
            check("ALL", &[Some("arn:aws:logs:us-east-1:1:log-group:g")]),
            Err(QUALIFIER)
        );
        assert_eq!(
            check("ALL", &[Some("arn:aws:s3:us-east-1:1:log-group:g:*")]),
            Err(NOT_FOUND)
        );
    }

    #[test]
    fn target_from_the_stored_configuration() {
        let on = json!({"level": "ERROR", "includeExecutionData": true,
                        "destinations": [{"cloudWatchLogsLogGroup": {"logGroupArn": ARN}}]});
        assert_eq!(
            target(&on),
            Some(LogTarget {
                level: LogLevel::Error,
                include_execution_data: true,
                log_group: "/aws/vendedlogs/states/g".to_owned()
            })
        );
        assert_eq!(
            target(&json!({"level": "OFF", "includeExecutionData": false})),
            None
        );
    }
}
