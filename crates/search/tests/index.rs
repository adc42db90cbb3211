//! Index operations: highlighting, sorting, paging, replacing and deleting documents, an index
//! on disk, the one-box mode, and a real USPTO abstract.

mod common;

use common::*;
use zhibao_search::query::ast::DateField;
use zhibao_search::{IndexOptions, PatentDoc, PatentIndex, QueryErrorKind, SearchError, SearchOptions, SortBy};

fn opts() -> SearchOptions {
    SearchOptions { limit: 100, ..Default::default() }
}

fn order(ix: &PatentIndex, q: &str, sort: SortBy) -> Vec<String> {
    let res = ix.search(q, &SearchOptions { limit: 100, sort, snippets: false, ..Default::default() }).expect(q);
    res.hits.into_iter().map(|h| h.id).collect()
}

#[test]
fn highlights_title_and_abstract() {
    let ix = index();
    let res = ix.search("TI=隔膜", &opts()).expect("search");
    assert_eq!(res.total, 1);
    let hit = &res.hits[0];
    assert_eq!(hit.id, CN1);
    let title = hit.title.as_ref().expect("title");
    assert_eq!(title.text, "一种锂电池隔膜及其制备方法");
    assert_eq!(title.html, "一种锂电池<b>隔膜</b>及其制备方法");
    assert_eq!(title.ranges, vec![15..21]);

    // bare term: highlighted in both title and abstract; the sub-word inside 锂电池 is marked alone
    let res = ix.search("电池 AND 陶瓷", &opts()).expect("search");
    assert_eq!(res.hits.len(), 1);
    let hit = &res.hits[0];
    assert_eq!(hit.title.as_ref().map(|h| h.html.as_str()), Some("一种锂<b>电池</b>隔膜及其制备方法"));
    let ab = hit.abstract_snippet.as_ref().expect("abstract");
    assert!(ab.html.contains("<b>陶瓷</b>"), "{}", ab.html);
    assert!(ab.html.contains("<b>电池</b>"), "{}", ab.html);
    for r in &ab.ranges {
        assert!(["陶瓷", "电池"].contains(&&ab.text[r.clone()]), "{:?}", &ab.text[r.clone()]);
    }

    // English keeps the original case; truncations highlight every expansion
    let res = ix.search("TI=batter*", &opts()).expect("search");
    let en7 = res.hits.iter().find(|h| h.id == EN7).expect("EN7");
    assert_eq!(en7.title.as_ref().map(|h| h.html.as_str()), Some("<b>Battery</b> separators and <b>batteries</b>"));
    let res = ix.search("AB=(lithium 3W battery)", &opts()).expect("search");
    let en2 = res.hits.iter().find(|h| h.id == EN2).expect("EN2");
    let ab = en2.abstract_snippet.as_ref().expect("abstract");
    assert_eq!(ab.html, "The <b>lithium</b> metal oxide cathode <b>battery</b> is disclosed.");
    // not highlighted in the title: the query was on AB only
    assert!(en2.title.as_ref().is_some_and(|t| t.ranges.is_empty()));

    // HTML is escaped
    let mut d = PatentDoc { id: "X1".into(), title: "<script> lithium & co".into(), ..Default::default() };
    d.abstract_text = "a < b lithium".into();
    ix.upsert_all([&d]).expect("upsert");
    let res = ix.search("PN=X1 OR TI=(script W lithium)", &opts()).expect("search");
    let hit = res.hits.iter().find(|h| h.id == "X1").expect("X1");
    assert_eq!(hit.title.as_ref().map(|h| h.html.as_str()), Some("&lt;<b>script</b>&gt; <b>lithium</b> &amp; co"));
}

#[test]
fn snippets_can_be_turned_off() {
    let ix = index();
    let res = ix.search("lithium", &SearchOptions { snippets: false, ..Default::default() }).expect("search");
    assert!(res.hits.iter().all(|h| h.title.is_none() && h.abstract_snippet.is_none()));
}

#[test]
fn sort_by_date_and_relevance() {
    let ix = index();
    // PD: EN1 2021-08-17, EN2 2020-12-10, EN3 2022-07-20, EN4 2018-09-09
    let pd_desc = SortBy::Date { field: DateField::Pd, descending: true };
    let pd_asc = SortBy::Date { field: DateField::Pd, descending: false };
    assert_eq!(order(&ix, "lithium", pd_desc), vec![EN3, EN1, EN2, EN4]);
    assert_eq!(order(&ix, "lithium", pd_asc), vec![EN4, EN2, EN1, EN3]);
    // AD: EN1 2020-02-10, EN2 2019-06-01, EN3 2021-01-15, EN4 2017-03-03
    assert_eq!(
        order(&ix, "lithium", SortBy::Date { field: DateField::Ad, descending: false }),
        vec![EN4, EN2, EN1, EN3]
    );
    // relevance: scores non-increasing; EN1 (lithium in title and abstract) first
    let res =
        ix.search("lithium", &SearchOptions { limit: 100, snippets: false, ..Default::default() }).expect("search");
    let scores: Vec<f32> = res.hits.iter().filter_map(|h| h.score).collect();
    assert_eq!(scores.len(), 4);
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
    assert_eq!(res.hits[0].id, EN1);
    // proximity hits are scored too
    let res =
        ix.search("AB=(lithium 4W battery)", &SearchOptions { snippets: false, ..Default::default() }).expect("search");
    assert!(res.hits.iter().all(|h| h.score.is_some_and(|s| s > 0.0)));
    // date order has no score
    let res = ix.search("lithium", &SearchOptions { sort: pd_desc, ..Default::default() }).expect("search");
    assert!(res.hits.iter().all(|h| h.score.is_none()));
}

#[test]
fn paging() {
    let ix = index();
    let sort = SortBy::Date { field: DateField::Pd, descending: false };
    let all = order(&ix, "IPC=H01M*", sort);
    assert_eq!(all.len(), 13);
    let mut paged = Vec::new();
    for page in 0..4 {
        let res = ix
            .search(
                "IPC=H01M*",
                &SearchOptions { offset: page * 4, limit: 4, sort, snippets: false, ..Default::default() },
            )
            .expect("search");
        assert_eq!(res.total, 13);
        assert!(res.hits.len() <= 4);
        paged.extend(res.hits.into_iter().map(|h| h.id));
    }
    assert_eq!(paged, all);
    // limit 0 only counts
    let res = ix.search("IPC=H01M*", &SearchOptions { limit: 0, ..Default::default() }).expect("search");
    assert_eq!((res.total, res.hits.len()), (13, 0));
    assert_eq!(ix.count("IPC=H01M* AND 隔膜").expect("count"), 5);
}

#[test]
fn update_replaces_and_delete_removes() {
    let ix = index();
    assert_eq!(ix.num_docs(), 14);
    let mut d = ix.get(CN3).expect("get").expect("CN3 stored");
    assert_eq!(d.title, "一种电动汽车充电桩");
    d.title = "一种无线充电装置".into();
    d.ipc = vec!["H02J50/10".into()];
    {
        let mut w = ix.writer().expect("writer");
        w.upsert(&d).expect("upsert");
        // a second version in the same batch wins
        d.abstract_text = "无线充电线圈。".into();
        w.upsert(&d).expect("upsert");
        w.commit().expect("commit");
    }
    assert_eq!(ix.num_docs(), 14);
    check(
        &ix,
        &[
            ("IPC=B60L*", &[]),
            ("IPC=H02J50/10", &[CN3]),
            ("TI=无线", &[CN3]),
            ("TI=汽车", &[]),
            ("AB=线圈", &[CN3]),
            ("AB=壳体", &[]),
        ],
    );
    assert_eq!(ix.get(CN3).expect("get").map(|d| d.title), Some("一种无线充电装置".to_string()));

    let mut w = ix.writer().expect("writer");
    w.delete(EN7);
    w.commit().expect("commit");
    drop(w);
    assert_eq!(ix.num_docs(), 13);
    check(&ix, &[("separat*", &[]), ("TI=batter*", &[EN1])]);
    assert!(ix.get(EN7).expect("get").is_none());

    // an uncommitted batch can be rolled back
    let mut w = ix.writer().expect("writer");
    w.delete(EN1);
    w.rollback().expect("rollback");
    w.commit().expect("commit");
    drop(w);
    assert_eq!(ix.num_docs(), 13);

    let empty = PatentDoc::default();
    let mut w = ix.writer().expect("writer");
    assert!(matches!(w.upsert(&empty), Err(SearchError::MissingId)));
}

#[test]
fn stored_document_round_trips() {
    let ix = index();
    let original = corpus().into_iter().find(|d| d.id == CN1).expect("CN1");
    assert_eq!(ix.get(CN1).expect("get"), Some(original));
}

#[test]
fn index_on_disk_persists() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("patents");
    {
        let ix = PatentIndex::open_or_create(&path).expect("create");
        ix.upsert_all(&corpus()).expect("upsert");
    }
    let ix = PatentIndex::open_or_create(&path).expect("reopen");
    assert_eq!(ix.num_docs(), 14);
    check(&ix, &[("AB=(隔膜 S 电池)", &[CN1, CN6, CN7]), ("AB=(lithium 3W battery)", &[EN1, EN2])]);
}

#[test]
fn one_box_mode() {
    let ix = index();
    let o = SearchOptions { limit: 100, ..Default::default() };
    let res = ix.search_simple("锂电池隔膜", &o).expect("search");
    let mut got: Vec<String> = res.hits.iter().map(|h| h.id.clone()).collect();
    assert_eq!(got[0], CN1, "title match first");
    got.sort();
    assert_eq!(got, set(&[CN1, CN2, CN4, CN5, CN6, CN7]));
    assert!(res.hits[0].title.as_ref().is_some_and(|t| t.html.contains("<b>锂电池</b><b>隔膜</b>")));

    // operators are just words here; nothing is an error except emptiness
    let res = ix.search_simple("lithium (AND battery", &o).expect("search");
    assert_eq!(res.hits[0].id, EN1);
    assert_eq!(res.total, 5);

    let res = ix.search_simple("CN111111111A", &o).expect("search");
    assert_eq!(res.hits.first().map(|h| h.id.as_str()), Some(CN1));

    let err = ix.search_simple("  ", &o).err();
    assert!(matches!(err, Some(SearchError::Query(ref e)) if e.kind == QueryErrorKind::Empty));
    let err = ix.search_simple("，。", &o).err();
    assert!(matches!(err, Some(SearchError::Query(ref e)) if matches!(e.kind, QueryErrorKind::NothingToSearch(_))));
}

#[test]
fn truncation_limit_is_an_error_with_position() {
    let mut ix = index();
    ix.set_options(IndexOptions { max_expansions: 2, ..Default::default() });
    // AB words starting with 电: 电池, 电解, 电解质, 电导, 电导率 …
    let err = ix.search("隔膜 AND AB=电*", &opts()).err();
    match err {
        Some(SearchError::Query(e)) => {
            assert_eq!(e.offset, "隔膜 AND AB=".len());
            assert!(matches!(e.kind, QueryErrorKind::TooManyExpansions { limit: 2, .. }));
        }
        other => panic!("{other:?}"),
    }
    // within the limit
    check(&ix, &[("AB=电解*", &[CN2])]);
}

#[test]
fn boundary_marks_are_not_searchable() {
    let ix = index();
    // the control character of the marks is dropped by the analyser: this searches "s"
    check(&ix, &[("\u{1}s", &[]), ("s", &[]), ("p", &[]), ("AB=\"\u{1}p\"", &[])]);
}

#[test]
fn parse_errors_surface_through_search() {
    let ix = index();
    match ix.search("(锂电池 AND", &opts()) {
        Err(SearchError::Query(e)) => {
            assert_eq!(e.offset, "(锂电池 AND".len());
            assert_eq!(e.column, 9);
            assert!(e.to_string().contains("expected"), "{e}");
        }
        other => panic!("{other:?}"),
    }
}

/// The abstract of a real USPTO grant (tests/data), read crudely from its XML: the S and P
/// operators on real English sentences with reference numerals like "(11)".
#[test]
fn real_uspto_abstract() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/US08613112-20131224.XML");
    let xml = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("fixture {path}: {e}"));
    let between = |open: &str, close: &str| -> String {
        let start = xml.find(open).map(|i| i + open.len()).unwrap_or(0);
        let end = xml[start..].find(close).map(|i| i + start).unwrap_or(start);
        let mut text = String::new();
        let mut in_tag = false;
        for c in xml[start..end].chars() {
            match c {
                '<' => in_tag = true,
                '>' => in_tag = false,
                _ if !in_tag => text.push(c),
                _ => {}
            }
        }
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    };
    let title = between("<invention-title id=\"d2e71\">", "</invention-title>");
    let abs = between("<abstract id=\"abstract\">", "</abstract>");
    assert!(abs.starts_with("An article of clothing comprises a garment (11)"), "{abs}");
    let doc = PatentDoc {
        id: "US8613112B2".into(),
        publication_number: "US08613112B2".into(),
        title,
        abstract_text: abs,
        ..Default::default()
    };
    let ix = PatentIndex::create_in_ram().expect("index");
    ix.upsert_all([&doc]).expect("upsert");
    // Sentences: 1 article…garment (11)…bust…garment. 2 The garment has a case (2)…device (3)…
    // 3 The case (2) has a transparent window (4)…deformable…controls. 4 The case is fixed…
    // garment (11)…window (4).
    check(
        &ix,
        &[
            ("AB=(garment S window)", &["US8613112B2"]),
            ("AB=(transparent S garment)", &[]),
            ("AB=(transparent S deformable)", &["US8613112B2"]),
            ("AB=(transparent P garment)", &["US8613112B2"]),
            ("AB=(transparent 0W window)", &["US8613112B2"]),
            ("AB=(article 1W clothing)", &["US8613112B2"]),
            ("AB=(article W clothing)", &[]),
            // Article0 of1 clothing2 particularly3 intended4 to5 be6 used7 along8 with9 electronic10
            ("TI=(clothing 7W electronic)", &["US8613112B2"]),
            ("TI=(clothing 6W electronic)", &[]),
            ("PN=US8613112", &["US8613112B2"]),
            ("PN=US08613112B2", &["US8613112B2"]),
        ],
    );
}
