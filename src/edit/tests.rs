//! Edits: application order, overlap, line endings; bytes outside edits never change.

use proptest::prelude::*;

use super::*;
use crate::error::Error;

fn edit(range: Span, text: &str) -> Edit {
    Edit {
        range,
        text: text.to_owned(),
    }
}

#[test]
fn edits_apply_in_position_order_and_overlaps_are_dropped() {
    let text = "abcdef";
    let edits = [
        edit(4..5, "E"),
        edit(0..0, "<"),
        edit(1..3, "BC"),
        edit(2..4, "x"),
        edit(6..6, ">"),
    ];
    assert_eq!(apply(text, &edits), "<aBCdEf>");
}

#[test]
fn inserted_text_takes_the_files_line_endings() {
    assert_eq!(
        with_line_endings("a\r\nb\r\n", 3, "x\ny\n".to_owned()),
        "x\r\ny\r\n"
    );
    assert_eq!(with_line_endings("a\nb\n", 2, "x\n".to_owned()), "x\n");
    // At the end of a file without a final newline: on its own line, still no final newline.
    assert_eq!(with_line_endings("a\nb", 3, "x\n".to_owned()), "\nx");
    assert_eq!(
        with_line_endings("a\r\nb", 4, "x\ny\n".to_owned()),
        "\r\nx\r\ny"
    );
    // Found by `cargo fuzz run fix`: a file ending in a lone `\r` (a line ending to
    // Markdown) got `\r\r\n` before the inserted rows, a blank line that ended the table,
    // so every run inserted the rows again. The `\n` now completes the `\r`.
    assert_eq!(with_line_endings("a\r\nb\r", 5, "x\n".to_owned()), "\nx");
    assert_eq!(with_line_endings("a\nb\r", 4, "x\n".to_owned()), "\nx");
}

proptest! {
    #[test]
    fn bytes_outside_the_edits_are_unchanged(
        text in "(?s)[a-zé☕\n\r|#= ]{0,120}",
        raw in proptest::collection::vec((0usize..130, 0usize..8, "[A-Z\n]{0,5}"), 0..6),
    ) {
        // Non-overlapping edits on char boundaries.
        let mut edits: Vec<Edit> = Vec::new();
        for (start, len, new) in raw {
            let start = start.min(text.len());
            let end = (start + len).min(text.len());
            if !text.is_char_boundary(start) || !text.is_char_boundary(end) {
                continue;
            }
            if edits.iter().any(|e| start < e.range.end && e.range.start < end || e.range.start == start) {
                continue;
            }
            edits.push(edit(start..end, &new));
        }
        let out = apply(&text, &edits);
        // Walk the edits in order: the text between them is copied byte for byte.
        edits.sort_by_key(|e| e.range.start);
        let mut at_in = 0;
        let mut at_out = 0;
        for e in &edits {
            let kept = &text[at_in..e.range.start];
            prop_assert_eq!(&out[at_out..at_out + kept.len()], kept);
            at_out += kept.len();
            prop_assert_eq!(&out[at_out..at_out + e.text.len()], e.text.as_str());
            at_out += e.text.len();
            at_in = e.range.end;
        }
        prop_assert_eq!(&out[at_out..], &text[at_in..]);
    }
}

fn pending<'a>(
    dir: &std::path::Path,
    name: &'a str,
    before: &'a str,
    after: &'a str,
) -> Pending<'a> {
    Pending {
        name,
        path: dir.join(name),
        before: Some(before),
        after,
    }
}

#[test]
fn a_file_changed_since_it_was_read_is_not_written_and_nothing_else_is() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.env"), "A=1\n").unwrap();
    std::fs::write(dir.path().join("b.env"), "B=2 edited meanwhile\n").unwrap();
    let err = write_files(&[
        pending(dir.path(), "a.env", "A=1\n", "A=10\n"),
        pending(dir.path(), "b.env", "B=2\n", "B=20\n"),
    ])
    .unwrap_err();
    let Error::Read { path, reason } = err else {
        panic!("a read error")
    };
    assert_eq!(path, "b.env");
    assert!(reason.contains("changed on disk"), "{reason}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("a.env")).unwrap(),
        "A=1\n"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("b.env")).unwrap(),
        "B=2 edited meanwhile\n"
    );
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 2, "no temporary file left: {names:?}");
}

#[test]
fn a_new_file_is_written_and_an_existing_one_only_when_forced() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("envlint.toml");
    write_new(&path, "version = 1\n", false).unwrap();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "version = 1\n");
    let Err(Error::Read { reason, .. }) = write_new(&path, "x", false) else {
        panic!("refused")
    };
    assert!(reason.contains("--force"), "{reason}");
    write_new(&path, "version = 1\n# again\n", true).unwrap();
    assert!(
        std::fs::read_to_string(&path)
            .unwrap()
            .ends_with("# again\n")
    );
}

/// A named pipe or a device is written into, never replaced by a regular file
/// (`baseline --output /dev/null` once turned `/dev/null` into one).
#[cfg(unix)]
#[test]
fn a_pipe_or_a_device_is_written_into_and_stays_what_it_is() {
    use std::os::unix::fs::FileTypeExt;
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("out");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
    };
    write_new(&fifo, "version = 1\n", true).unwrap();
    assert_eq!(reader.join().unwrap(), "version = 1\n");
    assert!(std::fs::metadata(&fifo).unwrap().file_type().is_fifo());
    let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(names.len(), 1, "no temporary file left");

    let null = Path::new("/dev/null");
    if std::fs::metadata(null).is_ok_and(|m| m.file_type().is_char_device()) {
        write_new(null, "discarded\n", true).unwrap();
        assert!(
            std::fs::metadata(null)
                .unwrap()
                .file_type()
                .is_char_device()
        );
    }
}

#[test]
fn a_folder_is_refused_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let Err(Error::Read { reason, .. }) = write_new(dir.path(), "x", true) else {
        panic!("refused")
    };
    assert!(reason.contains("folder"), "{reason}");
}
