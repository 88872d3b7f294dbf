//! What instances share through the database instead of memory (issue 11): the answers kept for
//! browsers without JavaScript, and the outbox claims of several mail workers.

use crate::common;

use std::collections::HashSet;
use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use common::{spawn_app, Engine};
use sea_orm::sea_query::Expr;
use sea_orm::{EntityTrait, QueryFilter};
use shouwang::model::{FieldErrors, SignupForm};
use shouwang::server::email::messages::Mail;
use shouwang::server::email::outbox::{deliver_due, enqueue, WorkerConfig};
use shouwang::server::email::Mailer;
use shouwang::server::entities::flash as flash_rows;
use shouwang::server::flash::{Flash, Owner};
use shouwang::server::lifecycle::Lifecycle;

fn rejected(name: &str) -> Flash {
    let mut form = SignupForm { campaign: "volunteers-guard-expo".into(), ..Default::default() };
    form.name = name.into();
    form.mobile = "13612345678".into();
    let errors = FieldErrors::from([("mobile".to_string(), "invalid".to_string())]);
    Flash::signup_rejected(&form, errors, None)
}

fn visitor(last: u8) -> Owner {
    Owner::Visitor(IpAddr::from([203, 0, 113, last]))
}

async fn a_visitor_flooding_the_answers_loses_only_its_own_and_never_an_organizers_notice(engine: Engine) {
    let app = spawn_app(engine).await;
    let store = &app.state.flash;
    let neighbour = store.put(visitor(1), rejected("李四")).await;
    let notice = store.put(Owner::Organizer(7), Flash::Notice { ok: true, message: "已保存".into() }).await;
    for _ in 0..60 {
        store.put(visitor(2), rejected("洪水")).await;
    }
    let (entries, bytes) = store.visitor_usage().await.unwrap();
    assert_eq!(entries, 16 + 1, "the flooder keeps its newest 16, the neighbour its one");
    assert!(bytes > 0 && bytes < 17 * 4096, "{bytes} bytes");
    assert!(
        matches!(store.take(&neighbour).await, Some(Flash::SignupRejected { values, .. }) if values.name == "李四")
    );
    assert_eq!(store.take(&notice).await, Some(Flash::Notice { ok: true, message: "已保存".into() }));
}
on_both_engines!(a_visitor_flooding_the_answers_loses_only_its_own_and_never_an_organizers_notice);

async fn an_answer_is_read_once_expires_after_ten_minutes_and_is_never_stored_in_clear(engine: Engine) {
    let app = spawn_app(engine).await;
    let store = &app.state.flash;
    let token = store.put(visitor(3), rejected("王小明")).await;
    let clear = app
        .count("SELECT COUNT(*) FROM flashes WHERE sealed LIKE '%王小明%' OR sealed LIKE '%13612345678%'")
        .await;
    assert_eq!(clear, 0);
    let owners = app.count("SELECT COUNT(*) FROM flashes WHERE owner LIKE '%203.0.113%'").await;
    assert_eq!(owners, 0, "the address is kept only as a keyed hash");
    assert!(store.take(&token).await.is_some());
    assert!(store.take(&token).await.is_none(), "read once");

    let old = store.put(visitor(3), rejected("王小明")).await;
    flash_rows::Entity::update_many()
        .col_expr(flash_rows::Column::CreatedAt, Expr::value(Utc::now() - chrono::Duration::minutes(11)))
        .filter(sea_orm::ColumnTrait::eq(&flash_rows::Column::Token, old.clone()))
        .exec(&app.state.db)
        .await
        .unwrap();
    assert!(store.take(&old).await.is_none(), "expired after ten minutes");
    for made_up in ["", "x", &"a".repeat(10_000), "' OR 1=1 --"] {
        assert!(store.take(made_up).await.is_none());
    }
}
on_both_engines!(an_answer_is_read_once_expires_after_ten_minutes_and_is_never_stored_in_clear);

fn config() -> WorkerConfig {
    WorkerConfig {
        poll: Duration::from_millis(200),
        backoff: Duration::from_millis(200),
        max_backoff: Duration::from_millis(800),
    }
}

async fn queue(app: &common::TestApp, n: usize) {
    for i in 0..n {
        let mail = Mail { kind: "test", subject: format!("第 {i} 封"), body: "正文".into() };
        enqueue(&app.state.db, &format!("worker{i}@example.cn"), &format!("SWT{i:05}"), mail).await.unwrap();
    }
}

async fn three_mail_workers_side_by_side_send_each_mail_once(engine: Engine) {
    let app = spawn_app(engine).await;
    let sink = app.sink.as_ref().unwrap();
    queue(&app, 300).await;
    // the app's own worker runs too: three in all
    let lifecycle = Lifecycle::default();
    let workers = (0..2).map(|_| {
        let mailer =
            Mailer::new(Some(&sink.url()), "守望 <noreply@shouwang.localhost>", app.dir.path().join("x"))
                .unwrap();
        let (db, lifecycle) = (app.state.db.clone(), &lifecycle);
        async move { deliver_due(&db, &mailer, &config(), lifecycle).await.unwrap() }
    });
    futures::future::join_all(workers).await;
    let mails = sink.wait_for(300, Duration::from_secs(60)).await;
    tokio::time::sleep(Duration::from_secs(1)).await;
    let mails = if mails.len() == 300 { sink.messages() } else { mails };
    let ids: HashSet<&str> = mails.iter().map(|m| m["message_id"].as_str().unwrap()).collect();
    assert_eq!((mails.len(), ids.len()), (300, 300), "each mail once");
    assert_eq!(
        app.count("SELECT COUNT(*) FROM outbox WHERE status = 'sent' AND claim_token IS NULL").await,
        300
    );
}
on_both_engines!(three_mail_workers_side_by_side_send_each_mail_once);

async fn a_stopping_worker_hands_its_claimed_mail_back_at_once(engine: Engine) {
    let app = spawn_app(engine).await;
    let lifecycle = Arc::new(Lifecycle::default());
    lifecycle.begin_stopping();
    // the app's own worker must not take the rows first: it is stopped the same way
    app.state.lifecycle.begin_stopping();
    tokio::time::sleep(Duration::from_millis(300)).await;
    queue(&app, 20).await;
    let mailer = Mailer::new(
        Some(&app.sink.as_ref().unwrap().url()),
        "守望 <noreply@shouwang.localhost>",
        app.dir.path().join("x"),
    )
    .unwrap();
    let delivered = deliver_due(&app.state.db, &mailer, &config(), &lifecycle).await.unwrap();
    assert_eq!(delivered, 0);
    assert_eq!(app.count("SELECT COUNT(*) FROM outbox WHERE status = 'pending' AND claim_token IS NULL AND claimed_until IS NULL").await, 20);
}
on_both_engines!(a_stopping_worker_hands_its_claimed_mail_back_at_once);

async fn readyz_answers_503_while_a_migration_is_missing_and_200_when_all_are_applied(engine: Engine) {
    let app = spawn_app(engine).await;
    let client = app.script_client();
    let ready = client.get(format!("{}/readyz", app.base)).send().await.unwrap();
    assert_eq!((ready.status().as_u16(), ready.text().await.unwrap()), (200, "ready".to_string()));
    // as if this build were started on a database one migration behind it
    use sea_orm::ConnectionTrait;
    app.state
        .db
        .execute_unprepared("DELETE FROM seaql_migrations WHERE version LIKE '%000030%'")
        .await
        .unwrap();
    let behind = client.get(format!("{}/readyz", app.base)).send().await.unwrap();
    assert_eq!(
        (behind.status().as_u16(), behind.text().await.unwrap()),
        (503, "migrations pending".to_string())
    );
    let alive = client.get(format!("{}/healthz", app.base)).send().await.unwrap();
    assert_eq!(alive.status().as_u16(), 200, "alive all the same");
}
on_both_engines!(readyz_answers_503_while_a_migration_is_missing_and_200_when_all_are_applied);
