//! Benchmark (not a test): the review queue's first page at 100 and at 100,000 applications on
//! SQLite — the same query the page runs (counts per status + 50 rows), through the service.
//!
//!     cargo bench --features ssr --bench queue_first_page
//!
//! Prints the median and the slowest of 30 runs for each size and a few filters.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use chrono::{NaiveDate, Utc};
use leptos::config::LeptosOptions;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, Set, TransactionTrait};
use shouwang::domain::ApplicationStatus;
use shouwang::model::admin::QueueFilter;
use shouwang::server::access::{Organizer, Role};
use shouwang::server::db::Durability;
use shouwang::server::entities::{application, campaign, campaign_role};
use shouwang::server::services::review;
use shouwang::server::settings::Settings;

async fn app_with(count: usize) -> (shouwang::startup::Application, tempfile::TempDir) {
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
        page_cache_for: Duration::ZERO,
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
    let db = &app.state.db;
    let c = campaign::Entity::find()
        .filter(campaign::Column::Slug.eq("volunteers-guard-expo"))
        .one(db)
        .await
        .unwrap()
        .unwrap();
    let roles = campaign_role::Entity::find()
        .filter(campaign_role::Column::CampaignId.eq(c.id))
        .all(db)
        .await
        .unwrap();
    let communities: Vec<String> = app
        .state
        .regions
        .counties
        .iter()
        .flat_map(|county| county.children.iter().flat_map(|s| s.children.iter().map(|c| c.code.clone())))
        .collect();
    use ApplicationStatus::{Approved, Pending, Rejected, Waitlisted};
    let statuses = [Pending, Pending, Pending, Approved, Rejected, Waitlisted];
    let skills = ["[\"first_aid\"]", "[\"leadership\"]", "[\"mediation\",\"driving\"]"];
    let sealed = app.state.crypto.encrypt("13612348028");
    let sealed_id = app.state.crypto.encrypt("330402198506150011");
    let now = Utc::now();
    for start in (0..count).step_by(1000) {
        let txn = db.begin().await.unwrap();
        let rows = (start..(start + 1000).min(count)).map(|i| application::ActiveModel {
            campaign_id: Set(c.id),
            role_id: Set(roles[i % roles.len()].id),
            reference: Set(format!("SB{i:08}")),
            name: Set(["王芳", "李明", "张伟", "刘洋"][i % 4].into()),
            id_cipher: Set(sealed_id.clone()),
            id_hash: Set(format!("{i:064}")),
            mobile_cipher: Set(sealed.clone()),
            mobile_hash: Set(format!("m{i}")),
            mobile_last4: Set(format!("{:04}", i % 10_000)),
            birth_date: Set(NaiveDate::from_ymd_opt(
                1960 + (i % 45) as i32,
                1 + (i % 12) as u32,
                1 + (i % 28) as u32,
            )
            .unwrap()),
            region_code: Set(communities[i % communities.len()].clone()),
            skills: Set(skills[i % 3].into()),
            availability: Set("[\"weekend_day\"]".into()),
            email: Set(None),
            status: Set(statuses[i % statuses.len()]),
            consent_at: Set(now),
            created_at: Set(now - chrono::Duration::seconds((count - i) as i64)),
            updated_at: Set(now),
            ..Default::default()
        });
        application::Entity::insert_many(rows).exec(&txn).await.unwrap();
        txn.commit().await.unwrap();
    }
    // what the hourly task of a running portal does
    shouwang::server::db::refresh_statistics(db).await.unwrap();
    (app, dir)
}

fn main() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let admin = Organizer { id: 1, name: "bench".into(), role: Role::CityAdmin, county: None };
        let district = Organizer {
            id: 2,
            name: "bench".into(),
            role: Role::DistrictOrganizer,
            county: Some("330402".into()),
        };
        for count in [100, 100_000] {
            let started = Instant::now();
            let (app, _dir) = app_with(count).await;
            println!("\n{count} applications (written in {:.1} s)", started.elapsed().as_secs_f64());
            let cases: Vec<(&str, &Organizer, QueueFilter)> = vec![
                ("first page, city admin", &admin, QueueFilter::default()),
                ("first page, district organizer", &district, QueueFilter::default()),
                (
                    "pending in one street",
                    &admin,
                    QueueFilter {
                        status: ApplicationStatus::Pending.as_str().into(),
                        street: "330402007".into(),
                        ..Default::default()
                    },
                ),
                (
                    "skill + age, sorted by name",
                    &admin,
                    QueueFilter {
                        skill: "leadership".into(),
                        age_min: "30".into(),
                        age_max: "50".into(),
                        sort: "name".into(),
                        ..Default::default()
                    },
                ),
                ("search last four digits", &admin, QueueFilter { q: "0042".into(), ..Default::default() }),
                ("page 500", &admin, QueueFilter { page: "500".into(), ..Default::default() }),
            ];
            for (label, who, filter) in cases {
                let mut times = Vec::new();
                for _ in 0..30 {
                    let t = Instant::now();
                    let page = review::queue(&app.state, who, &filter).await.unwrap();
                    times.push(t.elapsed());
                    std::hint::black_box(page);
                }
                times.sort();
                println!(
                    "  {label:<34} median {:>7.2} ms   max {:>7.2} ms",
                    times[15].as_secs_f64() * 1e3,
                    times[29].as_secs_f64() * 1e3
                );
            }
        }
    });
}
