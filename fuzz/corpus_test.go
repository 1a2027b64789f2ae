package fuzz_test

import (
	"bytes"
	"encoding/binary"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/tencentdb-kit/initdb-conform/fuzz"
	"github.com/tencentdb-kit/initdb-conform/fuzz/corpus"
)

var update = flag.Bool("update", false, "rewrite the seed files under <pkg>/testdata/fuzz/<FuzzName>/ from fuzz.Seeds")

// seedDir is where a target's corpus files live, relative to this package.
func seedDir(t fuzz.Target) string {
	return filepath.Join("..", t.Dir, "testdata", "fuzz", t.Func)
}

// TestSeedFiles checks that every target's seeds are committed as files in
// the `go test fuzz v1` format (ClusterFuzzLite ignores f.Add), and with
// -update writes them: go test ./fuzz -run TestSeedFiles -update. Files not
// named seed-* (regressions, inputs the fuzzer saved) are left alone.
func TestSeedFiles(t *testing.T) {
	for _, target := range fuzz.Targets() {
		seeds, err := fuzz.Seeds(target.Func)
		if err != nil {
			t.Fatal(err)
		}
		want := map[string][]byte{}
		for i, s := range seeds {
			data, err := corpus.Marshal(s...)
			if err != nil {
				t.Fatalf("%s seed %d: %v", target.Func, i, err)
			}
			want[corpus.FileName(data)] = data
		}
		dir := seedDir(target)
		entries, err := os.ReadDir(dir)
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		var stale, missing []string
		for _, e := range entries {
			if !strings.HasPrefix(e.Name(), corpus.FilePrefix) {
				continue
			}
			got, err := os.ReadFile(filepath.Join(dir, e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want[e.Name()]) {
				stale = append(stale, e.Name())
			}
		}
		for name, data := range want {
			got, err := os.ReadFile(filepath.Join(dir, name))
			if err != nil || !bytes.Equal(got, data) {
				missing = append(missing, name)
			}
		}
		if len(stale) == 0 && len(missing) == 0 {
			continue
		}
		if !*update {
			t.Errorf("%s: %d seed files stale, %d missing in %s; run: go test ./fuzz -run TestSeedFiles -update", target.Func, len(stale), len(missing), dir)
			continue
		}
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		for _, name := range stale {
			if err := os.Remove(filepath.Join(dir, name)); err != nil {
				t.Fatal(err)
			}
		}
		for _, name := range missing {
			if err := os.WriteFile(filepath.Join(dir, name), want[name], 0o644); err != nil {
				t.Fatal(err)
			}
		}
		t.Logf("%s: wrote %d seed files, removed %d", target.Func, len(missing), len(stale))
	}
}

// TestTargetsExist checks the registry against the source: each target is a
// func FuzzX(f *testing.F) in its package's fuzz_test.go, and (for the
// ClusterFuzzLite build, whose helper finds a target with grep) its name
// occurs in no other file of the package and is no prefix of another's.
func TestTargetsExist(t *testing.T) {
	byDir := map[string][]string{}
	for _, target := range fuzz.Targets() {
		byDir[target.Dir] = append(byDir[target.Dir], target.Func)
	}
	for dir, funcs := range byDir {
		files, err := filepath.Glob(filepath.Join("..", dir, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		src := map[string]string{}
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			src[filepath.Base(f)] = string(b)
		}
		declared := regexp.MustCompile(`(?m)^func (Fuzz\w*)\(f \*testing\.F\)`)
		var all []string
		for _, s := range src {
			for _, m := range declared.FindAllStringSubmatch(s, -1) {
				all = append(all, m[1])
			}
		}
		for _, fn := range funcs {
			home := "fuzz_test.go"
			if dir == "fuzz" {
				home = ""
			}
			var holders []string
			for name, s := range src {
				if strings.Contains(s, fn) {
					holders = append(holders, name)
				}
			}
			if !slices.Contains(all, fn) {
				t.Errorf("%s: no func %s(f *testing.F) in %s", dir, fn, dir)
				continue
			}
			if home != "" && (len(holders) != 1 || holders[0] != home) {
				t.Errorf("%s: %s must occur in %s alone (ClusterFuzzLite builds it from that file); found in %v", dir, fn, home, holders)
			}
			for _, other := range all {
				if other != fn && strings.HasPrefix(other, fn) {
					t.Errorf("%s: %s is a prefix of %s, which breaks compile_native_go_fuzzer's grep", dir, fn, other)
				}
			}
		}
	}
}

// TestClusterFuzzLiteBuildListsTargets checks that build.sh compiles every
// native target under its registered name, and no rapid bridge.
func TestClusterFuzzLiteBuildListsTargets(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", ".clusterfuzzlite", "build.sh"))
	if err != nil {
		t.Fatal(err)
	}
	for _, target := range fuzz.Targets() {
		line := fmt.Sprintf("%s %s %s", target.Dir, target.Func, target.Name)
		if has := bytes.Contains(b, []byte(line)); has == target.Rapid {
			t.Errorf("build.sh: line %q present %v, want %v", line, has, !target.Rapid)
		}
	}
}

// TestCorpusRoundTrip: every seed reads back from its file as written, and
// encodes for libFuzzer into bytes that OSS-Fuzz's helper (reimplemented
// below from its source) decodes to the same arguments.
func TestCorpusRoundTrip(t *testing.T) {
	for _, target := range fuzz.Targets() {
		seeds, err := fuzz.Seeds(target.Func)
		if err != nil {
			t.Fatal(err)
		}
		encoded := 0
		for i, s := range seeds {
			data, err := corpus.Marshal(s...)
			if err != nil {
				t.Fatal(err)
			}
			back, err := corpus.Unmarshal(data)
			if err != nil || !reflect.DeepEqual(normalize(back), normalize(s)) {
				t.Errorf("%s seed %d: %q read back as %#v (%v)", target.Func, i, data, back, err)
			}
			raw, err := corpus.LibFuzzerInput(s...)
			if err != nil {
				continue
			}
			encoded++
			if got := decodeLibFuzzer(raw, s); !reflect.DeepEqual(normalize(got), normalize(s)) {
				t.Errorf("%s seed %d: libFuzzer bytes %q decode to %#v", target.Func, i, raw, got)
			}
		}
		if encoded == 0 {
			t.Errorf("%s: no seed could be encoded for libFuzzer", target.Func)
		}
	}
}

// normalize makes nil and empty byte slices alike.
func normalize(vals []any) []any {
	out := slices.Clone(vals)
	for i, v := range out {
		if b, ok := v.([]byte); ok && len(b) == 0 {
			out[i] = []byte{}
		}
	}
	return out
}

// decodeLibFuzzer draws arguments of the types of like from raw as
// go-118-fuzz-build's input.Source does: fixed-size arguments first
// (big-endian), then one weight byte per string or []byte argument, then
// each of those gets rest*w/sum bytes and the last all that is left.
func decodeLibFuzzer(raw []byte, like []any) []any {
	take := func(n int) []byte {
		b := make([]byte, n)
		k := copy(b, raw)
		raw = raw[k:]
		return b
	}
	out := make([]any, len(like))
	var dynamic []int
	for i, v := range like {
		switch v.(type) {
		case string, []byte:
			dynamic = append(dynamic, i)
		case bool:
			out[i] = take(1)[0]&1 != 0
		case byte:
			out[i] = take(1)[0]
		case uint16:
			out[i] = binary.BigEndian.Uint16(take(2))
		case int:
			out[i] = int(binary.BigEndian.Uint64(take(8)))
		case int64:
			out[i] = int64(binary.BigEndian.Uint64(take(8)))
		}
	}
	weights := take(len(dynamic))
	sum := 0
	for _, w := range weights {
		sum += int(w)
	}
	left := len(raw)
	for j, i := range dynamic {
		n := len(raw)
		if j < len(dynamic)-1 {
			n = left / len(dynamic)
			if sum > 0 {
				n = left * int(weights[j]) / sum
			}
		}
		b := take(n)
		if _, ok := like[i].(string); ok {
			out[i] = string(b)
		} else {
			out[i] = b
		}
	}
	return out
}
