//! `passo validate FILE...`: AWS's static errors (the same checks as CreateStateMachine, from
//! [`crate::asl::validate`]) plus lints AWS does not make, each with the JSON pointer of the
//! culprit, as human text or JSON (`--format json`). Exits non-zero when any file has an error.
//!
//! Lints (warnings):
//! - `unreachable-state`: no path from `StartAt` leads there (AWS only refuses states nothing
//!   names, so a cycle cut off from the start passes its check);
//! - `retry-without-max-attempts`: a retrier that relies on the implicit bound of 3 attempts;
//! - `task-without-catch`: a Task whose errors always fail the execution;
//! - `path-never-matches`: a context path (`$$.…`) naming a field the context object never has,
//!   `$$.Task.Token` outside a `.waitForTaskToken` Task, or a definite path that cannot match
//!   the constant output of the only state leading there (a Pass with a fixed `Result`).

use std::collections::{BTreeMap, HashSet, VecDeque};
use std::path::PathBuf;

use serde_json::{json, Map, Value};

use crate::asl::error::Severity;
use crate::asl::path::Path;

/// `passo validate`.
#[derive(Debug, Clone, clap::Args)]
pub struct ValidateArgs {
    /// ASL files (JSON), or CloudFormation/SAM templates (every state machine in them).
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// `human` or `json`.
    #[arg(long, default_value = "human", value_parser = ["human", "json"])]
    pub format: String,
    /// Validate ASL files as EXPRESS machines.
    #[arg(long)]
    pub express: bool,
    /// Leave out the lints (AWS's checks only).
    #[arg(long)]
    pub no_lints: bool,
}

/// One problem found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// `error` (AWS refuses the definition) or `warning`.
    pub severity: &'static str,
    /// AWS's code (`SCHEMA_VALIDATION_FAILED`, ...) or the lint's name.
    pub code: String,
    pub message: String,
    /// JSON pointer of the culprit inside the definition (`""` for the whole definition).
    pub pointer: String,
}

/// The findings of one definition.
pub fn check_definition(text: &str, express: bool, lints: bool) -> Vec<Finding> {
    let mut out: Vec<Finding> = Vec::new();
    let value = match crate::asl::validate::check_for_type(text, express) {
        Ok(v) => {
            out.extend(
                crate::asl::validate::diagnostics_for_type(&v, express)
                    .into_iter()
                    .map(from_diag),
            );
            v
        }
        Err(e) => {
            out.extend(e.diagnostics.into_iter().map(from_diag));
            match serde_json::from_str::<Value>(text) {
                Ok(v) => v,
                Err(_) => return out,
            }
        }
    };
    if lints && value.is_object() {
        let mut l = Vec::new();
        block(&value, "", &mut l);
        // A state AWS already reports (not reachable) needs no second report.
        l.retain(|f| {
            !out.iter()
                .any(|d| d.pointer == f.pointer && f.code == "unreachable-state")
        });
        out.extend(l);
    }
    out
}

fn from_diag(d: crate::asl::error::Diagnostic) -> Finding {
    Finding {
        severity: if d.severity == Severity::Error {
            "error"
        } else {
            "warning"
        },
        code: d.code,
        message: d.message,
        pointer: d.location.unwrap_or_default(),
    }
}

fn esc(s: &str) -> String {
    s.replace('~', "~0").replace('/', "~1")
}

fn warn(out: &mut Vec<Finding>, code: &str, message: String, pointer: String) {
    out.push(Finding {
        severity: "warning",
        code: code.to_owned(),
        message,
        pointer,
    });
}

fn targets(s: &Value) -> Vec<&str> {
    let mut t: Vec<&str> = Vec::new();
    t.extend(s["Next"].as_str());
    t.extend(s["Default"].as_str());
    for r in s["Choices"].as_array().into_iter().flatten() {
        t.extend(r["Next"].as_str());
    }
    for c in s["Catch"].as_array().into_iter().flatten() {
        t.extend(c["Next"].as_str());
    }
    t
}

/// Lints one block (`StartAt` + `States`) at `base` and its nested blocks.
fn block(def: &Value, base: &str, out: &mut Vec<Finding>) {
    let Some(states) = def["States"].as_object() else {
        return;
    };
    // Reachability from StartAt.
    let mut seen: HashSet<&str> = HashSet::new();
    let mut queue: VecDeque<&str> = def["StartAt"].as_str().into_iter().collect();
    while let Some(n) = queue.pop_front() {
        if !seen.insert(n) {
            continue;
        }
        if let Some(s) = states.get(n) {
            queue.extend(targets(s));
        }
    }
    // Predecessors, for the constant-input lint.
    let mut preds: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    if let Some(start) = def["StartAt"].as_str() {
        preds.entry(start).or_default().push("");
    }
    for (name, s) in states {
        for t in targets(s) {
            preds.entry(t).or_default().push(name);
        }
    }
    for (name, s) in states {
        let at = format!("{base}/States/{}", esc(name));
        if !seen.contains(name.as_str()) {
            warn(
                out,
                "unreachable-state",
                format!("State \"{name}\" cannot be reached from StartAt"),
                at.clone(),
            );
        }
        for (i, r) in s["Retry"].as_array().into_iter().flatten().enumerate() {
            if r.get("MaxAttempts").is_none() {
                warn(
                    out,
                    "retry-without-max-attempts",
                    format!(
                        "Retry of \"{name}\" has no MaxAttempts and relies on the default of 3"
                    ),
                    format!("{at}/Retry/{i}"),
                );
            }
        }
        let kind = s["Type"].as_str().unwrap_or_default();
        if kind == "Task" && s["Catch"].as_array().is_none_or(|c| c.is_empty()) {
            warn(
                out,
                "task-without-catch",
                format!("Task \"{name}\" has no Catch: any error it keeps after its retries fails the execution"),
                at.clone(),
            );
        }
        let token_task = s["Resource"]
            .as_str()
            .is_some_and(|r| r.ends_with(".waitForTaskToken"));
        let mut paths = Vec::new();
        collect_paths(s, &at, &mut paths);
        for (ptr, text) in &paths {
            if let Some(problem) = context_problem(text, token_task) {
                warn(
                    out,
                    "path-never-matches",
                    format!("{text}: {problem}"),
                    ptr.clone(),
                );
            }
        }
        // A definite path that misses the constant output of the only state leading here.
        if let Some([only]) = preds.get(name.as_str()).map(Vec::as_slice) {
            if let Some(input) = states.get(*only).and_then(constant_output) {
                let effective = match s["InputPath"].as_str().map(Path::parse) {
                    Some(Ok(p)) => p.select_in(&input).ok(),
                    Some(Err(_)) => None,
                    None => Some(input.clone()),
                };
                for (ptr, text) in &paths {
                    let doc = if ptr.ends_with("/InputPath") {
                        Some(&input)
                    } else {
                        effective.as_ref()
                    };
                    let (Some(doc), Ok(p)) = (doc, Path::parse(text)) else {
                        continue;
                    };
                    if p.root() != &crate::asl::path::Root::Input || !p.is_definite() {
                        continue;
                    }
                    if let Err(e) = p.select_in(doc) {
                        if e.is_no_match() {
                            warn(
                                out,
                                "path-never-matches",
                                format!(
                                    "{text} can never match: \"{only}\" always passes {}",
                                    serde_json::to_string(doc).unwrap_or_default()
                                ),
                                ptr.clone(),
                            );
                        }
                    }
                }
            }
        }
        for (i, b) in s["Branches"].as_array().into_iter().flatten().enumerate() {
            block(b, &format!("{at}/Branches/{i}"), out);
        }
        for key in ["ItemProcessor", "Iterator"] {
            if s[key].is_object() {
                block(&s[key], &format!("{at}/{key}"), out);
            }
        }
    }
}

/// The output of a state when it is the same whatever its input: a Pass with a static
/// `Result` (or payload template without `.$` keys), whole-input ResultPath and no OutputPath.
fn constant_output(s: &Value) -> Option<Value> {
    if s["Type"] != "Pass" || s.get("OutputPath").is_some() || s.get("InputPath").is_some() {
        return None;
    }
    if !matches!(s.get("ResultPath"), None | Some(Value::String(_)))
        || s["ResultPath"].as_str().is_some_and(|r| r != "$")
    {
        return None;
    }
    if let Some(r) = s.get("Result") {
        return Some(r.clone());
    }
    let p = s.get("Parameters")?;
    (!p.to_string().contains(".$")).then(|| p.clone())
}

/// Every JSONPath a state reads, as (pointer, text).
fn collect_paths(s: &Value, at: &str, out: &mut Vec<(String, String)>) {
    for f in [
        "InputPath",
        "OutputPath",
        "ItemsPath",
        "SecondsPath",
        "TimestampPath",
        "ErrorPath",
        "CausePath",
        "TimeoutSecondsPath",
        "HeartbeatSecondsPath",
    ] {
        if let Some(t) = s[f].as_str() {
            out.push((format!("{at}/{f}"), t.to_owned()));
        }
    }
    for f in ["Parameters", "ResultSelector", "ItemSelector", "Arguments"] {
        template_paths(&s[f], &format!("{at}/{f}"), out);
    }
    for (i, r) in s["Choices"].as_array().into_iter().flatten().enumerate() {
        rule_paths(r, &format!("{at}/Choices/{i}"), out);
    }
}

fn template_paths(v: &Value, at: &str, out: &mut Vec<(String, String)>) {
    match v {
        Value::Object(m) => {
            for (k, v) in m {
                let ptr = format!("{at}/{}", esc(k));
                match v {
                    Value::String(t)
                        if k.ends_with(".$") && t.starts_with('$') && !t.starts_with("States.") =>
                    {
                        out.push((ptr, t.clone()))
                    }
                    other => template_paths(other, &ptr, out),
                }
            }
        }
        Value::Array(a) => {
            for (i, v) in a.iter().enumerate() {
                template_paths(v, &format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

fn rule_paths(r: &Value, at: &str, out: &mut Vec<(String, String)>) {
    let Some(m) = r.as_object() else { return };
    for (k, v) in m {
        let ptr = format!("{at}/{}", esc(k));
        match (k.as_str(), v) {
            ("Variable", Value::String(t)) => out.push((ptr, t.clone())),
            (k, Value::String(t)) if k.ends_with("Path") && k != "Variable" => {
                out.push((ptr, t.clone()))
            }
            ("And" | "Or", Value::Array(a)) => {
                for (i, sub) in a.iter().enumerate() {
                    rule_paths(sub, &format!("{ptr}/{i}"), out);
                }
            }
            ("Not", sub) => rule_paths(sub, &ptr, out),
            _ => {}
        }
    }
}

/// Why a `$$` path can never match, if it cannot.
fn context_problem(text: &str, token_task: bool) -> Option<String> {
    let rest = text.strip_prefix("$$")?;
    let segs: Vec<&str> = rest
        .split(['.', '['])
        .filter(|s| !s.is_empty())
        .map(|s| s.trim_end_matches(']').trim_matches('\''))
        .collect();
    let fields: &[&str] = match segs.first().copied() {
        None => return None,
        Some("Execution") => &["Id", "Input", "Name", "RoleArn", "StartTime", "RedriveCount", "RedriveTime"],
        Some("State") => &["EnteredTime", "Name", "RetryCount"],
        Some("StateMachine") => &["Id", "Name"],
        Some("Task") => &["Token"],
        Some("Map") => &["Item"],
        Some(other) => {
            return Some(format!(
                "the context object has no field '{other}' (it has Execution, State, StateMachine, Task, Map)"
            ))
        }
    };
    let top = segs[0];
    if let Some(field) = segs.get(1) {
        if !fields.contains(field) {
            return Some(format!(
                "$$.{top} has no field '{field}' (it has {})",
                fields.join(", ")
            ));
        }
        if top == "Map" {
            if let Some(sub) = segs.get(2) {
                if !["Index", "Value", "Key", "Source"].contains(sub) {
                    return Some(format!(
                        "$$.Map.Item has no field '{sub}' (it has Index, Value, Key, Source)"
                    ));
                }
            }
        }
    }
    if top == "Task" && !token_task {
        return Some(
            "$$.Task.Token is only set in a Task whose resource ends in .waitForTaskToken".into(),
        );
    }
    None
}

/// The definitions a file holds: an ASL file is one; a template holds one per state machine.
fn definitions(
    path: &std::path::Path,
    express_flag: bool,
) -> Result<Vec<(Option<String>, String, bool)>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
    let is_yaml = path.extension().is_some_and(|e| e == "yaml" || e == "yml");
    let parsed = super::spec::parse_text(path, &text).ok();
    let is_template = parsed
        .as_ref()
        .is_some_and(|v| v.get("Resources").is_some());
    if !is_template {
        if is_yaml {
            let v = parsed.ok_or("not YAML")?;
            return Ok(vec![(None, v.to_string(), express_flag)]);
        }
        return Ok(vec![(None, text, express_flag)]);
    }
    let doc = parsed.unwrap_or_default();
    let dir = path.parent().unwrap_or(std::path::Path::new("."));
    let mut out = Vec::new();
    for (id, res) in doc["Resources"].as_object().into_iter().flatten() {
        let t = res["Type"].as_str().unwrap_or_default();
        if t == "AWS::StepFunctions::StateMachine" || t == "AWS::Serverless::StateMachine" {
            let found = super::template::from_template(&doc, dir, Some(id), &Map::new())?;
            out.push((
                Some(id.clone()),
                found.definition,
                found.express || express_flag,
            ));
        }
    }
    if out.is_empty() {
        return Err("the template has no state machine resource".into());
    }
    Ok(out)
}

/// `passo validate`.
pub fn run_cli(args: ValidateArgs) -> anyhow::Result<()> {
    let mut report = Vec::new();
    let mut errors = 0usize;
    for file in &args.files {
        let shown = file.display().to_string();
        match definitions(file, args.express) {
            Err(e) => {
                errors += 1;
                report.push((
                    shown,
                    None,
                    vec![Finding {
                        severity: "error",
                        code: "UNREADABLE".into(),
                        message: e,
                        pointer: String::new(),
                    }],
                ));
            }
            Ok(defs) => {
                for (machine, text, express) in defs {
                    let findings = check_definition(&text, express, !args.no_lints);
                    errors += findings.iter().filter(|f| f.severity == "error").count();
                    report.push((shown.clone(), machine, findings));
                }
            }
        }
    }
    if args.format == "json" {
        let files: Vec<Value> = report
            .iter()
            .map(|(file, machine, findings)| {
                json!({
                    "file": file,
                    "resource": machine,
                    "valid": !findings.iter().any(|f| f.severity == "error"),
                    "findings": findings.iter().map(|f| json!({
                        "severity": f.severity, "code": f.code, "message": f.message, "pointer": f.pointer,
                    })).collect::<Vec<_>>(),
                })
            })
            .collect();
        println!(
            "{}",
            serde_json::to_string_pretty(&json!({"files": files, "errors": errors}))?
        );
    } else {
        for (file, machine, findings) in &report {
            let name = match machine {
                Some(m) => format!("{file} ({m})"),
                None => file.clone(),
            };
            if findings.is_empty() {
                println!("{name}: ok");
            }
            for f in findings {
                let at = if f.pointer.is_empty() {
                    String::new()
                } else {
                    format!(" at {}", f.pointer)
                };
                println!("{name}: {} [{}]{at}: {}", f.severity, f.code, f.message);
            }
        }
    }
    if errors > 0 {
        anyhow::bail!("{errors} error(s) found");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(def: Value) -> Vec<(String, String)> {
        check_definition(&def.to_string(), false, true)
            .into_iter()
            .map(|f| (f.code, f.pointer))
            .collect()
    }

    #[test]
    fn lints_point_at_their_culprits() {
        let found = codes(json!({
            "StartAt": "P",
            "States": {
                "P": {"Type": "Pass", "Result": {"a": 1}, "Next": "T"},
                "T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                      "Parameters": {"x.$": "$.b", "y.$": "$$.Execution.Nope", "z.$": "$$.Task.Token"},
                      "Retry": [{"ErrorEquals": ["States.ALL"]}], "End": true},
                "L1": {"Type": "Pass", "Next": "L2"},
                "L2": {"Type": "Pass", "Next": "L1"}
            }
        }));
        let has = |code: &str, ptr: &str| found.iter().any(|(c, p)| c == code && p == ptr);
        assert!(
            has("path-never-matches", "/States/T/Parameters/x.$"),
            "{found:?}"
        );
        assert!(
            has("path-never-matches", "/States/T/Parameters/y.$"),
            "{found:?}"
        );
        assert!(
            has("path-never-matches", "/States/T/Parameters/z.$"),
            "{found:?}"
        );
        assert!(
            has("retry-without-max-attempts", "/States/T/Retry/0"),
            "{found:?}"
        );
        assert!(has("task-without-catch", "/States/T"), "{found:?}");
        assert!(has("unreachable-state", "/States/L1"), "{found:?}");
        assert!(has("unreachable-state", "/States/L2"), "{found:?}");
    }

    #[test]
    fn aws_errors_come_with_their_pointer() {
        let found = check_definition(
            r#"{"StartAt":"A","States":{"A":{"Type":"Pass","Next":"B"}}}"#,
            false,
            true,
        );
        assert!(
            found.iter().any(|f| f.severity == "error"
                && f.code == "MISSING_TRANSITION_TARGET"
                && f.pointer == "/States/A/Next"),
            "{found:?}"
        );
    }
}
