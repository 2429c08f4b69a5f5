//! The reader: bytes of a CSDL XML document → [`csdl::Document`] with spans, or diagnostics
//! saying precisely what is wrong and where.
//!
//! # The degradation policy
//!
//! Users point build scripts at services they do not control, so a defect is an **error**
//! only where no faithful client can be produced at all. Every other defect is a **warning**
//! at file:line:col saying what was degraded, and reading (then generation) goes on with the
//! degradation below; under `strict` ([`crate::model::LoadOptions::strict`],
//! [`crate::config::Config::strict`], `--strict`) every warning is an error. The reader
//! (this module) and the model ([`crate::model`]) share the table.
//!
//! Errors in every mode:
//!
//! | defect | why it is fatal |
//! |---|---|
//! | not UTF-8 (bytes, a UTF-16 byte order mark, another declared encoding) | the text itself is unknown |
//! | not well-formed XML, including namespace well-formedness (an unbound prefix such as `sap:`), an XML declaration after content | the element tree is unknown: any guess may misread every element after the defect |
//! | a DOCTYPE | entities would have to be expanded (external entities, expansion bombs); no CSDL needs one |
//! | nesting deeper than [`xml::MAX_DEPTH`] elements | bounds the stack of every later pass |
//! | not a CSDL 4.x document: root not `edmx:Edmx` in the v4 namespace, an OData v1–v3 document, `Version` other than `4.0`/`4.01`, no `edmx:DataServices`, a `Schema` outside the CSDL namespace | another format: nothing in it describes a v4 service |
//! | (model) an `--annotations` overlay that declares items | a mistake of the configuration, not of the service |
//! | (generation) no entity container | there is no service to make a client for |
//!
//! Warnings, and the degradation each gets:
//!
//! | defect (a real example) | degradation | why |
//! |---|---|---|
//! | a name that is no SimpleIdentifier (Graph's `request-id`, Northwind's `prefix/project2`) | the wire name is kept; the Rust name comes from the naming rule (`request_u002d_id`) | the wire name is what the service answers to; any text makes a valid identifier |
//! | a missing `Name` | the element is left out | nothing can refer to it, no URL can name it |
//! | a missing attribute other than `Name` | read as empty, then degraded as the empty value is (e.g. no `Type`: untyped JSON) | |
//! | a type reference naming no known type: trimmed by the service, through an undeclared alias (`self.X`), bad `Collection(` syntax | the member is untyped JSON ([`crate::model::Type::Opaque`]: `serde_json::Value`), the type as written in its rustdoc; a key of such a type gives no lookup by key | the value still arrives and decodes; no URL literal exists for it |
//! | an unknown `Edm` primitive; a type definition over a non-primitive | untyped JSON | as above |
//! | an unqualified primitive (`String`), `True`/`False`, v2 namespace URIs on a 4.0 document, `Edmx`/`DataServices` in no namespace on a 4.0 document (a prefix-dropping tool's copy of Northwind), v3 `Association`/`FunctionImport` syntax, a missing `Version` | read as CSDL 4 means them (a v3 service operation is left out) | the intent is unambiguous |
//! | an unknown base type (`System.Object`), a base of another kind, a base-type cycle | the base is ignored; the type keeps its own members | its own members are right; an inherited one is unknowable |
//! | a key naming a missing property, a key path without `Alias`, two `<Key>` | the type has no key: no lookup by key | a lookup by part of a key, or by a guessed one, would address other entities than the service's key does |
//! | a nullable key property, a key naming a property twice, a key of a non-primitive type | read as not nullable / once / without lookup by key | |
//! | navigation to a primitive, complex or unknown type, or through an unresolvable v3 association | the navigation property is left out | no entity request can be built on it |
//! | a `Partner` that names no navigation property (Dataverse names a structural one) | the partner is ignored | generated code never uses it |
//! | dangling referential constraints and navigation property bindings | ignored | generated code never uses them |
//! | `<Annotations>` without `Target` (SAP); a malformed or dangling target | the element's annotations are skipped | there is nothing to attach them to |
//! | unknown elements inside annotations (lower-case `<string>`), two expressions, an `If` without branches, an odd child of a `Record` | the element is skipped; of two expressions the first is used | annotations only refine the client (descriptions, capabilities) |
//! | the same name twice: schema items, members of a type, sets/singletons/imports of a container, enum members, parameters, terms, a namespace declared by two schemas | the first declaration is used, later ones are left out (two schemas of one namespace are merged) | the service can answer to one of them; the first is the document's own order |
//! | a bound operation without parameters, an import naming no operation, a set or singleton of a non-entity or unknown type | left out | no URL can call or address it |
//! | a function without `ReturnType`, a second `ReturnType` | returns nothing / the first one is used | |
//! | a bad Boolean, facet (`MaxLength`, `Scale`, `SRID`, `Precision`, Scale above Precision) or `OnDelete` value; an enum member `Value` that is no integer; an enum `UnderlyingType` that is no integer type | ignored: the default applies (a member keeps its position as value; the enum is read as `Edm.Int64`) | facets only document values |
//! | an unknown attribute, an element of the CSDL namespaces where CSDL allows none, a second `edmx:DataServices`, a `Schema` without `Namespace` | ignored (elements skipped; the second `DataServices` read too; the schema left out, as none of its items can be named) | foreign elements are ignored silently, as CSDL requires |
//! | a reference whose document is not found locally | its types are untyped JSON; a base type from it is missing | |
//!
//! `fixtures/bad/` holds one document per defect (a snapshot of its diagnostics each), and
//! `fixtures/lenient/` one per defect real services ship; the clients generated from both
//! compile with warnings denied (the repository's root `build.rs`).

pub mod csdl;
mod expr;
mod parse;
pub mod xml;

use std::path::Path;
use std::sync::Arc;

use crate::diag::{Diagnostics, LineIndex, Pos, Span};

/// Reads one document from `bytes`; `file` names it in diagnostics.
///
/// Returns the document when it could be read at all (with warnings in `diags`, or errors for
/// the fatal defects the reader records without giving up), or `None` after recording a fatal
/// error (not UTF-8, not well-formed XML, not OData v4).
pub fn read(file: &Arc<Path>, bytes: &[u8], diags: &mut Diagnostics) -> Option<csdl::Document> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let at_start = Span::new(file, Pos { line: 1, column: 1 });
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        diags.error(
            &at_start,
            "expected UTF-8 text, found a UTF-16 byte order mark; re-encode the document as UTF-8",
        );
        return None;
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let valid = std::str::from_utf8(&bytes[..e.valid_up_to()]).expect("prefix is valid");
            let pos = LineIndex::new(valid).pos(valid, valid.len());
            let byte = bytes[e.valid_up_to()];
            diags.error(
                &Span::new(file, pos),
                format!("expected UTF-8 text, found byte 0x{byte:02X} that is not valid UTF-8"),
            );
            return None;
        }
    };
    let lines = LineIndex::new(text);
    let mut root = match xml::parse(text) {
        Ok(root) => root,
        Err(e) => {
            diags.error(&Span::new(file, lines.pos(text, e.offset)), e.message);
            return None;
        }
    };
    parse::document(
        &mut root,
        &mut parse::Cx {
            file,
            text,
            lines: &lines,
            diags,
        },
    )
}

/// Reads the document at `path`, recording an error if the file cannot be read.
pub fn read_file(path: &Path, diags: &mut Diagnostics) -> Option<csdl::Document> {
    let file: Arc<Path> = Arc::from(path);
    match std::fs::read(path) {
        Ok(bytes) => read(&file, &bytes, diags),
        Err(e) => {
            diags.error(
                &Span::new(&file, Pos::default()),
                format!("cannot read the file: {e}"),
            );
            None
        }
    }
}
