//! The one error type the browser sees. A person's own mistakes are not errors (see
//! `SignupOutcome`); these are the things that went wrong around them.

use serde::{Deserialize, Serialize};
use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};

use crate::i18n::t;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// The request could not be read (garbage body, wrong encoding).
    #[error("bad request")]
    BadRequest,
    #[error("campaign not found")]
    CampaignNotFound,
    /// The database cannot take writes right now (locked, full disk, read-only).
    #[error("unavailable")]
    Unavailable,
    /// Too many requests from one client address.
    #[error("rate limited")]
    RateLimited,
    /// Logged on the server with its whole cause; the person gets an apology and this id.
    #[error("internal error {request_id}")]
    Internal { request_id: String },
    #[error("server function: {0}")]
    ServerFn(ServerFnErrorErr),
}

impl AppError {
    /// What the person reads.
    pub fn user_message(&self) -> String {
        let s = t();
        match self {
            Self::BadRequest => s.error_bad_request.to_string(),
            Self::CampaignNotFound => s.campaign_missing.to_string(),
            Self::Unavailable => s.error_unavailable.to_string(),
            Self::RateLimited => s.error_rate_limited.to_string(),
            Self::Internal { request_id } => format!("{}（{}：{request_id}）", s.error_internal, s.request_id),
            Self::ServerFn(ServerFnErrorErr::Args(_) | ServerFnErrorErr::Deserialization(_)) => {
                s.error_bad_request.to_string()
            }
            Self::ServerFn(_) => s.error_internal.to_string(),
        }
    }

    /// The HTTP status that goes with it.
    pub fn status(&self) -> u16 {
        match self {
            Self::BadRequest => 400,
            Self::CampaignNotFound => 404,
            Self::Unavailable => 503,
            Self::RateLimited => 429,
            Self::Internal { .. } => 500,
            Self::ServerFn(ServerFnErrorErr::Args(_) | ServerFnErrorErr::Deserialization(_)) => 400,
            Self::ServerFn(_) => 500,
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        AppError::ServerFn(value)
    }
}
