//! `/staff/grants/applications/{reference}`: one submitted application in the back office.
//! A reviewer declares a conflict of interest before seeing anything, then scores each
//! criterion; the management unit assigns reviewers, decides and records people reached.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::error_view::{set_status, ErrorView};
use crate::components::form_fields::{error_for, ChoiceGroup, ErrorSummary, SelectField, TextArea, TextField};
use crate::components::staff_bar::StaffBar;
use crate::components::translated::other_language;
use crate::domain::file::AttachedFile;
use crate::domain::form::{FieldError, RawForm};
use crate::domain::grant::scoring::{points_text, COI_DECLARED, COI_NONE, DECISIONS, SCORE_FIELDS};
use crate::domain::grant::{
    ApplicationStatus, Call, CallPhase, OwnReview, ReviewRow, ReviewState, SubmittedApplication, NOTE_MAX,
};
use crate::domain::staff::{Role, StaffUser};
use crate::error::AppError;
use crate::i18n::use_locale;
use crate::i18n::{fill, GrantMessages, Locale};
use crate::pages::grants::form::{application_answers, Answers};

/// What the signed-in member of staff may do with an application.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// Not theirs to see: the page answers 404.
    Hidden,
    /// Asked to review: they declare before seeing anything.
    Declare,
    /// Declared a conflict: they see nothing of it.
    Abstained,
    Read,
}

impl Access {
    /// A reviewer's own declaration decides; otherwise the management unit reads everything.
    pub fn of(user: &StaffUser, own: Option<ReviewState>) -> Access {
        match own {
            Some(ReviewState::Conflict) => Access::Abstained,
            Some(ReviewState::Assigned) => Access::Declare,
            Some(ReviewState::Clear | ReviewState::Scored) => Access::Read,
            None if user.role == Role::Admin => Access::Read,
            None => Access::Hidden,
        }
    }
}

/// What the last action did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ApplicationNotice {
    Assigned,
    Declared,
    Scored,
    Decided,
    Reach,
}

impl ApplicationNotice {
    pub const ALL: [(&'static str, ApplicationNotice); 5] = [
        ("assigned", ApplicationNotice::Assigned),
        ("declared", ApplicationNotice::Declared),
        ("scored", ApplicationNotice::Scored),
        ("decided", ApplicationNotice::Decided),
        ("reach", ApplicationNotice::Reach),
    ];

    fn text(self, m: &GrantMessages) -> &'static str {
        match self {
            ApplicationNotice::Assigned => m.notice_assigned,
            ApplicationNotice::Declared => m.notice_declared,
            ApplicationNotice::Scored => m.notice_scored,
            ApplicationNotice::Decided => m.notice_decided,
            ApplicationNotice::Reach => m.notice_reach,
        }
    }
}

/// The page's content, prepared by the server.
#[derive(Clone, Debug, PartialEq)]
pub struct StaffApplicationView {
    pub user: StaffUser,
    pub access: Access,
    pub call: Call,
    pub phase: CallPhase,
    pub application: SubmittedApplication,
    pub certificate: Option<AttachedFile>,
    pub own: Option<OwnReview>,
    pub reviewers: Vec<ReviewRow>,
    /// Who can be asked to review `(id, name)` (the management unit's view only).
    pub staff: Vec<(i64, String)>,
    /// A post with problems, as typed, and its problems.
    pub typed: RawForm,
    pub errors: Vec<FieldError>,
    pub notice: Option<ApplicationNotice>,
}

fn review_state_text(m: &GrantMessages, row: &ReviewRow, language: &str) -> String {
    match row.state {
        ReviewState::Assigned => m.review_state_assigned.to_owned(),
        ReviewState::Conflict => m.review_state_conflict.to_owned(),
        ReviewState::Clear => m.review_state_clear.to_owned(),
        ReviewState::Scored => {
            fill(m.review_state_scored, &[("points", &points_text(row.total_tenths.unwrap_or(0), language))])
        }
    }
}

/// The label of a field of this page's forms, as the error summary names it.
fn field_label(locale: Locale, call: &Call, field: &str) -> String {
    let m = &locale.messages().grants;
    if let Some(i) = SCORE_FIELDS.iter().position(|f| *f == field) {
        let name = call.criteria.get(i / 2).map(|c| c.in_language(locale.code()).name).unwrap_or_default();
        let part = if i % 2 == 0 { m.score_label } else { m.comment_label };
        return format!("{name}: {part}");
    }
    match field {
        "coi" => m.coi,
        "coi_details" => m.coi_details,
        "decision" => m.decision_label,
        "reason" => m.reason_label,
        "people_reached" => m.reach_label,
        _ => "",
    }
    .to_owned()
}

#[component]
pub fn StaffApplicationPage() -> impl IntoView {
    let Some(page) = use_context::<StaffApplicationView>() else {
        return view! { <ErrorView error=AppError::NotFound/> }.into_any();
    };
    let locale = use_locale();
    let m = &locale.messages().grants;
    if !page.errors.is_empty() {
        set_status(422);
    }
    let reference = page.application.reference.clone();
    let base = format!("/staff/grants/applications/{reference}");
    let heading = fill(m.staff_application_title, &[("reference", &reference)]);
    let summary = crate::components::step_form::summary_entries(&page.errors, |f| field_label(locale, &page.call, f));
    let notice = page.notice.map(|n| view! { <p class="notice notice--success" role="status">{n.text(m)}</p> });
    let body = match page.access {
        Access::Hidden => ().into_any(),
        Access::Abstained => view! { <p class="notice">{m.abstained}</p> }.into_any(),
        Access::Declare => declaration(&page, &base).into_any(),
        Access::Read => {
            let answers = Answers {
                call: &page.call,
                form: &page.application.form,
                certificate: &page.certificate,
                incomplete: &[],
                change_path: None,
            };
            let certificate = page.certificate.as_ref().map(|file| {
                view! { <p><a href=format!("{base}/certificate")>{fill(m.certificate_attached, &[("file", &file.name), ("size", &crate::components::step_form::kilobytes(file.size_bytes))])}</a></p> }
            });
            view! {
                {decision_summary(&page, m)}
                {certificate}
                {scoring(&page, &base)}
                {management(&page, &base)}
                {application_answers(answers, locale)}
            }
            .into_any()
        }
    };
    view! {
        <Title text=heading.clone()/>
        <StaffBar user=page.user.clone()/>
        <p><a href=format!("/staff/grants/{}", page.call.id)>{page.call.title(locale).to_owned()}</a></p>
        <h1>{heading}</h1>
        {notice}
        <ErrorSummary entries=summary/>
        {body}
    }
    .into_any()
}

fn declaration(page: &StaffApplicationView, base: &str) -> impl IntoView {
    let m = &use_locale().messages().grants;
    let options =
        vec![(COI_NONE.to_owned(), m.coi_none.to_owned()), (COI_DECLARED.to_owned(), m.coi_declared.to_owned())];
    view! {
        <section aria-labelledby="declare-heading">
            <h2 id="declare-heading">{m.declare_heading}</h2>
            <p>{m.declare_intro}</p>
            <form method="post" action=format!("{base}/declare") class="request-form" novalidate>
                <ChoiceGroup name="coi" legend=m.coi options chosen=page.typed.values("coi") error=error_for(&page.errors, "coi")/>
                <TextArea name="coi_details" label=m.coi_details value=page.typed.raw("coi_details").to_owned()
                    error=error_for(&page.errors, "coi_details") maxlength=NOTE_MAX optional=true/>
                <div class="form-actions"><button type="submit" class="button-primary">{m.declare_button}</button></div>
            </form>
        </section>
    }
}

fn decision_summary(page: &StaffApplicationView, m: &'static GrantMessages) -> impl IntoView {
    let decided = page.application.status != ApplicationStatus::Submitted;
    decided.then(|| {
        view! {
            <p class="notice">
                <strong>{fill(m.decided_text, &[("decision", &page.application.status.name(m))])}</strong>" "
                {page.application.decision_reason.clone().map(|r| fill(m.reason_given, &[("reason", &r)]))}
            </p>
            {page.application.intervention_slug.clone().map(|slug| {
                let path = format!("/interventions/{slug}");
                view! { <p><a href=path.clone()>{fill(m.on_map, &[("path", &path)])}</a></p> }
            })}
        }
    })
}

/// The reviewer's own scores, while the application is undecided.
fn scoring(page: &StaffApplicationView, base: &str) -> impl IntoView {
    let locale = use_locale();
    let m = &locale.messages().grants;
    let own = page.own.as_ref().filter(|own| own.state.may_read())?;
    if page.application.status != ApplicationStatus::Submitted {
        return None;
    }
    let typed = page.typed.pairs().next().is_some();
    let rows = page
        .call
        .criteria
        .iter()
        .enumerate()
        .map(|(i, criterion)| {
            let (score, comment) = (SCORE_FIELDS[i * 2], SCORE_FIELDS[i * 2 + 1]);
            let saved = own.scores.get(i);
            let value = |field: &str, stored: Option<String>| {
                if typed {
                    page.typed.raw(field).to_owned()
                } else {
                    stored.unwrap_or_default()
                }
            };
            let text = criterion.in_language(locale.code());
            let lang = other_language(&text.locale, locale);
            view! {
                <fieldset class="field-row">
                    <legend><span lang=lang.clone()>{text.name}</span>" ("{fill(m.weight_percent, &[("weight", &criterion.weight)])}")"</legend>
                    {text.guidance.map(|g| view! { <p class="field__hint" lang=lang>{g}</p> })}
                    <TextField name=score label=m.score_label value=value(score, saved.map(|s| s.0.to_string()))
                        error=error_for(&page.errors, score) maxlength=2/>
                    <TextArea name=comment label=m.comment_label value=value(comment, saved.map(|s| s.1.clone()))
                        error=error_for(&page.errors, comment) maxlength=NOTE_MAX/>
                </fieldset>
            }
        })
        .collect_view();
    Some(view! {
        <section aria-labelledby="score-heading">
            <h2 id="score-heading">{m.score_heading}</h2>
            <p>{m.score_intro}</p>
            <form method="post" action=format!("{base}/score") class="request-form" novalidate>
                {rows}
                <div class="form-actions"><button type="submit" class="button-primary">{m.score_button}</button></div>
            </form>
        </section>
    })
}

/// The management unit's part: reviewers, the decision, people reached.
fn management(page: &StaffApplicationView, base: &str) -> impl IntoView {
    let locale = use_locale();
    let m = &locale.messages().grants;
    if page.user.role != Role::Admin {
        return None;
    }
    let reviewers = page
        .reviewers
        .iter()
        .map(|row| view! { <li>{row.reviewer.clone()}": "{review_state_text(m, row, locale.code())}</li> })
        .collect_view();
    let staff: Vec<(String, String)> = page
        .staff
        .iter()
        .filter(|(id, _)| !page.reviewers.iter().any(|r| r.reviewer_id == *id))
        .map(|(id, name)| (id.to_string(), name.clone()))
        .collect();
    let undecided = page.application.status == ApplicationStatus::Submitted;
    let assign = undecided.then(|| {
        view! {
            <form method="post" action=format!("{base}/assign") class="inline-form">
                <SelectField name="reviewer" label=m.assign_label options=staff selected=String::new() error=error_for(&page.errors, "reviewer")/>
                <button type="submit" class="button-secondary">{m.assign_button}</button>
            </form>
        }
    });
    let decision = match (undecided, page.phase) {
        (true, CallPhase::Closed) => {
            let options = DECISIONS
                .iter()
                .filter_map(|d| ApplicationStatus::parse(d))
                .map(|s| (s.as_str().to_owned(), s.name(m).to_owned()))
                .collect();
            view! {
                <form method="post" action=format!("{base}/decide") class="request-form" novalidate>
                    <ChoiceGroup name="decision" legend=m.decision_label options chosen=page.typed.values("decision")
                        error=error_for(&page.errors, "decision")/>
                    <TextArea name="reason" label=m.reason_label value=page.typed.raw("reason").to_owned()
                        error=error_for(&page.errors, "reason") maxlength=NOTE_MAX/>
                    <div class="form-actions"><button type="submit" class="button-primary">{m.decide_button}</button></div>
                </form>
            }
            .into_any()
        }
        (true, _) => view! { <p>{m.decide_after_deadline}</p> }.into_any(),
        (false, _) => ().into_any(),
    };
    let reach = (page.application.status == ApplicationStatus::Funded).then(|| {
        view! {
            <section aria-labelledby="reach-heading">
                <h2 id="reach-heading">{m.reach_heading}</h2>
                <form method="post" action=format!("{base}/reach") class="inline-form">
                    <TextField name="people_reached" label=m.reach_label value=page.typed.raw("people_reached").to_owned()
                        error=error_for(&page.errors, "people_reached") maxlength=9/>
                    <button type="submit" class="button-secondary">{m.reach_button}</button>
                </form>
            </section>
        }
    });
    Some(view! {
        <section aria-labelledby="reviewers-heading">
            <h2 id="reviewers-heading">{m.reviewers_heading}</h2>
            {page.reviewers.is_empty().then(|| view! { <p>{m.no_reviewers}</p> })}
            <ul>{reviewers}</ul>
            {assign}
        </section>
        <section aria-labelledby="decision-heading">
            <h2 id="decision-heading">{m.decision_heading}</h2>
            {decision}
        </section>
        {reach}
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(role: Role) -> StaffUser {
        StaffUser { id: 1, email: "a@example.org".into(), name: "A".into(), role, regions: Vec::new() }
    }

    #[test]
    fn a_declaration_comes_before_anything_is_seen_and_a_conflict_hides_everything() {
        for role in [Role::Admin, Role::Coordinator] {
            assert_eq!(Access::of(&user(role), Some(ReviewState::Assigned)), Access::Declare);
            assert_eq!(Access::of(&user(role), Some(ReviewState::Conflict)), Access::Abstained);
            assert_eq!(Access::of(&user(role), Some(ReviewState::Scored)), Access::Read);
        }
        assert_eq!(Access::of(&user(Role::Admin), None), Access::Read);
        assert_eq!(Access::of(&user(Role::Coordinator), None), Access::Hidden);
    }
}
