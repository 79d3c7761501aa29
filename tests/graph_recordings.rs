//! `passo graph` on real definitions: the recorded AWS cases (read from `../shared` at test
//! time). Checks the structure of the graph (counts of nodes and edges against the definition,
//! labels) and the path an execution's recorded history colours, never whole outputs.

use std::path::PathBuf;

use passo::graph::{self, overlay, EdgeKind, Format, Graph, RunStatus};
use serde_json::Value;

fn recordings() -> Option<PathBuf> {
    let mut dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    loop {
        let candidate = dir.join("shared/conformance/aws-recordings/cases");
        if candidate.is_dir() {
            return Some(candidate);
        }
        if !dir.pop() {
            return None;
        }
    }
}

fn case(name: &str) -> Option<Value> {
    let text = std::fs::read_to_string(recordings()?.join(format!("{name}.json"))).ok()?;
    serde_json::from_str(&text).ok()
}

/// What the definition itself says, counted straight from its JSON.
#[derive(Default, Debug, PartialEq)]
struct Counts {
    states: usize,
    scopes: usize,
    next: usize,
    choices: usize,
    defaults: usize,
    catches: usize,
    retries: usize,
    ends: usize,
}

fn count(def: &Value, c: &mut Counts) {
    c.scopes += 1;
    let Some(states) = def.get("States").and_then(Value::as_object) else {
        return;
    };
    for s in states.values() {
        c.states += 1;
        let ty = s.get("Type").and_then(Value::as_str).unwrap_or("");
        if s.get("Next").is_some() && ty != "Choice" {
            c.next += 1;
        }
        if s.get("End") == Some(&Value::Bool(true)) || ty == "Succeed" || ty == "Fail" {
            c.ends += 1;
        }
        c.choices += s
            .get("Choices")
            .and_then(Value::as_array)
            .map_or(0, Vec::len);
        c.defaults += usize::from(s.get("Default").is_some());
        c.catches += s.get("Catch").and_then(Value::as_array).map_or(0, Vec::len);
        c.retries += s.get("Retry").and_then(Value::as_array).map_or(0, Vec::len);
        for b in s
            .get("Branches")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            count(b, c);
        }
        if let Some(p) = s.get("ItemProcessor").or_else(|| s.get("Iterator")) {
            count(p, c);
        }
    }
}

fn graph_counts(g: &Graph) -> Counts {
    let mut c = Counts::default();
    let nodes = g.nodes();
    c.states = nodes.iter().filter(|n| !n.is_marker()).count();
    c.scopes = nodes
        .iter()
        .filter(|n| n.name == "Start" && n.is_marker())
        .count();
    for e in g.edges() {
        match e.kind {
            EdgeKind::Next => c.next += 1,
            EdgeKind::Choice => c.choices += 1,
            EdgeKind::Default => c.defaults += 1,
            EdgeKind::Catch => c.catches += 1,
            EdgeKind::Retry => c.retries += 1,
            EdgeKind::End => c.ends += 1,
            EdgeKind::Start => {}
        }
    }
    c
}

#[test]
fn every_recorded_definition_graphs_with_the_edges_it_declares() {
    let Some(dir) = recordings() else {
        eprintln!("skipped: no recordings folder");
        return;
    };
    let mut checked = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let case: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        if case["kind"] != "execution" || !case["definition"].is_object() {
            continue;
        }
        let text = case["definition"].to_string();
        // Definitions AWS accepted but passo's validator has not learnt yet are not ours here.
        let Ok(g) = Graph::from_definition(&text) else {
            continue;
        };
        let mut want = Counts::default();
        count(&case["definition"], &mut want);
        assert_eq!(graph_counts(&g), want, "{}", path.display());
        // Each scope has its start edge; every state name shows in every format.
        let starts = g
            .edges()
            .iter()
            .filter(|e| e.kind == EdgeKind::Start)
            .count();
        assert_eq!(starts, want.scopes, "{}", path.display());
        let svg = graph::render(&g, Format::Svg, None);
        let mermaid = graph::render(&g, Format::Mermaid, None);
        let dot = graph::render(&g, Format::Dot, None);
        assert_eq!(svg.matches("<g ").count(), svg.matches("</g>").count());
        // Every box is on the canvas, and boxes of one scope never overlap.
        let placed = graph::layout::layout(&g);
        for n in &placed.nodes {
            assert!(n.x >= 0.0 && n.y >= 0.0, "{}: {}", path.display(), n.name);
            assert!(
                n.x + n.w <= placed.width + 0.5,
                "{}: {}",
                path.display(),
                n.name
            );
            assert!(
                n.y + n.h <= placed.height + 0.5,
                "{}: {}",
                path.display(),
                n.name
            );
        }
        let scopes =
            std::iter::once(&g.root).chain(g.nodes().into_iter().flat_map(|n| n.scopes.iter()));
        for scope in scopes {
            let boxes: Vec<_> = placed
                .nodes
                .iter()
                .filter(|p| scope.nodes.iter().any(|n| n.id == p.id))
                .collect();
            for (i, a) in boxes.iter().enumerate() {
                for b in &boxes[i + 1..] {
                    let apart = a.x + a.w <= b.x + 0.5
                        || b.x + b.w <= a.x + 0.5
                        || a.y + a.h <= b.y + 0.5
                        || b.y + b.h <= a.y + 0.5;
                    assert!(apart, "{}: {} overlaps {}", path.display(), a.name, b.name);
                }
            }
        }
        for n in g.nodes().iter().filter(|n| !n.is_marker()) {
            let escaped = n.name.replace('&', "&amp;").replace('"', "&quot;");
            assert!(
                svg.contains(&format!("data-state=\"{escaped}\"")),
                "{}",
                n.name
            );
            assert!(mermaid.contains(&format!(" as {}\n", n.id)), "{}", n.name);
            assert!(dot.contains(&format!("{} [", n.id)), "{}", n.name);
        }
        checked += 1;
    }
    assert!(checked > 500, "only {checked} definitions graphed");
}

#[test]
fn choice_rules_read_as_conditions() {
    let Some(c) = case(
        "test_base_scenarios.TestBaseScenarios.test_choice_aws_docs_scenario[CHOICE_STATE_AWS_SCENARIO]",
    ) else {
        return;
    };
    let g = Graph::from_definition(&c["definition"].to_string()).unwrap();
    let labels: Vec<&str> = g
        .edges()
        .iter()
        .filter(|e| matches!(e.kind, EdgeKind::Choice | EdgeKind::Default))
        .filter_map(|e| e.label.as_deref())
        .collect();
    assert_eq!(labels.len(), 4);
    assert!(labels.contains(&"not ($.type == \"Private\")"));
    assert!(labels.contains(&"$.value == 0"));
    assert!(labels.contains(&"$.value >= 20 and $.value < 30"));
    assert!(labels.contains(&"Default"));
    // The recorded run went to ValueInTwenties: that edge is taken, the others not reached.
    let o = overlay::from_history(&Value::Array(
        c["expected"]["history"].as_array().unwrap().clone(),
    ));
    assert_eq!(o.status("ValueInTwenties"), RunStatus::Succeeded);
    assert_eq!(o.status("Public"), RunStatus::NotReached);
    assert!(o
        .taken
        .contains(&("ChoiceStateX".to_owned(), "ValueInTwenties".to_owned())));
    let mermaid = graph::render(&g, Format::Mermaid, Some(&o));
    assert!(mermaid.contains("(taken)"));
    assert!(mermaid.contains("not reached"));
}

#[test]
fn a_caught_map_failure_colours_each_state() {
    let Some(c) = case("test_base_scenarios.TestBaseScenarios.test_map_state_catch") else {
        return;
    };
    let g = Graph::from_definition(&c["definition"].to_string()).unwrap();
    let catch: Vec<_> = g
        .edges()
        .into_iter()
        .filter(|e| e.kind == EdgeKind::Catch)
        .collect();
    assert_eq!(catch.len(), 1);
    assert_eq!(catch[0].label.as_deref(), Some("catch HandleItemFailError"));
    // The Map holds its item processor as a nested scope with its own markers.
    let map = g
        .nodes()
        .into_iter()
        .find(|n| n.name == "MapState")
        .unwrap();
    assert_eq!(map.scopes.len(), 1);
    assert_eq!(map.scopes[0].nodes.len(), 3);

    let o = overlay::from_history(&c["expected"]["history"]);
    assert_eq!(o.execution_status, "SUCCEEDED");
    assert_eq!(o.status("StartState"), RunStatus::Succeeded);
    assert_eq!(o.status("MapState"), RunStatus::Caught);
    assert_eq!(o.status("HandleItemFail"), RunStatus::Failed);
    assert_eq!(o.status("FinalCaught"), RunStatus::Succeeded);
    assert_eq!(o.status("Final"), RunStatus::NotReached);
    let svg = graph::render(&g, Format::Svg, Some(&o));
    // Status as a class and as words.
    assert!(svg.contains("status-caught"));
    assert!(svg.contains("⚠ caught"));
    assert!(svg.contains("○ not reached"));
    assert!(svg.contains("class=\"edge catch taken\""));
}

#[test]
fn retries_are_self_loops_and_are_counted_from_the_history() {
    let Some(c) = case("test_base_scenarios.TestBaseScenarios.test_lambda_invoke_with_retry_base")
    else {
        return;
    };
    let g = Graph::from_definition(&c["definition"].to_string()).unwrap();
    let retry: Vec<_> = g
        .edges()
        .into_iter()
        .filter(|e| e.kind == EdgeKind::Retry)
        .collect();
    assert_eq!(retry.len(), 1);
    assert_eq!(retry[0].from, retry[0].to);
    assert_eq!(retry[0].label.as_deref(), Some("retry States.ALL ×3"));
    let o = overlay::from_history(&c["expected"]["history"]);
    let run = &o.states["InvokeLambdaWithRetry"];
    assert_eq!(run.retries, 3);
    assert_eq!(run.status, RunStatus::Caught);
    assert_eq!(run.error.as_deref().map(|e| !e.is_empty()), Some(true));
    assert_eq!(o.status("HandleError"), RunStatus::Succeeded);
    // Two states entered and three retries.
    assert_eq!(o.transitions, 5);
}

#[test]
fn a_retried_map_that_fails_is_failed_with_its_retries() {
    let Some(c) = case("test_base_scenarios.TestBaseScenarios.test_map_state_retry") else {
        return;
    };
    let o = overlay::from_history(&c["expected"]["history"]);
    assert_eq!(o.execution_status, "FAILED");
    let map = &o.states["MapState"];
    assert_eq!((map.status, map.retries), (RunStatus::Failed, 2));
    assert_eq!(o.states["HandleItemFail"].entered, 3);
    assert_eq!(o.status("Final"), RunStatus::NotReached);
}

#[test]
fn parallel_branches_are_nested_scopes() {
    let Some(c) = case("test_base_scenarios.TestBaseScenarios.test_parallel_state_catch") else {
        return;
    };
    let g = Graph::from_definition(&c["definition"].to_string()).unwrap();
    let par = g
        .nodes()
        .into_iter()
        .find(|n| n.name == "ParallelState")
        .unwrap();
    assert_eq!(par.scopes.len(), 1);
    assert_eq!(par.scopes[0].label, "Branch 1");
    let dot = graph::render(&g, Format::Dot, None);
    assert!(dot.contains(&format!("subgraph cluster_{}", par.id)));
    assert!(dot.contains(&format!("subgraph cluster_{}", par.scopes[0].id)));
    let mermaid = graph::render(&g, Format::Mermaid, None);
    assert!(mermaid.contains(&format!("state {} {{", par.id)));
    let o = overlay::from_history(&c["expected"]["history"]);
    assert_eq!(o.status("ParallelState"), RunStatus::Caught);
    assert_eq!(o.status("Branch1"), RunStatus::Failed);
}

#[test]
fn the_cli_writes_each_format_and_refuses_invalid_definitions() {
    let dir = tempfile::tempdir().unwrap();
    let def = dir.path().join("wf.json");
    std::fs::write(
        &def,
        r#"{"StartAt":"C","States":{"C":{"Type":"Choice","Choices":[{"Variable":"$.n","NumericGreaterThan":1,"Next":"W"}],"Default":"D"},"W":{"Type":"Wait","Seconds":5,"Next":"D"},"D":{"Type":"Succeed"}}}"#,
    )
    .unwrap();
    let bin = env!("CARGO_BIN_EXE_passo");
    for (ext, needle) in [
        ("svg", "<svg"),
        ("dot", "digraph"),
        ("mmd", "stateDiagram-v2"),
    ] {
        let out = dir.path().join(format!("wf.{ext}"));
        let status = std::process::Command::new(bin)
            .args(["graph", def.to_str().unwrap(), "-o", out.to_str().unwrap()])
            .status()
            .unwrap();
        assert!(status.success());
        let text = std::fs::read_to_string(&out).unwrap();
        assert!(text.contains(needle), "{ext}");
        assert!(
            text.contains("$.n &gt; 1") || text.contains("$.n > 1") || text.contains("$.n #gt; 1")
        );
    }
    std::fs::write(&def, r#"{"StartAt":"Nope","States":{}}"#).unwrap();
    let out = std::process::Command::new(bin)
        .args(["graph", def.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("InvalidDefinition"));
}
