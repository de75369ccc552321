# error: Attribute kube_id string length must be at least 1, got: 0
resource "ovh_cloud_project_kube_iprestrictions" "r" {
  service_name = "0123456789abcdef0123456789abcdef"
  kube_id      = ""
  ips          = ["203.0.113.0/24"]
}
