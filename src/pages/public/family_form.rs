//! The family form of an activity (a plain HTML form: no script needed) and the receipt that
//! lists everyone registered with their check-in code.

use leptos::prelude::*;

use super::cst;
use crate::components::field::Field;
use crate::domain::family::MAX_COMPANIONS;
use crate::i18n::{activity_words, field_message, locale, person_kind_label, tf};
use crate::model::activity::{ActivityDetail, FamilyForm, FamilyReceipt};
use crate::model::FieldErrors;

/// The control ids of the companion rows (ids are static; five rows at most).
const ROWS: [[&str; 5]; MAX_COMPANIONS] = [
    ["c1-kind", "c1-name", "c1-age", "c1-mobile", "c1-consent"],
    ["c2-kind", "c2-name", "c2-age", "c2-mobile", "c2-consent"],
    ["c3-kind", "c3-name", "c3-age", "c3-mobile", "c3-consent"],
    ["c4-kind", "c4-name", "c4-age", "c4-mobile", "c4-consent"],
    ["c5-kind", "c5-name", "c5-age", "c5-mobile", "c5-consent"],
];

fn companion_row(n: usize, values: &FamilyForm, errors: &FieldErrors) -> impl IntoView {
    let w = activity_words();
    let [kind_id, name_id, age_id, mobile_id, consent_id] = ROWS[n - 1];
    let key = |field: &str| format!("c{n}_{field}");
    let value = |field: &str| values.person(&key(field)).to_string();
    let error = |field: &str| errors.get(&key(field)).map(|code| field_message(code).to_string());
    let invalid = |field: &str| errors.contains_key(&key(field)).then_some("true");
    let message = |field: &'static str, id: &'static str| {
        error(field).map(|text| view! { <p class="error" id=format!("e-{id}")>{text}</p> })
    };
    let kind = value("kind");
    view! {
        <fieldset class="companion" data-testid=format!("companion-{n}")>
            <legend>{format!("{} {n}", w.companion)}</legend>
            <label for=kind_id>{w.kind}</label>
            <select id=kind_id name=format!("form[people][{}]", key("kind")) aria-invalid=invalid("kind")>
                <option value="">{w.kind_none}</option>
                <option value="child" selected=kind == "child">{person_kind_label(locale(), crate::domain::PersonKind::Child)}</option>
                <option value="adult" selected=kind == "adult">{person_kind_label(locale(), crate::domain::PersonKind::Adult)}</option>
            </select>
            {message("kind", kind_id)}
            <label for=name_id>{tf().field_name}</label>
            <input id=name_id name=format!("form[people][{}]", key("name")) type="text" maxlength="40"
                value=value("name") aria-invalid=invalid("name")/>
            {message("name", name_id)}
            <label for=age_id>{w.age}</label>
            <input id=age_id name=format!("form[people][{}]", key("age")) type="number" inputmode="numeric" min="0" max="17"
                value=value("age") aria-invalid=invalid("age")/>
            {message("age", age_id)}
            <label for=mobile_id>{w.mobile_adult}</label>
            <input id=mobile_id name=format!("form[people][{}]", key("mobile")) type="tel" inputmode="numeric" maxlength="20"
                value=value("mobile") aria-invalid=invalid("mobile")/>
            {message("mobile", mobile_id)}
            <label class="choice" for=consent_id>
                <input id=consent_id type="checkbox" name=format!("form[people][{}]", key("consent")) value="on"
                    checked=!value("consent").is_empty() aria-invalid=invalid("consent")/>
                {w.child_consent}
            </label>
            {message("consent", consent_id)}
        </fieldset>
    }
}

#[component]
pub fn FamilyFormView(
    detail: ActivityDetail,
    values: FamilyForm,
    errors: FieldErrors,
    message: Option<String>,
) -> impl IntoView {
    let w = activity_words();
    let s = tf();
    let error_of = |field: &str| -> Signal<Option<String>> {
        let text = errors.get(field).map(|code| field_message(code).to_string());
        Signal::derive(move || text.clone())
    };
    let invalid = |field: &str| errors.contains_key(field).then_some("true");
    let full = errors.contains_key("people");
    let (name, mobile, email) = (values.name.clone(), values.mobile.clone(), values.email.clone());
    let (src, consent) = (values.src.clone(), !values.consent.is_empty());
    view! {
        <section class="signup" id="signup">
            <form class="signup-form" method="post" action="/api/activity_signup" data-testid="family-form">
                <h2>{w.form_title}</h2>
                <p class="form-message" role="alert" data-testid="form-message" hidden=message.is_none()>{message.clone()}</p>
                <input type="hidden" name="form[activity]" value=detail.card.id.to_string()/>
                <input type="hidden" name="form[src]" value=src/>
                <h3>{w.guardian}</h3>
                <Field id="f-name" label=s.field_name required=true error=error_of("name")>
                    <input id="f-name" name="form[name]" type="text" autocomplete="name" required maxlength="40"
                        value=name aria-invalid=invalid("name") aria-describedby="e-name"/>
                </Field>
                <Field id="f-mobile" label=s.field_mobile required=true error=error_of("mobile")>
                    <input id="f-mobile" name="form[mobile]" type="tel" inputmode="numeric" autocomplete="tel" required
                        maxlength="20" value=mobile aria-invalid=invalid("mobile") aria-describedby="e-mobile"/>
                </Field>
                <Field id="f-id" label=s.field_id_number required=true error=error_of("id_number")>
                    <input id="f-id" name="form[id_number]" type="text" autocomplete="off" required maxlength="22"
                        aria-invalid=invalid("id_number") aria-describedby="e-id"/>
                </Field>
                <Field id="f-email" label=s.field_email required=true hint=w.email_hint error=error_of("email")>
                    <input id="f-email" name="form[email]" type="email" autocomplete="email" required maxlength="254"
                        value=email aria-invalid=invalid("email") aria-describedby="h-email e-email"/>
                </Field>
                <h3>{w.companions}</h3>
                <p class="hint" class:error=full>{w.companions_hint}</p>
                {(1..=MAX_COMPANIONS).map(|n| companion_row(n, &values, &errors)).collect_view()}
                <div class="field">
                    <label class="choice" for="f-consent">
                        <input id="f-consent" type="checkbox" name="form[consent]" value="on" required
                            checked=consent aria-invalid=invalid("consent")/>
                        {w.consent}" "<a href="/privacy">{s.nav_privacy}</a>
                    </label>
                    {errors.get("consent").map(|code| view! { <p class="error" id="e-consent">{field_message(code)}</p> })}
                </div>
                <button type="submit" class="button primary">{w.submit}</button>
            </form>
        </section>
    }
}

/// Everyone registered, with their codes: what the guardian keeps (the mail says the same).
#[component]
pub fn Receipt(receipt: FamilyReceipt) -> impl IntoView {
    let w = activity_words();
    view! {
        <section class="receipt" id="signup" role="status" data-testid="family-receipt">
            <h2>{w.done_title}</h2>
            <p>{w.done_lead}</p>
            <p>{w.reference}": "<strong data-testid="reference">{receipt.reference.clone()}</strong></p>
            <p>{w.when}": "{cst(receipt.starts_at, "%Y-%m-%d %H:%M")}" · "{w.meeting_point}": "{receipt.meeting_point.clone()}</p>
            <table class="queue">
                <thead><tr><th scope="col">{tf().field_name}</th><th scope="col">{w.kind}</th><th scope="col">{w.code}</th></tr></thead>
                <tbody>
                    {receipt.people.iter().map(|p| view! {
                        <tr data-testid="receipt-person">
                            <td>{p.name.clone()}</td>
                            <td>{person_kind_label(locale(), p.kind)}{p.age.map(|a| format!(" · {a}"))}</td>
                            <td><a href=format!("/me/checkin/{}", p.code)><code>{p.code.clone()}</code></a></td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </section>
    }
}
