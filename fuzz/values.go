package fuzz

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/tencentdb-kit/initdb-conform/spec"
)

// Values are the interesting values of the InitDBInstances parameters, read
// from spec/openapi.yaml where the document states them (examples, enums,
// and the boundaries of every minLength, maxLength, minItems and maxItems)
// and completed with the cases CONTRACT §4 names in words (`postgres`,
// `Pg_x`, `utf8`, a leading `/` …), which a JSON Schema cannot list.
type Values struct {
	Names       []string // AdminName
	Passwords   []string // AdminPassword
	Charsets    []string // Charset
	InstanceIDs []string // InstanceId
	IDCounts    []int    // lengths of DBInstanceIdSet around minItems and maxItems
	Bodies      [][]byte // the documented JSON request examples of InitDBInstances
	ValidName   string   // the AdminName example
	ValidPwd    string   // the AdminPassword example
	ValidIDs    []string // the ids of the documented examples
}

// SpecValues reads Values from the spec. It fails only when the document
// does not load or lacks one of the schemas named in CONTRACT §4.
func SpecValues() (*Values, error) {
	v := &Values{}
	name, err := spec.Schema("AdminName")
	if err != nil {
		return nil, err
	}
	pwd, err := spec.Schema("AdminPassword")
	if err != nil {
		return nil, err
	}
	charset, err := spec.Schema("Charset")
	if err != nil {
		return nil, err
	}
	id, err := spec.Schema("InstanceId")
	if err != nil {
		return nil, err
	}
	idSet, err := spec.Schema("DBInstanceIdSet")
	if err != nil {
		return nil, err
	}
	var ok bool
	if v.ValidName, ok = name.Example.(string); !ok {
		return nil, errors.New("fuzz: the AdminName schema has no string example")
	}
	if v.ValidPwd, ok = pwd.Example.(string); !ok {
		return nil, errors.New("fuzz: the AdminPassword schema has no string example")
	}
	exampleID, ok := id.Example.(string)
	if !ok {
		return nil, errors.New("fuzz: the InstanceId schema has no string example")
	}

	// AdminName: the example, each length boundary, and PARAM-NAME-1's
	// reserved forms in the cases the contract names.
	v.Names = append(v.Names, v.ValidName)
	for _, n := range lengthBoundaries(name) {
		v.Names = append(v.Names, fill("u", "ser_x9", n))
	}
	v.Names = append(v.Names,
		"postgres", "POSTGRES", "Postgres", "postgres1", "xpostgres",
		"pg_x", "Pg_x", "PG_admin", "pgadmin", "pg",
		"1abc", "9", "_", "_x9", "test-user", "test user", "dbädmin",
		"tencentdb_x", "TencentDB_admin", "tencentdb",
	)

	// AdminPassword: the example, each length boundary built from the
	// example, and each class rule of PARAM-PWD-2 and -3 broken once.
	v.Passwords = append(v.Passwords, v.ValidPwd)
	for _, n := range lengthBoundaries(pwd) {
		v.Passwords = append(v.Passwords, fill(v.ValidPwd[:min(4, len(v.ValidPwd))], "xY7#", n))
	}
	v.Passwords = append(v.Passwords,
		"testuser%40123", // the seed page's own example: no upper-case letter
		"/"+v.ValidPwd, strings.ToUpper(v.ValidPwd), strings.ToLower(v.ValidPwd),
		"Aab!Ccd#Eef&", "A8bxC2dyE4fz", "A8b! C2d#E4f", `A8b!"C2d#E4f`, `A8b!\C2d#E4f`,
		"A8b!éC2d#E4f", "A8b!\tC2d#E4f", "Aa1!ééééé", "Aa1!"+strings.Repeat("é", 28),
		"Aa1?/aaa", "a/A1bbbb",
	)

	// Charset: the enum, its lower-case forms (PARAM-CHARSET-2), others.
	for _, e := range charset.Enum {
		if s, ok := e.(string); ok {
			v.Charsets = append(v.Charsets, s, strings.ToLower(s))
		}
	}
	v.Charsets = append(v.Charsets, "", "GBK", "utf-8", "UTF-8", " UTF8", "UTF8 ")

	// InstanceId: the examples and the pattern's boundaries.
	v.InstanceIDs = append(v.InstanceIDs, exampleID)
	bodies, ids, err := requestExamples()
	if err != nil {
		return nil, err
	}
	v.Bodies = bodies
	v.ValidIDs = ids
	for _, x := range ids {
		if !slices.Contains(v.InstanceIDs, x) {
			v.InstanceIDs = append(v.InstanceIDs, x)
		}
	}
	suffix := strings.TrimPrefix(exampleID, "postgres-")
	v.InstanceIDs = append(v.InstanceIDs,
		"postgres-"+suffix[:len(suffix)-1], "postgres-"+suffix+"0",
		"postgres-"+strings.ToUpper(suffix), "Postgres-"+suffix, "postgres_"+suffix,
		"postgres-"+strings.Repeat("0", len(suffix)), "postgres-"+strings.Repeat("z", len(suffix)),
		"mysql-"+suffix, "postgres-", "", exampleID+"\n",
	)

	// DBInstanceIdSet: each side of minItems and maxItems.
	for _, n := range []uint64{idSet.MinItems, idSet.MinItems + 1} {
		v.IDCounts = append(v.IDCounts, int(n))
		if n > 0 {
			v.IDCounts = append(v.IDCounts, int(n)-1)
		}
	}
	if idSet.MaxItems != nil {
		m := int(*idSet.MaxItems)
		v.IDCounts = append(v.IDCounts, m-1, m, m+1)
	}
	slices.Sort(v.IDCounts)
	v.IDCounts = slices.Compact(v.IDCounts)
	return v, nil
}

// lengthBoundaries returns the lengths on each side of a string schema's
// minLength and maxLength.
func lengthBoundaries(s *openapi3.Schema) []int {
	var out []int
	lo := int(s.MinLength)
	out = append(out, lo, lo+1)
	if lo > 0 {
		out = append(out, lo-1)
	}
	if s.MaxLength != nil {
		hi := int(*s.MaxLength)
		out = append(out, hi-1, hi, hi+1)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// fill returns a string of n characters: prefix, then pad repeated, cut to n.
func fill(prefix, pad string, n int) string {
	s := prefix
	for len(s) < n {
		s += pad
	}
	return s[:n]
}

// requestExamples returns the JSON request examples of the InitDBInstances
// POST operation, encoded, with the instance ids they name.
func requestExamples() ([][]byte, []string, error) {
	doc, err := spec.Load()
	if err != nil {
		return nil, nil, err
	}
	item := doc.Paths.Find("/")
	if item == nil || item.Post == nil || item.Post.RequestBody == nil || item.Post.RequestBody.Value == nil {
		return nil, nil, errors.New("fuzz: the spec has no POST / request body")
	}
	mt := item.Post.RequestBody.Value.Content.Get("application/json")
	if mt == nil || len(mt.Examples) == 0 {
		return nil, nil, errors.New("fuzz: the spec has no application/json request examples")
	}
	names := make([]string, 0, len(mt.Examples))
	for n := range mt.Examples {
		names = append(names, n)
	}
	slices.Sort(names)
	var bodies [][]byte
	var ids []string
	for _, n := range names {
		ex := mt.Examples[n]
		if ex == nil || ex.Value == nil {
			continue
		}
		b, err := json.Marshal(ex.Value.Value)
		if err != nil {
			return nil, nil, fmt.Errorf("fuzz: request example %s: %w", n, err)
		}
		bodies = append(bodies, b)
		var req struct{ DBInstanceIdSet []string }
		if err := json.Unmarshal(b, &req); err == nil {
			for _, id := range req.DBInstanceIdSet {
				if !slices.Contains(ids, id) {
					ids = append(ids, id)
				}
			}
		}
	}
	if len(bodies) == 0 {
		return nil, nil, errors.New("fuzz: no usable application/json request example")
	}
	return bodies, ids, nil
}
