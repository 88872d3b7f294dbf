//! Schema changes, one per file, each with its `down`. Run at start-up and by `shouwang migrate`.

pub use sea_orm_migration::prelude::*;

mod m20261129_000001_create_regions;
mod m20261129_000002_create_campaigns;
mod m20261129_000003_create_applications;
mod m20261129_000004_create_outbox;
mod m20261129_000005_create_organizers;
mod m20261129_000006_create_audit_log;
mod m20261129_000007_index_review_queue;
mod m20261129_000008_create_teams;
mod m20261129_000009_add_campaign_paused;
mod m20261129_000010_create_key_check;
mod m20261129_000011_add_application_locale;
mod m20261203_000012_create_lottery_draws;
mod m20261203_000013_add_erasure;
mod m20261203_000014_create_training_sessions;
mod m20261203_000015_create_enrolments;
mod m20261203_000016_add_role_requires_training;
mod m20261203_000020_create_volunteer_sessions;
mod m20261203_000021_create_certificates;
mod m20261203_000022_add_certificate_services;
mod m20261203_000023_add_application_source;
mod m20261203_000024_create_page_reads;
mod m20261203_000025_create_activities;
mod m20261203_000026_create_activity_registrations;
mod m20261203_000027_create_activity_people;
mod m20261203_000028_create_duty_weeks;
mod m20261203_000029_create_duty_week_picks;
mod m20261203_000030_shared_between_instances;
mod m20261207_000031_create_api_tokens;
mod m20261207_000032_create_webhooks;
mod m20261207_000033_create_questions;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261129_000001_create_regions::Migration),
            Box::new(m20261129_000002_create_campaigns::Migration),
            Box::new(m20261129_000003_create_applications::Migration),
            Box::new(m20261129_000004_create_outbox::Migration),
            Box::new(m20261129_000005_create_organizers::Migration),
            Box::new(m20261129_000006_create_audit_log::Migration),
            Box::new(m20261129_000007_index_review_queue::Migration),
            Box::new(m20261129_000008_create_teams::Migration),
            Box::new(m20261129_000009_add_campaign_paused::Migration),
            Box::new(m20261129_000010_create_key_check::Migration),
            Box::new(m20261129_000011_add_application_locale::Migration),
            Box::new(m20261203_000012_create_lottery_draws::Migration),
            Box::new(m20261203_000013_add_erasure::Migration),
            Box::new(m20261203_000014_create_training_sessions::Migration),
            Box::new(m20261203_000015_create_enrolments::Migration),
            Box::new(m20261203_000016_add_role_requires_training::Migration),
            Box::new(m20261203_000020_create_volunteer_sessions::Migration),
            Box::new(m20261203_000021_create_certificates::Migration),
            Box::new(m20261203_000022_add_certificate_services::Migration),
            Box::new(m20261203_000023_add_application_source::Migration),
            Box::new(m20261203_000024_create_page_reads::Migration),
            Box::new(m20261203_000025_create_activities::Migration),
            Box::new(m20261203_000026_create_activity_registrations::Migration),
            Box::new(m20261203_000027_create_activity_people::Migration),
            Box::new(m20261203_000028_create_duty_weeks::Migration),
            Box::new(m20261203_000029_create_duty_week_picks::Migration),
            Box::new(m20261203_000030_shared_between_instances::Migration),
            Box::new(m20261207_000031_create_api_tokens::Migration),
            Box::new(m20261207_000032_create_webhooks::Migration),
            Box::new(m20261207_000033_create_questions::Migration),
        ]
    }
}
