//! The programme's path of stages, with those a request has passed, and the one it is at,
//! marked: on the tracking page and on a TA's public page.

use leptos::prelude::*;

use crate::domain::stage::Stage;
use crate::i18n::use_locale;

#[component]
pub fn StagePath(stage: Stage) -> impl IntoView {
    let m = &use_locale().messages().request;
    let reached = Stage::PATH.iter().position(|s| *s == stage);
    let steps = Stage::PATH
        .iter()
        .enumerate()
        .map(|(i, step)| {
            let done = reached.is_some_and(|r| i < r);
            let current = *step == stage;
            view! {
                <li class:stage--done=done class:stage--current=current aria-current=current.then_some("step")>
                    {step.name(m)}
                </li>
            }
        })
        .collect_view();
    view! { <ol class="stage-path">{steps}</ol> }
}
