//! The public side of a lottery: each committed draw has a page anyone can read (no sign-in, no
//! JavaScript, no personal data) with the pool's digest, the seed and the drawn tokens, and a
//! pool file from which the documented command draws the very same winners.

use crate::admin_support;
use crate::common;

use admin_support::{communities, insert, signed_in, NewApplication, NANHU};
use common::{Engine, TestApp};
use sea_orm::EntityTrait;
use sha2::{Digest, Sha256};
use shouwang::server::access::Role;
use shouwang::server::entities::application;

/// 40 pending applicants in Nanhu, a draw of 12 (at most 3 per street); the draw's id.
async fn a_committed_draw(app: &TestApp) -> i64 {
    let nanhu = communities(app, NANHU);
    insert(app, (0..40).map(|i| NewApplication::pending(&nanhu[i % nanhu.len()].1)).collect()).await;
    let admin = signed_in(app, "chief", Role::CityAdmin, None).await;
    let params = [("filter[county]", NANHU), ("lottery[n]", "12"), ("lottery[per_street]", "3")];
    let preview = admin.call_json("lottery_preview", &params).await;
    let mut commit = params.to_vec();
    commit.push(("digest", preview["pool_digest"].as_str().unwrap()));
    admin.call_json("lottery_commit", &commit).await["draw"].as_i64().unwrap()
}

fn texts(html: &str, selector: &str) -> Vec<String> {
    let document = scraper::Html::parse_document(html);
    document
        .select(&scraper::Selector::parse(selector).unwrap())
        .map(|e| e.text().collect::<String>().trim().to_string())
        .collect()
}

async fn get(app: &TestApp, path: &str, language: &str) -> (u16, String) {
    // an anonymous browser without JavaScript: no cookie, follows nothing but plain links
    let response = app
        .browser_client()
        .get(format!("{}{path}", app.base))
        .header("accept-language", language)
        .send()
        .await
        .unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

async fn the_public_draw_page_shows_digest_seed_and_tokens_to_anyone_and_names_nobody(engine: Engine) {
    let app =
        common::spawn_app_with(engine, common::Options { with_sink: false, ..Default::default() }).await;
    let id = a_committed_draw(&app).await;

    let (status, html) = get(&app, &format!("/draws/{id}"), "zh-CN").await;
    assert_eq!(status, 200, "{html}");
    assert!(html.contains(&format!("第 {id} 号抽签公示")), "{html}");
    let digest = texts(&html, "[data-testid=digest]");
    let seed = texts(&html, "[data-testid=seed]");
    assert!(digest[0].len() == 64 && seed[0].len() == 64, "{digest:?} {seed:?}");
    let winners = texts(&html, "[data-testid=winners] .token");
    assert_eq!(winners.len(), 12);
    assert!(winners.iter().all(|t| t.len() == 16 && t.bytes().all(|b| b.is_ascii_hexdigit())), "{winners:?}");
    assert!(html.contains(&format!("--seed {}", seed[0])), "the page shows the command to re-run it");
    // everything above was read from the server's HTML, as a browser without JavaScript gets it
    assert!(!html.contains(".wasm") && !html.contains("island"), "no island, no bundle");
    // nothing that names or reaches a person: no name, reference, mobile (full or masked) or e-mail
    for a in application::Entity::find().all(&app.state.db).await.unwrap() {
        let mobile = app.state.crypto.decrypt(&a.mobile_cipher).unwrap();
        let masked = format!("{}****{}", &mobile[..3], &mobile[7..]);
        for personal in [a.name.as_str(), a.reference.as_str(), mobile.as_str(), masked.as_str()] {
            assert!(!html.contains(personal), "the page shows {personal}");
        }
        assert!(!html.contains(a.email.as_deref().unwrap()));
    }

    // an applicant recognises their own token through the status look-up (reference + mobile)
    let drawn = application::Entity::find()
        .all(&app.state.db)
        .await
        .unwrap()
        .into_iter()
        .find(|a| a.status == shouwang::domain::ApplicationStatus::Approved);
    let drawn = drawn.unwrap();
    let mobile = app.state.crypto.decrypt(&drawn.mobile_cipher).unwrap();
    let (status, body) = app.status_lookup(&drawn.reference, &mobile).await;
    assert_eq!(status, 200, "{body}");
    let token = serde_json::from_str::<serde_json::Value>(&body).unwrap()["Found"]["lottery_token"].clone();
    assert!(winners.iter().any(|w| token == w.as_str()), "{token} among {winners:?}");

    let (status, english) = get(&app, &format!("/draws/{id}"), "en").await;
    assert_eq!(status, 200);
    assert!(
        english.contains(&format!("Public lottery draw No. {id}")) && english.contains(&seed[0]),
        "{english}"
    );

    // the pool file is exactly what the digest was taken over
    let (status, pool) = get(&app, &format!("/draws/{id}/pool.txt"), "zh-CN").await;
    assert_eq!(status, 200);
    assert_eq!(hex::encode(Sha256::digest(pool.as_bytes())), digest[0]);
    assert_eq!(pool.lines().count(), 40);

    // ids that name no draw: the not-found page, never a failure
    for path in ["/draws/999999", "/draws/0", "/draws/-1", "/draws/abc", "/draws/99999999999999999999999"] {
        let (status, body) = get(&app, path, "zh-CN").await;
        assert_eq!(status, 404, "{path}: {body}");
        assert!(body.contains("页面不存在"), "{path}");
    }
    for path in ["/draws/999999/pool.txt", "/draws/abc/pool.txt", "/draws/-1/pool.txt"] {
        assert_eq!(get(&app, path, "zh-CN").await.0, 404, "{path}");
    }
}
on_both_engines!(the_public_draw_page_shows_digest_seed_and_tokens_to_anyone_and_names_nobody);

async fn the_documented_command_draws_the_same_winners_from_the_published_pool_and_seed(engine: Engine) {
    let app =
        common::spawn_app_with(engine, common::Options { with_sink: false, ..Default::default() }).await;
    let id = a_committed_draw(&app).await;
    let (_, html) = get(&app, &format!("/draws/{id}"), "zh-CN").await;
    let (_, pool) = get(&app, &format!("/draws/{id}/pool.txt"), "zh-CN").await;
    let digest = texts(&html, "[data-testid=digest]").remove(0);
    let seed = texts(&html, "[data-testid=seed]").remove(0);
    let winners = texts(&html, "[data-testid=winners] .token");

    // the library function behind `shouwang lottery verify`
    let report = shouwang::server::draws::verify(&pool, &seed, 12, Some(3)).unwrap();
    assert!(report.contains(&format!("pool digest  {digest}")), "{report}");
    let drawn: Vec<&str> = report.lines().skip(6).map(|l| l.split_whitespace().nth(1).unwrap()).collect();
    assert_eq!(drawn, winners, "the same pool and seed draw the same tokens, in the same order");
    let other = shouwang::server::draws::verify(&pool, &"0".repeat(64), 12, Some(3)).unwrap();
    assert_ne!(other, report, "another seed draws others");
    let shorter: String = pool.lines().skip(1).map(|l| format!("{l}\n")).collect();
    let tampered = shouwang::server::draws::verify(&shorter, &seed, 12, Some(3)).unwrap();
    assert!(!tampered.contains(&digest), "a changed pool shows a different digest");

    // the built binary, as a citizen runs it: no settings, no database, no key
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("pool.txt"), &pool).unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_shouwang"))
        .args(["lottery", "verify", "--pool", "pool.txt", "--seed", &seed, "--n", "12", "--per-street", "3"])
        .current_dir(dir.path())
        .env_clear()
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert_eq!(String::from_utf8(output.stdout).unwrap(), report);
    let refused = std::process::Command::new(env!("CARGO_BIN_EXE_shouwang"))
        .args(["lottery", "verify", "--pool", "pool.txt", "--seed", "20261129", "--n", "12"])
        .current_dir(dir.path())
        .env_clear()
        .output()
        .unwrap();
    assert!(!refused.status.success(), "an old-style seed is not a seed");
}
on_both_engines!(the_documented_command_draws_the_same_winners_from_the_published_pool_and_seed);
