//! Throwaway databases for tests: a temporary SQLite file, or a fresh PostgreSQL database created on the server
//! named by `TEST_DATABASE_URL` (default `postgres://postgres@127.0.0.1:5432/test`) and dropped afterwards.
//! PostgreSQL tests fail loudly when the server does not answer — they are never skipped silently; the README's
//! test command starts a server when none is running.

use crate::{Backend, ConnectOptions, Store, StoreResult};
use sqlx::Connection;

/// The PostgreSQL server used by tests.
pub fn postgres_admin_url() -> String {
    std::env::var("TEST_DATABASE_URL").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into())
}

/// A database that exists for the life of this value.
pub struct TestDb {
    /// URL to connect to.
    pub url: String,
    backend: Backend,
    name: String,
    _dir: Option<tempfile::TempDir>,
}

impl TestDb {
    /// A fresh database of the given backend.
    pub async fn new(backend: Backend) -> TestDb {
        match backend {
            Backend::Sqlite => {
                let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
                let url = format!("sqlite://{}", dir.path().join("test.db").display());
                TestDb { url, backend, name: String::new(), _dir: Some(dir) }
            }
            Backend::Postgres => {
                let admin = postgres_admin_url();
                let name = format!("zb_test_{}", uuid::Uuid::new_v4().simple());
                let mut conn = sqlx::PgConnection::connect(&admin).await.unwrap_or_else(|e| {
                    panic!(
                        "PostgreSQL at {admin} does not answer ({e}); run the README's test command, which starts one"
                    )
                });
                sqlx::query(&format!("CREATE DATABASE {name}"))
                    .execute(&mut conn)
                    .await
                    .unwrap_or_else(|e| panic!("create database: {e}"));
                let base = admin.rsplit_once('/').map(|(b, _)| b.to_string()).unwrap_or(admin.clone());
                TestDb { url: format!("{base}/{name}"), backend, name, _dir: None }
            }
        }
    }

    /// Connect and migrate.
    pub async fn store(&self) -> StoreResult<Store> {
        Store::connect(&self.url, &ConnectOptions { max_connections: 5, ..Default::default() }).await
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if self.backend != Backend::Postgres {
            return;
        }
        let admin = postgres_admin_url();
        let name = self.name.clone();
        // Drop runs inside the test's runtime; use a separate thread with its own runtime.
        let _ = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread().enable_all().build();
            if let Ok(rt) = rt {
                rt.block_on(async {
                    if let Ok(mut conn) = sqlx::PgConnection::connect(&admin).await {
                        let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                            .execute(&mut conn)
                            .await;
                    }
                });
            }
        })
        .join();
    }
}

impl Store {
    /// Run raw SQL behind the application's back (tests that simulate tampering); returns the rows affected.
    pub async fn execute_raw(&self, sql: &str) -> StoreResult<u64> {
        Ok(crate::with_db!(self, pool => sqlx::query(sql).execute(pool).await?.rows_affected()))
    }

    /// Read one integer with raw SQL (tests).
    pub async fn scalar_raw(&self, sql: &str) -> StoreResult<i64> {
        Ok(crate::with_db!(self, pool => sqlx::query_scalar::<_, i64>(sql).fetch_one(pool).await?))
    }
}
