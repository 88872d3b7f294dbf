//! Issue 8, finding 10: numbers typed with a Chinese input method (full-width digits, `Ｘ`,
//! ideographic spaces) are read, and names are stored and searched in one Unicode form (NFC) —
//! at sign-up, in the status look-up and in the back-office search, on SQLite and PostgreSQL.

use crate::admin_support;
use crate::common;

use admin_support::signed_in;
use common::{spawn_app, Engine, Person};
use shouwang::server::access::Role;

/// The full-width form of the ASCII digits and letters of `text`, as an input method types it.
fn wide(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_ascii_alphanumeric() { char::from_u32(c as u32 + 0xFEE0).unwrap() } else { c })
        .collect()
}

async fn a_signup_typed_full_width_is_stored_found_and_searched_like_half_width(engine: Engine) {
    let app = spawn_app(engine).await;
    let mut person = Person::valid(50);
    // "Zoë" with a combining diaeresis, as some keyboards send it
    person.name = "Zoe\u{0308}".into();
    let half_width_id = person.id_number.clone();
    let half_width_mobile = person.mobile.clone();
    person.id_number =
        format!("{}\u{3000}{}", wide(&half_width_id[..6]), wide(&half_width_id[6..]).to_lowercase());
    person.mobile = wide(&half_width_mobile);

    let outcome = app.signup_outcome(&person.form()).await;
    let reference =
        outcome["Accepted"]["reference"].as_str().unwrap_or_else(|| panic!("{outcome}")).to_string();
    assert_eq!(outcome["Accepted"]["masked_mobile"], "136****0050");
    let stored = |column: &'static str| {
        let db = app.state.db.clone();
        async move { common::value::<String>(&db, &format!("SELECT {column} FROM applications")).await }
    };
    assert_eq!(stored("name").await, "Zo\u{00EB}", "stored in NFC");
    assert_eq!(stored("id_hash").await, app.state.crypto.keyed_hash(&half_width_id.to_uppercase()));
    assert_eq!(stored("mobile_hash").await, app.state.crypto.keyed_hash(&half_width_mobile));
    assert_eq!(stored("mobile_last4").await, "0050");

    // the same person typed half-width is the same person
    let mut again = Person::valid(50);
    again.name = "Zoë".into();
    let duplicate = app.signup_outcome(&again.form()).await;
    assert_eq!(duplicate["Rejected"]["errors"]["id_number"], "duplicate", "{duplicate}");

    // the status look-up reads a full-width reference and mobile
    let (status, body) = app.status_lookup(&wide(&reference.to_lowercase()), &wide(&half_width_mobile)).await;
    assert_eq!(status, 200);
    assert!(body.contains("Found") && body.contains(&reference), "{body}");

    // the back-office search: either form of the name, full-width last four digits or reference
    let admin = signed_in(&app, "chief", Role::CityAdmin, None).await;
    for q in ["Zoë".to_string(), "Zoe\u{0308}".to_string(), wide("0050"), wide(&reference)] {
        let page = admin.call_json("queue", &[("filter[q]", q.as_str())]).await;
        assert_eq!(page["total"], 1, "search {q:?}: {page}");
    }
}
on_both_engines!(a_signup_typed_full_width_is_stored_found_and_searched_like_half_width);
