//! One matter going through its procedure (办理进程): the present state plus its clocks, advanced one dated step at a
//! time. A step either applies completely — the transition and every clock action its event causes — or not at all.
//!
//! A clock whose due date needs a year the calendar does not hold yet does not stop a step: it starts (or resumes,
//! or is extended, or is met) in [`crate::case::clock::ClockState::AwaitingCalendar`], and gets its due date when
//! the store calls [`Clock::recompute`] after the year's table is added. Only an act that may lie after such a
//! clock's unknown due date (a suspension or extension dated in the missing year itself) is still refused with the
//! calendar error — see [`Clock::suspend`] and [`Clock::extend`].

use super::machine::{ClockAction, Facts, Procedure, Transition, TransitionError, RECEIVED};
use crate::calendar::Calendar;
use crate::case::clock::{Clock, ClockError, ClockRule};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// One dated step asked for by a user.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Step<'a> {
    /// The event, e.g. `accept`.
    pub event: &'a str,
    /// The day it happens.
    pub on: NaiveDate,
    /// The acting user (recorded as the approver of an extension; the server has checked the permission).
    pub by: i64,
    /// The reason or summary, where the step requires one.
    pub reason: Option<&'a str>,
    /// Facts about the matter that select guarded steps.
    pub facts: Facts,
}

/// Why a step was refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum StepError {
    /// The procedure does not allow the step.
    #[error(transparent)]
    Transition(#[from] TransitionError),
    /// A clock refused what the step does to it.
    #[error("计时「{key}」：{source}")]
    Clock {
        /// The clock's key.
        key: String,
        /// What the clock said.
        source: ClockError,
    },
}

/// A matter's progress: its state and its clocks (several clocks may share a key; actions go to the latest).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Run {
    /// The present state's key.
    pub state: String,
    /// Every clock started, in order.
    pub clocks: Vec<Clock>,
}

fn clock_err(key: &str) -> impl Fn(ClockError) -> StepError + '_ {
    move |source| StepError::Clock { key: key.to_string(), source }
}

impl Run {
    /// A matter received on `on`: the initial state, and the clocks that start on receipt ([`RECEIVED`]), each
    /// under its rule in force given the deployment's `overrides`.
    pub fn open(
        procedure: &Procedure,
        on: NaiveDate,
        facts: &Facts,
        overrides: &[ClockRule],
        cal: &Calendar,
    ) -> Result<Run, StepError> {
        let mut run = Run { state: procedure.initial().to_string(), clocks: Vec::new() };
        let receipt = Step { event: RECEIVED, on, by: 0, reason: None, facts: *facts };
        run.clocks = run.clocks_after(procedure, &receipt, overrides, cal)?;
        Ok(run)
    }

    /// The latest clock with key `key`.
    pub fn clock(&self, key: &str) -> Option<&Clock> {
        self.clocks.iter().rev().find(|c| c.key == key)
    }

    /// Apply `step`: check the transition (and its reason), then every clock action of the event — meet, suspend,
    /// resume, extend the latest clock of each key concerned (a clock not started is skipped; a met one — also one
    /// completed while awaiting the calendar — is not met again), then start new ones. On any error nothing changes.
    pub fn step(
        &mut self,
        procedure: &Procedure,
        step: &Step<'_>,
        overrides: &[ClockRule],
        cal: &Calendar,
    ) -> Result<&'static Transition, StepError> {
        let t = procedure.apply_with(&self.state, step.event, &step.facts)?;
        t.check_reason(step.reason)?;
        let clocks = self.clocks_after(procedure, step, overrides, cal)?;
        self.state = t.to.to_string();
        self.clocks = clocks;
        Ok(t)
    }

    /// The clocks after `step`'s clock actions, computed on a copy.
    fn clocks_after(
        &self,
        procedure: &Procedure,
        step: &Step<'_>,
        overrides: &[ClockRule],
        cal: &Calendar,
    ) -> Result<Vec<Clock>, StepError> {
        let Step { event, on, by, reason, facts } = *step;
        let mut clocks = self.clocks.clone();
        for (action, trigger) in procedure.clock_actions(event, &facts) {
            let key: &str = &trigger.starts.key;
            let err = clock_err(key);
            if action == ClockAction::Start {
                clocks.push(Clock::start(trigger.rule(overrides).clone(), on, cal).map_err(&err)?);
                continue;
            }
            let Some(clock) = clocks.iter_mut().rev().find(|c| c.key == key) else { continue };
            match action {
                ClockAction::Meet if clock.met_on().is_some() => {}
                ClockAction::Meet => clock.complete(on, cal).map_err(&err)?,
                ClockAction::Suspend => clock.suspend(on, cal).map_err(&err)?,
                ClockAction::Resume => clock.resume(on, cal).map_err(&err)?,
                ClockAction::Extend => clock.extend(by, reason.unwrap_or_default(), on, cal).map_err(&err)?,
                ClockAction::Start => {}
            }
        }
        Ok(clocks)
    }

    /// Tick every clock on `today`; the keys of those that have just become missed (escalate them: 督办).
    pub fn tick(&mut self, today: NaiveDate) -> Vec<String> {
        self.clocks.iter_mut().filter_map(|c| c.tick(today).then(|| c.key.to_string())).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::CalendarError;
    use crate::case::clock::tests::calendar_with_2027;
    use crate::case::clock::{ClockState, ClockStatus};
    use crate::case::procedure::complaint::PROCEDURE as COMPLAINT;
    use crate::case::procedure::testing::{attempt, d, go, open};

    const F: Facts = Facts { real_name_reporter: true };

    #[test]
    fn accepting_a_complaint_whose_mediation_clock_needs_a_missing_year() {
        // The built-in calendar holds 2020–2026 only. Received Mon 2026-11-16; acceptance (7 WD) due Wed 11/25.
        let mut run = open(&COMPLAINT, "2026-11-16", F);
        assert_eq!(run.clock("acceptance").map(|c| c.due_on), Some(d("2026-11-25")));
        // Accepted Fri 11/20: the step is taken, the acceptance clock met, and the 45-WD mediation clock started,
        // its due date unknown until the 2027 table is entered.
        go(&COMPLAINT, &mut run, "accept", "2026-11-20", None, F);
        assert_eq!(run.state, "accepted");
        assert_eq!(
            run.clock("acceptance").map(|c| c.state),
            Some(ClockState::Met { on: d("2026-11-20"), late: false })
        );
        let mediation = run.clock("mediation").cloned().unwrap_or_else(|| panic!("no mediation clock"));
        assert_eq!(mediation.state, ClockState::AwaitingCalendar { year: 2027, met_on: None });
        assert_eq!((mediation.status().key(), mediation.due_date()), ("awaiting_calendar", None));
        assert!(run.tick(d("2027-03-01")).is_empty(), "an unknown due date is never missed");

        // The administrator adds the 2027 table (here the TEST table of clock.rs: 元旦 1/1–1/3, 春节 2/6–2/12,
        // make-up Sat 2/20 — not the real notice) and the store recomputes every open clock.
        let full = calendar_with_2027();
        let mut recomputed = run.clone();
        for c in &mut recomputed.clocks {
            c.recompute(&full).unwrap_or_else(|e| panic!("recompute {}: {e}", c.key));
        }
        // 45 WD from Fri 2026-11-20: Nov 23–27 (5), 30 (6), Dec 1–4 (10), 7–11 (15), 14–18 (20), 21–25 (25),
        // 28–31 (29), [2027-01-01 – 01-03 元旦], Jan 4–8 (34), 11–15 (39), 18–22 (44), Mon 2027-01-25 (45).
        let m = recomputed.clock("mediation").unwrap_or_else(|| panic!("no mediation clock"));
        assert_eq!((m.state, m.status(), m.due_on), (ClockState::Running, ClockStatus::Running, d("2027-01-25")));
        // Exactly as if 2027 had been held from the start.
        let mut from_start =
            Run::open(&COMPLAINT, d("2026-11-16"), &F, &[], &full).unwrap_or_else(|e| panic!("open: {e}"));
        let accept = Step { event: "accept", on: d("2026-11-20"), by: 1, reason: None, facts: F };
        from_start.step(&COMPLAINT, &accept, &[], &full).unwrap_or_else(|e| panic!("accept: {e}"));
        assert_eq!(recomputed, from_start);
    }

    #[test]
    fn a_whole_mediation_while_the_year_is_missing() {
        // Accepted 11/20 (awaiting 2027); testing from Tue 12/1 to Thu 12/10; agreement Wed 12/16 — every step is
        // taken on the built-in calendar, and recomputing once 2027 is in gives what the full calendar gives.
        let steps = [
            ("accept", "2026-11-20", None),
            ("start_mediation", "2026-11-23", None),
            ("suspend_for_testing", "2026-12-01", Some("委托鉴定")),
            ("resume_mediation", "2026-12-10", None),
            ("reach_agreement", "2026-12-16", None),
        ];
        let full = calendar_with_2027();
        let mut run = open(&COMPLAINT, "2026-11-16", F);
        let mut expected = Run::open(&COMPLAINT, d("2026-11-16"), &F, &[], &full).unwrap_or_else(|e| panic!("{e}"));
        for (event, on, reason) in steps {
            go(&COMPLAINT, &mut run, event, on, reason, F);
            let step = Step { event, on: d(on), by: 1, reason, facts: F };
            expected.step(&COMPLAINT, &step, &[], &full).unwrap_or_else(|e| panic!("{event}: {e}"));
        }
        assert_eq!(run.state, "agreed");
        let m = run.clock("mediation").map(|c| c.state);
        assert_eq!(m, Some(ClockState::AwaitingCalendar { year: 2027, met_on: Some(d("2026-12-16")) }));
        for c in &mut run.clocks {
            c.recompute(&full).unwrap_or_else(|e| panic!("recompute {}: {e}", c.key));
        }
        // Testing 12/1 → 12/10 moves the due date from 1/25 to Wed 2027-02-03 (see clock.rs); met on time.
        assert_eq!(run.clock("mediation").map(|c| c.due_on), Some(d("2027-02-03")));
        assert_eq!(run.clock("mediation").map(|c| c.state), Some(ClockState::Met { on: d("2026-12-16"), late: false }));
        assert_eq!(run, expected);
    }

    #[test]
    fn a_clock_completed_while_awaiting_is_not_met_again() {
        // Received Mon 2026-12-28: acceptance (7 WD) runs into 2027 and awaits it.
        let mut run = open(&COMPLAINT, "2026-12-28", F);
        let cal = Calendar::builtin();
        let acceptance = run.clocks.iter_mut().find(|c| c.key == "acceptance").unwrap_or_else(|| panic!("none"));
        assert_eq!(acceptance.state, ClockState::AwaitingCalendar { year: 2027, met_on: None });
        acceptance.complete(d("2026-12-29"), &cal).unwrap_or_else(|e| panic!("complete: {e}"));
        // `accept` meets the acceptance clock: already completed (while awaiting), it is skipped like a met one.
        go(&COMPLAINT, &mut run, "accept", "2026-12-30", None, F);
        assert_eq!(run.clock("acceptance").and_then(|c| c.met_on()), Some(d("2026-12-29")));
    }

    #[test]
    fn a_suspension_dated_in_the_missing_year_is_still_refused() {
        // Accepted 11/20, mediating; on 2027-01-05 (2027 table still missing) the clock may already have run out, so
        // suspending it cannot be judged: the step is refused with the calendar error and nothing changes.
        let mut run = open(&COMPLAINT, "2026-11-16", F);
        go(&COMPLAINT, &mut run, "accept", "2026-11-20", None, F);
        go(&COMPLAINT, &mut run, "start_mediation", "2026-11-23", None, F);
        let before = run.clone();
        assert_eq!(
            attempt(&COMPLAINT, &mut run, "suspend_for_testing", "2027-01-05", Some("委托鉴定")),
            Err(StepError::Clock {
                key: "mediation".into(),
                source: ClockError::Calendar(CalendarError::YearNotCovered(2027)),
            })
        );
        assert_eq!(run, before);
        // Terminating (meeting the clock) is always possible.
        go(&COMPLAINT, &mut run, "terminate", "2027-01-05", Some("被投诉人拒绝调解"), F);
        assert_eq!(run.clock("mediation").and_then(|c| c.met_on()), Some(d("2027-01-05")));
    }
}
