//! The audit log's entries that are not about one application (an export, a lottery draw, an
//! auto-grouping); decisions write theirs with the decision itself.

use chrono::Utc;
use sea_orm::{ConnectionTrait, DbErr, EntityTrait, Set};

use crate::domain::AuditAction;
use crate::server::access::Organizer;
use crate::server::entities::audit;

/// An audit entry that is not about one application (an export, a lottery draw).
pub async fn record<C: ConnectionTrait>(
    db: &C,
    organizer: &Organizer,
    action: AuditAction,
    campaign_id: Option<i32>,
    detail: String,
) -> Result<(), DbErr> {
    audit::Entity::insert(audit::ActiveModel {
        organizer_id: Set(Some(organizer.id)),
        actor_name: Set(organizer.name.clone()),
        action: Set(action),
        campaign_id: Set(campaign_id),
        application_id: Set(None),
        from_status: Set(None),
        to_status: Set(None),
        reason: Set(None),
        detail: Set(Some(detail)),
        created_at: Set(Utc::now()),
        ..Default::default()
    })
    .exec(db)
    .await
    .map(|_| ())
}
