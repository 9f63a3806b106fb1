//! Step 5: a 0–100 score per customer with its parts, so every grade can be explained.
//!
//! Each component is the customer's percentile among active customers (those with a counted
//! purchase in the window): 0 for the lowest, 100 for the highest, ties sharing their mid-rank.
//! Percentiles make the score independent of the business's scale and robust to the few
//! very large buyers every customer base has. The score is the weighted mean of the components
//! less the complaint penalty, never below 0. Inactive customers score 0.

use chrono::NaiveDate;

use crate::config::{ScoreConfig, Weights};
use crate::pipeline::aggregate::Metrics;

/// A customer's score and its parts.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Score {
    /// The weighted score less the penalty, 0–100.
    pub total: f64,
    /// Recency percentile: recent buyers score high.
    pub recency: f64,
    /// Frequency percentile: orders in the window.
    pub frequency: f64,
    /// Monetary percentile: net spend in the window.
    pub monetary: f64,
    /// Breadth percentile: distinct categories in the window.
    pub breadth: f64,
    /// Value percentile: expected value over the lifetime-value horizon (0 without one).
    pub value: f64,
    /// Points taken off for complaints.
    pub penalty: f64,
}

/// Scores every customer; `values` are their expected values (lifetime value), `weights` the
/// weights in force (the config's, less any that cannot be used this run).
pub fn score(
    metrics: &[Metrics],
    values: &[Option<f64>],
    as_of: NaiveDate,
    config: &ScoreConfig,
    weights: &Weights,
) -> Vec<Score> {
    let active: Vec<usize> = (0..metrics.len())
        .filter(|&i| metrics[i].is_active())
        .collect();
    let component = |value: &dyn Fn(&Metrics) -> f64| {
        let values: Vec<f64> = active.iter().map(|&i| value(&metrics[i])).collect();
        percentiles(&values)
    };
    // More recent is better: rank the negated age of the last purchase.
    let recency = component(&|m| -(m.recency_days(as_of).unwrap_or(i64::MAX / 2) as f64));
    let frequency = component(&|m| f64::from(m.orders));
    let monetary = component(&|m| m.net_spend());
    let breadth = component(&|m| f64::from(m.categories));
    let value = percentiles(
        &active
            .iter()
            .map(|&i| values.get(i).copied().flatten().unwrap_or(0.0))
            .collect::<Vec<f64>>(),
    );
    let w = weights;
    let weight_sum = w.total();
    let mut scores = vec![Score::default(); metrics.len()];
    for (k, &i) in active.iter().enumerate() {
        let mut s = Score {
            recency: recency[k],
            frequency: frequency[k],
            monetary: monetary[k],
            breadth: breadth[k],
            value: value[k],
            ..Score::default()
        };
        let weighted = (w.recency * s.recency
            + w.frequency * s.frequency
            + w.monetary * s.monetary
            + w.breadth * s.breadth
            + w.value * s.value)
            / weight_sum;
        s.penalty = (config.complaint_penalty * f64::from(metrics[i].complaints))
            .min(config.max_complaint_penalty);
        s.total = without_noise((weighted - s.penalty).max(0.0));
        scores[i] = s;
    }
    scores
}

/// A score rounded to nine decimals: sums equal in exact arithmetic (30·33/36 + 40·24/36 and
/// 30·29/36 + 40·27/36 as percentiles) can differ in their last bits, which would rank one customer above the
/// other and, at a tier's edge, grade equal scores differently.
fn without_noise(score: f64) -> f64 {
    (score * 1e9).round() / 1e9
}

/// Mid-rank percentiles, 0 to 100: the lowest value 0, the highest 100, equal values share the
/// mean of their ranks; a single value is 100.
pub fn percentiles(values: &[f64]) -> Vec<f64> {
    let n = values.len();
    if n == 1 {
        return vec![100.0];
    }
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| values[a].total_cmp(&values[b]));
    let mut result = vec![0.0; n];
    let mut lo = 0;
    while lo < n {
        let mut hi = lo;
        while hi + 1 < n && values[order[hi + 1]] == values[order[lo]] {
            hi += 1;
        }
        let pct = 100.0 * (lo + hi) as f64 / 2.0 / (n - 1) as f64;
        for &i in &order[lo..=hi] {
            result[i] = pct;
        }
        lo = hi + 1;
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_equal_in_exact_arithmetic_are_equal() {
        // Two customers of a QA run: frequency 91.67 and monetary 66.67 against 80.56 and 75,
        // recency and breadth alike; weights 20, 30, 40 and 10.
        let weighted = |frequency: f64, monetary: f64| {
            (20.0 * 98.611_111_111_111_11
                + 30.0 * frequency
                + 40.0 * monetary
                + 10.0 * 70.833_333_333_333_33)
                / 100.0
        };
        let (a, b) = (
            weighted(91.666_666_666_666_67, 66.666_666_666_666_67),
            weighted(80.555_555_555_555_56, 75.0),
        );
        assert_ne!(a, b, "the sums differ in their last bit");
        assert_eq!(without_noise(a), without_noise(b));
        assert_eq!(without_noise(72.5), 72.5);
    }

    #[test]
    fn percentiles_share_ranks_on_ties() {
        assert_eq!(percentiles(&[10.0, 30.0, 20.0]), vec![0.0, 100.0, 50.0]);
        // Ranks 0 and 1 tie → 50 of the way to rank 1 of 2 → 25.
        assert_eq!(percentiles(&[5.0, 5.0, 9.0]), vec![25.0, 25.0, 100.0]);
        assert_eq!(percentiles(&[7.0]), vec![100.0]);
        assert!(percentiles(&[]).is_empty());
    }

    fn metrics(orders: u32, spend: f64, last: &str, categories: u32, complaints: u32) -> Metrics {
        Metrics {
            orders,
            gross_spend: spend,
            categories,
            complaints,
            last_order: NaiveDate::parse_from_str(last, "%Y-%m-%d").ok(),
            ..Metrics::default()
        }
    }

    #[test]
    fn score_is_the_weighted_mean_less_the_penalty() {
        let as_of = NaiveDate::from_ymd_opt(2026, 6, 30).unwrap();
        let all = [
            metrics(10, 5000.0, "2026-06-20", 4, 0),
            metrics(2, 300.0, "2026-01-01", 1, 1),
            Metrics::default(),
        ];
        let config = ScoreConfig::default();
        let scores = score(&all, &[], as_of, &config, &config.weights);
        // Customer 0 is best on every component: 100.
        assert_eq!(scores[0].total, 100.0);
        // Customer 1 is lowest on every component (0) and has one complaint: max(0 − 5, 0).
        assert_eq!((scores[1].total, scores[1].penalty), (0.0, 5.0));
        // No purchases: not ranked, score 0.
        assert_eq!(scores[2], Score::default());
    }

    #[test]
    fn weights_shift_the_score() {
        let as_of = NaiveDate::from_ymd_opt(2026, 6, 30).unwrap();
        // A spends more, B buys more recently; everything else equal.
        let all = [
            metrics(3, 900.0, "2026-01-01", 2, 0),
            metrics(3, 100.0, "2026-06-01", 2, 0),
        ];
        let config = ScoreConfig::default();
        let scores = score(&all, &[], as_of, &config, &config.weights);
        // A: monetary 100 × 40, frequency 50 × 30, breadth 50 × 10, recency 0 → 60.
        assert!((scores[0].total - 60.0).abs() < 1e-9);
        // B: recency 100 × 20, frequency 50 × 30, breadth 50 × 10 → 40.
        assert!((scores[1].total - 40.0).abs() < 1e-9);
    }
}
