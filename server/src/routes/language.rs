//! `/language/{code}?next=/path`: remembers the reader's language in a cookie and returns to
//! the page they were on. A plain link, so it works without JavaScript. Pages reached by a
//! secret link leave `next` out (the secret would travel in another address): the portal
//! then returns to the page named by `Referer`, when it is one of its own.

use app::i18n::Locale;
use app::i18n::LANGUAGE_COOKIE;
use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::header::{self, HeaderMap, HeaderValue};
use axum::http::StatusCode;
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

/// A path on this site to return to, or `None`: it starts with one `/`, and holds no
/// backslash, whitespace or control character (browsers drop a tab or a newline, which turns
/// `/\t/evil.example` into `//evil.example`, another site).
fn same_site_path(path: &str) -> Option<&str> {
    let local = path.starts_with('/') && !path.starts_with("//");
    let plain = !path.chars().any(|c| c == '\\' || c.is_whitespace() || c.is_control());
    (local && plain).then_some(path)
}

/// Where to go after switching: `next`, else the `Referer` when it is a page of this portal
/// (`public_url`, or the host the request was sent to), else the home page.
fn return_path(next: Option<&str>, headers: &HeaderMap, public_url: &str) -> String {
    if let Some(next) = next {
        return same_site_path(next).unwrap_or("/").to_owned();
    }
    let text = |name| headers.get(name).and_then(|v: &HeaderValue| v.to_str().ok());
    let referer = text(header::REFERER).unwrap_or_default();
    let own_origins =
        [public_url.to_owned(), text(header::HOST).map(|host| format!("http://{host}")).unwrap_or_default()];
    own_origins
        .iter()
        .filter(|origin| !origin.is_empty())
        .find_map(|origin| referer.strip_prefix(origin.as_str()))
        .and_then(same_site_path)
        .unwrap_or("/")
        .to_owned()
}

async fn switch_language(
    State(public_url): State<Arc<str>>,
    Path(code): Path<String>,
    Query(query): Query<Next>,
    headers: HeaderMap,
) -> Response {
    let Some(locale) = Locale::from_code(&code) else {
        return (StatusCode::NOT_FOUND, "unknown language").into_response();
    };
    let cookie = format!("{LANGUAGE_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly", locale.code());
    let location = return_path(query.next.as_deref(), &headers, &public_url);
    (StatusCode::SEE_OTHER, [(header::SET_COOKIE, cookie), (header::LOCATION, location)]).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn from_next(next: &str) -> String {
        return_path(Some(next), &HeaderMap::new(), "https://portal.example")
    }

    #[test]
    fn only_local_paths_are_followed_after_switching_language() {
        assert_eq!(from_next("/interventions?topic=visas"), "/interventions?topic=visas");
        assert_eq!(from_next("//evil.example/"), "/");
        assert_eq!(from_next("https://evil.example/"), "/");
        assert_eq!(from_next("/\\evil.example"), "/");
        // `%09`, `%0a`, `%0d` and `%5c` as the query decodes them.
        for sneaky in
            ["/\t/evil.example", "/\n/evil.example", "/\r/evil.example", "/\\/evil.example", "/ /evil.example"]
        {
            assert_eq!(from_next(sneaky), "/", "{sneaky:?}");
        }
        assert_eq!(from_next("/\n"), "/");
        assert_eq!(return_path(None, &HeaderMap::new(), "https://portal.example"), "/");
    }

    #[test]
    fn without_next_the_portal_returns_to_its_own_referring_page() {
        let with = |referer: &'static str| {
            let mut headers = HeaderMap::new();
            headers.insert(header::REFERER, HeaderValue::from_static(referer));
            headers.insert(header::HOST, HeaderValue::from_static("127.0.0.1:3000"));
            return_path(None, &headers, "https://portal.example")
        };
        assert_eq!(with("https://portal.example/requests/track/abc?x=1"), "/requests/track/abc?x=1");
        assert_eq!(with("http://127.0.0.1:3000/grants/apply/abc/budget"), "/grants/apply/abc/budget");
        assert_eq!(with("https://evil.example/requests/track/abc"), "/");
        assert_eq!(with("https://portal.example.evil.example/x"), "/");
        assert_eq!(with("https://portal.example//evil.example"), "/");
    }
}
