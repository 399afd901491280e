//! Joint and endorsed requests: each requesting government's official endorses the request on
//! their own link, `/requests/endorse/{token}` (opening it never acts: the endorsement is a
//! post), staff send a fresh link from the request's page, and join another request into it.

use app::db::ta_requests::{self, EndorseWrite, EndorsementLink, JoinWrite, NewEndorsement};
use app::domain::form::RawForm;
use app::domain::staff::StaffUser;
use app::domain::stage::{Reference, Stage};
use app::domain::ta_request::{StoredRequest, TaRequestForm};
use app::i18n::Locale;
use app::mail::{self, OutgoingMail};
use app::pages::requests::back_office::ActionOutcome;
use app::pages::requests::endorsement::{government_name, EndorsingState, EndorsingView};
use app::secret::{looks_like_token, new_token, token_hash};
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use time::OffsetDateTime;

use super::back_office::{covered_request, no_problems, page_again};
use super::tracking::notices_to_holders;
use crate::auth::Staff;
use crate::limits::{self, ENDORSEMENT_MAILS_PER_RECIPIENT};
use crate::routes::render::{found_or_404, internal_error, not_found, refuse, render, Answer, Refusal};
use crate::{now_rfc3339, AppState};

/// The Leptos route these handlers render (axum path syntax).
pub const PAGES: [&str; 1] = ["/requests/endorse/{token}"];

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/requests/endorse/{token}", get(official_page).post(endorse))
        .route("/requests/endorse/{token}/attachments/{id}", get(download_attachment))
        .route("/staff/requests/{reference}/endorsements/{id}/again", post(ask_again))
        .route("/staff/requests/{reference}/join", post(join))
        .layer(DefaultBodyLimit::max(crate::policy::FORM_BODY_LIMIT))
}

fn endorse_link(state: &AppState, token: &str) -> String {
    format!("{}/requests/endorse/{token}", state.public_url)
}

/// What a submitted request's officials are asked: one endorsement per requesting
/// government, the requester's own first, each with its link's token, every official's
/// address counted (past its daily limit, the 429 page).
pub(super) async fn endorsements_asked(
    state: &AppState,
    headers: &HeaderMap,
    form: &TaRequestForm,
    locale: Locale,
) -> Result<Vec<(NewEndorsement, String)>, Response> {
    let asked = NewEndorsement::asked_by(&form.institution, locale.code());
    for (endorsement, _) in &asked {
        count_endorsement_mail(state, headers, &endorsement.official_email).await?;
    }
    Ok(asked)
}

/// Counts one more request to endorse sent to `address` today: past the limit, the 429 page.
async fn count_endorsement_mail(state: &AppState, headers: &HeaderMap, address: &str) -> Result<(), Response> {
    let key = app::db::addresses::address_key(address);
    limits::check(state, ENDORSEMENT_MAILS_PER_RECIPIENT, &key, OffsetDateTime::now_utc())
        .await
        .map_err(|refused| limits::too_many_requests(headers, &refused))
}

/// The e-mails of `endorsements_asked`, for the request numbered `reference`.
pub(super) fn endorsement_mails(
    state: &AppState,
    asked: &[(NewEndorsement, String)],
    reference: &Reference,
    institution: &str,
) -> Vec<OutgoingMail> {
    let reference = reference.to_string();
    asked
        .iter()
        .map(|(endorsement, token)| {
            let official = Official {
                email: &endorsement.official_email,
                locale: &endorsement.locale,
                government: endorsement.government_code(),
            };
            endorsement_mail(state, (&reference, institution), official, token)
        })
        .collect()
}

/// Whom an endorsement e-mail goes to: the official's address, language and government.
struct Official<'a> {
    email: &'a str,
    locale: &'a str,
    government: &'a str,
}

/// An official's e-mail asking for their endorsement at the link of `token`, in the
/// requester's language.
fn endorsement_mail(
    state: &AppState,
    (reference, institution): (&str, &str),
    official: Official<'_>,
    token: &str,
) -> OutgoingMail {
    let locale = Locale::from_code(official.locale).unwrap_or_default();
    let government = government_name(official.government, locale);
    let link = endorse_link(state, token);
    mail::endorsement_request(locale, official.email, (reference, institution), &government, &link)
}

/// The endorsement behind a link, or the not-found page.
async fn linked_endorsement(state: &AppState, token: &str, parts: &Parts) -> Result<EndorsementLink, Response> {
    if !looks_like_token(token) {
        return Err(not_found(state, parts.clone()).await);
    }
    found_or_404(state, parts, ta_requests::endorsement_by_link(&state.pool, &token_hash(token)).await).await
}

/// Where the link stands when nothing was just done.
fn endorsing_state(link: &EndorsementLink) -> EndorsingState {
    match &link.endorsement.endorsed_at {
        Some(at) => EndorsingState::Already(at.clone()),
        None if matches!(link.stage, Stage::Declined | Stage::Withdrawn | Stage::Joined) => EndorsingState::Closed,
        None => EndorsingState::Open,
    }
}

async fn endorsing_view(
    state: &AppState,
    token: &str,
    link: EndorsementLink,
    shown: EndorsingState,
) -> Result<EndorsingView, Response> {
    let request = ta_requests::find_by_reference(&state.pool, &link.reference)
        .await
        .map_err(internal_error)?
        .ok_or_else(|| internal_error("an endorsed request is gone"))?;
    let attachments = ta_requests::request_attachments(&state.pool, request.id).await.map_err(internal_error)?;
    Ok(EndorsingView {
        request,
        endorsement: link.endorsement,
        attachments,
        path: format!("/requests/endorse/{token}"),
        state: shown,
    })
}

async fn official_page(State(state): State<AppState>, Path(token): Path<String>, parts: Parts) -> Answer {
    let link = linked_endorsement(&state, &token, &parts).await?;
    let shown = match endorsing_state(&link) {
        EndorsingState::Already(at) if parts.uri.query() == Some("done=endorsed") => EndorsingState::Thanks(at),
        shown => shown,
    };
    let view = endorsing_view(&state, &token, link, shown).await?;
    Ok(render(&state, parts, view, StatusCode::OK).await)
}

/// The official endorses, once; the staff holding the request hear when the last awaited
/// endorsement comes.
async fn endorse(State(state): State<AppState>, Path(token): Path<String>, parts: Parts) -> Answer {
    let link = linked_endorsement(&state, &token, &parts).await?;
    let early = endorsing_state(&link);
    if early != EndorsingState::Open {
        let view = endorsing_view(&state, &token, link, early).await?;
        return Err(render(&state, parts, view, StatusCode::CONFLICT).await);
    }
    let awaited = ta_requests::endorsements(&state.pool, link.request_id)
        .await
        .map_err(internal_error)?
        .iter()
        .filter(|e| e.endorsed_at.is_none())
        .count();
    let when_complete = if awaited == 1 {
        let request = ta_requests::find_by_reference(&state.pool, &link.reference)
            .await
            .map_err(internal_error)?
            .ok_or_else(|| internal_error("an endorsed request is gone"))?;
        notices_to_holders(&state, &request, |to, staff_link| {
            mail::endorsements_complete(to, &request.reference, staff_link)
        })
        .await?
    } else {
        Vec::new()
    };
    match ta_requests::endorse(&state.pool, &link, &when_complete, &now_rfc3339()).await.map_err(internal_error)? {
        EndorseWrite::Done => Ok(Redirect::to(&format!("/requests/endorse/{token}?done=endorsed")).into_response()),
        EndorseWrite::EndorsedAlready | EndorseWrite::Closed => {
            // Read again: what won the race is what the page shows.
            let link = linked_endorsement(&state, &token, &parts).await?;
            let shown = endorsing_state(&link);
            let view = endorsing_view(&state, &token, link, shown).await?;
            Err(render(&state, parts, view, StatusCode::CONFLICT).await)
        }
    }
}

/// The request's letter, for the official reading what they endorse.
async fn download_attachment(
    State(state): State<AppState>,
    Path((token, id)): Path<(String, i64)>,
    parts: Parts,
) -> Answer {
    let link = linked_endorsement(&state, &token, &parts).await?;
    super::attachment_download(&state, &parts, link.request_id, id).await
}

/// Staff send an awaited endorsement's official a fresh link.
async fn ask_again(
    State(state): State<AppState>,
    Staff(user): Staff,
    Path((reference, id)): Path<(String, i64)>,
    parts: Parts,
) -> Answer {
    let (request, parts) = covered_request(&state, &user, &reference, parts).await?;
    let endorsements = ta_requests::endorsements(&state.pool, request.id).await.map_err(internal_error)?;
    let Some(endorsement) = endorsements.iter().find(|e| e.id == id && e.endorsed_at.is_none()) else {
        return Err(refuse(&parts.headers, Refusal::NoRowNamed));
    };
    count_endorsement_mail(&state, &parts.headers, &endorsement.official_email).await?;
    let token = new_token();
    let institution = request.institution.institution.clone().unwrap_or_default();
    let official = Official {
        email: &endorsement.official_email,
        locale: &endorsement.locale,
        government: endorsement.government_code(),
    };
    let message = endorsement_mail(&state, (&request.reference, &institution), official, &token);
    let asked =
        ta_requests::ask_again(&state.pool, &request, id, &token_hash(&token), &message, &user.actor(), &now_rfc3339())
            .await
            .map_err(internal_error)?;
    if !asked {
        return Err(refuse(&parts.headers, Refusal::RequestMovedOn));
    }
    let outcome = Some(ActionOutcome::EndorsementAskedAgain);
    Ok(page_again(&state, parts, user, request, outcome, no_problems(), StatusCode::OK).await)
}

/// Staff join the request named in the form into this one; a request they cannot join (not
/// found, outside their regions, this one, past the concept note) is said next to the field.
async fn join(
    State(state): State<AppState>,
    Staff(user): Staff,
    Path(reference): Path<String>,
    parts: Parts,
    body: Bytes,
) -> Answer {
    let (into, parts) = covered_request(&state, &user, &reference, parts).await?;
    let form = RawForm::from_urlencoded(&body).only(&["other"]);
    let other = Reference::parse(form.raw("other")).map(|r| r.to_string());
    let joined = match other {
        Some(other) => ta_requests::find_by_reference(&state.pool, &other).await.map_err(internal_error)?,
        None => None,
    };
    let Some(joined) = joined.filter(|j| user.covers(j.region.as_deref())) else {
        return Err(join_refused(&state, parts, user, into, form).await);
    };
    let locale = Locale::from_code(&joined.locale).unwrap_or_default();
    let to = joined.focal_point.focal_email.clone().unwrap_or_default();
    let message = mail::request_joined(locale, &to, &joined.reference, &into.reference);
    match ta_requests::join(&state.pool, &into, &joined, &user.actor(), &message, &now_rfc3339())
        .await
        .map_err(internal_error)?
    {
        JoinWrite::Done => Ok(Redirect::to(&format!("/staff/requests/{reference}?done=joined")).into_response()),
        JoinWrite::NotJoinable => Err(join_refused(&state, parts, user, into, form).await),
    }
}

/// The request's page again, the reference typed kept and the refusal next to it.
async fn join_refused(state: &AppState, parts: Parts, user: StaffUser, into: StoredRequest, form: RawForm) -> Response {
    let outcome = Some(ActionOutcome::JoinRefused);
    page_again(state, parts, user, into, outcome, (form, Vec::new()), StatusCode::UNPROCESSABLE_ENTITY).await
}
