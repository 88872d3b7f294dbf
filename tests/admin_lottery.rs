//! Back office: fair selection by lottery — seeded, reproducible, capped per street, previewed
//! before it is committed, and audited with its seed and result.

mod admin_support;
mod common;

use std::collections::HashMap;

use admin_support::{communities, insert, signed_in, with_status, NewApplication, NANHU, XIUZHOU};
use common::{spawn_app, Engine};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::Value;
use shouwang::domain::ApplicationStatus;
use shouwang::server::access::Role;
use shouwang::server::entities::{application, audit};

fn picked(preview: &Value) -> Vec<String> {
    preview["picked"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["reference"].as_str().unwrap().to_string())
        .collect()
}

async fn a_seeded_lottery_picks_the_same_people_twice_caps_each_street_and_is_audited(engine: Engine) {
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
    let params = |seed: &'static str| {
        vec![
            ("filter[campaign]", "volunteers-guard-expo"),
            ("lottery[n]", "60"),
            ("lottery[per_street]", "5"),
            ("lottery[seed]", seed),
        ]
    };

    let first = organizer.call_json("lottery_preview", &params("20261129")).await;
    let again = organizer.call_json("lottery_preview", &params("20261129")).await;
    let other = organizer.call_json("lottery_preview", &params("7")).await;
    assert_eq!(first["pool"], 300, "the other district's applicants are not in the pool");
    assert_eq!(first["seed"], 20261129u64);
    assert_eq!(picked(&first), picked(&again), "same seed, same pool: same people");
    assert_ne!(picked(&first), picked(&other), "another seed draws others");
    assert!(!picked(&first).is_empty());
    let preview_total: u64 =
        first["per_street_counts"].as_array().unwrap().iter().map(|p| p[1].as_u64().unwrap()).sum();
    assert_eq!(preview_total, picked(&first).len() as u64);
    assert_eq!(with_status(&app, ApplicationStatus::Approved).await, 0, "a preview changes nothing");

    // commit the previewed draw
    let digest = first["pool_digest"].as_str().unwrap().to_string();
    let mut commit = params("20261129");
    commit.push(("digest", digest.as_str()));
    let report = organizer.call_json("lottery_commit", &commit).await;
    assert_eq!(report["changed"].as_u64().unwrap(), picked(&first).len() as u64);
    let approved = application::Entity::find()
        .filter(application::Column::Status.eq(ApplicationStatus::Approved))
        .all(&app.state.db)
        .await
        .unwrap();
    let mut approved_refs: Vec<String> = approved.iter().map(|a| a.reference.clone()).collect();
    approved_refs.sort();
    let mut expected = picked(&first);
    expected.sort();
    assert_eq!(approved_refs, expected, "exactly the previewed people");
    let mut per_street: HashMap<&str, usize> = HashMap::new();
    for a in &approved {
        *per_street.entry(&a.region_code[..9]).or_default() += 1;
    }
    assert!(per_street.values().all(|n| *n <= 5), "{per_street:?}");
    let streets_in_nanhu = app.state.regions.county(NANHU).unwrap().children.len();
    assert_eq!(approved.len(), Ord::min(60, 5 * streets_in_nanhu));

    // the audit log holds the seed and the result
    let summary = audit::Entity::find()
        .filter(audit::Column::Action.eq(shouwang::domain::AuditAction::Lottery))
        .filter(audit::Column::ApplicationId.is_null())
        .one(&app.state.db)
        .await
        .unwrap()
        .expect("one summary entry");
    let detail: Value = serde_json::from_str(summary.detail.as_deref().unwrap()).unwrap();
    assert_eq!(detail["seed"], "20261129");
    assert_eq!(detail["pool"], 300);
    let mut logged: Vec<i64> =
        detail["picked"].as_array().unwrap().iter().map(|v| v.as_i64().unwrap()).collect();
    let mut approved_ids: Vec<i64> = approved.iter().map(|a| a.id).collect();
    logged.sort();
    approved_ids.sort();
    assert_eq!(logged, approved_ids);
    assert_eq!(summary.actor_name, "nanhu");
    assert_eq!(
        app.count(&format!("SELECT COUNT(*) FROM audit_log WHERE action = 'lottery' AND application_id IS NOT NULL AND to_status = '{}'", ApplicationStatus::Approved)).await,
        approved.len() as i64
    );

    // committing the same preview again: the pool changed (they are no longer pending) → refused
    let (status, body) = organizer.call("lottery_commit", &commit).await;
    assert_eq!(status, 422, "{body}");
    assert!(body.contains("候选名单发生了变化"), "{body}");
    assert_eq!(with_status(&app, ApplicationStatus::Approved).await, approved.len() as i64);
}
on_both_engines!(a_seeded_lottery_picks_the_same_people_twice_caps_each_street_and_is_audited);

async fn a_lottery_whose_pool_changed_after_the_preview_approves_nobody(engine: Engine) {
    let app = spawn_app(engine).await;
    let nanhu = communities(&app, NANHU);
    insert(&app, (0..30).map(|i| NewApplication::pending(&nanhu[i % nanhu.len()].1)).collect()).await;
    let admin = signed_in(&app, "chief", Role::CityAdmin, None).await;
    let preview = admin
        .call_json(
            "lottery_preview",
            &[("filter[county]", NANHU), ("lottery[n]", "10"), ("lottery[seed]", "5")],
        )
        .await;
    insert(&app, vec![NewApplication::pending(&nanhu[0].1)]).await;
    let digest = preview["pool_digest"].as_str().unwrap();
    let (status, _) = admin
        .call(
            "lottery_commit",
            &[("filter[county]", NANHU), ("lottery[n]", "10"), ("lottery[seed]", "5"), ("digest", digest)],
        )
        .await;
    assert_eq!(status, 422);
    assert_eq!(with_status(&app, ApplicationStatus::Approved).await, 0);
    assert_eq!(app.count("SELECT COUNT(*) FROM audit_log").await, 0);

    // nonsense parameters are messages
    for (n, k, seed) in [
        ("0", "", "1"),
        ("abc", "", ""),
        ("100001", "", ""),
        ("5", "-2", ""),
        ("5", "", "x"),
        ("5", "", "-1"),
    ] {
        let (status, body) = admin
            .call(
                "lottery_preview",
                &[("lottery[n]", n), ("lottery[per_street]", k), ("lottery[seed]", seed)],
            )
            .await;
        assert_eq!(status, 422, "n={n} k={k} seed={seed}: {body}");
    }
    let (status, _) = admin.call("lottery_commit", &[("lottery[n]", "5"), ("digest", digest)]).await;
    assert_eq!(status, 422, "a commit needs the previewed seed");

    // the page: parameters in, preview and a commit form out
    let (status, html, _) =
        admin.page(&format!("/admin/lottery?county={NANHU}&n=10&per_street=2&seed=77")).await;
    assert_eq!(status, 200);
    assert!(
        html.contains("77") && html.contains("/api/admin/lottery_commit") && html.contains("确认录用"),
        "{html}"
    );
}
on_both_engines!(a_lottery_whose_pool_changed_after_the_preview_approves_nobody);
