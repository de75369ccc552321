# error: Attribute load_balancers_subnet_id: "" is not valid: it must be an OpenStack subnet UUID.
resource "ovh_cloud_project_kube" "c" {
  service_name = "0123456789abcdef0123456789abcdef"
  region       = "GRA11"
  private_network_id       = "pn-1"
  load_balancers_subnet_id = ""
}
