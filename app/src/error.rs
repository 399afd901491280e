//! The error every page and server function can return. Internals are logged on the
//! server and never sent to the reader.

use serde::{Deserialize, Serialize};

use crate::domain::filters::FilterError;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    #[error("invalid filter")]
    BadFilter(Vec<FilterError>),
    #[error("internal error")]
    Internal,
}

impl AppError {
    pub fn status(&self) -> u16 {
        match self {
            AppError::NotFound => 404,
            AppError::BadFilter(_) => 400,
            AppError::Internal => 500,
        }
    }
}

#[cfg(feature = "ssr")]
impl From<sqlx::Error> for AppError {
    fn from(error: sqlx::Error) -> Self {
        match error {
            sqlx::Error::RowNotFound => AppError::NotFound,
            other => {
                tracing::error!(error = %other, "database error");
                AppError::Internal
            }
        }
    }
}
