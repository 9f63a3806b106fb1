//! The grading pipeline, one module per step:
//!
//! ```text
//! files ─1 read─▶ tables ─2 columns─▶ Dataset ─3 classify─▶ orders typed & counted
//!       ─4 aggregate─▶ Metrics ─5 score─▶ Score ─6 segment─▶ tiers + ranking ─▶ Graded
//! ```
//!
//! Steps 2–6 are pure functions of their inputs and the [`Config`]; only [`read`] touches the
//! file system. Writing the results is the job of [`crate::write`].

pub mod aggregate;
pub mod classify;
pub mod columns;
pub mod read;
pub mod score;
pub mod segment;

use anyhow::Result;
use chrono::NaiveDate;

use crate::config::Config;
use crate::model::Window;
use aggregate::Metrics;
use columns::Dataset;
use read::Table;
use score::Score;
use segment::Tier;

/// Everything a grading run produced, ready to be written.
#[derive(Debug)]
pub struct Graded {
    /// The inputs, typed, with their orders classified.
    pub data: Dataset,
    /// The scoring window.
    pub window: Window,
    /// Per customer, aligned with `data.customers`.
    pub metrics: Vec<Metrics>,
    /// Per customer.
    pub scores: Vec<Score>,
    /// Per customer: index into the configured tier levels.
    pub tiers: Vec<Tier>,
    /// Customer indexes by tier, then score.
    pub ranking: Vec<usize>,
}

/// Runs steps 2–6 on tables already read.
///
/// # Errors
/// When the tables hold no recognisable orders table or miss a required column.
pub fn grade(tables: &[Table], config: &Config, as_of: NaiveDate) -> Result<Graded> {
    let mut data = columns::recognise(tables, config)?;
    let window = Window::ending(as_of, config.window.months);
    let history = classify::classify(&mut data.orders, window);
    let metrics = aggregate::aggregate(
        data.customers.len(),
        &data.orders,
        &history,
        &data.feedback,
        window,
    );
    let scores = score::score(&metrics, as_of, &config.score);
    let tiers = segment::assign_tiers(&data.customers, &metrics, &scores, &config.tiers);
    let ranking = segment::ranking(&data.customers, &metrics, &scores, &tiers);
    Ok(Graded {
        data,
        window,
        metrics,
        scores,
        tiers,
        ranking,
    })
}
