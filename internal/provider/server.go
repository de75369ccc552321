package provider

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"sync/atomic"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/mkscloud/terraform-provider-ovh/internal/kube"
)

// NewServer returns the constructor of the provider's protocol 6 server for
// tf6server.Serve: the framework's server, each of whose requests runs with a
// context that lets go of its values once the request has returned.
//
// The framework keeps the cancel function of every request's context until
// the provider is stopped (proto6server.Server.registerContext), and with it
// the context and everything it holds: the SDK's loggers and their fields,
// some 30 KB a request. A plan of 500 clusters made about 1,000 requests, whose
// contexts stayed in memory until the end; now the framework keeps a few
// hundred bytes a request.
//
// Its refreshes of clusters go through a kube.ClusterRefresher first.
func NewServer(version string) func() tfprotov6.ProviderServer {
	return NewServerWithOptions(version, kube.DefaultOptions())
}

// NewServerWithOptions is NewServer with the waits and retries of the
// resources tuned, as tests against the mock API do.
func NewServerWithOptions(version string, opts kube.Options) func() tfprotov6.ProviderServer {
	return func() tfprotov6.ProviderServer {
		p := &ovhProvider{version: version, kubeOptions: opts}
		s := wrapServer(providerserver.NewProtocol6(p)())
		if rs, ok := s.(*releasingServer); ok {
			rs.provider, rs.refresher, rs.planner, rs.check = p, &kube.ClusterRefresher{}, &kube.ClusterPlanner{}, opts.CheckShortcuts
		}
		return s
	}
}

// frameworkServer is what the framework's server implements: tf6server finds
// the RPCs of list resources, actions and state stores by type assertion.
type frameworkServer interface {
	tfprotov6.ProviderServer
	tfprotov6.ListResourceServer
	tfprotov6.ActionServer
	tfprotov6.StateStoreServer
}

// releasingServer hands every unary request a requestContext, released when
// the request returns. The streaming RPCs (list resources, actions, state
// bytes), whose contexts outlive the call, are passed through; this provider
// has none of those.
type releasingServer struct {
	frameworkServer
	shapes    stateShapes // see upgrade.go
	provider  *ovhProvider
	refresher *kube.ClusterRefresher
	planner   *kube.ClusterPlanner
	check     bool // kube.Options.CheckShortcuts
}

// wrapServer returns s itself when it is not the framework's server.
func wrapServer(s tfprotov6.ProviderServer) tfprotov6.ProviderServer {
	if fs, ok := s.(frameworkServer); ok {
		return &releasingServer{frameworkServer: fs}
	}
	return s
}

// requestContext is a request's context until release, then a canceled
// context without values: what the framework keeps of it is this struct and
// a pointer to a context shared by all the released ones.
type requestContext struct {
	ctx atomic.Pointer[context.Context]
}

// released is what a requestContext becomes: the request is over, as the
// gRPC server's own context says right after.
var released = func() *context.Context {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	return &ctx
}()

func newRequestContext(ctx context.Context) *requestContext {
	rc := &requestContext{}
	rc.ctx.Store(&ctx)
	return rc
}

func (c *requestContext) release() { c.ctx.Store(released) }

func (c *requestContext) current() context.Context { return *c.ctx.Load() }

func (c *requestContext) Deadline() (time.Time, bool) { return c.current().Deadline() }

func (c *requestContext) Done() <-chan struct{} { return c.current().Done() }

func (c *requestContext) Err() error { return c.current().Err() }

// Value also answers the context package's own lookups, so that a context
// derived from this one is canceled with the request's, without a goroutine.
func (c *requestContext) Value(key any) any { return c.current().Value(key) }

func handle[Req, Resp any](ctx context.Context, req Req, h func(context.Context, Req) (Resp, error)) (Resp, error) {
	rc := newRequestContext(ctx)
	defer rc.release()
	return h(rc, req)
}

func (s *releasingServer) GetMetadata(ctx context.Context, req *tfprotov6.GetMetadataRequest) (*tfprotov6.GetMetadataResponse, error) {
	return handle(ctx, req, s.frameworkServer.GetMetadata)
}

func (s *releasingServer) GetProviderSchema(ctx context.Context, req *tfprotov6.GetProviderSchemaRequest) (*tfprotov6.GetProviderSchemaResponse, error) {
	return handle(ctx, req, s.frameworkServer.GetProviderSchema)
}

func (s *releasingServer) GetResourceIdentitySchemas(ctx context.Context, req *tfprotov6.GetResourceIdentitySchemasRequest) (*tfprotov6.GetResourceIdentitySchemasResponse, error) {
	return handle(ctx, req, s.frameworkServer.GetResourceIdentitySchemas)
}

func (s *releasingServer) ValidateProviderConfig(ctx context.Context, req *tfprotov6.ValidateProviderConfigRequest) (*tfprotov6.ValidateProviderConfigResponse, error) {
	return handle(ctx, req, s.frameworkServer.ValidateProviderConfig)
}

func (s *releasingServer) ConfigureProvider(ctx context.Context, req *tfprotov6.ConfigureProviderRequest) (*tfprotov6.ConfigureProviderResponse, error) {
	return handle(ctx, req, s.frameworkServer.ConfigureProvider)
}

func (s *releasingServer) ValidateResourceConfig(ctx context.Context, req *tfprotov6.ValidateResourceConfigRequest) (*tfprotov6.ValidateResourceConfigResponse, error) {
	return handle(ctx, req, s.frameworkServer.ValidateResourceConfig)
}

func (s *releasingServer) UpgradeResourceState(ctx context.Context, req *tfprotov6.UpgradeResourceStateRequest) (*tfprotov6.UpgradeResourceStateResponse, error) {
	return handle(ctx, req, func(ctx context.Context, req *tfprotov6.UpgradeResourceStateRequest) (*tfprotov6.UpgradeResourceStateResponse, error) {
		if resp, ok := s.shapes.passthroughState(ctx, s.frameworkServer, req); ok {
			return resp, nil
		}
		return s.frameworkServer.UpgradeResourceState(ctx, req)
	})
}

func (s *releasingServer) ReadResource(ctx context.Context, req *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, error) {
	return handle(ctx, req, func(ctx context.Context, req *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, error) {
		if s.refresher != nil && s.provider != nil {
			if data := s.provider.data.Load(); data != nil {
				var resp *tfprotov6.ReadResourceResponse
				if resp, ctx = s.refresher.Refresh(ctx, data, req); resp != nil {
					if !s.check {
						return resp, nil
					}
					// The framework's Read uses the API's answer the
					// refresher got: no second GET.
					want, err := s.frameworkServer.ReadResource(ctx, req)
					if err == nil && len(want.Diagnostics) == 0 {
						diff := shortcutDiff(resp.NewState, want.NewState, resp.Private, want.Private)
						if diff == "" {
							diff = identityDiff(resp.NewIdentity, want.NewIdentity)
						}
						if diff != "" {
							want.Diagnostics = append(want.Diagnostics, shortcutError("ReadResource", diff))
						}
					}
					return want, err
				}
			}
		}
		return s.frameworkServer.ReadResource(ctx, req)
	})
}

func (s *releasingServer) PlanResourceChange(ctx context.Context, req *tfprotov6.PlanResourceChangeRequest) (*tfprotov6.PlanResourceChangeResponse, error) {
	return handle(ctx, req, func(ctx context.Context, req *tfprotov6.PlanResourceChangeRequest) (*tfprotov6.PlanResourceChangeResponse, error) {
		if s.planner != nil {
			if resp := s.planner.Plan(ctx, req); resp != nil {
				if !s.check {
					return resp, nil
				}
				want, err := s.frameworkServer.PlanResourceChange(ctx, req)
				if err == nil && len(want.Diagnostics) == 0 {
					diff := shortcutDiff(resp.PlannedState, want.PlannedState, resp.PlannedPrivate, want.PlannedPrivate)
					if diff == "" {
						diff = identityDiff(resp.PlannedIdentity, want.PlannedIdentity)
					}
					if diff == "" && len(want.RequiresReplace) > 0 {
						diff = fmt.Sprintf("the framework replaces the cluster for %v", want.RequiresReplace)
					}
					if diff != "" {
						want.Diagnostics = append(want.Diagnostics, shortcutError("PlanResourceChange", diff))
					}
				} else if err == nil {
					want.Diagnostics = append(want.Diagnostics, shortcutError("PlanResourceChange", "the framework's answer has diagnostics"))
				}
				return want, err
			}
		}
		return s.frameworkServer.PlanResourceChange(ctx, req)
	})
}

// shortcutDiff describes how a shortcut's answer (state and private state)
// differs from the framework's; "" when it does not.
func shortcutDiff(got, want *tfprotov6.DynamicValue, gotPrivate, wantPrivate []byte) string {
	typ := kube.ClusterStateType()
	g, err := got.Unmarshal(typ)
	if err != nil {
		return "the shortcut's state: " + err.Error()
	}
	w, err := want.Unmarshal(typ)
	if err != nil {
		return "the framework's state: " + err.Error()
	}
	if !g.Equal(w) {
		diffs, _ := g.Diff(w)
		return fmt.Sprintf("states differ: %v", diffs)
	}
	if !samePrivate(gotPrivate, wantPrivate) {
		return fmt.Sprintf("private states differ: %q, the framework's %q", gotPrivate, wantPrivate)
	}
	return ""
}

// identityDiff describes how a shortcut's identity differs from the
// framework's; "" when it does not. An identity left out and a null one
// are told apart, although the CLIs read both as none.
func identityDiff(got, want *tfprotov6.ResourceIdentityData) string {
	present := func(id *tfprotov6.ResourceIdentityData) bool { return id != nil && id.IdentityData != nil }
	switch {
	case !present(got) && !present(want):
		return ""
	case !present(got) || !present(want):
		return fmt.Sprintf("identities differ: the shortcut's is present: %v, the framework's: %v", present(got), present(want))
	}
	typ := kube.ClusterIdentityType()
	if typ == nil {
		return "the shortcut answers an identity for a resource without one"
	}
	g, err := got.IdentityData.Unmarshal(typ)
	if err != nil {
		return "the shortcut's identity: " + err.Error()
	}
	w, err := want.IdentityData.Unmarshal(typ)
	if err != nil {
		return "the framework's identity: " + err.Error()
	}
	if !g.Equal(w) {
		return fmt.Sprintf("identities differ: %s, the framework's %s", g, w)
	}
	return ""
}

func samePrivate(a, b []byte) bool {
	var x, y map[string]any
	if len(bytes.TrimSpace(a)) > 0 && json.Unmarshal(a, &x) != nil {
		return false
	}
	if len(bytes.TrimSpace(b)) > 0 && json.Unmarshal(b, &y) != nil {
		return false
	}
	return len(x) == 0 && len(y) == 0 || reflect.DeepEqual(x, y)
}

func shortcutError(rpc, diff string) *tfprotov6.Diagnostic {
	return &tfprotov6.Diagnostic{
		Severity: tfprotov6.DiagnosticSeverityError,
		Summary:  "Shortcut answer differs from the framework's",
		Detail:   rpc + " of " + kube.ClusterTypeName + ": " + diff,
	}
}

func (s *releasingServer) ApplyResourceChange(ctx context.Context, req *tfprotov6.ApplyResourceChangeRequest) (*tfprotov6.ApplyResourceChangeResponse, error) {
	return handle(ctx, req, s.frameworkServer.ApplyResourceChange)
}

func (s *releasingServer) ImportResourceState(ctx context.Context, req *tfprotov6.ImportResourceStateRequest) (*tfprotov6.ImportResourceStateResponse, error) {
	return handle(ctx, req, s.frameworkServer.ImportResourceState)
}

func (s *releasingServer) MoveResourceState(ctx context.Context, req *tfprotov6.MoveResourceStateRequest) (*tfprotov6.MoveResourceStateResponse, error) {
	return handle(ctx, req, s.frameworkServer.MoveResourceState)
}

func (s *releasingServer) UpgradeResourceIdentity(ctx context.Context, req *tfprotov6.UpgradeResourceIdentityRequest) (*tfprotov6.UpgradeResourceIdentityResponse, error) {
	return handle(ctx, req, s.frameworkServer.UpgradeResourceIdentity)
}

func (s *releasingServer) GenerateResourceConfig(ctx context.Context, req *tfprotov6.GenerateResourceConfigRequest) (*tfprotov6.GenerateResourceConfigResponse, error) {
	return handle(ctx, req, s.frameworkServer.GenerateResourceConfig)
}

func (s *releasingServer) ValidateDataResourceConfig(ctx context.Context, req *tfprotov6.ValidateDataResourceConfigRequest) (*tfprotov6.ValidateDataResourceConfigResponse, error) {
	return handle(ctx, req, s.frameworkServer.ValidateDataResourceConfig)
}

func (s *releasingServer) ReadDataSource(ctx context.Context, req *tfprotov6.ReadDataSourceRequest) (*tfprotov6.ReadDataSourceResponse, error) {
	return handle(ctx, req, s.frameworkServer.ReadDataSource)
}

func (s *releasingServer) CallFunction(ctx context.Context, req *tfprotov6.CallFunctionRequest) (*tfprotov6.CallFunctionResponse, error) {
	return handle(ctx, req, s.frameworkServer.CallFunction)
}

func (s *releasingServer) GetFunctions(ctx context.Context, req *tfprotov6.GetFunctionsRequest) (*tfprotov6.GetFunctionsResponse, error) {
	return handle(ctx, req, s.frameworkServer.GetFunctions)
}

func (s *releasingServer) ValidateEphemeralResourceConfig(ctx context.Context, req *tfprotov6.ValidateEphemeralResourceConfigRequest) (*tfprotov6.ValidateEphemeralResourceConfigResponse, error) {
	return handle(ctx, req, s.frameworkServer.ValidateEphemeralResourceConfig)
}

func (s *releasingServer) OpenEphemeralResource(ctx context.Context, req *tfprotov6.OpenEphemeralResourceRequest) (*tfprotov6.OpenEphemeralResourceResponse, error) {
	return handle(ctx, req, s.frameworkServer.OpenEphemeralResource)
}

func (s *releasingServer) RenewEphemeralResource(ctx context.Context, req *tfprotov6.RenewEphemeralResourceRequest) (*tfprotov6.RenewEphemeralResourceResponse, error) {
	return handle(ctx, req, s.frameworkServer.RenewEphemeralResource)
}

func (s *releasingServer) CloseEphemeralResource(ctx context.Context, req *tfprotov6.CloseEphemeralResourceRequest) (*tfprotov6.CloseEphemeralResourceResponse, error) {
	return handle(ctx, req, s.frameworkServer.CloseEphemeralResource)
}
