//! What the case-desk API returns. The reporter's identity is redacted here for anyone without
//! `case:reporter:view` (市场监督管理投诉举报处理暂行办法 Art.33), so no handler can forget it.

use chrono::NaiveDate;
use serde::Serialize;
use utoipa::ToSchema;
use zhibao_store::cases::{Matter, MatterEvent, MatterParty, MatterRight};
use zhibao_store::Ts;

use super::progress::procedure_of;
use crate::auth::Principal;

/// A matter in lists.
#[derive(Debug, Serialize, ToSchema)]
pub struct MatterSummary {
    /// Id.
    pub id: i64,
    /// Receipt number.
    pub receipt_no: String,
    /// Type code.
    pub matter_type: String,
    /// State key.
    pub state: String,
    /// State label (Chinese).
    pub state_label: String,
    /// Track.
    pub track: String,
    /// Channel.
    pub channel: String,
    /// Title.
    pub title: String,
    /// Responsible department.
    pub dept_id: i64,
    /// Its name.
    pub dept_name: String,
    /// Responsible officer.
    pub officer_id: Option<i64>,
    /// Their name.
    pub officer_name: Option<String>,
    /// Similar-matter group.
    pub group_id: Option<i64>,
    /// Day of receipt.
    pub received_on: NaiveDate,
    /// Created.
    pub created_at: Ts,
    /// Last change.
    pub updated_at: Ts,
    /// Closed.
    pub closed_at: Option<Ts>,
    /// The earliest due date of a running clock.
    pub next_due_on: Option<NaiveDate>,
    /// A running clock is past due.
    pub overdue: bool,
    /// Working days left to `next_due_on` (negative when overdue), on the server's calendar.
    pub next_due_remaining_workdays: Option<i64>,
}

/// Label of a matter's state.
pub fn state_label(m: &Matter) -> String {
    procedure_of(m)
        .ok()
        .and_then(|p| p.state(&m.state))
        .map(|s| s.name_zh.to_string())
        .unwrap_or_else(|| m.state.clone())
}

impl MatterSummary {
    /// From a stored matter.
    pub fn new(m: &Matter, next_due_on: Option<NaiveDate>, today: NaiveDate) -> Self {
        MatterSummary {
            id: m.id,
            receipt_no: m.receipt_no.clone(),
            matter_type: m.matter_type.clone(),
            state: m.state.clone(),
            state_label: state_label(m),
            track: m.track.clone(),
            channel: m.channel.clone(),
            title: m.title.clone(),
            dept_id: m.dept_id,
            dept_name: m.dept_name.clone(),
            officer_id: m.officer_id,
            officer_name: m.officer_name.clone(),
            group_id: m.group_id,
            received_on: m.received_on,
            created_at: m.created_at,
            updated_at: m.updated_at,
            closed_at: m.closed_at,
            next_due_on,
            overdue: next_due_on.is_some_and(|d| d < today),
            next_due_remaining_workdays: None,
        }
    }
}

/// A party as shown to staff.
#[derive(Debug, Serialize, ToSchema)]
pub struct PartyView {
    /// Role.
    pub role: String,
    /// Kind.
    pub kind: String,
    /// Name (「（保密）」 when redacted).
    pub name: String,
    /// ID number.
    pub id_number: Option<String>,
    /// Credit code.
    pub credit_code: Option<String>,
    /// Telephone.
    pub phone: Option<String>,
    /// Address.
    pub address: Option<String>,
    /// Area.
    pub area_code: Option<String>,
    /// The identity is withheld from this user.
    pub redacted: bool,
}

/// A party for `p`: a reporter's identity only with `case:reporter:view`.
pub fn party_view(p: &Principal, x: &MatterParty) -> PartyView {
    if x.role == "reporter" && !p.has("case:reporter:view") {
        return PartyView {
            role: x.role.clone(),
            kind: x.kind.clone(),
            name: "（保密）".into(),
            id_number: None,
            credit_code: None,
            phone: None,
            address: None,
            area_code: None,
            redacted: true,
        };
    }
    PartyView {
        role: x.role.clone(),
        kind: x.kind.clone(),
        name: x.name.clone(),
        id_number: x.id_number.clone(),
        credit_code: x.credit_code.clone(),
        phone: x.phone.clone(),
        address: x.address.clone(),
        area_code: x.area_code.clone(),
        redacted: false,
    }
}

/// An action the user may take now.
#[derive(Debug, Serialize, ToSchema)]
pub struct ActionView {
    /// Event key.
    pub event: String,
    /// Chinese name.
    pub name: String,
    /// A reason is required.
    pub requires_reason: bool,
    /// The provision it rests on.
    pub citation: Option<String>,
}

/// A clock.
#[derive(Debug, Serialize, ToSchema)]
pub struct ClockView {
    /// Key.
    pub key: String,
    /// Name.
    pub name: String,
    /// Citation.
    pub citation: String,
    /// The rule in words.
    pub rule: String,
    /// `running`, `extended`, `suspended`, `met`, `missed`.
    pub state: String,
    /// Extended once.
    pub extended: bool,
    /// Trigger day.
    pub started_on: NaiveDate,
    /// Due date; absent while the clock awaits a calendar year (`awaiting_calendar`).
    pub due_on: Option<NaiveDate>,
    /// Working days left (negative when overdue), for open clocks.
    pub remaining_workdays: Option<i64>,
    /// Met after the due date.
    pub late: bool,
    /// The year whose official holiday table is missing, while the due date cannot be computed.
    pub awaiting_year: Option<i32>,
    /// The day the act was done while the clock was awaiting a calendar year.
    pub met_on: Option<NaiveDate>,
    /// The rule allows an extension that has not been used (the extend step still needs its permission).
    pub extendable: bool,
}

/// A similar matter.
#[derive(Debug, Serialize, ToSchema)]
pub struct SimilarView {
    /// Id.
    pub id: i64,
    /// Receipt number.
    pub receipt_no: String,
    /// Title.
    pub title: String,
    /// Score 0..1.
    pub score: f64,
    /// Why.
    pub reasons: Vec<String>,
}

/// A matter's full view.
#[derive(Debug, Serialize, ToSchema)]
pub struct MatterDetail {
    /// The summary.
    #[serde(flatten)]
    pub summary: MatterSummary,
    /// Facts and claims.
    pub description: String,
    /// Amount in fen.
    pub amount_cents: Option<i64>,
    /// Area.
    pub area_code: Option<String>,
    /// Cell.
    pub cell_code: Option<String>,
    /// Cross-region.
    pub cross_region: bool,
    /// Foreign party.
    pub foreign_party: bool,
    /// Real-name reporter.
    pub real_name: bool,
    /// Public note.
    pub public_note: Option<String>,
    /// Outcome.
    pub outcome: Option<String>,
    /// Parties.
    pub parties: Vec<PartyView>,
    /// Rights.
    pub rights: Vec<MatterRight>,
    /// Links.
    pub urls: Vec<String>,
    /// Timeline.
    pub events: Vec<MatterEvent>,
    /// Clocks.
    pub clocks: Vec<ClockView>,
    /// Actions the user may take now.
    pub actions: Vec<ActionView>,
    /// Attachments.
    pub attachments: Vec<zhibao_store::cases::Attachment>,
    /// Similar matters.
    pub similar: Vec<SimilarView>,
}

/// A deadline (我的待办 / 超期督办).
#[derive(Debug, Serialize, ToSchema)]
pub struct Deadline {
    /// Matter.
    pub matter_id: i64,
    /// Receipt number.
    pub receipt_no: String,
    /// Title.
    pub title: String,
    /// Clock key.
    pub clock_key: String,
    /// Clock name.
    pub clock_name: String,
    /// Due date.
    pub due_on: Option<NaiveDate>,
    /// Working days left (negative when overdue).
    pub remaining_workdays: Option<i64>,
    /// Responsible department.
    pub dept_id: i64,
    /// Responsible officer.
    pub officer_id: Option<i64>,
}

/// What the public lookup shows: no identity of anyone.
#[derive(Debug, Serialize, ToSchema)]
pub struct PublicStatus {
    /// Receipt number.
    pub receipt_no: String,
    /// Type code.
    pub matter_type: String,
    /// Public label of the state. The internal state key is not returned: it could reveal what the public must not
    /// learn, e.g. whether a report was filed (立案) — see `report.rs`.
    pub state_label: String,
    /// Day of receipt.
    pub received_on: NaiveDate,
    /// Closed.
    pub closed: bool,
    /// Outcome (public wording).
    pub outcome: Option<String>,
    /// Public note.
    pub public_note: Option<String>,
    /// Public timeline.
    pub events: Vec<PublicEvent>,
}

/// A public timeline entry.
#[derive(Debug, Serialize, ToSchema)]
pub struct PublicEvent {
    /// When.
    pub at: Ts,
    /// What (the public label of the state reached, or the step's name).
    pub label: String,
}
