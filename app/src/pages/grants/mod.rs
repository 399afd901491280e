//! Grants to non-state actors: the public calls, the application form and its tracking page,
//! and the back office's calls and application reviews.

use crate::data::taxonomy;
use crate::domain::filters::Dimension;
use crate::domain::grant::Call;
use crate::domain::taxonomy::fold;
use crate::i18n::{fill, Locale};

pub mod back_office;
pub mod calls;
pub mod form;
pub mod review;

/// Labels of `codes` in a vocabulary, in the reader's alphabetical order, joined for reading.
pub fn labels(dimension: Dimension, codes: &[String], locale: Locale) -> String {
    let taxonomy = taxonomy();
    let mut labels: Vec<&str> = codes.iter().map(|code| taxonomy.label(dimension, code, locale)).collect();
    labels.sort_by_cached_key(|label| fold(label));
    labels.join(", ")
}

/// "Grants from €20,000 to €80,000".
pub fn grant_range(call: &Call, locale: Locale) -> String {
    let m = &locale.messages().grants;
    fill(m.grant_range, &[("floor", &locale.money(call.floor_cents)), ("ceiling", &locale.money(call.ceiling_cents))])
}
