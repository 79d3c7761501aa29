//! Typed JSONata fields: a state's scalar fields that accept `{% %}` (`TimeoutSeconds`,
//! `HeartbeatSeconds`, Wait `Seconds`/`Timestamp`, `MaxConcurrency`, `ToleratedFailureCount`,
//! `ToleratedFailurePercentage`, Fail `Error`/`Cause`, Choice `Condition`, Map `Items`), each
//! checked as AWS checks it, with AWS's cause when the type is wrong.
//!
//! Owns only these checks; the engine decides what a value means (how long to wait, ...).

use chrono::{DateTime, FixedOffset};
use serde_json::Value;

use super::{Env, JsonataTemplate, QueryError};

impl JsonataTemplate {
    /// The text AWS quotes for this field: the expression, or the literal as JSON.
    fn quoted(&self) -> String {
        match (self.expr(), self.literal()) {
            (Some(e), _) => e.text().to_owned(),
            (None, Some(Value::String(s))) => s.clone(),
            (None, Some(v)) => v.to_string(),
            (None, None) => String::new(),
        }
    }

    fn wrong_type(&self, field: &str, expected: &str, value: &Value) -> QueryError {
        QueryError::unexpected_type(&self.quoted(), field, expected, value)
    }

    /// Map `Items`: must be an array.
    pub fn eval_array(&self, field: &str, env: &mut Env<'_>) -> Result<Vec<Value>, QueryError> {
        match self.eval(field, env)? {
            Value::Array(a) => Ok(a),
            other => Err(self.wrong_type(field, "array", &other)),
        }
    }

    /// `Assign` (any query language's JSONata form): an object of variable name -> value. Every
    /// expression sees the variables from before the state, as AWS evaluates them.
    pub fn eval_object(
        &self,
        field: &str,
        env: &mut Env<'_>,
    ) -> Result<serde_json::Map<String, Value>, QueryError> {
        match self.eval(field, env)? {
            Value::Object(m) => Ok(m),
            other => Err(self.wrong_type(field, "object", &other)),
        }
    }

    /// Choice `Condition`: must be a boolean.
    pub fn eval_bool(&self, field: &str, env: &mut Env<'_>) -> Result<bool, QueryError> {
        match self.eval(field, env)? {
            Value::Bool(b) => Ok(b),
            other => Err(self.wrong_type(field, "boolean", &other)),
        }
    }

    /// Fail `Error`/`Cause`: must be a string.
    pub fn eval_string(&self, field: &str, env: &mut Env<'_>) -> Result<String, QueryError> {
        match self.eval(field, env)? {
            Value::String(s) => Ok(s),
            other => Err(self.wrong_type(field, "string", &other)),
        }
    }

    /// `ToleratedFailurePercentage`: a number (0 to 100).
    pub fn eval_number(&self, field: &str, env: &mut Env<'_>) -> Result<f64, QueryError> {
        let v = self.eval(field, env)?;
        match v.as_f64() {
            Some(n) if (0.0..=100.0).contains(&n) => Ok(n),
            Some(_) => Err(QueryError::out_of_range(field, 0, 100, &v)),
            None => Err(self.wrong_type(field, "number", &v)),
        }
    }

    /// A whole number in `min..=max`: `TimeoutSeconds`/`HeartbeatSeconds`, Wait `Seconds`
    /// (`0..=99999999`), `MaxConcurrency`, `ToleratedFailureCount`. A non-number is an unexpected
    /// type (`Expected 'number'`); a fraction and a value out of range have their own causes.
    pub fn eval_integer(
        &self,
        field: &str,
        env: &mut Env<'_>,
        min: i64,
        max: i64,
    ) -> Result<i64, QueryError> {
        let v = self.eval(field, env)?;
        let Value::Number(n) = &v else {
            return Err(self.wrong_type(field, "number", &v));
        };
        let whole = n
            .as_i64()
            .or_else(|| n.as_f64().filter(|f| f.fract() == 0.0).map(f64_to_i64));
        let Some(i) = whole else {
            return Err(QueryError::not_an_integer(field, &v));
        };
        if i < min || i > max {
            return Err(QueryError::out_of_range(field, min, max, &v));
        }
        Ok(i)
    }

    /// Wait `Timestamp`: a string holding an ISO-8601 date-time with an offset.
    pub fn eval_timestamp(
        &self,
        field: &str,
        env: &mut Env<'_>,
    ) -> Result<DateTime<FixedOffset>, QueryError> {
        let s = self.eval_string(field, env)?;
        parse_timestamp(&s).ok_or_else(|| QueryError::bad_timestamp(field, &s))
    }
}

fn f64_to_i64(f: f64) -> i64 {
    // Saturating conversion of a whole double; out-of-range values clamp.
    #[allow(clippy::cast_possible_truncation)]
    let i = f as i64;
    i
}

/// Parses an ISO-8601 extended offset date-time (`2016-12-05T21:29:29Z`,
/// `2016-12-05T21:29:29.123456789+01:00`), as Java's `ISO_OFFSET_DATE_TIME` does: `T` between
/// date and time, an offset required.
pub fn parse_timestamp(s: &str) -> Option<DateTime<FixedOffset>> {
    if s.as_bytes().get(10) != Some(&b'T') {
        return None;
    }
    DateTime::parse_from_rfc3339(s).ok()
}

#[cfg(test)]
mod tests {
    use super::parse_timestamp;

    #[test]
    fn timestamps_follow_iso_offset_date_time() {
        assert!(parse_timestamp("2016-12-05T21:29:29Z").is_some());
        assert!(parse_timestamp("2016-12-05T21:29:29.123456789Z").is_some());
        assert!(parse_timestamp("2016-12-05T21:29:29+01:00").is_some());
        for bad in [
            "2016-13-05T21:29:29Z",
            "05-12-2016T21:29:29Z",
            "2016-12-05T25:29:29Z",
            "2016-12-05 21:29:29Z",
            "2016-12-05T21:29:29",
        ] {
            assert!(parse_timestamp(bad).is_none(), "{bad}");
        }
    }
}
