//! The control API's log-group changes: `POST /_passo/logs/groups?logGroupName=NAME|ARN`
//! creates a group (or creates again a deleted one), `DELETE` with the same query deletes it
//! and its events. Both answer `{"logGroupName", "changed"}`; `changed` is false when the
//! group was already in that state. A deleted group is refused as a logging destination, as
//! AWS refuses a log group that does not exist.
//!
//! Owns only reading the request; [`super::Logs`] keeps the groups.

use serde_json::{json, Value};

use super::{query::group_name, Logs};

/// Answers one change: the HTTP status and body.
pub fn change(logs: &Logs, method: &str, query: &str) -> (u16, Value) {
    let name = form_urlencoded::parse(query.as_bytes())
        .find(|(k, _)| k == "logGroupName" || k == "logGroup")
        .map(|(_, v)| group_name(&v))
        .filter(|n| !n.is_empty());
    let Some(name) = name else {
        return (400, json!({"message": "logGroupName is required"}));
    };
    let changed = match method {
        "POST" => logs.create_group(&name),
        "DELETE" => logs.delete_group(&name),
        _ => return (405, json!({"message": "use POST or DELETE"})),
    };
    (200, json!({"logGroupName": name, "changed": changed}))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_deleted_group_is_gone_until_created_again() {
        let logs = Logs::new();
        assert!(logs.group_exists("/g"));
        let (status, body) = change(&logs, "DELETE", "logGroupName=%2Fg");
        assert_eq!((status, body["changed"].as_bool()), (200, Some(true)));
        assert!(!logs.group_exists("/g"));
        assert_eq!(
            change(&logs, "DELETE", "logGroupName=/g").1["changed"],
            false
        );
        let arn = "arn%3Aaws%3Alogs%3Aus-east-1%3A1%3Alog-group%3A%2Fg%3A*";
        assert_eq!(
            change(&logs, "POST", &format!("logGroup={arn}")).1["changed"],
            true
        );
        assert!(logs.group_exists("/g"));
        assert_eq!(logs.groups(), ["/g"]);
        assert_eq!(change(&logs, "POST", "").0, 400);
    }
}
