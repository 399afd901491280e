//! Public queries on interventions. Every read (page, map, figures, JSON, CSV, GeoJSON) goes
//! through the view `public_interventions`, which leaves out those staff marked not
//! publishable; lists select through `push_conditions`, so they cannot disagree about which
//! interventions a filter matches. Staff read and flag the whole table in
//! `staff_interventions`.

use std::collections::HashMap;

use sqlx::Row;

use super::{Pool, Sql, Value};
use crate::domain::filters::{InterventionFilter, Sort};
use crate::domain::intervention::{
    CodeCount, CountryCount, HeadlineFigures, InterventionDetail, InterventionPage, InterventionSummary, RelatedLink,
    ReportedIntervention, TaProgress, Venue, NSA_COMPONENT,
};
use crate::domain::taxonomy::fold;
use crate::i18n::Locale;

/// Appends ` WHERE ...` selecting the interventions (`i`) that `filter` matches.
fn push_conditions(sql: &mut Sql, filter: &InterventionFilter) {
    sql.push(" WHERE 1 = 1");
    if let Some(region) = &filter.region {
        sql.push(" AND i.region_code = ").bind_text(region);
    }
    if let Some(programme) = &filter.programme {
        sql.push(" AND i.programme_code = ").bind_text(programme);
    }
    if let Some(status) = &filter.status {
        sql.push(" AND i.status_code = ").bind_text(status);
    }
    if let Some(organisation) = &filter.organisation {
        sql.push(" AND i.organisation_code = ").bind_text(organisation);
    }
    if let Some(country) = &filter.country {
        sql.push(" AND EXISTS (SELECT 1 FROM intervention_countries ic WHERE ic.intervention_id = i.id AND ic.iso3 = ")
            .bind_text(country)
            .push(")");
    }
    if let Some(topic) = &filter.topic {
        sql.push(
            " AND EXISTS (SELECT 1 FROM intervention_topics it WHERE it.intervention_id = i.id AND it.topic_code = ",
        )
        .bind_text(topic)
        .push(")");
    }
    if let Some(typology) = &filter.typology {
        sql.push(
            " AND EXISTS (SELECT 1 FROM intervention_typologies ity WHERE ity.intervention_id = i.id AND ity.typology_code = ",
        )
        .bind_text(typology)
        .push(")");
    }
    // A year range keeps the interventions whose dates overlap it; undated ones drop out.
    if let Some(from) = filter.year_from {
        sql.push(" AND i.start_year IS NOT NULL AND COALESCE(i.end_year, 9999) >= ").bind(Value::Int(from.into()));
    }
    if let Some(to) = filter.year_to {
        sql.push(" AND i.start_year <= ").bind(Value::Int(to.into()));
    }
    if let Some(text) = &filter.text {
        let pattern = format!("%{}%", escape_like(&fold(text)));
        // The original's words, or those of any translation.
        sql.push(" AND (i.search_text LIKE ")
            .bind_text(&pattern)
            .push(
                " ESCAPE '\\' OR EXISTS (SELECT 1 FROM intervention_translations tr \
                 WHERE tr.intervention_id = i.id AND tr.search_text LIKE ",
            )
            .bind_text(&pattern)
            .push(" ESCAPE '\\'))");
    }
}

/// Escapes LIKE's wildcards so the reader's `%` and `_` match themselves.
pub(super) fn escape_like(text: &str) -> String {
    text.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")
}

fn push_order(sql: &mut Sql, sort: Sort, titles: Titles) {
    // Undated interventions go last in both directions, on both backends.
    let undated_last = "CASE WHEN i.start_month IS NULL THEN 1 ELSE 0 END";
    match sort {
        Sort::DateDesc => sql.push(&format!(" ORDER BY {undated_last}, i.start_month DESC, i.slug")),
        Sort::DateAsc => sql.push(&format!(" ORDER BY {undated_last}, i.start_month ASC, i.slug")),
        Sort::Title => sql.push(&format!(" ORDER BY LOWER({}), i.slug", titles.title())),
        Sort::Country => sql
            .push(
                " ORDER BY COALESCE((SELECT MIN(l.label) FROM intervention_countries ic JOIN taxonomy_labels l \
                 ON l.vocabulary = 'country' AND l.code = ic.iso3 AND l.locale = ",
            )
            .bind_text(titles.sort_locale().code())
            .push(" WHERE ic.intervention_id = i.id), i.organisation_code, ''), i.slug"),
    };
}

/// Which language a list gives each title in.
#[derive(Clone, Copy, Debug)]
pub enum Titles {
    /// As written, whatever its language (the API and the exports).
    AsWritten,
    /// In the reader's language where staff translated it, else English, else as written
    /// (`text::in_language`, in SQL). No translation is ever in its original's language
    /// (`intervention_texts::save` skips it), so two joins tell it all: `rt`, the reader's
    /// translation, and `et`, the English one.
    ForReader(Locale),
}

impl Titles {
    /// The language country names sort in.
    fn sort_locale(self) -> Locale {
        match self {
            Titles::AsWritten => Locale::En,
            Titles::ForReader(reader) => reader,
        }
    }

    fn title(self) -> &'static str {
        match self {
            Titles::AsWritten => "i.title",
            Titles::ForReader(_) => "COALESCE(rt.title, et.title, i.title)",
        }
    }

    fn language(self) -> &'static str {
        match self {
            Titles::AsWritten => "i.language",
            Titles::ForReader(_) => {
                "CASE WHEN rt.title IS NOT NULL THEN rt.locale WHEN et.title IS NOT NULL THEN et.locale ELSE i.language END"
            }
        }
    }

    /// `SELECT <columns> FROM public_interventions i` and the joins the titles need.
    fn select(self, columns: &str) -> Sql {
        let mut sql = Sql::new(&format!(
            "SELECT {columns}, {} AS title, {} AS language FROM public_interventions i",
            self.title(),
            self.language()
        ));
        if let Titles::ForReader(reader) = self {
            sql.push(" LEFT JOIN intervention_translations rt ON rt.intervention_id = i.id AND rt.locale = ")
                .bind_text(reader.code())
                .push(" LEFT JOIN intervention_translations et ON et.intervention_id = i.id AND et.locale = ")
                .bind_text(Locale::En.code());
        }
        sql
    }
}

#[derive(sqlx::FromRow)]
struct SummaryRow {
    id: i64,
    slug: String,
    title: String,
    language: String,
    programme_code: String,
    component: String,
    scope: String,
    status_code: String,
    status_as_of: String,
    region_code: String,
    organisation_code: Option<String>,
    start_month: Option<String>,
    end_month: Option<String>,
    people_reached: Option<i64>,
}

const SUMMARY_COLUMNS: &str = "i.id, i.slug, i.programme_code, i.component, i.scope, i.status_code, i.status_as_of, \
     i.region_code, i.organisation_code, i.start_month, i.end_month, i.people_reached";

/// One page of the interventions `filter` selects, in its order, with `titles`.
pub async fn search(pool: &Pool, filter: &InterventionFilter, titles: Titles) -> Result<InterventionPage, sqlx::Error> {
    let mut count = Sql::new("SELECT COUNT(*) FROM public_interventions i");
    push_conditions(&mut count, filter);
    let total: i64 = count.query().fetch_one(pool).await?.try_get(0)?;

    let mut sql = titles.select(SUMMARY_COLUMNS);
    push_conditions(&mut sql, filter);
    push_order(&mut sql, filter.sort, titles);
    sql.push(" LIMIT ")
        .bind(Value::Int(filter.per_page.into()))
        .push(" OFFSET ")
        .bind(Value::Int(i64::try_from(filter.offset()).unwrap_or(i64::MAX)));
    let rows: Vec<SummaryRow> = sql.query_as().fetch_all(pool).await?;
    Ok(InterventionPage {
        items: with_relations(pool, rows).await?,
        total: u64::try_from(total).unwrap_or(0),
        page: filter.page,
        per_page: filter.per_page,
    })
}

/// When the open dataset last changed (RFC 3339): interventions are only ever added or
/// updated, each with its `updated_at`, and one leaving the public view by its flag is an
/// update too, so the latest of them all dates the dataset.
pub async fn last_changed(pool: &Pool) -> Result<Option<String>, sqlx::Error> {
    sqlx::query("SELECT MAX(updated_at) FROM interventions").fetch_one(pool).await?.try_get(0)
}

/// Every intervention `filter` selects, unpaginated and titled as written, for the API and
/// the downloads.
pub async fn all_matching(pool: &Pool, filter: &InterventionFilter) -> Result<Vec<InterventionSummary>, sqlx::Error> {
    let mut sql = Titles::AsWritten.select(SUMMARY_COLUMNS);
    push_conditions(&mut sql, filter);
    push_order(&mut sql, filter.sort, Titles::AsWritten);
    let rows: Vec<SummaryRow> = sql.query_as().fetch_all(pool).await?;
    with_relations(pool, rows).await
}

/// Every intervention `filter` selects, with the texts and dates an IATI activity carries.
pub async fn reported(pool: &Pool, filter: &InterventionFilter) -> Result<Vec<ReportedIntervention>, sqlx::Error> {
    let items = all_matching(pool, filter).await?;
    if items.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = Sql::new(
        "SELECT slug, summary, objective, requesting_entity, updated_at, id FROM public_interventions WHERE slug IN ",
    );
    sql.bind_list(items.iter().map(|item| Value::Text(item.slug.clone())));
    let mut texts: HashMap<String, sqlx::any::AnyRow> = HashMap::new();
    let mut ids = Vec::new();
    for row in sql.query().fetch_all(pool).await? {
        ids.push(row.try_get::<i64, _>(5)?);
        texts.insert(row.try_get(0)?, row);
    }
    let mut translations = super::intervention_texts::translations_of(pool, &ids).await?;
    let mut progress = ta_progress_of(pool, &ids).await?;
    let mut read = |summary, row: sqlx::any::AnyRow| -> Result<ReportedIntervention, sqlx::Error> {
        let id = row.try_get::<i64, _>(5)?;
        Ok(ReportedIntervention {
            translations: translations.remove(&id).unwrap_or_default(),
            ta: progress.remove(&id),
            summary,
            description: row.try_get(1)?,
            objective: row.try_get(2)?,
            requesting_entity: row.try_get(3)?,
            updated_at: row.try_get(4)?,
        })
    };
    items.into_iter().filter_map(|summary| texts.remove(&summary.slug).map(|row| read(summary, row))).collect()
}

/// The public work of those of the interventions `ids` that are TAs of the portal's own, by
/// intervention id. One query finds their requests; each TA's work is then read on its own,
/// so the cost grows with the portal's own TAs, not with the interventions reported.
async fn ta_progress_of(pool: &Pool, ids: &[i64]) -> Result<HashMap<i64, TaProgress>, sqlx::Error> {
    let mut progress = HashMap::new();
    if ids.is_empty() {
        return Ok(progress);
    }
    let mut sql = Sql::new("SELECT intervention_id, id, stage FROM ta_requests WHERE intervention_id IN ");
    sql.bind_list(ids.iter().map(|id| Value::Int(*id)));
    for row in sql.query().fetch_all(pool).await? {
        let ta = super::ta_requests::request_progress(pool, row.try_get(1)?, &row.try_get::<String, _>(2)?).await?;
        progress.insert(row.try_get(0)?, ta);
    }
    Ok(progress)
}

/// How many of the selected interventions concern each country (for shading the map).
pub async fn count_by_country(pool: &Pool, filter: &InterventionFilter) -> Result<Vec<CountryCount>, sqlx::Error> {
    let mut sql = Sql::new(
        "SELECT c.iso3, COUNT(*) FROM intervention_countries c WHERE c.intervention_id IN (SELECT i.id FROM public_interventions i",
    );
    push_conditions(&mut sql, filter);
    sql.push(") GROUP BY c.iso3 ORDER BY c.iso3");
    let rows = sql.query().fetch_all(pool).await?;
    rows.iter().map(|row| Ok(CountryCount { iso3: row.try_get(0)?, count: to_u32(row.try_get(1)?) })).collect()
}

/// How many of the selected interventions are non-state-actor projects in each country (their
/// own map markers).
pub async fn count_projects_by_country(
    pool: &Pool,
    filter: &InterventionFilter,
) -> Result<Vec<CountryCount>, sqlx::Error> {
    let mut sql = Sql::new(
        "SELECT c.iso3, COUNT(*) FROM intervention_countries c WHERE c.intervention_id IN (SELECT i.id FROM public_interventions i",
    );
    push_conditions(&mut sql, filter);
    sql.push(" AND i.component = ").bind_text(NSA_COMPONENT).push(") GROUP BY c.iso3 ORDER BY c.iso3");
    let rows = sql.query().fetch_all(pool).await?;
    rows.iter().map(|row| Ok(CountryCount { iso3: row.try_get(0)?, count: to_u32(row.try_get(1)?) })).collect()
}

/// How many of the selected interventions involve each regional organisation (map markers).
pub async fn count_by_organisation(pool: &Pool, filter: &InterventionFilter) -> Result<Vec<CodeCount>, sqlx::Error> {
    let mut sql = Sql::new("SELECT i.organisation_code, COUNT(*) FROM public_interventions i");
    push_conditions(&mut sql, filter);
    sql.push(" AND i.organisation_code IS NOT NULL GROUP BY i.organisation_code ORDER BY i.organisation_code");
    let rows = sql.query().fetch_all(pool).await?;
    rows.iter().map(|row| Ok(CodeCount { code: row.try_get(0)?, count: to_u32(row.try_get(1)?) })).collect()
}

fn to_u32(n: i64) -> u32 {
    u32::try_from(n).unwrap_or(0)
}

/// Loads countries, topics and typologies of the rows in three queries (no N+1).
async fn with_relations(pool: &Pool, rows: Vec<SummaryRow>) -> Result<Vec<InterventionSummary>, sqlx::Error> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let ids = || rows.iter().map(|r| Value::Int(r.id));
    let countries = codes_by_id(pool, "SELECT intervention_id, iso3 FROM intervention_countries", ids()).await?;
    let topics = codes_by_id(pool, "SELECT intervention_id, topic_code FROM intervention_topics", ids()).await?;
    let typologies =
        codes_by_id(pool, "SELECT intervention_id, typology_code FROM intervention_typologies", ids()).await?;
    Ok(rows
        .into_iter()
        .map(|row| InterventionSummary {
            countries: countries.get(&row.id).cloned().unwrap_or_default(),
            topics: topics.get(&row.id).cloned().unwrap_or_default(),
            typologies: typologies.get(&row.id).cloned().unwrap_or_default(),
            slug: row.slug,
            title: row.title,
            language: row.language,
            programme: row.programme_code,
            component: row.component,
            scope: row.scope,
            status: row.status_code,
            status_as_of: row.status_as_of,
            region: row.region_code,
            organisation: row.organisation_code,
            start: row.start_month,
            end: row.end_month,
            people_reached: row.people_reached,
        })
        .collect())
}

async fn codes_by_id(
    pool: &Pool,
    select: &str,
    ids: impl Iterator<Item = Value>,
) -> Result<HashMap<i64, Vec<String>>, sqlx::Error> {
    let mut sql = Sql::new(select);
    sql.push(" WHERE intervention_id IN ").bind_list(ids).push(" ORDER BY 1, 2");
    let mut out: HashMap<i64, Vec<String>> = HashMap::new();
    for row in sql.query().fetch_all(pool).await? {
        out.entry(row.try_get(0)?).or_default().push(row.try_get(1)?);
    }
    Ok(out)
}

#[derive(sqlx::FromRow)]
struct DetailRow {
    objective: Option<String>,
    summary: Option<String>,
    requesting_entity: Option<String>,
    beneficiary_institution: Option<String>,
    people_reached_basis: Option<String>,
    quote: Option<String>,
    source: String,
}

/// The intervention with this slug, or `None`; its texts as written and translated, the
/// titles of related interventions for a reader of `locale`.
pub async fn find_by_slug(pool: &Pool, slug: &str, locale: Locale) -> Result<Option<InterventionDetail>, sqlx::Error> {
    let mut sql = Titles::AsWritten.select(SUMMARY_COLUMNS);
    sql.push(" WHERE i.slug = ").bind_text(slug);
    let Some(row) = sql.query_as::<SummaryRow>().fetch_optional(pool).await? else {
        return Ok(None);
    };
    let id = row.id;
    let summary = with_relations(pool, vec![row]).await?.remove(0);

    let mut sql = Sql::new(
        "SELECT objective, summary, requesting_entity, beneficiary_institution, people_reached_basis, quote, source \
         FROM interventions WHERE id = ",
    );
    sql.bind(Value::Int(id));
    let detail: DetailRow = sql.query_as().fetch_one(pool).await?;

    let mut sql = Sql::new("SELECT origin FROM intervention_expert_origins WHERE intervention_id = ");
    sql.bind(Value::Int(id)).push(" ORDER BY position");
    let experts_from = sql.query().fetch_all(pool).await?.iter().map(|r| r.try_get(0)).collect::<Result<_, _>>()?;

    let mut sql = Sql::new("SELECT place, iso3 FROM intervention_venues WHERE intervention_id = ");
    sql.bind(Value::Int(id)).push(" ORDER BY position");
    let venues = sql
        .query()
        .fetch_all(pool)
        .await?
        .iter()
        .map(|r| Ok(Venue { place: r.try_get(0)?, iso3: r.try_get(1)? }))
        .collect::<Result<_, sqlx::Error>>()?;

    let mut sql = Titles::ForReader(locale).select("i.slug");
    sql.push(" JOIN intervention_links k ON k.related_slug = i.slug WHERE k.intervention_id = ")
        .bind(Value::Int(id))
        .push(" ORDER BY i.start_month, i.slug");
    let related = sql
        .query()
        .fetch_all(pool)
        .await?
        .iter()
        .map(|r| Ok(RelatedLink { slug: r.try_get(0)?, title: r.try_get(1)?, language: r.try_get(2)? }))
        .collect::<Result<_, sqlx::Error>>()?;

    Ok(Some(InterventionDetail {
        summary,
        objective: detail.objective,
        description: detail.summary,
        requesting_entity: detail.requesting_entity,
        beneficiary_institution: detail.beneficiary_institution,
        experts_from,
        people_reached_basis: detail.people_reached_basis,
        venues,
        related,
        quote: detail.quote,
        source: detail.source,
        translations: super::intervention_texts::translations_of(pool, &[id]).await?.remove(&id).unwrap_or_default(),
        ta: super::ta_requests::public_progress(pool, id).await?,
    }))
}

/// The home page figures: totals, and counts by status, region and topic.
pub async fn headline_figures(pool: &Pool) -> Result<HeadlineFigures, sqlx::Error> {
    let total: i64 = sqlx::query("SELECT COUNT(*) FROM public_interventions").fetch_one(pool).await?.try_get(0)?;
    let countries: i64 = sqlx::query(
        "SELECT COUNT(DISTINCT c.iso3) FROM intervention_countries c JOIN public_interventions i ON i.id = c.intervention_id",
    )
    .fetch_one(pool)
    .await?
    .try_get(0)?;
    // CAST: PostgreSQL sums BIGINTs as NUMERIC.
    let kinds = sqlx::query(
        "SELECT CAST(COALESCE(SUM(CASE WHEN component = $1 THEN 0 WHEN organisation_code IS NULL THEN 1 ELSE 0 END), 0) AS BIGINT),
                CAST(COALESCE(SUM(CASE WHEN component = $1 THEN 0 WHEN organisation_code IS NULL THEN 0 ELSE 1 END), 0) AS BIGINT),
                CAST(COALESCE(SUM(CASE WHEN component = $1 THEN 1 ELSE 0 END), 0) AS BIGINT),
                CAST(COALESCE(SUM(people_reached), 0) AS BIGINT)
         FROM public_interventions",
    )
    .bind(NSA_COMPONENT)
    .fetch_one(pool)
    .await?;
    let requests = sqlx::query(
        "SELECT COUNT(*), CAST(COALESCE(SUM(CASE WHEN stage = $1 THEN 1 ELSE 0 END), 0) AS BIGINT) FROM ta_requests",
    )
    .bind(crate::domain::stage::Stage::Declined.as_str())
    .fetch_one(pool)
    .await?;
    Ok(HeadlineFigures {
        interventions: to_u32(total),
        countries_reached: to_u32(countries),
        national_tas: to_u32(kinds.try_get(0)?),
        regional_tas: to_u32(kinds.try_get(1)?),
        nsa_projects: to_u32(kinds.try_get(2)?),
        people_reached: u64::try_from(kinds.try_get::<i64, _>(3)?).unwrap_or_default(),
        requests_received: to_u32(requests.try_get(0)?),
        requests_declined: to_u32(requests.try_get(1)?),
        by_status: code_counts(pool, "SELECT status_code, COUNT(*) FROM public_interventions GROUP BY status_code").await?,
        by_region: code_counts(pool, "SELECT region_code, COUNT(*) FROM public_interventions GROUP BY region_code").await?,
        by_topic: code_counts(
            pool,
            "SELECT t.topic_code, COUNT(*) FROM intervention_topics t JOIN public_interventions i ON i.id = t.intervention_id \
             GROUP BY t.topic_code",
        )
        .await?,
        by_typology: code_counts(
            pool,
            "SELECT t.typology_code, COUNT(*) FROM intervention_typologies t \
             JOIN public_interventions i ON i.id = t.intervention_id GROUP BY t.typology_code",
        )
        .await?,
        by_country: count_by_country(pool, &InterventionFilter::default()).await?,
        by_organisation: count_by_organisation(pool, &InterventionFilter::default()).await?,
        projects_by_country: count_projects_by_country(pool, &InterventionFilter::default()).await?,
        roster: super::roster::figures(pool).await?,
    })
}

pub(super) async fn code_counts(pool: &Pool, sql: &str) -> Result<Vec<CodeCount>, sqlx::Error> {
    let mut counts = sqlx::query(sql)
        .fetch_all(pool)
        .await?
        .iter()
        .map(|r| Ok(CodeCount { code: r.try_get(0)?, count: to_u32(r.try_get(1)?) }))
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    counts.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.code.cmp(&b.code)));
    Ok(counts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_wildcards_typed_by_the_reader_are_escaped() {
        assert_eq!(escape_like("100%_sure\\"), "100\\%\\_sure\\\\");
    }

    #[test]
    fn every_filter_becomes_a_bound_condition_never_inline_text() {
        let filter = InterventionFilter {
            region: Some("Pacific".into()),
            text: Some("O'Brien".into()),
            year_from: Some(2010),
            page: 1,
            per_page: 20,
            ..Default::default()
        };
        let mut sql = Sql::new("SELECT 1 FROM public_interventions i");
        push_conditions(&mut sql, &filter);
        assert!(!sql.sql().contains("Pacific") && !sql.sql().contains("Brien"));
        assert!(sql.sql().contains("i.region_code = $1"));
    }
}
