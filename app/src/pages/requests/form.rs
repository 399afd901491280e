//! `/requests/new` and `/requests/draft/{token}/{step}`: the technical-assistance request,
//! one step per page. Every step is a plain form post, so it works without JavaScript; the
//! server renders the page from a `RequestFormView` it prepares (fields as typed, errors).

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
use crate::domain::form::RawForm;
use crate::domain::ta_request::{
    FormStep, Institution, Step, StepFields, JOINT_PARTS, JOINT_ROWS, NOTE_MAX, PARAGRAPH_MAX, REQUESTER_GOVERNMENT,
    REQUESTER_ORGANISATION, WORK_LANGUAGES,
};
use crate::error::AppError;
use crate::i18n::use_locale;
use crate::i18n::{fill, language_endonym, Locale, RequestMessages};

/// Everything a step's page shows; the server builds it for each request.
#[derive(Clone, Debug, PartialEq)]
pub struct RequestFormView {
    /// The step, its answers and problems (what every form's step shows).
    pub journey: StepPage<Step>,
    /// The reference, when this draft was submitted already.
    pub submitted_as: Option<String>,
    /// The request letter attached to the draft.
    pub attachment: Option<AttachedFile>,
}

/// The label of a field, as the error summary and the review step name it.
pub fn field_label(locale: Locale, field: &str) -> String {
    let (m, e) = (&locale.messages().request, &locale.messages().endorsement);
    if let Some(rest) = field.strip_prefix("joint_") {
        if let Some((part, row)) = rest.rsplit_once('_').filter(|(_, row)| row.parse::<usize>().is_ok()) {
            let part = match part {
                "country" => e.joint_country,
                "official_name" => e.joint_official_name,
                _ => e.joint_official_email,
            };
            return format!("{} – {part}", fill(e.joint_row, &[("number", &row)]));
        }
    }
    match field {
        "requester_type" => m.requester_type,
        "country" => m.country,
        "organisation" => m.organisation,
        "institution" => m.institution,
        "department" => m.department,
        "official_name" => m.official_name,
        "official_position" => m.official_position,
        "official_email" => e.official_email,
        "work_language" => m.work_language,
        "focal_name" => m.focal_name,
        "focal_position" => m.focal_position,
        "focal_email" => m.focal_email,
        "focal_phone" => m.focal_phone,
        "topics" => m.topics,
        "typology" => m.typology,
        "background" => m.background,
        "objectives" => m.objectives,
        "expected_results" => m.expected_results,
        "beneficiaries" => m.beneficiaries,
        "policy_link" => m.policy_link,
        "other_support" => m.other_support,
        "preferred_start" => m.preferred_start,
        "preferred_end" => m.preferred_end,
        "letter" => m.letter,
        _ => "",
    }
    .to_owned()
}

pub fn step_title(m: &RequestMessages, step: Step) -> &'static str {
    match step {
        Step::Institution => m.step_institution,
        Step::FocalPoint => m.step_focal_point,
        Step::Details => m.step_details,
        Step::Attachments => m.step_attachments,
        Step::Review => m.step_review,
    }
}

#[component]
pub fn RequestFormPage() -> impl IntoView {
    let Some(page) = use_context::<RequestFormView>() else {
        return view! { <ErrorView error=AppError::NotFound/> }.into_any();
    };
    let locale = use_locale();
    let m = &locale.messages().request;
    if !page.journey.errors.is_empty() {
        set_status(422);
    }
    let step = page.journey.step;
    let heading = fill(
        m.step_position,
        &[("number", &step.number()), ("steps", &Step::ALL.len()), ("title", &step_title(m, step))],
    );
    let summary = summary_entries(&page.journey.errors, |field| field_label(locale, field));
    let page_title = format!("{} – {}", step_title(m, step), m.title);
    let intro = (step == Step::Institution && page.journey.draft_path.is_none()).then(|| {
        view! { <p class="lead">{m.intro}</p><p>{m.eligibility}</p> }
    });
    let saved = page.journey.saved.clone().map(|(link, mail)| view! { <DraftSaved link mail/> });
    let too_large = page.journey.too_large.then(|| view! { <PostTooLarge/> });
    let submitted = page.submitted_as.clone().map(|reference| {
        view! { <div class="notice" role="status"><p>{fill(m.draft_already_submitted, &[("reference", &reference)])}</p></div> }
    });
    let fields = match step {
        Step::Institution => institution_fields(&page).into_any(),
        Step::FocalPoint => focal_point_fields(&page).into_any(),
        Step::Details => details_fields(&page).into_any(),
        Step::Attachments => attachment_fields(&page).into_any(),
        Step::Review => review(&page).into_any(),
    };
    let buttons = StepButtons {
        primary: if step == Step::Review { ("submit", m.button_submit) } else { ("next", m.button_next) },
        back: step.previous().is_some(),
        save: page.journey.draft_path.is_some() && step != Step::Review,
    };
    let checks_instantly = page.submitted_as.is_none() && !step.fields().is_empty();
    // A file goes as multipart; every other step as a plain urlencoded post.
    let multipart = step == Step::Attachments;
    let form = page.submitted_as.is_none().then(|| {
        view! {
            <StepForm form="request" step=step.slug() action=page.journey.action.clone() multipart summary buttons>
                {fields}
            </StepForm>
        }
    });
    view! {
        <Title text=page_title/>
        <article class="request">
            <h1>{m.title}</h1>
            {intro}
            <StepList label=m.steps_label steps=Step::ALL.map(|s| (s.slug(), step_title(m, s))).to_vec()
                current=step.slug() base_path=page.journey.draft_path.clone()/>
            <h2 class="request__step">{heading}</h2>
            {too_large}
            {saved}
            {submitted}
            {form}
        </article>
        {checks_instantly.then(|| view! { <FormChecks form="request"/> })}
    }
    .into_any()
}

fn institution_fields(page: &RequestFormView) -> impl IntoView {
    let locale = use_locale();
    let (m, e) = (&locale.messages().request, &locale.messages().endorsement);
    let taxonomy = taxonomy();
    let (form, errors) = (&page.journey.form, &page.journey.errors);
    let countries: Vec<(String, String)> = taxonomy
        .countries_by_name(locale)
        .into_iter()
        .map(|c| (c.term.code.clone(), c.term.label(locale).to_owned()))
        .collect();
    let organisations: Vec<(String, String)> =
        taxonomy.organisations.iter().map(|t| (t.code.clone(), format!("{} – {}", t.code, t.label(locale)))).collect();
    let requester_types = vec![
        (REQUESTER_GOVERNMENT.to_owned(), m.requester_government.to_owned()),
        (REQUESTER_ORGANISATION.to_owned(), m.requester_organisation.to_owned()),
    ];
    let languages = WORK_LANGUAGES.iter().map(|code| ((*code).to_owned(), language_endonym(code).to_owned())).collect();
    view! {
        <ChoiceGroup name="requester_type" legend=m.requester_type options=requester_types
            chosen=form.values("requester_type") error=error_for(errors, "requester_type")/>
        // The style sheet shows only the one of these that "Who is asking?" calls for (`:has`,
        // no script needed); where it cannot, both show and their hints say which to fill.
        <div class="for-requester for-requester--government">
            <SelectField name="country" label=m.country options=countries.clone() selected=form.raw("country").to_owned()
                error=error_for(errors, "country") hint=Some(m.country_hint)/>
        </div>
        <div class="for-requester for-requester--organisation">
            <SelectField name="organisation" label=m.organisation options=organisations selected=form.raw("organisation").to_owned()
                error=error_for(errors, "organisation") hint=Some(m.organisation_hint)/>
        </div>
        <TextField name="institution" label=m.institution value=form.raw("institution").to_owned()
            error=error_for(errors, "institution") autocomplete="organization"/>
        <TextField name="department" label=m.department value=form.raw("department").to_owned()
            error=error_for(errors, "department") optional=true/>
        <TextField name="official_name" label=m.official_name value=form.raw("official_name").to_owned()
            error=error_for(errors, "official_name") hint=Some(m.official_hint)/>
        <TextField name="official_position" label=m.official_position value=form.raw("official_position").to_owned()
            error=error_for(errors, "official_position")/>
        <TextField name="official_email" label=e.official_email value=form.raw("official_email").to_owned()
            error=error_for(errors, "official_email") kind="email" hint=Some(e.official_email_hint) maxlength=254/>
        <SelectField name="work_language" label=m.work_language options=languages selected=form.raw("work_language").to_owned()
            error=error_for(errors, "work_language")/>
        {joint_fields(page, countries)}
    }
}

/// The step's own `&'static` spelling of a joint government's field (the components want one).
fn joint_name(part: usize, row: usize) -> &'static str {
    Institution::FIELDS
        [Institution::FIELDS.len() - JOINT_ROWS * JOINT_PARTS.len() + (row - 1) * JOINT_PARTS.len() + part]
}

/// The other governments asking jointly: folded away unless a row is filled or has a problem,
/// and open without JavaScript on a click (`<details>`).
fn joint_fields(page: &RequestFormView, countries: Vec<(String, String)>) -> impl IntoView {
    let e = &use_locale().messages().endorsement;
    let (form, errors) = (&page.journey.form, &page.journey.errors);
    let filled =
        (1..=JOINT_ROWS).any(|row| (0..JOINT_PARTS.len()).any(|part| !form.raw(joint_name(part, row)).is_empty()));
    let open = filled || errors.iter().any(|error| error.field.starts_with("joint_"));
    let rows = (1..=JOINT_ROWS)
        .map(|row| {
            let (country, name, email) = (joint_name(0, row), joint_name(1, row), joint_name(2, row));
            view! {
                <fieldset class="field-row">
                    <legend>{fill(e.joint_row, &[("number", &row)])}</legend>
                    <SelectField name=country label=e.joint_country options=countries.clone()
                        selected=form.raw(country).to_owned() error=error_for(errors, country) optional=true/>
                    <TextField name=name label=e.joint_official_name value=form.raw(name).to_owned()
                        error=error_for(errors, name) optional=true/>
                    <TextField name=email label=e.joint_official_email value=form.raw(email).to_owned()
                        error=error_for(errors, email) kind="email" optional=true maxlength=254/>
                </fieldset>
            }
        })
        .collect_view();
    view! {
        <details class="joint" open=open>
            <summary>{e.joint_legend}</summary>
            <p>{e.joint_intro}</p>
            {rows}
        </details>
    }
}

fn focal_point_fields(page: &RequestFormView) -> impl IntoView {
    let m = &use_locale().messages().request;
    let (form, errors) = (&page.journey.form, &page.journey.errors);
    view! {
        <p>{m.focal_intro}</p>
        <TextField name="focal_name" label=m.focal_name value=form.raw("focal_name").to_owned()
            error=error_for(errors, "focal_name") autocomplete="name"/>
        <TextField name="focal_position" label=m.focal_position value=form.raw("focal_position").to_owned()
            error=error_for(errors, "focal_position") autocomplete="organization-title"/>
        <TextField name="focal_email" label=m.focal_email value=form.raw("focal_email").to_owned()
            error=error_for(errors, "focal_email") kind="email" autocomplete="email" maxlength=254/>
        <TextField name="focal_phone" label=m.focal_phone value=form.raw("focal_phone").to_owned()
            error=error_for(errors, "focal_phone") kind="tel" autocomplete="tel" hint=Some(m.focal_phone_hint) maxlength=30/>
    }
}

fn details_fields(page: &RequestFormView) -> impl IntoView {
    let locale = use_locale();
    let m = &locale.messages().request;
    let taxonomy = taxonomy();
    let (form, errors) = (&page.journey.form, &page.journey.errors);
    let topics = taxonomy.topics.iter().map(|t| (t.code.clone(), t.label(locale).to_owned())).collect();
    let typologies = taxonomy
        .ta_typologies
        .iter()
        .map(|code| (code.clone(), taxonomy.label(Dimension::Typology, code, locale).to_owned()))
        .collect();
    let area = |name: &'static str, label: &'static str, hint: Option<&'static str>| {
        view! { <TextArea name label value=form.raw(name).to_owned() error=error_for(errors, name) maxlength=PARAGRAPH_MAX hint/> }
    };
    let note = |name: &'static str, label: &'static str, hint: &'static str| {
        view! { <TextArea name label value=form.raw(name).to_owned() error=error_for(errors, name) maxlength=NOTE_MAX hint=Some(hint) optional=true/> }
    };
    view! {
        <ChoiceGroup name="topics" legend=m.topics options=topics chosen=form.values("topics")
            error=error_for(errors, "topics") several=true hint=Some(m.topics_hint)/>
        <SelectField name="typology" label=m.typology options=typologies selected=form.raw("typology").to_owned()
            error=error_for(errors, "typology")/>
        {area("background", m.background, Some(m.background_hint))}
        {area("objectives", m.objectives, None)}
        {area("expected_results", m.expected_results, None)}
        {area("beneficiaries", m.beneficiaries, None)}
        {note("policy_link", m.policy_link, m.policy_link_hint)}
        {note("other_support", m.other_support, m.other_support_hint)}
        <TextField name="preferred_start" label=m.preferred_start value=form.raw("preferred_start").to_owned()
            error=error_for(errors, "preferred_start") kind="month" hint=Some(m.month_hint) maxlength=7/>
        <TextField name="preferred_end" label=m.preferred_end value=form.raw("preferred_end").to_owned()
            error=error_for(errors, "preferred_end") kind="month" optional=true maxlength=7/>
    }
}

fn attachment_fields(page: &RequestFormView) -> impl IntoView {
    let m = &use_locale().messages().request;
    let current = match &page.attachment {
        Some(file) => fill(m.letter_attached, &[("file", &file.name), ("size", &kilobytes(file.size_bytes))]),
        None => m.letter_none.to_owned(),
    };
    view! { <PdfField name="letter" label=m.letter hint=m.letter_hint current error=error_for(&page.journey.errors, "letter")/> }
}

/// How an answer reads on the review step: codes become labels.
fn answer_text(page: &RequestFormView, field: &str) -> String {
    let locale = use_locale();
    let taxonomy = taxonomy();
    let values = page.journey.form.values(field);
    let label = |dimension, code: &String| taxonomy.label(dimension, code, locale).to_owned();
    let texts: Vec<String> = match field {
        "country" => values.iter().map(|c| label(Dimension::Country, c)).collect(),
        _ if field.starts_with("joint_country_") => values.iter().map(|c| label(Dimension::Country, c)).collect(),
        "organisation" => values.iter().map(|c| label(Dimension::Organisation, c)).collect(),
        "topics" => values.iter().map(|c| label(Dimension::Topic, c)).collect(),
        "typology" => values.iter().map(|c| label(Dimension::Typology, c)).collect(),
        "work_language" => values.iter().map(|c| language_endonym(c).to_owned()).collect(),
        "requester_type" => {
            let m = &locale.messages().request;
            values
                .iter()
                .map(|v| {
                    if v == REQUESTER_GOVERNMENT { m.requester_government } else { m.requester_organisation }.to_owned()
                })
                .collect()
        }
        _ => page.journey.form.text(field).into_iter().collect(),
    };
    texts.join(", ")
}

/// Whether a field matters for this requester: a government names no organisation, an
/// organisation no country, and a joint government's row left empty is not shown.
fn applies(form: &RawForm, field: &str) -> bool {
    match field {
        "country" => form.raw("requester_type") != REQUESTER_ORGANISATION,
        "organisation" => form.raw("requester_type") != REQUESTER_GOVERNMENT,
        _ if field.starts_with("joint_") => {
            let row = field.rsplit('_').next().unwrap_or_default();
            JOINT_PARTS.iter().any(|part| !form.raw(&format!("joint_{part}_{row}")).is_empty())
        }
        _ => true,
    }
}

fn review(page: &RequestFormView) -> impl IntoView {
    let m = &use_locale().messages().request;
    let path = page.journey.draft_path.clone().unwrap_or_default();
    let incomplete = !page.journey.incomplete.is_empty();
    let letter = match &page.attachment {
        Some(file) => fill(m.letter_attached, &[("file", &file.name), ("size", &kilobytes(file.size_bytes))]),
        None => m.letter_none.to_owned(),
    };
    let sections = Step::ALL.into_iter().filter(|s| !s.fields().is_empty()).map(|step| {
        let rows = step.fields().iter().filter(|f| applies(&page.journey.form, f)).map(|field| {
            let problem = page.journey.incomplete.iter().find(|(s, e)| *s == step && e.field == *field).map(|(_, e)| problem_text(use_locale().problems(), e.problem));
            let answer = answer_text(page, field);
            let invalid = problem.is_some();
            let shown = if answer.is_empty() { m.not_answered.to_owned() } else { answer };
            view! {
                <dt>{field_label(use_locale(), field)}</dt>
                <dd class:answer--invalid=invalid>
                    <span class="answer">{shown}</span>
                    {problem.map(|p| view! { <span class="field__error">{p}</span> })}
                </dd>
            }
        }).collect_view();
        view! {
            <section class="review-section">
                <h3>{step_title(m, step)}" "<a href=format!("{path}/{}", step.slug())>{m.change}<span class="visually-hidden">": "{step_title(m, step)}</span></a></h3>
                <dl class="review-list">{rows}</dl>
            </section>
        }
    }).collect_view();
    let attachments = view! {
        <section class="review-section">
            <h3>{m.step_attachments}" "<a href=format!("{path}/{}", Step::Attachments.slug())>{m.change}<span class="visually-hidden">": "{m.step_attachments}</span></a></h3>
            <p>{letter}</p>
        </section>
    };
    view! {
        {if incomplete {
            view! { <p class="error-summary" role="alert">{m.review_incomplete}</p> }.into_any()
        } else {
            view! { <p>{m.review_intro}</p> }.into_any()
        }}
        {sections}
        {attachments}
    }
}
