//! Generated from ../shared/aws-model/stepfunctions-service-2.json (sha256 bfb8c218406d881b3f5287ff6c98d51b048dfae2622b45a7f7ba0a14729b36af). Do not edit.
//!
//! One Rust type per structure and enum the operations' inputs and outputs use, named as in the model, serialised with the model's member names.
//! Regenerate with `PASSO_CODEGEN_WRITE=1 cargo test --test codegen`.

use indexmap::IndexMap;

pub use super::timestamp::Timestamp;

/// The `ActivityFailedEventDetails` structure.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ActivityFailedEventDetails {
    #[serde(rename = "error", default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    #[serde(rename = "cause", default, skip_serializing_if = "Option::is_none")]
    pub cause: Option<String>,
}

/// The `ActivityListItem` structure.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ActivityListItem {
    #[serde(rename = "activityArn")]
    pub activity_arn: String,
    #[serde(rename = "name")]
    pub name: String,
    #[serde(rename = "creationDate")]
    pub creation_date: Timestamp,
}

/// The `ActivityScheduleFailedEventDetails` structure.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ActivityScheduleFailedEventDetails {
    #[serde(rename = "error", default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    #[serde(rename = "cause", default, skip_serializing_if = "Option::is_none")]
    pub cause: Option<String>,
}

/// The `ActivityScheduledEventDetails` structure.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ActivityScheduledEventDetails {
    #[serde(rename = "resource")]
    pub resource: String,
    #[serde(rename = "input", default, skip_serializing_if = "Option::is_none")]
    pub input: Option<String>,
    #[serde(
        rename = "inputDetails",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub input_details: Option<HistoryEventExecutionDataDetails>,
    #[serde(
        rename = "timeoutInSeconds",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub timeout_in_seconds: Option<i64>,
    #[serde(
        rename = "heartbeatInSeconds",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub heartbeat_in_seconds: Option<i64>,
}

/// The `ActivityStartedEventDetails` structure.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ActivityStartedEventDetails {
    #[serde(
        rename = "workerName",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub worker_name: Option<String>,
}

/// The `ActivitySucceededEventDetails` structure.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ActivitySucceededEventDetails {
    #[serde(rename = "output", default, skip_serializing_if = "Option::is_none")]
    pub output: Option<String>,
    #[serde(
        rename = "outputDetails",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub output_details: Option<HistoryEventExecutionDataDetails>,
}

/// The `ActivityTimedOutEventDetails` structure.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ActivityTimedOutEventDetails {
    #[serde(rename = "error", default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    #[serde(rename = "cause", default, skip_serializing_if = "Option::is_none")]
    pub cause: Option<String>,
}

/// The `AssignedVariablesDetails` structure.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct AssignedVariablesDetails {
    #[serde(rename = "truncated", default, skip_serializing_if = "Option::is_none")]
    pub truncated: Option<bool>,
}

/// The `BillingDetails` structure.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct BillingDetails {
    #[serde(
        rename = "billedMemoryUsedInMB",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub billed_memory_used_in_mb: Option<i64>,
    #[serde(
        rename = "billedDurationInMilliseconds",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub billed_duration_in_milliseconds: Option<i64>,
}

/// The `CloudWatchEventsExecutionDataDetails` structure.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct CloudWatchEventsExecutionDataDetails {
    #[serde(rename = "included", default, skip_serializing_if = "Option::is_none")]
    pub included: Option<bool>,
}

/// The `CloudWatchLogsLogGroup` structure.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct CloudWatchLogsLogGroup {
    #[serde(
        rename = "logGroupArn",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub log_group_arn: Option<String>,
}

/// The `CreateActivityInput` structure.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct CreateActivityInput {
    #[serde(rename = "name")]
    pub name: String,
    #[serde(rename = "tags", default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<Tag>>,
    #[serde(
        rename = "encryptionConfiguration",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub encryption_configuration: Option<EncryptionConfiguration>,
}

/// The `CreateActivityOutput` structure.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct CreateActivityOutput {
    #[serde(rename = "activityArn")]
    pub activity_arn: String,
    #[serde(rename = "creationDate")]
    pub creation_date: Timestamp,
}

/// The `CreateStateMachineAliasInput` structure.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct CreateStateMachineAliasInput {
    #[serde(
        rename = "description",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub description: Option<String>,
    #[serde(rename = "name")]
    pub name: String,
    #[serde(rename = "routingConfiguration")]
    pub routing_configuration: Vec<RoutingConfigurationListItem>,
}

/// The `CreateStateMachineAliasOutput` structure.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct CreateStateMachineAliasOutput {
    #[serde(rename = "stateMachineAliasArn")]
    pub state_machine_alias_arn: String,
    #[serde(rename = "creationDate")]
    pub creation_date: Timestamp,
}

/// The `CreateStateMachineInput` structure.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct CreateStateMachineInput {
    #[serde(rename = "name")]
    pub name: String,
    #[serde(rename = "definition")]
    pub definition: String,
    #[serde(rename = "roleArn")]
    pub role_arn: String,
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub r#type: Option<StateMachineType>,
    #[serde(
        rename = "loggingConfiguration",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub logging_configuration: Option<LoggingConfiguration>,
    #[serde(rename = "tags", default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<Tag>>,
    #[serde(
        rename = "tracingConfiguration",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub tracing_configuration: Option<TracingConfiguration>,
    #[serde(rename = "publish", default, skip_serializing_if = "Option::is_none")]
    pub publish: Option<bool>,
    #[serde(
        rename = "versionDescription",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub version_description: Option<String>,
    #[serde(
        rename = "encryptionConfiguration",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub encryption_configuration: Option<EncryptionConfiguration>,
}

/// The `CreateStateMachineOutput` structure.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct CreateStateMachineOutput {
    #[serde(rename = "stateMachineArn")]
    pub state_machine_arn: String,
    #[serde(rename = "creationDate")]
    pub creation_date: Timestamp,
    #[serde(
        rename = "stateMachineVersionArn",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub state_machine_version_arn: Option<String>,
}

/// The `DeleteActivityInput` structure.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct DeleteActivityInput {
    #[serde(rename = "activityArn")]
    pub activity_arn: String,
}

/// The `DeleteActivityOutput` structure.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct DeleteActivityOutput {}

/// The `DeleteStateMachineAliasInput` structure.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct DeleteStateMachineAliasInput {
    #[serde(rename = "stateMachineAliasArn")]
    pub state_machine_alias_arn: String,
}

/// The `DeleteStateMachineAliasOutput` structure.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct DeleteStateMachineAliasOutput {}

/// The `DeleteStateMachineInput` structure.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct DeleteStateMachineInput {
    #[serde(rename = "stateMachineArn")]
    pub state_machine_arn: String,
}

/// The `DeleteStateMachineOutput` structure.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct DeleteStateMachineOutput {}

/// The `DeleteStateMachineVersionInput` structure.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct DeleteStateMachineVersionInput {
    #[serde(rename = "stateMachineVersionArn")]
    pub state_machine_version_arn: String,
}

/// The `DeleteStateMachineVersionOutput` structure.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct DeleteStateMachineVersionOutput {}

/// The `DescribeActivityInput` structure.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct DescribeActivityInput {
    #[serde(rename = "activityArn")]
    pub activity_arn: String,
}

/// The `DescribeActivityOutput` structure.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct DescribeActivityOutput {
    #[serde(rename = "activityArn")]
    pub activity_arn: String,
    #[serde(rename = "name")]
    pub name: String,
    #[serde(rename = "creationDate")]
    pub creation_date: Timestamp,
    #[serde(
        rename = "encryptionConfiguration",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub encryption_configuration: Option<EncryptionConfiguration>,
}

/// The `DescribeExecutionInput` structure.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct DescribeExecutionInput {
    #[serde(rename = "executionArn")]
    pub execution_arn: String,
    #[serde(
        rename = "includedData",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub included_data: Option<IncludedData>,
}

/// The `DescribeExecutionOutput` structure.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct DescribeExecutionOutput {
    #[serde(rename = "executionArn")]
    pub execution_arn: String,
    #[serde(rename = "stateMachineArn")]
    pub state_machine_arn: String,
    #[serde(rename = "name", default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(rename = "status")]
    pub status: ExecutionStatus,
    #[serde(rename = "startDate")]
    pub start_date: Timestamp,
    #[serde(rename = "stopDate", default, skip_serializing_if = "Option::is_none")]
    pub stop_date: Option<Timestamp>,
    #[serde(rename = "input", default, skip_serializing_if = "Option::is_none")]
    pub input: Option<String>,
    #[serde(
        rename = "inputDetails",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub input_details: Option<CloudWatchEventsExecutionDataDetails>,
    #[serde(rename = "output", default, skip_serializing_if = "Option::is_none")]
    pub output: Option<String>,
    #[serde(
        rename = "outputDetails",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub output_details: Option<CloudWatchEventsExecutionDataDetails>,
    #[serde(
        rename = "traceHeader",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub trace_header: Option<String>,
    #[serde(rename = "mapRunArn", default, skip_serializing_if = "Option::is_none")]
    pub map_run_arn: Option<String>,
    #[serde(rename = "error", default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    #[serde(rename = "cause", default, skip_serializing_if = "Option::is_none")]
    pub cause: Option<String>,
    #[serde(
        rename = "stateMachineVersionArn",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub state_machine_version_arn: Option<String>,
    #[serde(
        rename = "stateMachineAliasArn",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub state_machine_alias_arn: Option<String>,
    #[serde(
        rename = "redriveCount",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub redrive_count: Option<i32>,
    #[serde(
        rename = "redriveDate",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub redrive_date: Option<Timestamp>,
    #[serde(
        rename = "redriveStatus",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub redrive_status: Option<ExecutionRedriveStatus>,
    #[serde(
        rename = "redriveStatusReason",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub redrive_status_reason: Option<String>,
}

/// The `DescribeMapRunInput` structure.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct DescribeMapRunInput {
    #[serde(rename = "mapRunArn")]
    pub map_run_arn: String,
}

/// The `DescribeMapRunOutput` structure.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct DescribeMapRunOutput {
    #[serde(rename = "mapRunArn")]
    pub map_run_arn: String,
    #[serde(rename = "executionArn")]
    pub execution_arn: String,
    #[serde(rename = "status")]
    pub status: MapRunStatus,
    #[serde(rename = "startDate")]
    pub start_date: Timestamp,
    #[serde(rename = "stopDate", default, skip_serializing_if = "Option::is_none")]
    pub stop_date: Option<Timestamp>,
    #[serde(rename = "maxConcurrency")]
    pub max_concurrency: i32,
    #[serde(rename = "toleratedFailurePercentage")]
    pub tolerated_failure_percentage: f64,
    #[serde(rename = "toleratedFailureCount")]
    pub tolerated_failure_count: i64,
    #[serde(rename = "itemCounts")]
    pub item_counts: MapRunItemCounts,
    #[serde(rename = "executionCounts")]
    pub execution_counts: MapRunExecutionCounts,
    #[serde(
        rename = "redriveCount",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub redrive_count: Option<i32>,
    #[serde(
        rename = "redriveDate",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub redrive_date: Option<Timestamp>,
}

/// The `DescribeStateMachineAliasInput` structure.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct DescribeStateMachineAliasInput {
    #[serde(rename = "stateMachineAliasArn")]
    pub state_machine_alias_arn: String,
}

/// The `DescribeStateMachineAliasOutput` structure.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct DescribeStateMachineAliasOutput {
    #[serde(
        rename = "stateMachineAliasArn",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub state_machine_alias_arn: Option<String>,
    #[serde(rename = "name", default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(
        rename = "description",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub description: Option<String>,
    #[serde(
        rename = "routingConfiguration",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub routing_configuration: Option<Vec<RoutingConfigurationListItem>>,
    #[serde(
        rename = "creationDate",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub creation_date: Option<Timestamp>,
    #[serde(
        rename = "updateDate",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub update_date: Option<Timestamp>,
}

/// The `DescribeStateMachineForExecutionInput` structure.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct DescribeStateMachineForExecutionInput {
    #[serde(rename = "executionArn")]
    pub execution_arn: String,
    #[serde(
        rename = "includedData",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub included_data: Option<IncludedData>,
}

/// The `DescribeStateMachineForExecutionOutput` structure.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct DescribeStateMachineForExecutionOutput {
    #[serde(rename = "stateMachineArn")]
    pub state_machine_arn: String,
    #[serde(rename = "name")]
    pub name: String,
    #[serde(rename = "definition")]
    pub definition: String,
    #[serde(rename = "roleArn")]
    pub role_arn: String,
    #[serde(rename = "updateDate")]
    pub update_date: Timestamp,
    #[serde(
        rename = "loggingConfiguration",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub logging_configuration: Option<LoggingConfiguration>,
    #[serde(
        rename = "tracingConfiguration",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub tracing_configuration: Option<TracingConfiguration>,
    #[serde(rename = "mapRunArn", default, skip_serializing_if = "Option::is_none")]
    pub map_run_arn: Option<String>,
    #[serde(rename = "label", default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    #[serde(
        rename = "revisionId",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub revision_id: Option<String>,
    #[serde(
        rename = "encryptionConfiguration",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub encryption_configuration: Option<EncryptionConfiguration>,
    #[serde(
        rename = "variableReferences",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub variable_references: Option<IndexMap<String, Vec<String>>>,
}

/// The `DescribeStateMachineInput` structure.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct DescribeStateMachineInput {
    #[serde(rename = "stateMachineArn")]
    pub state_machine_arn: String,
    #[serde(
        rename = "includedData",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub included_data: Option<IncludedData>,
}

/// The `DescribeStateMachineOutput` structure.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct DescribeStateMachineOutput {
    #[serde(rename = "stateMachineArn")]
    pub state_machine_arn: String,
    #[serde(rename = "name")]
    pub name: String,
    #[serde(rename = "status", default, skip_serializing_if = "Option::is_none")]
    pub status: Option<StateMachineStatus>,
    #[serde(rename = "definition")]
    pub definition: String,
    #[serde(rename = "roleArn")]
    pub role_arn: String,
    #[serde(rename = "type")]
    pub r#type: StateMachineType,
    #[serde(rename = "creationDate")]
    pub creation_date: Timestamp,
    #[serde(
        rename = "loggingConfiguration",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub logging_configuration: Option<LoggingConfiguration>,
    #[serde(
        rename = "tracingConfiguration",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub tracing_configuration: Option<TracingConfiguration>,
    #[serde(rename = "label", default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    #[serde(
        rename = "revisionId",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub revision_id: Option<String>,
    #[serde(
        rename = "description",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub description: Option<String>,
    #[serde(
        rename = "encryptionConfiguration",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub encryption_configuration: Option<EncryptionConfiguration>,
    #[serde(
        rename = "variableReferences",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub variable_references: Option<IndexMap<String, Vec<String>>>,
}

/// The `EncryptionConfiguration` structure.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct EncryptionConfiguration {
    #[serde(rename = "kmsKeyId", default, skip_serializing_if = "Option::is_none")]
    pub kms_key_id: Option<String>,
    #[serde(
        rename = "kmsDataKeyReusePeriodSeconds",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub kms_data_key_reuse_period_seconds: Option<i32>,
    #[serde(rename = "type")]
    pub r#type: EncryptionType,
}

/// The `EncryptionType` enum.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum EncryptionType {
    #[default]
    #[serde(rename = "AWS_OWNED_KEY")]
    AwsOwnedKey,
    #[serde(rename = "CUSTOMER_MANAGED_KMS_KEY")]
    CustomerManagedKmsKey,
}

impl EncryptionType {
    pub const ALL: [EncryptionType; 2] = [
        EncryptionType::AwsOwnedKey,
        EncryptionType::CustomerManagedKmsKey,
    ];

    /// The value as it appears on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            EncryptionType::AwsOwnedKey => "AWS_OWNED_KEY",
            EncryptionType::CustomerManagedKmsKey => "CUSTOMER_MANAGED_KMS_KEY",
        }
    }

    /// The variant for a wire value.
    pub fn from_name(value: &str) -> Option<EncryptionType> {
        match value {
            "AWS_OWNED_KEY" => Some(EncryptionType::AwsOwnedKey),
            "CUSTOMER_MANAGED_KMS_KEY" => Some(EncryptionType::CustomerManagedKmsKey),
            _ => None,
        }
    }
}

impl std::fmt::Display for EncryptionType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The `EvaluationFailedEventDetails` structure.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct EvaluationFailedEventDetails {
    #[serde(rename = "error", default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    #[serde(rename = "cause", default, skip_serializing_if = "Option::is_none")]
    pub cause: Option<String>,
    #[serde(rename = "location", default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    #[serde(rename = "state")]
    pub state: String,
}

/// The `ExecutionAbortedEventDetails` structure.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ExecutionAbortedEventDetails {
    #[serde(rename = "error", default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    #[serde(rename = "cause", default, skip_serializing_if = "Option::is_none")]
    pub cause: Option<String>,
}

/// The `ExecutionFailedEventDetails` structure.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ExecutionFailedEventDetails {
    #[serde(rename = "error", default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    #[serde(rename = "cause", default, skip_serializing_if = "Option::is_none")]
    pub cause: Option<String>,
}

/// The `ExecutionListItem` structure.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ExecutionListItem {
    #[serde(rename = "executionArn")]
    pub execution_arn: String,
    #[serde(rename = "stateMachineArn")]
    pub state_machine_arn: String,
    #[serde(rename = "name")]
    pub name: String,
    #[serde(rename = "status")]
    pub status: ExecutionStatus,
    #[serde(rename = "startDate")]
    pub start_date: Timestamp,
    #[serde(rename = "stopDate", default, skip_serializing_if = "Option::is_none")]
    pub stop_date: Option<Timestamp>,
    #[serde(rename = "mapRunArn", default, skip_serializing_if = "Option::is_none")]
    pub map_run_arn: Option<String>,
    #[serde(rename = "itemCount", default, skip_serializing_if = "Option::is_none")]
    pub item_count: Option<i32>,
    #[serde(
        rename = "stateMachineVersionArn",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub state_machine_version_arn: Option<String>,
    #[serde(
        rename = "stateMachineAliasArn",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub state_machine_alias_arn: Option<String>,
    #[serde(
        rename = "redriveCount",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub redrive_count: Option<i32>,
    #[serde(
        rename = "redriveDate",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub redrive_date: Option<Timestamp>,
}

/// The `ExecutionRedriveFilter` enum.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum ExecutionRedriveFilter {
    #[default]
    #[serde(rename = "REDRIVEN")]
    Redriven,
    #[serde(rename = "NOT_REDRIVEN")]
    NotRedriven,
}

impl ExecutionRedriveFilter {
    pub const ALL: [ExecutionRedriveFilter; 2] = [
        ExecutionRedriveFilter::Redriven,
        ExecutionRedriveFilter::NotRedriven,
    ];

    /// The value as it appears on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            ExecutionRedriveFilter::Redriven => "REDRIVEN",
            ExecutionRedriveFilter::NotRedriven => "NOT_REDRIVEN",
        }
    }

    /// The variant for a wire value.
    pub fn from_name(value: &str) -> Option<ExecutionRedriveFilter> {
        match value {
            "REDRIVEN" => Some(ExecutionRedriveFilter::Redriven),
            "NOT_REDRIVEN" => Some(ExecutionRedriveFilter::NotRedriven),
            _ => None,
        }
    }
}

impl std::fmt::Display for ExecutionRedriveFilter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The `ExecutionRedriveStatus` enum.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum ExecutionRedriveStatus {
    #[default]
    #[serde(rename = "REDRIVABLE")]
    Redrivable,
    #[serde(rename = "NOT_REDRIVABLE")]
    NotRedrivable,
    #[serde(rename = "REDRIVABLE_BY_MAP_RUN")]
    RedrivableByMapRun,
}

impl ExecutionRedriveStatus {
    pub const ALL: [ExecutionRedriveStatus; 3] = [
        ExecutionRedriveStatus::Redrivable,
        ExecutionRedriveStatus::NotRedrivable,
        ExecutionRedriveStatus::RedrivableByMapRun,
    ];

    /// The value as it appears on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            ExecutionRedriveStatus::Redrivable => "REDRIVABLE",
            ExecutionRedriveStatus::NotRedrivable => "NOT_REDRIVABLE",
            ExecutionRedriveStatus::RedrivableByMapRun => "REDRIVABLE_BY_MAP_RUN",
        }
    }

    /// The variant for a wire value.
    pub fn from_name(value: &str) -> Option<ExecutionRedriveStatus> {
        match value {
            "REDRIVABLE" => Some(ExecutionRedriveStatus::Redrivable),
            "NOT_REDRIVABLE" => Some(ExecutionRedriveStatus::NotRedrivable),
            "REDRIVABLE_BY_MAP_RUN" => Some(ExecutionRedriveStatus::RedrivableByMapRun),
            _ => None,
        }
    }
}

impl std::fmt::Display for ExecutionRedriveStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The `ExecutionRedrivenEventDetails` structure.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ExecutionRedrivenEventDetails {
    #[serde(
        rename = "redriveCount",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub redrive_count: Option<i32>,
}

/// The `ExecutionStartedEventDetails` structure.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ExecutionStartedEventDetails {
    #[serde(rename = "input", default, skip_serializing_if = "Option::is_none")]
    pub input: Option<String>,
    #[serde(
        rename = "inputDetails",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub input_details: Option<HistoryEventExecutionDataDetails>,
    #[serde(rename = "roleArn", default, skip_serializing_if = "Option::is_none")]
    pub role_arn: Option<String>,
    #[serde(
        rename = "stateMachineAliasArn",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub state_machine_alias_arn: Option<String>,
    #[serde(
        rename = "stateMachineVersionArn",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub state_machine_version_arn: Option<String>,
}

/// The `ExecutionStatus` enum.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum ExecutionStatus {
    #[default]
    #[serde(rename = "RUNNING")]
    Running,
    #[serde(rename = "SUCCEEDED")]
    Succeeded,
    #[serde(rename = "FAILED")]
    Failed,
    #[serde(rename = "TIMED_OUT")]
    TimedOut,
    #[serde(rename = "ABORTED")]
    Aborted,
    #[serde(rename = "PENDING_REDRIVE")]
    PendingRedrive,
}

impl ExecutionStatus {
    pub const ALL: [ExecutionStatus; 6] = [
        ExecutionStatus::Running,
        ExecutionStatus::Succeeded,
        ExecutionStatus::Failed,
        ExecutionStatus::TimedOut,
        ExecutionStatus::Aborted,
        ExecutionStatus::PendingRedrive,
    ];

    /// The value as it appears on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            ExecutionStatus::Running => "RUNNING",
            ExecutionStatus::Succeeded => "SUCCEEDED",
            ExecutionStatus::Failed => "FAILED",
            ExecutionStatus::TimedOut => "TIMED_OUT",
            ExecutionStatus::Aborted => "ABORTED",
            ExecutionStatus::PendingRedrive => "PENDING_REDRIVE",
        }
    }

    /// The variant for a wire value.
    pub fn from_name(value: &str) -> Option<ExecutionStatus> {
        match value {
            "RUNNING" => Some(ExecutionStatus::Running),
            "SUCCEEDED" => Some(ExecutionStatus::Succeeded),
            "FAILED" => Some(ExecutionStatus::Failed),
            "TIMED_OUT" => Some(ExecutionStatus::TimedOut),
            "ABORTED" => Some(ExecutionStatus::Aborted),
            "PENDING_REDRIVE" => Some(ExecutionStatus::PendingRedrive),
            _ => None,
        }
    }
}

impl std::fmt::Display for ExecutionStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The `ExecutionSucceededEventDetails` structure.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ExecutionSucceededEventDetails {
    #[serde(rename = "output", default, skip_serializing_if = "Option::is_none")]
    pub output: Option<String>,
    #[serde(
        rename = "outputDetails",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub output_details: Option<HistoryEventExecutionDataDetails>,
}

/// The `ExecutionTimedOutEventDetails` structure.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ExecutionTimedOutEventDetails {
    #[serde(rename = "error", default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    #[serde(rename = "cause", default, skip_serializing_if = "Option::is_none")]
    pub cause: Option<String>,
}

/// The `GetActivityTaskInput` structure.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct GetActivityTaskInput {
    #[serde(rename = "activityArn")]
    pub activity_arn: String,
    #[serde(
        rename = "workerName",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub worker_name: Option<String>,
}

/// The `GetActivityTaskOutput` structure.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct GetActivityTaskOutput {
    #[serde(rename = "taskToken", default, skip_serializing_if = "Option::is_none")]
    pub task_token: Option<String>,
    #[serde(rename = "input", default, skip_serializing_if = "Option::is_none")]
    pub input: Option<String>,
}

/// The `GetExecutionHistoryInput` structure.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct GetExecutionHistoryInput {
    #[serde(rename = "executionArn")]
    pub execution_arn: String,
    #[serde(
        rename = "maxResults",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub max_results: Option<i32>,
    #[serde(
        rename = "reverseOrder",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub reverse_order: Option<bool>,
    #[serde(rename = "nextToken", default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
    #[serde(
        rename = "includeExecutionData",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub include_execution_data: Option<bool>,
}

/// The `GetExecutionHistoryOutput` structure.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct GetExecutionHistoryOutput {
    #[serde(rename = "events")]
    pub events: Vec<HistoryEvent>,
    #[serde(rename = "nextToken", default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

/// The `HistoryEvent` structure.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct HistoryEvent {
    #[serde(rename = "timestamp")]
    pub timestamp: Timestamp,
    #[serde(rename = "type")]
    pub r#type: HistoryEventType,
    #[serde(rename = "id")]
    pub id: i64,
    #[serde(
        rename = "previousEventId",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub previous_event_id: Option<i64>,
    #[serde(
        rename = "activityFailedEventDetails",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub activity_failed_event_details: Option<ActivityFailedEventDetails>,
    #[serde(
        rename = "activityScheduleFailedEventDetails",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub activity_schedule_failed_event_details: Option<ActivityScheduleFailedEventDetails>,
    #[serde(
        rename = "activityScheduledEventDetails",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub activity_scheduled_event_details: Option<ActivityScheduledEventDetails>,
    #[serde(
        rename = "activityStartedEventDetails",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub activity_started_event_details: Option<ActivityStartedEventDetails>,
    #[serde(
        rename = "activitySucceededEventDetails",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub activity_succeeded_event_details: Option<ActivitySucceededEventDetails>,
    #[serde(
        rename = "activityTimedOutEventDetails",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub activity_timed_out_event_details: Option<ActivityTimedOutEventDetails>,
    #[serde(
        rename = "taskFailedEventDetails",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub task_failed_event_details: Option<TaskFailedEventDetails>,
    #[serde(
        rename = "taskScheduledEventDetails",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub task_scheduled_event_details: Option<TaskScheduledEventDetails>,
    #[serde(
        rename = "taskStartFailedEventDetails",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub task_start_failed_event_details: Option<TaskStartFailedEventDetails>,
    #[serde(
        rename = "taskStartedEventDetails",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub task_started_event_details: Option<TaskStartedEventDetails>,
    #[serde(
        rename = "taskSubmitFailedEventDetails",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub task_submit_failed_event_details: Option<TaskSubmitFailedEventDetails>,
    #[serde(
        rename = "taskSubmittedEventDetails",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub task_submitted_event_details: Option<TaskSubmittedEventDetails>,
    #[serde(
        rename = "taskSucceededEventDetails",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub task_succeeded_event_details: Option<TaskSucceededEventDetails>,
    #[serde(
        rename = "taskTimedOutEventDetails",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub task_timed_out_event_details: Option<TaskTimedOutEventDetails>,
    #[serde(
        rename = "executionFailedEventDetails",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub execution_failed_event_details: Option<ExecutionFailedEventDetails>,
    #[serde(
        rename = "executionStartedEventDetails",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub execution_started_event_details: Option<ExecutionStartedEventDetails>,
    #[serde(
        rename = "executionSucceededEventDetails",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub execution_succeeded_event_details: Option<ExecutionSucceededEventDetails>,
    #[serde(
        rename = "executionAbortedEventDetails",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub execution_aborted_event_details: Option<ExecutionAbortedEventDetails>,
    #[serde(
        rename = "executionTimedOutEventDetails",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub execution_timed_out_event_details: Option<ExecutionTimedOutEventDetails>,
    #[serde(
        rename = "executionRedrivenEventDetails",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub execution_redriven_event_details: Option<ExecutionRedrivenEventDetails>,
    #[serde(
        rename = "mapStateStartedEventDetails",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub map_state_started_event_details: Option<MapStateStartedEventDetails>,
    #[serde(
        rename = "mapIterationStartedEventDetails",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub map_iteration_started_event_details: Option<MapIterationEventDetails>,
    #[serde(
        rename = "mapIterationSucceededEventDetails",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub map_iteration_succeeded_event_details: Option<MapIterationEventDetails>,
    #[serde(
        rename = "mapIterationFailedEventDetails",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub map_iteration_failed_event_details: Option<MapIterationEventDetails>,
    #[serde(
        rename = "mapIterationAbortedEventDetails",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub map_iteration_aborted_event_details: Option<MapIterationEventDetails>,
    #[serde(
        rename = "lambdaFunctionFailedEventDetails",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub lambda_function_failed_event_details: Option<LambdaFunctionFailedEventDetails>,
    #[serde(
        rename = "lambdaFunctionScheduleFailedEventDetails",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub lambda_function_schedule_failed_event_details:
        Option<LambdaFunctionScheduleFailedEventDetails>,
    #[serde(
        rename = "lambdaFunctionScheduledEventDetails",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub lambda_function_scheduled_event_details: Option<LambdaFunctionScheduledEventDetails>,
    #[serde(
        rename = "lambdaFunctionStartFailedEventDetails",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub lambda_function_start_failed_event_details: Option<LambdaFunctionStartFailedEventDetails>,
    #[serde(
        rename = "lambdaFunctionSucceededEventDetails",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub lambda_function_succeeded_event_details: Option<LambdaFunctionSucceededEventDetails>,
    #[serde(
        rename = "lambdaFunctionTimedOutEventDetails",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub lambda_function_timed_out_event_details: Option<LambdaFunctionTimedOutEventDetails>,
    #[serde(
        rename = "stateEnteredEventDetails",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub state_entered_event_details: Option<StateEnteredEventDetails>,
    #[serde(
        rename = "stateExitedEventDetails",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub state_exited_event_details: Option<StateExitedEventDetails>,
    #[serde(
        rename = "mapRunStartedEventDetails",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub map_run_started_event_details: Option<MapRunStartedEventDetails>,
    #[serde(
        rename = "mapRunFailedEventDetails",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub map_run_failed_event_details: Option<MapRunFailedEventDetails>,
    #[serde(
        rename = "mapRunRedrivenEventDetails",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub map_run_redriven_event_details: Option<MapRunRedrivenEventDetails>,
    #[serde(
        rename = "evaluationFailedEventDetails",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub evaluation_failed_event_details: Option<EvaluationFailedEventDetails>,
}

/// The `HistoryEventExecutionDataDetails` structure.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct HistoryEventExecutionDataDetails {
    #[serde(rename = "truncated", default, skip_serializing_if = "Option::is_none")]
    pub truncated: Option<bool>,
}

/// The `HistoryEventType` enum.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum HistoryEventType {
    #[default]
    #[serde(rename = "ActivityFailed")]
    ActivityFailed,
    #[serde(rename = "ActivityScheduled")]
    ActivityScheduled,
    #[serde(rename = "ActivityScheduleFailed")]
    ActivityScheduleFailed,
    #[serde(rename = "ActivityStarted")]
    ActivityStarted,
    #[serde(rename = "ActivitySucceeded")]
    ActivitySucceeded,
    #[serde(rename = "ActivityTimedOut")]
    ActivityTimedOut,
    #[serde(rename = "ChoiceStateEntered")]
    ChoiceStateEntered,
    #[serde(rename = "ChoiceStateExited")]
    ChoiceStateExited,
    #[serde(rename = "ExecutionAborted")]
    ExecutionAborted,
    #[serde(rename = "ExecutionFailed")]
    ExecutionFailed,
    #[serde(rename = "ExecutionStarted")]
    ExecutionStarted,
    #[serde(rename = "ExecutionSucceeded")]
    ExecutionSucceeded,
    #[serde(rename = "ExecutionTimedOut")]
    ExecutionTimedOut,
    #[serde(rename = "FailStateEntered")]
    FailStateEntered,
    #[serde(rename = "LambdaFunctionFailed")]
    LambdaFunctionFailed,
    #[serde(rename = "LambdaFunctionScheduled")]
    LambdaFunctionScheduled,
    #[serde(rename = "LambdaFunctionScheduleFailed")]
    LambdaFunctionScheduleFailed,
    #[serde(rename = "LambdaFunctionStarted")]
    LambdaFunctionStarted,
    #[serde(rename = "LambdaFunctionStartFailed")]
    LambdaFunctionStartFailed,
    #[serde(rename = "LambdaFunctionSucceeded")]
    LambdaFunctionSucceeded,
    #[serde(rename = "LambdaFunctionTimedOut")]
    LambdaFunctionTimedOut,
    #[serde(rename = "MapIterationAborted")]
    MapIterationAborted,
    #[serde(rename = "MapIterationFailed")]
    MapIterationFailed,
    #[serde(rename = "MapIterationStarted")]
    MapIterationStarted,
    #[serde(rename = "MapIterationSucceeded")]
    MapIterationSucceeded,
    #[serde(rename = "MapStateAborted")]
    MapStateAborted,
    #[serde(rename = "MapStateEntered")]
    MapStateEntered,
    #[serde(rename = "MapStateExited")]
    MapStateExited,
    #[serde(rename = "MapStateFailed")]
    MapStateFailed,
    #[serde(rename = "MapStateStarted")]
    MapStateStarted,
    #[serde(rename = "MapStateSucceeded")]
    MapStateSucceeded,
    #[serde(rename = "ParallelStateAborted")]
    ParallelStateAborted,
    #[serde(rename = "ParallelStateEntered")]
    ParallelStateEntered,
    #[serde(rename = "ParallelStateExited")]
    ParallelStateExited,
    #[serde(rename = "ParallelStateFailed")]
    ParallelStateFailed,
    #[serde(rename = "ParallelStateStarted")]
    ParallelStateStarted,
    #[serde(rename = "ParallelStateSucceeded")]
    ParallelStateSucceeded,
    #[serde(rename = "PassStateEntered")]
    PassStateEntered,
    #[serde(rename = "PassStateExited")]
    PassStateExited,
    #[serde(rename = "SucceedStateEntered")]
    SucceedStateEntered,
    #[serde(rename = "SucceedStateExited")]
    SucceedStateExited,
    #[serde(rename = "TaskFailed")]
    TaskFailed,
    #[serde(rename = "TaskScheduled")]
    TaskScheduled,
    #[serde(rename = "TaskStarted")]
    TaskStarted,
    #[serde(rename = "TaskStartFailed")]
    TaskStartFailed,
    #[serde(rename = "TaskStateAborted")]
    TaskStateAborted,
    #[serde(rename = "TaskStateEntered")]
    TaskStateEntered,
    #[serde(rename = "TaskStateExited")]
    TaskStateExited,
    #[serde(rename = "TaskSubmitFailed")]
    TaskSubmitFailed,
    #[serde(rename = "TaskSubmitted")]
    TaskSubmitted,
    #[serde(rename = "TaskSucceeded")]
    TaskSucceeded,
    #[serde(rename = "TaskTimedOut")]
    TaskTimedOut,
    #[serde(rename = "WaitStateAborted")]
    WaitStateAborted,
    #[serde(rename = "WaitStateEntered")]
    WaitStateEntered,
    #[serde(rename = "WaitStateExited")]
    WaitStateExited,
    #[serde(rename = "MapRunAborted")]
    MapRunAborted,
    #[serde(rename = "MapRunFailed")]
    MapRunFailed,
    #[serde(rename = "MapRunStarted")]
    MapRunStarted,
    #[serde(rename = "MapRunSucceeded")]
    MapRunSucceeded,
    #[serde(rename = "ExecutionRedriven")]
    ExecutionRedriven,
    #[serde(rename = "MapRunRedriven")]
    MapRunRedriven,
    #[serde(rename = "EvaluationFailed")]
    EvaluationFailed,
}

impl HistoryEventType {
    pub const ALL: [HistoryEventType; 62] = [
        HistoryEventType::ActivityFailed,
        HistoryEventType::ActivityScheduled,
        HistoryEventType::ActivityScheduleFailed,
        HistoryEventType::ActivityStarted,
        HistoryEventType::ActivitySucceeded,
        HistoryEventType::ActivityTimedOut,
        HistoryEventType::ChoiceStateEntered,
        HistoryEventType::ChoiceStateExited,
        HistoryEventType::ExecutionAborted,
        HistoryEventType::ExecutionFailed,
        HistoryEventType::ExecutionStarted,
        HistoryEventType::ExecutionSucceeded,
        HistoryEventType::ExecutionTimedOut,
        HistoryEventType::FailStateEntered,
        HistoryEventType::LambdaFunctionFailed,
        HistoryEventType::LambdaFunctionScheduled,
        HistoryEventType::LambdaFunctionScheduleFailed,
        HistoryEventType::LambdaFunctionStarted,
        HistoryEventType::LambdaFunctionStartFailed,
        HistoryEventType::LambdaFunctionSucceeded,
        HistoryEventType::LambdaFunctionTimedOut,
        HistoryEventType::MapIterationAborted,
        HistoryEventType::MapIterationFailed,
        HistoryEventType::MapIterationStarted,
        HistoryEventType::MapIterationSucceeded,
        HistoryEventType::MapStateAborted,
        HistoryEventType::MapStateEntered,
        HistoryEventType::MapStateExited,
        HistoryEventType::MapStateFailed,
        HistoryEventType::MapStateStarted,
        HistoryEventType::MapStateSucceeded,
        HistoryEventType::ParallelStateAborted,
        HistoryEventType::ParallelStateEntered,
        HistoryEventType::ParallelStateExited,
        HistoryEventType::ParallelStateFailed,
        HistoryEventType::ParallelStateStarted,
        HistoryEventType::ParallelStateSucceeded,
        HistoryEventType::PassStateEntered,
        HistoryEventType::PassStateExited,
        HistoryEventType::SucceedStateEntered,
        HistoryEventType::SucceedStateExited,
        HistoryEventType::TaskFailed,
        HistoryEventType::TaskScheduled,
        HistoryEventType::TaskStarted,
        HistoryEventType::TaskStartFailed,
        HistoryEventType::TaskStateAborted,
        HistoryEventType::TaskStateEntered,
        HistoryEventType::TaskStateExited,
        HistoryEventType::TaskSubmitFailed,
        HistoryEventType::TaskSubmitted,
        HistoryEventType::TaskSucceeded,
        HistoryEventType::TaskTimedOut,
        HistoryEventType::WaitStateAborted,
        HistoryEventType::WaitStateEntered,
        HistoryEventType::WaitStateExited,
        HistoryEventType::MapRunAborted,
        HistoryEventType::MapRunFailed,
        HistoryEventType::MapRunStarted,
        HistoryEventType::MapRunSucceeded,
        HistoryEventType::ExecutionRedriven,
        HistoryEventType::MapRunRedriven,
        HistoryEventType::EvaluationFailed,
    ];

    /// The value as it appears on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            HistoryEventType::ActivityFailed => "ActivityFailed",
            HistoryEventType::ActivityScheduled => "ActivityScheduled",
            HistoryEventType::ActivityScheduleFailed => "ActivityScheduleFailed",
            HistoryEventType::ActivityStarted => "ActivityStarted",
            HistoryEventType::ActivitySucceeded => "ActivitySucceeded",
            HistoryEventType::ActivityTimedOut => "ActivityTimedOut",
            HistoryEventType::ChoiceStateEntered => "ChoiceStateEntered",
            HistoryEventType::ChoiceStateExited => "ChoiceStateExited",
            HistoryEventType::ExecutionAborted => "ExecutionAborted",
            HistoryEventType::ExecutionFailed => "ExecutionFailed",
            HistoryEventType::ExecutionStarted => "ExecutionStarted",
            HistoryEventType::ExecutionSucceeded => "ExecutionSucceeded",
            HistoryEventType::ExecutionTimedOut => "ExecutionTimedOut",
            HistoryEventType::FailStateEntered => "FailStateEntered",
            HistoryEventType::LambdaFunctionFailed => "LambdaFunctionFailed",
            HistoryEventType::LambdaFunctionScheduled => "LambdaFunctionScheduled",
            HistoryEventType::LambdaFunctionScheduleFailed => "LambdaFunctionScheduleFailed",
            HistoryEventType::LambdaFunctionStarted => "LambdaFunctionStarted",
            HistoryEventType::LambdaFunctionStartFailed => "LambdaFunctionStartFailed",
            HistoryEventType::LambdaFunctionSucceeded => "LambdaFunctionSucceeded",
            HistoryEventType::LambdaFunctionTimedOut => "LambdaFunctionTimedOut",
            HistoryEventType::MapIterationAborted => "MapIterationAborted",
            HistoryEventType::MapIterationFailed => "MapIterationFailed",
            HistoryEventType::MapIterationStarted => "MapIterationStarted",
            HistoryEventType::MapIterationSucceeded => "MapIterationSucceeded",
            HistoryEventType::MapStateAborted => "MapStateAborted",
            HistoryEventType::MapStateEntered => "MapStateEntered",
            HistoryEventType::MapStateExited => "MapStateExited",
            HistoryEventType::MapStateFailed => "MapStateFailed",
            HistoryEventType::MapStateStarted => "MapStateStarted",
            HistoryEventType::MapStateSucceeded => "MapStateSucceeded",
            HistoryEventType::ParallelStateAborted => "ParallelStateAborted",
            HistoryEventType::ParallelStateEntered => "ParallelStateEntered",
            HistoryEventType::ParallelStateExited => "ParallelStateExited",
            HistoryEventType::ParallelStateFailed => "ParallelStateFailed",
            HistoryEventType::ParallelStateStarted => "ParallelStateStarted",
            HistoryEventType::ParallelStateSucceeded => "ParallelStateSucceeded",
            HistoryEventType::PassStateEntered => "PassStateEntered",
            HistoryEventType::PassStateExited => "PassStateExited",
            HistoryEventType::SucceedStateEntered => "SucceedStateEntered",
            HistoryEventType::SucceedStateExited => "SucceedStateExited",
            HistoryEventType::TaskFailed => "TaskFailed",
            HistoryEventType::TaskScheduled => "TaskScheduled",
            HistoryEventType::TaskStarted => "TaskStarted",
            HistoryEventType::TaskStartFailed => "TaskStartFailed",
            HistoryEventType::TaskStateAborted => "TaskStateAborted",
            HistoryEventType::TaskStateEntered => "TaskStateEntered",
            HistoryEventType::TaskStateExited => "TaskStateExited",
            HistoryEventType::TaskSubmitFailed => "TaskSubmitFailed",
            HistoryEventType::TaskSubmitted => "TaskSubmitted",
            HistoryEventType::TaskSucceeded => "TaskSucceeded",
            HistoryEventType::TaskTimedOut => "TaskTimedOut",
            HistoryEventType::WaitStateAborted => "WaitStateAborted",
            HistoryEventType::WaitStateEntered => "WaitStateEntered",
            HistoryEventType::WaitStateExited => "WaitStateExited",
            HistoryEventType::MapRunAborted => "MapRunAborted",
            HistoryEventType::MapRunFailed => "MapRunFailed",
            HistoryEventType::MapRunStarted => "MapRunStarted",
            HistoryEventType::MapRunSucceeded => "MapRunSucceeded",
            HistoryEventType::ExecutionRedriven => "ExecutionRedriven",
            HistoryEventType::MapRunRedriven => "MapRunRedriven",
            HistoryEventType::EvaluationFailed => "EvaluationFailed",
        }
    }

    /// The variant for a wire value.
    pub fn from_name(value: &str) -> Option<HistoryEventType> {
        match value {
            "ActivityFailed" => Some(HistoryEventType::ActivityFailed),
            "ActivityScheduled" => Some(HistoryEventType::ActivityScheduled),
            "ActivityScheduleFailed" => Some(HistoryEventType::ActivityScheduleFailed),
            "ActivityStarted" => Some(HistoryEventType::ActivityStarted),
            "ActivitySucceeded" => Some(HistoryEventType::ActivitySucceeded),
            "ActivityTimedOut" => Some(HistoryEventType::ActivityTimedOut),
            "ChoiceStateEntered" => Some(HistoryEventType::ChoiceStateEntered),
            "ChoiceStateExited" => Some(HistoryEventType::ChoiceStateExited),
            "ExecutionAborted" => Some(HistoryEventType::ExecutionAborted),
            "ExecutionFailed" => Some(HistoryEventType::ExecutionFailed),
            "ExecutionStarted" => Some(HistoryEventType::ExecutionStarted),
            "ExecutionSucceeded" => Some(HistoryEventType::ExecutionSucceeded),
            "ExecutionTimedOut" => Some(HistoryEventType::ExecutionTimedOut),
            "FailStateEntered" => Some(HistoryEventType::FailStateEntered),
            "LambdaFunctionFailed" => Some(HistoryEventType::LambdaFunctionFailed),
            "LambdaFunctionScheduled" => Some(HistoryEventType::LambdaFunctionScheduled),
            "LambdaFunctionScheduleFailed" => Some(HistoryEventType::LambdaFunctionScheduleFailed),
            "LambdaFunctionStarted" => Some(HistoryEventType::LambdaFunctionStarted),
            "LambdaFunctionStartFailed" => Some(HistoryEventType::LambdaFunctionStartFailed),
            "LambdaFunctionSucceeded" => Some(HistoryEventType::LambdaFunctionSucceeded),
            "LambdaFunctionTimedOut" => Some(HistoryEventType::LambdaFunctionTimedOut),
            "MapIterationAborted" => Some(HistoryEventType::MapIterationAborted),
            "MapIterationFailed" => Some(HistoryEventType::MapIterationFailed),
            "MapIterationStarted" => Some(HistoryEventType::MapIterationStarted),
            "MapIterationSucceeded" => Some(HistoryEventType::MapIterationSucceeded),
            "MapStateAborted" => Some(HistoryEventType::MapStateAborted),
            "MapStateEntered" => Some(HistoryEventType::MapStateEntered),
            "MapStateExited" => Some(HistoryEventType::MapStateExited),
            "MapStateFailed" => Some(HistoryEventType::MapStateFailed),
            "MapStateStarted" => Some(HistoryEventType::MapStateStarted),
            "MapStateSucceeded" => Some(HistoryEventType::MapStateSucceeded),
            "ParallelStateAborted" => Some(HistoryEventType::ParallelStateAborted),
            "ParallelStateEntered" => Some(HistoryEventType::ParallelStateEntered),
            "ParallelStateExited" => Some(HistoryEventType::ParallelStateExited),
            "ParallelStateFailed" => Some(HistoryEventType::ParallelStateFailed),
            "ParallelStateStarted" => Some(HistoryEventType::ParallelStateStarted),
            "ParallelStateSucceeded" => Some(HistoryEventType::ParallelStateSucceeded),
            "PassStateEntered" => Some(HistoryEventType::PassStateEntered),
            "PassStateExited" => Some(HistoryEventType::PassStateExited),
            "SucceedStateEntered" => Some(HistoryEventType::SucceedStateEntered),
            "SucceedStateExited" => Some(HistoryEventType::SucceedStateExited),
            "TaskFailed" => Some(HistoryEventType::TaskFailed),
            "TaskScheduled" => Some(HistoryEventType::TaskScheduled),
            "TaskStarted" => Some(HistoryEventType::TaskStarted),
            "TaskStartFailed" => Some(HistoryEventType::TaskStartFailed),
            "TaskStateAborted" => Some(HistoryEventType::TaskStateAborted),
            "TaskStateEntered" => Some(HistoryEventType::TaskStateEntered),
            "TaskStateExited" => Some(HistoryEventType::TaskStateExited),
            "TaskSubmitFailed" => Some(HistoryEventType::TaskSubmitFailed),
            "TaskSubmitted" => Some(HistoryEventType::TaskSubmitted),
            "TaskSucceeded" => Some(HistoryEventType::TaskSucceeded),
            "TaskTimedOut" => Some(HistoryEventType::TaskTimedOut),
            "WaitStateAborted" => Some(HistoryEventType::WaitStateAborted),
            "WaitStateEntered" => Some(HistoryEventType::WaitStateEntered),
            "WaitStateExited" => Some(HistoryEventType::WaitStateExited),
            "MapRunAborted" => Some(HistoryEventType::MapRunAborted),
            "MapRunFailed" => Some(HistoryEventType::MapRunFailed),
            "MapRunStarted" => Some(HistoryEventType::MapRunStarted),
            "MapRunSucceeded" => Some(HistoryEventType::MapRunSucceeded),
            "ExecutionRedriven" => Some(HistoryEventType::ExecutionRedriven),
            "MapRunRedriven" => Some(HistoryEventType::MapRunRedriven),
            "EvaluationFailed" => Some(HistoryEventType::EvaluationFailed),
            _ => None,
        }
    }
}

impl std::fmt::Display for HistoryEventType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The `IncludedData` enum.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum IncludedData {
    #[default]
    #[serde(rename = "ALL_DATA")]
    AllData,
    #[serde(rename = "METADATA_ONLY")]
    MetadataOnly,
}

impl IncludedData {
    pub const ALL: [IncludedData; 2] = [IncludedData::AllData, IncludedData::MetadataOnly];

    /// The value as it appears on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            IncludedData::AllData => "ALL_DATA",
            IncludedData::MetadataOnly => "METADATA_ONLY",
        }
    }

    /// The variant for a wire value.
    pub fn from_name(value: &str) -> Option<IncludedData> {
        match value {
            "ALL_DATA" => Some(IncludedData::AllData),
            "METADATA_ONLY" => Some(IncludedData::MetadataOnly),
            _ => None,
        }
    }
}

impl std::fmt::Display for IncludedData {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The `InspectionData` structure.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct InspectionData {
    #[serde(rename = "input", default, skip_serializing_if = "Option::is_none")]
    pub input: Option<String>,
    #[serde(
        rename = "afterArguments",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub after_arguments: Option<String>,
    #[serde(
        rename = "afterInputPath",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub after_input_path: Option<String>,
    #[serde(
        rename = "afterParameters",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub after_parameters: Option<String>,
    #[serde(rename = "result", default, skip_serializing_if = "Option::is_none")]
    pub result: Option<String>,
    #[serde(
        rename = "afterResultSelector",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub after_result_selector: Option<String>,
    #[serde(
        rename = "afterResultPath",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub after_result_path: Option<String>,
    #[serde(rename = "request", default, skip_serializing_if = "Option::is_none")]
    pub request: Option<InspectionDataRequest>,
    #[serde(rename = "response", default, skip_serializing_if = "Option::is_none")]
    pub response: Option<InspectionDataResponse>,
    #[serde(rename = "variables", default, skip_serializing_if = "Option::is_none")]
    pub variables: Option<String>,
    #[serde(
        rename = "errorDetails",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub error_details: Option<InspectionErrorDetails>,
    #[serde(
        rename = "afterItemsPath",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub after_items_path: Option<String>,
    #[serde(
        rename = "afterItemSelector",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub after_item_selector: Option<String>,
    #[serde(
        rename = "afterItemBatcher",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub after_item_batcher: Option<String>,
    #[serde(
        rename = "afterItemsPointer",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub after_items_pointer: Option<String>,
    #[serde(
        rename = "toleratedFailureCount",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub tolerated_failure_count: Option<i32>,
    #[serde(
        rename = "toleratedFailurePercentage",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub tolerated_failure_percentage: Option<f64>,
    #[serde(
        rename = "maxConcurrency",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub max_concurrency: Option<i32>,
}

/// The `InspectionDataRequest` structure.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct InspectionDataRequest {
    #[serde(rename = "protocol", default, skip_serializing_if = "Option::is_none")]
    pub protocol: Option<String>,
    #[serde(rename = "method", default, skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    #[serde(rename = "url", default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(rename = "headers", default, skip_serializing_if = "Option::is_none")]
    pub headers: Option<String>,
    #[serde(rename = "body", default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
}

/// The `InspectionDataResponse` structure.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct InspectionDataResponse {
    #[serde(rename = "protocol", default, skip_serializing_if = "Option::is_none")]
    pub protocol: Option<String>,
    #[serde(
        rename = "statusCode",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub status_code: Option<String>,
    #[serde(
        rename = "statusMessage",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub status_message: Option<String>,
    #[serde(rename = "headers", default, skip_serializing_if = "Option::is_none")]
    pub headers: Option<String>,
    #[serde(rename = "body", default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
}

/// The `InspectionErrorDetails` structure.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct InspectionErrorDetails {
    #[serde(
        rename = "catchIndex",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub catch_index: Option<i32>,
    #[serde(
        rename = "retryIndex",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub retry_index: Option<i32>,
    #[serde(
        rename = "retryBackoffIntervalSeconds",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub retry_backoff_interval_seconds: Option<i32>,
}

/// The `InspectionLevel` enum.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum InspectionLevel {
    #[default]
    #[serde(rename = "INFO")]
    Info,
    #[serde(rename = "DEBUG")]
    Debug,
    #[serde(rename = "TRACE")]
    Trace,
}

impl InspectionLevel {
    pub const ALL: [InspectionLevel; 3] = [
        InspectionLevel::Info,
        InspectionLevel::Debug,
        InspectionLevel::Trace,
    ];

    /// The value as it appears on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            InspectionLevel::Info => "INFO",
            InspectionLevel::Debug => "DEBUG",
            InspectionLevel::Trace => "TRACE",
        }
    }

    /// The variant for a wire value.
    pub fn from_name(value: &str) -> Option<InspectionLevel> {
        match value {
            "INFO" => Some(InspectionLevel::Info),
            "DEBUG" => Some(InspectionLevel::Debug),
            "TRACE" => Some(InspectionLevel::Trace),
            _ => None,
        }
    }
}

impl std::fmt::Display for InspectionLevel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The `LambdaFunctionFailedEventDetails` structure.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct LambdaFunctionFailedEventDetails {
    #[serde(rename = "error", default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    #[serde(rename = "cause", default, skip_serializing_if = "Option::is_none")]
    pub cause: Option<String>,
}

/// The `LambdaFunctionScheduleFailedEventDetails` structure.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct LambdaFunctionScheduleFailedEventDetails {
    #[serde(rename = "error", default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    #[serde(rename = "cause", default, skip_serializing_if = "Option::is_none")]
    pub cause: Option<String>,
}

/// The `LambdaFunctionScheduledEventDetails` structure.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct LambdaFunctionScheduledEventDetails {
    #[serde(rename = "resource")]
    pub resource: String,
    #[serde(rename = "input", default, skip_serializing_if = "Option::is_none")]
    pub input: Option<String>,
    #[serde(
        rename = "inputDetails",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub input_details: Option<HistoryEventExecutionDataDetails>,
    #[serde(
        rename = "timeoutInSeconds",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub timeout_in_seconds: Option<i64>,
    #[serde(
        rename = "taskCredentials",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub task_credentials: Option<TaskCredentials>,
}

/// The `LambdaFunctionStartFailedEventDetails` structure.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct LambdaFunctionStartFailedEventDetails {
    #[serde(rename = "error", default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    #[serde(rename = "cause", default, skip_serializing_if = "Option::is_none")]
    pub cause: Option<String>,
}

/// The `LambdaFunctionSucceededEventDetails` structure.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct LambdaFunctionSucceededEventDetails {
    #[serde(rename = "output", default, skip_serializing_if = "Option::is_none")]
    pub output: Option<String>,
    #[serde(
        rename = "outputDetails",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub output_details: Option<HistoryEventExecutionDataDetails>,
}

/// The `LambdaFunctionTimedOutEventDetails` structure.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct LambdaFunctionTimedOutEventDetails {
    #[serde(rename = "error", default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    #[serde(rename = "cause", default, skip_serializing_if = "Option::is_none")]
    pub cause: Option<String>,
}

/// The `ListActivitiesInput` structure.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ListActivitiesInput {
    #[serde(
        rename = "maxResults",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub max_results: Option<i32>,
    #[serde(rename = "nextToken", default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

/// The `ListActivitiesOutput` structure.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ListActivitiesOutput {
    #[serde(rename = "activities")]
    pub activities: Vec<ActivityListItem>,
    #[serde(rename = "nextToken", default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

/// The `ListExecutionsInput` structure.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ListExecutionsInput {
    #[serde(
        rename = "stateMachineArn",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub state_machine_arn: Option<String>,
    #[serde(
        rename = "statusFilter",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub status_filter: Option<ExecutionStatus>,
    #[serde(
        rename = "maxResults",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub max_results: Option<i32>,
    #[serde(rename = "nextToken", default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
    #[serde(rename = "mapRunArn", default, skip_serializing_if = "Option::is_none")]
    pub map_run_arn: Option<String>,
    #[serde(
        rename = "redriveFilter",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub redrive_filter: Option<ExecutionRedriveFilter>,
}

/// The `ListExecutionsOutput` structure.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ListExecutionsOutput {
    #[serde(rename = "executions")]
    pub executions: Vec<ExecutionListItem>,
    #[serde(rename = "nextToken", default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

/// The `ListMapRunsInput` structure.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ListMapRunsInput {
    #[serde(rename = "executionArn")]
    pub execution_arn: String,
    #[serde(
        rename = "maxResults",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub max_results: Option<i32>,
    #[serde(rename = "nextToken", default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

/// The `ListMapRunsOutput` structure.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ListMapRunsOutput {
    #[serde(rename = "mapRuns")]
    pub map_runs: Vec<MapRunListItem>,
    #[serde(rename = "nextToken", default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

/// The `ListStateMachineAliasesInput` structure.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ListStateMachineAliasesInput {
    #[serde(rename = "stateMachineArn")]
    pub state_machine_arn: String,
    #[serde(rename = "nextToken", default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
    #[serde(
        rename = "maxResults",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub max_results: Option<i32>,
}

/// The `ListStateMachineAliasesOutput` structure.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ListStateMachineAliasesOutput {
    #[serde(rename = "stateMachineAliases")]
    pub state_machine_aliases: Vec<StateMachineAliasListItem>,
    #[serde(rename = "nextToken", default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

/// The `ListStateMachineVersionsInput` structure.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ListStateMachineVersionsInput {
    #[serde(rename = "stateMachineArn")]
    pub state_machine_arn: String,
    #[serde(rename = "nextToken", default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
    #[serde(
        rename = "maxResults",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub max_results: Option<i32>,
}

/// The `ListStateMachineVersionsOutput` structure.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ListStateMachineVersionsOutput {
    #[serde(rename = "stateMachineVersions")]
    pub state_machine_versions: Vec<StateMachineVersionListItem>,
    #[serde(rename = "nextToken", default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

/// The `ListStateMachinesInput` structure.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ListStateMachinesInput {
    #[serde(
        rename = "maxResults",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub max_results: Option<i32>,
    #[serde(rename = "nextToken", default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

/// The `ListStateMachinesOutput` structure.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ListStateMachinesOutput {
    #[serde(rename = "stateMachines")]
    pub state_machines: Vec<StateMachineListItem>,
    #[serde(rename = "nextToken", default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

/// The `ListTagsForResourceInput` structure.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ListTagsForResourceInput {
    #[serde(rename = "resourceArn")]
    pub resource_arn: String,
}

/// The `ListTagsForResourceOutput` structure.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ListTagsForResourceOutput {
    #[serde(rename = "tags", default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<Tag>>,
}

/// The `LogDestination` structure.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct LogDestination {
    #[serde(
        rename = "cloudWatchLogsLogGroup",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub cloud_watch_logs_log_group: Option<CloudWatchLogsLogGroup>,
}

/// The `LogLevel` enum.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum LogLevel {
    #[default]
    #[serde(rename = "ALL")]
    All,
    #[serde(rename = "ERROR")]
    Error,
    #[serde(rename = "FATAL")]
    Fatal,
    #[serde(rename = "OFF")]
    Off,
}

impl LogLevel {
    pub const ALL: [LogLevel; 4] = [
        LogLevel::All,
        LogLevel::Error,
        LogLevel::Fatal,
        LogLevel::Off,
    ];

    /// The value as it appears on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            LogLevel::All => "ALL",
            LogLevel::Error => "ERROR",
            LogLevel::Fatal => "FATAL",
            LogLevel::Off => "OFF",
        }
    }

    /// The variant for a wire value.
    pub fn from_name(value: &str) -> Option<LogLevel> {
        match value {
            "ALL" => Some(LogLevel::All),
            "ERROR" => Some(LogLevel::Error),
            "FATAL" => Some(LogLevel::Fatal),
            "OFF" => Some(LogLevel::Off),
            _ => None,
        }
    }
}

impl std::fmt::Display for LogLevel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The `LoggingConfiguration` structure.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct LoggingConfiguration {
    #[serde(rename = "level", default, skip_serializing_if = "Option::is_none")]
    pub level: Option<LogLevel>,
    #[serde(
        rename = "includeExecutionData",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub include_execution_data: Option<bool>,
    #[serde(
        rename = "destinations",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub destinations: Option<Vec<LogDestination>>,
}

/// The `MapIterationEventDetails` structure.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct MapIterationEventDetails {
    #[serde(rename = "name", default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(rename = "index", default, skip_serializing_if = "Option::is_none")]
    pub index: Option<i32>,
}

/// The `MapRunExecutionCounts` structure.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct MapRunExecutionCounts {
    #[serde(rename = "pending")]
    pub pending: i64,
    #[serde(rename = "running")]
    pub running: i64,
    #[serde(rename = "succeeded")]
    pub succeeded: i64,
    #[serde(rename = "failed")]
    pub failed: i64,
    #[serde(rename = "timedOut")]
    pub timed_out: i64,
    #[serde(rename = "aborted")]
    pub aborted: i64,
    #[serde(rename = "total")]
    pub total: i64,
    #[serde(rename = "resultsWritten")]
    pub results_written: i64,
    #[serde(
        rename = "failuresNotRedrivable",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub failures_not_redrivable: Option<i64>,
    #[serde(
        rename = "pendingRedrive",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub pending_redrive: Option<i64>,
}

/// The `MapRunFailedEventDetails` structure.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct MapRunFailedEventDetails {
    #[serde(rename = "error", default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    #[serde(rename = "cause", default, skip_serializing_if = "Option::is_none")]
    pub cause: Option<String>,
}

/// The `MapRunItemCounts` structure.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct MapRunItemCounts {
    #[serde(rename = "pending")]
    pub pending: i64,
    #[serde(rename = "running")]
    pub running: i64,
    #[serde(rename = "succeeded")]
    pub succeeded: i64,
    #[serde(rename = "failed")]
    pub failed: i64,
    #[serde(rename = "timedOut")]
    pub timed_out: i64,
    #[serde(rename = "aborted")]
    pub aborted: i64,
    #[serde(rename = "total")]
    pub total: i64,
    #[serde(rename = "resultsWritten")]
    pub results_written: i64,
    #[serde(
        rename = "failuresNotRedrivable",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub failures_not_redrivable: Option<i64>,
    #[serde(
        rename = "pendingRedrive",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub pending_redrive: Option<i64>,
}

/// The `MapRunListItem` structure.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct MapRunListItem {
    #[serde(rename = "executionArn")]
    pub execution_arn: String,
    #[serde(rename = "mapRunArn")]
    pub map_run_arn: String,
    #[serde(rename = "stateMachineArn")]
    pub state_machine_arn: String,
    #[serde(rename = "startDate")]
    pub start_date: Timestamp,
    #[serde(rename = "stopDate", default, skip_serializing_if = "Option::is_none")]
    pub stop_date: Option<Timestamp>,
}

/// The `MapRunRedrivenEventDetails` structure.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct MapRunRedrivenEventDetails {
    #[serde(rename = "mapRunArn", default, skip_serializing_if = "Option::is_none")]
    pub map_run_arn: Option<String>,
    #[serde(
        rename = "redriveCount",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub redrive_count: Option<i32>,
}

/// The `MapRunStartedEventDetails` structure.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct MapRunStartedEventDetails {
    #[serde(rename = "mapRunArn", default, skip_serializing_if = "Option::is_none")]
    pub map_run_arn: Option<String>,
}

/// The `MapRunStatus` enum.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum MapRunStatus {
    #[default]
    #[serde(rename = "RUNNING")]
    Running,
    #[serde(rename = "SUCCEEDED")]
    Succeeded,
    #[serde(rename = "FAILED")]
    Failed,
    #[serde(rename = "ABORTED")]
    Aborted,
}

impl MapRunStatus {
    pub const ALL: [MapRunStatus; 4] = [
        MapRunStatus::Running,
        MapRunStatus::Succeeded,
        MapRunStatus::Failed,
        MapRunStatus::Aborted,
    ];

    /// The value as it appears on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            MapRunStatus::Running => "RUNNING",
            MapRunStatus::Succeeded => "SUCCEEDED",
            MapRunStatus::Failed => "FAILED",
            MapRunStatus::Aborted => "ABORTED",
        }
    }

    /// The variant for a wire value.
    pub fn from_name(value: &str) -> Option<MapRunStatus> {
        match value {
            "RUNNING" => Some(MapRunStatus::Running),
            "SUCCEEDED" => Some(MapRunStatus::Succeeded),
            "FAILED" => Some(MapRunStatus::Failed),
            "ABORTED" => Some(MapRunStatus::Aborted),
            _ => None,
        }
    }
}

impl std::fmt::Display for MapRunStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The `MapStateStartedEventDetails` structure.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct MapStateStartedEventDetails {
    #[serde(rename = "length", default, skip_serializing_if = "Option::is_none")]
    pub length: Option<i32>,
}

/// The `MockErrorOutput` structure.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct MockErrorOutput {
    #[serde(rename = "error", default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    #[serde(rename = "cause", default, skip_serializing_if = "Option::is_none")]
    pub cause: Option<String>,
}

/// The `MockInput` structure.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct MockInput {
    #[serde(rename = "result", default, skip_serializing_if = "Option::is_none")]
    pub result: Option<String>,
    #[serde(
        rename = "errorOutput",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub error_output: Option<MockErrorOutput>,
    #[serde(
        rename = "fieldValidationMode",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub field_validation_mode: Option<MockResponseValidationMode>,
}

/// The `MockResponseValidationMode` enum.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum MockResponseValidationMode {
    #[default]
    #[serde(rename = "STRICT")]
    Strict,
    #[serde(rename = "PRESENT")]
    Present,
    #[serde(rename = "NONE")]
    None,
}

impl MockResponseValidationMode {
    pub const ALL: [MockResponseValidationMode; 3] = [
        MockResponseValidationMode::Strict,
        MockResponseValidationMode::Present,
        MockResponseValidationMode::None,
    ];

    /// The value as it appears on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            MockResponseValidationMode::Strict => "STRICT",
            MockResponseValidationMode::Present => "PRESENT",
            MockResponseValidationMode::None => "NONE",
        }
    }

    /// The variant for a wire value.
    pub fn from_name(value: &str) -> Option<MockResponseValidationMode> {
        match value {
            "STRICT" => Some(MockResponseValidationMode::Strict),
            "PRESENT" => Some(MockResponseValidationMode::Present),
            "NONE" => Some(MockResponseValidationMode::None),
            _ => None,
        }
    }
}

impl std::fmt::Display for MockResponseValidationMode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The `PublishStateMachineVersionInput` structure.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct PublishStateMachineVersionInput {
    #[serde(rename = "stateMachineArn")]
    pub state_machine_arn: String,
    #[serde(
        rename = "revisionId",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub revision_id: Option<String>,
    #[serde(
        rename = "description",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub description: Option<String>,
}

/// The `PublishStateMachineVersionOutput` structure.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct PublishStateMachineVersionOutput {
    #[serde(rename = "creationDate")]
    pub creation_date: Timestamp,
    #[serde(rename = "stateMachineVersionArn")]
    pub state_machine_version_arn: String,
}

/// The `RedriveExecutionInput` structure.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct RedriveExecutionInput {
    #[serde(rename = "executionArn")]
    pub execution_arn: String,
    #[serde(
        rename = "clientToken",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub client_token: Option<String>,
}

/// The `RedriveExecutionOutput` structure.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct RedriveExecutionOutput {
    #[serde(rename = "redriveDate")]
    pub redrive_date: Timestamp,
}

/// The `RoutingConfigurationListItem` structure.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct RoutingConfigurationListItem {
    #[serde(rename = "stateMachineVersionArn")]
    pub state_machine_version_arn: String,
    #[serde(rename = "weight")]
    pub weight: i32,
}

/// The `SendTaskFailureInput` structure.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SendTaskFailureInput {
    #[serde(rename = "taskToken")]
    pub task_token: String,
    #[serde(rename = "error", default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    #[serde(rename = "cause", default, skip_serializing_if = "Option::is_none")]
    pub cause: Option<String>,
}

/// The `SendTaskFailureOutput` structure.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SendTaskFailureOutput {}

/// The `SendTaskHeartbeatInput` structure.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SendTaskHeartbeatInput {
    #[serde(rename = "taskToken")]
    pub task_token: String,
}

/// The `SendTaskHeartbeatOutput` structure.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SendTaskHeartbeatOutput {}

/// The `SendTaskSuccessInput` structure.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SendTaskSuccessInput {
    #[serde(rename = "taskToken")]
    pub task_token: String,
    #[serde(rename = "output")]
    pub output: String,
}

/// The `SendTaskSuccessOutput` structure.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SendTaskSuccessOutput {}

/// The `StartExecutionInput` structure.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct StartExecutionInput {
    #[serde(rename = "stateMachineArn")]
    pub state_machine_arn: String,
    #[serde(rename = "name", default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(rename = "input", default, skip_serializing_if = "Option::is_none")]
    pub input: Option<String>,
    #[serde(
        rename = "traceHeader",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub trace_header: Option<String>,
}

/// The `StartExecutionOutput` structure.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct StartExecutionOutput {
    #[serde(rename = "executionArn")]
    pub execution_arn: String,
    #[serde(rename = "startDate")]
    pub start_date: Timestamp,
}

/// The `StartSyncExecutionInput` structure.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct StartSyncExecutionInput {
    #[serde(rename = "stateMachineArn")]
    pub state_machine_arn: String,
    #[serde(rename = "name", default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(rename = "input", default, skip_serializing_if = "Option::is_none")]
    pub input: Option<String>,
    #[serde(
        rename = "traceHeader",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub trace_header: Option<String>,
    #[serde(
        rename = "includedData",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub included_data: Option<IncludedData>,
}

/// The `StartSyncExecutionOutput` structure.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct StartSyncExecutionOutput {
    #[serde(rename = "executionArn")]
    pub execution_arn: String,
    #[serde(
        rename = "stateMachineArn",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub state_machine_arn: Option<String>,
    #[serde(rename = "name", default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(rename = "startDate")]
    pub start_date: Timestamp,
    #[serde(rename = "stopDate")]
    pub stop_date: Timestamp,
    #[serde(rename = "status")]
    pub status: SyncExecutionStatus,
    #[serde(rename = "error", default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    #[serde(rename = "cause", default, skip_serializing_if = "Option::is_none")]
    pub cause: Option<String>,
    #[serde(rename = "input", default, skip_serializing_if = "Option::is_none")]
    pub input: Option<String>,
    #[serde(
        rename = "inputDetails",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub input_details: Option<CloudWatchEventsExecutionDataDetails>,
    #[serde(rename = "output", default, skip_serializing_if = "Option::is_none")]
    pub output: Option<String>,
    #[serde(
        rename = "outputDetails",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub output_details: Option<CloudWatchEventsExecutionDataDetails>,
    #[serde(
        rename = "traceHeader",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub trace_header: Option<String>,
    #[serde(
        rename = "billingDetails",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub billing_details: Option<BillingDetails>,
}

/// The `StateEnteredEventDetails` structure.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct StateEnteredEventDetails {
    #[serde(rename = "name")]
    pub name: String,
    #[serde(rename = "input", default, skip_serializing_if = "Option::is_none")]
    pub input: Option<String>,
    #[serde(
        rename = "inputDetails",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub input_details: Option<HistoryEventExecutionDataDetails>,
}

/// The `StateExitedEventDetails` structure.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct StateExitedEventDetails {
    #[serde(rename = "name")]
    pub name: String,
    #[serde(rename = "output", default, skip_serializing_if = "Option::is_none")]
    pub output: Option<String>,
    #[serde(
        rename = "outputDetails",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub output_details: Option<HistoryEventExecutionDataDetails>,
    #[serde(
        rename = "assignedVariables",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub assigned_variables: Option<IndexMap<String, String>>,
    #[serde(
        rename = "assignedVariablesDetails",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub assigned_variables_details: Option<AssignedVariablesDetails>,
}

/// The `StateMachineAliasListItem` structure.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct StateMachineAliasListItem {
    #[serde(rename = "stateMachineAliasArn")]
    pub state_machine_alias_arn: String,
    #[serde(rename = "creationDate")]
    pub creation_date: Timestamp,
}

/// The `StateMachineListItem` structure.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct StateMachineListItem {
    #[serde(rename = "stateMachineArn")]
    pub state_machine_arn: String,
    #[serde(rename = "name")]
    pub name: String,
    #[serde(rename = "type")]
    pub r#type: StateMachineType,
    #[serde(rename = "creationDate")]
    pub creation_date: Timestamp,
}

/// The `StateMachineStatus` enum.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum StateMachineStatus {
    #[default]
    #[serde(rename = "ACTIVE")]
    Active,
    #[serde(rename = "DELETING")]
    Deleting,
}

impl StateMachineStatus {
    pub const ALL: [StateMachineStatus; 2] =
        [StateMachineStatus::Active, StateMachineStatus::Deleting];

    /// The value as it appears on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            StateMachineStatus::Active => "ACTIVE",
            StateMachineStatus::Deleting => "DELETING",
        }
    }

    /// The variant for a wire value.
    pub fn from_name(value: &str) -> Option<StateMachineStatus> {
        match value {
            "ACTIVE" => Some(StateMachineStatus::Active),
            "DELETING" => Some(StateMachineStatus::Deleting),
            _ => None,
        }
    }
}

impl std::fmt::Display for StateMachineStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The `StateMachineType` enum.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum StateMachineType {
    #[default]
    #[serde(rename = "STANDARD")]
    Standard,
    #[serde(rename = "EXPRESS")]
    Express,
}

impl StateMachineType {
    pub const ALL: [StateMachineType; 2] = [StateMachineType::Standard, StateMachineType::Express];

    /// The value as it appears on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            StateMachineType::Standard => "STANDARD",
            StateMachineType::Express => "EXPRESS",
        }
    }

    /// The variant for a wire value.
    pub fn from_name(value: &str) -> Option<StateMachineType> {
        match value {
            "STANDARD" => Some(StateMachineType::Standard),
            "EXPRESS" => Some(StateMachineType::Express),
            _ => None,
        }
    }
}

impl std::fmt::Display for StateMachineType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The `StateMachineVersionListItem` structure.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct StateMachineVersionListItem {
    #[serde(rename = "stateMachineVersionArn")]
    pub state_machine_version_arn: String,
    #[serde(rename = "creationDate")]
    pub creation_date: Timestamp,
}

/// The `StopExecutionInput` structure.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct StopExecutionInput {
    #[serde(rename = "executionArn")]
    pub execution_arn: String,
    #[serde(rename = "error", default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    #[serde(rename = "cause", default, skip_serializing_if = "Option::is_none")]
    pub cause: Option<String>,
}

/// The `StopExecutionOutput` structure.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct StopExecutionOutput {
    #[serde(rename = "stopDate")]
    pub stop_date: Timestamp,
}

/// The `SyncExecutionStatus` enum.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum SyncExecutionStatus {
    #[default]
    #[serde(rename = "SUCCEEDED")]
    Succeeded,
    #[serde(rename = "FAILED")]
    Failed,
    #[serde(rename = "TIMED_OUT")]
    TimedOut,
}

impl SyncExecutionStatus {
    pub const ALL: [SyncExecutionStatus; 3] = [
        SyncExecutionStatus::Succeeded,
        SyncExecutionStatus::Failed,
        SyncExecutionStatus::TimedOut,
    ];

    /// The value as it appears on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            SyncExecutionStatus::Succeeded => "SUCCEEDED",
            SyncExecutionStatus::Failed => "FAILED",
            SyncExecutionStatus::TimedOut => "TIMED_OUT",
        }
    }

    /// The variant for a wire value.
    pub fn from_name(value: &str) -> Option<SyncExecutionStatus> {
        match value {
            "SUCCEEDED" => Some(SyncExecutionStatus::Succeeded),
            "FAILED" => Some(SyncExecutionStatus::Failed),
            "TIMED_OUT" => Some(SyncExecutionStatus::TimedOut),
            _ => None,
        }
    }
}

impl std::fmt::Display for SyncExecutionStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The `Tag` structure.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Tag {
    #[serde(rename = "key", default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    #[serde(rename = "value", default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}

/// The `TagResourceInput` structure.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct TagResourceInput {
    #[serde(rename = "resourceArn")]
    pub resource_arn: String,
    #[serde(rename = "tags")]
    pub tags: Vec<Tag>,
}

/// The `TagResourceOutput` structure.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct TagResourceOutput {}

/// The `TaskCredentials` structure.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct TaskCredentials {
    #[serde(rename = "roleArn", default, skip_serializing_if = "Option::is_none")]
    pub role_arn: Option<String>,
}

/// The `TaskFailedEventDetails` structure.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct TaskFailedEventDetails {
    #[serde(rename = "resourceType")]
    pub resource_type: String,
    #[serde(rename = "resource")]
    pub resource: String,
    #[serde(rename = "error", default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    #[serde(rename = "cause", default, skip_serializing_if = "Option::is_none")]
    pub cause: Option<String>,
}

/// The `TaskScheduledEventDetails` structure.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct TaskScheduledEventDetails {
    #[serde(rename = "resourceType")]
    pub resource_type: String,
    #[serde(rename = "resource")]
    pub resource: String,
    #[serde(rename = "region")]
    pub region: String,
    #[serde(rename = "parameters")]
    pub parameters: String,
    #[serde(
        rename = "timeoutInSeconds",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub timeout_in_seconds: Option<i64>,
    #[serde(
        rename = "heartbeatInSeconds",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub heartbeat_in_seconds: Option<i64>,
    #[serde(
        rename = "taskCredentials",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub task_credentials: Option<TaskCredentials>,
}

/// The `TaskStartFailedEventDetails` structure.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct TaskStartFailedEventDetails {
    #[serde(rename = "resourceType")]
    pub resource_type: String,
    #[serde(rename = "resource")]
    pub resource: String,
    #[serde(rename = "error", default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    #[serde(rename = "cause", default, skip_serializing_if = "Option::is_none")]
    pub cause: Option<String>,
}

/// The `TaskStartedEventDetails` structure.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct TaskStartedEventDetails {
    #[serde(rename = "resourceType")]
    pub resource_type: String,
    #[serde(rename = "resource")]
    pub resource: String,
}

/// The `TaskSubmitFailedEventDetails` structure.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct TaskSubmitFailedEventDetails {
    #[serde(rename = "resourceType")]
    pub resource_type: String,
    #[serde(rename = "resource")]
    pub resource: String,
    #[serde(rename = "error", default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    #[serde(rename = "cause", default, skip_serializing_if = "Option::is_none")]
    pub cause: Option<String>,
}

/// The `TaskSubmittedEventDetails` structure.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct TaskSubmittedEventDetails {
    #[serde(rename = "resourceType")]
    pub resource_type: String,
    #[serde(rename = "resource")]
    pub resource: String,
    #[serde(rename = "output", default, skip_serializing_if = "Option::is_none")]
    pub output: Option<String>,
    #[serde(
        rename = "outputDetails",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub output_details: Option<HistoryEventExecutionDataDetails>,
}

/// The `TaskSucceededEventDetails` structure.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct TaskSucceededEventDetails {
    #[serde(rename = "resourceType")]
    pub resource_type: String,
    #[serde(rename = "resource")]
    pub resource: String,
    #[serde(rename = "output", default, skip_serializing_if = "Option::is_none")]
    pub output: Option<String>,
    #[serde(
        rename = "outputDetails",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub output_details: Option<HistoryEventExecutionDataDetails>,
}

/// The `TaskTimedOutEventDetails` structure.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct TaskTimedOutEventDetails {
    #[serde(rename = "resourceType")]
    pub resource_type: String,
    #[serde(rename = "resource")]
    pub resource: String,
    #[serde(rename = "error", default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    #[serde(rename = "cause", default, skip_serializing_if = "Option::is_none")]
    pub cause: Option<String>,
}

/// The `TestExecutionStatus` enum.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum TestExecutionStatus {
    #[default]
    #[serde(rename = "SUCCEEDED")]
    Succeeded,
    #[serde(rename = "FAILED")]
    Failed,
    #[serde(rename = "RETRIABLE")]
    Retriable,
    #[serde(rename = "CAUGHT_ERROR")]
    CaughtError,
}

impl TestExecutionStatus {
    pub const ALL: [TestExecutionStatus; 4] = [
        TestExecutionStatus::Succeeded,
        TestExecutionStatus::Failed,
        TestExecutionStatus::Retriable,
        TestExecutionStatus::CaughtError,
    ];

    /// The value as it appears on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            TestExecutionStatus::Succeeded => "SUCCEEDED",
            TestExecutionStatus::Failed => "FAILED",
            TestExecutionStatus::Retriable => "RETRIABLE",
            TestExecutionStatus::CaughtError => "CAUGHT_ERROR",
        }
    }

    /// The variant for a wire value.
    pub fn from_name(value: &str) -> Option<TestExecutionStatus> {
        match value {
            "SUCCEEDED" => Some(TestExecutionStatus::Succeeded),
            "FAILED" => Some(TestExecutionStatus::Failed),
            "RETRIABLE" => Some(TestExecutionStatus::Retriable),
            "CAUGHT_ERROR" => Some(TestExecutionStatus::CaughtError),
            _ => None,
        }
    }
}

impl std::fmt::Display for TestExecutionStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The `TestStateConfiguration` structure.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct TestStateConfiguration {
    #[serde(
        rename = "retrierRetryCount",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub retrier_retry_count: Option<i32>,
    #[serde(
        rename = "errorCausedByState",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub error_caused_by_state: Option<String>,
    #[serde(
        rename = "mapIterationFailureCount",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub map_iteration_failure_count: Option<i32>,
    #[serde(
        rename = "mapItemReaderData",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub map_item_reader_data: Option<String>,
}

/// The `TestStateInput` structure.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct TestStateInput {
    #[serde(rename = "definition")]
    pub definition: String,
    #[serde(rename = "roleArn", default, skip_serializing_if = "Option::is_none")]
    pub role_arn: Option<String>,
    #[serde(rename = "input", default, skip_serializing_if = "Option::is_none")]
    pub input: Option<String>,
    #[serde(
        rename = "inspectionLevel",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub inspection_level: Option<InspectionLevel>,
    #[serde(
        rename = "revealSecrets",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub reveal_secrets: Option<bool>,
    #[serde(rename = "variables", default, skip_serializing_if = "Option::is_none")]
    pub variables: Option<String>,
    #[serde(rename = "stateName", default, skip_serializing_if = "Option::is_none")]
    pub state_name: Option<String>,
    #[serde(rename = "mock", default, skip_serializing_if = "Option::is_none")]
    pub mock: Option<MockInput>,
    #[serde(rename = "context", default, skip_serializing_if = "Option::is_none")]
    pub context: Option<String>,
    #[serde(
        rename = "stateConfiguration",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub state_configuration: Option<TestStateConfiguration>,
}

/// The `TestStateOutput` structure.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct TestStateOutput {
    #[serde(rename = "output", default, skip_serializing_if = "Option::is_none")]
    pub output: Option<String>,
    #[serde(rename = "error", default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    #[serde(rename = "cause", default, skip_serializing_if = "Option::is_none")]
    pub cause: Option<String>,
    #[serde(
        rename = "inspectionData",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub inspection_data: Option<InspectionData>,
    #[serde(rename = "nextState", default, skip_serializing_if = "Option::is_none")]
    pub next_state: Option<String>,
    #[serde(rename = "status", default, skip_serializing_if = "Option::is_none")]
    pub status: Option<TestExecutionStatus>,
}

/// The `TracingConfiguration` structure.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct TracingConfiguration {
    #[serde(rename = "enabled", default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
}

/// The `UntagResourceInput` structure.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct UntagResourceInput {
    #[serde(rename = "resourceArn")]
    pub resource_arn: String,
    #[serde(rename = "tagKeys")]
    pub tag_keys: Vec<String>,
}

/// The `UntagResourceOutput` structure.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct UntagResourceOutput {}

/// The `UpdateMapRunInput` structure.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct UpdateMapRunInput {
    #[serde(rename = "mapRunArn")]
    pub map_run_arn: String,
    #[serde(
        rename = "maxConcurrency",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub max_concurrency: Option<i32>,
    #[serde(
        rename = "toleratedFailurePercentage",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub tolerated_failure_percentage: Option<f64>,
    #[serde(
        rename = "toleratedFailureCount",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub tolerated_failure_count: Option<i64>,
}

/// The `UpdateMapRunOutput` structure.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct UpdateMapRunOutput {}

/// The `UpdateStateMachineAliasInput` structure.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct UpdateStateMachineAliasInput {
    #[serde(rename = "stateMachineAliasArn")]
    pub state_machine_alias_arn: String,
    #[serde(
        rename = "description",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub description: Option<String>,
    #[serde(
        rename = "routingConfiguration",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub routing_configuration: Option<Vec<RoutingConfigurationListItem>>,
}

/// The `UpdateStateMachineAliasOutput` structure.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct UpdateStateMachineAliasOutput {
    #[serde(rename = "updateDate")]
    pub update_date: Timestamp,
}

/// The `UpdateStateMachineInput` structure.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct UpdateStateMachineInput {
    #[serde(rename = "stateMachineArn")]
    pub state_machine_arn: String,
    #[serde(
        rename = "definition",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub definition: Option<String>,
    #[serde(rename = "roleArn", default, skip_serializing_if = "Option::is_none")]
    pub role_arn: Option<String>,
    #[serde(
        rename = "loggingConfiguration",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub logging_configuration: Option<LoggingConfiguration>,
    #[serde(
        rename = "tracingConfiguration",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub tracing_configuration: Option<TracingConfiguration>,
    #[serde(rename = "publish", default, skip_serializing_if = "Option::is_none")]
    pub publish: Option<bool>,
    #[serde(
        rename = "versionDescription",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub version_description: Option<String>,
    #[serde(
        rename = "encryptionConfiguration",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub encryption_configuration: Option<EncryptionConfiguration>,
}

/// The `UpdateStateMachineOutput` structure.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct UpdateStateMachineOutput {
    #[serde(rename = "updateDate")]
    pub update_date: Timestamp,
    #[serde(
        rename = "revisionId",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub revision_id: Option<String>,
    #[serde(
        rename = "stateMachineVersionArn",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub state_machine_version_arn: Option<String>,
}

/// The `ValidateStateMachineDefinitionDiagnostic` structure.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ValidateStateMachineDefinitionDiagnostic {
    #[serde(rename = "severity")]
    pub severity: ValidateStateMachineDefinitionSeverity,
    #[serde(rename = "code")]
    pub code: String,
    #[serde(rename = "message")]
    pub message: String,
    #[serde(rename = "location", default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
}

/// The `ValidateStateMachineDefinitionInput` structure.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ValidateStateMachineDefinitionInput {
    #[serde(rename = "definition")]
    pub definition: String,
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub r#type: Option<StateMachineType>,
    #[serde(rename = "severity", default, skip_serializing_if = "Option::is_none")]
    pub severity: Option<ValidateStateMachineDefinitionSeverity>,
    #[serde(
        rename = "maxResults",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub max_results: Option<i32>,
}

/// The `ValidateStateMachineDefinitionOutput` structure.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ValidateStateMachineDefinitionOutput {
    #[serde(rename = "result")]
    pub result: ValidateStateMachineDefinitionResultCode,
    #[serde(rename = "diagnostics")]
    pub diagnostics: Vec<ValidateStateMachineDefinitionDiagnostic>,
    #[serde(rename = "truncated", default, skip_serializing_if = "Option::is_none")]
    pub truncated: Option<bool>,
}

/// The `ValidateStateMachineDefinitionResultCode` enum.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum ValidateStateMachineDefinitionResultCode {
    #[default]
    #[serde(rename = "OK")]
    Ok,
    #[serde(rename = "FAIL")]
    Fail,
}

impl ValidateStateMachineDefinitionResultCode {
    pub const ALL: [ValidateStateMachineDefinitionResultCode; 2] = [
        ValidateStateMachineDefinitionResultCode::Ok,
        ValidateStateMachineDefinitionResultCode::Fail,
    ];

    /// The value as it appears on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            ValidateStateMachineDefinitionResultCode::Ok => "OK",
            ValidateStateMachineDefinitionResultCode::Fail => "FAIL",
        }
    }

    /// The variant for a wire value.
    pub fn from_name(value: &str) -> Option<ValidateStateMachineDefinitionResultCode> {
        match value {
            "OK" => Some(ValidateStateMachineDefinitionResultCode::Ok),
            "FAIL" => Some(ValidateStateMachineDefinitionResultCode::Fail),
            _ => None,
        }
    }
}

impl std::fmt::Display for ValidateStateMachineDefinitionResultCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The `ValidateStateMachineDefinitionSeverity` enum.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum ValidateStateMachineDefinitionSeverity {
    #[default]
    #[serde(rename = "ERROR")]
    Error,
    #[serde(rename = "WARNING")]
    Warning,
}

impl ValidateStateMachineDefinitionSeverity {
    pub const ALL: [ValidateStateMachineDefinitionSeverity; 2] = [
        ValidateStateMachineDefinitionSeverity::Error,
        ValidateStateMachineDefinitionSeverity::Warning,
    ];

    /// The value as it appears on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            ValidateStateMachineDefinitionSeverity::Error => "ERROR",
            ValidateStateMachineDefinitionSeverity::Warning => "WARNING",
        }
    }

    /// The variant for a wire value.
    pub fn from_name(value: &str) -> Option<ValidateStateMachineDefinitionSeverity> {
        match value {
            "ERROR" => Some(ValidateStateMachineDefinitionSeverity::Error),
            "WARNING" => Some(ValidateStateMachineDefinitionSeverity::Warning),
            _ => None,
        }
    }
}

impl std::fmt::Display for ValidateStateMachineDefinitionSeverity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Reads `value` as the structure `shape` and writes it back (`None` for an unknown shape).
/// For tests: proves every structure survives serde unchanged.
#[doc(hidden)]
pub fn roundtrip_json(
    shape: &str,
    value: serde_json::Value,
) -> Option<Result<serde_json::Value, serde_json::Error>> {
    fn again<T: serde::de::DeserializeOwned + serde::Serialize>(
        value: serde_json::Value,
    ) -> Result<serde_json::Value, serde_json::Error> {
        serde_json::to_value(serde_json::from_value::<T>(value)?)
    }
    Some(match shape {
        "ActivityFailedEventDetails" => again::<ActivityFailedEventDetails>(value),
        "ActivityListItem" => again::<ActivityListItem>(value),
        "ActivityScheduleFailedEventDetails" => again::<ActivityScheduleFailedEventDetails>(value),
        "ActivityScheduledEventDetails" => again::<ActivityScheduledEventDetails>(value),
        "ActivityStartedEventDetails" => again::<ActivityStartedEventDetails>(value),
        "ActivitySucceededEventDetails" => again::<ActivitySucceededEventDetails>(value),
        "ActivityTimedOutEventDetails" => again::<ActivityTimedOutEventDetails>(value),
        "AssignedVariablesDetails" => again::<AssignedVariablesDetails>(value),
        "BillingDetails" => again::<BillingDetails>(value),
        "CloudWatchEventsExecutionDataDetails" => {
            again::<CloudWatchEventsExecutionDataDetails>(value)
        }
        "CloudWatchLogsLogGroup" => again::<CloudWatchLogsLogGroup>(value),
        "CreateActivityInput" => again::<CreateActivityInput>(value),
        "CreateActivityOutput" => again::<CreateActivityOutput>(value),
        "CreateStateMachineAliasInput" => again::<CreateStateMachineAliasInput>(value),
        "CreateStateMachineAliasOutput" => again::<CreateStateMachineAliasOutput>(value),
        "CreateStateMachineInput" => again::<CreateStateMachineInput>(value),
        "CreateStateMachineOutput" => again::<CreateStateMachineOutput>(value),
        "DeleteActivityInput" => again::<DeleteActivityInput>(value),
        "DeleteActivityOutput" => again::<DeleteActivityOutput>(value),
        "DeleteStateMachineAliasInput" => again::<DeleteStateMachineAliasInput>(value),
        "DeleteStateMachineAliasOutput" => again::<DeleteStateMachineAliasOutput>(value),
        "DeleteStateMachineInput" => again::<DeleteStateMachineInput>(value),
        "DeleteStateMachineOutput" => again::<DeleteStateMachineOutput>(value),
        "DeleteStateMachineVersionInput" => again::<DeleteStateMachineVersionInput>(value),
        "DeleteStateMachineVersionOutput" => again::<DeleteStateMachineVersionOutput>(value),
        "DescribeActivityInput" => again::<DescribeActivityInput>(value),
        "DescribeActivityOutput" => again::<DescribeActivityOutput>(value),
        "DescribeExecutionInput" => again::<DescribeExecutionInput>(value),
        "DescribeExecutionOutput" => again::<DescribeExecutionOutput>(value),
        "DescribeMapRunInput" => again::<DescribeMapRunInput>(value),
        "DescribeMapRunOutput" => again::<DescribeMapRunOutput>(value),
        "DescribeStateMachineAliasInput" => again::<DescribeStateMachineAliasInput>(value),
        "DescribeStateMachineAliasOutput" => again::<DescribeStateMachineAliasOutput>(value),
        "DescribeStateMachineForExecutionInput" => {
            again::<DescribeStateMachineForExecutionInput>(value)
        }
        "DescribeStateMachineForExecutionOutput" => {
            again::<DescribeStateMachineForExecutionOutput>(value)
        }
        "DescribeStateMachineInput" => again::<DescribeStateMachineInput>(value),
        "DescribeStateMachineOutput" => again::<DescribeStateMachineOutput>(value),
        "EncryptionConfiguration" => again::<EncryptionConfiguration>(value),
        "EvaluationFailedEventDetails" => again::<EvaluationFailedEventDetails>(value),
        "ExecutionAbortedEventDetails" => again::<ExecutionAbortedEventDetails>(value),
        "ExecutionFailedEventDetails" => again::<ExecutionFailedEventDetails>(value),
        "ExecutionListItem" => again::<ExecutionListItem>(value),
        "ExecutionRedrivenEventDetails" => again::<ExecutionRedrivenEventDetails>(value),
        "ExecutionStartedEventDetails" => again::<ExecutionStartedEventDetails>(value),
        "ExecutionSucceededEventDetails" => again::<ExecutionSucceededEventDetails>(value),
        "ExecutionTimedOutEventDetails" => again::<ExecutionTimedOutEventDetails>(value),
        "GetActivityTaskInput" => again::<GetActivityTaskInput>(value),
        "GetActivityTaskOutput" => again::<GetActivityTaskOutput>(value),
        "GetExecutionHistoryInput" => again::<GetExecutionHistoryInput>(value),
        "GetExecutionHistoryOutput" => again::<GetExecutionHistoryOutput>(value),
        "HistoryEvent" => again::<HistoryEvent>(value),
        "HistoryEventExecutionDataDetails" => again::<HistoryEventExecutionDataDetails>(value),
        "InspectionData" => again::<InspectionData>(value),
        "InspectionDataRequest" => again::<InspectionDataRequest>(value),
        "InspectionDataResponse" => again::<InspectionDataResponse>(value),
        "InspectionErrorDetails" => again::<InspectionErrorDetails>(value),
        "LambdaFunctionFailedEventDetails" => again::<LambdaFunctionFailedEventDetails>(value),
        "LambdaFunctionScheduleFailedEventDetails" => {
            again::<LambdaFunctionScheduleFailedEventDetails>(value)
        }
        "LambdaFunctionScheduledEventDetails" => {
            again::<LambdaFunctionScheduledEventDetails>(value)
        }
        "LambdaFunctionStartFailedEventDetails" => {
            again::<LambdaFunctionStartFailedEventDetails>(value)
        }
        "LambdaFunctionSucceededEventDetails" => {
            again::<LambdaFunctionSucceededEventDetails>(value)
        }
        "LambdaFunctionTimedOutEventDetails" => again::<LambdaFunctionTimedOutEventDetails>(value),
        "ListActivitiesInput" => again::<ListActivitiesInput>(value),
        "ListActivitiesOutput" => again::<ListActivitiesOutput>(value),
        "ListExecutionsInput" => again::<ListExecutionsInput>(value),
        "ListExecutionsOutput" => again::<ListExecutionsOutput>(value),
        "ListMapRunsInput" => again::<ListMapRunsInput>(value),
        "ListMapRunsOutput" => again::<ListMapRunsOutput>(value),
        "ListStateMachineAliasesInput" => again::<ListStateMachineAliasesInput>(value),
        "ListStateMachineAliasesOutput" => again::<ListStateMachineAliasesOutput>(value),
        "ListStateMachineVersionsInput" => again::<ListStateMachineVersionsInput>(value),
        "ListStateMachineVersionsOutput" => again::<ListStateMachineVersionsOutput>(value),
        "ListStateMachinesInput" => again::<ListStateMachinesInput>(value),
        "ListStateMachinesOutput" => again::<ListStateMachinesOutput>(value),
        "ListTagsForResourceInput" => again::<ListTagsForResourceInput>(value),
        "ListTagsForResourceOutput" => again::<ListTagsForResourceOutput>(value),
        "LogDestination" => again::<LogDestination>(value),
        "LoggingConfiguration" => again::<LoggingConfiguration>(value),
        "MapIterationEventDetails" => again::<MapIterationEventDetails>(value),
        "MapRunExecutionCounts" => again::<MapRunExecutionCounts>(value),
        "MapRunFailedEventDetails" => again::<MapRunFailedEventDetails>(value),
        "MapRunItemCounts" => again::<MapRunItemCounts>(value),
        "MapRunListItem" => again::<MapRunListItem>(value),
        "MapRunRedrivenEventDetails" => again::<MapRunRedrivenEventDetails>(value),
        "MapRunStartedEventDetails" => again::<MapRunStartedEventDetails>(value),
        "MapStateStartedEventDetails" => again::<MapStateStartedEventDetails>(value),
        "MockErrorOutput" => again::<MockErrorOutput>(value),
        "MockInput" => again::<MockInput>(value),
        "PublishStateMachineVersionInput" => again::<PublishStateMachineVersionInput>(value),
        "PublishStateMachineVersionOutput" => again::<PublishStateMachineVersionOutput>(value),
        "RedriveExecutionInput" => again::<RedriveExecutionInput>(value),
        "RedriveExecutionOutput" => again::<RedriveExecutionOutput>(value),
        "RoutingConfigurationListItem" => again::<RoutingConfigurationListItem>(value),
        "SendTaskFailureInput" => again::<SendTaskFailureInput>(value),
        "SendTaskFailureOutput" => again::<SendTaskFailureOutput>(value),
        "SendTaskHeartbeatInput" => again::<SendTaskHeartbeatInput>(value),
        "SendTaskHeartbeatOutput" => again::<SendTaskHeartbeatOutput>(value),
        "SendTaskSuccessInput" => again::<SendTaskSuccessInput>(value),
        "SendTaskSuccessOutput" => again::<SendTaskSuccessOutput>(value),
        "StartExecutionInput" => again::<StartExecutionInput>(value),
        "StartExecutionOutput" => again::<StartExecutionOutput>(value),
        "StartSyncExecutionInput" => again::<StartSyncExecutionInput>(value),
        "StartSyncExecutionOutput" => again::<StartSyncExecutionOutput>(value),
        "StateEnteredEventDetails" => again::<StateEnteredEventDetails>(value),
        "StateExitedEventDetails" => again::<StateExitedEventDetails>(value),
        "StateMachineAliasListItem" => again::<StateMachineAliasListItem>(value),
        "StateMachineListItem" => again::<StateMachineListItem>(value),
        "StateMachineVersionListItem" => again::<StateMachineVersionListItem>(value),
        "StopExecutionInput" => again::<StopExecutionInput>(value),
        "StopExecutionOutput" => again::<StopExecutionOutput>(value),
        "Tag" => again::<Tag>(value),
        "TagResourceInput" => again::<TagResourceInput>(value),
        "TagResourceOutput" => again::<TagResourceOutput>(value),
        "TaskCredentials" => again::<TaskCredentials>(value),
        "TaskFailedEventDetails" => again::<TaskFailedEventDetails>(value),
        "TaskScheduledEventDetails" => again::<TaskScheduledEventDetails>(value),
        "TaskStartFailedEventDetails" => again::<TaskStartFailedEventDetails>(value),
        "TaskStartedEventDetails" => again::<TaskStartedEventDetails>(value),
        "TaskSubmitFailedEventDetails" => again::<TaskSubmitFailedEventDetails>(value),
        "TaskSubmittedEventDetails" => again::<TaskSubmittedEventDetails>(value),
        "TaskSucceededEventDetails" => again::<TaskSucceededEventDetails>(value),
        "TaskTimedOutEventDetails" => again::<TaskTimedOutEventDetails>(value),
        "TestStateConfiguration" => again::<TestStateConfiguration>(value),
        "TestStateInput" => again::<TestStateInput>(value),
        "TestStateOutput" => again::<TestStateOutput>(value),
        "TracingConfiguration" => again::<TracingConfiguration>(value),
        "UntagResourceInput" => again::<UntagResourceInput>(value),
        "UntagResourceOutput" => again::<UntagResourceOutput>(value),
        "UpdateMapRunInput" => again::<UpdateMapRunInput>(value),
        "UpdateMapRunOutput" => again::<UpdateMapRunOutput>(value),
        "UpdateStateMachineAliasInput" => again::<UpdateStateMachineAliasInput>(value),
        "UpdateStateMachineAliasOutput" => again::<UpdateStateMachineAliasOutput>(value),
        "UpdateStateMachineInput" => again::<UpdateStateMachineInput>(value),
        "UpdateStateMachineOutput" => again::<UpdateStateMachineOutput>(value),
        "ValidateStateMachineDefinitionDiagnostic" => {
            again::<ValidateStateMachineDefinitionDiagnostic>(value)
        }
        "ValidateStateMachineDefinitionInput" => {
            again::<ValidateStateMachineDefinitionInput>(value)
        }
        "ValidateStateMachineDefinitionOutput" => {
            again::<ValidateStateMachineDefinitionOutput>(value)
        }
        _ => return None,
    })
}
