//! Grid registry storage on both backends: market entities (insert all-or-nothing, filters, tags, data scope,
//! update, delete), placement and the unplaced list, cells losing their entities, grid-inspector assignment.

use chrono::Utc;
use std::collections::BTreeSet;
use zhibao_domain::grid::heat::Measure;
use zhibao_domain::scope::Filter;
use zhibao_domain::validate::{Key, Name, Status, Username};
use zhibao_store::cases::{NewMatter, NewParty};
use zhibao_store::depts::DeptInput;
use zhibao_store::grid::{EntityFilter, NewEntity};
use zhibao_store::testing::TestDb;
use zhibao_store::users::NewUser;
use zhibao_store::{Backend, PageRequest, Store, StoreError, Ts};

fn now() -> Ts {
    Ts::new(Utc::now())
}

fn ok<T, E: std::fmt::Display>(r: Result<T, E>) -> T {
    r.unwrap_or_else(|e| panic!("{e}"))
}

async fn dept(store: &Store, parent: i64, code: &str) -> i64 {
    let d = DeptInput {
        parent_id: parent,
        name: ok(Name::parse(code)),
        code: ok(Key::parse(code)),
        kind: ok(Key::parse("office")),
        leader: None,
        phone: None,
        sort: 0,
        status: Status::Active,
    };
    ok(store.create_dept(&Filter::All, &d, now()).await).id
}

fn entity(code: &str, name: &str, dept_id: i64, industry: &str, tags: &[&str]) -> NewEntity {
    NewEntity {
        credit_code: code.into(),
        name: name.into(),
        legal_rep: Some("张三".into()),
        address: Some("滨海新区某路1号".into()),
        lon: Some(117.05),
        lat: Some(39.05),
        industry: industry.into(),
        rights: vec!["ZL202310123456.7".into()],
        tags: tags.iter().map(|t| t.to_string()).collect(),
        risk_level: "low".into(),
        dept_id,
        status: "active".into(),
        area_id: None,
        cell_id: None,
    }
}

const SQUARE: &str =
    r#"{"type":"Polygon","coordinates":[[[117.0,39.0],[117.1,39.0],[117.1,39.1],[117.0,39.1],[117.0,39.0]]]}"#;

async fn story(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = ok(db.store().await);
    let root = dept(&store, 0, "RT").await;
    let a = dept(&store, root, "AA").await;
    let b = dept(&store, root, "BB").await;
    let area = ok(store.insert_area("120116001", "塘沽街道", "street", SQUARE, true).await);
    let cell = ok(store.insert_cell("120116001-001", area, "第1网格", SQUARE).await);

    // All or nothing: a duplicate credit code in the batch stores none and names its index.
    let batch = vec![
        entity("91120116MA05K0001A", "甲科技有限公司", a, "C2710", &["whitelist"]),
        entity("91120116MA05K0002B", "乙贸易有限公司", b, "F5137", &["key_supervision", "demo_enterprise"]),
        entity("91120116MA05K0001A", "重复", a, "C2710", &[]),
    ];
    let err = store.insert_entities(&batch, None, now()).await.err();
    assert!(matches!(err, Some((2, StoreError::Conflict { .. }))), "{err:?}");
    let all = ok(store.list_entities(&Filter::All, &EntityFilter::default(), &PageRequest::default()).await);
    assert_eq!(all.total, 0);

    let ids = ok(store.insert_entities(&batch[..2], Some(7), now()).await.map_err(|(_, e)| e));
    assert_eq!(ids.len(), 2);
    let e1 = ok(store.get_entity(&Filter::All, ids[0]).await);
    assert_eq!(e1.tags, vec!["whitelist".to_string()]);
    assert_eq!(e1.rights, vec!["ZL202310123456.7".to_string()]);
    assert_eq!(e1.cell_id, None);
    let e2 = ok(store.get_entity(&Filter::All, ids[1]).await);
    assert_eq!(e2.tags, vec!["demo_enterprise".to_string(), "key_supervision".to_string()]);
    assert_eq!(
        ok(store.existing_credit_codes(&["91120116MA05K0002B".into(), "X".into()]).await),
        vec!["91120116MA05K0002B".to_string()]
    );

    // Placement: the first entity into the cell; the second stays unplaced and is listed as such.
    assert_eq!(ok(store.entity_points().await).len(), 2);
    assert_eq!(ok(store.set_placements(&[(ids[0], Some(area), Some(cell)), (ids[1], None, None)]).await), 1);
    let placed = ok(store.get_entity(&Filter::All, ids[0]).await);
    assert_eq!(placed.cell_code.as_deref(), Some("120116001-001"));
    assert_eq!(placed.area_name.as_deref(), Some("塘沽街道"));
    let unplaced = EntityFilter { placed: Some(false), ..Default::default() };
    let list = ok(store.list_entities(&Filter::All, &unplaced, &PageRequest::default()).await);
    assert_eq!(list.items.iter().map(|e| e.id).collect::<Vec<_>>(), vec![ids[1]]);

    // Filters.
    let by = |f: EntityFilter| {
        let store = store.clone();
        async move {
            let page = ok(store.list_entities(&Filter::All, &f, &PageRequest::default()).await);
            page.items.iter().map(|e| e.id).collect::<Vec<_>>()
        }
    };
    assert_eq!(by(EntityFilter { industry: Some("C27".into()), ..Default::default() }).await, vec![ids[0]]);
    assert_eq!(by(EntityFilter { tag: Some("key_supervision".into()), ..Default::default() }).await, vec![ids[1]]);
    assert_eq!(by(EntityFilter { cell_id: Some(cell), ..Default::default() }).await, vec![ids[0]]);
    assert_eq!(by(EntityFilter { cell_code: Some("120116001-001".into()), ..Default::default() }).await, vec![ids[0]]);
    assert_eq!(by(EntityFilter { area_id: Some(area), ..Default::default() }).await, vec![ids[0]]);
    assert_eq!(by(EntityFilter { name: Some("贸易".into()), ..Default::default() }).await, vec![ids[1]]);
    assert_eq!(by(EntityFilter { risk_level: Some("high".into()), ..Default::default() }).await, Vec::<i64>::new());
    let pool = ok(store.all_entities(&Filter::All, &EntityFilter::default(), 10).await);
    assert_eq!(pool.len(), 2);

    // Data scope: department A sees only its entity; B's is not found.
    let only_a = Filter::Restricted { depts: BTreeSet::from([a]), subtrees: BTreeSet::new(), own_user: None };
    let seen = ok(store.list_entities(&only_a, &EntityFilter::default(), &PageRequest::default()).await);
    assert_eq!(seen.items.iter().map(|e| e.id).collect::<Vec<_>>(), vec![ids[0]]);
    assert!(matches!(store.get_entity(&only_a, ids[1]).await, Err(StoreError::NotFound)));

    // A grid inspector (self-only scope) sees the entities of the cells assigned to them.
    let user = ok(store
        .create_users(
            &Filter::All,
            &[NewUser {
                username: ok(Username::parse("gridman")),
                display_name: ok(Name::parse("网格员甲")),
                password_hash: "x".into(),
                dept_id: a,
                role_ids: vec![],
                phone: None,
                email: None,
                status: Status::Active,
                totp_secret: None,
                created_by: None,
            }],
            now(),
        )
        .await
        .map_err(|(_, e)| e));
    assert_eq!(user, 1);
    let uid = ok(store.user_id_by_name("gridman").await).unwrap_or_default();
    let own = Filter::Restricted { depts: BTreeSet::new(), subtrees: BTreeSet::new(), own_user: Some(uid) };
    assert_eq!(ok(store.list_entities(&own, &EntityFilter::default(), &PageRequest::default()).await).total, 0);
    ok(store.set_cell_inspectors(cell, &[uid], now()).await);
    let mine = ok(store.list_entities(&own, &EntityFilter::default(), &PageRequest::default()).await);
    assert_eq!(mine.items.iter().map(|e| e.id).collect::<Vec<_>>(), vec![ids[0]]);
    let assigned = ok(store.list_cell_inspectors(None, Some(uid)).await);
    assert_eq!(assigned.iter().map(|c| c.cell_code.as_str()).collect::<Vec<_>>(), vec!["120116001-001"]);
    ok(store.set_cell_inspectors(cell, &[], now()).await);
    assert!(ok(store.list_cell_inspectors(Some(cell), None).await).is_empty());

    // Update replaces values and tags; out of scope is not found.
    let mut changed = entity("91120116MA05K0002B", "乙贸易（更名）有限公司", b, "F5137", &["whitelist"]);
    changed.risk_level = "high".into();
    let up = ok(store.update_entity(&Filter::All, ids[1], &changed, now()).await);
    assert_eq!((up.name.as_str(), up.risk_level.as_str()), ("乙贸易（更名）有限公司", "high"));
    assert_eq!(up.tags, vec!["whitelist".to_string()]);
    assert!(matches!(store.update_entity(&only_a, ids[1], &changed, now()).await, Err(StoreError::NotFound)));

    // Removing the cell unplaces its entity instead of dropping it.
    ok(store.delete_cells_of_area(area).await);
    let e1 = ok(store.get_entity(&Filter::All, ids[0]).await);
    assert_eq!(e1.cell_id, None);

    ok(store.delete_entity(&Filter::All, ids[1]).await);
    assert!(matches!(store.get_entity(&Filter::All, ids[1]).await, Err(StoreError::NotFound)));
}

fn matter(dept_id: i64, matter_type: &str, respondent: &str, cell_code: Option<&str>, on: &str) -> NewMatter {
    NewMatter {
        receipt_prefix: "BH-TS-2026".into(),
        query_code: "ABCDEFGH".into(),
        matter_type: matter_type.into(),
        state: "received".into(),
        track: "simple".into(),
        channel: "portal".into(),
        title: format!("投诉{respondent}"),
        description: "销售假冒商品".into(),
        amount_cents: None,
        area_code: None,
        cell_code: cell_code.map(str::to_string),
        dept_id,
        officer_id: None,
        cross_region: false,
        foreign_party: false,
        real_name: true,
        received_on: chrono::NaiveDate::parse_from_str(on, "%Y-%m-%d").unwrap_or_default(),
        created_by: None,
        parties: vec![NewParty {
            role: "respondent".into(),
            kind: "organisation".into(),
            name: respondent.into(),
            name_key: respondent.into(),
            id_number: None,
            credit_code: None,
            phone: None,
            address: None,
            area_code: None,
        }],
        rights: vec![],
        urls: vec![],
        events: vec![],
        closed_at: None,
        audit: None,
        clocks: vec![],
    }
}

/// Heat-map counts: entities per cell, matters by their own cell or their respondent's registered entity, complaints,
/// repeat infringers, the period filter and the data scope; drill-down ids.
async fn heat(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = ok(db.store().await);
    let root = dept(&store, 0, "RT").await;
    let a = dept(&store, root, "AA").await;
    let area = ok(store.insert_area("120116001", "塘沽街道", "street", SQUARE, true).await);
    let c1 = ok(store.insert_cell("120116001-001", area, "第1网格", SQUARE).await);
    let c2 = ok(store.insert_cell("120116001-002", area, "第2网格", SQUARE).await);
    let mut e1 = entity("91120116MA05K0001A", "甲公司", a, "C2710", &[]);
    e1.cell_id = Some(c1);
    let mut e2 = entity("91120116MA05K0002B", "乙公司", a, "C2710", &[]);
    e2.cell_id = Some(c2);
    let mut e3 = entity("91120116MA05K0003C", "丙公司", a, "C2710", &[]);
    e3.cell_id = Some(c2);
    ok(store.insert_entities(&[e1, e2, e3], None, now()).await.map_err(|(_, e)| e));
    // Matters: one with its own cell, two naming 甲公司 (registered in cell 1, so a repeat infringer), one report
    // naming 乙公司, one outside the period, one naming an unregistered respondent (no cell: not counted).
    for m in [
        matter(a, "complaint", "丁公司", Some("120116001-002"), "2026-03-01"),
        matter(a, "complaint", "甲公司", None, "2026-03-02"),
        matter(a, "mediation", "甲公司", None, "2026-04-02"),
        matter(a, "report", "乙公司", None, "2026-05-02"),
        matter(a, "complaint", "乙公司", None, "2025-05-02"),
        matter(a, "complaint", "无名公司", None, "2026-05-03"),
    ] {
        ok(store.create_matter(&m, now()).await);
    }
    let from = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default();
    let to = chrono::NaiveDate::from_ymd_opt(2026, 12, 31).unwrap_or_default();
    let counts = |m: Measure, f: Filter| {
        let store = store.clone();
        async move {
            ok(store.heat_counts(&f, m, from, to).await).into_iter().map(|c| (c.cell_code, c.count)).collect::<Vec<_>>()
        }
    };
    let pair = |c: &str, n: i64| (c.to_string(), n);
    assert_eq!(counts(Measure::Entities, Filter::All).await, vec![pair("120116001-001", 1), pair("120116001-002", 2)]);
    assert_eq!(counts(Measure::Matters, Filter::All).await, vec![pair("120116001-001", 2), pair("120116001-002", 2)]);
    assert_eq!(
        counts(Measure::Complaints, Filter::All).await,
        vec![pair("120116001-001", 1), pair("120116001-002", 2)]
    );
    // 甲公司 (2 matters in 2026) and 乙公司 (one in 2025, one in 2026) are both repeat infringers up to `to`.
    assert_eq!(
        counts(Measure::RepeatInfringers, Filter::All).await,
        vec![pair("120116001-001", 1), pair("120116001-002", 1)]
    );
    assert_eq!(counts(Measure::Findings, Filter::All).await, vec![]);
    let none = Filter::Restricted { depts: BTreeSet::new(), subtrees: BTreeSet::new(), own_user: None };
    assert_eq!(counts(Measure::Matters, none.clone()).await, vec![]);
    assert_eq!(counts(Measure::Entities, none).await, vec![]);
    let ids = ok(store.heat_matter_ids(&Filter::All, Measure::Matters, "120116001-001", from, to, 10).await);
    assert_eq!(ids.iter().map(|r| r.3.as_str()).collect::<Vec<_>>(), vec!["mediation", "complaint"]);
}

#[tokio::test]
async fn heat_sqlite() {
    heat(Backend::Sqlite).await;
}

#[tokio::test]
async fn heat_postgres() {
    heat(Backend::Postgres).await;
}

#[tokio::test]
async fn grid_sqlite() {
    story(Backend::Sqlite).await;
}

#[tokio::test]
async fn grid_postgres() {
    story(Backend::Postgres).await;
}
