package reports

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/tencentdb-kit/initdb-conform/conformance"
)

// The JUnit XML document, in the dialect Jenkins, GitLab and GitHub test
// reporters read: one <testsuite> per contract area.
type (
	junitSuites struct {
		XMLName  xml.Name     `xml:"testsuites"`
		Name     string       `xml:"name,attr"`
		Tests    int          `xml:"tests,attr"`
		Failures int          `xml:"failures,attr"`
		Errors   int          `xml:"errors,attr"`
		Skipped  int          `xml:"skipped,attr"`
		Time     string       `xml:"time,attr"`
		Suites   []junitSuite `xml:"testsuite"`
	}
	junitSuite struct {
		Name       string          `xml:"name,attr"`
		Tests      int             `xml:"tests,attr"`
		Failures   int             `xml:"failures,attr"`
		Errors     int             `xml:"errors,attr"`
		Skipped    int             `xml:"skipped,attr"`
		Time       string          `xml:"time,attr"`
		Timestamp  string          `xml:"timestamp,attr,omitempty"`
		Properties []junitProperty `xml:"properties>property,omitempty"`
		Cases      []junitCase     `xml:"testcase"`
	}
	junitProperty struct {
		Name  string `xml:"name,attr"`
		Value string `xml:"value,attr"`
	}
	junitCase struct {
		Classname string        `xml:"classname,attr"`
		Name      string        `xml:"name,attr"`
		Time      string        `xml:"time,attr"`
		Failure   *junitProblem `xml:"failure,omitempty"`
		Error     *junitProblem `xml:"error,omitempty"`
		Skipped   *junitSkipped `xml:"skipped,omitempty"`
		SystemOut *junitText    `xml:"system-out,omitempty"`
	}
	junitProblem struct {
		Message string `xml:"message,attr"`
		Type    string `xml:"type,attr"`
		Body    string `xml:",cdata"` // printable() made it safe for CDATA
	}
	junitText struct {
		Text string `xml:",cdata"`
	}
	junitSkipped struct {
		Message string `xml:"message,attr"`
	}
)

var junitFormat = format{
	name:   "junit.xml",
	render: renderJUnit,
	escaped: func(s string) []string {
		var b bytes.Buffer
		_ = xml.EscapeText(&b, []byte(printable(s)))
		return []string{printable(s), b.String()}
	},
}

// JUnit writes r to w as JUnit XML: a <testsuites> with the run's totals,
// one <testsuite> per contract area (in contract order) and one <testcase>
// per result, named by its ID (made unique with " (2)", " (3)" … because
// GitLab drops repeated names) with classname "conform.<Area>".
//
// A fail is a <failure> whose type is the rule ids and whose body holds the
// rules, level, expected and actual codes, findings and reproducer; an error
// is an <error>; a skip is <skipped>; a warn is a passing case whose
// <system-out> holds the warning, or a <failure> under Report.Strict.
// Secrets are masked and characters XML 1.0 forbids are written as escape
// text (see the package documentation).
func JUnit(w io.Writer, r *conformance.Report) error {
	return junitFormat.write(w, r)
}

func renderJUnit(buf *bytes.Buffer, r *conformance.Report) error {
	doc := junitSuites{
		Name: printable(tool(r) + " InitDBInstances conformance"),
		Time: seconds(r.Duration),
	}
	// Suites in contract order, as ByArea lists them.
	index := map[string]int{}
	for _, a := range r.ByArea() {
		index[a.Area] = len(doc.Suites)
		doc.Suites = append(doc.Suites, junitSuite{
			Name:       printable(a.Area),
			Timestamp:  timestamp(r.Started),
			Properties: junitProperties(r),
		})
	}
	names := uniqueNames{}
	suiteTime := make([]time.Duration, len(doc.Suites))
	for _, res := range r.Results {
		i, ok := index[res.Area]
		if !ok { // ByArea lists every area a result has; be safe anyway
			i = len(doc.Suites)
			index[res.Area] = i
			doc.Suites = append(doc.Suites, junitSuite{Name: printable(res.Area), Timestamp: timestamp(r.Started)})
			suiteTime = append(suiteTime, 0)
		}
		s := &doc.Suites[i]
		c := junitCase{
			Classname: "conform." + className(res.Area),
			Name:      names.next(printable(res.ID)),
			Time:      seconds(res.Duration),
		}
		switch {
		case res.Verdict == conformance.Fail,
			res.Verdict == conformance.Warn && r.Strict:
			c.Failure = &junitProblem{
				Message: problemMessage(res, r.Strict),
				Type:    printable(strings.Join(res.Rules, " ")),
				Body:    caseDetails(res),
			}
			s.Failures++
		case res.Verdict == conformance.Error:
			c.Error = &junitProblem{
				Message: problemMessage(res, r.Strict),
				Type:    printable(strings.Join(res.Rules, " ")),
				Body:    caseDetails(res),
			}
			s.Errors++
		case res.Verdict == conformance.Skip:
			c.Skipped = &junitSkipped{Message: printable(oneLine(orDash(res.Reason)))}
			s.Skipped++
		case res.Verdict == conformance.Warn:
			c.SystemOut = &junitText{"WARNING: " + problemMessage(res, false) + "\n\n" + caseDetails(res)}
		}
		s.Tests++
		suiteTime[i] += res.Duration
		s.Cases = append(s.Cases, c)
	}
	for i := range doc.Suites {
		s := &doc.Suites[i]
		s.Time = seconds(suiteTime[i])
		doc.Tests += s.Tests
		doc.Failures += s.Failures
		doc.Errors += s.Errors
		doc.Skipped += s.Skipped
	}
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(buf)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	if err := enc.Close(); err != nil {
		return err
	}
	buf.WriteByte('\n')
	return nil
}

// junitProperties records what a reader needs to rerun the suite.
func junitProperties(r *conformance.Report) []junitProperty {
	props := []junitProperty{
		{"tool", tool(r)},
		{"target", r.Target},
		{"mode", r.Mode},
		{"region", r.Region},
		{"seed", strconv.FormatUint(r.Seed, 10)},
		{"strict", strconv.FormatBool(r.Strict)},
	}
	for i := range props {
		props[i].Value = printable(props[i].Value)
	}
	return props
}

// problemMessage is the one-line message of a failure, error or warning.
func problemMessage(res conformance.Result, strict bool) string {
	msg := oneLine(res.Reason)
	if msg == "" {
		msg = oneLine(res.Title)
	}
	if msg == "" {
		msg = string(res.Verdict)
	}
	if strict && res.Verdict == conformance.Warn {
		msg = "warning (strict): " + msg
	}
	return printable(msg)
}

// caseDetails is the body of a failure, error or warning: everything a
// reader needs to understand and reproduce it.
func caseDetails(res conformance.Result) string {
	var b strings.Builder
	line := func(label, value string) {
		if value != "" {
			fmt.Fprintf(&b, "%-11s %s\n", label+":", value)
		}
	}
	line("Case", res.ID)
	line("Title", oneLine(res.Title))
	line("Rules", strings.Join(res.Rules, ", "))
	line("Level", string(res.Level))
	line("Verdict", string(res.Verdict))
	line("Style", res.Style)
	line("Expected", codes(res.Expected))
	if len(res.Preferred) > 0 {
		line("Preferred", codes(res.Preferred))
	}
	line("Actual", actual(res))
	line("Request ID", res.RequestID)
	line("Reason", oneLine(res.Reason))
	if res.Input != "" {
		line("Input", res.Input)
	}
	if res.Seed != 0 {
		line("Seed", strconv.FormatUint(res.Seed, 10))
	}
	if len(res.Findings) > 0 {
		b.WriteString("Findings:\n")
		for _, f := range res.Findings {
			fmt.Fprintf(&b, "  - %s\n", findingText(f))
		}
	}
	if res.Reproducer != "" {
		b.WriteString("Reproducer:\n")
		for _, l := range strings.Split(strings.TrimRight(res.Reproducer, "\n"), "\n") {
			b.WriteString("  " + l + "\n")
		}
	}
	return printable(b.String())
}

// findingText is a finding on one line: "RESP-4 SHOULD warn: message".
func findingText(f conformance.Finding) string {
	head := strings.TrimSpace(strings.Join([]string{f.Rule, string(f.Level), string(f.Verdict)}, " "))
	head = strings.Join(strings.Fields(head), " ")
	if head == "" {
		return oneLine(f.Message)
	}
	return head + ": " + oneLine(f.Message)
}

// uniqueNames hands out test case names that no earlier case has.
type uniqueNames map[string]bool

func (u uniqueNames) next(name string) string {
	n := name
	for i := 2; u[n]; i++ {
		n = fmt.Sprintf("%s (%d)", name, i)
	}
	u[n] = true
	return n
}

// className turns an area into an identifier: "Common parameters" becomes
// "CommonParameters".
func className(area string) string {
	var b strings.Builder
	upper := true
	for _, c := range area {
		switch {
		case unicode.IsLetter(c) || unicode.IsDigit(c):
			if upper {
				c = unicode.ToUpper(c)
			}
			b.WriteRune(c)
			upper = false
		default:
			upper = true
		}
	}
	if b.Len() == 0 {
		return "Unknown"
	}
	return b.String()
}

func seconds(d time.Duration) string {
	return strconv.FormatFloat(d.Seconds(), 'f', 3, 64)
}

func timestamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02T15:04:05")
}
