//! Percent-encoding of URL path segments and query options (RFC 3986).
//!
//! OData text (literals, `$filter`, `$expand`) is built unencoded and encoded once here.
//! Characters RFC 3986 allows in a query value and OData uses as syntax stay readable
//! (`' ( ) , ; : @ / ? = $ * !`); `&`, `#`, `+` and `%` are always encoded because
//! servers would read them as separators, fragment, space or escapes.

use percent_encoding::{AsciiSet, CONTROLS, percent_decode_str, utf8_percent_encode};

/// Bytes encoded in a query option value: everything outside `unreserved / pchar / "/" / "?"`,
/// plus `&` and `+` (form decoders read `+` as a space).
const QUERY_VALUE: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'&')
    .add(b'+')
    .add(b'<')
    .add(b'>')
    .add(b'[')
    .add(b'\\')
    .add(b']')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

/// Query option names additionally encode `=`, which would end the name.
const QUERY_NAME: &AsciiSet = &QUERY_VALUE.add(b'=');

/// Bytes encoded inside one path segment (a key predicate's literal): `/` would split the
/// segment, `?` and `#` end the path, and `;`/`+`/`&` are mangled by some servers' routing.
const PATH_SEGMENT: &AsciiSet = &QUERY_VALUE.add(b'/').add(b'?').add(b';');

/// Encodes a query option value.
pub fn encode_query_value(value: &str) -> String {
    utf8_percent_encode(value, QUERY_VALUE).to_string()
}

/// Encodes a query option name.
pub fn encode_query_name(name: &str) -> String {
    utf8_percent_encode(name, QUERY_NAME).to_string()
}

/// Encodes text for use inside a path segment, such as a key literal.
pub fn encode_path_segment(text: &str) -> String {
    utf8_percent_encode(text, PATH_SEGMENT).to_string()
}

/// Appends `name=value` (both encoded) to a query string.
pub(crate) fn push_pair(query: &mut String, name: &str, value: &str) {
    if !query.is_empty() {
        query.push('&');
    }
    query.push_str(&encode_query_name(name));
    query.push('=');
    query.push_str(&encode_query_value(value));
}

/// The decoded names of the options in a raw query string.
pub(crate) fn query_names(query: &str) -> impl Iterator<Item = String> + '_ {
    query.split('&').filter(|p| !p.is_empty()).map(|pair| {
        let name = pair.split_once('=').map_or(pair, |(n, _)| n);
        percent_decode_str(name).decode_utf8_lossy().into_owned()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_values() {
        let table = [
            ("DateKey ge 20180214", "DateKey%20ge%2020180214"),
            ("name eq 'O''Neil'", "name%20eq%20'O''Neil'"),
            ("a,b,c", "a,b,c"),
            ("Friends($select=a,b;$top=5)", "Friends($select=a,b;$top=5)"),
            ("x eq 'a&b'", "x%20eq%20'a%26b'"),
            ("1+1", "1%2B1"),
            ("100%", "100%25"),
            ("a#b", "a%23b"),
            (
                "t ge 2018-02-21T23:18:51.3277273Z",
                "t%20ge%202018-02-21T23:18:51.3277273Z",
            ),
            ("x eq @p", "x%20eq%20@p"),
            ("é", "%C3%A9"),
            (
                "\"q\" <a> [b] {c} |d| ^e^ `f` \\",
                "%22q%22%20%3Ca%3E%20%5Bb%5D%20%7Bc%7D%20%7Cd%7C%20%5Ee%5E%20%60f%60%20%5C",
            ),
            ("tab\there\nnl", "tab%09here%0Anl"),
            ("a=b", "a=b"),
            ("/path?x", "/path?x"),
            ("*", "*"),
            ("~-._!$", "~-._!$"),
        ];
        for (raw, want) in table {
            assert_eq!(encode_query_value(raw), want, "value {raw:?}");
        }
    }

    #[test]
    fn query_names_encode_equals_too() {
        assert_eq!(encode_query_name("$filter"), "$filter");
        assert_eq!(encode_query_name("api-version"), "api-version");
        assert_eq!(encode_query_name("a=b&c"), "a%3Db%26c");
        assert_eq!(encode_query_name("@p1"), "@p1");
    }

    #[test]
    fn path_segments() {
        let table = [
            ("'russell'", "'russell'"),
            ("'a/b'", "'a%2Fb'"),
            ("'a?b#c'", "'a%3Fb%23c'"),
            ("'a b'", "'a%20b'"),
            ("'a;b+c&d'", "'a%3Bb%2Bc%26d'"),
            ("'50%'", "'50%25'"),
            ("2024-01-01T00:00:00Z", "2024-01-01T00:00:00Z"),
            ("'ü'", "'%C3%BC'"),
        ];
        for (raw, want) in table {
            assert_eq!(encode_path_segment(raw), want, "segment {raw:?}");
        }
    }

    #[test]
    fn pairs_and_names() {
        let mut q = String::new();
        push_pair(&mut q, "api-version", "v1.0");
        push_pair(&mut q, "$filter", "a eq 'x&y'");
        assert_eq!(q, "api-version=v1.0&$filter=a%20eq%20'x%26y'");
        let names: Vec<_> = query_names("a=1&%24skiptoken=x&&flag&b%3Dc=2").collect();
        assert_eq!(names, ["a", "$skiptoken", "flag", "b=c"]);
    }
}
