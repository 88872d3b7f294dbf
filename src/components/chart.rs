//! A bar chart drawn on the server as SVG: no charting script, prints fine, and the same numbers
//! sit beside it in a table for screen readers and for anyone who wants the exact figures.
//!
//! The geometry is pure (`ticks`, `layout`) so it is tested without rendering: round y ticks that
//! cover the largest bar, bars no wider than `MAX_BAR` (one bar is not a solid block) and no
//! thinner than `MIN_BAR` (300 bars still show), and x labels thinned so they never overlap.

use leptos::prelude::*;

use crate::i18n::chart_point;

const WIDTH: f64 = 720.0;
const HEIGHT: f64 = 240.0;
/// Room for the y labels on the left and the x labels below.
const LEFT: f64 = 44.0;
const RIGHT: f64 = 8.0;
const TOP: f64 = 10.0;
const BOTTOM: f64 = 26.0;
const PLOT_WIDTH: f64 = WIDTH - LEFT - RIGHT;
const PLOT_HEIGHT: f64 = HEIGHT - TOP - BOTTOM;
/// The widest a bar gets, however few there are.
pub const MAX_BAR: f64 = 48.0;
/// The thinnest a bar gets, however many there are.
pub const MIN_BAR: f64 = 1.0;
/// About how wide one label character is at the axis font size (11px; CJK glyphs are wider).
const CHAR_WIDTH: f64 = 7.5;
/// Space kept between two x labels.
const LABEL_GAP: f64 = 8.0;
/// Most y ticks (including 0).
pub const MAX_TICKS: usize = 6;

/// One bar: its label on the x axis and in the table, and its value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bar {
    pub label: String,
    pub value: u64,
}

impl Bar {
    pub fn new(label: impl Into<String>, value: u64) -> Self {
        Self { label: label.into(), value }
    }
}

/// Round y ticks from 0 that cover `max`: a step of 1, 2 or 5 × 10ⁿ, at most `MAX_TICKS` ticks.
/// (An empty chart still gets 0 and 1, so the axis has a scale.)
pub fn ticks(max: u64) -> Vec<u64> {
    let max = max.max(1);
    let mut magnitude: u64 = 1;
    loop {
        for multiple in [1u64, 2, 5] {
            let step = multiple.saturating_mul(magnitude);
            let count = max.div_ceil(step);
            let fits = count < MAX_TICKS as u64 && step.checked_mul(count).is_some();
            if fits {
                return (0..=count).map(|i| i * step).collect();
            }
        }
        magnitude = magnitude.saturating_mul(10);
    }
}

/// Where things go for `bars` bars whose longest label has `label_chars` characters.
#[derive(Clone, Debug, PartialEq)]
pub struct Layout {
    /// Horizontal room per bar.
    pub slot: f64,
    pub bar_width: f64,
    /// Every how many bars an x label is written (1 = all).
    pub label_every: usize,
    pub ticks: Vec<u64>,
}

impl Layout {
    pub fn new(bars: &[Bar]) -> Self {
        let count = bars.len().max(1) as f64;
        let slot = PLOT_WIDTH / count;
        let bar_width = (slot * 0.8).clamp(MIN_BAR, MAX_BAR);
        let label_chars = bars.iter().map(|b| b.label.chars().count()).max().unwrap_or(0) as f64;
        let label_width = label_chars * CHAR_WIDTH + LABEL_GAP;
        let label_every = ((label_width / slot).ceil() as usize).max(1);
        let max = bars.iter().map(|b| b.value).max().unwrap_or(0);
        Self { slot, bar_width, label_every, ticks: ticks(max) }
    }

    /// The left edge of bar `i` (centred in its slot; a lone bar sits in the middle).
    pub fn bar_x(&self, i: usize) -> f64 {
        LEFT + i as f64 * self.slot + (self.slot - self.bar_width) / 2.0
    }

    /// The centre of bar `i`, where its label goes.
    pub fn centre(&self, i: usize) -> f64 {
        LEFT + (i as f64 + 0.5) * self.slot
    }

    /// The height of the top tick, which the plot spans.
    fn top(&self) -> u64 {
        self.ticks.last().copied().unwrap_or(1).max(1)
    }

    /// The y of a value (0 at the bottom of the plot).
    pub fn y(&self, value: u64) -> f64 {
        TOP + PLOT_HEIGHT - value as f64 / self.top() as f64 * PLOT_HEIGHT
    }
}

fn px(value: f64) -> String {
    format!("{value:.1}")
}

/// The chart's words: its title (heading of the table, name of the picture) and the table's.
#[derive(Clone, Debug, PartialEq)]
pub struct ChartWords {
    pub title: String,
    /// What the bars are: "日期", "时段" …
    pub label_header: String,
    /// What the values count: "报名人数".
    pub value_header: String,
    /// The summary of the folded data table: "查看数据表".
    pub table_toggle: String,
}

/// A bar chart with a labelled y axis, gridlines, x labels, the value of each bar on hover (its
/// `<title>`), and the same data as a table in a `<details>` beside it.
#[component]
pub fn BarChart(bars: Vec<Bar>, words: ChartWords, #[prop(into)] testid: String) -> impl IntoView {
    let layout = Layout::new(&bars);
    let grid = layout
        .ticks
        .iter()
        .map(|tick| {
            let y = px(layout.y(*tick));
            view! {
                <line class="grid" x1=px(LEFT) x2=px(WIDTH - RIGHT) y1=y.clone() y2=y.clone()/>
                <text class="axis y-label" x=px(LEFT - 6.0) y=px(layout.y(*tick) + 4.0) text-anchor="end">{*tick}</text>
            }
        })
        .collect_view();
    let rects = bars
        .iter()
        .enumerate()
        .map(|(i, bar)| {
            let y = layout.y(bar.value);
            view! {
                <rect class="bar" x=px(layout.bar_x(i)) y=px(y) width=px(layout.bar_width) height=px(TOP + PLOT_HEIGHT - y)>
                    <title>{chart_point(&bar.label, bar.value)}</title>
                </rect>
            }
        })
        .collect_view();
    let labels = bars
        .iter()
        .enumerate()
        .filter(|(i, _)| i % layout.label_every == 0)
        .map(|(i, bar)| {
            view! {
                <text class="axis x-label" x=px(layout.centre(i)) y=px(HEIGHT - 8.0) text-anchor="middle">{bar.label.clone()}</text>
            }
        })
        .collect_view();
    let rows = bars
        .iter()
        .map(|bar| view! { <tr><th scope="row">{bar.label.clone()}</th><td>{bar.value}</td></tr> })
        .collect_view();
    let ChartWords { title, label_header, value_header, table_toggle } = words;
    view! {
        <figure class="chart-figure" data-testid=testid>
            <svg class="chart" viewBox=format!("0 0 {WIDTH} {HEIGHT}") role="img" aria-label=title.clone()
                xmlns="http://www.w3.org/2000/svg">
                {grid}
                <line class="axis-line" x1=px(LEFT) x2=px(WIDTH - RIGHT) y1=px(TOP + PLOT_HEIGHT) y2=px(TOP + PLOT_HEIGHT)/>
                {rects}
                {labels}
            </svg>
            <details class="chart-data">
                <summary>{table_toggle}</summary>
                <table class="queue">
                    <caption>{title}</caption>
                    <thead><tr><th scope="col">{label_header}</th><th scope="col">{value_header}</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </details>
        </figure>
    }
}

#[cfg(test)]
#[path = "chart_tests.rs"]
mod tests;
