//! One module per subcommand: each turns its arguments into a validated job, runs the
//! pipeline, and hands the result to the writers. The only place with side effects.

mod check;
mod explain;
mod init;
mod report;
mod revisit;
mod score;
mod shell;

use std::borrow::Cow;
use std::fmt;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use anyhow::Result;
use chrono::NaiveDate;

use crate::cli::{Cli, Command, CommonArgs};
use crate::config::Config;
use crate::model::Lang;
use crate::pipeline::read::{self, Table};
use crate::pipeline::restore::{self, Restored};

/// An error in how the command was used (exit code 2, as for clap's own usage errors).
#[derive(Debug)]
pub struct UsageError(pub String);

impl fmt::Display for UsageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UsageError {}

/// Runs the command the user asked for.
///
/// # Errors
/// Any failure: unreadable input, a bad config, a structural data problem, `--strict` with
/// unusable rows, or an output that cannot be written. Nothing is written on failure.
pub fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Score(args) => score::run(args),
        Command::Explain(args) => explain::run(&args),
        Command::Revisit(args) => revisit::run(&args),
        Command::Report(args) => report::run(&args),
        Command::Init(args) => init::run(&args),
        Command::Check(args) => check::run(&args),
        Command::Completions(args) => shell::completions(&args),
        Command::Man(args) => shell::man(&args),
    }
}

/// What a command that reads inputs grades: one management workbook read back (graded as of
/// its own date and with its own configuration, unless `--as-of` or `--config` say otherwise),
/// or input files as for `tiers score`.
struct Inputs {
    tables: Vec<Table>,
    config: Config,
    as_of: NaiveDate,
    /// The workbook, when the inputs are one; its tables are in `tables`.
    workbook: Option<Restored>,
}

impl Inputs {
    fn load(paths: &[PathBuf], common: &CommonArgs) -> Result<Self> {
        let workbook = match paths {
            [path] => restore::restore(path)?,
            _ => None,
        };
        Ok(match workbook {
            Some(mut restored) => {
                let config = match &common.config {
                    Some(path) => Config::load(Some(path))?.0,
                    None => restored.config.clone(),
                };
                Self {
                    tables: std::mem::take(&mut restored.tables),
                    config: restored.adapt(config),
                    as_of: common.as_of.unwrap_or(restored.as_of),
                    workbook: Some(restored),
                }
            }
            None => Self {
                tables: read::read_inputs(paths)?,
                config: Config::load(common.config.as_deref())?.0,
                as_of: common
                    .as_of
                    .unwrap_or_else(|| chrono::Local::now().date_naive()),
                workbook: None,
            },
        })
    }
}

/// Whether two paths name the same file (as far as can be told before it exists).
fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

/// Messages on stderr: warnings and notes, coloured on a terminal unless `NO_COLOR` is set,
/// silent with `--quiet`, labelled in the run's language.
pub(crate) struct Messages {
    quiet: bool,
    colour: bool,
    lang: Lang,
}

impl Messages {
    pub(crate) fn new(quiet: bool, lang: Lang) -> Self {
        let colour = std::io::stderr().is_terminal()
            && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
        Self {
            quiet,
            colour,
            lang,
        }
    }

    /// The language messages are worded in.
    pub(crate) fn lang(&self) -> Lang {
        self.lang
    }

    fn print(&self, label: &str, code: &str, text: &str) {
        if self.quiet {
            return;
        }
        let text = terminal_safe(text);
        let mut stderr = std::io::stderr().lock();
        let _ = if self.colour {
            writeln!(stderr, "\x1b[{code}m{label}\x1b[0m: {text}")
        } else {
            writeln!(stderr, "{label}: {text}")
        };
    }

    pub(crate) fn warning(&self, text: &str) {
        let label = match self.lang {
            Lang::En => "warning",
            Lang::Zh => "警告",
        };
        self.print(label, "1;33", text);
    }

    pub(crate) fn note(&self, text: &str) {
        let label = match self.lang {
            Lang::En => "note",
            Lang::Zh => "提示",
        };
        self.print(label, "1;36", text);
    }

    /// The text of the run's language, of two given.
    pub(crate) fn say(&self, en: String, zh: String) -> String {
        match self.lang {
            Lang::En => en,
            Lang::Zh => zh,
        }
    }

    /// A note worded in both languages, in the run's.
    pub(crate) fn note_in(&self, wording: &crate::issues::Wording) {
        self.note(wording.get(self.lang));
    }
}

/// A spinner on stderr that names the step under way and the time it has taken, for reading,
/// grading and writing large files. It appears only on a terminal, never with `--quiet`, and
/// only once a job has taken half a second (or `TIERS_PROGRESS_DELAY_MS`), so small jobs and
/// scripts never see it.
pub(crate) struct Progress {
    bar: Option<indicatif::ProgressBar>,
}

impl Progress {
    /// How long a job runs before the spinner shows.
    fn delay() -> std::time::Duration {
        let ms = std::env::var("TIERS_PROGRESS_DELAY_MS")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(500);
        std::time::Duration::from_millis(ms)
    }

    pub(crate) fn new(quiet: bool) -> Self {
        let bar = (!quiet && std::io::stderr().is_terminal()).then(|| {
            let bar = indicatif::ProgressBar::with_draw_target(
                None,
                indicatif::ProgressDrawTarget::hidden(),
            );
            if let Ok(style) =
                indicatif::ProgressStyle::with_template("{spinner} {msg} ({elapsed})")
            {
                bar.set_style(style);
            }
            let shown = bar.clone();
            let delay = Self::delay();
            // The spinner is turned by this thread, not indicatif's own ticker thread: without
            // a thread to be had, there is simply no spinner.
            let _ = crate::threads::spawn(move || {
                std::thread::sleep(delay);
                if !shown.is_finished() {
                    shown.set_draw_target(indicatif::ProgressDrawTarget::stderr());
                }
                while !shown.is_finished() {
                    shown.tick();
                    std::thread::sleep(std::time::Duration::from_millis(120));
                }
            });
            bar
        });
        Self { bar }
    }

    /// Names the step under way.
    pub(crate) fn step(&self, message: impl Into<std::borrow::Cow<'static, str>>) {
        if let Some(bar) = &self.bar {
            bar.set_message(message);
        }
    }

    /// Takes the spinner off the screen, before anything else is printed.
    pub(crate) fn done(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

impl Drop for Progress {
    /// Also when a step fails: the error is printed on a clean line.
    fn drop(&mut self) {
        self.done();
    }
}

/// Writes to stdout; a closed pipe (`tiers score … | head`) is not an error. On a terminal,
/// control characters from the inputs are shown escaped ([`terminal_safe`]); into a pipe or a
/// file the text goes as it is.
pub(crate) fn print_stdout(text: &str) -> Result<()> {
    let mut out = std::io::stdout().lock();
    let text = if out.is_terminal() {
        terminal_safe(text)
    } else {
        Cow::Borrowed(text)
    };
    match writeln!(out, "{text}").and_then(|()| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => Ok(other?),
    }
}

/// `text` with every control character but line feeds, tabs and carriage returns written as
/// an escape (`\u{1b}`): a customer name or cell holding an escape sequence must not move the
/// cursor, recolour or retitle the terminal of whoever reads the message.
pub fn terminal_safe(text: &str) -> Cow<'_, str> {
    let unsafe_char = |c: char| c.is_control() && !matches!(c, '\n' | '\t' | '\r');
    if !text.chars().any(unsafe_char) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| {
                if unsafe_char(c) {
                    c.escape_unicode().to_string()
                } else {
                    c.to_string()
                }
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_escaped_for_the_terminal() {
        assert_eq!(
            terminal_safe("Acme\u{1b}]0;owned\u{7}"),
            "Acme\\u{1b}]0;owned\\u{7}"
        );
        assert_eq!(terminal_safe("a\u{9b}31m"), "a\\u{9b}31m");
        assert!(matches!(
            terminal_safe("客户 1\tok\r\nnext"),
            Cow::Borrowed("客户 1\tok\r\nnext")
        ));
    }
}
