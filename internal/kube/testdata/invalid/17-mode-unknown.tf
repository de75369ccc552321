# error: Attribute kube_proxy_mode: "nftables" is not an allowed value. Allowed values: "iptables", "ipvs".
resource "ovh_cloud_project_kube" "c" {
  service_name = "0123456789abcdef0123456789abcdef"
  region       = "GRA11"
  kube_proxy_mode = "nftables"
}
