// Package conformance is the InitDBInstances conformance suite. It runs
// against any target URL (the real endpoint, the emulator, a proxy or a
// mock) and judges it against CONTRACT.md, rule by rule, into a Report.
//
// It is library code, in the manner of testing/fstest.TestFS: Run gathers
// every finding and returns them in the Report; it takes no *testing.T and
// imports no testing package. `go test` and cmd/conform are thin adapters.
//
//	rep, err := conformance.Run(ctx, conformance.Options{Target: url, Credential: cred})
//	if err != nil { ... }   // the harness could not run
//	if !rep.Passed() { ... } // the target broke the contract
//
// The hand-written cases state their inputs and the codes they expect
// literally, copied from the contract; they never ask the emulator's rules
// what to expect, so a wrong rule cannot make the emulator and the suite
// agree in error. Generated cases are built from the OpenAPI document in
// spec/, so a change to the spec changes what is generated.
package conformance
