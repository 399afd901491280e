//! Rendering a Leptos page from a plain axum handler: the handler prepares the page's
//! content (a view struct) and the page component reads it from context. Used by the form
//! and staff routes, whose pages depend on a post's answers or on who is signed in.

use axum::body::Body;
use axum::http::request::Parts;
use axum::http::{header, HeaderValue, Request, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::AppState;

/// Renders the Leptos page for `parts`' path with `view` in its context, answering with
/// `status` (the handler knows best). Pages holding a draft or a request are personal:
/// never stored by caches.
pub async fn render<V>(state: &AppState, parts: Parts, view: V, status: StatusCode) -> Response
where
    V: Clone + Send + Sync + 'static,
{
    let page_state = state.clone();
    let options = state.leptos_options.clone();
    let handler = leptos_axum::render_app_async_with_context(
        move || {
            page_state.provide_to_pages();
            leptos::prelude::provide_context(view.clone());
        },
        move || app::app::shell(options.clone()),
    );
    let mut response = handler(Request::from_parts(parts, Body::empty())).await;
    if !response.status().is_server_error() {
        *response.status_mut() = status;
    }
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// `parts` addressed to `path`: an action posted to `/x/action` answers with the page `/x`,
/// and Leptos picks the page by the address.
pub fn at_path(mut parts: Parts, path: &str) -> Parts {
    if let Ok(uri) = path.parse() {
        parts.uri = uri;
    }
    parts
}

/// A failure the reader cannot fix (the database is down): logged, and a plain apology.
pub fn internal_error(error: impl std::fmt::Display) -> Response {
    tracing::error!(%error, "request failed");
    (StatusCode::INTERNAL_SERVER_ERROR, "The portal could not save this. Please try again in a moment.").into_response()
}

/// The portal's "not found" page (the pages show it when no view was prepared).
pub async fn not_found(state: &AppState, parts: Parts) -> Response {
    render(state, parts, (), StatusCode::NOT_FOUND).await
}
