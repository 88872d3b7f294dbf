//! sea-orm entities, kept by hand in step with `migrations/`.

pub mod application;
pub mod campaign;
pub mod campaign_role;
pub mod outbox;
pub mod region;
