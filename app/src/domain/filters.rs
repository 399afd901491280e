//! The public intervention filter: one type parsed from the query string by the map page,
//! the JSON API and the CSV/GeoJSON exports alike, so they always select the same set.

use serde::{Deserialize, Serialize};

pub const DEFAULT_PAGE_SIZE: u32 = 20;
pub const MAX_PAGE_SIZE: u32 = 100;
/// The last page number a query may ask for (the largest signed 32-bit integer, which every
/// API client can hold).
pub const MAX_PAGE: u32 = i32::MAX as u32;
pub const MAX_TEXT_CHARS: usize = 200;
pub const MIN_YEAR: i32 = 1990;
pub const MAX_YEAR: i32 = 2100;

/// Order of the list.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Sort {
    #[default]
    DateDesc,
    DateAsc,
    Country,
    Title,
}

impl Sort {
    pub const ALL: [Sort; 4] = [Sort::DateDesc, Sort::DateAsc, Sort::Country, Sort::Title];

    pub fn as_str(self) -> &'static str {
        match self {
            Sort::DateDesc => "date_desc",
            Sort::DateAsc => "date_asc",
            Sort::Country => "country",
            Sort::Title => "title",
        }
    }

    fn parse(raw: &str) -> Option<Sort> {
        Sort::ALL.into_iter().find(|s| s.as_str() == raw)
    }
}

/// A taxonomy dimension a filter can name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Dimension {
    Region,
    Country,
    Topic,
    Typology,
    Programme,
    Status,
    Organisation,
}

impl Dimension {
    /// The dimension a query parameter filters on, if it names one.
    pub fn of_param(name: &str) -> Option<Dimension> {
        Some(match name {
            "region" => Dimension::Region,
            "country" => Dimension::Country,
            "topic" => Dimension::Topic,
            "typology" => Dimension::Typology,
            "programme" => Dimension::Programme,
            "status" => Dimension::Status,
            "organisation" => Dimension::Organisation,
            _ => return None,
        })
    }
}

/// Whether a code exists in a vocabulary; the server answers from the database taxonomy.
pub trait Vocabulary {
    fn contains(&self, dimension: Dimension, code: &str) -> bool;
}

/// What is wrong with one query parameter.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum FilterProblem {
    NotAYear,
    YearRangeReversed,
    UnknownValue,
    BadPage,
    TextTooLong,
}

/// A list's page number as typed in an address: 1 to 100,000 (no list has more pages).
pub fn page_number(text: &str) -> Option<i64> {
    text.parse().ok().filter(|page| (1..=100_000).contains(page))
}

/// One rejected query parameter: its name and what is wrong.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FilterError {
    pub param: String,
    pub problem: FilterProblem,
}

/// A validated selection of public interventions and the page of it to show.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InterventionFilter {
    pub region: Option<String>,
    pub country: Option<String>,
    pub topic: Option<String>,
    pub typology: Option<String>,
    pub programme: Option<String>,
    pub status: Option<String>,
    /// Regional organisation (acronym).
    pub organisation: Option<String>,
    pub year_from: Option<i32>,
    pub year_to: Option<i32>,
    pub text: Option<String>,
    pub sort: Sort,
    pub page: u32,
    pub per_page: u32,
}

impl InterventionFilter {
    /// Parses a raw query string (`region=Pacific&from=2012`). Empty values mean "any", as a
    /// GET form sends them; unknown parameters are ignored; every bad value is reported.
    pub fn parse(query: &str, vocabulary: &impl Vocabulary) -> Result<Self, Vec<FilterError>> {
        let mut filter = InterventionFilter { page: 1, per_page: DEFAULT_PAGE_SIZE, ..Default::default() };
        let mut errors = Vec::new();
        let mut reject = |param: &str, problem| errors.push(FilterError { param: param.to_owned(), problem });

        for (key, value) in form_urlencoded::parse(query.trim_start_matches('?').as_bytes()) {
            // An empty value means "any" (the map's form sends every field); any other value
            // must be exact, as the OpenAPI document says, except free text (`q`).
            if value.is_empty() {
                continue;
            }
            let value = value.as_ref();
            if let Some(dimension) = Dimension::of_param(&key) {
                let slot = match dimension {
                    Dimension::Region => &mut filter.region,
                    Dimension::Country => &mut filter.country,
                    Dimension::Topic => &mut filter.topic,
                    Dimension::Typology => &mut filter.typology,
                    Dimension::Programme => &mut filter.programme,
                    Dimension::Status => &mut filter.status,
                    Dimension::Organisation => &mut filter.organisation,
                };
                if vocabulary.contains(dimension, value) {
                    *slot = Some(value.to_owned());
                } else {
                    reject(&key, FilterProblem::UnknownValue);
                }
                continue;
            }
            match key.as_ref() {
                "from" | "to" => match value.parse::<i32>() {
                    Ok(year) if (MIN_YEAR..=MAX_YEAR).contains(&year) => {
                        *(if key == "from" { &mut filter.year_from } else { &mut filter.year_to }) = Some(year)
                    }
                    _ => reject(&key, FilterProblem::NotAYear),
                },
                "q" if value.chars().count() > MAX_TEXT_CHARS => reject("q", FilterProblem::TextTooLong),
                "q" => {
                    // Free text: control characters are dropped (PostgreSQL cannot compare a NUL).
                    let text = rules::form::without_control_characters(value);
                    filter.text = Some(text.trim().to_owned()).filter(|text| !text.is_empty());
                }
                "sort" => match Sort::parse(value) {
                    Some(sort) => filter.sort = sort,
                    None => reject("sort", FilterProblem::UnknownValue),
                },
                "page" => match value.parse::<u32>() {
                    Ok(page) if (1..=MAX_PAGE).contains(&page) => filter.page = page,
                    _ => reject("page", FilterProblem::BadPage),
                },
                "per_page" => match value.parse::<u32>() {
                    Ok(size) if (1..=MAX_PAGE_SIZE).contains(&size) => filter.per_page = size,
                    _ => reject("per_page", FilterProblem::BadPage),
                },
                _ => {}
            }
        }
        if let (Some(from), Some(to)) = (filter.year_from, filter.year_to) {
            if from > to {
                reject("from", FilterProblem::YearRangeReversed);
            }
        }
        if errors.is_empty() {
            Ok(filter)
        } else {
            Err(errors)
        }
    }

    /// Reads an on/off parameter of a download (`hxl=1`): absent, empty or `0` is off, `1`
    /// is on, anything else is rejected like a bad filter value.
    pub fn switch(query: &str, param: &str) -> Result<bool, Vec<FilterError>> {
        let mut on = false;
        for (key, value) in form_urlencoded::parse(query.trim_start_matches('?').as_bytes()) {
            if key == param {
                match value.as_ref() {
                    "" | "0" => on = false,
                    "1" => on = true,
                    _ => {
                        return Err(vec![FilterError { param: param.to_owned(), problem: FilterProblem::UnknownValue }])
                    }
                }
            }
        }
        Ok(on)
    }

    /// How many filters narrow the selection (the sort and the page do not).
    pub fn narrowing_count(&self) -> usize {
        let codes = [
            &self.region,
            &self.country,
            &self.topic,
            &self.typology,
            &self.programme,
            &self.status,
            &self.organisation,
        ];
        codes.iter().filter(|c| c.is_some()).count()
            + usize::from(self.year_from.is_some())
            + usize::from(self.year_to.is_some())
            + usize::from(self.text.is_some())
    }

    /// The canonical query string of the selection, without page, for links and downloads.
    pub fn selection_query(&self) -> String {
        let mut out = form_urlencoded::Serializer::new(String::new());
        let codes = [
            ("region", &self.region),
            ("country", &self.country),
            ("topic", &self.topic),
            ("typology", &self.typology),
            ("programme", &self.programme),
            ("status", &self.status),
            ("organisation", &self.organisation),
        ];
        for (key, value) in codes {
            if let Some(value) = value {
                out.append_pair(key, value);
            }
        }
        if let Some(year) = self.year_from {
            out.append_pair("from", &year.to_string());
        }
        if let Some(year) = self.year_to {
            out.append_pair("to", &year.to_string());
        }
        if let Some(text) = &self.text {
            out.append_pair("q", text);
        }
        if self.sort != Sort::default() {
            out.append_pair("sort", self.sort.as_str());
        }
        out.finish()
    }

    /// The query string of another page of the same selection.
    pub fn page_query(&self, page: u32) -> String {
        let selection = self.selection_query();
        match (page, selection.is_empty()) {
            (1, _) => selection,
            (_, true) => format!("page={page}"),
            (_, false) => format!("{selection}&page={page}"),
        }
    }

    /// The same selection narrowed to one term, from page one (the map's links).
    pub fn narrowed_to(&self, dimension: Dimension, code: &str) -> InterventionFilter {
        let mut narrowed = InterventionFilter { page: 1, ..self.clone() };
        let slot = match dimension {
            Dimension::Region => &mut narrowed.region,
            Dimension::Country => &mut narrowed.country,
            Dimension::Topic => &mut narrowed.topic,
            Dimension::Typology => &mut narrowed.typology,
            Dimension::Programme => &mut narrowed.programme,
            Dimension::Status => &mut narrowed.status,
            Dimension::Organisation => &mut narrowed.organisation,
        };
        *slot = Some(code.to_owned());
        narrowed
    }

    /// Rows to skip for the current page.
    pub fn offset(&self) -> u64 {
        u64::from(self.page.saturating_sub(1)) * u64::from(self.per_page)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Known;
    impl Vocabulary for Known {
        fn contains(&self, dimension: Dimension, code: &str) -> bool {
            match dimension {
                Dimension::Topic => ["trafficking_in_human_beings", "visas"].contains(&code),
                Dimension::Country => code == "KEN",
                Dimension::Region => code == "East & Horn of Africa",
                _ => false,
            }
        }
    }

    #[test]
    fn an_empty_query_selects_everything_on_page_one() {
        let filter = InterventionFilter::parse("", &Known).unwrap();
        assert_eq!(filter.page, 1);
        assert_eq!(filter.per_page, DEFAULT_PAGE_SIZE);
        assert!(filter.topic.is_none() && filter.selection_query().is_empty());
    }

    #[test]
    fn a_download_switch_is_off_unless_set_to_one() {
        assert_eq!(InterventionFilter::switch("country=KEN", "hxl"), Ok(false));
        assert_eq!(InterventionFilter::switch("hxl=&country=KEN", "hxl"), Ok(false));
        assert_eq!(InterventionFilter::switch("?hxl=0", "hxl"), Ok(false));
        assert_eq!(InterventionFilter::switch("?country=KEN&hxl=1", "hxl"), Ok(true));
        let refused = InterventionFilter::switch("hxl=yes", "hxl").unwrap_err();
        assert_eq!(refused, [FilterError { param: "hxl".into(), problem: FilterProblem::UnknownValue }]);
    }

    #[test]
    fn empty_form_fields_mean_any_value() {
        let filter = InterventionFilter::parse("?region=&country=&topic=visas&from=&q=", &Known).unwrap();
        assert_eq!(filter.topic.as_deref(), Some("visas"));
        assert_eq!(filter.region, None);
        assert_eq!(filter.text, None);
    }

    #[test]
    fn encoded_values_are_decoded_and_checked_against_the_vocabulary() {
        let filter = InterventionFilter::parse("region=East+%26+Horn+of+Africa&country=KEN", &Known).unwrap();
        assert_eq!(filter.region.as_deref(), Some("East & Horn of Africa"));
        assert_eq!(filter.country.as_deref(), Some("KEN"));
    }

    #[test]
    fn every_malformed_parameter_is_reported() {
        let errors = InterventionFilter::parse("topic=dancing&from=20x0&page=0&sort=random", &Known).unwrap_err();
        let params: Vec<_> = errors.iter().map(|e| (e.param.as_str(), e.problem)).collect();
        assert_eq!(
            params,
            [
                ("topic", FilterProblem::UnknownValue),
                ("from", FilterProblem::NotAYear),
                ("page", FilterProblem::BadPage),
                ("sort", FilterProblem::UnknownValue)
            ]
        );
    }

    #[test]
    fn a_reversed_year_range_is_rejected() {
        let errors = InterventionFilter::parse("from=2015&to=2010", &Known).unwrap_err();
        assert_eq!(errors[0].problem, FilterProblem::YearRangeReversed);
    }

    #[test]
    fn years_outside_the_plausible_range_are_rejected() {
        assert!(InterventionFilter::parse("to=99999999999", &Known).is_err());
        assert!(InterventionFilter::parse("from=1200", &Known).is_err());
    }

    #[test]
    fn overlong_search_text_is_rejected() {
        let query = format!("q={}", "a".repeat(MAX_TEXT_CHARS + 1));
        assert_eq!(InterventionFilter::parse(&query, &Known).unwrap_err()[0].problem, FilterProblem::TextTooLong);
    }

    #[test]
    fn the_canonical_query_round_trips_through_parse() {
        let query = "topic=trafficking_in_human_beings&country=KEN&from=2010&to=2016&q=d%C3%A9j%C3%A0+vu&sort=title";
        let filter = InterventionFilter::parse(query, &Known).unwrap();
        let again = InterventionFilter::parse(&filter.selection_query(), &Known).unwrap();
        assert_eq!(filter, again);
        assert_eq!(again.text.as_deref(), Some("déjà vu"));
    }

    #[test]
    fn page_links_keep_the_selection() {
        let filter = InterventionFilter::parse("topic=visas&page=3", &Known).unwrap();
        assert_eq!(filter.page_query(1), "topic=visas");
        assert_eq!(filter.page_query(2), "topic=visas&page=2");
        assert_eq!(filter.offset(), 40);
        assert_eq!(InterventionFilter::parse("", &Known).unwrap().page_query(2), "page=2");
    }

    #[test]
    fn a_country_link_keeps_other_filters_and_returns_to_page_one() {
        let filter = InterventionFilter::parse("topic=visas&page=3", &Known).unwrap();
        let narrowed = filter.narrowed_to(Dimension::Country, "KEN");
        assert_eq!(narrowed.page_query(narrowed.page), "country=KEN&topic=visas");
    }
}
