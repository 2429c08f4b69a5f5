//! Standard library items as generated code names them: by their prelude names (`Option`,
//! `String`, `Vec`), which every module sees, unless the module itself defines an item of
//! that name (a service type called `Option`), where the absolute path is used instead.
//!
//! Derive macros (`Clone`, `Debug`, `PartialEq`, …) are always named bare: they live in the
//! macro namespace, which no generated item enters.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::naming::ident::unraw;

/// The standard items of one module.
pub struct Std {
    /// `Option`.
    pub option: TokenStream,
    /// `Some`.
    pub some: TokenStream,
    /// `None`.
    pub none: TokenStream,
    /// `Result`.
    pub result: TokenStream,
    /// `String`.
    pub string: TokenStream,
    /// `Vec`.
    pub vec: TokenStream,
    /// `Box`.
    pub boxed: TokenStream,
    /// `ToString`.
    pub to_string: TokenStream,
    /// `IntoIterator`.
    pub into_iterator: TokenStream,
    /// `FnOnce`.
    pub fn_once: TokenStream,
    /// `Send`.
    pub send: TokenStream,
    /// `AsRef`.
    pub as_ref: TokenStream,
}

impl Std {
    /// The names for a module that defines the items `defined`.
    pub fn new(defined: &[&Ident]) -> Std {
        let defined: Vec<String> = defined
            .iter()
            .map(|d| unraw(&d.to_string()).to_owned())
            .collect();
        let pick = |name: &str, full: TokenStream| {
            if defined.iter().any(|d| d == name) {
                full
            } else {
                let ident = Ident::new(name, Span::call_site());
                quote!(#ident)
            }
        };
        Std {
            option: pick("Option", quote!(::core::option::Option)),
            some: pick("Some", quote!(::core::option::Option::Some)),
            none: pick("None", quote!(::core::option::Option::None)),
            result: pick("Result", quote!(::core::result::Result)),
            string: pick("String", quote!(::std::string::String)),
            vec: pick("Vec", quote!(::std::vec::Vec)),
            boxed: pick("Box", quote!(::std::boxed::Box)),
            to_string: pick("ToString", quote!(::std::string::ToString)),
            into_iterator: pick("IntoIterator", quote!(::core::iter::IntoIterator)),
            fn_once: pick("FnOnce", quote!(::core::ops::FnOnce)),
            send: pick("Send", quote!(::core::marker::Send)),
            as_ref: pick("AsRef", quote!(::core::convert::AsRef)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bare_unless_the_module_defines_the_name() {
        let option = Ident::new("Option", Span::call_site());
        let std = Std::new(&[&option]);
        assert_eq!(std.option.to_string(), ":: core :: option :: Option");
        assert_eq!(std.string.to_string(), "String");
        let some = Ident::new("Some", Span::call_site());
        let std = Std::new(&[&some]);
        assert_eq!(std.some.to_string(), ":: core :: option :: Option :: Some");
        assert_eq!(std.option.to_string(), "Option");
    }
}
