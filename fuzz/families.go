package fuzz

import "strings"

// InFamily reports whether code is one of the accepted codes: an entry
// "X.*" accepts X and any code beginning "X.", "X*" any code beginning X,
// and any other entry itself.
func InFamily(code string, accepted ...string) bool {
	for _, a := range accepted {
		switch {
		case strings.HasSuffix(a, ".*"):
			base := strings.TrimSuffix(a, ".*")
			if code == base || strings.HasPrefix(code, base+".") {
				return true
			}
		case strings.HasSuffix(a, "*"):
			if strings.HasPrefix(code, strings.TrimSuffix(a, "*")) {
				return true
			}
		case code == a:
			return true
		}
	}
	return false
}
