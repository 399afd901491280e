//! A submitted request read back: who asks, the focal point, the request itself and the
//! letter. The requester sees it on the tracking page, staff on the request's page.

use leptos::prelude::*;

use crate::components::step_form::kilobytes;
use crate::data::taxonomy;
use crate::domain::file::AttachedFile;
use crate::domain::filters::Dimension;
use crate::domain::ta_request::{StoredRequest, REQUESTER_GOVERNMENT};
use crate::i18n::use_locale;
use crate::pages::requests::form::field_label;

/// The answers of `request`, a section (`<h3>`) a step; each attachment links to
/// `{attachment_path}/{id}`.
#[component]
pub fn RequestAnswers(
    request: StoredRequest,
    attachments: Vec<(i64, AttachedFile)>,
    attachment_path: String,
) -> impl IntoView {
    let locale = use_locale();
    let r = &locale.messages().request;
    let taxonomy = taxonomy();
    let label = |dimension, code: &str| taxonomy.label(dimension, code, locale).to_owned();
    let row = |name: &'static str, value: Option<String>| {
        value.filter(|v| !v.is_empty()).map(|v| view! { <dt>{field_label(locale, name)}</dt><dd>{v}</dd> })
    };
    let institution = &request.institution;
    let requester = if institution.requester_type.as_deref() == Some(REQUESTER_GOVERNMENT) {
        row("country", institution.country.as_deref().map(|c| label(Dimension::Country, c)))
    } else {
        let organisation =
            institution.organisation.as_deref().map(|o| format!("{o} – {}", label(Dimension::Organisation, o)));
        row("organisation", organisation)
    };
    let details = &request.details;
    let topics = details.topics.iter().map(|t| label(Dimension::Topic, t)).collect::<Vec<_>>().join(", ");
    let letters = if attachments.is_empty() {
        view! { <p>{r.letter_none}</p> }.into_any()
    } else {
        view! {
            <ul>
                {attachments.into_iter().map(|(id, file)| view! {
                    <li>
                        <a href=format!("{attachment_path}/{id}") download>{file.name}</a>
                        {format!(" ({} KB)", kilobytes(file.size_bytes))}
                    </li>
                }).collect_view()}
            </ul>
        }
        .into_any()
    };
    view! {
        <h3>{r.step_institution}</h3>
        <dl class="facts">
            {requester}
            {row("institution", institution.institution.clone())}
            {row("department", institution.department.clone())}
            {row("official_name", institution.official_name.clone())}
            {row("official_position", institution.official_position.clone())}
            {row("official_email", institution.official_email.clone())}
            {row("work_language", institution.work_language.clone())}
        </dl>
        <h3>{r.step_focal_point}</h3>
        <dl class="facts">
            {row("focal_name", request.focal_point.focal_name.clone())}
            {row("focal_position", request.focal_point.focal_position.clone())}
            {row("focal_email", request.focal_point.focal_email.clone())}
            {row("focal_phone", request.focal_point.focal_phone.clone())}
        </dl>
        <h3>{r.step_details}</h3>
        <dl class="facts facts--texts">
            {row("topics", Some(topics))}
            {row("typology", details.typology.as_deref().map(|t| label(Dimension::Typology, t)))}
            {row("background", details.background.clone())}
            {row("objectives", details.objectives.clone())}
            {row("expected_results", details.expected_results.clone())}
            {row("beneficiaries", details.beneficiaries.clone())}
            {row("policy_link", details.policy_link.clone())}
            {row("other_support", details.other_support.clone())}
            {row("preferred_start", details.preferred_start.clone())}
            {row("preferred_end", details.preferred_end.clone())}
        </dl>
        <h3>{r.attachments_heading}</h3>
        {letters}
    }
}
