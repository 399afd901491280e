//! Reference data (the ACP taxonomy) and demo data (the programme's interventions), both
//! taken from the files in `seed/` and embedded in the binary. Both loads are idempotent:
//! running them again updates rows in place and never duplicates them.

use serde::Deserialize;
use sqlx::Row;

use super::{Pool, Sql, Value};
use crate::domain::taxonomy::fold;

const COUNTRIES_JSON: &str = include_str!("../../../seed/acp_countries.json");
const TAXONOMY_JSON: &str = include_str!("../../../seed/taxonomy.json");
const VOCAB_JSON: &str = include_str!("../../../seed/vocab.json");
const INTERVENTIONS_JSON: &str = include_str!("../../../seed/interventions.json");

/// Why seeding failed.
#[derive(Debug, thiserror::Error)]
pub enum SeedError {
    #[error("seed file is malformed: {0}")]
    Json(#[from] serde_json::Error),
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

#[derive(Deserialize)]
struct CountriesFile {
    meta: CountriesMeta,
    countries: Vec<CountryRecord>,
    regional_organisations: Vec<OrganisationRecord>,
}

#[derive(Deserialize)]
struct CountriesMeta {
    regions: Vec<String>,
}

#[derive(Deserialize)]
struct CountryRecord {
    iso3: String,
    iso2: String,
    name_en: String,
    name_fr: String,
    name_pt: String,
    name_es: String,
    region: String,
    lat: f64,
    lon: f64,
}

impl CountryRecord {
    /// The country's name in each interface language, by language code.
    fn names(&self) -> [(&'static str, &str); 4] {
        [("en", &self.name_en), ("fr", &self.name_fr), ("pt", &self.name_pt), ("es", &self.name_es)]
    }
}

#[derive(Deserialize)]
struct OrganisationRecord {
    acronym: String,
    name_en: String,
    name_fr: String,
    name_pt: String,
    name_es: String,
    hq_iso3: Option<String>,
    lat: Option<f64>,
    lon: Option<f64>,
    members: Vec<String>,
}

impl OrganisationRecord {
    /// The organisation's name in each interface language, by language code.
    fn names(&self) -> [(&'static str, &str); 4] {
        [("en", &self.name_en), ("fr", &self.name_fr), ("pt", &self.name_pt), ("es", &self.name_es)]
    }
}

#[derive(Deserialize)]
struct VocabFile {
    topics: Vec<String>,
    typologies_ta: Vec<String>,
    typologies_nsa: Vec<String>,
}

/// `seed/taxonomy.json`: vocabulary -> code -> locale -> label.
type LabelFile = std::collections::BTreeMap<String, serde_json::Value>;

const STATUSES: [&str; 3] = ["requested", "ongoing", "completed"];
const PROGRAMMES: [&str; 2] = ["ACP-EU Migration Action", "MIEUX"];

/// Loads the ACP taxonomy: regions, countries, organisations, topics, typologies, statuses
/// and programmes, with their labels.
pub async fn seed_reference(pool: &Pool) -> Result<(), SeedError> {
    seed_reference_from(pool, &serde_json::from_str(COUNTRIES_JSON)?).await
}

async fn seed_reference_from(pool: &Pool, countries: &CountriesFile) -> Result<(), SeedError> {
    let vocab: VocabFile = serde_json::from_str(VOCAB_JSON)?;
    let labels: LabelFile = serde_json::from_str(TAXONOMY_JSON)?;
    let mut tx = crate::db::begin(pool).await?;

    let ordered = |table: &str| {
        format!(
            "INSERT INTO {table} (code, sort_order) VALUES ($1, $2) ON CONFLICT (code) DO UPDATE SET sort_order = $2"
        )
    };
    for (i, region) in countries.meta.regions.iter().enumerate() {
        sqlx::query(&ordered("regions")).bind(region).bind(i as i64).execute(&mut *tx).await?;
    }
    for (i, programme) in PROGRAMMES.iter().enumerate() {
        sqlx::query(&ordered("programmes")).bind(*programme).bind(i as i64).execute(&mut *tx).await?;
    }
    for (i, status) in STATUSES.iter().enumerate() {
        sqlx::query(&ordered("statuses")).bind(*status).bind(i as i64).execute(&mut *tx).await?;
    }
    for (i, topic) in vocab.topics.iter().enumerate() {
        sqlx::query(&ordered("topics")).bind(topic).bind(i as i64).execute(&mut *tx).await?;
    }
    let mut typologies: Vec<(&str, &str)> = Vec::new();
    for code in &vocab.typologies_ta {
        let both = vocab.typologies_nsa.contains(code);
        typologies.push((code, if both { "both" } else { "ta" }));
    }
    for code in vocab.typologies_nsa.iter().filter(|c| !vocab.typologies_ta.contains(c)) {
        typologies.push((code, "nsa"));
    }
    for (i, (code, applies_to)) in typologies.iter().enumerate() {
        sqlx::query(
            "INSERT INTO typologies (code, applies_to, sort_order) VALUES ($1, $2, $3) \
             ON CONFLICT (code) DO UPDATE SET applies_to = $2, sort_order = $3",
        )
        .bind(*code)
        .bind(*applies_to)
        .bind(i as i64)
        .execute(&mut *tx)
        .await?;
    }

    let mut label_rows: Vec<(String, String, String, String)> = Vec::new();
    for country in &countries.countries {
        sqlx::query(
            "INSERT INTO countries (iso3, iso2, region_code, lat, lon) VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (iso3) DO UPDATE SET iso2 = $2, region_code = $3, lat = $4, lon = $5",
        )
        .bind(&country.iso3)
        .bind(&country.iso2)
        .bind(&country.region)
        .bind(country.lat)
        .bind(country.lon)
        .execute(&mut *tx)
        .await?;
        for (locale, name) in country.names() {
            label_rows.push(("country".into(), country.iso3.clone(), locale.into(), name.into()));
        }
    }
    for org in &countries.regional_organisations {
        sqlx::query(
            "INSERT INTO regional_organisations (code, hq_iso3, lat, lon) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (code) DO UPDATE SET hq_iso3 = $2, lat = $3, lon = $4",
        )
        .bind(&org.acronym)
        .bind(&org.hq_iso3)
        .bind(org.lat)
        .bind(org.lon)
        .execute(&mut *tx)
        .await?;
        for member in &org.members {
            sqlx::query(
                "INSERT INTO regional_organisation_members (organisation_code, member_iso3) VALUES ($1, $2) \
                 ON CONFLICT DO NOTHING",
            )
            .bind(&org.acronym)
            .bind(member)
            .execute(&mut *tx)
            .await?;
        }
        for (locale, name) in org.names() {
            label_rows.push(("organisation".into(), org.acronym.clone(), locale.into(), name.into()));
        }
    }
    for (vocabulary, terms) in labels.iter().filter(|(key, _)| !key.starts_with('_')) {
        let Some(terms) = terms.as_object() else { continue };
        for (code, by_locale) in terms {
            for (locale, label) in by_locale.as_object().into_iter().flatten() {
                if let Some(label) = label.as_str() {
                    label_rows.push((vocabulary.clone(), code.clone(), locale.clone(), label.to_owned()));
                }
            }
        }
    }
    for (vocabulary, code, locale, label) in label_rows {
        sqlx::query(
            "INSERT INTO taxonomy_labels (vocabulary, code, locale, label) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (vocabulary, code, locale) DO UPDATE SET label = $4",
        )
        .bind(vocabulary)
        .bind(code)
        .bind(locale)
        .bind(label)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

#[derive(Deserialize)]
struct InterventionRecord {
    id: String,
    programme: String,
    component: String,
    scope: String,
    title: String,
    countries: Vec<String>,
    organisation: Option<String>,
    requesting_entity: Option<String>,
    beneficiary_institution: Option<String>,
    region: String,
    topics: Vec<String>,
    typologies: Vec<String>,
    objective: Option<String>,
    summary: Option<String>,
    start: Option<String>,
    end: Option<String>,
    status: String,
    status_as_of: String,
    detail_level: String,
    experts_from: Vec<String>,
    experts_text: Option<String>,
    people_reached: Option<f64>,
    people_reached_basis: Option<String>,
    venues: Vec<VenueRecord>,
    related_ids: Vec<String>,
    quote: Option<String>,
    notes: Option<String>,
    source: String,
}

#[derive(Deserialize)]
struct VenueRecord {
    place: Option<String>,
    iso3: String,
}

fn year_of(month: &Option<String>) -> Option<i64> {
    month.as_deref().and_then(|m| m.get(..4)).and_then(|y| y.parse().ok())
}

/// Loads the programme's interventions (the demo data). Returns how many were loaded.
pub async fn seed_demo(pool: &Pool, now_rfc3339: &str) -> Result<usize, SeedError> {
    let places: CountriesFile = serde_json::from_str(COUNTRIES_JSON)?;
    seed_reference_from(pool, &places).await?;
    let records: Vec<InterventionRecord> = serde_json::from_str(INTERVENTIONS_JSON)?;
    let mut tx = crate::db::begin(pool).await?;
    for r in &records {
        let row = sqlx::query(
            "INSERT INTO interventions (slug, programme_code, component, scope, title, organisation_code, \
             requesting_entity, beneficiary_institution, region_code, objective, summary, start_month, end_month, \
             start_year, end_year, status_code, status_as_of, detail_level, experts_text, people_reached, \
             people_reached_basis, quote, notes, source, search_text, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, \
             $22, $23, $24, $26, $25, $25) \
             ON CONFLICT (slug) DO UPDATE SET programme_code = $2, component = $3, scope = $4, title = $5, \
             organisation_code = $6, requesting_entity = $7, beneficiary_institution = $8, region_code = $9, \
             objective = $10, summary = $11, start_month = $12, end_month = $13, start_year = $14, end_year = $15, \
             status_code = $16, status_as_of = $17, detail_level = $18, experts_text = $19, people_reached = $20, \
             people_reached_basis = $21, quote = $22, notes = $23, source = $24, search_text = $26 \
             RETURNING id",
        )
        .bind(&r.id)
        .bind(&r.programme)
        .bind(&r.component)
        .bind(&r.scope)
        .bind(&r.title)
        .bind(&r.organisation)
        .bind(&r.requesting_entity)
        .bind(&r.beneficiary_institution)
        .bind(&r.region)
        .bind(&r.objective)
        .bind(&r.summary)
        .bind(&r.start)
        .bind(&r.end)
        .bind(year_of(&r.start))
        .bind(year_of(&r.end))
        .bind(&r.status)
        .bind(&r.status_as_of)
        .bind(&r.detail_level)
        .bind(&r.experts_text)
        .bind(r.people_reached.map(|n| n.round() as i64))
        .bind(&r.people_reached_basis)
        .bind(&r.quote)
        .bind(&r.notes)
        .bind(&r.source)
        .bind(now_rfc3339)
        .bind(search_text(r, &places))
        .fetch_one(&mut *tx)
        .await?;
        let id: i64 = row.try_get(0)?;

        for table in [
            "intervention_countries",
            "intervention_topics",
            "intervention_typologies",
            "intervention_expert_origins",
            "intervention_venues",
            "intervention_links",
        ] {
            let mut sql = Sql::new(&format!("DELETE FROM {table} WHERE intervention_id = "));
            sql.bind(Value::Int(id));
            sql.query().execute(&mut *tx).await?;
        }
        let pairs = [
            ("INSERT INTO intervention_countries (intervention_id, iso3) VALUES ($1, $2)", &r.countries),
            ("INSERT INTO intervention_topics (intervention_id, topic_code) VALUES ($1, $2)", &r.topics),
            ("INSERT INTO intervention_typologies (intervention_id, typology_code) VALUES ($1, $2)", &r.typologies),
            ("INSERT INTO intervention_links (intervention_id, related_slug) VALUES ($1, $2)", &r.related_ids),
        ];
        for (sql, codes) in pairs {
            for code in codes {
                sqlx::query(sql).bind(id).bind(code).execute(&mut *tx).await?;
            }
        }
        for (position, origin) in r.experts_from.iter().enumerate() {
            sqlx::query(
                "INSERT INTO intervention_expert_origins (intervention_id, position, origin) VALUES ($1, $2, $3)",
            )
            .bind(id)
            .bind(position as i64)
            .bind(origin)
            .execute(&mut *tx)
            .await?;
        }
        for (position, venue) in r.venues.iter().enumerate() {
            sqlx::query(
                "INSERT INTO intervention_venues (intervention_id, position, place, iso3) VALUES ($1, $2, $3, $4)",
            )
            .bind(id)
            .bind(position as i64)
            .bind(&venue.place)
            .bind(&venue.iso3)
            .execute(&mut *tx)
            .await?;
        }
    }
    tx.commit().await?;
    Ok(records.len())
}

/// What free-text search matches: texts, organisation and every name of each country.
fn search_text(r: &InterventionRecord, places: &CountriesFile) -> String {
    let mut parts: Vec<&str> = vec![&r.title];
    parts.extend(r.objective.as_deref());
    parts.extend(r.summary.as_deref());
    if let Some(code) = &r.organisation {
        parts.push(code);
        if let Some(org) = places.regional_organisations.iter().find(|o| &o.acronym == code) {
            parts.extend(org.names().map(|(_, name)| name));
        }
    }
    for country in places.countries.iter().filter(|c| r.countries.contains(&c.iso3)) {
        parts.extend(country.names().map(|(_, name)| name));
    }
    fold(&parts.join("\n"))
}

/// True when no intervention is stored yet (a first start).
pub async fn is_empty(pool: &Pool) -> Result<bool, sqlx::Error> {
    let count: i64 = sqlx::query("SELECT COUNT(*) FROM interventions").fetch_one(pool).await?.try_get(0)?;
    Ok(count == 0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Locale;

    #[test]
    fn every_taxonomy_label_exists_in_every_language() {
        let labels: LabelFile = serde_json::from_str(TAXONOMY_JSON).expect("taxonomy.json parses");
        let mut terms = 0;
        for (vocabulary, by_code) in labels.iter().filter(|(key, _)| !key.starts_with('_')) {
            for (code, by_locale) in by_code.as_object().expect("codes") {
                terms += 1;
                for locale in Locale::ALL {
                    let label = by_locale.get(locale.code()).and_then(|l| l.as_str()).unwrap_or_default();
                    assert!(!label.trim().is_empty(), "{vocabulary} {code} has no {} label", locale.code());
                }
            }
        }
        assert!(terms >= 38, "{terms} terms read");
    }

    #[test]
    fn every_country_and_organisation_is_named_in_every_language() {
        let places: CountriesFile = serde_json::from_str(COUNTRIES_JSON).expect("acp_countries.json parses");
        let names = places.countries.iter().map(|c| (&c.iso3, c.names()));
        let names = names.chain(places.regional_organisations.iter().map(|o| (&o.acronym, o.names())));
        for (code, names) in names {
            let codes: Vec<_> = names.iter().filter(|(_, name)| !name.trim().is_empty()).map(|(l, _)| *l).collect();
            assert_eq!(codes, Locale::ALL.map(Locale::code), "{code}");
        }
    }
}
