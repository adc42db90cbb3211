//! Every operator against the handwritten corpus (tests/common), Chinese and English, with the
//! exact set of matching documents worked out by hand from the word positions noted there.

mod common;

use common::*;

#[test]
fn term_english() {
    let ix = index();
    check(
        &ix,
        &[
            ("lithium", &[EN1, EN2, EN3, EN4]),
            ("LITHIUM", &[EN1, EN2, EN3, EN4]),
            ("graphite", &[EN4, EN5, EN6]),
            ("nickel", &[EN5]),
            ("battery", &[EN1, EN2, EN3, EN4, EN7]),
            // no stemming: "batteries" is its own word
            ("batteries", &[EN7]),
            ("zeppelin", &[]),
        ],
    );
}

#[test]
fn term_chinese() {
    let ix = index();
    check(
        &ix,
        &[
            ("隔膜", &[CN1, CN4, CN5, CN6, CN7]),
            // 电池 also matches inside 锂电池 / 全固态电池 (sub-words at the compound's position)
            ("电池", &[CN1, CN2, CN4, CN5, CN6, CN7]),
            ("锂电池", &[CN1, CN2]),
            ("氧化铝", &[CN1]),
            ("硫化物", &[CN2]),
            // full-width Latin in a query is folded like the text
            ("ｌｉｔｈｉｕｍ", &[EN1, EN2, EN3, EN4]),
        ],
    );
}

#[test]
fn multi_word_chinese_is_a_phrase() {
    let ix = index();
    check(
        &ix,
        &[
            // 锂电池隔膜 → 锂电池 隔膜, adjacent
            ("锂电池隔膜", &[CN1]),
            ("隔膜锂电池", &[]),
            // 充电桩 → 充电 桩
            ("充电桩", &[CN3]),
            // 电池隔膜: 电池 is a sub-word of 锂电池, right before 隔膜
            ("电池隔膜", &[CN1]),
        ],
    );
}

#[test]
fn phrases() {
    let ix = index();
    check(
        &ix,
        &[
            ("\"cooling plate\"", &[EN1]),
            ("\"plate cooling\"", &[]),
            ("\"battery separator\"", &[EN7]),
            ("\"Li-ion\"", &[]),
            ("\"陶瓷涂层\"", &[CN1]),
            ("“陶瓷 涂层”", &[CN1]),
            ("\"涂层陶瓷\"", &[]),
            // a phrase is a single-word query when it analyses to one word
            ("\"lithium\"", &[EN1, EN2, EN3, EN4]),
        ],
    );
}

#[test]
fn boolean_and_or_precedence() {
    let ix = index();
    check(
        &ix,
        &[
            ("lithium AND graphite", &[EN4]),
            ("lithium graphite", &[EN4]),
            ("lithium OR nickel", &[EN1, EN2, EN3, EN4, EN5]),
            // AND binds tighter than OR
            ("lithium OR anode AND nickel", &[EN1, EN2, EN3, EN4, EN5]),
            ("(lithium OR anode) AND nickel", &[EN5]),
            ("nickel AND anode OR lithium", &[EN1, EN2, EN3, EN4, EN5]),
            ("lithium or cobalt", &[EN1, EN2, EN3, EN4, EN6]),
            // Chinese operators
            ("隔膜 或 充电桩 与 壳体", &[CN1, CN3, CN4, CN5, CN6, CN7]),
            ("(隔膜 或 充电桩) 与 壳体", &[CN3]),
            ("锂电池 与 氧化铝", &[CN1]),
        ],
    );
}

#[test]
fn not_operator() {
    let ix = index();
    check(
        &ix,
        &[
            ("battery NOT lithium", &[EN7]),
            ("隔膜 NOT 锂电池", &[CN4, CN5, CN6, CN7]),
            ("隔膜 非 锂电池", &[CN4, CN5, CN6, CN7]),
            ("lithium AND NOT graphite", &[EN1, EN2, EN3]),
            // NOT binds tighter than OR: lithium OR (anode NOT graphite)
            ("lithium OR anode NOT graphite", &[EN1, EN2, EN3, EN4]),
            ("(lithium OR anode) NOT graphite", &[EN1, EN2, EN3]),
            // and tighter than AND: lithium AND (battery NOT pack)
            ("lithium AND battery NOT pack", &[EN2, EN3, EN4]),
            // unary NOT: everything else
            ("NOT IPC=H01M*", &[CN3]),
            ("NOT (lithium OR 隔膜 OR 电池 OR anode OR separator* OR 充电)", &[]),
            ("NOT lithium AND graphite", &[EN5, EN6]),
        ],
    );
}

#[test]
fn truncation() {
    let ix = index();
    check(
        &ix,
        &[
            ("TI=batter*", &[EN1, EN7]),
            ("batter*", &[EN1, EN2, EN3, EN4, EN7]),
            ("separat*", &[EN7]),
            ("b?ttery", &[EN1, EN2, EN3, EN4, EN7]),
            // ? is exactly one character: batteries does not match
            ("TI=batter?", &[EN1, EN7]),
            ("AB=batteri?s", &[EN7]),
            ("*thium", &[EN1, EN2, EN3, EN4]),
            ("cath*e", &[EN2, EN3, EN5, EN6]),
            ("AB=电*", &[CN1, CN2, CN4, CN5, CN6, CN7]),
            ("TI=充电*", &[CN3]),
            ("AB=电?", &[CN1, CN2, CN4, CN5, CN6, CN7]),
            ("AB=电解*", &[CN2]),
            ("zzz*", &[]),
        ],
    );
}

#[test]
fn field_restriction() {
    let ix = index();
    check(
        &ix,
        &[
            ("TI=隔膜", &[CN1]),
            ("TI:隔膜", &[CN1]),
            ("ti=隔膜", &[CN1]),
            ("名称=隔膜", &[CN1]),
            ("TI=电池", &[CN1, CN2]),
            ("AB=氧化铝", &[CN1]),
            ("CL=氧化铝", &[CN1]),
            ("TI=氧化铝", &[]),
            ("PA=电池", &[CN1]),
            ("申请人=南开大学", &[CN2]),
            ("PA=tesla", &[EN1]),
            ("IN=李娜", &[CN1]),
            ("IN=smith", &[EN1]),
            ("ADDR=天津", &[CN1, CN2]),
            ("ADDR=西青区", &[CN1]),
            ("ADDR=california", &[EN1]),
            // bare terms search TI, AB and CL only
            ("南开大学", &[]),
            // the field binds one operand: TI=lithium AND graphite is (TI=lithium) AND graphite
            ("TI=lithium AND graphite", &[]),
            ("TI=lithium OR graphite", &[EN1, EN4, EN5, EN6]),
            ("TI=(lithium OR electrode)", &[EN1, EN4, EN5, EN6]),
            ("TI=(锂电池 AND 隔膜)", &[CN1]),
            ("TI=(锂电池 AND 充电)", &[]),
            ("DE=隔膜", &[]),
        ],
    );
}

#[test]
fn keyword_fields_ipc_cpc_numbers() {
    let ix = index();
    check(
        &ix,
        &[
            ("IPC=H01M10/0525", &[CN1]),
            ("IPC=h01m10/0525", &[CN1]),
            ("IPC=H01M 10/0525", &[CN1]),
            ("IPC=\"H01M 10/0525\"", &[CN1]),
            ("IPC=H01M0010/0525", &[CN1]),
            ("IPC=H01M10/*", &[CN1, CN2, CN6, EN1]),
            ("IPC=H01M10*", &[CN1, CN2, CN6, EN1]),
            ("IPC=H01M50/40", &[CN7, EN7]),
            ("IPC=H01M50/40*", &[CN1, CN4, CN7, EN7]),
            ("IPC=H01M*", &[CN1, CN2, CN4, CN5, CN6, CN7, EN1, EN2, EN3, EN4, EN5, EN6, EN7]),
            ("IPC=B60L*", &[CN3]),
            ("IPC=H01M", &[]),
            ("IPC=(B60L* OR H01M4/36)", &[CN3, EN5, EN6]),
            ("CPC=Y02E*", &[EN1]),
            ("PN=CN111111111A", &[CN1]),
            ("PN=CN111111111", &[CN1]),
            ("PN=\"cn 111111111 a\"", &[CN1]),
            ("PN=US1000001", &[EN1]),
            ("PN=CN*", &[CN1, CN2, CN3, CN4, CN5, CN6, CN7]),
            ("AN=CN201910123456.7", &[CN1]),
            ("AN=201910123456.7", &[CN1]),
            ("IPC=H01M10/* AND 隔膜", &[CN1, CN6]),
        ],
    );
}

#[test]
fn dates() {
    let ix = index();
    check(
        &ix,
        &[
            ("AD=[2020-01-01 TO 2021-12-31]", &[CN2, CN4, CN5, EN1, EN3, EN7]),
            ("AD={2020-01-01 TO 2021-12-31}", &[CN2, EN1, EN3, EN7]),
            ("AD=[2020 TO 2021]", &[CN2, CN4, CN5, EN1, EN3, EN7]),
            ("AD=[2020 TO *]", &[CN2, CN4, CN5, CN6, EN1, EN3, EN7]),
            ("AD=2020", &[CN4, EN1, EN7]),
            ("AD=2020-01", &[CN4]),
            ("AD=20200101", &[CN4]),
            ("申请日=2020年1月1日", &[CN4]),
            ("PD>=2022", &[CN2, CN5, CN6, EN3]),
            ("PD>2021", &[CN2, CN5, CN6, EN3]),
            ("PD<2017", &[EN5, EN6]),
            ("PD<=2016-01-01", &[EN5]),
            ("PD < 2016-01-01", &[]),
            ("隔膜 AND PD>=2022", &[CN5, CN6]),
            ("lithium AND AD=[2019-06-01 TO 2020-02-10]", &[EN1, EN2]),
        ],
    );
}

#[test]
fn nw_order_and_distance_english() {
    let ix = index();
    check(
        &ix,
        &[
            // lithium→battery: EN1 0 words between, EN2 3, EN3 4; EN4 has battery first
            ("AB=(lithium W battery)", &[EN1]),
            ("AB=(lithium 0W battery)", &[EN1]),
            ("AB=(lithium 2W battery)", &[EN1]),
            ("AB=(lithium 3W battery)", &[EN1, EN2]),
            ("AB=(lithium 4W battery)", &[EN1, EN2, EN3]),
            ("AB=(lithium 10W battery)", &[EN1, EN2, EN3]),
            // order matters: battery…lithium only in EN4 (2 words between)
            ("AB=(battery 2W lithium)", &[EN4]),
            ("AB=(battery 1W lithium)", &[]),
            // nW counts words, not sentences: graphite | the cathode → 1 word between
            ("AB=(graphite 1W cathode)", &[EN5, EN6]),
            ("AB=(graphite W cathode)", &[]),
            // bare: every default field on its own
            ("lithium W battery", &[EN1]),
            ("TI=(lithium W battery)", &[EN1]),
            // phrases and truncations as operands
            ("AB=(\"lithium battery\" W pack)", &[EN1]),
            ("AB=(\"cooling plate\" 3W aluminum)", &[EN1]),
            ("AB=(\"cooling plate\" 2W aluminum)", &[]),
            ("AB=(lithium 3W batter*)", &[EN1, EN2]),
            ("AB=(batter* W separator*)", &[EN7]),
            // chains are left associative, measured from the left span's end
            ("AB=(lithium 3W battery W pack)", &[EN1]),
            ("AB=(lithium 3W battery W is)", &[EN2]),
            // OR-groups as operands
            ("AB=((metal OR iron) W oxide)", &[EN2]),
            ("AB=(lithium W (metal OR iron))", &[EN2, EN3]),
        ],
    );
}

#[test]
fn nd_either_order_english() {
    let ix = index();
    check(
        &ix,
        &[
            ("AB=(lithium D battery)", &[EN1]),
            ("AB=(lithium 1D battery)", &[EN1]),
            // EN4: battery made of lithium → 2 words between, reversed
            ("AB=(lithium 2D battery)", &[EN1, EN4]),
            ("AB=(battery 2D lithium)", &[EN1, EN4]),
            ("AB=(lithium 3D battery)", &[EN1, EN2, EN4]),
            ("AB=(lithium 4D battery)", &[EN1, EN2, EN3, EN4]),
            ("AB=(nickel 2D cathode)", &[EN5]),
            ("AB=(nickel 0D cathode)", &[]),
            // the same word occurrence cannot be both operands
            ("AB=(battery D battery)", &[]),
        ],
    );
}

#[test]
fn sentence_and_paragraph_english() {
    let ix = index();
    check(
        &ix,
        &[
            ("AB=(anode S graphite)", &[EN5, EN6]),
            ("AB=(graphite S anode)", &[EN5, EN6]),
            // across a sentence boundary
            ("AB=(anode S cathode)", &[]),
            ("AB=(anode S nickel)", &[]),
            ("AB=(cathode S nickel)", &[EN5]),
            // EN5: one paragraph; EN6: a line break between the sentences
            ("AB=(anode P cathode)", &[EN5]),
            ("AB=(anode P cobalt)", &[]),
            ("AB=(cathode P cobalt)", &[EN6]),
            ("AB=(pack S aluminum)", &[]),
            ("AB=(pack P aluminum)", &[EN1]),
            // "cooling" occurs in both sentences of EN1
            ("AB=(cooling S aluminum)", &[EN1]),
            ("AB=((nickel OR cobalt) S cathode)", &[EN5, EN6]),
            ("AB=(anode S contains)", &[EN5, EN6]),
            ("AB=(separators S porous)", &[]),
            ("AB=(separator S porous)", &[EN7]),
            // a proximity result as operand: (lithium W battery) must lie in one sentence with plate
            ("AB=((lithium W battery) S plate)", &[EN1]),
            ("AB=((lithium W battery) S aluminum)", &[]),
            ("lithium S cooling", &[EN1]),
        ],
    );
}

#[test]
fn nw_nd_chinese() {
    let ix = index();
    check(
        &ix,
        &[
            // CN1: 锂电池(电池)4 隔膜5, 隔膜7 … 电池16; CN4: 隔膜0 … 电池5; CN5: 隔膜0 … 电池3;
            // CN6: 隔膜0 … 电池3; CN7: 电池0 … 隔膜3
            ("AB=(电池 W 隔膜)", &[CN1]),
            ("AB=(锂电池 W 隔膜)", &[CN1]),
            ("AB=(隔膜 1W 电池)", &[]),
            ("AB=(隔膜 2W 电池)", &[CN5, CN6]),
            ("AB=(隔膜 3W 电池)", &[CN5, CN6]),
            ("AB=(隔膜 4W 电池)", &[CN4, CN5, CN6]),
            ("AB=(隔膜 2D 电池)", &[CN1, CN5, CN6, CN7]),
            ("AB=(电池 2D 隔膜)", &[CN1, CN5, CN6, CN7]),
            ("AB=(隔膜 1D 电池)", &[CN1]),
            ("AB=(电池 2W 隔膜)", &[CN1, CN7]),
            ("AB=(陶瓷 W 涂层)", &[CN1]),
            ("AB=(涂层 W 陶瓷)", &[]),
            ("AB=(陶* W 涂层)", &[CN1]),
            ("AB=(\"陶瓷涂层\" 1W 氧化铝)", &[CN1]),
            ("AB=(陶瓷涂层 1W 氧化铝)", &[CN1]),
            ("AB=(陶瓷涂层 W 氧化铝)", &[]),
            ("TI=(锂电池 W 隔膜)", &[CN1]),
            ("锂电池 W 隔膜", &[CN1]),
        ],
    );
}

#[test]
fn sentence_and_paragraph_chinese() {
    let ix = index();
    check(
        &ix,
        &[
            ("AB=(隔膜 S 电池)", &[CN1, CN6, CN7]),
            ("AB=(隔膜 P 电池)", &[CN1, CN4, CN6, CN7]),
            ("AB=(陶瓷 S 氧化铝)", &[CN1]),
            ("AB=(聚乙烯 S 氧化铝)", &[]),
            ("AB=(聚乙烯 P 氧化铝)", &[]),
            ("AB=(聚乙烯 P 隔膜)", &[CN1]),
            // 固态 is also a sub-word of 全固态, right before 锂电池 in the second sentence
            ("AB=(固态 S 锂电池)", &[CN2]),
            ("AB=(本发明 S 锂电池)", &[CN1]),
            ("AB=(电解质 S 锂电池)", &[CN2]),
            // each claim is a paragraph
            ("CL=(基膜 P 氧化铝)", &[]),
            ("CL=(陶瓷 P 氧化铝)", &[CN1]),
            ("CL=(基膜 P 陶瓷)", &[CN1]),
            ("(壳体 S 模块)", &[CN3]),
            ("(充电桩 S 壳体)", &[CN3]),
        ],
    );
}

#[test]
fn mixed_queries() {
    let ix = index();
    check(
        &ix,
        &[
            ("(AB=(隔膜 S 电池) OR AB=(anode S graphite)) AND PD>=2017", &[CN1, CN6, CN7]),
            ("IPC=H01M* AND (lithium 3W battery) NOT PD<2020-12-31", &[EN1]),
            ("TI=(lithium OR 锂电池) AND AD<2020", &[CN1]),
        ],
    );
}

#[test]
fn chinese_compound_query_matches_split_text() {
    use zhibao_search::{PatentDoc, PatentIndex};
    // jieba: 一种0 动力1 电池组2(+电池) 的3 热4 管理系统5(+管理, 系统) | 车用0 动力电池1(+动力, 电池) 回收2
    let docs = [
        PatentDoc { id: "A".into(), title: "一种动力电池组的热管理系统".into(), ..Default::default() },
        PatentDoc { id: "B".into(), title: "车用动力电池回收".into(), ..Default::default() },
    ];
    let ix = PatentIndex::create_in_ram().expect("index");
    ix.upsert_all(&docs).expect("upsert");
    check(
        &ix,
        &[
            // 动力电池 is one word in the query and in B, two (动力 / 电池组 ⊃ 电池) in A
            ("TI=动力电池", &["A", "B"]),
            ("TI=\"动力电池\"", &["A", "B"]),
            ("TI=(动力电池 W 回收)", &["B"]),
            ("TI=(动力电池 3W 管理)", &["A"]),
            // A holds every term of both alternatives; only positions decide (2 words between 电池组 and 管理)
            ("TI=(动力电池 2W 管理)", &["A"]),
            ("TI=(动力电池 1W 管理)", &[]),
            ("TI=(动力电池 W 管理) OR TI=回收", &["B"]),
            ("TI=(车用 W 动力电池)", &["B"]),
            ("TI=动力电池组", &["A"]),
            ("TI=管理系统", &["A"]),
            ("TI=热管理", &["A"]),
            ("TI=电池回收", &["B"]),
            ("TI=力电", &[]),
            ("TI=电池组回收", &[]),
        ],
    );
}
