//! Standard library items as generated code names them: by their prelude names (`Option`,
//! `String`, `Vec`), which every module sees, unless the module itself defines an item of
//! that name (a service type called `Option`), where the absolute path is used instead.
//!
//! Derive macros (`Clone`, `Debug`, `PartialEq`, …) are always named bare: they live in the
//! macro namespace, which no generated item enters.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

/// The standard items of one module.
pub struct Std {
    /// `Option`.
    pub option: TokenStream,
    /// `String`.
    pub string: TokenStream,
    /// `Vec`.
    pub vec: TokenStream,
    /// `Box`.
    pub boxed: TokenStream,
    /// `ToString`.
    pub to_string: TokenStream,
    /// `AsRef`.
    pub as_ref: TokenStream,
}

impl Std {
    /// The names for a module that defines the items `defined`.
    pub fn new(defined: &[&crate::naming::RustName]) -> Std {
        let defined: Vec<String> = defined.iter().map(|d| d.unraw().to_owned()).collect();
        // `path` is the item's absolute path, its segments separated by `::`; it is only
        // built when needed (a module of generated code rarely defines one of these names).
        let pick = |name: &str, path: &str| {
            if defined.iter().any(|d| d == name) {
                path.split("::")
                    .map(|segment| {
                        let ident = Ident::new(segment, Span::call_site());
                        quote!(::#ident)
                    })
                    .collect()
            } else {
                let ident = Ident::new(name, Span::call_site());
                quote!(#ident)
            }
        };
        Std {
            option: pick("Option", "core::option::Option"),
            string: pick("String", "std::string::String"),
            vec: pick("Vec", "std::vec::Vec"),
            boxed: pick("Box", "std::boxed::Box"),
            to_string: pick("ToString", "std::string::ToString"),
            as_ref: pick("AsRef", "core::convert::AsRef"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bare_unless_the_module_defines_the_name() {
        let option: crate::naming::RustName = syn::parse_quote!(Option);
        let std = Std::new(&[&option]);
        assert_eq!(std.option.to_string(), ":: core :: option :: Option");
        assert_eq!(std.string.to_string(), "String");
        let string: crate::naming::RustName = syn::parse_quote!(String);
        let std = Std::new(&[&string]);
        assert_eq!(std.string.to_string(), ":: std :: string :: String");
        assert_eq!(std.option.to_string(), "Option");
    }
}
