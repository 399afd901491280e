//! The back office's own pages: sign-in, password, sessions and the outbox. Each area's
//! back-office pages sit in that area's folder.

use crate::domain::staff::StaffUser;

pub mod my_work;
pub mod outbox;
pub mod password;
pub mod reset;
pub mod sessions;
pub mod sign_in;

/// Shown instead of a staff page the account may not open (403).
#[derive(Clone, Debug, PartialEq)]
pub struct ForbiddenView {
    pub user: StaffUser,
}
