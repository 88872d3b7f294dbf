//! The back office's words (organizers only). The back office speaks Chinese; its table is
//! in `admin_zh.rs`.

use crate::domain::{AuditAction, OrganizerRole, RejectReason};

/// The back office's words (organizers only).
pub struct AdminStrings {
    pub error_unauthorized: &'static str,
    pub error_forbidden: &'static str,
    pub error_not_found: &'static str,
    pub back_office: &'static str,
    pub login_title: &'static str,
    pub login_name: &'static str,
    pub login_password: &'static str,
    pub login_submit: &'static str,
    pub login_wrong: &'static str,
    pub login_throttled: &'static str,
    pub logout: &'static str,
    pub signed_in_as: &'static str,
    pub nav_queue: &'static str,
    pub nav_lottery: &'static str,
    pub queue_title: &'static str,
    pub filter_campaign: &'static str,
    pub filter_status: &'static str,
    pub filter_all: &'static str,
    pub filter_role: &'static str,
    pub filter_skill: &'static str,
    pub filter_age: &'static str,
    pub filter_submitted: &'static str,
    pub filter_search: &'static str,
    pub filter_search_hint: &'static str,
    pub filter_sort: &'static str,
    pub filter_apply: &'static str,
    pub filter_reset: &'static str,
    pub sort_new: &'static str,
    pub sort_old: &'static str,
    pub sort_name: &'static str,
    pub sort_age: &'static str,
    pub filter_campaign_unknown: &'static str,
    pub filter_region_invalid: &'static str,
    pub filter_role_unknown: &'static str,
    pub filter_skill_unknown: &'static str,
    pub filter_status_unknown: &'static str,
    pub filter_age_invalid: &'static str,
    pub filter_date_invalid: &'static str,
    pub filter_search_invalid: &'static str,
    /// Who the audit names for a withdrawal on the status page, and for the retention job.
    pub actor_applicant: &'static str,
    pub actor_retention: &'static str,
    pub filter_search_too_long: &'static str,
    pub filter_sort_unknown: &'static str,
    pub filter_page_invalid: &'static str,
    pub total_matching: &'static str,
    pub page_of: &'static str,
    pub previous: &'static str,
    pub next: &'static str,
    pub empty_queue: &'static str,
    pub col_select: &'static str,
    pub col_reference: &'static str,
    pub col_name: &'static str,
    pub col_mobile: &'static str,
    pub col_age: &'static str,
    pub col_region: &'static str,
    pub col_role: &'static str,
    pub col_skills: &'static str,
    pub col_status: &'static str,
    pub col_submitted: &'static str,
    pub bulk_title: &'static str,
    pub bulk_selected: &'static str,
    pub bulk_all_matching: &'static str,
    pub bulk_apply: &'static str,
    pub decision: &'static str,
    pub approve: &'static str,
    pub reject: &'static str,
    pub waitlist: &'static str,
    pub reason: &'static str,
    pub reason_other: &'static str,
    pub reason_text: &'static str,
    pub decide_submit: &'static str,
    pub decision_unknown: &'static str,
    pub reason_required: &'static str,
    pub reason_unknown: &'static str,
    pub reason_too_long: &'static str,
    pub reason_characters: &'static str,
    pub decision_withdrawn: &'static str,
    pub decision_unchanged: &'static str,
    pub decision_conflict: &'static str,
    pub decision_done: &'static str,
    pub decision_skipped: &'static str,
    pub bulk_too_many: &'static str,
    pub bulk_ids_invalid: &'static str,
    pub bulk_nothing_selected: &'static str,
    pub bulk_scope_unknown: &'static str,
    pub detail_title: &'static str,
    pub field_birth_date: &'static str,
    pub field_availability: &'static str,
    pub audit_title: &'static str,
    pub audit_empty: &'static str,
    pub back_to_queue: &'static str,
    pub application_id_invalid: &'static str,
    pub lottery_title: &'static str,
    pub lottery_intro: &'static str,
    pub lottery_n: &'static str,
    pub lottery_per_street: &'static str,
    pub lottery_digest: &'static str,
    pub lottery_no_draw_yet: &'static str,
    pub lottery_published: &'static str,
    pub lottery_see_approved: &'static str,
    pub lottery_preview: &'static str,
    pub lottery_commit: &'static str,
    pub lottery_pool: &'static str,
    pub lottery_n_invalid: &'static str,
    pub lottery_cap_invalid: &'static str,
    pub lottery_seed_refused: &'static str,
    pub lottery_pool_changed: &'static str,
    pub lottery_reason: &'static str,
    pub export_csv: &'static str,
    pub export_xlsx: &'static str,
    pub export_full: &'static str,
    pub export_title: &'static str,
    pub export_too_many: &'static str,
    pub export_format_unknown: &'static str,
    pub nav_teams: &'static str,
    pub teams_title: &'static str,
    pub team_title: &'static str,
    pub team_name: &'static str,
    pub team_region: &'static str,
    pub team_duty: &'static str,
    pub team_capacity: &'static str,
    pub team_members: &'static str,
    pub team_leader: &'static str,
    pub team_create: &'static str,
    pub team_rename: &'static str,
    pub team_add: &'static str,
    pub team_add_hint: &'static str,
    pub team_move: &'static str,
    pub team_make_leader: &'static str,
    pub team_roster: &'static str,
    pub team_print: &'static str,
    pub teams_empty: &'static str,
    pub team_auto_title: &'static str,
    pub team_auto_intro: &'static str,
    pub team_auto_preview: &'static str,
    pub team_auto_commit: &'static str,
    pub team_auto_recruits: &'static str,
    pub team_county_required: &'static str,
    pub team_name_invalid: &'static str,
    pub team_duty_invalid: &'static str,
    pub team_capacity_invalid: &'static str,
    pub team_member_not_approved: &'static str,
    pub team_member_elsewhere: &'static str,
    pub team_member_taken: &'static str,
    pub team_reference_unknown: &'static str,
    pub team_full: &'static str,
    pub team_not_a_member: &'static str,
    pub team_same: &'static str,
    pub team_group_changed: &'static str,
    pub team_group_empty: &'static str,
    pub team_done: &'static str,
    pub team_id_invalid: &'static str,
    pub nav_dashboard: &'static str,
    pub dashboard_title: &'static str,
    pub dashboard_signups: &'static str,
    pub dashboard_approved: &'static str,
    pub dashboard_target: &'static str,
    pub dashboard_per_day: &'static str,
    pub dashboard_per_county: &'static str,
    pub dashboard_no_data: &'static str,
    pub dashboard_per_hour: &'static str,
    pub dashboard_per_source: &'static str,
    pub chart_table: &'static str,
    pub chart_col_day: &'static str,
    pub chart_col_hour: &'static str,
    pub chart_col_source: &'static str,
    pub chart_col_count: &'static str,
    pub source_direct: &'static str,
    pub nav_campaigns: &'static str,
    pub campaigns_title: &'static str,
    pub campaign_new: &'static str,
    pub campaign_edit: &'static str,
    pub campaign_save: &'static str,
    pub campaign_slug: &'static str,
    pub campaign_title: &'static str,
    pub campaign_summary: &'static str,
    pub campaign_body: &'static str,
    pub campaign_target: &'static str,
    pub campaign_opens: &'static str,
    pub campaign_closes: &'static str,
    pub campaign_min_age: &'static str,
    pub campaign_max_age: &'static str,
    pub campaign_regions: &'static str,
    pub campaign_regions_hint: &'static str,
    pub campaign_roles: &'static str,
    pub campaign_roles_hint: &'static str,
    pub campaign_state: &'static str,
    pub campaign_state_paused: &'static str,
    pub campaign_open: &'static str,
    pub campaign_pause: &'static str,
    pub campaign_close: &'static str,
    pub campaign_saved: &'static str,
    pub campaign_title_invalid: &'static str,
    pub campaign_summary_invalid: &'static str,
    pub campaign_body_invalid: &'static str,
    pub campaign_target_invalid: &'static str,
    pub campaign_dates_invalid: &'static str,
    pub campaign_ages_invalid: &'static str,
    pub campaign_retention: &'static str,
    pub campaign_retention_hint: &'static str,
    pub campaign_retention_invalid: &'static str,
    pub campaign_regions_invalid: &'static str,
    pub campaign_roles_invalid: &'static str,
    pub campaign_role_in_use: &'static str,
    pub campaign_slug_invalid: &'static str,
    pub campaign_slug_taken: &'static str,
    pub campaign_reopen_dates: &'static str,
    pub campaign_action_unknown: &'static str,
}

/// Reasons an organizer can pick when not accepting someone (keys; labels below).
pub fn reject_reason_label(key: RejectReason) -> &'static str {
    match key {
        RejectReason::Age => "年龄不符合岗位要求",
        RejectReason::Region => "所在区域暂不招募",
        RejectReason::Capacity => "该岗位名额已满",
        RejectReason::Incomplete => "报名信息不完整或无法核实",
        RejectReason::Duplicate => "重复报名",
    }
}

pub fn audit_action_label(action: AuditAction) -> &'static str {
    match action {
        AuditAction::Decision => "审核",
        AuditAction::Lottery => "抽签录用",
        AuditAction::LotteryPreview => "抽签预览",
        AuditAction::ExportFull => "完整数据导出",
        AuditAction::AutoGroup => "自动编组",
        AuditAction::WithdrawErase => "申请人撤回并删除个人信息",
        AuditAction::RetentionErase => "保存期满，删除个人信息",
        AuditAction::TrainingSession => "培训场次",
        AuditAction::TrainingEnrolment => "取消培训报名",
        AuditAction::TrainingAttendance => "培训签到签退",
        AuditAction::Activity => "主题活动",
        AuditAction::ActivityAttendance => "活动签到签退",
        AuditAction::ApiToken => "合作方接口令牌",
        AuditAction::ApiRead => "合作方通过接口读取报名",
        AuditAction::Question => "报名表问题",
    }
}

pub fn api_scope_label(scope: crate::domain::ApiScope) -> &'static str {
    use crate::domain::ApiScope;
    match scope {
        ApiScope::Read => "读取（脱敏）",
        ApiScope::Decide => "审核决定",
        ApiScope::Full => "完整身份证号和手机号",
    }
}

/// Where sign-ups came from, as the dashboard names it; `None` is a direct visit.
pub fn source_label(source: Option<crate::domain::ShareSource>) -> &'static str {
    use crate::domain::ShareSource;
    match source {
        None => super::ta().source_direct,
        Some(ShareSource::Qr) => "二维码",
        Some(ShareSource::Wechat) => "微信",
        Some(ShareSource::Weibo) => "微博",
        Some(ShareSource::Qq) => "QQ",
        Some(ShareSource::Copy) => "复制链接",
    }
}

pub fn organizer_role_label(role: OrganizerRole) -> &'static str {
    match role {
        OrganizerRole::CityAdmin => "市级管理员",
        OrganizerRole::DistrictOrganizer => "县区组织者",
        OrganizerRole::Reviewer => "审核员",
    }
}

/// Sentences with values in the back office (Chinese only), one function each.
pub mod admin_phrases {
    use std::fmt::Display;

    use super::super::{t, ta};

    /// "登录失败次数过多，请稍后再试。（60 秒）".
    pub fn throttled_for(seconds: impl Display) -> String {
        format!("{}（{seconds} 秒）", ta().login_throttled)
    }

    /// "34 周岁".
    pub fn age(years: impl Display) -> String {
        format!("{years} {}", t().years_of_age)
    }

    /// "1990-05-01（34 周岁）".
    pub fn birth_and_age(birth: impl Display, years: impl Display) -> String {
        format!("{birth}（{}）", age(years))
    }

    /// "2 / 7 页".
    pub fn page_position(page: impl Display, pages: impl Display) -> String {
        format!("{page} / {pages} {}", ta().page_of)
    }

    /// "符合筛选条件的全部报名（1,234）".
    pub fn all_matching(total: impl Display) -> String {
        format!("{}（{total}）", ta().bulk_all_matching)
    }

    /// "（45%）".
    pub fn share(percent: impl Display) -> String {
        format!("（{percent}%）")
    }
}
