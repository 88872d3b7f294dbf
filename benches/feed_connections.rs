//! Benchmark (not a test): 2,000 open live-feed connections (`GET /feed/campaign/{id}`, Server-Sent
//! Events) against one server, its memory (RSS) before and while they are open, and how long one new
//! sign-up's line takes to reach all of them.
//!
//!     cargo bench --features ssr --bench feed_connections [-- 2000]
//!
//! The server runs in this process; the clients run in a second process (this binary again, with
//! `clients` as its first argument), so the RSS read from /proc/self/status is the server's alone.
//! The clients speak plain HTTP/1.1 over raw sockets: a request, then read what comes.

use std::net::SocketAddr;
use std::process::Stdio;
use std::time::{Duration, Instant};

use chrono::Utc;
use leptos::config::LeptosOptions;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use shouwang::domain::feed::{FeedEntry, FeedTopic, MaskedMobile};
use shouwang::server::db::Durability;
use shouwang::server::entities::campaign;
use shouwang::server::settings::Settings;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};

fn rss_mb(field: &str) -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kb: f64 = status
        .lines()
        .find_map(|line| line.strip_prefix(field))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0.0);
    kb / 1024.0
}

/// The second process: opens `n` feeds, says `READY <open> <refused>`, then `RECEIVED <n> <ms>`
/// once every open feed got a line with a masked number (or 10 s passed).
async fn clients(addr: String, id: i32, n: usize) {
    let (got, mut received) = tokio::sync::mpsc::unbounded_channel::<()>();
    let (mut open, mut refused) = (0, 0);
    let mut held = Vec::with_capacity(n);
    for _ in 0..n {
        let Ok(mut stream) = tokio::net::TcpStream::connect(&addr).await else {
            refused += 1;
            continue;
        };
        let request =
            format!("GET /feed/campaign/{id} HTTP/1.1\r\nHost: bench\r\nAccept-Language: zh\r\n\r\n");
        if stream.write_all(request.as_bytes()).await.is_err() {
            refused += 1;
            continue;
        }
        let mut head = [0u8; 512];
        let read = stream.read(&mut head).await.unwrap_or(0);
        if !head[..read].starts_with(b"HTTP/1.1 200") {
            refused += 1;
            continue;
        }
        open += 1;
        let got = got.clone();
        held.push(tokio::spawn(async move {
            let mut buffer = vec![0u8; 1024];
            while let Ok(read) = stream.read(&mut buffer).await {
                if read == 0 {
                    return;
                }
                if String::from_utf8_lossy(&buffer[..read]).contains("****") {
                    let _ = got.send(());
                }
            }
        }));
    }
    println!("READY {open} {refused}");
    // the server's "go": it publishes right after
    let _ = tokio::task::spawn_blocking(|| std::io::stdin().read_line(&mut String::new())).await;
    let started = Instant::now();
    let mut count = 0;
    while count < open {
        match tokio::time::timeout(Duration::from_secs(10), received.recv()).await {
            Ok(Some(())) => count += 1,
            _ => break,
        }
    }
    println!("RECEIVED {count} {}", started.elapsed().as_millis());
}

async fn server(n: usize) {
    let dir = tempfile::tempdir().unwrap();
    let settings = Settings {
        leptos: LeptosOptions::builder()
            .output_name("shouwang")
            .site_root("target/site")
            .site_addr(SocketAddr::from(([127, 0, 0, 1], 0)))
            .build(),
        data_dir: dir.path().join("data"),
        database_url: format!("sqlite://{}/bench.db?mode=rwc", dir.path().display()),
        durability: Durability::Normal,
        smtp_url: None,
        mail_from: "bench <noreply@shouwang.localhost>".into(),
        public_url: "http://bench.test".into(),
        secret_key: None,
        status_lookups_per_minute: 1000,
        signups_per_minute: 1000,
        request_timeout: Duration::from_secs(30),
        page_cache_for: Duration::from_secs(1),
        campaign_cache_for: Duration::from_secs(1),
        metrics_allow: vec![],
        migrate_at_start: true,
        webhook_allow_private: false,
        trusted_proxies: vec![],
        seed_demo: true,
        outbox_poll: Duration::from_secs(60),
        outbox_backoff: Duration::from_secs(60),
        outbox_max_backoff: Duration::from_secs(60),
        login_first_wait: Duration::from_secs(1),
    };
    let app = shouwang::startup::build(settings).await.unwrap();
    let (state, addr) = (app.state.clone(), app.addr);
    let id = campaign::Entity::find()
        .filter(campaign::Column::Slug.eq("volunteers-guard-expo"))
        .one(&state.db)
        .await
        .unwrap()
        .unwrap()
        .id;
    tokio::spawn(app.run_until_stopped());
    tokio::time::sleep(Duration::from_millis(300)).await;
    let before = rss_mb("VmRSS:");

    let started = Instant::now();
    let mut child = tokio::process::Command::new(std::env::current_exe().unwrap())
        .args(["clients", &addr.to_string(), &id.to_string(), &n.to_string()])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let ready = lines.next_line().await.unwrap().unwrap_or_default();
    let opened_in = started.elapsed();
    tokio::time::sleep(Duration::from_secs(2)).await;
    let open = rss_mb("VmRSS:");

    let masked = MaskedMobile::from_parts("136", "8028").unwrap();
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(b"go\n").await.unwrap();
    stdin.flush().await.unwrap();
    state.feed.publish(FeedTopic::Campaign(id), FeedEntry { at: Utc::now(), masked });
    let received = lines.next_line().await.unwrap().unwrap_or_default();
    let peak = rss_mb("VmHWM:");
    let _ = child.kill().await;

    println!("\n{n} feed connections to /feed/campaign/{id}");
    println!("  clients: {ready} (opened in {:.1} s)", opened_in.as_secs_f64());
    println!("  server RSS: {before:.1} MB before, {open:.1} MB with the feeds open, peak {peak:.1} MB");
    let opened: f64 = ready.split_whitespace().nth(1).and_then(|o| o.parse().ok()).unwrap_or(n as f64);
    println!(
        "  one sign-up to every feed: {received}   ({:.1} KB of RSS per open feed)",
        (open - before) * 1024.0 / opened.max(1.0)
    );
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    if args.get(1).map(String::as_str) == Some("clients") {
        let (addr, id, n) = (args[2].clone(), args[3].parse().unwrap(), args[4].parse().unwrap());
        runtime.block_on(clients(addr, id, n));
        return;
    }
    let n = args.iter().skip(1).find_map(|a| a.parse().ok()).unwrap_or(2000);
    runtime.block_on(server(n));
}
