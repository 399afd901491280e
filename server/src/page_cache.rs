//! Public pages as anonymous readers see them, kept in memory for a moment: rendered once,
//! compressed once with brotli, then sent as they are until something is written or
//! `PORTAL_PAGE_CACHE_SECONDS` pass.
//!
//! Only a `GET` carrying no cookie but the language cookie is served from here, only for an
//! address that can hold no personal data, and only a 200 HTML answer without `Set-Cookie` or
//! `no-store` is kept. The key is the reader's language and the path with its query.
//!
//! A page's inline scripts normally run under a nonce made for that one answer; a nonce sent
//! twice would be no secret. A kept page therefore allows exactly the inline scripts that
//! carried the nonce, by their SHA-256 hashes, and loses the nonce.
//!
//! A commit of this process (`app::db::commits`) makes every kept page stale at once, so a
//! change is visible on the next request here; other instances see it once their copy
//! expires.

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::header::{self, HeaderMap, HeaderValue};
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use base64::Engine as _;
use futures_util::StreamExt as _;
use sha2::Digest as _;

/// Memory the kept pages may take, raw and compressed together.
const CAPACITY_BYTES: u64 = 32 * 1024 * 1024;
/// A page bigger than this is sent but not kept.
const LARGEST_PAGE: usize = 2 * 1024 * 1024;

pub struct PageCache {
    pages: quick_cache::sync::Cache<String, Arc<KeptPage>, PageWeight>,
    lifetime: Duration,
}

/// One rendered page, ready to send again.
struct KeptPage {
    /// The response headers without the body's length and encoding.
    headers: HeaderMap,
    raw: Bytes,
    brotli: Bytes,
    kept_at: Instant,
    /// `app::db::commits()` when rendering began.
    commits: u64,
}

#[derive(Clone)]
struct PageWeight;

impl quick_cache::Weighter<String, Arc<KeptPage>> for PageWeight {
    fn weight(&self, key: &String, page: &Arc<KeptPage>) -> u64 {
        (key.len() + page.raw.len() + page.brotli.len()) as u64
    }
}

impl PageCache {
    /// A cache keeping pages for `lifetime`; zero keeps nothing.
    pub fn new(lifetime: Duration) -> PageCache {
        PageCache { pages: quick_cache::sync::Cache::with_weighter(1024, CAPACITY_BYTES, PageWeight), lifetime }
    }

    fn fresh(&self, key: &str) -> Option<Arc<KeptPage>> {
        let page = self.pages.get(key)?;
        (page.commits == app::db::commits() && page.kept_at.elapsed() < self.lifetime).then_some(page)
    }
}

/// The middleware: answers from the cache, or renders and keeps what may be kept. It sits
/// inside the compression layer, which passes brotli answers through and compresses the raw
/// ones for readers without brotli.
pub async fn serve_kept_pages(State(cache): State<Arc<PageCache>>, request: Request, next: Next) -> Response {
    let Some(key) = cache_key(&cache, &request) else {
        return next.run(request).await;
    };
    let accepts_brotli = crate::routes::assets::accepts_brotli(request.headers());
    if let Some(page) = cache.fresh(&key) {
        return page.answer(accepts_brotli);
    }
    let commits = app::db::commits();
    let response = next.run(request).await;
    if !may_keep(&response) {
        return response;
    }
    let (parts, body) = response.into_parts();
    let html = match read_at_most(body, LARGEST_PAGE).await {
        Ok(Read::Whole(html)) => html,
        // Too big to keep: sent as it comes.
        Ok(Read::TooBig(body)) => return Response::from_parts(parts, body),
        // The render failed half-way: nothing sensible to send.
        Err(()) => return StatusCode::SERVICE_UNAVAILABLE.into_response(),
    };
    let Some(page) = KeptPage::from_render(parts.headers.clone(), &html, commits) else {
        return Response::from_parts(parts, Body::from(html));
    };
    let page = Arc::new(page);
    cache.pages.insert(key, page.clone());
    page.answer(accepts_brotli)
}

enum Read {
    Whole(Bytes),
    /// The body as it was, what was read of it first.
    TooBig(Body),
}

/// Reads `body` whole when it holds at most `limit` bytes; otherwise gives it back unread
/// past the limit, the bytes already read in front.
async fn read_at_most(mut body: Body, limit: usize) -> Result<Read, ()> {
    use http_body_util::BodyExt;
    let mut read = Vec::new();
    while let Some(frame) = body.frame().await {
        let Ok(data) = frame.map_err(drop)?.into_data() else { continue };
        read.extend_from_slice(&data);
        if read.len() > limit {
            let first = futures_util::stream::once(async move { Ok::<_, axum::Error>(Bytes::from(read)) });
            return Ok(Read::TooBig(Body::from_stream(first.chain(body.into_data_stream()))));
        }
    }
    Ok(Read::Whole(Bytes::from(read)))
}

/// The key a request's page is kept under, or `None` when its answer may be personal.
fn cache_key(cache: &PageCache, request: &Request) -> Option<String> {
    let headers = request.headers();
    let only_language_cookie = headers.get_all(header::COOKIE).iter().all(|value| {
        value.to_str().is_ok_and(|cookies| {
            cookies
                .split(';')
                .all(|c| c.trim().split_once('=').is_some_and(|(name, _)| name == app::i18n::LANGUAGE_COOKIE))
        })
    });
    let path = request.uri().path();
    let keepable = !cache.lifetime.is_zero()
        && request.method() == Method::GET
        && only_language_cookie
        && !headers.contains_key(header::AUTHORIZATION)
        && !crate::middleware::holds_personal_data(path);
    keepable.then(|| {
        let locale = app::i18n::locale_from_headers(headers);
        let query = request.uri().query().map(|q| format!("?{q}")).unwrap_or_default();
        format!("{}{path}{query}", locale.code())
    })
}

/// A complete, public, successful HTML page.
fn may_keep(response: &Response) -> bool {
    let headers = response.headers();
    let text = |name| headers.get(name).and_then(|v: &HeaderValue| v.to_str().ok()).unwrap_or_default();
    response.status() == StatusCode::OK
        && text(header::CONTENT_TYPE).starts_with("text/html")
        && !headers.contains_key(header::SET_COOKIE)
        && !headers.contains_key(header::CONTENT_ENCODING)
        && !text(header::CACHE_CONTROL).contains("no-store")
        && !text(header::CACHE_CONTROL).contains("private")
}

impl KeptPage {
    /// The page with its scripts allowed by hash instead of nonce, compressed; `None` when
    /// its policy cannot be rewritten.
    fn from_render(mut headers: HeaderMap, html: &[u8], commits: u64) -> Option<KeptPage> {
        let html = std::str::from_utf8(html).ok()?;
        let policy = headers.get(header::CONTENT_SECURITY_POLICY)?.to_str().ok()?;
        let (policy, html) = scripts_by_hash(policy, html)?;
        headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_str(&policy).ok()?);
        headers.remove(header::CONTENT_LENGTH);
        let brotli = crate::routes::assets::brotli(html.as_bytes(), 9).unwrap_or_default();
        Some(KeptPage { headers, raw: html.into(), brotli: brotli.into(), kept_at: Instant::now(), commits })
    }

    fn answer(&self, accepts_brotli: bool) -> Response {
        let brotli = accepts_brotli && !self.brotli.is_empty();
        let mut response = Response::new(Body::from(if brotli { self.brotli.clone() } else { self.raw.clone() }));
        *response.headers_mut() = self.headers.clone();
        if brotli {
            response.headers_mut().insert(header::CONTENT_ENCODING, HeaderValue::from_static("br"));
        }
        response
    }
}

/// Rewrites a policy allowing scripts by `'nonce-…'` to allow, by their SHA-256, exactly the
/// inline scripts in `html` that carry that nonce, and removes the nonce from `html`. A page
/// without a nonce comes back unchanged; `None` when a script element is not closed.
fn scripts_by_hash(policy: &str, html: &str) -> Option<(String, String)> {
    let Some(nonce) = policy.split_whitespace().find_map(|s| s.strip_prefix("'nonce-")?.strip_suffix('\'')) else {
        return Some((policy.to_owned(), html.to_owned()));
    };
    let attribute = format!(" nonce=\"{nonce}\"");
    let mut hashes = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        let tag_end = start + rest[start..].find('>')?;
        let close = tag_end + rest[tag_end..].find("</script>")?;
        let code = &rest[tag_end + 1..close];
        if rest[start..tag_end].contains(&attribute) && !code.is_empty() {
            let digest = sha2::Sha256::digest(code.as_bytes());
            hashes.push(format!("'sha256-{}'", base64::engine::general_purpose::STANDARD.encode(digest)));
        }
        rest = &rest[close..];
    }
    let mut sources = format!("'nonce-{nonce}'");
    if hashes.is_empty() {
        // Nothing inline to allow: drop the source and the space before it.
        sources.insert(0, ' ');
    }
    let policy = policy.replacen(&sources, &hashes.join(" "), 1);
    // Leptos also writes the nonce as the `crossorigin` of the links preloading the islands'
    // code, where any unknown value means `anonymous`, as the bare attribute does.
    let html = html.replace(&attribute, "").replace(&format!(" crossorigin=\"{nonce}\""), " crossorigin");
    Some((policy, html))
}

#[cfg(test)]
mod tests {
    use super::*;

    const POLICY: &str = "default-src 'self'; script-src 'self' 'nonce-abc123' 'wasm-unsafe-eval'; style-src 'self'";

    fn sha256(code: &str) -> String {
        format!("'sha256-{}'", base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(code.as_bytes())))
    }

    #[test]
    fn only_the_scripts_that_carried_the_nonce_are_allowed_by_hash() {
        let island = "import('/pkg/portal.js').then(m => m.hydrate())";
        let checks = "import start from '/checks/x/request.js'; start();";
        let html = format!(
            "<head><link rel=\"modulepreload\" href=\"/pkg/portal.js\" crossorigin=\"abc123\">\
             <script type=\"module\" nonce=\"abc123\">{island}</script></head>\
             <body><p>&lt;script&gt;</p><script>alert(1)</script>\
             <script type=\"module\" nonce=\"abc123\">{checks}</script></body>"
        );
        let (policy, page) = scripts_by_hash(POLICY, &html).unwrap();
        assert_eq!(
            policy,
            format!(
                "default-src 'self'; script-src 'self' {} {} 'wasm-unsafe-eval'; style-src 'self'",
                sha256(island),
                sha256(checks)
            )
        );
        assert!(!page.contains("nonce") && !page.contains("abc123"), "{page}");
        assert!(page.contains("<link rel=\"modulepreload\" href=\"/pkg/portal.js\" crossorigin>"));
        assert!(!policy.contains(&sha256("alert(1)")), "a script without the nonce stays forbidden");
        assert!(page.contains(&format!("<script type=\"module\">{island}</script>")));
    }

    #[test]
    fn a_page_without_inline_scripts_allows_none() {
        let (policy, page) = scripts_by_hash(POLICY, "<main><h1>Interventions</h1></main>").unwrap();
        assert_eq!(policy, "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'");
        assert_eq!(page, "<main><h1>Interventions</h1></main>");
        let policy = "default-src 'none'; style-src 'self'";
        assert_eq!(scripts_by_hash(policy, "<p>x</p>").unwrap().0, policy);
        assert!(scripts_by_hash(POLICY, "<script nonce=\"abc123\">never closed").is_none());
    }

    #[tokio::test]
    async fn a_page_too_big_to_keep_is_sent_whole_and_not_kept() {
        use tower::ServiceExt;
        let big = format!("<!DOCTYPE html><p>{}</p>", "x".repeat(LARGEST_PAGE + 10));
        let page = big.clone();
        let cache = Arc::new(PageCache::new(Duration::from_secs(60)));
        let app = axum::Router::new()
            .route(
                "/interventions",
                axum::routing::get(move || {
                    let page = page.clone();
                    async move {
                        let chunks = page
                            .into_bytes()
                            .chunks(64 * 1024)
                            .map(|c| Ok::<_, axum::Error>(Bytes::copy_from_slice(c)))
                            .collect::<Vec<_>>();
                        (
                            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
                            Body::from_stream(futures_util::stream::iter(chunks)),
                        )
                    }
                }),
            )
            .layer(axum::middleware::from_fn_with_state(cache.clone(), serve_kept_pages));
        for _ in 0..2 {
            let response = app.clone().oneshot(get(&[])).await.unwrap();
            assert_eq!(response.status(), StatusCode::OK);
            let body = axum::body::to_bytes(response.into_body(), usize::MAX).await.unwrap();
            assert_eq!(body.len(), big.len(), "the whole page");
            assert!(body == big.as_bytes());
        }
        assert_eq!(cache.pages.len(), 0, "not kept");
    }

    fn get(headers: &[(&str, &str)]) -> Request {
        let mut builder = axum::http::Request::get("/interventions?topic=visas");
        for (name, value) in headers {
            builder = builder.header(*name, *value);
        }
        builder.body(Body::empty()).unwrap()
    }

    #[test]
    fn only_anonymous_public_reads_are_kept_and_each_language_apart() {
        let cache = PageCache::new(Duration::from_secs(1));
        assert_eq!(cache_key(&cache, &get(&[])).as_deref(), Some("en/interventions?topic=visas"));
        assert_eq!(
            cache_key(&cache, &get(&[("accept-language", "fr-FR,fr")])).as_deref(),
            Some("fr/interventions?topic=visas")
        );
        assert_eq!(cache_key(&cache, &get(&[("cookie", "lang=fr")])).as_deref(), Some("fr/interventions?topic=visas"));
        assert_eq!(cache_key(&cache, &get(&[("cookie", "lang=fr; __Host-portal_session=x")])), None);
        assert_eq!(cache_key(&cache, &get(&[("cookie", "portal_expert=x")])), None);
        assert_eq!(cache_key(&cache, &get(&[("authorization", "Basic eA==")])), None);
        let private = axum::http::Request::get("/requests/track/secret").body(Body::empty()).unwrap();
        assert_eq!(cache_key(&cache, &private), None);
        let post = axum::http::Request::post("/requests/new").body(Body::empty()).unwrap();
        assert_eq!(cache_key(&cache, &post), None);
        assert_eq!(cache_key(&PageCache::new(Duration::ZERO), &get(&[])), None);
    }
}
