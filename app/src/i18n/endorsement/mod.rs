//! Strings of joint and endorsed requests: the joint governments' rows of the request form,
//! the endorsements on the tracking and staff pages, the official's page and e-mail, and
//! staff's joining of two requests.

mod en;
mod es;
mod fr;
mod pt;

pub use en::ENDORSEMENT as ENGLISH;
pub use es::ENDORSEMENT as SPANISH;
pub use fr::ENDORSEMENT as FRENCH;
pub use pt::ENDORSEMENT as PORTUGUESE;

/// Strings of joint and endorsed requests.
#[cfg_attr(test, derive(serde::Serialize))]
pub struct EndorsementMessages {
    pub official_email: &'static str,
    pub official_email_hint: &'static str,
    pub joint_legend: &'static str,
    pub joint_intro: &'static str,
    /// "Government {number}": a joint row's heading.
    pub joint_row: &'static str,
    pub joint_country: &'static str,
    pub joint_official_name: &'static str,
    pub joint_official_email: &'static str,
    pub heading: &'static str,
    pub waiting: &'static str,
    pub all_endorsed: &'static str,
    /// "Government of {country}".
    pub government_of: &'static str,
    /// "{name}, endorsed on {date}".
    pub given: &'static str,
    /// "{name}, asked on {date}, not yet endorsed".
    pub pending: &'static str,
    /// "came with request {reference}".
    pub came_with: &'static str,
    /// A history entry: "Endorsed for {government}".
    pub event_endorsed: &'static str,
    /// On the tracking page of a request joined into another.
    pub joined_notice: &'static str,
    pub page_title: &'static str,
    pub page_intro: &'static str,
    pub request_heading: &'static str,
    pub button: &'static str,
    pub not_supported: &'static str,
    pub thanks: &'static str,
    pub already: &'static str,
    pub closed: &'static str,
    pub mail_subject: &'static str,
    pub mail_body: &'static str,
    pub mail_staff_subject: &'static str,
    pub mail_staff_body: &'static str,
    pub ask_again: &'static str,
    pub asked_again: &'static str,
    pub needs_endorsement: &'static str,
    pub join_heading: &'static str,
    pub join_hint: &'static str,
    pub join_reference: &'static str,
    pub join_button: &'static str,
    pub joined_done: &'static str,
    pub join_refused: &'static str,
}
