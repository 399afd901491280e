//! Plain axum routes: things that are not pages.

pub mod api;
pub mod assets;
pub mod health;
pub mod language;
pub mod map;
