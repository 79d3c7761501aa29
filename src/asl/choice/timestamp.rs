//! RFC 3339 timestamps as Step Functions reads them: in `Wait.Timestamp` (checked at creation),
//! `TimestampPath` values and the `Timestamp*` Choice operators.
//!
//! Owns only parsing text into an instant; it must not read the clock.
//!
//! AWS rejects what `java.time`'s ISO offset date-time parser rejects, and the recordings show it:
//! `2016-12-05 21:29:29Z` (no `T`), `2016-12-05T21:29:29` (no zone), `2016-13-05T21:29:29Z`
//! (month 13), `2016-12-05T25:29:29Z` (hour 25) and `05-12-2016T21:29:29Z` all fail, while
//! `2016-03-05T21:29:29.243167252Z` (nanoseconds) passes. The ASL spec further requires an
//! uppercase `T` and `Z` and (RFC 3339) explicit seconds; we follow it.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime};

/// Parses an RFC 3339 date-time with a mandatory zone (`Z` or `±HH:MM`); `None` when AWS would
/// not accept the text as a timestamp.
pub fn parse(text: &str) -> Option<DateTime<FixedOffset>> {
    let b = text.as_bytes();
    let mut cur = Cursor { b, i: 0 };
    let year = cur.digits(4)?;
    cur.lit(b'-')?;
    let month = cur.digits(2)?;
    cur.lit(b'-')?;
    let day = cur.digits(2)?;
    cur.lit(b'T')?;
    let hour = cur.digits(2)?;
    cur.lit(b':')?;
    let minute = cur.digits(2)?;
    cur.lit(b':')?;
    let second = cur.digits(2)?;
    let mut nanos = 0u32;
    if cur.peek() == Some(b'.') {
        cur.i += 1;
        let start = cur.i;
        while matches!(cur.peek(), Some(b'0'..=b'9')) {
            cur.i += 1;
        }
        let frac = text.get(start..cur.i)?;
        if frac.is_empty() || frac.len() > 9 {
            return None;
        }
        let padded = format!("{frac:0<9}");
        nanos = padded.parse().ok()?;
    }
    let offset_secs: i32 = match cur.peek()? {
        b'Z' => {
            cur.i += 1;
            0
        }
        sign @ (b'+' | b'-') => {
            cur.i += 1;
            let oh = cur.digits(2)?;
            cur.lit(b':')?;
            let om = cur.digits(2)?;
            if oh > 18 || om > 59 {
                return None;
            }
            let secs = i32::try_from(oh * 3600 + om * 60).ok()?;
            if sign == b'-' {
                -secs
            } else {
                secs
            }
        }
        _ => return None,
    };
    if cur.i != b.len() {
        return None;
    }
    let date = NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)?;
    let time = NaiveTime::from_hms_nano_opt(hour, minute, second, nanos)?;
    let offset = FixedOffset::east_opt(offset_secs)?;
    date.and_time(time).and_local_timezone(offset).single()
}

struct Cursor<'a> {
    b: &'a [u8],
    i: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    fn lit(&mut self, c: u8) -> Option<()> {
        (self.peek()? == c).then(|| self.i += 1)
    }

    /// Exactly `n` ASCII digits.
    fn digits(&mut self, n: usize) -> Option<u32> {
        let mut v = 0u32;
        for _ in 0..n {
            let c = self.peek()?;
            if !c.is_ascii_digit() {
                return None;
            }
            v = v * 10 + u32::from(c - b'0');
            self.i += 1;
        }
        Some(v)
    }
}

#[cfg(test)]
mod tests {
    use super::parse;

    #[test]
    fn accepts_rfc3339() {
        assert!(parse("2016-03-14T01:59:00Z").is_some());
        assert!(parse("2016-03-05T21:29:29.243167252Z").is_some());
        assert!(parse("2012-10-09T19:00:55+02:00").is_some());
    }

    #[test]
    fn rejects_what_aws_rejects() {
        for bad in [
            "2016-12-05 21:29:29Z",
            "2016-12-05T21:29:29",
            "2016-13-05T21:29:29Z",
            "2016-12-05T25:29:29Z",
            "05-12-2016T21:29:29Z",
            "2023-02-24 12:15:56.832957",
            "",
            "2016-02-30T00:00:00Z",
            "2016-03-05T21:29:29.1234567890Z",
            "2012-10-09t19:00:55z",
            "2012-10-09T19:00Z",
        ] {
            assert!(parse(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn compares_as_instants() {
        let a = parse("2012-10-09T19:00:55Z");
        let b = parse("2012-10-09T21:00:55+02:00");
        assert_eq!(a, b);
    }
}
