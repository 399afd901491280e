//! The public open-data API: `/api/v1/interventions` (JSON, paginated), `.csv` and
//! `.geojson` (the whole selection), and the IATI 2.03 activities, all parsed with the map
//! page's filter and selected by the same query; the IATI organisation file;
//! `/api/openapi.json` describes them.

use app::db::interventions::{self, Titles};
use app::domain::filters::{Dimension, FilterError, InterventionFilter};
use app::domain::intervention::{InterventionPage, InterventionSummary};
use app::error::AppError;
use app::exports;
use axum::extract::{RawQuery, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::Serialize;
use utoipa::OpenApi;

use crate::AppState;

/// The API's routes; `state` runs the conditional-request layer (`routes::conditional`).
pub fn router(state: AppState) -> Router<AppState> {
    Router::new()
        .route("/api/v1/interventions", get(list_interventions))
        .route("/api/v1/interventions.csv", get(interventions_csv))
        .route("/api/v1/interventions.geojson", get(interventions_geojson))
        .route("/api/v1/interventions.xlsx", get(interventions_xlsx))
        .route("/api/v1/iati/activities.xml", get(iati_activities))
        .route("/api/v1/iati/organisation.xml", get(iati_organisation))
        .route("/api/openapi.json", get(openapi))
        .layer(axum::middleware::from_fn_with_state(state, crate::routes::conditional::validators))
}

/// An API error: a status and a JSON body that never carries internals.
struct ApiError(AppError);

#[derive(Serialize, utoipa::ToSchema)]
struct ErrorBody {
    error: &'static str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    problems: Vec<Problem>,
}

#[derive(Serialize, utoipa::ToSchema)]
struct Problem {
    param: String,
    problem: String,
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.0.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let body = match self.0 {
            AppError::BadFilter(errors) => ErrorBody {
                error: "invalid filter",
                problems: errors
                    .into_iter()
                    .map(|FilterError { param, problem }| Problem { param, problem: format!("{problem:?}") })
                    .collect(),
            },
            AppError::NotFound => ErrorBody { error: "not found", problems: Vec::new() },
            AppError::Internal => ErrorBody { error: "internal error", problems: Vec::new() },
        };
        (status, Json(body)).into_response()
    }
}

impl From<sqlx::Error> for ApiError {
    fn from(error: sqlx::Error) -> Self {
        ApiError(AppError::from(error))
    }
}

fn parse_filter(state: &AppState, query: Option<String>) -> Result<InterventionFilter, ApiError> {
    InterventionFilter::parse(query.as_deref().unwrap_or(""), state.taxonomy.as_ref())
        .map_err(|errors| ApiError(AppError::BadFilter(errors)))
}

/// Documents the filter parameters; the handlers parse the raw query with the page's rules.
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[expect(dead_code, reason = "read only by the OpenAPI generator")]
struct FilterParams {
    /// ACP region, e.g. `West Africa`.
    region: Option<String>,
    /// ISO 3166-1 alpha-3 code of an ACP state, e.g. `KEN`.
    country: Option<String>,
    /// Topic code, e.g. `trafficking_in_human_beings`.
    topic: Option<String>,
    /// Typology code, e.g. `capacity_building`.
    typology: Option<String>,
    /// `MIEUX` or `ACP-EU Migration Action`.
    programme: Option<String>,
    /// `requested`, `ongoing` or `completed`.
    status: Option<String>,
    /// Regional organisation (acronym), e.g. `ECOWAS`.
    organisation: Option<String>,
    /// Keep interventions active in or after this year; not after `to`.
    #[param(minimum = 1990, maximum = 2100)]
    from: Option<i32>,
    /// Keep interventions started in or before this year; not before `from`.
    #[param(minimum = 1990, maximum = 2100)]
    to: Option<i32>,
    /// Free text: title, description, country or organisation.
    #[param(max_length = 200)]
    q: Option<String>,
    /// The order (default `date_desc`).
    #[param(inline)]
    sort: Option<SortParam>,
    /// Page number from 1 (JSON only).
    #[param(minimum = 1, maximum = 2147483647)]
    page: Option<u32>,
    /// Items per page, default 20 (JSON only).
    #[param(minimum = 1, maximum = 100)]
    per_page: Option<u32>,
}

/// The orders a list can take.
#[derive(utoipa::ToSchema)]
#[expect(dead_code, reason = "read only by the OpenAPI generator")]
#[expect(non_camel_case_types, reason = "the values as they appear in a query")]
enum SortParam {
    date_desc,
    date_asc,
    country,
    title,
}

/// One page of the interventions matching the filters.
#[utoipa::path(get, path = "/api/v1/interventions", params(FilterParams),
    responses((status = 200, body = InterventionPage), (status = 400, body = ErrorBody)))]
async fn list_interventions(State(state): State<AppState>, RawQuery(query): RawQuery) -> Result<Response, ApiError> {
    let filter = parse_filter(&state, query)?;
    let page = interventions::search(&state.pool, &filter, Titles::AsWritten).await?;
    Ok(Json(page).into_response())
}

/// Whether a CSV download carries HXL hashtags.
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[expect(dead_code, reason = "read only by the OpenAPI generator")]
struct HxlParam {
    /// `1`: a second header row of HXL hashtags (hxlstandard.org), listed at `/data#fields`.
    #[param(minimum = 0, maximum = 1)]
    hxl: Option<u8>,
}

/// Every intervention matching the filters, as CSV. The columns are documented at `/data#fields`.
#[utoipa::path(get, path = "/api/v1/interventions.csv", params(FilterParams, HxlParam),
    responses((status = 200, content_type = "text/csv", body = String), (status = 400, body = ErrorBody)))]
async fn interventions_csv(State(state): State<AppState>, RawQuery(query): RawQuery) -> Result<Response, ApiError> {
    let hxl = InterventionFilter::switch(query.as_deref().unwrap_or(""), "hxl")
        .map_err(|errors| ApiError(AppError::BadFilter(errors)))?;
    let filter = parse_filter(&state, query)?;
    let items = interventions::all_matching(&state.pool, &filter).await?;
    let bytes = exports::to_csv(&items, &state.taxonomy, &state.public_url, hxl)
        .map_err(|error| encoding_failed("CSV", error))?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (header::CONTENT_DISPOSITION, "attachment; filename=\"interventions.csv\""),
        ],
        bytes,
    )
        .into_response())
}

/// Every intervention matching the filters, as an Excel workbook with the CSV's columns.
#[utoipa::path(get, path = "/api/v1/interventions.xlsx", params(FilterParams),
    responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = String),
        (status = 400, body = ErrorBody)))]
async fn interventions_xlsx(State(state): State<AppState>, RawQuery(query): RawQuery) -> Result<Response, ApiError> {
    let filter = parse_filter(&state, query)?;
    let items = interventions::all_matching(&state.pool, &filter).await?;
    let bytes =
        exports::to_xlsx(&items, &state.taxonomy, &state.public_url).map_err(|error| encoding_failed("XLSX", error))?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            (header::CONTENT_DISPOSITION, "attachment; filename=\"interventions.xlsx\""),
        ],
        bytes,
    )
        .into_response())
}

/// Every intervention matching the filters, as a GeoJSON FeatureCollection of MultiPoints.
#[utoipa::path(get, path = "/api/v1/interventions.geojson", params(FilterParams),
    responses((status = 200, content_type = "application/geo+json", body = Object), (status = 400, body = ErrorBody)))]
async fn interventions_geojson(State(state): State<AppState>, RawQuery(query): RawQuery) -> Result<Response, ApiError> {
    let filter = parse_filter(&state, query)?;
    let items: Vec<InterventionSummary> = interventions::all_matching(&state.pool, &filter).await?;
    let body = exports::to_geojson(&items, &state.taxonomy).to_string();
    Ok((
        [
            (header::CONTENT_TYPE, "application/geo+json"),
            (header::CONTENT_DISPOSITION, "attachment; filename=\"interventions.geojson\""),
        ],
        body,
    )
        .into_response())
}

/// Every intervention matching the filters as an IATI 2.03 activity, children of the
/// programme's activity (iatistandard.org).
#[utoipa::path(get, path = "/api/v1/iati/activities.xml", params(FilterParams),
    responses((status = 200, content_type = "application/xml", body = String), (status = 400, body = ErrorBody)))]
async fn iati_activities(State(state): State<AppState>, RawQuery(query): RawQuery) -> Result<Response, ApiError> {
    let filter = parse_filter(&state, query)?;
    let items = interventions::reported(&state.pool, &filter).await?;
    let xml = app::iati::activities(&items, &state.taxonomy, &state.iati_publisher, &crate::now_rfc3339())
        .map_err(|error| encoding_failed("IATI activities", error))?;
    Ok(xml_download(xml, "iati-activities.xml"))
}

/// The publisher as an IATI 2.03 organisation.
#[utoipa::path(get, path = "/api/v1/iati/organisation.xml",
    responses((status = 200, content_type = "application/xml", body = String)))]
async fn iati_organisation(State(state): State<AppState>) -> Result<Response, ApiError> {
    let now = crate::now_rfc3339();
    let updated = interventions::last_changed(&state.pool).await?.unwrap_or_else(|| now.clone());
    let xml = app::iati::organisation(&state.iati_publisher, &updated, &now)
        .map_err(|error| encoding_failed("IATI organisation", error))?;
    Ok(xml_download(xml, "iati-organisation.xml"))
}

fn encoding_failed(what: &str, error: impl std::fmt::Display) -> ApiError {
    tracing::error!(%error, "{what} encoding failed");
    ApiError(AppError::Internal)
}

fn xml_download(xml: Vec<u8>, name: &str) -> Response {
    (
        [
            (header::CONTENT_TYPE, "application/xml; charset=utf-8".to_owned()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
        ],
        xml,
    )
        .into_response()
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "ACP Migration TA Portal: open data",
        description = "Public interventions of the ACP-EU Migration Action and MIEUX. Every endpoint takes the \
                       same filters as the map page. CSV columns and their HXL hashtags are documented at /data#fields.",
        license(name = "Data: free to reuse with attribution")
    ),
    paths(
        list_interventions,
        interventions_csv,
        interventions_xlsx,
        interventions_geojson,
        iati_activities,
        iati_organisation
    ),
    components(schemas(InterventionPage, InterventionSummary, ErrorBody, Problem))
)]
struct ApiDoc;

/// The OpenAPI document. Each code parameter lists the codes of this portal's vocabularies,
/// so a client, or a test generator, knows every value the server takes; and every
/// parameter may be sent empty, meaning "any", as the map's form sends it.
async fn openapi(State(state): State<AppState>) -> Response {
    use utoipa::openapi::schema::{ObjectBuilder, OneOfBuilder, Schema, Type};
    use utoipa::openapi::RefOr;
    let empty = || ObjectBuilder::new().schema_type(Type::String).enum_values(Some([""]));
    let mut document = ApiDoc::openapi();
    for item in document.paths.paths.values_mut() {
        for parameter in item.get.iter_mut().flat_map(|operation| operation.parameters.iter_mut().flatten()) {
            let schema = match (Dimension::of_param(&parameter.name), parameter.schema.take()) {
                (Some(dimension), _) => {
                    let codes = std::iter::once(String::new())
                        .chain(state.taxonomy.terms(dimension).into_iter().map(|term| term.code.clone()));
                    ObjectBuilder::new().schema_type(Type::String).enum_values(Some(codes)).into()
                }
                (None, Some(RefOr::T(Schema::Object(mut object)))) if object.enum_values.is_some() => {
                    object.enum_values.get_or_insert_default().insert(0, "".into());
                    Schema::Object(object).into()
                }
                (None, Some(RefOr::T(Schema::Object(object)))) if object.schema_type == Type::Integer.into() => {
                    OneOfBuilder::new().item(Schema::Object(object)).item(empty()).into()
                }
                (None, other) => other.unwrap_or_else(|| empty().into()),
            };
            parameter.schema = Some(schema);
        }
    }
    Json(document).into_response()
}
