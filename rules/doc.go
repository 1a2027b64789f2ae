// Package rules is the one place where the parameter rules of CONTRACT §3–§4
// (and the few limits of §1, §2 and §6 that are plain numbers) are written
// down as code. Each check names the contract rule it enforces and the error
// code the contract prefers for it, so that the emulator answers with that
// code and the generators of the suite and the fuzz harness know which rule a
// generated fault breaks.
//
// The conformance suite's hand-written cases deliberately do not call this
// package to learn what to expect: they state inputs and codes literally from
// the contract, so that a wrong rule here cannot make the emulator and the
// suite agree in error.
package rules
