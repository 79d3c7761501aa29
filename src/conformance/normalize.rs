//! The normaliser: turns what the emulator answered (in the shape boto3 would have handed the
//! recording harness) into what LocalStack's snapshot library wrote into the recordings. The
//! steps, their order and their quirks follow `normalisation.json` and the reference replay tool
//! (`../shared/tools/conformance_replay.py`): sort keys, parse `{`-strings, run the transformers
//! by priority (each case's own `transformers`, with the `sfn_*` ones recomputed from OUR ARNs),
//! then apply reference replacements and regexes to the JSON text.
//!
//! Owns only pure functions over `serde_json::Value`; it never calls the emulator and never
//! special-cases a case id.

use std::collections::HashSet;
use std::sync::OnceLock;

use regex::Regex;
use serde_json::{Map, Value};

use super::pytext::{self, DateStyle, TemplatePart};

/// Why a case's responses cannot be normalised the way the recording was.
#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
pub enum NormaliseError {
    /// A transformer the recording registered that we cannot reproduce (e.g. the SQS helper).
    #[error("{0}")]
    Unsupported(String),
    /// The replacements produced text that is no longer JSON (the Python tool would crash too).
    #[error("normalised text is not JSON: {0}")]
    Broken(String),
}

/// The values the recording's dynamic (`sfn_*`) transformers are recomputed from: ours.
#[derive(Debug, Clone, Default)]
pub struct Dynamic {
    /// Our account id (12 digits), replaced by `111111111111`.
    pub account: Option<String>,
    /// Recorded state machine name (None when the case has none) -> our name.
    pub sm_names: Vec<(Option<String>, String)>,
    /// Our execution ARN; `None` keeps the recorded values (self-check).
    pub exec_arn: Option<String>,
    /// Which `sfn_sm_exec_arn` entry stands for our execution (`#e{i}` in the case id).
    pub exec_index: usize,
    /// Map run ARNs found in our history, in order of first appearance.
    pub map_run_arns: Vec<String>,
    /// The recording predates the request-id rules (`$..x-amzn-RequestId`,
    /// `$..SdkResponseMetadata..RequestId`) of LocalStack's snapshot transformers (see
    /// [`predates_request_id_rule`]): request ids keep their (uuid-referenced) values.
    pub no_request_id_rule: bool,
}

/// Whether a recording made on `snapshot_recorded_date` (`DD-MM-YYYY`) predates LocalStack's
/// request-id rules. Every recording up to 2024-12-04 kept the `x-amzn-RequestId` header's
/// value (`["<uuid:1>"]`) and `SdkResponseMetadata.RequestId` (`<uuid:1>`), every one from
/// 2025-07-22 on has them replaced by the key name: the rules joined the Step Functions
/// transformer set in between. 2025 is taken as the cut.
pub fn predates_request_id_rule(snapshot_recorded_date: Option<&str>) -> bool {
    snapshot_recorded_date
        .and_then(|d| d.get(6..10))
        .and_then(|y| y.parse::<u32>().ok())
        .is_some_and(|year| year < 2025)
}

const REGION: &str = "us-east-1";

const ISO8601: &str = r"(?:[1-9]\d{3}-(?:(?:0[1-9]|1[0-2])-(?:0[1-9]|1\d|2[0-8])|(?:0[13-9]|1[0-2])-(?:29|30)|(?:0[13578]|1[02])-31)|(?:[1-9]\d(?:0[48]|[2468][048]|[13579][26])|(?:[2468][048]|[13579][26])00)-02-29)T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d{1,9})?(?:Z|[+-][01]\d:?([0-5]\d)?)";

/// The regexes the pipeline itself uses, compiled once.
struct Patterns {
    iso: Regex,
    iso_at_start: Regex,
    uuid_at_start: Regex,
    arn_at_start: Regex,
    cause_json: Regex,
    timestamp_key: Regex,
    region: Regex,
    partition: Regex,
}

fn patterns() -> Option<&'static Patterns> {
    static P: OnceLock<Option<Patterns>> = OnceLock::new();
    P.get_or_init(|| {
        Some(Patterns {
            iso: Regex::new(ISO8601).ok()?,
            iso_at_start: Regex::new(&format!("^(?:{ISO8601})")).ok()?,
            uuid_at_start: Regex::new(
                "^[a-fA-F0-9]{8}-[a-fA-F0-9]{4}-[a-fA-F0-9]{4}-[a-fA-F0-9]{4}-[a-fA-F0-9]{12}",
            )
            .ok()?,
            arn_at_start: Regex::new(
                r"^arn:(aws[a-zA-Z\-]*)?:([a-zA-Z0-9\-_.]+)?:([^:]+)?:(\d{12})?:(.*)",
            )
            .ok()?,
            cause_json: Regex::new(r"^.*'(\{.*\})'").ok()?,
            timestamp_key: Regex::new(r"(?i)^.*timestamp.*\n?\z").ok()?,
            region: Regex::new(REGION).ok()?,
            partition: Regex::new("arn:aws:").ok()?,
        })
    })
    .as_ref()
}

fn pat() -> Result<&'static Patterns, NormaliseError> {
    patterns().ok_or_else(|| NormaliseError::Unsupported("internal regex failed".to_owned()))
}

/// Which key/value pairs a key-value transformer picks, and what it extracts from them.
#[derive(Debug, Clone)]
enum Matcher {
    /// `cause` text ending in a quoted JSON object: the object text.
    CauseDetails,
    /// An ARN-looking value: its resource name.
    ResourceName,
    /// A UUID under a key ending in `id`.
    UuidUnderId,
    /// A boto3 datetime.
    Datetime,
    /// A key matching /timestamp/i (or creationTime/ingestionTime) whose value is no ISO text.
    Timestamp,
    /// One named key with a non-empty value.
    Key(String),
}

/// One step of the pipeline, in the order LocalStack's snapshot session applies them.
#[derive(Debug, Clone)]
enum Op {
    RemoveKey(String),
    JsonPath {
        path: String,
        replacement: String,
        reference: bool,
    },
    KeyValue {
        matcher: Matcher,
        replacement: String,
        reference: bool,
    },
    Regex {
        rx: Regex,
        template: Vec<TemplatePart>,
    },
    Parallel,
    ConvertOutput,
    ResponseMetadata,
}

/// A text replacement collected while transforming, applied to the dumped JSON at the end.
enum Replacement {
    Literal(String, String),
    Regex(Regex, Vec<TemplatePart>),
}

#[derive(Default)]
struct Ctx {
    replacements: Vec<Replacement>,
    scoped: std::collections::HashMap<String, usize>,
    ref_cache: HashSet<String>,
}

impl Ctx {
    fn add_reference(&mut self, value: &Value, name: &str) -> Result<(), NormaliseError> {
        let Some(text) = py_str(value) else {
            return Err(NormaliseError::Unsupported(format!(
                "reference value of type {} for <{name}>",
                py_type_name(value)
            )));
        };
        let text = text.replace('"', "\\\"");
        if self.ref_cache.contains(&text) {
            return Ok(());
        }
        let n = self.scoped.entry(name.to_owned()).or_insert(1);
        let actual = format!("<{name}:{n}>");
        *n += 1;
        self.ref_cache.insert(text.clone());
        self.replacements.push(Replacement::Literal(text, actual));
        Ok(())
    }
}

/// The text of a Python `str` value (datetimes are not strings).
fn py_str(v: &Value) -> Option<&str> {
    match v {
        Value::String(s) if pytext::as_datetime(v).is_none() => Some(s),
        _ => None,
    }
}

fn py_type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "NoneType",
        Value::Bool(_) => "bool",
        Value::Number(n) if n.is_f64() => "float",
        Value::Number(_) => "int",
        Value::String(_) if pytext::as_datetime(v).is_some() => "datetime",
        Value::String(_) => "str",
        Value::Array(_) => "list",
        Value::Object(_) => "dict",
    }
}

fn compile(pattern: &str, replacement: &str) -> Result<Op, NormaliseError> {
    let rx = Regex::new(pattern)
        .map_err(|e| NormaliseError::Unsupported(format!("regex {pattern:?}: {e}")))?;
    let template = pytext::parse_template(replacement)
        .map_err(|e| NormaliseError::Unsupported(format!("replacement {replacement:?}: {e}")))?;
    Ok(Op::Regex { rx, template })
}

fn literal(pattern: &str, replacement: &str) -> Result<Op, NormaliseError> {
    compile(pattern, replacement)
}

fn text_field<'a>(t: &'a Value, key: &str) -> Result<&'a str, NormaliseError> {
    t.get(key).and_then(Value::as_str).ok_or_else(|| {
        NormaliseError::Unsupported(format!(
            "{}: missing {key}",
            t.get("t").and_then(Value::as_str).unwrap_or("?")
        ))
    })
}

/// LocalStack's default replacement name for a key: `QueueUrl` -> `queue-url`.
fn camel_hyphen(key: &str) -> String {
    let mut out = String::new();
    for ch in key.chars() {
        if ch.is_uppercase() {
            out.push('-');
            out.extend(ch.to_lowercase());
        } else {
            out.push(ch);
        }
    }
    out.trim_matches('-').to_owned()
}

/// The pipeline for one case, ordered by priority (stable: registration order within one).
fn build_pipeline(transformers: &[Value], dynamic: &Dynamic) -> Result<Vec<Op>, NormaliseError> {
    let mut ops: Vec<(i64, Op)> = vec![(0, Op::RemoveKey("x-localstack".to_owned()))];
    for (path, repl) in [
        ("$..SdkHttpMetadata..Date", "date"),
        ("$..SdkResponseMetadata..RequestId", "RequestId"),
        ("$..X-Amzn-Trace-Id", "X-Amzn-Trace-Id"),
        ("$..X-Amzn-Trace-Id", "X-Amzn-Trace-Id"),
        ("$..x-amz-crc32", "x-amz-crc32"),
        ("$..x-amzn-RequestId", "x-amzn-RequestId"),
        ("$..x-amzn-requestid", "x-amzn-requestid"),
    ] {
        let request_id_rule = path.eq_ignore_ascii_case("$..x-amzn-requestid")
            || path == "$..SdkResponseMetadata..RequestId";
        if dynamic.no_request_id_rule && request_id_rule {
            continue;
        }
        ops.push((
            0,
            Op::JsonPath {
                path: path.to_owned(),
                replacement: repl.to_owned(),
                reference: false,
            },
        ));
    }
    ops.push((
        0,
        Op::KeyValue {
            matcher: Matcher::CauseDetails,
            replacement: "json-input".to_owned(),
            reference: true,
        },
    ));

    let kind_of = |t: &Value| t.get("t").and_then(Value::as_str).unwrap_or("").to_owned();
    let exec_trs: Vec<usize> = (0..transformers.len())
        .filter(|i| transformers.get(*i).map(kind_of).as_deref() == Some("sfn_sm_exec_arn"))
        .collect();
    let create_count = transformers
        .iter()
        .filter(|t| kind_of(t) == "sfn_sm_create_arn")
        .count();
    let my_exec: Option<usize> = match (&dynamic.exec_arn, exec_trs.is_empty()) {
        (Some(_), false) => exec_trs
            .get(dynamic.exec_index)
            .copied()
            .or(if exec_trs.len() == 1 {
                exec_trs.first().copied()
            } else {
                None
            }),
        _ => None,
    };

    for (i, t) in transformers.iter().enumerate() {
        let p = t.get("priority").and_then(Value::as_i64).unwrap_or(0);
        let kind = kind_of(t);
        match kind.as_str() {
            "regex" => ops.push((
                p,
                compile(text_field(t, "regex")?, text_field(t, "replacement")?)?,
            )),
            "sfn_sm_create_arn" => {
                let recorded = text_field(t, "value")?;
                let ours = dynamic
                    .sm_names
                    .iter()
                    .find(|(fake, _)| fake.as_deref() == Some(recorded))
                    .map(|(_, ours)| ours.as_str());
                let val = match ours {
                    Some(v) => v,
                    None if create_count == 1 && dynamic.sm_names.len() == 1 => dynamic
                        .sm_names
                        .first()
                        .map(|(_, v)| v.as_str())
                        .unwrap_or(recorded),
                    None => recorded,
                };
                ops.push((p, literal(val, text_field(t, "replacement")?)?));
            }
            "sfn_sm_exec_arn" => {
                let mut val = text_field(t, "value")?.to_owned();
                if my_exec == Some(i) {
                    if let Some(arn) = &dynamic.exec_arn {
                        val = arn.rsplit(':').next().unwrap_or("").to_owned();
                    }
                }
                ops.push((p, literal(&val, text_field(t, "replacement")?)?));
            }
            "sfn_sync_exec_arn_part1"
            | "sfn_sync_exec_arn_part2"
            | "sfn_express_exec_arn_part1"
            | "sfn_express_exec_arn_part2" => {
                let mut val = t
                    .get("value")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_owned();
                let index = t.get("index").and_then(Value::as_u64).unwrap_or(0);
                if let (Some(arn), 0) = (&dynamic.exec_arn, index) {
                    let parts: Vec<&str> = arn.split(':').collect();
                    let from_end = if kind.ends_with("part1") { 2 } else { 1 };
                    val = parts
                        .len()
                        .checked_sub(from_end)
                        .and_then(|j| parts.get(j))
                        .copied()
                        .unwrap_or("")
                        .to_owned();
                }
                ops.push((p, literal(&val, text_field(t, "replacement")?)?));
            }
            "sfn_map_run_arns_from_history" | "sfn_map_run_arn" => {
                let (arns, base): (Vec<&String>, usize) = if kind == "sfn_map_run_arn" {
                    let idx = t.get("index").and_then(Value::as_u64).unwrap_or(0) as usize;
                    (dynamic.map_run_arns.get(idx).into_iter().collect(), idx)
                } else {
                    (dynamic.map_run_arns.iter().collect(), 0)
                };
                let uuid = &pat()?.uuid_at_start;
                for (j, arn) in arns.iter().enumerate() {
                    let tail = arn.rsplit('/').next().unwrap_or("");
                    let parts: Vec<&str> = tail.split(':').collect();
                    let (Some(p0), Some(p1)) = (parts.first(), parts.get(1)) else {
                        continue;
                    };
                    ops.push((
                        p,
                        literal(p1, &format!("<MapRunArnPart1_{}idx>", base + j))?,
                    ));
                    if uuid.is_match(p0) {
                        ops.push((
                            p,
                            literal(p0, &format!("<MapRunArnPart0_{}idx>", base + j))?,
                        ));
                    }
                }
            }
            "jsonpath" => ops.push((
                p,
                Op::JsonPath {
                    path: text_field(t, "jsonpath")?.to_owned(),
                    replacement: text_field(t, "replacement")?.to_owned(),
                    reference: t
                        .get("replace_reference")
                        .and_then(Value::as_bool)
                        .unwrap_or(true),
                },
            )),
            "key_value" => {
                let key = text_field(t, "key")?.to_owned();
                let mut replacement = text_field(t, "replacement")?.to_owned();
                if replacement == key {
                    // the extractor stored `value_replacement or key`; LocalStack's default is
                    // the camel-hyphen form of the key
                    replacement = camel_hyphen(&key);
                }
                ops.push((
                    p,
                    Op::KeyValue {
                        matcher: Matcher::Key(key),
                        replacement,
                        reference: t
                            .get("replace_reference")
                            .and_then(Value::as_bool)
                            .unwrap_or(true),
                    },
                ));
            }
            "sfn_parallel_events_normaliser" => ops.push((p, Op::Parallel)),
            "generic"
                if t.get("fn")
                    .and_then(Value::as_str)
                    .is_some_and(|f| f.ends_with("_convert_output_to_json")) =>
            {
                ops.push((p, Op::ConvertOutput))
            }
            "utility" if t.get("name").and_then(Value::as_str) == Some("resource_name") => {
                let args = t.get("args").and_then(Value::as_array);
                let replacement = match args.and_then(|a| a.first()) {
                    Some(first) => first.as_str().unwrap_or("resource").to_owned(),
                    None => t
                        .get("kwargs")
                        .and_then(|k| k.get("replacement_name"))
                        .and_then(Value::as_str)
                        .unwrap_or("resource")
                        .to_owned(),
                };
                ops.push((
                    p,
                    Op::KeyValue {
                        matcher: Matcher::ResourceName,
                        replacement,
                        reference: true,
                    },
                ));
            }
            _ => {
                let label = ["name", "fn", "class"]
                    .iter()
                    .find_map(|k| t.get(*k).and_then(Value::as_str).filter(|s| !s.is_empty()))
                    .unwrap_or("");
                return Err(NormaliseError::Unsupported(format!("{kind}:{label}")));
            }
        }
    }

    // priority 2: the test suite's `snapshot` fixture, then the basic transformer set
    if let Some(account) = &dynamic.account {
        ops.push((2, literal(account, "111111111111")?));
    }
    let p = pat()?;
    ops.push((2, regex_op(&p.region, "<region>")));
    ops.push((2, regex_op(&p.partition, "arn:<partition>:")));
    ops.push((2, Op::ResponseMetadata));
    ops.push((
        2,
        Op::KeyValue {
            matcher: Matcher::UuidUnderId,
            replacement: "uuid".to_owned(),
            reference: true,
        },
    ));
    ops.push((2, regex_op(&p.iso, "date")));
    ops.push((
        2,
        Op::KeyValue {
            matcher: Matcher::Datetime,
            replacement: "datetime".to_owned(),
            reference: false,
        },
    ));
    ops.push((
        2,
        Op::KeyValue {
            matcher: Matcher::Timestamp,
            replacement: "timestamp".to_owned(),
            reference: false,
        },
    ));
    // `sort` is stable: registration order within one priority, as Python's `sorted`
    ops.sort_by_key(|(prio, _)| *prio);
    Ok(ops.into_iter().map(|(_, op)| op).collect())
}

fn regex_op(rx: &Regex, replacement: &str) -> Op {
    Op::Regex {
        rx: rx.clone(),
        template: vec![TemplatePart::Text(replacement.to_owned())],
    }
}

/// Normalises `observed` (snapshot key -> boto3-shaped response, in match order) for `case`.
pub fn normalise(
    observed: &[(String, Value)],
    transformers: &[Value],
    dynamic: &Dynamic,
) -> Result<Map<String, Value>, NormaliseError> {
    let mut tmp = Value::Object(
        observed
            .iter()
            .map(|(k, v)| (k.clone(), order_dict(v)))
            .collect(),
    );
    if let Value::Object(map) = &mut tmp {
        parse_json_strings(map);
    }
    let mut ctx = Ctx::default();
    for op in build_pipeline(transformers, dynamic)? {
        match op {
            Op::RemoveKey(key) => remove_key(&mut tmp, &key),
            Op::JsonPath {
                path,
                replacement,
                reference,
            } => {
                let slots = jsonpath_find(&tmp, &path)?;
                for slot in slots {
                    if reference {
                        if let Some(v) = get_path(&tmp, &slot) {
                            ctx.add_reference(&v.clone(), &replacement)?;
                        }
                    } else if let Some(v) = get_path_mut(&mut tmp, &slot) {
                        *v = Value::String(replacement.clone());
                    }
                }
            }
            Op::KeyValue {
                matcher,
                replacement,
                reference,
            } => {
                if let Value::Object(map) = &mut tmp {
                    key_value(map, &mut ctx, &matcher, &replacement, reference)?;
                }
            }
            Op::Regex { rx, template } => ctx.replacements.push(Replacement::Regex(rx, template)),
            Op::Parallel => parallel(&mut tmp)?,
            Op::ConvertOutput => {
                if let Value::Object(map) = &mut tmp {
                    if !convert_output_to_json(map) {
                        return Err(NormaliseError::Unsupported(
                            "_convert_output_to_json returned None".to_owned(),
                        ));
                    }
                }
            }
            Op::ResponseMetadata => {
                if let Value::Object(map) = &mut tmp {
                    response_metadata(map);
                }
            }
        }
    }
    let mut out = Map::new();
    if let Value::Object(map) = tmp {
        for (key, value) in map {
            let mut text = pytext::dumps(&value, DateStyle::Str);
            for r in &ctx.replacements {
                text = match r {
                    Replacement::Literal(from, to) => pytext::str_replace(&text, from, to),
                    Replacement::Regex(rx, template) => pytext::regex_sub(rx, template, &text),
                };
            }
            let parsed: Value = serde_json::from_str(&text)
                .map_err(|e| NormaliseError::Broken(format!("{key}: {e}")))?;
            out.insert(key, parsed);
        }
    }
    Ok(out)
}

/// Keys sorted (ResponseMetadata last), recursively through dicts and lists directly in dicts.
pub fn order_dict(v: &Value) -> Value {
    let Value::Object(map) = v else {
        return v.clone();
    };
    let mut keys: Vec<&String> = map.keys().collect();
    keys.sort();
    let mut out = Map::new();
    for k in keys {
        let Some(item) = map.get(k) else { continue };
        let ordered = match item {
            Value::Object(_) => order_dict(item),
            Value::Array(items) => Value::Array(items.iter().map(order_dict).collect()),
            other => other.clone(),
        };
        out.insert(k.clone(), ordered);
    }
    if let Some(meta) = out.shift_remove("ResponseMetadata") {
        out.insert("ResponseMetadata".to_owned(), meta);
    }
    Value::Object(out)
}

/// Strings starting with `{` that parse as JSON become the parsed value (dicts, dicts in lists).
pub fn parse_json_strings(map: &mut Map<String, Value>) {
    for (_, v) in map.iter_mut() {
        match v {
            Value::Array(items) => {
                for item in items.iter_mut() {
                    if let Value::Object(inner) = item {
                        parse_json_strings(inner);
                    }
                }
            }
            Value::Object(inner) => parse_json_strings(inner),
            Value::String(s) if s.starts_with('{') => {
                if let Ok(parsed) = serde_json::from_str::<Value>(s) {
                    *v = parsed;
                }
            }
            _ => {}
        }
    }
}

fn remove_key(v: &mut Value, key: &str) {
    match v {
        Value::Object(map) => {
            map.shift_remove(key);
            for item in map.values_mut() {
                remove_key(item, key);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|i| remove_key(i, key)),
        _ => {}
    }
}

/// One step of a location inside a JSON tree.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Seg {
    Key(String),
    Index(usize),
}

fn get_path<'a>(root: &'a Value, path: &[Seg]) -> Option<&'a Value> {
    path.iter().try_fold(root, |node, seg| match (node, seg) {
        (Value::Object(m), Seg::Key(k)) => m.get(k),
        (Value::Array(a), Seg::Index(i)) => a.get(*i),
        _ => None,
    })
}

fn get_path_mut<'a>(root: &'a mut Value, path: &[Seg]) -> Option<&'a mut Value> {
    path.iter().try_fold(root, |node, seg| match (node, seg) {
        (Value::Object(m), Seg::Key(k)) => m.get_mut(k),
        (Value::Array(a), Seg::Index(i)) => a.get_mut(*i),
        _ => None,
    })
}

/// The tiny JSONPath the corpus uses (`$..a`, `$.a`, `$..a.b`, `$..a..b`): the matched slots.
fn jsonpath_find(root: &Value, path: &str) -> Result<Vec<Vec<Seg>>, NormaliseError> {
    let bad = || NormaliseError::Unsupported(format!("jsonpath {path}"));
    let rest = path.strip_prefix('$').ok_or_else(bad)?;
    let mut steps: Vec<(bool, &str)> = Vec::new();
    let mut tail = rest;
    while !tail.is_empty() {
        let (desc, after) = if let Some(a) = tail.strip_prefix("..") {
            (true, a)
        } else if let Some(a) = tail.strip_prefix('.') {
            (false, a)
        } else {
            return Err(bad());
        };
        let end = after.find(['.', '[', ']']).unwrap_or(after.len());
        if end == 0 {
            return Err(bad());
        }
        steps.push((desc, &after[..end]));
        tail = &after[end..];
        if tail.starts_with(['[', ']']) {
            return Err(bad());
        }
    }
    let mut nodes: Vec<Vec<Seg>> = vec![Vec::new()];
    let mut slots = Vec::new();
    for (desc, key) in steps {
        slots = Vec::new();
        for n in &nodes {
            let Some(node) = get_path(root, n) else {
                continue;
            };
            if desc {
                descendant_slots(node, key, n.clone(), &mut slots);
            } else if node.as_object().is_some_and(|m| m.contains_key(key)) {
                let mut s = n.clone();
                s.push(Seg::Key(key.to_owned()));
                slots.push(s);
            }
        }
        nodes = slots.clone();
    }
    Ok(slots)
}

fn descendant_slots(node: &Value, key: &str, at: Vec<Seg>, out: &mut Vec<Vec<Seg>>) {
    match node {
        Value::Object(map) => {
            for (k, v) in map {
                let mut here = at.clone();
                here.push(Seg::Key(k.clone()));
                if k == key {
                    out.push(here.clone());
                }
                descendant_slots(v, key, here, out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                let mut here = at.clone();
                here.push(Seg::Index(i));
                descendant_slots(v, key, here, out);
            }
        }
        _ => {}
    }
}

/// What a key-value matcher extracts from `(k, v)`; `None` when it does not apply.
fn match_kv(m: &Matcher, k: &str, v: &Value) -> Result<Option<Value>, NormaliseError> {
    let p = pat()?;
    Ok(match m {
        Matcher::CauseDetails => py_str(v)
            .filter(|_| k == "cause")
            .and_then(|s| p.cause_json.captures(s))
            .and_then(|c| c.get(1))
            .map(|g| g.as_str())
            .filter(|g| serde_json::from_str::<Value>(g).is_ok())
            .map(|g| Value::String(g.to_owned())),
        Matcher::ResourceName => py_str(v).and_then(resource_name).map(Value::String),
        Matcher::UuidUnderId => py_str(v)
            .filter(|s| k.to_lowercase().ends_with("id") && p.uuid_at_start.is_match(s))
            .map(|_| v.clone()),
        Matcher::Datetime => pytext::as_datetime(v).map(|_| v.clone()),
        Matcher::Timestamp => {
            let key_hit =
                p.timestamp_key.is_match(k) || k == "creationTime" || k == "ingestionTime";
            let text = pytext::python_str(v);
            (key_hit && !p.iso_at_start.is_match(&text)).then_some(Value::String(text))
        }
        Matcher::Key(key) => {
            (k == key && !v.is_null() && v.as_str() != Some("")).then(|| v.clone())
        }
    })
}

fn resource_name(v: &str) -> Option<String> {
    let caps = patterns()?.arn_at_start.captures(v)?;
    let res = caps.get(5).map(|m| m.as_str()).unwrap_or("");
    if res.starts_with('<') && res.ends_with('>') {
        return None;
    }
    if v.contains(":changeSet/") {
        return v.rsplit(":changeSet/").next().map(str::to_owned);
    }
    if res.contains('/') {
        return res.rsplit('/').next().map(str::to_owned);
    }
    if res.starts_with("function:") {
        let mut r = res.replace("function:", "");
        if r.contains('$') {
            r = r
                .split('$')
                .next()
                .unwrap_or("")
                .trim_end_matches(':')
                .to_owned();
        }
        return Some(r);
    }
    if res.starts_with("layer:") {
        let parts: Vec<&str> = res.split(':').collect();
        if parts.len() == 2 || parts.len() == 3 {
            return parts.get(1).map(|s| (*s).to_owned());
        }
    }
    if res.contains(':') {
        return res.rsplit(':').next().map(str::to_owned);
    }
    Some(res.to_owned())
}

fn key_value(
    map: &mut Map<String, Value>,
    ctx: &mut Ctx,
    m: &Matcher,
    replacement: &str,
    reference: bool,
) -> Result<(), NormaliseError> {
    for (k, v) in map.iter_mut() {
        if let Some(mr) = match_kv(m, k, v)? {
            if reference {
                ctx.add_reference(&mr, replacement)?;
            } else if let (Some(s), Some(from)) = (py_str(v), py_str(&mr)) {
                *v = Value::String(pytext::str_replace(s, from, replacement));
            } else {
                *v = Value::String(replacement.to_owned());
            }
            continue;
        }
        match v {
            Value::Array(items) => {
                for item in items.iter_mut() {
                    if let Value::Object(inner) = item {
                        key_value(inner, ctx, m, replacement, reference)?;
                    }
                }
            }
            Value::Object(inner) => key_value(inner, ctx, m, replacement, reference)?,
            _ => {}
        }
    }
    Ok(())
}

fn response_metadata(map: &mut Map<String, Value>) {
    for (k, v) in map.iter_mut() {
        if k == "ResponseMetadata" && v.is_object() {
            let headers = v.get("HTTPHeaders").and_then(Value::as_object);
            let mut simple_headers = Map::new();
            if let Some(ct) = headers.and_then(|h| h.get("content_type")) {
                if truthy(ct) {
                    simple_headers.insert("content_type".to_owned(), ct.clone());
                }
            }
            let mut simple = Map::new();
            simple.insert("HTTPHeaders".to_owned(), Value::Object(simple_headers));
            if let Some(code) = v.get("HTTPStatusCode").filter(|c| truthy(c)) {
                simple.insert("HTTPStatusCode".to_owned(), code.clone());
            }
            *v = Value::Object(simple);
        } else if let Value::Object(inner) = v {
            response_metadata(inner);
        }
    }
}

fn truthy(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0),
        Value::String(s) => !s.is_empty(),
        Value::Array(a) => !a.is_empty(),
        Value::Object(m) => !m.is_empty(),
    }
}

/// `SfnNoneRecursiveParallelTransformer` on `$..events`: events between a `ParallelStateStarted`
/// and the Parallel end are sorted by their JSON text, with `id` `[0]` and `previousEventId` 0.
/// Ported with its index arithmetic (Python slice assignment while enumerating).
fn parallel(root: &mut Value) -> Result<(), NormaliseError> {
    for slot in jsonpath_find(root, "$..events")? {
        let Some(Value::Array(events)) = get_path_mut(root, &slot) else {
            continue;
        };
        let mut start: Option<usize> = None;
        let mut sub: Vec<Value> = Vec::new();
        let mut in_sub = false;
        let mut i = 0;
        while i < events.len() {
            let et = events
                .get(i)
                .and_then(|e| e.get("type"))
                .and_then(Value::as_str)
                .map(str::to_owned);
            match et.as_deref() {
                None => in_sub = false,
                Some(
                    "ParallelStateSucceeded"
                    | "ParallelStateAborted"
                    | "ParallelStateExited"
                    | "ParallelStateFailed",
                ) => {
                    let mut sorted = sub.clone();
                    sorted.sort_by_cached_key(|e| pytext::dumps(e, DateStyle::Iso));
                    let from = start.unwrap_or(0).min(events.len());
                    let to = i.max(from);
                    events.splice(from..to, sorted);
                    in_sub = false;
                }
                Some("ParallelStateStarted") => {
                    in_sub = true;
                    sub.clear();
                    start = Some(i + 1);
                }
                Some(_) if in_sub => {
                    if let Some(Value::Object(ev)) = events.get_mut(i) {
                        ev.insert("id".to_owned(), serde_json::json!([0]));
                        ev.insert("previousEventId".to_owned(), serde_json::json!(0));
                        sub.push(Value::Object(ev.clone()));
                    }
                }
                Some(_) => {}
            }
            i += 1;
        }
    }
    Ok(())
}

/// A test's own `_convert_output_to_json`, ported with its quirk: it stops a level after the
/// first conversion and reports that as `false` (Python's `None`).
fn convert_output_to_json(content: &mut Map<String, Value>) -> bool {
    for (_, v) in content.iter_mut() {
        match v {
            Value::Object(inner) => {
                if let Some(Value::String(s)) = inner.get("output") {
                    if let Ok(parsed) = serde_json::from_str::<Value>(s) {
                        inner.insert("output".to_owned(), parsed);
                        return false;
                    }
                }
                convert_output_to_json(inner);
            }
            Value::Array(items) => {
                for item in items.iter_mut() {
                    if let Value::Object(inner) = item {
                        convert_output_to_json(inner);
                    }
                }
            }
            _ => {}
        }
    }
    true
}

/// The fields the Step Functions API returns as JSON text (used by the self-check to turn a
/// recorded, parsed `expected` back into API-shaped data).
const API_STRING_FIELDS: &[&str] = &[
    "input",
    "output",
    "cause",
    "error",
    "parameters",
    "result",
    "definition",
    "variables",
    "afterInputPath",
    "afterParameters",
    "afterResultSelector",
    "afterResultPath",
    "afterArguments",
    "afterItemsPath",
    "afterItemSelector",
    "afterItemBatcher",
];

/// Undoes the `{`-string parsing on the API's JSON-text fields (self-check input).
pub fn reraw(v: &mut Value) {
    match v {
        Value::Object(map) => {
            for (k, item) in map.iter_mut() {
                if API_STRING_FIELDS.contains(&k.as_str()) && item.is_object() {
                    *item = Value::String(pytext::dumps(item, DateStyle::Str));
                } else if k == "assignedVariables" && item.is_object() {
                    if let Value::Object(vars) = item {
                        for (_, var) in vars.iter_mut() {
                            if var.is_object() {
                                *var = Value::String(pytext::dumps(var, DateStyle::Str));
                            }
                        }
                    }
                } else {
                    reraw(item);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(reraw),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn norm(v: Value, transformers: Value, dynamic: &Dynamic) -> Value {
        let trs = transformers.as_array().cloned().unwrap_or_default();
        match normalise(&[("k".to_owned(), v)], &trs, dynamic) {
            Ok(mut m) => m.shift_remove("k").unwrap_or(Value::Null),
            Err(e) => json!({ "error": e.to_string() }),
        }
    }

    #[test]
    fn datetimes_and_timestamps() {
        let v = json!({"startDate": pytext::datetime_value(1.0e9),
                       "events": [{"timestamp": pytext::datetime_value(1.0e9), "id": 1}]});
        assert_eq!(
            norm(v, json!([]), &Dynamic::default()),
            json!({"events": [{"id": 1, "timestamp": "timestamp"}], "startDate": "datetime"})
        );
    }

    #[test]
    fn arns_and_references() {
        let d = Dynamic {
            account: Some("123456789012".to_owned()),
            sm_names: vec![(Some("fake_sm".to_owned()), "our_sm".to_owned())],
            exec_arn: Some("arn:aws:states:us-east-1:123456789012:execution:our_sm:e1".to_owned()),
            ..Dynamic::default()
        };
        let trs = json!([
            {"t": "sfn_sm_create_arn", "value": "fake_sm", "replacement": "<ArnPart_0idx>"},
            {"t": "sfn_sm_exec_arn", "value": "x", "replacement": "<ExecArnPart_0idx>"}
        ]);
        let v = json!({"executionArn": "arn:aws:states:us-east-1:123456789012:execution:our_sm:e1",
                       "requestId": "0a1b2c3d-0000-4000-8000-000000000000",
                       "cause": "bad input 'x' in '{\"a\": 1}'"});
        assert_eq!(
            norm(v, trs, &d),
            json!({"cause": "bad input 'x' in '<json-input:1>'",
                   "executionArn": "arn:<partition>:states:<region>:111111111111:execution:<ArnPart_0idx>:<ExecArnPart_0idx>",
                   "requestId": "<uuid:1>"})
        );
    }

    #[test]
    fn request_id_rules_follow_the_recording_date() {
        let id = "0a1b2c3d-0000-4000-8000-000000000000";
        let v = json!({"SdkHttpMetadata": {"HttpHeaders": {"x-amzn-RequestId": id}},
                       "SdkResponseMetadata": {"RequestId": id}});
        let recent = norm(v.clone(), json!([]), &Dynamic::default());
        assert_eq!(recent["SdkResponseMetadata"]["RequestId"], "RequestId");
        assert_eq!(
            recent["SdkHttpMetadata"]["HttpHeaders"]["x-amzn-RequestId"],
            "x-amzn-RequestId"
        );
        let old = Dynamic {
            no_request_id_rule: predates_request_id_rule(Some("04-12-2024, 10:00:00")),
            ..Dynamic::default()
        };
        let kept = norm(v, json!([]), &old);
        assert_eq!(kept["SdkResponseMetadata"]["RequestId"], "<uuid:1>");
        assert_eq!(
            kept["SdkHttpMetadata"]["HttpHeaders"]["x-amzn-RequestId"],
            "<uuid:1>"
        );
        assert!(!predates_request_id_rule(Some("22-07-2025, 10:00:00")));
        assert!(!predates_request_id_rule(None));
    }

    #[test]
    fn parallel_events_are_sorted() {
        let v = json!({"events": [
            {"type": "ParallelStateStarted", "id": 1},
            {"type": "PassStateEntered", "id": 3, "x": "b"},
            {"type": "PassStateEntered", "id": 2, "x": "a"},
            {"type": "ParallelStateSucceeded", "id": 4}]});
        let trs = json!([{"t": "sfn_parallel_events_normaliser"}]);
        assert_eq!(
            norm(v, trs, &Dynamic::default()),
            json!({"events": [
                {"id": 1, "type": "ParallelStateStarted"},
                {"id": [0], "previousEventId": 0, "type": "PassStateEntered", "x": "a"},
                {"id": [0], "previousEventId": 0, "type": "PassStateEntered", "x": "b"},
                {"id": 4, "type": "ParallelStateSucceeded"}]})
        );
    }

    #[test]
    fn unknown_transformers_are_reported() {
        let out = norm(
            json!({}),
            json!([{"t": "utility", "name": "sns_api"}]),
            &Dynamic::default(),
        );
        assert_eq!(out, json!({"error": "utility:sns_api"}));
    }

    #[test]
    fn resource_names() {
        assert_eq!(
            resource_name("arn:aws:lambda:us-east-1:111111111111:function:f1:$LATEST").as_deref(),
            Some("f1")
        );
        assert_eq!(
            resource_name("arn:aws:sqs:us-east-1:111111111111:q1").as_deref(),
            Some("q1")
        );
        assert_eq!(resource_name("not an arn"), None);
    }
}

#[cfg(test)]
mod props {
    use super::*;
    use proptest::prelude::*;
    use serde_json::json;

    fn leaf() -> impl Strategy<Value = Value> {
        prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(|n| json!(n)),
            (-1.0e20f64..1.0e20).prop_map(|f| json!(f)),
            "[ -~é{}'\"\\\\:/$]{0,24}".prop_map(Value::String),
            Just(json!("{\"a\": [1, {}]}")),
            Just(json!(
                "arn:aws:states:us-east-1:123456789012:execution:sm:e"
            )),
            Just(json!("2024-01-01T00:00:00Z")),
            Just(pytext::datetime_value(1.0e9)),
        ]
    }

    fn tree() -> impl Strategy<Value = Value> {
        let keys = prop_oneof![
            Just("events".to_owned()),
            Just("type".to_owned()),
            Just("cause".to_owned()),
            Just("timestamp".to_owned()),
            Just("requestId".to_owned()),
            Just("output".to_owned()),
            Just("ResponseMetadata".to_owned()),
            "[a-zA-Z]{1,6}",
        ];
        leaf().prop_recursive(4, 48, 6, move |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
                prop::collection::vec((keys.clone(), inner), 0..5)
                    .prop_map(|kv| Value::Object(kv.into_iter().collect())),
            ]
        })
    }

    fn transformer() -> impl Strategy<Value = Value> {
        prop_oneof![
            "[ -~]{0,8}".prop_map(|r| json!({"t": "regex", "regex": r, "replacement": "<x>"})),
            "[ -~]{0,8}"
                .prop_map(|v| json!({"t": "sfn_sm_exec_arn", "value": v, "replacement": "<e>"})),
            "[$.a-z\\[\\]]{0,8}"
                .prop_map(|p| json!({"t": "jsonpath", "jsonpath": p, "replacement": "j"})),
            "[a-zA-Z]{0,6}".prop_map(|k| json!({"t": "key_value", "key": k, "replacement": k})),
            Just(json!({"t": "sfn_parallel_events_normaliser"})),
            Just(json!({"t": "generic", "fn": "x._convert_output_to_json"})),
            Just(json!({"t": "utility", "name": "resource_name", "args": []})),
            Just(json!({"t": "sfn_map_run_arns_from_history"})),
            Just(json!({"t": 3})),
        ]
    }

    proptest! {
        #[test]
        fn never_panics(v in tree(), trs in prop::collection::vec(transformer(), 0..4)) {
            let d = Dynamic {
                account: Some("123456789012".to_owned()),
                exec_arn: Some("arn:aws:states:us-east-1:123456789012:execution:sm:e".to_owned()),
                map_run_arns: vec!["arn:aws:states:r:1:mapRun:sm/l:u".to_owned()],
                ..Dynamic::default()
            };
            let _ = normalise(&[("k".to_owned(), v.clone())], &trs, &d);
            let mut raw = v;
            reraw(&mut raw);
        }

        #[test]
        fn without_transformers_plain_data_survives(s in "[a-zA-Z ]{0,20}") {
            // nothing in plain words triggers a rule, so the value comes back as it was
            let out = normalise(&[("k".to_owned(), json!({"note": s.clone()}))], &[], &Dynamic::default());
            prop_assert_eq!(out.ok().and_then(|mut m| m.shift_remove("k")), Some(json!({"note": s})));
        }
    }
}
