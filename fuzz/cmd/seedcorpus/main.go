// Command seedcorpus writes one <name>_seed_corpus.zip per native fuzz
// target of the module, for ClusterFuzzLite and OSS-Fuzz, which ignore
// f.Add. It reads every file of <pkg>/testdata/fuzz/<FuzzName>/ (the
// committed seeds, regressions and saved inputs, in the `go test fuzz v1`
// format), turns each into the raw bytes from which OSS-Fuzz's Go helper
// draws the target's arguments, and zips them.
//
//	go run ./fuzz/cmd/seedcorpus -out "$OUT"   # from the module root
//
// A file that cannot be read or encoded is reported and skipped; the exit
// status is 1 only when the flags are wrong or a zip cannot be written.
package main

import (
	"archive/zip"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"

	"github.com/tencentdb-kit/initdb-conform/fuzz"
	"github.com/tencentdb-kit/initdb-conform/fuzz/corpus"
)

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "seedcorpus:", err)
		os.Exit(1)
	}
}

func run(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("seedcorpus", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("out", "", "directory to write <name>_seed_corpus.zip files into (required)")
	root := fs.String("root", ".", "the module's root directory")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *out == "" || fs.NArg() != 0 {
		fs.Usage()
		return errors.New("-out is required and no argument is taken")
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		return err
	}
	for _, t := range fuzz.Targets() {
		if t.Rapid {
			continue // not built for libFuzzer
		}
		n, skipped, err := writeZip(filepath.Join(*root, t.Dir, "testdata", "fuzz", t.Func), filepath.Join(*out, t.Name+"_seed_corpus.zip"), stderr)
		if err != nil {
			return fmt.Errorf("%s: %w", t.Name, err)
		}
		fmt.Fprintf(stdout, "%s_seed_corpus.zip: %d inputs (%d skipped)\n", t.Name, n, skipped)
	}
	return nil
}

func writeZip(dir, path string, stderr io.Writer) (written, skipped int, err error) {
	entries, err := os.ReadDir(dir)
	if err != nil && !os.IsNotExist(err) {
		return 0, 0, err
	}
	names := make([]string, 0, len(entries))
	for _, e := range entries {
		if !e.IsDir() {
			names = append(names, e.Name())
		}
	}
	slices.Sort(names)
	f, err := os.Create(path)
	if err != nil {
		return 0, 0, err
	}
	zw := zip.NewWriter(f)
	for _, name := range names {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			return written, skipped, err
		}
		vals, err := corpus.Unmarshal(data)
		if err == nil {
			data, err = corpus.LibFuzzerInput(vals...)
		}
		if err != nil {
			fmt.Fprintf(stderr, "seedcorpus: %s/%s skipped: %v\n", dir, name, err)
			skipped++
			continue
		}
		w, err := zw.Create(name)
		if err != nil {
			return written, skipped, err
		}
		if _, err := w.Write(data); err != nil {
			return written, skipped, err
		}
		written++
	}
	if err := zw.Close(); err != nil {
		return written, skipped, err
	}
	return written, skipped, f.Close()
}
