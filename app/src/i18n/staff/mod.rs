//! Strings of the back office's own pages: sign-in, the inbox, a request's actions, the outbox,
//! passwords and sessions.

mod en;
mod es;
mod fr;
mod pt;

pub use en::STAFF as ENGLISH;
pub use es::STAFF as SPANISH;
pub use fr::STAFF as FRENCH;
pub use pt::STAFF as PORTUGUESE;

/// What the audit log records of a TA request, by its action codes; the history page names
/// each in the reader's language (an unknown code is shown as it is).
pub const REQUEST_ACTIONS: [&str; 38] = [
    "submit",
    "message",
    "reply",
    "note",
    "move_stage",
    "concept_note",
    "comment_concept_note",
    "agree_concept_note",
    "fiche_frame",
    "fiche_add_result",
    "fiche_add_indicator",
    "fiche_add_activity",
    "fiche_add_expert",
    "fiche_remove_result",
    "fiche_remove_indicator",
    "fiche_remove_activity",
    "fiche_remove_expert",
    "open_consultation",
    "answer_consultation",
    "close_consultation",
    "decide_consultation",
    "baseline_findings",
    "baseline_value",
    "baseline_assessment_add_document",
    "baseline_assessment_remove_document",
    "intervention_activity",
    "intervention_expert_days",
    "ta_intervention_add_document",
    "ta_intervention_remove_document",
    "completion_result",
    "completion_lessons",
    "assessment",
    "follow_up",
    "publish",
    "endorse",
    "ask_endorsement_again",
    "join",
    "join_in",
];

/// serde writes arrays of at most 32 items; the names are written as a list instead.
#[cfg(test)]
fn names_as_list<S: serde::Serializer>(names: &[&str; REQUEST_ACTIONS.len()], to: S) -> Result<S::Ok, S::Error> {
    serde::Serialize::serialize(names.as_slice(), to)
}

/// Strings of the staff back office.
#[cfg_attr(test, derive(serde::Serialize))]
pub struct StaffMessages {
    pub login_title: &'static str,
    pub login_intro: &'static str,
    pub email: &'static str,
    pub password: &'static str,
    pub code: &'static str,
    pub code_hint: &'static str,
    pub sign_in: &'static str,
    pub login_failed: &'static str,
    /// `{minutes}`: minutes to wait
    pub login_locked: &'static str,
    /// "Signed in as {name} ({role})"
    pub signed_in_as: &'static str,
    pub role_admin: &'static str,
    pub role_coordinator: &'static str,
    pub log_out: &'static str,
    pub nav_password: &'static str,
    pub password_title: &'static str,
    pub password_intro: &'static str,
    pub current_password: &'static str,
    pub new_password: &'static str,
    pub new_password_hint: &'static str,
    pub end_other_sessions: &'static str,
    pub change_password: &'static str,
    pub password_changed: &'static str,
    pub current_password_wrong: &'static str,
    pub new_password_too_short: &'static str,
    pub new_password_too_easy: &'static str,
    pub nav_sessions: &'static str,
    pub sessions_title: &'static str,
    pub sessions_intro: &'static str,
    pub sessions_caption: &'static str,
    pub sessions_device: &'static str,
    pub sessions_started: &'static str,
    pub sessions_last_seen: &'static str,
    pub sessions_actions: &'static str,
    pub sessions_this_one: &'static str,
    pub sessions_end_one: &'static str,
    pub sessions_end_others: &'static str,
    pub sessions_ended: &'static str,
    pub sessions_unknown_device: &'static str,
    pub forgot_link: &'static str,
    pub forgot_title: &'static str,
    pub forgot_intro: &'static str,
    pub forgot_button: &'static str,
    pub forgot_sent: &'static str,
    pub reset_title: &'static str,
    pub reset_intro: &'static str,
    pub reset_button: &'static str,
    pub reset_expired: &'static str,
    pub reset_done: &'static str,
    pub code_wrong: &'static str,
    pub mail_reset_subject: &'static str,
    /// `{link}`: the link
    pub mail_reset_body: &'static str,
    pub nav_label: &'static str,
    pub nav_inbox: &'static str,
    pub nav_outbox: &'static str,
    pub inbox_title: &'static str,
    pub inbox_filters: &'static str,
    pub filter_stage: &'static str,
    pub filter_region: &'static str,
    pub filter_country: &'static str,
    pub filter_topic: &'static str,
    pub filter_age: &'static str,
    pub filter_apply: &'static str,
    pub by_stage: &'static str,
    pub by_region: &'static str,
    pub by_topic: &'static str,
    pub col_reference: &'static str,
    pub col_institution: &'static str,
    pub col_requester: &'static str,
    pub col_region: &'static str,
    pub col_stage: &'static str,
    pub col_submitted: &'static str,
    pub col_count: &'static str,
    pub inbox_empty: &'static str,
    pub download_csv: &'static str,
    pub download_xlsx: &'static str,
    pub management_unit: &'static str,
    pub move_heading: &'static str,
    /// "Move to: {stage}"
    pub move_to: &'static str,
    pub decline_reason: &'static str,
    pub decline_reason_hint: &'static str,
    pub decline: &'static str,
    pub no_moves: &'static str,
    pub stage_moved: &'static str,
    pub moved_meanwhile: &'static str,
    pub message_heading: &'static str,
    pub message_label: &'static str,
    pub message_hint: &'static str,
    pub send_message: &'static str,
    pub message_sent: &'static str,
    pub notes_heading: &'static str,
    pub note_label: &'static str,
    pub add_note: &'static str,
    pub note_added: &'static str,
    pub notes_empty: &'static str,
    pub outbox_title: &'static str,
    pub outbox_intro: &'static str,
    pub col_to: &'static str,
    pub col_subject: &'static str,
    pub col_created: &'static str,
    pub col_sent: &'static str,
    pub not_sent: &'static str,
    pub not_delivered: &'static str,
    pub col_delivery_problem: &'static str,
    /// The link from a request's page to its history.
    pub history_link: &'static str,
    /// "History of {reference}"
    pub history_title: &'static str,
    pub history_intro: &'static str,
    pub col_actor: &'static str,
    pub col_action: &'static str,
    pub col_before: &'static str,
    pub col_after: &'static str,
    pub actor_requester: &'static str,
    pub actor_system: &'static str,
    /// `{id}`: the consultee's number (the log never holds an address)
    pub actor_consultee: &'static str,
    pub actor_official: &'static str,
    /// In the order of `REQUEST_ACTIONS`.
    #[cfg_attr(test, serde(serialize_with = "names_as_list"))]
    pub action_names: [&'static str; REQUEST_ACTIONS.len()],
    pub forbidden_title: &'static str,
    pub forbidden_text: &'static str,
    pub publish_heading: &'static str,
    pub publish_intro: &'static str,
    pub publish_title: &'static str,
    pub publish_summary: &'static str,
    pub publish_language: &'static str,
    pub publish_button: &'static str,
    pub published: &'static str,
    pub publish_audience: &'static str,
    pub publish_audience_public: &'static str,
    pub publish_audience_staff: &'static str,
    pub published_withheld: &'static str,
    pub nav_interventions: &'static str,
    pub interventions_title: &'static str,
    pub interventions_intro: &'static str,
    pub col_intervention: &'static str,
    pub col_audience: &'static str,
    pub audience_public: &'static str,
    pub audience_staff: &'static str,
    pub withhold_button: &'static str,
    pub release_button: &'static str,
    /// `{title}`: the intervention's title
    pub withheld_notice: &'static str,
    /// `{title}`: the intervention's title
    pub released_notice: &'static str,
    pub translate_button: &'static str,
    /// `{title}`: the intervention's title
    pub translations_title: &'static str,
    pub translations_intro: &'static str,
    /// A translation's objective field; `{language}`: the language's name
    pub objective_in: &'static str,
    /// `{language}`: the language's name
    pub translations_original: &'static str,
    pub translations_save: &'static str,
    pub translations_saved: &'static str,
    /// Subject; `{reference}`: reference
    pub mail_update_subject: &'static str,
    /// Body; `{reference}`, `{stage_name}`, `{reason}`: reference, new stage, reason or message, tracking page hint
    pub mail_stage_body: &'static str,
    pub mail_message_body: &'static str,
    /// The back office's first page: what waits for the signed-in member of staff.
    pub my_work_title: &'static str,
    pub my_work_intro: &'static str,
    pub nav_my_work: &'static str,
    pub my_requests: &'static str,
    pub my_consultations: &'static str,
    pub my_reviews: &'static str,
    pub my_offers: &'static str,
    /// `{count}`: how many wait in all
    pub my_count_one: &'static str,
    pub my_count_many: &'static str,
    pub my_nothing: &'static str,
    /// `{count}`: how many wait in all
    pub my_see_all: &'static str,
    pub col_since: &'static str,
    pub col_deadline: &'static str,
    pub col_answers: &'static str,
    pub col_project: &'static str,
    pub col_expert: &'static str,
    pub col_assigned: &'static str,
    pub col_contacted: &'static str,
    /// `{count}`: endorsements still awaited
    pub endorsements_awaited_one: &'static str,
    pub endorsements_awaited_many: &'static str,
    /// `{answered}`, `{consultees}`
    pub answers_of: &'static str,
    /// `{round}`: the round's number
    pub round_number: &'static str,
    pub filter_sort: &'static str,
    pub sort_newest: &'static str,
    pub sort_oldest: &'static str,
    pub sort_stage: &'static str,
    pub figures_heading: &'static str,
    /// `{shown}`, `{count}`: a list of what waits cut to its first items
    pub my_shown: &'static str,
    /// `{count}`: the requests the inbox's filter matches
    pub inbox_count_one: &'static str,
    pub inbox_count_many: &'static str,
}

impl StaffMessages {
    /// The name of an audited action on a request; the code itself if unknown.
    pub fn action_name<'a>(&'a self, code: &'a str) -> &'a str {
        REQUEST_ACTIONS.iter().position(|a| *a == code).map_or(code, |i| self.action_names[i])
    }
}
