//! Step 6: tiers from scores, by share of active customers or by rules, and the ranking the
//! workbook lists customers in.
//!
//! With `method = "share"`, active customers are ranked by score (then net spend, then id, so
//! the order is stable) and the top `share` of them fill each tier in turn; customers tied on
//! score with the last one in a tier join that tier, so equal scores always get equal grades.
//! With `method = "rules"`, a customer gets the first tier whose `min_*` conditions all hold.
//! Customers without a counted purchase in the window always get the lowest tier.

use std::cmp::Ordering;

use crate::config::{Level, TierConfig, TierMethod};
use crate::model::Customer;
use crate::pipeline::aggregate::Metrics;
use crate::pipeline::score::Score;

/// Index into the configured tier levels, 0 being the highest.
pub type Tier = usize;

/// Assigns a tier to every customer.
pub fn assign_tiers(
    customers: &[Customer],
    metrics: &[Metrics],
    scores: &[Score],
    config: &TierConfig,
) -> Vec<Tier> {
    let lowest = config.levels.len() - 1;
    let mut tiers = vec![lowest; customers.len()];
    match config.method {
        TierMethod::Share => {
            let mut ranked: Vec<usize> = (0..customers.len())
                .filter(|&i| metrics[i].is_active())
                .collect();
            ranked.sort_by(|&a, &b| by_rank(a, b, customers, metrics, scores));
            let n = ranked.len() as f64;
            let mut start = 0;
            let mut cumulative = 0.0;
            for (tier, level) in config.levels[..lowest].iter().enumerate() {
                cumulative += level.share.unwrap_or(0.0);
                let mut end = ((n * cumulative).round() as usize).clamp(start, ranked.len());
                if end > start {
                    let last_score = scores[ranked[end - 1]].total;
                    while end < ranked.len() && scores[ranked[end]].total == last_score {
                        end += 1;
                    }
                }
                for &i in &ranked[start..end] {
                    tiers[i] = tier;
                }
                start = end;
            }
        }
        TierMethod::Rules => {
            for i in (0..customers.len()).filter(|&i| metrics[i].is_active()) {
                tiers[i] = config.levels[..lowest]
                    .iter()
                    .position(|level| meets(level, &metrics[i], &scores[i]))
                    .unwrap_or(lowest);
            }
        }
    }
    tiers
}

fn meets(level: &Level, metrics: &Metrics, score: &Score) -> bool {
    level.min_score.is_none_or(|min| score.total >= min)
        && level
            .min_net_spend
            .is_none_or(|min| metrics.net_spend() >= min)
        && level.min_orders.is_none_or(|min| metrics.orders >= min)
        && level
            .min_categories
            .is_none_or(|min| metrics.categories >= min)
}

/// Higher score first, then higher net spend, then customer id.
fn by_rank(
    a: usize,
    b: usize,
    customers: &[Customer],
    metrics: &[Metrics],
    scores: &[Score],
) -> Ordering {
    scores[b]
        .total
        .total_cmp(&scores[a].total)
        .then(metrics[b].net_spend().total_cmp(&metrics[a].net_spend()))
        .then_with(|| customers[a].id.cmp(&customers[b].id))
}

/// Customer indexes in the order the workbook lists them: by tier, then by rank.
pub fn ranking(
    customers: &[Customer],
    metrics: &[Metrics],
    scores: &[Score],
    tiers: &[Tier],
) -> Vec<usize> {
    let mut order: Vec<usize> = (0..customers.len()).collect();
    order.sort_by(|&a, &b| {
        tiers[a]
            .cmp(&tiers[b])
            .then_with(|| by_rank(a, b, customers, metrics, scores))
    });
    order
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::model::Origin;

    fn customer(id: &str) -> Customer {
        Customer {
            id: id.into(),
            name: String::new(),
            attributes: Vec::new(),
            origin: Origin::CustomersSheet,
        }
    }

    fn active(spend: f64) -> Metrics {
        Metrics {
            orders: 1,
            gross_spend: spend,
            ..Metrics::default()
        }
    }

    fn setup(totals: &[f64]) -> (Vec<Customer>, Vec<Metrics>, Vec<Score>) {
        let customers = (0..totals.len())
            .map(|i| customer(&format!("C{i:03}")))
            .collect();
        let metrics = totals.iter().map(|&t| active(t)).collect();
        let scores = totals
            .iter()
            .map(|&t| Score {
                total: t,
                ..Score::default()
            })
            .collect();
        (customers, metrics, scores)
    }

    #[test]
    fn shares_fill_tiers_from_the_top() {
        // 20 customers scoring 1..=20: 5% → 1 diamond, 15% → 3 gold, 30% → 6 silver, 10 ordinary.
        let totals: Vec<f64> = (1..=20).map(f64::from).collect();
        let (customers, metrics, scores) = setup(&totals);
        let tiers = assign_tiers(&customers, &metrics, &scores, &Config::default().tiers);
        let count = |t| tiers.iter().filter(|&&x| x == t).count();
        assert_eq!((count(0), count(1), count(2), count(3)), (1, 3, 6, 10));
        assert_eq!(tiers[19], 0);
        assert_eq!(tiers[0], 3);
    }

    #[test]
    fn ties_at_a_boundary_share_the_higher_tier() {
        let mut totals: Vec<f64> = (1..=20).map(f64::from).collect();
        totals[18] = 20.0; // two customers share the top score
        let (customers, metrics, scores) = setup(&totals);
        let tiers = assign_tiers(&customers, &metrics, &scores, &Config::default().tiers);
        assert_eq!((tiers[18], tiers[19]), (0, 0));
    }

    #[test]
    fn inactive_customers_get_the_lowest_tier() {
        // The best score does not help a customer who bought nothing in the window.
        let totals: Vec<f64> = (1..=20).map(f64::from).collect();
        let (customers, mut metrics, scores) = setup(&totals);
        metrics[19] = Metrics::default();
        let tiers = assign_tiers(&customers, &metrics, &scores, &Config::default().tiers);
        assert_eq!(tiers[19], 3);
        // 19 active: round(0.95) = 1 diamond, the next best.
        assert_eq!(tiers[18], 0);
    }

    #[test]
    fn rules_take_the_first_level_whose_conditions_hold() {
        let text = r#"
[tiers]
method = "rules"
levels = [
  { name = "vip", min_net_spend = 100000 },
  { name = "regular", min_score = 50, min_orders = 1 },
  { name = "rest" },
]"#;
        let config = Config::parse(text).unwrap();
        let (customers, mut metrics, scores) = setup(&[10.0, 60.0, 90.0]);
        metrics[0].gross_spend = 150_000.0;
        let tiers = assign_tiers(&customers, &metrics, &scores, &config.tiers);
        assert_eq!(tiers, vec![0, 1, 1]);
    }
}
