//! Reference data and demo content loaded on first start.

mod demo;
mod demo_activities;

use sea_orm::{
    ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, PaginatorTrait, QueryOrder, Set,
    TransactionTrait,
};
use serde::Deserialize;

use super::entities::region;
use crate::model::{RegionNode, RegionTree};

pub use demo::seed_demo_campaigns;
pub use demo_activities::seed_demo_activities;

/// The administrative divisions of Jiaxing shipped with the app.
pub const JIAXING_DIVISIONS: &str = include_str!("jiaxing-divisions.csv");

#[derive(Debug, Deserialize)]
struct DivisionRow {
    level: String,
    code: String,
    name: String,
    parent_code: String,
}

/// Imports a `level,code,name,parent_code` file (any city in the same shape). Existing codes are
/// left alone, so importing twice changes nothing. Returns the number of rows added.
pub async fn import_regions(db: &DatabaseConnection, csv_text: &str) -> anyhow::Result<usize> {
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.deserialize::<DivisionRow>() {
        let row = record?;
        let level = match row.level.as_str() {
            "city" | "county" | "street" | "village" | "community" => row.level.clone(),
            other => anyhow::bail!("unknown level {other:?} for {}", row.code),
        };
        rows.push(region::ActiveModel {
            code: Set(row.code),
            level: Set(level),
            name: Set(row.name),
            parent_code: Set(Some(row.parent_code).filter(|p| !p.is_empty())),
        });
    }
    let before = region::Entity::find().count(db).await?;
    let txn = db.begin().await?;
    for chunk in rows.chunks(200) {
        region::Entity::insert_many(chunk.to_vec())
            .on_conflict_do_nothing_on([region::Column::Code])
            .exec(&txn)
            .await?;
    }
    txn.commit().await?;
    let after = region::Entity::find().count(db).await?;
    Ok((after - before) as usize)
}

/// The region tree; an empty database gets the administrative divisions of Jiaxing first.
pub async fn regions_or_jiaxing(db: &DatabaseConnection) -> anyhow::Result<RegionTree> {
    if region::Entity::find().count(db).await? == 0 {
        let added = import_regions(db, JIAXING_DIVISIONS).await?;
        tracing::info!(added, "imported the administrative divisions of Jiaxing");
    }
    Ok(load_region_tree(db).await?)
}

/// Builds the picker tree: every county with its streets and their communities.
pub async fn load_region_tree<C: ConnectionTrait>(db: &C) -> Result<RegionTree, DbErr> {
    let all = region::Entity::find().order_by_asc(region::Column::Code).all(db).await?;
    let children_of = |parent: &str, level: &[&str]| -> Vec<&region::Model> {
        all.iter()
            .filter(|r| r.parent_code.as_deref() == Some(parent) && level.contains(&r.level.as_str()))
            .collect()
    };
    let counties = all
        .iter()
        .filter(|r| r.level == "county")
        .map(|county| RegionNode {
            code: county.code.clone(),
            name: county.name.clone(),
            children: children_of(&county.code, &["street"])
                .into_iter()
                .map(|street| RegionNode {
                    code: street.code.clone(),
                    name: street.name.clone(),
                    children: children_of(&street.code, &["village", "community"])
                        .into_iter()
                        .map(|c| RegionNode { code: c.code.clone(), name: c.name.clone(), children: vec![] })
                        .collect(),
                })
                .collect(),
        })
        .collect();
    Ok(RegionTree { counties })
}
