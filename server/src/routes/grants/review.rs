//! Reviewing one application in the back office. Every handler takes the `Staff` extractor
//! and goes through `Access`: a reviewer declares a conflict of interest before seeing the
//! application (a declared conflict hides it from them for good), the management unit reads
//! everything else, and anyone else gets 404 exactly as for an application that does not
//! exist. Posts with problems come back with the answers and the messages (422).

use app::db::grants::applications::CertificateOf;
use app::db::grants::calls;
use app::db::grants::reviews::{self, FundedProject};
use app::db::staff;
use app::domain::form::{rules, FieldError, Problem, RawForm};
use app::domain::grant::scoring::{check_decision, check_declaration, check_scores, reviewer_total};
use app::domain::grant::{ApplicationStatus, Call, OwnReview, SubmittedApplication, MAX_PEOPLE_REACHED};
use app::domain::staff::{Role, StaffUser};
use app::i18n::Locale;
use app::mail;
use app::pages::grants::review::{Access, ApplicationNotice, StaffApplicationView};
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;

use crate::auth::Staff;
use crate::policy::FORM_BODY_LIMIT;
use crate::routes::render::{at_path, internal_error, not_found, refuse, render, Answer, Refusal};
use crate::routes::uploads;
use crate::{now_rfc3339, AppState};

/// The Leptos route these handlers render (axum path syntax).
pub const PAGES: [&str; 1] = ["/staff/grants/applications/{reference}"];

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/staff/grants/applications/{reference}", get(page))
        .route("/staff/grants/applications/{reference}/assign", post(assign))
        .route("/staff/grants/applications/{reference}/declare", post(declare))
        .route("/staff/grants/applications/{reference}/score", post(score))
        .route("/staff/grants/applications/{reference}/decide", post(decide))
        .route("/staff/grants/applications/{reference}/reach", post(reach))
        .route("/staff/grants/applications/{reference}/certificate", get(certificate))
        .layer(DefaultBodyLimit::max(FORM_BODY_LIMIT))
}

fn page_path(reference: &str) -> String {
    format!("/staff/grants/applications/{reference}")
}

/// An application with its call and the signed-in member of staff's part in it.
struct Found {
    application: SubmittedApplication,
    call: Call,
    own: Option<OwnReview>,
    access: Access,
}

async fn load(state: &AppState, user: &StaffUser, reference: &str, parts: &Parts) -> Result<Found, Response> {
    let application = match reviews::submitted(&state.pool, reference).await {
        Ok(Some(application)) => application,
        Ok(None) => return Err(not_found(state, parts.clone()).await),
        Err(error) => return Err(internal_error(error)),
    };
    let call = match calls::find(&state.pool, application.call_id).await {
        Ok(Some(call)) => call,
        Ok(None) => return Err(not_found(state, parts.clone()).await),
        Err(error) => return Err(internal_error(error)),
    };
    let own = reviews::own_review(&state.pool, application.id, user.id).await.map_err(internal_error)?;
    let access = Access::of(user, own.as_ref().map(|r| r.state));
    if access == Access::Hidden {
        return Err(not_found(state, parts.clone()).await);
    }
    Ok(Found { application, call, own, access })
}

/// The application for the management unit's own actions (reviewers, decision, reach): only
/// a member of it who may read the application, so not one who declared a conflict on it.
async fn load_to_manage(state: &AppState, user: &StaffUser, reference: &str, parts: &Parts) -> Result<Found, Response> {
    let found = load(state, user, reference, parts).await?;
    if user.role != Role::Admin || found.access != Access::Read {
        return Err(refuse(&parts.headers, Refusal::ManagementOnly));
    }
    Ok(found)
}

async fn render_page(
    state: &AppState,
    user: StaffUser,
    found: Found,
    parts: Parts,
    typed: RawForm,
    errors: Vec<FieldError>,
    notice: Option<ApplicationNotice>,
) -> Answer {
    let reading = found.access == Access::Read;
    let admin = user.role == Role::Admin && reading;
    let certificate = if reading {
        app::db::files::attached(&state.pool, CertificateOf::Submitted.slot(), found.application.id)
            .await
            .map_err(internal_error)?
    } else {
        None
    };
    let (reviewers, staff) = if admin {
        (
            reviews::reviewers(&state.pool, found.application.id).await.map_err(internal_error)?,
            staff::active_members(&state.pool).await.map_err(internal_error)?,
        )
    } else {
        (Vec::new(), Vec::new())
    };
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let path = page_path(&found.application.reference);
    let view = StaffApplicationView {
        user,
        access: found.access,
        phase: found.call.phase_at(&now_rfc3339()),
        call: found.call,
        application: found.application,
        certificate,
        own: found.own,
        reviewers,
        staff,
        typed,
        errors,
        notice,
    };
    Ok(render(state, at_path(parts, &path), view, status).await)
}

async fn page(
    State(state): State<AppState>,
    Staff(user): Staff,
    Path(reference): Path<String>,
    parts: Parts,
) -> Answer {
    let found = load(&state, &user, &reference, &parts).await?;
    let notice = parts.uri.query().and_then(|q| {
        let done = form_urlencoded::parse(q.as_bytes()).find(|(k, _)| k == "done")?.1.into_owned();
        ApplicationNotice::ALL.iter().find(|(name, _)| *name == done).map(|(_, notice)| *notice)
    });
    render_page(&state, user, found, parts, RawForm::default(), Vec::new(), notice).await
}

fn done(reference: &str, what: &str) -> Response {
    Redirect::to(&format!("{}?done={what}", page_path(reference))).into_response()
}

async fn assign(
    State(state): State<AppState>,
    Staff(user): Staff,
    Path(reference): Path<String>,
    parts: Parts,
    body: Bytes,
) -> Answer {
    let found = load_to_manage(&state, &user, &reference, &parts).await?;
    let typed = RawForm::from_urlencoded(&body).only(&["reviewer"]);
    let Some(reviewer) = typed.text("reviewer").and_then(|id| id.parse::<i64>().ok()) else {
        let errors = vec![FieldError::new("reviewer", Problem::Required)];
        return render_page(&state, user, found, parts, typed, errors, None).await;
    };
    let added = reviews::assign(&state.pool, &found.application, reviewer, &user.actor(), &now_rfc3339())
        .await
        .map_err(internal_error)?;
    if !added {
        let errors = vec![FieldError::new("reviewer", Problem::UnknownChoice)];
        return render_page(&state, user, found, parts, typed, errors, None).await;
    }
    Ok(done(&reference, "assigned"))
}

async fn declare(
    State(state): State<AppState>,
    Staff(user): Staff,
    Path(reference): Path<String>,
    parts: Parts,
    body: Bytes,
) -> Answer {
    let found = load(&state, &user, &reference, &parts).await?;
    let Some(own) = found.own.clone().filter(|_| found.access == Access::Declare) else {
        return Err(refuse(&parts.headers, Refusal::DeclaredAlready));
    };
    let typed = RawForm::from_urlencoded(&body).only(&["coi", "coi_details"]);
    let conflict_details = match check_declaration(&typed) {
        Ok(details) => details,
        Err(errors) => return render_page(&state, user, found, parts, typed, errors, None).await,
    };
    reviews::declare(&state.pool, &own, &reference, conflict_details.as_deref(), &user.actor(), &now_rfc3339())
        .await
        .map_err(internal_error)?;
    Ok(done(&reference, "declared"))
}

async fn score(
    State(state): State<AppState>,
    Staff(user): Staff,
    Path(reference): Path<String>,
    parts: Parts,
    body: Bytes,
) -> Answer {
    let found = load(&state, &user, &reference, &parts).await?;
    let Some(own) = found.own.clone().filter(|own| own.state.may_read()) else {
        return Err(refuse(&parts.headers, Refusal::NotYourScoring));
    };
    let typed = RawForm::from_urlencoded(&body);
    let scores = match check_scores(&typed, found.call.criteria.len()) {
        Ok(scores) => scores,
        Err(errors) => return render_page(&state, user, found, parts, typed, errors, None).await,
    };
    let weighted: Vec<(u32, u32)> =
        found.call.criteria.iter().zip(&scores).map(|(criterion, (score, _))| (criterion.weight, *score)).collect();
    let saved = reviews::score(
        &state.pool,
        &own,
        &reference,
        &scores,
        reviewer_total(&weighted),
        &user.actor(),
        &now_rfc3339(),
    )
    .await
    .map_err(internal_error)?;
    if !saved {
        return Err(refuse(&parts.headers, Refusal::ScoresClosed));
    }
    Ok(done(&reference, "scored"))
}

async fn decide(
    State(state): State<AppState>,
    Staff(user): Staff,
    Path(reference): Path<String>,
    parts: Parts,
    body: Bytes,
) -> Answer {
    let found = load_to_manage(&state, &user, &reference, &parts).await?;
    let now = now_rfc3339();
    if found.call.phase_at(&now) != app::domain::grant::CallPhase::Closed {
        return Err(refuse(&parts.headers, Refusal::CallStillOpen));
    }
    let typed = RawForm::from_urlencoded(&body).only(&["decision", "reason"]);
    let (decision, reason) = match check_decision(&typed) {
        Ok(checked) => checked,
        Err(errors) => return render_page(&state, user, found, parts, typed, errors, None).await,
    };
    let decision = ApplicationStatus::parse(&decision).unwrap_or(ApplicationStatus::Rejected);
    let form = &found.application.form;
    let locale = Locale::from_code(&found.application.locale).unwrap_or_default();
    let title = form.text("project_title").unwrap_or_default();
    let message = mail::grant_decision(locale, &found.application.contact_email, &reference, &title, decision, &reason);
    let region =
        form.values("countries").first().and_then(|iso3| state.taxonomy.country(iso3)).map(|c| c.region.clone());
    let funded = FundedProject { call: &found.call, region: region.as_deref(), month: &now[..7] };
    let decided =
        reviews::decide(&state.pool, &found.application, decision, &reason, &funded, &message, &user.actor(), &now)
            .await
            .map_err(internal_error)?;
    if !decided {
        return Err(refuse(&parts.headers, Refusal::DecidedAlready));
    }
    Ok(done(&reference, "decided"))
}

async fn reach(
    State(state): State<AppState>,
    Staff(user): Staff,
    Path(reference): Path<String>,
    parts: Parts,
    body: Bytes,
) -> Answer {
    let found = load_to_manage(&state, &user, &reference, &parts).await?;
    let typed = RawForm::from_urlencoded(&body).only(&["people_reached"]);
    let people = match typed.text("people_reached").map(|n| rules::whole_number(&n, 0, MAX_PEOPLE_REACHED)) {
        Some(Ok(people)) => people,
        other => {
            let problem = other.and_then(Result::err).unwrap_or(Problem::Required);
            let errors = vec![FieldError::new("people_reached", problem)];
            return render_page(&state, user, found, parts, typed, errors, None).await;
        }
    };
    let recorded =
        reviews::report_reach(&state.pool, &found.application, i64::from(people), &user.actor(), &now_rfc3339())
            .await
            .map_err(internal_error)?;
    if !recorded {
        return Err(refuse(&parts.headers, Refusal::ReachNotOpen));
    }
    Ok(done(&reference, "reach"))
}

/// The registration certificate submitted with the application, for whoever may read it.
async fn certificate(
    State(state): State<AppState>,
    Staff(user): Staff,
    Path(reference): Path<String>,
    parts: Parts,
) -> Answer {
    let found = load(&state, &user, &reference, &parts).await?;
    if found.access != Access::Read {
        return Err(not_found(&state, parts).await);
    }
    let Some((name, stored_name)) =
        app::db::files::stored(&state.pool, CertificateOf::Submitted.slot(), found.application.id)
            .await
            .map_err(internal_error)?
    else {
        return Err(not_found(&state, parts).await);
    };
    let bytes = tokio::fs::read(state.files_dir.join(&stored_name))
        .await
        .map_err(|error| internal_error(format!("certificate {stored_name} unreadable: {error}")))?;
    Ok(uploads::pdf_download(&name, bytes))
}
