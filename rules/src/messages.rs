//! What is wrong with an answer, in each interface language. Kept apart from the interface
//! strings so the browser's instant checks carry these sentences and no others.

use crate::form::Problem;

/// What is wrong with an answer, for every form.
pub struct ProblemMessages {
    pub required: &'static str,
    /// "{}": the limit
    pub too_long: &'static str,
    pub too_short: &'static str,
    pub too_many: &'static str,
    pub email: &'static str,
    pub phone: &'static str,
    pub month: &'static str,
    pub end_before_start: &'static str,
    pub not_acp_country: &'static str,
    pub not_listed_organisation: &'static str,
    pub topic_out_of_scope: &'static str,
    pub unknown_choice: &'static str,
    pub not_pdf: &'static str,
    pub malware: &'static str,
    /// `{}`: the limit in megabytes
    pub file_too_large: &'static str,
    /// `{}`: the weekdays in the period
    pub more_days_than_weekdays: &'static str,
    pub periods_overlap: &'static str,
    /// `{}`: the cap
    pub over_working_day_cap: &'static str,
    /// `{}`, `{}`: the bounds
    pub whole_number: &'static str,
    pub date: &'static str,
    pub no_working_language: &'static str,
    pub consent_needed: &'static str,
    pub amount: &'static str,
    pub min_above_max: &'static str,
    pub date_time: &'static str,
    pub country_outside_regions: &'static str,
    /// `{}`: the present total
    pub weights_total: &'static str,
    pub not_eligible_country: &'static str,
    pub national_one_country: &'static str,
    pub regional_two_countries: &'static str,
    pub one_region_only: &'static str,
    pub no_budget_lines: &'static str,
    pub cofunding_above_total: &'static str,
    /// `{}`: the share in percent
    pub cofunding_too_low: &'static str,
    /// `{}`, `{}`: the bounds in euros
    pub requested_out_of_range: &'static str,
}

const ENGLISH: ProblemMessages = ProblemMessages {
    required: "This answer is required.",
    too_long: "This is too long: at most {} characters.",
    too_short: "Please write a little more: at least {} characters.",
    too_many: "Choose at most {}.",
    email: "Enter an e-mail address such as name@ministry.gov.",
    phone: "Enter a telephone number with 6 to 15 digits; only +, spaces, dots, dashes and brackets may be added.",
    month: "Enter a month as YYYY-MM, between 2000 and 2100.",
    end_before_start: "The end must not be before the start.",
    not_acp_country: "Only ACP member states can request assistance; this country is not one of them.",
    not_listed_organisation: "Only the listed regional organisations can request assistance.",
    topic_out_of_scope: "The programme covers only the migration topics listed here.",
    unknown_choice: "Choose one of the options offered.",
    not_pdf: "Attach the letter as a PDF document; this file is not one.",
    malware: "This file was not kept: the virus scan found something harmful in it. Check your computer, then attach a clean copy.",
    file_too_large: "This file is too large: at most {} MB.",
    more_days_than_weekdays: "This period has only {} weekdays.",
    periods_overlap: "This period overlaps an earlier one.",
    over_working_day_cap: "An assignment may take at most {} working days across all its periods.",
    whole_number: "Enter a whole number from {} to {}.",
    date: "Enter a real date as YYYY-MM-DD, for example 2027-03-15.",
    no_working_language: "Give your level in at least one of English, French, Portuguese or Spanish.",
    consent_needed: "We can keep your profile on the roster only with your consent: tick the box to give it.",
    amount: "Enter an amount in euros, such as 12500 or 12,500.50.",
    min_above_max: "The largest grant must not be smaller than the smallest.",
    date_time: "Enter a date and time as YYYY-MM-DD HH:MM, for example 2027-03-31 17:00.",
    country_outside_regions: "Choose only countries of the regions ticked above.",
    weights_total: "The criteria's weights must add up to 100; they now add up to {}.",
    not_eligible_country: "This call does not cover one of the countries chosen.",
    national_one_country: "A national project works in one country: choose exactly one.",
    regional_two_countries: "A regional project covers at least two countries: choose another one.",
    one_region_only: "A regional project stays within one ACP region: choose countries of the same region.",
    no_budget_lines: "Add at least one budget line with its category, description and amount.",
    cofunding_above_total: "The co-funding cannot be more than the project's total cost.",
    cofunding_too_low: "This call asks for co-funding of at least {} % of the total cost.",
    requested_out_of_range: "The sum asked of the programme (total less co-funding) must be from EUR {} to EUR {}.",
};

const FRENCH: ProblemMessages = ProblemMessages {
    required: "Cette réponse est obligatoire.",
    too_long: "C'est trop long : {} caractères au plus.",
    too_short: "Veuillez en écrire un peu plus : au moins {} caractères.",
    too_many: "Choisissez-en {} au plus.",
    email: "Saisissez une adresse électronique comme nom@ministere.gouv.",
    phone:
        "Saisissez un numéro de 6 à 15 chiffres ; seuls +, espaces, points, tirets et parenthèses peuvent s'y ajouter.",
    month: "Saisissez un mois au format AAAA-MM, entre 2000 et 2100.",
    end_before_start: "La fin ne doit pas précéder le début.",
    not_acp_country: "Seuls les États membres ACP peuvent demander une assistance ; ce pays n'en fait pas partie.",
    not_listed_organisation: "Seules les organisations régionales de la liste peuvent demander une assistance.",
    topic_out_of_scope: "Le programme ne couvre que les thèmes migratoires de cette liste.",
    unknown_choice: "Choisissez l'une des options proposées.",
    not_pdf: "Joignez la lettre sous forme de document PDF ; ce fichier n'en est pas un.",
    malware: "Ce fichier n'a pas été conservé : l'analyse antivirus y a trouvé un élément dangereux. Vérifiez votre ordinateur, puis joignez une copie saine.",
    file_too_large: "Ce fichier est trop volumineux : {} Mo au plus.",
    more_days_than_weekdays: "Cette période ne compte que {} jours ouvrés.",
    periods_overlap: "Cette période chevauche une période précédente.",
    over_working_day_cap: "Une mission ne peut dépasser {} jours ouvrés, toutes périodes confondues.",
    whole_number: "Saisissez un nombre entier de {} à {}.",
    date: "Saisissez une date réelle au format AAAA-MM-JJ, par exemple 2027-03-15.",
    no_working_language: "Indiquez votre niveau dans au moins une de ces langues : anglais, français, portugais ou espagnol.",
    consent_needed: "Nous ne pouvons garder votre profil dans la liste d'experts qu'avec votre consentement : cochez la case pour le donner.",
    amount: "Saisissez un montant en euros, par exemple 12500 ou 12 500,50.",
    min_above_max: "La subvention la plus élevée ne peut être inférieure à la plus faible.",
    date_time: "Saisissez une date et une heure au format AAAA-MM-JJ HH:MM, par exemple 2027-03-31 17:00.",
    country_outside_regions: "Choisissez uniquement des pays des régions cochées plus haut.",
    weights_total: "Les pondérations des critères doivent totaliser 100 ; elles totalisent actuellement {}.",
    not_eligible_country: "Cet appel ne couvre pas l'un des pays choisis.",
    national_one_country: "Un projet national se déroule dans un seul pays : choisissez-en exactement un.",
    regional_two_countries: "Un projet régional couvre au moins deux pays : choisissez-en un autre.",
    one_region_only: "Un projet régional reste dans une seule région ACP : choisissez des pays de la même région.",
    no_budget_lines: "Ajoutez au moins une ligne budgétaire avec sa catégorie, sa description et son montant.",
    cofunding_above_total: "Le cofinancement ne peut dépasser le coût total du projet.",
    cofunding_too_low: "Cet appel demande un cofinancement d'au moins {} % du coût total.",
    requested_out_of_range: "La somme demandée au programme (total moins cofinancement) doit être comprise entre {} EUR et {} EUR.",
};

/// The sentences for a language code (`en`, `fr`); English for any other.
pub fn problems(language: &str) -> &'static ProblemMessages {
    match language {
        "fr" => &FRENCH,
        _ => &ENGLISH,
    }
}

/// The sentence a reader sees for `problem`.
pub fn problem_text(m: &ProblemMessages, problem: Problem) -> String {
    let with_number = |template: &str, n: u32| template.replacen("{}", &n.to_string(), 1);
    match problem {
        Problem::Required => m.required.to_owned(),
        Problem::TooLong { max } => with_number(m.too_long, max),
        Problem::TooShort { min } => with_number(m.too_short, min),
        Problem::TooMany { max } => with_number(m.too_many, max),
        Problem::Email => m.email.to_owned(),
        Problem::Phone => m.phone.to_owned(),
        Problem::Month => m.month.to_owned(),
        Problem::EndBeforeStart => m.end_before_start.to_owned(),
        Problem::NotAcpCountry => m.not_acp_country.to_owned(),
        Problem::NotListedOrganisation => m.not_listed_organisation.to_owned(),
        Problem::TopicOutOfScope => m.topic_out_of_scope.to_owned(),
        Problem::UnknownChoice => m.unknown_choice.to_owned(),
        Problem::NotPdf => m.not_pdf.to_owned(),
        Problem::Malware => m.malware.to_owned(),
        Problem::FileTooLarge { max_mb } => with_number(m.file_too_large, max_mb),
        Problem::MoreDaysThanWeekdays { max } => with_number(m.more_days_than_weekdays, max),
        Problem::PeriodsOverlap => m.periods_overlap.to_owned(),
        Problem::OverWorkingDayCap { max } => with_number(m.over_working_day_cap, max),
        Problem::WholeNumber { min, max } => with_number(&with_number(m.whole_number, min), max),
        Problem::Date => m.date.to_owned(),
        Problem::NoWorkingLanguage => m.no_working_language.to_owned(),
        Problem::ConsentNeeded => m.consent_needed.to_owned(),
        Problem::Amount => m.amount.to_owned(),
        Problem::MinAboveMax => m.min_above_max.to_owned(),
        Problem::DateTime => m.date_time.to_owned(),
        Problem::CountryOutsideRegions => m.country_outside_regions.to_owned(),
        Problem::WeightsTotal { total } => with_number(m.weights_total, total),
        Problem::NotEligibleCountry => m.not_eligible_country.to_owned(),
        Problem::NationalOneCountry => m.national_one_country.to_owned(),
        Problem::RegionalTwoCountries => m.regional_two_countries.to_owned(),
        Problem::OneRegionOnly => m.one_region_only.to_owned(),
        Problem::NoBudgetLines => m.no_budget_lines.to_owned(),
        Problem::CofundingAboveTotal => m.cofunding_above_total.to_owned(),
        Problem::CofundingTooLow { percent } => with_number(m.cofunding_too_low, percent),
        Problem::RequestedOutOfRange { min, max } => with_number(&with_number(m.requested_out_of_range, min), max),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_are_written_into_the_sentence_in_each_language() {
        assert_eq!(
            problem_text(problems("en"), Problem::TooLong { max: 200 }),
            "This is too long: at most 200 characters."
        );
        assert_eq!(
            problem_text(problems("fr"), Problem::TooShort { min: 20 }),
            "Veuillez en écrire un peu plus : au moins 20 caractères."
        );
        assert_eq!(problems("pt").required, problems("en").required);
    }
}
