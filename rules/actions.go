package rules

import "github.com/tencentdb-kit/initdb-conform/codes"

// The helper actions of CONTRACT §8. Their parameter lists are those of the
// official Go SDK (postgres v20170312, v1.0.1000), so that any request the
// SDK can build is accepted; the emulator checks their types and
// InstanceCount and accepts any spec or zone.

// CreateParams are the parameters of CreateDBInstances.
var CreateParams = []Param{
	{Name: "SpecCode", Kind: KindString, Required: true},
	{Name: "Storage", Kind: KindUint, Required: true},
	{Name: "InstanceCount", Kind: KindUint, Required: true},
	{Name: "Period", Kind: KindUint, Required: true},
	{Name: "Zone", Kind: KindString, Required: true},
	{Name: "ProjectId", Kind: KindInt},
	{Name: "DBVersion", Kind: KindString},
	{Name: "InstanceChargeType", Kind: KindString},
	{Name: "AutoVoucher", Kind: KindUint},
	{Name: "VoucherIds", Kind: KindStringArray},
	{Name: "VpcId", Kind: KindString},
	{Name: "SubnetId", Kind: KindString},
	{Name: "AutoRenewFlag", Kind: KindInt},
	{Name: "ActivityId", Kind: KindInt},
	{Name: "Name", Kind: KindString},
	{Name: "NeedSupportIpv6", Kind: KindUint},
	{Name: "TagList", Kind: KindObjectArray, Fields: []Param{
		{Name: "TagKey", Kind: KindString, Required: true},
		{Name: "TagValue", Kind: KindString, Required: true},
	}},
	{Name: "SecurityGroupIds", Kind: KindStringArray},
	{Name: "DBMajorVersion", Kind: KindString},
	{Name: "DBKernelVersion", Kind: KindString},
}

// DescribeParams are the parameters of DescribeDBInstances.
var DescribeParams = []Param{
	{Name: "Filters", Kind: KindObjectArray, Fields: []Param{
		{Name: "Name", Kind: KindString, Required: true},
		{Name: "Values", Kind: KindStringArray, Required: true},
	}},
	{Name: "Limit", Kind: KindUint},
	{Name: "Offset", Kind: KindUint},
	{Name: "OrderBy", Kind: KindString},
	{Name: "OrderByType", Kind: KindString},
}

// Limits of the helper actions.
const (
	MaxInstanceCount = 100 // CreateDBInstances.InstanceCount, 1 to 100
	DefaultLimit     = 10  // DescribeDBInstances.Limit
	MaxLimit         = 100
)

// DescribeFilters are the filter names DescribeDBInstances understands.
func DescribeFilters() []string { return []string{"db-instance-id", "db-instance-status"} }

// CheckInstanceCount applies the 1–100 range of CreateDBInstances.InstanceCount.
func CheckInstanceCount(n uint64) *Violation {
	if n < 1 || n > MaxInstanceCount {
		return violation("§8", codes.InvalidParameterValueError, "InstanceCount", "InstanceCount must be 1 to 100")
	}
	return nil
}
