// Package fuzz is the fuzz harness's shared code: the registry of the
// module's native fuzz targets with their seeds, the corpus formats, and
// the in-process serving and envelope checks that the emulator's targets
// and the rapid property tests use. The targets themselves live next to the
// code they test, each package's in its own self-contained fuzz_test.go:
//
//	signer/fuzz_test.go    TC3 and v1 sign/verify, one changed byte refused; Authorization parsing
//	rules/fuzz_test.go     each validator against the spec's schema for the same parameter
//	wire/fuzz_test.go      JSON, query and flattening: no panic, decode-encode round trips
//	emulator/fuzz_test.go  the HTTP handler: correctly signed fuzzed requests, tampered bytes, raw bytes
//
// This package's own tests hold the rapid property tests (a state machine of
// the emulator against a map model, single-fault generators checked against
// CONTRACT's code families) with their rapid.MakeFuzz bridges, and the
// checks that keep the registry, the committed seed files and the
// ClusterFuzzLite build in step.
//
// What is where:
//
//	targets.go            Targets (the registry) and Seeds, the seeds of each target
//	values.go             SpecValues: the parameters' examples and boundaries read from spec/
//	families.go           InFamily: is an error code one of a contract rule's accepted codes
//	corpus/               the `go test fuzz v1` format and OSS-Fuzz's raw argument format
//	inproc/               Serve (in process, no network) and CheckEnvelope (CONTRACT §7)
//	cmd/seedcorpus/       writes <name>_seed_corpus.zip for ClusterFuzzLite
//	run.sh                the nightly runner: every target in turn, stop at a finding
//	seedcorpus.sh         runs cmd/seedcorpus
//	../.clusterfuzzlite/  Dockerfile, build.sh, project.yaml for ClusterFuzzLite
//	../.github/workflows/fuzz-nightly.yml   the nightly workflow around `make fuzz`
//	FINDINGS.md           bugs the targets found that are not fixed yet
//	README.md             how to run all of it, and measured execution rates
//
// Seeds are written once, in Seeds, from the spec where it states a value
// (examples, enums, minLength/maxLength/minItems/maxItems boundaries) and
// from the contract's words where it cannot (`postgres`, `Pg_x`, `utf8` …).
// `go test ./fuzz -run TestSeedFiles -update` writes them under each target's
// testdata/fuzz/<FuzzName>/ as seed-* files; plain `go test` fails when those
// files fall out of step with Seeds. The rules targets also f.Add them; the
// signer, wire and emulator targets f.Add a few literal seeds and do not
// import this package, because the spec loader it links would be
// instrumented too and slow every execution down (measured: 37k execs/s
// without it, 16k with it, for FuzzMediaType).
//
// Nothing here imports package testing, so that the targets' files can
// import it when OSS-Fuzz's helper swaps the testing package for its own.
package fuzz
