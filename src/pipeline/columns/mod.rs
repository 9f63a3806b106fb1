//! Step 2: recognise what each table holds and turn its rows into typed records.
//!
//! A table's header row is found among its first rows (title rows above it are common), its
//! headers are matched to [`Field`]s by English and Chinese aliases or by the config's explicit
//! names, and the table is classed as orders, customers, feedback or products. Rows then become
//! [`Customer`](crate::model::Customer)s, [`Order`](crate::model::Order)s and [`Feedback`](crate::model::Feedback); a row that cannot be used becomes a
//! [`DataIssue`] naming its cell. Structural problems (no orders table, a required column
//! missing) are errors.

mod fields;
mod lines;
mod parse;
pub mod values;

use std::collections::BTreeMap;

use anyhow::{Result, bail};

pub use fields::{Field, TableKind};
pub use parse::Dataset;

use crate::config::{Config, DateOrder, DecimalMark};
use crate::issues::{Action, DUPLICATE_LINE, DataIssue, ORDER_IN_LINES, Wording};
use crate::location::{Column, Source};
use crate::pipeline::read::{Cell, Hidden, Row, Table};
use values::normalise;

/// How many rows from the top are searched for the header row.
const HEADER_SEARCH_ROWS: usize = 20;

/// What was recognised in one table.
#[derive(Debug, Clone)]
pub struct TableInfo {
    /// Index into the run's sources.
    pub source: usize,
    /// What the table holds.
    pub kind: TableKind,
    /// For an orders table: whole, or one of the two halves of an order export split into
    /// order rows and their lines.
    pub part: OrderPart,
    /// The header row as the spreadsheet numbers it.
    pub header_row: u32,
    /// The columns used, by field.
    pub columns: Vec<(Field, Column)>,
    /// Columns not used (for customers tables: kept as attributes).
    pub other_columns: Vec<Column>,
    /// Data rows used.
    pub rows_used: usize,
    /// Data rows not used (listed as data issues).
    pub rows_skipped: usize,
}

impl TableInfo {
    /// The column mapped to `field`, if any.
    pub fn column(&self, field: Field) -> Option<&Column> {
        self.columns
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, c)| c)
    }

    /// Every column the header names, used or not, in no particular order.
    pub fn all_columns(&self) -> impl Iterator<Item = &Column> {
        self.columns
            .iter()
            .map(|(_, c)| c)
            .chain(&self.other_columns)
    }

    /// The field that identifies a customer: the id column, or the name when there is none.
    pub fn customer_field(&self) -> Field {
        if self.column(Field::CustomerId).is_some() {
            Field::CustomerId
        } else {
            Field::CustomerName
        }
    }
}

/// How an orders table holds its orders. Database and ERP exports often split them in two
/// (Northwind's Orders and Order Details, Olist's orders and order items, 销售订单 and
/// 订单明细): the order rows name the customer and the date, the lines the amounts, and the
/// order id joins them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrderPart {
    /// Every row is an order line with its customer, date and amount.
    Whole,
    /// One row an order: its id, customer and date (and status), but no amount.
    Headers,
    /// One row a line: its order id and amount (or unit price), but no customer; the
    /// customer, date and status are its order row's.
    Lines,
    /// A list of returned orders by order id (Superstore's Returns sheet: Returned, Order
    /// ID): each such order was sent back, so it counts neither as a purchase nor as a return.
    Returned,
}

/// A table's header row and the kind its headers suggest.
struct Detection {
    header_row: u32,
    headers: Vec<Column>,
    kind: Option<TableKind>,
    /// The half of a split order export the table would be, if it is not whole.
    part: Option<OrderPart>,
    mappings: BTreeMap<TableKindKey, Vec<Option<Field>>>,
}

/// `TableKind` as a map key in a stable order.
type TableKindKey = u8;

fn kind_key(kind: TableKind) -> TableKindKey {
    kind as u8
}

/// Recognises every table and parses its rows into a [`Dataset`].
///
/// # Errors
/// When no orders table is found, when a table that looks like orders lacks a required column,
/// or when the config names a column that is not there; the message lists the headers found.
pub fn recognise(tables: &[Table], config: &Config) -> Result<Dataset> {
    let mut detections = Vec::with_capacity(tables.len());
    for table in tables {
        detections.push(detect(table, config)?);
    }
    join_split_orders(&mut detections);
    let payments = set_aside_payments(tables, &mut detections);
    if !detections.iter().any(|d| d.kind == Some(TableKind::Orders)) {
        bail!("{}", no_orders_message(tables, &detections, config));
    }
    check_configured_columns_exist(tables, &detections, config)?;
    let mut builder = parse::Builder::new(tables, config)?;
    let mut used = Vec::new();
    for kind in TableKind::ALL {
        // Order rows before the lines that are joined to them.
        for part in [
            OrderPart::Whole,
            OrderPart::Headers,
            OrderPart::Lines,
            OrderPart::Returned,
        ] {
            for (index, (table, detection)) in tables.iter().zip(&detections).enumerate() {
                if detection.kind == Some(kind)
                    && detection.part.unwrap_or(OrderPart::Whole) == part
                {
                    let mapping = &detection.mappings[&kind_key(kind)];
                    used.push((table, new_info(index, kind, part, detection, mapping)));
                }
            }
        }
    }
    let evidence = used
        .iter()
        .map(|(table, info)| builder.evidence(table, info))
        .collect::<Result<Vec<_>>>()?;
    let shared = parse::Shared {
        date_order: agreed(
            used.iter()
                .zip(&evidence)
                .filter(|(_, e)| e.date_order() != DateOrder::Auto)
                .map(|((table, _), e)| (e.date_order(), &table.source)),
        ),
        mark: agreed(used.iter().zip(&evidence).flat_map(|((table, _), e)| {
            e.marks()
                .map(|(mark, column)| (mark, column_words(&table.source, column)))
        })),
        money_off: used.iter().zip(&evidence).find_map(|((table, info), e)| {
            let column = info.column(Field::Discount)?;
            let example = e.money_off(column)?.to_owned();
            Some((example, column_words(&table.source, column)))
        }),
    };
    for ((table, info), evidence) in used.into_iter().zip(evidence) {
        for note in second_columns_for_a_field(table, &info) {
            builder.notice(note);
        }
        let reading = builder.settle_reading(table, &info, evidence, &shared);
        builder.add_table(table, info, reading)?;
    }
    notice_tables(&mut builder, tables, &detections, &payments);
    let mut data = builder.finish();
    if let Some(note) = drop_orders_given_by_lines(&mut data) {
        data.notices.push(note);
    }
    for note in drop_orders_written_twice(tables, &mut data)? {
        data.notices.push(note);
    }
    if let Some(note) = drop_lines_in_two_tables(&mut data) {
        data.notices.push(note);
    }
    Ok(data)
}

/// Takes out the lines of each orders table that write again an order it wrote earlier, line
/// for line and cell for cell ([`lines::copied_lines`]): exports appended to each other would
/// count those orders twice. Each copy is listed as a data issue, and a note per table says how
/// many.
fn drop_orders_written_twice(tables: &[Table], data: &mut Dataset) -> Result<Vec<Wording>> {
    let mut copies = Vec::new();
    let (mut start, mut places) = (0, Vec::new());
    for lines in data.orders.chunk_by(|a, b| a.source == b.source) {
        let later = lines::later_places(lines, &mut places, data.order_ids.len());
        if !later.is_empty() {
            let rows = rows_of(&tables[usize::from(lines[0].source)], &later, lines)?;
            let same_row = |a: usize, b: usize| {
                matches!(
                    (rows.get(&lines[a].row), rows.get(&lines[b].row)),
                    (Some(a), Some(b)) if a == b
                )
            };
            let found = lines::copied_lines(later, same_row);
            copies.extend(found.into_iter().map(|(k, j)| (start + k, start + j)));
        }
        start += lines.len();
    }
    if copies.is_empty() {
        return Ok(Vec::new());
    }
    let mut notes = Vec::new();
    for table in copies.chunk_by(|a, b| data.orders[a.0].source == data.orders[b.0].source) {
        let (copy, kept) = (&data.orders[table[0].0], &data.orders[table[0].1]);
        let source = &data.sources[usize::from(copy.source)];
        let id = copy
            .order_id
            .map(|id| data.order_ids.get(id))
            .unwrap_or_default();
        let lines = table.len();
        notes.push(Wording::new(
            format!(
                "{source}: {lines} order line{} again orders written earlier in it, line for line (the first: row {}, order {id}, as row {}): exports appended to each other, so each such order is counted once (listed in the Data issues sheet)",
                if lines == 1 { " writes" } else { "s write" },
                copy.row,
                kept.row,
            ),
            format!(
                "{}：有 {lines} 个订单行把表中前面已写过的订单又逐行写了一遍（第一个：第 {} 行，订单 {id}，同第 {} 行）：多份导出接在了一起，这些订单每笔只计一次（列在数据问题表中）",
                source.zh(),
                copy.row,
                kept.row,
            ),
        ));
    }
    let reasons = copies
        .iter()
        .map(|&(k, j)| {
            let row = data.orders[j].row;
            let reason = Wording::new(
                format!(
                    "{} row {row}: the table writes this order twice, so it is counted once",
                    DUPLICATE_LINE[0]
                ),
                format!(
                    "{} 第 {row} 行：表中同一订单写了两次，只计一次",
                    DUPLICATE_LINE[1]
                ),
            );
            (k, reason)
        })
        .collect();
    take_out_lines(data, reasons);
    Ok(notes)
}

/// The cells, as they show, of the rows of a table's lines that [`lines::later_places`] pairs
/// as copies and originals, by row number: read again, once, only for a table that holds an
/// order in two places.
fn rows_of(
    table: &Table,
    later: &[lines::LaterPlace],
    lines: &[crate::model::Order],
) -> Result<rustc_hash::FxHashMap<u32, Vec<String>>> {
    let wanted: rustc_hash::FxHashSet<u32> = later
        .iter()
        .flat_map(lines::LaterPlace::lines)
        .map(|k| lines[k].row)
        .collect();
    let mut rows = rustc_hash::FxHashMap::default();
    table.for_each_row(|number, row| {
        if wanted.contains(&number) {
            let cells = (0..row.width())
                .map(|i| row.get(i).display().into_owned())
                .collect();
            rows.insert(number, cells);
        }
        Ok(rows.len() < wanted.len())
    })?;
    Ok(rows)
}

/// Takes out the rows of an orders table of one row an order whose orders another orders
/// table gives line by line, with goods, for the same customer under the same order id:
/// Etsy's Sold Orders beside its Sold Order Items would count each order twice, once by its
/// total and once by its lines. An order row that names goods too (Etsy's SKU) gives way
/// only to a table whose orders have several lines. The lines count; where they have no
/// status, they take their order row's. Each row taken out is listed as a data issue, and a
/// note says how many.
fn drop_orders_given_by_lines(data: &mut Dataset) -> Option<Wording> {
    let tables = order_tables(data)?;
    let dropped = orders_given_by_lines(data, &tables);
    let &(first, first_lines) = dropped.first()?;
    // The order rows' statuses, for lines that have none.
    let mut status = vec![None; data.order_ids.len()];
    for &(k, _) in &dropped {
        let order = &data.orders[k];
        if let (Some(id), Some(s)) = (order.order_id, order.status) {
            status[id.position()].get_or_insert((s, order.status_text));
        }
    }
    let mut line_sources: Vec<u16> = dropped.iter().map(|&(_, l)| l).collect();
    line_sources.sort_unstable();
    line_sources.dedup();
    for line in data
        .orders
        .iter_mut()
        .filter(|o| line_sources.contains(&o.source))
    {
        if let (None, Some(id)) = (line.status, line.order_id)
            && let Some((s, text)) = status[id.position()]
        {
            (line.status, line.status_text) = (Some(s), text);
        }
    }
    let location = |k: usize| crate::location::Location {
        source: &data.sources[usize::from(data.orders[k].source)],
        row: data.orders[k].row,
        column: None,
    };
    let (example, example_zh) = (location(first).to_string(), {
        let l = location(first);
        format!("{} 第 {} 行", l.source.zh(), l.row)
    });
    let lines_source = &data.sources[usize::from(first_lines)];
    let note = Wording::new(
        format!(
            "{count} order{} given by a row each (the first: {example}) {} given line by line in {lines_source} too, for the same customer: {} counted by {}, and the order rows are listed in the Data issues sheet",
            if dropped.len() == 1 { "" } else { "s" },
            if dropped.len() == 1 { "is" } else { "are" },
            if dropped.len() == 1 {
                "it is"
            } else {
                "they are"
            },
            if dropped.len() == 1 {
                "its lines"
            } else {
                "their lines"
            },
            count = dropped.len(),
        ),
        format!(
            "有 {} 笔订单既按一行一单给出（第一笔：{example_zh}），又在 {} 中逐行给出，客户相同：按明细计入，订单行列在数据问题表中",
            dropped.len(),
            lines_source.zh()
        ),
    );
    let reasons: Vec<(usize, Wording)> = dropped
        .iter()
        .map(|&(k, lines)| {
            let there = &data.sources[usize::from(lines)];
            let reason = Wording::new(
                format!("{} {there}, where it is counted", ORDER_IN_LINES[0]),
                format!("{} {}，在那里计入", ORDER_IN_LINES[1], there.zh()),
            );
            (k, reason)
        })
        .collect();
    take_out_lines(data, reasons);
    Some(note)
}

/// The order rows (by place) that [`drop_orders_given_by_lines`] takes out, each with the
/// table of its order's lines, in order.
fn orders_given_by_lines(data: &Dataset, tables: &[OrderTable]) -> Vec<(usize, u16)> {
    // Only a table of one row an order can give way.
    if tables.iter().all(|t| t.twice) {
        return Vec::new();
    }
    let of = |source: u16| tables.iter().find(|t| t.source == source);
    // (order row, the table of its lines)
    let mut dropped: Vec<(usize, u16)> = Vec::new();
    let mut taken = vec![false; data.orders.len()];
    for lines in tables.iter().filter(|t| t.goods) {
        // The customer of each order id in this table, where one customer has it.
        let mut customer_of: Vec<Option<Option<crate::model::CustomerIdx>>> =
            vec![None; data.order_ids.len()];
        for line in data.orders.iter().filter(|o| o.source == lines.source) {
            if let Some(id) = line.order_id {
                let given = customer_of[id.position()].get_or_insert(Some(line.customer));
                if *given != Some(line.customer) {
                    *given = None;
                }
            }
        }
        // The goods of each order here, for order rows that name goods too: a row whose goods
        // are among its order's lines is a copy of a line (exports that overlap), not an order.
        let goods_here: rustc_hash::FxHashSet<(crate::model::Sym, crate::model::Sym)> = if tables
            .iter()
            .any(|t| t.goods && !t.twice && t.source != lines.source)
        {
            data.orders
                .iter()
                .filter(|o| o.source == lines.source)
                .filter_map(|o| Some((o.order_id?, o.product?)))
                .collect()
        } else {
            rustc_hash::FxHashSet::default()
        };
        for (k, order) in data.orders.iter().enumerate() {
            let rows = of(order.source).filter(|rows| {
                rows.source != lines.source && !rows.twice && (!rows.goods || lines.twice)
            });
            if let (false, Some(_), Some(id)) = (taken[k], rows, order.order_id)
                && customer_of[id.position()] == Some(Some(order.customer))
                && !order
                    .product
                    .is_some_and(|product| goods_here.contains(&(id, product)))
            {
                taken[k] = true;
                dropped.push((k, lines.source));
            }
        }
    }
    dropped.sort_unstable();
    dropped
}

/// What [`drop_orders_given_by_lines`] needs to know of a whole orders table with order ids.
struct OrderTable {
    source: u16,
    /// Whether a line names goods (a product).
    goods: bool,
    /// Whether an order id comes on two lines or more.
    twice: bool,
}

/// The whole orders tables with order ids, when there are two or more.
fn order_tables(data: &Dataset) -> Option<Vec<OrderTable>> {
    let mut tables: Vec<OrderTable> = data
        .tables
        .iter()
        .filter(|info| {
            info.kind == TableKind::Orders
                && info.part == OrderPart::Whole
                && info.column(Field::OrderId).is_some()
        })
        .map(|info| OrderTable {
            source: info.source as u16,
            goods: false,
            twice: false,
        })
        .collect();
    if tables.len() < 2 {
        return None;
    }
    // The table each order id was last seen in: a table's lines are read together, so an id
    // seen last in the same table comes twice there.
    let mut last_seen = vec![u16::MAX; data.order_ids.len()];
    for order in &data.orders {
        let Some(table) = tables.iter_mut().find(|t| t.source == order.source) else {
            continue;
        };
        table.goods |= order.product.is_some();
        if let Some(id) = order.order_id {
            let last = &mut last_seen[id.position()];
            table.twice |= *last == order.source;
            *last = order.source;
        }
    }
    Some(tables)
}

/// Takes out the order lines given, each listed as a row not used for its reason (by its
/// order id) and counted so in its table.
fn take_out_lines(data: &mut Dataset, reasons: Vec<(usize, Wording)>) {
    let mut drop = vec![false; data.orders.len()];
    for (k, reason) in reasons {
        drop[k] = true;
        let order = &data.orders[k];
        let info = data
            .tables
            .iter_mut()
            .find(|t| t.source == usize::from(order.source))
            .expect("a line's table is recognised");
        info.rows_used -= 1;
        info.rows_skipped += 1;
        let column = info.column(Field::OrderId).cloned();
        data.issues.push(DataIssue {
            source: usize::from(order.source),
            row: order.row,
            column,
            value: order
                .order_id
                .map(|id| data.order_ids.get(id).to_owned())
                .unwrap_or_default(),
            reason,
            action: Action::Skipped,
        });
    }
    let mut k = 0;
    data.orders.retain(|_| {
        k += 1;
        !drop[k - 1]
    });
}

/// A table's column, in words: `orders.csv, column "Amount"`, `orders.csv 的“金额”列`.
fn column_words(source: &Source, column: &Column) -> Wording {
    Wording::new(
        format!("{source}, column \"{}\"", column.header),
        format!("{} 的“{}”列", source.zh(), column.header),
    )
}

/// The value every item gives, with the first one's source; `None` when they differ or
/// there are none.
fn agreed<T: PartialEq, S>(mut items: impl Iterator<Item = (T, S)>) -> Option<(T, S)> {
    let first = items.next()?;
    items.all(|(value, _)| value == first.0).then_some(first)
}

/// The lines alike in one key that the orders tables read so far hold, for
/// [`lines_in_two_tables`].
struct Alike {
    /// The lines kept.
    kept: Vec<usize>,
    /// The table being read.
    table: u16,
    /// How many of its lines were seen.
    seen: usize,
}

/// The lines two orders tables both hold (see [`drop_lines_in_two_tables`]), each as (line to
/// drop, line kept).
fn lines_in_two_tables(data: &Dataset) -> Vec<(usize, usize)> {
    const NONE: u16 = u16::MAX;
    const SHARED: u16 = u16::MAX - 1;
    let orders_tables = data
        .tables
        .iter()
        .filter(|t| t.kind == TableKind::Orders)
        .count();
    if orders_tables < 2 {
        return Vec::new();
    }
    // First the order ids two tables share, 2 bytes an id; then only their lines compared in
    // full: exports that do not overlap cost no map of every line.
    let mut table_of = vec![NONE; data.order_ids.len()];
    for order in &data.orders {
        let Some(id) = order.order_id else { continue };
        let table = &mut table_of[id.position()];
        if *table == NONE {
            *table = order.source;
        } else if *table != order.source {
            *table = SHARED;
        }
    }
    // Lines alike are paired table by table: the n-th copy in a later table is the n-th line
    // kept from the earlier ones, and a copy past those is a line of its own (an export may
    // hold a line twice that an earlier one held once). The line kept of a pair is the
    // earlier one, or the later export's where the status moved on.
    let mut alike: rustc_hash::FxHashMap<_, Alike> = rustc_hash::FxHashMap::default();
    // (line dropped, line kept)
    let mut copies = Vec::new();
    for (k, order) in data.orders.iter().enumerate() {
        let Some(id) = order
            .order_id
            .filter(|id| table_of[id.position()] == SHARED)
        else {
            continue;
        };
        let key = (
            id,
            order.customer,
            order.date,
            order.amount.to_bits(),
            order.is_return(),
            order.product,
        );
        let lines = alike.entry(key).or_insert(Alike {
            kept: Vec::new(),
            table: order.source,
            seen: 0,
        });
        if lines.table != order.source {
            lines.table = order.source;
            lines.seen = 0;
        }
        let pair = lines.kept.get(lines.seen).copied();
        lines.seen += 1;
        match pair {
            Some(j) if data.orders[j].source != order.source => {
                // Shipped in one export and completed in the next is one line, its status
                // the later export's; tables are in the order given, so this one is the later.
                if data.orders[j].status == order.status {
                    copies.push((k, j));
                } else {
                    copies.push((j, k));
                    lines.kept[lines.seen - 1] = k;
                }
            }
            _ => lines.kept.push(k),
        }
    }
    copies
}

/// Takes out the order lines that another orders table holds too, alike in order id,
/// customer, date, amount, direction and product: overlapping exports (January to March, then
/// March to June) would count them twice. The line kept is the earlier table's, or, where the
/// status moved on between them (pending, shipped, then completed or cancelled), the later's. Each copy is listed as a data issue, and a note
/// says how many. A return carries its purchase's order id, but not its direction, so it is
/// not taken for a copy.
fn drop_lines_in_two_tables(data: &mut Dataset) -> Option<Wording> {
    let copies = lines_in_two_tables(data);
    // The first copy, for the note: where it is, and where the line kept is.
    let &(example, example_kept) = copies.first()?;
    let at = |k: usize| (data.orders[k].source, data.orders[k].row);
    let ((copy_table, copy_row), (original_table, original_row)) = (at(example), at(example_kept));
    let source = |s: u16| data.sources[usize::from(s)].to_string();
    let source_zh = |s: u16| data.sources[usize::from(s)].zh();
    let reasons: Vec<(usize, Wording)> = copies
        .iter()
        .map(|&(k, j)| {
            let (table, row) = at(j);
            let [moved_on, moved_on_zh] = if data.orders[k].status == data.orders[j].status {
                ["", ""]
            } else {
                [", with the status it has there", "，取那里的状态"]
            };
            let reason = Wording::new(
                format!(
                    "{} {}, row {row}: the exports overlap, so it is counted once{moved_on}",
                    DUPLICATE_LINE[0],
                    source(table)
                ),
                format!(
                    "{} {} 第 {row} 行：导出范围重叠，只计一次{moved_on_zh}",
                    DUPLICATE_LINE[1],
                    source_zh(table)
                ),
            );
            (k, reason)
        })
        .collect();
    let lines = if copies.len() == 1 {
        "1 order line appears".to_owned()
    } else {
        format!("{} order lines appear", copies.len())
    };
    let (copy, original) = (source(copy_table), source(original_table));
    let (copy_zh, original_zh) = (source_zh(copy_table), source_zh(original_table));
    let note = Wording::new(
        format!(
            "{lines} in two orders tables alike in order id, customer, date and amount (the first: {copy}, row {copy_row}, as {original}, row {original_row}): the exports overlap, and each such line is counted once (listed in the Data issues sheet)"
        ),
        format!(
            "有 {} 个订单行在两个订单表中都出现，订单编号、客户、日期和金额都相同（第一个：{copy_zh} 第 {copy_row} 行，同 {original_zh} 第 {original_row} 行）：导出范围重叠，每行只计一次（列在数据问题表中）",
            copies.len()
        ),
    );
    take_out_lines(data, reasons);
    Some(note)
}

/// A column left alone because another with a header for the same field came first (two
/// "订单金额" columns, or "Amount" beside "订单金额"): which one was meant cannot be told, so
/// the choice is said, with how to make the other.
fn second_columns_for_a_field(table: &Table, info: &TableInfo) -> Vec<Wording> {
    info.other_columns
        .iter()
        .filter_map(|other| {
            let key = header_key(&other.header);
            let (field, used) = info
                .columns
                .iter()
                .find(|(field, _)| field.aliases().contains(&key.as_str()))?;
            let letter = crate::location::column_letter;
            let (setting, section) = (
                format!("{} = \"{}\"", field.key(), other.header),
                format!("[columns.{}]", info.kind.name()),
            );
            let [how, how_zh] = if other.header.trim() == used.header.trim() {
                ["rename one of the two headers".to_owned(), "请改掉其中一个表头".to_owned()]
            } else {
                [
                    format!("set {setting} under {section} in tiers.toml"),
                    format!("在 tiers.toml 的 {section} 下设置 {setting}"),
                ]
            };
            let (source, key) = (&table.source, field.key());
            let (used, other, used_letter, other_letter) = (
                used.label(),
                other.label(),
                letter(used.index),
                letter(other.index),
            );
            Some(Wording::new(
                format!(
                    "{source}: columns {used} and {other} both look like {key}; {used_letter} is used (to use {other_letter} instead, {how})"
                ),
                format!(
                    "{zh}：{used} 和 {other} 两列都像 {key}；使用 {used_letter} 列（要改用 {other_letter} 列，{how_zh}）",
                    zh = source.zh(),
                ),
            ))
        })
        .collect()
}

/// Fails where rows could not be used and, of the order lines dated in the window, not one
/// counts (`data`'s orders classified against `window`): the grades would all be
/// "ordinary" on no data, as when a system's every status is unknown; or when every order
/// line is dated after the as-of date. Inputs that simply end before the window are no
/// failure.
///
/// # Errors
/// In those cases, naming the first row not used or the earliest order.
pub fn require_a_counted_line(data: &Dataset, window: crate::model::Window) -> Result<()> {
    // An as-of date before the inputs begin (a typo of the year) would grade every customer
    // "not bought yet".
    if let Some(earliest) = data.orders.iter().map(|o| o.date).min()
        && earliest > window.end
    {
        bail!(
            "every order line is dated after the as-of date {} (the earliest on {earliest}), so there is nothing to grade and nothing is written; give a later --as-of",
            window.end
        );
    }
    let lost = crate::issues::lost(&data.issues);
    let Some(first) = lost.first() else {
        return Ok(());
    };
    let in_window = data.orders.iter().any(|o| window.contains(o.date));
    if !in_window || data.orders.iter().any(|o| o.not_counted.is_none()) {
        return Ok(());
    }
    bail!(
        "no order line in the window counts, and {} cannot be used, so nothing is written (tiers check lists them); the first: {}",
        crate::write::table::count(lost.len(), "input row", "input rows"),
        first.describe(&data.sources, crate::model::Lang::En)
    )
}

/// Fails when the orders tables gave no usable line: grading would rank nobody and, run on
/// the living workbook, mark every customer as gone. The message names the first row that
/// could not be used.
///
/// # Errors
/// When `data` holds no order line.
pub fn require_order_lines(data: &Dataset) -> Result<()> {
    if !data.orders.is_empty() {
        return Ok(());
    }
    let orders_tables: Vec<&TableInfo> = data
        .tables
        .iter()
        .filter(|t| t.kind == TableKind::Orders)
        .collect();
    let first = data.issues.iter().find(|i| {
        i.action == Action::Skipped && orders_tables.iter().any(|t| t.source == i.source)
    });
    if let Some(issue) = first {
        bail!(
            "none of the order rows can be used, so there is nothing to grade (tiers check lists them all); the first: {}",
            issue.describe(&data.sources, crate::model::Lang::En)
        );
    }
    let tables: Vec<String> = orders_tables
        .iter()
        .map(|t| data.sources[t.source].to_string())
        .collect();
    let verb = if tables.len() == 1 { "holds" } else { "hold" };
    bail!(
        "no order line to grade: {} {verb} no rows below the header",
        tables.join(", ")
    )
}

fn new_info(
    source: usize,
    kind: TableKind,
    part: OrderPart,
    detection: &Detection,
    mapping: &[Option<Field>],
) -> TableInfo {
    // A line's customer and date are its order row's: a date column of the lines (a delivery
    // date) is not the order's.
    // A discount is off the unit price: an amount column holds what was paid.
    let unused = |field: &Field| {
        (part == OrderPart::Lines
            && matches!(field, Field::Date | Field::CustomerId | Field::CustomerName))
            || (*field == Field::Discount && has(mapping, Field::Amount))
    };
    let mut columns = Vec::new();
    let mut other_columns = Vec::new();
    for (column, field) in detection.headers.iter().zip(mapping) {
        match field {
            Some(f) if !unused(f) => columns.push((*f, column.clone())),
            _ => other_columns.push(column.clone()),
        }
    }
    TableInfo {
        source,
        kind,
        part,
        header_row: detection.header_row,
        columns,
        other_columns,
        rows_used: 0,
        rows_skipped: 0,
    }
}

/// Checks that the config's `[columns.*]` keys name fields of their table kind; part of
/// [`Config::validate`].
pub fn check_column_overrides(config: &Config) -> Result<()> {
    for kind in TableKind::ALL {
        for key in overrides(config, kind).keys() {
            let known = Field::from_key(key).is_some_and(|f| kind.fields().contains(&f));
            if !known {
                let keys: Vec<&str> = kind.fields().iter().map(|f| f.key()).collect();
                bail!(
                    "config columns.{}: unknown field \"{key}\"; expected one of {}",
                    kind.name(),
                    keys.join(", ")
                );
            }
        }
    }
    Ok(())
}

fn overrides(config: &Config, kind: TableKind) -> &BTreeMap<String, String> {
    match kind {
        TableKind::Orders => &config.columns.orders,
        TableKind::Customers => &config.columns.customers,
        TableKind::Feedback => &config.columns.feedback,
        TableKind::Products => &config.columns.products,
    }
}

/// Whether a header key is one of a field's aliases.
fn names_a_field(key: &str) -> bool {
    Field::ALL
        .iter()
        .any(|f| f.aliases().contains(&key) || f.fallback_aliases().contains(&key))
}

/// A header as matched against aliases: normalised, without a trailing unit such as (元).
/// A `#` reads as "no" where that names a field (Order # is the order number, WooCommerce's
/// Item # a line's number, not the product); elsewhere it goes (Phone #, SKU #).
fn header_key(header: &str) -> String {
    let trimmed = header.trim();
    let cut = ['(', '（', '[']
        .iter()
        .filter_map(|open| trimmed.find(*open))
        .min()
        .filter(|&i| i > 0)
        .map_or(trimmed, |i| &trimmed[..i]);
    if cut.contains('#') {
        let numbered = normalise(&cut.replace('#', "no"));
        if names_a_field(&numbered) {
            return numbered;
        }
    }
    let key = normalise(cut);
    // Odoo names a line's field after its list: "Order Lines/Product", "Order
    // Lines/Product/Name" are the product, and "Order Lines/Subtotal" the line's amount.
    if let Some((list, fields)) = cut.split_once('/')
        && normalise(list).contains("line")
        && !names_a_field(&key)
    {
        return fields
            .split('/')
            .map(normalise)
            .map(|part| match part.as_str() {
                "total" | "pricetotal" => "orderlinetotal".to_owned(),
                "subtotal" | "pricesubtotal" => "orderlinesubtotal".to_owned(),
                _ => part,
            })
            .find(|part| names_a_field(part))
            .unwrap_or(key);
    }
    key
}

/// Maps each header to a field of `kind`: the config's explicit names first, then aliases.
/// A field with several columns takes the one of its best preferred alias
/// ([`Field::preferred_aliases`]), else the leftmost, and leaves the others unmapped.
fn map_headers(kind: TableKind, headers: &[Column], config: &Config) -> Vec<Option<Field>> {
    let keys: Vec<String> = headers.iter().map(|c| header_key(&c.header)).collect();
    let mut mapping = vec![None; headers.len()];
    for (key, name) in overrides(config, kind) {
        let wanted = header_key(name);
        if let (Some(field), Some(i)) =
            (Field::from_key(key), keys.iter().position(|k| *k == wanted))
        {
            mapping[i] = Some(field);
        }
    }
    for (signature, header, field) in Field::IN_LAYOUTS {
        let i = keys.iter().position(|k| k == header);
        if let Some(i) = i.filter(|&i| mapping[i].is_none() && keys.iter().any(|k| k == signature))
            && kind.fields().contains(&field)
            && !mapping.contains(&Some(field))
        {
            mapping[i] = Some(field);
        }
    }
    // Each field takes its leftmost column, or that of its best preferred alias.
    for aliases in [Field::aliases, Field::fallback_aliases] {
        for &field in kind.fields() {
            if mapping.contains(&Some(field)) {
                continue;
            }
            let closest = keys
                .iter()
                .enumerate()
                .filter(|(i, _)| mapping[*i].is_none())
                .filter_map(|(i, key)| {
                    aliases(field).contains(&key.as_str()).then_some(())?;
                    let preferred = field.preferred_aliases();
                    let rank = preferred.iter().position(|a| a == key);
                    Some((rank.unwrap_or(preferred.len()), i))
                })
                .min();
            if let Some((_, i)) = closest {
                mapping[i] = Some(field);
            }
        }
    }
    // A quantity under a header of its own (订货数量, Qty Ordered): without it a unit price
    // would be taken for the line's amount.
    if kind == TableKind::Orders
        && !mapping.contains(&Some(Field::Quantity))
        && let Some(i) = keys.iter().enumerate().position(|(i, k)| {
            mapping[i].is_none() && ["数量", "qty", "quantity"].iter().any(|w| k.contains(w))
        })
    {
        mapping[i] = Some(Field::Quantity);
    }
    // A shop's Notes are the buyer's words ("refund if late"), not a ledger's remark: read as
    // one only where no status column says what became of the order.
    if has(&mapping, Field::Status)
        && let Some(i) = mapping.iter().position(|f| *f == Some(Field::Remark))
        && ["notes", "note", "memo"].contains(&keys[i].as_str())
    {
        mapping[i] = None;
    }
    // Orders or feedback that name their customer by e-mail (shop exports); feedback that
    // names its order finds the customer by the order. Beside a buyer's name, the e-mail is
    // the key in orders: shops tell customers apart by it, and two buyers may share a name.
    let named = has(&mapping, Field::CustomerId)
        || names_the_customer(config, kind)
        || (kind != TableKind::Orders && has(&mapping, Field::CustomerName));
    let by_order = kind == TableKind::Feedback && has(&mapping, Field::OrderId);
    if kind != TableKind::Customers
        && !named
        && !by_order
        && let Some(i) = email_column(headers)
        && mapping[i].is_none()
    {
        mapping[i] = Some(Field::CustomerId);
    }
    mapping
}

/// The columns of `headers` with no value in the rows searched below the header row (a
/// few, at most `HEADER_SEARCH_ROWS` - 1); none when no row is below it.
fn empty_columns(
    headers: &[Column],
    candidates: &[(u32, Vec<Column>)],
    header_row: u32,
) -> Vec<usize> {
    let below: Vec<&Vec<Column>> = candidates
        .iter()
        .filter(|(row, _)| *row > header_row)
        .map(|(_, cells)| cells)
        .collect();
    headers
        .iter()
        .map(|h| h.index)
        .filter(|&i| {
            !below.is_empty() && below.iter().all(|cells| cells.iter().all(|c| c.index != i))
        })
        .collect()
}

/// The header given to a column without one whose rows name the customer of the rows below
/// them, in a report grouped by customer.
pub const GROUP_HEADER: &str = "(customer above its rows)";

/// An accounting report grouped by customer (QuickBooks' Sales by Customer Detail, 客户销售明细
/// 表): the customer stands alone on a row above their lines, in a column without a header
/// (whose cell the lines leave blank) or after a label (客户：华兴), and a "Total for …" (小计)
/// row below them. Where orders have no customer column, such a column, or for labels one
/// past the last header, is the customer's, under [`GROUP_HEADER`].
fn customers_above_their_rows(
    headers: &mut Vec<Column>,
    mappings: &mut BTreeMap<TableKindKey, Vec<Option<Field>>>,
    candidates: &[(u32, Vec<Column>)],
    header_row: u32,
) {
    let orders = &mappings[&kind_key(TableKind::Orders)];
    if has(orders, Field::CustomerId)
        || has(orders, Field::CustomerName)
        || !has(orders, Field::Date)
        || !(has(orders, Field::Amount) || has(orders, Field::UnitPrice))
    {
        return;
    }
    let below: Vec<&Vec<Column>> = candidates
        .iter()
        .filter(|(row, _)| *row > header_row)
        .map(|(_, cells)| cells)
        .collect();
    let labelled = below
        .iter()
        .any(|cells| cells.len() == 1 && values::customer_label(&cells[0].header).is_some());
    let past_the_headers = headers
        .iter()
        .map(|h| h.index + 1)
        .max()
        .unwrap_or_default();
    let Some(index) = below
        .iter()
        .find(|cells| cells.len() == 1)
        .map(|cells| {
            if labelled {
                past_the_headers
            } else {
                cells[0].index
            }
        })
        .filter(|&i| headers.iter().all(|h| h.index != i))
    else {
        return;
    };
    let at = |cells: &Vec<Column>| cells.iter().find(|c| c.index == index).cloned();
    let labels = below.iter().filter(|cells| {
        cells.len() == 1
            && (at(cells).is_some() || values::customer_label(&cells[0].header).is_some())
    });
    let lines = below
        .iter()
        .filter(|cells| cells.len() > 1 && at(cells).is_none());
    // Any other row with a cell there is a total of the rows above (Total for Acme, 小计).
    let others_are_totals = below
        .iter()
        .filter(|cells| cells.len() > 1)
        .filter_map(|cells| at(cells))
        .all(|c| values::is_total_label(&c.header) || values::names_a_group_total(&c.header));
    if labels.count() == 0 || lines.count() == 0 || !others_are_totals {
        return;
    }
    let position = headers.iter().take_while(|h| h.index < index).count();
    headers.insert(
        position,
        Column {
            header: GROUP_HEADER.to_owned(),
            index,
        },
    );
    for (kind, mapping) in mappings.iter_mut() {
        let field = (*kind == kind_key(TableKind::Orders)).then_some(Field::CustomerName);
        mapping.insert(position, field);
    }
}

/// Whether the config names the customer's column for `kind` (`customer_id` or `customer_name`).
fn names_the_customer(config: &Config, kind: TableKind) -> bool {
    let keys = [Field::CustomerId, Field::CustomerName].map(Field::key);
    overrides(config, kind)
        .keys()
        .any(|k| keys.contains(&k.as_str()))
}

/// The position of an e-mail column among `headers`, if there is one.
fn email_column(headers: &[Column]) -> Option<usize> {
    headers.iter().position(is_email_column)
}

/// Whether a column's header names an e-mail (Email, Contact email, 邮箱).
fn is_email_column(column: &Column) -> bool {
    Field::Email
        .aliases()
        .contains(&header_key(&column.header).as_str())
}

/// An e-mail column stands for the customer where the only customer column is a name that
/// holds nothing in the rows below the header that were looked at: WooCommerce's Company
/// (Billing), blank for a shop's private buyers, beside their Email (Billing). An id column
/// blank at the top (guest orders sorted first) is still the id.
fn email_over_empty_name(mapping: &mut [Option<Field>], headers: &[Column], empty: &[usize]) {
    if mapping.contains(&Some(Field::CustomerId)) {
        return;
    }
    let Some(name) = mapping.iter().position(|f| *f == Some(Field::CustomerName)) else {
        return;
    };
    if let Some(email) = email_column(headers)
        && mapping[email].is_none()
        && empty.contains(&headers[name].index)
        && !empty.contains(&headers[email].index)
    {
        mapping[name] = None;
        mapping[email] = Some(Field::CustomerId);
    }
}

fn has(mapping: &[Option<Field>], field: Field) -> bool {
    mapping.contains(&Some(field))
}

fn has_customer(mapping: &[Option<Field>]) -> bool {
    has(mapping, Field::CustomerId) || has(mapping, Field::CustomerName)
}

/// The required fields an orders table lacks.
fn missing_order_fields(mapping: &[Option<Field>]) -> Vec<Field> {
    let mut missing = Vec::new();
    if !has_customer(mapping) {
        missing.push(Field::CustomerId);
    }
    if !has(mapping, Field::Date) {
        missing.push(Field::Date);
    }
    if !has_amount(mapping) {
        missing.push(Field::Amount);
    }
    missing
}

/// Whether a line's amount can be had: an amount column, or a unit price (times the quantity,
/// when there is one).
fn has_amount(mapping: &[Option<Field>]) -> bool {
    has(mapping, Field::Amount) || has(mapping, Field::UnitPrice)
}

/// The half of a split order export these orders-table headers make, if any: order rows
/// (an order id, the customer and the date, no amount) or lines (an order id, an amount and
/// the goods: a product, a quantity or a unit price; without the customer or the date).
/// Payments and returns by order id name no goods, so they are not taken for lines.
fn order_part(mapping: &[Option<Field>]) -> Option<OrderPart> {
    let dated = has_customer(mapping) && has(mapping, Field::Date);
    let goods = [Field::Product, Field::Quantity, Field::UnitPrice]
        .iter()
        .any(|&f| has(mapping, f));
    match (has(mapping, Field::OrderId), dated, has_amount(mapping)) {
        (true, true, false) => Some(OrderPart::Headers),
        (true, false, true) if goods => Some(OrderPart::Lines),
        _ => None,
    }
}

/// Takes the two halves of a split order export (see [`OrderPart`]) for orders, when both
/// are given: a table of order rows without amounts would otherwise be read as customers,
/// and its lines not at all. Neither half is taken without the other.
fn join_split_orders(detections: &mut [Detection]) {
    let given = |part| detections.iter().any(|d| d.part == Some(part));
    let split = given(OrderPart::Headers) && given(OrderPart::Lines);
    for detection in detections.iter_mut() {
        if detection.kind == Some(TableKind::Orders) {
            detection.part = None;
        } else if matches!(detection.part, Some(OrderPart::Headers | OrderPart::Lines)) {
            if split {
                detection.kind = Some(TableKind::Orders);
            } else {
                detection.part = None;
            }
        }
    }
    // A list of returned orders, where there are orders to return.
    let orders = detections.iter().any(|d| d.kind == Some(TableKind::Orders));
    for detection in detections.iter_mut() {
        if detection.part == Some(OrderPart::Returned) {
            if orders {
                detection.kind = Some(TableKind::Orders);
            } else {
                detection.part = None;
            }
        }
    }
}

/// The notes on whole tables: payments set aside, hidden sheets read, tables not recognised.
fn notice_tables(
    builder: &mut parse::Builder,
    tables: &[Table],
    detections: &[Detection],
    payments: &[usize],
) {
    for (index, (table, detection)) in tables.iter().zip(detections).enumerate() {
        if payments.contains(&index) {
            builder.table_notice(
                &table.source,
                "holds payments received, not orders: left out, as other tables give the orders (grading both would count each sale twice)",
                "是收款记录，不是订单：已略去，订单取自其他表（两者都计会把每笔销售算两次）",
            );
            continue;
        }
        if let (Some(_), Some(hidden)) = (detection.kind, table.hidden()) {
            let source = &table.source;
            let (very, very_zh) = if hidden == Hidden::VeryHidden {
                (
                    " (very hidden: Excel's Unhide does not list it; the Visual Basic editor shows it, Alt+F11, the sheet's Visible property)",
                    "（深度隐藏：Excel 的“取消隐藏”不会列出它；可在 Visual Basic 编辑器中显示，Alt+F11，工作表的 Visible 属性）",
                )
            } else {
                ("", "")
            };
            builder.notice(Wording::new(
                format!(
                    "{source} is hidden in its workbook{very}; its rows are read like any other sheet's (if they are out of date, delete the sheet or leave it out of the workbook)"
                ),
                format!(
                    "{zh}在工作簿中是隐藏的{very_zh}；其中的行照常读取（如果已过时，请删除该表或将其移出工作簿）",
                    zh = source.zh(),
                ),
            ));
        }
        if detection.kind.is_none() && !detection.headers.is_empty() {
            let headers = header_list(&detection.headers);
            builder.table_notice(
                &table.source,
                &format!(
                    "not recognised as orders, customers, feedback or products, ignored (headers: {headers})"
                ),
                &format!("不是订单、客户、反馈或商品表，已忽略（表头：{headers}）"),
            );
        }
    }
}

/// Words in a table's name that say it holds payments received (payments.csv, 收款记录).
const PAYMENT_HINTS: [&str; 3] = ["payment", "收款", "回款"];

/// Payments received (classicmodels' payments, a 收款记录 of customer, date and amount) are
/// no sales where other tables give the orders: grading both would count each sale twice.
/// A table that names an order, a product, a quantity or a status is orders, whatever its
/// name (`orders_awaiting_payment.csv`). Returns the indexes of the tables set aside; without
/// other orders, payments are the orders.
fn set_aside_payments(tables: &[Table], detections: &mut [Detection]) -> Vec<usize> {
    let payments = |table: &Table| {
        let name = given_name(table);
        PAYMENT_HINTS.iter().any(|h| name.contains(h))
    };
    let order_shaped = |detection: &Detection| {
        let orders = &detection.mappings[&kind_key(TableKind::Orders)];
        [
            Field::OrderId,
            Field::Product,
            Field::Quantity,
            Field::Status,
        ]
        .iter()
        .any(|f| has(orders, *f))
    };
    let orders_elsewhere = tables
        .iter()
        .zip(detections.iter())
        .any(|(t, d)| d.kind == Some(TableKind::Orders) && !payments(t));
    if !orders_elsewhere {
        return Vec::new();
    }
    let mut aside = Vec::new();
    for (index, (table, detection)) in tables.iter().zip(detections.iter_mut()).enumerate() {
        if detection.kind == Some(TableKind::Orders)
            && detection.part.is_none()
            && payments(table)
            && !order_shaped(detection)
        {
            detection.kind = None;
            aside.push(index);
        }
    }
    aside
}

fn detect(table: &Table, config: &Config) -> Result<Detection> {
    let mut candidates: Vec<(u32, Vec<Column>)> = Vec::new();
    table.for_each_row(|row_number, row| {
        if !row.is_blank() {
            candidates.push((row_number, header_cells(row)));
        }
        Ok(candidates.len() < HEADER_SEARCH_ROWS)
    })?;
    let recognised = |headers: &[Column]| {
        TableKind::ALL
            .iter()
            .map(|&kind| map_headers(kind, headers, config).iter().flatten().count())
            .max()
            .unwrap_or(0)
    };
    // The row with the most recognised headers; the earliest wins a tie, except against the
    // row right below it: a two-row header (金额 over 应付金额 | 实付金额, the cells beside
    // merged down) names its columns most closely in its second row.
    let best = candidates
        .iter()
        .map(|(row, headers)| (recognised(headers), *row, headers))
        .filter(|(n, _, _)| *n >= 2)
        .fold(
            None,
            |best: Option<(usize, u32, &Vec<Column>)>, c| match best {
                Some(b) if b.0 > c.0 || (b.0 == c.0 && c.1 != b.1 + 1) => Some(b),
                _ => Some(c),
            },
        );
    let Some((_, header_row, headers)) = best else {
        let (header_row, headers) = candidates.into_iter().next().unwrap_or_default();
        return Ok(returned_orders(table, header_row, headers, config));
    };
    let (header_row, mut headers) = two_row_header(&candidates, header_row, headers, recognised);
    let empty = empty_columns(&headers, &candidates, header_row);
    let mut mappings: BTreeMap<_, _> = TableKind::ALL
        .iter()
        .map(|&kind| {
            let mut mapping = map_headers(kind, &headers, config);
            if kind != TableKind::Customers && !names_the_customer(config, kind) {
                email_over_empty_name(&mut mapping, &headers, &empty);
            }
            (kind_key(kind), mapping)
        })
        .collect();
    customers_above_their_rows(&mut headers, &mut mappings, &candidates, header_row);
    let kind = classify_table(table, &mappings);
    // Feedback that names its order (a complaint's type, a rating, a comment, a sheet named
    // 投诉) is not an order row; a Type column the orders read as the order type (Wholesale,
    // 批发) does not make it feedback. Returns and payments by order id are not lines.
    let (orders, feedback) = (
        &mappings[&kind_key(TableKind::Orders)],
        &mappings[&kind_key(TableKind::Feedback)],
    );
    let complaint_type = feedback
        .iter()
        .zip(orders)
        .any(|(f, o)| *f == Some(Field::FeedbackType) && *o != Some(Field::OrderType));
    // A text column empty in the rows looked at (Adventure Works' and Wide World Importers'
    // Comment on their order rows) says nothing of feedback, nor does one beside an order's
    // id and status (classicmodels' orders: status, comments).
    let order_status = has(orders, Field::OrderId) && has(orders, Field::Status);
    let feedback_text = !order_status
        && feedback
            .iter()
            .zip(&headers)
            .any(|(f, h)| *f == Some(Field::Content) && !empty.contains(&h.index));
    let feedback_like = complaint_type
        || feedback_text
        || has(feedback, Field::Rating)
        || hinted(table, TableKind::Feedback);
    let name = normalise(&table_name(table));
    let part = order_part(orders).filter(|part| match part {
        OrderPart::Headers => !feedback_like,
        OrderPart::Lines => !TableKind::NOT_LINES_HINTS.iter().any(|h| name.contains(h)),
        OrderPart::Whole | OrderPart::Returned => true,
    });
    Ok(Detection {
        header_row,
        headers,
        kind,
        part,
        mappings,
    })
}

/// A table whose first row names an order id and no other field of tiers': under a name that
/// says returns (Returns, 退货), a list of returned orders; else a table not recognised.
fn returned_orders(
    table: &Table,
    header_row: u32,
    headers: Vec<Column>,
    config: &Config,
) -> Detection {
    let orders = map_headers(TableKind::Orders, &headers, config);
    let name = normalise(&table_name(table));
    let listed = orders.iter().flatten().eq([Field::OrderId].iter())
        && ["return", "退货", "退回"].iter().any(|h| name.contains(h));
    Detection {
        header_row: if listed { header_row } else { 0 },
        headers,
        kind: None,
        part: listed.then_some(OrderPart::Returned),
        mappings: if listed {
            TableKind::ALL
                .iter()
                .map(|&kind| (kind_key(kind), map_headers(kind, &[], config)))
                .chain([(kind_key(TableKind::Orders), orders)])
                .collect()
        } else {
            BTreeMap::new()
        },
    }
}

/// The header, where it takes two rows (金额 over 含税 | 不含税; Order over ID | Date): each
/// column named by both its cells, in the order that names a field ("含税金额", "Order ID"),
/// when that names more fields than the row found alone, or as many where the row below it
/// repeats one of its cells: a workbook's merged cells are filled, so a column merged down
/// over both rows shows the same text in each, and that row is no data. Returns the last
/// header row and the headers.
fn two_row_header(
    candidates: &[(u32, Vec<Column>)],
    header_row: u32,
    headers: &[Column],
    recognised: impl Fn(&[Column]) -> usize,
) -> (u32, Vec<Column>) {
    let row = |number: u32| {
        candidates
            .iter()
            .find(|(row, _)| *row == number)
            .map(|(_, cells)| cells)
    };
    let is_header = |cells: &[Column]| {
        cells.iter().all(|c| {
            c.header.trim().parse::<f64>().is_err()
                && values::parse_date(&Cell::Text(&c.header), DateOrder::Auto).is_none()
        })
    };
    let mut best = (recognised(headers), header_row, headers.to_vec());
    for top in [header_row.saturating_sub(1), header_row] {
        let (Some(above), Some(below)) = (row(top), row(top + 1)) else {
            continue;
        };
        if top == 0 || !is_header(above) || !is_header(below) {
            continue;
        }
        let merged_down = below.iter().any(|b| above.contains(b));
        let combined = combine_header_rows(above, below);
        let found = recognised(&combined);
        if found > best.0 || (found == best.0 && top == header_row && merged_down) {
            best = (found, top + 1, combined);
        }
    }
    (best.1, best.2)
}

/// Two header rows as one, column by column (see [`two_row_header`]).
fn combine_header_rows(above: &[Column], below: &[Column]) -> Vec<Column> {
    fn text(cells: &[Column], index: usize) -> Option<&str> {
        cells
            .iter()
            .find(|c| c.index == index)
            .map(|c| c.header.trim())
    }
    let mut indexes: Vec<usize> = above.iter().chain(below).map(|c| c.index).collect();
    indexes.sort_unstable();
    indexes.dedup();
    indexes
        .into_iter()
        .map(|index| {
            let header = match (text(above, index), text(below, index)) {
                (Some(a), Some(b)) if a != b => {
                    let join = |x: &str, y: &str| {
                        let gap = if x.is_ascii() || y.is_ascii() {
                            " "
                        } else {
                            ""
                        };
                        format!("{x}{gap}{y}")
                    };
                    let (ab, ba) = (join(a, b), join(b, a));
                    if !names_a_field(&header_key(&ab)) && names_a_field(&header_key(&ba)) {
                        ba
                    } else {
                        ab
                    }
                }
                (Some(a), _) => a.to_owned(),
                (None, Some(b)) => b.to_owned(),
                (None, None) => String::new(),
            };
            Column { header, index }
        })
        .collect()
}

fn header_cells(row: &Row<'_>) -> Vec<Column> {
    (0..row.width())
        .map(|index| Column {
            header: row.get(index).display().into_owned(),
            index,
        })
        .filter(|c| !c.header.is_empty())
        .collect()
}

/// The sheet's name, or the file's for a CSV.
fn table_name(table: &Table) -> String {
    table
        .source
        .sheet
        .clone()
        .unwrap_or_else(|| table.source.file_name())
}

/// Whether the sheet's or file's name says it holds returns (退货记录, Sales Returns.csv, an
/// invoicing system's Credit Notes) and nothing else: not "Orders and returns", 订单及退货,
/// "orders with returns" or returning customers. A sheet named by default (Sheet1, 工作表1)
/// is named by its file.
pub(super) fn named_as_returns(table: &Table) -> bool {
    const RETURNS: [&str; 8] = [
        "return",
        "refund",
        "creditnote",
        "creditmemo",
        "退货",
        "退款",
        "退回",
        "红字",
    ];
    // Names of returns that hold an orders word: taken out before orders words are looked for.
    const RETURNS_OF_SALES: [&str; 8] = [
        "salesreturn",
        // Business Central's Posted Sales Credit Memos.
        "salescreditmemo",
        "salescreditnote",
        "returnorder",
        "销售退货",
        "销售退回",
        "退货订单",
        "退款订单",
    ];
    // Words that say the name is of something else: of orders too, or of customers who
    // return (Return customers, return visits, 回访).
    const OTHERS: [&str; 17] = [
        "&", "+", "eligible", "及", "与", "和", "含", "order", "sales", "invoice", "订单", "销售",
        "交易", "customer", "client", "visit", "回访",
    ];
    // Joining words, whole words only (returns_thailand.csv and Brand Returns are returns),
    // join returns to something else unless every other word names returns too (Returns and
    // refunds 2024.csv).
    const JOINING: [&str; 4] = ["and", "with", "incl", "including"];
    const EXTENSIONS: [&str; 6] = ["csv", "tsv", "txt", "xlsx", "xls", "ods"];
    let raw = given_name_as_written(table);
    let words: Vec<String> = values::words(&raw).map(str::to_lowercase).collect();
    let joined = words.iter().any(|w| JOINING.contains(&w.as_str()));
    let of_returns = |word: &String| {
        JOINING.contains(&word.as_str())
            || EXTENSIONS.contains(&word.as_str())
            || word.bytes().all(|b| b.is_ascii_digit())
            || RETURNS.iter().any(|r| word.contains(r))
    };
    if joined && !words.iter().all(of_returns) {
        return false;
    }
    let mut rest = normalise(&raw).replace("returning", "");
    if !RETURNS.iter().any(|w| rest.contains(w)) {
        return false;
    }
    for compound in RETURNS_OF_SALES {
        rest = rest.replace(compound, "");
    }
    !OTHERS.iter().any(|w| rest.contains(w))
}

/// The name a user gave the table, normalised: its sheet's, or its file's where the sheet is
/// named by default (Sheet1, 工作表1) or it is a CSV file.
fn given_name(table: &Table) -> String {
    normalise(&given_name_as_written(table))
}

/// [`given_name`] as the user wrote it.
fn given_name_as_written(table: &Table) -> String {
    let sheet = table.source.sheet.as_deref();
    let by_default = sheet.map(normalise).is_none_or(|sheet| {
        let word = sheet.trim_end_matches(|c: char| c.is_ascii_digit());
        word.len() < sheet.len()
            && [
                "sheet",
                "工作表",
                "tabelle",
                "feuil",
                "hoja",
                "planilha",
                "foglio",
            ]
            .contains(&word)
    });
    match sheet {
        Some(sheet) if !by_default => sheet.to_owned(),
        _ => table.source.file_name(),
    }
}

/// Whether the sheet's or file's name hints at `kind` (投诉记录, Customers.csv).
fn hinted(table: &Table, kind: TableKind) -> bool {
    let name = normalise(&table_name(table));
    kind.name_hints().iter().any(|h| name.contains(h))
}

fn classify_table(
    table: &Table,
    mappings: &BTreeMap<TableKindKey, Vec<Option<Field>>>,
) -> Option<TableKind> {
    let orders = &mappings[&kind_key(TableKind::Orders)];
    if missing_order_fields(orders).is_empty() {
        return Some(TableKind::Orders);
    }
    let hinted = |kind: TableKind| hinted(table, kind);
    let feedback = &mappings[&kind_key(TableKind::Feedback)];
    let feedback_fields = [
        Field::Date,
        Field::FeedbackType,
        Field::Content,
        Field::Rating,
    ]
    .iter()
    .filter(|f| has(feedback, **f))
    .count();
    // Reviews of orders (Olist's) name the order, not the customer: a rating or a comment
    // tells them from other tables with an order id.
    let names_customer = has_customer(feedback)
        || (has(feedback, Field::OrderId)
            && (has(feedback, Field::Rating) || has(feedback, Field::Content)));
    let is_feedback = names_customer
        && (feedback_fields >= 2 || (feedback_fields == 1 && hinted(TableKind::Feedback)));
    let is_customers = has_customer(&mappings[&kind_key(TableKind::Customers)]);
    match (is_feedback, is_customers) {
        (true, true) if hinted(TableKind::Customers) && !hinted(TableKind::Feedback) => {
            Some(TableKind::Customers)
        }
        (true, _) => Some(TableKind::Feedback),
        (false, true) => Some(TableKind::Customers),
        (false, false) => is_products(mappings).then_some(TableKind::Products),
    }
}

/// A list of products: a product with its category or brand, naming no customer, order,
/// date or amount (a unit price may stand beside them).
fn is_products(mappings: &BTreeMap<TableKindKey, Vec<Option<Field>>>) -> bool {
    let products = &mappings[&kind_key(TableKind::Products)];
    let orders = &mappings[&kind_key(TableKind::Orders)];
    has(products, Field::Product)
        && (has(products, Field::Category) || has(products, Field::Brand))
        && !has_customer(orders)
        && ![Field::OrderId, Field::Date, Field::Amount]
            .iter()
            .any(|f| has(orders, *f))
}

fn header_list(headers: &[Column]) -> String {
    headers
        .iter()
        .map(|c| format!("\"{}\"", c.header))
        .collect::<Vec<_>>()
        .join(", ")
}

fn expected_headers(field: Field) -> String {
    let english = field
        .aliases()
        .iter()
        .find(|a| a.is_ascii())
        .copied()
        .unwrap_or_default();
    let chinese = field
        .aliases()
        .iter()
        .find(|a| !a.is_ascii())
        .copied()
        .unwrap_or_default();
    let readable = match field {
        Field::CustomerId => "Customer ID",
        Field::Date => "Order Date",
        Field::Amount => "Amount",
        _ => english,
    };
    let also = if field == Field::Amount {
        "; or Unit Price, 单价, with or without Quantity, 数量"
    } else {
        ""
    };
    format!("{readable} or {chinese} (config key {}{also})", field.key())
}

/// Explains a missing orders table: the closest candidate and what it lacks, or what exists.
fn no_orders_message(tables: &[Table], detections: &[Detection], config: &Config) -> String {
    let closest = tables
        .iter()
        .zip(detections)
        .filter(|(_, d)| !d.mappings.is_empty())
        .map(|(t, d)| (t, d, &d.mappings[&kind_key(TableKind::Orders)]))
        .filter(|(_, _, m)| {
            m.iter()
                .flatten()
                .any(|f| !matches!(f, Field::CustomerId | Field::CustomerName))
        })
        .max_by_key(|(_, _, m)| m.iter().flatten().count());
    if let Some((table, detection, mapping)) = closest {
        // A column the config names that is not there is why its field is missing.
        let has = |name: &str| {
            let wanted = header_key(name);
            detection
                .headers
                .iter()
                .any(|c| header_key(&c.header) == wanted)
        };
        if let Some((key, name)) = overrides(config, TableKind::Orders)
            .iter()
            .find(|(_, name)| !has(name))
        {
            return format!(
                "{}: config columns.orders.{key} names the column \"{name}\", which is not there; headers found: {}",
                table.source,
                header_list(&detection.headers)
            );
        }
        let missing: Vec<String> = missing_order_fields(mapping)
            .into_iter()
            .map(expected_headers)
            .collect();
        // Order lines whose order rows are missing, or were not recognised as such.
        let lines = if order_part(mapping) == Some(OrderPart::Lines) {
            "; it reads as order lines (an order id with amounts and goods), which take their customer and date from a table of the orders (order id, customer, date): give that table too (if it is given, `tiers check` shows what it was read as)"
        } else {
            ""
        };
        return format!(
            "{} looks like an orders table but has no {} column{lines}; headers found: {}",
            table.source,
            missing.join(", nor "),
            header_list(&detection.headers)
        );
    }
    let found: Vec<String> = tables
        .iter()
        .zip(detections)
        .map(|(t, d)| {
            format!(
                "{} ({}{}{})",
                t.source,
                if d.headers.is_empty() {
                    "empty".into()
                } else {
                    header_list(&d.headers)
                },
                headers_hint(t, &d.headers),
                customer_only_hint(d, config)
            )
        })
        .collect();
    format!(
        "no orders table found; expected headers such as 客户编号/Customer ID, 下单日期/Order Date, 订单金额/Amount; found: {}",
        found.join("; ")
    )
}

/// For a table taken for nothing whose only recognised column names the customer
/// (`customer_id, trans_date, tran_amount`): the columns to name if it holds orders.
fn customer_only_hint(detection: &Detection, config: &Config) -> String {
    let mapping = map_headers(TableKind::Orders, &detection.headers, config);
    let names_only_the_customer = mapping
        .iter()
        .flatten()
        .all(|f| matches!(f, Field::CustomerId | Field::CustomerName));
    if detection.kind.is_some() || !has_customer(&mapping) || !names_only_the_customer {
        return String::new();
    }
    let missing: Vec<String> = missing_order_fields(&mapping)
        .into_iter()
        .map(expected_headers)
        .collect();
    format!(
        ": it names the customer but has no {} column; if it holds orders under other headers, name them under [columns.orders] in tiers.toml",
        missing.join(", nor ")
    )
}

/// What a first row that names nothing seems to be, for the message that no orders table was
/// found: values without a header row (CDNOW's `00001,19970101,1,11.77`, `C001,2026-01-01,
/// 11.77`), or, in a text file, columns separated by spaces, which no delimiter the reader
/// knows separates.
fn headers_hint(table: &Table, headers: &[Column]) -> &'static str {
    use crate::pipeline::read::Cell;
    let is_date =
        |c: &Column| values::parse_date(&Cell::Text(c.header.trim()), DateOrder::Auto).is_some();
    let is_number = |c: &Column| {
        values::parse_amount(&Cell::Text(c.header.trim()), DecimalMark::Auto).is_some()
    };
    match headers {
        [one] if table.source.sheet.is_none() && one.header.split_whitespace().count() > 2 => {
            ": its columns seem to be separated by spaces; tiers reads comma-, semicolon- or tab-separated text with a header row: convert the spaces to commas (or open it in Excel with Data › Text to Columns) and add a header row"
        }
        [_, _, ..]
            if headers.iter().any(is_date)
                && headers
                    .iter()
                    .filter(|h| is_date(h) || is_number(h))
                    .count()
                    >= 2 =>
        {
            ": its first row holds values, not headers; add a header row such as Customer ID, Order Date, Amount"
        }
        _ => "",
    }
}

/// Refuses a config that names a column a table of its kind does not have. A table that is
/// one half of an order export split in two (order rows, or their lines) may leave it to the
/// other half: the unit price is in the lines' table only.
fn check_configured_columns_exist(
    tables: &[Table],
    detections: &[Detection],
    config: &Config,
) -> Result<()> {
    let has =
        |d: &Detection, wanted: &str| d.headers.iter().any(|c| header_key(&c.header) == wanted);
    for (table, detection) in tables.iter().zip(detections) {
        let Some(kind) = detection.kind else { continue };
        for (key, name) in overrides(config, kind) {
            let wanted = header_key(name);
            let split = matches!(detection.part, Some(OrderPart::Headers | OrderPart::Lines));
            let elsewhere = || {
                detections.iter().any(|d| {
                    d.kind == Some(kind)
                        && matches!(d.part, Some(OrderPart::Headers | OrderPart::Lines))
                        && has(d, &wanted)
                })
            };
            if !(has(detection, &wanted) || split && elsewhere()) {
                bail!(
                    "{}: config columns.{}.{key} names the column \"{name}\", which is not there; headers found: {}",
                    table.source,
                    kind.name(),
                    header_list(&detection.headers)
                );
            }
        }
    }
    Ok(())
}

/// The sources of all tables, in input order (indexes match [`TableInfo::source`]).
pub fn sources(tables: &[Table]) -> Vec<Source> {
    tables.iter().map(|t| t.source.clone()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fmt::Write as _;

    fn columns(headers: &[&str]) -> Vec<Column> {
        headers
            .iter()
            .enumerate()
            .map(|(index, h)| Column {
                header: (*h).into(),
                index,
            })
            .collect()
    }

    #[test]
    fn chinese_and_english_headers_map_to_fields() {
        let config = Config::default();
        let headers = columns(&["客户编号", "下单日期", "订单金额(元)", "订单状态", "备注"]);
        let mapping = map_headers(TableKind::Orders, &headers, &config);
        assert_eq!(
            mapping,
            vec![
                Some(Field::CustomerId),
                Some(Field::Date),
                Some(Field::Amount),
                Some(Field::Status),
                Some(Field::Remark),
            ]
        );
        let headers = columns(&["Customer ID", "Order Date", "Amount", "Order Type"]);
        let mapping = map_headers(TableKind::Orders, &headers, &config);
        assert_eq!(mapping[3], Some(Field::OrderType));
    }

    #[test]
    fn config_names_win_over_aliases() {
        let mut config = Config::default();
        config
            .columns
            .orders
            .insert("amount".into(), "Umsatz".into());
        let headers = columns(&["Customer ID", "Date", "Amount", "Umsatz"]);
        let mapping = map_headers(TableKind::Orders, &headers, &config);
        assert_eq!(mapping[2], None);
        assert_eq!(mapping[3], Some(Field::Amount));
    }

    /// Sage's day book: its invoice number, net amount (before Tax and Gross) and product
    /// group.
    #[test]
    fn a_sage_day_book_maps_without_config() {
        let headers = columns(&[
            "Inv No",
            "Date",
            "Account",
            "Customer Name",
            "Type",
            "Net",
            "Tax",
            "Gross",
            "Product Group",
        ]);
        let mapping = map_headers(TableKind::Orders, &headers, &Config::default());
        assert_eq!(mapping[0], Some(Field::OrderId));
        assert_eq!(mapping[5], Some(Field::Amount));
        assert_eq!(mapping[7], None);
        assert_eq!(mapping[8], Some(Field::Category));
        // PayPal's activity: the payment's Gross, not what is left after its Fee.
        let headers = columns(&["Date", "Name", "Type", "Gross", "Fee", "Net"]);
        let mapping = map_headers(TableKind::Orders, &headers, &Config::default());
        assert_eq!(mapping[3], Some(Field::Amount));
        assert_eq!(mapping[5], None);
    }

    /// The `BikeStores` sample's order lines number each line of an order (`item_id` 1, 2, 3)
    /// beside the product's own id: the product is `product_id`.
    #[test]
    fn a_product_code_wins_over_a_line_number() {
        let headers = columns(&[
            "order_id",
            "item_id",
            "product_id",
            "quantity",
            "list_price",
        ]);
        let mapping = map_headers(TableKind::Orders, &headers, &Config::default());
        assert_eq!(mapping[1], None);
        assert_eq!(mapping[2], Some(Field::Product));
    }

    #[test]
    fn a_repeated_header_maps_once() {
        let headers = columns(&["Date", "Date", "Customer"]);
        let mapping = map_headers(TableKind::Orders, &headers, &Config::default());
        assert_eq!(
            mapping,
            vec![Some(Field::Date), None, Some(Field::CustomerName)]
        );
    }

    #[test]
    fn full_width_ids_amounts_and_dates_are_their_ascii_forms() {
        let customers = Table::from_csv_bytes(
            std::path::Path::new("customers.csv"),
            "客户编号,客户名称\n00045,华兴\n".as_bytes().to_vec(),
        );
        let orders = Table::from_csv_bytes(
            std::path::Path::new("orders.csv"),
            "客户编号,下单日期,订单金额\n０００４５,２０２６－０３－０５,１２８０．５０\n00045,2026-04-01,−120\n"
                .as_bytes()
                .to_vec(),
        );
        let data = recognise(&[customers, orders], &Config::default()).unwrap();
        assert_eq!(data.customers.len(), 1, "one customer, not two");
        let lines: Vec<(u32, String, f64, bool)> = data
            .orders
            .iter()
            .map(|o| (o.customer, o.date.to_string(), o.amount, o.negative))
            .collect();
        assert_eq!(
            lines,
            vec![
                (0, "2026-03-05".into(), 1280.5, false),
                (0, "2026-04-01".into(), 120.0, true)
            ]
        );
        assert!(data.issues.is_empty(), "{:?}", data.issues);
    }

    /// A name pasted with a zero-width space or a byte-order mark, or typed over two lines
    /// in its cell, is the name it shows, and is shown so.
    #[test]
    fn names_with_invisible_characters_or_a_line_break_are_the_names_they_show() {
        let orders = Table::from_csv_bytes(
            std::path::Path::new("orders.csv"),
            "客户名称,下单日期,订单金额\n华兴\u{200b}贸易,2026-03-06,10\n华兴贸易,2026-03-05,100\n\u{feff}华兴贸易,2026-03-07,1\n\"华兴\n贸易\",2026-03-08,1000\n\"Acme\nCorp\",2026-03-06,50\nAcme Corp,2026-03-05,5\n"
                .as_bytes()
                .to_vec(),
        );
        let data = recognise(&[orders], &Config::default()).unwrap();
        let spends: Vec<(&str, f64)> = data
            .customers
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let spend = data.orders.iter().filter(|o| o.customer as usize == i);
                (c.id.as_str(), spend.map(|o| o.amount).sum())
            })
            .collect();
        assert_eq!(spends, [("华兴贸易", 1111.0), ("Acme Corp", 55.0)]);
        let names: Vec<&str> = data.customers.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["华兴贸易", "Acme Corp"]);
    }

    /// Orders that write a customers sheet's name in other letter case are that customer's,
    /// noted; two listed names alike but for case take nobody's orders by it.
    #[test]
    fn a_listed_name_in_other_letter_case_is_that_customer() {
        let customers = Table::from_csv_bytes(
            std::path::Path::new("customers.csv"),
            "客户名称,电话\nABC科技,1\nAcme Ltd,2\nACME LTD,3\n"
                .as_bytes()
                .to_vec(),
        );
        let orders = Table::from_csv_bytes(
            std::path::Path::new("orders.csv"),
            "客户名称,下单日期,订单金额\nabc科技,2026-03-05,100\nacme ltd,2026-03-06,10\n"
                .as_bytes()
                .to_vec(),
        );
        let data = recognise(&[customers, orders], &Config::default()).unwrap();
        let buyers = buyer_ids(&data);
        assert_eq!(buyers, ["ABC科技", "acme ltd"]);
        assert!(
            data.notices.iter().any(|n| n.en.starts_with(
                "1 order row names a customer of the customers sheet in other letter case"
            )),
            "{:?}",
            data.notices
        );
    }

    /// A database's export writes `NULL` (`\N` from `MySQL`) for a value it does not have: no region,
    /// phone or product is "NULL".
    #[test]
    fn a_database_s_null_is_no_value() {
        let customers = csv(
            "Customers.csv",
            "CustomerID,CompanyName,Region,Phone\nALFKI,Alfreds,NULL,030-0074321\nANATR,Ana,SP,\\N\n",
        );
        let orders = csv(
            "Orders.csv",
            "OrderID,CustomerID,OrderDate,Product,Amount\n10643,ALFKI,2026-03-05,NULL,100\n",
        );
        let data = recognise(&[customers, orders], &Config::default()).unwrap();
        assert_eq!(data.attribute(0, Field::Region), None);
        assert_eq!(data.attribute(1, Field::Region).as_deref(), Some("SP"));
        assert_eq!(data.attribute(1, Field::Phone), None);
        assert_eq!(data.orders[0].product, None);
    }

    /// A name typed with two spaces, or without the full stop of its abbreviation, is the
    /// customer of the name as the customers sheet writes it; and in orders alone, one
    /// customer.
    #[test]
    fn a_name_s_spacing_and_last_full_stop_do_not_make_another_customer() {
        let customers = csv(
            "customers.csv",
            "Customer Name,Phone\nAcme Corp,1\nGlobex Ltd.,2\n",
        );
        let orders = csv(
            "orders.csv",
            "Customer Name,Order Date,Amount\nAcme  Corp,2026-03-05,100\nGlobex Ltd,2026-03-06,10\nInitech  LLC,2026-03-07,5\nInitech LLC,2026-03-08,6\n",
        );
        let data = recognise(&[customers, orders], &Config::default()).unwrap();
        let buyers = buyer_ids(&data);
        assert_eq!(
            buyers,
            ["Acme Corp", "Globex Ltd", "Initech LLC", "Initech LLC"]
        );
        assert_eq!(data.customers.len(), 3);
        assert_eq!(
            data.customers[1].name, "Globex Ltd.",
            "the name as the sheet writes it"
        );
        assert_eq!(values::name_key(" Acme \t Corp. "), "Acme Corp");
        assert_eq!(values::name_key("."), ".");
        assert_eq!(values::name_key("华兴贸易"), "华兴贸易");
    }

    use crate::model::Status;

    /// The English wording of each notice.
    fn english(notices: &[Wording]) -> Vec<String> {
        notices.iter().map(|n| n.en.clone()).collect()
    }

    /// The customer id of each order line, in order.
    fn buyer_ids(data: &Dataset) -> Vec<&str> {
        data.orders
            .iter()
            .map(|o| data.customers[o.customer as usize].id.as_str())
            .collect()
    }

    /// Each data issue's row and reason.
    fn issue_rows(data: &Dataset) -> Vec<(u32, &str)> {
        data.issues
            .iter()
            .map(|i| (i.row, i.reason.en.as_str()))
            .collect()
    }

    fn csv(name: &str, text: &str) -> Table {
        Table::from_csv_bytes(std::path::Path::new(name), text.as_bytes().to_vec())
    }

    #[test]
    fn an_order_export_split_in_two_is_joined_by_order_id() {
        let orders = csv(
            "orders.csv",
            "Order ID,Customer ID,Order Date,Status\nA1,C1,2026-03-05,completed\nA2,C2,2026-03-06,cancelled\nA3,C1,2026-03-07,completed\nA4,C3,2026-03-08,completed\nA5,C4,no date,completed\n",
        );
        let items = csv(
            "order_items.csv",
            "Order ID,Product,Unit Price,Quantity,Status\nA1,Tea,10,2,\nA1,Cup,5.5,1,\nA2,Tea,10,1,\nA9,Tea,10,1,\nA3,Pot,30,1,returned\nA5,Tea,10,1,\n,Tea,1,1,\n",
        );
        // The lines come first: which table is which is told by the headers, not the order.
        let data = recognise(&[items, orders], &Config::default()).unwrap();
        let lines: Vec<(&str, String, f64, Option<Status>, u32)> = data
            .orders
            .iter()
            .map(|o| {
                let customer = data.customers[o.customer as usize].id.as_str();
                (customer, o.date.to_string(), o.amount, o.status, o.row)
            })
            .collect();
        assert_eq!(
            lines,
            vec![
                ("C1", "2026-03-05".into(), 20.0, Some(Status::Completed), 2),
                ("C1", "2026-03-05".into(), 5.5, Some(Status::Completed), 3),
                ("C2", "2026-03-06".into(), 10.0, Some(Status::Cancelled), 4),
                // A status of the line's own wins over its order's.
                ("C1", "2026-03-07".into(), 30.0, Some(Status::Returned), 6),
            ]
        );
        let issues: Vec<String> = data
            .issues
            .iter()
            .map(|i| {
                format!(
                    "{}:{} {}",
                    data.sources[i.source].file_name(),
                    i.row,
                    i.reason.en
                )
            })
            .collect();
        assert_eq!(
            issues,
            [
                "orders.csv:6 expected a date such as 2026-03-05",
                "order_items.csv:5 no order row has this order id (in orders.csv)",
                "order_items.csv:7 its order's row, orders.csv, row 6, cannot be used (listed too)",
                "order_items.csv:8 empty order id; a line is joined to its order by it",
                "orders.csv:5 no line of this order in order_items.csv; nothing of it counts",
            ]
        );
        let counts: Vec<(OrderPart, usize, usize)> = data
            .tables
            .iter()
            .map(|t| (t.part, t.rows_used, t.rows_skipped))
            .collect();
        assert_eq!(
            counts,
            vec![(OrderPart::Headers, 3, 2), (OrderPart::Lines, 4, 3)]
        );
        // C3's order has no line and C4's row no date: neither is a customer.
        let customers: Vec<&str> = data.customers.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(customers, ["C1", "C2"]);
    }

    #[test]
    fn order_rows_with_a_type_are_joined_and_a_returns_sheet_is_not_lines() {
        let orders = csv(
            "orders.csv",
            "Order ID,Customer ID,Order Date,Type\nA1,C1,2026-03-05,Wholesale\n",
        );
        let items = csv("items.csv", "Order ID,物料名称,价税合计\nA1,Tea,300\n");
        let returns = csv(
            "Returns.csv",
            "Order ID,Return Date,Product,Amount\nA1,2026-03-09,Tea,150\n",
        );
        let data = recognise(&[orders, items, returns], &Config::default()).unwrap();
        let amounts: Vec<f64> = data.orders.iter().map(|o| o.amount).collect();
        assert_eq!(amounts, [300.0]);
        let used: Vec<usize> = data.tables.iter().map(|t| t.source).collect();
        assert_eq!(used, [0, 1], "the returns sheet is left out, with a note");
    }

    #[test]
    fn a_returns_sheet_of_order_ids_marks_those_orders_sent_back() {
        let orders = csv(
            "Orders.csv",
            "Order ID,Customer ID,Order Date,Sales\nCA-1,C1,2026-03-05,100\nCA-1,C1,2026-03-05,50\nCA-2,C1,2026-03-06,30\n",
        );
        let returns = csv("Returns.csv", "Returned,Order ID\nYes,CA-1\nYes,CA-9\n");
        let data = recognise(&[orders, returns], &Config::default()).unwrap();
        let statuses: Vec<Option<Status>> = data.orders.iter().map(|o| o.status).collect();
        assert_eq!(
            statuses,
            [Some(Status::Refunded), Some(Status::Refunded), None]
        );
        assert_eq!(issue_rows(&data), [(3, "order id not found in the orders")]);
        let returned = &data.tables[1];
        assert_eq!(
            (returned.part, returned.rows_used, returned.rows_skipped),
            (OrderPart::Returned, 1, 1)
        );
        // Without the name that says returns, a lone order id column is no table of tiers'.
        let orders = csv(
            "o.csv",
            "Order ID,Customer ID,Order Date,Sales\nCA-1,C1,2026-03-05,100\n",
        );
        let other = csv("list.csv", "Returned,Order ID\nYes,CA-1\n");
        let data = recognise(&[orders, other], &Config::default()).unwrap();
        assert_eq!(data.tables.len(), 1);
        assert_eq!(data.orders[0].status, None);
    }

    #[test]
    fn an_order_row_two_exports_hold_takes_the_later_status() {
        let header = "Order ID,Customer ID,Order Date,Status\n";
        let january = csv("jan.csv", &format!("{header}A1,C1,2026-03-05,pending\n"));
        let february = csv("feb.csv", &format!("{header}A1,C1,2026-03-05,completed\n"));
        let items = csv("items.csv", "Order ID,Product,Amount\nA1,Tea,300\n");
        let data = recognise(&[january, february, items], &Config::default()).unwrap();
        assert_eq!(data.orders[0].status, Some(Status::Completed));
        assert!(data.issues.is_empty(), "{:?}", data.issues);
    }

    #[test]
    fn order_rows_without_lines_are_not_orders_nor_is_feedback_naming_its_order() {
        let orders = csv(
            "orders.csv",
            "Order ID,Customer ID,Order Date\nA1,C1,2026-03-05\n",
        );
        let error = recognise(std::slice::from_ref(&orders), &Config::default())
            .unwrap_err()
            .to_string();
        assert!(error.contains("has no Amount or 金额"), "{error}");
        let items = csv("items.csv", "Order ID,Product,Amount\nA1,Tea,12\n");
        let reviews = csv(
            "reviews.csv",
            "Order ID,Customer ID,Review Date,Rating\nA1,C1,2026-03-09,2\n",
        );
        let data = recognise(&[orders, items, reviews], &Config::default()).unwrap();
        let kinds: Vec<(TableKind, OrderPart)> =
            data.tables.iter().map(|t| (t.kind, t.part)).collect();
        assert_eq!(
            kinds,
            vec![
                (TableKind::Orders, OrderPart::Headers),
                (TableKind::Orders, OrderPart::Lines),
                (TableKind::Feedback, OrderPart::Whole),
            ]
        );
        assert_eq!(data.orders.len(), 1);
        assert_eq!(data.feedback.len(), 1);
    }

    /// Database exports: Adventure Works' order rows carry an empty `Comment` column and an
    /// `AccountNumber` before the `CustomerID`; Wide World Importers' invoices an `InvoiceID`
    /// before the `OrderID` that joins them to their lines. Both quirks in one table here.
    #[test]
    fn database_order_rows_join_by_their_order_id_despite_comments_and_other_ids() {
        let headers = csv(
            "orders.csv",
            "InvoiceID,OrderID,OrderDate,AccountNumber,CustomerID,Comment
             901,43659,2011-05-31,10-4020-029825,29825,
             902,43660,2011-06-01,10-4020-029672,29672,
",
        );
        let lines = csv(
            "order_lines.csv",
            "OrderID,OrderLineID,OrderQty,ProductID,UnitPrice,LineTotal
             43659,1,1,776,2024.994,2024.994
43659,2,3,777,2024.994,6074.982
             43660,3,1,762,419.4589,419.4589
",
        );
        let error = recognise(std::slice::from_ref(&lines), &Config::default())
            .unwrap_err()
            .to_string();
        assert!(error.contains("it reads as order lines"), "{error}");
        let data = recognise(&[headers, lines], &Config::default()).unwrap();
        let spend = |id: &str| -> f64 {
            let i = data.customers.iter().position(|c| c.id == id).unwrap();
            let orders = data.orders.iter().filter(|o| o.customer as usize == i);
            orders.map(|o| o.amount).sum()
        };
        assert!((spend("29825") - 8099.976).abs() < 1e-9);
        assert!((spend("29672") - 419.4589).abs() < 1e-9);
        assert!(data.issues.is_empty(), "{:?}", data.issues);
    }

    /// What the shop-export rules must leave alone (found in review): equal line amounts under
    /// a line's header, an id column blank at the top beside an e-mail, a complaint's text
    /// beside a split export, a partial refund beside an after-sales status.
    #[test]
    fn shop_export_rules_leave_ordinary_tables_alone() {
        let spend = |data: &Dataset, id: &str| -> f64 {
            let i = data.customers.iter().position(|c| c.id == id).unwrap();
            let orders = data.orders.iter().filter(|o| o.customer as usize == i);
            orders.filter(|o| o.status_counts()).map(|o| o.amount).sum()
        };
        // Tickets at one price: two lines of 25 are 50.
        let tickets = csv(
            "orders.csv",
            "Order ID,Customer ID,Order Date,Product,Amount\nT1,C1,2026-03-05,Matinee,25\nT1,C1,2026-03-05,Evening,25\nT2,C2,2026-03-06,Matinee,25\nT2,C2,2026-03-06,Evening,25\n",
        );
        let data = recognise(&[tickets], &Config::default()).unwrap();
        assert_eq!(spend(&data, "C1"), 50.0);
        assert!(data.notices.is_empty(), "{:?}", english(&data.notices));
        // Guest orders sorted first: the id column is still the id.
        let mut text = String::from("Order ID,Customer ID,Email,Order Date,Amount\n");
        for k in 0..25 {
            let id = if k < 20 {
                String::new()
            } else {
                format!("K{k}")
            };
            let _ = writeln!(text, "A{k},{id},k{k}@corp.com,2026-03-05,10");
        }
        let data = recognise(&[csv("orders.csv", &text)], &Config::default()).unwrap();
        assert_eq!(data.orders.len(), 5);
        assert_eq!(spend(&data, "K24"), 10.0);
        // A complaint's text (内容) keeps a table naming orders feedback.
        let tables = [
            csv("订单.csv", "订单号,客户编号,下单日期\nA1,K1,2026-03-05\n"),
            csv("明细.csv", "订单号,产品,金额\nA1,茶叶,40\n"),
            csv(
                "投诉.csv",
                "订单号,客户编号,日期,内容\nA1,K1,2026-03-09,漏发\n",
            ),
        ];
        let data = recognise(&tables, &Config::default()).unwrap();
        assert_eq!((data.orders.len(), data.feedback.len()), (1, 1));
        // A refund column says how much of 300 went back; 退款成功 does not send it all back.
        let taobao = csv(
            "orders.csv",
            "订单编号,买家会员名,订单创建时间,实付金额,退款金额,订单状态,售后状态\nT1,amy,2026-03-05,300,50,交易成功,退款成功\n",
        );
        let data = recognise(&[taobao], &Config::default()).unwrap();
        assert_eq!(spend(&data, "amy"), 250.0);
    }

    /// Excel's Data › Subtotal rows ("Acme Total", "华兴 汇总", no date) are total rows; a
    /// customer named so, with a date, is a customer, and so is one named "Total Wine".
    #[test]
    fn group_totals_without_a_date_are_total_rows() {
        for text in ["Acme Total", "华兴 汇总", "华兴汇总"] {
            assert!(values::names_a_group_total(text), "{text}");
        }
        assert!(!values::names_a_group_total("Total Wine & More"));
        let orders = csv(
            "orders.csv",
            "Customer,Date,Amount\nAcme,2024-03-05,10\nAcme Total,,10\nTotal Wine,2024-03-06,20\nTotal Wine Total,,20\n\n总计,,30\n",
        );
        let data = recognise(&[orders], &Config::default()).unwrap();
        assert_eq!(data.orders.len(), 2);
        let reasons: Vec<&str> = data.issues.iter().map(|i| i.reason.en.as_str()).collect();
        assert_eq!(reasons, [crate::issues::TOTAL_ROW[0]; 3]);
    }

    /// Several currencies in a currency column are noted (amounts are not converted); one is not.
    #[test]
    fn several_currencies_are_noted() {
        let orders = |currencies: [&str; 3]| {
            let mut text = String::from("Customer,Date,Amount,Currency\n");
            for (k, currency) in currencies.iter().enumerate() {
                let _ = writeln!(text, "C{k},2024-03-05,100,{currency}");
            }
            let data = recognise(&[csv("orders.csv", &text)], &Config::default()).unwrap();
            english(&data.notices)
        };
        assert_eq!(
            orders(["USD", "JPY", "usd"]),
            [
                "orders.csv: column \"Currency\" (D) holds several currencies (USD, JPY): amounts are added as they are, not converted; convert them to one currency first, or grade each currency's orders apart"
            ]
        );
        assert!(orders(["CNY", "RMB", "人民币"]).is_empty());
    }

    /// A hand-kept ledger writes 3月5日: the year is the one its name gives, noted; without
    /// one, the row says what is missing.
    #[test]
    fn dates_without_a_year_take_the_year_of_the_name() {
        assert_eq!(values::year_in_name("2024年销售台账"), Some(2024));
        assert_eq!(values::year_in_name("sales_2023.csv"), Some(2023));
        assert_eq!(values::year_in_name("orders 12024.csv"), None);
        assert_eq!(values::year_in_name("2023年12月-2024年2月台账"), None);
        assert_eq!(values::month_day("3月5日", DateOrder::Auto), Some((3, 5)));
        assert_eq!(values::month_day("13月5日", DateOrder::Auto), None);
        assert_eq!(values::month_day("3/5", DateOrder::Auto), Some((3, 5)));
        assert_eq!(values::month_day("3/5", DateOrder::Dmy), Some((5, 3)));
        assert_eq!(values::month_day("13/5", DateOrder::Auto), None);
        assert_eq!(values::month_day("3/5/", DateOrder::Auto), None);
        assert_eq!(values::month_day("103/5", DateOrder::Auto), None);
        let ledger = "客户,日期,金额\n华兴,3月5日,10\n华兴,2024-07-09,20\n顺达,12月31号,30\n";
        let data = recognise(&[csv("2024年销售台账.csv", ledger)], &Config::default()).unwrap();
        let dates: Vec<String> = data.orders.iter().map(|o| o.date.to_string()).collect();
        assert_eq!(dates, ["2024-03-05", "2024-07-09", "2024-12-31"]);
        assert_eq!(
            english(&data.notices),
            [
                "2024年销售台账.csv: 2 dates written without a year (3月5日, 3/5) read in 2024, the year the name gives"
            ]
        );
        let data = recognise(&[csv("销售台账.csv", ledger)], &Config::default()).unwrap();
        assert_eq!(
            issue_rows(&data),
            [
                (
                    2,
                    "a date without a year: name the year in the sheet's or file's name (2024年销售台账) or write it in the date"
                ),
                (
                    4,
                    "a date without a year: name the year in the sheet's or file's name (2024年销售台账) or write it in the date"
                ),
            ]
        );
        // Written with a slash: month first, as nothing in the column says otherwise (noted);
        // a 25/3 in it says day first.
        let slashed = "客户,日期,金额\n华兴,1/12,10\n顺达,3/5,30\n";
        let data = recognise(&[csv("2026年销售台账.csv", slashed)], &Config::default()).unwrap();
        let dates: Vec<String> = data.orders.iter().map(|o| o.date.to_string()).collect();
        assert_eq!(dates, ["2026-01-12", "2026-03-05"]);
        assert!(
            english(&data.notices)[0].contains("dates such as 1/12 may be day or month first"),
            "{:?}",
            english(&data.notices)
        );
        let day_first = "客户,日期,金额\n华兴,1/12,10\n顺达,25/3,30\n";
        let data = recognise(&[csv("2026年销售台账.csv", day_first)], &Config::default()).unwrap();
        let dates: Vec<String> = data.orders.iter().map(|o| o.date.to_string()).collect();
        assert_eq!(dates, ["2026-12-01", "2026-03-25"]);
    }

    /// A ledger marks a return in its remarks (备注: 退货); a longer remark says nothing.
    #[test]
    fn a_remark_that_says_only_return_marks_a_return() {
        let ledger = csv(
            "台账.csv",
            "客户,日期,产品,金额,备注\n顺达,2024-03-05,电钻,399,\n顺达,2024-03-09,电钻,399,退货\n顺达,2024-03-10,锯片,90,退货后重新下单\n",
        );
        let data = recognise(&[ledger], &Config::default()).unwrap();
        let returns: Vec<bool> = data
            .orders
            .iter()
            .map(crate::model::Order::is_return)
            .collect();
        assert_eq!(returns, [false, true, false]);
        assert_eq!(
            english(&data.notices),
            [
                "台账.csv: 1 line whose remark in column \"备注\" (E) says only 退货 or return is a return"
            ]
        );
    }

    /// Ids that differ only in letter case (`c001 `, `C001`) are different customers, as
    /// some systems' ids are, noted in case they are one customer typed twice.
    #[test]
    fn ids_alike_but_for_letter_case_are_noted() {
        let orders = csv(
            "orders.csv",
            "Customer ID,Order Date,Amount\nC001,2024-03-05,100\nc001 ,2024-04-05,200\nC002,2024-04-06,50\n",
        );
        let data = recognise(&[orders], &Config::default()).unwrap();
        assert_eq!(data.customers.len(), 3);
        assert_eq!(
            english(&data.notices),
            [
                "customer ids \"C001\" and \"c001\" differ only in letter case: they are graded as different customers; if they are one, write the id alike"
            ]
        );
    }

    /// A CRM's deals: the stage says won (a sale), lost (none) or open (pending).
    #[test]
    fn a_deal_s_stage_is_its_status() {
        let deals = csv(
            "商机.csv",
            "客户,成交金额,成交日期,销售阶段\n华兴,50000,2024-03-05,赢单\n华兴,30000,2024-04-05,输单\n顺达,20000,2024-05-05,谈判中\nAcme,900,2024-05-06,Closed Won\n",
        );
        let data = recognise(&[deals], &Config::default()).unwrap();
        let statuses: Vec<Option<Status>> = data.orders.iter().map(|o| o.status).collect();
        assert_eq!(
            statuses,
            [
                Some(Status::Completed),
                Some(Status::Cancelled),
                Some(Status::Pending),
                Some(Status::Completed),
            ]
        );
    }

    /// Chinook's customers: first and last name apart, a Company for a business only.
    #[test]
    fn first_and_last_name_are_the_name_where_no_name_column_has_one() {
        let customers = csv(
            "Customer.csv",
            "CustomerId,FirstName,LastName,Company,Email\n1,Luís,Gonçalves,Embraer,luisg@embraer.com.br\n2,Leonie,Köhler,,leonekohler@surfeu.de\n",
        );
        let invoices = csv(
            "Invoice.csv",
            "InvoiceId,CustomerId,InvoiceDate,Total\n98,1,2021-03-11,3.98\n99,2,2021-03-11,3.96\n",
        );
        let data = recognise(&[customers, invoices], &Config::default()).unwrap();
        let names: Vec<&str> = data.customers.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["Embraer", "Leonie Köhler"]);
    }

    #[test]
    fn reviews_that_name_the_order_only_are_the_order_customer_s_feedback() {
        let reviews = || {
            csv(
                "order_reviews.csv",
                "review_id,order_id,review_score,review_comment_message,review_creation_date\nR1,A2,1,late,2026-03-09\nR2,A7,5,,2026-03-10\nR3,,4,ok,2026-03-11\n",
            )
        };
        let whole = csv(
            "orders.csv",
            "Order ID,Customer ID,Order Date,Amount\nA1,C1,2026-03-05,10\nA2,C2,2026-03-06,10\n",
        );
        let headers = csv(
            "orders.csv",
            "Order ID,Customer ID,Order Date\nA1,C1,2026-03-05\nA2,C2,2026-03-06\n",
        );
        let lines = csv("items.csv", "Order ID,Price\nA1,10\nA2,10\n");
        for tables in [vec![whole, reviews()], vec![headers, lines, reviews()]] {
            let data = recognise(&tables, &Config::default()).unwrap();
            let feedback: Vec<(&str, bool)> = data
                .feedback
                .iter()
                .map(|f| (data.customers[f.customer as usize].id.as_str(), f.complaint))
                .collect();
            assert_eq!(feedback, [("C2", true)]);
            assert_eq!(
                issue_rows(&data),
                [
                    (3, "order id not found in the orders"),
                    (4, "empty order id; the customer is found by it")
                ]
            );
        }
    }

    #[test]
    fn a_unit_price_without_a_quantity_column_is_the_line_amount() {
        let orders = csv(
            "orders.csv",
            "Customer ID,Order Date,Price\nC1,2026-03-05,12.50\n",
        );
        let data = recognise(&[orders], &Config::default()).unwrap();
        assert_eq!(data.orders[0].amount, 12.5);
        assert_eq!(data.orders[0].quantity.get(), None);
    }

    #[test]
    fn a_discount_comes_off_a_unit_price_but_not_off_an_amount() {
        let lines = |discounts: &str| {
            let mut text = String::from("Customer ID,Order Date,Unit Price,Quantity,Discount\n");
            for (i, d) in discounts.split(' ').enumerate() {
                let _ = write!(text, "C{i},2026-03-05,10,3,");
                text.push_str(d);
                text.push('\n');
            }
            let table = csv("details.csv", &text);
            let data = recognise(&[table], &Config::default()).unwrap();
            let amounts: Vec<f64> = data.orders.iter().map(|o| o.amount).collect();
            (amounts, issue_rows(&data).len(), english(&data.notices))
        };
        // Shares of the price: 10 × 3 less 15%; a negative discount is refused.
        let (amounts, refused, notes) = lines("0.15 15%  -0.1");
        assert_eq!(amounts, [25.5, 25.5, 30.0]);
        assert_eq!((refused, notes.len()), (1, 0));
        // One 5.00 makes the column money off, 0.50 too; a percentage is still a share.
        let (amounts, refused, notes) = lines("0.50 5.00 10%");
        assert_eq!(amounts, [29.5, 25.0, 27.0]);
        assert_eq!(refused, 0);
        assert!(
            notes[0].ends_with("not as shares of the price, as it holds 5.00"),
            "{notes:?}"
        );
        // 1 is 100% off, not money, and noted; money off beyond the line is refused, not a
        // return.
        let (amounts, listed, _) = lines("1 0.5");
        assert_eq!((amounts, listed), (vec![0.0, 15.0], 1));
        let (amounts, refused, _) = lines("40 2");
        assert_eq!((amounts, refused), (vec![28.0], 1));
        let paid = csv(
            "sales.csv",
            "Customer ID,Order Date,Sales,Discount\nC1,2026-03-05,25.5,0.15\n",
        );
        let data = recognise(&[paid], &Config::default()).unwrap();
        assert_eq!(data.orders[0].amount, 25.5);
        assert_eq!(data.tables[0].column(Field::Discount), None);
    }

    #[test]
    fn a_refund_column_takes_what_went_back_off_the_amount() {
        let orders = csv(
            "ExportOrderList.csv",
            "订单编号,买家会员名,订单创建时间,买家实际支付金额,退款金额,订单状态\nT1,tb_lin,2026-03-05,100,30,交易成功\nT2,tb_lin,2026-03-06,50,,交易成功\nT3,tb_lin,2026-03-07,40,90,交易成功\nT4,tb_lin,2026-03-08,20,abc,交易成功\n",
        );
        let data = recognise(&[orders], &Config::default()).unwrap();
        let amounts: Vec<f64> = data.orders.iter().map(|o| o.amount).collect();
        assert_eq!(amounts, [70.0, 50.0, 0.0, 20.0]);
        let noted: Vec<u32> = data.issues.iter().map(|i| i.row).collect();
        assert_eq!(noted, [4, 5]);
        assert!(data.issues.iter().all(|i| i.action == Action::Noted));
    }

    #[test]
    fn discount_columns_are_read_alike_across_a_run_and_by_a_percent_header() {
        let table = |name: &str, header: &str, discount: &str| {
            csv(
                name,
                &format!(
                    "Customer ID,Order Date,Unit Price,Quantity,{header}\nC1,2026-03-05,10,3,{discount}\n"
                ),
            )
        };
        let march = table("march.csv", "Discount", "5.00");
        let april = table("april.csv", "Discount", "0.50");
        let odoo = table("odoo.csv", "Discount (%)", "10.00");
        let percent = table("percent.csv", "Discount Percent", "10");
        // Percentage cells under a percent header, and a rate beside money off elsewhere.
        let cells = table("cells.csv", "Disc. Pct", "0.10");
        let rate = table("rate.csv", "Discount Rate", "0.10");
        let data = recognise(
            &[march, april, odoo, percent, cells, rate],
            &Config::default(),
        )
        .unwrap();
        let amounts: Vec<f64> = data.orders.iter().map(|o| o.amount).collect();
        assert_eq!(amounts, [25.0, 29.5, 27.0, 27.0, 27.0, 27.0]);
    }

    #[test]
    fn orders_by_e_mail_find_the_customers_sheet_s_customers_in_any_case() {
        let customers = csv(
            "客户.csv",
            "客户编号,客户名称,邮箱\nK1,华兴,ann@example.com\nK2,东方,bo@example.com\n",
        );
        let orders = csv(
            "orders.csv",
            "邮箱,下单日期,金额\nAnn@Example.com,2026-03-05,10\nann@example.com,2026-03-06,20\n",
        );
        let reviews = csv(
            "reviews.csv",
            "Order ID,Email,Review Date,Rating\nA1,x@example.com,2026-03-09,2\n",
        );
        let data = recognise(&[customers, orders, reviews], &Config::default()).unwrap();
        assert_eq!(data.customers.len(), 2, "no customer added from the orders");
        assert!(data.orders.iter().all(|o| o.customer == 0));
        // The review names its order, not a customer by e-mail: its order is not there.
        assert_eq!(issue_rows(&data), [(2, "order id not found in the orders")]);
    }

    #[test]
    fn a_preferred_alias_wins_over_the_leftmost_column() {
        for field in Field::ALL {
            for alias in field.preferred_aliases() {
                assert!(
                    field.aliases().contains(alias) || field.fallback_aliases().contains(alias),
                    "{alias}"
                );
            }
        }
        let orders =
            |headers| map_headers(TableKind::Orders, &columns(headers), &Config::default());
        // JD: the order's amount before discounts, then what the buyer paid.
        let mapping = orders(&["订单号", "下单帐号", "订单金额", "应付金额"]);
        assert_eq!(mapping[2..], [None, Some(Field::Amount)]);
        // 管家婆: the amount after the discount beside it.
        let mapping = orders(&["单据编号", "往来单位", "金额", "折扣", "折后金额"]);
        assert_eq!(mapping[2..], [None, None, Some(Field::Amount)]);
        // `#` is a number: WooCommerce's Item # numbers the line, Item Name is the product.
        let mapping = orders(&["Order #", "Item #", "Item Name"]);
        assert_eq!(mapping, [Some(Field::OrderId), None, Some(Field::Product)]);
        // Where "no" names nothing, the `#` goes: Phone # is the phone.
        let columns = columns(&["Customer #", "Phone #"]);
        let mapping = map_headers(TableKind::Customers, &columns, &Config::default());
        assert_eq!(mapping, [Some(Field::CustomerId), Some(Field::Phone)]);
        // What the customer pays, with the tax, over 金额 before it.
        let mapping = orders(&["单据编号", "往来单位", "金额", "价税合计"]);
        assert_eq!(mapping[2..], [None, Some(Field::Amount)]);
        // A sale on credit: its value, not what was paid of it so far; at a till, what was
        // taken after the discount.
        let mapping = orders(&["销售单号", "客户名称", "应收金额", "实收金额", "欠款"]);
        assert_eq!(mapping[2..4], [Some(Field::Amount), None]);
        let mapping = orders(&["单据号", "会员名", "应收金额", "优惠金额", "实收金额"]);
        assert_eq!(mapping[2..5], [None, None, Some(Field::Amount)]);
        // A till's user is the cashier, not the customer; Shopee's buyer beside the receiver is.
        let mapping = orders(&["Receipt No", "Date", "Customer Name", "Username", "Amount"]);
        assert_eq!(mapping[3], None);
        let mapping = orders(&[
            "Order ID",
            "Username (Buyer)",
            "Receiver Name",
            "Grand Total",
        ]);
        assert_eq!(mapping[1], Some(Field::CustomerId));
        // Odoo's order lines: a line's amount with tax over the one before it, and both over
        // the order's total; a plain Line Total is no better than the amount left of it.
        let mapping = orders(&["Total", "Order Lines/Subtotal", "Order Lines/Total"]);
        assert_eq!(mapping, [None, None, Some(Field::Amount)]);
        let mapping = orders(&["Net Amount", "Line Total"]);
        assert_eq!(mapping, [Some(Field::Amount), None]);
        // Without a preferred alias, the leftmost: Amount before Sales.
        let mapping = orders(&["Order ID", "Customer", "Amount", "Sales"]);
        assert_eq!(mapping[2..], [Some(Field::Amount), None]);
    }

    #[test]
    fn codes_cities_and_e_mails_stand_in_only_for_a_missing_field() {
        let config = Config::default();
        let mapping = map_headers(
            TableKind::Orders,
            &columns(&["Product ID", "Product Name", "City"]),
            &config,
        );
        assert_eq!(mapping, vec![None, Some(Field::Product), None]);
        let mapping = map_headers(
            TableKind::Orders,
            &columns(&["product_id", "price"]),
            &config,
        );
        assert_eq!(mapping, vec![Some(Field::Product), Some(Field::UnitPrice)]);
        let mapping = map_headers(TableKind::Customers, &columns(&["City", "Region"]), &config);
        assert_eq!(mapping, vec![None, Some(Field::Region)]);
        // In orders, an e-mail column is the customer where no id column is, beside a name
        // too (two buyers may share it); in feedback, only where nothing else names them.
        let orders = |headers| map_headers(TableKind::Orders, &columns(headers), &config);
        assert_eq!(orders(&["E-mail", "Total"])[0], Some(Field::CustomerId));
        assert_eq!(
            orders(&["Customer", "Contact email"]),
            [Some(Field::CustomerName), Some(Field::CustomerId)]
        );
        assert_eq!(orders(&["Customer ID", "Email"])[1], None);
        let feedback = |headers| map_headers(TableKind::Feedback, &columns(headers), &config);
        assert_eq!(feedback(&["Customer", "Email"])[1], None);
        assert_eq!(orders(&["单价", "订货数量"])[1], Some(Field::Quantity));
    }

    #[test]
    fn ratings_in_words_and_stars_make_complaints_and_an_unread_one_is_noted() {
        let orders = Table::from_csv_bytes(
            std::path::Path::new("orders.csv"),
            b"Customer ID,Order Date,Amount\nC1,2026-03-05,10\n".to_vec(),
        );
        let feedback = Table::from_csv_bytes(
            std::path::Path::new("feedback.csv"),
            "客户编号,反馈日期,评分,反馈内容\nC1,2026-04-01,★☆☆☆☆,slow\nC1,2026-04-02,好评,ok\nC1,2026-04-03,great,?\n"
                .as_bytes()
                .to_vec(),
        );
        let data = recognise(&[orders, feedback], &Config::default()).unwrap();
        let complaints: Vec<bool> = data.feedback.iter().map(|f| f.complaint).collect();
        assert_eq!(complaints, vec![true, false, false]);
        let ratings: Vec<Option<f64>> = data.feedback.iter().map(|f| f.rating).collect();
        assert_eq!(ratings, vec![Some(1.0), Some(5.0), None]);
        let noted: Vec<(u32, &str, Action)> = data
            .issues
            .iter()
            .map(|i| (i.row, i.value.as_str(), i.action))
            .collect();
        assert_eq!(noted, vec![(4, "great", Action::Noted)]);
    }

    #[test]
    fn a_column_that_mixes_decimal_marks_reads_each_value_as_written() {
        let amounts = |text: &str| {
            let table =
                Table::from_csv_bytes(std::path::Path::new("a.csv"), text.as_bytes().to_vec());
            let data = recognise(&[table], &Config::default()).unwrap();
            let amounts: Vec<f64> = data.orders.iter().map(|o| o.amount).collect();
            (amounts, english(&data.notices))
        };
        // A comma first, then points: not a comma column (12.50 would be refused).
        let (read, notices) = amounts(
            "Customer;Date;Amount\nC1;2026-01-05;99,90\nC2;2026-01-06;12.50\nC3;2026-01-07;1,280.50\nC4;2026-01-08;2.500\n",
        );
        assert_eq!(read, [99.9, 12.5, 1280.5, 2.5]);
        assert_eq!(
            notices,
            [
                "a.csv, column \"Amount\": values such as 12.50 are written with a decimal point and values such as 99,90 with a decimal comma; each is read as it is written: 99,90 as 99.9"
            ]
        );
        // Most show a comma: 2.500 and 3.750 are thousands, and the stray 12.50 is read with
        // a point.
        let (read, notices) = amounts(
            "Customer;Date;Amount\nC1;2026-01-05;1.280,50\nC2;2026-01-06;2.500\nC3;2026-01-07;99,90\nC4;2026-01-08;3.750\nC5;2026-01-09;12.50\n",
        );
        assert_eq!(read, [1280.5, 2500.0, 99.9, 3750.0, 12.5]);
        assert!(
            notices[0].ends_with("the column is read with a comma, as most of its values are written with one: 12.50 as 12.5"),
            "{notices:?}"
        );
        // Whole amounts with thousands (3,547) and a few strays: read as written, not as a
        // comma's 3.547.
        let text = format!(
            "Customer;Date;Amount\n{}C8;2026-01-06;12.50\n{}",
            "C1;2026-01-05;3,547\n".repeat(50),
            "C9;2026-01-07;99,90\n".repeat(5)
        );
        let (read, _) = amounts(&text);
        assert_eq!(read[0], 3547.0);
        assert_eq!(read[51..], [99.9; 5]);
        // A comma column with a point past the rows scanned: read with a point, and noted.
        let text = format!(
            "Customer;Date;Amount\n{}C9;2026-02-01;12.50\n",
            "C1;2026-01-05;99,90\n".repeat(1_100)
        );
        let (read, notices) = amounts(&text);
        assert_eq!(read[1_100], 12.5);
        assert_eq!(
            notices[0],
            "a.csv, column \"Amount\": read with a decimal comma, as its first values show one, but 12.50, which a decimal point reads as 12.5, further down is read as 12.5"
        );
        // 3,400 past the rows scanned of a comma column is read with its comma, and named.
        let text = format!(
            "Customer;Date;Amount\n{}C9;2026-02-01;3,400\n",
            "C1;2026-01-05;99,90\n".repeat(1_100)
        );
        let (read, notices) = amounts(&text);
        assert_eq!(read[1_100], 3.4);
        assert!(
            notices[0].ends_with(
                "but 3,400, which a decimal point reads as 3400, further down is read as 3.4"
            ),
            "{notices:?}"
        );
        // A comma first seen past the rows scanned, after 2.500 was read with a point: noted.
        let text = format!(
            "Customer;Date;Amount\n{}C9;2026-02-01;2.500\nC9;2026-02-02;1.280,50\n",
            "C1;2026-01-05;450\n".repeat(1_100)
        );
        let (read, notices) = amounts(&text);
        assert_eq!(read[1_100..], [2.5, 1280.5]);
        assert_eq!(
            notices[0],
            "a.csv, column \"Amount\": 1.280,50 has a decimal comma, but the first rows of the column showed no decimal mark, so amounts such as 2.500 were read with a point, as 2.5; if they are 2500, set decimal_mark = \"comma\" under [input] in tiers.toml"
        );
    }

    #[test]
    fn a_day_month_order_one_table_shows_is_read_in_the_others() {
        let table = |name: &str, text: &str| {
            Table::from_csv_bytes(std::path::Path::new(name), text.as_bytes().to_vec())
        };
        let dates = |tables: &[Table]| -> (Vec<String>, Vec<String>) {
            let data = recognise(tables, &Config::default()).unwrap();
            let dates = data.orders.iter().map(|o| o.date.to_string()).collect();
            (dates, english(&data.notices))
        };
        let ambiguous = table(
            "a.csv",
            "Customer ID,Order Date,Amount\nC1,04/06/2026,100\n",
        );
        let day_first = table(
            "b.csv",
            "Customer ID,Order Date,Amount\nC2,25/03/2026,100\n",
        );
        let (read, notices) = dates(&[ambiguous, day_first]);
        assert_eq!(read, ["2026-06-04", "2026-03-25"]);
        assert_eq!(
            notices,
            [
                "a.csv, column \"Order Date\": dates such as 04/06/2026 may be day or month first; read day first, as the dates of b.csv show"
            ]
        );
        // Tables that disagree decide nothing for the others: month first, and noted.
        let (read, notices) = dates(&[
            table(
                "a.csv",
                "Customer ID,Order Date,Amount\nC1,04/06/2026,100\n",
            ),
            table(
                "b.csv",
                "Customer ID,Order Date,Amount\nC2,25/03/2026,100\n",
            ),
            table(
                "c.csv",
                "Customer ID,Order Date,Amount\nC3,03/25/2026,100\n",
            ),
        ]);
        assert_eq!(read, ["2026-04-06", "2026-03-25", "2026-03-25"]);
        assert!(notices[0].contains("read month first"), "{notices:?}");
    }

    #[test]
    fn a_second_column_for_a_field_is_noted_with_the_way_to_use_it() {
        let orders = Table::from_csv_bytes(
            std::path::Path::new("orders.csv"),
            "Customer ID,Order Date,订单金额,订单金额,Amount\nC1,2026-03-05,999,100,5\n"
                .as_bytes()
                .to_vec(),
        );
        let data = recognise(&[orders], &Config::default()).unwrap();
        assert_eq!(data.orders[0].amount, 999.0);
        assert_eq!(
            english(&data.notices),
            [
                "orders.csv: columns \"订单金额\" (C) and \"订单金额\" (D) both look like amount; C is used (to use D instead, rename one of the two headers)",
                "orders.csv: columns \"订单金额\" (C) and \"Amount\" (E) both look like amount; C is used (to use E instead, set amount = \"Amount\" under [columns.orders] in tiers.toml)",
            ]
        );
    }

    #[test]
    fn a_csv_line_is_measured_against_its_header_line_named_or_not() {
        let orders = Table::from_csv_bytes(
            std::path::Path::new("orders.csv"),
            b"Customer ID,Order Date,Amount,\nC1,2026-10-01,100,web\nC2,2026-10-02,1,200,web\nC3,2026-10-03,5,,\n".to_vec(),
        );
        let data = recognise(&[orders], &Config::default()).unwrap();
        let amounts: Vec<f64> = data.orders.iter().map(|o| o.amount).collect();
        assert_eq!(amounts, [100.0, 5.0]);
        assert_eq!(
            issue_rows(&data),
            [(
                3,
                "5 fields where the header has 4, the first extra one in column E: a value holding the delimiter, such as 1,200, must be quoted"
            )]
        );
    }

    #[test]
    fn a_table_named_as_returns_holds_returns_and_nothing_else() {
        let named = |name| named_as_returns(&csv(name, "a\n1\n"));
        for name in [
            "退货记录.csv",
            "销售退货单.csv",
            "Sales Returns.csv",
            "refunds.csv",
            "Credit_Note.csv",
            "Return Orders.csv",
            "退货订单.csv",
            "returns_thailand.csv",
            "Brand Returns.csv",
            "Standard refunds.csv",
            "Returns and refunds 2024.csv",
        ] {
            assert!(named(name), "{name}");
        }
        for name in [
            "订单及退货.csv",
            "Orders and returns.csv",
            "OrdersAndReturns.csv",
            "Purchases and returns.csv",
            "orders&returns.csv",
            "orders_with_returns.csv",
            "Return customers Q3.csv",
            "return visits.csv",
            "Refunded orders.csv",
            "returning customers.csv",
            "orders.csv",
            "销售明细.csv",
        ] {
            assert!(!named(name), "{name}");
        }
    }
}
