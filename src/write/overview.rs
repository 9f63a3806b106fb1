//! Figures that the management workbook's Summary sheet and `tiers report` both show: customers
//! per group and tier, and the tier migration between two snapshots. Computed once here so the
//! two always agree.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rustc_hash::FxHashMap;
use serde::Serialize;

use super::labels::{Labels, labels};
use crate::config::Config;
use crate::model::Lang;
use crate::pipeline::Graded;
use crate::pipeline::behaviour::Label;
use crate::pipeline::columns::Field;
use crate::pipeline::previous::{Snapshot, level_index};

/// How many values of a free-text attribute (region, industry, owner) are listed before the
/// rest are put together.
const MAX_GROUPS: usize = 30;

/// Named groups of customer indexes.
pub type Groups = Vec<(String, Vec<usize>)>;

/// Customers grouped one way, with their count per tier and net spend.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Breakdown {
    /// What the customers are grouped by, as a title.
    pub title: String,
    /// One line per group.
    pub groups: Vec<GroupLine>,
}

/// One group of a [`Breakdown`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupLine {
    /// The group's name.
    pub name: String,
    /// Customers per tier, highest tier first.
    pub tiers: Vec<usize>,
    /// Their net spend per tier, highest tier first.
    pub tier_spend: Vec<f64>,
    /// All the group's customers.
    pub customers: usize,
    /// Their net spend in the window.
    pub net_spend: f64,
}

impl Breakdown {
    /// Counts `groups` by tier.
    pub fn of(title: &str, groups: &Groups, graded: &Graded, levels: usize) -> Self {
        let groups = groups
            .iter()
            .map(|(name, members)| {
                let mut tiers = vec![0; levels];
                let mut tier_spend = vec![0.0; levels];
                for &i in members {
                    tiers[graded.tiers[i]] += 1;
                    tier_spend[graded.tiers[i]] += graded.metrics[i].net_spend();
                }
                GroupLine {
                    name: name.clone(),
                    tiers,
                    tier_spend,
                    customers: members.len(),
                    net_spend: members.iter().map(|&i| graded.metrics[i].net_spend()).sum(),
                }
            })
            .collect();
        Self {
            title: title.to_owned(),
            groups,
        }
    }
}

/// Customers by behavioural segment, every segment of the configured method listed.
pub fn by_segment(graded: &Graded, config: &Config, lang: Lang) -> Breakdown {
    let l = labels(lang);
    let n = graded.data.customers.len();
    let groups: Groups = Label::all(config.segments.method)
        .into_iter()
        .map(|label| {
            let members = (0..n).filter(|&i| graded.segments[i].segment == label);
            (l.segment(label).to_owned(), members.collect())
        })
        .collect();
    Breakdown::of(
        l.segment_overview[0],
        &groups,
        graded,
        config.tiers.levels.len(),
    )
}

/// A customer's class by index (size, local or remote, needs), `None` when not known.
type Class<'c> = &'c dyn Fn(usize) -> Option<usize>;

/// Customers by each attribute class the inputs allow: size, local or remote, needs.
pub fn by_class(graded: &Graded, config: &Config, lang: Lang) -> Vec<Breakdown> {
    let l = labels(lang);
    let n = graded.data.customers.len();
    let classes = &graded.classes;
    let class_of: [(usize, &[&str], Class<'_>); 3] = [
        (0, &l.sizes[..3], &|i| {
            classes[i].size.map(|(s, _)| s as usize)
        }),
        (1, &l.locations, &|i| {
            classes[i].local.map(|local| usize::from(!local))
        }),
        (2, &l.needs, &|i| classes[i].custom.map(usize::from)),
    ];
    class_of
        .into_iter()
        .filter(|(_, _, class)| (0..n).any(|i| class(i).is_some()))
        .map(|(title, names, class)| {
            let groups: Groups = names
                .iter()
                .enumerate()
                .map(|(k, name)| {
                    let members = (0..n).filter(|&i| class(i) == Some(k));
                    ((*name).to_owned(), members.collect())
                })
                .collect();
            Breakdown::of(
                l.group_overviews[title],
                &groups,
                graded,
                config.tiers.levels.len(),
            )
        })
        .collect()
}

/// Customers by region or industry; `None` when the inputs have no such column.
pub fn by_field(graded: &Graded, field: Field, config: &Config, lang: Lang) -> Option<Breakdown> {
    let l = labels(lang);
    let title = match field {
        Field::Region => l.group_overviews[3],
        Field::Industry => l.group_overviews[4],
        _ => return None,
    };
    graded
        .data
        .attribute_fields
        .iter()
        .any(|(f, _)| *f == field)
        .then(|| {
            let values: Vec<Option<String>> = (0..graded.data.customers.len())
                .map(|i| graded.data.attribute(i as u32, field))
                .collect();
            let groups = text_groups(&values, l);
            Breakdown::of(title, &groups, graded, config.tiers.levels.len())
        })
}

/// Customers grouped by a free-text value, the most common first; empty values and, past
/// `MAX_GROUPS`, the rarest ones are put together at the end.
pub fn text_groups(values: &[Option<String>], l: &Labels) -> Groups {
    let mut by_value: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    let mut not_given = Vec::new();
    for (i, value) in values.iter().enumerate() {
        match value.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
            Some(v) => by_value.entry(v).or_default().push(i),
            None => not_given.push(i),
        }
    }
    let mut groups: Groups = by_value
        .into_iter()
        .map(|(v, members)| (v.to_owned(), members))
        .collect();
    groups.sort_by_key(|(_, members)| std::cmp::Reverse(members.len()));
    if groups.len() > MAX_GROUPS {
        let rest: Vec<usize> = groups
            .drain(MAX_GROUPS - 1..)
            .flat_map(|(_, m)| m)
            .collect();
        groups.push((l.group_other[1].to_owned(), rest));
    }
    if !not_given.is_empty() {
        groups.push((l.group_other[0].to_owned(), not_given));
    }
    groups
}

/// A customer named in a migration cell.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Mover {
    /// Customer id.
    pub id: String,
    /// Name, empty when unknown.
    pub name: String,
}

/// Who went from which tier to which between a snapshot and this run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Migration {
    /// The snapshot's as-of date; `None` when there is no earlier snapshot (everyone is new).
    pub from: Option<NaiveDate>,
    /// Rows: the snapshot's tiers, then "new" (not in the snapshot). Columns: this run's tiers,
    /// then "left" (in the snapshot, no longer in the inputs). Each cell lists its customers,
    /// in this run's ranking (customers who left: in the snapshot's order).
    pub cells: Vec<Vec<Vec<Mover>>>,
    /// Snapshot lines whose tier is no longer a configured tier (counted as new).
    pub unknown_tiers: usize,
}

impl Migration {
    /// Between `snapshot` (the lines of one earlier run, dated `from`) and this run.
    /// `name_of` names a customer who left, from what the workbook last showed.
    pub fn between(
        graded: &Graded,
        snapshot: &[Snapshot],
        from: Option<NaiveDate>,
        levels: &[crate::config::Level],
        name_of: impl Fn(&str) -> String,
    ) -> Self {
        let n = levels.len();
        let mut cells = vec![vec![Vec::new(); n + 1]; n + 1];
        let before = tiers_then(snapshot, levels);
        let unknown_tiers = snapshot.len() - before.len();
        for &i in &graded.ranking {
            let customer = &graded.data.customers[i];
            let row = before.get(customer.id.as_str()).copied().unwrap_or(n);
            cells[row][graded.tiers[i]].push(Mover {
                id: customer.id.clone(),
                name: customer.name.clone(),
            });
        }
        for line in snapshot {
            if graded.data.customer(&line.id).is_none()
                && let Some(&t) = before.get(&*line.id)
            {
                cells[t][n].push(Mover {
                    id: line.id.to_string(),
                    name: name_of(&line.id),
                });
            }
        }
        Self {
            from,
            cells,
            unknown_tiers,
        }
    }

    /// The number of customers in each cell.
    pub fn counts(&self) -> Vec<Vec<usize>> {
        self.cells
            .iter()
            .map(|row| row.iter().map(Vec::len).collect())
            .collect()
    }
}

/// Each customer's tier in a snapshot, by id; lines whose tier is no longer configured are
/// left out.
pub fn tiers_then<'s>(
    snapshot: &'s [Snapshot],
    levels: &[crate::config::Level],
) -> FxHashMap<&'s str, usize> {
    snapshot
        .iter()
        .filter_map(|s| level_index(levels, &s.tier).map(|t| (&*s.id, t)))
        .collect()
}

/// The as-of date of the latest snapshot in `history` before `as_of`.
pub fn latest_before(history: &[Snapshot], as_of: NaiveDate) -> Option<NaiveDate> {
    history.iter().map(|s| s.as_of).filter(|d| *d < as_of).max()
}

/// The lines of `history` dated `as_of`.
pub fn snapshot_at(history: &[Snapshot], as_of: NaiveDate) -> Vec<Snapshot> {
    history
        .iter()
        .filter(|s| s.as_of == as_of)
        .cloned()
        .collect()
}

/// This run's grades as snapshot lines dated `as_of`, as the Tier history records them.
pub fn snapshot_of(
    graded: &Graded,
    as_of: NaiveDate,
    levels: &[crate::config::Level],
) -> Vec<Snapshot> {
    graded
        .ranking
        .iter()
        .map(|&i| Snapshot {
            as_of,
            id: graded.data.customers[i].id.as_str().into(),
            tier: levels[graded.tiers[i]].name.as_str().into(),
            qualified: levels[graded.qualified[i]].name.as_str().into(),
            score: graded.scores[i].total,
            net_spend: graded.metrics[i].net_spend(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::pipeline::{grade, read};

    #[test]
    fn migration_counts_new_left_and_unknown_tiers() {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/shop");
        let tables = read::read_inputs(&[dir.join("orders.csv")]).unwrap();
        let config = Config::default();
        let as_of = NaiveDate::from_ymd_opt(2026, 6, 30).unwrap();
        let graded = grade(&tables, &config, as_of, None).unwrap();
        let levels = &config.tiers.levels;
        let then = NaiveDate::from_ymd_opt(2026, 5, 31).unwrap();
        let mut snapshot = snapshot_of(&graded, then, levels);
        // The first customer was not graded then (new); the second was a tier that is no
        // longer configured; the third was diamond; one graded then is gone now (left).
        let first = snapshot.remove(0);
        snapshot[0].tier = "platinum".into();
        snapshot[1].tier = "diamond".into();
        let third = snapshot[1].id.clone();
        snapshot.push(Snapshot {
            id: "GONE".into(),
            tier: "gold".into(),
            ..snapshot[1].clone()
        });
        let m = Migration::between(&graded, &snapshot, Some(then), levels, |id| {
            format!("name of {id}")
        });
        let n = levels.len();
        let counts = m.counts();
        let total: usize = counts.iter().flatten().sum();
        assert_eq!(
            total,
            graded.data.customers.len() + 1,
            "everyone once, and who left"
        );
        assert_eq!(m.unknown_tiers, 1);
        assert_eq!(
            counts[n].iter().sum::<usize>(),
            2,
            "new: the first, and the unknown"
        );
        let i = graded.data.customer(&first.id).unwrap() as usize;
        assert!(
            m.cells[n][graded.tiers[i]]
                .iter()
                .any(|p| *p.id == *first.id)
        );
        let k = graded.data.customer(&third).unwrap() as usize;
        assert!(m.cells[0][graded.tiers[k]].iter().any(|p| *p.id == *third));
        assert_eq!(
            m.cells[1][n],
            [Mover {
                id: "GONE".into(),
                name: "name of GONE".into()
            }]
        );
    }
}
