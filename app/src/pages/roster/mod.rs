//! The expert roster: the application, its notices, the expert's own space and sessions, and
//! the back office's roster.

use crate::i18n::{fill, Locale};

pub mod back_office;
pub mod form;
pub mod notice;
pub mod sessions;
pub mod space;

/// "12 working days", as the reader's language counts them.
pub fn working_days_text(locale: Locale, days: i64) -> String {
    let m = &locale.messages().roster;
    let days = days.max(0);
    fill(locale.plural(days as u64, m.working_days_one, m.working_days_many), &[("days", &days)])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn working_days_take_the_singular_each_language_gives_them() {
        assert_eq!(working_days_text(Locale::En, 1), "1 working day");
        assert_eq!(working_days_text(Locale::En, 12), "12 working days");
        assert_eq!(working_days_text(Locale::Fr, 0), "0 jour ouvré");
        assert_eq!(working_days_text(Locale::Pt, 60), "60 dias úteis");
    }
}
