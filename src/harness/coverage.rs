//! Coverage across a suite: which states were entered, which Choice branches (each rule and the
//! Default) were taken, and which Catch and Retry paths were used, per state machine.
//!
//! Read from histories alone, through `previousEventId` links: a state entered right after a
//! Choice's `ChoiceStateExited` took the rule that matches the input the Choice recorded
//! (evaluated again with passo's Choice engine; when that is impossible, as for rules on the
//! context object, the first rule leading there); a state entered right after a failure and the failed
//! state's exit was reached through its first catcher that matches the error and leads there; a
//! `*Scheduled` event right after a failure is a retry by the first retrier matching the error.

use std::collections::BTreeMap;
use std::fmt::Write;

use serde_json::{json, Value};

use super::run::{entered_name, state_of};
use super::CaseResult;
use crate::store::HistoryEvent;

/// One thing that can be covered.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Item {
    State(String),
    /// A Choice rule (by index) or its Default (`None`), with its target.
    Branch(String, Option<usize>, String),
    Catch(String, usize, String),
    Retry(String, usize),
}

impl Item {
    fn kind(&self) -> &'static str {
        match self {
            Item::State(_) => "states",
            Item::Branch(..) => "choiceBranches",
            Item::Catch(..) => "catchPaths",
            Item::Retry(..) => "retryPaths",
        }
    }

    fn label(&self) -> String {
        match self {
            Item::State(s) => s.clone(),
            Item::Branch(s, Some(i), t) => format!("{s}.Choices[{i}] -> {t}"),
            Item::Branch(s, None, t) => format!("{s}.Default -> {t}"),
            Item::Catch(s, i, t) => format!("{s}.Catch[{i}] -> {t}"),
            Item::Retry(s, i) => format!("{s}.Retry[{i}]"),
        }
    }
}

/// What a definition offers to cover, and its rules to attribute hits.
#[derive(Debug, Default)]
struct Shape {
    items: Vec<Item>,
    /// state → its definition object.
    states: BTreeMap<String, Value>,
}

fn walk(states: &Value, shape: &mut Shape) {
    let Some(states) = states.as_object() else {
        return;
    };
    for (name, s) in states {
        shape.items.push(Item::State(name.clone()));
        for (i, rule) in s["Choices"].as_array().into_iter().flatten().enumerate() {
            let next = rule["Next"].as_str().unwrap_or_default().to_owned();
            shape.items.push(Item::Branch(name.clone(), Some(i), next));
        }
        if let Some(d) = s["Default"].as_str() {
            shape
                .items
                .push(Item::Branch(name.clone(), None, d.to_owned()));
        }
        for (i, c) in s["Catch"].as_array().into_iter().flatten().enumerate() {
            let next = c["Next"].as_str().unwrap_or_default().to_owned();
            shape.items.push(Item::Catch(name.clone(), i, next));
        }
        for i in 0..s["Retry"].as_array().map_or(0, Vec::len) {
            shape.items.push(Item::Retry(name.clone(), i));
        }
        for b in s["Branches"].as_array().into_iter().flatten() {
            walk(&b["States"], shape);
        }
        for key in ["ItemProcessor", "Iterator"] {
            walk(&s[key]["States"], shape);
        }
        shape.states.insert(name.clone(), s.clone());
    }
}

/// Whether an `ErrorEquals` list matches `error`.
fn matches(list: &Value, error: &str) -> bool {
    list.as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .any(|e| {
            e == error
                || e == "States.ALL"
                || (e == "States.TaskFailed"
                    && error != "States.Timeout"
                    && !error.starts_with("States."))
        })
}

fn error_of(e: &HistoryEvent) -> &str {
    e.details
        .as_ref()
        .and_then(|d| d.str_field("error"))
        .unwrap_or_default()
}

fn is_failure(e: &HistoryEvent) -> bool {
    let t = e.event_type.as_str();
    (t.ends_with("Failed") || t.ends_with("TimedOut"))
        && !t.starts_with("Execution")
        && !t.starts_with("MapRun")
}

fn event(history: &[HistoryEvent], id: u64) -> Option<&HistoryEvent> {
    history.get(usize::try_from(id).ok()?.checked_sub(1)?)
}

/// The Choice rule that sent the execution to `target`, found by evaluating the rules (with
/// passo's own Choice engine) on the input the `ChoiceStateEntered` event recorded. `None` when
/// that cannot be done (rules reading the context object or variables).
fn evaluated_rule(
    history: &[HistoryEvent],
    exited: &HistoryEvent,
    def: &Value,
    target: &str,
) -> Option<usize> {
    let mut e = event(history, exited.previous_event_id)?;
    while !e.event_type.ends_with("StateEntered") {
        e = event(history, e.previous_event_id)?;
    }
    let raw = e.details.as_ref()?.str_field("input")?;
    let mut input: Value = serde_json::from_str(raw).ok()?;
    if let Some(p) = def["InputPath"].as_str() {
        input = crate::asl::path::Path::parse(p)
            .ok()?
            .select_in(&input)
            .ok()?;
    }
    let scope = crate::asl::path::Scope {
        input: &input,
        context: &Value::Null,
        variables: None,
    };
    for (i, raw) in def["Choices"].as_array()?.iter().enumerate() {
        let rule = crate::asl::choice::Rule::compile(raw).ok()?;
        if rule.eval(&scope).ok()? {
            return (rule.next() == Some(target)).then_some(i);
        }
    }
    None
}

/// The items one history covers, given the machine's shape.
fn hits(shape: &Shape, history: &[HistoryEvent]) -> Vec<Item> {
    let mut out = Vec::new();
    for e in history {
        if e.event_type.ends_with("StateEntered") {
            let Some(target) = entered_name(e) else {
                continue;
            };
            out.push(Item::State(target.to_owned()));
            let Some(prev) = event(history, e.previous_event_id) else {
                continue;
            };
            let before = event(history, prev.previous_event_id);
            if prev.event_type.ends_with("StateExited") && before.is_some_and(is_failure) {
                // A caught error: the failure, the state's exit, then the catcher's Next.
                let (Some(failed), Some(failure)) = (entered_name(prev), before) else {
                    continue;
                };
                let def = shape.states.get(failed).cloned().unwrap_or_default();
                let error = error_of(failure);
                if let Some(i) = def["Catch"].as_array().into_iter().flatten().position(|c| {
                    c["Next"].as_str() == Some(target) && matches(&c["ErrorEquals"], error)
                }) {
                    out.push(Item::Catch(failed.to_owned(), i, target.to_owned()));
                }
            } else if prev.event_type == "ChoiceStateExited" {
                let Some(choice) = entered_name(prev) else {
                    continue;
                };
                let def = &shape.states.get(choice).cloned().unwrap_or_default();
                let rule = evaluated_rule(history, prev, def, target).or_else(|| {
                    def["Choices"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .position(|r| r["Next"].as_str() == Some(target))
                });
                match rule {
                    Some(i) => {
                        out.push(Item::Branch(choice.to_owned(), Some(i), target.to_owned()))
                    }
                    None if def["Default"].as_str() == Some(target) => {
                        out.push(Item::Branch(choice.to_owned(), None, target.to_owned()))
                    }
                    None => {}
                }
            } else if is_failure(prev) {
                let Some(failed) = state_of(history, prev.id) else {
                    continue;
                };
                let def = shape.states.get(&failed).cloned().unwrap_or_default();
                let error = error_of(prev);
                if let Some(i) = def["Catch"].as_array().into_iter().flatten().position(|c| {
                    c["Next"].as_str() == Some(target) && matches(&c["ErrorEquals"], error)
                }) {
                    out.push(Item::Catch(failed, i, target.to_owned()));
                }
            }
        } else if e.event_type.ends_with("Scheduled") {
            let Some(prev) = event(history, e.previous_event_id) else {
                continue;
            };
            if !is_failure(prev) {
                continue;
            }
            let Some(state) = state_of(history, prev.id) else {
                continue;
            };
            let def = shape.states.get(&state).cloned().unwrap_or_default();
            let error = error_of(prev);
            if let Some(i) = def["Retry"]
                .as_array()
                .into_iter()
                .flatten()
                .position(|r| matches(&r["ErrorEquals"], error))
            {
                out.push(Item::Retry(state, i));
            }
        }
    }
    out
}

/// Coverage of each state machine a suite ran.
#[derive(Debug, Default)]
pub struct Coverage {
    /// machine name → item → times hit.
    pub machines: BTreeMap<String, BTreeMap<Item, u64>>,
}

impl Coverage {
    pub fn of(results: &[CaseResult]) -> Coverage {
        let mut cov = Coverage::default();
        let mut shapes: BTreeMap<String, Shape> = BTreeMap::new();
        for r in results {
            let m = &r.case.machine;
            let shape = shapes.entry(m.name.clone()).or_insert_with(|| {
                let mut s = Shape::default();
                if let Ok(def) = serde_json::from_str::<Value>(&m.definition) {
                    walk(&def["States"], &mut s);
                }
                s
            });
            let entry = cov.machines.entry(m.name.clone()).or_default();
            for item in &shape.items {
                entry.entry(item.clone()).or_insert(0);
            }
            if let Ok(o) = &r.outcome {
                for item in hits(shape, &o.history) {
                    if let Some(n) = entry.get_mut(&item) {
                        *n += 1;
                    }
                }
            }
        }
        cov
    }

    fn counts(items: &BTreeMap<Item, u64>, kind: &str) -> (usize, usize, Vec<String>) {
        let of_kind: Vec<(&Item, &u64)> = items.iter().filter(|(i, _)| i.kind() == kind).collect();
        let hit = of_kind.iter().filter(|(_, n)| **n > 0).count();
        let missed = of_kind
            .iter()
            .filter(|(_, n)| **n == 0)
            .map(|(i, _)| i.label())
            .collect();
        (hit, of_kind.len(), missed)
    }

    /// The human report.
    pub fn text(&self) -> String {
        let mut out = String::from("coverage:\n");
        for (machine, items) in &self.machines {
            let _ = writeln!(out, "  {machine}");
            for kind in ["states", "choiceBranches", "catchPaths", "retryPaths"] {
                let (hit, total, missed) = Coverage::counts(items, kind);
                if total == 0 {
                    continue;
                }
                let pct = 100.0 * hit as f64 / total as f64;
                let _ = write!(out, "    {kind:<15} {hit:>3}/{total:<3} {pct:5.1}%");
                if !missed.is_empty() {
                    let _ = write!(out, "  missed: {}", missed.join(", "));
                }
                out.push('\n');
            }
        }
        out.trim_end().to_owned()
    }

    /// The JSON report: per machine and kind, counts and the items with their hit counts.
    pub fn json(&self) -> Value {
        let machines: Vec<Value> = self
            .machines
            .iter()
            .map(|(machine, items)| {
                let mut m = serde_json::Map::new();
                m.insert("stateMachine".into(), json!(machine));
                for kind in ["states", "choiceBranches", "catchPaths", "retryPaths"] {
                    let (hit, total, _) = Coverage::counts(items, kind);
                    let list: Vec<Value> = items
                        .iter()
                        .filter(|(i, _)| i.kind() == kind)
                        .map(|(i, n)| json!({"item": i.label(), "hits": n}))
                        .collect();
                    m.insert(
                        kind.into(),
                        json!({"covered": hit, "total": total, "items": list}),
                    );
                }
                Value::Object(m)
            })
            .collect();
        json!({"stateMachines": machines})
    }
}
