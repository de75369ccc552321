# The API server's audit logs of a cluster forwarded to a Logs Data Platform
# stream, and a check, at every plan, that they still are. The stream comes
# from outside: the stream_id of the official provider's
# ovh_dbaas_logs_output_graylog_stream data source (see the audit logs guide),
# or this variable.
variable "audit_log_stream_id" {
  description = "The id of the Logs Data Platform stream that receives the cluster's audit logs."
  type        = string
  default     = "18d603e8-7d50-4000-8393-f0d5bb7f1280"
}

resource "ovh_cloud_project_kube_log_subscription" "audit" {
  service_name = "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
  kube_id      = "5ba8f5c8-1a2b-4c3d-9e8f-0a1b2c3d4e5f"
  kind         = "audit"
  stream_id    = var.audit_log_stream_id
}

# Every audit log subscription of the cluster, read once the subscription
# exists, then at every plan. The check warns, without stopping the plan,
# when the stream is not among them: in a configuration that only reads the
# subscriptions (give the data source the cluster's ids), when someone
# removes the subscription outside Terraform.
data "ovh_cloud_project_kube_log_subscriptions" "audit" {
  service_name = ovh_cloud_project_kube_log_subscription.audit.service_name
  kube_id      = ovh_cloud_project_kube_log_subscription.audit.kube_id
  kind         = "audit"
}

check "audit_logs_on" {
  assert {
    condition     = contains(data.ovh_cloud_project_kube_log_subscriptions.audit.subscriptions[*].stream_id, var.audit_log_stream_id)
    error_message = "The cluster's audit logs no longer go to stream ${var.audit_log_stream_id}."
  }
}
