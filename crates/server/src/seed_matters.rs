//! Demo matters for the case desk: every matter type, and complaints, reports and assistance requests in each
//! state of their procedures, acted on at past dates (so their statutory clocks fall within the calendar's years),
//! plus one complaint left unanswered past its acceptance limit, which the overdue sweep escalates (督办).

use chrono::NaiveDate;
use serde_json::json;
use std::collections::BTreeSet;
use zhibao_domain::scope::Filter;
use zhibao_store::Store;

use crate::auth::Principal;
use crate::casework::{intake, progress};
use crate::config::Settings;
use crate::state::AppState;

fn day(s: &str) -> anyhow::Result<NaiveDate> {
    Ok(NaiveDate::parse_from_str(s, "%Y-%m-%d")?)
}

/// (type, title, received on, [(event, on, reason)])
type Script = (&'static str, &'static str, &'static str, &'static [(&'static str, &'static str, Option<&'static str>)]);

const SCRIPTS: &[Script] = &[
    ("complaint", "网店销售仿冒专利产品（待受理）", "2026-11-16", &[]),
    ("complaint", "商场专柜销售假冒注册商标商品", "2026-10-19", &[("accept", "2026-10-21", None)]),
    (
        "complaint",
        "直播间销售侵犯外观设计专利产品",
        "2026-09-14",
        &[("accept", "2026-09-16", None), ("start_mediation", "2026-09-22", None)],
    ),
    (
        "complaint",
        "超过三年的消费纠纷投诉",
        "2026-09-07",
        &[("decline", "2026-09-09", Some("知道权益受损已超过三年（第十五条）"))],
    ),
    (
        "complaint",
        "建材市场销售假冒商标瓷砖",
        "2026-08-03",
        &[
            ("accept", "2026-08-05", None),
            ("start_mediation", "2026-08-10", None),
            ("reach_agreement", "2026-09-01", Some("双方达成调解协议，被投诉人下架并赔偿")),
        ],
    ),
    (
        "complaint",
        "调解未果的商标纠纷",
        "2026-07-06",
        &[
            ("accept", "2026-07-08", None),
            ("start_mediation", "2026-07-13", None),
            ("terminate", "2026-09-04", Some("45 个工作日内未达成调解协议")),
            ("notify_termination", "2026-09-08", None),
        ],
    ),
    ("complaint", "电话投诉：店铺销售侵权玩具（已超期未受理）", "2026-10-12", &[]),
    ("report", "举报仓库存放假冒注册商标商品", "2026-11-10", &[]),
    ("report", "举报工厂生产假冒专利产品", "2026-10-26", &[("verify", "2026-10-27", None)]),
    (
        "report",
        "举报电商平台商家销售盗版图书",
        "2026-09-01",
        &[
            ("verify", "2026-09-02", None),
            ("file", "2026-09-18", None),
            ("notify_reporter", "2026-09-22", None),
            ("close", "2026-10-20", Some("已立案查处，依法作出行政处罚")),
        ],
    ),
    (
        "assistance",
        "海外参展知识产权纠纷应对指导",
        "2026-10-20",
        &[("assess", "2026-10-21", None), ("guide_overseas", "2026-10-23", None)],
    ),
    (
        "assistance",
        "中小企业专利侵权维权援助",
        "2026-09-21",
        &[
            ("assess", "2026-09-22", None),
            ("refer", "2026-09-25", Some("移送区法院诉调对接")),
            ("close", "2026-10-30", Some("已提供维权方案并协助起诉")),
        ],
    ),
    ("mediation", "商标许可合同纠纷调解申请", "2026-11-02", &[]),
    (
        "adjudication",
        "专利侵权纠纷行政裁决请求",
        "2026-09-07",
        &[("dispatch", "2026-09-08", None), ("start", "2026-09-10", None)],
    ),
    ("ecommerce_notice", "直播平台侵权链接通知", "2026-11-12", &[]),
    ("import_export", "口岸进口货物涉嫌侵犯商标权", "2026-10-28", &[]),
];

const RESPONDENTS: [&str; 5] =
    ["某某电子商务有限公司", "某某贸易有限公司", "某某科技有限公司", "某某商贸有限公司", "某某进出口有限公司"];

/// File and advance the demo matters, once. `settings` are the instance's.
pub async fn demo_matters(store: &Store, settings: &Settings) -> anyhow::Result<()> {
    if store.meta("demo_matters").await?.is_some() {
        return Ok(());
    }
    let officer_id = store.user_id_by_name("officer").await?.ok_or_else(|| anyhow::anyhow!("demo officer missing"))?;
    let officer = store.get_user(&Filter::All, officer_id).await?;
    // Acting as the system on behalf of the demo officer: every permission, every department.
    let actor = Principal {
        id: officer.id,
        username: officer.username.clone(),
        dept_id: officer.dept_id,
        permissions: BTreeSet::from(["*:*:*".to_string()]),
        scope: Filter::All,
        csrf: String::new(),
        token_hash: String::new(),
    };
    for (i, (kind, title, received, steps)) in SCRIPTS.iter().enumerate() {
        let on = day(received)?;
        let state = AppState::with_today(store.clone(), settings.clone(), Some(on));
        state.reload_calendar().await?;
        let form: intake::IntakeForm = serde_json::from_value(json!({
            "matter_type": kind,
            "title": title,
            "description": format!("{title}。（演示数据）"),
            "applicant": if *kind == "report" {
                json!({"kind": "person", "name": "举报人（演示）", "phone": "13800000000"})
            } else {
                json!({"kind": "organisation", "name": format!("示例权利人{}有限公司（演示）", i + 1), "phone": "022-60000000"})
            },
            "respondents": [{"kind": "organisation", "name": RESPONDENTS[i % RESPONDENTS.len()], "address": "滨海新区（演示地址）"}],
            "rights": [{"kind": if i % 2 == 0 { "trademark" } else { "patent" }, "title": "演示权利"}],
            "urls": [],
            "channel": if i % 3 == 0 { "phone" } else { "staff" },
            "received_on": received,
            "real_name": true
        }))?;
        let parsed = intake::parse(form, true, on).map_err(|e| anyhow::anyhow!("demo matter {title}: {e:?}"))?;
        let m = intake::create(&state, parsed, Some((actor.id, actor.username.clone())), None)
            .await
            .map_err(|e| anyhow::anyhow!("demo matter {title}: {e:?}"))?;
        for (event, on, reason) in steps.iter() {
            let st = AppState::with_today(store.clone(), settings.clone(), Some(day(on)?));
            st.reload_calendar().await?;
            progress::apply(&st, &actor, m.id, event, *reason, None)
                .await
                .map_err(|e| anyhow::anyhow!("demo step {event} of {title}: {e:?}"))?;
        }
    }
    store.set_meta("demo_matters", "true").await?;
    Ok(())
}
