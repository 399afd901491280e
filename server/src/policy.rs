//! The portal's policy in figures, in one place: how long links and sessions last, and how
//! big a post may be. Rate limits are with what they count (`limits`), connection timeouts
//! with the connection loop (`connections`).

use app::domain::file::FileField;
use app::domain::ta_request::LETTER_FILE;
use time::Duration;

/// How long after submission an expert's address-confirmation link works; an application
/// still unconfirmed then is deleted by the daily upkeep.
pub const CONFIRM_FOR: Duration = Duration::days(7);

/// A staff session unused this long ends.
pub const STAFF_IDLE_TIMEOUT: Duration = Duration::minutes(30);
/// A staff session ends this long after sign-in, however busy.
pub const STAFF_SESSION_FOR: Duration = Duration::hours(12);

/// An expert's session unused this long ends; none lasts longer than `EXPERT_SESSION_FOR`.
pub const EXPERT_IDLE_TIMEOUT: Duration = Duration::minutes(30);
pub const EXPERT_SESSION_FOR: Duration = Duration::hours(4);

/// Largest form post accepted: every field at its limit in a non-Latin script, percent
/// encoded, fits with room to spare; anything bigger is refused (413) before it is read.
pub const FORM_BODY_LIMIT: usize = 512 * 1024;

/// Largest post to sign-in, password and the back office's request pages, whose fields are
/// short.
pub const STAFF_FORM_BODY_LIMIT: usize = 64 * 1024;

/// The largest body a file step takes: the file at its limit plus the form's few other parts.
pub const fn upload_body_limit(field: &FileField) -> usize {
    field.max_mb as usize * 1024 * 1024 + 64 * 1024
}

/// No route takes a bigger body (the TA request's letter, the largest upload).
pub const LARGEST_BODY: usize = upload_body_limit(&LETTER_FILE);

/// The largest CV an expert sends, from their own space as in the application.
pub const CV_BODY_LIMIT: usize = upload_body_limit(&app::domain::roster::CV_FILE);
