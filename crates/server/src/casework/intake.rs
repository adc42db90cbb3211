//! Intake (受理登记) for every matter type, from the public portal, staff entry, the API or an import.

use chrono::NaiveDate;
use rand::RngCore;
use serde::Deserialize;
use utoipa::ToSchema;
use zhibao_domain::case::dispatch::{dispatch, DispatchRule, DispatchTarget};
use zhibao_domain::case::ids::{CitizenId, CreditCode};
use zhibao_domain::case::matter::{Channel, MatterType, QueryCode, Right, RightKind};
use zhibao_domain::case::procedure::{self, Facts, Run};
use zhibao_domain::case::similar::{normalize_name, normalize_url};
use zhibao_domain::case::triage::{default_rules, triage, MatterFacts};
use zhibao_domain::validate::{optional, FieldErrors, Name, Phone};
use zhibao_store::cases::{DispatchRuleRow, NewEvent, NewMatter, NewParty, NewRight};

use crate::error::{ApiError, ApiResult};
use crate::state::AppState;

/// A party on an intake form (当事人).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PartyForm {
    /// `person` / `organisation`.
    pub kind: String,
    /// Name.
    pub name: String,
    /// Citizen ID number (persons).
    #[serde(default)]
    pub id_number: Option<String>,
    /// Unified social credit code (organisations).
    #[serde(default)]
    pub credit_code: Option<String>,
    /// Telephone.
    #[serde(default)]
    pub phone: Option<String>,
    /// Address.
    #[serde(default)]
    pub address: Option<String>,
    /// Area code of the address.
    #[serde(default)]
    pub area_code: Option<String>,
    /// Longitude of the address (WGS84), e.g. picked on the map; places the matter in its area and grid cell.
    #[serde(default)]
    pub lon: Option<f64>,
    /// Latitude of the address (WGS84).
    #[serde(default)]
    pub lat: Option<f64>,
}

/// A right on an intake form.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RightForm {
    /// `patent`, `trademark`, `copyright`, `geographical_indication`, `trade_secret`, `other`.
    pub kind: String,
    /// Number.
    #[serde(default)]
    pub number: Option<String>,
    /// Title.
    #[serde(default)]
    pub title: Option<String>,
}

/// The intake form of every matter type.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct IntakeForm {
    /// Matter type code.
    pub matter_type: String,
    /// Short title.
    pub title: String,
    /// Facts and claims.
    pub description: String,
    /// The complainant / reporter / applicant.
    pub applicant: PartyForm,
    /// Respondents.
    #[serde(default)]
    pub respondents: Vec<PartyForm>,
    /// Rights involved.
    #[serde(default)]
    pub rights: Vec<RightForm>,
    /// Infringing links.
    #[serde(default)]
    pub urls: Vec<String>,
    /// Amount involved, in yuan.
    #[serde(default)]
    pub amount_yuan: Option<f64>,
    /// Reporter gives a real name (reports; default true).
    #[serde(default)]
    pub real_name: Option<bool>,
    /// A foreign (or HK/Macao/Taiwan) party.
    #[serde(default)]
    pub foreign_party: Option<bool>,
    /// Parties or acts outside the area.
    #[serde(default)]
    pub cross_region: Option<bool>,
    /// Area code of the respondent.
    #[serde(default)]
    pub area_code: Option<String>,
    /// Channel (staff entry: `phone`, `walk_in`, `staff`).
    #[serde(default)]
    pub channel: Option<String>,
    /// Day of receipt for staff entry of earlier matters (default today; never in the future).
    #[serde(default)]
    pub received_on: Option<NaiveDate>,
}

/// The applicant's role on a matter of this type.
pub fn applicant_role(t: MatterType) -> &'static str {
    match t {
        MatterType::Complaint => "complainant",
        MatterType::Report => "reporter",
        _ => "applicant",
    }
}

fn parse_party(e: &mut FieldErrors, path: &str, p: &PartyForm, role: &str, today: NaiveDate) -> Option<NewParty> {
    let name = e.check(&format!("{path}.name"), Name::parse_max(&p.name, 100));
    let phone = e.check(&format!("{path}.phone"), optional(p.phone.as_deref(), Phone::parse));
    let address = p.address.as_deref().map(str::trim).filter(|a| !a.is_empty()).map(str::to_string);
    if address.as_deref().is_some_and(|a| a.chars().count() > 200) {
        e.add(format!("{path}.address"), "最多 200 个字符");
    }
    match (p.lon, p.lat) {
        (None, None) => {}
        (Some(lon), Some(lat)) if (-180.0..=180.0).contains(&lon) && (-90.0..=90.0).contains(&lat) => {}
        _ => e.add(format!("{path}.lon"), "经纬度须成对给出，且在 WGS84 范围内"),
    }
    let mut id_number = None;
    let mut credit_code = None;
    match p.kind.as_str() {
        "person" => {
            if let Some(raw) = p.id_number.as_deref().filter(|s| !s.trim().is_empty()) {
                match CitizenId::parse(raw, today) {
                    Ok(id) => id_number = Some(id.as_str().to_string()),
                    Err(err) => e.add(format!("{path}.id_number"), err.to_string()),
                }
            }
        }
        "organisation" => {
            if let Some(raw) = p.credit_code.as_deref().filter(|s| !s.trim().is_empty()) {
                match CreditCode::parse(raw) {
                    Ok(c) => credit_code = Some(c.as_str().to_string()),
                    Err(err) => e.add(format!("{path}.credit_code"), err.to_string()),
                }
            }
        }
        _ => e.add(format!("{path}.kind"), "只能是 person 或 organisation"),
    }
    let name = name?;
    Some(NewParty {
        role: role.to_string(),
        kind: p.kind.clone(),
        name_key: normalize_name(name.as_ref()),
        name: name.into_inner(),
        id_number,
        credit_code,
        phone: phone?.map(Phone::into_inner),
        address,
        area_code: p.area_code.clone().filter(|a| !a.trim().is_empty()),
    })
}

/// A parsed, validated intake.
pub struct ParsedIntake {
    /// The matter type.
    pub matter_type: MatterType,
    /// The channel.
    pub channel: Channel,
    /// Day of receipt.
    pub received_on: NaiveDate,
    /// Parties (applicant first).
    pub parties: Vec<NewParty>,
    /// Rights.
    pub rights: Vec<(RightKind, Option<String>, String)>,
    /// URLs (given, normalised).
    pub urls: Vec<(String, String)>,
    /// The form.
    pub form: IntakeForm,
    /// Amount in fen.
    pub amount_cents: Option<i64>,
}

/// Validate an intake form. `staff` allows the staff channels and a past day of receipt.
pub fn parse(form: IntakeForm, staff: bool, today: NaiveDate) -> ApiResult<ParsedIntake> {
    let mut e = FieldErrors::new();
    let matter_type = e.check("matter_type", MatterType::parse(&form.matter_type));
    e.check("title", Name::parse_max(&form.title, 100));
    let desc_len = form.description.trim().chars().count();
    if desc_len == 0 {
        e.add("description", "不能为空");
    } else if desc_len > 5000 {
        e.add("description", "最多 5000 个字符");
    }
    let channel = match (&form.channel, staff) {
        (None, false) => Some(Channel::Portal),
        (None, true) => Some(Channel::Staff),
        (Some(c), true) => e.check("channel", Channel::parse(c)),
        (Some(_), false) => {
            e.add("channel", "公众登记不能指定渠道");
            None
        }
    };
    let received_on = match (form.received_on, staff) {
        (None, _) => today,
        (Some(d), true) if d <= today => d,
        (Some(_), true) => {
            e.add("received_on", "不能晚于今天");
            today
        }
        (Some(_), false) => {
            e.add("received_on", "公众登记不能指定收到日期");
            today
        }
    };
    let mut parties = Vec::new();
    if let Some(t) = matter_type {
        if let Some(p) = parse_party(&mut e, "applicant", &form.applicant, applicant_role(t), today) {
            parties.push(p);
        }
        if form.respondents.is_empty() && t != MatterType::Assistance {
            e.add("respondents", "至少填写一个被投诉/被举报/被请求方");
        }
    }
    if form.respondents.len() > 50 {
        e.add("respondents", "最多 50 个");
    }
    for (i, r) in form.respondents.iter().enumerate() {
        if let Some(p) = parse_party(&mut e, &format!("respondents[{i}]"), r, "respondent", today) {
            parties.push(p);
        }
    }
    let mut rights = Vec::new();
    for (i, r) in form.rights.iter().enumerate().take(100) {
        match RightKind::parse(&r.kind) {
            Err(err) => e.add(format!("rights[{i}].kind"), err.to_string()),
            Ok(kind) => match Right::new(
                kind,
                r.number.as_deref(),
                r.title.as_deref().filter(|t| !t.trim().is_empty()).unwrap_or(kind.name_zh()),
            ) {
                Ok(right) => rights.push((kind, right.number().map(str::to_string), right.title().to_string())),
                Err(fe) => {
                    for (k, m) in fe.iter() {
                        e.add(format!("rights[{i}].{k}"), m.clone());
                    }
                }
            },
        }
    }
    let mut urls = Vec::new();
    for (i, u) in form.urls.iter().enumerate().take(100) {
        let u = u.trim();
        if !(u.starts_with("http://") || u.starts_with("https://"))
            || u.len() > 1000
            || u.chars().any(char::is_whitespace)
        {
            e.add(format!("urls[{i}]"), "须为 http(s) 开头的完整链接");
        } else {
            urls.push((u.to_string(), normalize_url(u)));
        }
    }
    let amount_cents = match form.amount_yuan {
        None => None,
        Some(y) if y.is_finite() && (0.0..=1e12).contains(&y) => Some((y * 100.0).round() as i64),
        Some(_) => {
            e.add("amount_yuan", "金额应为 0 到 1 万亿元之间的数");
            None
        }
    };
    e.into_result()?;
    let (Some(matter_type), Some(channel)) = (matter_type, channel) else {
        return Err(ApiError::BadRequest("invalid form".into()));
    };
    Ok(ParsedIntake { matter_type, channel, received_on, parties, rights, urls, form, amount_cents })
}

/// A stored GeoJSON Polygon / MultiPolygon contains the point: inside the outer ring and outside every hole of
/// some polygon (also used by the public point → cell look-up, so that it agrees with where a report is placed).
pub fn geometry_contains(geometry: &str, lon: f64, lat: f64) -> bool {
    use zhibao_domain::geo::point_in_ring;
    let Ok(g) = serde_json::from_str::<serde_json::Value>(geometry) else { return false };
    let polys: Vec<Vec<Vec<[f64; 2]>>> = match g["type"].as_str() {
        Some("Polygon") => serde_json::from_value(g["coordinates"].clone()).map(|p| vec![p]).unwrap_or_default(),
        Some("MultiPolygon") => serde_json::from_value(g["coordinates"].clone()).unwrap_or_default(),
        _ => Vec::new(),
    };
    polys.iter().any(|rings| {
        rings.first().is_some_and(|outer| point_in_ring(lon, lat, outer))
            && !rings.iter().skip(1).any(|h| point_in_ring(lon, lat, h))
    })
}

/// The area and grid cell containing a point (WGS84), by point-in-polygon over the stored geometry.
pub async fn place(s: &AppState, lon: f64, lat: f64) -> ApiResult<(Option<String>, Option<String>)> {
    let inside = geometry_contains;
    let cell = s.store.list_cells(None).await?.into_iter().find(|c| inside(&c.geometry, lon, lat));
    let areas = s.store.list_areas().await?;
    let area = match &cell {
        Some(c) => areas.iter().find(|a| a.id == c.area_id).map(|a| a.code.clone()),
        None => {
            areas.iter().filter(|a| a.kind != "zone").find(|a| inside(&a.geometry, lon, lat)).map(|a| a.code.clone())
        }
    };
    Ok((area, cell.map(|c| c.code)))
}

/// Per-track clock overrides in force (instance metadata `clock_overrides`: JSON object track → list of clock
/// rules). Only rules whose basis is configurable (local standards, rules not verified from the official text) are
/// ever applied — the procedure machine ignores an override of a statutory rule — so a track can shorten an internal
/// service target but never a statutory time limit.
pub async fn clock_overrides(s: &AppState, track: &str) -> ApiResult<Vec<zhibao_domain::case::clock::ClockRule>> {
    Ok(s.intake_rules().await?.overrides.get(track).cloned().unwrap_or_default())
}

/// Every track's clock overrides.
pub async fn all_clock_overrides(s: &AppState) -> ApiResult<zhibao_domain::case::procedure::ClockOverrides> {
    match s.store.meta("clock_overrides").await? {
        None => Ok(Default::default()),
        Some(json) => serde_json::from_str(&json)
            .map_err(|e| ApiError::Internal(anyhow::anyhow!("stored clock_overrides are not valid: {e}"))),
    }
}

/// The triage table in force: the one an administrator saved (instance metadata `triage_rules`, JSON), else the
/// documented defaults.
pub async fn triage_rules(s: &AppState) -> ApiResult<Vec<zhibao_domain::case::triage::TriageRule>> {
    match s.store.meta("triage_rules").await? {
        Some(json) => serde_json::from_str(&json)
            .map_err(|e| ApiError::Internal(anyhow::anyhow!("stored triage rules unreadable: {e}"))),
        None => Ok(default_rules()),
    }
}

fn to_domain_rules(rows: &[DispatchRuleRow]) -> Vec<DispatchRule> {
    rows.iter()
        .map(|r| DispatchRule {
            id: r.id,
            matter_type: r.matter_type.as_deref().and_then(|t| MatterType::parse(t).ok()),
            right_kind: r.right_kind.as_deref().and_then(|k| RightKind::parse(k).ok()),
            area_prefix: r.area_prefix.clone(),
            target: DispatchTarget { dept_id: r.dept_id, station_id: r.station_id, team: r.team.clone() },
            priority: i32::try_from(r.priority).unwrap_or(0),
        })
        .collect()
}

/// The rule tables every filing reads — triage (繁简分流), per-track clock overrides, dispatch (分拨) — parsed once
/// and kept in memory ([`AppState::intake_rules`]): the endpoints that change them drop the copy, and it is re-read
/// at most [`RULES_TTL`] after a change made by another process (the CLI, a second server).
#[derive(Debug)]
pub struct IntakeRules {
    /// The triage table in force.
    pub triage: Vec<zhibao_domain::case::triage::TriageRule>,
    /// Every track's clock overrides.
    pub overrides: zhibao_domain::case::procedure::ClockOverrides,
    /// The dispatch table.
    pub dispatch: Vec<DispatchRule>,
}

/// How long a cached copy of the rule tables is used before it is read again.
pub const RULES_TTL: std::time::Duration = std::time::Duration::from_secs(5);

/// Read the rule tables from the store.
pub async fn load_rules(s: &AppState) -> ApiResult<IntakeRules> {
    Ok(IntakeRules {
        triage: triage_rules(s).await?,
        overrides: all_clock_overrides(s).await?,
        dispatch: to_domain_rules(&s.store.dispatch_rules().await?),
    })
}

/// What the public and staff intake answer with.
#[derive(Debug, Clone)]
pub struct Created {
    /// The matter's id.
    pub id: i64,
    /// Receipt number.
    pub receipt_no: String,
    /// The query code for the public lookup.
    pub query_code: String,
    /// Matter type code.
    pub matter_type: String,
    /// Date received.
    pub received_on: chrono::NaiveDate,
    /// The responsible department.
    pub dept_id: i64,
}

/// Store a parsed intake: triage, dispatch, procedure and clocks, receipt number and query code, the intake and
/// assignment events; the store's batch intake adds the least-loaded officer and the duplicate check that puts the
/// matter into an existing similar-matter group (类案), in the same transaction.
/// Register a filing. With `log`, the request's operation-log entry (status 201) is written in the filing's own
/// transaction and marked written (see `middleware::OpLogDraft`): for callers whose response is 201 whenever the
/// filing is stored.
pub async fn create(
    s: &AppState,
    p: ParsedIntake,
    actor: Option<(i64, String)>,
    log: Option<&crate::middleware::OpLogDraft>,
) -> ApiResult<Created> {
    let t = p.matter_type;
    let cal = s.calendar();
    let rules = s.intake_rules().await?;
    let procedure =
        procedure::for_matter(t).ok_or_else(|| ApiError::Internal(anyhow::anyhow!("no procedure for {}", t.code())))?;
    let facts = Facts { real_name_reporter: p.form.real_name.unwrap_or(true) };
    let outcome = triage(
        &MatterFacts {
            matter_type: t,
            amount_cents: p.amount_cents,
            rights: p.rights.len(),
            respondents: p.parties.iter().filter(|x| x.role == "respondent").count(),
            cross_region: p.form.cross_region.unwrap_or(false),
            foreign_party: p.form.foreign_party.unwrap_or(false),
            urls: p.urls.len(),
        },
        &rules.triage,
    );
    // The track may change the configurable clocks (never a statutory one): per-track overrides (繁简分流).
    let overrides = rules.overrides.get(outcome.track.code()).cloned().unwrap_or_default();
    let run = Run::open(procedure, p.received_on, &facts, &overrides, &cal)
        .map_err(|e| ApiError::field("received_on", e.to_string()))?;
    let point = p.form.respondents.iter().find_map(|r| r.lon.zip(r.lat));
    let (placed_area, cell_code) = match point {
        Some((lon, lat)) => place(s, lon, lat).await?,
        None => (None, None),
    };
    let area_code = p
        .form
        .area_code
        .clone()
        .filter(|a| !a.trim().is_empty())
        .or(placed_area)
        .or_else(|| p.parties.iter().find(|x| x.role == "respondent").and_then(|x| x.area_code.clone()));
    let kinds: Vec<RightKind> = p.rights.iter().map(|r| r.0).collect();
    let (dept_id, rule_id) = match dispatch(&rules.dispatch, t, &kinds, area_code.as_deref()) {
        Ok((target, id)) => (target.dept_id, Some(id)),
        Err(_) => (s.store.root_dept_id().await?, None),
    };
    let mut qc = [0u8; 8];
    rand::rngs::OsRng.fill_bytes(&mut qc);
    let query_code = String::from_utf8_lossy(QueryCode::from_random(qc).as_bytes()).to_string();
    let year = chrono::Datelike::year(&p.received_on);
    let (actor_id, actor_name) = match &actor {
        Some((id, name)) => (Some(*id), Some(name.clone())),
        None => (None, None),
    };
    let detail =
        serde_json::json!({"track_rules": outcome.matched, "dispatch_rule": rule_id, "channel": p.channel.code()});
    let clocks = progress::clock_rows(&run);
    let received_on = p.received_on;
    let new = NewMatter {
        receipt_prefix: format!("BH-{}-{year}", t.receipt_code()),
        query_code: query_code.clone(),
        matter_type: t.code().into(),
        state: run.state.clone(),
        track: outcome.track.code().into(),
        channel: p.channel.code().into(),
        title: p.form.title.trim().to_string(),
        description: p.form.description.trim().to_string(),
        amount_cents: p.amount_cents,
        area_code,
        cell_code,
        dept_id,
        // The store picks the least-loaded officer of the department inside the write.
        officer_id: None,
        cross_region: p.form.cross_region.unwrap_or(false),
        foreign_party: p.form.foreign_party.unwrap_or(false),
        real_name: facts.real_name_reporter,
        received_on,
        created_by: actor_id,
        parties: p.parties,
        rights: p
            .rights
            .into_iter()
            .map(|(k, n, title)| NewRight { kind: k.code().into(), number: n, title: Some(title) })
            .collect(),
        urls: p.urls,
        events: vec![
            NewEvent {
                kind: "intake".into(),
                to_state: Some(run.state.clone()),
                actor_id,
                actor_name: actor_name.clone(),
                note: Some(format!("{}登记（{}）", t.name_zh(), p.channel.name_zh())),
                public: true,
                detail: detail.to_string(),
                ..Default::default()
            },
            NewEvent {
                kind: "assign".into(),
                actor_id,
                actor_name,
                note: Some("按分拨规则自动分拨".into()),
                detail: serde_json::json!({"dept_id": dept_id, "rule_id": rule_id}).to_string(),
                ..Default::default()
            },
        ],
        clocks,
        closed_at: None,
        audit: log.map(|d| d.audit(201)),
    };
    let done = s.intake_writer().write(new).await?;
    if let Some(d) = log {
        d.written();
    }
    Ok(Created {
        id: done.id,
        receipt_no: done.receipt_no,
        query_code,
        matter_type: t.code().into(),
        received_on,
        dept_id,
    })
}

use super::progress;
