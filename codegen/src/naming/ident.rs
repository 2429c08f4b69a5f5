//! Wire names → Rust identifiers.
//!
//! Every identifier in generated code comes from here, and every one is checked with
//! `syn::parse_str::<syn::Ident>` before it is used: nothing from a `$metadata` document is
//! ever parsed as Rust.
//!
//! The conversion, in order:
//! 1. a letter or digit outside ASCII is transliterated by [`deunicode`] when that gives
//!    ASCII letters and digits (`Größe` → `Grosse`, `café` → `cafe`; a CJK character is a
//!    word of its own: `名前` → `Ming Qian`); any other character that is not ASCII
//!    alphanumeric or `_` becomes a word `uXXXX` (its code point in hex), so `foo-bar` and
//!    `foo_bar` stay apart. No non-ASCII identifier (and no confusable lint) reaches the
//!    output; names that meet after this are told apart by the naming pass's collision rule;
//! 2. [`heck`] converts the case (`snake_case` or `UpperCamelCase`);
//! 3. an empty result becomes `unnamed` / `Unnamed`;
//! 4. a leading digit is prefixed: `_` for snake case, `N` for camel case;
//! 5. a Rust keyword becomes a raw identifier `r#kw`, except `self`, `Self`, `super`, `crate`
//!    and `_`, which cannot be raw and get a `_` suffix instead (`self_`).

use std::fmt;

use heck::{ToSnakeCase, ToUpperCamelCase};

/// The case an identifier is converted to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Case {
    /// `snake_case`: modules, fields, methods, parameters.
    Snake,
    /// `UpperCamelCase`: types and enum variants.
    Pascal,
}

/// A name that could not be made into an identifier.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IdentError {
    /// The text that was produced.
    pub text: String,
    /// What `syn` said about it.
    pub reason: String,
}

impl fmt::Display for IdentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "`{}` is not a valid Rust identifier: {}",
            self.text, self.reason
        )
    }
}

impl std::error::Error for IdentError {}

/// Keywords of every edition (strict and reserved) that can be written as raw identifiers.
const RAW_KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn",
    "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let",
    "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return",
    "static", "struct", "trait", "true", "try", "type", "typeof", "unsafe", "unsized", "use",
    "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers.
const NON_RAW_KEYWORDS: &[&str] = &["self", "Self", "super", "crate", "_"];

/// The cased, ASCII-only form of `wire` with digits prefixed, before keyword handling. Used by
/// the naming pass to append collision suffixes.
pub fn base(wire: &str, case: Case) -> String {
    let mut ascii = String::with_capacity(wire.len());
    for c in wire.chars() {
        if c.is_ascii_alphanumeric() || c == '_' {
            ascii.push(c);
        } else if let Some(t) = transliteration(c) {
            ascii.push_str(&t);
        } else {
            ascii.push_str(&format!("_u{:04x}_", c as u32));
        }
    }
    let cased = match case {
        Case::Snake => ascii.to_snake_case(),
        Case::Pascal => ascii.to_upper_camel_case(),
    };
    let mut out = if cased.is_empty() || cased.chars().all(|c| c == '_') {
        match case {
            Case::Snake => "unnamed".to_owned(),
            Case::Pascal => "Unnamed".to_owned(),
        }
    } else {
        cased
    };
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert_str(
            0,
            match case {
                Case::Snake => "_",
                Case::Pascal => "N",
            },
        );
    }
    out
}

/// The ASCII spelling of a non-ASCII letter or digit, when [`deunicode`] has one made of
/// ASCII letters and digits; a transliteration it spaces off (a CJK character) becomes a word
/// of its own.
fn transliteration(c: char) -> Option<String> {
    if c.is_ascii() || !c.is_alphanumeric() {
        return None;
    }
    let t = deunicode::deunicode_char(c)?;
    let word = t.trim();
    if word.is_empty() || !word.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return None;
    }
    Some(if word.len() == t.len() {
        word.to_owned()
    } else {
        format!("_{word}_")
    })
}

/// Keyword handling for an already cased text: `r#kw` or `self_`.
pub fn finish(text: &str) -> String {
    if NON_RAW_KEYWORDS.contains(&text) {
        format!("{text}_")
    } else if RAW_KEYWORDS.contains(&text) {
        format!("r#{text}")
    } else {
        text.to_owned()
    }
}

/// Validates `text` (as produced by [`finish`]) as an identifier.
pub fn validate(text: &str) -> Result<RustName, IdentError> {
    match syn::parse_str::<syn::Ident>(text) {
        Ok(_) => Ok(RustName(text.to_owned())),
        Err(e) => Err(IdentError {
            text: text.to_owned(),
            reason: e.to_string(),
        }),
    }
}

/// A Rust identifier, validated once by [`validate`] and kept as text (`r#type` for a raw
/// one), so that names are plain data a plan shares across threads (a `syn::Ident` cannot
/// cross them). It becomes an identifier token only where code is emitted: `quote!(#name)` or
/// [`RustName::ident`]. The generator's own fixed names parse into one:
/// `syn::parse_quote!(models)`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RustName(String);

impl RustName {
    /// The identifier token.
    pub fn ident(&self) -> proc_macro2::Ident {
        let span = proc_macro2::Span::call_site();
        match self.0.strip_prefix("r#") {
            Some(keyword) => proc_macro2::Ident::new_raw(keyword, span),
            None => proc_macro2::Ident::new(&self.0, span),
        }
    }

    /// The identifier as written in code: `r#type` for a raw one.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The name without its `r#` prefix: the name serde, rustdoc and file names see.
    pub fn unraw(&self) -> &str {
        unraw(&self.0)
    }
}

impl fmt::Display for RustName {
    /// As written in code, like `syn::Ident`'s: `r#type`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl quote::ToTokens for RustName {
    fn to_tokens(&self, tokens: &mut proc_macro2::TokenStream) {
        tokens.extend(std::iter::once(proc_macro2::TokenTree::Ident(self.ident())));
    }
}

impl syn::parse::Parse for RustName {
    /// An identifier the generator writes itself: `syn::parse_quote!(models)`.
    fn parse(input: syn::parse::ParseStream<'_>) -> syn::Result<Self> {
        Ok(RustName(input.parse::<syn::Ident>()?.to_string()))
    }
}

/// The identifier without its `r#` prefix: the name serde and rustdoc see.
pub fn unraw(text: &str) -> &str {
    text.strip_prefix("r#").unwrap_or(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The identifier text for `wire` in `case` before any collision suffix, as the naming
    /// pass computes it (raw identifiers keep their `r#`).
    fn ident_text(wire: &str, case: Case) -> String {
        finish(&base(wire, case))
    }

    #[test]
    fn table() {
        let cases: &[(&str, Case, &str)] = &[
            ("deviceKey", Case::Snake, "device_key"),
            ("deviceKey", Case::Pascal, "DeviceKey"),
            (
                "rowLastModifiedDateTimeUTC",
                Case::Snake,
                "row_last_modified_date_time_utc",
            ),
            ("devices", Case::Pascal, "Devices"),
            ("type", Case::Snake, "r#type"),
            ("Type", Case::Snake, "r#type"),
            ("async", Case::Snake, "r#async"),
            ("gen", Case::Snake, "r#gen"),
            ("self", Case::Snake, "self_"),
            ("self", Case::Pascal, "Self_"),
            ("Self", Case::Pascal, "Self_"),
            ("super", Case::Snake, "super_"),
            ("crate", Case::Snake, "crate_"),
            ("_", Case::Snake, "unnamed"),
            ("_", Case::Pascal, "Unnamed"),
            ("", Case::Snake, "unnamed"),
            ("_123", Case::Snake, "_123"),
            ("_123", Case::Pascal, "N123"),
            ("_2FA", Case::Snake, "_2fa"),
            ("_1stPlace", Case::Pascal, "N1stPlace"),
            ("foo-bar.baz", Case::Snake, "foo_u002d_bar_u002e_baz"),
            ("Größe", Case::Pascal, "Grosse"),
            ("größe", Case::Snake, "grosse"),
            ("Straßenname", Case::Snake, "strassenname"),
            ("café-crème", Case::Snake, "cafe_u002d_creme"),
            ("名前", Case::Snake, "ming_qian"),
            ("Ωmega", Case::Pascal, "Omega"),
            ("a→b", Case::Snake, "a_u2192_b"),
            ("😀", Case::Snake, "u1f600"),
            ("union", Case::Snake, "union"),
            ("None", Case::Pascal, "None"),
            ("Option", Case::Pascal, "Option"),
            ("fn", Case::Pascal, "Fn"),
        ];
        for (wire, case, expected) in cases {
            let got = ident_text(wire, *case);
            assert_eq!(&got, expected, "{wire} {case:?}");
            validate(&got).unwrap_or_else(|e| panic!("{e}"));
        }
    }

    #[test]
    fn every_keyword_is_valid_after_conversion() {
        for kw in RAW_KEYWORDS.iter().chain(NON_RAW_KEYWORDS) {
            for case in [Case::Snake, Case::Pascal] {
                let text = ident_text(kw, case);
                assert!(validate(&text).is_ok(), "{kw} -> {text}");
            }
        }
    }

    #[test]
    fn a_name_emits_the_identifier_it_was_validated_as() {
        for (text, unraw) in [("r#type", "type"), ("device_key", "device_key")] {
            let name = validate(text).unwrap();
            let ident = syn::parse_str::<syn::Ident>(text).unwrap();
            assert_eq!(quote::quote!(#name).to_string(), ident.to_string());
            assert_eq!(name.to_string(), text);
            assert_eq!(name.unraw(), unraw);
        }
    }

    #[test]
    fn invalid_text_is_an_error() {
        assert!(validate("r#self").is_err());
        assert!(validate("a b").is_err());
        assert!(validate("fn").is_err());
    }
}
