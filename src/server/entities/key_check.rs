use sea_orm::entity::prelude::*;

/// The data key's check value (one row, id 1) and, while a rotation runs, the next key's.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "key_check")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: i32,
    pub check_value: String,
    pub next_check: Option<String>,
    /// The next master key sealed with the current one.
    pub next_key: Option<String>,
    /// The current master key sealed with the next one (so a server holding either can read both).
    pub previous_key: Option<String>,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
