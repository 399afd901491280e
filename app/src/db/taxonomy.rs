//! Reads the vocabularies and their labels into a `Taxonomy`.

use std::collections::HashMap;

use serde::Deserialize;
use sqlx::Row;

use super::Pool;
use crate::domain::taxonomy::{Country, Taxonomy, Term};
use crate::i18n::Locale;

/// Loads every vocabulary in display order with all its labels.
pub async fn load(pool: &Pool) -> Result<Taxonomy, sqlx::Error> {
    let mut labels: HashMap<(String, String), Vec<(Locale, String)>> = HashMap::new();
    for row in sqlx::query("SELECT vocabulary, code, locale, label FROM taxonomy_labels ORDER BY locale")
        .fetch_all(pool)
        .await?
    {
        let locale: String = row.try_get(2)?;
        // Labels in a language the interface does not speak yet are kept in the database only.
        if let Some(locale) = Locale::from_code(&locale) {
            labels.entry((row.try_get(0)?, row.try_get(1)?)).or_default().push((locale, row.try_get(3)?));
        }
    }
    let mut term = |vocabulary: &str, code: String| Term {
        labels: labels.remove(&(vocabulary.to_owned(), code.clone())).unwrap_or_default(),
        code,
    };

    let codes = |sql: &'static str| async move {
        sqlx::query(sql).fetch_all(pool).await?.iter().map(|r| r.try_get::<String, _>(0)).collect::<Result<Vec<_>, _>>()
    };
    let programmes = codes("SELECT code FROM programmes ORDER BY sort_order").await?;
    let regions = codes("SELECT code FROM regions ORDER BY sort_order").await?;
    let mut organisations = Vec::new();
    let mut seats = Vec::new();
    for row in sqlx::query("SELECT code, lat, lon FROM regional_organisations ORDER BY code").fetch_all(pool).await? {
        let code: String = row.try_get(0)?;
        if let (Some(lat), Some(lon)) = (row.try_get::<Option<f64>, _>(1)?, row.try_get::<Option<f64>, _>(2)?) {
            seats.push((code.clone(), lat, lon));
        }
        organisations.push(code);
    }
    let topics = codes("SELECT code FROM topics ORDER BY sort_order").await?;
    let typologies = codes("SELECT code FROM typologies ORDER BY sort_order").await?;
    let ta_typologies =
        codes("SELECT code FROM typologies WHERE applies_to IN ('ta', 'both') ORDER BY sort_order").await?;
    let statuses = codes("SELECT code FROM statuses ORDER BY sort_order").await?;

    let country_rows =
        sqlx::query("SELECT iso3, iso2, region_code, lat, lon FROM countries ORDER BY iso3").fetch_all(pool).await?;
    let mut countries = Vec::with_capacity(country_rows.len());
    for row in country_rows {
        countries.push(Country {
            term: term("country", row.try_get(0)?),
            iso2: row.try_get(1)?,
            region: row.try_get(2)?,
            lat: row.try_get(3)?,
            lon: row.try_get(4)?,
        });
    }
    Ok(Taxonomy {
        programmes: programmes.into_iter().map(|c| term("programme", c)).collect(),
        regions: regions.into_iter().map(|c| term("region", c)).collect(),
        countries,
        organisations: organisations.into_iter().map(|c| term("organisation", c)).collect(),
        seats,
        topics: topics.into_iter().map(|c| term("topic", c)).collect(),
        typologies: typologies.into_iter().map(|c| term("typology", c)).collect(),
        ta_typologies,
        statuses: statuses.into_iter().map(|c| term("status", c)).collect(),
        all_countries: world_countries().map_err(|e| sqlx::Error::Decode(Box::new(e)))?,
    })
}

const WORLD_COUNTRIES_JSON: &str = include_str!("../../../seed/world_countries.json");

#[derive(Deserialize)]
struct WorldCountries {
    countries: Vec<WorldCountry>,
}

#[derive(Deserialize)]
struct WorldCountry {
    iso3: String,
    /// Language code -> name.
    #[serde(flatten)]
    names: HashMap<String, String>,
}

/// Every country with its names, from the embedded `seed/world_countries.json` (reference
/// data that changes with ISO 3166, not with the programme, so it is not in the database).
fn world_countries() -> Result<Vec<Term>, serde_json::Error> {
    let file: WorldCountries = serde_json::from_str(WORLD_COUNTRIES_JSON)?;
    Ok(file
        .countries
        .into_iter()
        .map(|mut c| Term {
            labels: Locale::ALL.into_iter().filter_map(|l| c.names.remove(l.code()).map(|name| (l, name))).collect(),
            code: c.iso3,
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use crate::i18n::Locale;

    #[test]
    fn every_country_of_the_world_is_named_in_every_language() {
        let countries = super::world_countries().expect("the embedded file parses");
        assert!(countries.len() >= 249);
        for country in &countries {
            assert_eq!(country.labels.len(), Locale::ALL.len(), "{}", country.code);
        }
        let brazil = countries.iter().find(|t| t.code == "BRA").expect("Brazil");
        assert_eq!(brazil.label(Locale::Fr), "Brésil");
        assert_eq!(brazil.label(Locale::Es), "Brasil");
    }
}
