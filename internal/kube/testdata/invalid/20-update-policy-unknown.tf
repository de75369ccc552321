# error: Attribute update_policy: "SOMETIMES" is not an allowed value. Allowed values: "ALWAYS_UPDATE", "MINIMAL_DOWNTIME", "NEVER_UPDATE".
resource "ovh_cloud_project_kube" "c" {
  service_name = "0123456789abcdef0123456789abcdef"
  region       = "GRA11"
  update_policy = "SOMETIMES"
}
