//! Syntax trees built directly, for the items a large service has most of (the structs of
//! its types, their fields and their field enums): parsing their tokens back into a tree,
//! only for the formatter to print it, was the largest step of generating one. Everything
//! else is emitted as tokens and parsed ([`parse`]).

use proc_macro2::{Span, TokenStream};
use syn::punctuated::Punctuated;
use syn::{Attribute, Ident, Item, Meta};

/// The items `tokens` hold.
pub fn parse(tokens: TokenStream) -> syn::Result<Vec<Item>> {
    Ok(syn::parse2::<syn::File>(tokens)?.items)
}

/// A one-segment path.
pub fn path(name: &str) -> syn::Path {
    Ident::new(name, Span::call_site()).into()
}

/// An outer attribute `#[meta]`.
pub fn attr(meta: Meta) -> Attribute {
    Attribute {
        pound_token: Default::default(),
        style: syn::AttrStyle::Outer,
        bracket_token: Default::default(),
        meta,
    }
}

/// `#[name]`.
pub fn word(name: &str) -> Attribute {
    attr(Meta::Path(path(name)))
}

/// `#[name(tokens)]`: the tokens are kept as they are, as the parser keeps them.
pub fn list(name: &str, tokens: TokenStream) -> Attribute {
    attr(Meta::List(syn::MetaList {
        path: path(name),
        delimiter: syn::MacroDelimiter::Paren(Default::default()),
        tokens,
    }))
}

/// `#[name = lit]`.
pub fn name_value(name: &str, lit: syn::Lit) -> Attribute {
    attr(Meta::NameValue(syn::MetaNameValue {
        path: path(name),
        eq_token: Default::default(),
        value: literal(lit),
    }))
}

/// A literal expression.
pub fn literal(lit: syn::Lit) -> syn::Expr {
    syn::Expr::Lit(syn::ExprLit {
        attrs: Vec::new(),
        lit,
    })
}

/// A string literal expression.
pub fn str_expr(text: &str) -> syn::Expr {
    literal(syn::Lit::Str(syn::LitStr::new(text, Span::call_site())))
}

/// `pub`.
pub fn public() -> syn::Visibility {
    syn::Visibility::Public(Default::default())
}

/// `attrs pub ident: ty`.
pub fn field(attrs: Vec<Attribute>, ident: Ident, ty: syn::Type) -> syn::Field {
    syn::Field {
        attrs,
        vis: public(),
        mutability: syn::FieldMutability::None,
        ident: Some(ident),
        colon_token: Some(Default::default()),
        ty,
    }
}

/// `attrs pub struct name { fields }`.
pub fn named_struct(
    attrs: Vec<Attribute>,
    name: Ident,
    fields: Punctuated<syn::Field, syn::Token![,]>,
) -> Item {
    Item::Struct(syn::ItemStruct {
        attrs,
        vis: public(),
        struct_token: Default::default(),
        ident: name,
        generics: Default::default(),
        fields: syn::Fields::Named(syn::FieldsNamed {
            brace_token: Default::default(),
            named: fields,
        }),
        semi_token: None,
    })
}

/// `attrs pub enum name { variants }` of unit variants, each with its attributes.
pub fn unit_enum(
    attrs: Vec<Attribute>,
    name: Ident,
    variants: impl IntoIterator<Item = (Vec<Attribute>, Ident)>,
) -> Item {
    Item::Enum(syn::ItemEnum {
        attrs,
        vis: public(),
        enum_token: Default::default(),
        ident: name,
        generics: Default::default(),
        brace_token: Default::default(),
        variants: variants
            .into_iter()
            .map(|(attrs, ident)| syn::Variant {
                attrs,
                ident,
                fields: syn::Fields::Unit,
                discriminant: None,
            })
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use quote::quote;

    use super::*;

    /// Built trees print as the parsed tokens they stand for.
    #[test]
    fn built_items_print_as_their_tokens() {
        let ident = |s: &str| Ident::new(s, Span::call_site());
        let mut fields = Punctuated::new();
        fields.push(field(
            vec![list("serde", quote!(rename = "a"))],
            ident("a"),
            syn::parse_quote!(Option<u8>),
        ));
        let built = vec![
            named_struct(
                vec![
                    name_value("doc", syn::parse_quote!(" S")),
                    word("non_exhaustive"),
                ],
                ident("S"),
                fields,
            ),
            unit_enum(Vec::new(), ident("E"), [(Vec::new(), ident("A"))]),
        ];
        let parsed = parse(quote! {
            #[doc = " S"]
            #[non_exhaustive]
            pub struct S {
                #[serde(rename = "a")]
                pub a: Option<u8>,
            }
            pub enum E { A }
        })
        .unwrap();
        let print = |items| {
            prettyplease::unparse(&syn::File {
                shebang: None,
                attrs: Vec::new(),
                items,
            })
        };
        assert_eq!(print(built), print(parsed));
    }
}
