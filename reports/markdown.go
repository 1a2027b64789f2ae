package reports

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/tencentdb-kit/initdb-conform/conformance"
)

var markdownFormat = format{
	name:   "report.md",
	render: renderMarkdown,
	escaped: func(s string) []string {
		p := printable(s)
		return []string{p, cell(s), oneLine(p)}
	},
}

// Markdown writes r to w as a Markdown report: a title with the overall
// verdict, the run's particulars, a table by contract area, the failures in
// full with their reproducers in sh blocks, the warnings and skips in short,
// and the error-code coverage. Secrets are masked (see the package
// documentation).
func Markdown(w io.Writer, r *conformance.Report) error {
	return markdownFormat.write(w, r)
}

func renderMarkdown(b *bytes.Buffer, r *conformance.Report) error {
	all := resultCounts(r)
	o := outcomeOf(r, all)
	p := func(format string, args ...any) { fmt.Fprintf(b, format, args...) }

	p("# InitDBInstances conformance: %s\n\n", o.Label)
	if o.Note != "" {
		p("> **Strict mode:** warnings count as failures.\n\n")
	}
	p("| | |\n|---|---|\n")
	for _, row := range [][2]string{
		{"Verdict", o.Label},
		{"Target", r.Target},
		{"Mode", r.Mode},
		{"Region", r.Region},
		{"Seed", strconv.FormatUint(r.Seed, 10)},
		{"Strict", strconv.FormatBool(r.Strict)},
		{"Tool", tool(r)},
		{"Started", humanTime(r.Started)},
		{"Duration", humanDuration(r.Duration)},
		{"Requests", fmt.Sprintf("%d (%s)", r.Requests, rate(r))},
		{"Cases", all.String()},
	} {
		p("| %s | %s |\n", row[0], cell(orDash(row[1])))
	}

	p("\n## Results by contract area\n\n")
	p("| Area | Verdict | Pass | Warn | Fail | Error | Skip |\n")
	p("|---|---|--:|--:|--:|--:|--:|\n")
	for _, a := range r.ByArea() {
		c := countOf(a.Counts)
		p("| %s | %s | %d | %d | %d | %d | %d |\n",
			cell(a.Area), verdictMark(a.Verdict, r.Strict), c.Pass, c.Warn, c.Fail, c.Error, c.Skip)
	}
	if len(r.Results) == 0 {
		p("| — | — | 0 | 0 | 0 | 0 | 0 |\n")
	}

	failures := r.Failures()
	p("\n## Failures\n\n")
	if len(failures) == 0 {
		p("None.\n")
	}
	for i, res := range failures {
		if i > 0 {
			p("\n")
		}
		markdownFailure(b, res)
	}

	p("\n## Warnings\n\n")
	switch ws := warnings(r); {
	case r.Strict && all.Warn > 0:
		p("Under strict mode the %d warning(s) are listed with the failures.\n", all.Warn)
	case len(ws) == 0:
		p("None.\n")
	default:
		for _, res := range ws {
			p("- %s (%s, %s): %s; expected %s, got %s.\n",
				code(res.ID), inline(strings.Join(res.Rules, ", ")), res.Level,
				inline(orDash(res.Reason)), inline(codes(res.Expected)), inline(actual(res)))
			for _, f := range res.Findings {
				p("  - %s\n", inline(findingText(f)))
			}
		}
	}

	p("\n## Skipped\n\n")
	skipped := sortedByID(r, conformance.Skip)
	if len(skipped) == 0 {
		p("None.\n")
	}
	for _, res := range skipped {
		p("- %s: %s\n", code(res.ID), inline(orDash(res.Reason)))
	}

	markdownCoverage(b, r.Coverage)
	return nil
}

func markdownFailure(b *bytes.Buffer, res conformance.Result) {
	p := func(format string, args ...any) { fmt.Fprintf(b, format, args...) }
	p("### %s\n\n", code(res.ID))
	if res.Title != "" {
		p("%s\n\n", inline(res.Title))
	}
	p("- **Verdict:** %s\n", verdictMark(res.Verdict, false))
	p("- **Rules:** %s (%s)\n", inline(orDash(strings.Join(res.Rules, ", "))), orDash(string(res.Level)))
	if res.Style != "" {
		p("- **Request style:** %s\n", code(res.Style))
	}
	p("- **Expected:** %s", codeList(res.Expected))
	if len(res.Preferred) > 0 {
		p(" (preferred: %s)", codeList(res.Preferred))
	}
	if res.Actual != "" {
		p("\n- **Actual:** %s", code(res.Actual))
	} else {
		p("\n- **Actual:** no answer")
	}
	if res.HTTPStatus != 0 {
		p(", HTTP %d", res.HTTPStatus)
	}
	if res.RequestID != "" {
		p(", request %s", code(res.RequestID))
	}
	p("\n- **Reason:** %s\n", inline(orDash(res.Reason)))
	if res.Input != "" {
		p("- **Input:** %s\n", code(res.Input))
	}
	if res.Seed != 0 {
		p("- **Seed:** %d\n", res.Seed)
	}
	if len(res.Findings) > 0 {
		p("- **Findings:**\n")
		for _, f := range res.Findings {
			p("  - %s\n", inline(findingText(f)))
		}
	}
	if res.Reproducer != "" {
		repro := printable(strings.TrimRight(res.Reproducer, "\n"))
		fence := fenceFor(repro)
		p("\n%ssh\n%s\n%s\n", fence, repro, fence)
	}
}

func markdownCoverage(b *bytes.Buffer, c conformance.CodeCoverage) {
	p := func(format string, args ...any) { fmt.Fprintf(b, format, args...) }
	p("\n## Error-code coverage\n\n")
	p("Responses without an error: %d.\n\n", c.Successes)

	p("### Documented codes provoked\n\n")
	if provoked := sortedCodes(c.Provoked); len(provoked) == 0 {
		p("None.\n")
	} else {
		p("| Code | Times |\n|---|--:|\n")
		for _, cc := range provoked {
			p("| %s | %d |\n", cell(code(cc.Code)), cc.Count)
		}
	}

	p("\n### Documented codes never seen\n\n")
	if never := sortedStrings(c.NeverSeen); len(never) == 0 {
		p("None.\n")
	} else {
		p("%s\n", codeList(never))
	}

	p("\n### Undocumented codes (RESP-7)\n\n")
	if undoc := sortedCodes(c.Undocumented); len(undoc) == 0 {
		p("None.\n")
	} else {
		p("| Code | Times |\n|---|--:|\n")
		for _, cc := range undoc {
			p("| %s | %d |\n", cell(code(cc.Code)), cc.Count)
		}
	}
}

// verdictMark is a verdict as a table shows it; under strict a warn fails.
func verdictMark(v conformance.Verdict, strict bool) string {
	switch {
	case v == conformance.Fail, v == conformance.Warn && strict:
		return "**" + strings.ToUpper(string(v)) + "**"
	case v == conformance.Error:
		return "**ERROR**"
	}
	return string(v)
}

// cell makes s safe inside a table cell: one line, | escaped.
func cell(s string) string {
	return strings.ReplaceAll(oneLine(printable(s)), "|", `\|`)
}

// inline makes free text safe on one line of Markdown. Only what would
// break the layout or inject markup is escaped; the text stays readable.
func inline(s string) string {
	return strings.NewReplacer("<", "&lt;", ">", "&gt;", "|", `\|`).Replace(oneLine(printable(s)))
}

// code is s as inline code, with a fence long enough for any backticks in s.
func code(s string) string {
	s = oneLine(printable(s))
	if s == "" {
		return ""
	}
	n := longestRun(s, '`') + 1
	fence := strings.Repeat("`", n)
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") || n > 1 {
		return fence + " " + s + " " + fence
	}
	return fence + s + fence
}

// codeList is codes as inline code, comma-separated, or "—".
func codeList(cs []string) string {
	if len(cs) == 0 {
		return "—"
	}
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = code(c)
	}
	return strings.Join(out, ", ")
}

// fenceFor returns a code fence longer than any run of backticks in s.
func fenceFor(s string) string {
	n := longestRun(s, '`') + 1
	if n < 3 {
		n = 3
	}
	return strings.Repeat("`", n)
}

func longestRun(s string, c byte) int {
	best, run := 0, 0
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			run++
			best = max(best, run)
		} else {
			run = 0
		}
	}
	return best
}
