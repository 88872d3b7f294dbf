//! Shared view pieces.

pub mod admin_page;
pub mod chart;
pub mod field;
pub mod island_loader;
pub mod layout;
pub mod live_feed;
pub mod progress;
pub mod share;
pub mod signup_form;
