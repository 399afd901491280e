//! Response headers every answer carries: caching by kind of resource and security headers.

use axum::extract::Request;
use axum::http::header::{self, HeaderValue};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Hashed assets are cached for a year; HTML is revalidated and varies by language;
/// everything gets the security headers (pages set their own CSP with a nonce), and over
/// https (`PORTAL_PUBLIC_URL`) HSTS for a year, subdomains included.
pub async fn cache_and_security_headers(
    axum::extract::State(https): axum::extract::State<bool>,
    request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path().to_owned();
    let mut response = next.run(request).await;
    let response_is_success = response.status().is_success();
    // A redirect may name a secret in its `Location`, and an answer setting a cookie is
    // one reader's: neither is ever kept by a proxy.
    let personal_answer = response.status().is_redirection() || response.headers().contains_key(header::SET_COOKIE);
    let headers = response.headers_mut();
    let is_html =
        headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|v| v.starts_with("text/html"));
    if holds_personal_data(&path) || personal_answer {
        // Never kept by a browser or a proxy, whatever the handler said.
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    } else if !headers.contains_key(header::CACHE_CONTROL) {
        let cache = if !response_is_success {
            // An error may be gone on the next try; never keep it.
            "no-store"
        } else if path.starts_with("/pkg/") || path.starts_with("/map/") || path.starts_with("/checks/") {
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
    if https {
        headers
            .insert(header::STRICT_TRANSPORT_SECURITY, HeaderValue::from_static("max-age=31536000; includeSubDomains"));
    }
    if !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(
                "default-src 'none'; style-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
            ),
        );
    }
    response
}

pub use app::app::holds_personal_data;

/// Keeps control characters (a NUL above all: PostgreSQL can neither store nor compare one)
/// away from every handler and query: a path holding one, percent-encoded or not, is refused
/// with 400, since no page's address has one. In the query string of the back office and of
/// secret pages they are dropped from each value, as from typed text, so a search with one
/// finds what it would without it; the public pages and the API read theirs through
/// `InterventionFilter::parse`, which does the same for free text and refuses them elsewhere,
/// as their OpenAPI document says.
pub async fn refuse_control_characters(request: Request, next: Next) -> Response {
    let is_control = |b: u8| b < 0x20 || b == 0x7f;
    let uri = request.uri();
    if percent_encoding::percent_decode_str(uri.path()).any(is_control) {
        let locale = app::i18n::locale_from_headers(request.headers());
        let m = locale.messages();
        return crate::limits::notice_page(
            axum::http::StatusCode::BAD_REQUEST,
            locale,
            m.bad_request_title,
            m.bad_address_text,
        );
    }
    let Some(query) = uri
        .query()
        .filter(|q| holds_personal_data(uri.path()) && percent_encoding::percent_decode_str(q).any(is_control))
    else {
        return next.run(request).await;
    };
    let cleaned: String = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(form_urlencoded::parse(query.as_bytes()).map(|(name, value)| {
            let drop_controls = |text: &str| text.chars().filter(|c| !c.is_control()).collect::<String>();
            (drop_controls(&name), drop_controls(&value))
        }))
        .finish();
    let (mut parts, body) = request.into_parts();
    let path_and_query = format!("{}?{cleaned}", parts.uri.path());
    let mut uri = parts.uri.into_parts();
    uri.path_and_query = path_and_query.parse().ok();
    match axum::http::Uri::from_parts(uri) {
        Ok(uri) => parts.uri = uri,
        Err(_) => return axum::http::StatusCode::BAD_REQUEST.into_response(),
    }
    next.run(Request::from_parts(parts, body)).await
}

/// Refuses state-changing requests a browser sent from another site (cross-site request
/// forgery). Browsers mark every request with `Sec-Fetch-Site` and posts with `Origin`;
/// when either shows another site the request is refused with 403. Requests carrying
/// neither come from programs, not from a victim's browser, and pass.
pub async fn refuse_cross_site_writes(
    axum::extract::State(public_url): axum::extract::State<std::sync::Arc<str>>,
    request: Request,
    next: Next,
) -> Response {
    use axum::http::Method;
    if matches!(*request.method(), Method::GET | Method::HEAD | Method::OPTIONS) || is_same_site(&request, &public_url)
    {
        return next.run(request).await;
    }
    let locale = app::i18n::locale_from_headers(request.headers());
    let m = &locale.messages().request;
    crate::limits::notice_page(axum::http::StatusCode::FORBIDDEN, locale, m.forbidden_title, m.forbidden_text)
}

fn is_same_site(request: &Request, public_url: &str) -> bool {
    let headers = request.headers();
    let text = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    if let Some(site) = text("sec-fetch-site") {
        // "none": the user typed or bookmarked it; same-origin: our own page.
        if site != "same-origin" && site != "none" {
            return false;
        }
    }
    match text("origin") {
        None => true,
        Some(origin) => {
            let host = text("host").unwrap_or_default();
            let authority = origin.split_once("://").map_or("", |(_, rest)| rest);
            (!host.is_empty() && authority == host) || origin == public_url
        }
    }
}

/// Logs refusals as security events (target `security`) with the route pattern, never the
/// path itself (it may hold a secret link), and the client address: 401, 403, 410 (a used or
/// expired link), 429, and 404 on a staff object route (an object that does not exist looks
/// the same as one outside the user's regions, on purpose). Input refused by the rules (422)
/// is logged too, at info level.
pub async fn log_refusals(
    axum::extract::State(trusted_proxies): axum::extract::State<std::sync::Arc<[std::net::IpAddr]>>,
    request: Request,
    next: Next,
) -> Response {
    let method = request.method().clone();
    let route = request.extensions().get::<axum::extract::MatchedPath>().map(|p| p.as_str().to_owned());
    let peer = request.extensions().get::<axum::extract::ConnectInfo<std::net::SocketAddr>>().map(|c| c.0.ip());
    let client = peer.map(|peer| crate::limits::client_address(request.headers(), peer, &trusted_proxies));
    let response = next.run(request).await;
    let status = response.status().as_u16();
    let staff_object = route.as_deref().is_some_and(|r| r.starts_with("/staff/") && r.contains('{'));
    let route = route.as_deref().unwrap_or("(no route)");
    let client = || client.map(|c| c.to_string()).unwrap_or_default();
    match status {
        401 | 403 | 410 | 429 => {
            tracing::warn!(target: "security", event = "refused", status, %method, route, client = client())
        }
        404 if staff_object => {
            tracing::warn!(target: "security", event = "refused", status, %method, route, client = client())
        }
        422 => tracing::info!(target: "security", event = "input_refused", %method, route, client = client()),
        _ => {}
    }
    response
}

/// The span each request is traced in: its method and path with every secret link's token
/// masked and no query (which can hold what someone searched for).
pub fn request_span<B>(request: &axum::http::Request<B>) -> tracing::Span {
    let path = without_secrets(request.uri().path());
    tracing::debug_span!("request", method = %request.method(), path)
}

/// `path` with each segment that could be a secret link's token (32 characters or more of
/// base64url) replaced by `{token}`.
fn without_secrets(path: &str) -> String {
    let looks_secret = |segment: &str| {
        segment.len() >= 32 && segment.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    };
    path.split('/').map(|segment| if looks_secret(segment) { "{token}" } else { segment }).collect::<Vec<_>>().join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn post(headers: &[(&str, &str)]) -> Request {
        let mut builder = axum::http::Request::post("/requests/new");
        for (name, value) in headers {
            builder = builder.header(*name, *value);
        }
        builder.body(axum::body::Body::empty()).unwrap()
    }

    #[test]
    fn traced_paths_hide_secret_links() {
        let token = "Zk3_a-".repeat(8);
        assert_eq!(without_secrets(&format!("/requests/draft/{token}/review")), "/requests/draft/{token}/review");
        assert_eq!(without_secrets("/staff/requests/TA-2026-0042"), "/staff/requests/TA-2026-0042");
    }

    #[test]
    fn posts_from_the_portal_pass_and_from_elsewhere_do_not() {
        let public = "https://portal.example";
        assert!(is_same_site(
            &post(&[
                ("host", "127.0.0.1:3000"),
                ("origin", "http://127.0.0.1:3000"),
                ("sec-fetch-site", "same-origin")
            ]),
            public
        ));
        assert!(is_same_site(&post(&[("host", "internal:8080"), ("origin", "https://portal.example")]), public));
        assert!(is_same_site(&post(&[("host", "127.0.0.1:3000")]), public), "no browser headers: a program");
        assert!(!is_same_site(&post(&[("host", "127.0.0.1:3000"), ("origin", "https://evil.example")]), public));
        assert!(!is_same_site(&post(&[("host", "127.0.0.1:3000"), ("sec-fetch-site", "cross-site")]), public));
        assert!(!is_same_site(&post(&[("host", "127.0.0.1:3000"), ("origin", "null")]), public));
    }
}
