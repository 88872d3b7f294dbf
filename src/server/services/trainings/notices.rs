//! Training mails into the outbox, inside the caller's transaction (so a mail is queued exactly
//! when its change commits). People without an e-mail address get none.

use sea_orm::{ConnectionTrait, DbErr, EntityTrait};

use crate::i18n::Locale;
use crate::server::email::messages::{TrainingKind, TrainingNotice};
use crate::server::email::outbox;
use crate::server::entities::{application, campaign, training_session};

/// What a notice needs besides the person: the session, its campaign's title, the portal's URL.
pub(super) struct Context<'a> {
    pub session: &'a training_session::Model,
    pub campaign_title: &'a str,
    pub public_url: &'a str,
}

impl Context<'_> {
    /// Queues `kind` for `person` (nothing when they left no e-mail address).
    pub async fn send<C: ConnectionTrait>(
        &self,
        db: &C,
        person: &application::Model,
        kind: TrainingKind,
    ) -> Result<(), DbErr> {
        let Some(email) = &person.email else { return Ok(()) };
        let mail = TrainingNotice {
            locale: Locale::from_tag(&person.locale).unwrap_or_default(),
            name: &person.name,
            campaign_title: self.campaign_title,
            session: self.session,
            public_url: self.public_url,
        }
        .render(kind);
        outbox::enqueue(db, email, &person.reference, mail).await
    }

    /// `send` for someone known by their application id.
    pub async fn send_to<C: ConnectionTrait>(
        &self,
        db: &C,
        application_id: i64,
        kind: TrainingKind,
    ) -> Result<(), DbErr> {
        match application::Entity::find_by_id(application_id).one(db).await? {
            Some(person) => self.send(db, &person, kind).await,
            None => Ok(()),
        }
    }
}

/// The title of a session's campaign.
pub(super) async fn campaign_title<C: ConnectionTrait>(db: &C, campaign_id: i32) -> Result<String, DbErr> {
    Ok(campaign::Entity::find_by_id(campaign_id).one(db).await?.map(|c| c.title).unwrap_or_default())
}
