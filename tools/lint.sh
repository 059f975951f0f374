#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# lint.sh - what "make lint" runs: shellcheck -x on every shell script of the
# tree, failing on any finding. A shell script is a *.sh or *.bash file, or a
# file whose first line is a sh/bash/dash/busybox sh shebang (.ci/run,
# selftests/vm/init, debian/*.postinst ...). The files are those git knows
# (tracked, or new and not ignored) or, outside a git checkout, those find
# sees; build/ is left out.
set -euo pipefail

cd "$(dirname "$0")/.."

command -v shellcheck >/dev/null || { echo "lint: no shellcheck (make deps)" >&2; exit 1; }

# files: every file of the tree, NUL-terminated, relative to its top.
files() {
	if [[ $(git rev-parse --show-toplevel 2>/dev/null) == "$(pwd -P)" ]]; then
		git ls-files -z --cached --others --exclude-standard
	else
		find . \( -path ./build -o -path ./.git \) -prune -o -type f -print0 | sed -z 's|^\./||'
	fi
}

SHEBANG='^#! *[^ ]*/(env +)?((ba|da)?sh|busybox +sh)( |$)'

scripts=()
while IFS= read -r -d '' f; do
	[[ -f $f && $f != build/* ]] || continue
	case $f in
	*.sh | *.bash) ;;
	*) head -n1 "$f" | grep -Eqs "$SHEBANG" || continue ;;
	esac
	scripts+=("$f")
done < <(files | sort -z)

[[ ${#scripts[@]} -gt 0 ]] || { echo "lint: no shell script found" >&2; exit 1; }
if ! shellcheck -x -P SCRIPTDIR "${scripts[@]}"; then
	echo "lint: shellcheck findings above (${#scripts[@]} scripts checked)"
	exit 1
fi
echo "lint: ${#scripts[@]} shell scripts, shellcheck-clean"
