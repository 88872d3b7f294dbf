//! Every integration test in one binary: one link of the app instead of one per file (on 2 cores
//! the 31 release links were minutes of a first run). Each module is one area, its tests named as sentences.

#[macro_use]
mod common;
mod admin_support;
mod instances_support;

mod activities;
mod admin_access;
mod admin_campaigns;
mod admin_dashboard;
mod admin_exports;
mod admin_lottery;
mod admin_masking;
mod admin_review;
mod admin_teams;
mod api_schema;
mod backup;
mod duty_weeks;
mod erasure;
mod faults;
mod feed_and_reads;
mod full_width;
mod instances;
mod keys;
mod languages;
mod lottery_public;
mod me;
mod pages;
mod partner_api;
mod questions;
mod shared_state;
mod sharing;
mod signup;
mod status;
mod trainings;
mod volunteer_trainings;
mod webhooks;
