// Package reports writes a conformance.Report as the four files a run leaves
// behind: report.json for machines, junit.xml for CI test reporters,
// report.md for a pull request or a terminal, and report.html for people.
//
// Every writer is deterministic for a given Report (maps are written in
// sorted order), so golden files can pin the output.
//
// # Secrets
//
// CONTRACT.md SAFE-2: no secret reaches a report. The suite masks secrets
// where it builds a Result; the writers are the last line of defence. Each
// writer replaces every non-empty string of Report.Secrets with "***" twice:
// first in every string of the report before rendering, so the value cannot
// survive by being escaped, truncated or re-encoded on the way out; then in
// the rendered bytes, in the raw form and in the form the output format
// escapes it to, before anything is written to the caller's io.Writer.
// Report.Secrets itself is never written.
//
// # Text that is not text
//
// Generated inputs can hold any byte. The XML, HTML and Markdown writers
// show a control character (other than tab, newline and carriage return),
// U+FFFE, U+FFFF or a byte that is not UTF-8 as Go-style escape text
// (`\x00`, `\x1b`, `\xff`, `\uFFFE`), so that junit.xml stays well-formed
// XML 1.0 that encoding/xml and CI readers can parse back. report.json keeps
// the strings as encoding/json writes them.
package reports
