//! An instant on the reader's own clock. The server cannot know the reader's time zone, so it
//! writes the instant (UTC) and a label in the reader's language into an empty, hidden element;
//! `/local-time.js` (a few lines, loaded only by pages that show one) fills it in with the
//! browser's time zone. Without JavaScript the text around it still gives the instant with its
//! offset.

use leptos::prelude::*;

use crate::i18n::use_locale;

#[component]
pub fn LocalTime(utc: String) -> impl IntoView {
    let label = use_locale().messages().your_time;
    view! {
        <span class="local-time" data-utc=utc data-label=label hidden></span>
        <script type="module" src="/local-time.js"></script>
    }
}
