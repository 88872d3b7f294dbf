//! Trainings: seats the database guarantees under a storm of enrolments, the waiting list and
//! its promotion by mail, the refusals in words, the check-in desk and hours, reminders that go
//! out once per enrolment through a crash, and who may do what.

use crate::admin_support;
use crate::common;

use std::collections::HashMap;
use std::time::Duration as StdDuration;

use admin_support::{communities, insert, signed_in, NewApplication, NANHU, XIUZHOU};
use chrono::{DateTime, Duration, Utc};
use common::{china_field, spawn_app_with, Engine, Options, TestApp};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::Value;
use shouwang::domain::calendar::CHINA_OFFSET;
use shouwang::domain::{ApplicationStatus, EnrolmentState};
use shouwang::error::AppError;
use shouwang::i18n::{training_problem, Locale};
use shouwang::model::admin::EnrolOutcome;
use shouwang::model::{Problem, TrainingProblem as P};
use shouwang::server::access::{Organizer, Role};
use shouwang::server::entities::{enrolment, organizer, training_session};
use shouwang::server::services::trainings;

const CAMPAIGN: &str = "volunteers-guard-expo";

async fn app(engine: Engine) -> TestApp {
    spawn_app_with(engine, Options { with_sink: false, ..Default::default() }).await
}

/// Creates a session over HTTP as `who`; answers its id.
async fn session(who: &admin_support::Session, fields: &[(&str, &str)]) -> i32 {
    let starts = china_field(3, 9, 0);
    let ends = china_field(3, 12, 0);
    let mut form: Vec<(String, String)> = vec![
        ("session[campaign]".into(), CAMPAIGN.into()),
        ("session[title]".into(), "岗前培训".into()),
        ("session[starts_at]".into(), starts),
        ("session[ends_at]".into(), ends),
        ("session[place]".into(), "南湖区文化中心".into()),
        ("session[capacity]".into(), "50".into()),
    ];
    for (key, value) in fields {
        let key = format!("session[{key}]");
        form.retain(|(k, _)| *k != key);
        form.push((key, value.to_string()));
    }
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    who.call_json("training_create", &form).await.as_i64().unwrap() as i32
}

/// `n` recruits of Nanhu with `status`, each with an e-mail address; their ids in order.
async fn recruits(app: &TestApp, n: usize, status: ApplicationStatus) -> Vec<i64> {
    let nanhu = communities(app, NANHU);
    let rows = (0..n)
        .map(|i| {
            let mut a = NewApplication::pending(&nanhu[i % nanhu.len()].1);
            a.status = status;
            a
        })
        .collect();
    insert(app, rows).await
}

/// The signed-in account `name` as the services see it.
async fn as_organizer(app: &TestApp, name: &str) -> Organizer {
    let row = organizer::Entity::find()
        .filter(organizer::Column::Name.eq(name))
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    Organizer { id: row.id, name: row.name, role: row.role, county: row.county_code }
}

fn refused(problem: P) -> Result<EnrolOutcome, AppError> {
    Err(AppError::Invalid(Problem::Training(problem)))
}

async fn mails(app: &TestApp, kind: &str) -> i64 {
    app.count(&format!("SELECT COUNT(*) FROM outbox WHERE kind = '{kind}'")).await
}

async fn three_hundred_concurrent_enrolments_fill_fifty_seats_and_line_up_the_rest(engine: Engine) {
    let app = app(engine).await;
    let admin = signed_in(&app, "city", Role::CityAdmin, None).await;
    let id = session(&admin, &[]).await;
    let people = recruits(&app, 300, ApplicationStatus::Approved).await;

    let storm: Vec<_> = people
        .iter()
        .map(|&person| {
            let state = app.state.clone();
            tokio::spawn(async move { (person, trainings::enrol(&state, person, id, Utc::now()).await) })
        })
        .collect();
    let mut told: HashMap<i64, EnrolOutcome> = HashMap::new();
    for task in storm {
        let (person, outcome) = task.await.unwrap();
        told.insert(person, outcome.unwrap_or_else(|e| panic!("enrolment of {person} failed: {e:?}")));
    }

    let seated = told.values().filter(|o| matches!(o, EnrolOutcome::Enrolled { .. })).count();
    assert_eq!(seated, 50);
    let mut positions: Vec<u64> = told
        .values()
        .filter_map(|o| match o {
            EnrolOutcome::Waiting { position } => Some(*position),
            EnrolOutcome::Enrolled { .. } => None,
        })
        .collect();
    positions.sort_unstable();
    assert_eq!(positions, (1..=250).collect::<Vec<u64>>(), "each in line was told a place of their own");
    let counter =
        training_session::Entity::find_by_id(id).one(&app.state.db).await.unwrap().unwrap().enrolled;
    assert_eq!(counter, 50);
    let roster = admin.call_json("training_roster", &[("id", &id.to_string())]).await;
    let rows = roster["rows"].as_array().unwrap();
    assert_eq!(roster["session"]["enrolled"], 50);
    assert_eq!(roster["session"]["waiting"], 250);
    let by_enrolment: HashMap<i64, i64> = enrolment::Entity::find()
        .filter(enrolment::Column::SessionId.eq(id))
        .all(&app.state.db)
        .await
        .unwrap()
        .into_iter()
        .map(|e| (e.id, e.application_id))
        .collect();
    // the line is in the order people arrived: the place each was told is the place they hold
    for row in rows.iter().filter(|r| r["state"] == "waiting") {
        let person = by_enrolment[&row["enrolment_id"].as_i64().unwrap()];
        let position = row["waiting_position"].as_u64().unwrap();
        assert_eq!(told[&person], EnrolOutcome::Waiting { position });
    }

    let first_in_line = *told.iter().find(|(_, o)| **o == EnrolOutcome::Waiting { position: 1 }).unwrap().0;
    let leaving = rows.iter().find(|r| r["state"] == "enrolled").unwrap()["enrolment_id"].to_string();
    let (status, body) =
        admin.call("training_enrolment_cancel", &[("id", &id.to_string()), ("enrolment", &leaving)]).await;
    assert_eq!(status, 200, "{body}");
    let again =
        admin.call("training_enrolment_cancel", &[("id", &id.to_string()), ("enrolment", &leaving)]).await;
    assert_eq!(again.0, 422, "a cancelled enrolment cannot be cancelled twice: {}", again.1);

    let states: HashMap<i64, EnrolmentState> = enrolment::Entity::find()
        .filter(enrolment::Column::SessionId.eq(id))
        .all(&app.state.db)
        .await
        .unwrap()
        .into_iter()
        .map(|e| (e.application_id, e.state))
        .collect();
    assert_eq!(states[&first_in_line], EnrolmentState::Enrolled, "the first in line has the seat");
    assert_eq!(states.values().filter(|s| **s == EnrolmentState::Enrolled).count(), 50);
    assert_eq!(states.values().filter(|s| **s == EnrolmentState::Waiting).count(), 249);
    assert_eq!(mails(&app, "training_promoted").await, 1, "promoted once, told once");
    let email = format!(
        "SELECT COUNT(*) FROM outbox o JOIN applications a ON a.reference = o.reference \
         WHERE o.kind = 'training_promoted' AND a.id = {first_in_line}"
    );
    assert_eq!(app.count(&email).await, 1, "the mail went to the one promoted");
    assert_eq!(mails(&app, "training_enrolled").await, 50);
    assert_eq!(mails(&app, "training_waiting").await, 250);
}
on_both_engines!(three_hundred_concurrent_enrolments_fill_fifty_seats_and_line_up_the_rest);

async fn a_recruit_not_approved_a_second_enrolment_and_an_overlapping_session_are_refused_in_words(
    engine: Engine,
) {
    let app = app(engine).await;
    let admin = signed_in(&app, "city", Role::CityAdmin, None).await;
    let morning = session(&admin, &[]).await;
    let late_morning =
        session(&admin, &[("starts_at", &china_field(3, 11, 0)), ("ends_at", &china_field(3, 13, 0))]).await;
    let afternoon =
        session(&admin, &[("starts_at", &china_field(3, 14, 0)), ("ends_at", &china_field(3, 15, 0))]).await;
    let pending = recruits(&app, 1, ApplicationStatus::Pending).await[0];
    let approved = recruits(&app, 1, ApplicationStatus::Approved).await[0];
    let state = &app.state;
    let now = Utc::now();

    let not_approved = trainings::enrol(state, pending, morning, now).await;
    assert_eq!(not_approved, refused(P::NotApproved));
    assert!(trainings::enrol(state, approved, morning, now).await.is_ok());
    assert_eq!(trainings::enrol(state, approved, morning, now).await, refused(P::AlreadyEnrolled));
    assert_eq!(trainings::enrol(state, approved, late_morning, now).await, refused(P::Overlap));
    assert!(trainings::enrol(state, approved, afternoon, now).await.is_ok(), "back to back is not overlap");

    assert_eq!(training_problem(Locale::Zh, P::NotApproved), "只有已录用的志愿者才能报名培训。");
    assert_eq!(
        training_problem(Locale::En, P::NotApproved),
        "Only accepted volunteers can enrol in a training."
    );
    assert_eq!(training_problem(Locale::Zh, P::AlreadyEnrolled), "您已报名该培训场次，无需重复报名。");
    assert_eq!(
        training_problem(Locale::En, P::AlreadyEnrolled),
        "You are already enrolled in this training session."
    );
    assert_eq!(training_problem(Locale::Zh, P::Overlap), "该培训与您已报名的另一场培训时间冲突。");
    assert_eq!(
        training_problem(Locale::En, P::Overlap),
        "This training overlaps another training you are enrolled in."
    );
    // on the wire the refusal carries its words, never a bare 500
    let wire = serde_json::to_value(not_approved.unwrap_err()).unwrap();
    assert_eq!(wire["Invalid"]["message"], "只有已录用的志愿者才能报名培训。");
    assert_eq!(AppError::Invalid(Problem::Training(P::Overlap)).status(), 422);
    // once cancelled, the same person may enrol again; the overlap is gone with it
    trainings::cancel(state, approved, morning).await.unwrap();
    assert!(matches!(
        trainings::enrol(state, approved, late_morning, now).await,
        Ok(EnrolOutcome::Enrolled { .. })
    ));
}
on_both_engines!(a_recruit_not_approved_a_second_enrolment_and_an_overlapping_session_are_refused_in_words);

async fn a_check_in_code_works_once_says_when_and_belongs_to_its_session_and_hours_follow_the_rule(
    engine: Engine,
) {
    let app = app(engine).await;
    let admin = signed_in(&app, "city", Role::CityAdmin, None).await;
    let first = session(&admin, &[]).await;
    let other =
        session(&admin, &[("starts_at", &china_field(4, 9, 0)), ("ends_at", &china_field(4, 12, 0))]).await;
    let people = recruits(&app, 2, ApplicationStatus::Approved).await;
    let code = |outcome: Result<EnrolOutcome, AppError>| match outcome.unwrap() {
        EnrolOutcome::Enrolled { code } => code,
        waiting => panic!("no seat: {waiting:?}"),
    };
    let mine = code(trainings::enrol(&app.state, people[0], first, Utc::now()).await);
    let theirs = code(trainings::enrol(&app.state, people[1], first, Utc::now()).await);
    let first_id = first.to_string();

    let arrived =
        admin.call_json("training_arrive", &[("id", &first_id), ("code", &mine.to_lowercase())]).await;
    let at = arrived["at"].as_str().unwrap().to_string();
    assert!(at.len() == 5 && at.as_bytes()[2] == b':', "arrival at HH:MM, China time: {at}");
    let (status, body) = admin.call("training_arrive", &[("id", &first_id), ("code", &mine)]).await;
    assert_eq!(status, 422, "{body}");
    let said: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(said["Invalid"]["message"], format!("已签到（{at}），无需重复签到。"));
    let (status, body) = admin.call("training_arrive", &[("id", &other.to_string()), ("code", &mine)]).await;
    assert_eq!(status, 422);
    assert!(body.contains("该签到码不属于本场培训。"), "{body}");
    let (status, body) = admin.call("training_arrive", &[("id", &first_id), ("code", "NOSUCHCODE")]).await;
    assert_eq!((status, body.contains("签到码无效。")), (422, true), "{body}");

    // hours: arrive 10 minutes early, leave 2 h 7 min after the start → 2 h (quarter hours, clipped)
    let desk = as_organizer(&app, "city").await;
    let s = training_session::Entity::find_by_id(first).one(&app.state.db).await.unwrap().unwrap();
    let early: DateTime<Utc> = s.starts_at - Duration::minutes(10);
    trainings::arrive(&app.state, &desk, first, &theirs, early).await.unwrap();
    let left =
        trainings::depart(&app.state, &desk, first, &theirs, s.starts_at + Duration::minutes(127)).await;
    assert_eq!(left.unwrap().minutes_served, Some(120));
    let twice =
        trainings::depart(&app.state, &desk, first, &theirs, s.starts_at + Duration::minutes(150)).await;
    let (hour, minute) = {
        let t = (s.starts_at + Duration::minutes(127)).with_timezone(&CHINA_OFFSET);
        (chrono::Timelike::hour(&t) as u8, chrono::Timelike::minute(&t) as u8)
    };
    assert_eq!(twice.unwrap_err(), AppError::Invalid(Problem::Training(P::AlreadyLeft { hour, minute })));
    let roster = admin.call_json("training_roster", &[("id", &first_id)]).await;
    assert_eq!(roster["session"]["attended"], 2);
    let served: Vec<&Value> =
        roster["rows"].as_array().unwrap().iter().map(|r| &r["minutes_served"]).collect();
    assert!(served.contains(&&Value::from(120)), "{served:?}");
}
on_both_engines!(a_check_in_code_works_once_says_when_and_belongs_to_its_session_and_hours_follow_the_rule);

async fn reminders_go_out_once_per_enrolment_when_the_job_dies_mid_run_and_runs_again(engine: Engine) {
    let app = app(engine).await;
    let admin = signed_in(&app, "city", Role::CityAdmin, None).await;
    let tomorrow = session(
        &admin,
        &[("starts_at", &china_field(1, 10, 0)), ("ends_at", &china_field(1, 11, 0)), ("capacity", "200")],
    )
    .await;
    let later =
        session(&admin, &[("starts_at", &china_field(5, 9, 0)), ("ends_at", &china_field(5, 10, 0))]).await;
    let people = recruits(&app, 120, ApplicationStatus::Approved).await;
    for &person in &people {
        trainings::enrol(&app.state, person, tomorrow, Utc::now()).await.unwrap();
    }
    trainings::enrol(&app.state, people[0], later, Utc::now()).await.unwrap();
    let url = app.state.settings.public_url.clone();

    // the first run dies (is aborted) after some of its one-enrolment transactions
    let (db, first_url) = (app.state.db.clone(), url.clone());
    let run =
        tokio::spawn(async move { trainings::reminders::run_once(&db, &first_url, Utc::now(), 1).await });
    while mails(&app, "training_reminder").await < 10 {
        tokio::time::sleep(StdDuration::from_millis(1)).await;
    }
    run.abort();
    let _ = run.await;
    let after_crash = mails(&app, "training_reminder").await;
    assert!(after_crash < 120, "the run was stopped part-way ({after_crash} reminders)");

    // (a commit the aborted run had already sent may still land after the count above, so the
    // second run's share is not 120 minus that count; what matters is the total below)
    let rest = trainings::reminders::run_once(&app.state.db, &url, Utc::now(), 7).await.unwrap();
    assert!(
        rest > 0 && after_crash + (rest as i64) <= 120,
        "the second run sent only what was left ({rest})"
    );
    assert_eq!(trainings::reminders::run_once(&app.state.db, &url, Utc::now(), 7).await.unwrap(), 0);
    assert_eq!(mails(&app, "training_reminder").await, 120, "one reminder per enrolment, none for next week");
    let recipients =
        app.count("SELECT COUNT(DISTINCT recipient) FROM outbox WHERE kind = 'training_reminder'").await;
    assert_eq!(recipients, 120);
    let unmarked = app.count("SELECT COUNT(*) FROM enrolments WHERE reminder_sent_at IS NULL").await;
    assert_eq!(unmarked, 1, "only next week's enrolment waits for its reminder");
}
on_both_engines!(reminders_go_out_once_per_enrolment_when_the_job_dies_mid_run_and_runs_again);

async fn cancelling_a_session_tells_everyone_enrolled_and_waiting(engine: Engine) {
    let app = app(engine).await;
    let admin = signed_in(&app, "city", Role::CityAdmin, None).await;
    let id = session(&admin, &[("capacity", "2")]).await;
    for person in recruits(&app, 3, ApplicationStatus::Approved).await {
        trainings::enrol(&app.state, person, id, Utc::now()).await.unwrap();
    }
    let told = admin.call_json("training_cancel", &[("id", &id.to_string())]).await;
    assert_eq!(told, 3);
    assert_eq!(mails(&app, "training_cancelled").await, 3);
    let active = app.count("SELECT COUNT(*) FROM enrolments WHERE state <> 'cancelled'").await;
    assert_eq!(active, 0);
    let (status, _) = admin.call("training_cancel", &[("id", &id.to_string())]).await;
    assert_eq!(status, 422, "a cancelled session is not cancelled twice");
    let audit = app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'training_session'").await;
    assert_eq!(audit, 2, "created and cancelled, both audited");
}
on_both_engines!(cancelling_a_session_tells_everyone_enrolled_and_waiting);

async fn a_reviewer_cannot_create_sessions_and_another_countys_organizer_cannot_see_or_check_in(
    engine: Engine,
) {
    let app = app(engine).await;
    let nanhu = signed_in(&app, "nanhu", Role::DistrictOrganizer, Some(NANHU)).await;
    let xiuzhou = signed_in(&app, "xiuzhou", Role::DistrictOrganizer, Some(XIUZHOU)).await;
    let reviewer = signed_in(&app, "reviewer", Role::Reviewer, None).await;
    let id = session(&nanhu, &[]).await.to_string();
    let person = recruits(&app, 1, ApplicationStatus::Approved).await[0];
    let code = match trainings::enrol(&app.state, person, id.parse().unwrap(), Utc::now()).await.unwrap() {
        EnrolOutcome::Enrolled { code } => code,
        other => panic!("{other:?}"),
    };

    let form = [("session[campaign]", CAMPAIGN), ("session[title]", "x"), ("session[capacity]", "5")];
    assert_eq!(reviewer.call("training_create", &form).await.0, 403);
    assert_eq!(reviewer.call("trainings", &[("campaign", CAMPAIGN)]).await.0, 403);
    assert_eq!(xiuzhou.call("training_roster", &[("id", &id)]).await.0, 404);
    assert_eq!(xiuzhou.call("training_arrive", &[("id", &id), ("code", &code)]).await.0, 404);
    assert_eq!(xiuzhou.call("training_cancel", &[("id", &id)]).await.0, 404);
    let theirs = xiuzhou.call_json("trainings", &[("campaign", CAMPAIGN)]).await;
    assert_eq!(theirs["sessions"].as_array().unwrap().len(), 0, "another county's session is not listed");
    let elsewhere = [("session[county]", XIUZHOU)];
    let (status, _) = nanhu
        .call(
            "training_create",
            &[
                elsewhere[0],
                ("session[campaign]", CAMPAIGN),
                ("session[title]", "x"),
                ("session[starts_at]", &china_field(3, 9, 0)),
                ("session[ends_at]", &china_field(3, 10, 0)),
                ("session[place]", "x"),
                ("session[capacity]", "5"),
            ],
        )
        .await;
    assert_eq!(status, 403, "a district organizer makes sessions in their own county only");
    assert_eq!(nanhu.call("training_roster", &[("id", &id)]).await.0, 200);
    assert_eq!(nanhu.call("training_arrive", &[("id", &id), ("code", &code)]).await.0, 200);
    assert_eq!(app.count("SELECT COUNT(*) FROM enrolments WHERE arrived_at IS NOT NULL").await, 1);
}
on_both_engines!(a_reviewer_cannot_create_sessions_and_another_countys_organizer_cannot_see_or_check_in);
