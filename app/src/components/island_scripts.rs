//! The script that wakes islands.

use leptos::prelude::*;

/// Loads the wasm that wakes islands. Only pages holding an island render it, so the
/// others cost no JavaScript at all.
#[component]
pub fn IslandScripts() -> impl IntoView {
    use_context::<LeptosOptions>().map(|options| view! { <HydrationScripts options islands=true/> })
}
