//! Rows of recognised tables into customers, orders and feedback; unusable rows into issues.

mod amounts;
mod customers;
mod feedback;
mod notes;
mod orders;
mod products;
mod reading;
mod row;
mod status;

use chrono::NaiveDate;
use rustc_hash::FxHashMap;
use std::borrow::Cow;

use anyhow::Result;

use super::lines;
use super::values::{self, StatusWords};
use super::{Field, OrderPart, TableInfo, TableKind};
use crate::config::{Config, DateOrder, DecimalMark};
use crate::issues::{Action, DataIssue, Wording};
use crate::location::{Column, Source};
use crate::model::{
    Customer, CustomerIdx, DeclaredType, Feedback, Order, Status, Sym, Symbols, Value,
};
use crate::pipeline::read::{Cell, Table};
use customers::{Pending, customer_above, sole_emails, unique_ids_group};
use orders::OrderRow;
use reading::{AMOUNT_FIELDS, LateMarks, Reading};
use row::{ByField, RowContext};
use status::{OtherTypes, TypeColumn, TypeSurvey, ValidityColumn};

/// Everything read from the inputs, typed, with every unused row accounted for.
#[derive(Debug, Default)]
pub struct Dataset {
    /// Every input table's source, in input order.
    pub sources: Vec<Source>,
    /// The tables that were used and what was recognised in them.
    pub tables: Vec<TableInfo>,
    /// Customers: from customers sheets first, in sheet order, then those created from orders.
    pub customers: Vec<Customer>,
    /// Headers of the customers sheets' columns other than id and name.
    pub attribute_headers: Vec<String>,
    /// Which attribute holds a recognised field (region, industry, size, ...).
    pub attribute_fields: Vec<(Field, usize)>,
    /// Order lines, in input order.
    pub orders: Vec<Order>,
    /// Feedback rows.
    pub feedback: Vec<Feedback>,
    /// Interned category, product, brand, channel and status texts.
    pub symbols: Symbols,
    /// Interned order ids, apart from the other texts: nearly every order has an id of its
    /// own, and in one table with them a category's lookup would go to main memory.
    pub order_ids: Symbols,
    /// Rows not used, or used with a note.
    pub issues: Vec<DataIssue>,
    /// Messages about whole tables (e.g. a sheet that was not recognised).
    pub notices: Vec<Wording>,
    /// Whether the orders have an order id column (lines sharing an id are one order).
    pub has_order_ids: bool,
    /// Whether any customers sheet was given.
    pub has_customers_table: bool,
    /// Customers by each customer id a customers table gives them beside their unique id
    /// ([`Field::CustomerUniqueId`]), for orders that name the customer id.
    record_ids: FxHashMap<String, CustomerIdx>,
    /// Customer ids, interned as customers are added: customer `i`'s id is the symbol at
    /// position `i`. Kept end to end in one buffer, the lookup an order line makes stays in
    /// cache where a map of strings would fetch each key from its own allocation.
    ids: Symbols,
}

impl Dataset {
    /// The customer with this id, if the inputs have one.
    pub fn customer(&self, id: &str) -> Option<CustomerIdx> {
        self.ids.find(id).map(|sym| sym.position() as CustomerIdx)
    }

    /// The customer a customers table gives this customer id beside their unique id
    /// (Olist's), if one does.
    pub fn customer_by_record_id(&self, id: &str) -> Option<CustomerIdx> {
        self.record_ids.get(id).copied()
    }

    /// Frees the texts of the order ids, for a run that shows no order line (`--no-history`):
    /// orders are told apart by their symbols, which stay, and the texts are 150 MB at five
    /// million lines. Nothing may ask for an order id's text afterwards.
    pub fn forget_order_id_texts(&mut self) {
        self.order_ids = Symbols::default();
    }

    /// A customer's value of a recognised attribute (region, industry, size, needs), as text.
    pub fn attribute(&self, customer: CustomerIdx, field: Field) -> Option<String> {
        let (_, slot) = self.attribute_fields.iter().find(|(f, _)| *f == field)?;
        match self.customers[customer as usize].attributes.get(*slot)? {
            Value::Text(t) => Some(t.clone()),
            Value::Number(n) => Some(crate::pipeline::read::format_number(*n)),
            _ => None,
        }
    }
}

/// What a run's tables agree on, for tables whose own values leave it open.
pub(super) struct Shared<'a> {
    /// The order of day and month the tables that tell agree on, and one of them.
    pub(super) date_order: Option<(DateOrder, &'a Source)>,
    /// The decimal mark the amount columns that tell agree on, and one of them.
    pub(super) mark: Option<(DecimalMark, Wording)>,
    /// A discount column that holds money off, and the value that shows it: the exports of a
    /// run come from one system, so their discount columns are read alike.
    pub(super) money_off: Option<(String, Wording)>,
}

/// Builds a [`Dataset`] table by table: customers first, then orders, then feedback.
pub(super) struct Builder<'c> {
    config: &'c Config,
    statuses: StatusWords,
    status_memo: Memo<Status>,
    type_memo: Memo<values::TypeWord>,
    /// Customers by name, for tables that name customers without their id.
    names: FxHashMap<String, Option<CustomerIdx>>,
    /// The customers sheets' customers by their name in lower case, for orders that write
    /// it in other letter case (abc科技 for ABC科技); `None` where two names are alike so.
    listed_names_any_case: FxHashMap<String, Option<CustomerIdx>>,
    /// Order rows matched to a customer by [`Self::listed_names_any_case`], for a note.
    matched_other_case: std::cell::Cell<usize>,
    /// The customers of the customers sheets who share a name (the [`Self::names`] given
    /// none), by the name.
    shared_names: FxHashMap<String, Vec<CustomerIdx>>,
    /// Customers by the e-mail a customers sheet gives them (lower case), for orders that
    /// name customers by e-mail.
    emails: FxHashMap<String, CustomerIdx>,
    /// Customers a customers sheet gives an id of digits with leading zeros (00017), by the
    /// number it stands for (17), for orders whose id cell is that number (Excel drops the
    /// zeros of an id typed as a number); `None` where two ids stand for one number.
    zero_padded: FxHashMap<String, Option<CustomerIdx>>,
    /// Order rows matched to a customer by [`Self::zero_padded`], for a note.
    matched_unpadded: std::cell::Cell<usize>,
    /// Each product a products table lists, with its category and brand, and the tables.
    products: FxHashMap<Sym, (Option<Sym>, Option<Sym>)>,
    /// The products tables read, for the note on what they gave.
    product_tables: Vec<Source>,
    /// The order rows of a split order export, by order id, waiting for their lines.
    order_rows: FxHashMap<Sym, OrderRow>,
    /// The customers order rows name that no table listed, one per key (a million order
    /// rows name some tens of thousands), and where each is by key.
    pending: Vec<Pending>,
    pending_by_key: FxHashMap<Box<str>, u32>,
    /// Where the order rows that could not be used are, by order id: their lines name them.
    unusable_order_rows: FxHashMap<Sym, (usize, u32)>,
    /// What the table being parsed has shown so far.
    table: TableState,
    /// The orders a list of returned orders names.
    returned: rustc_hash::FxHashSet<Sym>,
    /// Each order id's customer, made for the first feedback table that names orders only.
    order_customers: Option<FxHashMap<Sym, CustomerIdx>>,
    data: Dataset,
}

/// What the table being parsed has shown so far: started afresh for each table.
#[derive(Default)]
struct TableState {
    /// A management workbook's sheet read back (a blank status is no status there).
    read_back: bool,
    /// The watched amount columns' [`LateMarks`], by the place of their field in
    /// [`AMOUNT_FIELDS`].
    late_marks: [LateMarks; AMOUNT_FIELDS.len()],
    /// The order types that are not new, repeat or return.
    other_types: OtherTypes,
    /// What the type column's header says it holds, once looked at.
    type_column: Option<TypeColumn>,
    /// What the void, approval or payment column's header says it is, once looked at.
    validity_column: Option<ValidityColumn>,
    /// What the type column's first rows say of the table.
    types: TypeSurvey,
    /// The last line's order id and what the line took from its order, for the lines of the
    /// same order below it.
    line_above: Option<(Sym, Head)>,
    /// Lines with a blank amount taken as part of the order above.
    lines_within_order: usize,
    /// Dates written without a year, read in the year of the table's name.
    dates_without_year: usize,
    /// Lines a remark (备注: 退货) makes returns.
    returns_by_remark: usize,
    /// Lines a remark (备注: 作废) makes cancelled, where no status column says.
    cancelled_by_remark: usize,
    /// Lines a void, approval or payment column ([`Field::Validity`]) takes out.
    invalidated: usize,
    /// Rows without a customer id taken by the customer's name (guest checkouts).
    named_guests: usize,
    /// Rows with a date and an amount but no customer, in a table where other rows have one.
    missing_customers: usize,
    /// Whether the table is Adventure Works' `SalesOrderHeader` (told by its
    /// `OnlineOrderFlag`), whose statuses are numbers.
    adventure_works: bool,
    /// Rows of a customers table whose customer id is one more of a customer listed above
    /// under the same unique id.
    more_ids_of_a_customer: usize,
    /// Whether the table's name says it holds returns (退货记录) and no type column says what
    /// each line is: every line is then a return.
    returns_by_name: bool,
    /// The lines taken as returns by the table's name.
    lines_returned_by_name: usize,
    /// Beside a unit price, under a plain Total that may be the order's written on each of its
    /// lines (Wix), each line's [`lines::Priced`], for [`lines::keep_repeated_totals_once`].
    priced: Option<Vec<lines::Priced>>,
}

impl TableState {
    /// The state a table starts with, from what its name and header say.
    fn of(table: &Table, info: &TableInfo) -> Self {
        TableState {
            read_back: table.is_read_back(),
            returns_by_name: info.kind == TableKind::Orders
                && info.part == OrderPart::Whole
                && info.column(Field::OrderType).is_none()
                && super::named_as_returns(table),
            adventure_works: info
                .other_columns
                .iter()
                .any(|c| super::header_key(&c.header) == "onlineorderflag"),
            priced: (info.column(Field::UnitPrice).is_some()
                && info.column(Field::Amount).is_some_and(|amount| {
                    matches!(
                        super::header_key(&amount.header).as_str(),
                        "total" | "grandtotal"
                    )
                }))
            .then(Vec::new),
            ..TableState::default()
        }
    }

    /// The counts a row adds to for the table's notes (returns by remark, lines voided, types
    /// that say no order type, dates without a year...), to be taken back from a row that in
    /// the end is not used.
    fn row_counts(&mut self) -> [&mut usize; 7] {
        [
            &mut self.returns_by_remark,
            &mut self.cancelled_by_remark,
            &mut self.invalidated,
            &mut self.lines_returned_by_name,
            &mut self.other_types.lines,
            &mut self.dates_without_year,
            &mut self.lines_within_order,
        ]
    }
}

/// What an order line takes from its order: in a whole orders table, from its own row; in a
/// split export, from its order's row.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Head {
    customer: CustomerIdx,
    date: NaiveDate,
    status: Option<Status>,
    status_text: Option<Sym>,
    declared: Option<DeclaredType>,
    channel: Option<Sym>,
}

impl<'c> Builder<'c> {
    pub(super) fn new(tables: &[Table], config: &'c Config) -> Result<Self> {
        let data = Dataset {
            sources: super::sources(tables),
            ..Dataset::default()
        };
        let statuses = StatusWords::new(&config.input.status_aliases)?;
        Ok(Self {
            config,
            statuses,
            status_memo: Memo::default(),
            type_memo: Memo::default(),
            names: FxHashMap::default(),
            listed_names_any_case: FxHashMap::default(),
            matched_other_case: std::cell::Cell::new(0),
            shared_names: FxHashMap::default(),
            emails: FxHashMap::default(),
            zero_padded: FxHashMap::default(),
            matched_unpadded: std::cell::Cell::new(0),
            products: FxHashMap::default(),
            product_tables: Vec::new(),
            order_rows: FxHashMap::default(),
            unusable_order_rows: FxHashMap::default(),
            pending: Vec::new(),
            pending_by_key: FxHashMap::default(),
            order_customers: None,
            table: TableState::default(),
            returned: rustc_hash::FxHashSet::default(),
            data,
        })
    }

    pub(super) fn notice(&mut self, message: Wording) {
        self.data.notices.push(message);
    }

    /// A note on a table: `{source}: {en}`, `{source in Chinese}：{zh}`.
    pub(super) fn table_notice(&mut self, source: &Source, en: &str, zh: &str) {
        self.notice(Wording::new(
            format!("{source}: {en}"),
            format!("{}：{zh}", source.zh()),
        ));
    }

    pub(super) fn finish(mut self) -> Dataset {
        self.categories_from_products();
        self.list_orders_without_lines();
        self.mark_returned_orders();
        self.note_ids_alike_but_for_case();
        if let n @ 1.. = self.matched_other_case.get() {
            self.notice(Wording::new(
                format!(
                    "{n} order row{} a customer of the customers sheet in other letter case (abc for ABC): matched to that customer",
                    if n == 1 { " names" } else { "s name" }
                ),
                format!("{n} 行订单中的客户名称与客户表仅大小写不同（如 abc 与 ABC）：已按该客户计"),
            ));
        }
        if let n @ 1.. = self.matched_unpadded.get() {
            self.notice(Wording::new(
                format!(
                    "{n} order row{} the customer id without the leading zeros the customers sheet writes (17 for 00017), as Excel drops them: matched to that customer",
                    if n == 1 { " gives" } else { "s give" }
                ),
                format!("{n} 行订单的客户编号没有客户表中的前导零（17 即 00017，Excel 会去掉前导零）：已按该客户计"),
            ));
        }
        self.data
    }

    /// Adds a row of the table `info` describes, as its kind takes it.
    fn add_row(
        &mut self,
        ctx: &RowContext<'_, '_>,
        info: &TableInfo,
        attribute_slots: &[(Column, usize)],
        reading: Reading,
    ) -> Result<(), DataIssue> {
        match info.kind {
            TableKind::Customers => self.add_customer(ctx, attribute_slots),
            TableKind::Orders => match info.part {
                OrderPart::Whole => self.add_order(ctx, reading),
                OrderPart::Headers => self.add_order_row(ctx, reading),
                OrderPart::Lines => self.add_joined_line(ctx, reading),
                OrderPart::Returned => self.add_returned_order(ctx),
            },
            TableKind::Feedback => self.add_feedback(ctx, reading.date_order),
            TableKind::Products => self.add_product(ctx),
        }
    }

    /// A text field of a row, interned.
    fn intern(&mut self, ctx: &RowContext<'_, '_>, field: Field) -> Option<Sym> {
        let text = self.fitted(ctx, field)?;
        Some(self.data.symbols.intern(&text))
    }

    /// A field's text, cut to what an Excel cell holds.
    fn fitted<'a>(&mut self, ctx: &RowContext<'_, 'a>, field: Field) -> Option<Cow<'a, str>> {
        let text = ctx.text(field)?;
        Some(self.fit(ctx, ctx.column(field), text))
    }

    /// Text longer than an Excel cell holds (32,767 characters) is cut, with a note.
    fn fit<'a>(
        &mut self,
        ctx: &RowContext<'_, '_>,
        column: Option<&Column>,
        text: Cow<'a, str>,
    ) -> Cow<'a, str> {
        const EXCEL_CELL_CHARS: usize = 32_767;
        if text.len() <= EXCEL_CELL_CHARS || text.chars().count() <= EXCEL_CELL_CHARS {
            return text;
        }
        self.data.issues.push(DataIssue {
            source: ctx.source,
            row: ctx.row_number,
            column: column.cloned(),
            value: text.chars().take(40).chain("…".chars()).collect(),
            reason: Wording::new(
                format!(
                    "text longer than an Excel cell holds ({EXCEL_CELL_CHARS} characters); cut"
                ),
                format!("文字超过 Excel 单元格的上限（{EXCEL_CELL_CHARS} 个字符）；已截断"),
            ),
            action: Action::Noted,
        });
        Cow::Owned(text.chars().take(EXCEL_CELL_CHARS).collect())
    }

    /// Parses a table's rows, read as `reading` says (see [`Self::settle_reading`]).
    pub(super) fn add_table(
        &mut self,
        table: &Table,
        mut info: TableInfo,
        reading: Reading,
    ) -> Result<()> {
        let attribute_slots = self.attribute_slots(&info);
        self.table = TableState::of(table, &info);
        let (mut used, mut skipped) = (0, 0);
        let first_issue = self.data.issues.len();
        let first_line = self.data.orders.len();
        if info.kind == TableKind::Orders && info.part != OrderPart::Headers {
            // Exactly sized: growing by doubling would hold up to twice the lines at the end.
            self.data.orders.reserve(table.rows_hint());
        }
        let by_field: ByField<'_> = Field::ALL.map(|field| info.column(field));
        let customer_field = info.customer_field();
        // The header line's fields, named or not (a last column may hold data under no name),
        // over both rows of a two-row header, whose second may be the shorter.
        let mut header_width = info.all_columns().map(|c| c.index + 1).max().unwrap_or(0);
        let (named_guests, missing_customers) = (std::cell::Cell::new(0), std::cell::Cell::new(0));
        let group_column = info
            .column(Field::CustomerName)
            .filter(|c| c.header == super::GROUP_HEADER)
            .map(|c| c.index);
        let mut group: Option<String> = None;
        let columns: Vec<Column> = info.all_columns().cloned().collect();
        let unique_ids = info.kind != TableKind::Customers || unique_ids_group(table, &info)?;
        let sole_emails = sole_emails(table, &info)?;
        self.note_names_of_several_emails(table, &info, &sole_emails);
        if info.kind == TableKind::Orders {
            self.table.types = TypeSurvey::of(table, &info)?;
        }
        table.for_each_row(|row_number, row| {
            if row_number == info.header_row {
                header_width = header_width.max(row.width());
            }
            if row_number <= info.header_row || row.is_blank() {
                return Ok(true);
            }
            // A customer alone on its row, above its lines: used, by the lines below.
            if let Some(name) = group_column.and_then(|column| customer_above(row, column)) {
                group = Some(name);
                used += 1;
                return Ok(true);
            }
            let ctx = RowContext {
                source: info.source,
                row_number,
                row,
                by_field: &by_field,
                customer_field,
                named_guests: &named_guests,
                missing_customers: &missing_customers,
                bills: self.table.types.bills,
                group: group.as_deref(),
                unique_ids,
                sole_emails: &sole_emails,
                columns: &columns,
            };
            let counts = self.table.row_counts().map(|count| *count);
            let (unpadded, other_case) =
                (self.matched_unpadded.get(), self.matched_other_case.get());
            let result = ctx
                .fields_beyond_header(header_width)
                .and_then(|()| self.add_row(&ctx, &info, &attribute_slots, reading));
            match result {
                Ok(()) => used += 1,
                Err(issue) => {
                    skipped += 1;
                    self.data.issues.push(issue);
                    for (count, before) in self.table.row_counts().into_iter().zip(counts) {
                        *count = before;
                    }
                    self.matched_unpadded.set(unpadded);
                    self.matched_other_case.set(other_case);
                }
            }
            Ok(true)
        })?;
        self.table.named_guests = named_guests.get();
        self.table.missing_customers = if used > 0 { missing_customers.get() } else { 0 };
        self.explain_unsaved_formulas(table, first_issue);
        self.note_late_marks(table, &info, reading);
        if let Some(note) = std::mem::take(&mut self.table.other_types).note(table, &info) {
            self.data.notices.push(note);
        }
        if info.kind == TableKind::Orders && info.part == OrderPart::Whole {
            self.orders_of_lines(table, &info, first_line);
        }
        self.note_what_the_table_said(table, &info, reading)?;
        info.rows_used = used;
        info.rows_skipped = skipped;
        match info.kind {
            TableKind::Customers => self.data.has_customers_table = true,
            TableKind::Orders => self.data.has_order_ids |= info.column(Field::OrderId).is_some(),
            TableKind::Feedback => {}
            TableKind::Products => self.product_tables.push(table.source.clone()),
        }
        self.data.tables.push(info);
        Ok(())
    }
}

/// Each distinct text of a column parsed once: a million rows hold a handful of statuses.
struct Memo<T>(FxHashMap<Box<str>, Option<T>>);

impl<T> Default for Memo<T> {
    fn default() -> Self {
        Self(FxHashMap::default())
    }
}

impl<T: Copy> Memo<T> {
    fn get(&mut self, text: &str, parse: impl FnOnce(&str) -> Option<T>) -> Option<T> {
        if let Some(value) = self.0.get(text) {
            return *value;
        }
        let value = parse(text);
        self.0.insert(text.into(), value);
        value
    }
}

/// Why a feedback row's order cannot be found.
const ORDER_NOT_FOUND: [&str; 2] = ["order id not found in the orders", "订单中找不到此订单编号"];

/// The reason for an unusable value: an Excel error value, an empty cell, or the expectation.
fn reason_for(cell: &Cell<'_>, expected: [&str; 2]) -> Wording {
    let expected = Wording::from(expected);
    match cell {
        Cell::Error(e) => {
            Wording::new(format!("error value {e}"), format!("错误值 {e}")).and(&expected)
        }
        c if c.is_blank() => Wording::from(["empty cell", "单元格为空"]).and(&expected),
        _ => expected,
    }
}

/// A cell as a value to carry to the output.
fn value(cell: &Cell<'_>) -> Value {
    match *cell {
        Cell::Empty | Cell::Text("") => Value::Empty,
        Cell::Text(t) => Value::Text(t.to_owned()),
        Cell::Number(n) => Value::Number(n),
        Cell::DateTime(d) => Value::DateTime(d),
        Cell::Bool(b) => Value::Bool(b),
        Cell::Error(e) => Value::Text(e.to_string()),
    }
}
