//! Order lines: of whole orders tables, of split exports (order rows and their lines), and
//! lists of returned orders.

use chrono::NaiveDate;

use anyhow::Result;

use super::{
    Builder, Head, ORDER_NOT_FOUND,
    amounts::line_price,
    customers::{NO_CUSTOMER, Pending},
    feedback::order_customers,
    reading::Reading,
    reason_for,
    row::RowContext,
};
use crate::issues::{Action, DataIssue, Wording};
use crate::location::Source;
use crate::model::{Order, OrderKind, Quantity, Status, Sym};
use crate::pipeline::columns::values::DATE_EXPECTED;
use crate::pipeline::columns::{Field, OrderPart, TableInfo, TableKind, lines, values};
use crate::pipeline::read::Table;

/// An order row of a split order export.
pub(super) struct OrderRow {
    /// Its order, the customer [`NO_CUSTOMER`] while `pending` waits.
    pub(super) head: Head,
    /// The customer it names when no table lists them, in [`Builder::pending`]: added with
    /// the first line of any of their orders, so an order row without lines (or skipped)
    /// makes no customer.
    pub(super) pending: Option<u32>,
    source: usize,
    row: u32,
    /// How many lines were joined to it.
    lines: u32,
}

impl Builder<'_> {
    /// A row of a list of returned orders: the order must be among the orders read.
    pub(super) fn add_returned_order(&mut self, ctx: &RowContext<'_, '_>) -> Result<(), DataIssue> {
        let text = ctx
            .text(Field::OrderId)
            .ok_or_else(|| ctx.skip(Some(Field::OrderId), ["empty order id", "订单编号为空"]))?;
        let id = self
            .data
            .order_ids
            .find(&values::identifier(&text))
            .filter(|id| self.order_rows.contains_key(id) || self.has_lines_of(*id))
            .ok_or_else(|| ctx.skip(Some(Field::OrderId), ORDER_NOT_FOUND))?;
        self.returned.insert(id);
        Ok(())
    }

    /// Whether some order line has this order id.
    fn has_lines_of(&mut self, id: Sym) -> bool {
        let orders = &self.data.orders;
        self.order_customers
            .get_or_insert_with(|| order_customers(orders))
            .contains_key(&id)
    }

    /// Notes how the lines of a table that do not say which order they are make orders (see
    /// [`lines`]): without an order id, a customer's day is one; an order's total on each of
    /// its lines is counted once, here.
    pub(super) fn orders_of_lines(&mut self, table: &Table, info: &TableInfo, first_line: usize) {
        let source = &table.source;
        let same_day = lines::id_less_lines_sharing_a_day(&self.data.orders[first_line..]);
        if same_day > 0 {
            self.table_notice(
                source,
                &format!(
                    "{same_day} lines without an order id share their customer's day with another; a customer's lines of one day without an id count as one order"
                ),
                &format!("有 {same_day} 行没有订单号，且与同一客户同一天的其他行同日；同一客户同一天没有订单号的多行算作一笔订单"),
            );
        }
        let repeated = lines::lines_repeating_one_of_their_order(&self.data.orders[first_line..]);
        if repeated > 0 {
            self.table_notice(
                source,
                &format!(
                    "{repeated} line{} an earlier line of {} order in every figure (product, quantity, amount, status): each counts; if the export wrote {} twice, remove the copies",
                    if repeated == 1 { " repeats" } else { "s repeat" },
                    if repeated == 1 { "its" } else { "their" },
                    if repeated == 1 { "it" } else { "them" },
                ),
                &format!("有 {repeated} 行与同一订单中前面的某行完全相同（产品、数量、金额、状态）：均已计入；如果是导出时重复写入的，请删除重复行"),
            );
        }
        let Some(amount) = info.column(Field::Amount) else {
            return;
        };
        let others = info.all_columns().filter(|c| c.index != amount.index);
        let figure =
            lines::names_an_order_figure(&amount.header, others.map(|c| c.header.as_str()));
        // A plain Total that is not some line's price × quantity may be the order's too, where
        // it is no less than its lines' together.
        let priced = self.table.priced.take().filter(|priced| {
            !figure
                && priced
                    .iter()
                    .any(|line| (line.written - line.price).abs() > 0.005)
        });
        if !figure && priced.is_none() {
            return;
        }
        let orders = lines::keep_repeated_totals_once(
            &mut self.data.orders[first_line..],
            priced.as_deref(),
        );
        if orders > 0 {
            let label = amount.label();
            self.table_notice(
                source,
                &format!(
                    "column {label} holds the order's total on each of its lines (the same amount on every line of {orders} order{} of several lines): it is counted once, on each order's first line",
                    if orders == 1 { "" } else { "s" }
                ),
                &format!("{label} 列在订单的每一行都写着订单总额（{orders} 笔多行订单的每一行金额都相同）：只计一次，记在订单的第一行"),
            );
        }
    }

    /// Marks every line of a returned order refunded: the order was sent back, so it counts
    /// neither as a purchase nor as a return. Its status text goes: the workbook writes the
    /// status in its language, which reads back as refunded.
    pub(super) fn mark_returned_orders(&mut self) {
        if self.returned.is_empty() {
            return;
        }
        for order in &mut self.data.orders {
            if order.order_id.is_some_and(|id| self.returned.contains(&id)) && !order.is_return() {
                order.status = Some(Status::Refunded);
                order.status_text = None;
            }
        }
    }

    pub(super) fn add_order(
        &mut self,
        ctx: &RowContext<'_, '_>,
        reading: Reading,
    ) -> Result<(), DataIssue> {
        let blank = |field| ctx.cell(field).is_some_and(|(cell, _)| cell.is_blank());
        let fields = [
            ctx.customer_field,
            Field::Date,
            Field::Amount,
            Field::Status,
        ];
        // A subtotal row (SO1, , , 小计, 150) below an order's lines is not one of them.
        let earlier = (fields.into_iter().any(blank) && !ctx.is_total_row())
            .then(|| self.same_order_above(ctx))
            .flatten();
        let inherit = |field| earlier.filter(|_| blank(field));
        // Only a line that leaves more of its order blank than the amount (Shopify writes an
        // order's total, status and billing name on its first line) is part of the order
        // above: its status or its customer blank too. An amount alone missing (or beside a
        // blank name) is a data issue.
        let within_order =
            blank(Field::Amount) && (blank(Field::Status) || blank(ctx.customer_field));
        // The customer's key, read here; or the customer of the order above.
        let named = match inherit(ctx.customer_field) {
            Some(head) => Err(head.customer),
            None => Ok(ctx.customer_key()?),
        };
        let date = match inherit(Field::Date) {
            Some(head) => head.date,
            None => self.order_date(ctx, reading)?,
        };
        // Before the amount: a payment's or an order's own row may have none.
        let declared = self.declared_type(ctx)?;
        let amount = match inherit(Field::Amount).filter(|_| within_order) {
            // The order's amount is on its first line.
            Some(_) => {
                self.table.lines_within_order += 1;
                let quantity = ctx.cell(Field::Quantity).and_then(|(cell, _)| {
                    values::parse_amount(&cell, reading.mark(Field::Quantity))
                });
                (0.0, quantity, None)
            }
            None => self.line_amount(ctx, reading)?,
        };
        let (status, status_text) = match inherit(Field::Status) {
            Some(head) => (head.status, head.status_text),
            None => self.order_status(ctx)?,
        };
        let customer = match named {
            Ok(key) => self.customer_of(ctx, key)?,
            Err(customer) => customer,
        };
        let head = Head {
            customer,
            date,
            status,
            status_text,
            declared,
            channel: None,
        };
        self.push_order(ctx, reading, head, amount);
        if let (Some(_), Some((id, _)), Some(line)) =
            (earlier, self.table.line_above, self.data.orders.last_mut())
        {
            line.order_id.get_or_insert(id);
        }
        self.table.line_above = self
            .data
            .orders
            .last()
            .and_then(|o| Some((o.order_id?, head)));
        Ok(())
    }

    /// The line above in this table, when this row has its order id: exports such as
    /// Shopify's write an order's customer, total and status on its first line only. Odoo's
    /// leaves the order's reference blank too: a line below with no order id, customer or
    /// date, but a product, is the order's.
    fn same_order_above(&self, ctx: &RowContext<'_, '_>) -> Option<Head> {
        let (id, head) = self.table.line_above?;
        match ctx.text(Field::OrderId) {
            Some(text) => {
                (self.data.order_ids.find(&values::identifier(&text)) == Some(id)).then_some(head)
            }
            // A row of sums below the lines names no product.
            None => (ctx.column(Field::OrderId).is_some()
                && ctx.text(ctx.customer_field).is_none()
                && ctx.text(Field::Date).is_none()
                && ctx.text(Field::Product).is_some())
            .then_some(head),
        }
    }

    /// An order row of a split export: kept by its order id for the lines to come.
    pub(super) fn add_order_row(
        &mut self,
        ctx: &RowContext<'_, '_>,
        reading: Reading,
    ) -> Result<(), DataIssue> {
        let id = self.required_order_id(
            ctx,
            ["an order's lines are found by it", "订单明细靠它对应"],
        )?;
        let (head, pending) = self.order_head(ctx, reading).inspect_err(|_| {
            self.unusable_order_rows
                .entry(id)
                .or_insert((ctx.source, ctx.row_number));
        })?;
        if let Some(earlier) = self.order_rows.get_mut(&id) {
            let key = |head: &Head, pending: Option<u32>| (head.customer, pending, head.date);
            if key(&earlier.head, earlier.pending) == key(&head, pending) {
                // The same order in two exports: its status as the later one has it
                // (pending, then completed).
                (earlier.head.status, earlier.head.status_text) = (head.status, head.status_text);
                return Ok(());
            }
            let (source, row) = (&self.data.sources[earlier.source], earlier.row);
            let reason = Wording::new(
                format!(
                    "order id already on {source}, row {row}, for another customer or date; that row is used"
                ),
                format!(
                    "订单编号已见于 {zh} 第 {row} 行，但客户或日期不同；使用那一行",
                    zh = source.zh()
                ),
            );
            return Err(ctx.skip(Some(Field::OrderId), reason));
        }
        self.order_rows.insert(
            id,
            OrderRow {
                head,
                pending,
                source: ctx.source,
                row: ctx.row_number,
                lines: 0,
            },
        );
        Ok(())
    }

    /// What an order row says of its order, and the customer to add with its first line
    /// when no table lists them.
    fn order_head(
        &mut self,
        ctx: &RowContext<'_, '_>,
        reading: Reading,
    ) -> Result<(Head, Option<u32>), DataIssue> {
        let key = ctx.customer_key()?;
        let date = self.order_date(ctx, reading)?;
        let (status, status_text) = self.order_status(ctx)?;
        let declared = self.declared_type(ctx)?;
        let channel = self.intern(ctx, Field::Channel);
        let (customer, pending) = match self.find_customer(ctx, &key)? {
            Some(idx) => (idx, None),
            None => (NO_CUSTOMER, Some(self.pending_customer(ctx, key))),
        };
        let head = Head {
            customer,
            date,
            status,
            status_text,
            declared,
            channel,
        };
        Ok((head, pending))
    }

    /// The order row of `id` with its customer added, if it waited for its first line.
    fn joined_head(&mut self, id: Sym) -> Option<Head> {
        let order = self.order_rows.get_mut(&id)?;
        let Some(place) = order.pending.take() else {
            return Some(order.head);
        };
        let slot = &mut self.pending[place as usize];
        let customer = match std::mem::replace(slot, Pending::Added(NO_CUSTOMER)) {
            Pending::Added(idx) => idx,
            Pending::Waiting(new) => match self.data.customer(&new.id) {
                Some(idx) => idx,
                None => self.add_new_customer(new),
            },
        };
        self.pending[place as usize] = Pending::Added(customer);
        let order = self.order_rows.get_mut(&id)?;
        order.head.customer = customer;
        Some(order.head)
    }

    /// A line of a split order export, joined to its order row by the order id. A status or
    /// type of its own (a returned line of a completed order) wins over the order's.
    pub(super) fn add_joined_line(
        &mut self,
        ctx: &RowContext<'_, '_>,
        reading: Reading,
    ) -> Result<(), DataIssue> {
        let id = self.required_order_id(
            ctx,
            ["a line is joined to its order by it", "明细靠它对应到订单"],
        )?;
        if !self.order_rows.contains_key(&id) {
            return Err(self.unjoined(ctx, id));
        }
        let amount = self.line_amount(ctx, reading)?;
        let status = match ctx.text(Field::Status) {
            Some(_) => Some(self.order_status(ctx)?),
            None => None,
        };
        let declared = self.declared_type(ctx)?;
        let Some(mut head) = self.joined_head(id) else {
            return Err(self.unjoined(ctx, id));
        };
        if let Some((status, text)) = status {
            (head.status, head.status_text) = (status, text);
        }
        head.declared = declared.or(head.declared);
        if let Some(order) = self.order_rows.get_mut(&id) {
            order.lines += 1;
        }
        self.push_order(ctx, reading, head, amount);
        Ok(())
    }

    /// The issue of a line whose order id no order row has, or none that could be used.
    fn unjoined(&self, ctx: &RowContext<'_, '_>, id: Sym) -> DataIssue {
        let reason = self.unusable_order_row(id).unwrap_or_else(|| {
            let [tables, tables_zh] = self.tables_of(OrderPart::Headers);
            Wording::new(
                format!("no order row has this order id (in {tables})"),
                format!("订单表中没有此订单编号（{tables_zh}）"),
            )
        });
        ctx.skip(Some(Field::OrderId), reason)
    }

    /// Why an order id's row is not there to join: the row could not be used.
    pub(super) fn unusable_order_row(&self, id: Sym) -> Option<Wording> {
        let &(source, row) = self.unusable_order_rows.get(&id)?;
        let source = &self.data.sources[source];
        Some(Wording::new(
            format!("its order's row, {source}, row {row}, cannot be used (listed too)"),
            format!(
                "其订单所在的行（{zh} 第 {row} 行）无法使用（也已列出）",
                zh = source.zh()
            ),
        ))
    }

    /// The tables of one half of split order exports, for messages in English and Chinese.
    fn tables_of(&self, part: OrderPart) -> [String; 2] {
        let sources: Vec<&Source> = self
            .data
            .tables
            .iter()
            .filter(|t| t.kind == TableKind::Orders && t.part == part)
            .map(|t| &self.data.sources[t.source])
            .collect();
        let en: Vec<String> = sources.iter().map(ToString::to_string).collect();
        let zh: Vec<String> = sources.iter().map(|s| s.zh()).collect();
        [en.join(", "), zh.join("、")]
    }

    /// Lists the order rows no line was joined to: they add nothing, and every row is
    /// accounted for.
    pub(super) fn list_orders_without_lines(&mut self) {
        let mut alone: Vec<(usize, u32, Sym)> = self
            .order_rows
            .iter()
            .filter(|(_, o)| o.lines == 0)
            .map(|(&id, o)| (o.source, o.row, id))
            .collect();
        if alone.is_empty() {
            return;
        }
        alone.sort_unstable_by_key(|&(source, row, _)| (source, row));
        let [tables, tables_zh] = self.tables_of(OrderPart::Lines);
        let reason = Wording::new(
            format!("no line of this order in {tables}; nothing of it counts"),
            format!("{tables_zh} 中没有此订单的明细；整单不计"),
        );
        for (source, row, id) in alone {
            let info = self
                .data
                .tables
                .iter_mut()
                .find(|t| t.source == source)
                .expect("an order row's table is recognised");
            info.rows_used -= 1;
            info.rows_skipped += 1;
            self.data.issues.push(DataIssue {
                source,
                row,
                column: info.column(Field::OrderId).cloned(),
                value: self.data.order_ids.get(id).to_owned(),
                reason: reason.clone(),
                action: Action::Skipped,
            });
        }
    }

    /// The order id of a row of a split export, which is `why` it is required.
    fn required_order_id(
        &mut self,
        ctx: &RowContext<'_, '_>,
        why: [&str; 2],
    ) -> Result<Sym, DataIssue> {
        self.order_id(ctx).ok_or_else(|| {
            let empty = Wording::from(["empty order id", "订单编号为空"]);
            ctx.skip(Some(Field::OrderId), empty.and(&why.into()))
        })
    }

    /// The order id of a row, interned.
    fn order_id(&mut self, ctx: &RowContext<'_, '_>) -> Option<Sym> {
        let id = self.fitted(ctx, Field::OrderId)?;
        Some(self.data.order_ids.intern(&values::identifier(&id)))
    }

    /// Adds an order line of `head`'s order, whose amount, quantity and any note on them are
    /// `amount`.
    fn push_order(
        &mut self,
        ctx: &RowContext<'_, '_>,
        reading: Reading,
        head: Head,
        (amount, quantity, note): (f64, Option<f64>, Option<DataIssue>),
    ) {
        self.watch_late_marks(ctx, reading);
        self.data.issues.extend(note);
        if let Some(priced) = &mut self.table.priced {
            priced.push(line_price(ctx, reading));
        }
        let order = Order {
            customer: head.customer,
            order_id: self.order_id(ctx),
            date: head.date,
            amount: amount.abs(),
            quantity: Quantity::new(quantity.map(f64::abs)),
            status: head.status,
            status_text: head.status_text,
            declared: head.declared,
            negative: amount < 0.0 || quantity.is_some_and(|q| q < 0.0),
            category: self.intern(ctx, Field::Category),
            product: self.intern(ctx, Field::Product),
            brand: self.intern(ctx, Field::Brand),
            channel: self.intern(ctx, Field::Channel).or(head.channel),
            source: ctx.source as u16,
            row: ctx.row_number,
            kind: OrderKind::Repeat,
            not_counted: None,
        };
        self.data.orders.push(order);
    }

    /// A row's order date; one written without a year (3月5日, 3/5) in the year the table's
    /// name gives, counted for a note.
    fn order_date(
        &mut self,
        ctx: &RowContext<'_, '_>,
        reading: Reading,
    ) -> Result<NaiveDate, DataIssue> {
        let (cell, _) = ctx
            .cell(Field::Date)
            .expect("order rows have a date column");
        if let Some(date) = values::parse_date(&cell, reading.date_order) {
            return Ok(date);
        }
        // An open deal (纷享销客's 商机 has a 结单日期 only once it is won or lost), or a
        // cancelled order, with no date would not count: nothing is lost by leaving it out.
        if cell.is_blank() && self.stated_uncounted(ctx) {
            return Err(ctx.skip(Some(Field::Date), crate::issues::UNDATED_UNCOUNTED));
        }
        // A ledger's period total under its customer, labelled in the 摘要 beside it
        // (华兴贸易 | 本月合计, no date).
        if cell.is_blank()
            && let Some(at) = ctx.cell_where(values::is_total_label)
        {
            return Err(ctx.skip_at(at, crate::issues::TOTAL_ROW));
        }
        let Some((month, day)) = values::month_day(&cell.display(), reading.date_order) else {
            return Err(ctx.skip(Some(Field::Date), reason_for(&cell, DATE_EXPECTED)));
        };
        let yearless = [
            "a date without a year: name the year in the sheet's or file's name (2024年销售台账) or write it in the date",
            "日期没有年份：请在工作表名或文件名中写明年份（如 2024年销售台账），或在日期中写上年份",
        ];
        let Some(year) = reading.year else {
            return Err(ctx.skip(Some(Field::Date), yearless));
        };
        let date = NaiveDate::from_ymd_opt(year, month, day).ok_or_else(|| {
            let reason = Wording::new(
                format!("not a date: {year}, the year the name gives, has no such day"),
                format!("不是有效日期：名称中的年份 {year} 没有这一天"),
            );
            ctx.skip(Some(Field::Date), reason)
        })?;
        self.table.dates_without_year += 1;
        Ok(date)
    }
}
