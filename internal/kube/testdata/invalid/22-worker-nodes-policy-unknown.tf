# error: Attribute reset_worker_nodes_policy: "keep" is not an allowed value. Allowed values: "delete", "reinstall".
resource "ovh_cloud_project_kube" "c" {
  service_name = "0123456789abcdef0123456789abcdef"
  region       = "GRA11"
  reset_worker_nodes_policy = "keep"
}
