//! RFM segments as the R package `rfm` (rsquaredacademy, 0.3.0) computes them, for analysts
//! who move from R: `segments.method = "rfm"`.
//!
//! As in `rfm_table_order`, per customer: recency = days from the last order line to the
//! as-of date, frequency = number of order lines, monetary = their summed amount (returns
//! negative), over every counted line up to the as-of date. Each is scored 1–5 on cut points
//! that are R's default (type 7) quantiles at 20%, 40%, 60%, 80%, plus 1; bins are half-open
//! `[lower, upper)` from the minimum to the maximum + 1, and repeated cut points leave a score
//! unused, as in R. Recency scores run 5 (most recent) to 1. The RFM score is 100R + 10F + M.
//! Segments follow the package's documented table; the first matching row wins; ties between
//! customers need no breaking, since equal values always get equal scores.

use chrono::NaiveDate;
use serde::Serialize;

use crate::model::{Order, OrderKind};

/// A customer's RFM figures and scores.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Rfm {
    /// Days since the last order line.
    pub recency_days: f64,
    /// Order lines.
    pub count: u32,
    /// Summed amount.
    pub amount: f64,
    /// Recency score, 1–5.
    pub r: u8,
    /// Frequency score, 1–5.
    pub f: u8,
    /// Monetary score, 1–5.
    pub m: u8,
}

impl Rfm {
    /// 100R + 10F + M.
    pub fn score(&self) -> u32 {
        100 * u32::from(self.r) + 10 * u32::from(self.f) + u32::from(self.m)
    }
}

/// The package's segment table: name, then inclusive (lower, upper) for R, F and M; the first
/// matching row wins, everyone else is "Others".
pub const TABLE: [(&str, [(u8, u8); 3]); 10] = [
    ("Champions", [(5, 5), (5, 5), (5, 5)]),
    ("Potential Loyalist", [(3, 5), (3, 5), (2, 5)]),
    ("Loyal Customers", [(2, 4), (2, 4), (2, 4)]),
    ("Promising", [(3, 4), (1, 3), (3, 5)]),
    ("New Customers", [(4, 5), (1, 3), (1, 5)]),
    ("Can't Lose Them", [(1, 2), (3, 4), (4, 5)]),
    ("At Risk", [(1, 2), (2, 5), (4, 5)]),
    ("Need Attention", [(1, 3), (3, 5), (3, 5)]),
    ("About To Sleep", [(2, 3), (1, 3), (1, 4)]),
    ("Lost", [(1, 1), (1, 5), (1, 5)]),
];

/// Keys of the table's segments in `tiers.toml` (service strategies), then "others".
pub const KEYS: [&str; 11] = [
    "champions",
    "potential_loyalist",
    "loyal_customers",
    "promising",
    "new_customers",
    "cant_lose_them",
    "at_risk",
    "need_attention",
    "about_to_sleep",
    "lost",
    "others",
];

/// The row of [`TABLE`] a customer falls in; `None` for "Others".
pub fn segment(rfm: &Rfm) -> Option<usize> {
    TABLE.iter().position(|(_, bounds)| {
        [rfm.r, rfm.f, rfm.m]
            .iter()
            .zip(bounds)
            .all(|(score, (lo, hi))| lo <= score && score <= hi)
    })
}

/// R's `quantile(x, p)` with its default type 7, computed as R does.
fn quantile7(sorted: &[f64], p: f64) -> f64 {
    let n = sorted.len();
    let index = 1.0 + (n.saturating_sub(1)) as f64 * p;
    let lo = index.floor();
    let hi = index.ceil();
    let qs = sorted[lo as usize - 1];
    let x_hi = sorted[hi as usize - 1];
    if index > lo && x_hi != qs {
        let h = index - lo;
        (1.0 - h) * qs + h * x_hi
    } else {
        qs
    }
}

/// The package's `bins()`: the inner quantiles of five bins, plus 1.
fn cuts(sorted: &[f64]) -> [f64; 4] {
    // R's seq(0, 1, length.out = 6) is k * 0.2, so the third is 0.6000000000000001, as here.
    [1.0, 2.0, 3.0, 4.0].map(|k| quantile7(sorted, k * 0.2) + 1.0)
}

/// Scores 1–5 of each value: the bin `[lower, upper)` it falls in, counting from the lowest.
fn scores(values: &[f64]) -> Vec<u8> {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let (Some(&min), Some(&max)) = (sorted.first(), sorted.last()) else {
        return Vec::new();
    };
    let cuts = cuts(&sorted);
    let lower = [min, cuts[0], cuts[1], cuts[2], cuts[3]];
    let upper = [cuts[0], cuts[1], cuts[2], cuts[3], max + 1.0];
    values
        .iter()
        .map(|&v| {
            // As in R's loop, a later bin overwrites an earlier one; bins are disjoint unless a
            // cut point repeats.
            (0..5)
                .rev()
                .find(|&b| lower[b] <= v && v < upper[b])
                .map_or(0, |b| b as u8 + 1)
        })
        .collect()
}

/// Every customer's RFM, `None` for customers without an order line up to the as-of date.
pub fn rfm(customers: usize, orders: &[Order], as_of: NaiveDate) -> Vec<Option<Rfm>> {
    let mut figures: Vec<Option<(NaiveDate, u32, f64)>> = vec![None; customers];
    for order in orders
        .iter()
        .filter(|o| o.status_counts() && o.date <= as_of)
    {
        let signed = if order.kind == OrderKind::Return {
            -order.amount
        } else {
            order.amount
        };
        let entry = figures[order.customer as usize].get_or_insert((order.date, 0, 0.0));
        entry.0 = entry.0.max(order.date);
        entry.1 += 1;
        entry.2 += signed;
    }
    let present: Vec<(usize, f64, u32, f64)> = figures
        .iter()
        .enumerate()
        .filter_map(|(i, f)| {
            f.map(|(last, count, amount)| (i, (as_of - last).num_days() as f64, count, amount))
        })
        .collect();
    let r = scores(&present.iter().map(|p| p.1).collect::<Vec<_>>());
    let f = scores(&present.iter().map(|p| f64::from(p.2)).collect::<Vec<_>>());
    let m = scores(&present.iter().map(|p| p.3).collect::<Vec<_>>());
    let mut out = vec![None; customers];
    for (k, &(i, recency_days, count, amount)) in present.iter().enumerate() {
        // Recency runs the other way: the most recent bin scores 5.
        out[i] = Some(Rfm {
            recency_days,
            count,
            amount,
            r: 6 - r[k],
            f: f[k],
            m: m[k],
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const MTCARS_MPG: [f64; 32] = [
        21.0, 21.0, 22.8, 21.4, 18.7, 18.1, 14.3, 24.4, 22.8, 19.2, 17.8, 16.4, 17.3, 15.2, 10.4,
        10.4, 14.7, 32.4, 30.4, 33.9, 21.5, 15.5, 15.2, 13.3, 19.2, 27.3, 26.0, 30.4, 15.8, 19.7,
        15.0, 21.4,
    ];

    #[test]
    fn cut_points_match_the_packages_own_test() {
        // rfm's tests: bins(mtcars, "mpg", 5) is c(16.20, 18.92, 22.00, 25.08).
        let mut sorted = MTCARS_MPG.to_vec();
        sorted.sort_by(f64::total_cmp);
        let cuts = cuts(&sorted);
        for (got, want) in cuts.iter().zip([16.20, 18.92, 22.00, 25.08]) {
            assert!((got - want).abs() < 1e-9, "{cuts:?}");
        }
    }

    #[test]
    fn bins_are_half_open_and_repeated_cuts_skip_a_score() {
        // Quantiles of 1..=10 at 20/40/60/80% are 2.8, 4.6, 6.4, 8.2; cuts 3.8, 5.6, 7.4, 9.2.
        let values: Vec<f64> = (1..=10).map(f64::from).collect();
        assert_eq!(scores(&values), [1, 1, 1, 2, 2, 3, 3, 4, 4, 5]);
        // Many equal values: cuts 2, 2, 2, 2 → scores 2–4 are never given.
        assert_eq!(
            scores(&[1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 5.0]),
            [1, 1, 1, 1, 1, 1, 1, 1, 1, 5]
        );
    }

    #[test]
    fn the_first_matching_row_wins() {
        let rfm = |r, f, m| Rfm {
            recency_days: 0.0,
            count: 0,
            amount: 0.0,
            r,
            f,
            m,
        };
        assert_eq!(
            segment(&rfm(5, 5, 5)).map(|i| TABLE[i].0),
            Some("Champions")
        );
        // 3-4-3 fits Potential Loyalist (row 2) before Loyal Customers (row 3).
        assert_eq!(
            segment(&rfm(3, 4, 3)).map(|i| TABLE[i].0),
            Some("Potential Loyalist")
        );
        assert_eq!(
            segment(&rfm(3, 2, 1)).map(|i| TABLE[i].0),
            Some("About To Sleep")
        );
        assert_eq!(segment(&rfm(1, 1, 1)).map(|i| TABLE[i].0), Some("Lost"));
        assert_eq!(segment(&rfm(5, 5, 1)), None);
    }
}
