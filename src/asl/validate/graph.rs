//! The graph phase, run once the schema is sound: state names unique across the whole
//! definition, every transition target present in its own block, every state reachable, and
//! some way to end.
//!
//! Owns transition rules only; it must not re-check field shapes.
//!
//! Each problem with an input that triggers it:
//! - `"StartAt": "Nowhere"`: `MISSING_TRANSITION_TARGET: Missing 'Next' target: Nowhere` at
//!   `/StartAt`;
//! - `"Next": "pass3"` with no such state: `MISSING_TRANSITION_TARGET: Missing 'Next' target:
//!   pass3` at `/States/pass1/Next` (also `Default`, `Choices/i/Next`, `Catch/i/Next`);
//! - a state nothing names (not `StartAt`, no `Next`/`Default`/`Catch` target):
//!   `MISSING_TRANSITION_TARGET: State "pass2" is not reachable.` at `/States/pass2`;
//! - `A -> B -> A` with no `End`, `Succeed` or `Fail`: `MISSING_END_STATE: Workflow has no
//!   terminal state`, without a location (`at null` in CreateStateMachine's message) and
//!   instead of the unreachable-state reports;
//! - a name used in two Parallel branches: `DUPLICATE_STATE_NAME: Duplicate State name: X`.

use std::collections::{HashMap, HashSet};

use super::states::Block;
use crate::asl::error::{codes, Diagnostic};

pub fn check(blocks: &[Block], out: &mut Vec<Diagnostic>) {
    let mut seen: HashSet<&str> = HashSet::new();
    for block in blocks {
        for s in &block.states {
            if !seen.insert(s.name.as_str()) {
                out.push(Diagnostic::error(
                    codes::DUPLICATE_STATE_NAME,
                    format!("Duplicate State name: {}", s.name),
                    Some(s.loc.clone()),
                ));
            }
        }
    }
    for block in blocks {
        check_block(block, out);
    }
}

fn check_block(block: &Block, out: &mut Vec<Diagnostic>) {
    let index: HashMap<&str, usize> = block
        .states
        .iter()
        .enumerate()
        .map(|(i, s)| (s.name.as_str(), i))
        .collect();
    let missing = |target: &str, loc: String| {
        Diagnostic::error(
            codes::MISSING_TRANSITION_TARGET,
            format!("Missing 'Next' target: {target}"),
            Some(loc),
        )
    };
    let start = block
        .start_at
        .as_deref()
        .and_then(|s| index.get(s).copied());
    if let (Some(name), None) = (block.start_at.as_deref(), start) {
        out.push(missing(name, format!("{}/StartAt", block.loc)));
    }
    for s in &block.states {
        for (target, loc) in &s.edges {
            if !index.contains_key(target.as_str()) {
                out.push(missing(target, loc.clone()));
            }
        }
    }
    // AWS calls a state unreachable when nothing names it: not `StartAt`, no `Next`, `Default`
    // or `Catch` target. A missing `StartAt` target leaves the states it would lead to
    // reachable (`StartAt: Not sure` reports only the unnamed `Pass One`, not its `Next`).
    let mut named = vec![false; block.states.len()];
    if let Some(i) = start {
        if let Some(flag) = named.get_mut(i) {
            *flag = true;
        }
    }
    for s in &block.states {
        for (target, _) in &s.edges {
            // A state naming itself does not make it reachable.
            if *target == s.name {
                continue;
            }
            if let Some(flag) = index.get(target.as_str()).and_then(|&j| named.get_mut(j)) {
                *flag = true;
            }
        }
    }
    let has_end = block.states.iter().any(|s| s.terminal);
    // Without any terminal state AWS reports that alone, not the unreachable states.
    if has_end {
        for (s, r) in block.states.iter().zip(&named) {
            if !r {
                out.push(Diagnostic::error(
                    codes::MISSING_TRANSITION_TARGET,
                    format!("State \"{}\" is not reachable.", s.name),
                    Some(s.loc.clone()),
                ));
            }
        }
    }
    if !block.states.is_empty() && !has_end {
        out.push(Diagnostic::error(
            codes::MISSING_END_STATE,
            "Workflow has no terminal state",
            None,
        ));
    }
}
