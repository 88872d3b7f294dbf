//! Everything that only runs on the server: the only place that names sea-orm, lettre, the keys.

pub mod access;
pub mod backup;
pub mod bus;
pub mod campaign_cache;
pub mod crypto;
pub mod db;
pub mod downloads;
pub mod draws;
pub mod email;
pub mod entities;
pub mod feed;
pub mod feed_stream;
pub mod flash;
pub mod guard;
pub mod headers;
pub mod keys;
pub mod language;
pub mod lifecycle;
pub mod limits;
pub mod login_throttle;
pub mod page_cache;
pub mod qr;
pub mod reads;
pub mod rest;
pub mod seed;
pub mod services;
pub mod settings;
pub mod signup_writer;
pub mod state;
pub mod telemetry;
pub mod volunteer_cookie;

pub use state::AppState;
