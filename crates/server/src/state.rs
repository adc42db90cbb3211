//! Shared application state.

use chrono::Duration;
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::Arc;
use zhibao_domain::security::{LockoutPolicy, PasswordPolicy, SessionPolicy};
use zhibao_store::Store;

use crate::config::Settings;
use crate::metrics::Metrics;

/// Everything handlers share; cheap to clone.
#[derive(Clone)]
pub struct AppState(Arc<Inner>);

/// The shared parts.
pub struct Inner {
    /// Storage.
    pub store: Store,
    /// Settings.
    pub settings: Settings,
    /// Per-IP login limiter.
    pub login_limiter: DefaultKeyedRateLimiter<IpAddr>,
    /// Prometheus metrics.
    pub metrics: Metrics,
    /// Password policy.
    pub password_policy: PasswordPolicy,
    /// Lockout policy.
    pub lockout: LockoutPolicy,
    /// Session policy.
    pub session_policy: SessionPolicy,
}

impl std::ops::Deref for AppState {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}

impl AppState {
    /// Build the state from a connected store and settings.
    pub fn new(store: Store, settings: Settings) -> Self {
        let per_min = NonZeroU32::new(settings.security.login_attempts_per_minute.max(1)).unwrap_or(NonZeroU32::MIN);
        let sec = &settings.security;
        let lockout = LockoutPolicy { max_failures: sec.lockout_failures.max(1), lock_for: Duration::minutes(sec.lockout_minutes) };
        let session_policy = SessionPolicy {
            idle: Duration::minutes(sec.session_idle_minutes),
            absolute: Duration::hours(sec.session_absolute_hours),
        };
        AppState(Arc::new(Inner {
            store,
            login_limiter: RateLimiter::keyed(Quota::per_minute(per_min)),
            metrics: Metrics::new(),
            password_policy: PasswordPolicy::default(),
            lockout,
            session_policy,
            settings,
        }))
    }
}
