//! Data every instance starts with (dictionaries, the administrator role, the root department), and the demo
//! data set for Binhai New Area (departments named in the seed plan's task list, roles and users for every kind
//! of user, areas, grid cells and protection stations — demo geometry, not real boundaries).

use anyhow::Context;
use chrono::Utc;
use serde::Deserialize;
use serde_json::Value;
use zhibao_domain::geo::{check_polygon, Ring};
use zhibao_domain::permission;
use zhibao_domain::scope::{DataScope, Filter};
use zhibao_domain::validate::{Key, Name, Status, Username};
use zhibao_store::depts::DeptInput;
use zhibao_store::dicts::EntryInput;
use zhibao_store::roles::RoleInput;
use zhibao_store::users::NewUser;
use zhibao_store::{Store, Ts};

use crate::auth;

/// The demo password of every demo account.
pub const DEMO_PASSWORD: &str = "Zhibao@2026";
/// Code of the root department.
pub const ROOT_DEPT: &str = "BH";

type DictSpec = (&'static str, &'static str, &'static [(&'static str, &'static str, &'static str, &'static str)]);

/// Dictionaries: (type, name, [(value, 中文, English, tag)]).
const DICTS: &[DictSpec] = &[
    ("sys_status", "状态", &[("active", "正常", "Active", "success"), ("disabled", "停用", "Disabled", "danger")]),
    (
        "dept_kind",
        "部门类型",
        &[
            ("root", "示范区", "Zone", "danger"),
            ("bureau", "委办局", "Bureau", "primary"),
            ("judicial", "司法机关", "Judicial body", "warning"),
            ("zone", "功能区", "Development zone", "success"),
            ("office", "科室/中心", "Office / centre", "info"),
            ("customs", "海关", "Customs", "warning"),
            ("enterprise", "企业", "Enterprise", ""),
        ],
    ),
    (
        "data_scope",
        "数据权限",
        &[
            ("all", "全部数据权限", "All data", "danger"),
            ("custom", "自定数据权限", "Custom departments", "warning"),
            ("dept", "本部门数据权限", "Own department", "primary"),
            ("dept_and_below", "本部门及以下数据权限", "Own department and below", "success"),
            ("self", "仅本人数据权限", "Own records only", "info"),
        ],
    ),
    (
        "login_result",
        "登录结果",
        &[
            ("ok", "成功", "Success", "success"),
            ("bad_password", "密码错误", "Wrong password", "danger"),
            ("unknown_user", "用户不存在", "Unknown user", "danger"),
            ("locked", "账号锁定", "Locked", "warning"),
            ("totp_required", "需动态口令", "TOTP required", "info"),
            ("bad_totp", "动态口令错误", "Wrong TOTP", "danger"),
            ("rate_limited", "请求过频", "Rate limited", "warning"),
            ("disabled", "账号停用", "Disabled", "info"),
        ],
    ),
    ("op_result", "操作结果", &[("ok", "成功", "Success", "success"), ("error", "失败", "Failed", "danger")]),
    (
        "area_kind",
        "区域类型",
        &[
            ("street", "街道", "Subdistrict", "primary"),
            ("town", "镇", "Town", "success"),
            ("zone", "功能区", "Development zone", "warning"),
        ],
    ),
];

/// The code lists of the case desk, from the domain (one source of truth): matter types, tracks, channels and
/// the states of every procedure.
fn case_dicts() -> Vec<(String, String, Vec<(String, String, String, String)>)> {
    use zhibao_domain::case::matter::{Channel, MatterType};
    let mut states: Vec<(String, String, String, String)> = Vec::new();
    for p in zhibao_domain::case::procedure::registry() {
        for st in p.states {
            if !states.iter().any(|x| x.0 == st.key) {
                let tag = if st.terminal { "success" } else { "primary" };
                states.push((st.key.into(), st.name_zh.into(), st.name_en.into(), tag.into()));
            }
        }
    }
    vec![
        (
            "matter_type".into(),
            "事项类型".into(),
            MatterType::ALL
                .iter()
                .map(|t| (t.code().into(), t.name_zh().into(), t.name_en().into(), "primary".into()))
                .collect(),
        ),
        (
            "matter_track".into(),
            "办理程序".into(),
            vec![
                ("simple".into(), "简易程序".into(), "Simple track".into(), "success".into()),
                ("ordinary".into(), "普通程序".into(), "Ordinary track".into(), "warning".into()),
            ],
        ),
        (
            "matter_channel".into(),
            "受理渠道".into(),
            Channel::ALL
                .iter()
                .map(|c| (c.code().into(), c.name_zh().into(), c.code().replace('_', " "), "info".into()))
                .collect(),
        ),
        ("matter_state".into(), "事项状态".into(), states),
    ]
}

/// Create what every instance needs: dictionaries missing from it (so a new release adds its code lists to an
/// existing instance), and — once — the `admin` role and the root department.
pub async fn bootstrap(store: &Store) -> anyhow::Result<()> {
    let existing: Vec<String> = store.list_dicts().await?.into_iter().map(|t| t.type_key).collect();
    let mut all: Vec<(String, String, Vec<(String, String, String, String)>)> = DICTS
        .iter()
        .map(|(k, n, e)| {
            (
                k.to_string(),
                n.to_string(),
                e.iter().map(|(a, b, c, d)| (a.to_string(), b.to_string(), c.to_string(), d.to_string())).collect(),
            )
        })
        .collect();
    all.extend(case_dicts());
    all.extend(crate::seed_grid::dicts()); // grid registry (helper A)
    for (key, name, entries) in all.iter().filter(|(k, _, _)| !existing.contains(k)) {
        let tid = store.create_dict_type(&Key::parse(key)?, &Name::parse(name)?, None).await?;
        for (i, (v, zh, en, tag)) in entries.iter().enumerate() {
            let e = EntryInput {
                value: Key::parse(v)?,
                label_zh: Name::parse(zh)?,
                label_en: Name::parse(en)?,
                tag: tag.to_string(),
                sort: i64::try_from(i)?,
                status: Status::Active,
            };
            store.create_dict_entry(tid, &e).await?;
        }
    }
    if store.meta("bootstrapped").await?.is_some() {
        return Ok(());
    }
    let now = Ts::new(Utc::now());
    store.create_role(&role("admin", "超级管理员", DataScope::All, &[permission::ALL], true, 1)?, now).await?;
    store.create_dept(&Filter::All, &dept(0, ROOT_DEPT, "滨海新区知识产权保护示范区", "root", 0)?, now).await?;
    store.set_meta("bootstrapped", "true").await?;
    Ok(())
}

fn role(key: &str, name: &str, scope: DataScope, perms: &[&str], totp: bool, sort: i64) -> anyhow::Result<RoleInput> {
    role_with(key, name, scope, perms.iter().map(|p| p.to_string()).collect(), totp, sort)
}

fn role_with(
    key: &str,
    name: &str,
    scope: DataScope,
    permissions: Vec<String>,
    totp: bool,
    sort: i64,
) -> anyhow::Result<RoleInput> {
    Ok(RoleInput {
        key: Key::parse(key)?,
        name: Name::parse(name)?,
        data_scope: scope,
        dept_ids: Vec::new(),
        permissions,
        require_totp: totp,
        sort,
        status: Status::Active,
    })
}

fn dept(parent_id: i64, code: &str, name: &str, kind: &str, sort: i64) -> anyhow::Result<DeptInput> {
    Ok(DeptInput {
        parent_id,
        name: Name::parse(name)?,
        code: Key::parse(code)?,
        kind: Key::parse(kind)?,
        leader: None,
        phone: None,
        sort,
        status: Status::Active,
    })
}

/// The demo departments: (code, parent code, name, kind).
const DEMO_DEPTS: &[(&str, &str, &str, &str)] = &[
    ("BH-SCJGJ", ROOT_DEPT, "区市场监管局（区知识产权局）", "bureau"),
    ("BH-SCJGJ-BHZX", "BH-SCJGJ", "知识产权保护中心", "office"),
    ("BH-SCJGJ-WQYZ", "BH-SCJGJ", "知识产权维权援助中心", "office"),
    ("BH-SCJGJ-ZFZD", "BH-SCJGJ", "综合执法支队知识产权大队", "office"),
    ("BH-SCJGJ-ZSCQK", "BH-SCJGJ", "知识产权科", "office"),
    ("BH-FY", ROOT_DEPT, "区法院", "judicial"),
    ("BH-JCY", ROOT_DEPT, "区检察院", "judicial"),
    ("BH-GAJ", ROOT_DEPT, "区公安局", "bureau"),
    ("BH-SFJ", ROOT_DEPT, "区司法局", "bureau"),
    ("BH-SFJ-TJWYH", "BH-SFJ", "知识产权纠纷人民调解委员会", "office"),
    ("BH-KJJ", ROOT_DEPT, "区科技局", "bureau"),
    ("BH-SCJ", ROOT_DEPT, "区商促局", "bureau"),
    ("BH-XCB", ROOT_DEPT, "区委宣传部", "bureau"),
    ("BH-WLJ", ROOT_DEPT, "区文旅局", "bureau"),
    ("BH-NW", ROOT_DEPT, "区农委", "bureau"),
    ("BH-JTJ", ROOT_DEPT, "区教体局", "bureau"),
    ("BH-WXB", ROOT_DEPT, "区委网信办", "bureau"),
    ("BH-WB", ROOT_DEPT, "区外办", "bureau"),
    ("BH-KX", ROOT_DEPT, "区科协", "bureau"),
    ("BH-GGB", ROOT_DEPT, "区委改革办", "bureau"),
    ("BH-JKQ", ROOT_DEPT, "经开区管委会", "zone"),
    ("BH-BSQ", ROOT_DEPT, "保税区管委会", "zone"),
    ("BH-GXQ", ROOT_DEPT, "高新区管委会", "zone"),
    ("BH-DJ", ROOT_DEPT, "东疆综保区管委会", "zone"),
    ("BH-STC", ROOT_DEPT, "中新天津生态城管委会", "zone"),
    ("BH-HG", ROOT_DEPT, "驻区海关", "customs"),
    ("BH-TJG", ROOT_DEPT, "天津港集团", "enterprise"),
    ("BH-QY", ROOT_DEPT, "企业与公众用户", "enterprise"),
];

const READ_ORG: &[&str] = &["system:dept:list", "system:user:list", "system:user:query", "geo:map:view"];

/// The demo accounts: (username, display name, dept code, role key).
pub const DEMO_USERS: &[(&str, &str, &str, &str)] = &[
    ("admin", "系统管理员（演示）", ROOT_DEPT, "admin"),
    ("leader", "区领导（演示）", ROOT_DEPT, "leader"),
    ("deptadmin", "监管局系统管理员（演示）", "BH-SCJGJ", "dept_admin"),
    ("officer", "维权援助办案员（演示）", "BH-SCJGJ-WQYZ", "case_officer"),
    ("mediator", "人民调解员（演示）", "BH-SFJ-TJWYH", "mediator"),
    ("inspector", "网格监管员（演示）", "BH-SCJGJ-ZFZD", "grid_inspector"),
    ("examiner", "保护中心审查员（演示）", "BH-SCJGJ-BHZX", "examiner"),
    ("expert", "技术调查专家（演示）", "BH-KX", "expert"),
    ("enterprise", "示例科技有限公司（演示）", "BH-QY", "enterprise"),
];

#[derive(Deserialize)]
struct GeoSeed {
    areas: Value,
    cells: Value,
    stations: Vec<StationSeed>,
}

#[derive(Deserialize)]
struct StationSeed {
    name: String,
    area_code: String,
    lon: f64,
    lat: f64,
    address: String,
    staff: Value,
}

/// Check a GeoJSON Polygon or MultiPolygon geometry.
pub fn check_geometry(g: &Value) -> anyhow::Result<()> {
    let polys: Vec<Vec<Ring>> = match g.get("type").and_then(Value::as_str) {
        Some("Polygon") => vec![serde_json::from_value(g["coordinates"].clone())?],
        Some("MultiPolygon") => serde_json::from_value(g["coordinates"].clone())?,
        other => anyhow::bail!("geometry type {other:?} is not Polygon or MultiPolygon"),
    };
    for p in &polys {
        check_polygon(p)?;
    }
    Ok(())
}

/// Fill a bootstrapped instance with the Binhai demo data and return the administrator's TOTP secret.
pub async fn demo(store: &Store) -> anyhow::Result<String> {
    bootstrap(store).await?;
    if let Some(secret) = store.meta("demo_admin_totp").await? {
        return Ok(secret);
    }
    let now = Ts::new(Utc::now());
    for (i, (code, parent, name, kind)) in DEMO_DEPTS.iter().enumerate() {
        let parent = store.dept_by_code(parent).await?.context("demo parent department")?;
        store.create_dept(&Filter::All, &dept(parent.id, code, name, kind, i64::try_from(i)?)?, now).await?;
    }
    let with = |base: &[&str], extra: Vec<String>| -> Vec<String> {
        let mut v: Vec<String> = base.iter().map(|p| p.to_string()).collect();
        v.extend(extra);
        v
    };
    let roles = [
        role_with(
            "leader",
            "领导",
            DataScope::All,
            with(
                &[
                    "system:dept:list",
                    "system:user:list",
                    "system:user:query",
                    "system:role:list",
                    "monitor:operlog:list",
                    "monitor:logininfor:list",
                    "geo:map:view",
                    "case:matter:list",
                    "case:matter:export",
                    "case:task:list",
                    "case:overdue:list",
                    "case:dispatch:list",
                    "case:calendar:list",
                    "evidence:item:view",
                    "evidence:ledger:view",
                    "evidence:ledger:verify",
                ],
                vec![],
            ),
            false,
            2,
        )?,
        role_with(
            "dept_admin",
            "部门管理员",
            DataScope::DeptAndBelow,
            with(
                &[
                    "system:dept:list",
                    "system:dept:add",
                    "system:dept:edit",
                    "system:dept:export",
                    "system:user:list",
                    "system:user:query",
                    "system:user:add",
                    "system:user:edit",
                    "system:user:resetPwd",
                    "system:user:export",
                    "system:user:import",
                    "monitor:operlog:list",
                    "geo:map:view",
                    "case:matter:list",
                    "case:matter:assign",
                    "case:matter:export",
                    "case:matter:group",
                    "case:matter:note",
                    "case:matter:refer",
                    "case:clock:suspend",
                    "case:clock:extend",
                    "case:reporter:view",
                    "case:overdue:list",
                    "case:task:list",
                    "case:dispatch:list",
                    "case:dispatch:edit",
                    "case:calendar:list",
                    "evidence:item:view",
                    "evidence:item:add",
                    "evidence:ledger:view",
                    "evidence:ledger:verify",
                    "evidence:ledger:peers",
                ],
                step_permissions(
                    &[
                        "complaint",
                        "report",
                        "assistance",
                        "mediation",
                        "adjudication",
                        "ecommerce_notice",
                        "import_export",
                    ],
                    true,
                ),
            ),
            false,
            3,
        )?,
        role_with(
            "case_officer",
            "办案人员",
            DataScope::DeptAndBelow,
            with(
                READ_ORG,
                with(
                    &[
                        "case:matter:list",
                        "case:matter:add",
                        "case:matter:export",
                        "case:matter:import",
                        "case:matter:assign",
                        "case:matter:group",
                        "case:matter:note",
                        "case:matter:refer",
                        "case:clock:suspend",
                        "case:reporter:view",
                        "case:task:list",
                        "case:calendar:list",
                        "evidence:item:view",
                        "evidence:item:add",
                        "evidence:ledger:view",
                    ],
                    step_permissions(
                        &["complaint", "report", "assistance", "ecommerce_notice", "import_export"],
                        false,
                    ),
                ),
            ),
            false,
            4,
        )?,
        role_with(
            "mediator",
            "调解员",
            DataScope::Dept,
            with(
                &[
                    "system:user:list",
                    "geo:map:view",
                    "case:matter:list",
                    "case:matter:note",
                    "case:task:list",
                    "case:calendar:list",
                    "evidence:item:view",
                ],
                step_permissions(&["mediation"], false)
                    .into_iter()
                    .chain(
                        [
                            "case:complaint:mediate",
                            "case:complaint:recusal",
                            "case:complaint:terminate",
                            "case:complaint:notify",
                        ]
                        .map(String::from),
                    )
                    .collect(),
            ),
            false,
            5,
        )?,
        role("grid_inspector", "网格员", DataScope::SelfOnly, &["geo:map:view"], false, 6)?,
        role_with(
            "examiner",
            "审查员",
            DataScope::Dept,
            with(
                READ_ORG,
                with(
                    &[
                        "case:matter:list",
                        "case:matter:note",
                        "case:task:list",
                        "case:calendar:list",
                        "evidence:item:view",
                        "evidence:item:add",
                    ],
                    step_permissions(&["adjudication"], false),
                ),
            ),
            false,
            7,
        )?,
        role("expert", "专家", DataScope::SelfOnly, &[], false, 8)?,
        role("enterprise", "企业用户", DataScope::SelfOnly, &[], false, 9)?,
    ];
    for r in &roles {
        store.create_role(r, now).await?;
    }
    let secret = auth::new_secret();
    let hash = auth::hash_password(DEMO_PASSWORD)?;
    let mut users = Vec::new();
    for (username, name, dept_code, role_key) in DEMO_USERS {
        let dept = store.dept_by_code(dept_code).await?.context("demo department")?;
        let role_id = store.role_id_by_key(role_key).await?.context("demo role")?;
        users.push(NewUser {
            username: Username::parse(username)?,
            display_name: Name::parse(name)?,
            password_hash: hash.clone(),
            dept_id: dept.id,
            role_ids: vec![role_id],
            phone: None,
            email: None,
            status: Status::Active,
            totp_secret: (*role_key == "admin").then(|| secret.clone()),
            created_by: None,
        });
    }
    store.create_users(&Filter::All, &users, now).await.map_err(|(i, e)| anyhow::anyhow!("demo user {i}: {e}"))?;
    seed_geography(store).await?;
    seed_dispatch(store).await?;
    crate::seed_grid::demo(store).await?; // grid registry (helper A)
    crate::seed_draws::demo(store).await?; // grid draws, tasks, events, joint actions (helper B)
    crate::seed_patent_analysis::seed(store).await?; // patent analytics demo (helper D)
    store.set_meta("demo", "true").await?;
    store.set_meta("demo_admin_totp", &secret).await?;
    Ok(secret)
}

/// The step permissions (`case:<type>:<action>`) of these procedures; extensions (approvals) only when asked.
fn step_permissions(kinds: &[&str], with_extensions: bool) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for k in kinds {
        if let Some(p) = zhibao_domain::case::procedure::for_kind(k) {
            for perm in p.permissions() {
                let is_extension = perm.ends_with(":extend");
                if (with_extensions || !is_extension) && !out.iter().any(|x| x == perm) {
                    out.push(perm.to_string());
                }
            }
        }
    }
    out
}

/// Demo dispatch rules (分拨规则): complaints, reports and assistance to the 维权援助中心, mediation to the people's
/// mediation committee, adjudication to the protection centre, port disputes to customs; anything else to the
/// 维权援助中心.
async fn seed_dispatch(store: &Store) -> anyhow::Result<()> {
    let rules: [(Option<&str>, &str, i64); 5] = [
        (None, "BH-SCJGJ-WQYZ", 0),
        (Some("mediation"), "BH-SFJ-TJWYH", 0),
        (Some("adjudication"), "BH-SCJGJ-BHZX", 0),
        (Some("import_export"), "BH-HG", 0),
        (Some("report"), "BH-SCJGJ-WQYZ", 0),
    ];
    for (t, code, priority) in rules {
        let dept = store.dept_by_code(code).await?.context("dispatch department")?;
        let row = zhibao_store::cases::DispatchRuleRow {
            id: 0,
            matter_type: t.map(str::to_string),
            right_kind: None,
            area_prefix: None,
            dept_id: dept.id,
            station_id: None,
            team: None,
            priority,
        };
        store.add_dispatch_rule(&row).await?;
    }
    Ok(())
}

async fn seed_geography(store: &Store) -> anyhow::Result<()> {
    let seed: GeoSeed = serde_json::from_str(include_str!("../seed/binhai-geo.json"))?;
    let mut area_ids = std::collections::HashMap::new();
    for f in seed.areas["features"].as_array().context("areas")? {
        let p = &f["properties"];
        check_geometry(&f["geometry"]).with_context(|| format!("area {}", p["code"]))?;
        let code = p["code"].as_str().context("area code")?;
        let id = store
            .insert_area(
                code,
                p["name"].as_str().context("name")?,
                p["kind"].as_str().context("kind")?,
                &f["geometry"].to_string(),
                true,
            )
            .await?;
        area_ids.insert(code.to_string(), id);
    }
    for f in seed.cells["features"].as_array().context("cells")? {
        let p = &f["properties"];
        check_geometry(&f["geometry"]).with_context(|| format!("cell {}", p["code"]))?;
        let area = area_ids.get(p["area_code"].as_str().context("area_code")?).context("cell area")?;
        store
            .insert_cell(
                p["code"].as_str().context("code")?,
                *area,
                p["name"].as_str().context("name")?,
                &f["geometry"].to_string(),
            )
            .await?;
    }
    let scjgj = store.dept_by_code("BH-SCJGJ").await?.map(|d| d.id);
    for s in &seed.stations {
        let area = area_ids.get(&s.area_code).context("station area")?;
        store.insert_station(&s.name, *area, scjgj, s.lon, s.lat, Some(&s.address), &s.staff.to_string()).await?;
    }
    Ok(())
}
