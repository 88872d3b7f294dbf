//! Benchmark (not a test): the training enrolment storm — 2,000 volunteers enrol at once, over
//! HTTP through `/api/me/enrol` with their own page's token, into 200 sessions of 10 seats
//! (each picks a session at random, so some sessions are asked for more than 10 times and the
//! rest wait in line). Reports enrolments/s, p50/p99, overbooked seats (must be 0), and the
//! static route's requests/s at the same concurrency in the same run, on SQLite and (when one
//! can be reached) PostgreSQL.
//!
//!     cargo bench --features ssr --bench enrolment_storm
//!
//! PostgreSQL: `TEST_DATABASE_URL` or the local server on 127.0.0.1:5432.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use chrono::{NaiveDate, Utc};
use leptos::config::LeptosOptions;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set, Statement, TransactionTrait};
use sha2::{Digest, Sha256};
use shouwang::domain::ApplicationStatus;
use shouwang::server::db::Durability;
use shouwang::server::entities::{application, campaign, campaign_role, training_session, volunteer_session};
use shouwang::server::settings::Settings;

const PEOPLE: usize = 2_000;
const SESSIONS: usize = 200;
const SEATS: i32 = 10;

async fn portal(database_url: String, dir: &std::path::Path) -> (shouwang::server::AppState, String) {
    let settings = Settings {
        leptos: LeptosOptions::builder()
            .output_name("shouwang")
            .site_root("target/site")
            .site_addr(SocketAddr::from(([127, 0, 0, 1], 0)))
            .build(),
        data_dir: dir.join("data"),
        database_url,
        durability: Durability::Full,
        smtp_url: None,
        mail_from: "bench <noreply@shouwang.localhost>".into(),
        public_url: "http://bench.test".into(),
        secret_key: None,
        status_lookups_per_minute: 1_000_000,
        signups_per_minute: 1_000_000,
        request_timeout: Duration::from_secs(60),
        page_cache_for: Duration::ZERO,
        campaign_cache_for: Duration::from_secs(1),
        metrics_allow: vec![],
        migrate_at_start: true,
        webhook_allow_private: false,
        trusted_proxies: vec![],
        seed_demo: true,
        outbox_poll: Duration::from_secs(3600),
        outbox_backoff: Duration::from_secs(60),
        outbox_max_backoff: Duration::from_secs(60),
        login_first_wait: Duration::from_secs(1),
    };
    let app = shouwang::startup::build(settings).await.unwrap();
    let base = format!("http://{}", app.addr);
    let state = app.state.clone();
    tokio::spawn(app.run_until_stopped());
    (state, base)
}

/// 2,000 approved recruits with an open page each (their tokens), and 200 sessions.
async fn people_and_sessions(state: &shouwang::server::AppState) -> (Vec<String>, Vec<i32>) {
    let db = &state.db;
    let c = campaign::Entity::find()
        .filter(campaign::Column::Slug.eq("volunteers-guard-expo"))
        .one(db)
        .await
        .unwrap()
        .unwrap();
    let role = campaign_role::Entity::find()
        .filter(campaign_role::Column::CampaignId.eq(c.id))
        .one(db)
        .await
        .unwrap()
        .unwrap();
    let now = Utc::now();
    let txn = db.begin().await.unwrap();
    let mut sessions = Vec::with_capacity(SESSIONS);
    for i in 0..SESSIONS {
        let starts = now + chrono::Duration::days(3) + chrono::Duration::hours(i as i64 * 4);
        let saved = training_session::Entity::insert(training_session::ActiveModel {
            campaign_id: Set(c.id),
            title: Set(format!("岗前培训 {i}")),
            starts_at: Set(starts),
            ends_at: Set(starts + chrono::Duration::hours(3)),
            place: Set("南湖区文化中心".into()),
            meeting_note: Set(String::new()),
            capacity: Set(SEATS),
            enrolment_opens_at: Set(now - chrono::Duration::hours(1)),
            enrolment_closes_at: Set(starts),
            enrolled: Set(0),
            created_at: Set(now),
            ..Default::default()
        })
        .exec(&txn)
        .await
        .unwrap();
        sessions.push(saved.last_insert_id);
    }
    let sealed = state.crypto.encrypt("13612348028");
    let sealed_id = state.crypto.encrypt("330402198506150011");
    let community = state.regions.counties[0].children[0].children[0].code.clone();
    let mut tokens = Vec::with_capacity(PEOPLE);
    for start in (0..PEOPLE).step_by(500) {
        let rows = (start..(start + 500).min(PEOPLE)).map(|i| application::ActiveModel {
            campaign_id: Set(c.id),
            role_id: Set(role.id),
            reference: Set(format!("SB{i:08}")),
            name: Set("王芳".into()),
            id_cipher: Set(sealed_id.clone()),
            id_hash: Set(format!("{i:064}")),
            mobile_cipher: Set(sealed.clone()),
            mobile_hash: Set(format!("m{i}")),
            mobile_last4: Set(format!("{:04}", i % 10_000)),
            birth_date: Set(NaiveDate::from_ymd_opt(1985, 6, 15).unwrap()),
            region_code: Set(community.clone()),
            skills: Set("[]".into()),
            availability: Set("[]".into()),
            email: Set(None),
            status: Set(ApplicationStatus::Approved),
            consent_at: Set(now),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        });
        application::Entity::insert_many(rows).exec(&txn).await.unwrap();
    }
    let ids: Vec<i64> = application::Entity::find()
        .filter(application::Column::Reference.starts_with("SB"))
        .all(&txn)
        .await
        .unwrap()
        .into_iter()
        .map(|a| a.id)
        .collect();
    for id in ids {
        // a page opened by the status look-up: a random token, its SHA-256 stored
        let token = format!("{:064x}", (id as u128) * 0x9E37_79B9_7F4A_7C15 + 0x1234_5678);
        volunteer_session::Entity::insert(volunteer_session::ActiveModel {
            token_hash: Set(hex::encode(Sha256::digest(token.as_bytes()))),
            application_id: Set(id),
            created_at: Set(now),
            expires_at: Set(now + chrono::Duration::hours(12)),
            revoked_at: Set(None),
        })
        .exec(&txn)
        .await
        .unwrap();
        tokens.push(token);
    }
    txn.commit().await.unwrap();
    (tokens, sessions)
}

/// Sends all requests at once; answers (requests/s, p50 ms, p99 ms, non-2xx answers).
async fn storm(requests: Vec<reqwest::RequestBuilder>) -> (f64, f64, f64, usize) {
    let started = Instant::now();
    let tasks: Vec<_> = requests
        .into_iter()
        .map(|r| {
            tokio::spawn(async move {
                let sent = Instant::now();
                let ok = r.send().await.map(|a| a.status().is_success()).unwrap_or(false);
                (sent.elapsed(), ok)
            })
        })
        .collect();
    let mut times = Vec::with_capacity(tasks.len());
    let mut failed = 0;
    for task in tasks {
        let (took, ok) = task.await.unwrap();
        times.push(took);
        failed += usize::from(!ok);
    }
    let elapsed = started.elapsed().as_secs_f64();
    times.sort();
    let at = |q: f64| times[((times.len() as f64 * q) as usize).min(times.len() - 1)].as_secs_f64() * 1000.0;
    (times.len() as f64 / elapsed, at(0.50), at(0.99), failed)
}

async fn count(state: &shouwang::server::AppState, sql: &str) -> i64 {
    let db = &state.db;
    let row =
        db.query_one_raw(Statement::from_string(db.get_database_backend(), sql.to_string())).await.unwrap();
    row.unwrap().try_get_by_index::<i64>(0).unwrap()
}

async fn run(engine: &str, database_url: String) {
    let dir = tempfile::tempdir().unwrap();
    let (state, base) = portal(database_url, dir.path()).await;
    let (tokens, sessions) = people_and_sessions(&state).await;
    let client = reqwest::Client::builder().pool_max_idle_per_host(256).build().unwrap();

    let statics = (0..PEOPLE).map(|_| client.get(format!("{base}/healthz"))).collect();
    let (static_rps, static_p50, static_p99, static_failed) = storm(statics).await;

    let mut pick: u64 = 0x2545_F491_4F6C_DD1D;
    let enrolments = tokens
        .iter()
        .map(|token| {
            pick ^= pick << 13;
            pick ^= pick >> 7;
            pick ^= pick << 17;
            let session = sessions[(pick % SESSIONS as u64) as usize].to_string();
            client
                .post(format!("{base}/api/me/enrol"))
                .header("accept", "application/json")
                .header("cookie", format!("sw_me={token}"))
                .form(&[("session", session)])
        })
        .collect();
    let (rps, p50, p99, failed) = storm(enrolments).await;

    let seated = count(&state, "SELECT COUNT(*) FROM enrolments WHERE state = 'enrolled'").await;
    let waiting = count(&state, "SELECT COUNT(*) FROM enrolments WHERE state = 'waiting'").await;
    let overbooked = count(
        &state,
        "SELECT CAST(COALESCE(SUM(n - capacity), 0) AS BIGINT) FROM (SELECT s.capacity AS capacity, \
         (SELECT COUNT(*) FROM enrolments e WHERE e.session_id = s.id AND e.state = 'enrolled') AS n \
         FROM training_sessions s) t WHERE n > capacity",
    )
    .await;
    let counter_off = count(
        &state,
        "SELECT COUNT(*) FROM training_sessions s WHERE s.enrolled <> \
         (SELECT COUNT(*) FROM enrolments e WHERE e.session_id = s.id AND e.state = 'enrolled')",
    )
    .await;
    println!(
        "| {engine} | {PEOPLE} into {SESSIONS}×{SEATS} | {rps:.0} | {p50:.0} | {p99:.0} | {failed} | {seated} / {waiting} | \
         {overbooked} | {counter_off} | {static_rps:.0} (p50 {static_p50:.0}, p99 {static_p99:.0}, failed {static_failed}) | {:.2} |",
        rps / static_rps
    );
}

fn postgres() -> Option<String> {
    let base = std::env::var("TEST_DATABASE_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let db = sea_orm::Database::connect(&base).await.ok()?;
        let name = format!("sw_bench_storm_{}", std::process::id());
        db.execute_unprepared(&format!("DROP DATABASE IF EXISTS {name}")).await.ok()?;
        db.execute_unprepared(&format!("CREATE DATABASE {name}")).await.ok()?;
        Some(format!("{}/{name}", base.rsplit_once('/').map_or(base.as_str(), |(head, _)| head)))
    })
}

fn main() {
    println!(
        "| engine | storm | enrolments/s | p50 ms | p99 ms | non-2xx | seated / waiting | overbooked seats | \
         counters off | static route req/s | enrol ÷ static |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|---|");
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let sqlite = format!("sqlite://{}/storm.db?mode=rwc", dir.path().display());
    runtime.block_on(run("SQLite", sqlite));
    match postgres() {
        Some(url) => runtime.block_on(run("PostgreSQL", url)),
        None => println!("| PostgreSQL | not reachable: set TEST_DATABASE_URL | | | | | | | | | |"),
    }
}
