//! Whether a name looks like it holds a secret: what masks the values of names the schema
//! does not declare.

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
