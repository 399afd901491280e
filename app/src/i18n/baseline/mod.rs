//! Strings of the baseline assessment: its staff page, its reading on the tracking page, and
//! the documents of a stage's work.

mod en;
mod es;
mod fr;
mod pt;

pub use en::BASELINE as ENGLISH;
pub use es::BASELINE as SPANISH;
pub use fr::BASELINE as FRENCH;
pub use pt::BASELINE as PORTUGUESE;

/// Strings of the baseline assessment.
#[cfg_attr(test, derive(serde::Serialize))]
pub struct BaselineMessages {
    pub heading: &'static str,
    /// The link from the request's page: "Open the baseline assessment".
    pub open: &'static str,
    pub staff_intro: &'static str,
    pub requester_intro: &'static str,
    pub none: &'static str,
    pub needs_work: &'static str,
    pub saved: &'static str,
    /// "Last saved {written_at} (UTC)"
    pub findings_written: &'static str,
    pub findings_heading: &'static str,
    pub findings: &'static str,
    pub recommendations: &'static str,
    pub findings_save: &'static str,
    pub values_heading: &'static str,
    pub values_none: &'static str,
    pub col_value: &'static str,
    pub col_measured: &'static str,
    pub col_source: &'static str,
    pub value_missing: &'static str,
    pub value_heading: &'static str,
    pub value_intro: &'static str,
    pub for_indicator: &'static str,
    pub value_label: &'static str,
    pub measured_on: &'static str,
    pub source: &'static str,
    pub source_hint: &'static str,
    pub value_save: &'static str,
    pub documents_heading: &'static str,
    pub documents_none: &'static str,
    pub document_add: &'static str,
    pub document_title: &'static str,
    pub document_title_hint: &'static str,
    pub document_file: &'static str,
    pub document_file_hint: &'static str,
    pub audience: &'static str,
    pub audience_public: &'static str,
    pub audience_staff: &'static str,
    pub document_upload: &'static str,
    pub document_remove: &'static str,
    pub public_tag: &'static str,
    pub staff_tag: &'static str,
    /// "{size} KB, received {received_at} (UTC)"
    pub document_meta: &'static str,
    /// A post with problems does not keep the file it carried.
    pub choose_file_again: &'static str,
}
