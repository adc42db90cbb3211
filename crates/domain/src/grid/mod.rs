//! Grid supervision (网格化监管): the pure rules behind the grid platform of issue 6.
//!
//! Modules:
//! - [`draw`]: the verifiable "双随机、一公开" draw — commitment, deterministic selection of entities and
//!   inspectors with recusals, the published record and its verification.
//! - [`geojson`]: importing areas and cells from GeoJSON with per-feature errors.
//! - [`place`]: placing points in cells (R-tree + point in polygon).
//! - [`hex`]: generating H3 hexagon cells over an area.
//! - [`entity`]: validating market entities (市场主体): credit code, industry code, coordinates, tags.
//! - [`heat`]: the risk heat-map measures.
//! - [`inspection`]: inspection results, the 20-working-day publication clock, coverage, joint-action target.
//! - [`event`]: the GB/T 30428 closed loop of grid events and its evaluation.

pub mod draw;
pub mod entity;
pub mod geojson;
pub mod heat;
pub mod hex;
pub mod place;
// Grid draws, inspections, closed loop (helper B)
pub mod event;
pub mod inspection;
