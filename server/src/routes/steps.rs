//! What the handlers of every multi-step form share: the button the reader pressed and
//! the body of a step's post.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use app::domain::form::RawForm;

/// The button the reader pressed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    Next,
    Back,
    Save,
    Submit,
    /// One more row of a table (the grant budget's lines).
    AddRow,
}

impl Action {
    pub fn of(form: &RawForm) -> Action {
        Action::named(form.raw("action"))
    }

    /// The action of a button's `value`; anything unknown moves on, as "next" does.
    pub fn named(value: &str) -> Action {
        match value {
            "back" => Action::Back,
            "save" => Action::Save,
            "submit" => Action::Submit,
            "add_line" => Action::AddRow,
            _ => Action::Next,
        }
    }
}

/// The body of a form post; one over the limit is answered with the step's page saying so
/// (413), and nothing of it is kept.
pub fn posted(body: Result<Bytes, BytesRejection>) -> Result<Bytes, Option<Response>> {
    match body {
        Ok(body) => Ok(body),
        Err(rejection) if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => Err(None),
        Err(rejection) => Err(Some(rejection.into_response())),
    }
}
