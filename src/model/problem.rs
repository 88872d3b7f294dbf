//! Why a request cannot be done as asked, as a key. Services return these; the words are chosen
//! at the edge, in the person's language (`crate::i18n_problems::problem_message`).

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Problem {
    ApplicationIdInvalid,
    BulkIdsInvalid,
    BulkNothingSelected,
    BulkScopeUnknown,
    BulkTooMany,
    CampaignActionUnknown,
    CampaignAgesInvalid,
    CampaignBodyInvalid,
    CampaignDatesInvalid,
    CampaignRegionsInvalid,
    CampaignReopenDates,
    CampaignRetentionInvalid,
    CampaignRoleInUse,
    CampaignRolesInvalid,
    CampaignSlugInvalid,
    CampaignSlugTaken,
    CampaignSummaryInvalid,
    CampaignTargetInvalid,
    CampaignTitleInvalid,
    DecisionConflict,
    DecisionUnchanged,
    DecisionUnknown,
    DecisionWithdrawn,
    ExportFormatUnknown,
    ExportTooMany,
    FilterAgeInvalid,
    FilterCampaignUnknown,
    FilterDateInvalid,
    FilterPageInvalid,
    FilterRegionInvalid,
    FilterRoleUnknown,
    FilterSearchInvalid,
    FilterSearchTooLong,
    PartnerCountyUnknown,
    PartnerNameInvalid,
    WebhookEventsInvalid,
    WebhookTooMany,
    WebhookUrlInvalid,
    FilterSkillUnknown,
    FilterSortUnknown,
    FilterStatusUnknown,
    LotteryCapInvalid,
    LotteryNInvalid,
    LotteryPoolChanged,
    LotterySeedRefused,
    ReasonCharacters,
    ReasonRequired,
    ReasonTooLong,
    ReasonUnknown,
    TeamCapacityInvalid,
    TeamCountyRequired,
    TeamDutyInvalid,
    TeamFull,
    TeamGroupChanged,
    TeamGroupEmpty,
    TeamIdInvalid,
    TeamMemberElsewhere,
    TeamMemberNotApproved,
    TeamMemberTaken,
    TeamNameInvalid,
    TeamNotAMember,
    TeamReferenceUnknown,
    TeamSame,
    /// Training sessions and enrolments; their words are in `i18n::trainings`, in both languages.
    Training(TrainingProblem),
    /// Activities and their check-in; their words are in `i18n::activities`, in both languages.
    Activity(ActivityProblem),
    /// Organizers' questions on a sign-up form; their words are in `i18n::admin_questions`.
    Question(QuestionProblem),
}

/// Why a question cannot be saved, moved or retired.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum QuestionProblem {
    IdInvalid,
    KindUnknown,
    LabelInvalid,
    HelpInvalid,
    OptionsInvalid,
    /// Options are reworded or added, never taken away (answers name them).
    OptionRemoved,
    RangeInvalid,
    ConditionInvalid,
    TooMany,
    /// Already first or last: nothing to move past.
    CannotMove,
    /// The queue's answer filter names no answer of this campaign's choice questions.
    FilterUnknown,
}

/// Why an activity cannot be saved, or a check-in at one cannot be done.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ActivityProblem {
    IdInvalid,
    CampaignUnknown,
    TitleInvalid,
    ThemeInvalid,
    DescriptionInvalid,
    TimesInvalid,
    DepartureInvalid,
    DeadlineInvalid,
    MeetingPointInvalid,
    NoteInvalid,
    HotlineInvalid,
    StopsInvalid,
    CapacityInvalid,
    CapacityBelowRegistered,
    AudienceUnknown,
    AgesInvalid,
    Cancelled,
    CodeUnknown,
    CodeOtherActivity,
    /// Arrival was recorded already, at this China time.
    AlreadyArrived {
        hour: u8,
        minute: u8,
    },
    NotArrived,
    /// Departure was recorded already, at this China time.
    AlreadyLeft {
        hour: u8,
        minute: u8,
    },
    /// Weeks of duty: the set-up form (first day, how many weeks, places each).
    WeeksInvalid,
    /// A week's places cannot drop below the volunteers in it.
    WeeksBelowTaken,
    WeekUnknown,
    /// The week is full: every place is taken.
    WeekFull,
    /// Withdrawn or erased applications pick no week.
    WeekNotForYou,
}

/// Why a training session cannot be saved, or an enrolment or check-in cannot be done.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum TrainingProblem {
    SessionIdInvalid,
    TitleInvalid,
    PlaceInvalid,
    NoteInvalid,
    TimesInvalid,
    WindowInvalid,
    CapacityInvalid,
    CapacityBelowEnrolled,
    RoleUnknown,
    CountyInvalid,
    SessionCancelled,
    EnrolmentClosed,
    NotApproved,
    NotForYou,
    AlreadyEnrolled,
    Overlap,
    NotEnrolled,
    /// The recruit's role requires an attended training (team assignment).
    TrainingRequired,
    CodeUnknown,
    CodeOtherSession,
    /// The code is on the waiting list or cancelled: no seat to check in to.
    CodeWithoutSeat,
    /// Arrival was recorded already, at this China time.
    AlreadyArrived {
        hour: u8,
        minute: u8,
    },
    NotArrived,
    /// A correction's arrival or departure is not `HH:MM`, or departure comes first.
    AttendanceTimesInvalid,
    /// Departure was recorded already, at this China time.
    AlreadyLeft {
        hour: u8,
        minute: u8,
    },
}
