//! Checks on polygons given as GeoJSON coordinate rings in WGS84 (longitude, latitude).
//!
//! Areas (街镇, 功能区) and grid cells are stored as GeoJSON; before one is stored its rings must be closed, have at
//! least four positions, and lie in the WGS84 range. (Self-intersection and import-time repair belong to the grid
//! module.)

use thiserror::Error;

/// A ring: positions `[lon, lat]`.
pub type Ring = Vec<[f64; 2]>;

/// Why a polygon is refused.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum GeoError {
    /// A ring has fewer than four positions.
    #[error("第 {ring} 个环少于 4 个点")]
    TooShort {
        /// Ring index.
        ring: usize,
    },
    /// A ring does not end where it starts.
    #[error("第 {ring} 个环未闭合")]
    NotClosed {
        /// Ring index.
        ring: usize,
    },
    /// A position outside longitude −180…180 / latitude −90…90 (or swapped axes).
    #[error("第 {ring} 个环的坐标 ({lon}, {lat}) 超出 WGS84 经纬度范围")]
    OutOfRange {
        /// Ring index.
        ring: usize,
        /// Longitude.
        lon: f64,
        /// Latitude.
        lat: f64,
    },
    /// No rings at all.
    #[error("多边形为空")]
    Empty,
}

/// Check one polygon's rings.
pub fn check_polygon(rings: &[Ring]) -> Result<(), GeoError> {
    if rings.is_empty() {
        return Err(GeoError::Empty);
    }
    for (i, ring) in rings.iter().enumerate() {
        if ring.len() < 4 {
            return Err(GeoError::TooShort { ring: i });
        }
        if ring.first() != ring.last() {
            return Err(GeoError::NotClosed { ring: i });
        }
        if let Some(p) = ring.iter().find(|p| !(-180.0..=180.0).contains(&p[0]) || !(-90.0..=90.0).contains(&p[1])) {
            return Err(GeoError::OutOfRange { ring: i, lon: p[0], lat: p[1] });
        }
    }
    Ok(())
}

/// True when (lon, lat) lies inside the ring (even-odd rule; points on the edge may go either way).
pub fn point_in_ring(lon: f64, lat: f64, ring: &[[f64; 2]]) -> bool {
    let mut inside = false;
    let n = ring.len();
    if n == 0 {
        return false;
    }
    let mut j = n - 1;
    for i in 0..n {
        let (xi, yi) = (ring[i][0], ring[i][1]);
        let (xj, yj) = (ring[j][0], ring[j][1]);
        if (yi > lat) != (yj > lat) && lon < (xj - xi) * (lat - yi) / (yj - yi) + xi {
            inside = !inside;
        }
        j = i;
    }
    inside
}

#[cfg(test)]
mod tests {
    use super::*;

    fn square() -> Ring {
        vec![[117.0, 39.0], [117.1, 39.0], [117.1, 39.1], [117.0, 39.1], [117.0, 39.0]]
    }

    #[test]
    fn checks() {
        assert_eq!(check_polygon(&[square()]), Ok(()));
        let mut open = square();
        open.pop();
        open.push([117.0, 39.05]);
        assert_eq!(check_polygon(&[open]), Err(GeoError::NotClosed { ring: 0 }));
        let swapped: Ring = square().into_iter().map(|[a, b]| [b, a + 100.0]).collect();
        assert!(matches!(check_polygon(&[swapped]), Err(GeoError::OutOfRange { .. })));
        assert_eq!(check_polygon(&[]), Err(GeoError::Empty));
    }

    #[test]
    fn inside() {
        assert!(point_in_ring(117.05, 39.05, &square()));
        assert!(!point_in_ring(117.15, 39.05, &square()));
    }
}
