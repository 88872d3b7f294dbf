//! The chart's geometry, and its HTML for one bar and for three hundred.

use leptos::prelude::*;
use proptest::prelude::*;

use super::*;

fn days(count: usize) -> Vec<Bar> {
    let first = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).expect("a date");
    (0..count)
        .map(|i| Bar::new((first + chrono::Days::new(i as u64)).to_string(), (i as u64 * 37) % 410))
        .collect()
}

fn words() -> ChartWords {
    ChartWords {
        title: "每日报名".into(),
        label_header: "日期".into(),
        value_header: "报名人数".into(),
        table_toggle: "查看数据表".into(),
    }
}

fn html(bars: Vec<Bar>) -> String {
    view! { <BarChart bars=bars words=words() testid="per-day-chart"/> }.to_html()
}

/// The numbers between `attr="` and `"` in every match, in order.
fn numbers(html: &str, attr: &str) -> Vec<f64> {
    html.split(&format!("{attr}=\""))
        .skip(1)
        .filter_map(|rest| rest.split('"').next()?.parse().ok())
        .collect()
}

#[test]
fn ticks_are_round_and_cover_the_largest_value() {
    assert_eq!(ticks(0), [0, 1]);
    assert_eq!(ticks(1), [0, 1]);
    assert_eq!(ticks(6), [0, 2, 4, 6]);
    assert_eq!(ticks(14), [0, 5, 10, 15]);
    assert_eq!(ticks(777), [0, 200, 400, 600, 800]);
    assert_eq!(ticks(1000), [0, 200, 400, 600, 800, 1000]);
}

#[test]
fn ticks_of_the_largest_number_do_not_overflow() {
    let top = ticks(u64::MAX);
    assert!(top.len() <= MAX_TICKS && *top.last().unwrap() == u64::MAX);
}

#[test]
fn one_day_is_one_centred_bar_of_capped_width_with_axis_and_table() {
    let layout = Layout::new(&days(1));
    assert_eq!(layout.bar_width, MAX_BAR, "not one solid block");
    assert!((layout.bar_x(0) + layout.bar_width / 2.0 - (LEFT + PLOT_WIDTH / 2.0)).abs() < 0.01, "centred");

    let html = html(vec![Bar::new("2026-12-01", 6)]);
    assert_eq!(html.matches("class=\"bar\"").count(), 1);
    assert_eq!(numbers(&html, "width").iter().filter(|w| **w == MAX_BAR).count(), 1);
    for tick in ["0", "2", "4", "6"] {
        assert!(html.contains(&format!(">{tick}</text>")), "y label {tick}: {html}");
    }
    assert_eq!(html.matches("class=\"grid\"").count(), 4, "a gridline per tick");
    assert!(html.contains("2026-12-01</text>"), "the x label");
    assert!(html.contains("<title>2026-12-01：6</title>"), "the value on hover");
    assert!(html.contains("role=\"img\"") && html.contains("aria-label=\"每日报名\""));
    assert!(html.contains("<details") && html.contains("<caption>每日报名</caption>"));
    assert!(
        html.contains("<th scope=\"col\">日期</th>")
            && html.contains("<th scope=\"row\">2026-12-01</th><td>6</td>")
    );
}

#[test]
fn three_hundred_days_are_thin_bars_with_thinned_labels_that_do_not_overlap() {
    let bars = days(300);
    let layout = Layout::new(&bars);
    assert!(layout.bar_width >= MIN_BAR && layout.bar_width <= MAX_BAR);
    assert!(layout.bar_width < layout.slot, "a gap between bars");

    let html = html(bars);
    assert_eq!(html.matches("class=\"bar\"").count(), 300);
    assert_eq!(html.matches("<th scope=\"row\">").count(), 300, "every day in the table");
    let label_xs: Vec<f64> = html
        .split("<text ")
        .filter(|tag| tag.split('>').next().is_some_and(|open| open.contains("x-label")))
        .filter_map(|tag| numbers(&format!(" {tag}"), " x").first().copied())
        .collect();
    assert!(label_xs.len() > 3 && label_xs.len() < 60, "{} labels", label_xs.len());
    let label_width = "2026-01-01".len() as f64 * CHAR_WIDTH;
    assert!(label_xs.windows(2).all(|w| w[1] - w[0] >= label_width), "labels do not overlap");
    assert!(label_xs.iter().all(|x| *x >= LEFT && *x <= WIDTH), "labels inside the chart");
    assert!(html.contains(">400</text>"), "the y axis reaches the largest value (409)");
}

#[test]
fn twenty_four_hours_keep_every_label() {
    let hours: Vec<Bar> = (0..24).map(|h| Bar::new(format!("{h:02}"), h)).collect();
    let layout = Layout::new(&hours);
    assert_eq!(layout.label_every, 1);
    let html = html(hours);
    assert!(html.contains(">00</text>") && html.contains(">23</text>"));
}

proptest! {
    #[test]
    fn ticks_cover_the_maximum_with_few_round_steps(max in 0u64..1_000_000_000_000_000) {
        let ticks = ticks(max);
        prop_assert!(ticks.len() >= 2 && ticks.len() <= MAX_TICKS, "{ticks:?}");
        prop_assert_eq!(ticks[0], 0);
        prop_assert!(*ticks.last().unwrap() >= max);
        let step = ticks[1];
        let mut unit = step;
        while unit.is_multiple_of(10) {
            unit /= 10;
        }
        prop_assert!([1, 2, 5].contains(&unit), "step {step} is round");
        prop_assert!(ticks.windows(2).all(|w| w[1] - w[0] == step));
        // the top tick is not far past the maximum: the bars fill most of the plot
        prop_assert!(ticks.len() == 2 || *ticks.last().unwrap() - step < max.max(1));
    }

    #[test]
    fn bars_always_fit_their_slot_and_bounds(count in 1usize..2000) {
        let layout = Layout::new(&days(count));
        prop_assert!(layout.bar_width >= MIN_BAR && layout.bar_width <= MAX_BAR);
        prop_assert!(layout.bar_x(count - 1) + layout.bar_width <= WIDTH - RIGHT + MIN_BAR);
        prop_assert!(layout.label_every as f64 * layout.slot >= 10.0 * CHAR_WIDTH);
    }
}
