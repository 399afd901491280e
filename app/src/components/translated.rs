//! Content written by people (a call's description, an intervention's summary) exists in the
//! languages someone translated it into. When the reader's is missing, the page shows another
//! and says so; the content itself carries its `lang` so screen readers pronounce it right.

use leptos::prelude::*;

use crate::i18n::use_locale;
use crate::i18n::{fill, Locale};

/// "This text has not been translated into Portuguese yet; it is shown in English.", or
/// nothing when the content is in the reader's language.
#[component]
pub fn FallbackNotice(
    /// The language code of the content shown.
    shown: String,
) -> impl IntoView {
    let reader = use_locale();
    let shown = Locale::from_code(&shown).filter(|l| *l != reader)?;
    let text = fill(reader.messages().content_fallback, &[("language", &shown.name_in(reader))]);
    Some(view! { <p class="notice">{text}</p> })
}

/// The `lang` attribute for content in `shown` on a page in `reader`'s language: none when
/// they are the same (the page's `<html lang>` already says it).
pub fn other_language(shown: &str, reader: Locale) -> Option<String> {
    (shown != reader.code()).then(|| shown.to_owned())
}

/// Paragraphs of text people wrote, separated by blank lines.
pub fn paragraphs(text: &str) -> impl IntoView {
    text.split("\n\n").map(|p| view! { <p>{p.trim().to_owned()}</p> }).collect_view()
}
