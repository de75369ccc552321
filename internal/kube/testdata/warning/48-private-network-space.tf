# warning: Attribute private_network_id: "pn 123" is not valid: it must be an OpenStack network id: letters, digits, '-', '_' or '.'. For example: private_network_id = "3f8a4a6e-5d61-4c7b-9e3a-1b2c3d4e5f60". The API's published schema does not refuse it, so it is sent as written: the API may refuse it at apply.
resource "ovh_cloud_project_kube" "c" {
  service_name = "0123456789abcdef0123456789abcdef"
  region       = "GRA11"
  private_network_id = "pn 123"
}
