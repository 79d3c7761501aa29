//! passo: a local emulator and test harness for AWS Step Functions.
//!
//! # Layout
//! - [`api`]: the HTTP edge and the 37 operations (AWS JSON 1.0).
//! - [`asl`]: the Amazon States Language as pure data (parse, validate, JSONPath, intrinsics).
//! - [`engine`]: executions, the scheduler, the clock and the seeded random source.
//! - [`store`]: persistence behind one trait.
//! - [`conformance`]: replays recorded AWS executions and reports pass rates.
//! - [`cli`]: the `passo` command line.

pub mod api;
pub mod asl;
pub mod cli;
pub mod conformance;
pub mod engine;
pub mod store;

mod emulator;

pub use emulator::Emulator;
