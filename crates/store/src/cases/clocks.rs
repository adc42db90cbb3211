//! Statutory clocks of matters: the overdue board, "my deadlines", and replacing clocks after recomputation.

use chrono::NaiveDate;
use serde::Serialize;
use zhibao_domain::scope::Filter;

use super::matters::matter_scope;
use crate::{with_db, Store, StoreResult, Ts};

/// A stored clock; `body` is the domain clock as JSON.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct ClockRow {
    /// Matter.
    pub matter_id: i64,
    /// Receipt number of the matter.
    pub receipt_no: String,
    /// Title of the matter.
    pub title: String,
    /// Responsible officer.
    pub officer_id: Option<i64>,
    /// Responsible department.
    pub dept_id: i64,
    /// Clock key, e.g. `acceptance`.
    pub clock_key: String,
    /// State.
    pub state: String,
    /// Due date.
    pub due_on: Option<NaiveDate>,
    /// The full clock (JSON).
    pub body: String,
}

const COLS: &str =
    "c.matter_id, m.receipt_no, m.title, m.officer_id, m.dept_id, c.clock_key, c.state, c.due_on, c.body";

impl Store {
    /// The clocks of one matter.
    pub async fn matter_clocks(&self, matter_id: i64) -> StoreResult<Vec<ClockRow>> {
        let sql = format!("SELECT {COLS} FROM matter_clocks c JOIN matters m ON m.id = c.matter_id WHERE c.matter_id = $1 ORDER BY c.id");
        Ok(with_db!(self, pool => sqlx::query_as::<_, ClockRow>(&sql).bind(matter_id).fetch_all(pool).await?))
    }

    /// Visible clocks in `states` due on or before `due_by` (None: any date), soonest first; optionally only
    /// one officer's.
    pub async fn clocks_due(
        &self,
        filter: &Filter,
        states: &[&str],
        due_by: Option<NaiveDate>,
        officer_id: Option<i64>,
        limit: u32,
    ) -> StoreResult<Vec<ClockRow>> {
        let states_sql: Vec<String> = states.iter().map(|s| format!("'{}'", s.replace('\'', ""))).collect();
        let sql = format!(
            "SELECT {COLS} FROM matter_clocks c JOIN matters m ON m.id = c.matter_id \
             WHERE {} AND c.state IN ({}) AND ($1 IS NULL OR c.due_on <= $1) AND ($2 IS NULL OR m.officer_id = $2) \
             ORDER BY c.due_on, c.id LIMIT {}",
            matter_scope(filter),
            states_sql.join(","),
            limit.clamp(1, 1000)
        );
        Ok(
            with_db!(self, pool => sqlx::query_as::<_, ClockRow>(&sql).bind(due_by).bind(officer_id).fetch_all(pool).await?),
        )
    }

    /// The clocks in one of `states` with id in `(after_id, up_to]`, by id (sweeps and recomputation walk the
    /// whole table in such windows up to [`Store::max_clock_id`]). The window is on the primary key and the state
    /// test is written so no index on `state` is used (`state || ''`): each window reads at most its own rows, so a
    /// full walk is linear — paging by "state, then id" made it quadratic at 1M matters.
    pub async fn clocks_in_states(
        &self,
        states: &[&str],
        after_id: i64,
        up_to: i64,
    ) -> StoreResult<Vec<(i64, ClockRow)>> {
        let states_sql: Vec<String> = states.iter().map(|s| format!("'{}'", s.replace('\'', ""))).collect();
        let sql = format!(
            "SELECT c.id, {COLS} FROM matter_clocks c JOIN matters m ON m.id = c.matter_id \
             WHERE c.id > $1 AND c.id <= $2 AND (c.state || '') IN ({}) ORDER BY c.id",
            states_sql.join(",")
        );
        let rows: Vec<ClockWithId> = with_db!(self, pool =>
            sqlx::query_as::<_, ClockWithId>(&sql).bind(after_id).bind(up_to).fetch_all(pool).await?);
        Ok(rows.into_iter().map(|r| (r.id, r.clock)).collect())
    }

    /// The largest clock id (0 when there are none).
    pub async fn max_clock_id(&self) -> StoreResult<i64> {
        Ok(with_db!(self, pool => sqlx::query_scalar::<_, i64>("SELECT COALESCE(MAX(id), 0) FROM matter_clocks")
            .fetch_one(pool).await?))
    }

    /// Replace the state, due date and body of clocks by id, in one transaction.
    pub async fn update_clocks(
        &self,
        updates: &[(i64, String, Option<NaiveDate>, String)],
        now: Ts,
    ) -> StoreResult<()> {
        with_db!(self, pool => {
            let mut tx = pool.begin_write().await?;
            for (id, state, due, body) in updates {
                sqlx::query("UPDATE matter_clocks SET state = $1, due_on = $2, body = $3, updated_at = $4 WHERE id = $5")
                    .bind(state).bind(due).bind(body).bind(now).bind(id).execute(&mut *tx).await?;
            }
            tx.commit().await?;
        });
        Ok(())
    }
}

#[derive(sqlx::FromRow)]
struct ClockWithId {
    id: i64,
    #[sqlx(flatten)]
    clock: ClockRow,
}

impl Store {
    /// The earliest due date of each matter's running clocks, for list views. The state test is written
    /// `state || ''` so the planner takes the `(matter_id, clock_key)` index for the page's few ids: with a plain
    /// `state IN (…)` SQLite chose the `(state, due_on)` index and read every open clock (175 ms at 1M matters).
    pub async fn next_due_for(&self, matter_ids: &[i64]) -> StoreResult<Vec<(i64, NaiveDate)>> {
        if matter_ids.is_empty() {
            return Ok(Vec::new());
        }
        let ids: Vec<String> = matter_ids.iter().map(i64::to_string).collect();
        let sql = format!(
            "SELECT matter_id, MIN(due_on) FROM matter_clocks WHERE matter_id IN ({}) \
             AND (state || '') IN ('running', 'extended', 'missed') AND due_on IS NOT NULL GROUP BY matter_id",
            ids.join(",")
        );
        Ok(with_db!(self, pool => sqlx::query_as::<_, (i64, NaiveDate)>(&sql).fetch_all(pool).await?))
    }
}
