//! The documents of a request's stages (the baseline's report, the intervention's outputs):
//! `StageDocuments` lists them wherever they are read, with a download link each, and
//! `StageDocumentForm` uploads one on a stage's staff page.

use leptos::prelude::*;

use crate::components::form_fields::{problem_text, ChoiceGroup, PdfField, TextField};
use crate::domain::form::{FieldError, RawForm};
use crate::domain::ta_cycle::{StageFile, STAGE_DOCUMENT_FILE};
use crate::domain::ta_request::{AUDIENCE_PUBLIC, AUDIENCE_STAFF};
use crate::i18n::{fill, use_locale, utc_time};

/// A stage's documents with a download link each (`{download_path}/{id}`); with
/// `remove_path` (staff, at the stage) a button removing each.
#[component]
pub fn StageDocuments(
    documents: Vec<StageFile>,
    download_path: String,
    #[prop(default = None)] remove_path: Option<String>,
) -> impl IntoView {
    let m = &use_locale().messages().baseline;
    if documents.is_empty() {
        return view! { <p>{m.documents_none}</p> }.into_any();
    }
    let items = documents
        .into_iter()
        .map(|d| {
            let size = (d.file.size_bytes + 1023) / 1024;
            let tag = if d.public { m.public_tag } else { m.staff_tag };
            let remove = remove_path.as_ref().map(|path| {
                view! {
                    <form method="post" action=path.clone() class="inline-form">
                        <input type="hidden" name="id" value=d.id.to_string()/>
                        <button type="submit" class="button-link" aria-label=format!("{}: {}", m.document_remove, d.title)>
                            {m.document_remove}
                        </button>
                    </form>
                }
            });
            view! {
                <li>
                    <a href=format!("{download_path}/{}", d.id) download>{d.title.clone()}</a>
                    " (" {d.file.name.clone()} ") · " <span class="tag">{tag}</span>
                    <p class="notes__meta">
                        {fill(m.document_meta, &[("size", &size), ("received_at", &utc_time(&d.received_at))])}
                    </p>
                    {remove}
                </li>
            }
        })
        .collect_view();
    view! { <ul class="documents">{items}</ul> }.into_any()
}

/// The upload of one document to `action`: its title, who may read it, and the PDF. After a
/// problem, the title and audience as typed; the file must be chosen again, and the page
/// says so.
#[component]
pub fn StageDocumentForm(action: String, typed: RawForm, problems: Vec<FieldError>) -> impl IntoView {
    let locale = use_locale();
    let m = &locale.messages().baseline;
    let error =
        |field: &str| problems.iter().find(|e| e.field == field).map(|e| problem_text(locale.problems(), e.problem));
    let audiences = vec![
        (AUDIENCE_PUBLIC.to_owned(), m.audience_public.to_owned()),
        (AUDIENCE_STAFF.to_owned(), m.audience_staff.to_owned()),
    ];
    let document_problem = problems.iter().any(|e| e.field == "document_title" || e.field == "audience");
    let file_note = if document_problem { m.choose_file_again } else { "" };
    view! {
        <form method="post" action=action enctype="multipart/form-data" class="request-form">
            <TextField name="document_title" label=m.document_title value=typed.raw("document_title").to_owned()
                error=error("document_title") hint=Some(m.document_title_hint)/>
            <ChoiceGroup name="audience" legend=m.audience options=audiences chosen=vec![typed.raw("audience").to_owned()]
                error=error("audience")/>
            <PdfField name=STAGE_DOCUMENT_FILE.name label=m.document_file hint=m.document_file_hint current=file_note.to_owned()
                error=error(STAGE_DOCUMENT_FILE.name)/>
            <div class="form-actions"><button type="submit" class="button-primary">{m.document_upload}</button></div>
        </form>
    }
}
