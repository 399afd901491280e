//! Invented TA requests at every stage: governments and regional organisations, each with
//! its reference (numbered per year, the counters moved on), topics, the requesting
//! government's endorsement and the history of its stage moves.

use std::collections::BTreeMap;

use app::db::ta_requests::REQUESTER;
use app::db::{Pool, Value};
use app::domain::filters::Dimension;
use app::domain::stage::{EventKind, Reference, Stage};
use app::domain::taxonomy::Taxonomy;
use app::i18n::Locale;
use sqlx::Row;
use time::{Date, Duration, Month};

use super::{chunk_ends, count_references, flush, next_id, optional, text, Invent, Rows};

const STREAM: u64 = 3;

pub async fn load(pool: &Pool, taxonomy: &Taxonomy, count: usize, seed: u64, today: Date) -> anyhow::Result<()> {
    let mut invent = Invent::new(seed, STREAM);
    let first_id = next_id(pool, "ta_requests").await?;
    let mut event_id = next_id(pool, "ta_request_events").await?;
    let mut endorsement_id = next_id(pool, "ta_endorsements").await?;
    let mut numbers: BTreeMap<i32, i64> =
        super::reference_counters(pool, Reference::PREFIX).await?.into_iter().collect();
    let staff: Option<String> = sqlx::query("SELECT email FROM staff_users ORDER BY id LIMIT 1")
        .fetch_optional(pool)
        .await?
        .map(|row| row.try_get(0))
        .transpose()?;
    let staff = staff.unwrap_or_else(|| "staff".to_owned());
    let mut tx = pool.begin().await?;
    let mut requests = Rows::new(
        "ta_requests",
        &[
            "id",
            "reference",
            "tracking_token_hash",
            "stage",
            "region_code",
            "requester_type",
            "country_iso3",
            "organisation_code",
            "institution",
            "official_name",
            "official_position",
            "official_email",
            "work_language",
            "focal_name",
            "focal_position",
            "focal_email",
            "focal_phone",
            "typology_code",
            "background",
            "objectives",
            "expected_results",
            "beneficiaries",
            "preferred_start",
            "locale",
            "decline_reason",
            "joined_into_id",
            "submitted_at",
            "updated_at",
        ],
    );
    let mut topics = Rows::new("ta_request_topics", &["request_id", "topic_code"]);
    let mut events =
        Rows::new("ta_request_events", &["id", "request_id", "at", "actor", "kind", "from_stage", "to_stage", "body"]);
    let mut endorsements = Rows::new(
        "ta_endorsements",
        &[
            "id",
            "request_id",
            "position",
            "country_iso3",
            "organisation_code",
            "official_name",
            "official_email",
            "locale",
            "token_sha256",
            "asked_at",
            "endorsed_at",
        ],
    );
    let since = Date::from_calendar_date(2015, Month::January, 1)?;
    for n in 0..count {
        let id = first_id + n as i64;
        let stage = invent.weighted(&[
            (Stage::Submitted, 18),
            (Stage::ConceptNote, 14),
            (Stage::TaFiche, 12),
            (Stage::BaselineAssessment, 10),
            (Stage::TaIntervention, 14),
            (Stage::Completed, 17),
            (Stage::Declined, 10),
            (Stage::Withdrawn, 3),
            (Stage::Joined, 2),
        ]);
        let submitted_day = invent.day(since, today);
        let submitted_at = super::instant(submitted_day, invent.int(0, 86_399));
        let year = submitted_day.year();
        let number = numbers.entry(year).or_insert(0);
        *number += 1;
        let reference = Reference { year, number: *number }.to_string();
        let government = invent.chance(0.85);
        let (country, organisation, region) = if government {
            let country = invent.pick(&taxonomy.countries);
            (Some(country.term.code.clone()), None, Some(country.region.clone()))
        } else {
            (None, Some(invent.pick(&taxonomy.organisations).code.clone()), None)
        };
        let language = invent.weighted(&[(Locale::En, 50), (Locale::Fr, 35), (Locale::Pt, 8), (Locale::Es, 7)]);
        let place = match (&country, &organisation) {
            (Some(code), _) => taxonomy.label(Dimension::Country, code, language),
            (None, code) => taxonomy.label(Dimension::Organisation, code.as_deref().unwrap_or_default(), language),
        }
        .to_owned();
        let chosen_topics = invent.some(&taxonomy.topics, 1, 3);
        let topic = chosen_topics[0];
        let official = invent.person();
        let focal = invent.person();
        let address = |name: &str| format!("{}.{n}@load.invalid", name.to_lowercase().replace(' ', "."));
        let preferred = submitted_day + Duration::days(invent.int(60, 365));
        let declined = stage == Stage::Declined;
        requests.add(vec![
            Value::Int(id),
            text(reference.as_str()),
            text(app::secret::token_hash(&app::secret::new_token())),
            text(stage.as_str()),
            optional(region),
            text(if government { "government" } else { "regional_organisation" }),
            optional(country.clone()),
            optional(organisation.clone()),
            text(invent.institution(language)),
            text(official.as_str()),
            text("Permanent Secretary"),
            text(address(&official)),
            text(language.code()),
            text(focal.as_str()),
            text("Migration policy officer"),
            text(address(&focal)),
            text(format!("+000 555 {:04}", n % 10_000)),
            text(invent.pick(&taxonomy.ta_typologies).as_str()),
            text(invent.paragraph(language, 3, topic, &place)),
            text(invent.paragraph(language, 2, topic, &place)),
            text(invent.paragraph(language, 2, topic, &place)),
            text(invent.paragraph(language, 1, topic, &place)),
            text(format!("{:04}-{:02}", preferred.year(), preferred.month() as u8)),
            text(language.code()),
            if declined {
                text("The request asks for equipment, which the programme does not fund.")
            } else {
                Value::Null
            },
            // Joined into the request before it (the first one of a run joins none).
            if stage == Stage::Joined && n > 0 { Value::Int(id - 1) } else { Value::NullInt },
            text(submitted_at.as_str()),
            text(submitted_at.as_str()),
        ]);
        for topic in chosen_topics {
            topics.add(vec![Value::Int(id), text(topic.code.clone())]);
        }
        let endorsed = stage != Stage::Submitted || invent.chance(0.5);
        endorsements.add(vec![
            Value::Int(endorsement_id),
            Value::Int(id),
            Value::Int(0),
            optional(country),
            optional(organisation),
            text(official.as_str()),
            text(address(&official)),
            text(language.code()),
            text(app::secret::token_hash(&app::secret::new_token())),
            text(submitted_at.as_str()),
            if endorsed { text(submitted_at.as_str()) } else { Value::Null },
        ]);
        endorsement_id += 1;
        let mut event = |at: &str, actor: &str, kind: EventKind, from: Option<Stage>, to: Stage| {
            events.add(vec![
                Value::Int(event_id),
                Value::Int(id),
                text(at),
                text(actor),
                text(kind.as_str()),
                optional(from.map(|s| s.as_str())),
                text(to.as_str()),
                Value::Null,
            ]);
            event_id += 1;
        };
        event(&submitted_at, REQUESTER, EventKind::Submitted, None, Stage::Submitted);
        // Moves along the path up to the stage reached, or to where it left the path.
        let reached = Stage::PATH.iter().position(|s| *s == stage).unwrap_or_else(|| invent.int(0, 3) as usize);
        let mut day = submitted_day;
        let mut from = Stage::Submitted;
        for to in Stage::PATH[1..=reached].iter().copied().chain((!Stage::PATH.contains(&stage)).then_some(stage)) {
            day = (day + Duration::days(invent.int(7, 120))).min(today);
            event(&super::instant(day, 43_200), &staff, EventKind::StageChanged, Some(from), to);
            from = to;
        }
        if chunk_ends(n, count) {
            flush(&mut tx, &mut [&mut requests, &mut topics, &mut endorsements, &mut events]).await?;
        }
    }
    for (year, last) in numbers {
        count_references(&mut tx, Reference::PREFIX, year, last).await?;
    }
    tx.commit().await?;
    Ok(())
}
