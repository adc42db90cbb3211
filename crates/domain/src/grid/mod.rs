//! Grid supervision (网格化监管): the pure rules behind the grid platform of issue 6.
//!
//! Modules:
//! - [`draw`]: the verifiable "双随机、一公开" draw — commitment, deterministic selection of entities and
//!   inspectors with recusals, the published record and its verification.

pub mod draw;
