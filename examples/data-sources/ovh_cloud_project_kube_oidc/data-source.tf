data "ovh_cloud_project_kube_oidc" "oidc" {
  service_name = "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
  kube_id      = "5ba8f5c8-1a2b-4c3d-9e8f-0a1b2c3d4e5f"
}

# What a kubeconfig's oidc-login needs, for example with kubelogin:
# kubectl oidc-login setup --oidc-issuer-url=... --oidc-client-id=...
output "oidc_login" {
  value = {
    issuer_url = data.ovh_cloud_project_kube_oidc.oidc.issuer_url
    client_id  = data.ovh_cloud_project_kube_oidc.oidc.client_id
  }
}
