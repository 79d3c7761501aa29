//! passo: a local emulator and test harness for AWS Step Functions.
//!
//! It speaks the Step Functions API (AWS JSON 1.0) so the AWS SDKs and CLI can point at it
//! (`passo serve`), and the same API is callable in-process through [`Emulator::call`].
//!
//! # Layout
//! - [`api`]: the HTTP edge and the 37 operations (AWS JSON 1.0).
//! - [`asl`]: the Amazon States Language as pure data (parse, validate, JSONPath, intrinsics).
//! - [`engine`]: executions, the scheduler, the clock and the seeded random source.
//! - [`store`]: persistence behind one trait.
//! - [`integrations`]: what Task states call (MockConfigFile mocks, activities, task tokens).
//! - [`harness`]: `passo test` and `passo validate` (specs, snapshots, reports, lints).
//! - [`conformance`]: replays recorded AWS executions and reports pass rates.
//! - [`graph`]: definitions drawn as Mermaid, DOT or SVG, with an execution's path.
//! - [`console`]: the web console's page at `/console` (it reads the API like any client).
//! - [`cli`]: the `passo` command line.
//!
//! # Example
//!
//! ```
//! use passo::{engine::EngineConfig, Emulator};
//! use serde_json::json;
//!
//! # tokio::runtime::Runtime::new().unwrap().block_on(async {
//! let emulator = Emulator::new(EngineConfig::default());
//! let created = emulator
//!     .call(
//!         "CreateStateMachine",
//!         json!({
//!             "name": "hello",
//!             "definition": r#"{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}"#,
//!             "roleArn": "arn:aws:iam::123456789012:role/any",
//!         }),
//!     )
//!     .await
//!     .unwrap();
//! assert_eq!(
//!     created["stateMachineArn"],
//!     "arn:aws:states:us-east-1:123456789012:stateMachine:hello"
//! );
//! let missing = emulator
//!     .call("DescribeActivity", json!({"activityArn": "nope"}))
//!     .await
//!     .unwrap_err();
//! assert_eq!(missing.code, "InvalidArn");
//! # });
//! ```

pub mod api;
pub mod asl;
pub mod cli;
pub mod conformance;
pub mod console;
pub mod engine;
pub mod graph;
pub mod harness;
pub mod integrations;
pub mod logs;
pub mod store;

mod emulator;

pub use emulator::{Emulator, EmulatorBuilder, RunningEmulator};
