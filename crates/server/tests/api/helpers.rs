//! `spawn_app`: a real server on 127.0.0.1:0 over a fresh database with the demo data, and a cookie-keeping
//! client with typed helpers.

use reqwest::{Client, Method, Response, StatusCode};
use serde_json::Value;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use zhibao_server::{auth, seed, AppState, Settings};
use zhibao_store::testing::TestDb;
pub use zhibao_store::Backend;

/// Generate one `#[tokio::test]` per backend for an `async fn(Backend)`.
#[macro_export]
macro_rules! both {
    ($($name:ident),* $(,)?) => {
        $(
            mod $name {
                #[tokio::test]
                async fn sqlite() { super::$name($crate::helpers::Backend::Sqlite).await }
                #[tokio::test]
                async fn postgres() { super::$name($crate::helpers::Backend::Postgres).await }
            }
        )*
    };
}

pub struct TestApp {
    pub base: String,
    pub client: Client,
    pub totp_secret: String,
    pub csrf: Option<String>,
    pub store: zhibao_store::Store,
    pub state: AppState,
    _files: tempfile::TempDir,
    _db: TestDb,
    _stop: oneshot::Sender<()>,
}

pub async fn spawn_app(backend: Backend) -> TestApp {
    spawn_with(backend, |_| {}).await
}

pub async fn spawn_with(backend: Backend, tweak: impl FnOnce(&mut Settings)) -> TestApp {
    spawn_full(backend, tweak, None).await
}

/// A server whose "today" is fixed (statutory clocks become deterministic).
pub async fn spawn_at(backend: Backend, today: &str) -> TestApp {
    let d = chrono::NaiveDate::parse_from_str(today, "%Y-%m-%d").unwrap_or_else(|e| panic!("{e}"));
    spawn_full(backend, |_| {}, Some(d)).await
}

pub async fn spawn_full(
    backend: Backend,
    tweak: impl FnOnce(&mut Settings),
    today: Option<chrono::NaiveDate>,
) -> TestApp {
    let db = TestDb::new(backend).await;
    let store = db.store().await.unwrap_or_else(|e| panic!("store: {e}"));
    let totp_secret = seed::demo(&store).await.unwrap_or_else(|e| panic!("demo seed: {e}"));
    let files = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    let mut settings = Settings::for_test();
    settings.cases.files_dir = files.path().display().to_string();
    settings.ledger.keys_dir = files.path().join("keys").display().to_string();
    settings.evidence.store = files.path().join("evidence").display().to_string();
    // Each app its own patent index (the default is a folder relative to the working directory).
    settings.patents.index_dir = files.path().join("patents-index").display().to_string();
    tweak(&mut settings);
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap_or_else(|e| panic!("bind: {e}"));
    let addr = listener.local_addr().unwrap_or_else(|e| panic!("{e}"));
    let (tx, rx) = oneshot::channel::<()>();
    let state = AppState::with_today(store.clone(), settings, today);
    let served = state.clone();
    tokio::spawn(async move {
        let state = served;
        let _ = zhibao_server::serve(state, listener, async move {
            let _ = rx.await;
        })
        .await;
    });
    TestApp {
        base: format!("http://{addr}"),
        client: new_client(),
        totp_secret,
        csrf: None,
        store,
        state,
        _files: files,
        _db: db,
        _stop: tx,
    }
}

fn new_client() -> Client {
    Client::builder().cookie_store(true).build().unwrap_or_else(|e| panic!("client: {e}"))
}

pub fn totp_now(secret: &str) -> String {
    let now = u64::try_from(chrono::Utc::now().timestamp()).unwrap_or(0);
    auth::current_code(secret, now).unwrap_or_default()
}

impl TestApp {
    /// Forget the session (a new browser).
    pub fn fresh_client(&mut self) {
        self.client = new_client();
        self.csrf = None;
    }

    pub async fn request(&self, method: Method, path: &str, body: Option<Value>) -> Response {
        let mut rb = self.client.request(method, format!("{}{}", self.base, path));
        if let Some(c) = &self.csrf {
            rb = rb.header("x-csrf-token", c);
        }
        if let Some(b) = body {
            rb = rb.json(&b);
        }
        rb.send().await.unwrap_or_else(|e| panic!("request {path}: {e}"))
    }

    pub async fn get(&self, path: &str) -> (StatusCode, Value) {
        let r = self.request(Method::GET, path, None).await;
        (r.status(), r.json().await.unwrap_or(Value::Null))
    }

    pub async fn send(&self, method: Method, path: &str, body: Value) -> (StatusCode, Value) {
        let r = self.request(method, path, Some(body)).await;
        (r.status(), r.json().await.unwrap_or(Value::Null))
    }

    /// A multipart upload: `file` named `name`, plus text `fields`.
    pub async fn upload(&self, url: &str, name: &str, bytes: Vec<u8>, fields: &[(&str, &str)]) -> (StatusCode, Value) {
        let mut form = reqwest::multipart::Form::new()
            .part("file", reqwest::multipart::Part::bytes(bytes).file_name(name.to_string()));
        for (k, v) in fields {
            form = form.text(k.to_string(), v.to_string());
        }
        let mut rb = self.client.post(format!("{}{}", self.base, url)).multipart(form);
        if let Some(c) = &self.csrf {
            rb = rb.header("x-csrf-token", c);
        }
        let r = rb.send().await.unwrap_or_else(|e| panic!("{e}"));
        (r.status(), r.json().await.unwrap_or(Value::Null))
    }

    pub async fn post(&self, path: &str, body: Value) -> (StatusCode, Value) {
        self.send(Method::POST, path, body).await
    }

    /// Log in with a fresh cookie jar; keeps the CSRF token.
    pub async fn login_as(&mut self, username: &str, password: &str) -> (StatusCode, Value) {
        self.fresh_client();
        let mut body = serde_json::json!({"username": username, "password": password});
        if username == "admin" {
            body["totp_code"] = Value::String(totp_now(&self.totp_secret));
        }
        let (s, v) = self.post("/api/v1/auth/login", body).await;
        if s == StatusCode::OK {
            self.csrf = v["csrf_token"].as_str().map(str::to_string);
        }
        (s, v)
    }

    pub async fn login(&mut self, username: &str) {
        let (s, v) = self.login_as(username, seed::DEMO_PASSWORD).await;
        assert_eq!(s, StatusCode::OK, "login {username}: {v}");
    }

    pub async fn dept_id(&self, code: &str) -> i64 {
        self.store.dept_by_code(code).await.ok().flatten().map(|d| d.id).unwrap_or_else(|| panic!("dept {code}"))
    }

    pub async fn role_id(&self, key: &str) -> i64 {
        self.store.role_id_by_key(key).await.ok().flatten().unwrap_or_else(|| panic!("role {key}"))
    }

    pub async fn user_id(&self, name: &str) -> i64 {
        self.store.user_id_by_name(name).await.ok().flatten().unwrap_or_else(|| panic!("user {name}"))
    }

    /// Login names in the caller's user list.
    pub async fn visible_usernames(&self) -> Vec<String> {
        let (s, v) = self.get("/api/v1/system/users?page_size=500").await;
        assert_eq!(s, StatusCode::OK, "{v}");
        v["items"]
            .as_array()
            .map(|a| a.iter().filter_map(|u| u["username"].as_str().map(str::to_string)).collect())
            .unwrap_or_default()
    }
}
