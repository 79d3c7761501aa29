//! What sets Express executions apart in the engine: the five-minute limit (in the execution's
//! own virtual time) and the billing fields of StartSyncExecution. Must not know about HTTP.

use chrono::{DateTime, Utc};

/// The longest an Express execution may run, in seconds. A longer run ends as on AWS:
/// `ExecutionTimedOut` with `States.Timeout`, status TIMED_OUT (whatever a larger
/// `TimeoutSeconds` says).
pub const MAX_SECONDS: u64 = 300;

/// The execution-wide time limit: `TimeoutSeconds`, capped at [`MAX_SECONDS`] for Express.
pub fn time_limit(express: bool, timeout_seconds: Option<u64>) -> Option<u64> {
    if express {
        Some(timeout_seconds.map_or(MAX_SECONDS, |t| t.min(MAX_SECONDS)))
    } else {
        timeout_seconds
    }
}

/// StartSyncExecution's `billingDetails`: the duration rounded up to the next 100 ms (100 ms at
/// least) and the memory in 64 MB steps (64 MB at least).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Billing {
    pub billed_duration_ms: i64,
    pub billed_memory_mb: i64,
}

/// AWS bills Express memory in 64 MB steps from the size of the definition and the payloads it
/// holds; passo counts the definition, input and output texts (every recorded run bills 64 MB).
pub fn billing(
    start: DateTime<Utc>,
    stop: DateTime<Utc>,
    definition_bytes: usize,
    payload_bytes: usize,
) -> Billing {
    let elapsed = (stop - start).num_milliseconds().max(0);
    let billed_duration_ms = ((elapsed + 99) / 100).max(1) * 100;
    const CHUNK: usize = 64 * 1024 * 1024;
    let bytes = definition_bytes.saturating_add(payload_bytes).max(1);
    let billed_memory_mb = (bytes.div_ceil(CHUNK) as i64) * 64;
    Billing {
        billed_duration_ms,
        billed_memory_mb,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(ms: i64) -> DateTime<Utc> {
        Utc.timestamp_millis_opt(1_700_000_000_000 + ms).unwrap()
    }

    #[test]
    fn limit_caps_timeout_seconds_for_express_only() {
        assert_eq!(time_limit(true, None), Some(300));
        assert_eq!(time_limit(true, Some(7200)), Some(300));
        assert_eq!(time_limit(true, Some(10)), Some(10));
        assert_eq!(time_limit(false, None), None);
        assert_eq!(time_limit(false, Some(7200)), Some(7200));
    }

    #[test]
    fn duration_rounds_up_to_100_ms() {
        assert_eq!(billing(at(0), at(0), 10, 10).billed_duration_ms, 100);
        assert_eq!(billing(at(0), at(1), 10, 10).billed_duration_ms, 100);
        assert_eq!(billing(at(0), at(100), 10, 10).billed_duration_ms, 100);
        assert_eq!(billing(at(0), at(101), 10, 10).billed_duration_ms, 200);
        assert_eq!(billing(at(0), at(7_000), 10, 10).billed_duration_ms, 7_000);
    }

    #[test]
    fn memory_in_64_mb_steps() {
        assert_eq!(billing(at(0), at(0), 100, 100).billed_memory_mb, 64);
        assert_eq!(
            billing(at(0), at(0), 64 * 1024 * 1024, 1).billed_memory_mb,
            128
        );
    }
}
