//! `zhibao` — the one binary: `serve`, `demo`, `migrate` and user administration.
//!
//! Global options: `--data-dir DIR` (default `./data`) holds the SQLite database and an optional `zhibao.toml`;
//! `--config FILE` names another config file. Environment variables `ZHIBAO__SECTION__KEY` override both.

mod calendar;
mod draw;
mod ledger;
mod patents;

use anyhow::{bail, Context};
use clap::{Parser, Subcommand};
use std::io::BufRead;
use std::path::{Path, PathBuf};
use tokio::net::TcpListener;
use zhibao_domain::scope::Filter;
use zhibao_domain::security::PasswordPolicy;
use zhibao_domain::validate::{Name, Status, Username};
use zhibao_server::{auth, seed, AppState, Settings};
use zhibao_store::users::NewUser;
use zhibao_store::{ConnectOptions, Store, Ts};

#[derive(Parser)]
#[command(name = "zhibao", version, about = "知保 zhibao — the platform of an IP protection zone")]
struct Cli {
    /// Data directory (SQLite database, optional zhibao.toml).
    #[arg(long, global = true, default_value = "./data", env = "ZHIBAO_DATA_DIR")]
    data_dir: PathBuf,
    /// Config file (TOML); default: <data-dir>/zhibao.toml when it exists.
    #[arg(long, global = true)]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the server.
    Serve(ServeArgs),
    /// Create (or reopen) a demo instance with Binhai demo data, serve it, and print the URL and accounts.
    Demo {
        #[command(flatten)]
        serve: ServeArgs,
        /// Delete the data dir's SQLite database first and start over.
        #[arg(long)]
        reset: bool,
        /// How many synthetic patents the demo generates (once per instance; 0: only the analytics demo's own).
        #[arg(long, default_value_t = 2000)]
        demo_patents: usize,
    },
    /// Apply database migrations and exit.
    Migrate {
        /// Database URL (default: SQLite in the data dir).
        #[arg(long)]
        database_url: Option<String>,
    },
    /// User administration.
    #[command(subcommand)]
    User(UserCommand),
    /// Working-day calendar (工作日历): due dates and working days from the built-in holiday tables.
    Calendar(calendar::CalendarArgs),
    /// Evidence (电子存证): add a file, export an evidence package.
    #[command(subcommand)]
    Evidence(ledger::EvidenceCommand),
    /// Verify an evidence package offline: prints each check; exit code 1 on any failure.
    VerifyPackage(ledger::VerifyPackageArgs),
    /// The evidence ledger: verify it, watch another instance's log.
    #[command(subcommand)]
    Ledger(ledger::LedgerCommand),
    /// 双随机 draws: verify a published record.
    #[command(subcommand)]
    Draw(draw::DrawCommand),
    // patents (issue 5, patents core)
    /// Patent information (专利信息): import, generate, search, export, reindex.
    #[command(subcommand)]
    Patents(patents::PatentsCommand),
}

#[derive(clap::Args, Clone)]
struct ServeArgs {
    /// Listen address (default from config: 127.0.0.1:8080); port 0 picks a free port.
    #[arg(long)]
    bind: Option<String>,
    /// Database URL: sqlite://PATH or postgres://USER@HOST/DB (default: SQLite in the data dir).
    #[arg(long)]
    database_url: Option<String>,
}

#[derive(Subcommand)]
enum UserCommand {
    /// Create a user. The password comes from --password, $ZHIBAO_PASSWORD, or the first line of stdin.
    Create {
        /// Login name.
        #[arg(long)]
        username: String,
        /// Display name.
        #[arg(long)]
        display_name: String,
        /// Department code (default: the root department).
        #[arg(long, default_value = seed::ROOT_DEPT)]
        dept: String,
        /// Role keys (repeatable), e.g. --role admin.
        #[arg(long = "role")]
        roles: Vec<String>,
        /// Password (prefer $ZHIBAO_PASSWORD or stdin: command lines are visible to other users).
        #[arg(long, env = "ZHIBAO_PASSWORD", hide_env_values = true)]
        password: Option<String>,
        /// Database URL.
        #[arg(long)]
        database_url: Option<String>,
    },
    /// Set a user's password, clear a lockout and end their sessions.
    ResetPassword {
        /// Login name.
        username: String,
        /// New password (or $ZHIBAO_PASSWORD, or stdin).
        #[arg(long, env = "ZHIBAO_PASSWORD", hide_env_values = true)]
        password: Option<String>,
        /// Also remove the TOTP second factor (the user enrols again).
        #[arg(long)]
        reset_totp: bool,
        /// Database URL.
        #[arg(long)]
        database_url: Option<String>,
    },
    /// Print the current TOTP code of a demo account (demo instances only).
    TotpCode {
        /// Login name.
        username: String,
    },
}

fn settings(cli: &Cli) -> anyhow::Result<Settings> {
    let default_file = cli.data_dir.join("zhibao.toml");
    let file = cli.config.clone().or_else(|| default_file.exists().then_some(default_file));
    Settings::load(file.as_deref()).map_err(|e| anyhow::anyhow!("configuration: {e}"))
}

async fn open_store(settings: &Settings, data_dir: &Path, url: Option<&str>) -> anyhow::Result<Store> {
    std::fs::create_dir_all(data_dir).with_context(|| format!("creating {}", data_dir.display()))?;
    let url = url.map(str::to_string).unwrap_or_else(|| settings.database_url(data_dir));
    let opts = ConnectOptions { max_connections: settings.database.max_connections, ..Default::default() };
    let store = Store::connect(&url, &opts)
        .await
        .with_context(|| format!("opening database {}", zhibao_server::config::redact_url(&url)))?;
    seed::bootstrap(&store).await?;
    Ok(store)
}

fn read_password(given: Option<String>) -> anyhow::Result<String> {
    if let Some(p) = given {
        return Ok(p);
    }
    eprintln!("Password (one line on stdin):");
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line)?;
    Ok(line.trim_end_matches(['\r', '\n']).to_string())
}

async fn shutdown_signal() {
    let _ = tokio::signal::ctrl_c().await;
}

async fn run_server(settings: Settings, store: Store, bind: &str) -> anyhow::Result<(TcpListener, AppState)> {
    let listener = TcpListener::bind(bind).await.with_context(|| format!("binding {bind}"))?;
    Ok((listener, AppState::new(store, settings)))
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("ZHIBAO_LOG").unwrap_or_else(|_| "info,sqlx=warn".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    let mut settings = settings(&cli)?;
    if settings.cases.files_dir.trim().is_empty() {
        settings.cases.files_dir = cli.data_dir.join("files").display().to_string();
    }
    // patents (issue 5, patents core)
    if settings.patents.index_dir.trim().is_empty() {
        settings.patents.index_dir = cli.data_dir.join("patents-index").display().to_string();
    }
    if settings.ledger.keys_dir.trim().is_empty() {
        settings.ledger.keys_dir = cli.data_dir.join("keys").display().to_string();
    }
    if settings.evidence.store.trim().is_empty() {
        settings.evidence.store = cli.data_dir.join("evidence").display().to_string();
    }
    match &cli.command {
        Command::Serve(args) => {
            let bind = args.bind.clone().unwrap_or_else(|| settings.server.bind.clone());
            settings.server.bind = bind.clone();
            let store = open_store(&settings, &cli.data_dir, args.database_url.as_deref()).await?;
            if store.list_users(&Filter::All, &Default::default(), &Default::default()).await?.total == 0 {
                eprintln!("No users yet. Create an administrator:\n  zhibao --data-dir {} user create --username admin --display-name 管理员 --role admin", cli.data_dir.display());
            }
            let (listener, state) = run_server(settings, store, &bind).await?;
            println!("URL: http://{}/", listener.local_addr()?);
            zhibao_server::serve(state, listener, shutdown_signal()).await?;
        }
        Command::Demo { serve, reset, demo_patents } => {
            let bind = serve.bind.clone().unwrap_or_else(|| settings.server.bind.clone());
            let db_file = cli.data_dir.join("zhibao.db");
            if *reset && serve.database_url.is_none() {
                for suffix in ["", "-wal", "-shm"] {
                    let f = PathBuf::from(format!("{}{suffix}", db_file.display()));
                    if f.exists() {
                        std::fs::remove_file(&f).with_context(|| format!("removing {}", f.display()))?;
                    }
                }
            }
            let store = open_store(&settings, &cli.data_dir, serve.database_url.as_deref()).await?;
            let has_users = store.list_users(&Filter::All, &Default::default(), &Default::default()).await?.total > 0;
            if has_users && store.meta("demo").await?.as_deref() != Some("true") {
                bail!(
                    "{} holds a non-demo instance; use another --data-dir (or --reset to replace its SQLite database)",
                    cli.data_dir.display()
                );
            }
            let secret = seed::demo(&store).await?;
            // patents (issue 5, patents core)
            patents::seed_demo(&store, &patents::index_dir(&settings.patents.index_dir, &cli.data_dir), *demo_patents).await?;
            zhibao_server::seed_matters::demo_matters(&store, &settings).await?;
            let (listener, state) = run_server(settings, store, &bind).await?;
            let addr = listener.local_addr()?;
            println!("URL: http://{addr}/");
            println!("TOTP secret for admin: {secret}");
            println!();
            println!("知保 zhibao demo — 滨海新区国家知识产权保护示范区 (demo data; geometry is approximate)");
            println!("  Console 工作台:  http://{addr}/login      Portal 公众门户: http://{addr}/");
            println!("  API docs:        http://{addr}/api/docs");
            println!("  Accounts (password for all: {}):", seed::DEMO_PASSWORD);
            for (u, name, dept, role) in seed::DEMO_USERS {
                println!("    {u:<11} {role:<15} {dept:<14} {name}");
            }
            let now = u64::try_from(chrono::Utc::now().timestamp()).unwrap_or(0);
            println!("  admin needs a second factor: add the secret above to an authenticator app (TOTP, SHA-1, 6 digits, 30 s),");
            println!(
                "  or print the current code with: zhibao --data-dir {} user totp-code admin   (now: {})",
                cli.data_dir.display(),
                auth::current_code(&secret, now).unwrap_or_default()
            );
            zhibao_server::serve(state, listener, shutdown_signal()).await?;
        }
        Command::Migrate { database_url } => {
            let store = open_store(&settings, &cli.data_dir, database_url.as_deref()).await?;
            store.migrate().await?;
            println!("migrations applied");
        }
        Command::User(cmd) => user_command(cmd, &settings, &cli.data_dir).await?,
        Command::Calendar(args) => calendar::run(args)?,
        Command::Draw(cmd) => {
            if !draw::run(cmd)? {
                std::process::exit(1);
            }
        }
        Command::Patents(cmd) => {
            let index = patents::index_dir(&settings.patents.index_dir, &cli.data_dir);
            let code = match patents::run_offline(cmd, &index)? {
                Some(code) => code,
                None => {
                    let store = open_store(&settings, &cli.data_dir, patents::database_url(cmd)).await?;
                    patents::run(cmd, &store, &index).await?
                }
            };
            if code != 0 {
                std::process::exit(code);
            }
        }
        Command::VerifyPackage(args) => {
            if !ledger::verify_package(args)? {
                std::process::exit(1);
            }
        }
        Command::Evidence(cmd) => {
            let store = open_store(&settings, &cli.data_dir, None).await?;
            ledger::evidence(cmd, &AppState::new(store, settings)).await?;
        }
        Command::Ledger(ledger::LedgerCommand::Watch { url, state, keys, once, interval }) => {
            if !ledger::watch(&cli.data_dir, url, state.as_deref(), keys.as_deref(), *once, *interval).await? {
                std::process::exit(1);
            }
        }
        Command::Ledger(cmd) => {
            let store = open_store(&settings, &cli.data_dir, None).await?;
            let state = AppState::new(store, settings);
            match cmd {
                ledger::LedgerCommand::Verify => {
                    if !ledger::verify(&state).await? {
                        std::process::exit(1);
                    }
                }
                ledger::LedgerCommand::Probe { count, batch } => ledger::probe(&state, *count, *batch).await?,
                ledger::LedgerCommand::Watch { .. } => {}
            }
        }
    }
    Ok(())
}

async fn user_command(cmd: &UserCommand, settings: &Settings, data_dir: &Path) -> anyhow::Result<()> {
    match cmd {
        UserCommand::Create { username, display_name, dept, roles, password, database_url } => {
            let store = open_store(settings, data_dir, database_url.as_deref()).await?;
            let username = Username::parse(username).map_err(|e| anyhow::anyhow!("username: {e}"))?;
            let display_name = Name::parse(display_name).map_err(|e| anyhow::anyhow!("display name: {e}"))?;
            let dept = store.dept_by_code(dept).await?.with_context(|| format!("no department with code {dept}"))?;
            let mut role_ids = Vec::new();
            let mut needs_totp = false;
            for key in roles {
                let id = store.role_id_by_key(key).await?.with_context(|| format!("no role {key}"))?;
                needs_totp |= store.get_role(id).await?.require_totp;
                role_ids.push(id);
            }
            let password = read_password(password.clone())?;
            PasswordPolicy::default()
                .check(&password, username.as_ref())
                .map_err(|e| anyhow::anyhow!("password: {e}"))?;
            let secret = (needs_totp && settings.security.require_totp_for_admin).then(auth::new_secret);
            let user = NewUser {
                password_hash: auth::hash_password(&password)?,
                username,
                display_name,
                dept_id: dept.id,
                role_ids,
                phone: None,
                email: None,
                status: Status::Active,
                totp_secret: secret.clone(),
                created_by: None,
            };
            let u = store.create_user(&Filter::All, &user, Ts::new(chrono::Utc::now())).await?;
            println!("created user {} (id {})", u.username, u.id);
            if let Some(s) = secret {
                println!("TOTP secret: {s}\n{}", auth::otpauth_url(&s, &u.username).unwrap_or_default());
            }
        }
        UserCommand::ResetPassword { username, password, reset_totp, database_url } => {
            let store = open_store(settings, data_dir, database_url.as_deref()).await?;
            let id = store.user_id_by_name(username).await?.with_context(|| format!("no user {username}"))?;
            let password = read_password(password.clone())?;
            PasswordPolicy::default().check(&password, username).map_err(|e| anyhow::anyhow!("password: {e}"))?;
            store.set_password(&Filter::All, id, &auth::hash_password(&password)?).await?;
            if *reset_totp {
                store.set_totp(id, None, false).await?;
            }
            println!("password of {username} reset");
        }
        UserCommand::TotpCode { username } => {
            let store = open_store(settings, data_dir, None).await?;
            if store.meta("demo").await?.as_deref() != Some("true") {
                bail!("totp-code works only on demo instances");
            }
            let acct = store.login_account(username).await?.with_context(|| format!("no user {username}"))?;
            let secret = acct.totp_secret.with_context(|| format!("{username} has no TOTP secret"))?;
            let now = u64::try_from(chrono::Utc::now().timestamp()).unwrap_or(0);
            println!("{}", auth::current_code(&secret, now).unwrap_or_default());
        }
    }
    Ok(())
}
