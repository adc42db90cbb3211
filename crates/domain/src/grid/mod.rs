//! Grid supervision (网格化监管): the pure rules behind the grid platform of issue 6.
//!
//! Modules:
//! - [`draw`]: the verifiable "双随机、一公开" draw — commitment, deterministic selection of entities and
//!   inspectors with recusals, the published record and its verification.
//! - [`inspection`]: inspection results, the 20-working-day publication clock, coverage, joint-action target.
//! - [`event`]: the GB/T 30428 closed loop of grid events and its evaluation.

pub mod draw;
pub mod event;
pub mod inspection;
