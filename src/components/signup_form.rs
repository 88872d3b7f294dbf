//! The sign-up form: the one interactive part of the public pages (a Leptos island).
//!
//! Without JavaScript it is a plain HTML form posting to `/api/signup`. With JavaScript the same
//! markup wakes up: the region picker narrows county → street → community, every field is checked
//! in the browser by the same `SignupForm::parse` the server runs, and the post goes through
//! `fetch` with the answer shown in place.

use leptos::ev::SubmitEvent;
use leptos::form::FromFormData;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::api::signups::Signup;
use crate::components::field::{Checkbox, CheckboxGroup, Field};
use crate::domain::{options, today_in_china};
use crate::i18n::{availability_label, field_message, form_strings, skill_label, Locale};
use crate::model::{FieldErrors, Receipt, RegionTree, RoleView, SignupForm, SignupOutcome, SignupRules};

/// Everything the island needs, serialised into the page once.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SignupFormProps {
    pub slug: String,
    pub roles: Vec<RoleView>,
    pub rules: SignupRules,
    pub regions: RegionTree,
    pub values: SignupForm,
    pub errors: FieldErrors,
    pub message: Option<String>,
    /// The page's language: the browser has no request to read it from.
    pub locale: Locale,
}

#[island]
pub fn SignupFormIsland(props: SignupFormProps) -> impl IntoView {
    let SignupFormProps {
        slug,
        roles,
        rules,
        regions,
        values,
        errors: initial_errors,
        message: initial_message,
        locale,
    } = props;
    // Only the form's own table: the page tables stay out of the browser bundle.
    provide_context(locale);
    let s = form_strings(locale);
    let action = ServerAction::<Signup>::new();
    let pending = action.pending();
    let errors = RwSignal::new(initial_errors);
    let message = RwSignal::new(initial_message);
    let receipt = RwSignal::new(None::<Receipt>);
    let county = RwSignal::new(values.county.clone());
    let street = RwSignal::new(values.street.clone());
    let regions = StoredValue::new(regions);
    let rules = StoredValue::new(rules);
    let initial = StoredValue::new(values.clone());
    // Marks the form once the browser code runs: effects never run on the server, so this
    // attribute proves that the wasm bundle loaded and hydrated (the browser tests wait for it).
    let form_ref = NodeRef::<leptos::html::Form>::new();
    Effect::new(move |_| {
        if let Some(form) = form_ref.get() {
            let _ = form.set_attribute("data-hydrated", "true");
        }
    });

    Effect::new(move |_| {
        if let Some(result) = action.value().get() {
            match result {
                Ok(SignupOutcome::Accepted(r)) => {
                    errors.set(FieldErrors::new());
                    message.set(None);
                    receipt.set(Some(r));
                }
                Ok(SignupOutcome::Rejected { errors: found, message: text }) => {
                    errors.set(found);
                    message.set(text);
                }
                Err(e) => message.set(Some(e.user_message())),
            }
        }
    });

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        let form = match Signup::from_event(&ev) {
            Ok(Signup { form }) => form,
            Err(_) => {
                message.set(Some(s.error_bad_request.to_string()));
                return;
            }
        };
        let checked = regions.with_value(|tree| rules.with_value(|r| form.parse(r, tree, today_in_china())));
        match checked {
            Err(found) => {
                errors.set(found);
                message.set(Some(s.fix_errors.to_string()));
            }
            Ok(_) => {
                errors.set(FieldErrors::new());
                message.set(None);
                action.dispatch(Signup { form });
            }
        }
    };

    let error_of = move |field: &'static str| {
        Signal::derive(move || errors.with(|e| e.get(field).map(|code| field_message(code))))
    };
    let invalid = move |field: &'static str| move || errors.with(|e| e.contains_key(field)).then_some("true");

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

    view! {
        <div class="signup" id="signup">
            <section class="receipt" role="status" aria-live="polite" hidden=move || receipt.with(Option::is_none)>
                {move || {
                    receipt
                        .get()
                        .map(|r| {
                            view! {
                                <h2>{s.success_title}</h2>
                                <p>{s.success_reference}</p>
                                <p class="reference" data-testid="reference">{r.reference.clone()}</p>
                                <p>{s.success_next}</p>
                                {r.email_sent.then(|| view! { <p>{s.success_email}</p> })}
                                <p>
                                    <a class="button" href=format!("/status?ref={}", r.reference)>{s.check_status}</a>
                                </p>
                            }
                        })
                }}
            </section>
            <form
                class="signup-form"
                node_ref=form_ref
                method="post"
                action="/api/signup"
                on:submit=on_submit
                hidden=move || receipt.with(Option::is_some)
            >
                <h2>{s.form_title}</h2>
                <p class="hint">{s.form_intro}</p>
                <p class="form-message" role="alert" hidden=move || message.with(Option::is_none)>
                    {move || message.get()}
                </p>
                <input type="hidden" name="form[campaign]" value=slug/>

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
                    <select id="f-county" name="form[county]" on:change=move |ev| {
                        county.set(event_target_value(&ev));
                        street.set(String::new());
                    }>
                        <option value="">{s.choose}</option>
                        {regions.with_value(|tree| {
                            tree.counties.iter().map(|c| {
                                let selected = c.code == initial.with_value(|v| v.county.clone());
                                view! { <option value=c.code.clone() selected=selected>{c.name.clone()}</option> }
                            }).collect_view()
                        })}
                    </select>
                    <label for="f-street">{s.field_street}</label>
                    <select id="f-street" name="form[street]" on:change=move |ev| street.set(event_target_value(&ev))>
                        <option value="">{s.choose}</option>
                        {move || {
                            let chosen = county.get();
                            let current = street.get_untracked();
                            regions.with_value(|tree| {
                                tree.counties.iter().filter(|c| chosen.is_empty() || c.code == chosen).map(|c| {
                                    view! {
                                        <optgroup label=c.name.clone()>
                                            {c.children.iter().map(|st| {
                                                view! { <option value=st.code.clone() selected=st.code == current>{st.name.clone()}</option> }
                                            }).collect_view()}
                                        </optgroup>
                                    }
                                }).collect_view()
                            })
                        }}
                    </select>
                    <label for="f-community">{s.field_community}</label>
                    <select id="f-community" name="form[community]" required aria-invalid=invalid("community")
                        aria-describedby="e-community">
                        <option value="">{s.choose}</option>
                        {move || {
                            let chosen_county = county.get();
                            let chosen_street = street.get();
                            let current = initial.with_value(|v| v.community.clone());
                            regions.with_value(|tree| {
                                tree.counties.iter()
                                    .filter(|c| chosen_county.is_empty() || c.code == chosen_county)
                                    .flat_map(|c| c.children.iter().map(move |st| (c, st)))
                                    .filter(|(_, st)| chosen_street.is_empty() || st.code == chosen_street)
                                    .map(|(c, st)| {
                                        view! {
                                            <optgroup label=format!("{} {}", c.name, st.name)>
                                                {st.children.iter().map(|cm| {
                                                    view! { <option value=cm.code.clone() selected=cm.code == current>{cm.name.clone()}</option> }
                                                }).collect_view()}
                                            </optgroup>
                                        }
                                    }).collect_view()
                            })
                        }}
                    </select>
                    <p class="error" id="e-community">{error_of("community")}</p>
                </fieldset>

                <Field id="f-role" label=s.field_role required=true error=error_of("role")>
                    <select id="f-role" name="form[role]" required aria-invalid=invalid("role") aria-describedby="e-role">
                        <option value="">{s.choose}</option>
                        {roles.iter().map(|r| {
                            let selected = r.key == values.role;
                            view! { <option value=r.key.clone() selected=selected>{r.name.clone()}</option> }
                        }).collect_view()}
                    </select>
                </Field>

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

                <button type="submit" class="button primary" disabled=move || pending.get()>
                    {move || if pending.get() { s.submitting } else { s.submit }}
                </button>
            </form>
        </div>
    }
}
