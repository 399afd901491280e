//! Staff sign-in: Argon2id passwords, optional TOTP second factor, sessions kept in the
//! database (so every portal instance knows them) behind an HttpOnly cookie, idle and
//! absolute timeouts, and the `Staff` extractor every staff route takes. A route without
//! that extractor is not a staff route: deny by default.

use app::db::{sessions, staff};
use app::domain::staff::StaffUser;
use app::secret::{new_token, token_hash};
use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Redirect, Response};
use time::{Duration, OffsetDateTime};

use crate::policy::{STAFF_IDLE_TIMEOUT, STAFF_SESSION_FOR};
use crate::AppState;

pub const SESSION_COOKIE: &str = "portal_session";
/// Failed logins allowed per window, per client address and per account.
pub const FAILURES_PER_CLIENT: i64 = 20;
pub const FAILURES_PER_ACCOUNT: i64 = 5;
pub const FAILURE_WINDOW: Duration = Duration::minutes(15);

/// Whether a client address, and an account, failed to sign in too often within the window.
pub struct Lockout {
    pub client: bool,
    pub account: bool,
}

/// A password or code check about to run. It is counted as a failure before it runs, so
/// that tries sent at once all meet the lockout: each sees every try recorded before it, and
/// only the first `FAILURES_PER_ACCOUNT` of a burst reach Argon2.
pub struct Attempt {
    id: i64,
    pub locked: Lockout,
}

impl Attempt {
    /// Records the attempt of `client` on the account `email` and says whether either is
    /// locked out, counting it.
    pub async fn begin(state: &AppState, client: &str, email: &str) -> Result<Attempt, sqlx::Error> {
        let now = OffsetDateTime::now_utc();
        let id = app::db::staff::record_login_failure(&state.pool, client, email, &rfc3339(now)).await?;
        let since = rfc3339(now - FAILURE_WINDOW);
        let (by_client, by_account) = app::db::staff::recent_login_failures(&state.pool, client, email, &since).await?;
        Ok(Attempt {
            id,
            locked: Lockout { client: by_client > FAILURES_PER_CLIENT, account: by_account > FAILURES_PER_ACCOUNT },
        })
    }

    /// The check succeeded, or was not made (locked out): it is not a failure.
    pub async fn forget(self, state: &AppState) -> Result<(), sqlx::Error> {
        app::db::staff::forget_login_failure(&state.pool, self.id).await
    }
}

/// `page` (a 429 saying to wait) with `Retry-After` for the rest of the window.
pub fn wait_out_lockout(mut page: axum::response::Response) -> axum::response::Response {
    page.headers_mut()
        .insert(axum::http::header::RETRY_AFTER, axum::http::HeaderValue::from(FAILURE_WINDOW.whole_seconds()));
    page
}

/// Argon2id with the crate's defaults (19 MiB, 2 passes: OWASP's recommendation).
pub fn hash_password(password: &str) -> Result<String, argon2::password_hash::Error> {
    let salt = SaltString::generate(&mut OsRng);
    Ok(Argon2::default().hash_password(password.as_bytes(), &salt)?.to_string())
}

pub fn verify_password(stored: &str, password: &str) -> bool {
    PasswordHash::new(stored).is_ok_and(|hash| Argon2::default().verify_password(password.as_bytes(), &hash).is_ok())
}

/// A hash checked when the address is unknown, so a wrong address takes as long as a wrong
/// password and the answer does not tell which was wrong.
pub fn decoy_hash() -> &'static str {
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DECOY.get_or_init(|| hash_password("not a password anyone has").unwrap_or_default())
}

/// TOTP as authenticator apps expect it (RFC 6238: HMAC-SHA-1, 6 digits, 30 s steps).
/// `skew` is how many steps either side of the moment checked are accepted.
fn totp_for(secret_base32: &str, email: &str, skew: u8) -> Option<totp_rs::TOTP> {
    let secret = totp_rs::Secret::Encoded(secret_base32.to_owned()).to_bytes().ok()?;
    totp_rs::TOTP::new(
        totp_rs::Algorithm::SHA1,
        6,
        skew,
        TOTP_STEP_SECONDS,
        secret,
        Some("ACP Migration TA Portal".into()),
        email.to_owned(),
    )
    .ok()
}

const TOTP_STEP_SECONDS: u64 = 30;

/// A fresh TOTP secret (160 bits, base32) and the `otpauth://` address authenticator apps read.
pub fn new_totp_secret(email: &str) -> Option<(String, String)> {
    let mut bytes = [0u8; 20];
    getrandom::fill(&mut bytes).ok()?;
    let encoded = totp_rs::Secret::Raw(bytes.to_vec()).to_encoded().to_string();
    let url = totp_for(&encoded, email, 1)?.get_url();
    Some((encoded, url))
}

/// The time step of `unix_seconds`, if `code` is that step's code. Only the current step is
/// accepted, so a code lives at most 30 s (ASVS 6.5.5); the step is what makes it good once.
pub fn totp_step(secret_base32: &str, email: &str, code: &str, unix_seconds: u64) -> Option<u64> {
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    let totp = totp_for(secret_base32, email, 0)?;
    let step = unix_seconds / TOTP_STEP_SECONDS;
    totp.check(&code, step * TOTP_STEP_SECONDS).then_some(step)
}

pub fn rfc3339(at: OffsetDateTime) -> String {
    at.replace_nanosecond(0).unwrap_or(at).format(&time::format_description::well_known::Rfc3339).unwrap_or_default()
}

/// Words of this portal that make a password easier to guess. With the account's address
/// and name they count as known words when a new password's strength is estimated.
pub const CONTEXT_WORDS: [&str; 14] = [
    "acp",
    "eu",
    "migration",
    "portal",
    "mieux",
    "icmpd",
    "technical",
    "assistance",
    "staff",
    "admin",
    "coordinator",
    "expert",
    "roster",
    "grant",
];

/// Why a staff password is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PasswordProblem {
    TooShort,
    TooEasy,
}

impl From<PasswordProblem> for app::pages::staff::password::PasswordProblem {
    fn from(problem: PasswordProblem) -> Self {
        match problem {
            PasswordProblem::TooShort => Self::TooShort,
            PasswordProblem::TooEasy => Self::TooEasy,
        }
    }
}

impl std::fmt::Display for PasswordProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            PasswordProblem::TooShort => "the password must have at least 12 characters",
            PasswordProblem::TooEasy => {
                "the password is too easy to guess: use a few unrelated words or a password manager"
            }
        })
    }
}

/// Why `password` may not be the password of the staff account `email` named `name`, if it
/// may not: fewer than 12 characters, or easy to guess, that is below 3 of zxcvbn's 4 (made
/// of common passwords, names, words, keyboard patterns, dates, the account's own details or
/// `CONTEXT_WORDS`). No rule on which kinds of characters it holds.
pub fn password_problem(password: &str, email: &str, name: &str) -> Option<PasswordProblem> {
    if password.chars().count() < 12 {
        return Some(PasswordProblem::TooShort);
    }
    let mut known: Vec<&str> = CONTEXT_WORDS.to_vec();
    known.extend([email, name]);
    known.extend(email.split(['@', '.', '-', '_']));
    known.extend(name.split_whitespace());
    let strength = u8::from(zxcvbn::zxcvbn(password, &known).score());
    (strength < 3).then_some(PasswordProblem::TooEasy)
}

/// The name session cookie `name` goes by. Over https it carries the `__Host-` prefix:
/// browsers then take it only with `Secure`, for the whole host and no `Domain`, so no other
/// host (a subdomain included) can set or read it.
fn session_cookie_name(name: &str, secure: bool) -> String {
    if secure {
        format!("__Host-{name}")
    } else {
        name.to_owned()
    }
}

/// The value of session cookie `name` in the request, if any.
pub fn session_cookie_value(headers: &HeaderMap, name: &str, secure: bool) -> Option<String> {
    cookie(headers, &session_cookie_name(name, secure))
}

/// The value of cookie `name` in the request, if any.
fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|c| c.trim().strip_prefix(name)?.strip_prefix('='))
        .map(str::to_owned)
}

/// The session token in the request's cookie, if any.
fn session_token(state: &AppState, headers: &HeaderMap) -> Option<String> {
    session_cookie_value(headers, SESSION_COOKIE, state.secure_cookies)
}

/// The `Set-Cookie` value of a session cookie `name` holding `token` for `lifetime` (or,
/// with `None`, one that removes it).
pub fn set_session_cookie(name: &str, token: Option<&str>, lifetime: Duration, secure: bool) -> String {
    let name = session_cookie_name(name, secure);
    let secure = if secure { "; Secure" } else { "" };
    match token {
        Some(token) => {
            format!("{name}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{secure}", lifetime.whole_seconds())
        }
        None => format!("{name}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{secure}"),
    }
}

/// Sent when a session ends: the browser drops what it cached or stored for the portal, so
/// the next person at a shared computer finds nothing of the last one's pages.
pub const CLEAR_SITE_DATA: (axum::http::HeaderName, &str) =
    (axum::http::HeaderName::from_static("clear-site-data"), "\"cache\", \"storage\"");

/// The `Set-Cookie` value for a staff session token (or, with `None`, one that removes it).
pub fn session_cookie(token: Option<&str>, secure: bool) -> String {
    set_session_cookie(SESSION_COOKIE, token, STAFF_SESSION_FOR, secure)
}

/// Opens a session for `user_id`; returns the cookie token.
pub async fn open_session(state: &AppState, user_id: i64, headers: &HeaderMap) -> Result<String, sqlx::Error> {
    let token = new_token();
    let now = OffsetDateTime::now_utc();
    let device = headers.get(header::USER_AGENT).and_then(|v| v.to_str().ok()).and_then(device_of);
    let session = staff::NewSession {
        token_hash: &token_hash(&token),
        user_id,
        device: device.as_deref(),
        now: &rfc3339(now),
        expires_at: &rfc3339(now + STAFF_SESSION_FOR),
    };
    staff::create_session(&state.pool, session).await?;
    Ok(token)
}

/// The live sessions of account `user_id`, the one of this request marked.
pub async fn sessions_of(
    state: &AppState,
    user_id: i64,
    headers: &HeaderMap,
) -> Result<Vec<app::domain::staff::SessionSummary>, sqlx::Error> {
    let current = session_token_hash(state, headers).unwrap_or_default();
    let now = OffsetDateTime::now_utc();
    let holder = sessions::Holder::Staff(user_id);
    sessions::live_sessions(&state.pool, holder, &current, &rfc3339(now), &rfc3339(now - STAFF_IDLE_TIMEOUT)).await
}

/// "Firefox, Windows": enough of a `User-Agent` for a person to recognise their own
/// browser in a list of sessions, and no more (the full string is never kept).
pub fn device_of(user_agent: &str) -> Option<String> {
    // Order matters: Edge and Opera also say Chrome, Chrome also says Safari.
    const BROWSERS: [(&str, &str); 6] = [
        ("Edg/", "Edge"),
        ("OPR/", "Opera"),
        ("Firefox/", "Firefox"),
        ("Chromium/", "Chromium"),
        ("Chrome/", "Chrome"),
        ("Safari/", "Safari"),
    ];
    const SYSTEMS: [(&str, &str); 6] = [
        ("Android", "Android"),
        ("iPhone", "iOS"),
        ("iPad", "iPadOS"),
        ("Windows", "Windows"),
        ("Mac OS X", "macOS"),
        ("Linux", "Linux"),
    ];
    let find =
        |names: &[(&str, &'static str)]| names.iter().find(|(mark, _)| user_agent.contains(mark)).map(|(_, n)| *n);
    match (find(&BROWSERS), find(&SYSTEMS)) {
        (Some(browser), Some(system)) => Some(format!("{browser}, {system}")),
        (Some(one), None) | (None, Some(one)) => Some(one.to_owned()),
        (None, None) => None,
    }
}

/// The SHA-256 of the request's staff session token, if it carries one.
pub fn session_token_hash(state: &AppState, headers: &HeaderMap) -> Option<String> {
    session_token(state, headers).map(|token| token_hash(&token))
}

pub async fn close_session(state: &AppState, headers: &HeaderMap) -> Result<(), sqlx::Error> {
    match session_token(state, headers) {
        Some(token) => staff::delete_session(&state.pool, &token_hash(&token)).await,
        None => Ok(()),
    }
}

/// A signed-in member of staff. Taking this extractor is what makes a route a staff
/// route; without a live session the reader is sent to the sign-in page.
pub struct Staff(pub StaffUser);

impl FromRequestParts<AppState> for Staff {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let to_login = || {
            let here = parts.uri.path_and_query().map(|p| p.as_str()).unwrap_or("/staff");
            let next: String = form_urlencoded::byte_serialize(here.as_bytes()).collect();
            Redirect::to(&format!("/staff/login?next={next}")).into_response()
        };
        let Some(token) = session_token(state, &parts.headers).filter(|t| app::secret::looks_like_token(t)) else {
            return Err(to_login());
        };
        let now = OffsetDateTime::now_utc();
        match staff::session_user(&state.pool, &token_hash(&token), &rfc3339(now), &rfc3339(now - STAFF_IDLE_TIMEOUT))
            .await
        {
            Ok(Some(user)) => Ok(Staff(user)),
            Ok(None) => Err(to_login()),
            Err(error) => {
                tracing::error!(%error, "reading a staff session failed");
                Err((axum::http::StatusCode::SERVICE_UNAVAILABLE, "Please try again in a moment.").into_response())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn staff_passwords_are_long_and_hard_to_guess_whatever_their_characters() {
        let problem = |password| password_problem(password, "amina.diallo@example.org", "Amina Diallo");
        for weak in ["Password123!", "short", "Migration2026!", "migrationportal", "qwertyuiop123", "aaaaaaaaaaaaaaaa"]
        {
            assert!(problem(weak).is_some(), "{weak} is refused");
        }
        for strong in ["a long test passphrase", "demo-password-2026", "tortue vélo mangue 42"] {
            assert_eq!(problem(strong), None, "{strong} is accepted");
        }
    }

    #[test]
    fn passwords_verify_only_against_their_own_hash() {
        let hash = hash_password("correct horse battery staple").unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password(&hash, "correct horse battery staple"));
        assert!(!verify_password(&hash, "Correct horse battery staple"));
        assert!(!verify_password("not a hash", "anything"));
    }

    #[test]
    fn the_current_totp_code_is_accepted_and_others_refused() {
        let (secret, url) = new_totp_secret("coordinator@example.org").unwrap();
        assert!(url.starts_with("otpauth://totp/"));
        let totp = totp_for(&secret, "coordinator@example.org", 0).unwrap();
        let now = 1_790_000_015;
        let step = now / TOTP_STEP_SECONDS;
        let code = totp.generate(now);
        assert_eq!(totp_step(&secret, "coordinator@example.org", &code, now), Some(step));
        // The code is good until its 30 s step ends, and not before it begins.
        let step_end = (step + 1) * TOTP_STEP_SECONDS;
        assert_eq!(totp_step(&secret, "coordinator@example.org", &code, step_end - 1), Some(step));
        assert_eq!(totp_step(&secret, "coordinator@example.org", &code, step_end), None);
        assert_eq!(totp_step(&secret, "coordinator@example.org", &code, now - 30), None);
        let near: Vec<String> = [now - 30, now, now + 30].iter().map(|&t| totp.generate(t)).collect();
        let wrong =
            ["000000", "111111", "222222", "333333"].into_iter().find(|c| !near.iter().any(|n| n == c)).unwrap();
        assert_eq!(totp_step(&secret, "coordinator@example.org", wrong, now), None);
    }

    #[test]
    fn a_session_is_shown_by_browser_and_system_only() {
        let firefox = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0";
        assert_eq!(device_of(firefox).as_deref(), Some("Firefox, Windows"));
        let edge = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0";
        assert_eq!(device_of(edge).as_deref(), Some("Edge, Windows"));
        let phone = "Mozilla/5.0 (Linux; Android 14; SM-A155F) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36";
        assert_eq!(device_of(phone).as_deref(), Some("Chrome, Android"));
        let iphone = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1";
        assert_eq!(device_of(iphone).as_deref(), Some("Safari, iOS"));
        assert_eq!(device_of("curl/8.5.0"), None);
    }

    #[test]
    fn the_session_cookie_is_http_only_and_secure_over_https() {
        let cookie = session_cookie(Some("abc"), true);
        assert!(cookie.contains("HttpOnly") && cookie.contains("Secure") && cookie.contains("SameSite=Lax"));
        assert!(cookie.starts_with("__Host-portal_session=abc; Path=/;") && !cookie.contains("Domain"));
        assert!(
            session_cookie(None, false).starts_with("portal_session=;")
                && session_cookie(None, false).contains("Max-Age=0")
        );
        let mut headers = HeaderMap::new();
        headers.insert(header::COOKIE, "portal_session=plain; __Host-portal_session=prefixed".parse().unwrap());
        assert_eq!(session_cookie_value(&headers, SESSION_COOKIE, true).as_deref(), Some("prefixed"));
        assert_eq!(session_cookie_value(&headers, SESSION_COOKIE, false).as_deref(), Some("plain"));
    }
}
