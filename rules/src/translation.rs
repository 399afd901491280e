//! Texts people write once and others translate: a call's title and description, a published
//! intervention's public title and summary. A translation is title and summary together:
//! half of one would show readers a page in two languages.

use serde::{Deserialize, Serialize};
use validator::Validate;

use crate::form::{FieldError, Problem, RawForm};
use crate::steps::{line, paragraph, StepFields};

/// One language's title and summary as typed: (language code, title, summary).
pub type TypedText<'a> = (&'static str, &'a Option<String>, &'a Option<String>);

/// The languages a text is written in, with its title and summary.
pub fn written<'a>(texts: &[TypedText<'a>]) -> Vec<(&'static str, &'a str, &'a str)> {
    texts.iter().filter_map(|(code, title, summary)| Some((*code, title.as_deref()?, summary.as_deref()?))).collect()
}

/// A title without its summary (or the reverse) is an error on the missing one.
pub fn check_whole(texts: &[TypedText<'_>], errors: &mut Vec<FieldError>) {
    for (code, title, summary) in texts {
        match (title, summary) {
            (Some(_), None) => errors.push(FieldError::new(&format!("summary_{code}"), Problem::Required)),
            (None, Some(_)) => errors.push(FieldError::new(&format!("title_{code}"), Problem::Required)),
            _ => {}
        }
    }
}

/// The translations of a published intervention's title and summary, every one optional.
/// The language the text was written in is not translated; its fields are ignored.
#[derive(Clone, Debug, Default, PartialEq, Validate, Serialize, Deserialize)]
pub struct TranslationsForm {
    #[validate(custom(function = "line"))]
    pub title_en: Option<String>,
    #[validate(custom(function = "paragraph"))]
    pub summary_en: Option<String>,
    #[validate(custom(function = "line"))]
    pub title_fr: Option<String>,
    #[validate(custom(function = "paragraph"))]
    pub summary_fr: Option<String>,
    #[validate(custom(function = "line"))]
    pub title_pt: Option<String>,
    #[validate(custom(function = "paragraph"))]
    pub summary_pt: Option<String>,
    #[validate(custom(function = "line"))]
    pub title_es: Option<String>,
    #[validate(custom(function = "paragraph"))]
    pub summary_es: Option<String>,
}

impl TranslationsForm {
    fn typed(&self) -> [TypedText<'_>; 4] {
        [
            ("en", &self.title_en, &self.summary_en),
            ("fr", &self.title_fr, &self.summary_fr),
            ("pt", &self.title_pt, &self.summary_pt),
            ("es", &self.title_es, &self.summary_es),
        ]
    }

    /// The translations given: (language code, title, summary).
    pub fn texts(&self) -> Vec<(&'static str, &str, &str)> {
        written(&self.typed())
    }
}

impl StepFields for TranslationsForm {
    type Choices = ();
    const FIELDS: &'static [&'static str] =
        &["title_en", "summary_en", "title_fr", "summary_fr", "title_pt", "summary_pt", "title_es", "summary_es"];

    fn read(form: &RawForm) -> Self {
        TranslationsForm {
            title_en: form.text("title_en"),
            summary_en: form.text("summary_en"),
            title_fr: form.text("title_fr"),
            summary_fr: form.text("summary_fr"),
            title_pt: form.text("title_pt"),
            summary_pt: form.text("summary_pt"),
            title_es: form.text("title_es"),
            summary_es: form.text("summary_es"),
        }
    }

    fn check_choices(&self, _: &(), errors: &mut Vec<FieldError>) {
        check_whole(&self.typed(), errors);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::steps::problems_of;

    #[test]
    fn translations_are_optional_but_whole_and_within_limits() {
        assert_eq!(problems_of::<TranslationsForm>(&RawForm::default(), &()), []);
        let form = RawForm::from_pairs([
            ("title_pt", "Angola: legislação sobre migração e asilo"),
            ("summary_es", "Demasiado corto"),
            ("title_fr", "x".repeat(201).as_str()),
            ("summary_fr", "Un résumé assez long pour être accepté."),
        ]);
        let problems: Vec<_> =
            problems_of::<TranslationsForm>(&form, &()).into_iter().map(|e| (e.field, e.problem)).collect();
        assert_eq!(
            problems,
            [
                ("title_fr".into(), Problem::TooLong { max: 200 }),
                ("summary_pt".into(), Problem::Required),
                ("title_es".into(), Problem::Required),
                ("summary_es".into(), Problem::TooShort { min: 20 }),
            ]
        );
    }

    #[test]
    fn only_whole_translations_are_written() {
        let form = TranslationsForm::read(&RawForm::from_pairs([
            ("title_pt", "Angola: legislação sobre migração e asilo"),
            ("summary_pt", "A assistência apoiou a redação da Lei Nacional do Asilo."),
        ]));
        assert_eq!(
            form.texts(),
            [(
                "pt",
                "Angola: legislação sobre migração e asilo",
                "A assistência apoiou a redação da Lei Nacional do Asilo."
            )]
        );
    }
}
