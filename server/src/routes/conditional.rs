//! Conditional requests for the open-data exports: every answer carries an `ETag` (a digest
//! of its bytes) and `Last-Modified` (the latest change to any published intervention), and
//! a client that already holds the same answer gets `304 Not Modified` without the body. On
//! a slow connection paid by the megabyte, checking a dataset for changes then costs a few
//! hundred bytes instead of the whole file.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

use crate::AppState;

/// The largest answer digested; the exports of the whole dataset are far below it.
const LARGEST_EXPORT: usize = 64 * 1024 * 1024;

/// Adds the validators to a successful GET and answers 304 when the request's
/// `If-None-Match` (or, without one, `If-Modified-Since`) shows the client has it already.
pub async fn validators(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if request.method() != Method::GET && request.method() != Method::HEAD {
        return next.run(request).await;
    }
    let asked = request.headers().clone();
    let last_changed = match app::db::interventions::last_changed(&state.pool).await {
        Ok(changed) => changed.as_deref().and_then(http_date),
        Err(error) => {
            tracing::warn!(%error, "the dataset's last change could not be read; no Last-Modified");
            None
        }
    };
    let response = next.run(request).await;
    if response.status() != StatusCode::OK {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let bytes = match axum::body::to_bytes(body, LARGEST_EXPORT).await {
        Ok(bytes) => bytes,
        Err(error) => return super::render::internal_error(format!("reading an export to digest it: {error}")),
    };
    // Weak: the compression layer outside may send other bytes for the same content.
    let etag = format!("W/\"{}\"", hex::encode(&Sha256::digest(&bytes)[..16]));
    let headers = &mut parts.headers;
    headers.insert(header::ETAG, HeaderValue::from_str(&etag).expect("hex is a valid header value"));
    if let Some(date) = &last_changed {
        headers.insert(
            header::LAST_MODIFIED,
            HeaderValue::from_str(&httpdate::fmt_http_date(*date)).expect("an HTTP date"),
        );
    }
    // Kept, but checked again each time: the check is cheap, and new data shows at once.
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    if !client_has_it(&asked, &etag, last_changed) {
        return Response::from_parts(parts, Body::from(bytes));
    }
    let mut not_modified = StatusCode::NOT_MODIFIED.into_response();
    for name in [header::ETAG, header::LAST_MODIFIED, header::CACHE_CONTROL, header::VARY] {
        if let Some(value) = parts.headers.get(&name) {
            not_modified.headers_mut().insert(name, value.clone());
        }
    }
    not_modified
}

/// RFC 9110 § 13.2.2: `If-None-Match` decides when present (weak comparison); otherwise
/// `If-Modified-Since`, against the dataset's last change.
fn client_has_it(asked: &HeaderMap, etag: &str, last_changed: Option<std::time::SystemTime>) -> bool {
    if let Some(tags) = asked.get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok()) {
        let bare = |tag: &str| tag.trim().trim_start_matches("W/").to_owned();
        return tags.split(',').any(|tag| tag.trim() == "*" || bare(tag) == bare(etag));
    }
    let since = asked
        .get(header::IF_MODIFIED_SINCE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| httpdate::parse_http_date(v).ok());
    matches!((since, last_changed), (Some(since), Some(changed)) if changed <= since)
}

/// An RFC 3339 time as the instant HTTP dates count in whole seconds.
fn http_date(rfc3339: &str) -> Option<std::time::SystemTime> {
    let at = time::OffsetDateTime::parse(rfc3339, &time::format_description::well_known::Rfc3339).ok()?;
    let seconds = u64::try_from(at.unix_timestamp()).ok()?;
    Some(std::time::UNIX_EPOCH + std::time::Duration::from_secs(seconds))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn asking(name: header::HeaderName, value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(name, HeaderValue::from_str(value).unwrap());
        headers
    }

    #[test]
    fn the_entity_tag_decides_before_the_date() {
        let etag = "W/\"0123abcd\"";
        let changed = http_date("2026-11-30T10:00:00Z");
        assert!(client_has_it(&asking(header::IF_NONE_MATCH, "\"0123abcd\""), etag, changed), "weak comparison");
        assert!(client_has_it(&asking(header::IF_NONE_MATCH, "W/\"other\", W/\"0123abcd\""), etag, changed));
        assert!(client_has_it(&asking(header::IF_NONE_MATCH, "*"), etag, changed));
        assert!(!client_has_it(&asking(header::IF_NONE_MATCH, "W/\"other\""), etag, changed));
        let later = "Mon, 30 Nov 2026 10:00:01 GMT";
        let earlier = "Mon, 30 Nov 2026 09:59:59 GMT";
        assert!(client_has_it(&asking(header::IF_MODIFIED_SINCE, later), etag, changed));
        assert!(client_has_it(&asking(header::IF_MODIFIED_SINCE, "Mon, 30 Nov 2026 10:00:00 GMT"), etag, changed));
        assert!(!client_has_it(&asking(header::IF_MODIFIED_SINCE, earlier), etag, changed));
        assert!(
            !client_has_it(&asking(header::IF_MODIFIED_SINCE, "yesterday"), etag, changed),
            "a bad date is no date"
        );
        assert!(!client_has_it(&asking(header::IF_MODIFIED_SINCE, later), etag, None), "no date, no match");
        let mut both = asking(header::IF_NONE_MATCH, "W/\"other\"");
        both.insert(header::IF_MODIFIED_SINCE, HeaderValue::from_static("Mon, 30 Nov 2026 10:00:01 GMT"));
        assert!(!client_has_it(&both, etag, changed), "If-None-Match present: the date is not looked at");
    }
}
