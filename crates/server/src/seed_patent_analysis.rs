//! Demo data of patent analytics (专利分析演示数据): permissions for the demo roles, the two **demonstration**
//! concordance tables (labelled as not official), population figures for Binhai areas (demo figures, unverified),
//! a dozen demo patents when the instance has none, and two watch lists whose alerts are raised by running the
//! sweep once.

use anyhow::Context;
use chrono::{NaiveDate, Utc};
use zhibao_domain::patent::{
    Address, ApplicationNumber, Award, AwardKind, ClassSymbol, LegalStatus, Party, Patent, PatentType, Pledge,
    PublicationNumber, Texts,
};
use zhibao_domain::patent_analysis::industry::{parse_concordance, DEMO_INTENSIVE_CSV, DEMO_STRATEGIC_CSV};
use zhibao_domain::patent_analysis::watch::{Owner, WatchDraft};
use zhibao_domain::scope::Filter;
use zhibao_store::patent_analysis::NewAreaPopulation;
use zhibao_store::{Store, Ts};

/// Demo population figures: **demonstration values, not checked against a statistical yearbook**.
const POPULATIONS: &[(&str, &str, &str, i64)] = &[
    ("天津市", "天津市", "", 13_640_000),
    ("滨海新区", "天津市", "滨海新区", 2_100_000),
    ("南开区", "天津市", "南开区", 880_000),
];

/// (publication number, type, title, abstract, applicant, address, IPC, application date, status, overseas,
/// pledge yuan, award)
type DemoPatent = (
    &'static str,
    PatentType,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static [&'static str],
    (i32, u32, u32),
    LegalStatus,
    bool,
    Option<i64>,
    Option<(&'static str, AwardKind)>,
);

const BH: &str = "天津市滨海新区经济技术开发区第三大街";
const NK: &str = "天津市南开区卫津路92号";

const PATENTS: &[DemoPatent] = &[
    (
        "CN109000001B",
        PatentType::Invention,
        "一种锂离子电池负极材料及其制备方法",
        "本发明公开了一种锂离子电池负极材料，采用硅碳复合结构，提高循环寿命。",
        "天津示例新能源科技有限公司",
        BH,
        &["H01M4/38", "H01M10/0525"],
        (2014, 3, 2),
        LegalStatus::Granted,
        true,
        Some(20_000_000),
        None,
    ),
    (
        "CN109000002B",
        PatentType::Invention,
        "锂离子电池隔膜及其制备方法",
        "一种用于锂离子电池的陶瓷涂覆隔膜，耐热性好。",
        "天津示例新能源科技有限责任公司",
        BH,
        &["H01M50/409"],
        (2018, 6, 11),
        LegalStatus::Granted,
        false,
        None,
        None,
    ),
    (
        "CN109000003B",
        PatentType::Invention,
        "一种基于深度学习的图像识别方法",
        "本发明涉及图像识别，利用卷积神经网络提取特征。",
        "天津大学",
        NK,
        &["G06N3/08", "G06V10/82"],
        (2019, 9, 1),
        LegalStatus::Granted,
        false,
        None,
        Some(("第二十三届中国专利奖优秀奖", AwardKind::ChinaPatentAward)),
    ),
    (
        "CN109000004B",
        PatentType::Invention,
        "工业机器人关节减速器",
        "一种用于工业机器人的谐波减速器，传动精度高。",
        "天津示例智能装备股份有限公司",
        BH,
        &["B25J9/10", "F16H49/00"],
        (2012, 4, 20),
        LegalStatus::Granted,
        false,
        None,
        None,
    ),
    (
        "CN109000005B",
        PatentType::Invention,
        "一种抗肿瘤药物组合物",
        "本发明提供一种抗肿瘤药物组合物及其应用。",
        "天津示例生物医药有限公司",
        BH,
        &["A61K31/00", "A61P35/00"],
        (2017, 2, 14),
        LegalStatus::Granted,
        true,
        None,
        None,
    ),
    (
        "CN109000006A",
        PatentType::Invention,
        "一种固态电池电解质",
        "一种硫化物固态电解质，离子电导率高。",
        "天津示例新能源科技有限公司",
        BH,
        &["H01M10/0562"],
        (2023, 5, 5),
        LegalStatus::Pending,
        false,
        None,
        None,
    ),
    (
        "CN209000007U",
        PatentType::UtilityModel,
        "一种电池包散热装置",
        "一种电池包的液冷散热装置。",
        "天津示例新能源科技有限公司",
        BH,
        &["H01M10/613"],
        (2021, 7, 7),
        LegalStatus::Granted,
        false,
        None,
        None,
    ),
    (
        "CN109000008B",
        PatentType::Invention,
        "污水处理用复合絮凝剂",
        "一种用于工业污水处理的复合絮凝剂。",
        "天津示例环保科技有限公司",
        BH,
        &["C02F1/52"],
        (2015, 10, 10),
        LegalStatus::Granted,
        false,
        Some(5_000_000),
        None,
    ),
    (
        "CN109000009B",
        PatentType::Invention,
        "一种数据加密传输方法",
        "本发明涉及网络安全，提供一种数据加密传输方法。",
        "天津示例信息技术有限公司",
        BH,
        &["H04L9/40"],
        (2020, 1, 15),
        LegalStatus::Granted,
        false,
        None,
        None,
    ),
    (
        "CN109000010B",
        PatentType::Invention,
        "高强度铝合金及其制备方法",
        "一种高强度铝合金材料。",
        "天津示例新材料有限公司",
        NK,
        &["C22C21/00"],
        (2011, 8, 8),
        LegalStatus::Lapsed,
        false,
        None,
        None,
    ),
    (
        "CN109000011B",
        PatentType::Invention,
        "锂电池正极材料的包覆方法",
        "一种三元正极材料的包覆改性方法，提高锂电池安全性。",
        "天津大学",
        NK,
        &["H01M4/36", "H01M10/0525"],
        (2016, 11, 30),
        LegalStatus::Granted,
        true,
        None,
        None,
    ),
    (
        "CN109000012B",
        PatentType::Invention,
        "无人机飞行控制系统",
        "一种多旋翼无人机的飞行控制系统。",
        "天津示例智能装备有限公司",
        BH,
        &["B64C39/02", "G05D1/10"],
        (2019, 3, 3),
        LegalStatus::Granted,
        false,
        None,
        None,
    ),
];

fn demo_patent(d: &DemoPatent) -> anyhow::Result<Patent> {
    let (pn, kind, title, abs, applicant, addr, ipc, (y, m, day), status, overseas, pledge, award) = d;
    let mut p = Patent::new(PublicationNumber::parse(pn, "CN").map_err(|e| anyhow::anyhow!("{e}"))?);
    p.patent_type = *kind;
    p.title = Texts::zh(*title);
    p.abstract_text = Texts::zh(*abs);
    p.application_number = ApplicationNumber::parse(&format!("CN{y}1{}", &pn[5..12]), "CN").ok();
    p.application_date = NaiveDate::from_ymd_opt(*y, *m, *day);
    p.publication_date = NaiveDate::from_ymd_opt(*y + 1, *m, *day);
    if *status == LegalStatus::Granted {
        p.grant_date = NaiveDate::from_ymd_opt(*y + 2, *m, *day);
    }
    p.legal_status = *status;
    p.applicants = vec![Party { name: applicant.to_string(), address: Address::parse_cn(addr) }];
    p.inventors = vec!["张伟".into(), if pn.ends_with('B') { "李娜".into() } else { "王磊".into() }];
    p.ipc =
        ipc.iter().map(|s| ClassSymbol::parse(s).map_err(|e| anyhow::anyhow!("{s}: {e}"))).collect::<Result<_, _>>()?;
    p.overseas_family = *overseas;
    if let Some(amount) = pledge {
        p.pledges = vec![Pledge {
            pledgor: applicant.to_string(),
            pledgee: "示例银行天津分行".into(),
            amount_yuan: Some(*amount),
            registered_on: NaiveDate::from_ymd_opt(2024, 5, 1),
            released_on: None,
        }];
    }
    if let Some((name, kind)) = award {
        p.awards = vec![Award { name: name.to_string(), kind: *kind, grade: String::new(), year: Some(2022) }];
    }
    p.source = Some("demo".into());
    Ok(p)
}

/// Seed the demo data (called once from `seed::demo`).
pub async fn seed(store: &Store) -> anyhow::Result<()> {
    let now = Ts::new(Utc::now());
    store.grant_role_permissions("leader", &["patent:analysis:view", "patent:watch:list"]).await?;
    store
        .grant_role_permissions(
            "dept_admin",
            &[
                "patent:analysis:view",
                "patent:analysis:settings",
                "patent:analysis:import",
                "patent:watch:list",
                "patent:watch:edit",
            ],
        )
        .await?;
    store
        .grant_role_permissions("examiner", &["patent:analysis:view", "patent:watch:list", "patent:watch:edit"])
        .await?;

    let strategic = parse_concordance(DEMO_STRATEGIC_CSV).map_err(|e| anyhow::anyhow!("{e:?}"))?;
    store
        .import_concordance(
            "strategic",
            "战略性新兴产业参照表（演示，非官方）",
            "zhibao 演示数据，非国家知识产权局官方参照关系表",
            true,
            true,
            &strategic,
            None,
            now,
        )
        .await?;
    let intensive = parse_concordance(DEMO_INTENSIVE_CSV).map_err(|e| anyhow::anyhow!("{e:?}"))?;
    store
        .import_concordance(
            "intensive",
            "专利密集型产业参照表（演示，非官方）",
            "zhibao 演示数据，非官方",
            true,
            true,
            &intensive,
            None,
            now,
        )
        .await?;
    for (name, city, district, population) in POPULATIONS {
        store
            .save_area_population(
                &NewAreaPopulation {
                    name: name.to_string(),
                    province: "天津市".into(),
                    city: city.to_string(),
                    district: district.to_string(),
                    population: *population,
                    year: 2025,
                    source: "演示数值，未核实（demo figure, unverified）".into(),
                },
                now,
            )
            .await?;
    }
    if store.patent_count().await? == 0 {
        let patents = PATENTS.iter().map(demo_patent).collect::<anyhow::Result<Vec<_>>>()?;
        store.upsert_patents(&patents, now).await?;
    }
    let office = store.dept_by_code("BH-SCJGJ-BHZX").await?.context("demo department")?;
    let admin = store.user_id_by_name("admin").await?.context("demo admin")?;
    let battery = WatchDraft {
        name: "锂电池技术预警（演示）".into(),
        query: String::new(),
        ipc: vec!["H01M".into()],
        keywords: vec!["锂".into()],
        active: true,
        ..WatchDraft::default()
    };
    store.create_watch_list(&Filter::All, admin, Owner::Dept(office.id), &battery, now).await?;
    let rival = WatchDraft {
        name: "竞争对手动态：天津大学（演示）".into(),
        applicants: vec!["天津大学".into()],
        active: true,
        ..WatchDraft::default()
    };
    store.create_watch_list(&Filter::All, admin, Owner::User(admin), &rival, now).await?;
    let ids: Vec<i64> = store.patents_after(0, 10_000).await?.iter().map(|p| p.id).collect();
    crate::patent_watch::after_import(store, &ids, "demo").await.map_err(|e| anyhow::anyhow!("{e}"))?;
    Ok(())
}
