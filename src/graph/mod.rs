//! Definitions drawn as graphs: `passo graph`, and the picture the web console shows.
//!
//! [`Graph::from_definition`] builds the [`model`] (states, edges with readable labels, nested
//! scopes for Parallel and Map, start and end markers) from the parser and compiler in
//! [`crate::asl`]; [`layout`] places it; [`svg`], [`mermaid`] and [`dot`] render it; an
//! execution's history read by [`overlay`] colours and labels the path it took.
//!
//! Owns drawing only: no HTTP (the CLI's small client lives in [`cli`]), no engine.

pub mod cli;
pub mod dot;
pub mod label;
pub mod layout;
pub mod mermaid;
pub mod model;
pub mod overlay;
pub mod svg;

pub use model::{Edge, EdgeKind, Graph, Node, NodeKind, Scope};
pub use overlay::{Overlay, RunStatus, StateRun};

/// An output format of `passo graph`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Mermaid,
    Dot,
    Svg,
}

/// Renders `graph` in `format`, with an execution's path when `overlay` is given.
pub fn render(graph: &Graph, format: Format, overlay: Option<&Overlay>) -> String {
    match format {
        Format::Mermaid => mermaid::render(graph, overlay),
        Format::Dot => dot::render(graph, overlay),
        Format::Svg => svg::render(graph, &layout::layout(graph), overlay),
    }
}
