//! Does the BG/NBD model predict this business? Fitted on the purchases before a holdout date
//! only, it predicts each customer's repeat purchases over the rest, which are then counted: in
//! total, and by the number of repeat purchases in the calibration period, as in Fader, Hardie
//! and Lee's table of conditional expectations.

use chrono::NaiveDate;

use super::{BgNbd, Fitted, enough_history, fit_bgnbd, for_each_purchase_days, history_of};
use crate::model::Order;

/// The last line of the table takes every customer with this many calibration repeat
/// purchases or more, as the paper's does.
pub const LAST_GROUP: u32 = 7;

/// One line of the backtest: customers with the same number of calibration repeat purchases.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BacktestRow {
    /// Repeat purchases in the calibration period (the last line: this many or more).
    pub repeat_purchases: u32,
    /// Customers in the line.
    pub customers: usize,
    /// Their predicted purchase days in the holdout period, summed.
    pub predicted: f64,
    /// Their actual purchase days in the holdout period, summed.
    pub actual: f64,
}

/// The backtest of the BG/NBD model.
#[derive(Debug, Clone, PartialEq)]
pub struct Backtest {
    /// The last day of the calibration period (the day before the holdout starts).
    pub calibration_end: NaiveDate,
    /// The holdout period's length in days.
    pub holdout_days: f64,
    /// The model fitted on the calibration period.
    pub fit: Fitted<BgNbd>,
    /// By calibration repeat purchases, 0 to [`LAST_GROUP`]+.
    pub rows: Vec<BacktestRow>,
    /// Every customer who bought before the holdout.
    pub total: BacktestRow,
    /// A fit that did not converge.
    pub warnings: Vec<String>,
}

/// Fits on the purchases before `holdout_from` and compares the predictions with the purchases
/// from then to `as_of`.
///
/// # Errors
/// When the dates leave no calibration or holdout period, or the calibration period holds too
/// little history to fit.
pub fn backtest(
    orders: &[Order],
    history: &[u32],
    holdout_from: NaiveDate,
    as_of: NaiveDate,
) -> Result<Backtest, String> {
    if holdout_from > as_of {
        return Err(format!(
            "the holdout starts {holdout_from}, after the as-of date {as_of}"
        ));
    }
    let calibration_end = holdout_from - chrono::Days::new(1);
    let holdout_days = (as_of - calibration_end).num_days() as f64;
    let mut calibration: Vec<(super::History, f64)> = Vec::new();
    for_each_purchase_days(orders, history, as_of, |_, days| {
        if let Some(h) = history_of(days, calibration_end) {
            let actual = days.iter().filter(|(d, _)| *d > calibration_end).count();
            calibration.push((h, actual as f64));
        }
    });
    let buyers: Vec<super::History> = calibration.iter().map(|(h, _)| *h).collect();
    enough_history(&buyers).map_err(|why| format!("before {holdout_from}: {}", why.en))?;
    let mut warnings = Vec::new();
    let fit = fit_bgnbd(&buyers, &mut warnings).map_err(|why| why.en)?;
    let line = |k: u32| BacktestRow {
        repeat_purchases: k,
        customers: 0,
        predicted: 0.0,
        actual: 0.0,
    };
    let mut rows: Vec<BacktestRow> = (0..=LAST_GROUP).map(line).collect();
    let mut total = line(0);
    for (h, actual) in &calibration {
        let predicted = fit.model.expected_purchases(h, holdout_days);
        let k = (h.x as u32).min(LAST_GROUP);
        for row in [&mut rows[k as usize], &mut total] {
            row.customers += 1;
            row.predicted += predicted;
            row.actual += actual;
        }
    }
    Ok(Backtest {
        calibration_end,
        holdout_days,
        fit,
        rows,
        total,
        warnings,
    })
}
