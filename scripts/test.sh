#!/bin/sh
# Runs every test of CountyLens on a fresh machine: installs the system
# packages the GUI tests need (software Vulkan for the wgpu renderer), then
# the whole cargo test suite. Needs nothing beside the repository.
set -eu
cd "$(dirname "$0")/.."
sh scripts/install-test-deps.sh
cargo test --locked "$@"
