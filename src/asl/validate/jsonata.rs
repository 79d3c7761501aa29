//! The query-language rules of a state: fields of the other language are refused
//! (`Field 'Parameters' is not supported when QueryLanguage is JSONata`, and the reverse for
//! `Arguments`/`Output`/`Items` in a JSONPath state), and every `{% %}` of a JSONata state must
//! parse and read only what AWS allows (`INVALID_JSONATA_EXPRESSION`,
//! `UNSUPPORTED_JSONATA_EXPRESSION`, from [`crate::asl::jsonata::check_template`]).
//!
//! Owns only these rules; the field tables and the rest of a state's schema live in
//! [`super::states`]. The wording of the not-supported message is not in the recordings; it
//! follows AWS's console and public reports.

use serde_json::{Map, Value};

use super::fields::Out;
use super::states::Lang;
use crate::asl::error::Diagnostic;
use crate::asl::jsonata::check_template;

/// Fields only a JSONPath state may have.
const JSONPATH_ONLY: &[&str] = &[
    "InputPath",
    "OutputPath",
    "Parameters",
    "ResultSelector",
    "ResultPath",
    "ItemsPath",
    "SecondsPath",
    "TimestampPath",
    "TimeoutSecondsPath",
    "HeartbeatSecondsPath",
    "MaxConcurrencyPath",
    "ToleratedFailureCountPath",
    "ToleratedFailurePercentagePath",
    "ErrorPath",
    "CausePath",
];

/// Fields only a JSONata state may have.
const JSONATA_ONLY: &[&str] = &["Arguments", "Output", "Items"];

/// The fields of a JSONata state whose value may hold expressions.
const EXPRESSION_FIELDS: &[&str] = &[
    "Arguments",
    "Output",
    "Assign",
    "Items",
    "ItemSelector",
    "TimeoutSeconds",
    "HeartbeatSeconds",
    "Seconds",
    "Timestamp",
    "Error",
    "Cause",
    "MaxConcurrency",
    "ToleratedFailureCount",
    "ToleratedFailurePercentage",
];

/// AWS's message for a field of the other query language.
pub fn not_supported(field: &str, lang: Lang) -> String {
    let name = match lang {
        Lang::Jsonata => "JSONata",
        Lang::JsonPath => "JSONPath",
    };
    format!("Field '{field}' is not supported when QueryLanguage is {name}")
}

/// Whether `field` belongs to the other query language than `lang` (the general table of
/// [`super::states`] then leaves it to [`check_state`]).
pub fn is_foreign(field: &str, lang: Lang) -> bool {
    match lang {
        Lang::Jsonata => JSONPATH_ONLY.contains(&field),
        Lang::JsonPath => JSONATA_ONLY.contains(&field),
    }
}

/// The query-language rules of one state at `loc`.
pub fn check_state(out: &mut Out<'_>, s: &Map<String, Value>, loc: &str, lang: Lang) {
    for key in s.keys() {
        if is_foreign(key, lang) {
            out.push(not_supported(key, lang), loc);
        }
    }
    if lang == Lang::JsonPath {
        return;
    }
    for field in EXPRESSION_FIELDS {
        if let Some(v) = s.get(*field) {
            expressions(out, v, &format!("{loc}/{field}"));
        }
    }
    if let Some(Value::Array(rules)) = s.get("Choices") {
        for (i, r) in rules.iter().enumerate() {
            for field in ["Condition", "Output", "Assign"] {
                if let Some(v) = r.get(field) {
                    expressions(out, v, &format!("{loc}/Choices/{i}/{field}"));
                }
            }
        }
    }
    if let Some(Value::Array(catchers)) = s.get("Catch") {
        for (i, c) in catchers.iter().enumerate() {
            for field in ["Output", "Assign"] {
                if let Some(v) = c.get(field) {
                    expressions(out, v, &format!("{loc}/Catch/{i}/{field}"));
                }
            }
        }
    }
}

/// Every problem in the templates of one field.
fn expressions(out: &mut Out<'_>, value: &Value, loc: &str) {
    for issue in check_template(value) {
        out.diags.push(Diagnostic::error(
            issue.code,
            issue.message,
            Some(format!("{loc}{}", issue.pointer)),
        ));
    }
}

#[cfg(test)]
mod tests {
    use crate::asl::validate::check;

    fn message(def: &str) -> String {
        check(def)
            .map(|_| String::new())
            .unwrap_or_else(|e| e.to_string())
    }

    #[test]
    fn foreign_fields_are_refused() {
        let m = message(
            r#"{"QueryLanguage": "JSONata", "StartAt": "P", "States": {"P": {"Type": "Pass", "InputPath": "$", "End": true}}}"#,
        );
        assert!(
            m.contains("Field 'InputPath' is not supported when QueryLanguage is JSONata"),
            "{m}"
        );
        let m = message(
            r#"{"StartAt": "P", "States": {"P": {"Type": "Pass", "Output": {}, "End": true}}}"#,
        );
        assert!(
            m.contains("Field 'Output' is not supported when QueryLanguage is JSONPath"),
            "{m}"
        );
    }

    #[test]
    fn expressions_are_parsed_at_creation() {
        let m = message(
            r#"{"QueryLanguage": "JSONata", "StartAt": "P", "States": {"P": {"Type": "Pass", "Output": {"a": "{% 1 + %}"}, "End": true}}}"#,
        );
        assert!(m.contains("INVALID_JSONATA_EXPRESSION"), "{m}");
        assert!(m.contains("/States/P/Output/a"), "{m}");
        let ok = check(
            r#"{"QueryLanguage": "JSONata", "StartAt": "P", "States": {"P": {"Type": "Pass", "Output": {"a": "{% $states.input.x %}"}, "End": true}}}"#,
        );
        assert!(ok.is_ok(), "{ok:?}");
    }
}
