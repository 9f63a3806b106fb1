//! The command line, declared with clap; the doc comments are the `--help` text. No logic here:
//! [`commands`](crate::commands) turns these arguments into a validated job.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand};

use crate::model::Lang;

/// Grade customers from spreadsheets: diamond, gold, silver, ordinary.
#[derive(Debug, Parser)]
#[command(name = "tiers", version, about, long_about = None)]
pub struct Cli {
    /// The command to run.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Grade every customer and write the management workbook.
    #[command(after_help = SCORE_EXAMPLES)]
    Score(ScoreArgs),
    /// Explain one customer's grade: each part of the score, the cut-offs, the way up.
    #[command(after_help = EXPLAIN_EXAMPLES)]
    Explain(ExplainArgs),
    /// Plan the month's revisits from a management workbook: who is due, why, and when.
    #[command(after_help = REVISIT_EXAMPLES)]
    Revisit(RevisitArgs),
    /// The manager's report: tiers, concentration, migration, groups, top customers, risks,
    /// as a workbook with charts or one HTML page.
    #[command(after_help = REPORT_EXAMPLES)]
    Report(ReportArgs),
    /// Write a commented tiers.toml with every option at its default, and optionally a sample
    /// workbook to try tiers on.
    #[command(after_help = INIT_EXAMPLES)]
    Init(InitArgs),
    /// Read the inputs and the config, write nothing, and show what tiers found: sheets,
    /// column mapping, rows, dates, the rows it would not use and why. Exits 1 when `score`
    /// would fail.
    #[command(after_help = CHECK_EXAMPLES)]
    Check(CheckArgs),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish) to stdout.
    #[command(after_help = COMPLETIONS_EXAMPLES)]
    Completions(CompletionsArgs),
    /// Print the manual page (roff) of tiers or of one of its commands to stdout.
    #[command(after_help = MAN_EXAMPLES)]
    Man(ManArgs),
}

impl Cli {
    /// Whether a failure is also reported as a JSON object on stdout: `--json` was given to
    /// a command that prints its result there. `check` reports its failures in its own object.
    pub fn reports_failure_as_json(&self) -> bool {
        match &self.command {
            Command::Score(args) => args.common.json,
            Command::Explain(args) => args.common.json,
            Command::Revisit(args) => args.common.json,
            Command::Report(args) => args.common.json,
            Command::Init(_) | Command::Check(_) | Command::Completions(_) | Command::Man(_) => {
                false
            }
        }
    }
}

const INIT_EXAMPLES: &str = "\
Examples:
  tiers init                     # ./tiers.toml
  tiers init shop --sample       # shop/tiers.toml and shop/sample.xlsx
  tiers init --sample --lang zh  # a Chinese sample workbook";

/// Arguments of `tiers init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// The directory to write into (created if missing).
    #[arg(value_name = "DIR", default_value = ".")]
    pub dir: PathBuf,

    /// Also write sample.xlsx: 300 made-up customers and 5,000 order lines up to today.
    #[arg(long)]
    pub sample: bool,

    /// Language of the sample workbook's sheets, headers and values.
    #[arg(long, value_enum, default_value_t = Lang::En, requires = "sample")]
    pub lang: Lang,

    /// Replace a tiers.toml (or sample.xlsx) that is already there, keeping a backup of it.
    #[arg(long)]
    pub force: bool,
}

const CHECK_EXAMPLES: &str = "\
Examples:
  tiers check customers.xlsx
  tiers check customers.csv orders.csv --config tiers.toml -o management.xlsx
  tiers check export.xlsx --strict && tiers score export.xlsx
  tiers check export.xlsx --json | jq .tables
  tiers check 订单.xlsx --lang zh";

/// Arguments of `tiers check`.
#[allow(
    clippy::struct_excessive_bools,
    reason = "the command line's own flags, each independent"
)]
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Input files, as for `tiers score`.
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,

    /// The workbook `tiers score` would write, checked as it would be read back [default:
    /// <first input's name>.tiers.xlsx beside it].
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// As `score --fresh`: a workbook already at the output path would be replaced, not
    /// re-graded.
    #[arg(long)]
    pub fresh: bool,

    /// The date the scoring window ends (YYYY-MM-DD), to count the orders inside it
    /// [default: today].
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub as_of: Option<NaiveDate>,

    /// Scoring rules to check [default: ./tiers.toml if present, else the built-in defaults].
    #[arg(short, long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Language of the report [default: that of the workbook at the output path, else en];
    /// `--json` is always English.
    #[arg(long, value_enum)]
    pub lang: Option<Lang>,

    /// Print one JSON object on stdout instead of the report.
    #[arg(long)]
    pub json: bool,

    /// Print nothing; the exit code says whether `score` would succeed.
    #[arg(short, long)]
    pub quiet: bool,

    /// Also fail when any input row cannot be used, as `score --strict` would.
    #[arg(long)]
    pub strict: bool,
}

const COMPLETIONS_EXAMPLES: &str = "\
Examples:
  tiers completions bash > ~/.local/share/bash-completion/completions/tiers
  tiers completions zsh > ~/.zfunc/_tiers        # with fpath+=(~/.zfunc) in ~/.zshrc
  tiers completions fish > ~/.config/fish/completions/tiers.fish
  tiers completions powershell >> $PROFILE";

/// Arguments of `tiers completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    pub shell: clap_complete::Shell,
}

const MAN_EXAMPLES: &str = "\
Examples:
  tiers man | man -l -
  tiers man score > ~/.local/share/man/man1/tiers-score.1
  mkdir -p ~/.local/share/man/man1 && for c in '' score explain revisit report; do
    tiers man $c > ~/.local/share/man/man1/tiers${c:+-$c}.1; done";

/// Arguments of `tiers man`.
#[derive(Debug, Args)]
pub struct ManArgs {
    /// The command whose page to print (score, explain, revisit, report, ...); tiers' own page
    /// when left out.
    pub command: Option<String>,
}

const REPORT_EXAMPLES: &str = "\
Examples:
  tiers report management.xlsx -o report-2026-11.xlsx
  tiers report management.xlsx --format html -o report.html --redact
  tiers report management.xlsx --compare 2026-09-30 --lang zh
  tiers report customers.csv orders.csv --as-of 2026-10-31 --compare 2026-09-30";

/// What `tiers report` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    /// A workbook with native Excel charts, ready to print.
    Xlsx,
    /// One self-contained web page (inline CSS and SVG charts).
    Html,
}

/// Arguments of `tiers report`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The management workbook `tiers score` wrote (graded again as of its own date, with its
    /// history); or input files as for `tiers score`, graded first.
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,

    /// Where to write the report [default: <first input's name>.report-YYYY-MM.xlsx (or
    /// .html) beside it].
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// xlsx or html [default: from the output's extension, else xlsx].
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<ReportFormat>,

    /// Mask contact details (contact person, phone, e-mail), for reports that leave the
    /// sales team.
    #[arg(long)]
    pub redact: bool,

    /// Compare with the grading of this date: a snapshot in the workbook's Tier history, or
    /// else the same orders graded as of DATE [default: the workbook's previous snapshot].
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub compare: Option<NaiveDate>,

    /// Options every command shares.
    #[command(flatten)]
    pub common: CommonArgs,
}

const REVISIT_EXAMPLES: &str = "\
Examples:
  tiers revisit management.xlsx --month 2026-12
  tiers revisit management.xlsx --month next --owner 王丽 --ics visits.ics
  tiers revisit management.xlsx --month this --json";

/// Arguments of `tiers revisit`.
#[derive(Debug, Args)]
pub struct RevisitArgs {
    /// The management workbook `tiers score` wrote.
    #[arg(value_name = "WORKBOOK")]
    pub workbook: PathBuf,

    /// The month to plan: YYYY-MM, this or next (from today, or --as-of).
    #[arg(long, value_name = "MONTH", default_value = "next")]
    pub month: String,

    /// Where to write the plan [default: <workbook's name>.revisit-YYYY-MM.xlsx beside it].
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Also write the plan as CSV.
    #[arg(long, value_name = "FILE")]
    pub csv: Option<PathBuf>,

    /// Also write the scheduled visits as an iCalendar file (Outlook, Google Calendar).
    #[arg(long, value_name = "FILE")]
    pub ics: Option<PathBuf>,

    /// Only this owner's visits.
    #[arg(long, value_name = "NAME")]
    pub owner: Option<String>,

    /// Options every command shares.
    #[command(flatten)]
    pub common: CommonArgs,
}

const EXPLAIN_EXAMPLES: &str = "\
Examples:
  tiers explain C0036 customers.xlsx --as-of 2026-11-01
  tiers explain C0036 management.xlsx
  tiers explain 华兴 订单.xlsx --lang zh
  tiers explain \"Harbor Foods\" customers.csv orders.csv --json";

/// Arguments of `tiers explain`.
#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The customer: an id or a name, or part of one when only one customer matches.
    #[arg(value_name = "CUSTOMER")]
    pub customer: String,

    /// The input files, as for `tiers score`; or one management workbook `tiers score` wrote,
    /// graded again as of its own date and with its own configuration (unless --as-of or
    /// --config say otherwise).
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,

    /// Options every command shares.
    #[command(flatten)]
    pub common: CommonArgs,
}

const SCORE_EXAMPLES: &str = "\
Examples:
  tiers score customers.xlsx
  tiers score customers.csv orders.csv -o book.xlsx --as-of 2026-11-01
  tiers score 订单.xlsx --lang zh
  tiers score customers.xlsx -o management.xlsx --dry-run
  tiers score export.xlsx --json --quiet > summary.json
  tiers score customers.xlsx --as-of 2026-10-31 --holdout-from 2026-05-01";

/// Arguments of `tiers score`.
#[derive(Debug, Args)]
pub struct ScoreArgs {
    /// Input files: .xlsx, .xlsm, .xls, .ods, .csv or .tsv, holding orders and optionally
    /// customers and feedback (recognised by their headers).
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,

    /// Where to write the workbook [default: <first input's name>.tiers.xlsx beside it]. A
    /// workbook tiers wrote there before is read back first: people's edits and the tier
    /// history are kept.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Start a new workbook instead of re-grading the one at the output path (it is backed up).
    #[arg(long)]
    pub fresh: bool,

    /// Show whose tier would change and what would be carried over, without writing anything.
    #[arg(long)]
    pub dry_run: bool,

    /// Leave the Orders sheet (every order line) out of the workbook: for very large inputs,
    /// or when only the customers are wanted. Tiers and scores are the same; `explain`,
    /// `revisit` and `report` then need the original inputs rather than the workbook alone.
    #[arg(long)]
    pub no_history: bool,

    /// Backtest lifetime value: fit on the orders before DATE, predict each customer's
    /// purchases from DATE to the as-of date, and compare with what they bought (a Backtest
    /// sheet, and a table on the terminal).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub holdout_from: Option<NaiveDate>,

    /// Options every command shares.
    #[command(flatten)]
    pub common: CommonArgs,
}

/// Options every command shares.
#[derive(Debug, Args)]
pub struct CommonArgs {
    /// Grade as of this date (YYYY-MM-DD), for reproducible runs [default: today].
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub as_of: Option<NaiveDate>,

    /// Scoring rules [default: ./tiers.toml if present, else the built-in defaults].
    #[arg(short, long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Language of sheet names, headers and labels in what is written [default: that of the
    /// management workbook read back or updated, else en].
    #[arg(long, value_enum)]
    pub lang: Option<Lang>,

    /// Print one JSON object on stdout instead of the table.
    #[arg(long)]
    pub json: bool,

    /// Print nothing but errors (and the JSON object with --json).
    #[arg(short, long)]
    pub quiet: bool,

    /// Fail, writing nothing, when any input row cannot be used.
    #[arg(long)]
    pub strict: bool,
}

fn parse_date(text: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .ok()
        .filter(|d| (1901..=9998).contains(&chrono::Datelike::year(d)))
        .ok_or_else(|| format!("expected a date such as 2026-11-01, found \"{text}\""))
}
