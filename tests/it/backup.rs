//! `shouwang backup` during a sign-up burst, `shouwang restore` into a fresh instance with the
//! same key: every sign-up acknowledged before the backup began is there.

use crate::common;

use std::collections::HashSet;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::Mutex;
use std::time::Duration;

use common::{spawn_app, spawn_on, Engine, Person};
use sea_orm::{EntityTrait, QuerySelect};
use shouwang::server::backup;
use shouwang::server::entities::application;

async fn a_backup_taken_during_a_sign_up_burst_restores_every_acknowledged_sign_up(engine: Engine) {
    let app = spawn_app(engine).await;
    let key = std::fs::read_to_string(app.dir.path().join("data/secret.key")).unwrap();
    let next = AtomicU32::new(100);
    let stop = AtomicBool::new(false);
    let acknowledged: Mutex<Vec<(String, u32)>> = Mutex::new(Vec::new());
    let worker = || async {
        while !stop.load(Ordering::Relaxed) {
            let seq = next.fetch_add(1, Ordering::Relaxed);
            if seq >= 1000 {
                break;
            }
            let outcome = app.signup_outcome(&Person::valid(seq).form()).await;
            let reference = outcome["Accepted"]["reference"].as_str().expect("accepted").to_string();
            acknowledged.lock().unwrap().push((reference, seq));
        }
    };
    let file = app.dir.path().join("backup.db");
    let taking = async {
        while acknowledged.lock().unwrap().len() < 40 {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        let before: Vec<(String, u32)> = acknowledged.lock().unwrap().clone();
        backup::backup(&app.state.db, &app.database_url, &file).await.expect("the backup is written");
        // let the burst run on a little after the copy
        tokio::time::sleep(Duration::from_millis(300)).await;
        stop.store(true, Ordering::Relaxed);
        before
    };
    let (before, ..) = futures::join!(taking, worker(), worker(), worker(), worker());
    let after = acknowledged.lock().unwrap().len();
    assert!(after > before.len(), "sign-ups went on during the backup ({} then {after})", before.len());

    let target = match engine {
        Engine::Sqlite => format!("sqlite://{}/restored.db?mode=rwc", app.dir.path().display()),
        Engine::Postgres => common::create_postgres_database().await,
    };
    backup::restore(&file, &target).await.expect("the backup restores");
    let restored =
        spawn_on(engine, &target, Some(key.trim().to_string())).await.expect("starts with the same key");
    let stored: HashSet<String> = application::Entity::find()
        .select_only()
        .column(application::Column::Reference)
        .into_tuple()
        .all(&restored.state.db)
        .await
        .unwrap()
        .into_iter()
        .collect();
    let missing: Vec<&(String, u32)> = before.iter().filter(|(r, _)| !stored.contains(r)).collect();
    assert!(
        missing.is_empty(),
        "{} of {} acknowledged sign-ups missing: {missing:?}",
        missing.len(),
        before.len()
    );
    assert!(stored.len() <= after, "nothing that was never acknowledged");
    // and the restored rows are readable with the key: a person can still look up their status
    let response = restored
        .script_client()
        .post(format!("{}/api/status", restored.base))
        .header("accept", "application/json")
        .form(&[("reference", before[0].0.as_str()), ("mobile", Person::valid(before[0].1).mobile.as_str())])
        .send()
        .await
        .unwrap();
    let body = response.text().await.unwrap();
    assert!(body.contains("\"Found\""), "{body}");

    // restoring over a database with data is refused
    let Err(refused) = backup::restore(&file, &target).await else { panic!("restored over data") };
    assert!(
        format!("{refused:#}").contains("exists already") || format!("{refused:#}").contains("not empty")
    );
}
on_both_engines!(a_backup_taken_during_a_sign_up_burst_restores_every_acknowledged_sign_up);
