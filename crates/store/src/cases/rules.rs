//! Dispatch rules (分拨规则) and administrator-added calendar years.

use serde::Serialize;

use crate::{with_db, Store, StoreResult, Ts};

/// A dispatch rule row.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct DispatchRuleRow {
    /// Id.
    pub id: i64,
    /// Matter type, or any.
    pub matter_type: Option<String>,
    /// Right kind, or any.
    pub right_kind: Option<String>,
    /// Area code prefix, or any.
    pub area_prefix: Option<String>,
    /// Target department.
    pub dept_id: i64,
    /// Target station.
    pub station_id: Option<i64>,
    /// Target team.
    pub team: Option<String>,
    /// Priority among equally specific rules.
    pub priority: i64,
}

/// A calendar year added by an administrator.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct CalendarYearRow {
    /// Year.
    pub year: i32,
    /// The notice it comes from.
    pub source: String,
    /// The year table (JSON).
    pub body: String,
    /// Added.
    pub created_at: Ts,
}

impl Store {
    /// Every dispatch rule.
    pub async fn dispatch_rules(&self) -> StoreResult<Vec<DispatchRuleRow>> {
        Ok(with_db!(self, pool => sqlx::query_as::<_, DispatchRuleRow>(
            "SELECT id, matter_type, right_kind, area_prefix, dept_id, station_id, team, priority FROM dispatch_rules ORDER BY id")
            .fetch_all(pool).await?))
    }

    /// Add a dispatch rule.
    pub async fn add_dispatch_rule(&self, r: &DispatchRuleRow) -> StoreResult<i64> {
        Ok(with_db!(self, pool => sqlx::query_scalar::<_, i64>(
            "INSERT INTO dispatch_rules (matter_type, right_kind, area_prefix, dept_id, station_id, team, priority) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id")
            .bind(&r.matter_type).bind(&r.right_kind).bind(&r.area_prefix).bind(r.dept_id).bind(r.station_id)
            .bind(&r.team).bind(r.priority).fetch_one(pool).await?))
    }

    /// Delete a dispatch rule.
    pub async fn delete_dispatch_rule(&self, id: i64) -> StoreResult<()> {
        with_db!(self, pool => { sqlx::query("DELETE FROM dispatch_rules WHERE id = $1").bind(id).execute(pool).await?; });
        Ok(())
    }

    /// Calendar years added at runtime.
    pub async fn calendar_years(&self) -> StoreResult<Vec<CalendarYearRow>> {
        Ok(with_db!(self, pool => sqlx::query_as::<_, CalendarYearRow>(
            "SELECT year, source, body, created_at FROM calendar_years ORDER BY year").fetch_all(pool).await?))
    }

    /// Add or replace a calendar year.
    pub async fn put_calendar_year(
        &self,
        year: i32,
        source: &str,
        body: &str,
        by: Option<i64>,
        now: Ts,
    ) -> StoreResult<()> {
        with_db!(self, pool => {
            sqlx::query("INSERT INTO calendar_years (year, source, body, created_by, created_at) VALUES ($1, $2, $3, $4, $5) \
                         ON CONFLICT (year) DO UPDATE SET source = excluded.source, body = excluded.body, \
                         created_by = excluded.created_by, created_at = excluded.created_at")
                .bind(year).bind(source).bind(body).bind(by).bind(now).execute(pool).await?;
        });
        Ok(())
    }
}
