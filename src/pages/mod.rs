//! Route components.

pub mod admin;
pub mod public;
