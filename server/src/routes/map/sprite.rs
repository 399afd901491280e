//! `/map/{hash}.svg`: the country outlines the map pages reference. The hash in the name
//! changes with the content, so the sprite can be cached for a year.

use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

use crate::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/map/{file}", get(sprite))
}

async fn sprite(State(state): State<AppState>, Path(file): Path<String>) -> Response {
    if file.strip_suffix(".svg") != Some(state.sprite.hash.as_str()) {
        return (StatusCode::NOT_FOUND, "no such map file").into_response();
    }
    ([(header::CONTENT_TYPE, "image/svg+xml")], state.sprite.svg.clone()).into_response()
}
