//! Grid registry demo data (网格监管演示数据): the entity-tag and risk-level dictionaries (every instance), and for
//! the demo ~300 market entities in the Binhai demo cells — names, credit codes and coordinates generated
//! deterministically, clearly marked 演示 — including the respondents of the demo matters, a few entities outside
//! every cell (待落格) to fix, grid-inspector assignments and the grid permissions of the demo roles.

use anyhow::Context;
use chrono::Utc;
use zhibao_domain::case::ids::CreditCode;
use zhibao_domain::grid::place::place_all;
use zhibao_domain::scope::DataScope;
use zhibao_domain::validate::{Key, Name, Status};
use zhibao_store::grid::NewEntity;
use zhibao_store::roles::RoleInput;
use zhibao_store::{Store, Ts};

use crate::routes::grid::indexes;

type Dict = (String, String, Vec<(String, String, String, String)>);

fn entry(v: &str, zh: &str, en: &str, tag: &str) -> (String, String, String, String) {
    (v.into(), zh.into(), en.into(), tag.into())
}

/// The grid dictionaries: entity tags (`grid_entity_tag`) and risk levels (`grid_risk_level`).
pub fn dicts() -> Vec<Dict> {
    vec![
        (
            "grid_entity_tag".into(),
            "市场主体标签".into(),
            vec![
                entry("whitelist", "白名单", "Whitelist", "success"),
                entry("demo_enterprise", "示范企业", "Model enterprise", "primary"),
                entry("key_supervision", "重点监管", "Key supervision", "danger"),
                entry("repeat_infringer", "重复侵权", "Repeat infringer", "warning"),
                entry("station_member", "工作站成员单位", "Station member", "info"),
            ],
        ),
        (
            "grid_risk_level".into(),
            "风险等级".into(),
            vec![
                entry("low", "低", "Low", "success"),
                entry("medium", "中", "Medium", "warning"),
                entry("high", "高", "High", "danger"),
            ],
        ),
    ]
}

/// Grid permissions added to the demo roles: leaders and officers view, the department administrator manages,
/// grid inspectors see and edit the entities of their own cells and the map.
const ROLE_GRANTS: &[(&str, &[&str])] = &[
    ("leader", &["grid:entity:list", "grid:entity:export", "grid:geo:list", "grid:heatmap:view"]),
    (
        "dept_admin",
        &[
            "grid:entity:list",
            "grid:entity:add",
            "grid:entity:edit",
            "grid:entity:remove",
            "grid:entity:import",
            "grid:entity:export",
            "grid:geo:list",
            "grid:geo:import",
            "grid:geo:generate",
            "grid:geo:station",
            "grid:geo:assign",
            "grid:heatmap:view",
        ],
    ),
    ("case_officer", &["grid:entity:list", "grid:heatmap:view"]),
    ("grid_inspector", &["grid:entity:list", "grid:entity:edit", "grid:heatmap:view"]),
];

const WORDS: &[&str] = &[
    "海河", "渤海", "津港", "泰达", "临港", "滨城", "海丰", "瀚海", "北塘", "汉沽", "大港", "新港", "蓝鲸", "海晟",
    "宏信", "锦程", "恒瑞", "万通", "华芯", "中盛", "鑫源", "启航", "远洋", "海纳",
];
/// (industry code, business word).
const TRADES: &[(&str, &str)] = &[
    ("C2710", "生物医药"),
    ("C3911", "电子科技"),
    ("C3841", "新能源"),
    ("C1751", "服饰"),
    ("F5137", "日用品贸易"),
    ("F5271", "商贸"),
    ("I6513", "软件"),
    ("I6420", "网络科技"),
    ("M7320", "技术研究"),
    ("G5932", "物流"),
    ("H6210", "餐饮管理"),
    ("L7251", "知识产权代理"),
];

/// The respondents of the demo matters (seed_matters.rs), registered so the matter measures have cells.
const MATTER_RESPONDENTS: &[&str] =
    &["某某电子商务有限公司", "某某贸易有限公司", "某某科技有限公司", "某某商贸有限公司", "某某进出口有限公司"];

/// A small deterministic generator (xorshift64*), so the demo is the same on every run.
struct Gen(u64);

impl Gen {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn pick<'a, T>(&mut self, v: &'a [T]) -> &'a T {
        &v[(self.next() % v.len() as u64) as usize]
    }
}

/// A valid demo credit code: 市场监管 (9), 企业 (1), Binhai (120116), organisation code `MA` + 6 digits.
pub fn demo_credit_code(n: u32) -> String {
    CreditCode::complete(&format!("91120116MA{:06}", n % 1_000_000)).map(|c| c.as_str().to_string()).unwrap_or_default()
}

async fn grant_roles(store: &Store) -> anyhow::Result<()> {
    for (key, perms) in ROLE_GRANTS {
        let Some(id) = store.role_id_by_key(key).await? else { continue };
        let r = store.get_role(id).await?;
        let mut permissions = r.permissions.clone();
        for p in *perms {
            if !permissions.iter().any(|x| x == p) {
                permissions.push(p.to_string());
            }
        }
        let input = RoleInput {
            key: Key::parse(&r.key)?,
            name: Name::parse(&r.name)?,
            data_scope: DataScope::parse(&r.data_scope).context("role scope")?,
            dept_ids: r.dept_ids.clone(),
            permissions,
            require_totp: r.require_totp,
            sort: r.sort,
            status: Status::parse(&r.status)?,
        };
        store.update_role(id, &input).await?;
    }
    Ok(())
}

/// Seed the grid demo (idempotent: does nothing when entities exist).
pub async fn demo(store: &Store) -> anyhow::Result<()> {
    if store.meta("demo_grid").await?.is_some() {
        return Ok(());
    }
    grant_roles(store).await?;
    let dept = store.dept_by_code("BH-SCJGJ").await?.context("demo department BH-SCJGJ")?.id;
    let cells = store.list_cells(None).await?;
    let areas = store.list_areas().await?;
    let mut g = Gen(0x5EED_0006_2026_1205);
    let mut entities: Vec<NewEntity> = Vec::new();
    let mut n = 0u32;
    let mut push =
        |e: &mut Vec<NewEntity>, name: String, industry: &str, lon: Option<f64>, lat: Option<f64>, g: &mut Gen| {
            n += 1;
            let roll = g.unit();
            let (risk, tags): (&str, Vec<String>) = if roll < 0.08 {
                ("high", vec!["key_supervision".into()])
            } else if roll < 0.25 {
                ("medium", vec![])
            } else if roll < 0.35 {
                ("low", vec!["whitelist".into()])
            } else if roll < 0.40 {
                ("low", vec!["demo_enterprise".into(), "whitelist".into()])
            } else {
                ("low", vec![])
            };
            let rights = if g.unit() < 0.5 {
                vec![format!("ZL2023{:07}.X", 1_000_000 + n)]
            } else if g.unit() < 0.5 {
                vec![format!("第{}号商标", 30_000_000 + n * 7)]
            } else {
                vec![]
            };
            e.push(NewEntity {
                credit_code: demo_credit_code(n),
                name,
                legal_rep: Some(format!("演示法人{n}")),
                address: Some(format!("滨海新区演示路{n}号（演示地址）")),
                lon: lon.map(|v| (v * 1e6).round() / 1e6),
                lat: lat.map(|v| (v * 1e6).round() / 1e6),
                industry: industry.into(),
                rights,
                tags,
                risk_level: risk.into(),
                dept_id: dept,
                status: "active".into(),
                area_id: None,
                cell_id: None,
            });
        };
    // A point inside a cell: sample its bounding box until the point falls inside (cells are small convex-ish
    // polygons, so a handful of tries suffice).
    let (cell_index, area_index) = indexes(store).await?;
    let point_in = |code: &str, g: &mut Gen| -> Option<(f64, f64)> {
        let c = cells.iter().find(|c| c.code == code)?;
        let v: serde_json::Value = serde_json::from_str(&c.geometry).ok()?;
        let polys = zhibao_domain::grid::geojson::polygons_of(&v).ok()?;
        let ring = polys.first()?.first()?;
        let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
        for p in ring {
            x0 = x0.min(p[0]);
            y0 = y0.min(p[1]);
            x1 = x1.max(p[0]);
            y1 = y1.max(p[1]);
        }
        for _ in 0..200 {
            let (x, y) = (x0 + g.unit() * (x1 - x0), y0 + g.unit() * (y1 - y0));
            if cell_index.locate(x, y).map(|r| r.id) == Some(c.id) {
                return Some((x, y));
            }
        }
        None
    };
    // The demo matters' respondents, in cells of 塘沽街道 and the development zone.
    for (i, name) in MATTER_RESPONDENTS.iter().enumerate() {
        let code = cells.get(i * 3).map(|c| c.code.clone()).unwrap_or_default();
        let (lon, lat) = point_in(&code, &mut g).unzip();
        let industry = g.pick(TRADES).0;
        push(&mut entities, name.to_string(), industry, lon, lat, &mut g);
    }
    // Denser in the functional zones (功能区) and central streets: 1–3 entities per cell there, 0–2 elsewhere.
    for c in &cells {
        let area = areas.iter().find(|a| a.id == c.area_id);
        let heavy = area.is_some_and(|a| a.kind == "zone" || a.code.as_str() <= "120116008");
        let k = if heavy { 1 + (g.next() % 3) } else { g.next() % 3 };
        for _ in 0..k {
            if let Some((lon, lat)) = point_in(&c.code, &mut g) {
                let (industry, trade) = *g.pick(TRADES);
                let name = format!("{}{}{}有限公司（演示）", g.pick(WORDS), trade, entities.len() + 1);
                push(&mut entities, name, industry, Some(lon), Some(lat), &mut g);
            }
        }
    }
    // Entities to fix (待落格): out at sea, and one without coordinates.
    for (i, (lon, lat)) in [(118.30, 38.95), (118.35, 39.10), (118.20, 38.60), (117.95, 38.40)].into_iter().enumerate()
    {
        push(
            &mut entities,
            format!("海上演示作业有限公司{}（演示，待落格）", i + 1),
            "G5932",
            Some(lon),
            Some(lat),
            &mut g,
        );
    }
    push(&mut entities, "坐标缺失演示有限公司（演示，待落格）".into(), "F5271", None, None, &mut g);
    let placed =
        place_all(&cell_index, &area_index, entities.iter().enumerate().map(|(i, e)| (i as i64, e.lon, e.lat)));
    for (i, area, cell) in placed {
        if let Some(e) = entities.get_mut(i as usize) {
            e.area_id = area;
            e.cell_id = cell;
        }
    }
    store
        .insert_entities(&entities, None, Ts::new(Utc::now()))
        .await
        .map_err(|(i, e)| anyhow::anyhow!("demo entity {i}: {e}"))?;
    // The demo grid inspector looks after the first cells of 塘沽街道.
    if let Some(uid) = store.user_id_by_name("inspector").await? {
        for c in cells.iter().filter(|c| c.code.starts_with("120116001-")).take(4) {
            store.set_cell_inspectors(c.id, &[uid], Ts::new(Utc::now())).await?;
        }
    }
    store.set_meta("demo_grid", "true").await?;
    Ok(())
}
