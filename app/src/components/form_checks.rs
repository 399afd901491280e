//! Loads the instant form checks: a small wasm module per form (the `checks` crate built with
//! that form's rules only), not the Leptos bundle, so a form page carries its own rules and
//! no other form's. The server provides the modules' folder (`FormChecksFolder`) when they
//! were built; without it the page simply relies on the server's checks, as it does without
//! JavaScript.

use leptos::prelude::*;

/// Where the checks modules are served, e.g. `/checks/3f2a...` (holding `request.js`, ...).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormChecksFolder(pub String);

/// A module script that starts the checks of `form` (`request`, `expert`, `grant`), inline so
/// it carries the page's CSP nonce.
#[component]
pub fn FormChecks(form: &'static str) -> impl IntoView {
    use_context::<FormChecksFolder>().map(|FormChecksFolder(folder)| {
        let nonce = leptos::nonce::use_nonce();
        // The address is ours (a hex hash and a fixed form name), never user input.
        let code = format!("import start from \"{folder}/{form}.js\"; start();");
        view! { <script type="module" nonce=nonce inner_html=code></script> }
    })
}
