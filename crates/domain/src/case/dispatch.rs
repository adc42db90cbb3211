//! Dispatch (分拨): which department, station and team receive a new matter.
//!
//! A dispatch table is a list of [`DispatchRule`]s. Each rule may name a matter type, a right kind and an area
//! code prefix; a field left `None` matches anything. [`dispatch`] picks, among the rules that match, the most
//! specific one, in this order:
//!
//! 1. more specified fields (`matter_type`, `right_kind`, `area_prefix` that are `Some`) beat fewer;
//! 2. then a longer `area_prefix` beats a shorter one (a township `120116001` beats the district `120116`);
//! 3. then the higher `priority`;
//! 4. then the lower `id` — so the choice is deterministic whatever the order of the table.
//!
//! [`check_table`] refuses tables that could leave a matter without a target (no catch-all rule) or that
//! contain rules which can never win.

use serde::{Deserialize, Serialize};

use super::matter::{MatterType, RightKind};

/// Where a matter goes (承办单位).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct DispatchTarget {
    /// The department (承办部门).
    pub dept_id: i64,
    /// The workstation (工作站), e.g. a township IP workstation, if any.
    pub station_id: Option<i64>,
    /// The team within the department (承办组), if any.
    pub team: Option<String>,
}

/// One row of the dispatch table (分拨规则).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DispatchRule {
    /// The rule's id (its database key).
    pub id: i64,
    /// Only matters of this type; `None` = any type.
    pub matter_type: Option<MatterType>,
    /// Only matters involving a right of this kind; `None` = any.
    pub right_kind: Option<RightKind>,
    /// Only matters whose area code (统计用区划代码, e.g. `120116001000`) starts with these digits; `None` = any
    /// area, including an unknown one.
    pub area_prefix: Option<String>,
    /// Where matching matters go.
    pub target: DispatchTarget,
    /// Tie-breaker between equally specific rules: higher wins.
    pub priority: i32,
}

impl DispatchRule {
    /// Whether the rule applies to a matter of `matter_type` involving `right_kinds` (any of them may match the
    /// rule's kind) in `area_code` (a rule with an area prefix never applies when the area is unknown).
    pub fn matches(&self, matter_type: MatterType, right_kinds: &[RightKind], area_code: Option<&str>) -> bool {
        self.matter_type.is_none_or(|t| t == matter_type)
            && self.right_kind.is_none_or(|k| right_kinds.contains(&k))
            && match &self.area_prefix {
                None => true,
                Some(prefix) => area_code.is_some_and(|a| a.starts_with(prefix.as_str())),
            }
    }

    /// The number of fields that are specified (0–3).
    pub fn specified_fields(&self) -> usize {
        usize::from(self.matter_type.is_some())
            + usize::from(self.right_kind.is_some())
            + usize::from(self.area_prefix.is_some())
    }

    /// True for a rule that matches every matter (no field specified).
    pub fn is_catch_all(&self) -> bool {
        self.specified_fields() == 0
    }

    /// The sort key of the module's order: greater is more specific (the id is compared in reverse separately).
    fn rank(&self) -> (usize, usize, i32) {
        (self.specified_fields(), self.area_prefix.as_ref().map_or(0, String::len), self.priority)
    }
}

/// Why dispatch failed or a table was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DispatchError {
    /// No rule matches the matter (only possible with a table that fails [`check_table`]).
    #[error("没有适用的分拨规则，请人工分拨")]
    NoRule,
    /// The table has no catch-all rule (all of type, right kind and area empty).
    #[error("分拨规则表缺少兜底规则（事项类型、权利类型、区域均不限）")]
    NoCatchAll,
    /// Two rules share an id.
    #[error("分拨规则编号重复：{0}")]
    DuplicateId(i64),
    /// An area prefix that is empty, not digits, or longer than a 12-digit area code.
    #[error("分拨规则 {0} 的区域代码前缀应为 1–12 位数字")]
    BadAreaPrefix(i64),
    /// A rule with the same conditions and priority as an earlier-winning rule: it can never be chosen.
    #[error("分拨规则 {rule} 与规则 {by} 条件和优先级相同，永远不会被选中")]
    Shadowed {
        /// The rule that never wins (the higher id).
        rule: i64,
        /// The rule that always wins instead.
        by: i64,
    },
}

/// Pick the target for a matter: the most specific matching rule, see the [module docs](self) for the order.
/// Returns the target and the id of the rule that chose it (kept on the matter, to explain the dispatch).
pub fn dispatch(
    rules: &[DispatchRule],
    matter_type: MatterType,
    right_kinds: &[RightKind],
    area_code: Option<&str>,
) -> Result<(DispatchTarget, i64), DispatchError> {
    rules
        .iter()
        .filter(|r| r.matches(matter_type, right_kinds, area_code))
        .max_by(|a, b| a.rank().cmp(&b.rank()).then(b.id.cmp(&a.id)))
        .map(|r| (r.target.clone(), r.id))
        .ok_or(DispatchError::NoRule)
}

/// Check a table before it is saved. Every problem is reported, in table order: duplicate ids, bad area
/// prefixes, shadowed rules (same type, kind, prefix and priority as another rule with a lower id), and finally
/// a missing catch-all rule.
pub fn check_table(rules: &[DispatchRule]) -> Result<(), Vec<DispatchError>> {
    let mut errors = Vec::new();
    let mut ids = std::collections::BTreeSet::new();
    for rule in rules {
        if !ids.insert(rule.id) {
            errors.push(DispatchError::DuplicateId(rule.id));
        }
        if let Some(prefix) = &rule.area_prefix {
            if prefix.is_empty() || prefix.len() > 12 || !prefix.bytes().all(|b| b.is_ascii_digit()) {
                errors.push(DispatchError::BadAreaPrefix(rule.id));
            }
        }
        let same = |o: &&DispatchRule| {
            o.matter_type == rule.matter_type
                && o.right_kind == rule.right_kind
                && o.area_prefix == rule.area_prefix
                && o.priority == rule.priority
                && o.id < rule.id
        };
        if let Some(by) = rules.iter().filter(same).map(|o| o.id).min() {
            errors.push(DispatchError::Shadowed { rule: rule.id, by });
        }
    }
    if !rules.iter().any(DispatchRule::is_catch_all) {
        errors.push(DispatchError::NoCatchAll);
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(dept_id: i64) -> DispatchTarget {
        DispatchTarget { dept_id, station_id: None, team: None }
    }

    fn rule(
        id: i64,
        matter_type: Option<MatterType>,
        right_kind: Option<RightKind>,
        area_prefix: Option<&str>,
        priority: i32,
    ) -> DispatchRule {
        DispatchRule {
            id,
            matter_type,
            right_kind,
            area_prefix: area_prefix.map(str::to_string),
            target: target(id * 10),
            priority,
        }
    }

    fn chosen(rules: &[DispatchRule], t: MatterType, kinds: &[RightKind], area: Option<&str>) -> Option<i64> {
        dispatch(rules, t, kinds, area).ok().map(|(_, id)| id)
    }

    use MatterType::*;
    use RightKind::*;

    fn table() -> Vec<DispatchRule> {
        vec![
            rule(1, None, None, None, 0),                            // catch-all → 执法支队
            rule(2, Some(Adjudication), None, None, 0),              // 裁决 → 专利处
            rule(3, None, Some(Trademark), None, 0),                 // 商标 → 商标科
            rule(4, None, None, Some("120116"), 0),                  // 滨海新区
            rule(5, None, None, Some("120116001"), 0),               // 某街道
            rule(6, Some(Complaint), Some(Patent), None, 0),         // 专利投诉
            rule(7, Some(EcommerceNotice), None, Some("120116"), 0), // 新区电商
        ]
    }

    #[test]
    fn the_table_is_valid() {
        assert_eq!(check_table(&table()), Ok(()));
    }

    #[test]
    fn catch_all_when_nothing_else_matches() {
        assert_eq!(chosen(&table(), Report, &[Copyright], None), Some(1));
        assert_eq!(chosen(&table(), Report, &[], Some("110101")), Some(1));
        assert_eq!(dispatch(&table(), Report, &[], None).map(|(t, _)| t), Ok(target(10)));
    }

    #[test]
    fn one_field_beats_none_and_two_beat_one() {
        assert_eq!(chosen(&table(), Adjudication, &[Patent], None), Some(2));
        assert_eq!(chosen(&table(), Report, &[Trademark, Copyright], None), Some(3));
        // Complaint + patent: rule 6 (two fields) beats nothing else specific.
        assert_eq!(chosen(&table(), Complaint, &[Patent], None), Some(6));
        // E-commerce in the district: rule 7 (type + area) beats rule 4 (area only).
        assert_eq!(chosen(&table(), EcommerceNotice, &[], Some("120116001000")), Some(7));
    }

    #[test]
    fn longer_area_prefix_beats_shorter() {
        assert_eq!(chosen(&table(), Report, &[], Some("120116001000")), Some(5));
        assert_eq!(chosen(&table(), Report, &[], Some("120116002000")), Some(4));
        // An unknown area matches no area rule.
        assert_eq!(chosen(&table(), Report, &[], None), Some(1));
    }

    #[test]
    fn equal_field_counts_tie_break_on_prefix_length_then_priority_then_id() {
        // Complaint about a patent in the township: rule 6 (type + kind) and a new rule 8 (type + area) both
        // have two fields; rule 8 has the longer area prefix (9 > 0) and wins.
        let mut rules = table();
        rules.push(rule(8, Some(Complaint), None, Some("120116001"), 0));
        assert_eq!(chosen(&rules, Complaint, &[Patent], Some("120116001000")), Some(8));

        // Trademark vs adjudication, both one field without area: priority decides …
        let mut rules = table();
        rules[2].priority = 5; // rule 3 (trademark)
        assert_eq!(chosen(&rules, Adjudication, &[Trademark], None), Some(3));
        // … and with equal priority the lower id wins, whatever the table order.
        let mut rules = table();
        assert_eq!(chosen(&rules, Adjudication, &[Trademark], None), Some(2));
        rules.reverse();
        assert_eq!(chosen(&rules, Adjudication, &[Trademark], None), Some(2));
    }

    #[test]
    fn specificity_beats_priority() {
        let mut rules = table();
        rules[0].priority = 100; // the catch-all
        rules[3].priority = 50; // the district
        assert_eq!(chosen(&rules, Report, &[], Some("120116001000")), Some(5));
        assert_eq!(chosen(&rules, Report, &[], Some("120116002000")), Some(4));
    }

    #[test]
    fn no_rule_without_catch_all() {
        let rules = vec![rule(2, Some(Adjudication), None, None, 0)];
        assert_eq!(dispatch(&rules, Report, &[], None), Err(DispatchError::NoRule));
        assert_eq!(check_table(&rules), Err(vec![DispatchError::NoCatchAll]));
        assert_eq!(dispatch(&[], Report, &[], None), Err(DispatchError::NoRule));
    }

    #[test]
    fn table_problems_are_all_reported() {
        let rules = vec![
            rule(1, None, None, None, 0),
            rule(2, None, None, Some(""), 0),
            rule(3, None, None, Some("12a"), 0),
            rule(4, None, None, Some("1234567890123"), 0),
            rule(2, Some(Report), None, None, 0),
            rule(6, Some(Mediation), None, None, 1),
            rule(5, Some(Mediation), None, None, 1),
            rule(7, Some(Mediation), None, None, 2),
        ];
        assert_eq!(
            check_table(&rules),
            Err(vec![
                DispatchError::BadAreaPrefix(2),
                DispatchError::BadAreaPrefix(3),
                DispatchError::BadAreaPrefix(4),
                DispatchError::DuplicateId(2),
                DispatchError::Shadowed { rule: 6, by: 5 },
            ])
        );
        assert_eq!(DispatchError::NoRule.to_string(), "没有适用的分拨规则，请人工分拨");
    }

    #[test]
    fn target_carries_station_and_team() {
        let mut rules = table();
        rules[4].target = DispatchTarget { dept_id: 7, station_id: Some(3), team: Some("一组".into()) };
        let (t, id) = dispatch(&rules, Complaint, &[], Some("120116001000")).unwrap_or((target(0), 0));
        assert_eq!((t.dept_id, t.station_id, t.team.as_deref(), id), (7, Some(3), Some("一组"), 5));
    }
}
