//! Storage of grid supervision part B (issue 6): the inspection-item list (检查事项清单), the inspector pool
//! profiles (执法检查人员名录库), draw plans with their commitment and record (双随机一公开), inspection tasks with
//! their inspectors and photo evidence, grid events with their closed-loop steps (GB/T 30428) and joint enforcement
//! actions (联合执法).
//!
//! The store does not interpret: JSON columns (`params`, `commitment`, `pools`, `record`, `checklist`, …) are the
//! domain's serialised values, checked by the server; states move only from the state the caller read.

use chrono::NaiveDate;
use serde::Serialize;
use zhibao_domain::scope::Filter;

use crate::{scope, with_db, Store, StoreError, StoreResult, Ts};

/// An inspection item (检查事项).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct ItemRow {
    /// Id.
    pub id: i64,
    /// Code.
    pub code: String,
    /// Name.
    pub name: String,
    /// Legal basis.
    pub citation: String,
    /// Checklist points, JSON array of strings.
    pub checklist: String,
    /// In use.
    pub active: bool,
    /// Created.
    pub created_at: Ts,
    /// Updated.
    pub updated_at: Ts,
}

/// An inspector profile (执法检查人员).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct InspectorRow {
    /// User id.
    pub user_id: i64,
    /// Display name.
    pub name: String,
    /// Department.
    pub dept_id: i64,
    /// Holds an enforcement certificate.
    pub certified: bool,
    /// Certificate number.
    pub cert_no: Option<String>,
    /// Certificate expiry (执法证有效期至); `None` = not recorded.
    pub cert_expires_on: Option<NaiveDate>,
    /// Own cells (网格员 of these cells, from the registry's cell assignments), comma-separated codes.
    pub cells: String,
    /// Declared conflicts (JSON array of domain `Conflict`).
    pub conflicts: String,
    /// Relations (JSON array of entity ids).
    pub relations: String,
}

/// A whole inspector profile to save (执法检查人员档案).
#[derive(Debug, Clone)]
pub struct InspectorProfile<'a> {
    /// User id.
    pub user_id: i64,
    /// Holds an enforcement certificate.
    pub certified: bool,
    /// Certificate number.
    pub cert_no: Option<&'a str>,
    /// Certificate expiry.
    pub cert_expires_on: Option<NaiveDate>,
    /// Declared conflicts (JSON).
    pub conflicts: &'a str,
    /// Relations (JSON).
    pub relations: &'a str,
    /// Home cells (cell ids) replacing the current ones; `None` = leave them.
    pub cells: Option<&'a [i64]>,
}

/// A draw plan.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct PlanRow {
    /// Id.
    pub id: i64,
    /// Draw number (= params.draw_id).
    pub draw_no: String,
    /// Year.
    pub year: i64,
    /// Department.
    pub dept_id: i64,
    /// Item.
    pub item_id: i64,
    /// Domain `DrawParams` (JSON).
    pub params: String,
    /// Inspector pool: user ids (JSON); empty = every certified inspector in scope.
    pub inspector_ids: String,
    /// planned | committed | drawn | published.
    pub state: String,
    /// The seed (hex); secret until drawn — never serialised.
    #[serde(skip)]
    pub seed: Option<String>,
    /// Domain `Commitment` (JSON), from commit on.
    pub commitment: Option<String>,
    /// Domain `Pools` (JSON) as committed.
    #[serde(skip)]
    pub pools: Option<String>,
    /// Domain `DrawRecord` (JSON), from the draw on.
    #[serde(skip)]
    pub record: Option<String>,
    /// Entities in the pool.
    pub entity_count: i64,
    /// Creator.
    pub created_by: Option<i64>,
    /// Created.
    pub created_at: Ts,
    /// Committed.
    pub committed_at: Option<Ts>,
    /// Drawn.
    pub drawn_at: Option<Ts>,
    /// Published.
    pub published_at: Option<Ts>,
}

const PLAN_COLS: &str =
    "id, draw_no, year, dept_id, item_id, params, inspector_ids, state, seed, commitment, pools, record, \
    entity_count, created_by, created_at, committed_at, drawn_at, published_at";

/// A new inspection task.
#[derive(Debug, Clone)]
pub struct NewTask {
    /// Plan, if drawn.
    pub draw_plan_id: Option<i64>,
    /// Item.
    pub item_id: i64,
    /// Entity.
    pub entity_id: i64,
    /// Entity name.
    pub entity_name: String,
    /// Credit code.
    pub credit_code: String,
    /// Cell.
    pub cell_code: Option<String>,
    /// Department.
    pub dept_id: i64,
    /// Inspectors in order (the first leads).
    pub inspectors: Vec<i64>,
    /// Creator.
    pub created_by: Option<i64>,
}

/// An inspection task.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct TaskRow {
    /// Id.
    pub id: i64,
    /// Plan.
    pub draw_plan_id: Option<i64>,
    /// Draw number.
    pub draw_no: Option<String>,
    /// Item.
    pub item_id: i64,
    /// Item name.
    pub item_name: String,
    /// Checklist points (JSON).
    pub checklist: String,
    /// Entity.
    pub entity_id: i64,
    /// Entity name.
    pub entity_name: String,
    /// Credit code.
    pub credit_code: String,
    /// Cell.
    pub cell_code: Option<String>,
    /// Department.
    pub dept_id: i64,
    /// assigned | in_progress | done | published.
    pub state: String,
    /// Checklist answers (JSON array of yes/no/na).
    pub answers: String,
    /// Notes.
    pub notes: Option<String>,
    /// Outcome code.
    pub outcome: Option<String>,
    /// Follow-up (后续处置).
    pub follow_up: Option<String>,
    /// Day the inspection ended (result entered).
    pub ended_on: Option<NaiveDate>,
    /// Publish by.
    pub publish_due_on: Option<NaiveDate>,
    /// Published.
    pub published_at: Option<Ts>,
    /// Matter opened from the finding.
    pub matter_id: Option<i64>,
    /// Its receipt number.
    pub receipt_no: Option<String>,
    /// Inspector names in order, joined by '、'.
    pub inspector_names: String,
    /// Created.
    pub created_at: Ts,
    /// Updated.
    pub updated_at: Ts,
}

fn task_select() -> String {
    "SELECT t.id, t.draw_plan_id, p.draw_no, t.item_id, i.name AS item_name, i.checklist, t.entity_id, t.entity_name, \
     t.credit_code, t.cell_code, t.dept_id, t.state, t.answers, t.notes, t.outcome, t.follow_up, t.ended_on, \
     t.publish_due_on, t.published_at, t.matter_id, m.receipt_no, \
     COALESCE((AGG_NAMES), '') AS inspector_names, t.created_at, t.updated_at \
     FROM inspection_tasks t JOIN inspection_items i ON i.id = t.item_id \
     LEFT JOIN draw_plans p ON p.id = t.draw_plan_id LEFT JOIN matters m ON m.id = t.matter_id"
        .to_string()
}

/// Scope of tasks: the department's, or the caller's own (as an inspector).
fn task_scope(filter: &Filter) -> String {
    let own = match filter {
        Filter::Restricted { own_user: Some(u), .. } => {
            format!(" OR t.id IN (SELECT task_id FROM inspection_task_inspectors WHERE user_id = {u})")
        }
        _ => String::new(),
    };
    format!("({}{own})", scope::sql(filter, "t.dept_id", Some("t.created_by")))
}

/// Result fields of a task update.
#[derive(Debug, Clone, Default)]
pub struct TaskUpdate {
    /// Answers (JSON).
    pub answers: String,
    /// Notes.
    pub notes: Option<String>,
    /// Outcome.
    pub outcome: Option<String>,
    /// Follow-up.
    pub follow_up: Option<String>,
    /// New state.
    pub state: String,
    /// Ended on.
    pub ended_on: Option<NaiveDate>,
    /// Publish by.
    pub publish_due_on: Option<NaiveDate>,
}

/// A grid event.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct EventRow {
    /// Id.
    pub id: i64,
    /// Number.
    pub event_no: String,
    /// inspector | public.
    pub source: String,
    /// Category.
    pub category: String,
    /// Description.
    pub description: String,
    /// Address.
    pub address: Option<String>,
    /// Longitude.
    pub lon: Option<f64>,
    /// Latitude.
    pub lat: Option<f64>,
    /// Area code.
    pub area_code: String,
    /// Cell code.
    pub cell_code: Option<String>,
    /// Reporter (redacted in lists for the public).
    pub reporter_name: Option<String>,
    /// Reporter phone.
    #[serde(skip)]
    pub reporter_phone: Option<String>,
    /// Reporting user.
    pub reporter_id: Option<i64>,
    /// Owning department (监督中心).
    pub dept_id: i64,
    /// Handling department.
    pub handler_dept: Option<i64>,
    /// Its name.
    pub handler_dept_name: Option<String>,
    /// Stage code.
    pub stage: String,
    /// Due date of handling.
    pub due_on: Option<NaiveDate>,
    /// Reworks.
    pub reworks: i64,
    /// Last feedback on time.
    pub handled_on_time: Option<bool>,
    /// Evaluation score 1–5.
    pub score: Option<i64>,
    /// Created.
    pub created_at: Ts,
    /// Updated.
    pub updated_at: Ts,
}

const EVENT_SELECT: &str = "SELECT e.id, e.event_no, e.source, e.category, e.description, e.address, e.lon, e.lat, \
    e.area_code, e.cell_code, e.reporter_name, e.reporter_phone, e.reporter_id, e.dept_id, e.handler_dept, \
    d.name AS handler_dept_name, e.stage, e.due_on, e.reworks, e.handled_on_time, e.score, e.created_at, e.updated_at \
    FROM grid_events e LEFT JOIN depts d ON d.id = e.handler_dept";

fn event_scope(filter: &Filter) -> String {
    let s1 = scope::sql(filter, "e.dept_id", Some("e.reporter_id"));
    let s2 = scope::sql(filter, "e.handler_dept", None);
    format!("({s1} OR (e.handler_dept IS NOT NULL AND {s2}))")
}

/// A new grid event.
#[derive(Debug, Clone)]
pub struct NewEvent {
    /// inspector | public.
    pub source: String,
    /// Category.
    pub category: String,
    /// Description.
    pub description: String,
    /// Address.
    pub address: Option<String>,
    /// Longitude.
    pub lon: Option<f64>,
    /// Latitude.
    pub lat: Option<f64>,
    /// Area.
    pub area_code: String,
    /// Cell.
    pub cell_code: Option<String>,
    /// Reporter.
    pub reporter_name: Option<String>,
    /// Phone.
    pub reporter_phone: Option<String>,
    /// Reporting user.
    pub reporter_id: Option<i64>,
    /// Department.
    pub dept_id: i64,
}

/// One step of an event's loop.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct StepRow {
    /// Id.
    pub id: i64,
    /// Event.
    pub event_id: i64,
    /// Step code.
    pub step: String,
    /// From.
    pub from_stage: String,
    /// To.
    pub to_stage: String,
    /// Post.
    pub post: String,
    /// Actor.
    pub actor_id: Option<i64>,
    /// Actor's name.
    pub actor_name: String,
    /// Note.
    pub note: Option<String>,
    /// On time (for time-limited steps).
    pub on_time: Option<bool>,
    /// When.
    pub created_at: Ts,
}

/// A step to record, with the event's new values.
#[derive(Debug, Clone)]
pub struct StepWrite {
    /// Step code.
    pub step: String,
    /// From stage (the one the caller read).
    pub from_stage: String,
    /// To stage.
    pub to_stage: String,
    /// Post.
    pub post: String,
    /// Actor.
    pub actor_id: Option<i64>,
    /// Actor name.
    pub actor_name: String,
    /// Note.
    pub note: Option<String>,
    /// On time.
    pub on_time: Option<bool>,
    /// New handling department (dispatch), or keep.
    pub handler_dept: Option<i64>,
    /// New due date (dispatch), or keep.
    pub due_on: Option<NaiveDate>,
    /// Add one rework.
    pub rework: bool,
    /// Set handled_on_time (feedback).
    pub handled_on_time: Option<bool>,
    /// Set score (evaluate).
    pub score: Option<i64>,
}

/// A joint enforcement action.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct JointRow {
    /// Id.
    pub id: i64,
    /// Year.
    pub year: i64,
    /// Title.
    pub title: String,
    /// Plan.
    pub plan: String,
    /// Participating departments (JSON array of names).
    pub depts: String,
    /// Cells (JSON array of codes).
    pub cells: String,
    /// Start.
    pub start_on: NaiveDate,
    /// End.
    pub end_on: NaiveDate,
    /// planned | done.
    pub state: String,
    /// Results.
    pub results: Option<String>,
    /// Organising department.
    pub dept_id: i64,
    /// Created.
    pub created_at: Ts,
}

/// Fields of a joint action.
#[derive(Debug, Clone)]
pub struct JointWrite {
    /// Year.
    pub year: i64,
    /// Title.
    pub title: String,
    /// Plan.
    pub plan: String,
    /// Departments (JSON).
    pub depts: String,
    /// Cells (JSON).
    pub cells: String,
    /// Start.
    pub start_on: NaiveDate,
    /// End.
    pub end_on: NaiveDate,
    /// State.
    pub state: String,
    /// Results.
    pub results: Option<String>,
    /// Department.
    pub dept_id: i64,
}

const JOINT_COLS: &str = "id, year, title, plan, depts, cells, start_on, end_on, state, results, dept_id, created_at";

impl Store {
    // ---- items -----------------------------------------------------------------------------------------------

    /// Every inspection item, by code.
    pub async fn inspection_items(&self) -> StoreResult<Vec<ItemRow>> {
        Ok(with_db!(self, pool => sqlx::query_as::<_, ItemRow>(
            "SELECT id, code, name, citation, checklist, active, created_at, updated_at FROM inspection_items ORDER BY code")
            .fetch_all(pool).await?))
    }

    /// One item.
    pub async fn inspection_item(&self, id: i64) -> StoreResult<ItemRow> {
        with_db!(self, pool => sqlx::query_as::<_, ItemRow>(
            "SELECT id, code, name, citation, checklist, active, created_at, updated_at FROM inspection_items WHERE id = $1")
            .bind(id).fetch_optional(pool).await?).ok_or(StoreError::NotFound)
    }

    /// Create or (with `id`) update an item.
    #[allow(clippy::too_many_arguments)]
    pub async fn save_inspection_item(
        &self,
        id: Option<i64>,
        code: &str,
        name: &str,
        citation: &str,
        checklist: &str,
        active: bool,
        now: Ts,
    ) -> StoreResult<ItemRow> {
        let id = match id {
            None => with_db!(self, pool => sqlx::query_scalar::<_, i64>(
                "INSERT INTO inspection_items (code, name, citation, checklist, active, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id")
                .bind(code).bind(name).bind(citation).bind(checklist).bind(active).bind(now).fetch_one(pool).await?),
            Some(id) => {
                let n = with_db!(self, pool => sqlx::query(
                    "UPDATE inspection_items SET code = $1, name = $2, citation = $3, checklist = $4, active = $5, \
                     updated_at = $6 WHERE id = $7")
                    .bind(code).bind(name).bind(citation).bind(checklist).bind(active).bind(now).bind(id)
                    .execute(pool).await?.rows_affected());
                if n == 0 {
                    return Err(StoreError::NotFound);
                }
                id
            }
        };
        self.inspection_item(id).await
    }

    /// Delete an item that no plan or task uses.
    pub async fn delete_inspection_item(&self, id: i64) -> StoreResult<()> {
        let used: i64 = with_db!(self, pool => sqlx::query_scalar(
            "SELECT (SELECT COUNT(*) FROM draw_plans WHERE item_id = $1) + (SELECT COUNT(*) FROM inspection_tasks WHERE item_id = $1)")
            .bind(id).fetch_one(pool).await?);
        if used > 0 {
            return Err(StoreError::Rule(
                "该检查事项已被抽查计划或检查任务使用，可停用但不能删除 / item in use; deactivate it instead".into(),
            ));
        }
        let n = with_db!(self, pool => sqlx::query("DELETE FROM inspection_items WHERE id = $1").bind(id).execute(pool).await?.rows_affected());
        if n == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    // ---- inspectors ------------------------------------------------------------------------------------------

    /// Inspector profiles of users in scope (users without a profile are not inspectors), by user id.
    pub async fn grid_inspectors(&self, filter: &Filter) -> StoreResult<Vec<InspectorRow>> {
        let sql = format!(
            "SELECT g.user_id, u.display_name AS name, u.dept_id, g.certified, g.cert_no, g.cert_expires_on, \
             COALESCE((SELECT AGG_CELLS FROM cell_inspectors ci JOIN cells c ON c.id = ci.cell_id WHERE ci.user_id = g.user_id), '') AS cells, \
             g.conflicts, g.relations FROM grid_inspectors g JOIN users u ON u.id = g.user_id \
             WHERE {} ORDER BY g.user_id",
            scope::sql(filter, "u.dept_id", Some("u.id"))
        );
        let sql = match self.backend() {
            crate::Backend::Postgres => sql.replace("AGG_CELLS", "STRING_AGG(c.code, ',' ORDER BY c.code)"),
            crate::Backend::Sqlite => sql.replace("AGG_CELLS", "GROUP_CONCAT(c.code, ',')"),
        };
        Ok(with_db!(self, pool => sqlx::query_as::<_, InspectorRow>(&sql).fetch_all(pool).await?))
    }

    /// Create or replace a user's inspector profile.
    #[allow(clippy::too_many_arguments)]
    pub async fn save_grid_inspector(
        &self,
        user_id: i64,
        certified: bool,
        cert_no: Option<&str>,
        conflicts: &str,
        relations: &str,
        now: Ts,
    ) -> StoreResult<()> {
        with_db!(self, pool => sqlx::query(
            "INSERT INTO grid_inspectors (user_id, certified, cert_no, conflicts, relations, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (user_id) DO UPDATE SET certified = excluded.certified, \
             cert_no = excluded.cert_no, conflicts = excluded.conflicts, \
             relations = excluded.relations, updated_at = excluded.updated_at")
            .bind(user_id).bind(certified).bind(cert_no).bind(conflicts).bind(relations).bind(now)
            .execute(pool).await?.rows_affected());
        Ok(())
    }

    /// Save a whole inspector profile edited in the console, in one transaction: the profile (with the
    /// certificate's expiry) and, when `cells` is given, the user's home cells (网格, `cell_inspectors`) replaced.
    pub async fn save_inspector_profile(&self, p: &InspectorProfile<'_>, now: Ts) -> StoreResult<()> {
        with_db!(self, pool => {
            let mut tx = pool.begin_write().await?;
            sqlx::query(
                "INSERT INTO grid_inspectors (user_id, certified, cert_no, cert_expires_on, conflicts, relations, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (user_id) DO UPDATE SET certified = excluded.certified, \
                 cert_no = excluded.cert_no, cert_expires_on = excluded.cert_expires_on, conflicts = excluded.conflicts, \
                 relations = excluded.relations, updated_at = excluded.updated_at")
                .bind(p.user_id).bind(p.certified).bind(p.cert_no).bind(p.cert_expires_on).bind(p.conflicts)
                .bind(p.relations).bind(now)
                .execute(&mut *tx).await?;
            if let Some(cells) = p.cells {
                sqlx::query("DELETE FROM cell_inspectors WHERE user_id = $1").bind(p.user_id).execute(&mut *tx).await?;
                for c in cells {
                    sqlx::query("INSERT INTO cell_inspectors (cell_id, user_id, assigned_at) VALUES ($1, $2, $3) \
                                 ON CONFLICT DO NOTHING")
                        .bind(c).bind(p.user_id).bind(now).execute(&mut *tx).await?;
                }
            }
            tx.commit().await?;
        });
        Ok(())
    }

    // ---- registry --------------------------------------------------------------------------------------------

    /// Active registry entities in total.
    pub async fn registry_count(&self) -> StoreResult<i64> {
        Ok(
            with_db!(self, pool => sqlx::query_scalar("SELECT COUNT(*) FROM market_entities WHERE status = 'active'").fetch_one(pool).await?),
        )
    }

    // ---- plans -----------------------------------------------------------------------------------------------

    /// Plans in scope, newest first; `public_only` = published ones (scope ignored).
    pub async fn draw_plans(&self, filter: &Filter, public_only: bool) -> StoreResult<Vec<PlanRow>> {
        let cond = if public_only {
            "state IN ('drawn', 'published') OR state = 'committed'".to_string()
        } else {
            scope::sql(filter, "dept_id", Some("created_by"))
        };
        let sql = format!("SELECT {PLAN_COLS} FROM draw_plans WHERE {cond} ORDER BY id DESC");
        Ok(with_db!(self, pool => sqlx::query_as::<_, PlanRow>(&sql).fetch_all(pool).await?))
    }

    /// One plan in scope (`None` filter = public view of a committed or later plan).
    pub async fn draw_plan(&self, filter: Option<&Filter>, id: i64) -> StoreResult<PlanRow> {
        let cond = match filter {
            Some(f) => scope::sql(f, "dept_id", Some("created_by")),
            None => "state <> 'planned'".to_string(),
        };
        let sql = format!("SELECT {PLAN_COLS} FROM draw_plans WHERE id = $1 AND {cond}");
        with_db!(self, pool => sqlx::query_as::<_, PlanRow>(&sql).bind(id).fetch_optional(pool).await?)
            .ok_or(StoreError::NotFound)
    }

    /// Create a plan.
    #[allow(clippy::too_many_arguments)]
    pub async fn create_draw_plan(
        &self,
        draw_no: &str,
        year: i64,
        dept_id: i64,
        item_id: i64,
        params: &str,
        inspector_ids: &str,
        created_by: i64,
        now: Ts,
    ) -> StoreResult<PlanRow> {
        let id: i64 = with_db!(self, pool => sqlx::query_scalar(
            "INSERT INTO draw_plans (draw_no, year, dept_id, item_id, params, inspector_ids, state, created_by, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, 'planned', $7, $8, $8) RETURNING id")
            .bind(draw_no).bind(year).bind(dept_id).bind(item_id).bind(params).bind(inspector_ids).bind(created_by).bind(now)
            .fetch_one(pool).await?);
        self.draw_plan(None, id).await.or(self.draw_plan(Some(&Filter::All), id).await)
    }

    /// Record the commitment (planned → committed): the secret seed, the commitment and the pools.
    pub async fn commit_draw_plan(
        &self,
        id: i64,
        seed: &str,
        commitment: &str,
        pools: &str,
        entity_count: i64,
        now: Ts,
    ) -> StoreResult<()> {
        let n = with_db!(self, pool => sqlx::query(
            "UPDATE draw_plans SET state = 'committed', seed = $1, commitment = $2, pools = $3, entity_count = $4, \
             committed_at = $5, updated_at = $5 WHERE id = $6 AND state = 'planned'")
            .bind(seed).bind(commitment).bind(pools).bind(entity_count).bind(now).bind(id).execute(pool).await?.rows_affected());
        if n == 0 {
            return Err(StoreError::Rule("计划已承诺 / the plan is no longer planned".into()));
        }
        Ok(())
    }

    /// Record the draw (committed → drawn) and create its tasks, in one transaction.
    pub async fn record_draw(&self, id: i64, record: &str, tasks: &[NewTask], now: Ts) -> StoreResult<()> {
        with_db!(self, pool => {
            let mut tx = pool.begin_write().await?;
            let n = sqlx::query("UPDATE draw_plans SET state = 'drawn', record = $1, drawn_at = $2, updated_at = $2 \
                                 WHERE id = $3 AND state = 'committed'")
                .bind(record).bind(now).bind(id).execute(&mut *tx).await?.rows_affected();
            if n == 0 {
                return Err(StoreError::Rule("计划未处于已承诺状态 / the plan is not committed".into()));
            }
            for t in tasks {
                let tid: i64 = sqlx::query_scalar(
                    "INSERT INTO inspection_tasks (draw_plan_id, item_id, entity_id, entity_name, credit_code, cell_code, dept_id, \
                     state, created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, 'assigned', $8, $9, $9) RETURNING id")
                    .bind(t.draw_plan_id).bind(t.item_id).bind(t.entity_id).bind(&t.entity_name).bind(&t.credit_code)
                    .bind(&t.cell_code).bind(t.dept_id).bind(t.created_by).bind(now).fetch_one(&mut *tx).await?;
                for (pos, u) in t.inspectors.iter().enumerate() {
                    sqlx::query("INSERT INTO inspection_task_inspectors (task_id, user_id, position) VALUES ($1, $2, $3)")
                        .bind(tid).bind(u).bind(pos as i64).execute(&mut *tx).await?;
                }
            }
            tx.commit().await?;
        });
        Ok(())
    }

    /// Publish the results of a drawn plan: every task with a result becomes published (drawn → published when
    /// all tasks are). Returns how many tasks were published.
    pub async fn publish_draw_results(&self, id: i64, now: Ts) -> StoreResult<u64> {
        let n = with_db!(self, pool => {
            let mut tx = pool.begin_write().await?;
            let n = sqlx::query("UPDATE inspection_tasks SET state = 'published', published_at = $1, updated_at = $1 \
                                 WHERE draw_plan_id = $2 AND state = 'done'")
                .bind(now).bind(id).execute(&mut *tx).await?.rows_affected();
            let open: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM inspection_tasks WHERE draw_plan_id = $1 AND state <> 'published'")
                .bind(id).fetch_one(&mut *tx).await?;
            if open == 0 {
                sqlx::query("UPDATE draw_plans SET state = 'published', published_at = $1, updated_at = $1 WHERE id = $2 AND state = 'drawn'")
                    .bind(now).bind(id).execute(&mut *tx).await?;
            }
            tx.commit().await?;
            n
        });
        Ok(n)
    }

    /// Coverage of a year: (entities inspected with a result, entities in the registry).
    pub async fn draw_coverage(&self, year: i64) -> StoreResult<(i64, i64)> {
        let (start, end) = (format!("{year}-01-01"), format!("{}-01-01", year + 1));
        let start = NaiveDate::parse_from_str(&start, "%Y-%m-%d").map_err(|e| StoreError::Config(e.to_string()))?;
        let end = NaiveDate::parse_from_str(&end, "%Y-%m-%d").map_err(|e| StoreError::Config(e.to_string()))?;
        let inspected: i64 = with_db!(self, pool => sqlx::query_scalar(
            "SELECT COUNT(DISTINCT entity_id) FROM inspection_tasks WHERE outcome IS NOT NULL AND ended_on >= $1 AND ended_on < $2")
            .bind(start).bind(end).fetch_one(pool).await?);
        Ok((inspected, self.registry_count().await?))
    }

    // ---- tasks -----------------------------------------------------------------------------------------------

    /// Tasks in scope (optionally of one plan, or only the caller's own), newest first.
    pub async fn inspection_tasks(
        &self,
        filter: &Filter,
        plan: Option<i64>,
        mine: Option<i64>,
    ) -> StoreResult<Vec<TaskRow>> {
        let mut sql = format!("{} WHERE {}", task_select(), task_scope(filter));
        if let Some(p) = plan {
            sql.push_str(&format!(" AND t.draw_plan_id = {p}"));
        }
        if let Some(u) = mine {
            sql.push_str(&format!(" AND t.id IN (SELECT task_id FROM inspection_task_inspectors WHERE user_id = {u})"));
        }
        sql.push_str(" ORDER BY t.id DESC");
        let sql = self.fix_agg(&sql);
        Ok(with_db!(self, pool => sqlx::query_as::<_, TaskRow>(&sql).fetch_all(pool).await?))
    }

    /// The ordered name aggregate differs: STRING_AGG … ORDER BY (PostgreSQL), GROUP_CONCAT over an ordered subquery (SQLite).
    fn fix_agg(&self, sql: &str) -> String {
        match self.backend() {
            crate::Backend::Postgres => sql.replace(
                "AGG_NAMES",
                "SELECT STRING_AGG(u.display_name, '、' ORDER BY ti.position) FROM inspection_task_inspectors ti \
                 JOIN users u ON u.id = ti.user_id WHERE ti.task_id = t.id",
            ),
            crate::Backend::Sqlite => sql.replace(
                "AGG_NAMES",
                "SELECT GROUP_CONCAT(n, '、') FROM (SELECT u.display_name AS n FROM inspection_task_inspectors ti \
                 JOIN users u ON u.id = ti.user_id WHERE ti.task_id = t.id ORDER BY ti.position)",
            ),
        }
    }

    /// One task in scope.
    pub async fn inspection_task(&self, filter: &Filter, id: i64) -> StoreResult<TaskRow> {
        let sql = self.fix_agg(&format!("{} WHERE t.id = $1 AND {}", task_select(), task_scope(filter)));
        with_db!(self, pool => sqlx::query_as::<_, TaskRow>(&sql).bind(id).fetch_optional(pool).await?)
            .ok_or(StoreError::NotFound)
    }

    /// The inspectors of a task in order.
    pub async fn task_inspectors(&self, id: i64) -> StoreResult<Vec<i64>> {
        Ok(with_db!(self, pool => sqlx::query_scalar(
            "SELECT user_id FROM inspection_task_inspectors WHERE task_id = $1 ORDER BY position")
            .bind(id).fetch_all(pool).await?))
    }

    /// Create an ad-hoc task.
    pub async fn create_task(&self, t: &NewTask, now: Ts) -> StoreResult<i64> {
        Ok(with_db!(self, pool => {
            let mut tx = pool.begin_write().await?;
            let tid: i64 = sqlx::query_scalar(
                "INSERT INTO inspection_tasks (draw_plan_id, item_id, entity_id, entity_name, credit_code, cell_code, dept_id, \
                 state, created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, 'assigned', $8, $9, $9) RETURNING id")
                .bind(t.draw_plan_id).bind(t.item_id).bind(t.entity_id).bind(&t.entity_name).bind(&t.credit_code)
                .bind(&t.cell_code).bind(t.dept_id).bind(t.created_by).bind(now).fetch_one(&mut *tx).await?;
            for (pos, u) in t.inspectors.iter().enumerate() {
                sqlx::query("INSERT INTO inspection_task_inspectors (task_id, user_id, position) VALUES ($1, $2, $3)")
                    .bind(tid).bind(u).bind(pos as i64).execute(&mut *tx).await?;
            }
            tx.commit().await?;
            tid
        }))
    }

    /// Tasks whose result is entered but not yet published, with the day the inspection ended and the stored
    /// publication due date — what is recomputed when a calendar year changes.
    pub async fn unpublished_task_dues(&self) -> StoreResult<Vec<(i64, NaiveDate, Option<NaiveDate>)>> {
        Ok(with_db!(self, pool => sqlx::query_as(
            "SELECT id, ended_on, publish_due_on FROM inspection_tasks WHERE state = 'done' AND ended_on IS NOT NULL \
             ORDER BY id")
            .fetch_all(pool).await?))
    }

    /// Store a recomputed publication due date.
    pub async fn set_task_publish_due(&self, id: i64, due: NaiveDate, now: Ts) -> StoreResult<()> {
        with_db!(self, pool => sqlx::query(
            "UPDATE inspection_tasks SET publish_due_on = $1, updated_at = $2 WHERE id = $3 AND state = 'done'")
            .bind(due).bind(now).bind(id).execute(pool).await?.rows_affected());
        Ok(())
    }

    /// Save a task's checklist, notes and result, from the state read.
    pub async fn update_task(&self, id: i64, from_state: &str, u: &TaskUpdate, now: Ts) -> StoreResult<()> {
        let n = with_db!(self, pool => sqlx::query(
            "UPDATE inspection_tasks SET answers = $1, notes = $2, outcome = $3, follow_up = $4, state = $5, ended_on = $6, \
             publish_due_on = $7, updated_at = $8 WHERE id = $9 AND state = $10")
            .bind(&u.answers).bind(&u.notes).bind(&u.outcome).bind(&u.follow_up).bind(&u.state).bind(u.ended_on)
            .bind(u.publish_due_on).bind(now).bind(id).bind(from_state).execute(pool).await?.rows_affected());
        if n == 0 {
            return Err(StoreError::Rule("任务已被他人更新，请刷新 / the task changed meanwhile; reload".into()));
        }
        Ok(())
    }

    /// Link the matter opened from a task's finding (once).
    pub async fn link_task_matter(&self, id: i64, matter_id: i64, now: Ts) -> StoreResult<()> {
        let n = with_db!(self, pool => sqlx::query(
            "UPDATE inspection_tasks SET matter_id = $1, updated_at = $2 WHERE id = $3 AND matter_id IS NULL")
            .bind(matter_id).bind(now).bind(id).execute(pool).await?.rows_affected());
        if n == 0 {
            return Err(StoreError::Rule("该任务已关联事项 / the task already opened a matter".into()));
        }
        Ok(())
    }

    /// Tasks linked to a matter (the matter's side of the link).
    pub async fn tasks_of_matter(&self, matter_id: i64) -> StoreResult<Vec<(i64, String)>> {
        Ok(with_db!(self, pool => sqlx::query_as::<_, (i64, String)>(
            "SELECT id, entity_name FROM inspection_tasks WHERE matter_id = $1 ORDER BY id").bind(matter_id).fetch_all(pool).await?))
    }

    /// Attach a photo (evidence) to a task.
    pub async fn add_task_photo(&self, id: i64, evidence_id: i64) -> StoreResult<()> {
        with_db!(self, pool => sqlx::query("INSERT INTO inspection_task_photos (task_id, evidence_id) VALUES ($1, $2)")
            .bind(id).bind(evidence_id).execute(pool).await?.rows_affected());
        Ok(())
    }

    /// The photo evidence ids of a task.
    pub async fn task_photos(&self, id: i64) -> StoreResult<Vec<i64>> {
        Ok(with_db!(self, pool => sqlx::query_scalar(
            "SELECT evidence_id FROM inspection_task_photos WHERE task_id = $1 ORDER BY evidence_id").bind(id).fetch_all(pool).await?))
    }

    /// Tasks with a result not published by their due date (overdue), in scope.
    pub async fn overdue_tasks(&self, filter: &Filter, today: NaiveDate) -> StoreResult<i64> {
        let sql = format!(
            "SELECT COUNT(*) FROM inspection_tasks t WHERE t.state = 'done' AND t.publish_due_on < $1 AND {}",
            task_scope(filter)
        );
        Ok(with_db!(self, pool => sqlx::query_scalar(&sql).bind(today).fetch_one(pool).await?))
    }

    // ---- events ----------------------------------------------------------------------------------------------

    /// Create an event (stage 信息收集) with its first step.
    pub async fn create_grid_event(&self, e: &NewEvent, actor: &str, now: Ts) -> StoreResult<EventRow> {
        let id = with_db!(self, pool => {
            let mut tx = pool.begin_write().await?;
            let seq: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) + 1 FROM grid_events").fetch_one(&mut *tx).await?;
            let no = format!("WG-{}-{seq:06}", now.0.format("%Y"));
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO grid_events (event_no, source, category, description, address, lon, lat, area_code, cell_code, \
                 reporter_name, reporter_phone, reporter_id, dept_id, stage, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 'collected', $14, $14) RETURNING id")
                .bind(&no).bind(&e.source).bind(&e.category).bind(&e.description).bind(&e.address).bind(e.lon).bind(e.lat)
                .bind(&e.area_code).bind(&e.cell_code).bind(&e.reporter_name).bind(&e.reporter_phone).bind(e.reporter_id)
                .bind(e.dept_id).bind(now).fetch_one(&mut *tx).await?;
            sqlx::query("INSERT INTO grid_event_steps (event_id, step, from_stage, to_stage, post, actor_id, actor_name, created_at) \
                         VALUES ($1, 'report', '', 'collected', 'supervisor', $2, $3, $4)")
                .bind(id).bind(e.reporter_id).bind(actor).bind(now).execute(&mut *tx).await?;
            tx.commit().await?;
            id
        });
        self.grid_event(&Filter::All, id).await
    }

    /// Events in scope (optionally in one stage), newest first.
    pub async fn grid_events(&self, filter: &Filter, stage: Option<&str>) -> StoreResult<Vec<EventRow>> {
        let mut sql = format!("{EVENT_SELECT} WHERE {}", event_scope(filter));
        if stage.is_some() {
            sql.push_str(" AND e.stage = $1");
        }
        sql.push_str(" ORDER BY e.id DESC");
        Ok(with_db!(self, pool => {
            let mut q = sqlx::query_as::<_, EventRow>(&sql);
            if let Some(s) = stage { q = q.bind(s); }
            q.fetch_all(pool).await?
        }))
    }

    /// One event in scope.
    pub async fn grid_event(&self, filter: &Filter, id: i64) -> StoreResult<EventRow> {
        let sql = format!("{EVENT_SELECT} WHERE e.id = $1 AND {}", event_scope(filter));
        with_db!(self, pool => sqlx::query_as::<_, EventRow>(&sql).bind(id).fetch_optional(pool).await?)
            .ok_or(StoreError::NotFound)
    }

    /// The steps of an event, oldest first.
    pub async fn grid_event_steps(&self, id: i64) -> StoreResult<Vec<StepRow>> {
        Ok(with_db!(self, pool => sqlx::query_as::<_, StepRow>(
            "SELECT id, event_id, step, from_stage, to_stage, post, actor_id, actor_name, note, on_time, created_at \
             FROM grid_event_steps WHERE event_id = $1 ORDER BY id").bind(id).fetch_all(pool).await?))
    }

    /// Every step of the events in scope (for the evaluation).
    pub async fn grid_steps_all(&self, filter: &Filter) -> StoreResult<Vec<StepRow>> {
        let sql = format!(
            "SELECT s.id, s.event_id, s.step, s.from_stage, s.to_stage, s.post, s.actor_id, s.actor_name, s.note, s.on_time, \
             s.created_at FROM grid_event_steps s JOIN grid_events e ON e.id = s.event_id WHERE {} ORDER BY s.id",
            event_scope(filter)
        );
        Ok(with_db!(self, pool => sqlx::query_as::<_, StepRow>(&sql).fetch_all(pool).await?))
    }

    /// Take a step from the stage read (optimistic): the event's new values and the step, in one transaction.
    pub async fn grid_event_step(&self, id: i64, w: &StepWrite, now: Ts) -> StoreResult<()> {
        with_db!(self, pool => {
            let mut tx = pool.begin_write().await?;
            let n = sqlx::query(
                "UPDATE grid_events SET stage = $1, handler_dept = COALESCE($2, handler_dept), due_on = COALESCE($3, due_on), \
                 reworks = reworks + $4, handled_on_time = COALESCE($5, handled_on_time), score = COALESCE($6, score), \
                 updated_at = $7 WHERE id = $8 AND stage = $9")
                .bind(&w.to_stage).bind(w.handler_dept).bind(w.due_on).bind(i64::from(w.rework)).bind(w.handled_on_time)
                .bind(w.score).bind(now).bind(id).bind(&w.from_stage).execute(&mut *tx).await?.rows_affected();
            if n == 0 {
                return Err(StoreError::Rule("事件已被他人处理，请刷新 / the event moved meanwhile; reload".into()));
            }
            sqlx::query("INSERT INTO grid_event_steps (event_id, step, from_stage, to_stage, post, actor_id, actor_name, note, on_time, created_at) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)")
                .bind(id).bind(&w.step).bind(&w.from_stage).bind(&w.to_stage).bind(&w.post).bind(w.actor_id)
                .bind(&w.actor_name).bind(&w.note).bind(w.on_time).bind(now).execute(&mut *tx).await?;
            tx.commit().await?;
        });
        Ok(())
    }

    // ---- joint actions ---------------------------------------------------------------------------------------

    /// Joint actions in scope (optionally of a year), by start date.
    pub async fn joint_actions(&self, filter: &Filter, year: Option<i64>) -> StoreResult<Vec<JointRow>> {
        let mut sql = format!(
            "SELECT {JOINT_COLS} FROM joint_actions WHERE {}",
            scope::sql(filter, "dept_id", Some("created_by"))
        );
        if let Some(y) = year {
            sql.push_str(&format!(" AND year = {y}"));
        }
        sql.push_str(" ORDER BY start_on, id");
        Ok(with_db!(self, pool => sqlx::query_as::<_, JointRow>(&sql).fetch_all(pool).await?))
    }

    /// One joint action in scope.
    pub async fn joint_action(&self, filter: &Filter, id: i64) -> StoreResult<JointRow> {
        let sql = format!(
            "SELECT {JOINT_COLS} FROM joint_actions WHERE id = $1 AND {}",
            scope::sql(filter, "dept_id", Some("created_by"))
        );
        with_db!(self, pool => sqlx::query_as::<_, JointRow>(&sql).bind(id).fetch_optional(pool).await?)
            .ok_or(StoreError::NotFound)
    }

    /// Create or (with `id`) update a joint action.
    pub async fn save_joint_action(&self, id: Option<i64>, w: &JointWrite, by: i64, now: Ts) -> StoreResult<i64> {
        Ok(match id {
            None => with_db!(self, pool => sqlx::query_scalar::<_, i64>(
                "INSERT INTO joint_actions (year, title, plan, depts, cells, start_on, end_on, state, results, dept_id, created_by, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) RETURNING id")
                .bind(w.year).bind(&w.title).bind(&w.plan).bind(&w.depts).bind(&w.cells).bind(w.start_on).bind(w.end_on)
                .bind(&w.state).bind(&w.results).bind(w.dept_id).bind(by).bind(now).fetch_one(pool).await?),
            Some(id) => {
                with_db!(self, pool => sqlx::query(
                    "UPDATE joint_actions SET year = $1, title = $2, plan = $3, depts = $4, cells = $5, start_on = $6, end_on = $7, \
                     state = $8, results = $9, dept_id = $10, updated_at = $11 WHERE id = $12")
                    .bind(w.year).bind(&w.title).bind(&w.plan).bind(&w.depts).bind(&w.cells).bind(w.start_on).bind(w.end_on)
                    .bind(&w.state).bind(&w.results).bind(w.dept_id).bind(now).bind(id).execute(pool).await?.rows_affected());
                id
            }
        })
    }
}
