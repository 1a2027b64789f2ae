package codes_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/tencentdb-kit/initdb-conform/codes"
)

// The tables are copied literally from CONTRACT §9 so that an edit of the
// code table that drops or invents a code fails here.
var (
	actionTable = []string{"AuthFailure.UnauthorizedOperation", "FailedOperation.CamSigAndAuthError",
		"FailedOperation.DatabaseAccessError", "FailedOperation.FailedOperationError",
		"FailedOperation.FlowCreateError", "InternalError.DBError", "InternalError.SystemError",
		"InvalidParameter", "InvalidParameter.ParameterCheckError",
		"InvalidParameterValue.CharsetNotFoundError", "InvalidParameterValue.InstanceNotExist",
		"InvalidParameterValue.InvalidAccountError", "InvalidParameterValue.InvalidAccountFormat",
		"InvalidParameterValue.InvalidCharset", "InvalidParameterValue.InvalidParameterValueError",
		"InvalidParameterValue.InvalidPasswordFormat", "InvalidParameterValue.InvalidPasswordLengthError",
		"InvalidParameterValue.InvalidPasswordValueError", "InvalidParameterValue.ParameterCharacterLimitError",
		"InvalidParameterValue.ParameterCharacterPreLimitError", "InvalidParameterValue.ParameterHandleError",
		"OperationDenied.CamDeniedError", "OperationDenied.InstanceAccessDeniedError",
		"OperationDenied.InstanceStatusLimitOpError", "ResourceNotFound.InstanceNotFoundError",
		"ResourceUnavailable.InvalidInstanceStatus"}
	sdkTable = []string{"InternalError.InternalHttpServerError", "InvalidParameterValue.DecryptPasswordFailed",
		"InvalidParameterValue.InvalidAccountNameError", "InvalidParameterValue.InvalidAccountNameFormatError"}
	commonTable = []string{"ActionOffline", "AuthFailure.InvalidAuthorization",
		"AuthFailure.InvalidSecretId", "AuthFailure.MFAFailure", "AuthFailure.SecretIdNotFound",
		"AuthFailure.SignatureExpire", "AuthFailure.SignatureFailure", "AuthFailure.TokenFailure",
		"AuthFailure.UnauthorizedOperation", "DryRunOperation", "FailedOperation", "InternalError",
		"InvalidAction", "InvalidParameter", "InvalidParameterValue", "InvalidRequest",
		"IpInBlacklist", "IpNotInWhitelist", "LimitExceeded", "MissingParameter", "NoSuchProduct",
		"NoSuchVersion", "RequestLimitExceeded", "RequestLimitExceeded.GlobalRegionUinLimitExceeded",
		"RequestLimitExceeded.IPLimitExceeded", "RequestLimitExceeded.UinLimitExceeded",
		"RequestSizeLimitExceeded", "ResourceInUse", "ResourceInsufficient", "ResourceNotFound",
		"ResourceUnavailable", "ResponseSizeLimitExceeded", "ServiceUnavailable",
		"UnauthorizedOperation", "UnknownParameter", "UnsupportedOperation", "UnsupportedProtocol",
		"UnsupportedRegion"}
)

func TestTablesMatchTheContract(t *testing.T) {
	assert.ElementsMatch(t, actionTable, codes.InTable(codes.TableAction))
	assert.ElementsMatch(t, sdkTable, codes.InTable(codes.TableSDK))
	assert.ElementsMatch(t, commonTable, codes.InTable(codes.TableCommon))
	assert.Len(t, codes.All(), len(actionTable)+len(sdkTable)+len(commonTable)-2, "two codes are in both the action and the common table")
}

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
