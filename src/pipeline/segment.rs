//! Step 6: tiers from scores, by share of active customers or by rules, and the ranking the
//! workbook lists customers in.
//!
//! With `method = "share"`, active customers are ranked by score (then net spend, then id, so
//! the order is stable) and the top `share` of them fill each tier in turn; customers tied on
//! score with the last one in a tier join that tier, so equal scores always get equal grades.
//! With `method = "rules"`, a customer gets the first tier whose `min_*` conditions all hold.
//! A tier with a `when` condition is open only to customers of those attribute classes: the
//! others pass it by (with shares, its places go to the next customers it admits).
//! Customers without a counted purchase in the window always get the lowest tier.

use std::cmp::Ordering;

use crate::config::{DowngradeConfig, Level, TierConfig, TierMethod};
use crate::model::Customer;
use crate::pipeline::aggregate::Metrics;
use crate::pipeline::score::Score;

/// Index into the configured tier levels, 0 being the highest.
pub type Tier = usize;

/// Assigns a tier to every customer; `open(i, level)` says whether a level's `when` admits
/// customer `i`.
pub fn assign_tiers(
    customers: &[Customer],
    metrics: &[Metrics],
    scores: &[Score],
    config: &TierConfig,
    open: impl Fn(usize, &Level) -> bool,
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
            let mut placed = vec![false; customers.len()];
            let (mut taken, mut cumulative) = (0, 0.0);
            for (tier, level) in config.levels[..lowest].iter().enumerate() {
                cumulative += level.share.unwrap_or(0.0);
                let quota = ((n * cumulative).round() as usize).saturating_sub(taken);
                let (mut count, mut last_score) = (0, None);
                for &i in &ranked {
                    if placed[i] || !open(i, level) {
                        continue;
                    }
                    // Past the quota only to keep a tie with the last one in.
                    if count >= quota && last_score != Some(scores[i].total) {
                        break;
                    }
                    tiers[i] = tier;
                    placed[i] = true;
                    (count, last_score) = (count + 1, Some(scores[i].total));
                }
                taken += count;
            }
        }
        TierMethod::Rules => {
            for i in (0..customers.len()).filter(|&i| metrics[i].is_active()) {
                tiers[i] = config.levels[..lowest]
                    .iter()
                    .position(|level| open(i, level) && meets(level, &metrics[i], &scores[i]))
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

/// How a customer's tier compares with the last run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// No earlier run graded this customer.
    New,
    /// A higher tier than last run.
    Up,
    /// The same tier.
    Same,
    /// A lower tier than last run.
    Down,
    /// Qualified for a lower tier, but kept by downgrade protection.
    Held,
    /// The tier was locked by hand.
    Locked,
}

impl Change {
    /// Every change, in the order runs tell them.
    pub const ALL: [Self; 6] = [
        Self::New,
        Self::Up,
        Self::Same,
        Self::Down,
        Self::Held,
        Self::Locked,
    ];

    /// The change's key in `--json`.
    pub fn key(self) -> &'static str {
        match self {
            Self::New => "first_graded",
            Self::Up => "up",
            Self::Same => "same",
            Self::Down => "down",
            Self::Held => "held",
            Self::Locked => "locked",
        }
    }

    /// Whether the change is one `--dry-run` lists customer by customer.
    pub fn is_a_move(self) -> bool {
        matches!(self, Self::Up | Self::Down | Self::Held | Self::Locked)
    }
}

/// What earlier runs say about one customer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Past {
    /// The tier given last run.
    pub tier: Tier,
    /// Consecutive latest runs in which the customer qualified below the tier they were given.
    pub runs_below: u32,
}

/// The tier a customer gets, given what they qualify for now, their past and any lock:
/// upgrades at once; a fall only after `grace_runs` consecutive runs below, and by at most
/// `max_drop` tiers; a locked tier always wins.
pub fn settle(
    qualified: Tier,
    past: Option<Past>,
    lock: Option<Tier>,
    rule: &DowngradeConfig,
) -> (Tier, Change) {
    if let Some(locked) = lock {
        return (locked, Change::Locked);
    }
    let Some(past) = past else {
        return (qualified, Change::New);
    };
    match qualified.cmp(&past.tier) {
        Ordering::Less => (qualified, Change::Up),
        Ordering::Equal => (qualified, Change::Same),
        Ordering::Greater if past.runs_below + 1 >= rule.grace_runs => (
            qualified.min(past.tier + rule.max_drop as usize),
            Change::Down,
        ),
        Ordering::Greater => (past.tier, Change::Held),
    }
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
            owner: crate::model::Value::Empty,
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
        let tiers = assign_tiers(
            &customers,
            &metrics,
            &scores,
            &Config::default().tiers,
            |_, _| true,
        );
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
        let tiers = assign_tiers(
            &customers,
            &metrics,
            &scores,
            &Config::default().tiers,
            |_, _| true,
        );
        assert_eq!((tiers[18], tiers[19]), (0, 0));
    }

    #[test]
    fn inactive_customers_get_the_lowest_tier() {
        // The best score does not help a customer who bought nothing in the window.
        let totals: Vec<f64> = (1..=20).map(f64::from).collect();
        let (customers, mut metrics, scores) = setup(&totals);
        metrics[19] = Metrics::default();
        let tiers = assign_tiers(
            &customers,
            &metrics,
            &scores,
            &Config::default().tiers,
            |_, _| true,
        );
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
        let tiers = assign_tiers(&customers, &metrics, &scores, &config.tiers, |_, _| true);
        assert_eq!(tiers, vec![0, 1, 1]);
    }

    #[test]
    fn a_tier_closed_to_a_customer_goes_to_the_next_it_admits() {
        // 20 customers scoring 1..=20; diamond (1 place) is closed to the best one.
        let totals: Vec<f64> = (1..=20).map(f64::from).collect();
        let (customers, metrics, scores) = setup(&totals);
        let tiers = assign_tiers(
            &customers,
            &metrics,
            &scores,
            &Config::default().tiers,
            |i, level| !(i == 19 && level.name == "diamond"),
        );
        assert_eq!((tiers[19], tiers[18]), (1, 0));
        let count = |t| tiers.iter().filter(|&&x| x == t).count();
        // Gold's place taken by the best customer; the cumulative quotas still hold.
        assert_eq!((count(0), count(1), count(2), count(3)), (1, 3, 6, 10));
        assert_eq!(tiers[15], 2);
    }
}

#[cfg(test)]
mod settle_tests {
    use super::*;

    const RULE: DowngradeConfig = DowngradeConfig {
        grace_runs: 2,
        max_drop: 1,
    };

    fn past(tier: Tier, runs_below: u32) -> Past {
        Past { tier, runs_below }
    }

    #[test]
    fn upgrades_are_immediate() {
        assert_eq!(settle(0, Some(past(3, 0)), None, &RULE), (0, Change::Up));
    }

    #[test]
    fn one_bad_run_is_held_the_second_falls_one_tier() {
        // Gold (1) last run, qualifies for ordinary (3) now.
        assert_eq!(settle(3, Some(past(1, 0)), None, &RULE), (1, Change::Held));
        // Already below once before: falls, but only to silver.
        assert_eq!(settle(3, Some(past(1, 1)), None, &RULE), (2, Change::Down));
    }

    #[test]
    fn without_grace_a_customer_falls_at_once_within_max_drop() {
        let rule = DowngradeConfig {
            grace_runs: 1,
            max_drop: 2,
        };
        assert_eq!(settle(3, Some(past(0, 0)), None, &rule), (2, Change::Down));
        assert_eq!(settle(1, Some(past(0, 0)), None, &rule), (1, Change::Down));
    }

    #[test]
    fn locks_win_and_first_runs_are_new() {
        assert_eq!(
            settle(3, Some(past(0, 5)), Some(0), &RULE),
            (0, Change::Locked)
        );
        assert_eq!(settle(2, None, None, &RULE), (2, Change::New));
        assert_eq!(settle(2, Some(past(2, 0)), None, &RULE), (2, Change::Same));
    }
}
