use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use crate::domain::ApplicationStatus;
use crate::model::{CampaignDetail, CampaignPhase, CampaignSummary, RegionTree, RoleView, SignupRules};
use crate::server::entities::{application, campaign, campaign_role};

/// Sign-ups per campaign, withdrawn ones not counted.
pub async fn signup_counts<C: ConnectionTrait>(db: &C) -> Result<HashMap<i32, u32>, DbErr> {
    let rows: Vec<(i32, i64)> = application::Entity::find()
        .select_only()
        .column(application::Column::CampaignId)
        .column_as(Expr::col(application::Column::Id).count(), "n")
        .filter(application::Column::Status.ne(ApplicationStatus::Withdrawn))
        .group_by(application::Column::CampaignId)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows.into_iter().map(|(id, n)| (id, u32::try_from(n).unwrap_or(0))).collect())
}

fn summary(model: &campaign::Model, signups: u32, now: DateTime<Utc>) -> CampaignSummary {
    CampaignSummary {
        slug: model.slug.clone(),
        title: model.title.clone(),
        summary: model.summary.clone(),
        target: u32::try_from(model.target).unwrap_or(0),
        signups,
        opens_at: model.opens_at,
        closes_at: model.closes_at,
        phase: CampaignPhase::at(model.opens_at, model.closes_at, now),
    }
}

pub async fn list<C: ConnectionTrait>(db: &C, now: DateTime<Utc>) -> Result<Vec<CampaignSummary>, DbErr> {
    let campaigns = campaign::Entity::find().order_by_asc(campaign::Column::Id).all(db).await?;
    let counts = signup_counts(db).await?;
    Ok(campaigns.iter().map(|c| summary(c, counts.get(&c.id).copied().unwrap_or(0), now)).collect())
}

pub async fn find_by_slug<C: ConnectionTrait>(
    db: &C,
    slug: &str,
) -> Result<Option<(campaign::Model, Vec<campaign_role::Model>)>, DbErr> {
    if slug.len() > 64 || slug.chars().any(char::is_control) {
        return Ok(None);
    }
    let Some(found) = campaign::Entity::find().filter(campaign::Column::Slug.eq(slug)).one(db).await? else {
        return Ok(None);
    };
    let roles = campaign_role::Entity::find()
        .filter(campaign_role::Column::CampaignId.eq(found.id))
        .order_by_asc(campaign_role::Column::Position)
        .all(db)
        .await?;
    Ok(Some((found, roles)))
}

pub fn rules(
    model: &campaign::Model,
    roles: &[campaign_role::Model],
    asked: &[crate::server::entities::question::Model],
) -> SignupRules {
    let locale = crate::i18n::Locale::Zh;
    SignupRules {
        questions: super::questions::asked(asked, roles, locale).iter().map(|q| q.rule()).collect(),
        min_age: u32::try_from(model.min_age).unwrap_or(0),
        max_age: u32::try_from(model.max_age).unwrap_or(0),
        roles: roles.iter().map(|r| r.key.clone()).collect(),
        allowed_regions: model.allowed_region_list(),
    }
}

pub async fn detail<C: ConnectionTrait>(
    db: &C,
    slug: &str,
    regions: &RegionTree,
    now: DateTime<Utc>,
) -> Result<Option<CampaignDetail>, DbErr> {
    let Some((model, roles)) = find_by_slug(db, slug).await? else { return Ok(None) };
    let signups: u32 = application::Entity::find()
        .filter(application::Column::CampaignId.eq(model.id))
        .filter(application::Column::Status.ne(ApplicationStatus::Withdrawn))
        .select_only()
        .column_as(Expr::col(application::Column::Id).count(), "n")
        .into_tuple::<i64>()
        .one(db)
        .await?
        .and_then(|n| u32::try_from(n).ok())
        .unwrap_or(0);
    let asked = super::questions::of_campaign(db, model.id, false).await?;
    let questions = super::questions::asked(&asked, &roles, crate::i18n::locale());
    let allowed_regions = model.allowed_region_list();
    let allowed_region_names = regions
        .restricted_to(&allowed_regions)
        .counties
        .iter()
        .filter(|_| !allowed_regions.is_empty())
        .map(|c| c.name.clone())
        .collect();
    Ok(Some(CampaignDetail {
        summary: summary(&model, signups, now),
        body: model.body.split("\n\n").map(|p| p.trim().to_string()).filter(|p| !p.is_empty()).collect(),
        roles: roles
            .iter()
            .map(|r| RoleView {
                key: r.key.clone(),
                name: r.name.clone(),
                description: r.description.clone(),
            })
            .collect(),
        min_age: u32::try_from(model.min_age).unwrap_or(0),
        max_age: u32::try_from(model.max_age).unwrap_or(0),
        allowed_region_names,
        allowed_regions,
        questions,
    }))
}
