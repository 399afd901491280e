//! Money as integer euro cents: reading amounts as people type them in any of the portal's
//! languages (`crate::numbers` writes them back), and the budget's arithmetic (totals and the
//! co-funding share). No floating point anywhere, so the browser's live total and the
//! server's agree to the cent.

use crate::form::Problem;

/// The largest amount any field takes: EUR 100 million, far above any grant or budget.
pub const MAX_EUR: i64 = 100_000_000;

/// Reads an amount in euros: `12500`, `12,500.50`, `12 500,50`, `€ 12.500` and the like.
/// Spaces and apostrophes group thousands. A lone comma or dot followed by one or two digits
/// is the decimal mark; followed by three it groups thousands; when both appear, the last
/// is the decimal mark. Negative and fractional cents are refused.
pub fn parse_eur(text: &str) -> Result<i64, Problem> {
    let trimmed = text.trim();
    let trimmed = trimmed.strip_prefix('€').or_else(|| trimmed.strip_suffix('€')).unwrap_or(trimmed);
    let upper = trimmed.trim().to_ascii_uppercase();
    let trimmed = upper.strip_prefix("EUR").or_else(|| upper.strip_suffix("EUR")).unwrap_or(&upper);
    let compact: String = trimmed.chars().filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\'')).collect();
    if compact.is_empty() || !compact.chars().all(|c| c.is_ascii_digit() || c == '.' || c == ',') {
        return Err(Problem::Amount);
    }
    let last_mark = compact.rfind(['.', ',']);
    let decimal_at = match last_mark {
        None => None,
        Some(at) => {
            let mark = compact.as_bytes()[at] as char;
            let other = if mark == '.' { ',' } else { '.' };
            let digits_after = compact.len() - at - 1;
            let marks_of_kind = compact.matches(mark).count();
            if compact.contains(other) || (marks_of_kind == 1 && (1..=2).contains(&digits_after)) {
                Some(at)
            } else {
                None
            }
        }
    };
    let (whole, fraction) = match decimal_at {
        Some(at) => (&compact[..at], &compact[at + 1..]),
        None => (compact.as_str(), ""),
    };
    if fraction.len() > 2 || fraction.contains(['.', ',']) || !groups_are_thousands(whole) {
        return Err(Problem::Amount);
    }
    let digits: String = whole.chars().filter(char::is_ascii_digit).collect();
    if digits.is_empty() || digits.len() > 12 {
        return Err(Problem::Amount);
    }
    let euros: i64 = digits.parse().map_err(|_| Problem::Amount)?;
    let cents: i64 = match fraction.len() {
        0 => 0,
        1 => fraction.parse::<i64>().map_err(|_| Problem::Amount)? * 10,
        _ => fraction.parse().map_err(|_| Problem::Amount)?,
    };
    if euros > MAX_EUR {
        return Err(Problem::Amount);
    }
    Ok(euros * 100 + cents)
}

/// `12,500` or `12.500` groups: every group after the first has exactly three digits.
fn groups_are_thousands(whole: &str) -> bool {
    let mut groups = whole.split(['.', ',']);
    let first = groups.next().unwrap_or_default();
    !first.is_empty() && first.len() <= 12 && groups.all(|g| g.len() == 3)
}

/// What a budget adds up to.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct BudgetFigures {
    /// The whole project's cost: the sum of the lines.
    pub total_cents: i64,
    /// What the applicant or other funders bring.
    pub cofunding_cents: i64,
    /// What is asked of the programme: the total less the co-funding.
    pub requested_cents: i64,
    /// The co-funding's share of the total, in basis points, rounded down.
    pub cofunding_basis_points: i64,
}

impl BudgetFigures {
    pub fn of(line_cents: &[i64], cofunding_cents: i64) -> BudgetFigures {
        let total_cents: i64 = line_cents.iter().sum();
        let cofunding_basis_points = if total_cents > 0 { cofunding_cents * 10_000 / total_cents } else { 0 };
        BudgetFigures {
            total_cents,
            cofunding_cents,
            requested_cents: total_cents - cofunding_cents,
            cofunding_basis_points,
        }
    }

    /// Whether the co-funding reaches `percent` of the total, compared exactly (no rounding).
    pub fn cofunding_reaches(&self, percent: u32) -> bool {
        self.cofunding_cents * 100 >= i64::from(percent) * self.total_cents
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_are_read_as_people_write_them() {
        for (typed, cents) in [
            ("12500", 1_250_000),
            ("12,500", 1_250_000),
            ("12.500", 1_250_000),
            ("12 500", 1_250_000),
            ("12\u{202f}500,50", 1_250_050),
            ("12,500.50", 1_250_050),
            ("12.500,5", 1_250_050),
            ("1,234,567.89", 123_456_789),
            ("€ 300", 30_000),
            ("300 EUR", 30_000),
            ("0.5", 50),
            ("7,25", 725),
            ("1'000", 100_000),
        ] {
            assert_eq!(parse_eur(typed), Ok(cents), "{typed}");
        }
    }

    #[test]
    fn what_is_not_an_amount_is_refused() {
        for typed in ["", "abc", "-5", "12,50,0", "1.2.3", "12.345.6", "1,5.000", "5 dollars", "1e6", "."] {
            assert_eq!(parse_eur(typed), Err(Problem::Amount), "{typed:?}");
        }
        assert_eq!(parse_eur("100000001"), Err(Problem::Amount), "above the largest amount");
    }

    #[test]
    fn budget_arithmetic_is_exact_in_cents() {
        // Three lines whose sum is wrong in binary floating point (0.1 + 0.2).
        let figures = BudgetFigures::of(&[10, 20, 4_999_970], 1_000_000);
        assert_eq!(figures.total_cents, 5_000_000);
        assert_eq!(figures.requested_cents, 4_000_000);
        assert_eq!(figures.cofunding_basis_points, 2000);
        assert!(figures.cofunding_reaches(20));
        assert!(!figures.cofunding_reaches(21));
        // One cent short of 20 %: the exact comparison refuses what rounding would accept.
        let short = BudgetFigures::of(&[5_000_000], 999_999);
        assert!(!short.cofunding_reaches(20));
        assert_eq!(BudgetFigures::of(&[], 0).cofunding_basis_points, 0);
    }
}
