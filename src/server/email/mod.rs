//! Outgoing mail: written to the outbox in the same transaction as the change it reports, then
//! sent by a background worker that retries with backoff. A mail failure never undoes a sign-up.

pub mod mailer;
pub mod messages;
pub mod outbox;

pub use mailer::Mailer;
