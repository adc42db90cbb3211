//! Placing points (market entities) in grid cells by point-in-polygon (落格).
//!
//! [`CellIndex`] keeps each cell's polygons and bounding box in an R*-tree (crate `rstar`): a lookup visits only the
//! cells whose box contains the point, then runs the even–odd test on their rings (holes excluded). Cells should
//! not overlap; where they do (bad data), the cell with the smallest id wins, so placement is deterministic.
//! [`CellIndex::locate_naive`] tests every cell in turn — the baseline the benchmark compares against.

use rstar::{RTree, RTreeObject, AABB};

use super::geojson::Polygon;
use crate::geo::point_in_ring;

/// One cell (or area) to index.
#[derive(Debug, Clone, PartialEq)]
pub struct Region {
    /// Cell id (or area id).
    pub id: i64,
    /// Owning area id (for cells; equal to `id` for areas).
    pub area_id: i64,
    /// Polygons: exterior ring then holes.
    pub polygons: Vec<Polygon>,
}

impl Region {
    /// True when (lon, lat) lies inside one of the polygons and outside its holes.
    pub fn contains(&self, lon: f64, lat: f64) -> bool {
        self.polygons.iter().any(|p| match p.split_first() {
            Some((outer, holes)) => point_in_ring(lon, lat, outer) && !holes.iter().any(|h| point_in_ring(lon, lat, h)),
            None => false,
        })
    }

    fn bbox(&self) -> [f64; 4] {
        let mut b = [f64::INFINITY, f64::INFINITY, f64::NEG_INFINITY, f64::NEG_INFINITY];
        for p in self.polygons.iter().filter_map(|p| p.first()) {
            for q in p {
                b[0] = b[0].min(q[0]);
                b[1] = b[1].min(q[1]);
                b[2] = b[2].max(q[0]);
                b[3] = b[3].max(q[1]);
            }
        }
        b
    }
}

struct Boxed {
    idx: usize,
    bbox: [f64; 4],
}

impl RTreeObject for Boxed {
    type Envelope = AABB<[f64; 2]>;
    fn envelope(&self) -> Self::Envelope {
        AABB::from_corners([self.bbox[0], self.bbox[1]], [self.bbox[2], self.bbox[3]])
    }
}

/// Cells indexed for point lookup.
pub struct CellIndex {
    regions: Vec<Region>,
    tree: RTree<Boxed>,
}

impl CellIndex {
    /// Index these regions (sorted by id, so that overlaps resolve to the smallest id).
    pub fn new(mut regions: Vec<Region>) -> Self {
        regions.sort_by_key(|r| r.id);
        let boxes = regions
            .iter()
            .enumerate()
            .filter(|(_, r)| r.polygons.iter().any(|p| !p.is_empty()))
            .map(|(idx, r)| Boxed { idx, bbox: r.bbox() })
            .collect();
        CellIndex { regions, tree: RTree::bulk_load(boxes) }
    }

    /// Number of regions.
    pub fn len(&self) -> usize {
        self.regions.len()
    }

    /// True when there are no regions.
    pub fn is_empty(&self) -> bool {
        self.regions.is_empty()
    }

    /// The region containing (lon, lat), via the R-tree.
    pub fn locate(&self, lon: f64, lat: f64) -> Option<&Region> {
        if !lon.is_finite() || !lat.is_finite() {
            return None;
        }
        self.tree
            .locate_in_envelope_intersecting(&AABB::from_point([lon, lat]))
            .map(|b| b.idx)
            .filter(|&i| self.regions[i].contains(lon, lat))
            .min()
            .map(|i| &self.regions[i])
    }

    /// The region containing (lon, lat), testing every region (baseline for the benchmark).
    pub fn locate_naive(&self, lon: f64, lat: f64) -> Option<&Region> {
        self.regions.iter().find(|r| r.contains(lon, lat))
    }
}

/// Where one entity goes: `(entity id, area id, cell id)`; `None`s when it has no coordinates or lies in no cell.
/// When the point is in no cell, the area is still found from `areas` (so an unplaced entity shows its 街镇).
pub fn place_all(
    cells: &CellIndex,
    areas: &CellIndex,
    points: impl IntoIterator<Item = (i64, Option<f64>, Option<f64>)>,
) -> Vec<(i64, Option<i64>, Option<i64>)> {
    points
        .into_iter()
        .map(|(id, lon, lat)| match (lon, lat) {
            (Some(lon), Some(lat)) => match cells.locate(lon, lat) {
                Some(c) => (id, Some(c.area_id), Some(c.id)),
                None => (id, areas.locate(lon, lat).map(|a| a.id), None),
            },
            _ => (id, None, None),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn square(id: i64, x: f64, y: f64, size: f64) -> Region {
        Region {
            id,
            area_id: 100,
            polygons: vec![vec![vec![[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]]],
        }
    }

    #[test]
    fn r_tree_and_naive_agree() {
        let mut regions = Vec::new();
        for i in 0..10 {
            for j in 0..10 {
                regions.push(square(i * 10 + j, 117.0 + i as f64 * 0.01, 39.0 + j as f64 * 0.01, 0.01));
            }
        }
        let idx = CellIndex::new(regions);
        for k in 0..500 {
            let lon = 116.995 + (k as f64 * 0.000_37) % 0.11;
            let lat = 38.995 + (k as f64 * 0.000_53) % 0.11;
            assert_eq!(idx.locate(lon, lat).map(|r| r.id), idx.locate_naive(lon, lat).map(|r| r.id), "{lon} {lat}");
        }
        assert_eq!(idx.locate(117.015, 39.025).map(|r| r.id), Some(12));
        assert_eq!(idx.locate(118.0, 39.0).map(|r| r.id), None);
        assert_eq!(idx.locate(f64::NAN, 39.0).map(|r| r.id), None);
    }

    #[test]
    fn holes_are_outside() {
        let mut r = square(1, 0.0, 0.0, 10.0);
        r.polygons[0].push(vec![[4.0, 4.0], [6.0, 4.0], [6.0, 6.0], [4.0, 6.0], [4.0, 4.0]]);
        assert!(r.contains(1.0, 1.0));
        assert!(!r.contains(5.0, 5.0));
    }

    #[test]
    fn unplaced_points_keep_their_area() {
        let cells = CellIndex::new(vec![square(1, 0.0, 0.0, 1.0)]);
        let mut area = square(100, 0.0, 0.0, 5.0);
        area.area_id = 100;
        let areas = CellIndex::new(vec![area]);
        let placed = place_all(&cells, &areas, [(7, Some(0.5), Some(0.5)), (8, Some(3.0), Some(3.0)), (9, None, None)]);
        assert_eq!(placed, vec![(7, Some(100), Some(1)), (8, Some(100), None), (9, None, None)]);
    }
}
