//! The campaign's own questions on the sign-up form, server-rendered. A question asked only
//! sometimes is shown or hidden by the stylesheet beside it (`:has()` on the role or the answer it
//! depends on), so it follows the person's choice with and without JavaScript; a browser without
//! `:has()` shows it with its "only if …" hint, and the server ignores an answer not asked.
//! The wrapper's `data-*` attributes give the island each question's rule.

use leptos::prelude::*;

use crate::domain::questions::{is_key, Condition, QuestionKind, NO, YES};
use crate::i18n::{answer_words, field_message, number_range, Locale};
use crate::model::{FieldErrors, QuestionView, SignupForm};

#[component]
pub fn Questions(
    questions: Vec<QuestionView>,
    values: SignupForm,
    errors: FieldErrors,
    locale: Locale,
) -> impl IntoView {
    if questions.is_empty() {
        return ().into_any();
    }
    let css = conditions_css(&questions);
    let nonce = leptos::nonce::use_nonce();
    view! {
        <style nonce=nonce inner_html=css></style>
        {questions
            .into_iter()
            .map(|q| question(q, &values, &errors, locale))
            .collect_view()}
    }
    .into_any()
}

/// One rule per question asked only sometimes: hidden unless its condition is met.
pub fn conditions_css(questions: &[QuestionView]) -> String {
    let mut css = String::new();
    for q in questions {
        let Some(when) = &q.when else { continue };
        let met = match when {
            Condition::Role(key) if is_key(key) => format!("#f-role option[value=\"{key}\"]:checked"),
            Condition::Answer { question, value } if is_key(value) => {
                match questions.iter().find(|other| other.id == *question) {
                    Some(_) => format!("#f-q{question}-{value}:checked"),
                    None => {
                        // the question it depends on is not asked: neither is this one
                        css.push_str(&format!("#q-{}{{display:none}}", q.id));
                        continue;
                    }
                }
            }
            _ => continue,
        };
        css.push_str(&format!("#signup-form:not(:has({met})) #q-{}{{display:none}}", q.id));
    }
    css
}

fn question(q: QuestionView, values: &SignupForm, errors: &FieldErrors, locale: Locale) -> AnyView {
    let id = q.id;
    let control = format!("f-q{id}");
    let error_id = format!("e-q{id}");
    let error = errors.get(&crate::domain::questions::field(id)).map(|code| field_message(code).to_string());
    let invalid = error.is_some().then_some("true");
    // a question asked only sometimes is checked by the server (and the island), not the browser:
    // a hidden required control would block the post
    let native_required = q.required && q.when.is_none();
    let name = format!("form[answers][q{id}]");
    let value = values.answer(&format!("q{id}")).to_string();
    let described = format!("h-q{id} {error_id}");
    let mut hints: Vec<String> = Vec::new();
    hints.extend(Some(q.help.clone()).filter(|h| !h.is_empty()));
    hints.extend(number_range(locale, q.min, q.max).filter(|_| q.kind == QuestionKind::Number));
    hints.extend(q.when_text.clone());
    let hint =
        (!hints.is_empty()).then(|| view! { <p class="hint" id=format!("h-q{id}")>{hints.join(" ")}</p> });
    let mark = q.required.then(|| view! { <span class="req">" *"</span> });
    let words = answer_words(locale);
    let options: Vec<(String, String)> = match q.kind {
        QuestionKind::YesNo => vec![(YES.into(), words.yes.into()), (NO.into(), words.no.into())],
        _ => q.options.iter().map(|o| (o.key.clone(), o.label.clone())).collect(),
    };
    let attrs = (
        q.kind.as_str(),
        q.required.to_string(),
        q.options.iter().map(|o| o.key.as_str()).collect::<Vec<_>>().join(","),
        q.min.map(|n| n.to_string()),
        q.max.map(|n| n.to_string()),
        q.when.as_ref().map(Condition::as_text),
    );
    let (kind, required, option_keys, min, max, when) = attrs;
    let error_line = view! { <p class="error" id=error_id.clone()>{error.clone()}</p> };
    match q.kind {
        QuestionKind::SingleChoice | QuestionKind::MultiChoice | QuestionKind::YesNo => {
            let multi = q.kind == QuestionKind::MultiChoice;
            view! {
                <fieldset class="field choices question" id=format!("q-{id}") data-question=id data-kind=kind
                    data-required=required data-options=option_keys data-when=when
                    aria-invalid=invalid aria-describedby=described>
                    <legend>{q.label.clone()}{mark}</legend>
                    {hint}
                    {options.into_iter().map(|(key, label)| {
                        let box_id = format!("{control}-{key}");
                        let (name, value, checked) = if multi {
                            (format!("form[answers][q{id}.{key}]"), "on".to_string(), !values.answer(&format!("q{id}.{key}")).is_empty())
                        } else {
                            (name.clone(), key.clone(), value == key)
                        };
                        let kind = if multi { "checkbox" } else { "radio" };
                        let label_for = box_id.clone();
                        let required = native_required && !multi;
                        view! {
                            <label class="choice" for=label_for>
                                <input type=kind id=box_id name=name value=value checked=checked required=required/>
                                {label}
                            </label>
                        }
                    }).collect_view()}
                    {error_line}
                </fieldset>
            }
            .into_any()
        }
        _ => {
            let input = match q.kind {
                QuestionKind::LongText => view! {
                    <textarea id=control.clone() name=name rows="4" maxlength="2000" required=native_required
                        aria-invalid=invalid aria-describedby=described>{value}</textarea>
                }
                .into_any(),
                QuestionKind::Number => view! {
                    <input id=control.clone() name=name type="number" inputmode="numeric" step="1"
                        min=min.clone() max=max.clone() value=value required=native_required
                        aria-invalid=invalid aria-describedby=described/>
                }
                .into_any(),
                QuestionKind::Date => view! {
                    <input id=control.clone() name=name type="date" value=value required=native_required
                        aria-invalid=invalid aria-describedby=described/>
                }
                .into_any(),
                _ => view! {
                    <input id=control.clone() name=name type="text" maxlength="200" value=value
                        required=native_required aria-invalid=invalid aria-describedby=described/>
                }
                .into_any(),
            };
            view! {
                <div class="field question" id=format!("q-{id}") data-question=id data-kind=kind
                    data-required=required data-min=min data-max=max data-when=when>
                    <label for=control>{q.label.clone()}{mark}</label>
                    {input}
                    {hint}
                    {error_line}
                </div>
            }
            .into_any()
        }
    }
}
