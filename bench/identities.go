package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
)

// prepareIdentities applies -identities to the state in dir that a plan or
// destroy scenario starts from, and says how many of its objects carry an
// identity, which a CLI that keeps identities sends in every request about
// them.
func (b *bench) prepareIdentities(dir string) error {
	path := filepath.Join(dir, "terraform.tfstate")
	raw, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	var state map[string]any
	if err := json.Unmarshal(raw, &state); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	resources, _ := state["resources"].([]any)
	objects, with := 0, 0
	for _, r := range resources {
		res, _ := r.(map[string]any)
		if res["mode"] != "managed" {
			continue
		}
		instances, _ := res["instances"].([]any)
		for _, in := range instances {
			inst, _ := in.(map[string]any)
			objects++
			if id, ok := inst["identity"]; ok && id != nil {
				with++
			}
			if b.cfg.identities == "no" {
				delete(inst, "identity")
				delete(inst, "identity_schema_version")
			}
		}
	}
	switch b.cfg.identities {
	case "yes":
		if with != objects {
			return fmt.Errorf("-identities=yes: %d of the %d objects of the state have no identity: %s keeps none "+
				"(OpenTofu 1.12 and Terraform 1.12 and later keep them; choose one with -cli), or the state comes from -setups",
				objects-with, objects, cliVersion(b.cli, b.env))
		}
	case "no":
		out, err := json.MarshalIndent(state, "", "  ")
		if err != nil {
			return err
		}
		if err := os.WriteFile(path, out, 0o644); err != nil {
			return err
		}
		fmt.Printf("identities: removed from the %d objects of the state that had one, of %d\n", with, objects)
		return nil
	}
	fmt.Printf("identities: %d of the %d objects of the state carry one, which the CLI sends in every request\n", with, objects)
	return nil
}
