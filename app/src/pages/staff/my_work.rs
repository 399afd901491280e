//! `/staff`: the back office's first page, "my work": what waits for the signed-in member of
//! staff, each list oldest first (consultations by their deadline), with how many wait in all.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::error_view::ErrorView;
use crate::components::staff_bar::StaffBar;
use crate::domain::consultation::deadline_text;
use crate::domain::staff::{MyWork, StaffUser, Waiting};
use crate::error::AppError;
use crate::i18n::{fill, use_locale, utc_time, Locale};

#[derive(Clone, Debug, PartialEq)]
pub struct MyWorkView {
    pub user: StaffUser,
    pub work: MyWork,
}

/// One list of what waits: its heading with the count, the table (or "nothing waits"), and
/// a line when only the first items are shown.
fn section<T>(
    locale: Locale,
    id: &'static str,
    heading: &'static str,
    waiting: &Waiting<T>,
    columns: &[&'static str],
    row: impl Fn(&T) -> AnyView,
    all: Option<String>,
) -> impl IntoView {
    let m = &locale.messages().staff;
    let total = u64::try_from(waiting.total).unwrap_or(0);
    let count = fill(locale.plural(total, m.my_count_one, m.my_count_many), &[("count", &locale.count(waiting.total))]);
    let body = if waiting.items.is_empty() {
        view! { <p>{m.my_nothing}</p> }.into_any()
    } else {
        view! {
            <table class="list cards-below-narrow" aria-labelledby=id>
                <thead><tr>{columns.iter().map(|c| view! { <th scope="col">{*c}</th> }).collect_view()}</tr></thead>
                <tbody>{waiting.items.iter().map(&row).collect_view()}</tbody>
            </table>
        }
        .into_any()
    };
    let shown = waiting.items.len() as i64;
    let more = (waiting.total > shown).then(|| {
        let line = fill(m.my_shown, &[("shown", &shown), ("count", &locale.count(waiting.total))]);
        let link = all.map(|href| {
            view! { " "<a href=href>{fill(m.my_see_all, &[("count", &locale.count(waiting.total))])}</a> }
        });
        view! { <p>{line}{link}</p> }
    });
    view! {
        <section class="my-work__list">
            <h2 id=id>{heading}" "<span class="my-work__count">{count}</span></h2>
            {body}
            {more}
        </section>
    }
}

#[component]
pub fn MyWorkPage() -> impl IntoView {
    let Some(page) = use_context::<MyWorkView>() else {
        return view! { <ErrorView error=AppError::NotFound/> }.into_any();
    };
    let locale = use_locale();
    let messages = locale.messages();
    let (m, r) = (&messages.staff, &messages.request);
    let work = &page.work;
    let request_link = |reference: &str| {
        view! { <td class="cards__title nowrap"><a href=format!("/staff/requests/{reference}")>{reference.to_owned()}</a></td> }
    };
    let requests = section(
        locale,
        "waiting-requests",
        m.my_requests,
        &work.requests,
        &[m.col_reference, m.col_institution, m.col_stage, m.col_since],
        |w| {
            let awaited = (w.endorsements_awaited > 0).then(|| {
                let n = w.endorsements_awaited;
                let text = fill(
                    locale.plural(n as u64, m.endorsements_awaited_one, m.endorsements_awaited_many),
                    &[("count", &n)],
                );
                view! { <br/><span class="badge badge--waiting">{text}</span> }
            });
            view! {
                <tr>
                    {request_link(&w.reference)}
                    <td data-label=m.col_institution>{w.institution.clone()}</td>
                    <td data-label=m.col_stage>{w.stage.name(r)}{awaited}</td>
                    <td data-label=m.col_since class="nowrap">{utc_time(&w.since)}</td>
                </tr>
            }
            .into_any()
        },
        Some("/staff/requests?sort=oldest".to_owned()),
    );
    let consultations = section(
        locale,
        "closing-consultations",
        m.my_consultations,
        &work.consultations,
        &[m.col_reference, m.col_deadline, m.col_answers],
        |c| {
            view! {
                <tr>
                    {request_link(&c.reference)}
                    <td data-label=m.col_deadline>
                        {deadline_text(&c.deadline_at, &c.utc_offset, locale)}" ("{fill(m.round_number, &[("round", &c.round)])}")"
                    </td>
                    <td data-label=m.col_answers>{fill(m.answers_of, &[("answered", &c.answered), ("consultees", &c.consultees)])}</td>
                </tr>
            }
            .into_any()
        },
        None,
    );
    let reviews = section(
        locale,
        "reviews-to-score",
        m.my_reviews,
        &work.reviews,
        &[m.col_reference, m.col_project, m.col_assigned],
        |a| {
            view! {
                <tr>
                    <td class="cards__title nowrap">
                        <a href=format!("/staff/grants/applications/{}", a.reference)>{a.reference.clone()}</a>
                    </td>
                    <td data-label=m.col_project>{a.project_title.clone()}</td>
                    <td data-label=m.col_assigned class="nowrap">{utc_time(&a.assigned_at)}</td>
                </tr>
            }
            .into_any()
        },
        None,
    );
    let offers = section(
        locale,
        "pending-offers",
        m.my_offers,
        &work.offers,
        &[m.col_reference, m.col_expert, m.col_contacted],
        |o| {
            view! {
                <tr>
                    {request_link(&o.reference)}
                    <td data-label=m.col_expert><a href=format!("/staff/experts/{}", o.expert_id)>{o.expert_name.clone()}</a></td>
                    <td data-label=m.col_contacted class="nowrap">{utc_time(&o.contacted_at)}</td>
                </tr>
            }
            .into_any()
        },
        None,
    );
    view! {
        <Title text=m.my_work_title/>
        <StaffBar user=page.user.clone()/>
        <h1>{m.my_work_title}</h1>
        <p>{m.my_work_intro}</p>
        <div class="my-work">
            {requests}
            {consultations}
            {reviews}
            {offers}
        </div>
    }
    .into_any()
}
