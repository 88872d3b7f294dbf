//! What crosses the wire between the server and the browser. No database types here.

pub mod activity;
pub mod admin;
pub mod campaign;
pub mod draw;
pub mod ids;
pub mod me;
pub mod problem;
pub mod questions;
pub mod region;
pub mod signup;
pub mod status;
pub mod weeks;

pub use campaign::{CampaignDetail, CampaignPhase, CampaignSummary, PageFeed, RoleView};
pub use draw::{DrawnEntry, PublicDraw};
pub use ids::{ApplicationId, TeamId};
pub use problem::{ActivityProblem, Problem, QuestionProblem, TrainingProblem};
pub use questions::{AnswerLine, ChoiceOption, QuestionView};
pub use region::{RegionNode, RegionTree};
pub use signup::{FieldErrors, Receipt, SignupForm, SignupOutcome, SignupRules, ValidSignup};
pub use status::{StatusOutcome, StatusView, WithdrawOutcome};
