//! Grid draws demo (双随机一公开演示数据): an inspection-item list, seven certified inspectors (and one without a
//! certificate, to show a recusal), a COMPLETED draw (committed, drawn, every result entered, published) whose
//! downloaded record `zhibao draw verify` and `scripts/draw_verify.py` both reproduce, a drawn plan whose tasks stand
//! in several states (one result overdue for publication), a committed plan awaiting its draw, an ad-hoc task of
//! the demo inspector, grid events in every stage of the GB/T 30428 loop, and four joint enforcement actions.
//!
//! The demo seeds are fixed (derived from the draw number), so the demo is the same on every run; real draws take
//! their seed from the operating system's CSPRNG.

use anyhow::Context;
use chrono::{Duration, NaiveDate, Utc};
use sha2::{Digest, Sha256};
use zhibao_domain::grid::draw::{self, DrawParams, InspectionItem, LoadCap, PoolFilter, SampleSize, Seed};
use zhibao_domain::grid::event::{self, Stage, Step};
use zhibao_domain::grid::inspection::{self, Outcome};
use zhibao_domain::scope::{DataScope, Filter};
use zhibao_domain::validate::{Key, Name, Status, Username};
use zhibao_store::draws::{JointWrite, NewEvent, NewTask, StepWrite, TaskUpdate};
use zhibao_store::roles::RoleInput;
use zhibao_store::users::NewUser;
use zhibao_store::{Store, Ts};

use crate::routes::draws::{pools_now, tasks_of_record};

fn now() -> Ts {
    Ts::new(Utc::now())
}

fn ts_days_ago(days: i64) -> Ts {
    Ts::new(Utc::now() - Duration::days(days))
}

/// Permissions added to the demo roles.
const ROLE_GRANTS: &[(&str, &[&str])] = &[
    ("leader", &["grid:draw:list", "grid:task:list", "grid:event:list", "grid:joint:list"]),
    (
        "dept_admin",
        &[
            "grid:draw:list",
            "grid:draw:item",
            "grid:draw:inspector",
            "grid:draw:plan",
            "grid:draw:run",
            "grid:draw:publish",
            "grid:task:list",
            "grid:task:add",
            "grid:task:edit",
            "grid:task:matter",
            "grid:event:list",
            "grid:event:add",
            "grid:event:step",
            "grid:joint:list",
            "grid:joint:edit",
        ],
    ),
    ("case_officer", &["grid:task:list", "grid:event:list", "grid:event:step"]),
    (
        "grid_inspector",
        &["grid:task:list", "grid:task:edit", "grid:task:matter", "case:matter:add", "grid:event:list", "grid:event:add"],
    ),
];

/// The demo inspection items: (code, name, citation, checklist).
const ITEMS: &[(&str, &str, &str, &[&str])] = &[
    (
        "ZSCQ-001",
        "商标使用行为的检查",
        "商标法 第六十二条；国市监信〔2019〕38号",
        &["是否使用与注册商标相同或近似的标识", "注册商标标注是否规范（®/注）", "是否存在自行改变注册商标的情形", "商品来源凭证是否齐全"],
    ),
    (
        "ZSCQ-002",
        "专利标识标注的检查",
        "专利法 第六十八条；专利标识标注办法",
        &["专利标识是否标明专利类别", "专利号是否真实有效", "是否存在假冒专利行为"],
    ),
    (
        "ZSCQ-003",
        "地理标志使用的检查",
        "商标法 第十六条；地理标志产品保护办法",
        &["是否具备地理标志使用资格", "专用标志使用是否规范"],
    ),
];

/// The demo inspectors: (username, name, certified).
const INSPECTORS: &[(&str, &str, bool)] = &[
    ("zf_zhao", "赵执法（演示）", true),
    ("zf_qian", "钱执法（演示）", true),
    ("zf_sun", "孙执法（演示）", true),
    ("zf_li", "李执法（演示）", true),
    ("zf_zhou", "周执法（演示）", true),
    ("zf_wu", "吴执法（演示）", true),
    ("zf_trainee", "郑见习（演示，未取得执法证）", false),
];

fn demo_seed(draw_no: &str) -> Seed {
    let d: [u8; 32] = Sha256::digest(format!("zhibao demo seed {draw_no}").as_bytes()).into();
    Seed::from_bytes(d)
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

/// Seed the draws demo (idempotent).
pub async fn demo(store: &Store) -> anyhow::Result<()> {
    if store.meta("demo_draws").await?.is_some() {
        return Ok(());
    }
    grant_roles(store).await?;
    let dept = store.dept_by_code("BH-SCJGJ-ZFZD").await?.context("demo department BH-SCJGJ-ZFZD")?.id;
    let role = store.role_id_by_key("grid_inspector").await?.context("grid_inspector role")?;
    let hash = store.login_account("inspector").await?.context("demo inspector")?.password_hash;
    let users: Vec<NewUser> = INSPECTORS
        .iter()
        .map(|(u, n, _)| -> anyhow::Result<NewUser> {
            Ok(NewUser {
                username: Username::parse(u)?,
                display_name: Name::parse(n)?,
                password_hash: hash.clone(),
                dept_id: dept,
                role_ids: vec![role],
                phone: None,
                email: None,
                status: Status::Active,
                totp_secret: None,
                created_by: None,
            })
        })
        .collect::<anyhow::Result<_>>()?;
    store.create_users(&Filter::All, &users, now()).await.map_err(|(i, e)| anyhow::anyhow!("demo inspector {i}: {e}"))?;
    let mut ids = Vec::new();
    for (u, _, certified) in INSPECTORS.iter().chain([("inspector", "", true)].iter()) {
        let id = store.user_id_by_name(u).await?.context("demo inspector id")?;
        store.save_grid_inspector(id, *certified, certified.then_some("津执法 12011600xx"), "[]", "[]", now()).await?;
        ids.push(id);
    }
    let inspector_user = *ids.last().context("inspector")?;
    // One declared conflict, so the demo shows that recusal too.
    let some_entity = store.all_entities(&Filter::All, &Default::default(), 1).await?;
    if let Some(e) = some_entity.first() {
        store.save_grid_inspector(ids[0], true, Some("津执法 12011600xx"), &format!("[{{\"entity\":{}}}]", e.id), "[]", now()).await?;
    }

    let mut items = Vec::new();
    for (code, name, citation, points) in ITEMS {
        let checklist = serde_json::to_string(points)?;
        items.push(store.save_inspection_item(None, code, name, citation, &checklist, true, now()).await?);
    }
    let ids_json = serde_json::to_string(&ids)?;
    let today = Utc::now().with_timezone(&chrono_tz::Asia::Shanghai).date_naive();
    let cal = zhibao_domain::calendar::Calendar::builtin();

    // Three plans: completed (published), drawn (tasks in several states), committed (awaiting the draw).
    let plans = [
        ("SJ-2026-001", &items[0], PoolFilter { industry_prefixes: vec!["C".into()], ..Default::default() }, 8u32),
        ("SJ-2026-002", &items[1], PoolFilter { industry_prefixes: vec!["F".into(), "I".into()], ..Default::default() }, 6),
        ("SJ-2026-003", &items[2], PoolFilter { exclude_tags: vec!["whitelist".into()], ..Default::default() }, 5),
    ];
    for (n, (draw_no, item, filter, k)) in plans.into_iter().enumerate() {
        let params = DrawParams {
            draw_id: draw_no.into(),
            year: 2026,
            item: InspectionItem { code: item.code.clone(), name: item.name.clone(), citation: item.citation.clone() },
            filter,
            sample: SampleSize::Count(k),
            inspectors_per_task: 2,
            load_cap: LoadCap::Auto,
            beacon_source: None,
        };
        let plan = store
            .create_draw_plan(draw_no, 2026, dept, item.id, &serde_json::to_string(&params)?, &ids_json, ids[0], ts_days_ago(40))
            .await?;
        let pools = pools_now(store, &plan, &params, Utc::now().date_naive()).await.map_err(|e| anyhow::anyhow!("{e}"))?;
        let seed = demo_seed(draw_no);
        let c = draw::commit(params, &pools, &seed).map_err(|e| anyhow::anyhow!("demo commit {draw_no}: {e:?}"))?;
        store
            .commit_draw_plan(plan.id, &seed.to_hex(), &serde_json::to_string(&c)?, &serde_json::to_string(&pools)?, pools.entities.len() as i64, ts_days_ago(35))
            .await?;
        if n == 2 {
            continue;
        }
        let record = draw::draw(&c, &seed, None, pools).map_err(|e| anyhow::anyhow!("demo draw {draw_no}: {e}"))?;
        store.record_draw(plan.id, &serde_json::to_string(&record)?, &tasks_of_record(&plan, &record, ids[0]), ts_days_ago(30)).await?;
        let tasks = store.inspection_tasks(&Filter::All, Some(plan.id), None).await?;
        let points = item.checklist.matches("\",").count() + 1;
        for (i, t) in tasks.iter().enumerate() {
            // Plan 1: every result entered; plan 2: results for some, one of them overdue.
            let (state, outcome) = match (n, i % 4) {
                (0, 0) => ("done", Some(Outcome::NonCompliant)),
                (0, _) => ("done", Some(Outcome::Compliant)),
                (_, 0) => ("done", Some(Outcome::Referred)),
                (_, 1) => ("done", Some(Outcome::Compliant)),
                (_, 2) => ("in_progress", None),
                _ => continue,
            };
            let ended = if n == 1 && i == 0 { today - Duration::days(45) } else { today - Duration::days(10 + i as i64) };
            let answers: Vec<&str> = (0..points).map(|j| if outcome.is_some_and(Outcome::is_finding) && j == 0 { "no" } else if outcome.is_some() || j == 0 { "yes" } else { "" }).collect();
            let up = TaskUpdate {
                answers: serde_json::to_string(&answers)?,
                notes: Some("现场检查，查看营业执照、商品及进货凭证（演示）".into()),
                outcome: outcome.map(|o| o.code().to_string()),
                follow_up: outcome.filter(|o| o.is_finding()).map(|_| "责令限期改正，复查（演示）".to_string()),
                state: state.into(),
                ended_on: outcome.map(|_| ended),
                publish_due_on: outcome.map(|_| inspection::publication_due_or_provisional(&cal, ended).0),
            };
            store.update_task(t.id, "assigned", &up, ts_days_ago(9)).await?;
        }
        if n == 0 {
            store.publish_draw_results(plan.id, ts_days_ago(5)).await?;
        }
    }

    // An ad-hoc task for the demo inspector (the phone page's example).
    let entity = store.all_entities(&Filter::All, &zhibao_store::grid::EntityFilter { placed: Some(true), ..Default::default() }, 3).await?;
    if let Some(e) = entity.last() {
        store
            .create_task(
                &NewTask {
                    draw_plan_id: None,
                    item_id: items[0].id,
                    entity_id: e.id,
                    entity_name: e.name.clone(),
                    credit_code: e.credit_code.clone(),
                    cell_code: e.cell_code.clone(),
                    dept_id: dept,
                    inspectors: vec![inspector_user, ids[1]],
                    created_by: Some(ids[0]),
                },
                now(),
            )
            .await?;
    }

    // Grid events, one or more in every stage of the loop.
    let places = store.all_entities(&Filter::All, &zhibao_store::grid::EntityFilter { placed: Some(true), ..Default::default() }, 40).await?;
    let handler = store.dept_by_code("BH-SCJGJ-WQYZ").await?.context("handler dept")?.id;
    let paths: &[&[Step]] = &[
        &[],
        &[Step::File],
        &[Step::File, Step::Dispatch],
        &[Step::File, Step::Dispatch, Step::Accept],
        &[Step::File, Step::Dispatch, Step::Accept, Step::Feedback],
        &[Step::File, Step::Dispatch, Step::Accept, Step::Feedback, Step::Rework],
        &[Step::File, Step::Dispatch, Step::Accept, Step::Feedback, Step::Close],
        &[Step::File, Step::Dispatch, Step::Accept, Step::Feedback, Step::Rework, Step::Feedback, Step::Close, Step::Evaluate],
        &[Step::File, Step::Dispatch, Step::Accept, Step::Feedback, Step::Close, Step::Evaluate],
        &[Step::Dismiss],
    ];
    let categories = ["假冒注册商标", "专利标识不规范", "侵权商品线下销售", "地理标志冒用", "其他"];
    for (i, path) in paths.iter().enumerate() {
        let Some(pl) = places.get(i * 3 % places.len().max(1)) else { break };
        let area = pl.area_code.clone().unwrap_or_else(|| "120116".into());
        let ev = store
            .create_grid_event(
                &NewEvent {
                    source: if i % 3 == 0 { "public".into() } else { "inspector".into() },
                    category: categories[i % categories.len()].into(),
                    description: format!("{}附近发现疑似{}（演示）", pl.name, categories[i % categories.len()]),
                    address: pl.address.clone(),
                    lon: pl.lon,
                    lat: pl.lat,
                    area_code: area,
                    cell_code: pl.cell_code.clone(),
                    reporter_name: (i % 3 == 0).then(|| "热心市民（演示）".to_string()),
                    reporter_phone: None,
                    reporter_id: (i % 3 != 0).then_some(inspector_user),
                    dept_id: dept,
                },
                if i % 3 == 0 { "公众" } else { "inspector" },
                ts_days_ago(20 - i as i64),
            )
            .await?;
        let mut stage = Stage::Collected;
        let late = i == 7;
        for step in path.iter() {
            let to = event::transition(stage, *step).map_err(|e| anyhow::anyhow!("{e}"))?;
            let due = (*step == Step::Dispatch).then(|| if late { today - Duration::days(3) } else { today + Duration::days(5) });
            let on_time = (*step == Step::Feedback).then_some(!late);
            store
                .grid_event_step(
                    ev.id,
                    &StepWrite {
                        step: step.code().into(),
                        from_stage: stage.code().into(),
                        to_stage: to.code().into(),
                        post: step.post().code().into(),
                        actor_id: Some(ids[0]),
                        actor_name: "演示".into(),
                        note: step.needs_text().then(|| format!("{}（演示）", step.zh())),
                        on_time,
                        handler_dept: (*step == Step::Dispatch).then_some(handler),
                        due_on: due,
                        rework: *step == Step::Rework,
                        handled_on_time: on_time,
                        score: (*step == Step::Evaluate).then_some(if late { 3 } else { 5 }),
                    },
                    ts_days_ago(19 - i as i64),
                )
                .await?;
            stage = to;
        }
    }

    // Joint enforcement actions: three done this year (target 3), one planned.
    let joint = [
        ("春季知识产权联合执法行动（演示）", "市场监管、公安、海关联合检查港区仓储", 3, 10, "done"),
        ("“铁拳”打假联合执法（演示）", "市场监管、公安联合查处假冒商标商品", 5, 12, "done"),
        ("地理标志保护联合检查（演示）", "市场监管、农委联合检查地理标志使用", 8, 3, "done"),
        ("秋季跨境电商联合执法（演示）", "市场监管、海关、网信联合检查跨境电商仓", 11, 5, "planned"),
    ];
    for (title, plan, month, day, state) in joint {
        let start = NaiveDate::from_ymd_opt(2026, month, day).context("date")?;
        let w = JointWrite {
            year: 2026,
            title: title.into(),
            plan: plan.into(),
            depts: serde_json::to_string(&["区市场监管局", "区公安局", "驻区海关"])?,
            cells: "[]".into(),
            start_on: start,
            end_on: start + Duration::days(2),
            state: state.into(),
            results: (state == "done").then(|| "检查经营主体 36 户，立案 3 件，移送公安 1 件（演示）".to_string()),
            dept_id: dept,
        };
        store.save_joint_action(None, &w, ids[0], now()).await?;
    }
    store.set_meta("demo_draws", "true").await?;
    Ok(())
}
