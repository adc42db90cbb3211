//! Triage (繁简分流): sort a new matter onto the simple track (简案, handled quickly by one officer) or the
//! ordinary track (繁案, full procedure, collegial review).
//!
//! The rules are data: an ordered list of [`TriageRule`]s, each a conjunction of [`Condition`]s and the
//! [`Track`] it sends a matter to. They derive serde so a deployment keeps its own table (as JSON in the
//! database) and changes it without a release. [`triage`] checks the rules in order and the first rule whose
//! conditions all hold decides; when none holds the matter is simple. [`default_rules`] is a starting table.

use serde::{Deserialize, Serialize};

use super::matter::MatterType;

/// The track a matter is handled on (办理程序).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Track {
    /// 简案: simple facts, quick handling.
    Simple,
    /// 繁案: the ordinary, full procedure.
    Ordinary,
}

impl Track {
    /// The stored code: `simple`, `ordinary`.
    pub fn code(self) -> &'static str {
        match self {
            Self::Simple => "simple",
            Self::Ordinary => "ordinary",
        }
    }

    /// The Chinese name.
    pub fn name_zh(self) -> &'static str {
        match self {
            Self::Simple => "简案",
            Self::Ordinary => "繁案",
        }
    }
}

/// What is known of a matter at intake, as far as triage needs it (案件要素).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MatterFacts {
    /// The matter type.
    pub matter_type: MatterType,
    /// The amount involved (涉案金额) in fen (分), when stated.
    pub amount_cents: Option<i64>,
    /// Number of rights involved.
    pub rights: usize,
    /// Number of respondents.
    pub respondents: usize,
    /// A party or the infringement is outside the area (跨区域).
    pub cross_region: bool,
    /// A foreign (or Hong Kong, Macao, Taiwan) party is involved (涉外).
    pub foreign_party: bool,
    /// Number of infringing links (URLs) listed.
    pub urls: usize,
}

/// One test on [`MatterFacts`]. In JSON (serde's external tagging, snake_case): `{"type_in":["adjudication"]}`,
/// `{"amount_at_least":50000000}`, `"cross_region"`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Condition {
    /// The matter type is one of these.
    TypeIn(Vec<MatterType>),
    /// The amount is stated and at least this many fen (a matter without an amount does not match).
    AmountAtLeast(i64),
    /// At least this many rights.
    RightsAtLeast(usize),
    /// At least this many respondents.
    RespondentsAtLeast(usize),
    /// At least this many infringing links.
    UrlsAtLeast(usize),
    /// The matter is cross-region.
    CrossRegion,
    /// A foreign party is involved.
    ForeignParty,
}

impl Condition {
    /// Whether the condition holds for `facts`.
    pub fn holds(&self, facts: &MatterFacts) -> bool {
        match self {
            Self::TypeIn(types) => types.contains(&facts.matter_type),
            Self::AmountAtLeast(min) => facts.amount_cents.is_some_and(|a| a >= *min),
            Self::RightsAtLeast(min) => facts.rights >= *min,
            Self::RespondentsAtLeast(min) => facts.respondents >= *min,
            Self::UrlsAtLeast(min) => facts.urls >= *min,
            Self::CrossRegion => facts.cross_region,
            Self::ForeignParty => facts.foreign_party,
        }
    }
}

/// A named triage rule (分流规则): when every condition in `when` holds, the matter goes to `track`. A rule with
/// no conditions always holds (a catch-all; rules after it are never reached).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TriageRule {
    /// The name shown to staff as the reason (unique within a table).
    pub name: String,
    /// The conditions, all of which must hold.
    pub when: Vec<Condition>,
    /// The track the rule decides.
    pub track: Track,
}

impl TriageRule {
    /// Whether every condition holds for `facts`.
    pub fn holds(&self, facts: &MatterFacts) -> bool {
        self.when.iter().all(|c| c.holds(facts))
    }
}

/// The result of [`triage`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TriageOutcome {
    /// The track decided.
    pub track: Track,
    /// The names of every rule whose conditions held, in table order; the first one decided the track. Empty
    /// when no rule held and the matter defaulted to [`Track::Simple`]. The later names are shown to staff as
    /// further reasons (e.g. both "涉外" and "跨区域").
    pub matched: Vec<String>,
}

/// Sort a matter: rules are checked in order, the first rule whose conditions all hold decides the track; no
/// rule → [`Track::Simple`].
pub fn triage(facts: &MatterFacts, rules: &[TriageRule]) -> TriageOutcome {
    let fired: Vec<&TriageRule> = rules.iter().filter(|r| r.holds(facts)).collect();
    TriageOutcome {
        track: fired.first().map_or(Track::Simple, |r| r.track),
        matched: fired.iter().map(|r| r.name.clone()).collect(),
    }
}

/// 500 000 yuan in fen: the default amount from which a matter is ordinary.
pub const DEFAULT_ORDINARY_AMOUNT_CENTS: i64 = 500_000 * 100;

/// The default table. **Local policy defaults, not statute**: no law fixes these thresholds; they reflect common
/// 繁简分流 practice and are meant to be reviewed and replaced by the administration's own table. In order,
/// a matter is ordinary when it is:
///
/// 1. a patent-infringement administrative adjudication (a quasi-judicial procedure with hearings);
/// 2. foreign-related (涉外, incl. Hong Kong, Macao, Taiwan);
/// 3. cross-region (跨区域, needs coordination with other administrations);
/// 4. about an amount of at least 500 000 yuan ([`DEFAULT_ORDINARY_AMOUNT_CENTS`]);
/// 5. about 3 or more rights;
/// 6. against 3 or more respondents.
///
/// Everything else is simple (the default of [`triage`]).
pub fn default_rules() -> Vec<TriageRule> {
    let ordinary =
        |name: &str, when: Vec<Condition>| TriageRule { name: name.to_string(), when, track: Track::Ordinary };
    vec![
        ordinary("行政裁决请求按普通程序办理", vec![Condition::TypeIn(vec![MatterType::Adjudication])]),
        ordinary("涉外（含港澳台）", vec![Condition::ForeignParty]),
        ordinary("跨区域", vec![Condition::CrossRegion]),
        ordinary("涉案金额50万元以上", vec![Condition::AmountAtLeast(DEFAULT_ORDINARY_AMOUNT_CENTS)]),
        ordinary("涉及3项以上权利", vec![Condition::RightsAtLeast(3)]),
        ordinary("被投诉人3个以上", vec![Condition::RespondentsAtLeast(3)]),
    ]
}

/// A problem in a triage table.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TriageTableError {
    /// A rule without a name.
    #[error("第 {0} 条分流规则缺少名称")]
    EmptyName(usize),
    /// Two rules share a name (the name is the reason shown to staff).
    #[error("分流规则名称重复：{0}")]
    DuplicateName(String),
    /// A negative amount threshold.
    #[error("分流规则“{0}”的金额门槛不能为负数")]
    NegativeAmount(String),
    /// A rule after a catch-all (a rule without conditions) can never decide.
    #[error("分流规则“{rule}”位于无条件规则“{after}”之后，永远不会生效")]
    Unreachable {
        /// The unreachable rule.
        rule: String,
        /// The catch-all before it.
        after: String,
    },
}

/// Check a table before it is saved: names present and unique, no negative amounts, nothing after a catch-all.
/// Every problem is reported, in table order.
pub fn check_rules(rules: &[TriageRule]) -> Result<(), Vec<TriageTableError>> {
    let mut errors = Vec::new();
    let mut names = std::collections::BTreeSet::new();
    let mut catch_all: Option<&str> = None;
    for (i, rule) in rules.iter().enumerate() {
        let name = rule.name.trim();
        if name.is_empty() {
            errors.push(TriageTableError::EmptyName(i + 1));
        } else if !names.insert(name) {
            errors.push(TriageTableError::DuplicateName(name.to_string()));
        }
        if rule.when.iter().any(|c| matches!(c, Condition::AmountAtLeast(a) if *a < 0)) {
            errors.push(TriageTableError::NegativeAmount(name.to_string()));
        }
        if let Some(after) = catch_all {
            errors.push(TriageTableError::Unreachable { rule: name.to_string(), after: after.to_string() });
        } else if rule.when.is_empty() {
            catch_all = Some(name);
        }
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
    use serde::de::value::{Error as DeError, StrDeserializer};
    use serde::de::IntoDeserializer;

    fn facts(matter_type: MatterType) -> MatterFacts {
        MatterFacts {
            matter_type,
            amount_cents: None,
            rights: 1,
            respondents: 1,
            cross_region: false,
            foreign_party: false,
            urls: 0,
        }
    }

    fn rule(name: &str, when: Vec<Condition>, track: Track) -> TriageRule {
        TriageRule { name: name.into(), when, track }
    }

    #[test]
    fn plain_matter_is_simple_by_default() {
        let out = triage(&facts(MatterType::Complaint), &default_rules());
        assert_eq!(out, TriageOutcome { track: Track::Simple, matched: vec![] });
        assert_eq!(triage(&facts(MatterType::Complaint), &[]).track, Track::Simple);
    }

    #[test]
    fn default_rules_fire_on_each_ground() {
        let rules = default_rules();
        assert_eq!(check_rules(&rules), Ok(()));
        let cases: Vec<(MatterFacts, &str)> = vec![
            (facts(MatterType::Adjudication), "行政裁决请求按普通程序办理"),
            (MatterFacts { foreign_party: true, ..facts(MatterType::Complaint) }, "涉外（含港澳台）"),
            (MatterFacts { cross_region: true, ..facts(MatterType::Report) }, "跨区域"),
            (MatterFacts { amount_cents: Some(50_000_000), ..facts(MatterType::Mediation) }, "涉案金额50万元以上"),
            (MatterFacts { rights: 3, ..facts(MatterType::EcommerceNotice) }, "涉及3项以上权利"),
            (MatterFacts { respondents: 3, ..facts(MatterType::Complaint) }, "被投诉人3个以上"),
        ];
        for (f, name) in cases {
            let out = triage(&f, &rules);
            assert_eq!(out.track, Track::Ordinary, "{name}");
            assert_eq!(out.matched, vec![name.to_string()]);
        }
        // Just below each threshold: simple.
        let below = MatterFacts {
            amount_cents: Some(49_999_999),
            rights: 2,
            respondents: 2,
            urls: 500,
            ..facts(MatterType::Complaint)
        };
        assert_eq!(triage(&below, &rules).track, Track::Simple);
    }

    #[test]
    fn first_matching_rule_decides_and_all_matches_are_listed() {
        let f = MatterFacts { foreign_party: true, cross_region: true, ..facts(MatterType::Adjudication) };
        let out = triage(&f, &default_rules());
        assert_eq!(out.track, Track::Ordinary);
        assert_eq!(out.matched, ["行政裁决请求按普通程序办理", "涉外（含港澳台）", "跨区域"]);

        // Order matters: a simple rule placed first wins over a later ordinary one.
        let rules = vec![
            rule("电商通知一律简案", vec![Condition::TypeIn(vec![MatterType::EcommerceNotice])], Track::Simple),
            rule("链接20条以上", vec![Condition::UrlsAtLeast(20)], Track::Ordinary),
        ];
        let many_links = MatterFacts { urls: 40, ..facts(MatterType::EcommerceNotice) };
        let out = triage(&many_links, &rules);
        assert_eq!(out.track, Track::Simple);
        assert_eq!(out.matched, ["电商通知一律简案", "链接20条以上"]);
        let reversed: Vec<TriageRule> = rules.into_iter().rev().collect();
        assert_eq!(triage(&many_links, &reversed).track, Track::Ordinary);
    }

    #[test]
    fn all_conditions_of_a_rule_must_hold() {
        let rules =
            vec![rule("大额跨区域", vec![Condition::CrossRegion, Condition::AmountAtLeast(100)], Track::Ordinary)];
        let only_cross = MatterFacts { cross_region: true, ..facts(MatterType::Complaint) };
        assert_eq!(triage(&only_cross, &rules).track, Track::Simple);
        let both = MatterFacts { amount_cents: Some(100), ..only_cross };
        assert_eq!(triage(&both, &rules).track, Track::Ordinary);
        // A missing amount never meets an amount threshold, not even 0.
        let rules = vec![rule("有金额", vec![Condition::AmountAtLeast(0)], Track::Ordinary)];
        assert_eq!(triage(&facts(MatterType::Complaint), &rules).track, Track::Simple);
    }

    #[test]
    fn table_checks() {
        let rules = vec![
            rule("", vec![Condition::CrossRegion], Track::Ordinary),
            rule("a", vec![Condition::AmountAtLeast(-1)], Track::Ordinary),
            rule("a", vec![], Track::Simple),
            rule("b", vec![Condition::ForeignParty], Track::Ordinary),
        ];
        assert_eq!(
            check_rules(&rules),
            Err(vec![
                TriageTableError::EmptyName(1),
                TriageTableError::NegativeAmount("a".into()),
                TriageTableError::DuplicateName("a".into()),
                TriageTableError::Unreachable { rule: "b".into(), after: "a".into() },
            ])
        );
        assert_eq!(
            TriageTableError::Unreachable { rule: "b".into(), after: "a".into() }.to_string(),
            "分流规则“b”位于无条件规则“a”之后，永远不会生效"
        );
    }

    #[test]
    fn track_serde_names() {
        for t in [Track::Simple, Track::Ordinary] {
            let de: StrDeserializer<'_, DeError> = t.code().into_deserializer();
            assert_eq!(Track::deserialize(de), Ok(t));
        }
        let de: StrDeserializer<'_, DeError> = "cross_region".into_deserializer();
        assert_eq!(Condition::deserialize(de), Ok(Condition::CrossRegion));
        assert_eq!(Track::Ordinary.name_zh(), "繁案");
    }
}
