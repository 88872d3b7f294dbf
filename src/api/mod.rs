//! Server functions: thin doorways. Each takes the state, asks one service, maps the answer.
//! Every one has a fixed URL under `/api/` so plain HTML forms and tests can post to it.

pub mod activities;
pub mod admin;
pub mod campaigns;
pub mod draws;
pub mod me;
pub mod signups;
pub mod status;

#[cfg(feature = "ssr")]
pub(crate) mod door;
