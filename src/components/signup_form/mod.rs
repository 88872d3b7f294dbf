//! The sign-up form: the one interactive part of the public pages.
//!
//! The form is plain server-rendered HTML posting to `/api/signup`; without JavaScript that is all
//! there is. Next to it sits a small Leptos island, [`SignupEnhancer`], whose browser code
//! (`enhance.rs`) takes the same markup over once the bundle has loaded: the region picker narrows
//! county → street → community, every field is checked by the same `SignupForm::parse` the server
//! runs, and the post goes through `fetch` with the answer shown in place. The island reads what it
//! needs from the page (the rules and the regions from the markup, its words from `data-words`), so
//! it carries no props, no serde and no second language: the bundle stays small (README, "Page
//! weight").

#[cfg(feature = "hydrate")]
mod enhance;
mod questions;

use leptos::prelude::*;

use crate::components::field::{Checkbox, CheckboxGroup, Field};
use crate::domain::{options, ShareSource};
use crate::i18n::{availability_label, field_message, form_strings, skill_label, Locale};
use crate::model::{FieldErrors, QuestionView, RegionTree, RoleView, SignupForm, SignupRules};

/// Everything the form shows.
#[derive(Clone, Debug, PartialEq)]
pub struct SignupFormProps {
    pub slug: String,
    pub roles: Vec<RoleView>,
    pub rules: SignupRules,
    /// The campaign's own questions, in order (their rules are in `rules.questions`).
    pub questions: Vec<QuestionView>,
    pub regions: RegionTree,
    pub values: SignupForm,
    pub errors: FieldErrors,
    pub message: Option<String>,
    /// The shared link the page was opened by; kept with the sign-up.
    pub source: Option<ShareSource>,
    pub locale: Locale,
}

/// The browser code of the form. It renders nothing of its own: the form beside it is the markup.
#[island]
pub fn SignupEnhancer() -> impl IntoView {
    #[cfg(feature = "hydrate")]
    enhance::attach();
}

#[component]
pub fn SignupFormView(props: SignupFormProps) -> impl IntoView {
    let SignupFormProps { slug, roles, rules, questions, regions, values, errors, message, source, locale } =
        props;
    // after a plain post with mistakes the page comes back without `?src=`: the form kept it
    let source = source.or_else(|| ShareSource::parse(&values.source));
    let s = form_strings(locale);
    let error_of =
        |field: &str| Signal::stored(errors.get(field).map(|code| field_message(code).to_string()));
    let invalid = |field: &str| errors.contains_key(field).then_some("true");
    let skills = options::SKILLS
        .iter()
        .map(|key| Checkbox { key, label: skill_label(key).to_string(), checked: values.has_skill(key) })
        .collect::<Vec<_>>();
    let availability = options::AVAILABILITY
        .iter()
        .map(|key| Checkbox {
            key,
            label: availability_label(key).to_string(),
            checked: values.has_availability(key),
        })
        .collect::<Vec<_>>();
    let (county, street, community) =
        (values.county.clone(), values.street.clone(), values.community.clone());
    let answered = values.clone();

    view! {
        <div class="signup" id="signup" data-island>
            <SignupEnhancer/>
            <section class="receipt" role="status" aria-live="polite" hidden>
                <h2>{s.success_title}</h2>
                <p>{s.success_reference}</p>
                <p class="reference" data-testid="reference"></p>
                <p>{s.success_next}</p>
                <p class="receipt-email" hidden>{s.success_email}</p>
                <p><a class="button receipt-status" href="/status">{s.check_status}</a></p>
            </section>
            <form
                class="signup-form"
                id="signup-form"
                method="post"
                action="/api/signup"
                data-min-age=rules.min_age
                data-max-age=rules.max_age
                data-allowed=rules.allowed_regions.join(",")
                data-words=browser_words(locale)
            >
                <h2>{s.form_title}</h2>
                <p class="hint">{s.form_intro}</p>
                <p class="form-message" role="alert" hidden=message.is_none()>{message.clone()}</p>
                <input type="hidden" name="form[campaign]" value=slug/>
                {source.map(|source| view! { <input type="hidden" name="form[source]" value=source.as_str()/> })}

                <Field id="f-name" label=s.field_name required=true error=error_of("name")>
                    <input id="f-name" name="form[name]" type="text" autocomplete="name" required maxlength="40"
                        value=values.name.clone() aria-invalid=invalid("name") aria-describedby="e-name"/>
                </Field>

                <Field id="f-mobile" label=s.field_mobile required=true error=error_of("mobile")>
                    <input id="f-mobile" name="form[mobile]" type="tel" inputmode="numeric" autocomplete="tel"
                        required maxlength="20" value=values.mobile.clone() aria-invalid=invalid("mobile")
                        aria-describedby="e-mobile"/>
                </Field>

                <Field id="f-id" label=s.field_id_number required=true hint=s.field_id_hint error=error_of("id_number")>
                    <input id="f-id" name="form[id_number]" type="text" autocomplete="off" required maxlength="22"
                        value=values.id_number.clone() aria-invalid=invalid("id_number")
                        aria-describedby="h-id e-id"/>
                </Field>

                <fieldset class="field region">
                    <legend>{s.field_community}<span class="req">{s.required_mark}</span></legend>
                    <p class="hint">{s.field_region_hint}</p>
                    <label for="f-county">{s.field_county}</label>
                    <select id="f-county" name="form[county]">
                        <option value="">{s.choose}</option>
                        {regions.counties.iter().map(|c| {
                            view! { <option value=c.code.clone() selected=c.code == county>{c.name.clone()}</option> }
                        }).collect_view()}
                    </select>
                    // every street and community is in the page (grouped), so the browser code can
                    // narrow the lists without asking the server, and a page without it still works
                    <label for="f-street">{s.field_street}</label>
                    <select id="f-street" name="form[street]">
                        <option value="">{s.choose}</option>
                        {regions.counties.iter().map(|c| view! {
                            <optgroup label=c.name.clone() data-county=c.code.clone()>
                                {c.children.iter().map(|st| view! {
                                    <option value=st.code.clone() selected=st.code == street>{st.name.clone()}</option>
                                }).collect_view()}
                            </optgroup>
                        }).collect_view()}
                    </select>
                    <label for="f-community">{s.field_community}</label>
                    <select id="f-community" name="form[community]" required aria-invalid=invalid("community")
                        aria-describedby="e-community">
                        <option value="">{s.choose}</option>
                        {regions.counties.iter().flat_map(|c| c.children.iter().map(move |st| (c, st))).map(|(c, st)| view! {
                            <optgroup label=format!("{} {}", c.name, st.name) data-county=c.code.clone()
                                data-street=st.code.clone() data-street-name=st.name.clone() data-county-name=c.name.clone()>
                                {st.children.iter().map(|cm| view! {
                                    <option value=cm.code.clone() selected=cm.code == community>{cm.name.clone()}</option>
                                }).collect_view()}
                            </optgroup>
                        }).collect_view()}
                    </select>
                    <p class="error" id="e-community">{error_of("community")}</p>
                </fieldset>

                <Field id="f-role" label=s.field_role required=true error=error_of("role")>
                    <select id="f-role" name="form[role]" required aria-invalid=invalid("role") aria-describedby="e-role">
                        <option value="">{s.choose}</option>
                        {roles.iter().map(|r| {
                            view! { <option value=r.key.clone() selected=r.key == values.role>{r.name.clone()}</option> }
                        }).collect_view()}
                    </select>
                </Field>

                <questions::Questions questions=questions values=answered errors=errors.clone() locale=locale/>

                <CheckboxGroup legend=s.field_skills name="form[skills]" id_prefix="f-skill" boxes=skills
                    error=error_of("skills")/>

                <CheckboxGroup legend=s.field_availability name="form[availability]" id_prefix="f-avail"
                    boxes=availability error=error_of("availability")/>

                <Field id="f-email" label=s.field_email hint=s.field_email_hint error=error_of("email")>
                    <input id="f-email" name="form[email]" type="email" autocomplete="email" maxlength="254"
                        value=values.email.clone() aria-invalid=invalid("email") aria-describedby="h-email e-email"/>
                </Field>

                <div class="field consent">
                    <p class="privacy-summary">{s.privacy_summary}" "<a href="/privacy">{s.nav_privacy}</a></p>
                    <label class="choice" for="f-consent">
                        <input type="checkbox" id="f-consent" name="form[consent]" value="on" required
                            aria-invalid=invalid("consent") aria-describedby="e-consent"/>
                        {s.field_consent}
                    </label>
                    <p class="error" id="e-consent">{error_of("consent")}</p>
                </div>

                <button type="submit" class="button primary">{s.submit}</button>
            </form>
        </div>
    }
}

/// The words the browser code may need, in the page's language only, as JSON for `data-words`.
fn browser_words(locale: Locale) -> String {
    #[cfg(feature = "ssr")]
    {
        let s = form_strings(locale);
        let fields: serde_json::Map<String, serde_json::Value> = crate::model::signup::FIELD_CODES
            .iter()
            .map(|code| (code.to_string(), field_message(code).into()))
            .collect();
        serde_json::json!({
            "fix_errors": s.fix_errors,
            "bad_request": s.error_bad_request,
            "campaign_missing": s.campaign_missing,
            "unavailable": s.error_unavailable,
            "rate_limited": s.error_rate_limited,
            "internal": crate::i18n::internal_error("{id}"),
            "submit": s.submit,
            "submitting": s.submitting,
            "fields": fields,
        })
        .to_string()
    }
    #[cfg(not(feature = "ssr"))]
    {
        let _ = locale;
        String::new()
    }
}
