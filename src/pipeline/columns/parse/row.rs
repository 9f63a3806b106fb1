//! One row of a table being parsed: its cells by field, and why it cannot be used.

use std::borrow::Cow;

use anyhow::Result;

use super::customers::{SoleEmails, email_in_lower_case};
use crate::issues::{Action, DataIssue, Wording};
use crate::location::Column;
use crate::pipeline::columns::{self, Field, values};
use crate::pipeline::read::{Cell, Row};

/// Each field's column in a table, by `Field as usize`: a row asks for a dozen fields, and a
/// million rows would otherwise search the table's columns twelve million times.
pub(super) type ByField<'r> = [Option<&'r Column>; Field::ALL.len()];

/// The cells of one row that an issue may point at.
pub(super) struct RowContext<'r, 'a> {
    pub(super) source: usize,
    pub(super) row_number: u32,
    pub(super) row: &'r Row<'a>,
    pub(super) by_field: &'r ByField<'r>,
    /// The table's [`TableInfo::customer_field`](columns::TableInfo::customer_field).
    pub(super) customer_field: Field,
    /// Rows without a customer id (blank, or 0 as guest checkouts have it) taken by the
    /// customer's name instead, for a note.
    pub(super) named_guests: &'r std::cell::Cell<usize>,
    /// Rows with a date and an amount but a blank customer, for a note.
    pub(super) missing_customers: &'r std::cell::Cell<usize>,
    /// Whether the table gives invoices ([`TypeSurvey::bills`](super::status::TypeSurvey)).
    pub(super) bills: bool,
    /// In a report grouped by customer, the customer named on the last row that stood alone
    /// above its lines ([`columns::GROUP_HEADER`]).
    pub(super) group: Option<&'r str>,
    /// Whether the table's unique ids ([`Field::CustomerUniqueId`]) name the customer.
    pub(super) unique_ids: bool,
    /// In orders keyed by e-mail, the e-mail of each buyer's name ([`sole_emails`](super::customers::sole_emails)).
    pub(super) sole_emails: &'r SoleEmails,
    /// Every column the table's header names, for issues at a cell of no field.
    pub(super) columns: &'r [Column],
}

impl<'r, 'a> RowContext<'r, 'a> {
    pub(super) fn column(&self, field: Field) -> Option<&'r Column> {
        self.by_field[field as usize]
    }

    pub(super) fn cell(&self, field: Field) -> Option<(Cell<'a>, &'r Column)> {
        self.column(field).map(|c| (self.row.get(c.index), c))
    }

    pub(super) fn issue(
        &self,
        field: Option<Field>,
        reason: impl Into<Wording>,
        action: Action,
    ) -> DataIssue {
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

    pub(super) fn skip(&self, field: Option<Field>, reason: impl Into<Wording>) -> DataIssue {
        self.issue(field, reason, Action::Skipped)
    }

    /// The customer key: the unique id where the table has one for the row
    /// ([`Field::CustomerUniqueId`]), else the [`record_key`](Self::record_key).
    pub(super) fn customer_key(&self) -> Result<Cow<'a, str>, DataIssue> {
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
    pub(super) fn record_key(&self) -> Result<Cow<'a, str>, DataIssue> {
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
            (_, Cow::Borrowed(key)) => values::name_key(key),
            (_, Cow::Owned(key)) => Cow::Owned(values::name_key(&key).into_owned()),
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
                Cow::Borrowed(name) => values::name_key(name),
                Cow::Owned(name) => Cow::Owned(values::name_key(&name).into_owned()),
            };
            // A blank e-mail beside a name only one e-mail of the table goes with.
            return Ok(match self.sole_emails.get(name.as_ref()) {
                Some(Some(email)) => Cow::Owned(email.clone()),
                _ => name,
            });
        }
        // A report grouped by customer names them above their lines, not on them.
        if let (true, Some(group)) = (key.is_empty(), self.group) {
            return Ok(Cow::Owned(values::name_key(group).into_owned()));
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
                .contains(&columns::header_key(&column.header).as_str())
        };
        if field == Field::CustomerId && self.column(field).is_some_and(member_card) {
            return self.skip(Some(field), crate::issues::WALK_IN);
        }
        // A ledger's row (no order ids: an export's blank customer is an order's, a guest's)
        // with a sale on it.
        if self.column(Field::OrderId).is_none()
            && self.text(Field::Date).is_some()
            && !self.amount_blank()
        {
            self.missing_customers.set(self.missing_customers.get() + 1);
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
    pub(super) fn fields_beyond_header(&self, header_width: usize) -> Result<(), DataIssue> {
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
    pub(super) fn is_total_row(&self) -> bool {
        self.cell_where(values::is_total_label).is_some()
    }

    /// The first cell of the row whose text `says`.
    pub(super) fn cell_where(&self, says: impl Fn(&str) -> bool) -> Option<usize> {
        (0..self.row.width()).find(|&i| matches!(self.row.get(i), Cell::Text(t) if says(t)))
    }

    /// A row not used for `reason`, at the cell in column `index` (a total's label, a note).
    pub(super) fn skip_at(&self, index: usize, reason: impl Into<Wording>) -> DataIssue {
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
    /// currency conversion), a top-up, a quote or an entry of the business's own books.
    fn no_sale(&self) -> Option<DataIssue> {
        let reason = match values::type_word(&self.text(Field::OrderType)?)? {
            values::TypeWord::Payment => crate::issues::PAYMENT_ROW,
            values::TypeWord::TopUp => crate::issues::TOP_UP,
            values::TypeWord::Quote => crate::issues::QUOTE_ROW,
            values::TypeWord::OwnBooks => crate::issues::OWN_BOOKS_ROW,
            values::TypeWord::Bookkeeping if self.bills => crate::issues::OWN_BOOKS_ROW,
            _ => return None,
        };
        Some(self.skip(Some(Field::OrderType), reason))
    }

    /// Whether the row's amount, or its unit price where it has no amount, is blank.
    pub(super) fn amount_blank(&self) -> bool {
        [Field::Amount, Field::UnitPrice]
            .into_iter()
            .filter_map(|field| self.cell(field))
            .all(|(cell, _)| cell.is_blank())
    }

    /// Whether `key` is the row's name because its customer id is blank or a placeholder.
    pub(super) fn is_named_guest(&self, key: &str) -> bool {
        let id = self.text(Field::CustomerId);
        id.is_none_or(|id| values::is_placeholder_id(&id) || values::is_walk_in(&id))
            && self
                .text(Field::CustomerName)
                .is_some_and(|name| values::name_key(&name) == key)
    }

    /// Whether the table's customer id column is an e-mail column (shop orders).
    pub(super) fn keyed_by_email(&self) -> bool {
        self.column(Field::CustomerId)
            .is_some_and(columns::is_email_column)
    }

    pub(super) fn text(&self, field: Field) -> Option<Cow<'a, str>> {
        self.cell(field)
            .map(|(c, _)| c.display())
            .filter(|t| !t.is_empty())
    }
}
