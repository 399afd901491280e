//! Response headers every answer carries: caching by kind of resource and security headers.

use axum::extract::Request;
use axum::http::header::{self, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;

/// Hashed assets are cached for a year; HTML is revalidated and varies by language;
/// everything gets the security headers (pages set their own CSP with a nonce).
pub async fn cache_and_security_headers(request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    let is_html = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if !headers.contains_key(header::CACHE_CONTROL) {
        let cache = if path.starts_with("/pkg/") || path.starts_with("/map/") {
            "public, max-age=31536000, immutable"
        } else if is_html {
            "no-cache"
        } else {
            "public, max-age=3600"
        };
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    }
    if is_html {
        headers.insert(header::VARY, HeaderValue::from_static("Accept-Language, Cookie, Accept-Encoding"));
    }
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("strict-origin-when-cross-origin"));
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert("cross-origin-opener-policy", HeaderValue::from_static("same-origin"));
    if !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("default-src 'none'; style-src 'self'; frame-ancestors 'none'"),
        );
    }
    response
}
