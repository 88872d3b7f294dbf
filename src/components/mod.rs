//! Shared view pieces.

pub mod layout;
pub mod progress;
pub mod signup_form;
