//! Generating grid cells over an area as H3 hexagons (crate `h3o`, BSD-3-Clause) at a chosen resolution.
//!
//! Method (centroid containment, as H3's own polygon fill): sample the area's bounding box on a lattice finer than
//! the hexagon size, collect the H3 cells of the samples, keep the cells whose centre lies inside the area, and number
//! them in ascending H3-index order. The numbering makes codes stable — generating again at the same resolution
//! over the same area gives the same code to the same hexagon — and hierarchical: `{area code}-H{res}{nnnn}`
//! (e.g. `120116001-H80012`), so a cell's code names its area.

use h3o::{CellIndex, LatLng, Resolution};

use super::geojson::Polygon;
use super::place::Region;
use crate::geo::Ring;

/// Resolutions offered (H3 res 6 ≈ 36 km² … res 10 ≈ 0.015 km² per hexagon).
pub const RESOLUTIONS: std::ops::RangeInclusive<u8> = 6..=10;

/// Most cells one generation may create.
pub const MAX_CELLS: usize = 3000;

/// A generated hexagon.
#[derive(Debug, Clone, PartialEq)]
pub struct HexCell {
    /// Code `{area}-H{res}{nnnn}`.
    pub code: String,
    /// 1-based number within the area.
    pub number: usize,
    /// The H3 index (hex string).
    pub h3_index: String,
    /// Boundary ring `[lon, lat]`, closed.
    pub ring: Ring,
}

/// Why generation was refused.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum HexError {
    /// Resolution outside [`RESOLUTIONS`].
    #[error("分辨率应为 6–10")]
    Resolution,
    /// Too many cells would be created.
    #[error("该分辨率将生成约 {0} 个网格，超过上限 {MAX_CELLS}，请选择较低的分辨率")]
    TooMany(usize),
    /// The area has no usable polygon, or no hexagon centre falls inside it.
    #[error("区域内没有可生成的网格（区域太小或几何为空），请提高分辨率")]
    Empty,
}

/// Generate the hexagons of `area` (its polygons) at `resolution`.
pub fn generate(area_code: &str, polygons: &[Polygon], resolution: u8) -> Result<Vec<HexCell>, HexError> {
    if !RESOLUTIONS.contains(&resolution) {
        return Err(HexError::Resolution);
    }
    let res = Resolution::try_from(resolution).map_err(|_| HexError::Resolution)?;
    let region = Region { id: 0, area_id: 0, polygons: polygons.to_vec() };
    let mut bbox = [f64::INFINITY, f64::INFINITY, f64::NEG_INFINITY, f64::NEG_INFINITY];
    for p in polygons.iter().filter_map(|p| p.first()) {
        for q in p {
            bbox = [bbox[0].min(q[0]), bbox[1].min(q[1]), bbox[2].max(q[0]), bbox[3].max(q[1])];
        }
    }
    if !bbox[0].is_finite() {
        return Err(HexError::Empty);
    }
    // Rough size check before sampling: bounding-box area / hexagon area.
    let mid_lat = ((bbox[1] + bbox[3]) / 2.0).to_radians();
    let km_w = (bbox[2] - bbox[0]) * 111.32 * mid_lat.cos();
    let km_h = (bbox[3] - bbox[1]) * 110.57;
    let estimate = (km_w * km_h / res.area_km2()).ceil() as usize;
    if estimate > MAX_CELLS * 2 {
        return Err(HexError::TooMany(estimate));
    }
    // Lattice step: half an edge length, in degrees.
    let step_lat = res.edge_length_km() / 2.0 / 110.57;
    let step_lon = res.edge_length_km() / 2.0 / (111.32 * mid_lat.cos().max(0.01));
    let mut found: Vec<CellIndex> = Vec::new();
    let mut y = bbox[1] - step_lat;
    while y <= bbox[3] + step_lat {
        let mut x = bbox[0] - step_lon;
        while x <= bbox[2] + step_lon {
            if let Ok(ll) = LatLng::new(y, x) {
                found.push(ll.to_cell(res));
            }
            x += step_lon;
        }
        y += step_lat;
    }
    found.sort_unstable();
    found.dedup();
    let inside: Vec<CellIndex> = found
        .into_iter()
        .filter(|c| {
            let centre = LatLng::from(*c);
            region.contains(centre.lng(), centre.lat())
        })
        .collect();
    if inside.len() > MAX_CELLS {
        return Err(HexError::TooMany(inside.len()));
    }
    if inside.is_empty() {
        return Err(HexError::Empty);
    }
    Ok(inside
        .into_iter()
        .enumerate()
        .map(|(i, c)| {
            let mut ring: Ring = c.boundary().iter().map(|ll| [round7(ll.lng()), round7(ll.lat())]).collect();
            if let Some(first) = ring.first().copied() {
                ring.push(first);
            }
            HexCell {
                code: format!("{area_code}-H{resolution}{:04}", i + 1),
                number: i + 1,
                h3_index: c.to_string(),
                ring,
            }
        })
        .collect())
}

/// Round to 7 decimals (≈ 1 cm), enough for a grid and compact in GeoJSON.
fn round7(v: f64) -> f64 {
    (v * 1e7).round() / 1e7
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grid::geojson::self_intersection;

    fn area() -> Vec<Polygon> {
        vec![vec![vec![[117.60, 39.00], [117.66, 39.00], [117.66, 39.05], [117.60, 39.05], [117.60, 39.00]]]]
    }

    #[test]
    fn hexagons_cover_the_area_with_stable_codes() {
        let a = generate("120116001", &area(), 8).unwrap_or_else(|e| panic!("{e}"));
        // ~5.2 km × 5.5 km ≈ 29 km²; res 8 hexagons average 0.74 km² (smaller than average at this latitude).
        assert!((30..=70).contains(&a.len()), "{}", a.len());
        let b = generate("120116001", &area(), 8).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(a, b);
        assert_eq!(a[0].code, "120116001-H80001");
        for h in &a {
            assert_eq!(h.ring.len(), 7);
            assert_eq!(h.ring.first(), h.ring.last());
            assert_eq!(self_intersection(&h.ring), None);
        }
        let codes: std::collections::BTreeSet<_> = a.iter().map(|h| h.h3_index.clone()).collect();
        assert_eq!(codes.len(), a.len());
    }

    #[test]
    fn limits() {
        assert_eq!(generate("A", &area(), 5), Err(HexError::Resolution));
        let big = vec![vec![vec![[117.0, 38.5], [118.0, 38.5], [118.0, 39.5], [117.0, 39.5], [117.0, 38.5]]]];
        assert!(matches!(generate("A", &big, 9), Err(HexError::TooMany(_))));
        let tiny = vec![vec![vec![[117.6, 39.0], [117.6001, 39.0], [117.6001, 39.0001], [117.6, 39.0]]]];
        assert_eq!(generate("A", &tiny, 6), Err(HexError::Empty));
    }
}
