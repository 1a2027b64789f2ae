package codes_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/tencentdb-kit/initdb-conform/codes"
)

func TestMessages(t *testing.T) {
	for _, i := range codes.All() {
		assert.NotEmpty(t, i.En, i.Code)
		assert.NotEmpty(t, i.Zh, i.Code)
		assert.Equal(t, i.En, codes.Message(i.Code, "en-US"))
		assert.Equal(t, i.Zh, codes.Message(i.Code, "zh-CN"))
		assert.Equal(t, i.Zh, codes.Message(i.Code, ""), "COMMON-4: Chinese unless en-US")
	}
	assert.False(t, codes.Documented("Made.Up"))
	assert.NotEmpty(t, codes.Message("Made.Up", "en-US"))
	// The named constants are all documented codes.
	for _, c := range []string{codes.AuthSignatureFailure, codes.InstanceNotFound, codes.InstanceStatusLimit,
		codes.InvalidPasswordFormat, codes.RequestSizeLimitExceeded, codes.FailedOperationFlowCreateError} {
		assert.True(t, codes.Documented(c), c)
	}
}
