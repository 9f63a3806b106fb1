//! What an order line's status, type, void or payment column says of it.

use std::borrow::Cow;

use anyhow::Result;

use super::{Builder, row::RowContext};
use crate::issues::{DataIssue, Wording};
use crate::location::Column;
use crate::model::{DeclaredType, Status, Sym};
use crate::pipeline::columns::{Field, TableInfo, values};
use crate::pipeline::read::Table;

/// What a type column holds, by its header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum TypeColumn {
    /// Words: new, repeat, return, a kind of business.
    Words,
    /// A flag whose header names a return (Sage's Credit Memo: TRUE or FALSE).
    ReturnFlag,
    /// An accounting system's document codes (Dynamics GP's Document Type: SLS, RTN, CR,
    /// PMT), where RTN is a return and CR a credit memo.
    DocumentCodes,
}

impl TypeColumn {
    fn of(column: &Column) -> Self {
        if values::parse_order_type(&column.header) == Some(DeclaredType::Return) {
            TypeColumn::ReturnFlag
        } else if ["documenttype", "doctype"].contains(&values::normalise(&column.header).as_str())
        {
            TypeColumn::DocumentCodes
        } else {
            TypeColumn::Words
        }
    }
}

/// What a [`Field::Validity`] column is, by its header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum ValidityColumn {
    /// A void flag (是否作废, Void): a yes in it voids the line.
    VoidFlag,
    /// A payment status (支付状态, Payment Status): it speaks only where no status does.
    Payment,
    /// An approval or a bill's state (审批状态, 账单状态), or none.
    Status,
}

impl ValidityColumn {
    fn of(column: &Column) -> Self {
        let header = values::normalise(&column.header);
        if values::is_void_flag(&column.header) {
            ValidityColumn::VoidFlag
        } else if ["付款", "支付", "payment"]
            .iter()
            .any(|w| header.contains(w))
        {
            ValidityColumn::Payment
        } else {
            ValidityColumn::Status
        }
    }
}

/// The texts of a type column that say no order type (Standard, Wholesale, 销售单), for a note:
/// up to [`OtherTypes::SHOWN`] of them, and how many lines have one.
#[derive(Default)]
pub(super) struct OtherTypes {
    texts: Vec<String>,
    pub(super) lines: usize,
}

impl OtherTypes {
    const SHOWN: usize = 5;

    fn count(&mut self, text: &str) {
        self.lines += 1;
        if self.texts.len() < Self::SHOWN && !self.texts.iter().any(|t| t == text) {
            self.texts.push(text.to_owned());
        }
    }

    pub(super) fn note(self, table: &Table, info: &TableInfo) -> Option<Wording> {
        let column = info.column(Field::OrderType)?;
        let texts = self
            .texts
            .iter()
            .map(|t| format!("\"{t}\""))
            .collect::<Vec<_>>();
        (self.lines > 0).then(|| {
            let (source, label, lines) = (&table.source, column.label(), self.lines);
            let texts = texts.join(", ") + if texts.len() == Self::SHOWN { "…" } else { "" };
            Wording::new(
                format!(
                    "{source}: column {label} says {texts} on {lines} line{}, not new, repeat or return: those lines are classed by the customer's history, and a return is told by 退货 or return in the type, the status or a negative amount",
                    if lines == 1 { "" } else { "s" }
                ),
                format!(
                    "{zh}：{label} 列有 {lines} 行写着 {texts}，不是新订单、续订或退货：这些行按客户的购买历史归类，退货则由类型或状态中的“退货”、或负金额识别",
                    zh = source.zh(),
                ),
            )
        })
    }
}

/// What a type column says of the table: its first rows tell, as a table's kinds of document
/// show early, unless they leave open whether it gives invoices.
#[derive(Default)]
pub(super) struct TypeSurvey {
    /// The texts that mark an order's own row where the table gives its lines too, under the
    /// same word and "line" (Lightspeed's Line Type: Sale, then its Sale Lines): that row
    /// repeats what its lines add up to.
    order_rows: Vec<String>,
    /// Whether the table gives documents that bill or deliver sales (Invoice, 销售单), so
    /// that its sales orders and plain Payments are those sales again
    /// ([`values::bills_or_delivers`]).
    pub(super) bills: bool,
}

impl TypeSurvey {
    /// The survey of an orders table's type column; nothing for a table without one.
    pub(super) fn of(table: &Table, info: &TableInfo) -> Result<Self> {
        const MOST: usize = 50;
        const ROWS: u32 = 1000;
        let Some(column) = info.column(Field::OrderType) else {
            return Ok(Self::default());
        };
        let mut texts: Vec<String> = Vec::new();
        table.for_each_row(|row_number, row| {
            if row_number > info.header_row {
                let text = row.get(column.index).display();
                if !texts.iter().any(|t| *t == text) {
                    texts.push(text.into_owned());
                }
            }
            Ok(texts.len() < MOST && row_number < info.header_row + ROWS)
        })?;
        let words: Vec<String> = texts.iter().map(|t| values::normalise(t)).collect();
        let is_order_word = |word: &String| {
            !word.is_empty()
                && ["line", "lineitem", "item", "明细"]
                    .iter()
                    .any(|line| words.contains(&format!("{word}{line}")))
        };
        let mut bills = texts.iter().any(|t| values::bills_or_delivers(t));
        // A list of transactions sorted by type may give its invoices far down, below a
        // thousand bills: where the first rows show words whose reading depends on them, the
        // column is read on until an invoice shows or it ends.
        let depends = |text: &String| {
            matches!(values::type_word(text), Some(word) if !matches!(word, values::TypeWord::Declared(_)))
                || values::normalise(text) == "salesreceipt"
        };
        if !bills && texts.iter().any(depends) {
            let mut previous = String::new();
            table.for_each_row(|row_number, row| {
                if row_number > info.header_row {
                    let text = row.get(column.index).display();
                    if text != previous {
                        bills = values::bills_or_delivers(&text);
                        previous = text.into_owned();
                    }
                }
                Ok(!bills)
            })?;
        }
        let order_rows = texts
            .into_iter()
            .zip(&words)
            .filter(|(_, word)| is_order_word(word))
            .map(|(text, _)| text)
            .collect();
        Ok(Self { order_rows, bills })
    }
}

impl Builder<'_> {
    /// The type a row declares, if the table has a type column and the text is one of new,
    /// repeat or return. Other types (Wholesale, 销售单) are a kind of business, not of order:
    /// the line is classified by its history and the text is counted for a note. A top-up of
    /// stored value (充值) is no purchase: the row is listed as such, not used.
    pub(super) fn declared_type(
        &mut self,
        ctx: &RowContext<'_, '_>,
    ) -> Result<Option<DeclaredType>, DataIssue> {
        if self.table.returns_by_name {
            self.table.lines_returned_by_name += 1;
            return Ok(Some(DeclaredType::Return));
        }
        let Some(text) = ctx.text(Field::OrderType) else {
            let Some(remark) = ctx.text(Field::Remark) else {
                return Ok(None);
            };
            // A ledger's 摘要 that says only that a debt was paid (还款, 收款) is no sale; a
            // remark saying how a sale was paid (Bank transfer) says nothing.
            if values::is_debt_paid(&remark) {
                return Err(ctx.skip(Some(Field::Remark), crate::issues::PAYMENT_ROW));
            }
            let is_return = values::is_return_remark(&remark);
            self.table.returns_by_remark += usize::from(is_return);
            return Ok(is_return.then_some(DeclaredType::Return));
        };
        if self.table.types.order_rows.iter().any(|t| *t == text) {
            return Err(ctx.skip(Some(Field::OrderType), crate::issues::ORDER_ROW_OF_LINES));
        }
        let column = *self.table.type_column.get_or_insert_with(|| {
            ctx.column(Field::OrderType)
                .map_or(TypeColumn::Words, TypeColumn::of)
        });
        match column {
            TypeColumn::ReturnFlag => {
                return Ok(values::says_yes(&text).then_some(DeclaredType::Return));
            }
            TypeColumn::DocumentCodes
                if ["rtn", "cr"].contains(&text.trim().to_lowercase().as_str()) =>
            {
                return Ok(Some(DeclaredType::Return));
            }
            _ => {}
        }
        match self.type_memo.get(&text, values::type_word) {
            Some(values::TypeWord::Declared(declared)) => Ok(Some(declared)),
            Some(values::TypeWord::TopUp) => {
                Err(ctx.skip(Some(Field::OrderType), crate::issues::TOP_UP))
            }
            Some(values::TypeWord::Payment) => {
                Err(ctx.skip(Some(Field::OrderType), crate::issues::PAYMENT_ROW))
            }
            Some(values::TypeWord::Tender) => {
                if ctx.amount_blank() {
                    return Err(ctx.skip(Some(Field::OrderType), crate::issues::PAYMENT_ROW));
                }
                if self.table.types.bills {
                    return Err(ctx.skip(Some(Field::OrderType), crate::issues::INVOICE_PAID));
                }
                self.table.other_types.count(&text);
                Ok(None)
            }
            Some(values::TypeWord::Quote) => {
                Err(ctx.skip(Some(Field::OrderType), crate::issues::QUOTE_ROW))
            }
            Some(values::TypeWord::Bookkeeping) if self.table.types.bills => {
                Err(ctx.skip(Some(Field::OrderType), crate::issues::OWN_BOOKS_ROW))
            }
            Some(values::TypeWord::OwnBooks) => {
                Err(ctx.skip(Some(Field::OrderType), crate::issues::OWN_BOOKS_ROW))
            }
            Some(values::TypeWord::SalesOrder) if self.table.types.bills => {
                Err(ctx.skip(Some(Field::OrderType), crate::issues::SALES_ORDER_ROW))
            }
            Some(values::TypeWord::SalesOrder | values::TypeWord::Bookkeeping) | None => {
                self.table.other_types.count(&text);
                Ok(None)
            }
        }
    }

    /// Whether the row's status says it does not count (pending, cancelled).
    pub(super) fn stated_uncounted(&mut self, ctx: &RowContext<'_, '_>) -> bool {
        let Some(text) = ctx.text(Field::Status) else {
            return false;
        };
        let statuses = &self.statuses;
        matches!(
            self.status_memo.get(&text, |t| statuses.parse(t)),
            Some(Status::Pending | Status::Cancelled)
        )
    }

    /// Refunded, with the text that says so, where an after-sales column ([`Field::RefundStatus`])
    /// says the money went back (退款成功, refunded); any other value there (无售后, 售后处理中)
    /// says nothing. The text is the line's status text, so that it reads back as refunded.
    /// Beside a refund column, which says how much went back (a partial refund, 仅退款), the
    /// after-sales status is not needed.
    fn refunded_after_sale(&mut self, ctx: &RowContext<'_, '_>) -> Option<(Status, Sym)> {
        if ctx.column(Field::Refund).is_some() {
            return None;
        }
        let text = ctx.text(Field::RefundStatus)?;
        let statuses = &self.statuses;
        (self.status_memo.get(&text, |t| statuses.parse(t)) == Some(Status::Refunded))
            .then(|| (Status::Refunded, self.data.symbols.intern(&text)))
    }

    /// The status: the status column's, unless a void, approval or payment column takes a line
    /// that would count out ([`Self::invalidated`]).
    pub(super) fn order_status(
        &mut self,
        ctx: &RowContext<'_, '_>,
    ) -> Result<(Option<Status>, Option<Sym>), DataIssue> {
        let stated = self.stated_status(ctx);
        match stated {
            Ok((Some(Status::Pending | Status::Cancelled | Status::Returned), _)) => return stated,
            // A sale delivered and not yet paid for (sold on credit) is a sale made: a
            // payment status speaks only where no status does.
            Ok((Some(_), _)) if self.validity_column(ctx) == ValidityColumn::Payment => {
                return stated;
            }
            _ => {}
        }
        match self.invalidated(ctx) {
            Some((status, text)) => {
                self.table.invalidated += 1;
                Ok((Some(status), Some(text)))
            }
            None => stated,
        }
    }

    /// Cancelled, pending or refunded, with the text that says so, where a [`Field::Validity`]
    /// column says the line was voided (已作废; 是 or Y under 是否作废), rejected (已驳回), is
    /// not yet approved (草稿, 审批中), not paid (未支付) or, a payment column, refunded. The
    /// text reads back as that status: a
    /// yes under a void flag is written as 已作废 (void, under an English header).
    fn invalidated(&mut self, ctx: &RowContext<'_, '_>) -> Option<(Status, Sym)> {
        let text = ctx.text(Field::Validity)?;
        let header = &ctx.column(Field::Validity)?.header;
        if self.validity_column(ctx) == ValidityColumn::VoidFlag && values::says_yes(&text) {
            let void = if header.is_ascii() {
                "void"
            } else {
                "已作废"
            };
            return Some((Status::Cancelled, self.data.symbols.intern(void)));
        }
        let statuses = &self.statuses;
        let status = self.status_memo.get(&text, |t| statuses.parse(t))?;
        // A payment refunded in full (Wix's, Ecwid's REFUNDED) takes the order back too.
        let refunded =
            status == Status::Refunded && self.validity_column(ctx) == ValidityColumn::Payment;
        (matches!(status, Status::Pending | Status::Cancelled) || refunded)
            .then(|| (status, self.data.symbols.intern(&text)))
    }

    /// What the table's [`Field::Validity`] column is, told by its header once per table.
    fn validity_column(&mut self, ctx: &RowContext<'_, '_>) -> ValidityColumn {
        *self.table.validity_column.get_or_insert_with(|| {
            ctx.column(Field::Validity)
                .map_or(ValidityColumn::Status, ValidityColumn::of)
        })
    }

    /// The status, if the table has a status column; an empty or unknown one is a data issue.
    fn stated_status(
        &mut self,
        ctx: &RowContext<'_, '_>,
    ) -> Result<(Option<Status>, Option<Sym>), DataIssue> {
        const EXPECTED: [&str; 2] = [
            "expected completed, shipped, processed, pending, cancelled, returned or refunded (已完成, 已发货, 已处理, 待处理, 已取消, 退货, 已退款)",
            "应为已完成、已发货、已处理、待处理、已取消、退货或已退款（completed, shipped, processed, pending, cancelled, returned, refunded）",
        ];
        if let Some((status, text)) = self.refunded_after_sale(ctx) {
            return Ok((Some(status), Some(text)));
        }
        let Some((cell, _)) = ctx.cell(Field::Status) else {
            // A hand-kept ledger voids a line in its remark (备注: 作废).
            let Some(remark) = ctx
                .text(Field::Remark)
                .filter(|r| values::is_void_remark(r))
            else {
                return Ok((None, None));
            };
            self.table.cancelled_by_remark += 1;
            return Ok((
                Some(Status::Cancelled),
                Some(self.data.symbols.intern(&remark)),
            ));
        };
        let text = match values::adventure_works_status(&cell.display()) {
            Some(name) if self.table.adventure_works => Cow::Borrowed(name),
            _ => cell.display(),
        };
        if text.is_empty() && self.table.read_back {
            return Ok((None, None));
        }
        if text.is_empty() {
            let empty = Wording::from(["empty status", "状态为空"]);
            return Err(ctx.skip(Some(Field::Status), empty.and(&EXPECTED.into())));
        }
        let statuses = &self.statuses;
        let status = self
            .status_memo
            .get(&text, |t| statuses.parse(t))
            .ok_or_else(|| {
                let unknown = Wording::from([
                    "unknown status (add it to input.status_aliases in tiers.toml)",
                    "未知状态（可在 tiers.toml 的 input.status_aliases 中添加）",
                ]);
                ctx.skip(Some(Field::Status), unknown.and(&EXPECTED.into()))
            })?;
        Ok((Some(status), Some(self.data.symbols.intern(&text))))
    }
}
