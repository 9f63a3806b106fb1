//! Why a customer has their tier: each component's raw value, score, weight and contribution,
//! the tier cut-offs of this run, and what it would take to reach the next tier.
//!
//! The gap to the next tier is found by moving one of the customer's figures (net spend or
//! orders) and holding everyone else as they are: the smallest increase whose percentile lifts
//! the score to the next tier's cut-off. With `method = "rules"` the gap is read off the rule.

use serde::Serialize;

use crate::config::{Config, TierMethod};
use crate::pipeline::segment::Tier;
use crate::pipeline::{Graded, attributes};

/// One component of the score.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Part {
    /// recency, frequency, monetary or breadth.
    pub component: &'static str,
    /// The raw figure: days since the last order, orders, net spend, categories.
    pub value: Option<f64>,
    /// The 0–100 component score.
    pub score: f64,
    /// The configured weight.
    pub weight: f64,
    /// Points it adds to the total: weight × score / sum of weights.
    pub contribution: f64,
}

/// What it takes to reach the next tier up.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Gap {
    /// The tier above (index into the levels).
    pub tier: Tier,
    /// The score it takes (the lowest score in that tier this run, or its `min_score`).
    pub score_needed: Option<f64>,
    /// Net spend to add in the window, all else equal; `None` when spend alone cannot do it.
    pub more_net_spend: Option<f64>,
    /// Orders to add in the window, all else equal.
    pub more_orders: Option<u32>,
}

/// The explanation of one customer's grade.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Explanation {
    /// The parts of the score.
    pub parts: Vec<Part>,
    /// Points taken off for complaints.
    pub penalty: f64,
    /// The score.
    pub score: f64,
    /// Per tier (highest first, all but the last): the lowest score that got it this run.
    pub cutoffs: Vec<Option<f64>>,
    /// The next tier up open to the customer and the way there; `None` at the top.
    pub next: Option<Gap>,
    /// Higher tiers whose `when` the customer's attribute classes do not meet.
    #[serde(skip)]
    pub closed: Vec<Tier>,
}

/// Percentile (0–100, mid-rank) that `value` would have among `others` (sorted) plus itself.
fn percentile_among(others: &[f64], value: f64) -> f64 {
    if others.is_empty() {
        return 100.0;
    }
    let below = others.partition_point(|x| *x < value);
    let equal = others[below..].partition_point(|x| *x <= value);
    100.0 * (below as f64 + equal as f64 / 2.0) / others.len() as f64
}

/// The smallest value above `current` whose percentile reaches `needed`: equal to another
/// customer's value (a tie counts half) or just past it.
fn smallest_reaching(others: &[f64], current: f64, needed: f64, step: f64) -> Option<f64> {
    others
        .iter()
        .filter(|x| **x >= current)
        .flat_map(|x| [*x, x + step])
        .filter(|v| *v > current)
        .chain(std::iter::once(current + step))
        .find(|v| percentile_among(others, *v) >= needed)
}

/// Explains customer `i` of a graded run.
pub fn explain(graded: &Graded, i: usize, config: &Config) -> Explanation {
    let m = &graded.metrics[i];
    let s = &graded.scores[i];
    let w = &graded.weights;
    let total_weight = w.total();
    let part = |component, value, score: f64, weight: f64| Part {
        component,
        value,
        score,
        weight,
        contribution: weight * score / total_weight,
    };
    let mut parts = vec![
        part(
            "recency",
            m.recency_days(graded.window.end).map(|d| d as f64),
            s.recency,
            w.recency,
        ),
        part(
            "frequency",
            Some(f64::from(m.orders)),
            s.frequency,
            w.frequency,
        ),
        part("monetary", Some(m.net_spend()), s.monetary, w.monetary),
        part(
            "breadth",
            Some(f64::from(m.categories)),
            s.breadth,
            w.breadth,
        ),
    ];
    if w.value > 0.0 {
        let value = graded.clv.values[i].and_then(|v| v.expected_value);
        parts.push(part("value", value, s.value, w.value));
    }
    let cutoffs = cutoffs(graded, config);
    let (open, closed) = tiers_above(graded, i, config);
    let next = open
        .last()
        .map(|&up| gap(graded, i, up, cutoffs[up], config));
    Explanation {
        parts,
        penalty: s.penalty,
        score: s.total,
        cutoffs,
        next,
        closed,
    }
}

/// The tiers above the one customer `i` qualifies for: those open to them (highest first, so
/// the next one up is the last) and those their attribute classes keep them out of.
pub fn tiers_above(graded: &Graded, i: usize, config: &Config) -> (Vec<Tier>, Vec<Tier>) {
    (0..graded.qualified[i]).partition(|&t| {
        config.tiers.levels[t]
            .when
            .as_ref()
            .is_none_or(|when| attributes::admits(when, &graded.data, i, &graded.classes[i]))
    })
}

/// Per tier but the last: the lowest score that qualified for it this run (`method = "share"`)
/// or its `min_score` (`method = "rules"`).
pub fn cutoffs(graded: &Graded, config: &Config) -> Vec<Option<f64>> {
    let mut lowest: Vec<Option<f64>> = vec![None; config.tiers.levels.len() - 1];
    for (&tier, score) in graded.qualified.iter().zip(&graded.scores) {
        if let Some(slot) = lowest.get_mut(tier) {
            *slot = Some(slot.map_or(score.total, |s: f64| s.min(score.total)));
        }
    }
    match config.tiers.method {
        TierMethod::Share => lowest,
        TierMethod::Rules => config.tiers.levels[..lowest.len()]
            .iter()
            .map(|l| l.min_score)
            .collect(),
    }
}

fn gap(graded: &Graded, i: usize, target: Tier, cutoff: Option<f64>, config: &Config) -> Gap {
    let m = &graded.metrics[i];
    let level = &config.tiers.levels[target];
    if config.tiers.method == TierMethod::Rules && level.min_score.is_none() {
        return Gap {
            tier: target,
            score_needed: None,
            more_net_spend: level
                .min_net_spend
                .map(|min| (min - m.net_spend()).max(0.0)),
            more_orders: level.min_orders.map(|min| min.saturating_sub(m.orders)),
        };
    }
    let Some(needed) = cutoff else {
        return Gap {
            tier: target,
            score_needed: None,
            more_net_spend: None,
            more_orders: None,
        };
    };
    let w = &graded.weights;
    let total_weight = w.total();
    let short = needed - graded.scores[i].total;
    let others = |value: &dyn Fn(usize) -> f64| {
        let mut v: Vec<f64> = (0..graded.metrics.len())
            .filter(|&k| k != i && graded.metrics[k].is_active())
            .map(value)
            .collect();
        v.sort_by(f64::total_cmp);
        v
    };
    let s = &graded.scores[i];
    let spend = (w.monetary > 0.0).then(|| {
        let target_pct = s.monetary + short * total_weight / w.monetary;
        let spends = others(&|k| graded.metrics[k].net_spend());
        smallest_reaching(&spends, m.net_spend(), target_pct, 0.01)
            .map(|v| (v - m.net_spend()).max(0.0))
    });
    let orders = (w.frequency > 0.0).then(|| {
        let target_pct = s.frequency + short * total_weight / w.frequency;
        let counts = others(&|k| f64::from(graded.metrics[k].orders));
        smallest_reaching(&counts, f64::from(m.orders), target_pct, 1.0)
            .map(|v| (v - f64::from(m.orders)).ceil() as u32)
    });
    Gap {
        tier: target,
        score_needed: Some(needed),
        more_net_spend: spend.flatten(),
        more_orders: orders.flatten(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_of_a_new_value_among_the_others() {
        let others = [10.0, 20.0, 30.0];
        assert_eq!(percentile_among(&others, 5.0), 0.0);
        assert_eq!(percentile_among(&others, 25.0), 200.0 / 3.0);
        assert_eq!(percentile_among(&others, 30.0), 250.0 / 3.0);
        assert_eq!(percentile_among(&others, 31.0), 100.0);
    }

    #[test]
    fn the_smallest_increase_steps_just_past_another_customer() {
        let others = [10.0, 20.0, 30.0];
        // From 12: tying 20 gives (1 + ½) / 3 = 50, passing it 66.7.
        assert_eq!(smallest_reaching(&others, 12.0, 50.0, 0.01), Some(20.0));
        assert_eq!(smallest_reaching(&others, 12.0, 60.0, 0.01), Some(20.01));
        assert_eq!(smallest_reaching(&others, 12.0, 100.0, 0.01), Some(30.01));
        assert_eq!(smallest_reaching(&others, 12.0, 101.0, 0.01), None);
    }
}
