//! The data key: a key that does not match the stored data is refused at start-up, and
//! `shouwang key rotate` moves every row to a new key while sign-ups go on.

use crate::common;

use std::time::Duration;

use base64::Engine as _;
use common::{spawn_app, spawn_on, Engine, Person};
use sea_orm::EntityTrait;
use shouwang::server::crypto::Crypto;
use shouwang::server::entities::application;
use shouwang::server::keys;

async fn lookup(app: &common::TestApp, reference: &str, mobile: &str) -> serde_json::Value {
    serde_json::from_str(&app.status_lookup(reference, mobile).await.1).unwrap()
}

fn key_file(app: &common::TestApp) -> std::path::PathBuf {
    app.dir.path().join("data").join("secret.key")
}

async fn starting_with_another_or_no_key_on_a_database_with_data_is_refused_with_what_to_do(engine: Engine) {
    let app = spawn_app(engine).await;
    let person = Person::valid(500);
    let reference =
        app.signup_outcome(&person.form()).await["Accepted"]["reference"].as_str().unwrap().to_string();

    // a new container without the data volume: no key file, no setting
    let Err(missing) = spawn_on(engine, &app.database_url, None).await else {
        panic!("started without the key on a database with data");
    };
    let message = format!("{missing:#}");
    assert!(message.contains("no data key found") && message.contains("backup"), "{message}");

    let other = base64::engine::general_purpose::STANDARD.encode([9u8; 32]);
    let Err(wrong) = spawn_on(engine, &app.database_url, Some(other)).await else {
        panic!("started with another key on a database with data");
    };
    let message = format!("{wrong:#}");
    assert!(
        message.contains("does not match")
            && message.contains("backup")
            && message.contains("shouwang key rotate"),
        "{message}"
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM applications").await, 1, "nothing was changed");

    let right = std::fs::read_to_string(key_file(&app)).unwrap();
    let again = spawn_on(engine, &app.database_url, Some(right.trim().to_string()))
        .await
        .expect("the right key starts");
    assert_eq!(lookup(&again, &reference, &person.mobile).await["Found"]["masked_mobile"], "136****0500");
}
on_both_engines!(starting_with_another_or_no_key_on_a_database_with_data_is_refused_with_what_to_do);

async fn rotating_the_key_while_people_sign_up_keeps_old_rows_readable_and_duplicates_caught(engine: Engine) {
    let app = spawn_app(engine).await;
    let old_key = std::fs::read_to_string(key_file(&app)).unwrap();
    let mut earlier = Vec::new();
    for seq in 600..620 {
        let person = Person::valid(seq);
        let outcome = app.signup_outcome(&person.form()).await;
        earlier.push((person, outcome["Accepted"]["reference"].as_str().unwrap().to_string()));
    }

    // sign-ups go on during the rotation: new people get in, earlier ones are duplicates
    let burst = async {
        let mut outcomes = Vec::new();
        for i in 0..40u32 {
            let form = if i % 2 == 0 {
                Person::valid(700 + i).form()
            } else {
                earlier[(i as usize / 2) % 20].0.form()
            };
            outcomes.push((i, app.signup_outcome(&form).await));
            tokio::time::sleep(Duration::from_millis(120)).await;
        }
        outcomes
    };
    let data_dir = app.dir.path().join("data");
    let rotation = keys::rotate(&app.state.db, None, &data_dir, Duration::from_secs(3), 7);
    let (outcomes, rotated) = futures::join!(burst, rotation);
    rotated.expect("the rotation finishes");
    for (i, outcome) in &outcomes {
        if i % 2 == 0 {
            assert!(outcome.get("Accepted").is_some(), "sign-up {i} during the rotation: {outcome}");
        } else {
            assert_eq!(outcome["Rejected"]["errors"]["id_number"], "duplicate", "sign-up {i}: {outcome}");
        }
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM applications").await, 40);

    // every row is under the new key alone
    let new_key = std::fs::read_to_string(key_file(&app)).unwrap();
    assert_ne!(new_key.trim(), old_key.trim());
    let new_only = Crypto::from_master(
        &base64::engine::general_purpose::STANDARD.decode(new_key.trim()).unwrap().try_into().unwrap(),
    );
    for a in application::Entity::find().all(&app.state.db).await.unwrap() {
        let id = new_only.decrypt(&a.id_cipher).expect("readable with the new key");
        assert_eq!(new_only.keyed_hash(&id), a.id_hash);
        assert_eq!(new_only.keyed_hash(&new_only.decrypt(&a.mobile_cipher).unwrap()), a.mobile_hash);
    }
    tokio::time::sleep(keys::POLL + Duration::from_millis(500)).await;
    assert_eq!(app.state.crypto.previous_check_value(), None, "the running server forgot the old key");

    // old rows: status look-up and duplicate detection still work
    let (person, reference) = &earlier[3];
    let found = lookup(&app, reference, &person.mobile).await;
    assert_eq!(found["Found"]["masked_id"], format!("330402********{}", &person.id_number[14..]), "{found}");
    assert_eq!(
        app.signup_outcome(&Person::valid(702).form()).await["Rejected"]["errors"]["id_number"],
        "duplicate"
    );
    assert_eq!(
        app.signup_outcome(&earlier[19].0.form()).await["Rejected"]["errors"]["id_number"],
        "duplicate"
    );

    // the old key no longer opens the database; the new one does
    assert!(spawn_on(engine, &app.database_url, Some(old_key.trim().to_string())).await.is_err());
    let restarted =
        spawn_on(engine, &app.database_url, Some(new_key.trim().to_string())).await.expect("new key");
    assert!(lookup(&restarted, reference, &person.mobile).await.get("Found").is_some());
}
on_both_engines!(rotating_the_key_while_people_sign_up_keeps_old_rows_readable_and_duplicates_caught);
