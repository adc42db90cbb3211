//! Risk heat-map measures (风险热力图指标): what a cell is coloured by.
//!
//! Each measure counts records placed in a cell over a period `[from, to]` (dates, inclusive). The SQL lives in the
//! store; this module names the measures, their sources and the colour classes, so that the server, the web page and
//! the documentation agree. [`Measure::Findings`] reads the inspection results of the 双随机 draws (helper B's
//! tables); until those exist it counts zero — the extension point is the store's `heat_counts`.

/// A measure of the heat map.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    /// 市场主体数: entities placed in the cell (registered by `to`).
    Entities,
    /// 案件数: matters of the case desk whose cell is the cell, received in the period.
    Matters,
    /// 投诉举报数: complaints and reports (matter types `complaint`, `report`) received in the period.
    Complaints,
    /// 重复侵权主体数: respondents (by normalised name) named in two or more matters up to `to`, counted in the
    /// cells of their matters received in the period.
    RepeatInfringers,
    /// 检查发现问题数: inspection findings (双随机 results with a problem) in the period.
    Findings,
}

/// Every measure, in menu order: (measure, key, zh-CN label).
pub const MEASURES: &[(Measure, &str, &str)] = &[
    (Measure::Matters, "matters", "案件数"),
    (Measure::Complaints, "complaints", "投诉举报数"),
    (Measure::RepeatInfringers, "repeat_infringers", "重复侵权主体数"),
    (Measure::Entities, "entities", "市场主体数"),
    (Measure::Findings, "findings", "检查发现问题数"),
];

impl Measure {
    /// Parse a key.
    pub fn parse(key: &str) -> Option<Self> {
        MEASURES.iter().find(|(_, k, _)| *k == key.trim()).map(|(m, ..)| *m)
    }
    /// The key.
    pub fn key(self) -> &'static str {
        MEASURES.iter().find(|(m, ..)| *m == self).map(|(_, k, _)| *k).unwrap_or("matters")
    }
}

/// Colour classes for a count given the largest count on the map: 0 = none, 1–4 = quartiles of the maximum.
pub fn class_of(count: i64, max: i64) -> u8 {
    if count <= 0 || max <= 0 {
        return 0;
    }
    let q = (count as f64 / max as f64 * 4.0).ceil() as u8;
    q.clamp(1, 4)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn measures_round_trip() {
        for (m, k, _) in MEASURES {
            assert_eq!(Measure::parse(k), Some(*m));
            assert_eq!(m.key(), *k);
        }
        assert_eq!(Measure::parse("nope"), None);
    }

    #[test]
    fn classes() {
        assert_eq!(class_of(0, 10), 0);
        assert_eq!(class_of(1, 10), 1);
        assert_eq!(class_of(5, 10), 2);
        assert_eq!(class_of(10, 10), 4);
        assert_eq!(class_of(3, 0), 0);
    }
}
