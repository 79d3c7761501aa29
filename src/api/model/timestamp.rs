//! The model's `timestamp` type as AWS JSON 1.0 puts it on the wire: epoch seconds as a JSON
//! number with millisecond precision (`1700000000.123`). Hand-written; the generated shapes use it.
//! Owns only the wire form of an instant; it never reads a clock.

use std::fmt;

use chrono::{DateTime, Utc};
use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An instant with millisecond precision, serialised as epoch seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(pub DateTime<Utc>);

impl Timestamp {
    /// The instant `millis` milliseconds after the Unix epoch; `None` when out of chrono's range.
    pub fn from_millis(millis: i64) -> Option<Timestamp> {
        DateTime::from_timestamp_millis(millis).map(Timestamp)
    }

    /// Milliseconds since the Unix epoch (sub-millisecond precision is dropped).
    pub fn as_millis(&self) -> i64 {
        self.0.timestamp_millis()
    }

    /// Epoch seconds as AWS writes them: a float with at most three decimals.
    pub fn as_epoch_seconds(&self) -> f64 {
        // Dividing the exact millisecond count once keeps the shortest decimal form
        // (`1700000000.123`), which is what serde_json's float printer then emits.
        self.as_millis() as f64 / 1000.0
    }
}

impl Default for Timestamp {
    fn default() -> Timestamp {
        Timestamp(DateTime::UNIX_EPOCH)
    }
}

impl From<DateTime<Utc>> for Timestamp {
    fn from(value: DateTime<Utc>) -> Timestamp {
        Timestamp(value)
    }
}

impl From<Timestamp> for DateTime<Utc> {
    fn from(value: Timestamp) -> DateTime<Utc> {
        value.0
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_f64(self.as_epoch_seconds())
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Timestamp, D::Error> {
        deserializer.deserialize_any(EpochSeconds)
    }
}

/// Reads epoch seconds from any JSON number.
struct EpochSeconds;

impl EpochSeconds {
    fn from_seconds<E: de::Error>(seconds: f64) -> Result<Timestamp, E> {
        let millis = (seconds * 1000.0).round();
        // The range check keeps the cast exact; anything outside is not a representable instant.
        if !millis.is_finite() || millis.abs() > 8.0e15 {
            return Err(E::custom(format!("timestamp out of range: {seconds}")));
        }
        Timestamp::from_millis(millis as i64)
            .ok_or_else(|| E::custom(format!("timestamp out of range: {seconds}")))
    }
}

impl Visitor<'_> for EpochSeconds {
    type Value = Timestamp;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("epoch seconds as a number")
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Timestamp, E> {
        EpochSeconds::from_seconds(v)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Timestamp, E> {
        v.checked_mul(1000)
            .and_then(Timestamp::from_millis)
            .ok_or_else(|| E::custom(format!("timestamp out of range: {v}")))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Timestamp, E> {
        let v = i64::try_from(v).map_err(|_| E::custom(format!("timestamp out of range: {v}")))?;
        self.visit_i64(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serialises_as_epoch_seconds_with_millis() {
        let t = Timestamp::from_millis(1_700_000_000_123).unwrap_or_default();
        assert_eq!(
            serde_json::to_string(&t).unwrap_or_default(),
            "1700000000.123"
        );
        let back: Timestamp = serde_json::from_str("1700000000.123").unwrap_or_default();
        assert_eq!(back, t);
        let whole: Timestamp = serde_json::from_str("1700000000").unwrap_or_default();
        assert_eq!(whole.as_millis(), 1_700_000_000_000);
    }

    #[test]
    fn rejects_strings_and_huge_numbers() {
        assert!(serde_json::from_str::<Timestamp>("\"2024-01-01\"").is_err());
        assert!(serde_json::from_str::<Timestamp>("1e300").is_err());
    }
}
