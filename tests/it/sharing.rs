//! Sharing a campaign: the page's QR code (decoded for real), its Open Graph and Twitter-card
//! tags, the `?src=` a shared link carries into the sign-up and the dashboard's count per source.

use crate::admin_support;
use crate::common;

use admin_support::signed_in;
use common::{spawn_app, Engine, Person, TestApp};
use scraper::{Html, Selector};
use shouwang::server::access::Role;

const PAGE: &str = "/campaigns/volunteers-guard-expo";
/// The `PUBLIC_URL` the test app is started with (tests/it/common).
const PUBLIC_URL: &str = "http://portal.test";

fn select<'a>(html: &'a Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    html.select(&Selector::parse(css).unwrap()).collect()
}

fn meta(html: &Html, key: &str) -> String {
    let css = format!("head meta[property=\"{key}\"], head meta[name=\"{key}\"]");
    let found = select(html, &css);
    assert_eq!(found.len(), 1, "one {key} tag");
    found[0].value().attr("content").unwrap().to_string()
}

/// Reads a QR SVG of `server::qr` (one `M x y h n v1 h-n z` per dark run) back to its text, as
/// a phone would: the modules become pixels, and rqrr finds and decodes the code in them.
fn decode_qr(svg: scraper::ElementRef) -> String {
    const SCALE: usize = 4;
    let view_box = svg.value().attr("viewBox").unwrap();
    let size: usize = view_box.split(' ').nth(2).unwrap().parse().unwrap();
    let path = svg.select(&Selector::parse("path").unwrap()).next().unwrap().value().attr("d").unwrap();
    let mut dark = vec![false; size * size];
    for run in path.split('M').filter(|r| !r.is_empty()) {
        let (at, rest) = run.split_once('h').unwrap();
        let (x, y) = at.split_once(' ').unwrap();
        let (x, y): (usize, usize) = (x.parse().unwrap(), y.parse().unwrap());
        let length: usize = rest.split_once('v').unwrap().0.parse().unwrap();
        for module in &mut dark[y * size + x..y * size + x + length] {
            *module = true;
        }
    }
    let pixels = size * SCALE;
    let mut image = rqrr::PreparedImage::prepare_from_greyscale(pixels, pixels, |x, y| {
        if dark[(y / SCALE) * size + x / SCALE] {
            0
        } else {
            255
        }
    });
    let grids = image.detect_grids();
    assert_eq!(grids.len(), 1, "one QR code in the picture");
    grids[0].decode().unwrap().1
}

async fn the_campaign_pages_qr_code_reads_as_the_page_address_tagged_qr(engine: Engine) {
    let app = spawn_app(engine).await;

    let (status, body) = app.get_html(PAGE).await;

    assert_eq!(status, 200);
    let html = Html::parse_document(&body);
    let qr = select(&html, "section.share svg.qr");
    assert_eq!(qr.len(), 1, "the share block has the QR code");
    assert_eq!(decode_qr(qr[0]), format!("{PUBLIC_URL}{PAGE}?src=qr"));
}
on_both_engines!(the_campaign_pages_qr_code_reads_as_the_page_address_tagged_qr);

async fn the_campaign_page_offers_its_link_weibo_qq_and_wechat_each_with_its_source(engine: Engine) {
    let app = spawn_app(engine).await;

    let (_, body) = app.get_html(PAGE).await;

    let html = Html::parse_document(&body);
    let field = select(&html, "section.share input#share-link[readonly]");
    assert_eq!(field[0].value().attr("value"), Some(format!("{PUBLIC_URL}{PAGE}?src=copy").as_str()));
    assert_eq!(select(&html, "label[for=share-link]").len(), 1, "the field has a label");
    let links: Vec<&str> =
        select(&html, "section.share a").iter().filter_map(|a| a.value().attr("href")).collect();
    let encoded = |source: &str| {
        format!(
            "url={}",
            form_urlencoded::byte_serialize(format!("{PUBLIC_URL}{PAGE}?src={source}").as_bytes())
                .collect::<String>()
        )
    };
    assert!(links.contains(&format!("{PUBLIC_URL}{PAGE}?src=wechat").as_str()), "{links:?}");
    let weibo = links.iter().find(|l| l.starts_with("https://service.weibo.com/share/share.php?")).unwrap();
    assert!(weibo.contains(&encoded("weibo")) && weibo.contains("&title="), "{weibo}");
    let qq =
        links.iter().find(|l| l.starts_with("https://connect.qq.com/widget/shareqq/index.html?")).unwrap();
    assert!(qq.contains(&encoded("qq")) && qq.contains("&title=") && qq.contains("&summary="), "{qq}");
}
on_both_engines!(the_campaign_page_offers_its_link_weibo_qq_and_wechat_each_with_its_source);

async fn the_open_graph_and_twitter_tags_are_in_the_head_with_absolute_addresses(engine: Engine) {
    let app = spawn_app(engine).await;

    let (_, body) = app.get_html(PAGE).await;

    let html = Html::parse_document(&body);
    assert_eq!(meta(&html, "og:url"), format!("{PUBLIC_URL}{PAGE}"));
    assert_eq!(meta(&html, "og:image"), format!("{PUBLIC_URL}/og-image.png"));
    assert_eq!(meta(&html, "twitter:image"), format!("{PUBLIC_URL}/og-image.png"));
    assert_eq!(meta(&html, "og:type"), "website");
    assert_eq!(meta(&html, "og:site_name"), "守望");
    assert_eq!(meta(&html, "twitter:card"), "summary_large_image");
    let title = select(&html, "h1")[0].text().collect::<String>();
    assert_eq!(meta(&html, "og:title"), title);
    assert_eq!(meta(&html, "twitter:title"), title);
    assert!(!meta(&html, "og:description").is_empty() && !meta(&html, "twitter:description").is_empty());
    let image = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("public/og-image.png");
    let png = std::fs::read(image).unwrap();
    assert_eq!(&png[1..4], b"PNG");
    let (width, height) = (
        u32::from_be_bytes(png[16..20].try_into().unwrap()),
        u32::from_be_bytes(png[20..24].try_into().unwrap()),
    );
    assert_eq!((width, height), (1200, 630), "the size cards expect");
    assert!(png.len() < 100_000);
}
on_both_engines!(the_open_graph_and_twitter_tags_are_in_the_head_with_absolute_addresses);

fn with_source(person: &Person, source: &str) -> Vec<(String, String)> {
    let mut form = person.form();
    form.push(("form[source]".into(), source.into()));
    form
}

async fn sources(app: &TestApp) -> Vec<(Option<String>, i64)> {
    use sea_orm::{ConnectionTrait, Statement};
    let db = &app.state.db;
    let sql = "SELECT source, COUNT(*) FROM applications GROUP BY source";
    let rows = db.query_all_raw(Statement::from_string(db.get_database_backend(), sql)).await.unwrap();
    let mut counts: Vec<(Option<String>, i64)> =
        rows.iter().map(|r| (r.try_get_by_index(0).unwrap(), r.try_get_by_index(1).unwrap())).collect();
    // (the engines sort NULL differently: SQLite first, PostgreSQL last)
    counts.sort();
    counts
}

async fn a_sign_up_keeps_the_source_it_came_by_and_an_unknown_source_is_stored_as_none(engine: Engine) {
    let app = spawn_app(engine).await;
    let before = sources(&app).await;
    assert!(before.iter().all(|(s, _)| s.is_none()), "seeded sign-ups are direct: {before:?}");
    let direct_before = before.iter().map(|(_, n)| n).sum::<i64>();

    // the page opened by a Weibo link carries the source into its form; a hostile one does not
    let (_, page) = app.get_html(&format!("{PAGE}?src=weibo")).await;
    assert!(page.contains(r#"name="form[source]" value="weibo""#), "the form carries it");
    let (_, page) = app.get_html(&format!("{PAGE}?src=%3Cscript%3Ealert(1)%3C%2Fscript%3E")).await;
    assert!(!page.contains("form[source]") && !page.contains("alert(1)"), "nothing of it on the page");

    let island = app.signup_outcome(&with_source(&Person::valid(1), "weibo")).await;
    assert!(island["Accepted"].is_object(), "{island}");
    let plain = app.post_signup_without_javascript(&with_source(&Person::valid(2), "<script>")).await;
    assert!(plain.url().path().starts_with("/signup/done"), "{}", plain.url());

    let after = sources(&app).await;
    assert_eq!(after, [(None, direct_before + 1), (Some("weibo".to_string()), 1)]);
}
on_both_engines!(a_sign_up_keeps_the_source_it_came_by_and_an_unknown_source_is_stored_as_none);

async fn a_form_sent_back_with_mistakes_still_carries_its_source(engine: Engine) {
    let app = spawn_app(engine).await;
    let mut person = Person::valid(3);
    person.consent = false;

    let response = app.post_signup_without_javascript(&with_source(&person, "qq")).await;

    assert!(response.url().path().starts_with(PAGE), "back on the form: {}", response.url());
    let body = response.text().await.unwrap();
    assert!(body.contains(r#"name="form[source]" value="qq""#), "the source survives the round trip");
}
on_both_engines!(a_form_sent_back_with_mistakes_still_carries_its_source);

async fn the_dashboard_counts_sign_ups_by_source_and_per_hour_of_the_opening_day(engine: Engine) {
    let app = spawn_app(engine).await;
    // the demo seeds no sign-ups: two direct ones ("" and a word that is no source), three shared
    let direct = 2;
    for (seq, source) in [(11, "weibo"), (12, "weibo"), (13, "qr"), (14, ""), (15, "nonsense")] {
        let outcome = app.signup_outcome(&with_source(&Person::valid(seq), source)).await;
        assert!(outcome["Accepted"].is_object(), "{outcome}");
    }
    let admin = signed_in(&app, "chief", Role::CityAdmin, None).await;

    let d = admin.call_json("dashboard", &[("campaign", "volunteers-guard-expo")]).await;

    let per_source = d["per_source"].as_array().unwrap();
    assert_eq!(per_source[0], serde_json::json!([null, direct]), "direct first");
    assert_eq!(per_source[1], serde_json::json!(["qr", 1]));
    assert_eq!(per_source[2], serde_json::json!(["weibo", 2]));
    assert_eq!(per_source.len(), 3);
    let (day, hours) = (&d["opening_day"][0], d["opening_day"][1].as_array().unwrap());
    assert_eq!(day, &d["per_day"][0][0], "the first day with sign-ups");
    assert_eq!(hours.len(), 24);

    let (status, html, _) = admin.page("/admin/dashboard?campaign=volunteers-guard-expo").await;
    assert_eq!(status, 200);
    let page = Html::parse_document(&html);
    let rows: Vec<String> = select(&page, "[data-testid=per-source-chart] tbody tr")
        .iter()
        .map(|r| r.text().collect::<Vec<_>>().join("="))
        .collect();
    assert_eq!(rows, [format!("直接访问={direct}"), "二维码=1".to_string(), "微博=2".to_string()]);
    assert_eq!(select(&page, "[data-testid=per-hour-chart] svg rect.bar").len(), 24);
    assert_eq!(select(&page, "[data-testid=per-hour-chart] svg text.x-label").len(), 24, "00 … 23");
}
on_both_engines!(the_dashboard_counts_sign_ups_by_source_and_per_hour_of_the_opening_day);

async fn an_activity_pages_qr_code_reads_as_its_address_tagged_qr_and_its_card_tags_are_absolute(
    engine: Engine,
) {
    let app = spawn_app(engine).await;
    // the demo's "小手牵大手" activity
    let (status, body) = app.get_html("/activities/1").await;

    assert_eq!(status, 200);
    let html = Html::parse_document(&body);
    let qr = select(&html, "section.share svg.qr");
    assert_eq!(decode_qr(qr[0]), format!("{PUBLIC_URL}/activities/1?src=qr"));
    assert_eq!(meta(&html, "og:url"), format!("{PUBLIC_URL}/activities/1"));
    assert!(meta(&html, "og:title").contains("小手牵大手"));
    for key in ["og:image", "twitter:image"] {
        assert!(meta(&html, key).starts_with(&format!("{PUBLIC_URL}/")), "{key} is absolute");
    }
}
on_both_engines!(an_activity_pages_qr_code_reads_as_its_address_tagged_qr_and_its_card_tags_are_absolute);
