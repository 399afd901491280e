//! Bar charts drawn on the server as SVG: no chart library and no script in the browser. Each
//! bar is a link whose text is its label and count, so the chart reads as a list of links to
//! a screen reader; a table of the same figures follows for those who want the numbers side
//! by side (or a browser that shows no SVG).

use leptos::prelude::*;

use crate::i18n::use_locale;

/// One bar: what it counts, how many, and where it leads.
#[derive(Clone, Debug)]
pub struct Bar {
    pub label: String,
    pub count: u32,
    pub href: Option<String>,
}

/// Drawing units: the chart is this wide, each bar takes a row this tall (its label above it).
const WIDTH: u32 = 320;
const ROW: u32 = 34;
/// Room kept right of the longest bar for its count.
const COUNT_ROOM: u32 = 36;

/// Horizontal bars, longest first as given, with a caption and the table of figures.
#[component]
pub fn BarChart(
    /// Unique on the page: names the caption the chart is labelled by.
    id: &'static str,
    caption: &'static str,
    /// Headings of the table's columns: what each row is, and what is counted.
    row_heading: &'static str,
    count_heading: &'static str,
    bars: Vec<Bar>,
) -> impl IntoView {
    let locale = use_locale();
    let m = locale.messages();
    let most = bars.iter().map(|b| b.count).max().unwrap_or(0).max(1);
    let height = ROW * bars.len() as u32 + 4;
    let caption_id = format!("{id}-caption");
    let rows = bars
        .iter()
        .enumerate()
        .map(|(i, bar)| {
            let top = ROW * i as u32;
            let length = (u64::from(WIDTH - COUNT_ROOM) * u64::from(bar.count) / u64::from(most)).max(2);
            let count = locale.count(bar.count);
            // The link's name is its text, "Completed 40", as a screen reader and a voice
            // command both find it.
            let drawn = view! {
                <text class="chart__label" x="0" y=top + 13>{bar.label.clone()}</text>
                <rect class="chart__bar" x="0" y=top + 17 width=length height="11" rx="2"/>
                <text class="chart__count" x=length + 5 y=top + 27>{count}</text>
            };
            match &bar.href {
                Some(href) => view! { <a href=href.clone()>{drawn}</a> }.into_any(),
                None => view! { <g>{drawn}</g> }.into_any(),
            }
        })
        .collect_view();
    let table_rows = bars
        .into_iter()
        .map(|bar| {
            view! {
                <tr>
                    <th scope="row">{match bar.href {
                        Some(href) => view! { <a href=href>{bar.label}</a> }.into_any(),
                        None => bar.label.into_any(),
                    }}</th>
                    <td>{locale.count(bar.count)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <figure class=format!("chart chart--{id}")>
            <figcaption id=caption_id.clone()>{caption}</figcaption>
            <svg class="chart__svg" viewBox=format!("0 0 {WIDTH} {height}") role="group" aria-labelledby=caption_id>
                {rows}
            </svg>
            <details class="chart__table">
                <summary>{m.chart_as_table}</summary>
                <table class="counts">
                    <thead><tr><th scope="col">{row_heading}</th><th scope="col">{count_heading}</th></tr></thead>
                    <tbody>{table_rows}</tbody>
                </table>
            </details>
        </figure>
    }
}
