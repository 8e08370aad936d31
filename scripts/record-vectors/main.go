// Command record-vectors records schematic test vectors with the real Go emitter: it reads a
// JSON array of request bodies on stdin and writes a JSON array of
// {source, input, canonical_yaml, id} (or {source, input, server_error}) on stdout.
//
// The struct is a copy of siderolabs/image-factory pkg/schematic/schematic.go (tag v1.5.0), in
// package schematic below. The YAML library is go.yaml.in/yaml/v4 v4.0.0-rc.6, as in the
// recorded vectors of tests/data/vectors.
package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"os"

	"go.yaml.in/yaml/v4"

	"record-vectors/schematic"
)

type request struct {
	Source string `json:"source"`
	Body   string `json:"body"`
}

func main() {
	if len(os.Args) > 1 && os.Args[1] == "oracle" {
		oracle()
		return
	}
	data, err := io.ReadAll(os.Stdin)
	if err != nil {
		panic(err)
	}
	var requests []request
	if err := json.Unmarshal(data, &requests); err != nil {
		panic(err)
	}
	out := []map[string]any{}
	for _, r := range requests {
		entry := map[string]any{"source": r.Source, "body": r.Body}
		dec := yaml.NewDecoder(bytes.NewReader([]byte(r.Body)))
		dec.KnownFields(true)
		var s schematic.Schematic
		if err := dec.Decode(&s); err != nil {
			entry["server_error"] = err.Error()
		} else {
			marshaled, err := yaml.Marshal(&s)
			if err != nil {
				panic(err)
			}
			sum := sha256.Sum256(marshaled)
			entry["canonical_yaml"] = string(marshaled)
			entry["id"] = hex.EncodeToString(sum[:])
		}
		out = append(out, entry)
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		panic(err)
	}
}
