//! Graphviz DOT output: one node per state (shape by type), Parallel branches and Map item
//! processors as nested `cluster_` subgraphs inside their state's cluster, labelled Choice,
//! Default, Catch and Retry edges, start and end markers. With an execution, each state is
//! filled by status and its label says the status in words.

use std::fmt::Write;

use super::label::short;
use super::layout::LABEL_CHARS;
use super::model::{EdgeKind, Graph, NodeKind, Scope};
use super::overlay::{Overlay, RunStatus};
use super::svg::{edge_taken, status_text};

fn quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn fill(st: RunStatus) -> &'static str {
    match st {
        RunStatus::Succeeded => "#e3f4e8",
        RunStatus::Failed => "#fde7e7",
        RunStatus::Caught => "#fff1dc",
        RunStatus::Running => "#e4efff",
        RunStatus::Cancelled => "#eceff3",
        RunStatus::NotReached => "#fafbfc",
    }
}

/// Renders the graph as a DOT digraph.
pub fn render(graph: &Graph, overlay: Option<&Overlay>) -> String {
    let mut s = String::from(
        "digraph passo {\n    rankdir=TB;\n    compound=true;\n    node [shape=box, style=\"rounded,filled\", fillcolor=\"#ffffff\", fontname=\"Helvetica\"];\n    edge [fontname=\"Helvetica\", fontsize=10];\n",
    );
    scope(&mut s, graph, &graph.root, 1, overlay);
    s.push_str("}\n");
    s
}

fn scope(s: &mut String, graph: &Graph, sc: &Scope, depth: usize, overlay: Option<&Overlay>) {
    let pad = "    ".repeat(depth);
    for n in &sc.nodes {
        match n.kind {
            NodeKind::Start => {
                let _ = writeln!(
                    s,
                    "{pad}{} [label=\"\", shape=circle, width=0.2, style=filled, fillcolor=black];",
                    n.id
                );
            }
            NodeKind::End => {
                let _ = writeln!(
                    s,
                    "{pad}{} [label=\"\", shape=doublecircle, width=0.15, style=filled, fillcolor=black];",
                    n.id
                );
            }
            NodeKind::State(kind) => {
                let shape = match kind {
                    "Choice" => "diamond",
                    "Succeed" | "Fail" => "box",
                    _ => "box",
                };
                let (label, color) = match overlay {
                    Some(o) => {
                        let (st, text) = status_text(o, &n.name);
                        (format!("{}\n{kind}\n{text}", n.name), fill(st))
                    }
                    None => (format!("{}\n{kind}", n.name), "#ffffff"),
                };
                if n.scopes.is_empty() {
                    let _ = writeln!(
                        s,
                        "{pad}{} [label={}, shape={shape}, fillcolor=\"{color}\"];",
                        n.id,
                        quote(&label)
                    );
                } else {
                    let _ = writeln!(s, "{pad}subgraph cluster_{} {{", n.id);
                    let _ = writeln!(s, "{pad}    label={};", quote(&label));
                    let _ = writeln!(s, "{pad}    style=\"rounded,dashed\";");
                    let _ = writeln!(
                        s,
                        "{pad}    {} [label={}, fillcolor=\"{color}\"];",
                        n.id,
                        quote(&format!("{} ({kind})", n.name))
                    );
                    for child in &n.scopes {
                        let _ = writeln!(s, "{pad}    subgraph cluster_{} {{", child.id);
                        let _ = writeln!(s, "{pad}        label={};", quote(&child.label));
                        let _ = writeln!(s, "{pad}        style=dotted;");
                        scope(s, graph, child, depth + 2, overlay);
                        let _ = writeln!(s, "{pad}    }}");
                        // The state hands its input to each branch's start.
                        if let Some(start) = child.nodes.first() {
                            let _ = writeln!(
                                s,
                                "{pad}    {} -> {} [style=dotted, arrowhead=none];",
                                n.id, start.id
                            );
                        }
                    }
                    let _ = writeln!(s, "{pad}}}");
                }
            }
        }
    }
    for e in &sc.edges {
        let mut attrs = Vec::new();
        if let Some(l) = &e.label {
            attrs.push(format!("label={}", quote(&short(l, LABEL_CHARS))));
        }
        let taken = overlay.is_some_and(|o| edge_taken(graph, o, &e.from, &e.to, e.kind.as_str()));
        let color = match (taken, e.kind) {
            (true, _) => Some("#1d7a3a"),
            (_, EdgeKind::Catch) => Some("#b3541e"),
            (_, EdgeKind::Retry) => Some("#6a4fb3"),
            _ => None,
        };
        match e.kind {
            EdgeKind::Catch | EdgeKind::Default => attrs.push("style=dashed".to_owned()),
            EdgeKind::Retry => attrs.push("style=dotted".to_owned()),
            _ => {}
        }
        if let Some(c) = color {
            attrs.push(format!("color=\"{c}\""));
        }
        if taken {
            attrs.push("penwidth=2.5".to_owned());
        }
        if attrs.is_empty() {
            let _ = writeln!(s, "{pad}{} -> {};", e.from, e.to);
        } else {
            let _ = writeln!(s, "{pad}{} -> {} [{}];", e.from, e.to, attrs.join(", "));
        }
    }
}
