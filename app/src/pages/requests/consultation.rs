//! The consultation round on a TA fiche: read by staff (every consultee and answer) and by the
//! requester (the tally and the outcome), opened and decided on the fiche's staff page, and
//! answered by each consultee on `/requests/consult/{token}`, their own single-use link.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::error_view::ErrorView;
use crate::components::form_fields::{problem_text, ChoiceGroup, SelectField, TextArea, TextField};
use crate::components::local_time::LocalTime;
use crate::domain::consultation::{Consultation, Consultee, Round, RoundOutcome, Standing, ANSWERS, DECISIONS};
use crate::domain::form::{FieldError, RawForm};
use crate::domain::ta_cycle::FicheWork;
use crate::domain::ta_request::{NOTE_MAX, PARAGRAPH_MAX};
use crate::error::AppError;
use crate::i18n::{fill, use_locale, utc_time, ConsultationMessages, Locale};
use crate::pages::requests::fiche::FicheReading;
use rules::grant::call::UTC_OFFSETS;

fn standing_text(m: &'static ConsultationMessages, standing: Standing) -> &'static str {
    match standing {
        Standing::Waiting => m.waiting,
        Standing::Agreed => m.answer_names[0],
        Standing::AgreedWithComments => m.answer_names[1],
        Standing::Objected => m.answer_names[2],
        Standing::SilentAgreed => m.silent_agreed,
    }
}

fn outcome_text(m: &'static ConsultationMessages, round: &Round, now: &str) -> String {
    let reason = round.decided.as_ref().map_or("", |d| d.reason.as_str());
    match round.outcome(now) {
        RoundOutcome::Open => m.outcome_open.to_owned(),
        RoundOutcome::Agreed { silent: 0 } => m.outcome_agreed.to_owned(),
        RoundOutcome::Agreed { silent } => fill(m.outcome_agreed_silent, &[("silent", &silent)]),
        RoundOutcome::Objected => m.outcome_objected.to_owned(),
        RoundOutcome::Proceed => fill(m.outcome_proceed, &[("reason", &reason)]),
        RoundOutcome::Revise => fill(m.outcome_revise, &[("reason", &reason)]),
    }
}

fn consultee_row(m: &'static ConsultationMessages, round: &Round, c: &Consultee, now: &str) -> impl IntoView {
    let who = if c.is_requester { format!("{} ({})", c.email, m.requester_marker) } else { c.email.clone() };
    let reminded = c.reminded_at.as_ref().map(|at| format!(" · {}", fill(m.reminded, &[("at", &utc_time(at))])));
    view! {
        <tr>
            <td>{who}</td>
            <td>{standing_text(m, round.standing(c, now))}{reminded}</td>
            <td class="history__body">{c.comment.clone().unwrap_or_default()}</td>
            <td>{c.answered_at.as_deref().map(utc_time).unwrap_or_default()}</td>
        </tr>
    }
}

/// One round as staff read it: every consultee, their answer and the outcome.
fn round_for_staff(m: &'static ConsultationMessages, locale: Locale, round: &Round, now: &str) -> impl IntoView {
    let rows = round.consultees.iter().map(|c| consultee_row(m, round, c, now)).collect_view();
    view! {
        <h3>{fill(m.round_heading, &[("number", &round.number)])}</h3>
        <p class="notes__meta">
            {fill(m.round_meta, &[("opened_at", &utc_time(&round.opened_at)), ("deadline", &round.deadline_text(locale))])}
            <LocalTime utc=round.deadline_at.clone()/>
        </p>
        <p>{outcome_text(m, round, now)}</p>
        <table class="list">
            <thead><tr>
                <th scope="col">{m.consultee}</th><th scope="col">{m.answer}</th>
                <th scope="col">{m.comment}</th><th scope="col">{m.answered_at}</th>
            </tr></thead>
            <tbody>{rows}</tbody>
        </table>
    }
}

/// One round as the requester reads it: the deadline, the tally and the outcome; who else was
/// consulted and what they wrote stay with staff.
fn round_for_requester(m: &'static ConsultationMessages, locale: Locale, round: &Round, now: &str) -> impl IntoView {
    let count = |standing: Standing| round.consultees.iter().filter(|c| round.standing(c, now) == standing).count();
    let tally = fill(
        m.tally,
        &[
            ("agreed", &count(Standing::Agreed)),
            ("comments", &count(Standing::AgreedWithComments)),
            ("objected", &count(Standing::Objected)),
            ("silent", &count(Standing::SilentAgreed)),
            ("waiting", &count(Standing::Waiting)),
        ],
    );
    view! {
        <h3>{fill(m.round_heading, &[("number", &round.number)])}</h3>
        <p class="notes__meta">
            {fill(m.round_meta, &[("opened_at", &utc_time(&round.opened_at)), ("deadline", &round.deadline_text(locale))])}
            <LocalTime utc=round.deadline_at.clone()/>
        </p>
        <p>{tally}</p>
        <p>{outcome_text(m, round, now)}</p>
    }
}

/// Who reads the consultation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConsultationReader {
    Staff,
    Requester,
}

/// The fiche's consultation rounds, newest first, as of `now` (UTC, as stored).
#[component]
pub fn ConsultationReading(consultation: Consultation, now: String, reader: ConsultationReader) -> impl IntoView {
    let locale = use_locale();
    let m = &locale.messages().consultation;
    if consultation.rounds.is_empty() {
        return view! { <p>{m.none}</p> }.into_any();
    }
    let rounds = consultation
        .rounds
        .iter()
        .map(|round| match reader {
            ConsultationReader::Staff => round_for_staff(m, locale, round, &now).into_any(),
            ConsultationReader::Requester => round_for_requester(m, locale, round, &now).into_any(),
        })
        .collect_view();
    view! { <div class="stage-work">{rounds}</div> }.into_any()
}

/// The management unit's forms on the fiche's page: a new round when one may open, a
/// decision when an objection waits for one. `typed` and `problems` are a post's that failed.
#[component]
pub fn ConsultationForms(
    path: String,
    consultation: Consultation,
    now: String,
    fiche_complete: bool,
    typed: RawForm,
    problems: Vec<FieldError>,
) -> impl IntoView {
    let locale = use_locale();
    let m = &locale.messages().consultation;
    let value = |field: &str| typed.raw(field).to_owned();
    let error =
        |field: &str| problems.iter().find(|e| e.field == field).map(|e| problem_text(locale.problems(), e.problem));
    let open = consultation.may_open_round(&now).then(|| {
        if !fiche_complete {
            return view! { <p>{m.needs_complete_fiche}</p> }.into_any();
        }
        let languages: Vec<(String, String)> =
            Locale::ALL.iter().map(|l| (l.code().to_owned(), l.name_in(locale).to_owned())).collect();
        let offsets: Vec<(String, String)> = UTC_OFFSETS.iter().map(|o| ((*o).to_owned(), format!("UTC{o}"))).collect();
        // Until something is typed: UTC, and e-mails in English.
        let or = |field: &str, default: &str| {
            if typed.raw(field).is_empty() { default.to_owned() } else { value(field) }
        };
        view! {
            <h3>{m.open_heading}</h3>
            <form method="post" action=format!("{path}/consultation") class="request-form">
                <TextArea name="consultees" label=m.consultees_label value=value("consultees") error=error("consultees")
                    maxlength=NOTE_MAX hint=Some(m.consultees_hint) optional=true/>
                <SelectField name="consultee_language" label=m.language_label options=languages
                    selected=or("consultee_language", "en") error=error("consultee_language")/>
                <TextField name="deadline" label=m.deadline_label value=value("deadline") error=error("deadline")
                    kind="datetime-local" maxlength=19 hint=Some(m.deadline_hint)/>
                <SelectField name="utc_offset" label=m.offset_label options=offsets selected=or("utc_offset", "+00:00") error=error("utc_offset")/>
                <div class="form-actions"><button type="submit" class="button-primary">{m.open_button}</button></div>
            </form>
        }
        .into_any()
    });
    let objected = consultation.latest().is_some_and(|r| r.outcome(&now) == RoundOutcome::Objected);
    let decide = objected.then(|| {
        let decisions: Vec<(String, String)> =
            DECISIONS.iter().map(|d| ((*d).to_owned(), m.decision_name(d).to_owned())).collect();
        view! {
            <h3>{m.decide_heading}</h3>
            <form method="post" action=format!("{path}/consultation/decision") class="request-form">
                <ChoiceGroup name="decision" legend=m.decision_label options=decisions chosen=typed.values("decision")
                    error=error("decision")/>
                <TextArea name="reason" label=m.reason_label value=value("reason") error=error("reason") maxlength=PARAGRAPH_MAX/>
                <div class="form-actions"><button type="submit" class="button-primary">{m.decide_button}</button></div>
            </form>
        }
    });
    view! { {open}{decide} }
}

/// Where a consultee's link stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkState {
    /// The form is shown.
    Answering,
    /// Just answered.
    Thanks,
    /// Answered before: a link takes one answer.
    AnsweredAlready,
    /// The deadline passed without an answer: counted as agreeing.
    TooLate,
    /// A later round, or the request moved on.
    RoundOver,
}

/// The consultee's page.
#[derive(Clone, Debug, PartialEq)]
pub struct ConsulteeView {
    pub reference: String,
    /// Who asked for the assistance.
    pub institution: String,
    pub round: Round,
    pub consultee: Consultee,
    pub fiche: FicheWork,
    pub state: LinkState,
    /// Where the form posts: the link itself.
    pub path: String,
    pub typed: RawForm,
    pub problems: Vec<FieldError>,
}

#[component]
pub fn ConsulteePage() -> impl IntoView {
    let Some(page) = use_context::<ConsulteeView>() else {
        return view! { <ErrorView error=AppError::NotFound/> }.into_any();
    };
    let locale = use_locale();
    let m = &locale.messages().consultation;
    let deadline = page.round.deadline_text(locale);
    let answered_at = page.consultee.answered_at.as_deref().map(utc_time).unwrap_or_default();
    let answer = page.consultee.answer.as_deref().map(|a| m.answer_name(a)).unwrap_or_default();
    let notice = match page.state {
        LinkState::Answering => None,
        LinkState::Thanks => Some(fill(m.thanks, &[("answered_at", &answered_at)])),
        LinkState::AnsweredAlready => {
            Some(fill(m.answered_already, &[("answer", &answer), ("answered_at", &answered_at)]))
        }
        LinkState::TooLate => Some(fill(m.too_late, &[("deadline", &deadline)])),
        LinkState::RoundOver => Some(m.round_over.to_owned()),
    }
    .map(|text| view! { <div class="notice" role="status"><p>{text}</p></div> });
    let error = |field: &str| {
        page.problems.iter().find(|e| e.field == field).map(|e| problem_text(locale.problems(), e.problem))
    };
    let form = (page.state == LinkState::Answering).then(|| {
        let choices: Vec<(String, String)> =
            ANSWERS.iter().zip(m.answer_choices).map(|(code, name)| ((*code).to_owned(), name.to_owned())).collect();
        view! {
            <form method="post" action=page.path.clone() class="request-form">
                <ChoiceGroup name="answer" legend=m.answer_legend options=choices chosen=page.typed.values("answer")
                    error=error("answer")/>
                <TextArea name="comment" label=m.comment_label value=page.typed.raw("comment").to_owned()
                    error=error("comment") maxlength=NOTE_MAX hint=Some(m.comment_hint) optional=true/>
                <div class="form-actions"><button type="submit" class="button-primary">{m.send_button}</button></div>
            </form>
        }
    });
    let intro = fill(m.page_intro, &[("reference", &page.reference), ("deadline", &deadline)]);
    view! {
        <Title text=format!("{} · {}", m.page_title, page.reference)/>
        <article class="tracking">
            <h1>{m.page_title}" · "{page.reference.clone()}</h1>
            <p class="lead">{page.institution.clone()}</p>
            {notice}
            <p>{intro}<LocalTime utc=page.round.deadline_at.clone()/></p>
            {form}
            <FicheReading work=page.fiche.clone()/>
        </article>
    }
    .into_any()
}
