# error: Attribute ip_allocation_policy[0].services_ipv4_cidr: "300.1.0.0/16" is not a valid IPv4 CIDR block
resource "ovh_cloud_project_kube" "c" {
  service_name = "0123456789abcdef0123456789abcdef"
  region       = "GRA11"
  ip_allocation_policy {
    services_ipv4_cidr = "300.1.0.0/16"
  }
}
