//! Rows of recognised tables into customers, orders and feedback; unusable rows into issues.

use chrono::NaiveDate;
use rustc_hash::FxHashMap;
use std::borrow::Cow;

use anyhow::Result;

use super::lines;
use super::values::{self, DATE_EXPECTED, Reveal, StatusWords};
use super::{Field, OrderPart, TableInfo, TableKind};
use crate::config::{Config, DateOrder, DecimalMark};
use crate::issues::{Action, DataIssue, Wording};
use crate::location::{Column, Source};
use crate::model::{
    Customer, CustomerIdx, DeclaredType, Feedback, Order, OrderKind, Origin, Quantity, Status, Sym,
    Symbols, Value,
};
use crate::pipeline::read::{Cell, Row, Table, format_number};

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

/// What a table's columns say of how their text is to be read.
pub(super) struct Evidence {
    /// The date column, of the order of day and month.
    dates: DateEvidence,
    /// Each amount column ([`AMOUNT_FIELDS`]) the table has, of its decimal mark.
    marks: Vec<MarkEvidence>,
    /// The discount column's first value over 1 without a percent sign: a column of money
    /// off, or, under a header that says percent or rate, of percentages.
    over_one: Option<String>,
}

impl Evidence {
    /// A value that shows the table's discount column holds money off, if one does.
    pub(super) fn money_off(&self, column: &Column) -> Option<&str> {
        self.over_one.as_deref().filter(|_| !in_percent(column))
    }

    /// The order of day and month the table's dates reveal; `Auto` when nothing decides.
    pub(super) fn date_order(&self) -> DateOrder {
        self.dates.found
    }

    /// The decimal marks the table's amount columns reveal, each with its column.
    pub(super) fn marks(&self) -> impl Iterator<Item = (DecimalMark, &Column)> {
        self.marks
            .iter()
            .filter_map(|m| Some((m.found()?, &m.column)))
    }
}

/// What a table's date column says of the order of day and month.
struct DateEvidence {
    /// The order the column reveals (or the configured one); `Auto` when nothing decides.
    found: DateOrder,
    /// A date the column leaves undecided, such as 03/05/2026.
    ambiguous: Option<String>,
}

/// What an amount column says of its decimal mark.
struct MarkEvidence {
    field: Field,
    column: Column,
    /// How many values only a decimal point reads (12.50, 1,280.50), and the first.
    points: usize,
    point: Option<String>,
    /// How many values only a decimal comma reads (99,90, 1.280,50), and the first.
    commas: usize,
    comma: Option<String>,
    /// The first value the column leaves undecided, such as 2.500.
    ambiguous: Option<String>,
}

impl MarkEvidence {
    /// The mark most of the column's telling values show (a point on a tie); `None` when
    /// none tells.
    fn found(&self) -> Option<DecimalMark> {
        if self.commas > self.points {
            Some(DecimalMark::Comma)
        } else if self.points > 0 {
            Some(DecimalMark::Point)
        } else {
            None
        }
    }

    /// Whether the scan has more to learn: within the first rows, always (they are counted);
    /// past them, only while nothing has told and a value such as 2.500 asks. What shows
    /// further down is watched as the rows are parsed ([`LateMarks`]).
    fn open(&self, early: bool) -> bool {
        early || (self.points == 0 && self.commas == 0 && self.ambiguous.is_some())
    }
}

/// What an amount column shows past the rows its scan read, watched while they are parsed:
/// in a column that showed no mark, a decimal comma with values such as 2.500 read with a
/// point; in a column read with a comma, a value only a point reads. Either is noted.
#[derive(Debug, Default, Clone)]
struct LateMarks {
    /// The first value that shows a decimal comma.
    comma: Option<String>,
    /// The first value such as 2.500.
    ambiguous: Option<String>,
    /// The first value only a point reads.
    point: Option<String>,
}

/// The fields read as amounts, each column with its own decimal mark.
const AMOUNT_FIELDS: [Field; 3] = [Field::Amount, Field::UnitPrice, Field::Quantity];

/// The fields of money, whose header may give a unit (万元).
const MONEY_FIELDS: [Field; 4] = [
    Field::Amount,
    Field::UnitPrice,
    Field::Refund,
    Field::Discount,
];

/// How a table's text is read, settled from its [`Evidence`] and the run's.
#[derive(Debug, Clone, Copy)]
pub(super) struct Reading {
    date_order: DateOrder,
    /// By the place of the field in [`AMOUNT_FIELDS`].
    marks: [DecimalMark; AMOUNT_FIELDS.len()],
    /// What each amount column is watched for as it is parsed ([`LateMarks`]), by the same
    /// place.
    watch: [Watch; AMOUNT_FIELDS.len()],
    /// The columns read with a comma because their values show one, by the same place: a
    /// value there that only a point reads is read with a point.
    lenient: [bool; AMOUNT_FIELDS.len()],
    /// How the discount column is read.
    discount: DiscountColumn,
    /// What each money column's figures are multiplied by, by the place of its field in
    /// [`MONEY_FIELDS`]: its header's unit (销售额（万元）: 10,000), else 1.
    units: [f64; MONEY_FIELDS.len()],
    /// The year the table's sheet or file name gives (2024年销售台账), for dates written
    /// without one (3月5日).
    year: Option<i32>,
}

/// Whether a discount column's header says it holds money off the line: 折扣额, Discount
/// Amount. Such a column holds no shares of the price, whatever its values.
fn in_money(column: &Column) -> bool {
    let header = values::normalise(&column.header);
    ["额", "amount"].iter().any(|w| header.contains(w))
}

/// Whether a discount column's header says it holds percentages or a rate: "Discount (%)",
/// "Discount Percent", "Disc. Pct", "Discount Rate". Such a column never holds money off.
fn in_percent(column: &Column) -> bool {
    let header = column.header.to_lowercase();
    ["%", "percent", "pct", "rate"]
        .iter()
        .any(|w| header.contains(w))
}

/// How a discount column is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DiscountColumn {
    /// Shares of the price: 0.15, or 15%.
    Shares,
    /// Percentages, by its header ("Discount (%)") and a value over 1: 15 is 15%.
    Percent,
    /// Money off each line: some value in the run's discount columns is over 1.
    Money,
}

/// What an amount column is watched for past the rows its scan read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Watch {
    /// Nothing: its mark is settled, or set.
    Nothing,
    /// A decimal comma, where the scan saw no mark.
    Comma,
    /// A value only a point reads, where the scan saw commas only.
    Point,
}

impl Reading {
    fn unit(self, field: Field) -> f64 {
        MONEY_FIELDS
            .iter()
            .position(|&f| f == field)
            .map_or(1.0, |k| self.units[k])
    }

    fn mark(self, field: Field) -> DecimalMark {
        AMOUNT_FIELDS
            .iter()
            .position(|&f| f == field)
            .map_or(DecimalMark::Auto, |k| self.marks[k])
    }

    fn lenient(self, field: Field) -> bool {
        AMOUNT_FIELDS
            .iter()
            .position(|&f| f == field)
            .is_some_and(|k| self.lenient[k])
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

/// What a type column holds, by its header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TypeColumn {
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
enum ValidityColumn {
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
    /// The type column's texts that mark an order's own row beside its lines
    /// ([`order_rows_beside_lines`]).
    order_rows: Vec<String>,
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

/// The texts of a type column that say no order type (Standard, Wholesale, 销售单), for a note:
/// up to [`OtherTypes::SHOWN`] of them, and how many lines have one.
#[derive(Default)]
struct OtherTypes {
    texts: Vec<String>,
    lines: usize,
}

impl OtherTypes {
    const SHOWN: usize = 5;

    fn count(&mut self, text: &str) {
        self.lines += 1;
        if self.texts.len() < Self::SHOWN && !self.texts.iter().any(|t| t == text) {
            self.texts.push(text.to_owned());
        }
    }

    fn note(self, table: &Table, info: &TableInfo) -> Option<Wording> {
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

/// An order row of a split order export.
struct OrderRow {
    /// Its order, the customer [`NO_CUSTOMER`] while `pending` waits.
    head: Head,
    /// The customer it names when no table lists them, in [`Builder::pending`]: added with
    /// the first line of any of their orders, so an order row without lines (or skipped)
    /// makes no customer.
    pending: Option<u32>,
    source: usize,
    row: u32,
    /// How many lines were joined to it.
    lines: u32,
}

/// A customer order rows name that no table listed.
enum Pending {
    /// Not added yet: no line of theirs has been joined.
    Waiting(NewCustomer),
    /// Added, as this customer.
    Added(CustomerIdx),
}

/// [`Head::customer`] of an order row whose customer is not added yet.
const NO_CUSTOMER: CustomerIdx = CustomerIdx::MAX;

/// A customer an order row names that no table listed: its id, its name, and the note that
/// a customers sheet misses them.
struct NewCustomer {
    id: String,
    name: String,
    note: Option<DataIssue>,
}

/// Each field's column in a table, by `Field as usize`: a row asks for a dozen fields, and a
/// million rows would otherwise search the table's columns twelve million times.
type ByField<'r> = [Option<&'r Column>; Field::ALL.len()];

/// The cells of one row that an issue may point at.
struct RowContext<'r, 'a> {
    source: usize,
    row_number: u32,
    row: &'r Row<'a>,
    by_field: &'r ByField<'r>,
    /// The table's [`TableInfo::customer_field`].
    customer_field: Field,
    /// Rows without a customer id (blank, or 0 as guest checkouts have it) taken by the
    /// customer's name instead, for a note.
    named_guests: &'r std::cell::Cell<usize>,
    /// In a report grouped by customer, the customer named on the last row that stood alone
    /// above its lines ([`super::GROUP_HEADER`]).
    group: Option<&'r str>,
    /// Whether the table's unique ids ([`Field::CustomerUniqueId`]) name the customer.
    unique_ids: bool,
    /// In orders keyed by e-mail, the e-mail of each buyer's name ([`sole_emails`]).
    sole_emails: &'r SoleEmails,
    /// Every column the table's header names, for issues at a cell of no field.
    columns: &'r [Column],
}

impl<'r, 'a> RowContext<'r, 'a> {
    fn column(&self, field: Field) -> Option<&'r Column> {
        self.by_field[field as usize]
    }

    fn cell(&self, field: Field) -> Option<(Cell<'a>, &'r Column)> {
        self.column(field).map(|c| (self.row.get(c.index), c))
    }

    fn issue(&self, field: Option<Field>, reason: impl Into<Wording>, action: Action) -> DataIssue {
        let column = field.and_then(|f| self.column(f)).cloned();
        let value = column
            .as_ref()
            .map(|c| self.row.get(c.index).display().into_owned())
            .unwrap_or_default();
        DataIssue {
            source: self.source,
            row: self.row_number,
            column,
            value,
            reason: reason.into(),
            action,
        }
    }

    fn skip(&self, field: Option<Field>, reason: impl Into<Wording>) -> DataIssue {
        self.issue(field, reason, Action::Skipped)
    }

    /// The customer key: the unique id where the table has one for the row
    /// ([`Field::CustomerUniqueId`]), else the [`record_key`](Self::record_key).
    fn customer_key(&self) -> Result<Cow<'a, str>, DataIssue> {
        let unique = self
            .text(Field::CustomerUniqueId)
            .filter(|unique| self.unique_ids && !values::is_placeholder_id(unique));
        match unique {
            Some(Cow::Borrowed(unique)) => Ok(values::identifier(unique)),
            Some(Cow::Owned(unique)) => Ok(Cow::Owned(values::identifier(&unique).into_owned())),
            None => self.record_key(),
        }
    }

    /// The key of the row's own customer column: the id column, or the name when the table
    /// has no id column.
    fn record_key(&self) -> Result<Cow<'a, str>, DataIssue> {
        let field = self.customer_field;
        let (cell, _) = self
            .cell(field)
            .expect("a recognised table has a customer column");
        // An error a CSV saved from Excel writes as text (#N/A from a failed VLOOKUP).
        if matches!(cell, Cell::Error(_))
            || matches!(cell, Cell::Text(t) if values::is_error_text(t))
        {
            return Err(self.skip(
                Some(field),
                ["error value instead of a customer", "客户处是错误值"],
            ));
        }
        // ００１２３ typed with a Chinese input method, ="00123" and 123.0 are the customers
        // 00123 and 123; a name keeps its apostrophe ('t Hoekje).
        let key = match (field, cell.display()) {
            (Field::CustomerId, Cow::Borrowed(key)) => values::identifier(key),
            (Field::CustomerId, Cow::Owned(key)) => {
                Cow::Owned(values::identifier(&key).into_owned())
            }
            (_, Cow::Borrowed(key)) => values::ascii_forms(key),
            (_, Cow::Owned(key)) => Cow::Owned(values::ascii_forms(&key).into_owned()),
        };
        let key = email_in_lower_case(key);
        // A subtotal row of orders: an amount beside no date.
        let undated = self.column(Field::Amount).is_some()
            && self.column(Field::Date).is_some()
            && self.text(Field::Date).is_none();
        if values::is_total_label(&key)
            || values::names_a_dated_group_total(&key)
            || (undated && values::names_a_group_total(&key))
        {
            return Err(self.skip(Some(field), crate::issues::TOTAL_ROW));
        }
        // A bucket for anonymous sales, unless it is a guest checkout's id with the buyer's
        // name beside it (taken below).
        let guest = |key: &str| values::is_placeholder_id(key) || values::is_walk_in(key);
        if values::is_walk_in(&key)
            && !(field == Field::CustomerId
                && self
                    .text(Field::CustomerName)
                    .is_some_and(|name| !values::is_walk_in(&name)))
        {
            return Err(self.skip(Some(field), crate::issues::WALK_IN));
        }
        // A total's label under another column, the customer's blank, on no dated row: the
        // issue names it.
        if key.is_empty()
            && let Some(at) = self.cell_where(values::is_total_label)
            && self
                .text(Field::Date)
                .is_none_or(|date| values::is_total_label(&date))
        {
            return Err(self.skip_at(at, crate::issues::TOTAL_ROW));
        }
        // A note below the table (制表人：张三), in the customer's column or beside it, where
        // it may stand in the date's or the amount's column itself.
        let only_the_note = |field| self.text(field).is_none_or(|t| values::is_footer_note(&t));
        let note = if values::is_footer_note(&key) {
            Some(None)
        } else {
            key.is_empty()
                .then(|| self.cell_where(values::is_footer_note))
                .flatten()
                .map(Some)
        };
        if let Some(at) = note
            && only_the_note(Field::Date)
            && only_the_note(Field::Amount)
        {
            return Err(match at {
                Some(at) => self.skip_at(at, crate::issues::FOOTER_ROW),
                None => self.skip(Some(field), crate::issues::FOOTER_ROW),
            });
        }
        // A guest checkout (BigCommerce's customer 0, Magento's blank id) is the customer its
        // name says.
        if field == Field::CustomerId
            && guest(&key)
            && let Some(name) = self.text(Field::CustomerName)
        {
            self.named_guests.set(self.named_guests.get() + 1);
            let name = match name {
                Cow::Borrowed(name) => values::ascii_forms(name),
                Cow::Owned(name) => Cow::Owned(values::ascii_forms(&name).into_owned()),
            };
            // A blank e-mail beside a name only one e-mail of the table goes with.
            return Ok(match self.sole_emails.get(name.as_ref()) {
                Some(Some(email)) => Cow::Owned(email.clone()),
                _ => name,
            });
        }
        // A report grouped by customer names them above their lines, not on them.
        if let (true, Some(group)) = (key.is_empty(), self.group) {
            return Ok(Cow::Owned(values::ascii_forms(group).into_owned()));
        }
        if key.is_empty() {
            return Err(self.no_customer(field));
        }
        Ok(key)
    }

    /// Why a row whose customer cell is empty is not used: it is no sale, or a till's sale
    /// with no member card (a walk-in's), or its customer is missing.
    fn no_customer(&self, field: Field) -> DataIssue {
        if let Some(issue) = self.no_sale() {
            return issue;
        }
        let member_card = |column: &Column| {
            Field::CustomerId
                .fallback_aliases()
                .contains(&super::header_key(&column.header).as_str())
        };
        if field == Field::CustomerId && self.column(field).is_some_and(member_card) {
            return self.skip(Some(field), crate::issues::WALK_IN);
        }
        let what = if field == Field::CustomerId {
            ["empty customer id", "客户编号为空"]
        } else {
            ["empty customer name", "客户名称为空"]
        };
        self.skip(Some(field), what)
    }

    /// A CSV line with more fields than its header line: a delimiter in an unquoted value
    /// (`1,200` for an amount) has shifted every field after it, so none can be trusted.
    /// Empty fields past the header (a trailing delimiter) are harmless; so, unseen, is an
    /// unquoted `1,200` in a line whose last field is empty.
    fn fields_beyond_header(&self, header_width: usize) -> Result<(), DataIssue> {
        let width = self.row.width();
        if width <= header_width || !matches!(self.row, Row::Csv(_)) {
            return Ok(());
        }
        let Some(extra) = (header_width..width).find(|&i| !self.row.get(i).is_blank()) else {
            return Ok(());
        };
        let letter = crate::location::column_letter(extra);
        Err(DataIssue {
            source: self.source,
            row: self.row_number,
            column: None,
            value: self.row.get(extra).display().into_owned(),
            reason: Wording::new(
                format!(
                    "{width} fields where the header has {header_width}, the first extra one in column {letter}: a value holding the delimiter, such as 1,200, must be quoted"
                ),
                format!(
                    "本行有 {width} 个字段，表头只有 {header_width} 个，第一个多出的在 {letter} 列：含分隔符的值（如 1,200）须加引号"
                ),
            ),
            action: Action::Skipped,
        })
    }

    /// A row with a cell that says 合计, 小计 or Total (asked only of rows whose customer is
    /// blank: a subtotal's label may stand under any column).
    fn is_total_row(&self) -> bool {
        self.cell_where(values::is_total_label).is_some()
    }

    /// The first cell of the row whose text `says`.
    fn cell_where(&self, says: impl Fn(&str) -> bool) -> Option<usize> {
        (0..self.row.width()).find(|&i| matches!(self.row.get(i), Cell::Text(t) if says(t)))
    }

    /// A row not used for `reason`, at the cell in column `index` (a total's label, a note).
    fn skip_at(&self, index: usize, reason: impl Into<Wording>) -> DataIssue {
        let column = self
            .columns
            .iter()
            .find(|c| c.index == index)
            .cloned()
            .unwrap_or_else(|| Column {
                header: String::new(),
                index,
            });
        DataIssue {
            source: self.source,
            row: self.row_number,
            column: Some(column),
            value: self.row.get(index).display().into_owned(),
            reason: reason.into(),
            action: Action::Skipped,
        }
    }

    /// Why a row without a customer is no sale, where its type says: money moved (a wallet's
    /// currency conversion) or a top-up.
    fn no_sale(&self) -> Option<DataIssue> {
        let reason = match values::type_word(&self.text(Field::OrderType)?)? {
            values::TypeWord::Payment => crate::issues::PAYMENT_ROW,
            values::TypeWord::TopUp => crate::issues::TOP_UP,
            _ => return None,
        };
        Some(self.skip(Some(Field::OrderType), reason))
    }

    /// Whether the row's amount, or its unit price where it has no amount, is blank.
    fn amount_blank(&self) -> bool {
        [Field::Amount, Field::UnitPrice]
            .into_iter()
            .filter_map(|field| self.cell(field))
            .all(|(cell, _)| cell.is_blank())
    }

    /// Whether `key` is the row's name because its customer id is blank or a placeholder.
    fn is_named_guest(&self, key: &str) -> bool {
        let id = self.text(Field::CustomerId);
        id.is_none_or(|id| values::is_placeholder_id(&id) || values::is_walk_in(&id))
            && self
                .text(Field::CustomerName)
                .is_some_and(|name| values::ascii_forms(&name) == key)
    }

    /// Whether the table's customer id column is an e-mail column (shop orders).
    fn keyed_by_email(&self) -> bool {
        self.column(Field::CustomerId)
            .is_some_and(super::is_email_column)
    }

    fn text(&self, field: Field) -> Option<Cow<'a, str>> {
        self.cell(field)
            .map(|(c, _)| c.display())
            .filter(|t| !t.is_empty())
    }
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

    /// A row of a products table: the product's category and brand, for the order lines that
    /// name the product without them.
    fn add_product(&mut self, ctx: &RowContext<'_, '_>) -> Result<(), DataIssue> {
        let product = self
            .intern(ctx, Field::Product)
            .ok_or_else(|| ctx.skip(Some(Field::Product), ["empty product", "产品为空"]))?;
        let (category, brand) = (
            self.intern(ctx, Field::Category),
            self.intern(ctx, Field::Brand),
        );
        // A stock list repeats a product per warehouse, a price list per variant: only a
        // repeat that says otherwise is one too many.
        match self.products.get(&product) {
            Some(&listed) if listed != (category, brand) => Err(ctx.skip(
                Some(Field::Product),
                [
                    "product listed before with another category or brand; the first is used",
                    "产品此前已列出，品类或品牌不同；使用先列出的",
                ],
            )),
            Some(_) => Ok(()),
            None => {
                self.products.insert(product, (category, brand));
                Ok(())
            }
        }
    }

    /// Gives the order lines that name a product of a products table, but not its category
    /// or brand, the table's, with a note saying how many, and how many name a product the
    /// table does not list.
    fn categories_from_products(&mut self) {
        if self.products.is_empty() {
            return;
        }
        let (mut filled, mut unlisted) = (0, 0);
        for line in &mut self.data.orders {
            let Some(product) = line.product else {
                continue;
            };
            let Some(&(category, brand)) = self.products.get(&product) else {
                unlisted += 1;
                continue;
            };
            let before = (line.category, line.brand);
            line.category = line.category.or(category);
            line.brand = line.brand.or(brand);
            filled += usize::from((line.category, line.brand) != before);
        }
        let tables: Vec<String> = self
            .product_tables
            .iter()
            .map(ToString::to_string)
            .collect();
        let tables_zh: Vec<String> = self.product_tables.iter().map(Source::zh).collect();
        let (tables, tables_zh) = (tables.join(", "), tables_zh.join("、"));
        let lines = |n: usize, one: &str, more: &str| {
            format!(
                "{n} order line{} {}",
                if n == 1 { "" } else { "s" },
                if n == 1 { one } else { more }
            )
        };
        let note = match (filled, unlisted) {
            (0, 1..) => Wording::new(
                format!(
                    "no order line names a product that {tables} lists: one may give codes where the other gives names; set product = \"…\" under [columns.products] to the column the orders use"
                ),
                format!(
                    "没有订单行的产品在 {tables_zh} 中：可能一边是编码、一边是名称；请在 [columns.products] 下把 product 设为订单所用的那一列"
                ),
            ),
            (_, 0) => Wording::new(
                format!(
                    "{} their product's category or brand from {tables}",
                    lines(filled, "takes", "take")
                ),
                format!("有 {filled} 个订单行的品类或品牌取自 {tables_zh}"),
            ),
            _ => Wording::new(
                format!(
                    "{} their product's category or brand from {tables}; {} a product it does not list, and so none",
                    lines(filled, "takes", "take"),
                    lines(unlisted, "names", "name")
                ),
                format!(
                    "有 {filled} 个订单行的品类或品牌取自 {tables_zh}；另有 {unlisted} 行的产品不在其中，没有品类或品牌"
                ),
            ),
        };
        self.notice(note);
    }

    /// A row of a list of returned orders: the order must be among the orders read.
    fn add_returned_order(&mut self, ctx: &RowContext<'_, '_>) -> Result<(), DataIssue> {
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

    /// Notes the buyers' names of an orders table keyed by e-mail that go with several
    /// e-mails: each e-mail is a customer of its own, which is right for two people of one
    /// name and wrong for one person with two addresses.
    fn note_names_of_several_emails(&mut self, table: &Table, info: &TableInfo, sole: &SoleEmails) {
        let several = sole.values().filter(|email| email.is_none()).count();
        let (Some(email), true) = (info.column(Field::CustomerId), several > 0) else {
            return;
        };
        let label = email.label();
        self.table_notice(
            &table.source,
            &format!(
                "{several} buyer {} with several e-mails in column {label}: each e-mail is a customer of its own; to grade one customer per name, map customer_name under [columns.orders]",
                if several == 1 { "name goes" } else { "names go" }
            ),
            &format!(
                "{label} 列中有 {several} 个买家名称对应多个邮箱：每个邮箱算作一位客户；如要按名称算作一位客户，请在 [columns.orders] 中指定 customer_name"
            ),
        );
    }

    /// Notes how the lines of a table that do not say which order they are make orders (see
    /// [`lines`]): without an order id, a customer's day is one; an order's total on each of
    /// its lines is counted once, here.
    fn orders_of_lines(&mut self, table: &Table, info: &TableInfo, first_line: usize) {
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

    /// The notes on how a table just parsed was read: dates without a year, several
    /// currencies, lines that continue the order above, returns and voids, customers named
    /// otherwise than by their id.
    fn note_what_the_table_said(
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
                    "{dates} date{} written without a year (3月5日) read in {year}, the year the name gives",
                    if dates == 1 { "" } else { "s" }
                ),
                &format!("有 {dates} 个日期没有写年份（如 3月5日），按名称中的年份 {year} 读取"),
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

    /// The notes on customers a table named other than by its customer id: guests by their
    /// name, customer ids under one unique id.
    fn note_customers_named_otherwise(&mut self, table: &Table, info: &TableInfo) {
        if let (rows @ 1.., Some(id), Some(name)) = (
            self.table.named_guests,
            info.column(Field::CustomerId),
            info.column(Field::CustomerName),
        ) {
            let by_email = super::is_email_column(id);
            let (id, name) = (id.label(), name.label());
            self.table_notice(
                &table.source,
                &format!(
                    "{rows} row{} without a customer id in column {id} (blank, or 0 as guest checkouts have it) {} the customer named in column {name}{}",
                    if rows == 1 { "" } else { "s" },
                    if rows == 1 { "is" } else { "are" },
                    if by_email { " (the one e-mail that name goes with, where there is one)" } else { "" }
                ),
                &format!(
                    "{id} 列没有客户编号（为空，或像访客下单那样为 0）的 {rows} 行按 {name} 列的客户名称归属{}",
                    if by_email { "（该名称只对应一个邮箱时，归入该邮箱的客户）" } else { "" }
                ),
            );
        }
        if let (rows @ 1.., Some(unique)) = (
            self.table.more_ids_of_a_customer,
            info.column(Field::CustomerUniqueId),
        ) {
            let label = unique.label();
            self.table_notice(
                &table.source,
                &format!(
                    "{rows} {} another customer id to a customer listed above under the same unique id in column {label}: each customer is graded once, with the orders of all their customer ids",
                    if rows == 1 { "row gives" } else { "rows give" }
                ),
                &format!(
                    "有 {rows} 行给 {label} 列中同一唯一编号下已列出的客户又添了一个客户编号：每位客户只评一次，其所有客户编号的订单都算在内"
                ),
            );
        }
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

    /// Notes customer ids that differ only in letter case (C001, c001): they are different
    /// customers, as some systems' ids are (Salesforce's), but often one customer typed twice.
    fn note_ids_alike_but_for_case(&mut self) {
        let mut seen: FxHashMap<String, usize> = FxHashMap::default();
        let mut alike: Option<(usize, usize)> = None;
        let mut pairs = 0;
        for (i, customer) in self.data.customers.iter().enumerate() {
            match seen.entry(customer.id.to_lowercase()) {
                std::collections::hash_map::Entry::Occupied(first) => {
                    pairs += 1;
                    alike.get_or_insert((*first.get(), i));
                }
                std::collections::hash_map::Entry::Vacant(slot) => {
                    slot.insert(i);
                }
            }
        }
        if let Some((first, second)) = alike {
            let [a, b] = [first, second].map(|i| &self.data.customers[i].id);
            let (more, more_zh) = if pairs > 1 {
                (format!(" and {} more", pairs - 1), format!("等 {pairs} 处"))
            } else {
                (String::new(), String::new())
            };
            let note = Wording::new(
                format!(
                    "customer ids \"{a}\" and \"{b}\"{more} differ only in letter case: they are graded as different customers; if they are one, write the id alike"
                ),
                format!(
                    "客户编号“{a}”与“{b}”{more_zh}只有大小写不同：按不同客户评级；如果是同一客户，请统一写法"
                ),
            );
            self.notice(note);
        }
    }

    /// Marks every line of a returned order refunded: the order was sent back, so it counts
    /// neither as a purchase nor as a return. Its status text goes: the workbook writes the
    /// status in its language, which reads back as refunded.
    fn mark_returned_orders(&mut self) {
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
        let named_guests = std::cell::Cell::new(0);
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
            self.table.order_rows = order_rows_beside_lines(table, &info)?;
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
                group: group.as_deref(),
                unique_ids,
                sole_emails: &sole_emails,
                columns: &columns,
            };
            let counts = self.table.row_counts().map(|count| *count);
            let unpadded = self.matched_unpadded.get();
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
                }
            }
            Ok(true)
        })?;
        self.table.named_guests = named_guests.get();
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

    /// A cell reported empty may hold a formula that the program which wrote the file never
    /// calculated; "empty" would puzzle a user who sees the formula, so say what it is.
    fn explain_unsaved_formulas(&mut self, table: &Table, first_issue: usize) {
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

    /// What a table's columns say of how to read them, in one pass that stops as soon as
    /// nothing is left to learn:
    /// - its date column, of the order of day and month: the configured order, or the one a
    ///   value such as 25/03/2026 anywhere in the column reveals (`Auto` when nothing decides),
    ///   and a date such as 03/05/2026 that it leaves undecided;
    /// - each amount column of an orders table, of its decimal mark: the first value that only
    ///   a point reads (12.50), the first that only a comma reads (1.280,50), and the first such
    ///   as 2.500 that either reads; see [`MarkEvidence::open`] for how far it looks.
    ///
    /// A column whose first thousand rows hold nothing undecided is not read further.
    pub(super) fn evidence(&self, table: &Table, info: &TableInfo) -> Result<Evidence> {
        const GIVE_UP_ROWS: u32 = 1_000;
        let configured = self.config.input.date_order;
        let date_column = info
            .column(Field::Date)
            .filter(|_| configured == DateOrder::Auto);
        let mut dates = DateEvidence {
            found: configured,
            ambiguous: None,
        };
        let mut marks: Vec<MarkEvidence> = AMOUNT_FIELDS
            .iter()
            .filter(|_| {
                info.kind == TableKind::Orders
                    && self.config.input.decimal_mark == DecimalMark::Auto
            })
            .filter_map(|&field| {
                Some(MarkEvidence {
                    field,
                    column: info.column(field)?.clone(),
                    points: 0,
                    point: None,
                    commas: 0,
                    comma: None,
                    ambiguous: None,
                })
            })
            .collect();
        // A discount column is read whole: one 5.00 tells that 0.50 is money too.
        let discount_column = info.column(Field::Discount);
        let mut money_off = None;
        if date_column.is_none() && marks.is_empty() && discount_column.is_none() {
            return Ok(Evidence {
                dates,
                marks,
                over_one: money_off,
            });
        }
        table.for_each_row(|row_number, row| {
            let early = row_number < info.header_row + GIVE_UP_ROWS;
            let mut open = false;
            if let Some(column) = discount_column
                && money_off.is_none()
                && row_number > info.header_row
            {
                let cell = row.get(column.index);
                // 1 is 100% (a percentage cell holds it so); 5.00 can only be money.
                let is_share = matches!(cell, Cell::Text(t) if values::before_percent(t).is_some());
                if !is_share
                    && values::parse_amount(&cell, DecimalMark::Auto).is_some_and(|d| d > 1.0)
                {
                    money_off = Some(cell.display().into_owned());
                }
                open |= money_off.is_none();
            }
            if let Some(column) = date_column
                && dates.found == DateOrder::Auto
            {
                let cell = row.get(column.index);
                match values::revealed_order(&cell) {
                    Reveal::Shows(order) => dates.found = order,
                    // 05.01.2026 is read day first (European) unless told otherwise: not a guess.
                    Reveal::Ambiguous
                        if dates.ambiguous.is_none() && !cell.display().contains('.') =>
                    {
                        dates.ambiguous = Some(cell.display().into_owned());
                    }
                    Reveal::Ambiguous | Reveal::Nothing => {}
                }
                open |= dates.found == DateOrder::Auto && (dates.ambiguous.is_some() || early);
            }
            for mark in marks.iter_mut().filter(|m| m.open(early)) {
                if row_number > info.header_row {
                    let cell = row.get(mark.column.index);
                    let seen = match values::revealed_mark(&cell) {
                        Reveal::Shows(DecimalMark::Comma) => {
                            mark.commas += 1;
                            &mut mark.comma
                        }
                        Reveal::Shows(_) => {
                            mark.points += 1;
                            &mut mark.point
                        }
                        Reveal::Ambiguous => &mut mark.ambiguous,
                        Reveal::Nothing => continue,
                    };
                    seen.get_or_insert_with(|| cell.display().into_owned());
                }
                open |= mark.open(early);
            }
            Ok(open)
        })?;
        Ok(Evidence {
            dates,
            marks,
            over_one: money_off,
        })
    }

    /// Records [`LateMarks`]: in the amount columns whose scan saw no decimal mark, the first
    /// value that shows a comma and the first such as 2.500; in those read with a comma, the
    /// first that only a point reads. Text that can tell neither (450, 1,200) is passed over
    /// without a look.
    fn watch_late_marks(&mut self, ctx: &RowContext<'_, '_>, reading: Reading) {
        for (k, &field) in AMOUNT_FIELDS.iter().enumerate() {
            let late = &mut self.table.late_marks[k];
            let watched = match reading.watch[k] {
                Watch::Nothing => false,
                Watch::Comma => late.comma.is_none() || late.ambiguous.is_none(),
                Watch::Point => late.point.is_none(),
            };
            if !watched {
                continue;
            }
            let Some((cell @ Cell::Text(text), _)) = ctx.cell(field) else {
                continue;
            };
            // Full-width forms as the values are read. Only a value with a point, or with a
            // comma before three digits (1,200), can be one a point reads; only one with a
            // point, or with a comma before other than three digits, can show a comma.
            let ascii = values::ascii_forms(text);
            let thousands =
                |tail: &str| tail.len() == 3 && tail.bytes().all(|b| b.is_ascii_digit());
            let may_tell = ascii.contains('.')
                || ascii
                    .rsplit_once(',')
                    .is_some_and(|(_, tail)| thousands(tail) == (reading.watch[k] == Watch::Point));
            if !may_tell {
                continue;
            }
            let seen = match values::revealed_mark(&cell) {
                Reveal::Shows(DecimalMark::Comma) => &mut late.comma,
                Reveal::Shows(_) => &mut late.point,
                Reveal::Ambiguous => &mut late.ambiguous,
                Reveal::Nothing => continue,
            };
            seen.get_or_insert_with(|| text.to_owned());
        }
    }

    /// Notes each amount column that showed a decimal comma only past the rows its scan
    /// read, while values such as 2.500 in it were read with a point; and each read with a
    /// comma that holds a value only a point reads.
    fn note_late_marks(&mut self, table: &Table, info: &TableInfo, reading: Reading) {
        for (k, &field) in AMOUNT_FIELDS.iter().enumerate() {
            let late = std::mem::take(&mut self.table.late_marks[k]);
            let Some(column) = info.column(field) else {
                continue;
            };
            let (source, header) = (&table.source, &column.header);
            if let (Watch::Point, Some(point)) = (reading.watch[k], &late.point) {
                let how = read_as(point, DecimalMark::Comma, true);
                let by_point = read_as(point, DecimalMark::Point, false);
                self.notice(Wording::new(
                    format!(
                        "{source}, column \"{header}\": read with a decimal comma, as its first values show one, but {point}, which a decimal point reads as {by_point}, further down is read as {how}"
                    ),
                    format!(
                        "{zh}，“{header}”列：按小数逗号读取（前面的值如此），但下方的 {point}（按小数点应读作 {by_point}）读作 {how}",
                        zh = source.zh(),
                    ),
                ));
            }
            let (Watch::Comma, Some(comma), Some(example)) =
                (reading.watch[k], late.comma, late.ambiguous)
            else {
                continue;
            };
            let read = |mark| {
                values::parse_amount(&Cell::Text(&example), mark)
                    .map_or_else(String::new, format_number)
            };
            let (by_point, by_comma) = (read(DecimalMark::Point), read(DecimalMark::Comma));
            self.notice(Wording::new(
                format!(
                    "{source}, column \"{header}\": {comma} has a decimal comma, but the first rows of the column showed no decimal mark, so amounts such as {example} were read with a point, as {by_point}; if they are {by_comma}, set decimal_mark = \"comma\" under [input] in tiers.toml"
                ),
                format!(
                    "{zh}，“{header}”列：{comma} 用了小数逗号，但该列前面几行看不出小数点，所以 {example} 这样的金额按小数点读作 {by_point}；若应为 {by_comma}，请在 tiers.toml 的 [input] 下设置 decimal_mark = \"comma\"",
                    zh = source.zh(),
                ),
            ));
        }
    }

    /// How a table's text is read: [`Self::settle_date_order`] and
    /// [`Self::settle_decimal_mark`] for each of its amount columns.
    pub(super) fn settle_reading(
        &mut self,
        table: &Table,
        info: &TableInfo,
        evidence: Evidence,
        shared: &Shared<'_>,
    ) -> Reading {
        let date_order = self.settle_date_order(table, info, evidence.dates, shared.date_order);
        let discount = match info.column(Field::Discount) {
            Some(column) if in_money(column) => DiscountColumn::Money,
            // "Discount (%)", "Discount Rate": 10.00 is 10%, and 0.10 (a percentage cell) too.
            Some(column) if in_percent(column) => {
                if evidence.over_one.is_some() {
                    DiscountColumn::Percent
                } else {
                    DiscountColumn::Shares
                }
            }
            Some(column) => match &shared.money_off {
                Some((example, where_)) => {
                    let (source, header) = (&table.source, &column.header);
                    let [shown, shown_zh] = if evidence.over_one.is_some() {
                        [
                            format!("it holds {example}"),
                            format!("该列有 {example} 这样的值"),
                        ]
                    } else {
                        [
                            format!("{} holds {example}", where_.en),
                            format!(" {} 有 {example} 这样的值", where_.zh),
                        ]
                    };
                    self.notice(Wording::new(
                        format!(
                            "{source}, column \"{header}\": read as money off each line (unit price × quantity − discount), not as shares of the price, as {shown}"
                        ),
                        format!(
                            "{zh}，“{header}”列：按每行减去的金额读取（单价 × 数量 − 折扣），而不是价格的比例，因为{shown_zh}",
                            zh = source.zh(),
                        ),
                    ));
                    DiscountColumn::Money
                }
                None => DiscountColumn::Shares,
            },
            None => DiscountColumn::Shares,
        };
        let mut marks = [self.config.input.decimal_mark; AMOUNT_FIELDS.len()];
        let mut watch = [Watch::Nothing; AMOUNT_FIELDS.len()];
        let mut lenient = [false; AMOUNT_FIELDS.len()];
        for mark in evidence.marks {
            let k = AMOUNT_FIELDS
                .iter()
                .position(|&f| f == mark.field)
                .expect("an amount field");
            let unsettled = mark.found().is_none() && mark.ambiguous.is_none();
            let commas_only = mark.points == 0;
            marks[k] = self.settle_decimal_mark(table, mark, shared.mark.as_ref());
            lenient[k] = marks[k] == DecimalMark::Comma;
            watch[k] = if unsettled {
                Watch::Comma
            } else if lenient[k] && commas_only {
                Watch::Point
            } else {
                Watch::Nothing
            };
        }
        let mut units = [1.0; MONEY_FIELDS.len()];
        for (k, field) in MONEY_FIELDS.into_iter().enumerate() {
            let Some(column) = info.column(field) else {
                continue;
            };
            if let Some((unit, [words, words_zh])) = values::header_unit(&column.header) {
                units[k] = unit;
                let (source, label) = (&table.source, column.label());
                self.notice(Wording::new(
                    format!(
                        "{source}, column {label}: its header says the amounts are in {words}, so each is multiplied by {}",
                        format_number(unit)
                    ),
                    format!(
                        "{zh}，{label} 列：表头注明金额单位为{words_zh}，每个值乘以 {}",
                        format_number(unit),
                        zh = source.zh(),
                    ),
                ));
            }
        }
        Reading {
            date_order,
            marks,
            watch,
            lenient,
            discount,
            units,
            year: table
                .source
                .sheet
                .as_deref()
                .and_then(values::year_in_name)
                .or_else(|| values::year_in_name(&table.source.file_name())),
        }
    }

    /// The order of day and month a table's dates are read in: its own evidence; else what
    /// the other tables of the run agree on (`shown_by`), so that 04/06/2026 is one day in
    /// every file; else month first. Each choice not made by the table itself is noted.
    fn settle_date_order(
        &mut self,
        table: &Table,
        info: &TableInfo,
        evidence: DateEvidence,
        shown_by: Option<(DateOrder, &Source)>,
    ) -> DateOrder {
        let (DateOrder::Auto, Some(example), Some(column)) =
            (evidence.found, evidence.ambiguous, info.column(Field::Date))
        else {
            return evidence.found;
        };
        let (source, header) = (&table.source, &column.header);
        if let Some((order, other)) = shown_by {
            let [first, first_zh] = if order == DateOrder::Dmy {
                ["day", "日"]
            } else {
                ["month", "月"]
            };
            self.notice(Wording::new(
                format!(
                    "{source}, column \"{header}\": dates such as {example} may be day or month first; read {first} first, as the dates of {other} show"
                ),
                format!(
                    "{zh}，“{header}”列：{example} 这样的日期可能日在前也可能月在前；按{first_zh}在前读取，因为 {other_zh} 的日期如此",
                    zh = source.zh(), other_zh = other.zh(),
                ),
            ));
            return order;
        }
        self.notice(Wording::new(
            format!(
                "{source}, column \"{header}\": dates such as {example} may be day or month first, and no date in the column tells; read month first (set date_order = \"dmy\" under [input] in tiers.toml if they are day first)"
            ),
            format!(
                "{zh}，“{header}”列：{example} 这样的日期可能日在前也可能月在前，该列没有日期能说明；按月在前读取（若是日在前，请在 tiers.toml 的 [input] 下设置 date_order = \"dmy\"）",
                zh = source.zh(),
            ),
        ));
        DateOrder::Auto
    }

    /// The decimal mark of an amount column: a comma when its values show one (1.280,50,
    /// 99,90), so that 2.500 in it is 2500; else each value as it reads. A column with
    /// values such as 2.500 and nothing that tells takes the mark the run's other amount
    /// columns agree on (`shown_by`), else reads them with a decimal point. Each choice not
    /// made by the column itself is noted.
    fn settle_decimal_mark(
        &mut self,
        table: &Table,
        evidence: MarkEvidence,
        shown_by: Option<&(DecimalMark, Wording)>,
    ) -> DecimalMark {
        // A point is how each value reads anyway, and a lone 99,90 among 12.50s still reads.
        let as_read = |mark| match mark {
            DecimalMark::Comma => DecimalMark::Comma,
            DecimalMark::Point | DecimalMark::Auto => DecimalMark::Auto,
        };
        let found = evidence.found();
        let MarkEvidence {
            column,
            point,
            comma,
            ambiguous,
            ..
        } = evidence;
        let (source, header) = (&table.source, &column.header);
        if let (Some(point), Some(comma)) = (&point, &comma) {
            let [how, how_zh] = if found == Some(DecimalMark::Comma) {
                let read = read_as(point, DecimalMark::Comma, true);
                [
                    format!(
                        "the column is read with a comma, as most of its values are written with one: {point} as {read}"
                    ),
                    format!("该列多数值用小数逗号，故按逗号读取：{point} 读作 {read}"),
                ]
            } else {
                let read = read_as(comma, DecimalMark::Auto, false);
                [
                    format!("each is read as it is written: {comma} as {read}"),
                    format!("各值按写法读取：{comma} 读作 {read}"),
                ]
            };
            self.notice(Wording::new(
                format!(
                    "{source}, column \"{header}\": values such as {point} are written with a decimal point and values such as {comma} with a decimal comma; {how}"
                ),
                format!(
                    "{zh}，“{header}”列：{point} 这样的值用小数点，{comma} 这样的值用小数逗号；{how_zh}",
                    zh = source.zh(),
                ),
            ));
        }
        if let Some(found) = found {
            return as_read(found);
        }
        let Some(example) = ambiguous else {
            return DecimalMark::Auto;
        };
        let comma_reading = values::parse_amount(&Cell::Text(&example), DecimalMark::Comma);
        let point_reading = values::parse_amount(&Cell::Text(&example), DecimalMark::Point);
        let reading = |value: Option<f64>| value.map_or_else(String::new, format_number);
        if let Some((mark, other)) = shown_by {
            let (value, name, name_zh) = match mark {
                DecimalMark::Comma => (comma_reading, "comma", "逗号"),
                DecimalMark::Point | DecimalMark::Auto => (point_reading, "point", "点"),
            };
            let value = reading(value);
            self.notice(Wording::new(
                format!(
                    "{source}, column \"{header}\": amounts such as {example} may have a decimal point or a thousands separator; read as {value}, as {} shows a decimal {name}", other.en
                ),
                format!(
                    "{zh}，“{header}”列：{example} 这样的金额中的符号可能是小数点也可能是千位分隔符；读作 {value}，因为 {} 用的是小数{name_zh}",
                    other.zh, zh = source.zh(),
                ),
            ));
            return as_read(*mark);
        }
        let (by_point, by_comma) = (reading(point_reading), reading(comma_reading));
        self.notice(Wording::new(
            format!(
                "{source}, column \"{header}\": amounts such as {example} may have a decimal point or a thousands separator, and no amount in the column tells; read as {by_point} (set decimal_mark = \"comma\" under [input] in tiers.toml to read it as {by_comma})"
            ),
            format!(
                "{zh}，“{header}”列：{example} 这样的金额中的符号可能是小数点也可能是千位分隔符，该列没有金额能说明；读作 {by_point}（若应读作 {by_comma}，请在 tiers.toml 的 [input] 下设置 decimal_mark = \"comma\"）",
                zh = source.zh(),
            ),
        ));
        DecimalMark::Auto
    }

    /// For a customers table: each other column's slot in the dataset's attribute headers.
    fn attribute_slots(&mut self, info: &TableInfo) -> Vec<(Column, usize)> {
        if info.kind != TableKind::Customers {
            return Vec::new();
        }
        // The owner fills the workbook's Owner column instead of a column of its own, and the
        // unique id its Customer ID column.
        let key_fields = [
            Field::CustomerId,
            Field::CustomerUniqueId,
            Field::CustomerName,
            Field::Owner,
        ];
        let mut columns: Vec<&Column> = info
            .columns
            .iter()
            .filter(|(f, _)| !key_fields.contains(f))
            .map(|(_, c)| c)
            .chain(&info.other_columns)
            .collect();
        columns.sort_by_key(|c| c.index);
        let headers = &mut self.data.attribute_headers;
        let mut slots: Vec<(Column, usize)> = Vec::new();
        for column in columns {
            // The k-th column of a header goes to the k-th slot of that header, so two
            // columns headed "Note" stay two columns.
            let taken = slots
                .iter()
                .filter(|(_, s)| headers[*s] == column.header)
                .count();
            let existing = headers
                .iter()
                .enumerate()
                .filter(|(_, h)| **h == column.header)
                .nth(taken);
            let slot = if let Some((i, _)) = existing {
                i
            } else {
                headers.push(column.header.clone());
                headers.len() - 1
            };
            slots.push((column.clone(), slot));
        }
        for (field, column) in &info.columns {
            let slot = slots.iter().find(|(c, _)| c == column).map(|(_, s)| *s);
            if let Some(slot) = slot
                && !self.data.attribute_fields.iter().any(|(f, _)| f == field)
            {
                self.data.attribute_fields.push((*field, slot));
            }
        }
        slots
    }

    fn add_customer(
        &mut self,
        ctx: &RowContext<'_, '_>,
        slots: &[(Column, usize)],
    ) -> Result<(), DataIssue> {
        let id = ctx.customer_key()?;
        // Olist's customers table: a row per customer id, each under the unique id of the
        // person it belongs to.
        let record = (ctx.customer_field == Field::CustomerId
            && ctx.column(Field::CustomerUniqueId).is_some())
        .then(|| ctx.record_key().ok())
        .flatten()
        .filter(|record| *record != id && !matches!(self.find_customer(ctx, record), Ok(Some(_))));
        if let Some(existing) = self.data.customer(&id) {
            if let Some(record) = record {
                self.data.record_ids.insert(record.into_owned(), existing);
                self.table.more_ids_of_a_customer += 1;
                return Ok(());
            }
            let field = ctx.customer_field;
            return Err(ctx.skip(
                Some(field),
                [
                    "customer listed twice; the first row is used",
                    "客户重复出现；使用第一行",
                ],
            ));
        }
        let mut attributes = vec![Value::Empty; self.data.attribute_headers.len()];
        for (column, slot) in slots {
            attributes[*slot] = match value(&ctx.row.get(column.index)) {
                Value::Text(text) => {
                    Value::Text(self.fit(ctx, Some(column), Cow::Owned(text)).into_owned())
                }
                other => other,
            };
        }
        let name = self.customer_name(ctx);
        let owner = match ctx.cell(Field::Owner).map(|(cell, _)| value(&cell)) {
            Some(Value::Text(text)) => Value::Text(text.trim().to_owned()),
            Some(number @ Value::Number(_)) => number,
            _ => Value::Empty,
        };
        let email = ctx
            .text(Field::Email)
            .map(|email| email.trim().to_lowercase());
        let idx = self.insert_customer(Customer {
            id: id.into_owned(),
            name: name.into_owned(),
            attributes,
            owner,
            origin: Origin::CustomersSheet,
        });
        if let Some(email) = email.filter(|e| e.contains('@')) {
            self.emails.entry(email).or_insert(idx);
        }
        let id = &self.data.customers[idx as usize].id;
        if id.len() > 1 && id.starts_with('0') && id.bytes().all(|b| b.is_ascii_digit()) {
            let number = id.trim_start_matches('0');
            let number = if number.is_empty() { "0" } else { number };
            self.zero_padded
                .entry(number.to_owned())
                .and_modify(|other| *other = None)
                .or_insert(Some(idx));
        }
        if let Some(record) = record {
            self.data.record_ids.insert(record.into_owned(), idx);
        }
        Ok(())
    }

    /// The customer a row names: by id, or by name when the table has no id column (orders
    /// that say 客户名称 only, against a customers sheet with ids), or by the e-mail a
    /// customers sheet gives them (shop orders keyed by e-mail). A name several customers
    /// share is an error: the row cannot say whose it is.
    fn find_customer(
        &self,
        ctx: &RowContext<'_, '_>,
        key: &str,
    ) -> Result<Option<CustomerIdx>, DataIssue> {
        let by_id = self.data.customer(key);
        let named = ctx.customer_field == Field::CustomerName;
        if by_id.is_none() && named && matches!(self.names.get(key), Some(None)) {
            return Err(self.shared_name(ctx, key));
        }
        let by_name = || {
            named
                .then(|| self.names.get(key).copied().flatten())
                .flatten()
        };
        let by_email = || {
            key.contains('@')
                .then(|| self.emails.get(key).copied())
                .flatten()
        };
        let listed =
            |i: CustomerIdx| self.data.customers[i as usize].origin == Origin::CustomersSheet;
        // A guest (no customer id, so named) who has an id elsewhere under that name; where
        // e-mails are the ids, only a customers sheet's (which e-mail customer of the orders
        // a blank e-mail is cannot be told, and the first seen would depend on row order).
        let by_guest_name = || {
            (ctx.customer_field == Field::CustomerId && ctx.is_named_guest(key))
                .then(|| self.names.get(key).copied().flatten())
                .flatten()
                .filter(|&i| listed(i) || !ctx.keyed_by_email())
        };
        // Orders keyed by an e-mail the customers sheets do not list: the row's name, if a
        // customers sheet's customer has it, or orders that name the customer by name alone
        // (last year's ledger beside this year's shop export, in either order).
        let by_row_name = || {
            let name = (ctx.customer_field == Field::CustomerId && key.contains('@'))
                .then(|| ctx.text(Field::CustomerName))
                .flatten()?;
            let name = values::ascii_forms(&name);
            self.names
                .get(name.as_ref())
                .copied()
                .flatten()
                .filter(|&i| listed(i) || self.data.customers[i as usize].id == name)
        };
        let by_record = || self.data.customer_by_record_id(key);
        // An id Excel stripped of its zeros, 17 for the customers sheet's 00017: a number
        // cell, or digits in a CSV that Excel saved.
        let by_number = || {
            let number = ctx.customer_field == Field::CustomerId
                && ctx.cell(Field::CustomerId).is_some_and(|(cell, _)| {
                    matches!(cell, Cell::Number(_))
                        || !key.is_empty() && key.bytes().all(|b| b.is_ascii_digit())
                });
            let found = number
                .then(|| self.zero_padded.get(key).copied().flatten())
                .flatten();
            if found.is_some() {
                self.matched_unpadded.set(self.matched_unpadded.get() + 1);
            }
            found
        };
        Ok(by_id
            .or_else(by_record)
            .or_else(by_name)
            .or_else(by_email)
            .or_else(by_guest_name)
            .or_else(by_row_name)
            .or_else(by_number))
    }

    /// The issue of a row naming a customer by a name several customers have.
    fn shared_name(&self, ctx: &RowContext<'_, '_>, key: &str) -> DataIssue {
        let ids: Vec<&str> = self
            .shared_names
            .get(key)
            .into_iter()
            .flatten()
            .take(3)
            .map(|&i| self.data.customers[i as usize].id.as_str())
            .collect();
        let ids = ids.join(", ");
        ctx.skip(
            Some(Field::CustomerName),
            Wording::new(
                format!("more than one customer is named so ({ids}); give the customer id"),
                format!("不止一位客户叫这个名字（{ids}），请给出客户编号"),
            ),
        )
    }

    fn insert_customer(&mut self, customer: Customer) -> CustomerIdx {
        let idx = self.data.customers.len() as CustomerIdx;
        let sym = self.data.ids.intern(&customer.id);
        debug_assert_eq!(
            sym.position(),
            idx as usize,
            "ids are interned once, in order"
        );
        // Keyed as an order row's name is read (ＴＣＬ as TCL). A name two customers share
        // names neither (two Eva Rossi the orders tell apart by e-mail, say); a customers
        // sheet's customer takes a name from one the orders added, whatever the order the
        // tables come in.
        if !customer.name.is_empty() {
            let key = values::ascii_forms(&customer.name).into_owned();
            let listed =
                |i: CustomerIdx| self.data.customers[i as usize].origin == Origin::CustomersSheet;
            let new_listed = customer.origin == Origin::CustomersSheet;
            match self.names.get(&key) {
                None => {
                    self.names.insert(key, Some(idx));
                }
                Some(Some(first)) if listed(*first) == new_listed => {
                    let first = *first;
                    self.shared_names.insert(key.clone(), vec![first, idx]);
                    self.names.insert(key, None);
                }
                Some(Some(_)) if new_listed => {
                    self.names.insert(key, Some(idx));
                }
                Some(Some(_)) => {}
                Some(None) => {
                    let sharers = self.shared_names.get(&key);
                    let group = sharers.and_then(|s| s.first()).map(|&i| listed(i));
                    if group == Some(new_listed) {
                        self.shared_names.entry(key).or_default().push(idx);
                    } else if new_listed {
                        self.shared_names.remove(&key);
                        self.names.insert(key, Some(idx));
                    }
                }
            }
        }
        self.data.customers.push(customer);
        idx
    }

    fn add_order(&mut self, ctx: &RowContext<'_, '_>, reading: Reading) -> Result<(), DataIssue> {
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
    fn add_order_row(
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

    /// The place in [`Self::pending`] of the customer `key` an order row names.
    fn pending_customer(&mut self, ctx: &RowContext<'_, '_>, key: Cow<'_, str>) -> u32 {
        if let Some(&place) = self.pending_by_key.get(key.as_ref()) {
            return place;
        }
        let place = self.pending.len() as u32;
        let new = self.new_customer(ctx, key.into_owned());
        self.pending_by_key.insert(new.id.as_str().into(), place);
        self.pending.push(Pending::Waiting(new));
        place
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
    fn add_joined_line(
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
    fn unusable_order_row(&self, id: Sym) -> Option<Wording> {
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
    fn list_orders_without_lines(&mut self) {
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

    /// A text field of a row, interned.
    fn intern(&mut self, ctx: &RowContext<'_, '_>, field: Field) -> Option<Sym> {
        let text = self.fitted(ctx, field)?;
        Some(self.data.symbols.intern(&text))
    }

    /// The type a row declares, if the table has a type column and the text is one of new,
    /// repeat or return. Other types (Wholesale, 销售单) are a kind of business, not of order:
    /// the line is classified by its history and the text is counted for a note. A top-up of
    /// stored value (充值) is no purchase: the row is listed as such, not used.
    fn declared_type(
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
        if self.table.order_rows.iter().any(|t| *t == text) {
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
                self.table.other_types.count(&text);
                Ok(None)
            }
            None => {
                self.table.other_types.count(&text);
                Ok(None)
            }
        }
    }

    /// The customer a usable order row names, added when no customers sheet lists them.
    fn customer_of(
        &mut self,
        ctx: &RowContext<'_, '_>,
        key: Cow<'_, str>,
    ) -> Result<CustomerIdx, DataIssue> {
        Ok(match self.find_customer(ctx, &key)? {
            Some(idx) => idx,
            None => self.customer_from_orders(ctx, key.into_owned()),
        })
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

    /// A row's order date; one written without a year (3月5日) in the year the table's name
    /// gives, counted for a note.
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
        let Some((month, day)) = values::month_day(&cell.display()) else {
            return Err(ctx.skip(Some(Field::Date), reason_for(&cell, DATE_EXPECTED)));
        };
        let yearless = [
            "a date without a year: name the year in the sheet's or file's name (2024年销售台账) or write it in the date",
            "日期没有年份：请在工作表名或文件名中写明年份（如 2024年销售台账），或在日期中写上年份",
        ];
        let date = reading
            .year
            .and_then(|year| NaiveDate::from_ymd_opt(year, month, day))
            .ok_or_else(|| ctx.skip(Some(Field::Date), yearless))?;
        self.table.dates_without_year += 1;
        Ok(date)
    }

    /// The line's amount, quantity and any note on them ([`order_amount`]); a cancelled or
    /// pending line without one (Amazon leaves a cancelled line's item-price blank) is kept at
    /// nothing, as it would not count anyway.
    fn line_amount(
        &mut self,
        ctx: &RowContext<'_, '_>,
        reading: Reading,
    ) -> Result<(f64, Option<f64>, Option<DataIssue>), DataIssue> {
        if ctx.amount_blank() && self.stated_uncounted(ctx) {
            return Ok((0.0, None, None));
        }
        order_amount(ctx, reading)
    }

    /// Whether the row's status says it does not count (pending, cancelled).
    fn stated_uncounted(&mut self, ctx: &RowContext<'_, '_>) -> bool {
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
    fn order_status(
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

    /// The customer's name a row gives: its name column's, or else first and last name.
    fn customer_name<'a>(&mut self, ctx: &RowContext<'_, 'a>) -> Cow<'a, str> {
        if let Some(name) = self.fitted(ctx, Field::CustomerName) {
            return name;
        }
        let parts: Vec<Cow<'a, str>> = [Field::FirstName, Field::LastName]
            .into_iter()
            .filter_map(|field| self.fitted(ctx, field))
            .collect();
        match (parts.is_empty(), ctx.group) {
            // A report grouped by customer names them above their lines.
            (true, Some(group)) => Cow::Owned(group.to_owned()),
            _ => Cow::Owned(parts.join(" ")),
        }
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

    /// A customer the orders name but no customers sheet lists: added, and noted when there
    /// is a customers sheet it is missing from.
    fn customer_from_orders(&mut self, ctx: &RowContext<'_, '_>, id: String) -> CustomerIdx {
        let new = self.new_customer(ctx, id);
        self.add_new_customer(new)
    }

    /// The customer a row of orders names, to be added: their name, and the note when a
    /// customers sheet misses them.
    fn new_customer(&mut self, ctx: &RowContext<'_, '_>, id: String) -> NewCustomer {
        let name = self.customer_name(ctx).into_owned();
        let note = self.data.has_customers_table.then(|| {
            ctx.issue(
                Some(ctx.customer_field),
                [
                    "customer not in the customers sheet; added from the orders",
                    "客户不在客户表中；已从订单添加",
                ],
                Action::Noted,
            )
        });
        NewCustomer { id, name, note }
    }

    fn add_new_customer(&mut self, new: NewCustomer) -> CustomerIdx {
        self.data.issues.extend(new.note);
        self.insert_customer(Customer {
            id: new.id,
            name: new.name,
            attributes: Vec::new(),
            owner: Value::Empty,
            origin: Origin::Orders,
        })
    }

    /// The customer of the order a feedback row names, for feedback without a customer
    /// column (reviews of orders).
    fn customer_of_order(&mut self, ctx: &RowContext<'_, '_>) -> Result<CustomerIdx, DataIssue> {
        let id = ctx
            .text(Field::OrderId)
            .and_then(|id| self.data.order_ids.find(&values::identifier(&id)))
            .ok_or_else(|| {
                let reason = match ctx.text(Field::OrderId) {
                    Some(_) => ORDER_NOT_FOUND,
                    None => [
                        "empty order id; the customer is found by it",
                        "订单编号为空；客户靠它找到",
                    ],
                };
                ctx.skip(Some(Field::OrderId), reason)
            })?;
        if let Some(order) = self.order_rows.get(&id) {
            // An order without lines (Olist's unavailable ones) still names its customer,
            // where a table lists them or another order of theirs added them.
            let customer = match order.pending {
                None => Some(order.head.customer),
                Some(place) => match self.pending[place as usize] {
                    Pending::Added(idx) => Some(idx),
                    Pending::Waiting(_) => None,
                },
            };
            return customer.ok_or_else(|| {
                ctx.skip(
                    Some(Field::OrderId),
                    [
                        "its order has no line, and no other order or customers table names its customer",
                        "其订单没有明细，也没有其他订单或客户表列出其客户",
                    ],
                )
            });
        }
        if let Some(reason) = self.unusable_order_row(id) {
            return Err(ctx.skip(Some(Field::OrderId), reason));
        }
        let orders = &self.data.orders;
        let customers = self
            .order_customers
            .get_or_insert_with(|| order_customers(orders));
        customers
            .get(&id)
            .copied()
            .ok_or_else(|| ctx.skip(Some(Field::OrderId), ORDER_NOT_FOUND))
    }

    fn add_feedback(
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

/// An amount read with `mark`, or where `lenient` (a column read with a comma because its
/// values show one) and the mark cannot read it, with a point: a stray 12.50.
fn amount_in_column(cell: &Cell<'_>, mark: DecimalMark, lenient: bool) -> Option<f64> {
    values::parse_amount(cell, mark).or_else(|| {
        lenient
            .then(|| values::parse_amount(cell, DecimalMark::Point))
            .flatten()
    })
}

/// The row's amount as written (before any refund) and its unit price × quantity (a quantity
/// of one where no column gives it); NaN for what cannot be read.
fn line_price(ctx: &RowContext<'_, '_>, reading: Reading) -> lines::Priced {
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

/// How [`amount_in_column`] reads a text, for notes.
fn read_as(text: &str, mark: DecimalMark, lenient: bool) -> String {
    amount_in_column(&Cell::Text(text), mark, lenient).map_or_else(String::new, format_number)
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

/// The customer a row of a report grouped by customer names above their lines: the row's only
/// cell, in the group column or after a label (客户：华兴).
fn customer_above(row: &Row<'_>, group_column: usize) -> Option<String> {
    let mut cells = (0..row.width()).filter(|&i| !row.get(i).is_blank());
    let (Some(only), None) = (cells.next(), cells.next()) else {
        return None;
    };
    let text = row.get(only).display();
    match values::customer_label(&text) {
        Some(name) => Some(name.to_owned()),
        None => (only == group_column).then(|| text.trim().to_owned()),
    }
}

/// The texts of a type column that mark an order's own row where the table gives its lines
/// too, under the same word and "line" (Lightspeed's Line Type: Sale, then its Sale Lines):
/// that row repeats what its lines add up to. Empty for any other table. The first rows
/// tell, as every sale shows both: the rest of a large table is not read again for it.
fn order_rows_beside_lines(table: &Table, info: &TableInfo) -> Result<Vec<String>> {
    const MOST: usize = 50;
    const ROWS: u32 = 1000;
    let Some(column) = info.column(Field::OrderType) else {
        return Ok(Vec::new());
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
    Ok(texts
        .into_iter()
        .zip(&words)
        .filter(|(_, word)| is_order_word(word))
        .map(|(text, _)| text)
        .collect())
}

/// E-mail addresses are the same in any case: Ann@Example.com is ann@example.com.
fn email_in_lower_case(key: Cow<'_, str>) -> Cow<'_, str> {
    if key.contains('@') && key.chars().any(char::is_uppercase) {
        Cow::Owned(key.to_lowercase())
    } else {
        key
    }
}

/// Each buyer's name (as a name key) in orders keyed by e-mail, with the e-mail key that
/// goes with it, or none where several do.
type SoleEmails = FxHashMap<String, Option<String>>;

/// In orders keyed by e-mail beside a name, the one e-mail each name goes with: a row of that
/// name whose e-mail is blank is that buyer's, whichever row comes first. A name several
/// e-mails go with is left to itself (its blank rows are a customer of their own).
fn sole_emails(table: &Table, info: &TableInfo) -> Result<SoleEmails> {
    let mut sole = SoleEmails::default();
    let (Some(email), Some(name)) = (
        info.column(Field::CustomerId)
            .filter(|column| super::is_email_column(column)),
        info.column(Field::CustomerName),
    ) else {
        return Ok(sole);
    };
    table.for_each_row(|row_number, row| {
        let (address, name) = (
            row.get(email.index).display(),
            row.get(name.index).display(),
        );
        if row_number <= info.header_row
            || values::is_placeholder_id(&address)
            || name.trim().is_empty()
        {
            return Ok(true);
        }
        let (name, address) = (
            values::ascii_forms(&name),
            email_in_lower_case(values::identifier(&address)),
        );
        // Looked up before anything is allocated: most rows repeat a buyer seen before.
        match sole.get_mut(name.as_ref()) {
            Some(seen) if seen.as_deref() != Some(address.as_ref()) => *seen = None,
            Some(_) => {}
            None => {
                sole.insert(name.into_owned(), Some(address.into_owned()));
            }
        }
        Ok(true)
    })?;
    Ok(sole)
}

/// Whether a customers table's unique ids ([`Field::CustomerUniqueId`]) group its customer
/// ids, as Olist's do: some unique id stands for two customer ids or more. Where each stands
/// for one, they say nothing more, and the customer ids name the customers.
fn unique_ids_group(table: &Table, info: &TableInfo) -> Result<bool> {
    let (Some(record), Some(unique)) = (
        info.column(Field::CustomerId),
        info.column(Field::CustomerUniqueId),
    ) else {
        return Ok(false);
    };
    let mut first: FxHashMap<String, String> = FxHashMap::default();
    let mut groups = false;
    table.for_each_row(|row_number, row| {
        if row_number <= info.header_row {
            return Ok(true);
        }
        let (record, unique) = (
            row.get(record.index).display(),
            row.get(unique.index).display(),
        );
        if values::is_placeholder_id(&unique) || record.trim().is_empty() {
            return Ok(true);
        }
        let seen = first
            .entry(unique.trim().to_owned())
            .or_insert_with(|| record.trim().to_owned());
        groups = seen != record.trim();
        Ok(!groups)
    })?;
    Ok(groups)
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
enum Discount {
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

/// The characters of an uncalculated formula an issue shows.
const FORMULA_SHOWN: usize = 200;

/// What an empty cell holding an uncalculated formula is called instead.
const UNSAVED_FORMULA: [&str; 2] = [
    "formula with no saved value (the file was written by a program that does not calculate formulas; open it in Excel or LibreOffice and save it)",
    "公式没有保存的值（文件由不计算公式的程序写出；请用 Excel 或 LibreOffice 打开并保存）",
];

/// Each order id's customer: the first line's.
fn order_customers(orders: &[Order]) -> FxHashMap<Sym, CustomerIdx> {
    let mut customers = FxHashMap::default();
    for order in orders {
        if let Some(id) = order.order_id {
            customers.entry(id).or_insert(order.customer);
        }
    }
    customers
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
