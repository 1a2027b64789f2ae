package emulator

import (
	"net/http"
	"slices"
	"strconv"

	"github.com/tencentdb-kit/initdb-conform/codes"
	"github.com/tencentdb-kit/initdb-conform/rules"
)

// initDBInstances serves InitDBInstances: rate limit (RATE-1), parameters
// (ORDER-1: before any instance is looked up), injected faults, then the
// instances (INST-1..INST-5).
func (e *Emulator) initDBInstances(r *http.Request, c *call, p rules.Params) (map[string]any, *fail) {
	if !e.limiter.allow(c.account, e.now()) {
		return nil, failCode(codes.RequestLimitExceeded, "RATE-1", "too many InitDBInstances requests in one second")
	}
	req, v := rules.CheckInit(p)
	if v != nil {
		return nil, failRule(v)
	}
	if f := e.injected(r, c.action, req.InstanceIDs); f != nil {
		return nil, f
	}
	if code := e.store.initialize(c.account, c.region, req.InstanceIDs, req.AdminName, req.Charset); code != "" {
		rule := "INST-1"
		if code == codes.InstanceStatusLimit {
			rule = "INST-2"
		}
		return nil, failCode(code, rule, "")
	}
	return map[string]any{"DBInstanceIdSet": req.InstanceIDs}, nil
}

// injected returns the fault configured for this request, if any.
func (e *Emulator) injected(r *http.Request, action string, ids []string) *fail {
	code := e.headerFault(r)
	if code == "" {
		code = e.fault(action, ids)
	}
	if code == "" {
		return nil
	}
	return failCode(code, "", "injected fault")
}

// createDBInstances serves CreateDBInstances (§8): instances in status init.
func (e *Emulator) createDBInstances(r *http.Request, c *call, p rules.Params) (map[string]any, *fail) {
	b, v := rules.Bind(p, rules.CreateParams)
	if v != nil {
		return nil, failRule(v)
	}
	count := b["InstanceCount"].(uint64)
	if v := rules.CheckInstanceCount(count); v != nil {
		return nil, failRule(v)
	}
	if f := e.injected(r, c.action, nil); f != nil {
		return nil, f
	}
	tmpl := Instance{
		Account:    c.account,
		Region:     c.region,
		Zone:       b["Zone"].(string),
		SpecCode:   b["SpecCode"].(string),
		Storage:    b["Storage"].(uint64),
		DBVersion:  stringOr(b, "DBVersion", "10.4"),
		Name:       stringOr(b, "Name", ""),
		VpcID:      stringOr(b, "VpcId", ""),
		SubnetID:   stringOr(b, "SubnetId", ""),
		CreateTime: e.now().UTC(),
	}
	if pid, ok := b["ProjectId"].(int64); ok {
		tmpl.ProjectID = pid
	}
	ids := e.store.create(tmpl, int(count))
	deal := "deal-" + strconv.FormatInt(e.now().UnixNano(), 36)
	return map[string]any{
		"DealNames":       []string{deal},
		"BillId":          "bill-" + ids[0],
		"DBInstanceIdSet": ids,
	}, nil
}

func stringOr(b map[string]any, name, def string) string {
	if s, ok := b[name].(string); ok && s != "" {
		return s
	}
	return def
}

// describeDBInstances serves DescribeDBInstances (§8): the caller's
// instances in the request's region, filtered and paged.
func (e *Emulator) describeDBInstances(r *http.Request, c *call, p rules.Params) (map[string]any, *fail) {
	b, v := rules.Bind(p, rules.DescribeParams)
	if v != nil {
		return nil, failRule(v)
	}
	badValue := func(param, reason string) *fail {
		return failCode(codes.InvalidParameterValueError, "§8", param+": "+reason)
	}
	var filters []map[string]any
	if fs, ok := b["Filters"].([]map[string]any); ok {
		filters = fs
	}
	for _, f := range filters {
		if !slices.Contains(rules.DescribeFilters(), f["Name"].(string)) {
			return nil, badValue("Filters", "the filter name must be db-instance-id or db-instance-status")
		}
	}
	limit, offset := uint64(rules.DefaultLimit), uint64(0)
	if l, ok := b["Limit"].(uint64); ok {
		limit = l
	}
	if o, ok := b["Offset"].(uint64); ok {
		offset = o
	}
	if limit < 1 || limit > rules.MaxLimit {
		return nil, badValue("Limit", "Limit must be 1 to 100")
	}
	if f := e.injected(r, c.action, nil); f != nil {
		return nil, f
	}
	all := e.store.list(c.account, c.region, func(inst *Instance) bool {
		for _, f := range filters {
			values := f["Values"].([]string)
			var field string
			if f["Name"] == "db-instance-id" {
				field = inst.ID
			} else {
				field = inst.Status
			}
			if !slices.Contains(values, field) {
				return false
			}
		}
		return true
	})
	set := []map[string]any{}
	for i := offset; i < uint64(len(all)) && i < offset+limit; i++ {
		inst := all[i]
		set = append(set, map[string]any{
			"DBInstanceId":      inst.ID,
			"DBInstanceName":    inst.Name,
			"DBInstanceStatus":  inst.Status,
			"Region":            inst.Region,
			"Zone":              inst.Zone,
			"ProjectId":         inst.ProjectID,
			"VpcId":             inst.VpcID,
			"SubnetId":          inst.SubnetID,
			"DBCharset":         inst.Charset,
			"DBVersion":         inst.DBVersion,
			"DBInstanceClass":   inst.SpecCode,
			"DBInstanceStorage": inst.Storage,
			"CreateTime":        inst.CreateTime.Format("2006-01-02 15:04:05"),
		})
	}
	return map[string]any{"TotalCount": len(all), "DBInstanceSet": set}, nil
}
