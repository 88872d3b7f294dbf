//! A committed lottery draw, open to anyone: no sign-in, nothing in it names a person.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::PublicDraw;

#[server(prefix = "/api", endpoint = "draw")]
pub async fn draw_page(id: String) -> Result<Option<PublicDraw>, AppError> {
    use crate::server::services::draws;
    let state = super::door::state()?;
    draws::public(&state, &id).await
}
