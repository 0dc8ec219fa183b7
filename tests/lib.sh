# tests/lib.sh: sourced by the shell runners (and `make sanitize`/`make valgrind`): tool exit codes and the time bound, set once.
#
# A sanitizer or valgrind finding must never pass for one of rbdc's own exit statuses (0 ok, 1 findings, 2 usage/I-O):
#   86  AddressSanitizer / LeakSanitizer report (ASAN_OPTIONS exitcode=86, leaks checked)
#   87  UndefinedBehaviorSanitizer report      (UBSAN_OPTIONS exitcode=87, halt on the first one)
#   88  valgrind error or leak                 (--error-exitcode=88)
#   124 rbdc ran longer than RBDC_TIMEOUT seconds; 137 it ignored the TERM and was killed 5 s later
# The runners compare every rbdc exit status with the exact value they expect, so any of these is a failure.
# Settings given by the caller come first, so ours win where they name the same option.
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}exitcode=86:detect_leaks=1:abort_on_error=0"
UBSAN_OPTIONS="${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}halt_on_error=1:exitcode=87:print_stacktrace=1"
export ASAN_OPTIONS UBSAN_OPTIONS
RBDC_VALGRIND="valgrind -q --error-exitcode=88 --leak-check=full --errors-for-leak-kinds=all --show-leak-kinds=all"
RBDC_TIMEOUT=${RBDC_TIMEOUT:-60}

# RBDC_WRAP=valgrind runs every rbdc under $RBDC_VALGRIND; any other value is used as the wrapper command itself.
case ${RBDC_WRAP:-} in
valgrind) rbdc_wrap=$RBDC_VALGRIND ;;
*) rbdc_wrap=${RBDC_WRAP:-} ;;
esac

# run_rbdc ARGS...: runs $rbdc (set by the runner) under the wrapper, bounded in time. Returns rbdc's exit status.
run_rbdc() {
	# shellcheck disable=SC2086
	timeout -k 5 "$RBDC_TIMEOUT" $rbdc_wrap "$rbdc" "$@"
}

# status_name STATUS: a few words saying what an exit status means, for failure messages.
status_name() {
	case $1 in
	0) echo "0 (success)" ;;
	1) echo "1 (findings)" ;;
	2) echo "2 (usage or I/O)" ;;
	86) echo "86 (AddressSanitizer/LeakSanitizer report)" ;;
	87) echo "87 (UndefinedBehaviorSanitizer report)" ;;
	88) echo "88 (valgrind error or leak)" ;;
	124) echo "124 (timed out after ${RBDC_TIMEOUT} s)" ;;
	137) echo "137 (killed after the time-out)" ;;
	*) if [ "$1" -gt 128 ] 2>/dev/null; then echo "$1 (signal $(($1 - 128)))"; else echo "$1"; fi ;;
	esac
}

# tool_report FILE: true when FILE (an rbdc stderr) holds a sanitizer or valgrind report.
tool_report() {
	grep -q -e '^==[0-9]*==' -e 'runtime error:' -e 'ERROR: AddressSanitizer' -e 'ERROR: LeakSanitizer' "$1"
}
