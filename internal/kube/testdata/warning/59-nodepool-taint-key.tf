# warning: Attribute template[0].spec[0].taints[0]["key"]: "-dedicated" is not a valid Kubernetes qualified name: name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]'). For example: "example.com/role". The API's published schema does not refuse it, so it is sent as written: the API may refuse it at apply.
resource "ovh_cloud_project_kube_nodepool" "p" {
  service_name = "0123456789abcdef0123456789abcdef"
  kube_id      = "5ba8f5c8-1a2b-4c3d-9e8f-0a1b2c3d4e5f"
  flavor_name  = "b3-8"
  template {
    spec {
      taints = [{ key = "-dedicated", effect = "NoSchedule" }]
    }
  }
}
