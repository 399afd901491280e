//! The bar at the top of every back-office page.

use leptos::prelude::*;

use crate::domain::staff::{Role, StaffUser};
use crate::i18n::{fill, use_locale};

/// Who is signed in, the back office's navigation and the sign-out button.
#[component]
pub fn StaffBar(user: StaffUser) -> impl IntoView {
    let m = &use_locale().messages().staff;
    let role = match user.role {
        Role::Admin => m.role_admin,
        Role::Coordinator => m.role_coordinator,
    };
    view! {
        <div class="staff-bar">
            <nav aria-label=m.nav_label>
                <ul>
                    <li><a href="/staff">{m.nav_inbox}</a></li>
                    <li><a href="/staff/experts">{use_locale().messages().roster.staff_nav}</a></li>
                    <li><a href="/staff/grants">{use_locale().messages().grants.staff_nav}</a></li>
                    <li><a href="/staff/interventions">{m.nav_interventions}</a></li>
                    {(user.role == Role::Admin).then(|| view! { <li><a href="/staff/outbox">{m.nav_outbox}</a></li> })}
                </ul>
            </nav>
            <p>{fill(m.signed_in_as, &[("name", &user.name), ("role", &role)])} " " <a href="/staff/password">{m.nav_password}</a>" "<a href="/staff/sessions">{m.nav_sessions}</a></p>
            <form method="post" action="/staff/logout"><button type="submit" class="button-secondary">{m.log_out}</button></form>
        </div>
    }
}
