//! The weeks-of-duty part of `/me` ("我为世博守一周"): each week's places left, the volunteer's
//! own week, and a plain form to choose or change it.

use leptos::prelude::*;

use crate::i18n::activity_words;
use crate::model::weeks::MyWeeks;

#[component]
pub fn WeeksSection(weeks: MyWeeks) -> impl IntoView {
    let w = activity_words();
    let mine = weeks.mine;
    (!weeks.weeks.is_empty()).then(|| view! {
        <section class="card" aria-labelledby="me-weeks" data-testid="my-weeks">
            <h2 id="me-weeks">{w.weeks_title}</h2>
            <p class="hint">{w.weeks_hint}</p>
            {mine.map(|n| view! { <p>{w.week_mine}": "<strong data-testid="my-week">{n}</strong></p> })}
            <form method="post" action="/api/me/week">
                <fieldset class="choices">
                    <legend>{w.week}</legend>
                    {weeks.weeks.iter().map(|week| {
                        let (id, for_id) = (format!("wk-{}", week.number), format!("wk-{}", week.number));
                        let left = week.places_left();
                        view! {
                            <label class="choice" for=for_id>
                                <input type="radio" id=id name="week" value=week.number
                                    checked=mine == Some(week.number) disabled=left == 0 && mine != Some(week.number)/>
                                {format!("{} {} · {} {} · {} {}", w.week, week.number, w.week_starts,
                                    cst_date(week.starts_on), w.places_left, left)}
                            </label>
                        }
                    }).collect_view()}
                </fieldset>
                <button type="submit" class="button primary">{w.week_pick}</button>
            </form>
        </section>
    })
}

fn cst_date(day: chrono::NaiveDate) -> String {
    day.format("%Y-%m-%d").to_string()
}
