package provider

import (
	"context"
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
			rs.provider, rs.refresher = p, &kube.ClusterRefresher{}
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
					return resp, nil
				}
			}
		}
		return s.frameworkServer.ReadResource(ctx, req)
	})
}

func (s *releasingServer) PlanResourceChange(ctx context.Context, req *tfprotov6.PlanResourceChangeRequest) (*tfprotov6.PlanResourceChangeResponse, error) {
	return handle(ctx, req, s.frameworkServer.PlanResourceChange)
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
