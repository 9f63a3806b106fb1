//! Rows that were not used (or were used with a caveat), carried as data.
//!
//! Every input row is either used or becomes a [`DataIssue`]; the issues reach both the output's
//! data-issues sheet and the count on stderr, and `--strict` turns skipped rows into a failure.

use crate::location::{Column, Location, Source};
use crate::model::Lang;

/// The Data issues sheet's columns, counting from 0: file, sheet, row, column, value, reason,
/// action. `tiers report` reads the reason and action back.
pub mod sheet_column {
    /// The reason.
    pub const REASON: usize = 5;
    /// What was done with the row.
    pub const ACTION: usize = 6;
}

/// What happened to the row an issue describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Action {
    /// The row was not used.
    Skipped,
    /// The row was used; the issue is a note the user should know about.
    Noted,
}

impl Action {
    /// How the Data issues sheet words it.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Action::Skipped, Lang::En) => "skipped",
            (Action::Noted, Lang::En) => "used",
            (Action::Skipped, Lang::Zh) => "已跳过",
            (Action::Noted, Lang::Zh) => "已使用",
        }
    }

    /// The action a Data issues cell names, in either language.
    pub fn from_label(text: &str) -> Option<Action> {
        [Action::Skipped, Action::Noted].into_iter().find(|a| {
            [Lang::En, Lang::Zh]
                .iter()
                .any(|&l| a.label(l) == text.trim())
        })
    }
}

/// One problem with one input row.
#[derive(Debug, Clone)]
pub struct DataIssue {
    /// Index into the run's list of sources.
    pub source: usize,
    /// The row as the spreadsheet shows it.
    pub row: u32,
    /// The column the problem belongs to, if any.
    pub column: Option<Column>,
    /// The offending value as found (empty when the cell was empty).
    pub value: String,
    /// What was wrong and, where it helps, what was expected.
    pub reason: Wording,
    /// Whether the row was skipped or used.
    pub action: Action,
}

/// A message to the user (why a row was not used, a note on an input) in both languages a
/// workbook is written in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wording {
    /// In English: on stderr, in `check` and in an English workbook.
    pub en: String,
    /// In Chinese: in a Chinese workbook.
    pub zh: String,
}

impl Wording {
    /// A reason from its two wordings.
    pub fn new(en: impl Into<String>, zh: impl Into<String>) -> Self {
        Self {
            en: en.into(),
            zh: zh.into(),
        }
    }

    /// The wording of `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.en,
            Lang::Zh => &self.zh,
        }
    }

    /// This reason followed by `more`: `empty cell; expected a date`.
    #[must_use]
    pub fn and(self, more: &Wording) -> Self {
        Self {
            en: format!("{}; {}", self.en, more.en),
            zh: format!("{}；{}", self.zh, more.zh),
        }
    }
}

impl From<[&str; 2]> for Wording {
    fn from([en, zh]: [&str; 2]) -> Self {
        Self::new(en, zh)
    }
}

/// The reason given for a totals row (合计, Total) between or below the data.
pub const TOTAL_ROW: [&str; 2] = ["total row, not a customer", "合计行，不是客户"];

/// The reason given for a note below a table (制表人：张三, Prepared by: Ann).
pub const FOOTER_ROW: [&str; 2] = [
    "a note below the table (prepared by, printed on, remarks), not a customer",
    "表格下方的落款或说明（制表人、打印日期、备注等），不是客户",
];

/// The reason given for a top-up of stored value (充值): money to spend later, no purchase.
pub const TOP_UP: [&str; 2] = [
    "a top-up of stored value (money to spend later), not a purchase",
    "储值充值（日后消费的预付款），不是消费",
];

/// The reason given for a payment received in a list of transactions (Dynamics GP's PMT),
/// whose sale is a row of its own, or money the seller moved (a withdrawal to their bank).
pub const PAYMENT_ROW: [&str; 2] = [
    "a payment received or money moved (a withdrawal, a currency conversion), not a sale",
    "收款或资金划转（提现、货币兑换），不是销售",
];

/// The reason given for a payment of an invoice in a list of transactions that gives the
/// invoices too (QuickBooks' Payment beside its Invoices).
pub const INVOICE_PAID: [&str; 2] = [
    "a payment of an invoice: the invoice counts the sale",
    "发票的收款：销售按发票计入",
];

/// The reason given for a quote or estimate in a list of transactions.
pub const QUOTE_ROW: [&str; 2] = ["a quote or estimate, not a sale", "报价或估价，不是销售"];

/// The reason given for a sales order in a list that gives the invoices or deliveries too.
pub const SALES_ORDER_ROW: [&str; 2] = [
    "a sales order: the invoice or delivery note that the table also gives counts the sale",
    "销售订单：销售按同表中的销售单或发票计入",
];

/// The reason given for the business's own purchases, bills, expenses and journal entries in
/// a list of all its transactions.
pub const OWN_BOOKS_ROW: [&str; 2] = [
    "an entry of the business's own books (a purchase, a bill or expense it paid, a bank deposit, a journal entry), not a sale",
    "本单位账务（采购、付款、费用、存款、凭证），不是销售",
];

/// The reason given for an order's own row in a table that gives its lines below it
/// (Lightspeed's Sale beside its Sale Lines).
pub const ORDER_ROW_OF_LINES: [&str; 2] = [
    "the order's own row: the lines of the order that follow it count",
    "订单的汇总行：按其后的各明细行计入",
];

/// The reason given for a sale to a till's bucket for nobody in particular (散客, Walk-in).
pub const WALK_IN: [&str; 2] = [
    "a sale to no customer in particular (walk-in, 散客): nobody to grade",
    "未记名客户（散客、零售客户）的销售：无可评级的客户",
];

/// The reason given for a row without a date whose status says it does not count (an open
/// deal, a cancelled order).
pub const UNDATED_UNCOUNTED: [&str; 2] = [
    "no date, and its status says it does not count (pending or cancelled)",
    "无日期，且状态表明不计入（待处理或已取消）",
];

/// How the reason for an order row whose order another table gives line by line begins.
pub const ORDER_IN_LINES: [&str; 2] = ["the order is given line by line in", "该订单的明细见"];

/// How the reason for an order line that an earlier orders table holds already begins.
pub const DUPLICATE_LINE: [&str; 2] = ["the same order line as", "同一订单行已见于"];

/// Whether a row not used for `reason` (as either language words it: the Data issues sheet
/// is read back) held nothing that is not used elsewhere: a totals row, a note below the
/// table, a copy of an order line another table holds, an order another table gives line
/// by line, a top-up of stored value, a payment received, a quote, a sales order invoiced in
/// the same table or the business's own books, which are no sales, a row
/// without a date that would not count anyway, or a sale to nobody in particular (散客).
/// `--strict` lets those pass.
pub fn held_no_data(reason: &str) -> bool {
    TOTAL_ROW.contains(&reason)
        || FOOTER_ROW.contains(&reason)
        || TOP_UP.contains(&reason)
        || PAYMENT_ROW.contains(&reason)
        || INVOICE_PAID.contains(&reason)
        || QUOTE_ROW.contains(&reason)
        || SALES_ORDER_ROW.contains(&reason)
        || OWN_BOOKS_ROW.contains(&reason)
        || UNDATED_UNCOUNTED.contains(&reason)
        || WALK_IN.contains(&reason)
        || ORDER_ROW_OF_LINES.contains(&reason)
        || DUPLICATE_LINE
            .iter()
            .chain(&ORDER_IN_LINES)
            .any(|start| reason.starts_with(start))
}

impl DataIssue {
    /// A one-line description for stderr: `file, sheet "S", row 7, column "Amount" (H): reason`,
    /// or in Chinese `file 的“S”表第 7 行，“金额”列 (H)：原因`.
    pub fn describe(&self, sources: &[Source], lang: Lang) -> String {
        let location = Location {
            source: &sources[self.source],
            row: self.row,
            column: self.column.as_ref(),
        };
        match (lang, self.value.is_empty()) {
            (Lang::En, true) => format!("{location}: {}", self.reason.en),
            (Lang::En, false) => {
                format!("{location}: {}, found \"{}\"", self.reason.en, self.value)
            }
            (Lang::Zh, true) => format!("{}：{}", location.zh(), self.reason.zh),
            (Lang::Zh, false) => {
                format!(
                    "{}：{}，实为“{}”",
                    location.zh(),
                    self.reason.zh,
                    self.value
                )
            }
        }
    }
}

/// The rows `--strict` fails on: those not used that held data ([`held_no_data`]).
pub fn lost(issues: &[DataIssue]) -> Vec<&DataIssue> {
    issues
        .iter()
        .filter(|i| i.action == Action::Skipped && !held_no_data(&i.reason.en))
        .collect()
}

/// How many issues skipped a row, and how many only noted one.
pub fn counts(issues: &[DataIssue]) -> (usize, usize) {
    let skipped = issues
        .iter()
        .filter(|i| i.action == Action::Skipped)
        .count();
    (skipped, issues.len() - skipped)
}
