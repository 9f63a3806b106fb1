//! The floor under `tiers score`: minimal programs that do each part of its work, or the whole
//! customers-only job, as fast as the crates allow. `tiers`' own times are compared with these
//! in docs/performance.md. Run by hand, each prints its time:
//!
//! ```text
//! cargo run --release --example floor -- csv orders.csv            # bare csv scan
//! cargo run --release --example floor -- xlsx shop.xlsx Orders     # calamine's streaming reader
//! cargo run --release --example floor -- write 1000000 15 out.xlsx  # rust_xlsxwriter, N×C cells
//! cargo run --release --example floor -- job orders.csv out.xlsx   # the whole minimal job
//! ```
//!
//! The minimal job: read the orders, drop the unfinished ones, aggregate per customer, score
//! recency, frequency and spend in quintiles, give tiers by score (5% / 15% / 30% / the rest),
//! and write a 12-column customers table.

use std::collections::HashMap;
use std::time::Instant;

use anyhow::{Context, Result, bail};
use calamine::{Xlsx, open_workbook};
use chrono::NaiveDate;
use rust_xlsxwriter::Workbook;

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let start = Instant::now();
    let what = match args.iter().map(String::as_str).collect::<Vec<_>>()[..] {
        ["csv", path] => format!("{} records", csv_scan(path)?),
        ["xlsx", path, sheet] => format!("{} cells", xlsx_scan(path, sheet)?),
        ["write", rows, cols, out] => {
            write_cells(rows.parse()?, cols.parse()?, out)?;
            format!("{rows} × {cols} cells")
        }
        ["job", orders, out] => format!("{} customers", job(orders, out)?),
        _ => {
            bail!("usage: floor csv FILE | xlsx FILE SHEET | write ROWS COLS OUT | job ORDERS OUT")
        }
    };
    println!("{what} in {:.3} s", start.elapsed().as_secs_f64());
    Ok(())
}

/// Every record of a csv file, as bytes.
fn csv_scan(path: &str) -> Result<usize> {
    let mut reader = csv::Reader::from_path(path)?;
    let mut record = csv::ByteRecord::new();
    let mut n = 0;
    while reader.read_byte_record(&mut record)? {
        n += 1;
    }
    Ok(n)
}

/// Every cell of a sheet, streamed.
fn xlsx_scan(path: &str, sheet: &str) -> Result<usize> {
    let mut book: Xlsx<_> = open_workbook(path)?;
    let mut cells = book.worksheet_cells_reader(sheet)?;
    let mut n = 0;
    while cells.next_cell()?.is_some() {
        n += 1;
    }
    Ok(n)
}

/// `rows` × `cols` cells, a third of them text, in constant-memory mode at the default level.
fn write_cells(rows: u32, cols: u16, out: &str) -> Result<()> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet_with_constant_memory()?;
    for r in 0..rows {
        for c in 0..cols {
            if c % 3 == 0 {
                sheet.write_string(r, c, format!("text {}", r % 1000))?;
            } else {
                sheet.write_number(r, c, f64::from(r) * 1.5 + f64::from(c))?;
            }
        }
    }
    book.save(out)?;
    Ok(())
}

/// One customer's totals.
#[derive(Default)]
struct Customer {
    orders: u32,
    spend: f64,
    last: Option<NaiveDate>,
}

/// The minimal customers-only job; returns the number of customers.
fn job(orders: &str, out: &str) -> Result<usize> {
    let mut reader = csv::Reader::from_path(orders)?;
    let headers = reader.headers()?.clone();
    let col = |name: &str| {
        headers
            .iter()
            .position(|h| h == name)
            .with_context(|| format!("no column {name}"))
    };
    let (id, date, amount, status) = (
        col("Customer ID")?,
        col("Order Date")?,
        col("Amount")?,
        col("Status")?,
    );
    let mut customers: HashMap<Vec<u8>, Customer> = HashMap::new();
    let mut record = csv::ByteRecord::new();
    while reader.read_byte_record(&mut record)? {
        if !matches!(&record[status], b"Completed" | b"Shipped" | b"Processed") {
            continue;
        }
        let day = std::str::from_utf8(&record[date])?;
        let day = NaiveDate::parse_from_str(day, "%Y-%m-%d")?;
        let value: f64 = std::str::from_utf8(&record[amount])?.parse()?;
        let c = customers.entry(record[id].to_vec()).or_default();
        c.orders += 1;
        c.spend += value;
        c.last = c.last.max(Some(day));
    }
    let as_of = NaiveDate::from_ymd_opt(2026, 10, 31).context("date")?;
    let mut rows: Vec<(String, Customer)> = customers
        .into_iter()
        .map(|(k, v)| (String::from_utf8_lossy(&k).into_owned(), v))
        .collect();
    rows.sort_by(|a, b| a.0.cmp(&b.0));
    let n = rows.len();
    let recency: Vec<f64> = rows
        .iter()
        .map(|(_, c)| -(as_of - c.last.unwrap_or(as_of)).num_days() as f64)
        .collect();
    let frequency: Vec<f64> = rows.iter().map(|(_, c)| f64::from(c.orders)).collect();
    let monetary: Vec<f64> = rows.iter().map(|(_, c)| c.spend).collect();
    let (rq, fq, mq) = (
        quintiles(&recency),
        quintiles(&frequency),
        quintiles(&monetary),
    );
    let score: Vec<u32> = (0..n).map(|i| rq[i] + fq[i] + mq[i]).collect();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(score[i]));
    let mut book = Workbook::new();
    let sheet = book.add_worksheet_with_constant_memory()?;
    let headers = [
        "Customer ID",
        "Orders",
        "Net spend",
        "Last order",
        "Days since",
        "R",
        "F",
        "M",
        "Score",
        "Tier",
        "Rank",
        "Avg order",
    ];
    for (c, h) in headers.iter().enumerate() {
        sheet.write_string(0, c as u16, *h)?;
    }
    for (rank, &i) in order.iter().enumerate() {
        let (id, c) = &rows[i];
        let share = rank as f64 / n as f64;
        let tier = match share {
            s if s < 0.05 => "diamond",
            s if s < 0.20 => "gold",
            s if s < 0.50 => "silver",
            _ => "ordinary",
        };
        let row = rank as u32 + 1;
        sheet.write_string(row, 0, id)?;
        sheet.write_number(row, 1, f64::from(c.orders))?;
        sheet.write_number(row, 2, c.spend)?;
        sheet.write_string(row, 3, c.last.map(|d| d.to_string()).unwrap_or_default())?;
        sheet.write_number(row, 4, -recency[i])?;
        sheet.write_number(row, 5, f64::from(rq[i]))?;
        sheet.write_number(row, 6, f64::from(fq[i]))?;
        sheet.write_number(row, 7, f64::from(mq[i]))?;
        sheet.write_number(row, 8, f64::from(score[i]))?;
        sheet.write_string(row, 9, tier)?;
        sheet.write_number(row, 10, (rank + 1) as f64)?;
        sheet.write_number(row, 11, c.spend / f64::from(c.orders.max(1)))?;
    }
    book.save(out)?;
    Ok(n)
}

/// Each value's quintile, 1 (lowest fifth) to 5, by rank.
fn quintiles(values: &[f64]) -> Vec<u32> {
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|&a, &b| values[a].total_cmp(&values[b]));
    let mut q = vec![0; values.len()];
    for (rank, &i) in order.iter().enumerate() {
        q[i] = (rank * 5 / values.len().max(1)) as u32 + 1;
    }
    q
}
