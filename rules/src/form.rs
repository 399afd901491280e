//! What every public form shares: the raw input exactly as typed, field errors a reader can
//! act on, and the field rules. The browser (instant checks) and the server (the checks that
//! count) run this same code.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};
use validator::{ValidationError, ValidationErrors};

/// The fields of a form as the reader typed them, so a form with errors comes back exactly
/// as it was sent. A checkbox group gives several values under one name. A list rather than
/// a map: forms have a few dozen fields, and a map's code would weigh on the browser build.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RawForm(Vec<(String, Vec<String>)>);

/// `text` without control characters other than tab and line ends: nobody types them, a NUL
/// cannot be stored by PostgreSQL, and the rest only hide or garble text.
pub fn without_control_characters(text: &str) -> Cow<'_, str> {
    let unwanted = |c: char| c.is_control() && !matches!(c, '\t' | '\n' | '\r');
    if text.contains(unwanted) {
        Cow::Owned(text.chars().filter(|c| !unwanted(*c)).collect())
    } else {
        Cow::Borrowed(text)
    }
}

impl RawForm {
    /// The form of these fields and values, control characters removed
    /// (`without_control_characters`).
    pub fn from_pairs<K: Into<String>, V: Into<String>>(pairs: impl IntoIterator<Item = (K, V)>) -> RawForm {
        let mut form = RawForm::default();
        for (name, value) in pairs {
            let name = name.into();
            let value: String = value.into();
            let value = match without_control_characters(&value) {
                Cow::Borrowed(_) => value,
                Cow::Owned(clean) => clean,
            };
            match form.0.iter_mut().find(|(n, _)| *n == name) {
                Some((_, values)) => values.push(value),
                None => form.0.push((name, vec![value])),
            }
        }
        form
    }

    fn get(&self, name: &str) -> Option<&Vec<String>> {
        self.0.iter().find(|(n, _)| n == name).map(|(_, values)| values)
    }

    /// Parses an `application/x-www-form-urlencoded` body; invalid UTF-8 is replaced, not
    /// refused, so the reader sees what arrived next to the field.
    pub fn from_urlencoded(body: &[u8]) -> RawForm {
        RawForm::from_pairs(form_urlencoded::parse(body).map(|(k, v)| (k.into_owned(), v.into_owned())))
    }

    /// Every field with its values, in the order they arrived.
    pub fn pairs(&self) -> impl Iterator<Item = (&str, &[String])> {
        self.0.iter().map(|(name, values)| (name.as_str(), values.as_slice()))
    }

    /// The first value as sent (for putting back into an input).
    pub fn raw(&self, name: &str) -> &str {
        self.get(name).and_then(|v| v.first()).map_or("", String::as_str)
    }

    /// The first value, trimmed, with Windows line ends made plain; `None` when blank.
    pub fn text(&self, name: &str) -> Option<String> {
        let value = self.raw(name).trim();
        (!value.is_empty()).then(|| value.replace("\r\n", "\n"))
    }

    /// Every non-blank value of a repeated field, trimmed, without duplicates.
    pub fn values(&self, name: &str) -> Vec<String> {
        let mut values: Vec<String> = Vec::new();
        for value in self.get(name).into_iter().flatten() {
            let value = value.trim();
            if !value.is_empty() && !values.iter().any(|v| v == value) {
                values.push(value.to_owned());
            }
        }
        values
    }

    /// Whether `value` is among the values of `name` (a ticked checkbox, a chosen option).
    pub fn has(&self, name: &str, value: &str) -> bool {
        self.get(name).is_some_and(|values| values.iter().any(|v| v.trim() == value))
    }

    pub fn set(&mut self, name: &str, values: Vec<String>) {
        self.0.retain(|(n, _)| n != name);
        self.0.push((name.to_owned(), values));
    }

    /// Keeps only the named fields: a hostile post cannot store anything else.
    pub fn only(&self, names: &[&str]) -> RawForm {
        RawForm(
            self.0.iter().filter(|(k, _)| names.contains(&k.as_str())).map(|(k, v)| (k.clone(), v.clone())).collect(),
        )
    }

    /// Replaces the named fields with those of `other` (absent there means cleared here,
    /// which is how an unticked checkbox group arrives).
    pub fn replace_fields(&mut self, names: &[&str], other: &RawForm) {
        for name in names {
            self.0.retain(|(n, _)| n != name);
            if let Some(values) = other.get(name) {
                self.0.push(((*name).to_owned(), values.clone()));
            }
        }
    }
}

/// What is wrong with a field, in terms a message can be written for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Problem {
    Required,
    TooLong {
        max: u32,
    },
    TooShort {
        min: u32,
    },
    TooMany {
        max: u32,
    },
    Email,
    Phone,
    Month,
    EndBeforeStart,
    NotAcpCountry,
    NotListedOrganisation,
    TopicOutOfScope,
    UnknownChoice,
    /// An upload that is not a PDF document, whatever its name says.
    NotPdf {
        document: Document,
    },
    /// A file of no bytes at all: chosen by mistake, or cut off on its way.
    EmptyFile {
        document: Document,
    },
    /// An upload the virus scanner found something harmful in.
    Malware,
    FileTooLarge {
        max_mb: u32,
    },
    /// A period of an assignment holds more working days than it has weekdays.
    MoreDaysThanWeekdays {
        max: u32,
    },
    PeriodsOverlap,
    /// An assignment's periods together exceed the programme's cap.
    OverWorkingDayCap {
        max: u32,
    },
    /// Not a whole number between the bounds.
    WholeNumber {
        min: u32,
        max: u32,
    },
    /// Not a calendar day as `YYYY-MM-DD`.
    Date,
    /// A day after today where only a past or present one makes sense (a measurement).
    DateInFuture,
    /// A total below the sum of its `parts` (women and men among everyone taking part).
    BelowParts {
        parts: u32,
    },
    /// Neither or both of a value and the reason there is none.
    ValueOrReason,
    /// No level given in any of the programme's working languages.
    NoWorkingLanguage,
    /// The roster keeps a profile only with its owner's consent.
    ConsentNeeded,
    /// Not an amount of money (see `grant::money::parse_eur`).
    Amount,
    /// A lower bound above its upper bound (a grant floor above the ceiling).
    MinAboveMax,
    /// Not a date and time as `YYYY-MM-DDTHH:MM`.
    DateTime,
    /// A country outside the regions chosen for a call.
    CountryOutsideRegions,
    /// The rubric's weights add up to `total`, not 100.
    WeightsTotal {
        total: u32,
    },
    /// A country the call does not cover.
    NotEligibleCountry,
    /// A national call's project works in exactly one country.
    NationalOneCountry,
    /// A government named twice among a request's requesting governments.
    RequesterTwice,
    /// A regional call's project covers at least two countries.
    RegionalTwoCountries,
    /// A regional call's countries all belong to one ACP region.
    OneRegionOnly,
    NoBudgetLines,
    CofundingAboveTotal,
    /// The co-funding is below the call's share (`percent` of the total).
    CofundingTooLow {
        percent: u32,
    },
    /// The sum asked for is outside the call's range (whole euros).
    RequestedOutOfRange {
        min: u32,
        max: u32,
    },
    /// A consultation's deadline too soon (fewer working days away than the least) or too
    /// far (more calendar days than the most).
    DeadlineWindow {
        min_working_days: u32,
        max_days: u32,
    },
}

/// The document an upload field asks for, so that a refusal names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Document {
    /// A TA request's official letter.
    Letter,
    /// An expert's CV.
    Cv,
    /// A grant applicant's registration certificate.
    Certificate,
    /// A document of a TA's stage work: a baseline report, an intervention's output.
    StageDocument,
}

impl Document {
    fn code(self) -> &'static str {
        match self {
            Document::Letter => "letter",
            Document::Cv => "cv",
            Document::Certificate => "certificate",
            Document::StageDocument => "stage_document",
        }
    }

    fn from_code(code: &str) -> Document {
        match code {
            "cv" => Document::Cv,
            "certificate" => Document::Certificate,
            "stage_document" => Document::StageDocument,
            _ => Document::Letter,
        }
    }
}

/// An upload field of a form: its name, the document it asks for and the largest file taken.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FileField {
    pub name: &'static str,
    pub document: Document,
    pub max_mb: u32,
}

/// A problem attached to the field it concerns (the field's `name` in the form).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub problem: Problem,
}

impl FieldError {
    pub fn new(field: &str, problem: Problem) -> FieldError {
        FieldError { field: field.to_owned(), problem }
    }
}

/// The problem codes rules give `validator`, and back.
impl Problem {
    fn code(self) -> Cow<'static, str> {
        Cow::Owned(match self {
            Problem::Required => "required".into(),
            Problem::TooLong { max } => format!("too_long:{max}"),
            Problem::TooShort { min } => format!("too_short:{min}"),
            Problem::TooMany { max } => format!("too_many:{max}"),
            Problem::Email => "email".into(),
            Problem::Phone => "phone".into(),
            Problem::Month => "month".into(),
            Problem::EndBeforeStart => "end_before_start".into(),
            Problem::NotAcpCountry => "not_acp_country".into(),
            Problem::NotListedOrganisation => "not_listed_organisation".into(),
            Problem::TopicOutOfScope => "topic_out_of_scope".into(),
            Problem::UnknownChoice => "unknown_choice".into(),
            Problem::NotPdf { document } => format!("not_pdf:{}", document.code()),
            Problem::EmptyFile { document } => format!("empty_file:{}", document.code()),
            Problem::Malware => "malware".into(),
            Problem::FileTooLarge { max_mb } => format!("file_too_large:{max_mb}"),
            Problem::MoreDaysThanWeekdays { max } => format!("more_days_than_weekdays:{max}"),
            Problem::PeriodsOverlap => "periods_overlap".into(),
            Problem::OverWorkingDayCap { max } => format!("over_working_day_cap:{max}"),
            Problem::WholeNumber { min, max } => format!("whole_number:{min}-{max}"),
            Problem::Date => "date".into(),
            Problem::DateInFuture => "date_in_future".into(),
            Problem::BelowParts { parts } => format!("below_parts:{parts}"),
            Problem::ValueOrReason => "value_or_reason".into(),
            Problem::NoWorkingLanguage => "no_working_language".into(),
            Problem::ConsentNeeded => "consent_needed".into(),
            Problem::Amount => "amount".into(),
            Problem::MinAboveMax => "min_above_max".into(),
            Problem::DateTime => "date_time".into(),
            Problem::CountryOutsideRegions => "country_outside_regions".into(),
            Problem::WeightsTotal { total } => format!("weights_total:{total}"),
            Problem::NotEligibleCountry => "not_eligible_country".into(),
            Problem::NationalOneCountry => "national_one_country".into(),
            Problem::RequesterTwice => "requester_twice".into(),
            Problem::RegionalTwoCountries => "regional_two_countries".into(),
            Problem::OneRegionOnly => "one_region_only".into(),
            Problem::NoBudgetLines => "no_budget_lines".into(),
            Problem::CofundingAboveTotal => "cofunding_above_total".into(),
            Problem::CofundingTooLow { percent } => format!("cofunding_too_low:{percent}"),
            Problem::RequestedOutOfRange { min, max } => format!("requested_out_of_range:{min}-{max}"),
            Problem::DeadlineWindow { min_working_days, max_days } => {
                format!("deadline_window:{min_working_days}-{max_days}")
            }
        })
    }

    fn from_code(code: &str) -> Problem {
        let (name, argument) = code.split_once(':').unwrap_or((code, ""));
        let (low, high) = argument.split_once('-').unwrap_or(("0", argument));
        let (low, high) = (low.parse().unwrap_or(0), high.parse().unwrap_or(0));
        let number = argument.parse().unwrap_or(0);
        match name {
            "too_long" => Problem::TooLong { max: number },
            "too_short" => Problem::TooShort { min: number },
            "too_many" => Problem::TooMany { max: number },
            "email" => Problem::Email,
            "phone" => Problem::Phone,
            "month" => Problem::Month,
            "end_before_start" => Problem::EndBeforeStart,
            "not_acp_country" => Problem::NotAcpCountry,
            "not_listed_organisation" => Problem::NotListedOrganisation,
            "topic_out_of_scope" => Problem::TopicOutOfScope,
            "unknown_choice" => Problem::UnknownChoice,
            "not_pdf" => Problem::NotPdf { document: Document::from_code(argument) },
            "empty_file" => Problem::EmptyFile { document: Document::from_code(argument) },
            "malware" => Problem::Malware,
            "file_too_large" => Problem::FileTooLarge { max_mb: number },
            "more_days_than_weekdays" => Problem::MoreDaysThanWeekdays { max: number },
            "periods_overlap" => Problem::PeriodsOverlap,
            "over_working_day_cap" => Problem::OverWorkingDayCap { max: number },
            "whole_number" => Problem::WholeNumber { min: low, max: high },
            "date" => Problem::Date,
            "date_in_future" => Problem::DateInFuture,
            "below_parts" => Problem::BelowParts { parts: number },
            "value_or_reason" => Problem::ValueOrReason,
            "no_working_language" => Problem::NoWorkingLanguage,
            "consent_needed" => Problem::ConsentNeeded,
            "amount" => Problem::Amount,
            "min_above_max" => Problem::MinAboveMax,
            "date_time" => Problem::DateTime,
            "country_outside_regions" => Problem::CountryOutsideRegions,
            "weights_total" => Problem::WeightsTotal { total: number },
            "not_eligible_country" => Problem::NotEligibleCountry,
            "national_one_country" => Problem::NationalOneCountry,
            "requester_twice" => Problem::RequesterTwice,
            "regional_two_countries" => Problem::RegionalTwoCountries,
            "one_region_only" => Problem::OneRegionOnly,
            "no_budget_lines" => Problem::NoBudgetLines,
            "cofunding_above_total" => Problem::CofundingAboveTotal,
            "cofunding_too_low" => Problem::CofundingTooLow { percent: number },
            "requested_out_of_range" => Problem::RequestedOutOfRange { min: low, max: high },
            "deadline_window" => Problem::DeadlineWindow { min_working_days: low, max_days: high },
            _ => Problem::Required,
        }
    }
}

impl From<Problem> for ValidationError {
    fn from(problem: Problem) -> ValidationError {
        let mut error = ValidationError::new("field");
        error.code = problem.code();
        error
    }
}

/// Flattens what `validator` found into field errors, in the order of `field_order`.
pub fn field_errors(errors: ValidationErrors, field_order: &[&str]) -> Vec<FieldError> {
    let by_field = errors.field_errors();
    let mut out = Vec::new();
    for field in field_order {
        if let Some(list) = by_field.get(*field) {
            out.extend(list.iter().map(|e| FieldError::new(field, Problem::from_code(&e.code))));
        }
    }
    out
}

/// `errors` in the order their fields appear in the form.
pub fn in_form_order(errors: Vec<FieldError>, field_order: &[&str]) -> Vec<FieldError> {
    field_order.iter().flat_map(|field| errors.iter().filter(move |e| e.field == *field).cloned()).collect()
}

/// Rules for single fields, used by `#[validate(custom(...))]` attributes.
pub mod rules {
    use super::Problem;

    pub fn at_most(text: &str, max: u32) -> Result<(), Problem> {
        if text.chars().count() > max as usize {
            Err(Problem::TooLong { max })
        } else {
            Ok(())
        }
    }

    pub fn between(text: &str, min: u32, max: u32) -> Result<(), Problem> {
        at_most(text, max)?;
        if text.chars().count() < min as usize {
            Err(Problem::TooShort { min })
        } else {
            Ok(())
        }
    }

    /// An address a mail server will take: one `@`, a sensible local part and a domain of
    /// dotted labels. Deliberately simpler than RFC 5322 (quoted local parts are refused) and
    /// without a regex, which would weigh more in the browser than the whole form.
    pub fn email(address: &str) -> Result<(), Problem> {
        let Some((local, domain)) = address.rsplit_once('@') else { return Err(Problem::Email) };
        let local_ok = !local.is_empty()
            && local.len() <= 64
            && !local.starts_with('.')
            && !local.ends_with('.')
            && !local.contains("..")
            && local.chars().all(|c| c.is_alphanumeric() || "!#$%&'*+/=?^_`{|}~.-".contains(c));
        let labels: Vec<&str> = domain.split('.').collect();
        let domain_ok = labels.len() >= 2
            && domain.len() <= 253
            && labels.iter().all(|label| {
                !label.is_empty()
                    && label.len() <= 63
                    && !label.starts_with('-')
                    && !label.ends_with('-')
                    && label.chars().all(|c| c.is_alphanumeric() || c == '-')
            });
        if local_ok && domain_ok && address.len() <= 254 {
            Ok(())
        } else {
            Err(Problem::Email)
        }
    }

    /// A telephone number as people write it: an optional leading `+`, digits, spaces,
    /// dots, dashes and brackets, with 6 to 15 digits (the ITU E.164 maximum).
    pub fn phone(number: &str) -> Result<(), Problem> {
        let rest = number.strip_prefix('+').unwrap_or(number);
        let digits = rest.chars().filter(char::is_ascii_digit).count();
        let allowed = rest.chars().all(|c| c.is_ascii_digit() || " .-()".contains(c));
        if allowed && (6..=15).contains(&digits) {
            Ok(())
        } else {
            Err(Problem::Phone)
        }
    }

    /// Whether `bytes` are a PDF document: the `%PDF-` header at the start and an end-of-file
    /// marker near the end, as every PDF writer puts them. The file name is not looked at.
    pub fn is_pdf(start: &[u8], end: &[u8]) -> bool {
        start.starts_with(b"%PDF-") && end.windows(5).any(|w| w == b"%%EOF")
    }

    /// A whole number from `min` to `max`, as typed in a number field.
    pub fn whole_number(text: &str, min: u32, max: u32) -> Result<u32, Problem> {
        text.trim().parse::<u32>().ok().filter(|n| (min..=max).contains(n)).ok_or(Problem::WholeNumber { min, max })
    }

    /// A calendar day as `<input type="date">` sends it: `YYYY-MM-DD`, years 1900 to 2100.
    pub fn date(value: &str) -> Result<time::Date, Problem> {
        let mut parts = value.splitn(3, '-');
        let (year, month, day) = (parts.next(), parts.next(), parts.next());
        let number =
            |part: Option<&str>, len: usize| part.filter(|p| p.len() == len).and_then(|p| p.parse::<u16>().ok());
        let (Some(year), Some(month), Some(day)) = (number(year, 4), number(month, 2), number(day, 2)) else {
            return Err(Problem::Date);
        };
        let month = time::Month::try_from(month as u8).map_err(|_| Problem::Date)?;
        time::Date::from_calendar_date(year as i32, month, day as u8)
            .ok()
            .filter(|_| (1900..=2100).contains(&year))
            .ok_or(Problem::Date)
    }

    /// A month as `<input type="month">` sends it: `YYYY-MM`, years 2000 to 2100.
    pub fn month(value: &str) -> Result<(u32, u32), Problem> {
        let (year, month) = value.split_once('-').ok_or(Problem::Month)?;
        let year: u32 = year.parse().map_err(|_| Problem::Month)?;
        let month: u32 = month.parse().map_err(|_| Problem::Month)?;
        if value.len() == 7 && (2000..=2100).contains(&year) && (1..=12).contains(&month) {
            Ok((year, month))
        } else {
            Err(Problem::Month)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::rules::*;
    use super::*;

    #[test]
    fn raw_form_keeps_repeated_values_and_trims_on_reading() {
        let form = RawForm::from_urlencoded(b"topics=visas&topics=asylum&topics=visas&name=+Awa+&empty=++");
        assert_eq!(form.values("topics"), ["visas", "asylum"]);
        assert_eq!(form.text("name").as_deref(), Some("Awa"));
        assert_eq!(form.raw("name"), " Awa ");
        assert_eq!(form.text("empty"), None);
        assert!(form.has("topics", "asylum"));
    }

    #[test]
    fn control_characters_never_reach_a_form_but_tabs_and_line_ends_do() {
        let form = RawForm::from_urlencoded(b"name=Mini%00stry%1B%C2%85+of+Labour&notes=one%0D%0Atwo%09three");
        assert_eq!(form.raw("name"), "Ministry of Labour");
        assert_eq!(form.raw("notes"), "one\r\ntwo\tthree");
    }

    #[test]
    fn replacing_a_step_clears_an_unticked_group() {
        let mut saved = RawForm::from_pairs([("topics", "visas"), ("other", "kept")]);
        saved.replace_fields(&["topics"], &RawForm::default());
        assert!(saved.values("topics").is_empty());
        assert_eq!(saved.raw("other"), "kept");
    }

    #[test]
    fn only_keeps_the_named_fields() {
        let form = RawForm::from_pairs([("a", "1"), ("evil", "2")]);
        assert_eq!(form.only(&["a"]), RawForm::from_pairs([("a", "1")]));
    }

    #[test]
    fn email_addresses_people_use_pass_and_broken_ones_fail() {
        for ok in ["awa.diop@interieur.gouv.sn", "k+ta@mofa.go.ke", "ana@ministério.gov.ao"] {
            assert_eq!(email(ok), Ok(()), "{ok}");
        }
        for bad in ["", "no-at-sign", "@x.org", "a@b", "a..b@x.org", "a@-x.org", "a b@x.org", "a@x..org"] {
            assert_eq!(email(bad), Err(Problem::Email), "{bad}");
        }
    }

    #[test]
    fn phone_numbers_allow_usual_punctuation() {
        assert_eq!(phone("+221 33 889 12 34"), Ok(()));
        assert_eq!(phone("(254) 20-222-2222"), Ok(()));
        assert_eq!(phone("12345"), Err(Problem::Phone));
        assert_eq!(phone("+1 800 CALL NOW"), Err(Problem::Phone));
    }

    #[test]
    fn months_are_checked_for_shape_and_range() {
        assert_eq!(month("2027-03"), Ok((2027, 3)));
        for bad in ["2027-13", "1999-01", "2027-3", "March 2027", ""] {
            assert_eq!(month(bad), Err(Problem::Month), "{bad}");
        }
    }

    #[test]
    fn a_pdf_is_known_by_its_content() {
        assert!(is_pdf(b"%PDF-1.7\n1 0 obj", b"startxref\n123\n%%EOF\n"));
        assert!(!is_pdf(b"\x89PNG\r\n", b"IEND"), "a PNG named letter.pdf");
        assert!(!is_pdf(b"%PDF-1.7\n", b"truncated"), "cut off before its end");
    }

    #[test]
    fn lengths_count_characters_not_bytes() {
        assert_eq!(at_most("Éé", 2), Ok(()));
        assert_eq!(at_most("abc", 2), Err(Problem::TooLong { max: 2 }));
        assert_eq!(between("ab", 3, 9), Err(Problem::TooShort { min: 3 }));
    }

    #[test]
    fn problems_survive_the_trip_through_validator_codes() {
        for problem in [
            Problem::TooLong { max: 200 },
            Problem::TooMany { max: 5 },
            Problem::NotAcpCountry,
            Problem::Required,
            Problem::WeightsTotal { total: 90 },
            Problem::RequestedOutOfRange { min: 20_000, max: 80_000 },
            Problem::DeadlineWindow { min_working_days: 3, max_days: 60 },
            Problem::CofundingTooLow { percent: 10 },
            Problem::NotPdf { document: Document::Cv },
            Problem::EmptyFile { document: Document::Certificate },
        ] {
            assert_eq!(Problem::from_code(&problem.code()), problem);
        }
    }
}
