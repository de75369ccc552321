# error: An argument named "read" is not expected here.
resource "ovh_cloud_project_kube_iprestrictions" "r" {
  service_name = "0123456789abcdef0123456789abcdef"
  kube_id      = "5ba8f5c8-1a2b-4c3d-9e8f-0a1b2c3d4e5f"
  ips          = ["203.0.113.0/24"]
  timeouts {
    read = "5m"
  }
}
