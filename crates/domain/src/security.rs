//! Account security rules in the habits of 等保2.0 level 3 (GB/T 22239-2019 §8.1.4.1 身份鉴别): password complexity,
//! lockout after repeated failures, and session expiry. Every number is a field of a policy struct so deployments
//! can tighten it in configuration; the defaults are the values the foundation issue names.

use chrono::{DateTime, Duration, Utc};

use crate::validate::ValidationError;

/// Password complexity (口令复杂度).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PasswordPolicy {
    /// Minimum length in characters.
    pub min_len: usize,
    /// How many of the four classes (lower, upper, digit, symbol) must occur.
    pub min_classes: usize,
}

impl Default for PasswordPolicy {
    fn default() -> Self {
        Self { min_len: 8, min_classes: 3 }
    }
}

impl PasswordPolicy {
    /// Check a new password; `username` may not appear in it.
    pub fn check(&self, password: &str, username: &str) -> Result<(), ValidationError> {
        if password.chars().count() < self.min_len || password.chars().count() > 128 {
            return Err(ValidationError::Length { min: self.min_len, max: 128 });
        }
        let classes = [
            password.chars().any(|c| c.is_ascii_lowercase()),
            password.chars().any(|c| c.is_ascii_uppercase()),
            password.chars().any(|c| c.is_ascii_digit()),
            password.chars().any(|c| !c.is_ascii_alphanumeric()),
        ]
        .iter()
        .filter(|b| **b)
        .count();
        if classes < self.min_classes {
            return Err(ValidationError::Format("密码须包含大写字母、小写字母、数字、符号中的至少三类"));
        }
        if !username.is_empty() && password.to_lowercase().contains(&username.to_lowercase()) {
            return Err(ValidationError::Format("密码不能包含用户名"));
        }
        Ok(())
    }
}

/// Lockout after failed logins (登录失败处理).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LockoutPolicy {
    /// Failures in a row that lock the account.
    pub max_failures: u32,
    /// How long the lock lasts.
    pub lock_for: Duration,
}

impl Default for LockoutPolicy {
    fn default() -> Self {
        Self { max_failures: 5, lock_for: Duration::minutes(15) }
    }
}

/// An account's failure counter and lock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LockState {
    /// Failures since the last success.
    pub failures: u32,
    /// Locked until this instant, if locked.
    pub locked_until: Option<DateTime<Utc>>,
}

impl LockoutPolicy {
    /// True while the account is locked at `now`.
    pub fn is_locked(&self, s: &LockState, now: DateTime<Utc>) -> bool {
        s.locked_until.is_some_and(|t| now < t)
    }
    /// The state after one more failure at `now`. A lock that has expired starts a fresh count.
    pub fn on_failure(&self, s: &LockState, now: DateTime<Utc>) -> LockState {
        let base = if s.locked_until.is_some_and(|t| now >= t) { 0 } else { s.failures };
        let failures = base + 1;
        if failures >= self.max_failures {
            LockState { failures, locked_until: Some(now + self.lock_for) }
        } else {
            LockState { failures, locked_until: None }
        }
    }
}

/// Session expiry (会话超时).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionPolicy {
    /// Ends after this long without a request.
    pub idle: Duration,
    /// Ends this long after login, whatever the activity.
    pub absolute: Duration,
}

impl Default for SessionPolicy {
    fn default() -> Self {
        Self { idle: Duration::minutes(30), absolute: Duration::hours(8) }
    }
}

impl SessionPolicy {
    /// True while a session created at `created` and last used at `last_seen` is alive at `now`.
    pub fn is_alive(&self, created: DateTime<Utc>, last_seen: DateTime<Utc>, now: DateTime<Utc>) -> bool {
        now < created + self.absolute && now < last_seen + self.idle
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn t(min: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 1, 5, 8, 0, 0).single().map(|d| d + Duration::minutes(min)).unwrap_or_default()
    }

    #[test]
    fn password_classes() {
        let p = PasswordPolicy::default();
        assert!(p.check("Zhibao@2026", "admin").is_ok());
        assert!(p.check("zhibao2026", "admin").is_err(), "two classes");
        assert!(p.check("Zb@1", "admin").is_err(), "too short");
        assert!(p.check("Admin@2026", "admin").is_err(), "contains the username");
        assert!(p.check("密码密码Ab1!", "x").is_ok(), "non-ASCII counts as a symbol");
    }

    #[test]
    fn lockout_after_five_and_expiry() {
        let p = LockoutPolicy::default();
        let mut s = LockState::default();
        for i in 0..4 {
            s = p.on_failure(&s, t(i));
            assert!(!p.is_locked(&s, t(i)));
        }
        s = p.on_failure(&s, t(4));
        assert!(p.is_locked(&s, t(5)));
        assert!(p.is_locked(&s, t(18)));
        assert!(!p.is_locked(&s, t(19)), "15 minutes after the fifth failure");
        let after = p.on_failure(&s, t(20));
        assert_eq!(after.failures, 1, "an expired lock starts a fresh count");
    }

    #[test]
    fn session_idle_and_absolute() {
        let p = SessionPolicy::default();
        assert!(p.is_alive(t(0), t(0), t(29)));
        assert!(!p.is_alive(t(0), t(0), t(30)));
        assert!(p.is_alive(t(0), t(470), t(479)));
        assert!(!p.is_alive(t(0), t(479), t(480)), "8 hours absolute");
    }
}
