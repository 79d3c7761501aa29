//! A small layered layout of a [`Graph`], top to bottom, computed in Rust so the SVG output and
//! the web console need no JavaScript layout library.
//!
//! Each scope is laid out on its own (layers by longest path, back edges ignored; order within
//! a layer by barycenter sweeps), inside out: a Parallel or Map state becomes a box that holds
//! its branches side by side. Coordinates are absolute, in SVG user units. Must not draw.

use std::collections::HashMap;

use serde::Serialize;

use super::label::short;
use super::model::{Graph, NodeKind, Scope};

const STATE_H: f64 = 44.0;
const MARKER: f64 = 22.0;
const LAYER_GAP: f64 = 58.0;
const NODE_GAP: f64 = 36.0;
const PAD: f64 = 14.0;
const HEADER: f64 = 40.0;
const MARGIN: f64 = 20.0;
/// Characters of an edge label that are drawn (the model keeps the whole text).
pub const LABEL_CHARS: usize = 38;

/// A laid-out graph.
#[derive(Debug, Clone, Serialize)]
pub struct Layout {
    pub width: f64,
    pub height: f64,
    /// Outer boxes before inner ones (compound states come before their children).
    pub nodes: Vec<PlacedNode>,
    /// Parallel branches and Map item processors.
    pub groups: Vec<PlacedGroup>,
    pub edges: Vec<PlacedEdge>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PlacedNode {
    pub id: String,
    pub name: String,
    /// `Task`, `Choice`, ... or `Start` / `End` for markers.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// Whether this is a Parallel or Map state drawn around its branches.
    pub compound: bool,
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct PlacedGroup {
    pub id: String,
    pub label: String,
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct PlacedEdge {
    pub from: String,
    pub to: String,
    pub kind: &'static str,
    pub label: Option<String>,
    /// The SVG path (`M ... C ...`).
    pub path: String,
    pub label_x: f64,
    pub label_y: f64,
}

/// A scope laid out at the origin.
struct Sub {
    w: f64,
    h: f64,
    nodes: Vec<PlacedNode>,
    groups: Vec<PlacedGroup>,
    edges: Vec<PlacedEdge>,
}

impl Sub {
    fn shift(&mut self, dx: f64, dy: f64) {
        for n in &mut self.nodes {
            n.x += dx;
            n.y += dy;
        }
        for g in &mut self.groups {
            g.x += dx;
            g.y += dy;
        }
        for e in &mut self.edges {
            e.path = shift_path(&e.path, dx, dy);
            e.label_x += dx;
            e.label_y += dy;
        }
    }
}

fn shift_path(path: &str, dx: f64, dy: f64) -> String {
    // Paths are commands followed by `x y` pairs; shift each pair.
    let mut out = Vec::new();
    let mut nums = Vec::new();
    for tok in path.split_whitespace() {
        match tok.parse::<f64>() {
            Ok(v) => {
                nums.push(v);
                if nums.len() == 2 {
                    out.push(format!("{} {}", r(nums[0] + dx), r(nums[1] + dy)));
                    nums.clear();
                }
            }
            Err(_) => out.push(tok.to_owned()),
        }
    }
    out.join(" ")
}

fn r(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

/// Estimated text width at the graph's font size.
pub fn text_width(text: &str, px_per_char: f64) -> f64 {
    text.chars().count() as f64 * px_per_char
}

/// Lays out the whole graph.
pub fn layout(graph: &Graph) -> Layout {
    let mut sub = layout_scope(&graph.root);
    sub.shift(MARGIN, MARGIN);
    Layout {
        width: r(sub.w + 2.0 * MARGIN),
        height: r(sub.h + 2.0 * MARGIN),
        nodes: sub.nodes,
        groups: sub.groups,
        edges: sub.edges,
    }
}

fn layout_scope(scope: &Scope) -> Sub {
    let n = scope.nodes.len();
    let pos: HashMap<&str, usize> = scope
        .nodes
        .iter()
        .enumerate()
        .map(|(i, node)| (node.id.as_str(), i))
        .collect();

    // Sizes, children first.
    let mut children: Vec<Vec<Sub>> = Vec::with_capacity(n);
    let mut size = Vec::with_capacity(n);
    for node in &scope.nodes {
        let subs: Vec<Sub> = node.scopes.iter().map(layout_scope).collect();
        let name_w = text_width(&node.name, 7.4) + 40.0;
        let s = match node.kind {
            NodeKind::Start | NodeKind::End => (MARKER, MARKER),
            NodeKind::State(_) if !subs.is_empty() => {
                let inner: f64 = subs.iter().map(|s| s.w + 2.0 * PAD).sum::<f64>()
                    + NODE_GAP * (subs.len() as f64 - 1.0);
                let inner_h = subs
                    .iter()
                    .map(|s| s.h + 2.0 * PAD + 20.0)
                    .fold(0.0, f64::max);
                (inner.max(name_w) + 2.0 * PAD, HEADER + inner_h + PAD)
            }
            NodeKind::State(_) => (name_w.clamp(120.0, 280.0), STATE_H),
        };
        size.push(s);
        children.push(subs);
    }

    // Edges between distinct nodes (retries are self-loops and do not shape layers).
    let links: Vec<(usize, usize, usize)> = scope
        .edges
        .iter()
        .enumerate()
        .filter_map(|(k, e)| {
            let (a, b) = (*pos.get(e.from.as_str())?, *pos.get(e.to.as_str())?);
            (a != b).then_some((k, a, b))
        })
        .collect();
    let mut out_of: Vec<Vec<(usize, usize)>> = vec![Vec::new(); n];
    for &(k, a, b) in &links {
        out_of[a].push((k, b));
    }

    // Depth-first search from the start marker marks back edges and a discovery order.
    let mut back = vec![false; scope.edges.len()];
    let mut state = vec![0u8; n]; // 0 new, 1 on stack, 2 done
    let mut order = Vec::with_capacity(n);
    for root in 0..n {
        if state[root] != 0 {
            continue;
        }
        let mut stack = vec![(root, 0usize)];
        state[root] = 1;
        order.push(root);
        while let Some(&mut (v, ref mut i)) = stack.last_mut() {
            if let Some(&(k, w)) = out_of[v].get(*i) {
                *i += 1;
                match state[w] {
                    0 => {
                        state[w] = 1;
                        order.push(w);
                        stack.push((w, 0));
                    }
                    1 => back[k] = true,
                    _ => {}
                }
            } else {
                state[v] = 2;
                stack.pop();
            }
        }
    }

    // Longest-path layers over the forward edges.
    let mut layer = vec![0usize; n];
    let mut indeg = vec![0usize; n];
    for &(k, _, b) in &links {
        if !back[k] {
            indeg[b] += 1;
        }
    }
    let mut ready: Vec<usize> = order.iter().copied().filter(|&v| indeg[v] == 0).collect();
    ready.reverse();
    while let Some(v) = ready.pop() {
        for &(k, w) in &out_of[v] {
            if back[k] {
                continue;
            }
            layer[w] = layer[w].max(layer[v] + 1);
            indeg[w] -= 1;
            if indeg[w] == 0 {
                ready.push(w);
            }
        }
    }
    // The end marker sits alone at the bottom.
    let end = scope.nodes.iter().position(|x| x.kind == NodeKind::End);
    let max_state_layer = (0..n)
        .filter(|&i| Some(i) != end)
        .map(|i| layer[i])
        .max()
        .unwrap_or(0);
    if let Some(e) = end {
        layer[e] = max_state_layer + 1;
    }
    let layers_n = layer.iter().copied().max().unwrap_or(0) + 1;
    let mut layers: Vec<Vec<usize>> = vec![Vec::new(); layers_n];
    for &v in &order {
        layers[layer[v]].push(v);
    }

    // Barycenter sweeps: order each layer by the mean position of its predecessors.
    let mut preds: Vec<Vec<usize>> = vec![Vec::new(); n];
    for &(k, a, b) in &links {
        if !back[k] {
            preds[b].push(a);
        }
    }
    for _ in 0..3 {
        let mut rank = vec![0.0f64; n];
        for l in &layers {
            for (i, &v) in l.iter().enumerate() {
                rank[v] = i as f64;
            }
        }
        for l in layers.iter_mut().skip(1) {
            let key: HashMap<usize, f64> = l
                .iter()
                .enumerate()
                .map(|(i, &v)| {
                    let p = &preds[v];
                    let k = if p.is_empty() {
                        i as f64
                    } else {
                        p.iter().map(|&u| rank[u]).sum::<f64>() / p.len() as f64
                    };
                    (v, k)
                })
                .collect();
            l.sort_by(|a, b| key[a].total_cmp(&key[b]));
            for (i, &v) in l.iter().enumerate() {
                rank[v] = i as f64;
            }
        }
    }

    // Coordinates: layers stacked, each centred.
    let layer_w: Vec<f64> = layers
        .iter()
        .map(|l| l.iter().map(|&v| size[v].0).sum::<f64>() + NODE_GAP * (l.len().max(1) - 1) as f64)
        .collect();
    let content_w = layer_w.iter().copied().fold(0.0, f64::max);
    // Labelled edges leaving a layer are staggered below it; make room for them.
    let mut labelled = vec![0usize; layers_n];
    for (k, e) in scope.edges.iter().enumerate() {
        let from = pos.get(e.from.as_str()).copied();
        if let (Some(a), Some(_), false) = (from, e.label.as_ref(), back[k]) {
            if e.kind != super::model::EdgeKind::Retry {
                labelled[layer[a]] += 1;
            }
        }
    }
    let mut xy = vec![(0.0, 0.0); n];
    let mut extent = vec![(f64::MAX, 0.0f64); layers_n];
    let mut y = 0.0;
    for (li, l) in layers.iter().enumerate() {
        let h = l.iter().map(|&v| size[v].1).fold(0.0, f64::max);
        let mut x = (content_w - layer_w[li]) / 2.0;
        extent[li] = (x, x + layer_w[li]);
        for &v in l {
            xy[v] = (x, y + (h - size[v].1) / 2.0);
            x += size[v].0 + NODE_GAP;
        }
        y += h + LAYER_GAP + 14.0 * labelled[li].saturating_sub(1) as f64;
    }
    let content_h = (y - LAYER_GAP).max(0.0);

    let mut sub = Sub {
        w: content_w,
        h: content_h,
        nodes: Vec::new(),
        groups: Vec::new(),
        edges: Vec::new(),
    };
    // Edges.
    let mut right = content_w;
    let mut back_k = 0.0;
    let mut loops: HashMap<usize, f64> = HashMap::new();
    let mut labels_from: HashMap<usize, f64> = HashMap::new();
    let mut long_k = 0.0;
    let mut fan_out: HashMap<usize, (usize, usize)> = HashMap::new();
    for &(k, a, _) in &links {
        if !back[k] {
            fan_out.entry(a).or_insert((0, 0)).1 += 1;
        }
    }
    for (k, e) in scope.edges.iter().enumerate() {
        let (Some(&a), Some(&b)) = (pos.get(e.from.as_str()), pos.get(e.to.as_str())) else {
            continue;
        };
        let (ax, ay) = xy[a];
        let (aw, ah) = size[a];
        let (bx, by) = xy[b];
        let (bw, bh) = size[b];
        let text = e.label.as_deref().map(|l| short(l, LABEL_CHARS));
        let label_w = text.as_deref().map_or(0.0, |t| text_width(t, 6.2));
        let (path, lx, ly) = if a == b {
            let i = loops.entry(a).or_insert(0.0);
            let off = *i * 8.0;
            *i += 1.0;
            let (x0, y0, y1) = (ax + aw, ay + ah * 0.3, ay + ah * 0.7);
            let cx = x0 + 34.0 + off;
            right = right.max(cx + 6.0 + label_w);
            (
                format!(
                    "M {} {} C {} {} {} {} {} {}",
                    r(x0),
                    r(y0),
                    r(cx),
                    r(y0 - 14.0 - off),
                    r(cx),
                    r(y1 + 14.0 + off),
                    r(x0),
                    r(y1)
                ),
                cx - 4.0,
                ay + ah / 2.0 + off * 1.6,
            )
        } else if back[k] || layer[b] <= layer[a] {
            back_k += 1.0;
            let xr = content_w + 18.0 + back_k * 12.0;
            right = right.max(xr + 4.0 + label_w);
            let (x0, y0) = (ax + aw, ay + ah / 2.0);
            let (x1, y1) = (bx + bw, by + bh / 2.0);
            (
                format!(
                    "M {} {} C {} {} {} {} {} {}",
                    r(x0),
                    r(y0),
                    r(xr),
                    r(y0),
                    r(xr),
                    r(y1),
                    r(x1),
                    r(y1)
                ),
                xr - 2.0,
                (y0 + y1) / 2.0,
            )
        } else if layer[b] > layer[a] + 1 {
            // A long edge goes around the layers it skips, on the right.
            long_k += 1.0;
            let lane = ((layer[a] + 1)..layer[b])
                .map(|l| extent[l].1)
                .fold(0.0, f64::max)
                + 14.0
                + long_k * 8.0;
            right = right.max(lane + 4.0 + label_w);
            let (x0, y0) = (ax + aw / 2.0, ay + ah);
            let (x1, y1) = (bx + bw / 2.0, by);
            let ya = y0 + 22.0;
            let yb = y1 - 22.0;
            (
                format!(
                    "M {} {} C {} {} {} {} {} {} L {} {} C {} {} {} {} {} {}",
                    r(x0),
                    r(y0),
                    r(x0),
                    r(ya),
                    r(lane),
                    r(y0),
                    r(lane),
                    r(ya + 10.0),
                    r(lane),
                    r(yb - 10.0),
                    r(lane),
                    r(y1),
                    r(x1),
                    r(yb),
                    r(x1),
                    r(y1)
                ),
                lane + 4.0,
                ya + 16.0,
            )
        } else {
            let slot = fan_out.entry(a).or_insert((0, 1));
            let spread = if slot.1 > 1 {
                (slot.0 as f64 - (slot.1 as f64 - 1.0) / 2.0) * (aw * 0.6 / slot.1 as f64)
            } else {
                0.0
            };
            let stagger = if text.is_some() {
                let i = labels_from.entry(a).or_insert(0.0);
                *i += 1.0;
                (*i - 1.0) * 14.0
            } else {
                0.0
            };
            slot.0 += 1;
            let (x0, y0) = (ax + aw / 2.0 + spread, ay + ah);
            let (x1, y1) = (bx + bw / 2.0, by);
            let dy = (y1 - y0).max(20.0) / 2.0;
            let ly = y0 + 16.0 + stagger;
            // Where the curve is at that height (roughly): interpolate along x.
            let t = ((ly - y0) / (y1 - y0).max(1.0)).clamp(0.0, 1.0);
            let lx = bezier(x0, x0, x1, x1, t);
            (
                format!(
                    "M {} {} C {} {} {} {} {} {}",
                    r(x0),
                    r(y0),
                    r(x0),
                    r(y0 + dy),
                    r(x1),
                    r(y1 - dy),
                    r(x1),
                    r(y1)
                ),
                lx - label_w / 2.0,
                ly,
            )
        };
        sub.edges.push(PlacedEdge {
            from: e.from.clone(),
            to: e.to.clone(),
            kind: e.kind.as_str(),
            label: text,
            path,
            label_x: r(lx),
            label_y: r(ly),
        });
    }
    sub.w = right;

    // Nodes, and compound nodes' children placed inside them.
    for (i, node) in scope.nodes.iter().enumerate() {
        let (x, y) = xy[i];
        let (w, h) = size[i];
        sub.nodes.push(PlacedNode {
            id: node.id.clone(),
            name: node.name.clone(),
            kind: node.type_name(),
            compound: !children[i].is_empty(),
            x: r(x),
            y: r(y),
            w: r(w),
            h: r(h),
        });
        let subs = std::mem::take(&mut children[i]);
        let total: f64 = subs.iter().map(|s| s.w + 2.0 * PAD).sum::<f64>()
            + NODE_GAP * (subs.len().max(1) - 1) as f64;
        let mut cx = x + (w - total) / 2.0;
        let inner_h = h - HEADER - PAD;
        for (k, mut child) in subs.into_iter().enumerate() {
            let gw = child.w + 2.0 * PAD;
            sub.groups.push(PlacedGroup {
                id: node.scopes[k].id.clone(),
                label: node.scopes[k].label.clone(),
                x: r(cx),
                y: r(y + HEADER),
                w: r(gw),
                h: r(inner_h),
            });
            child.shift(cx + PAD, y + HEADER + PAD + 20.0);
            sub.nodes.append(&mut child.nodes);
            sub.groups.append(&mut child.groups);
            sub.edges.append(&mut child.edges);
            cx += gw + NODE_GAP;
        }
    }
    sub
}

fn bezier(p0: f64, p1: f64, p2: f64, p3: f64, t: f64) -> f64 {
    let u = 1.0 - t;
    u * u * u * p0 + 3.0 * u * u * t * p1 + 3.0 * u * t * t * p2 + t * t * t * p3
}
