//! Every public page and the confirmation mail speak the person's language: English when the
//! browser asks for it (`Accept-Language: en`) or the 中文 / English switch chose it, Chinese
//! otherwise — with no sentence of the other language left behind.

use crate::common;

use common::{spawn_app, Engine, Person, TestApp};
use sea_orm::{ConnectionTrait, Statement};

/// How a browser tells the portal which language it wants.
#[derive(Clone, Copy, Debug)]
enum Asks {
    /// No preference at all: the portal speaks Chinese.
    Nothing,
    AcceptLanguage(&'static str),
    /// The language switch in the page header (a link, no JavaScript), then its cookie.
    Switch(&'static str),
}

/// A browser without JavaScript that asks for a language.
async fn browser(app: &TestApp, asks: Asks) -> reqwest::Client {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("accept", "text/html".parse().unwrap());
    if let Asks::AcceptLanguage(tag) = asks {
        headers.insert("accept-language", tag.parse().unwrap());
    }
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::limited(5))
        .cookie_store(true)
        .default_headers(headers)
        .build()
        .unwrap();
    if let Asks::Switch(tag) = asks {
        let landed = client.get(format!("{}/lang?to={tag}&back=/", app.base)).send().await.unwrap();
        assert_eq!(landed.status(), 200, "the switch leads back to the home page");
    }
    client
}

/// One rendering of a public route, named for the failure message.
struct Rendering {
    route: String,
    html: String,
}

async fn get(client: &reqwest::Client, app: &TestApp, path: &str) -> Rendering {
    let response = client.get(format!("{}{path}", app.base)).send().await.unwrap();
    Rendering { route: path.to_string(), html: response.text().await.unwrap() }
}

async fn post(client: &reqwest::Client, app: &TestApp, path: &str, form: &[(String, String)]) -> Rendering {
    let response = client.post(format!("{}{path}", app.base)).form(form).send().await.unwrap();
    let landed = response.url().path().to_string();
    Rendering { route: format!("POST {path} → {landed}"), html: response.text().await.unwrap() }
}

/// Walks every public route as one person, in one language: the home page, a campaign page
/// (open and closed), the sign-up form after a bad post without JavaScript, the done page, the
/// status page with and without a result, the privacy notice, both kinds of 404, the busy and
/// slow-down pages, the volunteer's own page (closed, open, left), their certificate and the
/// certificate check.
async fn walk(app: &TestApp, asks: Asks, seq: u32) -> (Vec<Rendering>, Person) {
    let client = browser(app, asks).await;
    let mut pages = Vec::new();
    for path in
        ["/", "/campaigns/volunteers-guard-expo", "/campaigns/patrols-keep-peace", "/privacy", "/status"]
    {
        pages.push(get(&client, app, path).await);
    }
    for path in ["/no/such/page", "/campaigns/no-such-campaign", "/busy", "/slow-down", "/me", "/me?e=left"] {
        pages.push(get(&client, app, path).await);
    }
    for path in ["/me/certificate", "/verify/SW-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA", "/verify/nonsense"] {
        pages.push(get(&client, app, path).await);
    }

    let mut bad = Person::valid(seq);
    bad.mobile = "12".into();
    bad.id_number = "330402".into();
    bad.email = "not-an-address".into();
    bad.consent = false;
    let rejected = post(&client, app, "/api/signup", &bad.form()).await;
    assert!(
        rejected.route.ends_with("/campaigns/volunteers-guard-expo"),
        "{}: back to the form",
        rejected.route
    );
    pages.push(rejected);

    let person = Person::valid(seq);
    let done = post(&client, app, "/api/signup", &person.form()).await;
    assert!(done.route.ends_with("/signup/done"), "{}: signed up", done.route);
    let reference = scraper::Html::parse_document(&done.html)
        .select(&scraper::Selector::parse("[data-testid=reference]").unwrap())
        .next()
        .map(|e| e.text().collect::<String>())
        .expect("the done page shows the reference");
    pages.push(done);

    let found = [("reference".to_string(), reference), ("mobile".to_string(), person.mobile.clone())];
    pages.push(post(&client, app, "/api/status", &found).await);
    let unknown =
        [("reference".to_string(), "SWZZZZZZZZ".to_string()), ("mobile".to_string(), person.mobile.clone())];
    pages.push(post(&client, app, "/api/status", &unknown).await);
    // the volunteer's own page, opened with the same pair, and its certificate (not approved yet)
    pages.push(post(&client, app, "/api/me/open", &found).await);
    pages.push(get(&client, app, "/me/certificate").await);
    pages.push(post(&client, app, "/api/me/leave", &[]).await);
    pages.push(post(&client, app, "/api/me/open", &unknown).await);
    (pages, person)
}

/// Names and campaign content are the organizers' and the people's own words, shown as they
/// were written; everything else on an English page must be English.
async fn own_words(app: &TestApp) -> Vec<String> {
    let db = &app.state.db;
    let mut words = vec!["中文".to_string(), "张伟".to_string(), "张*".to_string()];
    for sql in [
        "SELECT title FROM campaigns",
        "SELECT summary FROM campaigns",
        "SELECT body FROM campaigns",
        "SELECT name FROM campaign_roles",
        "SELECT description FROM campaign_roles",
    ] {
        let rows = db.query_all_raw(Statement::from_string(db.get_database_backend(), sql)).await.unwrap();
        for row in rows {
            let text: String = row.try_get_by_index(0).unwrap();
            words.extend(text.lines().map(str::trim).filter(|l| !l.is_empty()).map(String::from));
        }
    }
    for county in &app.state.regions.counties {
        words.push(county.name.clone());
        for street in &county.children {
            words.push(street.name.clone());
            words.extend(street.children.iter().map(|c| c.name.clone()));
        }
    }
    // Longest first, so that a name inside a longer text does not break the longer one apart.
    words.sort_by_key(|w| std::cmp::Reverse(w.chars().count()));
    words
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x2FDF | 0x3000..=0x303F | 0x3040..=0x30FF | 0x3100..=0x312F | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFFEF | 0x20000..=0x2FA1F)
}

/// The CJK text left on a page once the known names and campaign content are taken out.
fn chinese_left(html: &str, own_words: &[String]) -> Vec<String> {
    let mut rest = html.to_string();
    for word in own_words {
        rest = rest.replace(word.as_str(), " ");
    }
    let mut found = Vec::new();
    let chars: Vec<char> = rest.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if is_cjk(chars[i]) {
            let start = i.saturating_sub(30);
            let end = (i + 30).min(chars.len());
            found.push(chars[start..end].iter().collect());
            i = end;
        } else {
            i += 1;
        }
    }
    found
}

/// Visible text nodes made of ASCII only with three or more words: an English sentence left
/// on a Chinese page.
fn english_sentences(html: &str) -> Vec<String> {
    let document = scraper::Html::parse_document(html);
    let mut found = Vec::new();
    for node in document.tree.nodes() {
        let scraper::Node::Text(text) = node.value() else { continue };
        let hidden = node.ancestors().any(|a| {
            a.value().as_element().is_some_and(|e| matches!(e.name(), "script" | "style" | "template"))
        });
        let words = text.split_whitespace().filter(|w| w.chars().any(|c| c.is_ascii_alphabetic())).count();
        if !hidden && text.is_ascii() && words >= 3 {
            found.push(text.trim().to_string());
        }
    }
    found
}

async fn a_person_who_asks_for_english_reads_every_public_page_in_english(engine: Engine) {
    let app = spawn_app(engine).await;
    close_one_campaign(&app).await;
    let own_words = own_words(&app).await;

    for (n, asks) in
        [Asks::AcceptLanguage("en"), Asks::AcceptLanguage("en-GB,en;q=0.9,zh;q=0.5"), Asks::Switch("en")]
            .into_iter()
            .enumerate()
    {
        let (pages, _) = walk(&app, asks, 60 + n as u32).await;
        for page in &pages {
            assert!(
                page.html.contains(r#"<html lang="en""#),
                "{asks:?} {}: <html lang> is English",
                page.route
            );
            let left = chinese_left(&page.html, &own_words);
            assert!(left.is_empty(), "{asks:?} {}: Chinese left in the English page: {left:#?}", page.route);
        }
    }
}
on_both_engines!(a_person_who_asks_for_english_reads_every_public_page_in_english);

async fn a_person_who_asks_for_nothing_or_for_chinese_reads_no_english_sentence(engine: Engine) {
    let app = spawn_app(engine).await;
    close_one_campaign(&app).await;

    for (n, asks) in
        [Asks::Nothing, Asks::AcceptLanguage("zh-CN,en;q=0.5"), Asks::Switch("zh-CN")].into_iter().enumerate()
    {
        let (pages, _) = walk(&app, asks, 70 + n as u32).await;
        for page in &pages {
            assert!(
                page.html.contains(r#"<html lang="zh-CN""#),
                "{asks:?} {}: <html lang> is Chinese",
                page.route
            );
            let left = english_sentences(&page.html);
            assert!(left.is_empty(), "{asks:?} {}: English left in the Chinese page: {left:#?}", page.route);
        }
    }
}
on_both_engines!(a_person_who_asks_for_nothing_or_for_chinese_reads_no_english_sentence);

/// The first demo campaign stays open; the second one closes, so its page shows the notice.
async fn close_one_campaign(app: &TestApp) {
    let db = &app.state.db;
    let past = match app.engine {
        Engine::Sqlite => "'2020-01-01 00:00:00+00:00'",
        Engine::Postgres => "TIMESTAMPTZ '2020-01-01 00:00:00+00'",
    };
    let sql = format!("UPDATE campaigns SET closes_at = {past} WHERE slug = 'patrols-keep-peace'");
    let done = db.execute_raw(Statement::from_string(db.get_database_backend(), sql)).await.unwrap();
    assert_eq!(done.rows_affected(), 1, "the second demo campaign exists");
}

async fn the_confirmation_mail_is_written_in_the_language_of_the_sign_up(engine: Engine) {
    let app = spawn_app(engine).await;
    let own_words = own_words(&app).await;
    let english = browser(&app, Asks::AcceptLanguage("en")).await;
    let chinese = browser(&app, Asks::Nothing).await;
    let (in_english, in_chinese) = (Person::valid(80), Person::valid(81));
    post(&english, &app, "/api/signup", &in_english.form()).await;
    post(&chinese, &app, "/api/signup", &in_chinese.form()).await;

    let sink = app.sink.as_ref().unwrap();
    let mails = sink.wait_for(2, std::time::Duration::from_secs(10)).await;
    let mail_to = |address: &str| {
        let mail =
            mails.iter().find(|m| m["to"].to_string().contains(address)).expect("a mail to the person");
        format!(
            "{}\n{}",
            mail["subject"].as_str().unwrap_or_default(),
            mail["body"].as_str().unwrap_or_default()
        )
    };
    let english_mail = mail_to(&in_english.email);
    assert!(english_mail.contains("Reference code"), "{english_mail}");
    let left = chinese_left(&english_mail, &own_words);
    assert!(left.is_empty(), "Chinese left in the English mail: {left:#?}\n{english_mail}");
    let chinese_mail = mail_to(&in_chinese.email);
    assert!(chinese_mail.contains("报名编号"), "{chinese_mail}");
    assert!(english_sentences(&format!("<p>{}</p>", chinese_mail.replace('\n', "</p><p>"))).is_empty());

    let stored = app.count("SELECT COUNT(*) FROM applications WHERE locale = 'en'").await;
    assert_eq!(stored, 1, "the application keeps the language it was made in");
}
on_both_engines!(the_confirmation_mail_is_written_in_the_language_of_the_sign_up);

async fn the_switch_sets_the_cookie_and_goes_back_to_the_same_page_without_javascript(engine: Engine) {
    let app = spawn_app(engine).await;
    let client = app.script_client();

    let answer = client
        .get(format!("{}/lang?to=en&back=%2Fcampaigns%2Fvolunteers-guard-expo%3Fx%3D1", app.base))
        .send()
        .await
        .unwrap();

    assert_eq!(answer.status(), 303);
    assert_eq!(answer.headers()["location"], "/campaigns/volunteers-guard-expo?x=1");
    let cookie = answer.headers()["set-cookie"].to_str().unwrap();
    assert!(cookie.starts_with("lang=en;") && cookie.contains("Path=/"), "{cookie}");

    let (_, home) = app.get_html("/").await;
    let switch = scraper::Html::parse_document(&home);
    let link = switch
        .select(&scraper::Selector::parse(r#"a[hreflang="en"]"#).unwrap())
        .next()
        .expect("the Chinese page links to English");
    assert_eq!(link.text().collect::<String>(), "English");
    assert_eq!(link.value().attr("href"), Some("/lang?to=en&back=/"));
}
on_both_engines!(the_switch_sets_the_cookie_and_goes_back_to_the_same_page_without_javascript);

async fn the_switch_never_sends_the_browser_to_another_site(engine: Engine) {
    let app = spawn_app(engine).await;
    let client = app.script_client();

    for target in [
        "https://evil.example/",
        "//evil.example/x",
        "/%5Cevil.example",
        "evil.example",
        "%2F%2Fevil.example",
    ] {
        let answer = client.get(format!("{}/lang?to=en&back={target}", app.base)).send().await.unwrap();
        assert_eq!(answer.status(), 303, "{target}");
        assert_eq!(answer.headers()["location"], "/", "{target} is refused; the switch goes home instead");
    }
}
on_both_engines!(the_switch_never_sends_the_browser_to_another_site);
