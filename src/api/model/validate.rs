//! Generated from ../shared/aws-model/stepfunctions-service-2.json (sha256 bfb8c218406d881b3f5287ff6c98d51b048dfae2622b45a7f7ba0a14729b36af). Do not edit.
//!
//! The constraints of every shape reachable from an operation's input, as data for the interpreter in `check.rs`.
//! Regenerate with `PASSO_CODEGEN_WRITE=1 cargo test --test codegen`.

use super::check::{MemberDef, ShapeDef, ShapeId, ShapeKind};
use super::operations::Operation;

pub use super::check::{validate_input, ValidationError};

/// Index of each shape in [`SHAPES`].
pub mod id {
    use super::ShapeId;

    pub const ALIAS_DESCRIPTION: ShapeId = ShapeId(0);
    pub const ARN: ShapeId = ShapeId(1);
    pub const CHARACTER_RESTRICTED_NAME: ShapeId = ShapeId(2);
    pub const CLIENT_TOKEN: ShapeId = ShapeId(3);
    pub const CLOUD_WATCH_LOGS_LOG_GROUP: ShapeId = ShapeId(4);
    pub const CREATE_ACTIVITY_INPUT: ShapeId = ShapeId(5);
    pub const CREATE_STATE_MACHINE_ALIAS_INPUT: ShapeId = ShapeId(6);
    pub const CREATE_STATE_MACHINE_INPUT: ShapeId = ShapeId(7);
    pub const DEFINITION: ShapeId = ShapeId(8);
    pub const DELETE_ACTIVITY_INPUT: ShapeId = ShapeId(9);
    pub const DELETE_STATE_MACHINE_ALIAS_INPUT: ShapeId = ShapeId(10);
    pub const DELETE_STATE_MACHINE_INPUT: ShapeId = ShapeId(11);
    pub const DELETE_STATE_MACHINE_VERSION_INPUT: ShapeId = ShapeId(12);
    pub const DESCRIBE_ACTIVITY_INPUT: ShapeId = ShapeId(13);
    pub const DESCRIBE_EXECUTION_INPUT: ShapeId = ShapeId(14);
    pub const DESCRIBE_MAP_RUN_INPUT: ShapeId = ShapeId(15);
    pub const DESCRIBE_STATE_MACHINE_ALIAS_INPUT: ShapeId = ShapeId(16);
    pub const DESCRIBE_STATE_MACHINE_FOR_EXECUTION_INPUT: ShapeId = ShapeId(17);
    pub const DESCRIBE_STATE_MACHINE_INPUT: ShapeId = ShapeId(18);
    pub const ENABLED: ShapeId = ShapeId(19);
    pub const ENCRYPTION_CONFIGURATION: ShapeId = ShapeId(20);
    pub const ENCRYPTION_TYPE: ShapeId = ShapeId(21);
    pub const EXECUTION_REDRIVE_FILTER: ShapeId = ShapeId(22);
    pub const EXECUTION_STATUS: ShapeId = ShapeId(23);
    pub const GET_ACTIVITY_TASK_INPUT: ShapeId = ShapeId(24);
    pub const GET_EXECUTION_HISTORY_INPUT: ShapeId = ShapeId(25);
    pub const INCLUDE_EXECUTION_DATA: ShapeId = ShapeId(26);
    pub const INCLUDE_EXECUTION_DATA_GET_EXECUTION_HISTORY: ShapeId = ShapeId(27);
    pub const INCLUDED_DATA: ShapeId = ShapeId(28);
    pub const INSPECTION_LEVEL: ShapeId = ShapeId(29);
    pub const KMS_DATA_KEY_REUSE_PERIOD_SECONDS: ShapeId = ShapeId(30);
    pub const KMS_KEY_ID: ShapeId = ShapeId(31);
    pub const LIST_ACTIVITIES_INPUT: ShapeId = ShapeId(32);
    pub const LIST_EXECUTIONS_INPUT: ShapeId = ShapeId(33);
    pub const LIST_EXECUTIONS_PAGE_TOKEN: ShapeId = ShapeId(34);
    pub const LIST_MAP_RUNS_INPUT: ShapeId = ShapeId(35);
    pub const LIST_STATE_MACHINE_ALIASES_INPUT: ShapeId = ShapeId(36);
    pub const LIST_STATE_MACHINE_VERSIONS_INPUT: ShapeId = ShapeId(37);
    pub const LIST_STATE_MACHINES_INPUT: ShapeId = ShapeId(38);
    pub const LIST_TAGS_FOR_RESOURCE_INPUT: ShapeId = ShapeId(39);
    pub const LOG_DESTINATION: ShapeId = ShapeId(40);
    pub const LOG_DESTINATION_LIST: ShapeId = ShapeId(41);
    pub const LOG_LEVEL: ShapeId = ShapeId(42);
    pub const LOGGING_CONFIGURATION: ShapeId = ShapeId(43);
    pub const LONG_ARN: ShapeId = ShapeId(44);
    pub const MAP_ITERATION_FAILURE_COUNT: ShapeId = ShapeId(45);
    pub const MAX_CONCURRENCY: ShapeId = ShapeId(46);
    pub const MOCK_ERROR_OUTPUT: ShapeId = ShapeId(47);
    pub const MOCK_INPUT: ShapeId = ShapeId(48);
    pub const MOCK_RESPONSE_VALIDATION_MODE: ShapeId = ShapeId(49);
    pub const NAME: ShapeId = ShapeId(50);
    pub const PAGE_SIZE: ShapeId = ShapeId(51);
    pub const PAGE_TOKEN: ShapeId = ShapeId(52);
    pub const PUBLISH: ShapeId = ShapeId(53);
    pub const PUBLISH_STATE_MACHINE_VERSION_INPUT: ShapeId = ShapeId(54);
    pub const REDRIVE_EXECUTION_INPUT: ShapeId = ShapeId(55);
    pub const RETRIER_RETRY_COUNT: ShapeId = ShapeId(56);
    pub const REVEAL_SECRETS: ShapeId = ShapeId(57);
    pub const REVERSE_ORDER: ShapeId = ShapeId(58);
    pub const REVISION_ID: ShapeId = ShapeId(59);
    pub const ROUTING_CONFIGURATION_LIST: ShapeId = ShapeId(60);
    pub const ROUTING_CONFIGURATION_LIST_ITEM: ShapeId = ShapeId(61);
    pub const SEND_TASK_FAILURE_INPUT: ShapeId = ShapeId(62);
    pub const SEND_TASK_HEARTBEAT_INPUT: ShapeId = ShapeId(63);
    pub const SEND_TASK_SUCCESS_INPUT: ShapeId = ShapeId(64);
    pub const SENSITIVE_CAUSE: ShapeId = ShapeId(65);
    pub const SENSITIVE_DATA: ShapeId = ShapeId(66);
    pub const SENSITIVE_ERROR: ShapeId = ShapeId(67);
    pub const START_EXECUTION_INPUT: ShapeId = ShapeId(68);
    pub const START_SYNC_EXECUTION_INPUT: ShapeId = ShapeId(69);
    pub const STATE_MACHINE_TYPE: ShapeId = ShapeId(70);
    pub const STOP_EXECUTION_INPUT: ShapeId = ShapeId(71);
    pub const TAG: ShapeId = ShapeId(72);
    pub const TAG_KEY: ShapeId = ShapeId(73);
    pub const TAG_KEY_LIST: ShapeId = ShapeId(74);
    pub const TAG_LIST: ShapeId = ShapeId(75);
    pub const TAG_RESOURCE_INPUT: ShapeId = ShapeId(76);
    pub const TAG_VALUE: ShapeId = ShapeId(77);
    pub const TASK_TOKEN: ShapeId = ShapeId(78);
    pub const TEST_STATE_CONFIGURATION: ShapeId = ShapeId(79);
    pub const TEST_STATE_INPUT: ShapeId = ShapeId(80);
    pub const TEST_STATE_STATE_NAME: ShapeId = ShapeId(81);
    pub const TOLERATED_FAILURE_COUNT: ShapeId = ShapeId(82);
    pub const TOLERATED_FAILURE_PERCENTAGE: ShapeId = ShapeId(83);
    pub const TRACE_HEADER: ShapeId = ShapeId(84);
    pub const TRACING_CONFIGURATION: ShapeId = ShapeId(85);
    pub const UNTAG_RESOURCE_INPUT: ShapeId = ShapeId(86);
    pub const UPDATE_MAP_RUN_INPUT: ShapeId = ShapeId(87);
    pub const UPDATE_STATE_MACHINE_ALIAS_INPUT: ShapeId = ShapeId(88);
    pub const UPDATE_STATE_MACHINE_INPUT: ShapeId = ShapeId(89);
    pub const VALIDATE_STATE_MACHINE_DEFINITION_INPUT: ShapeId = ShapeId(90);
    pub const VALIDATE_STATE_MACHINE_DEFINITION_MAX_RESULT: ShapeId = ShapeId(91);
    pub const VALIDATE_STATE_MACHINE_DEFINITION_SEVERITY: ShapeId = ShapeId(92);
    pub const VERSION_DESCRIPTION: ShapeId = ShapeId(93);
    pub const VERSION_WEIGHT: ShapeId = ShapeId(94);
}

/// Every input shape with its constraints, in model order.
pub static SHAPES: [ShapeDef; 95] = [
    ShapeDef {
        name: "AliasDescription",
        sensitive: true,
        kind: ShapeKind::String {
            min: None,
            max: Some(256),
            pattern: None,
            enum_values: None,
        },
    },
    ShapeDef {
        name: "Arn",
        sensitive: false,
        kind: ShapeKind::String {
            min: Some(1),
            max: Some(256),
            pattern: None,
            enum_values: None,
        },
    },
    ShapeDef {
        name: "CharacterRestrictedName",
        sensitive: false,
        kind: ShapeKind::String {
            min: Some(1),
            max: Some(80),
            pattern: Some("^(?=.*[a-zA-Z_\\-\\.])[a-zA-Z0-9_\\-\\.]+$"),
            enum_values: None,
        },
    },
    ShapeDef {
        name: "ClientToken",
        sensitive: false,
        kind: ShapeKind::String {
            min: Some(1),
            max: Some(64),
            pattern: Some("[!-~]+"),
            enum_values: None,
        },
    },
    ShapeDef {
        name: "CloudWatchLogsLogGroup",
        sensitive: false,
        kind: ShapeKind::Structure {
            members: &[MemberDef {
                name: "logGroupArn",
                shape: id::ARN,
                required: false,
            }],
        },
    },
    ShapeDef {
        name: "CreateActivityInput",
        sensitive: false,
        kind: ShapeKind::Structure {
            members: &[
                MemberDef {
                    name: "name",
                    shape: id::NAME,
                    required: true,
                },
                MemberDef {
                    name: "tags",
                    shape: id::TAG_LIST,
                    required: false,
                },
                MemberDef {
                    name: "encryptionConfiguration",
                    shape: id::ENCRYPTION_CONFIGURATION,
                    required: false,
                },
            ],
        },
    },
    ShapeDef {
        name: "CreateStateMachineAliasInput",
        sensitive: false,
        kind: ShapeKind::Structure {
            members: &[
                MemberDef {
                    name: "description",
                    shape: id::ALIAS_DESCRIPTION,
                    required: false,
                },
                MemberDef {
                    name: "name",
                    shape: id::CHARACTER_RESTRICTED_NAME,
                    required: true,
                },
                MemberDef {
                    name: "routingConfiguration",
                    shape: id::ROUTING_CONFIGURATION_LIST,
                    required: true,
                },
            ],
        },
    },
    ShapeDef {
        name: "CreateStateMachineInput",
        sensitive: false,
        kind: ShapeKind::Structure {
            members: &[
                MemberDef {
                    name: "name",
                    shape: id::NAME,
                    required: true,
                },
                MemberDef {
                    name: "definition",
                    shape: id::DEFINITION,
                    required: true,
                },
                MemberDef {
                    name: "roleArn",
                    shape: id::ARN,
                    required: true,
                },
                MemberDef {
                    name: "type",
                    shape: id::STATE_MACHINE_TYPE,
                    required: false,
                },
                MemberDef {
                    name: "loggingConfiguration",
                    shape: id::LOGGING_CONFIGURATION,
                    required: false,
                },
                MemberDef {
                    name: "tags",
                    shape: id::TAG_LIST,
                    required: false,
                },
                MemberDef {
                    name: "tracingConfiguration",
                    shape: id::TRACING_CONFIGURATION,
                    required: false,
                },
                MemberDef {
                    name: "publish",
                    shape: id::PUBLISH,
                    required: false,
                },
                MemberDef {
                    name: "versionDescription",
                    shape: id::VERSION_DESCRIPTION,
                    required: false,
                },
                MemberDef {
                    name: "encryptionConfiguration",
                    shape: id::ENCRYPTION_CONFIGURATION,
                    required: false,
                },
            ],
        },
    },
    ShapeDef {
        name: "Definition",
        sensitive: true,
        kind: ShapeKind::String {
            min: Some(1),
            max: Some(1048576),
            pattern: None,
            enum_values: None,
        },
    },
    ShapeDef {
        name: "DeleteActivityInput",
        sensitive: false,
        kind: ShapeKind::Structure {
            members: &[MemberDef {
                name: "activityArn",
                shape: id::ARN,
                required: true,
            }],
        },
    },
    ShapeDef {
        name: "DeleteStateMachineAliasInput",
        sensitive: false,
        kind: ShapeKind::Structure {
            members: &[MemberDef {
                name: "stateMachineAliasArn",
                shape: id::ARN,
                required: true,
            }],
        },
    },
    ShapeDef {
        name: "DeleteStateMachineInput",
        sensitive: false,
        kind: ShapeKind::Structure {
            members: &[MemberDef {
                name: "stateMachineArn",
                shape: id::ARN,
                required: true,
            }],
        },
    },
    ShapeDef {
        name: "DeleteStateMachineVersionInput",
        sensitive: false,
        kind: ShapeKind::Structure {
            members: &[MemberDef {
                name: "stateMachineVersionArn",
                shape: id::LONG_ARN,
                required: true,
            }],
        },
    },
    ShapeDef {
        name: "DescribeActivityInput",
        sensitive: false,
        kind: ShapeKind::Structure {
            members: &[MemberDef {
                name: "activityArn",
                shape: id::ARN,
                required: true,
            }],
        },
    },
    ShapeDef {
        name: "DescribeExecutionInput",
        sensitive: false,
        kind: ShapeKind::Structure {
            members: &[
                MemberDef {
                    name: "executionArn",
                    shape: id::ARN,
                    required: true,
                },
                MemberDef {
                    name: "includedData",
                    shape: id::INCLUDED_DATA,
                    required: false,
                },
            ],
        },
    },
    ShapeDef {
        name: "DescribeMapRunInput",
        sensitive: false,
        kind: ShapeKind::Structure {
            members: &[MemberDef {
                name: "mapRunArn",
                shape: id::LONG_ARN,
                required: true,
            }],
        },
    },
    ShapeDef {
        name: "DescribeStateMachineAliasInput",
        sensitive: false,
        kind: ShapeKind::Structure {
            members: &[MemberDef {
                name: "stateMachineAliasArn",
                shape: id::ARN,
                required: true,
            }],
        },
    },
    ShapeDef {
        name: "DescribeStateMachineForExecutionInput",
        sensitive: false,
        kind: ShapeKind::Structure {
            members: &[
                MemberDef {
                    name: "executionArn",
                    shape: id::ARN,
                    required: true,
                },
                MemberDef {
                    name: "includedData",
                    shape: id::INCLUDED_DATA,
                    required: false,
                },
            ],
        },
    },
    ShapeDef {
        name: "DescribeStateMachineInput",
        sensitive: false,
        kind: ShapeKind::Structure {
            members: &[
                MemberDef {
                    name: "stateMachineArn",
                    shape: id::ARN,
                    required: true,
                },
                MemberDef {
                    name: "includedData",
                    shape: id::INCLUDED_DATA,
                    required: false,
                },
            ],
        },
    },
    ShapeDef {
        name: "Enabled",
        sensitive: false,
        kind: ShapeKind::Boolean,
    },
    ShapeDef {
        name: "EncryptionConfiguration",
        sensitive: false,
        kind: ShapeKind::Structure {
            members: &[
                MemberDef {
                    name: "kmsKeyId",
                    shape: id::KMS_KEY_ID,
                    required: false,
                },
                MemberDef {
                    name: "kmsDataKeyReusePeriodSeconds",
                    shape: id::KMS_DATA_KEY_REUSE_PERIOD_SECONDS,
                    required: false,
                },
                MemberDef {
                    name: "type",
                    shape: id::ENCRYPTION_TYPE,
                    required: true,
                },
            ],
        },
    },
    ShapeDef {
        name: "EncryptionType",
        sensitive: false,
        kind: ShapeKind::String {
            min: None,
            max: None,
            pattern: None,
            enum_values: Some(&["AWS_OWNED_KEY", "CUSTOMER_MANAGED_KMS_KEY"]),
        },
    },
    ShapeDef {
        name: "ExecutionRedriveFilter",
        sensitive: false,
        kind: ShapeKind::String {
            min: None,
            max: None,
            pattern: None,
            enum_values: Some(&["REDRIVEN", "NOT_REDRIVEN"]),
        },
    },
    ShapeDef {
        name: "ExecutionStatus",
        sensitive: false,
        kind: ShapeKind::String {
            min: None,
            max: None,
            pattern: None,
            enum_values: Some(&[
                "RUNNING",
                "SUCCEEDED",
                "FAILED",
                "TIMED_OUT",
                "ABORTED",
                "PENDING_REDRIVE",
            ]),
        },
    },
    ShapeDef {
        name: "GetActivityTaskInput",
        sensitive: false,
        kind: ShapeKind::Structure {
            members: &[
                MemberDef {
                    name: "activityArn",
                    shape: id::ARN,
                    required: true,
                },
                MemberDef {
                    name: "workerName",
                    shape: id::NAME,
                    required: false,
                },
            ],
        },
    },
    ShapeDef {
        name: "GetExecutionHistoryInput",
        sensitive: false,
        kind: ShapeKind::Structure {
            members: &[
                MemberDef {
                    name: "executionArn",
                    shape: id::ARN,
                    required: true,
                },
                MemberDef {
                    name: "maxResults",
                    shape: id::PAGE_SIZE,
                    required: false,
                },
                MemberDef {
                    name: "reverseOrder",
                    shape: id::REVERSE_ORDER,
                    required: false,
                },
                MemberDef {
                    name: "nextToken",
                    shape: id::PAGE_TOKEN,
                    required: false,
                },
                MemberDef {
                    name: "includeExecutionData",
                    shape: id::INCLUDE_EXECUTION_DATA_GET_EXECUTION_HISTORY,
                    required: false,
                },
            ],
        },
    },
    ShapeDef {
        name: "IncludeExecutionData",
        sensitive: false,
        kind: ShapeKind::Boolean,
    },
    ShapeDef {
        name: "IncludeExecutionDataGetExecutionHistory",
        sensitive: false,
        kind: ShapeKind::Boolean,
    },
    ShapeDef {
        name: "IncludedData",
        sensitive: false,
        kind: ShapeKind::String {
            min: None,
            max: None,
            pattern: None,
            enum_values: Some(&["ALL_DATA", "METADATA_ONLY"]),
        },
    },
    ShapeDef {
        name: "InspectionLevel",
        sensitive: false,
        kind: ShapeKind::String {
            min: None,
            max: None,
            pattern: None,
            enum_values: Some(&["INFO", "DEBUG", "TRACE"]),
        },
    },
    ShapeDef {
        name: "KmsDataKeyReusePeriodSeconds",
        sensitive: false,
        kind: ShapeKind::Integer {
            min: Some(60),
            max: Some(900),
        },
    },
    ShapeDef {
        name: "KmsKeyId",
        sensitive: false,
        kind: ShapeKind::String {
            min: Some(1),
            max: Some(2048),
            pattern: None,
            enum_values: None,
        },
    },
    ShapeDef {
        name: "ListActivitiesInput",
        sensitive: false,
        kind: ShapeKind::Structure {
            members: &[
                MemberDef {
                    name: "maxResults",
                    shape: id::PAGE_SIZE,
                    required: false,
                },
                MemberDef {
                    name: "nextToken",
                    shape: id::PAGE_TOKEN,
                    required: false,
                },
            ],
        },
    },
    ShapeDef {
        name: "ListExecutionsInput",
        sensitive: false,
        kind: ShapeKind::Structure {
            members: &[
                MemberDef {
                    name: "stateMachineArn",
                    shape: id::ARN,
                    required: false,
                },
                MemberDef {
                    name: "statusFilter",
                    shape: id::EXECUTION_STATUS,
                    required: false,
                },
                MemberDef {
                    name: "maxResults",
                    shape: id::PAGE_SIZE,
                    required: false,
                },
                MemberDef {
                    name: "nextToken",
                    shape: id::LIST_EXECUTIONS_PAGE_TOKEN,
                    required: false,
                },
                MemberDef {
                    name: "mapRunArn",
                    shape: id::LONG_ARN,
                    required: false,
                },
                MemberDef {
                    name: "redriveFilter",
                    shape: id::EXECUTION_REDRIVE_FILTER,
                    required: false,
                },
            ],
        },
    },
    ShapeDef {
        name: "ListExecutionsPageToken",
        sensitive: false,
        kind: ShapeKind::String {
            min: Some(1),
            max: Some(3096),
            pattern: None,
            enum_values: None,
        },
    },
    ShapeDef {
        name: "ListMapRunsInput",
        sensitive: false,
        kind: ShapeKind::Structure {
            members: &[
                MemberDef {
                    name: "executionArn",
                    shape: id::ARN,
                    required: true,
                },
                MemberDef {
                    name: "maxResults",
                    shape: id::PAGE_SIZE,
                    required: false,
                },
                MemberDef {
                    name: "nextToken",
                    shape: id::PAGE_TOKEN,
                    required: false,
                },
            ],
        },
    },
    ShapeDef {
        name: "ListStateMachineAliasesInput",
        sensitive: false,
        kind: ShapeKind::Structure {
            members: &[
                MemberDef {
                    name: "stateMachineArn",
                    shape: id::ARN,
                    required: true,
                },
                MemberDef {
                    name: "nextToken",
                    shape: id::PAGE_TOKEN,
                    required: false,
                },
                MemberDef {
                    name: "maxResults",
                    shape: id::PAGE_SIZE,
                    required: false,
                },
            ],
        },
    },
    ShapeDef {
        name: "ListStateMachineVersionsInput",
        sensitive: false,
        kind: ShapeKind::Structure {
            members: &[
                MemberDef {
                    name: "stateMachineArn",
                    shape: id::ARN,
                    required: true,
                },
                MemberDef {
                    name: "nextToken",
                    shape: id::PAGE_TOKEN,
                    required: false,
                },
                MemberDef {
                    name: "maxResults",
                    shape: id::PAGE_SIZE,
                    required: false,
                },
            ],
        },
    },
    ShapeDef {
        name: "ListStateMachinesInput",
        sensitive: false,
        kind: ShapeKind::Structure {
            members: &[
                MemberDef {
                    name: "maxResults",
                    shape: id::PAGE_SIZE,
                    required: false,
                },
                MemberDef {
                    name: "nextToken",
                    shape: id::PAGE_TOKEN,
                    required: false,
                },
            ],
        },
    },
    ShapeDef {
        name: "ListTagsForResourceInput",
        sensitive: false,
        kind: ShapeKind::Structure {
            members: &[MemberDef {
                name: "resourceArn",
                shape: id::ARN,
                required: true,
            }],
        },
    },
    ShapeDef {
        name: "LogDestination",
        sensitive: false,
        kind: ShapeKind::Structure {
            members: &[MemberDef {
                name: "cloudWatchLogsLogGroup",
                shape: id::CLOUD_WATCH_LOGS_LOG_GROUP,
                required: false,
            }],
        },
    },
    ShapeDef {
        name: "LogDestinationList",
        sensitive: false,
        kind: ShapeKind::List {
            member: id::LOG_DESTINATION,
            min: None,
            max: None,
        },
    },
    ShapeDef {
        name: "LogLevel",
        sensitive: false,
        kind: ShapeKind::String {
            min: None,
            max: None,
            pattern: None,
            enum_values: Some(&["ALL", "ERROR", "FATAL", "OFF"]),
        },
    },
    ShapeDef {
        name: "LoggingConfiguration",
        sensitive: false,
        kind: ShapeKind::Structure {
            members: &[
                MemberDef {
                    name: "level",
                    shape: id::LOG_LEVEL,
                    required: false,
                },
                MemberDef {
                    name: "includeExecutionData",
                    shape: id::INCLUDE_EXECUTION_DATA,
                    required: false,
                },
                MemberDef {
                    name: "destinations",
                    shape: id::LOG_DESTINATION_LIST,
                    required: false,
                },
            ],
        },
    },
    ShapeDef {
        name: "LongArn",
        sensitive: false,
        kind: ShapeKind::String {
            min: Some(1),
            max: Some(2000),
            pattern: None,
            enum_values: None,
        },
    },
    ShapeDef {
        name: "MapIterationFailureCount",
        sensitive: false,
        kind: ShapeKind::Integer {
            min: Some(0),
            max: None,
        },
    },
    ShapeDef {
        name: "MaxConcurrency",
        sensitive: false,
        kind: ShapeKind::Integer {
            min: Some(0),
            max: None,
        },
    },
    ShapeDef {
        name: "MockErrorOutput",
        sensitive: false,
        kind: ShapeKind::Structure {
            members: &[
                MemberDef {
                    name: "error",
                    shape: id::SENSITIVE_ERROR,
                    required: false,
                },
                MemberDef {
                    name: "cause",
                    shape: id::SENSITIVE_CAUSE,
                    required: false,
                },
            ],
        },
    },
    ShapeDef {
        name: "MockInput",
        sensitive: false,
        kind: ShapeKind::Structure {
            members: &[
                MemberDef {
                    name: "result",
                    shape: id::SENSITIVE_DATA,
                    required: false,
                },
                MemberDef {
                    name: "errorOutput",
                    shape: id::MOCK_ERROR_OUTPUT,
                    required: false,
                },
                MemberDef {
                    name: "fieldValidationMode",
                    shape: id::MOCK_RESPONSE_VALIDATION_MODE,
                    required: false,
                },
            ],
        },
    },
    ShapeDef {
        name: "MockResponseValidationMode",
        sensitive: false,
        kind: ShapeKind::String {
            min: None,
            max: None,
            pattern: None,
            enum_values: Some(&["STRICT", "PRESENT", "NONE"]),
        },
    },
    ShapeDef {
        name: "Name",
        sensitive: false,
        kind: ShapeKind::String {
            min: Some(1),
            max: Some(80),
            pattern: None,
            enum_values: None,
        },
    },
    ShapeDef {
        name: "PageSize",
        sensitive: false,
        kind: ShapeKind::Integer {
            min: Some(0),
            max: Some(1000),
        },
    },
    ShapeDef {
        name: "PageToken",
        sensitive: false,
        kind: ShapeKind::String {
            min: Some(1),
            max: Some(1024),
            pattern: None,
            enum_values: None,
        },
    },
    ShapeDef {
        name: "Publish",
        sensitive: false,
        kind: ShapeKind::Boolean,
    },
    ShapeDef {
        name: "PublishStateMachineVersionInput",
        sensitive: false,
        kind: ShapeKind::Structure {
            members: &[
                MemberDef {
                    name: "stateMachineArn",
                    shape: id::ARN,
                    required: true,
                },
                MemberDef {
                    name: "revisionId",
                    shape: id::REVISION_ID,
                    required: false,
                },
                MemberDef {
                    name: "description",
                    shape: id::VERSION_DESCRIPTION,
                    required: false,
                },
            ],
        },
    },
    ShapeDef {
        name: "RedriveExecutionInput",
        sensitive: false,
        kind: ShapeKind::Structure {
            members: &[
                MemberDef {
                    name: "executionArn",
                    shape: id::ARN,
                    required: true,
                },
                MemberDef {
                    name: "clientToken",
                    shape: id::CLIENT_TOKEN,
                    required: false,
                },
            ],
        },
    },
    ShapeDef {
        name: "RetrierRetryCount",
        sensitive: false,
        kind: ShapeKind::Integer {
            min: Some(0),
            max: None,
        },
    },
    ShapeDef {
        name: "RevealSecrets",
        sensitive: false,
        kind: ShapeKind::Boolean,
    },
    ShapeDef {
        name: "ReverseOrder",
        sensitive: false,
        kind: ShapeKind::Boolean,
    },
    ShapeDef {
        name: "RevisionId",
        sensitive: false,
        kind: ShapeKind::String {
            min: None,
            max: None,
            pattern: None,
            enum_values: None,
        },
    },
    ShapeDef {
        name: "RoutingConfigurationList",
        sensitive: false,
        kind: ShapeKind::List {
            member: id::ROUTING_CONFIGURATION_LIST_ITEM,
            min: Some(1),
            max: Some(2),
        },
    },
    ShapeDef {
        name: "RoutingConfigurationListItem",
        sensitive: false,
        kind: ShapeKind::Structure {
            members: &[
                MemberDef {
                    name: "stateMachineVersionArn",
                    shape: id::ARN,
                    required: true,
                },
                MemberDef {
                    name: "weight",
                    shape: id::VERSION_WEIGHT,
                    required: true,
                },
            ],
        },
    },
    ShapeDef {
        name: "SendTaskFailureInput",
        sensitive: false,
        kind: ShapeKind::Structure {
            members: &[
                MemberDef {
                    name: "taskToken",
                    shape: id::TASK_TOKEN,
                    required: true,
                },
                MemberDef {
                    name: "error",
                    shape: id::SENSITIVE_ERROR,
                    required: false,
                },
                MemberDef {
                    name: "cause",
                    shape: id::SENSITIVE_CAUSE,
                    required: false,
                },
            ],
        },
    },
    ShapeDef {
        name: "SendTaskHeartbeatInput",
        sensitive: false,
        kind: ShapeKind::Structure {
            members: &[MemberDef {
                name: "taskToken",
                shape: id::TASK_TOKEN,
                required: true,
            }],
        },
    },
    ShapeDef {
        name: "SendTaskSuccessInput",
        sensitive: false,
        kind: ShapeKind::Structure {
            members: &[
                MemberDef {
                    name: "taskToken",
                    shape: id::TASK_TOKEN,
                    required: true,
                },
                MemberDef {
                    name: "output",
                    shape: id::SENSITIVE_DATA,
                    required: true,
                },
            ],
        },
    },
    ShapeDef {
        name: "SensitiveCause",
        sensitive: true,
        kind: ShapeKind::String {
            min: Some(0),
            max: Some(32768),
            pattern: None,
            enum_values: None,
        },
    },
    ShapeDef {
        name: "SensitiveData",
        sensitive: true,
        kind: ShapeKind::String {
            min: None,
            max: Some(262144),
            pattern: None,
            enum_values: None,
        },
    },
    ShapeDef {
        name: "SensitiveError",
        sensitive: true,
        kind: ShapeKind::String {
            min: Some(0),
            max: Some(256),
            pattern: None,
            enum_values: None,
        },
    },
    ShapeDef {
        name: "StartExecutionInput",
        sensitive: false,
        kind: ShapeKind::Structure {
            members: &[
                MemberDef {
                    name: "stateMachineArn",
                    shape: id::ARN,
                    required: true,
                },
                MemberDef {
                    name: "name",
                    shape: id::NAME,
                    required: false,
                },
                MemberDef {
                    name: "input",
                    shape: id::SENSITIVE_DATA,
                    required: false,
                },
                MemberDef {
                    name: "traceHeader",
                    shape: id::TRACE_HEADER,
                    required: false,
                },
            ],
        },
    },
    ShapeDef {
        name: "StartSyncExecutionInput",
        sensitive: false,
        kind: ShapeKind::Structure {
            members: &[
                MemberDef {
                    name: "stateMachineArn",
                    shape: id::ARN,
                    required: true,
                },
                MemberDef {
                    name: "name",
                    shape: id::NAME,
                    required: false,
                },
                MemberDef {
                    name: "input",
                    shape: id::SENSITIVE_DATA,
                    required: false,
                },
                MemberDef {
                    name: "traceHeader",
                    shape: id::TRACE_HEADER,
                    required: false,
                },
                MemberDef {
                    name: "includedData",
                    shape: id::INCLUDED_DATA,
                    required: false,
                },
            ],
        },
    },
    ShapeDef {
        name: "StateMachineType",
        sensitive: false,
        kind: ShapeKind::String {
            min: None,
            max: None,
            pattern: None,
            enum_values: Some(&["STANDARD", "EXPRESS"]),
        },
    },
    ShapeDef {
        name: "StopExecutionInput",
        sensitive: false,
        kind: ShapeKind::Structure {
            members: &[
                MemberDef {
                    name: "executionArn",
                    shape: id::ARN,
                    required: true,
                },
                MemberDef {
                    name: "error",
                    shape: id::SENSITIVE_ERROR,
                    required: false,
                },
                MemberDef {
                    name: "cause",
                    shape: id::SENSITIVE_CAUSE,
                    required: false,
                },
            ],
        },
    },
    ShapeDef {
        name: "Tag",
        sensitive: false,
        kind: ShapeKind::Structure {
            members: &[
                MemberDef {
                    name: "key",
                    shape: id::TAG_KEY,
                    required: false,
                },
                MemberDef {
                    name: "value",
                    shape: id::TAG_VALUE,
                    required: false,
                },
            ],
        },
    },
    ShapeDef {
        name: "TagKey",
        sensitive: false,
        kind: ShapeKind::String {
            min: Some(1),
            max: Some(128),
            pattern: None,
            enum_values: None,
        },
    },
    ShapeDef {
        name: "TagKeyList",
        sensitive: false,
        kind: ShapeKind::List {
            member: id::TAG_KEY,
            min: None,
            max: None,
        },
    },
    ShapeDef {
        name: "TagList",
        sensitive: false,
        kind: ShapeKind::List {
            member: id::TAG,
            min: None,
            max: None,
        },
    },
    ShapeDef {
        name: "TagResourceInput",
        sensitive: false,
        kind: ShapeKind::Structure {
            members: &[
                MemberDef {
                    name: "resourceArn",
                    shape: id::ARN,
                    required: true,
                },
                MemberDef {
                    name: "tags",
                    shape: id::TAG_LIST,
                    required: true,
                },
            ],
        },
    },
    ShapeDef {
        name: "TagValue",
        sensitive: false,
        kind: ShapeKind::String {
            min: Some(0),
            max: Some(256),
            pattern: None,
            enum_values: None,
        },
    },
    ShapeDef {
        name: "TaskToken",
        sensitive: false,
        kind: ShapeKind::String {
            min: Some(1),
            max: Some(2048),
            pattern: None,
            enum_values: None,
        },
    },
    ShapeDef {
        name: "TestStateConfiguration",
        sensitive: false,
        kind: ShapeKind::Structure {
            members: &[
                MemberDef {
                    name: "retrierRetryCount",
                    shape: id::RETRIER_RETRY_COUNT,
                    required: false,
                },
                MemberDef {
                    name: "errorCausedByState",
                    shape: id::TEST_STATE_STATE_NAME,
                    required: false,
                },
                MemberDef {
                    name: "mapIterationFailureCount",
                    shape: id::MAP_ITERATION_FAILURE_COUNT,
                    required: false,
                },
                MemberDef {
                    name: "mapItemReaderData",
                    shape: id::SENSITIVE_DATA,
                    required: false,
                },
            ],
        },
    },
    ShapeDef {
        name: "TestStateInput",
        sensitive: false,
        kind: ShapeKind::Structure {
            members: &[
                MemberDef {
                    name: "definition",
                    shape: id::DEFINITION,
                    required: true,
                },
                MemberDef {
                    name: "roleArn",
                    shape: id::ARN,
                    required: false,
                },
                MemberDef {
                    name: "input",
                    shape: id::SENSITIVE_DATA,
                    required: false,
                },
                MemberDef {
                    name: "inspectionLevel",
                    shape: id::INSPECTION_LEVEL,
                    required: false,
                },
                MemberDef {
                    name: "revealSecrets",
                    shape: id::REVEAL_SECRETS,
                    required: false,
                },
                MemberDef {
                    name: "variables",
                    shape: id::SENSITIVE_DATA,
                    required: false,
                },
                MemberDef {
                    name: "stateName",
                    shape: id::TEST_STATE_STATE_NAME,
                    required: false,
                },
                MemberDef {
                    name: "mock",
                    shape: id::MOCK_INPUT,
                    required: false,
                },
                MemberDef {
                    name: "context",
                    shape: id::SENSITIVE_DATA,
                    required: false,
                },
                MemberDef {
                    name: "stateConfiguration",
                    shape: id::TEST_STATE_CONFIGURATION,
                    required: false,
                },
            ],
        },
    },
    ShapeDef {
        name: "TestStateStateName",
        sensitive: true,
        kind: ShapeKind::String {
            min: Some(1),
            max: Some(80),
            pattern: None,
            enum_values: None,
        },
    },
    ShapeDef {
        name: "ToleratedFailureCount",
        sensitive: false,
        kind: ShapeKind::Long {
            min: Some(0),
            max: None,
        },
    },
    ShapeDef {
        name: "ToleratedFailurePercentage",
        sensitive: false,
        kind: ShapeKind::Float {
            min: Some(0),
            max: Some(100),
        },
    },
    ShapeDef {
        name: "TraceHeader",
        sensitive: false,
        kind: ShapeKind::String {
            min: Some(0),
            max: Some(256),
            pattern: Some("\\p{ASCII}*"),
            enum_values: None,
        },
    },
    ShapeDef {
        name: "TracingConfiguration",
        sensitive: false,
        kind: ShapeKind::Structure {
            members: &[MemberDef {
                name: "enabled",
                shape: id::ENABLED,
                required: false,
            }],
        },
    },
    ShapeDef {
        name: "UntagResourceInput",
        sensitive: false,
        kind: ShapeKind::Structure {
            members: &[
                MemberDef {
                    name: "resourceArn",
                    shape: id::ARN,
                    required: true,
                },
                MemberDef {
                    name: "tagKeys",
                    shape: id::TAG_KEY_LIST,
                    required: true,
                },
            ],
        },
    },
    ShapeDef {
        name: "UpdateMapRunInput",
        sensitive: false,
        kind: ShapeKind::Structure {
            members: &[
                MemberDef {
                    name: "mapRunArn",
                    shape: id::LONG_ARN,
                    required: true,
                },
                MemberDef {
                    name: "maxConcurrency",
                    shape: id::MAX_CONCURRENCY,
                    required: false,
                },
                MemberDef {
                    name: "toleratedFailurePercentage",
                    shape: id::TOLERATED_FAILURE_PERCENTAGE,
                    required: false,
                },
                MemberDef {
                    name: "toleratedFailureCount",
                    shape: id::TOLERATED_FAILURE_COUNT,
                    required: false,
                },
            ],
        },
    },
    ShapeDef {
        name: "UpdateStateMachineAliasInput",
        sensitive: false,
        kind: ShapeKind::Structure {
            members: &[
                MemberDef {
                    name: "stateMachineAliasArn",
                    shape: id::ARN,
                    required: true,
                },
                MemberDef {
                    name: "description",
                    shape: id::ALIAS_DESCRIPTION,
                    required: false,
                },
                MemberDef {
                    name: "routingConfiguration",
                    shape: id::ROUTING_CONFIGURATION_LIST,
                    required: false,
                },
            ],
        },
    },
    ShapeDef {
        name: "UpdateStateMachineInput",
        sensitive: false,
        kind: ShapeKind::Structure {
            members: &[
                MemberDef {
                    name: "stateMachineArn",
                    shape: id::ARN,
                    required: true,
                },
                MemberDef {
                    name: "definition",
                    shape: id::DEFINITION,
                    required: false,
                },
                MemberDef {
                    name: "roleArn",
                    shape: id::ARN,
                    required: false,
                },
                MemberDef {
                    name: "loggingConfiguration",
                    shape: id::LOGGING_CONFIGURATION,
                    required: false,
                },
                MemberDef {
                    name: "tracingConfiguration",
                    shape: id::TRACING_CONFIGURATION,
                    required: false,
                },
                MemberDef {
                    name: "publish",
                    shape: id::PUBLISH,
                    required: false,
                },
                MemberDef {
                    name: "versionDescription",
                    shape: id::VERSION_DESCRIPTION,
                    required: false,
                },
                MemberDef {
                    name: "encryptionConfiguration",
                    shape: id::ENCRYPTION_CONFIGURATION,
                    required: false,
                },
            ],
        },
    },
    ShapeDef {
        name: "ValidateStateMachineDefinitionInput",
        sensitive: false,
        kind: ShapeKind::Structure {
            members: &[
                MemberDef {
                    name: "definition",
                    shape: id::DEFINITION,
                    required: true,
                },
                MemberDef {
                    name: "type",
                    shape: id::STATE_MACHINE_TYPE,
                    required: false,
                },
                MemberDef {
                    name: "severity",
                    shape: id::VALIDATE_STATE_MACHINE_DEFINITION_SEVERITY,
                    required: false,
                },
                MemberDef {
                    name: "maxResults",
                    shape: id::VALIDATE_STATE_MACHINE_DEFINITION_MAX_RESULT,
                    required: false,
                },
            ],
        },
    },
    ShapeDef {
        name: "ValidateStateMachineDefinitionMaxResult",
        sensitive: false,
        kind: ShapeKind::Integer {
            min: Some(0),
            max: Some(100),
        },
    },
    ShapeDef {
        name: "ValidateStateMachineDefinitionSeverity",
        sensitive: false,
        kind: ShapeKind::String {
            min: None,
            max: None,
            pattern: None,
            enum_values: Some(&["ERROR", "WARNING"]),
        },
    },
    ShapeDef {
        name: "VersionDescription",
        sensitive: true,
        kind: ShapeKind::String {
            min: None,
            max: Some(256),
            pattern: None,
            enum_values: None,
        },
    },
    ShapeDef {
        name: "VersionWeight",
        sensitive: false,
        kind: ShapeKind::Integer {
            min: Some(0),
            max: Some(100),
        },
    },
];

/// The input shape of an operation.
pub fn input_shape(op: Operation) -> ShapeId {
    match op {
        Operation::CreateActivity => id::CREATE_ACTIVITY_INPUT,
        Operation::CreateStateMachine => id::CREATE_STATE_MACHINE_INPUT,
        Operation::CreateStateMachineAlias => id::CREATE_STATE_MACHINE_ALIAS_INPUT,
        Operation::DeleteActivity => id::DELETE_ACTIVITY_INPUT,
        Operation::DeleteStateMachine => id::DELETE_STATE_MACHINE_INPUT,
        Operation::DeleteStateMachineAlias => id::DELETE_STATE_MACHINE_ALIAS_INPUT,
        Operation::DeleteStateMachineVersion => id::DELETE_STATE_MACHINE_VERSION_INPUT,
        Operation::DescribeActivity => id::DESCRIBE_ACTIVITY_INPUT,
        Operation::DescribeExecution => id::DESCRIBE_EXECUTION_INPUT,
        Operation::DescribeMapRun => id::DESCRIBE_MAP_RUN_INPUT,
        Operation::DescribeStateMachine => id::DESCRIBE_STATE_MACHINE_INPUT,
        Operation::DescribeStateMachineAlias => id::DESCRIBE_STATE_MACHINE_ALIAS_INPUT,
        Operation::DescribeStateMachineForExecution => {
            id::DESCRIBE_STATE_MACHINE_FOR_EXECUTION_INPUT
        }
        Operation::GetActivityTask => id::GET_ACTIVITY_TASK_INPUT,
        Operation::GetExecutionHistory => id::GET_EXECUTION_HISTORY_INPUT,
        Operation::ListActivities => id::LIST_ACTIVITIES_INPUT,
        Operation::ListExecutions => id::LIST_EXECUTIONS_INPUT,
        Operation::ListMapRuns => id::LIST_MAP_RUNS_INPUT,
        Operation::ListStateMachineAliases => id::LIST_STATE_MACHINE_ALIASES_INPUT,
        Operation::ListStateMachineVersions => id::LIST_STATE_MACHINE_VERSIONS_INPUT,
        Operation::ListStateMachines => id::LIST_STATE_MACHINES_INPUT,
        Operation::ListTagsForResource => id::LIST_TAGS_FOR_RESOURCE_INPUT,
        Operation::PublishStateMachineVersion => id::PUBLISH_STATE_MACHINE_VERSION_INPUT,
        Operation::RedriveExecution => id::REDRIVE_EXECUTION_INPUT,
        Operation::SendTaskFailure => id::SEND_TASK_FAILURE_INPUT,
        Operation::SendTaskHeartbeat => id::SEND_TASK_HEARTBEAT_INPUT,
        Operation::SendTaskSuccess => id::SEND_TASK_SUCCESS_INPUT,
        Operation::StartExecution => id::START_EXECUTION_INPUT,
        Operation::StartSyncExecution => id::START_SYNC_EXECUTION_INPUT,
        Operation::StopExecution => id::STOP_EXECUTION_INPUT,
        Operation::TagResource => id::TAG_RESOURCE_INPUT,
        Operation::TestState => id::TEST_STATE_INPUT,
        Operation::UntagResource => id::UNTAG_RESOURCE_INPUT,
        Operation::UpdateMapRun => id::UPDATE_MAP_RUN_INPUT,
        Operation::UpdateStateMachine => id::UPDATE_STATE_MACHINE_INPUT,
        Operation::UpdateStateMachineAlias => id::UPDATE_STATE_MACHINE_ALIAS_INPUT,
        Operation::ValidateStateMachineDefinition => id::VALIDATE_STATE_MACHINE_DEFINITION_INPUT,
    }
}
