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

/// A later place of an order id whose lines come in more than one place in a table, its lines
/// those of the id's first place in every figure ([`Figures`]): its position among the
/// table's runs of lines, and each line paired with the first place's (copy, original, as
/// indexes into the table's lines).
pub(super) struct LaterPlace {
    run: usize,
    pairs: Vec<(usize, usize)>,
}

impl LaterPlace {
    /// The lines of the place and of the first place it copies, if it does.
    pub(super) fn lines(&self) -> impl Iterator<Item = usize> + '_ {
        self.pairs.iter().flat_map(|&(copy, kept)| [copy, kept])
    }
}

/// Every later place of each order id whose lines come in more than one place, where each
/// is a copy of the id's first place: orders written twice (exports appended to each other:
/// Online Retail II's two years in one CSV both hold a week of December 2010). None where any
/// later place differs from its first: the export is not grouped by order, and an order's
/// lines apart are its own (two payments of one order in a list sorted by payment method, an
/// order's units in a list sorted by product). `ids` is how many order ids there are;
/// `places` a buffer for as many counts.
pub(super) fn later_places(lines: &[Order], places: &mut Vec<u8>, ids: usize) -> Vec<LaterPlace> {
    // First how many places each order id's lines come in, a byte an id; only ids in two or
    // more are compared, so an export that writes each order once costs one pass.
    places.clear();
    places.resize(ids, 0);
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
    let mut later = Vec::new();
    let mut start = 0;
    for (run, order) in orders(lines).enumerate() {
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
        let Some(original) = first.get(&id) else {
            first.insert(id, these);
            continue;
        };
        let alike =
            original.len() == these.len() && original.iter().zip(&these).all(|(a, b)| a.0 == b.0);
        if !alike {
            return Vec::new();
        }
        let pairs = these
            .iter()
            .zip(original)
            .map(|(copy, kept)| (copy.1, kept.1))
            .collect();
        later.push(LaterPlace { run, pairs });
    }
    later
}

/// The lines of a table's [`later_places`] that copy an order written earlier: only where
/// every later place's rows are alike in every cell as `same_row` compares them, mapped or
/// not (a line number or payment method apart tells an order's own lines), and only copies
/// that come two or more orders in a row, as appended exports do. Returns (copy, original)
/// pairs, in order.
pub(super) fn copied_lines(
    later: Vec<LaterPlace>,
    same_row: impl Fn(usize, usize) -> bool,
) -> Vec<(usize, usize)> {
    if !later
        .iter()
        .all(|place| place.pairs.iter().all(|&(copy, kept)| same_row(copy, kept)))
    {
        return Vec::new();
    }
    let runs: FxHashSet<usize> = later.iter().map(|place| place.run).collect();
    let mut lines: Vec<(usize, usize)> = later
        .into_iter()
        .filter(|place| {
            let run = place.run;
            runs.contains(&(run + 1)) || run.checked_sub(1).is_some_and(|r| runs.contains(&r))
        })
        .flat_map(|place| place.pairs)
        .collect();
    lines.sort_unstable();
    lines
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
