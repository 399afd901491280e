//! The portal's pages, shared types and (server-side) data access. Compiled twice: as an
//! rlib with `ssr` for the server, and as a wasm cdylib with `hydrate` whose only job is to
//! wake the islands (the few interactive parts of otherwise server-rendered pages).
// The back office's request page is one deep view type; its layout query needs more depth
// than rustc's default of 128 in release builds.
#![recursion_limit = "256"]

pub mod app;
pub mod components;
pub mod data;
pub mod domain;
pub mod error;
pub mod i18n;
pub mod map;
pub mod pages;

#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod exports;
#[cfg(feature = "ssr")]
pub mod iati;
#[cfg(feature = "ssr")]
pub mod mail;
#[cfg(feature = "ssr")]
pub mod secret;

#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    leptos::mount::hydrate_islands();
}
