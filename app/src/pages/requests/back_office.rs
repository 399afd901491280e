//! The back office's requests: the inbox, and one request with its actions.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::bar_chart::{Bar, BarChart};
use crate::components::error_view::ErrorView;
use crate::components::filter_form::{CodeSelect, FilterPanel};
use crate::components::form_fields::{problem_text, ChoiceGroup, SelectField, TextArea, TextField};
use crate::components::pagination::Pagination;
use crate::components::staff_bar::StaffBar;
use crate::data::taxonomy;
use crate::domain::file::AttachedFile;
use crate::domain::filters::Dimension;
use crate::domain::form::{FieldError, RawForm};
use crate::domain::roster::RequestExperts;
use crate::domain::staff::{InboxFilter, InboxSort, StaffUser, INBOX_PER_PAGE};
use crate::domain::stage::{HistoryEntry, Stage};
use crate::domain::ta_cycle::{ConceptNoteWork, FollowUps, MissingWork};
use crate::domain::ta_request::{
    Endorsement, InboxRow, Note, Published, StoredRequest, AUDIENCE_PUBLIC, AUDIENCE_STAFF, NOTE_MAX, PARAGRAPH_MAX,
};
use crate::error::AppError;
use crate::i18n::use_locale;
use crate::i18n::utc_time;
use crate::i18n::{fill, Locale};
use crate::pages::requests::answers::RequestAnswers;
use crate::pages::requests::completion::FollowUpSection;
use crate::pages::requests::concept_note::{ConceptNoteForm, ConceptNoteReading, Reader};
use crate::pages::requests::endorsement::{endorsed_event, EndorsementList, JoinForm};
use crate::pages::roster::back_office::RequestExpertsSection;

#[derive(Clone, Debug, PartialEq)]
pub struct InboxView {
    pub user: StaffUser,
    pub filter: InboxFilter,
    /// The filter's page of requests, and how many match in all.
    pub rows: Vec<InboxRow>,
    pub total: i64,
    pub counts: Vec<(Stage, i64)>,
    /// (region code, or empty for the management unit's, count)
    pub by_region: Vec<(String, i64)>,
    pub by_topic: Vec<(String, i64)>,
}

/// What happened after an action on a request, shown at the top of its page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ActionOutcome {
    Moved,
    MovedMeanwhile,
    MessageSent,
    NoteAdded,
    ExpertShortlisted,
    ExpertContacted,
    ExpertAssigned,
    /// A new version of the concept note was saved.
    NoteSaved,
    /// Someone saved a newer version first; what was typed is kept in the form.
    NoteChangedMeanwhile,
    /// The move waits for the stage's work.
    WorkMissing(MissingWork),
    /// The request was linked to the one it follows up (or unlinked).
    FollowUpLinked,
    /// A fresh endorsement link went to an official.
    EndorsementAskedAgain,
    /// Another request was joined into this one.
    Joined,
    /// The request named cannot be joined into this one.
    JoinRefused,
}

#[derive(Clone, Debug, PartialEq)]
pub struct StaffRequestView {
    pub user: StaffUser,
    pub request: StoredRequest,
    pub history: Vec<HistoryEntry>,
    pub notes: Vec<Note>,
    pub attachments: Vec<(i64, AttachedFile)>,
    pub outcome: Option<ActionOutcome>,
    /// What was posted when it had problems (decline reason, message, note, publication).
    pub typed: RawForm,
    pub problems: Vec<FieldError>,
    /// Experts who fit, and the request's list of experts.
    pub experts: RequestExperts,
    pub concept_note: ConceptNoteWork,
    pub follow_ups: FollowUps,
    /// The requesting governments and their officials' endorsements.
    pub endorsements: Vec<Endorsement>,
}

#[component]
pub fn StaffInboxPage() -> impl IntoView {
    let Some(page) = use_context::<InboxView>() else {
        return view! { <ErrorView error=AppError::NotFound/> }.into_any();
    };
    let locale = use_locale();
    let messages = locale.messages();
    let (m, r) = (&messages.staff, &messages.request);
    let taxonomy = taxonomy();
    let label = |dimension, code: &str| taxonomy.label(dimension, code, locale).to_owned();
    let options = |dimension| -> Vec<(String, String)> {
        taxonomy.terms(dimension).into_iter().map(|t| (t.code.clone(), t.label(locale).to_owned())).collect()
    };
    let stages: Vec<(String, String)> =
        Stage::ALL.iter().map(|s| (s.as_str().to_owned(), s.name(r).to_owned())).collect();
    // Owned before the view: the filter panel's children are a closure that outlives this function.
    let (regions, countries, topics) =
        (options(Dimension::Region), options(Dimension::Country), options(Dimension::Topic));
    let filter = page.filter.clone();
    let bars = |counts: &[(String, i64)], name: &dyn Fn(&str) -> String, href: &dyn Fn(&str) -> Option<String>| {
        counts
            .iter()
            .map(|(code, n)| Bar { label: name(code), count: u32::try_from(*n).unwrap_or(u32::MAX), href: href(code) })
            .collect::<Vec<_>>()
    };
    let by_stage: Vec<(String, i64)> = page.counts.iter().map(|(stage, n)| (stage.as_str().to_owned(), *n)).collect();
    let stage_bars = bars(&by_stage, &|code| Stage::parse(code).map_or(code, |s| s.name(r)).to_owned(), &|code| {
        Some(format!("/staff/requests?stage={code}"))
    });
    let region_bars = bars(
        &page.by_region,
        &|code| if code.is_empty() { m.management_unit.to_owned() } else { label(Dimension::Region, code) },
        &|code| (!code.is_empty()).then(|| format!("/staff/requests?region={code}")),
    );
    let topic_bars = bars(&page.by_topic, &|code| label(Dimension::Topic, code), &|code| {
        Some(format!("/staff/requests?topic={code}"))
    });
    let rows = page
        .rows
        .iter()
        .map(|row| {
            let requester = if taxonomy.country(&row.requester).is_some() {
                label(Dimension::Country, &row.requester)
            } else {
                row.requester.clone()
            };
            let region = row
                .region
                .as_deref()
                .map(|code| label(Dimension::Region, code))
                .unwrap_or_else(|| m.management_unit.to_owned());
            view! {
                <tr>
                    <td class="cards__title nowrap"><a href=format!("/staff/requests/{}", row.reference)>{row.reference.clone()}</a></td>
                    <td data-label=m.col_institution>{row.institution.clone()}</td>
                    <td data-label=m.col_requester>{requester}</td>
                    <td data-label=m.col_region>{region}</td>
                    <td data-label=m.col_stage>{row.stage.name(r)}</td>
                    <td data-label=m.col_submitted class="nowrap">{utc_time(&row.submitted_at)}</td>
                </tr>
            }
        })
        .collect_view();
    let empty = page.rows.is_empty().then(|| view! { <p>{m.inbox_empty}</p> });
    let query = filter.query();
    let export = |kind: &str| {
        if query.is_empty() {
            format!("/staff/requests.{kind}")
        } else {
            format!("/staff/requests.{kind}?{query}")
        }
    };
    let (csv, xlsx) = (export("csv"), export("xlsx"));
    let pages = (page.total + INBOX_PER_PAGE - 1) / INBOX_PER_PAGE;
    let page_link = move |number: i64| {
        if query.is_empty() {
            format!("/staff/requests?page={number}")
        } else {
            format!("/staff/requests?{query}&page={number}")
        }
    };
    let pagination = view! { <Pagination page=filter.page pages=pages link=page_link/> };
    let narrowing = filter.narrowing_count();
    let count_text = fill(
        locale.plural(u64::try_from(page.total).unwrap_or(0), m.inbox_count_one, m.inbox_count_many),
        &[("count", &locale.count(page.total))],
    );
    let sorts = InboxSort::ALL
        .into_iter()
        .map(|sort| {
            let name = match sort {
                InboxSort::Newest => m.sort_newest,
                InboxSort::Oldest => m.sort_oldest,
                InboxSort::Stage => m.sort_stage,
            };
            view! { <option value=sort.as_str() selected=sort == filter.sort>{name}</option> }
        })
        .collect_view();
    view! {
        <Title text=m.inbox_title/>
        <StaffBar user=page.user.clone()/>
        <h1>{m.inbox_title}</h1>
        <div class="work-layout">
            <div class="work-layout__main">
                <FilterPanel id="inbox-filters" heading=m.inbox_filters set=narrowing>
                    <form method="get" action="/staff/requests" aria-labelledby="inbox-filters">
                        <div class="filters__grid">
                            <CodeSelect name="stage" label=m.filter_stage options=stages.clone() selected=filter.stage.map(|s| s.as_str().to_owned())/>
                            <CodeSelect name="region" label=m.filter_region options=regions.clone() selected=filter.region.clone()/>
                            <CodeSelect name="country" label=m.filter_country options=countries.clone() selected=filter.country.clone()/>
                            <CodeSelect name="topic" label=m.filter_topic options=topics.clone() selected=filter.topic.clone()/>
                            <div class="field">
                                <label for="filter-older_than_days">{m.filter_age}</label>
                                <input id="filter-older_than_days" name="older_than_days" type="number" min="0" max="3650" inputmode="numeric"
                                    value=filter.older_than_days.map(|d| d.to_string()).unwrap_or_default()/>
                            </div>
                            <div class="field">
                                <label for="filter-sort">{m.filter_sort}</label>
                                <select id="filter-sort" name="sort">{sorts}</select>
                            </div>
                        </div>
                        <div class="filters__actions"><button type="submit">{m.filter_apply}</button></div>
                    </form>
                </FilterPanel>
                <p class="results__count">{count_text}</p>
                <p><a href=csv download>{m.download_csv}</a>" · "<a href=xlsx download>{m.download_xlsx}</a></p>
                {empty}
                <table class="list cards-below-narrow" aria-label=m.inbox_title>
                    <thead>
                        <tr>
                            <th scope="col">{m.col_reference}</th><th scope="col">{m.col_institution}</th><th scope="col">{m.col_requester}</th>
                            <th scope="col">{m.col_region}</th><th scope="col">{m.col_stage}</th><th scope="col">{m.col_submitted}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
                {pagination}
            </div>
            <aside class="work-layout__aside" aria-labelledby="inbox-figures">
                <h2 id="inbox-figures">{m.figures_heading}</h2>
                <BarChart id="requests-by-stage" caption=m.by_stage row_heading=m.col_stage count_heading=m.col_count bars=stage_bars/>
                <BarChart id="requests-by-region" caption=m.by_region row_heading=m.col_region count_heading=m.col_count bars=region_bars/>
                <BarChart id="requests-by-topic" caption=m.by_topic row_heading=m.filter_topic count_heading=m.col_count bars=topic_bars/>
            </aside>
        </div>
    }
    .into_any()
}

#[component]
pub fn StaffRequestPage() -> impl IntoView {
    let Some(page) = use_context::<StaffRequestView>() else {
        return view! { <ErrorView error=AppError::NotFound/> }.into_any();
    };
    let locale = use_locale();
    let messages = locale.messages();
    let (m, r) = (&messages.staff, &messages.request);
    let taxonomy = taxonomy();
    let request = page.request.clone();
    let path = format!("/staff/requests/{}", request.reference);
    let label = |dimension, code: &str| taxonomy.label(dimension, code, locale).to_owned();
    let outcome = page.outcome.map(|outcome| {
        let text = match outcome {
            ActionOutcome::Moved => m.stage_moved,
            ActionOutcome::MovedMeanwhile => m.moved_meanwhile,
            ActionOutcome::MessageSent => m.message_sent,
            ActionOutcome::NoteAdded => m.note_added,
            ActionOutcome::ExpertShortlisted => messages.roster.outcome_shortlisted,
            ActionOutcome::ExpertContacted => messages.roster.outcome_contacted,
            ActionOutcome::ExpertAssigned => messages.roster.outcome_assigned,
            ActionOutcome::NoteSaved => messages.cycle.note_saved,
            ActionOutcome::NoteChangedMeanwhile => messages.cycle.note_changed_meanwhile,
            ActionOutcome::WorkMissing(MissingWork::AgreedConceptNote) => messages.cycle.note_needs_agreement,
            ActionOutcome::WorkMissing(MissingWork::CompleteFiche) => messages.fiche.needs_work,
            ActionOutcome::WorkMissing(MissingWork::ConsultedFiche) => messages.consultation.needs_consultation,
            ActionOutcome::WorkMissing(MissingWork::CompleteBaseline) => messages.baseline.needs_work,
            ActionOutcome::WorkMissing(MissingWork::CarriedOutActivity) => messages.intervention.needs_work,
            ActionOutcome::WorkMissing(MissingWork::CompleteResults) => messages.completion.needs_work,
            ActionOutcome::FollowUpLinked => messages.completion.follow_up_linked,
            ActionOutcome::WorkMissing(MissingWork::Endorsements) => messages.endorsement.needs_endorsement,
            ActionOutcome::EndorsementAskedAgain => messages.endorsement.asked_again,
            ActionOutcome::Joined => messages.endorsement.joined_done,
            ActionOutcome::JoinRefused => messages.endorsement.join_refused,
        };
        view! { <div class="notice" role="status"><p>{text}</p></div> }
    });
    let typed = |field: &str| page.typed.raw(field).to_owned();
    let error = |field: &str| {
        page.problems.iter().find(|e| e.field == field).map(|e| problem_text(locale.problems(), e.problem))
    };

    let region = request
        .region
        .as_deref()
        .map(|code| label(Dimension::Region, code))
        .unwrap_or_else(|| m.management_unit.to_owned());
    let moves = request.stage.staff_moves();
    let forward = moves
        .iter()
        .copied()
        .filter(|s| *s != Stage::Declined)
        .map(|to| {
            view! {
                <form method="post" action=format!("{path}/stage") class="inline-form">
                    <input type="hidden" name="from" value=request.stage.as_str()/>
                    <input type="hidden" name="to" value=to.as_str()/>
                    <button type="submit" class="button-primary">{fill(m.move_to, &[("stage", &to.name(r))])}</button>
                </form>
            }
        })
        .collect_view();
    let decline = moves.contains(&Stage::Declined).then(|| view! {
        <form method="post" action=format!("{path}/stage") class="request-form">
            <input type="hidden" name="from" value=request.stage.as_str()/>
            <input type="hidden" name="to" value=Stage::Declined.as_str()/>
            <TextArea name="reason" label=m.decline_reason value=typed("reason") error=error("reason") maxlength=NOTE_MAX hint=Some(m.decline_reason_hint)/>
            <div class="form-actions"><button type="submit" class="button-secondary">{m.decline}</button></div>
        </form>
    });
    let closed = moves.is_empty().then(|| view! { <p>{m.no_moves}</p> });
    let endorsements = (!page.endorsements.is_empty()).then(|| {
        view! { <EndorsementList endorsements=page.endorsements.clone() stage=request.stage staff_path=path.clone()/> }
    });
    let join = request.stage.before_fiche().then(|| {
        let refused = page.outcome == Some(ActionOutcome::JoinRefused);
        view! { <JoinForm path=path.clone() typed=typed("other") refused/> }
    });
    let joined_into = request.joined_into.as_ref().map(|into| {
        let text = fill(messages.endorsement.joined_notice, &[("reference", into)]);
        view! { <p class="notice">{text}" "<a href=format!("/staff/requests/{into}")>{into.clone()}</a></p> }
    });
    let waits_for_agreement = (request.stage == Stage::ConceptNote && !page.concept_note.agreed())
        .then(|| view! { <p>{messages.cycle.note_needs_agreement}</p> });
    let concept_note = (request.stage == Stage::ConceptNote || page.concept_note.note.is_some()).then(|| {
        let form = (request.stage == Stage::ConceptNote).then(|| {
            view! {
                <ConceptNoteForm path=path.clone() request=request.clone() work=page.concept_note.clone()
                    typed=page.typed.clone() problems=page.problems.clone()/>
            }
        });
        view! {
            <h2>{messages.cycle.note_heading}</h2>
            <ConceptNoteReading work=page.concept_note.clone() reader=Reader::Staff/>
            {form}
        }
    });
    // Each stage's work has a page of its own from its stage on; the request's page links to it.
    let fiche = request.stage.has_fiche().then(|| {
        let f = &messages.fiche;
        let at_stage = request.stage == Stage::TaFiche;
        stage_work_link(f.heading, at_stage.then_some(f.needs_work), format!("{path}/fiche"), f.open)
    });
    let baseline = request.stage.has_baseline().then(|| {
        let b = &messages.baseline;
        let at_stage = request.stage == Stage::BaselineAssessment;
        stage_work_link(b.heading, at_stage.then_some(b.needs_work), format!("{path}/baseline"), b.open)
    });
    let intervention = request.stage.has_intervention().then(|| {
        let (i, c) = (&messages.intervention, &messages.completion);
        let at_stage = request.stage == Stage::TaIntervention;
        view! {
            {stage_work_link(i.heading, at_stage.then_some(i.needs_work), format!("{path}/intervention"), i.open)}
            {stage_work_link(c.heading, at_stage.then_some(c.needs_work), format!("{path}/completion"), c.open)}
        }
    });
    let history = page.history.iter().map(|entry| {
        let what = match entry.to_stage {
            _ if entry.kind == crate::domain::stage::EventKind::Endorsed => endorsed_event(entry, locale),
            Some(stage) if entry.kind != crate::domain::stage::EventKind::Message => stage.name(r).to_owned(),
            _ if entry.by_requester => r.event_reply.to_owned(),
            _ => r.event_message.to_owned(),
        };
        view! {
            <tr><td>{utc_time(&entry.at)}</td><td>{what}{entry.shown_body().map(|b| view! { <p class="history__body">{b}</p> })}</td></tr>
        }
    }).collect_view();
    let notes = if page.notes.is_empty() {
        view! { <p>{m.notes_empty}</p> }.into_any()
    } else {
        view! {
            <ul class="notes">
                {page.notes.iter().map(|n| view! {
                    <li><p class="notes__meta">{format!("{} · {}", n.author, utc_time(&n.at))}</p><p class="history__body">{n.body.clone()}</p></li>
                }).collect_view()}
            </ul>
        }
        .into_any()
    };
    let published = request.published.clone().map(|Published { slug, publishable }| {
        if publishable {
            view! { <p class="notice">{m.published}" "<a href=format!("/interventions/{slug}")>{format!("/interventions/{slug}")}</a></p> }.into_any()
        } else {
            view! { <p class="notice">{m.published_withheld}" "<a href="/staff/interventions">{m.interventions_title}</a></p> }.into_any()
        }
    });
    let audiences = vec![
        (AUDIENCE_PUBLIC.to_owned(), m.publish_audience_public.to_owned()),
        (AUDIENCE_STAFF.to_owned(), m.publish_audience_staff.to_owned()),
    ];
    // Staff most often write in the language they read the portal in.
    let written_in = Some(typed("language")).filter(|l| !l.is_empty()).unwrap_or_else(|| locale.code().to_owned());
    let languages = Locale::ALL.iter().map(|l| (l.code().to_owned(), l.endonym().to_owned())).collect::<Vec<_>>();
    let publishable = matches!(request.stage, Stage::TaIntervention | Stage::Completed);
    let publish = (publishable && request.published.is_none()).then(|| view! {
        <h2>{m.publish_heading}</h2>
        <p>{m.publish_intro}</p>
        <form method="post" action=format!("{path}/publish") class="request-form">
            <TextField name="title" label=m.publish_title value=typed("title") error=error("title")/>
            <TextArea name="summary" label=m.publish_summary value=typed("summary") error=error("summary") maxlength=PARAGRAPH_MAX/>
            <SelectField name="language" label=m.publish_language options=languages selected=written_in error=error("language")/>
            <ChoiceGroup name="audience" legend=m.publish_audience options=audiences chosen=vec![typed("audience")] error=error("audience")/>
            <div class="form-actions"><button type="submit" class="button-primary">{m.publish_button}</button></div>
        </form>
    });
    view! {
        <Title text=request.reference.clone()/>
        <StaffBar user=page.user.clone()/>
        <h1>{fill(r.track_title, &[("reference", &request.reference)])}</h1>
        {outcome}
        <dl class="facts">
            <dt>{m.col_stage}</dt><dd>{request.stage.name(r)}</dd>
            <dt>{m.col_region}</dt><dd>{region}</dd>
            <dt>{m.col_submitted}</dt><dd>{utc_time(&request.submitted_at)}</dd>
            {request.decline_reason.clone().map(|reason| view! { <dt>{r.track_decline_reason}</dt><dd>{reason}</dd> })}
        </dl>
        {joined_into}
        {published}
        {publish}
        {endorsements}
        {join}
        {concept_note}
        {fiche}
        {baseline}
        {intervention}
        <FollowUpSection path=path.clone() links=page.follow_ups.clone() typed=page.typed.clone()
            problems=page.problems.clone()/>
        <h2>{m.move_heading}</h2>
        {closed}
        {waits_for_agreement}
        <div class="form-actions">{forward}</div>
        {decline}
        <h2>{r.track_answers_heading}</h2>
        <RequestAnswers request=request.clone() attachments=page.attachments.clone() attachment_path=format!("{path}/attachments")/>
        <RequestExpertsSection path=path.clone() experts=page.experts.clone() typed=page.typed.clone() problems=page.problems.clone()/>
        <h2>{r.track_history}</h2>
        <table class="history">
            <thead><tr><th scope="col">{r.col_when}</th><th scope="col">{r.col_what}</th></tr></thead>
            <tbody>{history}</tbody>
        </table>
        <p><a href=format!("{path}/history")>{m.history_link}</a></p>
        <h2>{m.message_heading}</h2>
        <form method="post" action=format!("{path}/message") class="request-form">
            <TextArea name="message" label=m.message_label value=typed("message") error=error("message") maxlength=NOTE_MAX hint=Some(m.message_hint)/>
            <div class="form-actions"><button type="submit" class="button-primary">{m.send_message}</button></div>
        </form>
        <h2>{m.notes_heading}</h2>
        {notes}
        <form method="post" action=format!("{path}/note") class="request-form">
            <TextArea name="note" label=m.note_label value=typed("note") error=error("note") maxlength=NOTE_MAX/>
            <div class="form-actions"><button type="submit" class="button-secondary">{m.add_note}</button></div>
        </form>
    }
    .into_any()
}

/// A stage's heading on the request's page, what the move on needs while the request is at
/// that stage, and the link to the stage's own page.
fn stage_work_link(
    heading: &'static str,
    needs_work: Option<&'static str>,
    href: String,
    open: &'static str,
) -> impl IntoView {
    view! {
        <h2>{heading}</h2>
        {needs_work.map(|text| view! { <p>{text}</p> })}
        <p><a href=href>{open}</a></p>
    }
}
