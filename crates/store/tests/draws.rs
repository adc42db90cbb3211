//! Grid draws storage on both backends: items, inspector profiles, the plan lifecycle (commit once, draw once,
//! tasks created with the draw), task updates from the state read, the task ↔ matter link, events moving only from
//! the stage read, joint actions, data scope.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::{NaiveDate, Utc};
use std::collections::BTreeSet;
use zhibao_domain::scope::Filter;
use zhibao_domain::validate::{Key, Name, Status};
use zhibao_store::depts::DeptInput;
use zhibao_store::draws::{JointWrite, NewEvent, NewTask, StepWrite, TaskUpdate};
use zhibao_store::testing::TestDb;
use zhibao_store::{Backend, Store, StoreError, Ts};

fn now() -> Ts {
    Ts::new(Utc::now())
}

async fn dept(store: &Store, code: &str) -> i64 {
    let d = DeptInput {
        parent_id: 0,
        name: Name::parse(code).unwrap_or_else(|e| panic!("{e}")),
        code: Key::parse(code).unwrap_or_else(|e| panic!("{e}")),
        kind: Key::parse("office").unwrap_or_else(|e| panic!("{e}")),
        leader: None,
        phone: None,
        sort: 0,
        status: Status::Active,
    };
    store.create_dept(&Filter::All, &d, now()).await.map(|d| d.id).unwrap_or_else(|e| panic!("{e}"))
}

async fn user(store: &Store, name: &str, dept: i64) -> i64 {
    store
        .execute_raw(&format!(
            "INSERT INTO users (username, display_name, password_hash, dept_id, created_at) VALUES ('{name}', '{name}', 'x', {dept}, '2026-01-01T00:00:00Z')"
        ))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    store.scalar_raw(&format!("SELECT id FROM users WHERE username = '{name}'")).await.unwrap_or_else(|e| panic!("{e}"))
}

fn only(dept: i64) -> Filter {
    Filter::Restricted { depts: BTreeSet::from([dept]), subtrees: BTreeSet::new(), own_user: None }
}

async fn lifecycle(backend: Backend) {
    let db = TestDb::new(backend).await;
    let s = db.store().await.unwrap_or_else(|e| panic!("{e}"));
    let d1 = dept(&s, "d1").await;
    let d2 = dept(&s, "d2").await;
    let (a, b) = (user(&s, "alice", d1).await, user(&s, "bob", d1).await);
    for u in [a, b] {
        s.save_grid_inspector(u, true, Some("JZ-1"), "[]", "[]", now()).await.unwrap();
    }
    assert_eq!(s.grid_inspectors(&only(d1)).await.unwrap().len(), 2);
    assert!(s.grid_inspectors(&only(d2)).await.unwrap().is_empty());

    let item = s
        .save_inspection_item(None, "ZSCQ-001", "商标使用", "商标法 第六十二条", "[\"a\",\"b\"]", true, now())
        .await
        .unwrap();
    let dup = s.save_inspection_item(None, "ZSCQ-001", "x", "y", "[]", true, now()).await;
    assert!(matches!(dup, Err(StoreError::Conflict { .. })), "{dup:?}");

    s.execute_raw(&format!("INSERT INTO market_entities (name, credit_code, industry, dept_id, created_at, updated_at) VALUES ('甲', '91120116100000016W', 'C2710', {d1}, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')")).await.unwrap();
    let reg = s.all_entities(&Filter::All, &Default::default(), 10).await.unwrap();
    assert_eq!(reg.len(), 1);

    let plan = s.create_draw_plan("SJ-1", 2026, d1, item.id, "{}", "[]", a, now()).await.unwrap();
    assert_eq!(plan.state, "planned");
    assert!(s.draw_plan(None, plan.id).await.is_err(), "a planned draw is not public");
    s.commit_draw_plan(plan.id, "seed", "{}", "{}", 1, now()).await.unwrap();
    assert!(matches!(s.commit_draw_plan(plan.id, "seed", "{}", "{}", 1, now()).await, Err(StoreError::Rule(_))));
    let task = NewTask {
        draw_plan_id: Some(plan.id),
        item_id: item.id,
        entity_id: reg[0].id,
        entity_name: "甲".into(),
        credit_code: reg[0].credit_code.clone(),
        cell_code: reg[0].cell_code.clone(),
        dept_id: d1,
        inspectors: vec![b, a],
        created_by: Some(a),
    };
    s.record_draw(plan.id, "{}", std::slice::from_ref(&task), now()).await.unwrap();
    assert!(matches!(s.record_draw(plan.id, "{}", &[task], now()).await, Err(StoreError::Rule(_))));
    assert!(s.delete_inspection_item(item.id).await.is_err(), "an item in use cannot be deleted");

    let tasks = s.inspection_tasks(&only(d1), Some(plan.id), None).await.unwrap();
    assert_eq!(tasks.len(), 1);
    assert_eq!(tasks[0].inspector_names, "bob、alice");
    assert!(s.inspection_tasks(&only(d2), None, None).await.unwrap().is_empty());
    let own = Filter::Restricted { depts: BTreeSet::new(), subtrees: BTreeSet::new(), own_user: Some(b) };
    assert_eq!(s.inspection_tasks(&own, None, None).await.unwrap().len(), 1, "an inspector sees their own task");
    let t = tasks[0].id;
    assert_eq!(s.task_inspectors(t).await.unwrap(), vec![b, a]);
    let due = NaiveDate::from_ymd_opt(2026, 3, 30);
    let up = TaskUpdate {
        answers: "[\"yes\",\"no\"]".into(),
        outcome: Some("non_compliant".into()),
        state: "done".into(),
        ended_on: NaiveDate::from_ymd_opt(2026, 3, 2),
        publish_due_on: due,
        ..Default::default()
    };
    s.update_task(t, "assigned", &up, now()).await.unwrap();
    assert!(matches!(s.update_task(t, "assigned", &up, now()).await, Err(StoreError::Rule(_))), "stale state");
    assert_eq!(s.overdue_tasks(&only(d1), NaiveDate::from_ymd_opt(2026, 4, 1).unwrap()).await.unwrap(), 1);
    assert_eq!(s.draw_coverage(2026).await.unwrap(), (1, 1));
    assert_eq!(s.publish_draw_results(plan.id, now()).await.unwrap(), 1);
    assert_eq!(s.draw_plan(None, plan.id).await.unwrap().state, "published");

    // Events: a step from a stale stage is refused.
    let e = s
        .create_grid_event(
            &NewEvent {
                source: "public".into(),
                category: "counterfeit".into(),
                description: "假冒商标".into(),
                address: None,
                lon: Some(117.7),
                lat: Some(39.0),
                area_code: "120116".into(),
                cell_code: None,
                reporter_name: None,
                reporter_phone: None,
                reporter_id: None,
                dept_id: d1,
            },
            "公众",
            now(),
        )
        .await
        .unwrap();
    assert_eq!(e.stage, "collected");
    let w = StepWrite {
        step: "file".into(),
        from_stage: "collected".into(),
        to_stage: "filed".into(),
        post: "registrar".into(),
        actor_id: Some(a),
        actor_name: "alice".into(),
        note: None,
        on_time: None,
        handler_dept: None,
        due_on: None,
        rework: false,
        handled_on_time: None,
        score: None,
    };
    s.grid_event_step(e.id, &w, now()).await.unwrap();
    assert!(matches!(s.grid_event_step(e.id, &w, now()).await, Err(StoreError::Rule(_))));
    let dispatch = StepWrite {
        step: "dispatch".into(),
        from_stage: "filed".into(),
        to_stage: "dispatched".into(),
        handler_dept: Some(d2),
        due_on: due,
        ..w.clone()
    };
    s.grid_event_step(e.id, &dispatch, now()).await.unwrap();
    assert_eq!(s.grid_event_steps(e.id).await.unwrap().len(), 3);
    assert_eq!(s.grid_events(&only(d2), None).await.unwrap().len(), 1, "the handling department sees it");
    assert_eq!(s.grid_events(&only(d1), Some("filed")).await.unwrap().len(), 0);

    let j = JointWrite {
        year: 2026,
        title: "联合执法".into(),
        plan: "p".into(),
        depts: "[]".into(),
        cells: "[]".into(),
        start_on: NaiveDate::from_ymd_opt(2026, 4, 1).unwrap(),
        end_on: NaiveDate::from_ymd_opt(2026, 4, 2).unwrap(),
        state: "planned".into(),
        results: None,
        dept_id: d1,
    };
    let jid = s.save_joint_action(None, &j, a, now()).await.unwrap();
    assert_eq!(s.joint_actions(&only(d1), Some(2026)).await.unwrap().len(), 1);
    assert!(s.joint_action(&only(d2), jid).await.is_err());
}

#[tokio::test]
async fn lifecycle_sqlite() {
    lifecycle(Backend::Sqlite).await
}

#[tokio::test]
async fn lifecycle_postgres() {
    lifecycle(Backend::Postgres).await
}

/// A profile edited in the console: certificate expiry kept, home cells replaced (only the user's own rows), and
/// `cells: None` leaves the cells alone.
async fn inspector_profile(backend: Backend) {
    let db = TestDb::new(backend).await;
    let s = db.store().await.unwrap_or_else(|e| panic!("{e}"));
    let d1 = dept(&s, "d1").await;
    let (a, b) = (user(&s, "alice", d1).await, user(&s, "bob", d1).await);
    let sq = r#"{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1],[0,0]]]}"#;
    let area = s.insert_area("A1", "甲街", "street", sq, true).await.unwrap();
    let c1 = s.insert_cell("A1-01", area, "一格", sq).await.unwrap();
    let c2 = s.insert_cell("A1-02", area, "二格", sq).await.unwrap();
    s.set_cell_inspectors(c1, &[a, b], now()).await.unwrap();
    let expiry = NaiveDate::from_ymd_opt(2027, 6, 30);
    let profile = zhibao_store::draws::InspectorProfile {
        user_id: a,
        certified: true,
        cert_no: Some("JZ-9"),
        cert_expires_on: expiry,
        conflicts: r#"[{"entity":7}]"#,
        relations: "[]",
        cells: Some(&[c2]),
    };
    s.save_inspector_profile(&profile, now()).await.unwrap();
    let rows = s.grid_inspectors(&Filter::All).await.unwrap();
    let row = rows.iter().find(|r| r.user_id == a).unwrap();
    assert_eq!((row.cert_no.as_deref(), row.cert_expires_on, row.cells.as_str()), (Some("JZ-9"), expiry, "A1-02"));
    assert_eq!(row.conflicts, r#"[{"entity":7}]"#);
    // Bob keeps his cell.
    assert_eq!(s.list_cell_inspectors(Some(c1), None).await.unwrap().iter().map(|c| c.user_id).collect::<Vec<_>>(), vec![b]);
    // Without cells, the assignment is left as it is; the expiry can be cleared.
    s.save_inspector_profile(&zhibao_store::draws::InspectorProfile { cells: None, cert_expires_on: None, ..profile }, now())
        .await
        .unwrap();
    let rows = s.grid_inspectors(&Filter::All).await.unwrap();
    let row = rows.iter().find(|r| r.user_id == a).unwrap();
    assert_eq!((row.cert_expires_on, row.cells.as_str()), (None, "A1-02"));
}

#[tokio::test]
async fn inspector_profile_sqlite() {
    inspector_profile(Backend::Sqlite).await
}

#[tokio::test]
async fn inspector_profile_postgres() {
    inspector_profile(Backend::Postgres).await
}
