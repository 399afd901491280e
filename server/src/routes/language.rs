//! `/language/{code}?next=/path`: remembers the reader's language in a cookie and returns to
//! the page they were on. A plain link, so it works without JavaScript.

use app::app::LANGUAGE_COOKIE;
use app::i18n::Locale;
use axum::extract::{Path, Query};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use serde::Deserialize;

use crate::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/language/{code}", get(switch_language))
}

#[derive(Deserialize)]
struct Next {
    next: Option<String>,
}

/// Only paths on this site are followed, so the link cannot send readers elsewhere.
fn safe_return_path(next: Option<&str>) -> &str {
    match next {
        Some(path) if path.starts_with('/') && !path.starts_with("//") && !path.contains('\\') => path,
        _ => "/",
    }
}

async fn switch_language(Path(code): Path<String>, Query(query): Query<Next>) -> Response {
    let Some(locale) = Locale::from_code(&code) else {
        return (StatusCode::NOT_FOUND, "unknown language").into_response();
    };
    let cookie = format!("{LANGUAGE_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly", locale.code());
    let location = safe_return_path(query.next.as_deref()).to_owned();
    (StatusCode::SEE_OTHER, [(header::SET_COOKIE, cookie), (header::LOCATION, location)]).into_response()
}

#[cfg(test)]
mod tests {
    use super::safe_return_path;

    #[test]
    fn only_local_paths_are_followed_after_switching_language() {
        assert_eq!(safe_return_path(Some("/interventions?topic=visas")), "/interventions?topic=visas");
        assert_eq!(safe_return_path(Some("//evil.example/")), "/");
        assert_eq!(safe_return_path(Some("https://evil.example/")), "/");
        assert_eq!(safe_return_path(Some("/\\evil.example")), "/");
        assert_eq!(safe_return_path(None), "/");
    }
}
