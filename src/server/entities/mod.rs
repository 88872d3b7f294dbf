//! sea-orm entities, kept by hand in step with `migrations/`.

pub mod activity;
pub mod activity_person;
pub mod activity_registration;
pub mod admin_session;
pub mod api_token;
pub mod application;
pub mod audit;
pub mod campaign;
pub mod campaign_role;
pub mod certificate;
pub mod duty_week;
pub mod duty_week_pick;
pub mod enrolment;
pub mod flash;
pub mod key_check;
pub mod lottery_draw;
pub mod organizer;
pub mod outbox;
pub mod page_read;
pub mod region;
pub mod scheduled_job;
pub mod team;
pub mod team_member;
pub mod training_session;
pub mod volunteer_session;
