# warning: Attribute "private_network_id" must be specified when "load_balancers_subnet_id" is specified. The API's published schema does not refuse it, so it is sent as written: the API may refuse it at apply.
resource "ovh_cloud_project_kube" "c" {
  service_name = "0123456789abcdef0123456789abcdef"
  region       = "GRA11"
  load_balancers_subnet_id = "2e7b05c6-7a51-4f3b-95a3-0a2f8d5c7e11"
}
