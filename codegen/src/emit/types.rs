//! EDM type references → Rust type tokens, as a module of generated code names them.

use proc_macro2::TokenStream;
use quote::quote;

use super::prelude::Std;
use super::{Ctx, TypeModule};
use crate::model::{Primitive, Type, TypeId, TypeKind};

/// A top-level module of a version that other modules name types in.
#[derive(Clone, Copy)]
enum TopModule {
    Models,
    Requests,
}

/// A Rust type for an EDM element type, and whether its serde form needs the runtime's `edm`
/// helper (`#[serde(with = ...)]`).
pub struct Scalar {
    /// The type.
    pub tokens: TokenStream,
    /// Whether `#[serde(with = "<runtime>::edm")]` is needed.
    pub edm: bool,
    /// Whether the type implements the runtime's `Literal` (usable in keys and `$filter`).
    pub literal: bool,
}

impl Ctx<'_> {
    /// `super::…::models::[ns::]Name` seen from a module `depth` levels below the version root,
    /// or a shorter path from a type module of the models themselves.
    pub fn type_path(&self, t: TypeId, depth: usize) -> TokenStream {
        let name = &self.names.ty(t).rust;
        let scope = self.models_scope(t, depth);
        quote!(#scope #name)
    }

    /// `super::…::models::[ns::]<ident>`: an item of the models module of `t`'s namespace
    /// (the type itself, or one of its enums), seen from `depth` below the version root.
    pub fn models_item(
        &self,
        t: TypeId,
        ident: &crate::naming::RustName,
        depth: usize,
    ) -> TokenStream {
        let scope = self.models_scope(t, depth);
        quote!(#scope #ident)
    }

    /// The path, with its trailing `::`, of the module re-exporting `t` (`models` or its
    /// namespace's module), seen from `depth` below the version root, or from a sibling.
    fn models_scope(&self, t: TypeId, depth: usize) -> TokenStream {
        match &self.type_module {
            TypeModule::Models(own) => self.sibling_scope(t, own),
            _ => self.version_scope(t, depth, TopModule::Models),
        }
    }

    /// `super::…::<top>::[ns::]`: the top module `top` (`models`, `requests`) holding `t`,
    /// seen from `depth` below the version root.
    /// When the body imports the top modules (see [`super::TopModuleImports`]), the path starts at the
    /// import instead.
    fn version_scope(&self, t: TypeId, depth: usize, top: TopModule) -> TokenStream {
        let imported = match &self.top_imports {
            Some(imports) if imports.depth == depth => {
                match top {
                    TopModule::Models => imports.models.set(true),
                    TopModule::Requests => imports.requests.set(true),
                }
                0
            }
            _ => depth,
        };
        let supers = (0..imported).map(|_| quote!(super::));
        let top = match top {
            TopModule::Models => quote!(models),
            TopModule::Requests => quote!(requests),
        };
        match self.names.namespaces.get(&self.model.ty(t).namespace) {
            Some(ns) => quote!(#(#supers)* #top::#ns::),
            None => quote!(#(#supers)* #top::),
        }
    }

    /// The module holding `t` seen from a type module of the same top module in namespace `own`:
    /// `super::`, or `super::super::<ns>::` for a type of another namespace.
    fn sibling_scope(&self, t: TypeId, own: &str) -> TokenStream {
        let namespace = &self.model.ty(t).namespace;
        match self.names.namespaces.get(namespace) {
            Some(ns) if own != namespace => quote!(super::super::#ns::),
            _ => quote!(super::),
        }
    }

    /// The type values of entity or complex type `t` are decoded as: its `…Any` enum when
    /// types derive from it (the service may send any of them), else its struct.
    pub fn decoded_item(&self, t: TypeId, depth: usize) -> TokenStream {
        match &self.names.ty(t).any_enum {
            Some(any) => self.models_item(t, any, depth),
            None => self.type_path(t, depth),
        }
    }

    /// `super::…::requests::[ns::]<type module>`: the navigation requests of entity type `t`.
    pub fn request_module(&self, t: TypeId, depth: usize) -> TokenStream {
        let module = &self.names.ty(t).module;
        let scope = match &self.type_module {
            TypeModule::Requests(own) => self.sibling_scope(t, own),
            _ => self.version_scope(t, depth, TopModule::Requests),
        };
        quote!(#scope #module)
    }

    /// The Rust type of a primitive.
    pub fn primitive(&self, p: &Primitive) -> Scalar {
        let Std { string, .. } = &self.std;
        let rt = &self.rt;
        let (tokens, edm, literal) = match p {
            Primitive::Binary => (quote!(#rt::Binary), false, true),
            Primitive::Boolean => (quote!(bool), false, true),
            Primitive::Byte | Primitive::SByte | Primitive::Int16 | Primitive::Int32
                if self.options.lenient_integers =>
            {
                (quote!(i64), true, true)
            }
            Primitive::Byte => (quote!(u8), false, true),
            Primitive::SByte => (quote!(i8), false, true),
            Primitive::Int16 => (quote!(i16), false, true),
            Primitive::Int32 => (quote!(i32), false, true),
            Primitive::Int64 => (quote!(i64), true, true),
            Primitive::Decimal => (quote!(#rt::rust_decimal::Decimal), true, true),
            Primitive::Single => (quote!(f32), true, true),
            Primitive::Double => (quote!(f64), true, true),
            Primitive::Date => (quote!(#rt::time::Date), true, true),
            Primitive::TimeOfDay => (quote!(#rt::time::Time), true, true),
            Primitive::DateTimeOffset => (quote!(#rt::time::OffsetDateTime), true, true),
            Primitive::Duration => (quote!(#rt::time::Duration), true, true),
            Primitive::Guid => (quote!(#rt::uuid::Uuid), false, true),
            Primitive::String => (quote!(#string), false, true),
            Primitive::Geography(_) | Primitive::Geometry(_) => (quote!(#rt::Geo), false, false),
            // A stream property's value is not in the entity's JSON (only its media links).
            Primitive::Stream
            | Primitive::Untyped
            | Primitive::PathType(_)
            | Primitive::Unknown(_) => (quote!(#rt::serde_json::Value), false, false),
        };
        Scalar {
            tokens,
            edm,
            literal,
        }
    }

    /// The Rust type of an element type, seen from `depth` below the version root.
    pub fn scalar(&self, ty: &Type, depth: usize) -> Scalar {
        let rt = &self.rt;
        match ty {
            Type::Primitive(p) => self.primitive(p),
            Type::Opaque(_) => Scalar {
                tokens: quote!(#rt::serde_json::Value),
                edm: false,
                literal: false,
            },
            Type::Named(t) if !self.names.emitted.contains(t) => Scalar {
                tokens: quote!(#rt::serde_json::Value),
                edm: false,
                literal: false,
            },
            Type::Named(t) => {
                let path = self.type_path(*t, depth);
                match &self.model.ty(*t).kind {
                    TypeKind::Enum(e) if e.is_flags => Scalar {
                        tokens: quote!(#rt::Flags<#path>),
                        edm: false,
                        literal: true,
                    },
                    TypeKind::Enum(_) => Scalar {
                        tokens: path,
                        edm: false,
                        literal: true,
                    },
                    _ => Scalar {
                        tokens: path,
                        edm: false,
                        literal: false,
                    },
                }
            }
        }
    }

    /// The type used for `ty` in a key parameter or filter path: type definitions are seen
    /// through to their underlying primitive (the newtype is not a URL literal).
    pub fn literal_type(&self, ty: &Type, depth: usize) -> Option<TokenStream> {
        let s = match ty {
            Type::Named(t) if self.names.emitted.contains(t) => match &self.model.ty(*t).kind {
                TypeKind::Definition(d) => self.primitive(&d.underlying),
                _ => self.scalar(ty, depth),
            },
            _ => self.scalar(ty, depth),
        };
        s.literal.then_some(s.tokens)
    }
}
