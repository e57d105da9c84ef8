//! The git index file (`.git/index`, versions 2 to 4) read for what `--staged` needs: each
//! entry's path, object id, stat data and flags. Anything it does not read plainly (a
//! split or sparse index, a conflict, another hash) makes it decline, and git is asked.

/// One entry of the index at stage 0.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The path from the top of the work tree, `/`-separated.
    pub path: String,
    pub oid: [u8; 20],
    pub stat: Stat,
    /// The file type and permission bits (`0o100644`, `0o120000` for a link).
    pub mode: u32,
    /// Git trusts the work tree copy without looking (`update-index --assume-unchanged`).
    pub assume_valid: bool,
    /// The work tree does not hold the file (a sparse checkout).
    pub skip_worktree: bool,
    /// Added with `git add -N`: the index holds an empty file for it.
    pub intent_to_add: bool,
}

/// The stat data the index keeps of a file (times as seconds and nanoseconds, the size
/// truncated to 32 bits), as git compares it with the work tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Stat {
    pub ctime: (u32, u32),
    pub mtime: (u32, u32),
    pub dev: u32,
    pub ino: u32,
    pub uid: u32,
    pub gid: u32,
    pub size: u32,
}

/// Why the index is not read here (git is asked instead).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Declined(pub &'static str);

/// The entries of an index file, in its order, or why it is left to git.
pub fn parse(bytes: &[u8]) -> Result<Vec<Entry>, Declined> {
    let mut r = Reader { bytes, at: 0 };
    if r.take(4)? != b"DIRC" {
        return Err(Declined("not an index file"));
    }
    let version = r.u32()?;
    if !(2..=4).contains(&version) {
        return Err(Declined("an index version this reader does not know"));
    }
    let count = r.u32()? as usize;
    // Each entry takes at least 62 bytes: a count beyond that is no index.
    if count > bytes.len() / 62 {
        return Err(Declined("the entry count exceeds the file"));
    }
    let mut entries = Vec::with_capacity(count);
    let mut previous: Vec<u8> = Vec::new();
    for _ in 0..count {
        let entry_start = r.at;
        let (ctime, mtime) = ((r.u32()?, r.u32()?), (r.u32()?, r.u32()?));
        let (dev, ino, mode) = (r.u32()?, r.u32()?, r.u32()?);
        let stat = Stat {
            ctime,
            mtime,
            dev,
            ino,
            uid: r.u32()?,
            gid: r.u32()?,
            size: r.u32()?,
        };
        let oid: [u8; 20] = r.take(20)?.try_into().expect("20 bytes");
        let flags = r.u16()?;
        let extended = flags & 0x4000 != 0;
        if flags & 0x3000 != 0 {
            return Err(Declined("a conflict (an entry past stage 0)"));
        }
        let (skip_worktree, intent_to_add) = if extended {
            if version < 3 {
                return Err(Declined("extended flags in a version 2 index"));
            }
            let extended_flags = r.u16()?;
            (extended_flags & 0x4000 != 0, extended_flags & 0x2000 != 0)
        } else {
            (false, false)
        };
        let path = if version == 4 {
            let strip = r.varint()?;
            let keep = previous
                .len()
                .checked_sub(strip)
                .ok_or(Declined("a path prefix longer than the previous path"))?;
            previous.truncate(keep);
            previous.extend_from_slice(r.until_nul()?);
            previous.clone()
        } else {
            let name = r.until_nul()?.to_vec();
            // Padding: the entry is a multiple of eight bytes, its name NUL-terminated.
            let len = r.at - entry_start;
            let padded = len.div_ceil(8) * 8;
            r.take(padded - len)?;
            name
        };
        if mode & 0o170_000 == 0o040_000 {
            return Err(Declined("a sparse directory entry"));
        }
        let path = String::from_utf8(path).map_err(|_| Declined("a path that is not UTF-8"))?;
        entries.push(Entry {
            path,
            oid,
            stat,
            mode,
            assume_valid: flags & 0x8000 != 0,
            skip_worktree,
            intent_to_add,
        });
    }
    // Extensions, up to the trailing checksum: a split or sparse index is left to git.
    while bytes.len().saturating_sub(r.at) > 20 {
        let signature = r.take(4)?;
        let size = r.u32()? as usize;
        match signature {
            b"link" => return Err(Declined("a split index")),
            b"sdir" => return Err(Declined("a sparse index")),
            _ => {}
        }
        r.take(size)?;
    }
    Ok(entries)
}

struct Reader<'b> {
    bytes: &'b [u8],
    at: usize,
}

impl<'b> Reader<'b> {
    fn take(&mut self, n: usize) -> Result<&'b [u8], Declined> {
        let end = self
            .at
            .checked_add(n)
            .filter(|&e| e <= self.bytes.len())
            .ok_or(Declined("the file ends inside an entry"))?;
        let out = &self.bytes[self.at..end];
        self.at = end;
        Ok(out)
    }

    fn u32(&mut self) -> Result<u32, Declined> {
        Ok(u32::from_be_bytes(
            self.take(4)?.try_into().expect("4 bytes"),
        ))
    }

    fn u16(&mut self) -> Result<u16, Declined> {
        Ok(u16::from_be_bytes(
            self.take(2)?.try_into().expect("2 bytes"),
        ))
    }

    /// The bytes up to a NUL, which is consumed.
    fn until_nul(&mut self) -> Result<&'b [u8], Declined> {
        let rest = &self.bytes[self.at..];
        let n = memchr::memchr(0, rest).ok_or(Declined("a path without its NUL"))?;
        self.at += n + 1;
        Ok(&rest[..n])
    }

    /// Git's offset varint (`varint.c`): seven bits a byte, each continuation adding one.
    fn varint(&mut self) -> Result<usize, Declined> {
        let mut c = self.take(1)?[0];
        let mut value = usize::from(c & 0x7f);
        while c & 0x80 != 0 {
            c = self.take(1)?[0];
            value = value
                .checked_add(1)
                .and_then(|v| v.checked_mul(128))
                .and_then(|v| v.checked_add(usize::from(c & 0x7f)))
                .ok_or(Declined("a varint past its range"))?;
        }
        Ok(value)
    }
}

/// An object id as git writes it: forty lower-case hex digits.
pub fn hex(oid: &[u8; 20]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(40);
    for b in oid {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 15)]));
    }
    out
}

/// The object id git gives a file's contents (`blob <size>\0` then the bytes, SHA-1).
pub fn blob_id(bytes: &[u8]) -> [u8; 20] {
    let mut h = sha1_smol::Sha1::new();
    h.update(format!("blob {}\0", bytes.len()).as_bytes());
    h.update(bytes);
    h.digest().bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_blob_id_is_gits() {
        // `printf 'hello\n' | git hash-object --stdin`
        let id = blob_id(b"hello\n");
        assert_eq!(hex(&id), "ce013625030ba8dba906f756967f9e9ca394464a");
    }

    #[test]
    fn varints_read_as_git_writes_them() {
        for (bytes, want) in [
            (&[0x00][..], 0),
            (&[0x7f][..], 127),
            (&[0x80, 0x00][..], 128),
            (&[0x80, 0x7f][..], 255),
            (&[0x81, 0x00][..], 256),
        ] {
            let mut r = Reader { bytes, at: 0 };
            assert_eq!(r.varint().unwrap(), want, "{bytes:?}");
        }
    }

    #[test]
    fn garbage_is_declined_never_a_panic() {
        for bytes in [
            &b""[..],
            b"DIRC",
            b"DIRC\0\0\0\x05\0\0\0\x01",
            b"DIRC\0\0\0\x02\xff\xff\xff\xff",
            b"DIRC\0\0\0\x02\0\0\0\x01short",
        ] {
            assert!(parse(bytes).is_err(), "{bytes:?}");
        }
    }

    fn git(dir: &std::path::Path, args: &[&str]) -> Vec<u8> {
        let out = std::process::Command::new("git")
            .arg("-C")
            .arg(dir)
            .args(["-c", "user.email=t@example.invalid", "-c", "user.name=t"])
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success(), "git {args:?}");
        out.stdout
    }

    /// Every version git writes reads as `git ls-files -s --debug` lists it: paths that
    /// share long prefixes (what version 4 compresses), a name 8 bytes long (padding), an
    /// executable, a link, a file added with intent to add (which makes it version 3).
    #[test]
    fn entries_read_as_git_lists_them_in_every_version() {
        for version in ["2", "3", "4"] {
            let dir = tempfile::tempdir().unwrap();
            let root = dir.path();
            git(root, &["init", "-q"]);
            git(root, &["config", "index.version", version]);
            for (path, text) in [
                ("abcdefgh", "eight\n"),
                ("src/lib/memory/qdrant.ts", "export {};\n"),
                ("src/lib/memory/qdrant.test.ts", "test\n"),
                ("src/lib/memory/a", ""),
                ("docs/reference/ENVIRONMENT.md", "# Env\n"),
                ("é/ünïcode.txt", "x\n"),
            ] {
                let p = root.join(path);
                std::fs::create_dir_all(p.parent().unwrap()).unwrap();
                std::fs::write(p, text).unwrap();
            }
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                std::fs::set_permissions(
                    root.join("abcdefgh"),
                    std::fs::Permissions::from_mode(0o755),
                )
                .unwrap();
                std::os::unix::fs::symlink("abcdefgh", root.join("link")).unwrap();
            }
            git(root, &["add", "-A"]);
            std::fs::write(root.join("later.ts"), "x\n").unwrap();
            git(root, &["add", "-N", "later.ts"]);
            let bytes = std::fs::read(root.join(".git/index")).unwrap();
            let entries = parse(&bytes).unwrap_or_else(|e| panic!("version {version}: {e:?}"));
            let listed =
                String::from_utf8(git(root, &["-c", "core.quotePath=false", "ls-files", "-s"]))
                    .unwrap();
            let want: Vec<String> = listed.lines().map(str::to_owned).collect();
            let got: Vec<String> = entries
                .iter()
                .map(|e| format!("{:06o} {} 0\t{}", e.mode, hex(&e.oid), e.path))
                .collect();
            assert_eq!(got, want, "version {version}");
            let later = entries.iter().find(|e| e.path == "later.ts").unwrap();
            assert!(later.intent_to_add, "version {version}");
            let qdrant = entries
                .iter()
                .find(|e| e.path == "src/lib/memory/qdrant.ts")
                .unwrap();
            assert_eq!(qdrant.oid, blob_id(b"export {};\n"));
            assert_eq!(qdrant.stat.size, 11);
        }
    }

    proptest::proptest! {
        #[test]
        fn any_bytes_after_a_header_never_panic(
            version in 2u32..5,
            count in 0u32..4,
            body in proptest::collection::vec(proptest::num::u8::ANY, 0..400),
        ) {
            let mut bytes = b"DIRC".to_vec();
            bytes.extend_from_slice(&version.to_be_bytes());
            bytes.extend_from_slice(&count.to_be_bytes());
            bytes.extend_from_slice(&body);
            let _ = parse(&bytes);
        }
    }
}
