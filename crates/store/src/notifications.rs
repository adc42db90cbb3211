//! In-app notifications (站内提醒): clock reminders and 督办 escalations, per recipient, each at most once per clock
//! and due date (the unique key makes the sweep idempotent).

use chrono::NaiveDate;
use serde::Serialize;

use crate::{with_db, Store, StoreError, StoreResult, Ts};

/// A notification.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Notification {
    /// Id.
    pub id: i64,
    /// `reminder` (due soon) or `overdue` (missed, escalated).
    pub kind: String,
    /// Matter.
    pub matter_id: i64,
    /// Receipt number of the matter.
    pub receipt_no: String,
    /// Clock key.
    pub clock_key: String,
    /// Due date of the clock.
    pub due_on: NaiveDate,
    /// Title.
    pub title: String,
    /// Text.
    pub body: String,
    /// Created.
    pub created_at: Ts,
    /// Read, if read.
    pub read_at: Option<Ts>,
}

/// A notification to create.
#[derive(Debug, Clone)]
pub struct NewNotification {
    /// Recipient.
    pub user_id: i64,
    /// Kind.
    pub kind: &'static str,
    /// Matter.
    pub matter_id: i64,
    /// Clock key.
    pub clock_key: String,
    /// Due date.
    pub due_on: NaiveDate,
    /// Title.
    pub title: String,
    /// Text.
    pub body: String,
}

impl Store {
    /// Create notifications, skipping those already sent; returns how many are new.
    pub async fn notify(&self, items: &[NewNotification], now: Ts) -> StoreResult<u64> {
        let mut n = 0;
        with_db!(self, pool => {
            let mut tx = pool.begin_write().await?;
            for i in items {
                n += sqlx::query(
                    "INSERT INTO notifications (user_id, kind, matter_id, clock_key, due_on, title, body, created_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
                     ON CONFLICT (user_id, kind, matter_id, clock_key, due_on) DO NOTHING")
                    .bind(i.user_id).bind(i.kind).bind(i.matter_id).bind(&i.clock_key).bind(i.due_on)
                    .bind(&i.title).bind(&i.body).bind(now)
                    .execute(&mut *tx).await?.rows_affected();
            }
            tx.commit().await?;
        });
        Ok(n)
    }

    /// A user's notifications, newest first (unread only when asked), at most `limit`.
    pub async fn notifications(&self, user_id: i64, unread_only: bool, limit: i64) -> StoreResult<Vec<Notification>> {
        Ok(with_db!(self, pool => sqlx::query_as::<_, Notification>(
            "SELECT n.id, n.kind, n.matter_id, m.receipt_no, n.clock_key, n.due_on, n.title, n.body, n.created_at, n.read_at \
             FROM notifications n JOIN matters m ON m.id = n.matter_id \
             WHERE n.user_id = $1 AND ($2 = FALSE OR n.read_at IS NULL) ORDER BY n.id DESC LIMIT $3")
            .bind(user_id).bind(unread_only).bind(limit.clamp(1, 500)).fetch_all(pool).await?))
    }

    /// Unread notifications of a user.
    pub async fn unread_notifications(&self, user_id: i64) -> StoreResult<i64> {
        Ok(with_db!(self, pool => sqlx::query_scalar::<_, i64>(
            "SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND read_at IS NULL")
            .bind(user_id).fetch_one(pool).await?))
    }

    /// Mark one of the user's notifications read (`None` = all of them).
    pub async fn mark_notifications_read(&self, user_id: i64, id: Option<i64>, now: Ts) -> StoreResult<u64> {
        let n = with_db!(self, pool => sqlx::query(
            "UPDATE notifications SET read_at = $1 WHERE user_id = $2 AND read_at IS NULL AND ($3 IS NULL OR id = $3)")
            .bind(now).bind(user_id).bind(id).execute(pool).await?.rows_affected());
        if id.is_some() && n == 0 {
            // Either not the user's, or already read: tell them apart without revealing others' rows.
            let exists = with_db!(self, pool => sqlx::query_scalar::<_, i64>(
                "SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND id = $2")
                .bind(user_id).bind(id).fetch_one(pool).await?);
            if exists == 0 {
                return Err(StoreError::NotFound);
            }
        }
        Ok(n)
    }

    /// Active users who supervise a department's matters: holders of `permission` (or the administrator's wildcard)
    /// in the department or any ancestor of it (督办 goes up the tree).
    pub async fn supervisors_of(&self, dept_id: i64, permission: &str) -> StoreResult<Vec<i64>> {
        Ok(with_db!(self, pool => sqlx::query_scalar::<_, i64>(
            "SELECT DISTINCT u.id FROM users u JOIN user_roles ur ON ur.user_id = u.id \
             JOIN roles r ON r.id = ur.role_id AND r.status = 'active' \
             JOIN role_permissions rp ON rp.role_id = r.id AND rp.permission IN ($1, '*:*:*') \
             JOIN depts d ON d.id = $2 \
             WHERE u.status = 'active' AND (u.dept_id = d.id OR (',' || d.ancestors || ',') LIKE '%,' || u.dept_id || ',%') \
             ORDER BY u.id")
            .bind(permission).bind(dept_id).fetch_all(pool).await?))
    }
}
