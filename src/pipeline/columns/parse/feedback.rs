//! Feedback rows: complaints and praise, by customer or by order.

use rustc_hash::FxHashMap;
use std::borrow::Cow;

use anyhow::Result;

use super::{Builder, reason_for, row::RowContext};
use crate::config::DateOrder;
use crate::issues::{Action, DataIssue, Wording};
use crate::model::{CustomerIdx, Feedback, Order, Sym};
use crate::pipeline::columns::values::DATE_EXPECTED;
use crate::pipeline::columns::{Field, values};

impl Builder<'_> {
    pub(super) fn add_feedback(
        &mut self,
        ctx: &RowContext<'_, '_>,
        date_order: DateOrder,
    ) -> Result<(), DataIssue> {
        let customer = if ctx.column(ctx.customer_field).is_some() {
            let key = ctx.customer_key()?;
            let field = ctx.customer_field;
            self.find_customer(ctx, &key)?.ok_or_else(|| {
                ctx.skip(
                    Some(field),
                    [
                        "customer not found in the customers or orders",
                        "客户表和订单中都没有此客户",
                    ],
                )
            })?
        } else {
            self.customer_of_order(ctx)?
        };
        let date = match ctx.cell(Field::Date) {
            Some((cell, _)) if !cell.is_blank() => Some(
                values::parse_date(&cell, date_order)
                    .ok_or_else(|| ctx.skip(Some(Field::Date), reason_for(&cell, DATE_EXPECTED)))?,
            ),
            _ => None,
        };
        let rating = match ctx.cell(Field::Rating) {
            Some((cell, _)) if !cell.is_blank() => {
                let rating = values::parse_rating(&cell);
                // With a type column the rating decides nothing: no need to say it was unread.
                if rating.is_none() && ctx.column(Field::FeedbackType).is_none() {
                    self.data.issues.push(
                        ctx.issue(
                            Some(Field::Rating),
                            Wording::from([
                                "rating not understood, not taken for a complaint",
                                "无法识别评分，不算投诉",
                            ])
                            .and(&values::RATING_EXPECTED.into()),
                            Action::Noted,
                        ),
                    );
                }
                rating
            }
            _ => None,
        };
        let complaint = match ctx.text(Field::FeedbackType) {
            Some(kind) => values::is_complaint(&kind),
            // Without a type column, a rating of 2 or less (of 5) is taken as a complaint.
            None => rating.is_some_and(|r| r <= 2.0),
        };
        let kind = ctx.text(Field::FeedbackType).map(Cow::into_owned);
        let content = self.fitted(ctx, Field::Content).map(Cow::into_owned);
        self.data.feedback.push(Feedback {
            customer,
            date,
            complaint,
            kind,
            content,
            rating,
            source: ctx.source as u16,
            row: ctx.row_number,
        });
        Ok(())
    }
}

/// Each order id's customer: the first line's.
pub(super) fn order_customers(orders: &[Order]) -> FxHashMap<Sym, CustomerIdx> {
    let mut customers = FxHashMap::default();
    for order in orders {
        if let Some(id) = order.order_id {
            customers.entry(id).or_insert(order.customer);
        }
    }
    customers
}
