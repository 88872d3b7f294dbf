//! Route components.

pub mod admin;
#[cfg(feature = "ssr")]
pub mod notice;
pub mod public;
