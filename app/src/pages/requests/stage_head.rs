//! The top of a stage's staff page (the baseline, the intervention): the title, the staff
//! bar, the heading with the request's reference, the way back to the request, what was just
//! saved and, while the request is at that stage, what the stage holds and needs.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::staff_bar::StaffBar;
use crate::domain::staff::StaffUser;
use crate::i18n::use_locale;

#[component]
pub fn StageHead(
    user: StaffUser,
    reference: String,
    heading: &'static str,
    /// The notice of a save just made.
    saved: Option<&'static str>,
    /// At the stage: the page's introduction and what the move on needs.
    at_stage: Option<(&'static str, &'static str)>,
) -> impl IntoView {
    let back = use_locale().messages().fiche.back_to_request;
    view! {
        <Title text=format!("{heading} · {reference}")/>
        <StaffBar user/>
        <h1>{heading}" · "{reference.clone()}</h1>
        <p><a href=format!("/staff/requests/{reference}")>{back}</a></p>
        {saved.map(|text| view! { <div class="notice" role="status"><p>{text}</p></div> })}
        {at_stage.map(|(intro, needs)| view! { <p>{intro}</p><p>{needs}</p> })}
    }
}
