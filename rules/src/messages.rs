//! What is wrong with an answer, in each interface language. Kept apart from the interface
//! strings so the browser's instant checks carry these sentences and no others.

use crate::form::{Document, Problem};

/// What is wrong with an answer, for every form. Serializable so the portal's tests can
/// compare languages sentence by sentence.
#[derive(serde::Serialize)]
pub struct ProblemMessages {
    /// The language's code, which numbers and amounts in the sentences are written for.
    #[serde(skip)]
    pub language: &'static str,
    pub required: &'static str,
    /// `{max}`: the limit
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
    pub not_pdf_letter: &'static str,
    pub not_pdf_cv: &'static str,
    pub not_pdf_certificate: &'static str,
    pub not_pdf_document: &'static str,
    pub empty_letter: &'static str,
    pub empty_cv: &'static str,
    pub empty_certificate: &'static str,
    pub empty_document: &'static str,
    pub malware: &'static str,
    /// `{max_mb}`: the limit in megabytes
    pub file_too_large: &'static str,
    /// `{max}`: the weekdays in the period
    pub more_days_than_weekdays: &'static str,
    pub periods_overlap: &'static str,
    /// `{max}`: the cap
    pub over_working_day_cap: &'static str,
    /// `{min}`, `{max}`: the bounds
    pub whole_number: &'static str,
    pub date: &'static str,
    pub date_in_future: &'static str,
    /// `{parts}`: the women and men counted
    pub below_parts: &'static str,
    pub value_or_reason: &'static str,
    pub no_working_language: &'static str,
    pub consent_needed: &'static str,
    pub amount: &'static str,
    pub min_above_max: &'static str,
    pub date_time: &'static str,
    pub country_outside_regions: &'static str,
    /// `{total}`: the present total
    pub weights_total: &'static str,
    pub not_eligible_country: &'static str,
    pub national_one_country: &'static str,
    pub requester_twice: &'static str,
    pub regional_two_countries: &'static str,
    pub one_region_only: &'static str,
    pub no_budget_lines: &'static str,
    pub cofunding_above_total: &'static str,
    /// `{percent}`: the share, written as a percentage
    pub cofunding_too_low: &'static str,
    /// `{min}`, `{max}`: the bounds, written as amounts
    pub requested_out_of_range: &'static str,
    /// `{min_working_days}`, `{max_days}`: the bounds
    pub deadline_window: &'static str,
}

const ENGLISH: ProblemMessages = ProblemMessages {
    language: "en",
    required: "This answer is required.",
    too_long: "This is too long: at most {max} characters.",
    too_short: "Please write a little more: at least {min} characters.",
    too_many: "Choose at most {max}.",
    email: "Enter an e-mail address such as name@ministry.gov.",
    phone: "Enter a telephone number with 6 to 15 digits; only +, spaces, dots, dashes and brackets may be added.",
    month: "Enter a month as YYYY-MM, between 2000 and 2100.",
    end_before_start: "The end must not be before the start.",
    not_acp_country: "Only ACP member states can request assistance; this country is not one of them.",
    not_listed_organisation: "Only the listed regional organisations can request assistance.",
    topic_out_of_scope: "The programme covers only the migration topics listed here.",
    unknown_choice: "Choose one of the options offered.",
    not_pdf_letter: "Attach the letter as a PDF document; this file is not one.",
    not_pdf_cv: "Attach your CV as a PDF document; this file is not one.",
    not_pdf_certificate: "Attach the registration certificate as a PDF document; this file is not one.",
    not_pdf_document: "Attach the document as a PDF; this file is not one.",
    empty_letter: "This file is empty. Attach the letter as a PDF document.",
    empty_cv: "This file is empty. Attach your CV as a PDF document.",
    empty_certificate: "This file is empty. Attach the registration certificate as a PDF document.",
    empty_document: "This file is empty. Attach the document as a PDF.",
    malware: "This file was not kept: the virus scan found something harmful in it. Check your computer, then attach a clean copy.",
    file_too_large: "This file is too large: at most {max_mb} MB.",
    more_days_than_weekdays: "This period has only {max} weekdays.",
    periods_overlap: "This period overlaps an earlier one.",
    over_working_day_cap: "An assignment may take at most {max} working days across all its periods.",
    whole_number: "Enter a whole number from {min} to {max}.",
    date: "Enter a real date as YYYY-MM-DD, for example 2027-03-15.",
    date_in_future: "Enter a day that has passed, or today.",
    below_parts: "The total must be at least the {parts} women and men counted.",
    value_or_reason: "Give either the value reached, with its day and source, or why it could not be measured, not both.",
    no_working_language: "Give your level in at least one of English, French, Portuguese or Spanish.",
    consent_needed: "We can keep your profile on the roster only with your consent: tick the box to give it.",
    amount: "Enter an amount in euros, such as 12500 or 12,500.50.",
    min_above_max: "The largest grant must not be smaller than the smallest.",
    date_time: "Enter a date and time as YYYY-MM-DD HH:MM, for example 2027-03-31 17:00.",
    country_outside_regions: "Choose only countries of the regions ticked above.",
    weights_total: "The criteria's weights must add up to 100; they now add up to {total}.",
    not_eligible_country: "This call does not cover one of the countries chosen.",
    national_one_country: "A national project works in one country: choose exactly one.",
    requester_twice: "This government is already named among those asking: choose another country or leave the row empty.",
    regional_two_countries: "A regional project covers at least two countries: choose another one.",
    one_region_only: "A regional project stays within one ACP region: choose countries of the same region.",
    no_budget_lines: "Add at least one budget line with its category, description and amount.",
    cofunding_above_total: "The co-funding cannot be more than the project's total cost.",
    cofunding_too_low: "This call asks for co-funding of at least {percent} of the total cost.",
    requested_out_of_range: "The sum asked of the programme (total less co-funding) must be from {min} to {max}.",
    deadline_window: "Choose a deadline at least {min_working_days} working days and at most {max_days} days from now.",
};

const FRENCH: ProblemMessages = ProblemMessages {
    language: "fr",
    required: "Cette réponse est obligatoire.",
    too_long: "C'est trop long : {max} caractères au plus.",
    too_short: "Veuillez en écrire un peu plus : au moins {min} caractères.",
    too_many: "Choisissez-en {max} au plus.",
    email: "Saisissez une adresse électronique comme nom@ministere.gouv.",
    phone:
        "Saisissez un numéro de 6 à 15 chiffres ; seuls +, espaces, points, tirets et parenthèses peuvent s'y ajouter.",
    month: "Saisissez un mois au format AAAA-MM, entre 2000 et 2100.",
    end_before_start: "La fin ne doit pas précéder le début.",
    not_acp_country: "Seuls les États membres ACP peuvent demander une assistance ; ce pays n'en fait pas partie.",
    not_listed_organisation: "Seules les organisations régionales de la liste peuvent demander une assistance.",
    topic_out_of_scope: "Le programme ne couvre que les thèmes migratoires de cette liste.",
    unknown_choice: "Choisissez l'une des options proposées.",
    not_pdf_letter: "Joignez la lettre sous forme de document PDF ; ce fichier n'en est pas un.",
    not_pdf_cv: "Joignez votre CV sous forme de document PDF ; ce fichier n'en est pas un.",
    not_pdf_certificate: "Joignez le certificat d'enregistrement sous forme de document PDF ; ce fichier n'en est pas un.",
    not_pdf_document: "Joignez le document sous forme de PDF ; ce fichier n'en est pas un.",
    empty_letter: "Ce fichier est vide. Joignez la lettre sous forme de document PDF.",
    empty_cv: "Ce fichier est vide. Joignez votre CV sous forme de document PDF.",
    empty_certificate: "Ce fichier est vide. Joignez le certificat d'enregistrement sous forme de document PDF.",
    empty_document: "Ce fichier est vide. Joignez le document sous forme de PDF.",
    malware: "Ce fichier n'a pas été conservé : l'analyse antivirus y a trouvé un élément dangereux. Vérifiez votre ordinateur, puis joignez une copie saine.",
    file_too_large: "Ce fichier est trop volumineux : {max_mb} Mo au plus.",
    more_days_than_weekdays: "Cette période ne compte que {max} jours ouvrés.",
    periods_overlap: "Cette période chevauche une période précédente.",
    over_working_day_cap: "Une mission ne peut dépasser {max} jours ouvrés, toutes périodes confondues.",
    whole_number: "Saisissez un nombre entier de {min} à {max}.",
    date: "Saisissez une date réelle au format AAAA-MM-JJ, par exemple 2027-03-15.",
    date_in_future: "Saisissez un jour passé, ou aujourd'hui.",
    below_parts: "Le total doit être au moins égal aux {parts} femmes et hommes comptés.",
    value_or_reason: "Indiquez soit la valeur atteinte, avec son jour et sa source, soit pourquoi elle n'a pas pu être mesurée, pas les deux.",
    no_working_language: "Indiquez votre niveau dans au moins une de ces langues : anglais, français, portugais ou espagnol.",
    consent_needed: "Nous ne pouvons garder votre profil dans la liste d'experts qu'avec votre consentement : cochez la case pour le donner.",
    amount: "Saisissez un montant en euros, par exemple 12500 ou 12 500,50.",
    min_above_max: "La subvention la plus élevée ne peut être inférieure à la plus faible.",
    date_time: "Saisissez une date et une heure au format AAAA-MM-JJ HH:MM, par exemple 2027-03-31 17:00.",
    country_outside_regions: "Choisissez uniquement des pays des régions cochées plus haut.",
    weights_total: "Les pondérations des critères doivent totaliser 100 ; elles totalisent actuellement {total}.",
    not_eligible_country: "Cet appel ne couvre pas l'un des pays choisis.",
    national_one_country: "Un projet national se déroule dans un seul pays : choisissez-en exactement un.",
    requester_twice: "Ce gouvernement figure déjà parmi les demandeurs : choisissez un autre pays ou laissez la ligne vide.",
    regional_two_countries: "Un projet régional couvre au moins deux pays : choisissez-en un autre.",
    one_region_only: "Un projet régional reste dans une seule région ACP : choisissez des pays de la même région.",
    no_budget_lines: "Ajoutez au moins une ligne budgétaire avec sa catégorie, sa description et son montant.",
    cofunding_above_total: "Le cofinancement ne peut dépasser le coût total du projet.",
    cofunding_too_low: "Cet appel demande un cofinancement d'au moins {percent} du coût total.",
    requested_out_of_range: "La somme demandée au programme (total moins cofinancement) doit être comprise entre {min} et {max}.",
    deadline_window: "Choisissez une échéance d'au moins {min_working_days} jours ouvrables et d'au plus {max_days} jours à partir de maintenant.",
};

const PORTUGUESE: ProblemMessages = ProblemMessages {
    language: "pt",
    required: "Esta resposta é obrigatória.",
    too_long: "É demasiado longo: no máximo {max} caracteres.",
    too_short: "Escreva um pouco mais: pelo menos {min} caracteres.",
    too_many: "Escolha no máximo {max}.",
    email: "Escreva um endereço de correio eletrónico como nome@ministerio.gov.",
    phone: "Escreva um número de telefone com 6 a 15 algarismos; só podem ser acrescentados +, espaços, pontos, hífenes e parênteses.",
    month: "Escreva um mês no formato AAAA-MM, entre 2000 e 2100.",
    end_before_start: "O fim não pode ser anterior ao início.",
    not_acp_country: "Só os Estados membros ACP podem pedir assistência; este país não é um deles.",
    not_listed_organisation: "Só as organizações regionais da lista podem pedir assistência.",
    topic_out_of_scope: "O programa abrange apenas os temas de migração desta lista.",
    unknown_choice: "Escolha uma das opções propostas.",
    not_pdf_letter: "Anexe a carta como documento PDF; este ficheiro não é um PDF.",
    not_pdf_cv: "Anexe o seu CV como documento PDF; este ficheiro não é um PDF.",
    not_pdf_certificate: "Anexe a certidão de registo como documento PDF; este ficheiro não é um PDF.",
    not_pdf_document: "Anexe o documento em PDF; este ficheiro não é um PDF.",
    empty_letter: "Este ficheiro está vazio. Anexe a carta como documento PDF.",
    empty_cv: "Este ficheiro está vazio. Anexe o seu CV como documento PDF.",
    empty_certificate: "Este ficheiro está vazio. Anexe a certidão de registo como documento PDF.",
    empty_document: "Este ficheiro está vazio. Anexe o documento em PDF.",
    malware: "Este ficheiro não foi guardado: a análise antivírus encontrou nele algo nocivo. Verifique o seu computador e anexe depois uma cópia limpa.",
    file_too_large: "Este ficheiro é demasiado grande: no máximo {max_mb} MB.",
    more_days_than_weekdays: "Este período tem apenas {max} dias úteis.",
    periods_overlap: "Este período sobrepõe-se a um período anterior.",
    over_working_day_cap: "Uma missão pode durar no máximo {max} dias úteis, somando todos os seus períodos.",
    whole_number: "Escreva um número inteiro de {min} a {max}.",
    date: "Escreva uma data real no formato AAAA-MM-DD, por exemplo 2027-03-15.",
    date_in_future: "Escreva um dia que já passou, ou hoje.",
    below_parts: "O total deve ser pelo menos igual às {parts} mulheres e homens contados.",
    value_or_reason: "Indique o valor alcançado, com o dia e a fonte, ou por que não pôde ser medido, não as duas coisas.",
    no_working_language: "Indique o seu nível em pelo menos uma destas línguas: inglês, francês, português ou espanhol.",
    consent_needed: "Só podemos manter o seu perfil na bolsa com o seu consentimento: assinale a caixa para o dar.",
    amount: "Escreva um montante em euros, como 12500 ou 12 500,50.",
    min_above_max: "A subvenção máxima não pode ser inferior à mínima.",
    date_time: "Escreva uma data e uma hora no formato AAAA-MM-DD HH:MM, por exemplo 2027-03-31 17:00.",
    country_outside_regions: "Escolha apenas países das regiões assinaladas acima.",
    weights_total: "As ponderações dos critérios devem somar 100; neste momento somam {total}.",
    not_eligible_country: "Este convite não abrange um dos países escolhidos.",
    national_one_country: "Um projeto nacional decorre num só país: escolha exatamente um.",
    requester_twice: "Este governo já consta entre os requerentes: escolha outro país ou deixe a linha vazia.",
    regional_two_countries: "Um projeto regional abrange pelo menos dois países: escolha mais um.",
    one_region_only: "Um projeto regional fica dentro de uma só região ACP: escolha países da mesma região.",
    no_budget_lines: "Acrescente pelo menos uma linha orçamental com a sua categoria, descrição e montante.",
    cofunding_above_total: "O cofinanciamento não pode ser superior ao custo total do projeto.",
    cofunding_too_low: "Este convite exige um cofinanciamento de pelo menos {percent} do custo total.",
    requested_out_of_range: "O montante pedido ao programa (total menos cofinanciamento) deve estar entre {min} e {max}.",
    deadline_window: "Escolha um prazo de pelo menos {min_working_days} dias úteis e no máximo {max_days} dias a partir de agora.",
};

const SPANISH: ProblemMessages = ProblemMessages {
    language: "es",
    required: "Esta respuesta es obligatoria.",
    too_long: "Es demasiado largo: {max} caracteres como máximo.",
    too_short: "Escriba un poco más: al menos {min} caracteres.",
    too_many: "Elija {max} como máximo.",
    email: "Escriba una dirección de correo electrónico como nombre@ministerio.gob.",
    phone: "Escriba un número de teléfono de 6 a 15 cifras; solo pueden añadirse +, espacios, puntos, guiones y paréntesis.",
    month: "Escriba un mes con el formato AAAA-MM, entre 2000 y 2100.",
    end_before_start: "La finalización no puede ser anterior al inicio.",
    not_acp_country: "Solo los Estados miembros ACP pueden solicitar asistencia; este país no es uno de ellos.",
    not_listed_organisation: "Solo las organizaciones regionales de la lista pueden solicitar asistencia.",
    topic_out_of_scope: "El programa solo abarca los temas de migración de esta lista.",
    unknown_choice: "Elija una de las opciones propuestas.",
    not_pdf_letter: "Adjunte la carta como documento PDF; este archivo no lo es.",
    not_pdf_cv: "Adjunte su CV como documento PDF; este archivo no lo es.",
    not_pdf_certificate: "Adjunte el certificado de inscripción como documento PDF; este archivo no lo es.",
    not_pdf_document: "Adjunte el documento en PDF; este archivo no lo es.",
    empty_letter: "Este archivo está vacío. Adjunte la carta como documento PDF.",
    empty_cv: "Este archivo está vacío. Adjunte su CV como documento PDF.",
    empty_certificate: "Este archivo está vacío. Adjunte el certificado de inscripción como documento PDF.",
    empty_document: "Este archivo está vacío. Adjunte el documento en PDF.",
    malware: "Este archivo no se ha conservado: el análisis antivirus ha encontrado en él algo dañino. Revise su computadora y adjunte luego una copia limpia.",
    file_too_large: "Este archivo es demasiado grande: {max_mb} MB como máximo.",
    more_days_than_weekdays: "Este periodo solo tiene {max} días laborables.",
    periods_overlap: "Este periodo se solapa con uno anterior.",
    over_working_day_cap: "Una misión puede durar como máximo {max} días laborables, sumando todos sus periodos.",
    whole_number: "Escriba un número entero de {min} a {max}.",
    date: "Escriba una fecha real con el formato AAAA-MM-DD, por ejemplo 2027-03-15.",
    date_in_future: "Escriba un día ya pasado, o el de hoy.",
    below_parts: "El total debe ser al menos igual a las {parts} mujeres y hombres contados.",
    value_or_reason: "Indique el valor alcanzado, con su día y su fuente, o por qué no pudo medirse, no ambas cosas.",
    no_working_language: "Indique su nivel en al menos uno de estos idiomas: inglés, francés, portugués o español.",
    consent_needed: "Solo podemos mantener su perfil en la lista con su consentimiento: marque la casilla para darlo.",
    amount: "Escriba un importe en euros, como 12500 o 12 500,50.",
    min_above_max: "La subvención máxima no puede ser menor que la mínima.",
    date_time: "Escriba una fecha y una hora con el formato AAAA-MM-DD HH:MM, por ejemplo 2027-03-31 17:00.",
    country_outside_regions: "Elija solo países de las regiones marcadas arriba.",
    weights_total: "Las ponderaciones de los criterios deben sumar 100; ahora suman {total}.",
    not_eligible_country: "Esta convocatoria no cubre uno de los países elegidos.",
    national_one_country: "Un proyecto nacional se desarrolla en un solo país: elija exactamente uno.",
    requester_twice: "Este gobierno ya figura entre los solicitantes: elija otro país o deje la fila vacía.",
    regional_two_countries: "Un proyecto regional abarca al menos dos países: elija otro más.",
    one_region_only: "Un proyecto regional se mantiene dentro de una sola región ACP: elija países de la misma región.",
    no_budget_lines: "Añada al menos una línea presupuestaria con su categoría, descripción e importe.",
    cofunding_above_total: "La cofinanciación no puede superar el costo total del proyecto.",
    cofunding_too_low: "Esta convocatoria exige una cofinanciación de al menos el {percent} del costo total.",
    requested_out_of_range: "El importe solicitado al programa (total menos cofinanciación) debe estar entre {min} y {max}.",
    deadline_window: "Elija un plazo de al menos {min_working_days} días hábiles y como máximo {max_days} días a partir de ahora.",
};

/// The sentences for a language code (`en`, `fr`, `pt`, `es`); English for any other.
pub fn problems(language: &str) -> &'static ProblemMessages {
    match language {
        "fr" => &FRENCH,
        "pt" => &PORTUGUESE,
        "es" => &SPANISH,
        _ => &ENGLISH,
    }
}

/// The sentence a reader sees for `problem`.
/// Writes `values` into `template` where it names them (`{name}`). Named, not positional, so
/// a translation may put them in its own order, and a name left unknown shows as written.
pub fn fill(template: &str, values: &[(&str, &dyn core::fmt::Display)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let value = after.find('}').and_then(|close| {
            let name = &after[..close];
            values.iter().find(|(n, _)| *n == name).map(|(_, value)| (close, value))
        });
        match value {
            Some((close, value)) => {
                out.push_str(&value.to_string());
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The sentence a reader sees for `problem`.
pub fn problem_text(m: &ProblemMessages, problem: Problem) -> String {
    match problem {
        Problem::Required => m.required.to_owned(),
        Problem::TooLong { max } => fill(m.too_long, &[("max", &max)]),
        Problem::TooShort { min } => fill(m.too_short, &[("min", &min)]),
        Problem::TooMany { max } => fill(m.too_many, &[("max", &max)]),
        Problem::Email => m.email.to_owned(),
        Problem::Phone => m.phone.to_owned(),
        Problem::Month => m.month.to_owned(),
        Problem::EndBeforeStart => m.end_before_start.to_owned(),
        Problem::NotAcpCountry => m.not_acp_country.to_owned(),
        Problem::NotListedOrganisation => m.not_listed_organisation.to_owned(),
        Problem::TopicOutOfScope => m.topic_out_of_scope.to_owned(),
        Problem::UnknownChoice => m.unknown_choice.to_owned(),
        Problem::NotPdf { document } => match document {
            Document::Letter => m.not_pdf_letter,
            Document::Cv => m.not_pdf_cv,
            Document::Certificate => m.not_pdf_certificate,
            Document::StageDocument => m.not_pdf_document,
        }
        .to_owned(),
        Problem::EmptyFile { document } => match document {
            Document::Letter => m.empty_letter,
            Document::Cv => m.empty_cv,
            Document::Certificate => m.empty_certificate,
            Document::StageDocument => m.empty_document,
        }
        .to_owned(),
        Problem::Malware => m.malware.to_owned(),
        Problem::FileTooLarge { max_mb } => fill(m.file_too_large, &[("max_mb", &max_mb)]),
        Problem::MoreDaysThanWeekdays { max } => fill(m.more_days_than_weekdays, &[("max", &max)]),
        Problem::PeriodsOverlap => m.periods_overlap.to_owned(),
        Problem::OverWorkingDayCap { max } => fill(m.over_working_day_cap, &[("max", &max)]),
        Problem::WholeNumber { min, max } => fill(m.whole_number, &[("min", &min), ("max", &max)]),
        Problem::Date => m.date.to_owned(),
        Problem::DateInFuture => m.date_in_future.to_owned(),
        Problem::BelowParts { parts } => fill(m.below_parts, &[("parts", &parts)]),
        Problem::ValueOrReason => m.value_or_reason.to_owned(),
        Problem::NoWorkingLanguage => m.no_working_language.to_owned(),
        Problem::ConsentNeeded => m.consent_needed.to_owned(),
        Problem::Amount => m.amount.to_owned(),
        Problem::MinAboveMax => m.min_above_max.to_owned(),
        Problem::DateTime => m.date_time.to_owned(),
        Problem::CountryOutsideRegions => m.country_outside_regions.to_owned(),
        Problem::WeightsTotal { total } => fill(m.weights_total, &[("total", &total)]),
        Problem::NotEligibleCountry => m.not_eligible_country.to_owned(),
        Problem::NationalOneCountry => m.national_one_country.to_owned(),
        Problem::RequesterTwice => m.requester_twice.to_owned(),
        Problem::RegionalTwoCountries => m.regional_two_countries.to_owned(),
        Problem::OneRegionOnly => m.one_region_only.to_owned(),
        Problem::NoBudgetLines => m.no_budget_lines.to_owned(),
        Problem::CofundingAboveTotal => m.cofunding_above_total.to_owned(),
        Problem::CofundingTooLow { percent } => {
            fill(m.cofunding_too_low, &[("percent", &crate::numbers::format_percent(percent, m.language))])
        }
        Problem::RequestedOutOfRange { min, max } => {
            let money = |euros: u32| crate::numbers::format_money(i64::from(euros) * 100, m.language);
            fill(m.requested_out_of_range, &[("min", &money(min)), ("max", &money(max))])
        }
        Problem::DeadlineWindow { min_working_days, max_days } => {
            fill(m.deadline_window, &[("min_working_days", &min_working_days), ("max_days", &max_days)])
        }
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
        assert_eq!(problem_text(problems("pt"), Problem::TooMany { max: 5 }), "Escolha no máximo 5.");
        assert_eq!(
            problem_text(problems("es"), Problem::FileTooLarge { max_mb: 10 }),
            "Este archivo es demasiado grande: 10 MB como máximo."
        );
        assert_eq!(problems("sw").required, problems("en").required);
    }

    #[test]
    fn a_refused_file_is_named_as_the_document_its_field_asks_for() {
        let not_pdf = |language, document| problem_text(problems(language), Problem::NotPdf { document });
        assert!(not_pdf("en", Document::Cv).starts_with("Attach your CV as a PDF document"));
        assert!(not_pdf("fr", Document::Certificate).starts_with("Joignez le certificat d'enregistrement"));
        let empty = problem_text(problems("es"), Problem::EmptyFile { document: Document::Letter });
        assert_eq!(empty, "Este archivo está vacío. Adjunte la carta como documento PDF.");
    }
}
