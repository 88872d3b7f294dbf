//! The shape of the public tables: one value per language in `zh.rs` and `en.rs`.

/// The words of the public pages.
pub struct Strings {
    /// The sign-up form's words, reachable from here too (`t().field_name`), see `Deref` below.
    pub form: &'static FormStrings,
    pub site_name: &'static str,
    /// The one-character logo next to the site name.
    pub brand_mark: &'static str,
    pub skip_to_content: &'static str,
    pub main_navigation: &'static str,
    pub language_switch: &'static str,
    pub years_of_age: &'static str,
    pub site_tagline: &'static str,
    pub nav_campaigns: &'static str,
    pub nav_status: &'static str,
    pub footer_hotline: &'static str,
    pub footer_note: &'static str,
    pub home_title: &'static str,
    pub home_intro: &'static str,
    pub home_empty: &'static str,
    pub target: &'static str,
    pub signed_up: &'static str,
    pub people: &'static str,
    pub window: &'static str,
    pub open_now: &'static str,
    pub not_yet_open: &'static str,
    pub closed: &'static str,
    pub view_and_sign_up: &'static str,
    pub roles_title: &'static str,
    pub eligibility_title: &'static str,
    pub age_range: &'static str,
    pub regions_allowed: &'static str,
    pub all_regions: &'static str,
    /// Between the names of a list (allowed regions, skills).
    pub list_separator: &'static str,
    pub status_title: &'static str,
    pub status_intro: &'static str,
    pub field_reference: &'static str,
    pub look_up: &'static str,
    pub status_not_found: &'static str,
    pub status_rate_limited: &'static str,
    pub status_label: &'static str,
    pub withdraw_link: &'static str,
    pub withdraw_title: &'static str,
    pub withdraw_intro: &'static str,
    pub withdraw_confirm: &'static str,
    pub withdraw_submit: &'static str,
    pub withdraw_not_confirmed: &'static str,
    pub withdraw_done_title: &'static str,
    pub withdraw_done_kept: &'static str,
    pub campaign_label: &'static str,
    pub role_label: &'static str,
    pub submitted_at: &'static str,
    pub privacy_title: &'static str,
    pub privacy_body: &'static [&'static str],
    pub not_found_title: &'static str,
    pub not_found_body: &'static str,
    pub back_home: &'static str,
    pub go_back: &'static str,
    pub error_title: &'static str,
    pub campaign_closed: &'static str,
    pub campaign_not_open: &'static str,
    pub campaign_paused: &'static str,
    pub duplicate_signup: &'static str,
}

/// Pages show the form's words too (a status result names the same fields); reaching them
/// through the page table keeps one `t()` at every call site while the browser bundle, which
/// only ever asks `tf()`, carries the form tables alone.
impl std::ops::Deref for Strings {
    type Target = FormStrings;

    fn deref(&self) -> &FormStrings {
        self.form
    }
}

/// The words of the sign-up form island and of the errors it can show.
pub struct FormStrings {
    pub form_title: &'static str,
    pub form_intro: &'static str,
    pub field_name: &'static str,
    pub field_mobile: &'static str,
    pub field_id_number: &'static str,
    pub field_id_hint: &'static str,
    pub field_county: &'static str,
    pub field_street: &'static str,
    pub field_community: &'static str,
    pub field_region_hint: &'static str,
    pub choose: &'static str,
    pub field_role: &'static str,
    pub field_skills: &'static str,
    pub field_availability: &'static str,
    pub field_email: &'static str,
    pub field_email_hint: &'static str,
    pub field_consent: &'static str,
    pub privacy_summary: &'static str,
    pub nav_privacy: &'static str,
    pub required_mark: &'static str,
    pub submit: &'static str,
    pub submitting: &'static str,
    pub fix_errors: &'static str,
    pub success_title: &'static str,
    pub success_reference: &'static str,
    pub success_next: &'static str,
    pub success_email: &'static str,
    pub check_status: &'static str,
    pub error_internal: &'static str,
    pub error_unavailable: &'static str,
    pub error_bad_request: &'static str,
    pub error_rate_limited: &'static str,
    pub campaign_missing: &'static str,
    pub request_id: &'static str,
}
