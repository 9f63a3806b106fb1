//! How one table's lines make orders where the export does not say it line by line: lines
//! without an order id, an order's total written on every one of its lines, lines an order
//! repeats, and orders a table writes twice.

use chrono::NaiveDate;
use rustc_hash::{FxHashMap, FxHashSet};

use crate::model::{CustomerIdx, Order, Sym};

/// How many lines without an order id share their customer's day with another such line:
/// the lines of one purchase, which count as one order (see [`Order::purchase`]).
pub(super) fn id_less_lines_sharing_a_day(lines: &[Order]) -> usize {
    let mut days: FxHashMap<(CustomerIdx, NaiveDate), usize> = FxHashMap::default();
    for line in lines.iter().filter(|line| line.order_id.is_none()) {
        *days.entry((line.customer, line.date)).or_default() += 1;
    }
    days.values().filter(|&&n| n > 1).sum()
}

/// Every figure of a line but its order id: customer, day, product, quantity, amount,
/// direction and status.
type Figures = (
    CustomerIdx,
    NaiveDate,
    Option<Sym>,
    u64,
    u64,
    bool,
    Option<Sym>,
);

fn figures(line: &Order) -> Figures {
    (
        line.customer,
        line.date,
        line.product,
        line.quantity.get().map_or(u64::MAX, f64::to_bits),
        line.amount.to_bits(),
        line.negative,
        line.status_text,
    )
}

/// The lines of an export, each run of lines of one order id apart: the lines of an order
/// come together.
fn orders(lines: &[Order]) -> impl Iterator<Item = &[Order]> {
    lines.chunk_by(|a, b| a.order_id.is_some() && a.order_id == b.order_id)
}

/// How many lines repeat an earlier line of the same order in every figure ([`Figures`]; the
/// UCI Online Retail data holds about 5,000). Each run of lines of one order id is looked at
/// by itself.
pub(super) fn lines_repeating_one_of_their_order(lines: &[Order]) -> usize {
    let mut seen: FxHashSet<Figures> = FxHashSet::default();
    orders(lines)
        .filter(|order| order.len() > 1)
        .map(|order| {
            seen.clear();
            order
                .iter()
                .filter(|line| !seen.insert(figures(line)))
                .count()
        })
        .sum()
}

/// The lines of one table that write again, in a later place, an order the table wrote
/// earlier, alike line for line in every figure ([`Figures`]): exports appended to each
/// other (Online Retail II's two years in one CSV both hold a week of December 2010). An
/// order's lines come together, so an order id whose lines come in two places is looked at,
/// and a later place is a copy only when its lines are those of the first place, all of them
/// and no more. Returns (copy, original) pairs of indexes into `lines`; `ids` is how many
/// order ids there are.
pub(super) fn orders_written_twice(lines: &[Order], ids: usize) -> Vec<(usize, usize)> {
    // First how many places each order id's lines come in, a byte an id; only ids in two or
    // more are compared, so an export that writes each order once costs one pass.
    let mut places = vec![0u8; ids];
    let mut twice = false;
    for order in orders(lines) {
        if let Some(id) = order[0].order_id {
            let n = &mut places[id.position()];
            *n = n.saturating_add(1);
            twice |= *n > 1;
        }
    }
    if !twice {
        return Vec::new();
    }
    // Each such order's first place, its lines' figures sorted, with where each line is.
    let mut first: FxHashMap<Sym, Vec<(Figures, usize)>> = FxHashMap::default();
    let mut copies = Vec::new();
    let mut start = 0;
    for order in orders(lines) {
        let at = start;
        start += order.len();
        let Some(id) = order[0].order_id.filter(|id| places[id.position()] > 1) else {
            continue;
        };
        let mut these: Vec<(Figures, usize)> = order
            .iter()
            .enumerate()
            .map(|(k, line)| (figures(line), at + k))
            .collect();
        these.sort_unstable();
        match first.get(&id) {
            None => {
                first.insert(id, these);
            }
            Some(original)
                if original.len() == these.len()
                    && original.iter().zip(&these).all(|(a, b)| a.0 == b.0) =>
            {
                copies.extend(
                    these
                        .iter()
                        .zip(original)
                        .map(|(copy, kept)| (copy.1, kept.1)),
                );
            }
            Some(_) => {}
        }
    }
    copies.sort_unstable();
    copies
}

/// Words of a header that names an order's figure rather than a line's (matched in the
/// header as [`super::header_key`] makes it): Order Total Amount, 订单金额, 应付金额, 实付金额.
const ORDER_FIGURE_WORDS: [&str; 7] = ["order", "订单", "应付", "实付", "实际支付", "付款", "总额"];

/// Words of a header that make its amount a line's: Line Total, Item Total, Subtotal,
/// `LineAmount`, 小计.
const LINE_WORDS: [&str; 6] = ["line", "item", "sub", "unit", "product", "小计"];

/// Whether an amount's header names the order's figure (see [`ORDER_FIGURE_WORDS`]), or is a
/// plain total (Xero's Total, Shopee's Grand Total) beside a column of the lines' own amounts
/// (`LineAmount`, Item Total, Product Subtotal). A shop's Total beside only a quantity and a
/// price is the line's, unless the lines show otherwise ([`keep_repeated_totals_once`]).
pub(super) fn names_an_order_figure<'h>(
    header: &str,
    mut others: impl Iterator<Item = &'h str>,
) -> bool {
    let key = super::header_key(header);
    let is_line = |key: &str| LINE_WORDS.iter().any(|word| key.contains(word));
    // A line's figure (Odoo's "Order Lines/Total", Order Line Total) is never the order's.
    !is_line(&key)
        && (ORDER_FIGURE_WORDS.iter().any(|word| key.contains(word))
            || (key.contains("total")
                && others.any(|other| {
                    let other = super::header_key(other);
                    is_line(&other)
                        && ["amount", "total", "金额"]
                            .iter()
                            .any(|w| other.contains(w))
                })))
}

/// A line's amount as its amount column writes it (before a refund) and its unit price ×
/// quantity; NaN for what cannot be read.
#[derive(Debug, Clone, Copy)]
pub(super) struct Priced {
    /// The amount column's figure.
    pub written: f64,
    /// Unit price × quantity.
    pub price: f64,
}

/// Where an amount may be the order's total written on each of its lines (under a header that
/// names the order's figure, [`names_an_order_figure`]: JD's 应付金额, WooCommerce's Order
/// Total Amount; or a plain Total beside each line's price, Wix's), keeps it on the order's
/// first line only and makes the others 0; returns how many orders had it on several lines.
///
/// Told by the lines: every order of several lines has one customer, one amount on all its
/// lines, and lines that differ in goods (product or quantity); where `priced` gives each
/// line's price × quantity, the amount as written is no less than its lines' sum, as an
/// order's total is. One order otherwise means line amounts after all, and nothing changes.
pub(super) fn keep_repeated_totals_once(lines: &mut [Order], priced: Option<&[Priced]>) -> usize {
    struct Seen {
        first: usize,
        lines: usize,
        goods_differ: bool,
        priced: f64,
    }
    let mut orders: FxHashMap<Sym, Seen> = FxHashMap::default();
    for (i, line) in lines.iter().enumerate() {
        let Some(id) = line.order_id else { continue };
        let seen = orders.entry(id).or_insert(Seen {
            first: i,
            lines: 0,
            goods_differ: false,
            priced: 0.0,
        });
        let first = &lines[seen.first];
        if first.customer != line.customer || first.amount != line.amount {
            return 0;
        }
        seen.goods_differ |=
            first.product != line.product || first.quantity.get() != line.quantity.get();
        seen.lines += 1;
        seen.priced += priced.map_or(0.0, |priced| priced[i].price);
    }
    let several = orders.values().filter(|seen| seen.lines > 1);
    // A price that could not be read (NaN) tells nothing, so nothing changes.
    let below_its_lines = |seen: &Seen| {
        let written = priced.map_or(f64::INFINITY, |priced| priced[seen.first].written);
        written.is_nan() || seen.priced.is_nan() || written < seen.priced - 0.005
    };
    if several.clone().next().is_none()
        || !several.clone().all(|seen| seen.goods_differ)
        || several.clone().any(below_its_lines)
    {
        return 0;
    }
    for (i, line) in lines.iter_mut().enumerate() {
        if line.order_id.is_some_and(|id| orders[&id].first != i) {
            line.amount = 0.0;
        }
    }
    several.count()
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
    fn an_order_total_on_every_line_is_kept_once_wherever_the_lines_are() {
        let mut symbols = Symbols::default();
        let mut orders = lines(
            &[
                ("A1", "tea", 90.0),
                ("A2", "tea", 40.0),
                ("A1", "cup", 90.0),
                ("A3", "tea", 25.0),
                ("A1", "pot", 90.0),
                ("A3", "cup", 25.0),
            ],
            &mut symbols,
        );
        assert_eq!(keep_repeated_totals_once(&mut orders, None), 2);
        let amounts: Vec<f64> = orders.iter().map(|o| o.amount).collect();
        assert_eq!(amounts, [90.0, 40.0, 0.0, 25.0, 0.0, 0.0]);
        // One order of several lines is enough.
        let mut orders = lines(&[("A1", "tea", 90.0), ("A1", "cup", 90.0)], &mut symbols);
        assert_eq!(keep_repeated_totals_once(&mut orders, None), 1);
    }

    #[test]
    fn line_amounts_are_left_as_they_are() {
        let mut symbols = Symbols::default();
        let unchanged = |rows: &[(&str, &str, f64)], symbols: &mut Symbols| {
            let mut orders = lines(rows, symbols);
            keep_repeated_totals_once(&mut orders, None) == 0
                && orders.iter().zip(rows).all(|(o, r)| o.amount == r.2)
        };
        // One order whose lines differ: these are line amounts, equal ones by chance.
        let rows = [
            ("A1", "tea", 10.0),
            ("A1", "cup", 10.0),
            ("A3", "tea", 10.0),
            ("A3", "pot", 30.0),
        ];
        assert!(unchanged(&rows, &mut symbols));
        // An order whose lines are copies of one (the same goods) is no order total.
        let rows = [
            ("A1", "tea", 10.0),
            ("A1", "cup", 10.0),
            ("B1", "cup", 5.0),
            ("B1", "cup", 5.0),
        ];
        assert!(unchanged(&rows, &mut symbols));
    }

    #[test]
    fn a_plain_total_is_the_order_s_only_beside_line_amounts() {
        assert!(names_an_order_figure("Total", ["Item Total"].into_iter()));
        assert!(!names_an_order_figure(
            "Total",
            ["Qty", "Price"].into_iter()
        ));
        assert!(names_an_order_figure("Order Total", ["Qty"].into_iter()));
    }

    #[test]
    fn order_figures_are_told_by_their_header() {
        for header in [
            "Order Total Amount",
            "订单金额",
            "应付金额",
            "用户实付金额(元)",
            "Total",
            "Grand Total",
            "Invoice Total",
        ] {
            assert!(
                names_an_order_figure(header, ["LineAmount"].into_iter()),
                "{header}"
            );
        }
        for header in [
            "Amount",
            "金额",
            "Line Total",
            "Item Total",
            "Subtotal",
            "Total Price per Unit",
            "Order Lines/Total",
            "Order Line Total",
            "Sales",
            "价税合计",
        ] {
            assert!(
                !names_an_order_figure(header, ["LineAmount"].into_iter()),
                "{header}"
            );
        }
    }
}
