//! SVG output of a [`Layout`]: one `<g>` per state carrying `data-state` (its name) so the web
//! console can find it, keyboard focus and ARIA labels, and, with an execution [`Overlay`], each
//! state's status as a class *and* as text (a glyph and a word), so colour is never the only
//! signal. Must not lay out.

use std::fmt::Write;

use super::layout::Layout;
use super::model::Graph;
use super::overlay::{Overlay, RunStatus};

const STYLE: &str = r#"
.passo-graph { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; }
.passo-graph .node rect { fill: #ffffff; stroke: #5f6b7a; stroke-width: 1.4; }
.passo-graph .node.compound > rect { fill: #f7f9fc; stroke-dasharray: 6 4; }
.passo-graph .group rect { fill: #eef2f7; stroke: #b8c2cf; stroke-dasharray: 3 3; }
.passo-graph .group text { font-size: 11px; fill: #4a5563; }
.passo-graph .node .name { font-size: 13px; font-weight: 600; fill: #16191f; }
.passo-graph .node .sub { font-size: 11px; fill: #4a5563; }
.passo-graph .marker circle { fill: #16191f; }
.passo-graph .marker.end circle.outer { fill: #ffffff; stroke: #16191f; stroke-width: 2; }
.passo-graph .edge path { fill: none; stroke: #7d8998; stroke-width: 1.4; }
.passo-graph .edge.catch path { stroke: #b3541e; stroke-dasharray: 6 3; }
.passo-graph .edge.retry path { stroke: #6a4fb3; stroke-dasharray: 2 3; }
.passo-graph .edge.default path { stroke-dasharray: 8 3; }
.passo-graph .edge.taken path { stroke: #1d7a3a; stroke-width: 2.6; }
.passo-graph .edge text { font-size: 11px; fill: #333c48; paint-order: stroke; stroke: #ffffff; stroke-width: 3px; }
.passo-graph .node.status-succeeded > rect { fill: #e3f4e8; stroke: #1d7a3a; stroke-width: 2; }
.passo-graph .node.status-failed > rect { fill: #fde7e7; stroke: #c62828; stroke-width: 2.4; }
.passo-graph .node.status-caught > rect { fill: #fff1dc; stroke: #b3541e; stroke-width: 2.2; }
.passo-graph .node.status-running > rect { fill: #e4efff; stroke: #1f5fbf; stroke-width: 2.4; }
.passo-graph .node.status-cancelled > rect { fill: #eceff3; stroke: #59636e; stroke-width: 2; }
.passo-graph .node.status-not-reached > rect { fill: #fafbfc; stroke: #b8c2cf; stroke-dasharray: 4 3; }
.passo-graph .node.status-not-reached .name { fill: #6b7685; }
.passo-graph .node:focus > rect, .passo-graph .node.selected > rect { stroke: #0b57d0; stroke-width: 3; }
.passo-graph .node { cursor: pointer; outline: none; }
"#;

fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The text under a state's name: its type, or with an execution its status
/// (`✓ succeeded ×3 · 2 retries`).
pub fn status_text(overlay: &Overlay, name: &str) -> (RunStatus, String) {
    let status = overlay.status(name);
    let mut text = format!("{} {}", status.glyph(), status.as_str());
    if let Some(run) = overlay.states.get(name) {
        if run.entered > 1 {
            let _ = write!(text, " ×{}", run.entered);
        }
        if run.retries > 0 {
            let _ = write!(
                text,
                " · {} retr{}",
                run.retries,
                if run.retries == 1 { "y" } else { "ies" }
            );
        }
    }
    (status, text)
}

/// Renders the laid-out graph; `overlay` colours and labels an execution's path.
pub fn render(graph: &Graph, layout: &Layout, overlay: Option<&Overlay>) -> String {
    let mut s = String::new();
    let _ = write!(
        s,
        r##"<svg xmlns="http://www.w3.org/2000/svg" class="passo-graph" width="{w}" height="{h}" viewBox="0 0 {w} {h}" role="group" aria-label="State machine graph"><style>{STYLE}</style><defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="9" markerHeight="9" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#7d8998"/></marker></defs>"##,
        w = layout.width,
        h = layout.height
    );
    // Compound states and groups first (they are backgrounds), then edges, then simple nodes.
    for n in layout.nodes.iter().filter(|n| n.compound) {
        node(&mut s, graph, n, overlay);
    }
    for g in &layout.groups {
        let _ = write!(
            s,
            r#"<g class="group" data-group="{}"><rect x="{}" y="{}" width="{}" height="{}" rx="6"/><text x="{}" y="{}">{}</text></g>"#,
            esc(&g.id),
            g.x,
            g.y,
            g.w,
            g.h,
            g.x + 8.0,
            g.y + 15.0,
            esc(&g.label)
        );
    }
    for e in &layout.edges {
        let taken = overlay.is_some_and(|o| edge_taken(graph, o, &e.from, &e.to, e.kind));
        let _ = write!(
            s,
            r#"<g class="edge {}{}" data-from="{}" data-to="{}"><path d="{}" marker-end="url(#arrow)"/>"#,
            e.kind,
            if taken { " taken" } else { "" },
            esc(&e.from),
            esc(&e.to),
            e.path
        );
        if let Some(l) = &e.label {
            let _ = write!(
                s,
                r#"<text x="{}" y="{}">{}</text>"#,
                e.label_x,
                e.label_y + 4.0,
                esc(l)
            );
        }
        s.push_str("</g>");
    }
    for n in layout.nodes.iter().filter(|n| !n.compound) {
        node(&mut s, graph, n, overlay);
    }
    s.push_str("</svg>");
    s
}

fn node(s: &mut String, graph: &Graph, n: &super::layout::PlacedNode, overlay: Option<&Overlay>) {
    if n.kind == "Start" || n.kind == "End" {
        let (cx, cy) = (n.x + n.w / 2.0, n.y + n.h / 2.0);
        let inner = if n.kind == "End" {
            format!(
                r#"<circle class="outer" cx="{cx}" cy="{cy}" r="{}"/><circle cx="{cx}" cy="{cy}" r="{}"/>"#,
                n.w / 2.0,
                n.w / 2.0 - 5.0
            )
        } else {
            format!(r#"<circle cx="{cx}" cy="{cy}" r="{}"/>"#, n.w / 2.0)
        };
        let _ = write!(
            s,
            r#"<g class="marker {}" data-id="{}" role="img" aria-label="{}"><title>{}</title>{inner}</g>"#,
            n.kind.to_lowercase(),
            n.id,
            n.kind,
            n.kind
        );
        return;
    }
    let (status_class, sub) = match overlay {
        Some(o) => {
            let (st, text) = status_text(o, &n.name);
            (format!(" status-{}", st.class()), text)
        }
        None => (String::new(), n.kind.to_owned()),
    };
    let pointer = graph
        .node(&n.id)
        .map(|x| x.pointer.clone())
        .unwrap_or_default();
    let _ = write!(
        s,
        r#"<g class="node type-{kind}{compound}{status_class}" data-id="{id}" data-state="{name}" data-pointer="{ptr}" tabindex="0" role="button" aria-label="{kind} state {name}: {sub}"><title>{name} ({kind}){title_sub}</title><rect x="{x}" y="{y}" width="{w}" height="{h}" rx="8"/>"#,
        kind = n.kind,
        compound = if n.compound { " compound" } else { "" },
        id = n.id,
        name = esc(&n.name),
        ptr = esc(&pointer),
        sub = esc(&sub),
        title_sub = if overlay.is_some() {
            format!(": {}", esc(&sub))
        } else {
            String::new()
        },
        x = n.x,
        y = n.y,
        w = n.w,
        h = n.h
    );
    if n.compound {
        let _ = write!(
            s,
            r#"<text class="name" x="{}" y="{}">{}</text><text class="sub" x="{}" y="{}">{}{}</text>"#,
            n.x + 12.0,
            n.y + 18.0,
            esc(&n.name),
            n.x + 12.0,
            n.y + 33.0,
            if overlay.is_some() {
                format!("{} · ", n.kind)
            } else {
                String::new()
            },
            esc(&sub)
        );
    } else {
        let cx = n.x + n.w / 2.0;
        let _ = write!(
            s,
            r#"<text class="name" x="{cx}" y="{}" text-anchor="middle">{}</text><text class="sub" x="{cx}" y="{}" text-anchor="middle">{}</text>"#,
            n.y + 19.0,
            esc(&n.name),
            n.y + 35.0,
            esc(&sub)
        );
    }
    s.push_str("</g>");
}

/// Whether an edge (by node ids) was taken in the execution.
pub fn edge_taken(graph: &Graph, o: &Overlay, from: &str, to: &str, kind: &str) -> bool {
    let (Some(a), Some(b)) = (graph.node(from), graph.node(to)) else {
        return false;
    };
    match kind {
        "start" => o.started.contains(&b.name),
        "end" => o.ended.contains(&a.name),
        "retry" => o.states.get(&a.name).is_some_and(|r| r.retries > 0),
        _ => o.taken.contains(&(a.name.clone(), b.name.clone())),
    }
}
