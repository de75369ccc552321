# Users of one Google Workspace domain log in with their Google account. The
# client id is the one of an OAuth client created in the Google Cloud console.
resource "ovh_cloud_project_kube_oidc" "google" {
  service_name = "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
  kube_id      = "5ba8f5c8-1a2b-4c3d-9e8f-0a1b2c3d4e5f"

  issuer_url = "https://accounts.google.com"
  client_id  = "123456789012-abcdefghijklmnopqrstuvwxyz012345.apps.googleusercontent.com"

  # The e-mail address is the Kubernetes user name, without prefix.
  oidc_username_claim  = "email"
  oidc_username_prefix = "-"

  # Tokens of accounts outside example.com are refused.
  oidc_required_claim = ["hd=example.com"]
  oidc_signing_algs   = ["RS256"]
}
