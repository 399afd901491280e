//! `/staff/interventions`: every intervention in the regions a member of staff covers, and
//! who may see each one. Sensitive work (readmission, trafficking cases) can be kept for
//! staff only: it then leaves no public page, figure or export.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::app::use_locale;
use crate::components::error_view::ErrorView;
use crate::data::taxonomy;
use crate::domain::filters::Dimension;
use crate::domain::intervention::FlaggedIntervention;
use crate::domain::staff::StaffUser;
use crate::domain::ta_request::{AUDIENCE_PUBLIC, AUDIENCE_STAFF};
use crate::error::AppError;
use crate::i18n::fill;
use crate::pages::staff::StaffBar;

/// The list, and the intervention whose audience was just changed (by its slug).
#[derive(Clone, Debug, PartialEq)]
pub struct StaffInterventionsView {
    pub user: StaffUser,
    pub rows: Vec<FlaggedIntervention>,
    pub changed: Option<String>,
}

#[component]
pub fn StaffInterventionsPage() -> impl IntoView {
    let Some(page) = use_context::<StaffInterventionsView>() else {
        return view! { <ErrorView error=AppError::NotFound/> }.into_any();
    };
    let locale = use_locale();
    let m = &locale.messages().staff;
    let taxonomy = taxonomy();
    let label = |dimension, code: &str| taxonomy.label(dimension, code, locale).to_owned();
    let notice = page.changed.as_deref().and_then(|slug| page.rows.iter().find(|row| row.slug == slug)).map(|row| {
        let text = if row.publishable { m.released_notice } else { m.withheld_notice };
        view! { <p class="notice" role="status">{fill(text, &[&row.title])}</p> }
    });
    let rows = page
        .rows
        .iter()
        .map(|row| {
            let title = if row.publishable {
                view! { <a href=format!("/interventions/{}", row.slug)>{row.title.clone()}</a> }.into_any()
            } else {
                row.title.clone().into_any()
            };
            let (audience, button, next) = if row.publishable {
                (m.audience_public, m.withhold_button, AUDIENCE_STAFF)
            } else {
                (m.audience_staff, m.release_button, AUDIENCE_PUBLIC)
            };
            view! {
                <tr id=row.slug.clone()>
                    <th scope="row">{title}</th>
                    <td>{label(Dimension::Region, &row.region)}</td>
                    <td>{label(Dimension::Status, &row.status)}</td>
                    <td>{audience}</td>
                    <td>
                        <form method="post" action=format!("/staff/interventions/{}/audience", row.slug)>
                            <input type="hidden" name="audience" value=next/>
                            <button type="submit" class="button-secondary">
                                {button}<span class="visually-hidden">{format!(": {}", row.title)}</span>
                            </button>
                        </form>
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <Title text=m.interventions_title/>
        <StaffBar user=page.user.clone()/>
        <h1>{m.interventions_title}</h1>
        {notice}
        <p>{m.interventions_intro}</p>
        <table class="list">
            <thead>
                <tr>
                    <th scope="col">{m.col_intervention}</th>
                    <th scope="col">{m.col_region}</th>
                    <th scope="col">{locale.messages().col_status}</th>
                    <th scope="col">{m.col_audience}</th>
                    <th scope="col"><span class="visually-hidden">{m.sessions_actions}</span></th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
    .into_any()
}
