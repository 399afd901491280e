//! What the public sees of an intervention, as it crosses from the database to pages and
//! the open-data exports.

use serde::{Deserialize, Serialize};

use super::text::{in_language, LocalText};
use crate::i18n::Locale;

/// The component of grant-funded projects of non-state actors (the other is technical assistance).
pub const NSA_COMPONENT: &str = "nsa_project";

/// The CSV columns, in order, each with its HXL hashtag (the Humanitarian Exchange
/// Language, hxlstandard.org: a second header row that tools such as HDX and the HXL Proxy
/// read to merge and map datasets); documented in every language's `csv_fields` and at `/data`.
pub const CSV_COLUMNS: [(&str, &str); 18] = [
    ("slug", "#activity+code"),
    ("title", "#activity+name"),
    ("language", "#meta+lang"),
    ("programme", "#activity+programme"),
    ("component", "#activity+component"),
    ("scope", "#activity+scope"),
    ("status", "#status"),
    ("status_as_of", "#date+reported"),
    ("region", "#region+name"),
    ("countries", "#country+code+list"),
    ("country_names", "#country+name+list"),
    ("organisation", "#org+acronym"),
    ("topics", "#sector+code+list"),
    ("typologies", "#activity+type+code+list"),
    ("start", "#date+start"),
    ("end", "#date+end"),
    ("people_reached", "#reached"),
    ("url", "#meta+url"),
];

/// The HXL hashtag of a CSV column, for the field dictionary.
pub fn hxl_tag(column: &str) -> Option<&'static str> {
    CSV_COLUMNS.iter().find(|(name, _)| *name == column).map(|(_, tag)| *tag)
}

/// One intervention as listed on the map page and in every export.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct InterventionSummary {
    /// Stable identifier; the page is `/interventions/{slug}`.
    pub slug: String,
    pub title: String,
    /// The language `title` is in (`en`, `fr`, `pt`, `es`): as written in the API and exports,
    /// the reader's on pages when staff translated it.
    pub language: String,
    pub programme: String,
    /// `technical_assistance` or `nsa_project`.
    pub component: String,
    /// `national` or `regional`.
    pub scope: String,
    /// `requested`, `ongoing` or `completed`.
    pub status: String,
    /// When the status was last known to hold (`YYYY-MM` or `YYYY`).
    pub status_as_of: String,
    pub region: String,
    /// Beneficiary countries, ISO 3166-1 alpha-3.
    pub countries: Vec<String>,
    /// Regional organisation involved (acronym).
    pub organisation: Option<String>,
    pub topics: Vec<String>,
    pub typologies: Vec<String>,
    /// `YYYY-MM`
    pub start: Option<String>,
    /// `YYYY-MM`
    pub end: Option<String>,
    pub people_reached: Option<i64>,
}

/// A page of a filtered selection and the size of the whole selection.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct InterventionPage {
    pub items: Vec<InterventionSummary>,
    pub total: u64,
    pub page: u32,
    pub per_page: u32,
}

impl InterventionPage {
    pub fn page_count(&self) -> u32 {
        let pages = self.total.div_ceil(u64::from(self.per_page.max(1)));
        u32::try_from(pages.max(1)).unwrap_or(u32::MAX)
    }
}

/// How many interventions of a selection concern one country.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CountryCount {
    pub iso3: String,
    pub count: u32,
}

/// A place where activities took place.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Venue {
    pub place: Option<String>,
    pub iso3: String,
}

/// What the public page of a TA of the portal's own shows of its work: the stage it is at,
/// the fiche (its activities and indicators), the indicators' starting values, the
/// activities as carried out, the results and lessons, and the public documents (those of
/// `baseline` and `intervention`). Nothing that names a person.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TaProgress {
    pub stage: crate::domain::stage::Stage,
    pub fiche: crate::domain::ta_cycle::FicheWork,
    pub baseline: crate::domain::ta_cycle::BaselineWork,
    pub intervention: crate::domain::ta_cycle::InterventionWork,
    pub completion: crate::domain::ta_cycle::CompletionWork,
    /// The requester has assessed the completed TA (what they said stays with staff).
    pub assessed: bool,
    /// The countries of the governments that asked jointly with the requester.
    pub joint_governments: Vec<String>,
}

/// Everything the detail page shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InterventionDetail {
    pub summary: InterventionSummary,
    pub objective: Option<String>,
    pub description: Option<String>,
    pub requesting_entity: Option<String>,
    pub beneficiary_institution: Option<String>,
    pub experts_from: Vec<String>,
    pub people_reached_basis: Option<String>,
    pub venues: Vec<Venue>,
    /// Related interventions, titled for the reader.
    pub related: Vec<RelatedLink>,
    pub quote: Option<String>,
    pub source: String,
    /// The title, description and objective in other languages, as staff translated them.
    pub translations: Vec<LocalText>,
    /// For a TA of the portal's own, its work so far.
    pub ta: Option<TaProgress>,
}

impl InterventionDetail {
    /// The title, description and objective in the reader's language if translated, else in
    /// English, else as written.
    pub fn text_for(&self, reader: Locale) -> LocalText {
        let original = LocalText {
            locale: self.summary.language.clone(),
            title: self.summary.title.clone(),
            summary: self.description.clone().unwrap_or_default(),
            objective: self.objective.clone(),
        };
        let mut texts = vec![original];
        texts.extend(self.translations.iter().cloned());
        in_language(&texts, reader).cloned().unwrap_or_else(|| texts.swap_remove(0))
    }
}

/// A link to another intervention.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RelatedLink {
    pub slug: String,
    pub title: String,
    /// The language `title` is in.
    pub language: String,
}

/// A count per taxonomy code, largest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeCount {
    pub code: String,
    pub count: u32,
}

/// The home page's headline figures, computed from the database.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HeadlineFigures {
    pub interventions: u32,
    pub countries_reached: u32,
    /// The interventions by kind: TAs with national governments, TAs with regional
    /// organisations, and non-state actors' projects.
    pub national_tas: u32,
    pub regional_tas: u32,
    pub nsa_projects: u32,
    /// Everyone the interventions' activities reached, where a count was recorded.
    pub people_reached: u64,
    /// The TA requests the portal has received, and those declined.
    pub requests_received: u32,
    pub requests_declined: u32,
    pub by_status: Vec<CodeCount>,
    pub by_region: Vec<CodeCount>,
    pub by_topic: Vec<CodeCount>,
    pub by_typology: Vec<CodeCount>,
    /// What the home page's map shows: every public intervention by country, by regional
    /// organisation, and the non-state actors' projects by country.
    pub by_country: Vec<CountryCount>,
    pub by_organisation: Vec<CodeCount>,
    pub projects_by_country: Vec<CountryCount>,
    pub roster: super::roster::RosterFigures,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_count_rounds_up_and_is_never_zero() {
        let page = |total| InterventionPage { items: vec![], total, page: 1, per_page: 20 };
        assert_eq!(page(0).page_count(), 1);
        assert_eq!(page(20).page_count(), 1);
        assert_eq!(page(21).page_count(), 2);
    }
}

/// An intervention as staff list it, whether or not it may be shown to the public.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FlaggedIntervention {
    pub slug: String,
    pub title: String,
    pub region: String,
    pub status: String,
    /// The month or year the status was last known.
    pub status_as_of: String,
    pub component: String,
    /// False: kept off every public page and export (sensitive work).
    pub publishable: bool,
}

/// An intervention with what its IATI activity says beyond the list's fields.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReportedIntervention {
    pub summary: InterventionSummary,
    pub description: Option<String>,
    pub objective: Option<String>,
    /// The ministry or organisation that asked for the work, as named in the record.
    pub requesting_entity: Option<String>,
    /// RFC 3339.
    pub updated_at: String,
    pub translations: Vec<LocalText>,
    /// For a TA of the portal's own, its work so far (the public part).
    pub ta: Option<TaProgress>,
}
