//! Fault tests against the real server binary in its own process: a crash in the middle of a
//! sign-up burst, the mail server going away, the disk filling up or the database turning
//! read-only, oversized bodies and slow clients.

use crate::common;

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::{free_port, Engine, Person, SmtpSink};
use sea_orm::{ConnectionTrait, Database, DatabaseConnection};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

struct Server {
    child: Child,
    base: String,
    port: u16,
}

impl Server {
    async fn start(data_dir: &std::path::Path, database_url: &str, smtp_url: &str, port: u16) -> Server {
        Self::start_with(data_dir, database_url, smtp_url, port, &[]).await
    }

    async fn start_with(
        data_dir: &std::path::Path,
        database_url: &str,
        smtp_url: &str,
        port: u16,
        env: &[(&str, &str)],
    ) -> Server {
        let log =
            std::fs::OpenOptions::new().create(true).append(true).open(data_dir.join("server.log")).unwrap();
        let child = Command::new(env!("CARGO_BIN_EXE_shouwang"))
            .env("LEPTOS_OUTPUT_NAME", "shouwang")
            .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
            .env("LEPTOS_SITE_ROOT", data_dir.join("site"))
            .env("SHOUWANG_DATA_DIR", data_dir)
            .env("DATABASE_URL", database_url)
            .env("SMTP_URL", smtp_url)
            .env("SIGNUPS_PER_MINUTE", "1000000")
            .env("RUST_LOG", "warn")
            .envs(env.iter().copied())
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .expect("start the server binary");
        let server = Server { child, base: format!("http://127.0.0.1:{port}"), port };
        let start = Instant::now();
        while reqwest::get(format!("{}/healthz", server.base)).await.is_err() {
            assert!(start.elapsed() < Duration::from_secs(30), "server did not come up");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        server
    }

    /// SIGKILL: no chance to flush or say goodbye.
    fn kill_hard(&mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn count(db: &DatabaseConnection, sql: &str) -> i64 {
    common::value(db, sql).await
}

/// SQLite's own check of the file finds nothing wrong.
async fn assert_sqlite_intact(db: &DatabaseConnection) {
    assert_eq!(common::value::<String>(db, "PRAGMA integrity_check").await, "ok");
}

async fn post_signup(
    client: &reqwest::Client,
    base: &str,
    person: &Person,
) -> Result<(u16, String), reqwest::Error> {
    common::post_signup(client, base, &person.form()).await
}

/// Turns a PostgreSQL database read-only (or writable again) for every connection, old and new:
/// the setting applies to new sessions, so the existing ones are ended.
async fn set_read_only(admin: &DatabaseConnection, database: &str, read_only: bool) {
    let setting = if read_only { "on" } else { "off" };
    admin
        .execute_unprepared(&format!(
            "ALTER DATABASE \"{database}\" SET default_transaction_read_only = {setting}"
        ))
        .await
        .unwrap();
    admin
        .execute_unprepared(&format!(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{database}' "
        ))
        .await
        .unwrap();
}

fn accepted_reference(body: &str) -> Option<String> {
    let value: serde_json::Value = serde_json::from_str(body).ok()?;
    value["Accepted"]["reference"].as_str().map(str::to_string)
}

async fn a_crash_in_the_middle_of_a_burst_loses_no_acknowledged_signup(engine: Engine) {
    let dir = tempfile::tempdir().unwrap();
    let database_url = common::database_url(engine, dir.path()).await;
    let mut sink = SmtpSink::start(&dir.path().join("mail"));
    // The mail server is away during the burst, so no mail is in flight when the server dies.
    sink.stop();
    let port = free_port();
    let mut server = Server::start(dir.path(), &database_url, &sink.url(), port).await;

    let client = reqwest::Client::builder().timeout(Duration::from_secs(10)).build().unwrap();
    let (done_tx, mut done_rx) = tokio::sync::mpsc::unbounded_channel();
    let mut tasks = Vec::new();
    for worker in 0..16u32 {
        let client = client.clone();
        let base = server.base.clone();
        let done_tx = done_tx.clone();
        tasks.push(tokio::spawn(async move {
            for i in 0..25u32 {
                let person = Person::valid(1000 + worker * 25 + i);
                if let Ok((200, body)) = post_signup(&client, &base, &person).await {
                    if let Some(reference) = accepted_reference(&body) {
                        let _ = done_tx.send(reference);
                    }
                }
            }
        }));
    }
    drop(done_tx);
    // Kill once a good part of the burst has been acknowledged.
    let mut acknowledged = Vec::new();
    while acknowledged.len() < 100 {
        match done_rx.recv().await {
            Some(reference) => acknowledged.push(reference),
            None => break,
        }
    }
    server.kill_hard();
    for task in tasks {
        let _ = task.await;
    }
    while let Ok(reference) = done_rx.try_recv() {
        acknowledged.push(reference);
    }
    assert!(acknowledged.len() >= 100, "the burst got going ({} acknowledged)", acknowledged.len());

    let server = Server::start(dir.path(), &database_url, &sink.url(), port).await;
    let db = Database::connect(&database_url).await.unwrap();
    let stored = count(&db, "SELECT COUNT(*) FROM applications").await;
    let distinct = count(&db, "SELECT COUNT(DISTINCT reference) FROM applications").await;
    let people = count(&db, "SELECT COUNT(DISTINCT id_hash) FROM applications").await;
    for reference in &acknowledged {
        assert_eq!(
            count(&db, &format!("SELECT COUNT(*) FROM applications WHERE reference = '{reference}'")).await,
            1,
            "{reference} lost"
        );
    }
    assert!(stored >= acknowledged.len() as i64);
    assert_eq!((stored, stored), (distinct, people), "nobody twice");
    assert_eq!(count(&db, "SELECT COUNT(*) FROM outbox").await, stored, "one mail queued per sign-up");
    if engine == Engine::Sqlite {
        assert_sqlite_intact(&db).await;
    }

    // The mail server comes back: every confirmation arrives, once.
    sink.resume();
    let mails = sink.wait_for(stored as usize, Duration::from_secs(60)).await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    let mails_later = sink.messages();
    assert_eq!(mails.len() as i64, stored);
    assert_eq!(mails_later.len() as i64, stored, "no mail twice");
    for reference in &acknowledged {
        assert_eq!(
            mails_later
                .iter()
                .filter(|m| m["subject"].as_str().unwrap().contains(reference.as_str()))
                .count(),
            1
        );
    }
    drop(server);
}
on_both_engines!(a_crash_in_the_middle_of_a_burst_loses_no_acknowledged_signup);

async fn a_mail_outage_during_a_burst_fails_no_signup_and_all_mail_follows(engine: Engine) {
    let dir = tempfile::tempdir().unwrap();
    let database_url = common::database_url(engine, dir.path()).await;
    let mut sink = SmtpSink::start(&dir.path().join("mail"));
    let server = Server::start(dir.path(), &database_url, &sink.url(), free_port()).await;
    let client = reqwest::Client::new();

    let mut tasks = Vec::new();
    for worker in 0..8u32 {
        let client = client.clone();
        let base = server.base.clone();
        tasks.push(tokio::spawn(async move {
            let mut ok = 0;
            for i in 0..25u32 {
                let (status, body) =
                    post_signup(&client, &base, &Person::valid(5000 + worker * 25 + i)).await.unwrap();
                assert_eq!(status, 200, "{body}");
                assert!(accepted_reference(&body).is_some(), "{body}");
                ok += 1;
            }
            ok
        }));
    }
    tokio::time::sleep(Duration::from_millis(100)).await;
    sink.stop();
    let mut accepted = 0;
    for task in tasks {
        accepted += task.await.unwrap();
    }
    assert_eq!(accepted, 200, "no sign-up failed");
    tokio::time::sleep(Duration::from_secs(1)).await;
    sink.resume();
    let mails = sink.wait_for(200, Duration::from_secs(60)).await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert_eq!(mails.len(), 200);
    assert_eq!(sink.messages().len(), 200, "each once");
}
on_both_engines!(a_mail_outage_during_a_burst_fails_no_signup_and_all_mail_follows);

/// SQLite on a real, tiny file system that fills up; PostgreSQL switched to read-only.
async fn when_the_database_cannot_write_signups_get_a_try_again_page_and_recover(engine: Engine) {
    let dir = tempfile::tempdir().unwrap();
    let mount = dir.path().join("small-disk");
    std::fs::create_dir_all(&mount).unwrap();
    let database_url = match engine {
        Engine::Sqlite => {
            let mounted = Command::new("mount")
                .args(["-t", "tmpfs", "-o", "size=3m", "tmpfs"])
                .arg(&mount)
                .status()
                .map(|s| s.success())
                .unwrap_or(false);
            assert!(
                mounted,
                "this test mounts a 3 MB tmpfs and must run as root (as CI and the dev machines do)"
            );
            format!("sqlite://{}/full.db?mode=rwc", mount.display())
        }
        Engine::Postgres => common::create_postgres_database().await,
    };
    let sink = SmtpSink::start(&dir.path().join("mail"));
    let server = Server::start(dir.path(), &database_url, &sink.url(), free_port()).await;
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let (status, body) = post_signup(&client, &server.base, &Person::valid(7000)).await.unwrap();
    assert!(accepted_reference(&body).is_some(), "{status} {body}");

    let database_name = database_url.rsplit('/').next().unwrap().split('?').next().unwrap().to_string();
    // PostgreSQL switches are made from the maintenance database, which stays writable.
    let admin = match engine {
        Engine::Postgres => Some(Database::connect(common::postgres_base_url().unwrap()).await.unwrap()),
        Engine::Sqlite => None,
    };
    let filler = mount.join("filler");
    match engine {
        Engine::Sqlite => {
            // Fill the file system to the last byte.
            let mut file = std::fs::File::create(&filler).unwrap();
            let block = vec![0u8; 64 * 1024];
            use std::io::Write;
            while file.write_all(&block).is_ok() {}
            while file.write_all(&block[..512]).is_ok() {}
            let _ = file.sync_all();
        }
        Engine::Postgres => set_read_only(admin.as_ref().unwrap(), &database_name, true).await,
    }
    // Sign-ups that still fit in space SQLite had already allocated may succeed; then it is full.
    let mut refused = 0;
    let mut accepted_while_full = 0;
    let mut slowest = Duration::ZERO;
    for seq in 7001..7301 {
        let started = Instant::now();
        let (status, body) = post_signup(&client, &server.base, &Person::valid(seq)).await.unwrap();
        slowest = slowest.max(started.elapsed());
        let log = std::fs::read_to_string(dir.path().join("server.log")).unwrap_or_default();
        assert!(status == 503 || accepted_reference(&body).is_some(), "{status} {body}\n{log}");
        if status == 503 {
            assert!(body.contains("Unavailable"), "{body}");
            refused += 1;
            if refused == 5 {
                break;
            }
        } else {
            accepted_while_full += 1;
        }
    }
    assert_eq!(refused, 5, "writes are refused once the disk is full ({accepted_while_full} still fitted)");
    assert!(slowest < Duration::from_secs(12), "a refusal comes quickly ({slowest:?})");
    // A browser without JavaScript gets the "try again later" page.
    let mut sent_to_busy_page = false;
    for seq in 7400..7420 {
        let plain =
            common::post_signup_without_javascript(&client, &server.base, &Person::valid(seq).form()).await;
        let location = plain.headers()["location"].to_str().unwrap().to_string();
        assert!(location == "/busy" || location.starts_with("/signup/done?ref="), "{location}");
        if location == "/busy" {
            sent_to_busy_page = true;
            break;
        }
        accepted_while_full += 1;
    }
    assert!(sent_to_busy_page);
    let busy = reqwest::get(format!("{}/busy", server.base)).await.unwrap();
    assert_eq!(busy.status(), 503);
    assert!(busy.text().await.unwrap().contains("系统繁忙"));

    // Space is back: sign-ups work again without a restart, and nothing was half-written.
    match engine {
        Engine::Sqlite => std::fs::remove_file(&filler).unwrap(),
        Engine::Postgres => set_read_only(admin.as_ref().unwrap(), &database_name, false).await,
    }
    let db = Database::connect(&database_url).await.unwrap();
    let mut recovered = false;
    for attempt in 0..20 {
        let (_, body) = post_signup(&client, &server.base, &Person::valid(7100 + attempt)).await.unwrap();
        if accepted_reference(&body).is_some() {
            recovered = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    assert!(recovered, "the server recovers when space is back");
    let after = count(&db, "SELECT COUNT(*) FROM applications").await;
    let mails = count(&db, "SELECT COUNT(*) FROM outbox").await;
    assert_eq!(after, mails, "every stored sign-up has its mail, none half-written");
    let log = std::fs::read_to_string(dir.path().join("server.log")).unwrap_or_default();
    let listing = Command::new("ls")
        .arg("-la")
        .arg(&mount)
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).to_string())
        .unwrap_or_default();
    let py = Command::new("python3").arg("-c").arg(format!("import sqlite3; c=sqlite3.connect('{}/full.db'); print(c.execute('select count(*), group_concat(reference) from applications').fetchall())", mount.display())).output().map(|o| format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))).unwrap_or_default();
    assert!(after >= 2 + accepted_while_full as i64, "what was acknowledged is stored: {after} stored, {accepted_while_full} accepted while full\n{log}\n{listing}\n{py}");
    if engine == Engine::Sqlite {
        assert_sqlite_intact(&db).await;
        drop(db);
        drop(server);
        let _ = Command::new("umount").arg("-l").arg(&mount).status();
    }
}
on_both_engines!(when_the_database_cannot_write_signups_get_a_try_again_page_and_recover);

async fn a_slow_client_cannot_hold_the_server_and_big_bodies_get_413(engine: Engine) {
    let dir = tempfile::tempdir().unwrap();
    let database_url = common::database_url(engine, dir.path()).await;
    let sink = SmtpSink::start(&dir.path().join("mail"));
    let server = Server::start_with(
        dir.path(),
        &database_url,
        &sink.url(),
        free_port(),
        &[("REQUEST_TIMEOUT_SECS", "2")],
    )
    .await;

    // One byte per second of body.
    let mut slow = tokio::net::TcpStream::connect(("127.0.0.1", server.port)).await.unwrap();
    slow.write_all(
        b"POST /api/signup HTTP/1.1\r\nHost: x\r\nAccept: application/json\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 400\r\n\r\n",
    )
    .await
    .unwrap();
    let slow_task = tokio::spawn(async move {
        let started = Instant::now();
        for _ in 0..10 {
            if slow.write_all(b"a").await.is_err() {
                break;
            }
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
        let mut answer = Vec::new();
        let _ = tokio::time::timeout(Duration::from_secs(5), slow.read_to_end(&mut answer)).await;
        (started.elapsed(), String::from_utf8_lossy(&answer).to_string())
    });
    // Meanwhile everybody else is served at once.
    let client = reqwest::Client::new();
    for seq in 0..5 {
        let started = Instant::now();
        let (status, body) = post_signup(&client, &server.base, &Person::valid(8000 + seq)).await.unwrap();
        assert_eq!(status, 200, "{body}");
        assert!(started.elapsed() < Duration::from_secs(2));
    }
    let (elapsed, answer) = slow_task.await.unwrap();
    assert!(answer.starts_with("HTTP/1.1 408"), "the slow request is cut off: {answer:?}");
    assert!(elapsed < Duration::from_secs(8), "after the 2 s request timeout, not after the whole trickle");

    // A 1 MB body is refused by its announced length alone: the answer comes before any of it is
    // sent (a client still writing when the server closes would only see a broken pipe).
    let mut huge = tokio::net::TcpStream::connect(("127.0.0.1", server.port)).await.unwrap();
    huge.write_all(
        b"POST /api/signup HTTP/1.1\r\nHost: x\r\nAccept: application/json\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1048576\r\n\r\n",
    )
    .await
    .unwrap();
    let mut answer = vec![0u8; 64];
    let read = tokio::time::timeout(Duration::from_secs(5), huge.read(&mut answer)).await.unwrap().unwrap();
    let answer = String::from_utf8_lossy(&answer[..read]).to_string();
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer:?}");
}
on_both_engines!(a_slow_client_cannot_hold_the_server_and_big_bodies_get_413);

/// Resident memory of a process, from `/proc/<pid>/status` (`VmRSS`, or `VmHWM` for the peak), in KB.
fn memory_kb(pid: u32, field: &str) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let line = status.lines().find(|l| l.starts_with(field)).unwrap();
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

/// Creates a city admin with the binary's own command and returns the one-time password.
fn create_city_admin(data_dir: &std::path::Path, database_url: &str, name: &str) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_shouwang"))
        .args(["admin", "create", "--name", name, "--role", "city_admin"])
        .env("SHOUWANG_DATA_DIR", data_dir)
        .env("DATABASE_URL", database_url)
        .env("RUST_LOG", "warn")
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).unwrap().lines().last().unwrap().trim().to_string()
}

async fn a_flood_of_huge_rejected_signups_leaves_memory_flat_and_notices_in_place(engine: Engine) {
    let dir = tempfile::tempdir().unwrap();
    let database_url = common::database_url(engine, dir.path()).await;
    let sink = SmtpSink::start(&dir.path().join("mail"));
    let env = [("SIGNUPS_PER_MINUTE", "120"), ("TRUSTED_PROXIES", "127.0.0.1")];
    let server = Server::start_with(dir.path(), &database_url, &sink.url(), free_port(), &env).await;
    let pid = server.child.id();
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();

    // An organizer's notice, left by a plain form post before the flood.
    let password = create_city_admin(dir.path(), &database_url, "boss");
    let login = client
        .post(format!("{}/api/admin/login", server.base))
        .header("accept", "application/json")
        .header("origin", &server.base)
        .form(&[("name", "boss"), ("password", password.as_str())])
        .send()
        .await
        .unwrap();
    let cookie = login.headers()["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_string();
    let decided = client
        .post(format!("{}/api/admin/decide", server.base))
        .header("accept", "text/html")
        .header("origin", &server.base)
        .header("cookie", &cookie)
        .form(&[("id", "not-a-number"), ("form[decision]", shouwang::domain::Decision::Approve.as_str())])
        .send()
        .await
        .unwrap();
    let location = decided.headers()["location"].to_str().unwrap().to_string();
    let notice = location.split_once("notice=").unwrap().1.to_string();

    // 120 KB of a plain-form sign-up the form refuses (the name and e-mail are far too long).
    let mut form = Person::valid(1).form();
    for (name, value) in form.iter_mut() {
        if name == "form[name]" {
            *value = "a".repeat(60_000);
        } else if name == "form[email]" {
            *value = "b".repeat(60_000);
        }
    }
    let body = reqwest::Url::parse_with_params("http://x", &form).unwrap().query().unwrap().to_string();
    assert!(body.len() >= 120_000, "{} bytes", body.len());
    let flood = |clients: u32| {
        let started = Instant::now();
        let tasks: Vec<_> = (0..8u32)
            .map(|worker| {
                let (client, body, url) =
                    (client.clone(), body.clone(), format!("{}/api/signup", server.base));
                tokio::spawn(async move {
                    for n in (worker..5_000).step_by(8) {
                        let from = format!("10.1.{}.{}", (n % clients) / 250, (n % clients) % 250 + 1);
                        let response = client
                            .post(&url)
                            .header("accept", "text/html")
                            .header("content-type", "application/x-www-form-urlencoded")
                            .header("x-forwarded-for", from)
                            .body(body.clone())
                            .send()
                            .await
                            .unwrap();
                        assert_eq!(response.status(), 302);
                    }
                })
            })
            .collect();
        async move {
            for task in tasks {
                task.await.unwrap();
            }
            started.elapsed()
        }
    };

    let from_one = flood(1).await;
    let rss_after_one = memory_kb(pid, "VmRSS:");
    let from_many = flood(500).await;
    let rss_after_many = memory_kb(pid, "VmRSS:");
    let peak = memory_kb(pid, "VmHWM:");
    eprintln!(
        "flood of 5,000 × 120 KB: one client {from_one:?} → RSS {rss_after_one} KB; \
         500 clients {from_many:?} → RSS {rss_after_many} KB; peak {peak} KB"
    );

    assert!(peak < 150 * 1024, "peak RSS {peak} KB");
    let kept = client
        .post(format!("{}/api/admin/notice", server.base))
        .header("accept", "application/json")
        .header("origin", &server.base)
        .header("cookie", &cookie)
        .form(&[("token", notice.as_str())])
        .send()
        .await
        .unwrap();
    let kept: serde_json::Value = serde_json::from_str(&kept.text().await.unwrap()).unwrap();
    assert_eq!(kept[0], false, "the organizer's notice survived the flood: {kept}");
    assert!(kept[1].as_str().is_some_and(|m| !m.is_empty()), "{kept}");
}
on_both_engines!(a_flood_of_huge_rejected_signups_leaves_memory_flat_and_notices_in_place);
