data "ovh_cloud_project_kube_log_subscriptions" "audit" {
  service_name = "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
  kube_id      = "5ba8f5c8-1a2b-4c3d-9e8f-0a1b2c3d4e5f"
  kind         = "audit"
}

# The Logs Data Platform streams that receive the cluster's audit logs; an empty
# list means they go nowhere.
output "audit_log_streams" {
  value = data.ovh_cloud_project_kube_log_subscriptions.audit.subscriptions[*].stream_id
}
