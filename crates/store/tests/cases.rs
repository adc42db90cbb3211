//! Case-desk storage on both backends: receipt sequences, all-or-nothing intake, optimistic state changes, the
//! append-only timeline, clocks due, similar-matter candidates, data scope, dispatch rules and calendar years.

use chrono::{NaiveDate, Utc};
use std::collections::BTreeSet;
use zhibao_domain::scope::Filter;
use zhibao_domain::validate::{Key, Name, Status};
use zhibao_store::cases::{DispatchRuleRow, MatterFilter, NewEvent, NewMatter, NewParty, NewRight, Transition};
use zhibao_store::depts::DeptInput;
use zhibao_store::ledger::NewLeaf;
use zhibao_store::testing::TestDb;
use zhibao_store::{Backend, PageRequest, Store, StoreError, Ts};

fn now() -> Ts {
    Ts::new(Utc::now())
}

/// The transition that closes a matter in `from` with `outcome`.
fn closing(from: &str, outcome: &str) -> Transition {
    Transition {
        from_state: from.into(),
        to_state: "closed".into(),
        event: NewEvent { kind: "transition".into(), ..Default::default() },
        clocks: vec![],
        outcome: Some(outcome.into()),
        public_note: None,
        closes: true,
    }
}

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default()
}

async fn dept(store: &Store, parent: i64, code: &str) -> i64 {
    let d = DeptInput {
        parent_id: parent,
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

fn matter(dept_id: i64, respondent: &str, number: &str, url: &str) -> NewMatter {
    NewMatter {
        receipt_prefix: "BH-TS-2026".into(),
        query_code: "ABCDEFGH".into(),
        matter_type: "complaint".into(),
        state: "received".into(),
        track: "simple".into(),
        channel: "portal".into(),
        title: format!("投诉{respondent}"),
        description: "销售假冒商品".into(),
        amount_cents: Some(12_300),
        area_code: Some("120116001".into()),
        cell_code: None,
        dept_id,
        officer_id: None,
        cross_region: false,
        foreign_party: false,
        real_name: true,
        received_on: day("2026-03-02"),
        created_by: None,
        parties: vec![
            NewParty {
                role: "complainant".into(),
                kind: "person".into(),
                name: "投诉人甲".into(),
                name_key: "投诉人甲".into(),
                id_number: Some("11010519491231002X".into()),
                credit_code: None,
                phone: Some("13800000000".into()),
                address: None,
                area_code: None,
            },
            NewParty {
                role: "respondent".into(),
                kind: "organisation".into(),
                name: respondent.into(),
                name_key: respondent.into(),
                id_number: None,
                credit_code: None,
                phone: None,
                address: Some("滨海新区".into()),
                area_code: Some("120116001".into()),
            },
        ],
        rights: vec![NewRight {
            kind: "patent".into(), number: Some(number.into()), title: Some("一种装置".into())
        }],
        urls: vec![(format!("https://{url}/?utm_source=x"), url.into())],
        events: vec![NewEvent {
            kind: "intake".into(),
            to_state: Some("received".into()),
            public: true,
            note: Some("已接收".into()),
            ..Default::default()
        }],
        closed_at: None,
        audit: None,
        clocks: vec![(
            "acceptance".into(),
            "running".into(),
            Some(day("2026-03-11")),
            "{\"key\":\"acceptance\"}".into(),
        )],
    }
}

async fn story(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = db.store().await.unwrap_or_else(|e| panic!("{e}"));
    let root = dept(&store, 0, "RT").await;
    let a = dept(&store, root, "AA").await;
    let b = dept(&store, root, "BB").await;

    let m1 = store
        .create_matter(&matter(a, "甲公司", "CN202310123456.7", "shop.example/1"), now())
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let m2 = store
        .create_matter(&matter(b, "乙公司", "CN202310000000.1", "shop.example/2"), now())
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((m1.receipt_no.as_str(), m2.receipt_no.as_str()), ("BH-TS-2026-000001", "BH-TS-2026-000002"));
    let mut other = matter(a, "甲公司", "x", "y");
    other.receipt_prefix = "BH-JB-2026".into();
    let m3 = store.create_matter(&other, now()).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(m3.receipt_no, "BH-JB-2026-000001", "one sequence per prefix");

    // Intake is all or nothing: a party in a missing department's matter stores nothing, not even a number.
    let bad = matter(999_999, "丙公司", "z", "z");
    assert!(store.create_matter(&bad, now()).await.is_err());
    let all = store
        .list_matters(&Filter::All, &MatterFilter::default(), &PageRequest::default())
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(all.total, 3);
    let m4 = store.create_matter(&matter(a, "丁公司", "w", "w"), now()).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(m4.receipt_no, "BH-TS-2026-000003", "the failed intake consumed no number");

    let (parties, rights, urls) = store.matter_details(m1.id).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((parties.len(), rights.len(), urls.len()), (2, 1, 1));
    assert_eq!(
        store.matter_by_receipt("BH-TS-2026-000001").await.ok().flatten().map(|m| m.query_code),
        Some("ABCDEFGH".into())
    );

    // Data scope: department b sees only its matter.
    let fb = Filter::Restricted { depts: BTreeSet::from([b]), subtrees: BTreeSet::new(), own_user: None };
    let seen = store
        .list_matters(&fb, &MatterFilter::default(), &PageRequest::default())
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(seen.items.iter().map(|m| m.id).collect::<Vec<_>>(), vec![m2.id]);
    assert!(matches!(store.get_matter(&fb, m1.id).await, Err(StoreError::NotFound)));
    let f = MatterFilter { q: Some("000002".into()), ..Default::default() };
    assert_eq!(store.list_matters(&Filter::All, &f, &PageRequest::default()).await.map(|p| p.total).ok(), Some(1));
    for (q, n) in [("bh-ts-2026", 3), ("BH-TS-2026-000001", 1), ("BH-JB", 1), ("BH-XX", 0)] {
        let f = MatterFilter { q: Some(q.into()), ..Default::default() };
        assert_eq!(
            store.list_matters(&Filter::All, &f, &PageRequest::default()).await.map(|p| p.total).ok(),
            Some(n),
            "{q}"
        );
    }
    let f = MatterFilter { received_from: Some(day("2026-03-03")), ..Default::default() };
    assert_eq!(store.list_matters(&Filter::All, &f, &PageRequest::default()).await.map(|p| p.total).ok(), Some(0));

    // Optimistic state change with its event and clocks; a stale second change is refused.
    let t = Transition {
        from_state: "received".into(),
        to_state: "accepted".into(),
        event: NewEvent {
            kind: "transition".into(),
            event: Some("accept".into()),
            from_state: Some("received".into()),
            to_state: Some("accepted".into()),
            actor_name: Some("officer".into()),
            public: true,
            ..Default::default()
        },
        clocks: vec![
            ("acceptance".into(), "met".into(), Some(day("2026-03-11")), "{}".into()),
            ("mediation".into(), "running".into(), Some(day("2026-05-08")), "{}".into()),
        ],
        outcome: None,
        public_note: Some("已受理".into()),
        closes: false,
    };
    store.transition_matter(m1.id, &t, now()).await.unwrap_or_else(|e| panic!("{e}"));
    assert!(matches!(store.transition_matter(m1.id, &t, now()).await, Err(StoreError::Rule(_))), "stale state");
    let m1 = store.get_matter(&Filter::All, m1.id).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((m1.state.as_str(), m1.public_note.as_deref(), m1.closed_at), ("accepted", Some("已受理"), None));
    let events = store.matter_events(m1.id).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(events.iter().map(|e| e.kind.as_str()).collect::<Vec<_>>(), vec!["intake", "transition"]);
    let clocks = store.matter_clocks(m1.id).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        clocks.iter().map(|c| (c.clock_key.as_str(), c.state.as_str())).collect::<Vec<_>>(),
        vec![("acceptance", "met"), ("mediation", "running")]
    );
    let close = closing("accepted", "调解成功");
    store.transition_matter(m1.id, &close, now()).await.unwrap_or_else(|e| panic!("{e}"));
    let m1c = store.get_matter(&Filter::All, m1.id).await.unwrap_or_else(|e| panic!("{e}"));
    assert!(
        m1c.closed_at.is_some()
            && m1c.outcome.as_deref() == Some("调解成功")
            && m1c.public_note.as_deref() == Some("已受理")
    );
    let open = MatterFilter { open_only: true, ..Default::default() };
    assert_eq!(store.list_matters(&Filter::All, &open, &PageRequest::default()).await.map(|p| p.total).ok(), Some(3));

    // Clocks due: running ones by date, scoped.
    let due = store
        .clocks_due(&Filter::All, &["running"], Some(day("2026-03-31")), None, 100)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(due.len(), 3, "m2, m3, m4 acceptance clocks");
    assert!(due.iter().all(|c| c.due_on == Some(day("2026-03-11"))));
    assert_eq!(store.clocks_due(&fb, &["running"], None, None, 100).await.map(|v| v.len()).ok(), Some(1));
    let max = store.max_clock_id().await.unwrap_or_else(|e| panic!("{e}"));
    let all = store.clocks_in_states(&["running"], 0, max).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(all.len(), 4, "windows by id: the whole table");
    let page = store.clocks_in_states(&["running"], 0, all[1].0).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(page.len(), 2);
    let rest = store.clocks_in_states(&["running"], page[1].0, max).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(rest.len(), 2, "m4 acceptance and m1 mediation");
    assert!(store.clocks_in_states(&["missed"], 0, max).await.is_ok_and(|v| v.is_empty()));
    store
        .update_clocks(&[(page[0].0, "missed".into(), Some(day("2026-03-10")), "{}".into())], now())
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(store.clocks_due(&Filter::All, &["missed"], None, None, 10).await.map(|v| v.len()).ok(), Some(1));

    // Similar candidates by respondent key, right number, URL.
    let c = store
        .similar_candidates(&Filter::All, false, &["甲公司".into()], &[], &[], 10)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(c.into_iter().collect::<BTreeSet<_>>(), BTreeSet::from([m1.id, m3.id]));
    let c = store
        .similar_candidates(&Filter::All, false, &[], &["CN202310000000.1".into()], &["shop.example/1".into()], 10)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(c.into_iter().collect::<BTreeSet<_>>(), BTreeSet::from([m1.id, m2.id]));
    assert!(store
        .similar_candidates(&Filter::All, false, &[], &[], &[], 10)
        .await
        .map(|v| v.is_empty())
        .unwrap_or(false));
    store
        .group_matters(&[m2.id, m4.id], m2.id, &NewEvent { kind: "group".into(), ..Default::default() }, now())
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let g = MatterFilter { group_id: Some(m2.id), ..Default::default() };
    assert_eq!(store.list_matters(&Filter::All, &g, &PageRequest::default()).await.map(|p| p.total).ok(), Some(2));

    // Assignment.
    store
        .assign_matter(
            m2.id,
            a,
            None,
            &NewEvent { kind: "transfer".into(), note: Some("管辖".into()), ..Default::default() },
            now(),
        )
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(store.get_matter(&Filter::All, m2.id).await.map(|m| m.dept_id).ok(), Some(a));

    // Rules and calendar years.
    let rule = DispatchRuleRow {
        id: 0,
        matter_type: Some("complaint".into()),
        right_kind: None,
        area_prefix: Some("120116".into()),
        dept_id: a,
        station_id: None,
        team: None,
        priority: 1,
    };
    let rid = store.add_dispatch_rule(&rule).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(store.dispatch_rules().await.map(|r| r.len()).ok(), Some(1));
    store.delete_dispatch_rule(rid).await.unwrap_or_else(|e| panic!("{e}"));
    store.put_calendar_year(2027, "国办发明电〔2026〕X号", "{}", None, now()).await.unwrap_or_else(|e| panic!("{e}"));
    store.put_calendar_year(2027, "corrected", "{}", None, now()).await.unwrap_or_else(|e| panic!("{e}"));
    let years = store.calendar_years().await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(years.iter().map(|y| (y.year, y.source.as_str())).collect::<Vec<_>>(), vec![(2027, "corrected")]);
}

#[tokio::test]
async fn cases_sqlite() {
    story(Backend::Sqlite).await;
}

#[tokio::test]
async fn cases_postgres() {
    story(Backend::Postgres).await;
}

/// A filing whose text shares nothing with the others' (so only the keys can make it a duplicate).
fn distinct(dept_id: i64, respondent: &str, number: &str, url: &str) -> NewMatter {
    let mut m = matter(dept_id, respondent, number, url);
    m.title = format!("{respondent}{number}");
    m.description = format!("{url} {number}");
    m
}

/// Batch intake (`Store::intake_matters`): receipt numbers in order, the duplicate check against open matters and
/// against earlier filings of the same batch (类案 groups), all or nothing. On SQLite files this runs on the
/// store's own rusqlite writer thread; on PostgreSQL through sqlx — the same statements and decisions.
async fn batch_intake(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = db.store().await.unwrap_or_else(|e| panic!("{e}"));
    let root = dept(&store, 0, "RT").await;
    let a = dept(&store, root, "AA").await;

    let first = store
        .intake_matters(&[distinct(a, "甲公司", "CN202310123456.7", "shop.example/1")], now())
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(first.len(), 1);
    assert_eq!((first[0].receipt_no.as_str(), first[0].group.as_ref()), ("BH-TS-2026-000001", None));
    assert_eq!(first[0].officer_id, None, "nobody in the department can take matters");

    // One batch: a duplicate of the first (same respondent), an unrelated filing, and a duplicate of the unrelated
    // one inside the same batch (same URL).
    let batch = [
        distinct(a, "甲公司", "CN202310000000.1", "shop.example/9"),
        distinct(a, "乙公司", "CN202310000001.2", "other.example/1"),
        distinct(a, "丙公司", "CN202310000002.3", "other.example/1"),
    ];
    let done = store.intake_matters(&batch, now()).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        done.iter().map(|d| d.receipt_no.as_str()).collect::<Vec<_>>(),
        vec!["BH-TS-2026-000002", "BH-TS-2026-000003", "BH-TS-2026-000004"]
    );
    let g0 = done[0].group.as_ref().unwrap_or_else(|| panic!("the same respondent groups"));
    assert_eq!((g0.group_id, g0.with_id, g0.with_receipt_no.as_str()), (first[0].id, first[0].id, "BH-TS-2026-000001"));
    assert_eq!(done[1].group, None);
    let g2 = done[2].group.as_ref().unwrap_or_else(|| panic!("a duplicate within the batch groups"));
    assert_eq!((g2.group_id, g2.with_id), (done[1].id, done[1].id));
    for (id, group) in
        [(first[0].id, first[0].id), (done[0].id, first[0].id), (done[1].id, done[1].id), (done[2].id, done[1].id)]
    {
        let m = store.get_matter(&Filter::All, id).await.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(m.group_id, Some(group), "matter {id}");
    }
    // Both members of a new group get the timeline entry naming the other.
    let kinds = |id| {
        let store = store.clone();
        async move {
            store
                .matter_events(id)
                .await
                .unwrap_or_else(|e| panic!("{e}"))
                .into_iter()
                .map(|e| e.kind)
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(kinds(first[0].id).await, vec!["intake", "group"]);
    assert_eq!(kinds(done[2].id).await, vec!["intake", "group"]);
    assert_eq!(store.matter_clocks(done[2].id).await.map(|c| c.len()).ok(), Some(1));
    let (parties, rights, urls) = store.matter_details(done[2].id).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((parties.len(), rights.len(), urls.len()), (2, 1, 1));

    // All or nothing: a batch with one filing for a missing department stores none of them and uses no number.
    let bad = [distinct(a, "丁公司", "w", "w"), distinct(999_999, "戊公司", "v", "v")];
    assert!(store.intake_matters(&bad, now()).await.is_err());
    let all = store
        .list_matters(&Filter::All, &MatterFilter::default(), &PageRequest::default())
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(all.total, 4);
    let next = store.intake_matters(&[distinct(a, "己公司", "u", "u")], now()).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(next[0].receipt_no, "BH-TS-2026-000005");

    // The least-loaded officer (open matters counted by triggers, migration 0012): two officers who may take
    // matters and one who may not; filings alternate between the two, a closure or a reassignment frees one.
    let c = dept(&store, root, "CC").await;
    let role = zhibao_store::roles::RoleInput {
        key: Key::parse("handler").unwrap_or_else(|e| panic!("{e}")),
        name: Name::parse("办案").unwrap_or_else(|e| panic!("{e}")),
        data_scope: zhibao_domain::scope::DataScope::Dept,
        dept_ids: vec![],
        permissions: vec!["case:matter:list".into()],
        require_totp: false,
        sort: 0,
        status: Status::Active,
    };
    let role = store.create_role(&role, now()).await.unwrap_or_else(|e| panic!("{e}")).id;
    let user = |name: &str, roles: Vec<i64>| zhibao_store::users::NewUser {
        username: zhibao_domain::validate::Username::parse(name).unwrap_or_else(|e| panic!("{e}")),
        display_name: Name::parse(name).unwrap_or_else(|e| panic!("{e}")),
        password_hash: "x".into(),
        dept_id: c,
        role_ids: roles,
        phone: None,
        email: None,
        status: Status::Active,
        totp_secret: None,
        created_by: None,
    };
    let o1 = store
        .create_user(&Filter::All, &user("officer1", vec![role]), now())
        .await
        .unwrap_or_else(|e| panic!("{e}"))
        .id;
    let o2 = store
        .create_user(&Filter::All, &user("officer2", vec![role]), now())
        .await
        .unwrap_or_else(|e| panic!("{e}"))
        .id;
    store.create_user(&Filter::All, &user("clerk1", vec![]), now()).await.unwrap_or_else(|e| panic!("{e}"));
    let three: Vec<NewMatter> =
        (0..3).map(|i| distinct(c, &format!("庚{i}公司"), &format!("n{i}"), &format!("u{i}"))).collect();
    let got = store.intake_matters(&three, now()).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(got.iter().map(|g| g.officer_id).collect::<Vec<_>>(), vec![Some(o1), Some(o2), Some(o1)]);
    // Move one of o1's matters to o2: o1 now has 1, o2 has 2.
    let e = NewEvent { kind: "assign".into(), ..Default::default() };
    store.assign_matter(got[0].id, c, Some(o2), &e, now()).await.unwrap_or_else(|e| panic!("{e}"));
    let got2 =
        store.intake_matters(&[distinct(c, "辛公司", "n9", "u9")], now()).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(got2[0].officer_id, Some(o1));
    // Close two of o2's: o2 has 0 open, o1 has 2.
    for id in [got[0].id, got[1].id] {
        let close = closing("received", "结案");
        store.transition_matter(id, &close, now()).await.unwrap_or_else(|e| panic!("{e}"));
    }
    let got3 =
        store.intake_matters(&[distinct(c, "壬公司", "n8", "u8")], now()).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(got3[0].officer_id, Some(o2));
    assert_eq!(store.pick_officer(c).await.ok().flatten(), Some(o2), "o2: 1 open, o1: 2 open");
}

/// Two filings of one batch duplicate the same stored matter that had no group: the first forms the group (both
/// get the timeline entry), the second joins it — the stored matter is grouped once and gets one entry, exactly as
/// when the two are filed one after the other. Both executors (rusqlite per filing, PostgreSQL per batch).
async fn batch_intake_groups_a_stored_matter_once(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = db.store().await.unwrap_or_else(|e| panic!("{e}"));
    let root = dept(&store, 0, "RT").await;
    let a = dept(&store, root, "AA").await;
    let stored = store
        .intake_matters(&[distinct(a, "甲公司", "n0", "u0")], now())
        .await
        .unwrap_or_else(|e| panic!("{e}"))
        .remove(0);
    let batch = [distinct(a, "甲公司", "n1", "u1"), distinct(a, "甲公司", "n2", "u2")];
    let done = store.intake_matters(&batch, now()).await.unwrap_or_else(|e| panic!("{e}"));
    let groups: Vec<_> = done.iter().map(|d| d.group.as_ref().map(|g| g.group_id)).collect();
    assert_eq!(groups, vec![Some(stored.id), Some(stored.id)]);
    // The second filing's closest candidate is the newer one (the first of the batch), already in the group.
    assert_eq!(done[1].group.as_ref().map(|g| g.with_id), Some(done[0].id));
    for id in [stored.id, done[0].id, done[1].id] {
        let m = store.get_matter(&Filter::All, id).await.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(m.group_id, Some(stored.id), "matter {id}");
    }
    let kinds = |id| {
        let store = store.clone();
        async move {
            store
                .matter_events(id)
                .await
                .unwrap_or_else(|e| panic!("{e}"))
                .into_iter()
                .map(|e| e.kind)
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(kinds(stored.id).await, vec!["intake", "group"]);
    assert_eq!(kinds(done[0].id).await, vec!["intake", "group"]);
    assert_eq!(kinds(done[1].id).await, vec!["intake", "group"]);
}

/// What the SQLite writer keeps of earlier matters (their fingerprints, `intake::fast::Known`) never stands in
/// for the database: a group changed after intake is the group a new duplicate joins, and a filing of a batch
/// that rolled back leaves nothing behind, even when its id is given to another matter. Both backends.
async fn kept_fingerprints_never_go_stale(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = db.store().await.unwrap_or_else(|e| panic!("{e}"));
    let root = dept(&store, 0, "RT").await;
    let a = dept(&store, root, "AA").await;
    let one = |m: NewMatter| {
        let store = store.clone();
        async move { store.intake_matters(&[m], now()).await.unwrap_or_else(|e| panic!("{e}")).remove(0) }
    };
    // A group set by bulk grouping after intake.
    let stored = one(distinct(a, "甲公司", "n0", "u0")).await;
    let other = one(distinct(a, "乙公司", "n1", "u1")).await;
    assert_eq!((stored.group.as_ref(), other.group.as_ref()), (None, None));
    let e = NewEvent { kind: "group".into(), ..Default::default() };
    store.group_matters(&[other.id, stored.id], other.id, &e, now()).await.unwrap_or_else(|e| panic!("{e}"));
    let dup = one(distinct(a, "甲公司", "n2", "u2")).await;
    let g = dup.group.unwrap_or_else(|| panic!("the same respondent groups"));
    assert_eq!((g.with_id, g.group_id), (stored.id, other.id), "joins the group the candidate is in now");

    // A rolled-back filing (丙公司, right k1) and the matter that takes its place (丁公司, right k2).
    let bad = [distinct(a, "丙公司", "k1", "v1"), distinct(999_999, "戊公司", "k9", "v9")];
    assert!(store.intake_matters(&bad, now()).await.is_err());
    let next = one(distinct(a, "丁公司", "k2", "v2")).await;
    // A filing against 丁公司 with right k1 meets `next`, by respondent; compared with what `next` is, not with the
    // rolled-back filing (which would match by right instead).
    let probe = one(distinct(a, "丁公司", "k1", "v3")).await;
    let g = probe.group.unwrap_or_else(|| panic!("the same respondent groups"));
    assert_eq!(g.with_id, next.id);
    let notes: Vec<String> = store
        .matter_events(probe.id)
        .await
        .unwrap_or_else(|e| panic!("{e}"))
        .into_iter()
        .filter(|e| e.kind == "group")
        .filter_map(|e| e.note)
        .collect();
    assert_eq!(notes.len(), 1);
    assert!(notes[0].contains("同一被投诉方") && !notes[0].contains("同一权利"), "{}", notes[0]);
    assert!(g.score >= 0.35 && g.score < 0.6, "respondent only: {}", g.score);
}

#[tokio::test]
async fn kept_fingerprints_never_go_stale_sqlite() {
    kept_fingerprints_never_go_stale(Backend::Sqlite).await;
}

#[tokio::test]
async fn kept_fingerprints_never_go_stale_postgres() {
    kept_fingerprints_never_go_stale(Backend::Postgres).await;
}

#[tokio::test]
async fn batch_intake_groups_a_stored_matter_once_sqlite() {
    batch_intake_groups_a_stored_matter_once(Backend::Sqlite).await;
}

#[tokio::test]
async fn batch_intake_groups_a_stored_matter_once_postgres() {
    batch_intake_groups_a_stored_matter_once(Backend::Postgres).await;
}

#[tokio::test]
async fn batch_intake_sqlite() {
    batch_intake(Backend::Sqlite).await;
}

#[tokio::test]
async fn batch_intake_postgres() {
    batch_intake(Backend::Postgres).await;
}

/// A backlog larger than SQLite's 500-term compound-SELECT limit is marked sequenced in one append (the 1M-matter
/// benchmark found the ledger stuck: every append of a 2,000-leaf batch failed and was retried for ever).
async fn a_large_ledger_backlog_is_appended_in_one_batch(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = db.store().await.unwrap_or_else(|e| panic!("{e}"));
    let root = dept(&store, 0, "RT").await;
    let many: Vec<NewMatter> =
        (0..1_200).map(|i| distinct(root, &format!("公司{i}"), &format!("n{i}"), &format!("u{i}"))).collect();
    store.create_matters(&many, now()).await.unwrap_or_else(|e| panic!("{e}"));
    let waiting = store.ledger_unsequenced(2_000).await.unwrap_or_else(|e| panic!("{e}"));
    assert!(waiting.len() >= 1_200, "{} rows waiting", waiting.len());
    let leaves: Vec<NewLeaf> = waiting
        .iter()
        .map(|r| NewLeaf { kind: r.kind, ref_id: r.ref_id, leaf_hash: vec![7; 32] })
        .collect();
    let first = store.ledger_size().await.unwrap_or_else(|e| panic!("{e}"));
    store.ledger_append(first, &leaves, &[], now()).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(store.ledger_pending().await.unwrap_or_else(|e| panic!("{e}")), 0);
    assert_eq!(store.ledger_size().await.unwrap_or_else(|e| panic!("{e}")), first + leaves.len() as i64);
}

#[tokio::test]
async fn a_large_ledger_backlog_is_appended_in_one_batch_sqlite() {
    a_large_ledger_backlog_is_appended_in_one_batch(Backend::Sqlite).await;
}

#[tokio::test]
async fn a_large_ledger_backlog_is_appended_in_one_batch_postgres() {
    a_large_ledger_backlog_is_appended_in_one_batch(Backend::Postgres).await;
}

/// Statistics taken while the desk was empty (a new instance's first start) are refreshed once it has grown tenfold
/// (`Store::optimize`, run every ten minutes by the server), and the new statistics reach connections opened before them — the
/// pool's and the intake writer's. With the empty-table statistics the planner walks every open matter for the
/// duplicate check's key lookup. SQLite only: PostgreSQL's autovacuum keeps its own statistics, and `optimize` does
/// nothing there.
#[tokio::test]
async fn stale_planner_statistics_are_refreshed_for_every_connection_sqlite() {
    use sqlx::Connection;
    let db = TestDb::new(Backend::Sqlite).await;
    let store = db.store().await.unwrap_or_else(|e| panic!("{e}"));
    let root = dept(&store, 0, "RT").await;
    store.analyze().await.unwrap_or_else(|e| panic!("{e}"));
    // A connection that is open all along, as the pool's and the intake writer's are.
    let mut early = sqlx::SqliteConnection::connect(&db.url).await.unwrap_or_else(|e| panic!("{e}"));
    let before = candidate_plan(&mut early).await;
    let many: Vec<NewMatter> =
        (0..2_000).map(|i| distinct(root, &format!("乙{i}"), &format!("b{i}"), &format!("b{i}"))).collect();
    store.create_matters(&many, now()).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(candidate_plan(&mut early).await, before, "nothing tells the planner the table grew");
    assert!(before.contains("SCAN m"), "the empty-table statistics make a walk over matters look free: {before}");
    let analysed = store.optimize().await.unwrap_or_else(|e| panic!("{e}"));
    assert!(analysed.iter().any(|t| t == "matters"), "{analysed:?}");
    assert_eq!(store.planner_row_estimate("matters").await.unwrap_or_else(|e| panic!("{e}")), Some(2_000));
    let after = candidate_plan(&mut early).await;
    let mut late = sqlx::SqliteConnection::connect(&db.url).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(after, candidate_plan(&mut late).await, "connections opened before and after plan alike");
    assert!(after.starts_with("MULTI-INDEX OR"), "the open connection plans with the new statistics: {after}");
    // Nothing grew since: no statistics change, and connections keep their prepared statements.
    assert_eq!(store.optimize().await.unwrap_or_else(|e| panic!("{e}")), Vec::<String>::new());
}

/// SQLite's plan for the duplicate check's key lookup, as written before `NOT INDEXED` (the planner's free choice).
async fn candidate_plan(c: &mut sqlx::SqliteConnection) -> String {
    let q = "EXPLAIN QUERY PLAN SELECT m.id FROM matters m WHERE m.closed_at IS NULL AND (\
             m.id IN (SELECT matter_id FROM matter_parties WHERE role = 'respondent' AND name_key = 'x') OR \
             m.id IN (SELECT matter_id FROM matter_rights WHERE number = 'y')) ORDER BY m.id DESC LIMIT 20";
    // A statement that reads the database first: that is where a connection notices a changed schema cookie and
    // reloads (an EXPLAIN only reports the plan it was prepared with, so it is prepared afresh each time).
    sqlx::query("SELECT COUNT(*) FROM depts").execute(&mut *c).await.unwrap_or_else(|e| panic!("{e}"));
    let rows: Vec<(i64, i64, i64, String)> =
        sqlx::query_as(q).persistent(false).fetch_all(c).await.unwrap_or_else(|e| panic!("{e}"));
    rows.into_iter().map(|r| r.3).collect::<Vec<_>>().join(" | ")
}

/// The duplicate check's key lookups read indexes only on SQLite (migration 0015): the key's index carries the
/// matter id and the open-matters index answers "is it open?", so no table row is read per earlier matter (at 1M
/// matters those random row reads were most of intake's cost) and the newest come first without a sort.
#[tokio::test]
async fn duplicate_lookups_read_indexes_only_sqlite() {
    use sqlx::Connection;
    let db = TestDb::new(Backend::Sqlite).await;
    let store = db.store().await.unwrap_or_else(|e| panic!("{e}"));
    let root = dept(&store, 0, "RT").await;
    let many: Vec<NewMatter> =
        (0..300).map(|i| distinct(root, &format!("丙{}", i % 7), &format!("c{i}"), &format!("c{i}"))).collect();
    store.create_matters(&many, now()).await.unwrap_or_else(|e| panic!("{e}"));
    store.analyze().await.unwrap_or_else(|e| panic!("{e}"));
    let mut c = sqlx::SqliteConnection::connect(&db.url).await.unwrap_or_else(|e| panic!("{e}"));
    for (q, index) in zhibao_store::cases::intake::DUPLICATE_LOOKUPS
        .iter()
        .zip(["matter_parties_name_key", "matter_rights_number", "matter_urls_normalized"])
    {
        let rows: Vec<(i64, i64, i64, String)> = sqlx::query_as(&format!("EXPLAIN QUERY PLAN {q}"))
            .bind("x")
            .fetch_all(&mut c)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        let plan = rows.into_iter().map(|r| r.3).collect::<Vec<_>>().join(" | ");
        assert!(plan.contains(&format!("USING COVERING INDEX {index} ")), "{plan}");
        assert!(plan.contains("USING INDEX matters_open (id=?"), "{plan}");
        assert!(!plan.contains("PRIMARY KEY"), "no matters row is read: {plan}");
    }
}

/// Closed matters are never duplicate candidates, and a key shared by more matters than the check compares
/// yields the newest open ones: the closest is the newest open matter, not a closed or an older one.
async fn duplicate_candidates_are_the_newest_open(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = db.store().await.unwrap_or_else(|e| panic!("{e}"));
    let root = dept(&store, 0, "RT").await;
    let a = dept(&store, root, "AA").await;
    // The same text everywhere, so every earlier matter scores alike and only age decides.
    let same = |i: usize| {
        let mut m = distinct(a, "丁公司", &format!("d{i}"), &format!("d{i}"));
        (m.title, m.description) = ("同一网店销售侵权商品".into(), "同一网店".into());
        m
    };
    let earlier: Vec<NewMatter> = (0..30).map(same).collect();
    let ids = store.create_matters(&earlier, now()).await.unwrap_or_else(|e| panic!("{e}"));
    // Close the three newest.
    for id in &ids[27..] {
        let close = closing("received", "结案");
        store.transition_matter(*id, &close, now()).await.unwrap_or_else(|e| panic!("{e}"));
    }
    let got = store
        .intake_matters(&[same(99)], now())
        .await
        .unwrap_or_else(|e| panic!("{e}"))
        .remove(0);
    let g = got.group.unwrap_or_else(|| panic!("grouped with an open matter"));
    assert_eq!(g.with_id, ids[26], "the newest open matter sharing the respondent");
}

#[tokio::test]
async fn duplicate_candidates_are_the_newest_open_sqlite() {
    duplicate_candidates_are_the_newest_open(Backend::Sqlite).await;
}

#[tokio::test]
async fn duplicate_candidates_are_the_newest_open_postgres() {
    duplicate_candidates_are_the_newest_open(Backend::Postgres).await;
}
