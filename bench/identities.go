package main

import (
	"bytes"
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
	var state struct {
		Resources []struct {
			Mode      string `json:"mode"`
			Instances []struct {
				Identity json.RawMessage `json:"identity"`
			} `json:"instances"`
		} `json:"resources"`
	}
	if err := json.Unmarshal(raw, &state); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	objects, with := 0, 0
	for _, r := range state.Resources {
		if r.Mode != "managed" {
			continue
		}
		for _, in := range r.Instances {
			objects++
			if len(in.Identity) > 0 && !bytes.Equal(in.Identity, []byte("null")) {
				with++
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
		var out bytes.Buffer
		if err := dropKeys(&out, json.NewDecoder(bytes.NewReader(raw)), "identity", "identity_schema_version"); err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		if err := os.WriteFile(path, out.Bytes(), 0o644); err != nil {
			return err
		}
		fmt.Printf("identities: removed from the %d objects of the state that had one, of %d\n", with, objects)
		return nil
	}
	fmt.Printf("identities: %d of the %d objects of the state carry one, which the CLI sends in every request\n", with, objects)
	return nil
}

// dropKeys copies the JSON value of dec to out without the members of
// objects named names, keeping the order of the rest: the CLIs read a state
// whose members are reordered otherwise (OpenTofu no longer finds its
// providers).
func dropKeys(out *bytes.Buffer, dec *json.Decoder, names ...string) error {
	dec.UseNumber()
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	switch tok {
	case json.Delim('{'):
		out.WriteByte('{')
		first := true
		for dec.More() {
			key, err := dec.Token()
			if err != nil {
				return err
			}
			if k, _ := key.(string); contains(names, k) {
				var skip json.RawMessage
				if err := dec.Decode(&skip); err != nil {
					return err
				}
				continue
			}
			if !first {
				out.WriteByte(',')
			}
			first = false
			k, _ := json.Marshal(key)
			out.Write(k)
			out.WriteByte(':')
			if err := dropKeys(out, dec, names...); err != nil {
				return err
			}
		}
		if _, err := dec.Token(); err != nil {
			return err
		}
		out.WriteByte('}')
	case json.Delim('['):
		out.WriteByte('[')
		for i := 0; dec.More(); i++ {
			if i > 0 {
				out.WriteByte(',')
			}
			if err := dropKeys(out, dec, names...); err != nil {
				return err
			}
		}
		if _, err := dec.Token(); err != nil {
			return err
		}
		out.WriteByte(']')
	default:
		v, err := json.Marshal(tok)
		if err != nil {
			return err
		}
		out.Write(v)
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
