//! Back office: campaign management by city admins — create, edit roles and eligibility, and
//! open / pause / close sign-up, as the public pages then see it.

use crate::admin_support;
use crate::common;

use admin_support::{signed_in, NANHU};
use common::{spawn_app, Engine, Person};
use shouwang::server::access::Role;

fn campaign_form<'a>(
    slug: &'a str,
    new_slug: &'a str,
    title: &'a str,
    roles: &'a str,
) -> Vec<(&'static str, &'a str)> {
    vec![
        ("campaign[slug]", slug),
        ("campaign[new_slug]", new_slug),
        ("campaign[title]", title),
        ("campaign[summary]", "为平安亚运招募志愿者。"),
        ("campaign[body]", "第一段。\n\n第二段。"),
        ("campaign[target]", "500"),
        ("campaign[opens_at]", "2020-01-01T08:00"),
        ("campaign[closes_at]", "2099-12-31T18:00"),
        ("campaign[min_age]", "18"),
        ("campaign[max_age]", "60"),
        ("campaign[allowed_regions]", NANHU),
        ("campaign[roles]", roles),
    ]
}

async fn a_city_admin_creates_edits_and_opens_pauses_and_closes_a_campaign(engine: Engine) {
    let app = spawn_app(engine).await;
    let admin = signed_in(&app, "chief", Role::CityAdmin, None).await;
    let roles = "community_patrol|社区巡防|街巷巡逻\nguide|引导员|";

    // nonsense in each field is a message, and nothing is written
    let before = app.count("SELECT COUNT(*) FROM campaigns").await;
    let bad_cases: Vec<(&str, &str, &str)> = vec![
        ("campaign[new_slug]", "Bad Slug!", "网址标识"),
        ("campaign[new_slug]", "volunteers-guard-expo", "已被"),
        ("campaign[title]", "", "活动名称"),
        ("campaign[target]", "-5", "招募目标"),
        ("campaign[opens_at]", "2099-12-31T19:00", "结束晚于开始"),
        ("campaign[closes_at]", "tomorrow", "时间"),
        ("campaign[min_age]", "70", "年龄"),
        ("campaign[allowed_regions]", "999999", "区域"),
        ("campaign[roles]", "no pipe here", "岗位"),
        ("campaign[roles]", "a|甲\na|乙", "岗位"),
    ];
    for (field, value, needle) in bad_cases {
        let mut form = campaign_form("", "asian-games", "平安亚运", roles);
        form.retain(|(k, _)| *k != field);
        form.push((field, value));
        let (status, body) = admin.call("campaign_save", &form).await;
        assert_eq!(status, 422, "{field}={value}: {body}");
        assert!(body.contains(needle), "{field}: {body}");
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM campaigns").await, before);

    let slug = admin.call_json("campaign_save", &campaign_form("", "asian-games", "平安亚运", roles)).await;
    assert_eq!(slug, "asian-games");
    let (status, html) = app.get_html("/campaigns/asian-games").await;
    assert_eq!(status, 200);
    assert!(html.contains("平安亚运") && html.contains("引导员"));
    assert_eq!(app.count("SELECT COUNT(*) FROM campaign_roles WHERE campaign_id = (SELECT id FROM campaigns WHERE slug = 'asian-games')").await, 2);

    // edit: rename, drop an unused role, add one
    let edited = admin
        .call_json(
            "campaign_save",
            &campaign_form(
                "asian-games",
                "",
                "平安亚运会",
                "community_patrol|社区巡防|夜间巡逻\nmedic|医护|",
            ),
        )
        .await;
    assert_eq!(edited, "asian-games");
    let (_, html) = app.get_html("/campaigns/asian-games").await;
    assert!(html.contains("平安亚运会") && html.contains("医护") && !html.contains("引导员"));

    // a role with sign-ups cannot be removed
    let person = Person::valid(41);
    let mut signup = person.form();
    for (k, v) in signup.iter_mut() {
        if k == "form[campaign]" {
            *v = "volunteers-guard-expo".into();
        }
    }
    let outcome = app.signup_outcome(&signup).await;
    assert!(outcome.get("Accepted").is_some(), "{outcome}");
    let edit = admin.call_json("campaign", &[("slug", "volunteers-guard-expo")]).await;
    let form = edit["form"].clone();
    let text = |k: &str| form[k].as_str().unwrap().to_string();
    let (title, summary, body, target, opens, closes, min, max) = (
        text("title"),
        text("summary"),
        text("body"),
        text("target"),
        text("opens_at"),
        text("closes_at"),
        text("min_age"),
        text("max_age"),
    );
    let fields = vec![
        ("campaign[slug]", "volunteers-guard-expo"),
        ("campaign[title]", title.as_str()),
        ("campaign[summary]", summary.as_str()),
        ("campaign[body]", body.as_str()),
        ("campaign[target]", target.as_str()),
        ("campaign[opens_at]", opens.as_str()),
        ("campaign[closes_at]", closes.as_str()),
        ("campaign[min_age]", min.as_str()),
        ("campaign[max_age]", max.as_str()),
        ("campaign[roles]", "building_watch|看楼护院|"),
    ];
    let (status, body_text) = admin.call("campaign_save", &fields).await;
    assert_eq!(status, 422, "{body_text}");
    assert!(body_text.contains("已有报名的岗位不能删除"));

    // pause → the public sign-up is refused; open → accepted again; close → ended
    admin.call_json("campaign_phase", &[("slug", "volunteers-guard-expo"), ("action", "pause")]).await;
    let paused = app.signup_outcome(&Person::valid(42).form()).await;
    assert!(paused["Rejected"]["message"].as_str().unwrap().contains("暂停"), "{paused}");
    let list = admin.call_json("campaigns", &[]).await;
    let row = list["campaigns"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["slug"] == "volunteers-guard-expo")
        .unwrap()
        .clone();
    assert_eq!(row["state_key"], "paused");
    admin.call_json("campaign_phase", &[("slug", "volunteers-guard-expo"), ("action", "open")]).await;
    assert!(app.signup_outcome(&Person::valid(43).form()).await.get("Accepted").is_some());
    admin.call_json("campaign_phase", &[("slug", "volunteers-guard-expo"), ("action", "close")]).await;
    let closed = app.signup_outcome(&Person::valid(44).form()).await;
    assert!(closed["Rejected"]["message"].as_str().unwrap().contains("已结束"), "{closed}");
    let (status, body_text) =
        admin.call("campaign_phase", &[("slug", "volunteers-guard-expo"), ("action", "open")]).await;
    assert_eq!(status, 422, "a closed campaign needs new dates first: {body_text}");
    let (status, _) =
        admin.call("campaign_phase", &[("slug", "volunteers-guard-expo"), ("action", "explode")]).await;
    assert_eq!(status, 422);
    let (status, _) = admin.call("campaign_phase", &[("slug", "nope"), ("action", "pause")]).await;
    assert_eq!(status, 404);

    // only city admins
    let district = signed_in(&app, "nanhu", Role::DistrictOrganizer, Some(NANHU)).await;
    let reviewer = signed_in(&app, "reviewer", Role::Reviewer, None).await;
    for other in [&district, &reviewer] {
        assert_eq!(other.call("campaigns", &[]).await.0, 403);
        assert_eq!(
            other.call("campaign_phase", &[("slug", "asian-games"), ("action", "pause")]).await.0,
            403
        );
        assert_eq!(other.call("campaign_save", &campaign_form("", "x-y", "某活动", roles)).await.0, 403);
        assert_eq!(other.page("/admin/campaigns").await.0, 403);
    }
    let (status, html, _) = admin.page("/admin/campaigns").await;
    assert_eq!(status, 200);
    assert!(html.contains("平安亚运会") && html.contains("已结束"));
}
on_both_engines!(a_city_admin_creates_edits_and_opens_pauses_and_closes_a_campaign);
