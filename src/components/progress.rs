use leptos::prelude::*;

use crate::i18n::{progress_label, t};
use crate::model::CampaignSummary;

/// "已报名 1,234 / 招募目标 10,000 人" with a bar.
#[component]
pub fn Progress(summary: CampaignSummary) -> impl IntoView {
    let s = t();
    let percent = summary.percent();
    view! {
        <div class="progress">
            <div
                class="progress-bar"
                role="progressbar"
                aria-valuemin="0"
                aria-valuemax=summary.target
                aria-valuenow=summary.signups
                aria-label=progress_label()
            >
                <span style=format!("width: {percent}%")></span>
            </div>
            <p class="progress-text">
                {s.signed_up}" "<strong class="signup-count">{group_digits(summary.signups)}</strong>
                " / "{s.target}" "{group_digits(summary.target)}" "{s.people}
            </p>
        </div>
    }
}

/// 10000 → "10,000".
pub fn group_digits(n: u32) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn digits_are_grouped_by_thousands() {
        assert_eq!(super::group_digits(0), "0");
        assert_eq!(super::group_digits(999), "999");
        assert_eq!(super::group_digits(10000), "10,000");
        assert_eq!(super::group_digits(1234567), "1,234,567");
    }
}
