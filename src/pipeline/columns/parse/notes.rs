//! Notes on whole tables: what their type and status columns said, returns and voids,
//! currencies, unsaved formulas.

use anyhow::Result;

use super::{Builder, reading::Reading};
use crate::issues::{DataIssue, Wording};
use crate::location::Column;
use crate::pipeline::columns::{Field, TableInfo, values};
use crate::pipeline::read::Table;

impl Builder<'_> {
    /// The notes on how a table just parsed was read: dates without a year, several
    /// currencies, lines that continue the order above, returns and voids, customers named
    /// otherwise than by their id.
    pub(super) fn note_what_the_table_said(
        &mut self,
        table: &Table,
        info: &TableInfo,
        reading: Reading,
    ) -> Result<()> {
        if let (dates @ 1.., Some(year)) = (self.table.dates_without_year, reading.year) {
            let source = &table.source;
            self.table_notice(
                source,
                &format!(
                    "{dates} date{} written without a year (3月5日, 3/5) read in {year}, the year the name gives",
                    if dates == 1 { "" } else { "s" }
                ),
                &format!("有 {dates} 个日期没有写年份（如 3月5日、3/5），按名称中的年份 {year} 读取"),
            );
        }
        if let Some(column) = info.column(Field::Currency) {
            self.note_currencies(table, info.header_row, column)?;
        }
        if let (true, Some(column)) = (self.table.adventure_works, info.column(Field::Status)) {
            let label = column.label();
            self.table_notice(
                &table.source,
                &format!(
                    "the numbers in column {label} are read as Adventure Works' order statuses: 1 In process, 2 Approved, 3 Backordered, 4 Rejected, 5 Shipped, 6 Cancelled"
                ),
                &format!(
                    "{label} 列中的数字按 Adventure Works 的订单状态读取：1 处理中、2 已批准、3 缺货待发、4 已拒绝、5 已发货、6 已取消"
                ),
            );
        }
        if self.table.lines_within_order > 0 {
            let (source, lines) = (&table.source, self.table.lines_within_order);
            self.table_notice(
                source,
                &format!(
                    "{lines} {} a blank amount and status or customer {} a line of the same order, as in Shopify's exports: each is taken as part of that order, its amount in the order's total, its customer, date and status the order's",
                    if lines == 1 { "line with" } else { "lines with" },
                    if lines == 1 { "follows" } else { "follow" }
                ),
                &format!(
                    "有 {lines} 行金额和状态或客户为空，紧跟在同一订单的行之后（如 Shopify 的导出）：每行都算作该订单的一部分，金额已含在订单总额中，客户、日期和状态取该订单的"
                ),
            );
        }
        if let (rows @ 1.., Some(column)) = (
            self.table.missing_customers,
            info.column(info.customer_field()),
        ) {
            let label = column.label();
            self.table_notice(
                &table.source,
                &format!(
                    "{rows} row{} a date and an amount but nothing in column {label}, and {} not used: if the customer is written once above the rows that are theirs, fill the column down (in Excel: select it, Home › Find & Select › Go To Special › Blanks, type = and the up arrow, then Ctrl+Enter)",
                    if rows == 1 { " has" } else { "s have" },
                    if rows == 1 { "is" } else { "are" }
                ),
                &format!(
                    "有 {rows} 行有日期和金额，但 {label} 列为空，未使用：如果客户只写在其各行的第一行，请向下填充该列（Excel：选中该列，开始 › 查找和选择 › 定位条件 › 空值，输入 = 和向上键，再按 Ctrl+Enter）"
                ),
            );
        }
        self.note_returns_and_voids(table, info);
        self.note_customers_named_otherwise(table, info);
        Ok(())
    }

    /// The notes on lines a table's remarks or name made returns or cancelled.
    fn note_returns_and_voids(&mut self, table: &Table, info: &TableInfo) {
        if let (lines @ 1.., Some(column)) =
            (self.table.returns_by_remark, info.column(Field::Remark))
        {
            let (source, label) = (&table.source, column.label());
            self.table_notice(
                source,
                &format!(
                    "{lines} line{} whose remark in column {label} says only 退货 or return {}",
                    if lines == 1 { "" } else { "s" },
                    if lines == 1 {
                        "is a return"
                    } else {
                        "are returns"
                    }
                ),
                &format!("{label} 列的备注只写“退货”之类的 {lines} 行按退货计"),
            );
        }
        if let (lines @ 1.., Some(column)) =
            (self.table.cancelled_by_remark, info.column(Field::Remark))
        {
            let (source, label) = (&table.source, column.label());
            self.table_notice(
                source,
                &format!(
                    "{lines} line{} whose remark in column {label} says only 作废 or void {} cancelled, not counted",
                    if lines == 1 { "" } else { "s" },
                    if lines == 1 { "is" } else { "are" }
                ),
                &format!("{label} 列的备注只写“作废”之类的 {lines} 行按已取消计，不计入"),
            );
        }
        if let (lines @ 1.., Some(column)) = (self.table.invalidated, info.column(Field::Validity))
        {
            let (source, label) = (&table.source, column.label());
            self.table_notice(
                source,
                &format!(
                    "{lines} line{} that column {label} says {} voided, rejected, not yet approved, not paid or refunded: not counted, whatever the status says",
                    if lines == 1 { "" } else { "s" },
                    if lines == 1 { "is" } else { "are" }
                ),
                &format!(
                    "{label} 列表明已作废、已驳回、未审批、未支付或已退款的 {lines} 行不计入（无论状态列如何）"
                ),
            );
        }
        if let lines @ 1.. = self.table.lines_returned_by_name {
            self.table_notice(
                &table.source,
                &format!(
                    "its name says it holds returns, so its {lines} {}, taken off the customer's spend (a type column, 订单类型, would say what each line is)",
                    if lines == 1 {
                        "line is taken as a return"
                    } else {
                        "lines are taken as returns"
                    }
                ),
                &format!(
                    "名称表明是退货记录，其中 {lines} 行按退货计，冲减客户的消费额（若有订单类型列，则按各行的类型）"
                ),
            );
        }
    }

    /// Notes a currency column that holds more than one currency: amounts are added as they
    /// are, so 100 JPY would weigh as much as 100 USD.
    fn note_currencies(&mut self, table: &Table, header_row: u32, column: &Column) -> Result<()> {
        const SHOWN: usize = 4;
        let mut currencies: Vec<String> = Vec::new();
        // Most rows repeat the row above: only a change of text is looked at.
        let mut above = String::new();
        table.for_each_row(|row_number, row| {
            let cell = row.get(column.index).display();
            let text = cell.trim();
            if row_number <= header_row || text == above {
                return Ok(true);
            }
            text.clone_into(&mut above);
            let code = values::currency_code(text);
            if !code.is_empty() && !currencies.contains(&code) {
                currencies.push(code);
            }
            Ok(currencies.len() <= SHOWN)
        })?;
        if currencies.len() > 1 {
            let (source, label) = (&table.source, column.label());
            let shown = currencies[..currencies.len().min(SHOWN)].join(", ")
                + if currencies.len() > SHOWN {
                    ", …"
                } else {
                    ""
                };
            self.table_notice(
                source,
                &format!(
                    "column {label} holds several currencies ({shown}): amounts are added as they are, not converted; convert them to one currency first, or grade each currency's orders apart"
                ),
                &format!("{label} 列有多种币种（{shown}）：金额按原值相加，未做换算；请先换算为同一币种，或按币种分开评级"),
            );
        }
        Ok(())
    }

    /// A cell reported empty may hold a formula that the program which wrote the file never
    /// calculated; "empty" would puzzle a user who sees the formula, so say what it is.
    pub(super) fn explain_unsaved_formulas(&mut self, table: &Table, first_issue: usize) {
        // "empty cell; expected ...", "empty customer id", "empty status; ..."
        let is_empty_cell = |issue: &DataIssue| issue.reason.en.starts_with("empty ");
        for issue in &mut self.data.issues[first_issue..] {
            let Some(column) = &issue.column else {
                continue;
            };
            if let Some(formula) = table.unsaved_formula(issue.row, column.index)
                && is_empty_cell(issue)
            {
                let unsaved = Wording::from(UNSAVED_FORMULA);
                issue.reason = match (
                    issue.reason.en.split_once("; "),
                    issue.reason.zh.split_once('；'),
                ) {
                    (Some((_, en)), Some((_, zh))) => unsaved.and(&Wording::new(en, zh)),
                    _ => unsaved,
                };
                // A formula filled down from a long one is a few bytes in the file: only its
                // beginning is kept, as each such cell is an issue of its own.
                issue.value = std::iter::once('=')
                    .chain(formula.chars().take(FORMULA_SHOWN))
                    .chain(formula.chars().nth(FORMULA_SHOWN).map(|_| '…'))
                    .collect();
            }
        }
    }
}

/// The characters of an uncalculated formula an issue shows.
const FORMULA_SHOWN: usize = 200;

/// What an empty cell holding an uncalculated formula is called instead.
const UNSAVED_FORMULA: [&str; 2] = [
    "formula with no saved value (the file was written by a program that does not calculate formulas; open it in Excel or LibreOffice and save it)",
    "公式没有保存的值（文件由不计算公式的程序写出；请用 Excel 或 LibreOffice 打开并保存）",
];
