#!/bin/bash -eu
# ClusterFuzzLite / OSS-Fuzz build script (.clusterfuzzlite/build.sh): one
# libFuzzer binary per native Go fuzz target, built from the target's
# self-contained fuzz_test.go by compile_native_go_fuzzer, and one
# <name>_seed_corpus.zip per target made from its testdata/fuzz files
# (libFuzzer ignores f.Add seeds).
#
# The list below is fuzz.Targets() without the rapid.MakeFuzz bridges, whose
# argument cannot be handed to them by OSS-Fuzz's Go helper; go test ./fuzz
# (TestClusterFuzzLiteBuildListsTargets) checks that it stays in step.
cd "$SRC/initdb-conform"

module=github.com/tencentdb-kit/initdb-conform

# compile_native_go_fuzzer rewrites the target's file to use the helper's
# testing shim; the module must be able to resolve it (in this image only).
go get github.com/AdamKorcz/go-118-fuzz-build/testing

while read -r dir func name; do
	compile_native_go_fuzzer "$module/$dir" "$func" "$name"
done <<'TARGETS'
signer FuzzTC3SignVerify signer_tc3_sign_verify
signer FuzzV1SignVerify signer_v1_sign_verify
signer FuzzAuthorizationRoundTrip signer_authorization_round_trip
signer FuzzTC3FromRequest signer_tc3_from_request
rules FuzzAdminName rules_admin_name
rules FuzzAdminPassword rules_admin_password
rules FuzzCharset rules_charset
rules FuzzInstanceIDPattern rules_instance_id_pattern
rules FuzzInstanceIDSet rules_instance_id_set
rules FuzzCheckInit rules_check_init
wire FuzzDecodeJSON wire_decode_json
wire FuzzParseQuery wire_parse_query
wire FuzzUnflatten wire_unflatten
wire FuzzTreeRoundTrip wire_tree_round_trip
wire FuzzMediaType wire_media_type
emulator FuzzHandlerSigned emulator_handler_signed
emulator FuzzHandlerTamper emulator_handler_tamper
emulator FuzzHandlerRaw emulator_handler_raw
TARGETS

fuzz/seedcorpus.sh "$OUT"
