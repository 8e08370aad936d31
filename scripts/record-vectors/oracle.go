package main

// The oracle mode (`go run . oracle`): the factory's answer for each input, as image-factory
// pkg/schematic/schematic.go does it: `Unmarshal` (yaml.NewDecoder, KnownFields(true), one
// Decode), then `Marshal` (yaml.Marshal) and `ID` (sha256 hex of those bytes).
//
// Input: JSON Lines, each line a JSON string (the text). Output: JSON Lines, one per input:
// {"id": ..., "canonical_yaml": ... (left out past 1 MiB), "owner": bool} or {"error_class": ..., "error": ...}.
// "owner": true marks a schematic the public factory decodes and then refuses with 400
// (internal/frontend/http/configuration.go refuses a non-empty Owner on the community
// factory).

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"

	"go.yaml.in/yaml/v4"

	"record-vectors/schematic"
)

// errorClass buckets go-yaml's error texts: "empty" (io.EOF: no document), "syntax"
// (scanner/parser errors, `yaml: line N: ...` or `yaml: ...`), "decode" (constructor errors:
// `yaml: unmarshal errors:` / `construct errors:` with a field and a type), "value"
// (an UnmarshalText refusal, e.g. BootloaderKind).
func errorClass(err error) string {
	text := err.Error()
	switch {
	case err == io.EOF:
		return "empty"
	case strings.Contains(text, "does not belong to BootloaderKind"):
		return "value"
	case strings.Contains(text, "unmarshal errors") || strings.Contains(text, "construct errors") ||
		strings.Contains(text, "cannot unmarshal") || strings.Contains(text, "cannot construct"):
		return "decode"
	default:
		return "syntax"
	}
}

func answer(text string) (entry map[string]any) {
	defer func() {
		if r := recover(); r != nil {
			entry = map[string]any{"error_class": "panic", "error": fmt.Sprint(r)}
		}
	}()
	dec := yaml.NewDecoder(bytes.NewReader([]byte(text)))
	dec.KnownFields(true)
	var s schematic.Schematic
	if err := dec.Decode(&s); err != nil {
		return map[string]any{"error_class": errorClass(err), "error": err.Error()}
	}
	marshaled, err := yaml.Marshal(&s)
	if err != nil {
		return map[string]any{"error_class": "marshal", "error": err.Error()}
	}
	sum := sha256.Sum256(marshaled)
	entry = map[string]any{"id": hex.EncodeToString(sum[:]), "owner": s.Owner != ""}
	// Deeply nested options marshal to hundreds of megabytes: past 1 MiB only the ID is kept.
	if len(marshaled) <= 1<<20 {
		entry["canonical_yaml"] = string(marshaled)
	}
	return entry
}

func oracle() {
	in := bufio.NewReader(os.Stdin)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	for {
		line, err := in.ReadBytes('\n')
		if len(bytes.TrimSpace(line)) > 0 {
			var text string
			if jerr := json.Unmarshal(line, &text); jerr != nil {
				panic(jerr)
			}
			if eerr := enc.Encode(answer(text)); eerr != nil {
				panic(eerr)
			}
		}
		if err == io.EOF {
			return
		}
		if err != nil {
			panic(err)
		}
	}
}
