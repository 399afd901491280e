//! Strings of a TA's completion: its results, lessons learned and the requester's
//! assessment, on the staff page and the tracking page, and the staff's e-mail.

mod en;
mod es;
mod fr;
mod pt;

pub use en::COMPLETION as ENGLISH;
pub use es::COMPLETION as SPANISH;
pub use fr::COMPLETION as FRENCH;
pub use pt::COMPLETION as PORTUGUESE;

/// Strings of a TA's completion.
#[cfg_attr(test, derive(serde::Serialize))]
pub struct CompletionMessages {
    pub heading: &'static str,
    /// The link from the request's page.
    pub open: &'static str,
    pub staff_intro: &'static str,
    pub requester_intro: &'static str,
    pub needs_work: &'static str,
    pub saved: &'static str,
    pub results_heading: &'static str,
    pub col_indicator: &'static str,
    pub col_baseline: &'static str,
    pub col_target: &'static str,
    pub col_achieved: &'static str,
    pub not_recorded: &'static str,
    /// "{value} ({on}; {source})"
    pub measured: &'static str,
    /// "Not measured: {reason}"
    pub unmeasured: &'static str,
    pub result_heading: &'static str,
    pub result_intro: &'static str,
    pub for_indicator: &'static str,
    pub achieved_value: &'static str,
    pub achieved_on: &'static str,
    pub achieved_source: &'static str,
    pub unmeasured_reason: &'static str,
    pub result_save: &'static str,
    pub lessons_heading: &'static str,
    pub lessons_intro: &'static str,
    pub lessons_save: &'static str,
    pub assessment_heading: &'static str,
    pub no_assessment: &'static str,
    pub your_assessment_heading: &'static str,
    pub assessment_intro: &'static str,
    pub usefulness: &'static str,
    pub satisfaction: &'static str,
    /// The five marks of a scale, 1 to 5.
    pub scale_marks: [&'static str; 5],
    pub follow_up: &'static str,
    pub yes: &'static str,
    pub no: &'static str,
    pub follow_up_needs: &'static str,
    pub follow_up_needs_hint: &'static str,
    pub assessment_comments: &'static str,
    pub assessment_save: &'static str,
    pub assessment_sent: &'static str,
    /// "Given on {at}."
    pub given_at: &'static str,
    /// "Usefulness {usefulness}/5, satisfaction {satisfaction}/5"
    pub marks: &'static str,
    /// "Follow-up wanted: {needs}"
    pub follow_up_wanted: &'static str,
    pub no_follow_up: &'static str,
    /// The heading of a TA's work on its public page.
    pub progress_heading: &'static str,
    pub follow_up_heading: &'static str,
    /// "This request follows up {reference}."
    pub follows: &'static str,
    pub followed_by: &'static str,
    pub follows_label: &'static str,
    pub follows_hint: &'static str,
    pub follows_save: &'static str,
    pub follow_up_linked: &'static str,
    /// "{reference}: ..."
    pub mail_assessment_subject: &'static str,
    /// `{reference}`, `{marks}`, `{follow_up}`, `{staff_link}`
    pub mail_assessment_body: &'static str,
}
