//! The one island of the map page: with JavaScript, changing a filter refreshes the results
//! in place (fetching the same server-rendered page) and updates the address bar, so the URL
//! still holds the filters. Without JavaScript the form it wraps is a plain GET form.

use leptos::prelude::*;

/// Wraps the filter form; `updated` is announced to screen readers after each refresh.
#[island]
pub fn LiveFilters(children: Children, updated: String) -> impl IntoView {
    let status = RwSignal::new(String::new());
    let refresh = move |ev: leptos::ev::Event| {
        #[cfg(feature = "hydrate")]
        browser::refresh(ev, status, updated.clone());
        #[cfg(not(feature = "hydrate"))]
        let _ = (ev, &updated);
    };
    let on_submit = {
        let refresh = refresh.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            refresh(ev.into());
        }
    };
    view! {
        <div class="live-filters" on:change=refresh on:submit=on_submit>
            {children()}
            <p class="visually-hidden" role="status">{move || status.get()}</p>
        </div>
    }
}

#[cfg(feature = "hydrate")]
mod browser {
    use leptos::prelude::*;
    use wasm_bindgen::{JsCast, JsValue};
    use web_sys::{DomParser, FormData, HtmlFormElement, SupportedType, UrlSearchParams};

    /// Re-renders `#results` for the form's current values.
    pub fn refresh(ev: leptos::ev::Event, status: RwSignal<String>, updated: String) {
        let Some(form) = ev.target().and_then(|t| {
            t.dyn_into::<web_sys::Element>().ok().and_then(|el| el.closest("form").ok().flatten())
        }) else {
            return;
        };
        let Ok(form) = form.dyn_into::<HtmlFormElement>() else { return };
        let Some(url) = query_of(&form).map(|q| format!("{}?{q}", form.action())) else { return };
        leptos::task::spawn_local(async move {
            // On any failure fall back to an ordinary page load of the same address.
            if swap_results(&url).await.is_err() {
                let _ = window().location().set_href(&url);
                return;
            }
            let _ = window().history().map(|h| h.push_state_with_url(&JsValue::NULL, "", Some(&url)));
            status.set(updated);
        });
    }

    /// The form's non-empty fields as a query string.
    fn query_of(form: &HtmlFormElement) -> Option<String> {
        let data = FormData::new_with_form(form).ok()?;
        let params = UrlSearchParams::new_with_str_sequence_sequence(&data).ok()?;
        let clean = UrlSearchParams::new().ok()?;
        let entries = js_sys::try_iter(&params).ok()??;
        for entry in entries.flatten() {
            let pair: js_sys::Array = entry.into();
            let (key, value) = (pair.get(0).as_string()?, pair.get(1).as_string()?);
            if !value.trim().is_empty() {
                clean.append(&key, &value);
            }
        }
        Some(String::from(clean.to_string()))
    }

    async fn swap_results(url: &str) -> Result<(), JsValue> {
        let response = gloo_net::http::Request::get(url).send().await.map_err(|e| JsValue::from_str(&e.to_string()))?;
        if !response.ok() {
            return Err(JsValue::from_str("not ok"));
        }
        let html = response.text().await.map_err(|e| JsValue::from_str(&e.to_string()))?;
        let fetched = DomParser::new()?.parse_from_string(&html, SupportedType::TextHtml)?;
        let fresh = fetched.get_element_by_id("results").ok_or("no results in response")?;
        let current = document().get_element_by_id("results").ok_or("no results on page")?;
        current.replace_with_with_node_1(&fresh)?;
        Ok(())
    }
}
