//! The case desk's application services (办案台): the glue between the HTTP handlers, the pure rules in
//! `zhibao_domain::case` and the store. Handlers stay thin; everything here takes the principal's data scope.
//!
//! - [`intake`]: parse an intake form into domain values (field errors with paths), triage, dispatch, duplicate
//!   check, receipt number and query code, and the opening clocks — one transaction.
//! - [`progress`]: load a matter's procedure run, apply a step (transition + clock actions), the actions a user may
//!   take, views of clocks, deadlines and the overdue sweep (督办).
//! - [`views`]: what the API returns, with the reporter's identity redacted for anyone without
//!   `case:reporter:view` (市场监督管理投诉举报处理暂行办法 Art.33).

pub mod intake;
pub mod progress;
pub mod views;
pub mod writer;
