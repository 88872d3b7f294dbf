//! The live feeds as Server-Sent Events: `GET /feed/campaign/{id}` and `GET /feed/activity/{id}`.
//! Each event is one line, already written in the reader's language. An open connection costs a
//! broadcast receiver and a small task, and no database query: the topic's existence is checked
//! once per process.
//!
//! These routes sit outside the request timeout (a feed stays open for as long as the page)
//! and outside the page cache.

use std::convert::Infallible;
use std::time::Duration;

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use tokio::sync::broadcast::error::RecvError;

use super::services::feed::topic_exists;
use super::AppState;
use crate::domain::feed::{line, FeedTopic};

/// A comment line this often keeps proxies from closing a quiet feed.
const KEEP_ALIVE: Duration = Duration::from_secs(20);

pub async fn campaign(state: State<AppState>, Path(id): Path<String>, headers: HeaderMap) -> Response {
    match id.parse::<i32>() {
        Ok(id) if id > 0 => stream(state, FeedTopic::Campaign(id), headers).await,
        _ => StatusCode::BAD_REQUEST.into_response(),
    }
}

pub async fn activity(state: State<AppState>, Path(id): Path<String>, headers: HeaderMap) -> Response {
    match id.parse::<i64>() {
        Ok(id) if id > 0 => stream(state, FeedTopic::Activity(id), headers).await,
        _ => StatusCode::BAD_REQUEST.into_response(),
    }
}

async fn stream(State(state): State<AppState>, topic: FeedTopic, headers: HeaderMap) -> Response {
    let Some(place) = state.feed.open() else {
        return (StatusCode::SERVICE_UNAVAILABLE, [(axum::http::header::RETRY_AFTER, "30")]).into_response();
    };
    match topic_exists(&state, topic).await {
        Ok(true) => {}
        Ok(false) => return StatusCode::NOT_FOUND.into_response(),
        Err(e) => {
            tracing::warn!(error = %e, "checking a feed's page failed");
            return StatusCode::SERVICE_UNAVAILABLE.into_response();
        }
    }
    let locale = crate::i18n::locale_from_headers(&headers);
    let receiver = state.feed.subscribe(topic);
    let lifecycle = state.lifecycle.clone();
    // A stopping instance ends its feeds: the browser's EventSource reconnects, through the
    // proxy, to an instance that stays.
    let events = futures_util::stream::unfold((receiver, place), move |(mut receiver, place)| {
        let lifecycle = lifecycle.clone();
        async move {
            loop {
                let received = tokio::select! {
                    received = receiver.recv() => received,
                    _ = lifecycle.stopped() => return None,
                };
                match received {
                    Ok(entry) => {
                        let event = Event::default().data(line(&entry, Utc::now(), locale));
                        return Some((Ok::<_, Infallible>(event), (receiver, place)));
                    }
                    // a slow reader missed some lines: it goes on with the next one
                    Err(RecvError::Lagged(_)) => continue,
                    Err(RecvError::Closed) => return None,
                }
            }
        }
    });
    let mut response = Sse::new(events).keep_alive(KeepAlive::new().interval(KEEP_ALIVE)).into_response();
    // a proxy must not hold the events back to buffer them
    response.headers_mut().insert("x-accel-buffering", axum::http::HeaderValue::from_static("no"));
    response
}
