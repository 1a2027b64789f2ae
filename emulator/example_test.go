package emulator_test

import (
	"fmt"

	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"
	sdkerrors "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/errors"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/profile"
	postgres "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/postgres/v20170312"

	"github.com/tencentdb-kit/initdb-conform/emulator"
)

// The emulator starts in one line; the official SDK talks to it once its
// endpoint and scheme point there.
func ExampleStart() {
	srv := emulator.Start()
	defer srv.Close()
	ids := srv.CreateInstances(emulator.DefaultSecretID, "ap-guangzhou", 1)

	cpf := profile.NewClientProfile()
	cpf.HttpProfile.Endpoint = srv.Endpoint
	cpf.HttpProfile.Scheme = "HTTP"
	c, _ := postgres.NewClient(common.NewCredential(emulator.DefaultSecretID, emulator.DefaultSecretKey), "ap-guangzhou", cpf)

	req := postgres.NewInitDBInstancesRequest()
	req.DBInstanceIdSet = common.StringPtrs(ids)
	req.AdminName = common.StringPtr("dbadmin")
	req.AdminPassword = common.StringPtr("A8b!C2d#E4f&")
	req.Charset = common.StringPtr("UTF8")
	resp, err := c.InitDBInstances(req)
	fmt.Println(err == nil && *resp.Response.DBInstanceIdSet[0] == ids[0])

	_, err = c.InitDBInstances(req) // a second time
	if e, ok := err.(*sdkerrors.TencentCloudSDKError); ok {
		fmt.Println(e.GetCode())
	}
	// Output:
	// true
	// OperationDenied.InstanceStatusLimitOpError
}
