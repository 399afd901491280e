//! The controlled vocabularies (regions, countries, topics, ...) with their labels in every
//! language. Loaded once from the database at start; pages and exports read it from context.

use serde::{Deserialize, Serialize};

use super::filters::{Dimension, Vocabulary};
use super::roster::ExpertChoices;
use super::ta_request::Choices;
use crate::i18n::Locale;

/// One term of a vocabulary with its label in each language it has.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Term {
    pub code: String,
    pub labels: Vec<(Locale, String)>,
}

impl Term {
    /// The label in `locale`, else in English, else the code itself.
    pub fn label(&self, locale: Locale) -> &str {
        let find = |wanted: Locale| self.labels.iter().find(|(l, _)| *l == wanted).map(|(_, s)| s.as_str());
        find(locale).or_else(|| find(Locale::En)).unwrap_or(&self.code)
    }
}

/// An ACP state: its term plus what the map needs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Country {
    pub term: Term,
    /// ISO 3166-1 alpha-2, as IATI names countries.
    pub iso2: String,
    pub region: String,
    pub lat: f64,
    pub lon: f64,
}

/// All vocabularies, each in display order.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Taxonomy {
    pub programmes: Vec<Term>,
    pub regions: Vec<Term>,
    pub countries: Vec<Country>,
    pub organisations: Vec<Term>,
    /// Seat of each regional organisation: (code, lat, lon).
    pub seats: Vec<(String, f64, f64)>,
    pub topics: Vec<Term>,
    pub typologies: Vec<Term>,
    /// Codes of the typologies that apply to technical assistance (the rest are for grants).
    pub ta_typologies: Vec<String>,
    pub statuses: Vec<Term>,
    /// Every country of the world (ACP or not), for experts' nationality and residence.
    pub all_countries: Vec<Term>,
}

impl Taxonomy {
    pub fn terms(&self, dimension: Dimension) -> Vec<&Term> {
        match dimension {
            Dimension::Region => self.regions.iter().collect(),
            Dimension::Country => self.countries.iter().map(|c| &c.term).collect(),
            Dimension::Topic => self.topics.iter().collect(),
            Dimension::Typology => self.typologies.iter().collect(),
            Dimension::Programme => self.programmes.iter().collect(),
            Dimension::Status => self.statuses.iter().collect(),
            Dimension::Organisation => self.organisations.iter().collect(),
        }
    }

    /// The term `code` of a vocabulary, without allocating (pages look up many labels).
    pub fn find(&self, dimension: Dimension, code: &str) -> Option<&Term> {
        fn in_list<'t>(terms: &'t [Term], code: &str) -> Option<&'t Term> {
            terms.iter().find(|t| t.code == code)
        }
        match dimension {
            Dimension::Region => in_list(&self.regions, code),
            Dimension::Country => self.countries.iter().map(|c| &c.term).find(|t| t.code == code),
            Dimension::Topic => in_list(&self.topics, code),
            Dimension::Typology => in_list(&self.typologies, code),
            Dimension::Programme => in_list(&self.programmes, code),
            Dimension::Status => in_list(&self.statuses, code),
            Dimension::Organisation => in_list(&self.organisations, code),
        }
    }

    /// The label of `code`, or the code itself when the vocabulary lacks it.
    pub fn label<'a>(&'a self, dimension: Dimension, code: &'a str, locale: Locale) -> &'a str {
        self.find(dimension, code).map_or(code, |t| t.label(locale))
    }

    pub fn country(&self, iso3: &str) -> Option<&Country> {
        self.countries.iter().find(|c| c.term.code == iso3)
    }

    /// What a technical-assistance request may name.
    pub fn request_choices(&self) -> Choices {
        Choices {
            countries: self.countries.iter().map(|c| c.term.code.clone()).collect(),
            organisations: self.organisations.iter().map(|t| t.code.clone()).collect(),
            topics: self.topics.iter().map(|t| t.code.clone()).collect(),
            typologies: self.ta_typologies.clone(),
        }
    }

    /// What an expert's application may name.
    pub fn expert_choices(&self) -> ExpertChoices {
        let codes = |terms: &[Term]| terms.iter().map(|t| t.code.clone()).collect();
        ExpertChoices {
            all_countries: codes(&self.all_countries),
            countries: self.countries.iter().map(|c| c.term.code.clone()).collect(),
            regions: codes(&self.regions),
            topics: codes(&self.topics),
            typologies: codes(&self.typologies),
        }
    }

    /// Every country sorted by its name in `locale`, for nationality pickers.
    pub fn all_countries_by_name(&self, locale: Locale) -> Vec<&Term> {
        let mut sorted: Vec<_> = self.all_countries.iter().collect();
        sorted.sort_by_cached_key(|t| fold(t.label(locale)));
        sorted
    }

    /// Countries sorted by their name in `locale`, for pickers.
    pub fn countries_by_name(&self, locale: Locale) -> Vec<&Country> {
        let mut sorted: Vec<_> = self.countries.iter().collect();
        sorted.sort_by_cached_key(|c| fold(c.term.label(locale)));
        sorted
    }
}

/// Lower case without accents, so "Côte d'Ivoire" sorts among the Cs and "ethiopie" finds
/// "Éthiopie" on every database backend.
pub fn fold(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' => 'a',
            'ç' | 'Ç' => 'c',
            'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' | 'Ê' | 'Ë' => 'e',
            'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' | 'Î' | 'Ï' => 'i',
            'ñ' | 'Ñ' => 'n',
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' => 'o',
            'ù' | 'ú' | 'û' | 'ü' | 'Ù' | 'Ú' | 'Û' | 'Ü' => 'u',
            'œ' | 'Œ' => 'œ',
            other => other.to_lowercase().next().unwrap_or(other),
        })
        .collect()
}

impl Vocabulary for Taxonomy {
    fn contains(&self, dimension: Dimension, code: &str) -> bool {
        self.find(dimension, code).is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn term(code: &str, en: &str, fr: Option<&str>) -> Term {
        let mut labels = vec![(Locale::En, en.to_owned())];
        labels.extend(fr.map(|f| (Locale::Fr, f.to_owned())));
        Term { code: code.to_owned(), labels }
    }

    #[test]
    fn a_missing_translation_falls_back_to_english() {
        let t = term("visas", "Visas", None);
        assert_eq!(t.label(Locale::Fr), "Visas");
    }

    #[test]
    fn folding_ignores_case_and_accents() {
        assert_eq!(fold("Éthiopie, CÔTE d'Ivoire"), "ethiopie, cote d'ivoire");
    }

    #[test]
    fn countries_sort_by_name_ignoring_accents() {
        let country = |code, en, fr| Country {
            term: term(code, en, Some(fr)),
            iso2: String::new(),
            region: String::new(),
            lat: 0.0,
            lon: 0.0,
        };
        let taxonomy = Taxonomy {
            countries: vec![
                country("TCD", "Chad", "Tchad"),
                country("CIV", "Côte d'Ivoire", "Côte d'Ivoire"),
                country("CMR", "Cameroon", "Cameroun"),
            ],
            ..Default::default()
        };
        let names: Vec<_> = taxonomy.countries_by_name(Locale::Fr).iter().map(|c| c.term.code.as_str()).collect();
        assert_eq!(names, ["CMR", "CIV", "TCD"]);
    }
}
