//! An expert's assignment: one or several periods, each with the working days the expert
//! gives in it. The programme's cap is 60 working days per assignment, across all its
//! periods together.

use time::{Date, Duration, Weekday};

use crate::form::{rules, FieldError, Problem, RawForm};

/// The most working days one assignment may take.
pub const MAX_WORKING_DAYS: u32 = 60;

/// A stretch of calendar days (both ends included) and the working days used in it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Period {
    pub start: Date,
    pub end: Date,
    pub working_days: u32,
}

/// Monday to Friday days from `start` to `end`, both included (0 when `end` is earlier).
pub fn weekdays_between(start: Date, end: Date) -> u32 {
    if end < start {
        return 0;
    }
    let days = (end - start).whole_days() + 1;
    let full_weeks = days / 7;
    let mut count = full_weeks * 5;
    let mut day = start + Duration::days(full_weeks * 7);
    while day <= end {
        if !matches!(day.weekday(), Weekday::Saturday | Weekday::Sunday) {
            count += 1;
        }
        day += Duration::days(1);
    }
    count as u32
}

/// Checks an assignment's periods; on success, the working days it takes in all. Problems
/// come with the index of the period they concern (the cap: the last period).
pub fn check_periods(periods: &[Period]) -> Result<u32, Vec<(usize, Problem)>> {
    let mut problems = Vec::new();
    if periods.is_empty() {
        problems.push((0, Problem::Required));
    }
    for (i, period) in periods.iter().enumerate() {
        let available = weekdays_between(period.start, period.end);
        if period.end < period.start {
            problems.push((i, Problem::EndBeforeStart));
        } else if period.working_days == 0 {
            problems.push((i, Problem::Required));
        } else if period.working_days > available {
            problems.push((i, Problem::MoreDaysThanWeekdays { max: available }));
        }
        if periods[..i].iter().any(|earlier| earlier.start <= period.end && period.start <= earlier.end) {
            problems.push((i, Problem::PeriodsOverlap));
        }
    }
    let total: u32 = periods.iter().map(|p| p.working_days).sum();
    if total > MAX_WORKING_DAYS {
        problems.push((periods.len().saturating_sub(1), Problem::OverWorkingDayCap { max: MAX_WORKING_DAYS }));
    }
    if problems.is_empty() {
        Ok(total)
    } else {
        Err(problems)
    }
}

/// Rows of periods the assignment form offers.
pub const PERIOD_ROWS: usize = 3;

/// The form fields of each row: first day, last day, working days.
pub const PERIOD_FIELDS: [[&str; 3]; PERIOD_ROWS] = [
    ["period_start_1", "period_end_1", "period_days_1"],
    ["period_start_2", "period_end_2", "period_days_2"],
    ["period_start_3", "period_end_3", "period_days_3"],
];

/// Reads the periods typed in the assignment form (blank rows left out) and checks them;
/// on success the periods and the working days they take in all. Each problem is put on
/// the field it concerns.
pub fn check_form(form: &RawForm) -> Result<(Vec<Period>, u32), Vec<FieldError>> {
    let mut periods = Vec::new();
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    for (row, fields) in PERIOD_FIELDS.iter().enumerate() {
        let [start, end, days] = fields.map(|field| (field, form.text(field)));
        if start.1.is_none() && end.1.is_none() && days.1.is_none() {
            continue;
        }
        let mut day = |(field, value): &(&str, Option<String>)| match value.as_deref().map(rules::date) {
            Some(Ok(date)) => Some(date),
            Some(Err(problem)) => {
                errors.push(FieldError::new(field, problem));
                None
            }
            None => {
                errors.push(FieldError::new(field, Problem::Required));
                None
            }
        };
        let (start_day, end_day) = (day(&start), day(&end));
        let working_days = match days.1.as_deref().map(|d| rules::whole_number(d, 1, MAX_WORKING_DAYS)) {
            Some(Ok(n)) => Some(n),
            Some(Err(problem)) => {
                errors.push(FieldError::new(days.0, problem));
                None
            }
            None => {
                errors.push(FieldError::new(days.0, Problem::Required));
                None
            }
        };
        if let (Some(start), Some(end), Some(working_days)) = (start_day, end_day, working_days) {
            periods.push(Period { start, end, working_days });
            rows.push(row);
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    check_periods(&periods).map(|total| (periods, total)).map_err(|problems| {
        problems
            .into_iter()
            .map(|(index, problem)| {
                let row = rows.get(index).copied().unwrap_or(0);
                let part = match problem {
                    Problem::EndBeforeStart => 1,
                    Problem::Required | Problem::PeriodsOverlap => 0,
                    _ => 2,
                };
                FieldError::new(PERIOD_FIELDS[row][part], problem)
            })
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;

    fn period(start: Date, end: Date, working_days: u32) -> Period {
        Period { start, end, working_days }
    }

    #[test]
    fn weekdays_leave_out_saturdays_and_sundays() {
        // Monday 2 March 2026 to Sunday 15 March 2026: two full weeks.
        assert_eq!(weekdays_between(date!(2026 - 03 - 02), date!(2026 - 03 - 15)), 10);
        // Friday to the following Monday.
        assert_eq!(weekdays_between(date!(2026 - 03 - 06), date!(2026 - 03 - 09)), 2);
        assert_eq!(weekdays_between(date!(2026 - 03 - 07), date!(2026 - 03 - 08)), 0, "a weekend");
        assert_eq!(weekdays_between(date!(2026 - 03 - 09), date!(2026 - 03 - 02)), 0, "reversed");
    }

    #[test]
    fn the_cap_counts_every_period_of_the_assignment() {
        let first = period(date!(2026 - 03 - 02), date!(2026 - 04 - 10), 25);
        let second = period(date!(2026 - 06 - 01), date!(2026 - 07 - 17), 30);
        assert_eq!(check_periods(&[first, second]), Ok(55));
        let third = period(date!(2026 - 09 - 07), date!(2026 - 09 - 18), 6);
        assert_eq!(check_periods(&[first, second, third]), Err(vec![(2, Problem::OverWorkingDayCap { max: 60 })]));
        let exactly = period(date!(2026 - 09 - 07), date!(2026 - 09 - 18), 5);
        assert_eq!(check_periods(&[first, second, exactly]), Ok(60), "60 itself is allowed");
    }

    #[test]
    fn a_period_cannot_hold_more_days_than_it_has_weekdays() {
        let week = period(date!(2026 - 03 - 02), date!(2026 - 03 - 08), 6);
        assert_eq!(check_periods(&[week]), Err(vec![(0, Problem::MoreDaysThanWeekdays { max: 5 })]));
    }

    #[test]
    fn periods_must_run_forward_hold_days_and_not_overlap() {
        let reversed = period(date!(2026 - 03 - 10), date!(2026 - 03 - 02), 3);
        assert_eq!(check_periods(&[reversed]), Err(vec![(0, Problem::EndBeforeStart)]));
        let empty = period(date!(2026 - 03 - 02), date!(2026 - 03 - 06), 0);
        assert_eq!(check_periods(&[empty]), Err(vec![(0, Problem::Required)]));
        let a = period(date!(2026 - 03 - 02), date!(2026 - 03 - 13), 5);
        let b = period(date!(2026 - 03 - 13), date!(2026 - 03 - 20), 3);
        assert_eq!(check_periods(&[a, b]), Err(vec![(1, Problem::PeriodsOverlap)]));
        assert_eq!(check_periods(&[]), Err(vec![(0, Problem::Required)]));
    }

    #[test]
    fn the_form_puts_each_problem_on_its_field() {
        let form = RawForm::from_pairs([
            ("period_start_1", "2026-03-02"),
            ("period_end_1", "2026-04-10"),
            ("period_days_1", "25"),
            ("period_start_3", "2026-06-01"),
            ("period_end_3", "2026-07-17"),
            ("period_days_3", "30"),
        ]);
        let (periods, total) = check_form(&form).unwrap();
        assert_eq!((periods.len(), total), (2, 55), "the blank second row is left out");

        let mut over = form.clone();
        over.set("period_start_2", vec!["2026-09-07".into()]);
        over.set("period_end_2", vec!["2026-09-18".into()]);
        over.set("period_days_2", vec!["6".into()]);
        assert_eq!(
            check_form(&over).unwrap_err(),
            [FieldError::new("period_days_3", Problem::OverWorkingDayCap { max: 60 })]
        );

        let mut typos = form.clone();
        typos.set("period_end_1", vec!["2026-02-30".into()]);
        typos.set("period_days_3", vec!["sixty".into()]);
        assert_eq!(
            check_form(&typos).unwrap_err(),
            [
                FieldError::new("period_end_1", Problem::Date),
                FieldError::new("period_days_3", Problem::WholeNumber { min: 1, max: 60 })
            ]
        );
        assert_eq!(
            check_form(&RawForm::default()).unwrap_err(),
            [FieldError::new("period_start_1", Problem::Required)]
        );
    }
}
