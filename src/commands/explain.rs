//! `tiers explain`: grade the inputs, find one customer, print why they have their tier.

use anyhow::{Result, bail};

use super::{Inputs, Messages, UsageError, print_stdout};
use crate::cli::ExplainArgs;
use crate::config::Config;
use crate::pipeline::previous::level_index;
use crate::pipeline::restore::Restored;
use crate::pipeline::{self, Graded, explain};
use crate::write::explain as render;

pub(super) fn run(args: &ExplainArgs) -> Result<()> {
    // An unset variable in a script (`tiers explain "$ID" ...`) must not explain someone.
    if args.customer.trim().is_empty() {
        return Err(UsageError(
            "the customer to explain is empty; give an id or a name".to_owned(),
        )
        .into());
    }
    let common = &args.common;
    let Inputs {
        tables,
        config,
        as_of,
        workbook,
    } = Inputs::load(&args.inputs, common)?;
    let previous = workbook.as_ref().map(|w| &w.previous);
    let lang = common.lang.or(previous.map(|p| p.lang)).unwrap_or_default();
    let messages = Messages::new(common.quiet || common.json, lang);
    let graded = pipeline::grade(&tables, &config, as_of, previous)?;
    for notice in &graded.data.notices {
        messages.note_in(notice);
    }
    let i = find(&graded, &args.customer).map_err(|e| {
        // A customer the workbook keeps as inactive, for what the team wrote of them.
        let query = args.customer.trim();
        let inactive = workbook.as_ref().and_then(|restored| {
            restored.previous.rows.iter().find(|r| {
                graded.data.customer(&r.id).is_none()
                    && (r.id.eq_ignore_ascii_case(query) || r.name == query)
            })
        });
        match inactive {
            Some(row) => anyhow::anyhow!(
                "{} {} is no longer in the inputs the workbook was graded from: it keeps them as inactive, with what the team wrote, and has nothing to grade",
                row.id,
                row.name
            ),
            None => e,
        }
    })?;
    if let Some(restored) = &workbook {
        check_against_workbook(restored, &graded, i, &config, &messages);
    }
    let explanation = explain::explain(&graded, i, &config);
    let text = if args.common.json {
        render::json(&graded, i, &explanation, &config)
    } else {
        render::text(&graded, i, &explanation, &config, lang)
    };
    print_stdout(&text)
}

/// Warns when grading the workbook again does not give the tier it shows for the customer,
/// as when its Orders sheet was edited or another configuration or date was asked for.
fn check_against_workbook(
    restored: &Restored,
    graded: &Graded,
    i: usize,
    config: &Config,
    messages: &Messages,
) {
    let customer = &graded.data.customers[i];
    let Some(shown) = restored
        .previous
        .history
        .iter()
        .find(|s| s.as_of == restored.as_of && *s.id == *customer.id)
    else {
        return;
    };
    let tier = &config.tiers.levels[graded.tiers[i]];
    let same = level_index(&config.tiers.levels, &shown.tier) == Some(graded.tiers[i]);
    if !same || (shown.score - graded.scores[i].total).abs() > 0.05 {
        let (id, name, score, again) = (
            &customer.id,
            &customer.name,
            shown.score,
            graded.scores[i].total,
        );
        messages.warning(&messages.say(
            format!(
                "the workbook shows {id} {name} as {} with score {score:.1} as of {}; graded again: {} with score {again:.1}",
                shown.tier, restored.as_of, tier.name
            ),
            format!(
                "工作簿显示 {id} {name} 截至 {} 为{}，得分 {score:.1}；重新定级为{}，得分 {again:.1}",
                restored.as_of,
                shown.tier,
                crate::write::labels::tier_name(tier, crate::model::Lang::Zh)
            ),
        ));
    }
}

/// The customer `query` names: an exact id or name (or the name as names are keyed), else
/// the only one whose id or name contains it (ignoring case).
fn find(graded: &Graded, query: &str) -> Result<usize> {
    let customers = &graded.data.customers;
    let query = query.trim();
    // Ids are read as the inputs' are (Ｃ１ is C1, 123.0 is 123); names as written.
    let as_id = crate::pipeline::columns::values::identifier(query);
    if let Some(i) = graded
        .data
        .customer(&as_id)
        .or_else(|| graded.data.customer_by_record_id(&as_id))
    {
        return Ok(i as usize);
    }
    if let Some(i) = customers.iter().position(|c| c.name == query) {
        return Ok(i);
    }
    // A name as the inputs' names are keyed (Acme Corp. for Acme Corp, Acme  Corp).
    let as_name = crate::pipeline::columns::values::name_key(query);
    if let Some(i) = customers
        .iter()
        .position(|c| crate::pipeline::columns::values::name_key(&c.name) == as_name)
    {
        return Ok(i);
    }
    let (lower, lower_id) = (query.to_lowercase(), as_id.to_lowercase());
    let matches: Vec<usize> = (0..customers.len())
        .filter(|&i| {
            let c = &customers[i];
            c.id.to_lowercase().contains(&lower_id) || c.name.to_lowercase().contains(&lower)
        })
        .collect();
    match matches.as_slice() {
        [i] => Ok(*i),
        [] => bail!(
            "no customer matches \"{query}\" among {} customers",
            customers.len()
        ),
        many => {
            let names: Vec<String> = many
                .iter()
                .take(10)
                .map(|&i| {
                    format!("{} {}", customers[i].id, customers[i].name)
                        .trim_end()
                        .to_owned()
                })
                .collect();
            let more = if many.len() > 10 {
                format!(" and {} more", many.len() - 10)
            } else {
                String::new()
            };
            bail!(
                "\"{query}\" matches {} customers: {}{more}; give more of the id or name",
                many.len(),
                names.join(", ")
            )
        }
    }
}
