# error-regexp: The argument "stream_id" is required
resource "ovh_cloud_project_kube_log_subscription" "s" {
  service_name = "0123456789abcdef0123456789abcdef"
  kube_id      = "5ba8f5c8-1a2b-4c3d-9e8f-0a1b2c3d4e5f"
  kind         = "audit"
}
