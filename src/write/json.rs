//! The summary as one JSON object for scripts (`--json`).

use std::path::Path;

use serde::Serialize;

use super::{RunInfo, Summary, round};
use crate::pipeline::Graded;
use crate::pipeline::clv::{Backtest, BacktestRow, BgNbd, Clv, Fitted, GammaGamma};
use crate::pipeline::segment::Change;

/// The JSON document `tiers score --json` prints.
#[derive(Debug, Serialize)]
pub struct ScoreReport<'a> {
    /// The as-of date, `YYYY-MM-DD`.
    pub as_of: String,
    /// First day of the scoring window.
    pub window_start: String,
    /// All customers.
    pub customers: usize,
    /// Customers with a counted purchase in the window.
    pub active_customers: usize,
    /// Counted orders in the window.
    pub orders: u64,
    /// Order lines read.
    pub order_lines: usize,
    /// Net spend in the window, rounded to cents.
    pub net_spend: f64,
    /// The workbook written.
    pub output: &'a Path,
    /// Input rows not used plus rows used with a note.
    pub warnings: usize,
    /// Input rows not used.
    pub rows_skipped: usize,
    /// Tiers from highest to lowest.
    pub tiers: Vec<TierJson<'a>>,
    /// The lifetime value models.
    pub clv: ClvJson<'a>,
    /// The lifetime value backtest, with `--holdout-from`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub backtest: Option<BacktestJson>,
}

/// The JSON document `tiers score --dry-run --json` prints: whose tier would change.
#[derive(Debug, Serialize)]
pub struct DryRunReport<'a> {
    /// Always true: nothing was written.
    pub dry_run: bool,
    /// The as-of date, `YYYY-MM-DD`.
    pub as_of: String,
    /// Customers by change against the last run: `first_graded`, `up`, `same`, `down`,
    /// `held`, `locked`.
    pub changes: std::collections::BTreeMap<&'static str, usize>,
    /// The customers whose tier would move, be held or stay locked, in rank order.
    pub moved: Vec<MoveJson<'a>>,
}

/// One customer of [`DryRunReport::moved`].
#[derive(Debug, Serialize)]
pub struct MoveJson<'a> {
    /// Customer id.
    pub id: &'a str,
    /// Customer name.
    pub name: &'a str,
    /// The tier the last run gave.
    pub previous_tier: Option<&'a str>,
    /// The tier this run would give.
    pub tier: &'a str,
    /// The change's key.
    pub change: &'static str,
}

/// `--dry-run --json`: [`DryRunReport`] as pretty JSON.
pub fn dry_run(graded: &Graded, info: &RunInfo<'_>) -> String {
    let levels = &info.config.tiers.levels;
    let (counts, moved) = super::table::moves(graded);
    let report = DryRunReport {
        dry_run: true,
        as_of: info.as_of.to_string(),
        changes: Change::ALL
            .iter()
            .map(|&c| (c.key(), counts[c as usize]))
            .collect(),
        moved: moved
            .into_iter()
            .map(|i| {
                let customer = &graded.data.customers[i];
                MoveJson {
                    id: &customer.id,
                    name: &customer.name,
                    previous_tier: graded.previous_tiers[i].map(|t| levels[t].name.as_str()),
                    tier: &levels[graded.tiers[i]].name,
                    change: graded.changes[i].key(),
                }
            })
            .collect(),
    };
    serde_json::to_string_pretty(&report).unwrap_or_default()
}

/// The backtest in the JSON summary.
#[derive(Debug, Serialize)]
pub struct BacktestJson {
    /// The last day of the calibration period.
    pub calibration_end: String,
    /// The holdout period's length in days.
    pub holdout_days: f64,
    /// The BG/NBD fit on the calibration period.
    pub bgnbd: FitJson<BgNbd>,
    /// By repeat purchases in the calibration period (the last: this many or more).
    pub rows: Vec<BacktestLineJson>,
    /// All customers who bought before the holdout.
    pub total: BacktestLineJson,
}

/// One line of the backtest.
#[derive(Debug, Serialize)]
pub struct BacktestLineJson {
    /// Repeat purchases in the calibration period.
    pub repeat_purchases: u32,
    /// Customers in the line.
    pub customers: usize,
    /// Predicted purchase days in the holdout, summed.
    pub predicted: f64,
    /// Actual purchase days in the holdout, summed.
    pub actual: f64,
}

impl From<&BacktestRow> for BacktestLineJson {
    fn from(row: &BacktestRow) -> Self {
        Self {
            repeat_purchases: row.repeat_purchases,
            customers: row.customers,
            predicted: round(row.predicted, 4),
            actual: row.actual,
        }
    }
}

impl From<&Backtest> for BacktestJson {
    fn from(b: &Backtest) -> Self {
        Self {
            calibration_end: b.calibration_end.to_string(),
            holdout_days: b.holdout_days,
            bgnbd: FitJson::from(&b.fit),
            rows: b.rows.iter().map(BacktestLineJson::from).collect(),
            total: BacktestLineJson::from(&b.total),
        }
    }
}

/// The lifetime value fits in the JSON summary.
#[derive(Debug, Serialize)]
pub struct ClvJson<'a> {
    /// The unit of time of the parameters (alpha is in it).
    pub time_unit: &'static str,
    /// The horizon of expected orders and value, in days.
    pub horizon_days: f64,
    /// The BG/NBD fit; `null` when not fitted.
    pub bgnbd: Option<FitJson<BgNbd>>,
    /// The Gamma-Gamma fit; `null` when not fitted.
    pub gamma_gamma: Option<FitJson<GammaGamma>>,
    /// Why a model was not fitted.
    pub not_fitted: Vec<&'a str>,
}

/// A model's parameters with its log-likelihood and the customers it used.
#[derive(Debug, Serialize)]
pub struct FitJson<M> {
    /// The parameters.
    #[serde(flatten)]
    pub model: M,
    /// The summed log-likelihood at the parameters.
    pub log_likelihood: f64,
    /// Customers the fit used.
    pub customers: usize,
}

impl<M: Copy> From<&Fitted<M>> for FitJson<M> {
    fn from(fit: &Fitted<M>) -> Self {
        Self {
            model: fit.model,
            log_likelihood: fit.log_likelihood,
            customers: fit.customers,
        }
    }
}

impl<'a> ClvJson<'a> {
    /// The fits of a run.
    pub fn new(clv: &'a Clv) -> Self {
        Self {
            time_unit: "day",
            horizon_days: clv.horizon_days,
            bgnbd: clv.bgnbd.as_ref().ok().map(FitJson::from),
            gamma_gamma: clv.gamma_gamma.as_ref().ok().map(FitJson::from),
            not_fitted: [clv.bgnbd.as_ref().err(), clv.gamma_gamma.as_ref().err()]
                .into_iter()
                .flatten()
                .map(|why| why.en.as_str())
                .collect(),
        }
    }
}

/// One tier in the JSON summary.
#[derive(Debug, Serialize)]
pub struct TierJson<'a> {
    /// The tier's English name (stable for scripts whatever `--lang`).
    pub tier: &'a str,
    /// Customers in the tier.
    pub customers: usize,
    /// Share of all customers, 0–1.
    pub share: f64,
    /// Net spend of the tier, rounded to cents.
    pub net_spend: f64,
    /// Share of total net spend, 0–1.
    pub spend_share: f64,
    /// Mean score.
    pub average_score: f64,
}

/// The JSON text of a score run.
pub fn render(
    summary: &Summary,
    info: &RunInfo<'_>,
    window_start: chrono::NaiveDate,
    clv: &Clv,
    output: &Path,
) -> String {
    let report = ScoreReport {
        as_of: info.as_of.to_string(),
        window_start: window_start.to_string(),
        customers: summary.customers,
        active_customers: summary.active_customers,
        orders: summary.orders,
        order_lines: summary.order_lines,
        net_spend: round(summary.net_spend, 2),
        output,
        warnings: summary.rows_skipped + summary.rows_noted,
        rows_skipped: summary.rows_skipped,
        tiers: summary
            .tiers
            .iter()
            .map(|line| TierJson {
                tier: &info.config.tiers.levels[line.tier].name,
                customers: line.customers,
                share: round(line.share, 4),
                net_spend: round(line.net_spend, 2),
                spend_share: round(line.spend_share, 4),
                average_score: round(line.average_score, 1),
            })
            .collect(),
        clv: ClvJson::new(clv),
        backtest: info.backtest.map(BacktestJson::from),
    };
    serde_json::to_string_pretty(&report).unwrap_or_default()
}
