//! Strings of the technical-assistance request: the form, its e-mails and the tracking page.

mod en;
mod es;
mod fr;
mod pt;

pub use en::REQUESTS as ENGLISH;
pub use es::REQUESTS as SPANISH;
pub use fr::REQUESTS as FRENCH;
pub use pt::REQUESTS as PORTUGUESE;

/// Strings of the technical-assistance request journey.
#[cfg_attr(test, derive(serde::Serialize))]
pub struct RequestMessages {
    pub title: &'static str,
    pub intro: &'static str,
    pub eligibility: &'static str,
    /// "Step {number} of {steps}: {title}"
    pub step_position: &'static str,
    pub steps_label: &'static str,
    pub step_institution: &'static str,
    pub step_focal_point: &'static str,
    pub step_details: &'static str,
    pub step_attachments: &'static str,
    pub step_review: &'static str,
    pub letter: &'static str,
    pub letter_hint: &'static str,
    /// "Attached: {file} ({size} KB)"
    pub letter_attached: &'static str,
    pub letter_none: &'static str,
    pub attachments_heading: &'static str,
    pub optional: &'static str,
    pub choose: &'static str,

    pub requester_type: &'static str,
    pub requester_government: &'static str,
    pub requester_organisation: &'static str,
    pub country: &'static str,
    pub country_hint: &'static str,
    pub organisation: &'static str,
    pub organisation_hint: &'static str,
    pub institution: &'static str,
    pub department: &'static str,
    pub official_name: &'static str,
    pub official_position: &'static str,
    pub official_hint: &'static str,
    pub work_language: &'static str,
    pub focal_intro: &'static str,
    pub focal_name: &'static str,
    pub focal_position: &'static str,
    pub focal_email: &'static str,
    pub focal_phone: &'static str,
    pub focal_phone_hint: &'static str,
    pub topics: &'static str,
    pub topics_hint: &'static str,
    pub typology: &'static str,
    pub background: &'static str,
    pub background_hint: &'static str,
    pub objectives: &'static str,
    pub expected_results: &'static str,
    pub beneficiaries: &'static str,
    pub policy_link: &'static str,
    pub policy_link_hint: &'static str,
    pub other_support: &'static str,
    pub other_support_hint: &'static str,
    pub preferred_start: &'static str,
    pub preferred_end: &'static str,
    pub month_hint: &'static str,

    pub button_next: &'static str,
    pub button_back: &'static str,
    pub button_save: &'static str,
    pub button_submit: &'static str,
    pub change: &'static str,
    pub error_summary: &'static str,
    pub post_too_large: &'static str,
    pub review_intro: &'static str,
    pub review_incomplete: &'static str,
    pub not_answered: &'static str,
    pub draft_saved: &'static str,
    pub draft_link_intro: &'static str,
    /// "We have e-mailed this link to {address}."
    pub draft_link_sent: &'static str,
    /// `{address}`: the address the link was not sent to again.
    pub draft_link_withheld: &'static str,
    /// "This draft was submitted as {reference}. ..."
    pub draft_already_submitted: &'static str,

    /// "Request {reference}"
    pub track_title: &'static str,
    pub track_received: &'static str,
    /// "Received on {received_at} (UTC) ..."
    pub track_receipt: &'static str,
    pub track_keep_link: &'static str,
    pub track_stage: &'static str,
    pub track_holder: &'static str,
    /// "The regional coordinator for {region}"
    pub holder_coordinator: &'static str,
    pub holder_management: &'static str,
    pub holder_nobody: &'static str,
    pub track_next: &'static str,
    pub track_decline_reason: &'static str,
    /// Above the answers and the letter as submitted (tracking page and staff).
    pub track_answers_heading: &'static str,
    pub track_history: &'static str,
    pub track_stages_label: &'static str,
    pub event_submitted: &'static str,
    /// "Moved to: {stage}"
    pub event_stage: &'static str,
    pub event_message: &'static str,
    pub event_reply: &'static str,
    pub reply_heading: &'static str,
    pub reply_label: &'static str,
    pub reply_hint: &'static str,
    pub reply_button: &'static str,
    pub reply_sent: &'static str,
    pub withdraw_heading: &'static str,
    pub withdraw_text: &'static str,
    pub withdraw_button: &'static str,
    pub withdrawn: &'static str,
    /// Subject to staff; `{reference}`: reference
    pub mail_new_subject: &'static str,
    /// Body to staff; `{reference}`, `{institution}`, `{staff_link}`: reference, institution, the staff page address
    pub mail_new_body: &'static str,
    /// Subject to staff; `{reference}`: reference
    pub mail_reply_subject: &'static str,
    /// Body to staff; `{reference}`, `{body}`, `{staff_link}`: reference, the message, the staff page address
    pub mail_reply_body: &'static str,
    pub col_when: &'static str,
    pub col_what: &'static str,

    pub stage_submitted: &'static str,
    pub stage_concept_note: &'static str,
    pub stage_ta_fiche: &'static str,
    pub stage_baseline_assessment: &'static str,
    pub stage_ta_intervention: &'static str,
    pub stage_completed: &'static str,
    pub stage_declined: &'static str,
    pub stage_withdrawn: &'static str,
    pub stage_joined: &'static str,
    pub next_submitted: &'static str,
    pub next_concept_note: &'static str,
    pub next_ta_fiche: &'static str,
    pub next_baseline_assessment: &'static str,
    pub next_ta_intervention: &'static str,
    pub next_closed: &'static str,

    /// Subject: "Your draft request for technical assistance"
    pub mail_resume_subject: &'static str,
    /// Body; `{link}`: the link
    pub mail_resume_body: &'static str,
    /// Subject; `{reference}`: the reference
    pub mail_receipt_subject: &'static str,
    /// Body; `{reference}`, `{UNRESOLVED:&receipt.organisation}`, `{received_at}`, `{UNRESOLVED:&receipt.call_title}`, `{UNRESOLVED:&receipt.tracking_link}`, `{UNRESOLVED:&receipt.deadline}`: reference, time received (UTC), institution, tracking link
    pub mail_receipt_body: &'static str,

    pub forbidden_title: &'static str,
    pub forbidden_text: &'static str,
}
