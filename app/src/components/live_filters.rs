//! The one island of the map page: with JavaScript, changing a filter refreshes the results
//! in place (fetching the same server-rendered page) and updates the address bar, so the URL
//! still holds the filters. Without JavaScript the form it wraps is a plain GET form.
//!
//! The island takes no props (props would pull a JSON deserializer into the wasm): the
//! message announced after a refresh is read from the `data-message` of the status element
//! the server renders inside it.

use leptos::prelude::*;

/// Wraps the filter form and a `[data-live-status]` element.
#[island]
pub fn LiveFilters(children: Children) -> impl IntoView {
    let on_change = |ev: leptos::ev::Event| {
        #[cfg(feature = "hydrate")]
        browser::refresh(&ev);
        #[cfg(not(feature = "hydrate"))]
        let _ = ev;
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        on_change(ev.into());
    };
    #[cfg(feature = "hydrate")]
    {
        // Back and forward through refreshed selections: reload the address the browser shows.
        let _ = window_event_listener(leptos::ev::popstate, |_| {
            let _ = window().location().reload();
        });
        // A reader on a slow line may change a filter before the wasm arrives; that change
        // fired no event we heard, so apply it now. (The server's markup is already there.)
        browser::catch_up();
    }
    view! { <div class="live-filters" on:change=on_change on:submit=on_submit>{children()}</div> }
}

/// The polite live region the island fills after refreshing the results.
#[component]
pub fn LiveStatus(message: &'static str) -> impl IntoView {
    view! { <p class="visually-hidden" role="status" data-live-status="" data-message=message></p> }
}

#[cfg(feature = "hydrate")]
mod browser {
    use leptos::prelude::*;
    use wasm_bindgen::{JsCast, JsValue};
    use web_sys::{DomParser, FormData, HtmlFormElement, SupportedType, UrlSearchParams};

    /// Re-renders `#results` for the values of the form `ev` happened in.
    pub fn refresh(ev: &leptos::ev::Event) {
        let form = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|el| el.closest("form").ok().flatten())
            .and_then(|form| form.dyn_into::<HtmlFormElement>().ok());
        if let Some(form) = form {
            refresh_for(form);
        }
    }

    /// Refreshes when the filter form no longer shows what the server rendered.
    pub fn catch_up() {
        let form = document()
            .query_selector(".live-filters form")
            .ok()
            .flatten()
            .and_then(|f| f.dyn_into::<HtmlFormElement>().ok());
        if let Some(form) = form.filter(changed_since_render) {
            refresh_for(form);
        }
    }

    /// Whether a control's value differs from the one in the server's markup (the `value`
    /// attribute, or a select's `selected` option). Read through `Reflect` so the wasm
    /// carries no extra element bindings.
    fn changed_since_render(form: &HtmlFormElement) -> bool {
        let Ok(controls) = form.query_selector_all("select, input") else { return false };
        (0..controls.length()).filter_map(|i| controls.item(i)?.dyn_into::<web_sys::Element>().ok()).any(|control| {
            let now = js_sys::Reflect::get(&control, &JsValue::from_str("value")).ok().and_then(|v| v.as_string());
            let rendered = if control.tag_name().eq_ignore_ascii_case("select") {
                control.query_selector("option[selected]").ok().flatten().and_then(|o| o.get_attribute("value"))
            } else {
                control.get_attribute("value")
            };
            now.unwrap_or_default() != rendered.unwrap_or_default()
        })
    }

    fn refresh_for(form: HtmlFormElement) {
        let Some(query) = query_of(&form) else { return };
        let url = if query.is_empty() { form.action() } else { format!("{}?{query}", form.action()) };
        leptos::task::spawn_local(async move {
            // On any failure fall back to an ordinary page load of the same address.
            if swap_results(&url).await.is_err() {
                let _ = window().location().set_href(&url);
                return;
            }
            let _ = window().history().map(|h| h.push_state_with_url(&JsValue::NULL, "", Some(&url)));
            if let Ok(Some(status)) = document().query_selector("[data-live-status]") {
                status.set_text_content(status.get_attribute("data-message").as_deref());
            }
        });
    }

    /// The form's non-empty fields as a query string.
    fn query_of(form: &HtmlFormElement) -> Option<String> {
        let data = FormData::new_with_form(form).ok()?;
        let params = UrlSearchParams::new_with_str_sequence_sequence(&data).ok()?;
        let clean = UrlSearchParams::new().ok()?;
        for entry in js_sys::try_iter(&params).ok()??.flatten() {
            let pair: js_sys::Array = entry.into();
            let (key, value) = (pair.get(0).as_string()?, pair.get(1).as_string()?);
            if !value.trim().is_empty() {
                clean.append(&key, &value);
            }
        }
        Some(String::from(clean.to_string()))
    }

    async fn swap_results(url: &str) -> Result<(), JsValue> {
        let failed = |_| JsValue::from_str("request failed");
        let response = gloo_net::http::Request::get(url).send().await.map_err(failed)?;
        if !response.ok() {
            return Err(JsValue::from_str("not ok"));
        }
        let html = response.text().await.map_err(failed)?;
        let fetched = DomParser::new()?.parse_from_string(&html, SupportedType::TextHtml)?;
        let fresh = fetched.get_element_by_id("results").ok_or("no results in response")?;
        let current = document().get_element_by_id("results").ok_or("no results on page")?;
        current.replace_with_with_node_1(&fresh)?;
        Ok(())
    }
}
