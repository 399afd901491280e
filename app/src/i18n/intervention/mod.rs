//! Strings of the TA intervention: its staff page and its reading on the tracking page.

mod en;
mod es;
mod fr;
mod pt;

pub use en::INTERVENTION as ENGLISH;
pub use es::INTERVENTION as SPANISH;
pub use fr::INTERVENTION as FRENCH;
pub use pt::INTERVENTION as PORTUGUESE;

/// Strings of the TA intervention.
#[cfg_attr(test, derive(serde::Serialize))]
pub struct InterventionMessages {
    pub heading: &'static str,
    /// The link from the request's page: "Open the intervention".
    pub open: &'static str,
    pub staff_intro: &'static str,
    pub requester_intro: &'static str,
    pub needs_work: &'static str,
    pub saved: &'static str,
    pub activities_heading: &'static str,
    pub col_activity: &'static str,
    pub col_planned: &'static str,
    pub col_held: &'static str,
    pub col_venue: &'static str,
    pub col_participants: &'static str,
    pub col_experts: &'static str,
    pub not_held: &'static str,
    /// "{total} ({women} women, {men} men)"
    pub participants: &'static str,
    /// "{name}: {days} days"
    pub expert_days: &'static str,
    /// "{total} people took part in the activities carried out, {women} of them women."
    pub reached: &'static str,
    pub held_heading: &'static str,
    pub held_intro: &'static str,
    pub for_activity: &'static str,
    pub held_from: &'static str,
    pub held_to: &'static str,
    pub held_remotely: &'static str,
    pub venue: &'static str,
    pub venue_hint: &'static str,
    pub women: &'static str,
    pub men: &'static str,
    pub total: &'static str,
    pub total_hint: &'static str,
    pub held_save: &'static str,
    pub days_heading: &'static str,
    pub days_intro: &'static str,
    pub no_team: &'static str,
    pub on_activity: &'static str,
    pub expert: &'static str,
    pub days_worked: &'static str,
    pub days_save: &'static str,
    pub outputs_heading: &'static str,
    pub outputs_intro: &'static str,
}
