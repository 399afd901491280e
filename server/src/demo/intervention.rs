//! Demo interventions: the fiche's activities recorded as carried out, in the weeks before
//! seeding, and an output shown to the public (a one-page invented PDF).

use std::path::Path;

use app::db::ta_requests::{self, StageWrite};
use app::db::Pool;
use app::domain::grant::call::{parse_instant, utc_text};
use app::domain::stage::Stage;
use app::domain::ta_cycle::ActivityHeld;
use app::domain::ta_request::StoredRequest;
use time::Duration;

use super::documents::add_demo_document;

/// Each activity of the request's fiche but the last recorded as carried out (`all`: every
/// one), a fortnight apart ending a week before `now`, with its public output `(title, file
/// name)`.
pub async fn write_intervention(
    pool: &Pool,
    files_dir: &Path,
    request: &StoredRequest,
    all: bool,
    (title, file_name): (&str, &str),
    now: &str,
) -> anyhow::Result<()> {
    let checked = |done: StageWrite| -> anyhow::Result<()> {
        anyhow::ensure!(done == StageWrite::Done, "demo intervention of {}: {done:?}", request.reference);
        Ok(())
    };
    let now_at = parse_instant(now).ok_or_else(|| anyhow::anyhow!("demo time {now} unreadable"))?;
    let activities = ta_requests::fiche_work(pool, request.id).await?.activities;
    let carried_out = if all { activities.len() } else { activities.len().saturating_sub(1) };
    for (i, activity) in activities.iter().take(carried_out).enumerate() {
        let weeks_ago = 2 * (carried_out - i) as i64 + 1;
        let day = |at: time::OffsetDateTime| utc_text(at).get(..10).map(str::to_owned);
        let from = now_at - Duration::weeks(weeks_ago);
        let held = ActivityHeld {
            for_activity: Some(activity.id.to_string()),
            held_from: day(from),
            held_to: day(from + Duration::days(2)),
            held_remotely: activity.place.is_none(),
            venue: activity.place.clone(),
            women: Some("11".into()),
            men: Some("9".into()),
            total: Some("21".into()),
        };
        checked(ta_requests::record_activity_held(pool, request, &held, "system", now).await?)?;
    }
    let lines =
        [title, &format!("Request {}", request.reference) as &str, "An invented output of the demonstration data."];
    let file = (file_name, &lines[..]);
    add_demo_document(pool, files_dir, request, Stage::TaIntervention, title, file, now).await
}
