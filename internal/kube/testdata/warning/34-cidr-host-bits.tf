# warning: Attribute ip_allocation_policy[0].pods_ipv4_cidr: "10.2.0.1/16" is not a valid IPv4 CIDR block: host bits are set; the block starts at 10.2.0.0/16. For example: pods_ipv4_cidr = "10.2.0.0/16". The API's published schema does not refuse it, so it is sent as written: the API may refuse it at apply.
resource "ovh_cloud_project_kube" "c" {
  service_name = "0123456789abcdef0123456789abcdef"
  region       = "GRA11"
  ip_allocation_policy {
    pods_ipv4_cidr = "10.2.0.1/16"
  }
}
