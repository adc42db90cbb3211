//! Patent-analytics storage on both backends: concordance tables (all-or-nothing, one active per kind), the
//! high-value settings, area populations, watch lists with owner and data scope, alerts raised once per list and
//! patent with in-app notices for the right users, and webhook deliveries.

use chrono::Utc;
use std::collections::BTreeSet;
use zhibao_domain::patent_analysis::high_value::{Criterion, Settings};
use zhibao_domain::patent_analysis::industry::{parse_concordance, DEMO_INTENSIVE_CSV, DEMO_STRATEGIC_CSV};
use zhibao_domain::patent_analysis::watch::{DeliveryStatus, NewAlert, Owner, Reason, WatchDraft};
use zhibao_domain::scope::Filter;
use zhibao_domain::validate::{Key, Name, Status, Username};
use zhibao_store::depts::DeptInput;
use zhibao_store::patent_analysis::NewAreaPopulation;
use zhibao_store::testing::TestDb;
use zhibao_store::users::NewUser;
use zhibao_store::{Backend, PageRequest, Store, StoreError, Ts};

fn now() -> Ts {
    Ts::new(Utc::now())
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

async fn user(store: &Store, name: &str, dept_id: i64) -> i64 {
    let u = NewUser {
        username: Username::parse(name).unwrap_or_else(|e| panic!("{e}")),
        display_name: Name::parse(name).unwrap_or_else(|e| panic!("{e}")),
        password_hash: "x".into(),
        dept_id,
        role_ids: vec![],
        phone: None,
        email: None,
        status: Status::Active,
        totp_secret: None,
        created_by: None,
    };
    store.create_user(&Filter::All, &u, now()).await.map(|u| u.id).unwrap_or_else(|e| panic!("{e}"))
}

fn only(depts: &[i64], own: i64) -> Filter {
    Filter::Restricted { depts: depts.iter().copied().collect(), subtrees: BTreeSet::new(), own_user: Some(own) }
}

async fn story(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = db.store().await.unwrap_or_else(|e| panic!("{e}"));

    // Concordance tables: stored whole; one active per kind.
    let strategic = parse_concordance(DEMO_STRATEGIC_CSV).unwrap_or_else(|e| panic!("{e:?}"));
    let a = store
        .import_concordance("strategic", "示例", "demo", true, true, &strategic, None, now())
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(a.active && a.is_demo);
    assert_eq!(a.row_count, strategic.rows.len() as i64);
    let back = store.concordance_table(a.id).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(back.rows, strategic.rows, "rows round-trip, IPC ranges included");
    let b = store
        .import_concordance("strategic", "第二版", "", false, true, &strategic, None, now())
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let (active, _) = store
        .active_concordance("strategic")
        .await
        .unwrap_or_else(|e| panic!("{e}"))
        .unwrap_or_else(|| panic!("active"));
    assert_eq!(active.id, b.id);
    store.activate_concordance(a.id).await.unwrap_or_else(|e| panic!("{e}"));
    let list = store.concordances(Some("strategic")).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(list.iter().filter(|c| c.active).map(|c| c.id).collect::<Vec<_>>(), vec![a.id]);
    store.delete_concordance(b.id).await.unwrap_or_else(|e| panic!("{e}"));
    assert!(matches!(store.concordance_rows(b.id).await, Err(StoreError::NotFound)));
    assert!(store.active_concordance("intensive").await.unwrap_or_else(|e| panic!("{e}")).is_none());
    let intensive = parse_concordance(DEMO_INTENSIVE_CSV).unwrap_or_else(|e| panic!("{e:?}"));
    assert!(matches!(
        store.import_concordance("other", "x", "", false, true, &intensive, None, now()).await,
        Err(StoreError::Rule(_))
    ));
    assert_eq!(store.concordances(None).await.unwrap_or_else(|e| panic!("{e}")).len(), 1);

    // Settings: defaults until saved.
    assert_eq!(store.high_value_settings().await.unwrap_or_else(|e| panic!("{e}")), Settings::default());
    let s = Settings {
        enabled: vec![Criterion::OverseasFamily, Criterion::Pledge],
        maintained_years: 12,
        pledge_min_yuan: 3_000_000,
        require_in_force: false,
    };
    assert_eq!(store.save_high_value_settings(&s, None, now()).await.unwrap_or_else(|e| panic!("{e}")), s);
    let s2 = Settings { maintained_years: 10, ..s.clone() };
    assert_eq!(store.save_high_value_settings(&s2, None, now()).await.unwrap_or_else(|e| panic!("{e}")), s2);

    // Populations: one per area and year; saving again replaces.
    let pop = |n: i64| NewAreaPopulation {
        name: "滨海新区".into(),
        province: "天津市".into(),
        city: "天津市".into(),
        district: "滨海新区".into(),
        population: n,
        year: 2025,
        source: "示例".into(),
    };
    let p1 = store.save_area_population(&pop(2_000_000), now()).await.unwrap_or_else(|e| panic!("{e}"));
    let p2 = store.save_area_population(&pop(2_100_000), now()).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(p1.id, p2.id);
    assert_eq!(p2.population, 2_100_000);
    assert_eq!(store.area_populations().await.unwrap_or_else(|e| panic!("{e}")).len(), 1);
    assert!(store.save_area_population(&pop(0), now()).await.is_err(), "population must be positive");
    store.delete_area_population(p1.id).await.unwrap_or_else(|e| panic!("{e}"));
    assert!(matches!(store.delete_area_population(p1.id).await, Err(StoreError::NotFound)));

    // Watch lists: owners and scope.
    let root = dept(&store, 0, "ROOT").await;
    let d1 = dept(&store, root, "D1").await;
    let d2 = dept(&store, root, "D2").await;
    let alice = user(&store, "alice", d1).await;
    let bob = user(&store, "bob", d1).await;
    let carol = user(&store, "carol", d2).await;
    let draft = WatchDraft {
        name: "电池".into(),
        ipc: vec!["H01M".into()],
        applicants: vec!["天津某某科技有限公司".into()],
        webhook_url: Some("http://127.0.0.1:9/hook".into()),
        active: true,
        ..WatchDraft::default()
    };
    let mine = store
        .create_watch_list(&only(&[d1], alice), alice, Owner::User(alice), &draft, now())
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(mine.draft, draft, "conditions round-trip");
    assert_eq!(mine.owner_name, "alice");
    let dept_list = store
        .create_watch_list(
            &only(&[d1], alice),
            alice,
            Owner::Dept(d1),
            &WatchDraft { name: "部门".into(), ..draft.clone() },
            now(),
        )
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        matches!(
            store.create_watch_list(&only(&[d1], alice), alice, Owner::Dept(d2), &draft, now()).await,
            Err(StoreError::NotFound)
        ),
        "department outside scope"
    );
    assert!(
        matches!(
            store.create_watch_list(&only(&[d1], alice), alice, Owner::User(bob), &draft, now()).await,
            Err(StoreError::Rule(_))
        ),
        "someone else as owner"
    );
    let seen = |f: Filter, me: i64| {
        let store = store.clone();
        async move {
            store.watch_lists(&f, me).await.unwrap_or_else(|e| panic!("{e}")).iter().map(|w| w.id).collect::<Vec<_>>()
        }
    };
    assert_eq!(seen(only(&[d1], alice), alice).await, vec![dept_list.id, mine.id]);
    assert_eq!(seen(only(&[d1], bob), bob).await, vec![dept_list.id], "bob sees the department's list, not alice's");
    assert_eq!(seen(only(&[d2], carol), carol).await, Vec::<i64>::new());
    assert_eq!(seen(Filter::All, carol).await, vec![dept_list.id], "all depts, but user lists stay private");
    assert!(matches!(store.watch_list(&only(&[d2], carol), carol, mine.id).await, Err(StoreError::NotFound)));
    let renamed = store
        .update_watch_list(
            &only(&[d1], alice),
            alice,
            mine.id,
            Owner::User(alice),
            &WatchDraft { name: "电池2".into(), webhook_url: None, ..draft.clone() },
            now(),
        )
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(renamed.draft.name, "电池2");
    assert_eq!(renamed.draft.webhook_url, None);
    assert!(matches!(
        store.update_watch_list(&only(&[d2], carol), carol, mine.id, Owner::User(carol), &draft, now()).await,
        Err(StoreError::NotFound)
    ));
    assert_eq!(store.active_watch_lists().await.unwrap_or_else(|e| panic!("{e}")).len(), 2);

    // Alerts: once per list and patent; notices to the owner or the department's users.
    let alert = |watch_id: i64, patent_id: i64| NewAlert {
        watch_id,
        patent_id,
        reasons: vec![Reason::Ipc("H01M 4/13".into())],
    };
    let ids = store
        .record_alerts(&[alert(mine.id, 101), alert(dept_list.id, 101), alert(dept_list.id, 102)], "b1", now())
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(ids.len(), 3);
    let again = store
        .record_alerts(&[alert(mine.id, 101), alert(mine.id, 103)], "b2", now())
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(again.len(), 1, "101 already alerted for this list");
    assert_eq!(
        store.alerted_patents(mine.id, &[101, 102, 103]).await.unwrap_or_else(|e| panic!("{e}")),
        BTreeSet::from([101, 103])
    );
    assert_eq!(store.unread_alert_notices(alice).await.unwrap_or_else(|e| panic!("{e}")), 4);
    assert_eq!(store.unread_alert_notices(bob).await.unwrap_or_else(|e| panic!("{e}")), 2);
    assert_eq!(store.unread_alert_notices(carol).await.unwrap_or_else(|e| panic!("{e}")), 0);
    let notices = store.alert_notices(bob, true, 50).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(notices.iter().map(|n| n.patent_id).collect::<Vec<_>>(), vec![102, 101]);
    assert_eq!(notices[0].watch_name, "部门");
    assert_eq!(
        store.mark_alert_notices_read(bob, Some(notices[0].id), now()).await.unwrap_or_else(|e| panic!("{e}")),
        1
    );
    assert_eq!(
        store.mark_alert_notices_read(alice, Some(notices[1].id), now()).await.unwrap_or_else(|e| panic!("{e}")),
        0,
        "not alice's notice"
    );
    assert_eq!(store.mark_alert_notices_read(bob, None, now()).await.unwrap_or_else(|e| panic!("{e}")), 1);
    assert_eq!(store.unread_alert_notices(bob).await.unwrap_or_else(|e| panic!("{e}")), 0);

    let page = PageRequest::default();
    let history = store.alerts(&only(&[d1], alice), alice, None, &page).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(history.total, 4);
    assert!(history.items[0].reasons.contains("H01M 4/13"));
    assert_eq!(store.alerts(&only(&[d1], bob), bob, None, &page).await.unwrap_or_else(|e| panic!("{e}")).total, 2);
    assert_eq!(
        store.alerts(&only(&[d1], alice), alice, Some(mine.id), &page).await.unwrap_or_else(|e| panic!("{e}")).total,
        2
    );
    assert_eq!(
        store.alerts(&only(&[d2], carol), carol, Some(mine.id), &page).await.unwrap_or_else(|e| panic!("{e}")).total,
        0
    );

    // Deliveries.
    let del = store
        .create_delivery(mine.id, "http://127.0.0.1:9/hook", 2, "{}", now())
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    store
        .finish_delivery(del, DeliveryStatus::Failed, None, Some("connection refused"), now())
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let ds = store.deliveries(&only(&[d1], alice), alice, mine.id, 10).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        (ds[0].status.as_str(), ds[0].error.as_deref(), ds[0].http_status),
        ("failed", Some("connection refused"), None)
    );
    assert!(ds[0].attempted_at.is_some());
    assert!(matches!(store.deliveries(&only(&[d2], carol), carol, mine.id, 10).await, Err(StoreError::NotFound)));

    // Deleting a patent's alerts, then a list with everything hanging on it.
    assert_eq!(store.forget_patent_alerts(&[103]).await.unwrap_or_else(|e| panic!("{e}")), 1);
    store.delete_watch_list(&only(&[d1], alice), alice, mine.id).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(store.alerts(&Filter::All, alice, None, &page).await.unwrap_or_else(|e| panic!("{e}")).total, 2);
    assert_eq!(store.alert_notices(alice, false, 50).await.unwrap_or_else(|e| panic!("{e}")).len(), 2);
    assert!(matches!(
        store.delete_watch_list(&only(&[d2], carol), carol, dept_list.id).await,
        Err(StoreError::NotFound)
    ));
}

#[tokio::test]
async fn patent_analysis_sqlite() {
    story(Backend::Sqlite).await;
}

#[tokio::test]
async fn patent_analysis_postgres() {
    story(Backend::Postgres).await;
}
