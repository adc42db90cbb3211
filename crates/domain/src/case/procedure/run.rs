//! One matter going through its procedure (办理进程): the present state plus its clocks, advanced one dated step at a
//! time. A step either applies completely — the transition and every clock action its event causes — or not at all.

use super::machine::{ClockAction, Facts, Procedure, Transition, TransitionError, RECEIVED};
use crate::calendar::Calendar;
use crate::case::clock::{Clock, ClockError, ClockRule, ClockState};
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
    /// resume, extend the latest clock of each key concerned (a clock not started is skipped; a met one is not met
    /// again), then start new ones. On any error nothing changes.
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
                ClockAction::Meet if matches!(clock.state, ClockState::Met { .. }) => {}
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
