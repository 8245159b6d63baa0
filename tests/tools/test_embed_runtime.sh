#!/bin/bash
# tools/embed_runtime refuses malformed runtime sections with FILE:LINE and
# a reason, and keeps long names and dependency lists whole.
# usage: test_embed_runtime.sh EMBED_RUNTIME RT_H
set -u
EMBED=$1 RT_H=$2
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
failures=0

# expect_error NAME MESSAGE: runtime file $WORK/NAME.c must be refused with MESSAGE.
expect_error() {
    mkdir -p "$WORK/out"
    if "$EMBED" "$WORK/out" "$RT_H" "$WORK/$1.c" 2>"$WORK/$1.err"; then
        echo "FAIL $1: accepted"; failures=$((failures + 1))
    elif ! grep -q -- "$2" "$WORK/$1.err" || ! grep -q "$1.c:[0-9]*:" "$WORK/$1.err"; then
        echo "FAIL $1: expected '$2' with FILE:LINE, got: $(cat "$WORK/$1.err")"; failures=$((failures + 1))
    else
        echo "ok $1: $(cat "$WORK/$1.err")"
    fi
}

printf '//@section rt_a needs rt_missing\n//@end\n' >"$WORK/missing_need.c"
expect_error missing_need "needs rt_missing, which does not exist"

printf '//@kernel rt_a_f32 needs rt_prelude\n//@end\n' >"$WORK/no_signature.c"
expect_error no_signature "expected its signature"

printf '//@section rt_a needs rt_b\n//@end\n//@section rt_b\n//@end\n' >"$WORK/later_need.c"
expect_error later_need "which comes after it"

printf '//@kernel rt_a_f32(rt_nothing_params, x, y)\n//@end\n' >"$WORK/missing_params.c"
expect_error missing_params "no params section rt_nothing_params"

printf '//@section rt_a\n//@end\n//@section rt_a\n//@end\n' >"$WORK/duplicate.c"
expect_error duplicate "a second section named rt_a"

printf '//@section rt_a\nint x;\n' >"$WORK/no_end.c"
expect_error no_end "has no //@end"

printf '//@kernel rt_a_f32(rt_p, x\n//@end\n' >"$WORK/bad_signature.c"
expect_error bad_signature "expected ',' or ')'"

printf '//@kernelx rt_a\n//@end\n' >"$WORK/bad_marker.c"
expect_error bad_marker "unknown or misplaced marker"

# Parameter structs live in headers and hold numbers only.
printf '//@params rt_p\ntypedef struct rt_p { char *name; } rt_p;\n//@end\n' >"$WORK/bad_field.h"
mkdir -p "$WORK/out"
if "$EMBED" "$WORK/out" "$RT_H" "$WORK/bad_field.h" 2>"$WORK/bad_field.err" || ! grep -q "field type 'char'" "$WORK/bad_field.err"; then
    echo "FAIL bad_field: $(cat "$WORK/bad_field.err")"; failures=$((failures + 1))
else
    echo "ok bad_field: $(cat "$WORK/bad_field.err")"
fi

# A field that names an enum needs it defined, and defined before.
printf '//@params rt_p\ntypedef struct rt_p { int64_t mode; /* enum rt_nothing */ } rt_p;\n//@end\n' >"$WORK/no_enum.h"
printf '//@params rt_p\ntypedef struct rt_p { int64_t mode; /* enum rt_m */ } rt_p;\n//@end\n//@section rt_e\nenum rt_m { RT_A };\n//@end\n' >"$WORK/late_enum.h"
for c in "no_enum:names enum rt_nothing, which no section defines" "late_enum:enum rt_m is defined after it"; do
    name=${c%%:*} want=${c#*:}
    if "$EMBED" "$WORK/out" "$RT_H" "$WORK/$name.h" 2>"$WORK/$name.err" || ! grep -q "$want" "$WORK/$name.err"; then
        echo "FAIL $name: $(cat "$WORK/$name.err")"; failures=$((failures + 1))
    else
        echo "ok $name: $(cat "$WORK/$name.err")"
    fi
done

# A field that names an enum gets its constants, and its section as a dependency.
printf '//@section rt_e\nenum rt_m { RT_A, RT_B = 5, RT_C };\n//@end\n//@params rt_p\ntypedef struct rt_p { int64_t mode; /* enum rt_m */ } rt_p;\n//@end\n' >"$WORK/enum.h"
if ! "$EMBED" "$WORK/out" "$RT_H" "$WORK/enum.h" 2>"$WORK/enum.err" ||
    ! grep -q '{"RT_A", 0}, {"RT_B", 5}, {"RT_C", 6}' "$WORK/out/runtime_table.inc" ||
    ! grep '^    {"rt_p", ' "$WORK/out/runtime_embedded.c" | grep -q ', 1, needs_'; then
    echo "FAIL enum: $(cat "$WORK/enum.err")"; failures=$((failures + 1))
else
    echo "ok enum: constants and values read, the enum's section needed"
fi

# A 200-character name and nine dependencies are kept whole.
long=rt_$(printf 'x%.0s' $(seq 1 200))
{
    for i in 1 2 3 4 5 6 7 8 9; do printf '//@section rt_dep%d\n//@end\n' "$i"; done
    printf '//@section %s\n//@end\n' "$long"
    printf '//@section rt_user needs rt_dep1 rt_dep2 rt_dep3 rt_dep4 rt_dep5 rt_dep6 rt_dep7 rt_dep8 rt_dep9 %s\n//@end\n' "$long"
} >"$WORK/long.c"
if ! "$EMBED" "$WORK/out" "$RT_H" "$WORK/long.c" 2>"$WORK/long.err"; then
    echo "FAIL long: refused: $(cat "$WORK/long.err")"; failures=$((failures + 1))
elif ! grep -q "\"$long\"" "$WORK/out/runtime_embedded.c" || ! grep -q "\"rt_user\", \"\", 10, needs_" "$WORK/out/runtime_embedded.c"; then
    echo "FAIL long: name or dependencies truncated"; failures=$((failures + 1))
else
    echo "ok long: 200-character name and 10 dependencies kept"
fi

echo "embed_runtime: $failures failures"
[ "$failures" -eq 0 ]
