# error-regexp: (?s)create\s+=\s+"ten minutes".*"ten minutes" must be a string containing a sequence of decimal numbers
resource "ovh_cloud_project_kube" "c" {
  service_name = "0123456789abcdef0123456789abcdef"
  region       = "GRA11"
  timeouts {
    create = "ten minutes"
  }
}
