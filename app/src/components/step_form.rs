//! What the pages of every multi-step form share: the list of steps, the notice after
//! "save draft", and the form with its buttons. Each step is a plain form post, so the
//! journey works without JavaScript; `data-form` and `data-step` tell the browser's instant
//! checks which rules to run.

use leptos::prelude::*;

use crate::components::form_fields::{problem_text, ErrorSummary};
use crate::domain::form::{FieldError, RawForm};
use crate::i18n::fill;
use crate::i18n::use_locale;

/// Where the reader is among the steps (`(slug, title)`); once a draft exists
/// (`base_path`), the other steps are links.
#[component]
pub fn StepList(
    label: &'static str,
    steps: Vec<(&'static str, &'static str)>,
    current: &'static str,
    base_path: Option<String>,
) -> impl IntoView {
    view! {
        <nav aria-label=label>
            <ol class="steps">
                {steps.into_iter().map(|(slug, title)| {
                    let content = match &base_path {
                        Some(path) if slug != current => view! { <a href=format!("{path}/{slug}")>{title}</a> }.into_any(),
                        _ => view! { <span>{title}</span> }.into_any(),
                    };
                    view! { <li aria-current=(slug == current).then_some("step")>{content}</li> }
                }).collect_view()}
            </ol>
        </nav>
    }
}

/// Where a draft's secret link went after "save draft".
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkMail {
    /// No valid address in the draft yet.
    NoAddress,
    Sent(String),
    /// Not sent: this address, or this draft, had as many such messages as the hour allows.
    Withheld(String),
}

/// What a step's page shows in every multi-step form; each form's view adds its own parts
/// (its file, its call, where its submission stands).
#[derive(Clone, Debug, PartialEq)]
pub struct StepPage<S> {
    pub step: S,
    /// Where the step's form posts.
    pub action: String,
    pub form: RawForm,
    /// Problems with this step's fields.
    pub errors: Vec<FieldError>,
    /// On the last step: problems left in earlier steps.
    pub incomplete: Vec<(S, FieldError)>,
    /// The draft's own address (what its resume link opens), once it exists.
    pub draft_path: Option<String>,
    /// After "save draft": the full resume link, and the address it was e-mailed to.
    pub saved: Option<(String, LinkMail)>,
    /// The last post was refused unread: bigger than any answer allows.
    pub too_large: bool,
}

impl<S> StepPage<S> {
    /// The page of `step` showing `form` and posting to `action`, with nothing to report yet.
    pub fn new(step: S, action: String, form: RawForm, draft_path: Option<String>) -> StepPage<S> {
        StepPage {
            step,
            action,
            form,
            errors: Vec::new(),
            incomplete: Vec::new(),
            draft_path,
            saved: None,
            too_large: false,
        }
    }
}

/// After "save draft": the secret link to come back, and where it was e-mailed.
#[component]
pub fn DraftSaved(link: String, mail: LinkMail) -> impl IntoView {
    let m = &use_locale().messages().request;
    let href = link.clone();
    let mail = match mail {
        LinkMail::NoAddress => None,
        LinkMail::Sent(to) => Some(fill(m.draft_link_sent, &[("address", &to)])),
        LinkMail::Withheld(to) => Some(fill(m.draft_link_withheld, &[("address", &to)])),
    };
    view! {
        <div class="notice" role="status">
            <p><strong>{m.draft_saved}</strong>" "{m.draft_link_intro}</p>
            <p><a href=href class="draft-link">{link}</a></p>
            {mail.map(|text| view! { <p>{text}</p> })}
        </div>
    }
}

/// A post refused unread because it was far bigger than any answer allows.
#[component]
pub fn PostTooLarge() -> impl IntoView {
    let m = &use_locale().messages().request;
    view! { <div class="error-summary" role="alert"><p>{m.post_too_large}</p></div> }
}

/// The buttons a step offers besides its primary one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StepButtons {
    /// `(value, label)` of the primary button: "next" or "submit".
    pub primary: (&'static str, &'static str),
    pub back: bool,
    pub save: bool,
}

/// A step's form: error summary, the fields, then the buttons (the pressed one is posted
/// as `action`).
#[component]
pub fn StepForm(
    /// Which form this is (`request`, `expert`), for the browser's checks.
    form: &'static str,
    step: &'static str,
    action: String,
    #[prop(optional)] multipart: bool,
    summary: Vec<(String, String)>,
    buttons: StepButtons,
    children: Children,
) -> impl IntoView {
    let m = &use_locale().messages().request;
    let enctype = multipart.then_some("multipart/form-data");
    view! {
        <form method="post" action=action enctype=enctype class="request-form" data-form=form data-step=step novalidate>
            <ErrorSummary entries=summary/>
            {children()}
            <div class="form-actions">
                <button type="submit" name="action" value=buttons.primary.0 class="button-primary">{buttons.primary.1}</button>
                {buttons.back.then(|| view! { <button type="submit" name="action" value="back" class="button-secondary">{m.button_back}</button> })}
                {buttons.save.then(|| view! { <button type="submit" name="action" value="save" class="button-secondary">{m.button_save}</button> })}
            </div>
        </form>
    }
}

/// The error summary's entries: `(field, "Label: problem")`.
pub fn summary_entries<L: std::fmt::Display>(
    errors: &[FieldError],
    label: impl Fn(&str) -> L,
) -> Vec<(String, String)> {
    let problems = use_locale().problems();
    errors
        .iter()
        .map(|e| (e.field.clone(), format!("{}: {}", label(&e.field), problem_text(problems, e.problem))))
        .collect()
}

/// The size of a file as people read it.
pub fn kilobytes(bytes: i64) -> i64 {
    (bytes + 1023) / 1024
}
