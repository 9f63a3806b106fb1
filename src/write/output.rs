//! All-or-nothing output: the workbook is saved to a temporary file beside the target and
//! renamed into place, so a failure never leaves a half-written file. A file it replaces is
//! first copied to a timestamped backup beside it, and only the newest few backups are kept.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use rust_xlsxwriter::Workbook;

use super::Sheets;

/// `book.xlsx` → (`book.backup-`, `.xlsx`): the parts around a backup's timestamp.
fn backup_affixes(output: &Path) -> (String, String) {
    let stem = output
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let ext = output
        .extension()
        .map_or_else(|| "xlsx".into(), |e| e.to_string_lossy().into_owned());
    (format!("{stem}.backup-"), format!(".{ext}"))
}

/// Where an existing output is kept: `book.xlsx` → `book.backup-20261101-093000.xlsx`.
pub fn backup_path(output: &Path, stamp: &str) -> PathBuf {
    let (prefix, suffix) = backup_affixes(output);
    output.with_file_name(format!("{prefix}{stamp}{suffix}"))
}

/// The backups of `output` beside it, oldest first (their timestamps sort as text).
pub fn backups(output: &Path) -> Vec<PathBuf> {
    let (prefix, suffix) = backup_affixes(output);
    let dir = dir_of(output);
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(&prefix) && n.ends_with(&suffix))
        })
        .collect();
    found.sort();
    found
}

fn dir_of(output: &Path) -> &Path {
    match output.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// Deflate level of the xlsx container. At a million order lines, level 3 saves in about three
/// quarters of the time of the default 6 for a file about 10% larger, and level 2 (zlib-rs's
/// fast strategy, no lazy matches) in three quarters of level 3's for 7% more; level 1 makes the
/// file 1.6 times the default's (docs/performance.md).
const ZIP_LEVEL: u8 = 2;

/// Saves the workbook to `output` atomically, keeping at most `keep` backups of replaced
/// files. Returns the backup made, if any.
///
/// # Errors
/// When the directory is missing or not writable, or the disk is full; nothing is left behind.
pub fn save(workbook: &mut Workbook, output: &Path, keep: u32) -> Result<Option<PathBuf>> {
    let mut temp = temp_beside(output)?;
    let failed = || format!("cannot write {}", output.display());
    workbook.set_zip_compression_level(ZIP_LEVEL);
    match super::catch_panic(|| workbook.save_to_writer(temp.as_file_mut())) {
        Ok(saved) => saved.with_context(failed)?,
        Err(what) if what.starts_with("failed to spawn thread") => {
            return Err(anyhow::Error::new(ThreadRefused).context(failed()));
        }
        Err(what) => return Err(super::panic_error(&what, "saving the workbook").context(failed())),
    }
    temp.as_file().sync_all().with_context(failed)?;
    let mut backup = None;
    if let Ok(existing) = std::fs::metadata(output) {
        std::fs::set_permissions(temp.path(), existing.permissions()).with_context(failed)?;
        if keep > 0 {
            backup = Some(back_up(output)?);
        }
    }
    temp.persist(output)
        .map_err(|e| e.error)
        .with_context(failed)?;
    remove_stale_temps(dir_of(output));
    let all = backups(output);
    for old in &all[..all.len().saturating_sub(keep as usize)] {
        // An old backup that cannot be removed is no reason to fail the run.
        let _ = std::fs::remove_file(old);
    }
    Ok(backup)
}

/// `rust_xlsxwriter` could not start the thread it saves a sheet with charts on.
#[derive(Debug)]
pub struct ThreadRefused;

impl std::fmt::Display for ThreadRefused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the system refused a thread")
    }
}

impl std::error::Error for ThreadRefused {}

/// Builds a workbook with `build` and [`save`]s it. Where the system refuses the threads
/// `rust_xlsxwriter` saves sheets with charts on (a container's process limit), builds it again
/// with every sheet in constant-memory mode, which saves on this thread alone: its charts then
/// carry no cached points, and Excel draws them from the cells.
///
/// # Errors
/// As [`save`], and whatever `build` fails with.
pub fn build_and_save(
    build: impl Fn(Sheets) -> Result<Workbook>,
    output: &Path,
    keep: u32,
) -> Result<Option<PathBuf>> {
    // The first workbook, with its sheets' temporary files, goes before the second is built.
    let first = save(&mut build(Sheets::Standard)?, output, keep);
    match first {
        Err(e) if e.is::<ThreadRefused>() => {
            save(&mut build(Sheets::ConstantMemory)?, output, keep)
        }
        saved => saved,
    }
}

/// The names of temporary files: `.tiers-XXXXXX.tmp`.
const TEMP_PREFIX: &str = ".tiers-";
const TEMP_SUFFIX: &str = ".tmp";

/// Removes temporary files that a killed run left in `dir` (a kill leaves no chance to clean
/// up). Only those a day old: a run writing beside this one may own a fresh one.
fn remove_stale_temps(dir: &Path) {
    const STALE: std::time::Duration = std::time::Duration::from_secs(24 * 3600);
    let now = std::time::SystemTime::now();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let stale = entry
            .metadata()
            .and_then(|m| m.modified())
            .is_ok_and(|modified| now.duration_since(modified).unwrap_or_default() > STALE);
        if name.starts_with(TEMP_PREFIX) && name.ends_with(TEMP_SUFFIX) && stale {
            // One that cannot be removed is no reason to fail the run.
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// A temporary file in `output`'s directory, to be renamed over it once complete.
fn temp_beside(output: &Path) -> Result<tempfile::NamedTempFile> {
    let dir = dir_of(output);
    if !dir.is_dir() {
        anyhow::bail!(
            "cannot write {}: the directory {} does not exist",
            output.display(),
            dir.display()
        );
    }
    let mut builder = tempfile::Builder::new();
    builder.prefix(TEMP_PREFIX).suffix(TEMP_SUFFIX);
    // A temporary file is private (0600); the output gets what any new file gets under the
    // user's umask, or keeps the permissions of the file it replaces.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    builder.tempfile_in(dir).with_context(|| {
        format!(
            "cannot write {}: cannot create a file in {}",
            output.display(),
            dir.display()
        )
    })
}

/// Copies `output` to a timestamped backup beside it ([`backup_path`]) and returns the backup.
///
/// # Errors
/// When the copy cannot be made.
pub fn back_up(output: &Path) -> Result<PathBuf> {
    let stamp = chrono::Local::now()
        .format("%Y%m%d-%H%M%S%.3f")
        .to_string()
        .replace('.', "-");
    let path = backup_path(output, &stamp);
    std::fs::copy(output, &path)
        .with_context(|| format!("cannot back up {} to {}", output.display(), path.display()))?;
    Ok(path)
}

/// Writes `bytes` to `output` atomically: all of them or, on failure, nothing.
///
/// # Errors
/// When the directory is missing or not writable, or the disk is full.
pub fn write_atomically(output: &Path, bytes: &[u8]) -> Result<()> {
    let mut temp = temp_beside(output)?;
    let failed = || format!("cannot write {}", output.display());
    std::io::Write::write_all(temp.as_file_mut(), bytes).with_context(failed)?;
    temp.as_file().sync_all().with_context(failed)?;
    if let Ok(existing) = std::fs::metadata(output) {
        std::fs::set_permissions(temp.path(), existing.permissions()).with_context(failed)?;
    }
    temp.persist(output)
        .map_err(|e| e.error)
        .with_context(failed)?;
    remove_stale_temps(dir_of(output));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backups_sit_beside_the_output_with_a_timestamp() {
        let path = backup_path(Path::new("out/book.xlsx"), "20261101-093000-000");
        assert_eq!(
            path,
            PathBuf::from("out/book.backup-20261101-093000-000.xlsx")
        );
    }

    #[test]
    fn temporary_files_a_killed_run_left_are_removed_once_stale() {
        let dir = tempfile::tempdir().unwrap();
        let old = dir.path().join(".tiers-AbC123.tmp");
        let fresh = dir.path().join(".tiers-XyZ789.tmp");
        let other = dir.path().join("notes.tmp");
        for path in [&old, &fresh, &other] {
            std::fs::write(path, b"half a workbook").unwrap();
        }
        let two_days_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(48 * 3600);
        for path in [&old, &other] {
            let file = std::fs::File::options().write(true).open(path).unwrap();
            file.set_modified(two_days_ago).unwrap();
        }
        write_atomically(&dir.path().join("plan.csv"), b"a,b\n").unwrap();
        assert!(!old.exists(), "a day-old temporary file stays");
        assert!(fresh.exists(), "another run's temporary file was taken");
        assert!(other.exists(), "a file tiers did not make was taken");
    }

    #[test]
    fn only_the_newest_backups_are_kept() {
        let dir = tempfile::tempdir().unwrap();
        let output = dir.path().join("book.xlsx");
        for stamp in [
            "20260101-000000-000",
            "20260201-000000-000",
            "20260301-000000-000",
        ] {
            std::fs::write(backup_path(&output, stamp), stamp).unwrap();
        }
        std::fs::write(&output, b"current").unwrap();
        let mut workbook = Workbook::new();
        workbook.add_worksheet();
        let made = save(&mut workbook, &output, 2).unwrap().unwrap();
        assert_eq!(std::fs::read(&made).unwrap(), b"current");
        let left = backups(&output);
        assert_eq!(left.len(), 2);
        assert_eq!(left[1], made);
        assert!(left[0].to_string_lossy().contains("20260301"));
    }
}
