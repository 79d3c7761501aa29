//! Choice rules (JSONPath mode): the comparison operators and their `Path` variants, the type
//! tests (`IsNull`, `IsPresent`, ...), `And`/`Or`/`Not`; plus the static schema check of a rule
//! (used by [`crate::asl::validate`]) and the `States.NoChoiceMatched` failure.
//!
//! Owns rule semantics only: it must not pick the next state's index, run JSONata or touch
//! history (the engine does). JSONata `Condition` rules are kept as text for the engine.
//!
//! Semantics, as AWS runs them:
//! - a type mismatch (`NumericEquals` on a string, `TimestampEquals` on a non-timestamp) is
//!   `false`, never an error;
//! - a `Variable` (or `...Path` operand) that selects nothing (or cannot be followed) fails
//!   with `States.Runtime` (`Invalid path '$.x': The choice state's condition path references
//!   an invalid value.`), except under `IsPresent`, which is what it tests;
//! - strings compare by UTF-16 code unit, as Java's `String.compareTo`;
//! - timestamps compare as instants (`+02:00` and `Z` forms of one instant are equal).

pub mod timestamp;

mod schema;

use std::cmp::Ordering;

use serde_json::{Number, Value};

use crate::asl::path::{Path, Scope};
use crate::asl::Failure;

pub use schema::check_rule;

/// The error a Choice state raises when no rule matches and it has no `Default`.
pub const NO_CHOICE_MATCHED: &str = "States.NoChoiceMatched";

/// The failure of a Choice state that matched no rule and has no `Default`.
///
/// The cause text is not in the AWS recordings (no recorded execution ends this way); the
/// engine prefixes it with the state's name as for other state failures.
pub fn no_choice_matched() -> Failure {
    Failure::new(
        NO_CHOICE_MATCHED,
        "No Choice Rule matched the input and there is no Default",
    )
}

/// A compiled Choice rule (one element of `Choices`, or a nested rule).
#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    next: Option<String>,
    cond: Cond,
    /// The rule's own `Assign` (top-level rules), applied when the rule is taken.
    assign: Option<Value>,
    /// The rule's own `Output` (JSONata top-level rules).
    output: Option<Value>,
}

/// Why a rule is malformed (a definition error at creation time).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct RuleError(pub String);

#[derive(Debug, Clone, PartialEq)]
enum Cond {
    And(Vec<Rule>),
    Or(Vec<Rule>),
    Not(Box<Rule>),
    /// `Variable` + one data-test operator.
    Test {
        variable: Path,
        test: Test,
    },
    /// A JSONata `Condition` (`{% ... %}`), evaluated by the engine's JSONata adapter.
    Jsonata(String),
}

#[derive(Debug, Clone, PartialEq)]
enum Test {
    Compare {
        kind: Kind,
        cmp: Cmp,
        operand: Operand,
    },
    /// `StringMatches` with its pattern pre-split into tokens.
    Matches(Vec<Glob>),
    Is(TypeTest, bool),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    String,
    Numeric,
    Boolean,
    Timestamp,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Cmp {
    Eq,
    Lt,
    Gt,
    Le,
    Ge,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TypeTest {
    Null,
    Present,
    Numeric,
    String,
    Boolean,
    Timestamp,
}

#[derive(Debug, Clone, PartialEq)]
enum Operand {
    Literal(Value),
    Path(Path),
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Glob {
    Lit(char),
    Star,
}

/// What an operator field name means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum OpSpec {
    Compare { kind: Kind, cmp: Cmp, path: bool },
    Matches,
    Is(TypeTest),
}

/// Every data-test operator of JSONPath Choice rules.
pub(crate) const OPERATORS: &[(&str, OpSpec)] = {
    use Cmp::*;
    use Kind::*;
    const fn c(kind: Kind, cmp: Cmp, path: bool) -> OpSpec {
        OpSpec::Compare { kind, cmp, path }
    }
    &[
        ("StringEquals", c(String, Eq, false)),
        ("StringEqualsPath", c(String, Eq, true)),
        ("StringLessThan", c(String, Lt, false)),
        ("StringLessThanPath", c(String, Lt, true)),
        ("StringGreaterThan", c(String, Gt, false)),
        ("StringGreaterThanPath", c(String, Gt, true)),
        ("StringLessThanEquals", c(String, Le, false)),
        ("StringLessThanEqualsPath", c(String, Le, true)),
        ("StringGreaterThanEquals", c(String, Ge, false)),
        ("StringGreaterThanEqualsPath", c(String, Ge, true)),
        ("StringMatches", OpSpec::Matches),
        ("NumericEquals", c(Numeric, Eq, false)),
        ("NumericEqualsPath", c(Numeric, Eq, true)),
        ("NumericLessThan", c(Numeric, Lt, false)),
        ("NumericLessThanPath", c(Numeric, Lt, true)),
        ("NumericGreaterThan", c(Numeric, Gt, false)),
        ("NumericGreaterThanPath", c(Numeric, Gt, true)),
        ("NumericLessThanEquals", c(Numeric, Le, false)),
        ("NumericLessThanEqualsPath", c(Numeric, Le, true)),
        ("NumericGreaterThanEquals", c(Numeric, Ge, false)),
        ("NumericGreaterThanEqualsPath", c(Numeric, Ge, true)),
        ("BooleanEquals", c(Boolean, Eq, false)),
        ("BooleanEqualsPath", c(Boolean, Eq, true)),
        ("TimestampEquals", c(Timestamp, Eq, false)),
        ("TimestampEqualsPath", c(Timestamp, Eq, true)),
        ("TimestampLessThan", c(Timestamp, Lt, false)),
        ("TimestampLessThanPath", c(Timestamp, Lt, true)),
        ("TimestampGreaterThan", c(Timestamp, Gt, false)),
        ("TimestampGreaterThanPath", c(Timestamp, Gt, true)),
        ("TimestampLessThanEquals", c(Timestamp, Le, false)),
        ("TimestampLessThanEqualsPath", c(Timestamp, Le, true)),
        ("TimestampGreaterThanEquals", c(Timestamp, Ge, false)),
        ("TimestampGreaterThanEqualsPath", c(Timestamp, Ge, true)),
        ("IsNull", OpSpec::Is(TypeTest::Null)),
        ("IsPresent", OpSpec::Is(TypeTest::Present)),
        ("IsNumeric", OpSpec::Is(TypeTest::Numeric)),
        ("IsString", OpSpec::Is(TypeTest::String)),
        ("IsBoolean", OpSpec::Is(TypeTest::Boolean)),
        ("IsTimestamp", OpSpec::Is(TypeTest::Timestamp)),
    ]
};

/// The names of every data-test operator (`StringEquals`, ..., `IsTimestamp`).
pub fn operator_names() -> impl Iterator<Item = &'static str> {
    OPERATORS.iter().map(|(n, _)| *n)
}

pub(crate) fn operator(name: &str) -> Option<OpSpec> {
    OPERATORS
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, spec)| *spec)
}

impl Rule {
    /// Compiles a top-level rule (an element of `Choices`, which carries `Next`) or a nested one.
    ///
    /// The first schema problem is the error; [`check_rule`] lists them all with locations.
    pub fn compile(raw: &Value) -> Result<Rule, RuleError> {
        // A JSONata rule is `Condition` + `Next` (+ `Assign`/`Output`); the engine evaluates it.
        if let Some(condition) = raw.get("Condition") {
            // AWS also accepts a boolean constant (`"Condition": true`): keep it as the
            // equivalent expression so the engine has one form to evaluate.
            let condition = match condition {
                Value::String(s) => s.clone(),
                Value::Bool(b) => format!("{{% {b} %}}"),
                _ => {
                    return Err(RuleError(
                        "The value for the field 'Condition' must be a string".into(),
                    ))
                }
            };
            return Ok(Rule {
                next: raw.get("Next").and_then(Value::as_str).map(str::to_owned),
                cond: Cond::Jsonata(condition),
                assign: raw.get("Assign").cloned(),
                output: raw.get("Output").cloned(),
            });
        }
        let mut diags = Vec::new();
        let top = raw.get("Next").is_some();
        check_rule(raw, "", top, &mut diags);
        if let Some(d) = diags.into_iter().next() {
            return Err(RuleError(d.message));
        }
        Rule::build(raw).ok_or_else(|| RuleError("Invalid Choice rule".to_owned()))
    }

    /// Builds a rule the schema check accepted; `None` if it is still malformed.
    fn build(raw: &Value) -> Option<Rule> {
        let obj = raw.as_object()?;
        let next = obj.get("Next").and_then(Value::as_str).map(str::to_owned);
        let cond = if let Some(list) = obj.get("And") {
            Cond::And(Self::build_list(list)?)
        } else if let Some(list) = obj.get("Or") {
            Cond::Or(Self::build_list(list)?)
        } else if let Some(inner) = obj.get("Not") {
            Cond::Not(Box::new(Rule::build(inner)?))
        } else {
            let variable = Path::parse(obj.get("Variable")?.as_str()?).ok()?;
            let (name, value) = obj.iter().find(|(k, _)| operator(k).is_some())?;
            let test = match operator(name)? {
                OpSpec::Compare { kind, cmp, path } => {
                    let operand = if path {
                        Operand::Path(Path::parse(value.as_str()?).ok()?)
                    } else {
                        Operand::Literal(value.clone())
                    };
                    Test::Compare { kind, cmp, operand }
                }
                OpSpec::Matches => Test::Matches(glob(value.as_str()?)),
                OpSpec::Is(t) => Test::Is(t, value.as_bool()?),
            };
            Cond::Test { variable, test }
        };
        Some(Rule {
            next,
            cond,
            assign: obj.get("Assign").cloned(),
            output: None,
        })
    }

    fn build_list(list: &Value) -> Option<Vec<Rule>> {
        list.as_array()?.iter().map(Rule::build).collect()
    }

    /// The `Next` state of a top-level rule.
    pub fn next(&self) -> Option<&str> {
        self.next.as_deref()
    }

    /// The rule's `Assign` block, applied by the engine when this rule is taken.
    pub fn assign(&self) -> Option<&Value> {
        self.assign.as_ref()
    }

    /// The rule's `Output` (JSONata rules), used by the engine when this rule is taken.
    pub fn output(&self) -> Option<&Value> {
        self.output.as_ref()
    }

    /// The JSONata `Condition` text, when this is a JSONata rule (the engine evaluates it).
    pub fn jsonata_condition(&self) -> Option<&str> {
        match &self.cond {
            Cond::Jsonata(text) => Some(text),
            _ => None,
        }
    }

    /// Whether the rule matches. Errors are runtime failures (`States.Runtime`, ...).
    pub fn eval(&self, scope: &Scope<'_>) -> Result<bool, Failure> {
        match &self.cond {
            Cond::And(rules) => {
                for r in rules {
                    if !r.eval(scope)? {
                        return Ok(false);
                    }
                }
                Ok(true)
            }
            Cond::Or(rules) => {
                for r in rules {
                    if r.eval(scope)? {
                        return Ok(true);
                    }
                }
                Ok(false)
            }
            Cond::Not(r) => Ok(!r.eval(scope)?),
            Cond::Jsonata(text) => Err(Failure::runtime(format!(
                "The JSONata condition '{text}' must be evaluated by the JSONata engine"
            ))),
            Cond::Test { variable, test } => {
                // Any failure to select (nothing there, a step through a non-object, an unknown
                // variable) means "not present": what IsPresent tests, an error for the rest.
                let value = variable.select(scope).ok();
                if let Test::Is(TypeTest::Present, expected) = test {
                    return Ok(value.is_some() == *expected);
                }
                let value = value.ok_or_else(|| invalid_path(variable))?;
                test.eval(&value, scope)
            }
        }
    }
}

/// AWS's cause when a Choice path selects nothing.
fn invalid_path(path: &Path) -> Failure {
    Failure::runtime(format!(
        "Invalid path '{}': The choice state's condition path references an invalid value.",
        path.text()
    ))
}

impl Test {
    fn eval(&self, value: &Value, scope: &Scope<'_>) -> Result<bool, Failure> {
        Ok(match self {
            Test::Is(t, expected) => type_test(*t, value) == *expected,
            Test::Matches(pattern) => match value {
                Value::String(s) => glob_match(pattern, s),
                _ => false,
            },
            Test::Compare { kind, cmp, operand } => {
                let other = match operand {
                    Operand::Literal(v) => v.clone(),
                    Operand::Path(p) => p.select(scope).map_err(|_| invalid_path(p))?,
                };
                match compare(*kind, value, &other) {
                    Some(ord) => cmp.holds(ord),
                    None => false,
                }
            }
        })
    }
}

fn type_test(t: TypeTest, v: &Value) -> bool {
    match t {
        TypeTest::Null => v.is_null(),
        TypeTest::Present => true,
        TypeTest::Numeric => v.is_number(),
        TypeTest::String => v.is_string(),
        TypeTest::Boolean => v.is_boolean(),
        TypeTest::Timestamp => v.as_str().and_then(timestamp::parse).is_some(),
    }
}

impl Cmp {
    fn holds(self, ord: Ordering) -> bool {
        match self {
            Cmp::Eq => ord == Ordering::Equal,
            Cmp::Lt => ord == Ordering::Less,
            Cmp::Gt => ord == Ordering::Greater,
            Cmp::Le => ord != Ordering::Greater,
            Cmp::Ge => ord != Ordering::Less,
        }
    }
}

/// Orders two values of the operator's kind; `None` when either is of another type.
fn compare(kind: Kind, a: &Value, b: &Value) -> Option<Ordering> {
    match (kind, a, b) {
        (Kind::String, Value::String(a), Value::String(b)) => Some(java_cmp(a, b)),
        (Kind::Numeric, Value::Number(a), Value::Number(b)) => num_cmp(a, b),
        (Kind::Boolean, Value::Bool(a), Value::Bool(b)) => Some(a.cmp(b)),
        (Kind::Timestamp, Value::String(a), Value::String(b)) => {
            Some(timestamp::parse(a)?.cmp(&timestamp::parse(b)?))
        }
        _ => None,
    }
}

/// Java's `String.compareTo`: lexicographic by UTF-16 code unit.
fn java_cmp(a: &str, b: &str) -> Ordering {
    a.encode_utf16().cmp(b.encode_utf16())
}

/// Compares two JSON numbers exactly when both are integers, otherwise as doubles.
fn num_cmp(a: &Number, b: &Number) -> Option<Ordering> {
    let int = |n: &Number| {
        n.as_i64()
            .map(i128::from)
            .or_else(|| n.as_u64().map(i128::from))
    };
    match (int(a), int(b)) {
        (Some(x), Some(y)) => Some(x.cmp(&y)),
        _ => a.as_f64()?.partial_cmp(&b.as_f64()?),
    }
}

/// Splits a `StringMatches` pattern: `*` is a wildcard, `\*` a literal star, `\\` a backslash.
fn glob(pattern: &str) -> Vec<Glob> {
    let mut out = Vec::new();
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        match c {
            '*' => out.push(Glob::Star),
            '\\' => match chars.next() {
                Some(e) => out.push(Glob::Lit(e)),
                None => out.push(Glob::Lit('\\')),
            },
            c => out.push(Glob::Lit(c)),
        }
    }
    out
}

/// Wildcard match without recursion: linear backtracking to the last star.
fn glob_match(pattern: &[Glob], text: &str) -> bool {
    let text: Vec<char> = text.chars().collect();
    let (mut p, mut t) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    while t < text.len() {
        match pattern.get(p) {
            Some(Glob::Lit(c)) if text.get(t) == Some(c) => {
                p += 1;
                t += 1;
            }
            Some(Glob::Star) => {
                star = Some((p, t));
                p += 1;
            }
            _ => match star {
                Some((sp, st)) => {
                    p = sp + 1;
                    t = st + 1;
                    star = Some((sp, st + 1));
                }
                None => return false,
            },
        }
    }
    pattern
        .get(p..)
        .is_some_and(|rest| rest.iter().all(|g| *g == Glob::Star))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn eval(rule: Value, input: Value) -> Result<bool, Failure> {
        let ctx = json!({});
        let scope = Scope {
            input: &input,
            context: &ctx,
            variables: None,
        };
        Rule::compile(&rule).expect("valid rule").eval(&scope)
    }

    #[test]
    fn string_matches_wildcards_and_escapes() {
        let m = |p: &str, s: &str| glob_match(&glob(p), s);
        assert!(m("log-*.txt", "log-2024.txt"));
        assert!(m("*", ""));
        assert!(!m("a*b", "ac"));
        assert!(m("a\\*b", "a*b"));
        assert!(!m("a\\*b", "axb"));
        assert!(m("a\\\\b", "a\\b"));
        assert!(m("*a*a*", "banana"));
    }

    #[test]
    fn java_string_order() {
        // U+FF5E sorts after the surrogate pair of U+1F600 in UTF-8, before it in UTF-16.
        assert_eq!(java_cmp("\u{1F600}", "\u{FF5E}"), Ordering::Less);
        assert_eq!(java_cmp("A", "AB"), Ordering::Less);
    }

    #[test]
    fn mismatched_types_are_false() {
        let r = json!({"Variable": "$.v", "NumericEquals": 1, "Next": "X"});
        assert_eq!(eval(r, json!({"v": "1"})), Ok(false));
        let r = json!({"Variable": "$.v", "NumericEquals": 1, "Next": "X"});
        assert_eq!(eval(r, json!({"v": 1.0})), Ok(true));
    }

    #[test]
    fn missing_variable_is_runtime_error_except_is_present() {
        let r = json!({"Variable": "$.v", "StringEquals": "a", "Next": "X"});
        let err = eval(r, json!({})).unwrap_err();
        assert_eq!(err.error, "States.Runtime");
        assert!(err.cause.contains("Invalid path '$.v'"));
        let r = json!({"Variable": "$.v", "IsPresent": false, "Next": "X"});
        assert_eq!(eval(r, json!({})), Ok(true));
    }

    #[test]
    fn boolean_combinators() {
        let r = json!({"And": [
            {"Variable": "$.a", "NumericGreaterThan": 1},
            {"Not": {"Variable": "$.b", "StringEquals": "x"}}
        ], "Next": "X"});
        assert_eq!(eval(r.clone(), json!({"a": 2, "b": "y"})), Ok(true));
        assert_eq!(eval(r, json!({"a": 2, "b": "x"})), Ok(false));
    }

    #[test]
    fn jsonata_rules_keep_their_parts_for_the_engine() {
        let raw = json!({"Condition": "{% $x > 1 %}", "Next": "N", "Assign": {"a": 1},
            "Output": {"o": 2}});
        let rule = Rule::compile(&raw).expect("JSONata rule");
        assert_eq!(rule.jsonata_condition(), Some("{% $x > 1 %}"));
        assert_eq!(rule.next(), Some("N"));
        assert_eq!(rule.assign(), Some(&json!({"a": 1})));
        assert_eq!(rule.output(), Some(&json!({"o": 2})));
    }

    #[test]
    fn timestamps_are_instants() {
        let r = json!({"Variable": "$.t", "TimestampEquals": "2012-10-09T19:00:55Z", "Next": "X"});
        assert_eq!(eval(r, json!({"t": "2012-10-09T21:00:55+02:00"})), Ok(true));
    }
}
