//! Text people wrote (a call's description, an intervention's public summary) in each
//! language it exists in: the original and its translations.

pub use rules::translation::{Original, Translation, TranslationsForm};
use serde::{Deserialize, Serialize};

use crate::i18n::Locale;

/// A title and summary in one language (and an intervention's objective, when it has one).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LocalText {
    /// The language code (`en`, `fr`, `pt`, `es`).
    pub locale: String,
    pub title: String,
    pub summary: String,
    pub objective: Option<String>,
}

/// A published intervention as staff translate it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Translatable {
    pub slug: String,
    pub region: String,
    /// The text as written; its `locale` is the language it was written in.
    pub original: LocalText,
    pub translations: Vec<LocalText>,
}

/// The text in the reader's language, else in English, else the first there is.
pub fn in_language(texts: &[LocalText], reader: Locale) -> Option<&LocalText> {
    let find = |code: &str| texts.iter().find(|t| t.locale == code);
    find(reader.code()).or_else(|| find(Locale::En.code())).or_else(|| texts.first())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(locale: &str) -> LocalText {
        LocalText { locale: locale.into(), title: format!("title {locale}"), ..LocalText::default() }
    }

    #[test]
    fn the_readers_language_wins_then_english_then_the_original() {
        let texts = [text("fr"), text("en"), text("pt")];
        assert_eq!(in_language(&texts, Locale::Pt).unwrap().locale, "pt");
        assert_eq!(in_language(&texts, Locale::Es).unwrap().locale, "en");
        assert_eq!(in_language(&[text("fr")], Locale::Es).unwrap().locale, "fr");
        assert_eq!(in_language(&[], Locale::Es), None);
    }
}
