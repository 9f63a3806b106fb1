//! The domain types every pipeline step shares: customers, orders, feedback and their
//! classification, plus a small string interner that keeps a million order rows compact.

use std::hash::BuildHasher;
use std::num::NonZeroU32;

use hashbrown::HashTable;
use rustc_hash::FxBuildHasher;

use chrono::{NaiveDate, NaiveDateTime};

/// The language of what `tiers` writes: sheet names, headers, labels and tier names.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// Chinese (简体中文).
    Zh,
}

/// Index of a customer in the dataset's customer list.
pub type CustomerIdx = u32;

/// An interned string of [`Symbols`]. Never zero, so an `Option<Sym>` takes four bytes, not
/// eight: an order line carries six of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Sym(NonZeroU32);

impl Sym {
    /// Where the text stands among its table's distinct texts, in the order they were first
    /// interned, from 0.
    pub fn position(self) -> usize {
        self.0.get() as usize - 1
    }
}

/// Interned strings: category, product, brand and order-id values repeat across many rows.
/// Each distinct text is stored once, end to end in one buffer: a million distinct order ids
/// cost their bytes and two numbers each, not an allocation each.
#[derive(Debug, Default)]
pub struct Symbols {
    /// Symbols, found by the hash of their text.
    index: HashTable<Sym>,
    /// Every distinct text, one after another.
    text: String,
    /// Where each symbol's text ends in `text`: 32 bits, as half of this table's memory at
    /// five million order ids is these ends.
    ends: Vec<u32>,
}

impl Symbols {
    /// The symbol for `s`, adding it on first sight.
    ///
    /// # Panics
    /// Past 4 billion distinct texts or 4 GiB of them, which no input reaches: its rows are
    /// numbered in 32 bits, and 4 GiB of distinct order ids would take some 200 million order
    /// lines, 13 GB of them in memory before the table filled.
    pub fn intern(&mut self, s: &str) -> Sym {
        let hash = FxBuildHasher.hash_one(s);
        if let Some(sym) = self.find_hashed(hash, s) {
            return sym;
        }
        let sym = u32::try_from(self.ends.len() + 1)
            .ok()
            .and_then(NonZeroU32::new)
            .map(Sym)
            .expect("fewer than 4 billion distinct texts");
        self.text.push_str(s);
        let end = u32::try_from(self.text.len()).expect("fewer than 4 GiB of distinct texts");
        self.ends.push(end);
        let Self { index, text, ends } = self;
        index.insert_unique(hash, sym, |&sym| {
            FxBuildHasher.hash_one(&text[span(ends, sym)])
        });
        sym
    }

    /// The symbol for `s`, if it was interned.
    pub fn find(&self, s: &str) -> Option<Sym> {
        self.find_hashed(FxBuildHasher.hash_one(s), s)
    }

    fn find_hashed(&self, hash: u64, s: &str) -> Option<Sym> {
        // Bytes, not `str`: no character boundaries to check on the way.
        let same = |&sym: &Sym| self.text.as_bytes()[span(&self.ends, sym)] == *s.as_bytes();
        self.index.find(hash, same).copied()
    }

    /// How many distinct texts there are: every symbol's [`Sym::position`] is below it.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether no text was interned.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The text of a symbol.
    pub fn get(&self, sym: Sym) -> &str {
        &self.text[span(&self.ends, sym)]
    }
}

/// Where a symbol's text lies in the buffer.
fn span(ends: &[u32], sym: Sym) -> std::ops::Range<usize> {
    let end = sym.0.get() as usize;
    let start = if end == 1 { 0 } else { ends[end - 2] as usize };
    start..ends[end - 1] as usize
}

/// A cell value carried through unchanged from the customers sheet to the output.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// No value.
    Empty,
    /// Text.
    Text(String),
    /// A number.
    Number(f64),
    /// A date or date and time.
    DateTime(NaiveDateTime),
    /// TRUE or FALSE.
    Bool(bool),
}

impl Value {
    /// Whether it holds nothing: empty, or text of spaces only.
    pub fn is_blank(&self) -> bool {
        match self {
            Value::Empty => true,
            Value::Text(t) => t.trim().is_empty(),
            _ => false,
        }
    }
}

/// A customer: from the customers sheet, or created from orders that name an unknown customer.
#[derive(Debug, Clone)]
pub struct Customer {
    /// The customer id as written in the inputs (or the name, when the inputs have no ids).
    pub id: String,
    /// The customer's name; empty when unknown.
    pub name: String,
    /// The customers sheet's other columns, aligned with the dataset's attribute headers.
    pub attributes: Vec<Value>,
    /// Who looks after the customer, from the customers sheet's owner column (负责人); `Empty`
    /// when it has none. It fills the workbook's Owner column, not a column of its own.
    pub owner: Value,
    /// Where the customer came from.
    pub origin: Origin,
}

/// Where a customer's row came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// A row of a customers sheet.
    CustomersSheet,
    /// Orders named a customer that no customers sheet lists.
    Orders,
}

/// An order's status as written, recognised into one of these.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Status {
    /// Completed, delivered (已完成).
    Completed,
    /// Shipped (已发货).
    Shipped,
    /// Processed, confirmed, paid (已处理).
    Processed,
    /// Pending, awaiting (待处理): not counted.
    Pending,
    /// Cancelled (已取消): not counted.
    Cancelled,
    /// Returned (退货): a return.
    Returned,
    /// Refunded (已退款): a shop's order whose money went back, counted neither as a purchase
    /// nor as a return; a refund written as a line of its own (a negative amount or a return
    /// type) is a return.
    Refunded,
}

/// The order type written in the inputs, when there is a type column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DeclaredType {
    /// New customer order (新订单).
    New,
    /// Repeat order (续订).
    Repeat,
    /// Return (退货).
    Return,
}

/// An order's type as classified: new, repeat or return.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrderKind {
    /// Part of the customer's first counted purchase.
    New,
    /// A later purchase.
    Repeat,
    /// A return: reduces net spend.
    Return,
}

/// Why an order does not count towards this window's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotCounted {
    /// The status is pending.
    Pending,
    /// The status is cancelled.
    Cancelled,
    /// The order was refunded (see [`Status::Refunded`]).
    Refunded,
    /// Dated after the as-of date.
    AfterAsOf,
    /// Dated before the scoring window: counts for history (first order, recency) only.
    BeforeWindow,
}

/// A line's quantity, when given, in eight bytes where `Option<f64>` takes sixteen: NaN,
/// which no parsed number is, stands for none. A million lines are 8 MB smaller for it.
#[derive(Debug, Clone, Copy)]
pub struct Quantity(f64);

impl Quantity {
    /// No quantity.
    pub const NONE: Quantity = Quantity(f64::NAN);

    /// A quantity, or none for `None` (and for a NaN, which is not one).
    pub fn new(quantity: Option<f64>) -> Self {
        quantity.map_or(Self::NONE, Quantity)
    }

    /// The quantity, if given.
    pub fn get(self) -> Option<f64> {
        Some(self.0).filter(|q| !q.is_nan())
    }
}

/// One order line as read from the inputs, and its classification.
#[derive(Debug, Clone)]
pub struct Order {
    /// The customer.
    pub customer: CustomerIdx,
    /// The order id, when the inputs have one; lines sharing an id are one order.
    pub order_id: Option<Sym>,
    /// The order date.
    pub date: NaiveDate,
    /// The amount, positive for purchases and for returns alike (see [`Order::kind`]).
    pub amount: f64,
    /// The quantity, when given.
    pub quantity: Quantity,
    /// The recognised status; `None` when the inputs have no status column.
    pub status: Option<Status>,
    /// The status text as written.
    pub status_text: Option<Sym>,
    /// The type the inputs declared, if any.
    pub declared: Option<DeclaredType>,
    /// A negative amount or quantity marks a return.
    pub negative: bool,
    /// Product category.
    pub category: Option<Sym>,
    /// Product.
    pub product: Option<Sym>,
    /// Brand.
    pub brand: Option<Sym>,
    /// Sales channel.
    pub channel: Option<Sym>,
    /// Index of the source table.
    pub source: u16,
    /// The row as the spreadsheet shows it.
    pub row: u32,
    /// Set by the classify step.
    pub kind: OrderKind,
    /// Set by the classify step: `None` when the order counts towards this window's value.
    pub not_counted: Option<NotCounted>,
}

impl Order {
    /// The purchase this line is part of, for counting orders: its order id on its day, or
    /// without an id its customer's day (a ledger's rows of one visit's goods). A customer's
    /// lines are walked in date and id order, so the lines of one purchase come together.
    pub fn purchase(&self) -> (NaiveDate, Option<Sym>) {
        (self.date, self.order_id)
    }

    /// Whether this line, once classified, is part of a purchase: not a return, its status
    /// counts, and it has value (a free gift or a 0.00 payment alone is no purchase).
    pub fn is_purchase(&self) -> bool {
        self.kind != OrderKind::Return && self.status_counts() && self.amount > 0.0
    }

    /// Whether this line is a return (declared, by status, or by a negative amount).
    pub fn is_return(&self) -> bool {
        self.negative
            || self.declared == Some(DeclaredType::Return)
            || self.status == Some(Status::Returned)
    }

    /// Whether the status lets this line count towards value (no status column counts).
    pub fn status_counts(&self) -> bool {
        match self.status {
            Some(Status::Pending | Status::Cancelled) => false,
            Some(Status::Refunded) => self.is_return(),
            _ => true,
        }
    }
}

/// One feedback row.
#[derive(Debug, Clone, Default)]
pub struct Feedback {
    /// The customer.
    pub customer: CustomerIdx,
    /// When it was given, if the sheet has dates.
    pub date: Option<NaiveDate>,
    /// Whether it is a complaint.
    pub complaint: bool,
    /// The type as written (投诉, praise, ...), if the sheet has a type column.
    pub kind: Option<String>,
    /// What the customer said.
    pub content: Option<String>,
    /// The rating, out of 5, if the sheet has ratings.
    pub rating: Option<f64>,
    /// Index of the source table.
    pub source: u16,
    /// The row as the spreadsheet shows it.
    pub row: u32,
}

/// The scoring window: the months up to and including the as-of date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    /// First day inside the window.
    pub start: NaiveDate,
    /// The as-of date, the last day inside the window.
    pub end: NaiveDate,
}

impl Window {
    /// The `months` months that end on `as_of`: 12 months to 2026-11-01 start on 2025-11-02.
    pub fn ending(as_of: NaiveDate, months: u32) -> Self {
        let start = as_of
            .checked_sub_months(chrono::Months::new(months))
            .and_then(|d| d.succ_opt())
            .unwrap_or(NaiveDate::MIN);
        Self { start, end: as_of }
    }

    /// Whether `date` falls inside the window.
    pub fn contains(&self, date: NaiveDate) -> bool {
        self.start <= date && date <= self.end
    }

    /// The first day of the window's second half.
    pub fn midpoint(&self) -> NaiveDate {
        self.start + (self.end - self.start) / 2
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_twelve_month_window_ends_on_the_as_of_date() {
        let as_of = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
        let window = Window::ending(as_of, 12);
        assert_eq!(window.start, NaiveDate::from_ymd_opt(2025, 11, 2).unwrap());
        assert!(window.contains(as_of));
        assert!(!window.contains(NaiveDate::from_ymd_opt(2025, 11, 1).unwrap()));
    }

    #[test]
    fn an_order_line_is_compact() {
        assert_eq!(std::mem::size_of::<Option<Sym>>(), 4);
        assert!(
            std::mem::size_of::<Order>() <= 64,
            "{}",
            std::mem::size_of::<Order>()
        );
    }

    #[test]
    fn a_quantity_is_given_or_not() {
        assert_eq!(std::mem::size_of::<Quantity>(), 8);
        assert_eq!(Quantity::new(Some(-2.5)).get(), Some(-2.5));
        assert_eq!(Quantity::new(Some(0.0)).get(), Some(0.0));
        assert_eq!(Quantity::new(None).get(), None);
        assert_eq!(Quantity::NONE.get(), None);
        assert_eq!(Quantity::new(Some(f64::NAN)).get(), None);
    }

    #[test]
    fn interned_strings_round_trip() {
        let mut symbols = Symbols::default();
        let a = symbols.intern("饮料");
        let b = symbols.intern("Snacks");
        assert_eq!(symbols.intern("饮料"), a);
        assert_eq!(symbols.get(b), "Snacks");
        assert_eq!(symbols.get(a), "饮料");
        // Enough symbols to make the index grow several times.
        let many: Vec<Sym> = (0..5000)
            .map(|k| symbols.intern(&format!("SO{k}")))
            .collect();
        for (k, &sym) in many.iter().enumerate() {
            assert_eq!(symbols.get(sym), format!("SO{k}"));
            assert_eq!(symbols.intern(&format!("SO{k}")), sym);
        }
        assert_eq!(symbols.intern(""), symbols.intern(""));
    }
}
