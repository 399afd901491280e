//! Keeping the portal open for everyone: rate limits per client address and per account,
//! counted in the database so every instance sees the same hits, and a cap on requests in
//! flight beyond which a request is refused at once instead of waiting.
//!
//! Refusals are pages in the reader's language: 429 with `Retry-After` for a rate limit,
//! 503 with `Retry-After` when the server is full.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use axum::extract::{ConnectInfo, Request, State};
use axum::http::header::{self, HeaderMap, HeaderValue};
use axum::http::{Extensions, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};
use time::OffsetDateTime;

use crate::AppState;

/// At most `max` hits in any `window_secs`, counted in fixed windows and smoothed across
/// their boundary: the window before counts in proportion to the part of it still within the
/// last `window_secs`, so a burst straddling a boundary does not get twice the limit.
#[derive(Clone, Copy, Debug)]
pub struct Limit {
    pub bucket: &'static str,
    pub max: i64,
    pub window_secs: i64,
}

/// New drafts (a request, an expert application, a grant application) per client address.
pub const STARTS_PER_ADDRESS: Limit = Limit { bucket: "start", max: 30, window_secs: 3600 };
/// File uploads per client address, and per draft, profile or member of staff.
pub const UPLOADS_PER_ADDRESS: Limit = Limit { bucket: "upload", max: 60, window_secs: 600 };
pub const UPLOADS_PER_LINK: Limit = Limit { bucket: "upload-link", max: 20, window_secs: 3600 };
/// Any other public post (steps, submissions, replies) per client address.
pub const POSTS_PER_ADDRESS: Limit = Limit { bucket: "post", max: 600, window_secs: 600 };
/// Sign-in links asked for, per client address and per e-mail address.
pub const SIGN_IN_LINKS_PER_ADDRESS: Limit = Limit { bucket: "sign-in", max: 20, window_secs: 3600 };
pub const SIGN_IN_LINKS_PER_ACCOUNT: Limit = Limit { bucket: "sign-in-account", max: 5, window_secs: 3600 };
/// "Save and e-mail me the link" messages per recipient and per draft: anyone can type any
/// address into a draft, so without a count the button mails whoever they like, as often.
pub const LINK_MAILS_PER_RECIPIENT: Limit = Limit { bucket: "link-mail", max: 5, window_secs: 3600 };
pub const LINK_MAILS_PER_DRAFT: Limit = Limit { bucket: "link-mail-draft", max: 3, window_secs: 3600 };
/// E-mails to one member of staff about one request that its requester's posts send (a
/// reply, a comment, an agreement): the requester's link could otherwise flood them.
pub const NOTICES_PER_RECIPIENT: Limit = Limit { bucket: "notice", max: 10, window_secs: 3600 };
/// Requests to endorse sent to one official's address a day: the addresses are the
/// requester's to type, so they must not turn the portal into a mailer either.
pub const ENDORSEMENT_MAILS_PER_RECIPIENT: Limit = Limit { bucket: "endorsement-mail", max: 5, window_secs: 86_400 };
/// Consultation invitations to one address a day: rounds are the management unit's, but the
/// addresses are typed, so a slip must not turn the portal into a mailer.
pub const CONSULTATION_MAILS_PER_RECIPIENT: Limit = Limit { bucket: "consultation-mail", max: 10, window_secs: 86_400 };
/// Staff sign-in, reset links asked for and resets made, per client address (failed sign-ins
/// have their own, lower limit per address and per account).
pub const STAFF_SIGN_IN_PER_ADDRESS: Limit = Limit { bucket: "staff-sign-in", max: 30, window_secs: 600 };

/// A limit reached: try again after this many seconds.
#[derive(Debug, PartialEq, Eq)]
pub struct Refused {
    pub retry_after_secs: i64,
}

/// Counts a hit of `subject` against `limit`. Subjects are stored as SHA-256 only. A
/// database error lets the request through: the handler will meet the same error and say so.
pub async fn check(state: &AppState, limit: Limit, subject: &str, now: OffsetDateTime) -> Result<(), Refused> {
    let now = now.unix_timestamp();
    let into_window = now.rem_euclid(limit.window_secs);
    let window_start = now - into_window;
    let subject = hex::encode(Sha256::digest(format!("{}:{subject}", limit.bucket)));
    let counted = async {
        let hits = app::db::rate::hit(&state.pool, limit.bucket, &subject, window_start).await?;
        let before = app::db::rate::hits(&state.pool, limit.bucket, &subject, window_start - limit.window_secs).await?;
        Ok::<_, sqlx::Error>(Counted { hits, before, into_window })
    };
    match counted.await {
        Ok(counted) => {
            counted.verdict(limit).inspect_err(|_| tracing::warn!(bucket = limit.bucket, "rate limit reached"))
        }
        Err(error) => {
            tracing::error!(%error, "rate counter unavailable");
            Ok(())
        }
    }
}

/// The hits of the current window (this one included) and of the window before, `into_window`
/// seconds after the current one started.
#[derive(Clone, Copy, Debug)]
struct Counted {
    hits: i64,
    before: i64,
    into_window: i64,
}

impl Counted {
    /// Hits in the last window's length, times the window's length (whole numbers only): the
    /// window before weighs by the share of it still within reach.
    fn scaled_estimate(self, window: i64, into_window: i64) -> i64 {
        self.hits * window + self.before * (window - into_window)
    }

    fn verdict(self, limit: Limit) -> Result<(), Refused> {
        let window = limit.window_secs;
        if self.scaled_estimate(window, self.into_window) <= limit.max * window {
            return Ok(());
        }
        // The first second at which one more hit would pass, if no other came: later in this
        // window as the one before fades, or in the next as this one does.
        let room = (limit.max - 1) * window;
        let later_here = (self.into_window..window).find(|&t| self.scaled_estimate(window, t) <= room);
        let wait = match later_here {
            Some(t) => t - self.into_window,
            None => {
                let next = Counted { hits: 0, before: self.hits, into_window: 0 };
                let t = (0..=window).find(|&t| next.scaled_estimate(window, t) <= room).unwrap_or(window);
                window - self.into_window + t
            }
        };
        Err(Refused { retry_after_secs: wait })
    }
}

/// The client's address: the peer's, or, when the peer is a trusted proxy, the last address
/// in `X-Forwarded-For` that is not one of the trusted proxies.
pub fn client_address(headers: &HeaderMap, peer: IpAddr, trusted_proxies: &[IpAddr]) -> IpAddr {
    if !trusted_proxies.contains(&peer) {
        return peer;
    }
    let hops = headers.get_all("x-forwarded-for").iter().filter_map(|v| v.to_str().ok()).collect::<Vec<_>>().join(",");
    hops.rsplit(',')
        .filter_map(|hop| hop.trim().parse::<IpAddr>().ok())
        .find(|hop| !trusted_proxies.contains(hop))
        .unwrap_or(peer)
}

/// The client address of a request, when the server knows its peer.
pub fn client_of(state: &AppState, headers: &HeaderMap, extensions: &Extensions) -> Option<IpAddr> {
    let ConnectInfo(peer) = extensions.get::<ConnectInfo<SocketAddr>>()?;
    Some(client_address(headers, peer.ip(), &state.trusted_proxies))
}

/// Counts a hit of an account (a draft's link, a profile, an e-mail address) against
/// `limit`; `Err` holds the 429 page. Exempt client addresses are not counted.
pub async fn check_account(
    state: &AppState,
    headers: &HeaderMap,
    extensions: &Extensions,
    limit: Limit,
    account: &str,
) -> Result<(), Response> {
    if client_of(state, headers, extensions).is_some_and(|client| state.rate_limit_exempt.contains(&client)) {
        return Ok(());
    }
    check(state, limit, account, OffsetDateTime::now_utc())
        .await
        .map_err(|refused| too_many_requests(headers, &refused))
}

/// Whether a draft's link may be e-mailed to `address` once more (counted when it may): the
/// answer for the "draft saved" notice. Counted whatever the client address: the limit
/// protects the recipient.
pub async fn link_mail(state: &AppState, address: Option<String>, draft: &str) -> app::components::step_form::LinkMail {
    use app::components::step_form::LinkMail;
    let Some(address) = address else { return LinkMail::NoAddress };
    let now = OffsetDateTime::now_utc();
    let within = check(state, LINK_MAILS_PER_DRAFT, draft, now).await.is_ok()
        && check(state, LINK_MAILS_PER_RECIPIENT, &app::db::addresses::address_key(&address), now).await.is_ok();
    if within {
        LinkMail::Sent(address)
    } else {
        LinkMail::Withheld(address)
    }
}

/// How long an answer that must not tell whether an address has an account takes at least:
/// a known address costs a link and an e-mail written to the database, about a millisecond
/// that an attacker could time; every answer waits out the same floor instead.
pub const EVEN_ANSWER: std::time::Duration = std::time::Duration::from_millis(200);

/// Waits until `EVEN_ANSWER` has passed since `started`.
pub async fn even_out(started: tokio::time::Instant) {
    tokio::time::sleep_until(started + EVEN_ANSWER).await;
}

/// Which limit a public write counts against, by what it does.
fn limit_for(method: &Method, path: &str, headers: &HeaderMap) -> Option<Limit> {
    if matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS) {
        return None;
    }
    if path.starts_with("/staff") {
        // The doors anyone can knock at; behind them staff are signed in.
        let door = path == "/staff/login" || path == "/staff/forgot" || path.starts_with("/staff/reset/");
        return door.then_some(STAFF_SIGN_IN_PER_ADDRESS);
    }
    let starts_a_draft = path == "/requests/new"
        || path == "/experts/apply"
        || (path.starts_with("/grants/") && path.ends_with("/apply") && !path.starts_with("/grants/apply/"));
    let multipart = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"));
    Some(if starts_a_draft {
        STARTS_PER_ADDRESS
    } else if path == "/experts/sign-in" {
        SIGN_IN_LINKS_PER_ADDRESS
    } else if multipart {
        UPLOADS_PER_ADDRESS
    } else {
        POSTS_PER_ADDRESS
    })
}

/// Counts every public write against its per-address limit.
pub async fn limit_public_writes(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let Some(limit) = limit_for(request.method(), request.uri().path(), request.headers()) else {
        return next.run(request).await;
    };
    match client_of(&state, request.headers(), request.extensions()) {
        Some(client) if !state.rate_limit_exempt.contains(&client) => {
            if let Err(refused) = check(&state, limit, &client.to_string(), OffsetDateTime::now_utc()).await {
                return too_many_requests(request.headers(), &refused);
            }
            next.run(request).await
        }
        _ => next.run(request).await,
    }
}

/// The 429 page: how long to wait, in the reader's language.
pub fn too_many_requests(headers: &HeaderMap, refused: &Refused) -> Response {
    let locale = app::i18n::locale_from_headers(headers);
    let m = locale.messages();
    let minutes = (refused.retry_after_secs + 59) / 60;
    let text = app::i18n::fill(m.too_many_text, &[("minutes", &minutes.max(1))]);
    let mut response = notice_page(StatusCode::TOO_MANY_REQUESTS, locale, m.busy_title, &text);
    response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(refused.retry_after_secs.max(1)));
    response
}

/// Refuses a request at once when `in_flight` has no room left: under three times the load
/// the server can take, the excess gets a quick 503 rather than a long wait or a timeout.
pub async fn shed_excess_load(
    State(in_flight): State<Arc<tokio::sync::Semaphore>>,
    request: Request,
    next: Next,
) -> Response {
    match in_flight.try_acquire_owned() {
        Ok(_permit) => next.run(request).await,
        Err(_) => {
            let locale = app::i18n::locale_from_headers(request.headers());
            let m = locale.messages();
            let mut response = notice_page(StatusCode::SERVICE_UNAVAILABLE, locale, m.busy_title, m.overloaded_text);
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static("2"));
            response
        }
    }
}

/// A small complete page for refusals made before any handler runs.
pub fn notice_page(status: StatusCode, locale: app::i18n::Locale, title: &str, text: &str) -> Response {
    let body = format!("<h1>{title}</h1><p>{text}</p><p><a href=\"/\">{}</a></p>", locale.messages().back_home);
    plain_page(status, locale.code(), title, &body)
}

/// A complete HTML page around `body` (already HTML), without the Leptos shell: for answers
/// that must not depend on rendering, the database or the reader's session.
pub fn plain_page(status: StatusCode, lang: &str, title: &str, body: &str) -> Response {
    let page = format!(
        "<!DOCTYPE html><html lang=\"{lang}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{title}</title></head>\
         <body><main>{body}</main></body></html>"
    );
    (status, [(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"))], page).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_client_behind_a_trusted_proxy_is_the_last_untrusted_hop() {
        let proxy: IpAddr = "10.0.0.2".parse().unwrap();
        let mut headers = HeaderMap::new();
        headers.insert("x-forwarded-for", HeaderValue::from_static("6.6.6.6, 203.0.113.9, 10.0.0.2"));
        assert_eq!(client_address(&headers, proxy, &[proxy]), "203.0.113.9".parse::<IpAddr>().unwrap());
        // From anyone else the header is ignored: it could say anything.
        let stranger: IpAddr = "198.51.100.7".parse().unwrap();
        assert_eq!(client_address(&headers, stranger, &[proxy]), stranger);
        assert_eq!(client_address(&HeaderMap::new(), proxy, &[proxy]), proxy);
    }

    #[test]
    fn a_burst_across_a_window_boundary_gets_the_limit_once() {
        let limit = Limit { bucket: "test", max: 30, window_secs: 600 };
        // 29 hits just before the boundary, then two just after: the second is one too many.
        let after = |hits| Counted { hits, before: 29, into_window: 5 }.verdict(limit);
        assert_eq!(after(1), Ok(()));
        let refused = after(2).unwrap_err();
        // It passes once enough of the window before has faded (29 * (600 - t) / 600 + 3 <= 30).
        assert_eq!(refused.retry_after_secs, 42 - 5);
        // With the window before quiet, a window's hits reach the limit and then wait for the
        // next window, until it has faded enough (31 * (600 - t) / 600 + 1 <= 30).
        let alone = |hits| Counted { hits, before: 0, into_window: 100 }.verdict(limit);
        assert_eq!(alone(30), Ok(()));
        assert_eq!(alone(31).unwrap_err().retry_after_secs, 500 + 39);
    }

    #[test]
    fn each_public_write_counts_against_its_own_limit() {
        let form = HeaderMap::new();
        let mut upload = HeaderMap::new();
        upload.insert(header::CONTENT_TYPE, HeaderValue::from_static("multipart/form-data; boundary=x"));
        let bucket =
            |method: Method, path: &str, headers: &HeaderMap| limit_for(&method, path, headers).map(|l| l.bucket);
        assert_eq!(bucket(Method::POST, "/requests/new", &form), Some("start"));
        assert_eq!(bucket(Method::POST, "/grants/small-projects/apply", &form), Some("start"));
        assert_eq!(bucket(Method::POST, "/grants/apply/abc/budget", &form), Some("post"));
        assert_eq!(bucket(Method::POST, "/requests/draft/abc/attachments", &upload), Some("upload"));
        assert_eq!(bucket(Method::POST, "/experts/sign-in", &form), Some("sign-in"));
        assert_eq!(bucket(Method::GET, "/requests/new", &form), None);
        assert_eq!(bucket(Method::POST, "/staff/requests/TA-2026-0001/note", &form), None);
        assert_eq!(bucket(Method::POST, "/staff/login", &form), Some("staff-sign-in"));
        assert_eq!(bucket(Method::POST, "/staff/forgot", &form), Some("staff-sign-in"));
        assert_eq!(bucket(Method::POST, "/staff/reset/abc", &form), Some("staff-sign-in"));
    }
}
