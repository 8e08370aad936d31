// Command record-vectors records schematic test vectors with the real Go emitter: it reads a
// JSON array of request bodies on stdin and writes a JSON array of
// {source, input, canonical_yaml, id} (or {source, input, server_error}) on stdout.
//
// The struct below is a copy of siderolabs/image-factory pkg/schematic/schematic.go (tag
// v1.5.0); BootloaderKind copies the text form of siderolabs/talos
// pkg/machinery/imager/imageropts (bootloaderkind_enumer.go: case-insensitive names, "none"
// is the zero value). The YAML library is go.yaml.in/yaml/v4 v4.0.0-rc.6, as in the
// recorded vectors of tests/data/vectors.
package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"

	"go.yaml.in/yaml/v4"
)

type BootloaderKind int

var bootloaderNames = []string{"none", "dual-boot", "sd-boot", "grub"}

func (k BootloaderKind) MarshalText() ([]byte, error) {
	if int(k) < 0 || int(k) >= len(bootloaderNames) {
		return nil, fmt.Errorf("invalid BootloaderKind %d", int(k))
	}
	return []byte(bootloaderNames[k]), nil
}

func (k *BootloaderKind) UnmarshalText(text []byte) error {
	for i, name := range bootloaderNames {
		if strings.EqualFold(name, string(text)) {
			*k = BootloaderKind(i)
			return nil
		}
	}
	return fmt.Errorf("%s does not belong to BootloaderKind values", text)
}

type Schematic struct {
	Owner         string        `yaml:"owner,omitempty"`
	Overlay       Overlay       `yaml:"overlay,omitempty"`
	Customization Customization `yaml:"customization"`
}

type Customization struct {
	EmbeddedMachineConfiguration string                  `yaml:"embeddedMachineConfiguration,omitempty"`
	ExtraKernelArgs              []string                `yaml:"extraKernelArgs,omitempty"`
	Meta                         []MetaValue             `yaml:"meta,omitempty"`
	SystemExtensions             SystemExtensions        `yaml:"systemExtensions,omitempty"`
	Bootloader                   BootloaderKind          `yaml:"bootloader,omitempty"`
	SecureBoot                   SecureBootCustomization `yaml:"secureboot,omitempty"`
	DiskImage                    DiskImageCustomization  `yaml:"diskImage,omitempty"`
}

type MetaValue struct {
	Key   uint8  `yaml:"key"`
	Value string `yaml:"value"`
}

type SystemExtensions struct {
	OfficialExtensions []string `yaml:"officialExtensions,omitempty"`
}

type Overlay struct {
	Image   string         `yaml:"image"`
	Name    string         `yaml:"name"`
	Options map[string]any `yaml:"options,omitempty"`
}

type SecureBootCustomization struct {
	EnrollKeys                   string `yaml:"enrollKeys,omitempty"`
	IncludeWellKnownCertificates bool   `yaml:"includeWellKnownCertificates,omitempty"`
}

type DiskImageCustomization struct {
	SectorSize uint `yaml:"sectorSize,omitempty"`
}

type request struct {
	Source string `json:"source"`
	Body   string `json:"body"`
}

func main() {
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
		var s Schematic
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
