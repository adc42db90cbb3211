//! The case desk's storage (办案台): matters with their parties, rights and URLs, the append-only timeline,
//! statutory clocks, receipt-number sequences, dispatch rules and administrator-added calendar years.
//!
//! The store does not interpret procedures or clocks: states are strings checked by `zhibao_domain::case`, and a
//! clock's full state is a JSON document (`body`) whose `state` and `due_on` are copied into columns for the
//! overdue board and "my deadlines". Every write that changes a matter also appends its timeline event in the same
//! transaction, and a state change only succeeds from the state the caller read (optimistic concurrency), so two
//! officers cannot both act on one state.

/// Append a timeline entry inside a transaction `$tx` (same SQL on both backends).
macro_rules! insert_event {
    ($tx:ident, $id:expr, $e:expr, $now:expr) => {
        sqlx::query($crate::cases::intake::sql::INSERT_EVENT)
            .bind($id)
            .bind(&$e.kind)
            .bind(&$e.event)
            .bind(&$e.from_state)
            .bind(&$e.to_state)
            .bind($e.actor_id)
            .bind(&$e.actor_name)
            .bind(&$e.note)
            .bind($e.public)
            .bind(if $e.detail.is_empty() { "{}".to_string() } else { $e.detail.clone() })
            .bind($now)
            .execute(&mut *$tx)
            .await?
    };
}

/// Write the operation-log entries of a batch of filings (`NewMatter::audit`) inside a transaction `$tx`, stamped
/// `$now` (same SQL on both backends; the SQLite writer thread has its own, `intake::fast::insert_ops`).
macro_rules! insert_audits {
    ($tx:ident, $ms:expr, $now:expr) => {
        let audits: Vec<$crate::logs::NewOpLog> =
            $ms.iter().filter_map(|m| m.audit.as_ref()).map(|a| a.finish($now)).collect();
        for chunk in audits.chunks($crate::logs::OP_LOG_CHUNK) {
            let sql = $crate::logs::op_log_insert(chunk.len());
            let mut q = sqlx::query(&sql);
            for e in chunk {
                q = $crate::logs::bind_op(q, e);
            }
            q.execute(&mut *$tx).await?;
        }
    };
}

/// Insert or replace a clock inside a transaction `$tx`.
macro_rules! upsert_clock {
    ($tx:ident, $id:expr, $key:expr, $state:expr, $due:expr, $body:expr, $now:expr) => {
        sqlx::query($crate::cases::intake::sql::UPSERT_CLOCK)
            .bind($id)
            .bind($key)
            .bind($state)
            .bind($due)
            .bind($body)
            .bind($now)
            .execute(&mut *$tx)
            .await?
    };
}

mod attachments;
mod clocks;
mod evidence;
pub mod intake;
mod intake_pg;
mod matters;
mod rules;

pub use attachments::{Attachment, NewAttachment};
pub use clocks::ClockRow;
pub use evidence::{Evidence, NewEvidence};
pub(crate) use intake::fast::FastWriter;
pub use intake::{Grouped, Intaken};
pub use matters::{
    Matter, MatterEvent, MatterFilter, MatterParty, MatterRight, NewEvent, NewMatter, NewParty, NewRight,
    SimilarityRow, Transition,
};
pub use rules::{CalendarYearRow, DispatchRuleRow};
