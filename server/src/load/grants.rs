//! Invented calls for proposals, one every few weeks back from today, through the code staff
//! use; then applications to them, each checked against its call's own rules and stored as a
//! submission stores it, with reviews scored by the management unit where the call has closed.

use std::collections::BTreeMap;

use app::db::grants::calls::{self, NewCall};
use app::db::{Pool, Value};
use app::domain::form::RawForm;
use app::domain::grant::scoring::{reviewer_total, SCORE_MAX};
use app::domain::grant::{
    call, call_choices, check, ApplicationStatus, CallForm, GrantChoices, GrantForm, ReviewState, REFERENCE_PREFIX,
};
use app::domain::taxonomy::Taxonomy;
use app::i18n::Locale;
use sqlx::Row;
use time::Duration;

use super::{chunk_ends, count_references, flush, next_id, optional, text, Invent, Rows};
use crate::demo::grants::{application_form, call_form, ApplicationAnswers, DEMO_CALLS};

const STREAM: u64 = 4;

pub async fn load(
    pool: &Pool,
    taxonomy: &Taxonomy,
    call_count: usize,
    count: usize,
    seed: u64,
    now: &str,
) -> anyhow::Result<()> {
    let mut invent = Invent::new(seed, STREAM);
    let today = call::parse_instant(now).ok_or_else(|| anyhow::anyhow!("unreadable time {now}"))?;
    let choices = call_choices(taxonomy);
    let mut loaded = Vec::new();
    for n in 0..call_count {
        // The newest call is the demo's open one moved back three weeks; the others go back
        // two weeks each (200 calls: eight years), so nearly all have closed.
        let demo = &DEMO_CALLS[n % DEMO_CALLS.len()];
        let mut typed = call_form(demo, today - Duration::weeks(3 + 2 * n as i64));
        let year = (today - Duration::weeks(2 * n as i64)).year();
        typed.set("title_en", vec![format!("{} {year}, call {} of {}", invent.word(), n + 1, call_count)]);
        let form = check::<CallForm>(&typed, &choices)
            .map_err(|errors| anyhow::anyhow!("invented call {n} fails its rules: {errors:?}"))?;
        let new = NewCall::of(&typed, &form).ok_or_else(|| anyhow::anyhow!("invented call {n} without its terms"))?;
        let id = calls::create(pool, &new, taxonomy, "load", now).await?;
        calls::publish(pool, id, "load", now).await?;
        let call = calls::find(pool, id).await?.ok_or_else(|| anyhow::anyhow!("call {id} vanished"))?;
        // Only calls that have opened can have applications.
        if call::parse_instant(&call.opens_at).is_some_and(|opens| opens < today) {
            loaded.push(call);
        }
    }
    anyhow::ensure!(!loaded.is_empty() || count == 0, "no invented call has opened");
    let reviewers: Vec<i64> = sqlx::query("SELECT id FROM staff_users WHERE role = 'admin' ORDER BY id LIMIT 2")
        .fetch_all(pool)
        .await?
        .iter()
        .map(|row| row.try_get(0))
        .collect::<Result<_, _>>()?;
    let first_id = next_id(pool, "grant_applications").await?;
    let mut review_id = next_id(pool, "grant_reviews").await?;
    let mut numbers: BTreeMap<i32, i64> =
        super::reference_counters(pool, REFERENCE_PREFIX).await?.into_iter().collect();
    let mut tx = pool.begin().await?;
    let mut applications = Rows::new(
        "grant_applications",
        &[
            "id",
            "call_id",
            "draft_token_hash",
            "status",
            "form_json",
            "locale",
            "reference",
            "tracking_token_hash",
            "submitted_json",
            "legal_name",
            "org_type",
            "registration_country",
            "contact_email",
            "project_title",
            "typology_code",
            "region_code",
            "total_cents",
            "cofunding_cents",
            "requested_cents",
            "people_reached",
            "duration_months",
            "first_submitted_at",
            "submitted_at",
            "created_at",
            "updated_at",
            "decision_reason",
            "decided_at",
        ],
    );
    let mut countries = Rows::new("grant_application_countries", &["application_id", "iso3"]);
    let mut topics = Rows::new("grant_application_topics", &["application_id", "topic_code"]);
    let mut lines =
        Rows::new("grant_budget_lines", &["application_id", "position", "category", "description", "amount_cents"]);
    let mut reviews = Rows::new(
        "grant_reviews",
        &["id", "application_id", "reviewer_id", "state", "declared_at", "total_tenths", "scored_at", "assigned_at"],
    );
    let mut scores = Rows::new("grant_review_scores", &["review_id", "position", "score", "comment"]);
    for n in 0..count {
        let id = first_id + n as i64;
        let call = &loaded[n % loaded.len()];
        let closes = call::parse_instant(&call.closes_at).ok_or_else(|| anyhow::anyhow!("call without deadline"))?;
        let opens = call::parse_instant(&call.opens_at).ok_or_else(|| anyhow::anyhow!("call without opening"))?;
        let at = opens + (closes.min(today) - opens) * invent.int(1, 99) as f64 / 100.0;
        let at_text = call::utc_text(at);
        let year = at.year();
        let choices = call.choices(taxonomy, year as u32);
        let typed = invented_application(&mut invent, &choices, n);
        let form = GrantForm::check(&typed, &choices).map_err(|(step, errors)| {
            anyhow::anyhow!("invented application {n} fails its rules at {step:?}: {errors:?}")
        })?;
        let number = numbers.entry(year).or_insert(0);
        *number += 1;
        let reference = format!("{REFERENCE_PREFIX}-{year}-{number:04}");
        let figures = form.budget.running_figures();
        let region = form.project.countries.first().and_then(|c| taxonomy.country(c)).map(|c| c.region.clone());
        let closed = closes < today;
        let status = if !closed {
            ApplicationStatus::Submitted
        } else {
            invent.weighted(&[
                (ApplicationStatus::Submitted, 30),
                (ApplicationStatus::Funded, 15),
                (ApplicationStatus::Reserve, 15),
                (ApplicationStatus::Rejected, 40),
            ])
        };
        let decided = status != ApplicationStatus::Submitted;
        let decided_at = call::utc_text(closes + Duration::days(20));
        let number_of = |text: &Option<String>| {
            text.as_deref().and_then(|t| t.parse::<i64>().ok()).map_or(Value::NullInt, Value::Int)
        };
        let json = app::db::drafts::form_json(&typed);
        applications.add(vec![
            Value::Int(id),
            Value::Int(call.id),
            text(app::secret::token_hash(&app::secret::new_token())),
            text(status.as_str()),
            text(json.as_str()),
            text(Locale::En.code()),
            text(reference),
            text(app::secret::token_hash(&app::secret::new_token())),
            text(json),
            optional(form.organisation.legal_name.clone()),
            optional(form.organisation.org_type.clone()),
            optional(form.organisation.registration_country.clone()),
            optional(form.organisation.contact_email.clone()),
            optional(form.project.project_title.clone()),
            optional(form.project.typology.clone()),
            optional(region),
            Value::Int(figures.total_cents),
            Value::Int(figures.cofunding_cents),
            Value::Int(figures.requested_cents),
            number_of(&form.project.people_reached),
            number_of(&form.project.duration_months),
            text(at_text.as_str()),
            text(at_text.as_str()),
            text(at_text.as_str()),
            text(at_text.as_str()),
            if decided { text("Scored against the call's criteria by two reviewers.") } else { Value::Null },
            if decided { text(decided_at.as_str()) } else { Value::Null },
        ]);
        for iso3 in &form.project.countries {
            countries.add(vec![Value::Int(id), text(iso3.as_str())]);
        }
        for topic in &form.project.topics {
            topics.add(vec![Value::Int(id), text(topic.as_str())]);
        }
        for (position, line) in form.budget.lines().into_iter().enumerate() {
            lines.add(vec![
                Value::Int(id),
                Value::Int(position as i64 + 1),
                text(line.category),
                text(line.description),
                Value::Int(line.amount_cents),
            ]);
        }
        // Reviewers are asked once a call closes; each declares and scores a week later.
        for reviewer in reviewers.iter().filter(|_| closed) {
            let assigned = call::utc_text(closes + Duration::days(1));
            let scored = call::utc_text(closes + Duration::days(8));
            let marks: Vec<u32> = call.criteria.iter().map(|_| invent.int(1, SCORE_MAX.into()) as u32).collect();
            let weighted: Vec<(u32, u32)> = call.criteria.iter().map(|c| c.weight).zip(marks.iter().copied()).collect();
            let total = i64::from(reviewer_total(&weighted));
            let done = decided || invent.chance(0.5);
            reviews.add(vec![
                Value::Int(review_id),
                Value::Int(id),
                Value::Int(*reviewer),
                text(if done { ReviewState::Scored.as_str() } else { ReviewState::Assigned.as_str() }),
                if done { text(assigned.as_str()) } else { Value::Null },
                if done { Value::Int(total) } else { Value::NullInt },
                if done { text(scored.as_str()) } else { Value::Null },
                text(assigned.as_str()),
            ]);
            for (position, mark) in marks.into_iter().enumerate().filter(|_| done) {
                scores.add(vec![
                    Value::Int(review_id),
                    Value::Int(position as i64 + 1),
                    Value::Int(mark.into()),
                    text("Read against the call's guidance for this criterion."),
                ]);
            }
            review_id += 1;
        }
        if chunk_ends(n, count) {
            flush(
                &mut tx,
                &mut [&mut applications, &mut countries, &mut topics, &mut lines, &mut reviews, &mut scores],
            )
            .await?;
        }
    }
    for (year, last) in numbers {
        count_references(&mut tx, REFERENCE_PREFIX, year, last).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// An association's application within `choices`: a requested amount between the call's
/// floor and ceiling, co-funding just above its share, the call's countries and topics.
fn invented_application(invent: &mut Invent, choices: &GrantChoices, n: usize) -> RawForm {
    let name = format!(
        "{} {} Association",
        super::invent::capitalised(&invent.word()),
        super::invent::capitalised(&invent.word())
    );
    let email = format!("applicant.{n}@load.invalid");
    let title = format!("{} for migrants' families", super::invent::capitalised(&invent.word()));
    let first = invent.pick(&choices.countries);
    let neighbours: Vec<&str> =
        choices.countries.iter().filter(|(_, region)| *region == first.1).map(|(iso3, _)| iso3.as_str()).collect();
    let countries: Vec<&str> = if choices.kind == call::KIND_REGIONAL && neighbours.len() > 1 {
        let mut two = vec![first.0.as_str()];
        two.extend(neighbours.iter().copied().filter(|c| *c != first.0).take(invent.int(1, 2) as usize));
        two
    } else {
        vec![first.0.as_str()]
    };
    let topics: Vec<&str> = invent.some(&choices.topics, 1, 2).into_iter().map(String::as_str).collect();
    let euros = |cents: i64| cents / 100;
    let requested = invent.int(euros(choices.floor_cents), euros(choices.ceiling_cents));
    let percent = i64::from(choices.cofunding_percent);
    let cofunding = (requested * percent + 99 - percent) / (100 - percent) + 100;
    let total = requested + cofunding;
    let (first_line, second_line) = (total / 2, total * 35 / 100);
    let amounts = [first_line, second_line, total - first_line - second_line].map(|a| a.to_string());
    let months = invent.int(6, i64::from(choices.max_months)).to_string();
    let cofunding = cofunding.to_string();
    application_form(&ApplicationAnswers {
        name: &name,
        email: &email,
        title: &title,
        countries: &countries,
        topics: &topics,
        months: &months,
        line_amounts: [&amounts[0], &amounts[1], &amounts[2]],
        cofunding: &cofunding,
    })
}
