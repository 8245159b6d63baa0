#!/usr/bin/python3
"""Expands per-type kernel instance lists in runtime files.

A runtime file lists the element types a kernel exists for once, in a
comment, with a template of one instance:

    /* instances: f32 f64 i32 i64
       @kernel rt_reduce_sum_$s(rt_reduce_params, x, y) needs rt_reduce_macros
       RT_REDUCE_SUM(rt_reduce_sum_$s, $t, $c, $load, $store)
    */
    ...generated...
    /* end of instances */

and this script writes, between the comment and the end line, one section
per type (`//@kernel ...` line, the body lines, `//@end`) with the
placeholders filled: $s suffix, $t storage type, $c compute type, $load and
$store (conversions from storage to compute type and back, RT_ID when none),
$bits (storage bits). The generated lines are committed, so that a reader
and a debugger see plain code; run after editing a list:

    /usr/bin/python3 tools/gen_instances.py            # rewrites runtime/*.c
    /usr/bin/python3 tools/gen_instances.py --check    # exit 1 if any file is stale

The check also runs tools/gen_elementwise.py and compares with
runtime/elementwise.c (tests/CMakeLists.txt runs it as a test).
"""
import glob
import os
import re
import subprocess
import sys

# suffix: storage type, compute type, load, store, bits
TYPES = {
    "f32": ("float", "float", "RT_ID", "RT_ID", 32),
    "f64": ("double", "double", "RT_ID", "RT_ID", 64),
    "f16": ("uint16_t", "float", "rt_f16_to_f32", "rt_f32_to_f16", 16),
    "bf16": ("uint16_t", "float", "rt_bf16_to_f32", "rt_f32_to_bf16", 16),
    "i8": ("int8_t", "int8_t", "RT_ID", "RT_ID", 8),
    "i16": ("int16_t", "int16_t", "RT_ID", "RT_ID", 16),
    "i32": ("int32_t", "int32_t", "RT_ID", "RT_ID", 32),
    "i64": ("int64_t", "int64_t", "RT_ID", "RT_ID", 64),
    "u8": ("uint8_t", "uint8_t", "RT_ID", "RT_ID", 8),
    "u16": ("uint16_t", "uint16_t", "RT_ID", "RT_ID", 16),
    "u32": ("uint32_t", "uint32_t", "RT_ID", "RT_ID", 32),
    "u64": ("uint64_t", "uint64_t", "RT_ID", "RT_ID", 64),
    "bool": ("uint8_t", "uint8_t", "RT_ID", "RT_ID", 8),
    "x8": ("uint8_t", "uint8_t", "RT_ID", "RT_ID", 8),
    "x16": ("uint16_t", "uint16_t", "RT_ID", "RT_ID", 16),
    "x32": ("uint32_t", "uint32_t", "RT_ID", "RT_ID", 32),
    "x64": ("uint64_t", "uint64_t", "RT_ID", "RT_ID", 64),
}

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BLOCK = re.compile(r"/\* instances: ([^\n]*)\n(.*?)\*/\n(.*?)/\* end of instances \*/\n", re.S)


def fill(line, suffix):
    storage, compute, load, store, bits = TYPES[suffix]
    for key, value in (("$store", store), ("$load", load), ("$bits", str(bits)), ("$s", suffix),
                       ("$t", storage), ("$c", compute)):
        line = line.replace(key, value)
    return line


def expand(path, text):
    def one(m):
        types = m.group(1).split()
        template = [l.strip() for l in m.group(2).strip().split("\n")]
        if not template or not template[0].startswith("@kernel "):
            sys.exit("%s: an instance template starts with '@kernel NAME_$s(...)'" % path)
        for t in types:
            if t not in TYPES:
                sys.exit("%s: unknown type suffix %s" % (path, t))
        out = []
        for t in types:
            out.append("//" + fill(template[0], t))
            out.extend(fill(l, t) for l in template[1:])
            out.append("//@end")
        return "/* instances: %s\n%s*/\n%s\n/* end of instances */\n" % (m.group(1), m.group(2), "\n".join(out))
    return BLOCK.sub(one, text)


def main():
    check = "--check" in sys.argv[1:]
    stale = []
    for path in sorted(glob.glob(os.path.join(ROOT, "runtime", "*.c"))):
        with open(path) as f:
            text = f.read()
        new = expand(path, text)
        if new != text:
            if check:
                stale.append(path)
            else:
                with open(path, "w") as f:
                    f.write(new)
    elementwise = os.path.join(ROOT, "runtime", "elementwise.c")
    generated = subprocess.run([sys.executable, os.path.join(ROOT, "tools", "gen_elementwise.py")], check=True,
                               capture_output=True, text=True).stdout
    with open(elementwise) as f:
        current = f.read()
    if generated != current:
        if check:
            stale.append(elementwise + " (tools/gen_elementwise.py)")
        else:
            with open(elementwise, "w") as f:
                f.write(generated)
    if stale:
        for s in stale:
            print("stale generated code: %s" % s)
        print("run: /usr/bin/python3 tools/gen_instances.py")
        return 1
    if check:
        print("generated runtime code is current")
    return 0


if __name__ == "__main__":
    sys.exit(main())
