//! Patent storage on both backends: upsert by publication number (re-import updates, child rows replaced), reads
//! by number / ids, iteration for reindexing.

use chrono::{NaiveDate, Utc};
use zhibao_domain::patent::{
    Address, ApplicationNumber, ClassSymbol, LegalStatus, Party, Patent, PublicationNumber, Texts,
};
use zhibao_store::testing::TestDb;
use zhibao_store::{Backend, Store, StoreError, Ts};

fn now() -> Ts {
    Ts::new(Utc::now())
}

fn patent(pn: &str, title: &str) -> Patent {
    let mut p = Patent::new(PublicationNumber::parse(pn, "CN").unwrap_or_else(|e| panic!("{e}")));
    p.title = Texts::zh(title);
    p.application_number = ApplicationNumber::parse("CN202010123456", "CN").ok();
    p.application_date = NaiveDate::from_ymd_opt(2020, 1, 2);
    p.publication_date = NaiveDate::from_ymd_opt(2021, 3, 4);
    p.legal_status = LegalStatus::Pending;
    p.applicants =
        vec![Party { name: "天津大学".into(), address: Address::parse_cn("天津市南开区卫津路92号") }];
    p.inventors = vec!["张三".into(), "李四".into()];
    p.ipc = vec![ClassSymbol::parse("H01M10/0525").unwrap_or_else(|e| panic!("{e}"))];
    p
}

async fn run(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store: Store = db.store().await.unwrap_or_else(|e| panic!("{e}"));
    let a = patent("CN111111111A", "一种锂电池隔膜");
    let b = patent("US08613112B2", "Cooling plate");
    let out = store.upsert_patents(&[a.clone(), b.clone()], now()).await.unwrap_or_else(|e| panic!("{e}"));
    assert!(out.iter().all(|o| o.created));
    assert_eq!(store.patent_count().await.unwrap_or_default(), 2);

    // Any spelling of the number finds it.
    let got = store.patent("US 8613112 B2").await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(got.patent, b);
    assert!(matches!(store.patent("CN999A").await, Err(StoreError::NotFound)));

    // Re-import updates in place; child rows are replaced, not duplicated.
    let mut a2 = a.clone();
    a2.title = Texts::zh("一种改进的锂电池隔膜");
    a2.legal_status = LegalStatus::Granted;
    a2.inventors = vec!["王五".into()];
    a2.ipc.push(ClassSymbol::parse("H01M50/409").unwrap_or_else(|e| panic!("{e}")));
    let out2 = store.upsert_patents(&[a2.clone()], now()).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(out2[0].id, out[0].id);
    assert!(!out2[0].created);
    assert_eq!(store.patent_count().await.unwrap_or_default(), 2);
    let got = store.patent_by_id(out[0].id).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(got.patent, a2);
    assert!(got.updated_at >= got.created_at);
    let sql = |s: &str| s.to_string();
    assert_eq!(store.scalar_raw(&sql("SELECT COUNT(*) FROM patent_inventors")).await.unwrap_or_default(), 3);
    assert_eq!(
        store.scalar_raw(&sql("SELECT COUNT(*) FROM patent_classes WHERE subclass = 'H01M'")).await.unwrap_or_default(),
        3
    );
    assert_eq!(
        store
            .scalar_raw(&sql(
                "SELECT COUNT(*) FROM patents WHERE province = '天津市' AND district = '南开区' AND legal_status = 'granted'"
            ))
            .await
            .unwrap_or_default(),
        1
    );
    assert_eq!(
        store
            .scalar_raw(&sql("SELECT COUNT(*) FROM patent_parties WHERE kind = 'university'"))
            .await
            .unwrap_or_default(),
        2
    );

    // Lists keep the order asked and skip unknowns.
    let l = store
        .patents_by_numbers(&["US8613112B2".into(), "CN0A".into(), "CN111111111A".into()])
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(l.iter().map(|s| s.patent.key()).collect::<Vec<_>>(), vec!["US8613112B2", "CN111111111A"]);
    let l = store.patents_by_ids(&[out[1].id, 999_999, out[0].id]).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(l.len(), 2);
    assert_eq!(l[0].id, out[1].id);

    // Iteration in pages.
    let mut seen = Vec::new();
    let mut after = 0;
    loop {
        let page = store.patents_after(after, 1).await.unwrap_or_else(|e| panic!("{e}"));
        let Some(last) = page.last() else { break };
        after = last.id;
        seen.extend(page.into_iter().map(|s| s.patent.key()));
    }
    assert_eq!(seen, vec!["CN111111111A", "US8613112B2"]);

    // A batch with the same number twice: the last wins.
    let c1 = patent("CN222222222U", "第一版");
    let c2 = patent("CN222222222U", "第二版");
    let out3 = store.upsert_patents(&[c1, c2], now()).await.unwrap_or_else(|e| panic!("{e}"));
    assert!(out3[0].created && !out3[1].created);
    assert_eq!(store.patent("CN222222222U").await.map(|s| s.patent.title.zh).unwrap_or_default(), "第二版");

    store.delete_patent("CN222222222U").await.unwrap_or_else(|e| panic!("{e}"));
    assert!(matches!(store.delete_patent("CN222222222U").await, Err(StoreError::NotFound)));
    assert_eq!(store.scalar_raw(&sql("SELECT COUNT(*) FROM patent_inventors")).await.unwrap_or_default(), 3);
}

#[tokio::test]
async fn patents_sqlite() {
    run(Backend::Sqlite).await;
}

#[tokio::test]
async fn patents_postgres() {
    run(Backend::Postgres).await;
}
