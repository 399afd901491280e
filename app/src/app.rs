//! The HTML shell, the page layout and the route table.

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, HashedStylesheet, MetaTags};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::hooks::use_location;
use leptos_router::{path, SsrMode};

use crate::i18n::{use_locale, Locale};
use crate::pages::grants::{
    back_office::{StaffCallFormPage, StaffCallPage, StaffGrantsPage},
    calls::{GrantCallPage, GrantTrackingPage, GrantsPage},
    form::GrantFormPage,
    review::StaffApplicationPage,
};
use crate::pages::map::{
    back_office::{StaffInterventionsPage, StaffTranslationsPage},
    detail::InterventionDetailPage,
    home::HomePage,
    interventions::InterventionsPage,
    open_data::OpenDataPage,
};
use crate::pages::not_found::NotFoundPage;
use crate::pages::requests::{
    back_office::{StaffInboxPage, StaffRequestPage},
    baseline::StaffBaselinePage,
    completion::StaffCompletionPage,
    consultation::ConsulteePage,
    endorsement::EndorsingPage,
    fiche::StaffFichePage,
    form::RequestFormPage,
    history::StaffHistoryPage,
    intervention::StaffInterventionPage,
    tracking::RequestTrackingPage,
};
use crate::pages::roster::{
    back_office::{StaffExpertPage, StaffRosterPage},
    form::ExpertFormPage,
    notice::RosterNoticePage,
    sessions::ExpertSessionsPage,
    space::{ExpertSignInPage, ExpertSpacePage},
};
use crate::pages::staff::{
    my_work::MyWorkPage,
    outbox::StaffOutboxPage,
    password::StaffPasswordPage,
    reset::{StaffForgotPage, StaffResetPage},
    sessions::StaffSessionsPage,
    sign_in::StaffLoginPage,
};

/// Whether answers at `path` may carry someone's data: the back office, anything reached by
/// a secret link (drafts, tracking pages, e-mailed links) and the expert's own space. Only
/// the public pages, the open data and the static files are outside.
pub fn holds_personal_data(path: &str) -> bool {
    const PRIVATE: [&str; 8] = [
        "/staff",
        "/requests/draft/",
        "/requests/track/",
        "/requests/consult/",
        "/requests/endorse/",
        "/grants/apply/",
        "/grants/track/",
        "/experts/",
    ];
    const PUBLIC_EXPERT_PAGES: [&str; 4] =
        ["/experts/apply", "/experts/apply/sent", "/experts/sign-in", "/experts/erased"];
    PRIVATE.iter().any(|prefix| path.starts_with(prefix)) && !PUBLIC_EXPERT_PAGES.contains(&path)
}

/// The reader's language for the request being rendered.
fn request_locale() -> Locale {
    #[cfg(feature = "ssr")]
    {
        use_context::<http::request::Parts>()
            .map(|parts| crate::i18n::locale_from_headers(&parts.headers))
            .unwrap_or_default()
    }
    #[cfg(not(feature = "ssr"))]
    {
        Locale::default()
    }
}

/// The inline scripts Leptos writes carry a per-response nonce, and no other inline script
/// may run; wasm needs `'wasm-unsafe-eval'`.
fn set_content_security_policy() {
    #[cfg(feature = "ssr")]
    {
        leptos::nonce::provide_nonce();
        let nonce = leptos::nonce::use_nonce().map(|n| n.to_string()).unwrap_or_default();
        let policy = format!(
            "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self'; \
             img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; \
             frame-ancestors 'none'"
        );
        if let (Some(response), Ok(value)) =
            (use_context::<leptos_axum::ResponseOptions>(), http::HeaderValue::from_str(&policy))
        {
            response.insert_header(http::header::CONTENT_SECURITY_POLICY, value);
        }
    }
}

/// The whole document; pages with islands add `IslandScripts`.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let locale = request_locale();
    provide_context(locale);
    set_content_security_policy();
    view! {
        <!DOCTYPE html>
        <html lang=locale.code()>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="color-scheme" content="light"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <HashedStylesheet options id="portal-css"/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Router>
            <Layout>
                <Routes fallback=NotFoundPage>
                    <Route path=path!("/") view=HomePage ssr=SsrMode::Async/>
                    <Route path=path!("/interventions") view=InterventionsPage ssr=SsrMode::Async/>
                    <Route path=path!("/interventions/:slug") view=InterventionDetailPage ssr=SsrMode::Async/>
                    <Route path=path!("/data") view=OpenDataPage ssr=SsrMode::Async/>
                    // The server prepares these pages' content itself (server/src/routes/{requests,roster,staff}.rs).
                    <Route path=path!("/requests/new") view=RequestFormPage/>
                    <Route path=path!("/requests/draft/:token/:step") view=RequestFormPage/>
                    <Route path=path!("/requests/track/:token") view=RequestTrackingPage/>
                    <Route path=path!("/requests/consult/:token") view=ConsulteePage/>
                    <Route path=path!("/requests/endorse/:token") view=EndorsingPage/>
                    <Route path=path!("/experts/apply") view=ExpertFormPage/>
                    <Route path=path!("/experts/apply/sent") view=RosterNoticePage/>
                    <Route path=path!("/experts/apply/:token/:step") view=ExpertFormPage/>
                    <Route path=path!("/experts/confirm/:token") view=RosterNoticePage/>
                    <Route path=path!("/experts/sign-in") view=ExpertSignInPage/>
                    <Route path=path!("/experts/address/:token") view=RosterNoticePage/>
                    <Route path=path!("/experts/sign-in/:token") view=RosterNoticePage/>
                    <Route path=path!("/experts/erased") view=RosterNoticePage/>
                    <Route path=path!("/experts/me") view=ExpertSpacePage/>
                    <Route path=path!("/experts/me/erase") view=RosterNoticePage/>
                    <Route path=path!("/experts/me/sessions") view=ExpertSessionsPage/>
                    <Route path=path!("/experts/me/:step") view=ExpertFormPage/>
                    <Route path=path!("/grants") view=GrantsPage/>
                    <Route path=path!("/grants/track/:token") view=GrantTrackingPage/>
                    <Route path=path!("/grants/apply/:token/:step") view=GrantFormPage/>
                    <Route path=path!("/grants/:slug") view=GrantCallPage/>
                    <Route path=path!("/grants/:slug/apply") view=GrantFormPage/>
                    <Route path=path!("/staff/login") view=StaffLoginPage/>
                    <Route path=path!("/staff") view=MyWorkPage/>
                    <Route path=path!("/staff/requests") view=StaffInboxPage/>
                    <Route path=path!("/staff/requests/:reference") view=StaffRequestPage/>
                    <Route path=path!("/staff/requests/:reference/fiche") view=StaffFichePage/>
                    <Route path=path!("/staff/requests/:reference/baseline") view=StaffBaselinePage/>
                    <Route path=path!("/staff/requests/:reference/intervention") view=StaffInterventionPage/>
                    <Route path=path!("/staff/requests/:reference/completion") view=StaffCompletionPage/>
                    <Route path=path!("/staff/requests/:reference/history") view=StaffHistoryPage/>
                    <Route path=path!("/staff/outbox") view=StaffOutboxPage/>
                    <Route path=path!("/staff/interventions") view=StaffInterventionsPage/>
                    <Route path=path!("/staff/interventions/:slug/translations") view=StaffTranslationsPage/>
                    <Route path=path!("/staff/password") view=StaffPasswordPage/>
                    <Route path=path!("/staff/sessions") view=StaffSessionsPage/>
                    <Route path=path!("/staff/forgot") view=StaffForgotPage/>
                    <Route path=path!("/staff/reset/:token") view=StaffResetPage/>
                    <Route path=path!("/staff/experts") view=StaffRosterPage/>
                    <Route path=path!("/staff/grants") view=StaffGrantsPage/>
                    <Route path=path!("/staff/grants/new") view=StaffCallFormPage/>
                    <Route path=path!("/staff/grants/:id") view=StaffCallPage/>
                    <Route path=path!("/staff/grants/:id/edit") view=StaffCallFormPage/>
                    <Route path=path!("/staff/grants/applications/:reference") view=StaffApplicationPage/>
                    <Route path=path!("/staff/experts/:id") view=StaffExpertPage/>
                </Routes>
            </Layout>
        </Router>
    }
}

/// Whether `path` is the back office: its own layout, with no public navigation or footer.
fn is_back_office(path: &str) -> bool {
    path == "/staff" || path.starts_with("/staff/")
}

/// The pages about the programme's data, under which the footer says the data are free to
/// reuse (not under forms, nor under anyone's personal data).
fn shows_open_data_note(path: &str) -> bool {
    path == "/" || path == "/data" || path == "/interventions" || path.starts_with("/interventions/")
}

/// Header (skip link, name, navigation, language), main landmark and, on the data pages,
/// the footer. The back office gets a header of its own: its areas are in `StaffBar`.
#[component]
fn Layout(children: Children) -> impl IntoView {
    let locale = use_locale();
    let m = locale.messages();
    let location = use_location();
    let path = location.pathname.get_untracked();
    let search = location.search.get_untracked();
    let search = search.trim_start_matches('?');
    let here = match search {
        "" => path.clone(),
        query => format!("{path}?{query}"),
    };
    // A page reached by a secret link must not copy the secret into another address (logs,
    // history, caches): its switcher names no page and the portal returns by the `Referer`.
    let next = if holds_personal_data(&path) {
        String::new()
    } else {
        format!("?next={}", form_urlencoded::byte_serialize(here.as_bytes()).collect::<String>())
    };
    // On a phone the languages show as their codes; a screen reader hears their names.
    let switcher = Locale::ALL
        .into_iter()
        .map(|other| {
            let current = other == locale;
            view! {
                <li>
                    <a
                        href=format!("/language/{}{next}", other.code())
                        lang=other.code()
                        hreflang=other.code()
                        aria-current=current.then_some("true")
                    >
                        <span class="language-switch__name">{other.endonym()}</span>
                        <span class="language-switch__code" aria-hidden="true">{other.code().to_uppercase()}</span>
                    </a>
                </li>
            }
        })
        .collect_view();
    let languages = view! {
        <nav class="language-switch" aria-label=m.language_label>
            <ul>{switcher}</ul>
        </nav>
    };
    let back_office = is_back_office(&path);
    let header = if back_office {
        view! {
            <header class="site-header site-header--staff">
                <a class="site-header__name" href="/staff">
                    {m.site_name}<span class="site-header__area">{m.staff.nav_label}</span>
                </a>
                {languages}
            </header>
        }
        .into_any()
    } else {
        view! {
            <header class="site-header">
                <a class="site-header__name" href="/">{m.site_name}</a>
                {languages}
                <nav class="site-nav" aria-label=m.nav_label>
                    <ul>
                        <li><a href="/">{m.nav_home}</a></li>
                        <li><a href="/interventions">{m.nav_interventions}</a></li>
                        <li><a href="/data">{m.nav_open_data}</a></li>
                        <li><a href="/requests/new">{m.nav_request}</a></li>
                        <li><a href="/experts/apply">{m.roster.nav_roster}</a></li>
                        <li><a href="/grants">{m.grants.nav_grants}</a></li>
                    </ul>
                </nav>
            </header>
        }
        .into_any()
    };
    let footer = shows_open_data_note(&path).then(|| {
        view! {
            <footer class="site-footer">
                <p>{m.footer_text}" "<a href="/data">{m.nav_open_data}</a></p>
            </footer>
        }
    });
    view! {
        <a class="skip-link" href="#main">{m.skip_to_content}</a>
        {header}
        <main id="main" tabindex="-1" class:main--staff=back_office>{children()}</main>
        {footer}
    }
}
