// Package codes holds the error codes that InitDBInstances and the Tencent
// Cloud API 3.0 common layer may return (CONTRACT §9), with an English and a
// Chinese message for each, so that the emulator answers in the caller's
// Language (COMMON-4) and the suite can tell documented codes from others
// (RESP-7).
//
// The three tables are kept apart because the contract treats them apart: the
// action table of the seed page, the four extra codes the official Go SDK
// lists for the action, and the common table of API 3.0.
package codes

import "sort"

// Table names where a code is documented.
const (
	TableAction = "action" // the seed page's error-code table
	TableSDK    = "sdk"    // extra codes listed by the official Go SDK for InitDBInstances
	TableCommon = "common" // Tencent Cloud API 3.0 common error codes
)

// Codes used by name in the emulator and the suite. Only the ones referenced
// from code are named; the full tables are below.
const (
	ActionOffline                  = "ActionOffline"
	AuthInvalidAuthorization       = "AuthFailure.InvalidAuthorization"
	AuthInvalidSecretID            = "AuthFailure.InvalidSecretId"
	AuthSecretIDNotFound           = "AuthFailure.SecretIdNotFound"
	AuthSignatureExpire            = "AuthFailure.SignatureExpire"
	AuthSignatureFailure           = "AuthFailure.SignatureFailure"
	AuthTokenFailure               = "AuthFailure.TokenFailure"
	AuthUnauthorizedOperation      = "AuthFailure.UnauthorizedOperation"
	InternalError                  = "InternalError"
	InternalSystemError            = "InternalError.SystemError"
	InvalidAction                  = "InvalidAction"
	InvalidParameter               = "InvalidParameter"
	InvalidParameterValue          = "InvalidParameterValue"
	InvalidParameterValueError     = "InvalidParameterValue.InvalidParameterValueError"
	InvalidAccountError            = "InvalidParameterValue.InvalidAccountError"
	InvalidPasswordLength          = "InvalidParameterValue.InvalidPasswordLengthError"
	InvalidPasswordValue           = "InvalidParameterValue.InvalidPasswordValueError"
	InvalidPasswordFormat          = "InvalidParameterValue.InvalidPasswordFormat"
	InvalidCharset                 = "InvalidParameterValue.InvalidCharset"
	InstanceNotExist               = "InvalidParameterValue.InstanceNotExist"
	InstanceNotFound               = "ResourceNotFound.InstanceNotFoundError"
	InstanceStatusLimit            = "OperationDenied.InstanceStatusLimitOpError"
	InvalidInstanceStatus          = "ResourceUnavailable.InvalidInstanceStatus"
	MissingParameter               = "MissingParameter"
	NoSuchVersion                  = "NoSuchVersion"
	RequestLimitExceeded           = "RequestLimitExceeded"
	RequestSizeLimitExceeded       = "RequestSizeLimitExceeded"
	UnknownParameter               = "UnknownParameter"
	UnsupportedProtocol            = "UnsupportedProtocol"
	UnsupportedRegion              = "UnsupportedRegion"
	FailedOperationFlowCreateError = "FailedOperation.FlowCreateError"
)

// Info is one documented code.
type Info struct {
	Code   string
	Tables []string // TableAction, TableSDK, TableCommon
	// ServerSide codes cannot be provoked by a well-formed request to a
	// healthy server; the emulator produces them only by fault injection.
	ServerSide bool
	En, Zh     string // default messages
}

// table is the single source of the documented codes. Messages of action
// codes are the seed page's descriptions.
var table = []Info{
	// The action table (seed page, §6).
	{"AuthFailure.UnauthorizedOperation", []string{TableAction, TableCommon}, true, "Authentication failed.", "请求未授权。"},
	{"FailedOperation.CamSigAndAuthError", []string{TableAction}, true, "Authentication failed. Please try again later. If the problem persists, please contact customer service.", "鉴权失败，请稍后重试。如果持续不成功，请联系客服进行处理。"},
	{"FailedOperation.DatabaseAccessError", []string{TableAction}, true, "Failed to access database management service. Please try again later. If the problem persists, please contact customer service.", "访问数据库管理服务失败，请稍后重试。如果持续不成功，请联系客服进行处理。"},
	{"FailedOperation.FailedOperationError", []string{TableAction}, true, "Operation failed. Please try again later.", "操作失败，请稍后重试。"},
	{"FailedOperation.FlowCreateError", []string{TableAction}, true, "Failed to create a task. Please try again later. If the problem persists, please contact customer service.", "创建流程失败，请稍后重试。如果持续不成功，请联系客服进行处理。"},
	{"InternalError.DBError", []string{TableAction}, true, "Backend database execution error.", "后台数据库执行错误。"},
	{"InternalError.SystemError", []string{TableAction}, true, "System error. When this error occurs, please contact customer service for assistance.", "系统错误。出现这种错误时，请联系客服支持。"},
	{"InvalidParameter", []string{TableAction, TableCommon}, false, "Parameter error.", "参数错误。"},
	{"InvalidParameter.ParameterCheckError", []string{TableAction}, false, "Failed to check the parameter.", "参数检查失败。"},
	{"InvalidParameterValue.CharsetNotFoundError", []string{TableAction}, false, "Incorrect database character set", "数据库字符集错误。"},
	{"InvalidParameterValue.InstanceNotExist", []string{TableAction}, false, "The current instance does not exist.", "当前实例不存在。"},
	{"InvalidParameterValue.InvalidAccountError", []string{TableAction}, false, "Invalid account. The account name is case-insensitive, must contain 1-16 characters comprised of letters, digits, underscores, and should neither be \"postgres\" nor start with a digit or \"pg_\".", "账户名称不合法：账户名不区分大小写，由1-16位字母、数字和下划线组成，不能为postgres，不能由数字和pg_开头。"},
	{"InvalidParameterValue.InvalidAccountFormat", []string{TableAction}, false, "Incorrect account format.", "账号格式错误。"},
	{"InvalidParameterValue.InvalidCharset", []string{TableAction}, false, "Incorrect database character set. Currently, only UTF8 and LATIN1 are supported.", "数据库字符集错误，当前只支持UTF8、LATIN1。"},
	{"InvalidParameterValue.InvalidParameterValueError", []string{TableAction}, false, "Incorrect parameter value", "参数值有误。"},
	{"InvalidParameterValue.InvalidPasswordFormat", []string{TableAction}, false, "Incorrect password format.", "密码格式错误。"},
	{"InvalidParameterValue.InvalidPasswordLengthError", []string{TableAction}, false, "Invalid password. The password length does not meet the requirements.", "密码不合法：密码长度不符合要求。"},
	{"InvalidParameterValue.InvalidPasswordValueError", []string{TableAction}, false, "Invalid password. The password must contain uppercase letters, lowercase letters, digits, and symbols (()`~!@#$%^&*-+=_|{}[]:;'<>,.?/), and cannot start with a slash (/).", "密码不合法：密码必须包含大写字母、小写字母、数字和符号（()`~!@#$%^&*-+=_|{}[]:;'<>,.?/），且不能以斜线（/）开头。"},
	{"InvalidParameterValue.ParameterCharacterLimitError", []string{TableAction}, false, "The parameter is invalid. Please modify it and try again.", "参数不合法，请修改后重试。"},
	{"InvalidParameterValue.ParameterCharacterPreLimitError", []string{TableAction}, false, "The parameter prefix is invalid. Please modify it and try again.", "参数前缀不合法，请修改后重试。"},
	{"InvalidParameterValue.ParameterHandleError", []string{TableAction}, false, "Failed to process the parameter. Please check if the parameter value is valid.", "参数处理失败，请检查参数值是否有效。"},
	{"OperationDenied.CamDeniedError", []string{TableAction}, true, "This operation cannot be performed.", "该操作不能执行。"},
	{"OperationDenied.InstanceAccessDeniedError", []string{TableAction}, true, "You do not have the permission to operate this resource.", "您没有操作此资源的权限。"},
	{"OperationDenied.InstanceStatusLimitOpError", []string{TableAction}, false, "This operation cannot be performed on an instance in this status.", "实例当前状态不允许该操作。"},
	{"ResourceNotFound.InstanceNotFoundError", []string{TableAction}, false, "The instance does not exist.", "实例不存在。"},
	{"ResourceUnavailable.InvalidInstanceStatus", []string{TableAction}, false, "Incorrect instance status.", "实例状态错误。"},

	// Extra codes the official Go SDK lists for the action.
	{"InternalError.InternalHttpServerError", []string{TableSDK}, true, "An exception occurred while executing the request.", "请求执行异常。"},
	{"InvalidParameterValue.DecryptPasswordFailed", []string{TableSDK}, true, "Failed to decrypt the password.", "解密密码失败。"},
	{"InvalidParameterValue.InvalidAccountNameError", []string{TableSDK}, false, "Invalid account name.", "账户名称不合法。"},
	{"InvalidParameterValue.InvalidAccountNameFormatError", []string{TableSDK}, false, "Incorrect account name format.", "账户名称格式错误。"},

	// Common codes of API 3.0.
	{"ActionOffline", []string{TableCommon}, true, "This API has been deprecated.", "接口已下线。"},
	{"AuthFailure.InvalidAuthorization", []string{TableCommon}, false, "The Authorization in the request header is invalid.", "请求头部的 Authorization 不符合腾讯云标准。"},
	{"AuthFailure.InvalidSecretId", []string{TableCommon}, false, "Invalid key (not a TencentCloud API key type).", "密钥非法（不是云 API 密钥类型）。"},
	{"AuthFailure.MFAFailure", []string{TableCommon}, true, "MFA failed.", "MFA 错误。"},
	{"AuthFailure.SecretIdNotFound", []string{TableCommon}, false, "The key does not exist.", "密钥不存在。"},
	{"AuthFailure.SignatureExpire", []string{TableCommon}, false, "Signature expired. The Timestamp and the server time differ by more than five minutes.", "签名过期。Timestamp 和服务器时间相差不得超过五分钟。"},
	{"AuthFailure.SignatureFailure", []string{TableCommon}, false, "Signature verification failed.", "签名错误。"},
	{"AuthFailure.TokenFailure", []string{TableCommon}, false, "Token error.", "token 错误。"},
	{"DryRunOperation", []string{TableCommon}, true, "DryRun operation: the request would have succeeded.", "DryRun 操作，代表请求将会是成功的，只是多传了 DryRun 参数。"},
	{"FailedOperation", []string{TableCommon}, true, "Operation failed.", "操作失败。"},
	{"InternalError", []string{TableCommon}, true, "Internal error.", "内部错误。"},
	{"InvalidAction", []string{TableCommon}, false, "The API does not exist.", "接口不存在。"},
	{"InvalidParameterValue", []string{TableCommon}, false, "Invalid parameter value.", "参数取值错误。"},
	{"InvalidRequest", []string{TableCommon}, true, "Invalid multipart request body.", "请求 body 的 multipart 格式错误。"},
	{"IpInBlacklist", []string{TableCommon}, true, "Your IP is in the uin IP blacklist.", "IP地址在黑名单中。"},
	{"IpNotInWhitelist", []string{TableCommon}, true, "Your IP is not in the uin IP whitelist.", "IP地址不在白名单中。"},
	{"LimitExceeded", []string{TableCommon}, true, "Quota limit exceeded.", "超过配额限制。"},
	{"MissingParameter", []string{TableCommon}, false, "A parameter is missing.", "缺少参数错误。"},
	{"NoSuchProduct", []string{TableCommon}, true, "The product does not exist.", "产品不存在。"},
	{"NoSuchVersion", []string{TableCommon}, false, "The API version does not exist.", "接口版本不存在。"},
	{"RequestLimitExceeded", []string{TableCommon}, false, "The number of requests exceeds the frequency limit.", "请求的次数超过了频率限制。"},
	{"RequestLimitExceeded.GlobalRegionUinLimitExceeded", []string{TableCommon}, true, "The account's global request frequency limit was exceeded.", "主账号超过频率限制。"},
	{"RequestLimitExceeded.IPLimitExceeded", []string{TableCommon}, true, "The IP's request frequency limit was exceeded.", "IP限频。"},
	{"RequestLimitExceeded.UinLimitExceeded", []string{TableCommon}, true, "The account's request frequency limit was exceeded.", "主账号限频。"},
	{"RequestSizeLimitExceeded", []string{TableCommon}, false, "The request size exceeds the upper limit.", "请求包超过限制大小。"},
	{"ResourceInUse", []string{TableCommon}, true, "The resource is in use.", "资源被占用。"},
	{"ResourceInsufficient", []string{TableCommon}, true, "Insufficient resources.", "资源不足。"},
	{"ResourceNotFound", []string{TableCommon}, true, "The resource does not exist.", "资源不存在。"},
	{"ResourceUnavailable", []string{TableCommon}, true, "The resource is unavailable.", "资源不可用。"},
	{"ResponseSizeLimitExceeded", []string{TableCommon}, true, "The response size exceeds the upper limit.", "返回包超过限制大小。"},
	{"ServiceUnavailable", []string{TableCommon}, true, "The service is unavailable now.", "当前服务暂时不可用。"},
	{"UnauthorizedOperation", []string{TableCommon}, true, "Unauthorized operation.", "未授权操作。"},
	{"UnknownParameter", []string{TableCommon}, false, "Unknown parameter.", "未知参数错误，用户多传未定义的参数会导致错误。"},
	{"UnsupportedOperation", []string{TableCommon}, true, "Unsupported operation.", "操作不支持。"},
	{"UnsupportedProtocol", []string{TableCommon}, false, "HTTP(S) request protocol error; only GET and POST requests are supported.", "HTTP(S)请求协议错误，只支持 GET 和 POST 请求。"},
	{"UnsupportedRegion", []string{TableCommon}, false, "The API does not support the requested region.", "接口不支持所传地域。"},
}

var byCode = func() map[string]*Info {
	m := make(map[string]*Info, len(table))
	for i := range table {
		m[table[i].Code] = &table[i]
	}
	return m
}()

// Lookup returns the documented code, if it is one.
func Lookup(code string) (Info, bool) {
	i, ok := byCode[code]
	if !ok {
		return Info{}, false
	}
	return *i, true
}

// Documented reports whether code appears in any of the three tables (RESP-7).
func Documented(code string) bool {
	_, ok := byCode[code]
	return ok
}

// All returns every documented code, sorted by code.
func All() []Info {
	out := make([]Info, len(table))
	copy(out, table)
	sort.Slice(out, func(i, j int) bool { return out[i].Code < out[j].Code })
	return out
}

// InTable returns the codes of one table, sorted.
func InTable(name string) []string {
	var out []string
	for _, i := range table {
		for _, t := range i.Tables {
			if t == name {
				out = append(out, i.Code)
			}
		}
	}
	sort.Strings(out)
	return out
}

// Message returns the default message of code in the language asked for:
// English for "en-US", Chinese otherwise (COMMON-4). An undocumented code
// gets a generic message.
func Message(code, language string) string {
	i, ok := byCode[code]
	if !ok {
		if language == "en-US" {
			return "An error occurred."
		}
		return "发生错误。"
	}
	if language == "en-US" {
		return i.En
	}
	return i.Zh
}
