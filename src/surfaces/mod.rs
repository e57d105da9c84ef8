//! Surface adapters: each turns one kind of file into facts; nothing else knows file syntax.

pub mod code;
pub mod compose;
pub mod docs;
pub mod dotenv;

use std::path::Path;

use crate::error::Error;
use crate::facts::{Role, Surface};
use crate::schema::Schema;
use crate::source::{Files, SourceFile};

/// Loads a surface file by its path relative to the root.
pub type Loader<'a> = dyn FnMut(&str) -> Result<SourceFile, Error> + 'a;

/// Reads every configured surface into facts. Mentions of names the schema does not own
/// are dropped here: rules only ever see owned names.
pub fn read_all(
    schema: &Schema,
    load: &mut Loader,
    files: &mut Files,
) -> Result<Vec<Surface>, Error> {
    let mut surfaces = Vec::new();
    if let Some(config) = &schema.dotenv {
        let source = load(&config.path)?;
        let scanned = dotenv::scan(&source)?;
        let id = files.add(source);
        surfaces.push(dotenv::facts(id, &scanned));
    }
    if let Some(config) = &schema.docs {
        let source = load(&config.path)?;
        let table = docs::read(&source.text, &config.section);
        let id = files.add(source);
        surfaces.push(docs::facts(id, files.get(id), config, &table));
    }
    if let Some(config) = &schema.compose {
        for path in &config.paths {
            let source = load(path)?;
            let doc = compose::read(&source)?;
            let id = files.add(source);
            surfaces.push(compose::facts(id, files.get(id), &doc)?);
        }
    }
    keep_owned(schema, &mut surfaces);
    Ok(surfaces)
}

/// Masks the values of secrets, declared or named like one, owned or not (they are never
/// printed), then drops mentions of names the schema does not own: rules only ever see
/// owned names.
pub fn keep_owned(schema: &Schema, surfaces: &mut [Surface]) {
    for s in surfaces.iter_mut() {
        // Values of secrets, declared or named like one, owned or not, are never printed.
        for m in &s.mentions {
            if looks_secret(&m.name) || schema.get(&m.name).is_some_and(|v| v.secret) {
                let values = m.stated.iter().filter(|st| st.role != Role::Description);
                s.redact.extend(
                    values
                        .filter(|st| st.text.as_ref().is_some_and(|t| !t.is_empty()))
                        .map(|st| st.span.clone()),
                );
            }
        }
        s.mentions.retain(|m| schema.owns(&m.name));
    }
}

/// Reads a surface file named relative to `root`; the name shown is that relative path.
pub fn read_file(root: &Path, rel: &str) -> Result<SourceFile, Error> {
    let name = rel.replace('\\', "/");
    let path = root.join(rel);
    SourceFile::read(&path, name)
}

/// Whether a name looks like it holds a secret; such values are masked in every output
/// even when the schema does not declare the variable.
pub fn looks_secret(name: &str) -> bool {
    const WORDS: [&[u8]; 8] = [
        b"KEY",
        b"SECRET",
        b"TOKEN",
        b"PASSWORD",
        b"PASSWD",
        b"CREDENTIAL",
        b"PRIVATE",
        b"AUTH",
    ];
    // For each byte, the words that start with it (either case): most bytes start none.
    const FIRST: [u8; 256] = {
        let mut t = [0u8; 256];
        let mut w = 0;
        while w < WORDS.len() {
            let c = WORDS[w][0];
            t[c as usize] |= 1 << w;
            t[c.to_ascii_lowercase() as usize] |= 1 << w;
            w += 1;
        }
        t
    };
    let name = name.as_bytes();
    (0..name.len()).any(|i| {
        let mut starting = FIRST[usize::from(name[i])];
        while starting != 0 {
            let w = WORDS[starting.trailing_zeros() as usize];
            if name
                .get(i..i + w.len())
                .is_some_and(|part| part.eq_ignore_ascii_case(w))
            {
                return true;
            }
            starting &= starting - 1;
        }
        false
    })
}

#[cfg(test)]
mod tests {
    use super::looks_secret;

    #[test]
    fn secret_looking_names() {
        for (name, secret) in [
            ("QDRANT_API_KEY", true),
            ("BIFROST_ADMIN_TOKEN", true),
            ("db_password", true),
            ("MYSQL_PASSWD", true),
            ("GCP_CREDENTIALS", true),
            ("SSH_PRIVATE_PATH", true),
            ("OAUTH_CLIENT", true),
            ("client_secret_file", true),
            ("KEY", true),
            ("QDRANT_HOST", false),
            ("BIFROST_PORT", false),
            ("KE", false),
            ("", false),
            ("PASSWOR", false),
            ("ÉKEY", true),
        ] {
            assert_eq!(looks_secret(name), secret, "{name}");
        }
    }

    proptest::proptest! {
        #[test]
        fn matches_a_plain_search_for_the_words(name in "[A-Za-z_]{0,24}") {
            let upper = name.to_ascii_uppercase();
            let plain = ["KEY", "SECRET", "TOKEN", "PASSWORD", "PASSWD", "CREDENTIAL", "PRIVATE", "AUTH"]
                .iter()
                .any(|w| upper.contains(w));
            proptest::prop_assert_eq!(looks_secret(&name), plain);
        }
    }
}
