//! Mermaid output (`stateDiagram-v2`): states with their names, Choice rules, Default, Catch and
//! Retry edges labelled, Parallel branches as concurrent regions of a composite state, a Map's
//! item processor as a composite state, `[*]` for start and end. With an execution, each state
//! gets a class and a status note in its description.

use std::fmt::Write;

use super::label::short;
use super::layout::LABEL_CHARS;
use super::model::{Graph, NodeKind, Scope};
use super::overlay::{Overlay, RunStatus};
use super::svg::{edge_taken, status_text};

/// Mermaid treats `:` `;` `#` and quotes specially in labels; use its entity codes.
fn text(s: &str) -> String {
    s.replace('#', "#35;")
        .replace('"', "#quot;")
        .replace(';', "#59;")
        .replace(':', "#58;")
        .replace('{', "#123;")
        .replace('}', "#125;")
        .replace('<', "#lt;")
        .replace('>', "#gt;")
}

/// Renders the graph as a Mermaid state diagram.
pub fn render(graph: &Graph, overlay: Option<&Overlay>) -> String {
    let mut s = String::from("stateDiagram-v2\n");
    scope(&mut s, graph, &graph.root, 1, overlay);
    if overlay.is_some() {
        for (status, style) in [
            (
                RunStatus::Succeeded,
                "fill:#e3f4e8,stroke:#1d7a3a,stroke-width:2px",
            ),
            (
                RunStatus::Failed,
                "fill:#fde7e7,stroke:#c62828,stroke-width:3px",
            ),
            (
                RunStatus::Caught,
                "fill:#fff1dc,stroke:#b3541e,stroke-width:2px",
            ),
            (
                RunStatus::Running,
                "fill:#e4efff,stroke:#1f5fbf,stroke-width:3px",
            ),
            (
                RunStatus::Cancelled,
                "fill:#eceff3,stroke:#59636e,stroke-width:2px",
            ),
            (
                RunStatus::NotReached,
                "fill:#fafbfc,stroke:#b8c2cf,stroke-dasharray:4 3",
            ),
        ] {
            let _ = writeln!(s, "    classDef {} {style}", class_name(status));
        }
        for n in graph.nodes() {
            if let (Some(o), NodeKind::State(_)) = (overlay, &n.kind) {
                let _ = writeln!(s, "    class {} {}", n.id, class_name(o.status(&n.name)));
            }
        }
    }
    s
}

fn class_name(st: RunStatus) -> String {
    st.class().replace('-', "_")
}

fn scope(s: &mut String, graph: &Graph, sc: &Scope, depth: usize, overlay: Option<&Overlay>) {
    let pad = "    ".repeat(depth);
    for n in &sc.nodes {
        let NodeKind::State(kind) = n.kind else {
            continue;
        };
        let _ = writeln!(s, "{pad}state \"{}\" as {}", text(&n.name), n.id);
        let desc = match overlay {
            Some(o) => format!("{kind} · {}", status_text(o, &n.name).1),
            None => kind.to_owned(),
        };
        let _ = writeln!(s, "{pad}{} : {}", n.id, text(&desc));
        if !n.scopes.is_empty() {
            let _ = writeln!(s, "{pad}state {} {{", n.id);
            for (k, child) in n.scopes.iter().enumerate() {
                if k > 0 {
                    let _ = writeln!(s, "{pad}    --");
                }
                scope(s, graph, child, depth + 1, overlay);
            }
            let _ = writeln!(s, "{pad}}}");
        }
    }
    for e in &sc.edges {
        let from = if e.kind == super::model::EdgeKind::Start {
            "[*]".to_owned()
        } else {
            e.from.clone()
        };
        let to = if e.kind == super::model::EdgeKind::End {
            "[*]".to_owned()
        } else {
            e.to.clone()
        };
        let mut label = e
            .label
            .as_deref()
            .map(|l| text(&short(l, LABEL_CHARS)))
            .unwrap_or_default();
        if let Some(o) = overlay {
            if edge_taken(graph, o, &e.from, &e.to, e.kind.as_str()) {
                label = if label.is_empty() {
                    "taken".to_owned()
                } else {
                    format!("{label} (taken)")
                };
            }
        }
        if label.is_empty() {
            let _ = writeln!(s, "{pad}{from} --> {to}");
        } else {
            let _ = writeln!(s, "{pad}{from} --> {to} : {label}");
        }
    }
}
