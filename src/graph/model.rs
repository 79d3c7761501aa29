//! The graph model of a definition: each state a node, each way out of it an edge (Next,
//! Default, Choice rules, Catch, Retry self-loops), Parallel branches and Map processors as
//! nested scopes, and a start and an end marker per scope.
//!
//! Built from the compiled [`Plan`] (so the definition is validated exactly as CreateStateMachine
//! validates it) plus the raw JSON the plan keeps, for labels. Must not render or lay out.

use std::sync::Arc;

use serde_json::Value;

use crate::asl::plan::{Plan, StateKind};
use crate::asl::DefinitionError;

use super::label;

/// A whole definition as a graph.
#[derive(Debug, Clone, PartialEq)]
pub struct Graph {
    /// The top-level states.
    pub root: Scope,
}

/// One list of states with its own `StartAt`: the definition itself, a Parallel branch or a Map
/// item processor.
#[derive(Debug, Clone, PartialEq)]
pub struct Scope {
    /// Unique in the graph.
    pub id: String,
    /// `Branch 1`, `Item processor`, or the empty string for the top level.
    pub label: String,
    /// Start marker first, then the states in definition order, then the end marker.
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum NodeKind {
    Start,
    End,
    /// A state, with its `Type`.
    State(&'static str),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// Unique in the graph and safe in Mermaid, DOT and SVG ids (`n12`).
    pub id: String,
    /// The state name (`Start`/`End` for markers).
    pub name: String,
    pub kind: NodeKind,
    /// JSON pointer of the state in the definition (empty for markers).
    pub pointer: String,
    /// The state's own JSON (`null` for markers).
    pub definition: Value,
    /// Parallel branches, or the one Map item processor.
    pub scopes: Vec<Scope>,
}

impl Node {
    pub fn is_marker(&self) -> bool {
        !matches!(self.kind, NodeKind::State(_))
    }

    pub fn type_name(&self) -> &'static str {
        match self.kind {
            NodeKind::Start => "Start",
            NodeKind::End => "End",
            NodeKind::State(t) => t,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EdgeKind {
    /// From the start marker to `StartAt`.
    Start,
    Next,
    /// One rule of a Choice state, labelled with its condition.
    Choice,
    /// A Choice state's `Default`.
    Default,
    /// A catcher, labelled with its error names.
    Catch,
    /// A retrier: a self-loop labelled with its errors and attempts.
    Retry,
    /// From a terminal state (`End`, Succeed, Fail) to the end marker.
    End,
}

impl EdgeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EdgeKind::Start => "start",
            EdgeKind::Next => "next",
            EdgeKind::Choice => "choice",
            EdgeKind::Default => "default",
            EdgeKind::Catch => "catch",
            EdgeKind::Retry => "retry",
            EdgeKind::End => "end",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Edge {
    pub from: String,
    pub to: String,
    pub kind: EdgeKind,
    pub label: Option<String>,
}

impl Graph {
    /// Validates `definition` as CreateStateMachine does (AWS's messages) and builds its graph.
    pub fn from_definition(definition: &str) -> Result<Graph, DefinitionError> {
        let plan = crate::asl::compile(definition)?;
        Ok(Graph::from_plan(&plan))
    }

    /// The graph of an already compiled plan.
    pub fn from_plan(plan: &Plan) -> Graph {
        let mut ids = 0usize;
        Graph {
            root: scope(plan, "root".to_owned(), String::new(), "", &mut ids),
        }
    }

    /// Every node, nested ones included, parents before children.
    pub fn nodes(&self) -> Vec<&Node> {
        let mut out = Vec::new();
        fn walk<'a>(s: &'a Scope, out: &mut Vec<&'a Node>) {
            for n in &s.nodes {
                out.push(n);
                for c in &n.scopes {
                    walk(c, out);
                }
            }
        }
        walk(&self.root, &mut out);
        out
    }

    /// Every edge, nested ones included.
    pub fn edges(&self) -> Vec<&Edge> {
        let mut out = Vec::new();
        fn walk<'a>(s: &'a Scope, out: &mut Vec<&'a Edge>) {
            out.extend(s.edges.iter());
            for n in &s.nodes {
                for c in &n.scopes {
                    walk(c, out);
                }
            }
        }
        walk(&self.root, &mut out);
        out
    }

    /// The node with this id.
    pub fn node(&self, id: &str) -> Option<&Node> {
        self.nodes().into_iter().find(|n| n.id == id)
    }
}

fn fresh(ids: &mut usize) -> String {
    *ids += 1;
    format!("n{ids}")
}

fn scope(plan: &Plan, id: String, label: String, pointer: &str, ids: &mut usize) -> Scope {
    let raw_states = plan.definition.get("States");
    let start = Node {
        id: fresh(ids),
        name: "Start".to_owned(),
        kind: NodeKind::Start,
        pointer: String::new(),
        definition: Value::Null,
        scopes: Vec::new(),
    };
    // State ids first, so edges can name states defined later.
    let state_ids: Vec<String> = plan.states.iter().map(|_| fresh(ids)).collect();
    let end_id = fresh(ids);
    let mut nodes = vec![start];
    let mut edges = vec![Edge {
        from: nodes[0].id.clone(),
        to: state_ids[plan.start.0 as usize].clone(),
        kind: EdgeKind::Start,
        label: None,
    }];
    for (i, state) in plan.states.iter().enumerate() {
        let sid = &state_ids[i];
        let ptr = format!("{pointer}/States/{}", escape_pointer(&state.name));
        let raw = raw_states
            .and_then(|s| s.get(&state.name))
            .cloned()
            .unwrap_or(Value::Null);
        let target = |t: crate::asl::plan::StateId| state_ids[t.0 as usize].clone();
        let mut scopes = Vec::new();
        match &state.kind {
            StateKind::Choice { choices, default } => {
                let rules = raw.get("Choices").and_then(Value::as_array);
                for (k, (_, next)) in choices.iter().enumerate() {
                    let text = rules
                        .and_then(|r| r.get(k))
                        .map(label::condition)
                        .unwrap_or_else(|| format!("rule {}", k + 1));
                    edges.push(Edge {
                        from: sid.clone(),
                        to: target(*next),
                        kind: EdgeKind::Choice,
                        label: Some(text),
                    });
                }
                if let Some(d) = default {
                    edges.push(Edge {
                        from: sid.clone(),
                        to: target(*d),
                        kind: EdgeKind::Default,
                        label: Some("Default".to_owned()),
                    });
                }
            }
            StateKind::Parallel { branches } => {
                for (k, b) in branches.iter().enumerate() {
                    let p = format!("{ptr}/Branches/{k}");
                    scopes.push(child(b, sid, k, format!("Branch {}", k + 1), &p, ids));
                }
            }
            StateKind::Map(spec) => {
                let label = if spec.distributed {
                    "Item processor (distributed)"
                } else {
                    "Item processor"
                };
                let key = if raw.get("Iterator").is_some() {
                    "Iterator"
                } else {
                    "ItemProcessor"
                };
                let p = format!("{ptr}/{key}");
                scopes.push(child(&spec.processor, sid, 0, label.to_owned(), &p, ids));
            }
            _ => {}
        }
        match (&state.kind, state.next) {
            (StateKind::Choice { .. }, _) => {}
            (_, Some(next)) => edges.push(Edge {
                from: sid.clone(),
                to: target(next),
                kind: EdgeKind::Next,
                label: None,
            }),
            (_, None) => {
                edges.push(Edge {
                    from: sid.clone(),
                    to: end_id.clone(),
                    kind: EdgeKind::End,
                    label: None,
                });
            }
        }
        for r in &state.retry {
            edges.push(Edge {
                from: sid.clone(),
                to: sid.clone(),
                kind: EdgeKind::Retry,
                label: Some(label::retry(r)),
            });
        }
        for c in &state.catch {
            edges.push(Edge {
                from: sid.clone(),
                to: target(c.next),
                kind: EdgeKind::Catch,
                label: Some(label::catch(&c.errors)),
            });
        }
        nodes.push(Node {
            id: sid.clone(),
            name: state.name.clone(),
            kind: NodeKind::State(state.type_name()),
            pointer: ptr,
            definition: raw,
            scopes,
        });
    }
    nodes.push(Node {
        id: end_id,
        name: "End".to_owned(),
        kind: NodeKind::End,
        pointer: String::new(),
        definition: Value::Null,
        scopes: Vec::new(),
    });
    Scope {
        id,
        label,
        nodes,
        edges,
    }
}

fn child(
    plan: &Arc<Plan>,
    parent: &str,
    k: usize,
    label: String,
    pointer: &str,
    ids: &mut usize,
) -> Scope {
    scope(plan, format!("{parent}_s{k}"), label, pointer, ids)
}

/// RFC 6901: `~` becomes `~0`, `/` becomes `~1`.
fn escape_pointer(s: &str) -> String {
    s.replace('~', "~0").replace('/', "~1")
}
