terraform {
  required_providers {
    ovh = {
      source = "mkscloud/ovh"
    }
  }
}

# The endpoint and the credentials come from the environment: OVH_ENDPOINT
# (ovh-eu, the default, ovh-ca, ovh-us, or a URL such as the mock API's) and
# the variables of one authentication method, such as OVH_APPLICATION_KEY,
# OVH_APPLICATION_SECRET and OVH_CONSUMER_KEY. OVH_CLOUD_PROJECT_SERVICE is
# the default service_name. Each variable has an argument of the same name in
# lower case without the OVH_ prefix (endpoint = "ovh-eu"): keep secrets out
# of the configuration.
provider "ovh" {}
