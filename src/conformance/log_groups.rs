//! The CloudWatch log groups a recorded case creates and deletes in its `setup_calls`
//! (`logs.create_log_group`, `logs.delete_log_group`), applied in order to the emulator's log
//! groups before the replay: a test that deletes a group and then names it as a logging
//! destination expects AWS's "not found". Owns only that translation.

use serde_json::Value;

use super::case::Case;
use crate::Emulator;

/// Applies the case's log-group set-up calls.
pub fn seed(emu: &Emulator, case: &Case) {
    let calls = case.get("setup_calls").and_then(Value::as_array);
    let logs = emu.service().engine().logs();
    for call in calls.into_iter().flatten() {
        if call.get("service").and_then(Value::as_str) != Some("logs") {
            continue;
        }
        let Some(name) = call
            .get("params")
            .and_then(|p| p.get("logGroupName"))
            .and_then(Value::as_str)
        else {
            continue;
        };
        match call.get("op").and_then(Value::as_str) {
            Some("create_log_group") => {
                logs.create_group(name);
            }
            Some("delete_log_group") => {
                logs.delete_group(name);
            }
            _ => {}
        }
    }
}
