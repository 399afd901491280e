//! What each page loads, called while the page renders on the server. Pages render only on
//! the server (islands mode), so the browser build never calls these; it gets stubs.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::domain::filters::InterventionFilter;
use crate::domain::intervention::{CodeCount, CountryCount, HeadlineFigures, InterventionDetail, InterventionPage};
use crate::domain::taxonomy::Taxonomy;
use crate::error::AppError;
use crate::i18n::Locale;
use crate::map::MapSprite;

/// The map page: the validated filter, one page of the list, and the counts for the map.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InterventionsView {
    pub filter: InterventionFilter,
    pub page: InterventionPage,
    pub by_country: Vec<CountryCount>,
    pub by_organisation: Vec<CodeCount>,
    /// Non-state-actor projects per country, drawn with a marker of their own.
    pub projects_by_country: Vec<CountryCount>,
}

/// The vocabularies, provided as context by the server.
pub fn taxonomy() -> Arc<Taxonomy> {
    leptos::prelude::use_context::<Arc<Taxonomy>>().unwrap_or_default()
}

/// The map sprite, provided as context by the server.
pub fn map_sprite() -> Option<Arc<MapSprite>> {
    leptos::prelude::use_context::<Arc<MapSprite>>()
}

pub async fn home_figures() -> Result<HeadlineFigures, AppError> {
    #[cfg(feature = "ssr")]
    {
        Ok(crate::db::interventions::headline_figures(&pool()?).await?)
    }
    #[cfg(not(feature = "ssr"))]
    {
        Err(AppError::Internal)
    }
}

/// Parses `query` with the same rules as the exports; a bad filter is `AppError::BadFilter`.
pub async fn interventions_view(query: String, locale: Locale) -> Result<InterventionsView, AppError> {
    #[cfg(feature = "ssr")]
    {
        use crate::db::interventions::{self, Titles};
        let filter = InterventionFilter::parse(&query, taxonomy().as_ref()).map_err(AppError::BadFilter)?;
        let pool = pool()?;
        let page = interventions::search(&pool, &filter, Titles::ForReader(locale)).await?;
        let by_country = interventions::count_by_country(&pool, &filter).await?;
        let by_organisation = interventions::count_by_organisation(&pool, &filter).await?;
        let projects_by_country = interventions::count_projects_by_country(&pool, &filter).await?;
        Ok(InterventionsView { filter, page, by_country, by_organisation, projects_by_country })
    }
    #[cfg(not(feature = "ssr"))]
    {
        let _ = (query, locale);
        Err(AppError::Internal)
    }
}

pub async fn intervention_detail(slug: String, locale: Locale) -> Result<InterventionDetail, AppError> {
    #[cfg(feature = "ssr")]
    {
        crate::db::interventions::find_by_slug(&pool()?, &slug, locale).await?.ok_or(AppError::NotFound)
    }
    #[cfg(not(feature = "ssr"))]
    {
        let _ = (slug, locale);
        Err(AppError::Internal)
    }
}

#[cfg(feature = "ssr")]
fn pool() -> Result<crate::db::Pool, AppError> {
    leptos::prelude::use_context::<crate::db::Pool>().ok_or_else(|| {
        tracing::error!("database pool missing from the render context");
        AppError::Internal
    })
}
