//! `/admin/campaigns/questions?slug=…`: a campaign's own questions — the list in order with
//! moving, retiring and restoring, and one form to add a question or reword the one chosen.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::{options, AdminBar};
use crate::api::admin::admin_questions;
use crate::components::admin_page::{loaded, AdminPage};
use crate::components::field::Field;
use crate::i18n::tq;
use crate::model::admin::{QuestionRow, QuestionsPage as Page};

fn row(slug: String, q: QuestionRow, first: bool, last: bool) -> impl IntoView {
    let w = tq();
    let id = q.id.to_string();
    let button = {
        let (slug, id) = (slug.clone(), id.clone());
        move |action: &'static str, field: &'static str, value: &'static str, label: &'static str| {
            view! {
                <form method="post" action=action class="inline">
                    <input type="hidden" name="id" value=id.clone()/>
                    <input type="hidden" name="slug" value=slug.clone()/>
                    <input type="hidden" name=field value=value/>
                    <button type="submit" class="button small">{label}</button>
                </form>
            }
        }
    };
    view! {
        <tr data-question=id.clone() class:retired=q.retired>
            <td>
                {q.label.clone()}
                {q.retired.then(|| view! { " "<span class="badge">{w.retired}</span> })}
            </td>
            <td>{q.kind.clone()}" · "{if q.required { w.required } else { w.optional }}</td>
            <td>{q.condition.clone()}</td>
            <td>{q.answers}</td>
            <td>
                {(!first && !q.retired).then(|| button("/api/admin/question_move", "direction", "up", w.move_up))}
                {(!last && !q.retired).then(|| button("/api/admin/question_move", "direction", "down", w.move_down))}
                <a class="button small" href=format!("/admin/campaigns/questions?slug={slug}&edit={id}#question-form")>{w.edit}</a>
                {if q.retired {
                    button("/api/admin/question_retire", "retired", "0", w.restore).into_any()
                } else {
                    button("/api/admin/question_retire", "retired", "1", w.retire).into_any()
                }}
            </td>
        </tr>
    }
}

fn page(page: Page) -> impl IntoView {
    let w = tq();
    let f = page.form.clone();
    let editing = !f.id.is_empty();
    let active: Vec<i32> = page.questions.iter().filter(|q| !q.retired).map(|q| q.id).collect();
    let rows = page.questions.iter().map(|q| {
        let first = active.first() == Some(&q.id);
        let last = active.last() == Some(&q.id);
        row(page.slug.clone(), q.clone(), first, last)
    });
    let rows = rows.collect_view();
    view! {
        <AdminBar me=page.me.clone()/>
        <h1>{w.title}" · "{page.title.clone()}</h1>
        <p>{w.intro}</p>
        {if page.questions.is_empty() {
            view! { <p>{w.empty}</p> }.into_any()
        } else {
            view! {
                <div class="table-wrap"><table class="queue questions">
                    <thead><tr>
                        <th scope="col">{w.col_question}</th><th scope="col">{w.col_kind}</th>
                        <th scope="col">{w.col_condition}</th><th scope="col">{w.col_answers}</th>
                        <th scope="col">{w.col_actions}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table></div>
            }.into_any()
        }}
        <h2 id="question-form">{if editing { w.edit_question } else { w.new_question }}</h2>
        <form class="card" method="post" action="/api/admin/question_save">
            <input type="hidden" name="question[campaign]" value=page.slug.clone()/>
            <input type="hidden" name="question[id]" value=f.id.clone()/>
            {(!editing).then(|| view! {
                <Field id="q-kind" label=w.field_kind>
                    <select id="q-kind" name="question[kind]" required>{options(&page.kinds, &f.kind, "—")}</select>
                </Field>
            })}
            <Field id="q-label" label=w.field_label>
                <input id="q-label" name="question[label]" type="text" maxlength="200" required value=f.label.clone()/>
            </Field>
            <Field id="q-help" label=w.field_help>
                <input id="q-help" name="question[help]" type="text" maxlength="500" value=f.help.clone()/>
            </Field>
            <div class="field">
                <input id="q-required" name="question[required]" type="checkbox" value="on" checked=!f.required.is_empty()/>
                <label for="q-required">{w.field_required}</label>
            </div>
            <Field id="q-options" label=w.field_options hint=w.field_options_hint>
                <textarea id="q-options" name="question[options]" rows="5">{f.options.clone()}</textarea>
            </Field>
            <div class="field field-pair">
                <label for="q-min">{w.field_min}</label>
                <input id="q-min" name="question[min]" type="number" step="1" value=f.min.clone()/>
                <label for="q-max">{w.field_max}</label>
                <input id="q-max" name="question[max]" type="number" step="1" value=f.max.clone()/>
            </div>
            <p class="hint">{w.field_range_hint}</p>
            <Field id="q-condition" label=w.field_condition hint=w.field_condition_hint>
                <select id="q-condition" name="question[condition]">{options(&page.conditions, &f.condition, w.condition_none)}</select>
            </Field>
            <button type="submit" class="button primary">{w.save}</button>
            {editing.then(|| view! { " "<a href=format!("/admin/campaigns/questions?slug={}", page.slug)>{w.cancel}</a> })}
        </form>
        <p><a href=format!("/admin/campaigns/edit?slug={}", page.slug)>{w.back}</a></p>
    }
}

#[component]
pub fn QuestionsPage() -> impl IntoView {
    let query = use_query_map();
    let slug = query.with_untracked(|q| q.get("slug").unwrap_or_default());
    let edit = query.with_untracked(|q| q.get("edit").unwrap_or_default());
    view! {
        <AdminPage title=tq().title notice=true>
            {loaded(async move { admin_questions(slug, edit).await.map(page) })}
        </AdminPage>
    }
}
