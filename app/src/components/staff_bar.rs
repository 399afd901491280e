//! The bar at the top of every back-office page: the areas, always at hand, with the one the
//! page belongs to marked; who is signed in; their account and sign-out.

use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::domain::staff::{Role, StaffUser};
use crate::i18n::{fill, use_locale};

/// The area a back-office path belongs to, by the start of the path that leads to it.
fn area_of(path: &str) -> &'static str {
    const AREAS: [&str; 5] =
        ["/staff/requests", "/staff/experts", "/staff/grants", "/staff/interventions", "/staff/outbox"];
    AREAS.into_iter().find(|area| path == *area || path.starts_with(&format!("{area}/"))).unwrap_or("/staff")
}

/// Who is signed in, the back office's navigation and the sign-out button.
#[component]
pub fn StaffBar(user: StaffUser) -> impl IntoView {
    let messages = use_locale().messages();
    let m = &messages.staff;
    let role = match user.role {
        Role::Admin => m.role_admin,
        Role::Coordinator => m.role_coordinator,
    };
    let current = area_of(&use_location().pathname.get_untracked());
    let mut areas = vec![
        ("/staff", m.nav_my_work),
        ("/staff/requests", m.nav_inbox),
        ("/staff/experts", messages.roster.staff_nav),
        ("/staff/grants", messages.grants.staff_nav),
        ("/staff/interventions", m.nav_interventions),
    ];
    if user.role == Role::Admin {
        areas.push(("/staff/outbox", m.nav_outbox));
    }
    let links = areas
        .into_iter()
        .map(|(href, name)| {
            view! { <li><a href=href aria-current=(href == current).then_some("page")>{name}</a></li> }
        })
        .collect_view();
    view! {
        <div class="staff-bar">
            <nav class="staff-bar__areas" aria-label=m.nav_label>
                <ul>{links}</ul>
            </nav>
            <div class="staff-bar__account">
                <p>{fill(m.signed_in_as, &[("name", &user.name), ("role", &role)])}</p>
                <p><a href="/staff/password">{m.nav_password}</a>" · "<a href="/staff/sessions">{m.nav_sessions}</a></p>
                <form method="post" action="/staff/logout"><button type="submit" class="button-secondary">{m.log_out}</button></form>
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::area_of;

    #[test]
    fn a_page_belongs_to_the_area_its_path_starts_with() {
        assert_eq!(area_of("/staff"), "/staff");
        assert_eq!(area_of("/staff/requests/TA-2026-0001/fiche"), "/staff/requests");
        assert_eq!(area_of("/staff/grants/applications/NSA-2026-0001"), "/staff/grants");
        assert_eq!(area_of("/staff/password"), "/staff");
        assert_eq!(area_of("/staff/requestsx"), "/staff");
    }
}
