//! What staff ask of the roster: the search filter (read from and written to a query
//! string, every value checked) and how well an expert fits a TA request.

use serde::{Deserialize, Serialize};

use super::profile::{level_rank, ExpertStatus, ASSIGNMENT_LENGTHS, CEFR_LEVELS, GENDERS, ROSTER_LANGUAGES, SECTORS};
use crate::domain::filters::{Dimension, FilterError, FilterProblem};
use crate::domain::taxonomy::{fold, Taxonomy};

/// Longest free-text search accepted.
pub const QUERY_MAX: usize = 100;
pub const PER_PAGE: i64 = 25;

/// A roster search: every filter optional, all checked against the vocabularies.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RosterFilter {
    /// Words looked for in name, position, employer and expertise (folded).
    pub q: Option<String>,
    pub topic: Option<String>,
    /// A working language, and the lowest CEFR level wanted in it (any when `None`).
    pub language: Option<String>,
    pub level: Option<String>,
    pub region: Option<String>,
    pub country: Option<String>,
    pub sector: Option<String>,
    /// `short_term` or `mid_term`.
    pub availability: Option<String>,
    pub nationality: Option<String>,
    pub gender: Option<String>,
    /// Free over these days (both included, `YYYY-MM-DD`): no period they said they cannot
    /// work, and no assignment, overlaps them.
    pub available_from: Option<String>,
    pub available_until: Option<String>,
    /// Which profiles: on the roster (the default), or those awaiting confirmation or inactive.
    pub status: ExpertStatus,
    pub page: i64,
}

impl Default for RosterFilter {
    fn default() -> Self {
        RosterFilter {
            q: None,
            topic: None,
            language: None,
            level: None,
            region: None,
            country: None,
            sector: None,
            availability: None,
            nationality: None,
            gender: None,
            available_from: None,
            available_until: None,
            status: ExpertStatus::Active,
            page: 1,
        }
    }
}

impl RosterFilter {
    pub fn parse(query: &str, taxonomy: &Taxonomy) -> Result<RosterFilter, Vec<FilterError>> {
        let mut filter = RosterFilter::default();
        let mut errors = Vec::new();
        let mut bad = |param: &str, problem| errors.push(FilterError { param: param.to_owned(), problem });
        let known = |list: &[&str], value: &str| list.contains(&value);
        for (key, value) in form_urlencoded::parse(query.as_bytes()) {
            let value = value.trim();
            if value.is_empty() {
                continue;
            }
            let owned = Some(value.to_owned());
            let ok = match key.as_ref() {
                "q" if value.chars().count() <= QUERY_MAX => {
                    filter.q = owned;
                    true
                }
                "q" => {
                    bad("q", FilterProblem::TextTooLong);
                    continue;
                }
                "topic" => taxonomy.find(Dimension::Topic, value).is_some() && set(&mut filter.topic, owned),
                "region" => taxonomy.find(Dimension::Region, value).is_some() && set(&mut filter.region, owned),
                "country" => taxonomy.find(Dimension::Country, value).is_some() && set(&mut filter.country, owned),
                "language" => known(&ROSTER_LANGUAGES, value) && set(&mut filter.language, owned),
                "level" => known(&CEFR_LEVELS, value) && set(&mut filter.level, owned),
                "sector" => known(&SECTORS, value) && set(&mut filter.sector, owned),
                "availability" => known(&ASSIGNMENT_LENGTHS, value) && set(&mut filter.availability, owned),
                "gender" => known(&GENDERS, value) && set(&mut filter.gender, owned),
                "available_from" => rules::form::rules::date(value).is_ok() && set(&mut filter.available_from, owned),
                "available_until" => rules::form::rules::date(value).is_ok() && set(&mut filter.available_until, owned),
                "nationality" => {
                    taxonomy.all_countries.iter().any(|t| t.code == value) && set(&mut filter.nationality, owned)
                }
                "status" => match ExpertStatus::parse(value).filter(|s| *s != ExpertStatus::Draft) {
                    Some(status) => {
                        filter.status = status;
                        true
                    }
                    None => false,
                },
                "page" => match value.parse::<i64>() {
                    Ok(page) if (1..=10_000).contains(&page) => {
                        filter.page = page;
                        true
                    }
                    _ => {
                        bad("page", FilterProblem::BadPage);
                        continue;
                    }
                },
                _ => true,
            };
            if !ok {
                bad(&key, FilterProblem::UnknownValue);
            }
        }
        if let (Some(from), Some(until)) = (&filter.available_from, &filter.available_until) {
            if until < from {
                bad("available_until", FilterProblem::YearRangeReversed);
            }
        }
        if errors.is_empty() {
            Ok(filter)
        } else {
            Err(errors)
        }
    }

    /// The days the expert must be free, when a search asks (one date alone is one day).
    pub fn free_days(&self) -> Option<(&str, &str)> {
        match (self.available_from.as_deref(), self.available_until.as_deref()) {
            (Some(from), Some(until)) => Some((from, until)),
            (Some(day), None) | (None, Some(day)) => Some((day, day)),
            (None, None) => None,
        }
    }

    /// The search words, folded like the stored search text.
    pub fn words(&self) -> Vec<String> {
        self.q.as_deref().map(|q| fold(q).split_whitespace().map(str::to_owned).collect()).unwrap_or_default()
    }

    /// The lowest level rank wanted in `language` (1 = A1 when no level is given).
    pub fn min_rank(&self) -> i64 {
        self.level.as_deref().and_then(level_rank).unwrap_or(1)
    }

    /// The filter as a query string, without the page (for links and the CSV export).
    pub fn query(&self) -> String {
        let mut out = form_urlencoded::Serializer::new(String::new());
        let pairs = [
            ("q", &self.q),
            ("topic", &self.topic),
            ("language", &self.language),
            ("level", &self.level),
            ("region", &self.region),
            ("country", &self.country),
            ("sector", &self.sector),
            ("availability", &self.availability),
            ("nationality", &self.nationality),
            ("gender", &self.gender),
            ("available_from", &self.available_from),
            ("available_until", &self.available_until),
        ];
        for (key, value) in pairs {
            if let Some(value) = value {
                out.append_pair(key, value);
            }
        }
        if self.status != ExpertStatus::Active {
            out.append_pair("status", self.status.as_str());
        }
        out.finish()
    }
}

fn set(slot: &mut Option<String>, value: Option<String>) -> bool {
    *slot = value;
    true
}

/// One line of the roster as staff search it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RosterRow {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub nationality: String,
    pub residence: String,
    pub sector: String,
    pub position: String,
    pub employer: String,
    pub years_experience: Option<i64>,
    pub status: ExpertStatus,
    pub updated_at: String,
    /// `(language, level)`.
    pub languages: Vec<(String, String)>,
    pub topics: Vec<String>,
}

/// What a TA request needs of an expert, for matching.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RequestNeeds {
    pub topics: Vec<String>,
    /// The request's working language.
    pub language: String,
    pub region: Option<String>,
    /// The requesting state (none for a regional organisation).
    pub country: Option<String>,
    /// The requesting institution's name, to spot an expert who works for it.
    pub institution: String,
}

/// What matching knows of an expert.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Candidate {
    pub id: i64,
    pub name: String,
    pub nationality: String,
    pub employer: String,
    pub topics: Vec<String>,
    /// `(language, level)`.
    pub languages: Vec<(String, String)>,
    pub regions: Vec<String>,
    pub countries: Vec<String>,
}

/// Why an expert may not be impartial on a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Conflict {
    /// A national of the requesting state.
    Nationality,
    /// Works for the requesting institution.
    Employer,
}

/// How well a candidate fits, and what to look at before contacting them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fit {
    pub candidate: Candidate,
    pub score: u32,
    pub shared_topics: Vec<String>,
    /// The candidate's level in the request's language, if any.
    pub language_level: Option<String>,
    pub knows_region: bool,
    pub knows_country: bool,
    pub conflicts: Vec<Conflict>,
}

/// Scores a candidate: each shared topic 3, working at B2 or better in the request's
/// language 4 (any lower level 1), experience of the request's country 3 or of its region
/// 2. A candidate sharing no topic or without the language scores 0: they cannot do it.
pub fn fit(candidate: &Candidate, needs: &RequestNeeds) -> Fit {
    let shared_topics: Vec<String> = candidate.topics.iter().filter(|t| needs.topics.contains(t)).cloned().collect();
    let language_level =
        candidate.languages.iter().find(|(language, _)| *language == needs.language).map(|(_, level)| level.clone());
    let rank = language_level.as_deref().and_then(level_rank).unwrap_or(0);
    let knows_country = needs.country.as_ref().is_some_and(|c| candidate.countries.contains(c));
    let knows_region = needs.region.as_ref().is_some_and(|r| candidate.regions.contains(r));
    let mut score = 0;
    if !shared_topics.is_empty() && rank > 0 {
        score = 3 * shared_topics.len() as u32 + if rank >= 4 { 4 } else { 1 };
        score += if knows_country {
            3
        } else if knows_region {
            2
        } else {
            0
        };
    }
    let mut conflicts = Vec::new();
    if needs.country.as_deref().is_some_and(|c| c == candidate.nationality) {
        conflicts.push(Conflict::Nationality);
    }
    let (employer, institution) = (fold(candidate.employer.trim()), fold(needs.institution.trim()));
    if !employer.is_empty()
        && !institution.is_empty()
        && (employer.contains(&institution) || institution.contains(&employer))
    {
        conflicts.push(Conflict::Employer);
    }
    Fit { candidate: candidate.clone(), score, shared_topics, language_level, knows_region, knows_country, conflicts }
}

/// The candidates who can do the request, best first (ties by name).
pub fn shortlist(candidates: Vec<Candidate>, needs: &RequestNeeds, limit: usize) -> Vec<Fit> {
    let mut fits: Vec<Fit> = candidates.iter().map(|c| fit(c, needs)).filter(|f| f.score > 0).collect();
    fits.sort_by(|a, b| b.score.cmp(&a.score).then_with(|| a.candidate.name.cmp(&b.candidate.name)));
    fits.truncate(limit);
    fits
}

/// Public figures of the roster: counts only, of profiles on the roster.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RosterFigures {
    pub experts: u32,
    pub by_gender: Vec<crate::domain::intervention::CodeCount>,
    pub by_sector: Vec<crate::domain::intervention::CodeCount>,
}

/// Counts below this are published as "fewer than", so a small group cannot point at a person.
pub const SMALLEST_PUBLISHED_COUNT: u32 = 3;

/// Where an expert is with a request: considered, asked, or deployed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AssignmentStatus {
    Shortlisted,
    Contacted,
    Assigned,
}

impl AssignmentStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            AssignmentStatus::Shortlisted => "shortlisted",
            AssignmentStatus::Contacted => "contacted",
            AssignmentStatus::Assigned => "assigned",
        }
    }

    pub fn parse(text: &str) -> Option<AssignmentStatus> {
        [AssignmentStatus::Shortlisted, AssignmentStatus::Contacted, AssignmentStatus::Assigned]
            .into_iter()
            .find(|s| s.as_str() == text)
    }
}

/// A period of an assignment as stored: first and last day, working days in it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredPeriod {
    pub start: String,
    pub end: String,
    pub working_days: i64,
}

impl From<&crate::domain::assignment::Period> for StoredPeriod {
    fn from(period: &crate::domain::assignment::Period) -> Self {
        StoredPeriod {
            start: period.start.to_string(),
            end: period.end.to_string(),
            working_days: i64::from(period.working_days),
        }
    }
}

/// Periods one per line, as pages and e-mails show them: "2027-03-01 – 2027-03-12: 10".
pub fn periods_text(periods: &[StoredPeriod]) -> String {
    periods.iter().map(|p| format!("{} – {}: {}", p.start, p.end, p.working_days)).collect::<Vec<_>>().join("\n")
}

/// An expert on a request's list, or a request on an expert's.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssignmentRow {
    pub expert_id: i64,
    pub expert_name: String,
    pub reference: String,
    pub status: AssignmentStatus,
    pub periods: Vec<StoredPeriod>,
}

impl AssignmentRow {
    pub fn working_days(&self) -> i64 {
        self.periods.iter().map(|p| p.working_days).sum()
    }

    pub fn periods_text(&self) -> String {
        periods_text(&self.periods)
    }
}

/// The experts part of a request's page: the best-fitting experts not yet on its list,
/// and its list.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestExperts {
    pub suggestions: Vec<Fit>,
    pub assignments: Vec<AssignmentRow>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::taxonomy::{Country, Term};
    use crate::i18n::Locale;

    fn term(code: &str) -> Term {
        Term { code: code.into(), labels: vec![(Locale::En, code.into())] }
    }

    fn taxonomy() -> Taxonomy {
        Taxonomy {
            topics: vec![term("visas"), term("labour_migration")],
            regions: vec![term("West Africa")],
            countries: vec![Country {
                term: term("SEN"),
                iso2: "SN".into(),
                region: "West Africa".into(),
                lat: 0.0,
                lon: 0.0,
            }],
            all_countries: vec![term("SEN"), term("PRT")],
            ..Default::default()
        }
    }

    #[test]
    fn availability_dates_are_checked_and_one_date_is_one_day() {
        let filter = RosterFilter::parse("available_from=2027-03-01&available_until=2027-03-31", &taxonomy()).unwrap();
        assert_eq!(filter.free_days(), Some(("2027-03-01", "2027-03-31")));
        assert_eq!(filter.query(), "available_from=2027-03-01&available_until=2027-03-31");
        let one_day = RosterFilter::parse("available_until=2027-03-05", &taxonomy()).unwrap();
        assert_eq!(one_day.free_days(), Some(("2027-03-05", "2027-03-05")));
        let errors = RosterFilter::parse("available_from=2027-02-30", &taxonomy()).unwrap_err();
        assert_eq!(errors[0].param, "available_from");
        let reversed = RosterFilter::parse("available_from=2027-03-31&available_until=2027-03-01", &taxonomy());
        assert_eq!(reversed.unwrap_err()[0].param, "available_until");
    }

    #[test]
    fn the_filter_reads_checks_and_writes_its_query() {
        let query = "q=labour+law&topic=visas&language=fr&level=B2&nationality=PRT&status=inactive&page=3";
        let filter = RosterFilter::parse(query, &taxonomy()).unwrap();
        assert_eq!(filter.words(), ["labour", "law"]);
        assert_eq!(filter.min_rank(), 4);
        assert_eq!(filter.status, ExpertStatus::Inactive);
        assert_eq!(filter.page, 3);
        assert_eq!(filter.query(), "q=labour+law&topic=visas&language=fr&level=B2&nationality=PRT&status=inactive");
        let errors = RosterFilter::parse("topic=weapons&level=native&status=draft&page=0&q=", &taxonomy()).unwrap_err();
        let params: Vec<_> = errors.iter().map(|e| e.param.as_str()).collect();
        assert_eq!(params, ["topic", "level", "status", "page"]);
        let long = format!("q={}", "x".repeat(QUERY_MAX + 1));
        assert_eq!(RosterFilter::parse(&long, &taxonomy()).unwrap_err()[0].problem, FilterProblem::TextTooLong);
    }

    fn candidate(id: i64, name: &str) -> Candidate {
        Candidate {
            id,
            name: name.into(),
            nationality: "PRT".into(),
            employer: "Example University".into(),
            topics: vec!["labour_migration".into()],
            languages: vec![("fr".into(), "C1".into())],
            regions: vec!["West Africa".into()],
            countries: vec![],
        }
    }

    fn needs() -> RequestNeeds {
        RequestNeeds {
            topics: vec!["labour_migration".into(), "remittances".into()],
            language: "fr".into(),
            region: Some("West Africa".into()),
            country: Some("SEN".into()),
            institution: "Ministère de l'Intérieur".into(),
        }
    }

    #[test]
    fn the_score_rewards_topics_language_and_experience_of_the_place() {
        let fit_of = |c: &Candidate| fit(c, &needs()).score;
        let base = candidate(1, "A");
        assert_eq!(fit_of(&base), 3 + 4 + 2, "a topic, French at C1, the region");
        let knows_senegal = Candidate { countries: vec!["SEN".into()], ..base.clone() };
        assert_eq!(fit_of(&knows_senegal), 3 + 4 + 3, "the country counts more than the region");
        let weak_french = Candidate { languages: vec![("fr".into(), "A2".into())], ..base.clone() };
        assert_eq!(fit_of(&weak_french), 3 + 1 + 2);
        let no_french = Candidate { languages: vec![("en".into(), "C2".into())], ..base.clone() };
        assert_eq!(fit_of(&no_french), 0, "without the request's language an expert cannot do it");
        let other_topic = Candidate { topics: vec!["visas".into()], ..base };
        assert_eq!(fit_of(&other_topic), 0);
    }

    #[test]
    fn conflicts_are_flagged_by_nationality_and_employer() {
        let senegalese = Candidate { nationality: "SEN".into(), ..candidate(1, "A") };
        assert_eq!(fit(&senegalese, &needs()).conflicts, [Conflict::Nationality]);
        let insider = Candidate { employer: "Ministere de l'interieur du Senegal".into(), ..candidate(2, "B") };
        assert_eq!(fit(&insider, &needs()).conflicts, [Conflict::Employer]);
        assert!(fit(&candidate(3, "C"), &needs()).conflicts.is_empty());
    }

    #[test]
    fn the_shortlist_keeps_those_who_can_do_it_best_first() {
        let strong = Candidate { countries: vec!["SEN".into()], ..candidate(1, "Zoe") };
        let unable = Candidate { topics: vec!["visas".into()], ..candidate(2, "Adam") };
        let listed = shortlist(vec![candidate(3, "Bea"), unable, strong, candidate(4, "Ann")], &needs(), 10);
        let names: Vec<_> = listed.iter().map(|f| f.candidate.name.as_str()).collect();
        assert_eq!(names, ["Zoe", "Ann", "Bea"]);
    }
}
