# A whole cluster stack in one configuration: an IPVS cluster with its
# kube-proxy timings, two node pools, the IP restrictions of its API server,
# OIDC logins, its audit logs forwarded to a Logs Data Platform stream, and a
# kubeconfig that never lands in the state. Terraform
# creates, changes and destroys these resources in parallel; the provider
# sends the changes to one cluster one at a time, so a single apply (and a
# single destroy) does it all.
terraform {
  required_providers {
    ovh = {
      source = "mkscloud/ovh"
    }
  }
}

provider "ovh" {}

resource "ovh_cloud_project_kube" "cluster" {
  service_name        = "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
  name                = "my-stack"
  region              = "GRA11"
  kube_proxy_mode     = "ipvs"
  kubeconfig_in_state = false

  customization_kube_proxy {
    ipvs {
      min_sync_period = "PT1S"
      sync_period     = "PT30S"
      scheduler       = "rr"
      tcp_timeout     = "PT15M"
      tcp_fin_timeout = "PT2M"
      udp_timeout     = "PT5M"
    }
  }
}

resource "ovh_cloud_project_kube_nodepool" "system" {
  service_name  = ovh_cloud_project_kube.cluster.service_name
  kube_id       = ovh_cloud_project_kube.cluster.id
  name          = "system"
  flavor_name   = "b3-8"
  desired_nodes = 2
}

resource "ovh_cloud_project_kube_nodepool" "workers" {
  service_name  = ovh_cloud_project_kube.cluster.service_name
  kube_id       = ovh_cloud_project_kube.cluster.id
  name          = "workers"
  flavor_name   = "b3-16"
  autoscale     = true
  desired_nodes = 1
  min_nodes     = 1
  max_nodes     = 5
}

resource "ovh_cloud_project_kube_iprestrictions" "api" {
  service_name = ovh_cloud_project_kube.cluster.service_name
  kube_id      = ovh_cloud_project_kube.cluster.id
  ips          = ["203.0.113.0/24", "198.51.100.7"]
}

resource "ovh_cloud_project_kube_oidc" "sso" {
  service_name = ovh_cloud_project_kube.cluster.service_name
  kube_id      = ovh_cloud_project_kube.cluster.id
  issuer_url   = "https://keycloak.example.com/realms/kubernetes"
  client_id    = "kubernetes"

  oidc_username_claim  = "preferred_username"
  oidc_username_prefix = "keycloak:"
  oidc_groups_claim    = ["groups"]
  oidc_groups_prefix   = "keycloak:"
}

# The API server's audit logs, forwarded to a Logs Data Platform stream that
# exists already: its id comes from the official provider's
# ovh_dbaas_logs_output_graylog_stream data source (see the audit logs guide).
resource "ovh_cloud_project_kube_log_subscription" "audit" {
  service_name = ovh_cloud_project_kube.cluster.service_name
  kube_id      = ovh_cloud_project_kube.cluster.id
  kind         = "audit"
  stream_id    = "18d603e8-7d50-4000-8393-f0d5bb7f1280"
}

# Fetched at each plan and apply, never stored: give its parts to the
# kubernetes and helm providers, e.g.
#   provider "kubernetes" {
#     host                   = ephemeral.ovh_cloud_project_kube_kubeconfig.cluster.host
#     cluster_ca_certificate = base64decode(ephemeral.ovh_cloud_project_kube_kubeconfig.cluster.cluster_ca_certificate)
#     client_certificate     = base64decode(ephemeral.ovh_cloud_project_kube_kubeconfig.cluster.client_certificate)
#     client_key             = base64decode(ephemeral.ovh_cloud_project_kube_kubeconfig.cluster.client_key)
#   }
ephemeral "ovh_cloud_project_kube_kubeconfig" "cluster" {
  service_name = ovh_cloud_project_kube.cluster.service_name
  kube_id      = ovh_cloud_project_kube.cluster.id
}
