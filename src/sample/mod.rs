//! Deterministic sample data: customers, orders and feedback for a made-up wholesale business.
//!
//! Used by the `generate_sample_data` example, integration tests, benchmarks and
//! `tiers init --sample`. The same [`SampleSpec`] always gives the same data (and the
//! same csv/xlsx bytes), in English or Chinese headers and values; with the same seed
//! both languages describe the same business.
//!
//! The data is skewed the way real sales data is, so that grading has something to find
//! (uniform data would put every customer in the same tier): customer activity is
//! lognormal with a wide spread, so a few heavy buyers hold most orders and spend while
//! many place one to three orders; about 5% never order; some customers lapsed after the
//! first year and some only started recently; each buys mostly from one to three
//! favourite categories, with order sizes lognormal around a personal mean (a few
//! "project buyers" place rare, large orders). Orders are denser on weekdays, late in the
//! year and in the second year. About 3% are returns of an earlier purchase, 3% are
//! pending (mostly in the last month) and 4% cancelled. [`SampleSpec::messy_rows`]
//! appends deliberately broken rows for testing validation.
//!
//! The xlsx writer fits at most 1,048,575 orders (Excel's sheet limit); use csv for more.

mod generate;
mod rng;
mod words;
mod write;

use chrono::NaiveDate;

pub use crate::model::Lang;
pub use generate::generate;
pub use write::{workbook, write_csv, write_xlsx};

/// What to generate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SampleSpec {
    /// Number of customers, exactly.
    pub customers: usize,
    /// Number of valid orders, exactly (messy rows come on top).
    pub orders: usize,
    /// Seed; the same spec always gives the same data.
    pub seed: u64,
    /// Last possible order date; orders span the 730 days up to and including it.
    pub end: NaiveDate,
    /// Language of headers and values.
    pub lang: Lang,
    /// Number of bad order rows appended after the valid ones, cycling through: amount
    /// `N/A`, empty customer id, date `not a date`, unknown status `Lost in transit`.
    pub messy_rows: usize,
}

impl SampleSpec {
    /// A spec in English without messy rows.
    #[must_use]
    pub fn new(customers: usize, orders: usize, seed: u64, end: NaiveDate) -> Self {
        Self {
            customers,
            orders,
            seed,
            end,
            lang: Lang::En,
            messy_rows: 0,
        }
    }
}

/// Generated data, ready to write with [`write_xlsx`] or [`write_csv`].
#[derive(Clone, Debug, PartialEq)]
pub struct SampleData {
    /// Customers in id order.
    pub customers: Vec<SampleCustomer>,
    /// Orders sorted by date (order ids increase with date), then the messy rows.
    pub orders: Vec<SampleOrder>,
    /// Feedback sorted by date.
    pub feedback: Vec<SampleFeedback>,
    /// Language of the values, also used for headers and sheet names.
    pub lang: Lang,
    /// The spec's end date; used as the xlsx creation time so output bytes are stable.
    pub end: NaiveDate,
}

/// One customer row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SampleCustomer {
    /// `C0001`, zero-padded to at least 4 digits.
    pub id: String,
    /// Company name.
    pub name: String,
    /// Contact person.
    pub contact: String,
    /// Phone number.
    pub phone: String,
    /// Email address.
    pub email: String,
    /// Sales region.
    pub region: String,
    /// Industry.
    pub industry: String,
    /// Signup date, before the customer's first order.
    pub signup: NaiveDate,
}

/// One order row.
#[derive(Clone, Debug, PartialEq)]
pub struct SampleOrder {
    /// `SO000001`, zero-padded to at least 6 digits.
    pub order_id: String,
    /// Customer id (empty in one kind of messy row).
    pub customer_id: String,
    /// Order date.
    pub date: NaiveDate,
    /// Product name.
    pub product: String,
    /// Product category.
    pub category: String,
    /// Brand.
    pub brand: String,
    /// Sales channel.
    pub channel: String,
    /// Units ordered (or returned).
    pub quantity: u32,
    /// Amount with 2 decimals; positive for returns too (the order type says it is one).
    pub amount: f64,
    /// Order status.
    pub status: String,
    /// Order type: new, repeat or return.
    pub kind: String,
    /// Written instead of `amount` when set (messy rows).
    pub amount_text: Option<String>,
    /// Written instead of `date` when set (messy rows).
    pub date_text: Option<String>,
}

/// One feedback row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SampleFeedback {
    /// Customer id.
    pub customer_id: String,
    /// Feedback date.
    pub date: NaiveDate,
    /// Complaint, praise or suggestion.
    pub kind: String,
    /// Free text.
    pub content: String,
}

/// Index of a language in the word tables: English 0, Chinese 1.
const fn ix(lang: Lang) -> usize {
    match lang {
        Lang::En => 0,
        Lang::Zh => 1,
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;
    use std::fs;

    use anyhow::Result;
    use chrono::TimeDelta;

    use super::words::{KIND, ORDER_HEADERS};
    use super::*;
    use std::collections::HashSet;

    fn spec(customers: usize, orders: usize) -> SampleSpec {
        let end = NaiveDate::from_ymd_opt(2026, 10, 31).expect("valid date");
        SampleSpec::new(customers, orders, 7, end)
    }

    #[test]
    fn same_seed_same_data() {
        let mut s = spec(200, 3000);
        s.messy_rows = 5;
        assert_eq!(generate(&s), generate(&s));
        let other = SampleSpec {
            seed: 8,
            ..s.clone()
        };
        assert_ne!(generate(&s).orders, generate(&other).orders);
    }

    #[test]
    fn counts_are_exact() {
        for (customers, orders, messy) in [
            (1, 1, 0),
            (1, 50, 3),
            (10, 3, 0),
            (57, 1234, 9),
            (300, 5000, 0),
        ] {
            let s = SampleSpec {
                messy_rows: messy,
                ..spec(customers, orders)
            };
            let d = generate(&s);
            assert_eq!(
                (d.customers.len(), d.orders.len()),
                (customers, orders + messy)
            );
            assert_eq!(d.feedback.len(), customers / 5);
        }
        let d = generate(&SampleSpec {
            messy_rows: 2,
            ..spec(0, 10)
        });
        assert_eq!((d.customers.len(), d.orders.len()), (0, 2));
    }

    #[test]
    fn orders_are_sorted_and_first_order_is_new() {
        for lang in [Lang::En, Lang::Zh] {
            let d = generate(&SampleSpec {
                lang,
                ..spec(300, 5000)
            });
            let new = KIND[ix(lang)][0];
            let start = d.end - TimeDelta::days(729);
            let mut seen = HashSet::new();
            for w in d.orders.windows(2) {
                assert!(w[0].date <= w[1].date && w[0].order_id < w[1].order_id);
            }
            for o in &d.orders {
                assert!(o.date >= start && o.date <= d.end, "{o:?}");
                assert_eq!(o.kind == new, seen.insert(o.customer_id.clone()), "{o:?}");
            }
            let silent = d.customers.len() - seen.len();
            assert!(
                (5..=30).contains(&silent),
                "{silent} customers without orders"
            );
        }
    }

    #[test]
    fn spend_is_skewed() {
        let d = generate(&spec(500, 20_000));
        let mut spend: HashMap<&str, f64> = HashMap::new();
        let mut orders: HashMap<&str, usize> = HashMap::new();
        for o in d
            .orders
            .iter()
            .filter(|o| o.kind != "Return" && o.status != "Cancelled")
        {
            *spend.entry(&o.customer_id).or_default() += o.amount;
            *orders.entry(&o.customer_id).or_default() += 1;
        }
        let mut spend: Vec<f64> = spend.into_values().collect();
        spend.sort_by(|a, b| b.total_cmp(a));
        let top: f64 = spend[..d.customers.len() / 5].iter().sum();
        assert!(top > 0.5 * spend.iter().sum::<f64>(), "top 20% spend {top}");
        let occasional = orders.values().filter(|&&n| n <= 3).count();
        assert!(
            occasional > d.customers.len() / 10,
            "{occasional} occasional customers"
        );
    }

    #[test]
    fn returns_follow_a_purchase_and_statuses_are_plausible() {
        let d = generate(&spec(300, 20_000));
        let share = |f: &dyn Fn(&SampleOrder) -> bool| {
            d.orders.iter().filter(|o| f(o)).count() as f64 / 20_000.0
        };
        let returns: Vec<_> = d.orders.iter().filter(|o| o.kind == "Return").collect();
        assert!((0.015..0.05).contains(&share(&|o| o.kind == "Return")));
        assert!((0.015..0.05).contains(&share(&|o| o.status == "Pending")));
        assert!((0.025..0.06).contains(&share(&|o| o.status == "Cancelled")));
        let last_month = d.end - TimeDelta::days(30);
        let recent = share(&|o| o.status == "Pending" && o.date > last_month);
        assert!(recent > share(&|o| o.status == "Pending") / 2.0);
        for r in returns {
            assert_eq!(r.status, "Completed");
            assert!(
                d.orders.iter().any(|p| p.customer_id == r.customer_id
                    && p.kind != "Return"
                    && p.date < r.date
                    && p.product == r.product
                    && p.amount >= r.amount),
                "{r:?}"
            );
        }
    }

    #[test]
    fn messy_rows_cycle_through_the_faults() {
        let d = generate(&SampleSpec {
            messy_rows: 4,
            ..spec(20, 100)
        });
        let m = &d.orders[100..];
        assert_eq!(m[0].amount_text.as_deref(), Some("N/A"));
        assert_eq!(m[1].customer_id, "");
        assert_eq!(m[2].date_text.as_deref(), Some("not a date"));
        assert_eq!(m[3].status, "Lost in transit");
        assert_eq!(m[3].order_id, "SO000104");
    }

    #[test]
    fn writers_are_deterministic() -> Result<()> {
        let dir = tempfile::tempdir()?;
        for lang in [Lang::En, Lang::Zh] {
            let s = SampleSpec {
                lang,
                messy_rows: 4,
                ..spec(40, 400)
            };
            let (a, b) = (dir.path().join("a"), dir.path().join("b"));
            write_csv(&generate(&s), &a)?;
            write_csv(&generate(&s), &b)?;
            write_xlsx(&generate(&s), &a.join("x.xlsx"))?;
            write_xlsx(&generate(&s), &b.join("x.xlsx"))?;
            for f in ["customers.csv", "orders.csv", "feedback.csv", "x.xlsx"] {
                assert_eq!(fs::read(a.join(f))?, fs::read(b.join(f))?, "{f}");
            }
            let orders = fs::read_to_string(a.join("orders.csv"))?;
            assert_eq!(
                orders.lines().next(),
                Some(ORDER_HEADERS[ix(lang)].join(",").as_str())
            );
            assert_eq!(orders.lines().count(), 405);
        }
        Ok(())
    }
}
