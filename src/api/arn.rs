//! ARNs as the control plane sees them: building the ARNs passo hands out (state machines,
//! versions, aliases, executions, activities) and parsing the ARNs callers send, with AWS's
//! `InvalidArn` messages. Owns no state; knows nothing of the store or the engine.

use crate::api::ApiError;
use crate::api_error;

/// A parsed `arn:<partition>:states:<region>:<account>:<kind>:<rest...>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Arn<'a> {
    pub partition: &'a str,
    pub region: &'a str,
    pub account: &'a str,
    /// `stateMachine`, `execution`, `express`, `activity`, `mapRun`, ...
    pub kind: &'a str,
    /// The colon-separated parts after the kind (at least one).
    pub parts: Vec<&'a str>,
}

/// `Invalid Arn: 'Invalid ARN prefix: not_an_arn'` (AWS's answer to anything that is not a
/// `states` ARN at all).
pub fn invalid_prefix(arn: &str) -> ApiError {
    api_error!(InvalidArn, "Invalid Arn: 'Invalid ARN prefix: {arn}'")
}

/// `Invalid Arn: 'Resource type not valid in this context: express'`.
pub fn wrong_kind(kind: &str) -> ApiError {
    api_error!(
        InvalidArn,
        "Invalid Arn: 'Resource type not valid in this context: {}'",
        kind.to_ascii_lowercase()
    )
}

/// Parses any Step Functions ARN.
pub fn parse(arn: &str) -> Result<Arn<'_>, ApiError> {
    let mut it = arn.split(':');
    let (Some("arn"), Some(partition), Some("states"), Some(region), Some(account), Some(kind)) = (
        it.next(),
        it.next(),
        it.next(),
        it.next(),
        it.next(),
        it.next(),
    ) else {
        return Err(invalid_prefix(arn));
    };
    let parts: Vec<&str> = it.collect();
    if partition.is_empty()
        || kind.is_empty()
        || parts.is_empty()
        || parts.iter().any(|p| p.is_empty())
    {
        return Err(invalid_prefix(arn));
    }
    Ok(Arn {
        partition,
        region,
        account,
        kind,
        parts,
    })
}

/// What a `stateMachine` ARN designates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StateMachineRef {
    /// The state machine itself (its unqualified ARN).
    Base { arn: String },
    /// `...:stateMachine:NAME:3`
    Version { base: String, arn: String },
    /// `...:stateMachine:NAME:alias`
    Alias { base: String, arn: String },
}

impl StateMachineRef {
    /// The unqualified state machine ARN.
    pub fn base(&self) -> &str {
        match self {
            StateMachineRef::Base { arn } => arn,
            StateMachineRef::Version { base, .. } | StateMachineRef::Alias { base, .. } => base,
        }
    }

    /// The ARN as given (qualified or not).
    pub fn arn(&self) -> &str {
        match self {
            StateMachineRef::Base { arn }
            | StateMachineRef::Version { arn, .. }
            | StateMachineRef::Alias { arn, .. } => arn,
        }
    }
}

/// Parses an ARN that must designate a state machine, a version or an alias. A trailing
/// `#TestCase` (Step Functions Local's mock selector) is dropped.
pub fn state_machine(arn: &str) -> Result<StateMachineRef, ApiError> {
    let arn = arn.split('#').next().unwrap_or(arn);
    let parsed = parse(arn)?;
    if parsed.kind != "stateMachine" {
        return Err(wrong_kind(parsed.kind));
    }
    match parsed.parts.as_slice() {
        [_] => Ok(StateMachineRef::Base {
            arn: arn.to_owned(),
        }),
        [name, qualifier] => {
            let base = base_arn(&parsed, name);
            if qualifier.bytes().all(|b| b.is_ascii_digit()) {
                Ok(StateMachineRef::Version {
                    base,
                    arn: arn.to_owned(),
                })
            } else {
                Ok(StateMachineRef::Alias {
                    base,
                    arn: arn.to_owned(),
                })
            }
        }
        _ => Err(invalid_prefix(arn)),
    }
}

fn base_arn(parsed: &Arn<'_>, name: &str) -> String {
    format!(
        "arn:{}:states:{}:{}:stateMachine:{}",
        parsed.partition, parsed.region, parsed.account, name
    )
}

/// Checks that an ARN designates a standard execution (`execution:SM:NAME`). Express ARNs get
/// AWS's "Resource type not valid in this context: express".
pub fn execution(arn: &str) -> Result<(), ApiError> {
    let parsed = parse(arn)?;
    match parsed.kind {
        "execution" if parsed.parts.len() == 2 => Ok(()),
        "execution" => Err(invalid_prefix(arn)),
        other => Err(wrong_kind(other)),
    }
}

/// Checks that an ARN designates an activity.
pub fn activity(arn: &str) -> Result<(), ApiError> {
    let parsed = parse(arn)?;
    match parsed.kind {
        "activity" if parsed.parts.len() == 1 => Ok(()),
        "activity" => Err(invalid_prefix(arn)),
        other => Err(wrong_kind(other)),
    }
}

/// The ARN builder for one account and region.
#[derive(Debug, Clone)]
pub struct Arns {
    pub region: String,
    pub account: String,
}

impl Arns {
    fn prefix(&self) -> String {
        format!("arn:aws:states:{}:{}", self.region, self.account)
    }

    pub fn state_machine(&self, name: &str) -> String {
        format!("{}:stateMachine:{name}", self.prefix())
    }

    pub fn activity(&self, name: &str) -> String {
        format!("{}:activity:{name}", self.prefix())
    }

    /// `arn:aws:states:R:A:execution:SM:NAME`, built from the state machine ARN so that the
    /// region and account follow the state machine's.
    pub fn execution(state_machine_arn: &str, sm_name: &str, name: &str) -> String {
        let prefix = state_machine_arn
            .split(":stateMachine:")
            .next()
            .unwrap_or(state_machine_arn);
        format!("{prefix}:execution:{sm_name}:{name}")
    }

    /// `arn:aws:states:R:A:express:SM:NAME:UUID`.
    pub fn express_execution(
        state_machine_arn: &str,
        sm_name: &str,
        name: &str,
        id: &str,
    ) -> String {
        let prefix = state_machine_arn
            .split(":stateMachine:")
            .next()
            .unwrap_or(state_machine_arn);
        format!("{prefix}:express:{sm_name}:{name}:{id}")
    }
}

/// AWS's rule for state machine, execution and activity names: 1 to 80 characters, none of
/// whitespace, `< > { } [ ] ? * " # % \ ^ | ~ \` $ & , ; : /` or control characters.
pub fn valid_name(name: &str) -> bool {
    let len = name.chars().count();
    (1..=80).contains(&len)
        && !name.chars().any(|c| {
            c.is_whitespace()
                || c.is_control()
                || ('\u{7f}'..='\u{9f}').contains(&c)
                || "<>{}[]?*\"#%\\^|~`$&,;:/".contains(c)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_qualified_state_machine_arns() {
        let base = "arn:aws:states:us-east-1:123456789012:stateMachine:sm";
        assert_eq!(
            state_machine(base),
            Ok(StateMachineRef::Base {
                arn: base.to_owned()
            })
        );
        assert!(matches!(
            state_machine(&format!("{base}:3")),
            Ok(StateMachineRef::Version { .. })
        ));
        assert!(matches!(
            state_machine(&format!("{base}:prod")),
            Ok(StateMachineRef::Alias { .. })
        ));
        assert_eq!(
            state_machine("not_a_valid_arn").map_err(|e| e.message),
            Err("Invalid Arn: 'Invalid ARN prefix: not_a_valid_arn'".to_owned())
        );
    }

    #[test]
    fn express_arns_are_not_executions() {
        let e = execution("arn:aws:states:us-east-1:1:express:sm:n:u").unwrap_err();
        assert_eq!(
            e.message,
            "Invalid Arn: 'Resource type not valid in this context: express'"
        );
    }

    #[test]
    fn names_follow_aws_rules() {
        assert!(valid_name("state.machine_1-x"));
        for bad in [
            "",
            "a b",
            "a:b",
            "a\u{0}",
            "a\u{7f}",
            "a/b",
            &"x".repeat(81),
        ] {
            assert!(!valid_name(bad), "{bad:?}");
        }
    }
}
