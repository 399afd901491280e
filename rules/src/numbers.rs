//! Numbers, money and shares as each interface language writes them, in one place for the
//! pages, the e-mails, the problems and the browser's live budget totals.
//!
//! The conventions are CLDR's for English, French, Portuguese (as Portugal and the
//! Portuguese-speaking ACP states write it) and Spanish. They are written out here rather than
//! taken from ICU4X: its data would add far more to the browser's checks module (which formats
//! the live budget totals) than the whole module weighs.

/// How a language writes a number.
struct Convention {
    /// Between groups of three digits.
    group: &'static str,
    decimal: char,
    /// Digits a number needs before its thousands are grouped: `5000` but `12.500` in Spanish.
    grouped_from_digits: usize,
    /// `€5,000` or `5 000 €`.
    symbol_after: bool,
    /// Between a number and `%`.
    percent_gap: &'static str,
}

const NARROW_NO_BREAK_SPACE: &str = "\u{202f}";
const NO_BREAK_SPACE: &str = "\u{a0}";

fn convention(language: &str) -> Convention {
    match language {
        "fr" => Convention {
            group: NARROW_NO_BREAK_SPACE,
            decimal: ',',
            grouped_from_digits: 4,
            symbol_after: true,
            percent_gap: NARROW_NO_BREAK_SPACE,
        },
        "pt" => Convention {
            group: NO_BREAK_SPACE,
            decimal: ',',
            grouped_from_digits: 5,
            symbol_after: true,
            percent_gap: "",
        },
        "es" => Convention {
            group: ".",
            decimal: ',',
            grouped_from_digits: 5,
            symbol_after: true,
            percent_gap: NO_BREAK_SPACE,
        },
        _ => Convention { group: ",", decimal: '.', grouped_from_digits: 4, symbol_after: false, percent_gap: "" },
    }
}

/// The decimal mark of a language: `12,5` in French, Portuguese and Spanish, `12.5` in English.
pub fn decimal_mark(language: &str) -> char {
    convention(language).decimal
}

fn grouped(whole: u64, c: &Convention) -> String {
    let digits = whole.to_string();
    if digits.len() < c.grouped_from_digits {
        return digits;
    }
    let mut out = String::with_capacity(digits.len() * 2);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push_str(c.group);
        }
        out.push(digit);
    }
    out
}

/// A count for people to read: `12,500`, `12 500`, `12.500`; `5000` where the language does
/// not group four digits.
pub fn format_count(count: i64, language: &str) -> String {
    let sign = if count < 0 { "-" } else { "" };
    format!("{sign}{}", grouped(count.unsigned_abs(), &convention(language)))
}

/// An amount in euro cents for people to read: `€12,500` (English), `12 500 €` (French),
/// `12 500 €` (Portuguese), `12.500 €` (Spanish); cents only when there are some.
pub fn format_money(cents: i64, language: &str) -> String {
    let c = convention(language);
    let sign = if cents < 0 { "-" } else { "" };
    let cents = cents.unsigned_abs();
    let fraction = match cents % 100 {
        0 => String::new(),
        rest => format!("{}{rest:02}", c.decimal),
    };
    let number = format!("{}{fraction}", grouped(cents / 100, &c));
    if c.symbol_after {
        format!("{sign}{number}{NO_BREAK_SPACE}€")
    } else {
        format!("{sign}€{number}")
    }
}

/// A share in basis points (1/100 of a percent), to a tenth: `12.5%`, `12,5 %`.
pub fn format_share(basis_points: i64, language: &str) -> String {
    let c = convention(language);
    let tenths = basis_points / 10;
    let number = match tenths % 10 {
        0 => format_count(tenths / 10, language),
        rest => format!("{}{}{rest}", format_count(tenths / 10, language), c.decimal),
    };
    format!("{number}{}%", c.percent_gap)
}

/// A whole percentage: `20%`, `20 %`.
pub fn format_percent(percent: u32, language: &str) -> String {
    format_share(i64::from(percent) * 100, language)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grant::money::parse_eur;

    #[test]
    fn each_language_writes_money_its_own_way() {
        assert_eq!(format_money(500_000, "en"), "€5,000");
        assert_eq!(format_money(500_000, "fr"), "5\u{202f}000\u{a0}€");
        assert_eq!(format_money(500_000, "pt"), "5000\u{a0}€");
        assert_eq!(format_money(500_000, "es"), "5000\u{a0}€");
        assert_eq!(format_money(1_250_050, "en"), "€12,500.50");
        assert_eq!(format_money(1_250_050, "pt"), "12\u{a0}500,50\u{a0}€");
        assert_eq!(format_money(1_250_050, "es"), "12.500,50\u{a0}€");
        assert_eq!(format_money(123_456_789, "fr"), "1\u{202f}234\u{202f}567,89\u{a0}€");
        assert_eq!(format_money(5, "en"), "€0.05");
        assert_eq!(format_money(-100, "en"), "-€1");
    }

    #[test]
    fn counts_and_shares_follow_the_same_conventions() {
        assert_eq!(format_count(999, "fr"), "999");
        assert_eq!(format_count(1_234_567, "en"), "1,234,567");
        assert_eq!(format_count(4_500, "es"), "4500");
        assert_eq!(format_count(45_000, "es"), "45.000");
        assert_eq!(format_share(1250, "en"), "12.5%");
        assert_eq!(format_share(2000, "fr"), "20\u{202f}%");
        assert_eq!(format_share(1250, "es"), "12,5\u{a0}%");
        assert_eq!(format_percent(20, "pt"), "20%");
        assert_eq!(decimal_mark("pt"), ',');
    }

    #[test]
    fn every_amount_written_reads_back_as_the_same_amount() {
        for cents in [0, 5, 99_999, 500_000, 1_250_050, 123_456_789] {
            for language in ["en", "fr", "pt", "es"] {
                let written = format_money(cents, language);
                assert_eq!(parse_eur(&written), Ok(cents), "{written}");
            }
        }
    }
}
