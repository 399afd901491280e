//! Invented audit rows, oldest first over six years: what staff, requesters, experts and
//! applicants did, naming records by reference or number as the portal's own rows do.

use app::db::{Pool, Value};
use time::{Date, Duration};

use super::{chunk_ends, flush, next_id, optional, text, Invent, Rows};

const STREAM: u64 = 5;

/// (actor, action, record type, from, to), as the portal writes them.
const KINDS: [(&str, &str, &str, Option<&str>, Option<&str>); 6] = [
    ("requester", "submit", "ta_request", None, Some("submitted")),
    ("management@demo.invalid", "move_stage", "ta_request", Some("submitted"), Some("concept_note")),
    ("management@demo.invalid", "move_stage", "ta_request", Some("concept_note"), Some("ta_fiche")),
    ("expert", "submit", "expert", Some("draft"), Some("unverified")),
    ("applicant", "grant_application.submit", "grant_application", Some("draft"), Some("submitted")),
    ("management@demo.invalid", "translate", "intervention", None, Some("en")),
];

pub async fn load(pool: &Pool, count: usize, seed: u64, today: Date) -> anyhow::Result<()> {
    let mut invent = Invent::new(seed, STREAM);
    let first_id = next_id(pool, "audit_log").await?;
    let start = (today - Duration::days(6 * 365)).midnight().assume_utc();
    // Seconds between rows, at least one.
    let step = (6 * 365 * 86_400 / count.max(1)).max(1);
    let mut tx = pool.begin().await?;
    let mut rows =
        Rows::new("audit_log", &["id", "at", "actor", "action", "record_type", "record_id", "from_state", "to_state"]);
    for n in 0..count {
        let (actor, action, record_type, from, to) = *invent.pick(&KINDS);
        let record = match record_type {
            "ta_request" => format!("TA-{}-{:04}", invent.int(2015, today.year().into()), invent.int(1, 3000)),
            "grant_application" => {
                format!("NSA-{}-{:04}", invent.int(2020, today.year().into()), invent.int(1, 10_000))
            }
            "intervention" => format!("load-{seed}-{}", invent.int(0, 19_999)),
            _ => invent.int(1, 100_000).to_string(),
        };
        let at = start + Duration::seconds(step as i64 * n as i64);
        rows.add(vec![
            Value::Int(first_id + n as i64),
            text(crate::auth::rfc3339(at)),
            text(actor),
            text(action),
            text(record_type),
            text(record),
            optional(from),
            optional(to),
        ]);
        if chunk_ends(n, count) {
            flush(&mut tx, &mut [&mut rows]).await?;
        }
    }
    tx.commit().await?;
    Ok(())
}
