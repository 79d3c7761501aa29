//! The schema of error handling: `Retry` (retriers) and `Catch` (catchers), and the
//! `ErrorEquals` rules they share (`States.ALL` alone, and in the last entry).
//!
//! Owns these field rules only; catcher `Next` targets are recorded for the graph phase.

use serde_json::{Map, Value};

use super::fields::PathKind;
use super::states::{Lang, StateInfo, Walker};

impl Walker<'_> {
    pub(super) fn retry(&mut self, s: &Map<String, Value>, loc: &str) {
        let Some(list) = s.get("Retry") else { return };
        let Some(list) = list.as_array() else {
            self.out.value("Retry", "an array", loc);
            return;
        };
        let count = list.len();
        for (i, r) in list.iter().enumerate() {
            let rloc = format!("{loc}/Retry/{i}");
            let Some(obj) = r.as_object() else {
                self.out.push("Value must be an object", rloc);
                continue;
            };
            self.out.unknown(
                obj,
                &[
                    "ErrorEquals",
                    "IntervalSeconds",
                    "MaxAttempts",
                    "BackoffRate",
                    "MaxDelaySeconds",
                    "JitterStrategy",
                    "Comment",
                ],
                &rloc,
            );
            self.error_equals(obj, &rloc, "retrier", i + 1 == count);
            self.out.integer(obj, "IntervalSeconds", 1, &rloc);
            self.out.integer(obj, "MaxAttempts", 0, &rloc);
            self.out.integer(obj, "MaxDelaySeconds", 1, &rloc);
            if let Some(b) = obj.get("BackoffRate") {
                if !b.as_f64().is_some_and(|b| b >= 1.0) {
                    self.out.value(
                        "BackoffRate",
                        "a number greater than or equal to 1.0",
                        &rloc,
                    );
                }
            }
            self.out
                .one_of(obj, "JitterStrategy", &["FULL", "NONE"], &rloc);
            self.out.string(obj, "Comment", &rloc);
        }
    }

    pub(super) fn catch(
        &mut self,
        s: &Map<String, Value>,
        loc: &str,
        lang: Lang,
        info: &mut StateInfo,
    ) {
        let Some(list) = s.get("Catch") else { return };
        let Some(list) = list.as_array() else {
            self.out.value("Catch", "an array", loc);
            return;
        };
        let count = list.len();
        for (i, c) in list.iter().enumerate() {
            let cloc = format!("{loc}/Catch/{i}");
            let Some(obj) = c.as_object() else {
                self.out.push("Value must be an object", cloc);
                continue;
            };
            let allowed: &[&str] = match lang {
                Lang::JsonPath => &["ErrorEquals", "Next", "ResultPath", "Comment", "Assign"],
                Lang::Jsonata => &["ErrorEquals", "Next", "Output", "Comment", "Assign"],
            };
            self.out.unknown(obj, allowed, &cloc);
            self.out.required(obj, &["ErrorEquals", "Next"], &cloc);
            self.error_equals(obj, &cloc, "catcher", i + 1 == count);
            if lang == Lang::JsonPath {
                self.out.path(obj, "ResultPath", PathKind::Result, &cloc);
                if let Some(a) = obj.get("Assign") {
                    self.out.template(a, &format!("{cloc}/Assign"));
                }
            }
            self.out.string(obj, "Comment", &cloc);
            match obj.get("Next") {
                Some(Value::String(n)) => info.edges.push((n.clone(), format!("{cloc}/Next"))),
                Some(_) => self.out.value("Next", "a string", &cloc),
                None => {}
            }
        }
    }

    /// `ErrorEquals`: a non-empty array of strings; `States.ALL` alone and in the last entry.
    fn error_equals(&mut self, obj: &Map<String, Value>, loc: &str, what: &str, last: bool) {
        let Some(v) = obj.get("ErrorEquals") else {
            self.out.required(obj, &["ErrorEquals"], loc);
            return;
        };
        let Some(names) = v.as_array() else {
            self.out.value("ErrorEquals", "an array", loc);
            return;
        };
        if names.is_empty() {
            self.out
                .push("Value cannot be empty", format!("{loc}/ErrorEquals"));
            return;
        }
        if names.iter().any(|n| !n.is_string()) {
            self.out.value("ErrorEquals", "an array of strings", loc);
        }
        let has_all = names.iter().any(|n| n.as_str() == Some("States.ALL"));
        if has_all && names.len() > 1 {
            self.out.push(
                "States.ALL must appear alone in ErrorEquals",
                format!("{loc}/ErrorEquals"),
            );
        }
        if has_all && !last {
            self.out.push(
                format!("The {what} with States.ALL must be the last one"),
                loc,
            );
        }
    }
}
