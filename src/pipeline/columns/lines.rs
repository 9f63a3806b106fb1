//! How one table's lines make orders, where the export does not say it line by line: a
//! ledger without order ids, and an order's total written on every one of its lines.

use rustc_hash::FxHashSet;

use crate::model::Order;

/// How many of the lines follow one of the same customer and day: without an order id, the
/// lines one order makes of a visit's goods.
pub(super) fn lines_of_a_day_before(lines: &[Order]) -> usize {
    let mut days = FxHashSet::default();
    lines
        .iter()
        .filter(|o| !days.insert((o.customer, o.date)))
        .count()
}

/// Orders of several lines it takes to tell an order's total on every line from line amounts.
const REPEATED_TOTALS_MIN_ORDERS: usize = 2;

/// Where the amount is the order's total, written on each of its lines (JD's 应付金额,
/// WooCommerce's Order Total), keeps it on the order's first line only and makes the others
/// 0, and returns how many orders had it on several lines.
///
/// Told by the lines themselves, an order's lines being next to each other as exports list
/// them: every order of several lines has the same amount on each, although its lines sell
/// different goods, and there are at least [`REPEATED_TOTALS_MIN_ORDERS`] such orders. One
/// order whose lines differ in amount means line amounts, and nothing changes.
pub(super) fn keep_repeated_totals_once(lines: &mut [Order]) -> usize {
    let same_order = |a: &Order, b: &Order| a.order_id.is_some() && a.order_id == b.order_id;
    let mut orders = 0;
    let mut goods_differ = false;
    for run in lines.chunk_by(same_order).filter(|run| run.len() > 1) {
        if run.iter().any(|line| line.amount != run[0].amount) {
            return 0;
        }
        orders += 1;
        goods_differ |= run.iter().any(|line| {
            line.product != run[0].product || line.quantity.get() != run[0].quantity.get()
        });
    }
    if orders < REPEATED_TOTALS_MIN_ORDERS || !goods_differ {
        return 0;
    }
    for run in lines.chunk_by_mut(same_order) {
        for line in &mut run[1..] {
            line.amount = 0.0;
        }
    }
    orders
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Quantity, Symbols};
    use crate::pipeline::classify::tests::order;

    fn lines(rows: &[(&str, &str, f64)], symbols: &mut Symbols) -> Vec<Order> {
        rows.iter()
            .map(|&(id, product, amount)| Order {
                order_id: Some(symbols.intern(id)),
                product: Some(symbols.intern(product)),
                quantity: Quantity::new(Some(1.0)),
                ..order(0, "2026-03-05", amount)
            })
            .collect()
    }

    #[test]
    fn an_order_total_on_every_line_is_kept_once() {
        let mut symbols = Symbols::default();
        let mut orders = lines(
            &[
                ("A1", "tea", 90.0),
                ("A1", "cup", 90.0),
                ("A1", "pot", 90.0),
                ("A2", "tea", 40.0),
                ("A3", "tea", 25.0),
                ("A3", "cup", 25.0),
            ],
            &mut symbols,
        );
        assert_eq!(keep_repeated_totals_once(&mut orders), 2);
        let amounts: Vec<f64> = orders.iter().map(|o| o.amount).collect();
        assert_eq!(amounts, [90.0, 0.0, 0.0, 40.0, 25.0, 0.0]);
    }

    #[test]
    fn line_amounts_are_left_as_they_are() {
        let mut symbols = Symbols::default();
        // One order whose lines differ: these are line amounts, equal ones by chance.
        let rows = [
            ("A1", "tea", 10.0),
            ("A1", "cup", 10.0),
            ("A2", "tea", 10.0),
            ("A2", "cup", 10.0),
            ("A3", "tea", 10.0),
            ("A3", "pot", 30.0),
        ];
        let mut orders = lines(&rows, &mut symbols);
        assert_eq!(keep_repeated_totals_once(&mut orders), 0);
        assert!(orders.iter().zip(&rows).all(|(o, r)| o.amount == r.2));
        // One order of several lines is too little to tell.
        let mut orders = lines(&rows[..3], &mut symbols);
        assert_eq!(keep_repeated_totals_once(&mut orders), 0);
        // Copies of one line (the same goods) are not an order's lines.
        let rows = [
            ("A1", "tea", 10.0),
            ("A1", "tea", 10.0),
            ("B1", "cup", 5.0),
            ("B1", "cup", 5.0),
        ];
        let mut orders = lines(&rows, &mut symbols);
        assert_eq!(keep_repeated_totals_once(&mut orders), 0);
    }
}
