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
	var resp map[string]any
	code := ""
	if f != nil {
		code = f.code
		resp = map[string]any{
			"Error":     map[string]string{"Code": f.code, "Message": message(f, language)},
			"RequestId": requestID,
		}
	} else {
		resp = result
		resp["RequestId"] = requestID
	}
	body, err := json.Marshal(map[string]any{"Response": resp})
	if err != nil {
		// Only our own maps are marshalled; this cannot happen.
		panic(err)
	}
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("X-TC-RequestId", requestID)
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(body)
	return code
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
