//! The consultation round on a TA fiche: the management unit opens a round and decides on an
//! objection from the fiche's page; each consultee reads the fiche and answers once on their
//! own link, `/requests/consult/{token}`. Opening the link never acts: the answer is a post.
//! Deadlines are compared as instants on the server, in the answer's transaction.

use app::db::ta_requests::{self, AnswerWrite, ConsultationWrite, ConsulteeLink, Invitee, NewRound};
use app::domain::consultation::{self, reminder_at, ConsulteeAnswer, RoundDecision, RoundForm};
use app::domain::form::RawForm;
use app::domain::grant::call::utc_text;
use app::domain::staff::{Role, StaffUser};
use app::domain::stage::Stage;
use app::domain::steps::{check, StepFields};
use app::domain::ta_request::StoredRequest;
use app::i18n::Locale;
use app::mail::{self, OutgoingMail};
use app::pages::requests::consultation::{ConsulteeView, LinkState};
use app::secret::{looks_like_token, new_token, token_hash};
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use time::OffsetDateTime;

use super::fiche::FichePage;
use super::tracking::notices_to_holders;
use super::{covered_at_stage, StagePage};
use crate::auth::Staff;
use crate::limits::{self, CONSULTATION_MAILS_PER_RECIPIENT};
use crate::routes::render::{found_or_404, internal_error, not_found, refuse, render, Answer, Refusal};
use crate::AppState;

/// The Leptos route these handlers render (axum path syntax).
pub const PAGES: [&str; 1] = ["/requests/consult/{token}"];

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/staff/requests/{reference}/consultation", post(open_round))
        .route("/staff/requests/{reference}/consultation/decision", post(decide))
        .route("/requests/consult/{token}", get(consultee_page).post(answer))
        .layer(DefaultBodyLimit::max(crate::policy::FORM_BODY_LIMIT))
}

/// The request of a management-unit post on its consultation: 403 for anyone else.
async fn managed_request(
    state: &AppState,
    user: &StaffUser,
    reference: &str,
    parts: Parts,
) -> Result<(StoredRequest, Parts), Response> {
    let (request, parts) = covered_at_stage(state, user, reference, parts, Stage::TaFiche).await?;
    if user.role != Role::Admin {
        return Err(refuse(&parts.headers, Refusal::ConsultationManagementOnly));
    }
    Ok((request, parts))
}

fn consult_link(state: &AppState, token: &str) -> String {
    format!("{}/requests/consult/{token}", state.public_url)
}

/// Where a write to the consultation ends: back to the fiche's page saying `done`, or a refusal.
fn written(outcome: ConsultationWrite, reference: &str, done: &str, parts: &Parts) -> Answer {
    match outcome {
        ConsultationWrite::Done(_) => {
            Ok(Redirect::to(&format!("{}?done={done}", FichePage::path(reference))).into_response())
        }
        ConsultationWrite::NotAtStage => Err(refuse(&parts.headers, Refusal::RequestMovedOn)),
        ConsultationWrite::FicheIncomplete | ConsultationWrite::RoundState => {
            Err(refuse(&parts.headers, Refusal::ConsultationRoundState))
        }
    }
}

/// The management unit sends the fiche to the requester and the addresses typed, each with
/// their own link, the deadline checked against now.
async fn open_round(
    State(state): State<AppState>,
    Staff(user): Staff,
    Path(reference): Path<String>,
    parts: Parts,
    body: Bytes,
) -> Answer {
    let (request, parts) = managed_request(&state, &user, &reference, parts).await?;
    let form = RawForm::from_urlencoded(&body).only(RoundForm::FIELDS);
    let now = OffsetDateTime::now_utc().replace_nanosecond(0).unwrap_or_else(|_| OffsetDateTime::now_utc());
    let round = match check::<RoundForm>(&form, &now) {
        Ok(round) => round,
        Err(problems) => {
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            return Err(FichePage::with_problems(&state, parts, user, request, form, problems, status).await);
        }
    };
    let deadline_at = round.deadline_at().ok_or_else(|| internal_error("a checked deadline did not read"))?;
    let requester_locale = Locale::from_code(&request.locale).unwrap_or_default();
    let others_locale = round.consultee_language.as_deref().and_then(Locale::from_code).unwrap_or_default();
    let requester = request.focal_point.focal_email.clone().unwrap_or_default();
    let mut invitees = vec![(requester.clone(), requester_locale, true)];
    let key = |address: &str| app::db::addresses::address_key(address);
    for address in round.addresses().into_iter().filter(|a| key(a) != key(&requester)) {
        invitees.push((address, others_locale, false));
    }
    let (mut stored, mut mails) = (Vec::new(), Vec::new());
    for (email, locale, is_requester) in invitees {
        limits::check(&state, CONSULTATION_MAILS_PER_RECIPIENT, &key(&email), now)
            .await
            .map_err(|refused| limits::too_many_requests(&parts.headers, &refused))?;
        let token = new_token();
        let deadline = consultation::deadline_text(&utc_text(deadline_at), &round_offset(&round), locale);
        mails.push(mail::consultation_invitation(
            locale,
            &email,
            (&request.reference, request.institution.institution.as_deref().unwrap_or_default()),
            &deadline,
            &consult_link(&state, &token),
        ));
        stored.push(Invitee { email, locale: locale.code().to_owned(), is_requester, token_hash: token_hash(&token) });
    }
    let new_round = NewRound {
        deadline_at: utc_text(deadline_at),
        utc_offset: round_offset(&round),
        remind_at: utc_text(reminder_at(deadline_at)),
        invitees: stored,
    };
    let outcome = ta_requests::open_round(&state.pool, &request, &new_round, &user.actor(), &mails, &utc_text(now))
        .await
        .map_err(internal_error)?;
    written(outcome, &reference, "round", &parts)
}

fn round_offset(round: &RoundForm) -> String {
    round.utc_offset.clone().unwrap_or_else(|| "+00:00".to_owned())
}

/// The management unit decides on an objection: proceed, or revise the fiche.
async fn decide(
    State(state): State<AppState>,
    Staff(user): Staff,
    Path(reference): Path<String>,
    parts: Parts,
    body: Bytes,
) -> Answer {
    let (request, parts) = managed_request(&state, &user, &reference, parts).await?;
    let form = RawForm::from_urlencoded(&body).only(RoundDecision::FIELDS);
    let decided = match check::<RoundDecision>(&form, &()) {
        Ok(decided) => decided,
        Err(problems) => {
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            return Err(FichePage::with_problems(&state, parts, user, request, form, problems, status).await);
        }
    };
    let (decision, reason) = (decided.decision.unwrap_or_default(), decided.reason.unwrap_or_default());
    let now = utc_text(OffsetDateTime::now_utc());
    let outcome = ta_requests::decide_on_objection(&state.pool, &request, &decision, &reason, &user.actor(), &now)
        .await
        .map_err(internal_error)?;
    written(outcome, &reference, "decided", &parts)
}

/// The consultee behind a link, or the not-found page.
async fn linked_consultee(state: &AppState, token: &str, parts: &Parts) -> Result<ConsulteeLink, Response> {
    if !looks_like_token(token) {
        return Err(not_found(state, parts.clone()).await);
    }
    found_or_404(state, parts, ta_requests::consultee_by_link(&state.pool, &token_hash(token)).await).await
}

/// Where the link stands at `now`, when nothing was just done.
fn link_state(link: &ConsulteeLink, now: &str) -> LinkState {
    if link.consultee.answer.is_some() {
        LinkState::AnsweredAlready
    } else if !link.current {
        LinkState::RoundOver
    } else if link.round.deadline_passed(now) {
        LinkState::TooLate
    } else {
        LinkState::Answering
    }
}

/// The consultee's page with the fiche; `typed` and `problems` from a post that had some.
async fn consultee_view(
    state: &AppState,
    token: &str,
    link: ConsulteeLink,
    state_now: LinkState,
    (typed, problems): (RawForm, Vec<app::domain::form::FieldError>),
) -> Result<ConsulteeView, Response> {
    let request = ta_requests::find_by_reference(&state.pool, &link.reference).await.map_err(internal_error)?;
    let institution = request.and_then(|r| r.institution.institution).unwrap_or_default();
    let fiche = ta_requests::fiche_work(&state.pool, link.request_id).await.map_err(internal_error)?;
    Ok(ConsulteeView {
        reference: link.reference,
        institution,
        round: link.round,
        consultee: link.consultee,
        fiche,
        state: state_now,
        path: format!("/requests/consult/{token}"),
        typed,
        problems,
    })
}

async fn consultee_page(State(state): State<AppState>, Path(token): Path<String>, parts: Parts) -> Answer {
    let link = linked_consultee(&state, &token, &parts).await?;
    let now = utc_text(OffsetDateTime::now_utc());
    let shown = match link_state(&link, &now) {
        LinkState::AnsweredAlready if parts.uri.query() == Some("done=answered") => LinkState::Thanks,
        shown => shown,
    };
    let view = consultee_view(&state, &token, link, shown, (RawForm::default(), Vec::new())).await?;
    Ok(render(&state, parts, view, StatusCode::OK).await)
}

/// The consultee answers, once and before the deadline; the staff holding the request hear
/// of an objection or comments.
async fn answer(State(state): State<AppState>, Path(token): Path<String>, parts: Parts, body: Bytes) -> Answer {
    let link = linked_consultee(&state, &token, &parts).await?;
    let now = utc_text(OffsetDateTime::now_utc());
    let early = link_state(&link, &now);
    if early != LinkState::Answering {
        let view = consultee_view(&state, &token, link, early, (RawForm::default(), Vec::new())).await?;
        return Err(render(&state, parts, view, StatusCode::CONFLICT).await);
    }
    let form = RawForm::from_urlencoded(&body).only(ConsulteeAnswer::FIELDS);
    let answered = match check::<ConsulteeAnswer>(&form, &()) {
        Ok(answered) => answered,
        Err(problems) => {
            let view = consultee_view(&state, &token, link, LinkState::Answering, (form, problems)).await?;
            return Err(render(&state, parts, view, StatusCode::UNPROCESSABLE_ENTITY).await);
        }
    };
    let answer = answered.answer.unwrap_or_default();
    let comment = answered.comment;
    let request = ta_requests::find_by_reference(&state.pool, &link.reference)
        .await
        .map_err(internal_error)?
        .ok_or_else(|| internal_error("a consulted request is gone"))?;
    let mails: Vec<OutgoingMail> = if answer == "agree" {
        Vec::new()
    } else {
        let words = comment.clone().unwrap_or_default();
        notices_to_holders(&state, &request, |to, staff_link| {
            mail::consultation_answer(to, &request.reference, &answer, &words, &format!("{staff_link}/fiche"))
        })
        .await?
    };
    let outcome = ta_requests::answer_consultation(&state.pool, &link, &answer, comment.as_deref(), &mails, &now)
        .await
        .map_err(internal_error)?;
    let refused = match outcome {
        AnswerWrite::Done => {
            return Ok(Redirect::to(&format!("/requests/consult/{token}?done=answered")).into_response());
        }
        AnswerWrite::AnsweredAlready => LinkState::AnsweredAlready,
        AnswerWrite::TooLate => LinkState::TooLate,
        AnswerWrite::RoundOver => LinkState::RoundOver,
    };
    // Read again: an answer that won the race is the one to show.
    let link = linked_consultee(&state, &token, &parts).await?;
    let view = consultee_view(&state, &token, link, refused, (RawForm::default(), Vec::new())).await?;
    Err(render(&state, parts, view, StatusCode::CONFLICT).await)
}
