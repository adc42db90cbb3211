//! A small handwritten corpus with known word positions (see the comments on each abstract),
//! shared by the integration tests.
#![allow(dead_code)]

use chrono::NaiveDate;
use zhibao_search::{PatentDoc, PatentIndex, SearchOptions};

pub fn date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

#[allow(clippy::too_many_arguments)]
fn doc(id: &str, an: &str, title: &str, abs: &str, claims: &[&str], ipc: &[&str], ad: &str, pd: &str) -> PatentDoc {
    PatentDoc {
        id: id.into(),
        publication_number: id.into(),
        application_number: an.into(),
        title: title.into(),
        abstract_text: abs.into(),
        claims: claims.iter().map(|s| s.to_string()).collect(),
        ipc: ipc.iter().map(|s| s.to_string()).collect(),
        application_date: date(ad),
        publication_date: date(pd),
        ..Default::default()
    }
}

pub fn corpus() -> Vec<PatentDoc> {
    let mut v = Vec::new();

    // AB words (positions): 本发明0 公开1 了2 一种3 锂电池4(+电池 sub-word at 4) 隔膜5 | 该6 隔膜7 包括8
    // 聚乙烯9 基膜10 和11 陶瓷12 涂层13 能够14 提高15 电池16 的17 安全性18 || 所述19 陶瓷20 涂层21
    // 含有22 氧化铝23 颗粒24   (| sentence, || paragraph)
    let mut d = doc(
        "CN111111111A",
        "CN201910123456.7",
        "一种锂电池隔膜及其制备方法",
        "本发明公开了一种锂电池隔膜。该隔膜包括聚乙烯基膜和陶瓷涂层，能够提高电池的安全性。\n所述陶瓷涂层含有氧化铝颗粒。",
        &["一种锂电池隔膜，其特征在于，包括基膜和陶瓷涂层。", "根据权利要求1所述的隔膜，其特征在于，所述陶瓷涂层含有氧化铝。"],
        &["H01M50/403", "H01M10/0525"],
        "2019-03-15",
        "2020-06-30",
    );
    d.applicants = vec!["天津力神电池股份有限公司".into()];
    d.inventors = vec!["张伟".into(), "李娜".into()];
    d.applicant_address = "天津市西青区华苑产业区".into();
    d.legal_status = Some("有效".into());
    d.language = Some("zh".into());
    v.push(d);

    // AB: 本发明0 涉及1 一种2 固态3 电解质4 | 所述5 电解质6 用于7 全固态8 锂电池9(+电池) 离子10 电导率11 高12
    let mut d = doc(
        "CN222222222A",
        "CN202110555555.1",
        "固态电解质及全固态电池",
        "本发明涉及一种固态电解质。所述电解质用于全固态锂电池，离子电导率高。",
        &["一种固态电解质，包含硫化物。"],
        &["H01M10/0562"],
        "2021-05-20",
        "2022-01-11",
    );
    d.applicants = vec!["南开大学".into()];
    d.inventors = vec!["王芳".into()];
    d.applicant_address = "天津市南开区卫津路94号".into();
    d.legal_status = Some("审中".into());
    v.push(d);

    let mut d = doc(
        "CN333333333U",
        "CN201820999999.0",
        "一种电动汽车充电桩",
        "本实用新型公开了一种充电桩，包括壳体和充电模块。充电模块设置在壳体内部。",
        &["一种充电桩，包括壳体。"],
        &["B60L53/31"],
        "2018-07-01",
        "2019-02-01",
    );
    d.applicants = vec!["国家电网有限公司".into()];
    d.applicant_address = "北京市西城区".into();
    v.push(d);

    // AB: 隔膜0 的1 孔隙率2 为3 百分之四十4 | 电池5 的6 容量7 得到8 提升9 || 隔膜10 厚度11 ...
    v.push(doc(
        "CN444444444A",
        "CN202010000004.4",
        "多孔材料",
        "隔膜的孔隙率为百分之四十。电池的容量得到提升。\n隔膜厚度为十微米。",
        &[],
        &["H01M50/409"],
        "2020-01-01",
        "2020-12-31",
    ));
    // AB: 隔膜0 采用1 无纺布2 || 电池3 外壳4 为5 铝塑6 膜7
    v.push(doc(
        "CN555555555A",
        "CN202110000005.5",
        "外壳结构",
        "隔膜采用无纺布。\n电池外壳为铝塑膜。",
        &[],
        &["H01M50/124"],
        "2021-12-31",
        "2022-06-01",
    ));
    // AB: 隔膜0 可以1 提高2 电池3 寿命4
    v.push(doc(
        "CN666666666A",
        "CN202210000006.6",
        "寿命改进",
        "隔膜可以提高电池寿命",
        &[],
        &["H01M10/42"],
        "2022-03-01",
        "2023-03-01",
    ));
    // AB: 电池0 中1 的2 隔膜3
    v.push(doc(
        "CN777777777A",
        "CN201610000007.7",
        "组件布置",
        "电池中的隔膜",
        &[],
        &["H01M50/40"],
        "2016-05-05",
        "2017-05-05",
    ));

    // AB: a0 lithium1 battery2 pack3 includes4 a5 cooling6 plate7 | the8 cooling9 plate10 is11 made12 of13 aluminum14
    let mut d = doc(
        "US1000001B2",
        "US16/123456",
        "Lithium battery pack with cooling",
        "A lithium battery pack includes a cooling plate. The cooling plate is made of aluminum.",
        &["1. A battery pack comprising a cooling plate."],
        &["H01M10/613", "H01M50/20"],
        "2020-02-10",
        "2021-08-17",
    );
    d.cpc = vec!["H01M10/613".into(), "Y02E60/10".into()];
    d.applicants = vec!["Tesla, Inc.".into()];
    d.inventors = vec!["John Smith".into()];
    d.applicant_address = "Palo Alto, California".into();
    d.legal_status = Some("active".into());
    d.language = Some("en".into());
    v.push(d);
    // AB: the0 lithium1 metal2 oxide3 cathode4 battery5 (3 words between lithium and battery)
    v.push(doc(
        "US1000002A1",
        "US16/000002",
        "Cathode material",
        "The lithium metal oxide cathode battery is disclosed.",
        &[],
        &["H01M4/525"],
        "2019-06-01",
        "2020-12-10",
    ));
    // AB: a0 lithium1 iron2 manganese3 phosphate4 cathode5 battery6 (4 words between)
    v.push(doc(
        "US1000003A1",
        "US16/000003",
        "Phosphate cathode",
        "A lithium iron manganese phosphate cathode battery.",
        &[],
        &["H01M4/58"],
        "2021-01-15",
        "2022-07-20",
    ));
    // AB: a0 battery1 made2 of3 lithium4 and5 graphite6 (battery first, 2 words between)
    v.push(doc(
        "US1000004A1",
        "US16/000004",
        "Electrode stack",
        "A battery made of lithium and graphite.",
        &[],
        &["H01M4/133"],
        "2017-03-03",
        "2018-09-09",
    ));
    // AB: the0 anode1 contains2 graphite3 | the4 cathode5 contains6 nickel7
    v.push(doc(
        "EP1000005A1",
        "EP15000005",
        "Electrode pair",
        "The anode contains graphite. The cathode contains nickel.",
        &[],
        &["H01M4/36"],
        "2015-01-01",
        "2016-01-01",
    ));
    // AB: the0 anode1 contains2 graphite3 || the4 cathode5 contains6 cobalt7
    v.push(doc(
        "EP1000006A1",
        "EP15000006",
        "Electrode layout",
        "The anode contains graphite.\nThe cathode contains cobalt.",
        &[],
        &["H01M4/36"],
        "2015-06-01",
        "2016-06-01",
    ));
    // AB: separators0 for1 batteries2 are3 described4 | a5 battery6 separator7 is8 porous9
    v.push(doc(
        "WO2020000007A1",
        "PCT/CN2020/000007",
        "Battery separators and batteries",
        "Separators for batteries are described. A battery separator is porous.",
        &[],
        &["H01M50/40"],
        "2020-05-05",
        "2020-11-05",
    ));
    v
}

pub fn index() -> PatentIndex {
    let index = PatentIndex::create_in_ram().expect("index");
    index.upsert_all(&corpus()).expect("upsert");
    index
}

/// Ids of all documents matching `q`, sorted.
pub fn ids(index: &PatentIndex, q: &str) -> Vec<String> {
    let opts = SearchOptions { limit: 100, snippets: false, ..Default::default() };
    let res = index.search(q, &opts).unwrap_or_else(|e| panic!("{q}: {e}"));
    assert_eq!(res.total, res.hits.len(), "{q}: total and hits differ");
    let mut v: Vec<String> = res.hits.into_iter().map(|h| h.id).collect();
    v.sort();
    v
}

pub fn set(ids: &[&str]) -> Vec<String> {
    let mut v: Vec<String> = ids.iter().map(|s| s.to_string()).collect();
    v.sort();
    v
}

/// Asserts the exact set of matching ids for every (query, ids) pair.
pub fn check(index: &PatentIndex, cases: &[(&str, &[&str])]) {
    let mut failures = Vec::new();
    for (q, expected) in cases {
        let got = ids(index, q);
        if got != set(expected) {
            failures.push(format!("{q}\n   expected {:?}\n   got      {:?}", set(expected), got));
        }
    }
    assert!(failures.is_empty(), "{} case(s) failed:\n{}", failures.len(), failures.join("\n"));
}

pub const CN1: &str = "CN111111111A";
pub const CN2: &str = "CN222222222A";
pub const CN3: &str = "CN333333333U";
pub const CN4: &str = "CN444444444A";
pub const CN5: &str = "CN555555555A";
pub const CN6: &str = "CN666666666A";
pub const CN7: &str = "CN777777777A";
pub const EN1: &str = "US1000001B2";
pub const EN2: &str = "US1000002A1";
pub const EN3: &str = "US1000003A1";
pub const EN4: &str = "US1000004A1";
pub const EN5: &str = "EP1000005A1";
pub const EN6: &str = "EP1000006A1";
pub const EN7: &str = "WO2020000007A1";
