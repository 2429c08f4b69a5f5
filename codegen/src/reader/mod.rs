//! The reader: bytes of a CSDL XML document → [`csdl::Document`] with spans, or diagnostics
//! saying precisely what is wrong and where.

pub mod csdl;
mod expr;
mod parse;
pub mod xml;

use std::path::Path;
use std::sync::Arc;

use crate::diag::{Diagnostics, LineIndex, Pos, Span};

/// Reads one document from `bytes`; `file` names it in diagnostics.
///
/// Returns the document when it could be read at all (it may still carry errors in `diags`),
/// or `None` after recording a fatal error (not UTF-8, not well-formed XML, not OData v4).
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
