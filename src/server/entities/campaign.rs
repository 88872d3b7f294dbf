use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "campaigns")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub body: String,
    pub target: i32,
    pub opens_at: DateTimeUtc,
    pub closes_at: DateTimeUtc,
    pub min_age: i32,
    pub max_age: i32,
    pub allowed_regions: String,
    pub created_at: DateTimeUtc,
    /// Sign-up paused by the organizers (the dates stay as they are).
    pub paused: bool,
    /// Days after `closes_at` that the applicants' personal data is kept; then it is erased.
    pub retention_days: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

impl Model {
    /// Region code prefixes; empty means the whole city.
    pub fn allowed_region_list(&self) -> Vec<String> {
        self.allowed_regions.split(',').map(str::trim).filter(|s| !s.is_empty()).map(String::from).collect()
    }
}
