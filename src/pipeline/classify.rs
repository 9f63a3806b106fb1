//! Step 3: classify every order line by type (new, repeat, return) and by whether it counts
//! towards this window's value (pending, cancelled, outside the window).
//!
//! A customer's orders are walked in date order. "New" means no counted purchase came before:
//! the lines of the customer's first counted purchase are new, and so is an uncounted order
//! (pending, cancelled) placed before any counted one. Returns are lines declared as returns,
//! with a returned status, or with a negative amount or quantity.

use std::cmp::Ordering;

use crate::model::{NotCounted, Order, OrderKind, Status, Window};

/// Classifies the orders in place and returns their indexes in history order: by customer, then
/// date, then order id, then input position. Later steps walk each customer's lines in this order.
pub fn classify(orders: &mut [Order], window: Window) -> Vec<u32> {
    let history = history(orders);
    let mut first_purchase = None;
    let mut previous_customer = None;
    for &i in &history {
        let order = &mut orders[i as usize];
        if previous_customer != Some(order.customer) {
            previous_customer = Some(order.customer);
            first_purchase = None;
        }
        order.not_counted = not_counted(order, window);
        let counts_in_history = order.status_counts() && order.date <= window.end;
        let key = order.purchase();
        order.kind = if order.is_return() {
            OrderKind::Return
        } else if first_purchase.is_none() {
            // A line without value (a free gift) alone is no purchase.
            if counts_in_history && order.amount > 0.0 {
                first_purchase = Some(key);
            }
            OrderKind::New
        } else if first_purchase == Some(key) {
            OrderKind::New
        } else {
            OrderKind::Repeat
        };
    }
    history
}

/// Lines from which the second core sorts half the customers' lines: fewer sort in less time
/// than starting a thread takes.
const SECOND_CORE_FROM: usize = 50_000;

/// The order indexes in history order.
///
/// One sort of all lines would compare each line about log₂(lines) times, each time fetching
/// two lines from far apart in memory. Customers are numbered densely, so the lines are first
/// placed by customer (a counting sort, keeping input order), and only each customer's own few
/// lines are then sorted, the first half of the customers on a second core when there are
/// many. The result is the one sort's, as its order is total (input position breaks ties).
fn history(orders: &[Order]) -> Vec<u32> {
    let customers = orders
        .iter()
        .map(|o| o.customer as usize + 1)
        .max()
        .unwrap_or(0);
    // starts[c]: where customer c's lines begin; starts[customers]: the end.
    let mut starts = vec![0usize; customers + 1];
    for order in orders {
        starts[order.customer as usize + 1] += 1;
    }
    for c in 1..starts.len() {
        starts[c] += starts[c - 1];
    }
    let mut history = vec![0u32; orders.len()];
    let mut next = starts.clone();
    for (i, order) in orders.iter().enumerate() {
        let slot = &mut next[order.customer as usize];
        history[*slot] = i as u32;
        *slot += 1;
    }
    let sort_runs = |history: &mut [u32], runs: &[usize]| {
        let offset = runs.first().copied().unwrap_or(0);
        for run in runs.windows(2) {
            history[run[0] - offset..run[1] - offset].sort_unstable_by(|&a, &b| {
                history_order(&orders[a as usize], &orders[b as usize]).then(a.cmp(&b))
            });
        }
    };
    if orders.len() < SECOND_CORE_FROM {
        sort_runs(&mut history, &starts);
        return history;
    }
    let half = starts.partition_point(|&s| s < orders.len() / 2);
    let (first, second) = history.split_at_mut(starts[half]);
    std::thread::scope(|scope| {
        let spawned = crate::threads::spawn_scoped(scope, first, |first| {
            sort_runs(first, &starts[..=half]);
        });
        sort_runs(second, &starts[half..]);
        if let Err(first) = spawned {
            sort_runs(first, &starts[..=half]);
        }
    });
    history
}

/// The order in which a customer's lines are walked.
pub fn history_order(a: &Order, b: &Order) -> Ordering {
    // Lines without an order id come after those with one.
    let key = |o: &Order| (o.customer, o.date, o.order_id.is_none(), o.order_id);
    key(a).cmp(&key(b))
}

fn not_counted(order: &Order, window: Window) -> Option<NotCounted> {
    match order.status {
        Some(Status::Pending) => Some(NotCounted::Pending),
        Some(Status::Cancelled) => Some(NotCounted::Cancelled),
        Some(Status::Refunded) if !order.is_return() => Some(NotCounted::Refunded),
        _ if order.date > window.end => Some(NotCounted::AfterAsOf),
        _ if order.date < window.start => Some(NotCounted::BeforeWindow),
        _ => None,
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::model::{DeclaredType, Quantity};

    /// A completed purchase line for tests in this and later steps.
    pub(crate) fn order(customer: u32, date: &str, amount: f64) -> Order {
        Order {
            customer,
            order_id: None,
            date: NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap(),
            amount,
            quantity: Quantity::NONE,
            status: Some(Status::Completed),
            status_text: None,
            declared: None,
            negative: false,
            category: None,
            product: None,
            brand: None,
            channel: None,
            source: 0,
            row: 2,
            kind: OrderKind::Repeat,
            not_counted: None,
        }
    }

    pub(crate) fn window() -> Window {
        Window::ending(NaiveDate::from_ymd_opt(2026, 6, 30).unwrap(), 12)
    }

    #[test]
    fn first_counted_purchase_is_new_and_later_ones_repeat() {
        let mut orders = vec![
            order(0, "2026-03-01", 100.0),
            order(0, "2026-01-01", 50.0),
            order(1, "2026-02-01", 10.0),
        ];
        classify(&mut orders, window());
        assert_eq!(orders[1].kind, OrderKind::New);
        assert_eq!(orders[0].kind, OrderKind::Repeat);
        assert_eq!(orders[2].kind, OrderKind::New);
    }

    #[test]
    fn return_after_purchase_is_a_return() {
        let mut orders = vec![
            order(0, "2026-01-01", 100.0),
            order(0, "2026-02-01", 40.0),
            order(0, "2026-03-01", 10.0),
        ];
        orders[1].declared = Some(DeclaredType::Return);
        orders[2].negative = true;
        classify(&mut orders, window());
        assert_eq!(orders[1].kind, OrderKind::Return);
        assert_eq!(orders[2].kind, OrderKind::Return);
    }

    #[test]
    fn pending_cancelled_and_out_of_window_orders_do_not_count() {
        let mut orders = vec![
            order(0, "2026-01-01", 100.0),
            order(0, "2026-02-01", 100.0),
            order(0, "2026-07-01", 100.0),
            order(0, "2025-06-30", 100.0),
            order(0, "2025-07-01", 100.0),
        ];
        orders[0].status = Some(Status::Pending);
        orders[1].status = Some(Status::Cancelled);
        classify(&mut orders, window());
        let reasons: Vec<_> = orders.iter().map(|o| o.not_counted).collect();
        assert_eq!(
            reasons,
            vec![
                Some(NotCounted::Pending),
                Some(NotCounted::Cancelled),
                Some(NotCounted::AfterAsOf),
                Some(NotCounted::BeforeWindow),
                None
            ]
        );
        // The counted purchase before the window is the customer's first.
        assert_eq!(orders[3].kind, OrderKind::New);
        assert_eq!(orders[4].kind, OrderKind::Repeat);
    }

    #[test]
    fn a_refunded_order_counts_neither_way_but_a_refund_line_is_a_return() {
        let mut orders = vec![
            order(0, "2026-01-01", 100.0),
            order(0, "2026-02-01", 30.0),
            order(0, "2026-03-01", 20.0),
            order(0, "2026-04-01", 25.0),
        ];
        orders[1].status = Some(Status::Refunded);
        orders[2].status = Some(Status::Refunded);
        orders[2].negative = true;
        orders[3].status = Some(Status::Returned);
        classify(&mut orders, window());
        let classes: Vec<_> = orders.iter().map(|o| (o.kind, o.not_counted)).collect();
        assert_eq!(
            classes,
            [
                (OrderKind::New, None),
                (OrderKind::Repeat, Some(NotCounted::Refunded)),
                (OrderKind::Return, None),
                (OrderKind::Return, None),
            ]
        );
        assert!(!orders[1].status_counts());
        assert!(orders[2].status_counts());
    }

    #[test]
    fn history_is_the_order_of_one_sort_of_all_lines() {
        use rand::rngs::StdRng;
        use rand::{Rng, SeedableRng};
        let mut rng = StdRng::seed_from_u64(7);
        let mut symbols = crate::model::Symbols::default();
        let ids: Vec<_> = (0..5).map(|k| symbols.intern(&format!("SO{k}"))).collect();
        for (lines, customers) in [(0, 1), (1, 1), (2, 1), (300, 1), (300, 7), (60_000, 900)] {
            let orders: Vec<Order> = (0..lines)
                .map(|_| {
                    let day = rng.random_range(1..=4);
                    let mut o = order(
                        rng.random_range(0..customers),
                        &format!("2026-01-0{day}"),
                        1.0,
                    );
                    o.order_id = rng
                        .random_bool(0.7)
                        .then(|| ids[rng.random_range(0..ids.len())]);
                    o
                })
                .collect();
            let mut one_sort: Vec<u32> = (0..lines as u32).collect();
            one_sort.sort_by(|&a, &b| {
                history_order(&orders[a as usize], &orders[b as usize]).then(a.cmp(&b))
            });
            assert_eq!(
                history(&orders),
                one_sort,
                "{lines} lines, {customers} customers"
            );
            if lines >= SECOND_CORE_FROM {
                assert_eq!(
                    crate::threads::refusing(|| history(&orders)),
                    one_sort,
                    "{lines} lines, {customers} customers, on one thread"
                );
            }
        }
    }

    #[test]
    fn lines_of_the_first_order_are_all_new() {
        let mut orders = vec![
            order(0, "2026-01-01", 10.0),
            order(0, "2026-01-01", 20.0),
            order(0, "2026-01-01", 5.0),
        ];
        let mut symbols = crate::model::Symbols::default();
        let [first, second] = ["SO7", "SO8"].map(|t| symbols.intern(t));
        orders[0].order_id = Some(first);
        orders[1].order_id = Some(first);
        orders[2].order_id = Some(second);
        classify(&mut orders, window());
        assert_eq!(
            orders.iter().map(|o| o.kind).collect::<Vec<_>>(),
            [OrderKind::New, OrderKind::New, OrderKind::Repeat]
        );
    }
}
