//! Checking a lottery draw from the outside: the pool file route of `/draws/{id}` and the
//! `shouwang lottery verify` command, which re-runs `domain::lottery` on a downloaded pool.

use std::fmt::Write;

use anyhow::{bail, Context};
use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::domain::lottery::{draw, Pool, Seed};
use crate::server::services::draws;
use crate::server::AppState;

/// GET /draws/{id}/pool.txt — the published pool, exactly the bytes its digest was taken over.
pub async fn pool_file(State(state): State<AppState>, Path(id): Path<String>) -> Response {
    match draws::pool_file(&state, &id).await {
        Ok(Some(text)) => {
            let name = format!("attachment; filename=\"draw-{id}-pool.txt\"");
            (
                [
                    (header::CONTENT_TYPE, "text/plain; charset=utf-8".to_string()),
                    (header::CONTENT_DISPOSITION, name),
                ],
                text,
            )
                .into_response()
        }
        Ok(None) => (StatusCode::NOT_FOUND, "no such draw\n").into_response(),
        Err(e) => (StatusCode::SERVICE_UNAVAILABLE, format!("{e}\n")).into_response(),
    }
}

/// What `shouwang lottery verify` prints: the pool's digest and the drawn tokens in draw order.
pub fn verify(pool_file: &str, seed: &str, n: usize, per_street: Option<usize>) -> anyhow::Result<String> {
    let pool = Pool::parse(pool_file).context("the pool file")?;
    let Some(seed) = Seed::parse(seed) else { bail!("--seed must be 64 hex digits") };
    if per_street == Some(0) {
        bail!("--per-street must be at least 1");
    }
    let result = draw(&pool, n, per_street, &seed);
    let cap = per_street.map_or_else(|| "none".to_string(), |k| k.to_string());
    let mut out = String::new();
    writeln!(out, "pool digest  {}", pool.digest())?;
    writeln!(out, "pool size    {}", pool.len())?;
    writeln!(out, "seed         {}", seed.to_hex())?;
    writeln!(out, "n            {n}")?;
    writeln!(out, "per street   {cap}")?;
    writeln!(out, "drawn        {}", result.winners().count())?;
    for (place, e) in result.winners().enumerate() {
        writeln!(out, "{:>6}  {}  {}", place + 1, e.token, e.street)?;
    }
    Ok(out)
}

/// `verify` on a file.
pub fn verify_file(
    path: &std::path::Path,
    seed: &str,
    n: usize,
    per_street: Option<usize>,
) -> anyhow::Result<String> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    verify(&text, seed, n, per_street)
}
