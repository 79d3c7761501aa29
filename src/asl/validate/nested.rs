//! The schema of the states that hold other states: Parallel branches and Map processors
//! (`ItemProcessor`, legacy `Iterator`, `ProcessorConfig`), plus the Map-only fields
//! (`MaxConcurrency`, `Tolerated*`, `Label`, `ItemReader`/`ItemBatcher`/`ResultWriter`).
//!
//! Owns these field rules only; the nested `StartAt`/`States` blocks go back through
//! [`Walker::block`].

use serde_json::{Map, Value};

use super::fields::{is_jsonata_expr, PathKind};
use super::states::{Lang, Walker};
use crate::asl::error::{codes, Diagnostic};

impl Walker<'_> {
    pub(super) fn parallel(&mut self, s: &Map<String, Value>, loc: &str, lang: Lang) {
        self.out.required(s, &["Branches"], loc);
        match s.get("Branches") {
            Some(Value::Array(b)) if b.is_empty() => {
                self.out
                    .push("Value cannot be empty", format!("{loc}/Branches"));
            }
            Some(Value::Array(branches)) => {
                for (i, branch) in branches.iter().enumerate() {
                    let bloc = format!("{loc}/Branches/{i}");
                    self.sub_machine(branch, &bloc, &["StartAt", "States", "Comment"], lang);
                }
            }
            Some(_) => self.out.value("Branches", "an array", loc),
            None => {}
        }
    }

    /// A Parallel branch or a Map processor: `StartAt` + `States` (+ `allowed`).
    pub(super) fn sub_machine(&mut self, raw: &Value, loc: &str, allowed: &[&str], lang: Lang) {
        let Some(obj) = raw.as_object() else {
            self.out.push("Value must be an object", loc);
            return;
        };
        self.out.unknown(obj, allowed, loc);
        self.out.required(obj, &["States", "StartAt"], loc);
        self.out.string(obj, "Comment", loc);
        self.block(obj, loc, lang);
    }

    pub(super) fn map(&mut self, s: &Map<String, Value>, loc: &str, lang: Lang) {
        match (s.get("ItemProcessor"), s.get("Iterator")) {
            (Some(_), Some(_)) => self.out.push(
                "These fields cannot be set at the same time: [ItemProcessor, Iterator]",
                loc,
            ),
            (None, None) => self
                .out
                .push("These fields are required: [ItemProcessor]", loc),
            (Some(p), None) => {
                let ploc = format!("{loc}/ItemProcessor");
                if let Some(cfg) = p.get("ProcessorConfig") {
                    self.processor_config(cfg, &format!("{ploc}/ProcessorConfig"));
                }
                self.sub_machine(
                    p,
                    &ploc,
                    &["StartAt", "States", "Comment", "ProcessorConfig"],
                    lang,
                );
            }
            (None, Some(it)) => {
                // The legacy `Iterator` accepts `ProcessorConfig` too (AWS ran such machines).
                if let Some(cfg) = it.get("ProcessorConfig") {
                    self.processor_config(cfg, &format!("{loc}/Iterator/ProcessorConfig"));
                }
                self.sub_machine(
                    it,
                    &format!("{loc}/Iterator"),
                    &["StartAt", "States", "Comment", "ProcessorConfig"],
                    lang,
                );
            }
        }
        let expr = |f: &str| lang == Lang::Jsonata && s.get(f).is_some_and(is_jsonata_expr);
        if !expr("MaxConcurrency") {
            self.out.integer(s, "MaxConcurrency", 0, loc);
        }
        if !expr("ToleratedFailureCount") {
            self.out.integer(s, "ToleratedFailureCount", 0, loc);
        }
        if let Some(p) = s.get("ToleratedFailurePercentage") {
            let ok = p.as_f64().is_some_and(|p| (0.0..=100.0).contains(&p));
            if !ok && !expr("ToleratedFailurePercentage") {
                self.out.value(
                    "ToleratedFailurePercentage",
                    "a number between 0 and 100",
                    loc,
                );
            }
        }
        for (lit, path) in [
            ("MaxConcurrency", "MaxConcurrencyPath"),
            ("ToleratedFailureCount", "ToleratedFailureCountPath"),
            (
                "ToleratedFailurePercentage",
                "ToleratedFailurePercentagePath",
            ),
        ] {
            if s.contains_key(lit) && s.contains_key(path) {
                self.out.push(
                    format!("These fields cannot be set at the same time: [{lit}, {path}]"),
                    loc,
                );
            }
            self.out.path(s, path, PathKind::Reference, loc);
        }
        if lang == Lang::JsonPath {
            self.out.path(s, "ItemsPath", PathKind::Any, loc);
        }
        if let Some(label) = s.get("Label") {
            self.label(label, loc);
        }
        for field in ["ItemReader", "ItemBatcher", "ResultWriter"] {
            if let Some(v) = s.get(field) {
                let floc = format!("{loc}/{field}");
                match v {
                    Value::Object(obj) if lang == Lang::JsonPath => {
                        if let Some(p) = obj.get("Parameters") {
                            self.out.template(p, &format!("{floc}/Parameters"));
                        }
                    }
                    Value::Object(_) => {}
                    _ => self.out.value(field, "an object", loc),
                }
            }
        }
    }

    fn processor_config(&mut self, cfg: &Value, loc: &str) {
        let Some(c) = cfg.as_object() else {
            self.out.push("Value must be an object", loc);
            return;
        };
        self.out.unknown(c, &["Mode", "ExecutionType"], loc);
        self.out.one_of(c, "Mode", &["INLINE", "DISTRIBUTED"], loc);
        self.out
            .one_of(c, "ExecutionType", &["STANDARD", "EXPRESS"], loc);
    }

    /// Map `Label`: at most 40 characters, none of whitespace, brackets, wildcards, special
    /// characters or control characters (the rules AWS documents for Map Run labels).
    fn label(&mut self, label: &Value, loc: &str) {
        let Some(l) = label.as_str() else {
            self.out.value("Label", "a string", loc);
            return;
        };
        let bad =
            |c: char| c.is_whitespace() || c.is_control() || "<>{}[]?*\"#%\\^|~`$&,;:/".contains(c);
        if l.is_empty() || l.chars().count() > 40 || l.chars().any(bad) {
            self.out.diags.push(Diagnostic::error(
                codes::INVALID_LABEL_NAME,
                "The value for the field 'Label' must be a string of 1 to 40 characters \
                 without whitespace, brackets, wildcards, special or control characters",
                Some(format!("{loc}/Label")),
            ));
        } else if self.labels.iter().any(|seen| seen == l) {
            self.out.diags.push(Diagnostic::error(
                codes::DUPLICATE_LABEL_NAME,
                format!("Duplicate Label: {l}"),
                Some(format!("{loc}/Label")),
            ));
        } else {
            self.labels.push(l.to_owned());
        }
    }
}
