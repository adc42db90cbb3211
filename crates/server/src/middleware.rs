//! Request observation: Prometheus metrics for every request, and the operation log (操作日志) for every
//! state-changing API request — who, what, target, when, IP, result and duration. Bodies are never logged, so
//! passwords and other secrets cannot reach the log.

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use chrono::Utc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Instant;
use zhibao_store::logs::{Audit, NewOpLog};
use zhibao_store::Ts;

use crate::auth::ActorSlot;
use crate::extract::client_ip;
use crate::metrics::HttpLabels;
use crate::state::AppState;

/// Module and target id of an API path: `/api/v1/system/users/12/password` → (`system/users`, `12`).
pub fn module_and_target(path: &str) -> (String, Option<String>) {
    let rest = path.trim_start_matches("/api/v1/").trim_start_matches("/api/");
    let segs: Vec<&str> = rest.split('/').filter(|s| !s.is_empty()).collect();
    let target = segs.iter().find(|s| s.chars().all(|c| c.is_ascii_digit())).map(|s| s.to_string());
    let module: Vec<&str> =
        segs.iter().take_while(|s| !s.chars().all(|c| c.is_ascii_digit())).take(2).copied().collect();
    (module.join("/"), target)
}

/// The action name for the log (Chinese, as the console shows it).
pub fn action(method: &str, path: &str) -> &'static str {
    if path.ends_with("/import") {
        "导入"
    } else if path.ends_with("/login") {
        "登录"
    } else if path.ends_with("/logout") {
        "退出"
    } else if path.contains("password") {
        "修改密码"
    } else {
        match method {
            "POST" => "新增",
            "PUT" | "PATCH" => "修改",
            "DELETE" => "删除",
            _ => "其他",
        }
    }
}

/// A state-changing request's operation-log entry, drafted by [`observe`] before the handler runs. A handler
/// whose change is written by a writer that can take the entry into the same transaction (public intake:
/// `casework::intake::create`) takes it with [`OpLogDraft::audit`] and calls [`OpLogDraft::written`] once that
/// transaction has committed; the middleware then writes nothing. Otherwise — the handler did not take it, or its
/// write failed and rolled the entry back — the middleware writes the entry as usual, after the response.
#[derive(Clone)]
pub struct OpLogDraft(Arc<Draft>);

struct Draft {
    entry: NewOpLog,
    started: Instant,
    actor: ActorSlot,
    written: AtomicBool,
}

impl OpLogDraft {
    /// The entry for a write that will answer `status`, with the request's actor, for the store to write.
    pub fn audit(&self, status: u16) -> Audit {
        let mut entry = self.0.entry.clone();
        if let Some((id, name, dept)) = self.0.actor.get() {
            (entry.user_id, entry.username, entry.dept_id) = (Some(id), Some(name), Some(dept));
        }
        entry.status_code = i64::from(status);
        Audit { entry, started: self.0.started }
    }

    /// The entry from [`OpLogDraft::audit`] has been committed with the change.
    pub fn written(&self) {
        self.0.written.store(true, Ordering::Release);
    }
}

/// The middleware.
pub async fn observe(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let start = Instant::now();
    let method = req.method().clone();
    let path = req.uri().path().to_string();
    let ip = client_ip(req.headers(), req.extensions(), &state);
    let slot = ActorSlot::default();
    req.extensions_mut().insert(slot.clone());
    let writes = !matches!(method.as_str(), "GET" | "HEAD" | "OPTIONS");
    let draft = (writes && path.starts_with("/api/")).then(|| {
        let (module, target) = module_and_target(&path);
        let entry = NewOpLog {
            user_id: None,
            username: None,
            dept_id: None,
            method: method.to_string(),
            action: action(method.as_str(), &path).to_string(),
            path: path.chars().take(300).collect(),
            module,
            target,
            ip: Some(ip.to_string()),
            status_code: 0,
            duration_ms: 0,
            at: Ts::new(Utc::now()),
        };
        OpLogDraft(Arc::new(Draft { entry, started: start, actor: slot.clone(), written: AtomicBool::new(false) }))
    });
    if let Some(d) = &draft {
        req.extensions_mut().insert(d.clone());
    }
    let resp = next.run(req).await;
    let elapsed = start.elapsed();
    let labels = HttpLabels { method: method.to_string(), status: resp.status().as_u16() };
    state.metrics.requests.get_or_create(&labels).inc();
    state.metrics.durations.get_or_create(&labels).observe(elapsed.as_secs_f64());
    if let Some(d) = draft.filter(|d| !d.0.written.load(Ordering::Acquire)) {
        let mut entry = d.audit(resp.status().as_u16()).entry;
        entry.duration_ms = i64::try_from(elapsed.as_millis()).unwrap_or(i64::MAX);
        entry.at = Ts::new(Utc::now());
        if let Err(e) = state.oplog_writer().write(entry).await {
            tracing::error!(error = %e, "could not write the operation log");
        }
    }
    resp
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modules_and_targets() {
        assert_eq!(module_and_target("/api/v1/system/users/12/password"), ("system/users".into(), Some("12".into())));
        assert_eq!(module_and_target("/api/v1/auth/login"), ("auth/login".into(), None));
        assert_eq!(action("PUT", "/api/v1/system/users/12/password"), "修改密码");
        assert_eq!(action("DELETE", "/api/v1/system/roles/3"), "删除");
    }
}
