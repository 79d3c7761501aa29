//! The `<camelCaseType>EventDetails` member of a history event as the store keeps it.
//!
//! Every state writes a `*StateEntered` and a `*StateExited` event, so those two shapes are
//! kept as plain strings (a name and a text) instead of a JSON object: building, cloning and
//! dropping an object per event was most of the interpreter's time and memory. Every other
//! event keeps its member name and JSON object. Both serialise as the pair `[member, object]`
//! with the object AWS writes, so the file store reads what older versions wrote.
//!
//! Owns the representation and its conversions. Must not decide what goes in an event: the
//! engine's `history` module does.

use std::borrow::Cow;

use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

const ENTERED: &str = "stateEnteredEventDetails";
const EXITED: &str = "stateExitedEventDetails";

/// The details of one history event.
#[derive(Debug, Clone, PartialEq)]
pub enum EventDetails {
    /// `stateEnteredEventDetails`: `{name, input, inputDetails: {truncated: false}}`.
    StateEntered { name: String, input: String },
    /// `stateExitedEventDetails`: `{name, output, outputDetails: {truncated: false}}`.
    StateExited { name: String, output: String },
    /// Any other member: its name and object.
    Json(String, Value),
}

impl EventDetails {
    /// Details from a member name and its object; the two per-state shapes become their
    /// compact form, so that equal details always compare equal.
    pub fn json(key: impl Into<String>, value: Value) -> EventDetails {
        let key = key.into();
        let entered = key == ENTERED;
        if entered || key == EXITED {
            if let Some((name, text)) = compact(&value, entered) {
                return if entered {
                    EventDetails::StateEntered { name, input: text }
                } else {
                    EventDetails::StateExited { name, output: text }
                };
            }
        }
        EventDetails::Json(key, value)
    }

    /// The member name, for example `stateEnteredEventDetails`.
    pub fn key(&self) -> &str {
        match self {
            EventDetails::StateEntered { .. } => ENTERED,
            EventDetails::StateExited { .. } => EXITED,
            EventDetails::Json(key, _) => key,
        }
    }

    /// A string member of the object (`name`, `input`, `error`, ...).
    pub fn str_field(&self, field: &str) -> Option<&str> {
        match (self, field) {
            (EventDetails::StateEntered { name, .. }, "name")
            | (EventDetails::StateExited { name, .. }, "name") => Some(name),
            (EventDetails::StateEntered { input, .. }, "input") => Some(input),
            (EventDetails::StateExited { output, .. }, "output") => Some(output),
            (EventDetails::Json(_, v), _) => v.get(field)?.as_str(),
            _ => None,
        }
    }

    /// A member of the object, borrowed when the details are kept as JSON.
    pub fn get(&self, field: &str) -> Option<Cow<'_, Value>> {
        match self {
            EventDetails::Json(_, v) => v.get(field).map(Cow::Borrowed),
            _ => match self.to_value() {
                Value::Object(mut m) => m.remove(field).map(Cow::Owned),
                _ => None,
            },
        }
    }

    /// The object AWS writes.
    pub fn to_value(&self) -> Value {
        match self.compact() {
            Some((_, c)) => c.to_value(),
            None => match self {
                EventDetails::Json(_, v) => v.clone(),
                _ => Value::Null,
            },
        }
    }

    /// The member name and the object AWS writes.
    pub fn into_parts(self) -> (String, Value) {
        if let EventDetails::Json(key, v) = self {
            return (key, v);
        }
        self.compact()
            .map(|(key, c)| (key.to_owned(), c.to_value()))
            .unwrap_or_default()
    }

    /// The member name and object of the compact shapes.
    fn compact(&self) -> Option<(&'static str, Compact<'_>)> {
        match self {
            EventDetails::StateEntered { name, input } => Some((
                ENTERED,
                Compact {
                    name,
                    text_key: "input",
                    text: input,
                    details_key: "inputDetails",
                },
            )),
            EventDetails::StateExited { name, output } => Some((
                EXITED,
                Compact {
                    name,
                    text_key: "output",
                    text: output,
                    details_key: "outputDetails",
                },
            )),
            EventDetails::Json(..) => None,
        }
    }
}

impl From<(String, Value)> for EventDetails {
    fn from((key, value): (String, Value)) -> EventDetails {
        EventDetails::json(key, value)
    }
}

fn not_truncated() -> Value {
    let mut m = Map::with_capacity(1);
    m.insert("truncated".to_owned(), Value::Bool(false));
    Value::Object(m)
}

/// The name and text of an object that has exactly the compact shape, in AWS's key order.
fn compact(value: &Value, entered: bool) -> Option<(String, String)> {
    let (text_key, details_key) = if entered {
        ("input", "inputDetails")
    } else {
        ("output", "outputDetails")
    };
    let m = value.as_object()?;
    let keys: Vec<&str> = m.keys().map(String::as_str).collect();
    if keys != ["name", text_key, details_key] || m[details_key] != not_truncated() {
        return None;
    }
    Some((
        m["name"].as_str()?.to_owned(),
        m[text_key].as_str()?.to_owned(),
    ))
}

/// The compact shapes' object, written without building a JSON value.
struct Compact<'a> {
    name: &'a str,
    text_key: &'static str,
    text: &'a str,
    details_key: &'static str,
}

impl Compact<'_> {
    fn to_value(&self) -> Value {
        let mut m = Map::with_capacity(3);
        m.insert("name".to_owned(), Value::String(self.name.to_owned()));
        m.insert(
            self.text_key.to_owned(),
            Value::String(self.text.to_owned()),
        );
        m.insert(self.details_key.to_owned(), not_truncated());
        Value::Object(m)
    }
}

impl Serialize for Compact<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(3))?;
        m.serialize_entry("name", self.name)?;
        m.serialize_entry(self.text_key, self.text)?;
        m.serialize_entry(self.details_key, &Truncated)?;
        m.end()
    }
}

struct Truncated;

impl Serialize for Truncated {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(1))?;
        m.serialize_entry("truncated", &false)?;
        m.end()
    }
}

impl Serialize for EventDetails {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match (self, self.compact()) {
            (_, Some(pair)) => pair.serialize(s),
            (EventDetails::Json(key, v), None) => (key, v).serialize(s),
            (_, None) => (EXITED, Value::Null).serialize(s),
        }
    }
}

impl<'de> Deserialize<'de> for EventDetails {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<EventDetails, D::Error> {
        <(String, Value)>::deserialize(d).map(EventDetails::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn compact_shapes_read_and_write_as_aws_objects() {
        let object = json!({"name": "A", "input": "{}", "inputDetails": {"truncated": false}});
        let d = EventDetails::json(ENTERED, object.clone());
        assert!(matches!(d, EventDetails::StateEntered { .. }));
        assert_eq!(d.to_value(), object);
        assert_eq!(d.str_field("name"), Some("A"));
        let text = serde_json::to_string(&d).unwrap();
        assert_eq!(
            text,
            r#"["stateEnteredEventDetails",{"name":"A","input":"{}","inputDetails":{"truncated":false}}]"#
        );
        assert_eq!(serde_json::from_str::<EventDetails>(&text).unwrap(), d);
    }

    #[test]
    fn other_shapes_stay_json() {
        let object = json!({"name": "A", "output": "{}", "outputDetails": {"truncated": false},
            "assignedVariables": {}, "assignedVariablesDetails": {"truncated": false}});
        let d = EventDetails::json(EXITED, object.clone());
        assert!(matches!(d, EventDetails::Json(..)));
        assert_eq!(d.into_parts(), (EXITED.to_owned(), object));
    }
}
