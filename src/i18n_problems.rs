//! Problems and back-office notices in words: the one place a `Problem` key becomes a sentence,
//! and the sentences with values, as functions with named parameters.

use std::borrow::Cow;

use crate::i18n::ta;
use crate::model::Problem;

/// What the person reads for a problem.
pub fn problem_message(problem: &Problem) -> Cow<'static, str> {
    let s = ta();
    let words = match problem {
        Problem::ApplicationIdInvalid => s.application_id_invalid,
        Problem::BulkIdsInvalid => s.bulk_ids_invalid,
        Problem::BulkNothingSelected => s.bulk_nothing_selected,
        Problem::BulkScopeUnknown => s.bulk_scope_unknown,
        Problem::BulkTooMany => s.bulk_too_many,
        Problem::CampaignActionUnknown => s.campaign_action_unknown,
        Problem::CampaignAgesInvalid => s.campaign_ages_invalid,
        Problem::CampaignBodyInvalid => s.campaign_body_invalid,
        Problem::CampaignDatesInvalid => s.campaign_dates_invalid,
        Problem::CampaignRegionsInvalid => s.campaign_regions_invalid,
        Problem::CampaignReopenDates => s.campaign_reopen_dates,
        Problem::CampaignRetentionInvalid => s.campaign_retention_invalid,
        Problem::CampaignRoleInUse => s.campaign_role_in_use,
        Problem::CampaignRolesInvalid => s.campaign_roles_invalid,
        Problem::CampaignSlugInvalid => s.campaign_slug_invalid,
        Problem::CampaignSlugTaken => s.campaign_slug_taken,
        Problem::CampaignSummaryInvalid => s.campaign_summary_invalid,
        Problem::CampaignTargetInvalid => s.campaign_target_invalid,
        Problem::CampaignTitleInvalid => s.campaign_title_invalid,
        Problem::DecisionConflict => s.decision_conflict,
        Problem::DecisionUnchanged => s.decision_unchanged,
        Problem::DecisionUnknown => s.decision_unknown,
        Problem::DecisionWithdrawn => s.decision_withdrawn,
        Problem::ExportFormatUnknown => s.export_format_unknown,
        Problem::ExportTooMany => s.export_too_many,
        Problem::FilterAgeInvalid => s.filter_age_invalid,
        Problem::FilterCampaignUnknown => s.filter_campaign_unknown,
        Problem::FilterDateInvalid => s.filter_date_invalid,
        Problem::FilterPageInvalid => s.filter_page_invalid,
        Problem::FilterRegionInvalid => s.filter_region_invalid,
        Problem::FilterRoleUnknown => s.filter_role_unknown,
        Problem::FilterSearchInvalid => s.filter_search_invalid,
        Problem::FilterSearchTooLong => s.filter_search_too_long,
        Problem::PartnerCountyUnknown => crate::i18n::tp().county_unknown,
        Problem::PartnerNameInvalid => crate::i18n::tp().name_invalid,
        Problem::WebhookEventsInvalid => crate::i18n::tp().webhook_events_invalid,
        Problem::WebhookTooMany => crate::i18n::tp().webhook_too_many,
        Problem::WebhookUrlInvalid => crate::i18n::tp().webhook_url_invalid,
        Problem::FilterSkillUnknown => s.filter_skill_unknown,
        Problem::FilterSortUnknown => s.filter_sort_unknown,
        Problem::FilterStatusUnknown => s.filter_status_unknown,
        Problem::LotteryCapInvalid => s.lottery_cap_invalid,
        Problem::LotteryNInvalid => s.lottery_n_invalid,
        Problem::LotteryPoolChanged => s.lottery_pool_changed,
        Problem::LotterySeedRefused => s.lottery_seed_refused,
        Problem::ReasonCharacters => s.reason_characters,
        Problem::ReasonRequired => s.reason_required,
        Problem::ReasonTooLong => s.reason_too_long,
        Problem::ReasonUnknown => s.reason_unknown,
        Problem::TeamCapacityInvalid => s.team_capacity_invalid,
        Problem::TeamCountyRequired => s.team_county_required,
        Problem::TeamDutyInvalid => s.team_duty_invalid,
        Problem::TeamFull => s.team_full,
        Problem::TeamGroupChanged => s.team_group_changed,
        Problem::TeamGroupEmpty => s.team_group_empty,
        Problem::TeamIdInvalid => s.team_id_invalid,
        Problem::TeamMemberElsewhere => s.team_member_elsewhere,
        Problem::TeamMemberNotApproved => s.team_member_not_approved,
        Problem::TeamMemberTaken => s.team_member_taken,
        Problem::TeamNameInvalid => s.team_name_invalid,
        Problem::TeamNotAMember => s.team_not_a_member,
        Problem::TeamReferenceUnknown => s.team_reference_unknown,
        Problem::TeamSame => s.team_same,
        // the volunteers read these too: in the language of the request
        Problem::Training(problem) => return crate::i18n::training_problem(crate::i18n::locale(), *problem),
        Problem::Activity(problem) => return crate::i18n::activity_problem(crate::i18n::locale(), *problem),
        Problem::Question(problem) => crate::i18n::question_problem(*problem),
    };
    Cow::Borrowed(words)
}

/// After a decision: how many applications changed and how many were left alone.
pub fn decision_report(changed: u64, skipped: u64) -> String {
    let s = ta();
    format!("{} {changed} 条；{} {skipped} 条。", s.decision_done, s.decision_skipped)
}

/// After automatic grouping: how many recruits were placed in teams.
pub fn teams_grouped(placed: u64) -> String {
    format!("{} {placed}", ta().team_done)
}

/// Auto-grouping's preview: who was left out for want of a required training.
pub fn left_untrained(n: u64) -> String {
    format!("另有 {n} 名已录用志愿者未分组：其岗位要求先参加培训并签到，他们尚未完成。")
}

/// After a scan at the check-in desk: who, when, and (on departure) the hours that count.
pub fn checked(name: &str, at: &str, minutes_served: Option<u32>) -> String {
    match minutes_served {
        None => format!("{name}：{at} 签到。"),
        Some(minutes) => format!("{name}：{at} 签退，计 {} 小时。", crate::domain::hours::as_hours(minutes)),
    }
}

/// After a family's check-in or check-out at an activity's desk.
pub fn family_checked(names: &[String], at: &str, departed: bool) -> String {
    let step = if departed { "签退" } else { "签到" };
    format!("{}：{at} {step}（{} 人）。", names.join("、"), names.len())
}
