//! A call for proposals as staff write it: texts in each interface language, who and where
//! may apply, the money, the time window with its time zone, and the scoring rubric. Also
//! the window's arithmetic: whether a call is upcoming, open or closed at a given instant,
//! whatever the time zones of the deadline and of the clock.

use serde::{Deserialize, Serialize};
use time::{OffsetDateTime, PrimitiveDateTime, Time, UtcOffset};
use validator::{Validate, ValidationError};

use super::money::parse_eur;
use crate::form::{rules, FieldError, Problem, RawForm};
use crate::steps::{
    chosen_between_one_and, line, paragraph, require_choices, require_known, StepFields, LINE_MAX, NOTE_MAX,
};
use crate::translation::{check_whole, written, TypedText};

/// A small project in one country, or a medium one across several countries of one region.
pub const KIND_NATIONAL: &str = "national";
pub const KIND_REGIONAL: &str = "regional";
pub const KINDS: [&str; 2] = [KIND_NATIONAL, KIND_REGIONAL];

/// The offsets a deadline can be given in: every whole hour from UTC-12 to UTC+14 (ACP
/// states run from UTC-5 in the Caribbean to UTC+13 in the Pacific).
pub const UTC_OFFSETS: [&str; 27] = [
    "-12:00", "-11:00", "-10:00", "-09:00", "-08:00", "-07:00", "-06:00", "-05:00", "-04:00", "-03:00", "-02:00",
    "-01:00", "+00:00", "+01:00", "+02:00", "+03:00", "+04:00", "+05:00", "+06:00", "+07:00", "+08:00", "+09:00",
    "+10:00", "+11:00", "+12:00", "+13:00", "+14:00",
];

/// Rows offered for the rubric's criteria; their weights add up to 100.
pub const CRITERION_ROWS: usize = 6;
pub const WEIGHT_TOTAL: u32 = 100;
pub const MAX_CALL_TOPICS: u32 = 8;
pub const MAX_DURATION_MONTHS: u32 = 36;
pub const MAX_COFUNDING_PERCENT: u32 = 90;

/// `criterion_name_1`, `criterion_weight_1`, `criterion_name_fr_1`, ...: the rubric's
/// numbered fields.
pub fn criterion_field(part: &str, row: usize) -> String {
    format!("criterion_{part}_{row}")
}

/// What a call may name: regions, the ACP states with their region, topics.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CallChoices {
    pub regions: Vec<String>,
    /// `(iso3, region)`.
    pub countries: Vec<(String, String)>,
    pub topics: Vec<String>,
}

/// The languages a criterion is translated into. Criteria are written in English, the
/// call's first language; French is required like the call's French text, Portuguese and
/// Spanish when the call is published in them.
pub const CRITERION_LANGUAGES: [&str; 3] = ["fr", "pt", "es"];

/// One criterion of the rubric.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Criterion {
    /// In English.
    pub name: String,
    pub weight: u32,
    pub guidance: Option<String>,
    pub translations: Vec<CriterionText>,
}

/// A criterion's name and guidance in one language.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CriterionText {
    /// The language code.
    pub locale: String,
    pub name: String,
    pub guidance: Option<String>,
}

impl Criterion {
    /// The name and guidance in the language `code` if translated, else in English.
    pub fn in_language(&self, code: &str) -> CriterionText {
        self.translations.iter().find(|t| t.locale == code).cloned().unwrap_or_else(|| CriterionText {
            locale: "en".to_owned(),
            name: self.name.clone(),
            guidance: self.guidance.clone(),
        })
    }
}

/// A rubric row as typed: name, weight and guidance in English, then name and guidance in
/// each of `CRITERION_LANGUAGES`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CriterionRow {
    pub name: Option<String>,
    pub weight: Option<String>,
    pub guidance: Option<String>,
    pub translated: [(Option<String>, Option<String>); CRITERION_LANGUAGES.len()],
}

impl CriterionRow {
    fn is_empty(&self) -> bool {
        self.name.is_none()
            && self.weight.is_none()
            && self.guidance.is_none()
            && self.translated.iter().all(|(name, guidance)| name.is_none() && guidance.is_none())
    }
}

fn region_count(values: &[String]) -> Result<(), ValidationError> {
    chosen_between_one_and(values, 6)
}

fn topic_count(values: &[String]) -> Result<(), ValidationError> {
    chosen_between_one_and(values, MAX_CALL_TOPICS)
}

/// The call form, as typed.
#[derive(Clone, Debug, Default, PartialEq, Validate, Serialize, Deserialize)]
pub struct CallForm {
    #[validate(required, custom(function = "line"))]
    pub title_en: Option<String>,
    #[validate(required, custom(function = "line"))]
    pub title_fr: Option<String>,
    #[validate(required, custom(function = "paragraph"))]
    pub summary_en: Option<String>,
    #[validate(required, custom(function = "paragraph"))]
    pub summary_fr: Option<String>,
    /// Portuguese and Spanish are optional: a call may be published before its translation,
    /// and readers then see it in English with a notice. A translation is title and summary.
    #[validate(custom(function = "line"))]
    pub title_pt: Option<String>,
    #[validate(custom(function = "paragraph"))]
    pub summary_pt: Option<String>,
    #[validate(custom(function = "line"))]
    pub title_es: Option<String>,
    #[validate(custom(function = "paragraph"))]
    pub summary_es: Option<String>,
    #[validate(required)]
    pub kind: Option<String>,
    #[validate(custom(function = "region_count"))]
    pub regions: Vec<String>,
    /// Empty: every state of the chosen regions.
    pub countries: Vec<String>,
    #[validate(custom(function = "topic_count"))]
    pub topics: Vec<String>,
    #[validate(required)]
    pub floor_eur: Option<String>,
    #[validate(required)]
    pub ceiling_eur: Option<String>,
    #[validate(required)]
    pub cofunding_percent: Option<String>,
    #[validate(required)]
    pub max_months: Option<String>,
    #[validate(required)]
    pub opens_at: Option<String>,
    #[validate(required)]
    pub closes_at: Option<String>,
    #[validate(required)]
    pub utc_offset: Option<String>,
    #[validate(skip)]
    pub criteria_rows: Vec<CriterionRow>,
}

/// The call form's fields: `$field`s, then each rubric row's (`criterion_field`).
macro_rules! call_fields {
    ([$($field:literal),*], [$($row:literal),*]) => {
        &[$($field,)* $(
            concat!("criterion_name_", $row),
            concat!("criterion_weight_", $row),
            concat!("criterion_guidance_", $row),
            concat!("criterion_name_fr_", $row),
            concat!("criterion_guidance_fr_", $row),
            concat!("criterion_name_pt_", $row),
            concat!("criterion_guidance_pt_", $row),
            concat!("criterion_name_es_", $row),
            concat!("criterion_guidance_es_", $row),
        )*]
    };
}

impl StepFields for CallForm {
    type Choices = CallChoices;
    const FIELDS: &'static [&'static str] = call_fields!(
        [
            "title_en",
            "title_fr",
            "summary_en",
            "summary_fr",
            "title_pt",
            "summary_pt",
            "title_es",
            "summary_es",
            "kind",
            "regions",
            "countries",
            "topics",
            "floor_eur",
            "ceiling_eur",
            "cofunding_percent",
            "max_months",
            "opens_at",
            "closes_at",
            "utc_offset",
            "criteria"
        ],
        [1, 2, 3, 4, 5, 6]
    );

    fn read(form: &RawForm) -> Self {
        CallForm {
            title_en: form.text("title_en"),
            title_fr: form.text("title_fr"),
            summary_en: form.text("summary_en"),
            summary_fr: form.text("summary_fr"),
            title_pt: form.text("title_pt"),
            summary_pt: form.text("summary_pt"),
            title_es: form.text("title_es"),
            summary_es: form.text("summary_es"),
            kind: form.text("kind"),
            regions: form.values("regions"),
            countries: form.values("countries"),
            topics: form.values("topics"),
            floor_eur: form.text("floor_eur"),
            ceiling_eur: form.text("ceiling_eur"),
            cofunding_percent: form.text("cofunding_percent"),
            max_months: form.text("max_months"),
            opens_at: form.text("opens_at"),
            closes_at: form.text("closes_at"),
            utc_offset: form.text("utc_offset"),
            criteria_rows: (1..=CRITERION_ROWS)
                .map(|row| {
                    let text = |part: &str| form.text(&criterion_field(part, row));
                    CriterionRow {
                        name: text("name"),
                        weight: text("weight"),
                        guidance: text("guidance"),
                        translated: CRITERION_LANGUAGES
                            .map(|code| (text(&format!("name_{code}")), text(&format!("guidance_{code}")))),
                    }
                })
                .collect(),
        }
    }

    fn check_choices(&self, choices: &CallChoices, errors: &mut Vec<FieldError>) {
        require_known(errors, "kind", &self.kind, &KINDS);
        require_choices(errors, "regions", &self.regions, &choices.regions, Problem::UnknownChoice);
        let in_chosen_regions =
            |iso3: &String| choices.countries.iter().any(|(c, region)| c == iso3 && self.regions.contains(region));
        if !self.countries.iter().all(in_chosen_regions) {
            errors.push(FieldError::new("countries", Problem::CountryOutsideRegions));
        }
        require_choices(errors, "topics", &self.topics, &choices.topics, Problem::TopicOutOfScope);

        let amount = |field: &str, value: &Option<String>, errors: &mut Vec<FieldError>| {
            let parsed = value.as_deref().map(parse_eur);
            match parsed {
                Some(Ok(0)) => errors.push(FieldError::new(field, Problem::Amount)),
                Some(Err(problem)) => errors.push(FieldError::new(field, problem)),
                _ => {}
            }
            parsed.and_then(Result::ok)
        };
        let floor = amount("floor_eur", &self.floor_eur, errors);
        let ceiling = amount("ceiling_eur", &self.ceiling_eur, errors);
        if let (Some(floor), Some(ceiling)) = (floor, ceiling) {
            if ceiling < floor {
                errors.push(FieldError::new("ceiling_eur", Problem::MinAboveMax));
            }
        }
        whole(errors, "cofunding_percent", &self.cofunding_percent, 0, MAX_COFUNDING_PERCENT);
        whole(errors, "max_months", &self.max_months, 1, MAX_DURATION_MONTHS);

        require_known(errors, "utc_offset", &self.utc_offset, &UTC_OFFSETS);
        let offset = self.utc_offset.as_deref().unwrap_or("+00:00");
        let instant = |field: &str, value: &Option<String>, errors: &mut Vec<FieldError>| {
            let parsed = value.as_deref().map(|v| local_instant(v, offset));
            if let Some(Err(problem)) = parsed {
                errors.push(FieldError::new(field, problem));
            }
            parsed.and_then(Result::ok)
        };
        let opens = instant("opens_at", &self.opens_at, errors);
        let closes = instant("closes_at", &self.closes_at, errors);
        if let (Some(opens), Some(closes)) = (opens, closes) {
            if closes <= opens {
                errors.push(FieldError::new("closes_at", Problem::EndBeforeStart));
            }
        }
        self.check_criteria(errors);
        check_whole(&self.typed_texts(), errors);
    }
}

/// A problem on `field` when `text` is longer than `max` characters.
fn check_length(errors: &mut Vec<FieldError>, field: &str, text: &str, max: u32) {
    if let Err(problem) = rules::at_most(text, max) {
        errors.push(FieldError::new(field, problem));
    }
}

fn whole(errors: &mut Vec<FieldError>, field: &str, value: &Option<String>, min: u32, max: u32) -> Option<u32> {
    match value.as_deref().map(|v| rules::whole_number(v, min, max)) {
        Some(Ok(n)) => Some(n),
        Some(Err(problem)) => {
            errors.push(FieldError::new(field, problem));
            None
        }
        None => None,
    }
}

impl CallForm {
    fn typed_texts(&self) -> [TypedText<'_>; 4] {
        [
            ("en", &self.title_en, &self.summary_en),
            ("fr", &self.title_fr, &self.summary_fr),
            ("pt", &self.title_pt, &self.summary_pt),
            ("es", &self.title_es, &self.summary_es),
        ]
    }

    /// The call's title and summary by language code, for the languages it is written in.
    pub fn texts(&self) -> Vec<(&'static str, &str, &str)> {
        written(&self.typed_texts())
    }

    /// Each row is all or nothing; at least one criterion; weights add up to 100. A row is
    /// translated into French and into each other language the call is written in, no more.
    fn check_criteria(&self, errors: &mut Vec<FieldError>) {
        let mut total = 0;
        let mut filled = 0;
        for (i, row) in self.criteria_rows.iter().enumerate().filter(|(_, row)| !row.is_empty()) {
            let field = |part: &str| criterion_field(part, i + 1);
            filled += 1;
            match &row.name {
                None => errors.push(FieldError::new(&field("name"), Problem::Required)),
                Some(text) => check_length(errors, &field("name"), text, LINE_MAX),
            }
            match &row.weight {
                None => errors.push(FieldError::new(&field("weight"), Problem::Required)),
                Some(text) => match rules::whole_number(text, 1, WEIGHT_TOTAL) {
                    Ok(weight) => total += weight,
                    Err(problem) => errors.push(FieldError::new(&field("weight"), problem)),
                },
            }
            if let Some(guidance) = &row.guidance {
                check_length(errors, &field("guidance"), guidance, NOTE_MAX);
            }
            for (code, (name, guidance)) in CRITERION_LANGUAGES.iter().zip(&row.translated) {
                let (name_field, guidance_field) = (field(&format!("name_{code}")), field(&format!("guidance_{code}")));
                if !self.written_in(code) {
                    // Criteria in a language the call has no text in: the call's text is missing.
                    let title = format!("title_{code}");
                    if (name.is_some() || guidance.is_some()) && !errors.iter().any(|e| e.field == title) {
                        errors.push(FieldError::new(&title, Problem::Required));
                    }
                    continue;
                }
                match name {
                    None => errors.push(FieldError::new(&name_field, Problem::Required)),
                    Some(text) => check_length(errors, &name_field, text, LINE_MAX),
                }
                match (&row.guidance, guidance) {
                    (Some(_), None) => errors.push(FieldError::new(&guidance_field, Problem::Required)),
                    (None, Some(_)) => errors.push(FieldError::new(&field("guidance"), Problem::Required)),
                    (_, Some(text)) => check_length(errors, &guidance_field, text, NOTE_MAX),
                    (None, None) => {}
                }
            }
        }
        let weights_readable = !errors.iter().any(|e| e.field.starts_with("criterion_weight_"));
        if filled == 0 {
            errors.push(FieldError::new("criteria", Problem::Required));
        } else if weights_readable && total != WEIGHT_TOTAL {
            errors.push(FieldError::new("criteria", Problem::WeightsTotal { total }));
        }
    }

    /// Whether the call has (or must have) a text in the language `code`.
    fn written_in(&self, code: &str) -> bool {
        self.typed_texts().iter().any(|(c, title, summary)| *c == code && (title.is_some() || summary.is_some()))
            || code == "fr"
    }

    /// The rubric of a checked form, with each criterion's translations.
    pub fn criteria(&self) -> Vec<Criterion> {
        self.criteria_rows
            .iter()
            .filter_map(|row| {
                let translations = CRITERION_LANGUAGES
                    .iter()
                    .zip(&row.translated)
                    .filter_map(|(code, (name, guidance))| {
                        Some(CriterionText {
                            locale: (*code).to_owned(),
                            name: name.clone()?,
                            guidance: guidance.clone(),
                        })
                    })
                    .collect();
                Some(Criterion {
                    name: row.name.clone()?,
                    weight: rules::whole_number(row.weight.as_deref()?, 1, WEIGHT_TOTAL).ok()?,
                    guidance: row.guidance.clone(),
                    translations,
                })
            })
            .collect()
    }

    /// The opening and closing instants of a checked form.
    pub fn window(&self) -> Option<(OffsetDateTime, OffsetDateTime)> {
        let offset = self.utc_offset.as_deref()?;
        Some((
            local_instant(self.opens_at.as_deref()?, offset).ok()?,
            local_instant(self.closes_at.as_deref()?, offset).ok()?,
        ))
    }
}

/// An offset as `+03:00`.
pub fn parse_offset(text: &str) -> Option<UtcOffset> {
    let (sign, rest) = match text.as_bytes().first()? {
        b'+' => (1, &text[1..]),
        b'-' => (-1, &text[1..]),
        _ => return None,
    };
    let (hours, minutes) = rest.split_once(':')?;
    if hours.len() != 2 || minutes.len() != 2 {
        return None;
    }
    let (hours, minutes): (i8, i8) = (hours.parse().ok()?, minutes.parse().ok()?);
    UtcOffset::from_hms(sign * hours, sign * minutes, 0).ok()
}

/// A wall-clock time as `<input type="datetime-local">` sends it (`2027-03-31T17:00`,
/// seconds optional), read in the given offset.
pub fn local_instant(text: &str, offset: &str) -> Result<OffsetDateTime, Problem> {
    let (day, clock) = text.trim().split_once(['T', ' ']).ok_or(Problem::DateTime)?;
    let date = rules::date(day).map_err(|_| Problem::DateTime)?;
    let mut parts = clock.split(':');
    let mut number = |max: u8| -> Result<Option<u8>, Problem> {
        match parts.next() {
            None => Ok(None),
            Some(p) if p.len() == 2 => p.parse::<u8>().ok().filter(|n| *n <= max).map(Some).ok_or(Problem::DateTime),
            Some(_) => Err(Problem::DateTime),
        }
    };
    let hour = number(23)?.ok_or(Problem::DateTime)?;
    let minute = number(59)?.ok_or(Problem::DateTime)?;
    let second = number(59)?.unwrap_or(0);
    if parts.next().is_some() {
        return Err(Problem::DateTime);
    }
    let time = Time::from_hms(hour, minute, second).map_err(|_| Problem::DateTime)?;
    let offset = parse_offset(offset).ok_or(Problem::UnknownChoice)?;
    Ok(PrimitiveDateTime::new(date, time).assume_offset(offset))
}

/// Where a call stands at a given instant.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum CallPhase {
    Upcoming,
    Open,
    Closed,
}

impl CallPhase {
    /// A call takes applications from its opening instant up to and including the second of
    /// its deadline; instants compare as points in time, whatever their offsets.
    pub fn at(now: OffsetDateTime, opens: OffsetDateTime, closes: OffsetDateTime) -> CallPhase {
        if now < opens {
            CallPhase::Upcoming
        } else if now <= closes {
            CallPhase::Open
        } else {
            CallPhase::Closed
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            CallPhase::Upcoming => "upcoming",
            CallPhase::Open => "open",
            CallPhase::Closed => "closed",
        }
    }
}

/// An instant as the database stores it: UTC, `2027-03-31T14:00:00Z` (sorts as text).
pub fn utc_text(at: OffsetDateTime) -> String {
    let at = at.to_offset(UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        at.year(),
        at.month() as u8,
        at.day(),
        at.hour(),
        at.minute(),
        at.second()
    )
}

/// Reads what `utc_text` wrote, or any RFC 3339 instant with an offset.
pub fn parse_instant(text: &str) -> Option<OffsetDateTime> {
    let (day, rest) = text.split_once('T')?;
    let date = rules::date(day).ok()?;
    let (clock, offset) = if let Some(clock) = rest.strip_suffix('Z') {
        (clock, UtcOffset::UTC)
    } else {
        let at = rest.rfind(['+', '-'])?;
        (&rest[..at], parse_offset(&rest[at..])?)
    };
    let clock = clock.split('.').next()?;
    let mut parts = clock.splitn(3, ':').map(|p| p.parse::<u8>().ok());
    let (hour, minute, second) = (parts.next()??, parts.next()??, parts.next().flatten().unwrap_or(0));
    let time = Time::from_hms(hour, minute, second).ok()?;
    Some(PrimitiveDateTime::new(date, time).assume_offset(offset))
}

/// A wall-clock time in `offset` as the call form shows it back: `2027-03-31T17:00`.
pub fn local_text(at: OffsetDateTime, offset: &str) -> String {
    let at = parse_offset(offset).map_or(at, |o| at.to_offset(o));
    format!("{:04}-{:02}-{:02}T{:02}:{:02}", at.year(), at.month() as u8, at.day(), at.hour(), at.minute())
}

/// A deadline for people to read, in the call's own offset: `31 March 2027, 17:00 (UTC+03:00)`.
pub fn deadline_text(at: OffsetDateTime, offset: &str, months: &[&str; 12]) -> String {
    let local = parse_offset(offset).map_or(at, |o| at.to_offset(o));
    let month = months[usize::from(local.month() as u8) - 1];
    format!("{} {month} {}, {:02}:{:02} (UTC{offset})", local.day(), local.year(), local.hour(), local.minute())
}

#[cfg(test)]
mod tests {
    use super::*;

    pub fn choices() -> CallChoices {
        let owned = |list: &[&str]| list.iter().map(|s| (*s).to_owned()).collect();
        CallChoices {
            regions: owned(&["west_africa", "caribbean"]),
            countries: [("SEN", "west_africa"), ("MLI", "west_africa"), ("JAM", "caribbean")]
                .iter()
                .map(|(c, r)| ((*c).to_owned(), (*r).to_owned()))
                .collect(),
            topics: owned(&["remittances", "diaspora"]),
        }
    }

    pub fn complete_call() -> RawForm {
        let long = "Small grants for associations that help migrants send money home safely and cheaply.";
        RawForm::from_pairs([
            ("title_en", "Safe remittances 2027"),
            ("title_fr", "Transferts sûrs 2027"),
            ("summary_en", long),
            ("summary_fr", long),
            ("kind", "regional"),
            ("regions", "west_africa"),
            ("topics", "remittances"),
            ("floor_eur", "20,000"),
            ("ceiling_eur", "80 000"),
            ("cofunding_percent", "10"),
            ("max_months", "18"),
            ("opens_at", "2027-01-15T09:00"),
            ("closes_at", "2027-03-31T17:00"),
            ("utc_offset", "+00:00"),
            ("criterion_name_1", "Relevance"),
            ("criterion_weight_1", "60"),
            ("criterion_name_2", "Value for money"),
            ("criterion_weight_2", "40"),
            ("criterion_guidance_2", "Costs are reasonable for what is delivered."),
            ("criterion_name_fr_1", "Pertinence"),
            ("criterion_name_fr_2", "Rapport coût-efficacité"),
            ("criterion_guidance_fr_2", "Les coûts sont raisonnables au regard des résultats."),
        ])
    }

    fn problems(form: &RawForm) -> Vec<(String, Problem)> {
        crate::steps::problems_of::<CallForm>(form, &choices()).into_iter().map(|e| (e.field, e.problem)).collect()
    }

    #[test]
    fn a_complete_call_passes_with_its_rubric_and_window() {
        let form = complete_call();
        assert_eq!(problems(&form), []);
        let call = CallForm::read(&form);
        assert_eq!(call.criteria().iter().map(|c| c.weight).sum::<u32>(), 100);
        let (opens, closes) = call.window().unwrap();
        assert_eq!(utc_text(opens), "2027-01-15T09:00:00Z");
        assert_eq!(utc_text(closes), "2027-03-31T17:00:00Z");
    }

    #[test]
    fn weights_must_add_up_to_one_hundred_and_rows_are_all_or_nothing() {
        let mut form = complete_call();
        form.set("criterion_weight_2", vec!["30".into()]);
        assert_eq!(problems(&form), [("criteria".into(), Problem::WeightsTotal { total: 90 })]);
        form.set("criterion_weight_2", vec!["40".into()]);
        form.set("criterion_guidance_3", vec!["Guidance without a criterion".into()]);
        assert_eq!(
            problems(&form),
            [
                ("criterion_name_3".into(), Problem::Required),
                ("criterion_weight_3".into(), Problem::Required),
                ("criterion_name_fr_3".into(), Problem::Required),
                ("criterion_guidance_fr_3".into(), Problem::Required),
            ]
        );
    }

    #[test]
    fn a_translation_is_optional_but_comes_whole() {
        let mut form = complete_call();
        form.set("title_pt", vec!["Remessas seguras 2027".into()]);
        form.set("summary_es", vec!["Pequeñas subvenciones para asociaciones de migrantes.".into()]);
        form.set("criterion_name_pt_1", vec!["Pertinência".into()]);
        form.set("criterion_name_pt_2", vec!["Relação custo-eficácia".into()]);
        form.set("criterion_guidance_pt_2", vec!["Os custos são razoáveis face aos resultados.".into()]);
        // Half a Spanish text still makes a Spanish call: its rubric is asked for too.
        assert_eq!(
            problems(&form),
            [
                ("summary_pt".into(), Problem::Required),
                ("title_es".into(), Problem::Required),
                ("criterion_name_es_1".into(), Problem::Required),
                ("criterion_name_es_2".into(), Problem::Required),
                ("criterion_guidance_es_2".into(), Problem::Required),
            ]
        );
        form.set("summary_pt", vec!["Pequenas subvenções para associações de migrantes.".into()]);
        form.set("summary_es", vec![]);
        assert_eq!(problems(&form), []);
        let languages: Vec<_> = CallForm::read(&form).texts().into_iter().map(|(code, ..)| code).collect();
        assert_eq!(languages, ["en", "fr", "pt"]);
    }

    #[test]
    fn criteria_are_translated_into_every_language_of_the_call_and_no_other() {
        let mut form = complete_call();
        form.set("criterion_guidance_fr_2", vec![]);
        form.set("criterion_guidance_fr_1", vec!["Répond-il à un besoin réel ?".into()]);
        form.set("criterion_name_es_1", vec!["Pertinencia".into()]);
        assert_eq!(
            problems(&form),
            [
                ("title_es".into(), Problem::Required),
                ("criterion_guidance_1".into(), Problem::Required),
                ("criterion_guidance_fr_2".into(), Problem::Required),
            ]
        );

        let mut form = complete_call();
        form.set("title_pt", vec!["Remessas seguras 2027".into()]);
        form.set("summary_pt", vec!["Pequenas subvenções para associações de migrantes.".into()]);
        form.set("criterion_name_pt_1", vec!["Pertinência".into()]);
        assert_eq!(
            problems(&form),
            [("criterion_name_pt_2".into(), Problem::Required), ("criterion_guidance_pt_2".into(), Problem::Required)]
        );
        form.set("criterion_name_pt_2", vec!["Relação custo-eficácia".into()]);
        form.set("criterion_guidance_pt_2", vec!["Os custos são razoáveis face aos resultados.".into()]);
        assert_eq!(problems(&form), []);

        let criteria = CallForm::read(&form).criteria();
        let value = &criteria[1];
        assert_eq!(value.in_language("pt").name, "Relação custo-eficácia");
        assert_eq!(
            value.in_language("fr").guidance.as_deref(),
            Some("Les coûts sont raisonnables au regard des résultats.")
        );
        let english = value.in_language("es");
        assert_eq!((english.locale.as_str(), english.name.as_str()), ("en", "Value for money"));
    }

    #[test]
    fn money_window_and_countries_are_checked() {
        let mut form = complete_call();
        form.set("ceiling_eur", vec!["10 000".into()]);
        form.set("closes_at", vec!["2027-01-01T09:00".into()]);
        form.set("countries", vec!["JAM".into()]);
        form.set("max_months", vec!["40".into()]);
        assert_eq!(
            problems(&form),
            [
                ("countries".into(), Problem::CountryOutsideRegions),
                ("ceiling_eur".into(), Problem::MinAboveMax),
                ("max_months".into(), Problem::WholeNumber { min: 1, max: MAX_DURATION_MONTHS }),
                ("closes_at".into(), Problem::EndBeforeStart),
            ]
        );
    }

    #[test]
    fn wall_clock_times_are_read_in_their_offset() {
        let nairobi = local_instant("2027-03-31T17:00", "+03:00").unwrap();
        let dakar = local_instant("2027-03-31T14:00", "+00:00").unwrap();
        let kingston = local_instant("2027-03-31T09:00:00", "-05:00").unwrap();
        assert_eq!(nairobi, dakar);
        assert_eq!(dakar, kingston);
        assert_eq!(utc_text(nairobi), "2027-03-31T14:00:00Z");
        assert_eq!(local_text(nairobi, "+03:00"), "2027-03-31T17:00");
        for bad in ["2027-03-31", "2027-02-30T10:00", "2027-03-31T24:00", "31/03/2027 17:00", "2027-03-31T7:00"] {
            assert_eq!(local_instant(bad, "+00:00"), Err(Problem::DateTime), "{bad}");
        }
    }

    #[test]
    fn the_deadline_compares_instants_across_time_zones() {
        // The deadline is 17:00 in Nairobi (14:00 UTC).
        let opens = local_instant("2027-01-01T00:00", "+03:00").unwrap();
        let closes = local_instant("2027-03-31T17:00", "+03:00").unwrap();
        let at = |text: &str| parse_instant(text).unwrap();
        assert_eq!(CallPhase::at(at("2027-03-31T13:59:59Z"), opens, closes), CallPhase::Open);
        assert_eq!(
            CallPhase::at(at("2027-03-31T14:00:00Z"), opens, closes),
            CallPhase::Open,
            "the deadline's own second"
        );
        assert_eq!(CallPhase::at(at("2027-03-31T14:00:01Z"), opens, closes), CallPhase::Closed, "one second late");
        // 09:30 in Kingston is 14:30 UTC: late, though the local clock reads earlier than 17:00.
        assert_eq!(CallPhase::at(at("2027-03-31T09:30:00-05:00"), opens, closes), CallPhase::Closed);
        // 16:30 in Apia (UTC+13) on 1 April is 03:30 UTC on 1 April: late too.
        assert_eq!(CallPhase::at(at("2027-04-01T03:30:00+13:00"), opens, closes), CallPhase::Closed);
        assert_eq!(CallPhase::at(at("2026-12-31T20:59:59Z"), opens, closes), CallPhase::Upcoming);
        assert_eq!(CallPhase::at(at("2026-12-31T21:00:00Z"), opens, closes), CallPhase::Open);
    }

    #[test]
    fn deadlines_read_in_the_calls_own_offset() {
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
        let closes = parse_instant("2027-03-31T14:00:00Z").unwrap();
        assert_eq!(deadline_text(closes, "+03:00", &months), "31 Mar 2027, 17:00 (UTC+03:00)");
        assert_eq!(parse_offset("-05:00"), UtcOffset::from_hms(-5, 0, 0).ok());
        assert_eq!(parse_offset("05:00"), None);
    }
}
