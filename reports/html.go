package reports

import (
	"bytes"
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/tencentdb-kit/initdb-conform/conformance"
)

//go:embed report.html.tmpl
var htmlSource string

// htmlTemplate is parsed once; html/template escapes every value by context.
var htmlTemplate = template.Must(template.New("report.html").Parse(htmlSource))

var htmlFormat = format{
	name:   "report.html",
	render: renderHTML,
	escaped: func(s string) []string {
		p := printable(s)
		return []string{p, htmlEscaped(p), template.HTMLEscapeString(p), oneLine(p), htmlEscaped(oneLine(p))}
	},
}

// HTML writes r to w as one self-contained HTML page (inline CSS, no
// scripts, no external assets): a verdict banner, the run's particulars, the
// table by contract area, a card for each failure with its reproducer, the
// warnings, the skips, every case in collapsed sections, and the error-code
// coverage. Secrets are masked (see the package documentation).
func HTML(w io.Writer, r *conformance.Report) error {
	return htmlFormat.write(w, r)
}

// htmlEscaped is s as html/template writes it in text.
func htmlEscaped(s string) string {
	var b strings.Builder
	if err := template.Must(template.New("").Parse("{{.}}")).Execute(&b, s); err != nil {
		return template.HTMLEscapeString(s)
	}
	return b.String()
}

// The page's view of a report: every string made printable, every list
// sorted, every class name chosen here rather than in the template.
type (
	htmlPage struct {
		Outcome      outcome
		Counts       counts
		Summary      []htmlField
		Areas        []htmlArea
		Failures     []htmlCase
		Warnings     []htmlCase
		StrictWarns  int
		Skipped      []htmlCase
		Groups       []htmlGroup
		Provoked     []codeCount
		NeverSeen    []string
		Undocumented []codeCount
		Successes    int
		Tool         string
		Started      string
		Schema       int
	}
	htmlField struct {
		Name, Value string
		Code        bool // show the value in a monospace font
	}
	htmlArea struct {
		Name    string
		Verdict string
		Class   string
		Counts  counts
		Bar     []htmlSegment
	}
	htmlSegment struct {
		Class, Title string
		Percent      string
	}
	htmlGroup struct {
		Area    string
		Class   string
		Verdict string
		Counts  counts
		Cases   []htmlCase
	}
	htmlCase struct {
		Anchor     string
		ID         string
		Title      string
		Area       string
		Rules      []string
		Level      string
		Verdict    string
		Class      string
		Style      string
		Expected   []string
		Preferred  []string
		Actual     string
		HTTPStatus int
		RequestID  string
		Reason     string
		Input      string
		Seed       string
		Findings   []htmlFinding
		Reproducer string
		Duration   string
		Linked     bool // the case has a card above
	}
	htmlFinding struct {
		Rule, Level, Verdict, Class, Message string
	}
)

func renderHTML(buf *bytes.Buffer, r *conformance.Report) error {
	all := resultCounts(r)
	page := htmlPage{
		Outcome:   outcomeOf(r, all),
		Counts:    all,
		Successes: r.Coverage.Successes,
		Tool:      printable(tool(r)),
		Started:   humanTime(r.Started),
		Schema:    SchemaVersion,
	}
	strictWord := "off"
	if r.Strict {
		strictWord = "on — warnings fail"
	}
	for _, f := range []htmlField{
		{"Target", r.Target, true},
		{"Mode", r.Mode, false},
		{"Region", r.Region, true},
		{"Seed", strconv.FormatUint(r.Seed, 10), true},
		{"Tool", tool(r), false},
		{"Started", humanTime(r.Started), false},
		{"Duration", humanDuration(r.Duration), false},
		{"Requests", fmt.Sprintf("%d (%s)", r.Requests, rate(r)), false},
		{"Strict", strictWord, false},
	} {
		f.Value = printable(orDash(f.Value))
		page.Summary = append(page.Summary, f)
	}

	for _, a := range r.ByArea() {
		c := countOf(a.Counts)
		page.Areas = append(page.Areas, htmlArea{
			Name:    printable(a.Area),
			Verdict: string(a.Verdict),
			Class:   verdictClass(a.Verdict, r.Strict),
			Counts:  c,
			Bar:     bar(c, r.Strict),
		})
	}

	// Cards and links refer to a result by its position in the report, so
	// a repeated id still gets a card of its own.
	cases := make([]htmlCase, len(r.Results))
	for i, res := range r.Results {
		cases[i] = htmlCaseOf(res, r.Strict, fmt.Sprintf("case-%d", i+1))
	}
	pick := func(keep func(conformance.Result) bool) []htmlCase {
		var out []htmlCase
		for i, res := range r.Results {
			if keep(res) {
				out = append(out, cases[i])
			}
		}
		sort.SliceStable(out, func(i, j int) bool { return out[i].ID < out[j].ID })
		return out
	}
	page.Failures = pick(func(res conformance.Result) bool { return isFailure(res, r.Strict) })
	if r.Strict {
		page.StrictWarns = all.Warn
	} else {
		page.Warnings = pick(func(res conformance.Result) bool { return res.Verdict == conformance.Warn })
	}
	page.Skipped = pick(func(res conformance.Result) bool { return res.Verdict == conformance.Skip })

	groupIndex := map[string]int{}
	for _, a := range page.Areas {
		groupIndex[a.Name] = len(page.Groups)
		page.Groups = append(page.Groups, htmlGroup{Area: a.Name, Class: a.Class, Verdict: a.Verdict, Counts: a.Counts})
	}
	for i, c := range cases {
		c.Linked = isFailure(r.Results[i], r.Strict) || r.Results[i].Verdict == conformance.Warn
		g, ok := groupIndex[c.Area]
		if !ok {
			continue // ByArea lists every area a result has
		}
		page.Groups[g].Cases = append(page.Groups[g].Cases, c)
	}

	page.Provoked = printableCodes(sortedCodes(r.Coverage.Provoked))
	page.Undocumented = printableCodes(sortedCodes(r.Coverage.Undocumented))
	for _, c := range sortedStrings(r.Coverage.NeverSeen) {
		page.NeverSeen = append(page.NeverSeen, printable(c))
	}
	return htmlTemplate.Execute(buf, page)
}

func htmlCaseOf(res conformance.Result, strict bool, anchor string) htmlCase {
	c := htmlCase{
		Anchor:     anchor,
		ID:         printable(res.ID),
		Title:      printable(res.Title),
		Area:       printable(res.Area),
		Rules:      printableAll(res.Rules),
		Level:      printable(string(res.Level)),
		Verdict:    printable(string(res.Verdict)),
		Class:      verdictClass(res.Verdict, strict),
		Style:      printable(res.Style),
		Expected:   printableAll(res.Expected),
		Preferred:  printableAll(res.Preferred),
		Actual:     printable(res.Actual),
		HTTPStatus: res.HTTPStatus,
		RequestID:  printable(res.RequestID),
		Reason:     printable(res.Reason),
		Input:      printable(res.Input),
		Reproducer: printable(strings.TrimRight(res.Reproducer, "\n")),
	}
	if res.Duration > 0 {
		c.Duration = humanDuration(res.Duration)
	}
	if res.Seed != 0 {
		c.Seed = strconv.FormatUint(res.Seed, 10)
	}
	for _, f := range res.Findings {
		c.Findings = append(c.Findings, htmlFinding{
			Rule:    printable(f.Rule),
			Level:   printable(string(f.Level)),
			Verdict: printable(string(f.Verdict)),
			Class:   verdictClass(f.Verdict, strict),
			Message: printable(f.Message),
		})
	}
	return c
}

// verdictClass is the CSS class of a verdict; under strict a warn is a fail.
func verdictClass(v conformance.Verdict, strict bool) string {
	switch v {
	case conformance.Pass, conformance.Fail, conformance.Error, conformance.Skip:
		return string(v)
	case conformance.Warn:
		if strict {
			return "fail"
		}
		return "warn"
	}
	return "skip"
}

// bar is the stacked bar of an area's verdicts, worst first.
func bar(c counts, strict bool) []htmlSegment {
	if c.Total == 0 {
		return nil
	}
	var out []htmlSegment
	for _, s := range []struct {
		n int
		v conformance.Verdict
	}{{c.Error, conformance.Error}, {c.Fail, conformance.Fail}, {c.Warn, conformance.Warn}, {c.Pass, conformance.Pass}, {c.Skip, conformance.Skip}} {
		if s.n == 0 {
			continue
		}
		out = append(out, htmlSegment{
			Class:   verdictClass(s.v, strict),
			Title:   fmt.Sprintf("%d %s", s.n, s.v),
			Percent: strconv.FormatFloat(100*float64(s.n)/float64(c.Total), 'f', 2, 64),
		})
	}
	return out
}

func printableAll(ss []string) []string {
	if len(ss) == 0 {
		return nil
	}
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = printable(s)
	}
	return out
}

func printableCodes(cs []codeCount) []codeCount {
	for i := range cs {
		cs[i].Code = printable(cs[i].Code)
	}
	return cs
}
