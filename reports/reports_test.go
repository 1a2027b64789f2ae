package reports_test

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"flag"
	"html/template"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tencentdb-kit/initdb-conform/conformance"
	"github.com/tencentdb-kit/initdb-conform/reports"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// writers are the four writers, by the file name WriteAll gives their output.
var writers = []struct {
	file  string
	write func(io.Writer, *conformance.Report) error
}{
	{"report.json", reports.JSON},
	{"junit.xml", reports.JUnit},
	{"report.md", reports.Markdown},
	{"report.html", reports.HTML},
}

const repro = `curl -sS -X POST 'http://127.0.0.1:18080/' ` +
	`-H 'Authorization: TC3-HMAC-SHA256 Credential=AKID****/2026-01-15/postgres/tc3_request, SignedHeaders=content-type;host, Signature=***' ` +
	`-H 'Content-Type: application/json' -H 'Host: 127.0.0.1:18080' -H 'X-TC-Action: InitDBInstances' ` +
	`-H 'X-TC-Version: 2017-03-12' -H 'X-TC-Timestamp: 1768471200' -H 'X-TC-Region: ap-guangzhou' ` +
	`-d '{"DBInstanceIdSet":["postgres-00000000"],"AdminName":"dbadmin","AdminPassword":"***","Charset":"UTF8"}'`

// fixture is a run with every verdict in several areas, a duplicate-free
// set of ids, and coverage maps with several keys (to catch map order).
func fixture() *conformance.Report {
	results := []conformance.Result{
		{
			ID: "TRANS-1/post-json", Title: "POST with a JSON body is accepted", Area: "Transport",
			Rules: []string{"TRANS-1"}, Level: conformance.MUST, Style: "tc3-post-json", Verdict: conformance.Pass,
			Expected: []string{"Success"}, Actual: "Success", HTTPStatus: 200,
			RequestID: "8c1b3a0e-2f4d-4a51-9d33-0b7f1c2e9a10", Duration: 12 * time.Millisecond,
		},
		{
			ID: "TRANS-3/get-query", Title: "GET with query parameters is accepted", Area: "Transport",
			Rules: []string{"TRANS-3"}, Level: conformance.MUST, Style: "tc3-get", Verdict: conformance.Pass,
			Expected: []string{"Success"}, Actual: "Success", HTTPStatus: 200, Duration: 9 * time.Millisecond,
		},
		{
			ID: "AUTH-5/expired-timestamp", Title: "a timestamp more than five minutes old is refused", Area: "Authentication",
			Rules: []string{"AUTH-5", "AUTH-6"}, Level: conformance.MUST, Style: "tc3-post-json", Verdict: conformance.Fail,
			Reason:   "answered AuthFailure.SignatureFailure where the contract requires AuthFailure.SignatureExpire",
			Expected: []string{"AuthFailure.SignatureExpire"}, Actual: "AuthFailure.SignatureFailure", HTTPStatus: 200,
			RequestID:  "2b0f6c7d-91e4-4c2a-8f0a-6d5e4c3b2a19",
			Reproducer: repro, Duration: 15 * time.Millisecond,
		},
		{
			ID: "AUTH-2/lower-case-algorithm", Title: "the algorithm name is case-sensitive", Area: "Authentication",
			Rules: []string{"AUTH-2"}, Level: conformance.MUST, Verdict: conformance.Pass,
			Expected: []string{"AuthFailure.SignatureFailure", "AuthFailure.InvalidAuthorization"}, Actual: "AuthFailure.SignatureFailure",
			HTTPStatus: 200, Duration: 8 * time.Millisecond,
		},
		{
			ID: "PARAM-PWD-1/seven-characters/tc3-post-json", Title: "a password of seven characters is refused", Area: "Parameters",
			Rules: []string{"PARAM-PWD-1"}, Level: conformance.MUST, Style: "tc3-post-json", Verdict: conformance.Fail,
			Reason:   "the target accepted a password shorter than 8 characters",
			Expected: []string{"InvalidParameterValue"}, Actual: "Success", HTTPStatus: 200,
			RequestID: "77d1e0c4-5b3a-4f29-a6e8-1c0d9b8a7f65",
			Findings: []conformance.Finding{
				{Rule: "RESP-3", Level: conformance.MUST, Verdict: conformance.Fail, Message: "Response.DBInstanceIdSet missing from a success response"},
				{Rule: "RESP-4", Level: conformance.SHOULD, Verdict: conformance.Warn, Message: `RequestId "req-1" is not a UUID`},
			},
			Reproducer: repro, Duration: 21 * time.Millisecond,
		},
		{
			ID: "PARAM-CHARSET-2/lower-case-utf8", Title: "a charset in lower case is answered with the preferred code", Area: "Parameters",
			Rules: []string{"PARAM-CHARSET-2"}, Level: conformance.SHOULD, Verdict: conformance.Warn,
			Reason:   "answered InvalidParameter, a code the contract accepts, but not the preferred InvalidParameterValue",
			Expected: []string{"InvalidParameterValue", "InvalidParameter"}, Preferred: []string{"InvalidParameterValue"},
			Actual: "InvalidParameter", HTTPStatus: 200, Reproducer: repro, Duration: 11 * time.Millisecond,
		},
		{
			ID: "INST-3/unknown-instance", Title: "an instance id that does not exist is refused", Area: "Instances",
			Rules: []string{"INST-3"}, Level: conformance.MUST, Verdict: conformance.Error,
			Reason:   "harness: Post \"http://127.0.0.1:18080/\": context deadline exceeded",
			Expected: []string{"ResourceNotFound", "InvalidParameterValue"}, Reproducer: repro, Duration: 5 * time.Second,
		},
		{
			ID: "RATE-1/burst", Title: "a burst over the limit is answered RequestLimitExceeded", Area: "Rate limit",
			Rules: []string{"RATE-1"}, Level: conformance.SHOULD, Verdict: conformance.Skip,
			Reason: "not run against a non-loopback target: it would send 50 requests in one second",
		},
		{
			ID: "RESP-4/request-id-uuid", Title: "RequestId is a UUID", Area: "Responses",
			Rules: []string{"RESP-4"}, Level: conformance.SHOULD, Verdict: conformance.Warn,
			Reason:   "RequestId is unique but not a UUID",
			Expected: []string{"Success"}, Actual: "Success", HTTPStatus: 200, RequestID: "req-42",
			Findings: []conformance.Finding{{Rule: "RESP-4", Level: conformance.SHOULD, Verdict: conformance.Warn, Message: `"req-42" is not a UUID`}},
			Duration: 7 * time.Millisecond,
		},
		{
			ID: "RESP-5/status-200", Title: "errors are answered with HTTP 200 & the envelope", Area: "Responses",
			Rules: []string{"RESP-5"}, Level: conformance.SHOULD, Verdict: conformance.Pass,
			Expected: []string{"InvalidParameter"}, Actual: "InvalidParameter", HTTPStatus: 200, Duration: 6 * time.Millisecond,
		},
		{
			ID: "GEN-1/password/seed-7", Title: "generated passwords are judged as the contract says", Area: "Generated",
			Rules: []string{"PARAM-PWD-1", "PARAM-PWD-2"}, Level: conformance.MUST, Verdict: conformance.Pass,
			Expected: []string{"InvalidParameterValue"}, Actual: "InvalidParameterValue", HTTPStatus: 200,
			Input: `{"AdminPassword":"***"}`, Seed: 7, Duration: 3 * time.Millisecond,
		},
		{
			ID: "SAFE-1/no-instance-id", Title: "mutating cases need an instance id and --allow-mutation", Area: "Safety",
			Rules: []string{"SAFE-1"}, Level: conformance.MUST, Verdict: conformance.Skip,
			Reason: "mode emulator: the emulator's instances are the suite's own",
		},
	}
	counts := map[conformance.Verdict]int{}
	v := conformance.Skip
	for _, res := range results {
		counts[res.Verdict]++
		v = conformance.Worse(v, res.Verdict)
	}
	return &conformance.Report{
		Tool: "conform", Version: "v0.4.0", Target: "http://127.0.0.1:18080", Mode: "emulator",
		Region: "ap-guangzhou", Seed: 20260115, Rate: 5,
		Started:  time.Date(2026, 1, 15, 10, 0, 0, 0, time.UTC),
		Duration: 3*time.Second + 250*time.Millisecond,
		Verdict:  v, Counts: counts, Results: results, Requests: 42,
		Coverage: conformance.CodeCoverage{
			Provoked: map[string]int{
				"InvalidParameterValue": 3, "AuthFailure.SignatureFailure": 2, "InvalidParameter": 2,
				"MissingParameter": 1, "AuthFailure.SignatureExpire": 1,
			},
			NeverSeen:    []string{"ResourceNotFound", "OperationDenied.CamDeniedError", "InternalError", "FailedOperation"},
			Undocumented: map[string]int{"InvalidParameterValue.PasswordTooShort": 1, "Throttled": 2},
			Successes:    5,
		},
	}
}

func render(t *testing.T, write func(io.Writer, *conformance.Report) error, r *conformance.Report) string {
	t.Helper()
	var b bytes.Buffer
	require.NoError(t, write(&b, r))
	return b.String()
}

// Golden files pin the project's own output; rewrite them with -update.
func TestGolden(t *testing.T) {
	for _, w := range writers {
		t.Run(w.file, func(t *testing.T) {
			got := render(t, w.write, fixture())
			path := filepath.Join("testdata", w.file)
			if *update {
				require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
			}
			want, err := os.ReadFile(path)
			require.NoError(t, err, "run go test ./reports -update to create it")
			assert.Equal(t, string(want), got, "(-want +got); rerun with -update if the change is intended")
		})
	}
}

// Each writer is deterministic: the fixture's maps have several keys, so a
// map iterated unsorted would differ between two renderings sooner or later.
func TestDeterministic(t *testing.T) {
	for _, w := range writers {
		first := render(t, w.write, fixture())
		for range 10 {
			require.Equal(t, first, render(t, w.write, fixture()), w.file)
		}
	}
}

func TestWriteAll(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out", "run-1") // created by WriteAll
	r := fixture()
	require.NoError(t, reports.WriteAll(dir, r))
	for _, w := range writers {
		got, err := os.ReadFile(filepath.Join(dir, w.file))
		require.NoError(t, err)
		assert.Equal(t, render(t, w.write, r), string(got), "%s holds what %s writes", w.file, w.file)
	}
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Len(t, entries, 4, "no temporary or extra files")
}

func TestNilReport(t *testing.T) {
	for _, w := range writers {
		assert.Error(t, w.write(io.Discard, nil), w.file)
	}
	assert.Error(t, reports.WriteAll(t.TempDir(), nil))
}

func TestJSON(t *testing.T) {
	got := render(t, reports.JSON, fixture())
	assert.True(t, strings.HasPrefix(got, "{\n  \"schema_version\": 1,\n  \"tool\": \"conform\","), "schema_version first, indented:\n%.80s", got)

	var doc struct {
		SchemaVersion int                  `json:"schema_version"`
		Results       []conformance.Result `json:"results"`
	}
	require.NoError(t, json.Unmarshal([]byte(got), &doc))
	assert.Equal(t, 1, doc.SchemaVersion)
	var back conformance.Report
	require.NoError(t, json.Unmarshal([]byte(got), &back))
	assert.Equal(t, fixture().Results, back.Results, "results round-trip, in the report's order")
	assert.Contains(t, got, "HTTP 200 & the envelope", "& readable, not \\u0026")
}

// junitDoc reads back what CI readers read.
type junitDoc struct {
	XMLName  xml.Name `xml:"testsuites"`
	Name     string   `xml:"name,attr"`
	Tests    int      `xml:"tests,attr"`
	Failures int      `xml:"failures,attr"`
	Errors   int      `xml:"errors,attr"`
	Skipped  int      `xml:"skipped,attr"`
	Time     string   `xml:"time,attr"`
	Suites   []struct {
		Name     string `xml:"name,attr"`
		Tests    int    `xml:"tests,attr"`
		Failures int    `xml:"failures,attr"`
		Errors   int    `xml:"errors,attr"`
		Skipped  int    `xml:"skipped,attr"`
		Cases    []struct {
			Classname string `xml:"classname,attr"`
			Name      string `xml:"name,attr"`
			Time      string `xml:"time,attr"`
			Failure   *struct {
				Message string `xml:"message,attr"`
				Type    string `xml:"type,attr"`
				Body    string `xml:",chardata"`
			} `xml:"failure"`
			Error *struct {
				Message string `xml:"message,attr"`
				Body    string `xml:",chardata"`
			} `xml:"error"`
			Skipped *struct {
				Message string `xml:"message,attr"`
			} `xml:"skipped"`
			SystemOut string `xml:"system-out"`
		} `xml:"testcase"`
	} `xml:"testsuite"`
}

func parseJUnit(t *testing.T, r *conformance.Report) junitDoc {
	t.Helper()
	var doc junitDoc
	require.NoError(t, xml.Unmarshal([]byte(render(t, reports.JUnit, r)), &doc))
	return doc
}

func TestJUnitCounts(t *testing.T) {
	for _, tc := range []struct {
		name                                 string
		strict                               bool
		tests, failures, errors, skipped, ok int
		why                                  string
	}{
		{"default", false, 12, 2, 1, 2, 7, "2 fail, 1 error, 2 skip; 5 pass and 2 warn pass"},
		{"strict", true, 12, 4, 1, 2, 5, "under --strict the 2 warns are failures"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := fixture()
			r.Strict = tc.strict
			doc := parseJUnit(t, r)
			assert.Equal(t, tc.tests, doc.Tests, tc.why)
			assert.Equal(t, tc.failures, doc.Failures, tc.why)
			assert.Equal(t, tc.errors, doc.Errors, tc.why)
			assert.Equal(t, tc.skipped, doc.Skipped, tc.why)
			assert.Equal(t, "3.250", doc.Time)

			var suites []string
			var tests, failures, errors, skipped, ok int
			for _, s := range doc.Suites {
				suites = append(suites, s.Name)
				assert.Len(t, s.Cases, s.Tests, "suite %s", s.Name)
				tests += s.Tests
				failures += s.Failures
				errors += s.Errors
				skipped += s.Skipped
				for _, c := range s.Cases {
					assert.True(t, strings.HasPrefix(c.Classname, "conform.") && !strings.Contains(c.Classname, " "), "classname %q", c.Classname)
					if c.Failure == nil && c.Error == nil && c.Skipped == nil {
						ok++
					}
				}
			}
			assert.Equal(t, []string{"Transport", "Authentication", "Parameters", "Instances", "Rate limit", "Responses", "Generated", "Safety"},
				suites, "one suite per area, in contract order")
			assert.Equal(t, []int{tc.tests, tc.failures, tc.errors, tc.skipped}, []int{tests, failures, errors, skipped}, "suites add up to the totals")
			assert.Equal(t, tc.ok, ok, tc.why)
		})
	}
}

func TestJUnitCases(t *testing.T) {
	doc := parseJUnit(t, fixture())
	byName := map[string]int{}
	for si, s := range doc.Suites {
		for ci, c := range s.Cases {
			byName[c.Name] = si*100 + ci
		}
	}
	find := func(name string) (string, string, int) {
		i, ok := byName[name]
		require.True(t, ok, name)
		return doc.Suites[i/100].Name, doc.Suites[i/100].Cases[i%100].Classname, i
	}

	_, class, i := find("PARAM-PWD-1/seven-characters/tc3-post-json")
	assert.Equal(t, "conform.Parameters", class)
	c := doc.Suites[i/100].Cases[i%100]
	require.NotNil(t, c.Failure)
	assert.Equal(t, "PARAM-PWD-1", c.Failure.Type, "type is the rule ids")
	assert.Equal(t, "the target accepted a password shorter than 8 characters", c.Failure.Message)
	assert.Equal(t, "0.021", c.Time)
	for _, want := range []string{"Rules:      PARAM-PWD-1", "Level:      MUST", "Expected:   InvalidParameterValue",
		"Actual:     Success (HTTP 200)", "RESP-3 MUST fail: Response.DBInstanceIdSet missing", "Reproducer:\n  curl -sS -X POST"} {
		assert.Contains(t, c.Failure.Body, want)
	}

	_, class, i = find("RATE-1/burst")
	assert.Equal(t, "conform.RateLimit", class, "area without spaces")
	require.NotNil(t, doc.Suites[i/100].Cases[i%100].Skipped)
	assert.Contains(t, doc.Suites[i/100].Cases[i%100].Skipped.Message, "non-loopback")

	_, _, i = find("INST-3/unknown-instance")
	require.NotNil(t, doc.Suites[i/100].Cases[i%100].Error)
	assert.Equal(t, "5.000", doc.Suites[i/100].Cases[i%100].Time)

	_, _, i = find("RESP-4/request-id-uuid")
	c = doc.Suites[i/100].Cases[i%100]
	assert.Nil(t, c.Failure, "a warn passes without --strict")
	assert.Contains(t, c.SystemOut, "WARNING: RequestId is unique but not a UUID")

	r := fixture()
	r.Strict = true
	doc = parseJUnit(t, r)
	for _, s := range doc.Suites {
		for _, c := range s.Cases {
			if c.Name == "RESP-4/request-id-uuid" {
				require.NotNil(t, c.Failure, "a warn fails under --strict")
				assert.Equal(t, "warning (strict): RequestId is unique but not a UUID", c.Failure.Message)
				assert.Equal(t, "RESP-4", c.Failure.Type)
			}
		}
	}
}

// GitLab drops test cases whose name repeats, so repeated ids get a suffix.
func TestJUnitUniqueNames(t *testing.T) {
	r := fixture()
	dup := r.Results[0]
	r.Results = append(r.Results, dup, dup, conformance.Result{ID: dup.ID + " (2)", Area: "Transport", Verdict: conformance.Pass})
	var names []string
	for _, c := range parseJUnit(t, r).Suites[0].Cases {
		names = append(names, c.Name)
	}
	assert.Equal(t, []string{"TRANS-1/post-json", "TRANS-3/get-query", "TRANS-1/post-json (2)", "TRANS-1/post-json (3)", "TRANS-1/post-json (2) (2)"}, names)
}

// PITFALLS.md: encoding/xml writes control bytes raw and then cannot read
// its own file. Fuzzed inputs hold any byte.
func TestJUnitControlBytes(t *testing.T) {
	r := fixture()
	const raw = "\x00\x01\x1b\xff"
	bad := conformance.Result{
		ID: "GEN-2/bytes" + raw, Title: "title " + raw, Area: "Generated", Rules: []string{"PARAM-PWD-1"},
		Level: conformance.MUST, Verdict: conformance.Fail, Reason: "reason " + raw + " \ufffe\uffff",
		Expected: []string{"InvalidParameterValue"}, Actual: "Success" + raw, Input: raw,
		Findings:   []conformance.Finding{{Rule: "RESP-1", Level: conformance.MUST, Verdict: conformance.Fail, Message: raw}},
		Reproducer: "curl -d '" + raw + "'",
	}
	skipped := bad
	skipped.ID, skipped.Verdict = "GEN-3/bytes", conformance.Skip
	warned := bad
	warned.ID, warned.Verdict = "GEN-4/bytes", conformance.Warn
	r.Results = append(r.Results, bad, skipped, warned)
	r.Target = "http://x/" + raw

	out := render(t, reports.JUnit, r)
	var doc junitDoc
	require.NoError(t, xml.Unmarshal([]byte(out), &doc), "junit.xml must parse back")
	assert.Equal(t, 15, doc.Tests)
	assert.Equal(t, 3, doc.Failures)
	assert.Equal(t, 1, doc.Errors)
	assert.Equal(t, 3, doc.Skipped)

	// The bytes are shown, not lost: as Go-style escape text.
	assert.Contains(t, out, `GEN-2/bytes\x00\x01\x1b\xff`)
	assert.Contains(t, out, `Input:      \x00\x01\x1b\xff`)
	assert.Contains(t, out, `reason \x00\x01\x1b\xff \uFFFE\uFFFF`)

	// The other human-readable formats escape them too.
	for _, w := range writers[1:] {
		got := render(t, w.write, r)
		assert.NotContains(t, got, "\x00", w.file)
		assert.NotContains(t, got, "\x1b", w.file)
		assert.True(t, strings.ToValidUTF8(got, "") == got, "%s is UTF-8", w.file)
	}
}

func TestMarkdownVerdict(t *testing.T) {
	onlyWarn := func() *conformance.Report {
		r := fixture()
		var kept []conformance.Result
		for _, res := range r.Results {
			if res.Verdict != conformance.Fail && res.Verdict != conformance.Error {
				kept = append(kept, res)
			}
		}
		r.Results, r.Verdict = kept, conformance.Warn
		return r
	}
	for _, tc := range []struct {
		name   string
		report func() *conformance.Report
		strict bool
		title  string
		why    string
	}{
		{"failures", fixture, false, "# InitDBInstances conformance: FAIL\n", "a MUST rule broken"},
		{"warnings", onlyWarn, false, "# InitDBInstances conformance: PASS with warnings\n", "only SHOULD rules broken"},
		{"strict warnings", onlyWarn, true, "# InitDBInstances conformance: FAIL\n", "under --strict a warn fails the run"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := tc.report()
			r.Strict = tc.strict
			if tc.strict {
				r.Verdict = conformance.Fail
			}
			got := render(t, reports.Markdown, r)
			assert.True(t, strings.HasPrefix(got, tc.title), "%s: got %.60q", tc.why, got)
			if tc.strict {
				assert.Contains(t, got, "**Strict mode:** warnings count as failures.")
				assert.Contains(t, got, "### `RESP-4/request-id-uuid`", "the warn is listed as a failure")
			} else {
				assert.NotContains(t, got, "Strict mode")
			}
		})
	}

	r := fixture()
	r.Results = nil
	r.Verdict = conformance.Skip
	assert.True(t, strings.HasPrefix(render(t, reports.Markdown, r), "# InitDBInstances conformance: PASS\n"), "an empty run passes")
}

func TestMarkdownTableCells(t *testing.T) {
	r := fixture()
	r.Target = "http://a|b"
	r.Results[0].Area = "Odd | area"
	got := render(t, reports.Markdown, r)
	assert.Contains(t, got, "| Target | http://a\\|b |")
	assert.Contains(t, got, "| Odd \\| area | pass |")
}

func TestHTMLSelfContained(t *testing.T) {
	r := fixture()
	r.Strict = true
	got := render(t, reports.HTML, r)
	lower := strings.ToLower(got)
	for _, banned := range []string{"<script src", "<link", "@import", "src=\"http", "url(http"} {
		assert.NotContains(t, lower, banned, "self-contained: no external assets")
	}
	assert.Contains(t, got, `<section class="banner fail">`)
	fails := r.Failures()
	require.Len(t, fails, 5, "2 fail, 1 error and 2 warns under strict")
	for _, res := range fails {
		assert.Contains(t, got, htmlEscape(res.ID), res.ID)
		if res.Reproducer != "" {
			assert.Contains(t, got, "<pre>"+htmlEscape(res.Reproducer)+"</pre>", "reproducer of %s, escaped and copyable", res.ID)
		}
	}
	assert.NotContains(t, got, `"AdminPassword":"***"`, "quotes are escaped")
}

func TestHTMLBanner(t *testing.T) {
	r := fixture()
	r.Results = r.Results[:2]
	r.Verdict = conformance.Pass
	assert.Contains(t, render(t, reports.HTML, r), `<section class="banner pass">`)
	r.Results = append(r.Results, fixture().Results[5])
	r.Verdict = conformance.Warn
	assert.Contains(t, render(t, reports.HTML, r), `<section class="banner warn">`)
}

// htmlEscape is s as html/template writes it in text.
func htmlEscape(s string) string {
	var b strings.Builder
	template.Must(template.New("").Parse("{{.}}")).Execute(&b, s)
	return b.String()
}

// SAFE-2: a secret that reached a Result is masked in every file.
func TestSecretsNeverWritten(t *testing.T) {
	secrets := []string{
		"AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE",
		`Gu5t9xGARNpq86cd98joQYCN3+EXAMPLE/&<x>"'`, // every character some format escapes
		"tok|en`with*markdown_",
		"a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d2e3f4a5b6c7d8e9f0a1b2",
	}
	r := fixture()
	r.Secrets = append([]string{""}, secrets...) // an empty secret is ignored
	r.Target = "http://127.0.0.1:18080/?token=" + secrets[2]
	for i := range r.Results {
		res := &r.Results[i]
		s := secrets[i%len(secrets)]
		res.Title += " " + s
		res.Reason = "signature " + s + " rejected"
		res.Reproducer = repro + " -H 'X-TC-Token: " + s + "' -H 'X-Key: " + secrets[1] + "'"
		res.Input = `{"SecretKey":"` + s + `"}`
		res.Findings = append(res.Findings, conformance.Finding{Rule: "SAFE-2", Level: conformance.MUST, Verdict: conformance.Fail, Message: "echoed " + s})
		res.RequestID = s
		res.Rules = append(res.Rules, s)
		res.Expected = append(res.Expected, s)
		res.Actual = s
	}
	r.Results[2].Verdict = conformance.Fail
	r.Results[8].Verdict = conformance.Warn
	r.Coverage.Undocumented[secrets[0]] = 1
	r.Coverage.NeverSeen = append(r.Coverage.NeverSeen, secrets[3])

	for _, w := range writers {
		got := render(t, w.write, r)
		for _, s := range secrets {
			for _, form := range forms(s) {
				assert.NotContains(t, got, form, "%s holds a secret (form %q)", w.file, form)
			}
		}
		assert.Contains(t, got, "***", w.file)
	}
	dir := t.TempDir()
	require.NoError(t, reports.WriteAll(dir, r))
	for _, w := range writers {
		got, err := os.ReadFile(filepath.Join(dir, w.file))
		require.NoError(t, err)
		for _, s := range secrets {
			assert.NotContains(t, string(got), s, w.file)
		}
	}
	assert.Equal(t, `Gu5t9xGARNpq86cd98joQYCN3+EXAMPLE/&<x>"'`, secrets[1], "the caller's report is not modified")
	assert.Contains(t, r.Results[0].Reason, secrets[0], "the caller's report is not modified")
}

// forms are the ways a writer could spell s: raw and escaped.
func forms(s string) []string {
	j, _ := json.Marshal(s)
	var x bytes.Buffer
	_ = xml.EscapeText(&x, []byte(s))
	return []string{
		s,
		strings.Trim(string(j), `"`),
		strings.NewReplacer(`<`, `\u003c`, `>`, `\u003e`, `&`, `\u0026`).Replace(strings.Trim(string(j), `"`)),
		htmlEscape(s),
		template.HTMLEscapeString(s),
		x.String(),
		strings.ReplaceAll(s, "|", `\|`),
	}
}
