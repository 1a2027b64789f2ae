package reports

import (
	"bytes"
	"encoding/json"
	"io"
	"strings"

	"github.com/tencentdb-kit/initdb-conform/conformance"
)

// SchemaVersion is the version of report.json's layout. It changes when a
// field is renamed or removed or changes meaning, not when one is added.
const SchemaVersion = 1

// jsonReport is the document report.json holds: the report's own fields,
// named by the model's json tags, after a leading schema_version.
type jsonReport struct {
	SchemaVersion int `json:"schema_version"`
	*conformance.Report
}

var jsonFormat = format{
	name: "report.json",
	render: func(buf *bytes.Buffer, r *conformance.Report) error {
		enc := json.NewEncoder(buf)
		enc.SetIndent("", "  ")
		// The file is read by programs and people, not embedded in HTML:
		// keep the & of a curl command readable.
		enc.SetEscapeHTML(false)
		return enc.Encode(jsonReport{SchemaVersion: SchemaVersion, Report: r})
	},
	escaped: func(s string) []string {
		var b bytes.Buffer
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(s); err != nil {
			return nil
		}
		quoted := strings.TrimSpace(b.String())
		plain, _ := json.Marshal(s) // HTML-escaped form, in case a reader re-encodes
		return []string{
			strings.TrimSuffix(strings.TrimPrefix(quoted, `"`), `"`),
			strings.TrimSuffix(strings.TrimPrefix(string(plain), `"`), `"`),
		}
	},
}

// JSON writes r to w as indented JSON: a schema_version of 1, then the
// report's fields under the model's json tags, results in the report's
// order. Secrets are masked (see the package documentation).
func JSON(w io.Writer, r *conformance.Report) error {
	return jsonFormat.write(w, r)
}
