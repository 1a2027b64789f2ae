// Package corpus reads and writes fuzz inputs: the `go test fuzz v1` files
// that cmd/go keeps under testdata/fuzz/<FuzzName>/, and the raw bytes from
// which OSS-Fuzz's Go helper (go-118-fuzz-build) draws a native target's
// arguments under libFuzzer.
package corpus

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"strconv"
	"strings"
)

// corpusHeader is the first line of a file in Go's native corpus format.
const corpusHeader = "go test fuzz v1"

// FilePrefix begins the name of every seed file this package writes
// under testdata/fuzz/<FuzzName>/, so that seeds are told apart from the
// inputs the fuzzer saves (named by their hash alone) and from regressions
// committed by hand.
const FilePrefix = "seed-"

// Marshal encodes the arguments of one fuzz call in the format of
// `go test fuzz v1` files, as cmd/go writes them: one Go conversion
// expression a line. It supports the argument types the targets of this
// module use: string, []byte, bool, byte (uint8), uint16, int and int64.
func Marshal(args ...any) ([]byte, error) {
	if len(args) == 0 {
		return nil, errors.New("corpus: a corpus entry needs at least one value")
	}
	var b bytes.Buffer
	b.WriteString(corpusHeader + "\n")
	for i, a := range args {
		switch v := a.(type) {
		case string:
			fmt.Fprintf(&b, "string(%q)\n", v)
		case []byte:
			fmt.Fprintf(&b, "[]byte(%q)\n", v)
		case byte:
			fmt.Fprintf(&b, "byte(%q)\n", v)
		case bool, uint16, int, int64:
			fmt.Fprintf(&b, "%T(%v)\n", v, v)
		default:
			return nil, fmt.Errorf("corpus: argument %d: unsupported type %T", i, a)
		}
	}
	return b.Bytes(), nil
}

// FileName is the name under which a seed with contents data is
// stored: FilePrefix and the first 16 hex digits of its SHA-256, the
// hash cmd/go uses for the inputs it saves.
func FileName(data []byte) string {
	sum := sha256.Sum256(data)
	return FilePrefix + hex.EncodeToString(sum[:])[:16]
}

// Unmarshal decodes a `go test fuzz v1` file into its values, typed as
// the target's arguments are (a byte line gives a byte, an int64 line an
// int64 …). It accepts every line Marshal writes and the integer,
// string and byte-slice lines cmd/go writes for other targets.
func Unmarshal(data []byte) ([]any, error) {
	lines := strings.Split(string(data), "\n")
	if strings.TrimSuffix(lines[0], "\r") != corpusHeader {
		return nil, fmt.Errorf("corpus: not a %q file", corpusHeader)
	}
	var vals []any
	for _, line := range lines[1:] {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		v, err := parseCorpusLine(line)
		if err != nil {
			return nil, fmt.Errorf("corpus: corpus line %q: %w", line, err)
		}
		vals = append(vals, v)
	}
	if len(vals) == 0 {
		return nil, errors.New("corpus: a corpus file holds no value")
	}
	return vals, nil
}

func parseCorpusLine(line string) (any, error) {
	expr, err := parser.ParseExpr(line)
	if err != nil {
		return nil, err
	}
	call, ok := expr.(*ast.CallExpr)
	if !ok || len(call.Args) != 1 {
		return nil, errors.New("want a conversion T(value)")
	}
	var typ string
	switch fn := call.Fun.(type) {
	case *ast.Ident:
		typ = fn.Name
	case *ast.ArrayType:
		if id, ok := fn.Elt.(*ast.Ident); ok && fn.Len == nil && (id.Name == "byte" || id.Name == "uint8") {
			typ = "[]byte"
		}
	}
	arg := call.Args[0]
	neg := false
	if u, ok := arg.(*ast.UnaryExpr); ok && u.Op == token.SUB {
		neg, arg = true, u.X
	}
	lit, isLit := arg.(*ast.BasicLit)
	if id, ok := arg.(*ast.Ident); ok && typ == "bool" {
		return strconv.ParseBool(id.Name)
	}
	if !isLit {
		return nil, errors.New("want a literal")
	}
	switch typ {
	case "string", "[]byte":
		if lit.Kind != token.STRING {
			return nil, errors.New("want a string literal")
		}
		s, err := strconv.Unquote(lit.Value)
		if err != nil {
			return nil, err
		}
		if typ == "string" {
			return s, nil
		}
		return []byte(s), nil
	case "byte", "uint8":
		if lit.Kind == token.CHAR {
			s, err := strconv.Unquote(lit.Value)
			if err != nil || len(s) == 0 {
				return nil, errors.New("bad byte literal")
			}
			// A byte is quoted as a rune literal: '\xff' unquotes to one
			// byte, 'é' to its UTF-8 encoding (cmd/go never writes that).
			if len(s) == 1 {
				return s[0], nil
			}
			r := []rune(s)
			if len(r) != 1 || r[0] > 0xff {
				return nil, errors.New("byte literal out of range")
			}
			return byte(r[0]), nil
		}
		n, err := strconv.ParseUint(lit.Value, 0, 8)
		return byte(n), err
	case "uint16":
		n, err := strconv.ParseUint(lit.Value, 0, 16)
		return uint16(n), err
	case "int", "int64":
		text := lit.Value
		if neg {
			text = "-" + text
		}
		n, err := strconv.ParseInt(text, 0, 64)
		if typ == "int" {
			return int(n), err
		}
		return n, err
	}
	return nil, fmt.Errorf("unsupported type %q", typ)
}

// LibFuzzerInput encodes the arguments of one fuzz call as the raw bytes
// from which OSS-Fuzz's Go helper (go-118-fuzz-build, input.Source) draws
// them when it runs a native Go fuzz target under libFuzzer: first every
// fixed-size argument in order (integers big-endian at their width, a bool
// as one byte), then one weight byte per string or []byte argument, then
// those arguments' bytes back to back. The helper gives dynamic argument i
// (all but the last) floor(rest*w_i/sum(w)) bytes and the last all that is
// left, so the weights are searched for that give each argument its exact
// length; an error says none exists (then the seed is left out of the
// ClusterFuzzLite corpus, which only costs the fuzzer a starting point).
func LibFuzzerInput(args ...any) ([]byte, error) {
	var fixed, dyn bytes.Buffer
	var lens []int
	for i, a := range args {
		switch v := a.(type) {
		case string:
			lens = append(lens, len(v))
			dyn.WriteString(v)
		case []byte:
			lens = append(lens, len(v))
			dyn.Write(v)
		case bool:
			if v {
				fixed.WriteByte(1)
			} else {
				fixed.WriteByte(0)
			}
		case byte:
			fixed.WriteByte(v)
		case uint16:
			fixed.Write(binary.BigEndian.AppendUint16(nil, v))
		case int:
			fixed.Write(binary.BigEndian.AppendUint64(nil, uint64(v)))
		case int64:
			fixed.Write(binary.BigEndian.AppendUint64(nil, uint64(v)))
		default:
			return nil, fmt.Errorf("corpus: argument %d: unsupported type %T", i, a)
		}
	}
	weights, err := libFuzzerWeights(lens)
	if err != nil {
		return nil, err
	}
	out := append(fixed.Bytes(), weights...)
	return append(out, dyn.Bytes()...), nil
}

// libFuzzerWeights finds weight bytes w with floor(T*w_i/S) == lens[i] for
// every i but the last, where T is the total length and S the sum of w.
func libFuzzerWeights(lens []int) ([]byte, error) {
	n := len(lens)
	w := make([]byte, n)
	if n <= 1 {
		return w, nil
	}
	total := 0
	for _, l := range lens {
		total += l
	}
	if total == 0 {
		return w, nil // sum 0: every argument gets total/n = 0 bytes
	}
next:
	for sum := 1; sum <= 255*n; sum++ {
		used := 0
		for i, l := range lens[:n-1] {
			// The least weight whose share reaches l.
			wi := (l*sum + total - 1) / total
			if wi > 255 || total*wi/sum != l {
				continue next
			}
			w[i] = byte(wi)
			used += wi
		}
		last := sum - used
		if last < 0 || last > 255 {
			continue
		}
		w[n-1] = byte(last)
		return w, nil
	}
	return nil, fmt.Errorf("corpus: no libFuzzer weights give the lengths %v", lens)
}
