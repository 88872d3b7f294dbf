use sea_orm::entity::prelude::*;

/// An organizer's question on a campaign's sign-up form (see `domain::questions`).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "questions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub campaign_id: i32,
    pub position: i32,
    /// A `QuestionKind` word.
    pub kind: String,
    pub label: String,
    pub help: String,
    pub required: bool,
    /// `[{"key":"o1","label":"S"}, …]` for choice questions, `[]` otherwise.
    pub options: String,
    pub min_value: Option<i64>,
    pub max_value: Option<i64>,
    /// A `Condition` as text (`role=KEY`, `q{ID}=KEY`).
    pub condition: Option<String>,
    pub retired_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
