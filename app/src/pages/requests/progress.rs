//! A TA of the portal's own on its public page: the stage it is at, its activities planned
//! and carried out with the people they reached, its results against baselines and targets,
//! its lessons and its public documents. Nothing that names a person.

use leptos::prelude::*;

use crate::domain::intervention::TaProgress;
use crate::i18n::use_locale;
use crate::pages::requests::completion::ResultsReading;
use crate::pages::requests::documents::StageDocuments;
use crate::pages::requests::intervention::InterventionReading;
use crate::pages::requests::stage_path::StagePath;

#[component]
pub fn TaProgressSection(slug: String, progress: TaProgress) -> impl IntoView {
    let messages = use_locale().messages();
    let download_path = format!("/interventions/{slug}/documents");
    let baseline_documents = (!progress.baseline.documents.is_empty()).then(|| {
        view! {
            <h3>{messages.baseline.documents_heading}</h3>
            <StageDocuments documents=progress.baseline.documents.clone() download_path=download_path.clone()
                remove_path=None/>
        }
    });
    let results = progress.fiche.indicators().next().is_some().then(|| {
        view! {
            <ResultsReading fiche=progress.fiche.clone() baseline=progress.baseline.clone()
                work=progress.completion.clone()/>
        }
    });
    view! {
        <section class="ta-progress" aria-labelledby="ta-progress-heading">
            <h2 id="ta-progress-heading">{messages.completion.progress_heading}</h2>
            <StagePath stage=progress.stage/>
            <InterventionReading fiche=progress.fiche.clone() work=progress.intervention.clone()
                download_path=download_path.clone() show_experts=false/>
            {results}
            {baseline_documents}
        </section>
    }
}
