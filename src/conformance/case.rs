//! Case files: finding them (the recordings under `../shared`, our own under `conformance/cases`),
//! loading them without panicking on malformed input, and typed accessors over the JSON.
//! The format is the recordings' README; a case stays JSON so new fields pass through.

use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use super::pytext::{self, DateStyle};

/// The replayed kinds, in report order.
pub const ALL_KINDS: [&str; 4] = [
    "execution",
    "definition_error",
    "validate_definition",
    "test_state",
];

/// The `origin` of the cases we write ourselves from AWS's documentation.
pub const OWN_ORIGIN: &str = "passo-docs";

/// The recordings folder relative to a directory that holds `shared/`.
const RECORDINGS: &str = "shared/conformance/aws-recordings";

/// One case file.
#[derive(Debug, Clone)]
pub struct Case {
    pub path: PathBuf,
    pub id: String,
    pub kind: String,
    pub raw: Map<String, Value>,
}

/// A file that is not a usable case (reported, never dropped).
#[derive(Debug, Clone)]
pub struct Malformed {
    pub path: PathBuf,
    pub error: String,
}

impl Case {
    /// Parses one case from its JSON text.
    pub fn parse(path: &Path, text: &str) -> Result<Case, String> {
        let value: Value = serde_json::from_str(text).map_err(|e| format!("not JSON: {e}"))?;
        let Value::Object(raw) = value else {
            return Err("not a JSON object".to_owned());
        };
        let id = raw
            .get("id")
            .and_then(Value::as_str)
            .ok_or("missing string field `id`")?
            .to_owned();
        let kind = raw
            .get("kind")
            .and_then(Value::as_str)
            .ok_or("missing string field `kind`")?
            .to_owned();
        Ok(Case {
            path: path.to_owned(),
            id,
            kind,
            raw,
        })
    }

    pub fn get(&self, key: &str) -> Option<&Value> {
        self.raw.get(key).filter(|v| !v.is_null())
    }

    pub fn str_field(&self, key: &str) -> Option<&str> {
        self.get(key).and_then(Value::as_str)
    }

    pub fn categories(&self) -> Vec<String> {
        let prefix = if self.is_own() { "own/" } else { "" };
        self.get("categories")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(Value::as_str)
                    .map(|c| format!("{prefix}{c}"))
                    .collect()
            })
            .unwrap_or_default()
    }

    pub fn transformers(&self) -> Vec<Value> {
        self.get("transformers")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default()
    }

    pub fn expected(&self) -> Option<&Map<String, Value>> {
        self.get("expected").and_then(Value::as_object)
    }

    pub fn features(&self) -> Vec<&str> {
        self.get("features")
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default()
    }

    /// One of ours (written from AWS's documentation, not recorded).
    pub fn is_own(&self) -> bool {
        self.str_field("origin") == Some(OWN_ORIGIN)
    }

    pub fn verified(&self) -> bool {
        self.get(concat!("verified_against", "_aws"))
            .and_then(Value::as_bool)
            == Some(true)
    }

    /// The kind the report counts this case under: ours are `own`.
    pub fn report_kind(&self) -> String {
        if self.is_own() {
            "own".to_owned()
        } else {
            self.kind.clone()
        }
    }

    /// The definition text to send: `definition_raw` as is, else the definition as Python's
    /// `json.dumps` prints it.
    pub fn definition_text(&self) -> Option<String> {
        if let Some(raw) = self.str_field("definition_raw") {
            return Some(raw.to_owned());
        }
        self.get("definition")
            .map(|d| pytext::dumps(d, DateStyle::Str))
    }

    /// `#e{i}`: which of the test's executions this case is.
    pub fn exec_index(&self) -> usize {
        self.id
            .rsplit_once("#e")
            .and_then(|(_, n)| n.parse().ok())
            .unwrap_or(0)
    }
}

/// Loads every `*.json` case under `paths` (files or folders; names starting with `_` skipped),
/// keeping those of `kinds` whose id contains `only`, sorted by id.
pub fn load(
    paths: &[PathBuf],
    kinds: &[String],
    only: Option<&str>,
) -> (Vec<Case>, Vec<Malformed>) {
    let mut files = Vec::new();
    let mut malformed = Vec::new();
    for p in paths {
        if p.is_dir() {
            match std::fs::read_dir(p) {
                Ok(rd) => {
                    let mut found: Vec<PathBuf> = rd
                        .filter_map(Result::ok)
                        .map(|e| e.path())
                        .filter(|f| {
                            let name = f.file_name().and_then(|n| n.to_str()).unwrap_or("");
                            name.ends_with(".json") && !name.starts_with('_')
                        })
                        .collect();
                    found.sort();
                    files.extend(found);
                }
                Err(e) => malformed.push(Malformed {
                    path: p.clone(),
                    error: format!("cannot read folder: {e}"),
                }),
            }
        } else {
            files.push(p.clone());
        }
    }
    let mut cases = Vec::new();
    for f in files {
        let parsed = std::fs::read_to_string(&f)
            .map_err(|e| format!("cannot read: {e}"))
            .and_then(|text| Case::parse(&f, &text));
        match parsed {
            Ok(c) => {
                let kind_ok = kinds
                    .iter()
                    .any(|k| *k == c.kind || (k == "own" && c.is_own()));
                if kind_ok && only.is_none_or(|o| c.id.contains(o)) {
                    cases.push(c);
                }
            }
            Err(error) => malformed.push(Malformed { path: f, error }),
        }
    }
    cases.sort_by(|a, b| a.id.cmp(&b.id));
    (cases, malformed)
}

/// The recorded cases folder, found by walking up from `start` until a directory holding
/// `shared/conformance/aws-recordings` appears.
pub fn find_recordings(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .map(|dir| dir.join(RECORDINGS))
        .find(|p| p.is_dir())
        .map(|p| p.join("cases"))
        .filter(|p| p.is_dir())
}

/// Our own cases: `conformance/cases` in the repository holding `start` (walking up).
pub fn find_own_cases(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .map(|dir| dir.join("conformance").join("cases"))
        .find(|p| p.is_dir())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn malformed_cases_are_errors_not_panics() {
        let p = Path::new("x.json");
        assert!(Case::parse(p, "{").is_err());
        assert!(Case::parse(p, "[]").is_err());
        assert!(Case::parse(p, r#"{"id": 1, "kind": "execution"}"#).is_err());
        let c = Case::parse(
            p,
            r#"{"id": "a#e2", "kind": "execution", "origin": "passo-docs",
                                  "categories": ["choice"]}"#,
        );
        assert!(c.is_ok());
        if let Ok(c) = c {
            assert_eq!(c.exec_index(), 2);
            assert_eq!(c.report_kind(), "own");
            assert_eq!(c.categories(), vec!["own/choice".to_owned()]);
        }
    }

    proptest::proptest! {
        #[test]
        fn parsing_any_text_never_panics(text in "\\PC{0,64}") {
            let _ = Case::parse(Path::new("x.json"), &text);
        }
    }
}
