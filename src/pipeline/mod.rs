//! The grading pipeline, one module per step:
//!
//! ```text
//! files ─1 read─▶ tables ─2 columns─▶ Dataset ─3 classify─▶ orders typed & counted
//!       ─4 aggregate─▶ Metrics, Preferences ─5 score─▶ Score ─6 segment─▶ tiers + ranking
//!       (against the previous workbook's history and locks) ─▶ Graded
//! ```
//!
//! Steps 2–6 are pure functions of their inputs and the [`Config`]; only [`read`] touches the
//! file system. Writing the results is the job of [`crate::write`].

pub mod aggregate;
pub mod attributes;
pub mod behaviour;
pub mod classify;
pub mod clv;
pub mod columns;
pub mod explain;
pub mod preferences;
pub mod previous;
pub mod read;
pub mod restore;
pub mod revisit;
pub mod rfm;
pub mod score;
pub mod segment;

use anyhow::Result;
use chrono::NaiveDate;

use crate::config::{Config, SegmentMethod, Weights};
use crate::issues::Wording;
use crate::model::Window;
use aggregate::Metrics;
use behaviour::Classified;
use columns::Dataset;
use preferences::Preferences;
use previous::Previous;
use read::Table;
use score::Score;
use segment::{Change, Tier};

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
    /// Per customer: favourites and buying rhythm.
    pub preferences: Vec<Preferences>,
    /// Per customer: index into the configured tier levels, as given (after downgrade
    /// protection and locks).
    pub tiers: Vec<Tier>,
    /// Per customer: the tier the score alone qualifies for.
    pub qualified: Vec<Tier>,
    /// Per customer: the tier given last run, if any.
    pub previous_tiers: Vec<Option<Tier>>,
    /// Per customer: how the tier compares with the last run.
    pub changes: Vec<Change>,
    /// Per customer: behavioural segment and why.
    pub segments: Vec<Classified>,
    /// Per customer, with `segments.method = "rfm"`: the RFM scores.
    pub rfm: Vec<Option<rfm::Rfm>>,
    /// Per customer: size, local or remote, needs.
    pub classes: Vec<attributes::Classes>,
    /// Lifetime value per customer, with the model fits.
    pub clv: clv::Clv,
    /// The score weights in force: the config's, with `value` at 0 when lifetime value could
    /// not be fitted.
    pub weights: Weights,
    /// Customer indexes by tier, then score.
    pub ranking: Vec<usize>,
    /// Order indexes in history order (by customer, then date), from the classify step.
    pub history: Vec<u32>,
}

/// Runs steps 2–6 on tables already read.
///
/// # Errors
/// When the tables hold no recognisable orders table or miss a required column.
pub fn grade(
    tables: &[Table],
    config: &Config,
    as_of: NaiveDate,
    previous: Option<&Previous>,
) -> Result<Graded> {
    let data = columns::recognise(tables, config)?;
    grade_dataset(data, config, as_of, previous)
}

/// Runs steps 3–6 on the recognised inputs. The tables themselves are no longer needed, so a
/// caller can free them first (a million csv lines are about 100 MB of text).
///
/// # Errors
/// When the inputs hold no usable order line ([`columns::require_order_lines`]).
pub fn grade_dataset(
    mut data: Dataset,
    config: &Config,
    as_of: NaiveDate,
    previous: Option<&Previous>,
) -> Result<Graded> {
    columns::require_order_lines(&data)?;
    // A customer the orders name by id alone (one dropped from the customers sheet, say)
    // keeps the name the last workbook gave them.
    for customer in data.customers.iter_mut().filter(|c| c.name.is_empty()) {
        if let Some(row) = previous.and_then(|p| p.row(&customer.id)) {
            customer.name.clone_from(&row.name);
        }
    }
    let window = Window::ending(as_of, config.window.months);
    let history = classify::classify(&mut data.orders, window);
    let metrics = aggregate::aggregate(
        data.customers.len(),
        &data.orders,
        &history,
        &data.feedback,
        window,
    );
    let preferences = preferences::preferences(
        data.customers.len(),
        &data.orders,
        &history,
        &data.symbols,
        window,
    );
    let histories = clv::histories(data.customers.len(), &data.orders, &history, as_of);
    let clv = clv::clv(&histories, &config.clv);
    let weights = weights_in_force(&config.score.weights, &clv, &mut data);
    let values: Vec<Option<f64>> = clv
        .values
        .iter()
        .map(|v| v.and_then(|v| v.expected_value))
        .collect();
    let scores = score::score(&metrics, &values, as_of, &config.score, &weights);
    let classes = attributes::classes(&data, &metrics, &config.attributes);
    let qualified = segment::assign_tiers(
        &data.customers,
        &metrics,
        &scores,
        &config.tiers,
        |i, level| {
            level
                .when
                .as_ref()
                .is_none_or(|when| attributes::admits(when, &data, i, &classes[i]))
        },
    );
    let (tiers, changes, previous_tiers) =
        settle_all(&mut data, &qualified, previous, as_of, config);
    let (segments, rfm) = match config.segments.method {
        SegmentMethod::Rules => {
            let rules = &config.segments;
            let segments = behaviour::segments(
                &metrics,
                &preferences,
                &tiers,
                as_of,
                rules,
                |i, segment| {
                    rules
                        .when
                        .get(segment.key())
                        .is_none_or(|when| attributes::admits(when, &data, i, &classes[i]))
                },
            );
            (segments, Vec::new())
        }
        SegmentMethod::Rfm => {
            let scores = rfm::rfm(data.customers.len(), &data.orders, as_of);
            (behaviour::rfm_segments(&scores), scores)
        }
    };
    let ranking = segment::ranking(&data.customers, &metrics, &scores, &tiers);
    Ok(Graded {
        data,
        window,
        metrics,
        scores,
        preferences,
        tiers,
        qualified,
        previous_tiers,
        changes,
        segments,
        rfm,
        classes,
        clv,
        weights,
        ranking,
        history,
    })
}

/// The config's score weights, less the parts this run cannot score (with a note for each):
/// lifetime value when it could not be fitted, breadth when no order line has a category. A
/// part is left out only while others remain: weights summing to 0 would score NaN.
fn weights_in_force(configured: &Weights, clv: &clv::Clv, data: &mut Dataset) -> Weights {
    let mut weights = configured.clone();
    if weights.value > 0.0
        && weights.total() > weights.value
        && let Err(why) = &clv.bgnbd
    {
        data.notices.push(Wording::new(
            format!(
                "score.weights.value is set, but lifetime value could not be fitted ({}); the score leaves it out",
                why.en
            ),
            format!(
                "设置了 score.weights.value，但无法拟合生命周期价值（{}）；得分不计这一项",
                why.zh
            ),
        ));
        weights.value = 0.0;
    }
    // Without a single category everyone shares one breadth score: a constant added to every
    // score, which would move customers across fixed tier thresholds for nothing they did.
    // Decided by the lines, not the column: a workbook read back always has the column.
    if weights.breadth > 0.0
        && weights.total() > weights.breadth
        && data.orders.iter().all(|o| o.category.is_none())
    {
        data.notices.push(Wording::from([
            "no order line has a category, so the score leaves breadth (score.weights.breadth) out and weighs the other parts alone; map a category column under [columns.orders] if the orders have one",
            "没有订单行有品类，所以得分不计品类广度（score.weights.breadth），只按其他几项加权；若订单有品类列，请在 [columns.orders] 下指定",
        ]));
        weights.breadth = 0.0;
    }
    weights
}

/// Each customer's tier against the previous run: downgrade protection and locks.
fn settle_all(
    data: &mut Dataset,
    qualified: &[Tier],
    previous: Option<&Previous>,
    as_of: NaiveDate,
    config: &Config,
) -> (Vec<Tier>, Vec<Change>, Vec<Option<Tier>>) {
    let levels = &config.tiers.levels;
    let (mut tiers, mut changes, mut previous_tiers) = (Vec::new(), Vec::new(), Vec::new());
    for (customer, &q) in data.customers.iter().zip(qualified) {
        let past = previous.and_then(|p| p.past(&customer.id, as_of, levels));
        let lock = match previous.map(|p| p.lock(&customer.id, levels)) {
            Some(Ok(lock)) => lock,
            Some(Err(text)) => {
                let names: Vec<&str> = levels.iter().map(|l| l.name.as_str()).collect();
                let names_zh: Vec<&str> = levels
                    .iter()
                    .map(|l| l.name_zh.as_deref().unwrap_or(&l.name))
                    .collect();
                let (id, names, names_zh) = (&customer.id, names.join(", "), names_zh.join("、"));
                data.notices.push(Wording::new(
                    format!(
                        "customer {id}: the locked tier \"{text}\" is not a tier ({names}); ignored"
                    ),
                    format!("客户 {id}：锁定的等级“{text}”不是已有等级（{names_zh}）；已忽略"),
                ));
                None
            }
            None => None,
        };
        let (tier, change) = segment::settle(q, past, lock, &config.tiers.downgrade);
        tiers.push(tier);
        changes.push(change);
        previous_tiers.push(past.map(|p| p.tier));
    }
    (tiers, changes, previous_tiers)
}
