//! Rows to bytes: JSON lines or CSV, columns in the set's declaration order.

use serde::Serialize;
use serde_json::{Map, Value};

use crate::cli::Format;

/// Why a row could not be written.
#[derive(Debug, thiserror::Error)]
pub enum EncodeError {
    /// The row did not serialize to a JSON object.
    #[error("a row did not serialize to a JSON object: {0}")]
    NotAnObject(String),
    /// serde_json failed.
    #[error("a row did not serialize: {0}")]
    Json(#[from] serde_json::Error),
    /// The CSV writer failed.
    #[error("CSV: {0}")]
    Csv(#[from] csv::Error),
}

/// Encodes rows of one set.
pub struct Encoder {
    format: Format,
    columns: &'static [&'static str],
}

impl Encoder {
    /// An encoder for a set with these properties.
    pub fn new(format: Format, columns: &'static [&'static str]) -> Self {
        Encoder { format, columns }
    }

    /// What starts a new file: the CSV header row, nothing for JSON lines.
    pub fn header(&self) -> Result<Vec<u8>, EncodeError> {
        match self.format {
            Format::Jsonl => Ok(Vec::new()),
            Format::Csv => {
                let mut w = csv_writer();
                w.write_record(self.columns)?;
                finish_csv(w)
            }
        }
    }

    /// The bytes of a page of rows.
    pub fn rows<T: Serialize>(&self, rows: &[T]) -> Result<Vec<u8>, EncodeError> {
        match self.format {
            Format::Jsonl => {
                let mut out = Vec::new();
                for row in rows {
                    self.json_line(&object(row)?, &mut out)?;
                }
                Ok(out)
            }
            Format::Csv => {
                let mut w = csv_writer();
                for row in rows {
                    let row = object(row)?;
                    w.write_record(self.columns.iter().map(|c| csv_field(row.get(*c))))?;
                }
                finish_csv(w)
            }
        }
    }

    /// `{"p1":v1,…}` with every declared property in order (null when absent), then any
    /// other member the model wrote (none for today's models), in name order.
    fn json_line(&self, row: &Map<String, Value>, out: &mut Vec<u8>) -> Result<(), EncodeError> {
        out.push(b'{');
        let declared = self.columns.iter().map(|c| (*c, row.get(*c)));
        let others = row
            .iter()
            .filter(|(k, _)| !self.columns.contains(&k.as_str()))
            .map(|(k, v)| (k.as_str(), Some(v)));
        for (i, (name, value)) in declared.chain(others).enumerate() {
            if i > 0 {
                out.push(b',');
            }
            serde_json::to_writer(&mut *out, name)?;
            out.push(b':');
            serde_json::to_writer(&mut *out, value.unwrap_or(&Value::Null))?;
        }
        out.extend_from_slice(b"}\n");
        Ok(())
    }
}

fn object<T: Serialize>(row: &T) -> Result<Map<String, Value>, EncodeError> {
    match serde_json::to_value(row)? {
        Value::Object(m) => Ok(m),
        other => Err(EncodeError::NotAnObject(other.to_string())),
    }
}

/// A CSV field: empty for null or absent, a string as itself, anything else as JSON text.
fn csv_field(value: Option<&Value>) -> String {
    match value {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}

fn csv_writer() -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(Vec::new())
}

fn finish_csv(w: csv::Writer<Vec<u8>>) -> Result<Vec<u8>, EncodeError> {
    w.into_inner()
        .map_err(|e| EncodeError::Csv(csv::Error::from(e.into_error())))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const COLUMNS: &[&str] = &["id", "name", "tags", "when"];

    #[test]
    fn json_lines_keep_declaration_order_and_nulls() {
        let e = Encoder::new(Format::Jsonl, COLUMNS);
        let rows = [
            json!({"when": "2024-01-01", "id": 1}),
            json!({"id": 2, "name": "a\nb", "tags": ["x"]}),
        ];
        let text = String::from_utf8(e.rows(&rows).unwrap()).unwrap();
        assert_eq!(
            text,
            "{\"id\":1,\"name\":null,\"tags\":null,\"when\":\"2024-01-01\"}\n\
             {\"id\":2,\"name\":\"a\\nb\",\"tags\":[\"x\"],\"when\":null}\n"
        );
        assert!(e.header().unwrap().is_empty());
    }

    #[test]
    fn csv_quotes_what_needs_it_and_writes_nested_values_as_json() {
        let e = Encoder::new(Format::Csv, COLUMNS);
        assert_eq!(e.header().unwrap(), b"id,name,tags,when\n");
        let rows = [
            json!({"id": 1, "name": "Smith, \"J\"", "tags": ["a", "b"]}),
            json!({"id": 2, "name": "two\nlines", "when": {"d": 1}}),
        ];
        let bytes = e.rows(&rows).unwrap();
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(&bytes[..]);
        let records: Vec<Vec<String>> = reader
            .records()
            .map(|r| r.unwrap().iter().map(str::to_owned).collect())
            .collect();
        assert_eq!(records[0], ["1", "Smith, \"J\"", "[\"a\",\"b\"]", ""]);
        assert_eq!(records[1], ["2", "two\nlines", "", "{\"d\":1}"]);
    }

    #[test]
    fn a_row_that_is_no_object_is_an_error() {
        let e = Encoder::new(Format::Csv, COLUMNS);
        assert!(matches!(e.rows(&[1]), Err(EncodeError::NotAnObject(_))));
    }
}
