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
    let mut history: Vec<u32> = (0..orders.len() as u32).collect();
    history.sort_unstable_by(|&a, &b| {
        history_order(&orders[a as usize], &orders[b as usize]).then(a.cmp(&b))
    });
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
        let key = (order.date, order.order_id);
        order.kind = if order.is_return() {
            OrderKind::Return
        } else if first_purchase.is_none() {
            if counts_in_history {
                first_purchase = Some(key);
            }
            OrderKind::New
        } else if first_purchase == Some(key) && order.order_id.is_some() {
            OrderKind::New
        } else {
            OrderKind::Repeat
        };
    }
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
        _ if order.date > window.end => Some(NotCounted::AfterAsOf),
        _ if order.date < window.start => Some(NotCounted::BeforeWindow),
        _ => None,
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::model::DeclaredType;

    /// A completed purchase line for tests in this and later steps.
    pub(crate) fn order(customer: u32, date: &str, amount: f64) -> Order {
        Order {
            customer,
            order_id: None,
            date: NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap(),
            amount,
            quantity: None,
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
