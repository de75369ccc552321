// Package acctest is the kit that the tests of several packages share: a
// mock OVHcloud API started per test behind httptest, with its orphan guard
// and seeding helpers; the provider served in-process to
// terraform-plugin-testing, and the configurations that point it at a mock;
// the runners of the Terraform and OpenTofu CLIs that the end-to-end tests
// drive, with the provider build they install; the states the official OVH
// provider writes; the routes of the request log; and the patterns that
// match CLI output.
//
// Only test files import it: it is no part of the provider. A helper that
// one test file uses stays in that file, and one that several test files of
// a package use goes in that package's testhelpers_test.go.
//
// Protocol-level tests, those that send the provider's server tfprotov6
// requests as a CLI would (list resources, actions, identities), use
// ProtoServer: it serves the provider as ProtoV6ProviderFactories does,
// fetches its schemas, configures it for a mock, and encodes and decodes
// the values of those requests. A test file keeps only what is its own
// (running a list, invoking an action) as functions of a *ProtoServer.
package acctest
