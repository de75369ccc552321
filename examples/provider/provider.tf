terraform {
  required_providers {
    ovh = {
      source = "ovh/ovh"
    }
  }
}

# Credentials come from the environment (OVH_ENDPOINT, OVH_APPLICATION_KEY,
# OVH_APPLICATION_SECRET, OVH_CONSUMER_KEY) or are set here. Never commit secrets:
# pass them as sensitive variables.
variable "ovh_application_secret" {
  type      = string
  sensitive = true
}

variable "ovh_consumer_key" {
  type      = string
  sensitive = true
}

provider "ovh" {
  endpoint           = "ovh-eu"
  application_key    = "xxxxxxxxxxxxxxxx"
  application_secret = var.ovh_application_secret
  consumer_key       = var.ovh_consumer_key
}
