//! Back office: fair selection by lottery — the preview shows the pool and draws nobody, the
//! commit draws with a seed the server takes at that moment (never one from the request),
//! caps each street, and publishes and audits the draw.

use crate::admin_support;
use crate::common;

use std::collections::{HashMap, HashSet};

use admin_support::{communities, insert, signed_in, with_status, NewApplication, NANHU, XIUZHOU};
use common::{spawn_app, Engine};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::Value;
use shouwang::domain::lottery::{draw, Pool, Seed};
use shouwang::domain::{ApplicationStatus, AuditAction};
use shouwang::server::access::Role;
use shouwang::server::entities::{application, audit, lottery_draw};
use shouwang::server::services::lottery::entry_token;

fn is_hex(text: &str, len: usize) -> bool {
    text.len() == len && text.bytes().all(|b| b.is_ascii_hexdigit())
}

async fn audit_rows(app: &common::TestApp, action: AuditAction) -> Vec<audit::Model> {
    audit::Entity::find()
        .filter(audit::Column::Action.eq(action))
        .filter(audit::Column::ApplicationId.is_null())
        .all(&app.state.db)
        .await
        .unwrap()
}

async fn a_draw_caps_each_street_approves_exactly_what_it_publishes_and_is_audited(engine: Engine) {
    let app =
        common::spawn_app_with(engine, common::Options { with_sink: false, ..Default::default() }).await;
    let nanhu = communities(&app, NANHU);
    // 300 pending spread over the streets of Nanhu (unevenly: the first community gets many)
    let rows: Vec<NewApplication> = (0..300)
        .map(|i| NewApplication::pending(&nanhu[if i % 3 == 0 { 0 } else { i % nanhu.len() }].1))
        .collect();
    insert(&app, rows).await;
    insert(&app, (0..50).map(|_| NewApplication::pending(&communities(&app, XIUZHOU)[0].1)).collect()).await;
    let organizer = signed_in(&app, "nanhu", Role::DistrictOrganizer, Some(NANHU)).await;
    let params = vec![
        ("filter[campaign]", "volunteers-guard-expo"),
        ("lottery[n]", "60"),
        ("lottery[per_street]", "5"),
    ];

    // previews show the pool, draw nobody, and are audited
    let first = organizer.call_json("lottery_preview", &params).await;
    let again = organizer.call_json("lottery_preview", &params).await;
    assert_eq!(first["pool"], 300, "the other district's applicants are not in the pool");
    let digest = first["pool_digest"].as_str().unwrap().to_string();
    assert!(is_hex(&digest, 64), "{digest}");
    assert_eq!(again["pool_digest"], first["pool_digest"], "the same pool, the same digest");
    assert!(first.get("picked").is_none() && first.get("seed").is_none(), "a preview draws nobody: {first}");
    let pool_total: u64 =
        first["per_street_counts"].as_array().unwrap().iter().map(|p| p[1].as_u64().unwrap()).sum();
    assert_eq!(pool_total, 300);
    assert_eq!(with_status(&app, ApplicationStatus::Approved).await, 0, "a preview changes nothing");
    let previews = audit_rows(&app, AuditAction::LotteryPreview).await;
    assert_eq!(previews.len(), 2, "every preview is audited");
    let logged: Value = serde_json::from_str(previews[0].detail.as_deref().unwrap()).unwrap();
    assert_eq!((logged["pool_digest"].as_str(), logged["n"].as_u64()), (Some(digest.as_str()), Some(60)));
    assert_eq!(previews[0].actor_name, "nanhu");

    // commit
    let mut commit = params.clone();
    commit.push(("digest", digest.as_str()));
    let report = organizer.call_json("lottery_commit", &commit).await;
    let approved = application::Entity::find()
        .filter(application::Column::Status.eq(ApplicationStatus::Approved))
        .all(&app.state.db)
        .await
        .unwrap();
    assert_eq!(report["decision"]["changed"].as_u64().unwrap(), approved.len() as u64);
    let streets_in_nanhu = app.state.regions.county(NANHU).unwrap().children.len();
    assert_eq!(approved.len(), Ord::min(60, 5 * streets_in_nanhu));
    let mut per_street: HashMap<&str, usize> = HashMap::new();
    for a in &approved {
        *per_street.entry(&a.region_code[..9]).or_default() += 1;
    }
    assert!(per_street.values().all(|n| *n <= 5), "{per_street:?}");

    // the published draw is what was approved, and it follows from its pool and seed
    let id = report["draw"].as_i64().unwrap();
    let published = lottery_draw::Entity::find_by_id(id).one(&app.state.db).await.unwrap().unwrap();
    assert_eq!(published.pool_digest, digest);
    assert!(is_hex(&published.seed, 64), "{}", published.seed);
    let winners: Vec<&str> = published.winners.lines().collect();
    let approved_tokens: HashSet<String> =
        approved.iter().map(|a| entry_token(&app.state, &a.reference)).collect();
    assert_eq!(winners.iter().map(|t| t.to_string()).collect::<HashSet<_>>(), approved_tokens);
    let pool = Pool::parse(&published.pool).unwrap();
    assert_eq!((pool.len(), pool.digest()), (300, digest.clone()));
    let redrawn = draw(&pool, 60, Some(5), &Seed::parse(&published.seed).unwrap());
    assert_eq!(redrawn.winners().map(|e| e.token.as_str()).collect::<Vec<_>>(), winners);

    // the audit log holds the digest, the seed, the draw and the result
    let summaries = audit_rows(&app, AuditAction::Lottery).await;
    assert_eq!(summaries.len(), 1);
    let detail: Value = serde_json::from_str(summaries[0].detail.as_deref().unwrap()).unwrap();
    assert_eq!(detail["seed"], published.seed.as_str());
    assert_eq!(detail["pool_digest"], digest.as_str());
    assert_eq!(detail["draw"], id);
    let mut logged: Vec<i64> =
        detail["picked"].as_array().unwrap().iter().map(|v| v.as_i64().unwrap()).collect();
    let mut approved_ids: Vec<i64> = approved.iter().map(|a| a.id).collect();
    logged.sort();
    approved_ids.sort();
    assert_eq!(logged, approved_ids);
    assert_eq!(summaries[0].actor_name, "nanhu");
    assert_eq!(
        app.count(&format!("SELECT COUNT(*) FROM audit_log WHERE action = 'lottery' AND application_id IS NOT NULL AND to_status = '{}'", ApplicationStatus::Approved)).await,
        approved.len() as i64
    );

    // committing the same preview again: the pool changed (they are no longer pending) → refused
    let (status, body) = organizer.call("lottery_commit", &commit).await;
    assert_eq!(status, 422, "{body}");
    assert!(body.contains("候选名单发生了变化"), "{body}");
    assert_eq!(with_status(&app, ApplicationStatus::Approved).await, approved.len() as i64);
    assert_eq!(app.count("SELECT COUNT(*) FROM lottery_draws").await, 1);
}
on_both_engines!(a_draw_caps_each_street_approves_exactly_what_it_publishes_and_is_audited);

async fn a_commit_takes_no_seed_from_the_request(engine: Engine) {
    let app = spawn_app(engine).await;
    let nanhu = communities(&app, NANHU);
    insert(&app, (0..40).map(|i| NewApplication::pending(&nanhu[i % nanhu.len()].1)).collect()).await;
    let admin = signed_in(&app, "chief", Role::CityAdmin, None).await;
    let filter = ("filter[county]", NANHU);
    let preview = admin.call_json("lottery_preview", &[filter, ("lottery[n]", "10")]).await;
    let digest = preview["pool_digest"].as_str().unwrap();

    // the old way to choose the winners: post the seed that previewed the wanted people
    for seed in ["20261129", &"ab".repeat(32)] {
        let commit = [filter, ("lottery[n]", "10"), ("lottery[seed]", seed), ("digest", digest)];
        let (status, body) = admin.call("lottery_commit", &commit).await;
        assert_eq!(status, 422, "{body}");
        assert!(body.contains("不能指定"), "{body}");
        let (status, _) =
            admin.call("lottery_preview", &[filter, ("lottery[n]", "10"), ("lottery[seed]", seed)]).await;
        assert_eq!(status, 422, "a preview takes no seed either");
    }
    assert_eq!(with_status(&app, ApplicationStatus::Approved).await, 0);
    assert_eq!(app.count("SELECT COUNT(*) FROM lottery_draws").await, 0);
    assert!(audit_rows(&app, AuditAction::Lottery).await.is_empty());

    // two draws, each with a seed of its own that nobody posted
    let streets = app.state.regions.county(NANHU).unwrap().children.clone();
    let mut seeds = HashSet::new();
    for street in &streets[..2] {
        let filter = [("filter[street]", street.code.as_str()), ("lottery[n]", "2")];
        let preview = admin.call_json("lottery_preview", &filter).await;
        let mut commit = filter.to_vec();
        commit.push(("digest", preview["pool_digest"].as_str().unwrap()));
        let report = admin.call_json("lottery_commit", &commit).await;
        let id = report["draw"].as_i64().unwrap();
        let published = lottery_draw::Entity::find_by_id(id).one(&app.state.db).await.unwrap().unwrap();
        assert!(is_hex(&published.seed, 64));
        seeds.insert(published.seed);
    }
    assert_eq!(seeds.len(), 2, "each draw took a fresh seed");
    assert_eq!(audit_rows(&app, AuditAction::Lottery).await.len(), 2, "every draw is audited");
    assert_eq!(audit_rows(&app, AuditAction::LotteryPreview).await.len(), 3, "every preview is audited");
}
on_both_engines!(a_commit_takes_no_seed_from_the_request);

async fn a_lottery_whose_pool_changed_after_the_preview_approves_nobody(engine: Engine) {
    let app = spawn_app(engine).await;
    let nanhu = communities(&app, NANHU);
    insert(&app, (0..30).map(|i| NewApplication::pending(&nanhu[i % nanhu.len()].1)).collect()).await;
    let admin = signed_in(&app, "chief", Role::CityAdmin, None).await;
    let preview =
        admin.call_json("lottery_preview", &[("filter[county]", NANHU), ("lottery[n]", "10")]).await;
    insert(&app, vec![NewApplication::pending(&nanhu[0].1)]).await;
    let digest = preview["pool_digest"].as_str().unwrap();
    let (status, _) = admin
        .call("lottery_commit", &[("filter[county]", NANHU), ("lottery[n]", "10"), ("digest", digest)])
        .await;
    assert_eq!(status, 422);
    assert_eq!(with_status(&app, ApplicationStatus::Approved).await, 0);
    assert_eq!(app.count("SELECT COUNT(*) FROM lottery_draws").await, 0);
    assert!(audit_rows(&app, AuditAction::Lottery).await.is_empty());

    // nonsense parameters are messages, never a failure
    for (n, k) in
        [("0", ""), ("abc", ""), ("-5", ""), ("100001", ""), ("99999999999999999999999", ""), ("5", "-2")]
    {
        for endpoint in ["lottery_preview", "lottery_commit"] {
            let form = [("lottery[n]", n), ("lottery[per_street]", k), ("digest", digest)];
            let (status, body) = admin.call(endpoint, &form).await;
            assert_eq!(status, 422, "{endpoint} n={n} k={k}: {body}");
            assert!(body.contains("录用人数") || body.contains("每个街道"), "{body}");
        }
    }
}
on_both_engines!(a_lottery_whose_pool_changed_after_the_preview_approves_nobody);

async fn the_lottery_page_previews_nobody_and_links_the_committed_draw_without_javascript(engine: Engine) {
    let app = spawn_app(engine).await;
    let nanhu = communities(&app, NANHU);
    insert(&app, (0..20).map(|i| NewApplication::pending(&nanhu[i % nanhu.len()].1)).collect()).await;
    let admin = signed_in(&app, "chief", Role::CityAdmin, None).await;

    let (status, html, _) =
        admin.page(&format!("/admin/lottery?county={NANHU}&n=5&per_street=2&seed=77")).await;
    assert_eq!(status, 200);
    assert!(html.contains("/api/admin/lottery_commit") && html.contains("确认录用"), "{html}");
    assert!(
        !html.contains("王芳") && !html.contains("lottery[seed]"),
        "the preview names nobody, takes no seed"
    );
    let document = scraper::Html::parse_document(&html);
    let digest = document
        .select(&scraper::Selector::parse("input[name=digest]").unwrap())
        .next()
        .and_then(|input| input.value().attr("value"))
        .unwrap()
        .to_string();

    // the commit form, posted by a browser without JavaScript
    let form =
        [("filter[county]", NANHU), ("lottery[n]", "5"), ("lottery[per_street]", "2"), ("digest", &digest)];
    let response = admin.form_post("/api/admin/lottery_commit", &form).await;
    assert!(response.status().is_redirection(), "{}", response.status());
    let location = response.headers()["location"].to_str().unwrap().to_string();
    let id: i64 = app.count("SELECT MAX(id) FROM lottery_draws").await;
    assert!(
        location.starts_with("/admin/lottery?") && location.contains(&format!("draw={id}")),
        "{location}"
    );
    let (status, html, _) = admin.page(&location).await;
    assert_eq!(status, 200);
    assert!(html.contains(&format!("href=\"/draws/{id}\"")), "{html}");
    assert_eq!(with_status(&app, ApplicationStatus::Approved).await, 5);
}
on_both_engines!(the_lottery_page_previews_nobody_and_links_the_committed_draw_without_javascript);
