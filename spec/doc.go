// Package spec holds the OpenAPI 3.0.3 description of the TencentDB for
// PostgreSQL action InitDBInstances (API 3.0, version 2017-03-12) and typed
// access to the contract data attached to it: the rules of CONTRACT.md
// (x-tc-rules), the documented error codes (x-tc-error-codes) and the
// request and response schemas of every action the emulator serves.
//
// Tencent Cloud API 3.0 serves every action at the one path "/", told apart
// by the X-TC-Action header or the Action parameter, while OpenAPI allows one
// operation per method and path and forbids a query or fragment in a path.
// So the document's path "/" has a "post" operation (TC3 JSON and v1 form
// bodies, told apart by media type) and a "get" operation (TC3 and v1 query
// strings), both for InitDBInstances. The helper actions CreateDBInstances
// and DescribeDBInstances exist only as components/schemas, listed by the
// top-level extension x-tc-actions, which Actions reads.
//
// The document is embedded, loaded and validated once, and shared: callers
// must treat the *openapi3.T that Load returns, and every schema reached from
// it, as read-only.
package spec
