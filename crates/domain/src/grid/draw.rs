//! The verifiable "双随机、一公开" draw (随机抽取检查对象、随机选派执法检查人员).
//!
//! Rules: 《国务院关于在市场监管领域全面推行部门联合"双随机、一公开"监管的意见》(国发〔2019〕5号) and
//! procedure.md §5 — random objects, random inspectors, at least two certified inspectors per task, interested
//! inspectors recuse, results published. They are kept as data with their citations in [`DRAW_RULES`].
//!
//! The draw is a commit–reveal scheme, so that anyone can check afterwards that the office neither chose the
//! entities nor changed the pools once it knew the outcome:
//!
//! 1. **Commit** ([`commit`]): before the draw the office publishes a [`Commitment`] — the SHA-256 of a secret
//!    32-byte [`Seed`], the SHA-256 of the canonical bytes of the entity pool (检查对象名录库) and of the inspector
//!    pool (执法检查人员名录库), the [`DrawParams`], and the hash of all of that.
//! 2. **Draw** ([`draw`]): the seed is revealed (and, when the parameters name a public beacon, the beacon's value);
//!    the seed and both pools are checked against the commitment — a pool that changed is refused with
//!    [`DrawError::PoolChanged`] naming it — and the [`DrawRecord`] is computed as a deterministic function of
//!    (seed, beacon, pools, parameters).
//! 3. **Verify** ([`verify`], [`verify_record`]): anyone recomputes the record and gets the first difference.
//!
//! The exact byte formats are those of [`params_bytes`], [`entity_pool_bytes`], [`inspector_pool_bytes`],
//! [`commitment_bytes`], [`entity_key`] and [`inspector_block`], summarised below and spelled out in `docs/draw.md`;
//! `scripts/draw_verify.py` reproduces a record with Python's standard library only.
//!
//! # Byte formats
//!
//! All text is UTF-8, as given (no Unicode normalisation; values may not contain control characters, so the
//! separators below are unambiguous). `␟` is U+001F (unit separator) between fields, `␞` is U+001E between the items
//! of a list field, every line ends with `\n`. Numbers are decimal ASCII without sign or leading zeros.
//!
//! # Algorithm `zhibao-draw/1`
//!
//! - Draw key `K`: the 32 seed bytes; with a beacon, `SHA-256("zhibao.draw.beacon.v1" ␟ seed ␟ beacon)`.
//! - Entity key: `SHA-256(K ‖ "entity" ␟ id)`; the `k` entities with the smallest keys (32-byte big-endian
//!   comparison; equal keys by smaller id) are drawn, in ascending key order.
//! - For each drawn entity, in draw order, the inspectors (sorted by id, indices `0..n`) are visited in the order of a
//!   Fisher–Yates shuffle driven by the stream `SHA-256(K ‖ "inspector" ␟ entity id ␟ b)`, `b = 0, 1, …`, each
//!   block giving four big-endian `u64` values `r`; step `t` swaps position `t` with `t + r_t mod (n − t)` and visits
//!   the inspector then at position `t`. A visited inspector is recused ([`RecusalReason`]) or skipped at the load
//!   cap, or else taken, until `inspectors_per_task` are taken. If the walk ends first, the task is unstaffed
//!   ([`UnstaffedReason`]) and nobody is assigned to it.

mod canon;
mod check;
mod engine;
mod verify;

pub use canon::{
    commitment_bytes, draw_key, entity_key, entity_pool_bytes, entity_pool_sha256, inspector_block,
    inspector_pool_bytes, inspector_pool_sha256, params_bytes, params_sha256, seed_sha256,
};
pub use check::check;
pub use engine::{commit, draw, recusal_reasons, DrawError, PoolKind};
pub use verify::{verify, verify_record, VerifyError};

use crate::case::clock::RuleBasis;
use crate::case::ids::CreditCode;
use serde::{Deserialize, Serialize};
use std::fmt;

/// The algorithm version; a record or commitment naming another one is refused.
pub const ALGORITHM: &str = "zhibao-draw/1";
/// The format tag of a published [`DrawRecord`].
pub const RECORD_FORMAT: &str = "zhibao.draw.record.v1";

// ---------------------------------------------------------------------------------------------------------------
// Law as data
// ---------------------------------------------------------------------------------------------------------------

/// One rule the draw implements, with its source (status as in procedure.md's legend).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct DrawRule {
    /// Stable key.
    pub key: &'static str,
    /// The rule, in Chinese.
    pub rule_zh: &'static str,
    /// The rule, in English.
    pub rule_en: &'static str,
    /// The provision.
    pub citation: &'static str,
    /// Where the rule comes from; every basis except a read statute is configurable.
    pub basis: RuleBasis,
    /// Where the draw applies it.
    pub applied_in: &'static str,
}

/// The rules of the draw (procedure.md §5; 行政处罚法 text in `shared/domain/laws/`).
pub const DRAW_RULES: &[DrawRule] = &[
    DrawRule {
        key: "double_random",
        rule_zh: "随机抽取检查对象，随机选派执法检查人员，抽查事项和查处结果及时向社会公开",
        rule_en: "random selection of objects and random assignment of inspectors; items and results published",
        citation: "优化营商环境条例 第五十四条；国发〔2019〕5号",
        basis: RuleBasis::Statute,
        applied_in: "draw: entity keys and the inspector shuffle",
    },
    DrawRule {
        key: "one_list_two_libraries",
        rule_zh: "一单两库一细则：随机抽查事项清单、检查对象名录库、执法检查人员名录库",
        rule_en: "one item list and two pools: inspection items, the entity pool, the inspector pool",
        citation: "国市监信〔2019〕38号 第二部分",
        basis: RuleBasis::Secondary,
        applied_in: "InspectionItem, Pools, the pool hashes of the commitment",
    },
    DrawRule {
        key: "two_certified_inspectors",
        rule_zh: "执法人员应当具有行政执法资格，不得少于两人",
        rule_en: "inspectors hold an enforcement certificate; at least two per task",
        citation: "行政处罚法 第四十二条；部门抽查细则（每组不少于 2 人）",
        basis: RuleBasis::Statute,
        applied_in: "inspectors_per_task ≥ 2; recusal reason not_certified",
    },
    DrawRule {
        key: "recusal",
        rule_zh: "执法人员与检查对象有直接利害关系或者有其他关系可能影响公正执法的，应当回避",
        rule_en: "an inspector with an interest in, or another relation to, the entity recuses",
        citation: "行政处罚法 第四十三条",
        basis: RuleBasis::Statute,
        applied_in: "recusal reasons declared_conflict and relation",
    },
    DrawRule {
        key: "own_cell",
        rule_zh: "网格员不抽查本人负责网格内的检查对象",
        rule_en: "a grid inspector does not inspect entities of the cells in their own charge",
        citation: "本地规则（属地回避）",
        basis: RuleBasis::LocalStandard,
        applied_in: "recusal reason own_cell",
    },
    DrawRule {
        key: "ratio",
        rule_zh: "抽查比例由抽查计划确定，地方细则常见不低于 5%，每年至少一次",
        rule_en: "the share drawn is set by the plan; local rules commonly ≥ 5 %, at least yearly",
        citation: "地方抽查细则",
        basis: RuleBasis::LocalStandard,
        applied_in: "SampleSize",
    },
    DrawRule {
        key: "publication",
        rule_zh: "抽查结果自形成之日起 20 个工作日内公示",
        rule_en: "results are published within 20 working days",
        citation: "企业信息公示暂行条例 第六条",
        basis: RuleBasis::Statute,
        applied_in: "not here: the result clock of the inspection tasks",
    },
];

// ---------------------------------------------------------------------------------------------------------------
// Inputs
// ---------------------------------------------------------------------------------------------------------------

/// A market entity's id in the registry (市场主体 ID), ≥ 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct EntityId(pub i64);

/// An enforcement officer's id (执法人员 ID), ≥ 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct InspectorId(pub i64);

impl fmt::Display for EntityId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl fmt::Display for InspectorId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// An inspection item (检查事项) of the item list (随机抽查事项清单).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InspectionItem {
    /// The item's code in the list, 1–64 of `A–Z a–z 0–9 _ - .`.
    pub code: String,
    /// Its name, e.g. 商标使用行为的检查; 1–100 characters.
    pub name: String,
    /// The legal basis (检查依据), e.g. 商标法 第六十二条; 1–500 characters.
    pub citation: String,
}

/// One entry of the entity pool (检查对象名录库).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entity {
    /// Registry id.
    pub id: EntityId,
    /// Name (名称), 1–200 characters.
    pub name: String,
    /// 统一社会信用代码.
    pub credit_code: CreditCode,
    /// The grid cell the entity lies in (网格编码), 1–32 of `A–Z a–z 0–9 _ - .`.
    pub cell_code: String,
    /// Industry (国民经济行业分类, GB/T 4754), e.g. `C2710`; 1–8 ASCII letters and digits.
    pub industry_code: String,
    /// Tags (白名单, 示范企业, 重点监管 …), each 1–20 characters, no duplicates.
    #[serde(default)]
    pub tags: Vec<String>,
}

/// A declared conflict of interest (利害关系申报): with an entity, or with whatever entity holds a credit code.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Conflict {
    /// With the entity of this id.
    Entity(EntityId),
    /// With the entity holding this credit code (also when it is not, or not yet, in the pool).
    CreditCode(CreditCode),
}

/// One entry of the inspector pool (执法检查人员名录库).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Inspector {
    /// Staff id.
    pub id: InspectorId,
    /// Name (姓名), 1–50 characters.
    pub name: String,
    /// Department id, ≥ 1.
    pub dept_id: i64,
    /// Holds an enforcement certificate (执法证).
    pub certified: bool,
    /// Cells in the inspector's own charge (负责网格).
    #[serde(default)]
    pub cells: Vec<String>,
    /// Declared conflicts (利害关系申报).
    #[serde(default)]
    pub conflicts: Vec<Conflict>,
    /// Entities the inspector is recorded as related to (近亲属任职、曾任职 …), from the office's records.
    #[serde(default)]
    pub relations: Vec<EntityId>,
}

/// Both pools of a draw.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Pools {
    /// The entity pool (检查对象名录库).
    pub entities: Vec<Entity>,
    /// The inspector pool (执法检查人员名录库).
    pub inspectors: Vec<Inspector>,
}

impl Pools {
    /// Pools of these entries (in any order).
    pub fn new(entities: Vec<Entity>, inspectors: Vec<Inspector>) -> Self {
        Self { entities, inspectors }
    }

    /// Whether the pools are in canonical order (what [`Pools::canonicalise`] makes).
    pub fn is_canonical(&self) -> bool {
        self.entities.windows(2).all(|w| w[0].id <= w[1].id)
            && self.entities.iter().all(|e| e.tags.is_sorted())
            && self.inspectors.windows(2).all(|w| w[0].id <= w[1].id)
            && self.inspectors.iter().all(|i| {
                i.cells.is_sorted()
                    && i.relations.is_sorted()
                    && i.conflicts.windows(2).all(|w| canon::conflict_token(&w[0]) <= canon::conflict_token(&w[1]))
            })
    }

    /// Put the pools in canonical order: entries by id, list fields sorted as in the byte format (tags, cells and
    /// conflicts by their text, relations by number). The canonical bytes do not depend on this; records do.
    pub fn canonicalise(&mut self) {
        self.entities.sort_by_key(|e| e.id);
        for e in &mut self.entities {
            e.tags.sort();
        }
        self.inspectors.sort_by_key(|i| i.id);
        for i in &mut self.inspectors {
            i.cells.sort();
            i.conflicts.sort_by_cached_key(canon::conflict_token);
            i.relations.sort();
        }
    }
}

/// Which part of the registry the entity pool was taken from (抽查范围). Part of the parameters, so committed;
/// every pool entry must match it. An empty list means no restriction.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PoolFilter {
    /// Industry code prefixes (e.g. `C27`); an entity matches when its industry code starts with one.
    #[serde(default)]
    pub industry_prefixes: Vec<String>,
    /// Cell code prefixes (an area, or single cells); an entity matches when its cell code starts with one.
    #[serde(default)]
    pub cell_prefixes: Vec<String>,
    /// Tags that exclude an entity (e.g. 白名单).
    #[serde(default)]
    pub exclude_tags: Vec<String>,
}

impl PoolFilter {
    /// Whether `entity` belongs to the pool this filter describes.
    pub fn matches(&self, entity: &Entity) -> bool {
        let prefixed = |prefixes: &[String], value: &str| {
            prefixes.is_empty() || prefixes.iter().any(|p| value.starts_with(p.as_str()))
        };
        prefixed(&self.industry_prefixes, &entity.industry_code)
            && prefixed(&self.cell_prefixes, &entity.cell_code)
            && !entity.tags.iter().any(|t| self.exclude_tags.contains(t))
    }

    /// The entities of `registry` that match.
    pub fn apply(&self, registry: impl IntoIterator<Item = Entity>) -> Vec<Entity> {
        registry.into_iter().filter(|e| self.matches(e)).collect()
    }
}

/// How a ratio is rounded to a whole number of entities.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rounding {
    /// Down (向下取整).
    Floor,
    /// Up (向上取整).
    Ceil,
    /// To nearest, halves up (四舍五入).
    HalfUp,
}

impl Rounding {
    /// The code used in the byte format: `floor`, `ceil`, `half_up`.
    pub fn as_str(self) -> &'static str {
        match self {
            Rounding::Floor => "floor",
            Rounding::Ceil => "ceil",
            Rounding::HalfUp => "half_up",
        }
    }
}

/// How many entities to draw.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SampleSize {
    /// Exactly this many (1 ≤ k ≤ pool size).
    Count(u32),
    /// A share of the pool in basis points (万分之一, 500 = 5 %), 1–10000, rounded as said.
    Ratio {
        /// The share in basis points.
        basis_points: u32,
        /// The rounding rule.
        rounding: Rounding,
    },
}

impl SampleSize {
    /// The number of entities to draw from a pool of `pool` entries (not checked against the pool: see [`check`]).
    /// `ratio`: `floor(pool·bp/10000)`, `ceil(…)` or `floor((pool·bp + 5000)/10000)`, in integers.
    pub fn resolve(self, pool: usize) -> u64 {
        match self {
            SampleSize::Count(k) => u64::from(k),
            SampleSize::Ratio { basis_points, rounding } => {
                let product = pool as u64 * u64::from(basis_points);
                match rounding {
                    Rounding::Floor => product / 10_000,
                    Rounding::Ceil => product.div_ceil(10_000),
                    Rounding::HalfUp => (product + 5_000) / 10_000,
                }
            }
        }
    }
}

/// How many tasks one inspector may receive in one draw (load balancing).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LoadCap {
    /// `ceil(k·m / c) + 1`, with k entities drawn, m inspectors per task, c certified inspectors in the pool.
    #[default]
    Auto,
    /// At most this many (≥ 1).
    Fixed(u32),
    /// No cap.
    Unlimited,
}

impl LoadCap {
    /// The cap for `k` tasks of `m` inspectors with `certified` certified inspectors; `None` = unlimited.
    pub fn resolve(self, k: u64, m: u32, certified: usize) -> Option<u64> {
        match self {
            LoadCap::Auto => Some((k * u64::from(m)).div_ceil((certified as u64).max(1)) + 1),
            LoadCap::Fixed(c) => Some(u64::from(c)),
            LoadCap::Unlimited => None,
        }
    }
}

/// The parameters of a draw; all of them are committed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DrawParams {
    /// The draw's id (抽查任务编号), 2–64 of `A–Z a–z 0–9 _ - .`, starting with a letter or digit.
    pub draw_id: String,
    /// The plan year (年度), 2000–2100.
    pub year: i32,
    /// The inspection item.
    pub item: InspectionItem,
    /// The scope the entity pool was taken from.
    #[serde(default)]
    pub filter: PoolFilter,
    /// How many entities.
    pub sample: SampleSize,
    /// Inspectors per task, at least 2 (行政处罚法 第四十二条).
    pub inspectors_per_task: u32,
    /// Tasks per inspector.
    #[serde(default)]
    pub load_cap: LoadCap,
    /// A public random value the draw will also depend on, named before it exists (e.g. 某期福利彩票开奖号码, or a
    /// witness's number announced at the draw), 1–200 characters. Without one, the office that picks the seed could
    /// try seeds until it likes the outcome before committing; with one it cannot, because the beacon is unknown at
    /// commitment time. `None` = seed only.
    #[serde(default)]
    pub beacon_source: Option<String>,
}

/// The secret seed: 32 random bytes from the caller's CSPRNG. Its `Debug` does not show it.
#[derive(Clone, PartialEq, Eq)]
pub struct Seed([u8; 32]);

impl Seed {
    /// A seed of these bytes.
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        Self(bytes)
    }

    /// Parse 64 hex digits.
    pub fn parse_hex(raw: &str) -> Result<Self, String> {
        let mut bytes = [0u8; 32];
        hex::decode_to_slice(raw.trim(), &mut bytes)
            .map_err(|e| format!("种子应为 64 位十六进制数 / seed must be 64 hex digits: {e}"))?;
        Ok(Self(bytes))
    }

    /// The bytes.
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// Lowercase hex.
    pub fn to_hex(&self) -> String {
        hex::encode(self.0)
    }
}

impl fmt::Debug for Seed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Seed(…)")
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Commitment and record
// ---------------------------------------------------------------------------------------------------------------

/// What is published before the draw (抽查公告). All hashes are lowercase hex SHA-256.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Commitment {
    /// [`ALGORITHM`].
    pub algorithm: String,
    /// The parameters.
    pub params: DrawParams,
    /// SHA-256 of [`params_bytes`].
    pub params_sha256: String,
    /// SHA-256 of the 32 seed bytes.
    pub seed_sha256: String,
    /// SHA-256 of [`entity_pool_bytes`].
    pub entity_pool_sha256: String,
    /// Entries in the entity pool.
    pub entity_count: u64,
    /// SHA-256 of [`inspector_pool_bytes`].
    pub inspector_pool_sha256: String,
    /// Entries in the inspector pool.
    pub inspector_count: u64,
    /// SHA-256 of [`commitment_bytes`] (which cover every field above).
    pub commitment_sha256: String,
}

/// One drawn entity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Selected {
    /// Position in draw order, from 1.
    pub rank: u64,
    /// The entity.
    pub entity_id: EntityId,
    /// Its key [`entity_key`], hex.
    pub key: String,
}

/// Why an inspector may not inspect an entity (回避事由). When several apply all are listed, in this order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecusalReason {
    /// No enforcement certificate (未取得行政执法资格).
    NotCertified,
    /// The entity's cell is one of the inspector's own cells.
    OwnCell,
    /// The inspector declared a conflict with the entity (by id or credit code).
    DeclaredConflict,
    /// A recorded relation to the entity.
    Relation,
}

impl RecusalReason {
    /// The code: `not_certified`, `own_cell`, `declared_conflict`, `relation`.
    pub fn code(self) -> &'static str {
        match self {
            RecusalReason::NotCertified => "not_certified",
            RecusalReason::OwnCell => "own_cell",
            RecusalReason::DeclaredConflict => "declared_conflict",
            RecusalReason::Relation => "relation",
        }
    }
    /// Chinese label.
    pub fn zh(self) -> &'static str {
        match self {
            RecusalReason::NotCertified => "未取得行政执法资格",
            RecusalReason::OwnCell => "检查对象位于本人负责的网格",
            RecusalReason::DeclaredConflict => "本人申报与检查对象存在利害关系",
            RecusalReason::Relation => "与检查对象存在关联关系",
        }
    }
    /// English label.
    pub fn en(self) -> &'static str {
        match self {
            RecusalReason::NotCertified => "not certified for enforcement",
            RecusalReason::OwnCell => "entity lies in the inspector's own grid cell",
            RecusalReason::DeclaredConflict => "declared conflict of interest with the entity",
            RecusalReason::Relation => "recorded relation to the entity",
        }
    }
    /// The reason with its labels, as recorded.
    pub fn label(self) -> ReasonLabel<RecusalReason> {
        ReasonLabel { code: self, zh: self.zh().into(), en: self.en().into() }
    }
}

/// Why a task has no inspectors (未能配齐执法人员).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnstaffedReason {
    /// Fewer inspectors than needed are not recused.
    TooFewEligible,
    /// Enough are not recused, but too many of them have reached the load cap.
    LoadCapReached,
}

impl UnstaffedReason {
    /// The code: `too_few_eligible`, `load_cap_reached`.
    pub fn code(self) -> &'static str {
        match self {
            UnstaffedReason::TooFewEligible => "too_few_eligible",
            UnstaffedReason::LoadCapReached => "load_cap_reached",
        }
    }
    /// Chinese label.
    pub fn zh(self) -> &'static str {
        match self {
            UnstaffedReason::TooFewEligible => "无需回避的执法人员不足",
            UnstaffedReason::LoadCapReached => "无需回避的执法人员已达任务上限",
        }
    }
    /// English label.
    pub fn en(self) -> &'static str {
        match self {
            UnstaffedReason::TooFewEligible => "too few inspectors without a recusal",
            UnstaffedReason::LoadCapReached => "the inspectors without a recusal have reached the load cap",
        }
    }
}

/// A reason code with its Chinese and English labels, as published.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReasonLabel<C> {
    /// The code.
    pub code: C,
    /// Chinese label.
    pub zh: String,
    /// English label.
    pub en: String,
}

/// An entity's task that could not be staffed; never silent, the office staffs it by hand or draws again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unstaffed {
    /// Why.
    pub code: UnstaffedReason,
    /// Chinese label.
    pub zh: String,
    /// English label.
    pub en: String,
    /// Inspectors needed.
    pub needed: u32,
    /// Inspectors not recused.
    pub eligible: u32,
    /// Of those, skipped at the load cap.
    pub at_capacity: u32,
}

/// The inspection task of one drawn entity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Task {
    /// The entity.
    pub entity_id: EntityId,
    /// The inspectors, in the order drawn (the first one leads: 主查人); empty when unstaffed.
    pub inspectors: Vec<InspectorId>,
    /// Set when the task could not be staffed.
    pub unstaffed: Option<Unstaffed>,
}

/// An inspector visited for an entity and recused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recusal {
    /// The entity.
    pub entity_id: EntityId,
    /// The inspector.
    pub inspector_id: InspectorId,
    /// Every reason that applies, in [`RecusalReason`] order.
    pub reasons: Vec<ReasonLabel<RecusalReason>>,
}

/// An inspector visited for an entity and skipped because they had reached the load cap (not a recusal).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CapacitySkip {
    /// The entity.
    pub entity_id: EntityId,
    /// The inspector.
    pub inspector_id: InspectorId,
}

/// The published outcome of a draw (抽查结果): enough to recompute it alone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DrawRecord {
    /// [`RECORD_FORMAT`].
    pub format: String,
    /// [`ALGORITHM`].
    pub algorithm: String,
    /// The commitment published before the draw.
    pub commitment: Commitment,
    /// The revealed seed, hex.
    pub seed: String,
    /// The beacon's value, when the parameters name a beacon.
    pub beacon_value: Option<String>,
    /// Entities drawn (k).
    pub sample_size: u64,
    /// Tasks per inspector at most; `None` = unlimited.
    pub load_cap: Option<u64>,
    /// The drawn entities in draw order (ascending key).
    pub selection: Vec<Selected>,
    /// One task per drawn entity, in draw order.
    pub tasks: Vec<Task>,
    /// Recusals met while staffing, in the order met.
    pub recusals: Vec<Recusal>,
    /// Load-cap skips met while staffing, in the order met.
    pub capacity_skips: Vec<CapacitySkip>,
    /// Both pools, in canonical order.
    pub pools: Pools,
}

impl DrawRecord {
    /// The tasks that could not be staffed.
    pub fn unstaffed(&self) -> impl Iterator<Item = &Task> {
        self.tasks.iter().filter(|t| t.unstaffed.is_some())
    }

    /// The recusals of one entity.
    pub fn recusals_of(&self, entity: EntityId) -> impl Iterator<Item = &Recusal> {
        self.recusals.iter().filter(move |r| r.entity_id == entity)
    }
}
