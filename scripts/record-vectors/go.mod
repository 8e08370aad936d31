module record-vectors

go 1.19

require go.yaml.in/yaml/v4 v4.0.0-rc.6

// A checkout of github.com/yaml/go-yaml at tag v4.0.0-rc.6 (see README.md); drop this line
// to fetch the module instead.
replace go.yaml.in/yaml/v4 => ../../target/go-yaml-v4.0.0-rc.6
