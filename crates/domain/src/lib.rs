//! # zhibao-domain — the ground floor
//!
//! Pure rules of the platform: validating newtypes, the permission language, department data scope, the
//! password / lockout / session policies. No IO, no async: the clock and randomness are passed in by callers.
//!
//! Modules:
//! - [`validate`]: field errors and validating newtypes (parse, don't validate).
//! - [`permission`]: RuoYi-style permission strings (`system:user:add`) and the catalogue of menus and buttons.
//! - [`scope`]: department data scope (数据权限) of roles, folded into one filter per user.
//! - [`dept`]: the department tree's ancestors path.
//! - [`security`]: password policy, lockout and session expiry (等保2.0 三级 habits).
//! - [`geo`]: checks on GeoJSON-like polygon rings (WGS84).
//! - [`case`]: the case desk — matters, procedures, clocks, triage, dispatch, similar matters.
//! - [`calendar`]: the working-day calendar (工作日历): yearly holiday tables and period computations.
//! - [`patent`]: the patent data model (专利数据模型): numbers, classification symbols, parties, legal status.
//! - [`patent_analysis`]: patent analytics, the high-value indicator, industries, watch lists, similar patents.
#![warn(missing_docs)]

pub mod calendar;
pub mod case;
pub mod dept;
pub mod encoding;
pub mod geo;
pub mod grid;
pub mod patent;
pub mod patent_analysis;
pub mod permission;
pub mod scope;
pub mod security;
pub mod validate;
