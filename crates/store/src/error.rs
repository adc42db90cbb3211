//! The store's error type. Constraint violations are classified here once, for both backends, so handlers never
//! inspect driver errors.

/// A storage failure.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The record does not exist, or is outside the caller's data scope (the two are indistinguishable on purpose).
    #[error("not found")]
    NotFound,
    /// A unique constraint was violated; `constraint` names the column(s) where the backend tells.
    #[error("conflict on {constraint}")]
    Conflict {
        /// Constraint or column description.
        constraint: String,
    },
    /// A foreign key refused the write (a referenced row is missing, or a row still referenced was deleted).
    #[error("referenced record missing or still in use: {0}")]
    Reference(String),
    /// The operation breaks a rule the store enforces (e.g. deleting a department with children).
    #[error("{0}")]
    Rule(String),
    /// The configuration is unusable.
    #[error("configuration: {0}")]
    Config(String),
    /// A migration failed.
    #[error("migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// Any other database error.
    #[error("database error: {0}")]
    Database(sqlx::Error),
    /// An error of the SQLite connection batch intake drives directly (`cases::intake::fast`).
    #[error("database error: {0}")]
    Driver(String),
}

/// Result alias.
pub type StoreResult<T> = Result<T, StoreError>;

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        match &e {
            sqlx::Error::RowNotFound => StoreError::NotFound,
            sqlx::Error::Database(db) => {
                if db.is_unique_violation() {
                    let constraint = db.constraint().map(str::to_string).unwrap_or_else(|| {
                        // SQLite names the columns in the message: "UNIQUE constraint failed: users.username".
                        db.message().rsplit(": ").next().unwrap_or("unique").to_string()
                    });
                    StoreError::Conflict { constraint }
                } else if db.is_foreign_key_violation() {
                    StoreError::Reference(db.constraint().unwrap_or("foreign key").to_string())
                } else {
                    StoreError::Database(e)
                }
            }
            _ => StoreError::Database(e),
        }
    }
}
