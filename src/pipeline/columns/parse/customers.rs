//! Customers: rows of customers tables, and the customers orders name by id, name or e-mail.

use rustc_hash::FxHashMap;
use std::borrow::Cow;

use anyhow::Result;

use super::{Builder, ORDER_NOT_FOUND, feedback::order_customers, row::RowContext, value};
use crate::issues::{Action, DataIssue, Wording};
use crate::location::Column;
use crate::model::{Customer, CustomerIdx, Origin, Value};
use crate::pipeline::columns::{self, Field, TableInfo, TableKind, values};
use crate::pipeline::read::{Cell, Row, Table};

/// A customer order rows name that no table listed.
pub(super) enum Pending {
    /// Not added yet: no line of theirs has been joined.
    Waiting(NewCustomer),
    /// Added, as this customer.
    Added(CustomerIdx),
}

/// [`Head::customer`](super::Head::customer) of an order row whose customer is not added yet.
pub(super) const NO_CUSTOMER: CustomerIdx = CustomerIdx::MAX;

/// A customer an order row names that no table listed: its id, its name, and the note that
/// a customers sheet misses them.
pub(super) struct NewCustomer {
    pub(super) id: String,
    name: String,
    note: Option<DataIssue>,
}

impl Builder<'_> {
    /// Notes the buyers' names of an orders table keyed by e-mail that go with several
    /// e-mails: each e-mail is a customer of its own, which is right for two people of one
    /// name and wrong for one person with two addresses.
    pub(super) fn note_names_of_several_emails(
        &mut self,
        table: &Table,
        info: &TableInfo,
        sole: &SoleEmails,
    ) {
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

    /// The notes on customers a table named other than by its customer id: guests by their
    /// name, customer ids under one unique id.
    pub(super) fn note_customers_named_otherwise(&mut self, table: &Table, info: &TableInfo) {
        if let (rows @ 1.., Some(id), Some(name)) = (
            self.table.named_guests,
            info.column(Field::CustomerId),
            info.column(Field::CustomerName),
        ) {
            let by_email = columns::is_email_column(id);
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

    /// Notes customer ids that differ only in letter case (C001, c001): they are different
    /// customers, as some systems' ids are (Salesforce's), but often one customer typed twice.
    pub(super) fn note_ids_alike_but_for_case(&mut self) {
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

    /// For a customers table: each other column's slot in the dataset's attribute headers.
    pub(super) fn attribute_slots(&mut self, info: &TableInfo) -> Vec<(Column, usize)> {
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

    pub(super) fn add_customer(
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
    pub(super) fn find_customer(
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
        // A customers sheet's name in other letter case (abc科技 for ABC科技).
        let by_name_any_case = || {
            let found = named
                .then(|| {
                    self.listed_names_any_case
                        .get(&key.to_lowercase())
                        .copied()
                        .flatten()
                })
                .flatten();
            if found.is_some() {
                self.matched_other_case
                    .set(self.matched_other_case.get() + 1);
            }
            found
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
            let name = values::name_key(&name);
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
            .or_else(by_name_any_case)
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
            let key = values::name_key(&customer.name).into_owned();
            let listed =
                |i: CustomerIdx| self.data.customers[i as usize].origin == Origin::CustomersSheet;
            let new_listed = customer.origin == Origin::CustomersSheet;
            // A name of no letters with case (华兴贸易) is only ever written one way.
            if new_listed && key.chars().any(|c| c.is_lowercase() || c.is_uppercase()) {
                self.listed_names_any_case
                    .entry(key.to_lowercase())
                    .and_modify(|found| *found = None)
                    .or_insert(Some(idx));
            }
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

    /// The place in [`Self::pending`] of the customer `key` an order row names.
    pub(super) fn pending_customer(&mut self, ctx: &RowContext<'_, '_>, key: Cow<'_, str>) -> u32 {
        if let Some(&place) = self.pending_by_key.get(key.as_ref()) {
            return place;
        }
        let place = self.pending.len() as u32;
        let new = self.new_customer(ctx, key.into_owned());
        self.pending_by_key.insert(new.id.as_str().into(), place);
        self.pending.push(Pending::Waiting(new));
        place
    }

    /// The customer a usable order row names, added when no customers sheet lists them.
    pub(super) fn customer_of(
        &mut self,
        ctx: &RowContext<'_, '_>,
        key: Cow<'_, str>,
    ) -> Result<CustomerIdx, DataIssue> {
        Ok(match self.find_customer(ctx, &key)? {
            Some(idx) => idx,
            None => self.customer_from_orders(ctx, key.into_owned()),
        })
    }

    /// The customer's name a row gives: its name column's, or else first and last name.
    fn customer_name<'a>(&mut self, ctx: &RowContext<'_, 'a>) -> Cow<'a, str> {
        // A failed lookup (#N/A from a VLOOKUP of the name by the id) names nobody.
        if let Some(name) = self
            .fitted(ctx, Field::CustomerName)
            .filter(|name| !values::is_error_text(name))
        {
            return match name {
                Cow::Borrowed(name) => values::as_shown(name),
                Cow::Owned(name) => Cow::Owned(values::as_shown(&name).into_owned()),
            };
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

    pub(super) fn add_new_customer(&mut self, new: NewCustomer) -> CustomerIdx {
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
    pub(super) fn customer_of_order(
        &mut self,
        ctx: &RowContext<'_, '_>,
    ) -> Result<CustomerIdx, DataIssue> {
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
}

/// The customer a row of a report grouped by customer names above their lines: the row's only
/// cell, in the group column or after a label (客户：华兴).
pub(super) fn customer_above(row: &Row<'_>, group_column: usize) -> Option<String> {
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

/// E-mail addresses are the same in any case: Ann@Example.com is ann@example.com.
pub(super) fn email_in_lower_case(key: Cow<'_, str>) -> Cow<'_, str> {
    if key.contains('@') && key.chars().any(char::is_uppercase) {
        Cow::Owned(key.to_lowercase())
    } else {
        key
    }
}

/// Each buyer's name (as a name key) in orders keyed by e-mail, with the e-mail key that
/// goes with it, or none where several do.
pub(super) type SoleEmails = FxHashMap<String, Option<String>>;

/// In orders keyed by e-mail beside a name, the one e-mail each name goes with: a row of that
/// name whose e-mail is blank is that buyer's, whichever row comes first. A name several
/// e-mails go with is left to itself (its blank rows are a customer of their own).
pub(super) fn sole_emails(table: &Table, info: &TableInfo) -> Result<SoleEmails> {
    let mut sole = SoleEmails::default();
    let (Some(email), Some(name)) = (
        info.column(Field::CustomerId)
            .filter(|column| columns::is_email_column(column)),
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
            values::name_key(&name),
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
pub(super) fn unique_ids_group(table: &Table, info: &TableInfo) -> Result<bool> {
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
