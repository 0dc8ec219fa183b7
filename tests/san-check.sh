#!/bin/sh
# san-check.sh RBDC: proves the sanitizer build really has ASan, UBSan, and UBSan without recovery (issue 14).
# The undefined-behaviour checks call __ubsan_handle_*_abort only with -fno-sanitize-recover; a build whose flags
# lost `undefined` (a comma splitting a make argument) has no __ubsan symbol at all.
set -u
rbdc=${1:?usage: san-check.sh RBDC}
syms=$(nm "$rbdc" 2>/dev/null) || { echo "san-check: FAIL cannot read the symbols of $rbdc"; exit 1; }
fail=0
for want in __asan_report_load __ubsan_handle_ _abort; do
	case $want in
	_abort) echo "$syms" | grep -q '__ubsan_handle_[a-z_]*_abort' ;;
	*) echo "$syms" | grep -q "$want" ;;
	esac || { echo "san-check: FAIL $rbdc has no ${want} symbol"; fail=1; }
done
[ "$fail" = 0 ] && echo "san-check: $rbdc has AddressSanitizer and UndefinedBehaviorSanitizer (no recovery)"
exit "$fail"
