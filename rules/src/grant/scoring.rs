//! Scoring applications against a call's rubric: each reviewer gives every criterion a score
//! from 0 to 10; the criteria's weights add up to 100, so a reviewer's total is out of 100.
//! Totals are kept in tenths of a point (integers), so rankings never depend on rounding.

use crate::form::{rules, FieldError, Problem, RawForm};
use crate::steps::NOTE_MAX;

/// The highest score a criterion can get.
pub const SCORE_MAX: u32 = 10;

/// The scoring form's fields, a score and a comment per criterion of the rubric (at most
/// `call::CRITERION_ROWS`).
pub const SCORE_FIELDS: [&str; 12] = [
    "score_1",
    "comment_1",
    "score_2",
    "comment_2",
    "score_3",
    "comment_3",
    "score_4",
    "comment_4",
    "score_5",
    "comment_5",
    "score_6",
    "comment_6",
];

/// Reads and checks the scores of a rubric of `criteria` criteria: each a whole number from 0
/// to 10 with a comment saying why.
pub fn check_scores(form: &RawForm, criteria: usize) -> Result<Vec<(u32, String)>, Vec<FieldError>> {
    let mut scores = Vec::new();
    let mut errors = Vec::new();
    for pair in SCORE_FIELDS.chunks(2).take(criteria) {
        let (score_field, comment_field) = (pair[0], pair[1]);
        let score = match form.text(score_field) {
            None => Err(Problem::Required),
            Some(text) => rules::whole_number(&text, 0, SCORE_MAX),
        };
        let comment = match form.text(comment_field) {
            None => Err(Problem::Required),
            Some(text) => rules::at_most(&text, NOTE_MAX).map(|()| text),
        };
        match (score, comment) {
            (Ok(score), Ok(comment)) => scores.push((score, comment)),
            (score, comment) => {
                errors.extend(score.err().map(|p| FieldError::new(score_field, p)));
                errors.extend(comment.err().map(|p| FieldError::new(comment_field, p)));
            }
        }
    }
    if errors.is_empty() {
        Ok(scores)
    } else {
        Err(errors)
    }
}

/// A reviewer's declaration before seeing an application.
pub const COI_NONE: &str = "none";
pub const COI_DECLARED: &str = "declared";

/// Reads the declaration: `Ok(None)` for no conflict, `Ok(Some(details))` for a declared one.
pub fn check_declaration(form: &RawForm) -> Result<Option<String>, Vec<FieldError>> {
    match form.text("coi").as_deref() {
        Some(COI_NONE) => Ok(None),
        Some(COI_DECLARED) => match form.text("coi_details") {
            None => Err(vec![FieldError::new("coi_details", Problem::Required)]),
            Some(details) => match rules::at_most(&details, NOTE_MAX) {
                Ok(()) => Ok(Some(details)),
                Err(problem) => Err(vec![FieldError::new("coi_details", problem)]),
            },
        },
        Some(_) => Err(vec![FieldError::new("coi", Problem::UnknownChoice)]),
        None => Err(vec![FieldError::new("coi", Problem::Required)]),
    }
}

/// What can be decided about an application.
pub const DECISIONS: [&str; 3] = ["funded", "reserve", "rejected"];

/// Reads a decision and its reason (the applicant receives both).
pub fn check_decision(form: &RawForm) -> Result<(String, String), Vec<FieldError>> {
    let decision = match form.text("decision") {
        Some(d) if DECISIONS.contains(&d.as_str()) => Ok(d),
        Some(_) => Err(Problem::UnknownChoice),
        None => Err(Problem::Required),
    };
    let reason = match form.text("reason") {
        None => Err(Problem::Required),
        Some(text) => rules::between(&text, crate::steps::PARAGRAPH_MIN, NOTE_MAX).map(|()| text),
    };
    match (decision, reason) {
        (Ok(decision), Ok(reason)) => Ok((decision, reason)),
        (decision, reason) => {
            let mut errors: Vec<FieldError> =
                decision.err().map(|p| FieldError::new("decision", p)).into_iter().collect();
            errors.extend(reason.err().map(|p| FieldError::new("reason", p)));
            Err(errors)
        }
    }
}

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
    let mark = crate::numbers::decimal_mark(language);
    format!("{}{mark}{}", tenths / 10, tenths % 10)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_criterion_needs_a_score_in_range_and_a_comment() {
        let form = RawForm::from_pairs([
            ("score_1", "8"),
            ("comment_1", "Clear need, well described."),
            ("score_2", "11"),
            ("comment_2", ""),
            ("score_3", "5"),
        ]);
        assert_eq!(
            check_scores(&form, 2),
            Err(vec![
                FieldError::new("score_2", Problem::WholeNumber { min: 0, max: SCORE_MAX }),
                FieldError::new("comment_2", Problem::Required),
            ])
        );
        let scores = check_scores(&form, 1).unwrap();
        assert_eq!(scores, [(8, "Clear need, well described.".to_owned())]);
    }

    #[test]
    fn a_declared_conflict_is_explained_and_a_decision_gives_its_reason() {
        let declared = RawForm::from_pairs([("coi", "declared")]);
        assert_eq!(check_declaration(&declared), Err(vec![FieldError::new("coi_details", Problem::Required)]));
        assert_eq!(check_declaration(&RawForm::from_pairs([("coi", "none")])), Ok(None));
        assert_eq!(check_declaration(&RawForm::default()), Err(vec![FieldError::new("coi", Problem::Required)]));
        let decision = RawForm::from_pairs([("decision", "funded"), ("reason", "Short")]);
        assert_eq!(check_decision(&decision), Err(vec![FieldError::new("reason", Problem::TooShort { min: 20 })]));
        let decision =
            RawForm::from_pairs([("decision", "sold"), ("reason", "The strongest application in the region.")]);
        assert_eq!(check_decision(&decision), Err(vec![FieldError::new("decision", Problem::UnknownChoice)]));
    }

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
