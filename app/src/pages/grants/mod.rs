//! Grants to non-state actors: the public calls, the application form and its tracking page,
//! and the back office's calls and application reviews.

use crate::data::taxonomy;
use crate::domain::filters::Dimension;
use crate::domain::grant::{format_eur, Call};
use crate::i18n::{fill, Locale};

pub mod back_office;
pub mod calls;
pub mod form;
pub mod review;

/// Labels of `codes` in a vocabulary, joined for reading.
pub fn labels(dimension: Dimension, codes: &[String], locale: Locale) -> String {
    let taxonomy = taxonomy();
    codes.iter().map(|code| taxonomy.label(dimension, code, locale).to_owned()).collect::<Vec<_>>().join(", ")
}

/// "Grants from EUR 20,000 to EUR 80,000".
pub fn grant_range(call: &Call, locale: Locale) -> String {
    let m = &locale.messages().grants;
    fill(
        m.grant_range,
        &[
            ("floor", &format_eur(call.floor_cents, locale.code())),
            ("ceiling", &format_eur(call.ceiling_cents, locale.code())),
        ],
    )
}
