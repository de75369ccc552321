# error: Attribute private_network_id: "pn 123" is not valid: it must be an OpenStack network id
resource "ovh_cloud_project_kube" "c" {
  service_name = "0123456789abcdef0123456789abcdef"
  region       = "GRA11"
  private_network_id = "pn 123"
}
