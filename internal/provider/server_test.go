package provider

import (
	"context"
	"runtime"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

type ballastKey struct{}

// heapAfter runs n requests, each with a context holding 256 KiB as the
// SDK's loggers hold their fields and buffers, canceled when the request
// returns as gRPC does, and returns how much more heap is in use afterwards.
func heapAfter(t *testing.T, s tfprotov6.ProviderServer, n int) int64 {
	t.Helper()
	inUse := func() int64 {
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return int64(m.HeapAlloc)
	}
	before := inUse()
	for range n {
		ctx, cancel := context.WithCancel(context.WithValue(context.Background(), ballastKey{}, make([]byte, 256<<10)))
		resp, err := s.GetMetadata(ctx, &tfprotov6.GetMetadataRequest{})
		cancel()
		if err != nil || len(resp.Diagnostics) > 0 || len(resp.Resources) == 0 {
			t.Fatalf("GetMetadata: %v, %v, %d resources", err, resp.Diagnostics, len(resp.Resources))
		}
	}
	after := inUse()
	runtime.KeepAlive(s) // what the server keeps is the point
	return after - before
}

// The framework keeps every request's context until the provider stops; the
// server of NewServer lets that context go once the request has returned.
func TestServerKeepsNoRequestContext(t *testing.T) {
	const n = 100
	kept := heapAfter(t, providerserver.NewProtocol6(New("test")())(), n)
	if kept < n*128<<10 {
		t.Fatalf("the framework alone kept %d KiB after %d requests of 256 KiB: it may no longer keep request contexts, and NewServer's wrapper may be unneeded", kept>>10, n)
	}
	t.Logf("framework alone: %d KiB kept after %d requests", kept>>10, n)
	kept = heapAfter(t, NewServer("test")(), n)
	t.Logf("wrapped: %d KiB kept", kept>>10)
	if kept > 4<<20 {
		t.Fatalf("%d KiB more heap in use after %d requests of 256 KiB: request contexts are kept", kept>>10, n)
	}
}

type recordingServer struct {
	frameworkServer
	during any
	ctx    context.Context
}

func (s *recordingServer) ReadResource(ctx context.Context, _ *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, error) {
	s.during, s.ctx = ctx.Value(ballastKey{}), ctx
	return &tfprotov6.ReadResourceResponse{}, nil
}

// While the request runs, its context is the caller's: its values (the SDK's
// loggers) and its cancellation. Afterwards it is canceled and empty.
func TestServerRequestContext(t *testing.T) {
	fs, ok := providerserver.NewProtocol6(New("test")())().(frameworkServer)
	if !ok {
		t.Fatal("the framework's server no longer implements list resources, actions and state stores: NewServer would pass it through unwrapped")
	}
	rec := &recordingServer{frameworkServer: fs}
	s := wrapServer(rec)
	parent, cancel := context.WithCancel(context.WithValue(context.Background(), ballastKey{}, "loggers"))
	defer cancel()
	if _, err := s.ReadResource(parent, &tfprotov6.ReadResourceRequest{}); err != nil {
		t.Fatal(err)
	}
	if rec.during != "loggers" {
		t.Errorf("during the request, the value is %v, want the caller's", rec.during)
	}
	if v := rec.ctx.Value(ballastKey{}); v != nil {
		t.Errorf("after the request, the context still holds %v", v)
	}
	if rec.ctx.Err() == nil {
		t.Error("after the request, the context is not canceled")
	}

	// A context derived during the request follows the caller's cancellation.
	rec2 := &derivingServer{frameworkServer: fs}
	parent2, cancel2 := context.WithCancel(context.Background())
	if _, err := wrapServer(rec2).ReadResource(parent2, &tfprotov6.ReadResourceRequest{}); err != nil {
		t.Fatal(err)
	}
	defer rec2.cancel()
	derived := rec2.derived
	if derived.Err() != nil {
		t.Fatal("the derived context is canceled before its parent")
	}
	cancel2()
	<-derived.Done()
}

type derivingServer struct {
	frameworkServer
	derived context.Context
	cancel  context.CancelFunc
}

func (s *derivingServer) ReadResource(ctx context.Context, _ *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, error) {
	s.derived, s.cancel = context.WithCancel(ctx)
	return &tfprotov6.ReadResourceResponse{}, nil
}

// tf6server serves list resources, actions and state stores only to a server
// that implements them.
func TestServerKeepsTheFrameworksRPCs(t *testing.T) {
	s := NewServer("test")()
	if _, ok := s.(*releasingServer); !ok {
		t.Fatalf("NewServer returned a %T, not the releasing wrapper", s)
	}
	//nolint:staticcheck // the interfaces tf6server asserts
	for name, ok := range map[string]bool{
		"list resources": implements[tfprotov6.ProviderServerWithListResource](s),
		"actions":        implements[tfprotov6.ProviderServerWithActions](s),
		"state stores":   implements[tfprotov6.ProviderServerWithStateStores](s),
	} {
		if !ok {
			t.Errorf("the wrapped server lost the RPCs of %s", name)
		}
	}
}

func implements[I any](s tfprotov6.ProviderServer) bool {
	_, ok := s.(I)
	return ok
}
