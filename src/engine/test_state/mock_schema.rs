//! The check TestState makes on a mocked Task `result` against the called API's output shape
//! (`mock.fieldValidationMode`: `STRICT`, the default, also requires the required members;
//! `PRESENT` checks only the members given; `NONE` checks nothing). Members the shape does not
//! know are always allowed.
//!
//! Owns a small table of output shapes for commonly mocked integrations (facts of the AWS
//! service models: member types, lengths, ranges, enums) and AWS's messages. A resource missing
//! from the table is not checked. Must not evaluate anything else of the state.

use serde_json::Value;

/// `mock.fieldValidationMode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FieldValidation {
    #[default]
    Strict,
    Present,
    None,
}

/// A member type of an output shape.
enum Ty {
    Str {
        min: Option<usize>,
        max: Option<usize>,
        values: &'static [&'static str],
    },
    /// Blobs travel as base64 text.
    Blob {
        min: Option<usize>,
        max: Option<usize>,
    },
    Int {
        min: Option<i64>,
        max: Option<i64>,
    },
    Bool,
    /// Timestamps travel as text.
    Timestamp,
    List(&'static Ty),
    Struct(&'static [Field]),
    /// Any JSON (payloads, attribute maps).
    Any,
}

struct Field {
    name: &'static str,
    ty: Ty,
    required: bool,
}

const fn f(name: &'static str, ty: Ty) -> Field {
    Field {
        name,
        ty,
        required: false,
    }
}

const fn req(name: &'static str, ty: Ty) -> Field {
    Field {
        name,
        ty,
        required: true,
    }
}

const STR: Ty = Ty::Str {
    min: None,
    max: None,
    values: &[],
};
const INT: Ty = Ty::Int {
    min: None,
    max: None,
};

const KMS_ENCRYPT: &[Field] = &[
    f(
        "CiphertextBlob",
        Ty::Blob {
            min: Some(1),
            max: Some(6144),
        },
    ),
    f(
        "KeyId",
        Ty::Str {
            min: Some(1),
            max: Some(2048),
            values: &[],
        },
    ),
    f(
        "EncryptionAlgorithm",
        Ty::Str {
            min: None,
            max: None,
            values: &[
                "SYMMETRIC_DEFAULT",
                "RSAES_OAEP_SHA_1",
                "RSAES_OAEP_SHA_256",
                "SM2PKE",
            ],
        },
    ),
];

const LAMBDA_FUNCTION_CONFIGURATION: &[Field] = &[
    f(
        "FunctionName",
        Ty::Str {
            min: Some(1),
            max: Some(170),
            values: &[],
        },
    ),
    f("FunctionArn", STR),
    f("Role", STR),
    f("Handler", STR),
    f("CodeSize", INT),
    f("Description", STR),
    f(
        "Timeout",
        Ty::Int {
            min: Some(1),
            max: None,
        },
    ),
    f(
        "MemorySize",
        Ty::Int {
            min: Some(128),
            max: Some(10240),
        },
    ),
    f("LastModified", STR),
    f("CodeSha256", STR),
    f("Version", STR),
];

const LAMBDA_GET_FUNCTION: &[Field] = &[
    f("Configuration", Ty::Struct(LAMBDA_FUNCTION_CONFIGURATION)),
    f("Code", Ty::Any),
    f("Tags", Ty::Any),
    f("Concurrency", Ty::Any),
];

const S3_GET_OBJECT: &[Field] = &[
    f("Body", Ty::Any),
    f("DeleteMarker", Ty::Bool),
    f("ContentLength", INT),
    f("ETag", STR),
    f("ContentType", STR),
    f("VersionId", STR),
    f("LastModified", Ty::Timestamp),
    f(
        "StorageClass",
        Ty::Str {
            min: None,
            max: None,
            values: &[
                "STANDARD",
                "REDUCED_REDUNDANCY",
                "STANDARD_IA",
                "ONEZONE_IA",
                "INTELLIGENT_TIERING",
                "GLACIER",
                "DEEP_ARCHIVE",
                "OUTPOSTS",
                "GLACIER_IR",
                "SNOW",
                "EXPRESS_ONEZONE",
                "FSX_OPENZFS",
            ],
        },
    ),
];

const EVENTS_RESULT_ENTRY: &[Field] = &[
    f("EventId", STR),
    f("ErrorCode", STR),
    f("ErrorMessage", STR),
];

const EVENTS_PUT_EVENTS: &[Field] = &[
    f("FailedEntryCount", INT),
    f("Entries", Ty::List(&Ty::Struct(EVENTS_RESULT_ENTRY))),
];

const LAMBDA_INVOKE: &[Field] = &[
    f("StatusCode", INT),
    f("FunctionError", STR),
    f("LogResult", STR),
    f("Payload", Ty::Any),
    f(
        "ExecutedVersion",
        Ty::Str {
            min: Some(1),
            max: Some(1024),
            values: &[],
        },
    ),
];

const SFN_START_EXECUTION: &[Field] = &[req("ExecutionArn", STR), req("StartDate", Ty::Timestamp)];

const SQS_SEND_MESSAGE: &[Field] = &[
    f("MD5OfMessageBody", STR),
    f("MD5OfMessageAttributes", STR),
    f("MD5OfMessageSystemAttributes", STR),
    f("MessageId", STR),
    f("SequenceNumber", STR),
];

const SNS_PUBLISH: &[Field] = &[f("MessageId", STR), f("SequenceNumber", STR)];

/// The output shape of a Task resource (the request-response pattern), when known.
fn shape(resource: &str) -> Option<&'static [Field]> {
    let tail = resource.strip_prefix("arn:aws:states:::")?;
    Some(match tail {
        "aws-sdk:kms:encrypt" => KMS_ENCRYPT,
        "aws-sdk:lambda:getFunction" => LAMBDA_GET_FUNCTION,
        "aws-sdk:s3:getObject" => S3_GET_OBJECT,
        "events:putEvents" => EVENTS_PUT_EVENTS,
        "lambda:invoke" => LAMBDA_INVOKE,
        "states:startExecution" => SFN_START_EXECUTION,
        "sqs:sendMessage" => SQS_SEND_MESSAGE,
        "sns:publish" => SNS_PUBLISH,
        _ => return None,
    })
}

/// Checks a mocked result for `resource`; the error is AWS's ValidationException message.
pub fn check(resource: &str, result: &Value, mode: FieldValidation) -> Result<(), String> {
    if mode == FieldValidation::None {
        return Ok(());
    }
    let Some(fields) = shape(resource) else {
        return Ok(());
    };
    let Some(obj) = result.as_object() else {
        return Ok(());
    };
    check_struct(fields, obj, mode).map_err(|m| format!("Mock result schema validation error: {m}"))
}

fn check_struct(
    fields: &[Field],
    obj: &serde_json::Map<String, Value>,
    mode: FieldValidation,
) -> Result<(), String> {
    for field in fields {
        match obj.get(field.name) {
            None => {
                if field.required && mode == FieldValidation::Strict {
                    return Err(format!("Required field '{}' is missing", field.name));
                }
            }
            Some(v) => check_value(field.name, &field.ty, v, mode)?,
        }
    }
    Ok(())
}

fn check_value(name: &str, ty: &Ty, v: &Value, mode: FieldValidation) -> Result<(), String> {
    let err = |what: &str| Err(format!("Field '{name}' {what}"));
    match ty {
        Ty::Any => Ok(()),
        Ty::Str { min, max, values } => {
            let Some(s) = v.as_str() else {
                return err("must be a string");
            };
            let len = s.chars().count();
            if min.is_some_and(|m| len < m) {
                return err("is smaller than the minimum length");
            }
            if max.is_some_and(|m| len > m) {
                return err("exceeds the maximum length");
            }
            if !values.is_empty() && !values.contains(&s) {
                return err("is not an expected value");
            }
            Ok(())
        }
        Ty::Blob { min, max } => {
            let Some(s) = v.as_str() else {
                return err("must be a string");
            };
            if min.is_some_and(|m| s.len() < m) {
                return err("is smaller than the minimum length");
            }
            if max.is_some_and(|m| s.len() > m) {
                return err("exceeds the maximum length");
            }
            Ok(())
        }
        Ty::Timestamp => match v {
            Value::String(_) => Ok(()),
            _ => err("must be a string"),
        },
        Ty::Int { min, max } => {
            let Some(n) = v.as_f64().filter(|_| v.is_number()) else {
                return err("must be a number");
            };
            if min.is_some_and(|m| n < m as f64) {
                return err("is less than the minimum value");
            }
            if max.is_some_and(|m| n > m as f64) {
                return err("exceeds the maximum value");
            }
            Ok(())
        }
        Ty::Bool => match v {
            Value::Bool(_) => Ok(()),
            _ => err("must be a boolean"),
        },
        Ty::List(item) => {
            let Some(items) = v.as_array() else {
                return err("must be an array");
            };
            for it in items {
                check_value(name, item, it, mode)?;
            }
            Ok(())
        }
        Ty::Struct(fields) => {
            let Some(obj) = v.as_object() else {
                return err("must be an object");
            };
            check_struct(fields, obj, mode)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const KMS: &str = "arn:aws:states:::aws-sdk:kms:encrypt";
    const SFN: &str = "arn:aws:states:::states:startExecution";

    #[test]
    fn types_ranges_and_required_members() {
        let strict = FieldValidation::Strict;
        assert!(check(KMS, &json!({"CiphertextBlob": 1}), strict)
            .unwrap_err()
            .ends_with("Field 'CiphertextBlob' must be a string"));
        assert!(check(KMS, &json!({"other": 1}), strict).is_ok());
        assert!(check(SFN, &json!({}), strict)
            .unwrap_err()
            .ends_with("Required field 'ExecutionArn' is missing"));
        assert!(check(SFN, &json!({}), FieldValidation::Present).is_ok());
        assert!(check(SFN, &json!({"StartDate": 1}), FieldValidation::None).is_ok());
        assert!(check("arn:aws:states:::unknown", &json!(1), strict).is_ok());
    }
}
