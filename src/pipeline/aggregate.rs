//! Step 4: per-customer metrics over the scoring window, in one pass over the orders in
//! history order.
//!
//! Only counted lines (see [`classify`](super::classify)) enter the window's figures; first
//! and last order dates and recency look at all counted purchases up to the as-of date.
//! Lines sharing an order id on the same day are one order.

use chrono::NaiveDate;

use crate::model::{CustomerIdx, Feedback, Order, OrderKind, Status, Sym, Window};

/// What the scoring sees of one customer.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Metrics {
    /// Counted purchase orders in the window.
    pub orders: u32,
    /// Value of counted purchases in the window.
    pub gross_spend: f64,
    /// Value of counted returns in the window.
    pub returns: f64,
    /// Distinct categories among counted purchases in the window.
    pub categories: u32,
    /// Complaints in the window (undated complaints count too).
    pub complaints: u32,
    /// Net spend in the window's first half.
    pub first_half: f64,
    /// Net spend in the window's second half.
    pub second_half: f64,
    /// First counted purchase up to the as-of date.
    pub first_order: Option<NaiveDate>,
    /// Last counted purchase up to the as-of date.
    pub last_order: Option<NaiveDate>,
    /// Pending orders up to the as-of date: open business, not yet value.
    pub open_orders: u32,
}

impl Metrics {
    /// Purchases less returns, to a millionth: sums of amounts such as 0.1 and 0.2 carry
    /// binary noise (47.639999999999986) that a workbook or JSON reader would see.
    pub fn net_spend(&self) -> f64 {
        ((self.gross_spend - self.returns) * 1e6).round() / 1e6
    }

    /// Whether the customer made a counted purchase in the window; only active customers are
    /// ranked, everyone else is graded lowest.
    pub fn is_active(&self) -> bool {
        self.orders > 0
    }

    /// Days from the last counted purchase to the as-of date.
    pub fn recency_days(&self, as_of: NaiveDate) -> Option<i64> {
        self.last_order.map(|d| (as_of - d).num_days())
    }

    /// Gross spend per order.
    pub fn average_order_value(&self) -> Option<f64> {
        (self.orders > 0).then(|| self.gross_spend / f64::from(self.orders))
    }

    /// Returned value as a share of purchased value.
    pub fn return_rate(&self) -> Option<f64> {
        (self.gross_spend > 0.0).then(|| self.returns / self.gross_spend)
    }

    /// Second half against first half of the window, from −1 (all spend in the first half) to
    /// +1 (all in the second); `None` when both are zero.
    pub fn trend(&self) -> Option<f64> {
        let total = self.first_half.abs() + self.second_half.abs();
        (total > 0.0).then(|| (self.second_half - self.first_half) / total)
    }
}

/// Computes every customer's metrics; `history` is the order from [`classify`](super::classify).
pub fn aggregate(
    customers: usize,
    orders: &[Order],
    history: &[u32],
    feedback: &[Feedback],
    window: Window,
) -> Vec<Metrics> {
    let mut metrics = vec![Metrics::default(); customers];
    let midpoint = window.midpoint();
    let mut categories: Vec<Sym> = Vec::new();
    let mut current: Option<CustomerIdx> = None;
    let mut last_order_key = None;
    let mut last_open_key = None;
    for &i in history {
        let order = &orders[i as usize];
        if current != Some(order.customer) {
            if let Some(c) = current {
                metrics[c as usize].categories = distinct(&mut categories);
            }
            current = Some(order.customer);
            (last_order_key, last_open_key) = (None, None);
        }
        let m = &mut metrics[order.customer as usize];
        let key = Some(order.purchase());
        if order.status == Some(Status::Pending) && order.date <= window.end {
            if key != last_open_key {
                m.open_orders += 1;
            }
            last_open_key = key;
        }
        if order.is_purchase() && order.date <= window.end {
            m.first_order = Some(m.first_order.map_or(order.date, |d| d.min(order.date)));
            m.last_order = Some(m.last_order.map_or(order.date, |d| d.max(order.date)));
        }
        if order.not_counted.is_some() {
            continue;
        }
        let signed = if order.kind == OrderKind::Return {
            m.returns += order.amount;
            -order.amount
        } else {
            m.gross_spend += order.amount;
            // An order counts by a line with value: a free gift or a 0.00 payment alone is none.
            if key != last_order_key && order.amount > 0.0 {
                m.orders += 1;
                last_order_key = key;
            }
            categories.extend(order.category);
            order.amount
        };
        if order.date < midpoint {
            m.first_half += signed;
        } else {
            m.second_half += signed;
        }
    }
    if let Some(c) = current {
        metrics[c as usize].categories = distinct(&mut categories);
    }
    for f in feedback {
        if f.complaint && f.date.is_none_or(|d| window.contains(d)) {
            metrics[f.customer as usize].complaints += 1;
        }
    }
    metrics
}

fn distinct(values: &mut Vec<Sym>) -> u32 {
    values.sort_unstable();
    values.dedup();
    let n = values.len() as u32;
    values.clear();
    n
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::classify::classify;
    use crate::pipeline::classify::tests::{order, window};

    fn run(mut orders: Vec<Order>, feedback: &[Feedback]) -> Vec<Metrics> {
        let history = classify(&mut orders, window());
        let customers = orders.iter().map(|o| o.customer + 1).max().unwrap_or(0) as usize;
        aggregate(customers, &orders, &history, feedback, window())
    }

    #[test]
    fn returns_do_not_count_towards_spend() {
        let mut orders = vec![
            order(0, "2026-01-10", 100.0),
            order(0, "2026-02-10", 200.0),
            order(0, "2026-03-10", 300.0),
        ];
        let mut returned = order(0, "2026-04-10", 150.0);
        returned.declared = Some(crate::model::DeclaredType::Return);
        orders.push(returned);
        let m = &run(orders, &[])[0];
        // 100 + 200 + 300 purchased, 150 returned → 600 gross, 450 net, 3 orders.
        assert_eq!(m.orders, 3);
        assert_eq!(m.gross_spend, 600.0);
        assert_eq!(m.net_spend(), 450.0);
        assert_eq!(m.return_rate(), Some(0.25));
        assert_eq!(m.average_order_value(), Some(200.0));
    }

    #[test]
    fn net_spend_carries_no_binary_noise() {
        let amounts = [0.1, 0.2];
        assert_ne!(amounts.iter().sum::<f64>(), 0.3);
        let metrics = Metrics {
            gross_spend: amounts.iter().sum(),
            ..Metrics::default()
        };
        assert_eq!(metrics.net_spend(), 0.3);
    }

    #[test]
    fn a_line_without_value_alone_is_no_order() {
        // A free gift on 01-10, a purchase with a gift on 02-01, a 0.00 payment on 03-01.
        let mut orders = vec![
            order(0, "2026-01-10", 0.0),
            order(0, "2026-02-01", 0.0),
            order(0, "2026-02-01", 80.0),
            order(0, "2026-03-01", 0.0),
        ];
        let history = classify(&mut orders, window());
        let m = &aggregate(1, &orders, &history, &[], window())[0];
        let feb_1 = NaiveDate::from_ymd_opt(2026, 2, 1);
        assert_eq!((m.orders, m.first_order, m.last_order), (1, feb_1, feb_1));
    }

    #[test]
    fn pending_orders_are_open_not_spend() {
        let mut orders = vec![order(0, "2026-01-10", 100.0), order(0, "2026-06-01", 80.0)];
        orders[1].status = Some(Status::Pending);
        let m = &run(orders, &[])[0];
        assert_eq!((m.orders, m.net_spend(), m.open_orders), (1, 100.0, 1));
        assert_eq!(m.last_order, NaiveDate::from_ymd_opt(2026, 1, 10));
    }

    #[test]
    fn lines_of_one_order_count_once_and_categories_are_distinct() {
        let mut orders = vec![
            order(0, "2026-01-10", 10.0),
            order(0, "2026-01-10", 20.0),
            order(0, "2026-02-10", 5.0),
        ];
        let mut symbols = crate::model::Symbols::default();
        let [first, second, tea, coffee] =
            ["SO1", "SO2", "Tea", "Coffee"].map(|t| symbols.intern(t));
        orders[0].order_id = Some(first);
        orders[1].order_id = Some(first);
        orders[2].order_id = Some(second);
        orders[0].category = Some(tea);
        orders[1].category = Some(coffee);
        orders[2].category = Some(tea);
        let m = &run(orders, &[])[0];
        assert_eq!((m.orders, m.categories), (2, 2));
    }

    #[test]
    fn trend_compares_the_halves_of_the_window() {
        // Window 2025-07-01..2026-06-30; midpoint 2025-12-30.
        let orders = vec![order(0, "2025-08-01", 100.0), order(0, "2026-05-01", 300.0)];
        let m = &run(orders, &[])[0];
        assert_eq!(m.trend(), Some(0.5));
    }

    #[test]
    fn complaints_in_the_window_are_counted() {
        let orders = vec![order(0, "2026-01-10", 10.0)];
        let feedback = [
            Feedback {
                customer: 0,
                date: NaiveDate::from_ymd_opt(2026, 2, 1),
                complaint: true,
                ..Feedback::default()
            },
            Feedback {
                customer: 0,
                date: NaiveDate::from_ymd_opt(2024, 2, 1),
                complaint: true,
                ..Feedback::default()
            },
            Feedback {
                customer: 0,
                date: None,
                complaint: false,
                ..Feedback::default()
            },
        ];
        assert_eq!(run(orders, &feedback)[0].complaints, 1);
    }
}
