//! Helpers for Rust tests that assert on an execution's history: the states entered, the event
//! types, and a readable panic message when an expectation fails.

use crate::store::HistoryEvent;

/// The names of the states entered, in history order (nested states included).
pub fn states_entered(history: &[HistoryEvent]) -> Vec<String> {
    history
        .iter()
        .filter(|e| e.event_type.ends_with("StateEntered"))
        .filter_map(super::run::entered_name)
        .map(str::to_owned)
        .collect()
}

/// The event types, in order.
pub fn event_types(history: &[HistoryEvent]) -> Vec<String> {
    history.iter().map(|e| e.event_type.clone()).collect()
}

/// Panics, listing the states entered, unless `expected` were entered in this relative order.
#[track_caller]
pub fn assert_entered_in_order(history: &[HistoryEvent], expected: &[&str]) {
    let entered = states_entered(history);
    let mut it = entered.iter();
    for want in expected {
        assert!(
            it.any(|n| n == want),
            "state '{want}' was not entered in the expected order {expected:?}; entered: {entered:?}"
        );
    }
}

/// Panics unless some event has this type.
#[track_caller]
pub fn assert_has_event(history: &[HistoryEvent], event_type: &str) {
    assert!(
        history.iter().any(|e| e.event_type == event_type),
        "no {event_type} event; events: {:?}",
        event_types(history)
    );
}
