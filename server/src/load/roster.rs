//! Invented experts on the roster: each with the application as typed, the searchable
//! columns the portal writes on submission, languages, topics, countries of experience,
//! consent and a one-page CV in the files folder.

use std::path::Path;

use app::db::addresses::address_key;
use app::db::{Pool, Value};
use app::domain::roster::{level_rank, ExpertStatus, CEFR_LEVELS, GENDERS, PRIVACY_VERSION, ROSTER_LANGUAGES, SECTORS};
use app::domain::taxonomy::{fold, Taxonomy};
use app::i18n::Locale;
use sha2::{Digest, Sha256};
use time::{Date, Duration};

use super::{chunk_ends, flush, next_id, text, Invent, Rows};
use crate::demo::documents::one_page_pdf;
use crate::demo::{expert_form, ExpertAnswers};

const STREAM: u64 = 2;

const POSITIONS: [&str; 6] =
    ["Senior adviser", "Head of unit", "Researcher", "Legal officer", "Statistician", "Programme manager"];

pub async fn load(
    pool: &Pool,
    files_dir: &Path,
    taxonomy: &Taxonomy,
    count: usize,
    seed: u64,
    today: Date,
) -> anyhow::Result<()> {
    let mut invent = Invent::new(seed, STREAM);
    let first_id = next_id(pool, "experts").await?;
    tokio::fs::create_dir_all(files_dir).await?;
    let mut tx = pool.begin().await?;
    let mut experts = Rows::new(
        "experts",
        &[
            "id",
            "status",
            "form_json",
            "locale",
            "full_name",
            "email",
            "email_key",
            "nationality",
            "residence",
            "gender",
            "sector",
            "position",
            "employer",
            "years_experience",
            "short_term",
            "mid_term",
            "search_text",
            "coi",
            "submitted_at",
            "email_verified_at",
            "created_at",
            "updated_at",
        ],
    );
    let mut languages = Rows::new("expert_languages", &["expert_id", "language", "level", "level_rank"]);
    let mut topics = Rows::new("expert_topics", &["expert_id", "topic_code"]);
    let mut countries = Rows::new("expert_countries", &["expert_id", "country_iso3"]);
    let mut consents = Rows::new("expert_consents", &["expert_id", "policy_version", "given_at"]);
    let mut cvs =
        Rows::new("expert_cvs", &["expert_id", "original_name", "stored_name", "size_bytes", "sha256", "uploaded_at"]);
    let since = today - Duration::days(6 * 365);
    for n in 0..count {
        let id = first_id + n as i64;
        let name = invent.person();
        let email = format!("{}.{n}@load.invalid", name.to_lowercase().replace(' ', "."));
        let home = invent.pick(&taxonomy.all_countries);
        let nationality = home.code.as_str();
        let sector = *invent.pick(&SECTORS);
        let gender = *invent.weighted(&[(&GENDERS[0], 43), (&GENDERS[1], 52), (&GENDERS[2], 1), (&GENDERS[3], 4)]);
        let position = *invent.pick(&POSITIONS);
        let employer = format!("{} {}", invent.institution(Locale::En), super::invent::capitalised(&invent.word()));
        let years = invent.int(3, 35).to_string();
        let chosen_topics = invent.some(&taxonomy.topics, 1, 4);
        let topic = chosen_topics[0];
        let topic_codes: Vec<&str> = chosen_topics.iter().map(|t| t.code.as_str()).collect();
        let summary = invent.paragraph(Locale::En, 2, topic, home.label(Locale::En));
        let spoken: Vec<(&str, &str)> = invent
            .some(&ROSTER_LANGUAGES, 1, 3)
            .into_iter()
            .map(|language| (*language, *invent.pick(&CEFR_LEVELS[2..])))
            .collect();
        let worked_in: Vec<&str> =
            invent.some(&taxonomy.countries, 0, 3).iter().map(|c| c.term.code.as_str()).collect();
        let answers = ExpertAnswers {
            name: &name,
            email: &email,
            nationality,
            sector,
            gender,
            position,
            employer: &employer,
            years: &years,
            summary: &summary,
            languages: &spoken,
            topics: &topic_codes,
            countries: &worked_in,
        };
        let form = expert_form(&answers);
        let submitted = super::instant(invent.day(since, today), invent.int(0, 86_399));
        let status =
            invent.weighted(&[(ExpertStatus::Active, 85), (ExpertStatus::Inactive, 10), (ExpertStatus::Unverified, 5)]);
        let verified = if status == ExpertStatus::Unverified { Value::Null } else { text(submitted.as_str()) };
        let search_text = [name.as_str(), position, employer.as_str(), summary.as_str()].map(fold).join(" ");
        experts.add(vec![
            Value::Int(id),
            text(status.as_str()),
            text(app::db::drafts::form_json(&form)),
            text(invent.pick(&ROSTER_LANGUAGES).to_string()),
            text(name.as_str()),
            text(email.as_str()),
            text(address_key(&email)),
            text(nationality),
            text(nationality),
            text(gender),
            text(sector),
            text(position),
            text(employer.as_str()),
            Value::Int(years.parse().unwrap_or(0)),
            Value::Int(1),
            Value::Int(1),
            text(search_text),
            text("none"),
            text(submitted.as_str()),
            verified,
            text(submitted.as_str()),
            text(submitted.as_str()),
        ]);
        for (language, level) in spoken {
            languages.add(vec![
                Value::Int(id),
                text(language),
                text(level),
                Value::Int(level_rank(level).unwrap_or(0)),
            ]);
        }
        for code in topic_codes {
            topics.add(vec![Value::Int(id), text(code)]);
        }
        for code in worked_in {
            countries.add(vec![Value::Int(id), text(code)]);
        }
        consents.add(vec![Value::Int(id), text(PRIVACY_VERSION), text(submitted.as_str())]);
        let cv =
            one_page_pdf(&["Curriculum vitae (invented for load tests)", &name.replace(|c: char| !c.is_ascii(), "?")]);
        let stored_name = format!("load-cv-{seed}-{n}.pdf");
        tokio::fs::write(files_dir.join(&stored_name), &cv).await?;
        cvs.add(vec![
            Value::Int(id),
            text("cv.pdf"),
            text(stored_name),
            Value::Int(cv.len() as i64),
            text(hex::encode(Sha256::digest(&cv))),
            text(submitted.as_str()),
        ]);
        if chunk_ends(n, count) {
            flush(&mut tx, &mut [&mut experts, &mut languages, &mut topics, &mut countries, &mut consents, &mut cvs])
                .await?;
        }
    }
    tx.commit().await?;
    Ok(())
}
