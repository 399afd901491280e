//! Reviewing submitted applications: the management unit assigns reviewers; each declares a
//! conflict of interest (and abstains) or none, then scores every criterion with a comment.
//! Then the decision, e-mailed to the applicant in the same transaction; a funded project
//! goes on the public map as a non-state-actor project.

use sqlx::Row;

use super::super::audit::audit;
use super::super::outbox::queue_mail;
use super::super::Pool;
use crate::domain::form::RawForm;
use crate::domain::grant::{
    ApplicationStatus, Call, OwnReview, ReviewRow, ReviewState, SubmittedApplication, KIND_NATIONAL,
};
use crate::domain::taxonomy::fold;
use crate::mail::OutgoingMail;

/// The submitted version of the application `reference`.
pub async fn submitted(pool: &Pool, reference: &str) -> Result<Option<SubmittedApplication>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT a.id, a.reference, a.call_id, a.status, a.submitted_json, a.locale, a.contact_email, a.decision_reason,
                i.slug
         FROM grant_applications a LEFT JOIN interventions i ON i.id = a.intervention_id
         WHERE a.reference = $1 AND a.submitted_json IS NOT NULL",
    )
    .bind(reference)
    .fetch_optional(pool)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let json: String = row.try_get(4)?;
    Ok(Some(SubmittedApplication {
        id: row.try_get(0)?,
        reference: row.try_get(1)?,
        call_id: row.try_get(2)?,
        status: ApplicationStatus::parse(&row.try_get::<String, _>(3)?).unwrap_or(ApplicationStatus::Submitted),
        form: serde_json::from_str::<RawForm>(&json).unwrap_or_default(),
        locale: row.try_get(5)?,
        contact_email: row.try_get::<Option<String>, _>(6)?.unwrap_or_default(),
        decision_reason: row.try_get(7)?,
        intervention_slug: row.try_get(8)?,
    }))
}

/// Every reviewer of an application, in the order they were asked.
pub async fn reviewers(pool: &Pool, application_id: i64) -> Result<Vec<ReviewRow>, sqlx::Error> {
    sqlx::query(
        "SELECT r.reviewer_id, u.name, r.state, r.total_tenths FROM grant_reviews r
         JOIN staff_users u ON u.id = r.reviewer_id WHERE r.application_id = $1 ORDER BY r.id",
    )
    .bind(application_id)
    .fetch_all(pool)
    .await?
    .iter()
    .map(|row| {
        Ok(ReviewRow {
            reviewer_id: row.try_get(0)?,
            reviewer: row.try_get(1)?,
            state: ReviewState::parse(&row.try_get::<String, _>(2)?).unwrap_or(ReviewState::Assigned),
            total_tenths: row.try_get::<Option<i64>, _>(3)?.and_then(|t| u32::try_from(t).ok()),
        })
    })
    .collect()
}

/// The review `reviewer_id` was asked for, with its scores.
/// The state of `reviewer_id`'s review of each application to call `call_id` they were
/// asked to review, by the application's reference.
pub async fn own_states(
    pool: &Pool,
    call_id: i64,
    reviewer_id: i64,
) -> Result<std::collections::HashMap<String, ReviewState>, sqlx::Error> {
    sqlx::query(
        "SELECT a.reference, r.state FROM grant_reviews r JOIN grant_applications a ON a.id = r.application_id
         WHERE a.call_id = $1 AND r.reviewer_id = $2 AND a.reference IS NOT NULL",
    )
    .bind(call_id)
    .bind(reviewer_id)
    .fetch_all(pool)
    .await?
    .iter()
    .map(|row| {
        let state = ReviewState::parse(&row.try_get::<String, _>(1)?).unwrap_or(ReviewState::Assigned);
        Ok((row.try_get(0)?, state))
    })
    .collect()
}

pub async fn own_review(pool: &Pool, application_id: i64, reviewer_id: i64) -> Result<Option<OwnReview>, sqlx::Error> {
    let row = sqlx::query("SELECT id, state FROM grant_reviews WHERE application_id = $1 AND reviewer_id = $2")
        .bind(application_id)
        .bind(reviewer_id)
        .fetch_optional(pool)
        .await?;
    let Some(row) = row else { return Ok(None) };
    let id: i64 = row.try_get(0)?;
    let scores = sqlx::query("SELECT score, comment FROM grant_review_scores WHERE review_id = $1 ORDER BY position")
        .bind(id)
        .fetch_all(pool)
        .await?
        .iter()
        .map(|row| Ok((u32::try_from(row.try_get::<i64, _>(0)?).unwrap_or(0), row.try_get(1)?)))
        .collect::<Result<_, sqlx::Error>>()?;
    Ok(Some(OwnReview {
        id,
        state: ReviewState::parse(&row.try_get::<String, _>(1)?).unwrap_or(ReviewState::Assigned),
        scores,
    }))
}

/// Asks an active member of staff to review; `false` when they already were or do not exist.
pub async fn assign(
    pool: &Pool,
    application: &SubmittedApplication,
    reviewer_id: i64,
    actor: &str,
    now: &str,
) -> Result<bool, sqlx::Error> {
    let mut tx = crate::db::begin(pool).await?;
    let added = sqlx::query(
        "INSERT INTO grant_reviews (application_id, reviewer_id, state, assigned_at)
         SELECT $1, u.id, $2, $3 FROM staff_users u WHERE u.id = $4 AND u.active = 1
           AND NOT EXISTS (SELECT 1 FROM grant_reviews WHERE application_id = $1 AND reviewer_id = $4)",
    )
    .bind(application.id)
    .bind(ReviewState::Assigned.as_str())
    .bind(now)
    .bind(reviewer_id)
    .execute(&mut *tx)
    .await?
    .rows_affected()
        == 1;
    if added {
        let target = format!("{}:reviewer:{reviewer_id}", application.reference);
        audit(&mut tx, now, actor, "grant_review.assign", "grant_application", &target, None, Some("assigned")).await?;
    }
    tx.commit().await?;
    Ok(added)
}

/// Records the reviewer's declaration (only once, before anything is seen).
pub async fn declare(
    pool: &Pool,
    review: &OwnReview,
    reference: &str,
    conflict: Option<&str>,
    actor: &str,
    now: &str,
) -> Result<bool, sqlx::Error> {
    let state = if conflict.is_some() { ReviewState::Conflict } else { ReviewState::Clear };
    let mut tx = crate::db::begin(pool).await?;
    let changed = sqlx::query(
        "UPDATE grant_reviews SET state = $1, conflict_details = $2, declared_at = $3 WHERE id = $4 AND state = $5",
    )
    .bind(state.as_str())
    .bind(conflict)
    .bind(now)
    .bind(review.id)
    .bind(ReviewState::Assigned.as_str())
    .execute(&mut *tx)
    .await?
    .rows_affected()
        == 1;
    if changed {
        audit(
            &mut tx,
            now,
            actor,
            "grant_review.declare",
            "grant_application",
            reference,
            Some("assigned"),
            Some(state.as_str()),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(changed)
}

/// Stores the scores (replacing earlier ones) while the application is undecided; `false`
/// when the reviewer may not score (a conflict, no declaration yet, or a decision made).
pub async fn score(
    pool: &Pool,
    review: &OwnReview,
    reference: &str,
    scores: &[(u32, String)],
    total_tenths: u32,
    actor: &str,
    now: &str,
) -> Result<bool, sqlx::Error> {
    let mut tx = crate::db::begin(pool).await?;
    let changed = sqlx::query(
        "UPDATE grant_reviews SET state = $1, total_tenths = $2, scored_at = $3
         WHERE id = $4 AND state IN ($5, $1)
           AND EXISTS (SELECT 1 FROM grant_applications a WHERE a.id = grant_reviews.application_id AND a.status = $6)",
    )
    .bind(ReviewState::Scored.as_str())
    .bind(i64::from(total_tenths))
    .bind(now)
    .bind(review.id)
    .bind(ReviewState::Clear.as_str())
    .bind(ApplicationStatus::Submitted.as_str())
    .execute(&mut *tx)
    .await?
    .rows_affected()
        == 1;
    if !changed {
        return Ok(false);
    }
    sqlx::query("DELETE FROM grant_review_scores WHERE review_id = $1").bind(review.id).execute(&mut *tx).await?;
    for (position, (score, comment)) in scores.iter().enumerate() {
        sqlx::query("INSERT INTO grant_review_scores (review_id, position, score, comment) VALUES ($1, $2, $3, $4)")
            .bind(review.id)
            .bind(position as i64 + 1)
            .bind(i64::from(*score))
            .bind(comment)
            .execute(&mut *tx)
            .await?;
    }
    audit(&mut tx, now, actor, "grant_review.score", "grant_application", reference, None, Some("scored")).await?;
    tx.commit().await?;
    Ok(true)
}

/// What a funded project shows on the public map.
pub struct FundedProject<'a> {
    pub call: &'a Call,
    pub region: Option<&'a str>,
    /// `YYYY-MM`, when the decision was taken.
    pub month: &'a str,
}

/// Decides an undecided application: its status and reason, the e-mail to the applicant and,
/// when funded, a non-state-actor project on the public map. `false` when it was decided
/// already (a second click, another member of staff).
#[allow(clippy::too_many_arguments)]
pub async fn decide(
    pool: &Pool,
    application: &SubmittedApplication,
    decision: ApplicationStatus,
    reason: &str,
    funded: &FundedProject<'_>,
    mail: &OutgoingMail,
    actor: &str,
    now: &str,
) -> Result<bool, sqlx::Error> {
    let mut tx = crate::db::begin(pool).await?;
    let changed = sqlx::query(
        "UPDATE grant_applications SET status = $1, decision_reason = $2, decided_at = $3, updated_at = $3
         WHERE id = $4 AND status = $5",
    )
    .bind(decision.as_str())
    .bind(reason)
    .bind(now)
    .bind(application.id)
    .bind(ApplicationStatus::Submitted.as_str())
    .execute(&mut *tx)
    .await?
    .rows_affected()
        == 1;
    if !changed {
        return Ok(false);
    }
    if decision == ApplicationStatus::Funded {
        put_on_map(&mut tx, application, funded, now).await?;
    }
    queue_mail(&mut tx, mail, now).await?;
    audit(
        &mut tx,
        now,
        actor,
        "grant_application.decide",
        "grant_application",
        &application.reference,
        Some(ApplicationStatus::Submitted.as_str()),
        Some(decision.as_str()),
    )
    .await?;
    tx.commit().await?;
    Ok(true)
}

async fn put_on_map(
    tx: &mut crate::db::WriteTx,
    application: &SubmittedApplication,
    funded: &FundedProject<'_>,
    now: &str,
) -> Result<(), sqlx::Error> {
    let form = &application.form;
    let title = form.text("project_title").unwrap_or_default();
    let organisation = form.text("legal_name").unwrap_or_default();
    let scope = if funded.call.kind == KIND_NATIONAL { "national" } else { "regional" };
    let year = funded.month.get(..4).and_then(|y| y.parse::<i64>().ok());
    let intervention_id: i64 = sqlx::query(
        "INSERT INTO interventions (slug, programme_code, component, scope, title, requesting_entity,
             beneficiary_institution, region_code, objective, summary, start_month, start_year, status_code,
             status_as_of, detail_level, source, search_text, created_at, updated_at)
         VALUES ($1, 'ACP-EU Migration Action', 'nsa_project', $2, $3, $4, $4, $5, $6, $7, $8, $9, 'ongoing', $8,
             'full', 'portal', $10, $11, $11)
         RETURNING id",
    )
    .bind(application.reference.to_lowercase())
    .bind(scope)
    .bind(&title)
    .bind(&organisation)
    .bind(funded.region)
    .bind(form.text("objectives"))
    .bind(form.text("activities"))
    .bind(funded.month)
    .bind(year)
    .bind(fold(&format!("{title} {organisation}")))
    .bind(now)
    .fetch_one(&mut **tx)
    .await?
    .try_get(0)?;
    let lists = [
        ("INSERT INTO intervention_countries (intervention_id, iso3) VALUES ($1, $2)", form.values("countries")),
        ("INSERT INTO intervention_topics (intervention_id, topic_code) VALUES ($1, $2)", form.values("topics")),
        (
            "INSERT INTO intervention_typologies (intervention_id, typology_code) VALUES ($1, $2)",
            form.values("typology"),
        ),
    ];
    for (insert, values) in lists {
        for value in values {
            sqlx::query(insert).bind(intervention_id).bind(value).execute(&mut **tx).await?;
        }
    }
    sqlx::query("UPDATE grant_applications SET intervention_id = $1 WHERE id = $2")
        .bind(intervention_id)
        .bind(application.id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Records how many people a funded project reached; the public map shows it.
pub async fn report_reach(
    pool: &Pool,
    application: &SubmittedApplication,
    people: i64,
    actor: &str,
    now: &str,
) -> Result<bool, sqlx::Error> {
    let mut tx = crate::db::begin(pool).await?;
    let changed = sqlx::query(
        "UPDATE interventions SET people_reached = $1, people_reached_basis = $2, updated_at = $3
         WHERE id = (SELECT intervention_id FROM grant_applications WHERE id = $4)",
    )
    .bind(people)
    .bind("reported by the grantee")
    .bind(now)
    .bind(application.id)
    .execute(&mut *tx)
    .await?
    .rows_affected()
        == 1;
    if changed {
        audit(&mut tx, now, actor, "grant_application.reach", "grant_application", &application.reference, None, None)
            .await?;
    }
    tx.commit().await?;
    Ok(changed)
}
