//! The generator of `src/api/model/{operations,shapes,validate,errors}.rs` from the AWS service
//! model, and the tests that keep it honest.
//!
//! `cargo test --test codegen` regenerates everything in memory and fails on any difference with
//! the committed files; `PASSO_CODEGEN_WRITE=1 cargo test --test codegen` rewrites them. The model
//! is read from `../shared/aws-model/stepfunctions-service-2.json` relative to the repo root
//! (found by walking up from the crate); without it the tests say so and pass.
//!
//! What is kept from the model: names, types, `required`, `min`/`max`, `pattern`, `enum`,
//! `sensitive` and error shapes. AWS's documentation strings are left out.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{anyhow, bail, Context, Result};
use passo::api::model::check::{shape, ShapeDef, ShapeId, ShapeKind};
use passo::api::model::validate::SHAPES;
use passo::api::model::{model_patterns, validate_input, JavaPattern, Operation};
use proptest::prelude::*;
use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256};

const MODEL_REL: &str = "shared/aws-model/stepfunctions-service-2.json";
const MODEL_SHOWN: &str = "../shared/aws-model/stepfunctions-service-2.json";

// ---------------------------------------------------------------------------------------------
// Locating the model
// ---------------------------------------------------------------------------------------------

fn model_path() -> Option<PathBuf> {
    let mut dir = Some(Path::new(env!("CARGO_MANIFEST_DIR")));
    while let Some(d) = dir {
        let candidate = d.join(MODEL_REL);
        if candidate.is_file() {
            return Some(candidate);
        }
        dir = d.parent();
    }
    None
}

fn load_model() -> Result<Option<(Vec<u8>, Value)>> {
    let Some(path) = model_path() else {
        println!("skipped: no {MODEL_REL} above the crate");
        return Ok(None);
    };
    let bytes = std::fs::read(&path).with_context(|| format!("reading {}", path.display()))?;
    let model: Value = serde_json::from_slice(&bytes).context("parsing the service model")?;
    Ok(Some((bytes, model)))
}

// ---------------------------------------------------------------------------------------------
// The generator
// ---------------------------------------------------------------------------------------------

/// The parts of the model the generator reads.
struct Model<'a> {
    shapes: &'a Map<String, Value>,
    operations: &'a Map<String, Value>,
    sha256: String,
}

impl<'a> Model<'a> {
    fn new(bytes: &[u8], model: &'a Value) -> Result<Model<'a>> {
        let shapes = model["shapes"].as_object().context("no shapes")?;
        let operations = model["operations"].as_object().context("no operations")?;
        let sha256 = Sha256::digest(bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        Ok(Model {
            shapes,
            operations,
            sha256,
        })
    }

    fn shape(&self, name: &str) -> Result<&'a Map<String, Value>> {
        self.shapes[name]
            .as_object()
            .with_context(|| format!("unknown shape {name}"))
    }

    fn kind(&self, name: &str) -> Result<&'a str> {
        self.shape(name)?["type"]
            .as_str()
            .with_context(|| format!("shape {name} has no type"))
    }

    fn is_enum(&self, name: &str) -> Result<bool> {
        Ok(self.kind(name)? == "string" && self.shape(name)?.contains_key("enum"))
    }

    /// Member list of a structure in model order: (json name, target shape).
    fn members(&self, name: &str) -> Result<Vec<(&'a str, &'a str)>> {
        let Some(members) = self.shape(name)?.get("members").and_then(Value::as_object) else {
            return Ok(Vec::new());
        };
        members
            .iter()
            .map(|(k, v)| {
                let target = v["shape"].as_str().context("member without shape")?;
                Ok((k.as_str(), target))
            })
            .collect()
    }

    fn required(&self, name: &str) -> Result<Vec<&'a str>> {
        Ok(self
            .shape(name)?
            .get("required")
            .and_then(Value::as_array)
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default())
    }

    fn children(&self, name: &str) -> Result<Vec<&'a str>> {
        let shape = self.shape(name)?;
        let mut out: Vec<&str> = self.members(name)?.into_iter().map(|(_, t)| t).collect();
        for key in ["member", "key", "value"] {
            if let Some(t) = shape.get(key).and_then(|m| m["shape"].as_str()) {
                out.push(t);
            }
        }
        Ok(out)
    }

    fn reachable(&self, roots: &[&str]) -> Result<BTreeSet<String>> {
        let mut seen = BTreeSet::new();
        let mut stack: Vec<String> = roots.iter().map(|s| s.to_string()).collect();
        while let Some(name) = stack.pop() {
            if seen.insert(name.clone()) {
                for child in self.children(&name)? {
                    stack.push(child.to_owned());
                }
            }
        }
        Ok(seen)
    }

    /// Shapes in model order, restricted to `set`.
    fn ordered(&self, set: &BTreeSet<String>) -> Vec<&'a str> {
        self.shapes
            .keys()
            .filter(|k| set.contains(k.as_str()))
            .map(String::as_str)
            .collect()
    }

    fn ops(&self) -> Result<Vec<Op<'a>>> {
        self.operations
            .iter()
            .map(|(name, op)| {
                let errors = op["errors"]
                    .as_array()
                    .map(|e| e.iter().filter_map(|e| e["shape"].as_str()).collect())
                    .unwrap_or_default();
                Ok(Op {
                    name: name.as_str(),
                    input: op["input"]["shape"].as_str().context("op without input")?,
                    output: op["output"]["shape"]
                        .as_str()
                        .context("op without output")?,
                    errors,
                })
            })
            .collect()
    }

    fn header(&self, what: &str) -> String {
        format!(
            "//! Generated from {MODEL_SHOWN} (sha256 {}). Do not edit.\n\
             //!\n//! {what}\n//! Regenerate with `PASSO_CODEGEN_WRITE=1 cargo test --test codegen`.\n\n",
            self.sha256
        )
    }
}

struct Op<'a> {
    name: &'a str,
    input: &'a str,
    output: &'a str,
    errors: Vec<&'a str>,
}

const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "static", "struct", "super", "trait", "true", "try", "type", "typeof", "unsafe",
    "unsized", "use", "virtual", "where", "while", "yield",
];

/// `stateMachineArn` → `state_machine_arn`, `billedMemoryUsedInMB` → `billed_memory_used_in_mb`.
fn snake(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if c.is_ascii_uppercase() {
            let prev = i.checked_sub(1).and_then(|p| chars.get(p));
            let next = chars.get(i + 1);
            let boundary = match prev {
                None => false,
                Some(p) if p.is_ascii_lowercase() || p.is_ascii_digit() => true,
                Some(p) if p.is_ascii_uppercase() => next.is_some_and(|n| n.is_ascii_lowercase()),
                _ => false,
            };
            if boundary && !out.ends_with('_') {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('_') {
            out.push('_');
        }
    }
    out
}

fn field_ident(name: &str) -> String {
    let s = snake(name);
    if KEYWORDS.contains(&s.as_str()) {
        format!("r#{s}")
    } else {
        s
    }
}

/// `ALL_NEW` → `AllNew`, `ActivityFailed` stays.
fn variant(value: &str) -> String {
    if value.chars().any(|c| c.is_ascii_lowercase()) {
        return value.chars().filter(char::is_ascii_alphanumeric).collect();
    }
    value
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|p| !p.is_empty())
        .map(|p| {
            let lower = p.to_ascii_lowercase();
            let mut cs = lower.chars();
            match cs.next() {
                Some(f) => f.to_ascii_uppercase().to_string() + cs.as_str(),
                None => String::new(),
            }
        })
        .collect()
}

/// `CreateActivityInput` → `CREATE_ACTIVITY_INPUT`.
fn upper(name: &str) -> String {
    snake(name).to_ascii_uppercase()
}

fn lit(s: &str) -> String {
    format!("{s:?}")
}

fn rust_type(m: &Model<'_>, name: &str) -> Result<String> {
    let shape = m.shape(name)?;
    Ok(match m.kind(name)? {
        "structure" => name.to_owned(),
        "string" if m.is_enum(name)? => name.to_owned(),
        "string" | "blob" => "String".to_owned(),
        "integer" => "i32".to_owned(),
        "long" => "i64".to_owned(),
        "boolean" => "bool".to_owned(),
        "float" | "double" => "f64".to_owned(),
        "timestamp" => "Timestamp".to_owned(),
        "list" => {
            let member = shape["member"]["shape"].as_str().context("list member")?;
            format!("Vec<{}>", rust_type(m, member)?)
        }
        "map" => {
            let value = shape["value"]["shape"].as_str().context("map value")?;
            format!("IndexMap<String, {}>", rust_type(m, value)?)
        }
        other => bail!("shape {name}: unsupported type {other}"),
    })
}

fn gen_errors(m: &Model<'_>) -> Result<String> {
    let errors: Vec<&str> = m
        .shapes
        .iter()
        .filter(|(_, s)| s.get("exception").and_then(Value::as_bool) == Some(true))
        .map(|(k, _)| k.as_str())
        .collect();
    let mut s = m.header(
        "The error codes the model declares (`__type` of an error answer), checked by name.",
    );
    s += "use std::fmt;\n\n";
    s += "/// An error code declared in the model.\n";
    s += "#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]\npub enum ErrorCode {\n";
    for e in &errors {
        s += &format!("{e},\n");
    }
    s += "}\n\nimpl ErrorCode {\n";
    s += &format!("pub const ALL: [ErrorCode; {}] = [\n", errors.len());
    for e in &errors {
        s += &format!("ErrorCode::{e},\n");
    }
    s += "];\n\n/// The code as it appears on the wire.\npub fn as_str(self) -> &'static str {\nmatch self {\n";
    for e in &errors {
        s += &format!("ErrorCode::{e} => {},\n", lit(e));
    }
    s += "}\n}\n\n/// The code named `name`, if the model declares it.\npub fn from_name(name: &str) -> Option<ErrorCode> {\nmatch name {\n";
    for e in &errors {
        s += &format!("{} => Some(ErrorCode::{e}),\n", lit(e));
    }
    s += "_ => None,\n}\n}\n}\n\n";
    s += "impl fmt::Display for ErrorCode {\nfn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {\nf.write_str(self.as_str())\n}\n}\n";
    Ok(s)
}

fn gen_operations(m: &Model<'_>) -> Result<String> {
    let ops = m.ops()?;
    let mut s = m.header(
        "The operations of the service (`X-Amz-Target: AWSStepFunctions.<Name>`), their input and \
         output shapes and the errors each declares.",
    );
    s += "use super::errors::ErrorCode;\n\n";
    s += "/// The prefix of `X-Amz-Target` before the operation name.\n";
    s += "pub const TARGET_PREFIX: &str = \"AWSStepFunctions\";\n\n";
    s += "/// One operation of the service.\n";
    s += "#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]\npub enum Operation {\n";
    for op in &ops {
        s += &format!("{},\n", op.name);
    }
    s += "}\n\nimpl Operation {\n";
    s += &format!("pub const ALL: [Operation; {}] = [\n", ops.len());
    for op in &ops {
        s += &format!("Operation::{},\n", op.name);
    }
    s += "];\n\n";
    s += "/// The operation named `name` (the part of `X-Amz-Target` after `AWSStepFunctions.`).\n";
    s += "pub fn from_name(name: &str) -> Option<Operation> {\nmatch name {\n";
    for op in &ops {
        s += &format!("{} => Some(Operation::{}),\n", lit(op.name), op.name);
    }
    s += "_ => None,\n}\n}\n\n";
    let mut table = |fname: &str, doc: &str, ret: &str, f: &dyn Fn(&Op<'_>) -> String| {
        s += &format!("/// {doc}\npub fn {fname}(self) -> {ret} {{\nmatch self {{\n");
        for op in &ops {
            s += &format!("Operation::{} => {},\n", op.name, f(op));
        }
        s += "}\n}\n\n";
    };
    table("name", "The operation's name.", "&'static str", &|op| {
        lit(op.name)
    });
    table(
        "input_shape",
        "The name of the input shape (a type in `shapes`).",
        "&'static str",
        &|op| lit(op.input),
    );
    table(
        "output_shape",
        "The name of the output shape (a type in `shapes`).",
        "&'static str",
        &|op| lit(op.output),
    );
    table(
        "errors",
        "The errors the model declares for the operation, in model order.",
        "&'static [ErrorCode]",
        &|op| {
            let list: Vec<String> = op
                .errors
                .iter()
                .map(|e| format!("ErrorCode::{e}"))
                .collect();
            format!("&[{}]", list.join(", "))
        },
    );
    s += "}\n\n";
    s += "impl std::fmt::Display for Operation {\nfn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {\nf.write_str(self.name())\n}\n}\n";
    Ok(s)
}

fn gen_shapes(m: &Model<'_>) -> Result<String> {
    let ops = m.ops()?;
    let roots: Vec<&str> = ops.iter().flat_map(|o| [o.input, o.output]).collect();
    let all = m.reachable(&roots)?;
    let ordered = m.ordered(&all);
    for name in &ordered {
        if m.kind(name)? == "structure" {
            for child in m.children(name)? {
                if m.reachable(&[child])?.contains(*name) {
                    bail!("recursive shape {name}: box it in the generator");
                }
            }
        }
    }
    let mut s = m.header(
        "One Rust type per structure and enum the operations' inputs and outputs use, named as \
         in the model, serialised with the model's member names.",
    );
    s += "use indexmap::IndexMap;\n\npub use super::timestamp::Timestamp;\n\n";
    let mut structs = Vec::new();
    for name in &ordered {
        match m.kind(name)? {
            "structure" => {
                structs.push(*name);
                let required = m.required(name)?;
                s += &format!("/// The `{name}` structure.\n");
                s += "#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]\n";
                s += &format!("pub struct {name} {{\n");
                for (member, target) in m.members(name)? {
                    let ty = rust_type(m, target)?;
                    if required.contains(&member) {
                        s += &format!("#[serde(rename = {})]\n", lit(member));
                        s += &format!("pub {}: {ty},\n", field_ident(member));
                    } else {
                        s += &format!(
                            "#[serde(rename = {}, default, skip_serializing_if = \"Option::is_none\")]\n",
                            lit(member)
                        );
                        s += &format!("pub {}: Option<{ty}>,\n", field_ident(member));
                    }
                }
                s += "}\n\n";
            }
            "string" if m.is_enum(name)? => {
                let values: Vec<&str> = m.shape(name)?["enum"]
                    .as_array()
                    .context("enum values")?
                    .iter()
                    .filter_map(Value::as_str)
                    .collect();
                let variants: Vec<String> = values.iter().map(|v| variant(v)).collect();
                let unique: BTreeSet<&String> = variants.iter().collect();
                if unique.len() != variants.len() {
                    bail!("enum {name}: variant names collide");
                }
                s += &format!("/// The `{name}` enum.\n");
                s += "#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]\n";
                s += &format!("pub enum {name} {{\n");
                for (i, (v, id)) in values.iter().zip(&variants).enumerate() {
                    if i == 0 {
                        s += "#[default]\n";
                    }
                    s += &format!("#[serde(rename = {})]\n{id},\n", lit(v));
                }
                s += "}\n\n";
                s += &format!("impl {name} {{\n");
                s += &format!("pub const ALL: [{name}; {}] = [\n", values.len());
                for id in &variants {
                    s += &format!("{name}::{id},\n");
                }
                s += "];\n\n/// The value as it appears on the wire.\npub fn as_str(self) -> &'static str {\nmatch self {\n";
                for (v, id) in values.iter().zip(&variants) {
                    s += &format!("{name}::{id} => {},\n", lit(v));
                }
                s += &format!("}}\n}}\n\n/// The variant for a wire value.\npub fn from_name(value: &str) -> Option<{name}> {{\nmatch value {{\n");
                for (v, id) in values.iter().zip(&variants) {
                    s += &format!("{} => Some({name}::{id}),\n", lit(v));
                }
                s += "_ => None,\n}\n}\n}\n\n";
                s += &format!("impl std::fmt::Display for {name} {{\nfn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {{\nf.write_str(self.as_str())\n}}\n}}\n\n");
            }
            _ => {}
        }
    }
    s += "/// Reads `value` as the structure `shape` and writes it back (`None` for an unknown shape).\n";
    s += "/// For tests: proves every structure survives serde unchanged.\n";
    s += "#[doc(hidden)]\npub fn roundtrip_json(shape: &str, value: serde_json::Value) -> Option<Result<serde_json::Value, serde_json::Error>> {\n";
    s += "fn again<T: serde::de::DeserializeOwned + serde::Serialize>(value: serde_json::Value) -> Result<serde_json::Value, serde_json::Error> {\nserde_json::to_value(serde_json::from_value::<T>(value)?)\n}\n";
    s += "Some(match shape {\n";
    for name in &structs {
        s += &format!("{} => again::<{name}>(value),\n", lit(name));
    }
    s += "_ => return None,\n})\n}\n";
    Ok(s)
}

/// A `min`/`max` trait as Rust (`Some(80)`); the model only uses integer bounds, and a bound
/// that is not one fails the generator rather than being dropped.
fn opt(v: Option<&Value>) -> Result<String> {
    match v {
        None => Ok("None".to_owned()),
        Some(v) => {
            let n = v
                .as_i64()
                .with_context(|| format!("non-integer bound {v}"))?;
            Ok(format!("Some({n})"))
        }
    }
}

fn gen_validate(m: &Model<'_>) -> Result<String> {
    let ops = m.ops()?;
    let roots: Vec<&str> = ops.iter().map(|o| o.input).collect();
    let set = m.reachable(&roots)?;
    let ordered = m.ordered(&set);
    let ids: BTreeMap<&str, String> = ordered.iter().map(|n| (*n, upper(n))).collect();
    let unique: BTreeSet<&String> = ids.values().collect();
    if unique.len() != ids.len() {
        bail!("shape id constants collide");
    }
    let id_of = |n: &str| -> Result<String> {
        ids.get(n)
            .map(|c| format!("id::{c}"))
            .ok_or_else(|| anyhow!("shape {n} not in the input set"))
    };
    let mut s = m.header(
        "The constraints of every shape reachable from an operation's input, as data for the \
         interpreter in `check.rs`.",
    );
    s += "use super::check::{MemberDef, ShapeDef, ShapeId, ShapeKind};\nuse super::operations::Operation;\n\n";
    s += "pub use super::check::{validate_input, ValidationError};\n\n";
    s += "/// Index of each shape in [`SHAPES`].\npub mod id {\nuse super::ShapeId;\n\n";
    for (i, n) in ordered.iter().enumerate() {
        s += &format!("pub const {}: ShapeId = ShapeId({i});\n", ids[n]);
    }
    s += "}\n\n";
    s += &format!(
        "/// Every input shape with its constraints, in model order.\npub static SHAPES: [ShapeDef; {}] = [\n",
        ordered.len()
    );
    for n in &ordered {
        let shape = m.shape(n)?;
        let sensitive = shape.get("sensitive").and_then(Value::as_bool) == Some(true);
        let (min, max) = (opt(shape.get("min"))?, opt(shape.get("max"))?);
        let kind = match m.kind(n)? {
            "structure" => {
                let required = m.required(n)?;
                let mut k = "ShapeKind::Structure {\nmembers: &[\n".to_owned();
                for (member, target) in m.members(n)? {
                    k += &format!(
                        "MemberDef {{\nname: {},\nshape: {},\nrequired: {},\n}},\n",
                        lit(member),
                        id_of(target)?,
                        required.contains(&member)
                    );
                }
                k + "],\n}"
            }
            "list" => format!(
                "ShapeKind::List {{\nmember: {},\nmin: {min},\nmax: {max},\n}}",
                id_of(shape["member"]["shape"].as_str().context("member")?)?
            ),
            "map" => format!(
                "ShapeKind::Map {{\nkey: {},\nvalue: {},\nmin: {min},\nmax: {max},\n}}",
                id_of(shape["key"]["shape"].as_str().context("key")?)?,
                id_of(shape["value"]["shape"].as_str().context("value")?)?
            ),
            "string" => {
                let pattern = match shape.get("pattern").and_then(Value::as_str) {
                    Some(p) => format!("Some({})", lit(p)),
                    None => "None".to_owned(),
                };
                let values = match shape.get("enum").and_then(Value::as_array) {
                    Some(vs) => {
                        let vs: Vec<String> =
                            vs.iter().filter_map(Value::as_str).map(lit).collect();
                        format!("Some(&[{}])", vs.join(", "))
                    }
                    None => "None".to_owned(),
                };
                format!("ShapeKind::String {{\nmin: {min},\nmax: {max},\npattern: {pattern},\nenum_values: {values},\n}}")
            }
            "integer" => format!("ShapeKind::Integer {{\nmin: {min},\nmax: {max},\n}}"),
            "long" => format!("ShapeKind::Long {{\nmin: {min},\nmax: {max},\n}}"),
            "float" | "double" => format!("ShapeKind::Float {{\nmin: {min},\nmax: {max},\n}}"),
            "boolean" => "ShapeKind::Boolean".to_owned(),
            "timestamp" => "ShapeKind::Timestamp".to_owned(),
            "blob" => format!("ShapeKind::Blob {{\nmin: {min},\nmax: {max},\n}}"),
            other => bail!("shape {n}: unsupported type {other}"),
        };
        s += &format!(
            "ShapeDef {{\nname: {},\nsensitive: {sensitive},\nkind: {kind},\n}},\n",
            lit(n)
        );
    }
    s += "];\n\n/// The input shape of an operation.\npub fn input_shape(op: Operation) -> ShapeId {\nmatch op {\n";
    for op in &ops {
        s += &format!("Operation::{} => {},\n", op.name, id_of(op.input)?);
    }
    s += "}\n}\n";
    Ok(s)
}

fn rustfmt(source: &str) -> Result<String> {
    let mut child = Command::new(std::env::var("RUSTFMT").unwrap_or_else(|_| "rustfmt".into()))
        .args(["--edition", "2021", "--emit", "stdout"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .context("running rustfmt (the generated code is formatted with it)")?;
    child
        .stdin
        .take()
        .context("rustfmt stdin")?
        .write_all(source.as_bytes())?;
    let out = child.wait_with_output()?;
    if !out.status.success() {
        bail!(
            "rustfmt failed: {}\n{source}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    Ok(String::from_utf8(out.stdout)?)
}

/// Every generated file: (path relative to the crate, formatted contents).
fn generate(bytes: &[u8], model: &Value) -> Result<Vec<(&'static str, String)>> {
    let m = Model::new(bytes, model)?;
    Ok(vec![
        ("src/api/model/errors.rs", rustfmt(&gen_errors(&m)?)?),
        (
            "src/api/model/operations.rs",
            rustfmt(&gen_operations(&m)?)?,
        ),
        ("src/api/model/shapes.rs", rustfmt(&gen_shapes(&m)?)?),
        ("src/api/model/validate.rs", rustfmt(&gen_validate(&m)?)?),
    ])
}

#[test]
fn generated_code_is_fresh() -> Result<()> {
    let Some((bytes, model)) = load_model()? else {
        return Ok(());
    };
    let write = std::env::var_os("PASSO_CODEGEN_WRITE").is_some_and(|v| v == "1");
    let mut stale = Vec::new();
    for (rel, contents) in generate(&bytes, &model)? {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(rel);
        let current = std::fs::read_to_string(&path).unwrap_or_default();
        if current != contents {
            if write {
                std::fs::write(&path, &contents)?;
                println!("wrote {rel}");
            } else {
                stale.push(rel);
            }
        }
    }
    if !stale.is_empty() {
        bail!(
            "generated code is stale ({}): run PASSO_CODEGEN_WRITE=1 cargo test --test codegen",
            stale.join(", ")
        );
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// The generated model against the service model
// ---------------------------------------------------------------------------------------------

#[test]
fn operations_match_the_model() -> Result<()> {
    let Some((_, model)) = load_model()? else {
        return Ok(());
    };
    let ops = model["operations"].as_object().context("operations")?;
    assert_eq!(Operation::ALL.len(), ops.len());
    for (name, op) in ops {
        let parsed = Operation::from_name(name).with_context(|| format!("missing {name}"))?;
        assert_eq!(parsed.name(), name);
        assert_eq!(parsed.input_shape(), op["input"]["shape"]);
        assert_eq!(parsed.output_shape(), op["output"]["shape"]);
        let declared = op["errors"].as_array().map(Vec::len).unwrap_or_default();
        assert_eq!(parsed.errors().len(), declared, "{name}");
    }
    assert_eq!(Operation::from_name("NoSuchOperation"), None);
    Ok(())
}

#[test]
fn every_model_pattern_compiles() {
    let patterns = model_patterns();
    assert!(!patterns.is_empty());
    for p in patterns {
        assert!(
            JavaPattern::compile(p).is_ok(),
            "pattern {p} does not compile"
        );
    }
}

fn def(id: ShapeId) -> Result<&'static ShapeDef> {
    shape(id).ok_or_else(|| anyhow!("no shape {id:?}"))
}

/// A value satisfying every constraint of `id`; structures get their required members only,
/// or every member when `full`.
fn sample(id: ShapeId, full: bool) -> Result<Value> {
    let d = def(id)?;
    Ok(match &d.kind {
        ShapeKind::Structure { members } => {
            let mut object = Map::new();
            for member in members.iter() {
                if member.required || full {
                    object.insert(member.name.to_owned(), sample(member.shape, full)?);
                }
            }
            Value::Object(object)
        }
        ShapeKind::List { member, min, .. } => {
            let n = min.unwrap_or(0).max(1);
            Value::Array(
                (0..n)
                    .map(|_| sample(*member, full))
                    .collect::<Result<_>>()?,
            )
        }
        ShapeKind::Map { value, .. } => json!({ "k": sample(*value, full)? }),
        ShapeKind::String {
            min, enum_values, ..
        } => match enum_values.and_then(|v| v.first()) {
            Some(first) => json!(first),
            None => json!("a".repeat(usize::try_from(min.unwrap_or(1).max(1))?)),
        },
        ShapeKind::Integer { min, .. } | ShapeKind::Long { min, .. } => json!(min.unwrap_or(0)),
        ShapeKind::Float { min, .. } => json!(min.unwrap_or(0) as f64 + 0.5),
        ShapeKind::Boolean => json!(true),
        ShapeKind::Timestamp => json!(1_700_000_000.123),
        ShapeKind::Blob { .. } => json!("YQ=="),
    })
}

fn input_id(op: Operation) -> ShapeId {
    passo::api::model::validate::input_shape(op)
}

#[test]
fn minimal_inputs_validate_and_missing_members_are_named() -> Result<()> {
    let mut checked = 0;
    for op in Operation::ALL {
        let minimal = sample(input_id(op), false)?;
        assert_eq!(validate_input(op, &minimal), Ok(()), "{op:?} {minimal}");
        let full = sample(input_id(op), true)?;
        assert_eq!(validate_input(op, &full), Ok(()), "{op:?} {full}");
        let ShapeKind::Structure { members } = &def(input_id(op))?.kind else {
            bail!("{op:?}: input is not a structure");
        };
        for member in members.iter().filter(|m| m.required) {
            let mut input = minimal.clone();
            if let Some(o) = input.as_object_mut() {
                o.remove(member.name);
            }
            let err = validate_input(op, &input).err().context("accepted")?;
            let value = if def(member.shape)?.sensitive {
                ""
            } else {
                "null "
            };
            assert_eq!(err.code, "ValidationException");
            assert_eq!(
                err.message,
                format!(
                    "1 validation error detected: Value {value}at '{}' failed to satisfy \
                     constraint: Member must not be null",
                    member.name
                )
            );
            checked += 1;
        }
    }
    assert!(checked > 30, "only {checked} required members");
    Ok(())
}

#[test]
fn constraint_messages() {
    let check = |op: Operation, input: Value| validate_input(op, &input).map_err(|e| e.message);
    let sm = "arn:aws:states:us-east-1:111111111111:stateMachine:s";
    assert_eq!(
        check(
            Operation::ListStateMachineVersions,
            json!({"stateMachineArn": sm, "maxResults": 1001})
        ),
        Err(
            "1 validation error detected: Value '1001' at 'maxResults' failed to satisfy \
             constraint: Member must have value less than or equal to 1000"
                .to_owned()
        )
    );
    assert_eq!(
        check(
            Operation::CreateStateMachine,
            json!({"name": "n", "definition": "{}", "roleArn": "r", "type": "BATCH"})
        ),
        Err(
            "1 validation error detected: Value 'BATCH' at 'type' failed to satisfy \
             constraint: Member must satisfy enum value set: [STANDARD, EXPRESS]"
                .to_owned()
        )
    );
    assert_eq!(
        check(Operation::CreateStateMachine, json!({"name": ""})),
        Err(
            "3 validation errors detected: Value '' at 'name' failed to satisfy constraint: \
             Member must have length greater than or equal to 1; Value at 'definition' failed \
             to satisfy constraint: Member must not be null; Value null at 'roleArn' failed to \
             satisfy constraint: Member must not be null"
                .to_owned()
        )
    );
    assert_eq!(
        check(
            Operation::CreateStateMachineAlias,
            json!({"name": "123", "routingConfiguration": [
                {"stateMachineVersionArn": sm, "weight": 101}]})
        ),
        Err(
            "2 validation errors detected: Value '123' at 'name' failed to satisfy \
             constraint: Member must satisfy regular expression pattern: \
             ^(?=.*[a-zA-Z_\\-\\.])[a-zA-Z0-9_\\-\\.]+$; Value '101' at \
             'routingConfiguration.1.member.weight' failed to satisfy constraint: Member must \
             have value less than or equal to 100"
                .to_owned()
        )
    );
    assert_eq!(
        check(
            Operation::CreateStateMachine,
            json!({"name": "n", "definition": "{}", "roleArn": "r",
                   "loggingConfiguration": {"level": "LOUD"}})
        ),
        Err(
            "1 validation error detected: Value 'LOUD' at 'loggingConfiguration.level' \
             failed to satisfy constraint: Member must satisfy enum value set: [ALL, ERROR, \
             FATAL, OFF]"
                .to_owned()
        )
    );
    assert_eq!(
        check(
            Operation::UntagResource,
            json!({"resourceArn": sm, "tagKeys": ["", "k"]})
        ),
        Err(
            "1 validation error detected: Value '' at 'tagKeys.1.member' failed to satisfy \
             constraint: Member must have length greater than or equal to 1"
                .to_owned()
        )
    );
}

#[test]
fn wrong_json_types_are_serialization_exceptions() {
    let check = |input: Value| {
        validate_input(Operation::ListExecutions, &input).map_err(|e| (e.code.clone(), e.message))
    };
    let ser = |m: &str| Err(("SerializationException".to_owned(), m.to_owned()));
    assert_eq!(
        check(json!({"maxResults": "1"})),
        ser("STRING_VALUE can not be converted to an Integer")
    );
    assert_eq!(
        check(json!({"maxResults": true})),
        ser("TRUE_VALUE can not be converted to an Integer")
    );
    assert_eq!(
        check(json!({"maxResults": [1]})),
        ser("Start of list found where not expected")
    );
    assert_eq!(
        check(json!({"maxResults": {"a": 1}})),
        ser("Start of structure or map found where not expected.")
    );
    assert_eq!(
        check(json!({"stateMachineArn": 1})),
        ser("NUMBER_VALUE can not be converted to a String")
    );
    assert_eq!(check(json!({"maxResults": 1.5})), ser(""));
    assert_eq!(
        check(json!([])),
        ser("Start of list found where not expected")
    );
    assert_eq!(check(json!("x")), ser(""));
    // Serialization errors win over constraint violations, and null is absent.
    assert_eq!(
        check(json!({"maxResults": 5000, "nextToken": 3})),
        ser("NUMBER_VALUE can not be converted to a String")
    );
    assert_eq!(
        check(json!({"maxResults": null, "unknownMember": [1]})),
        Ok(())
    );
}

#[test]
fn every_structure_round_trips_through_serde() -> Result<()> {
    let Some((_, model)) = load_model()? else {
        return Ok(());
    };
    let shapes = model["shapes"].as_object().context("shapes")?;
    let mut count = 0;
    for (name, s) in shapes {
        if s["type"] != "structure" || s.get("exception").is_some() {
            continue;
        }
        let value = full_sample(shapes, name)?;
        let Some(back) = passo::api::model::shapes::roundtrip_json(name, value.clone()) else {
            continue;
        };
        assert_eq!(back?, value, "{name}");
        count += 1;
    }
    assert!(count > 100, "only {count} structures round-tripped");
    Ok(())
}

/// Every member filled, from the service model itself (outputs are not in the validation table).
fn full_sample(shapes: &Map<String, Value>, name: &str) -> Result<Value> {
    let s = &shapes[name];
    Ok(match s["type"].as_str().context("type")? {
        "structure" => {
            let mut o = Map::new();
            for (k, m) in s["members"].as_object().context("members")? {
                let target = m["shape"].as_str().context("shape")?;
                o.insert(k.clone(), full_sample(shapes, target)?);
            }
            Value::Object(o)
        }
        "list" => json!([full_sample(
            shapes,
            s["member"]["shape"].as_str().context("m")?
        )?]),
        "map" => json!({"k": full_sample(shapes, s["value"]["shape"].as_str().context("v")?)?}),
        "string" => match s["enum"].as_array().and_then(|v| v.last()) {
            Some(last) => last.clone(),
            None => json!("text"),
        },
        "integer" | "long" => json!(7),
        "float" | "double" => json!(2.5),
        "boolean" => json!(true),
        "timestamp" => json!(1_700_000_000.123),
        "blob" => json!("YQ=="),
        other => bail!("unsupported {other}"),
    })
}

fn arbitrary_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<f64>().prop_map(|f| json!(f)),
        ".{0,12}".prop_map(Value::String),
        Just(json!("STANDARD")),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec((member_name(), inner), 0..6)
                .prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
}

/// Mostly real member names, so the values reach the checks.
fn member_name() -> impl Strategy<Value = String> {
    let mut names: Vec<String> = Vec::new();
    for d in SHAPES.iter() {
        if let ShapeKind::Structure { members } = &d.kind {
            names.extend(members.iter().map(|m| m.name.to_owned()));
        }
    }
    names.sort();
    names.dedup();
    prop_oneof![prop::sample::select(names), "[a-z]{1,6}"]
}

proptest! {
    #[test]
    fn validate_input_never_panics(op in prop::sample::select(Operation::ALL.to_vec()), input in arbitrary_json()) {
        match validate_input(op, &input) {
            Ok(()) => {}
            Err(e) => prop_assert!(e.code == "ValidationException" || e.code == "SerializationException"),
        }
    }

    #[test]
    fn accepted_inputs_deserialize(op in prop::sample::select(Operation::ALL.to_vec()), input in arbitrary_json()) {
        // Whatever the validator lets through, the typed shape must read (the router relies on it).
        if validate_input(op, &input).is_ok() {
            let back = passo::api::model::shapes::roundtrip_json(op.input_shape(), input.clone());
            prop_assert!(matches!(back, Some(Ok(_))), "{:?} {} {:?}", op, input, back);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Against the AWS recordings
// ---------------------------------------------------------------------------------------------

fn recordings_dir() -> Option<PathBuf> {
    let mut dir = Some(Path::new(env!("CARGO_MANIFEST_DIR")));
    while let Some(d) = dir {
        let candidate = d.join("shared/conformance/aws-recordings/cases");
        if candidate.is_dir() {
            return Some(candidate);
        }
        dir = d.parent();
    }
    None
}

/// `list_state_machine_versions` → `ListStateMachineVersions`.
fn camel(snake: &str) -> String {
    snake
        .split('_')
        .map(|p| {
            let mut cs = p.chars();
            match cs.next() {
                Some(f) => f.to_ascii_uppercase().to_string() + cs.as_str(),
                None => String::new(),
            }
        })
        .collect()
}

/// (code, message) of a recorded error answer, in either of the recorders' two layouts.
fn recorded_error(expected: &Value) -> Option<(String, String)> {
    let answers: Vec<&Value> = match expected.as_object() {
        Some(o) if o.contains_key("Error") || o.contains_key("exception_typename") => {
            vec![expected]
        }
        Some(o) => o.values().collect(),
        None => Vec::new(),
    };
    for answer in answers {
        // Some recorders kept boto3's client-side refusal as bare text.
        if let Some(text) = answer.as_str() {
            if text.starts_with("Parameter validation failed") {
                return Some(("ParamValidationError".to_owned(), text.to_owned()));
            }
        }
        if let Some(code) = answer["Error"]["Code"].as_str() {
            let message = answer["Error"]["Message"].as_str().unwrap_or_default();
            return Some((code.to_owned(), message.to_owned()));
        }
        if let Some(code) = answer["exception_typename"].as_str() {
            let value = answer["exception_value"].as_str().unwrap_or_default();
            let message = value.split_once(" operation: ").map_or(value, |(_, m)| m);
            return Some((code.to_owned(), message.to_owned()));
        }
    }
    None
}

/// A recorded request: operation, parameters and AWS's error answer (code, message), if any.
type Request = (String, Value, Option<(String, String)>);

/// Every request AWS answered in the recordings gets the same verdict from the validator: a
/// model `ValidationException` with the same message, or no objection when AWS went further.
#[test]
fn recorded_requests_get_aws_answers() -> Result<()> {
    let Some(dir) = recordings_dir() else {
        println!("skipped: no shared/conformance/aws-recordings above the crate");
        return Ok(());
    };
    let (mut accepted, mut rejected, mut failures) = (0, 0, Vec::new());
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    paths.sort();
    for path in paths {
        let case: Value = serde_json::from_slice(&std::fs::read(&path)?)?;
        let literal: Vec<(String, String)> = case["transformers"]
            .as_array()
            .map(|ts| {
                ts.iter()
                    .filter(|t| t["t"] == "regex")
                    .filter_map(|t| {
                        Some((
                            t["regex"].as_str()?.into(),
                            t["replacement"].as_str()?.into(),
                        ))
                    })
                    .collect()
            })
            .unwrap_or_default();
        let mut requests: Vec<Request> = Vec::new();
        match case["kind"].as_str() {
            Some("api_sequence") => {
                for step in case["steps"].as_array().into_iter().flatten() {
                    if step["service"] != "stepfunctions" {
                        continue;
                    }
                    let op = camel(step["op"].as_str().unwrap_or_default());
                    requests.push((
                        op,
                        step["params"].clone(),
                        recorded_error(&step["expected"]),
                    ));
                }
            }
            Some("execution") if case["definition"].is_object() => {
                let definition = serde_json::to_string(&case["definition"])?;
                let mut create = json!({
                    "name": case["state_machine_name"].as_str().unwrap_or("machine"),
                    "definition": definition,
                    "roleArn": "arn:aws:iam::111111111111:role/role",
                    "type": case["state_machine_type"].as_str().unwrap_or("STANDARD"),
                });
                if case["state_machine_type"].is_null() {
                    create.as_object_mut().map(|o| o.remove("type"));
                }
                requests.push(("CreateStateMachine".into(), create, None));
                let mut start = json!({
                    "stateMachineArn": "arn:aws:states:us-east-1:111111111111:stateMachine:m",
                    "input": case["input_raw"].as_str().unwrap_or("{}"),
                });
                if let Some(name) = case["execution_name"].as_str() {
                    start["name"] = json!(name);
                }
                let start_api = case["start_api"].as_str().unwrap_or("StartExecution");
                requests.push((start_api.into(), start, None));
            }
            _ => {}
        }
        for (op_name, params, error) in requests {
            let Some(op) = Operation::from_name(&op_name) else {
                failures.push(format!("{}: unknown op {op_name}", path.display()));
                continue;
            };
            let got = validate_input(op, &params);
            let model_error = error.as_ref().filter(|(code, m)| {
                code == "ValidationException" && m.contains("validation error")
            });
            match (model_error, &error, got) {
                // boto3 refused to send it.
                (_, Some((code, _)), _) if code == "ParamValidationError" => {}
                (Some((_, want)), _, Err(e)) => {
                    let mut message = e.message.clone();
                    for (from, to) in &literal {
                        message = message.replace(from.as_str(), to);
                    }
                    if &message == want {
                        rejected += 1;
                    } else {
                        failures.push(format!("{op_name}: want {want}\n  got {message}"));
                    }
                }
                (Some((_, want)), _, Ok(())) => {
                    failures.push(format!("{op_name}: accepted, AWS said {want}"))
                }
                (None, _, Ok(())) => accepted += 1,
                (None, _, Err(e)) => {
                    failures.push(format!("{op_name} {params}: rejected ({e}), AWS went on"))
                }
            }
        }
    }
    println!("recordings: {accepted} requests accepted, {rejected} rejected as AWS did");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(rejected >= 5 && accepted > 1000, "{accepted} / {rejected}");
    Ok(())
}
