//! Step 4b: what each customer likes and how often they buy, from all their counted purchases
//! up to the as-of date (not only the scoring window: a quiet customer's tastes still matter
//! when someone calls them).
//!
//! Favourites are ranked by purchase value, with their share of the customer's purchases; ties
//! go to the name first in alphabetical order. The order cycle is the median number of days
//! between consecutive purchase days; a customer is overdue when more than one and a half cycles
//! have passed since their last purchase.

use chrono::NaiveDate;
use rustc_hash::FxHashMap;

use crate::model::{Order, OrderKind, Sym, Symbols, Window};

/// How many favourite categories and products are listed.
pub const TOP: usize = 3;

/// One customer's tastes and rhythm.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Preferences {
    /// Favourite categories with their share of purchase value, best first.
    pub categories: Vec<(Sym, f64)>,
    /// Favourite products with their share, best first.
    pub products: Vec<(Sym, f64)>,
    /// The favourite brand and its share.
    pub brand: Option<(Sym, f64)>,
    /// The channel most of the value came through, and its share.
    pub channel: Option<(Sym, f64)>,
    /// Median days between purchase days; needs two purchase days.
    pub cycle_days: Option<f64>,
    /// Last purchase day plus one cycle.
    pub next_expected: Option<NaiveDate>,
    /// More than one and a half cycles since the last purchase.
    pub overdue: bool,
}

/// Every customer's preferences; `history` is the order from [`classify`](super::classify).
pub fn preferences(
    customers: usize,
    orders: &[Order],
    history: &[u32],
    symbols: &Symbols,
    window: Window,
) -> Vec<Preferences> {
    let mut out = vec![Preferences::default(); customers];
    let mut start = 0;
    while start < history.len() {
        let customer = orders[history[start] as usize].customer;
        let end = history[start..]
            .iter()
            .position(|&i| orders[i as usize].customer != customer)
            .map_or(history.len(), |n| start + n);
        let purchases: Vec<&Order> = history[start..end]
            .iter()
            .map(|&i| &orders[i as usize])
            .filter(|o| o.kind != OrderKind::Return && o.status_counts() && o.date <= window.end)
            .collect();
        out[customer as usize] = of_customer(&purchases, symbols, window.end);
        start = end;
    }
    out
}

fn of_customer(purchases: &[&Order], symbols: &Symbols, as_of: NaiveDate) -> Preferences {
    let total: f64 = purchases.iter().map(|o| o.amount).sum();
    let favourites = |key: fn(&Order) -> Option<Sym>, n: usize| {
        let mut sums: FxHashMap<Sym, f64> = FxHashMap::default();
        for order in purchases {
            if let Some(sym) = key(order) {
                *sums.entry(sym).or_default() += order.amount;
            }
        }
        let mut ranked: Vec<(Sym, f64)> = sums.into_iter().collect();
        ranked.sort_by(|a, b| {
            b.1.total_cmp(&a.1)
                .then_with(|| symbols.get(a.0).cmp(symbols.get(b.0)))
        });
        ranked.truncate(n);
        if total > 0.0 {
            for item in &mut ranked {
                item.1 /= total;
            }
        }
        ranked
    };
    // Purchases arrive in date order, so distinct days are consecutive.
    let mut days: Vec<NaiveDate> = purchases.iter().map(|o| o.date).collect();
    days.dedup();
    let mut gaps: Vec<i64> = days.windows(2).map(|w| (w[1] - w[0]).num_days()).collect();
    gaps.sort_unstable();
    let cycle_days = match gaps.len() {
        0 => None,
        n if n % 2 == 1 => Some(gaps[n / 2] as f64),
        n => Some((gaps[n / 2 - 1] + gaps[n / 2]) as f64 / 2.0),
    };
    let last = days.last().copied();
    let next_expected = cycle_days
        .zip(last)
        .map(|(c, d)| d + chrono::Duration::days(c.round() as i64));
    let overdue = cycle_days
        .zip(last)
        .is_some_and(|(c, d)| (as_of - d).num_days() as f64 > 1.5 * c);
    Preferences {
        categories: favourites(|o| o.category, TOP),
        products: favourites(|o| o.product, TOP),
        brand: favourites(|o| o.brand, 1).into_iter().next(),
        channel: favourites(|o| o.channel, 1).into_iter().next(),
        cycle_days,
        next_expected,
        overdue,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::classify::classify;
    use crate::pipeline::classify::tests::{order, window};

    #[test]
    fn favourites_are_ranked_by_value_with_shares() {
        let mut symbols = Symbols::default();
        let (tea, cake, soap) = (
            symbols.intern("Tea"),
            symbols.intern("Cake"),
            symbols.intern("Soap"),
        );
        let mut orders = vec![
            order(0, "2026-01-01", 100.0),
            order(0, "2026-02-01", 300.0),
            order(0, "2026-03-01", 100.0),
            order(0, "2026-04-01", 500.0),
        ];
        for (o, cat) in orders.iter_mut().zip([tea, cake, tea, soap]) {
            o.category = Some(cat);
        }
        let history = classify(&mut orders, window());
        let p = &preferences(1, &orders, &history, &symbols, window())[0];
        // Soap 500, Cake 300, Tea 100 + 100 = 200, of 1,000.
        assert_eq!(p.categories, [(soap, 0.5), (cake, 0.3), (tea, 0.2)]);
    }

    #[test]
    fn the_cycle_is_the_median_gap_and_overdue_is_past_one_and_a_half() {
        let symbols = Symbols::default();
        // Gaps 10, 20, 40 days → median 20; last purchase 2026-03-12; as-of 2026-06-30.
        let mut orders = vec![
            order(0, "2026-01-01", 1.0),
            order(0, "2026-01-11", 1.0),
            order(0, "2026-01-31", 1.0),
            order(0, "2026-03-12", 1.0),
            order(0, "2026-03-12", 1.0),
        ];
        let history = classify(&mut orders, window());
        let p = &preferences(1, &orders, &history, &symbols, window())[0];
        assert_eq!(p.cycle_days, Some(20.0));
        assert_eq!(p.next_expected, NaiveDate::from_ymd_opt(2026, 4, 1));
        // 110 days since the last purchase > 30.
        assert!(p.overdue);
    }

    #[test]
    fn one_purchase_day_has_no_cycle() {
        let symbols = Symbols::default();
        let mut orders = vec![order(0, "2026-06-01", 1.0)];
        let history = classify(&mut orders, window());
        let p = &preferences(1, &orders, &history, &symbols, window())[0];
        assert_eq!(
            (p.cycle_days, p.next_expected, p.overdue),
            (None, None, false)
        );
    }
}
