//! The one-line (minified) variant of a document, as services often serve `$metadata`: made
//! at benchmark time, in memory, from a corpus document (corpus files are never copied into
//! the repository).

/// `text` on one line: each line trimmed, joined without a space between a tag's `>` and the
/// next `<`, and with one space elsewhere (inside text or a tag that spanned lines).
pub fn one_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if !out.is_empty() && (!out.ends_with('>') || !line.starts_with('<')) {
            out.push(' ');
        }
        out.push_str(line);
    }
    out
}
