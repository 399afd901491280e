//! Instant checks for the steps of public forms, as wasm modules of their own, one per form
//! (cargo features `request`, `expert`, `grant`), so form pages need no web framework in the
//! browser and each carries only its own form's rules. When the reader leaves a field, or
//! corrects one marked wrong, it runs the very rules the server runs (each step's `problems` from
//! the `rules` crate) and writes the message into the field's error line; sending a step
//! with problems is stopped and the first wrong field gets focus. Without JavaScript the
//! server does the same on post. Field markup contract: control `#field-{name}`, error line
//! `[data-error-for={name}]`, wrapper `.field` (see `app/src/components/form_fields.rs`).

use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::JsCast;
use web_sys::{Element, Event, FocusEvent, FormData, HtmlElement, HtmlFormElement, SubmitEvent};

use rules::form::{FieldError, RawForm};
#[cfg(feature = "grant")]
use rules::grant;
use rules::messages::{problem_text, problems, ProblemMessages};
#[cfg(feature = "grant")]
use rules::numbers::{format_money, format_share};
#[cfg(feature = "expert")]
use rules::roster;
use rules::steps::FormStep;
#[cfg(feature = "request")]
use rules::ta_request;

/// Which form's step the page shows, with what its controls offer.
enum Rules {
    #[cfg(feature = "request")]
    Request(ta_request::Step, ta_request::Choices),
    #[cfg(feature = "expert")]
    Expert(roster::Step, roster::ExpertChoices),
    #[cfg(feature = "grant")]
    Grant(grant::Step, grant::GrantChoices),
}

impl Rules {
    /// The rules of the step `form` says it is (`data-form`, `data-step`), if any.
    fn of(form: &HtmlFormElement) -> Option<Rules> {
        let step = form.get_attribute("data-step")?;
        match form.get_attribute("data-form")?.as_str() {
            #[cfg(feature = "request")]
            "request" => Some(Rules::Request(
                ta_request::Step::from_slug(&step)?,
                ta_request::Choices {
                    countries: offered(form, "select[name=country] option"),
                    organisations: offered(form, "select[name=organisation] option"),
                    topics: offered(form, "input[name=topics]"),
                    typologies: offered(form, "select[name=typology] option"),
                },
            )),
            #[cfg(feature = "expert")]
            "expert" => Some(Rules::Expert(
                roster::Step::from_slug(&step)?,
                roster::ExpertChoices {
                    all_countries: offered(form, "select[name=nationality] option"),
                    countries: offered(form, "input[name=countries]"),
                    regions: offered(form, "input[name=regions]"),
                    topics: offered(form, "input[name=topics]"),
                    typologies: offered(form, "input[name=typologies]"),
                },
            )),
            #[cfg(feature = "grant")]
            "grant" => Some(Rules::Grant(grant::Step::from_slug(&step)?, grant_choices(form)?)),
            _ => None,
        }
    }

    fn fields(&self) -> &'static [&'static str] {
        match self {
            #[cfg(feature = "request")]
            Rules::Request(step, _) => step.fields(),
            #[cfg(feature = "expert")]
            Rules::Expert(step, _) => step.fields(),
            #[cfg(feature = "grant")]
            Rules::Grant(step, _) => step.fields(),
        }
    }

    fn problems(&self, answers: &RawForm) -> Vec<FieldError> {
        match self {
            #[cfg(feature = "request")]
            Rules::Request(step, choices) => step.problems(answers, choices),
            #[cfg(feature = "expert")]
            Rules::Expert(step, choices) => step.problems(answers, choices),
            #[cfg(feature = "grant")]
            Rules::Grant(step, choices) => step.problems(answers, choices),
        }
    }
}

/// The call's terms, which the page writes on its `[data-grant-terms]` element.
#[cfg(feature = "grant")]
fn grant_choices(form: &HtmlFormElement) -> Option<grant::GrantChoices> {
    let terms = form.query_selector("[data-grant-terms]").ok()??;
    let number = |name: &str| terms.get_attribute(name).and_then(|v| v.parse::<i64>().ok()).unwrap_or(0);
    let countries = terms
        .get_attribute("data-countries")
        .unwrap_or_default()
        .split(',')
        .filter_map(|pair| pair.split_once(':'))
        .map(|(iso3, region)| (iso3.to_owned(), region.to_owned()))
        .collect();
    Some(grant::GrantChoices {
        kind: terms.get_attribute("data-kind").unwrap_or_default(),
        countries,
        topics: offered(form, "input[name=topics]"),
        registration_countries: offered(form, "select[name=registration_country] option"),
        floor_cents: number("data-floor"),
        ceiling_cents: number("data-ceiling"),
        cofunding_percent: number("data-cofunding") as u32,
        max_months: number("data-max-months") as u32,
        this_year: number("data-this-year") as u32,
    })
}

struct Checker {
    form: HtmlFormElement,
    rules: Rules,
    sentences: &'static ProblemMessages,
    /// The page's language (`<html lang>`), for amounts written back.
    #[cfg(feature = "grant")]
    language: String,
}

/// The values offered by the form's own controls named `name`.
fn offered(form: &HtmlFormElement, selector: &str) -> Vec<String> {
    let Ok(nodes) = form.query_selector_all(selector) else { return Vec::new() };
    (0..nodes.length())
        .filter_map(|i| nodes.item(i)?.dyn_into::<Element>().ok()?.get_attribute("value"))
        .filter(|v| !v.is_empty())
        .collect()
}

impl Checker {
    /// On the budget step: the totals of what reads so far, written where the page shows them.
    #[cfg(feature = "grant")]
    fn show_budget_figures(&self) {
        if !matches!(self.rules, Rules::Grant(grant::Step::Budget, _)) {
            return;
        }
        let figures = <grant::Budget as rules::steps::StepFields>::read(&self.answers()).running_figures();
        let language = self.language.as_str();
        for (name, text) in [
            ("total", format_money(figures.total_cents, language)),
            ("share", format_share(figures.cofunding_basis_points, language)),
            ("requested", format_money(figures.requested_cents, language)),
        ] {
            if let Ok(Some(cell)) = self.form.query_selector(&format!("[data-budget-figure={name}]")) {
                cell.set_text_content(Some(&text));
            }
        }
    }

    /// "Add a line" shows the next hidden row of the budget table instead of posting, and
    /// takes the reader to it; the button goes once every row is shown.
    #[cfg(feature = "grant")]
    fn add_budget_line(&self, button: &Element) {
        let Ok(Some(row)) = self.form.query_selector("fieldset[data-budget-row][hidden]") else { return };
        let _ = row.remove_attribute("hidden");
        if let Some(first) =
            row.query_selector("select, input").ok().flatten().and_then(|e| e.dyn_into::<HtmlElement>().ok())
        {
            let _ = first.focus();
        }
        if self.form.query_selector("fieldset[data-budget-row][hidden]").ok().flatten().is_none() {
            let _ = button.set_attribute("hidden", "");
        }
    }

    fn answers(&self) -> RawForm {
        let Ok(data) = FormData::new_with_form(&self.form) else { return RawForm::default() };
        let mut pairs = Vec::new();
        for name in self.rules.fields() {
            for value in data.get_all(name).iter() {
                if let Some(text) = value.as_string() {
                    pairs.push(((*name).to_owned(), text));
                }
            }
        }
        RawForm::from_pairs(pairs)
    }

    fn problems(&self) -> Vec<FieldError> {
        self.rules.problems(&self.answers())
    }

    fn control(&self, field: &str) -> Option<Element> {
        self.form.query_selector(&format!("#field-{field}")).ok().flatten()
    }

    /// Shows `field`'s first problem (or none) on its error line, control and box.
    fn show(&self, field: &str, problems: &[FieldError]) {
        let message = problems.iter().find(|e| e.field == field).map(|e| problem_text(self.sentences, e.problem));
        if let Ok(Some(line)) = self.form.query_selector(&format!("[data-error-for=\"{field}\"]")) {
            line.set_text_content(message.as_deref());
        }
        let Some(control) = self.control(field) else { return };
        let _ = match message {
            Some(_) => control.set_attribute("aria-invalid", "true"),
            None => control.remove_attribute("aria-invalid"),
        };
        if let Ok(Some(boxed)) = control.closest(".field") {
            let _ = boxed.class_list().toggle_with_force("field--invalid", message.is_some());
        }
    }

    fn marked_invalid(&self, field: &str) -> bool {
        self.control(field).is_some_and(|c| c.get_attribute("aria-invalid").is_some())
    }
}

/// Runs when the module is instantiated: wires the checks to the page's form, if any.
#[wasm_bindgen(start)]
pub fn attach() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    let Some(form) = document
        .query_selector("form[data-form][data-step]")
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<HtmlFormElement>().ok())
    else {
        return;
    };
    let Some(rules) = Rules::of(&form).filter(|rules| !rules.fields().is_empty()) else { return };
    let language = document.document_element().and_then(|html| html.get_attribute("lang")).unwrap_or_default();
    let checker = Rc::new(Checker {
        form: form.clone(),
        rules,
        sentences: problems(&language),
        #[cfg(feature = "grant")]
        language,
    });

    // Leaving a field checks it; not when the reader is pressing one of the form's buttons:
    // a message appearing then would move the button away under the pointer and swallow
    // the click. The button's own check (on submit) shows every problem anyway.
    let on_leave = {
        let checker = checker.clone();
        Closure::<dyn Fn(Event)>::new(move |event: Event| {
            let to_button = event
                .dyn_ref::<FocusEvent>()
                .and_then(|e| e.related_target())
                .and_then(|t| t.dyn_into::<Element>().ok())
                .is_some_and(|e| e.tag_name().eq_ignore_ascii_case("button"));
            if to_button {
                return;
            }
            let name = event.target().and_then(|t| t.dyn_into::<Element>().ok()).and_then(|e| e.get_attribute("name"));
            if let Some(name) = name.filter(|n| checker.rules.fields().contains(&n.as_str())) {
                checker.show(&name, &checker.problems());
            }
        })
    };
    // Typing in (or changing) anything re-checks the fields already marked wrong, so a
    // message goes away as soon as the answer is right.
    let on_change = {
        let checker = checker.clone();
        Closure::<dyn Fn(Event)>::new(move |_event: Event| {
            let problems = checker.problems();
            for field in checker.rules.fields().iter().filter(|f| checker.marked_invalid(f)) {
                checker.show(field, &problems);
            }
            #[cfg(feature = "grant")]
            checker.show_budget_figures();
        })
    };
    // "Back" and "Save draft" always go through; moving on with problems is stopped.
    let on_submit = {
        let checker = checker.clone();
        Closure::<dyn Fn(SubmitEvent)>::new(move |event: SubmitEvent| {
            let action = event.submitter().and_then(|b| b.get_attribute("value")).unwrap_or_default();
            if action == "back" || action == "save" || action == "add_line" {
                return;
            }
            let problems = checker.problems();
            for field in checker.rules.fields() {
                checker.show(field, &problems);
            }
            if let Some(first) = problems.first() {
                event.prevent_default();
                if let Some(control) = checker.control(&first.field).and_then(|c| c.dyn_into::<HtmlElement>().ok()) {
                    let _ = control.focus();
                }
            }
        })
    };
    #[cfg(feature = "grant")]
    let on_click = {
        let checker = checker.clone();
        Closure::<dyn Fn(Event)>::new(move |event: Event| {
            let button = event
                .target()
                .and_then(|t| t.dyn_into::<Element>().ok())
                .and_then(|e| e.closest("[data-add-budget-line]").ok().flatten());
            if let Some(button) = button {
                event.prevent_default();
                checker.add_budget_line(&button);
            }
        })
    };
    #[cfg(feature = "grant")]
    let _ = form.add_event_listener_with_callback("click", on_click.as_ref().unchecked_ref());
    let _ = form.add_event_listener_with_callback("focusout", on_leave.as_ref().unchecked_ref());
    let _ = form.add_event_listener_with_callback("input", on_change.as_ref().unchecked_ref());
    let _ = form.add_event_listener_with_callback("change", on_change.as_ref().unchecked_ref());
    let _ = form.add_event_listener_with_callback("submit", on_submit.as_ref().unchecked_ref());
    // The listeners live as long as the page.
    on_leave.forget();
    on_change.forget();
    on_submit.forget();
    #[cfg(feature = "grant")]
    on_click.forget();
}
