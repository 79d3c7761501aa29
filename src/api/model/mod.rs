//! The API model: operations, shapes, error codes and input constraints, generated from the AWS
//! service model (`../shared/aws-model/stepfunctions-service-2.json`), plus the small hand-written
//! parts they need (`timestamp.rs`, the validator `check.rs`). Owns no behaviour of operations.
//!
//! Generated (do not edit; `PASSO_CODEGEN_WRITE=1 cargo test --test codegen`): `errors.rs`,
//! `operations.rs`, `shapes.rs`, `validate.rs`. The generator lives in `tests/codegen.rs`, which
//! also fails when these files are stale.

pub mod check;
pub mod errors;
pub mod operations;
pub mod shapes;
pub mod timestamp;
pub mod validate;

pub use check::{model_patterns, validate_input, JavaPattern, ValidationError};
pub use errors::ErrorCode;
pub use operations::Operation;
pub use shapes::*;
pub use timestamp::Timestamp;
