//! API tests over real HTTP against a real server, on SQLite and on PostgreSQL. One test binary (modules below)
//! keeps link time down; add new tests as modules here.

mod helpers;

mod auth;
mod calendar;
mod cases;
mod evidence;
mod ops;
// patents (issue 5, patents core)
mod patents;
mod reminders;
mod scope;
mod system;
// Grid registry (helper A, issue 6).
mod grid;
mod draws; // grid draws, tasks, events, joint actions (helper B)
// Patent analytics and watch lists (helper D).
mod patent_analysis;
// Patent gaps: analytics over the shared index, the bell, legal-status history, GBK tables (helper patents-gaps).
mod patents_gaps;
