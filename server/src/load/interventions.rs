//! Invented interventions: national and regional, TAs and NSA projects, in the four
//! languages with translations, on the map's countries, topics and typologies.

use app::db::{Pool, Value};
use app::domain::taxonomy::{fold, Taxonomy};
use app::i18n::Locale;
use time::{Date, Month};

use super::{chunk_ends, flush, next_id, optional, text, Invent, Rows};

const STREAM: u64 = 1;

pub async fn load(pool: &Pool, taxonomy: &Taxonomy, count: usize, seed: u64, today: Date) -> anyhow::Result<()> {
    let mut invent = Invent::new(seed, STREAM);
    let first_id = next_id(pool, "interventions").await?;
    let mut tx = pool.begin().await?;
    let mut interventions = Rows::new(
        "interventions",
        &[
            "id",
            "slug",
            "programme_code",
            "component",
            "scope",
            "title",
            "organisation_code",
            "requesting_entity",
            "region_code",
            "objective",
            "summary",
            "start_month",
            "end_month",
            "start_year",
            "end_year",
            "status_code",
            "status_as_of",
            "detail_level",
            "people_reached",
            "source",
            "search_text",
            "created_at",
            "updated_at",
            "publishable",
            "language",
        ],
    );
    let mut countries = Rows::new("intervention_countries", &["intervention_id", "iso3"]);
    let mut topics = Rows::new("intervention_topics", &["intervention_id", "topic_code"]);
    let mut typologies = Rows::new("intervention_typologies", &["intervention_id", "typology_code"]);
    let mut translations = Rows::new(
        "intervention_translations",
        &["intervention_id", "locale", "title", "summary", "objective", "search_text"],
    );
    let nsa_typologies: Vec<&String> =
        taxonomy.typologies.iter().map(|t| &t.code).filter(|c| !taxonomy.ta_typologies.contains(c)).collect();
    let now = super::instant(today, 0);
    for n in 0..count {
        let id = first_id + n as i64;
        let first = invent.pick(&taxonomy.countries);
        let in_region: Vec<_> = taxonomy.countries.iter().filter(|c| c.region == first.region).collect();
        let regional = invent.chance(0.2);
        let mut places = vec![first];
        if regional {
            places
                .extend(invent.some(&in_region, 1, 3).into_iter().copied().filter(|c| c.term.code != first.term.code));
        }
        let organisation =
            if regional && invent.chance(0.4) { Some(invent.pick(&taxonomy.organisations)) } else { None };
        let language = invent.weighted(&[(Locale::En, 55), (Locale::Fr, 30), (Locale::Pt, 8), (Locale::Es, 7)]);
        let chosen_topics = invent.some(&taxonomy.topics, 1, 3);
        let topic = chosen_topics[0];
        let place = organisation.map_or_else(|| first.term.label(language), |o| o.label(language)).to_owned();
        let title = invent.title(language, topic, &place);
        let objective = invent.paragraph(language, 1, topic, &place);
        let summary = invent.paragraph(language, 4, topic, &place);
        let nsa = invent.chance(0.2);
        let start = invent.day(Date::from_calendar_date(2009, Month::January, 1)?, today);
        let status = invent.weighted(&[("completed", 70), ("ongoing", 25), ("requested", 5)]);
        let end =
            (status == "completed").then(|| start + time::Duration::days(invent.int(60, 900))).filter(|e| *e <= today);
        let status = if status == "completed" && end.is_none() { "ongoing" } else { status };
        let month = |day: Date| format!("{:04}-{:02}", day.year(), day.month() as u8);
        let as_of = invent.day(end.unwrap_or(start), today);

        let mut searched = vec![title.clone(), objective.clone(), summary.clone()];
        if let Some(org) = organisation {
            searched.push(org.code.clone());
            searched.extend(org.labels.iter().map(|(_, label)| label.clone()));
        }
        for country in &places {
            searched.extend(country.term.labels.iter().map(|(_, label)| label.clone()));
        }
        interventions.add(vec![
            Value::Int(id),
            text(format!("load-{seed}-{n}")),
            text(invent.pick(&taxonomy.programmes).code.clone()),
            text(if nsa { "nsa_project" } else { "technical_assistance" }),
            text(if regional { "regional" } else { "national" }),
            text(title.as_str()),
            optional(organisation.map(|o| o.code.clone())),
            text(invent.institution(language)),
            text(first.region.clone()),
            text(objective.as_str()),
            text(summary.as_str()),
            text(month(start)),
            optional(end.map(month)),
            Value::Int(start.year().into()),
            end.map_or(Value::NullInt, |e| Value::Int(e.year().into())),
            text(status),
            text(month(as_of)),
            text("full"),
            if invent.chance(0.6) { Value::Int(invent.int(10, 20_000)) } else { Value::NullInt },
            text("generated"),
            text(fold(&searched.join("\n"))),
            text(now.as_str()),
            text(now.as_str()),
            Value::Int(i64::from(!invent.chance(0.01))),
            text(language.code()),
        ]);
        for country in places {
            countries.add(vec![Value::Int(id), text(country.term.code.clone())]);
        }
        for topic in chosen_topics {
            topics.add(vec![Value::Int(id), text(topic.code.clone())]);
        }
        let kinds: Vec<&String> = if nsa { nsa_typologies.clone() } else { taxonomy.ta_typologies.iter().collect() };
        for typology in invent.some(&kinds, 1, 2) {
            typologies.add(vec![Value::Int(id), text((*typology).clone())]);
        }
        // Staff translate into English what was written in another language, and some
        // English texts into French.
        let translated_into = match language {
            Locale::En => invent.chance(0.3).then_some(Locale::Fr),
            _ => invent.chance(0.6).then_some(Locale::En),
        };
        if let Some(locale) = translated_into {
            let place = organisation.map_or_else(|| first.term.label(locale), |o| o.label(locale)).to_owned();
            let title = invent.title(locale, topic, &place);
            let summary = invent.paragraph(locale, 4, topic, &place);
            let objective = invent.paragraph(locale, 1, topic, &place);
            let searched = fold(&[title.as_str(), summary.as_str(), objective.as_str()].join("\n"));
            translations.add(vec![
                Value::Int(id),
                text(locale.code()),
                text(title),
                text(summary),
                text(objective),
                text(searched),
            ]);
        }
        if chunk_ends(n, count) {
            flush(&mut tx, &mut [&mut interventions, &mut countries, &mut topics, &mut typologies, &mut translations])
                .await?;
        }
    }
    tx.commit().await?;
    Ok(())
}
