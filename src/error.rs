//! The one error type the browser sees. A person's own mistakes are not errors (see
//! `SignupOutcome`); these are the things that went wrong around them.

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

use crate::i18n::tf;
use crate::i18n_problems::problem_message;
use crate::model::Problem;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// The request could not be read (garbage body, wrong encoding).
    #[error("bad request")]
    BadRequest,
    #[error("campaign not found")]
    CampaignNotFound,
    /// Back office: nobody is signed in (or the session ran out).
    #[error("unauthorized")]
    Unauthorized,
    /// Back office: signed in, but this organizer may not do this or see this.
    #[error("forbidden")]
    Forbidden,
    /// Back office: the application (or team, campaign) does not exist.
    #[error("not found")]
    NotFound,
    /// Back office: the request was understood but cannot be done as asked; the problem says
    /// why. On the wire it also carries the problem in words, in the language of the request.
    #[error("invalid: {0:?}")]
    Invalid(#[serde(with = "problem_wire")] Problem),
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
    /// What the person reads, in the request's language. Only the form table is used here:
    /// the sign-up island shows these messages, and the browser bundle must stay small.
    pub fn user_message(&self) -> String {
        let s = tf();
        match self {
            Self::BadRequest => s.error_bad_request.to_string(),
            Self::CampaignNotFound => s.campaign_missing.to_string(),
            Self::Unauthorized => crate::i18n::ta().error_unauthorized.to_string(),
            Self::Forbidden => crate::i18n::ta().error_forbidden.to_string(),
            Self::NotFound => crate::i18n::ta().error_not_found.to_string(),
            Self::Invalid(problem) => problem_message(problem).to_string(),
            Self::Unavailable => s.error_unavailable.to_string(),
            Self::RateLimited => s.error_rate_limited.to_string(),
            Self::Internal { request_id } => crate::i18n::internal_error(request_id),
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
            Self::Unauthorized => 401,
            Self::Forbidden => 403,
            Self::NotFound => 404,
            Self::Invalid(_) => 422,
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

/// `{"problem": <key>, "message": <words>}`: a script reads the words, a browser of ours reads
/// the key (and words it in its own language).
mod problem_wire {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use super::{problem_message, Problem};

    #[derive(Serialize)]
    struct Out<'a> {
        problem: &'a Problem,
        message: std::borrow::Cow<'static, str>,
    }

    #[derive(Deserialize)]
    struct In {
        problem: Problem,
    }

    pub fn serialize<S: Serializer>(problem: &Problem, serializer: S) -> Result<S::Ok, S::Error> {
        Out { problem, message: problem_message(problem) }.serialize(serializer)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Problem, D::Error> {
        In::deserialize(deserializer).map(|wire| wire.problem)
    }
}
