//! The cluster of `tests/it/instances.rs`: app instances as processes, nginx in front, a sink for
//! the mail, and a load driver that posts sign-ups the way the island does.
#![allow(dead_code)]

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use sea_orm::{Database, DatabaseConnection};
use tempfile::TempDir;
use tokio::process::{Child, Command};

use crate::common::{self, free_port, SmtpSink};

const NGINX: &str = "/usr/sbin/nginx";

/// One cluster at a time: each one loads both cores.
static TURN: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

pub struct Instance {
    pub port: u16,
    env: Vec<(String, String)>,
    child: Option<Child>,
    log: PathBuf,
}

impl Instance {
    pub fn base(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Starts the process and waits until `/readyz` says ready.
    pub async fn start(&mut self) {
        let log = std::fs::OpenOptions::new().create(true).append(true).open(&self.log).unwrap();
        let child = Command::new(env!("CARGO_BIN_EXE_shouwang"))
            .envs(self.env.iter().cloned())
            .stdout(Stdio::from(log.try_clone().unwrap()))
            .stderr(Stdio::from(log))
            .kill_on_drop(true)
            .spawn()
            .expect("the shouwang binary");
        self.child = Some(child);
        let client = reqwest::Client::new();
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(90) {
            if let Ok(r) = client.get(format!("{}/readyz", self.base())).send().await {
                if r.status().is_success() {
                    return;
                }
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("instance {} not ready:\n{}", self.port, self.log_lines().join("\n"));
    }

    /// SIGTERM, and waits for a clean exit.
    pub async fn terminate(&mut self) {
        let mut child = self.child.take().expect("running");
        let pid = child.id().expect("pid").to_string();
        let sent = Command::new("kill").args(["-TERM", &pid]).status().await.unwrap();
        assert!(sent.success());
        let status =
            tokio::time::timeout(Duration::from_secs(45), child.wait()).await.expect("stopped").unwrap();
        assert!(status.success(), "instance {} exited with {status}", self.port);
    }

    /// SIGKILL: no goodbye.
    pub async fn kill(&mut self) {
        let mut child = self.child.take().expect("running");
        child.start_kill().unwrap();
        let _ = child.wait().await;
    }

    pub fn log_lines(&self) -> Vec<String> {
        std::fs::read_to_string(&self.log).unwrap_or_default().lines().map(String::from).collect()
    }

    /// One value of this instance's `/metrics`.
    pub async fn metric(&self, name: &str) -> f64 {
        let text = reqwest::get(format!("{}/metrics", self.base())).await.unwrap().text().await.unwrap();
        text.lines()
            .find_map(|line| line.strip_prefix(name).and_then(|rest| rest.trim().parse().ok()))
            .unwrap_or(0.0)
    }

    pub async fn page(&self, path: &str) -> String {
        reqwest::get(format!("{}{path}", self.base())).await.unwrap().text().await.unwrap()
    }
}

pub struct Cluster {
    pub proxy: String,
    pub instances: Vec<Instance>,
    pub dir: TempDir,
    pub db: DatabaseConnection,
    pub baseline: i64,
    env: Vec<(String, String)>,
    sink: SmtpSink,
    nginx: Child,
    _turn: tokio::sync::MutexGuard<'static, ()>,
}

impl Cluster {
    /// Two instances on a fresh PostgreSQL database behind nginx; `None` without PostgreSQL.
    pub async fn start(name: &str) -> Option<Cluster> {
        let base_url = common::postgres_base_url()?;
        let _ = base_url;
        assert!(
            Path::new(NGINX).exists(),
            "nginx is needed (apt-get install nginx; scripts/setup.sh test does)"
        );
        let turn = TURN.lock().await;
        let database_url = common::create_postgres_database().await;
        let dir = tempfile::Builder::new().prefix(&format!("shouwang-{name}-")).tempdir().unwrap();
        let sink = SmtpSink::start(&dir.path().join("mail"));
        let key = shouwang::server::crypto::encode_master(&shouwang::server::crypto::new_master());
        let proxy_port = free_port();
        let proxy = format!("http://127.0.0.1:{proxy_port}");
        let env: Vec<(String, String)> = [
            ("DATABASE_URL", database_url.as_str()),
            ("SHOUWANG_SECRET_KEY", key.as_str()),
            ("SMTP_URL", &sink.url()),
            ("PUBLIC_URL", proxy.as_str()),
            ("LEPTOS_SITE_ROOT", concat!(env!("CARGO_MANIFEST_DIR"), "/target/site")),
            ("TRUSTED_PROXIES", "127.0.0.1"),
            ("SIGNUPS_PER_MINUTE", "100000000"),
            ("STATUS_LOOKUPS_PER_MINUTE", "100000000"),
            // a minute: only the instances telling each other can explain a change seen at once
            ("PAGE_CACHE_MS", "60000"),
            ("CAMPAIGN_CACHE_MS", "60000"),
            ("LOG_FORMAT", "json"),
            // warnings, and the request span they belong to
            ("RUST_LOG", "warn,shouwang::server::telemetry=info"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        let mut instances = Vec::new();
        for i in 0..2 {
            let port = free_port();
            let mut env = env.clone();
            env.push(("LEPTOS_SITE_ADDR".into(), format!("127.0.0.1:{port}")));
            env.push(("SHOUWANG_DATA_DIR".into(), dir.path().join(format!("data{i}")).display().to_string()));
            let mut instance =
                Instance { port, env, child: None, log: dir.path().join(format!("instance{i}.log")) };
            instance.start().await;
            instances.push(instance);
        }
        let nginx = start_nginx(dir.path(), proxy_port, instances[0].port, instances[1].port).await;
        let db = Database::connect(&database_url).await.unwrap();
        let baseline = common::value(&db, "SELECT COUNT(*) FROM applications").await;
        Some(Cluster { proxy, instances, dir, db, baseline, env, sink, nginx, _turn: turn })
    }

    pub async fn count(&self, sql: &str) -> i64 {
        common::value(&self.db, sql).await
    }

    pub fn stop_flag(&self) -> Arc<AtomicBool> {
        Arc::new(AtomicBool::new(false))
    }

    /// Every acknowledged sign-up is stored; nobody is stored twice; nothing is stored that no
    /// answer accounts for (an acknowledgment, or "already signed up" after a retry).
    pub async fn assert_stored_once(&self, tally: &Tally) {
        use sea_orm::{ConnectionTrait, Statement};
        let rows = self
            .db
            .query_all_raw(Statement::from_string(
                self.db.get_database_backend(),
                "SELECT reference FROM applications",
            ))
            .await
            .unwrap();
        let stored: HashSet<String> = rows.iter().map(|r| r.try_get_by_index::<String>(0).unwrap()).collect();
        let missing = tally.accepted.iter().filter(|r| !stored.contains(*r)).count();
        assert_eq!(missing, 0, "acknowledged sign-ups missing from the database");
        let twice: i64 = self
            .count(
                "SELECT CAST(COUNT(*) AS BIGINT) FROM (SELECT id_hash FROM applications \
                 GROUP BY campaign_id, id_hash HAVING COUNT(*) > 1) AS t",
            )
            .await;
        assert_eq!(twice, 0, "someone was stored twice");
        let new = stored.len() as i64 - self.baseline;
        let unanswered = (tally.duplicates + tally.failures.len() + tally.server_errors.len()) as i64;
        assert!(
            new >= tally.accepted.len() as i64 && new <= tally.accepted.len() as i64 + unanswered,
            "{new} stored for {}",
            tally.summary()
        );
    }

    /// A city organizer, made with the command line, signed in on `instance`.
    pub async fn admin(&self, instance: &Instance) -> Admin {
        let output = Command::new(env!("CARGO_BIN_EXE_shouwang"))
            .envs(instance.env.iter().cloned())
            .env("RUST_LOG", "error")
            .args(["admin", "create", "--name", "ops-admin", "--role", "city_admin"])
            .output()
            .await
            .unwrap();
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
        let password =
            String::from_utf8_lossy(&output.stdout).lines().last().unwrap_or_default().trim().to_string();
        let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
        let base = instance.base();
        let response = client
            .post(format!("{base}/api/admin/login"))
            .header("accept", "application/json")
            .header("origin", &base)
            .form(&[("name", "ops-admin"), ("password", password.as_str())])
            .send()
            .await
            .unwrap();
        let cookie =
            response.headers()["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_string();
        Admin { client, base, cookie }
    }

    /// Waits until `count` mails arrived (or `within` passed) and reads them.
    pub async fn wait_for_mail(&self, count: usize, within: Duration) -> Vec<serde_json::Value> {
        let started = Instant::now();
        let arrived = || std::fs::read_dir(&self.sink.dir).map(|d| d.count()).unwrap_or(0);
        while arrived() < count && started.elapsed() < within {
            tokio::time::sleep(Duration::from_millis(500)).await;
        }
        // a mail beyond the count (sent twice) would show up within a poll or two
        tokio::time::sleep(Duration::from_secs(3)).await;
        self.sink.messages()
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let _ = self.nginx.start_kill();
        for instance in &mut self.instances {
            if let Some(child) = instance.child.as_mut() {
                let _ = child.start_kill();
            }
        }
        // before the folder goes: mail still arriving must not find it gone
        self.sink.stop();
    }
}

/// nginx with `deploy/nginx/shouwang.conf`, its addresses and site folder replaced.
async fn start_nginx(dir: &Path, port: u16, a: u16, b: u16) -> Child {
    let site = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/deploy/nginx/shouwang.conf"))
        .unwrap()
        .replace("127.0.0.1:8001", &format!("127.0.0.1:{a}"))
        .replace("127.0.0.1:8002", &format!("127.0.0.1:{b}"))
        .replace("listen 80;", &format!("listen 127.0.0.1:{port};"))
        .replace("/opt/shouwang/site", concat!(env!("CARGO_MANIFEST_DIR"), "/target/site"));
    assert!(site.contains(&format!("127.0.0.1:{a}")) && site.contains(&format!("127.0.0.1:{b}")));
    std::fs::write(dir.join("site.conf"), site).unwrap();
    let d = dir.display();
    let main = format!(
        // one process, no master: killing the child at the end stops nginx whole (a killed master
        // leaves its worker behind, still holding the port)
        "daemon off;\nmaster_process off;\npid {d}/nginx.pid;\nerror_log {d}/nginx-error.log warn;\n\
         events {{ worker_connections 4096; }}\n\
         http {{\n access_log off;\n client_body_temp_path {d}/ngx-body;\n proxy_temp_path {d}/ngx-proxy;\n\
         fastcgi_temp_path {d}/ngx-fcgi;\n uwsgi_temp_path {d}/ngx-uwsgi;\n scgi_temp_path {d}/ngx-scgi;\n\
         include {d}/site.conf;\n}}\n"
    );
    std::fs::write(dir.join("nginx.conf"), main).unwrap();
    let error_log = dir.join("nginx-error.log");
    let child = Command::new(NGINX)
        .arg("-p")
        .arg(dir)
        .arg("-c")
        .arg(dir.join("nginx.conf"))
        .arg("-e")
        .arg(&error_log)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .expect("nginx");
    let client = reqwest::Client::new();
    for _ in 0..200 {
        if client
            .get(format!("http://127.0.0.1:{port}/healthz"))
            .send()
            .await
            .is_ok_and(|r| r.status().is_success())
        {
            return child;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("nginx did not start: {}", std::fs::read_to_string(error_log).unwrap_or_default());
}

pub struct Admin {
    client: reqwest::Client,
    base: String,
    cookie: String,
}

impl Admin {
    pub async fn post(&self, endpoint: &str, form: &[(&str, &str)]) -> (u16, String) {
        let response = self
            .client
            .post(format!("{}/api/admin/{endpoint}", self.base))
            .header("accept", "application/json")
            .header("origin", &self.base)
            .header("cookie", &self.cookie)
            .form(form)
            .send()
            .await
            .unwrap();
        (response.status().as_u16(), response.text().await.unwrap())
    }
}

/// The sign-up form of person `n`: unique ID number, mobile and e-mail address.
pub fn person(n: u32) -> Vec<(String, String)> {
    let mut person = common::Person::valid(n % 1000);
    let born = NaiveDate::from_ymd_opt(1980, 1, 1).unwrap() + chrono::Days::new(u64::from(n / 1000));
    person.id_number = common::id_number("330402", born, n % 1000);
    person.mobile = format!("137{n:08}");
    person.email = format!("burst{n}@example.cn");
    person.form()
}

/// What the clients were told.
#[derive(Default, Debug)]
pub struct Tally {
    pub accepted: Vec<String>,
    /// "Already signed up" (a retried post whose first try was committed).
    pub duplicates: usize,
    pub refused: Vec<String>,
    pub server_errors: Vec<u16>,
    pub failures: Vec<String>,
}

impl Tally {
    pub fn summary(&self) -> String {
        format!(
            "{} accepted, {} already signed up, {} refused, {} 5xx, {} failed ({:?} {:?})",
            self.accepted.len(),
            self.duplicates,
            self.refused.len(),
            self.server_errors.len(),
            self.failures.len(),
            self.refused.first(),
            self.failures.first()
        )
    }
}

/// Posts the sign-ups of `people` to `base` from `concurrency` clients at once, until all are
/// posted or `stop` is set.
pub async fn burst(
    base: &str,
    people: std::ops::Range<u32>,
    concurrency: usize,
    stop: Option<Arc<AtomicBool>>,
) -> Tally {
    let next = Arc::new(AtomicU32::new(people.start));
    let tally = Arc::new(Mutex::new(Tally::default()));
    let client = reqwest::Client::builder().timeout(Duration::from_secs(60)).build().unwrap();
    let mut workers = Vec::new();
    for _ in 0..concurrency {
        let (next, tally, client, stop, url) =
            (next.clone(), tally.clone(), client.clone(), stop.clone(), format!("{base}/api/signup"));
        let end = people.end;
        workers.push(tokio::spawn(async move {
            loop {
                if stop.as_ref().is_some_and(|s| s.load(Ordering::SeqCst)) {
                    return;
                }
                let n = next.fetch_add(1, Ordering::SeqCst);
                if n >= end {
                    return;
                }
                let answer =
                    client.post(&url).header("accept", "application/json").form(&person(n)).send().await;
                let answer = match answer {
                    Ok(response) => {
                        let status = response.status().as_u16();
                        Ok((status, response.text().await.unwrap_or_default()))
                    }
                    Err(e) => Err(e.to_string()),
                };
                tally.lock().unwrap().record(answer);
            }
        }));
    }
    for worker in workers {
        worker.await.unwrap();
    }
    Arc::try_unwrap(tally).unwrap().into_inner().unwrap()
}

impl Tally {
    fn record(&mut self, answer: Result<(u16, String), String>) {
        match answer {
            Err(e) => self.failures.push(e),
            Ok((status, _)) if status >= 500 => self.server_errors.push(status),
            Ok((200, body)) => {
                let json: serde_json::Value = serde_json::from_str(&body).unwrap_or_default();
                if let Some(reference) = json["Accepted"]["reference"].as_str() {
                    self.accepted.push(reference.to_string());
                } else if json["Rejected"]["errors"]["id_number"] == "duplicate" {
                    self.duplicates += 1;
                } else {
                    self.refused.push(json["Rejected"]["message"].as_str().unwrap_or(&body).to_string());
                }
            }
            Ok((status, body)) => self.refused.push(format!("{status}: {body}")),
        }
    }
}
