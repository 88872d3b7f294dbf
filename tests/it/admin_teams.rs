//! Back office: teams — auto-grouping 500 approved recruits, manual changes under the cap,
//! rosters and their export.

use crate::admin_support;
use crate::common;

use std::collections::{HashMap, HashSet};

use admin_support::{communities, insert, signed_in, NewApplication, NANHU, XIUZHOU};
use common::{spawn_app, Engine};
use sea_orm::EntityTrait;
use shouwang::domain::{ApplicationStatus, Decision};
use shouwang::server::access::Role;
use shouwang::server::entities::{application, team, team_member};

const SLOTS: [&str; 4] = ["weekday_day", "weekday_evening", "weekend_day", "weekend_evening"];

async fn auto_grouping_500_recruits_respects_the_cap_counties_and_gives_each_team_a_leader(engine: Engine) {
    let app =
        common::spawn_app_with(engine, common::Options { with_sink: false, ..Default::default() }).await;
    let nanhu = communities(&app, NANHU);
    let rows: Vec<NewApplication> = (0..500)
        .map(|i| {
            let mut a = NewApplication::pending(&nanhu[(i * 7) % 23].1);
            a.status = ApplicationStatus::Approved;
            a.availability = vec![SLOTS[i % 4]];
            a.skills = match i % 13 {
                0 => vec!["leadership"],
                5 => vec!["mediation"],
                _ => vec!["first_aid"],
            };
            a
        })
        .collect();
    insert(&app, rows).await;
    let mut xiuzhou = NewApplication::pending(&communities(&app, XIUZHOU)[0].1);
    xiuzhou.status = ApplicationStatus::Approved;
    let pending = NewApplication::pending(&nanhu[0].1);
    insert(&app, vec![xiuzhou, pending]).await;
    let organizer = signed_in(&app, "nanhu", Role::DistrictOrganizer, Some(NANHU)).await;

    let preview = organizer
        .call_json("team_auto_preview", &[("campaign", "volunteers-guard-expo"), ("cap", "12")])
        .await;
    assert_eq!(preview["recruits"], 500, "approved recruits of Nanhu only");
    let digest = preview["digest"].as_str().unwrap().to_string();
    assert_eq!(app.count("SELECT COUNT(*) FROM teams").await, 0, "a preview creates nothing");
    let proposed = preview["teams"].as_array().unwrap().len() as i64;

    let teams = organizer
        .call_json(
            "team_auto_commit",
            &[("campaign", "volunteers-guard-expo"), ("cap", "12"), ("digest", &digest)],
        )
        .await;
    assert_eq!(teams.as_i64().unwrap(), proposed);

    let db = &app.state.db;
    let all_teams = team::Entity::find().all(db).await.unwrap();
    let members = team_member::Entity::find().all(db).await.unwrap();
    let recruits: HashMap<i64, application::Model> =
        application::Entity::find().all(db).await.unwrap().into_iter().map(|a| (a.id, a)).collect();
    assert_eq!(members.len(), 500);
    let distinct: HashSet<i64> = members.iter().map(|m| m.application_id).collect();
    assert_eq!(distinct.len(), 500, "each recruit in exactly one team");
    for t in &all_teams {
        let mine: Vec<&application::Model> =
            members.iter().filter(|m| m.team_id == t.id).map(|m| &recruits[&m.application_id]).collect();
        assert!(!mine.is_empty() && mine.len() <= 12, "team {} has {}", t.name, mine.len());
        assert_eq!(mine.len() as i32, t.member_count);
        assert!(
            mine.iter().all(|a| a.region_code.starts_with(&t.county_code)
                && a.region_code[..6] == mine[0].region_code[..6]),
            "mixed counties"
        );
        assert!(mine.iter().all(|a| a.status == ApplicationStatus::Approved));
        let leader = t.leader_id.expect("every team has a leader");
        let leader_app = mine.iter().find(|a| a.id == leader).expect("the leader is a member");
        if mine.iter().any(|a| a.skills.contains("leadership")) {
            assert!(leader_app.skills.contains("leadership"), "leadership preferred in {}", t.name);
        }
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'auto_group'").await, 1);

    // the same preview cannot be confirmed twice
    let (status, body) = organizer
        .call(
            "team_auto_commit",
            &[("campaign", "volunteers-guard-expo"), ("cap", "12"), ("digest", &digest)],
        )
        .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(app.count("SELECT COUNT(*) FROM team_members").await, 500);
    // nonsense
    for cap in ["0", "201", "abc", ""] {
        let (status, _) = organizer.call("team_auto_preview", &[("cap", cap)]).await;
        assert_eq!(status, 422, "cap {cap}");
    }
    let (status, _) = organizer.call("team_auto_preview", &[("county", XIUZHOU), ("cap", "10")]).await;
    assert_eq!(status, 403, "not another county");
}
on_both_engines!(auto_grouping_500_recruits_respects_the_cap_counties_and_gives_each_team_a_leader);

async fn teams_are_built_by_hand_under_their_cap_and_members_move_between_them(engine: Engine) {
    let app = spawn_app(engine).await;
    let nanhu = communities(&app, NANHU);
    let approved: Vec<NewApplication> = (0..20)
        .map(|i| {
            let mut a = NewApplication::pending(&nanhu[i % 3].1);
            a.status = ApplicationStatus::Approved;
            a.name = format!("队员{}", ["甲", "乙", "丙", "丁", "戊"][i % 5]);
            a.mobile = format!("1380000{:04}", 1000 + i);
            a
        })
        .collect();
    let ids = insert(&app, approved).await;
    let mut other = NewApplication::pending(&communities(&app, XIUZHOU)[0].1);
    other.status = ApplicationStatus::Approved;
    let still_pending = NewApplication::pending(&nanhu[0].1);
    let extra = insert(&app, vec![other, still_pending]).await;
    let reference = |id: i64| {
        let app = &app;
        async move { application::Entity::find_by_id(id).one(&app.state.db).await.unwrap().unwrap().reference }
    };
    let organizer = signed_in(&app, "nanhu", Role::DistrictOrganizer, Some(NANHU)).await;

    // creating: bad input is a message
    for (name, region, capacity) in [
        ("", NANHU, "5"),
        (&*"队".repeat(41), NANHU, "5"),
        ("一队", NANHU, "0"),
        ("一队", NANHU, "x"),
        ("一队", "999999", "5"),
    ] {
        let (status, body) = organizer
            .call(
                "team_create",
                &[("team[name]", name), ("team[region]", region), ("team[capacity]", capacity)],
            )
            .await;
        assert_eq!(status, 422, "{name} {region} {capacity}: {body}");
    }
    let (status, _) = organizer
        .call("team_create", &[("team[name]", "秀洲队"), ("team[region]", XIUZHOU), ("team[capacity]", "5")])
        .await;
    assert_eq!(status, 403, "not in another county");
    let one = organizer
        .call_json(
            "team_create",
            &[
                ("team[name]", "一队"),
                ("team[region]", NANHU),
                ("team[capacity]", "5"),
                ("team[duty]", "夜间巡防"),
            ],
        )
        .await;
    let two = organizer
        .call_json(
            "team_create",
            &[("team[name]", "二队"), ("team[region]", &nanhu[0].0), ("team[capacity]", "2")],
        )
        .await;
    let (one, two) = (one.as_i64().unwrap().to_string(), two.as_i64().unwrap().to_string());

    // twenty concurrent additions to a team of five: exactly five get in
    let mut refs = Vec::new();
    for id in &ids {
        refs.push(reference(*id).await);
    }
    let forms: Vec<[(&str, &str); 2]> =
        refs.iter().map(|r| [("id", one.as_str()), ("reference", r.as_str())]).collect();
    let tries = forms.iter().map(|form| organizer.call("team_add", form));
    let answers = futures::future::join_all(tries).await;
    assert_eq!(answers.iter().filter(|(s, _)| *s == 200).count(), 5, "{answers:?}");
    assert!(
        answers.iter().filter(|(s, _)| *s != 200).all(|(s, b)| *s == 422 && b.contains("队伍已满")),
        "{answers:?}"
    );
    assert_eq!(app.count(&format!("SELECT COUNT(*) FROM team_members WHERE team_id = {one}")).await, 5);
    assert_eq!(
        app.count(&format!("SELECT CAST(member_count AS BIGINT) FROM teams WHERE id = {one}")).await,
        5
    );

    // who cannot join
    let (status, body) = organizer
        .call("team_add", &[("id", two.as_str()), ("reference", reference(extra[1]).await.as_str())])
        .await;
    assert!(status == 422 && body.contains("已录用"), "{body}");
    let (status, _) = organizer
        .call("team_add", &[("id", two.as_str()), ("reference", reference(extra[0]).await.as_str())])
        .await;
    assert_eq!(status, 422, "another county's recruit is not found for this organizer");
    let members: Vec<i64> = team_member::Entity::find()
        .all(&app.state.db)
        .await
        .unwrap()
        .iter()
        .map(|m| m.application_id)
        .collect();
    let in_one = reference(members[0]).await;
    let (status, body) =
        organizer.call("team_add", &[("id", two.as_str()), ("reference", in_one.as_str())]).await;
    assert!(status == 422 && body.contains("已在一支队伍"), "{body}");

    // leader, move (the leader's move clears the leadership), rename
    let member = members[0].to_string();
    let outsider = ids.iter().find(|id| !members.contains(id)).unwrap().to_string();
    let (status, _) =
        organizer.call("team_leader", &[("id", one.as_str()), ("application", outsider.as_str())]).await;
    assert_eq!(status, 422, "only a member can lead");
    organizer.call_json("team_leader", &[("id", one.as_str()), ("application", member.as_str())]).await;
    organizer.call_json("team_move", &[("application", member.as_str()), ("to", two.as_str())]).await;
    assert_eq!(
        app.count(&format!("SELECT CAST(member_count AS BIGINT) FROM teams WHERE id = {one}")).await,
        4
    );
    assert_eq!(
        app.count(&format!("SELECT CAST(member_count AS BIGINT) FROM teams WHERE id = {two}")).await,
        1
    );
    assert_eq!(
        app.count(&format!("SELECT COUNT(*) FROM teams WHERE id = {one} AND leader_id IS NULL")).await,
        1
    );
    organizer.call_json("team_move", &[("application", &members[1].to_string()), ("to", two.as_str())]).await;
    let (status, body) =
        organizer.call("team_move", &[("application", &members[2].to_string()), ("to", two.as_str())]).await;
    assert!(status == 422 && body.contains("队伍已满"), "{body}");
    assert_eq!(
        app.count(&format!("SELECT COUNT(*) FROM team_members WHERE team_id = {one}")).await,
        3,
        "a refused move leaves the member where they were"
    );
    for bad in ["", &"名".repeat(41)] {
        let (status, _) = organizer.call("team_rename", &[("id", one.as_str()), ("name", bad)]).await;
        assert_eq!(status, 422);
    }
    organizer.call_json("team_rename", &[("id", one.as_str()), ("name", "南湖先锋队")]).await;

    // pages: the team, the printable roster (masked), the roster export
    let (status, html, _) = organizer.page(&format!("/admin/teams/{one}")).await;
    assert_eq!(status, 200);
    assert!(html.contains("南湖先锋队") && html.contains("夜间巡防"));
    organizer.call_json("team_leader", &[("id", two.as_str()), ("application", member.as_str())]).await;
    let (status, html, _) = organizer.page(&format!("/admin/teams/{two}/roster")).await;
    assert_eq!(status, 200);
    assert!(html.contains("队长") && html.contains("138****10"), "{html}");
    assert!(!html.contains("1380000"), "the roster masks phones");
    let response =
        organizer.form_post("/admin/export/team", &[("team", two.as_str()), ("format", "csv")]).await;
    assert_eq!(response.status(), 200);
    let csv_text = response.text().await.unwrap();
    assert_eq!(csv_text.lines().count(), 3, "{csv_text}");
    assert!(csv_text.contains("队长") && !csv_text.contains("1380000"));
    let response = organizer
        .form_post("/admin/export/team", &[("team", two.as_str()), ("format", "csv"), ("full", "1")])
        .await;
    assert_eq!(response.status(), 403);

    // others
    let reviewer = signed_in(&app, "reviewer", Role::Reviewer, None).await;
    assert_eq!(reviewer.call("teams", &[]).await.0, 403);
    assert_eq!(reviewer.page(&format!("/admin/teams/{one}")).await.0, 403);
    let xiuzhou = signed_in(&app, "xiuzhou", Role::DistrictOrganizer, Some(XIUZHOU)).await;
    // another county's team is answered like a team that does not exist
    let (status, html, _) = xiuzhou.page(&format!("/admin/teams/{one}")).await;
    assert_eq!(status, 404);
    assert!(!html.contains("南湖先锋队"));
    assert_eq!(xiuzhou.call("team_rename", &[("id", one.as_str()), ("name", "x")]).await.0, 404);
    let admin = signed_in(&app, "chief", Role::CityAdmin, None).await;
    let response = admin
        .form_post("/admin/export/team", &[("team", two.as_str()), ("format", "xlsx"), ("full", "1")])
        .await;
    assert_eq!(response.status(), 200);
    assert_eq!(app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'export_full'").await, 1);
    let list = admin.call_json("teams", &[("county", NANHU)]).await;
    assert_eq!(list["teams"].as_array().unwrap().len(), 2);
}
on_both_engines!(teams_are_built_by_hand_under_their_cap_and_members_move_between_them);

async fn a_plain_form_post_with_a_garbage_team_id_comes_back_with_a_message_not_to_team_zero(engine: Engine) {
    let app = spawn_app(engine).await;
    let organizer = signed_in(&app, "nanhu", Role::DistrictOrganizer, Some(NANHU)).await;
    for (endpoint, form) in [
        ("team_rename", vec![("id", "abc"), ("name", "南湖先锋队")]),
        ("team_add", vec![("id", "-3"), ("reference", "SW23456789")]),
        ("team_leader", vec![("id", ""), ("application", "1")]),
        ("team_move", vec![("application", "1"), ("to", "x"), ("from", "0")]),
    ] {
        let response = organizer.form_post(&format!("/api/admin/{endpoint}"), &form).await;
        assert_eq!(response.status(), 302, "{endpoint}");
        let location = response.headers()["location"].to_str().unwrap().to_string();
        assert!(location.starts_with("/admin/teams?notice="), "{endpoint}: {location}");
        let (status, html, _) = organizer.page(&location).await;
        assert_eq!(status, 200);
        assert!(html.contains("队伍编号无效"), "{endpoint}: {html}");
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM teams").await, 0);
}
on_both_engines!(a_plain_form_post_with_a_garbage_team_id_comes_back_with_a_message_not_to_team_zero);

async fn rejecting_or_waitlisting_a_member_takes_them_off_their_team_in_the_same_step(engine: Engine) {
    let app =
        common::spawn_app_with(engine, common::Options { with_sink: false, ..Default::default() }).await;
    let nanhu = communities(&app, NANHU);
    let names = ["队长甲", "队员乙", "队员丙", "候补丁"];
    let rows: Vec<NewApplication> = names
        .iter()
        .map(|name| {
            let mut a = NewApplication::pending(&nanhu[0].1);
            a.status = ApplicationStatus::Approved;
            a.name = name.to_string();
            a
        })
        .collect();
    let ids = insert(&app, rows).await;
    let organizer = signed_in(&app, "nanhu", Role::DistrictOrganizer, Some(NANHU)).await;
    let team = organizer
        .call_json("team_create", &[("team[name]", "一队"), ("team[region]", NANHU), ("team[capacity]", "3")])
        .await;
    let team = team.as_i64().unwrap().to_string();
    for id in &ids[..3] {
        let reference =
            application::Entity::find_by_id(*id).one(&app.state.db).await.unwrap().unwrap().reference;
        organizer.call_json("team_add", &[("id", team.as_str()), ("reference", reference.as_str())]).await;
    }
    let (leader, member) = (ids[0].to_string(), ids[1].to_string());
    organizer.call_json("team_leader", &[("id", team.as_str()), ("application", leader.as_str())]).await;

    // the leader is rejected one at a time, a member waitlisted in bulk
    organizer
        .call_json(
            "decide",
            &[
                ("id", leader.as_str()),
                ("form[decision]", Decision::Reject.as_str()),
                ("form[reason]", "capacity"),
            ],
        )
        .await;
    let key = format!("ids[{member}]");
    organizer
        .call_json(
            "decide_bulk",
            &[
                ("filter[campaign]", "volunteers-guard-expo"),
                ("scope", "selected"),
                (key.as_str(), "on"),
                ("form[decision]", Decision::Waitlist.as_str()),
            ],
        )
        .await;

    let members = team_member::Entity::find().all(&app.state.db).await.unwrap();
    assert_eq!(members.iter().map(|m| m.application_id).collect::<Vec<_>>(), vec![ids[2]]);
    let stored = team::Entity::find().one(&app.state.db).await.unwrap().unwrap();
    assert_eq!(stored.member_count, 1, "their seats are free again");
    assert_eq!(stored.leader_id, None, "a rejected leader leads no more");
    let (status, html, _) = organizer.page(&format!("/admin/teams/{team}/roster")).await;
    assert_eq!(status, 200);
    assert!(html.contains("队员丙") && !html.contains("队长甲") && !html.contains("队员乙"), "{html}");
    let response =
        organizer.form_post("/admin/export/team", &[("team", team.as_str()), ("format", "csv")]).await;
    let csv_text = response.text().await.unwrap();
    assert_eq!(csv_text.lines().count(), 2, "header and the one member left: {csv_text}");
    assert!(!csv_text.contains("队长甲") && !csv_text.contains("队员乙"));
    let reference =
        application::Entity::find_by_id(ids[3]).one(&app.state.db).await.unwrap().unwrap().reference;
    organizer.call_json("team_add", &[("id", team.as_str()), ("reference", reference.as_str())]).await;
    assert_eq!(app.count("SELECT COUNT(*) FROM team_members").await, 2);
}
on_both_engines!(rejecting_or_waitlisting_a_member_takes_them_off_their_team_in_the_same_step);
