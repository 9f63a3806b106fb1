//! Step 8: what a run hands to people and scripts: the management workbook, the terminal
//! table and the JSON summary, all drawn from one [`Summary`] so they always agree.

pub mod check;
pub mod explain;
pub mod json;
pub mod labels;
pub mod output;
pub mod overview;
pub mod reasons;
pub mod report;
pub mod revisit;
pub mod table;
pub mod workbook;

use std::panic::AssertUnwindSafe;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use chrono::NaiveDate;

use crate::config::Config;
use crate::issues;
use crate::model::{Lang, Status};
use crate::pipeline::Graded;
use crate::pipeline::clv::Backtest;
use crate::pipeline::previous::Previous;

/// `value` rounded to `places` decimals, halves away from zero, as Excel shows a number: what
/// the terminal, the JSON and the report print is then what the workbook shows (`format!`
/// alone turns 66.25 into 66.2 where Excel shows 66.3).
pub(crate) fn round(value: f64, places: i32) -> f64 {
    let scale = 10f64.powi(places);
    (value * scale).round() / scale
}

/// A figure to one decimal, as the workbook's `0.0` format shows it.
pub(crate) fn one_decimal(value: f64) -> String {
    format!("{:.1}", round(value, 1))
}

/// A share as a percent to one decimal, as the workbook's `0.0%` format shows it.
pub(crate) fn percent(share: f64) -> String {
    format!("{:.1}%", round(share * 100.0, 1))
}

/// How a workbook's sheets with charts are written. `rust_xlsxwriter` writes a constant-memory
/// sheet's rows to a temporary file as they come, and at save starts a thread for every other
/// sheet; a chart's cached points, which previewers that do not recalculate draw from, it takes
/// from its sheet's rows at save, which a constant-memory sheet no longer holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sheets {
    /// Sheets with charts in standard mode: charts carry their points.
    Standard,
    /// Every sheet in constant-memory mode, for where the system refuses threads: charts are
    /// drawn from the cells alone.
    ConstantMemory,
}

impl Sheets {
    /// A new sheet with charts, in this mode.
    pub(crate) fn add(
        self,
        workbook: &mut rust_xlsxwriter::Workbook,
    ) -> anyhow::Result<&mut rust_xlsxwriter::Worksheet> {
        Ok(match self {
            Sheets::Standard => workbook.add_worksheet(),
            Sheets::ConstantMemory => workbook.add_worksheet_with_constant_memory()?,
        })
    }
}

/// How many [`catch_panic`]s are under way.
static CATCHING: AtomicUsize = AtomicUsize::new(0);

/// Runs `f`, turning a panic into its message. `rust_xlsxwriter` panics where it cannot write a
/// temporary file or start a thread; to the user that is an error like any other.
pub(crate) fn catch_panic<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    CATCHING.fetch_add(1, Ordering::SeqCst);
    let caught = std::panic::catch_unwind(AssertUnwindSafe(f));
    CATCHING.fetch_sub(1, Ordering::SeqCst);
    caught.map_err(|payload| {
        payload
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| payload.downcast_ref::<&str>().copied())
            .unwrap_or("unknown failure")
            .to_owned()
    })
}

/// The error for a panic [`catch_panic`] caught while `doing` something with a workbook.
pub(crate) fn panic_error(what: &str, doing: &str) -> anyhow::Error {
    if what.starts_with("Couldn't write") {
        anyhow::anyhow!(
            "cannot write the workbook's sheets to temporary files ({what}); is the disk or the temporary directory full?"
        )
    } else {
        anyhow::anyhow!("internal error while {doing}: {what}")
    }
}

/// Whether a panic now is one that tiers turns into an error, so that a panic hook need
/// not report it.
pub fn panic_is_caught() -> bool {
    CATCHING.load(Ordering::SeqCst) > 0
}

/// What the writers need to know about the run besides its results.
#[derive(Debug, Clone)]
pub struct RunInfo<'a> {
    /// The as-of date.
    pub as_of: NaiveDate,
    /// Output language.
    pub lang: Lang,
    /// The effective configuration.
    pub config: &'a Config,
    /// The config file, if one was read.
    pub config_path: Option<PathBuf>,
    /// The input files as given.
    pub inputs: Vec<PathBuf>,
    /// The previous workbook at the output path, read back.
    pub previous: Option<&'a Previous>,
    /// The lifetime value backtest, when one was asked for.
    pub backtest: Option<&'a Backtest>,
    /// Whether to write the Orders sheet (every order line); `--no-history` leaves it out.
    pub orders_sheet: bool,
}

/// Sets `sheet` up to print with `left` in the left of its page header (as written: an `&`
/// is doubled), `right` in the right (Excel's codes allowed, such as `&A` for the sheet's
/// name) and its pages numbered in `lang`.
pub(crate) fn page_titles(
    sheet: &mut rust_xlsxwriter::Worksheet,
    left: &str,
    right: &str,
    lang: Lang,
) {
    sheet
        .set_header(format!("&L{}&R{right}", left.replace('&', "&&")))
        .set_footer(labels::labels(lang).page_footer);
}

/// One tier's line in the summary.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct TierLine {
    /// Index into the configured levels.
    pub tier: usize,
    /// Customers in the tier.
    pub customers: usize,
    /// Share of all customers.
    pub share: f64,
    /// Net spend of the tier's customers.
    pub net_spend: f64,
    /// Share of the total net spend (0 when the total is not positive).
    pub spend_share: f64,
    /// Mean score of the tier's customers.
    pub average_score: f64,
    /// The score the tier starts at this run: the lowest that qualified for it (`method =
    /// "share"`) or its `min_score` (`method = "rules"`); none for the last tier, a share no
    /// customer qualified for, or a rule without a `min_score`.
    pub score_from: Option<f64>,
}

/// Totals of a graded run.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    /// One line per tier, highest first.
    pub tiers: Vec<TierLine>,
    /// All customers.
    pub customers: usize,
    /// Customers with a counted purchase in the window.
    pub active_customers: usize,
    /// Counted orders in the window.
    pub orders: u64,
    /// Order lines read.
    pub order_lines: usize,
    /// Net spend in the window.
    pub net_spend: f64,
    /// Pending order lines.
    pub pending_lines: usize,
    /// Cancelled order lines.
    pub cancelled_lines: usize,
    /// Input rows not used.
    pub rows_skipped: usize,
    /// Rows used with a note.
    pub rows_noted: usize,
    /// The date of the latest order line in the inputs, whatever its status.
    pub latest_order: Option<chrono::NaiveDate>,
    /// The date of the earliest order line in the inputs, whatever its status.
    pub earliest_order: Option<chrono::NaiveDate>,
}

impl Summary {
    /// The total row's shares: of customers, of net spend (1, or 0 where there is none, as
    /// each tier's are then).
    pub fn total_shares(&self) -> (f64, f64) {
        let share = |any: bool| if any { 1.0 } else { 0.0 };
        (share(self.customers > 0), share(self.net_spend > 0.0))
    }

    /// The mean score of all customers.
    pub fn average_score(&self) -> f64 {
        let scored: f64 = self
            .tiers
            .iter()
            .map(|t| t.average_score * t.customers as f64)
            .sum();
        scored / self.customers.max(1) as f64
    }

    /// Days from the latest order in the inputs to the as-of date, when the inputs stop more
    /// than [`STALE_DAYS`] before it: an export this old makes every customer look less
    /// recent than they are.
    pub fn stale_days(&self, as_of: chrono::NaiveDate) -> Option<i64> {
        stale_days(self.latest_order?, as_of)
    }
}

/// Days between the latest order and the as-of date past which the inputs look stale.
pub const STALE_DAYS: i64 = 14;

/// Days from `latest` to the as-of date, when they are more than [`STALE_DAYS`].
fn stale_days(latest: chrono::NaiveDate, as_of: chrono::NaiveDate) -> Option<i64> {
    Some((as_of - latest).num_days()).filter(|&days| days > STALE_DAYS)
}

/// Days between the start of the scoring window and the earliest order past which the inputs
/// look like part of the window only (a month's export).
const SHORT_DAYS: i64 = 60;

/// What `score` and `check` say when the earliest order is months after the scoring window
/// starts: spend and orders then cover part of the window, as when a month's export alone is
/// graded.
pub fn short_inputs_note(
    earliest: chrono::NaiveDate,
    window: crate::model::Window,
) -> Option<crate::issues::Wording> {
    let start = window.start;
    let days = Some((earliest - start).num_days()).filter(|&days| days > SHORT_DAYS)?;
    Some(crate::issues::Wording::new(
        format!(
            "the earliest order in the inputs is dated {earliest}, {days} days after the scoring window starts ({start}): spend and orders count only from then; if there are older orders, give them too (a month's export alone grades on that month)"
        ),
        format!(
            "输入中最早的订单在 {earliest}，比评分期间开始（{start}）晚 {days} 天：消费额和订单数只从那天算起；如有更早的订单，请一并提供（只给当月导出，就只按当月评级）"
        ),
    ))
}

/// What `score` and `check` say when the latest order is weeks before the as-of date.
pub fn stale_inputs_note(
    latest: chrono::NaiveDate,
    as_of: chrono::NaiveDate,
) -> Option<crate::issues::Wording> {
    let days = stale_days(latest, as_of)?;
    Some(crate::issues::Wording::new(
        format!(
            "the latest order in the inputs is dated {latest}, {days} days before the as-of date {as_of}: if the inputs stop there, every customer looks less recent than they are; --as-of {latest} grades as of the inputs"
        ),
        format!(
            "输入中最近的订单在 {latest}，比截止日期 {as_of} 早 {days} 天：如果数据只到那天，每位客户都会显得更久未购买；用 --as-of {latest} 可按数据的截止日评级"
        ),
    ))
}

impl Summary {
    /// Totals the graded run.
    pub fn of(graded: &Graded, config: &Config) -> Self {
        let cutoffs = crate::pipeline::explain::cutoffs(graded, config);
        let mut tiers: Vec<TierLine> = (0..config.tiers.levels.len())
            .map(|tier| TierLine {
                tier,
                customers: 0,
                share: 0.0,
                net_spend: 0.0,
                spend_share: 0.0,
                average_score: 0.0,
                score_from: cutoffs.get(tier).copied().flatten(),
            })
            .collect();
        for (i, &tier) in graded.tiers.iter().enumerate() {
            let line = &mut tiers[tier];
            line.customers += 1;
            line.net_spend += graded.metrics[i].net_spend();
            line.average_score += graded.scores[i].total;
        }
        let customers = graded.tiers.len();
        let net_spend: f64 = tiers.iter().map(|t| t.net_spend).sum();
        for line in &mut tiers {
            if line.customers > 0 {
                line.average_score /= line.customers as f64;
                line.share = line.customers as f64 / customers as f64;
            }
            if net_spend > 0.0 {
                line.spend_share = line.net_spend / net_spend;
            }
        }
        let orders = &graded.data.orders;
        let count = |status| orders.iter().filter(|o| o.status == Some(status)).count();
        let (rows_skipped, rows_noted) = issues::counts(&graded.data.issues);
        Self {
            tiers,
            customers,
            active_customers: graded.metrics.iter().filter(|m| m.is_active()).count(),
            orders: graded.metrics.iter().map(|m| u64::from(m.orders)).sum(),
            order_lines: orders.len(),
            net_spend,
            pending_lines: count(Status::Pending),
            cancelled_lines: count(Status::Cancelled),
            rows_skipped,
            rows_noted,
            latest_order: orders.iter().map(|o| o.date).max(),
            earliest_order: orders.iter().map(|o| o.date).min(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_round_half_away_from_zero_as_excel_shows_them() {
        // Exact binary halves, which `format!` rounds to even.
        assert_eq!(format!("{:.1}", 66.25), "66.2");
        assert_eq!(one_decimal(66.25), "66.3");
        assert_eq!(one_decimal(66.75), "66.8");
        assert_eq!(one_decimal(-2.25), "-2.3");
        assert_eq!(one_decimal(80.0), "80.0");
        assert_eq!(percent(0.12345), "12.3%");
        assert_eq!(percent(0.04375), "4.4%");
        assert_eq!(round(364_763.185, 2), 364_763.19);
    }
}
