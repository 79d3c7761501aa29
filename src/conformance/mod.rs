//! The conformance runner: replays recorded case files through the emulator in-process,
//! normalises the answers as the recordings were normalised, and reports pass rates per kind and
//! category. Never special-cases a case.
//!
//! SKELETON: the runner replaces this.
