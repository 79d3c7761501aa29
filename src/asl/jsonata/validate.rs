//! Static checks of JSONata templates at creation time: every `{% %}` must parse
//! (`INVALID_JSONATA_EXPRESSION`) and must not read the absent context item or `$$`
//! (`UNSUPPORTED_JSONATA_EXPRESSION`).
//!
//! Owns only the checks of one template value; `asl::validate` places them in a definition
//! (state path, field name) and decides which fields are templates.

use std::fmt;

use serde_json::Value;

use super::backend::unsupported_references;
use super::{template_text, Expr};

/// One problem in a template, located by a JSON pointer relative to the template's field
/// (`""` for the field itself, `/a/0` for a nested value).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateIssue {
    /// AWS's diagnostic code, e.g. `INVALID_JSONATA_EXPRESSION`.
    pub code: &'static str,
    /// AWS's message for it.
    pub message: String,
    /// Where, relative to the field.
    pub pointer: String,
}

impl fmt::Display for TemplateIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

/// Every problem in the templates of `raw`, in document order.
pub fn check_template(raw: &Value) -> Vec<TemplateIssue> {
    let mut out = Vec::new();
    walk(raw, &mut String::new(), &mut out);
    out
}

/// `Ok` when every `{% %}` in `raw` is acceptable; otherwise the first problem, as
/// `CODE: message`.
pub fn validate_template(raw: &Value) -> Result<(), String> {
    match check_template(raw).into_iter().next() {
        None => Ok(()),
        Some(issue) => Err(issue.to_string()),
    }
}

fn walk(v: &Value, pointer: &mut String, out: &mut Vec<TemplateIssue>) {
    match v {
        Value::String(s) => {
            if let Some(text) = template_text(s) {
                match Expr::parse(text) {
                    Err(e) => out.push(TemplateIssue {
                        code: "INVALID_JSONATA_EXPRESSION",
                        message: e.message,
                        pointer: pointer.clone(),
                    }),
                    Ok(_) => {
                        for message in unsupported_references(text) {
                            out.push(TemplateIssue {
                                code: "UNSUPPORTED_JSONATA_EXPRESSION",
                                message,
                                pointer: pointer.clone(),
                            });
                        }
                    }
                }
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                let len = pointer.len();
                pointer.push_str(&format!("/{i}"));
                walk(item, pointer, out);
                pointer.truncate(len);
            }
        }
        Value::Object(m) => {
            for (k, item) in m {
                let len = pointer.len();
                pointer.push('/');
                pointer.push_str(&k.replace('~', "~0").replace('/', "~1"));
                walk(item, pointer, out);
                pointer.truncate(len);
            }
        }
        _ => {}
    }
}
