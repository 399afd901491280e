//! "My work": what waits for a member of staff across the back office, oldest first. Each
//! list shows its first `MY_WORK_SHOWN` items and counts them all; the page links to the
//! whole paged list where there is one.

use sqlx::Row;

use super::ta_requests::push_scope;
use super::{Pool, Sql, Value};
use crate::domain::roster::AssignmentStatus;
use crate::domain::staff::{
    ClosingConsultation, MyWork, PendingOffer, ReviewToScore, StaffUser, Waiting, WaitingRequest, MY_WORK_SHOWN,
};
use crate::domain::stage::Stage;

pub async fn my_work(pool: &Pool, user: &StaffUser) -> Result<MyWork, sqlx::Error> {
    Ok(MyWork {
        requests: waiting_requests(pool, user).await?,
        consultations: closing_consultations(pool, user).await?,
        reviews: reviews_to_score(pool, user).await?,
        offers: pending_offers(pool, user).await?,
    })
}

/// The stages at which a request waits for staff: every stage before a final one.
fn open_stages() -> impl Iterator<Item = Value> {
    Stage::ALL.into_iter().filter(|s| !s.is_final()).map(|s| Value::Text(s.as_str().to_owned()))
}

/// Runs `select` (a `SELECT {columns} FROM … WHERE …` over what waits) twice: its first rows
/// by `order`, and their count.
async fn first_and_count(
    pool: &Pool,
    columns: &str,
    select: impl Fn(&str) -> Sql,
    order: &str,
) -> Result<(Vec<sqlx::any::AnyRow>, i64), sqlx::Error> {
    let mut rows = select(columns);
    rows.push(&format!(" ORDER BY {order} LIMIT ")).bind(Value::Int(MY_WORK_SHOWN));
    let count = select("COUNT(*)");
    Ok((rows.query().fetch_all(pool).await?, count.query().fetch_one(pool).await?.try_get(0)?))
}

async fn waiting_requests(pool: &Pool, user: &StaffUser) -> Result<Waiting<WaitingRequest>, sqlx::Error> {
    // Since the last move into its stage; a request never moved has been there since it came.
    let columns = "r.reference, r.institution, r.stage,
         COALESCE((SELECT MAX(e.at) FROM ta_request_events e WHERE e.request_id = r.id AND e.to_stage = r.stage),
                  r.submitted_at) AS since,
         (SELECT COUNT(*) FROM ta_endorsements d WHERE d.request_id = r.id AND d.endorsed_at IS NULL)";
    let select = |columns: &str| {
        let mut sql = Sql::new(&format!("SELECT {columns} FROM ta_requests r WHERE r.stage IN "));
        sql.bind_list(open_stages());
        push_scope(&mut sql, user);
        sql
    };
    let (rows, total) = first_and_count(pool, columns, select, "since, r.id").await?;
    let items = rows
        .iter()
        .map(|row| {
            let stage: String = row.try_get(2)?;
            Ok(WaitingRequest {
                reference: row.try_get(0)?,
                institution: row.try_get(1)?,
                stage: Stage::parse(&stage)
                    .ok_or_else(|| sqlx::Error::Decode(format!("unknown stage {stage}").into()))?,
                since: row.try_get(3)?,
                endorsements_awaited: row.try_get(4)?,
            })
        })
        .collect::<Result<_, sqlx::Error>>()?;
    Ok(Waiting { items, total })
}

async fn closing_consultations(pool: &Pool, user: &StaffUser) -> Result<Waiting<ClosingConsultation>, sqlx::Error> {
    let columns = "r.reference, c.round, c.deadline_at, c.utc_offset,
         (SELECT COUNT(*) FROM ta_consultees q WHERE q.consultation_id = c.id AND q.answered_at IS NOT NULL),
         (SELECT COUNT(*) FROM ta_consultees q WHERE q.consultation_id = c.id)";
    let select = |columns: &str| {
        let mut sql = Sql::new(&format!(
            "SELECT {columns} FROM ta_consultations c JOIN ta_requests r ON r.id = c.request_id WHERE c.closed_at IS NULL"
        ));
        push_scope(&mut sql, user);
        sql
    };
    let (rows, total) = first_and_count(pool, columns, select, "c.deadline_at, c.id").await?;
    let items = rows
        .iter()
        .map(|row| {
            Ok(ClosingConsultation {
                reference: row.try_get(0)?,
                round: row.try_get(1)?,
                deadline_at: row.try_get(2)?,
                utc_offset: row.try_get(3)?,
                answered: row.try_get(4)?,
                consultees: row.try_get(5)?,
            })
        })
        .collect::<Result<_, sqlx::Error>>()?;
    Ok(Waiting { items, total })
}

async fn reviews_to_score(pool: &Pool, user: &StaffUser) -> Result<Waiting<ReviewToScore>, sqlx::Error> {
    let columns = "a.reference, COALESCE(a.project_title, ''), g.assigned_at";
    let select = |columns: &str| {
        let mut sql = Sql::new(&format!(
            "SELECT {columns} FROM grant_reviews g JOIN grant_applications a ON a.id = g.application_id
             WHERE g.state IN ('assigned', 'clear') AND a.status = 'submitted' AND g.reviewer_id = "
        ));
        sql.bind(Value::Int(user.id));
        sql
    };
    let (rows, total) = first_and_count(pool, columns, select, "g.assigned_at, g.id").await?;
    let items = rows
        .iter()
        .map(|row| {
            Ok(ReviewToScore {
                reference: row.try_get(0)?,
                project_title: row.try_get(1)?,
                assigned_at: row.try_get(2)?,
            })
        })
        .collect::<Result<_, sqlx::Error>>()?;
    Ok(Waiting { items, total })
}

async fn pending_offers(pool: &Pool, user: &StaffUser) -> Result<Waiting<PendingOffer>, sqlx::Error> {
    let columns = "r.reference, x.id, COALESCE(x.full_name, ''), s.updated_at";
    let select = |columns: &str| {
        let mut sql = Sql::new(&format!(
            "SELECT {columns} FROM expert_assignments s JOIN ta_requests r ON r.id = s.request_id
             JOIN experts x ON x.id = s.expert_id WHERE s.status = "
        ));
        sql.bind_text(AssignmentStatus::Contacted.as_str());
        push_scope(&mut sql, user);
        sql
    };
    let (rows, total) = first_and_count(pool, columns, select, "s.updated_at, s.id").await?;
    let items = rows
        .iter()
        .map(|row| {
            Ok(PendingOffer {
                reference: row.try_get(0)?,
                expert_id: row.try_get(1)?,
                expert_name: row.try_get(2)?,
                contacted_at: row.try_get(3)?,
            })
        })
        .collect::<Result<_, sqlx::Error>>()?;
    Ok(Waiting { items, total })
}
