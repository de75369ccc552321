# error: Attribute ip_allocation_policy[0].services_ipv4_cidr: "fd00::/64" is not a valid IPv4 CIDR block: only IPv4 blocks are supported.
resource "ovh_cloud_project_kube" "c" {
  service_name = "0123456789abcdef0123456789abcdef"
  region       = "GRA11"
  ip_allocation_policy {
    services_ipv4_cidr = "fd00::/64"
  }
}
