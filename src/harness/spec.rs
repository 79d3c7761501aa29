//! Test spec files: their shape (YAML or JSON), discovery under the paths given to `passo test`,
//! and loading into [`TestCase`]s with every file reference resolved relative to the spec.
//!
//! Owns the spec format only; running a case is [`super::run`]'s business and checking its
//! outcome [`super::expect`]'s.
//!
//! ```yaml
//! stateMachine:                 # an ASL file ...
//!   definition: order-pipeline.asl.json
//!   # ... or a resource of a CloudFormation/SAM template:
//!   # template: template.yaml
//!   # resource: OrderPipeline
//!   # parameters: {Stage: test}
//! mockConfig: mocks.json        # a Step Functions Local MockConfigFile (a path or inline)
//! clock: {epoch: "2024-01-01T00:00:00Z", seed: 7}
//! tests:
//!   - name: happy path
//!     input: {orderId: o-1}
//!     testCase: HappyPath       # the MockConfigFile test case
//!     snapshot: true
//!     expect:
//!       status: SUCCEEDED
//!       outputIncludes: {orderId: o-1}
//! ```

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::{Map, Value};

use super::template;
use crate::integrations::MockConfig;

/// The file name endings that mark a test spec.
pub const SPEC_SUFFIXES: [&str; 3] = [".test.yaml", ".test.yml", ".test.json"];

/// Why a spec could not be loaded. The `String`s name the file.
#[derive(Debug, thiserror::Error)]
pub enum SpecError {
    /// A path given on the command line that does not exist.
    #[error("{0}: no such file or directory")]
    Missing(String),
    /// A spec file that cannot be read.
    #[error("{0}: {1}")]
    Io(String, String),
    /// `tests: 1`: the text does not have the spec's shape.
    #[error("{0}: not a valid test spec: {1}")]
    Shape(String, String),
    /// A state machine, template, or mock file the spec names cannot be used.
    #[error("{0}: {1}")]
    Reference(String, String),
}

/// The state machine a spec tests.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MachineRef {
    /// An ASL file (JSON) relative to the spec, or an inline definition object.
    pub definition: Option<Value>,
    /// A CloudFormation or SAM template relative to the spec.
    pub template: Option<String>,
    /// The logical id of the state machine resource in `template` (optional when the template
    /// holds exactly one).
    pub resource: Option<String>,
    /// Template parameter values (override the template's defaults).
    #[serde(default)]
    pub parameters: Map<String, Value>,
    /// `${Name}` substitutions applied to an ASL file (a template brings its own
    /// `DefinitionSubstitutions`; these override them).
    #[serde(default)]
    pub substitutions: Map<String, Value>,
    /// The state machine's name (the MockConfigFile's `StateMachines` key). Defaults to the
    /// resource's logical id, or the ASL file's name up to its first dot.
    pub name: Option<String>,
    /// `STANDARD` (default) or `EXPRESS`.
    #[serde(rename = "type")]
    pub machine_type: Option<String>,
}

/// The clock of a test: its virtual start and its random seed.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ClockSpec {
    pub epoch: Option<DateTime<Utc>>,
    pub seed: Option<u64>,
}

/// What a test expects. Every field is optional; absent ones are not checked.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Expect {
    /// `SUCCEEDED`, `FAILED`, `TIMED_OUT` or `ABORTED`.
    pub status: Option<String>,
    /// The output, exactly.
    pub output: Option<Value>,
    /// A subset of the output: objects may hold more keys, everything given must match.
    pub output_includes: Option<Value>,
    /// JSONPath (passo's engine, as in ASL) → expected value. A path that matches nothing fails.
    #[serde(default)]
    pub output_paths: Map<String, Value>,
    pub error: Option<String>,
    pub cause: Option<String>,
    /// The top-level states entered, in order (states inside Map and Parallel are left out).
    pub path: Option<Vec<String>>,
    /// States (at any depth) that must be entered in this relative order.
    pub path_includes: Option<Vec<String>>,
    /// The number of state transitions (the Standard pricing unit).
    pub transitions: Option<u64>,
}

/// A callback the harness plays for a `.waitForTaskToken` Task: it answers the state's token
/// with SendTaskSuccess (`output`) or SendTaskFailure (`error`, `cause`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Callback {
    pub state: String,
    pub output: Option<Value>,
    pub error: Option<String>,
    pub cause: Option<String>,
}

/// One test in a spec file.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TestEntry {
    pub name: String,
    #[serde(default)]
    pub input: Option<Value>,
    /// The MockConfigFile test case (`stateMachineArn#TestCase`).
    pub test_case: Option<String>,
    /// Overrides the file's mock config for this test.
    pub mock_config: Option<Value>,
    pub clock: Option<ClockSpec>,
    #[serde(default)]
    pub callbacks: Vec<Callback>,
    #[serde(default)]
    pub snapshot: bool,
    /// Overrides the file's state machine for this test.
    pub state_machine: Option<MachineRef>,
    #[serde(default)]
    pub expect: Expect,
}

/// A spec file as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SpecFile {
    pub state_machine: Option<MachineRef>,
    pub mock_config: Option<Value>,
    pub clock: Option<ClockSpec>,
    /// Memory of an Express machine in MB, for the cost estimate (default 64).
    pub memory_mb: Option<u64>,
    pub tests: Vec<TestEntry>,
}

/// A state machine ready to create: its name, definition text and type.
#[derive(Debug, Clone, PartialEq)]
pub struct Machine {
    pub name: String,
    pub definition: String,
    pub express: bool,
}

/// One test, fully resolved: everything a run needs, no file references left.
#[derive(Debug, Clone)]
pub struct TestCase {
    /// `spec-file::test name`, unique in a suite and stable across runs.
    pub id: String,
    pub name: String,
    pub spec_path: PathBuf,
    pub machine: std::sync::Arc<Machine>,
    pub input: Value,
    pub mocks: Option<std::sync::Arc<MockConfig>>,
    pub test_case: Option<String>,
    pub epoch: DateTime<Utc>,
    pub seed: u64,
    pub callbacks: Vec<Callback>,
    pub snapshot: bool,
    pub memory_mb: u64,
    pub expect: Expect,
}

/// The epoch of tests that set none: fixed, so histories are the same on every run.
pub fn default_epoch() -> DateTime<Utc> {
    DateTime::from_timestamp(1_704_067_200, 0).unwrap_or_default()
}

/// Finds spec files: each path is a spec file or a directory searched recursively (hidden
/// directories and `target` skipped). Sorted, so suites are ordered the same everywhere.
pub fn discover(paths: &[PathBuf]) -> Result<Vec<PathBuf>, SpecError> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_file() {
            out.push(p.clone());
        } else if p.is_dir() {
            walk(p, &mut out).map_err(|e| SpecError::Io(p.display().to_string(), e.to_string()))?;
        } else {
            return Err(SpecError::Missing(p.display().to_string()));
        }
    }
    out.sort();
    out.dedup();
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        if path.is_dir() {
            if !name.starts_with('.') && name != "target" && name != "node_modules" {
                walk(&path, out)?;
            }
        } else if SPEC_SUFFIXES.iter().any(|s| name.ends_with(s)) {
            // `passo test .` names `a.test.yaml`, not `./a.test.yaml`.
            out.push(
                path.strip_prefix(".")
                    .map(Path::to_path_buf)
                    .unwrap_or(path),
            );
        }
    }
    Ok(())
}

/// Parses YAML or JSON text (JSON is YAML, but JSON files get serde_json's exact numbers).
pub fn parse_text(path: &Path, text: &str) -> Result<Value, String> {
    if path.extension().is_some_and(|e| e == "json") {
        serde_json::from_str(text).map_err(|e| e.to_string())
    } else {
        let yaml: serde_yaml_ng::Value =
            serde_yaml_ng::from_str(text).map_err(|e| e.to_string())?;
        serde_json::to_value(template::untag(yaml)).map_err(|e| e.to_string())
    }
}

/// Loads one spec file into its tests.
pub fn load(path: &Path) -> Result<Vec<TestCase>, SpecError> {
    let shown = path.display().to_string();
    let text =
        std::fs::read_to_string(path).map_err(|e| SpecError::Io(shown.clone(), e.to_string()))?;
    let value = parse_text(path, &text).map_err(|e| SpecError::Shape(shown.clone(), e))?;
    let file: SpecFile = serde_json::from_value(value)
        .map_err(|e| SpecError::Shape(shown.clone(), e.to_string()))?;
    let dir = path.parent().unwrap_or(Path::new("."));
    let reference = |e: String| SpecError::Reference(shown.clone(), e);
    let file_machine = match &file.state_machine {
        Some(m) => Some(std::sync::Arc::new(
            resolve_machine(dir, m).map_err(reference)?,
        )),
        None => None,
    };
    let file_mocks = match &file.mock_config {
        Some(m) => Some(std::sync::Arc::new(load_mocks(dir, m).map_err(reference)?)),
        None => None,
    };
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    for t in file.tests {
        if !seen.insert(t.name.clone()) {
            return Err(reference(format!("two tests are named '{}'", t.name)));
        }
        let machine = match &t.state_machine {
            Some(m) => std::sync::Arc::new(resolve_machine(dir, m).map_err(reference)?),
            None => file_machine.clone().ok_or_else(|| {
                reference(format!(
                    "test '{}' names no stateMachine (nor does the file)",
                    t.name
                ))
            })?,
        };
        let mocks = match &t.mock_config {
            Some(m) => Some(std::sync::Arc::new(load_mocks(dir, m).map_err(reference)?)),
            None => file_mocks.clone(),
        };
        if t.test_case.is_some() && mocks.is_none() {
            return Err(reference(format!(
                "test '{}' names the testCase '{}' but no mockConfig",
                t.name,
                t.test_case.as_deref().unwrap_or_default()
            )));
        }
        if let (Some(case), Some(m)) = (&t.test_case, &mocks) {
            if !m.has_case(&machine.name, case) {
                return Err(reference(format!(
                    "test '{}': the mock config has no test case '{case}' for the state machine '{}'",
                    t.name, machine.name
                )));
            }
        }
        let clock = t
            .clock
            .clone()
            .or_else(|| file.clock.clone())
            .unwrap_or_default();
        out.push(TestCase {
            id: format!("{}::{}", shown, t.name),
            name: t.name,
            spec_path: path.to_path_buf(),
            machine,
            input: t.input.unwrap_or_else(|| Value::Object(Map::new())),
            mocks,
            test_case: t.test_case,
            epoch: clock.epoch.unwrap_or_else(default_epoch),
            seed: clock.seed.unwrap_or(0),
            callbacks: t.callbacks,
            snapshot: t.snapshot,
            memory_mb: file.memory_mb.unwrap_or(64),
            expect: t.expect,
        });
    }
    Ok(out)
}

fn load_mocks(dir: &Path, value: &Value) -> Result<MockConfig, String> {
    match value {
        Value::String(rel) => {
            let path = dir.join(rel);
            let text = std::fs::read_to_string(&path)
                .map_err(|e| format!("reading the mock config {}: {e}", path.display()))?;
            let value = parse_text(&path, &text)
                .map_err(|e| format!("the mock config {}: {e}", path.display()))?;
            MockConfig::from_value(&value).map_err(|e| format!("{}: {e}", path.display()))
        }
        inline => MockConfig::from_value(inline).map_err(|e| e.to_string()),
    }
}

/// Resolves a spec's state machine into its name, definition text and type.
pub fn resolve_machine(dir: &Path, m: &MachineRef) -> Result<Machine, String> {
    let express_flag = |t: Option<&str>| -> Result<bool, String> {
        match t.map(str::to_ascii_uppercase).as_deref() {
            None | Some("STANDARD") => Ok(false),
            Some("EXPRESS") => Ok(true),
            Some(other) => Err(format!("type '{other}' is neither STANDARD nor EXPRESS")),
        }
    };
    match (&m.definition, &m.template) {
        (Some(_), Some(_)) => Err("stateMachine names both a definition and a template".into()),
        (None, None) => Err("stateMachine needs a definition or a template".into()),
        (Some(def), None) => {
            let (text, stem) = match def {
                Value::String(rel) => {
                    let path = dir.join(rel);
                    let text = std::fs::read_to_string(&path)
                        .map_err(|e| format!("reading the definition {}: {e}", path.display()))?;
                    let stem = path
                        .file_name()
                        .and_then(|n| n.to_str())
                        .and_then(|n| n.split('.').next())
                        .unwrap_or("StateMachine")
                        .to_owned();
                    (text, stem)
                }
                Value::Object(_) => (def.to_string(), "StateMachine".to_owned()),
                _ => return Err("stateMachine.definition must be a file name or an object".into()),
            };
            let text = template::substitute(&text, &m.substitutions);
            Ok(Machine {
                name: m.name.clone().unwrap_or(stem),
                definition: text,
                express: express_flag(m.machine_type.as_deref())?,
            })
        }
        (None, Some(rel)) => {
            let path = dir.join(rel);
            let found = template::load(&path, m.resource.as_deref(), &m.parameters)?;
            let text = template::substitute(&found.definition, &m.substitutions);
            let express = match &m.machine_type {
                Some(t) => express_flag(Some(t))?,
                None => found.express,
            };
            Ok(Machine {
                name: m.name.clone().unwrap_or(found.logical_id),
                definition: text,
                express,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn machine(v: Value) -> Result<Machine, String> {
        let m: MachineRef = serde_json::from_value(v).unwrap();
        resolve_machine(Path::new("."), &m)
    }

    #[test]
    fn inline_definitions_get_substitutions_and_a_type() {
        let m = machine(json!({
            "definition": {"StartAt": "P", "States": {"P": {"Type": "Pass", "Result": "${X}", "End": true}}},
            "substitutions": {"X": "hello"},
            "name": "M",
            "type": "express"
        }))
        .unwrap();
        assert_eq!(m.name, "M");
        assert!(m.express);
        assert!(m.definition.contains("\"Result\":\"hello\""));
    }

    #[test]
    fn machine_references_must_be_one_thing() {
        let e = machine(json!({})).unwrap_err();
        assert_eq!(e, "stateMachine needs a definition or a template");
        let e = machine(json!({"definition": {}, "template": "t.yaml"})).unwrap_err();
        assert_eq!(e, "stateMachine names both a definition and a template");
        let e = machine(json!({"definition": {}, "type": "FAST"})).unwrap_err();
        assert_eq!(e, "type 'FAST' is neither STANDARD nor EXPRESS");
        let e = machine(json!({"definition": "no-such.asl.json"})).unwrap_err();
        assert!(
            e.starts_with("reading the definition ./no-such.asl.json"),
            "{e}"
        );
    }

    #[test]
    fn duplicate_test_names_and_missing_machines_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("d.test.json");
        let def = json!({"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}});
        std::fs::write(
            &path,
            json!({"stateMachine": {"definition": def}, "tests": [{"name": "a"}, {"name": "a"}]})
                .to_string(),
        )
        .unwrap();
        let e = load(&path).unwrap_err().to_string();
        assert!(e.ends_with("two tests are named 'a'"), "{e}");
        std::fs::write(&path, json!({"tests": [{"name": "a"}]}).to_string()).unwrap();
        let e = load(&path).unwrap_err().to_string();
        assert!(
            e.ends_with("test 'a' names no stateMachine (nor does the file)"),
            "{e}"
        );
        std::fs::write(
            &path,
            json!({"stateMachine": {"definition": def}, "tests": [{"name": "a", "input": [1]}]})
                .to_string(),
        )
        .unwrap();
        let cases = load(&path).unwrap();
        assert_eq!(cases[0].input, json!([1]));
        assert_eq!(cases[0].epoch, default_epoch());
        assert_eq!(discover(&[dir.path().to_path_buf()]).unwrap(), vec![path]);
    }
}
