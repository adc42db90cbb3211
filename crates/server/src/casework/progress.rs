//! A matter's progress through its procedure: actions, steps, clocks, deadlines, duplicates and the overdue sweep.

use chrono::{NaiveDate, Utc};
use zhibao_domain::case::clock::Clock;
use zhibao_domain::case::matter::MatterType;
use zhibao_domain::case::procedure::{self, Facts, Procedure, Run, Step, StepError, TransitionError};
use zhibao_domain::case::similar::{compare, MatterSketch};
use zhibao_domain::scope::Filter;
use zhibao_store::cases::{ClockRow, Matter, NewEvent, Transition};
use zhibao_store::Ts;

use super::views::{ActionView, ClockView, SimilarView};
use crate::auth::Principal;
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;

/// Clock ids per window when sweeping or recomputing every clock.
const CLOCK_WINDOW: i64 = 20_000;

/// The clock states that are still counting.
pub const OPEN_CLOCK_STATES: [&str; 2] = ["running", "extended"];

/// Today in Asia/Shanghai (statutory days are local days), or the state's fixed day (tests, replays).
pub fn today(s: &AppState) -> NaiveDate {
    s.fixed_today().unwrap_or_else(|| Utc::now().with_timezone(&chrono_tz::Asia::Shanghai).date_naive())
}

/// Rows to store for each clock of a run: (key, status, due date, JSON).
pub fn clock_rows(run: &Run) -> Vec<(String, String, Option<NaiveDate>, String)> {
    run.clocks
        .iter()
        .map(|c| {
            let body = serde_json::to_string(c).unwrap_or_else(|_| "{}".into());
            (c.key.to_string(), c.status().key().to_string(), c.due_date(), body)
        })
        .collect()
}

/// Working days from `today` to `due` (negative when overdue), on the calendar; `None` when a year is missing.
pub fn workdays_until(cal: &zhibao_domain::calendar::Calendar, today: NaiveDate, due: NaiveDate) -> Option<i64> {
    let (from, to, sign) = if due >= today { (today, due, 1) } else { (due, today, -1) };
    let mut n: i64 = 0;
    let mut d = from;
    while d < to {
        d = d.succ_opt()?;
        if cal.is_workday(d).ok()? {
            n += 1;
        }
    }
    Some(sign * n)
}

/// The procedure of a matter.
pub fn procedure_of(m: &Matter) -> ApiResult<&'static Procedure> {
    MatterType::parse(&m.matter_type)
        .ok()
        .and_then(procedure::for_matter)
        .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("matter {} has unknown type {}", m.id, m.matter_type)))
}

/// Facts of a matter for guarded steps.
pub fn facts_of(m: &Matter) -> Facts {
    Facts { real_name_reporter: m.real_name }
}

/// The run (state + clocks) of a matter as stored.
pub async fn load_run(s: &AppState, m: &Matter) -> ApiResult<(Run, Vec<ClockRow>)> {
    let rows = s.store.matter_clocks(m.id).await?;
    let mut clocks = Vec::new();
    for r in &rows {
        let c: Clock = serde_json::from_str(&r.body).map_err(|e| {
            ApiError::Internal(anyhow::anyhow!("clock {} of matter {} unreadable: {e}", r.clock_key, m.id))
        })?;
        clocks.push(c);
    }
    Ok((Run { state: m.state.clone(), clocks }, rows))
}

/// The steps the state allows and the user may take.
pub fn actions_for(p: &Principal, m: &Matter) -> Vec<ActionView> {
    let Ok(proc_) = procedure_of(m) else { return Vec::new() };
    proc_
        .allowed_with(&m.state, &facts_of(m))
        .into_iter()
        .filter(|t| p.has(t.permission))
        .map(|t| ActionView {
            event: t.event.to_string(),
            name: t.name_zh.to_string(),
            requires_reason: t.requires_reason,
            citation: t.citation.map(str::to_string),
        })
        .collect()
}

/// Views of a run's clocks on `today`.
pub fn clock_views(s: &AppState, run: &Run, today: NaiveDate) -> Vec<ClockView> {
    let cal = s.calendar();
    run.clocks
        .iter()
        .map(|c| {
            let status = c.status();
            let open = matches!(status.key(), "running" | "extended");
            let due = c.due_date();
            ClockView {
                key: c.key.to_string(),
                name: c.rule.name_zh.to_string(),
                citation: c.rule.citation.to_string(),
                rule: c.rule.describe_zh(),
                state: if open && due.is_some_and(|d| d < today) { "missed".into() } else { status.key().into() },
                extended: c.extended.is_some(),
                started_on: c.started_on,
                due_on: due,
                remaining_workdays: if open { c.remaining_workdays(today, &cal).ok() } else { None },
                late: c.late(),
                awaiting_year: c.awaiting_year(),
                met_on: c.met_on(),
                extendable: open && c.extended.is_none() && c.rule.extension.is_some(),
            }
        })
        .collect()
}

fn step_error(e: StepError) -> ApiError {
    match e {
        StepError::Transition(TransitionError::NotAllowed { state, event, allowed }) => ApiError::NotAllowed {
            message: format!("当前状态「{state}」不允许「{event}」"),
            allowed: allowed.iter().map(|a| a.to_string()).collect(),
        },
        StepError::Transition(TransitionError::ReasonRequired { name_zh, .. }) => {
            ApiError::field("reason", format!("「{name_zh}」须填写理由"))
        }
        StepError::Transition(other) => ApiError::field("event", other.to_string()),
        StepError::Clock { key, source } => ApiError::Conflict(format!("计时「{key}」：{source}")),
    }
}

/// Apply `event` to a visible matter as `p`, on today's date: permission, transition, reason, clocks — then store
/// the new state, the timeline entry and the clocks, only if nobody changed the matter meanwhile.
pub async fn apply(
    s: &AppState,
    p: &Principal,
    id: i64,
    event: &str,
    reason: Option<&str>,
    public_note: Option<&str>,
) -> ApiResult<()> {
    let m = s.store.get_matter(&p.scope, id).await?;
    let proc_ = procedure_of(&m)?;
    let facts = facts_of(&m);
    let t = proc_.apply_with(&m.state, event, &facts).map_err(|e| step_error(StepError::Transition(e)))?;
    p.require(t.permission)?;
    let (mut run, _) = load_run(s, &m).await?;
    let cal = s.calendar();
    let reason = reason.map(str::trim).filter(|r| !r.is_empty());
    let step = Step { event, on: today(s), by: p.id, reason, facts };
    let overrides = super::intake::clock_overrides(s, &m.track).await?;
    let t = run.step(proc_, &step, &overrides, &cal).map_err(step_error)?;
    let terminal = proc_.state(t.to).is_some_and(|st| st.terminal);
    let tr = Transition {
        from_state: m.state.clone(),
        to_state: t.to.to_string(),
        event: NewEvent {
            kind: "transition".into(),
            event: Some(event.to_string()),
            from_state: Some(m.state.clone()),
            to_state: Some(t.to.to_string()),
            actor_id: Some(p.id),
            actor_name: Some(p.username.clone()),
            note: reason.map(str::to_string).or_else(|| Some(t.name_zh.to_string())),
            public: true,
            detail: serde_json::json!({"name": t.name_zh, "citation": t.citation}).to_string(),
        },
        clocks: clock_rows(&run),
        outcome: if terminal { reason.map(str::to_string).or_else(|| Some(t.name_zh.to_string())) } else { None },
        public_note: public_note.map(str::trim).filter(|n| !n.is_empty()).map(str::to_string),
        closes: terminal,
    };
    s.store.transition_matter(id, &tr, Ts::new(Utc::now())).await.map_err(|e| match e {
        zhibao_store::StoreError::Rule(m) => ApiError::Conflict(m),
        e => e.into(),
    })?;
    Ok(())
}

async fn sketch(s: &AppState, m: &Matter) -> ApiResult<MatterSketch> {
    let (parties, rights, urls) = s.store.matter_details(m.id).await?;
    Ok(MatterSketch {
        id: m.id,
        respondent_names: parties.iter().filter(|x| x.role == "respondent").map(|x| x.name.clone()).collect(),
        right_numbers: rights.iter().filter_map(|r| r.number.clone()).collect(),
        urls,
        text: format!("{} {}", m.title, m.description),
    })
}

async fn candidates(
    s: &AppState,
    scope: &Filter,
    m: &Matter,
    me: &MatterSketch,
    open_only: bool,
    limit: u32,
) -> ApiResult<Vec<(Matter, zhibao_domain::case::similar::Similarity)>> {
    let keys: Vec<String> =
        me.respondent_names.iter().map(|n| zhibao_domain::case::similar::normalize_name(n)).collect();
    let urls: Vec<String> = me.urls.iter().map(|u| zhibao_domain::case::similar::normalize_url(u)).collect();
    let ids: Vec<i64> = s
        .store
        .similar_candidates(scope, open_only, &keys, &me.right_numbers, &urls, limit)
        .await?
        .into_iter()
        .filter(|i| *i != m.id)
        .collect();
    let mut out = Vec::new();
    for row in s.store.similarity_rows(scope, &ids).await? {
        let other = MatterSketch {
            id: row.matter.id,
            respondent_names: row.respondent_names,
            right_numbers: row.right_numbers,
            urls: row.urls,
            text: format!("{} {}", row.matter.title, row.matter.description),
        };
        let sim = compare(me, &other);
        if sim.is_duplicate_candidate() {
            out.push((row.matter, sim));
        }
    }
    out.sort_by(|a, b| b.1.score.total_cmp(&a.1.score));
    Ok(out)
}

/// Similar matters visible to the caller, best first.
pub async fn similar_for(s: &AppState, p: &Principal, m: &Matter) -> ApiResult<Vec<SimilarView>> {
    let me = sketch(s, m).await?;
    Ok(candidates(s, &p.scope, m, &me, false, 20)
        .await?
        .into_iter()
        .map(|(o, sim)| SimilarView {
            id: o.id,
            receipt_no: o.receipt_no,
            title: o.title,
            score: sim.score,
            reasons: sim.reasons.iter().map(|r| r.to_string()).collect(),
        })
        .collect())
}

/// Mark running clocks past their due date as missed and escalate each (督办) with a timeline entry. Returns how
/// many became missed. Safe to run repeatedly.
pub async fn sweep_overdue(s: &AppState, today: NaiveDate) -> ApiResult<usize> {
    let mut after = 0;
    let mut missed = 0;
    let max = s.store.max_clock_id().await?;
    while after < max {
        let page = s.store.clocks_in_states(&OPEN_CLOCK_STATES, after, after + CLOCK_WINDOW).await?;
        after += CLOCK_WINDOW;
        for (_, row) in page.into_iter().filter(|(_, r)| r.due_on.is_some_and(|d| d < today)) {
            let Ok(mut clock) = serde_json::from_str::<Clock>(&row.body) else { continue };
            if clock.tick(today) {
                missed += 1;
                let body = serde_json::to_string(&clock).unwrap_or_else(|_| "{}".into());
                let due = clock.due_date();
                let e = NewEvent {
                    kind: "escalation".into(),
                    note: Some(format!(
                        "「{}」已超期（应于 {} 前完成），转督办",
                        clock.rule.name_zh,
                        row.due_on.map(|d| d.to_string()).unwrap_or_default()
                    )),
                    detail: serde_json::json!({"clock": row.clock_key, "due_on": row.due_on}).to_string(),
                    ..Default::default()
                };
                s.store
                    .append_matter_event(
                        row.matter_id,
                        &e,
                        &[(row.clock_key.clone(), "missed".into(), due, body)],
                        Ts::new(Utc::now()),
                    )
                    .await?;
                // 督办: the responsible officer and the supervisors up the department tree are told.
                let mut to = s.store.supervisors_of(row.dept_id, "case:clock:extend").await?;
                if let Some(o) = row.officer_id {
                    to.insert(0, o);
                }
                to.dedup();
                let due_on = row.due_on.unwrap_or(today);
                let items: Vec<_> = to
                    .into_iter()
                    .map(|user_id| zhibao_store::notifications::NewNotification {
                        user_id,
                        kind: "overdue",
                        matter_id: row.matter_id,
                        clock_key: row.clock_key.clone(),
                        due_on,
                        title: format!("督办：{}「{}」已超期", row.receipt_no, clock.rule.name_zh),
                        body: format!("{}：应于 {due_on} 前完成（{}）", row.title, clock.rule.citation),
                    })
                    .collect();
                s.store.notify(&items, Ts::new(Utc::now())).await?;
            }
        }
    }
    Ok(missed)
}

/// Send reminders (提醒) for open clocks due within `cases.reminder_workdays` working days, to the responsible
/// officer (or, for an unassigned matter, to those who dispatch its department's matters). Each clock and due date
/// is notified once. Returns the notifications created.
pub async fn send_reminders(s: &AppState, today: NaiveDate) -> ApiResult<u64> {
    use zhibao_store::notifications::NewNotification;
    let n = s.settings.cases.reminder_workdays;
    let cal = s.calendar();
    // N working days are at most 2N + 14 calendar days away (the longest holiday run is 8–9 days).
    let bound = today + chrono::Duration::days(2 * i64::from(n) + 14);
    let rows = s.store.clocks_due(&Filter::All, &OPEN_CLOCK_STATES, Some(bound), None, 10_000).await?;
    let mut out = Vec::new();
    for row in rows {
        let (Ok(clock), Some(due)) = (serde_json::from_str::<Clock>(&row.body), row.due_on) else { continue };
        if due < today || !clock.reminder_due(today, n, &cal).unwrap_or(false) {
            continue;
        }
        let left = clock.remaining_workdays(today, &cal).unwrap_or(0);
        let to = match row.officer_id {
            Some(o) => vec![o],
            None => s.store.supervisors_of(row.dept_id, "case:matter:assign").await?,
        };
        for user_id in to {
            out.push(NewNotification {
                user_id,
                kind: "reminder",
                matter_id: row.matter_id,
                clock_key: row.clock_key.clone(),
                due_on: due,
                title: format!("{}「{}」还剩 {left} 个工作日", row.receipt_no, clock.rule.name_zh),
                body: format!("{}：应于 {due} 前完成（{}）", row.title, clock.rule.citation),
            });
        }
    }
    Ok(s.store.notify(&out, Ts::new(Utc::now())).await?)
}

/// Recompute every open clock — and every clock awaiting a calendar year — against the current calendar (after a
/// year table changed). Returns how many changed.
pub async fn recompute_clocks(s: &AppState) -> ApiResult<usize> {
    let cal = s.calendar();
    let mut after = 0;
    let mut moved = 0;
    let max = s.store.max_clock_id().await?;
    while after < max {
        let page = s
            .store
            .clocks_in_states(&["running", "extended", "suspended", "awaiting_calendar"], after, after + CLOCK_WINDOW)
            .await?;
        after += CLOCK_WINDOW;
        let mut updates = Vec::new();
        for (cid, row) in page {
            let Ok(mut clock) = serde_json::from_str::<Clock>(&row.body) else { continue };
            if clock.recompute(&cal).is_err() {
                continue;
            }
            let body = serde_json::to_string(&clock).unwrap_or_default();
            if body != row.body {
                moved += 1;
                updates.push((cid, clock.status().key().to_string(), clock.due_date(), body));
            }
        }
        s.store.update_clocks(&updates, Ts::new(Utc::now())).await?;
    }
    Ok(moved)
}
