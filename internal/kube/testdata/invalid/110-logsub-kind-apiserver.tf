# error: Attribute kind: "apiserver" is not an allowed value. Allowed values: "audit". For example: kind = "audit".
resource "ovh_cloud_project_kube_log_subscription" "s" {
  service_name = "0123456789abcdef0123456789abcdef"
  kube_id      = "5ba8f5c8-1a2b-4c3d-9e8f-0a1b2c3d4e5f"
  kind         = "apiserver"
  stream_id    = "18d603e8-7d50-4000-8393-f0d5bb7f1280"
}
