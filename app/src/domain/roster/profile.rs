//! The expert roster as stored: the application's steps and rules live in the `rules`
//! crate (shared with the browser's checks); these are the shapes pages and queries use.

pub use rules::roster::*;
use serde::{Deserialize, Serialize};

use crate::domain::file::AttachedFile;
use crate::domain::form::RawForm;

/// Where a profile is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ExpertStatus {
    /// Being filled in; reached through the application's secret link.
    Draft,
    /// Submitted; counts once its owner confirms the address.
    Unverified,
    /// On the roster.
    Active,
    /// Not updated for too long; the owner can bring it back by updating it.
    Inactive,
}

impl ExpertStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ExpertStatus::Draft => "draft",
            ExpertStatus::Unverified => "unverified",
            ExpertStatus::Active => "active",
            ExpertStatus::Inactive => "inactive",
        }
    }

    pub fn parse(text: &str) -> Option<ExpertStatus> {
        [ExpertStatus::Draft, ExpertStatus::Unverified, ExpertStatus::Active, ExpertStatus::Inactive]
            .into_iter()
            .find(|s| s.as_str() == text)
    }
}

/// A profile as its owner edits it: the answers as typed and the CV.
#[derive(Clone, Debug, PartialEq)]
pub struct ExpertRecord {
    pub id: i64,
    pub status: ExpertStatus,
    pub form: RawForm,
    pub locale: String,
    pub cv: Option<AttachedFile>,
}

/// What a secret link sent to an expert is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkPurpose {
    ConfirmAddress,
    SignIn,
    /// Confirms a new address the signed-in expert gave.
    ChangeAddress,
}

impl LinkPurpose {
    pub fn as_str(self) -> &'static str {
        match self {
            LinkPurpose::ConfirmAddress => "confirm_address",
            LinkPurpose::SignIn => "sign_in",
            LinkPurpose::ChangeAddress => "change_address",
        }
    }
}

/// 1 for A1 up to 6 for C2, so search can ask for "this level or better".
pub fn level_rank(level: &str) -> Option<i64> {
    CEFR_LEVELS.iter().position(|l| *l == level).map(|i| i as i64 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_rank_from_a1_to_c2_and_statuses_round_trip() {
        assert_eq!(level_rank("A1"), Some(1));
        assert_eq!(level_rank("C2"), Some(6));
        assert_eq!(level_rank("native"), None);
        for status in ["draft", "unverified", "active", "inactive"] {
            assert_eq!(ExpertStatus::parse(status).map(ExpertStatus::as_str), Some(status));
        }
    }
}
