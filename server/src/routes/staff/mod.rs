//! The back office's own routes: sign-in, password reset and change, sessions and the outbox.
//! Each area's back-office routes sit in that area's folder.

pub mod outbox;
pub mod password;
pub mod reset;
pub mod sessions;
pub mod sign_in;
