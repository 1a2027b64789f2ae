package reports

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/tencentdb-kit/initdb-conform/conformance"
)

// mask replaces a secret wherever a writer finds it.
const mask = "***"

// The files WriteAll writes, in the order it writes them.
var files = []struct {
	name  string
	write func(io.Writer, *conformance.Report) error
}{
	{"report.json", JSON},
	{"junit.xml", JUnit},
	{"report.md", Markdown},
	{"report.html", HTML},
}

// WriteAll writes report.json, junit.xml, report.md and report.html into dir,
// creating dir if needed. Each file is rendered completely before it is
// written, so a rendering error leaves no half-written file. It writes every
// file it can and returns the errors joined.
func WriteAll(dir string, r *conformance.Report) error {
	if r == nil {
		return errors.New("reports: nil report")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("reports: create report directory: %w", err)
	}
	var errs []error
	for _, f := range files {
		var buf bytes.Buffer
		if err := f.write(&buf, r); err != nil {
			errs = append(errs, err)
			continue
		}
		path := filepath.Join(dir, f.name)
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			errs = append(errs, fmt.Errorf("reports: write %s: %w", f.name, err))
		}
	}
	return errors.Join(errs...)
}

// format is one output format: how to render a (scrubbed) report, and how
// the format escapes a string, so that an escaped secret is scrubbed too.
type format struct {
	name   string
	render func(*bytes.Buffer, *conformance.Report) error
	// escaped returns the forms a string may take in this format's output
	// besides its raw form.
	escaped func(string) []string
}

// write renders r in format f and copies it to w with every secret masked.
func (f format) write(w io.Writer, r *conformance.Report) error {
	if r == nil {
		return fmt.Errorf("reports: %s: nil report", f.name)
	}
	secrets := secretsOf(r)
	clean, err := scrubReport(r, secrets)
	if err != nil {
		return fmt.Errorf("reports: %s: %w", f.name, err)
	}
	var buf bytes.Buffer
	if err := f.render(&buf, clean); err != nil {
		return fmt.Errorf("reports: %s: %w", f.name, err)
	}
	out := buf.Bytes()
	if len(secrets) > 0 {
		forms := append([]string(nil), secrets...)
		for _, s := range secrets {
			forms = append(forms, f.escaped(s)...)
		}
		out = scrubBytes(out, forms)
	}
	if _, err := w.Write(out); err != nil {
		return fmt.Errorf("reports: %s: %w", f.name, err)
	}
	return nil
}

// secretsOf returns the non-empty secrets of r, longest first, so that a
// secret containing another is masked whole.
func secretsOf(r *conformance.Report) []string {
	var out []string
	seen := map[string]bool{}
	for _, s := range r.Secrets {
		if s != "" && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if len(out[i]) != len(out[j]) {
			return len(out[i]) > len(out[j])
		}
		return out[i] < out[j]
	})
	return out
}

// scrubBytes replaces every occurrence of each form with the mask.
func scrubBytes(b []byte, forms []string) []byte {
	forms = uniqueLongestFirst(forms)
	pairs := make([]string, 0, 2*len(forms))
	for _, s := range forms {
		pairs = append(pairs, s, mask)
	}
	return []byte(strings.NewReplacer(pairs...).Replace(string(b)))
}

func uniqueLongestFirst(ss []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range ss {
		if s != "" && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return len(out[i]) > len(out[j]) })
	return out
}

// scrubReport returns a deep copy of r with every secret masked in every
// string, map keys included. It goes through the report's JSON form rather
// than naming the fields, so a field added to the model later is scrubbed
// without a change here. Without secrets it returns r itself.
func scrubReport(r *conformance.Report, secrets []string) (*conformance.Report, error) {
	if len(secrets) == 0 {
		return r, nil
	}
	raw, err := json.Marshal(r)
	if err != nil {
		return nil, fmt.Errorf("copy report: %w", err)
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber() // seeds are uint64: keep every digit
	var tree any
	if err := dec.Decode(&tree); err != nil {
		return nil, fmt.Errorf("copy report: %w", err)
	}
	pairs := make([]string, 0, 2*len(secrets))
	for _, s := range secrets {
		pairs = append(pairs, s, mask)
	}
	tree = scrubTree(tree, strings.NewReplacer(pairs...))
	if raw, err = json.Marshal(tree); err != nil {
		return nil, fmt.Errorf("copy report: %w", err)
	}
	var out conformance.Report
	if err := json.Unmarshal(raw, &out); err != nil {
		return nil, fmt.Errorf("copy report: %w", err)
	}
	return &out, nil
}

func scrubTree(v any, rep *strings.Replacer) any {
	switch v := v.(type) {
	case string:
		return rep.Replace(v)
	case []any:
		for i := range v {
			v[i] = scrubTree(v[i], rep)
		}
		return v
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, e := range v {
			out[rep.Replace(k)] = scrubTree(e, rep)
		}
		return out
	}
	return v
}

// printable returns s with every character XML 1.0 does not allow, and every
// byte that is not UTF-8, written as Go-style escape text: NUL becomes the
// four characters `\x00`. Tab, newline and carriage return are kept.
func printable(s string) string {
	clean := true
	for _, c := range s {
		if !allowed(c) {
			clean = false
			break
		}
	}
	if clean && utf8.ValidString(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		c, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case c == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case !allowed(c) && c < 0x80:
			fmt.Fprintf(&b, `\x%02x`, c)
		case !allowed(c):
			fmt.Fprintf(&b, `\u%04X`, c)
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// allowed reports whether c is a character of XML 1.0 (§2.2 Char).
// A decoded RuneError stands for itself here; invalid bytes are caught by
// the caller.
func allowed(c rune) bool {
	switch {
	case c == '\t' || c == '\n' || c == '\r':
		return true
	case c < 0x20:
		return false
	case c >= 0xD800 && c <= 0xDFFF:
		return false
	case c == 0xFFFE || c == 0xFFFF:
		return false
	}
	return c <= utf8.MaxRune
}

// outcome is the overall verdict as the human-readable reports show it.
type outcome struct {
	Label string // "PASS", "FAIL" or "PASS with warnings"
	Class string // "pass", "fail" or "warn"
	Note  string // the strict-mode note, when there is one
}

func outcomeOf(r *conformance.Report, c counts) outcome {
	var o outcome
	failed := !r.Passed() || r.Verdict == conformance.Fail || r.Verdict == conformance.Error ||
		(r.Strict && r.Verdict == conformance.Warn)
	switch {
	case failed:
		o = outcome{Label: "FAIL", Class: "fail"}
	case c.Warn > 0:
		o = outcome{Label: "PASS with warnings", Class: "warn"}
	default:
		o = outcome{Label: "PASS", Class: "pass"}
	}
	if r.Strict {
		o.Note = "strict mode: warnings count as failures"
	}
	return o
}

// counts are the number of results of each verdict.
type counts struct {
	Total, Pass, Warn, Fail, Error, Skip int
}

func countOf(m map[conformance.Verdict]int) counts {
	c := counts{
		Pass:  m[conformance.Pass],
		Warn:  m[conformance.Warn],
		Fail:  m[conformance.Fail],
		Error: m[conformance.Error],
		Skip:  m[conformance.Skip],
	}
	c.Total = c.Pass + c.Warn + c.Fail + c.Error + c.Skip
	return c
}

// resultCounts counts the results themselves rather than trusting
// Report.Counts, so every table agrees with the list it summarises.
func resultCounts(r *conformance.Report) counts {
	m := map[conformance.Verdict]int{}
	for _, res := range r.Results {
		m[res.Verdict]++
	}
	return countOf(m)
}

// String is the counts in words: "9 cases: 4 pass, 2 warn, 1 fail, 1 error, 1 skip".
func (c counts) String() string {
	parts := []string{}
	for _, p := range []struct {
		n    int
		name string
	}{{c.Pass, "pass"}, {c.Warn, "warn"}, {c.Fail, "fail"}, {c.Error, "error"}, {c.Skip, "skip"}} {
		if p.n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", p.n, p.name))
		}
	}
	noun := "cases"
	if c.Total == 1 {
		noun = "case"
	}
	if len(parts) == 0 {
		return fmt.Sprintf("%d %s", c.Total, noun)
	}
	return fmt.Sprintf("%d %s: %s", c.Total, noun, strings.Join(parts, ", "))
}

// warnings returns the warn results that are not already failures (that is,
// all of them unless Strict), sorted by id.
func warnings(r *conformance.Report) []conformance.Result {
	if r.Strict {
		return nil
	}
	return sortedByID(r, conformance.Warn)
}

func sortedByID(r *conformance.Report, v conformance.Verdict) []conformance.Result {
	var out []conformance.Result
	for _, res := range r.Results {
		if res.Verdict == v {
			out = append(out, res)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// codeCount is one code of the coverage with the times it was seen.
type codeCount struct {
	Code  string
	Count int
}

// sortedCodes returns the codes of m sorted by name.
func sortedCodes(m map[string]int) []codeCount {
	out := make([]codeCount, 0, len(m))
	for code, n := range m {
		out = append(out, codeCount{code, n})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Code < out[j].Code })
	return out
}

func sortedStrings(ss []string) []string {
	out := append([]string(nil), ss...)
	sort.Strings(out)
	return out
}

// humanDuration rounds d for people: milliseconds, or microseconds below one.
func humanDuration(d time.Duration) string {
	if d > 0 && d < time.Millisecond {
		return d.Round(time.Microsecond).String()
	}
	return d.Round(time.Millisecond).String()
}

func humanTime(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.UTC().Format("2006-01-02 15:04:05 UTC")
}

// codes joins codes for display, "—" when there are none.
func codes(cs []string) string {
	if len(cs) == 0 {
		return "—"
	}
	return strings.Join(cs, ", ")
}

// orDash returns s, or "—" when s is empty.
func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// actual describes the answer of a case: its code and HTTP status.
func actual(res conformance.Result) string {
	a := orDash(res.Actual)
	if res.HTTPStatus != 0 {
		a += fmt.Sprintf(" (HTTP %d)", res.HTTPStatus)
	}
	return a
}

// rate describes the pace of a run.
func rate(r *conformance.Report) string {
	if r.Rate <= 0 {
		return "unpaced"
	}
	return fmt.Sprintf("%g requests/s", r.Rate)
}

// tool names the tool and its version.
func tool(r *conformance.Report) string {
	name := r.Tool
	if name == "" {
		name = "conform"
	}
	if r.Version != "" {
		name += " " + r.Version
	}
	return name
}

// oneLine flattens line breaks, for places where a string must stay on one line.
func oneLine(s string) string {
	return strings.Join(strings.Fields(strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ").Replace(s)), " ")
}

// isFailure is the model's own test (Report.Failures) for one result.
func isFailure(res conformance.Result, strict bool) bool {
	return res.Verdict == conformance.Fail || res.Verdict == conformance.Error ||
		(strict && res.Verdict == conformance.Warn)
}
