//! The back office's side of requests: the inbox within a user's regions, the counts,
//! a request with its history and notes, stage moves, messages and notes.

use sqlx::Row;

use super::REQUESTER;
use crate::db::audit::audit;
use crate::db::outbox::queue_mail;
use crate::db::{Pool, Sql, Value};
use crate::domain::staff::{InboxFilter, InboxSort, Role, StaffUser, INBOX_PER_PAGE};
use crate::domain::stage::{EventKind, HistoryEntry, Stage};
use crate::domain::ta_cycle::MissingWork;
use crate::domain::ta_request::{Details, FocalPoint, InboxRow, Institution, Note, Published, StoredRequest};
use crate::mail::OutgoingMail;

/// Limits `sql` (over `ta_requests r`) to what `user` covers.
pub(crate) fn push_scope(sql: &mut Sql, user: &StaffUser) {
    if user.role == Role::Coordinator {
        if user.regions.is_empty() {
            sql.push(" AND 1 = 0");
        } else {
            sql.push(" AND r.region_code IN ").bind_list(user.regions.iter().map(|r| Value::Text(r.clone())));
        }
    }
}

/// The `SELECT` of the inbox's rows (or of their count), narrowed to `user`'s regions and
/// `filter`, and to requests submitted by `submitted_before`.
fn inbox_query(select: &str, user: &StaffUser, filter: &InboxFilter, submitted_before: Option<&str>) -> Sql {
    let mut sql = Sql::new(&format!("SELECT {select} FROM ta_requests r WHERE 1 = 1"));
    push_scope(&mut sql, user);
    if let Some(stage) = filter.stage {
        sql.push(" AND r.stage = ").bind_text(stage.as_str());
    }
    if let Some(region) = &filter.region {
        sql.push(" AND r.region_code = ").bind_text(region);
    }
    if let Some(country) = &filter.country {
        sql.push(" AND r.country_iso3 = ").bind_text(country);
    }
    if let Some(topic) = &filter.topic {
        sql.push(" AND EXISTS (SELECT 1 FROM ta_request_topics t WHERE t.request_id = r.id AND t.topic_code = ")
            .bind_text(topic)
            .push(")");
    }
    if let Some(before) = submitted_before {
        sql.push(" AND r.submitted_at <= ").bind_text(before);
    }
    sql
}

/// The inbox's rows, newest first: `filter`'s page of `INBOX_PER_PAGE` with the count of all
/// that match, or (`every_row`, for the export) all of them.
pub async fn inbox(
    pool: &Pool,
    user: &StaffUser,
    filter: &InboxFilter,
    submitted_before: Option<&str>,
    every_row: bool,
) -> Result<(Vec<InboxRow>, i64), sqlx::Error> {
    let columns = "r.reference, r.institution, COALESCE(r.country_iso3, r.organisation_code), r.region_code, r.stage, r.submitted_at";
    let mut sql = inbox_query(columns, user, filter, submitted_before);
    match filter.sort {
        InboxSort::Newest => sql.push(" ORDER BY r.submitted_at DESC, r.id DESC"),
        InboxSort::Oldest => sql.push(" ORDER BY r.submitted_at, r.id"),
        InboxSort::Stage => {
            let order: String = Stage::ALL
                .iter()
                .enumerate()
                .map(|(i, stage)| format!(" WHEN '{}' THEN {i}", stage.as_str()))
                .collect();
            sql.push(&format!(" ORDER BY CASE r.stage{order} END, r.submitted_at DESC, r.id DESC"))
        }
    };
    if !every_row {
        sql.push(" LIMIT ")
            .bind(Value::Int(INBOX_PER_PAGE))
            .push(" OFFSET ")
            .bind(Value::Int((filter.page - 1) * INBOX_PER_PAGE));
    }
    let mut rows = Vec::new();
    for row in sql.query().fetch_all(pool).await? {
        let stage: String = row.try_get(4)?;
        rows.push(InboxRow {
            reference: row.try_get(0)?,
            institution: row.try_get(1)?,
            requester: row.try_get::<Option<String>, _>(2)?.unwrap_or_default(),
            region: row.try_get(3)?,
            stage: parse_stage(&stage)?,
            submitted_at: row.try_get(5)?,
        });
    }
    let total = if every_row {
        rows.len() as i64
    } else {
        inbox_query("COUNT(*)", user, filter, submitted_before).query().fetch_one(pool).await?.try_get(0)?
    };
    Ok((rows, total))
}

fn parse_stage(text: &str) -> Result<Stage, sqlx::Error> {
    Stage::parse(text).ok_or_else(|| sqlx::Error::Decode(format!("unknown stage {text}").into()))
}

/// Requests per stage among those `user` covers, in the stages' order.
pub async fn count_by_stage(pool: &Pool, user: &StaffUser) -> Result<Vec<(Stage, i64)>, sqlx::Error> {
    let mut sql = Sql::new("SELECT r.stage, COUNT(*) FROM ta_requests r WHERE 1 = 1");
    push_scope(&mut sql, user);
    sql.push(" GROUP BY r.stage");
    let mut counts = Vec::new();
    for row in sql.query().fetch_all(pool).await? {
        let stage: String = row.try_get(0)?;
        counts.push((parse_stage(&stage)?, row.try_get(1)?));
    }
    counts.sort_by_key(|(stage, _)| Stage::ALL.iter().position(|s| s == stage));
    Ok(counts)
}

/// Requests per region and per topic among those `user` covers, most first. A request of
/// an organisation spanning regions counts under the empty region code.
pub async fn count_by_region_and_topic(
    pool: &Pool,
    user: &StaffUser,
) -> Result<(Vec<(String, i64)>, Vec<(String, i64)>), sqlx::Error> {
    let mut by_region = Sql::new("SELECT COALESCE(r.region_code, ''), COUNT(*) FROM ta_requests r WHERE 1 = 1");
    push_scope(&mut by_region, user);
    by_region.push(" GROUP BY COALESCE(r.region_code, '') ORDER BY COUNT(*) DESC, 1");
    let mut by_topic = Sql::new(
        "SELECT t.topic_code, COUNT(*) FROM ta_request_topics t JOIN ta_requests r ON r.id = t.request_id WHERE 1 = 1",
    );
    push_scope(&mut by_topic, user);
    by_topic.push(" GROUP BY t.topic_code ORDER BY COUNT(*) DESC, 1");
    let mut counts = Vec::new();
    for sql in [by_region, by_topic] {
        counts.push(
            sql.query()
                .fetch_all(pool)
                .await?
                .iter()
                .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
                .collect::<Result<Vec<_>, sqlx::Error>>()?,
        );
    }
    let by_topic = counts.pop().unwrap_or_default();
    let by_region = counts.pop().unwrap_or_default();
    Ok((by_region, by_topic))
}

/// A request with everything staff see about it.
pub async fn find_by_reference(pool: &Pool, reference: &str) -> Result<Option<StoredRequest>, sqlx::Error> {
    find_one(pool, "r.reference", reference).await
}

/// The request whose `column` (its reference or its tracking token's hash, both unique)
/// is `value`.
pub(super) async fn find_one(
    pool: &Pool,
    column: &'static str,
    value: &str,
) -> Result<Option<StoredRequest>, sqlx::Error> {
    let sql = format!(
        "SELECT r.id, r.reference, r.stage, r.region_code, r.submitted_at, r.locale, r.decline_reason,
             r.requester_type, r.country_iso3, r.organisation_code, r.institution, r.department, r.official_name,
             r.official_position, r.work_language, r.focal_name, r.focal_position, r.focal_email, r.focal_phone,
             r.typology_code, r.background, r.objectives, r.expected_results, r.beneficiaries, r.policy_link,
             r.other_support, r.preferred_start, r.preferred_end, i.slug, i.publishable, r.official_email,
             j.reference
         FROM ta_requests r LEFT JOIN interventions i ON i.id = r.intervention_id
         LEFT JOIN ta_requests j ON j.id = r.joined_into_id
         WHERE {column} = $1"
    );
    let row = sqlx::query(&sql).bind(value).fetch_optional(pool).await?;
    let Some(row) = row else { return Ok(None) };
    let id: i64 = row.try_get(0)?;
    let stage: String = row.try_get(2)?;
    let text = |i: usize| row.try_get::<Option<String>, _>(i);
    let topics = sqlx::query("SELECT topic_code FROM ta_request_topics WHERE request_id = $1 ORDER BY topic_code")
        .bind(id)
        .fetch_all(pool)
        .await?
        .iter()
        .map(|r| r.try_get(0))
        .collect::<Result<Vec<String>, _>>()?;
    Ok(Some(StoredRequest {
        id,
        reference: row.try_get(1)?,
        stage: parse_stage(&stage)?,
        region: text(3)?,
        submitted_at: row.try_get(4)?,
        locale: row.try_get(5)?,
        decline_reason: text(6)?,
        institution: Institution {
            requester_type: text(7)?,
            country: text(8)?,
            organisation: text(9)?,
            institution: text(10)?,
            department: text(11)?,
            official_name: text(12)?,
            official_position: text(13)?,
            official_email: text(30)?,
            work_language: text(14)?,
            // The governments asking with it are read with their endorsements.
            joint: Vec::new(),
        },
        focal_point: FocalPoint {
            focal_name: text(15)?,
            focal_position: text(16)?,
            focal_email: text(17)?,
            focal_phone: text(18)?,
        },
        details: Details {
            topics,
            typology: text(19)?,
            background: text(20)?,
            objectives: text(21)?,
            expected_results: text(22)?,
            beneficiaries: text(23)?,
            policy_link: text(24)?,
            other_support: text(25)?,
            preferred_start: text(26)?,
            preferred_end: text(27)?,
        },
        published: text(28)?
            .map(|slug| Ok::<_, sqlx::Error>(Published { slug, publishable: row.try_get::<i64, _>(29)? == 1 }))
            .transpose()?,
        joined_into: text(31)?,
    }))
}

/// The history the requester sees, oldest first.
pub async fn history(pool: &Pool, request_id: i64) -> Result<Vec<HistoryEntry>, sqlx::Error> {
    let mut history = Vec::new();
    for event in sqlx::query(
        "SELECT at, kind, to_stage, body, actor FROM ta_request_events WHERE request_id = $1 ORDER BY at, id",
    )
    .bind(request_id)
    .fetch_all(pool)
    .await?
    {
        let kind: String = event.try_get(1)?;
        let to_stage: Option<String> = event.try_get(2)?;
        let Some(kind) = EventKind::parse(&kind) else { continue };
        history.push(HistoryEntry {
            at: event.try_get(0)?,
            kind,
            to_stage: to_stage.as_deref().and_then(Stage::parse),
            body: event.try_get(3)?,
            by_requester: event.try_get::<String, _>(4)? == REQUESTER,
        });
    }
    Ok(history)
}

pub async fn notes(pool: &Pool, request_id: i64) -> Result<Vec<Note>, sqlx::Error> {
    sqlx::query(
        "SELECT n.at, u.name, n.body FROM ta_request_notes n JOIN staff_users u ON u.id = n.author_id
         WHERE n.request_id = $1 ORDER BY n.at, n.id",
    )
    .bind(request_id)
    .fetch_all(pool)
    .await?
    .iter()
    .map(|r| Ok(Note { at: r.try_get(0)?, author: r.try_get(1)?, body: r.try_get(2)? }))
    .collect()
}

/// What became of a stage move.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Move {
    Done,
    /// The request was no longer at `from` (someone else moved it first).
    NotAtStage,
    /// The stage's work is not done: the move waits for it.
    Missing(MissingWork),
}

/// Moves a request from `from` to `to` (the caller checked `from.can_move_to(to)`) once the
/// stage's work the move needs is there, with its history entry, audit record and the
/// requester's e-mail. Nothing is changed unless it moves.
#[allow(clippy::too_many_arguments)]
pub async fn move_stage(
    pool: &Pool,
    request: &StoredRequest,
    from: Stage,
    to: Stage,
    actor: &str,
    reason: Option<&str>,
    mail: &OutgoingMail,
    now: &str,
) -> Result<Move, sqlx::Error> {
    let mut tx = crate::db::begin(pool).await?;
    if !super::cycle::hold_at_stage(&mut tx, request.id, from, now).await? {
        return Ok(Move::NotAtStage);
    }
    if let Some(missing) = super::cycle::missing_work(&mut tx, request.id, from, to, now).await? {
        return Ok(Move::Missing(missing));
    }
    sqlx::query("UPDATE ta_requests SET stage = $1, decline_reason = COALESCE($2, decline_reason) WHERE id = $3")
        .bind(to.as_str())
        .bind(reason)
        .bind(request.id)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO ta_request_events (request_id, at, actor, kind, from_stage, to_stage, body) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(request.id)
    .bind(now)
    .bind(actor)
    .bind(EventKind::StageChanged.as_str())
    .bind(from.as_str())
    .bind(to.as_str())
    .bind(reason)
    .execute(&mut *tx)
    .await?;
    if to == Stage::Completed {
        super::publishing::record_what_was_done(&mut tx, request.id, now).await?;
    }
    audit(&mut tx, now, actor, "move_stage", "ta_request", &request.reference, Some(from.as_str()), Some(to.as_str()))
        .await?;
    queue_mail(&mut tx, mail, now).await?;
    tx.commit().await?;
    Ok(Move::Done)
}

/// A message to the requester: on the tracking page and by e-mail.
pub async fn add_message(
    pool: &Pool,
    request: &StoredRequest,
    actor: &str,
    body: &str,
    mail: &OutgoingMail,
    now: &str,
) -> Result<(), sqlx::Error> {
    super::add_to_thread(pool, request, actor, "message", body, std::slice::from_ref(mail), now).await
}

/// An internal note, seen by staff only.
pub async fn add_note(
    pool: &Pool,
    request: &StoredRequest,
    author: &StaffUser,
    body: &str,
    now: &str,
) -> Result<(), sqlx::Error> {
    let mut tx = crate::db::begin(pool).await?;
    sqlx::query("INSERT INTO ta_request_notes (request_id, author_id, at, body) VALUES ($1, $2, $3, $4)")
        .bind(request.id)
        .bind(author.id)
        .bind(now)
        .bind(body)
        .execute(&mut *tx)
        .await?;
    audit(&mut tx, now, &author.actor(), "note", "ta_request", &request.reference, None, None).await?;
    tx.commit().await
}
