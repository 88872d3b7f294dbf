//! Test helpers: start the real portal on port 0 against a fresh SQLite file or a fresh
//! PostgreSQL database, with a real SMTP sink, and talk HTTP to it.
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use leptos::config::LeptosOptions;
use sea_orm::{ConnectionTrait, Database, DatabaseConnection, Statement};
use shouwang::server::db::Durability;
use shouwang::server::settings::Settings;
use shouwang::server::AppState;
use tempfile::TempDir;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

/// Runs one scenario on SQLite and on PostgreSQL, as two tests with sentence names.
// `crate` on purpose: the macro runs inside each test crate, whose `common` module it names.
#[allow(clippy::crate_in_macro_def)]
#[macro_export]
macro_rules! on_both_engines {
    ($scenario:ident) => {
        mod $scenario {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn on_sqlite() {
                super::$scenario(crate::common::Engine::Sqlite).await
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn on_postgres() {
                if crate::common::postgres_base_url().is_some() {
                    super::$scenario(crate::common::Engine::Postgres).await
                }
            }
        }
    };
}

/// Everything the server logs during the tests, to check that personal data never shows up.
pub fn captured_logs() -> Arc<Mutex<Vec<u8>>> {
    static LOGS: OnceLock<Arc<Mutex<Vec<u8>>>> = OnceLock::new();
    LOGS.get_or_init(|| {
        let buffer = Arc::new(Mutex::new(Vec::new()));
        let sink = buffer.clone();
        let _ = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::TRACE)
            .with_ansi(false)
            .with_writer(move || LogWriter(sink.clone()))
            .try_init();
        buffer
    })
    .clone()
}

struct LogWriter(Arc<Mutex<Vec<u8>>>);
impl std::io::Write for LogWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The PostgreSQL server the tests may create databases on (`TEST_DATABASE_URL`). Without one,
/// the PostgreSQL half is skipped — loudly, and not at all when `REQUIRE_POSTGRES=1`.
pub fn postgres_base_url() -> Option<String> {
    let url = std::env::var("TEST_DATABASE_URL").ok().filter(|u| !u.is_empty());
    if url.is_none() {
        if std::env::var("REQUIRE_POSTGRES").as_deref() == Ok("1") {
            panic!("REQUIRE_POSTGRES=1 but TEST_DATABASE_URL is not set");
        }
        eprintln!(
            "\n!!!!! PostgreSQL SKIPPED: TEST_DATABASE_URL is not set; this test ran on SQLite only !!!!!\n"
        );
    }
    url
}

pub struct SmtpSink {
    pub port: u16,
    pub dir: PathBuf,
    child: Option<Child>,
}

/// A port nobody listens on right now.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

impl SmtpSink {
    pub fn start(dir: &Path) -> Self {
        let mut sink = Self { port: free_port(), dir: dir.to_path_buf(), child: None };
        sink.resume();
        sink
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// (Re)starts the sink process on the same port.
    pub fn resume(&mut self) {
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/smtp_sink.py");
        let mut child = Command::new("/usr/bin/python3")
            .arg(script)
            .args(["--port", &self.port.to_string(), "--dir"])
            .arg(&self.dir)
            .stdout(Stdio::piped())
            .spawn()
            .expect("python3 with aiosmtpd (apt-get install python3-aiosmtpd)");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
        assert_eq!(line.trim(), "READY", "SMTP sink did not start");
        self.child = Some(child);
    }

    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// The mails that arrived, in order.
    pub fn messages(&self) -> Vec<serde_json::Value> {
        let mut names: Vec<_> = std::fs::read_dir(&self.dir)
            .map(|d| {
                d.filter_map(|e| e.ok())
                    .map(|e| e.path())
                    .filter(|p| p.extension().is_some_and(|x| x == "json"))
                    .collect()
            })
            .unwrap_or_default();
        names.sort();
        names.iter().map(|p| serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap()).collect()
    }

    /// Waits until at least `count` mails arrived (or the deadline passed) and returns them.
    pub async fn wait_for(&self, count: usize, within: Duration) -> Vec<serde_json::Value> {
        let start = Instant::now();
        loop {
            let found = self.messages();
            if found.len() >= count || start.elapsed() > within {
                return found;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        self.stop();
    }
}

pub struct TestApp {
    pub engine: Engine,
    pub base: String,
    pub addr: SocketAddr,
    pub state: AppState,
    pub dir: TempDir,
    pub database_url: String,
    pub sink: Option<SmtpSink>,
}

pub struct Options {
    pub with_sink: bool,
    pub status_lookups_per_minute: u32,
    pub signups_per_minute: u32,
    pub page_cache_for: Duration,
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// `SHOUWANG_SECRET_KEY`; `None` uses (or makes) the key file in the data folder.
    pub secret_key: Option<String>,
    pub request_timeout: Duration,
    pub login_first_wait: Duration,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            with_sink: true,
            status_lookups_per_minute: 1000,
            signups_per_minute: 100_000,
            page_cache_for: Duration::ZERO,
            trusted_proxies: vec![],
            secret_key: None,
            request_timeout: Duration::from_secs(5),
            login_first_wait: Duration::from_secs(1),
        }
    }
}

pub async fn spawn_app(engine: Engine) -> TestApp {
    spawn_app_with(engine, Options::default()).await
}

pub async fn spawn_app_with(engine: Engine, options: Options) -> TestApp {
    captured_logs();
    let dir = tempfile::tempdir().unwrap();
    let database_url = database_url(engine, dir.path()).await;
    try_spawn(engine, dir, database_url, options).await.expect("the portal starts")
}

/// Starts a second portal on an existing database, with its own data folder (so no key file)
/// and the given key; `Err` is start-up's refusal.
pub async fn spawn_on(
    engine: Engine,
    database_url: &str,
    secret_key: Option<String>,
) -> anyhow::Result<TestApp> {
    let options = Options { with_sink: false, secret_key, ..Default::default() };
    try_spawn(engine, tempfile::tempdir().unwrap(), database_url.to_string(), options).await
}

async fn try_spawn(
    engine: Engine,
    dir: TempDir,
    database_url: String,
    options: Options,
) -> anyhow::Result<TestApp> {
    let sink = options.with_sink.then(|| SmtpSink::start(&dir.path().join("mail")));
    let leptos = LeptosOptions::builder()
        .output_name("shouwang")
        .site_root("target/site")
        .site_addr(SocketAddr::from(([127, 0, 0, 1], 0)))
        .build();
    let settings = Settings {
        leptos,
        data_dir: dir.path().join("data"),
        database_url: database_url.clone(),
        durability: Durability::Full,
        smtp_url: sink.as_ref().map(|s| s.url().into()),
        mail_from: "守望测试 <noreply@shouwang.localhost>".into(),
        public_url: "http://portal.test".into(),
        secret_key: options.secret_key.map(Into::into),
        status_lookups_per_minute: options.status_lookups_per_minute,
        signups_per_minute: options.signups_per_minute,
        request_timeout: options.request_timeout,
        login_first_wait: options.login_first_wait,
        page_cache_for: options.page_cache_for,
        campaign_cache_for: Duration::from_secs(1),
        metrics_allow: vec![std::net::IpAddr::from([127, 0, 0, 1])],
        migrate_at_start: true,
        webhook_allow_private: true,
        trusted_proxies: options.trusted_proxies,
        seed_demo: true,
        outbox_poll: Duration::from_millis(200),
        outbox_backoff: Duration::from_millis(200),
        outbox_max_backoff: Duration::from_millis(800),
    };
    let app = shouwang::startup::build(settings).await?;
    let addr = app.addr;
    let state = app.state.clone();
    tokio::spawn(app.run_until_stopped());
    Ok(TestApp { engine, base: format!("http://{addr}"), addr, state, dir, database_url, sink })
}

/// A fresh, empty database: a SQLite file in `dir`, or a new PostgreSQL database.
pub async fn database_url(engine: Engine, dir: &Path) -> String {
    match engine {
        Engine::Sqlite => format!("sqlite://{}/test.db?mode=rwc", dir.display()),
        Engine::Postgres => create_postgres_database().await,
    }
}

/// The one value a query answers (`SELECT COUNT(*) …`, `PRAGMA integrity_check`).
pub async fn value<T: sea_orm::TryGetable>(db: &DatabaseConnection, sql: &str) -> T {
    let row = db
        .query_one_raw(Statement::from_string(db.get_database_backend(), sql.to_string()))
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("no row: {sql}"));
    row.try_get_by_index::<T>(0).unwrap()
}

/// Posts the sign-up form the way the island does (asks for data, not HTML).
pub async fn post_signup(
    client: &reqwest::Client,
    base: &str,
    form: &[(String, String)],
) -> reqwest::Result<(u16, String)> {
    let response = client
        .post(format!("{base}/api/signup"))
        .header("accept", "application/json")
        .form(form)
        .send()
        .await?;
    let status = response.status().as_u16();
    Ok((status, response.text().await?))
}

/// Posts the sign-up form the way a browser without JavaScript does, from the campaign page.
pub async fn post_signup_without_javascript(
    client: &reqwest::Client,
    base: &str,
    form: &[(String, String)],
) -> reqwest::Response {
    client
        .post(format!("{base}/api/signup"))
        .header("accept", "text/html,application/xhtml+xml")
        .header("referer", format!("{base}/campaigns/volunteers-guard-expo"))
        .form(form)
        .send()
        .await
        .unwrap()
}

pub async fn create_postgres_database() -> String {
    let base = postgres_base_url().expect("TEST_DATABASE_URL");
    let name = format!("sw_t_{}", uuid_like());
    let admin = Database::connect(&base).await.expect("connect to TEST_DATABASE_URL");
    admin.execute_unprepared(&format!("CREATE DATABASE \"{name}\"")).await.expect("create test database");
    admin.close().await.ok();
    let (prefix, _) = base.rsplit_once('/').expect("URL with a database name");
    let query = base.split_once('?').map(|(_, q)| format!("?{q}")).unwrap_or_default();
    format!("{prefix}/{name}{query}")
}

fn uuid_like() -> String {
    use rand::Rng;
    let mut rng = rand::thread_rng();
    (0..16).map(|_| char::from(b"0123456789abcdef"[rng.gen_range(0..16)])).collect()
}

impl TestApp {
    /// A client that behaves like the island's `fetch` (asks for data, not HTML).
    pub fn script_client(&self) -> reqwest::Client {
        reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap()
    }

    /// A client that behaves like a browser without JavaScript.
    pub fn browser_client(&self) -> reqwest::Client {
        reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::limited(5))
            .cookie_store(true)
            .build()
            .unwrap()
    }

    /// Asks the status look-up the way the status page's script does: (HTTP status, body).
    pub async fn status_lookup(&self, reference: &str, mobile: &str) -> (u16, String) {
        let response = self
            .script_client()
            .post(format!("{}/api/status", self.base))
            .header("accept", "application/json")
            .form(&[("reference", reference), ("mobile", mobile)])
            .send()
            .await
            .unwrap();
        (response.status().as_u16(), response.text().await.unwrap())
    }

    pub async fn count(&self, sql: &str) -> i64 {
        value(&self.state.db, sql).await
    }

    /// Posts the sign-up form the way the island does and reads its outcome.
    pub async fn signup_outcome(&self, form: &[(String, String)]) -> serde_json::Value {
        let (status, body) = post_signup(&self.script_client(), &self.base, form).await.unwrap();
        assert_eq!(status, 200, "sign-up answered {status}: {body}");
        serde_json::from_str(&body).unwrap()
    }

    /// Posts the sign-up form as a browser without JavaScript, following the redirect.
    pub async fn post_signup_without_javascript(&self, form: &[(String, String)]) -> reqwest::Response {
        post_signup_without_javascript(&self.browser_client(), &self.base, form).await
    }

    pub async fn get_html(&self, path: &str) -> (u16, String) {
        let response = self.browser_client().get(format!("{}{path}", self.base)).send().await.unwrap();
        (response.status().as_u16(), response.text().await.unwrap())
    }
}

/// A valid resident ID number born on `birth` (check character computed).
pub fn id_number(area: &str, birth: NaiveDate, seq: u32) -> String {
    let first17 = format!("{area}{}{:03}", birth.format("%Y%m%d"), seq % 1000);
    let check = shouwang::domain::resident_id::check_char(first17.as_bytes()).unwrap();
    format!("{first17}{check}")
}

/// The fields of a valid sign-up for the first demo campaign, ready to post.
pub struct Person {
    pub name: String,
    pub mobile: String,
    pub id_number: String,
    pub email: String,
    pub campaign: String,
    pub role: String,
    pub county: String,
    pub street: String,
    pub community: String,
    pub consent: bool,
}

impl Person {
    pub fn valid(seq: u32) -> Self {
        Self {
            name: "张伟".into(),
            mobile: format!("136{:08}", 12_340_000 + seq),
            id_number: id_number("330402", NaiveDate::from_ymd_opt(1985, 6, 15).unwrap(), seq),
            email: format!("volunteer{seq}@example.cn"),
            campaign: "volunteers-guard-expo".into(),
            role: "community_patrol".into(),
            county: "330402".into(),
            street: "330402007".into(),
            community: "330402007024".into(),
            consent: true,
        }
    }

    pub fn form(&self) -> Vec<(String, String)> {
        let mut fields = vec![
            ("form[campaign]".to_string(), self.campaign.clone()),
            ("form[name]".into(), self.name.clone()),
            ("form[mobile]".into(), self.mobile.clone()),
            ("form[id_number]".into(), self.id_number.clone()),
            ("form[county]".into(), self.county.clone()),
            ("form[street]".into(), self.street.clone()),
            ("form[community]".into(), self.community.clone()),
            ("form[role]".into(), self.role.clone()),
            ("form[skills][first_aid]".into(), "on".into()),
            ("form[availability][weekend_day]".into(), "on".into()),
            ("form[email]".into(), self.email.clone()),
        ];
        if self.consent {
            fields.push(("form[consent]".into(), "on".into()));
        }
        fields
    }
}

/// A `datetime-local` value in China time, `days` from now at `hh:mm`.
pub fn china_field(days: i64, hh: u32, mm: u32) -> String {
    let date = (chrono::Utc::now() + chrono::Duration::days(days))
        .with_timezone(&shouwang::domain::calendar::CHINA_OFFSET)
        .date_naive();
    format!("{}T{hh:02}:{mm:02}", date.format("%Y-%m-%d"))
}

/// Opens the volunteer's page as a browser without JavaScript does, after the status look-up:
/// (the `Set-Cookie` header, the page's token).
pub async fn open_my_page(app: &TestApp, reference: &str, mobile: &str) -> (String, String) {
    let response = app
        .script_client()
        .post(format!("{}/api/me/open", app.base))
        .header("accept", "text/html")
        .form(&[("reference", reference), ("mobile", mobile)])
        .send()
        .await
        .unwrap();
    assert!(response.status().is_redirection(), "a plain form post is sent on: {}", response.status());
    assert_eq!(response.headers()["location"], "/me");
    let cookie = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .find(|c| c.starts_with("sw_me="))
        .expect("the page's cookie is set");
    let token = cookie.trim_start_matches("sw_me=").split(';').next().unwrap().to_string();
    (cookie, token)
}
