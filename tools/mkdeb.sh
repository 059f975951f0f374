#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# mkdeb.sh - "make deb": the Debian packages vrrp-dkms and vrrpctl, built by
# dpkg-buildpackage -us -uc -b from a clean copy of the tree (the files git
# knows, committed or not, never build products), in build/deb/vrrp-VERSION/.
# The .debs, .buildinfo and .changes land in build/deb/, lintian's report in
# build/deb/lintian.txt (printed too). Exits non-zero when the build fails or
# lintian reports an error.
#
# Environment: DEB_BUILD_OPTIONS as dpkg-buildpackage takes it (nocheck
# skips vrrpctl's host tests; parallel=N).
set -euo pipefail

SRCDIR=$(cd "$(dirname "$0")/.." && pwd)
OUT=$SRCDIR/build/deb
VERSION=$(<"$SRCDIR/VERSION")
TREE=$OUT/vrrp-$VERSION

die() { echo "mkdeb: $*" >&2; exit 1; }

for c in dpkg-buildpackage dh dh_dkms fakeroot lintian; do
	command -v "$c" >/dev/null || die "no $c: make deps (as root)"
done

# copy_tree: the files of the tree into $TREE.
copy_tree() {
	rm -rf "$OUT"
	mkdir -p "$TREE"
	if git -C "$SRCDIR" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
		# Deleted but not yet committed files are listed and missing: skipped.
		local f
		git -C "$SRCDIR" ls-files -z --cached --others --exclude-standard |
			while IFS= read -r -d '' f; do
				if [[ -e $SRCDIR/$f ]]; then
					printf '%s\0' "$f"
				fi
			done | tar -C "$SRCDIR" --null -T - -cf - | tar -C "$TREE" -xf -
	else
		tar -C "$SRCDIR" --exclude=./build --exclude='*.o' --exclude='*.ko' -cf - . |
			tar -C "$TREE" -xf -
	fi
}

copy_tree
echo "mkdeb: building in ${TREE#"$SRCDIR"/}"
(cd "$TREE" && dpkg-buildpackage -us -uc -b) >"$OUT/build.log" 2>&1 || {
	tail -n 40 "$OUT/build.log" >&2
	die "dpkg-buildpackage failed (log: ${OUT#"$SRCDIR"/}/build.log)"
}
changes=$(ls "$OUT"/vrrp_*.changes)
rc=0
# --fail-on error: warnings are explained in debian/*.lintian-overrides or fixed.
lintian_args=(--fail-on error --display-info)
if [[ $(id -u) == 0 ]]; then
	lintian_args+=(--allow-root)
fi
lintian "${lintian_args[@]}" "$changes" >"$OUT/lintian.txt" 2>&1 || rc=$?
cat "$OUT/lintian.txt"
ls -1 "$OUT"/*.deb
[[ $rc -eq 0 ]] || die "lintian found errors"
echo "mkdeb: ok"
