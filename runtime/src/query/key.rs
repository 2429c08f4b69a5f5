//! Key predicates: `devices(1)`, `people('russell')`, `facts(dateKey=20240101,deviceKey=5)`.

use super::encode::encode_path_segment;
use super::literal::Literal;

/// Appends a key predicate to `entity_set` (a set name or any path to a collection).
///
/// One key property gives the short form `set(value)`; several give `name=value` pairs in
/// the order passed. Literals are percent-encoded for a path segment (`'a/b'` → `'a%2Fb'`);
/// `entity_set` and the key names are used as given. An empty key returns `entity_set`.
pub fn key_path(entity_set: &str, key: &[(&str, &dyn Literal)]) -> String {
    if key.is_empty() {
        return entity_set.to_owned();
    }
    let mut out = String::with_capacity(entity_set.len() + 16 * key.len());
    out.push_str(entity_set);
    out.push('(');
    let mut lit = String::new();
    for (i, (name, value)) in key.iter().enumerate() {
        lit.clear();
        value.write_literal(&mut lit);
        if key.len() > 1 {
            if i > 0 {
                out.push(',');
            }
            out.push_str(name);
            out.push('=');
        }
        out.push_str(&encode_path_segment(&lit));
    }
    out.push(')');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn key_paths() {
        assert_eq!(key_path("devices", &[("deviceKey", &1)]), "devices(1)");
        assert_eq!(
            key_path("people", &[("UserName", &"russell")]),
            "people('russell')"
        );
        assert_eq!(
            key_path("facts", &[("dateKey", &20240101), ("deviceKey", &5i64)]),
            "facts(dateKey=20240101,deviceKey=5)"
        );
        assert_eq!(
            key_path("people('x')/Friends", &[("UserName", &"a b/c?d#e'f")]),
            "people('x')/Friends('a%20b%2Fc%3Fd%23e''f')"
        );
        assert_eq!(
            key_path(
                "complianceStates",
                &[("complianceStateID", &String::from("50%+x&y;z"))]
            ),
            "complianceStates('50%25%2Bx%26y%3Bz')"
        );
        assert_eq!(
            key_path("dates", &[("fullDate", &date!(2024 - 02 - 29))]),
            "dates(2024-02-29)"
        );
        let id = uuid::Uuid::nil();
        assert_eq!(
            key_path("users", &[("id", &id)]),
            "users(00000000-0000-0000-0000-000000000000)"
        );
        assert_eq!(key_path("me", &[]), "me");
        assert_eq!(key_path("s", &[("k", &"ü")]), "s('%C3%BC')");
    }
}
