//! Checks of the names and paths that enter a URL unquoted (`$select`, `$expand`,
//! `$orderby` items and filter paths), and quoting of nested `$search` text. Text that
//! passes cannot leave its position: it has no space, quote, parenthesis, comma, semicolon,
//! `&` or `=`.

/// Whether `s` is an OData identifier: a letter or `_`, then letters, digits or `_`, at
/// most 128 characters (OData ABNF `odataIdentifier`).
fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    (first.is_alphabetic() || first == '_')
        && chars.all(|c| c.is_alphanumeric() || c == '_')
        && s.chars().count() <= 128
}

/// One path segment: an identifier, a qualified name (a type cast `NS.Type`, a bound
/// operation), `*`, `NS.*`, an annotation `@NS.Term`, or one of the `$` segments paths use.
fn is_segment(s: &str) -> bool {
    if matches!(
        s,
        "*" | "$count" | "$ref" | "$value" | "$it" | "$this" | "$root"
    ) {
        return true;
    }
    let s = s.strip_prefix('@').unwrap_or(s);
    let (qualifier, last) = match s.rsplit_once('.') {
        Some((q, l)) => (Some(q), l),
        None => (None, s),
    };
    let last_ok = is_identifier(last) || (last == "*" && qualifier.is_some());
    last_ok && qualifier.is_none_or(|q| q.split('.').all(is_identifier))
}

/// Whether `path` is a `/`-separated path of valid segments.
pub(crate) fn is_path(path: &str) -> bool {
    !path.is_empty() && path.split('/').all(is_segment)
}

/// `Err` naming `what` when `path` is not a valid path.
pub(crate) fn check_path(path: &str, what: &str) -> Result<(), crate::Error> {
    if is_path(path) {
        Ok(())
    } else {
        Err(crate::Error::InvalidRequest(format!(
            "{what} `{path}` is not an OData property path (identifiers, type casts and `*` \
             separated by `/`)"
        )))
    }
}

/// `$search` text for use inside `$expand(...)`: words and the operators `AND`, `OR`, `NOT`
/// as they are; anything else becomes one search phrase in double quotes, with `\` and `"`
/// escaped (OData ABNF `searchPhrase`), so it cannot close the parenthesis or start another
/// option.
pub(crate) fn quote_search(text: &str) -> String {
    let plain = !text.trim().is_empty()
        && text
            .split(' ')
            .all(|w| w.is_empty() || w.chars().all(char::is_alphanumeric));
    if plain {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        if matches!(c, '"' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths() {
        for ok in [
            "dateKey",
            "address/city",
            "_x1",
            "Größe",
            "NS.Derived/prop",
            "Friends/$count",
            "Friends/$ref",
            "*",
            "NS.*",
            "@Core.Messages",
            "Trips/PlanItems",
        ] {
            assert!(is_path(ok), "{ok}");
        }
        for bad in [
            "",
            "1 eq 1 or id",
            "id) or (1 eq 1",
            "a,b",
            "a;b",
            "a/",
            "/a",
            "a b",
            "x),Secrets(",
            "Name&$filter=x",
            "a='b'",
            "1a",
            "NS.",
            ".a",
            "$filter",
            "a/*/b*",
        ] {
            assert!(!is_path(bad), "{bad}");
        }
        assert!(!is_path(&"a".repeat(129)));
        assert!(is_path(&"a".repeat(128)));
    }

    #[test]
    fn search_terms() {
        assert_eq!(quote_search("blue"), "blue");
        assert_eq!(quote_search("blue OR green"), "blue OR green");
        assert_eq!(quote_search("x),Secrets("), r#""x),Secrets(""#);
        assert_eq!(quote_search(r#"say "hi" \o/"#), r#""say \"hi\" \\o/""#);
        assert_eq!(quote_search(""), r#""""#);
        assert_eq!(quote_search("a;$top=1"), r#""a;$top=1""#);
    }
}
