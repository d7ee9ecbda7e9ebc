#!/usr/bin/env bash
# Installs a build into a fresh prefix and uses it as a researcher would: the CLI, its man page
# and completion, the Python package with its module, and an out-of-tree model
# (examples/awareness) built with find_package(hearsay) and with pkg-config.
# Usage: tests/install_check.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$1 source=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
prefix=$work/prefix
fail() { echo "install check: $*" >&2; exit 1; }

cmake --install "$build" --prefix "$prefix" >/dev/null
for f in bin/hearsay lib/libhearsay_sim.a lib/libhearsay_models.a lib/libhearsay_registry.a \
  lib/cmake/hearsay/hearsayConfig.cmake lib/cmake/hearsay/hearsayConfigVersion.cmake \
  lib/pkgconfig/hearsay.pc include/sim/run/runner.hpp include/models/registry.hpp \
  share/man/man1/hearsay.1 share/bash-completion/completions/hearsay \
  lib/python3/dist-packages/hearsay/__init__.py; do
  [[ -e $prefix/$f ]] || fail "$f is not installed"
done
ls "$prefix"/lib/python3/dist-packages/hearsay/_core*.so >/dev/null || fail "no Python module"

[[ $("$prefix/bin/hearsay" -V) == "hearsay "* ]] || fail "hearsay -V"
grep -q "run a scenario" "$prefix/share/man/man1/hearsay.1" || fail "the man page lacks run"
completion=$(bash -c "source /usr/share/bash-completion/bash_completion
  source '$prefix/share/bash-completion/completions/hearsay'
  COMP_WORDS=(hearsay ex); COMP_CWORD=1; COMP_LINE='hearsay ex'; COMP_POINT=10; _hearsay
  echo \${COMPREPLY[*]}")
[[ $completion == export ]] || fail "completion of 'hearsay ex' gave '$completion'"

# The installed Python package finds its own module, away from the source tree.
cd "$work"
env -u HEARSAY_BIN -u HEARSAY_MODULE_PATH PYTHONPATH="$prefix/lib/python3/dist-packages" \
  /usr/bin/python3 -c "
import hearsay, hearsay._native as native
assert str(native.module_path()).startswith('$prefix'), native.module_path()
ds = hearsay.simulate('$source/scenarios/sir_erdos_renyi.yaml',
                      overrides={'replications': 1, 'network.nodes': 500}, progress=False)
assert ds.sizes['replication'] == 1
" || fail "the installed Python package"

# An out-of-tree model against the installed tree, with CMake and with pkg-config.
cmake -S "$source/examples/awareness" -B "$work/example" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_PREFIX_PATH="$prefix" >/dev/null || fail "configuring examples/awareness"
cmake --build "$work/example" >/dev/null || fail "building examples/awareness"
"$work/example/awareness" "$source/examples/awareness/awareness.yaml" "$work/awareness.h5" \
  >/dev/null || fail "running examples/awareness"
PYTHONPATH="$prefix/lib/python3/dist-packages" /usr/bin/python3 -c "
import hearsay
ds = hearsay.open_results('$work/awareness.h5')
assert ds.attrs['model'] == 'awareness' and (ds['final_aware'] > 5).all()
" || fail "reading the example's results"
flags=$(PKG_CONFIG_PATH="$prefix/lib/pkgconfig" pkg-config --static --cflags --libs hearsay)
# shellcheck disable=SC2086
c++ -O1 -o "$work/awareness-pc" "$source/examples/awareness/awareness.cpp" $flags \
  || fail "building examples/awareness with pkg-config ($flags)"
"$work/awareness-pc" "$source/examples/awareness/awareness.yaml" "$work/pc.h5" >/dev/null \
  || fail "running the pkg-config build"
echo "install check: ok ($prefix)"
