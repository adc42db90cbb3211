//! Importing areas (街镇, 功能区) and grid cells (网格) from a GeoJSON FeatureCollection in WGS84 (RFC 7946).
//!
//! Every feature is checked and every problem is reported with the feature's index (0-based, as in the file) and a
//! reason; a file with any bad feature is refused whole ([`parse_features`] returns only errors), so an import never
//! stores half a map. Checks, per feature:
//!
//! - it is a `Feature` with a `Polygon` or `MultiPolygon` geometry and the properties the kind needs
//!   (`code`, `name`; areas `kind`, cells `area_code`);
//! - every ring has at least four positions and is closed (first = last);
//! - positions are `[longitude, latitude]` within −180…180 / −90…90; a position whose second number is no latitude
//!   but whose first could be one is reported as *swapped* (the common `[lat, lon]` mistake);
//! - no ring crosses itself (two non-adjacent edges intersect) — checked exactly on the coordinates;
//! - no `crs` member other than WGS84 (`urn:ogc:def:crs:OGC:1.3:CRS84`, `EPSG:4326` and its URN forms), on the
//!   collection or on a feature: RFC 7946 removed `crs`, and coordinates in another system (e.g. a projected
//!   CGCS2000 / Gauss–Krüger grid, or GCJ-02 offsets) must be converted before import.
//!
//! The pure geometry (point in polygon, bounding boxes) used for placement lives in [`super::place`].

use serde_json::Value;

use crate::geo::Ring;

/// A polygon: exterior ring then holes.
pub type Polygon = Vec<Ring>;

/// What the features of a file describe.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeatureKind {
    /// Areas: properties `code`, `name`, `kind` (`street` / `town` / `zone`).
    Area,
    /// Cells: properties `code`, `name`, `area_code`.
    Cell,
}

/// One problem of one feature (or of the whole file when `index` is `None`).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct FeatureError {
    /// 0-based index of the feature in `features`; `None` for the file itself.
    pub index: Option<usize>,
    /// A short machine-readable reason: `not_json`, `not_collection`, `crs`, `not_feature`, `property`,
    /// `geometry_type`, `too_short`, `not_closed`, `swapped`, `out_of_range`, `self_intersecting`, `duplicate_code`.
    pub reason: &'static str,
    /// The message shown (zh-CN).
    pub message: String,
}

/// A checked feature.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckedFeature {
    /// Index in the file.
    pub index: usize,
    /// `code` property.
    pub code: String,
    /// `name` property.
    pub name: String,
    /// Areas: `kind`; cells: `area_code`.
    pub parent_or_kind: String,
    /// The polygons.
    pub polygons: Vec<Polygon>,
    /// The geometry as GeoJSON text (as given).
    pub geometry: String,
}

const WGS84_NAMES: &[&str] = &[
    "urn:ogc:def:crs:OGC:1.3:CRS84",
    "urn:ogc:def:crs:OGC::CRS84",
    "urn:ogc:def:crs:EPSG::4326",
    "urn:ogc:def:crs:EPSG:6.6:4326",
    "EPSG:4326",
    "CRS84",
    "WGS84",
];

fn crs_problem(v: &Value) -> Option<String> {
    let crs = v.get("crs")?;
    if crs.is_null() {
        return None;
    }
    let name = crs.get("properties").and_then(|p| p.get("name")).and_then(Value::as_str);
    match name {
        Some(n) if WGS84_NAMES.iter().any(|w| w.eq_ignore_ascii_case(n.trim())) => None,
        Some(n) => Some(format!("坐标参考系 {n} 不是 WGS84（经纬度），请先转换为 WGS84 再导入")),
        None => Some("crs 成员无法识别，只接受 WGS84（RFC 7946 已取消 crs 成员）".into()),
    }
}

/// Parse the polygons of a `Polygon` / `MultiPolygon` geometry (no checks beyond the JSON shape).
pub fn polygons_of(geometry: &Value) -> Result<Vec<Polygon>, String> {
    // Positions may carry a third number (altitude); longitude and latitude are kept.
    let shape = |v: &Value| -> Result<Polygon, String> {
        let rings: Vec<Vec<Vec<f64>>> = serde_json::from_value(v.clone()).map_err(|e| format!("坐标格式错误：{e}"))?;
        rings
            .into_iter()
            .map(|r| {
                r.into_iter()
                    .map(|p| {
                        if p.len() >= 2 {
                            Ok([p[0], p[1]])
                        } else {
                            Err("坐标格式错误：位置少于两个数".to_string())
                        }
                    })
                    .collect::<Result<Ring, String>>()
            })
            .collect()
    };
    match geometry.get("type").and_then(Value::as_str) {
        Some("Polygon") => Ok(vec![shape(&geometry["coordinates"])?]),
        Some("MultiPolygon") => match geometry["coordinates"].as_array() {
            Some(ps) => ps.iter().map(shape).collect(),
            None => Err("坐标格式错误：MultiPolygon 的 coordinates 应为数组".into()),
        },
        Some(other) => Err(format!("几何类型 {other} 不是 Polygon 或 MultiPolygon")),
        None => Err("缺少几何类型".into()),
    }
}

/// Do segments p1–p2 and q1–q2 intersect (touching included)?
fn segments_intersect(p1: [f64; 2], p2: [f64; 2], q1: [f64; 2], q2: [f64; 2]) -> bool {
    fn orient(a: [f64; 2], b: [f64; 2], c: [f64; 2]) -> f64 {
        (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])
    }
    fn on_segment(a: [f64; 2], b: [f64; 2], c: [f64; 2]) -> bool {
        c[0] >= a[0].min(b[0]) && c[0] <= a[0].max(b[0]) && c[1] >= a[1].min(b[1]) && c[1] <= a[1].max(b[1])
    }
    let d1 = orient(q1, q2, p1);
    let d2 = orient(q1, q2, p2);
    let d3 = orient(p1, p2, q1);
    let d4 = orient(p1, p2, q2);
    if ((d1 > 0.0 && d2 < 0.0) || (d1 < 0.0 && d2 > 0.0)) && ((d3 > 0.0 && d4 < 0.0) || (d3 < 0.0 && d4 > 0.0)) {
        return true;
    }
    (d1 == 0.0 && on_segment(q1, q2, p1))
        || (d2 == 0.0 && on_segment(q1, q2, p2))
        || (d3 == 0.0 && on_segment(p1, p2, q1))
        || (d4 == 0.0 && on_segment(p1, p2, q2))
}

/// The first place where a closed ring crosses or touches itself: `Some((edge i, edge j))`, edges numbered from 0.
/// Adjacent edges (sharing a vertex, including the last and the first) are not compared. Repeated consecutive
/// positions are ignored. O(n²), fine for administrative and grid polygons (a few thousand vertices).
pub fn self_intersection(ring: &[[f64; 2]]) -> Option<(usize, usize)> {
    let mut pts: Vec<[f64; 2]> = Vec::with_capacity(ring.len());
    for p in ring {
        if pts.last() != Some(p) {
            pts.push(*p);
        }
    }
    let n = pts.len().saturating_sub(1); // edges
    if n < 3 {
        return None;
    }
    for i in 0..n {
        for j in (i + 2)..n {
            if i == 0 && j == n - 1 {
                continue; // first and last edges share the closing vertex
            }
            if segments_intersect(pts[i], pts[i + 1], pts[j], pts[j + 1]) {
                return Some((i, j));
            }
        }
    }
    None
}

/// Check one polygon's rings; the reason and message of the first problem.
pub fn check_rings(polygons: &[Polygon]) -> Result<(), (&'static str, String)> {
    if polygons.is_empty() || polygons.iter().any(Vec::is_empty) {
        return Err(("too_short", "多边形为空".into()));
    }
    for (pi, poly) in polygons.iter().enumerate() {
        let label = |r: usize| {
            if polygons.len() > 1 {
                format!("第 {} 个多边形的第 {} 个环", pi + 1, r + 1)
            } else {
                format!("第 {} 个环", r + 1)
            }
        };
        for (ri, ring) in poly.iter().enumerate() {
            if ring.len() < 4 {
                return Err(("too_short", format!("{}只有 {} 个点，至少需要 4 个（首尾相同）", label(ri), ring.len())));
            }
            for p in ring {
                let (lon, lat) = (p[0], p[1]);
                if !lon.is_finite() || !lat.is_finite() {
                    return Err(("out_of_range", format!("{}含有非数值坐标", label(ri))));
                }
                if !(-90.0..=90.0).contains(&lat) && (-90.0..=90.0).contains(&lon) && (-180.0..=180.0).contains(&lat) {
                    return Err((
                        "swapped",
                        format!(
                            "{}的坐标 [{lon}, {lat}] 经纬度顺序颠倒：GeoJSON 要求 [经度, 纬度]，纬度 {lat} 超出 −90…90",
                            label(ri)
                        ),
                    ));
                }
                if !(-180.0..=180.0).contains(&lon) || !(-90.0..=90.0).contains(&lat) {
                    return Err(("out_of_range", format!("{}的坐标 [{lon}, {lat}] 超出 WGS84 经纬度范围", label(ri))));
                }
            }
            if ring.first() != ring.last() {
                return Err(("not_closed", format!("{}未闭合：首点与末点不同", label(ri))));
            }
            if let Some((a, b)) = self_intersection(ring) {
                return Err((
                    "self_intersecting",
                    format!("{}自相交：第 {} 条边与第 {} 条边相交", label(ri), a + 1, b + 1),
                ));
            }
        }
    }
    Ok(())
}

fn prop(v: &Value, key: &str) -> Option<String> {
    v.get("properties")?
        .get(key)
        .and_then(|x| match x {
            Value::String(s) => Some(s.trim().to_string()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        })
        .filter(|s| !s.is_empty())
}

const AREA_KINDS: &[&str] = &["street", "town", "zone"];

/// Check a FeatureCollection of `kind`: the checked features, or every problem found (nothing is usable then).
pub fn parse_features(text: &str, kind: FeatureKind) -> Result<Vec<CheckedFeature>, Vec<FeatureError>> {
    let whole = |reason, message: String| vec![FeatureError { index: None, reason, message }];
    let v: Value = serde_json::from_str(text).map_err(|e| whole("not_json", format!("不是有效的 JSON：{e}")))?;
    if v.get("type").and_then(Value::as_str) != Some("FeatureCollection") {
        return Err(whole("not_collection", "应为 GeoJSON FeatureCollection".into()));
    }
    if let Some(m) = crs_problem(&v) {
        return Err(whole("crs", m));
    }
    let Some(features) = v.get("features").and_then(Value::as_array) else {
        return Err(whole("not_collection", "缺少 features 数组".into()));
    };
    if features.is_empty() {
        return Err(whole("not_collection", "features 为空".into()));
    }
    let mut errors = Vec::new();
    let mut out = Vec::new();
    let mut seen = std::collections::HashMap::<String, usize>::new();
    for (i, f) in features.iter().enumerate() {
        let mut err = |reason, message: String| errors.push(FeatureError { index: Some(i), reason, message });
        if f.get("type").and_then(Value::as_str) != Some("Feature") {
            err("not_feature", "不是 Feature".into());
            continue;
        }
        if let Some(m) = crs_problem(f) {
            err("crs", m);
            continue;
        }
        let code = prop(f, "code");
        let name = prop(f, "name");
        let parent_key = match kind {
            FeatureKind::Area => "kind",
            FeatureKind::Cell => "area_code",
        };
        let parent = prop(f, parent_key);
        let mut missing = Vec::new();
        if code.is_none() {
            missing.push("code");
        }
        if name.is_none() {
            missing.push("name");
        }
        if parent.is_none() {
            missing.push(parent_key);
        }
        if !missing.is_empty() {
            err("property", format!("缺少属性 {}", missing.join("、")));
            continue;
        }
        let (code, name, parent) = (code.unwrap_or_default(), name.unwrap_or_default(), parent.unwrap_or_default());
        if code.chars().count() > 40 || !code.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
            err("property", format!("code “{code}” 只能由字母、数字、- 和 _ 组成，最多 40 个字符"));
            continue;
        }
        if name.chars().count() > 60 {
            err("property", "name 最多 60 个字符".into());
            continue;
        }
        if kind == FeatureKind::Area && !AREA_KINDS.contains(&parent.as_str()) {
            err("property", format!("kind “{parent}” 无效，可选：street、town、zone"));
            continue;
        }
        if kind == FeatureKind::Cell && !code.starts_with(&parent) {
            err("property", format!("网格编码 {code} 应以所属区域编码 {parent} 开头（区域编码 + 网格序号）"));
            continue;
        }
        if let Some(first) = seen.get(&code) {
            err("duplicate_code", format!("编码 {code} 与第 {} 个要素重复", first));
            continue;
        }
        seen.insert(code.clone(), i);
        let Some(geometry) = f.get("geometry").filter(|g| !g.is_null()) else {
            err("geometry_type", "缺少几何对象".into());
            continue;
        };
        let polygons = match polygons_of(geometry) {
            Ok(p) => p,
            Err(m) => {
                err("geometry_type", m);
                continue;
            }
        };
        if let Err((reason, m)) = check_rings(&polygons) {
            err(reason, m);
            continue;
        }
        out.push(CheckedFeature {
            index: i,
            code,
            name,
            parent_or_kind: parent,
            polygons,
            geometry: geometry.to_string(),
        });
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fc(features: &[&str]) -> String {
        format!(r#"{{"type":"FeatureCollection","features":[{}]}}"#, features.join(","))
    }

    fn cell(code: &str, coords: &str) -> String {
        format!(
            r#"{{"type":"Feature","properties":{{"code":"{code}","name":"网格","area_code":"120116001"}},
               "geometry":{{"type":"Polygon","coordinates":[{coords}]}}}}"#
        )
    }

    const GOOD: &str = "[[117.0,39.0],[117.1,39.0],[117.1,39.1],[117.0,39.1],[117.0,39.0]]";

    #[test]
    fn good_cells_parse() {
        let r = parse_features(&fc(&[&cell("120116001-001", GOOD)]), FeatureKind::Cell);
        let f = r.unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(f[0].code, "120116001-001");
        assert_eq!(f[0].parent_or_kind, "120116001");
        assert_eq!(f[0].polygons[0][0].len(), 5);
    }

    #[test]
    fn every_bad_feature_is_reported_with_its_index() {
        let open = "[[117.0,39.0],[117.1,39.0],[117.1,39.1],[117.0,39.1]]";
        let bowtie = "[[117.0,39.0],[117.1,39.1],[117.1,39.0],[117.0,39.1],[117.0,39.0]]";
        let swapped = "[[39.0,117.0],[39.0,117.1],[39.1,117.1],[39.1,117.0],[39.0,117.0]]";
        let far = "[[217.0,39.0],[217.1,39.0],[217.1,39.1],[217.0,39.1],[217.0,39.0]]";
        let text = fc(&[
            &cell("120116001-001", GOOD),
            &cell("120116001-002", open),
            &cell("120116001-003", bowtie),
            &cell("120116001-004", swapped),
            &cell("120116001-005", far),
            &cell("120116001-001", GOOD),
            &cell("120116002-007", GOOD),
        ]);
        let errs = parse_features(&text, FeatureKind::Cell).err().unwrap_or_default();
        let got: Vec<(Option<usize>, &str)> = errs.iter().map(|e| (e.index, e.reason)).collect();
        assert_eq!(
            got,
            vec![
                (Some(1), "not_closed"),
                (Some(2), "self_intersecting"),
                (Some(3), "swapped"),
                (Some(4), "out_of_range"),
                (Some(5), "duplicate_code"),
                (Some(6), "property"),
            ]
        );
        assert!(errs[1].message.contains("自相交"), "{}", errs[1].message);
    }

    #[test]
    fn crs_other_than_wgs84_is_refused() {
        let utm = r#"{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::4547"}},"features":[]}"#;
        let e = parse_features(utm, FeatureKind::Area).err().unwrap_or_default();
        assert_eq!((e[0].index, e[0].reason), (None, "crs"));
        let feature_crs = format!(
            r#"{{"type":"Feature","crs":{{"type":"name","properties":{{"name":"EPSG:3857"}}}},"properties":{{"code":"A1","name":"甲","kind":"street"}},"geometry":{{"type":"Polygon","coordinates":[{GOOD}]}}}}"#
        );
        let e = parse_features(&fc(&[&feature_crs]), FeatureKind::Area).err().unwrap_or_default();
        assert_eq!((e[0].index, e[0].reason), (Some(0), "crs"));
        let wgs = r#"{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:OGC:1.3:CRS84"}},"features":[{"type":"Feature","properties":{"code":"A1","name":"甲","kind":"zone"},"geometry":{"type":"Polygon","coordinates":[[[117.0,39.0],[117.1,39.0],[117.1,39.1],[117.0,39.0]]]}}]}"#;
        assert!(parse_features(wgs, FeatureKind::Area).is_ok());
    }

    #[test]
    fn not_json_and_wrong_types() {
        assert_eq!(parse_features("{", FeatureKind::Area).err().map(|e| e[0].reason), Some("not_json"));
        assert_eq!(
            parse_features(r#"{"type":"Feature"}"#, FeatureKind::Area).err().map(|e| e[0].reason),
            Some("not_collection")
        );
        let point = r#"{"type":"Feature","properties":{"code":"A","name":"n","kind":"zone"},"geometry":{"type":"Point","coordinates":[117,39]}}"#;
        assert_eq!(parse_features(&fc(&[point]), FeatureKind::Area).err().map(|e| e[0].reason), Some("geometry_type"));
    }

    #[test]
    fn self_intersection_cases() {
        let square = [[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0], [0.0, 0.0]];
        assert_eq!(self_intersection(&square), None);
        let bowtie = [[0.0, 0.0], [1.0, 1.0], [1.0, 0.0], [0.0, 1.0], [0.0, 0.0]];
        assert_eq!(self_intersection(&bowtie), Some((0, 2)));
        // A ring that touches itself at a vertex (figure eight through a shared point).
        let touch = [[0.0, 0.0], [2.0, 0.0], [1.0, 1.0], [2.0, 2.0], [0.0, 2.0], [1.0, 1.0], [0.0, 0.0]];
        assert!(self_intersection(&touch).is_some());
    }
}
