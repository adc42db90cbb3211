//! Settings: built-in defaults, then an optional TOML file, then environment variables
//! `ZHIBAO__SECTION__KEY` (e.g. `ZHIBAO__SERVER__BIND=0.0.0.0:8080`). Loading never writes a file.

use figment::providers::{Env, Format, Toml};
use figment::Figment;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The built-in defaults, documented in the README's configuration reference.
pub const DEFAULTS: &str = include_str!("defaults.toml");

/// All settings.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// HTTP server.
    pub server: ServerSettings,
    /// Database.
    pub database: DatabaseSettings,
    /// Accounts and sessions.
    pub security: SecuritySettings,
    /// The case desk.
    pub cases: CasesSettings,
    /// The evidence ledger.
    pub ledger: LedgerSettings,
    /// The evidence store.
    pub evidence: EvidenceSettings,
    // patents (issue 5, patents core)
    /// Patent information: the search index.
    #[serde(default)]
    pub patents: PatentsSettings,
}

/// Patent information settings (issue 5, see `defaults.toml`).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct PatentsSettings {
    /// Folder of the patent search index; empty = `<data-dir>/patents-index`.
    pub index_dir: String,
    /// Largest patent upload in bytes (larger → 413); 0 = `server.max_body_bytes`.
    pub max_upload_bytes: usize,
}

/// Evidence ledger settings (see `defaults.toml`).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LedgerSettings {
    /// `sha256` or `sm3`.
    pub hash_alg: String,
    /// Checkpoint origin line.
    pub origin: String,
    /// Folder of signing keys; empty = `<data-dir>/keys`.
    pub keys_dir: String,
    /// Longest time between checkpoints.
    pub checkpoint_interval_secs: u64,
    /// Leaves per append transaction.
    pub batch_size: i64,
}

/// Evidence store settings (see `defaults.toml`).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct EvidenceSettings {
    /// Empty, a folder, or `s3://bucket/prefix`.
    pub store: String,
    /// Largest evidence file.
    pub max_bytes: usize,
    /// External TSA URL; empty = our own.
    pub tsa_url: String,
}

/// Case desk settings.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CasesSettings {
    /// Folder of uploaded files; empty = `<data-dir>/files`.
    pub files_dir: String,
    /// Largest attachment in bytes (larger → 413); keep it below `server.max_body_bytes`.
    pub max_attachment_bytes: usize,
    /// Remind the responsible officer this many working days before a clock is due.
    pub reminder_workdays: u32,
}

/// HTTP server settings.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ServerSettings {
    /// Listen address.
    pub bind: String,
    /// Largest accepted request body in bytes (larger → 413).
    pub max_body_bytes: usize,
    /// Take the client address from `X-Forwarded-For` and the scheme from `X-Forwarded-Proto` (behind a proxy).
    pub trust_proxy: bool,
    /// Mark cookies `Secure` always (set when served over https).
    pub secure_cookies: bool,
    /// Serve the web console from this folder instead of the embedded copy.
    #[serde(default)]
    pub web_dir: Option<PathBuf>,
}

/// Database settings.
#[derive(Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DatabaseSettings {
    /// `sqlite://…` or `postgres://…`; empty means `sqlite://<data-dir>/zhibao.db`.
    pub url: String,
    /// Pool size.
    pub max_connections: u32,
}

impl std::fmt::Debug for DatabaseSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DatabaseSettings")
            .field("url", &redact_url(&self.url))
            .field("max_connections", &self.max_connections)
            .finish()
    }
}

/// The URL with any password replaced by `***` (for logs).
pub fn redact_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            match creds.split_once(':') {
                Some((user, _)) => format!("{}{}:***{}", &url[..s + 3], user, &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

/// Account and session security settings.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SecuritySettings {
    /// Session ends after this many idle minutes.
    pub session_idle_minutes: i64,
    /// Session ends this many hours after login.
    pub session_absolute_hours: i64,
    /// Failed logins in a row that lock an account.
    pub lockout_failures: u32,
    /// Minutes a locked account stays locked.
    pub lockout_minutes: i64,
    /// Login attempts allowed per client address per minute.
    pub login_attempts_per_minute: u32,
    /// Public filings and status lookups allowed per client address per minute.
    pub public_requests_per_minute: u32,
    /// Require the TOTP second factor for roles marked `require_totp` (administrators).
    pub require_totp_for_admin: bool,
}

impl Settings {
    /// Defaults, then `file` (if given and present), then the environment.
    pub fn load(file: Option<&Path>) -> Result<Settings, Box<figment::Error>> {
        let mut fig = Figment::from(Toml::string(DEFAULTS));
        if let Some(f) = file {
            fig = fig.merge(Toml::file_exact(f));
        }
        fig.merge(Env::prefixed("ZHIBAO__").split("__")).extract().map_err(Box::new)
    }

    /// Defaults only (for tests, which then adjust fields in code).
    pub fn for_test() -> Settings {
        Figment::from(Toml::string(DEFAULTS)).extract().unwrap_or_else(|e| panic!("built-in defaults must parse: {e}"))
    }

    /// The database URL, defaulting to a SQLite file in `data_dir`.
    pub fn database_url(&self, data_dir: &Path) -> String {
        if self.database.url.trim().is_empty() {
            format!("sqlite://{}", data_dir.join("zhibao.db").display())
        } else {
            self.database.url.clone()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redacts_passwords() {
        assert_eq!(redact_url("postgres://u:secret@h/db"), "postgres://u:***@h/db");
        assert_eq!(redact_url("sqlite:///tmp/x.db"), "sqlite:///tmp/x.db");
        assert!(
            !format!("{:?}", DatabaseSettings { url: "postgres://a:pw@h/d".into(), max_connections: 1 }).contains("pw")
        );
    }

    #[test]
    fn defaults_parse() {
        let s = Settings::for_test();
        assert_eq!(s.server.bind, "127.0.0.1:8080");
        assert_eq!(s.security.lockout_failures, 5);
    }
}
