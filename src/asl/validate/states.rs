//! The schema phase: which fields each part of a definition has, their types and their mutual
//! rules, reported as `SCHEMA_VALIDATION_FAILED`. While walking it records each `StartAt` /
//! `States` block's transitions for the graph phase ([`super::graph`]).
//!
//! Owns the field tables of ASL (fields of the other query language are left to
//! [`super::jsonata`], which words their refusal and checks JSONata expressions); it must not
//! judge transitions (graph phase) or parse paths itself (it calls [`crate::asl::path`] and
//! [`crate::asl::intrinsics`]).
//!
//! Each problem with an input that triggers it (locations are JSON-pointer-like, unescaped):
//! - `{"StartAt": "A"}`: `These fields are required: [States]` at `/`;
//! - `{"Type": "Foo"}`: `The field 'Type' should have one of these values: [Task, Wait, Pass,
//!   Succeed, Fail, Choice, Parallel, Map]` at `/States/S/Type`;
//! - `{"Type": "Pass", "Foo": 1, "End": true}`: `Field 'Foo' is not supported` at `/States/S`;
//! - `{"Type": "Pass"}`: `Exactly one of these fields is required: [Next, End]` at `/States/S`;
//! - `{"Type": "Wait", "Timestamp": "2016-13-05T21:29:29Z", ...}`: `String does not match
//!   RFC3339 timestamp` at `/States/S/Timestamp`;
//! - `{"Type": "Wait", "End": true}`: `Exactly one of these fields is required: [Seconds,
//!   Timestamp, SecondsPath, TimestampPath]`;
//! - `{"Type": "Fail", "Error": "E", "ErrorPath": "$.e"}`: `These fields cannot be set at the same
//!   time: [Error, ErrorPath]`;
//! - `{"Type": "Parallel", "Branches": [], ...}`: `Value cannot be empty` at `/States/S/Branches`;
//! - `Retry: [{"ErrorEquals": ["States.ALL", "E"]}]`: `States.ALL must appear alone in
//!   ErrorEquals`; `States.ALL` in a retrier that is not the last: `The retrier with States.ALL
//!   must be the last one`;
//! - an EXPRESS machine with `arn:aws:states:::sns:publish.waitForTaskToken`: `Express state
//!   machine does not support '.waitForTaskToken' service integration ` (AWS's trailing space) at
//!   `/States/S/Resource`; `.sync`: `... '.sync' service integration`; an activity ARN:
//!   `Express state machine does not support Activity ARN`;
//! - top-level `"QueryLanguage": "JSONata"` and a state with `"QueryLanguage": "JSONPath"`:
//!   `'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole state machine` at
//!   `/States/S`;
//! - a state name of 81 characters: `State name exceeds the maximum length of 80 characters`;
//! - warnings (never failing creation): `NO_DOLLAR` for `"Parameters": {"a": "$.x"}`, `NO_PATH`
//!   for a Fail `"Error": "$.e"`, `PASS_RESULT_IS_STATIC` for a Pass `"Result": {"a.$": "$"}`;
//! - a Map `"Label": "a b"` (or over 40 characters): `INVALID_LABEL_NAME` at `.../Label`; the
//!   same label on two Map states: `DUPLICATE_LABEL_NAME: Duplicate Label: L`.

use serde_json::{Map, Value};

use super::fields::{has_dollar_key, is_jsonata_expr, looks_dynamic, Out, PathKind};
use crate::asl::choice;
use crate::asl::choice::timestamp;
use crate::asl::error::codes;

pub const STATE_TYPES: &[&str] = &[
    "Task", "Wait", "Pass", "Succeed", "Fail", "Choice", "Parallel", "Map",
];

/// The most characters a state name may have.
pub const MAX_STATE_NAME: usize = 80;

/// One `StartAt` + `States` block (the machine, a Parallel branch, a Map processor).
#[derive(Debug, Default)]
pub struct Block {
    /// Location of the block's holder (`` for the machine, `/States/P/Branches/0`, ...).
    pub loc: String,
    pub start_at: Option<String>,
    pub states: Vec<StateInfo>,
}

#[derive(Debug)]
pub struct StateInfo {
    pub name: String,
    pub loc: String,
    /// `(target, location of the field naming it)`.
    pub edges: Vec<(String, String)>,
    /// `End: true`, `Succeed` or `Fail`.
    pub terminal: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Lang {
    JsonPath,
    Jsonata,
}

pub struct Walker<'a> {
    pub out: Out<'a>,
    pub express: bool,
    pub blocks: Vec<Block>,
    pub(super) top_jsonata: bool,
    /// Map `Label`s seen so far (they must be unique in the machine).
    pub(super) labels: Vec<String>,
}

impl<'a> Walker<'a> {
    pub fn new(out: Out<'a>, express: bool) -> Walker<'a> {
        Walker {
            out,
            express,
            blocks: Vec::new(),
            top_jsonata: false,
            labels: Vec::new(),
        }
    }

    /// The whole machine.
    pub fn machine(&mut self, def: &Map<String, Value>) {
        self.out.unknown(
            def,
            &[
                "Comment",
                "StartAt",
                "States",
                "Version",
                "TimeoutSeconds",
                "QueryLanguage",
            ],
            "/",
        );
        self.out.required(def, &["States", "StartAt"], "/");
        self.out.string(def, "Comment", "/");
        self.out.string(def, "Version", "/");
        self.out.integer(def, "TimeoutSeconds", 1, "/");
        self.out
            .one_of(def, "QueryLanguage", &["JSONPath", "JSONata"], "");
        self.top_jsonata = def.get("QueryLanguage").and_then(Value::as_str) == Some("JSONata");
        let lang = if self.top_jsonata {
            Lang::Jsonata
        } else {
            Lang::JsonPath
        };
        self.block(def, "", lang);
    }

    /// `StartAt` + `States` at `loc` (the holder). Required fields are checked by the caller.
    pub(super) fn block(&mut self, holder: &Map<String, Value>, loc: &str, lang: Lang) {
        let here = if loc.is_empty() { "/" } else { loc };
        self.out.string(holder, "StartAt", here);
        let mut block = Block {
            loc: loc.to_owned(),
            start_at: holder
                .get("StartAt")
                .and_then(Value::as_str)
                .map(str::to_owned),
            states: Vec::new(),
        };
        match holder.get("States") {
            None => {}
            Some(Value::Object(states)) if states.is_empty() => {
                self.out
                    .push("Value cannot be empty", format!("{loc}/States"));
            }
            Some(Value::Object(states)) => {
                let index = self.blocks.len();
                self.blocks.push(Block::default());
                for (name, state) in states {
                    let sloc = format!("{loc}/States/{name}");
                    if let Some(info) = self.state(name, state, &sloc, lang) {
                        block.states.push(info);
                    }
                }
                if let Some(slot) = self.blocks.get_mut(index) {
                    *slot = block;
                }
            }
            Some(_) => self.out.value("States", "an object", here),
        }
    }

    fn state(&mut self, name: &str, raw: &Value, loc: &str, outer: Lang) -> Option<StateInfo> {
        if name.chars().count() > MAX_STATE_NAME {
            self.out.push(
                format!("State name exceeds the maximum length of {MAX_STATE_NAME} characters"),
                loc,
            );
        }
        let Some(s) = raw.as_object() else {
            self.out.value(name, "an object", loc);
            return None;
        };
        let ql = s.get("QueryLanguage").and_then(Value::as_str);
        self.out
            .one_of(s, "QueryLanguage", &["JSONPath", "JSONata"], loc);
        if self.top_jsonata && ql == Some("JSONPath") {
            self.out.push(
                "'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole state machine",
                loc,
            );
        }
        let lang = match ql {
            Some("JSONata") => Lang::Jsonata,
            Some("JSONPath") => Lang::JsonPath,
            _ => outer,
        };
        let Some(ty) = s.get("Type") else {
            self.out.required(s, &["Type"], loc);
            return None;
        };
        let Some(ty) = ty.as_str().filter(|t| STATE_TYPES.contains(t)) else {
            self.out.push(
                format!(
                    "The field 'Type' should have one of these values: [{}]",
                    STATE_TYPES.join(", ")
                ),
                format!("{loc}/Type"),
            );
            return None;
        };
        // Fields of the other query language get their own message (validate::jsonata).
        let mut allowed = allowed_fields(ty, lang);
        allowed.extend(
            s.keys()
                .map(String::as_str)
                .filter(|k| super::jsonata::is_foreign(k, lang)),
        );
        self.out.unknown(s, &allowed, loc);
        super::jsonata::check_state(&mut self.out, s, loc, lang);
        self.out.string(s, "Comment", loc);

        let mut info = StateInfo {
            name: name.to_owned(),
            loc: loc.to_owned(),
            edges: Vec::new(),
            terminal: matches!(ty, "Succeed" | "Fail"),
        };
        if matches!(ty, "Task" | "Wait" | "Pass" | "Parallel" | "Map") {
            self.next_or_end(s, loc, &mut info);
        }
        if lang == Lang::JsonPath {
            self.io_paths(s, loc);
            if let Some(assign) = s.get("Assign") {
                self.out.template(assign, &format!("{loc}/Assign"));
            }
        }
        match ty {
            "Task" => self.task(s, loc, lang),
            "Wait" => self.wait(s, loc, lang),
            "Pass" if s.get("Result").is_some_and(has_dollar_key) => {
                self.out.warn(
                    codes::PASS_RESULT_IS_STATIC,
                    "The Result field of a Pass state is static: its '.$' fields are not \
                     evaluated (use Parameters)",
                    format!("{loc}/Result"),
                );
            }
            "Fail" => self.fail(s, loc, lang),
            "Choice" => self.choice(s, loc, lang, &mut info),
            "Parallel" => self.parallel(s, loc, lang),
            "Map" => self.map(s, loc, lang),
            _ => {}
        }
        if matches!(ty, "Task" | "Parallel" | "Map") {
            self.retry(s, loc);
            self.catch(s, loc, lang, &mut info);
        }
        Some(info)
    }

    fn next_or_end(&mut self, s: &Map<String, Value>, loc: &str, info: &mut StateInfo) {
        let end = match s.get("End") {
            None => false,
            Some(Value::Bool(b)) => *b,
            Some(_) => {
                self.out.value("End", "a boolean", loc);
                false
            }
        };
        let next = match s.get("Next") {
            None => None,
            Some(Value::String(n)) => Some(n.clone()),
            Some(_) => {
                self.out.value("Next", "a string", loc);
                None
            }
        };
        if end == s.contains_key("Next") {
            self.out
                .push("Exactly one of these fields is required: [Next, End]", loc);
        }
        if let Some(n) = next {
            info.edges.push((n, format!("{loc}/Next")));
        }
        info.terminal |= end;
    }

    /// InputPath/OutputPath/ResultPath and the templates of JSONPath states.
    fn io_paths(&mut self, s: &Map<String, Value>, loc: &str) {
        self.out.path(s, "InputPath", PathKind::Any, loc);
        self.out.path(s, "OutputPath", PathKind::Any, loc);
        self.out.path(s, "ResultPath", PathKind::Result, loc);
        for field in ["Parameters", "ResultSelector", "ItemSelector"] {
            if let Some(t) = s.get(field) {
                if !t.is_object() {
                    self.out.value(field, "an object", loc);
                }
                self.out.template(t, &format!("{loc}/{field}"));
            }
        }
    }

    fn task(&mut self, s: &Map<String, Value>, loc: &str, lang: Lang) {
        self.out.required(s, &["Resource"], loc);
        match s.get("Resource") {
            Some(Value::String(r)) => self.resource(r, &format!("{loc}/Resource"), loc),
            Some(_) => self.out.value("Resource", "a string", loc),
            None => {}
        }
        self.seconds_pair(s, "TimeoutSeconds", loc, lang);
        self.seconds_pair(s, "HeartbeatSeconds", loc, lang);
        if let (Some(t), Some(h)) = (
            s.get("TimeoutSeconds").and_then(Value::as_i64),
            s.get("HeartbeatSeconds").and_then(Value::as_i64),
        ) {
            if h >= t {
                self.out.push(
                    "The value for the field 'HeartbeatSeconds' must be smaller than the value \
                     for the field 'TimeoutSeconds'",
                    loc,
                );
            }
        }
        if let Some(c) = s.get("Credentials") {
            if !c.is_object() && !is_jsonata_expr(c) {
                self.out.value("Credentials", "an object", loc);
            } else if lang == Lang::JsonPath {
                self.out.template(c, &format!("{loc}/Credentials"));
            }
        }
    }

    /// `X` (a positive integer, or a JSONata expression) and `XPath`, never both.
    fn seconds_pair(&mut self, s: &Map<String, Value>, field: &str, loc: &str, lang: Lang) {
        let path_field = format!("{field}Path");
        if s.contains_key(field) && s.contains_key(&path_field) {
            self.out.push(
                format!("These fields cannot be set at the same time: [{field}, {path_field}]"),
                loc,
            );
        }
        let expr = lang == Lang::Jsonata && s.get(field).is_some_and(is_jsonata_expr);
        if !expr {
            self.out.integer(s, field, 1, loc);
        }
        self.out.path(s, &path_field, PathKind::Reference, loc);
    }

    /// Resource ARNs, and what EXPRESS machines cannot run.
    fn resource(&mut self, arn: &str, at: &str, holder: &str) {
        let parts: Vec<&str> = arn.split(':').collect();
        if let Err(e) = crate::integrations::arn::parse(arn) {
            self.out.push(e.to_string(), at);
            return;
        }
        let _ = holder;
        if !self.express {
            return;
        }
        let service = parts.get(2).copied().unwrap_or("");
        let kind = parts.get(5).copied().unwrap_or("");
        // `arn:aws:states:::sns:publish.waitForTaskToken`: the integration is the tail.
        let integration = parts.get(6..).map(|p| p.join(":")).unwrap_or_default();
        if service == "states" && kind == "activity" {
            self.out
                .push("Express state machine does not support Activity ARN", at);
        } else if service == "states" && integration.contains(".waitForTaskToken") {
            // AWS's message really ends with a space before " at".
            self.out.push(
                "Express state machine does not support '.waitForTaskToken' service integration ",
                at,
            );
        } else if service == "states"
            && (integration.ends_with(".sync") || integration.contains(".sync:"))
        {
            self.out.push(
                "Express state machine does not support '.sync' service integration",
                at,
            );
        }
    }

    fn wait(&mut self, s: &Map<String, Value>, loc: &str, lang: Lang) {
        let present: Vec<&str> = ["Seconds", "Timestamp", "SecondsPath", "TimestampPath"]
            .into_iter()
            .filter(|f| s.contains_key(*f))
            .collect();
        if present.len() != 1 {
            self.out.push(
                "Exactly one of these fields is required: [Seconds, Timestamp, SecondsPath, \
                 TimestampPath]",
                loc,
            );
        }
        let expr = |f: &str| lang == Lang::Jsonata && s.get(f).is_some_and(is_jsonata_expr);
        if !expr("Seconds") {
            self.out.integer(s, "Seconds", 0, loc);
        }
        if let Some(ts) = s.get("Timestamp") {
            if !expr("Timestamp") && ts.as_str().is_none_or(|t| timestamp::parse(t).is_none()) {
                self.out.push(
                    "String does not match RFC3339 timestamp",
                    format!("{loc}/Timestamp"),
                );
            }
        }
        self.out.path(s, "SecondsPath", PathKind::Reference, loc);
        self.out.path(s, "TimestampPath", PathKind::Reference, loc);
    }

    fn fail(&mut self, s: &Map<String, Value>, loc: &str, lang: Lang) {
        for (lit, path) in [("Error", "ErrorPath"), ("Cause", "CausePath")] {
            if s.contains_key(lit) && s.contains_key(path) {
                self.out.push(
                    format!("These fields cannot be set at the same time: [{lit}, {path}]"),
                    loc,
                );
            }
            self.out.string(s, lit, loc);
            if lang == Lang::JsonPath
                && s.get(lit)
                    .and_then(Value::as_str)
                    .is_some_and(looks_dynamic)
            {
                self.out.warn(
                    codes::NO_PATH,
                    format!(
                        "The value of the field '{lit}' looks like a JSONPath, but the field \
                         name does not end with 'Path'"
                    ),
                    format!("{loc}/{lit}"),
                );
            }
            if lang == Lang::JsonPath {
                self.out.path(s, path, PathKind::PathOrIntrinsic, loc);
            }
        }
    }

    fn choice(&mut self, s: &Map<String, Value>, loc: &str, lang: Lang, info: &mut StateInfo) {
        self.out.required(s, &["Choices"], loc);
        match s.get("Choices") {
            Some(Value::Array(rules)) if rules.is_empty() => {
                self.out
                    .push("Value cannot be empty", format!("{loc}/Choices"));
            }
            Some(Value::Array(rules)) => {
                for (i, rule) in rules.iter().enumerate() {
                    let rloc = format!("{loc}/Choices/{i}");
                    if lang == Lang::Jsonata {
                        self.jsonata_rule(rule, &rloc);
                    } else {
                        choice::check_rule(rule, &rloc, true, self.out.diags);
                    }
                    if let Some(next) = rule.get("Next").and_then(Value::as_str) {
                        info.edges.push((next.to_owned(), format!("{rloc}/Next")));
                    }
                }
            }
            Some(_) => self.out.value("Choices", "an array", loc),
            None => {}
        }
        match s.get("Default") {
            Some(Value::String(d)) => info.edges.push((d.clone(), format!("{loc}/Default"))),
            Some(_) => self.out.value("Default", "a string", loc),
            None => {}
        }
    }

    /// JSONata rules: `Condition` + `Next` (+ `Assign`, `Output`, `Comment`).
    fn jsonata_rule(&mut self, rule: &Value, loc: &str) {
        let Some(r) = rule.as_object() else {
            self.out.push("Choice rule must be an object", loc);
            return;
        };
        self.out.required(r, &["Condition", "Next"], loc);
        self.out.unknown(
            r,
            &["Condition", "Next", "Assign", "Output", "Comment"],
            loc,
        );
        self.out.string(r, "Next", loc);
    }
}

/// The fields a state of type `ty` may carry.
fn allowed_fields(ty: &str, lang: Lang) -> Vec<&'static str> {
    let mut f = vec!["Type", "Comment", "QueryLanguage", "Assign"];
    let flow = ["Next", "End"];
    let io = ["InputPath", "OutputPath"];
    let result = ["ResultPath", "Parameters", "ResultSelector"];
    let errors = ["Retry", "Catch"];
    // JSONata states use Arguments/Output in place of the JSONPath fields; we accept both sets
    // in JSONata states (light checks) but only JSONPath fields in JSONPath states.
    let jsonata = lang == Lang::Jsonata;
    match ty {
        "Pass" => {
            f.extend(flow);
            f.extend(io);
            f.extend(["ResultPath", "Parameters", "Result"]);
        }
        "Task" => {
            f.extend(flow);
            f.extend(io);
            f.extend(result);
            f.extend(errors);
            f.extend([
                "Resource",
                "TimeoutSeconds",
                "TimeoutSecondsPath",
                "HeartbeatSeconds",
                "HeartbeatSecondsPath",
                "Credentials",
            ]);
            if jsonata {
                f.push("Arguments");
            }
        }
        "Choice" => {
            f.extend(io);
            f.extend(["Choices", "Default"]);
        }
        "Wait" => {
            f.extend(flow);
            f.extend(io);
            f.extend(["Seconds", "Timestamp", "SecondsPath", "TimestampPath"]);
        }
        "Succeed" => f.extend(io),
        "Fail" => f.extend(["Error", "ErrorPath", "Cause", "CausePath"]),
        "Parallel" => {
            f.extend(flow);
            f.extend(io);
            f.extend(result);
            f.extend(errors);
            f.push("Branches");
            if jsonata {
                f.push("Arguments");
            }
        }
        "Map" => {
            f.extend(flow);
            f.extend(io);
            f.extend(result);
            f.extend(errors);
            f.extend([
                "ItemsPath",
                "ItemSelector",
                "ItemProcessor",
                "Iterator",
                "MaxConcurrency",
                "MaxConcurrencyPath",
                "ItemReader",
                "ItemBatcher",
                "ResultWriter",
                "Label",
                "ToleratedFailurePercentage",
                "ToleratedFailurePercentagePath",
                "ToleratedFailureCount",
                "ToleratedFailureCountPath",
            ]);
            if jsonata {
                f.push("Items");
                f.push("Arguments");
            }
        }
        _ => {}
    }
    if jsonata && ty != "Fail" {
        f.push("Output");
    }
    f
}
