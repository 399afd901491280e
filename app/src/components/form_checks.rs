//! Loads the instant form checks: a small wasm module of its own (the `checks` crate), not
//! the Leptos bundle, so a form page costs a few KiB of script. The server provides its
//! address (`FormChecksScript`) when the module was built; without it the page simply relies
//! on the server's checks, as it does without JavaScript.

use leptos::prelude::*;

/// Where the checks module's JavaScript is served, e.g. `/checks/3f2a.../checks.js`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormChecksScript(pub String);

/// A module script that starts the checks (inline, so it carries the page's CSP nonce).
#[component]
pub fn FormChecks() -> impl IntoView {
    use_context::<FormChecksScript>().map(|FormChecksScript(src)| {
        let nonce = leptos::nonce::use_nonce();
        // The address is ours (built from a hex hash), never user input.
        let code = format!("import start from \"{src}\"; start();");
        view! { <script type="module" nonce=nonce inner_html=code></script> }
    })
}
