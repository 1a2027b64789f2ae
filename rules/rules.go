package rules

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/tencentdb-kit/initdb-conform/codes"
)

// Violation is a broken rule: the rule id of CONTRACT.md, the code the
// emulator answers with, and a reason that never repeats the rejected value
// (it may be a password).
type Violation struct {
	Rule   string // e.g. "PARAM-NAME-1"
	Code   string // the preferred (SHOULD) code
	Param  string // the parameter concerned, if any
	Reason string // English, value-free
}

func (v *Violation) Error() string {
	if v.Param != "" {
		return fmt.Sprintf("%s: %s: %s (%s)", v.Rule, v.Param, v.Reason, v.Code)
	}
	return fmt.Sprintf("%s: %s (%s)", v.Rule, v.Reason, v.Code)
}

func violation(rule, code, param, reason string) *Violation {
	return &Violation{Rule: rule, Code: code, Param: param, Reason: reason}
}

// Fixed values of the contract.
const (
	Service = "postgres" // TRANS-1
	Version = "2017-03-12"

	ActionInit     = "InitDBInstances"
	ActionCreate   = "CreateDBInstances"
	ActionDescribe = "DescribeDBInstances"

	MaxGetTarget = 32 << 10 // TRANS-5: GET request target (path and query)
	MaxV1Body    = 1 << 20  // TRANS-5: v1 POST body
	MaxTC3Body   = 10 << 20 // TRANS-5: TC3 POST body

	TimestampWindow = 300 * time.Second // AUTH-4

	DefaultRateLimit = 20 // RATE-1, requests a second per account

	MaxInstanceIDs  = 100 // PARAM-IDS-1 [decided]
	InstanceIDRegex = `^postgres-[a-z0-9]{8}$`

	AdminNameMin = 1
	AdminNameMax = 16
	PasswordMin  = 8
	PasswordMax  = 32
	// PasswordSymbols are the symbols PARAM-PWD-2 allows (and requires one of).
	PasswordSymbols = "()`~!@#$%^&*-+=_|{}[]:;'<>,.?/"
)

// Regions where PostgreSQL is offered (COMMON-3).
var regions = []string{
	"ap-bangkok", "ap-beijing", "ap-chengdu", "ap-chongqing", "ap-guangzhou",
	"ap-hongkong", "ap-jakarta", "ap-nanjing", "ap-seoul", "ap-shanghai",
	"ap-shanghai-fsi", "ap-shenzhen-fsi", "ap-singapore", "ap-tokyo",
	"eu-frankfurt", "na-ashburn", "na-siliconvalley", "sa-saopaulo",
}

// Regions returns the PostgreSQL regions, sorted.
func Regions() []string { return slices.Clone(regions) }

// Charsets returns the values PARAM-CHARSET-1 allows.
func Charsets() []string { return []string{"UTF8", "LATIN1"} }

// Languages returns the values COMMON-4 allows ("" is allowed as well).
func Languages() []string { return []string{"zh-CN", "en-US"} }

// Actions returns the actions the emulator serves (COMMON-1, §8).
func Actions() []string { return []string{ActionCreate, ActionDescribe, ActionInit} }

// CheckAction applies COMMON-1. Action names are case-sensitive.
func CheckAction(action string) *Violation {
	if action == "" {
		return violation("COMMON-1", codes.MissingParameter, "Action", "the Action parameter is missing")
	}
	if !slices.Contains(Actions(), action) {
		return violation("COMMON-1", codes.InvalidAction, "Action", "the action does not exist")
	}
	return nil
}

// CheckVersion applies COMMON-2.
func CheckVersion(version string) *Violation {
	if version == "" {
		return violation("COMMON-2", codes.MissingParameter, "Version", "the Version parameter is missing")
	}
	if version != Version {
		return violation("COMMON-2", codes.NoSuchVersion, "Version", "the version does not exist; it must be "+Version)
	}
	return nil
}

// CheckRegion applies COMMON-3.
func CheckRegion(region string) *Violation {
	if region == "" {
		return violation("COMMON-3", codes.MissingParameter, "Region", "the Region parameter is missing")
	}
	if !slices.Contains(regions, region) {
		return violation("COMMON-3", codes.UnsupportedRegion, "Region", "the region is not one where PostgreSQL is offered")
	}
	return nil
}

// CheckLanguage applies COMMON-4: zh-CN, en-US or empty.
func CheckLanguage(lang string) *Violation {
	if lang == "" || slices.Contains(Languages(), lang) {
		return nil
	}
	return violation("COMMON-4", codes.InvalidParameterValue, "Language", "Language must be zh-CN or en-US")
}

// CheckInstanceIDs applies PARAM-IDS-1 (count, as sent) and PARAM-IDS-2
// (form) to a DBInstanceIdSet, and returns the ids with duplicates removed in
// first-seen order (PARAM-IDS-3).
func CheckInstanceIDs(ids []string) ([]string, *Violation) {
	if len(ids) == 0 {
		return nil, violation("PARAM-IDS-1", codes.InvalidParameterValueError, "DBInstanceIdSet", "DBInstanceIdSet must hold at least one id")
	}
	if len(ids) > MaxInstanceIDs {
		return nil, violation("PARAM-IDS-1", codes.InvalidParameterValueError, "DBInstanceIdSet", fmt.Sprintf("DBInstanceIdSet holds more than %d ids", MaxInstanceIDs))
	}
	seen := make(map[string]struct{}, len(ids))
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		if !InstanceIDWellFormed(id) {
			return nil, violation("PARAM-IDS-2", codes.InstanceNotFound, "DBInstanceIdSet", "an instance id is not of the form postgres-xxxxxxxx and cannot exist")
		}
		if _, dup := seen[id]; dup {
			continue
		}
		seen[id] = struct{}{}
		out = append(out, id)
	}
	return out, nil
}

// InstanceIDWellFormed reports whether id is "postgres-" and 8 characters of
// [a-z0-9] (PARAM-IDS-2); it agrees with InstanceIDRegex.
func InstanceIDWellFormed(id string) bool {
	rest, ok := strings.CutPrefix(id, "postgres-")
	if !ok || len(rest) != 8 {
		return false
	}
	for i := 0; i < len(rest); i++ {
		c := rest[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

// CheckAdminName applies PARAM-NAME-1: 1 to 16 letters, digits and '_', not
// "postgres", not beginning with a digit or "pg_", case-insensitively. Names
// beginning with "tencentdb_" are also refused: later documents reserve them
// and the contract lets a target answer either way.
func CheckAdminName(name string) *Violation {
	bad := func(reason string) *Violation {
		return violation("PARAM-NAME-1", codes.InvalidAccountError, "AdminName", reason)
	}
	n := utf8.RuneCountInString(name)
	if n < AdminNameMin || n > AdminNameMax {
		return bad("AdminName must be 1 to 16 characters")
	}
	for _, r := range name {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_') {
			return bad("AdminName may hold only letters, digits and underscores")
		}
	}
	lower := strings.ToLower(name)
	switch {
	case name[0] >= '0' && name[0] <= '9':
		return bad("AdminName must not begin with a digit")
	case lower == "postgres":
		return bad("AdminName must not be postgres")
	case strings.HasPrefix(lower, "pg_"):
		return bad("AdminName must not begin with pg_")
	case strings.HasPrefix(lower, "tencentdb_"):
		return bad("AdminName must not begin with tencentdb_")
	}
	return nil
}

// PasswordClass tells which of the four classes of PARAM-PWD-2 r belongs to,
// or 0 when it is in none (PARAM-PWD-3).
func PasswordClass(r rune) byte {
	switch {
	case r >= 'a' && r <= 'z':
		return 'l'
	case r >= 'A' && r <= 'Z':
		return 'u'
	case r >= '0' && r <= '9':
		return 'd'
	case r < utf8.RuneSelf && strings.ContainsRune(PasswordSymbols, r):
		return 's'
	}
	return 0
}

// CheckAdminPassword applies PARAM-PWD-1 (8 to 32 characters), then
// PARAM-PWD-3 (only the four classes), then PARAM-PWD-2 (one of each class,
// no leading '/'). The order matters only when two are broken at once; the
// format check comes first because a character outside the classes makes the
// class count meaningless.
func CheckAdminPassword(pwd string) *Violation {
	n := utf8.RuneCountInString(pwd)
	if n < PasswordMin || n > PasswordMax {
		return violation("PARAM-PWD-1", codes.InvalidPasswordLength, "AdminPassword", "AdminPassword must be 8 to 32 characters")
	}
	var lower, upper, digit, symbol bool
	for _, r := range pwd {
		switch PasswordClass(r) {
		case 'l':
			lower = true
		case 'u':
			upper = true
		case 'd':
			digit = true
		case 's':
			symbol = true
		default:
			return violation("PARAM-PWD-3", codes.InvalidPasswordFormat, "AdminPassword", "AdminPassword holds a character outside letters, digits and the allowed symbols")
		}
	}
	if pwd[0] == '/' {
		return violation("PARAM-PWD-2", codes.InvalidPasswordValue, "AdminPassword", "AdminPassword must not begin with /")
	}
	if !(lower && upper && digit && symbol) {
		return violation("PARAM-PWD-2", codes.InvalidPasswordValue, "AdminPassword", "AdminPassword must hold a lower-case letter, an upper-case letter, a digit and a symbol")
	}
	return nil
}

// CheckCharset applies PARAM-CHARSET-1 and -2: exactly UTF8 or LATIN1, case
// included.
func CheckCharset(cs string) *Violation {
	if slices.Contains(Charsets(), cs) {
		return nil
	}
	rule := "PARAM-CHARSET-1"
	if slices.Contains(Charsets(), strings.ToUpper(cs)) {
		rule = "PARAM-CHARSET-2"
	}
	return violation(rule, codes.InvalidCharset, "Charset", "Charset must be UTF8 or LATIN1")
}
