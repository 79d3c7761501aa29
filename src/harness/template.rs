//! CloudFormation and SAM templates: finds an `AWS::StepFunctions::StateMachine` or
//! `AWS::Serverless::StateMachine` resource, reads its definition (`Definition`,
//! `DefinitionString`, SAM's local `DefinitionUri`) and applies its `DefinitionSubstitutions`.
//!
//! The intrinsic functions a definition usually needs are evaluated locally (`Ref`,
//! `Fn::GetAtt`, `Fn::Sub`, `Fn::Join`, `Fn::Select`, `Fn::Split`) against made-up physical
//! ids: a function `F` is `arn:aws:lambda:us-east-1:123456789012:function:F`, a queue's URL
//! ends in its logical id, and so on. Others (`Fn::If`, `Fn::ImportValue`, ...) are refused with
//! a message naming them. Owns no ASL knowledge.

use std::path::Path;

use serde_json::{Map, Value};

const REGION: &str = "us-east-1";
const ACCOUNT: &str = "123456789012";

/// Turns YAML short-form tags (`!Ref X`, `!GetAtt A.Arn`, `!Sub "..."`) into the JSON long
/// form (`{"Ref": "X"}`, `{"Fn::GetAtt": ["A", "Arn"]}`, `{"Fn::Sub": "..."}`).
pub fn untag(value: serde_yaml_ng::Value) -> serde_yaml_ng::Value {
    use serde_yaml_ng::Value as Y;
    match value {
        Y::Tagged(tagged) => {
            let name = tagged.tag.to_string();
            let name = name.trim_start_matches('!');
            let inner = untag(tagged.value);
            let inner = match (name, inner) {
                ("GetAtt", Y::String(s)) => match s.split_once('.') {
                    Some((a, b)) => Y::Sequence(vec![Y::String(a.into()), Y::String(b.into())]),
                    None => Y::String(s),
                },
                (_, v) => v,
            };
            let key = if name == "Ref" || name == "Condition" {
                name.to_owned()
            } else {
                format!("Fn::{name}")
            };
            let mut map = serde_yaml_ng::Mapping::new();
            map.insert(Y::String(key), inner);
            Y::Mapping(map)
        }
        Y::Sequence(items) => Y::Sequence(items.into_iter().map(untag).collect()),
        Y::Mapping(map) => Y::Mapping(map.into_iter().map(|(k, v)| (k, untag(v))).collect()),
        other => other,
    }
}

/// Replaces every `${Name}` in `text` with the substitution's value (strings as they are,
/// other JSON values as their JSON text), as `DefinitionSubstitutions` does. Unknown names stay.
pub fn substitute(text: &str, subs: &Map<String, Value>) -> String {
    if subs.is_empty() || !text.contains("${") {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        match after.find('}') {
            Some(end) => {
                let name = &after[..end];
                match subs.get(name) {
                    Some(Value::String(s)) => out.push_str(s),
                    Some(v) => out.push_str(&v.to_string()),
                    None => out.push_str(&rest[start..start + 2 + end + 1]),
                }
                rest = &after[end + 1..];
            }
            None => {
                out.push_str(&rest[start..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// The state machine found in a template.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    pub logical_id: String,
    /// The definition text with `DefinitionSubstitutions` applied.
    pub definition: String,
    pub express: bool,
}

const KINDS: [&str; 2] = [
    "AWS::StepFunctions::StateMachine",
    "AWS::Serverless::StateMachine",
];

/// Loads the state machine `resource` (or the only one) from the template at `path`.
pub fn load(
    path: &Path,
    resource: Option<&str>,
    parameters: &Map<String, Value>,
) -> Result<Found, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("reading the template {}: {e}", path.display()))?;
    let doc = super::spec::parse_text(path, &text)
        .map_err(|e| format!("the template {}: {e}", path.display()))?;
    let dir = path.parent().unwrap_or(Path::new("."));
    from_template(&doc, dir, resource, parameters)
        .map_err(|e| format!("the template {}: {e}", path.display()))
}

/// [`load`] on a parsed template; `dir` resolves a local `DefinitionUri`.
pub fn from_template(
    doc: &Value,
    dir: &Path,
    resource: Option<&str>,
    parameters: &Map<String, Value>,
) -> Result<Found, String> {
    let resources = doc
        .get("Resources")
        .and_then(Value::as_object)
        .ok_or("it has no Resources")?;
    let machines: Vec<&String> = resources
        .iter()
        .filter(|(_, r)| {
            r.get("Type")
                .and_then(Value::as_str)
                .is_some_and(|t| KINDS.contains(&t))
        })
        .map(|(k, _)| k)
        .collect();
    let id = match resource {
        Some(id) => {
            if !machines.iter().any(|m| *m == id) {
                return Err(format!(
                    "it has no state machine resource '{id}' (it has: {})",
                    list(&machines)
                ));
            }
            id.to_owned()
        }
        None => match machines.as_slice() {
            [one] => (*one).clone(),
            [] => return Err("it has no state machine resource".into()),
            many => {
                return Err(format!(
                    "it has several state machines; name one with `resource` ({})",
                    list(many)
                ))
            }
        },
    };
    let res = &resources[&id];
    let sam = res.get("Type").and_then(Value::as_str) == Some(KINDS[1]);
    let empty = Map::new();
    let props = res
        .get("Properties")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    let ctx = Ctx { doc, parameters };
    let definition = if let Some(def) = props.get("Definition") {
        serde_json::to_string(&ctx.eval(def)?).map_err(|e| e.to_string())?
    } else if let Some(def) = props.get("DefinitionString") {
        match ctx.eval(def)? {
            Value::String(s) => s,
            _ => return Err(format!("{id}'s DefinitionString is not a string")),
        }
    } else if let Some(uri) = props.get("DefinitionUri") {
        match ctx.eval(uri)? {
            Value::String(rel) if !rel.starts_with("s3://") => {
                let path = dir.join(&rel);
                let text = std::fs::read_to_string(&path)
                    .map_err(|e| format!("reading {id}'s DefinitionUri {}: {e}", path.display()))?;
                if path.extension().is_some_and(|e| e == "json") {
                    text
                } else {
                    let value = super::spec::parse_text(&path, &text)?;
                    serde_json::to_string(&value).map_err(|e| e.to_string())?
                }
            }
            _ => {
                return Err(format!(
                    "{id}'s DefinitionUri is in S3; passo reads local files only"
                ))
            }
        }
    } else if props.contains_key("DefinitionS3Location") {
        return Err(format!(
            "{id}'s DefinitionS3Location is in S3; passo reads local files only"
        ));
    } else {
        return Err(format!(
            "{id} has no Definition, DefinitionString or DefinitionUri"
        ));
    };
    let mut subs = Map::new();
    if let Some(s) = props.get("DefinitionSubstitutions") {
        match ctx.eval(s)? {
            Value::Object(m) => subs = m,
            _ => return Err(format!("{id}'s DefinitionSubstitutions is not a map")),
        }
    }
    let type_key = if sam { "Type" } else { "StateMachineType" };
    let express = props.get(type_key).and_then(Value::as_str) == Some("EXPRESS");
    Ok(Found {
        logical_id: id,
        definition: substitute(&definition, &subs),
        express,
    })
}

fn list(names: &[&String]) -> String {
    names
        .iter()
        .map(|s| s.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

struct Ctx<'a> {
    doc: &'a Value,
    parameters: &'a Map<String, Value>,
}

impl Ctx<'_> {
    fn resource_type(&self, id: &str) -> Option<&str> {
        self.doc
            .pointer(&format!(
                "/Resources/{}/Type",
                id.replace('~', "~0").replace('/', "~1")
            ))?
            .as_str()
    }

    fn reference(&self, name: &str) -> Result<Value, String> {
        let pseudo = match name {
            "AWS::Region" => Some(REGION.to_owned()),
            "AWS::AccountId" => Some(ACCOUNT.to_owned()),
            "AWS::Partition" => Some("aws".to_owned()),
            "AWS::StackName" => Some("passo".to_owned()),
            "AWS::StackId" => Some(format!(
                "arn:aws:cloudformation:{REGION}:{ACCOUNT}:stack/passo/00000000-0000-0000-0000-000000000000"
            )),
            "AWS::URLSuffix" => Some("amazonaws.com".to_owned()),
            _ => None,
        };
        if let Some(p) = pseudo {
            return Ok(Value::String(p));
        }
        if let Some(v) = self.parameters.get(name) {
            return Ok(v.clone());
        }
        if let Some(p) = self.doc.pointer(&format!("/Parameters/{name}")) {
            return p.get("Default").cloned().ok_or_else(|| {
                format!("the parameter '{name}' has no Default; give it in the spec's parameters")
            });
        }
        match self.resource_type(name) {
            Some(t) => Ok(Value::String(physical(name, t, "Ref"))),
            None => Err(format!(
                "Ref to '{name}', which is neither a parameter nor a resource"
            )),
        }
    }

    fn get_att(&self, id: &str, attr: &str) -> Result<Value, String> {
        let t = self
            .resource_type(id)
            .ok_or_else(|| format!("Fn::GetAtt on '{id}', which is not a resource"))?;
        Ok(Value::String(physical(id, t, attr)))
    }

    fn sub(&self, text: &str, vars: &Map<String, Value>) -> Result<String, String> {
        let mut out = String::new();
        let mut rest = text;
        while let Some(start) = rest.find("${") {
            out.push_str(&rest[..start]);
            let after = &rest[start + 2..];
            let end = after
                .find('}')
                .ok_or_else(|| format!("unclosed ${{ in Fn::Sub '{text}'"))?;
            let name = &after[..end];
            if let Some(literal) = name.strip_prefix('!') {
                out.push_str("${");
                out.push_str(literal);
                out.push('}');
            } else {
                let value = match vars.get(name) {
                    Some(v) => self.eval(v)?,
                    None => match name.split_once('.') {
                        Some((id, attr)) if !name.starts_with("AWS::") => self.get_att(id, attr)?,
                        _ => self.reference(name)?,
                    },
                };
                out.push_str(&scalar_text(&value));
            }
            rest = &after[end + 1..];
        }
        out.push_str(rest);
        Ok(out)
    }

    fn eval(&self, v: &Value) -> Result<Value, String> {
        match v {
            Value::Array(items) => items
                .iter()
                .map(|i| self.eval(i))
                .collect::<Result<_, _>>()
                .map(Value::Array),
            Value::Object(map) if map.len() == 1 => {
                let (k, arg) = map.iter().next().ok_or("empty")?;
                match k.as_str() {
                    "Ref" => self.reference(arg.as_str().ok_or("Ref takes a name")?),
                    "Fn::GetAtt" => {
                        let arg = self.eval(arg)?;
                        let (id, attr) = match &arg {
                            Value::Array(a) if a.len() == 2 => (
                                a[0].as_str().unwrap_or_default().to_owned(),
                                a[1].as_str().unwrap_or_default().to_owned(),
                            ),
                            Value::String(s) => match s.split_once('.') {
                                Some((a, b)) => (a.to_owned(), b.to_owned()),
                                None => return Err(format!("Fn::GetAtt '{s}' lacks an attribute")),
                            },
                            _ => return Err("Fn::GetAtt takes [resource, attribute]".into()),
                        };
                        self.get_att(&id, &attr)
                    }
                    "Fn::Sub" => match arg {
                        Value::String(s) => self.sub(s, &Map::new()).map(Value::String),
                        Value::Array(a) if a.len() == 2 => {
                            let text = a[0].as_str().ok_or("Fn::Sub takes a string")?;
                            let vars = a[1].as_object().cloned().unwrap_or_default();
                            self.sub(text, &vars).map(Value::String)
                        }
                        _ => Err("Fn::Sub takes a string or [string, variables]".into()),
                    },
                    "Fn::Join" => {
                        let arg = self.eval(arg)?;
                        let parts = arg
                            .as_array()
                            .filter(|a| a.len() == 2)
                            .ok_or("Fn::Join takes [delimiter, list]")?;
                        let delim = parts[0].as_str().unwrap_or_default();
                        let items = parts[1].as_array().ok_or("Fn::Join takes a list")?;
                        Ok(Value::String(
                            items
                                .iter()
                                .map(scalar_text)
                                .collect::<Vec<_>>()
                                .join(delim),
                        ))
                    }
                    "Fn::Split" => {
                        let arg = self.eval(arg)?;
                        let parts = arg
                            .as_array()
                            .filter(|a| a.len() == 2)
                            .ok_or("Fn::Split takes [delimiter, string]")?;
                        let delim = parts[0].as_str().unwrap_or_default();
                        let text = parts[1].as_str().unwrap_or_default();
                        Ok(Value::Array(
                            text.split(delim).map(|s| Value::String(s.into())).collect(),
                        ))
                    }
                    "Fn::Select" => {
                        let arg = self.eval(arg)?;
                        let parts = arg
                            .as_array()
                            .filter(|a| a.len() == 2)
                            .ok_or("Fn::Select takes [index, list]")?;
                        let index = match &parts[0] {
                            Value::Number(n) => n.as_u64(),
                            Value::String(s) => s.parse().ok(),
                            _ => None,
                        }
                        .ok_or("Fn::Select takes a numeric index")?;
                        parts[1]
                            .as_array()
                            .and_then(|a| a.get(index as usize))
                            .cloned()
                            .ok_or_else(|| format!("Fn::Select index {index} is out of range"))
                    }
                    other if other.starts_with("Fn::") || other == "Condition" => Err(format!(
                        "the intrinsic function {other} is not supported by passo test"
                    )),
                    _ => map
                        .iter()
                        .map(|(k, v)| Ok((k.clone(), self.eval(v)?)))
                        .collect::<Result<Map<_, _>, String>>()
                        .map(Value::Object),
                }
            }
            Value::Object(map) => map
                .iter()
                .map(|(k, v)| Ok((k.clone(), self.eval(v)?)))
                .collect::<Result<Map<_, _>, String>>()
                .map(Value::Object),
            other => Ok(other.clone()),
        }
    }
}

fn scalar_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// A made-up but well-formed physical id for a resource's `Ref` or attribute.
fn physical(id: &str, kind: &str, attr: &str) -> String {
    let (r, a) = (REGION, ACCOUNT);
    match (kind, attr) {
        ("AWS::Lambda::Function" | "AWS::Serverless::Function", "Ref" | "Name") => id.to_owned(),
        ("AWS::Lambda::Function" | "AWS::Serverless::Function", _) => {
            format!("arn:aws:lambda:{r}:{a}:function:{id}")
        }
        ("AWS::SQS::Queue", "Ref" | "QueueUrl") => {
            format!("https://sqs.{r}.amazonaws.com/{a}/{id}")
        }
        ("AWS::SQS::Queue", "QueueName") => id.to_owned(),
        ("AWS::SQS::Queue", _) => format!("arn:aws:sqs:{r}:{a}:{id}"),
        ("AWS::SNS::Topic", "TopicName") => id.to_owned(),
        ("AWS::SNS::Topic", _) => format!("arn:aws:sns:{r}:{a}:{id}"),
        ("AWS::DynamoDB::Table" | "AWS::Serverless::SimpleTable", "Ref") => id.to_owned(),
        ("AWS::DynamoDB::Table" | "AWS::Serverless::SimpleTable", _) => {
            format!("arn:aws:dynamodb:{r}:{a}:table/{id}")
        }
        ("AWS::S3::Bucket", "Arn") => format!("arn:aws:s3:::{}", id.to_ascii_lowercase()),
        ("AWS::S3::Bucket", _) => id.to_ascii_lowercase(),
        ("AWS::Events::EventBus", "Ref" | "Name") => id.to_owned(),
        ("AWS::Events::EventBus", _) => format!("arn:aws:events:{r}:{a}:event-bus/{id}"),
        ("AWS::StepFunctions::StateMachine" | "AWS::Serverless::StateMachine", "Name") => {
            id.to_owned()
        }
        ("AWS::StepFunctions::StateMachine" | "AWS::Serverless::StateMachine", _) => {
            format!("arn:aws:states:{r}:{a}:stateMachine:{id}")
        }
        ("AWS::StepFunctions::Activity", "Name") => id.to_owned(),
        ("AWS::StepFunctions::Activity", _) => format!("arn:aws:states:{r}:{a}:activity:{id}"),
        ("AWS::IAM::Role", "Arn") => format!("arn:aws:iam::{a}:role/{id}"),
        (_, "Ref") => id.to_owned(),
        (_, attr) => format!("{id}.{attr}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn yaml(text: &str) -> Value {
        super::super::spec::parse_text(Path::new("t.yaml"), text).unwrap()
    }

    #[test]
    fn sam_definition_with_substitutions_from_get_att_and_sub() {
        let doc = yaml(
            r#"
Resources:
  Fn: {Type: AWS::Serverless::Function}
  Q: {Type: AWS::SQS::Queue}
  M:
    Type: AWS::Serverless::StateMachine
    Properties:
      Type: EXPRESS
      Definition:
        StartAt: A
        States: {A: {Type: Task, Resource: "${FnArn}", Parameters: {Q: "${Url}"}, End: true}}
      DefinitionSubstitutions:
        FnArn: !GetAtt Fn.Arn
        Url: !Sub "${Q}?x=${AWS::Region}"
"#,
        );
        let found = from_template(&doc, Path::new("."), None, &Map::new()).unwrap();
        assert_eq!(found.logical_id, "M");
        assert!(found.express);
        let def: Value = serde_json::from_str(&found.definition).unwrap();
        assert_eq!(
            def["States"]["A"]["Resource"],
            "arn:aws:lambda:us-east-1:123456789012:function:Fn"
        );
        assert_eq!(
            def["States"]["A"]["Parameters"]["Q"],
            "https://sqs.us-east-1.amazonaws.com/123456789012/Q?x=us-east-1"
        );
    }

    #[test]
    fn cfn_definition_string_with_join_and_parameters() {
        let doc = json!({
            "Parameters": {"Stage": {"Type": "String", "Default": "dev"}},
            "Resources": {"M": {"Type": "AWS::StepFunctions::StateMachine", "Properties": {
                "DefinitionString": {"Fn::Join": ["", ["{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"Result\":\"", {"Ref": "Stage"}, "\",\"End\":true}}}"]]}
            }}}
        });
        let found = from_template(&doc, Path::new("."), Some("M"), &Map::new()).unwrap();
        assert!(found.definition.contains("\"Result\":\"dev\""));
        let mut params = Map::new();
        params.insert("Stage".into(), json!("prod"));
        let found = from_template(&doc, Path::new("."), Some("M"), &params).unwrap();
        assert!(found.definition.contains("\"Result\":\"prod\""));
    }

    #[test]
    fn unsupported_and_missing_resources_are_named() {
        let doc = json!({"Resources": {
            "A": {"Type": "AWS::StepFunctions::StateMachine", "Properties": {"DefinitionString": {"Fn::If": ["C", "a", "b"]}}},
            "B": {"Type": "AWS::StepFunctions::StateMachine", "Properties": {"DefinitionS3Location": {}}}
        }});
        let none = Map::new();
        let e = from_template(&doc, Path::new("."), None, &none).unwrap_err();
        assert!(
            e.contains("several state machines") && e.contains("A, B"),
            "{e}"
        );
        let e = from_template(&doc, Path::new("."), Some("A"), &none).unwrap_err();
        assert!(e.contains("Fn::If"), "{e}");
        let e = from_template(&doc, Path::new("."), Some("B"), &none).unwrap_err();
        assert!(e.contains("S3"), "{e}");
        let e = from_template(&doc, Path::new("."), Some("Z"), &none).unwrap_err();
        assert!(e.contains("no state machine resource 'Z'"), "{e}");
    }

    #[test]
    fn substitute_leaves_unknown_names() {
        let mut subs = Map::new();
        subs.insert("A".into(), json!("x"));
        subs.insert("N".into(), json!(3));
        assert_eq!(substitute("${A}-${N}-${B}-${", &subs), "x-3-${B}-${");
    }
}
