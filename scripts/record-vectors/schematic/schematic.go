// Package schematic is a copy of siderolabs/image-factory pkg/schematic/schematic.go (tag
// v1.5.0), so that go-yaml's error texts name the same types (schematic.Customization, …).
// BootloaderKind copies the text form of siderolabs/talos pkg/machinery/imager/imageropts
// (bootloaderkind_enumer.go: case-insensitive names, "none" is the zero value).
package schematic

import (
	"fmt"
	"strings"
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
