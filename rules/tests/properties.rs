//! Property tests of the parsers and validators every form relies on: whatever people (or
//! attackers) type, they answer without panicking, and what the portal writes it reads back.

use proptest::prelude::*;
use rules::form::{rules as field, RawForm};
use rules::grant::call::{local_instant, local_text, parse_instant, parse_offset, utc_text};
use rules::grant::money::{parse_eur, MAX_EUR};
use rules::numbers::format_money;
use time::{Date, OffsetDateTime, UtcOffset};

proptest! {
    #[test]
    fn any_text_is_answered_without_a_panic(text in any::<String>()) {
        let _ = parse_eur(&text);
        let _ = field::email(&text);
        let _ = field::phone(&text);
        let _ = field::date(&text);
        let _ = field::month(&text);
        let _ = field::whole_number(&text, 0, 100);
        let _ = parse_offset(&text);
        let _ = parse_instant(&text);
        let _ = local_instant(&text, "+03:00");
        let _ = RawForm::from_urlencoded(text.as_bytes());
    }

    #[test]
    fn any_bytes_are_a_form_without_a_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        let form = RawForm::from_urlencoded(&bytes);
        let _ = form.text("email");
    }

    #[test]
    fn amounts_written_in_any_language_read_back_to_the_cent(cents in 0..=MAX_EUR * 100) {
        for language in ["en", "fr", "pt", "es"] {
            prop_assert_eq!(parse_eur(&format_money(cents, language)), Ok(cents));
        }
    }

    #[test]
    fn amounts_typed_without_grouping_read_as_typed(euros in 0..=MAX_EUR, cents in 0i64..100) {
        prop_assert_eq!(parse_eur(&format!("{euros}.{cents:02}")), Ok(euros * 100 + cents));
        prop_assert_eq!(parse_eur(&format!("{euros},{cents:02}")), Ok(euros * 100 + cents));
        prop_assert_eq!(parse_eur(&euros.to_string()), Ok(euros * 100));
    }

    #[test]
    fn an_accepted_amount_is_never_negative_nor_above_the_cap(text in "[-0-9 .,€EUR']{0,20}") {
        if let Ok(cents) = parse_eur(&text) {
            prop_assert!((0..=MAX_EUR * 100 + 99).contains(&cents), "{:?} read as {}", text, cents);
        }
    }

    #[test]
    fn whole_numbers_are_taken_exactly_within_their_bounds(n in 0u32..2000, min in 0u32..1000, span in 0u32..1000) {
        let max = min + span;
        prop_assert_eq!(field::whole_number(&n.to_string(), min, max).is_ok(), (min..=max).contains(&n));
    }

    #[test]
    fn an_accepted_address_has_one_domain_of_two_labels_or_more(text in "[a-z.@-]{1,30}") {
        if field::email(&text).is_ok() {
            let (local, domain) = text.rsplit_once('@').unwrap();
            prop_assert!(!local.is_empty() && domain.contains('.') && !domain.contains('@'));
        }
    }

    #[test]
    fn calendar_days_read_back(day in 0i32..73_000) {
        let date = Date::from_calendar_date(1900, time::Month::January, 1).unwrap() + time::Duration::days(day.into());
        prop_assume!(date.year() <= 2100);
        let text = format!("{:04}-{:02}-{:02}", date.year(), date.month() as u8, date.day());
        prop_assert_eq!(field::date(&text), Ok(date));
    }

    #[test]
    fn stored_instants_read_back(seconds in 0i64..4_102_444_800) {
        let at = OffsetDateTime::from_unix_timestamp(seconds).unwrap();
        prop_assert_eq!(parse_instant(&utc_text(at)), Some(at));
    }

    #[test]
    fn a_deadline_shown_in_its_time_zone_is_the_same_instant(minutes in 0i64..60_000_000, offset_quarter in -48i32..=56) {
        let at = OffsetDateTime::from_unix_timestamp(minutes * 60).unwrap();
        let offset_minutes = offset_quarter * 15;
        let offset = format!(
            "{}{:02}:{:02}",
            if offset_minutes < 0 { '-' } else { '+' },
            offset_minutes.abs() / 60,
            offset_minutes.abs() % 60
        );
        prop_assume!(UtcOffset::from_whole_seconds(offset_minutes * 60).is_ok());
        prop_assume!((1900..=2100).contains(&at.year()));
        prop_assert_eq!(local_instant(&local_text(at, &offset), &offset), Ok(at));
    }
}
