//! Demo consultation rounds on TA fiches: one closed by silence (the requester agreed, the EU
//! Delegation said nothing by the deadline), which lets the request go on to the baseline, and
//! one in progress (the requester commented, the Delegation not yet answered). No e-mail
//! leaves: the demo's links are random and nobody holds them.

use app::db::ta_requests::{self, AnswerWrite, ConsultationWrite, Invitee, NewRound};
use app::db::Pool;
use app::domain::consultation::reminder_at;
use app::domain::grant::call::{parse_instant, utc_text};
use app::domain::ta_request::StoredRequest;
use app::secret::{new_token, token_hash};
use time::Duration;

/// A round on the request's complete fiche, opened 12 days before `now` with its deadline 2
/// days before `now` (closed by silence) or, `in_progress`, opened yesterday with a week to go.
pub async fn consult_on_fiche(
    pool: &Pool,
    request: &StoredRequest,
    in_progress: bool,
    now: &str,
) -> anyhow::Result<()> {
    let now_at = parse_instant(now).ok_or_else(|| anyhow::anyhow!("demo time {now} unreadable"))?;
    let (opened, deadline) = if in_progress {
        (now_at - Duration::days(1), now_at + Duration::days(7))
    } else {
        (now_at - Duration::days(12), now_at - Duration::days(2))
    };
    let requester = request.focal_point.focal_email.clone().unwrap_or_default();
    let requester_token = new_token();
    let invitee = |email: &str, is_requester: bool, token: &str| Invitee {
        email: email.to_owned(),
        locale: "en".to_owned(),
        is_requester,
        token_hash: token_hash(token),
    };
    let round = NewRound {
        deadline_at: utc_text(deadline),
        utc_offset: "+01:00".to_owned(),
        remind_at: utc_text(reminder_at(deadline)),
        invitees: vec![
            invitee(&requester, true, &requester_token),
            invitee("eu-delegation@demo.invalid", false, &new_token()),
        ],
    };
    let opened_text = utc_text(opened);
    let outcome = ta_requests::open_round(pool, request, &round, "system", &[], &opened_text).await?;
    anyhow::ensure!(matches!(outcome, ConsultationWrite::Done(_)), "demo round on {}: {outcome:?}", request.reference);
    let link = ta_requests::consultee_by_link(pool, &token_hash(&requester_token))
        .await?
        .ok_or_else(|| anyhow::anyhow!("demo consultee of {} not found", request.reference))?;
    let (answer, comment) = if in_progress {
        ("agree_with_comments", Some("Demo: please add the statistics office to the fact-finding mission."))
    } else {
        ("agree", None)
    };
    let answered_at = utc_text(opened + Duration::days(1));
    let answered = ta_requests::answer_consultation(pool, &link, answer, comment, &[], &answered_at).await?;
    anyhow::ensure!(answered == AnswerWrite::Done, "demo answer on {}: {answered:?}", request.reference);
    ta_requests::close_rounds_past_deadline(pool, now).await?;
    Ok(())
}
