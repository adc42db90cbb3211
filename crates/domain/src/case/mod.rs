//! The case desk's rules (办案台): matters of every type, their parties and rights, statutory procedures as
//! explicit state machines, named statutory clocks on the working-day calendar, triage (繁简分流), dispatch
//! (分拨) and similar-matter detection (类案). Pure: no IO; clocks, calendars and randomness are passed in.
//!
//! Modules: [`ids`] (identity numbers, credit codes, patent / trademark / copyright numbers), [`matter`] (matter
//! types, receipt numbers, query codes), [`procedure`] (state machines with the statute cited at each rule),
//! [`clock`] (named clocks: running, suspended, extended, met, missed), [`triage`], [`dispatch`], [`similar`].

pub mod clock;
pub mod dispatch;
pub mod ids;
pub mod matter;
pub mod procedure;
pub mod similar;
pub mod triage;
