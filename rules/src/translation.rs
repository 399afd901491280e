//! Texts people write once and others translate: a call's title and description, a published
//! intervention's public title, summary and objective. A translation is whole (title and
//! summary, and the objective when the original has one): half of one would show readers a
//! page in two languages.

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

/// The translations of a published intervention's title, summary and objective, every
/// language optional. The language the text was written in is not translated; its fields are
/// ignored.
#[derive(Clone, Debug, Default, PartialEq, Validate, Serialize, Deserialize)]
pub struct TranslationsForm {
    #[validate(custom(function = "line"))]
    pub title_en: Option<String>,
    #[validate(custom(function = "paragraph"))]
    pub summary_en: Option<String>,
    #[validate(custom(function = "paragraph"))]
    pub objective_en: Option<String>,
    #[validate(custom(function = "line"))]
    pub title_fr: Option<String>,
    #[validate(custom(function = "paragraph"))]
    pub summary_fr: Option<String>,
    #[validate(custom(function = "paragraph"))]
    pub objective_fr: Option<String>,
    #[validate(custom(function = "line"))]
    pub title_pt: Option<String>,
    #[validate(custom(function = "paragraph"))]
    pub summary_pt: Option<String>,
    #[validate(custom(function = "paragraph"))]
    pub objective_pt: Option<String>,
    #[validate(custom(function = "line"))]
    pub title_es: Option<String>,
    #[validate(custom(function = "paragraph"))]
    pub summary_es: Option<String>,
    #[validate(custom(function = "paragraph"))]
    pub objective_es: Option<String>,
}

/// What the text as written holds beyond its title and summary.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Original {
    pub has_objective: bool,
}

/// One language's translation, as saved.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Translation<'a> {
    pub locale: &'static str,
    pub title: &'a str,
    pub summary: &'a str,
    /// Given when the original has an objective.
    pub objective: Option<&'a str>,
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

    fn objective(&self, code: &str) -> Option<&str> {
        match code {
            "en" => self.objective_en.as_deref(),
            "fr" => self.objective_fr.as_deref(),
            "pt" => self.objective_pt.as_deref(),
            _ => self.objective_es.as_deref(),
        }
    }

    /// The translations given, each with its objective when the original has one.
    pub fn texts(&self, original: Original) -> Vec<Translation<'_>> {
        written(&self.typed())
            .into_iter()
            .map(|(locale, title, summary)| Translation {
                locale,
                title,
                summary,
                objective: self.objective(locale).filter(|_| original.has_objective),
            })
            .collect()
    }
}

impl StepFields for TranslationsForm {
    type Choices = Original;
    /// Title, summary and objective per language, in that order.
    const FIELDS: &'static [&'static str] = &[
        "title_en",
        "summary_en",
        "objective_en",
        "title_fr",
        "summary_fr",
        "objective_fr",
        "title_pt",
        "summary_pt",
        "objective_pt",
        "title_es",
        "summary_es",
        "objective_es",
    ];

    fn read(form: &RawForm) -> Self {
        TranslationsForm {
            title_en: form.text("title_en"),
            summary_en: form.text("summary_en"),
            objective_en: form.text("objective_en"),
            title_fr: form.text("title_fr"),
            summary_fr: form.text("summary_fr"),
            objective_fr: form.text("objective_fr"),
            title_pt: form.text("title_pt"),
            summary_pt: form.text("summary_pt"),
            objective_pt: form.text("objective_pt"),
            title_es: form.text("title_es"),
            summary_es: form.text("summary_es"),
            objective_es: form.text("objective_es"),
        }
    }

    /// Whole translations: title and summary together, and the objective with them when the
    /// original has one.
    fn check_choices(&self, original: &Original, errors: &mut Vec<FieldError>) {
        check_whole(&self.typed(), errors);
        if !original.has_objective {
            return;
        }
        for (code, title, summary) in self.typed() {
            let started = title.is_some() || summary.is_some();
            match (started, self.objective(code)) {
                (true, None) => errors.push(FieldError::new(&format!("objective_{code}"), Problem::Required)),
                (false, Some(_)) => errors.push(FieldError::new(&format!("title_{code}"), Problem::Required)),
                _ => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::steps::problems_of;

    #[test]
    fn translations_are_optional_but_whole_and_within_limits() {
        let original = Original { has_objective: false };
        assert_eq!(problems_of::<TranslationsForm>(&RawForm::default(), &original), []);
        let form = RawForm::from_pairs([
            ("title_pt", "Angola: legislação sobre migração e asilo"),
            ("summary_es", "Demasiado corto"),
            ("title_fr", "x".repeat(201).as_str()),
            ("summary_fr", "Un résumé assez long pour être accepté."),
        ]);
        let problems: Vec<_> =
            problems_of::<TranslationsForm>(&form, &original).into_iter().map(|e| (e.field, e.problem)).collect();
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
    fn an_original_with_an_objective_is_translated_with_it() {
        let original = Original { has_objective: true };
        let form = RawForm::from_pairs([
            ("title_pt", "Angola: legislação sobre migração e asilo"),
            ("summary_pt", "A assistência apoiou a redação da Lei Nacional do Asilo."),
            ("objective_es", "Apoyar la redacción de la Ley Nacional de Asilo."),
        ]);
        let problems: Vec<_> =
            problems_of::<TranslationsForm>(&form, &original).into_iter().map(|e| (e.field, e.problem)).collect();
        assert_eq!(problems, [("objective_pt".into(), Problem::Required), ("title_es".into(), Problem::Required)]);
    }

    #[test]
    fn only_whole_translations_are_written() {
        let form = TranslationsForm::read(&RawForm::from_pairs([
            ("title_pt", "Angola: legislação sobre migração e asilo"),
            ("summary_pt", "A assistência apoiou a redação da Lei Nacional do Asilo."),
            ("objective_pt", "Apoiar a redação da Lei Nacional do Asilo."),
        ]));
        let translation = |objective| Translation {
            locale: "pt",
            title: "Angola: legislação sobre migração e asilo",
            summary: "A assistência apoiou a redação da Lei Nacional do Asilo.",
            objective,
        };
        let with = form.texts(Original { has_objective: true });
        assert_eq!(with, [translation(Some("Apoiar a redação da Lei Nacional do Asilo."))]);
        assert_eq!(form.texts(Original { has_objective: false }), [translation(None)], "no objective to translate");
    }
}
