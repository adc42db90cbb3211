//! The store conformance story: the same checks on SQLite and on PostgreSQL.

use chrono::{TimeZone, Utc};
use std::collections::BTreeSet;
use zhibao_domain::dept::parse_ancestors;
use zhibao_domain::scope::{self, DataScope, Filter, RoleScope};
use zhibao_domain::validate::{Key, Name, Status, Username};
use zhibao_store::depts::DeptInput;
use zhibao_store::logs::{LogFilter, NewOpLog};
use zhibao_store::roles::RoleInput;
use zhibao_store::testing::TestDb;
use zhibao_store::users::{NewUser, UserFilter};
use zhibao_store::{Backend, PageRequest, Store, StoreError, Ts};

fn now() -> Ts {
    Ts::new(Utc::now())
}

fn dept(parent: i64, code: &str, name: &str) -> DeptInput {
    DeptInput {
        parent_id: parent,
        name: Name::parse(name).unwrap_or_else(|e| panic!("{e}")),
        code: Key::parse(code).unwrap_or_else(|e| panic!("{e}")),
        kind: Key::parse("office").unwrap_or_else(|e| panic!("{e}")),
        leader: None,
        phone: None,
        sort: 0,
        status: Status::Active,
    }
}

fn user(name: &str, dept_id: i64, roles: Vec<i64>) -> NewUser {
    NewUser {
        username: Username::parse(name).unwrap_or_else(|e| panic!("{e}")),
        display_name: Name::parse(name).unwrap_or_else(|e| panic!("{e}")),
        password_hash: "x".into(),
        dept_id,
        role_ids: roles,
        phone: None,
        email: None,
        status: Status::Active,
        totp_secret: None,
        created_by: None,
    }
}

async fn tree(store: &Store) -> Vec<i64> {
    let root = store
        .create_dept(&Filter::All, &dept(0, "RT", "根"), now())
        .await
        .map(|d| d.id)
        .unwrap_or_else(|e| panic!("{e}"));
    let a = store
        .create_dept(&Filter::All, &dept(root, "AA", "甲"), now())
        .await
        .map(|d| d.id)
        .unwrap_or_else(|e| panic!("{e}"));
    let a1 = store
        .create_dept(&Filter::All, &dept(a, "A1", "甲一"), now())
        .await
        .map(|d| d.id)
        .unwrap_or_else(|e| panic!("{e}"));
    let b = store
        .create_dept(&Filter::All, &dept(root, "BB", "乙"), now())
        .await
        .map(|d| d.id)
        .unwrap_or_else(|e| panic!("{e}"));
    vec![root, a, a1, b]
}

async fn story(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = db.store().await.unwrap_or_else(|e| panic!("connect: {e}"));
    assert_eq!(store.backend(), backend);
    store.ping().await.unwrap_or_else(|e| panic!("{e}"));
    store.migrate().await.unwrap_or_else(|e| panic!("migrations are idempotent: {e}"));

    // Department tree and ancestors paths.
    let ids = tree(&store).await;
    let (root, a, a1, b) = (ids[0], ids[1], ids[2], ids[3]);
    let a1d = store.get_dept(&Filter::All, a1).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(parse_ancestors(&a1d.ancestors), vec![root, a]);
    // Unique (parent, name) and code.
    let dup = store.create_dept(&Filter::All, &dept(root, "AA", "别名"), now()).await;
    assert!(matches!(dup, Err(StoreError::Conflict { .. })), "{dup:?}");
    // Moving A under B rewrites A1's path; moving B under A1 would make a cycle.
    store.update_dept(&Filter::All, a, &dept(b, "AA", "甲")).await.unwrap_or_else(|e| panic!("{e}"));
    let a1d = store.get_dept(&Filter::All, a1).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(parse_ancestors(&a1d.ancestors), vec![root, b, a]);
    assert!(matches!(store.update_dept(&Filter::All, b, &dept(a1, "BB", "乙")).await, Err(StoreError::Rule(_))));
    assert!(matches!(store.delete_dept(&Filter::All, b).await, Err(StoreError::Rule(_))), "has children");
    store.update_dept(&Filter::All, a, &dept(root, "AA", "甲")).await.unwrap_or_else(|e| panic!("{e}"));

    // Roles and users; data scope in SQL agrees with the domain's in-memory rule for every user.
    let mk_role = |key: &str, scope: DataScope, depts: Vec<i64>| RoleInput {
        key: Key::parse(key).unwrap_or_else(|e| panic!("{e}")),
        name: Name::parse(key).unwrap_or_else(|e| panic!("{e}")),
        data_scope: scope,
        dept_ids: depts,
        permissions: vec!["system:user:list".into()],
        require_totp: false,
        sort: 0,
        status: Status::Active,
    };
    let r_dept =
        store.create_role(&mk_role("r_dept", DataScope::Dept, vec![]), now()).await.unwrap_or_else(|e| panic!("{e}"));
    let r_below = store
        .create_role(&mk_role("r_below", DataScope::DeptAndBelow, vec![]), now())
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let r_self = store
        .create_role(&mk_role("r_self", DataScope::SelfOnly, vec![]), now())
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let r_custom = store
        .create_role(&mk_role("r_custom", DataScope::Custom, vec![b]), now())
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(r_custom.dept_ids, vec![b]);
    let users = vec![
        user("u_root", root, vec![r_below.id]),
        user("u_a", a, vec![r_dept.id]),
        user("u_a1", a1, vec![r_self.id]),
        user("u_b", b, vec![r_custom.id, r_self.id]),
        user("u_none", b, vec![]),
    ];
    assert_eq!(store.create_users(&Filter::All, &users, now()).await.ok(), Some(5));
    // All or nothing: a batch with a duplicate stores nothing.
    let batch = vec![user("u_new", a, vec![]), user("u_a", a, vec![])];
    let failed = store.create_users(&Filter::All, &batch, now()).await;
    assert!(matches!(failed, Err((1, StoreError::Conflict { .. }))), "{failed:?}");
    assert_eq!(store.user_id_by_name("u_new").await.ok().flatten(), None, "nothing half-stored");

    let all = store.all_users(&Filter::All, &UserFilter::default()).await.unwrap_or_else(|e| panic!("{e}"));
    let depts = store.list_depts(&Filter::All, None, None).await.unwrap_or_else(|e| panic!("{e}"));
    for viewer in &all {
        let roles = store.roles_of_user(viewer.id).await.unwrap_or_else(|e| panic!("{e}"));
        let scopes: Vec<RoleScope> = roles.iter().map(|r| r.scope()).collect();
        let f = scope::effective(&scopes, viewer.id, viewer.dept_id);
        let expected: BTreeSet<i64> = all
            .iter()
            .filter(|u| {
                let d =
                    depts.iter().find(|d| d.id == u.dept_id).map(|d| parse_ancestors(&d.ancestors)).unwrap_or_default();
                scope::allows(&f, u.dept_id, &d, Some(u.id))
            })
            .map(|u| u.id)
            .collect();
        let got: BTreeSet<i64> = store
            .all_users(&f, &UserFilter::default())
            .await
            .unwrap_or_else(|e| panic!("{e}"))
            .iter()
            .map(|u| u.id)
            .collect();
        assert_eq!(got, expected, "scope of {}", viewer.username);
        let page = store
            .list_users(&f, &UserFilter::default(), &PageRequest::default())
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(page.total as usize, expected.len());
        for other in &all {
            let visible = store.get_user(&f, other.id).await.is_ok();
            assert_eq!(visible, expected.contains(&other.id), "{} reading {}", viewer.username, other.username);
        }
    }
    let u_root = all.iter().find(|u| u.username == "u_root").map(|u| u.id).unwrap_or(0);
    let root_filter = scope::effective(&[r_below.scope()], u_root, root);
    assert_eq!(
        store.all_users(&root_filter, &UserFilter::default()).await.map(|v| v.len()).ok(),
        Some(5),
        "root and below sees everyone"
    );
    let none = scope::effective(&[], 99, b);
    assert_eq!(store.all_users(&none, &UserFilter::default()).await.map(|v| v.len()).ok(), Some(0));

    // Filters, paging, sorting.
    let f = UserFilter { username: Some("U_A".into()), ..Default::default() };
    let page = PageRequest { page: 1, page_size: 1, sort: Some("username".into()), desc: true };
    let p = store.list_users(&Filter::All, &f, &page).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((p.total, p.items.len(), p.items[0].username.as_str()), (2, 1, "u_a1"), "case-insensitive, sorted desc");
    let f = UserFilter { dept_id: Some(a), ..Default::default() };
    let names: Vec<String> = store
        .list_users(&Filter::All, &f, &PageRequest::default())
        .await
        .map(|p| p.items.into_iter().map(|u| u.username).collect())
        .unwrap_or_default();
    assert_eq!(names.len(), 2, "dept filter includes sub-departments: {names:?}");
    let f = UserFilter { username: Some("%".into()), ..Default::default() };
    assert_eq!(
        store.list_users(&Filter::All, &f, &PageRequest::default()).await.map(|p| p.total).ok(),
        Some(0),
        "LIKE wildcards are escaped"
    );

    // Roles in use cannot be deleted; a user's roles come back.
    assert!(matches!(store.delete_role(r_dept.id).await, Err(StoreError::Rule(_))));
    let ua = store
        .get_user(&Filter::All, all.iter().find(|u| u.username == "u_a").map(|u| u.id).unwrap_or(0))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(ua.roles.iter().map(|r| r.key.as_str()).collect::<Vec<_>>(), vec!["r_dept"]);

    // Timestamps survive a round trip exactly and range filters order them.
    let t1 = Ts::new(Utc.with_ymd_and_hms(2026, 3, 1, 8, 0, 0).single().unwrap_or_default());
    let t2 = Ts::new(
        Utc.with_ymd_and_hms(2026, 3, 1, 8, 0, 0).single().unwrap_or_default()
            + chrono::Duration::microseconds(1_500_001),
    );
    for (t, who) in [(t1, "early"), (t2, "late")] {
        let e = NewOpLog {
            user_id: Some(ua.id),
            username: Some(who.into()),
            dept_id: Some(a),
            method: "POST".into(),
            path: "/api/v1/x".into(),
            module: "system/x".into(),
            action: "新增".into(),
            target: None,
            ip: None,
            status_code: 201,
            duration_ms: 3,
            at: t,
        };
        store.log_op(&e).await.unwrap_or_else(|e| panic!("{e}"));
    }
    let lf = LogFilter { from: Some(Ts::new(t1.0 + chrono::Duration::microseconds(1))), ..Default::default() };
    let logs = store.list_op_log(&Filter::All, &lf, &PageRequest::default()).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(logs.items.iter().map(|l| l.username.clone().unwrap_or_default()).collect::<Vec<_>>(), vec!["late"]);
    assert_eq!(logs.items[0].created_at, t2, "microseconds kept");
    let self_scope = scope::effective(&[r_self.scope()], 12345, b);
    assert_eq!(
        store.list_op_log(&self_scope, &LogFilter::default(), &PageRequest::default()).await.map(|p| p.total).ok(),
        Some(0),
        "logs are scoped too"
    );

    // Metadata.
    store.set_meta("k", "v1").await.unwrap_or_else(|e| panic!("{e}"));
    store.set_meta("k", "v2").await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(store.meta("k").await.ok().flatten().as_deref(), Some("v2"));
    store.close().await;
}

#[tokio::test]
async fn conformance_sqlite() {
    story(Backend::Sqlite).await;
}

#[tokio::test]
async fn conformance_postgres() {
    story(Backend::Postgres).await;
}

#[tokio::test]
async fn sqlite_pragmas() {
    let db = TestDb::new(Backend::Sqlite).await;
    let store = db.store().await.unwrap_or_else(|e| panic!("{e}"));
    // Foreign keys are enforced: a user in a missing department is refused.
    let r = store.create_users(&Filter::All, &[user("ghost", 999, vec![])], now()).await;
    assert!(r.is_err());
    assert!(db.url.starts_with("sqlite://"));
}
