//! Strings of the work a request's stages hold: the concept note on the staff page and the
//! tracking page, and its e-mails.

mod en;
mod es;
mod fr;
mod pt;

pub use en::CYCLE as ENGLISH;
pub use es::CYCLE as SPANISH;
pub use fr::CYCLE as FRENCH;
pub use pt::CYCLE as PORTUGUESE;

/// Strings of the technical-assistance cycle's stage work.
#[cfg_attr(test, derive(serde::Serialize))]
pub struct CycleMessages {
    pub note_heading: &'static str,
    pub note_staff_intro: &'static str,
    pub note_requester_intro: &'static str,
    pub note_context: &'static str,
    pub note_objectives: &'static str,
    pub note_approach: &'static str,
    pub note_expected_results: &'static str,
    pub note_timeline: &'static str,
    pub note_timeline_hint: &'static str,
    pub note_work_language: &'static str,
    pub note_save: &'static str,
    /// "Version {version}, written {written_at}"
    pub note_version: &'static str,
    pub note_none: &'static str,
    /// "The requester agreed to this version on {agreed_at}."
    pub note_agreed: &'static str,
    pub note_not_agreed: &'static str,
    /// The requester's own reading: "You agreed to this version on {agreed_at}."
    pub note_you_agreed: &'static str,
    pub note_needs_agreement: &'static str,
    pub note_saved: &'static str,
    pub note_changed_meanwhile: &'static str,
    pub comments_heading: &'static str,
    /// "On version {version}, {at}"
    pub comment_on_version: &'static str,
    pub comment_label: &'static str,
    pub comment_hint: &'static str,
    pub comment_button: &'static str,
    pub comment_sent: &'static str,
    pub agree_heading: &'static str,
    pub agree_text: &'static str,
    pub agree_button: &'static str,
    pub agreed_outcome: &'static str,
    pub note_changed_before_agreeing: &'static str,
    /// To the requester: "Concept note for request {reference}"
    pub mail_note_subject: &'static str,
    /// "{reference}", "{version}"
    pub mail_note_body: &'static str,
    /// To staff: "{reference}"
    pub mail_comment_subject: &'static str,
    /// "{reference}", "{version}", "{body}", "{staff_link}"
    pub mail_comment_body: &'static str,
    pub mail_agreed_subject: &'static str,
    /// "{reference}", "{version}", "{staff_link}"
    pub mail_agreed_body: &'static str,
}
