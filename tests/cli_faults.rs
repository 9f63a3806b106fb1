//! Faults: a full disk and a kill in the middle of a save, and an input written while it is
//! read. The previous workbook must stay as it was, and the next run must not trip on what a
//! killed one left.
//!
//! The first two are made with a file-size limit (`ulimit -f`), which holds for root too: past it, a
//! write fails with EFBIG when SIGXFSZ is ignored (as a full disk fails with ENOSPC), and the
//! process is killed by SIGXFSZ when it is not.

#![cfg(unix)]
#![allow(
    clippy::unwrap_used,
    reason = "test helpers outside #[test] fns; a panic is the failure report"
)]

use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::{Command, Output};

use crate::common::{Sheet, score_into};

const AS_OF: &str = "2026-10-31";

/// A directory with the sample workbook, graded once into `book.xlsx`.
fn graded_once() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data/customers.xlsx");
    std::fs::copy(sample, dir.path().join("customers.xlsx")).unwrap();
    score_into(dir.path(), "customers.xlsx", "book.xlsx", AS_OF);
    dir
}

/// `tiers score` again into `book.xlsx`, with files limited to 64 blocks (32–64 KB; the
/// workbook is about 500 KB).
fn score_limited(dir: &Path, ignore_sigxfsz: bool) -> Output {
    let trap = if ignore_sigxfsz { "trap '' XFSZ; " } else { "" };
    let script = format!(
        "{trap}ulimit -f 64; exec \"$0\" score customers.xlsx -o book.xlsx --as-of {AS_OF} -q"
    );
    Command::new("sh")
        .args(["-c", &script, env!("CARGO_BIN_EXE_tiers")])
        .current_dir(dir)
        .output()
        .unwrap()
}

/// The temporary files `tiers` makes beside its output (`.tiers-XXXXXX.tmp`).
fn temporary_files(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".tiers-"))
        .collect()
}

#[test]
fn a_full_disk_is_an_error_and_the_previous_workbook_stays() {
    let dir = graded_once();
    let before = std::fs::read(dir.path().join("book.xlsx")).unwrap();
    let out = score_limited(dir.path(), true);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.starts_with("error: "), "{stderr}");
    assert!(stderr.contains("too large"), "{stderr}");
    assert_eq!(std::fs::read(dir.path().join("book.xlsx")).unwrap(), before);
    assert_eq!(temporary_files(dir.path()), Vec::<String>::new());
}

#[test]
fn a_run_killed_while_writing_leaves_the_previous_workbook_and_the_next_run_works() {
    let dir = graded_once();
    let before = std::fs::read(dir.path().join("book.xlsx")).unwrap();
    let out = score_limited(dir.path(), false);
    assert_eq!(
        out.status.signal(),
        Some(25),
        "not killed by SIGXFSZ: {out:?}"
    );
    assert_eq!(std::fs::read(dir.path().join("book.xlsx")).unwrap(), before);
    // The kill left its half-written file; the next run goes on beside it.
    score_into(dir.path(), "customers.xlsx", "book.xlsx", AS_OF);
    let customers = Sheet::read(&dir.path().join("book.xlsx"), "Customers");
    assert_eq!(customers.rows.len(), 300);
}

#[test]
fn an_input_written_while_it_is_read_is_an_error_not_half_the_rows() {
    // A named pipe is a file that is still being written when tiers opens it: the rows arrive
    // after tiers first looked at it, as with an export still being saved.
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("orders.csv");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let run = Command::new(env!("CARGO_BIN_EXE_tiers"))
        .current_dir(dir.path())
        .args(["score", "orders.csv", "--as-of", AS_OF])
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(300));
    std::fs::write(
        &fifo,
        "Order ID,Customer ID,Order Date,Amount\nA1,C1,2026-10-01,10\n",
    )
    .unwrap();
    let out = run.wait_with_output().unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("orders.csv: the file changed while it was being read"),
        "{stderr}"
    );
    assert!(!dir.path().join("orders.tiers.xlsx").exists());
}

#[test]
fn a_read_only_output_directory_is_an_error_and_nothing_is_written() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data/customers.xlsx");
    std::fs::copy(sample, dir.path().join("customers.xlsx")).unwrap();
    let read_only = dir.path().join("ro");
    std::fs::create_dir(&read_only).unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::set_permissions(&read_only, std::fs::Permissions::from_mode(0o555)).unwrap();
    // Root writes into a read-only directory anyway: as root, run as nobody.
    let uid = Command::new("id").arg("-u").output().unwrap().stdout;
    let mut run = if String::from_utf8(uid).unwrap().trim() == "0" {
        let mut setpriv = Command::new("setpriv");
        setpriv.args(["--reuid=65534", "--regid=65534", "--clear-groups"]);
        setpriv.arg(env!("CARGO_BIN_EXE_tiers"));
        setpriv
    } else {
        Command::new(env!("CARGO_BIN_EXE_tiers"))
    };
    let out = run
        .current_dir(dir.path())
        .args(["score", "customers.xlsx", "-o", "ro/book.xlsx", "-q"])
        .output()
        .unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("cannot write ro/book.xlsx: cannot create a file in ro: Permission denied"),
        "{stderr}"
    );
    assert_eq!(std::fs::read_dir(&read_only).unwrap().count(), 0);
}
