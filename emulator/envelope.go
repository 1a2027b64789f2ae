package emulator

import (
	"encoding/json"
	"net/http"

	"github.com/google/uuid"

	"github.com/tencentdb-kit/initdb-conform/codes"
)

// writeEnvelope writes {"Response": {...}} with a new RequestId (RESP-1..6)
// and returns the code answered ("" on success), for the log line.
func writeEnvelope(w http.ResponseWriter, result map[string]any, f *fail, language string) string {
	requestID := uuid.NewString()
	var body []byte
	var err error
	code := ""
	if f != nil {
		// A struct rather than nested maps: every error takes this path,
		// and it marshals several times faster.
		code = f.code
		var env errorEnvelope
		env.Response.Error.Code, env.Response.Error.Message = f.code, message(f, language)
		env.Response.RequestID = requestID
		body, err = json.Marshal(&env)
	} else {
		result["RequestId"] = requestID
		body, err = json.Marshal(map[string]any{"Response": result})
	}
	if err != nil {
		// Only our own values are marshalled; this cannot happen.
		panic(err)
	}
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("X-TC-RequestId", requestID)
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(body)
	return code
}

// errorEnvelope is the body of every error (RESP-2).
type errorEnvelope struct {
	Response struct {
		Error struct {
			Code    string `json:"Code"`
			Message string `json:"Message"`
		} `json:"Error"`
		RequestID string `json:"RequestId"`
	} `json:"Response"`
}

// message is the code's documented message in the caller's language, then
// the rule broken and why, so that a developer can find the contract line.
// It never holds a rejected value.
func message(f *fail, language string) string {
	m := codes.Message(f.code, language)
	if f.rule != "" {
		m += " [" + f.rule + "]"
	}
	if f.reason != "" {
		m += " " + f.reason
	}
	return m
}
