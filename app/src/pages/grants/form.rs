//! `/grants/{slug}/apply` and `/grants/apply/{token}/{step}`: an organisation's application
//! to a call for proposals, one step per page, each a plain form post (works without
//! JavaScript). With it, the browser's checks run the call's rules as the reader types and
//! the budget's totals update live. The server renders the page from a `GrantFormView`.

use leptos::prelude::*;
use leptos_meta::Title;

use super::{grant_range, labels};
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
use crate::domain::form::{FieldError, RawForm};
use crate::domain::grant::{
    Budget, Call, CallPhase, FormStep, Step, StepFields, BUDGET_CATEGORIES, BUDGET_ROWS, KIND_NATIONAL, LINE_MAX,
    NSA_TYPOLOGIES, ORGANISATION_TYPES, PARAGRAPH_MAX,
};
use crate::error::AppError;
use crate::i18n::use_locale;
use crate::i18n::utc_time;
use crate::i18n::{fill, GrantMessages, Locale};

/// Everything a step's page shows; the server builds it for each request.
#[derive(Clone, Debug, PartialEq)]
pub struct GrantFormView {
    pub call: Call,
    pub phase: CallPhase,
    /// The step, its answers and problems (what every form's step shows).
    pub journey: StepPage<Step>,
    /// Once submitted: the reference and when the submitted version was last replaced.
    pub submitted: Option<(String, String)>,
    pub certificate: Option<AttachedFile>,
    /// The last post replaced the submitted version.
    pub resubmitted: bool,
    /// Budget rows shown (the others wait, hidden, for "add a line").
    pub budget_rows: usize,
    /// The latest founding year accepted (the browser's checks read it from the page).
    pub this_year: u32,
}

pub fn step_title(m: &GrantMessages, step: Step) -> &'static str {
    match step {
        Step::Organisation => m.step_organisation,
        Step::Project => m.step_project,
        Step::Budget => m.step_budget,
        Step::Certificate => m.step_certificate,
        Step::Review => m.step_review,
    }
}

/// The label of a field, as the error summary and the review name it.
pub fn field_label(m: &GrantMessages, field: &str) -> String {
    if let Some(rest) = field.strip_prefix("budget_") {
        if let Some((part, row)) = rest.rsplit_once('_').filter(|(_, row)| row.parse::<usize>().is_ok()) {
            let part = match part {
                "category" => m.budget_category,
                "description" => m.budget_description,
                _ => m.budget_amount,
            };
            return format!("{}: {part}", fill(m.budget_line, &[("number", &row)]));
        }
    }
    match field {
        "legal_name" => m.legal_name,
        "org_type" => m.org_type,
        "registration_number" => m.registration_number,
        "registration_country" => m.registration_country,
        "year_founded" => m.year_founded,
        "annual_budget" => m.annual_budget,
        "contact_name" => m.contact_name,
        "contact_email" => m.contact_email,
        "contact_phone" => m.contact_phone,
        "project_title" => m.project_title,
        "typology" => m.typology,
        "topics" => m.topics,
        "countries" => m.countries,
        "target_group" => m.target_group,
        "problem" => m.problem,
        "objectives" => m.objectives,
        "activities" => m.activities,
        "timeline" => m.timeline,
        "people_reached" => m.people_reached,
        "duration_months" => m.duration_months,
        "risks" => m.risks,
        "sustainability" => m.sustainability,
        "cofunding" => m.cofunding,
        "budget_total" => m.budget_total,
        "certificate" => m.certificate,
        _ => "",
    }
    .to_owned()
}

fn organisation_type(m: &GrantMessages, code: &str) -> &'static str {
    match code {
        "ngo" => m.org_ngo,
        "association" => m.org_association,
        "diaspora_group" => m.org_diaspora_group,
        "credit_union" => m.org_credit_union,
        _ => m.org_community_group,
    }
}

fn budget_category(m: &GrantMessages, code: &str) -> &'static str {
    match code {
        "staff" => m.category_staff,
        "activities" => m.category_activities,
        "travel" => m.category_travel,
        "equipment" => m.category_equipment,
        "communication" => m.category_communication,
        _ => m.category_administration,
    }
}

#[component]
pub fn GrantFormPage() -> impl IntoView {
    let Some(page) = use_context::<GrantFormView>() else {
        return view! { <ErrorView error=AppError::NotFound/> }.into_any();
    };
    let locale = use_locale();
    let m = &locale.messages().grants;
    if !page.journey.errors.is_empty() {
        set_status(422);
    }
    let step = page.journey.step;
    let call_title = page.call.title(locale).to_owned();
    let heading = fill(
        locale.messages().request.step_position,
        &[("number", &step.number()), ("steps", &Step::ALL.len()), ("title", &step_title(m, step))],
    );
    let summary = summary_entries(&page.journey.errors, |field| field_label(m, field));
    let deadline = page.call.deadline_text(locale);
    let status_line = match (&page.submitted, page.phase) {
        (_, CallPhase::Closed) => view! { <p class="error-summary" role="alert">{fill(m.deadline_passed, &[("deadline", &deadline)])}</p> }.into_any(),
        (Some((reference, at)), _) => view! {
            <p class="notice" role="status">{fill(m.submitted_notice, &[("reference", reference), ("submitted_at", &format!("{} UTC", utc_time(at))), ("deadline", &deadline)])}</p>
        }
        .into_any(),
        (None, _) => view! { <p class="notice">{fill(m.deadline_note, &[("deadline", &deadline)])}</p> }.into_any(),
    };
    let notice = match (page.resubmitted, &page.submitted) {
        (true, Some((reference, _))) => Some(
            view! { <p class="notice notice--success" role="status">{fill(m.resubmitted_notice, &[("reference", reference)])}</p> }
                .into_any(),
        ),
        _ => None,
    };
    let saved = page.journey.saved.clone().map(|(link, mail)| view! { <DraftSaved link mail/> });
    let too_large = page.journey.too_large.then(|| view! { <PostTooLarge/> });
    let fields = match step {
        Step::Organisation => organisation_fields(&page).into_any(),
        Step::Project => project_fields(&page).into_any(),
        Step::Budget => budget_fields(&page, locale).into_any(),
        Step::Certificate => certificate_field(&page).into_any(),
        Step::Review => review(&page, locale).into_any(),
    };
    let request = &locale.messages().request;
    let open = page.phase == CallPhase::Open;
    let buttons = StepButtons {
        primary: if step == Step::Review { ("submit", m.button_submit) } else { ("next", request.button_next) },
        back: step.previous().is_some(),
        save: page.journey.draft_path.is_some() && step != Step::Review,
    };
    let closed_answers = (!open).then(|| review(&page, locale));
    let multipart = step == Step::Certificate;
    let (action, call, this_year) = (page.journey.action.clone(), page.call.clone(), page.this_year);
    let form = open.then(move || {
        view! {
            <StepForm form="grant" step=step.slug() action multipart summary buttons>
                <CallTerms call this_year/>
                {fields}
            </StepForm>
        }
    });
    view! {
        <Title text=format!("{} – {}", step_title(m, step), call_title)/>
        <article class="request">
            <h1>{m.form_title}": "{call_title}</h1>
            <StepList label=m.steps_label steps=Step::ALL.map(|s| (s.slug(), step_title(m, s))).to_vec()
                current=step.slug() base_path=page.journey.draft_path.clone()/>
            <h2 class="request__step">{heading}</h2>
            {status_line}
            {notice}
            {too_large}
            {saved}
            {form}
            {closed_answers}
        </article>
        {(open && !step.fields().is_empty()).then(|| view! { <FormChecks form="grant"/> })}
    }
    .into_any()
}

/// The call's terms, for the browser's checks (the server knows them already).
#[component]
fn CallTerms(call: Call, this_year: u32) -> impl IntoView {
    let taxonomy = taxonomy();
    let countries = call
        .countries
        .iter()
        .filter_map(|iso3| Some(format!("{iso3}:{}", taxonomy.country(iso3)?.region)))
        .collect::<Vec<_>>()
        .join(",");
    view! {
        <div hidden data-grant-terms="" data-kind=call.kind data-countries=countries data-floor=call.floor_cents
            data-ceiling=call.ceiling_cents data-cofunding=call.cofunding_percent data-max-months=call.max_months
            data-this-year=this_year></div>
    }
}

fn organisation_fields(page: &GrantFormView) -> impl IntoView {
    let locale = use_locale();
    let m = &locale.messages().grants;
    let (form, errors) = (&page.journey.form, &page.journey.errors);
    let taxonomy = taxonomy();
    let types = ORGANISATION_TYPES.iter().map(|t| ((*t).to_owned(), organisation_type(m, t).to_owned())).collect();
    let countries = taxonomy
        .all_countries_by_name(locale)
        .into_iter()
        .map(|t| (t.code.clone(), t.label(locale).to_owned()))
        .collect();
    let text = |name: &'static str, label: &'static str, hint: Option<&'static str>| {
        view! { <TextField name label value=form.raw(name).to_owned() error=error_for(errors, name) hint/> }
    };
    view! {
        {text("legal_name", m.legal_name, None)}
        <ChoiceGroup name="org_type" legend=m.org_type options=types chosen=form.values("org_type")
            error=error_for(errors, "org_type")/>
        {text("registration_number", m.registration_number, Some(m.registration_hint))}
        <SelectField name="registration_country" label=m.registration_country options=countries
            selected=form.raw("registration_country").to_owned() error=error_for(errors, "registration_country")/>
        <TextField name="year_founded" label=m.year_founded value=form.raw("year_founded").to_owned()
            error=error_for(errors, "year_founded") kind="text" maxlength=4/>
        {text("annual_budget", m.annual_budget, Some(m.annual_budget_hint))}
        <TextField name="contact_name" label=m.contact_name value=form.raw("contact_name").to_owned()
            error=error_for(errors, "contact_name") autocomplete="name"/>
        <TextField name="contact_email" label=m.contact_email value=form.raw("contact_email").to_owned()
            error=error_for(errors, "contact_email") kind="email" autocomplete="email" maxlength=254 hint=Some(m.contact_email_hint)/>
        <TextField name="contact_phone" label=m.contact_phone value=form.raw("contact_phone").to_owned()
            error=error_for(errors, "contact_phone") kind="tel" autocomplete="tel" maxlength=30/>
    }
}

fn project_fields(page: &GrantFormView) -> impl IntoView {
    let locale = use_locale();
    let m = &locale.messages().grants;
    let (form, errors) = (&page.journey.form, &page.journey.errors);
    let taxonomy = taxonomy();
    let label = |dimension, code: &str| taxonomy.label(dimension, code, locale).to_owned();
    let typologies = NSA_TYPOLOGIES.iter().map(|t| ((*t).to_owned(), label(Dimension::Typology, t))).collect();
    let topics = page.call.topics.iter().map(|t| (t.clone(), label(Dimension::Topic, t))).collect();
    let mut countries: Vec<(String, String)> =
        page.call.countries.iter().map(|c| (c.clone(), label(Dimension::Country, c))).collect();
    countries.sort_by_cached_key(|(_, name)| crate::domain::taxonomy::fold(name));
    let countries_hint =
        if page.call.kind == KIND_NATIONAL { m.countries_hint_national } else { m.countries_hint_regional };
    let area = |name: &'static str, label: &'static str, hint: Option<&'static str>| {
        view! { <TextArea name label value=form.raw(name).to_owned() error=error_for(errors, name) maxlength=PARAGRAPH_MAX hint/> }
    };
    let duration_hint: &'static str = m.duration_hint;
    view! {
        <TextField name="project_title" label=m.project_title value=form.raw("project_title").to_owned()
            error=error_for(errors, "project_title") maxlength=LINE_MAX/>
        <ChoiceGroup name="typology" legend=m.typology options=typologies chosen=form.values("typology")
            error=error_for(errors, "typology")/>
        <ChoiceGroup name="topics" legend=m.topics options=topics chosen=form.values("topics")
            error=error_for(errors, "topics") several=true hint=Some(m.topics_hint)/>
        <ChoiceGroup name="countries" legend=m.countries options=countries chosen=form.values("countries")
            error=error_for(errors, "countries") several=true hint=Some(countries_hint)/>
        {area("target_group", m.target_group, Some(m.target_group_hint))}
        {area("problem", m.problem, None)}
        {area("objectives", m.objectives, None)}
        {area("activities", m.activities, None)}
        {area("timeline", m.timeline, Some(m.timeline_hint))}
        <TextField name="people_reached" label=m.people_reached value=form.raw("people_reached").to_owned()
            error=error_for(errors, "people_reached") hint=Some(m.people_reached_hint) maxlength=9/>
        <TextField name="duration_months" label=m.duration_months value=form.raw("duration_months").to_owned()
            error=error_for(errors, "duration_months") maxlength=2/>
        <p class="field__hint">{fill(duration_hint, &[("months", &page.call.max_months)])}</p>
        {area("risks", m.risks, None)}
        {area("sustainability", m.sustainability, None)}
    }
}

/// The step's own `&'static` spelling of a budget field's name (the components want one).
fn budget_name(part: usize, row: usize) -> &'static str {
    Budget::FIELDS[(row - 1) * 3 + part]
}

fn budget_fields(page: &GrantFormView, locale: Locale) -> impl IntoView {
    let m = &locale.messages().grants;
    let (form, errors) = (&page.journey.form, &page.journey.errors);
    let optional_mark = locale.messages().request.optional;
    let categories: Vec<(String, String)> =
        BUDGET_CATEGORIES.iter().map(|c| ((*c).to_owned(), budget_category(m, c).to_owned())).collect();
    let rows = (1..=BUDGET_ROWS)
        .map(|row| {
            let (category, description, amount) = (budget_name(0, row), budget_name(1, row), budget_name(2, row));
            let hidden = row > page.budget_rows;
            // A budget needs its first line, whole; each further line is optional as a whole
            // (its legend says so), though once begun it needs all three answers.
            let optional = row > 1;
            view! {
                <fieldset class="field-row budget-row" class:budget-row--optional=optional data-budget-row=row hidden=hidden>
                    <legend>
                        {fill(m.budget_line, &[("number", &row)])}
                        {optional.then(|| view! { " "<span class="field__optional">{optional_mark}</span> })}
                    </legend>
                    <SelectField name=category label=m.budget_category options=categories.clone()
                        selected=form.raw(category).to_owned() error=error_for(errors, category) optional/>
                    <TextField name=description label=m.budget_description value=form.raw(description).to_owned()
                        error=error_for(errors, description) optional maxlength=LINE_MAX/>
                    <TextField name=amount label=m.budget_amount value=form.raw(amount).to_owned()
                        error=error_for(errors, amount) optional maxlength=20/>
                </fieldset>
            }
        })
        .collect_view();
    let figures = Budget::read(form).running_figures();
    let (floor, ceiling) = (locale.money(page.call.floor_cents), locale.money(page.call.ceiling_cents));
    let range = match page.call.cofunding_percent {
        0 => fill(m.range_hint_no_cofunding, &[("floor", &floor), ("ceiling", &ceiling)]),
        percent => {
            fill(m.range_hint, &[("floor", &floor), ("ceiling", &ceiling), ("percent", &locale.percent(percent))])
        }
    };
    let more = page.budget_rows < BUDGET_ROWS;
    view! {
        <p>{m.budget_intro}</p>
        <p>{range}</p>
        <h3>{m.budget_table}</h3>
        {rows}
        {more.then(|| view! {
            <p><button type="submit" name="action" value="add_line" class="button-secondary" data-add-budget-line="">{m.add_line}</button></p>
        })}
        <TextField name="cofunding" label=m.cofunding value=form.raw("cofunding").to_owned()
            error=error_for(errors, "cofunding") hint=Some(m.cofunding_hint) optional=true maxlength=20/>
        <section class="budget-totals" aria-labelledby="budget-totals-heading">
            <h3 id="budget-totals-heading">{m.budget_totals}</h3>
            <p class="field__error" id="budget_total-error" data-error-for="budget_total">{error_for(errors, "budget_total")}</p>
            <dl class="facts" id="field-budget_total" tabindex="-1" aria-live="polite" aria-describedby="budget_total-error">
                <dt>{m.total_label}</dt><dd data-budget-figure="total">{locale.money(figures.total_cents)}</dd>
                <dt>{m.share_label}</dt><dd data-budget-figure="share">{locale.share(figures.cofunding_basis_points)}</dd>
                <dt>{m.requested_label}</dt><dd data-budget-figure="requested">{locale.money(figures.requested_cents)}</dd>
            </dl>
        </section>
    }
}

fn certificate_field(page: &GrantFormView) -> impl IntoView {
    let m = &use_locale().messages().grants;
    view! {
        <PdfField name="certificate" label=m.certificate hint=m.certificate_hint current=certificate_text(m, &page.certificate)
            error=error_for(&page.journey.errors, "certificate")/>
    }
}

fn certificate_text(m: &GrantMessages, certificate: &Option<AttachedFile>) -> String {
    match certificate {
        Some(file) => fill(m.certificate_attached, &[("file", &file.name), ("size", &kilobytes(file.size_bytes))]),
        None => m.certificate_none.to_owned(),
    }
}

/// How an answer reads on the review: codes become labels, amounts are written out.
fn answer_text(form: &RawForm, field: &str, locale: Locale) -> String {
    let m = &locale.messages().grants;
    let values = form.values(field);
    match field {
        "org_type" => values.iter().map(|v| organisation_type(m, v).to_owned()).collect::<Vec<_>>().join(", "),
        "registration_country" => {
            let taxonomy = taxonomy();
            values
                .iter()
                .map(|c| {
                    taxonomy
                        .all_countries
                        .iter()
                        .find(|t| &t.code == c)
                        .map_or(c.clone(), |t| t.label(locale).to_owned())
                })
                .collect::<Vec<_>>()
                .join(", ")
        }
        "typology" => labels(Dimension::Typology, &values, locale),
        "topics" => labels(Dimension::Topic, &values, locale),
        "countries" => labels(Dimension::Country, &values, locale),
        _ => form.text(field).unwrap_or_default(),
    }
}

/// An application's answers, step by step, as its review and the back office show them.
pub struct Answers<'a> {
    pub call: &'a Call,
    pub form: &'a RawForm,
    pub certificate: &'a Option<AttachedFile>,
    /// Problems left, shown next to their answers.
    pub incomplete: &'a [(Step, FieldError)],
    /// `/grants/apply/{token}` while the answers can change: each step gets a "change" link.
    pub change_path: Option<String>,
}

fn review(page: &GrantFormView, locale: Locale) -> impl IntoView {
    let m = &locale.messages().grants;
    let intro = if page.journey.incomplete.is_empty() {
        view! { <p>{m.review_intro}</p> }.into_any()
    } else {
        view! { <p class="error-summary" role="alert">{m.review_incomplete}</p> }.into_any()
    };
    let open = page.phase == CallPhase::Open;
    let answers = Answers {
        call: &page.call,
        form: &page.journey.form,
        certificate: &page.certificate,
        incomplete: &page.journey.incomplete,
        change_path: page.journey.draft_path.clone().filter(|_| open),
    };
    view! {
        {open.then_some(intro)}
        {application_answers(answers, locale)}
    }
}

pub fn application_answers(page: Answers<'_>, locale: Locale) -> impl IntoView {
    let m = &locale.messages().grants;
    let problem_of = |step: Step, field: &str| {
        page.incomplete
            .iter()
            .find(|(s, e)| *s == step && e.field == field)
            .map(|(_, e)| problem_text(locale.problems(), e.problem))
    };
    let section = |step: Step, body: AnyView| {
        let change = page.change_path.as_ref().map(|path| {
            view! { " "<a href=format!("{path}/{}", step.slug())>{m.change}<span class="visually-hidden">": "{step_title(m, step)}</span></a> }
        });
        view! { <section class="review-section"><h3>{step_title(m, step)}{change}</h3>{body}</section> }
    };
    let answers = |step: Step| {
        let rows = step
            .fields()
            .iter()
            .map(|field| {
                let problem = problem_of(step, field);
                let answer = answer_text(page.form, field, locale);
                let shown = if answer.is_empty() { m.not_answered.to_owned() } else { answer };
                let invalid = problem.is_some();
                view! {
                    <dt>{field_label(m, field)}</dt>
                    <dd class:answer--invalid=invalid>
                        <span class="answer">{shown}</span>
                        {problem.map(|p| view! { <span class="field__error">{p}</span> })}
                    </dd>
                }
            })
            .collect_view();
        view! { <dl class="review-list">{rows}</dl> }.into_any()
    };
    let budget = Budget::read(page.form);
    let lines = budget
        .rows
        .iter()
        .filter(|row| row.amount.is_some() || row.description.is_some() || row.category.is_some())
        .map(|row| {
            view! {
                <tr>
                    <td>{row.category.as_deref().map(|c| budget_category(m, c)).unwrap_or_default()}</td>
                    <td>{row.description.clone().unwrap_or_default()}</td>
                    <td class="nowrap">{row.amount.clone().unwrap_or_default()}</td>
                </tr>
            }
        })
        .collect_view();
    let figures = budget.running_figures();
    let budget_problems = page
        .incomplete
        .iter()
        .filter(|(s, _)| *s == Step::Budget)
        .map(|(_, e)| view! { <li class="field__error">{field_label(m, &e.field)}": "{problem_text(locale.problems(), e.problem)}</li> })
        .collect_view();
    let budget_view = view! {
        <div class="table-scroll">
            <table class="list">
                <thead><tr><th scope="col">{m.budget_category}</th><th scope="col">{m.budget_description}</th><th scope="col">{m.budget_amount}</th></tr></thead>
                <tbody>{lines}</tbody>
            </table>
        </div>
        <ul>{budget_problems}</ul>
        <dl class="facts">
            <dt>{m.total_label}</dt><dd>{locale.money(figures.total_cents)}</dd>
            <dt>{m.cofunding}</dt><dd>{locale.money(figures.cofunding_cents)}" ("{locale.share(figures.cofunding_basis_points)}")"</dd>
            <dt>{m.requested_label}</dt><dd>{locale.money(figures.requested_cents)}</dd>
        </dl>
        <p>{grant_range(page.call, locale)}</p>
    }
    .into_any();
    view! {
        {section(Step::Organisation, answers(Step::Organisation))}
        {section(Step::Project, answers(Step::Project))}
        {section(Step::Budget, budget_view)}
        {section(Step::Certificate, view! { <p>{certificate_text(m, page.certificate)}</p> }.into_any())}
    }
}
