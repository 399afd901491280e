//! Accessible form fields: a label, an optional hint and an error line, both tied to the
//! control with `aria-describedby`, so screen readers read them with the field. The error
//! line is always there (empty when fine) so instant checks in the browser can fill it.

use leptos::prelude::*;

use crate::domain::form::FieldError;
use crate::i18n::use_locale;
pub use rules::messages::problem_text;

/// The first error of `field`, as text.
pub fn error_for(errors: &[FieldError], field: &str) -> Option<String> {
    let m = use_locale().problems();
    errors.iter().find(|e| e.field == field).map(|e| problem_text(m, e.problem))
}

/// The id of the control (or of the group's first control) of `name`.
pub fn control_id(name: &str) -> String {
    format!("field-{name}")
}

fn described_by(name: &str, has_hint: bool) -> String {
    if has_hint {
        format!("{name}-hint {name}-error")
    } else {
        format!("{name}-error")
    }
}

/// Answers of this many characters or more get a box tall enough to read a few paragraphs.
const LONG_ANSWER_CHARS: u32 = 2_000;

#[component]
fn Label(name: &'static str, label: String, optional: bool) -> impl IntoView {
    let m = &use_locale().messages().request;
    view! {
        <label for=control_id(name)>
            {label}
            {optional.then(|| view! { " " <span class="field__optional">{m.optional}</span> })}
        </label>
    }
}

#[component]
fn HintAndError(name: &'static str, hint: Option<&'static str>, error: Option<String>) -> impl IntoView {
    view! {
        {hint.map(|hint| view! { <p class="field__hint" id=format!("{name}-hint")>{hint}</p> })}
        <p class="field__error" id=format!("{name}-error") data-error-for=name>{error}</p>
    }
}

/// A one-line input (`kind`: text, email, tel, month).
#[component]
pub fn TextField(
    name: &'static str,
    #[prop(into)] label: String,
    value: String,
    error: Option<String>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(default = None)] hint: Option<&'static str>,
    #[prop(optional)] optional: bool,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(default = 200)] maxlength: u32,
) -> impl IntoView {
    let invalid = error.is_some();
    view! {
        <div class="field" class:field--invalid=invalid>
            <Label name label optional/>
            <HintAndError name hint error/>
            <input
                id=control_id(name)
                name=name
                type=kind
                value=value
                required=!optional
                maxlength=maxlength
                autocomplete=autocomplete
                aria-invalid=invalid.then_some("true")
                aria-describedby=described_by(name, hint.is_some())
            />
        </div>
    }
}

/// A multi-line answer.
#[component]
pub fn TextArea(
    name: &'static str,
    #[prop(into)] label: String,
    value: String,
    error: Option<String>,
    maxlength: u32,
    #[prop(default = None)] hint: Option<&'static str>,
    #[prop(optional)] optional: bool,
) -> impl IntoView {
    let invalid = error.is_some();
    let rows = if maxlength >= LONG_ANSWER_CHARS { "12" } else { "5" };
    view! {
        <div class="field field--wide" class:field--invalid=invalid>
            <Label name label optional/>
            <HintAndError name hint error/>
            <textarea
                id=control_id(name)
                name=name
                rows=rows
                required=!optional
                maxlength=maxlength
                aria-invalid=invalid.then_some("true")
                aria-describedby=described_by(name, hint.is_some())
            >
                {value}
            </textarea>
        </div>
    }
}

/// A drop-down of `(code, label)` options with a "Choose…" first.
#[component]
pub fn SelectField(
    name: &'static str,
    #[prop(into)] label: String,
    options: Vec<(String, String)>,
    selected: String,
    error: Option<String>,
    #[prop(default = None)] hint: Option<&'static str>,
    #[prop(optional)] optional: bool,
) -> impl IntoView {
    let m = &use_locale().messages().request;
    let invalid = error.is_some();
    view! {
        <div class="field" class:field--invalid=invalid>
            <Label name label optional/>
            <HintAndError name hint error/>
            <select
                id=control_id(name)
                name=name
                aria-invalid=invalid.then_some("true")
                aria-describedby=described_by(name, hint.is_some())
            >
                <option value="">{m.choose}</option>
                {options.into_iter().map(|(code, text)| {
                    let is_selected = code == selected;
                    view! { <option value=code selected=is_selected>{text}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}

/// Radio buttons (one answer) or checkboxes (several) in a fieldset whose legend names them.
#[component]
pub fn ChoiceGroup(
    name: &'static str,
    legend: &'static str,
    options: Vec<(String, String)>,
    /// The values currently chosen.
    chosen: Vec<String>,
    error: Option<String>,
    #[prop(optional)] several: bool,
    #[prop(default = None)] hint: Option<&'static str>,
) -> impl IntoView {
    let invalid = error.is_some();
    let kind = if several { "checkbox" } else { "radio" };
    view! {
        <fieldset
            class="field choice-group"
            class:field--invalid=invalid
            id=format!("{name}-group")
            aria-describedby=described_by(name, hint.is_some())
        >
            <legend>{legend}</legend>
            <HintAndError name hint error/>
            {options.into_iter().enumerate().map(|(i, (code, text))| {
                // The first box carries the field's id, so the error summary can jump to it.
                let id = if i == 0 { control_id(name) } else { format!("{}-{code}", control_id(name)) };
                let checked = chosen.contains(&code);
                view! {
                    <div class="choice">
                        <input id=id.clone() type=kind name=name value=code checked=checked/>
                        <label for=id>{text}</label>
                    </div>
                }
            }).collect_view()}
        </fieldset>
    }
}

/// A PDF upload, with what is attached now (`current`) announced above it.
#[component]
pub fn PdfField(
    name: &'static str,
    label: &'static str,
    hint: &'static str,
    current: String,
    error: Option<String>,
) -> impl IntoView {
    let invalid = error.is_some();
    view! {
        <p class="attachment-current" role="status">{current}</p>
        <div class="field" class:field--invalid=invalid>
            <label for=control_id(name)>{label}</label>
            <HintAndError name hint=Some(hint) error/>
            <input id=control_id(name) name=name type="file" accept="application/pdf,.pdf"
                aria-invalid=invalid.then_some("true") aria-describedby=described_by(name, true)/>
        </div>
    }
}

/// The list of problems at the top of a form, each a link to its field: `(field, text)`.
/// It is announced (`role="alert"`) and can take focus when the page comes back with errors.
#[component]
pub fn ErrorSummary(entries: Vec<(String, String)>) -> impl IntoView {
    let m = &use_locale().messages().request;
    (!entries.is_empty()).then(|| {
        view! {
            <div class="error-summary" role="alert" tabindex="-1" id="error-summary">
                <h2>{m.error_summary}</h2>
                <ul>
                    {entries.into_iter().map(|(field, text)| view! {
                        <li><a href=format!("#{}", control_id(&field))>{text}</a></li>
                    }).collect_view()}
                </ul>
            </div>
        }
    })
}
