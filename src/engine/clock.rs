//! The one clock. All time in passo goes through here: virtual by default, real, scaled or
//! manual. The only module allowed to read the wall clock.
#![allow(
    clippy::disallowed_methods,
    reason = "the clock module is where wall time is read"
)]

use std::sync::Mutex;

use chrono::{DateTime, Utc};

/// How time passes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum TimeMode {
    /// Timers elapse at once when nothing else is pending (the default).
    Virtual,
    /// Sleeps like AWS.
    Real,
    /// Every duration divided by the factor.
    Scaled(f64),
    /// Time moves only through the control API.
    Manual,
}

impl std::fmt::Display for TimeMode {
    /// The spelling `--time` accepts: `virtual`, `real`, `manual`, `scaled=N`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TimeMode::Virtual => f.write_str("virtual"),
            TimeMode::Real => f.write_str("real"),
            TimeMode::Manual => f.write_str("manual"),
            TimeMode::Scaled(n) => write!(f, "scaled={n}"),
        }
    }
}

impl std::str::FromStr for TimeMode {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "virtual" => Ok(TimeMode::Virtual),
            "real" => Ok(TimeMode::Real),
            "manual" => Ok(TimeMode::Manual),
            _ => match s.strip_prefix("scaled=").map(str::parse::<f64>) {
                Some(Ok(n)) if n > 0.0 && n.is_finite() => Ok(TimeMode::Scaled(n)),
                _ => Err(format!(
                    "invalid time mode '{s}': expected virtual, real, manual or scaled=N (N > 0)"
                )),
            },
        }
    }
}

/// The engine-wide clock. In virtual and manual modes it stands still at the epoch unless moved;
/// in real and scaled modes it follows the wall clock from the epoch.
pub struct Clock {
    mode: TimeMode,
    epoch: DateTime<Utc>,
    started: std::time::Instant,
    offset: Mutex<chrono::Duration>,
}

impl Clock {
    pub fn new(epoch: Option<DateTime<Utc>>, mode: TimeMode) -> Clock {
        Clock {
            mode,
            epoch: epoch.unwrap_or_else(wall_now),
            started: std::time::Instant::now(),
            offset: Mutex::new(chrono::Duration::zero()),
        }
    }

    pub fn mode(&self) -> TimeMode {
        self.mode
    }

    pub fn now(&self) -> DateTime<Utc> {
        let offset = *self.offset.lock().unwrap_or_else(|p| p.into_inner());
        let base = self.epoch + offset;
        match self.mode {
            TimeMode::Virtual | TimeMode::Manual => base,
            TimeMode::Real => base + elapsed(self.started, 1.0),
            TimeMode::Scaled(n) => base + elapsed(self.started, n),
        }
    }

    /// Moves the clock forward (control API, manual mode).
    pub fn advance(&self, by: chrono::Duration) {
        *self.offset.lock().unwrap_or_else(|p| p.into_inner()) += by;
    }
}

fn elapsed(since: std::time::Instant, factor: f64) -> chrono::Duration {
    let real = since.elapsed().as_secs_f64() * factor;
    chrono::Duration::milliseconds((real * 1000.0) as i64)
}

/// The wall clock, truncated to milliseconds (AWS timestamps carry milliseconds).
pub fn wall_now() -> DateTime<Utc> {
    let now = Utc::now();
    DateTime::from_timestamp_millis(now.timestamp_millis()).unwrap_or(now)
}

/// A wall-clock deadline `after` from now, for waits AWS defines in real time whatever the time
/// mode (GetActivityTask's 60-second long poll).
pub fn real_deadline(after: std::time::Duration) -> tokio::time::Instant {
    tokio::time::Instant::now() + after
}
