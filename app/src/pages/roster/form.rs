//! `/experts/apply` and `/experts/apply/{token}/{step}`: an expert's application to the
//! roster, one step per page, each a plain form post (works without JavaScript). The server
//! renders the page from an `ExpertFormView` it prepares.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::error_view::{set_status, ErrorView};
use crate::components::form_checks::FormChecks;
use crate::components::form_fields::{
    error_for, problem_text, ChoiceGroup, PdfField, SelectField, TextArea, TextField,
};
use crate::components::step_form::{
    kilobytes, summary_entries, DraftSaved, PostTooLarge, StepButtons, StepForm, StepList, StepPage,
};
use crate::data::taxonomy;
use crate::domain::file::AttachedFile;
use crate::domain::filters::Dimension;
use crate::domain::roster::{
    level_field, row_field, FormStep, Step, ASSIGNMENT_LENGTHS, CEFR_LEVELS, COI_DECLARED, COI_NONE, CONSENT_YES,
    GENDERS, NOTE_MAX, PARAGRAPH_MAX, PRIVACY_VERSION, REFEREE_ROWS, ROSTER_LANGUAGES, SECTORS, UNAVAILABLE_ROWS,
};
use crate::error::AppError;
use crate::i18n::use_locale;
use crate::i18n::{fill, language_endonym, RosterMessages};

/// Everything a step's page shows; the server builds it for each request.
#[derive(Clone, Debug, PartialEq)]
pub struct ExpertFormView {
    /// The step, its answers and problems (what every form's step shows).
    pub journey: StepPage<Step>,
    pub cv: Option<AttachedFile>,
    /// The owner edits a submitted profile from their own space (`/experts/me/{step}`).
    pub editing: bool,
}

pub fn step_title(m: &RosterMessages, step: Step) -> &'static str {
    match step {
        Step::Identity => m.step_identity,
        Step::Profile => m.step_profile,
        Step::Expertise => m.step_expertise,
        Step::Availability => m.step_availability,
        Step::Cv => m.step_cv,
        Step::Consent => m.step_consent,
    }
}

/// The number in a row field's name ("referee_email_2" -> 2).
fn row_number(field: &str) -> Option<usize> {
    field.rsplit('_').next()?.parse().ok()
}

/// The label of a field, as the error summary and the review name it.
pub fn field_label(m: &RosterMessages, field: &str) -> String {
    let plain = match field {
        "full_name" => m.full_name,
        "email" => m.email,
        "phone" => m.phone,
        "nationality" => m.nationality,
        "residence" => m.residence,
        "gender" => m.gender,
        "sector" => m.sector,
        "position" => m.position,
        "employer" => m.employer,
        "years_experience" => m.years_experience,
        "education" => m.education,
        "other_languages" => m.other_languages,
        "topics" => m.topics,
        "typologies" => m.typologies,
        "regions" => m.regions,
        "countries" => m.countries,
        "expertise_summary" => m.expertise_summary,
        "assignment_lengths" => m.assignment_lengths,
        "cv" => m.cv,
        "consent" => m.consent,
        "coi" => m.coi,
        "coi_details" => m.coi_details,
        _ => "",
    };
    if !plain.is_empty() {
        return plain.to_owned();
    }
    if let Some(language) = field.strip_prefix("language_") {
        return format!("{}: {}", m.languages, language_endonym(language));
    }
    let n = row_number(field).unwrap_or(1);
    let part = |prefix: &str, suffix: &str| field.starts_with(&format!("{prefix}_{suffix}_"));
    let (row, what) = if part("unavailable", "from") {
        (fill(m.unavailable_period, &[("number", &n)]), m.unavailable_from)
    } else if part("unavailable", "until") {
        (fill(m.unavailable_period, &[("number", &n)]), m.unavailable_until)
    } else if part("referee", "name") {
        (fill(m.referee_number, &[("number", &n)]), m.referee_name)
    } else if part("referee", "organisation") {
        (fill(m.referee_number, &[("number", &n)]), m.referee_organisation)
    } else if part("referee", "email") {
        (fill(m.referee_number, &[("number", &n)]), m.referee_email)
    } else {
        return field.to_owned();
    };
    format!("{row}: {what}")
}

fn options(codes: &[&str], name: impl Fn(&str) -> &'static str) -> Vec<(String, String)> {
    codes.iter().map(|code| ((*code).to_owned(), name(code).to_owned())).collect()
}

#[component]
pub fn ExpertFormPage() -> impl IntoView {
    let Some(page) = use_context::<ExpertFormView>() else {
        return view! { <ErrorView error=AppError::NotFound/> }.into_any();
    };
    let locale = use_locale();
    let (r, m) = (&locale.messages().request, &locale.messages().roster);
    if !page.journey.errors.is_empty() {
        set_status(422);
    }
    let step = page.journey.step;
    let heading = fill(
        r.step_position,
        &[("number", &step.number()), ("steps", &Step::ALL.len()), ("title", &step_title(m, step))],
    );
    let summary = summary_entries(&page.journey.errors, |field| field_label(m, field));
    let intro = (step == Step::Identity && page.journey.draft_path.is_none()).then(|| {
        view! {
            <p class="lead">{m.intro}</p>
            <p>{m.privacy_summary}</p>
            <p><a href="/experts/sign-in">{m.have_profile}</a></p>
        }
    });
    let saved = page.journey.saved.clone().map(|(link, mail)| view! { <DraftSaved link mail/> });
    let too_large = page.journey.too_large.then(|| view! { <PostTooLarge/> });
    let fields = match step {
        Step::Identity => identity_fields(&page).into_any(),
        Step::Profile => profile_fields(&page).into_any(),
        Step::Expertise => expertise_fields(&page).into_any(),
        Step::Availability => availability_fields(&page).into_any(),
        Step::Cv => cv_field(&page).into_any(),
        Step::Consent => consent_fields(&page).into_any(),
    };
    let buttons = match (page.editing, step) {
        (true, _) => StepButtons { primary: ("next", m.button_save_changes), back: false, save: false },
        (false, Step::Consent) => StepButtons { primary: ("submit", m.button_submit), back: true, save: true },
        (false, _) => StepButtons {
            primary: ("next", r.button_next),
            back: step.previous().is_some(),
            save: page.journey.draft_path.is_some(),
        },
    };
    let title = if page.editing { m.space_title } else { m.title };
    let back_to_profile = page.editing.then(|| view! { <p><a href="/experts/me">{m.back_to_profile}</a></p> });
    view! {
        <Title text=format!("{} – {}", step_title(m, step), title)/>
        <article class="request">
            <h1>{title}</h1>
            {intro}
            {back_to_profile}
            <StepList label=m.steps_label steps=Step::ALL.map(|s| (s.slug(), step_title(m, s))).to_vec()
                current=step.slug() base_path=page.journey.draft_path.clone()/>
            <h2 class="request__step">{heading}</h2>
            {too_large}
            {saved}
            <StepForm form="expert" step=step.slug() action=page.journey.action.clone() multipart=step == Step::Cv summary buttons>
                {fields}
            </StepForm>
        </article>
        {(!step.fields().is_empty()).then(|| view! { <FormChecks form="expert"/> })}
    }
    .into_any()
}

/// A one-line answer of the step, filled in with what was typed.
fn line(page: &ExpertFormView, name: &'static str, label: &'static str) -> impl IntoView {
    view! { <TextField name label value=page.journey.form.raw(name).to_owned() error=error_for(&page.journey.errors, name)/> }
}

fn identity_fields(page: &ExpertFormView) -> impl IntoView {
    let locale = use_locale();
    let m = &locale.messages().roster;
    let (form, errors) = (&page.journey.form, &page.journey.errors);
    let countries: Vec<(String, String)> = taxonomy()
        .all_countries_by_name(locale)
        .into_iter()
        .map(|t| (t.code.clone(), t.label(locale).to_owned()))
        .collect();
    view! {
        <TextField name="full_name" label=m.full_name value=form.raw("full_name").to_owned()
            error=error_for(errors, "full_name") autocomplete="name"/>
        <TextField name="email" label=m.email value=form.raw("email").to_owned() error=error_for(errors, "email")
            kind="email" autocomplete="email" hint=Some(m.email_hint) maxlength=254/>
        <TextField name="phone" label=m.phone value=form.raw("phone").to_owned() error=error_for(errors, "phone")
            kind="tel" autocomplete="tel" optional=true maxlength=30/>
        <SelectField name="nationality" label=m.nationality options=countries.clone()
            selected=form.raw("nationality").to_owned() error=error_for(errors, "nationality")/>
        <SelectField name="residence" label=m.residence options=countries
            selected=form.raw("residence").to_owned() error=error_for(errors, "residence")/>
        <ChoiceGroup name="gender" legend=m.gender options=options(&GENDERS, |c| m.gender_name(c))
            chosen=form.values("gender") error=error_for(errors, "gender") hint=Some(m.gender_hint)/>
    }
}

fn profile_fields(page: &ExpertFormView) -> impl IntoView {
    let locale = use_locale();
    let m = &locale.messages().roster;
    let (form, errors) = (&page.journey.form, &page.journey.errors);
    let levels: Vec<(String, String)> = CEFR_LEVELS.iter().map(|l| ((*l).to_owned(), (*l).to_owned())).collect();
    let language_levels = ROSTER_LANGUAGES
        .iter()
        .map(|language| {
            let name = level_field(language);
            let error = error_for(errors, &name);
            let invalid = error.is_some();
            let selected = form.raw(&name).to_owned();
            let id = format!("field-{name}");
            view! {
                <div class="field field--inline" class:field--invalid=invalid>
                    <label for=id.clone()>{language_endonym(language)}</label>
                    <p class="field__error" id=format!("{name}-error") data-error-for=name.clone()>{error}</p>
                    <select id=id name=name.clone() aria-invalid=invalid.then_some("true")
                        aria-describedby=format!("languages-hint {name}-error")>
                        <option value="">{m.level_none}</option>
                        {levels.iter().map(|(code, text)| {
                            let chosen = *code == selected;
                            view! { <option value=code.clone() selected=chosen>{text.clone()}</option> }
                        }).collect_view()}
                    </select>
                </div>
            }
        })
        .collect_view();
    view! {
        <SelectField name="sector" label=m.sector options=options(&SECTORS, |c| m.sector_name(c))
            selected=form.raw("sector").to_owned() error=error_for(errors, "sector")/>
        {line(page, "position", m.position)}
        {line(page, "employer", m.employer)}
        <TextField name="years_experience" label=m.years_experience value=form.raw("years_experience").to_owned()
            error=error_for(errors, "years_experience") kind="number" maxlength=2/>
        <TextArea name="education" label=m.education value=form.raw("education").to_owned()
            error=error_for(errors, "education") maxlength=NOTE_MAX hint=Some(m.education_hint)/>
        <fieldset class="field choice-group">
            <legend>{m.languages}</legend>
            <p class="field__hint" id="languages-hint">{m.languages_hint}</p>
            {language_levels}
        </fieldset>
        <TextField name="other_languages" label=m.other_languages value=form.raw("other_languages").to_owned()
            error=error_for(errors, "other_languages") optional=true hint=Some(m.other_languages_hint)/>
    }
}

fn expertise_fields(page: &ExpertFormView) -> impl IntoView {
    let locale = use_locale();
    let m = &locale.messages().roster;
    let taxonomy = taxonomy();
    let (form, errors) = (&page.journey.form, &page.journey.errors);
    let terms = |dimension| -> Vec<(String, String)> {
        taxonomy.terms(dimension).into_iter().map(|t| (t.code.clone(), t.label(locale).to_owned())).collect()
    };
    let countries: Vec<(String, String)> = taxonomy
        .countries_by_name(locale)
        .into_iter()
        .map(|c| (c.term.code.clone(), c.term.label(locale).to_owned()))
        .collect();
    view! {
        <ChoiceGroup name="topics" legend=m.topics options=terms(Dimension::Topic) chosen=form.values("topics")
            error=error_for(errors, "topics") several=true hint=Some(m.topics_hint)/>
        <ChoiceGroup name="typologies" legend=m.typologies options=terms(Dimension::Typology)
            chosen=form.values("typologies") error=error_for(errors, "typologies") several=true/>
        <ChoiceGroup name="regions" legend=m.regions options=terms(Dimension::Region) chosen=form.values("regions")
            error=error_for(errors, "regions") several=true/>
        <ChoiceGroup name="countries" legend=m.countries options=countries chosen=form.values("countries")
            error=error_for(errors, "countries") several=true/>
        <TextArea name="expertise_summary" label=m.expertise_summary value=form.raw("expertise_summary").to_owned()
            error=error_for(errors, "expertise_summary") maxlength=PARAGRAPH_MAX hint=Some(m.expertise_summary_hint)/>
    }
}

/// The step's own `&'static` spelling of a row field's name (the components want one).
fn static_name(name: &str) -> &'static str {
    Step::Availability.fields().iter().copied().find(|f| *f == name).unwrap_or("")
}

/// A fieldset of numbered rows of small fields ("Period 2", "Referee 1").
fn row_group(
    page: &ExpertFormView,
    prefix: &'static str,
    parts: &[(&'static str, &'static str, &'static str)],
    row: usize,
    legend: String,
) -> impl IntoView {
    let fields = parts
        .iter()
        .map(|(suffix, label, kind)| {
            let name = static_name(&row_field(prefix, row, suffix));
            view! {
                <TextField name label=*label value=page.journey.form.raw(name).to_owned() error=error_for(&page.journey.errors, name)
                    kind=kind optional=true maxlength=254/>
            }
        })
        .collect_view();
    view! { <fieldset class="field-row"><legend>{legend}</legend>{fields}</fieldset> }
}

fn availability_fields(page: &ExpertFormView) -> impl IntoView {
    let m = &use_locale().messages().roster;
    let (form, errors) = (&page.journey.form, &page.journey.errors);
    let periods = (1..=UNAVAILABLE_ROWS)
        .map(|row| {
            let parts = [("from", m.unavailable_from, "date"), ("until", m.unavailable_until, "date")];
            row_group(page, "unavailable", &parts, row, fill(m.unavailable_period, &[("number", &row)]))
        })
        .collect_view();
    let referees = (1..=REFEREE_ROWS)
        .map(|row| {
            let parts = [
                ("name", m.referee_name, "text"),
                ("organisation", m.referee_organisation, "text"),
                ("email", m.referee_email, "email"),
            ];
            row_group(page, "referee", &parts, row, fill(m.referee_number, &[("number", &row)]))
        })
        .collect_view();
    view! {
        <ChoiceGroup name="assignment_lengths" legend=m.assignment_lengths
            options=options(&ASSIGNMENT_LENGTHS, |c| m.length_name(c)) chosen=form.values("assignment_lengths")
            error=error_for(errors, "assignment_lengths") several=true/>
        <h3>{m.unavailable}</h3>
        <p class="field__hint">{m.unavailable_hint}</p>
        {periods}
        <h3>{m.referees}</h3>
        <p class="field__hint">{m.referees_hint}</p>
        {referees}
    }
}

fn cv_text(m: &RosterMessages, cv: &Option<AttachedFile>) -> String {
    match cv {
        Some(file) => fill(m.cv_attached, &[("file", &file.name), ("size", &kilobytes(file.size_bytes))]),
        None => m.cv_none.to_owned(),
    }
}

fn cv_field(page: &ExpertFormView) -> impl IntoView {
    let m = &use_locale().messages().roster;
    view! { <PdfField name="cv" label=m.cv hint=m.cv_hint current=cv_text(m, &page.cv) error=error_for(&page.journey.errors, "cv")/> }
}

/// How an answer reads on the review: codes become labels.
fn answer_text(page: &ExpertFormView, field: &str) -> String {
    let locale = use_locale();
    let m = &locale.messages().roster;
    let taxonomy = taxonomy();
    let values = page.journey.form.values(field);
    let names: Vec<String> = match field {
        "nationality" | "residence" => values
            .iter()
            .map(|c| taxonomy.all_countries.iter().find(|t| t.code == *c).map_or(c.clone(), |t| t.label(locale).into()))
            .collect(),
        "gender" => values.iter().map(|c| m.gender_name(c).to_owned()).collect(),
        "sector" => values.iter().map(|c| m.sector_name(c).to_owned()).collect(),
        "assignment_lengths" => values.iter().map(|c| m.length_name(c).to_owned()).collect(),
        "topics" => values.iter().map(|c| taxonomy.label(Dimension::Topic, c, locale).to_owned()).collect(),
        "typologies" => values.iter().map(|c| taxonomy.label(Dimension::Typology, c, locale).to_owned()).collect(),
        "regions" => values.iter().map(|c| taxonomy.label(Dimension::Region, c, locale).to_owned()).collect(),
        "countries" => values.iter().map(|c| taxonomy.label(Dimension::Country, c, locale).to_owned()).collect(),
        _ => page.journey.form.text(field).into_iter().collect(),
    };
    names.join(", ")
}

/// The answers step by step, each step with a link to change it (under `draft_path`), and
/// the problems still in them.
pub fn answers_review(page: &ExpertFormView) -> impl IntoView {
    let locale = use_locale();
    let (r, m) = (&locale.messages().request, &locale.messages().roster);
    // Staff read a profile without changing it: no links then.
    let path = page.journey.draft_path.clone();
    let sections = Step::ALL
        .into_iter()
        .filter(|s| !matches!(s, Step::Consent))
        .map(|step| {
            let problem_of = |field: &str| {
                page.journey.incomplete
                    .iter()
                    .find(|(s, e)| *s == step && e.field == field)
                    .map(|(_, e)| problem_text(locale.problems(), e.problem))
            };
            let row = |label: String, answer: String, problem: Option<String>| {
                let invalid = problem.is_some();
                let shown = if answer.is_empty() { r.not_answered.to_owned() } else { answer };
                view! {
                    <dt>{label}</dt>
                    <dd class:answer--invalid=invalid>
                        <span class="answer">{shown}</span>
                        {problem.map(|p| view! { <span class="field__error">{p}</span> })}
                    </dd>
                }
            };
            let rows = if step == Step::Cv {
                vec![row(m.cv.to_owned(), cv_text(m, &page.cv), problem_of("cv"))]
            } else {
                step.fields()
                    .iter()
                    // Blank optional rows say nothing; a row with a problem is always shown.
                    .filter(|f| row_number(f).is_none() || !page.journey.form.raw(f).trim().is_empty() || problem_of(f).is_some())
                    .map(|field| row(field_label(m, field), answer_text(page, field), problem_of(field)))
                    .collect()
            };
            view! {
                <section class="review-section">
                    <h3>
                        {step_title(m, step)}" "
                        {path.clone().map(|path| view! {
                            <a href=format!("{path}/{}", step.slug())>{r.change}<span class="visually-hidden">": "{step_title(m, step)}</span></a>
                        })}
                    </h3>
                    <dl class="review-list">{rows}</dl>
                </section>
            }
        })
        .collect_view();
    view! {
        <h3>{m.review}</h3>
        {(!page.journey.incomplete.is_empty()).then(|| view! { <p class="error-summary" role="alert">{r.review_incomplete}</p> })}
        {sections}
    }
}

fn consent_fields(page: &ExpertFormView) -> impl IntoView {
    let m = &use_locale().messages().roster;
    let (form, errors) = (&page.journey.form, &page.journey.errors);
    let consent = vec![(CONSENT_YES.to_owned(), m.consent_label.to_owned())];
    let coi = vec![(COI_NONE.to_owned(), m.coi_none.to_owned()), (COI_DECLARED.to_owned(), m.coi_declared.to_owned())];
    view! {
        {(!page.editing).then(|| answers_review(page))}
        <h3>{m.consent}</h3>
        <p id="consent-text">{fill(m.consent_text, &[("version", &PRIVACY_VERSION)])}</p>
        <ChoiceGroup name="consent" legend=m.consent options=consent chosen=form.values("consent")
            error=error_for(errors, "consent") several=true/>
        <ChoiceGroup name="coi" legend=m.coi options=coi chosen=form.values("coi") error=error_for(errors, "coi")
            hint=Some(m.coi_hint)/>
        <TextArea name="coi_details" label=m.coi_details value=form.raw("coi_details").to_owned()
            error=error_for(errors, "coi_details") maxlength=NOTE_MAX optional=true/>
    }
}
