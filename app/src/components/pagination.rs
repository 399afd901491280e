//! Previous and next links under a paged list, with where the reader is.

use leptos::prelude::*;

use crate::i18n::fill;
use crate::i18n::use_locale;

/// Nothing when everything fits on one page; `link` gives a page's address.
#[component]
pub fn Pagination(page: i64, pages: i64, link: impl Fn(i64) -> String) -> impl IntoView {
    let m = use_locale().messages();
    (pages > 1).then(|| {
        view! {
            <nav class="pagination" aria-label=m.pagination_label>
                {(page > 1).then(|| view! { <a rel="prev" href=link(page - 1)>{m.pagination_previous}</a> })}
                " "<span>{fill(m.pagination_position, &[("page", &page), ("pages", &pages)])}</span>" "
                {(page < pages).then(|| view! { <a rel="next" href=link(page + 1)>{m.pagination_next}</a> })}
            </nav>
        }
    })
}
