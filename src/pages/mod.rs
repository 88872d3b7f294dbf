//! Route components.

pub mod public;
