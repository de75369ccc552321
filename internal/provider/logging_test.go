package provider

import (
	"errors"
	"maps"
	"testing"
)

func TestSilenceUnreadLogs(t *testing.T) {
	off := map[string]string{"TF_LOG_SDK": "OFF", "TF_LOG_SDK_PROTO": "OFF", "TF_LOG_SDK_FRAMEWORK": "OFF", "TF_LOG_PROVIDER_OVH": "OFF"}
	cases := []struct {
		name    string
		environ []string
		want    map[string]string // the variables set
	}{
		{"nothing set", []string{"PATH=/usr/bin", "HOME=/home/u"}, off},
		{"other TF_ variables", []string{"TF_CLI_CONFIG_FILE=/tmp/rc", "TF_IN_AUTOMATION=1", "TF_PLUGIN_MAGIC_COOKIE=x"}, off},
		{"empty TF_LOG, as unset for the CLI", []string{"TF_LOG=", "TF_LOG_PROVIDER="}, off},
		{"TF_LOG", []string{"TF_LOG=TRACE"}, nil},
		{"TF_LOG in lower case", []string{"TF_LOG=debug"}, nil},
		{"TF_LOG_PROVIDER", []string{"TF_LOG_PROVIDER=DEBUG"}, nil},
		{"TF_LOG_PROVIDER_OVH", []string{"TF_LOG_PROVIDER_OVH=TRACE"}, nil},
		{"TF_LOG_SDK", []string{"TF_LOG_SDK=TRACE"}, nil},
		{"TF_LOG_SDK_PROTO", []string{"TF_LOG_SDK_PROTO=TRACE"}, nil},
		{"TF_LOG_SDK_FRAMEWORK", []string{"TF_LOG_SDK_FRAMEWORK=TRACE"}, nil},
		{"TF_LOG_SDK_PROTO_DATA_DIR", []string{"TF_LOG_SDK_PROTO_DATA_DIR=/tmp/proto"}, nil},
		{"TF_LOG_PATH alone", []string{"TF_LOG_PATH=/tmp/tf.log"}, nil},
		{"TF_LOG=OFF is the user's choice", []string{"TF_LOG=OFF"}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			set := map[string]string{}
			err := SilenceUnreadLogs(tc.environ, func(name, value string) error {
				set[name] = value
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if tc.want == nil {
				tc.want = map[string]string{}
			}
			if !maps.Equal(set, tc.want) {
				t.Errorf("set %v, want %v", set, tc.want)
			}
		})
	}
}

func TestSilenceUnreadLogsReportsSetenvErrors(t *testing.T) {
	boom := errors.New("boom")
	err := SilenceUnreadLogs(nil, func(string, string) error { return boom })
	if !errors.Is(err, boom) {
		t.Fatalf("got %v, want %v", err, boom)
	}
}
