//! Task `Resource` ARNs parsed into a typed [`Integration`]: a Lambda function used directly,
//! an activity, an optimised integration (`arn:aws:states:::SERVICE:ACTION[.PATTERN]`) or an
//! AWS SDK integration (`arn:aws:states:::aws-sdk:SERVICE:ACTION[.PATTERN]`), with the
//! integration pattern (request-response, `.sync`, `.sync:2`, `.waitForTaskToken`).
//!
//! Owns the table of which optimised services exist and which patterns they allow. Pure data:
//! used by static validation (an unknown resource is refused at creation with AWS's message) and
//! by the dispatcher. It errs on the side of accepting: a service whose actions and patterns
//! AWS documents loosely accepts any action, so that nothing AWS runs is ever refused.

/// How Step Functions waits for a service call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pattern {
    /// The call's answer is the task's result.
    RequestResponse,
    /// `.sync`: wait for the job the call started (its description is the result).
    Sync,
    /// `.sync:2` (Step Functions only): like `.sync`, with the child's input and output as JSON.
    Sync2,
    /// `.waitForTaskToken`: wait for SendTaskSuccess/SendTaskFailure naming `$$.Task.Token`.
    WaitForTaskToken,
}

impl Pattern {
    /// Whether AWS writes `TaskSubmitted` before the outcome.
    pub fn submits(self) -> bool {
        !matches!(self, Pattern::RequestResponse)
    }
}

/// What a Task resource names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Integration {
    /// `arn:aws:lambda:REGION:ACCOUNT:function:NAME[:QUALIFIER]`, called directly.
    LambdaFunction {
        /// The whole ARN (the Invoke API accepts it as the function name).
        arn: String,
        /// `NAME` or `NAME:QUALIFIER`.
        function: String,
    },
    /// `arn:aws:states:REGION:ACCOUNT:activity:NAME`.
    Activity { arn: String },
    /// `arn:aws:states:::SERVICE:ACTION[.PATTERN]`.
    Optimised {
        service: String,
        action: String,
        pattern: Pattern,
    },
    /// `arn:aws:states:::aws-sdk:SERVICE:ACTION[.waitForTaskToken]`.
    AwsSdk {
        service: String,
        action: String,
        pattern: Pattern,
    },
}

impl Integration {
    pub fn pattern(&self) -> Pattern {
        match self {
            Integration::Optimised { pattern, .. } | Integration::AwsSdk { pattern, .. } => {
                *pattern
            }
            _ => Pattern::RequestResponse,
        }
    }

    /// `service:action` of a service integration (`lambda:invoke`, `sqs:sendMessage`,
    /// `aws-sdk:s3:getObject`), or `None` for a Lambda function or an activity.
    pub fn service_action(&self) -> Option<String> {
        match self {
            Integration::Optimised {
                service, action, ..
            } => Some(format!("{service}:{action}")),
            Integration::AwsSdk {
                service, action, ..
            } => Some(format!("aws-sdk:{service}:{action}")),
            _ => None,
        }
    }
}

/// A resource AWS does not recognise.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "The resource provided {0} is not recognized. The value is not a valid resource ARN, or the \
     resource is not available in this region."
)]
pub struct NotRecognized(pub String);

use Pattern::{RequestResponse as Rr, Sync, Sync2, WaitForTaskToken as Wftt};

/// Optimised services: (service, actions (`None`: any), allowed patterns). Services whose
/// action lists are long or change often accept any action with their documented patterns.
type ServiceRow = (
    &'static str,
    Option<&'static [&'static str]>,
    &'static [Pattern],
);

const OPTIMISED: &[ServiceRow] = &[
    ("lambda", Some(&["invoke"]), &[Rr, Wftt]),
    (
        "dynamodb",
        Some(&["getItem", "putItem", "deleteItem", "updateItem"]),
        &[Rr],
    ),
    ("sqs", Some(&["sendMessage"]), &[Rr, Wftt]),
    ("sns", Some(&["publish"]), &[Rr, Wftt]),
    ("events", Some(&["putEvents"]), &[Rr, Wftt]),
    ("apigateway", Some(&["invoke"]), &[Rr, Wftt]),
    ("http", Some(&["invoke"]), &[Rr]),
    (
        "states",
        Some(&["startExecution"]),
        &[Rr, Sync, Sync2, Wftt],
    ),
    ("batch", None, &[Rr, Sync, Wftt]),
    ("ecs", None, &[Rr, Sync, Wftt]),
    ("eks", None, &[Rr, Sync, Wftt]),
    ("glue", None, &[Rr, Sync, Wftt]),
    ("athena", None, &[Rr, Sync, Wftt]),
    ("sagemaker", None, &[Rr, Sync, Wftt]),
    ("elasticmapreduce", None, &[Rr, Sync, Wftt]),
    ("emr-containers", None, &[Rr, Sync, Wftt]),
    ("emr-serverless", None, &[Rr, Sync, Wftt]),
    ("codebuild", None, &[Rr, Sync, Wftt]),
    ("databrew", None, &[Rr, Sync, Wftt]),
    ("bedrock", None, &[Rr, Sync, Wftt]),
    ("mediaconvert", None, &[Rr, Sync, Wftt]),
    ("s3", None, &[Rr]),
];

/// Splits `action.PATTERN` into the action and its pattern.
fn split_pattern(tail: &str) -> Option<(&str, Pattern)> {
    let (action, pattern) = if let Some(a) = tail.strip_suffix(".sync:2") {
        (a, Sync2)
    } else if let Some(a) = tail.strip_suffix(".sync") {
        (a, Sync)
    } else if let Some(a) = tail.strip_suffix(".waitForTaskToken") {
        (a, Wftt)
    } else {
        (tail, Rr)
    };
    let ok = !action.is_empty()
        && action
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    ok.then_some((action, pattern))
}

/// Parses a Task `Resource`. The partition is not checked (recorded definitions carry
/// normalised partitions), nor are regions and accounts.
pub fn parse(resource: &str) -> Result<Integration, NotRecognized> {
    let bad = || NotRecognized(resource.to_owned());
    let parts: Vec<&str> = resource.splitn(6, ':').collect();
    let [arn, partition, service, _region, _account, rest] = parts[..] else {
        return Err(bad());
    };
    if arn != "arn" || partition.is_empty() {
        return Err(bad());
    }
    match service {
        "lambda" => {
            let function = rest.strip_prefix("function:").ok_or_else(bad)?;
            let name = function.split(':').next().unwrap_or_default();
            if name.is_empty() || function.split(':').count() > 2 {
                return Err(bad());
            }
            Ok(Integration::LambdaFunction {
                arn: resource.to_owned(),
                function: function.to_owned(),
            })
        }
        "states" => {
            if let Some(name) = rest.strip_prefix("activity:") {
                if name.is_empty() || name.contains(':') {
                    return Err(bad());
                }
                return Ok(Integration::Activity {
                    arn: resource.to_owned(),
                });
            }
            if let Some(sdk) = rest.strip_prefix("aws-sdk:") {
                let (svc, tail) = sdk.split_once(':').ok_or_else(bad)?;
                let (action, pattern) = split_pattern(tail).ok_or_else(bad)?;
                let svc_ok = !svc.is_empty()
                    && svc
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.');
                if !svc_ok || !matches!(pattern, Rr | Wftt) {
                    return Err(bad());
                }
                return Ok(Integration::AwsSdk {
                    service: svc.to_owned(),
                    action: action.to_owned(),
                    pattern,
                });
            }
            let (svc, tail) = rest.split_once(':').ok_or_else(bad)?;
            let (action, pattern) = split_pattern(tail).ok_or_else(bad)?;
            let (_, actions, patterns) = OPTIMISED
                .iter()
                .find(|(s, _, _)| *s == svc)
                .ok_or_else(bad)?;
            if actions.is_some_and(|a| !a.contains(&action)) || !patterns.contains(&pattern) {
                return Err(bad());
            }
            Ok(Integration::Optimised {
                service: svc.to_owned(),
                action: action.to_owned(),
                pattern,
            })
        }
        _ => Err(bad()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_form() {
        assert_eq!(
            parse("arn:aws:lambda:us-east-1:111111111111:function:f:live"),
            Ok(Integration::LambdaFunction {
                arn: "arn:aws:lambda:us-east-1:111111111111:function:f:live".into(),
                function: "f:live".into()
            })
        );
        assert!(matches!(
            parse("arn:aws:states:us-east-1:1:activity:a"),
            Ok(Integration::Activity { .. })
        ));
        assert_eq!(
            parse("arn:aws:states:::states:startExecution.sync:2")
                .unwrap()
                .pattern(),
            Sync2
        );
        assert_eq!(
            parse("arn:aws:states:::aws-sdk:s3:listBuckets.waitForTaskToken"),
            Ok(Integration::AwsSdk {
                service: "s3".into(),
                action: "listBuckets".into(),
                pattern: Wftt
            })
        );
        assert_eq!(
            parse("arn:aws:states:::sqs:sendMessage.waitForTaskToken")
                .unwrap()
                .service_action()
                .as_deref(),
            Some("sqs:sendMessage")
        );
        assert!(parse("arn:aws:states:::batch:submitJob.sync").is_ok());
        assert!(parse("arn:aws:states:us-east-1:123456789012:lambda:invoke").is_ok());
    }

    #[test]
    fn refuses_what_aws_does_not_recognise() {
        for bad in [
            "foo",
            "arn:aws:states:::nosuch:thing",
            "arn:aws:states:::sqs:sendMessage.sync",
            "arn:aws:states:::dynamodb:getItem.waitForTaskToken",
            "arn:aws:states:::lambda:invoke.sync:2",
            "arn:aws:states:::lambda:call",
            "arn:aws:states:::aws-sdk:s3:getObject.sync",
            "arn:aws:states:::aws-sdk:s3",
            "arn:aws:lambda:us-east-1:1:layer:x",
            "arn:aws:states:us-east-1:1:stateMachine:m",
            "arn:aws:states:::http:invoke.waitForTaskToken",
        ] {
            let err = parse(bad).unwrap_err();
            assert!(err.to_string().contains(bad), "{bad}");
        }
    }
}
