//! Step 6b: behavioural segments, the domain articles' classes of customers, each with the
//! reason it applies. Rules are checked in order and the first that holds wins:
//!
//! | segment | rule (defaults) |
//! | --- | --- |
//! | prospect 尚未购买 | no counted purchase at all (listed, but never bought, or only orders not counted) |
//! | lost 已流失 | no counted purchase in the window |
//! | dormant 沉睡 | last purchase more than `dormant_days` (180) ago |
//! | at risk 流失风险 | in one of the two highest tiers, and overdue against their own order cycle or with a spend trend at most `declining_trend` (−50%) |
//! | new 新客户 / potential 潜力 | first purchase within `new_days` (90): potential when the average order is at least the median, else new |
//! | potential 潜力 | spend trend at least `growth_trend` (+50%) and net spend below the median |
//! | high-frequency small-order 高频小单 | at least `frequent_orders` (12) orders and an average order at most `small_order_ratio` (1×) the median |
//! | occasional large-order 偶尔大单 | at most `occasional_orders` (3) orders and an average order at least `large_order_ratio` (2×) the median |
//! | regular 常规 | everyone else |
//!
//! Medians are taken over active customers, so "small" and "large" follow the business's scale.

use chrono::NaiveDate;
use serde::Serialize;

use crate::config::{SegmentConfig, SegmentMethod};
use crate::pipeline::aggregate::Metrics;
use crate::pipeline::preferences::Preferences;
use crate::pipeline::rfm::{self, Rfm};
use crate::pipeline::segment::Tier;

/// A behavioural segment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Segment {
    /// Frequent, small orders: important to maintain.
    HighFrequencySmall,
    /// Rare, large orders: key to develop.
    OccasionalLarge,
    /// Small but growing, or new with large orders.
    Potential,
    /// First purchase recently.
    New,
    /// A valuable customer slipping away.
    AtRisk,
    /// Long without a purchase.
    Dormant,
    /// No purchase in the window.
    Lost,
    /// No counted purchase at all: a listed customer who has not bought (yet).
    Prospect,
    /// None of the above.
    Regular,
}

impl Segment {
    /// All segments, in the order they are listed.
    pub const ALL: [Segment; 9] = [
        Segment::HighFrequencySmall,
        Segment::OccasionalLarge,
        Segment::Potential,
        Segment::New,
        Segment::AtRisk,
        Segment::Dormant,
        Segment::Lost,
        Segment::Prospect,
        Segment::Regular,
    ];

    /// Whether `[segments.when]` may limit the segment: prospect, lost and regular take
    /// everyone the rules before them leave, so they stay open.
    pub fn can_be_limited(self) -> bool {
        !matches!(self, Segment::Prospect | Segment::Lost | Segment::Regular)
    }

    /// The key naming the segment in `tiers.toml`.
    pub fn key(self) -> &'static str {
        match self {
            Segment::HighFrequencySmall => "high_frequency_small",
            Segment::OccasionalLarge => "occasional_large",
            Segment::Potential => "potential",
            Segment::New => "new",
            Segment::AtRisk => "at_risk",
            Segment::Dormant => "dormant",
            Segment::Lost => "lost",
            Segment::Prospect => "prospect",
            Segment::Regular => "regular",
        }
    }
}

/// A segment from either method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Label {
    /// A behavioural segment (`segments.method = "rules"`).
    Rule(Segment),
    /// A row of the RFM table, `None` for "Others" (`segments.method = "rfm"`).
    Rfm(Option<usize>),
}

impl Label {
    /// The key naming the segment in `tiers.toml`.
    pub fn key(self) -> &'static str {
        match self {
            Label::Rule(segment) => segment.key(),
            Label::Rfm(row) => rfm::KEYS[row.unwrap_or(rfm::TABLE.len())],
        }
    }

    /// Every label of a method, in the order they are listed.
    pub fn all(method: SegmentMethod) -> Vec<Label> {
        match method {
            SegmentMethod::Rules => Segment::ALL.into_iter().map(Label::Rule).collect(),
            SegmentMethod::Rfm => (0..rfm::TABLE.len())
                .map(Some)
                .chain([None])
                .map(Label::Rfm)
                .collect(),
        }
    }
}

/// A customer's segment and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Classified {
    /// The segment.
    pub segment: Label,
    /// The facts that put the customer there.
    pub why: Why,
}

/// The facts behind a segment, as numbers; [`crate::write::reasons`] puts them into words.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum Why {
    /// No purchase at all.
    NeverBought,
    /// No purchase in the window; the last one was `days` ago.
    NoneInWindow {
        /// Days since the last purchase.
        days: i64,
    },
    /// The last purchase was `days` ago.
    LastPurchase {
        /// Days since the last purchase.
        days: i64,
    },
    /// Longer since the last purchase than the customer's own order cycle.
    Overdue {
        /// Days since the last purchase.
        days: i64,
        /// The customer's usual days between purchases.
        cycle_days: f64,
    },
    /// The spend trend alone (see [`Metrics::trend`]).
    Trend {
        /// −1 to +1.
        trend: f64,
    },
    /// A first purchase `days` ago.
    FirstPurchase {
        /// Days since the first purchase.
        days: i64,
    },
    /// A first purchase `days` ago, with orders at least the median's size.
    FirstPurchaseLarge {
        /// Days since the first purchase.
        days: i64,
        /// The customer's average order.
        average_order: f64,
        /// The median average order of active customers.
        median: f64,
    },
    /// Spend growing from below the median.
    Growing {
        /// −1 to +1.
        trend: f64,
        /// The median net spend of active customers.
        median_spend: f64,
    },
    /// Orders in the window and their average size.
    Orders {
        /// Orders in the window.
        orders: u32,
        /// The customer's average order.
        average_order: f64,
        /// The median average order of active customers.
        median: f64,
    },
    /// RFM scores and the figures behind them.
    Rfm(Rfm),
    /// No order up to the as-of date, so no RFM scores.
    NoOrder,
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    match n {
        0 => 0.0,
        _ if n % 2 == 1 => values[n / 2],
        _ => f64::midpoint(values[n / 2 - 1], values[n / 2]),
    }
}

/// Every customer's RFM segment, with the scores behind it.
pub fn rfm_segments(scores: &[Option<Rfm>]) -> Vec<Classified> {
    scores
        .iter()
        .map(|s| match s {
            Some(s) => Classified {
                segment: Label::Rfm(rfm::segment(s)),
                why: Why::Rfm(*s),
            },
            None => Classified {
                segment: Label::Rfm(None),
                why: Why::NoOrder,
            },
        })
        .collect()
}

/// Every customer's segment.
/// `open(i, segment)` says whether the segment's `when` admits customer `i`; a segment closed
/// to a customer passes them on to the next rule.
pub fn segments(
    metrics: &[Metrics],
    preferences: &[Preferences],
    tiers: &[Tier],
    as_of: NaiveDate,
    rules: &SegmentConfig,
    open: impl Fn(usize, Segment) -> bool,
) -> Vec<Classified> {
    let active = || metrics.iter().filter(|m| m.is_active());
    let median_aov = median(active().filter_map(Metrics::average_order_value).collect());
    let median_spend = median(active().map(Metrics::net_spend).collect());
    let medians = (median_aov, median_spend);
    (0..metrics.len())
        .map(|i| {
            let open = |segment| open(i, segment);
            classify(
                &metrics[i],
                &preferences[i],
                tiers[i],
                as_of,
                rules,
                medians,
                open,
            )
        })
        .collect()
}

fn classify(
    m: &Metrics,
    p: &Preferences,
    tier: Tier,
    as_of: NaiveDate,
    rules: &SegmentConfig,
    (median_aov, median_spend): (f64, f64),
    open: impl Fn(Segment) -> bool,
) -> Classified {
    let is = |segment, why| Classified {
        segment: Label::Rule(segment),
        why,
    };
    let days = m.recency_days(as_of);
    if !m.is_active() {
        return match days {
            Some(days) => is(Segment::Lost, Why::NoneInWindow { days }),
            None => is(Segment::Prospect, Why::NeverBought),
        };
    }
    let days = days.unwrap_or_default();
    if days > i64::from(rules.dormant_days) && open(Segment::Dormant) {
        return is(Segment::Dormant, Why::LastPurchase { days });
    }
    let trend = m.trend().unwrap_or(0.0);
    if tier <= 1 && (p.overdue || trend <= rules.declining_trend) && open(Segment::AtRisk) {
        let why = if p.overdue {
            Why::Overdue {
                days,
                cycle_days: p.cycle_days.unwrap_or_default(),
            }
        } else {
            Why::Trend { trend }
        };
        return is(Segment::AtRisk, why);
    }
    let average_order = m.average_order_value().unwrap_or_default();
    if let Some(first) = m.first_order
        && (as_of - first).num_days() <= i64::from(rules.new_days)
    {
        let days = (as_of - first).num_days();
        if average_order >= median_aov && open(Segment::Potential) {
            let why = Why::FirstPurchaseLarge {
                days,
                average_order,
                median: median_aov,
            };
            return is(Segment::Potential, why);
        }
        if average_order < median_aov && open(Segment::New) {
            return is(Segment::New, Why::FirstPurchase { days });
        }
    }
    if trend >= rules.growth_trend && m.net_spend() < median_spend && open(Segment::Potential) {
        return is(
            Segment::Potential,
            Why::Growing {
                trend,
                median_spend,
            },
        );
    }
    let why = Why::Orders {
        orders: m.orders,
        average_order,
        median: median_aov,
    };
    if m.orders >= rules.frequent_orders
        && average_order <= rules.small_order_ratio * median_aov
        && open(Segment::HighFrequencySmall)
    {
        return is(Segment::HighFrequencySmall, why);
    }
    if m.orders <= rules.occasional_orders
        && average_order >= rules.large_order_ratio * median_aov
        && open(Segment::OccasionalLarge)
    {
        return is(Segment::OccasionalLarge, why);
    }
    is(Segment::Regular, why)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn as_of() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 6, 30).unwrap()
    }

    fn customer(orders: u32, spend: f64, first: &str, last: &str) -> Metrics {
        let date = |d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok();
        Metrics {
            orders,
            gross_spend: spend,
            first_order: date(first),
            last_order: date(last),
            ..Metrics::default()
        }
    }

    fn segment_of(all: &[Metrics], prefs: &[Preferences], tiers: &[Tier], i: usize) -> Segment {
        match segments(
            all,
            prefs,
            tiers,
            as_of(),
            &SegmentConfig::default(),
            |_, _| true,
        )[i]
            .segment
        {
            Label::Rule(segment) => segment,
            Label::Rfm(_) => unreachable!("rules give rule segments"),
        }
    }

    #[test]
    fn customers_known_by_construction_land_in_their_segments() {
        let all = vec![
            // Every two weeks, small orders: 24 × 50.
            customer(24, 1200.0, "2024-01-01", "2026-06-20"),
            // Two large orders a year.
            customer(2, 10_000.0, "2023-05-01", "2026-03-01"),
            // Regular: 6 orders of 400.
            customer(6, 2400.0, "2024-02-01", "2026-06-01"),
            // New this month, small.
            customer(1, 80.0, "2026-06-10", "2026-06-10"),
            // New this month, a large first order.
            customer(1, 3000.0, "2026-06-15", "2026-06-15"),
            // Silent for 200 days.
            customer(3, 1500.0, "2024-01-01", "2025-12-12"),
            // Nothing in the window.
            Metrics {
                last_order: NaiveDate::from_ymd_opt(2025, 1, 1),
                ..Metrics::default()
            },
        ];
        let prefs = vec![Preferences::default(); all.len()];
        let tiers = vec![3; all.len()];
        let expect = [
            Segment::HighFrequencySmall,
            Segment::OccasionalLarge,
            Segment::Regular,
            Segment::New,
            Segment::Potential,
            Segment::Dormant,
            Segment::Lost,
        ];
        for (i, segment) in expect.iter().enumerate() {
            assert_eq!(
                segment_of(&all, &prefs, &tiers, i),
                *segment,
                "customer {i}"
            );
        }
    }

    #[test]
    fn a_valuable_customer_overdue_on_their_cycle_is_at_risk() {
        let all = vec![
            customer(6, 6000.0, "2024-01-01", "2026-04-01"),
            customer(6, 6000.0, "2024-01-01", "2026-04-01"),
        ];
        let overdue = Preferences {
            cycle_days: Some(30.0),
            overdue: true,
            ..Preferences::default()
        };
        let prefs = vec![overdue.clone(), overdue];
        // Gold is at risk; the same customer graded ordinary is not "valuable".
        assert_eq!(segment_of(&all, &prefs, &[1, 3], 0), Segment::AtRisk);
        assert_eq!(segment_of(&all, &prefs, &[1, 3], 1), Segment::Regular);
    }

    #[test]
    fn small_and_growing_is_potential() {
        let mut growing = customer(4, 400.0, "2024-01-01", "2026-06-01");
        (growing.first_half, growing.second_half) = (50.0, 350.0);
        let all = vec![
            growing,
            customer(6, 6000.0, "2024-01-01", "2026-06-01"),
            customer(6, 5000.0, "2024-01-01", "2026-06-01"),
        ];
        let prefs = vec![Preferences::default(); 3];
        assert_eq!(segment_of(&all, &prefs, &[3, 3, 3], 0), Segment::Potential);
    }
}
