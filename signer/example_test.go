package signer_test

import (
	"bytes"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/tencentdb-kit/initdb-conform/signer"
)

// A client signs a request; a server verifies it in the order of AUTH-7.
func Example() {
	cred := signer.Credential{SecretID: "AKIDEXAMPLE", SecretKey: "secret"}
	body := []byte(`{"DBInstanceIdSet":["postgres-6fego161"],"AdminName":"dbadmin","AdminPassword":"A8b!C2d#E4f&","Charset":"UTF8"}`)
	req, _ := http.NewRequest("POST", "http://127.0.0.1:9000/", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-TC-Action", "InitDBInstances")
	signer.SignRequestTC3(req, body, cred, "postgres", time.Unix(1772409570, 0), "x-tc-action")
	fmt.Println(req.Header.Get("Authorization"))

	// Server side: r is the request as received, body as read.
	r := req
	a, err := signer.ParseAuthorization(r.Header.Get("Authorization"))
	if err != nil {
		fmt.Println("AuthFailure.InvalidAuthorization")
		return
	}
	// Look up a.SecretID, check X-TC-Token and the ±300 s window here.
	ts, _ := strconv.ParseInt(r.Header.Get("X-TC-Timestamp"), 10, 64)
	in := signer.TC3InputFromRequest(r, body, a.SignedHeaders, "postgres", ts)
	fmt.Println(signer.VerifyTC3(a, cred.SecretKey, in))
	// Output:
	// TC3-HMAC-SHA256 Credential=AKIDEXAMPLE/2026-03-01/postgres/tc3_request, SignedHeaders=content-type;host;x-tc-action, Signature=40164ffbf0a8e9cb2135333575f579c68ed9b83e413d9ce641623cbdcaf5dcea
	// <nil>
}
