//! The functions Step Functions adds to JSONata (`$partition`, `$range`, `$hash`, `$random`,
//! `$uuid`, `$parse`) and the impure built-ins it pins down: `$now`/`$millis` read the engine's
//! clock, `$random`/`$uuid` draw from the engine's seeded source, `$eval` is disabled as on AWS.
//!
//! Owns only these function bodies; it must not read the wall clock or any global randomness.

use std::cell::RefCell;
use std::rc::Rc;

use chrono::{DateTime, SecondsFormat, Utc};
use jsonata_core::evaluator::{Evaluator, EvaluatorError};
use jsonata_core::value::JValue;
use rand_chacha::ChaCha20Rng;
use rand_core::{RngCore, SeedableRng};

use super::convert::to_jvalue;

/// A seeded generator shared by the host functions of one evaluation. Host functions must be
/// `'static`, so they cannot borrow the engine's `&mut dyn RngCore`; the evaluation seeds this one
/// from it instead (only when the expression can draw), which keeps runs reproducible.
pub(crate) type SharedRng = Rc<RefCell<ChaCha20Rng>>;

pub(crate) fn shared(seed: [u8; 32]) -> SharedRng {
    Rc::new(RefCell::new(ChaCha20Rng::from_seed(seed)))
}

fn err(msg: impl Into<String>) -> EvaluatorError {
    EvaluatorError::EvaluationError(msg.into())
}

fn signature_error(index: usize, name: &str) -> EvaluatorError {
    err(format!(
        "T0410: Argument {index} of function \"{name}\" does not match function signature"
    ))
}

/// Registers every AWS function and override on a fresh evaluator.
pub(crate) fn install(
    ev: &mut Evaluator,
    now: DateTime<Utc>,
    rng: SharedRng,
) -> Result<(), EvaluatorError> {
    let iso = now.to_rfc3339_opts(SecondsFormat::Millis, true);
    let millis = now.timestamp_millis();
    ev.register_fn_override("now", move |args: &[JValue]| now_fn(&iso, millis, args))?;
    #[allow(clippy::cast_precision_loss)]
    let millis_f = millis as f64;
    ev.register_fn_override("millis", move |_args: &[JValue]| {
        Ok(JValue::Number(millis_f))
    })?;
    let r = rng.clone();
    ev.register_fn_override("random", move |args: &[JValue]| random_fn(&r, args))?;
    // AWS disables `$eval` (it offers `$parse` instead): calling it is JSONata's T1006.
    ev.register_fn_override("eval", |_args: &[JValue]| {
        Err(err("T1006: Attempted to invoke a non-function"))
    })?;
    register(ev, "partition", partition_fn)?;
    register(ev, "range", range_fn)?;
    register(ev, "hash", hash_fn)?;
    register(ev, "parse", parse_fn)?;
    let r = rng;
    register(ev, "uuid", move |_args: &[JValue]| Ok(uuid_fn(&r)))?;
    // The library leaves spaces unencoded in `$encodeUrl`; jsonata-js uses `encodeURI`. A fix
    // only: if the library ever refuses the override, its own version stays.
    let _ = register(ev, "encodeUrl", encode_url_fn);
    Ok(())
}

/// `$encodeUrl(str)`: JavaScript's `encodeURI`.
fn encode_url_fn(args: &[JValue]) -> Result<JValue, EvaluatorError> {
    const KEEP: &str = ";,/?:@&=+$-_.!~*'()#";
    match args.first() {
        None | Some(JValue::Undefined) => Ok(JValue::Undefined),
        Some(JValue::String(s)) => {
            let mut out = String::with_capacity(s.len());
            for c in s.chars() {
                if c.is_ascii_alphanumeric() || KEEP.contains(c) {
                    out.push(c);
                } else {
                    let mut buf = [0u8; 4];
                    for b in c.encode_utf8(&mut buf).bytes() {
                        out.push_str(&format!("%{b:02X}"));
                    }
                }
            }
            Ok(JValue::string(out))
        }
        Some(_) => Err(signature_error(1, "encodeUrl")),
    }
}

/// Registers `f` as `$name`, replacing a library built-in of that name if there is one.
fn register(
    ev: &mut Evaluator,
    name: &str,
    f: impl Fn(&[JValue]) -> Result<JValue, EvaluatorError> + 'static,
) -> Result<(), EvaluatorError> {
    let f = Rc::new(f);
    let g = f.clone();
    match ev.register_fn(name, move |a: &[JValue]| g(a)) {
        Ok(()) => Ok(()),
        Err(_) => ev.register_fn_override(name, move |a: &[JValue]| f(a)),
    }
}

/// `$now()`, or `$now(picture, timezone)` formatted through JSONata's own `$fromMillis`.
fn now_fn(iso: &str, millis: i64, args: &[JValue]) -> Result<JValue, EvaluatorError> {
    if args.iter().all(JValue::is_undefined) {
        return Ok(JValue::string(iso));
    }
    let ast = jsonata_core::parser::parse("$fromMillis($m, $p, $t)")
        .map_err(|e| err(e.display_message()))?;
    let mut ctx = jsonata_core::evaluator::Context::new();
    #[allow(clippy::cast_precision_loss)]
    ctx.bind("m".to_owned(), JValue::Number(millis as f64));
    ctx.bind(
        "p".to_owned(),
        args.first().cloned().unwrap_or(JValue::Undefined),
    );
    ctx.bind(
        "t".to_owned(),
        args.get(1).cloned().unwrap_or(JValue::Undefined),
    );
    Evaluator::with_context(ctx).evaluate(&ast, &JValue::Undefined)
}

/// The integer part of a number argument, truncated toward zero as AWS does.
fn int_arg(v: Option<&JValue>, index: usize, name: &str) -> Result<Option<i64>, EvaluatorError> {
    match v {
        None | Some(JValue::Undefined) => Ok(None),
        Some(JValue::Number(n)) if n.is_finite() => {
            // Truncation toward zero is the documented AWS behaviour; the range is clamped.
            #[allow(clippy::cast_possible_truncation)]
            let i = n.trunc().clamp(-9.0e15, 9.0e15) as i64;
            Ok(Some(i))
        }
        Some(_) => Err(signature_error(index, name)),
    }
}

/// `$partition(array, size)`: the array cut into chunks of `size`, the last holding the rest.
fn partition_fn(args: &[JValue]) -> Result<JValue, EvaluatorError> {
    let items: Vec<JValue> = match args.first() {
        None | Some(JValue::Undefined) => return Ok(JValue::Undefined),
        Some(JValue::Array(a)) => a.iter().cloned().collect(),
        Some(_) => return Err(signature_error(1, "partition")),
    };
    let Some(size) = int_arg(args.get(1), 2, "partition")? else {
        return Ok(JValue::Undefined);
    };
    if size <= 0 || items.is_empty() {
        return Ok(JValue::Undefined);
    }
    let size = usize::try_from(size).unwrap_or(usize::MAX);
    let chunks = items
        .chunks(size)
        .map(|c| JValue::array(c.to_vec()))
        .collect();
    Ok(JValue::array(chunks))
}

/// Most elements `$range` builds (AWS refuses larger ranges with its memory limit).
const RANGE_LIMIT: i64 = 360_145;

/// `$range(start, end, step)`: start, start+step, ... up to end inclusive. A single element comes
/// back bare, as a JSONata sequence does.
fn range_fn(args: &[JValue]) -> Result<JValue, EvaluatorError> {
    let start = int_arg(args.first(), 1, "range")?;
    let end = int_arg(args.get(1), 2, "range")?;
    let step = int_arg(args.get(2), 3, "range")?;
    let (Some(start), Some(end), Some(step)) = (start, end, step) else {
        return Ok(JValue::Undefined);
    };
    if step == 0 || (end > start && step < 0) || (end < start && step > 0) {
        return Ok(JValue::Undefined);
    }
    let count = (end - start) / step + 1;
    if count > RANGE_LIMIT {
        return Err(err("Expression evaluation memory limit exceeded"));
    }
    #[allow(clippy::cast_precision_loss)]
    let out: Vec<JValue> = (0..count)
        .map(|i| JValue::Number((start + i * step) as f64))
        .collect();
    Ok(JValue::sequence(out))
}

/// `$hash(value, algorithm)`: the lowercase hex digest of a string.
fn hash_fn(args: &[JValue]) -> Result<JValue, EvaluatorError> {
    use md5::Digest as _;
    let data = match args.first() {
        None | Some(JValue::Undefined) => return Ok(JValue::Undefined),
        Some(JValue::String(s)) => s.clone(),
        Some(_) => return Err(signature_error(1, "hash")),
    };
    let algorithm = match args.get(1) {
        None | Some(JValue::Undefined) => return Ok(JValue::Undefined),
        Some(JValue::String(s)) => s.clone(),
        Some(_) => return Err(signature_error(2, "hash")),
    };
    let bytes = data.as_bytes();
    let digest: Vec<u8> = match &*algorithm {
        "MD5" => md5::Md5::digest(bytes).to_vec(),
        "SHA-1" => sha1::Sha1::digest(bytes).to_vec(),
        "SHA-256" => sha2::Sha256::digest(bytes).to_vec(),
        "SHA-384" => sha2::Sha384::digest(bytes).to_vec(),
        "SHA-512" => sha2::Sha512::digest(bytes).to_vec(),
        other => {
            return Err(err(format!(
                "The hash algorithm '{other}' is not supported. Supported algorithms: MD5, SHA-1, SHA-256, SHA-384, SHA-512"
            )))
        }
    };
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    Ok(JValue::string(hex))
}

/// `$parse(text)`: a JSON text as a value (AWS's replacement for `$eval`).
fn parse_fn(args: &[JValue]) -> Result<JValue, EvaluatorError> {
    match args.first() {
        None | Some(JValue::Undefined) => Ok(JValue::Undefined),
        Some(JValue::String(s)) => match serde_json::from_str::<serde_json::Value>(s) {
            Ok(v) => Ok(to_jvalue(&v)),
            Err(e) => Err(err(format!("Unable to parse JSON string: {e}"))),
        },
        Some(_) => Err(signature_error(1, "parse")),
    }
}

/// `$random()` draws from the execution's seeded source; `$random(seed)` is reproducible from
/// the seed alone (Java's `new Random(seed).nextDouble()`, the JVM generator AWS runs on).
fn random_fn(rng: &SharedRng, args: &[JValue]) -> Result<JValue, EvaluatorError> {
    match int_arg(args.first(), 1, "random")? {
        Some(seed) => Ok(JValue::Number(java_random_double(seed))),
        None => {
            let bits = rng.borrow_mut().next_u64() >> 11;
            #[allow(clippy::cast_precision_loss)]
            let n = bits as f64 / (1u64 << 53) as f64;
            Ok(JValue::Number(n))
        }
    }
}

/// The first `nextDouble()` of `java.util.Random` seeded with `seed`.
pub(crate) fn java_random_double(seed: i64) -> f64 {
    const MULT: u64 = 0x5_DEEC_E66D;
    const MASK: u64 = (1 << 48) - 1;
    // Reinterpreting the seed's bits is what Java does with its long.
    #[allow(clippy::cast_sign_loss)]
    let mut state = (seed as u64 ^ MULT) & MASK;
    let mut next = |bits: u32| -> u64 {
        state = (state.wrapping_mul(MULT).wrapping_add(0xB)) & MASK;
        state >> (48 - bits)
    };
    let hi = next(26);
    let lo = next(27);
    #[allow(clippy::cast_precision_loss)]
    let n = ((hi << 27) + lo) as f64 / (1u64 << 53) as f64;
    n
}

/// `$uuid()`: a version-4 UUID from the execution's seeded source.
fn uuid_fn(rng: &SharedRng) -> JValue {
    let mut bytes = [0u8; 16];
    rng.borrow_mut().fill_bytes(&mut bytes);
    let id = uuid::Builder::from_random_bytes(bytes).into_uuid();
    JValue::string(id.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn java_random_matches_the_jvm() {
        // new java.util.Random(42).nextDouble() == 0.7275636800328681
        assert!((java_random_double(42) - 0.727_563_680_032_868_1).abs() < 1e-15);
    }
}
