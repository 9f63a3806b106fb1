//! All-or-nothing output: the workbook is saved to a temporary file beside the target and
//! renamed into place, so a failure never leaves a half-written file; an existing file is
//! kept as `<name>.backup.xlsx` first.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use rust_xlsxwriter::Workbook;

/// Where an existing output is kept before it is replaced: `book.xlsx` → `book.backup.xlsx`.
pub fn backup_path(output: &Path) -> PathBuf {
    let stem = output
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let ext = output
        .extension()
        .map_or_else(|| "xlsx".into(), |e| e.to_string_lossy().into_owned());
    output.with_file_name(format!("{stem}.backup.{ext}"))
}

/// Saves the workbook to `output` atomically. Returns the backup made of an existing file.
///
/// # Errors
/// When the directory is missing or not writable, or the disk is full; nothing is left behind.
pub fn save(workbook: &mut Workbook, output: &Path) -> Result<Option<PathBuf>> {
    let dir = match output.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if !dir.is_dir() {
        anyhow::bail!(
            "cannot write {}: the directory {} does not exist",
            output.display(),
            dir.display()
        );
    }
    let mut builder = tempfile::Builder::new();
    builder.prefix(".tiers-").suffix(".xlsx.tmp");
    // A temporary file is private (0600); the workbook gets what any new file gets under the
    // user's umask, or keeps the permissions of the file it replaces.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    let mut temp = builder.tempfile_in(dir).with_context(|| {
        format!(
            "cannot write {}: cannot create a file in {}",
            output.display(),
            dir.display()
        )
    })?;
    workbook
        .save_to_writer(temp.as_file_mut())
        .with_context(|| format!("cannot write {}", output.display()))?;
    temp.as_file()
        .sync_all()
        .with_context(|| format!("cannot write {}", output.display()))?;
    if let Ok(existing) = std::fs::metadata(output) {
        std::fs::set_permissions(temp.path(), existing.permissions())
            .with_context(|| format!("cannot write {}", output.display()))?;
    }
    let backup = if output.exists() {
        let backup = backup_path(output);
        std::fs::copy(output, &backup).with_context(|| {
            format!(
                "cannot back up {} to {}",
                output.display(),
                backup.display()
            )
        })?;
        Some(backup)
    } else {
        None
    };
    temp.persist(output)
        .map_err(|e| e.error)
        .with_context(|| format!("cannot write {}", output.display()))?;
    Ok(backup)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backup_keeps_the_extension() {
        assert_eq!(
            backup_path(Path::new("out/book.xlsx")),
            PathBuf::from("out/book.backup.xlsx")
        );
    }
}
