# error: Attribute ip_allocation_policy[0].pods_ipv4_cidr: "10.2.0.0" is not a valid IPv4 CIDR block: it is not a CIDR block. For example: pods_ipv4_cidr = "10.2.0.0/16".
resource "ovh_cloud_project_kube" "c" {
  service_name = "0123456789abcdef0123456789abcdef"
  region       = "GRA11"
  ip_allocation_policy {
    pods_ipv4_cidr = "10.2.0.0"
  }
}
