//! An order line's amount: its amount column, or quantity × unit price, less discounts and
//! refunds.

use anyhow::Result;

use super::{
    Builder,
    reading::{DiscountColumn, Reading, amount_in_column},
    reason_for,
    row::RowContext,
};
use crate::config::DecimalMark;
use crate::issues::{Action, DataIssue, Wording};
use crate::pipeline::columns::{Field, lines, values};
use crate::pipeline::read::Cell;

impl Builder<'_> {
    /// The line's amount, quantity and any note on them ([`order_amount`]); a cancelled or
    /// pending line without one (Amazon leaves a cancelled line's item-price blank) is kept at
    /// nothing, as it would not count anyway.
    pub(super) fn line_amount(
        &mut self,
        ctx: &RowContext<'_, '_>,
        reading: Reading,
    ) -> Result<(f64, Option<f64>, Option<DataIssue>), DataIssue> {
        if ctx.amount_blank() && self.stated_uncounted(ctx) {
            return Ok((0.0, None, None));
        }
        order_amount(ctx, reading)
    }
}

/// The row's amount as written (before any refund) and its unit price × quantity (a quantity
/// of one where no column gives it); NaN for what cannot be read.
pub(super) fn line_price(ctx: &RowContext<'_, '_>, reading: Reading) -> lines::Priced {
    let read = |field| {
        let (cell, _) = ctx.cell(field)?;
        amount_in_column(&cell, reading.mark(field), reading.lenient(field))
            .map(|value| value * reading.unit(field))
    };
    let quantity = match ctx.column(Field::Quantity) {
        Some(_) => read(Field::Quantity),
        None => Some(1.0),
    };
    lines::Priced {
        written: read(Field::Amount).map_or(f64::NAN, f64::abs),
        price: read(Field::UnitPrice)
            .zip(quantity)
            .map_or(f64::NAN, |(price, quantity)| (price * quantity).abs()),
    }
}

/// The amount and quantity of an order line: the amount column, or quantity × unit price;
/// and a note when the quantity could not be read but the amount could.
fn order_amount(
    ctx: &RowContext<'_, '_>,
    reading: Reading,
) -> Result<(f64, Option<f64>, Option<DataIssue>), DataIssue> {
    let amount = |cell: &Cell<'_>, field| {
        let mark = reading.mark(field);
        amount_in_column(cell, mark, reading.lenient(field))
            .map(|amount| amount * reading.unit(field))
            .ok_or_else(|| ctx.skip(Some(field), reason_for(cell, amount_expected(field, mark))))
    };
    let quantity = match ctx.cell(Field::Quantity) {
        Some((cell, _)) if !cell.is_blank() => Some(amount(&cell, Field::Quantity)),
        _ => None,
    };
    if let Some((cell, _)) = ctx.cell(Field::Amount) {
        let amount = amount(&cell, Field::Amount)?;
        // With an amount, a quantity that cannot be read costs the quantity, not the order.
        let (quantity, note) = match quantity {
            Some(Err(mut issue)) => {
                issue.action = Action::Noted;
                issue.reason = issue.reason.and(&Wording::from([
                    "the order is used without its quantity",
                    "订单已使用，不含数量",
                ]));
                (None, Some(issue))
            }
            Some(Ok(q)) => (Some(q), None),
            None => (None, None),
        };
        let (amount, refund_note) = less_refund(ctx, amount, reading);
        return Ok((amount, quantity, note.or(refund_note)));
    }
    let (cell, _) = ctx
        .cell(Field::UnitPrice)
        .expect("orders have an amount or a unit price");
    let price = amount(&cell, Field::UnitPrice)?;
    let discount = discount(ctx, reading)?;
    let too_large = || {
        ctx.skip(
            Some(Field::Discount),
            ["discount larger than the line", "折扣超过本行金额"],
        )
    };
    // A free line is rare enough to be said: 1 in a discount column may have meant money.
    let free = matches!(discount, Discount::Share(share) if share >= 1.0).then(|| {
        ctx.issue(
            Some(Field::Discount),
            [
                "a discount of 100%: the line counts nothing",
                "折扣为 100%：本行不计金额",
            ],
            Action::Noted,
        )
    });
    // Without a quantity column, a line is one of its item (Olist's order items): its price
    // is its amount.
    // A refund column says how much of the line went back, as beside an amount.
    if ctx.column(Field::Quantity).is_none() {
        let (amount, refund_note) =
            less_refund(ctx, discount.off(price).ok_or_else(too_large)?, reading);
        return Ok((amount, None, free.or(refund_note)));
    }
    let quantity = quantity.transpose()?.ok_or_else(|| {
        let expected = amount_expected(Field::Quantity, reading.mark(Field::Quantity));
        let empty = Wording::from(["empty quantity", "数量为空"]);
        ctx.skip(Some(Field::Quantity), empty.and(&expected.into()))
    })?;
    let amount = discount.off(price * quantity).ok_or_else(too_large)?;
    let (amount, refund_note) = less_refund(ctx, amount, reading);
    Ok((amount, Some(quantity), free.or(refund_note)))
}

/// An amount less what the refund column says went back of it (Taobao's 退款金额, Shopify's
/// Refunded Amount): a partly refunded order counts what was kept. A refund beyond the amount
/// leaves nothing; one that cannot be read leaves the amount as it is. Both are noted.
fn less_refund(
    ctx: &RowContext<'_, '_>,
    amount: f64,
    reading: Reading,
) -> (f64, Option<DataIssue>) {
    let Some((cell, _)) = ctx.cell(Field::Refund).filter(|(cell, _)| !cell.is_blank()) else {
        return (amount, None);
    };
    let note = |reason: [&str; 2]| Some(ctx.issue(Some(Field::Refund), reason, Action::Noted));
    let refund = values::parse_amount(&cell, reading.mark(Field::Amount))
        .map(|refund| refund * reading.unit(Field::Refund));
    match refund {
        Some(refund) if refund.abs() <= amount.abs() => {
            (amount - refund.abs().copysign(amount), None)
        }
        Some(_) => (
            0.0,
            note([
                "refund larger than the amount: the line counts nothing",
                "退款超过金额：本行不计金额",
            ]),
        ),
        None => (
            amount,
            note([
                "refund not understood; the amount is used as it is",
                "无法识别退款金额；金额按原样使用",
            ]),
        ),
    }
}

/// What comes off a line's unit price × quantity.
#[derive(Debug, Clone, Copy)]
pub(super) enum Discount {
    /// A share of it: 0.15 for 15%.
    Share(f64),
    /// An amount of money.
    Money(f64),
}

impl Discount {
    /// `gross` less the discount (a returned line's too: −10 less 2 off is −8); `None` when
    /// money off is more than the line.
    fn off(self, gross: f64) -> Option<f64> {
        match self {
            Discount::Share(share) => Some(gross * (1.0 - share)),
            Discount::Money(money) => {
                (money <= gross.abs()).then(|| gross.signum() * (gross.abs() - money))
            }
        }
    }
}

/// A line's discount, read as its column is ([`DiscountColumn`]); 15% is a share in any
/// column. None for an empty cell or no discount column; money off beyond the line is a data
/// issue, not a return.
fn discount(ctx: &RowContext<'_, '_>, reading: Reading) -> Result<Discount, DataIssue> {
    const EXPECTED: [&str; 2] = [
        "expected a discount such as 0.15, 15% or, in a column of money off, 5.00",
        "应为折扣，如 0.15、15%，或（按金额减的列）5.00",
    ];
    let Some((cell, _)) = ctx
        .cell(Field::Discount)
        .filter(|(cell, _)| !cell.is_blank())
    else {
        return Ok(Discount::Share(0.0));
    };
    let mark = reading.mark(Field::UnitPrice);
    let percent = match &cell {
        Cell::Text(text) => values::before_percent(text),
        _ => None,
    };
    let discount = match (percent, &cell) {
        (Some(number), _) => values::parse_amount(&Cell::Text(number), mark)
            .map(|p| p / 100.0)
            .filter(|d| (0.0..=1.0).contains(d))
            .map(Discount::Share),
        (None, other) => values::parse_amount(other, mark)
            .filter(|d| *d >= 0.0)
            .and_then(|d| match reading.discount {
                DiscountColumn::Shares => (d <= 1.0).then_some(Discount::Share(d)),
                DiscountColumn::Percent => (d <= 100.0).then_some(Discount::Share(d / 100.0)),
                DiscountColumn::Money => Some(Discount::Money(d * reading.unit(Field::Discount))),
            }),
    };
    discount.ok_or_else(|| ctx.skip(Some(Field::Discount), reason_for(&cell, EXPECTED)))
}

/// What a cell of an amount, unit price or quantity column should look like, for messages:
/// in a column read with a decimal comma, an example with one.
fn amount_expected(field: Field, mark: DecimalMark) -> [&'static str; 2] {
    let comma = mark == DecimalMark::Comma;
    match field {
        Field::UnitPrice if comma => [
            "expected a unit price with a decimal comma, as this column has, such as 12,50",
            "应为带小数逗号的单价（本列如此），如 12,50",
        ],
        Field::UnitPrice => ["expected a unit price such as 12.50", "应为单价，如 12.50"],
        Field::Quantity if comma => [
            "expected a quantity with a decimal comma, as this column has, such as 3 or 2,5",
            "应为带小数逗号的数量（本列如此），如 3 或 2,5",
        ],
        Field::Quantity => ["expected a quantity such as 3", "应为数量，如 3"],
        _ if comma => [
            "expected an amount with a decimal comma, as this column has, such as 1.280,50",
            "应为带小数逗号的金额（本列如此），如 1.280,50",
        ],
        _ => ["expected an amount such as 1280.50", "应为金额，如 1280.50"],
    }
}
