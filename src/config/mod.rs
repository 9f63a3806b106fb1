//! The scoring rules: `tiers.toml`, optional, every key with a documented default.
//!
//! The file is parsed strictly (unknown keys are errors) and validated once; the pipeline only
//! sees a valid [`Config`]. The effective configuration is printed into the output workbook so
//! every grade can be explained and reproduced.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail, ensure};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::pipeline::behaviour::{Label, Segment};
use crate::pipeline::{attributes, columns};

/// The name of the configuration file looked for in the working directory.
pub const DEFAULT_CONFIG_FILE: &str = "tiers.toml";

/// The commented `tiers.toml` that `tiers init` writes: every option at its default, with
/// English and Chinese explanations. Tests hold it equal to [`Config::default`].
pub const TEMPLATE: &str = include_str!("tiers.toml");

/// Everything `tiers.toml` can set.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// The scoring window.
    pub window: WindowConfig,
    /// Component weights and the complaint penalty.
    pub score: ScoreConfig,
    /// How scores become tiers.
    pub tiers: TierConfig,
    /// Explicit column names, per table kind, overriding header recognition.
    pub columns: ColumnsConfig,
    /// How input values are read.
    pub input: InputConfig,
    /// The output workbook.
    pub output: OutputConfig,
    /// Behavioural segments.
    pub segments: SegmentConfig,
    /// Attribute classes.
    pub attributes: AttributeConfig,
    /// Customer lifetime value.
    pub clv: ClvConfig,
    /// Revisit planning.
    pub revisit: RevisitConfig,
}

/// How `tiers revisit` plans the month's visits.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct RevisitConfig {
    /// Days between visits by tier, highest first; tiers past the end of the list take its
    /// last value.
    pub tier_days: Vec<u32>,
    /// Days between visits, by segment key; the shorter of a customer's tier and segment
    /// cadence applies.
    pub segment_days: BTreeMap<String, u32>,
    /// Visits one owner can make in a working day.
    pub per_day: u32,
    /// Who visits customers without an owner; empty: they are listed as unassigned.
    pub default_owner: String,
    /// Working weekdays: mon, tue, wed, thu, fri, sat, sun.
    pub weekdays: Vec<String>,
    /// Days off that fall on working weekdays, `YYYY-MM-DD`.
    pub holidays: Vec<NaiveDate>,
    /// Weekend days worked (as after a Chinese public holiday), `YYYY-MM-DD`.
    pub working_days: Vec<NaiveDate>,
    /// A complaint this many days before the as-of date or less makes a customer due.
    pub complaint_days: u32,
    /// A probability of being alive below this makes a customer due (with lifetime value).
    pub p_alive_below: f64,
}

impl Default for RevisitConfig {
    fn default() -> Self {
        let days =
            |pairs: &[(&str, u32)]| pairs.iter().map(|(k, v)| ((*k).to_owned(), *v)).collect();
        Self {
            tier_days: vec![14, 30, 91, 182],
            segment_days: days(&[
                ("high_frequency_small", 30),
                ("occasional_large", 91),
                ("at_risk", 14),
                ("new", 30),
            ]),
            per_day: 4,
            default_owner: String::new(),
            weekdays: ["mon", "tue", "wed", "thu", "fri"]
                .iter()
                .map(|d| (*d).to_owned())
                .collect(),
            holidays: Vec::new(),
            working_days: Vec::new(),
            complaint_days: 30,
            p_alive_below: 0.5,
        }
    }
}

/// Customer lifetime value (BG/NBD and Gamma-Gamma).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct ClvConfig {
    /// Months ahead that expected orders and value cover (default 12).
    pub horizon_months: u32,
    /// Yearly discount rate for expected value, e.g. 0.1 for 10% (default 0: undiscounted).
    pub discount_rate: f64,
}

impl Default for ClvConfig {
    fn default() -> Self {
        Self {
            horizon_months: 12,
            discount_rate: 0.0,
        }
    }
}

/// How attribute classes are drawn.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct AttributeConfig {
    /// The region customers are local to, e.g. "华东"; empty: no local/remote class.
    pub home_region: String,
    /// Without a size column: the share of active customers, by net spend, that are large.
    pub large_share: f64,
    /// ... and the share after them that are medium; the rest are small.
    pub medium_share: f64,
}

impl Default for AttributeConfig {
    fn default() -> Self {
        Self {
            home_region: String::new(),
            large_share: 0.2,
            medium_share: 0.3,
        }
    }
}

/// Thresholds of the behavioural segments (see the table in `pipeline::behaviour`) and each
/// segment's service strategy.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct SegmentConfig {
    /// `rules` (default: the behavioural segments) or `rfm` (the R package rfm's segments).
    pub method: SegmentMethod,
    /// First purchase within this many days of the as-of date: new (default 90).
    pub new_days: u32,
    /// No purchase for more than this many days: dormant (default 180).
    pub dormant_days: u32,
    /// High-frequency small-order: at least this many orders in the window (default 12) ...
    pub frequent_orders: u32,
    /// ... with an average order at most this times the median (default 1.0).
    pub small_order_ratio: f64,
    /// Occasional large-order: at most this many orders in the window (default 3) ...
    pub occasional_orders: u32,
    /// ... with an average order at least this times the median (default 2.0).
    pub large_order_ratio: f64,
    /// Potential: a spend trend at least this (default 0.5, i.e. +50%).
    pub growth_trend: f64,
    /// At risk: a spend trend at most this (default −0.5) for a customer in the top two tiers.
    pub declining_trend: f64,
    /// Service strategy per segment, in English, by segment key.
    pub strategy: BTreeMap<String, String>,
    /// Service strategy per segment, in Chinese.
    pub strategy_zh: BTreeMap<String, String>,
    /// Attribute classes a segment is open to, by segment key, e.g.
    /// `occasional_large = { size = ["large", "medium"] }`; others pass on to the next rule.
    pub when: BTreeMap<String, When>,
}

impl Default for SegmentConfig {
    fn default() -> Self {
        let texts = |pairs: [(&str, &str); 9]| {
            pairs
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect()
        };
        Self {
            method: SegmentMethod::Rules,
            new_days: 90,
            dormant_days: 180,
            frequent_orders: 12,
            small_order_ratio: 1.0,
            occasional_orders: 3,
            large_order_ratio: 2.0,
            growth_trend: 0.5,
            declining_trend: -0.5,
            strategy: texts([
                (
                    "high_frequency_small",
                    "Important to maintain: monthly revisit, make reordering easy",
                ),
                (
                    "occasional_large",
                    "Key to develop: a dedicated sales rep, quarterly revisit",
                ),
                (
                    "potential",
                    "Potential: suggest new products that match their preferences",
                ),
                ("new", "New: welcome call and onboarding within a month"),
                ("at_risk", "At risk: call now and find out what changed"),
                ("dormant", "Dormant: a win-back offer"),
                ("lost", "Lost: low-cost reactivation only"),
                (
                    "prospect",
                    "Prospect: no purchase yet; learn their needs, offer a first order",
                ),
                ("regular", "Regular: standard service"),
            ]),
            strategy_zh: texts([
                ("high_frequency_small", "重要维护客户：每月回访，简化续订"),
                ("occasional_large", "关键发展客户：专人跟进，每季度回访"),
                ("potential", "潜力客户：推荐符合偏好的新品"),
                ("new", "新客户：一个月内欢迎回访与引导"),
                ("at_risk", "流失风险：尽快回访，了解变化原因"),
                ("dormant", "沉睡客户：唤回优惠"),
                ("lost", "已流失：仅低成本召回"),
                ("prospect", "尚未购买：了解需求，促成首单"),
                ("regular", "常规客户：标准服务"),
            ]),
            when: BTreeMap::new(),
        }
    }
}

/// The scoring window: metrics cover the months up to the as-of date.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct WindowConfig {
    /// Length of the window in months (default 12, the articles' "spend over the last year").
    pub months: u32,
}

impl Default for WindowConfig {
    fn default() -> Self {
        Self { months: 12 }
    }
}

/// Weights of the component scores and the complaint penalty.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct ScoreConfig {
    /// Relative weights of the 0–100 component scores; they need not add up to 100.
    pub weights: Weights,
    /// Points taken off the score for each complaint in the window (default 5).
    pub complaint_penalty: f64,
    /// The most the complaint penalty can take off (default 20).
    pub max_complaint_penalty: f64,
}

impl Default for ScoreConfig {
    fn default() -> Self {
        Self {
            weights: Weights::default(),
            complaint_penalty: 5.0,
            max_complaint_penalty: 20.0,
        }
    }
}

/// Relative weights of the component scores.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct Weights {
    /// How recently the customer last bought (default 20).
    pub recency: f64,
    /// Orders in the window (default 30).
    pub frequency: f64,
    /// Net spend in the window (default 40).
    pub monetary: f64,
    /// Distinct categories bought in the window (default 10).
    pub breadth: f64,
    /// Expected value over the lifetime-value horizon (default 0: value is shown, not scored).
    pub value: f64,
}

impl Default for Weights {
    fn default() -> Self {
        Self {
            recency: 20.0,
            frequency: 30.0,
            monetary: 40.0,
            breadth: 10.0,
            value: 0.0,
        }
    }
}

impl Weights {
    /// The sum of the weights, which the weighted mean divides by.
    pub fn total(&self) -> f64 {
        self.recency + self.frequency + self.monetary + self.breadth + self.value
    }
}

/// How customers are assigned to tiers.
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum TierMethod {
    /// By share of active customers, ranked by score (each level's `share`).
    #[default]
    Share,
    /// By rules: each level's `min_*` conditions must all hold.
    Rules,
}

/// Tier levels, highest first; the last one takes everyone else.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct TierConfig {
    /// `share` (default) or `rules`.
    pub method: TierMethod,
    /// The levels, highest first.
    pub levels: Vec<Level>,
    /// How fast a customer may fall between runs.
    pub downgrade: DowngradeConfig,
}

/// Downgrade protection, a soft landing as loyalty programmes give: upgrades are immediate,
/// falls are slowed.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct DowngradeConfig {
    /// Consecutive runs a customer must qualify below their tier before falling (default 2;
    /// 1 lets them fall at once).
    pub grace_runs: u32,
    /// The most tiers a customer can fall in one run (default 1).
    pub max_drop: u32,
}

impl Default for DowngradeConfig {
    fn default() -> Self {
        Self {
            grace_runs: 2,
            max_drop: 1,
        }
    }
}

/// How segments are drawn.
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum SegmentMethod {
    /// Behavioural rules.
    #[default]
    Rules,
    /// RFM quintiles and segment table, as the R package rfm 0.3.0.
    Rfm,
}

/// The output workbook.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct OutputConfig {
    /// Timestamped backups of a replaced workbook kept beside it (default 5; 0 keeps none).
    pub backups: u32,
}

impl Default for OutputConfig {
    fn default() -> Self {
        Self { backups: 5 }
    }
}

impl Default for TierConfig {
    fn default() -> Self {
        let level =
            |[name, zh, colour, strategy, strategy_zh]: [&str; 5], share, min_score| Level {
                name: name.into(),
                name_zh: Some(zh.into()),
                share,
                min_score,
                min_net_spend: None,
                min_orders: None,
                min_categories: None,
                when: None,
                colour: Some(colour.into()),
                strategy: Some(strategy.into()),
                strategy_zh: Some(strategy_zh.into()),
            };
        Self {
            method: TierMethod::Share,
            levels: vec![
                level(
                    [
                        "diamond",
                        "钻石",
                        "#9BC2E6",
                        "A personal account manager, priority delivery, contact every two weeks",
                        "专属客户经理，优先发货，每两周联系",
                    ],
                    Some(0.05),
                    Some(80.0),
                ),
                level(
                    [
                        "gold",
                        "黄金",
                        "#FFD966",
                        "A named sales rep, monthly contact, volume discounts",
                        "指定销售代表，每月联系，批量折扣",
                    ],
                    Some(0.15),
                    Some(60.0),
                ),
                level(
                    [
                        "silver",
                        "白银",
                        "#D0CECE",
                        "Quarterly contact, promotions",
                        "每季度联系，促销活动",
                    ],
                    Some(0.30),
                    Some(40.0),
                ),
                level(
                    [
                        "ordinary",
                        "普通",
                        "#E2EFDA",
                        "Standard service and newsletters",
                        "标准服务与定期资讯",
                    ],
                    None,
                    None,
                ),
            ],
            downgrade: DowngradeConfig::default(),
        }
    }
}

/// One tier.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Level {
    /// English name, used in `--json` and with `--lang en`.
    pub name: String,
    /// Chinese name, used with `--lang zh` (defaults to `name`).
    pub name_zh: Option<String>,
    /// With `method = "share"`: the share of active customers in this tier (0–1).
    pub share: Option<f64>,
    /// With `method = "rules"`: the least score (0–100).
    pub min_score: Option<f64>,
    /// With `method = "rules"`: the least net spend in the window.
    pub min_net_spend: Option<f64>,
    /// With `method = "rules"`: the least number of orders in the window.
    pub min_orders: Option<u32>,
    /// With `method = "rules"`: the least number of distinct categories in the window.
    pub min_categories: Option<u32>,
    /// Fill colour of the tier in the workbook, as `#RRGGBB`.
    pub colour: Option<String>,
    /// The tier's privileges and treatment, in English.
    pub strategy: Option<String>,
    /// The same in Chinese.
    pub strategy_zh: Option<String>,
    /// Only customers of these attribute classes may have this tier; others fall to the
    /// next tier open to them.
    pub when: Option<When>,
}

/// Attribute classes a tier or segment is open to: every key given must match one of its
/// values, e.g. `when = { size = ["large", "medium"], location = "local" }`. A customer without
/// the attribute does not match.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct When {
    /// Size classes: large, medium, small (大, 中, 小).
    #[serde(
        deserialize_with = "one_or_many",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub size: Vec<String>,
    /// Regions, as the customers sheet writes them.
    #[serde(
        deserialize_with = "one_or_many",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub region: Vec<String>,
    /// Industries, as the customers sheet writes them.
    #[serde(
        deserialize_with = "one_or_many",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub industry: Vec<String>,
    /// local or remote (本地, 外地), against `attributes.home_region`.
    #[serde(
        deserialize_with = "one_or_many",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub location: Vec<String>,
    /// standard or custom (标准, 定制).
    #[serde(
        deserialize_with = "one_or_many",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub needs: Vec<String>,
}

/// A string or a list of strings.
fn one_or_many<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(String),
        Many(Vec<String>),
    }
    Ok(match OneOrMany::deserialize(d)? {
        OneOrMany::One(s) => vec![s],
        OneOrMany::Many(v) => v,
    })
}

impl Level {
    /// Whether any `min_*` condition is set.
    pub fn has_conditions(&self) -> bool {
        self.min_score.is_some()
            || self.min_net_spend.is_some()
            || self.min_orders.is_some()
            || self.min_categories.is_some()
    }
}

/// Explicit header names per table kind: `field = "Header as written"`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct ColumnsConfig {
    /// For orders sheets, e.g. `amount = "Umsatz"`.
    pub orders: BTreeMap<String, String>,
    /// For customers sheets.
    pub customers: BTreeMap<String, String>,
    /// For feedback sheets.
    pub feedback: BTreeMap<String, String>,
    /// For products sheets (a product with its category or brand).
    pub products: BTreeMap<String, String>,
}

/// How input values are read.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct InputConfig {
    /// Order of day and month in text dates such as 03/05/2026: `auto` (default: decided per
    /// column from values like 25/03/2026, month first when nothing decides), `dmy` or `mdy`.
    pub date_order: DateOrder,
    /// The decimal mark of text amounts, prices and quantities: `auto` (default: decided per
    /// column, a value like 1.280,50 showing a decimal comma), `point` or `comma`.
    pub decimal_mark: DecimalMark,
    /// Extra status words, mapped to one of completed, shipped, processed, pending, cancelled,
    /// returned: e.g. `"Awaiting pickup" = "pending"`.
    pub status_aliases: BTreeMap<String, String>,
}

/// Order of day and month in slash dates.
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum DateOrder {
    /// Decided per column.
    #[default]
    Auto,
    /// Day first: 25/03/2026.
    Dmy,
    /// Month first: 03/25/2026.
    Mdy,
}

/// The decimal mark of amounts written as text.
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum DecimalMark {
    /// Decided per column: a decimal comma when most values that tell (1.280,50, 99,90) show
    /// one, a stray 12.50 then read with a point; else each value as it reads (12.50,
    /// 1,280.50, and a 99,90 among them too).
    #[default]
    Auto,
    /// A decimal point: 1,280.50.
    Point,
    /// A decimal comma, dots and spaces grouping thousands: 1.280,50 and 2.500 (two thousand
    /// five hundred).
    Comma,
}

impl Config {
    /// Reads `path` if given, else `tiers.toml` in the working directory if there is one, else
    /// the defaults. Returns the config and the file it came from.
    pub fn load(path: Option<&Path>) -> Result<(Self, Option<PathBuf>)> {
        let path = match path {
            Some(p) => Some(p.to_path_buf()),
            None => Some(PathBuf::from(DEFAULT_CONFIG_FILE)).filter(|p| p.is_file()),
        };
        let Some(path) = path else {
            return Ok((Self::default(), None));
        };
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("cannot read config {}", path.display()))?;
        let config =
            Self::parse(&text).with_context(|| format!("invalid config {}", path.display()))?;
        Ok((config, Some(path)))
    }

    /// Parses and validates a TOML text.
    pub fn parse(text: &str) -> Result<Self> {
        let config: Self = toml::from_str(text)?;
        config.validate()?;
        Ok(config)
    }

    /// Checks what serde cannot: ranges, sums and the shape of the tier list.
    pub fn validate(&self) -> Result<()> {
        ensure!(
            (1..=120).contains(&self.window.months),
            "window.months must be between 1 and 120, found {}",
            self.window.months
        );
        let w = &self.score.weights;
        let weights = [w.recency, w.frequency, w.monetary, w.breadth, w.value];
        ensure!(
            weights.iter().all(|x| x.is_finite() && *x >= 0.0) && weights.iter().sum::<f64>() > 0.0,
            "score.weights must be zero or positive and not all zero"
        );
        ensure!(
            self.tiers.downgrade.grace_runs >= 1 && self.tiers.downgrade.max_drop >= 1,
            "tiers.downgrade.grace_runs and tiers.downgrade.max_drop must be at least 1"
        );
        ensure!(
            self.score.complaint_penalty >= 0.0 && self.score.max_complaint_penalty >= 0.0,
            "score.complaint_penalty and score.max_complaint_penalty must not be negative"
        );
        for key in self
            .segments
            .strategy
            .keys()
            .chain(self.segments.strategy_zh.keys())
        {
            let keys: Vec<&str> = [SegmentMethod::Rules, SegmentMethod::Rfm]
                .into_iter()
                .flat_map(Label::all)
                .map(Label::key)
                .collect();
            ensure!(
                keys.contains(&key.as_str()),
                "segments.strategy: unknown segment \"{key}\"; expected one of {}",
                keys.join(", ")
            );
        }
        let open_to_limit: Vec<Segment> = Segment::ALL
            .into_iter()
            .filter(|s| s.can_be_limited())
            .collect();
        for (key, when) in &self.segments.when {
            if !open_to_limit.iter().any(|s| s.key() == key) {
                let keys: Vec<&str> = open_to_limit.iter().map(|s| s.key()).collect();
                bail!(
                    "segments.when: \"{key}\" cannot be limited; expected one of {}",
                    keys.join(", ")
                );
            }
            attributes::check(when, &self.attributes.home_region)
                .with_context(|| format!("segments.when.{key}"))?;
        }
        ensure!(
            (1..=120).contains(&self.clv.horizon_months),
            "clv.horizon_months must be between 1 and 120, found {}",
            self.clv.horizon_months
        );
        ensure!(
            (0.0..=1.0).contains(&self.clv.discount_rate),
            "clv.discount_rate is a yearly rate between 0 and 1 (0.1 for 10%), found {}",
            self.clv.discount_rate
        );
        self.validate_revisit()?;
        columns::check_column_overrides(self)?;
        columns::values::StatusWords::new(&self.input.status_aliases)?;
        let a = &self.attributes;
        ensure!(
            a.large_share >= 0.0 && a.medium_share >= 0.0 && a.large_share + a.medium_share <= 1.0,
            "attributes.large_share and attributes.medium_share must be 0 or more and add up to at most 1"
        );
        self.validate_levels()
    }

    fn validate_levels(&self) -> Result<()> {
        let levels = &self.tiers.levels;
        ensure!(
            levels.len() >= 2,
            "tiers.levels needs at least two levels, found {}",
            levels.len()
        );
        for (i, level) in levels.iter().enumerate() {
            ensure!(
                !level.name.trim().is_empty(),
                "tiers.levels[{i}] has an empty name"
            );
            if levels[..i].iter().any(|l| l.name == level.name) {
                bail!("tier name \"{}\" is used twice", level.name);
            }
            if let Some(colour) = &level.colour {
                ensure!(
                    parse_colour(colour).is_some(),
                    "tier \"{}\": colour must look like #FFE699, found \"{colour}\"",
                    level.name
                );
            }
        }
        let (last, upper) = levels.split_last().expect("at least two levels");
        for level in upper {
            if let Some(when) = &level.when {
                attributes::check(when, &self.attributes.home_region)
                    .with_context(|| format!("tier \"{}\"", level.name))?;
            }
        }
        ensure!(
            last.when.is_none(),
            "the last tier \"{}\" takes every remaining customer and cannot have a when condition",
            last.name
        );
        match self.tiers.method {
            TierMethod::Share => {
                let mut total = 0.0;
                for level in upper {
                    let share = level.share.with_context(|| {
                        format!(
                            "tier \"{}\" needs a share (0 to 1) with method = \"share\"",
                            level.name
                        )
                    })?;
                    ensure!(
                        share > 0.0 && share <= 1.0,
                        "tier \"{}\": share must be above 0 and at most 1, found {share}",
                        level.name
                    );
                    total += share;
                }
                ensure!(
                    total <= 1.0 + 1e-9,
                    "tier shares add up to {total}, more than 1"
                );
            }
            TierMethod::Rules => {
                for level in upper.iter().filter(|l| l.when.is_none()) {
                    ensure!(
                        level.has_conditions(),
                        "tier \"{}\" needs at least one of min_score, min_net_spend, min_orders, min_categories with method = \"rules\"",
                        level.name
                    );
                }
                ensure!(
                    !last.has_conditions(),
                    "the last tier \"{}\" takes every remaining customer and cannot have min_* conditions",
                    last.name
                );
            }
        }
        Ok(())
    }

    fn validate_revisit(&self) -> Result<()> {
        let r = &self.revisit;
        ensure!(
            !r.tier_days.is_empty() && r.tier_days.iter().all(|d| *d >= 1),
            "revisit.tier_days lists days between visits by tier, highest first, each at least 1"
        );
        for key in r.segment_days.keys() {
            ensure!(
                Segment::ALL.iter().any(|s| s.key() == key),
                "revisit.segment_days: \"{key}\" is not a segment"
            );
        }
        for day in &r.weekdays {
            ensure!(
                day.parse::<chrono::Weekday>().is_ok(),
                "revisit.weekdays: \"{day}\" is not a weekday (mon, tue, ... sun)"
            );
        }
        ensure!(r.per_day >= 1, "revisit.per_day must be at least 1");
        ensure!(
            (0.0..=1.0).contains(&r.p_alive_below),
            "revisit.p_alive_below is a probability between 0 and 1"
        );
        Ok(())
    }

    /// The effective configuration as `key = value` lines, for the Rules sheet.
    pub fn to_lines(&self) -> Vec<(String, String)> {
        let mut lines = Vec::new();
        if let Ok(value) = toml::Value::try_from(self) {
            flatten("", &value, &mut lines);
        }
        lines
    }
}

fn flatten(prefix: &str, value: &toml::Value, out: &mut Vec<(String, String)>) {
    match value {
        toml::Value::Table(table) => {
            for (key, v) in table {
                let key = if prefix.is_empty() {
                    key.clone()
                } else {
                    format!("{prefix}.{key}")
                };
                flatten(&key, v, out);
            }
        }
        toml::Value::Array(items) if items.iter().all(toml::Value::is_table) => {
            for (i, v) in items.iter().enumerate() {
                flatten(&format!("{prefix}[{i}]"), v, out);
            }
        }
        other => out.push((prefix.to_owned(), other.to_string())),
    }
}

/// Parses `#RRGGBB` into 0xRRGGBB.
pub fn parse_colour(text: &str) -> Option<u32> {
    let hex = text.strip_prefix('#')?;
    if hex.len() != 6 {
        return None;
    }
    u32::from_str_radix(hex, 16).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::columns::TableKind;

    #[test]
    fn empty_file_gives_the_defaults() {
        assert_eq!(Config::parse("").unwrap(), Config::default());
    }

    #[test]
    fn defaults_are_valid() {
        Config::default().validate().unwrap();
    }

    #[test]
    fn unknown_keys_are_errors() {
        let err = Config::parse("[score]\nweigths = {}\n").unwrap_err();
        assert!(
            format!("{err:#}").contains("unknown field `weigths`"),
            "{err:#}"
        );
    }

    #[test]
    fn shares_above_one_are_rejected() {
        let text = r#"
[tiers]
levels = [
  { name = "a", share = 0.7 },
  { name = "b", share = 0.6 },
  { name = "c" },
]"#;
        let err = Config::parse(text).unwrap_err();
        assert!(err.to_string().contains("add up to"), "{err}");
    }

    #[test]
    fn rules_need_conditions_on_all_but_the_last_level() {
        let text = r#"
[tiers]
method = "rules"
levels = [
  { name = "vip", min_net_spend = 100000 },
  { name = "rest", min_orders = 1 },
]"#;
        let err = Config::parse(text).unwrap_err();
        assert!(err.to_string().contains("last tier \"rest\""), "{err}");
    }

    #[test]
    fn the_template_is_the_defaults_with_every_key_written_out() {
        assert_eq!(Config::parse(TEMPLATE).unwrap(), Config::default());
        let written: toml::Value = toml::from_str(TEMPLATE).unwrap();
        let mut written_keys = Vec::new();
        flatten("", &written, &mut written_keys);
        written_keys.sort();
        let mut default_keys = Config::default().to_lines();
        default_keys.sort();
        assert_eq!(written_keys, default_keys);
    }

    #[test]
    fn the_template_lists_each_kind_s_column_fields() {
        for kind in TableKind::ALL {
            let section = format!("[columns.{}]\n# Fields: ", kind.name());
            let start = TEMPLATE.find(&section).expect("a section per kind") + section.len();
            let listed: String = TEMPLATE[start..]
                .split("\n\n")
                .next()
                .unwrap()
                .lines()
                .take_while(|l| !l.contains('='))
                .map(|l| l.trim_start_matches("# "))
                .collect::<Vec<_>>()
                .join(" ");
            let listed: Vec<&str> = listed.split(", ").map(str::trim).collect();
            let fields: Vec<&str> = kind.fields().iter().map(|f| f.key()).collect();
            assert_eq!(listed, fields, "{}", kind.name());
        }
    }

    /// Tables whose keys are the user's (segment keys, field names, status words): one entry in
    /// the reference each.
    const OPEN_TABLES: [&str; 10] = [
        "columns.orders",
        "columns.customers",
        "columns.feedback",
        "columns.products",
        "input.status_aliases",
        "segments.strategy",
        "segments.strategy_zh",
        "segments.when",
        "revisit.segment_days",
        "tiers.levels[].when",
    ];

    /// Keys whose defaults are sentences, too long for the reference's table.
    const PROSE_DEFAULTS: [&str; 4] = [
        "tiers.levels[].strategy",
        "tiers.levels[].strategy_zh",
        "segments.strategy",
        "segments.strategy_zh",
    ];

    /// Every key path of `value` with its values: one, or for the items of an array of tables
    /// (a `[]` path), each item's that has the key.
    fn reference_keys(
        prefix: &str,
        value: &toml::Value,
        out: &mut BTreeMap<String, Vec<toml::Value>>,
    ) {
        let join = |key: &str| {
            if prefix.is_empty() {
                key.to_owned()
            } else {
                format!("{prefix}.{key}")
            }
        };
        match value {
            toml::Value::Table(table) if !OPEN_TABLES.contains(&prefix) => {
                for (key, v) in table {
                    reference_keys(&join(key), v, out);
                }
            }
            toml::Value::Array(items) if items.first().is_some_and(toml::Value::is_table) => {
                for item in items {
                    reference_keys(&format!("{prefix}[]"), item, out);
                }
            }
            other => out
                .entry(prefix.to_owned())
                .or_default()
                .push(other.clone()),
        }
    }

    /// The documented value of a key: the one value, or the array of the items' values.
    fn as_documented(key: &str, values: &[toml::Value]) -> toml::Value {
        if key.contains("[]") {
            toml::Value::Array(values.to_vec())
        } else {
            values[0].clone()
        }
    }

    #[test]
    fn the_reference_documents_every_key() {
        let defaults = toml::Value::try_from(Config::default()).unwrap();
        let mut known = BTreeMap::new();
        reference_keys("", &defaults, &mut known);
        // Optional keys have no default to serialise: set them all once.
        let mut full = Config::default();
        let everything = When {
            size: vec!["large".into()],
            region: vec!["x".into()],
            industry: vec!["x".into()],
            location: vec!["local".into()],
            needs: vec!["custom".into()],
        };
        full.tiers.levels[0] = Level {
            min_net_spend: Some(1.0),
            min_orders: Some(1),
            min_categories: Some(1),
            when: Some(everything),
            ..full.tiers.levels[0].clone()
        };
        let mut schema = BTreeMap::new();
        reference_keys("", &toml::Value::try_from(full).unwrap(), &mut schema);

        let doc = include_str!("../../docs/configuration.md");
        let mut documented = Vec::new();
        for line in doc.lines().filter(|l| l.starts_with("| `")) {
            let cells: Vec<&str> = line.split(" | ").collect();
            let key = cells[0].trim_start_matches("| ").trim_matches('`');
            documented.push(key.to_owned());
            assert!(
                schema.contains_key(key),
                "{key} is documented but not a key"
            );
            // The default: a TOML value in backticks (perhaps followed by a remark), "none"
            // for a key without one, or words for the long texts.
            let default = cells[1];
            if let Some(literal) = default
                .strip_prefix('`')
                .and_then(|d| d.split_once('`'))
                .map(|(literal, _)| literal)
            {
                let parsed: toml::Table = toml::from_str(&format!("v = {literal}")).unwrap();
                let code = known.get(key).map(|v| as_documented(key, v));
                assert_eq!(Some(&parsed["v"]), code.as_ref(), "default of {key}");
            } else if default == "none" {
                assert!(!known.contains_key(key), "{key} has a default");
            } else {
                assert!(
                    PROSE_DEFAULTS.contains(&key),
                    "{key}: give its default in backticks"
                );
            }
        }
        let undocumented: Vec<&String> =
            schema.keys().filter(|k| !documented.contains(k)).collect();
        assert!(
            undocumented.is_empty(),
            "not in docs/configuration.md: {undocumented:?}"
        );
    }

    #[test]
    fn effective_config_flattens_to_keys() {
        let lines = Config::default().to_lines();
        assert!(lines.contains(&("window.months".into(), "12".into())));
        assert!(lines.contains(&("tiers.levels[0].name".into(), "\"diamond\"".into())));
    }

    #[test]
    fn segments_when_accepts_limitable_segments_only() {
        let ok = "[segments.when]\noccasional_large = { size = \"large\" }";
        assert_eq!(
            Config::parse(ok).unwrap().segments.when["occasional_large"].size,
            ["large"]
        );
        let err = Config::parse("[segments.when]\nregular = { size = \"large\" }").unwrap_err();
        assert!(
            err.to_string().contains("\"regular\" cannot be limited"),
            "{err}"
        );
    }
}
