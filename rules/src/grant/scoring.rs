//! Scoring applications against a call's rubric: each reviewer gives every criterion a score
//! from 0 to 10; the criteria's weights add up to 100, so a reviewer's total is out of 100.
//! Totals are kept in tenths of a point (integers), so rankings never depend on rounding.

/// The highest score a criterion can get.
pub const SCORE_MAX: u32 = 10;

/// One reviewer's total in tenths of a point (0 to 1000): each score times its weight. Pairs
/// are `(weight, score)`.
pub fn reviewer_total(scores: &[(u32, u32)]) -> u32 {
    scores.iter().map(|(weight, score)| weight * score.min(&SCORE_MAX)).sum()
}

/// Where an application stands in its call's ranking.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Standing {
    /// Mean of the reviewers' totals, in tenths of a point; `None` before any review.
    pub average_tenths: Option<u32>,
    /// Highest total less lowest, in tenths: a large spread asks for a second look.
    pub spread_tenths: u32,
    pub reviews: usize,
    /// Reviewers assigned who have not scored yet (abstentions are not missing).
    pub missing: usize,
}

/// The standing from the totals of completed reviews and the number still expected.
pub fn standing(totals: &[u32], missing: usize) -> Standing {
    let (Some(high), Some(low)) = (totals.iter().max(), totals.iter().min()) else {
        return Standing { missing, ..Standing::default() };
    };
    let sum: u32 = totals.iter().sum();
    let count = totals.len() as u32;
    Standing {
        // Rounded half up to the nearest tenth.
        average_tenths: Some((sum * 2 + count) / (count * 2)),
        spread_tenths: high - low,
        reviews: totals.len(),
        missing,
    }
}

/// Tenths of a point for people to read: `72.5`.
pub fn points_text(tenths: u32, language: &str) -> String {
    let mark = if language == "fr" { ',' } else { '.' };
    format!("{}{mark}{}", tenths / 10, tenths % 10)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reviewers_total_weighs_each_criterion() {
        // Relevance 50 % scored 8, feasibility 30 % scored 6, value for money 20 % scored 10.
        assert_eq!(reviewer_total(&[(50, 8), (30, 6), (20, 10)]), 780);
        assert_eq!(reviewer_total(&[(100, 10)]), 1000);
        assert_eq!(reviewer_total(&[(60, 11)]), 600, "a score above the maximum counts as the maximum");
    }

    #[test]
    fn the_standing_averages_totals_and_measures_their_spread() {
        let s = standing(&[780, 650, 700], 1);
        assert_eq!(s.average_tenths, Some(710));
        assert_eq!(s.spread_tenths, 130);
        assert_eq!((s.reviews, s.missing), (3, 1));
        assert_eq!(standing(&[701, 700], 0).average_tenths, Some(701), "700.5 rounds half up");
        assert_eq!(standing(&[], 2), Standing { average_tenths: None, spread_tenths: 0, reviews: 0, missing: 2 });
        assert_eq!(points_text(725, "en"), "72.5");
        assert_eq!(points_text(725, "fr"), "72,5");
    }
}
