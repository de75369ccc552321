# error: Attribute plan: "premium" is not an allowed value. Allowed values: "free", "standard".
resource "ovh_cloud_project_kube" "c" {
  service_name = "0123456789abcdef0123456789abcdef"
  region       = "GRA11"
  plan = "premium"
}
